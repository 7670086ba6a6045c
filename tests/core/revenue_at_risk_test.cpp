#include "core/revenue_at_risk.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>

#include "test_scores.hpp"

using namespace csatkit;

namespace {

using test::scale_of;
using test::tally_of;

// The required vector: 1,000 csat5 responses, 600 rated 4–5, 200 rated 3, 200 rated 1–2, $500.
RevenueInput thousand_responses() {
  const Scale csat5 = scale_of("csat5");
  RevenueInput input{csat5, tally_of(csat5, {{1, 100}, {2, 100}, {3, 200}, {4, 300}, {5, 300}})};
  input.average_spend = 500;
  return input;
}

Improvement to_distribution(Tally tally) {
  Improvement improvement;
  improvement.new_distribution = std::move(tally);
  return improvement;
}

Improvement plus(double points) {
  Improvement improvement;
  improvement.plus_points = points;
  return improvement;
}

Error error_of(const RevenueInput& input) {
  const auto result = revenue_at_risk(input);
  REQUIRE_FALSE(result.ok());
  return result.error();
}

}  // namespace

TEST_CASE("default churn follows GetFeedback on csat5 and the buckets elsewhere") {
  const ChurnRates csat5 = default_churn_rates(scale_of("csat5"));
  CHECK(csat5 == ChurnRates{{1, 0.92}, {2, 0.92}, {3, 0.80}, {4, 0.0}, {5, 0.0}});

  // nps: detractors 0–6, passives 7–8, promoters 9–10.
  const ChurnRates nps = default_churn_rates(scale_of("nps"));
  REQUIRE(nps.size() == 11);
  CHECK(nps.at(0) == 0.92);
  CHECK(nps.at(6) == 0.92);
  CHECK(nps.at(7) == 0.80);
  CHECK(nps.at(8) == 0.80);
  CHECK(nps.at(9) == 0.0);
  CHECK(nps.at(10) == 0.0);

  // A top-box threshold of 5 makes 4 "not satisfied" for CSAT %, but a 4 still does not churn.
  const ChurnRates top_box = default_churn_rates(scale_of("csat5").with_satisfied_from(5).value());
  CHECK(top_box == csat5);

  CHECK(std::string(default_churn_source()).find("GetFeedback") != std::string::npos);
}

TEST_CASE("required vector: $172,000 at risk, $126,000 after, $46,000 saved") {
  // At risk: 200 rated 1–2 × 0.92 × $500 = $92,000, plus 200 rated 3 × 0.80 × $500 = $80,000,
  // = $172,000; expected churners 184 + 160 = 344.
  // After 700 satisfied / 200 neutral / 100 rated 1–2: 100 × 0.92 × 500 + 200 × 0.80 × 500
  // = $46,000 + $80,000 = $126,000; saved $172,000 − $126,000 = $46,000.
  RevenueInput input = thousand_responses();
  const Scale csat5 = input.scale;
  input.improvement = to_distribution(tally_of(csat5, {{1, 50}, {2, 50}, {3, 200}, {4, 350}, {5, 350}}));
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == Approx(172000.0).epsilon(1e-12));
  CHECK(result->churned_customers == Approx(344.0).epsilon(1e-12));
  CHECK(result->scale_factor == 1.0);
  CHECK(result->churn_used == default_churn_rates(csat5));
  REQUIRE(result->after_at_risk);
  REQUIRE(result->saved);
  CHECK(result->after_at_risk->value == Approx(126000.0).epsilon(1e-12));
  CHECK(result->saved->value == Approx(46000.0).epsilon(1e-12));
}

TEST_CASE("a customer base projects the respondents onto it") {
  // 10,000 customers / 1,000 respondents = ×10: $1,720,000 at risk, 3,440 expected churners.
  RevenueInput input = thousand_responses();
  input.customers = 10000;
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->scale_factor == 10.0);
  CHECK(result->at_risk.value == Approx(1720000.0).epsilon(1e-12));
  CHECK(result->churned_customers == Approx(3440.0).epsilon(1e-12));
  // The range scales with it too (values from the 1× case, see the range test).
  CHECK(result->at_risk.low == Approx(1591321.5592089226).epsilon(1e-9));
  CHECK(result->at_risk.high == Approx(1851969.4530886554).epsilon(1e-9));

  input.customers = 1000;  // the base may equal the respondents
  const auto same = revenue_at_risk(input);
  REQUIRE(same.ok());
  CHECK(same->scale_factor == 1.0);
  CHECK(same->at_risk.value == Approx(172000.0).epsilon(1e-12));
}

TEST_CASE("custom churn replaces the defaults; unlisted points do not churn") {
  // 100 × 0.5 + 100 × 0.3 + 200 × 0.1 = 50 + 30 + 20 = 100 churners × $500 = $50,000.
  RevenueInput input = thousand_responses();
  input.churn = {{1, 0.5}, {2, 0.3}, {3, 0.1}};
  auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == Approx(50000.0).epsilon(1e-12));
  CHECK(result->churned_customers == Approx(100.0).epsilon(1e-12));
  CHECK(result->churn_used == input.churn);

  // Churn on a satisfied point counts as well: + 300 × 0.1 = 30 churners = $15,000 more.
  input.churn[4] = 0.1;
  result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == Approx(65000.0).epsilon(1e-12));
  CHECK(result->at_risk.low < result->at_risk.value);
  CHECK(result->at_risk.value < result->at_risk.high);

  // Zero spend is allowed and puts nothing at risk.
  input.average_spend = 0;
  result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == 0.0);
  CHECK(result->at_risk.high == 0.0);
  CHECK(result->churned_customers == Approx(130.0).epsilon(1e-12));
}

TEST_CASE("+5 points moves 5% of respondents proportionally onto the lowest satisfied point") {
  // 5% of 1,000 = 50 respondents leave the 400 non-satisfied ones in proportion: 12.5 from 1,
  // 12.5 from 2, 25 from 3, all onto 4. After: 87.5 / 87.5 / 175 / 350 / 300.
  // At risk after: (175 × 0.92 + 175 × 0.80) × $500 = (161 + 140) × 500 = $150,500.
  // Saved: $172,000 − $150,500 = $21,500 (= 50 × 0.86 mean churn × $500).
  RevenueInput input = thousand_responses();
  input.improvement = plus(5);
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  REQUIRE(result->after_at_risk);
  CHECK(result->after_at_risk->value == Approx(150500.0).epsilon(1e-12));
  CHECK(result->saved->value == Approx(21500.0).epsilon(1e-12));
  // Its range uses the after distribution's own Wilson interval: CSAT 650/1000.
  CHECK(result->after_at_risk->low == Approx(138056.96532256456).epsilon(1e-9));
  CHECK(result->after_at_risk->high == Approx(163436.68652207206).epsilon(1e-9));

  // Exactly the whole non-satisfied share (+40) is allowed and leaves nothing at risk.
  input.improvement = plus(40);
  const auto all = revenue_at_risk(input);
  REQUIRE(all.ok());
  CHECK(all->after_at_risk->value == Approx(0.0).margin(1e-6));
  CHECK(all->saved->value == Approx(172000.0).epsilon(1e-12));

  input.improvement = plus(0);
  const auto none = revenue_at_risk(input);
  REQUIRE(none.ok());
  CHECK(none->saved->value == Approx(0.0).margin(1e-9));
}

TEST_CASE("the range moves the unsatisfied share across the Wilson interval of CSAT %") {
  // Computed independently with python3 (statistics.NormalDist):
  //   z = NormalDist().inv_cdf(0.975) = 1.9599639845400536
  //   Wilson(600, 1000): csat_low = 0.5693094295142662, csat_high = 0.6299252187886226
  //   low  = 172000 × (1 − csat_high) / 0.4 = 159132.15592089226
  //   high = 172000 × (1 − csat_low)  / 0.4 = 185196.94530886554
  const auto result = revenue_at_risk(thousand_responses());
  REQUIRE(result.ok());
  const Estimate& at_risk = result->at_risk;
  CHECK(at_risk.low < at_risk.value);
  CHECK(at_risk.value < at_risk.high);
  CHECK(at_risk.low == Approx(159132.15592089226).epsilon(1e-9));
  CHECK(at_risk.high == Approx(185196.94530886554).epsilon(1e-9));

  // The same bounds follow from the CSAT interval the score report shows.
  const Estimate csat = wilson_percent(600, 1000, 0.95);
  CHECK(at_risk.low == Approx(172000.0 * (1.0 - csat.high / 100.0) / 0.4).epsilon(1e-9));
  CHECK(at_risk.high == Approx(172000.0 * (1.0 - csat.low / 100.0) / 0.4).epsilon(1e-9));

  // A lower confidence narrows it (python: 161172.95799315083 … 183059.09092546857 at 90%).
  RevenueInput ninety = thousand_responses();
  ninety.confidence = 0.90;
  const auto narrower = revenue_at_risk(ninety);
  REQUIRE(narrower.ok());
  CHECK(narrower->at_risk.low == Approx(161172.95799315083).epsilon(1e-9));
  CHECK(narrower->at_risk.high == Approx(183059.09092546857).epsilon(1e-9));
}

TEST_CASE("after and saved are ranged: after by its own interval, saved in proportion") {
  // After 700/1000 satisfied (python): Wilson 0.6708761390827828 … 0.7275931575229951,
  //   after low = 126000 × (1 − 0.72759…) / 0.3 = 114410.87384034206,
  //   after high = 126000 × (1 − 0.67087…) / 0.3 = 138232.02158523124.
  // Saved keeps its fraction 46000/172000 of the at-risk range:
  //   46000/172000 × 159132.155… = 42558.59983930839, × 185196.945… = 49529.41560585939.
  RevenueInput input = thousand_responses();
  input.improvement = to_distribution(
      tally_of(input.scale, {{1, 50}, {2, 50}, {3, 200}, {4, 350}, {5, 350}}));
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->after_at_risk->low == Approx(114410.87384034206).epsilon(1e-9));
  CHECK(result->after_at_risk->high == Approx(138232.02158523124).epsilon(1e-9));
  CHECK(result->saved->low == Approx(42558.59983930839).epsilon(1e-9));
  CHECK(result->saved->high == Approx(49529.41560585939).epsilon(1e-9));
}

TEST_CASE("a new distribution of another size is read as shares of the respondents") {
  // 10 / 20 / 70 of 100 is the same shape as 100 / 200 / 700 of 1,000: $126,000 after.
  RevenueInput input = thousand_responses();
  input.improvement = to_distribution(tally_of(input.scale, {{1, 5}, {2, 5}, {3, 20}, {4, 35}, {5, 35}}));
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->after_at_risk->value == Approx(126000.0).epsilon(1e-12));
  // The range is that of 700 of 1,000, not of 70 of 100.
  CHECK(result->after_at_risk->low == Approx(114410.87384034206).epsilon(1e-9));

  // A worse distribution gives a negative saving, ranged the same way.
  input.improvement = to_distribution(tally_of(input.scale, {{1, 300}, {3, 200}, {5, 500}}));
  const auto worse = revenue_at_risk(input);
  REQUIRE(worse.ok());
  // After: 300 × 0.92 × 500 + 200 × 0.80 × 500 = 138,000 + 80,000 = $218,000; saved −$46,000.
  CHECK(worse->after_at_risk->value == Approx(218000.0).epsilon(1e-12));
  CHECK(worse->saved->value == Approx(-46000.0).epsilon(1e-12));
  CHECK(worse->saved->low == Approx(-49529.41560585939).epsilon(1e-9));
  CHECK(worse->saved->high == Approx(-42558.59983930839).epsilon(1e-9));
}

TEST_CASE("everyone satisfied: nothing at risk, but the upper bound stays positive") {
  // Wilson(1000, 1000) = 0.996173241514445 … 1; nobody unsatisfied was seen, so the upper end
  // assumes the costliest unsatisfied point (0.92):
  //   high = (1 − 0.996173241514445) × 1000 × 500 × 0.92 = 1760.3089033553122 (python).
  const Scale csat5 = scale_of("csat5");
  RevenueInput input{csat5, tally_of(csat5, {{4, 400}, {5, 600}})};
  input.average_spend = 500;
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == 0.0);
  CHECK(result->at_risk.low == 0.0);
  CHECK(result->at_risk.high == Approx(1760.3089033553122).epsilon(1e-9));
  CHECK(result->churned_customers == 0.0);

  // An improvement on zero: saved = −after, ranged by after's range.
  input.improvement = to_distribution(tally_of(csat5, {{3, 100}, {5, 900}}));
  const auto worse = revenue_at_risk(input);
  REQUIRE(worse.ok());
  // After: 100 × 0.80 × 500 = $40,000.
  CHECK(worse->saved->value == Approx(-40000.0).epsilon(1e-12));
  CHECK(worse->saved->low == Approx(-worse->after_at_risk->high).epsilon(1e-12));
  CHECK(worse->saved->high == Approx(-worse->after_at_risk->low).epsilon(1e-12));
  CHECK(worse->saved->low < worse->saved->value);
  CHECK(worse->saved->value < worse->saved->high);
}

TEST_CASE("nobody satisfied: the range still spans the satisfied share the interval allows") {
  // All 100 rated 3: $40,000 at risk (100 × 0.80 × 500); with some satisfied share possible
  // the low end falls below it; nothing can make it higher.
  const Scale csat5 = scale_of("csat5");
  RevenueInput input{csat5, tally_of(csat5, {{3, 100}})};
  input.average_spend = 500;
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == Approx(40000.0).epsilon(1e-12));
  CHECK(result->at_risk.low < result->at_risk.value);
  CHECK(result->at_risk.high == Approx(40000.0).epsilon(1e-12));
}

TEST_CASE("other scales use their negative and neutral buckets") {
  // nps: 30 detractors × 0.92 + 20 passives × 0.80 = 27.6 + 16 = 43.6 churners × $100 = $4,360.
  const Scale nps = scale_of("nps");
  RevenueInput input{nps, tally_of(nps, {{0, 10}, {6, 20}, {7, 10}, {8, 10}, {10, 50}})};
  input.average_spend = 100;
  const auto result = revenue_at_risk(input);
  REQUIRE(result.ok());
  CHECK(result->at_risk.value == Approx(4360.0).epsilon(1e-12));
  CHECK(result->churned_customers == Approx(43.6).epsilon(1e-12));
}

TEST_CASE("revenue at risk refuses bad input with a code and a path") {
  const Scale csat5 = scale_of("csat5");

  SECTION("responses on another scale") {
    RevenueInput input = thousand_responses();
    input.respondents = tally_of(scale_of("csat7"), {{7, 10}});
    const Error error = error_of(input);
    CHECK(error.code == "revenue.scale_mismatch");
    CHECK(error.path == "counts");
  }
  SECTION("no responses") {
    RevenueInput input{csat5, Tally(csat5)};
    input.respondents.add(9);  // invalid values do not count
    input.average_spend = 10;
    const Error error = error_of(input);
    CHECK(error.code == "revenue.no_responses");
    CHECK(error.path == "counts");
  }
  SECTION("negative or non-finite spend") {
    RevenueInput input = thousand_responses();
    input.average_spend = -1;
    CHECK(error_of(input).code == "revenue.spend");
    CHECK(error_of(input).path == "spend");
    input.average_spend = std::numeric_limits<double>::quiet_NaN();
    CHECK(error_of(input).code == "revenue.spend");
    input.average_spend = std::numeric_limits<double>::infinity();
    CHECK(error_of(input).code == "revenue.spend");
  }
  SECTION("confidence out of range") {
    RevenueInput input = thousand_responses();
    input.confidence = 1.0;
    CHECK(error_of(input).code == "revenue.confidence");
    CHECK(error_of(input).path == "confidence");
    input.confidence = 0.4;
    CHECK(error_of(input).code == "revenue.confidence");
  }
  SECTION("customer base smaller than the respondents") {
    RevenueInput input = thousand_responses();
    input.customers = 999;
    const Error error = error_of(input);
    CHECK(error.code == "revenue.customers");
    CHECK(error.path == "customers");
    CHECK(error.message.find("999") != std::string::npos);
  }
  SECTION("churn on a point off the scale") {
    RevenueInput input = thousand_responses();
    input.churn = {{1, 0.9}, {7, 0.5}};
    const Error error = error_of(input);
    CHECK(error.code == "revenue.churn_point");
    CHECK(error.path == "churn.7");
    input.churn = {{0, 0.5}};
    CHECK(error_of(input).path == "churn.0");
  }
  SECTION("churn outside [0, 1]") {
    RevenueInput input = thousand_responses();
    input.churn = {{3, 1.2}};
    Error error = error_of(input);
    CHECK(error.code == "revenue.churn_range");
    CHECK(error.path == "churn.3");
    input.churn = {{2, -0.1}};
    CHECK(error_of(input).path == "churn.2");
    input.churn = {{1, std::numeric_limits<double>::quiet_NaN()}};
    CHECK(error_of(input).code == "revenue.churn_range");
  }
  SECTION("an improvement with both or neither choice") {
    RevenueInput input = thousand_responses();
    Improvement both = plus(5);
    both.new_distribution = tally_of(csat5, {{5, 1}});
    input.improvement = both;
    CHECK(error_of(input).code == "revenue.improvement_choice");
    input.improvement = Improvement{};
    const Error error = error_of(input);
    CHECK(error.code == "revenue.improvement_choice");
    CHECK(error.path == "improve_to");
  }
  SECTION("a new distribution on another scale or empty") {
    RevenueInput input = thousand_responses();
    input.improvement = to_distribution(tally_of(scale_of("csat7"), {{7, 10}}));
    Error error = error_of(input);
    CHECK(error.code == "revenue.improvement_scale");
    CHECK(error.path == "improve_to");
    input.improvement = to_distribution(Tally(csat5));
    error = error_of(input);
    CHECK(error.code == "revenue.improvement_empty");
    CHECK(error.path == "improve_to");
  }
  SECTION("negative or non-finite points") {
    RevenueInput input = thousand_responses();
    input.improvement = plus(-1);
    const Error error = error_of(input);
    CHECK(error.code == "revenue.improvement_points");
    CHECK(error.path == "improve_points");
    input.improvement = plus(std::numeric_limits<double>::quiet_NaN());
    CHECK(error_of(input).code == "revenue.improvement_points");
  }
  SECTION("points past the non-satisfied share") {
    RevenueInput input = thousand_responses();  // 40% not satisfied
    input.improvement = plus(40.5);
    const Error error = error_of(input);
    CHECK(error.code == "revenue.improvement_exceeds");
    CHECK(error.path == "improve_points");
    CHECK(error.message.find("40") != std::string::npos);

    RevenueInput all_happy{csat5, tally_of(csat5, {{5, 10}})};
    all_happy.improvement = plus(1);
    CHECK(error_of(all_happy).code == "revenue.improvement_exceeds");
  }
}
