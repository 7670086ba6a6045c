#include "core/csv_reader.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace csatkit;

namespace {

// A record copied out of the callback (its views die with the callback).
struct Row {
  std::uint64_t line;
  std::vector<std::string> fields;
  bool malformed = false;
  std::string problem;

  bool operator==(const Row& other) const {
    return line == other.line && fields == other.fields && malformed == other.malformed &&
           problem == other.problem;
  }
};

struct Reading {
  std::vector<Row> rows;
  char delimiter = 0;
  std::uint64_t bytes = 0;
  std::uint64_t records = 0;
};

Reading read_chunks(const std::vector<std::string>& chunks, char delimiter = 0,
                    std::size_t max_record_bytes = 1 << 20) {
  Reading out;
  CsvReader reader(
      [&](const CsvRecord& r) {
        out.rows.push_back(Row{r.line, std::vector<std::string>(r.fields.begin(), r.fields.end()),
                               r.malformed, r.problem});
      },
      delimiter, max_record_bytes);
  for (const std::string& chunk : chunks) reader.feed(chunk);
  reader.finish();
  out.delimiter = reader.delimiter();
  out.bytes = reader.bytes_consumed();
  out.records = reader.records();
  return out;
}

Reading read_text(const std::string& text, char delimiter = 0, std::size_t max_record_bytes = 1 << 20) {
  return read_chunks({text}, delimiter, max_record_bytes);
}

Row ok(std::uint64_t line, std::vector<std::string> fields) { return Row{line, std::move(fields), false, ""}; }
Row bad(std::uint64_t line, std::vector<std::string> fields, std::string problem) {
  return Row{line, std::move(fields), true, std::move(problem)};
}

// Everything at once: BOM, a delimiter to detect past a quoted comma, CRLF / LF / lone CR, quoted
// line breaks of all three kinds, "" escapes, empty and empty-quoted fields, a blank line, two
// malformed records, a BOM as data, and no newline at the end.
const std::string kTricky =
    "\xEF\xBB\xBF"
    "id;\"note, with comma\";score\r\n"     // line 1
    "1;\"multi\r\nline \"\"quoted\"\"\";5\r\n"  // lines 2-3
    "\r\n"                                  // line 4: blank
    "2;;4\n"                                // line 5
    "3;\"\";\"3\"\r"                        // line 6, lone CR
    "4;bad\"quote;2\n"                      // line 7: malformed
    "5;\"x\"junk;1\r\n"                     // line 8: malformed
    "6;\"a\nb\rc\";2\n"                     // lines 9-11
    "7;\xEF\xBB\xBF;1";                     // line 12: a BOM here is data

const std::vector<Row> kTrickyRows = {
    ok(1, {"id", "note, with comma", "score"}),
    ok(2, {"1", "multi\r\nline \"quoted\"", "5"}),
    ok(4, {}),
    ok(5, {"2", "", "4"}),
    ok(6, {"3", "", "3"}),
    bad(7, {"4", "bad"}, "quote inside unquoted field 2"),
    bad(8, {"5", "x"}, "text after the closing quote of field 2"),
    ok(9, {"6", "a\nb\rc", "2"}),
    ok(12, {"7", "\xEF\xBB\xBF", "1"}),
};

}  // namespace

namespace Catch {
template <>
struct StringMaker<Row> {
  static std::string convert(const Row& row) {
    std::string out = "line " + std::to_string(row.line) + (row.malformed ? " MALFORMED(" + row.problem + ")" : "") + " [";
    for (const std::string& f : row.fields) out += "<" + f + ">";
    return out + "]";
  }
};
}  // namespace Catch

TEST_CASE("the tricky input reads as expected in one chunk") {
  const Reading reading = read_text(kTricky);
  CHECK(reading.rows == kTrickyRows);
  CHECK(reading.delimiter == ';');
  CHECK(reading.bytes == kTricky.size());
  CHECK(reading.records == kTrickyRows.size());
}

TEST_CASE("chunks split at every point give the same records") {
  for (std::size_t i = 0; i <= kTricky.size(); ++i) {
    const Reading reading = read_chunks({kTricky.substr(0, i), kTricky.substr(i)});
    INFO("split at " << i);
    REQUIRE(reading.rows == kTrickyRows);
    REQUIRE(reading.delimiter == ';');
  }
}

TEST_CASE("chunks split at every pair of points give the same records") {
  for (std::size_t i = 0; i <= kTricky.size(); ++i) {
    for (std::size_t j = i; j <= kTricky.size(); ++j) {
      const Reading reading =
          read_chunks({kTricky.substr(0, i), kTricky.substr(i, j - i), kTricky.substr(j)});
      INFO("split at " << i << " and " << j);
      REQUIRE(reading.rows == kTrickyRows);
    }
  }
}

TEST_CASE("byte-by-byte feeding gives the same records, also with a known delimiter") {
  std::vector<std::string> bytes;
  for (char c : kTricky) bytes.emplace_back(1, c);
  CHECK(read_chunks(bytes).rows == kTrickyRows);
  CHECK(read_chunks(bytes, ';').rows == kTrickyRows);
  CHECK(read_chunks({kTricky}, ';').rows == kTrickyRows);
}

TEST_CASE("trailing newline or not, blank lines, empty fields") {
  CHECK(read_text("a,b\n").rows == std::vector<Row>{ok(1, {"a", "b"})});
  CHECK(read_text("a,b").rows == std::vector<Row>{ok(1, {"a", "b"})});
  CHECK(read_text("a,b\r\n").rows == std::vector<Row>{ok(1, {"a", "b"})});
  CHECK(read_text("a,b\r").rows == std::vector<Row>{ok(1, {"a", "b"})});
  CHECK(read_text("a,b\n\n").rows == std::vector<Row>{ok(1, {"a", "b"}), ok(2, {})});
  CHECK(read_text("").rows.empty());
  CHECK(read_text("\n").rows == std::vector<Row>{ok(1, {})});
  CHECK(read_text("a,").rows == std::vector<Row>{ok(1, {"a", ""})});
  CHECK(read_text(",,\n").rows == std::vector<Row>{ok(1, {"", "", ""})});
  CHECK(read_text("\"\"").rows == std::vector<Row>{ok(1, {""})});
  CHECK(read_text("\"\",\"\"\n").rows == std::vector<Row>{ok(1, {"", ""})});
  CHECK(read_text(" a , b ").rows == std::vector<Row>{ok(1, {" a ", " b "})});  // spaces are data
}

TEST_CASE("quoting: escapes, delimiters and line breaks inside quotes") {
  CHECK(read_text("\"a\"\"b\",c").rows == std::vector<Row>{ok(1, {"a\"b", "c"})});
  CHECK(read_text("\"\"\"\"").rows == std::vector<Row>{ok(1, {"\""})});
  CHECK(read_text("\"\"\"a\"\"\"").rows == std::vector<Row>{ok(1, {"\"a\""})});
  CHECK(read_text("\"a,b\",c", ',').rows == std::vector<Row>{ok(1, {"a,b", "c"})});
  CHECK(read_text("x,\"1\r\n2\"\r\ny,z\r\n").rows ==
        std::vector<Row>{ok(1, {"x", "1\r\n2"}), ok(3, {"y", "z"})});
  CHECK(read_text("x,\"\n\n\n\"\ny").rows == std::vector<Row>{ok(1, {"x", "\n\n\n"}), ok(5, {"y"})});
  // Line breaks of every kind count once each: LF, CRLF, lone CR.
  CHECK(read_text("a\nb\r\nc\rd\r\re").rows ==
        std::vector<Row>{ok(1, {"a"}), ok(2, {"b"}), ok(3, {"c"}), ok(4, {"d"}), ok(5, {}), ok(6, {"e"})});
}

TEST_CASE("malformed records are reported and reading resumes at the next line") {
  const Reading reading = read_text("a,b\nx\"y,2\n\"q\" ,3\n\"ok\",4\n");
  CHECK(reading.rows == std::vector<Row>{ok(1, {"a", "b"}), bad(2, {"x"}, "quote inside unquoted field 1"),
                                         bad(3, {"q"}, "text after the closing quote of field 1"),
                                         ok(4, {"ok", "4"})});
}

TEST_CASE("a quoted field open at the end of the input is malformed") {
  CHECK(read_text("a,\"open\nstill").rows ==
        std::vector<Row>{bad(1, {"a", "open\nstill"}, "unterminated quoted field")});
}

TEST_CASE("an over-long record is malformed, its fields dropped, and the next line reads") {
  const std::string text = "a,b\n" + std::string(40, 'x') + ",y\nc,d\n";
  CHECK(read_text(text, ',', 16).rows ==
        std::vector<Row>{ok(1, {"a", "b"}), bad(2, {}, "record longer than 16 bytes"), ok(3, {"c", "d"})});

  // Inside quotes too: recovery is at the next physical line end, not the end of the file.
  const std::string quoted = "a\n\"" + std::string(40, 'x') + "\nrest\"\nc\n";
  const Reading reading = read_text(quoted, ',', 16);
  REQUIRE(reading.rows.size() == 4);
  CHECK(reading.rows[1] == bad(2, {}, "record longer than 16 bytes"));
  CHECK(reading.rows[2].malformed);  // the tail of the runaway quote
  CHECK(reading.rows[3] == ok(4, {"c"}));

  // Exactly at the limit is fine.
  CHECK(read_text(std::string(16, 'z') + "\n", ',', 16).rows == std::vector<Row>{ok(1, {std::string(16, 'z')})});
}

TEST_CASE("an over-long first record stops delimiter detection from buffering forever") {
  const Reading reading = read_text(std::string(100, 'x') + "\na;b\n", 0, 32);
  REQUIRE(reading.rows.size() == 2);
  CHECK(reading.rows[0] == bad(1, {}, "record longer than 32 bytes"));
  CHECK(reading.delimiter == ',');  // nothing seen to go by
}

TEST_CASE("a UTF-8 BOM is dropped only at the very start, even when split") {
  const std::vector<Row> expected = {ok(1, {"a", "b"})};
  CHECK(read_text("\xEF\xBB\xBF" "a,b").rows == expected);
  CHECK(read_chunks({"\xEF", "\xBB", "\xBF", "a,b"}).rows == expected);
  CHECK(read_chunks({"\xEF\xBB", "\xBF" "a,b"}).rows == expected);
  CHECK(read_text("\xEF\xBB\xBF").rows.empty());
  // A BOM prefix that turns out not to be one is data.
  CHECK(read_chunks({"\xEF\xBB", "x,b"}).rows == std::vector<Row>{ok(1, {"\xEF\xBBx", "b"})});
  CHECK(read_chunks({"\xEF"}).rows == std::vector<Row>{ok(1, {"\xEF"})});
  // A second BOM is data.
  CHECK(read_text("\xEF\xBB\xBF\xEF\xBB\xBF" "a").rows == std::vector<Row>{ok(1, {"\xEF\xBB\xBF" "a"})});
  CHECK(read_text("a\n\xEF\xBB\xBF" "b").rows == std::vector<Row>{ok(1, {"a"}), ok(2, {"\xEF\xBB\xBF" "b"})});
}

TEST_CASE("the delimiter is detected from the first record, outside quotes") {
  CHECK(read_text("a\tb\tc\n1\t2\t3\n").delimiter == '\t');
  CHECK(read_text("a\tb\tc\n1\t2\t3\n").rows == std::vector<Row>{ok(1, {"a", "b", "c"}), ok(2, {"1", "2", "3"})});
  CHECK(read_text("a;b,c;d\n").delimiter == ';');
  CHECK(read_text("\"a,b,c\";d\n").delimiter == ';');
  CHECK(read_text("\"a\"\",\"\",\";d\n").delimiter == ';');  // escaped quotes keep the field open
  CHECK(read_text("a,b;c\n").delimiter == ',');              // a tie goes to the comma
  CHECK(read_text("a;b\tc\n").delimiter == ';');
  CHECK(read_text("rating\n5\n").delimiter == ',');          // one column
  CHECK(read_text("\n\r\na;b\n").delimiter == ';');          // blank lines say nothing
  CHECK(read_text("a;b\nc,d,e,f\n").delimiter == ';');       // only the first record counts
  CHECK(read_text("a;b", ',').rows == std::vector<Row>{ok(1, {"a;b"})});  // a given delimiter wins
  CHECK(read_text("a|b", '|').rows == std::vector<Row>{ok(1, {"a", "b"})});
  CHECK(read_text("a,b", '"').delimiter == ',');             // an impossible delimiter means detect
}

TEST_CASE("the delimiter is unknown until the first record is complete") {
  std::vector<char> seen;
  CsvReader reader([&](const CsvRecord&) {}, 0);
  reader.feed("a;b");
  CHECK(reader.delimiter() == 0);
  CHECK(reader.records() == 0);
  reader.feed(";c\r");
  CHECK(reader.delimiter() == ';');
  CHECK(reader.records() == 1);
  reader.feed("\n1;2;3");
  CHECK(reader.records() == 1);
  reader.finish();
  CHECK(reader.records() == 2);
  CHECK(reader.bytes_consumed() == 12);
}

TEST_CASE("record views stay valid through the callback and buffers are reused") {
  std::vector<std::string> joined;
  CsvReader reader([&](const CsvRecord& r) {
    std::string all;
    for (std::string_view f : r.fields) all += std::string(f) + "|";
    joined.push_back(all);
  });
  for (int i = 0; i < 1000; ++i) reader.feed("\"" + std::to_string(i) + "\"\"x\"," + std::to_string(i * 2) + "\n");
  reader.finish();
  REQUIRE(joined.size() == 1000);
  CHECK(joined[0] == "0\"x|0|");
  CHECK(joined[999] == "999\"x|1998|");
}

TEST_CASE("random inputs read the same in one chunk and in random chunks, with a tiny size limit too") {
  // Bytes that matter to the reader, and a BOM's, so every path and every split gets exercised.
  const std::string alphabet = std::string("ab,;\t\"\"\r\n\n ") + "\xEF\xBB\xBF";
  std::mt19937 random(20240305);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t length = random() % 64;
    for (std::size_t i = 0; i < length; ++i) text.push_back(alphabet[random() % alphabet.size()]);
    const std::size_t limit = round % 2 == 0 ? (1u << 20) : 1 + random() % 12;
    std::vector<std::string> chunks;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t n = 1 + random() % 9;
      chunks.push_back(text.substr(at, n));
      at += n;
    }
    const Reading whole = read_text(text, 0, limit);
    const Reading split = read_chunks(chunks, 0, limit);
    INFO("round " << round << " limit " << limit);
    REQUIRE(split.rows == whole.rows);
    REQUIRE(split.delimiter == whole.delimiter);
    // Line numbers never go backwards.
    for (std::size_t i = 1; i < whole.rows.size(); ++i) REQUIRE(whole.rows[i].line > whole.rows[i - 1].line);
  }
}
