// The core's JSON reader and writer, checked against an independent implementation: nlohmann's
// own parser (Json::parse, non-throwing) and serializer (dump() with the replace error
// handler), which they replace in the core. Every case compares both on the same input, so the
// expected values are computed by nlohmann, not by the code under test.
#include "core/json_text.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace csatkit;

namespace {

Json reference_parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }
std::string reference_dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// Same validity, same value, same number types (unsigned/signed/float), same key order.
void check_parses_like_reference(const std::string& text) {
  INFO("input: " << text);
  const Json ours = parse_json(text);
  const Json reference = reference_parse(text);
  REQUIRE(ours.is_discarded() == reference.is_discarded());
  if (ours.is_discarded()) return;
  CHECK(ours == reference);
  CHECK(reference_dump(ours) == reference_dump(reference));  // key order and number types too
}

// A random JSON value: nested objects and arrays, strings with escapes and non-ASCII text,
// integers at the edges of 64 bits, doubles across the exponent range.
Json random_value(std::mt19937_64& random, int depth) {
  const int kind = static_cast<int>(random() % (depth > 3 ? 6 : 8));
  switch (kind) {
    case 0: return nullptr;
    case 1: return random() % 2 == 0;
    case 2: {
      static const std::int64_t edges[] = {0, -1, 1, INT64_MAX, INT64_MIN, 4102444800000, -9007199254740993};
      return random() % 2 ? Json(edges[random() % 7]) : Json(static_cast<std::int64_t>(random()));
    }
    case 3: return Json(static_cast<std::uint64_t>(random()));
    case 4: {
      std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
      std::uniform_int_distribution<int> exponent(-320, 308);
      return std::ldexp(mantissa(random), exponent(random) / 4) * std::pow(10.0, exponent(random) % 20);
    }
    case 5: {
      static const char* pieces[] = {"a", "Ω", "日本", "😀", "\"", "\\", "\n", "\t", std::string("\0", 1).c_str(), "\x1f", "/", " "};
      std::string text;
      const int length = static_cast<int>(random() % 8);
      for (int i = 0; i < length; ++i) text += pieces[random() % 12];
      return text;
    }
    case 6: {
      Json array = Json::array();
      const int length = static_cast<int>(random() % 5);
      for (int i = 0; i < length; ++i) array.push_back(random_value(random, depth + 1));
      return array;
    }
    default: {
      Json object = Json::object();
      const int length = static_cast<int>(random() % 5);
      for (int i = 0; i < length; ++i) object["k" + std::to_string(random() % 7)] = random_value(random, depth + 1);
      return object;
    }
  }
}

}  // namespace

TEST_CASE("json_text reads valid JSON exactly as nlohmann's parser does") {
  for (const char* text : {
           "null", "true", "false", "0", "-0", "1", "-1", "1.5", "-0.0", "1e2", "1E-2", "2.5e+3",
           "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
           "9223372036854775807", "0.1", "1.7976931348623157e308", "1e400", "4.9e-324", "1e-400",
           "\"\"", "\"plain\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\u20AC\"", "\"\\ud83d\\ude00\"",
           "\"\\u0000\"", "\"Ωé日本😀\"", "[]", "{}", "[1,[2,[3,{}]]]", " \t\r\n{ \"a\" : [ 1 , 2 ] } \n",
           "{\"b\":1,\"a\":2,\"c\":{\"z\":null,\"y\":[true,false]}}", "{\"a\":1,\"a\":2}",
           "\xEF\xBB\xBF{\"bom\":true}"}) {
    check_parses_like_reference(text);
  }
}

TEST_CASE("json_text rejects what nlohmann's parser rejects") {
  for (const char* text : {
           "", " ", "nul", "tru", "True", "NaN", "Infinity", "01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10",
           "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"",
           "\"\\ud800\\u0041\"", "\"tab\there\"", "\"line\nbreak\"", "[1,]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}",
           "{a:1}", "{\"a\":1", "[", "]", "1 2", "{} {}", "// comment\n1", "'single'",
           "\"\xFF\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\"", "\xEF\xBB{}"}) {
    check_parses_like_reference(text);
  }
}

TEST_CASE("json_text round-trips random values and writes them as nlohmann does") {
  std::mt19937_64 random(20261124);
  for (int i = 0; i < 2000; ++i) {
    const Json value = random_value(random, 0);
    const std::string text = dump_json(value);
    INFO("value: " << reference_dump(value));
    REQUIRE(text == reference_dump(value));
    const Json back = parse_json(text);
    REQUIRE_FALSE(back.is_discarded());
    // Floats compare exactly: the writer's shortest form reads back to the same double.
    CHECK(back == reference_parse(text));
  }
}

TEST_CASE("json_text writes invalid UTF-8 as U+FFFD, byte for byte as nlohmann's replace handler") {
  // Overlong forms, surrogates, truncated sequences, stray continuation bytes, bytes that never
  // occur in UTF-8, and a broken sequence followed by a byte that is fine on its own.
  const std::vector<std::string> texts = {
      "\xFF", "a\xFE" "b", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82",
      "\xE2\x82(", "\x80\x80", "\xF0\x9F\x98", "ok \xF0\x9F\x98\x80 \xC3", "\xC3\xA9\xC3", "\xF5\x80"};
  for (const std::string& text : texts) {
    INFO("bytes: " << text);
    CHECK(dump_json(Json(text)) == reference_dump(Json(text)));
  }
  std::mt19937_64 random(7);
  for (int i = 0; i < 5000; ++i) {
    std::string bytes(random() % 12, '\0');
    for (char& byte : bytes) byte = static_cast<char>(random() % 2 ? 0x80 + random() % 0x80 : random() % 0x100);
    INFO("random bytes, case " << i);
    REQUIRE(dump_json(Json(bytes)) == reference_dump(Json(bytes)));
  }
}

TEST_CASE("json_text refuses nesting deeper than kMaxJsonDepth instead of recursing") {
  const std::string deepest_allowed = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  CHECK_FALSE(parse_json(deepest_allowed).is_discarded());
  const std::string too_deep = std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  CHECK(parse_json(too_deep).is_discarded());
  const std::string hostile = std::string(100000, '[');  // would exhaust a 64 KB stack
  CHECK(parse_json(hostile).is_discarded());
}

TEST_CASE("read_json says why and where a text is not JSON, and parse_json agrees") {
  struct Case {
    std::string text;
    const char* reason;
    std::size_t offset, line, column;
    bool syntax;
  };
  const char* unexpected = "unexpected character";
  const char* ended = "unexpected end of the text";
  const Case cases[] = {
      {"", ended, 0, 1, 1, true},
      {"{\"a\":1,}", unexpected, 7, 1, 8, true},
      {"{\"a\" 1}", unexpected, 5, 1, 6, true},
      {"[1 2]", unexpected, 3, 1, 4, true},
      {"{\n  \"a\": 1\n  \"b\": 2\n}", unexpected, 13, 3, 3, true},
      {"[\"\xC3\xA9\xC3\xA9\", tru]", unexpected, 9, 1, 8, true},  // columns count characters
      {"[01]", unexpected, 2, 1, 3, true},
      {"[-]", unexpected, 2, 1, 3, true},
      {"[1.]", unexpected, 3, 1, 4, true},
      {"\"a\\x\"", unexpected, 2, 1, 3, true},  // at the backslash of the escape
      {"\"a\tb\"", unexpected, 2, 1, 3, true},   // control characters must be escaped
      {"\"a\xFF\"", unexpected, 2, 1, 3, true},
      {"\"abc", ended, 4, 1, 5, true},
      {"{\"a\":", ended, 5, 1, 6, true},
      {"{} x", unexpected, 3, 1, 4, true},
      {"[1, -1e400]", "number out of range (beyond ±1.8e308)", 4, 1, 5, false},
      {std::string(kMaxJsonDepth + 1, '['), "nested deeper than the 128 levels allowed", kMaxJsonDepth, 1, kMaxJsonDepth + 1, false},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.text);
    const JsonReading reading = read_json(c.text);
    REQUIRE(reading.value.is_discarded());
    CHECK(parse_json(c.text).is_discarded());
    CHECK(reading.error.reason == c.reason);
    CHECK(reading.error.offset == c.offset);
    CHECK(reading.error.line == c.line);
    CHECK(reading.error.column == c.column);
    CHECK(reading.error.syntax == c.syntax);
  }
  CHECK(describe("the request", read_json("[1 2]").error) == "the request is not valid JSON: unexpected character at line 1, column 4");
  CHECK(describe("the request", read_json("1e400").error) ==
        "the request cannot be read: number out of range (beyond ±1.8e308) at line 1, column 1");
}

TEST_CASE("read_json names every repeated key by its path, when asked; the last one wins either way") {
  const std::string text = R"({"a":1,"b":[{"c":1,"c":2},{"d e":[],"d e":{}}],"a":3,"a":4})";
  const JsonReading plain = read_json(text);
  CHECK(plain.repeated_keys.empty());
  CHECK(plain.value == reference_parse(text));
  const JsonReading asked = read_json(text, true);
  CHECK(asked.value == reference_parse(text));
  CHECK(asked.value["a"] == 4);
  CHECK(asked.repeated_keys == std::vector<std::string>{"$.b[0].c", "$.b[1][\"d e\"]", "$.a", "$.a"});
  CHECK(read_json(R"({"a":1,"A":2})", true).repeated_keys.empty());  // keys compare exactly
}

TEST_CASE("member_path: plain names with a dot, anything else quoted as JSON") {
  CHECK(member_path("$", "id") == "$.id");
  CHECK(member_path("$.metadata", "team_2") == "$.metadata.team_2");
  CHECK(member_path("$.metadata", "a b") == "$.metadata[\"a b\"]");
  CHECK(member_path("$.data", "say \"hi\"") == "$.data[\"say \\\"hi\\\"\"]");
  CHECK(member_path("$.data", "") == "$.data[\"\"]");
  CHECK(member_path("$.data", "caf\xC3\xA9") == "$.data[\"caf\xC3\xA9\"]");
}
