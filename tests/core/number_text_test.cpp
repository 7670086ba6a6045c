#include "core/number_text.hpp"

#include <catch2/catch.hpp>
#include <clocale>
#include <cmath>
#include <limits>

using namespace csatkit;

// Expected strings written by hand from the rules in number_text.hpp (half away from zero,
// groups of three, U+2212 for negatives).

TEST_CASE("fixed_text rounds, groups and signs") {
  CHECK(fixed_text(56.93094, 1) == "56.9");
  CHECK(fixed_text(62.99252, 1) == "63.0");
  CHECK(fixed_text(3, 1) == "3.0");
  CHECK(fixed_text(1234.5, 1) == "1,234.5");
  CHECK(fixed_text(172000, 2) == "172,000.00");
  CHECK(fixed_text(1234567.891, 0) == "1,234,568");
  CHECK(fixed_text(0.25, 1) == "0.3");    // 0.25 is exact in binary: a true tie, away from zero
  CHECK(fixed_text(-0.25, 1) == "\xE2\x88\x92" "0.3");
  CHECK(fixed_text(-2, 1) == "\xE2\x88\x92" "2.0");
  CHECK(fixed_text(-0.04, 1) == "0.0");   // rounds to zero: no sign
  CHECK(fixed_text(0.0049, 2) == "0.00");
  CHECK(fixed_text(999.96, 1) == "1,000.0");  // the carry reaches the integer part and a new group
  CHECK(fixed_text(12.3456789, 9) == "12.345678900");
  CHECK(fixed_text(std::numeric_limits<double>::quiet_NaN(), 1) == "n/a");
  CHECK(fixed_text(INFINITY, 1) == "n/a");
  CHECK(fixed_text(1e20, 0) == "100,000,000,000,000,000,000");
}

TEST_CASE("fixed_text uses the separators it is given, not the C locale's") {
  const NumberFormat comma = NumberFormat::with_decimal(',');
  CHECK(comma.group == ".");
  CHECK(fixed_text(1234.5, 1, comma) == "1.234,5");
  NumberFormat french = comma;
  french.group = "\xE2\x80\xAF";  // U+202F narrow no-break space
  CHECK(fixed_text(1234567.25, 2, french) == "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,25");
  NumberFormat plain;
  plain.group = "";
  CHECK(fixed_text(1234567, 0, plain) == "1234567");
  // The only locales on a minimal machine are C and POSIX; whatever setlocale accepts, the text
  // must not change.
  const char* before = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = before ? before : "C";
  std::setlocale(LC_NUMERIC, "C.UTF-8");
  CHECK(fixed_text(56.93, 1) == "56.9");
  std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST_CASE("short_text drops trailing zeros, signed_text adds a plus") {
  CHECK(short_text(60, 1) == "60");
  CHECK(short_text(60.04, 1) == "60");
  CHECK(short_text(60.25, 1) == "60.3");
  CHECK(short_text(0.5, 2) == "0.5");
  CHECK(short_text(1500, 2) == "1,500");
  CHECK(short_text(60.5, 1, NumberFormat::with_decimal(',')) == "60,5");
  CHECK(signed_text(3.14, 1) == "+3.1");
  CHECK(signed_text(-3.14, 1) == "\xE2\x88\x92" "3.1");
  CHECK(signed_text(0.01, 1) == "0.0");
  CHECK(signed_text(0, 1) == "0.0");
}

TEST_CASE("count_text and confidence_text") {
  CHECK(count_text(0) == "0");
  CHECK(count_text(999) == "999");
  CHECK(count_text(1000) == "1,000");
  CHECK(count_text(1000000) == "1,000,000");
  CHECK(count_text(18446744073709551615ull) == "18,446,744,073,709,551,615");
  CHECK(count_text(1000000, NumberFormat::with_decimal(',')) == "1.000.000");
  CHECK(confidence_text(0.95) == "95");
  CHECK(confidence_text(0.999) == "99.9");
  CHECK(confidence_text(0.9999) == "99.99");
}
