// A JSON number's text to the nearest double, rounded exactly as strtod rounds (to nearest, ties to
// even; beyond the range: ±infinity; below it: subnormals, then ±0).
//
// Why not strtod: in WebAssembly, libc's strtod computes in 128-bit long double, which wasm only has
// in software; that arithmetic is ~14 KB of the survey widget's module (7 KB gzip, an eighth of
// its download budget). The core's JSON reader (json_text.hpp) reads every fraction and exponent
// with this; natively it is tested against the platform's strtod.
//
// The method is the exact decimal one (as Go's strconv falls back to): the digits are kept as a
// decimal, shifted by powers of two into [0.5, 1), then the 53 bits are read off and rounded with
// knowledge of every digit. Slow for numbers with hundreds of digits, exact for all.
#pragma once

namespace csatkit {

// Reads the longest prefix of `text` that is a JSON number (-?digits[.digits][(e|E)[+-]digits])
// and stores the end of that prefix in *end (when end is not null); 0 and *end = text when there is
// none. Unlike strtod: no leading whitespace, "inf", "nan", hexadecimal or locale decimal point,
// and errno is left alone (an out-of-range number still gives ±infinity or ±0).
double parse_json_number(const char* text, const char** end);

}  // namespace csatkit
