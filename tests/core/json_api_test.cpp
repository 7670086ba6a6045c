// The JSON face of the core: envelopes, request validation with JSON paths, and every capability.
// Numbers are the issue's vectors (recomputed in Python with statistics.NormalDist, see cli_test.cpp);
// here the point is that requests map onto them and bad requests say what and where.
#include "core/json_api.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;
namespace api = csatkit::json_api;

namespace {

json value_of(const std::string& envelope) {
  const json parsed = json::parse(envelope);
  INFO(envelope);
  REQUIRE(parsed["ok"] == true);
  return parsed["value"];
}

json error_of(const std::string& envelope) {
  const json parsed = json::parse(envelope);
  INFO(envelope);
  REQUIRE(parsed["ok"] == false);
  REQUIRE(parsed["error"].contains("code"));
  REQUIRE(parsed["error"].contains("path"));
  REQUIRE(parsed["error"]["message"].get<std::string>().size() > 10);
  return parsed["error"];
}

}  // namespace

TEST_CASE("score from counts, as an object or an array") {
  const json from_object = value_of(api::score(R"({"scale":"csat5","counts":{"1":100,"2":100,"3":200,"4":300,"5":300}})"));
  const json from_array = value_of(api::score(R"({"scale":"csat5","counts":[100,100,200,300,300]})"));
  CHECK(from_object == from_array);
  CHECK(from_object["n"] == 1000);
  CHECK(from_object["csat"]["low"].get<double>() == Approx(56.93));
  CHECK(from_object["csat"]["high"].get<double>() == Approx(62.99));
  CHECK(from_object["satisfied_from"] == 4);
  CHECK(from_object["confidence"].get<double>() == Approx(0.95));
}

TEST_CASE("score keeps the distribution in scale order, also past 9") {
  const std::string envelope = api::score(R"({"scale":"nps","counts":{"10":1,"9":1,"0":1}})");
  // Key order matters to readers: 0,1,…,10 rather than the string order 0,1,10,2,….
  const auto zero = envelope.find("\"0\":"), two = envelope.find("\"2\":"), ten = envelope.find("\"10\":");
  CHECK(zero < two);
  CHECK(two < ten);
}

TEST_CASE("score from pasted text and from values counts what is not a score as invalid") {
  const json pasted = value_of(api::score(R"({"scale":"csat5","text":"5\n4 4\nVery satisfied, 3; 9\n\nmeh"})"));
  CHECK(pasted["n"] == 5);  // 5, 4, 4, Very satisfied (5), 3
  CHECK(pasted["invalid"] == 2);  // 9, meh
  CHECK(pasted["invalid_values"] == json::array({"9", "meh"}));

  const json values = value_of(api::score(R"({"scale":"helpful","values":["Yes",1,0,"no",2,"maybe"]})"));
  CHECK(values["n"] == 4);
  CHECK(values["invalid"] == 2);
  CHECK(values["helpful"]["percent"].get<double>() == Approx(50.0));
}

TEST_CASE("bad requests name the field by JSON path") {
  struct Case {
    const char* request;
    const char* code;
    const char* path;
  };
  for (const Case& c : {
           Case{R"({"scale":"csat5","counts":)", "request.json", "$"},
           Case{R"([1,2,3])", "request.invalid", "$"},
           Case{R"({"scale":"csat6","counts":[1,2,3,4,5]})", "scale.unknown", "$.scale"},
           Case{R"({"scale":5,"counts":[1,2,3,4,5]})", "request.invalid", "$.scale"},
           Case{R"({"counts":{"6":3}})", "request.invalid", "$.counts.6"},
           Case{R"({"counts":{"3":-1}})", "request.invalid", "$.counts.3"},
           Case{R"({"counts":{"3":1.5}})", "request.invalid", "$.counts.3"},
           Case{R"({"counts":[1,2,3]})", "request.invalid", "$.counts"},
           Case{R"({"counts":[1,2,3,4,"x"]})", "request.invalid", "$.counts[4]"},
           Case{R"({"counts":[1,2,3,4,5],"values":[1]})", "request.invalid", "$"},
           Case{R"({"counts":[1,2,3,4,5],"confidence":"high"})", "request.invalid", "$.confidence"},
           Case{R"({"counts":[1,2,3,4,5],"satisfied_from":"4"})", "request.invalid", "$.satisfied_from"},
       }) {
    INFO(c.request);
    const json error = error_of(api::score(c.request));
    CHECK(error["code"] == c.code);
    CHECK(error["path"] == c.path);
  }
}

TEST_CASE("invalid JSON says where it breaks") {
  // The second comma of ",," is the 36th byte (1-based): the first that cannot be JSON.
  const json error = error_of(api::score(R"({"scale": "csat5", "counts": [1, 2,, 3]})"));
  CHECK(error["message"].get<std::string>().find("at byte 36") != std::string::npos);
}

TEST_CASE("compare: the issue's two-proportion vector") {
  // 600/1000 vs 540/1000: pooled p = 0.57, SE = sqrt(0.57·0.43·2/1000), z = 0.06/SE = 2.71, p = 0.0067 (Python).
  const json r = value_of(api::compare(
      R"({"scale":"csat5","a":{"counts":{"4":600,"1":400}},"b":{"counts":{"4":540,"1":460}}})"));
  CHECK(r["metric"] == "percent_positive");
  CHECK(r["test"]["difference"].get<double>() == Approx(-6.0));
  CHECK(std::abs(r["test"]["z"].get<double>()) == Approx(2.71).margin(0.005));
  CHECK(r["test"]["p_value"].get<double>() == Approx(0.0067).margin(0.00005));
  CHECK(r["test"]["significant"] == true);
  CHECK(r["test"]["verdict"] == "significant at 95%");
  CHECK(error_of(api::compare(R"({"a":{"counts":[1,1,1,1,1]}})"))["path"] == "$.b");
}

TEST_CASE("revenue: the worked example and its errors") {
  const json r = value_of(api::revenue(R"({"scale":"csat5","counts":{"1":100,"2":100,"3":200,"4":300,"5":300},
      "spend":500,"improve_to":{"1":50,"2":50,"3":200,"4":350,"5":350}})"));
  CHECK(r["at_risk"]["value"].get<double>() == Approx(172000));
  CHECK(r["after"]["at_risk"]["value"].get<double>() == Approx(126000));
  CHECK(r["saved"]["value"].get<double>() == Approx(46000));
  CHECK(r["churn"]["1"].get<double>() == Approx(0.92));
  CHECK(r["churn"]["3"].get<double>() == Approx(0.80));

  // A custom churn for point 3 replaces only that point's default: 200·0.92·500 + 200·0.5·500 = 142,000.
  const json custom = value_of(api::revenue(R"({"counts":[100,100,200,300,300],"spend":500,"churn":{"3":0.5}})"));
  CHECK(custom["at_risk"]["value"].get<double>() == Approx(142000));

  CHECK(error_of(api::revenue(R"({"counts":[1,1,1,1,1]})"))["path"] == "$.spend");
  CHECK(error_of(api::revenue(R"({"counts":[1,1,1,1,1],"spend":5,"churn":{"9":0.5}})"))["path"] == "$.churn.9");
  CHECK(error_of(api::revenue(R"({"counts":[1,1,1,1,1],"spend":5,"improve_to":[1,1,1,1,1],"improve_points":3})"))["path"] ==
        "$.improve_to");
}

TEST_CASE("plan: both directions") {
  // ±3 at 80%: 683; with a base of 5,000: 601 (see sample_size_test.cpp for the derivation).
  CHECK(value_of(api::plan(R"({"margin":3,"expected":80})"))["responses"] == 683);
  const json with_base = value_of(api::plan(R"({"margin":3,"expected":80,"population":5000,"response_rate":0.25})"));
  CHECK(with_base["responses"] == 601);
  CHECK(with_base["invitations"] == 2404);
  // Reverse: 683 responses at 80% give ±3.00 (the margin that produced 683, rounded up).
  CHECK(value_of(api::plan(R"({"responses":683,"expected":80})"))["margin"].get<double>() == Approx(3.0).margin(0.01));
  CHECK(error_of(api::plan(R"({"margin":3,"responses":5})"))["path"] == "$.responses");
}

TEST_CASE("benchmarks and scales are listed with what a page needs") {
  const json b = value_of(api::benchmarks());
  CHECK(b["caveat"].get<std::string>().find("ACSI") != std::string::npos);
  REQUIRE(!b["benchmarks"].empty());
  for (const json& row : b["benchmarks"]) {
    CHECK(row["year"].get<int>() >= 2015);
    CHECK(!row["source"].get<std::string>().empty());
  }
  const json s = value_of(api::scales());
  REQUIRE(s["scales"].size() == 7);
  CHECK(s["scales"][1]["id"] == "csat5");
  CHECK(s["scales"][1]["points"][4]["label"] == "Very satisfied");
  CHECK(s["scales"][1]["points"][4]["bucket"] == "positive");
}

TEST_CASE("CSV scoring streams chunks and reports groups") {
  std::string error;
  auto scoring = api::CsvScoring::create(R"({"scale":"csat5","date_column":"date","by":"month"})", error);
  REQUIRE(scoring);
  const std::string csv = "date,rating\n2024-01-05,5\n2024-01-06,4\n2024-02-01,1\n2024-02-03,5\n2024-02-09,x\n";
  for (size_t i = 0; i < csv.size(); i += 7) value_of(scoring->feed(std::string_view(csv).substr(i, 7)));
  const json report = value_of(scoring->finish());
  CHECK(report["n"] == 4);
  CHECK(report["invalid"] == 1);
  CHECK(report["bad_rows"] == 1);
  REQUIRE(report["groups"].size() == 2);
  CHECK(report["groups"][0]["period"] == "2024-01");
  CHECK(report["groups"][1]["n"] == 2);
  CHECK(report["groups"][1]["test"]["against"] == "previous period");
}

TEST_CASE("CSV scoring options are validated before any data") {
  std::string error;
  CHECK_FALSE(api::CsvScoring::create(R"({"by":"month"})", error));
  CHECK(error_of(error)["path"] == "$.by");
  CHECK_FALSE(api::CsvScoring::create(R"({"date_column":"d","by":"year"})", error));
  CHECK(error_of(error)["path"] == "$.by");
  CHECK_FALSE(api::CsvScoring::create(R"({"delimiter":"::"})", error));
  CHECK(error_of(error)["path"] == "$.delimiter");
}

TEST_CASE("CSV scoring: a missing column is an error naming the columns there are") {
  std::string error;
  auto scoring = api::CsvScoring::create(R"({"column":"stars"})", error);
  REQUIRE(scoring);
  const json e = error_of(scoring->feed("date,rating\n2024-01-01,5\n"));
  CHECK(e["message"].get<std::string>().find("stars") != std::string::npos);
  CHECK(e["message"].get<std::string>().find("rating") != std::string::npos);
}
