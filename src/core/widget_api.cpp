#include "core/widget_api.hpp"

#include "core/display_rules.hpp"
#include "core/envelope.hpp"
#include "core/locale.hpp"
#include "core/report.hpp"
#include "core/survey_definition.hpp"
#include "core/survey_flow.hpp"
#include "core/survey_render.hpp"

namespace csatkit::widget_api {

namespace {

Result<Json> parse_request(std::string_view text) {
  JsonReading reading = read_json(text);
  if (reading.value.is_discarded()) return Error{"request.json", "$", describe("the request", reading.error)};
  if (!reading.value.is_object()) return Error{"request.invalid", "$", "the request must be a JSON object"};
  return std::move(reading.value);
}

// Problems of a definition inside a request point into the request: "$.x" → "$.definition.x".
Error within_definition(Error error) {
  auto rebase = [](std::string& path) {
    if (path.rfind('$', 0) == 0) path = "$.definition" + path.substr(1);
  };
  rebase(error.path);
  for (Problem& problem : error.problems) rebase(problem.path);
  if (!error.problems.empty()) error.message = error.problems.front().path + ": " + error.problems.front().message;
  return error;
}

Locale step_locale(const Json& request, const SurveyDefinition& definition, const std::optional<SurveyState>& state,
                   const ResponseContext& context) {
  if (state && !state->locale.empty()) {
    if (auto kept = find_locale(state->locale)) return *kept;
  }
  auto requested = request.find("locale");
  if (requested != request.end() && requested->is_string()) {
    if (auto chosen = find_locale(requested->get_ref<const std::string&>())) return *chosen;
  }
  return negotiate_locale(definition.locale, context.page_lang, context.languages);
}

Result<Json> step(const Json& request) {
  auto definition_json = request.find("definition");
  if (definition_json == request.end()) {
    return Error{"request.invalid", "$.definition", "the request needs the survey \"definition\""};
  }
  auto definition = parse_survey_definition(*definition_json);
  if (!definition) return within_definition(definition.error());

  std::optional<SurveyState> state;
  auto state_json = request.find("state");
  if (state_json != request.end() && !state_json->is_null()) {
    auto parsed = parse_survey_state(*state_json, definition.value(), "$.state");
    if (!parsed) return parsed.error();
    state = std::move(parsed).value();
  }

  auto action_json = request.find("action");
  if (action_json == request.end()) return Error{"request.invalid", "$.action", "the request needs an \"action\""};
  auto action = parse_survey_action(*action_json, "$.action");
  if (!action) return action.error();

  auto context_json = request.find("context");
  auto context = parse_response_context(context_json == request.end() ? Json(nullptr) : *context_json, "$.context");
  if (!context) return context.error();

  const Locale locale = step_locale(request, definition.value(), state, context.value());
  if (!locale_has_texts(locale)) return Json{{"locale_pack", std::string(locale.code)}};
  auto outcome = advance(definition.value(), state, action.value(), context.value(), locale);
  if (!outcome) return outcome.error();

  const SurveyState& next = outcome->state;
  const std::string announce = step_announcement(definition.value(), next, locale);
  Json value = Json::object();
  value["state"] = survey_state_json(next);
  value["step"] = std::string(to_string(next.step));
  value["html"] = render_step(definition.value(), next, locale);
  value["dir"] = locale.rtl ? "rtl" : "ltr";
  value["lang"] = std::string(locale.code);
  value["announce"] = announce.empty() ? Json(nullptr) : Json(announce);
  value["deliver"] = outcome->deliver;
  value["dismissed"] = outcome->dismissed;
  value["warnings"] = outcome->warnings;
  return value;
}

}  // namespace

std::string survey_definition(std::string_view definition_json) {
  auto definition = parse_survey_definition(definition_json);
  if (!definition) return error_envelope(definition.error());
  return ok_envelope(survey_definition_json(definition.value()));
}

std::string display_decision(std::string_view request) {
  auto parsed = parse_request(request);
  if (!parsed) return error_envelope(parsed.error());
  auto decision = display_decision_json(parsed.value());
  if (!decision) return error_envelope(decision.error());
  return ok_envelope(decision.value());
}

std::string survey_step(std::string_view request) {
  auto parsed = parse_request(request);
  if (!parsed) return error_envelope(parsed.error());
  auto result = step(parsed.value());
  if (!result) return error_envelope(result.error());
  return ok_envelope(std::move(result).value());
}

std::string survey_locale(std::string_view request) {
  auto parsed = parse_request(request);
  if (!parsed) return error_envelope(parsed.error());
  auto definition_json = parsed->find("definition");
  if (definition_json == parsed->end()) {
    return error_envelope(Error{"request.invalid", "$.definition", "the request needs the survey \"definition\""});
  }
  auto definition = parse_survey_definition(*definition_json);
  if (!definition) return error_envelope(within_definition(definition.error()));
  // Only the language hints of the context count here; the rest is survey_step's to check.
  ResponseContext context;
  auto context_json = parsed->find("context");
  if (context_json != parsed->end() && context_json->is_object()) {
    Json hints = Json::object();
    for (const char* key : {"page_lang", "languages"}) {
      if (context_json->contains(key)) hints[key] = (*context_json)[key];
    }
    auto read = parse_response_context(hints, "$.context");
    if (!read) return error_envelope(read.error());
    context = std::move(read).value();
  }
  const Locale locale = step_locale(parsed.value(), definition.value(), std::nullopt, context);
  return ok_envelope(Json{{"code", std::string(locale.code)},
                          {"dir", locale.rtl ? "rtl" : "ltr"},
                          {"has_texts", locale_has_texts(locale)}});
}

std::string add_locale_pack(std::string_view pack_json) {
  JsonReading reading = read_json(pack_json);
  if (reading.value.is_discarded()) return error_envelope(Error{"locale.pack_invalid", "$", describe("the locale pack", reading.error)});
  const Json& pack = reading.value;
  auto added = csatkit::add_locale_pack(pack);
  if (!added) return error_envelope(added.error());
  return ok_envelope(Json{{"code", pack["code"]}});
}

std::string locales() {
  Json list = Json::array();
  for (const Locale& locale : builtin_locales()) {
    if (locale_has_texts(locale)) list.push_back(locale_pack_json(locale));
  }
  return ok_envelope(Json{{"locales", list}});
}

}  // namespace csatkit::widget_api
