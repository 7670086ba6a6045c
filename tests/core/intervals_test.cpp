#include "core/intervals.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace csatkit;

// Independent reference for every Wilson vector below (Python 3, stdlib only):
//   z = NormalDist().inv_cdf(1 - (1 - c) / 2); p = s / n
//   centre = (p + z²/2n) / (1 + z²/n); half = z/(1 + z²/n) · sqrt(p(1−p)/n + z²/4n²)

TEST_CASE("Wilson interval matches the worked examples") {
  const Estimate csat = wilson_percent(600, 1000, 0.95);  // Python: 56.9309, 62.9925
  CHECK(csat.value == Approx(60).margin(1e-12));
  CHECK(csat.low == Approx(56.93).margin(0.005));
  CHECK(csat.high == Approx(62.99).margin(0.005));
  CHECK(csat.low == Approx(56.93094295142662).margin(1e-9));
  CHECK(csat.high == Approx(62.99252187886226).margin(1e-9));

  const Estimate large = wilson_percent(960, 1200, 0.95);  // Python: 77.6427, 82.1659
  CHECK(large.value == Approx(80).margin(1e-12));
  CHECK(large.low == Approx(77.64).margin(0.005));
  CHECK(large.high == Approx(82.17).margin(0.005));
  CHECK(large.low == Approx(77.64268531608343).margin(1e-9));
}

TEST_CASE("Wilson interval stays inside 0–100 at the extremes") {
  const Estimate none = wilson_percent(0, 10, 0.95);  // Python: high 27.7533; low is 0 exactly
  CHECK(none.value == 0);
  CHECK(none.low == 0);
  CHECK(none.high == Approx(27.75).margin(0.005));
  CHECK(none.high == Approx(27.753279986288916).margin(1e-9));

  const Estimate all = wilson_percent(10, 10, 0.95);  // mirror image: 72.2467–100
  CHECK(all.value == 100);
  CHECK(all.high == 100);
  CHECK(all.low == Approx(72.24672001371108).margin(1e-9));
}

TEST_CASE("Wilson interval at other confidence levels and tiny n") {
  const Estimate strict = wilson_percent(37, 50, 0.99);  // Python: 55.9140–86.4627
  CHECK(strict.low == Approx(55.91399215864181).margin(1e-9));
  CHECK(strict.high == Approx(86.46270743891205).margin(1e-9));
  const Estimate pair = wilson_percent(1, 2, 0.95);  // Python: 9.4531–90.5469, symmetric about 50
  CHECK(pair.low == Approx(9.453120573423075).margin(1e-9));
  CHECK(pair.high == Approx(90.54687942657694).margin(1e-9));
  CHECK(wilson_percent(600, 1000, 0.99).low < wilson_percent(600, 1000, 0.95).low);
}

TEST_CASE("Wilson interval without responses is NaN") {
  const Estimate empty = wilson_percent(0, 0, 0.95);
  CHECK(std::isnan(empty.value));
  CHECK(std::isnan(empty.low));
  CHECK(std::isnan(empty.high));
  CHECK(std::isnan(wilson_percent(3, 2, 0.95).value));  // more successes than responses
}

TEST_CASE("mean with t interval on a small tally") {
  // Ratings 1, 3, 3, 4, 4, 4, 5, 5, 5, 5. Python: statistics.mean = 3.9, statistics.stdev
  // (n − 1) = 1.286683937707919; t(0.975, 9) = 2.262157 and t(0.995, 9) = 3.249836 from the
  // t table; interval = mean ± t·sd/sqrt(10).
  Tally tally(Scale::find("csat5").value());
  tally.add(1);
  tally.add(3, 2);
  tally.add(4, 3);
  tally.add(5, 4);
  const Estimate at95 = mean_with_t_interval(tally, 0.95);
  CHECK(at95.value == Approx(3.9).margin(1e-12));
  CHECK(at95.low == Approx(2.9795618255992897).margin(1e-6));
  CHECK(at95.high == Approx(4.82043817440071).margin(1e-6));

  const Estimate at99 = mean_with_t_interval(tally, 0.99);
  CHECK(at99.value == Approx(3.9).margin(1e-12));
  CHECK(at99.low == Approx(2.577689870799548).margin(1e-6));
  CHECK(at99.high == Approx(5.2223101292004515).margin(1e-6));
}

TEST_CASE("mean of two far-apart answers uses t with one degree of freedom") {
  // 0 and 10 on the NPS scale: mean 5, sd = sqrt(50) = 7.0711; half = 12.7062047·7.0711/sqrt(2)
  // = 63.531 (t(0.975, 1) = tan(0.475π) = 12.7062047).
  Tally tally(Scale::find("nps").value());
  tally.add(0);
  tally.add(10);
  const Estimate estimate = mean_with_t_interval(tally, 0.95);
  CHECK(estimate.value == Approx(5).margin(1e-12));
  CHECK(estimate.high - estimate.value == Approx(63.531023).margin(1e-5));
  CHECK(estimate.value - estimate.low == Approx(63.531023).margin(1e-5));
}

TEST_CASE("mean edge cases: no responses, one response, no spread") {
  const Scale csat5 = Scale::find("csat5").value();
  Tally empty(csat5);
  const Estimate none = mean_with_t_interval(empty, 0.95);
  CHECK(std::isnan(none.value));
  CHECK(std::isnan(none.low));
  CHECK(std::isnan(none.high));

  Tally single(csat5);
  single.add(4);
  const Estimate one = mean_with_t_interval(single, 0.95);
  CHECK(one.value == 4);
  CHECK(std::isnan(one.low));
  CHECK(std::isnan(one.high));

  Tally same(csat5);
  same.add(5, 250);
  const Estimate flat = mean_with_t_interval(same, 0.95);
  CHECK(flat.value == 5);
  CHECK(flat.low == 5);
  CHECK(flat.high == 5);
}

TEST_CASE("mean is exact for a huge tally with tiny spread (two-pass variance)") {
  // 10⁹ fives and one four. By hand: mean = 5 − 1/n; squared deviations sum to
  // 10⁹·(1/n)² + (1 − 1/n)², sample variance ≈ 1e-9, half-width = z·sqrt(var/n) ≈ 1.96e-9
  // (t with 10⁹ df equals z to 1e-9). A one-pass E[x²] − mean² would lose it to cancellation.
  Tally tally(Scale::find("csat5").value());
  tally.add(5, 1000000000);
  tally.add(4);
  const Estimate estimate = mean_with_t_interval(tally, 0.95);
  const double n = 1000000001.0;
  const double mean = 5 - 1 / n;
  const double variance = ((1000000000.0) * (1 / n) * (1 / n) + (1 - 1 / n) * (1 - 1 / n)) / (n - 1);
  CHECK(estimate.value == Approx(mean).epsilon(1e-15));
  CHECK(estimate.high - estimate.value ==
        Approx(1.959963984540054 * std::sqrt(variance / n)).epsilon(1e-6));
}

TEST_CASE("NPS adjusted Wald matches the worked example") {
  // 200 promoters, 120 passives, 80 detractors: NPS = (200 − 80)/400 = 30. Python:
  // n' = 403, p' = 200.75/403, d' = 80.75/403, s = p' − d', var = p' + d' − s²,
  // 100·(s ± 1.959964·sqrt(var/n')) = 22.1523, 37.4011.
  const Estimate nps = nps_adjusted_wald({200, 120, 80}, 0.95);
  CHECK(nps.value == Approx(30).margin(1e-12));
  CHECK(nps.low == Approx(22.15).margin(0.005));
  CHECK(nps.high == Approx(37.40).margin(0.005));
  CHECK(nps.low == Approx(22.152274392279057).margin(1e-9));
  CHECK(nps.high == Approx(37.40107548365147).margin(1e-9));

  // Same counts at 99%: the same Python with z = 2.5758293 → 19.7565, 39.7968.
  const Estimate strict = nps_adjusted_wald({200, 120, 80}, 0.99);
  CHECK(strict.value == Approx(30).margin(1e-12));
  CHECK(strict.low == Approx(19.756514107213317).margin(1e-9));
  CHECK(strict.high == Approx(39.79683576871721).margin(1e-9));
}

TEST_CASE("NPS adjusted Wald clamps to -100…100 and is NaN without responses") {
  // 10 promoters only: raw adjusted-Wald bounds are 47.5036 and 106.3426 (Python, as above).
  const Estimate all_promoters = nps_adjusted_wald({10, 0, 0}, 0.95);
  CHECK(all_promoters.value == 100);
  CHECK(all_promoters.low == Approx(47.503551544790206).margin(1e-9));
  CHECK(all_promoters.high == 100);
  const Estimate all_detractors = nps_adjusted_wald({0, 0, 3}, 0.95);
  CHECK(all_detractors.value == -100);
  CHECK(all_detractors.low == -100);
  CHECK(all_detractors.high == Approx(6.579286703808574).margin(1e-9));

  const Estimate empty = nps_adjusted_wald({0, 0, 0}, 0.95);
  CHECK(std::isnan(empty.value));
  CHECK(std::isnan(empty.low));
  CHECK(std::isnan(empty.high));
}

TEST_CASE("check_confidence accepts 0.5 to 0.9999 and names the field") {
  CHECK(check_confidence(0.5).ok());
  CHECK(check_confidence(0.95).ok());
  CHECK(check_confidence(0.9999).ok());
  for (double bad : {0.49, 0.99999, 1.0, 95.0, -0.95, std::nan("")}) {
    const Status status = check_confidence(bad, "$.confidence");
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == "args.confidence");
    CHECK(status.error().path == "$.confidence");
  }
  CHECK(check_confidence(1.5).error().message ==
        "confidence must be between 0.5 and 0.9999 (e.g. 0.95 for 95%), got 1.5");
}
