#include "core/revenue_at_risk.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/distributions.hpp"

namespace csatkit {

namespace {

constexpr double kNegativeChurn = 0.92;
constexpr double kNeutralChurn = 0.80;

// Respondents per point as doubles: a rescaled or improved distribution holds fractional people.
struct Distribution {
  int min = 0;
  std::vector<double> counts;  // index value - min

  double at(int value) const { return counts[static_cast<size_t>(value - min)]; }
  double& at(int value) { return counts[static_cast<size_t>(value - min)]; }
  double total() const {
    double sum = 0;
    for (double c : counts) sum += c;
    return sum;
  }
};

Distribution from_tally(const Scale& scale, const Tally& tally, double multiplier) {
  Distribution d;
  d.min = scale.min();
  for (int v = scale.min(); v <= scale.max(); ++v) {
    d.counts.push_back(static_cast<double>(tally.count(v)) * multiplier);
  }
  return d;
}

double churn_at(const ChurnRates& churn, int value) {
  const auto it = churn.find(value);
  return it == churn.end() ? 0.0 : it->second;
}

// The Wilson score interval of a share (0–1), as wilson_percent computes it, written for a
// fractional count of successes because improved distributions have them.
std::pair<double, double> wilson_share(double successes, double n, double z) {
  const double p = successes / n;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  return {std::clamp(centre - half, 0.0, 1.0), std::clamp(centre + half, 0.0, 1.0)};
}

// Mean churn of one group (satisfied or not), or — when nobody in the sample is in it — the
// lowest and highest churn of its points, since any mix of them is then possible.
std::vector<double> group_churn(const Scale& scale, const Distribution& d, const ChurnRates& churn,
                                bool satisfied) {
  double people = 0, churning = 0;
  double lowest = 1.0, highest = 0.0;
  for (int v = scale.min(); v <= scale.max(); ++v) {
    if ((scale.bucket(v) == Bucket::Positive) != satisfied) continue;
    const double rate = churn_at(churn, v);
    people += d.at(v);
    churning += d.at(v) * rate;
    lowest = std::min(lowest, rate);
    highest = std::max(highest, rate);
  }
  if (people > 0) return {churning / people};
  return {lowest, highest};
}

// Revenue at risk of a distribution, ranged over the Wilson interval of its satisfied share with
// the mix inside each group held fixed (see RevenueResult::at_risk).
Estimate ranged_at_risk(const Scale& scale, const Distribution& d, const ChurnRates& churn,
                        double money_per_respondent, double z) {
  double satisfied = 0, churning = 0;
  for (int v = scale.min(); v <= scale.max(); ++v) {
    if (scale.bucket(v) == Bucket::Positive) satisfied += d.at(v);
    churning += d.at(v) * churn_at(churn, v);
  }
  const double n = d.total();
  const double value = churning * money_per_respondent;
  const auto [csat_low, csat_high] = wilson_share(satisfied, n, z);
  const std::vector<double> satisfied_churn = group_churn(scale, d, churn, true);
  const std::vector<double> unsatisfied_churn = group_churn(scale, d, churn, false);

  // at_risk(p) is linear in p and in each group's churn, so its extremes lie at the corners.
  double low = value, high = value;
  for (double p : {csat_low, csat_high}) {
    for (double rs : satisfied_churn) {
      for (double ru : unsatisfied_churn) {
        const double amount = n * (p * rs + (1.0 - p) * ru) * money_per_respondent;
        low = std::min(low, amount);
        high = std::max(high, amount);
      }
    }
  }
  return Estimate{value, low, high};
}

Status check_churn(const Scale& scale, const ChurnRates& churn) {
  for (const auto& [point, rate] : churn) {
    const std::string path = "churn." + std::to_string(point);
    if (!scale.contains(point)) {
      return Error{"revenue.churn_point", path,
                   "churn is given for " + std::to_string(point) + ", which is not a point of the " +
                       scale.id() + " scale (" + std::to_string(scale.min()) + "–" +
                       std::to_string(scale.max()) + ")"};
    }
    if (!(rate >= 0.0 && rate <= 1.0)) {
      return Error{"revenue.churn_range", path,
                   "the churn probability for " + std::to_string(point) +
                       " must be between 0 and 1, got " + std::to_string(rate)};
    }
  }
  return Ok{};
}

bool same_scale(const Scale& scale, const Tally& tally) {
  return tally.scale_id() == scale.id() && tally.min() == scale.min() && tally.max() == scale.max();
}

// The distribution after the improvement, as respondents (total n).
Result<Distribution> improved(const Scale& scale, const Tally& respondents,
                              const Improvement& improvement) {
  const double n = static_cast<double>(respondents.n());
  if (improvement.new_distribution.has_value() == improvement.plus_points.has_value()) {
    return Error{"revenue.improvement_choice", "improve_to",
                 "give either a new distribution or a number of CSAT points to add, not " +
                     std::string(improvement.plus_points ? "both" : "neither")};
  }
  if (improvement.new_distribution) {
    const Tally& target = *improvement.new_distribution;
    if (!same_scale(scale, target)) {
      return Error{"revenue.improvement_scale", "improve_to",
                   "the new distribution is on the " + target.scale_id() + " scale, expected " +
                       scale.id()};
    }
    if (target.n() == 0) {
      return Error{"revenue.improvement_empty", "improve_to",
                   "the new distribution has no responses"};
    }
    return from_tally(scale, target, n / static_cast<double>(target.n()));
  }

  const double points = *improvement.plus_points;
  if (!std::isfinite(points) || points < 0) {
    return Error{"revenue.improvement_points", "improve_points",
                 "the CSAT points to add must be a number of 0 or more, got " + std::to_string(points)};
  }
  Distribution d = from_tally(scale, respondents, 1.0);
  double unsatisfied = 0;
  for (int v = scale.min(); v < scale.satisfied_from(); ++v) unsatisfied += d.at(v);
  const double moved = points / 100.0 * n;
  // A relative tolerance lets "+40" meet a 40.0% non-satisfied share despite rounding.
  if (moved > unsatisfied * (1.0 + 1e-12)) {
    return Error{"revenue.improvement_exceeds", "improve_points",
                 "+" + std::to_string(points) + " points would push CSAT past 100%: only " +
                     std::to_string(unsatisfied / n * 100.0) + "% of respondents are not satisfied"};
  }
  if (moved > 0) {
    const double kept = std::max(0.0, 1.0 - moved / unsatisfied);
    for (int v = scale.min(); v < scale.satisfied_from(); ++v) d.at(v) *= kept;
    d.at(scale.satisfied_from()) += std::min(moved, unsatisfied);
  }
  return d;
}

}  // namespace

ChurnRates default_churn_rates(const Scale& scale) {
  // The scale's default buckets, not a moved threshold (see the header).
  const Result<Scale> builtin = Scale::find(scale.id());
  const Scale& buckets = builtin.ok() ? builtin.value() : scale;
  ChurnRates rates;
  for (int v = scale.min(); v <= scale.max(); ++v) {
    switch (buckets.bucket(v)) {
      case Bucket::Negative: rates[v] = kNegativeChurn; break;
      case Bucket::Neutral: rates[v] = kNeutralChurn; break;
      case Bucket::Positive: rates[v] = 0.0; break;
    }
  }
  return rates;
}

const char* default_churn_source() {
  return "GetFeedback's revenue-at-risk method for CSAT surveys: customers who rate 1–2 on a "
         "5-point scale churn with probability 92%, those who rate 3 with 80%, satisfied "
         "customers (4–5) are not counted; csatkit maps the same shares onto the negative and "
         "neutral buckets of its other scales.";
}

Result<RevenueResult> revenue_at_risk(const RevenueInput& input) {
  const Scale& scale = input.scale;
  if (!same_scale(scale, input.respondents)) {
    return Error{"revenue.scale_mismatch", "counts",
                 "the responses are on the " + input.respondents.scale_id() + " scale, expected " +
                     scale.id()};
  }
  if (input.respondents.n() == 0) {
    return Error{"revenue.no_responses", "counts", "there are no valid responses to project from"};
  }
  if (!std::isfinite(input.average_spend) || input.average_spend < 0) {
    return Error{"revenue.spend", "spend",
                 "the average spend must be a number of 0 or more, got " +
                     std::to_string(input.average_spend)};
  }
  if (!(input.confidence >= 0.5 && input.confidence <= 0.9999)) {
    return Error{"revenue.confidence", "confidence",
                 "the confidence level must be between 0.5 and 0.9999, got " +
                     std::to_string(input.confidence)};
  }
  const std::uint64_t n = input.respondents.n();
  if (input.customers && *input.customers < n) {
    return Error{"revenue.customers", "customers",
                 "the customer base (" + std::to_string(*input.customers) +
                     ") cannot be smaller than the " + std::to_string(n) + " customers who responded"};
  }
  const ChurnRates churn = input.churn.empty() ? default_churn_rates(scale) : input.churn;
  if (Status status = check_churn(scale, churn); !status) return status.error();

  const double scale_factor =
      input.customers ? static_cast<double>(*input.customers) / static_cast<double>(n) : 1.0;
  const double money_per_respondent = input.average_spend * scale_factor;
  const double z = normal_critical(input.confidence);

  const Distribution before = from_tally(scale, input.respondents, 1.0);
  double churning = 0;
  for (int v = scale.min(); v <= scale.max(); ++v) churning += before.at(v) * churn_at(churn, v);

  RevenueResult result{ranged_at_risk(scale, before, churn, money_per_respondent, z),
                       churning * scale_factor,
                       scale_factor,
                       std::nullopt,
                       std::nullopt,
                       churn};

  if (input.improvement) {
    Result<Distribution> after = improved(scale, input.respondents, *input.improvement);
    if (!after) return after.error();
    const Estimate after_at_risk = ranged_at_risk(scale, *after, churn, money_per_respondent, z);
    const Estimate& at_risk = result.at_risk;
    Estimate saved{at_risk.value - after_at_risk.value, 0, 0};
    if (at_risk.value > 0) {
      const double fraction = saved.value / at_risk.value;
      saved.low = std::min(fraction * at_risk.low, fraction * at_risk.high);
      saved.high = std::max(fraction * at_risk.low, fraction * at_risk.high);
    } else {
      saved.low = -after_at_risk.high;
      saved.high = -after_at_risk.low;
    }
    result.after_at_risk = after_at_risk;
    result.saved = saved;
  }
  return result;
}

}  // namespace csatkit
