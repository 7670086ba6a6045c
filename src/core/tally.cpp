#include "core/tally.hpp"

#include <algorithm>
#include <cassert>

namespace csatkit {

Tally::Tally(const Scale& scale)
    : scale_id_(scale.id()), min_(scale.min()), counts_(static_cast<size_t>(scale.point_count()), 0) {}

void Tally::add(long value, std::uint64_t count) {
  if (value < min_ || value > max()) {
    invalid_ += count;
    return;
  }
  counts_[static_cast<size_t>(value - min_)] += count;
  n_ += count;
}

Status Tally::merge(const Tally& other) {
  if (other.scale_id_ != scale_id_) {
    return Error{"tally.scale_mismatch", "scale",
                 "cannot add a " + other.scale_id_ + " tally to a " + scale_id_ + " tally"};
  }
  *this += other;
  return Ok{};
}

Tally& Tally::operator+=(const Tally& other) {
  assert(other.scale_id_ == scale_id_ && "merging tallies of different scales");
  for (size_t i = 0; i < counts_.size() && i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
  n_ += other.n_;
  invalid_ += other.invalid_;
  return *this;
}

std::uint64_t Tally::count(int value) const {
  if (value < min_ || value > max()) return 0;
  return counts_[static_cast<size_t>(value - min_)];
}

std::uint64_t Tally::count_between(int from, int to) const {
  std::uint64_t total = 0;
  for (int v = std::max(from, min_); v <= std::min(to, max()); ++v) total += count(v);
  return total;
}

}  // namespace csatkit
