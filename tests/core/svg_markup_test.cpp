#include "core/svg_markup.hpp"

#include <catch2/catch.hpp>

using namespace csatkit;

TEST_CASE("xml_escape: markup characters become entities") {
  CHECK(xml_escape("a < b & c > d") == "a &lt; b &amp; c &gt; d");
  CHECK(xml_escape("\"quoted\" 'single'") == "&quot;quoted&quot; &#39;single&#39;");
  CHECK(xml_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(xml_escape("&amp;") == "&amp;amp;");  // text, never an entity of its own
  CHECK(xml_escape("") == "");
}

TEST_CASE("xml_escape: the output is valid XML text whatever the input") {
  const std::string replacement = "\xEF\xBF\xBD";
  // UTF-8 passes through: é, €, 😀 (2, 3 and 4 bytes).
  CHECK(xml_escape("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  // Tab, LF and CR are allowed in XML 1.0; other control characters are not, even as entities.
  CHECK(xml_escape("a\tb\nc\rd") == "a\tb\nc\rd");
  CHECK(xml_escape(std::string("a\0b", 3)) == "a" + replacement + "b");
  CHECK(xml_escape("a\x01\x1F" "b") == "a" + replacement + replacement + "b");
  // Invalid UTF-8: a stray continuation byte, a truncated sequence, an overlong "/", a UTF-16
  // surrogate, a byte never valid (0xFF). Each bad byte becomes one U+FFFD.
  CHECK(xml_escape("\x80") == replacement);
  CHECK(xml_escape("x\xE2\x82") == "x" + replacement + replacement);
  CHECK(xml_escape("\xC0\xAF") == replacement + replacement);
  CHECK(xml_escape("\xED\xA0\x80") == replacement + replacement + replacement);
  CHECK(xml_escape("\xFF<") == replacement + "&lt;");
  // U+FFFE and U+FFFF are not characters in XML.
  CHECK(xml_escape("\xEF\xBF\xBE\xEF\xBF\xBF") == replacement + replacement);
}

TEST_CASE("svg_number: short, '.' always, no -0") {
  CHECK(svg_number(0) == "0");
  CHECK(svg_number(-0.001) == "0");
  CHECK(svg_number(12) == "12");
  CHECK(svg_number(12.5) == "12.5");
  CHECK(svg_number(190.666666) == "190.67");
  CHECK(svg_number(-4.05) == "-4.05");
  CHECK(svg_number(1e6) == "1000000");
  CHECK(svg_number(NAN) == "0");
}

TEST_CASE("truncate_text counts characters, never cuts a UTF-8 sequence") {
  CHECK(truncate_text("abc", 3) == "abc");
  CHECK(truncate_text("abcdef", 3) == "ab\xE2\x80\xA6");
  CHECK(truncate_text("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3) == "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  CHECK(truncate_text("", 3) == "");
  CHECK(truncate_text("abcdef", 0) == "abcdef");  // 0: no limit
}

TEST_CASE("SvgMarkup escapes every attribute value and text") {
  SvgMarkup svg;
  svg.open("g", {{"class", "a\"b"}});
  svg.text("text", {{"x", "1"}}, "<b>&</b>");
  svg.empty("path", {{"d", "M0 0"}});
  svg.open("text").content("x<y").close("text");
  svg.close("g");
  CHECK(svg.markup() ==
        "<g class=\"a&quot;b\"><text x=\"1\">&lt;b&gt;&amp;&lt;/b&gt;</text><path d=\"M0 0\"/><text>x&lt;y</text></g>");
}
