#include "core/json_text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <utility>

#include "core/json_number.hpp"

namespace csatkit {

namespace {

// The length of the well-formed UTF-8 sequence at text[i] (Unicode's Table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 when there is none. `valid_prefix`
// receives how many bytes from i were a correct start of a sequence, so that the byte which
// broke it is read again on its own (as nlohmann's serializer and the WHATWG decoder do).
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::size_t& valid_prefix) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(i);
  valid_prefix = 1;
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong below U+0800
    if (lead == 0xED) high = 0x9F;  // surrogates U+D800–DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong below U+10000
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte or a lead that can never start a sequence
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= text.size()) return 0;
    const unsigned char c = byte(i + k);
    const bool in_range = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
    if (!in_range) return 0;
    valid_prefix = k + 1;
  }
  return length;
}

// Reads one JSON text. read_object and read_array recurse through read_value once per level of
// nesting, so their frames are kept to a few locals: everything heavier (strings, numbers,
// adding a member) is a separate call that the compiler must not inline into them
// ([[gnu::noinline]]), or each level would carry those frames too. cmake/wasm.cmake has the
// measured cost per level.
class Reader {
 public:
  Reader(std::string_view text, bool find_repeated_keys) : text_(text), tracking_paths_(find_repeated_keys) {}

  JsonReading document() {
    JsonReading reading;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;
    bool read = read_value(reading.value, 0, "$");
    if (read) {
      skip_whitespace();
      read = at_ == text_.size();
    }
    if (!read) {
      reading.value = Json(Json::value_t::discarded);
      reading.error = error();
    }
    reading.repeated_keys = std::move(repeated_keys_);
    return reading;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  // Reading stops where the text goes wrong (at_); a syntax error needs no more words than that
  // place, a limit does: this says which.
  const char* limit_ = nullptr;
  bool tracking_paths_;
  std::vector<std::string> repeated_keys_;

  bool done() const { return at_ >= text_.size(); }
  char peek() const { return text_[at_]; }

  bool beyond(const char* limit) {
    limit_ = limit;
    return false;
  }

  [[gnu::noinline]] JsonTextError error() const {
    JsonTextError error;
    error.offset = std::min(at_, text_.size());
    error.syntax = limit_ == nullptr;
    error.reason = limit_ != nullptr ? limit_ : at_ < text_.size() ? "unexpected character" : "unexpected end of the text";
    for (std::size_t i = 0; i < error.offset; ++i) {
      const auto byte = static_cast<unsigned char>(text_[i]);
      if (byte == '\n') {
        ++error.line;
        error.column = 1;
      } else if ((byte & 0xC0) != 0x80) {
        ++error.column;
      }
    }
    return error;
  }

  void skip_whitespace() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++at_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  // `path` is the value's JSON path while tracking_paths_, else empty.
  bool read_value(Json& out, int depth, const std::string& path) {
    skip_whitespace();
    if (done()) return false;
    switch (peek()) {
      case '{': return read_object(out, depth + 1, path);
      case '[': return read_array(out, depth + 1, path);
      default: return read_scalar(out);
    }
  }

  [[gnu::noinline]] bool read_scalar(Json& out) {
    switch (peek()) {
      case '"': {
        std::string text;
        if (!read_string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't': out = true; return literal("true");
      case 'f': out = false; return literal("false");
      case 'n': out = nullptr; return literal("null");
      default: return read_number(out);
    }
  }

  bool too_deep(int depth) {
    static_assert(kMaxJsonDepth == 128, "the reason below names the limit");
    return depth > kMaxJsonDepth && !beyond("nested deeper than the 128 levels allowed");
  }

  bool read_object(Json& out, int depth, const std::string& path) {
    if (too_deep(depth)) return false;
    ++at_;  // {
    out = Json::object();
    skip_whitespace();
    if (!done() && peek() == '}') return ++at_, true;
    while (true) {
      skip_whitespace();
      std::string key;
      if (done() || peek() != '"' || !read_string(key)) return false;
      skip_whitespace();
      if (done() || peek() != ':') return false;
      ++at_;
      Json value;
      if (!read_value(value, depth, tracking_paths_ ? member_path(path, key) : std::string())) return false;
      add_member(out, key, value, path);
      skip_whitespace();
      if (done()) return false;
      if (peek() == '}') return ++at_, true;
      if (peek() != ',') return false;
      ++at_;
    }
  }

  bool read_array(Json& out, int depth, const std::string& path) {
    if (too_deep(depth)) return false;
    ++at_;  // [
    out = Json::array();
    skip_whitespace();
    if (!done() && peek() == ']') return ++at_, true;
    for (std::size_t index = 0;; ++index) {
      Json value;
      if (!read_value(value, depth, tracking_paths_ ? element_path(path, index) : std::string())) return false;
      out.push_back(std::move(value));
      skip_whitespace();
      if (done()) return false;
      if (peek() == ']') return ++at_, true;
      if (peek() != ',') return false;
      ++at_;
    }
  }

  [[gnu::noinline]] static std::string element_path(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
  }

  // A repeated key: the last one wins (as in nlohmann's parser), and is noted when asked for.
  [[gnu::noinline]] void add_member(Json& object, const std::string& key, Json& value, const std::string& path) {
    if (tracking_paths_ && object.contains(key)) {
      const std::string repeated = member_path(path, key);
      repeated_keys_.push_back(repeated);
    }
    object[key] = std::move(value);
  }

  bool read_hex4(std::uint32_t& code) {
    if (at_ + 4 > text_.size()) return false;
    code = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text_[at_++];
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  // A \u escape (the "\u" already read), with its low surrogate when it is a high one.
  bool read_unicode_escape(std::string& out) {
    std::uint32_t code = 0;
    if (!read_hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate on its own
    if (code >= 0xD800 && code <= 0xDBFF) {
      std::uint32_t low = 0;
      if (!literal("\\u") || !read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return true;
  }

  [[gnu::noinline]] bool read_string(std::string& out) {
    ++at_;  // "
    while (!done()) {
      const char c = peek();
      if (c == '"') return ++at_, true;
      if (static_cast<unsigned char>(c) < 0x20) return false;  // control characters must be escaped
      if (c == '\\') {
        if (++at_ >= text_.size()) break;
        const char escaped = text_[at_++];
        switch (escaped) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u':
            if (!read_unicode_escape(out)) return false;
            break;
          default: return at_ -= 2, false;  // points at the backslash
        }
        continue;
      }
      std::size_t prefix = 0;
      const std::size_t length = utf8_sequence(text_, at_, prefix);
      if (length == 0) return false;  // JSON text is UTF-8
      out.append(text_.substr(at_, length));
      at_ += length;
    }
    return false;  // unterminated
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  [[gnu::noinline]] bool read_number(Json& out) {
    const std::size_t start = at_;
    const bool negative = !done() && peek() == '-';
    if (negative) ++at_;
    // The grammar first (strtod-like readers accept more than JSON: "01", "1.", ".5").
    if (done() || !is_digit(peek())) return false;
    if (peek() == '0') {
      ++at_;
    } else {
      while (!done() && is_digit(peek())) ++at_;
    }
    bool integral = true;
    if (!done() && peek() == '.') {
      integral = false;
      ++at_;
      if (done() || !is_digit(peek())) return false;
      while (!done() && is_digit(peek())) ++at_;
    }
    if (!done() && (peek() == 'e' || peek() == 'E')) {
      integral = false;
      ++at_;
      if (!done() && (peek() == '+' || peek() == '-')) ++at_;
      if (done() || !is_digit(peek())) return false;
      while (!done() && is_digit(peek())) ++at_;
    }
    const std::string_view token = text_.substr(start, at_ - start);
    if (integral && integer_value(token, negative, out)) return true;
    // Fractions, exponents and integers beyond 64 bits: the nearest double. The token is copied
    // because the reader wants the text to end where the number does.
    const std::string copy(token);
    const double value = parse_json_number(copy.c_str(), nullptr);
    if (value - value != 0) {  // beyond the range of a double ("1e400"): an error, not infinity
      at_ = start;
      return beyond("number out of range (beyond ±1.8e308)");
    }
    out = value;
    return true;
  }

  // As nlohmann's parser: non-negative integers are unsigned, negative ones signed, and only
  // those beyond 64 bits become doubles.
  static bool integer_value(std::string_view token, bool negative, Json& out) {
    std::uint64_t magnitude = 0;
    for (char c : token.substr(negative ? 1 : 0)) {
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (magnitude > (UINT64_MAX - digit) / 10) return false;
      magnitude = magnitude * 10 + digit;
    }
    if (!negative) {
      out = magnitude;
      return true;
    }
    constexpr std::uint64_t kMostNegative = static_cast<std::uint64_t>(INT64_MAX) + 1;
    if (magnitude > kMostNegative) return false;
    out = magnitude == kMostNegative ? INT64_MIN : -static_cast<std::int64_t>(magnitude);
    return true;
  }
};

[[gnu::noinline]] void write_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      std::size_t prefix = 0;
      const std::size_t length = utf8_sequence(text, i, prefix);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for the broken sequence; the byte that broke it is read again
        i += prefix;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

template <typename Integer>
[[gnu::noinline]] void write_integer(std::string& out, Integer value) {
  std::array<char, 24> digits{};
  std::size_t count = 0;
  const bool negative = value < 0;
  // Digits of the magnitude, computed without negating (INT64_MIN has no positive counterpart).
  do {
    const int digit = static_cast<int>(value % 10);
    digits[count++] = static_cast<char>('0' + (digit < 0 ? -digit : digit));
    value /= 10;
  } while (value != 0);
  if (negative) out += '-';
  while (count > 0) out += digits[--count];
}

[[gnu::noinline]] void write_double(std::string& out, double value) {
  if (value != value || value == std::numeric_limits<double>::infinity() || value == -std::numeric_limits<double>::infinity()) {
    out += "null";
    return;
  }
  // nlohmann's shortest round-trip formatting (Grisu2), called directly so that doubles read
  // exactly as Json::dump() writes them ("100.0", "0.1", "1e+21").
  std::array<char, 64> buffer{};
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

// Recursive, once per level of nesting: the writers of strings and numbers are kept out of its
// frame (noinline), as the reader's are.
void write_value(std::string& out, const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: out += "null"; break;
    case Json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; break;
    case Json::value_t::string: write_string(out, value.get_ref<const std::string&>()); break;
    case Json::value_t::number_integer: write_integer(out, value.get<std::int64_t>()); break;
    case Json::value_t::number_unsigned: write_integer(out, value.get<std::uint64_t>()); break;
    case Json::value_t::number_float: write_double(out, value.get<double>()); break;
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto member = value.begin(); member != value.end(); ++member) {
        if (!first) out += ',';
        first = false;
        write_string(out, member.key());
        out += ':';
        write_value(out, member.value());
      }
      out += '}';
      break;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& element : value) {
        if (!first) out += ',';
        first = false;
        write_value(out, element);
      }
      out += ']';
      break;
    }
    case Json::value_t::binary:  // never built by the core
    case Json::value_t::discarded: out += "null"; break;
  }
}

}  // namespace

Json parse_json(std::string_view text) { return Reader(text, false).document().value; }

JsonReading read_json(std::string_view text, bool find_repeated_keys) { return Reader(text, find_repeated_keys).document(); }

std::string describe(std::string_view subject, const JsonTextError& error) {
  return std::string(subject) + (error.syntax ? " is not valid JSON: " : " cannot be read: ") + error.reason + " at line " +
         std::to_string(error.line) + ", column " + std::to_string(error.column);
}

std::size_t json_text_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::string member_path(const std::string& path, std::string_view key) {
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (plain) return path + "." + std::string(key);
  std::string quoted = path + "[";
  write_string(quoted, key);
  return quoted + "]";
}

std::string dump_json(const Json& json) {
  std::string out;
  write_value(out, json);
  return out;
}

}  // namespace csatkit
