// CSV import throughput, natively: ~1,000,000 rows (~20 MB) of date, segment and rating with
// some garbage rows, generated in memory, scored through CsvImport in 64 KiB chunks by week and
// segment. Prints MB/s and rows/s, best of 3, by wall time and by CPU time (the steadier one on
// a shared machine). bench/wasm-csv.mjs runs the very same bytes through the wasm module, so the
// figures compare.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "core/csv_import.hpp"
#include "core/scale.hpp"
#include "core/score.hpp"

namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

// xorshift32: the same sequence as bench/wasm-csv.mjs, so both score identical bytes.
struct Xorshift32 {
  std::uint32_t state = 2463534242u;
  std::uint32_t next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
  }
};

std::string generate_csv(std::uint32_t rows) {
  static const char* const segments[] = {"web", "app", "email", "phone", "\"chat, live\""};
  static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2024
  Xorshift32 random;
  std::string csv = "date,segment,rating\n";
  csv.reserve(static_cast<std::size_t>(rows) * 22);
  char date[16];
  for (std::uint32_t i = 0; i < rows; ++i) {
    int day_of_year = static_cast<int>(static_cast<std::uint64_t>(i) * 366 / rows);
    int month = 0;
    while (day_of_year >= month_days[month]) day_of_year -= month_days[month++];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", month + 1, day_of_year + 1);
    const std::uint32_t r = random.next();
    csv += date;
    csv += ',';
    csv += segments[r % 5];
    const std::uint32_t garbage = (r >> 8) % 1000;
    if (garbage == 0) {
      csv += ",n/a\n";
    } else if (garbage == 1) {
      csv += ",7\n";
    } else if (garbage == 2) {
      csv += '\n';  // a short row
    } else {
      const std::uint32_t p = (r >> 16) % 100;
      const char rating = p < 8 ? '1' : p < 15 ? '2' : p < 30 ? '3' : p < 60 ? '4' : '5';
      csv += ',';
      csv += rating;
      csv += '\n';
    }
  }
  return csv;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint32_t rows = argc > 1 ? static_cast<std::uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 1000000;
  const std::string csv = generate_csv(rows);
  const csatkit::Scale scale = csatkit::Scale::find("csat5").value();

  double best_seconds = 1e30;
  double best_cpu_seconds = 1e30;
  std::optional<csatkit::CsvImportSummary> summary;
  for (int run = 0; run < 3; ++run) {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    csatkit::CsvImportOptions options{scale};
    options.rating_column = "rating";
    options.date_column = "date";
    options.period = csatkit::Period::Week;
    options.segment_column = "segment";
    auto import = csatkit::CsvImport::create(options);
    if (!import) {
      std::fprintf(stderr, "csv_throughput: %s\n", import.error().message.c_str());
      return 1;
    }
    for (std::size_t at = 0; at < csv.size(); at += kChunkBytes) {
      auto fed = import.value()->feed(std::string_view(csv).substr(at, kChunkBytes));
      if (!fed) {
        std::fprintf(stderr, "csv_throughput: %s\n", fed.error().message.c_str());
        return 1;
      }
    }
    auto finished = import.value()->finish();
    if (!finished) {
      std::fprintf(stderr, "csv_throughput: %s\n", finished.error().message.c_str());
      return 1;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best_seconds = std::min(best_seconds, seconds);
    best_cpu_seconds = std::min(best_cpu_seconds, static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
    summary = std::move(finished).value();
  }

  auto report = csatkit::score(summary->total, scale);
  const double megabytes = static_cast<double>(csv.size()) / 1e6;
  std::printf("native csv: %.1f MB, %llu rows (%llu bad), CSAT %.2f%%, %zu weeks, %zu segments\n", megabytes,
              static_cast<unsigned long long>(summary->rows), static_cast<unsigned long long>(summary->bad_rows),
              report ? report->satisfied_percent.value : -1.0, summary->by_period.size(), summary->by_segment.size());
  std::printf("native csv: best of 3 %.3f s = %.1f MB/s, %.0f rows/s; CPU %.3f s = %.1f MB/s (64 KiB chunks, by week and segment)\n",
              best_seconds, megabytes / best_seconds, static_cast<double>(summary->rows) / best_seconds,
              best_cpu_seconds, megabytes / best_cpu_seconds);
  return 0;
}
