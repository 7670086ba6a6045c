#include "core/survey_flow.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/response_validation.hpp"

using namespace csatkit;

namespace {

SurveyDefinition definition(const char* json) {
  auto parsed = parse_survey_definition(std::string_view(json));
  if (!parsed) FAIL(parsed.error().message);
  return parsed.value();
}

ResponseContext context_at(const char* now) {
  ResponseContext context;
  context.response_id = "7b1e0c9a-0000-4000-8000-000000000001";
  context.now = now;
  context.url = "https://shop.example/help";
  context.touchpoint = "chat";
  context.data = Json{{"plan", "pro"}};
  return context;
}

SurveyAction act(SurveyAction::Type type) {
  SurveyAction action;
  action.type = type;
  return action;
}

SurveyAction score(int value) {
  SurveyAction action = act(SurveyAction::Type::Score);
  action.value = value;
  return action;
}

SurveyAction submit_text(const std::string& text) {
  SurveyAction action = act(SurveyAction::Type::Submit);
  action.text = text;
  return action;
}

SurveyAction toggle(const std::string& reason) {
  SurveyAction action = act(SurveyAction::Type::Reason);
  action.reason = reason;
  return action;
}

// Runs one survey by hand; every step must be accepted.
class Run {
 public:
  explicit Run(SurveyDefinition d) : definition_(std::move(d)), locale_(*find_locale("en")) {}

  StepOutcome step(const SurveyAction& action, const char* now = "2024-05-01T10:00:00Z") {
    auto outcome = advance(definition_, state_, action, context_at(now), locale_);
    if (!outcome) FAIL(outcome.error().code + " " + outcome.error().message);
    state_ = outcome->state;
    return outcome.value();
  }
  Error rejected(const SurveyAction& action) {
    auto outcome = advance(definition_, state_, action, context_at("2024-05-01T10:00:00Z"), locale_);
    REQUIRE_FALSE(outcome.ok());
    return outcome.error();
  }
  const SurveyState& state() const { return *state_; }

 private:
  SurveyDefinition definition_;
  Locale locale_;
  std::optional<SurveyState> state_;
};

using Type = SurveyAction::Type;

}  // namespace

TEST_CASE("survey flow: score, follow-up, thanks; partial then complete with the same id", "[survey_flow]") {
  Run run(definition(R"({"id":"post-chat","type":"csat","metadata":{"team":"support"}})"));
  StepOutcome opened = run.step(act(Type::Open));
  CHECK(opened.state.step == SurveyStep::Question);
  CHECK(opened.state.locale == "en");
  CHECK(opened.deliver.is_null());

  StepOutcome scored = run.step(score(2), "2024-05-01T10:00:05Z");
  CHECK(scored.state.step == SurveyStep::FollowUp);
  REQUIRE(scored.deliver.is_object());
  const Json& partial = scored.deliver;
  CHECK(partial["id"] == "7b1e0c9a-0000-4000-8000-000000000001");
  CHECK(partial["survey_id"] == "post-chat");
  CHECK(partial["type"] == "csat");
  CHECK(partial["scale"] == "csat5");
  CHECK(partial["score"] == 2);
  CHECK(partial["bucket"] == "negative");
  CHECK(partial["label"] == "Dissatisfied");
  CHECK(partial["comment"].is_null());
  CHECK(partial["locale"] == "en");
  CHECK(partial["url"] == "https://shop.example/help");
  CHECK(partial["referrer"].is_null());
  CHECK(partial["touchpoint"] == "chat");
  CHECK(partial["context"] == Json{{"plan", "pro"}});
  CHECK(partial["metadata"] == Json{{"team", "support"}});
  CHECK(partial["created_at"] == "2024-05-01T10:00:05Z");
  CHECK(partial["complete"] == false);

  StepOutcome commented = run.step(submit_text("  The agent was slow.  "), "2024-05-01T10:01:00Z");
  CHECK(commented.state.step == SurveyStep::Thanks);
  REQUIRE(commented.deliver.is_object());
  const Json& complete = commented.deliver;
  CHECK(complete["id"] == partial["id"]);
  CHECK(complete["score"] == 2);
  CHECK(complete["comment"] == "The agent was slow.");
  CHECK(complete["created_at"] == "2024-05-01T10:00:05Z");
  CHECK(complete["updated_at"] == "2024-05-01T10:01:00Z");
  CHECK(complete["complete"] == true);

  StepOutcome closed = run.step(act(Type::Dismiss));
  CHECK(closed.state.step == SurveyStep::Closed);
  CHECK(closed.deliver.is_null());  // already complete: nothing to send again
  CHECK_FALSE(closed.dismissed);    // answered, so not a dismissal
}

TEST_CASE("survey flow: the follow-up question follows the score's bucket", "[survey_flow]") {
  const SurveyDefinition d = definition(R"({"id":"s","type":"nps","follow_up":{"neutral":false}})");
  CHECK(step_after_score(d, 3) == SurveyStep::FollowUp);   // detractor
  CHECK(step_after_score(d, 8) == SurveyStep::Thanks);     // passive: follow-up turned off
  CHECK(step_after_score(d, 10) == SurveyStep::FollowUp);  // promoter
}

TEST_CASE("survey flow: with nothing after the score, the first delivery is already complete", "[survey_flow]") {
  Run run(definition(R"({"id":"s","type":"csat","scale":"emoji3","follow_up":false,"thanks":false})"));
  run.step(act(Type::Open));
  StepOutcome scored = run.step(score(3));
  CHECK(scored.state.step == SurveyStep::Closed);
  REQUIRE(scored.deliver.is_object());
  CHECK(scored.deliver["complete"] == true);
  CHECK(scored.deliver["label"] == "Happy");
  CHECK_FALSE(scored.dismissed);
}

TEST_CASE("survey flow: a review link keeps the thank-you step for promoters only", "[survey_flow]") {
  const SurveyDefinition d =
      definition(R"({"id":"s","type":"nps","follow_up":false,"thanks":false,"review":{"url":"https://g.page/r/x"}})");
  CHECK(step_after_score(d, 10) == SurveyStep::Thanks);
  CHECK(step_after_score(d, 2) == SurveyStep::Closed);
}

TEST_CASE("survey flow: helpful No → reasons → follow-up → thanks", "[survey_flow]") {
  Run run(definition(R"({"id":"kb","type":"helpful","article":{"id":"a-1","version":"4"}})"));
  run.step(act(Type::Open));
  StepOutcome no = run.step(score(0));
  CHECK(no.state.step == SurveyStep::Reasons);
  REQUIRE(no.deliver.is_object());
  CHECK(no.deliver["label"] == "No");
  CHECK(no.deliver["bucket"] == "negative");
  CHECK(no.deliver["article"] == Json{{"id", "a-1"}, {"version", "4"}});
  CHECK(no.deliver["complete"] == false);

  // Chips toggle; the order is the definition's, whatever the clicking order.
  CHECK(run.step(toggle("didnt_answer")).deliver.is_null());
  run.step(toggle("outdated"));
  run.step(toggle("unclear"));
  run.step(toggle("unclear"));
  CHECK(run.state().reasons == std::vector<std::string>{"outdated", "didnt_answer"});

  StepOutcome next = run.step(act(Type::Submit));
  CHECK(next.state.step == SurveyStep::FollowUp);
  CHECK(next.deliver.is_null());  // the final version goes out once, at the end

  StepOutcome done = run.step(submit_text("Screenshots are from the old UI"));
  CHECK(done.state.step == SurveyStep::Thanks);
  REQUIRE(done.deliver.is_object());
  CHECK(done.deliver["id"] == no.deliver["id"]);
  CHECK(done.deliver["reasons"] == Json{"outdated", "didnt_answer"});
  CHECK(done.deliver["comment"] == "Screenshots are from the old UI");
  CHECK(done.deliver["complete"] == true);
}

TEST_CASE("survey flow: helpful Yes goes straight to thanks, complete at once", "[survey_flow]") {
  Run run(definition(R"({"id":"kb","type":"helpful"})"));
  run.step(act(Type::Open));
  StepOutcome yes = run.step(score(1));
  CHECK(yes.state.step == SurveyStep::Thanks);
  REQUIRE(yes.deliver.is_object());
  CHECK(yes.deliver["label"] == "Yes");
  CHECK(yes.deliver["reasons"] == Json::array());
  CHECK(yes.deliver["complete"] == true);
  CHECK(run.step(act(Type::Submit)).state.step == SurveyStep::Closed);
}

TEST_CASE("survey flow: reasons set at once, or sent with submit; unknown reasons rejected", "[survey_flow]") {
  Run run(definition(R"({"id":"kb","type":"helpful","follow_up":false})"));
  run.step(act(Type::Open));
  run.step(score(0));
  SurveyAction set = act(Type::Reasons);
  set.reasons = std::vector<std::string>{"unclear"};
  run.step(set);
  CHECK(run.state().reasons == std::vector<std::string>{"unclear"});

  SurveyAction bad = act(Type::Reasons);
  bad.reasons = std::vector<std::string>{"boring"};
  const Error error = run.rejected(bad);
  CHECK(error.code == "survey.action");
  CHECK(error.path == "$.action");
  CHECK_THAT(error.message, Catch::Contains("\"boring\""));
  CHECK(run.state().reasons == std::vector<std::string>{"unclear"});

  SurveyAction with_reasons = act(Type::Submit);
  with_reasons.reasons = std::vector<std::string>{"outdated", "unclear"};
  StepOutcome done = run.step(with_reasons);
  CHECK(done.state.step == SurveyStep::Thanks);  // no follow-up: done after the reasons
  CHECK(done.deliver["reasons"] == Json{"outdated", "unclear"});
  CHECK(done.deliver["complete"] == true);
}

TEST_CASE("survey flow: skip moves past each step without its answer", "[survey_flow]") {
  SECTION("skip on the question closes, like a dismissal, with nothing to deliver") {
    Run run(definition(R"({"id":"s","type":"csat"})"));
    run.step(act(Type::Open));
    StepOutcome skipped = run.step(act(Type::Skip));
    CHECK(skipped.state.step == SurveyStep::Closed);
    CHECK(skipped.deliver.is_null());
    CHECK(skipped.dismissed);
  }
  SECTION("skip the reasons and the follow-up") {
    Run run(definition(R"({"id":"kb","type":"helpful"})"));
    run.step(act(Type::Open));
    run.step(score(0));
    run.step(toggle("outdated"));
    CHECK(run.step(act(Type::Skip)).state.step == SurveyStep::FollowUp);
    CHECK(run.state().reasons.empty());
    SurveyAction typed = act(Type::Comment);
    typed.text = "half a thought";
    run.step(typed);
    StepOutcome done = run.step(act(Type::Skip));
    CHECK(done.state.step == SurveyStep::Thanks);
    CHECK(done.deliver["reasons"] == Json::array());
    CHECK(done.deliver["comment"].is_null());
    CHECK(done.deliver["complete"] == true);
    CHECK(run.step(act(Type::Skip)).state.step == SurveyStep::Closed);
  }
}

TEST_CASE("survey flow: dismiss anywhere", "[survey_flow]") {
  SECTION("before the score: a dismissal, nothing delivered") {
    Run run(definition(R"({"id":"s","type":"csat"})"));
    run.step(act(Type::Open));
    StepOutcome dismissed = run.step(act(Type::Dismiss));
    CHECK(dismissed.state.step == SurveyStep::Closed);
    CHECK(dismissed.dismissed);
    CHECK(dismissed.deliver.is_null());
    // A second dismiss (double click, Esc after ×) changes nothing.
    StepOutcome again = run.step(act(Type::Dismiss));
    CHECK(again.state.step == SurveyStep::Closed);
    CHECK_FALSE(again.dismissed);
    CHECK(again.deliver.is_null());
  }
  SECTION("after the score: the response is finalised with what was given") {
    Run run(definition(R"({"id":"s","type":"csat"})"));
    run.step(act(Type::Open));
    const Json partial = run.step(score(5)).deliver;
    StepOutcome closed = run.step(act(Type::Dismiss), "2024-05-01T10:02:00Z");
    CHECK(closed.state.step == SurveyStep::Closed);
    CHECK_FALSE(closed.dismissed);
    REQUIRE(closed.deliver.is_object());
    CHECK(closed.deliver["id"] == partial["id"]);
    CHECK(closed.deliver["score"] == 5);
    CHECK(closed.deliver["comment"].is_null());
    CHECK(closed.deliver["updated_at"] == "2024-05-01T10:02:00Z");
    CHECK(closed.deliver["complete"] == true);
  }
  SECTION("after the selected reasons") {
    Run run(definition(R"({"id":"kb","type":"helpful"})"));
    run.step(act(Type::Open));
    run.step(score(0));
    run.step(toggle("unclear"));
    StepOutcome closed = run.step(act(Type::Dismiss));
    CHECK(closed.deliver["reasons"] == Json{"unclear"});
    CHECK(closed.deliver["complete"] == true);
  }
}

TEST_CASE("survey flow: actions that do not fit the step are rejected", "[survey_flow]") {
  const SurveyDefinition d = definition(R"({"id":"s","type":"csat"})");
  const Locale en = *find_locale("en");
  auto no_state = advance(d, std::nullopt, score(3), context_at("t"), en);
  REQUIRE_FALSE(no_state.ok());
  CHECK(no_state.error().code == "survey.action");

  Run run(d);
  run.step(act(Type::Open));
  CHECK_THAT(run.rejected(score(6)).message, Catch::Contains("not a point of the csat5 scale (1–5)"));
  CHECK_THAT(run.rejected(act(Type::Submit)).message, Catch::Contains("choose a score"));
  CHECK(run.rejected(toggle("outdated")).code == "survey.action");

  ResponseContext anonymous = context_at("t");
  anonymous.response_id.clear();
  auto no_id = advance(d, run.state(), score(4), anonymous, en);
  REQUIRE_FALSE(no_id.ok());
  CHECK(no_id.error().path == "$.context.response_id");

  run.step(score(4));
  CHECK_THAT(run.rejected(score(4)).message, Catch::Contains("not on follow_up"));
  run.step(act(Type::Dismiss));
  CHECK_THAT(run.rejected(act(Type::Submit)).message, Catch::Contains("closed"));
}

TEST_CASE("survey flow: comments are cut at max_length characters, never inside one", "[survey_flow]") {
  Run run(definition(R"({"id":"s","type":"csat","follow_up":{"max_length":5}})"));
  run.step(act(Type::Open));
  run.step(score(1));
  StepOutcome done = run.step(submit_text("h\xC3\xA9llo w\xC3\xB6rld"));  // "héllo wörld"
  CHECK(done.deliver["comment"] == "h\xC3\xA9llo");

  CHECK(truncate_utf8("\xF0\x9F\x98\x8A\xF0\x9F\x98\x8A", 1) == "\xF0\x9F\x98\x8A");
  CHECK(truncate_utf8("abc", 10) == "abc");
  CHECK(truncate_utf8("abc", 0).empty());
}

TEST_CASE("survey flow: the state survives a round trip through JSON", "[survey_flow]") {
  const SurveyDefinition d = definition(R"({"id":"kb","type":"helpful"})");
  Run run(d);
  run.step(act(Type::Open));
  run.step(score(0));
  run.step(toggle("unclear"));
  const Json json = survey_state_json(run.state());
  CHECK(json["step"] == "reasons");
  CHECK(json["score"] == 0);
  auto back = parse_survey_state(json, d, "$.state");
  REQUIRE(back.ok());
  CHECK(survey_state_json(back.value()) == json);

  Json tampered = json;
  tampered["score"] = 7;
  auto bad_score = parse_survey_state(tampered, d, "$.state");
  REQUIRE_FALSE(bad_score.ok());
  CHECK(bad_score.error().path == "$.state.score");
  tampered = json;
  tampered["step"] = "celebrate";
  CHECK(parse_survey_state(tampered, d, "$.state").error().path == "$.state.step");
  tampered = json;
  tampered["reasons"] = Json{"boring"};
  CHECK(parse_survey_state(tampered, d, "$.state").error().path == "$.state.reasons");
  CHECK(parse_survey_state(Json("x"), d, "$.state").error().path == "$.state");
}

TEST_CASE("survey flow: actions and context from JSON", "[survey_flow]") {
  auto scored = parse_survey_action(Json{{"type", "score"}, {"value", 4}}, "$.action");
  REQUIRE(scored.ok());
  CHECK(scored->type == Type::Score);
  CHECK(scored->value == 4);
  // Straight from data-csatkit-value.
  CHECK(parse_survey_action(Json{{"type", "score"}, {"value", "9"}}, "$.action")->value == 9);
  auto submitted = parse_survey_action(Json{{"type", "submit"}, {"text", "hi"}, {"values", {"unclear"}}}, "$.action");
  REQUIRE(submitted.ok());
  CHECK(submitted->text == "hi");
  CHECK(submitted->reasons == std::vector<std::string>{"unclear"});
  CHECK(parse_survey_action(Json{{"type", "reason"}, {"value", "outdated"}}, "$.action")->reason == "outdated");

  CHECK(parse_survey_action(Json{{"type", "score"}}, "$.action").error().path == "$.action.value");
  CHECK(parse_survey_action(Json{{"type", "score"}, {"value", 4.5}}, "$.action").error().path == "$.action.value");
  CHECK(parse_survey_action(Json{{"type", "comment"}}, "$.action").error().path == "$.action.text");
  CHECK(parse_survey_action(Json{{"type", "reasons"}, {"values", "x"}}, "$.action").error().path == "$.action.values");
  CHECK_THAT(parse_survey_action(Json{{"type", "rate"}}, "$.action").error().message, Catch::Contains("unknown action"));
  CHECK(parse_survey_action(Json::array(), "$.action").error().path == "$.action");

  auto context = parse_response_context(
      Json{{"response_id", "r1"}, {"user_id", 42}, {"languages", {"nl-BE", "en"}}, {"data", {{"k", "v"}}}}, "$.context");
  REQUIRE(context.ok());
  CHECK(context->user_id == "42");
  CHECK(context->languages == std::vector<std::string>{"nl-BE", "en"});
  CHECK(context->data == Json{{"k", "v"}});
  CHECK(parse_response_context(Json{{"urll", "x"}}, "$.context").error().path == "$.context.urll");
  CHECK(parse_response_context(Json{{"url", 1}}, "$.context").error().path == "$.context.url");
  CHECK(parse_response_context(Json{{"data", "x"}}, "$.context").error().path == "$.context.data");
}

namespace {

// Validates a delivered response as the collector does: its JSON text, then its fields.
Result<ValidatedResponse> collector_accepts(const Json& response, const SurveyDefinition& survey) {
  auto body = parse_response_body(dump_json(response));
  if (!body) return body.error();
  return validate_response(body.value(), {survey});
}

std::string repeated(std::string_view piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("survey flow: what the page gives is cut to what a collector accepts, each cut named", "[survey_flow]") {
  const ResponseLimits limits;
  const SurveyDefinition survey = definition(R"({"id":"post-chat","type":"csat"})");
  const Locale en = *find_locale("en");
  const auto scored_with = [&](const ResponseContext& context) {
    auto opened = advance(survey, std::nullopt, act(Type::Open), context, en);
    REQUIRE(opened.ok());
    auto scored = advance(survey, opened->state, score(4), context, en);
    REQUIRE(scored.ok());
    REQUIRE(scored->deliver.is_object());
    return scored.value();
  };

  ResponseContext context = context_at("2024-05-01T10:00:00Z");
  // Texts beyond their limits, in characters of 1 to 4 bytes: cut at a character boundary.
  context.url = "https://shop.example/" + repeated("\xC3\xA9", limits.max_url_bytes);
  context.referrer = "https://ref.example/" + repeated("\xF0\x9F\x98\x8A", limits.max_url_bytes);
  context.touchpoint = repeated("\xE2\x82\xAC", limits.max_short_text_bytes);
  context.user_id = repeated("u", limits.max_short_text_bytes + 1);
  // Data: a value nested deeper than a response may be, then keys in order until the bytes run
  // out (each "kNN":"…" member is about 100 bytes), and more keys than a response may hold.
  Json data = Json::object();
  data["deep"] = Json{{"a", {{"b", {{"c", {{"d", {{"e", {{"f", {{"g", 1}}}}}}}}}}}}}};
  data["shallow"] = Json{{"a", {{"b", {{"c", {{"d", {{"e", {{"f", 1}}}}}}}}}}}};
  for (int i = 0; i < 60; ++i) data["k" + std::to_string(i)] = std::string(90, 'x');
  context.data = data;

  const StepOutcome scored = scored_with(context);
  const Json& response = scored.deliver;
  auto accepted = collector_accepts(response, survey);
  INFO((accepted ? std::string() : accepted.error().path + ": " + accepted.error().message));
  REQUIRE(accepted.ok());

  const auto& url = response["url"].get_ref<const std::string&>();
  CHECK(url.size() == limits.max_url_bytes - 1);  // 21 ASCII bytes + 2-byte characters: the last would split
  CHECK(context.url.compare(0, url.size(), url) == 0);
  CHECK(response["referrer"].get_ref<const std::string&>().size() == 20 + (limits.max_url_bytes - 20) / 4 * 4);
  CHECK(response["touchpoint"].get_ref<const std::string&>().size() == 198);
  CHECK(response["user_id"].get_ref<const std::string&>() == repeated("u", limits.max_short_text_bytes));
  // The deep value is left out, the next fits; then keys while the bytes last.
  const Json& kept = response["context"];
  CHECK_FALSE(kept.contains("deep"));
  CHECK(kept["shallow"] == data["shallow"]);
  CHECK(dump_json(kept).size() <= limits.max_context_bytes);
  CHECK(dump_json(kept).size() > limits.max_context_bytes - 100);
  std::size_t index = 0;
  for (const auto& item : kept.items()) {
    if (item.key() == "shallow") continue;
    CHECK(item.key() == "k" + std::to_string(index++));  // in order, none skipped
  }
  const std::string first_left_out = "k" + std::to_string(index);

  struct Cut {
    const char* code;
    std::string path;
    std::string says;
  };
  const std::vector<Cut> cuts = {
      {"response.truncated", "$.context.url", "url was cut to the 2048 bytes a response holds"},
      {"response.truncated", "$.context.referrer", "referrer was cut to the 2048 bytes"},
      {"response.truncated", "$.context.touchpoint", "touchpoint was cut to the 200 bytes"},
      {"response.truncated", "$.context.user_id", "user_id was cut to the 200 bytes"},
      {"response.context_dropped", "$.context.data.deep", "setContext key \"deep\" was left out of the response: its value nests deeper than 6 levels"},
      {"response.context_dropped", "$.context.data." + first_left_out,
       "setContext key \"" + first_left_out + "\" and any after it were left out of the response: its context holds at most 50 keys and 4096 bytes"},
  };
  REQUIRE(scored.warnings.size() == cuts.size());
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    const Json& warning = scored.warnings[i];
    INFO(dump_json(warning));
    CHECK(warning["code"] == cuts[i].code);
    CHECK(warning["path"] == cuts[i].path);
    CHECK_THAT(warning["message"].get<std::string>(), Catch::Contains(cuts[i].says));
  }

  // Many small keys: the first max_context_keys are kept.
  ResponseContext many = context_at("2024-05-01T10:00:00Z");
  many.data = Json::object();
  for (int i = 0; i < 70; ++i) many.data["key " + std::to_string(i)] = i;
  const StepOutcome counted = scored_with(many);
  REQUIRE(collector_accepts(counted.deliver, survey).ok());
  CHECK(counted.deliver["context"].size() == limits.max_context_keys);
  CHECK(counted.deliver["context"].items().begin().key() == "key 0");
  REQUIRE(counted.warnings.size() == 1);
  CHECK(counted.warnings[0]["path"] == "$.context.data[\"key 50\"]");
  CHECK_THAT(counted.warnings[0]["message"].get<std::string>(), Catch::Contains("\"key 50\" and any after it") && Catch::Contains("at most 50 keys"));

  // At the limits exactly: nothing is cut, nothing is said.
  ResponseContext fitting = context_at("2024-05-01T10:00:00Z");
  fitting.url = "https://shop.example/" + std::string(limits.max_url_bytes - 21, 'p');
  fitting.user_id = std::string(limits.max_short_text_bytes, 'u');
  fitting.data = Json{{"a", std::string(limits.max_context_bytes - 8, 'x')}};  // {"a":"…"}: 8 bytes around
  const StepOutcome exact = scored_with(fitting);
  CHECK(exact.warnings.empty());
  CHECK(exact.deliver["url"] == fitting.url);
  CHECK(exact.deliver["context"] == fitting.data);
  CHECK(collector_accepts(exact.deliver, survey).ok());

  // The complete version after the comment carries the same cut values, and passes too.
  Run run(survey);
  run.step(act(Type::Open));
  auto partial = advance(survey, run.state(), score(2), context, en);
  REQUIRE(partial.ok());
  auto complete = advance(survey, partial->state, submit_text(repeated("\xF0\x9F\x98\x8A", 2000)), context, en);
  REQUIRE(complete.ok());
  CHECK(complete->warnings.empty());  // the context is read once, at the score
  CHECK(complete->deliver["context"] == response["context"]);
  CHECK(collector_accepts(complete->deliver, survey).ok());
}
