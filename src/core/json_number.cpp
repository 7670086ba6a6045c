#include "core/json_number.hpp"

#include <cstdint>
#include <cstring>

namespace csatkit {
namespace {

constexpr int kMantissaBits = 52;
constexpr int kExponentBits = 11;
constexpr int kBias = -1023;
// More digits than any double needs to be rounded right (767 significant digits is the most a
// double's exact decimal value has); further non-zero digits only set `truncated`.
constexpr int kMaxDigits = 800;
// Largest shift per step: 9 << 60 plus a carry below 2^60 still fits in 64 bits.
constexpr int kMaxShift = 60;

// A non-negative decimal 0.d[0]d[1]…d[count-1] × 10^point, digits as values 0–9.
struct Decimal {
  unsigned char digits[kMaxDigits];
  int count = 0;
  int point = 0;
  bool truncated = false;  // non-zero digits were dropped beyond `digits`

  void trim() {
    while (count > 0 && digits[count - 1] == 0) --count;
    if (count == 0) point = 0;
  }

  // × 2^shift, 0 < shift ≤ kMaxShift.
  void shift_left(int shift) {
    unsigned char reversed[kMaxDigits + 20];  // the product's digits, least significant first
    int length = 0;
    std::uint64_t carry = 0;
    for (int i = count - 1; i >= 0; --i) {
      carry += static_cast<std::uint64_t>(digits[i]) << shift;
      reversed[length++] = static_cast<unsigned char>(carry % 10);
      carry /= 10;
    }
    while (carry > 0) {
      reversed[length++] = static_cast<unsigned char>(carry % 10);
      carry /= 10;
    }
    point += length - count;
    count = length < kMaxDigits ? length : kMaxDigits;
    for (int i = 0; i < length; ++i) {
      const unsigned char digit = reversed[length - 1 - i];
      if (i < kMaxDigits) {
        digits[i] = digit;
      } else if (digit != 0) {
        truncated = true;
      }
    }
    trim();
  }

  // ÷ 2^shift, 0 < shift ≤ kMaxShift (long division, one digit in, one digit out).
  void shift_right(int shift) {
    int read = 0;
    int write = 0;
    std::uint64_t value = 0;
    while ((value >> shift) == 0) {  // enough leading digits for the first quotient digit
      if (read >= count) {
        if (value == 0) {
          count = 0;
          point = 0;
          return;
        }
        while ((value >> shift) == 0) {
          value *= 10;
          ++read;
        }
        break;
      }
      value = value * 10 + digits[read++];
    }
    point -= read - 1;
    const std::uint64_t mask = (std::uint64_t{1} << shift) - 1;
    for (; read < count; ++read) {
      const std::uint64_t digit = value >> shift;
      value &= mask;
      digits[write++] = static_cast<unsigned char>(digit);
      value = value * 10 + digits[read];
    }
    while (value > 0) {
      const std::uint64_t digit = value >> shift;
      value &= mask;
      if (write < kMaxDigits) {
        digits[write++] = static_cast<unsigned char>(digit);
      } else if (digit > 0) {
        truncated = true;
      }
      value *= 10;
    }
    count = write;
    trim();
  }

  void shift(int by) {
    if (count == 0) return;
    for (; by > kMaxShift; by -= kMaxShift) shift_left(kMaxShift);
    for (; by < -kMaxShift; by += kMaxShift) shift_right(kMaxShift);
    if (by > 0) shift_left(by);
    if (by < 0) shift_right(-by);
  }

  // The integer part, rounded to nearest, ties to even (a dropped non-zero digit breaks the tie up).
  // Precondition: point ≤ 20.
  std::uint64_t rounded_integer() const {
    std::uint64_t value = 0;
    int i = 0;
    for (; i < point && i < count; ++i) value = value * 10 + digits[i];
    for (; i < point; ++i) value *= 10;
    if (point >= 0 && point < count) {
      bool up = digits[point] >= 5;
      if (digits[point] == 5 && point + 1 == count && !truncated) {
        up = point > 0 && digits[point - 1] % 2 == 1;
      }
      if (up) ++value;
    }
    return value;
  }
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Powers of two that move the decimal point by at most one place per step (from Go's strconv).
int power_of_two_step(int places) {
  constexpr int kSteps[] = {1, 3, 6, 9, 13, 16, 19, 23, 26};
  return places < 9 ? kSteps[places] : 27;
}

std::uint64_t double_bits(Decimal& d) {
  constexpr int kMaxBiasedExponent = (1 << kExponentBits) - 1;
  const std::uint64_t infinity = static_cast<std::uint64_t>(kMaxBiasedExponent) << kMantissaBits;
  if (d.count == 0 || d.point < -330) return 0;  // below half the smallest subnormal
  if (d.point > 310) return infinity;

  // Scale into [0.5, 1) by powers of two.
  int exponent = 0;
  while (d.point > 0) {
    const int step = power_of_two_step(d.point);
    d.shift(-step);
    exponent += step;
  }
  while (d.point < 0 || (d.point == 0 && d.digits[0] < 5)) {
    const int step = power_of_two_step(-d.point);
    d.shift(step);
    exponent -= step;
  }
  --exponent;  // [0.5, 1) → [1, 2)

  if (exponent < kBias + 1) {  // subnormal: fewer mantissa bits
    const int by = kBias + 1 - exponent;
    d.shift(-by);
    exponent += by;
  }
  if (exponent - kBias >= kMaxBiasedExponent) return infinity;

  d.shift(1 + kMantissaBits);
  std::uint64_t mantissa = d.rounded_integer();
  if (mantissa == (std::uint64_t{2} << kMantissaBits)) {  // rounding carried into a new bit
    mantissa >>= 1;
    ++exponent;
    if (exponent - kBias >= kMaxBiasedExponent) return infinity;
  }
  if ((mantissa & (std::uint64_t{1} << kMantissaBits)) == 0) exponent = kBias;  // subnormal
  return (mantissa & ((std::uint64_t{1} << kMantissaBits) - 1)) |
         (static_cast<std::uint64_t>(exponent - kBias) << kMantissaBits);
}

}  // namespace

double parse_json_number(const char* text, const char** end) {
  const char* p = text;
  const bool negative = *p == '-';
  if (negative) ++p;
  if (!is_digit(*p)) {
    if (end != nullptr) *end = text;
    return 0;
  }

  // 0.d[0]d[1]… × 10^point: significant integer digits raise the point, zeros right after the
  // decimal point (before any significant digit) lower it.
  Decimal d;
  auto keep = [&d](char c) {
    if (d.count < kMaxDigits) {
      d.digits[d.count++] = static_cast<unsigned char>(c - '0');
    } else if (c != '0') {
      d.truncated = true;
    }
  };
  for (; is_digit(*p); ++p) {
    if (*p == '0' && d.count == 0) continue;  // a leading zero
    keep(*p);
    ++d.point;
  }
  if (*p == '.' && is_digit(p[1])) {
    for (++p; is_digit(*p); ++p) {
      if (*p == '0' && d.count == 0) {
        --d.point;
      } else {
        keep(*p);
      }
    }
  }
  if ((*p == 'e' || *p == 'E') &&
      (is_digit(p[1]) || ((p[1] == '+' || p[1] == '-') && is_digit(p[2])))) {
    ++p;
    const bool negative_exponent = *p == '-';
    if (*p == '+' || *p == '-') ++p;
    int exponent = 0;
    for (; is_digit(*p); ++p) {
      if (exponent < 100000) exponent = exponent * 10 + (*p - '0');
    }
    d.point += negative_exponent ? -exponent : exponent;
  }
  if (end != nullptr) *end = p;

  d.trim();
  std::uint64_t bits = double_bits(d);
  if (negative) bits |= std::uint64_t{1} << 63;
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace csatkit
