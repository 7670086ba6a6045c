// The one envelope every JSON face of the core answers with (json_api for the calculator and
// the CLI, widget_api for the survey widget, later the collector):
// {"ok":true,"value":…} or {"ok":false,"error":{"code","path","message","problems"?}},
// written by dump_json (json_text.hpp), so invalid UTF-8 from users and files becomes U+FFFD.
#pragma once

#include <string>

#include "core/json_text.hpp"
#include "core/report.hpp"
#include "core/result.hpp"

namespace csatkit {

std::string ok_envelope(Json value);

// Core errors name fields relative to their input ("churn.7"); in an envelope every field path
// becomes a JSON path into the request ("$.churn.7"). Paths like "line 12" stay as they are.
std::string error_envelope(Error error);

template <typename T>
std::string envelope(const Result<T>& result) {
  return result ? ok_envelope(result.value()) : error_envelope(result.error());
}

}  // namespace csatkit
