#include "core/locale.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

using namespace csatkit;

namespace {

std::vector<TextKey> all_keys() {
  std::vector<TextKey> keys;
  for (std::size_t i = 0; i < text_key_count; ++i) keys.push_back(static_cast<TextKey>(i));
  return keys;
}

std::vector<Scale> all_scales() {
  std::vector<Scale> scales;
  for (const std::string& id : Scale::ids()) scales.push_back(Scale::find(id).value());
  return scales;
}

Locale locale(std::string_view code) {
  auto found = find_locale(code);
  REQUIRE(found.has_value());
  return *found;
}

// Strict-enough UTF-8 check: a mangled literal (wrong source encoding) would otherwise reach the page.
bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 9;
    if (extra == 9 || i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

// Every string the widget may show for a locale: all texts and all scale points.
std::vector<std::string_view> all_strings(const Locale& l) {
  std::vector<std::string_view> out;
  for (TextKey key : all_keys()) out.push_back(text(l, key));
  for (const Scale& scale : all_scales()) {
    for (int v = scale.min(); v <= scale.max(); ++v) out.push_back(point_label(l, scale, v));
  }
  return out;
}

}  // namespace

TEST_CASE("the ten built-in locales, English first, with their names and direction") {
  const auto& locales = builtin_locales();
  std::vector<std::string> codes;
  for (const Locale& l : locales) {
    codes.emplace_back(l.code);
    CHECK_FALSE(l.name.empty());
    CHECK(l.rtl == (l.code == "ar" || l.code == "he"));
    // Each code finds itself.
    CHECK(locale(l.code).code == l.code);
  }
  CHECK(codes == std::vector<std::string>{"en", "nl", "sv", "de", "fr", "es", "pt", "it", "ar", "he"});
  CHECK(locale("de").name == "Deutsch");
  CHECK(locale("ar").name == "العربية");
  CHECK(locale("he").name == "עברית");
  CHECK(locale("ar").rtl);
  CHECK(locale("he").rtl);
  CHECK_FALSE(locale("en").rtl);
}

TEST_CASE("every locale has every text, non-empty, trimmed and valid UTF-8") {
  // The checker itself rejects truncated and invalid sequences.
  REQUIRE(is_valid_utf8("Très ✓ 😀"));
  REQUIRE_FALSE(is_valid_utf8("\xC3"));
  REQUIRE_FALSE(is_valid_utf8("\xFF"));
  REQUIRE_FALSE(is_valid_utf8("\xE2\x9C"));
  for (const Locale& l : builtin_locales()) {
    for (TextKey key : all_keys()) {
      INFO(l.code << " " << to_string(key));
      const std::string_view s = text(l, key);
      REQUIRE_FALSE(s.empty());
      CHECK(is_valid_utf8(s));
      CHECK(s.front() != ' ');
      CHECK(s.back() != ' ');
    }
  }
}

TEST_CASE("every locale labels every point of every scale, distinctly") {
  for (const Locale& l : builtin_locales()) {
    for (const Scale& scale : all_scales()) {
      std::set<std::string_view> seen;
      for (int v = scale.min(); v <= scale.max(); ++v) {
        INFO(l.code << " " << scale.id() << " " << v);
        const std::string_view label = point_label(l, scale, v);
        REQUIRE_FALSE(label.empty());
        CHECK(is_valid_utf8(label));
        // Points are radio buttons: two with the same accessible name could not be told apart.
        CHECK(seen.insert(label).second);
      }
    }
  }
}

TEST_CASE("English point labels and anchors are the scales' own English labels") {
  const Locale en = locale("en");
  for (const Scale& scale : all_scales()) {
    for (int v = scale.min(); v <= scale.max(); ++v) {
      INFO(scale.id() << " " << v);
      if (scale.low_anchor().empty()) {
        CHECK(point_label(en, scale, v) == scale.label(v));
      } else if (v == scale.min()) {
        CHECK(point_label(en, scale, v) == scale.label(v) + " – " + scale.low_anchor());
      } else if (v == scale.max()) {
        CHECK(point_label(en, scale, v) == scale.label(v) + " – " + scale.high_anchor());
      } else {
        CHECK(point_label(en, scale, v) == scale.label(v));
      }
    }
  }
}

TEST_CASE("in every locale the scale ends agree with the anchor texts") {
  const Scale csat5 = Scale::find("csat5").value();
  const Scale csat7 = Scale::find("csat7").value();
  const Scale csat10 = Scale::find("csat10").value();
  const Scale nps = Scale::find("nps").value();
  const Scale ces7 = Scale::find("ces7").value();
  const Scale helpful = Scale::find("helpful").value();
  for (const Locale& l : builtin_locales()) {
    INFO(l.code);
    const auto t = [&](TextKey key) { return std::string(text(l, key)); };
    CHECK(point_label(l, nps, 0) == "0 – " + t(TextKey::NpsLowAnchor));
    CHECK(point_label(l, nps, 10) == "10 – " + t(TextKey::NpsHighAnchor));
    CHECK(point_label(l, nps, 5) == "5");
    CHECK(point_label(l, csat10, 1) == "1 – " + t(TextKey::CsatLowAnchor));
    CHECK(point_label(l, csat10, 10) == "10 – " + t(TextKey::CsatHighAnchor));
    CHECK(point_label(l, csat10, 7) == "7");
    CHECK(point_label(l, csat5, 1) == t(TextKey::CsatLowAnchor));
    CHECK(point_label(l, csat5, 5) == t(TextKey::CsatHighAnchor));
    CHECK(point_label(l, csat7, 1) == t(TextKey::CsatLowAnchor));
    CHECK(point_label(l, csat7, 7) == t(TextKey::CsatHighAnchor));
    // csat5 is csat7 without the "somewhat" points.
    CHECK(point_label(l, csat5, 2) == point_label(l, csat7, 2));
    CHECK(point_label(l, csat5, 3) == point_label(l, csat7, 4));
    CHECK(point_label(l, csat5, 4) == point_label(l, csat7, 6));
    CHECK(point_label(l, ces7, 1) == t(TextKey::CesLowAnchor));
    CHECK(point_label(l, ces7, 7) == t(TextKey::CesHighAnchor));
    CHECK(point_label(l, helpful, 0) == t(TextKey::HelpfulNo));
    CHECK(point_label(l, helpful, 1) == t(TextKey::HelpfulYes));
  }
}

TEST_CASE("placeholders survive translation and appear nowhere else") {
  for (const Locale& l : builtin_locales()) {
    INFO(l.code);
    CHECK(text(l, TextKey::CharactersLeft).find("{n}") != std::string_view::npos);
    CHECK(text(l, TextKey::StepProgress).find("{current}") != std::string_view::npos);
    CHECK(text(l, TextKey::StepProgress).find("{total}") != std::string_view::npos);
    for (TextKey key : all_keys()) {
      if (key == TextKey::CharactersLeft || key == TextKey::StepProgress) continue;
      INFO(to_string(key));
      CHECK(text(l, key).find('{') == std::string_view::npos);
    }
  }
}

TEST_CASE("French punctuation takes a no-break space, never a plain one") {
  const Locale fr = locale("fr");
  for (std::string_view s : all_strings(fr)) {
    INFO(s);
    for (std::string_view bad : {" ?", " !", " :", " ;"}) CHECK(s.find(bad) == std::string_view::npos);
  }
  CHECK(text(fr, TextKey::QuestionHelpful) == "Cet article vous a-t-il été utile\u00A0?");
}

TEST_CASE("spot checks of the translations") {
  const Scale csat5 = Scale::find("csat5").value();
  const Scale csat7 = Scale::find("csat7").value();
  const Scale ces7 = Scale::find("ces7").value();
  const Scale emoji3 = Scale::find("emoji3").value();
  const Scale nps = Scale::find("nps").value();

  CHECK(point_label(locale("de"), csat5, 1) == "Sehr unzufrieden");
  CHECK(point_label(locale("de"), csat5, 5) == "Sehr zufrieden");
  CHECK(point_label(locale("de"), csat7, 3) == "Eher unzufrieden");
  CHECK(point_label(locale("nl"), csat5, 1) == "Zeer ontevreden");
  CHECK(point_label(locale("nl"), csat5, 5) == "Zeer tevreden");
  CHECK(point_label(locale("fr"), csat5, 1) == "Très insatisfait");
  CHECK(point_label(locale("fr"), csat5, 5) == "Très satisfait");
  CHECK(point_label(locale("es"), ces7, 4) == "Ni de acuerdo ni en desacuerdo");
  CHECK(point_label(locale("pt"), ces7, 1) == "Discordo totalmente");
  CHECK(point_label(locale("it"), csat5, 4) == "Soddisfatto");
  CHECK(point_label(locale("sv"), emoji3, 3) == "Nöjd");
  CHECK(point_label(locale("ar"), csat5, 5) == "راضٍ جدًا");
  CHECK(point_label(locale("he"), nps, 10) == "10 – סביר מאוד");
  CHECK(text(locale("en"), TextKey::QuestionNps) == "How likely are you to recommend us to a friend or colleague?");
  CHECK(text(locale("de"), TextKey::QuestionNps) ==
        "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen würden?");
  CHECK(text(locale("nl"), TextKey::Submit) == "Verzenden");
  CHECK(text(locale("sv"), TextKey::Skip) == "Hoppa över");
  CHECK(text(locale("en"), TextKey::ReasonNotAnswered) == "Didn't answer my question");
  CHECK(text(locale("ar"), TextKey::ThankYou) == "شكرًا لك على ملاحظاتك!");
  CHECK(text(locale("he"), TextKey::Close) == "סגירה");
}

TEST_CASE("register: formal address where the language has a choice") {
  // de "Sie", fr "vous", nl "u", es "usted" (su/le), it "Lei" (sua): the informal pronouns never appear.
  const auto contains_word = [](std::string_view s, std::string_view word) {
    for (std::size_t at = s.find(word); at != std::string_view::npos; at = s.find(word, at + 1)) {
      const bool start = at == 0 || s[at - 1] == ' ' || s[at - 1] == '-';
      const std::size_t end = at + word.size();
      const bool stop = end == s.size() || s[end] == ' ' || s[end] == '?' || s[end] == ',';
      if (start && stop) return true;
    }
    return false;
  };
  const struct {
    const char* code;
    std::vector<const char*> informal;
  } cases[] = {{"de", {"du", "dir", "dich", "dein", "deine", "Du"}},
               {"fr", {"tu", "te", "toi", "ton", "ta", "tes"}},
               {"nl", {"je", "jij", "jou", "jouw"}},
               {"es", {"tú", "te", "tu", "ti"}},
               {"it", {"tu", "ti", "tuo", "tua"}}};
  for (const auto& c : cases) {
    for (std::string_view s : all_strings(locale(c.code))) {
      for (const char* word : c.informal) {
        INFO(c.code << ": " << s << " contains " << word);
        CHECK_FALSE(contains_word(s, word));
      }
    }
  }
}

TEST_CASE("text keys have stable names that round-trip") {
  std::set<std::string_view> names;
  for (TextKey key : all_keys()) {
    const std::string_view name = to_string(key);
    INFO(static_cast<int>(key));
    REQUIRE_FALSE(name.empty());
    CHECK(names.insert(name).second);
    CHECK(text_key_from_string(name) == key);
  }
  CHECK(to_string(TextKey::Submit) == "submit");
  CHECK(to_string(TextKey::ReasonNotAnswered) == "reason_not_answered");
  CHECK(to_string(TextKey::Count).empty());
  CHECK_FALSE(text_key_from_string("Submit").has_value());
  CHECK_FALSE(text_key_from_string("").has_value());
  CHECK_FALSE(text_key_from_string("count").has_value());
}

TEST_CASE("out-of-range input gives an empty string, an unknown locale English") {
  const Scale nps = Scale::find("nps").value();
  const Scale csat5 = Scale::find("csat5").value();
  const Locale en = locale("en");
  CHECK(point_label(en, nps, -1).empty());
  CHECK(point_label(en, nps, 11).empty());
  CHECK(point_label(en, csat5, 0).empty());
  CHECK(text(en, TextKey::Count).empty());
  CHECK(text(en, static_cast<TextKey>(9999)).empty());
  // A Locale made by hand: its language decides; an unknown one falls back to English.
  CHECK(text(Locale{"NL-be", "", false}, TextKey::Submit) == "Verzenden");
  CHECK(text(Locale{"zh", "", false}, TextKey::Submit) == "Send");
  CHECK(text(Locale{}, TextKey::Submit) == "Send");
  CHECK(point_label(Locale{"xx", "", false}, csat5, 5) == "Very satisfied");
  // Moving the top-box threshold does not change what the points mean.
  CHECK(point_label(locale("de"), csat5.with_satisfied_from(5).value(), 4) == "Zufrieden");
}

TEST_CASE("find_locale: BCP 47-ish, case-insensitive, region dropped") {
  CHECK(locale("pt-BR").code == "pt");
  CHECK(locale("pt_PT").code == "pt");
  CHECK(locale("nl-BE").code == "nl");
  CHECK(locale("en-GB").code == "en");
  CHECK(locale("EN-us").code == "en");
  CHECK(locale("De").code == "de");
  CHECK(locale("ar-EG").rtl);
  CHECK(locale(" fr-CA ").code == "fr");  // attribute values can carry stray whitespace
  CHECK(locale("iw").code == "he");       // the pre-1989 code some browsers still send
  CHECK(locale("he-IL").code == "he");
}

TEST_CASE("find_locale: unsupported languages and junk find nothing") {
  for (const char* tag : {"zh", "zh-Hant-TW", "ja", "nb-NO", "", " ", "*", "-", "e", "english",
                          "en;q=0.9", "1234", "e1", "auto", "nl.BE", "\xff\xfe", "\0en"}) {
    INFO(tag);
    CHECK_FALSE(find_locale(tag).has_value());
  }
  CHECK_FALSE(find_locale(std::string_view("\0en", 3)).has_value());
  CHECK_FALSE(find_locale("\xc3\xa9n").has_value());  // non-ASCII letters are not a language tag
}

TEST_CASE("negotiate_locale: config, then page lang, then navigator languages, then English") {
  CHECK(negotiate_locale("de", "fr", {"es", "it"}).code == "de");  // config wins
  CHECK(negotiate_locale("", "fr-FR", {"es", "it"}).code == "fr");  // then the page's lang
  CHECK(negotiate_locale("", "", {"es-MX", "it"}).code == "es");    // then the browser, in order
  CHECK(negotiate_locale("", "", {"zh-CN", "ja", "it-IT", "de"}).code == "it");  // first known one
  CHECK(negotiate_locale("", "", {}).code == "en");
  CHECK(negotiate_locale("zh", "", {}).code == "en");  // unsupported → English
  CHECK(negotiate_locale("zh", "ko", {"ja"}).code == "en");
  // An unsupported configured or page language does not block the next source.
  CHECK(negotiate_locale("zh", "nl-BE", {"de"}).code == "nl");
  CHECK(negotiate_locale("xx-YY", "", {"PT-br"}).code == "pt");
  CHECK(negotiate_locale("  ", "*", {"", "en;q=0.5", "SV"}).code == "sv");
  // The result is the full built-in locale, direction included.
  const Locale he = negotiate_locale("", "", {"iw-IL"});
  CHECK(he.code == "he");
  CHECK(he.rtl);
  CHECK(he.name == "עברית");
}

// Locale packs carry a locale's strings to a build that lacks them (the widget's wasm module is
// English only). Natively every locale is compiled in, so a pack must reproduce text() and
// point_label() exactly, and adding one checks it before changing anything.
TEST_CASE("locale_pack_json holds every text and scale point label of its locale") {
  for (const Locale& l : builtin_locales()) {
    INFO(l.code);
    REQUIRE(locale_has_texts(l));
    const Json pack = locale_pack_json(l);
    CHECK(pack["code"] == std::string(l.code));
    CHECK(pack["dir"] == (l.rtl ? "rtl" : "ltr"));
    REQUIRE(pack["texts"].size() == text_key_count);
    for (TextKey key : all_keys()) CHECK(pack["texts"][std::string(to_string(key))] == std::string(text(l, key)));
    const Scale emoji3 = Scale::find("emoji3").value(), csat7 = Scale::find("csat7").value();
    const Scale ces7 = Scale::find("ces7").value(), nps = Scale::find("nps").value(), csat10 = Scale::find("csat10").value();
    REQUIRE(pack["emoji3"].size() == 3);
    REQUIRE(pack["csat7"].size() == 7);
    REQUIRE(pack["ces7"].size() == 7);
    for (int v = 1; v <= 3; ++v) CHECK(pack["emoji3"][v - 1] == std::string(point_label(l, emoji3, v)));
    for (int v = 1; v <= 7; ++v) CHECK(pack["csat7"][v - 1] == std::string(point_label(l, csat7, v)));
    for (int v = 1; v <= 7; ++v) CHECK(pack["ces7"][v - 1] == std::string(point_label(l, ces7, v)));
    CHECK(pack["nps_ends"] == Json::array({std::string(point_label(l, nps, 0)), std::string(point_label(l, nps, 10))}));
    CHECK(pack["csat10_ends"] == Json::array({std::string(point_label(l, csat10, 1)), std::string(point_label(l, csat10, 10))}));
  }
}

TEST_CASE("add_locale_pack checks the whole pack and names the first bad string") {
  const Json good = locale_pack_json(locale("nl"));
  const auto path_of = [](const Json& pack) {
    auto added = add_locale_pack(pack);
    REQUIRE_FALSE(added);
    CHECK(added.error().code == "locale.pack_invalid");
    return added.error().path;
  };
  CHECK(path_of(Json::array()) == "$");
  Json no_code = good;
  no_code.erase("code");
  CHECK(path_of(no_code) == "$.code");
  Json unknown = good;
  unknown["code"] = "zz";
  CHECK(path_of(unknown) == "$.code");
  // The checks of each text need a locale this build lacks, and natively it has them all: they
  // run on the English-only wasm module (tests/wasm/widget.test.mjs). A locale that is here
  // already is left as it is, whatever the pack says.
  Json different = good;
  different["texts"]["submit"] = "Anders";
  REQUIRE(add_locale_pack(different));
  CHECK(text(locale("nl"), TextKey::Submit) == "Verzenden");
}
