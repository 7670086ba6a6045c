#include "core/score.hpp"

#include <algorithm>
#include <cmath>

namespace csatkit {

Result<ScoreResult> score(const Tally& tally, const Scale& scale, const ScoreOptions& options) {
  if (Status status = check_confidence(options.confidence); !status) return status.error();
  if (tally.scale_id() != scale.id()) {
    return Error{"score.scale_mismatch", "scale",
                 "cannot score a " + tally.scale_id() + " tally on the " + scale.id() + " scale"};
  }
  Scale scale_used = scale;
  if (options.satisfied_from) {
    Result<Scale> overridden = scale.with_satisfied_from(*options.satisfied_from);
    if (!overridden) return overridden.error();
    scale_used = overridden.value();
  }

  ScoreResult result{scale_used, options.confidence, tally.n(), tally.invalid(), {}, {}, {}, {}, {}, {}};
  for (int value = scale_used.min(); value <= scale_used.max(); ++value) {
    const std::uint64_t count = tally.count(value);
    result.distribution.emplace_back(value, count);
    switch (scale_used.bucket(value)) {
      case Bucket::Negative: result.buckets.negative += count; break;
      case Bucket::Neutral: result.buckets.neutral += count; break;
      case Bucket::Positive: result.buckets.positive += count; break;
    }
  }
  result.satisfied_percent = wilson_percent(result.buckets.positive, result.n, options.confidence);
  result.mean = mean_with_t_interval(tally, options.confidence);
  // The true mean cannot leave the scale, so the reported interval does not either (a tiny
  // sample's t interval otherwise reads like "−1.85 to 10.85" on a 1–5 scale).
  // A single answer has no interval (NaN), and stays without one rather than becoming the scale.
  if (!std::isnan(result.mean.low)) result.mean.low = std::max<double>(scale.min(), result.mean.low);
  if (!std::isnan(result.mean.high)) result.mean.high = std::min<double>(scale.max(), result.mean.high);
  if (scale_used.family() == ScaleFamily::Nps) {
    // Bain's buckets are the scale's: 9–10 promoters, 7–8 passives, 0–6 detractors.
    NpsCounts counts;
    counts.promoters = result.buckets.positive;
    counts.passives = result.buckets.neutral;
    counts.detractors = result.buckets.negative;
    result.nps_counts = counts;
    result.nps = nps_adjusted_wald(counts, options.confidence);
  }
  return result;
}

}  // namespace csatkit
