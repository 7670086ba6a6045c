// Numbers as text for people (chart labels, descriptions, summaries, recommendation messages),
// independent of the C locale: printf's decimal point follows LC_NUMERIC, so a host program
// that calls setlocale would turn "56.9" into "56,9" behind our back. Here the separators are
// chosen by the caller and nothing else changes the output.
#pragma once

#include <cstdint>
#include <string>

namespace csatkit {

struct NumberFormat {
  char decimal = '.';
  std::string group = ",";  // thousands separator; empty for none

  // "." with "," groups (1,234.5), or "," with "." groups (1.234,5).
  static NumberFormat with_decimal(char decimal);
};

// Rounded half away from zero to `decimals` (0–9) places, integer part grouped:
// fixed_text(1234.5, 1) == "1,234.5", fixed_text(3, 1) == "3.0". Negative numbers take the
// minus sign U+2212 ("−2.0"), which screen readers read as "minus"; a value that rounds to zero
// has no sign. Not finite → "n/a".
std::string fixed_text(double value, int decimals, const NumberFormat& format = {});

// Like fixed_text without trailing zeros: 60 → "60", 60.25 at 1 → "60.3", 0.5 → "0.5".
std::string short_text(double value, int max_decimals, const NumberFormat& format = {});

// fixed_text with "+" in front of positive values: "+3.1", "−3.1", "0.0".
std::string signed_text(double value, int decimals, const NumberFormat& format = {});

// A whole count, grouped: 1000000 → "1,000,000".
std::string count_text(std::uint64_t count, const NumberFormat& format = {});

// A confidence level as a percentage without trailing zeros: 0.95 → "95", 0.999 → "99.9".
std::string confidence_text(double confidence);

}  // namespace csatkit
