// The CLI's subcommands. Each takes the arguments after its name and returns the exit code:
// 0 on success, 2 with a one-line message on stderr for bad arguments or unreadable input.
#pragma once

#include <string>
#include <vector>

#include "core/report.hpp"
#include "core/result.hpp"

namespace csatkit::cli {

int run_score(const std::vector<std::string>& args);
int run_roi(const std::vector<std::string>& args);
int run_plan(const std::vector<std::string>& args);
int run_benchmarks(const std::vector<std::string>& args);
int run_scales(const std::vector<std::string>& args);
int run_locales(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);  // runs until SIGTERM/SIGINT

// Shared plumbing of the subcommands.
int fail(const std::string& command, const Error& error);  // prints "csatkit CMD: --flag: message", returns 2
// "$.improve_to.6" → "--improve-to": errors from the core point at the flag the user typed.
std::string flag_for_path(const std::string& path);
// "500" → 500, "0.92" → 0.92; anything else stays text so the core names it in its error.
Json number_or_text(const std::string& text);
// Unwraps a json_api envelope.
Result<Json> open_envelope(const std::string& envelope);
// Streams a CSV file (or "-" for stdin) through the core's CSV scoring with json_api options.
Result<Json> score_csv_file(const std::string& path, const Json& options);
// Prints a report as indented JSON or, for --format table, through `render`; returns 0.
int print_report(const Json& report, bool table, std::string (*render)(const Json&));
bool wants_table(const std::string* format, const std::string& command, int& exit_code);

}  // namespace csatkit::cli
