#include "core/csv_reader.hpp"

#include <utility>

namespace csatkit {

namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr char kCandidates[3] = {',', ';', '\t'};

// Detection states: at a field's start, inside an unquoted field, inside quotes, just after a
// quote inside quotes (either a closing quote or the first half of "").
enum DetectState { kDetectFieldStart, kDetectUnquoted, kDetectQuoted, kDetectQuoteInQuoted };

int candidate_index(char c) {
  for (int i = 0; i < 3; ++i) {
    if (c == kCandidates[i]) return i;
  }
  return -1;
}

}  // namespace

CsvReader::CsvReader(RecordHandler on_record, char delimiter, std::size_t max_record_bytes)
    : on_record_(std::move(on_record)),
      delimiter_(delimiter == '"' || delimiter == '\r' || delimiter == '\n' ? 0 : delimiter),
      max_record_bytes_(max_record_bytes) {}

void CsvReader::feed(std::string_view chunk) {
  if (stage_ == Stage::Finished) return;
  bytes_ += chunk.size();
  if (stage_ == Stage::Bom) {
    // Hold back a possible BOM prefix until it is known to be a whole BOM or data.
    while (!chunk.empty() && pending_.size() < 3 && chunk.front() == kBom[pending_.size()]) {
      pending_.push_back(chunk.front());
      chunk.remove_prefix(1);
    }
    if (pending_.size() < 3 && chunk.empty()) return;
    stage_ = delimiter_ == 0 ? Stage::Detect : Stage::Parse;
    std::string head;
    head.swap(pending_);
    if (head.size() < 3) route(head);  // not a BOM after all: those bytes are data
  }
  route(chunk);
}

void CsvReader::finish() {
  if (stage_ == Stage::Finished) return;
  if (stage_ == Stage::Bom) {
    stage_ = delimiter_ == 0 ? Stage::Detect : Stage::Parse;
    std::string head;
    head.swap(pending_);
    route(head);
  }
  if (stage_ == Stage::Detect) start_parsing();
  switch (state_) {
    case State::FieldStart:
      if (record_bytes_ > 0) emit();
      break;
    case State::Quoted:
      fail("unterminated quoted field");
      emit();
      break;
    default:
      emit();
      break;
  }
  stage_ = Stage::Finished;
}

void CsvReader::route(std::string_view data) {
  if (data.empty()) return;
  if (stage_ == Stage::Detect) {
    detect(data);
  } else {
    parse(data.data(), data.data() + data.size());
  }
}

void CsvReader::detect(std::string_view data) {
  std::size_t i = 0;
  bool found = false;
  // Stop at the limit too, so a huge chunk without a line end is not copied whole.
  for (; i < data.size() && !found && pending_.size() + i <= max_record_bytes_; ++i) {
    const char c = data[i];
    const bool line_end = c == '\r' || c == '\n';
    switch (detect_state_) {
      case kDetectQuoted:
        if (c == '"') detect_state_ = kDetectQuoteInQuoted;
        continue;
      case kDetectQuoteInQuoted:
        if (c == '"') {
          detect_state_ = kDetectQuoted;
          continue;
        }
        break;
      case kDetectFieldStart:
        if (c == '"') {
          detect_state_ = kDetectQuoted;
          detect_content_ = true;
          continue;
        }
        break;
      default:
        break;
    }
    if (line_end) {
      found = detect_content_;  // a blank line says nothing; keep looking
      detect_state_ = kDetectFieldStart;
      continue;
    }
    detect_content_ = true;
    const int candidate = candidate_index(c);
    if (candidate >= 0) {
      ++detect_counts_[candidate];
      detect_state_ = kDetectFieldStart;
    } else {
      detect_state_ = kDetectUnquoted;
    }
  }
  pending_.append(data.data(), i);
  // Give up waiting for the first record's end once it is over-long: decide from what was seen.
  if (found || pending_.size() > max_record_bytes_) {
    start_parsing();
    route(data.substr(i));
  }
}

void CsvReader::start_parsing() {
  int best = 0;
  for (int i = 1; i < 3; ++i) {
    if (detect_counts_[i] > detect_counts_[best]) best = i;
  }
  delimiter_ = kCandidates[best];
  stage_ = Stage::Parse;
  std::string head;
  head.swap(pending_);
  parse(head.data(), head.data() + head.size());
}

void CsvReader::end_line(char c) {
  // CRLF is one line end: the LF after a CR does not count again.
  if (c == '\r') {
    ++line_;
    prev_cr_ = true;
  } else {
    if (!prev_cr_) ++line_;
    prev_cr_ = false;
  }
}

void CsvReader::fail(std::string problem) {
  record_.malformed = true;
  record_.problem = std::move(problem);
  ends_.push_back(buffer_.size());
  state_ = State::SkipLine;
}

void CsvReader::check_size() {
  if (record_bytes_ <= max_record_bytes_ || state_ == State::SkipLine) return;
  buffer_.clear();
  ends_.clear();
  record_.malformed = true;
  record_.problem = "record longer than " + std::to_string(max_record_bytes_) + " bytes";
  state_ = State::SkipLine;
}

void CsvReader::append_run(const char* from, const char* to) {
  const std::size_t n = static_cast<std::size_t>(to - from);
  prev_cr_ = false;
  record_bytes_ += n;
  // Never buffer past the limit, however big the chunk.
  if (record_bytes_ <= max_record_bytes_) buffer_.append(from, n);
  check_size();
}

void CsvReader::emit() {
  // SkipLine records already closed their last field in fail(), or dropped them when too long.
  if (state_ != State::SkipLine && record_bytes_ > 0) ends_.push_back(buffer_.size());
  record_.fields.clear();
  std::size_t start = 0;
  for (const std::size_t end : ends_) {
    record_.fields.emplace_back(buffer_.data() + start, end - start);
    start = end;
  }
  on_record_(record_);
  ++records_;
  buffer_.clear();
  ends_.clear();
  record_.fields.clear();
  record_.malformed = false;
  record_.problem.clear();
  record_bytes_ = 0;
  state_ = State::FieldStart;
}

// The fast path, for a record that starts unquoted: while it stays unquoted and inside the chunk
// its fields are views into the chunk itself, nothing is copied, and the whole record goes out
// from here. At a quote, the chunk's end or the size limit, what was read so far is handed to the
// byte-level machine in parse(), which carries on from there.
const char* CsvReader::read_in_place(const char* const p, const char* const end) {
  const char d = delimiter_;
  const std::size_t available = static_cast<std::size_t>(end - p);
  const char* const limit = p + (available <= max_record_bytes_ ? available : max_record_bytes_ + 1);
  const char* field = p;
  const char* q = p;
  prev_cr_ = false;
  record_.fields.clear();
  while (q < limit) {
    const char c = *q;
    if (c == d) {
      record_.fields.emplace_back(field, static_cast<std::size_t>(q - field));
      field = ++q;
      continue;
    }
    if (c == '\r' || c == '\n' || c == '"') break;
    ++q;
  }
  if (q < limit && *q != '"') {
    record_.fields.emplace_back(field, static_cast<std::size_t>(q - field));
    end_line(*q);
    on_record_(record_);
    ++records_;
    record_.fields.clear();
    return q + 1;
  }
  record_bytes_ = static_cast<std::size_t>(q - p);
  if (record_bytes_ > max_record_bytes_) {
    record_.fields.clear();
    check_size();
    return q;
  }
  for (std::string_view f : record_.fields) {
    buffer_.append(f.data(), f.size());
    ends_.push_back(buffer_.size());
  }
  record_.fields.clear();
  buffer_.append(field, static_cast<std::size_t>(q - field));
  state_ = q == field ? State::FieldStart : State::Unquoted;
  return q;
}

void CsvReader::parse(const char* p, const char* const end) {
  const char d = delimiter_;
  while (p < end) {
    switch (state_) {
      case State::FieldStart: {
        const char c = *p;
        if (c == '\n' && prev_cr_) {  // the LF of a CRLF that ended the previous record
          prev_cr_ = false;
          ++p;
          continue;
        }
        if (record_bytes_ == 0) {
          record_.line = line_;
          if (c != '"' && c != '\r' && c != '\n') {
            p = read_in_place(p, end);
            continue;
          }
        }
        if (c == '"') {
          ++p;
          ++record_bytes_;
          prev_cr_ = false;
          state_ = State::Quoted;
          check_size();
        } else if (c == '\r' || c == '\n') {
          ++p;
          end_line(c);
          emit();
        } else {
          state_ = State::Unquoted;  // the byte is read there, a delimiter included
        }
        continue;
      }
      case State::Unquoted: {
        // The hot loop: copy a run of ordinary bytes in one go.
        const char* q = p;
        while (q < end) {
          const char c = *q;
          if (c == d || c == '"' || c == '\r' || c == '\n') break;
          ++q;
        }
        if (q != p) {
          append_run(p, q);
          p = q;
          if (state_ == State::SkipLine) continue;
        }
        if (p == end) return;
        const char c = *p++;
        if (c == d) {
          ++record_bytes_;
          prev_cr_ = false;
          ends_.push_back(buffer_.size());
          state_ = State::FieldStart;
          check_size();
        } else if (c == '"') {
          ++record_bytes_;
          prev_cr_ = false;
          fail("quote inside unquoted field " + std::to_string(ends_.size() + 1));
        } else {
          end_line(c);
          emit();
        }
        continue;
      }
      case State::Quoted: {
        const char* q = p;
        while (q < end) {
          const char c = *q;
          if (c == '"' || c == '\r' || c == '\n') break;
          ++q;
        }
        if (q != p) {
          append_run(p, q);
          p = q;
          if (state_ == State::SkipLine) continue;
        }
        if (p < end) {
          const char c = *p++;
          ++record_bytes_;
          if (c == '"') {
            prev_cr_ = false;
            state_ = State::QuoteInQuoted;
          } else {
            buffer_.push_back(c);  // a line break inside quotes is field text
            end_line(c);
          }
        }
        check_size();
        continue;
      }
      case State::QuoteInQuoted: {
        const char c = *p++;
        prev_cr_ = false;
        if (c == '"') {
          ++record_bytes_;
          buffer_.push_back('"');
          state_ = State::Quoted;
          check_size();
        } else if (c == d) {
          ++record_bytes_;
          ends_.push_back(buffer_.size());
          state_ = State::FieldStart;
          check_size();
        } else if (c == '\r' || c == '\n') {
          end_line(c);
          emit();
        } else {
          ++record_bytes_;
          fail("text after the closing quote of field " + std::to_string(ends_.size() + 1));
        }
        continue;
      }
      case State::SkipLine: {
        const char* q = p;
        while (q < end && *q != '\r' && *q != '\n') ++q;
        if (q != p) {
          prev_cr_ = false;
          p = q;
        }
        if (p == end) return;
        end_line(*p++);
        emit();
        continue;
      }
    }
  }
}

}  // namespace csatkit
