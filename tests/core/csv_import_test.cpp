#include "core/csv_import.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <limits>
#include <sstream>
#include <string>

using namespace csatkit;

namespace {

Scale scale(const char* id) { return Scale::find(id).value(); }

CsvImportOptions options(const char* scale_id = "csat5") { return CsvImportOptions{scale(scale_id)}; }

// Feeds text in chunks of chunk_size bytes; the first feed error ends the import.
Result<CsvImportSummary> import(CsvImportOptions opts, std::string_view text,
                                std::size_t chunk_size = std::numeric_limits<std::size_t>::max()) {
  auto created = CsvImport::create(std::move(opts));
  if (!created) return created.error();
  CsvImport& csv = *created.value();
  for (std::size_t offset = 0; offset < text.size(); offset += chunk_size) {
    auto status = csv.feed(text.substr(offset, chunk_size));
    if (!status) return status.error();
  }
  return csv.finish();
}

CsvImportSummary import_ok(CsvImportOptions opts, std::string_view text,
                           std::size_t chunk_size = std::numeric_limits<std::size_t>::max()) {
  auto summary = import(std::move(opts), text, chunk_size);
  if (!summary) FAIL(summary.error().code << " at " << summary.error().path << ": " << summary.error().message);
  return std::move(summary).value();
}

std::string read_file(const std::string& name) {
  std::ifstream in(std::string(CSATKIT_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string describe(const Tally& t) {
  std::string out = "n=" + std::to_string(t.n()) + " invalid=" + std::to_string(t.invalid()) + " [";
  for (int v = t.min(); v <= t.max(); ++v) out += (v == t.min() ? "" : " ") + std::to_string(t.count(v));
  return out + "]";
}

// Everything in a summary as text, so two summaries compare with one readable CHECK.
std::string describe(const CsvImportSummary& s) {
  std::string out = "rows=" + std::to_string(s.rows) + " bad=" + std::to_string(s.bad_rows) +
                    " column=" + s.rating_column + " delimiter=" + std::string(1, s.delimiter) +
                    "\ntotal " + describe(s.total) + "\n";
  for (const auto& [key, tally] : s.by_period) out += "period " + key + " " + describe(tally) + "\n";
  for (const auto& [key, tally] : s.by_segment) out += "segment " + key + " " + describe(tally) + "\n";
  for (const auto& [segment, periods] : s.by_segment_period) {
    for (const auto& [key, tally] : periods) out += "cell " + segment + "/" + key + " " + describe(tally) + "\n";
  }
  for (const BadRow& row : s.first_bad_rows) out += "bad line " + std::to_string(row.line) + ": " + row.reason + "\n";
  return out;
}

CsvImportOptions mixed_options() {
  CsvImportOptions o = options();
  o.date_column = "submitted at";
  o.period = Period::Week;
  o.segment_column = "TEAM";
  return o;
}

}  // namespace

TEST_CASE("a plain export: the rating column is found by its name and every row counts") {
  const auto s = import_ok(options(), "id,rating,comment\n1,5,great\n2,4,ok\n3,1,bad\n4,5,\n");
  CHECK(s.rows == 4);
  CHECK(s.bad_rows == 0);
  CHECK(s.rating_column == "rating");
  CHECK(s.delimiter == ',');
  CHECK(describe(s.total) == "n=4 invalid=0 [1 0 0 1 2]");
  CHECK(s.by_period.empty());
  CHECK(s.by_segment.empty());
}

TEST_CASE("ratings written as the scale's labels count, in any case") {
  const auto s = import_ok(options(), "Score\nVery satisfied\nvery dissatisfied\n NEUTRAL \n\"Satisfied\"\n4.0\n");
  CHECK(describe(s.total) == "n=5 invalid=0 [1 0 1 2 1]");
  const auto ces = import_ok(options("ces7"), "ces\nStrongly agree\nSomewhat disagree\n");
  CHECK(describe(ces.total) == "n=2 invalid=0 [0 0 1 0 0 0 1]");
}

TEST_CASE("quoting: delimiters, quotes and line breaks inside fields do not disturb the columns") {
  const std::string text =
      "\"comment, free text\",\"rating\"\n"
      "\"Fast, \"\"really\"\" fast\",5\n"
      "\"two\nlines\",\" 4 \"\n"
      "\"\",3\n"
      "plain,\"2\"\n";
  const auto s = import_ok(options(), text);
  CHECK(s.rating_column == "rating");
  CHECK(s.rows == 4);
  CHECK(s.bad_rows == 0);
  CHECK(describe(s.total) == "n=4 invalid=0 [0 1 1 1 1]");
}

TEST_CASE("a BOM and CRLF line ends: column names are clean and line numbers right") {
  const std::string text = "\xEF\xBB\xBFRating ,Team\r\n5,A\r\n\r\nx,B\r\n4,A";
  CsvImportOptions o = options();
  o.rating_column = "rating";  // matched despite the BOM, the trailing space and the case
  o.segment_column = "team";
  const auto s = import_ok(o, text);
  CHECK(s.rating_column == "Rating");
  CHECK(s.rows == 3);
  CHECK(describe(s.total) == "n=2 invalid=1 [0 0 0 1 1]");
  REQUIRE(s.first_bad_rows.size() == 1);
  CHECK(s.first_bad_rows[0].line == 4);
  CHECK(s.first_bad_rows[0].reason == "rating \"x\" is not on the csat5 scale");
  CHECK(describe(s.by_segment.at("A")) == "n=2 invalid=0 [0 0 0 1 1]");
}

TEST_CASE("semicolon and tab files are detected") {
  CsvImportOptions o = options();
  o.rating_column = "Bewertung";
  const auto semicolon = import_ok(o, read_file("export-semicolon.csv"));
  CHECK(semicolon.delimiter == ';');
  CHECK(semicolon.rows == 3);
  CHECK(semicolon.bad_rows == 0);
  CHECK(describe(semicolon.total) == "n=3 invalid=0 [1 0 0 1 1]");

  CsvImportOptions nps = options("nps");
  nps.segment_column = "country";
  const auto tab = import_ok(nps, read_file("export-tab.csv"));
  CHECK(tab.delimiter == '\t');
  CHECK(tab.rating_column == "nps");
  CHECK(tab.rows == 4);
  CHECK(tab.bad_rows == 0);
  CHECK(tab.total.n() == 4);
  CHECK(tab.total.count(10) == 1);
  CHECK(tab.by_segment.at("DE").n() == 2);
  CHECK(tab.by_segment.at("US").count(7) == 1);

  // A delimiter given is used as is.
  CsvImportOptions pipe = options();
  pipe.delimiter = '|';
  const auto piped = import_ok(pipe, "rating|note\n5|a,b\n");
  CHECK(piped.delimiter == '|');
  CHECK(piped.total.count(5) == 1);
}

TEST_CASE("the mixed fixture: garbage rows are reported with their lines and valid rows kept") {
  const auto s = import_ok(mixed_options(), read_file("export-mixed.csv"));
  // Worked out by hand from tests/data/export-mixed.csv.
  CHECK(describe(s) ==
        "rows=14 bad=6 column=CSAT Score delimiter=,\n"
        "total n=9 invalid=5 [0 2 2 2 3]\n"
        "period 2024-W01 n=4 invalid=0 [0 1 0 1 2]\n"
        "period 2024-W02 n=2 invalid=2 [0 1 1 0 0]\n"
        "period 2024-W03 n=1 invalid=0 [0 0 0 1 0]\n"
        "period 2025-W01 n=1 invalid=0 [0 0 1 0 0]\n"
        "segment (none) n=1 invalid=0 [0 0 1 0 0]\n"
        "segment Billing n=2 invalid=2 [0 0 0 1 1]\n"
        "segment Support n=6 invalid=0 [0 2 1 1 2]\n"
        "cell (none)/2024-W02 n=1 invalid=0 [0 0 1 0 0]\n"
        "cell Billing/2024-W01 n=1 invalid=0 [0 0 0 0 1]\n"
        "cell Billing/2024-W02 n=0 invalid=2 [0 0 0 0 0]\n"
        "cell Billing/2024-W03 n=1 invalid=0 [0 0 0 1 0]\n"
        "cell Support/2024-W01 n=3 invalid=0 [0 1 0 1 1]\n"
        "cell Support/2024-W02 n=1 invalid=0 [0 1 0 0 0]\n"
        "cell Support/2025-W01 n=1 invalid=0 [0 0 1 0 0]\n"
        "bad line 9: rating \"7\" is not on the csat5 scale\n"
        "bad line 10: date \"2023-02-29\" is not a date\n"
        "bad line 11: empty rating\n"
        "bad line 13: 4 fields, header has 5\n"
        "bad line 14: quote inside unquoted field 5\n"
        "bad line 16: 6 fields, header has 5\n");
  CHECK(s.rows == s.total.n() + s.total.invalid());
}

TEST_CASE("the mixed fixture read in chunks of 7 bytes gives the same summary as one chunk") {
  const std::string text = read_file("export-mixed.csv");
  const std::string whole = describe(import_ok(mixed_options(), text));
  CHECK(describe(import_ok(mixed_options(), text, 7)) == whole);
  CHECK(describe(import_ok(mixed_options(), text, 1)) == whole);
}

TEST_CASE("row shape: too few fields or extra non-empty fields make a bad row; trailing empties are fine") {
  CsvImportOptions o = options();
  o.segment_column = "team";
  const auto s = import_ok(o, "rating,team,comment\n5,A,x\n4,A\n3,A,x,,\n2,A,x,oops\n1,A,x,\n");
  CHECK(s.rows == 5);
  CHECK(describe(s.total) == "n=3 invalid=2 [1 0 1 0 1]");
  CHECK(s.by_segment.at("A").n() == 3);  // the misaligned rows are not in any group either
  CHECK(s.by_segment.at("A").invalid() == 0);
  REQUIRE(s.first_bad_rows.size() == 2);
  CHECK(s.first_bad_rows[0].line == 3);
  CHECK(s.first_bad_rows[0].reason == "2 fields, header has 3");
  CHECK(s.first_bad_rows[1].line == 5);
  CHECK(s.first_bad_rows[1].reason == "4 fields, header has 3");
}

TEST_CASE("blank lines and all-empty records are skipped, not rows") {
  const auto s = import_ok(options(), "\n\nrating,comment\n\n5,a\n,\n  \n\"\",\"\"\n4,b\n\n");
  CHECK(s.rows == 2);
  CHECK(s.bad_rows == 0);
  CHECK(s.total.n() == 2);
}

TEST_CASE("empty and off-scale ratings are invalid bad rows quoting the value, cut to 40 bytes") {
  const std::string long_value(60, 'z');
  const auto s = import_ok(options(), "rating,id\n,1\n   ,2\n0,3\n6,4\n4.5,5\n" + long_value + ",6\n\"a\nb\",7\n");
  CHECK(s.rows == 7);
  CHECK(describe(s.total) == "n=0 invalid=7 [0 0 0 0 0]");
  REQUIRE(s.first_bad_rows.size() == 7);
  CHECK(s.first_bad_rows[0].reason == "empty rating");
  CHECK(s.first_bad_rows[1].reason == "empty rating");
  CHECK(s.first_bad_rows[2].reason == "rating \"0\" is not on the csat5 scale");
  CHECK(s.first_bad_rows[3].reason == "rating \"6\" is not on the csat5 scale");
  CHECK(s.first_bad_rows[4].reason == "rating \"4.5\" is not on the csat5 scale");
  CHECK(s.first_bad_rows[5].reason == "rating \"" + std::string(40, 'z') + "…\" is not on the csat5 scale");
  CHECK(s.first_bad_rows[6].reason == "rating \"a b\" is not on the csat5 scale");
  CHECK(s.first_bad_rows[6].line == 8);

  // Never cut inside a UTF-8 character: 39 ASCII bytes then "é" (2 bytes) keeps 39 bytes.
  const std::string accented = std::string(39, 'y') + "\xC3\xA9tc";
  const auto cut = import_ok(options(), "rating\n" + accented + "\n");
  REQUIRE(cut.first_bad_rows.size() == 1);
  CHECK(cut.first_bad_rows[0].reason == "rating \"" + std::string(39, 'y') + "…\" is not on the csat5 scale");
}

TEST_CASE("all bad rows are counted, the first max_bad_rows_kept kept in order") {
  CsvImportOptions o = options();
  o.max_bad_rows_kept = 3;
  std::string text = "rating\n";
  for (int i = 0; i < 10; ++i) text += "bad\n5\n";
  const auto s = import_ok(o, text);
  CHECK(s.rows == 20);
  CHECK(s.bad_rows == 10);
  REQUIRE(s.first_bad_rows.size() == 3);
  CHECK(s.first_bad_rows[0].line == 2);
  CHECK(s.first_bad_rows[1].line == 4);
  CHECK(s.first_bad_rows[2].line == 6);
}

TEST_CASE("a bad date keeps the rating in total and its segment but in no period") {
  CsvImportOptions o = options();
  o.date_column = "date";
  o.period = Period::Month;
  o.segment_column = "team";
  const auto s = import_ok(o, "date,rating,team\n2024-02-29,5,A\n2023-02-29,4,A\n,3,\nsoon,x,A\n");
  CHECK(s.rows == 4);
  CHECK(describe(s.total) == "n=3 invalid=1 [0 0 1 1 1]");
  CHECK(describe(s.by_period.at("2024-02")) == "n=1 invalid=0 [0 0 0 0 1]");
  CHECK(s.by_period.size() == 1);
  CHECK(describe(s.by_segment.at("A")) == "n=2 invalid=1 [0 0 0 1 1]");
  CHECK(describe(s.by_segment.at("(none)")) == "n=1 invalid=0 [0 0 1 0 0]");
  CHECK(s.by_segment_period.at("A").size() == 1);
  CHECK(s.by_segment_period.count("(none)") == 0);
  REQUIRE(s.first_bad_rows.size() == 3);
  CHECK(s.first_bad_rows[0].reason == "date \"2023-02-29\" is not a date");
  CHECK(s.first_bad_rows[1].reason == "empty date");
  CHECK(s.first_bad_rows[2].reason == "rating \"x\" is not on the csat5 scale; date \"soon\" is not a date");
}

TEST_CASE("groups are capped at max_groups; the rest are bad rows that still count in total") {
  CsvImportOptions o = options();
  o.segment_column = "team";
  o.date_column = "date";
  o.period = Period::Day;
  o.max_groups = 2;
  const auto s = import_ok(o,
                           "rating,team,date\n5,A,2024-01-01\n4,B,2024-01-02\n3,C,2024-01-01\n2,A,2024-01-03\n"
                           "1,A,2024-01-01\n");
  CHECK(s.rows == 5);
  CHECK(s.total.n() == 5);
  CHECK(s.by_segment.size() == 2);
  CHECK(s.by_segment.at("A").n() == 3);  // its 2024-01-03 row is in no period but still in A
  CHECK(s.by_period.size() == 2);
  CHECK(s.by_period.at("2024-01-01").n() == 3);  // C's row still counts in its period
  CHECK(s.bad_rows == 2);
  REQUIRE(s.first_bad_rows.size() == 2);
  CHECK(s.first_bad_rows[0].reason == "too many distinct segments (max 2)");
  CHECK(s.first_bad_rows[0].line == 4);
  CHECK(s.first_bad_rows[1].reason == "too many distinct periods (max 2)");
  CHECK(s.by_segment_period.at("A").size() == 1);
}

TEST_CASE("a named column missing is an error at once, naming it and listing the header") {
  CsvImportOptions o = options();
  o.rating_column = "Satisfaction";
  auto csv = CsvImport::create(o).value();
  CHECK(csv->feed("id,sco").ok());  // the header is not complete yet
  const Status status = csv->feed("re, date\n1,5,2024-01-01\n");
  REQUIRE_FALSE(status.ok());
  const Error expected{"csv.column_missing", "column",
                       "no rating column \"Satisfaction\" in the header; its columns are \"id\", \"score\", \"date\""};
  CHECK(status.error() == expected);
  CHECK(csv->feed("2,4,2024-01-02\n").error() == expected);  // and it stays failed
  auto finished = csv->finish();
  REQUIRE_FALSE(finished.ok());
  CHECK(finished.error() == expected);

  CsvImportOptions dated = options();
  dated.date_column = "when";
  dated.period = Period::Day;
  auto missing_date = import(dated, "rating,date\n5,2024-01-01\n");
  REQUIRE_FALSE(missing_date.ok());
  CHECK(missing_date.error().code == "csv.column_missing");
  CHECK(missing_date.error().path == "date_column");
  CHECK(missing_date.error().message == "no date column \"when\" in the header; its columns are \"rating\", \"date\"");

  CsvImportOptions segmented = options();
  segmented.segment_column = "Team";
  auto missing_segment = import(segmented, "rating\n5\n");
  REQUIRE_FALSE(missing_segment.ok());
  CHECK(missing_segment.error().path == "segment");
}

TEST_CASE("the rating column is picked automatically only when exactly one looks like it") {
  CHECK(import_ok(options(), "id,CSAT,comment\n1,5,x\n").rating_column == "CSAT");
  CHECK(import_ok(options("nps"), "id,npsScore\n1,9\n").rating_column == "npsScore");
  CHECK(import_ok(options("ces7"), "Services,CES\nphone,5\n").rating_column == "CES");
  CHECK(import_ok(options(), "id,Overall Rating (1-5)\n1,5\n").rating_column == "Overall Rating (1-5)");

  auto none = import(options(), "id,Services,inputs\n1,2,3\n");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == "csv.rating_column_missing");
  CHECK(none.error().path == "column");
  CHECK(none.error().message ==
        "no column looks like a rating (a name with rating, score, csat, nps or ces); name the rating "
        "column; the header's columns are \"id\", \"Services\", \"inputs\"");

  auto several = import(options(), "csat,nps score,id\n5,9,1\n");
  REQUIRE_FALSE(several.ok());
  CHECK(several.error().code == "csv.rating_column_ambiguous");
  CHECK(several.error().message ==
        "several columns look like a rating (\"csat\", \"nps score\"); name the rating column; the "
        "header's columns are \"csat\", \"nps score\", \"id\"");

  CsvImportOptions named = options();
  named.rating_column = "csat";  // naming one settles it
  CHECK(import_ok(named, "csat,nps score,id\n5,9,1\n").total.n() == 1);
}

TEST_CASE("no header is an error from finish; a header alone is an empty summary") {
  auto empty = import(options(), "");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == "csv.empty");
  CHECK(empty.error().message == "the file is empty: no header row");

  auto blank = import(options(), "\r\n\n  \n");
  REQUIRE_FALSE(blank.ok());
  CHECK(blank.error().code == "csv.empty");

  auto bom_only = import(options(), "\xEF\xBB\xBF");
  REQUIRE_FALSE(bom_only.ok());
  CHECK(bom_only.error().code == "csv.empty");

  const auto header_only = import_ok(options(), "rating");
  CHECK(header_only.rows == 0);
  CHECK(header_only.total.n() == 0);

  auto broken = import(options(), "\"rating\"x,id\n5,1\n");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().code == "csv.header_malformed");
  CHECK(broken.error().path == "line 1");
}

TEST_CASE("create checks the options; finish ends the import") {
  CsvImportOptions no_period = options();
  no_period.date_column = "date";
  CHECK(CsvImport::create(no_period).error().code == "csv.period_missing");

  CsvImportOptions no_date = options();
  no_date.period = Period::Week;
  CHECK(CsvImport::create(no_date).error().code == "csv.date_column_missing");

  CsvImportOptions quote = options();
  quote.delimiter = '"';
  CHECK(CsvImport::create(quote).error().code == "csv.delimiter");

  auto csv = CsvImport::create(options()).value();
  CHECK(csv->feed("rating\n5\n4\n3").ok());
  CHECK(csv->bytes_consumed() == 12);
  CHECK(csv->rows() == 2);  // the last row has no line end yet
  auto summary = csv->finish();
  REQUIRE(summary.ok());
  CHECK(summary->rows == 3);
  CHECK(csv->feed("5\n").error().code == "csv.finished");
  CHECK(csv->finish().error().code == "csv.finished");
}

TEST_CASE("parse_period reads day, week and month") {
  CHECK(parse_period("day").value() == Period::Day);
  CHECK(parse_period(" Week ").value() == Period::Week);
  CHECK(parse_period("MONTH").value() == Period::Month);
  auto bad = parse_period("quarter");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "csv.period");
  CHECK(bad.error().message == "unknown period \"quarter\"; expected day, week or month");
}

TEST_CASE("period keys for day, ISO week and month") {
  CHECK(period_key("2024-03-05", Period::Day) == "2024-03-05");
  CHECK(period_key("2024-03-05", Period::Week) == "2024-W10");
  CHECK(period_key("2024-03-05", Period::Month) == "2024-03");
  CHECK(period_key("2024-3-5", Period::Day) == "2024-03-05");
  CHECK(period_key(" 2024/03/05 ", Period::Day) == "2024-03-05");
}

TEST_CASE("ISO weeks belong to their week-based year at the year's edges") {
  struct Case {
    const char* date;
    const char* week;
  };
  // Checked against Python's date.isocalendar().
  for (const Case& c : {Case{"2021-01-03", "2020-W53"}, Case{"2024-12-30", "2025-W01"},
                        Case{"2020-12-31", "2020-W53"}, Case{"2021-01-04", "2021-W01"},
                        Case{"2019-12-30", "2020-W01"}, Case{"2016-01-01", "2015-W53"},
                        Case{"2027-01-01", "2026-W53"}, Case{"2026-12-31", "2026-W53"},
                        Case{"2008-12-29", "2009-W01"}, Case{"2010-01-03", "2009-W53"},
                        Case{"2024-01-01", "2024-W01"}, Case{"2023-01-01", "2022-W52"},
                        Case{"2024-01-07", "2024-W01"}, Case{"2024-01-08", "2024-W02"},
                        Case{"2000-02-29", "2000-W09"}, Case{"0001-01-01", "0001-W01"},
                        Case{"9999-12-31", "9999-W52"}}) {
    INFO(c.date);
    CHECK(period_key(c.date, Period::Week) == std::string(c.week));
  }
}

TEST_CASE("dates with a time and zone use the calendar date as written") {
  for (const char* text : {"2024-03-05T14:03:00Z", "2024-03-05 14:03", "2024-03-05T23:59:59+02:00",
                           "2024-03-05T00:30:00-0500", "2024-03-05T14:03:00.123456Z", "2024-03-05 2:03 PM",
                           "2024-03-05 12:00 am", "2024-03-05 14:03 UTC", "2024/03/05 14:03:00",
                           "2024-03-05T14:03+01", "2024-03-05t14:03z", "2024-03-05 14:03:00 +0100"}) {
    INFO(text);
    CHECK(period_key(text, Period::Day) == "2024-03-05");
  }
}

TEST_CASE("not a date: bad calendar, day-first or month-first, junk") {
  for (const char* text : {"", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
                           "2024-01-32", "0000-01-01", "24-03-05", "03/05/2024", "05.03.2024", "2024-03/05",
                           "2024-03-05x", "2024-03-05T25:00", "2024-03-05T14:60", "2024-03-05 13:00 PM",
                           "2024-03-05T14:03:00+25:00", "2024-03-05T", "20240305", "yesterday",
                           "2024-003-05"}) {
    INFO(text);
    CHECK_FALSE(period_key(text, Period::Day).has_value());
  }
  CHECK(period_key("2000-02-29", Period::Day) == "2000-02-29");
  CHECK(period_key("2024-02-29", Period::Month) == "2024-02");
}

TEST_CASE("200,000 generated rows fed in 64 KiB chunks are counted exactly") {
  const Scale csat5 = scale("csat5");
  static constexpr int kDaysInMonth2024[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int kRows = 200000;

  std::string text = "id,submitted,team,rating,comment\r\n";
  std::uint64_t expected_values[6] = {0, 0, 0, 0, 0, 0};
  std::uint64_t expected_invalid = 0;
  std::map<std::string, std::uint64_t> expected_month_rows;
  std::map<std::string, std::uint64_t> expected_team_valid;
  for (int i = 0; i < kRows; ++i) {
    // Day i % 366 of 2024, a leap year.
    int day = i % 366, month = 0;
    while (day >= kDaysInMonth2024[month]) day -= kDaysInMonth2024[month++];
    char date[11];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", month + 1, day + 1);
    const std::string team = i % 7 == 0 ? "" : "team" + std::to_string(i % 4);
    const bool garbage = i % 1000 == 999;
    const int value = i % 5 + 1;
    std::string rating = garbage ? "oops" : i % 3 == 0 ? csat5.label(value) : std::to_string(value);
    // Every tenth comment is quoted with a comma and a line break, which adds a physical line.
    const std::string comment = i % 10 == 0 ? "\"line one, with comma\nline two\"" : "plain";
    text += std::to_string(i) + "," + date + "T10:00:00Z," + team + "," + rating + "," + comment + "\r\n";

    if (garbage) {
      ++expected_invalid;
    } else {
      ++expected_values[value];
      ++expected_team_valid[team.empty() ? "(none)" : team];
    }
    ++expected_month_rows[std::string(date, 7)];
  }

  CsvImportOptions o = options();
  o.date_column = "submitted";
  o.period = Period::Month;
  o.segment_column = "team";
  const auto s = import_ok(o, text, 64 * 1024);

  CHECK(s.rows == static_cast<std::uint64_t>(kRows));
  CHECK(s.total.invalid() == expected_invalid);
  CHECK(expected_invalid == 200);
  for (int v = 1; v <= 5; ++v) CHECK(s.total.count(v) == expected_values[v]);
  CHECK(s.total.n() == static_cast<std::uint64_t>(kRows) - expected_invalid);
  CHECK(s.bad_rows == expected_invalid);
  REQUIRE(s.by_period.size() == 12);
  for (const auto& [month, count] : expected_month_rows) {
    INFO(month);
    CHECK(s.by_period.at(month).n() + s.by_period.at(month).invalid() == count);
  }
  REQUIRE(s.by_segment.size() == expected_team_valid.size());
  for (const auto& [team, count] : expected_team_valid) {
    INFO(team);
    CHECK(s.by_segment.at(team).n() == count);
  }
  // Row i starts on line 2 + i + (rows before it with a two-line comment: (i + 9) / 10).
  REQUIRE(s.first_bad_rows.size() == 100);
  CHECK(s.first_bad_rows[0].line == 2 + 999 + (999 + 9) / 10);
  CHECK(s.first_bad_rows[0].reason == "rating \"oops\" is not on the csat5 scale");
  CHECK(s.first_bad_rows[99].line == 2 + 99999 + (99999 + 9) / 10);
}

TEST_CASE("many interleaved segments and periods are each counted in their own group") {
  // More distinct segments (600) than the import's segment cache has slots (256), in round-robin
  // so that every row's segment differs from the last, over 3 months: every group must still get
  // exactly its own rows. Expected counts follow from the construction: segment s gets rows
  // r ≡ s (mod 600), i.e. 3 rows, one per month, rated 1 + (r mod 5).
  std::string csv = "segment,date,rating\n";
  for (int row = 0; row < 1800; ++row) {
    csv += "s" + std::to_string(row % 600) + ",2024-0" + std::to_string(1 + row / 600) + "-15," +
           std::to_string(1 + row % 5) + "\n";
  }
  CsvImportOptions opts = options();
  opts.segment_column = "segment";
  opts.date_column = "date";
  opts.period = Period::Month;
  const CsvImportSummary s = import_ok(opts, csv, 4096);
  REQUIRE(s.by_segment.size() == 600);
  for (int segment : {0, 1, 255, 256, 511, 599}) {
    const std::string key = "s" + std::to_string(segment);
    INFO(key);
    const Tally& tally = s.by_segment.at(key);
    CHECK(tally.n() == 3);
    CHECK(tally.count(1 + segment % 5) == 3);  // rows segment, segment + 600, segment + 1200: same rating
    const auto& periods = s.by_segment_period.at(key);
    REQUIRE(periods.size() == 3);
    CHECK(periods.at("2024-02").n() == 1);
  }
  CHECK(s.by_period.at("2024-03").n() == 600);
}
