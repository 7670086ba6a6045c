// A streaming RFC 4180 reader: feed it chunks of any size (split anywhere, even inside a quoted
// field or a CRLF), get whole records back through a callback. Memory is bounded by the longest
// record, not by the file. Handles a UTF-8 BOM, CRLF/LF/CR line ends, quoted fields with "" escapes
// and embedded newlines, and detects `,` `;` or tab from the first record when not told.
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
  explicit CsvReader(RecordHandler on_record, char delimiter = 0,
                     std::size_t max_record_bytes = 1 << 20);

  void feed(std::string_view chunk);
  // Flushes the last record (a file need not end with a newline). Feed nothing after this.
  void finish();

  char delimiter() const { return delimiter_; }  // 0 until detected
  std::uint64_t bytes_consumed() const { return bytes_; }
  std::uint64_t records() const { return records_; }

 private:
  // Implementation state; see csv_reader.cpp.
  RecordHandler on_record_;
  char delimiter_;
  std::size_t max_record_bytes_;
  std::uint64_t bytes_ = 0;
  std::uint64_t records_ = 0;
  std::uint64_t line_ = 1;
  std::uint64_t record_start_line_ = 1;
  bool bom_checked_ = false;
  int state_ = 0;
  bool pending_cr_ = false;
  bool oversized_ = false;
  std::string field_;
  std::string pending_;            // buffered text until the delimiter is known
  std::vector<std::string> fields_;
  std::string problem_;
};

}  // namespace csatkit
