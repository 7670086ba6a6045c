#include "core/response_validation.hpp"

#include <catch2/catch.hpp>

using namespace csatkit;

namespace {

std::vector<SurveyDefinition> surveys() {
  std::vector<SurveyDefinition> out;
  for (const char* json : {R"({"id":"post-chat","type":"csat"})",
                           R"({"id":"kb","type":"helpful"})",
                           R"({"id":"short","type":"csat","scale":"emoji3","follow_up":{"max_length":5}})"}) {
    auto parsed = parse_survey_definition(std::string_view(json));
    REQUIRE(parsed);
    out.push_back(parsed.value());
  }
  return out;
}

// A response as survey_flow's response_json() builds it.
Json widget_response() {
  return Json::parse(R"({"id":"7b1e0c9a-0000-4000-8000-000000000001","survey_id":"post-chat","type":"csat",
    "scale":"csat5","score":2,"bucket":"negative","label":"Dissatisfied","comment":null,"reasons":[],"locale":"en",
    "url":"https://shop.example/help","referrer":null,"touchpoint":"chat","user_id":null,"context":{"plan":"pro"},
    "metadata":{},"article":null,"created_at":"2024-05-01T10:00:00Z","updated_at":"2024-05-01T10:00:00Z","complete":false})");
}

Error rejected(const Json& response) {
  auto result = validate_response(response, surveys());
  REQUIRE_FALSE(result);
  return result.error();
}

}  // namespace

TEST_CASE("a widget response is accepted and normalized") {
  auto result = validate_response(widget_response(), surveys());
  REQUIRE(result);
  CHECK(result->id == "7b1e0c9a-0000-4000-8000-000000000001");
  CHECK(result->score == 2);
  CHECK(result->bucket == Bucket::Negative);
  CHECK_FALSE(result->complete);
  CHECK(result->updated_at == "2024-05-01T10:00:00Z");
  CHECK(result->normalized["label"] == "Dissatisfied");
  CHECK(result->normalized["context"]["plan"] == "pro");
  CHECK(result->normalized.size() == widget_response().size());
}

TEST_CASE("the minimal response gets bucket and label from the survey's scale") {
  auto result = validate_response(Json{{"id", "abcdefgh"}, {"survey_id", "post-chat"}, {"score", 5}}, surveys());
  REQUIRE(result);
  CHECK(result->normalized["bucket"] == "positive");
  CHECK(result->normalized["label"] == "Very satisfied");
  CHECK(result->normalized["comment"].is_null());
  CHECK(result->created_at.empty());
}

TEST_CASE("each problem names its field") {
  struct Case {
    const char* key;
    Json value;
    const char* code;
    const char* path;
  };
  const Case cases[] = {
      {"survey_id", "nope", "response.unknown_survey", "$.survey_id"},
      {"score", 6, "response.out_of_scale", "$.score"},
      {"score", 0, "response.out_of_scale", "$.score"},
      {"score", 2.5, "response.invalid", "$.score"},
      {"score", "2", "response.invalid", "$.score"},
      {"score", Json(std::uint64_t{18446744073709551615ull}), "response.out_of_scale", "$.score"},
      {"bucket", "positive", "response.mismatch", "$.bucket"},
      {"type", "nps", "response.mismatch", "$.type"},
      {"scale", "csat7", "response.mismatch", "$.scale"},
      {"comment", std::string(1001, 'x'), "response.too_long", "$.comment"},
      {"comment", 5, "response.invalid", "$.comment"},
      {"reasons", Json::array({"outdated"}), "response.mismatch", "$.reasons[0]"},
      {"reasons", "outdated", "response.invalid", "$.reasons"},
      {"id", "short", "response.invalid", "$.id"},
      {"id", "has spaces in it", "response.invalid", "$.id"},
      {"created_at", "2023-02-29T10:00:00Z", "response.invalid", "$.created_at"},
      {"updated_at", "05/01/2024", "response.invalid", "$.updated_at"},
      {"complete", 1, "response.invalid", "$.complete"},
      {"context", Json::array(), "response.invalid", "$.context"},
      {"metadata", Json{{"a", 1}}, "response.invalid", "$.metadata.a"},
      {"article", Json{{"id", "a"}, {"extra", "b"}}, "response.unknown_key", "$.article.extra"},
      {"url", std::string(3000, 'u'), "response.too_long", "$.url"},
      {"touchpoint", std::string(201, 't'), "response.too_long", "$.touchpoint"},
      {"colour", "red", "response.unknown_key", "$.colour"},
  };
  for (const Case& c : cases) {
    Json response = widget_response();
    response[c.key] = c.value;
    INFO(c.key << " = " << c.value.dump());
    const Error error = rejected(response);
    CHECK(error.code == c.code);
    CHECK(error.path == c.path);
    CHECK_FALSE(error.message.empty());
  }
}

TEST_CASE("comment length counts characters, not bytes, against follow_up.max_length") {
  Json response = widget_response();
  response["survey_id"] = "short";
  response["scale"] = "emoji3";
  response["score"] = 1;
  response["bucket"] = "negative";
  response["comment"] = "ééééé";  // 5 characters, 10 bytes
  CHECK(validate_response(response, surveys()));
  response["comment"] = "éééééé";
  CHECK(rejected(response).path == "$.comment");
}

TEST_CASE("helpful responses take the survey's reasons, deduplicated") {
  Json response{{"id", "abcdefgh-1"}, {"survey_id", "kb"}, {"score", 0}, {"reasons", {"unclear", "outdated", "unclear"}}};
  auto result = validate_response(response, surveys());
  REQUIRE(result);
  CHECK(result->normalized["reasons"] == Json::array({"unclear", "outdated"}));
  CHECK(result->normalized["label"] == "No");
}

TEST_CASE("a numeric user_id is kept as text") {
  Json response = widget_response();
  response["user_id"] = 42;
  auto result = validate_response(response, surveys());
  REQUIRE(result);
  CHECK(result->normalized["user_id"] == "42");
}

TEST_CASE("parse_response_body refuses size, depth and bad UTF-8 before anything else") {
  ResponseLimits limits;
  limits.max_body_bytes = 100;
  CHECK(parse_response_body(std::string(101, ' '), limits).error().code == "response.too_large");
  CHECK(parse_response_body(std::string(9, '[') + std::string(9, ']')).error().code == "response.too_deep");
  CHECK(parse_response_body(std::string(8, '[') + std::string(8, ']')));
  // Brackets inside strings are text, not nesting.
  CHECK(parse_response_body(R"({"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})"));
  CHECK(parse_response_body(R"({"a":"\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})"));
  CHECK(parse_response_body("{\"a\":\"\xff\"}").error().code == "response.not_json");
  CHECK(parse_response_body("{\"a\":\"\xed\xa0\x80\"}").error().code == "response.not_json");
  CHECK(parse_response_body("{\"a\":1").error().code == "response.not_json");
  CHECK(parse_response_body("").error().code == "response.not_json");
}

TEST_CASE("supersedes: complete beats incomplete, later beats earlier, equal is a duplicate") {
  const ResponseVersion first{false, "2024-05-01T10:00:00.000Z"};
  const ResponseVersion final{true, "2024-05-01T10:01:00.000Z"};
  CHECK(supersedes(final, first));
  CHECK_FALSE(supersedes(first, final));  // the stale first delivery arriving late
  CHECK_FALSE(supersedes(final, final));
  CHECK_FALSE(supersedes(first, first));
  CHECK(supersedes(ResponseVersion{true, "2024-05-01T10:02:00.000Z"}, final));
  CHECK_FALSE(supersedes(ResponseVersion{true, "2024-05-01T10:00:30.000Z"}, final));
  // Completion wins even with an older clock (the visitor's clock may have been adjusted).
  CHECK(supersedes(ResponseVersion{true, "2024-05-01T09:00:00.000Z"}, first));
}
