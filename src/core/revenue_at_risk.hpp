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
// shares mapped onto the other scales' negative (92%) and neutral (80%) buckets.
ChurnRates default_churn_rates(const Scale& scale);
// Where the defaults come from, for display next to them.
const char* default_churn_source();

struct Improvement {
  // Either a whole new distribution of the respondents …
  std::optional<Tally> new_distribution;
  // … or +K points of CSAT %: K% of respondents move out of the non-satisfied points, taken in
  // proportion to each point's count, onto the lowest satisfied point.
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
  // points fixed and moves their total share across the Wilson interval of CSAT %.
  Estimate at_risk;
  double churned_customers;                // expected customers lost
  double scale_factor;                     // customers / respondents (1 without a base)
  std::optional<Estimate> after_at_risk;   // with the improvement
  std::optional<Estimate> saved;           // at_risk − after_at_risk, ranged the same way
  ChurnRates churn_used;
};

// Errors: negative spend, churn outside [0, 1] or on a point not on the scale, a base smaller
// than the number of respondents, an improvement on another scale or pushing CSAT past 100%,
// no respondents.
Result<RevenueResult> revenue_at_risk(const RevenueInput& input);

}  // namespace csatkit
