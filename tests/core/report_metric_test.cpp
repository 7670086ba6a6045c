#include "core/report_metric.hpp"

#include <catch2/catch.hpp>

#include "test_scores.hpp"

using namespace csatkit;
using test::scored;

TEST_CASE("report metrics: names, parsing, the family's headline") {
  for (ReportMetric metric : {ReportMetric::Csat, ReportMetric::Nps, ReportMetric::Ces, ReportMetric::Helpful,
                              ReportMetric::Mean}) {
    CHECK(parse_report_metric(to_string(metric)).value() == metric);
  }
  const auto unknown = parse_report_metric("<b>csat</b>");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == "report.metric");
  CHECK(headline_metric(ScaleFamily::Nps) == ReportMetric::Nps);
  CHECK(headline_metric(ScaleFamily::Helpful) == ReportMetric::Helpful);
}

TEST_CASE("a metric applies only to its own family, the mean to all") {
  const Scale csat5 = Scale::find("csat5").value();
  const Scale nps = Scale::find("nps").value();
  CHECK(check_metric(ReportMetric::Csat, csat5).ok());
  CHECK(check_metric(ReportMetric::Mean, csat5).ok());
  CHECK(check_metric(ReportMetric::Nps, nps).ok());
  const Status wrong = check_metric(ReportMetric::Csat, nps);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().path == "metric");
  CHECK_FALSE(check_metric(ReportMetric::Nps, csat5).ok());
}

TEST_CASE("metric estimates, ranges and texts") {
  // 600 of 1000 satisfied: Wilson 56.93–62.99 (see score_test.cpp for the reference method).
  const ScoreResult csat = scored("csat5", {{1, 100}, {2, 100}, {3, 200}, {4, 300}, {5, 300}});
  CHECK(metric_estimate(csat, ReportMetric::Csat).value == Approx(60.0));
  CHECK(metric_estimate(csat, ReportMetric::Mean).value == Approx(3.6));
  CHECK(metric_value_text(60, ReportMetric::Csat) == "60.0%");
  CHECK(metric_value_text(3.6, ReportMetric::Mean) == "3.60");
  CHECK(metric_value_text(-12.5, ReportMetric::Nps) == "\xE2\x88\x92" "12.5");
  CHECK(metric_interval_text(metric_estimate(csat, ReportMetric::Csat), ReportMetric::Csat) == "56.9\xE2\x80\x93" "63.0");
  // NPS 200 promoters, 120 passives, 80 detractors of 400: 30 (the README's vector).
  const ScoreResult nps = scored("nps", {{10, 200}, {8, 120}, {0, 80}});
  CHECK(metric_estimate(nps, ReportMetric::Nps).value == Approx(30.0));
  CHECK(metric_range(ReportMetric::Nps, nps.scale).low == -100);
  CHECK(metric_range(ReportMetric::Mean, nps.scale).high == 10);
  CHECK(metric_range(ReportMetric::Csat, csat.scale).high == 100);
  CHECK(metric_is_percent(ReportMetric::Ces));
  CHECK_FALSE(metric_is_percent(ReportMetric::Nps));
  CHECK_FALSE(metric_is_tested(ReportMetric::Mean));
  CHECK(metric_title(ReportMetric::Csat) == "CSAT %");
}
