#include <cstdio>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/text_report.hpp"
#include "core/json_api.hpp"

namespace csatkit::cli {

namespace {

const char* const kRoiHelp =
    "usage: csatkit roi (--counts P=N,… | --file FILE [--column NAME]) --spend AMOUNT [options]\n"
    "\n"
    "Revenue at risk: respondents per rating × churn probability × average spend, projected to\n"
    "the customer base, with the range that the CSAT interval implies.\n"
    "\n"
    "  --counts 1=100,2=100,… respondents per point\n"
    "  --file FILE            or read the ratings from a CSV export (- for stdin)\n"
    "  --column NAME          the rating column of --file\n"
    "  --scale S              emoji3, csat5 (default), csat7, csat10, nps, ces7, helpful\n"
    "  --spend AMOUNT         average revenue per customer (required)\n"
    "  --churn 1=0.92,…       churn probability per point (default 1–2: 0.92, 3: 0.80 on csat5)\n"
    "  --customers N          customer base size, to project from respondents to everyone\n"
    "  --improve-to P=N,…     scenario: the respondents redistributed like this\n"
    "  --improve-points K     scenario: CSAT % up by K points\n"
    "  --confidence C         confidence level of the ranges (default 0.95)\n"
    "  --format json|table    output format (default json)\n";

// Points and values stay text here; the core validates them and names the offending flag.
Result<Json> pairs_object(const std::string& text, const std::string& flag) {
  auto pairs = parse_pairs(text, flag);
  if (!pairs) return pairs.error();
  Json object = Json::object();
  for (const auto& [point, value] : *pairs) object[point] = number_or_text(value);
  return object;
}

}  // namespace

int run_roi(const std::vector<std::string>& raw) {
  auto args = parse_arguments(raw,
                              {"--counts", "--file", "--column", "--scale", "--spend", "--churn", "--customers",
                               "--improve-to", "--improve-points", "--confidence", "--format", "--delimiter"},
                              {"--help"});
  if (!args) return fail("roi", args.error());
  if (args->has("--help")) {
    std::fputs(kRoiHelp, stdout);
    return 0;
  }
  if (!args->positional.empty()) {
    return fail("roi", Error{"args.unexpected", args->positional.front(),
                             "unexpected argument \"" + args->positional.front() + "\"; see csatkit roi --help"});
  }
  int format_error = 0;
  const bool table = wants_table(args->value("--format"), "roi", format_error);
  if (format_error) return format_error;
  if (args->has("--counts") == args->has("--file")) {
    return fail("roi", Error{"args.source", "--counts", "give either --counts or --file"});
  }

  Json request = Json::object();
  if (const std::string* scale = args->value("--scale")) request["scale"] = *scale;
  if (const std::string* counts = args->value("--counts")) {
    auto object = pairs_object(*counts, "--counts");
    if (!object) return fail("roi", object.error());
    request["counts"] = *object;
  } else {
    Json csv_options = Json::object();
    if (const std::string* scale = args->value("--scale")) csv_options["scale"] = *scale;
    if (const std::string* column = args->value("--column")) csv_options["column"] = *column;
    if (const std::string* delimiter = args->value("--delimiter")) csv_options["delimiter"] = *delimiter;
    auto report = score_csv_file(*args->value("--file"), csv_options);
    if (!report) return fail("roi", report.error());
    request["counts"] = (*report)["distribution"];
  }
  if (const std::string* spend = args->value("--spend")) request["spend"] = number_or_text(*spend);
  if (const std::string* customers = args->value("--customers")) request["customers"] = number_or_text(*customers);
  if (const std::string* confidence = args->value("--confidence")) request["confidence"] = number_or_text(*confidence);
  if (const std::string* points = args->value("--improve-points")) request["improve_points"] = number_or_text(*points);
  for (const auto& [flag, key] : {std::pair<const char*, const char*>{"--churn", "churn"}, {"--improve-to", "improve_to"}}) {
    if (const std::string* text = args->value(flag)) {
      auto object = pairs_object(*text, flag);
      if (!object) return fail("roi", object.error());
      request[key] = *object;
    }
  }

  auto result = open_envelope(json_api::revenue(request.dump()));
  if (!result) return fail("roi", result.error());
  return print_report(*result, table, revenue_table);
}

}  // namespace csatkit::cli
