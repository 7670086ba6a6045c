#include "server/csv_export.hpp"

#include <algorithm>

#include "core/envelope.hpp"

namespace csatkit::server {

namespace {

constexpr std::string_view kColumns[] = {"id",      "survey_id",  "created_at", "updated_at", "score",   "label",
                                         "bucket",  "complete",   "comment",    "reasons",    "locale",  "touchpoint",
                                         "user_id", "url",        "referrer",   "article_id", "article_version",
                                         "context", "metadata"};

constexpr std::string_view kSegmentColumns[] = {"bucket",  "complete", "locale",     "touchpoint", "user_id",
                                                "url",     "referrer", "article_id", "article_version", "label"};

std::string text_of(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return dump_json(value);
}

}  // namespace

std::string csv_header() {
  std::string line;
  for (std::string_view column : kColumns) {
    if (!line.empty()) line += ',';
    line += column;
  }
  return line + "\r\n";
}

std::string csv_cell(std::string_view text, bool free_text) {
  std::string cell(text);
  if (free_text && !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_row(const Json& r) {
  auto field = [&](const char* key) { return r.contains(key) ? text_of(r[key]) : std::string(); };
  std::string reasons;
  if (r.contains("reasons") && r["reasons"].is_array()) {
    for (const Json& reason : r["reasons"]) {
      if (!reasons.empty()) reasons += ';';
      reasons += text_of(reason);
    }
  }
  const Json article = r.contains("article") && r["article"].is_object() ? r["article"] : Json::object();
  const std::string cells[] = {
      csv_cell(field("id"), false),
      csv_cell(field("survey_id"), false),
      csv_cell(field("created_at"), false),
      csv_cell(field("updated_at"), false),
      csv_cell(field("score"), false),
      csv_cell(field("label"), false),
      csv_cell(field("bucket"), false),
      csv_cell(field("complete"), false),
      csv_cell(field("comment"), true),
      csv_cell(reasons, false),
      csv_cell(field("locale"), true),
      csv_cell(field("touchpoint"), true),
      csv_cell(field("user_id"), true),
      csv_cell(field("url"), true),
      csv_cell(field("referrer"), true),
      csv_cell(article.contains("id") ? text_of(article["id"]) : "", true),
      csv_cell(article.contains("version") ? text_of(article["version"]) : "", true),
      csv_cell(r.contains("context") && !r["context"].empty() ? dump_json(r["context"]) : "", true),
      csv_cell(r.contains("metadata") && !r["metadata"].empty() ? dump_json(r["metadata"]) : "", true),
  };
  std::string line;
  for (const std::string& cell : cells) {
    if (&cell != &cells[0]) line += ',';
    line += cell;
  }
  return line + "\r\n";
}

bool is_segment_column(std::string_view name) {
  return std::find(std::begin(kSegmentColumns), std::end(kSegmentColumns), name) != std::end(kSegmentColumns);
}

}  // namespace csatkit::server
