// The one envelope every JSON face of the core answers with (json_api for the calculator and
// the CLI, widget_api for the survey widget, later the collector):
// {"ok":true,"value":…} or {"ok":false,"error":{"code","path","message","problems"?}}.
#pragma once

#include <string>

#include "core/report.hpp"
#include "core/result.hpp"

namespace csatkit {

// Serializes any report. Text from users and files (CSV cells quoted in bad-row reasons,
// comments typed into the widget) may hold invalid UTF-8: it becomes U+FFFD rather than
// throwing natively or aborting in the -fno-exceptions wasm build.
std::string dump_json(const Json& json);

std::string ok_envelope(Json value);

// Core errors name fields relative to their input ("churn.7"); in an envelope every field path
// becomes a JSON path into the request ("$.churn.7"). Paths like "line 12" stay as they are.
std::string error_envelope(Error error);

template <typename T>
std::string envelope(const Result<T>& result) {
  return result ? ok_envelope(result.value()) : error_envelope(result.error());
}

}  // namespace csatkit
