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
#include <vector>

#include <nlohmann/json.hpp>

namespace csatkit {

using Json = nlohmann::ordered_json;

// The deepest nesting of arrays and objects parse_json accepts. Deeper input is rejected rather
// than recursed into: reading, copying and writing a value recurse once per level, and the
// widget's wasm stack is small (its size, and the measured cost per level, are in
// cmake/wasm.cmake). No request or definition nests beyond a handful of levels.
inline constexpr int kMaxJsonDepth = 128;

// Parses one JSON text (RFC 8259, strict: no comments, no trailing commas, UTF-8 only, an
// optional UTF-8 byte order mark, whitespace around). Returns a discarded value
// (Json::value_t::discarded, test with is_discarded()) when the text is not valid JSON.
// Numbers: integers that fit become int64 (or uint64), others double, read exactly
// (json_number.hpp); a number beyond a double's range is an error. Duplicate object keys: the
// last one wins, as with nlohmann's parser (read_json can name them).
Json parse_json(std::string_view text);

// Where and why a text could not be read.
struct JsonTextError {
  std::size_t offset = 0;  // bytes from the start of the text to where reading stopped
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters from the start of the line
  std::string reason;      // "expected ',' or '}'", "number out of range", …
  bool syntax = true;      // false: well-formed, but beyond a limit (a number's range, kMaxJsonDepth)
};

// parse_json with the details: the value (discarded when the text is not JSON), why not and
// where, and, when asked, the JSON path of every repeated object key ("$.display.delay_ms"),
// which parse_json silently resolves by keeping the last.
struct JsonReading {
  Json value;
  JsonTextError error;                     // meaningful only when value.is_discarded()
  std::vector<std::string> repeated_keys;  // filled only when asked for
};
JsonReading read_json(std::string_view text, bool find_repeated_keys = false);

// Why `subject` could not be read, for a person: "the request is not valid JSON: expected ',' or
// '}' at line 3, column 14", or for a limit "the request cannot be read: number out of range
// (beyond ±1.8e308) at line 1, column 30".
std::string describe(std::string_view subject, const JsonTextError& error);

// The deepest nesting of arrays and objects in JSON text, strings skipped, without parsing it;
// counting stops once past `limit`, so a megabyte of '[' costs one pass and no recursion. The
// collector checks a body with this before parsing it (response_validation.hpp), and the widget
// measures what it puts into a response the same way.
std::size_t json_text_depth(std::string_view text, std::size_t limit);

// The JSON path of an object member: ("$.follow_up", "negative") → "$.follow_up.negative";
// a key that is not a plain name is quoted: ("$.metadata", "a b") → "$.metadata[\"a b\"]".
std::string member_path(const std::string& path, std::string_view key);

// Compact JSON text (no spaces), the same as Json::dump() for valid values: keys in their
// order, non-ASCII text as UTF-8, control characters escaped, doubles in the shortest form that
// reads back to the same value, NaN and infinities as null. Text holding invalid UTF-8 (a CSV
// cell of stray bytes, a comment typed into a broken page) gets U+FFFD for each bad byte
// rather than failing.
std::string dump_json(const Json& json);

}  // namespace csatkit
