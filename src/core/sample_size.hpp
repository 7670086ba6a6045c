// Planning: how many responses give a margin of error, how many invitations that takes, and
// the reverse. Margins and proportions are in percentage points here (3 = ±3 points).
#pragma once

#include <cstdint>
#include <optional>

#include "core/result.hpp"

namespace csatkit {

struct SamplePlanInput {
  double margin_points = 3.0;          // desired half-width of the interval, in points
  double expected_percent = 50.0;      // expected CSAT %, 50 is the safe worst case
  double confidence = 0.95;
  std::optional<std::uint64_t> population;   // customer base, for the finite-population correction
  std::optional<double> response_rate;       // 0 < rate ≤ 1, to get invitations
};

struct SamplePlan {
  std::uint64_t responses;                   // ±3 at 80% → 683; with a base of 5,000 → 601
  std::optional<std::uint64_t> invitations;  // ceil(responses / response_rate)
};

Result<SamplePlan> responses_needed(const SamplePlanInput& input);

// Reverse: the margin (in points) that n responses give at the expected %; with population,
// the finite-population correction is applied.
Result<double> margin_for_responses(std::uint64_t n, double expected_percent, double confidence,
                                    std::optional<std::uint64_t> population = std::nullopt);

}  // namespace csatkit
