#include "core/response_validation.hpp"

#include <algorithm>
#include <utility>

#include "core/csv_import.hpp"
#include "core/envelope.hpp"
#include "core/survey_flow.hpp"

namespace csatkit {

namespace {

constexpr std::string_view kKeys[] = {"id",         "survey_id", "type",     "scale",    "score",   "bucket",
                                      "label",      "comment",   "reasons",  "locale",   "url",     "referrer",
                                      "touchpoint", "user_id",   "context",  "metadata", "article", "created_at",
                                      "updated_at", "complete"};

Error invalid(const std::string& path, const std::string& message, const char* code = "response.invalid") {
  return Error{code, path, message};
}

bool is_id_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// A string field that may be missing or null (→ ""); too long is "response.too_long".
Result<std::string> optional_text(const Json& response, const char* key, std::size_t max_bytes) {
  const std::string path = std::string("$.") + key;
  auto found = response.find(key);
  if (found == response.end() || found->is_null()) return std::string();
  if (!found->is_string()) return invalid(path, std::string(key) + " must be a string or null");
  const std::string& text = found->get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return invalid(path, std::string(key) + " is longer than " + std::to_string(max_bytes) + " bytes",
                   "response.too_long");
  }
  return text;
}

Json string_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// created_at / updated_at: an ISO 8601 date-time (a real calendar date, year first).
Result<std::string> timestamp(const Json& response, const char* key) {
  auto text = optional_text(response, key, 64);
  if (!text) return text;
  if (!text->empty() && (!period_key(*text, Period::Day) || has_control_characters(*text))) {
    return invalid(std::string("$.") + key, std::string(key) + " must be an ISO 8601 date-time, got \"" + *text + "\"");
  }
  return text;
}

// An object of key/values ("context", "metadata") within its count of keys and serialized bytes.
Status within_limits(const Json& object, const char* key, std::size_t max_keys, std::size_t max_bytes) {
  const std::string path = std::string("$.") + key;
  if (object.size() > max_keys) {
    return invalid(path, std::string(key) + " has more than " + std::to_string(max_keys) + " keys", "response.too_long");
  }
  if (dump_json(object).size() > max_bytes) {
    return invalid(path, std::string(key) + " is larger than " + std::to_string(max_bytes) + " bytes", "response.too_long");
  }
  return Ok{};
}

Result<Json> context_object(const Json& response, const ResponseLimits& limits) {
  auto found = response.find("context");
  if (found == response.end() || found->is_null()) return Json::object();
  if (!found->is_object()) return invalid("$.context", "context must be an object of key/values");
  if (auto fits = within_limits(*found, "context", limits.max_context_keys, limits.max_context_bytes); !fits) return fits.error();
  return *found;
}

Result<Json> metadata_object(const Json& response, const ResponseLimits& limits) {
  auto found = response.find("metadata");
  if (found == response.end() || found->is_null()) return Json::object();
  if (!found->is_object()) return invalid("$.metadata", "metadata must be an object of strings");
  for (const auto& item : found->items()) {
    if (!item.value().is_string()) return invalid("$.metadata." + item.key(), "metadata values must be strings");
  }
  if (auto fits = within_limits(*found, "metadata", limits.max_metadata_keys, limits.max_metadata_bytes); !fits) return fits.error();
  return *found;
}

Result<Json> article_object(const Json& response, const ResponseLimits& limits) {
  auto found = response.find("article");
  if (found == response.end() || found->is_null()) return Json(nullptr);
  if (!found->is_object()) return invalid("$.article", "article must be {\"id\",\"version\"} or null");
  Json out = Json::object();
  for (const char* key : {"id", "version"}) {
    auto text = optional_text(*found, key, limits.max_short_text_bytes);
    if (!text) return Error{text.error().code, "$.article." + std::string(key), text.error().message};
    out[key] = *text;
  }
  for (const auto& item : found->items()) {
    if (item.key() != "id" && item.key() != "version") {
      return invalid("$.article." + item.key(), "unknown article key \"" + item.key() + "\"", "response.unknown_key");
    }
  }
  return out;
}

Result<std::vector<std::string>> chosen_reasons(const Json& response, const SurveyDefinition& survey) {
  std::vector<std::string> chosen;
  auto found = response.find("reasons");
  if (found == response.end() || found->is_null()) return chosen;
  if (!found->is_array()) return invalid("$.reasons", "reasons must be an array of reason ids");
  for (std::size_t i = 0; i < found->size(); ++i) {
    const Json& reason = (*found)[i];
    const std::string path = "$.reasons[" + std::to_string(i) + "]";
    if (!reason.is_string()) return invalid(path, "a reason must be a string");
    const std::string& id = reason.get_ref<const std::string&>();
    if (!survey.find_reason(id)) {
      return invalid(path, "\"" + truncate_utf8(id, 40) + "\" is not one of survey \"" + survey.id + "\"'s reasons",
                     "response.mismatch");
    }
    if (std::find(chosen.begin(), chosen.end(), id) == chosen.end()) chosen.push_back(id);
  }
  return chosen;
}

}  // namespace

Result<Json> parse_response_body(std::string_view body, const ResponseLimits& limits) {
  if (body.size() > limits.max_body_bytes) {
    return Error{"response.too_large", "$", "the body is larger than " + std::to_string(limits.max_body_bytes) + " bytes"};
  }
  if (json_text_depth(body, limits.max_depth) > limits.max_depth) {
    return Error{"response.too_deep", "$", "the body nests deeper than " + std::to_string(limits.max_depth) + " levels"};
  }
  // The parser rejects invalid UTF-8 inside strings, and any non-ASCII byte outside them.
  Json parsed = parse_json(body);
  if (parsed.is_discarded()) return Error{"response.not_json", "$", "the body is not one JSON value in UTF-8"};
  return parsed;
}

Result<ValidatedResponse> validate_response(const Json& response, const std::vector<SurveyDefinition>& surveys,
                                            const ResponseLimits& limits) {
  if (!response.is_object()) return invalid("$", "a response must be a JSON object");
  for (const auto& item : response.items()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), std::string_view(item.key())) == std::end(kKeys)) {
      return invalid("$." + truncate_utf8(item.key(), 40), "unknown response key \"" + truncate_utf8(item.key(), 40) + "\"",
                     "response.unknown_key");
    }
  }

  ValidatedResponse out;
  auto id = response.find("id");
  if (id == response.end() || !id->is_string()) return invalid("$.id", "id must be a string (the response's unique id)");
  out.id = id->get<std::string>();
  if (out.id.size() < 8 || out.id.size() > 64 || !std::all_of(out.id.begin(), out.id.end(), is_id_character)) {
    return invalid("$.id", "id must be 8–64 letters, digits, dashes or underscores");
  }

  auto survey_id = response.find("survey_id");
  if (survey_id == response.end() || !survey_id->is_string()) return invalid("$.survey_id", "survey_id must be a string");
  out.survey_id = survey_id->get<std::string>();
  auto survey = std::find_if(surveys.begin(), surveys.end(),
                             [&](const SurveyDefinition& s) { return s.id == out.survey_id; });
  if (survey == surveys.end()) {
    return invalid("$.survey_id", "survey \"" + truncate_utf8(out.survey_id, 64) + "\" is not accepted here",
                   "response.unknown_survey");
  }
  const Scale& scale = survey->scale;

  auto type = optional_text(response, "type", 16);
  if (!type) return type.error();
  if (!type->empty() && *type != to_string(survey->type)) {
    return invalid("$.type", "type \"" + *type + "\" does not match survey \"" + survey->id + "\" (" +
                                 std::string(to_string(survey->type)) + ")", "response.mismatch");
  }
  auto scale_id = optional_text(response, "scale", 16);
  if (!scale_id) return scale_id.error();
  if (!scale_id->empty() && *scale_id != scale.id()) {
    return invalid("$.scale", "scale \"" + *scale_id + "\" does not match survey \"" + survey->id + "\" (" + scale.id() + ")",
                   "response.mismatch");
  }

  auto score = response.find("score");
  if (score == response.end() || !(score->is_number_integer() || score->is_number_unsigned())) {
    return invalid("$.score", "score must be a whole number on the " + scale.id() + " scale");
  }
  const auto value = score->is_number_unsigned() ? static_cast<long long>(std::min<std::uint64_t>(score->get<std::uint64_t>(), 1u << 30))
                                                 : score->get<long long>();
  if (value < scale.min() || value > scale.max()) {
    return invalid("$.score", "score " + std::to_string(value) + " is not on the " + scale.id() + " scale (" +
                                  std::to_string(scale.min()) + "–" + std::to_string(scale.max()) + ")",
                   "response.out_of_scale");
  }
  out.score = static_cast<int>(value);
  out.bucket = scale.bucket(out.score);

  auto bucket = optional_text(response, "bucket", 16);
  if (!bucket) return bucket.error();
  if (!bucket->empty() && *bucket != to_string(out.bucket)) {
    return invalid("$.bucket", "bucket \"" + *bucket + "\" does not match score " + std::to_string(out.score) + " (" +
                                   std::string(to_string(out.bucket)) + ")", "response.mismatch");
  }
  auto label = optional_text(response, "label", 64);
  if (!label) return label.error();

  auto comment = optional_text(response, "comment", static_cast<std::size_t>(survey->follow_up.max_length) * 4);
  if (!comment) return comment.error();
  if (code_points(*comment) > static_cast<std::size_t>(survey->follow_up.max_length)) {
    return invalid("$.comment", "comment is longer than " + std::to_string(survey->follow_up.max_length) +
                                    " characters (the survey's follow_up.max_length)", "response.too_long");
  }
  auto reasons = chosen_reasons(response, *survey);
  if (!reasons) return reasons.error();

  auto locale = optional_text(response, "locale", 35);
  if (!locale) return locale.error();
  auto url = optional_text(response, "url", limits.max_url_bytes);
  if (!url) return url.error();
  auto referrer = optional_text(response, "referrer", limits.max_url_bytes);
  if (!referrer) return referrer.error();
  auto touchpoint = optional_text(response, "touchpoint", limits.max_short_text_bytes);
  if (!touchpoint) return touchpoint.error();

  std::string user_id;
  auto user = response.find("user_id");
  if (user != response.end() && (user->is_number_integer() || user->is_number_unsigned())) {
    user_id = user->dump();  // the host's user ids may be numbers
  } else {
    auto text = optional_text(response, "user_id", limits.max_short_text_bytes);
    if (!text) return text.error();
    user_id = *text;
  }

  auto context = context_object(response, limits);
  if (!context) return context.error();
  auto metadata = metadata_object(response, limits);
  if (!metadata) return metadata.error();
  auto article = article_object(response, limits);
  if (!article) return article.error();

  auto created_at = timestamp(response, "created_at");
  if (!created_at) return created_at.error();
  auto updated_at = timestamp(response, "updated_at");
  if (!updated_at) return updated_at.error();
  out.created_at = *created_at;
  out.updated_at = updated_at->empty() ? *created_at : *updated_at;

  auto complete = response.find("complete");
  if (complete != response.end() && !complete->is_null() && !complete->is_boolean()) {
    return invalid("$.complete", "complete must be true or false");
  }
  out.complete = complete != response.end() && complete->is_boolean() && complete->get<bool>();

  Json n = Json::object();
  n["id"] = out.id;
  n["survey_id"] = out.survey_id;
  n["type"] = std::string(to_string(survey->type));
  n["scale"] = scale.id();
  n["score"] = out.score;
  n["bucket"] = std::string(to_string(out.bucket));
  n["label"] = scale.label(out.score);
  n["comment"] = string_or_null(*comment);
  n["reasons"] = *reasons;
  n["locale"] = string_or_null(*locale);
  n["url"] = string_or_null(*url);
  n["referrer"] = string_or_null(*referrer);
  n["touchpoint"] = string_or_null(*touchpoint);
  n["user_id"] = string_or_null(user_id);
  n["context"] = *context;
  n["metadata"] = *metadata;
  n["article"] = *article;
  n["created_at"] = string_or_null(out.created_at);
  n["updated_at"] = string_or_null(out.updated_at);
  n["complete"] = out.complete;
  out.normalized = std::move(n);
  return out;
}

bool supersedes(const ResponseVersion& incoming, const ResponseVersion& stored) {
  if (incoming.complete != stored.complete) return incoming.complete;
  return incoming.updated_at > stored.updated_at;
}

}  // namespace csatkit
