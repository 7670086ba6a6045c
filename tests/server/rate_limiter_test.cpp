#include "server/rate_limiter.hpp"

#include <catch2/catch.hpp>

using csatkit::server::RateLimiter;
using namespace std::chrono_literals;

TEST_CASE("a burst is allowed, then one request per refill interval") {
  RateLimiter limiter(60, 3);  // one a second, three at once
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  CHECK(limiter.check("a", t0).allowed);
  CHECK(limiter.check("a", t0).allowed);
  CHECK(limiter.check("a", t0).allowed);
  const auto refused = limiter.check("a", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_seconds == 1);
  CHECK(limiter.check("b", t0).allowed);  // other clients are not affected
  CHECK_FALSE(limiter.check("a", t0 + 500ms).allowed);
  CHECK(limiter.check("a", t0 + 1000ms).allowed);
  CHECK_FALSE(limiter.check("a", t0 + 1000ms).allowed);
  // Idle long enough, the bucket is full again (but never more than the burst).
  const auto later = t0 + 1h;
  for (int i = 0; i < 3; ++i) CHECK(limiter.check("a", later).allowed);
  CHECK_FALSE(limiter.check("a", later).allowed);
}

TEST_CASE("Retry-After rounds the wait up to whole seconds") {
  RateLimiter limiter(2, 1);  // one per 30 s
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  CHECK(limiter.check("ip", t0).allowed);
  CHECK(limiter.check("ip", t0).retry_after_seconds == 30);
  CHECK(limiter.check("ip", t0 + 10500ms).retry_after_seconds == 20);  // 19.5 s left → 20
}

TEST_CASE("zero per minute turns limiting off") {
  RateLimiter limiter(0, 1);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) REQUIRE(limiter.check("ip", t0).allowed);
  CHECK(limiter.tracked_keys() == 0);
}

TEST_CASE("idle clients are forgotten, so memory stays bounded") {
  RateLimiter limiter(600, 10);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int i = 0; i < 1000; ++i) limiter.check("client-" + std::to_string(i), t0);
  CHECK(limiter.tracked_keys() == 1000);
  limiter.check("late", t0 + 20s);  // a sweep: everyone else has refilled by now
  CHECK(limiter.tracked_keys() == 1);
}
