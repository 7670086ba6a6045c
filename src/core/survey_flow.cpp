#include "core/survey_flow.hpp"

#include <algorithm>
#include <cstdint>

#include "core/response_validation.hpp"

namespace csatkit {

namespace {

Error action_error(const std::string& message) { return Error{"survey.action", "$.action", message}; }
Error state_error(const std::string& path, const std::string& message) { return Error{"request.invalid", path, message}; }

std::optional<SurveyStep> step_from_string(std::string_view name) {
  for (SurveyStep step : {SurveyStep::Question, SurveyStep::Reasons, SurveyStep::FollowUp, SurveyStep::Thanks,
                          SurveyStep::Closed}) {
    if (to_string(step) == name) return step;
  }
  return std::nullopt;
}

std::optional<int> whole_number(const Json& value) {
  if (value.is_number_integer() || value.is_number_unsigned()) {
    const std::int64_t n = value.get<std::int64_t>();
    if (n >= -1000000 && n <= 1000000) return static_cast<int>(n);
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (d >= -1000000 && d <= 1000000 && d == static_cast<double>(static_cast<int>(d))) return static_cast<int>(d);
  }
  return std::nullopt;
}

std::string trimmed(std::string_view text) {
  const char* spaces = " \t\r\n\f\v";
  const std::size_t first = text.find_first_not_of(spaces);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(spaces);
  return std::string(text.substr(first, last - first + 1));
}

Json string_or_null(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

// At most `max_bytes` of UTF-8 text, never splitting a character.
std::string truncate_utf8_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

Json response_json(const SurveyDefinition& definition, const SurveyState& state, const ResponseContext& context) {
  const int score = state.score.value_or(definition.scale.min());
  Json out = Json::object();
  out["id"] = context.response_id;
  out["survey_id"] = definition.id;
  out["type"] = std::string(to_string(definition.type));
  out["scale"] = definition.scale.id();
  out["score"] = score;
  out["bucket"] = std::string(to_string(definition.scale.bucket(score)));
  // English, whatever the visitor's language: responses are compared across locales.
  out["label"] = definition.scale.label(score);
  out["comment"] = nullptr;
  out["reasons"] = Json::array();
  out["locale"] = state.locale;
  out["url"] = string_or_null(context.url);
  out["referrer"] = string_or_null(context.referrer);
  out["touchpoint"] = string_or_null(context.touchpoint);
  out["user_id"] = string_or_null(context.user_id);
  out["context"] = context.data.is_object() ? context.data : Json::object();
  Json metadata = Json::object();
  for (const auto& [key, value] : definition.metadata) metadata[key] = value;
  out["metadata"] = metadata;
  out["article"] = definition.article ? Json{{"id", definition.article->id}, {"version", definition.article->version}}
                                      : Json(nullptr);
  out["created_at"] = string_or_null(context.now);
  out["updated_at"] = string_or_null(context.now);
  out["complete"] = false;
  return out;
}

// The response as it stands now: the answers so far on top of what was recorded at the score.
Json updated_response(const SurveyState& state, const ResponseContext& context, bool complete) {
  Json out = state.response;
  out["comment"] = string_or_null(state.comment);
  Json reasons = Json::array();
  for (const std::string& reason : state.reasons) reasons.push_back(reason);
  out["reasons"] = reasons;
  if (!context.now.empty()) out["updated_at"] = context.now;
  out["complete"] = complete;
  return out;
}

SurveyStep final_step(const SurveyDefinition& definition, const SurveyState& state) {
  const bool promoter = state.score && definition.scale.bucket(*state.score) == Bucket::Positive;
  if (definition.thanks.enabled || (definition.review && promoter)) return SurveyStep::Thanks;
  return SurveyStep::Closed;
}

SurveyStep step_after_reasons(const SurveyDefinition& definition, const SurveyState& state) {
  if (definition.follow_up.for_bucket(definition.scale.bucket(*state.score)).enabled) return SurveyStep::FollowUp;
  return final_step(definition, state);
}

// Ends the answering part: the final version of the response goes out, then thanks or closed.
void finish(const SurveyDefinition& definition, const ResponseContext& context, StepOutcome& outcome) {
  SurveyState& state = outcome.state;
  state.step = final_step(definition, state);
  if (!state.complete && !state.response.is_null()) {
    state.response = updated_response(state, context, true);
    state.complete = true;
    outcome.deliver = state.response;
  }
}

Status set_reasons(const SurveyDefinition& definition, const std::vector<std::string>& reasons, SurveyState& state) {
  std::vector<std::string> chosen;
  for (const std::string& reason : reasons) {
    if (!definition.find_reason(reason)) return action_error("\"" + reason + "\" is not one of this survey's reasons");
    if (std::find(chosen.begin(), chosen.end(), reason) == chosen.end()) chosen.push_back(reason);
  }
  // Kept in the definition's order so that equal answers compare equal.
  state.reasons.clear();
  for (const Reason& reason : definition.reasons) {
    if (std::find(chosen.begin(), chosen.end(), reason.id) != chosen.end()) state.reasons.push_back(reason.id);
  }
  return Ok{};
}

void set_comment(const SurveyDefinition& definition, const std::string& text, SurveyState& state) {
  state.comment = trimmed(truncate_utf8(text, static_cast<std::size_t>(definition.follow_up.max_length)));
}

}  // namespace

std::string_view to_string(SurveyStep step) {
  switch (step) {
    case SurveyStep::Question: return "question";
    case SurveyStep::Reasons: return "reasons";
    case SurveyStep::FollowUp: return "follow_up";
    case SurveyStep::Thanks: return "thanks";
    case SurveyStep::Closed: return "closed";
  }
  return "closed";
}

ResponseContext fit_response_context(ResponseContext context, Json& warnings) {
  constexpr ResponseLimits kLimits{};
  const auto warn = [&warnings](const char* code, std::string path, std::string message) {
    warnings.push_back(error_json(Error{code, std::move(path), std::move(message)}));
  };
  const auto fit_text = [&](std::string& text, const char* key, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return;
    text = truncate_utf8_bytes(text, max_bytes);
    warn("response.truncated", std::string("$.context.") + key,
         std::string(key) + " was cut to the " + std::to_string(max_bytes) + " bytes a response holds");
  };
  fit_text(context.url, "url", kLimits.max_url_bytes);
  fit_text(context.referrer, "referrer", kLimits.max_url_bytes);
  fit_text(context.touchpoint, "touchpoint", kLimits.max_short_text_bytes);
  fit_text(context.user_id, "user_id", kLimits.max_short_text_bytes);

  // The body nests the context at level 2 ({"context":{…}}), so its values may nest this deep.
  constexpr std::size_t kMaxValueDepth = kLimits.max_depth - 2;
  static_assert(kMaxValueDepth == 6 && kLimits.max_context_keys == 50 && kLimits.max_context_bytes == 4096,
                "the warnings below name these limits");
  Json kept = Json::object();
  std::size_t bytes = 2;  // {}
  for (const auto& item : context.data.items()) {
    const std::string key = dump_json(item.key());
    const std::string value = dump_json(item.value());
    const std::size_t member_bytes = (kept.empty() ? 0 : 1) + key.size() + 1 + value.size();
    const bool too_deep = json_text_depth(value, kMaxValueDepth) > kMaxValueDepth;
    const bool full = !too_deep && (kept.size() == kLimits.max_context_keys || bytes + member_bytes > kLimits.max_context_bytes);
    if (!too_deep && !full) {
      kept[item.key()] = item.value();
      bytes += member_bytes;
      continue;
    }
    warn("response.context_dropped", member_path("$.context.data", item.key()),
         "setContext key " + key +
             (too_deep ? " was left out of the response: its value nests deeper than 6 levels"
                       : " and any after it were left out of the response: its context holds at most 50 keys and 4096 bytes of JSON"));
    if (full) break;  // in order: nothing after a key that does not fit is kept either
  }
  if (kept.size() != context.data.size()) context.data = std::move(kept);
  return context;
}

std::string truncate_utf8(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_character) {
      if (count == max_code_points) return std::string(text.substr(0, i));
      ++count;
    }
  }
  return std::string(text);
}

SurveyStep step_after_score(const SurveyDefinition& definition, int score) {
  SurveyState state;
  state.score = score;
  const bool helpful_no = definition.type == QuestionType::Helpful && definition.scale.bucket(score) == Bucket::Negative;
  if (helpful_no && !definition.reasons.empty()) return SurveyStep::Reasons;
  return step_after_reasons(definition, state);
}

Result<StepOutcome> advance(const SurveyDefinition& definition, const std::optional<SurveyState>& previous,
                            const SurveyAction& action, const ResponseContext& context, const Locale& locale) {
  using Type = SurveyAction::Type;
  StepOutcome outcome;
  if (!previous) {
    if (action.type != Type::Open) return action_error("a survey starts with {\"type\":\"open\"} (no state was given)");
    outcome.state.locale = std::string(locale.code);
    return outcome;
  }
  outcome.state = *previous;
  SurveyState& state = outcome.state;
  const std::string step_name(to_string(state.step));

  switch (action.type) {
    case Type::Open:  // re-opening a saved state shows its step again
      return outcome;

    case Type::Dismiss:
      if (state.step == SurveyStep::Closed) return outcome;
      outcome.dismissed = !state.score.has_value();
      finish(definition, context, outcome);
      state.step = SurveyStep::Closed;
      return outcome;

    case Type::Score: {
      if (state.step != SurveyStep::Question) return action_error("a score is given on the question step, not on " + step_name);
      if (!definition.scale.contains(action.value)) {
        return action_error(std::to_string(action.value) + " is not a point of the " + definition.scale.id() + " scale (" +
                            std::to_string(definition.scale.min()) + "–" + std::to_string(definition.scale.max()) + ")");
      }
      if (context.response_id.empty()) {
        return Error{"request.invalid", "$.context.response_id",
                     "a response id (a UUID made by the runtime) is needed once a score is given"};
      }
      state.score = action.value;
      state.response = response_json(definition, state, fit_response_context(context, outcome.warnings));
      state.step = step_after_score(definition, action.value);
      if (state.step == SurveyStep::Thanks || state.step == SurveyStep::Closed) {
        finish(definition, context, outcome);
      } else {
        outcome.deliver = state.response;
      }
      return outcome;
    }

    case Type::Reason:
    case Type::Reasons: {
      if (state.step != SurveyStep::Reasons) return action_error("reasons are chosen on the reasons step, not on " + step_name);
      std::vector<std::string> reasons = state.reasons;
      if (action.type == Type::Reasons) {
        reasons = action.reasons.value_or(std::vector<std::string>{});
      } else {
        auto chosen = std::find(reasons.begin(), reasons.end(), action.reason);
        if (chosen == reasons.end()) {
          reasons.push_back(action.reason);
        } else {
          reasons.erase(chosen);
        }
      }
      if (auto set = set_reasons(definition, reasons, state); !set) return set.error();
      return outcome;
    }

    case Type::Comment:
      if (state.step != SurveyStep::FollowUp) return action_error("a comment is written on the follow_up step, not on " + step_name);
      set_comment(definition, action.text.value_or(""), state);
      return outcome;

    // Submit and skip move through the same steps; they differ only in whether what was entered
    // on the current step is kept (submit) or dropped (skip).
    case Type::Submit:
    case Type::Skip: {
      const bool skipping = action.type == Type::Skip;
      switch (state.step) {
        case SurveyStep::Question:
          if (!skipping) return action_error("choose a score before submitting");
          outcome.dismissed = true;
          state.step = SurveyStep::Closed;
          return outcome;
        case SurveyStep::Reasons:
          if (skipping) {
            state.reasons.clear();
          } else if (action.reasons) {
            if (auto set = set_reasons(definition, *action.reasons, state); !set) return set.error();
          }
          state.step = step_after_reasons(definition, state);
          if (state.step != SurveyStep::FollowUp) finish(definition, context, outcome);
          return outcome;
        case SurveyStep::FollowUp:
          if (skipping) {
            state.comment.clear();
          } else if (action.text) {
            set_comment(definition, *action.text, state);
          }
          finish(definition, context, outcome);
          return outcome;
        case SurveyStep::Thanks:
          state.step = SurveyStep::Closed;
          return outcome;
        case SurveyStep::Closed:
          return action_error("the survey is closed");
      }
      return outcome;
    }
  }
  return outcome;
}

Json survey_state_json(const SurveyState& state) {
  Json reasons = Json::array();
  for (const std::string& reason : state.reasons) reasons.push_back(reason);
  return Json{{"step", std::string(to_string(state.step))},
              {"locale", state.locale},
              {"score", state.score ? Json(*state.score) : Json(nullptr)},
              {"reasons", reasons},
              {"comment", state.comment},
              {"response", state.response},
              {"complete", state.complete}};
}

Result<SurveyState> parse_survey_state(const Json& value, const SurveyDefinition& definition, const std::string& path) {
  const std::string hint = " (pass back the \"state\" of the previous answer unchanged)";
  if (!value.is_object()) return state_error(path, "the state must be an object" + hint);
  SurveyState state;
  auto step = value.find("step");
  std::optional<SurveyStep> parsed_step;
  if (step != value.end() && step->is_string()) parsed_step = step_from_string(step->get_ref<const std::string&>());
  if (!parsed_step) return state_error(path + ".step", "unknown step" + hint);
  state.step = *parsed_step;

  auto locale = value.find("locale");
  if (locale != value.end() && locale->is_string()) state.locale = locale->get_ref<const std::string&>();

  auto score = value.find("score");
  if (score != value.end() && !score->is_null()) {
    auto point = whole_number(*score);
    if (!point || !definition.scale.contains(*point)) return state_error(path + ".score", "the score is not on this survey's scale" + hint);
    state.score = point;
  }
  if (!state.score && state.step != SurveyStep::Question && state.step != SurveyStep::Closed) {
    return state_error(path + ".score", "a " + std::string(to_string(state.step)) + " step needs a score" + hint);
  }

  auto reasons = value.find("reasons");
  if (reasons != value.end() && !reasons->is_null()) {
    if (!reasons->is_array()) return state_error(path + ".reasons", "reasons must be an array" + hint);
    for (const Json& reason : *reasons) {
      if (!reason.is_string() || !definition.find_reason(reason.get_ref<const std::string&>())) {
        return state_error(path + ".reasons", "a reason is not one of this survey's" + hint);
      }
      state.reasons.push_back(reason.get_ref<const std::string&>());
    }
  }

  auto comment = value.find("comment");
  if (comment != value.end() && comment->is_string()) state.comment = comment->get_ref<const std::string&>();

  auto response = value.find("response");
  if (response != value.end() && !response->is_null()) {
    if (!response->is_object() || !response->contains("id")) return state_error(path + ".response", "the response must be an object" + hint);
    state.response = *response;
  }
  if (state.score && state.response.is_null()) return state_error(path + ".response", "a scored state carries its response" + hint);

  auto complete = value.find("complete");
  if (complete != value.end() && complete->is_boolean()) state.complete = complete->get<bool>();
  return state;
}

Result<SurveyAction> parse_survey_action(const Json& value, const std::string& path) {
  if (!value.is_object()) return state_error(path, "the action must be an object like {\"type\":\"open\"}");
  auto type = value.find("type");
  if (type == value.end() || !type->is_string()) return state_error(path + ".type", "the action needs a \"type\" string");
  const std::string& name = type->get_ref<const std::string&>();
  SurveyAction action;
  using Type = SurveyAction::Type;

  auto read_text = [&]() -> Status {
    auto text = value.find("text");
    if (text == value.end() || text->is_null()) return Ok{};
    if (!text->is_string()) return state_error(path + ".text", "text must be a string");
    action.text = text->get_ref<const std::string&>();
    return Ok{};
  };
  auto read_values = [&]() -> Status {
    auto values = value.find("values");
    if (values == value.end() || values->is_null()) return Ok{};
    if (!values->is_array()) return state_error(path + ".values", "values must be an array of reason ids");
    std::vector<std::string> reasons;
    for (std::size_t i = 0; i < values->size(); ++i) {
      const Json& reason = (*values)[i];
      if (!reason.is_string()) return state_error(path + ".values[" + std::to_string(i) + "]", "a reason id is a string");
      reasons.push_back(reason.get_ref<const std::string&>());
    }
    action.reasons = std::move(reasons);
    return Ok{};
  };

  if (name == "open") {
    action.type = Type::Open;
  } else if (name == "score") {
    action.type = Type::Score;
    auto score = value.find("value");
    std::optional<int> point;
    if (score != value.end()) {
      point = whole_number(*score);
      // data-csatkit-value arrives from the DOM as a string.
      if (!point && score->is_string()) {
        const std::string& digits = score->get_ref<const std::string&>();
        if (!digits.empty() && digits.size() <= 3 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          // By hand rather than std::stoi: the digits are checked above, and stoi's error path
          // would pull printf into the widget's wasm.
          int number = 0;
          for (char c : digits) number = number * 10 + (c - '0');
          point = number;
        }
      }
    }
    if (!point) return state_error(path + ".value", "a score action needs a whole-number \"value\"");
    action.value = *point;
  } else if (name == "comment") {
    action.type = Type::Comment;
    if (auto read = read_text(); !read) return read.error();
    if (!action.text) return state_error(path + ".text", "a comment action needs a \"text\" string");
  } else if (name == "reasons") {
    action.type = Type::Reasons;
    if (auto read = read_values(); !read) return read.error();
    if (!action.reasons) return state_error(path + ".values", "a reasons action needs \"values\": [reason ids]");
  } else if (name == "reason") {
    action.type = Type::Reason;
    auto reason = value.find("value");
    if (reason == value.end() || !reason->is_string()) return state_error(path + ".value", "a reason action needs the reason id as \"value\"");
    action.reason = reason->get_ref<const std::string&>();
  } else if (name == "submit") {
    action.type = Type::Submit;
    if (auto read = read_text(); !read) return read.error();
    if (auto read = read_values(); !read) return read.error();
  } else if (name == "skip") {
    action.type = Type::Skip;
  } else if (name == "dismiss") {
    action.type = Type::Dismiss;
  } else {
    return state_error(path + ".type", "unknown action \"" + name +
                                           "\"; expected open, score, comment, reasons, reason, submit, skip or dismiss");
  }
  return action;
}

Result<ResponseContext> parse_response_context(const Json& value, const std::string& path) {
  ResponseContext context;
  if (value.is_null()) return context;
  if (!value.is_object()) return state_error(path, "context must be an object");
  static constexpr std::string_view kKeys[] = {"response_id", "now", "url", "referrer", "page_lang",
                                               "languages", "touchpoint", "user_id", "data"};
  std::string* fields[] = {&context.response_id, &context.now, &context.url, &context.referrer, &context.page_lang,
                           nullptr, &context.touchpoint, &context.user_id, nullptr};
  for (const auto& item : value.items()) {
    const auto known = std::find(std::begin(kKeys), std::end(kKeys), std::string_view(item.key()));
    const std::string item_path = path + "." + item.key();
    if (known == std::end(kKeys)) return state_error(item_path, "unknown context key \"" + item.key() + "\"");
    std::string* field = fields[known - std::begin(kKeys)];
    if (item.value().is_null()) continue;
    if (field) {
      // A user id may well be a number in the host's system.
      if (item.key() == "user_id" && (item.value().is_number_integer() || item.value().is_number_unsigned())) {
        *field = dump_json(item.value());
      } else if (!item.value().is_string()) {
        return state_error(item_path, item.key() + " must be a string");
      } else {
        *field = item.value().get_ref<const std::string&>();
      }
    } else if (item.key() == "languages") {
      if (!item.value().is_array()) return state_error(item_path, "languages must be an array of language tags");
      for (const Json& language : item.value()) {
        if (language.is_string()) context.languages.push_back(language.get_ref<const std::string&>());
      }
    } else {
      if (!item.value().is_object()) return state_error(item_path, "data must be an object of key/values");
      context.data = item.value();
    }
  }
  return context;
}

}  // namespace csatkit
