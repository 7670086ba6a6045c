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

TEST_CASE("score from pasted text and values in the points' words of any built-in locale") {
  // Dutch and Swedish words, one line each; a French word among numbers; one unknown word.
  const json pasted = value_of(api::score(
      R"({"scale":"csat5","text":"Zeer tevreden\nzeer ontevreden\nMYCKET NÖJD; 4, Très satisfait\nHeel blij"})"));
  CHECK(pasted["n"] == 5);
  CHECK(pasted["invalid"] == 1);
  CHECK(pasted["distribution"] == json{{"1", 1}, {"2", 0}, {"3", 0}, {"4", 1}, {"5", 3}});
  CHECK(pasted["invalid_values"] == json{"Heel blij"});
  const json values = value_of(api::score(R"({"scale":"helpful","values":["Ja","nee","Sí",1,"Non"]})"));
  CHECK(values["distribution"] == json{{"0", 2}, {"1", 3}});
  CHECK(values["invalid"] == 0);
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
  CHECK(b["caveat_id"] == "acsi.index_not_top_box");
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
  CHECK(s["locale"] == "en");
}

TEST_CASE("scales speak the requested locale, and English for anything else") {
  const json english = value_of(api::scales());
  // The request form with English (or nothing, or a language csatkit does not translate) is the
  // no-argument form, byte for byte: existing callers see no change.
  CHECK(value_of(api::scales(R"({"locale":"en"})")) == english);
  CHECK(value_of(api::scales("{}")) == english);
  CHECK(value_of(api::scales(R"({"locale":"zh-CN"})")) == english);
  CHECK(value_of(api::scales(R"({"locale":null})")) == english);

  const json dutch = value_of(api::scales(R"({"locale":"nl-BE"})"));
  CHECK(dutch["locale"] == "nl");
  const auto scale = [](const json& list, const std::string& id) {
    for (const json& s : list["scales"]) if (s["id"] == id) return s;
    FAIL("no scale " << id);
    return json();
  };
  // The widget's translations (locale.cpp), point by point.
  CHECK(scale(dutch, "csat5")["points"][0]["label"] == "Zeer ontevreden");
  CHECK(scale(dutch, "csat5")["points"][4]["label"] == "Zeer tevreden");
  CHECK(scale(dutch, "csat7")["points"][2]["label"] == "Enigszins ontevreden");
  CHECK(scale(dutch, "emoji3")["points"][2]["label"] == "Tevreden");
  CHECK(scale(dutch, "ces7")["points"][6]["label"] == "Helemaal mee eens");
  CHECK(scale(dutch, "helpful")["points"][0]["label"] == "Nee");
  // Numeric scales: the number per point, the words at the ends as anchors.
  CHECK(scale(dutch, "nps")["points"][9]["label"] == "9");
  CHECK(scale(dutch, "nps")["low_anchor"] == "Zeer onwaarschijnlijk");
  CHECK(scale(dutch, "nps")["high_anchor"] == "Zeer waarschijnlijk");
  CHECK(scale(dutch, "csat10")["low_anchor"] == "Zeer ontevreden");
  CHECK(scale(english, "nps")["low_anchor"] == "Not at all likely");
  CHECK(scale(english, "csat10")["high_anchor"] == "Very satisfied");
  // Everything but the words is the same in every locale.
  for (std::size_t i = 0; i < english["scales"].size(); ++i) {
    json a = english["scales"][i], b = dutch["scales"][i];
    for (json* s : {&a, &b}) {
      s->erase("low_anchor");
      s->erase("high_anchor");
      for (json& point : (*s)["points"]) point.erase("label");
    }
    CHECK(a == b);
  }
  // Right to left: Hebrew is there too.
  CHECK(scale(value_of(api::scales(R"({"locale":"he"})")), "csat5")["points"][4]["label"] != "Very satisfied");

  CHECK(error_of(api::scales(R"({"locale":5})"))["path"] == "$.locale");
  CHECK(error_of(api::scales("[1]"))["path"] == "$");
  CHECK(error_of(api::scales("{"))["code"] == "request.json");
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

// ---- Reports passed back: chart, recommend, summary ---------------------------------------

namespace {

// A CSV report by week and segment, from the core itself.
json csv_report_of(const std::string& options, const std::string& csv) {
  std::string error;
  auto scoring = api::CsvScoring::create(options, error);
  INFO(error);
  REQUIRE(scoring);
  value_of(scoring->feed(csv));
  return value_of(scoring->finish());
}

std::string weekly_csv() {
  // Week 10: 70 of 100 satisfied; week 11: 50 of 100, most unhappy answers from "phone".
  std::string csv = "date,segment,rating\n";
  for (int i = 0; i < 100; ++i) csv += "2024-03-05," + std::string(i % 2 ? "web" : "app") + "," + (i < 70 ? "5" : "2") + "\n";
  for (int i = 0; i < 100; ++i) {
    const bool phone = i >= 60;
    csv += std::string("2024-03-12,") + (phone ? "phone" : i % 2 ? "web" : "app") + "," + (i < 50 ? "4" : "1") + "\n";
  }
  return csv;
}

}  // namespace

TEST_CASE("chart: every kind from the reports the core returns") {
  const json score = value_of(api::score(R"({"scale":"csat5","counts":[100,100,200,300,300]})"));
  const json distribution = value_of(api::chart(json{{"kind", "distribution"}, {"report", score}}.dump()));
  CHECK(distribution["svg"].get<std::string>().rfind("<svg xmlns=", 0) == 0);
  CHECK(distribution["width"] == 640);
  CHECK(distribution["description"].get<std::string>().find("5 (Very satisfied): 300 responses, 30.0%") != std::string::npos);
  // The same chart from counts, and the same bytes for the same request.
  const json from_counts = value_of(api::chart(R"({"kind":"distribution","scale":"csat5","counts":[100,100,200,300,300]})"));
  CHECK(from_counts["description"] == distribution["description"]);
  CHECK(api::chart(R"({"kind":"distribution","counts":[1,2,3,4,5]})") == api::chart(R"({"kind":"distribution","counts":[1,2,3,4,5]})"));

  const json by_week = csv_report_of(R"({"date_column":"date","by":"week"})", weekly_csv());
  const json trend = value_of(api::chart(json{{"kind", "trend"}, {"report", by_week}}.dump()));
  CHECK(trend["description"].get<std::string>().find("2024-W11: 50.0%") != std::string::npos);
  CHECK(trend["description"].get<std::string>().find("20.0 points, significant") != std::string::npos);

  const json both = csv_report_of(R"({"date_column":"date","by":"week","segment":"segment"})", weekly_csv());
  const json trend_of_both = value_of(api::chart(json{{"kind", "trend"}, {"report", both}}.dump()));
  CHECK(trend_of_both["description"] == trend["description"]);  // the overall "periods"
  const json segments = value_of(api::chart(json{{"kind", "segments"}, {"report", both}, {"labels", {{"overall", "All"}}}}.dump()));
  CHECK(segments["description"].get<std::string>().find("All: 60.0%") != std::string::npos);
  CHECK(segments["description"].get<std::string>().find("phone: 0.0%") != std::string::npos);
  // Groups given directly, with their own overall.
  const json direct = value_of(api::chart(
      json{{"kind", "segments"}, {"groups", both["groups"]}, {"overall", both}, {"labels", {{"overall", "All"}}}}.dump()));
  CHECK(direct["description"] == segments["description"]);
}

TEST_CASE("chart: labels, names, separators and id") {
  const json r = value_of(api::chart(R"({"kind":"distribution","counts":[1000,0,0,0,2500],"id":"nl-chart",
      "decimal_separator":",","labels":{"title":"Verdeling","responses":"antwoorden"},"names":{"5":"Zeer tevreden"}})"));
  CHECK(r["title"] == "Verdeling");
  CHECK(r["description"].get<std::string>().find("5 (Zeer tevreden): 2.500 antwoorden, 71,4%") != std::string::npos);
  CHECK(r["svg"].get<std::string>().find("aria-labelledby=\"nl-chart-title nl-chart-desc\"") != std::string::npos);
  const json plain = value_of(api::chart(R"({"kind":"distribution","counts":[1000,0,0,0,0],"group_separator":""})"));
  CHECK(plain["description"].get<std::string>().find("1000 responses") != std::string::npos);
  // Two different charts get different default ids.
  const json other = value_of(api::chart(R"({"kind":"distribution","counts":[1000,0,0,0,1]})"));
  CHECK(other["svg"].get<std::string>().substr(0, 160) != plain["svg"].get<std::string>().substr(0, 160));
}

TEST_CASE("chart: descriptions say what the points mean, the axis keeps the numbers") {
  const json r = value_of(api::chart(R"({"kind":"distribution","scale":"nps","counts":{"0":1,"9":3},
      "descriptions":{"0":"Zeer onwaarschijnlijk","9":"9"}})"));
  const std::string description = r["description"];
  CHECK(description.find("0 (Zeer onwaarschijnlijk): 1 ") != std::string::npos);
  CHECK(description.find(" 9: 3 ") != std::string::npos);
  CHECK(description.find("(9)") == std::string::npos);
  CHECK(r["svg"].get<std::string>().find(">Zeer onwaarschijnlijk</text>") == std::string::npos);
  const json bad = error_of(api::chart(R"({"kind":"distribution","counts":[1,2,3,4,5],"descriptions":{"1":2}})"));
  CHECK(bad["code"] == "request.invalid");
  CHECK(bad["path"] == "$.descriptions.1");
  CHECK(error_of(api::chart(R"({"kind":"distribution","counts":[1,2,3,4,5],"descriptions":[]})"))["path"] == "$.descriptions");
}

TEST_CASE("chart: bad requests name the field") {
  const json score = value_of(api::score(R"({"counts":[1,2,3,4,5]})"));
  json inconsistent = score;
  inconsistent["n"] = 99;
  const json tampered = json{{"kind", "distribution"}, {"report", inconsistent}};
  const json no_periods = json{{"kind", "trend"}, {"report", score}};
  struct Case {
    std::string request;
    const char* code;
    const char* path;
  };
  for (const Case& c : {
           Case{R"({"counts":[1,2,3,4,5]})", "request.invalid", "$.kind"},
           Case{R"({"kind":"pie","counts":[1,2,3,4,5]})", "request.invalid", "$.kind"},
           Case{R"({"kind":"distribution"})", "request.invalid", "$.report"},
           Case{R"({"kind":"distribution","counts":[1,2,3]})", "request.invalid", "$.counts"},
           Case{R"({"kind":"distribution","counts":[1,2,3,4,5],"labels":{"titel":"x"}})", "request.invalid", "$.labels.titel"},
           Case{R"({"kind":"distribution","counts":[1,2,3,4,5],"labels":{"title":5}})", "request.invalid", "$.labels.title"},
           Case{R"({"kind":"distribution","counts":[1,2,3,4,5],"decimal_separator":";"})", "request.invalid", "$.decimal_separator"},
           Case{R"({"kind":"distribution","counts":[1,2,3,4,5],"id":"a b"})", "request.invalid", "$.id"},
           Case{R"({"kind":"distribution","report":{"scale":"csat5"}})", "request.invalid", "$.report.distribution"},
           Case{tampered.dump(), "report.inconsistent", "$.report.n"},
           Case{no_periods.dump(), "chart.empty", "$.report"},
           Case{R"({"kind":"trend","groups":[{"scale":"csat5","distribution":{"1":1}}]})", "request.invalid", "$.groups[0].period"},
           Case{R"({"kind":"trend","groups":[{"period":"x","scale":"csat5","distribution":{"1":1},"test":{"significant":"yes"}}]})",
                "request.invalid", "$.groups[0].test.significant"},
           Case{R"({"kind":"trend","metric":"nps","groups":[{"period":"x","scale":"csat5","distribution":{"1":1}}]})",
                "report.metric", "$.metric"},
       }) {
    INFO(c.request);
    const json error = error_of(api::chart(c.request));
    CHECK(error["code"] == c.code);
    CHECK(error["path"] == c.path);
  }
}

TEST_CASE("recommend: from a CSV report by week and segment") {
  const json both = csv_report_of(R"({"date_column":"date","by":"week","segment":"segment"})", weekly_csv() + "2024-03-12,web,9\n");
  const json r = value_of(api::recommend(json{{"report", both}, {"benchmark", "banks"}, {"target", 80}}.dump()));
  std::vector<std::string> ids;
  for (const json& item : r["recommendations"]) {
    ids.push_back(item["id"]);
    CHECK(!item["message"].get<std::string>().empty());
    CHECK(item["data"].is_object());
  }
  // 201 responses give ±6.8 points (more than the default 5 wanted); warnings first, in rule order.
  const std::vector<std::string> expected = {"sample.margin_too_wide", "target.missed", "change.significant",
                                             "segment.negatives_concentrated", "benchmark.comparison",
                                             "data.unusable_rows"};
  CHECK(ids == expected);
  CHECK(r["recommendations"][2]["severity"] == "warning");
  CHECK(r["recommendations"][2]["data"]["from"] == "2024-W10");
  CHECK(r["recommendations"][3]["data"]["segment"] == "phone");
  CHECK(r["recommendations"][5]["data"]["first_lines"] == json::array({202}));
}

TEST_CASE("recommend: comparison, margin and rate; errors") {
  const json cmp = value_of(api::compare(R"({"a":{"counts":{"4":600,"1":400}},"b":{"counts":{"4":540,"1":460}}})"));
  const json r = value_of(api::recommend(json{{"report", cmp["b"]}, {"comparison", cmp}, {"margin", 2}, {"response_rate", 0.5}}.dump()));
  REQUIRE(r["recommendations"].size() == 2);
  CHECK(r["recommendations"][0]["id"] == "sample.margin_too_wide");
  CHECK(r["recommendations"][0]["data"]["more_invitations"].get<int>() ==
        2 * r["recommendations"][0]["data"]["more_needed"].get<int>());
  CHECK(r["recommendations"][1]["id"] == "change.significant");
  for (const auto& [request, path] : std::vector<std::pair<std::string, std::string>>{
           {R"({})", "$.report"},
           {R"({"report":{"scale":"csat5","distribution":{"1":1}},"benchmark":"moon"})", "$.benchmark"},
           {R"({"report":{"scale":"csat5","distribution":{"1":1}},"target":101})", "$.target"},
           {R"({"report":{"scale":"csat5","distribution":{"1":1}},"margin":0})", "$.margin"},
           {R"({"report":{"scale":"csat5","distribution":{"1":1}},"response_rate":2})", "$.response_rate"},
           {R"({"report":{"scale":"csat5","distribution":{"1":1}},"comparison":{"a":{}}})", "$.comparison.a.scale"},
           {R"({"report":{"scale":"csat5","distribution":{"1":1}},"comparison":{"b":{}}})", "$.comparison.a"},
       }) {
    INFO(request);
    CHECK(error_of(api::recommend(request))["path"] == path);
  }
}

TEST_CASE("reports of every scale come back in, with a moved threshold kept") {
  for (const char* request : {R"({"scale":"nps","counts":{"10":200,"8":120,"0":80}})",
                              R"({"scale":"helpful","values":["yes","no","yes"]})",
                              R"({"scale":"ces7","counts":[1,1,1,1,1,1,1]})",
                              R"({"scale":"emoji3","counts":[1,2,3]})",
                              R"({"scale":"csat5","counts":[1,2,3,4,5],"satisfied_from":5})"}) {
    INFO(request);
    const json report = value_of(api::score(request));
    const json back = value_of(api::summary(json{{"report", report}}.dump()));
    CHECK(back["n"] == report["n"]);
    value_of(api::chart(json{{"kind", "distribution"}, {"report", report}}.dump()));
    value_of(api::recommend(json{{"report", report}}.dump()));
  }
  // NPS 200/120/80: 30 ± 7.6 (score_summary_test.cpp); top box 5 only on csat5: 5 of 15 = 33.3%.
  const json nps = value_of(api::score(R"({"scale":"nps","counts":{"10":200,"8":120,"0":80}})"));
  CHECK(value_of(api::summary(json{{"report", nps}}.dump()))["text"] == "30 \xC2\xB1 7.6 points, 22.2\xE2\x80\x93" "37.4");
  const json top = value_of(api::score(R"({"scale":"csat5","counts":[1,2,3,4,5],"satisfied_from":5})"));
  CHECK(value_of(api::summary(json{{"report", top}}.dump()))["value"] == 33.3);
}

TEST_CASE("summary: from a report or from counts") {
  const json score = value_of(api::score(R"({"counts":[100,100,200,300,300]})"));
  const json from_report = value_of(api::summary(json{{"report", score}}.dump()));
  CHECK(from_report["text"] == "60% \xC2\xB1 3.0 points, 56.9\xE2\x80\x93" "63.0");
  CHECK(from_report["value"] == 60.0);
  CHECK(from_report["margin"] == 3.0);
  CHECK(from_report["low"] == 56.9);
  CHECK(from_report["high"] == 63.0);
  CHECK(from_report["metric"] == "csat");
  CHECK(from_report["unit"] == "%");
  const json from_counts = value_of(api::summary(R"({"scale":"csat5","counts":[100,100,200,300,300],"metric":"mean"})"));
  CHECK(from_counts["text"] == "3.60 \xC2\xB1 0.08, 3.52\xE2\x80\x93" "3.68");
  CHECK(error_of(api::summary(R"({"counts":[1,1,1,1,1],"decimals":7})"))["path"] == "$.decimals");
  CHECK(error_of(api::summary(R"({"counts":[1,1,1,1,1],"metric":"nps"})"))["path"] == "$.metric");
  CHECK(error_of(api::summary(R"({})"))["path"] == "$.report");
}

TEST_CASE("plan: collected responses, invitations both ways, a warning past the population") {
  // 601 responses from a base of 5,000 (see above); 200 collected → 401 more; at 10%: 6,010
  // invitations, more than the 5,000 customers: a warning, not an error.
  const json p = value_of(api::plan(R"({"margin":3,"expected":80,"population":5000,"response_rate":0.1,"collected":200})"));
  CHECK(p["responses"] == 601);
  CHECK(p["invitations"] == 6010);
  CHECK(p["more"] == 401);
  CHECK(p["more_invitations"] == 4010);
  REQUIRE(p["warnings"].size() == 1);
  CHECK(p["warnings"][0]["id"] == "plan.invitations_exceed_population");
  CHECK(p["warnings"][0]["data"]["population"] == 5000);
  const json enough = value_of(api::plan(R"({"margin":3,"expected":80,"population":5000,"response_rate":0.25,"collected":700})"));
  CHECK(enough["more"] == 0);
  CHECK(enough["warnings"].empty());
  // Reverse with a rate: 400 responses at 20% take 2,000 invitations.
  CHECK(value_of(api::plan(R"({"responses":400,"response_rate":0.2})"))["invitations"] == 2000);
  CHECK(error_of(api::plan(R"({"margin":0})"))["path"] == "$.margin");
  CHECK(error_of(api::plan(R"({"margin":3,"expected":120})"))["path"] == "$.expected");
  CHECK(error_of(api::plan(R"({"responses":5,"response_rate":0})"))["path"] == "$.response_rate");
}
