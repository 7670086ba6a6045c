#include "core/significance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/distributions.hpp"

namespace csatkit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_significant(double p_value, double confidence) {
  // NaN p-values and nonsense confidence levels compare false: never significant.
  return confidence > 0 && confidence < 1 && p_value < 1 - confidence;
}

Comparison not_enough_data(double confidence) {
  return {kNaN, kNaN, kNaN, kNaN, false, confidence, kNotEnoughDataVerdict};
}

Comparison from_z(double difference, double z, double confidence) {
  // 2·Φ(−|z|) via erfc keeps small p-values exact instead of rounding 1 − Φ(|z|) to 0.
  const double p_value = std::erfc(std::fabs(z) / std::sqrt(2.0));
  const bool significant = is_significant(p_value, confidence);
  return {difference, z, p_value, p_value, significant, confidence, verdict_text(significant, confidence)};
}

struct AdjustedNps {
  double n;         // n + 3
  double nps;       // p'_promoters − p'_detractors, as a fraction
  double variance;  // p'_promoters + p'_detractors − nps²
};

AdjustedNps adjusted_nps(const NpsCounts& counts) {
  const double n = static_cast<double>(counts.n()) + 3;
  const double promoters = (static_cast<double>(counts.promoters) + 0.75) / n;
  const double detractors = (static_cast<double>(counts.detractors) + 0.75) / n;
  const double nps = promoters - detractors;
  return {n, nps, promoters + detractors - nps * nps};
}

double plain_nps_points(const NpsCounts& counts) {
  return 100.0 * (static_cast<double>(counts.promoters) - static_cast<double>(counts.detractors)) /
         static_cast<double>(counts.n());
}

}  // namespace

Comparison two_proportion_test(std::uint64_t successes_a, std::uint64_t n_a, std::uint64_t successes_b,
                               std::uint64_t n_b, double confidence) {
  if (n_a == 0 || n_b == 0 || successes_a > n_a || successes_b > n_b) return not_enough_data(confidence);
  const double size_a = static_cast<double>(n_a);
  const double size_b = static_cast<double>(n_b);
  const double p_a = static_cast<double>(successes_a) / size_a;
  const double p_b = static_cast<double>(successes_b) / size_b;
  const double pooled = static_cast<double>(successes_a + successes_b) / (size_a + size_b);
  const double standard_error = std::sqrt(pooled * (1 - pooled) * (1 / size_a + 1 / size_b));
  const double difference = p_b - p_a;
  // Pooled p of 0 or 1 means both groups are identical (all yes or all no): no evidence of change.
  const double z = standard_error > 0 ? difference / standard_error : 0.0;
  return from_z(100 * difference, z, confidence);
}

Comparison nps_difference_test(const NpsCounts& a, const NpsCounts& b, double confidence) {
  if (a.n() == 0 || b.n() == 0) return not_enough_data(confidence);
  const AdjustedNps adjusted_a = adjusted_nps(a);
  const AdjustedNps adjusted_b = adjusted_nps(b);
  // The +3/4 adjustment keeps both variances positive, so the standard error never vanishes.
  const double standard_error =
      std::sqrt(adjusted_a.variance / adjusted_a.n + adjusted_b.variance / adjusted_b.n);
  const double z = (adjusted_b.nps - adjusted_a.nps) / standard_error;
  return from_z(plain_nps_points(b) - plain_nps_points(a), z, confidence);
}

void holm_adjust(std::vector<Comparison>& family) {
  std::vector<size_t> tested;
  for (size_t i = 0; i < family.size(); ++i) {
    if (!std::isnan(family[i].p_value)) tested.push_back(i);
  }
  std::stable_sort(tested.begin(), tested.end(),
                   [&](size_t left, size_t right) { return family[left].p_value < family[right].p_value; });
  const double family_size = static_cast<double>(tested.size());
  double running_max = 0;  // the step-down adjusted p-values must not decrease
  for (size_t rank = 0; rank < tested.size(); ++rank) {
    Comparison& comparison = family[tested[rank]];
    const double multiplier = family_size - static_cast<double>(rank);
    running_max = std::max(running_max, std::min(1.0, multiplier * comparison.p_value));
    comparison.p_adjusted = running_max;
    comparison.significant = is_significant(comparison.p_adjusted, comparison.confidence);
    comparison.verdict = verdict_text(comparison.significant, comparison.confidence);
  }
}

std::string verdict_text(bool significant, double confidence) {
  if (!significant) return "within noise";
  char level[32];
  std::snprintf(level, sizeof level, "%.4f", 100 * confidence);
  std::string text = level;
  // 95.0000 → 95, 99.9000 → 99.9
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return "significant at " + text + "%";
}

}  // namespace csatkit
