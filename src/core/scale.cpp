#include "core/scale.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace csatkit {

std::string_view to_string(ScaleFamily family) {
  switch (family) {
    case ScaleFamily::Csat: return "csat";
    case ScaleFamily::Nps: return "nps";
    case ScaleFamily::Ces: return "ces";
    case ScaleFamily::Helpful: return "helpful";
  }
  return "csat";
}

std::string_view to_string(Bucket bucket) {
  switch (bucket) {
    case Bucket::Negative: return "negative";
    case Bucket::Neutral: return "neutral";
    case Bucket::Positive: return "positive";
  }
  return "neutral";
}

struct ScaleTable {
  static Scale make(std::string id, ScaleFamily family, int min, int max, int neutral_from,
                    int satisfied_from, std::vector<std::string> labels, std::string low_anchor = {},
                    std::string high_anchor = {}) {
    Scale s;
    s.id_ = std::move(id);
    s.family_ = family;
    s.min_ = min;
    s.max_ = max;
    s.neutral_from_ = neutral_from;
    s.satisfied_from_ = satisfied_from;
    s.default_satisfied_from_ = satisfied_from;
    s.labels_ = std::move(labels);
    s.low_anchor_ = std::move(low_anchor);
    s.high_anchor_ = std::move(high_anchor);
    return s;
  }

  static std::vector<std::string> numbers(int min, int max) {
    std::vector<std::string> out;
    for (int v = min; v <= max; ++v) out.push_back(std::to_string(v));
    return out;
  }

  // Buckets follow the usual conventions: top-2-box for csat5, top-2 of 7 for csat7, 7–10 for
  // csat10 (the common "satisfied" cut), Bain's NPS buckets, and "agree" (5–7) for CES 7.
  static const std::vector<Scale>& all() {
    static const std::vector<Scale> scales = {
        make("emoji3", ScaleFamily::Csat, 1, 3, 2, 3, {"Unhappy", "Neutral", "Happy"}),
        make("csat5", ScaleFamily::Csat, 1, 5, 3, 4,
             {"Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"}),
        make("csat7", ScaleFamily::Csat, 1, 7, 4, 6,
             {"Very dissatisfied", "Dissatisfied", "Somewhat dissatisfied", "Neutral",
              "Somewhat satisfied", "Satisfied", "Very satisfied"}),
        make("csat10", ScaleFamily::Csat, 1, 10, 5, 7, numbers(1, 10), "Very dissatisfied",
             "Very satisfied"),
        make("nps", ScaleFamily::Nps, 0, 10, 7, 9, numbers(0, 10), "Not at all likely",
             "Extremely likely"),
        make("ces7", ScaleFamily::Ces, 1, 7, 4, 5,
             {"Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
              "Somewhat agree", "Agree", "Strongly agree"}),
        make("helpful", ScaleFamily::Helpful, 0, 1, 1, 1, {"No", "Yes"}),
    };
    return scales;
  }
};

Result<Scale> Scale::find(std::string_view id) {
  for (const Scale& s : ScaleTable::all()) {
    if (s.id_ == id) return s;
  }
  std::string known;
  for (const Scale& s : ScaleTable::all()) known += (known.empty() ? "" : ", ") + s.id_;
  return Error{"scale.unknown", "scale",
               "unknown scale \"" + std::string(id) + "\"; expected one of " + known};
}

std::vector<std::string> Scale::ids() {
  std::vector<std::string> out;
  for (const Scale& s : ScaleTable::all()) out.push_back(s.id_);
  return out;
}

Result<Scale> Scale::with_satisfied_from(int first_satisfied) const {
  // The scale's own threshold changes nothing, fixed or not: a report that states it (NPS: 9)
  // can be handed back as it came.
  if (first_satisfied == satisfied_from_) return *this;
  if (family_ == ScaleFamily::Nps || family_ == ScaleFamily::Helpful) {
    return Error{"scale.threshold_fixed", "satisfied_from",
                 "the " + id_ + " scale's buckets are fixed by definition and cannot be changed"};
  }
  if (first_satisfied <= min_ || first_satisfied > max_) {
    return Error{"scale.threshold_range", "satisfied_from",
                 "satisfied-from must be between " + std::to_string(min_ + 1) + " and " +
                     std::to_string(max_) + " on the " + id_ + " scale, got " +
                     std::to_string(first_satisfied)};
  }
  Scale copy = *this;
  copy.satisfied_from_ = first_satisfied;
  // A lower threshold swallows the neutral points below the old one.
  if (copy.neutral_from_ > first_satisfied) copy.neutral_from_ = first_satisfied;
  return copy;
}

Bucket Scale::bucket(int value) const {
  if (value >= satisfied_from_) return Bucket::Positive;
  if (value >= neutral_from_) return Bucket::Neutral;
  return Bucket::Negative;
}

const std::string& Scale::label(int value) const { return labels_[static_cast<size_t>(value - min_)]; }

namespace {

// ASCII white space, as the C locale's isspace (a CSV cell's text is UTF-8, never Latin-1), without
// a libc call per byte: this runs on every rating of a CSV import.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// "4", "+4", "4.0", "4.00" → 4; anything with a fraction or trailing junk → nothing.
std::optional<long> parse_integral(std::string_view text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  // The common case, plain digits ("4", "10"), without strtod: in wasm its long double
  // arithmetic is emulated and cost more than the rest of a CSV row.
  if (text.size() <= 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long number = 0;
    for (char c : text) number = number * 10 + (c - '0');
    return number;
  }
  char buffer[33];
  text.copy(buffer, text.size());
  buffer[text.size()] = '\0';
  char* end = nullptr;
  const double number = std::strtod(buffer, &end);
  if (end != buffer + text.size() || !std::isfinite(number)) return std::nullopt;
  // strtod also accepts hex, "inf" and "nan"; only plain decimal digits count as a rating.
  for (char c : text) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-')) return std::nullopt;
  }
  if (number != std::floor(number) || std::fabs(number) > 1e6) return std::nullopt;
  return static_cast<long>(number);
}

}  // namespace

std::optional<int> Scale::parse(std::string_view text) const {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (auto number = parse_integral(text)) {
    if (*number < min_ || *number > max_) return std::nullopt;
    return static_cast<int>(*number);
  }
  for (int v = min_; v <= max_; ++v) {
    if (equals_ignoring_case(text, label(v))) return v;
  }
  if (family_ == ScaleFamily::Helpful) {
    for (std::string_view yes : {"true", "y", "helpful"}) {
      if (equals_ignoring_case(text, yes)) return 1;
    }
    for (std::string_view no : {"false", "n", "not helpful"}) {
      if (equals_ignoring_case(text, no)) return 0;
    }
  }
  return std::nullopt;
}

}  // namespace csatkit
