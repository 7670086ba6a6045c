#include "core/recommendations.hpp"

#include <algorithm>
#include <cmath>

#include "core/number_text.hpp"
#include "core/sample_size.hpp"

namespace csatkit {

namespace {

// Whole numbers for counts in `data`, 2 decimals for shares and points (as the reports round).
Json points(double value) { return rounded(value, 2); }

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string p_text(double p) {
  if (!std::isfinite(p)) return "n/a";
  if (p < 0.001) return "p < 0.001";
  return "p = " + fixed_text(p, 3);
}

std::uint64_t ceil_count(double value) { return static_cast<std::uint64_t>(std::ceil(value * (1 - 1e-12))); }

// How the negative bucket's answers are called on each family.
std::string negatives_name(ScaleFamily family) {
  switch (family) {
    case ScaleFamily::Csat: return "dissatisfied answers";
    case ScaleFamily::Nps: return "detractors";
    case ScaleFamily::Ces: return "disagreeing answers";
    case ScaleFamily::Helpful: return "\"no\" answers";
  }
  return "negative answers";
}

class Recommender {
 public:
  explicit Recommender(const RecommendationInput& input)
      : in_(input),
        metric_(headline_metric(input.total.scale.family())),
        estimate_(metric_estimate(input.total, metric_)),
        name_(metric_title(metric_)),
        level_(confidence_text(input.total.confidence) + "%") {}

  std::vector<Recommendation> run() {
    if (in_.total.n == 0) {
      add("sample.empty", Severity::Critical, "No valid responses yet: there is nothing to score.",
          object_of({{"n", 0}}));
    } else {
      sample();
      target();
      change();
      segments();
      benchmark();
    }
    unusable();
    // Most severe first, in rule order within a severity (three passes: no sort code to ship).
    std::vector<Recommendation> sorted;
    for (Severity severity : {Severity::Critical, Severity::Warning, Severity::Info}) {
      for (Recommendation& r : out_) {
        if (r.severity == severity) sorted.push_back(std::move(r));
      }
    }
    return sorted;
  }

 private:
  void add(std::string id, Severity severity, std::string message, Json data) {
    out_.push_back(Recommendation{std::move(id), severity, std::move(message), std::move(data)});
  }

  std::string value(double v) const { return metric_value_text(v, metric_); }
  std::string estimate_words(const Estimate& e) const {
    return value(e.value) + " (" + level_ + " interval " + metric_interval_text(e, metric_) + ")";
  }

  void sample() {
    const std::uint64_t n = in_.total.n;
    if (n < in_.min_responses) {
      add("sample.below_minimum", Severity::Critical,
          "Only " + count_text(n) + (n == 1 ? " response" : " responses") + ": below the minimum of " +
              count_text(in_.min_responses) + ", so these figures are not reliable yet. Collect at least " +
              count_text(in_.min_responses - n) + " more.",
          object_of({{"n", n}, {"min_responses", in_.min_responses}, {"more_needed", in_.min_responses - n}}));
    }
    const double half_width = (estimate_.high - estimate_.low) / 2;
    if (!std::isfinite(half_width) || half_width <= in_.wanted_margin) return;
    const std::optional<std::uint64_t> needed = responses_for_margin(in_.total, in_.wanted_margin);
    if (!needed) return;
    const std::uint64_t total_needed = std::max(*needed, n + 1);
    const std::uint64_t more = total_needed - n;
    Json data = object_of({{"n", n},
                           {"margin", points(half_width)},
                           {"wanted_margin", in_.wanted_margin},
                           {"responses_needed", total_needed},
                           {"more_needed", more}});
    std::string message = "The margin of error is \xC2\xB1" + fixed_text(half_width, 1) + " points, wider than the \xC2\xB1" +
                          short_text(in_.wanted_margin, 2) + " points wanted: collect about " + count_text(more) +
                          " more responses (" + count_text(total_needed) + " in all)";
    if (in_.response_rate) {
      const std::uint64_t invitations = ceil_count(static_cast<double>(more) / *in_.response_rate);
      data["more_invitations"] = invitations;
      message += ", about " + count_text(invitations) + " more invitations at a " +
                 short_text(100 * *in_.response_rate, 1) + "% response rate";
    }
    add("sample.margin_too_wide", Severity::Warning, message + ".", std::move(data));
  }

  void target() {
    if (!in_.target || !std::isfinite(estimate_.low) || !std::isfinite(estimate_.high)) return;
    const double target = *in_.target;
    Json data = object_of({{"target", target}, {"value", points(estimate_.value)}, {"low", points(estimate_.low)},
                           {"high", points(estimate_.high)}});
    const std::string target_text = short_text(target, 2);
    if (estimate_.low >= target) {
      add("target.met", Severity::Info,
          name_ + " meets the target of " + target_text + ": " + estimate_words(estimate_) +
              " is at or above it as a whole.",
          std::move(data));
    } else if (estimate_.high < target) {
      data["gap"] = points(target - estimate_.value);
      add("target.missed", Severity::Warning,
          name_ + " is below the target of " + target_text + ": " + estimate_words(estimate_) + ", " +
              fixed_text(target - estimate_.value, 1) + " points short.",
          std::move(data));
    } else {
      const double distance = std::fabs(estimate_.value - target);
      std::string message = "The target of " + target_text + " lies inside the " + level_ + " interval of " + name_ +
                            " (" + metric_interval_text(estimate_, metric_) + "): the data cannot tell yet whether it is met.";
      std::optional<std::uint64_t> needed = distance > 0 ? responses_for_margin(in_.total, distance) : std::nullopt;
      if (needed) {
        const std::uint64_t total_needed = std::max(*needed, in_.total.n + 1);
        data["responses_needed"] = total_needed;
        data["more_needed"] = total_needed - in_.total.n;
        message += " About " + count_text(total_needed - in_.total.n) + " more responses would narrow it enough to tell.";
      } else {
        data["responses_needed"] = nullptr;
        data["more_needed"] = nullptr;
        message += " The estimate sits on the target itself, so more responses will not settle it.";
      }
      add("target.undecided", Severity::Warning, message, std::move(data));
    }
  }

  void change() {
    std::optional<RecommendationChange> latest = in_.comparison;
    bool from_trend = false;
    const auto& periods = in_.periods;
    if (!latest && periods.size() >= 2 && periods.back().test && std::isfinite(periods.back().test->p_value)) {
      latest = RecommendationChange{periods[periods.size() - 2].key, periods.back().key,
                                    periods[periods.size() - 2].score, periods.back().score, *periods.back().test};
      from_trend = true;
    }
    if (latest && std::isfinite(latest->test.p_value) && metric_ != ReportMetric::Mean) change_rule(*latest, from_trend);
    trend_drops(from_trend);
  }

  void change_rule(const RecommendationChange& change, bool from_trend) {
    const Estimate before = metric_estimate(change.before, metric_);
    const Estimate after = metric_estimate(change.after, metric_);
    const Comparison& test = change.test;
    Json data = object_of({{"from", change.from},
                           {"to", change.to},
                           {"before", points(before.value)},
                           {"after", points(after.value)},
                           {"difference", points(test.difference)},
                           {"p_value", rounded(test.p_value, 6)},
                           {"p_adjusted", rounded(test.p_adjusted, 6)},
                           {"significant", test.significant}});
    const std::string values = "(" + value(before.value) + " \xE2\x86\x92 " + value(after.value) + ")";
    const std::string span = "from " + change.from + " to " + change.to;
    const std::string holm = from_trend && in_.periods.size() > 2 ? " after Holm's correction" : "";
    if (test.significant) {
      const bool drop = test.difference < 0;
      add("change.significant", drop ? Severity::Warning : Severity::Info,
          name_ + (drop ? " fell " : " rose ") + fixed_text(std::fabs(test.difference), 1) + " points " + span + " " +
              values + ": significant at " + level_ + holm + ", not chance.",
          std::move(data));
    } else {
      const std::string p = from_trend && in_.periods.size() > 2 ? "adjusted " + p_text(test.p_adjusted) : p_text(test.p_value);
      add("change.within_noise", Severity::Info,
          "The change of " + signed_text(test.difference, 1) + " points " + span + " " + values + " is within noise (" +
              p + "): it may be chance, so do not act on it alone.",
          std::move(data));
    }
  }

  void trend_drops(bool latest_reported) {
    if (metric_ == ReportMetric::Mean) return;
    const auto& periods = in_.periods;
    const std::size_t end = latest_reported ? periods.size() - 1 : periods.size();
    std::size_t listed = 0;
    for (std::size_t i = end; i-- > 1 && listed < kTrendDropsListed;) {
      const auto& test = periods[i].test;
      if (!test || !test->significant || !(test->difference < 0)) continue;
      const double previous_value = metric_estimate(periods[i - 1].score, metric_).value;
      const double current_value = metric_estimate(periods[i].score, metric_).value;
      add("trend.drop", Severity::Warning,
          name_ + " dropped " + fixed_text(-test->difference, 1) + " points in " + periods[i].key + " (" +
              value(previous_value) + " in " + periods[i - 1].key + " \xE2\x86\x92 " + value(current_value) +
              "): significant after Holm's correction.",
          object_of({{"period", periods[i].key},
                     {"previous", periods[i - 1].key},
                     {"difference", points(test->difference)},
                     {"value", points(current_value)},
                     {"previous_value", points(previous_value)},
                     {"p_adjusted", rounded(test->p_adjusted, 6)}}));
      ++listed;
    }
  }

  void segments() {
    const auto& groups = in_.segments;
    if (groups.size() < 2) return;
    std::uint64_t negatives = 0, responses = 0;
    for (const auto& group : groups) {
      negatives += group.score.buckets.negative;
      responses += group.score.n;
    }
    if (negatives == 0) return;
    std::vector<Comparison> tests;
    for (const auto& group : groups) {
      const std::uint64_t n = group.score.n, negative = group.score.buckets.negative;
      // b − a: this segment's negative rate minus the rest's.
      tests.push_back(two_proportion_test(negatives - negative, responses - n, negative, n, in_.total.confidence));
    }
    holm_adjust(tests);
    struct Finding {
      std::size_t index;
      double ratio;
    };
    // The most concentrated first (insertion keeps ties in segment order; there are few).
    std::vector<Finding> findings;
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const double share_of_negatives = static_cast<double>(groups[i].score.buckets.negative) / static_cast<double>(negatives);
      const double share_of_responses = static_cast<double>(groups[i].score.n) / static_cast<double>(responses);
      if (!tests[i].significant || !(tests[i].difference > 0)) continue;
      if (share_of_negatives < kConcentrationFactor * share_of_responses) continue;
      const Finding finding{i, share_of_negatives / share_of_responses};
      auto at = findings.begin();
      while (at != findings.end() && at->ratio >= finding.ratio) ++at;
      findings.insert(at, finding);
    }
    const std::string what = negatives_name(in_.total.scale.family());
    for (const Finding& finding : findings) {
      const auto& group = groups[finding.index];
      const std::uint64_t n = group.score.n, negative = group.score.buckets.negative;
      const double share_of_negatives = 100.0 * static_cast<double>(negative) / static_cast<double>(negatives);
      const double share_of_responses = 100.0 * static_cast<double>(n) / static_cast<double>(responses);
      const double rate = 100.0 * static_cast<double>(negative) / static_cast<double>(n);
      const double rest_rate = 100.0 * static_cast<double>(negatives - negative) / static_cast<double>(responses - n);
      add("segment.negatives_concentrated", Severity::Warning,
          "The segment " + quoted(group.key) + " gives " + fixed_text(share_of_negatives, 1) + "% of the " + what +
              " but only " + fixed_text(share_of_responses, 1) + "% of the responses (" + fixed_text(rate, 1) +
              "% there, " + fixed_text(rest_rate, 1) + "% in the other segments; significant after Holm's correction): " +
              "start there.",
          object_of({{"segment", group.key},
                     {"negatives", negative},
                     {"responses", n},
                     {"share_of_negatives", points(share_of_negatives)},
                     {"share_of_responses", points(share_of_responses)},
                     {"negative_rate", points(rate)},
                     {"rest_negative_rate", points(rest_rate)},
                     {"p_adjusted", rounded(tests[finding.index].p_adjusted, 6)}}));
    }
  }

  void benchmark() {
    if (!in_.benchmark) return;
    const Benchmark& b = *in_.benchmark;
    const std::string acsi = short_text(b.score, 1);
    if (in_.total.scale.family() != ScaleFamily::Csat) {
      add("benchmark.not_comparable", Severity::Info,
          "The ACSI score for " + b.industry + " (" + acsi + ") is a satisfaction index; it cannot be compared with " +
              name_ + ".",
          object_of({{"benchmark", b.id}, {"family", std::string(to_string(in_.total.scale.family()))}}));
      return;
    }
    add("benchmark.comparison", Severity::Info,
        "Your CSAT is " + estimate_words(estimate_) + "; the ACSI score for " + b.industry + " is " + acsi + " (" +
            std::to_string(b.year) + ", " + b.source + "). " + acsi_caveat(),
        object_of({{"benchmark", b.id},
                   {"industry", b.industry},
                   {"acsi", b.score},
                   {"year", b.year},
                   {"source", b.source},
                   {"percent", points(estimate_.value)},
                   {"low", points(estimate_.low)},
                   {"high", points(estimate_.high)},
                   {"difference", points(estimate_.value - b.score)}}));
  }

  void unusable() {
    if (in_.rows) {
      if (in_.bad_rows == 0) return;
      const double share = *in_.rows ? static_cast<double>(in_.bad_rows) / static_cast<double>(*in_.rows) : 1.0;
      Json lines = Json::array();
      std::string first;
      for (std::size_t i = 0; i < in_.first_bad_lines.size() && i < 5; ++i) {
        lines.push_back(in_.first_bad_lines[i]);
        first += (i ? ", " : "") + count_text(in_.first_bad_lines[i]);
      }
      add("data.unusable_rows", share > kUnusableShareWarning ? Severity::Warning : Severity::Info,
          count_text(in_.bad_rows) + " of " + count_text(*in_.rows) + " rows (" + fixed_text(100 * share, 1) +
              "%) had a problem" + (first.empty() ? "" : " (first at line" + std::string(lines.size() > 1 ? "s " : " ") + first + ")") +
              ": what could not be used is left out of the figures; see the list of bad rows.",
          object_of({{"bad_rows", in_.bad_rows}, {"rows", *in_.rows}, {"first_lines", lines}}));
      return;
    }
    const std::uint64_t invalid = in_.total.invalid;
    if (invalid == 0) return;
    const double share = static_cast<double>(invalid) / static_cast<double>(invalid + in_.total.n);
    add("data.unusable_rows", share > kUnusableShareWarning ? Severity::Warning : Severity::Info,
        count_text(invalid) + (invalid == 1 ? " value was" : " values were") + " not on the " + in_.total.scale.id() +
            " scale and " + (invalid == 1 ? "is" : "are") + " left out of every figure.",
        object_of({{"invalid", invalid}, {"n", in_.total.n}}));
  }

  const RecommendationInput& in_;
  const ReportMetric metric_;
  const Estimate estimate_;
  const std::string name_;
  const std::string level_;
  std::vector<Recommendation> out_;
};

}  // namespace

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::Critical: return "critical";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "info";
}

std::optional<std::uint64_t> responses_for_margin(const ScoreResult& score, double margin) {
  const ReportMetric metric = headline_metric(score.scale.family());
  const Estimate estimate = metric_estimate(score, metric);
  if (score.n == 0 || !(margin > 0) || !std::isfinite(estimate.low) || !std::isfinite(estimate.high)) return std::nullopt;
  if (metric == ReportMetric::Nps) {
    const double half_width = (estimate.high - estimate.low) / 2;
    const double scaled = static_cast<double>(score.n) * (half_width / margin) * (half_width / margin);
    return std::max<std::uint64_t>(1, ceil_count(scaled));
  }
  SamplePlanInput plan;
  plan.margin_points = std::min(margin, 100.0);
  plan.expected_percent = std::clamp(50.0, estimate.low, estimate.high);
  plan.confidence = score.confidence;
  auto needed = responses_needed(plan);
  if (!needed) return std::nullopt;
  return needed->responses;
}

std::vector<Recommendation> recommend(const RecommendationInput& input) { return Recommender(input).run(); }

}  // namespace csatkit
