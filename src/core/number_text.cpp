#include "core/number_text.hpp"

#include <algorithm>
#include <cmath>

namespace csatkit {

namespace {

constexpr const char* kMinus = "\xE2\x88\x92";  // U+2212 MINUS SIGN

// The digits of a non-negative whole number held in a double (exact: every double above 2^53
// is an integer, and fmod/floor on integers are exact), grouped by thousands.
std::string integer_digits(double whole, const std::string& group) {
  std::string reversed;
  int digits = 0;
  do {
    if (digits > 0 && digits % 3 == 0) reversed.append(group.rbegin(), group.rend());
    const int digit = static_cast<int>(std::fmod(whole, 10.0));
    reversed.push_back(static_cast<char>('0' + digit));
    whole = std::floor(whole / 10.0);
    ++digits;
  } while (whole >= 1.0);
  return std::string(reversed.rbegin(), reversed.rend());
}

}  // namespace

NumberFormat NumberFormat::with_decimal(char decimal) {
  NumberFormat format;
  format.decimal = decimal;
  format.group = decimal == ',' ? "." : ",";
  return format;
}

std::string fixed_text(double value, int decimals, const NumberFormat& format) {
  if (!std::isfinite(value)) return "n/a";
  decimals = std::clamp(decimals, 0, 9);
  const double factor = std::pow(10.0, decimals);
  // Scaled to a whole number of the last place, then split; half away from zero.
  const double scaled = std::round(std::fabs(value) * factor);
  const double whole = std::floor(scaled / factor);
  double fraction = scaled - whole * factor;
  std::string text;
  if (value < 0 && scaled > 0) text = kMinus;
  text += integer_digits(whole, format.group);
  if (decimals > 0) {
    text.push_back(format.decimal);
    std::string places(static_cast<std::size_t>(decimals), '0');
    for (int i = decimals - 1; i >= 0; --i) {
      places[static_cast<std::size_t>(i)] = static_cast<char>('0' + static_cast<int>(std::fmod(fraction, 10.0)));
      fraction = std::floor(fraction / 10.0);
    }
    text += places;
  }
  return text;
}

std::string short_text(double value, int max_decimals, const NumberFormat& format) {
  std::string text = fixed_text(value, max_decimals, format);
  if (!std::isfinite(value) || max_decimals <= 0) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == format.decimal) text.pop_back();
  return text;
}

std::string signed_text(double value, int decimals, const NumberFormat& format) {
  std::string text = fixed_text(value, decimals, format);
  const double factor = std::pow(10.0, std::clamp(decimals, 0, 9));
  if (std::isfinite(value) && value > 0 && std::round(value * factor) > 0) text.insert(0, "+");
  return text;
}

std::string count_text(std::uint64_t count, const NumberFormat& format) {
  std::string reversed;
  int digits = 0;
  do {
    if (digits > 0 && digits % 3 == 0) reversed.append(format.group.rbegin(), format.group.rend());
    reversed.push_back(static_cast<char>('0' + count % 10));
    count /= 10;
    ++digits;
  } while (count > 0);
  return std::string(reversed.rbegin(), reversed.rend());
}

std::string confidence_text(double confidence) { return short_text(100 * confidence, 4); }

}  // namespace csatkit
