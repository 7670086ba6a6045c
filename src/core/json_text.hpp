// JSON text ⇄ Json values (nlohmann::ordered_json): the core's own reader and writer.
//
// Why not Json::parse and Json::dump: the survey widget's wasm module is downloaded by every
// page that may show a survey, and nlohmann's parser (a SAX lexer and parser with a
// vector<bool> state stack) and serializer (which formats \u escapes with snprintf, pulling in
// libc's printf) were a fifth of its code. These two are small, never throw or abort, and are
// used by every JSON face of the core, so the browser, the CLI and the collector read and write
// JSON identically. The values themselves stay nlohmann's.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace csatkit {

using Json = nlohmann::ordered_json;

// The deepest nesting of arrays and objects parse_json accepts. Deeper input is rejected rather
// than recursed into: the widget's wasm stack is 64 KB, and no request or definition nests
// beyond a handful of levels.
inline constexpr int kMaxJsonDepth = 128;

// Parses one JSON text (RFC 8259, strict: no comments, no trailing commas, UTF-8 only, an
// optional UTF-8 byte order mark, whitespace around). Returns a discarded value
// (Json::value_t::discarded, test with is_discarded()) when the text is not valid JSON.
// Numbers: integers that fit become int64 (or uint64), others double, read exactly
// (json_number.hpp); a number beyond a double's range is an error. Duplicate object keys: the last one wins, as with nlohmann's parser.
Json parse_json(std::string_view text);

// Compact JSON text (no spaces), the same as Json::dump() for valid values: keys in their
// order, non-ASCII text as UTF-8, control characters escaped, doubles in the shortest form that
// reads back to the same value, NaN and infinities as null. Text holding invalid UTF-8 (a CSV
// cell of stray bytes, a comment typed into a broken page) gets U+FFFD for each bad byte
// rather than failing.
std::string dump_json(const Json& json);

}  // namespace csatkit
