// The steps of one running survey and the response they produce:
//
//   question ──score──▶ [reasons]  (helpful "No", when the survey offers reasons)
//                 ──▶ [follow_up] (the open question of the score's bucket, when enabled)
//                 ──▶ [thanks]    (when enabled, or to show the review link to the positive bucket)
//                 ──▶ closed
//   "skip" moves past a step without its answer (on the question it closes, like "dismiss");
//   "dismiss" closes from anywhere.
//
// The response is delivered as soon as the score is given (complete:false, so a visitor who
// leaves mid-way is still counted) and once more, with the same id, when the survey ends
// (complete:true, with reasons and comment). When nothing can follow the score, the first
// delivery is already complete. The state is a value: JSON in, JSON out, opaque to the runtime.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/locale.hpp"
#include "core/report.hpp"
#include "core/result.hpp"
#include "core/survey_definition.hpp"

namespace csatkit {

enum class SurveyStep { Question, Reasons, FollowUp, Thanks, Closed };
std::string_view to_string(SurveyStep step);  // "question", "reasons", "follow_up", "thanks", "closed"

struct SurveyAction {
  enum class Type { Open, Score, Comment, Reasons, Reason, Submit, Skip, Dismiss };
  Type type = Type::Open;
  int value = 0;                      // Score: the point chosen
  std::optional<std::string> text;    // Comment; Submit may carry it too
  std::optional<std::vector<std::string>> reasons;  // Reasons; Submit may carry them too
  std::string reason;                 // Reason: the chip to toggle
};

// Where and by whom the survey is answered; copied into the response when the score is given.
struct ResponseContext {
  std::string response_id;  // made by the runtime (a UUID); the response's id for good
  std::string now;          // ISO 8601 time of this action
  std::string url;
  std::string referrer;
  std::string page_lang;
  std::vector<std::string> languages;  // navigator.languages
  std::string touchpoint;
  std::string user_id;
  Json data = Json::object();  // csatkit.setContext() key/values
};

struct SurveyState {
  SurveyStep step = SurveyStep::Question;
  std::string locale;  // chosen when the survey opened, kept so the language never changes mid-way
  std::optional<int> score;
  std::vector<std::string> reasons;
  std::string comment;
  Json response = nullptr;  // the response as last delivered; null before the score
  bool complete = false;    // the final version has been delivered
};

struct StepOutcome {
  SurveyState state;
  Json deliver = nullptr;  // the response to POST now, or null
  bool dismissed = false;  // closed before any score: the runtime records a dismissal
  // What the core changed rather than failing: values the page gave, cut to what a collector
  // accepts (fit_response_context), as [{"code","path","message"}] for the runtime to report.
  Json warnings = Json::array();
};

// One action on a survey. `previous` is empty only for "open". An action that does not fit the
// step (a score on the thanks step, an unknown reason) is Error "survey.action" at $.action.
// A "dismiss" on a closed survey is a no-op, so a double click does no harm.
Result<StepOutcome> advance(const SurveyDefinition& definition, const std::optional<SurveyState>& previous,
                            const SurveyAction& action, const ResponseContext& context, const Locale& locale);

// The step the survey moves to after the score (for a helpful "No": reasons, if any).
SurveyStep step_after_score(const SurveyDefinition& definition, int score);

Json survey_state_json(const SurveyState& state);
// Reads a state from survey_state_json() back, checking it against the definition; problems are
// reported at `path` ("$.state").
Result<SurveyState> parse_survey_state(const Json& state, const SurveyDefinition& definition, const std::string& path);
// {"type":"open"} | {"type":"score","value":4} | {"type":"comment","text":"…"} |
// {"type":"reasons","values":["outdated"]} | {"type":"reason","value":"outdated"} (toggles one) |
// {"type":"submit"[,"text":"…"][,"values":[…]]} | {"type":"skip"} | {"type":"dismiss"}
Result<SurveyAction> parse_survey_action(const Json& action, const std::string& path);
// {"response_id","now","url","referrer","page_lang","languages":[…],"touchpoint","user_id","data":{…}},
// every key optional (response_id is required once a score is given).
Result<ResponseContext> parse_response_context(const Json& context, const std::string& path);

// The context as a response may carry it: what the page gave (url, referrer, touchpoint, user_id,
// setContext data) cut to the limits a collector accepts (ResponseLimits' defaults,
// response_validation.hpp), so that no answer is refused for the page's sake. Texts are cut at a
// character boundary; data keeps its keys in order while they fit (count and bytes) and leaves
// out the rest, and leaves out any value nested deeper than a response may be. One warning for
// each value cut, appended to `warnings`: {"code": "response.truncated" (a text) or
// "response.context_dropped" (a data key), "path": "$.context.url" / "$.context.data.cart",
// "message"}. A context within the limits comes back unchanged.
ResponseContext fit_response_context(ResponseContext context, Json& warnings);

// The first `max_code_points` characters of UTF-8 text, never splitting a character.
std::string truncate_utf8(std::string_view text, std::size_t max_code_points);

}  // namespace csatkit
