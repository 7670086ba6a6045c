#include "core/report_metric.hpp"

#include <cmath>

namespace csatkit {

std::string_view to_string(ReportMetric metric) {
  switch (metric) {
    case ReportMetric::Csat: return "csat";
    case ReportMetric::Nps: return "nps";
    case ReportMetric::Ces: return "ces";
    case ReportMetric::Helpful: return "helpful";
    case ReportMetric::Mean: return "mean";
  }
  return "csat";
}

Result<ReportMetric> parse_report_metric(std::string_view text) {
  for (ReportMetric metric : {ReportMetric::Csat, ReportMetric::Nps, ReportMetric::Ces, ReportMetric::Helpful,
                              ReportMetric::Mean}) {
    if (text == to_string(metric)) return metric;
  }
  return Error{"report.metric", "metric",
               "unknown metric \"" + std::string(text.substr(0, 40)) +
                   "\"; expected one of \"csat\", \"nps\", \"ces\", \"helpful\", \"mean\""};
}

ReportMetric headline_metric(ScaleFamily family) {
  switch (family) {
    case ScaleFamily::Csat: return ReportMetric::Csat;
    case ScaleFamily::Nps: return ReportMetric::Nps;
    case ScaleFamily::Ces: return ReportMetric::Ces;
    case ScaleFamily::Helpful: return ReportMetric::Helpful;
  }
  return ReportMetric::Csat;
}

Status check_metric(ReportMetric metric, const Scale& scale) {
  if (metric == ReportMetric::Mean || metric == headline_metric(scale.family())) return Ok{};
  return Error{"report.metric", "metric",
               "the metric \"" + std::string(to_string(metric)) + "\" does not apply to the " + scale.id() +
                   " scale; use \"" + std::string(to_string(headline_metric(scale.family()))) + "\" or \"mean\""};
}

Estimate metric_estimate(const ScoreResult& score, ReportMetric metric) {
  if (metric == ReportMetric::Mean) return score.mean;
  if (metric == ReportMetric::Nps && score.nps) return *score.nps;
  return score.satisfied_percent;
}

std::string metric_title(ReportMetric metric) {
  switch (metric) {
    case ReportMetric::Csat: return "CSAT %";
    case ReportMetric::Nps: return "NPS";
    case ReportMetric::Ces: return "CES % agree";
    case ReportMetric::Helpful: return "% helpful";
    case ReportMetric::Mean: return "Mean rating";
  }
  return "CSAT %";
}

bool metric_is_percent(ReportMetric metric) {
  return metric == ReportMetric::Csat || metric == ReportMetric::Ces || metric == ReportMetric::Helpful;
}

std::string metric_value_text(double value, ReportMetric metric, const NumberFormat& number) {
  if (metric == ReportMetric::Mean) return fixed_text(value, 2, number);
  std::string text = fixed_text(value, 1, number);
  if (metric_is_percent(metric) && std::isfinite(value)) text += '%';
  return text;
}

std::string metric_interval_text(const Estimate& estimate, ReportMetric metric, const NumberFormat& number) {
  if (!std::isfinite(estimate.low) || !std::isfinite(estimate.high)) return "n/a";
  const int decimals = metric == ReportMetric::Mean ? 2 : 1;
  return fixed_text(estimate.low, decimals, number) + "\xE2\x80\x93" + fixed_text(estimate.high, decimals, number);
}

MetricRange metric_range(ReportMetric metric, const Scale& scale) {
  if (metric == ReportMetric::Nps) return {-100, 100};
  if (metric == ReportMetric::Mean) return {static_cast<double>(scale.min()), static_cast<double>(scale.max())};
  return {0, 100};
}

bool metric_is_tested(ReportMetric metric) { return metric != ReportMetric::Mean; }

}  // namespace csatkit
