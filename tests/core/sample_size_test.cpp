#include "core/sample_size.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace csatkit;

// Reference (Python 3, stdlib): z = NormalDist().inv_cdf(1 − (1 − c)/2); p = expected/100;
// n0 = z²·p(1−p)/(margin/100)²; with a population N: n = n0/(1 + (n0 − 1)/N); responses = ceil(n).

namespace {

SamplePlanInput plan_input(double margin, double expected, double confidence = 0.95) {
  SamplePlanInput input;
  input.margin_points = margin;
  input.expected_percent = expected;
  input.confidence = confidence;
  return input;
}

}  // namespace

TEST_CASE("responses for ±3 points at an expected 80%") {
  // Python: n0 = 682.926 → 683.
  const auto plan = responses_needed(plan_input(3, 80));
  REQUIRE(plan.ok());
  CHECK(plan->responses == 683);
  CHECK_FALSE(plan->invitations.has_value());
}

TEST_CASE("finite-population correction uses the unrounded n0") {
  // Python: 682.926/(1 + 681.926/5000) = 600.963 → 601. Rounding n0 to 683 first gives
  // 683/(1 + 682/5000) = 601.02 → 602, which is wrong.
  SamplePlanInput input = plan_input(3, 80);
  input.population = 5000;
  const auto plan = responses_needed(input);
  REQUIRE(plan.ok());
  CHECK(plan->responses == 601);

  // A tiny base: ±3 at 50% from 10 customers needs 9.916 → 10 of them, never more than N.
  input.expected_percent = 50;
  input.population = 10;
  CHECK(responses_needed(input)->responses == 10);
  input.population = 1;
  CHECK(responses_needed(input)->responses == 1);
}

TEST_CASE("responses at other margins and confidence levels") {
  CHECK(responses_needed(plan_input(5, 50))->responses == 385);          // Python n0 = 384.146
  CHECK(responses_needed(plan_input(1, 50, 0.99))->responses == 16588);  // Python n0 = 16587.24
  SamplePlanInput small_base = plan_input(5, 50);
  small_base.population = 100;
  CHECK(responses_needed(small_base)->responses == 80);                  // Python n = 79.509
  // At an expected 0% or 100% the formula gives 0; one response is the least that measures.
  CHECK(responses_needed(plan_input(3, 100))->responses == 1);
}

TEST_CASE("invitations divide responses by the response rate, rounding up") {
  SamplePlanInput input = plan_input(3, 80);
  input.population = 5000;
  input.response_rate = 0.2;
  const auto plan = responses_needed(input);
  REQUIRE(plan.ok());
  REQUIRE(plan->invitations.has_value());
  CHECK(*plan->invitations == 3005);  // 601/0.2

  SamplePlanInput odd_rate = plan_input(3, 80);
  odd_rate.response_rate = 0.07;
  CHECK(*responses_needed(odd_rate)->invitations == 9758);  // 683/0.07 = 9757.14 → 9758

  // 3 responses at a 10% rate: in doubles 3/0.1 = 30.000000000000004, which must not become 31.
  SamplePlanInput noisy = plan_input(57, 50);  // Python n0 = 2.956 → 3
  noisy.response_rate = 0.1;
  const auto noisy_plan = responses_needed(noisy);
  REQUIRE(noisy_plan.ok());
  CHECK(noisy_plan->responses == 3);
  CHECK(*noisy_plan->invitations == 30);

  SamplePlanInput everyone = plan_input(3, 80);
  everyone.response_rate = 1.0;
  CHECK(*responses_needed(everyone)->invitations == 683);
}

TEST_CASE("invalid plan inputs are errors naming the field") {
  struct Case {
    SamplePlanInput input;
    const char* code;
    const char* path;
  };
  SamplePlanInput zero_margin = plan_input(0, 80);
  SamplePlanInput negative_margin = plan_input(-3, 80);
  SamplePlanInput nan_margin = plan_input(std::nan(""), 80);
  SamplePlanInput expected_high = plan_input(3, 101);
  SamplePlanInput expected_low = plan_input(3, -1);
  SamplePlanInput confidence_high = plan_input(3, 80, 1.0);
  SamplePlanInput confidence_low = plan_input(3, 80, 0.4);
  SamplePlanInput zero_rate = plan_input(3, 80);
  zero_rate.response_rate = 0.0;
  SamplePlanInput rate_above_one = plan_input(3, 80);
  rate_above_one.response_rate = 20.0;
  SamplePlanInput empty_base = plan_input(3, 80);
  empty_base.population = 0;
  SamplePlanInput impossible = plan_input(1e-9, 50);
  const Case cases[] = {
      {zero_margin, "args.margin", "margin_points"},
      {negative_margin, "args.margin", "margin_points"},
      {nan_margin, "args.margin", "margin_points"},
      {expected_high, "args.expected", "expected_percent"},
      {expected_low, "args.expected", "expected_percent"},
      {confidence_high, "args.confidence", "confidence"},
      {confidence_low, "args.confidence", "confidence"},
      {zero_rate, "args.response_rate", "response_rate"},
      {rate_above_one, "args.response_rate", "response_rate"},
      {empty_base, "args.population", "population"},
      {impossible, "args.margin", "margin_points"},
  };
  for (const Case& c : cases) {
    const auto plan = responses_needed(c.input);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().code == c.code);
    CHECK(plan.error().path == c.path);
    CHECK_FALSE(plan.error().message.empty());
  }
  CHECK(responses_needed(rate_above_one).error().message ==
        "the response rate must be more than 0 and at most 1 (e.g. 0.2 for 20%), got 20");
}

TEST_CASE("margin for a number of responses is the inverse of the plan") {
  // Python: 100·z·sqrt(p(1−p)/n), times sqrt((N−n)/(N−1)) with a population.
  CHECK(*margin_for_responses(683, 80, 0.95) == Approx(2.999837504899028).margin(1e-9));
  CHECK(*margin_for_responses(682, 80, 0.95) == Approx(3.0020359936550207).margin(1e-9));
  CHECK(*margin_for_responses(400, 50, 0.95) == Approx(4.899909961350135).margin(1e-9));
  // The plan's 601 from 5,000 reaches ±3; 600 falls just short.
  CHECK(*margin_for_responses(601, 80, 0.95, 5000) == Approx(2.9998964147425493).margin(1e-9));
  CHECK(*margin_for_responses(600, 80, 0.95, 5000) == Approx(3.0027365271075297).margin(1e-9));
  // Asking everyone leaves no sampling error, even for a population of one.
  CHECK(*margin_for_responses(5000, 80, 0.95, 5000) == 0);
  CHECK(*margin_for_responses(1, 80, 0.95, 1) == 0);
}

TEST_CASE("margin for responses rejects impossible inputs") {
  const auto none = margin_for_responses(0, 80, 0.95);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "args.responses");
  CHECK(none.error().path == "responses");

  const auto too_many = margin_for_responses(6000, 80, 0.95, 5000);
  REQUIRE_FALSE(too_many.ok());
  CHECK(too_many.error().path == "population");

  CHECK(margin_for_responses(100, 120, 0.95).error().path == "expected_percent");
  CHECK(margin_for_responses(100, 80, 0.3).error().path == "confidence");
  CHECK(margin_for_responses(100, 80, 0.95, 0).error().path == "population");
}
