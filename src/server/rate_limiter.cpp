#include "server/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace csatkit::server {

namespace {
// Buckets are swept at most this often; between sweeps the map only grows by new clients.
constexpr auto kSweepEvery = std::chrono::seconds(10);
}  // namespace

RateLimiter::RateLimiter(double per_minute, double burst) : per_second_(per_minute / 60.0), burst_(burst) {}

RateLimiter::Decision RateLimiter::check(const std::string& key, Clock::time_point now) {
  if (per_second_ <= 0) return {};
  std::lock_guard<std::mutex> lock(mutex_);
  if (now - last_sweep_ >= kSweepEvery) forget_idle(now);
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!inserted) {
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    if (elapsed > 0) bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
    bucket.updated = std::max(bucket.updated, now);
  }
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - bucket.tokens) / per_second_;
  return Decision{false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

std::size_t RateLimiter::tracked_keys() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return buckets_.size();
}

void RateLimiter::forget_idle(Clock::time_point now) {
  last_sweep_ = now;
  // A bucket that has refilled completely behaves exactly like a new one, so dropping it is exact.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.updated).count();
    if (it->second.tokens + elapsed * per_second_ >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace csatkit::server
