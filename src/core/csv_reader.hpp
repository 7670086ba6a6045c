// A streaming RFC 4180 reader: feed it chunks of any size (split anywhere, even inside a quoted
// field or a CRLF), get whole records back through a callback. Memory is bounded by the longest
// record, not by the file. Handles a UTF-8 BOM, CRLF/LF/CR line ends, quoted fields with "" escapes
// and embedded newlines, and detects `,` `;` or tab from the first record when not told.
//
// Behaviour worth knowing:
// - A blank line is a record with no fields (a line holding only `""` has one empty field), so
//   callers decide whether blank lines matter.
// - A UTF-8 BOM is dropped only as the first three bytes of the input; anywhere else it is data.
// - Malformed records (a quote inside an unquoted field, text after a closing quote, a record
//   longer than max_record_bytes, a quoted field still open at the end of the input) are passed
//   on with malformed=true and a problem; reading resumes at the next physical line end. Their
//   fields hold what was read before the problem (none for an over-long record).
// - Detection counts `,` `;` and tab outside quotes in the first non-blank record and picks the
//   most frequent (ties: `,` then `;` then tab; none at all: `,`, a one-column file).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace csatkit {

struct CsvRecord {
  std::uint64_t line;                  // 1-based physical line where the record starts
  std::vector<std::string_view> fields;  // valid only during the callback
  bool malformed;                      // e.g. a quote in an unquoted field or text after a closing quote
  std::string problem;                 // why, when malformed
};

class CsvReader {
 public:
  using RecordHandler = std::function<void(const CsvRecord&)>;

  // delimiter 0 = detect from the first record (the most frequent of , ; \t outside quotes).
  // A delimiter that cannot work (`"`, CR or LF) is treated as 0.
  explicit CsvReader(RecordHandler on_record, char delimiter = 0,
                     std::size_t max_record_bytes = 1 << 20);

  void feed(std::string_view chunk);
  // Flushes the last record (a file need not end with a newline). Feed nothing after this.
  void finish();

  char delimiter() const { return delimiter_; }  // 0 until detected
  std::uint64_t bytes_consumed() const { return bytes_; }
  std::uint64_t records() const { return records_; }

 private:
  enum class Stage { Bom, Detect, Parse, Finished };
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, SkipLine };

  void route(std::string_view data);
  void detect(std::string_view data);
  void start_parsing();
  void parse(const char* p, const char* end);
  const char* read_in_place(const char* p, const char* end);
  void end_line(char c);
  void fail(std::string problem);
  void check_size();
  void append_run(const char* from, const char* to);
  void emit();

  RecordHandler on_record_;
  char delimiter_;
  std::size_t max_record_bytes_;
  std::uint64_t bytes_ = 0;
  std::uint64_t records_ = 0;
  std::uint64_t line_ = 1;
  Stage stage_ = Stage::Bom;
  State state_ = State::FieldStart;
  bool prev_cr_ = false;           // the last byte parsed was a CR (a following LF ends nothing)
  std::size_t record_bytes_ = 0;   // raw bytes of the current record so far
  std::string pending_;            // a partial BOM, then the first record until the delimiter is known
  // Detection of the delimiter, incremental over pending_.
  int detect_state_ = 0;
  bool detect_content_ = false;
  std::size_t detect_counts_[3] = {0, 0, 0};
  // The current record: unescaped field text back to back, the end offset of each finished field,
  // and the record handed to the callback (its fields view buffer_). All reused between records.
  std::string buffer_;
  std::vector<std::size_t> ends_;
  CsvRecord record_{1, {}, false, {}};
};

}  // namespace csatkit
