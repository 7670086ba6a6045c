// Structured logging: one JSON object per line on stderr ({"ts","level","event",…}), so a log
// shipper or `jq` reads it without parsing prose. Thread-safe; each line is one write.
#pragma once

#include "core/report.hpp"

namespace csatkit::server {

enum class LogLevel { Info, Warn, Error };

// `fields` (an object) is merged after ts/level/event.
void log_event(LogLevel level, const char* event, const Json& fields = Json::object());

}  // namespace csatkit::server
