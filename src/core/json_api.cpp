#include "core/json_api.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "core/benchmarks.hpp"
#include "core/charts.hpp"
#include "core/csv_import.hpp"
#include "core/envelope.hpp"
#include "core/locale.hpp"
#include "core/number_text.hpp"
#include "core/rating_text.hpp"
#include "core/recommendations.hpp"
#include "core/report.hpp"
#include "core/report_metric.hpp"
#include "core/revenue_at_risk.hpp"
#include "core/sample_size.hpp"
#include "core/score.hpp"
#include "core/score_summary.hpp"
#include "core/significance.hpp"

namespace csatkit::json_api {

namespace {

Error field_error(const std::string& path, const std::string& message) {
  return Error{"request.invalid", path, message};
}

// The core's own reader (json_text.hpp), as every JSON face of the core: nesting is capped at
// kMaxJsonDepth, and a text that is not JSON says why and where.
Result<Json> parse_request(std::string_view text) {
  JsonReading reading = read_json(text);
  if (reading.value.is_discarded()) {
    return Error{"request.json", "$",
                 describe("the request", reading.error) + " (at byte " + std::to_string(reading.error.offset + 1) + ")"};
  }
  if (!reading.value.is_object()) return field_error("$", "the request must be a JSON object");
  return std::move(reading.value);
}

std::string child(const std::string& path, const std::string& key) { return path + "." + key; }

Result<std::optional<double>> optional_number(const Json& object, const std::string& key,
                                              const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<double>{};
  if (!it->is_number()) return field_error(child(path, key), key + " must be a number");
  return std::optional<double>{it->get<double>()};
}

Result<std::uint64_t> count_value(const Json& value, const std::string& path);

Result<std::optional<std::uint64_t>> optional_count(const Json& object, const std::string& key,
                                                    const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::uint64_t>{};
  auto count = count_value(*it, child(path, key));
  if (!count) return count.error();
  return std::optional<std::uint64_t>{count.value()};
}

Result<std::optional<std::string>> optional_string(const Json& object, const std::string& key,
                                                   const std::string& path) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return field_error(child(path, key), key + " must be a string");
  return std::optional<std::string>{it->get<std::string>()};
}

Result<Scale> read_scale(const Json& request) {
  auto id = optional_string(request, "scale", "$");
  if (!id) return id.error();
  auto scale = Scale::find(id.value().value_or("csat5"));
  if (!scale) return Error{scale.error().code, "$.scale", scale.error().message};
  return scale;
}

Result<ScoreOptions> read_score_options(const Json& request) {
  ScoreOptions options;
  auto confidence = optional_number(request, "confidence", "$");
  if (!confidence) return confidence.error();
  if (confidence.value()) options.confidence = *confidence.value();
  auto it = request.find("satisfied_from");
  if (it != request.end() && !it->is_null()) {
    if (!it->is_number_integer()) return field_error("$.satisfied_from", "satisfied_from must be a whole number");
    options.satisfied_from = it->get<int>();
  }
  return options;
}

Result<std::uint64_t> count_value(const Json& value, const std::string& path) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>();
  if (value.is_number_integer() && value.get<std::int64_t>() >= 0) return value.get<std::uint64_t>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (d >= 0 && d == std::floor(d) && d < 1e15) return static_cast<std::uint64_t>(d);
  }
  return field_error(path, path + " must be a whole number of at least 0, got " + value.dump().substr(0, 40));
}

// {"1":10,"5":20} or [10, 0, 0, 0, 20] (one count per point, lowest first).
Result<Tally> read_counts(const Json& counts, const Scale& scale, const std::string& path) {
  Tally tally(scale);
  if (counts.is_array()) {
    if (counts.size() != static_cast<size_t>(scale.point_count())) {
      return field_error(path, "expected " + std::to_string(scale.point_count()) + " counts for the " +
                                   scale.id() + " scale (" + std::to_string(scale.min()) + "–" +
                                   std::to_string(scale.max()) + "), got " + std::to_string(counts.size()));
    }
    for (size_t i = 0; i < counts.size(); ++i) {
      auto count = count_value(counts[i], path + "[" + std::to_string(i) + "]");
      if (!count) return count.error();
      tally.add(scale.min() + static_cast<int>(i), count.value());
    }
    return tally;
  }
  if (!counts.is_object()) return field_error(path, "counts must be an object like {\"1\": 10, \"5\": 20}");
  for (const auto& [key, value] : counts.items()) {
    const std::string item_path = child(path, key);
    auto point = scale.parse(key);
    if (!point || std::to_string(*point) != key) {
      return field_error(item_path, "\"" + key + "\" is not a point of the " + scale.id() + " scale (" +
                                        std::to_string(scale.min()) + "–" + std::to_string(scale.max()) + ")");
    }
    auto count = count_value(value, item_path);
    if (!count) return count.error();
    tally.add(*point, count.value());
  }
  return tally;
}

// Pasted scores: one per line or separated by commas, semicolons or tabs; a piece that is not a
// label ("Very satisfied") is split further on spaces ("5 4 3").
// A rating in any built-in locale's words; one that is ambiguous counts as invalid, like any
// text that names no point (pasted answers have no rows to give a reason on).
std::optional<int> read_rating(const RatingReader& ratings, std::string_view text) {
  auto read = ratings.read(text);
  return read ? *read : std::nullopt;
}

void tally_text(std::string_view text, const RatingReader& ratings, Tally& tally, Json& invalid_examples) {
  const Scale& scale = ratings.scale();
  auto take = [&](std::string_view token) {
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.remove_prefix(1);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.remove_suffix(1);
    if (token.empty()) return;
    if (auto point = read_rating(ratings, token)) {
      tally.add(*point);
      return;
    }
    if (token.find(' ') != std::string_view::npos) {
      // Only split if every word is itself a valid point; otherwise report the whole piece.
      Tally words(scale);
      size_t start = 0;
      bool all_valid = true;
      while (start <= token.size()) {
        size_t end = token.find(' ', start);
        if (end == std::string_view::npos) end = token.size();
        std::string_view word = token.substr(start, end - start);
        if (!word.empty()) {
          auto point = read_rating(ratings, word);
          if (!point) {
            all_valid = false;
            break;
          }
          words.add(*point);
        }
        start = end + 1;
      }
      if (all_valid) {
        tally += words;
        return;
      }
    }
    tally.add_invalid();
    if (invalid_examples.size() < 20) invalid_examples.push_back(std::string(token.substr(0, 40)));
  };
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\r' || text[i] == ',' || text[i] == ';' || text[i] == '\t') {
      take(text.substr(start, i - start));
      start = i + 1;
    }
  }
}

// The respondents of a request: "counts", "values" or "text" (exactly one).
Result<Tally> read_respondents(const Json& source, const Scale& scale, const std::string& path,
                               Json& invalid_examples) {
  const int given = static_cast<int>(source.contains("counts")) + static_cast<int>(source.contains("values")) +
                    static_cast<int>(source.contains("text"));
  if (given != 1) return field_error(path, "give exactly one of \"counts\", \"values\" or \"text\"");
  if (source.contains("counts")) return read_counts(source["counts"], scale, child(path, "counts"));
  Tally tally(scale);
  if (source.contains("text")) {
    if (!source["text"].is_string()) return field_error(child(path, "text"), "text must be a string");
    tally_text(source["text"].get_ref<const std::string&>(), RatingReader(scale), tally, invalid_examples);
    return tally;
  }
  const Json& values = source["values"];
  if (!values.is_array()) return field_error(child(path, "values"), "values must be an array");
  const RatingReader ratings(scale);
  for (const Json& value : values) {
    std::optional<int> point;
    if (value.is_string()) {
      point = read_rating(ratings, value.get_ref<const std::string&>());
    } else if (value.is_number()) {
      const double d = value.get<double>();
      if (d == std::floor(d) && scale.contains(static_cast<int>(d)) && std::fabs(d) < 1e6) point = static_cast<int>(d);
    }
    if (point) {
      tally.add(*point);
    } else {
      tally.add_invalid();
      if (invalid_examples.size() < 20) invalid_examples.push_back(value.dump().substr(0, 40));
    }
  }
  return tally;
}

// The part every scoring request shares: the object itself, its scale and its score options.
struct ScoringRequest {
  Json body;
  Scale scale;
  ScoreOptions options;
};

Result<ScoringRequest> read_scoring_request(std::string_view text) {
  auto body = parse_request(text);
  if (!body) return body.error();
  auto scale = read_scale(*body);
  if (!scale) return scale.error();
  auto options = read_score_options(*body);
  if (!options) return options.error();
  return ScoringRequest{std::move(body).value(), *scale, *options};
}

Result<Json> score_request(std::string_view text) {
  auto request = read_scoring_request(text);
  if (!request) return request.error();
  Json invalid_examples = Json::array();
  auto tally = read_respondents(request->body, request->scale, "$", invalid_examples);
  if (!tally) return tally.error();
  auto result = score(*tally, request->scale, request->options);
  if (!result) return result.error();
  Json out = score_json(*result);
  if (!invalid_examples.empty()) out["invalid_values"] = invalid_examples;
  return out;
}

Result<Json> compare_request(std::string_view text) {
  auto parsed = read_scoring_request(text);
  if (!parsed) return parsed.error();
  const Json* request = &parsed->body;
  const Scale* scale = &parsed->scale;
  const ScoreOptions* options = &parsed->options;
  std::optional<ScoreResult> sides[2];
  Json reports[2];
  const char* names[2] = {"a", "b"};
  for (int i = 0; i < 2; ++i) {
    auto side = request->find(names[i]);
    const std::string path = std::string("$.") + names[i];
    if (side == request->end() || !side->is_object()) {
      return field_error(path, std::string(names[i]) + " must be an object with \"counts\", \"values\" or \"text\"");
    }
    Json ignored = Json::array();
    auto tally = read_respondents(*side, *scale, path, ignored);
    if (!tally) return tally.error();
    auto result = score(*tally, *scale, *options);
    if (!result) return result.error();
    reports[i] = score_json(*result);
    sides[i] = std::move(result).value();
  }
  Json out;
  out["metric"] = scale->family() == ScaleFamily::Nps ? "nps" : "percent_positive";
  out["a"] = reports[0];
  out["b"] = reports[1];
  out["test"] = comparison_json(compare_scores(*sides[0], *sides[1]));
  return out;
}

Result<Json> revenue_request(std::string_view text) {
  auto request = parse_request(text);
  if (!request) return request.error();
  auto scale = read_scale(*request);
  if (!scale) return scale.error();
  RevenueInput input{*scale, Tally(*scale)};
  Json ignored = Json::array();
  auto tally = read_respondents(*request, *scale, "$", ignored);
  if (!tally) return tally.error();
  input.respondents = std::move(tally).value();

  auto spend = optional_number(*request, "spend", "$");
  if (!spend) return spend.error();
  if (!spend.value()) return field_error("$.spend", "spend (average revenue per customer) is required");
  input.average_spend = *spend.value();

  auto confidence = optional_number(*request, "confidence", "$");
  if (!confidence) return confidence.error();
  if (confidence.value()) input.confidence = *confidence.value();

  auto customers = optional_count(*request, "customers", "$");
  if (!customers) return customers.error();
  input.customers = customers.value();

  if (auto churn = request->find("churn"); churn != request->end() && !churn->is_null()) {
    if (!churn->is_object()) return field_error("$.churn", "churn must be an object like {\"1\": 0.92}");
    input.churn = default_churn_rates(*scale);
    for (const auto& [key, value] : churn->items()) {
      auto point = scale->parse(key);
      if (!point || std::to_string(*point) != key) {
        return field_error("$.churn." + key, "\"" + key + "\" is not a point of the " + scale->id() + " scale");
      }
      if (!value.is_number()) return field_error("$.churn." + key, "a churn rate must be a number from 0 to 1");
      input.churn[*point] = value.get<double>();
    }
  }

  const bool improve_to = request->contains("improve_to") && !(*request)["improve_to"].is_null();
  const bool improve_points = request->contains("improve_points") && !(*request)["improve_points"].is_null();
  if (improve_to && improve_points) {
    return field_error("$.improve_to", "give either improve_to or improve_points, not both");
  }
  if (improve_to) {
    auto target = read_counts((*request)["improve_to"], *scale, "$.improve_to");
    if (!target) return target.error();
    input.improvement = Improvement{std::move(target).value(), std::nullopt};
  } else if (improve_points) {
    auto points = optional_number(*request, "improve_points", "$");
    if (!points) return points.error();
    input.improvement = Improvement{std::nullopt, *points.value()};
  }
  auto result = revenue_at_risk(input);
  if (!result) return result.error();
  return revenue_json(*result);
}

// sample_size names its inputs after SamplePlanInput; a request names them as the JSON keys.
Error plan_error(Error error) {
  if (error.path == "margin_points") error.path = "margin";
  if (error.path == "expected_percent") error.path = "expected";
  return error;
}

std::uint64_t invitations_for(std::uint64_t responses, double rate) {
  // ceil() that ignores floating-point noise above an integer (601 / 0.1 is 6010), as sample_size does.
  return static_cast<std::uint64_t>(std::ceil(static_cast<double>(responses) / rate * (1 - 1e-12)));
}

Result<Json> plan_request(std::string_view text) {
  auto request = parse_request(text);
  if (!request) return request.error();
  auto expected = optional_number(*request, "expected", "$");
  auto confidence = optional_number(*request, "confidence", "$");
  auto population = optional_count(*request, "population", "$");
  auto margin = optional_number(*request, "margin", "$");
  auto responses = optional_count(*request, "responses", "$");
  auto rate = optional_number(*request, "response_rate", "$");
  auto collected = optional_count(*request, "collected", "$");
  for (const Error* e : {expected ? nullptr : &expected.error(), confidence ? nullptr : &confidence.error(),
                         population ? nullptr : &population.error(), margin ? nullptr : &margin.error(),
                         responses ? nullptr : &responses.error(), rate ? nullptr : &rate.error(),
                         collected ? nullptr : &collected.error()}) {
    if (e) return *e;
  }
  if (rate.value() && !(*rate.value() > 0 && *rate.value() <= 1)) {
    return Error{"args.response_rate", "$.response_rate",
                 "the response rate must be more than 0 and at most 1 (e.g. 0.2 for 20%)"};
  }
  Json out;
  const double expected_percent = expected.value().value_or(50.0);
  const double level = confidence.value().value_or(0.95);
  std::uint64_t responses_total = 0;
  if (responses.value() && !margin.value()) {
    auto reverse = margin_for_responses(*responses.value(), expected_percent, level, population.value());
    if (!reverse) return plan_error(reverse.error());
    responses_total = *responses.value();
    out["responses"] = responses_total;
    if (rate.value()) out["invitations"] = invitations_for(responses_total, *rate.value());
    out["margin"] = rounded(reverse.value(), 2);
  } else {
    if (responses.value()) return field_error("$.responses", "give either margin or responses, not both");
    SamplePlanInput input;
    input.margin_points = margin.value().value_or(input.margin_points);
    input.expected_percent = expected_percent;
    input.confidence = level;
    input.population = population.value();
    input.response_rate = rate.value();
    auto plan = responses_needed(input);
    if (!plan) return plan_error(plan.error());
    responses_total = plan->responses;
    out["responses"] = plan->responses;
    if (plan->invitations) out["invitations"] = *plan->invitations;
    out["margin"] = input.margin_points;
  }
  out["expected"] = expected_percent;
  out["confidence"] = level;
  if (population.value()) out["population"] = *population.value();
  if (rate.value()) out["response_rate"] = *rate.value();
  if (collected.value()) {
    const std::uint64_t more = responses_total > *collected.value() ? responses_total - *collected.value() : 0;
    out["collected"] = *collected.value();
    out["more"] = more;
    if (rate.value()) out["more_invitations"] = invitations_for(more, *rate.value());
  }
  Json warnings = Json::array();
  if (population.value() && out.contains("invitations") && out["invitations"].get<std::uint64_t>() > *population.value()) {
    const std::uint64_t invitations = out["invitations"].get<std::uint64_t>();
    warnings.push_back(object_of(
        {{"id", "plan.invitations_exceed_population"},
         {"message", count_text(invitations) + " invitations are needed at a " + short_text(100 * *rate.value(), 1) +
                         "% response rate, but the population holds only " + count_text(*population.value()) +
                         ": expect fewer than " + count_text(responses_total) +
                         " responses unless the response rate is higher (or accept a wider margin)."},
         {"data", object_of({{"invitations", invitations}, {"population", *population.value()},
                             {"responses", responses_total}, {"response_rate", *rate.value()}})}}));
  }
  out["warnings"] = std::move(warnings);
  return out;
}

// ---- Reports read back (chart, recommend, summary) ------------------------------------------

Error at_path(const Error& error, const std::string& path) {
  Error moved = error;
  moved.path = error.path.empty() || error.path[0] == '$' ? error.path : path + "." + error.path;
  return moved;
}

// A report the core produced, re-scored from its distribution (see json_api.hpp).
Result<ScoreResult> read_report(const Json& report, const std::string& path) {
  if (!report.is_object()) return field_error(path, "the report must be an object, as score() returns it");
  auto id = optional_string(report, "scale", path);
  if (!id) return id.error();
  if (!id.value()) return field_error(child(path, "scale"), "the report has no scale");
  auto scale = Scale::find(*id.value());
  if (!scale) return Error{scale.error().code, child(path, "scale"), scale.error().message};
  auto distribution = report.find("distribution");
  if (distribution == report.end()) return field_error(child(path, "distribution"), "the report has no distribution");
  auto tally = read_counts(*distribution, *scale, child(path, "distribution"));
  if (!tally) return tally.error();
  auto invalid = optional_count(report, "invalid", path);
  if (!invalid) return invalid.error();
  if (invalid.value()) tally->add_invalid(*invalid.value());
  auto n = optional_count(report, "n", path);
  if (!n) return n.error();
  if (n.value() && *n.value() != tally->n()) {
    return Error{"report.inconsistent", child(path, "n"),
                 "n is " + std::to_string(*n.value()) + " but the distribution adds up to " + std::to_string(tally->n())};
  }
  auto options = read_score_options(report);
  if (!options) return at_path(options.error(), path);
  // Every report states its threshold; only a moved one is an override (NPS and "helpful" have
  // fixed buckets and refuse any override, even of their own value).
  if (options->satisfied_from == scale->satisfied_from()) options->satisfied_from.reset();
  auto result = score(*tally, *scale, *options);
  if (!result) return at_path(result.error(), path);
  return result;
}

// A group's "test" as the report gives it: null/absent, or {difference, z, p_value, p_adjusted,
// significant, verdict} with null numbers for "not enough data".
Result<std::optional<Comparison>> read_test(const Json& group, const std::string& path, double confidence) {
  auto it = group.find("test");
  if (it == group.end() || it->is_null()) return std::optional<Comparison>{};
  const std::string test_path = child(path, "test");
  if (!it->is_object()) return field_error(test_path, "test must be an object or null");
  Comparison test{NAN, NAN, NAN, NAN, false, confidence, ""};
  for (auto [key, target] : {std::pair<const char*, double*>{"difference", &test.difference}, {"z", &test.z},
                             {"p_value", &test.p_value}, {"p_adjusted", &test.p_adjusted}}) {
    auto value = optional_number(*it, key, test_path);
    if (!value) return value.error();
    if (value.value()) *target = *value.value();
  }
  if (std::isnan(test.p_adjusted)) test.p_adjusted = test.p_value;
  auto significant = it->find("significant");
  if (significant == it->end() || !significant->is_boolean()) {
    return field_error(child(test_path, "significant"), "significant must be true or false");
  }
  test.significant = significant->get<bool>();
  test.verdict = test.significant ? verdict_text(true, confidence) : "within noise";
  return std::optional<Comparison>{test};
}

struct ReportGroup {
  std::string key;
  ScoreResult score;
  std::optional<Comparison> test;
};

// A list of period or segment groups; each names itself by `key_name` ("period"/"segment").
Result<std::vector<ReportGroup>> read_groups(const Json& groups, const std::string& path, const char* key_name) {
  if (!groups.is_array()) return field_error(path, "groups must be an array of group reports");
  std::vector<ReportGroup> out;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    const Json& group = groups[i];
    auto report = read_report(group, item_path);
    if (!report) return report.error();
    auto key = optional_string(group, key_name, item_path);  // read_report checked it is an object
    if (!key) return key.error();
    if (!key.value()) {
      return field_error(child(item_path, key_name), std::string("each group needs its \"") + key_name +
                                                         "\", as the groups of a report scored by " + key_name + " have");
    }
    auto test = read_test(group, item_path, report->confidence);
    if (!test) return test.error();
    out.push_back(ReportGroup{*key.value(), std::move(report).value(), std::move(test).value()});
  }
  return out;
}

bool groups_are(const Json& report, const char* list, const char* key_name) {
  auto it = report.find(list);
  return it != report.end() && it->is_array() && !it->empty() && (*it)[0].is_object() && (*it)[0].contains(key_name);
}

// A CSV report's trend: its "periods" (with segments too) or its "groups" when they are periods.
Result<std::vector<ReportGroup>> report_periods(const Json& report, const std::string& path) {
  if (groups_are(report, "periods", "period")) return read_groups(report["periods"], child(path, "periods"), "period");
  if (groups_are(report, "groups", "period")) return read_groups(report["groups"], child(path, "groups"), "period");
  return std::vector<ReportGroup>{};
}

Result<std::vector<ReportGroup>> report_segments(const Json& report, const std::string& path) {
  if (groups_are(report, "groups", "segment")) return read_groups(report["groups"], child(path, "groups"), "segment");
  return std::vector<ReportGroup>{};
}

Result<std::optional<ReportMetric>> read_metric(const Json& request) {
  auto text = optional_string(request, "metric", "$");
  if (!text) return text.error();
  if (!text.value()) return std::optional<ReportMetric>{};
  auto metric = parse_report_metric(*text.value());
  if (!metric) return Error{metric.error().code, "$.metric", metric.error().message};
  return std::optional<ReportMetric>{metric.value()};
}

Result<NumberFormat> read_number_format(const Json& request) {
  auto decimal = optional_string(request, "decimal_separator", "$");
  if (!decimal) return decimal.error();
  NumberFormat format;
  if (decimal.value()) {
    if (*decimal.value() != "." && *decimal.value() != ",") {
      return field_error("$.decimal_separator", "decimal_separator must be \".\" or \",\"");
    }
    format = NumberFormat::with_decimal((*decimal.value())[0]);
  }
  auto group = optional_string(request, "group_separator", "$");
  if (!group) return group.error();
  if (group.value()) {
    const std::string& text = *group.value();
    if (text.size() > 8 || text.find_first_of("0123456789") != std::string::npos ||
        (!text.empty() && text.find(format.decimal) != std::string::npos)) {
      return field_error("$.group_separator",
                         "group_separator must be a short text without digits or the decimal separator, like \",\", \".\" or \" \"");
    }
    format.group = text;
  }
  return format;
}

Result<ReportMetric> metric_for(const std::optional<ReportMetric>& asked, const Scale& scale) {
  const ReportMetric metric = asked.value_or(headline_metric(scale.family()));
  if (Status status = check_metric(metric, scale); !status) return Error{status.error().code, "$.metric", status.error().message};
  return metric;
}

// FNV-1a: a stable id from the request, so two different charts on a page get different ids
// and the same chart always gets the same bytes.
std::string request_hash(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619u;
  }
  static const char digits[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = digits[hash & 15];
  return out;
}

Result<ChartText> read_chart_text(const Json& request, std::string_view request_text) {
  ChartText text;
  if (auto labels = request.find("labels"); labels != request.end() && !labels->is_null()) {
    if (!labels->is_object()) return field_error("$.labels", "labels must be an object of texts");
    const std::pair<const char*, std::string*> known[] = {
        {"title", &text.title},         {"x_axis", &text.x_axis},       {"y_axis", &text.y_axis},
        {"overall", &text.overall},     {"significant", &text.significant}, {"within_noise", &text.within_noise},
        {"responses", &text.responses}, {"interval", &text.interval},   {"points", &text.points},
        {"no_value", &text.no_value}};
    for (const auto& [key, value] : labels->items()) {
      const std::string path = "$.labels." + key;
      auto slot = std::find_if(std::begin(known), std::end(known), [&name = key](const auto& k) { return name == k.first; }  /* clang: no capture of structured bindings in C++17 */);
      if (slot == std::end(known)) {
        return field_error(path, "unknown label \"" + key.substr(0, 40) +
                                     "\"; expected title, x_axis, y_axis, overall, significant, within_noise, "
                                     "responses, interval, points or no_value");
      }
      if (!value.is_string()) return field_error(path, "a label must be a string");
      if (value.get_ref<const std::string&>().size() > 200) return field_error(path, "a label may be at most 200 bytes");
      if (!value.get_ref<const std::string&>().empty()) *slot->second = value.get<std::string>();
    }
  }
  // names: what is shown on the axis; descriptions: what a key means, in the <desc> and titles.
  struct KeyTexts {
    const char* field;
    const char* one;
    std::map<std::string, std::string>* target;
  };
  for (const KeyTexts& texts : {KeyTexts{"names", "a name", &text.names},
                                KeyTexts{"descriptions", "a description", &text.descriptions}}) {
    auto given = request.find(texts.field);
    if (given == request.end() || given->is_null()) continue;
    const std::string path = std::string("$.") + texts.field;
    if (!given->is_object()) return field_error(path, std::string(texts.field) + " must be an object of key → text");
    for (const auto& [key, value] : given->items()) {
      if (!value.is_string()) return field_error(path + "." + key, std::string(texts.one) + " must be a string");
      (*texts.target)[key] = value.get<std::string>();
    }
  }
  auto number = read_number_format(request);
  if (!number) return number.error();
  text.number = number.value();
  auto id = optional_string(request, "id", "$");
  if (!id) return id.error();
  if (id.value()) {
    const std::string& value = *id.value();
    const bool valid = !value.empty() && value.size() <= 64 && std::all_of(value.begin(), value.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
    if (!valid) return field_error("$.id", "id must be 1–64 letters, digits, \"-\" or \"_\"");
    text.id = value;
  } else {
    text.id = "csatkit-chart-" + request_hash(request_text);
  }
  return text;
}

std::vector<ChartGroup> chart_groups(std::vector<ReportGroup> groups) {
  std::vector<ChartGroup> out;
  for (ReportGroup& group : groups) out.push_back(ChartGroup{std::move(group.key), std::move(group.score), std::move(group.test)});
  return out;
}

Status exactly_one(const Json& request, const char* a, const char* b) {
  const bool has_a = request.contains(a) && !request[a].is_null();
  const bool has_b = request.contains(b) && !request[b].is_null();
  if (has_a == has_b) {
    return field_error(std::string("$.") + (has_a ? b : a), std::string("give either \"") + a + "\" or \"" + b + "\"" +
                                                                 (has_a ? ", not both" : ""));
  }
  return Ok{};
}

Result<Json> chart_json(const ChartSvg& chart) {
  return object_of({{"svg", chart.svg}, {"title", chart.title}, {"description", chart.description},
                    {"width", chart.width}, {"height", chart.height}});
}

Result<Json> chart_request(std::string_view request_text) {
  auto parsed = parse_request(request_text);
  if (!parsed) return parsed.error();
  const Json& request = *parsed;
  auto kind = optional_string(request, "kind", "$");
  if (!kind) return kind.error();
  auto text = read_chart_text(request, request_text);
  if (!text) return text.error();
  auto asked_metric = read_metric(request);
  if (!asked_metric) return asked_metric.error();
  const std::string kind_name = kind.value().value_or("");

  if (kind_name == "distribution") {
    if (Status one = exactly_one(request, "report", "counts"); !one) return one.error();
    std::optional<ScoreResult> score_result;
    if (request.contains("report") && !request["report"].is_null()) {
      auto report = read_report(request["report"], "$.report");
      if (!report) return report.error();
      score_result = std::move(report).value();
    } else {
      auto scale = read_scale(request);
      if (!scale) return scale.error();
      auto tally = read_counts(request["counts"], *scale, "$.counts");
      if (!tally) return tally.error();
      auto options = read_score_options(request);
      if (!options) return options.error();
      auto result = score(*tally, *scale, *options);
      if (!result) return result.error();
      score_result = std::move(result).value();
    }
    return chart_json(distribution_chart(*score_result, *text));
  }

  if (kind_name == "trend" || kind_name == "segments") {
    const bool trend = kind_name == "trend";
    if (Status one = exactly_one(request, "report", "groups"); !one) return one.error();
    std::vector<ReportGroup> groups;
    std::optional<ScoreResult> overall;
    if (request.contains("report") && !request["report"].is_null()) {
      const Json& report = request["report"];
      if (!report.is_object()) return field_error("$.report", "the report must be an object, as scoreCsv() returns it");
      auto read = trend ? report_periods(report, "$.report") : report_segments(report, "$.report");
      if (!read) return read.error();
      if (read->empty()) {
        return Error{"chart.empty", "$.report",
                     trend ? "the report has no periods: score the CSV by day, week or month (by and date_column)"
                           : "the report has no segments: score the CSV with a segment column"};
      }
      groups = std::move(read).value();
      if (!trend) {
        auto total = read_report(report, "$.report");
        if (!total) return total.error();
        overall = std::move(total).value();
      }
    } else {
      auto read = read_groups(request["groups"], "$.groups", trend ? "period" : "segment");
      if (!read) return read.error();
      groups = std::move(read).value();
      if (!trend && request.contains("overall") && !request["overall"].is_null()) {
        auto total = read_report(request["overall"], "$.overall");
        if (!total) return total.error();
        overall = std::move(total).value();
      }
    }
    if (groups.empty()) return Error{"chart.empty", "$.groups", "a chart needs at least one group"};
    auto metric = metric_for(asked_metric.value(), groups.front().score.scale);
    if (!metric) return metric.error();
    auto chart = trend ? trend_chart(chart_groups(std::move(groups)), *metric, *text)
                       : segments_chart(chart_groups(std::move(groups)), overall, *metric, *text);
    if (!chart) return at_path(chart.error(), "$");
    return chart_json(*chart);
  }
  return field_error("$.kind", "kind must be \"distribution\", \"trend\" or \"segments\"");
}

Result<Json> recommend_request(std::string_view request_text) {
  auto parsed = parse_request(request_text);
  if (!parsed) return parsed.error();
  const Json& request = *parsed;
  auto report_it = request.find("report");
  if (report_it == request.end() || report_it->is_null()) {
    return field_error("$.report", "report is required: what score() or scoreCsv() returned");
  }
  auto total = read_report(*report_it, "$.report");
  if (!total) return total.error();
  RecommendationInput input{std::move(total).value()};

  auto periods = report_periods(*report_it, "$.report");
  if (!periods) return periods.error();
  for (ReportGroup& g : periods.value()) input.periods.push_back({std::move(g.key), std::move(g.score), std::move(g.test)});
  auto segments = report_segments(*report_it, "$.report");
  if (!segments) return segments.error();
  for (ReportGroup& g : segments.value()) input.segments.push_back({std::move(g.key), std::move(g.score), std::move(g.test)});

  if (report_it->contains("rows")) {
    auto rows = optional_count(*report_it, "rows", "$.report");
    auto bad = optional_count(*report_it, "bad_rows", "$.report");
    if (!rows) return rows.error();
    if (!bad) return bad.error();
    input.rows = rows.value().value_or(0);
    input.bad_rows = bad.value().value_or(0);
    if (auto first = report_it->find("first_bad_rows"); first != report_it->end() && first->is_array()) {
      for (const Json& row : *first) {
        if (row.is_object() && row.contains("line") && row["line"].is_number_unsigned()) {
          input.first_bad_lines.push_back(row["line"].get<std::uint64_t>());
        }
      }
    }
  }

  if (auto comparison = request.find("comparison"); comparison != request.end() && !comparison->is_null()) {
    if (!comparison->is_object()) return field_error("$.comparison", "comparison must be what compare() returned");
    auto a = read_report(comparison->value("a", Json()), "$.comparison.a");
    if (!a) return a.error();
    auto b = read_report(comparison->value("b", Json()), "$.comparison.b");
    if (!b) return b.error();
    if (a->scale.id() != b->scale.id()) return field_error("$.comparison.b.scale", "both sides must be on the same scale");
    auto test = read_test(*comparison, "$.comparison", a->confidence);
    if (!test) return test.error();
    if (!test.value()) return field_error("$.comparison.test", "the comparison has no test");
    input.comparison = RecommendationChange{"a", "b", std::move(a).value(), std::move(b).value(), *test.value()};
  }

  auto margin = optional_number(request, "margin", "$");
  if (!margin) return margin.error();
  if (margin.value()) {
    if (!(*margin.value() > 0 && *margin.value() <= 100)) {
      return field_error("$.margin", "margin must be more than 0 and at most 100 points");
    }
    input.wanted_margin = *margin.value();
  }
  auto minimum = optional_count(request, "min_responses", "$");
  if (!minimum) return minimum.error();
  if (minimum.value()) input.min_responses = *minimum.value();
  auto benchmark_id = optional_string(request, "benchmark", "$");
  if (!benchmark_id) return benchmark_id.error();
  if (benchmark_id.value()) {
    auto found = find_benchmark(*benchmark_id.value());
    if (!found) return Error{found.error().code, "$.benchmark", found.error().message};
    input.benchmark = found.value();
  }
  auto target = optional_number(request, "target", "$");
  if (!target) return target.error();
  if (target.value()) {
    const ReportMetric metric = headline_metric(input.total.scale.family());
    const MetricRange range = metric_range(metric, input.total.scale);
    if (!(*target.value() >= range.low && *target.value() <= range.high)) {
      return field_error("$.target", "the target of " + metric_title(metric) + " must be from " +
                                         short_text(range.low, 0) + " to " + short_text(range.high, 0));
    }
    input.target = target.value();
  }
  auto rate = optional_number(request, "response_rate", "$");
  if (!rate) return rate.error();
  if (rate.value()) {
    if (!(*rate.value() > 0 && *rate.value() <= 1)) {
      return field_error("$.response_rate", "the response rate must be more than 0 and at most 1 (e.g. 0.2 for 20%)");
    }
    input.response_rate = rate.value();
  }

  Json list = Json::array();
  for (Recommendation& r : recommend(input)) {
    list.push_back(object_of({{"id", r.id}, {"severity", std::string(to_string(r.severity))},
                              {"message", r.message}, {"data", std::move(r.data)}}));
  }
  return object_of({{"recommendations", std::move(list)}});
}

Result<Json> summary_request(std::string_view request_text) {
  auto parsed = parse_request(request_text);
  if (!parsed) return parsed.error();
  const Json& request = *parsed;
  std::optional<ScoreResult> result;
  const bool has_report = request.contains("report") && !request["report"].is_null();
  const bool has_respondents = request.contains("counts") || request.contains("values") || request.contains("text");
  if (has_report == has_respondents) {
    return field_error("$.report", has_report ? "give either a report or counts/values/text, not both"
                                              : "give a report, or counts, values or text with a scale");
  }
  if (has_report) {
    auto report = read_report(request["report"], "$.report");
    if (!report) return report.error();
    result = std::move(report).value();
  } else {
    auto scoring = read_scoring_request(request_text);
    if (!scoring) return scoring.error();
    Json ignored = Json::array();
    auto tally = read_respondents(scoring->body, scoring->scale, "$", ignored);
    if (!tally) return tally.error();
    auto scored = score(*tally, scoring->scale, scoring->options);
    if (!scored) return scored.error();
    result = std::move(scored).value();
  }
  auto asked = read_metric(request);
  if (!asked) return asked.error();
  auto metric = metric_for(asked.value(), result->scale);
  if (!metric) return metric.error();
  int decimals = default_summary_decimals(*metric);
  if (auto it = request.find("decimals"); it != request.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int>() < 0 || it->get<int>() > 4) {
      return field_error("$.decimals", "decimals must be a whole number from 0 to 4");
    }
    decimals = it->get<int>();
  }
  auto number = read_number_format(request);
  if (!number) return number.error();
  const ScoreSummary s = summarize(*result, *metric, decimals, number.value());
  return object_of({{"metric", std::string(to_string(s.metric))},
                    {"value", rounded(s.value, decimals)},
                    {"margin", rounded(s.margin, decimals)},
                    {"low", rounded(s.low, decimals)},
                    {"high", rounded(s.high, decimals)},
                    {"n", s.n},
                    {"confidence", s.confidence},
                    {"unit", s.unit},
                    {"text", s.text}});
}

}  // namespace

namespace {

// The words at the ends of a numeric scale, in a locale: the widget's own anchor texts.
std::pair<TextKey, TextKey> anchor_keys(const Scale& scale) {
  if (scale.family() == ScaleFamily::Nps) return {TextKey::NpsLowAnchor, TextKey::NpsHighAnchor};
  if (scale.family() == ScaleFamily::Ces) return {TextKey::CesLowAnchor, TextKey::CesHighAnchor};
  return {TextKey::CsatLowAnchor, TextKey::CsatHighAnchor};
}

Json scales_in(const Locale& locale) {
  Json list = Json::array();
  for (const std::string& id : Scale::ids()) {
    const Scale scale = Scale::find(id).value();
    // Numeric scales keep the number as each point's label (their meaning is the anchors);
    // point_label() would put an anchor into the end points' labels ("0 – Not at all likely").
    const bool numeric = !scale.low_anchor().empty();
    Json points = Json::array();
    for (int v = scale.min(); v <= scale.max(); ++v) {
      const std::string label = numeric ? scale.label(v) : std::string(point_label(locale, scale, v));
      points.push_back(Json{{"value", v}, {"label", label.empty() ? scale.label(v) : label},
                            {"bucket", std::string(to_string(scale.bucket(v)))}});
    }
    Json item{{"id", id},
              {"family", std::string(to_string(scale.family()))},
              {"min", scale.min()},
              {"max", scale.max()},
              {"satisfied_from", scale.satisfied_from()},
              {"neutral_from", scale.neutral_from()},
              {"points", points}};
    if (numeric) {
      const auto [low, high] = anchor_keys(scale);
      item["low_anchor"] = std::string(text(locale, low));
      item["high_anchor"] = std::string(text(locale, high));
    }
    list.push_back(std::move(item));
  }
  return Json{{"locale", std::string(locale.code)}, {"scales", list}};
}

Result<Json> scales_request(std::string_view text) {
  auto parsed = parse_request(text);
  if (!parsed) return parsed.error();
  auto tag = optional_string(parsed.value(), "locale", "$");
  if (!tag) return tag.error();
  const std::optional<Locale> locale = find_locale(tag.value().value_or("en"));
  return scales_in(locale ? *locale : builtin_locales().front());
}

}  // namespace

std::string scales() { return ok_envelope(scales_in(builtin_locales().front())); }
std::string scales(std::string_view request) { return envelope(scales_request(request)); }

std::string score(std::string_view request) { return envelope(score_request(request)); }
std::string compare(std::string_view request) { return envelope(compare_request(request)); }
std::string revenue(std::string_view request) { return envelope(revenue_request(request)); }
std::string plan(std::string_view request) { return envelope(plan_request(request)); }
std::string chart(std::string_view request) { return envelope(chart_request(request)); }
std::string recommend(std::string_view request) { return envelope(recommend_request(request)); }
std::string summary(std::string_view request) { return envelope(summary_request(request)); }

std::string benchmarks() {
  Json list = Json::array();
  for (const Benchmark& b : acsi_benchmarks()) {
    list.push_back(Json{{"id", b.id}, {"industry", b.industry}, {"score", b.score}, {"year", b.year},
                        {"source", b.source}, {"url", b.url}});
  }
  return ok_envelope(Json{{"caveat", acsi_caveat()}, {"caveat_id", acsi_caveat_id()}, {"benchmarks", list}});
}

// ---- Streaming CSV -------------------------------------------------------------------------

struct CsvScoring::State {
  Scale scale;
  ScoreOptions options;
  std::unique_ptr<CsvImport> import;
};

CsvScoring::CsvScoring(std::unique_ptr<State> state) : state_(std::move(state)) {}
CsvScoring::~CsvScoring() = default;

std::unique_ptr<CsvScoring> CsvScoring::create(std::string_view options_text, std::string& error_out) {
  auto fail = [&](const Error& error) {
    error_out = error_envelope(error);
    return nullptr;
  };
  auto parsed = read_scoring_request(options_text);
  if (!parsed) return fail(parsed.error());
  const Json* request = &parsed->body;
  const Scale* scale = &parsed->scale;
  const ScoreOptions* options = &parsed->options;

  CsvImportOptions import_options{*scale};
  auto column = optional_string(*request, "column", "$");
  auto date_column = optional_string(*request, "date_column", "$");
  auto by = optional_string(*request, "by", "$");
  auto segment = optional_string(*request, "segment", "$");
  auto delimiter = optional_string(*request, "delimiter", "$");
  auto max_bad = optional_count(*request, "max_bad_rows", "$");
  for (const Error* e : {column ? nullptr : &column.error(), date_column ? nullptr : &date_column.error(),
                         by ? nullptr : &by.error(), segment ? nullptr : &segment.error(),
                         delimiter ? nullptr : &delimiter.error(), max_bad ? nullptr : &max_bad.error()}) {
    if (e) return fail(*e);
  }
  import_options.rating_column = column.value().value_or("");
  import_options.date_column = date_column.value();
  if (by.value()) {
    auto period = parse_period(*by.value());
    if (!period) return fail(Error{period.error().code, "$.by", period.error().message});
    import_options.period = period.value();
  }
  if (import_options.period && !import_options.date_column) {
    return fail(field_error("$.by", "grouping by period needs a date column (date_column)"));
  }
  if (import_options.date_column && !import_options.period) {
    return fail(field_error("$.date_column", "a date column needs a period to group by: by = day, week or month"));
  }
  import_options.segment_column = segment.value();
  if (delimiter.value()) {
    const std::string& d = *delimiter.value();
    if (d == "\\t" || d == "tab") {
      import_options.delimiter = '\t';
    } else if (d.size() == 1 && (d == "," || d == ";" || d == "\t" || d == "|")) {
      import_options.delimiter = d[0];
    } else {
      return fail(field_error("$.delimiter", "delimiter must be one of \",\", \";\", \"|\" or \"tab\""));
    }
  }
  if (max_bad.value()) import_options.max_bad_rows_kept = static_cast<std::size_t>(*max_bad.value());
  auto import = CsvImport::create(std::move(import_options));
  if (!import) return fail(import.error());

  auto state = std::make_unique<State>(State{*scale, *options, std::move(import).value()});
  return std::unique_ptr<CsvScoring>(new CsvScoring(std::move(state)));
}

std::string CsvScoring::feed(std::string_view chunk) {
  auto status = state_->import->feed(chunk);
  if (!status) return error_envelope(status.error());
  return ok_envelope(Json{{"bytes", state_->import->bytes_consumed()}, {"rows", state_->import->rows()}});
}

std::string CsvScoring::finish() {
  auto summary = state_->import->finish();
  if (!summary) return error_envelope(summary.error());
  return envelope(csv_report(*summary, state_->scale, state_->options));
}

}  // namespace csatkit::json_api
