// Command-line parsing for the csatkit CLI: `--name value`, `--name=value` and bare switches.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace csatkit::cli {

struct Arguments {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // "--spend" → "500"
  std::set<std::string> switches;             // "--help"

  bool has(const std::string& name) const { return values.count(name) > 0 || switches.count(name) > 0; }
  const std::string* value(const std::string& name) const;
};

// Errors name the offending argument in `path` ("--spend", "--foo").
Result<Arguments> parse_arguments(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                                  const std::set<std::string>& switch_options);

// "1=100,2=100" → {"1": 100, "2": 100}-style pairs, kept as text for the core to validate.
Result<std::vector<std::pair<std::string, std::string>>> parse_pairs(const std::string& text, const std::string& flag);

}  // namespace csatkit::cli
