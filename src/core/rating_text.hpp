// Reading a rating as people paste or export it: a number, the scale's English label, or the
// point's label in any built-in locale ("Zeer tevreden", "très satisfait", "راضٍ جدًا"), so a
// Dutch export scores the same whatever language the page or the CLI speaks.
//
// How a text is matched (tested in tests/core/rating_text_test.cpp):
// - First Scale::parse: numbers ("4", "4.0"), English labels, yes/no words for "helpful".
// - Then the scale's point labels in every built-in locale whose strings this build has
//   (locale.hpp point_label): csat5/csat7/ces7/emoji3 words, "Ja"/"Nee" for helpful, and for
//   NPS and CSAT 1–10 the end points' labels ("0 – Zeer onwaarschijnlijk") and their anchor
//   words alone ("Zeer onwaarschijnlijk").
// - Case-insensitively (ASCII and Latin-1 letters: "ZEER TEVREDEN", "TRÈS SATISFAIT"), with
//   white space trimmed and runs of it collapsed, typographic apostrophes read as "'" ("D’accord"),
//   an en dash as "-" and Arabic short-vowel marks ignored ("راض جدا" is "راضٍ جدًا").
// - A text that means different points of the same scale in different locales is refused with
//   the error rating.ambiguous (naming the points and locales) rather than guessed; the built-in
//   tables have none today (a test keeps it so), but a future translation could add one.
//
// Native builds and the calculator's module have every locale compiled in. The survey widget's
// module (English only) never reads ratings from text, so none of this is linked into it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/scale.hpp"

namespace csatkit {

// One locale's word for one point of a scale.
struct PointWord {
  std::string locale;  // "nl"
  int point;
  std::string text;    // "Zeer tevreden"
};

// The text as rating words are compared: trimmed, white space collapsed, ASCII and Latin-1
// letters lower-cased, ’ ‘ → ', – → -, no-break space → space, Arabic harakat dropped.
std::string fold_rating_text(std::string_view text);

// A scale's reader of rating texts.
class RatingReader {
 public:
  // The built-in words: the scale's point labels in every built-in locale this build has.
  explicit RatingReader(const Scale& scale);
  // Any words (for tests, or a site's own translations); words for points off the scale are ignored.
  RatingReader(const Scale& scale, const std::vector<PointWord>& words);

  // The point a text names; empty when it names none; error rating.ambiguous when its words mean
  // different points in different locales.
  Result<std::optional<int>> read(std::string_view text) const;

  const Scale& scale() const { return scale_; }

 private:
  struct Entry {
    std::string folded;
    int point;
    std::vector<std::string> locales;  // who says it, for the ambiguity message
  };
  const Entry* find(const std::string& folded) const;

  Scale scale_;
  std::vector<Entry> entries_;  // sorted by folded text, one per (text, point)
  bool ambiguous_ = false;      // some folded text has entries for two points
};

// The built-in words for a scale's points, locale by locale (what RatingReader(scale) uses).
std::vector<PointWord> builtin_point_words(const Scale& scale);

}  // namespace csatkit
