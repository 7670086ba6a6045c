#include "core/intervals.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/distributions.hpp"

namespace csatkit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr Estimate kNotComputable{kNaN, kNaN, kNaN};

}  // namespace

Status check_confidence(double confidence, const std::string& path) {
  if (!(confidence >= 0.5 && confidence <= 0.9999)) {
    char given[32];
    std::snprintf(given, sizeof given, "%g", confidence);
    return Error{"args.confidence", path,
                 std::string("confidence must be between 0.5 and 0.9999 (e.g. 0.95 for 95%), got ") + given};
  }
  return Ok{};
}

Estimate wilson_percent(std::uint64_t successes, std::uint64_t n, double confidence) {
  if (n == 0 || successes > n) return kNotComputable;
  const double z = normal_critical(confidence);
  const double trials = static_cast<double>(n);
  const double p = static_cast<double>(successes) / trials;
  const double z2_over_n = z * z / trials;
  const double centre = (p + z2_over_n / 2) / (1 + z2_over_n);
  const double half_width =
      z / (1 + z2_over_n) * std::sqrt(p * (1 - p) / trials + z2_over_n / (4 * trials));
  // At p = 0 (p = 1) the bound is exactly 0 (100) in theory; pin it so rounding cannot show
  // -0.00 or 1e-15.
  const double low = successes == 0 ? 0.0 : std::max(0.0, centre - half_width);
  const double high = successes == n ? 1.0 : std::min(1.0, centre + half_width);
  return {100 * p, 100 * low, 100 * high};
}

Estimate mean_with_t_interval(const Tally& tally, double confidence) {
  const std::uint64_t n = tally.n();
  if (n == 0) return kNotComputable;
  const double count_total = static_cast<double>(n);

  double sum = 0;
  for (int v = tally.min(); v <= tally.max(); ++v) sum += static_cast<double>(tally.count(v)) * v;
  const double mean = sum / count_total;
  if (n == 1) return {mean, kNaN, kNaN};

  // Second pass over the points: squared deviations from the mean, not E[x²] − mean², which
  // cancels badly when the spread is small next to the mean.
  double squared_deviations = 0;
  for (int v = tally.min(); v <= tally.max(); ++v) {
    const double deviation = v - mean;
    squared_deviations += static_cast<double>(tally.count(v)) * deviation * deviation;
  }
  const double standard_deviation = std::sqrt(squared_deviations / (count_total - 1));
  if (standard_deviation == 0) return {mean, mean, mean};
  const double half_width =
      student_t_critical(confidence, count_total - 1) * standard_deviation / std::sqrt(count_total);
  return {mean, mean - half_width, mean + half_width};
}

Estimate nps_adjusted_wald(const NpsCounts& counts, double confidence) {
  const std::uint64_t n = counts.n();
  if (n == 0) return kNotComputable;
  const double plain = 100.0 * (static_cast<double>(counts.promoters) - static_cast<double>(counts.detractors)) /
                       static_cast<double>(n);
  const double adjusted_n = static_cast<double>(n) + 3;
  const double promoters = (static_cast<double>(counts.promoters) + 0.75) / adjusted_n;
  const double detractors = (static_cast<double>(counts.detractors) + 0.75) / adjusted_n;
  const double adjusted_nps = promoters - detractors;
  const double variance = promoters + detractors - adjusted_nps * adjusted_nps;
  const double half_width = normal_critical(confidence) * std::sqrt(variance / adjusted_n);
  return {plain, std::max(-100.0, 100 * (adjusted_nps - half_width)),
          std::min(100.0, 100 * (adjusted_nps + half_width))};
}

}  // namespace csatkit
