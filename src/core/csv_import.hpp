// Scoring a CSV export: header row, the rating column chosen by name, optional date column
// bucketed by day/week/month and optional segment column. Streaming: feed chunks, then finish.
// Bad rows are counted with line numbers and reasons (the first N kept) and never abort the import.
//
// How rows are read (each rule is tested in tests/core/csv_import_test.cpp):
// - The header is the first non-blank record. Blank records (every field empty or whitespace,
//   e.g. an empty line or `,,,`) are skipped everywhere and are not rows.
// - Every other record is a row, and every row lands in total: a valid rating in total.n(),
//   anything else in total.invalid(), so rows == total.n() + total.invalid().
// - Shape: a row with a different number of fields than the header is probably misaligned (an
//   unquoted delimiter or line break in a comment), so none of its values is trusted: it is a bad
//   row ("3 fields, header has 4") and its rating counts as invalid. Extra fields that are all
//   empty (trailing delimiters) are tolerated. Malformed records (quoting) are treated the same.
// - Rating: RatingReader (rating_text.hpp: numbers, and the points' labels in English or any
//   built-in locale, "Zeer tevreden"). Empty, not on the scale or ambiguous → invalid and a bad
//   row ("empty rating", "rating \"7\" is not on the csat5 scale"; values cut to 40 bytes).
// - Date: the row's rating still counts in total (and its segment) when the date is empty or not
//   a date, but in no period; the row is a bad row ("date \"13/45\" is not a date").
// - Segment: the trimmed value; empty → "(none)".
// - More than max_groups distinct periods or segments: the row counts in total but not in the
//   group it would have opened; it is a bad row ("too many distinct segments (max 10000)").
// - A row with several problems is one bad row whose reasons are joined with "; ".
// - Invalid ratings on rows with a usable date/segment also count as invalid in those groups.
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

// Dates as exports write them: 2024-03-05, 2024/03/05, 2024-3-5, 2024-03-05T14:03:00Z,
// 2024-03-05 14:03, 2024-03-05 2:03 PM, 2024-03-05T14:03:00.123+01:00, 2024-03-05 14:03 UTC:
// year first (03/05/2024 is ambiguous and rejected), a real calendar date (2023-02-29 is not),
// with or without a time and zone (the calendar date as written is used, never shifted).
// Keys sort chronologically: day "2024-03-05", ISO-8601 week "2024-W10" (its week-based year:
// 2021-01-03 → "2020-W53"), month "2024-03". Empty optional if not a date.
std::optional<std::string> period_key(std::string_view date_text, Period period);

struct CsvImportOptions {
  Scale scale;
  std::string rating_column;                 // header name, matched case-insensitively after trimming
                                             // (the first such column if repeated); empty → the only
                                             // column whose name contains "rating", "score" or
                                             // "csat", or has the word "nps" or "ces" ("Services"
                                             // does not count)
  std::optional<std::string> date_column;
  std::optional<Period> period;              // required with date_column, and only with it
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
  Tally total;                                 // every row: valid ratings in n(), the rest in invalid()
  std::map<std::string, Tally> by_period;      // when a date column is used; key from period_key
  std::map<std::string, Tally> by_segment;     // when a segment column is used
  // When both are used: segment → period → tally.
  std::map<std::string, std::map<std::string, Tally>> by_segment_period;
  std::uint64_t rows = 0;                      // data rows read (header excluded)
  std::uint64_t bad_rows = 0;                  // rows not fully usable (bad rating, date, shape, group cap)
  std::vector<BadRow> first_bad_rows;          // the first max_bad_rows_kept of them
  std::string rating_column;                   // resolved header names
  char delimiter = ',';
};

class CsvImport {
 public:
  // Errors: period missing with a date column (csv.period_missing) or given without one
  // (csv.date_column_missing), a delimiter of `"`, CR or LF (csv.delimiter).
  static Result<std::unique_ptr<CsvImport>> create(CsvImportOptions options);

  // An Error only for problems that make the whole file unusable, and then at once (from the
  // feed that completes the header, and from every call after it): a malformed header
  // (csv.header_malformed), a named column not in the header (csv.column_missing with path
  // "column", "date_column" or "segment"; the message lists the header's columns), no column
  // that looks like a rating (csv.rating_column_missing) or several (csv.rating_column_ambiguous).
  // Row problems never fail. No header at all is found out by finish() (csv.empty).
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
