// Human-readable tables (`--format table`) rendered from the same JSON reports the CLI prints.
#pragma once

#include <string>

#include "core/report.hpp"

namespace csatkit::cli {

std::string score_table(const Json& report);
std::string revenue_table(const Json& report);
std::string plan_table(const Json& report);
std::string benchmarks_table(const Json& report);
std::string scales_table(const Json& report);
std::string locales_table(const Json& report);

}  // namespace csatkit::cli
