// The small subcommands: plan, benchmarks, scales, locales.
#include <cstdio>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/text_report.hpp"
#include "core/json_api.hpp"
#include "core/widget_api.hpp"

namespace csatkit::cli {

namespace {

const char* const kPlanHelp =
    "usage: csatkit plan [--margin POINTS | --responses N] [options]\n"
    "\n"
    "How many responses give a margin of error (± points on CSAT %), how many invitations that\n"
    "takes at a response rate; or, with --responses, the margin that many responses give.\n"
    "\n"
    "  --margin POINTS        desired margin of error in percentage points (default 3)\n"
    "  --responses N          reverse: the margin for N responses\n"
    "  --expected PERCENT     expected CSAT % (default 50, the worst case)\n"
    "  --population N         customer base, for the finite-population correction\n"
    "  --response-rate R      response rate (0–1), to get invitations\n"
    "  --confidence C         confidence level (default 0.95)\n"
    "  --format json|table    output format (default json)\n";

// Runs a command whose output is one json_api call.
int print_envelope(const std::string& command, const std::string& envelope, bool table,
                   std::string (*render)(const Json&)) {
  auto result = open_envelope(envelope);
  if (!result) return fail(command, result.error());
  return print_report(*result, table, render);
}

int run_listing(const std::string& command, const std::vector<std::string>& raw, const char* help,
                std::string (*call)(), std::string (*render)(const Json&)) {
  auto args = parse_arguments(raw, {"--format"}, {"--help"});
  if (!args) return fail(command, args.error());
  if (args->has("--help")) {
    std::fputs(help, stdout);
    return 0;
  }
  int format_error = 0;
  const bool table = wants_table(args->value("--format"), command, format_error);
  if (format_error) return format_error;
  return print_envelope(command, call(), table, render);
}

}  // namespace

int run_plan(const std::vector<std::string>& raw) {
  auto args = parse_arguments(raw,
                              {"--margin", "--responses", "--expected", "--population", "--response-rate",
                               "--confidence", "--format"},
                              {"--help"});
  if (!args) return fail("plan", args.error());
  if (args->has("--help")) {
    std::fputs(kPlanHelp, stdout);
    return 0;
  }
  int format_error = 0;
  const bool table = wants_table(args->value("--format"), "plan", format_error);
  if (format_error) return format_error;
  Json request = Json::object();
  for (const auto& [flag, key] : {std::pair<const char*, const char*>{"--margin", "margin"},
                                  {"--responses", "responses"},
                                  {"--expected", "expected"},
                                  {"--population", "population"},
                                  {"--response-rate", "response_rate"},
                                  {"--confidence", "confidence"}}) {
    if (const std::string* v = args->value(flag)) request[key] = number_or_text(*v);
  }
  return print_envelope("plan", json_api::plan(request.dump()), table, plan_table);
}

int run_benchmarks(const std::vector<std::string>& raw) {
  return run_listing("benchmarks", raw,
                     "usage: csatkit benchmarks [--format json|table]\n\nThe ACSI industry scores with year "
                     "and source. An ACSI index is not a top-2-box %.\n",
                     json_api::benchmarks, benchmarks_table);
}

int run_scales(const std::vector<std::string>& raw) {
  return run_listing("scales", raw,
                     "usage: csatkit scales [--format json|table]\n\nThe supported scales with their points, "
                     "labels and buckets.\n",
                     json_api::scales, scales_table);
}

int run_locales(const std::vector<std::string>& raw) {
  return run_listing("locales", raw,
                     "usage: csatkit locales [--format json|table]\n\nThe survey widget's built-in locales with every "
                     "default text and scale point label, as locale packs\n(the names under \"texts\" are the keys a "
                     "survey definition's \"texts\" overrides).\n",
                     widget_api::locales, locales_table);
}

}  // namespace csatkit::cli
