#include "core/rating_text.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "core/locale.hpp"

using namespace csatkit;

// What is checked: every built-in label of every scale in every locale reads back as its point
// (so no translation is ambiguous today), in other cases and spellings; words of other scales
// and unknown words are not points; and a text that two locales give to different points is
// refused with rating.ambiguous. Expected points are read by hand from the tables in locale.cpp.

namespace {

Scale scale_of(const char* id) { return Scale::find(id).value(); }

std::optional<int> read(const RatingReader& reader, std::string_view text) {
  auto result = reader.read(text);
  INFO(std::string(text));
  REQUIRE(result.ok());
  return *result;
}

}  // namespace

TEST_CASE("fold_rating_text: case, spaces, apostrophes, dashes and Arabic marks") {
  CHECK(fold_rating_text("  Zeer   TEVREDEN \t") == "zeer tevreden");
  CHECK(fold_rating_text("TR\xC3\x88S SATISFAIT") == "tr\xC3\xA8s satisfait");        // È → è
  CHECK(fold_rating_text("\xC3\x84U\xC3\x9F" "ERST") == "\xC3\xA4u\xC3\x9f" "erst");  // Ä → ä; ß stays
  CHECK(fold_rating_text("D\xE2\x80\x99" "accord") == "d'accord");                    // ’ → '
  CHECK(fold_rating_text("10 \xE2\x80\x93 Zeer waarschijnlijk") == "10 - zeer waarschijnlijk");
  CHECK(fold_rating_text("Zeer\xC2\xA0tevreden") == "zeer tevreden");                 // no-break space
  // "راضٍ جدًا" (with tanween) and "راض جدا" (as usually typed) fold alike.
  CHECK(fold_rating_text("\xD8\xB1\xD8\xA7\xD8\xB6\xD9\x8D \xD8\xAC\xD8\xAF\xD9\x8B\xD8\xA7") ==
        "\xD8\xB1\xD8\xA7\xD8\xB6 \xD8\xAC\xD8\xAF\xD8\xA7");
  CHECK(fold_rating_text("\xC3\x97") == "\xC3\x97");  // × is not a letter
  CHECK(fold_rating_text("   ").empty());
}

TEST_CASE("every built-in label of every scale reads back as its point, in every locale") {
  for (const std::string& id : Scale::ids()) {
    const Scale scale = Scale::find(id).value();
    const RatingReader reader(scale);
    for (const Locale& locale : builtin_locales()) {
      REQUIRE(locale_has_texts(locale));  // natively every locale is compiled in
      for (int point = scale.min(); point <= scale.max(); ++point) {
        const std::string label(point_label(locale, scale, point));
        INFO(id << " " << locale.code << " " << point << " " << label);
        auto result = reader.read(label);
        REQUIRE(result.ok());  // no built-in text is ambiguous
        CHECK(*result == point);
      }
    }
  }
}

TEST_CASE("Dutch, French, Arabic and Hebrew words on their scales") {
  const RatingReader csat5(scale_of("csat5"));
  CHECK(read(csat5, "Zeer tevreden") == 5);
  CHECK(read(csat5, " zeer  TEVREDEN ") == 5);
  CHECK(read(csat5, "Ontevreden") == 2);
  CHECK(read(csat5, "Neutraal") == 3);
  CHECK(read(csat5, "TR\xC3\x88S SATISFAIT") == 5);
  CHECK(read(csat5, "\xD8\xB1\xD8\xA7\xD8\xB6 \xD8\xAC\xD8\xAF\xD8\xA7") == 5);  // راض جدا
  CHECK(read(csat5, "Very satisfied") == 5);                                    // English still
  CHECK(read(csat5, "4") == 4);
  CHECK(read(csat5, "Enigszins tevreden") == std::nullopt);  // a csat7 point, not a csat5 one
  CHECK(read(csat5, "Heel blij") == std::nullopt);
  CHECK(read(csat5, "7") == std::nullopt);

  const RatingReader emoji3(scale_of("emoji3"));
  CHECK(read(emoji3, "Ontevreden") == 1);  // the same word is 2 on csat5: scales are apart
  CHECK(read(emoji3, "tevreden") == 3);

  const RatingReader ces7(scale_of("ces7"));
  CHECK(read(ces7, "d\xE2\x80\x99" "accord") == 6);  // "D'accord" typed with ’
  CHECK(read(ces7, "Weder noch") == 4);

  const RatingReader helpful(scale_of("helpful"));
  CHECK(read(helpful, "Nee") == 0);
  CHECK(read(helpful, "OUI") == 1);
  CHECK(read(helpful, "\xD7\x9C\xD7\x90") == 0);  // לא
  CHECK(read(helpful, "y") == 1);                 // Scale::parse's own words

  // NPS and CSAT 1–10: the ends' labels, with either dash, and their anchor words alone.
  const RatingReader nps(scale_of("nps"));
  CHECK(read(nps, "0 \xE2\x80\x93 Zeer onwaarschijnlijk") == 0);
  CHECK(read(nps, "10 - zeer waarschijnlijk") == 10);
  CHECK(read(nps, "Zeer onwaarschijnlijk") == 0);
  CHECK(read(nps, "Extremely likely") == 10);
  CHECK(read(nps, "9") == 9);
  const RatingReader csat10(scale_of("csat10"));
  CHECK(read(csat10, "Sehr zufrieden") == 10);
  CHECK(read(csat10, "Sehr unzufrieden") == 1);
}

TEST_CASE("a text that means different points in different locales is refused, not guessed") {
  // Made-up words: "xx" says "Neutral" for 4 and "Mwah" for 2 on csat5, where English has
  // "Neutral" for 3. The built-in tables have no such clash (the test above), a translation could.
  const Scale csat5 = scale_of("csat5");
  const RatingReader reader(csat5, {{"en", 3, "Neutral"}, {"xx", 4, "neutral"}, {"yy", 4, "NEUTRAL"},
                                    {"xx", 2, "Mwah"}, {"xx", 9, "Off the scale"}});
  auto ambiguous = reader.read(" NEUTRAL ");
  REQUIRE_FALSE(ambiguous.ok());
  CHECK(ambiguous.error().code == "rating.ambiguous");
  CHECK(ambiguous.error().message ==
        "rating \" NEUTRAL \" is ambiguous on the csat5 scale: it means 3 (en) or 4 (xx, yy) depending on "
        "the language; use the number instead");
  // "Neutral" is also the scale's own English label: the clash wins over Scale::parse.
  CHECK_FALSE(reader.read("Neutral").ok());
  CHECK(read(reader, "mwah") == 2);
  CHECK(read(reader, "3") == 3);                         // numbers are never ambiguous
  CHECK(read(reader, "Very satisfied") == 5);            // English labels outside the clash
  CHECK(read(reader, "Off the scale") == std::nullopt);  // a word for a point the scale lacks
}
