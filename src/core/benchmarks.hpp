// Industry benchmarks: the ACSI (American Customer Satisfaction Index) industry table as data.
// An ACSI score is an index on 0–100 from a latent-variable model of several questions; it is
// not a top-2-box percentage and must never be shown as if it were the same measure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace csatkit {

struct Benchmark {
  std::string id;        // stable key used by URLs and attributes: "banks", "full-service-restaurants";
                         // pages translate the industry's name by it
  std::string industry;  // ACSI's own (English) name of the industry: "Banks"
  double score;          // ACSI index, 0–100
  int year;              // the ACSI study year the score belongs to
  std::string source;    // publisher and document, e.g. "ACSI Finance, Insurance and Telecommunications Study 2023-2024"
  std::string url;       // where to check it
};

const std::vector<Benchmark>& acsi_benchmarks();
Result<Benchmark> find_benchmark(std::string_view id);
// The caveat to print next to any comparison with an ACSI figure.
const char* acsi_caveat();
// Its stable id, "acsi.index_not_top_box", by which a page shows it in its own language.
const char* acsi_caveat_id();

}  // namespace csatkit
