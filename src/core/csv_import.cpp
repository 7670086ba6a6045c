#include "core/csv_import.hpp"

#include <cctype>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/rating_text.hpp"

namespace csatkit {

namespace {

constexpr std::size_t kQuotedValueMax = 40;   // bytes of a cell quoted in a bad-row reason
constexpr std::size_t kListedColumnsMax = 30;  // header columns listed in an error message
constexpr std::size_t kDayCacheMax = 1 << 16;  // calendar days remembered with their period group

// ASCII white space, as the C locale's isspace, without a libc call per byte (every field is trimmed).
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

// A cell as a bad-row reason quotes it: at most 40 bytes (never cutting a UTF-8 character),
// line breaks and tabs as spaces, so a reason stays one readable line.
std::string quoted(std::string_view value) {
  bool cut = false;
  if (value.size() > kQuotedValueMax) {
    std::size_t n = kQuotedValueMax;
    while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
    value = value.substr(0, n);
    cut = true;
  }
  std::string out = "\"";
  for (char c : value) out.push_back(c == '\r' || c == '\n' || c == '\t' ? ' ' : c);
  if (cut) out += "…";
  out += "\"";
  return out;
}

// ---- Dates -------------------------------------------------------------------------------------

struct CivilDate {
  int year, month, day;
};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday.
int iso_weekday(long days) {
  const long r = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
  return static_cast<int>(r) + 1;
}

int weeks_in_iso_year(int year) {
  // A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year.
  const int jan1 = iso_weekday(days_from_civil(year, 1, 1));
  return jan1 == 4 || (jan1 == 3 && is_leap(year)) ? 53 : 52;
}

// Reads the date (and checks any time and zone after it) as exports write it.
class DateParser {
 public:
  explicit DateParser(std::string_view text) : s_(text) {}

  std::optional<CivilDate> parse() {
    int year = 0, month = 0, day = 0;
    if (!number(4, 4, year) || year < 1) return std::nullopt;
    if (at_end() || (s_[i_] != '-' && s_[i_] != '/')) return std::nullopt;
    const char separator = s_[i_++];
    if (!number(1, 2, month) || !take(separator) || !number(1, 2, day)) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    if (!at_end()) {
      if (s_[i_] != 'T' && s_[i_] != 't' && s_[i_] != ' ') return std::nullopt;
      ++i_;
      skip_spaces();
      if (!time_and_zone()) return std::nullopt;
    }
    return CivilDate{year, month, day};
  }

 private:
  bool at_end() const { return i_ >= s_.size(); }
  bool take(char c) {
    if (at_end() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  void skip_spaces() {
    while (!at_end() && s_[i_] == ' ') ++i_;
  }
  bool take_word(std::string_view word) {
    if (s_.size() - i_ < word.size() || !equals_ignoring_case(s_.substr(i_, word.size()), word)) return false;
    i_ += word.size();
    return true;
  }
  bool number(int min_digits, int max_digits, int& out) {
    int n = 0;
    out = 0;
    while (!at_end() && n < max_digits && is_digit(s_[i_])) {
      out = out * 10 + (s_[i_++] - '0');
      ++n;
    }
    return n >= min_digits;
  }

  // HH:MM[:SS[.fff]] [AM|PM] [Z | ±HH[:MM] | UTC | GMT]
  bool time_and_zone() {
    int hour = 0, minute = 0, second = 0;
    if (!number(1, 2, hour) || !take(':') || !number(2, 2, minute) || minute > 59) return false;
    if (take(':')) {
      if (!number(2, 2, second) || second > 60) return false;
      if (take('.') || take(',')) {
        int digits = 0;
        while (!at_end() && is_digit(s_[i_])) ++i_, ++digits;
        if (digits == 0) return false;
      }
    }
    const std::size_t before_spaces = i_;
    skip_spaces();
    if (take_word("am") || take_word("pm")) {
      if (hour < 1 || hour > 12) return false;
    } else {
      i_ = before_spaces;
      if (hour > 23) return false;
    }
    skip_spaces();
    if (at_end()) return true;
    if (take('Z') || take('z') || take_word("utc") || take_word("gmt")) {
      if (!at_end() && (s_[i_] == '+' || s_[i_] == '-')) return offset() && at_end();
      return at_end();
    }
    return offset() && at_end();
  }

  bool offset() {
    if (!take('+') && !take('-')) return false;
    int hours = 0, minutes = 0;
    if (!number(2, 2, hours) || hours > 14) return false;
    if (at_end()) return true;
    take(':');
    return number(2, 2, minutes) && minutes <= 59;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

void append_padded(std::string& out, int value, int width) {
  char digits[12];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value > 0 && n < 12);
  for (int i = n; i < width; ++i) out.push_back('0');
  while (n > 0) out.push_back(digits[--n]);
}

std::string format_period(const CivilDate& date, Period period) {
  std::string key;
  key.reserve(10);
  switch (period) {
    case Period::Day:
      append_padded(key, date.year, 4);
      key.push_back('-');
      append_padded(key, date.month, 2);
      key.push_back('-');
      append_padded(key, date.day, 2);
      break;
    case Period::Month:
      append_padded(key, date.year, 4);
      key.push_back('-');
      append_padded(key, date.month, 2);
      break;
    case Period::Week: {
      const long days = days_from_civil(date.year, date.month, date.day);
      const int day_of_year = static_cast<int>(days - days_from_civil(date.year, 1, 1)) + 1;
      int week_year = date.year;
      int week = (day_of_year - iso_weekday(days) + 10) / 7;
      if (week < 1) {
        --week_year;
        week = weeks_in_iso_year(week_year);
      } else if (week > weeks_in_iso_year(week_year)) {
        ++week_year;
        week = 1;
      }
      append_padded(key, week_year, 4);
      key += "-W";
      append_padded(key, week, 2);
      break;
    }
  }
  return key;
}

// ---- Columns -----------------------------------------------------------------------------------

bool has_word(std::string_view name, std::string_view word) {
  // Words are runs of letters/digits, also split where a lower-case letter meets an upper-case
  // one ("npsScore" → nps, Score), so "CES" and "ces_score" count but "Services" does not.
  std::size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && !std::isalnum(static_cast<unsigned char>(name[i]))) ++i;
    std::size_t j = i;
    while (j < name.size() && std::isalnum(static_cast<unsigned char>(name[j]))) {
      ++j;
      if (j < name.size() && std::islower(static_cast<unsigned char>(name[j - 1])) &&
          std::isupper(static_cast<unsigned char>(name[j])))
        break;
    }
    if (j > i && equals_ignoring_case(name.substr(i, j - i), word)) return true;
    i = j;
  }
  return false;
}

bool looks_like_rating(std::string_view name) {
  const std::string lowered = to_lower(name);
  for (std::string_view part : {"rating", "score", "csat"}) {
    if (lowered.find(part) != std::string::npos) return true;
  }
  return has_word(name, "nps") || has_word(name, "ces");
}

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size() && i < kListedColumnsMax; ++i) {
    if (i > 0) out += ", ";
    out += quoted(columns[i]);
  }
  if (columns.size() > kListedColumnsMax) {
    out += " and " + std::to_string(columns.size() - kListedColumnsMax) + " more";
  }
  if (columns.empty()) out = "(none)";
  return out;
}

}  // namespace

Result<Period> parse_period(std::string_view text) {
  const std::string_view t = trim(text);
  if (equals_ignoring_case(t, "day")) return Period::Day;
  if (equals_ignoring_case(t, "week")) return Period::Week;
  if (equals_ignoring_case(t, "month")) return Period::Month;
  return Error{"csv.period", "by", "unknown period " + quoted(text) + "; expected day, week or month"};
}

std::optional<std::string> period_key(std::string_view date_text, Period period) {
  const std::optional<CivilDate> date = DateParser(trim(date_text)).parse();
  if (!date) return std::nullopt;
  return format_period(*date, period);
}

// ---- CsvImport ---------------------------------------------------------------------------------

struct CsvImport::State {
  explicit State(CsvImportOptions opts)
      : options(std::move(opts)),
        summary{Tally(options.scale), {}, {}, {}, 0, 0, {}, {}, ','},
        reader([this](const CsvRecord& record) { on_record(record); }, options.delimiter) {}

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  CsvImportOptions options;
  CsvImportSummary summary;
  CsvReader reader;
  RatingReader ratings{options.scale};  // numbers, then the points' words in every built-in locale
  bool have_header = false;
  bool finished = false;
  std::optional<Error> fatal;
  std::size_t header_fields = 0;
  std::size_t rating_index = kNone;
  std::size_t date_index = kNone;
  std::size_t segment_index = kNone;
  std::string reasons;  // the current row's problems, reused between rows
  // Each calendar day's period group, found once: formatting and looking up a key per row would
  // cost more than the rest of the row. nullptr = the group could not be kept (too many).
  using PeriodGroup = std::pair<const std::string, Tally>;
  std::unordered_map<long, PeriodGroup*> period_by_day;
  // Segments and segment × period cells, found once each: rows of different segments
  // interleave, and a string-keyed map lookup per row cost more than the rest of the row (map
  // nodes never move, so the pointers stay valid). The segment cache is direct-mapped by a hash
  // of the text (a collision only costs a lookup); the cell cache is bounded like the day cache.
  using SegmentGroup = std::pair<const std::string, Tally>;
  static constexpr std::size_t kSegmentSlots = 256;
  std::vector<SegmentGroup*> segment_slots = std::vector<SegmentGroup*>(kSegmentSlots, nullptr);
  struct CellKeyHash {
    std::size_t operator()(const std::pair<const void*, const void*>& key) const {
      return std::hash<const void*>()(key.first) * 31 + std::hash<const void*>()(key.second);
    }
  };
  std::unordered_map<std::pair<const void*, const void*>, Tally*, CellKeyHash> cells;

  void on_record(const CsvRecord& record);
  void read_header(const CsvRecord& record);
  void read_row(const CsvRecord& record);
  std::size_t find_column(const std::vector<std::string>& columns, const std::string& wanted,
                          const char* path, const char* what);
  void add_reason(std::string_view reason) {
    if (!reasons.empty()) reasons += "; ";
    reasons += reason;
  }
  PeriodGroup* period_group(std::string_view date_text);
  SegmentGroup* segment_group(std::string_view segment);
  Tally& cell(SegmentGroup* segment, PeriodGroup* period);
  void finish_row(std::uint64_t line);
};

namespace {

bool is_blank(const CsvRecord& record) {
  for (std::string_view field : record.fields) {
    if (!trim(field).empty()) return false;
  }
  return true;
}

}  // namespace

void CsvImport::State::on_record(const CsvRecord& record) {
  if (fatal) return;
  if (!record.malformed && is_blank(record)) return;
  if (!have_header) {
    read_header(record);
  } else {
    read_row(record);
  }
}

std::size_t CsvImport::State::find_column(const std::vector<std::string>& columns,
                                          const std::string& wanted, const char* path,
                                          const char* what) {
  const std::string_view name = trim(wanted);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (equals_ignoring_case(columns[i], name)) return i;
  }
  fatal = Error{"csv.column_missing", path,
                std::string("no ") + what + " column " + quoted(name) +
                    " in the header; its columns are " + column_list(columns)};
  return kNone;
}

void CsvImport::State::read_header(const CsvRecord& record) {
  have_header = true;
  if (record.malformed) {
    fatal = Error{"csv.header_malformed", "line " + std::to_string(record.line),
                  "the header row is malformed: " + record.problem};
    return;
  }
  std::vector<std::string> columns;
  columns.reserve(record.fields.size());
  for (std::string_view field : record.fields) columns.emplace_back(trim(field));
  // The reader drops a BOM at the start of the input; one behind leading blank lines is dropped here.
  if (!columns.empty() && columns[0].compare(0, 3, "\xEF\xBB\xBF") == 0) {
    columns[0] = std::string(trim(std::string_view(columns[0]).substr(3)));
  }
  header_fields = columns.size();
  summary.delimiter = reader.delimiter();

  if (options.rating_column.empty()) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (looks_like_rating(columns[i])) candidates.push_back(i);
    }
    if (candidates.size() == 1) {
      rating_index = candidates.front();
    } else if (candidates.empty()) {
      fatal = Error{"csv.rating_column_missing", "column",
                    "no column looks like a rating (a name with rating, score, csat, nps or ces); "
                    "name the rating column; the header's columns are " + column_list(columns)};
      return;
    } else {
      std::vector<std::string> names;
      for (std::size_t i : candidates) names.push_back(columns[i]);
      fatal = Error{"csv.rating_column_ambiguous", "column",
                    "several columns look like a rating (" + column_list(names) +
                        "); name the rating column; the header's columns are " + column_list(columns)};
      return;
    }
  } else {
    rating_index = find_column(columns, options.rating_column, "column", "rating");
    if (fatal) return;
  }
  summary.rating_column = columns[rating_index];
  if (options.date_column) {
    date_index = find_column(columns, *options.date_column, "date_column", "date");
    if (fatal) return;
  }
  if (options.segment_column) {
    segment_index = find_column(columns, *options.segment_column, "segment", "segment");
    if (fatal) return;
  }
}

CsvImport::State::PeriodGroup* CsvImport::State::period_group(std::string_view date_text) {
  const std::optional<CivilDate> date = DateParser(date_text).parse();
  if (!date) {
    add_reason(date_text.empty() ? std::string("empty date") : "date " + quoted(date_text) + " is not a date");
    return nullptr;
  }
  const long day = days_from_civil(date->year, date->month, date->day);
  auto cached = period_by_day.find(day);
  if (cached == period_by_day.end()) {
    std::string key = format_period(*date, *options.period);
    PeriodGroup* group = nullptr;
    auto found = summary.by_period.find(key);
    if (found != summary.by_period.end()) {
      group = &*found;
    } else if (summary.by_period.size() < options.max_groups) {
      group = &*summary.by_period.emplace(std::move(key), Tally(options.scale)).first;
    }
    // The cache only saves work: drop it when it grows past a bound, to keep memory bounded.
    if (period_by_day.size() >= kDayCacheMax) period_by_day.clear();
    cached = period_by_day.emplace(day, group).first;
  }
  if (!cached->second) {
    add_reason("too many distinct periods (max " + std::to_string(options.max_groups) + ")");
  }
  return cached->second;
}

CsvImport::State::SegmentGroup* CsvImport::State::segment_group(std::string_view segment) {
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (unsigned char c : segment) hash = (hash ^ c) * 16777619u;
  SegmentGroup*& slot = segment_slots[hash % kSegmentSlots];
  if (slot && segment == slot->first) return slot;
  auto found = summary.by_segment.find(std::string(segment));
  if (found == summary.by_segment.end()) {
    if (summary.by_segment.size() >= options.max_groups) {
      add_reason("too many distinct segments (max " + std::to_string(options.max_groups) + ")");
      return nullptr;
    }
    found = summary.by_segment.emplace(std::string(segment), Tally(options.scale)).first;
  }
  slot = &*found;
  return slot;
}

Tally& CsvImport::State::cell(SegmentGroup* segment, PeriodGroup* period) {
  auto cached = cells.find({segment, period});
  if (cached != cells.end()) return *cached->second;
  auto& periods = summary.by_segment_period[segment->first];
  auto found = periods.find(period->first);
  if (found == periods.end()) found = periods.emplace(period->first, Tally(options.scale)).first;
  if (cells.size() >= kDayCacheMax) cells.clear();
  cells.emplace(std::make_pair(segment, period), &found->second);
  return found->second;
}

void CsvImport::State::read_row(const CsvRecord& record) {
  ++summary.rows;
  reasons.clear();

  // Shape first: a misaligned row's values are not trusted at all.
  std::size_t fields = record.fields.size();
  while (fields > header_fields && trim(record.fields[fields - 1]).empty()) --fields;
  if (record.malformed || fields != header_fields) {
    add_reason(record.malformed ? record.problem
                                : std::to_string(record.fields.size()) + " fields, header has " +
                                      std::to_string(header_fields));
    summary.total.add_invalid();
    finish_row(record.line);
    return;
  }

  const std::string_view rating_text = trim(record.fields[rating_index]);
  std::optional<int> rating;
  if (rating_text.empty()) {
    add_reason("empty rating");
  } else {
    auto read = ratings.read(rating_text);
    if (!read) {
      add_reason(read.error().message);
    } else {
      rating = *read;
      if (!rating) add_reason("rating " + quoted(rating_text) + " is not on the " + options.scale.id() + " scale");
    }
  }
  const auto count = [&](Tally& tally) {
    if (rating) {
      tally.add(*rating);
    } else {
      tally.add_invalid();
    }
  };
  count(summary.total);

  PeriodGroup* period = date_index != kNone ? period_group(trim(record.fields[date_index])) : nullptr;
  if (period) count(period->second);

  if (segment_index != kNone) {
    const std::string_view text = trim(record.fields[segment_index]);
    if (SegmentGroup* segment = segment_group(text.empty() ? std::string_view("(none)") : text)) {
      count(segment->second);
      if (period) count(cell(segment, period));
    }
  }
  if (!reasons.empty()) finish_row(record.line);
}

void CsvImport::State::finish_row(std::uint64_t line) {
  ++summary.bad_rows;
  if (summary.first_bad_rows.size() < options.max_bad_rows_kept) {
    summary.first_bad_rows.push_back(BadRow{line, reasons});
  }
}

Result<std::unique_ptr<CsvImport>> CsvImport::create(CsvImportOptions options) {
  if (options.date_column && !options.period) {
    return Error{"csv.period_missing", "by",
                 "a date column needs a period to group by: day, week or month"};
  }
  if (options.period && !options.date_column) {
    return Error{"csv.date_column_missing", "date_column",
                 "grouping by period needs a date column"};
  }
  if (options.delimiter == '"' || options.delimiter == '\r' || options.delimiter == '\n') {
    return Error{"csv.delimiter", "delimiter",
                 "the delimiter cannot be a quote or a line break; use , ; or a tab (or 0 to detect)"};
  }
  return std::unique_ptr<CsvImport>(new CsvImport(std::make_unique<State>(std::move(options))));
}

CsvImport::CsvImport(std::unique_ptr<State> state) : state_(std::move(state)) {}
CsvImport::~CsvImport() = default;

Status CsvImport::feed(std::string_view chunk) {
  State& s = *state_;
  if (s.fatal) return *s.fatal;
  if (s.finished) return Error{"csv.finished", "", "the import is finished; start a new one"};
  s.reader.feed(chunk);
  if (s.fatal) return *s.fatal;
  return Ok{};
}

Result<CsvImportSummary> CsvImport::finish() {
  State& s = *state_;
  if (s.finished) return Error{"csv.finished", "", "the import is finished; start a new one"};
  s.finished = true;
  if (!s.fatal) s.reader.finish();
  if (s.fatal) return *s.fatal;
  if (!s.have_header) {
    return Error{"csv.empty", "line 1",
                 s.reader.bytes_consumed() == 0 ? "the file is empty: no header row"
                                                : "the file has only blank lines: no header row"};
  }
  return std::move(s.summary);
}

std::uint64_t CsvImport::bytes_consumed() const { return state_->reader.bytes_consumed(); }
std::uint64_t CsvImport::rows() const { return state_->summary.rows; }

}  // namespace csatkit
