#include "core/json_api.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>

#include "core/benchmarks.hpp"
#include "core/csv_import.hpp"
#include "core/envelope.hpp"
#include "core/report.hpp"
#include "core/revenue_at_risk.hpp"
#include "core/sample_size.hpp"
#include "core/score.hpp"
#include "core/significance.hpp"

namespace csatkit::json_api {

namespace {

Error field_error(const std::string& path, const std::string& message) {
  return Error{"request.invalid", path, message};
}

// Finds where a JSON text stops being valid, for an error message a person can act on.
struct ErrorPosition : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t at, const std::string&, const nlohmann::detail::exception&) override {
    position = at;
    return false;
  }
};

Result<Json> parse_request(std::string_view text) {
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    ErrorPosition where;
    Json::sax_parse(text.begin(), text.end(), &where, nlohmann::detail::input_format_t::json, false);
    return Error{"request.json", "$",
                 "the request is not valid JSON (at byte " + std::to_string(where.position) + ")"};
  }
  if (!parsed.is_object()) return field_error("$", "the request must be a JSON object");
  return parsed;
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
void tally_text(std::string_view text, const Scale& scale, Tally& tally, Json& invalid_examples) {
  auto take = [&](std::string_view token) {
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.remove_prefix(1);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.remove_suffix(1);
    if (token.empty()) return;
    if (auto point = scale.parse(token)) {
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
          auto point = scale.parse(word);
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
    tally_text(source["text"].get_ref<const std::string&>(), scale, tally, invalid_examples);
    return tally;
  }
  const Json& values = source["values"];
  if (!values.is_array()) return field_error(child(path, "values"), "values must be an array");
  for (const Json& value : values) {
    std::optional<int> point;
    if (value.is_string()) {
      point = scale.parse(value.get_ref<const std::string&>());
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

Result<Json> plan_request(std::string_view text) {
  auto request = parse_request(text);
  if (!request) return request.error();
  auto expected = optional_number(*request, "expected", "$");
  auto confidence = optional_number(*request, "confidence", "$");
  auto population = optional_count(*request, "population", "$");
  auto margin = optional_number(*request, "margin", "$");
  auto responses = optional_count(*request, "responses", "$");
  auto rate = optional_number(*request, "response_rate", "$");
  for (const Error* e : {expected ? nullptr : &expected.error(), confidence ? nullptr : &confidence.error(),
                         population ? nullptr : &population.error(), margin ? nullptr : &margin.error(),
                         responses ? nullptr : &responses.error(), rate ? nullptr : &rate.error()}) {
    if (e) return *e;
  }
  Json out;
  const double expected_percent = expected.value().value_or(50.0);
  const double level = confidence.value().value_or(0.95);
  if (responses.value() && !margin.value()) {
    auto reverse = margin_for_responses(*responses.value(), expected_percent, level, population.value());
    if (!reverse) return reverse.error();
    out["responses"] = *responses.value();
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
    if (!plan) return plan.error();
    out["responses"] = plan->responses;
    if (plan->invitations) out["invitations"] = *plan->invitations;
    out["margin"] = input.margin_points;
  }
  out["expected"] = expected_percent;
  out["confidence"] = level;
  if (population.value()) out["population"] = *population.value();
  if (rate.value()) out["response_rate"] = *rate.value();
  return out;
}

}  // namespace

std::string scales() {
  Json list = Json::array();
  for (const std::string& id : Scale::ids()) {
    const Scale scale = Scale::find(id).value();
    Json points = Json::array();
    for (int v = scale.min(); v <= scale.max(); ++v) {
      points.push_back(Json{{"value", v}, {"label", scale.label(v)}, {"bucket", std::string(to_string(scale.bucket(v)))}});
    }
    Json item{{"id", id},
              {"family", std::string(to_string(scale.family()))},
              {"min", scale.min()},
              {"max", scale.max()},
              {"satisfied_from", scale.satisfied_from()},
              {"neutral_from", scale.neutral_from()},
              {"points", points}};
    if (!scale.low_anchor().empty()) {
      item["low_anchor"] = scale.low_anchor();
      item["high_anchor"] = scale.high_anchor();
    }
    list.push_back(std::move(item));
  }
  return ok_envelope(Json{{"scales", list}});
}

std::string score(std::string_view request) { return envelope(score_request(request)); }
std::string compare(std::string_view request) { return envelope(compare_request(request)); }
std::string revenue(std::string_view request) { return envelope(revenue_request(request)); }
std::string plan(std::string_view request) { return envelope(plan_request(request)); }

std::string benchmarks() {
  Json list = Json::array();
  for (const Benchmark& b : acsi_benchmarks()) {
    list.push_back(Json{{"id", b.id}, {"industry", b.industry}, {"score", b.score}, {"year", b.year},
                        {"source", b.source}, {"url", b.url}});
  }
  return ok_envelope(Json{{"caveat", acsi_caveat()}, {"benchmarks", list}});
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
