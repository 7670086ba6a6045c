// A score "in words", so a page prints "60% ± 3.0 points, 56.9–63.0" without computing:
// the value, the margin and the bounds already rounded, and the English sentence.
//
// The margin is the half-width of the interval, (high − low) / 2. A Wilson interval is not
// symmetric around the estimate (600/1000: 56.93–62.99 around 60, i.e. −3.07/+2.99), so "±" is
// the half-width and the printed bounds are the exact ones; the half-width is what a margin of
// error means in planning (sample_size.hpp) as well.
#pragma once

#include <cstdint>
#include <string>

#include "core/number_text.hpp"
#include "core/report_metric.hpp"
#include "core/score.hpp"

namespace csatkit {

struct ScoreSummary {
  ReportMetric metric;
  double value;   // rounded to `decimals`; NaN without responses
  double margin;  // half-width, rounded; NaN when the interval cannot be computed
  double low;
  double high;
  std::uint64_t n;
  double confidence;
  int decimals;
  std::string unit;  // "%" for percent metrics, "" otherwise
  // "60% ± 3.0 points, 56.9–63.0" (percent: the value without trailing zeros, the rest with
  // `decimals`); NPS "30 ± 7.6 points, 22.2–37.4"; the mean "3.60 ± 0.08, 3.52–3.68";
  // "no responses" when n = 0; only the value when the interval cannot be computed.
  std::string text;
};

// The default decimals: 1, and 2 for the mean (a mean of 3.6 vs 3.64 matters on a 1–5 scale).
int default_summary_decimals(ReportMetric metric);

// Precondition: check_metric(metric, score.scale) passed; decimals in 0–4.
ScoreSummary summarize(const ScoreResult& score, ReportMetric metric, int decimals, const NumberFormat& number = {});

}  // namespace csatkit
