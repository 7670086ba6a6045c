#include "core/score_summary.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "test_scores.hpp"

using namespace csatkit;

// References (Python 3 stdlib, z = NormalDist().inv_cdf(0.975)):
// - Wilson 600/1000: 56.930943–62.992522, half-width 3.030789 (score_test.cpp's method).
// - NPS 200/120/80 of 400, adjusted Wald (significance.hpp's method): 22.152–37.401 → half 7.624.
// - mean of csat5 100/100/200/300/300: 3.6, sd = statistics.stdev = 1.281266, t(0.975, 999) =
//   1.962341 (mpmath: root of the regularized incomplete beta) → 3.6 ± 0.07951 → 3.5205–3.6795.

using test::scored;

namespace {

const test::Counts kBrief = {{1, 100}, {2, 100}, {3, 200}, {4, 300}, {5, 300}};

}  // namespace

TEST_CASE("summary: the brief's 60% ± 3.0 points, 56.9–63.0") {
  const ScoreSummary s = summarize(scored("csat5", kBrief), ReportMetric::Csat, 1);
  CHECK(s.text == "60% \xC2\xB1 3.0 points, 56.9\xE2\x80\x93" "63.0");
  CHECK(s.value == 60.0);
  CHECK(s.margin == 3.0);  // the half-width, although 60 − 56.93 = 3.07 (asymmetric Wilson)
  CHECK(s.low == 56.9);
  CHECK(s.high == 63.0);
  CHECK(s.n == 1000);
  CHECK(s.unit == "%");
}

TEST_CASE("summary: more decimals, a comma, NPS and the mean") {
  const ScoreResult brief = scored("csat5", kBrief);
  const ScoreSummary two = summarize(brief, ReportMetric::Csat, 2, NumberFormat::with_decimal(','));
  CHECK(two.text == "60% \xC2\xB1 3,03 points, 56,93\xE2\x80\x93" "62,99");
  CHECK(two.margin == 3.03);
  const ScoreSummary nps = summarize(scored("nps", {{10, 200}, {8, 120}, {0, 80}}), ReportMetric::Nps, 1);
  CHECK(nps.text == "30 \xC2\xB1 7.6 points, 22.2\xE2\x80\x93" "37.4");
  CHECK(nps.unit.empty());
  const ScoreSummary mean = summarize(brief, ReportMetric::Mean, default_summary_decimals(ReportMetric::Mean));
  CHECK(mean.text == "3.60 \xC2\xB1 0.08, 3.52\xE2\x80\x93" "3.68");
  CHECK(mean.value == 3.6);
}

TEST_CASE("summary: no responses") {
  const ScoreSummary empty = summarize(scored("csat5", {}), ReportMetric::Csat, 1);
  CHECK(empty.text == "no responses");
  CHECK(std::isnan(empty.value));
  CHECK(std::isnan(empty.margin));
  CHECK(empty.n == 0);
}
