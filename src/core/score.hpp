// Scoring one tally: CSAT % (top box) and mean with intervals, NPS or CES or "helpful" where the
// scale's family calls for it, the distribution and the buckets.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/intervals.hpp"
#include "core/result.hpp"
#include "core/scale.hpp"
#include "core/tally.hpp"

namespace csatkit {

struct ScoreOptions {
  double confidence = 0.95;                 // in (0, 1); 0.5 ≤ c ≤ 0.9999 accepted
  std::optional<int> satisfied_from;        // override of the scale's top-box threshold
};

struct BucketCounts {
  std::uint64_t negative = 0;
  std::uint64_t neutral = 0;
  std::uint64_t positive = 0;
};

struct ScoreResult {
  Scale scale;                   // with the threshold actually used
  double confidence;
  std::uint64_t n;
  std::uint64_t invalid;
  std::vector<std::pair<int, std::uint64_t>> distribution;  // every point, in order, zeros too
  BucketCounts buckets;
  // Share of the positive bucket, Wilson interval: CSAT % for csat scales, % agree for CES,
  // % yes for helpful, % promoters for NPS.
  Estimate satisfied_percent;
  Estimate mean;                 // t interval, clamped to the scale's range
  std::optional<NpsCounts> nps_counts;  // NPS family only
  std::optional<Estimate> nps;          // NPS family only, adjusted Wald interval
};

// Errors: confidence outside [0.5, 0.9999]; threshold override invalid for the scale; a tally
// of another scale.
Result<ScoreResult> score(const Tally& tally, const Scale& scale, const ScoreOptions& options = {});

}  // namespace csatkit
