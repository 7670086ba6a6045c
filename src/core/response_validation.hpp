// Checking a response that a widget sent (the JSON that survey_flow's advance() delivers)
// against the survey definitions a collector accepts. Pure: text or JSON in, a validated
// response or an Error naming the field out. The collector, and any endpoint that wants the
// same rules, call this; nothing here knows about HTTP or storage.
//
// The response shape (survey_flow.cpp response_json / updated_response):
//   {"id","survey_id","type","scale","score","bucket","label","comment","reasons","locale","url",
//    "referrer","touchpoint","user_id","context","metadata","article","created_at","updated_at",
//    "complete"}
// Required: id, survey_id, score. Everything else may be missing or null. Unknown keys are an
// error (a typo or a newer widget would otherwise lose data silently).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.hpp"
#include "core/result.hpp"
#include "core/survey_definition.hpp"

namespace csatkit {

// What a collector accepts. The defaults are the one source of these numbers: the widget cuts
// what the page gives to them (survey_flow.hpp, fit_response_context) and the definition
// validator holds what the site owner writes to them (survey_definition.hpp), so a response the
// widget builds is never refused. Together they keep a response well under max_body_bytes
// (the largest possible, a 5000-character comment of 4-byte characters included, is ~35 KB).
struct ResponseLimits {
  std::size_t max_body_bytes = 64 * 1024;  // one response is a few hundred bytes; 64 KB is generous
  std::size_t max_depth = 8;               // nesting of arrays/objects in the whole body
  std::size_t max_url_bytes = 2048;
  std::size_t max_short_text_bytes = 200;  // touchpoint, user_id, locale, article id/version
  std::size_t max_context_bytes = 4096;    // the serialized "context" object
  std::size_t max_context_keys = 50;
  std::size_t max_metadata_bytes = 4096;   // the serialized "metadata" object
  std::size_t max_metadata_keys = 50;
};

// One response, checked and normalized: "bucket" and "label" recomputed from the definition's
// scale, "comment" trimmed to null when empty, every key present in the documented order.
struct ValidatedResponse {
  std::string id;
  std::string survey_id;
  int score = 0;
  Bucket bucket = Bucket::Neutral;
  bool complete = false;
  std::string created_at;  // as sent, or "" when the widget had no clock value
  std::string updated_at;  // as sent, or created_at
  Json normalized;         // the response as stored and exported
};

// The body text as JSON: size, nesting depth and UTF-8 are checked before parsing, so a huge or
// deeply nested body is refused cheaply. Errors: "response.too_large", "response.too_deep",
// "response.not_json" (also for invalid UTF-8), all at "$".
Result<Json> parse_response_body(std::string_view body, const ResponseLimits& limits = {});

// Checks one parsed response against the accepted surveys. Errors (path is the field):
//   "response.invalid"        wrong type, missing or malformed field ($.id, $.score, …)
//   "response.unknown_survey" $.survey_id names no accepted survey
//   "response.mismatch"       $.type / $.scale / $.bucket disagree with the survey definition
//   "response.out_of_scale"   $.score is not a point of the survey's scale
//   "response.too_long"       $.comment (longer than the survey's follow_up.max_length), a URL,
//                             $.context or $.metadata beyond their keys or bytes…
//   "response.unknown_key"    a key the response format does not have
Result<ValidatedResponse> validate_response(const Json& response, const std::vector<SurveyDefinition>& surveys,
                                            const ResponseLimits& limits = {});

// Versions of one response, as the widget sends them: the first at the score (complete:false),
// the final one with reasons and comment (complete:true). Retries and beacons resend a version.
struct ResponseVersion {
  bool complete = false;
  std::string updated_at;
};

// Whether `incoming` should replace `stored`: a complete version beats an incomplete one, and
// among equals the later updated_at (ISO 8601 text from the same clock compares as text).
// A stale copy (an incomplete one after the complete one, or an older updated_at) never wins,
// and an identical version is a duplicate (false).
bool supersedes(const ResponseVersion& incoming, const ResponseVersion& stored);

}  // namespace csatkit
