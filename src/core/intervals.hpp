// Point estimates with confidence intervals. Percent-valued estimates are on a 0–100 scale.
// An estimate that cannot be computed (no responses; a t interval from one response) holds NaN,
// which reports print as null.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "core/tally.hpp"

namespace csatkit {

// The confidence levels the product accepts: 0.5 ≤ confidence ≤ 0.9999. Error code
// "args.confidence" with the given path (a flag, a JSON path) when outside or not a number.
Status check_confidence(double confidence, const std::string& path = "confidence");

struct Estimate {
  double value;
  double low;
  double high;
};

// Share of successes in percent with the Wilson score interval (good down to tiny n and p=0/1).
Estimate wilson_percent(std::uint64_t successes, std::uint64_t n, double confidence);

// Mean of the valid points of a tally with a Student-t interval (two-pass variance, exact for
// integer points).
Estimate mean_with_t_interval(const Tally& tally, double confidence);

struct NpsCounts {
  std::uint64_t promoters = 0;
  std::uint64_t passives = 0;
  std::uint64_t detractors = 0;
  std::uint64_t n() const { return promoters + passives + detractors; }
};

// NPS (-100…100): value is the plain %promoters − %detractors; the interval is the adjusted
// Wald one (add 3/4 to promoters and detractors and 3 to n; variance p_pro + p_det − (p_pro − p_det)²),
// centred on the adjusted estimate and clamped to [-100, 100].
Estimate nps_adjusted_wald(const NpsCounts& counts, double confidence);

}  // namespace csatkit
