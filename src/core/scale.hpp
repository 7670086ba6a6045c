// Rating scales: their points, English labels and the negative/neutral/positive buckets that
// every score is built on. A Scale is a small value; copy it freely.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace csatkit {

enum class ScaleFamily { Csat, Nps, Ces, Helpful };
enum class Bucket { Negative, Neutral, Positive };

std::string_view to_string(ScaleFamily family);  // "csat", "nps", "ces", "helpful"
std::string_view to_string(Bucket bucket);       // "negative", "neutral", "positive"

class Scale {
 public:
  // The built-in scales: emoji3, csat5, csat7, csat10, nps, ces7, helpful.
  static Result<Scale> find(std::string_view id);
  static std::vector<std::string> ids();

  // The same scale with a different first "satisfied" point (top-box threshold). Allowed for
  // the CSAT and CES families only: NPS buckets and "helpful" are fixed by definition.
  Result<Scale> with_satisfied_from(int first_satisfied) const;

  const std::string& id() const { return id_; }
  ScaleFamily family() const { return family_; }
  int min() const { return min_; }
  int max() const { return max_; }
  int point_count() const { return max_ - min_ + 1; }
  // First value of the positive bucket (satisfied, promoter, agree, yes).
  int satisfied_from() const { return satisfied_from_; }
  // First value of the neutral bucket; equals satisfied_from() when the scale has none.
  int neutral_from() const { return neutral_from_; }
  bool satisfied_is_default() const { return satisfied_from_ == default_satisfied_from_; }

  bool contains(int value) const { return value >= min_ && value <= max_; }
  // Precondition: contains(value).
  Bucket bucket(int value) const;
  // English meaning of a point ("Very satisfied", "Promoter" scales use the number). Precondition: contains(value).
  const std::string& label(int value) const;
  // Words at the ends of numeric scales ("Not at all likely" … "Extremely likely"); empty if none.
  const std::string& low_anchor() const { return low_anchor_; }
  const std::string& high_anchor() const { return high_anchor_; }

  // A cell of user text to a point: integers ("4", " 4 ", "4.0"), a point's English label in
  // any case ("very satisfied"), and for "helpful" also yes/no/true/false/y/n.
  // Empty optional when the text is none of these or the number is outside the scale.
  std::optional<int> parse(std::string_view text) const;

 private:
  Scale() = default;
  friend struct ScaleTable;

  std::string id_;
  ScaleFamily family_ = ScaleFamily::Csat;
  int min_ = 1;
  int max_ = 5;
  int satisfied_from_ = 4;
  int default_satisfied_from_ = 4;
  int neutral_from_ = 3;
  std::vector<std::string> labels_;  // index value - min_
  std::string low_anchor_;
  std::string high_anchor_;
};

}  // namespace csatkit
