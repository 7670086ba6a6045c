#include "core/report.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace csatkit;

TEST_CASE("rounded: fixed decimals, no negative zero, NaN and infinity as null") {
  CHECK(rounded(56.930942, 2).get<double>() == Approx(56.93));
  CHECK(rounded(0.0067289, 6).get<double>() == Approx(0.006729));
  CHECK_FALSE(std::signbit(rounded(-0.0001, 2).get<double>()));
  CHECK(rounded(std::nan(""), 2).is_null());
  CHECK(rounded(INFINITY, 2).is_null());
}

TEST_CASE("an empty tally reports nulls, not made-up numbers") {
  const Scale csat5 = Scale::find("csat5").value();
  const Json report = score_json(score(Tally(csat5), csat5).value());
  CHECK(report["n"] == 0);
  CHECK(report["csat"]["percent"].is_null());
  CHECK(report["mean"]["value"].is_null());
}

TEST_CASE("CSV report: segments tested against the rest with Holm, periods nested and overall") {
  const Scale csat5 = Scale::find("csat5").value();
  CsvImportSummary summary{Tally(csat5)};
  auto add = [&](const std::string& segment, const std::string& month, int rating, int count) {
    summary.total.add(rating, count);
    summary.by_segment.try_emplace(segment, csat5).first->second.add(rating, count);
    summary.by_period.try_emplace(month, csat5).first->second.add(rating, count);
    summary.by_segment_period[segment].try_emplace(month, csat5).first->second.add(rating, count);
  };
  // Segment "a" is clearly happier than the rest; "b" and "c" are alike.
  add("a", "2024-01", 5, 90);
  add("a", "2024-02", 1, 10);
  add("b", "2024-01", 5, 50);
  add("b", "2024-02", 1, 50);
  add("c", "2024-01", 5, 48);
  add("c", "2024-02", 1, 52);
  summary.rows = 300;
  const Json report = csv_report(summary, csat5, {}).value();
  CHECK(report["n"] == 300);
  REQUIRE(report["groups"].size() == 3);
  const Json& a = report["groups"][0];
  CHECK(a["segment"] == "a");
  CHECK(a["test"]["against"] == "rest");
  // a: 90/100 vs rest 98/200 → +41 points.
  CHECK(a["test"]["difference"].get<double>() == Approx(41.0));
  CHECK(a["test"]["significant"] == true);
  // Holm never lowers a p-value.
  for (const Json& g : report["groups"]) {
    CHECK(g["test"]["p_adjusted"].get<double>() >= g["test"]["p_value"].get<double>());
  }
  REQUIRE(a["groups"].size() == 2);
  CHECK(a["groups"][1]["period"] == "2024-02");
  CHECK(a["groups"][1]["test"]["against"] == "previous period");
  REQUIRE(report["periods"].size() == 2);
  CHECK(report["periods"][0]["n"] == 188);
}
