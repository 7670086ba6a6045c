// csatkit: score CSAT/NPS/CES exports, size surveys and price churn from the command line.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace {

const char* const kUsage =
    "csatkit — customer-satisfaction scoring with honest intervals\n"
    "\n"
    "usage: csatkit COMMAND [options]     (csatkit COMMAND --help for its options)\n"
    "\n"
    "commands:\n"
    "  score FILE|-    score a CSV export: CSAT %, mean, NPS/CES with intervals, groups, tests\n"
    "  roi             revenue at risk from dissatisfaction, and what an improvement saves\n"
    "  plan            responses needed for a margin of error (and the reverse)\n"
    "  benchmarks      the ACSI industry benchmarks with year and source\n"
    "  scales          the supported scales, their points and buckets\n"
    "  locales         the survey widget's locales: every default text, as locale packs\n"
    "  serve           the collector: stores widget responses in SQLite, summaries, exports, alerts\n"
    "\n"
    "Exit codes: 0 success, 2 bad arguments or unreadable input.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::puts("csatkit 0.1.0");
    return 0;
  }
  if (command == "score") return csatkit::cli::run_score(rest);
  if (command == "roi") return csatkit::cli::run_roi(rest);
  if (command == "plan") return csatkit::cli::run_plan(rest);
  if (command == "benchmarks") return csatkit::cli::run_benchmarks(rest);
  if (command == "scales") return csatkit::cli::run_scales(rest);
  if (command == "locales") return csatkit::cli::run_locales(rest);
  if (command == "serve") return csatkit::cli::run_serve(rest);
  std::fprintf(stderr, "csatkit: unknown command \"%s\" (try csatkit --help)\n", command.c_str());
  return 2;
}
