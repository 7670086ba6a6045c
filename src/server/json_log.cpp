#include "server/json_log.hpp"

#include <unistd.h>

#include <mutex>

#include "core/envelope.hpp"
#include "server/response_store.hpp"

namespace csatkit::server {

void log_event(LogLevel level, const char* event, const Json& fields) {
  static std::mutex mutex;
  Json line = Json::object();
  line["ts"] = utc_now_iso();
  line["level"] = level == LogLevel::Info ? "info" : level == LogLevel::Warn ? "warn" : "error";
  line["event"] = event;
  if (fields.is_object()) {
    for (const auto& item : fields.items()) line[item.key()] = item.value();
  }
  const std::string text = dump_json(line) + "\n";
  std::lock_guard<std::mutex> lock(mutex);
  // write(2) rather than stdio: one syscall per line, nothing buffered if the process is killed.
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace csatkit::server
