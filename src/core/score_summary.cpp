#include "core/score_summary.hpp"

#include <cmath>
#include <limits>

namespace csatkit {

namespace {

double round_to(double value, int decimals) {
  if (!std::isfinite(value)) return std::numeric_limits<double>::quiet_NaN();
  const double factor = std::pow(10.0, decimals);
  const double rounded = std::round(value * factor) / factor;
  return rounded == 0 ? 0.0 : rounded;
}

}  // namespace

int default_summary_decimals(ReportMetric metric) { return metric == ReportMetric::Mean ? 2 : 1; }

ScoreSummary summarize(const ScoreResult& score, ReportMetric metric, int decimals, const NumberFormat& number) {
  const Estimate estimate = metric_estimate(score, metric);
  const bool has_interval = std::isfinite(estimate.low) && std::isfinite(estimate.high);
  ScoreSummary summary{metric,
                       round_to(estimate.value, decimals),
                       has_interval ? round_to((estimate.high - estimate.low) / 2, decimals)
                                    : std::numeric_limits<double>::quiet_NaN(),
                       round_to(estimate.low, decimals),
                       round_to(estimate.high, decimals),
                       score.n,
                       score.confidence,
                       decimals,
                       metric_is_percent(metric) ? "%" : "",
                       ""};
  if (score.n == 0 || !std::isfinite(estimate.value)) {
    summary.text = "no responses";
    return summary;
  }
  // Percentages and NPS read best without trailing zeros ("60%"); a mean keeps its places.
  summary.text = metric == ReportMetric::Mean ? fixed_text(estimate.value, decimals, number)
                                              : short_text(estimate.value, decimals, number);
  summary.text += summary.unit;
  if (has_interval) {
    summary.text += " \xC2\xB1 " + fixed_text((estimate.high - estimate.low) / 2, decimals, number);
    if (metric != ReportMetric::Mean) summary.text += " points";
    summary.text += ", " + fixed_text(estimate.low, decimals, number) + "\xE2\x80\x93" +
                    fixed_text(estimate.high, decimals, number);
  }
  return summary;
}

}  // namespace csatkit
