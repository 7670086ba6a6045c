// Results as JSON: the one shape that the CLI prints, the wasm module returns and the collector
// serves, so all three agree to the digit. Keys keep a readable order (ordered_json).
// Rounding: percentages and money to 2 decimals, means to 3, p-values to 6; NaN → null.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/csv_import.hpp"
#include "core/result.hpp"
#include "core/revenue_at_risk.hpp"
#include "core/score.hpp"
#include "core/significance.hpp"

namespace csatkit {

using Json = nlohmann::ordered_json;

Json error_json(const Error& error);
Json score_json(const ScoreResult& result);
Json comparison_json(const Comparison& comparison);
Json revenue_json(const RevenueResult& result);

// The test that fits a scale's family: NPS difference for NPS, two proportions otherwise.
Comparison compare_scores(const ScoreResult& a, const ScoreResult& b);

// A whole CSV import: the total's score report, "rows", "bad_rows", "first_bad_rows", and with
// periods and/or segments, "groups": each period against the previous one, each segment against
// the rest (all other segments together), Holm-corrected within each list. With both, each
// segment group holds its own "groups" of periods, and "periods" holds the overall trend.
Result<Json> csv_report(const CsvImportSummary& summary, const Scale& scale, const ScoreOptions& options);

// Rounds to the given decimals; NaN and infinities become null.
Json rounded(double value, int decimals);

// A JSON object from key/value pairs, in order: object_of({{"n", 3}, {"id", "x"}}). One function
// rather than nlohmann's initializer-list constructor, which inlines its "is every element a
// pair?" checks at each call site (about a third of the recommendation rules' wasm code).
Json object_of(std::initializer_list<std::pair<const char*, Json>> fields);

}  // namespace csatkit
