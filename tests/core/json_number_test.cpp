#include "core/json_number.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include <catch2/catch.hpp>

using namespace csatkit;

namespace {

std::uint64_t bits_of(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// The reference is the platform's strtod (correctly rounded in glibc): same bits, same end.
void check_like_strtod(const std::string& text) {
  const char* end = nullptr;
  char* reference_end = nullptr;
  const double value = parse_json_number(text.c_str(), &end);
  const double reference = std::strtod(text.c_str(), &reference_end);
  INFO(text);
  CHECK(bits_of(value) == bits_of(reference));
  CHECK(end == reference_end);
}

}  // namespace

TEST_CASE("JSON numbers read as strtod reads them, bit for bit") {
  for (const char* text :
       {"0", "-0", "0.0", "-0.0", "1", "-1", "12.5", "0.1", "0.30000000000000004", "3.141592653589793",
        "1E+2", "0.5e-0", "00012.5", "1e22", "1e23", "1e-22", "9007199254740993", "9007199254740992.5",
        "9007199254740993.0000000000001", "123456789012345678901234567890",
        // the largest double, the halfway point above it, and overflow to infinity
        "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "-1e309",
        "1e99999999",
        // the smallest normal, subnormals, and the halfway point below the smallest subnormal
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324", "5e-324",
        "1e-323", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1e-99999999",
        // not numbers, or numbers followed by other text: the end says how far it read
        "12abc", "1E-2x", "1e", "1e+"}) {
    check_like_strtod(text);
  }
}

TEST_CASE("JSON numbers at exact halfway points round to even, with every digit counted") {
  // 2^-1075 (half the smallest subnormal) written out exactly rounds to 0; one more digit rounds up.
  const std::string half_min = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324";
  check_like_strtod(half_min);
  check_like_strtod(half_min.substr(0, half_min.size() - 5) + "1e-324");
  // Midpoints between neighbouring doubles, printed exactly ("%.1100Lf" of a long double midpoint).
  std::mt19937_64 random(20240601);
  for (int i = 0; i < 2000; ++i) {
    std::uint64_t bits = random() % 0x43E0000000000000ULL;  // below 2^63: the whole expansion fits the buffer
    double low;
    std::memcpy(&low, &bits, sizeof low);
    const double high = std::nextafter(low, INFINITY);
    char text[1300];
    std::snprintf(text, sizeof text, "%.1100Lf", (static_cast<long double>(low) + high) / 2);
    check_like_strtod(text);
  }
}

TEST_CASE("random JSON numbers read as strtod reads them") {
  std::mt19937_64 random(7);
  auto digits = [&random](std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += static_cast<char>('0' + random() % 10);
    return text;
  };
  for (int i = 0; i < 100000; ++i) {
    std::string text = random() % 2 ? "-" : "";
    text += digits(1 + random() % 25);
    if (random() % 2) text += "." + digits(1 + random() % 20);
    if (random() % 2) {
      text += random() % 2 ? "e" : "E";
      text += random() % 3 == 0 ? "-" : random() % 2 ? "+" : "";
      text += std::to_string(random() % 400);
    }
    check_like_strtod(text);
  }
  // Hundreds of digits (more than a double's exact expansion needs), tiny and huge.
  for (int i = 0; i < 500; ++i) {
    check_like_strtod("0." + std::string(random() % 340, '0') + digits(1 + random() % 900));
    check_like_strtod(digits(1 + random() % 900) + "e-" + std::to_string(random() % 1300));
  }
}
