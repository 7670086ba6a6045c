#include "core/svg_markup.hpp"

#include <cmath>
#include <cstdint>

namespace csatkit {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[at], with its code point; 0 when invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view text, std::size_t at, std::uint32_t& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length;
  std::uint32_t minimum;
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, minimum = 0x80, code_point = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, minimum = 0x800, code_point = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, minimum = 0x10000, code_point = lead & 0x07u;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + i) & 0x3Fu);
  }
  if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
  return length;
}

bool allowed_in_xml(std::uint32_t code_point) {
  if (code_point < 0x20) return code_point == '\t' || code_point == '\n' || code_point == '\r';
  return code_point != 0xFFFE && code_point != 0xFFFF;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    std::uint32_t code_point = 0;
    const std::size_t length = utf8_sequence(text, at, code_point);
    if (length == 0) {
      out += kReplacement;
      ++at;  // resynchronise on the next byte
      continue;
    }
    if (!allowed_in_xml(code_point)) {
      out += kReplacement;
    } else {
      switch (code_point) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.append(text.substr(at, length));
      }
    }
    at += length;
  }
  return out;
}

std::string svg_number(double value) {
  if (!std::isfinite(value)) return "0";
  const double hundredths = std::round(value * 100);
  if (hundredths == 0) return "0";
  const bool negative = hundredths < 0;
  const double magnitude = std::fabs(hundredths);
  const auto whole = static_cast<std::uint64_t>(magnitude / 100);
  const auto fraction = static_cast<unsigned>(magnitude - static_cast<double>(whole) * 100);
  std::string text = negative ? "-" : "";
  text += std::to_string(whole);
  if (fraction != 0) {
    text += '.';
    text += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) text += static_cast<char>('0' + fraction % 10);
  }
  return text;
}

std::string truncate_text(std::string_view text, std::size_t max_characters) {
  std::size_t at = 0;
  std::size_t characters = 0;
  while (at < text.size()) {
    std::uint32_t code_point = 0;
    const std::size_t length = utf8_sequence(text, at, code_point);
    if (characters + 1 == max_characters) {
      // Room for one more: keep it only if it is the last one.
      const std::size_t next = at + (length == 0 ? 1 : length);
      if (next >= text.size()) return std::string(text);
      return std::string(text.substr(0, at)) + "\xE2\x80\xA6";  // …
    }
    at += length == 0 ? 1 : length;
    ++characters;
  }
  return std::string(text);
}

void SvgMarkup::start_tag(std::string_view name, Attributes attributes) {
  out_ += '<';
  out_ += name;
  for (const auto& [attribute, value] : attributes) {
    out_ += ' ';
    out_ += attribute;
    out_ += "=\"";
    out_ += xml_escape(value);
    out_ += '"';
  }
}

SvgMarkup& SvgMarkup::open(std::string_view name, Attributes attributes) {
  start_tag(name, attributes);
  out_ += '>';
  return *this;
}

SvgMarkup& SvgMarkup::close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
  return *this;
}

SvgMarkup& SvgMarkup::empty(std::string_view name, Attributes attributes) {
  start_tag(name, attributes);
  out_ += "/>";
  return *this;
}

SvgMarkup& SvgMarkup::content(std::string_view text) {
  out_ += xml_escape(text);
  return *this;
}

SvgMarkup& SvgMarkup::text(std::string_view name, Attributes attributes, std::string_view content) {
  open(name, attributes);
  out_ += xml_escape(content);
  return close(name);
}

}  // namespace csatkit
