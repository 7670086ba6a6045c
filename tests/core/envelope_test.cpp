#include "core/envelope.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace csatkit;

TEST_CASE("ok envelope wraps the value") {
  const auto parsed = nlohmann::json::parse(ok_envelope(Json{{"n", 3}}));
  CHECK(parsed["ok"] == true);
  CHECK(parsed["value"]["n"] == 3);
}

TEST_CASE("error envelope: field paths become JSON paths, other paths stay") {
  const auto field = nlohmann::json::parse(error_envelope(Error{"revenue.churn_range", "churn.7", "bad"}));
  CHECK(field["ok"] == false);
  CHECK(field["error"]["path"] == "$.churn.7");
  CHECK(nlohmann::json::parse(error_envelope(Error{"csv.bad", "line 12", "bad"}))["error"]["path"] == "line 12");
  CHECK(nlohmann::json::parse(error_envelope(Error{"args", "--spend", "bad"}))["error"]["path"] == "--spend");
  CHECK(nlohmann::json::parse(error_envelope(Error{"x", "$.a", "bad"}))["error"]["path"] == "$.a");
}

TEST_CASE("error envelope lists every problem") {
  Error error{"survey.invalid", "$", "2 problems", {{"$.id", "missing"}, {"$.type", "unknown"}}};
  const auto parsed = nlohmann::json::parse(error_envelope(error));
  REQUIRE(parsed["error"]["problems"].size() == 2);
  CHECK(parsed["error"]["problems"][1]["path"] == "$.type");
}

TEST_CASE("invalid UTF-8 from users becomes U+FFFD instead of failing") {
  // 0xFF can never occur in UTF-8; a plain dump() throws type_error 316 on it.
  const std::string text = dump_json(Json{{"reason", std::string("rating \"\xFF\xFE\" is not on the scale")}});
  const auto parsed = nlohmann::json::parse(text);
  CHECK(parsed["reason"] == "rating \"\xEF\xBF\xBD\xEF\xBF\xBD\" is not on the scale");
}
