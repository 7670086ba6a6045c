#include "core/score.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "test_scores.hpp"

using namespace csatkit;

// Wilson references (Python 3, stdlib): z = NormalDist().inv_cdf(0.975); p = s/n;
// centre = (p + z²/2n)/(1 + z²/n); half = z/(1 + z²/n)·sqrt(p(1−p)/n + z²/4n²).
// Mean references: statistics.mean/stdev over the expanded ratings, mean ± t·sd/sqrt(n) with
// t from the t table (df 9: 2.262157, df 49: 2.009575, df 399: 1.965927).

namespace {

Scale scale(const char* id) { return test::scale_of(id); }
using test::tally_of;

}  // namespace

TEST_CASE("score on csat5: CSAT %, mean, buckets and the full distribution") {
  const Scale csat5 = scale("csat5");
  Tally tally = tally_of(csat5, {{1, 1}, {3, 2}, {4, 3}, {5, 4}});
  tally.add(9);  // not on the scale: counted as invalid, never scored
  tally.add_invalid();
  const auto result = score(tally, csat5);
  REQUIRE(result.ok());
  CHECK(result->scale.id() == "csat5");
  CHECK(result->scale.satisfied_from() == 4);
  CHECK(result->confidence == 0.95);
  CHECK(result->n == 10);
  CHECK(result->invalid == 2);
  const std::vector<std::pair<int, std::uint64_t>> expected_distribution = {{1, 1}, {2, 0}, {3, 2}, {4, 3}, {5, 4}};
  CHECK(result->distribution == expected_distribution);
  CHECK(result->buckets.negative == 1);
  CHECK(result->buckets.neutral == 2);
  CHECK(result->buckets.positive == 7);
  // Top-2-box 7/10; Python Wilson: 39.6778–89.2209.
  CHECK(result->satisfied_percent.value == Approx(70).margin(1e-12));
  CHECK(result->satisfied_percent.low == Approx(39.677814746114535).margin(1e-9));
  CHECK(result->satisfied_percent.high == Approx(89.2208732593699).margin(1e-9));
  // Ratings 1,3,3,4,4,4,5,5,5,5: mean 3.9, sd 1.286684, t(0.975, 9) = 2.262157.
  CHECK(result->mean.value == Approx(3.9).margin(1e-12));
  CHECK(result->mean.low == Approx(2.9795618255992897).margin(1e-6));
  CHECK(result->mean.high == Approx(4.82043817440071).margin(1e-6));
  CHECK_FALSE(result->nps_counts.has_value());
  CHECK_FALSE(result->nps.has_value());
}

TEST_CASE("score on nps: promoters, passives, detractors and the adjusted Wald NPS") {
  const Scale nps = scale("nps");
  // 9–10: 200 promoters; 7–8: 120 passives; 0–6: 80 detractors.
  const Tally tally = tally_of(nps, {{10, 150}, {9, 50}, {8, 70}, {7, 50}, {6, 40}, {3, 30}, {0, 10}});
  const auto result = score(tally, nps);
  REQUIRE(result.ok());
  REQUIRE(result->nps_counts.has_value());
  CHECK(result->nps_counts->promoters == 200);
  CHECK(result->nps_counts->passives == 120);
  CHECK(result->nps_counts->detractors == 80);
  REQUIRE(result->nps.has_value());
  // Worked example: NPS 30, adjusted Wald 22.15–37.40 (see intervals_test for the Python).
  CHECK(result->nps->value == Approx(30).margin(1e-12));
  CHECK(result->nps->low == Approx(22.152274392279057).margin(1e-9));
  CHECK(result->nps->high == Approx(37.40107548365147).margin(1e-9));
  CHECK(result->distribution.size() == 11);
  CHECK(result->distribution.front() == std::make_pair(0, std::uint64_t{10}));
  CHECK(result->distribution[1] == std::make_pair(1, std::uint64_t{0}));
  // % promoters 200/400; Python Wilson: 45.1235–54.8765.
  CHECK(result->satisfied_percent.value == Approx(50).margin(1e-12));
  CHECK(result->satisfied_percent.low == Approx(45.1234504169709).margin(1e-9));
  // Mean 7.975, sd 2.374547 (Python), t(0.975, 399) = 1.965927.
  CHECK(result->mean.value == Approx(7.975).margin(1e-12));
  CHECK(result->mean.low == Approx(7.741590708997282).margin(1e-6));
  CHECK(result->mean.high == Approx(8.208409291002717).margin(1e-6));
}

TEST_CASE("score on ces7: % agree is the 5–7 bucket") {
  const Scale ces7 = scale("ces7");
  const Tally tally = tally_of(ces7, {{7, 20}, {6, 30}, {5, 10}, {4, 15}, {2, 5}, {1, 20}});
  const auto result = score(tally, ces7);
  REQUIRE(result.ok());
  CHECK(result->buckets.positive == 60);
  CHECK(result->buckets.neutral == 15);
  CHECK(result->buckets.negative == 25);
  // 60/100; Python Wilson: 50.2003–69.0599.
  CHECK(result->satisfied_percent.value == Approx(60).margin(1e-12));
  CHECK(result->satisfied_percent.low == Approx(50.20025867910618).margin(1e-9));
  CHECK(result->satisfied_percent.high == Approx(69.05987135675412).margin(1e-9));
  CHECK(result->mean.value == Approx(4.6).margin(1e-12));  // Python statistics.mean
  CHECK_FALSE(result->nps.has_value());
}

TEST_CASE("score on helpful: % yes, and the mean is the share of yes") {
  const Scale helpful = scale("helpful");
  const Tally tally = tally_of(helpful, {{0, 12}, {1, 38}});
  const auto result = score(tally, helpful);
  REQUIRE(result.ok());
  CHECK(result->buckets.positive == 38);
  CHECK(result->buckets.neutral == 0);
  CHECK(result->buckets.negative == 12);
  // 38/50; Python Wilson: 62.5873–85.7026.
  CHECK(result->satisfied_percent.value == Approx(76).margin(1e-12));
  CHECK(result->satisfied_percent.low == Approx(62.58731624205709).margin(1e-9));
  CHECK(result->satisfied_percent.high == Approx(85.70260860300827).margin(1e-9));
  // Mean 0.76, sd 0.431419 (Python), t(0.975, 49) = 2.009575.
  CHECK(result->mean.value == Approx(0.76).margin(1e-12));
  CHECK(result->mean.low == Approx(0.6373920453704385).margin(1e-6));
  CHECK(result->mean.high == Approx(0.8826079546295615).margin(1e-6));
}

TEST_CASE("score on emoji3: only the happy face counts as satisfied") {
  const Scale emoji3 = scale("emoji3");
  const Tally tally = tally_of(emoji3, {{1, 5}, {2, 10}, {3, 35}});
  const auto result = score(tally, emoji3);
  REQUIRE(result.ok());
  CHECK(result->buckets.negative == 5);
  CHECK(result->buckets.neutral == 10);
  CHECK(result->buckets.positive == 35);
  // 35/50; Python Wilson: 56.2496–80.8964.
  CHECK(result->satisfied_percent.value == Approx(70).margin(1e-12));
  CHECK(result->satisfied_percent.low == Approx(56.249649535546595).margin(1e-9));
  CHECK(result->satisfied_percent.high == Approx(80.89644649911905).margin(1e-9));
  CHECK(result->mean.value == Approx(2.6).margin(1e-12));  // Python statistics.mean
}

TEST_CASE("score with a satisfied_from override reports the threshold used") {
  const Scale csat5 = scale("csat5");
  const Tally tally = tally_of(csat5, {{1, 1}, {3, 2}, {4, 3}, {5, 4}});

  ScoreOptions top_box;
  top_box.satisfied_from = 5;
  const auto strict = score(tally, csat5, top_box);
  REQUIRE(strict.ok());
  CHECK(strict->scale.satisfied_from() == 5);
  CHECK_FALSE(strict->scale.satisfied_is_default());
  CHECK(strict->buckets.positive == 4);
  CHECK(strict->buckets.neutral == 5);  // 3s and 4s
  // 4/10; Python Wilson: 16.8180–68.7326.
  CHECK(strict->satisfied_percent.value == Approx(40).margin(1e-12));
  CHECK(strict->satisfied_percent.low == Approx(16.81803297062362).margin(1e-9));
  CHECK(strict->satisfied_percent.high == Approx(68.73262302663417).margin(1e-9));
  CHECK(strict->mean.value == Approx(3.9).margin(1e-12));  // the mean does not depend on buckets

  ScoreOptions lenient;
  lenient.satisfied_from = 3;
  const auto loose = score(tally, csat5, lenient);
  REQUIRE(loose.ok());
  CHECK(loose->scale.satisfied_from() == 3);
  CHECK(loose->buckets.positive == 9);
  CHECK(loose->buckets.neutral == 0);
  CHECK(loose->buckets.negative == 1);
}

TEST_CASE("score at 99% widens every interval") {
  const Scale csat5 = scale("csat5");
  const Tally tally = tally_of(csat5, {{1, 1}, {3, 2}, {4, 3}, {5, 4}});
  ScoreOptions options;
  options.confidence = 0.99;
  const auto result = score(tally, csat5, options);
  REQUIRE(result.ok());
  CHECK(result->confidence == 0.99);
  // t(0.995, 9) = 3.249836 (table): 3.9 ± 3.249836·1.286684/sqrt(10).
  CHECK(result->mean.low == Approx(2.577689870799548).margin(1e-6));
  // Python Wilson 7/10 with z = NormalDist().inv_cdf(0.995): 32.0025 (below 39.68 at 95%).
  CHECK(result->satisfied_percent.low == Approx(32.002467920110256).margin(1e-9));
}

TEST_CASE("score of an empty tally lists the points and holds NaN estimates") {
  const Scale nps = scale("nps");
  const auto result = score(Tally(nps), nps);
  REQUIRE(result.ok());
  CHECK(result->n == 0);
  CHECK(result->distribution.size() == 11);
  CHECK(result->distribution.back() == std::make_pair(10, std::uint64_t{0}));
  CHECK(std::isnan(result->satisfied_percent.value));
  CHECK(std::isnan(result->mean.value));
  REQUIRE(result->nps.has_value());
  CHECK(std::isnan(result->nps->value));
  CHECK(result->nps_counts->n() == 0);
}

TEST_CASE("score rejects bad options and a tally of another scale") {
  const Scale csat5 = scale("csat5");
  const Scale nps = scale("nps");
  const Tally tally = tally_of(csat5, {{4, 3}});

  ScoreOptions too_sure;
  too_sure.confidence = 1.0;
  const auto bad_confidence = score(tally, csat5, too_sure);
  REQUIRE_FALSE(bad_confidence.ok());
  CHECK(bad_confidence.error().code == "args.confidence");
  CHECK(bad_confidence.error().path == "confidence");

  ScoreOptions as_percent;
  as_percent.confidence = 95;
  CHECK(score(tally, csat5, as_percent).error().code == "args.confidence");

  ScoreOptions fixed;
  fixed.satisfied_from = 8;
  const auto nps_override = score(Tally(nps), nps, fixed);
  REQUIRE_FALSE(nps_override.ok());
  CHECK(nps_override.error().code == "scale.threshold_fixed");
  CHECK(nps_override.error().path == "satisfied_from");

  ScoreOptions off_scale;
  off_scale.satisfied_from = 6;
  CHECK(score(tally, csat5, off_scale).error().code == "scale.threshold_range");

  const auto mismatch = score(tally, nps);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().code == "score.scale_mismatch");
  CHECK(mismatch.error().path == "scale");
  CHECK(mismatch.error().message == "cannot score a csat5 tally on the nps scale");
}

TEST_CASE("score: the mean's interval stays on the scale for tiny samples") {
  // Ratings 4 and 5: mean 4.5, sd 0.7071, t(0.95, df 1) = tan(π·0.475) = 12.7062 → ±6.35, i.e.
  // −1.85…10.85 unclamped (Python: statistics.stdev, math.tan). A mean of csat5 lies in [1, 5].
  const Scale csat5 = Scale::find("csat5").value();
  Tally tally(csat5);
  tally.add(4);
  tally.add(5);
  const ScoreResult result = score(tally, csat5).value();
  CHECK(result.mean.value == Approx(4.5));
  CHECK(result.mean.low == Approx(1.0));
  CHECK(result.mean.high == Approx(5.0));
  // Unclamped where it fits: 1000 answers keep the plain t interval (3.52–3.68, see report).
  Tally large(csat5);
  for (auto [point, count] : {std::pair{1, 100}, {2, 100}, {3, 200}, {4, 300}, {5, 300}}) large.add(point, count);
  const ScoreResult wide = score(large, csat5).value();
  CHECK(wide.mean.low == Approx(3.5205).margin(0.001));
  CHECK(wide.mean.high == Approx(3.6795).margin(0.001));
  // One answer has no spread, so no interval at all: not the whole scale.
  Tally single(csat5);
  single.add(4);
  const ScoreResult one = score(single, csat5).value();
  CHECK(one.mean.value == Approx(4.0));
  CHECK(std::isnan(one.mean.low));
  CHECK(std::isnan(one.mean.high));
}
