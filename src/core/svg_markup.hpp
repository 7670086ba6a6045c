// SVG markup for the calculator's charts, built so that no text can become markup: element and
// attribute names are the core's own literals, and every text and attribute value goes through
// xml_escape. The result is well-formed XML (a standalone .svg file or inline in HTML), so it
// also survives invalid UTF-8 and control characters in labels taken from a CSV file.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace csatkit {

// Escapes & < > " ' and makes the text valid XML 1.0 character data: invalid UTF-8, control
// characters other than tab/LF/CR, and the non-characters U+FFFE/U+FFFF become U+FFFD.
std::string xml_escape(std::string_view text);

// A coordinate or length for an attribute: at most 2 decimals, "." always (SVG's syntax, not a
// locale's), no trailing zeros, no "-0".
std::string svg_number(double value);

// Text cut to at most max_characters code points (a "…" replaces the rest), never inside a
// UTF-8 sequence.
std::string truncate_text(std::string_view text, std::size_t max_characters);

class SvgMarkup {
 public:
  using Attributes = std::initializer_list<std::pair<std::string_view, std::string>>;

  // <name a="v" …>
  SvgMarkup& open(std::string_view name, Attributes attributes = {});
  // </name>
  SvgMarkup& close(std::string_view name);
  // <name a="v" …/>
  SvgMarkup& empty(std::string_view name, Attributes attributes = {});
  // <name a="v" …>text</name>
  SvgMarkup& text(std::string_view name, Attributes attributes, std::string_view text);
  // Text inside the element last opened.
  SvgMarkup& content(std::string_view text);

  const std::string& markup() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void start_tag(std::string_view name, Attributes attributes);
  std::string out_;
};

}  // namespace csatkit
