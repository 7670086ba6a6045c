#include "cli/arguments.hpp"

namespace csatkit::cli {

const std::string* Arguments::value(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

Result<Arguments> parse_arguments(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                                  const std::set<std::string>& switch_options) {
  Arguments parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg.rfind("--", 0) != 0) {
      if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
        return Error{"args.unknown", arg, "unknown option " + arg};
      }
      parsed.positional.push_back(arg);
      continue;
    }
    std::string name = arg;
    std::string inline_value;
    bool has_inline = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
      has_inline = true;
    }
    if (switch_options.count(name)) {
      if (has_inline) return Error{"args.value", name, name + " takes no value"};
      parsed.switches.insert(name);
    } else if (value_options.count(name)) {
      if (!has_inline) {
        if (i + 1 >= args.size()) return Error{"args.value", name, name + " needs a value"};
        inline_value = args[++i];
      }
      if (parsed.values.count(name)) return Error{"args.repeated", name, name + " is given twice"};
      parsed.values[name] = inline_value;
    } else {
      return Error{"args.unknown", name, "unknown option " + name};
    }
  }
  return parsed;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_pairs(const std::string& text, const std::string& flag) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      return Error{"args.pairs", flag, flag + " expects POINT=VALUE pairs like 1=100,2=80; got \"" + item + "\""};
    }
    pairs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    start = end + 1;
  }
  return pairs;
}

}  // namespace csatkit::cli
