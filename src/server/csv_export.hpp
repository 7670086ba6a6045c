// The collector's CSV export: one row per response (its newest version), a header row first.
// `csatkit score` and the calculator read it back (rating column "score", date "created_at",
// segments from any text column such as "touchpoint"), and the summary endpoint scores exactly
// these bytes, so the two can never disagree.
#pragma once

#include <string>
#include <string_view>

#include "core/report.hpp"

namespace csatkit::server {

// "id,survey_id,created_at,…\r\n" (RFC 4180 line ends).
std::string csv_header();

// One normalized response (ValidatedResponse::normalized) as a CSV line.
std::string csv_row(const Json& response);

// A cell quoted when it holds a comma, quote or line break. Free text that a spreadsheet would
// run as a formula (starting with = + - @ or a tab) gets a leading apostrophe.
std::string csv_cell(std::string_view text, bool free_text);

// Columns the summary may segment by (?segment=…).
bool is_segment_column(std::string_view name);

}  // namespace csatkit::server
