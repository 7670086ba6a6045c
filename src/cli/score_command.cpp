#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/text_report.hpp"
#include "core/json_api.hpp"

namespace csatkit::cli {

namespace {

const char* const kScoreHelp =
    "usage: csatkit score FILE|- [options]\n"
    "\n"
    "Scores a CSV export (header row required; `-` reads standard input). Streams the file, so\n"
    "any size works in bounded memory; bad rows are counted and listed, never fatal.\n"
    "\n"
    "  --scale S              emoji3, csat5 (default), csat7, csat10, nps, ces7, helpful\n"
    "  --column NAME          the rating column (default: the one column named like rating/score/csat/nps/ces)\n"
    "  --date-column NAME     a date column, to group by period\n"
    "  --by day|week|month    the period for --date-column\n"
    "  --segment NAME         a column to group by (each segment is tested against the rest)\n"
    "  --satisfied-from K     first point that counts as satisfied (default: the scale's)\n"
    "  --confidence C         confidence level of intervals and tests (default 0.95)\n"
    "  --delimiter D          , ; | or tab (default: detected)\n"
    "  --max-bad-rows N       how many bad rows to list (default 100; all are counted)\n"
    "  --format json|table    output format (default json)\n";

constexpr std::size_t kChunkBytes = 64 * 1024;

}  // namespace

Result<Json> score_csv_file(const std::string& path, const Json& options) {
  std::string create_error;
  auto scoring = json_api::CsvScoring::create(options.dump(), create_error);
  if (!scoring) return open_envelope(create_error).error();

  FILE* input = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!input) return Error{"input.unreadable", path, "cannot read " + path + ": " + std::strerror(errno)};
  std::unique_ptr<char[]> buffer(new char[kChunkBytes]);
  Result<Json> fed = Json::object();
  while (true) {
    const std::size_t got = std::fread(buffer.get(), 1, kChunkBytes, input);
    if (got > 0) {
      fed = open_envelope(scoring->feed(std::string_view(buffer.get(), got)));
      if (!fed) break;
    }
    if (got < kChunkBytes) break;
  }
  const bool read_failed = std::ferror(input) != 0;
  if (input != stdin) std::fclose(input);
  if (read_failed) return Error{"input.unreadable", path, "error while reading " + path};
  if (!fed) return fed.error();
  return open_envelope(scoring->finish());
}

int run_score(const std::vector<std::string>& raw) {
  auto args = parse_arguments(raw,
                              {"--scale", "--column", "--date-column", "--by", "--segment", "--satisfied-from",
                               "--confidence", "--delimiter", "--max-bad-rows", "--format"},
                              {"--help"});
  if (!args) return fail("score", args.error());
  if (args->has("--help")) {
    std::fputs(kScoreHelp, stdout);
    return 0;
  }
  if (args->positional.size() != 1) {
    return fail("score", Error{"args.file", "FILE", "expected one FILE (or - for standard input); see csatkit score --help"});
  }
  int format_error = 0;
  const bool table = wants_table(args->value("--format"), "score", format_error);
  if (format_error) return format_error;

  Json options = Json::object();
  const std::pair<const char*, const char*> text_options[] = {
      {"--scale", "scale"}, {"--column", "column"}, {"--date-column", "date_column"}, {"--by", "by"},
      {"--segment", "segment"}, {"--delimiter", "delimiter"}};
  for (const auto& [flag, key] : text_options) {
    if (const std::string* v = args->value(flag)) options[key] = *v;
  }
  const std::pair<const char*, const char*> number_options[] = {
      {"--satisfied-from", "satisfied_from"}, {"--confidence", "confidence"}, {"--max-bad-rows", "max_bad_rows"}};
  for (const auto& [flag, key] : number_options) {
    if (const std::string* v = args->value(flag)) options[key] = number_or_text(*v);
  }

  auto report = score_csv_file(args->positional.front(), options);
  if (!report) return fail("score", report.error());
  return print_report(*report, table, score_table);
}

}  // namespace csatkit::cli
