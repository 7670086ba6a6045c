#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cli/commands.hpp"

namespace csatkit::cli {

int fail(const std::string& command, const Error& error) {
  const std::string where = flag_for_path(error.path);
  std::string line = "csatkit " + command + ": ";
  if (!where.empty() && error.message.rfind(where, 0) != 0) line += where + ": ";
  line += error.message;
  // One line, always: a script reading stderr gets exactly one message.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "%s\n", line.c_str());
  return 2;
}

std::string flag_for_path(const std::string& path) {
  std::string name;
  if (path.rfind("$.", 0) == 0) {
    name = path.substr(2, path.find_first_of(".[", 2) - 2);
  } else if (!path.empty() && path.find_first_of(" .[$-") == std::string::npos) {
    name = path;  // a bare option name from the core, e.g. "column"
  } else {
    return path;  // "line 12", "--spend", "$": already readable
  }
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  return "--" + name;
}

Json number_or_text(const std::string& text) {
  if (text.empty()) return text;
  char* end = nullptr;
  const double number = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(number)) return text;
  if (number == std::floor(number) && std::fabs(number) < 9e15) {
    if (number >= 0) return static_cast<std::uint64_t>(number);
    return static_cast<std::int64_t>(number);
  }
  return number;
}

Result<Json> open_envelope(const std::string& envelope) {
  Json parsed = Json::parse(envelope);
  if (parsed["ok"].get<bool>()) return parsed["value"];
  const Json& e = parsed["error"];
  return Error{e["code"].get<std::string>(), e["path"].get<std::string>(), e["message"].get<std::string>()};
}

int print_report(const Json& report, bool table, std::string (*render)(const Json&)) {
  std::fputs(table ? render(report).c_str() : (report.dump(2) + "\n").c_str(), stdout);
  return 0;
}

bool wants_table(const std::string* format, const std::string& command, int& exit_code) {
  exit_code = 0;
  if (!format || *format == "json") return false;
  if (*format == "table") return true;
  exit_code = fail(command, Error{"args.format", "--format", "--format must be json or table, got \"" + *format + "\""});
  return false;
}

}  // namespace csatkit::cli
