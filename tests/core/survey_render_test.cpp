#include "core/survey_render.hpp"

#include <cctype>
#include <map>

#include <catch2/catch.hpp>

using namespace csatkit;

namespace {

SurveyDefinition definition(const std::string& json) {
  auto parsed = parse_survey_definition(std::string_view(json));
  if (!parsed) FAIL(parsed.error().message);
  return parsed.value();
}

SurveyState at(SurveyStep step, std::optional<int> score = std::nullopt) {
  SurveyState state;
  state.step = step;
  state.score = score;
  return state;
}

Locale locale_of(const char* code) { return *find_locale(code); }

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

struct Tag {
  std::string name;
  std::map<std::string, std::string> attributes;  // values as written (still escaped)
};

// A small tokenizer for the markup the widget emits: every "<" in it starts a tag (text "<" is
// escaped), every attribute value is double-quoted. Anything else fails the test.
std::vector<Tag> tags_of(const std::string& html) {
  std::vector<Tag> tags;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    ++i;
    if (i < html.size() && html[i] == '/') {
      i = html.find('>', i);
      REQUIRE(i != std::string::npos);
      continue;
    }
    Tag tag;
    while (i < html.size() && std::isalnum(static_cast<unsigned char>(html[i]))) tag.name += html[i++];
    while (i < html.size() && html[i] != '>') {
      if (html[i] == ' ') {
        ++i;
        continue;
      }
      std::string name;
      while (i < html.size() && html[i] != '=' && html[i] != ' ' && html[i] != '>') name += html[i++];
      std::string value;
      if (i < html.size() && html[i] == '=') {
        REQUIRE(html[i + 1] == '"');
        const std::size_t end = html.find('"', i + 2);
        REQUIRE(end != std::string::npos);
        value = html.substr(i + 2, end - i - 2);
        i = end + 1;
      }
      tag.attributes[name] = value;
    }
    tags.push_back(tag);
  }
  return tags;
}

// No script, no inline style, no event handlers, only the expected elements, https links only.
void check_safe_markup(const std::string& html) {
  INFO(html);
  for (const Tag& tag : tags_of(html)) {
    CHECK((tag.name == "section" || tag.name == "button" || tag.name == "span" || tag.name == "p" ||
           tag.name == "div" || tag.name == "label" || tag.name == "textarea" || tag.name == "a"));
    for (const auto& [name, value] : tag.attributes) {
      CHECK(name.rfind("on", 0) != 0);
      CHECK(name != "style");
      CHECK(name != "srcdoc");
      CHECK(value.find('<') == std::string::npos);
      if (name == "href") CHECK(value.rfind("https://", 0) == 0);
    }
    if (tag.name == "a") CHECK((tag.attributes.count("rel") == 1 && tag.attributes.at("rel") == "noopener noreferrer"));
  }
}

std::vector<Tag> with_attribute(const std::vector<Tag>& tags, const std::string& name, const std::string& value) {
  std::vector<Tag> out;
  for (const Tag& tag : tags) {
    auto it = tag.attributes.find(name);
    if (it != tag.attributes.end() && it->second == value) out.push_back(tag);
  }
  return out;
}

const char* const kPayloads[] = {"<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>",
                                 "' onmouseover='alert(1)", "javascript:alert(1)"};

}  // namespace

TEST_CASE("survey render: html_escape covers text and attribute contexts", "[survey_render]") {
  CHECK(html_escape("a & b") == "a &amp; b");
  CHECK(html_escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;");
  CHECK(html_escape("\"><script>") == "&quot;&gt;&lt;script&gt;");
  CHECK(html_escape("it's") == "it&#39;s");
  CHECK(html_escape(std::string("a\0b", 3)) == "a\xEF\xBF\xBD" "b");
  CHECK(html_escape("Très bien 😊 مرحبا") == "Très bien 😊 مرحبا");
  CHECK(html_escape("&amp;") == "&amp;amp;");
}

TEST_CASE("survey render: XSS payloads in every text field come out escaped", "[survey_render]") {
  for (const char* payload : kPayloads) {
    const std::string p = Json(payload).dump();
    INFO(payload);
    const SurveyDefinition d = definition(
        R"({"id":"kb","type":"helpful",
            "question":)" + p + R"(,
            "reasons":["outdated",{"id":"custom","label":)" + p + R"(}],
            "follow_up":{"negative":)" + p + R"(,"positive":{"en":)" + p + R"(},"placeholder":)" + p + R"(},
            "thanks":{"title":)" + p + R"(,"detail":)" + p + R"(},
            "review":{"url":"https://example.com/review?a=1&b=2","label":)" + p + R"(,"prompt":)" + p + R"(},
            "metadata":{"note":)" + p + R"(},
            "texts":{"close":)" + p + R"(,"submit":)" + p + R"(,"skip":)" + p + R"(,"helpful_yes":)" + p + R"(,
                     "reasons_title":)" + p + R"(,"characters_left":)" + p + R"(}})");
    const Locale en = locale_of("en");
    SurveyState reasons = at(SurveyStep::Reasons, 0);
    reasons.reasons = {"custom"};
    SurveyState follow_up = at(SurveyStep::FollowUp, 0);
    follow_up.comment = payload;  // the visitor's own text, shown again after a re-render
    const std::string pages[] = {
        render_step(d, at(SurveyStep::Question), en),
        render_step(d, reasons, en),
        render_step(d, follow_up, en),
        render_step(d, at(SurveyStep::FollowUp, 1), en),
        render_step(d, at(SurveyStep::Thanks, 1), en),
    };
    const std::string escaped = html_escape(payload);
    for (const std::string& html : pages) {
      check_safe_markup(html);
      // "javascript:alert(1)" as text is just text; what matters is that it is never a link.
      if (escaped != payload) CHECK(html.find(payload) == std::string::npos);
      CHECK(html.find("<script") == std::string::npos);
      CHECK(html.find("<img") == std::string::npos);
      CHECK(count(html, escaped) >= 1);
    }
    // Where each text lands: close, question, Yes | close, title, custom chip, skip ("Next" is
    // not overridden) | close, follow-up, placeholder, comment, counter template and text, skip,
    // submit | the same with no comment | close, thanks title and detail, review prompt and label.
    CHECK(count(pages[0], escaped) == 3);
    CHECK(count(pages[1], escaped) == 4);
    CHECK(count(pages[2], escaped) == 8);
    CHECK(count(pages[3], escaped) == 7);
    CHECK(count(pages[4], escaped) == 5);
    CHECK(pages[4].find("href=\"https://example.com/review?a=1&amp;b=2\"") != std::string::npos);
    // Metadata goes into the response, never into the markup.
    for (const std::string& html : pages) CHECK(html.find("note") == std::string::npos);
  }
}

TEST_CASE("survey render: a review link that is not https is never rendered", "[survey_render]") {
  SurveyDefinition d = definition(R"({"id":"s","type":"nps","review":{"url":"https://ok.example"}})");
  // The validator already refuses these; the renderer checks again in case a definition was
  // built in code.
  for (const char* url : {"javascript:alert(1)", "data:text/html,x", "http://x.example", "https://x\"onclick=\"y"}) {
    d.review->url = url;
    const std::string html = render_step(d, at(SurveyStep::Thanks, 10), locale_of("en"));
    INFO(url);
    check_safe_markup(html);
    CHECK(html.find("<a") == std::string::npos);
  }
  d.review->url = "https://ok.example/r";
  CHECK(count(render_step(d, at(SurveyStep::Thanks, 10), locale_of("en")), "<a ") == 1);
  CHECK(count(render_step(d, at(SurveyStep::Thanks, 3), locale_of("en")), "<a ") == 0);  // detractor
}

TEST_CASE("survey render: the csat5 scale is a labelled radiogroup with roving tabindex", "[survey_render]") {
  const SurveyDefinition d = definition(R"({"id":"post-chat","type":"csat"})");
  const std::string html = render_step(d, at(SurveyStep::Question), locale_of("en"));
  check_safe_markup(html);
  const auto tags = tags_of(html);

  const auto sections = with_attribute(tags, "role", "dialog");
  REQUIRE(sections.size() == 1);
  CHECK(sections[0].attributes.at("aria-labelledby") == "csatkit-post-chat-title");
  CHECK(sections[0].attributes.at("lang") == "en");
  CHECK(sections[0].attributes.at("dir") == "ltr");
  CHECK(sections[0].attributes.at("class") == "csatkit csatkit--popup csatkit--bottom-right csatkit--step-question");

  const auto titles = with_attribute(tags, "id", "csatkit-post-chat-title");
  REQUIRE(titles.size() == 1);
  CHECK(html.find(">How satisfied") != std::string::npos);

  const auto groups = with_attribute(tags, "role", "radiogroup");
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].attributes.at("aria-labelledby") == "csatkit-post-chat-title");

  const auto radios = with_attribute(tags, "role", "radio");
  REQUIRE(radios.size() == 5);
  const char* names[] = {"1 – Very dissatisfied", "2 – Dissatisfied", "3 – Neutral", "4 – Satisfied", "5 – Very satisfied"};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(radios[i].attributes.at("aria-label") == names[i]);
    CHECK(radios[i].attributes.at("aria-checked") == "false");
    CHECK(radios[i].attributes.at("tabindex") == (i == 0 ? "0" : "-1"));
    CHECK(radios[i].attributes.at("data-csatkit-action") == "score");
    CHECK(radios[i].attributes.at("data-csatkit-value") == std::to_string(i + 1));
    CHECK(radios[i].attributes.at("type") == "button");
  }
  const auto close = with_attribute(tags, "data-csatkit-action", "dismiss");
  REQUIRE(close.size() == 1);
  CHECK(close[0].attributes.at("aria-label") == "Close");
  CHECK(html.find("Very dissatisfied</span>") != std::string::npos);  // visible anchors

  // A chosen point is the checked one and the one in the tab order.
  const auto chosen = with_attribute(tags_of(render_step(d, at(SurveyStep::Question, 4), locale_of("en"))), "role", "radio");
  CHECK(chosen[3].attributes.at("aria-checked") == "true");
  CHECK(chosen[3].attributes.at("tabindex") == "0");
  CHECK(chosen[0].attributes.at("tabindex") == "-1");
}

TEST_CASE("survey render: point names for emoji3, NPS and CES", "[survey_render]") {
  const Locale en = locale_of("en");
  const auto emoji = with_attribute(
      tags_of(render_step(definition(R"({"id":"s","type":"csat","scale":"emoji3"})"), at(SurveyStep::Question), en)),
      "role", "radio");
  REQUIRE(emoji.size() == 3);
  CHECK(emoji[0].attributes.at("aria-label") == "Unhappy");
  CHECK(emoji[2].attributes.at("aria-label") == "Happy");
  const std::string emoji_html = render_step(definition(R"({"id":"s","type":"csat","scale":"emoji3"})"), at(SurveyStep::Question), en);
  CHECK(count(emoji_html, "<span class=\"csatkit-face\" aria-hidden=\"true\">") == 3);
  CHECK(emoji_html.find("csatkit-anchors") == std::string::npos);

  const auto nps = with_attribute(tags_of(render_step(definition(R"({"id":"s","type":"nps"})"), at(SurveyStep::Question), en)),
                                  "role", "radio");
  REQUIRE(nps.size() == 11);
  CHECK(nps[0].attributes.at("aria-label") == "0 – Not at all likely");
  CHECK(nps[5].attributes.at("aria-label") == "5");
  CHECK(nps[10].attributes.at("aria-label") == "10 – Extremely likely");

  CHECK(point_name(en, Scale::find("ces7").value(), 7) == "7 – Strongly agree");
  CHECK(point_name(en, Scale::find("csat10").value(), 1) == "1 – Very dissatisfied");
  CHECK(point_name(locale_of("nl"), Scale::find("emoji3").value(), 3) == std::string(point_label(locale_of("nl"), Scale::find("emoji3").value(), 3)));
}

TEST_CASE("survey render: helpful shows Yes and No buttons", "[survey_render]") {
  const std::string html = render_step(definition(R"({"id":"kb","type":"helpful"})"), at(SurveyStep::Question), locale_of("en"));
  check_safe_markup(html);
  const auto tags = tags_of(html);
  CHECK(with_attribute(tags, "role", "radiogroup").empty());
  const auto groups = with_attribute(tags, "role", "group");
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].attributes.at("aria-labelledby") == "csatkit-kb-title");
  const auto answers = with_attribute(tags, "data-csatkit-action", "score");
  REQUIRE(answers.size() == 2);
  CHECK(answers[0].attributes.at("data-csatkit-value") == "1");
  CHECK(answers[1].attributes.at("data-csatkit-value") == "0");
  CHECK(html.find(">Yes</button>") != std::string::npos);
  CHECK(html.find(">No</button>") != std::string::npos);
  CHECK(html.find(">Was this article helpful?</p>") != std::string::npos);
}

TEST_CASE("survey render: reasons are toggle buttons; Next when a question follows", "[survey_render]") {
  const SurveyDefinition d = definition(R"({"id":"kb","type":"helpful"})");
  SurveyState state = at(SurveyStep::Reasons, 0);
  state.reasons = {"unclear"};
  const std::string html = render_step(d, state, locale_of("en"));
  check_safe_markup(html);
  const auto chips = with_attribute(tags_of(html), "data-csatkit-action", "reason");
  REQUIRE(chips.size() == 3);
  CHECK(chips[0].attributes.at("data-csatkit-value") == "outdated");
  CHECK(chips[0].attributes.at("aria-pressed") == "false");
  CHECK(chips[1].attributes.at("aria-pressed") == "true");
  CHECK(html.find(">Didn&#39;t answer my question</button>") != std::string::npos);
  CHECK(html.find(">What went wrong?</p>") != std::string::npos);
  CHECK(html.find("data-csatkit-action=\"submit\">Next</button>") != std::string::npos);

  const std::string last = render_step(definition(R"({"id":"kb","type":"helpful","follow_up":false})"), state, locale_of("en"));
  CHECK(last.find("data-csatkit-action=\"submit\">Send</button>") != std::string::npos);
}

TEST_CASE("survey render: the follow-up has a labelled textarea with a limit", "[survey_render]") {
  const SurveyDefinition d = definition(R"({"id":"s","type":"csat","follow_up":{"max_length":300}})");
  SurveyState state = at(SurveyStep::FollowUp, 5);
  state.comment = "Great";
  const std::string html = render_step(d, state, locale_of("en"));
  check_safe_markup(html);
  const auto tags = tags_of(html);
  const auto labels = with_attribute(tags, "for", "csatkit-s-comment");
  REQUIRE(labels.size() == 1);
  CHECK(html.find(">What did you like most?</label>") != std::string::npos);
  const auto boxes = with_attribute(tags, "id", "csatkit-s-comment");
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].name == "textarea");
  CHECK(boxes[0].attributes.at("maxlength") == "300");
  CHECK(boxes[0].attributes.at("placeholder") == "Tell us more (optional)");
  CHECK(html.find(">Great</textarea>") != std::string::npos);
  CHECK(html.find("data-csatkit-counter=\"Characters left: {n}\">Characters left: 295</p>") != std::string::npos);
  CHECK(with_attribute(tags, "data-csatkit-action", "skip").size() == 1);
  CHECK(with_attribute(tags, "data-csatkit-action", "submit").size() == 1);
  CHECK(render_step(d, at(SurveyStep::FollowUp, 1), locale_of("en")).find(">What could we do better?</label>") !=
        std::string::npos);
}

TEST_CASE("survey render: thanks is announced; review link for promoters", "[survey_render]") {
  const SurveyDefinition d = definition(R"({"id":"s","type":"nps","review":{"url":"https://g.page/r/x"}})");
  const Locale en = locale_of("en");
  const std::string html = render_step(d, at(SurveyStep::Thanks, 9), en);
  check_safe_markup(html);
  CHECK(html.find("data-csatkit-announce") != std::string::npos);
  CHECK(html.find(">Thank you for your feedback!</p>") != std::string::npos);
  const auto links = with_attribute(tags_of(html), "href", "https://g.page/r/x");
  REQUIRE(links.size() == 1);
  CHECK(links[0].attributes.at("target") == "_blank");
  CHECK(step_announcement(d, at(SurveyStep::Thanks, 9), en) == "Thank you for your feedback! Your answers help us improve.");
  CHECK(step_announcement(d, at(SurveyStep::FollowUp, 9), en).empty());
}

TEST_CASE("survey render: right-to-left and translated names", "[survey_render]") {
  const SurveyDefinition d = definition(R"({"id":"s","type":"csat"})");
  for (const char* code : {"ar", "he"}) {
    const Locale locale = locale_of(code);
    const std::string html = render_step(d, at(SurveyStep::Question), locale);
    INFO(code);
    CHECK(html.find(std::string("lang=\"") + code + "\" dir=\"rtl\"") != std::string::npos);
    const auto close = with_attribute(tags_of(html), "data-csatkit-action", "dismiss");
    REQUIRE(close.size() == 1);
    CHECK(close[0].attributes.at("aria-label") == html_escape(text(locale, TextKey::Close)));
    const auto radios = with_attribute(tags_of(html), "role", "radio");
    CHECK(radios[4].attributes.at("aria-label") ==
          html_escape("5 \xE2\x80\x93 " + std::string(point_label(locale, d.scale, 5))));
  }
  const std::string dutch = render_step(d, at(SurveyStep::Question), locale_of("nl"));
  CHECK(dutch.find("lang=\"nl\" dir=\"ltr\"") != std::string::npos);
  CHECK(dutch.find(html_escape(text(locale_of("nl"), TextKey::QuestionCsat))) != std::string::npos);
}

TEST_CASE("survey render: presentation modes and the closed step", "[survey_render]") {
  const Locale en = locale_of("en");
  const auto root = [&](const char* json) { return tags_of(render_step(definition(json), at(SurveyStep::Question), en)).front(); };
  CHECK(root(R"({"id":"s","type":"csat","presentation":{"mode":"slide-in","position":"top-left"}})").attributes.at("role") == "dialog");
  const Tag bar = root(R"({"id":"s","type":"csat","presentation":{"mode":"bar","position":"top"}})");
  CHECK(bar.attributes.at("role") == "region");
  CHECK(bar.attributes.at("class") == "csatkit csatkit--bar csatkit--top csatkit--step-question");
  const Tag inline_block = root(R"({"id":"s","type":"csat","presentation":{"mode":"inline","selector":"#kb"}})");
  CHECK(inline_block.attributes.at("role") == "region");
  CHECK(inline_block.attributes.at("class") == "csatkit csatkit--inline csatkit--step-question");
  CHECK(render_step(definition(R"({"id":"s","type":"csat"})"), at(SurveyStep::Closed), en).empty());
}
