// Did it really change? Tests between periods or segments, with Holm's correction when many
// comparisons are made at once, and a plain-language verdict.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/intervals.hpp"

namespace csatkit {

struct Comparison {
  double difference;     // b − a, in points (percentage points, or NPS points)
  double z;              // test statistic
  double p_value;        // two-sided
  double p_adjusted;     // after Holm (equals p_value for a single comparison)
  bool significant;      // p_adjusted < 1 − confidence (never for a confidence outside (0, 1))
  double confidence;
  std::string verdict;   // "significant at 95%" or "within noise"
};

// Tests with no responses on a side report this verdict, NaN statistics and not significant.
inline constexpr const char* kNotEnoughDataVerdict = "not enough data";

// Pooled two-proportion z-test of a = x_a/n_a against b = x_b/n_b (CSAT %, % agree, % yes).
// 600/1000 vs 540/1000 → z −2.71, p 0.0067 (difference −6.0 points: b − a; z has its sign).
// When both groups are all successes (or all failures) there is no variance: z 0, p 1.
Comparison two_proportion_test(std::uint64_t successes_a, std::uint64_t n_a, std::uint64_t successes_b,
                               std::uint64_t n_b, double confidence);

// NPS difference test: z = (NPS'_b − NPS'_a) / sqrt(var_a/(n_a+3) + var_b/(n_b+3)) with the
// adjusted Wald proportions and variance of each group (see nps_adjusted_wald); the difference
// reported is the plain NPS_b − NPS_a in NPS points.
Comparison nps_difference_test(const NpsCounts& a, const NpsCounts& b, double confidence);

// Holm–Bonferroni step-down over a family of comparisons: sets p_adjusted, significant and
// verdict of each in place (order is preserved). Comparisons without a p-value (not enough
// data) were not tested: they keep NaN and do not count in the family size.
void holm_adjust(std::vector<Comparison>& family);

// "significant at 95%" / "within noise" (the level printed as the confidence given: 95, 99.9).
std::string verdict_text(bool significant, double confidence);

}  // namespace csatkit
