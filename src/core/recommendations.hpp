// Recommendations that follow from the data, not a fixed list: each rule looks at a report (and
// optionally a before/after comparison, a target, a benchmark) and speaks only when its
// condition holds. Each has a stable id and its numbers in `data`, so a page can translate the
// English message; the rules and their thresholds are listed here and in web/core.d.ts.
//
// Rules, in the order they are listed (then sorted by severity, stable):
//   sample.empty                    critical  n = 0 (then only data.unusable_rows may follow)
//   sample.below_minimum            critical  n < min_responses
//   sample.margin_too_wide          warning   half-width of the interval > the margin wanted
//   target.missed | target.undecided warning  the interval is below the target | contains it
//   target.met                      info      the interval is at or above the target
//   change.significant              warning for a drop, info for a rise
//   change.within_noise             info      the comparison given, else the latest period
//   trend.drop                      warning   an earlier period's significant drop (≤ 5, latest first)
//   segment.negatives_concentrated  warning   see below
//   benchmark.comparison | benchmark.not_comparable  info
//   data.unusable_rows              warning above 5% of rows, else info
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/benchmarks.hpp"
#include "core/report.hpp"
#include "core/report_metric.hpp"
#include "core/score.hpp"
#include "core/significance.hpp"

namespace csatkit {

enum class Severity { Critical, Warning, Info };
std::string_view to_string(Severity severity);  // "critical", "warning", "info"

struct Recommendation {
  std::string id;
  Severity severity;
  std::string message;  // English, one or two sentences
  Json data;            // an object: the numbers and names the message was made from
};

// A period or segment of a report, with its test as the report gives it (against the previous
// period or against the rest, Holm-corrected across its list).
struct RecommendationGroup {
  std::string key;
  ScoreResult score;
  std::optional<Comparison> test;
};

// A before/after: a compare() report.
struct RecommendationChange {
  std::string from = "a";
  std::string to = "b";
  ScoreResult before;
  ScoreResult after;
  Comparison test;
};

struct RecommendationInput {
  ScoreResult total;
  std::vector<RecommendationGroup> periods;   // chronological
  std::vector<RecommendationGroup> segments;
  std::optional<RecommendationChange> comparison;
  // A CSV report's rows and bad rows (the first kept lines); a score report's invalid values are
  // read from total.invalid.
  std::optional<std::uint64_t> rows;
  std::uint64_t bad_rows = 0;
  std::vector<std::uint64_t> first_bad_lines;
  double wanted_margin = 5.0;          // points, > 0
  std::uint64_t min_responses = 30;
  std::optional<Benchmark> benchmark;
  std::optional<double> target;        // of the headline metric
  std::optional<double> response_rate; // (0, 1]
};

// segment.negatives_concentrated: a segment's negative answers (detractors on NPS) as a share of
// all negative answers exceeds its share of all responses by at least this factor, and its
// negative rate is significantly higher than the rest's (pooled two-proportion z-test, Holm
// across the segments, at the report's confidence). Both, so that neither a tiny significant
// difference in a huge file nor a large but noisy one in a small file is called a concentration.
inline constexpr double kConcentrationFactor = 1.25;
inline constexpr std::size_t kTrendDropsListed = 5;
inline constexpr double kUnusableShareWarning = 0.05;

std::vector<Recommendation> recommend(const RecommendationInput& input);

// Responses needed for a half-width of `margin` points on a score's headline metric, and why:
// percent metrics use sample_size (responses_needed) at the expected share that is the point of
// the current interval nearest 50% — the most conservative value the data still allows, which
// guarantees more than n whenever the current half-width is wider than the margin; NPS scales
// n by (current half-width / margin)², since the margin shrinks with √n.
std::optional<std::uint64_t> responses_for_margin(const ScoreResult& score, double margin);

}  // namespace csatkit
