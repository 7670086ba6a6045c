// Per-client token buckets: each key (a client IP) may make `burst` requests at once and then
// `per_minute` a minute. The clock is a parameter, so the logic is tested without waiting.
// Thread-safe; memory stays bounded because full buckets (idle clients) are forgotten.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace csatkit::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool allowed = true;
    int retry_after_seconds = 0;  // when refused: whole seconds until one request is allowed (≥ 1)
  };

  // per_minute 0 turns limiting off.
  RateLimiter(double per_minute, double burst);

  Decision check(const std::string& key, Clock::time_point now);
  std::size_t tracked_keys() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_idle(Clock::time_point now);

  double per_second_;
  double burst_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace csatkit::server
