// Which figure of a score report a chart, a summary or a recommendation is about: CSAT % (top
// box), NPS, CES % agree, % helpful or the mean. Each scale family has its own headline metric;
// the mean applies to every scale.
#pragma once

#include <string>
#include <string_view>

#include "core/intervals.hpp"
#include "core/number_text.hpp"
#include "core/result.hpp"
#include "core/scale.hpp"
#include "core/score.hpp"

namespace csatkit {

enum class ReportMetric { Csat, Nps, Ces, Helpful, Mean };

// "csat", "nps", "ces", "helpful", "mean" (the keys of the score report).
std::string_view to_string(ReportMetric metric);
Result<ReportMetric> parse_report_metric(std::string_view text);

// The family's headline: csat → Csat, nps → Nps, ces → Ces, helpful → Helpful.
ReportMetric headline_metric(ScaleFamily family);

// Error (report.metric) when the metric is not one of the scale's: NPS of a csat5 report, or
// CSAT % of an NPS report (its positive share is % promoters, not CSAT).
Status check_metric(ReportMetric metric, const Scale& scale);

// The metric's estimate in a score (percent metrics 0–100, NPS −100…100, the mean on the scale).
Estimate metric_estimate(const ScoreResult& score, ReportMetric metric);

// English name for titles and axes: "CSAT %", "NPS", "CES % agree", "% helpful", "Mean rating".
std::string metric_title(ReportMetric metric);

// Whether values are percentages (printed with "%").
bool metric_is_percent(ReportMetric metric);

// A value for people: "61.2%", "30.0" (NPS), "3.60" (the mean); "n/a" when not finite.
std::string metric_value_text(double value, ReportMetric metric, const NumberFormat& number = {});
// The bounds for people: "58.0–64.3" (the mean with 2 decimals); "n/a" when not finite.
std::string metric_interval_text(const Estimate& estimate, ReportMetric metric, const NumberFormat& number = {});

// The range the metric can take on a scale: [0, 100], [−100, 100] or [min, max] for the mean.
struct MetricRange {
  double low;
  double high;
};
MetricRange metric_range(ReportMetric metric, const Scale& scale);

// Whether a report's significance tests are about this metric: they test the positive share
// (NPS for NPS), never the mean.
bool metric_is_tested(ReportMetric metric);

}  // namespace csatkit
