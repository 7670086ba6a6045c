// Scoring a CSV export: header row, the rating column chosen by name, optional date column
// bucketed by day/week/month and optional segment column. Streaming: feed chunks, then finish.
// Bad rows are counted with line numbers and reasons (the first N kept) and never abort the import.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/result.hpp"
#include "core/scale.hpp"
#include "core/tally.hpp"

namespace csatkit {

enum class Period { Day, Week, Month };

Result<Period> parse_period(std::string_view text);  // "day" | "week" | "month"

// Dates as exports write them: 2024-03-05, 2024/03/05, 2024-03-05T14:03:00Z, 2024-03-05 14:03,
// with or without a zone (the calendar date as written is used). Keys sort chronologically:
// day "2024-03-05", ISO week "2024-W10", month "2024-03". Empty optional if not a date.
std::optional<std::string> period_key(std::string_view date_text, Period period);

struct CsvImportOptions {
  Scale scale;
  std::string rating_column;                 // header name, matched case-insensitively after trimming;
                                             // empty → the only column whose name contains
                                             // "rating", "score", "csat", "nps" or "ces"
  std::optional<std::string> date_column;
  std::optional<Period> period;              // required with date_column
  std::optional<std::string> segment_column;
  char delimiter = 0;                        // 0 = detect
  std::size_t max_bad_rows_kept = 100;
  std::size_t max_groups = 10000;            // distinct periods/segments kept; more are bad rows
};

struct BadRow {
  std::uint64_t line;
  std::string reason;  // "rating \"7\" is not on the csat5 scale", "3 fields, header has 4", …
};

struct CsvImportSummary {
  Tally total;                                 // every row with a valid rating (invalid ratings in total.invalid())
  std::map<std::string, Tally> by_period;      // when a date column is used; key from period_key
  std::map<std::string, Tally> by_segment;     // when a segment column is used
  // When both are used: segment → period → tally.
  std::map<std::string, std::map<std::string, Tally>> by_segment_period;
  std::uint64_t rows = 0;                      // data rows read (header excluded)
  std::uint64_t bad_rows = 0;                  // rows not fully usable (bad rating, date, shape)
  std::vector<BadRow> first_bad_rows;          // the first max_bad_rows_kept of them
  std::string rating_column;                   // resolved header names
  char delimiter = ',';
};

class CsvImport {
 public:
  // Errors: period missing with a date column.
  static Result<std::unique_ptr<CsvImport>> create(CsvImportOptions options);

  // An Error only for problems that make the whole file unusable, and then at once: no header,
  // a named column not in the header (the message lists the header's columns), no column that
  // looks like a rating. Row problems never fail.
  Status feed(std::string_view chunk);
  Result<CsvImportSummary> finish();

  std::uint64_t bytes_consumed() const;
  std::uint64_t rows() const;

  ~CsvImport();
  CsvImport(const CsvImport&) = delete;
  CsvImport& operator=(const CsvImport&) = delete;

 private:
  struct State;
  explicit CsvImport(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace csatkit
