// Counts per scale point, plus the values that were not on the scale. Tallies of the same
// scale add up (per shard, per worker, per day), so partial results combine exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/scale.hpp"

namespace csatkit {

class Tally {
 public:
  explicit Tally(const Scale& scale);

  // A value outside the scale is counted as invalid: never scored, never silently dropped.
  void add(long value, std::uint64_t count = 1);
  void add_invalid(std::uint64_t count = 1) { invalid_ += count; }

  // Checked merge: both tallies must be on the same scale.
  Status merge(const Tally& other);
  // Unchecked merge. Precondition: same scale id (asserted in debug builds).
  Tally& operator+=(const Tally& other);
  friend Tally operator+(Tally a, const Tally& b) { return a += b; }

  const std::string& scale_id() const { return scale_id_; }
  int min() const { return min_; }
  int max() const { return min_ + static_cast<int>(counts_.size()) - 1; }
  // Count at one point; 0 outside the scale.
  std::uint64_t count(int value) const;
  // Valid responses (the n every score is computed on).
  std::uint64_t n() const { return n_; }
  std::uint64_t invalid() const { return invalid_; }
  // Valid responses whose value lies in [from, to].
  std::uint64_t count_between(int from, int to) const;

 private:
  std::string scale_id_;
  int min_;
  std::vector<std::uint64_t> counts_;  // index value - min_
  std::uint64_t n_ = 0;
  std::uint64_t invalid_ = 0;
};

}  // namespace csatkit
