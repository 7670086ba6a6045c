#include "core/report.hpp"

#include <cmath>
#include <string>

namespace csatkit {

Json rounded(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  const double factor = std::pow(10.0, decimals);
  const double r = std::round(value * factor) / factor;
  return r == 0 ? 0.0 : r;  // no "-0.0" in reports
}

Json object_of(std::initializer_list<std::pair<const char*, Json>> fields) {
  Json out = Json::object();
  for (const auto& [key, value] : fields) out[key] = value;
  return out;
}

namespace {

Json percent_json(const Estimate& e) {
  return Json{{"percent", rounded(e.value, 2)}, {"low", rounded(e.low, 2)}, {"high", rounded(e.high, 2)}};
}

Json estimate_json(const Estimate& e, int decimals) {
  return Json{{"value", rounded(e.value, decimals)}, {"low", rounded(e.low, decimals)},
              {"high", rounded(e.high, decimals)}};
}

Json money_json(const Estimate& e) { return estimate_json(e, 2); }

}  // namespace

Json error_json(const Error& error) {
  Json out{{"code", error.code}, {"path", error.path}, {"message", error.message}};
  if (!error.problems.empty()) {
    Json problems = Json::array();
    for (const Problem& p : error.problems) problems.push_back(Json{{"path", p.path}, {"message", p.message}});
    out["problems"] = problems;
  }
  return out;
}

Json score_json(const ScoreResult& r) {
  Json out;
  out["scale"] = r.scale.id();
  out["family"] = std::string(to_string(r.scale.family()));
  out["confidence"] = r.confidence;
  out["satisfied_from"] = r.scale.satisfied_from();
  out["n"] = r.n;
  out["invalid"] = r.invalid;
  Json distribution = Json::object();
  for (const auto& [value, count] : r.distribution) distribution[std::to_string(value)] = count;
  out["distribution"] = distribution;
  out["buckets"] = Json{{"negative", r.buckets.negative}, {"neutral", r.buckets.neutral},
                        {"positive", r.buckets.positive}};
  switch (r.scale.family()) {
    case ScaleFamily::Csat:
      out["csat"] = percent_json(r.satisfied_percent);
      break;
    case ScaleFamily::Nps:
      if (r.nps && r.nps_counts) {
        out["nps"] = Json{{"score", rounded(r.nps->value, 2)}, {"low", rounded(r.nps->low, 2)},
                          {"high", rounded(r.nps->high, 2)}};
        out["promoters"] = r.nps_counts->promoters;
        out["passives"] = r.nps_counts->passives;
        out["detractors"] = r.nps_counts->detractors;
      }
      break;
    case ScaleFamily::Ces:
      out["ces"] = Json{{"agree", percent_json(r.satisfied_percent)}};
      break;
    case ScaleFamily::Helpful:
      out["helpful"] = percent_json(r.satisfied_percent);
      break;
  }
  out["mean"] = estimate_json(r.mean, 3);
  return out;
}

Json comparison_json(const Comparison& c) {
  return Json{{"difference", rounded(c.difference, 2)}, {"z", rounded(c.z, 3)},
              {"p_value", rounded(c.p_value, 6)},      {"p_adjusted", rounded(c.p_adjusted, 6)},
              {"significant", c.significant},          {"verdict", c.verdict}};
}

Json revenue_json(const RevenueResult& r) {
  Json out;
  out["at_risk"] = money_json(r.at_risk);
  out["churned_customers"] = rounded(r.churned_customers, 2);
  out["scale_factor"] = rounded(r.scale_factor, 6);
  Json churn = Json::object();
  for (const auto& [point, rate] : r.churn_used) churn[std::to_string(point)] = rate;
  out["churn"] = churn;
  out["churn_source"] = default_churn_source();
  if (r.after_at_risk) out["after"] = Json{{"at_risk", money_json(*r.after_at_risk)}};
  if (r.saved) out["saved"] = money_json(*r.saved);
  return out;
}

Comparison compare_scores(const ScoreResult& a, const ScoreResult& b) {
  if (a.nps_counts && b.nps_counts) return nps_difference_test(*a.nps_counts, *b.nps_counts, a.confidence);
  return two_proportion_test(a.buckets.positive, a.n, b.buckets.positive, b.n, a.confidence);
}

namespace {

// Scores each keyed tally; `baseline(i)` gives what group i is tested against (null: none).
template <typename Baseline>
Result<Json> grouped_report(const std::vector<std::pair<std::string, const Tally*>>& groups,
                            const char* key_name, const char* against, const Scale& scale,
                            const ScoreOptions& options, Baseline baseline) {
  std::vector<ScoreResult> scores;
  for (const auto& group : groups) {
    auto result = score(*group.second, scale, options);
    if (!result) return result.error();
    scores.push_back(std::move(result).value());
  }
  std::vector<Comparison> tests;
  std::vector<size_t> tested;  // index of the group each test belongs to
  for (size_t i = 0; i < groups.size(); ++i) {
    std::optional<Tally> base = baseline(i);
    if (!base) continue;
    auto base_score = score(*base, scale, options);
    if (!base_score) return base_score.error();
    tests.push_back(compare_scores(*base_score, scores[i]));
    tested.push_back(i);
  }
  holm_adjust(tests);
  Json out = Json::array();
  for (size_t i = 0; i < groups.size(); ++i) {
    Json item;
    item[key_name] = groups[i].first;
    const Json report = score_json(scores[i]);
    for (const auto& [k, v] : report.items()) item[k] = v;
    item["test"] = nullptr;
    for (size_t t = 0; t < tested.size(); ++t) {
      if (tested[t] != i) continue;
      Json test = comparison_json(tests[t]);
      test["against"] = against;
      item["test"] = test;
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<Json> period_groups(const std::map<std::string, Tally>& periods, const Scale& scale,
                           const ScoreOptions& options) {
  std::vector<std::pair<std::string, const Tally*>> groups;
  for (const auto& [key, tally] : periods) groups.emplace_back(key, &tally);
  return grouped_report(groups, "period", "previous period", scale, options,
                        [&](size_t i) -> std::optional<Tally> {
                          if (i == 0) return std::nullopt;
                          return *groups[i - 1].second;
                        });
}

}  // namespace

Result<Json> csv_report(const CsvImportSummary& summary, const Scale& scale, const ScoreOptions& options) {
  auto total = score(summary.total, scale, options);
  if (!total) return total.error();
  Json out = score_json(*total);
  out["rows"] = summary.rows;
  out["bad_rows"] = summary.bad_rows;
  Json bad = Json::array();
  for (const BadRow& row : summary.first_bad_rows) bad.push_back(Json{{"line", row.line}, {"reason", row.reason}});
  out["first_bad_rows"] = bad;

  if (!summary.by_segment.empty()) {
    std::vector<std::pair<std::string, const Tally*>> groups;
    for (const auto& [key, tally] : summary.by_segment) groups.emplace_back(key, &tally);
    auto segments = grouped_report(groups, "segment", "rest", scale, options,
                                   [&](size_t i) -> std::optional<Tally> {
                                     if (groups.size() < 2) return std::nullopt;
                                     Tally rest(scale);
                                     for (size_t j = 0; j < groups.size(); ++j) {
                                       if (j != i) rest += *groups[j].second;
                                     }
                                     return rest;
                                   });
    if (!segments) return segments.error();
    Json& items = segments.value();
    for (Json& item : items) {
      auto periods = summary.by_segment_period.find(item["segment"].get<std::string>());
      if (periods == summary.by_segment_period.end()) continue;
      auto nested = period_groups(periods->second, scale, options);
      if (!nested) return nested.error();
      item["groups"] = std::move(nested).value();
    }
    out["groups"] = std::move(items);
    if (!summary.by_period.empty()) {
      auto periods = period_groups(summary.by_period, scale, options);
      if (!periods) return periods.error();
      out["periods"] = std::move(periods).value();  // the overall trend, all segments together
    }
  } else if (!summary.by_period.empty()) {
    auto periods = period_groups(summary.by_period, scale, options);
    if (!periods) return periods.error();
    out["groups"] = std::move(periods).value();
  }
  return out;
}

}  // namespace csatkit
