#include "core/survey_definition.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/response_validation.hpp"

using namespace csatkit;

namespace {

SurveyDefinition valid(const char* json) {
  auto definition = parse_survey_definition(std::string_view(json));
  INFO(json);
  if (!definition) FAIL(definition.error().message);
  return definition.value();
}

Error invalid(const char* json) {
  auto definition = parse_survey_definition(std::string_view(json));
  INFO(json);
  REQUIRE_FALSE(definition.ok());
  return definition.error();
}

const Problem* find_problem(const Error& error, const std::string& path) {
  for (const Problem& problem : error.problems) {
    if (problem.path == path) return &problem;
  }
  return nullptr;
}

Locale locale_of(const char* code) { return *find_locale(code); }

}  // namespace

TEST_CASE("survey definition: the smallest definition is valid and gets every default", "[survey_definition]") {
  const SurveyDefinition d = valid(R"({"id":"post-chat","type":"csat"})");
  CHECK(d.id == "post-chat");
  CHECK(d.type == QuestionType::Csat);
  CHECK(d.scale.id() == "csat5");
  CHECK(d.locale.empty());
  CHECK_FALSE(d.question.is_set());
  CHECK(d.reasons.empty());
  CHECK(d.follow_up.negative.enabled);
  CHECK(d.follow_up.neutral.enabled);
  CHECK(d.follow_up.positive.enabled);
  CHECK(d.follow_up.max_length == 1000);
  CHECK(d.thanks.enabled);
  CHECK_FALSE(d.review.has_value());
  CHECK(d.presentation.mode == DisplayMode::Popup);
  CHECK(d.presentation.position == "bottom-right");
  CHECK(d.display.triggers.delay_ms == kDefaultDelayMs);

  const Json normalized = survey_definition_json(d);
  CHECK(normalized["scale"] == "csat5");
  CHECK(normalized["presentation"] == Json{{"mode", "popup"}, {"position", "bottom-right"}, {"selector", nullptr}});
  CHECK(normalized["follow_up"]["max_length"] == 1000);
  CHECK(normalized["display"]["triggers"]["delay_ms"] == 3000);
}

TEST_CASE("survey definition: every question type and its scales", "[survey_definition]") {
  for (const char* scale : {"emoji3", "csat5", "csat7", "csat10"}) {
    const std::string json = std::string(R"({"id":"s","type":"csat","scale":")") + scale + "\"}";
    auto d = parse_survey_definition(std::string_view(json));
    REQUIRE(d.ok());
    CHECK(d->scale.id() == scale);
  }
  CHECK(valid(R"({"id":"s","type":"nps"})").scale.id() == "nps");
  CHECK(valid(R"({"id":"s","type":"nps","scale":"nps"})").scale.id() == "nps");
  CHECK(valid(R"({"id":"s","type":"ces"})").scale.id() == "ces7");

  const SurveyDefinition helpful = valid(R"({"id":"kb","type":"helpful","article":{"id":"kb-42","version":"3"}})");
  CHECK(helpful.scale.id() == "helpful");
  REQUIRE(helpful.reasons.size() == 3);
  CHECK(helpful.reasons[0].id == "outdated");
  CHECK(helpful.reasons[1].id == "unclear");
  CHECK(helpful.reasons[2].id == "didnt_answer");
  CHECK(helpful.reasons[2].builtin_label == TextKey::ReasonNotAnswered);
  REQUIRE(helpful.article.has_value());
  CHECK(helpful.article->id == "kb-42");
  CHECK(helpful.article->version == "3");
  // A "Yes" on an article goes straight to the thanks; a "No" gets the open question.
  CHECK_FALSE(helpful.follow_up.positive.enabled);
  CHECK(helpful.follow_up.negative.enabled);
}

TEST_CASE("survey definition: helpful reasons: built-in, custom, none", "[survey_definition]") {
  const SurveyDefinition d = valid(
      R"({"id":"kb","type":"helpful","reasons":["outdated","other",{"id":"too-long","label":{"en":"Too long","nl":"Te lang"}}]})");
  REQUIRE(d.reasons.size() == 3);
  CHECK(d.reasons[1].builtin_label == TextKey::ReasonOther);
  CHECK_FALSE(d.reasons[2].builtin_label.has_value());
  CHECK(d.reasons[2].label.resolve("nl", "") == "Te lang");
  CHECK(d.find_reason("too-long") == &d.reasons[2]);
  CHECK(d.find_reason("nope") == nullptr);

  CHECK(valid(R"({"id":"kb","type":"helpful","reasons":false})").reasons.empty());
  CHECK(valid(R"({"id":"kb","type":"helpful","reasons":[]})").reasons.empty());
}

TEST_CASE("survey definition: the normalized definition parses back to itself", "[survey_definition]") {
  const char* full = R"({
    "id": "kb_article-7", "type": "helpful", "locale": "pt-BR",
    "question": {"en": "Did this help?", "pt": "Isso ajudou?"},
    "reasons": ["unclear", {"id": "broken-link", "label": "A link is broken"}],
    "article": {"id": "a-1", "version": "2024-05"},
    "follow_up": {"negative": "What was missing?", "positive": true, "placeholder": {"en": "Optional"}, "max_length": 500},
    "thanks": {"title": "Thanks!", "detail": false},
    "review": {"url": "https://g.page/r/abc/review", "label": "Review us", "prompt": "Enjoyed it?"},
    "presentation": {"mode": "inline", "selector": "#feedback"},
    "display": {"triggers": {"scroll_percent": 80}, "respect_global_cooldown": false},
    "metadata": {"team": "docs", "product area": "billing"},
    "texts": {"submit": "Send it", "thank_you": {"nl": "Bedankt"}}
  })";
  // "detail": false is not a text: fix it and keep the rest.
  std::string json(full);
  json.replace(json.find("\"detail\": false"), 15, "\"detail\": \"We read every answer.\"");
  auto first = parse_survey_definition(std::string_view(json));
  REQUIRE(first.ok());
  CHECK(first->locale == "pt");
  CHECK(first->follow_up.max_length == 500);
  CHECK(first->presentation.position.empty());
  CHECK(first->presentation.selector == "#feedback");
  CHECK(first->display.triggers.scroll_percent == 80);
  const Json normalized = survey_definition_json(first.value());
  CHECK(normalized["follow_up"]["negative"] == Json{{"enabled", true}, {"question", "What was missing?"}});
  CHECK(normalized["metadata"]["product area"] == "billing");
  CHECK(normalized["texts"]["submit"] == "Send it");

  auto second = parse_survey_definition(normalized);
  REQUIRE(second.ok());
  CHECK(survey_definition_json(second.value()) == normalized);

  const Json smallest_normalized = survey_definition_json(valid(R"({"id":"p","type":"nps"})"));
  auto again = parse_survey_definition(smallest_normalized);
  REQUIRE(again.ok());
  CHECK(survey_definition_json(again.value()) == smallest_normalized);
}

TEST_CASE("survey definition: each kind of problem is reported at its JSON path", "[survey_definition]") {
  struct Case {
    const char* definition;
    const char* path;
    const char* reason;
  };
  const Case cases[] = {
      {R"({"type":"csat"})", "$.id", "id is required"},
      {R"({"id":"","type":"csat"})", "$.id", "1–64 letters"},
      {R"({"id":"has space","type":"csat"})", "$.id", "1–64 letters"},
      {R"({"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","type":"csat"})", "$.id", "1–64"},
      {R"({"id":7,"type":"csat"})", "$.id", "got 7"},
      {R"({"id":"s"})", "$.type", "type is required"},
      {R"({"id":"s","type":"stars"})", "$.type", "unknown type \"stars\""},
      {R"({"id":"s","type":"csat","scale":"nps"})", "$.scale", "a csat question uses"},
      {R"({"id":"s","type":"nps","scale":"csat5"})", "$.scale", "uses the \"nps\" scale"},
      {R"({"id":"s","type":"csat","scale":5})", "$.scale", "must be a string"},
      {R"({"id":"s","type":"csat","locale":"zh"})", "$.locale", "unsupported locale \"zh\""},
      {R"({"id":"s","type":"csat","question":""})", "$.question", "must not be empty"},
      {R"({"id":"s","type":"csat","question":42})", "$.question", "a text must be a string or an object"},
      {R"({"id":"s","type":"csat","question":{}})", "$.question", "at least one language"},
      {R"({"id":"s","type":"csat","question":{"english":"Hi"}})", "$.question.english", "not a language tag"},
      {R"({"id":"s","type":"csat","question":{"en":5}})", "$.question.en", "non-empty string"},
      {R"({"id":"s","type":"csat","reasons":["outdated"]})", "$.reasons", "only asked after \"No\""},
      {R"({"id":"s","type":"helpful","reasons":"outdated"})", "$.reasons", "must be an array"},
      {R"({"id":"s","type":"helpful","reasons":["outdate"]})", "$.reasons[0]", "did you mean \"outdated\"?"},
      {R"({"id":"s","type":"helpful","reasons":[{"id":"x"}]})", "$.reasons[0].id", "needs a \"label\""},
      {R"({"id":"s","type":"helpful","reasons":[{"label":"X"}]})", "$.reasons[0].id", "needs an \"id\""},
      {R"({"id":"s","type":"helpful","reasons":[{"id":"a b","label":"X"}]})", "$.reasons[0].id", "reason id is 1–64"},
      {R"({"id":"s","type":"helpful","reasons":["unclear","unclear"]})", "$.reasons[1]", "listed twice"},
      {R"({"id":"s","type":"helpful","reasons":[{"id":"x","label":"X","icon":"y"}]})", "$.reasons[0].icon", "unknown key"},
      {R"({"id":"s","type":"helpful","reasons":[3]})", "$.reasons[0]", "got a number"},
      {R"({"id":"s","type":"csat","article":{"id":"a"}})", "$.article", "belongs to a \"helpful\" question"},
      {R"({"id":"s","type":"helpful","article":{"version":"1"}})", "$.article.id", "non-empty string"},
      {R"({"id":"s","type":"helpful","article":{"id":"a","version":2}})", "$.article.version", "must be a string"},
      {R"({"id":"s","type":"csat","follow_up":"yes"})", "$.follow_up", "true, false or an object"},
      {R"({"id":"s","type":"csat","follow_up":{"negativ":true}})", "$.follow_up.negativ", "did you mean \"negative\"?"},
      {R"({"id":"s","type":"csat","follow_up":{"negative":3}})", "$.follow_up.negative", "a follow-up is true, false"},
      {R"({"id":"s","type":"csat","follow_up":{"negative":{"enabled":"yes"}}})", "$.follow_up.negative.enabled", "true or false"},
      {R"({"id":"s","type":"csat","follow_up":{"max_length":0}})", "$.follow_up.max_length", "from 1 to 5000"},
      {R"({"id":"s","type":"csat","follow_up":{"max_length":5001}})", "$.follow_up.max_length", "from 1 to 5000"},
      {R"({"id":"s","type":"csat","follow_up":{"max_length":10.5}})", "$.follow_up.max_length", "whole number"},
      {R"({"id":"s","type":"csat","thanks":"Thanks"})", "$.thanks", "true, false or"},
      {R"({"id":"s","type":"csat","thanks":{"titel":"X"}})", "$.thanks.titel", "did you mean \"title\"?"},
      {R"({"id":"s","type":"csat","review":"https://x.example"})", "$.review", "review must be"},
      {R"({"id":"s","type":"csat","review":{}})", "$.review.url", "needs a \"url\""},
      {R"({"id":"s","type":"csat","review":{"url":"http://x.example"}})", "$.review.url", "https://"},
      {R"j({"id":"s","type":"csat","review":{"url":"javascript:alert(1)"}})j", "$.review.url", "https://"},
      {R"({"id":"s","type":"csat","review":{"url":"https://x.example/\"onmouseover=\"x"}})", "$.review.url", "https://"},
      {R"({"id":"s","type":"csat","presentation":"popup"})", "$.presentation", "must be an object"},
      {R"({"id":"s","type":"csat","presentation":{"mode":"modal"}})", "$.presentation.mode", "unknown mode \"modal\""},
      {R"({"id":"s","type":"csat","presentation":{"position":"center"}})", "$.presentation.position", "\"bottom-right\""},
      {R"({"id":"s","type":"csat","presentation":{"mode":"bar","position":"bottom-right"}})", "$.presentation.position", "\"bottom\", \"top\""},
      {R"({"id":"s","type":"csat","presentation":{"mode":"inline"}})", "$.presentation.selector", "needs a \"selector\""},
      {R"({"id":"s","type":"csat","presentation":{"mode":"inline","selector":"#x","position":"top"}})", "$.presentation.position", "no position"},
      {R"({"id":"s","type":"csat","presentation":{"selector":"#x"}})", "$.presentation.selector", "inline\" only"},
      {R"({"id":"s","type":"csat","presentation":{"positon":"top-left"}})", "$.presentation.positon", "did you mean \"position\"?"},
      {R"({"id":"s","type":"csat","display":{"sample_percent":150}})", "$.display.sample_percent", "sample_percent"},
      {R"({"id":"s","type":"csat","metadata":["a"]})", "$.metadata", "must be an object"},
      {R"({"id":"s","type":"csat","metadata":{"team":1}})", "$.metadata.team", "strings"},
      {R"({"id":"s","type":"csat","metadata":{"a b":true}})", "$.metadata[\"a b\"]", "strings"},
      {R"({"id":"s","type":"csat","texts":{"sumbit":"Go"}})", "$.texts.sumbit", "did you mean \"submit\"?"},
      {R"({"id":"s","type":"csat","texts":{"submit":1}})", "$.texts.submit", "a text must be"},
      {R"({"id":"s","type":"csat","presentaton":{}})", "$.presentaton", "did you mean \"presentation\"?"},
      {R"({"id":"s","type":"csat","position":"top-left"})", "$.position", "\"presentation\": {\"position\""},
      {R"({"id":"s","type":"csat","sample_percent":10})", "$.sample_percent", "\"display\": {\"sample_percent\""},
      {R"({"id":"s","type":"csat","colour":"red"})", "$.colour", "--csatkit-* CSS custom properties"},
      {R"({"id":"s","type":"csat","zzz":1})", "$.zzz", "expected one of \"id\""},
  };
  for (const Case& c : cases) {
    INFO(c.definition);
    auto result = parse_survey_definition(std::string_view(c.definition));
    REQUIRE_FALSE(result.ok());
    const Error& error = result.error();
    CHECK(error.code == "survey.invalid");
    CHECK(error.path == "$");
    const Problem* problem = find_problem(error, c.path);
    REQUIRE(problem != nullptr);
    CHECK_THAT(problem->message, Catch::Contains(c.reason));
  }
}

TEST_CASE("survey definition: several problems are all listed, in the order of the file", "[survey_definition]") {
  const Error error = invalid(R"({
    "id": "post-chat", "type": "csat", "scale": "csat9",
    "presentation": {"mode": "bar", "position": "left"},
    "follow_up": {"max_length": -1},
    "review": {"url": "ftp://x"}
  })");
  CHECK(error.code == "survey.invalid");
  CHECK(error.path == "$");
  REQUIRE(error.problems.size() == 4);
  CHECK(error.problems[0].path == "$.scale");
  CHECK(error.problems[1].path == "$.presentation.position");
  CHECK(error.problems[2].path == "$.follow_up.max_length");
  CHECK(error.problems[3].path == "$.review.url");
  CHECK_THAT(error.message, Catch::StartsWith("4 problems in survey definition \"post-chat\": $.scale: "));

  const Error one = invalid(R"({"type":"csat"})");
  REQUIRE(one.problems.size() == 1);
  CHECK_THAT(one.message, Catch::StartsWith("1 problem in the survey definition: $.id: id is required"));
}

TEST_CASE("survey definition: not an object, not JSON", "[survey_definition]") {
  const Error array = invalid("[1,2]");
  CHECK(array.code == "survey.invalid");
  REQUIRE(array.problems.size() == 1);
  CHECK(array.problems[0].path == "$");

  const Error broken = invalid(R"({"id":"x",)");
  CHECK(broken.code == "survey.invalid");
  CHECK_THAT(broken.message, Catch::Contains("not valid JSON"));
}

TEST_CASE("survey definition: text that is not JSON says why and where", "[survey_definition]") {
  const Error broken = invalid("{\n  \"id\": \"x\",\n  \"type\": \"csat\"\n  \"scale\": \"csat5\"\n}");
  REQUIRE(broken.problems.size() == 1);
  CHECK(broken.problems[0].path == "$");
  CHECK(broken.problems[0].message == "the survey definition is not valid JSON: unexpected character at line 4, column 3");
  CHECK(broken.message == broken.problems[0].message);

  // Columns count characters, not bytes.
  CHECK(invalid(R"({"question":"Ça va ?" "x"})").message ==
        "the survey definition is not valid JSON: unexpected character at line 1, column 23");
  CHECK(invalid(R"({"id":"x",)").message == "the survey definition is not valid JSON: unexpected end of the text at line 1, column 11");

  // Well-formed, but beyond what a number can be: said so, not "not valid JSON".
  const Error huge = invalid(R"({"id":"x","type":"csat","display":{"delay_ms":1e400}})");
  REQUIRE(huge.problems.size() == 1);
  CHECK(huge.problems[0].message == "the survey definition cannot be read: number out of range (beyond ±1.8e308) at line 1, column 47");

  const std::string deep = "{\"id\":\"x\",\"metadata\":" + std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']') + "}";
  CHECK_THAT(invalid(deep.c_str()).message, Catch::StartsWith("the survey definition cannot be read: nested deeper than the 128 levels allowed"));
}

TEST_CASE("survey definition: a key given twice is a problem at its path (the last would silently win)", "[survey_definition]") {
  const Error twice = invalid(R"({"id":"x","type":"csat","type":"nps"})");
  REQUIRE(twice.problems.size() == 1);
  CHECK(twice.problems[0].path == "$.type");
  CHECK_THAT(twice.problems[0].message, Catch::Contains("given twice") && Catch::Contains("only the last would count"));

  const Error nested = invalid(R"({"id":"x","type":"helpful",
    "display":{"triggers":{"delay_ms":1000,"delay_ms":0}},
    "reasons":["outdated",{"id":"slow","label":"Slow","label":"Too slow"}],
    "metadata":{"a b":"1","a b":"2"}})");
  const std::vector<std::string> paths = {"$.display.triggers.delay_ms", "$.reasons[1].label", "$.metadata[\"a b\"]"};
  REQUIRE(nested.problems.size() == paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) CHECK(nested.problems[i].path == paths[i]);

  // The same definition as a value (already parsed, so no repeated keys left) is checked as before.
  CHECK(parse_survey_definition(Json::parse(R"({"id":"x","type":"csat","type":"nps"})")).ok());
}

TEST_CASE("survey definition: texts are not blank and fit a prompt", "[survey_definition]") {
  for (const char* definition : {R"({"id":"s","type":"csat","question":"   "})", R"({"id":"s","type":"csat","question":" \t\n "})"}) {
    const Error blank = invalid(definition);
    REQUIRE(blank.problems.size() == 1);
    CHECK(blank.problems[0].path == "$.question");
    CHECK_THAT(blank.problems[0].message, Catch::Contains("only spaces"));
  }
  const Error per_language = invalid(R"({"id":"s","type":"csat","thanks":{"title":{"en":"Thanks","nl":"  "}}})");
  REQUIRE(per_language.problems.size() == 1);
  CHECK(per_language.problems[0].path == "$.thanks.title.nl");

  const std::string longest(kMaxTextBytes, 'x');
  valid(("{\"id\":\"s\",\"type\":\"csat\",\"question\":\"" + longest + "\"}").c_str());
  const Error too_long = invalid(("{\"id\":\"s\",\"type\":\"csat\",\"texts\":{\"submit\":\"" + longest + "x\"}}").c_str());
  REQUIRE(too_long.problems.size() == 1);
  CHECK(too_long.problems[0].path == "$.texts.submit");
  CHECK_THAT(too_long.problems[0].message, Catch::Contains("longer than the 1000 bytes a prompt shows"));
  CHECK(invalid(("{\"id\":\"s\",\"type\":\"helpful\",\"reasons\":[{\"id\":\"x\",\"label\":\"" + longest + "!\"}]}").c_str())
            .problems[0].path == "$.reasons[0].label");
}

TEST_CASE("survey definition: what every response carries fits what a collector accepts", "[survey_definition]") {
  const ResponseLimits limits;
  // Metadata: at most max_metadata_keys keys and max_metadata_bytes of JSON.
  Json metadata = Json::object();
  for (std::size_t i = 0; i < limits.max_metadata_keys; ++i) metadata["k" + std::to_string(i)] = "v";
  Json definition = {{"id", "s"}, {"type", "csat"}, {"metadata", metadata}};
  CHECK(parse_survey_definition(definition).ok());
  definition["metadata"]["one_more"] = "v";
  auto too_many = parse_survey_definition(definition);
  REQUIRE_FALSE(too_many.ok());
  REQUIRE(too_many.error().problems.size() == 1);
  CHECK(too_many.error().problems[0].path == "$.metadata");
  CHECK_THAT(too_many.error().problems[0].message, Catch::Contains("at most 50 keys and 4096 bytes"));

  // {"a":"…"} is 8 bytes around the value.
  definition["metadata"] = Json{{"a", std::string(limits.max_metadata_bytes - 8, 'x')}};
  CHECK(parse_survey_definition(definition).ok());
  definition["metadata"]["a"] = std::string(limits.max_metadata_bytes - 7, 'x');
  auto too_big = parse_survey_definition(definition);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error().problems[0].path == "$.metadata");
  CHECK_THAT(too_big.error().problems[0].message, Catch::Contains("at most 50 keys and 4096 bytes"));

  // The article's id and version: max_short_text_bytes each.
  const std::string longest(limits.max_short_text_bytes, 'a');
  Json article = {{"id", "s"}, {"type", "helpful"}, {"article", {{"id", longest}, {"version", longest}}}};
  CHECK(parse_survey_definition(article).ok());
  article["article"] = {{"id", longest + "a"}, {"version", longest + "a"}};
  auto long_article = parse_survey_definition(article);
  REQUIRE_FALSE(long_article.ok());
  REQUIRE(long_article.error().problems.size() == 2);
  CHECK(long_article.error().problems[0].path == "$.article.id");
  CHECK(long_article.error().problems[1].path == "$.article.version");
  CHECK_THAT(long_article.error().problems[0].message, Catch::Contains("at most 200 bytes"));
  CHECK(invalid(R"({"id":"s","type":"helpful","article":{"id":"  "}})").problems[0].path == "$.article.id");

  // Reasons: at most kMaxReasons chips.
  Json reasons = Json::array();
  for (std::size_t i = 0; i < kMaxReasons; ++i) reasons.push_back(Json{{"id", "r" + std::to_string(i)}, {"label", "R"}});
  Json helpful = {{"id", "s"}, {"type", "helpful"}, {"reasons", reasons}};
  CHECK(parse_survey_definition(helpful).ok());
  helpful["reasons"].push_back(Json{{"id", "one_more"}, {"label", "R"}});
  auto too_many_reasons = parse_survey_definition(helpful);
  REQUIRE_FALSE(too_many_reasons.ok());
  REQUIRE(too_many_reasons.error().problems.size() == 1);
  CHECK(too_many_reasons.error().problems[0].path == "$.reasons");
  CHECK_THAT(too_many_reasons.error().problems[0].message, Catch::Contains("offer at most 12 reasons"));
}

TEST_CASE("survey definition: texts resolve per locale with sensible fallbacks", "[survey_definition]") {
  LocalizedText all;
  all.all = "Hello";
  CHECK(all.resolve("nl", "") == "Hello");

  LocalizedText per_language;
  per_language.by_language = {{"de", "Hallo"}, {"nl-be", "Hallo daar"}, {"en", "Hi"}};
  CHECK(per_language.resolve("nl", "") == "Hallo daar");  // same language, regional tag
  CHECK(per_language.resolve("fr", "de") == "Hallo");     // the definition's language
  CHECK(per_language.resolve("fr", "") == "Hi");          // English
  LocalizedText only_german;
  only_german.by_language = {{"de", "Hallo"}};
  CHECK(only_german.resolve("fr", "") == "Hallo");  // whatever there is
  CHECK_FALSE(LocalizedText{}.resolve("en", "").has_value());
}

TEST_CASE("survey definition: survey_text: overrides, then the built-in translation", "[survey_definition]") {
  const SurveyDefinition d = valid(
      R"({"id":"s","type":"csat","question":{"nl":"Tevreden?"},"texts":{"submit":{"en":"Go","nl":"Verstuur nu"}}})");
  const Locale en = locale_of("en");
  const Locale nl = locale_of("nl");
  const Locale de = locale_of("de");
  CHECK(survey_text(d, nl, TextKey::Submit) == "Verstuur nu");
  CHECK(survey_text(d, en, TextKey::Submit) == "Go");
  CHECK(survey_text(d, de, TextKey::Skip) == std::string(text(de, TextKey::Skip)));
  CHECK(survey_text(d, nl, d.question, TextKey::QuestionCsat) == "Tevreden?");
  const SurveyDefinition plain = valid(R"({"id":"s","type":"csat"})");
  CHECK(survey_text(plain, de, plain.question, TextKey::QuestionCsat) == std::string(text(de, TextKey::QuestionCsat)));
}

TEST_CASE("survey definition: only plain https links are safe", "[survey_definition]") {
  CHECK(is_safe_https_url("https://example.com"));
  CHECK(is_safe_https_url("HTTPS://example.com/review?x=1&y=2#top"));
  CHECK_FALSE(is_safe_https_url("http://example.com"));
  CHECK_FALSE(is_safe_https_url("javascript:alert(1)"));
  CHECK_FALSE(is_safe_https_url(" https://example.com"));
  CHECK_FALSE(is_safe_https_url("https://"));
  CHECK_FALSE(is_safe_https_url("https:///path"));
  CHECK_FALSE(is_safe_https_url("//example.com"));
  CHECK_FALSE(is_safe_https_url("data:text/html,<script>alert(1)</script>"));
  CHECK_FALSE(is_safe_https_url("https://example.com/\"><script>"));
  CHECK_FALSE(is_safe_https_url("https://example.com/a b"));
  CHECK_FALSE(is_safe_https_url("https://good.example@evil.example/"));
}
