// Scores from counts, for the core's tests: a scale by id, a tally of {point, count} pairs and
// its ScoreResult, written once instead of in every test file that needs a score to work on.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>

#include "core/scale.hpp"
#include "core/score.hpp"
#include "core/tally.hpp"

namespace csatkit::test {

using Counts = std::initializer_list<std::pair<int, std::uint64_t>>;

inline Scale scale_of(const char* id) { return Scale::find(id).value(); }

inline Tally tally_of(const Scale& scale, Counts counts) {
  Tally tally(scale);
  for (const auto& [point, count] : counts) tally.add(point, count);
  return tally;
}

// The score of `counts` on the scale `scale_id` (which must exist and score).
inline ScoreResult scored(const char* scale_id, Counts counts) {
  const Scale scale = scale_of(scale_id);
  return score(tally_of(scale, counts), scale).value();
}

}  // namespace csatkit::test
