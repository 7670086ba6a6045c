#include "server/csv_export.hpp"

#include <map>

#include <catch2/catch.hpp>

#include "core/csv_reader.hpp"

using namespace csatkit;
using namespace csatkit::server;

TEST_CASE("cells are quoted only when needed, quotes doubled") {
  CHECK(csv_cell("plain", true) == "plain");
  CHECK(csv_cell("a,b", false) == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"", false) == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("two\nlines", false) == "\"two\nlines\"");
  CHECK(csv_cell("", true).empty());
}

TEST_CASE("free text that a spreadsheet would run gets an apostrophe") {
  CHECK(csv_cell("=SUM(A1)", true) == "'=SUM(A1)");
  CHECK(csv_cell("+1", true) == "'+1");
  CHECK(csv_cell("-2", true) == "'-2");
  CHECK(csv_cell("@cmd", true) == "'@cmd");
  CHECK(csv_cell("=1,2", true) == "\"'=1,2\"");
  CHECK(csv_cell("-2", false) == "-2");  // scores and dates are never rewritten
}

TEST_CASE("a response row has one cell per header column, in order") {
  const Json response = Json::parse(R"({"id":"abcdefgh","survey_id":"s","type":"csat","scale":"csat5","score":4,
    "bucket":"positive","label":"Satisfied","comment":"ok, \"fine\"","reasons":["a","b"],"locale":"en",
    "url":"https://x.example/p","referrer":null,"touchpoint":"chat","user_id":"7","context":{"k":"v"},"metadata":{},
    "article":{"id":"kb-1","version":"3"},"created_at":"2024-05-01T10:00:00Z","updated_at":"2024-05-01T10:00:00Z","complete":true})");
  const std::string text = csv_header() + csv_row(response);
  // Read back with the core's own CSV reader: the same one `csatkit score` uses.
  std::vector<std::vector<std::string>> records;
  CsvReader reader([&](const CsvRecord& record) {
    REQUIRE_FALSE(record.malformed);
    records.emplace_back(record.fields.begin(), record.fields.end());
  }, ',');
  reader.feed(text);
  reader.finish();
  REQUIRE(records.size() == 2);
  REQUIRE(records[0].size() == records[1].size());
  std::map<std::string, std::string> row;
  for (std::size_t i = 0; i < records[0].size(); ++i) row[records[0][i]] = records[1][i];
  CHECK(row["score"] == "4");
  CHECK(row["comment"] == "ok, \"fine\"");
  CHECK(row["reasons"] == "a;b");
  CHECK(row["complete"] == "true");
  CHECK(row["article_id"] == "kb-1");
  CHECK(row["article_version"] == "3");
  CHECK(row["context"] == "{\"k\":\"v\"}");
  CHECK(row["metadata"].empty());
  CHECK(row["referrer"].empty());
}

TEST_CASE("segment columns are the export's grouping columns only") {
  CHECK(is_segment_column("touchpoint"));
  CHECK(is_segment_column("locale"));
  CHECK_FALSE(is_segment_column("comment"));
  CHECK_FALSE(is_segment_column("score"));
}
