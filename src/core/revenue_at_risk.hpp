// Revenue at risk: customers per rating × churn probability for that rating × average spend,
// projected from the respondents to the whole customer base when its size is given, with an
// improvement scenario and the revenue it would save. Ranges carry the CSAT interval through.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "core/intervals.hpp"
#include "core/result.hpp"
#include "core/scale.hpp"
#include "core/tally.hpp"

namespace csatkit {

// Churn probability per scale point (0–1). Points not listed churn with probability 0.
using ChurnRates = std::map<int, double>;

// The GetFeedback method's defaults for csat5 — 92% for ratings 1–2, 80% for 3 — and the same
// shares mapped onto the other scales' negative (92%) and neutral (80%) buckets; every other
// point is listed with 0. The buckets are the scale's default ones, so moving the top-box
// threshold changes what counts as CSAT % but not how likely a "Satisfied" 4 is to leave.
ChurnRates default_churn_rates(const Scale& scale);
// Where the defaults come from, for display next to them.
const char* default_churn_source();

// Exactly one of the two must be set.
struct Improvement {
  // Either a whole new distribution of the respondents (same scale). It is the same respondents
  // re-distributed, so a tally of another size is read as shares and rescaled to respondents.n()
  // (fractional respondents are fine: every amount is a double) …
  std::optional<Tally> new_distribution;
  // … or +K points of CSAT %: K% of respondents move out of the non-satisfied points, taken in
  // proportion to each point's count, onto the lowest satisfied point. K ≥ 0, and K may not
  // exceed the non-satisfied share.
  std::optional<double> plus_points;
};

struct RevenueInput {
  Scale scale;
  Tally respondents;
  double average_spend = 0;                // per customer, in the user's currency
  ChurnRates churn;                        // empty → default_churn_rates(scale)
  std::optional<std::uint64_t> customers;  // customer base; absent → the respondents themselves
  std::optional<Improvement> improvement;
  double confidence = 0.95;
};

struct RevenueResult {
  // Value is the exact expected amount. The range keeps the mix within the non-satisfied
  // points (and within the satisfied ones) fixed and moves their total shares across the
  // Wilson interval of CSAT % at the given confidence, n = the respondents:
  //   at_risk(p) = N × spend × (p × churn_satisfied + (1 − p) × churn_unsatisfied),
  // N the customers, churn_x the count-weighted mean churn of that group, p ∈ {low, high}.
  // With the defaults (satisfied churn 0) this is at_risk × (1 − csat_high)/u … at_risk ×
  // (1 − csat_low)/u, u the unsatisfied share. A group nobody answered in (u = 0: everyone
  // satisfied) has no observed mix, yet the Wilson bound still allows some of it; the range then
  // covers any mix of that group — its points' lowest to highest churn — so with everyone
  // satisfied at_risk is 0 but its high is (1 − csat_low) × N × spend × the highest unsatisfied
  // churn (0.92 by default), not 0.
  Estimate at_risk;
  double churned_customers;                // expected customers lost
  double scale_factor;                     // customers / respondents (1 without a base)
  // With the improvement: the same churn per point on the new distribution, ranged as above
  // with the new distribution's own Wilson interval (same n; the fractional counts a rescaled or
  // +K distribution holds go into the Wilson formula as they are).
  std::optional<Estimate> after_at_risk;
  // at_risk − after_at_risk (negative when the scenario is worse). The scenario fixes which
  // fraction f of the revenue at risk it saves; what is uncertain is how much is at risk, so the
  // range is f × at_risk.low … f × at_risk.high. (Subtracting the two ranges would ignore that
  // both come from the same respondents and be far too wide; a +K scenario moved along the CSAT
  // interval alone would have no width at all.) When at_risk is exactly 0, saved = −after and
  // its range is −after's range.
  std::optional<Estimate> saved;
  ChurnRates churn_used;
};

// Errors (code — path; paths are the keys of json_api::revenue's request, without "$."):
//   revenue.scale_mismatch — counts            respondents tallied on another scale
//   revenue.no_responses — counts              n = 0
//   revenue.spend — spend                      negative or not finite
//   revenue.confidence — confidence            outside [0.5, 0.9999]
//   revenue.customers — customers              a base smaller than n
//   revenue.churn_point — churn.<point>        a point not on the scale
//   revenue.churn_range — churn.<point>        a churn outside [0, 1] (or NaN)
//   revenue.improvement_choice — improve_to    an Improvement with both or neither set
//   revenue.improvement_scale — improve_to     a new distribution on another scale
//   revenue.improvement_empty — improve_to     a new distribution with no responses
//   revenue.improvement_points — improve_points  K negative or not finite
//   revenue.improvement_exceeds — improve_points K above the non-satisfied share (CSAT past 100%)
Result<RevenueResult> revenue_at_risk(const RevenueInput& input);

}  // namespace csatkit
