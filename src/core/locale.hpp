// Built-in translations of the survey widget's default texts and scale point meanings, and the
// choice of a locale from what the site owner and the browser say. Everything lives in static
// tables (no maps, nothing built at start-up) because this ships in a size-budgeted wasm module.
//
// Locales: en, nl, sv, de, fr, es, pt, it, ar, he (ar and he are right-to-left). Each locale is
// one language with no regional variant: "pt-BR" and "pt-PT" both get pt, worded so it reads
// well in both.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_text.hpp"
#include "core/result.hpp"
#include "core/scale.hpp"

namespace csatkit {

// A built-in locale. The views point at static storage and stay valid for the whole program.
struct Locale {
  std::string_view code;  // "en", "pt", "he": the primary language subtag, lower case
  std::string_view name;  // in its own language ("Nederlands", "العربية") for a language picker
  bool rtl = false;       // true for ar and he: the widget sets dir="rtl"
};

// Every default text of the widget. The order is part of the table layout in locale.cpp; append
// new keys before Count.
enum class TextKey {
  // The question, per question type.
  QuestionCsat,     // "How satisfied are you with your experience?"
  QuestionNps,      // "How likely are you to recommend us to a friend or colleague?"
  QuestionCes,      // "It was easy to get what I needed." (answered on the agree scale ces7)
  QuestionHelpful,  // "Was this article helpful?"

  // The open follow-up question, chosen by the score's bucket.
  FollowUpNegative,  // "What could we do better?"
  FollowUpNeutral,   // "What would have made it better?"
  FollowUpPositive,  // "What did you like most?"

  CommentLabel,        // "Your comment" — accessible name of the comment box
  CommentPlaceholder,  // "Tell us more (optional)"
  CharactersLeft,      // "Characters left: {n}" — {n} is replaced by the caller; the
                       // "label: number" form needs no plural forms in any language

  // Buttons.
  Submit,  // "Send"
  Skip,    // "Skip"
  Close,   // "Close" — accessible name of the × button
  Next,    // "Next"
  Back,    // "Back"

  // Thank-you step and the review prompt for promoters.
  ThankYou,        // "Thank you for your feedback!"
  ThankYouDetail,  // "Your answers help us improve."
  ReviewPrompt,    // "Would you leave us a review?"
  ReviewLink,      // "Write a review"
  NoThanks,        // "No, thanks" — declines the review prompt

  // "Was this article helpful?" answers and the reasons asked after "No".
  HelpfulYes,          // "Yes"
  HelpfulNo,           // "No"
  ReasonsTitle,        // "What went wrong?"
  ReasonOutdated,      // "Outdated"
  ReasonUnclear,       // "Unclear"
  ReasonNotAnswered,   // "Didn't answer my question"
  ReasonOther,         // "Other"

  // Words shown at the ends of a scale.
  NpsLowAnchor,     // "Not at all likely"
  NpsHighAnchor,    // "Extremely likely"
  CsatLowAnchor,    // "Very dissatisfied"
  CsatHighAnchor,   // "Very satisfied"
  CesLowAnchor,     // "Strongly disagree"
  CesHighAnchor,    // "Strongly agree"

  // Accessibility: names of regions that have no visible title.
  SurveyLabel,      // "Feedback survey" — the dialog/region's accessible name
  ScaleGroupLabel,  // "Rating" — the radiogroup's name when no question labels it
  StepProgress,     // "Step {current} of {total}" — both placeholders replaced by the caller

  Count  // not a text: the number of keys, for loops and table sizes
};

inline constexpr std::size_t text_key_count = static_cast<std::size_t>(TextKey::Count);

// Stable snake_case name of a key ("question_csat", "submit", "reason_not_answered"), used for
// per-survey text overrides in the JSON definition. Count and out-of-range values give "".
std::string_view to_string(TextKey key);
// The key with that name (exact, as to_string gives it); empty for anything else.
std::optional<TextKey> text_key_from_string(std::string_view name);

// All built-in locales, English first: those whose strings are compiled in, and in the survey
// widget's wasm module (English only) those whose strings come as a locale pack.
const std::vector<Locale>& builtin_locales();

// The built-in locale for one language tag, BCP 47-ish: case-insensitive, "_" accepted for "-",
// region/script/variant dropped ("pt-BR" → pt, "nl-BE" → nl), legacy "iw" → he.
// Empty for an unsupported language ("zh") or junk ("", "*", "1234").
std::optional<Locale> find_locale(std::string_view tag);

// The locale to show: the first tag that find_locale() knows, trying the survey's configured
// locale, then the page's <html lang>, then navigator.languages in order, then English.
// Empty strings (not configured / no lang attribute) are skipped.
Locale negotiate_locale(std::string_view config_locale, std::string_view page_lang,
                        const std::vector<std::string>& navigator_languages);

// Whether this build has the locale's strings: compiled in (always, natively) or added from its
// pack. Without them text() and point_label() give English.
bool locale_has_texts(const Locale& locale);

// A locale's strings as a locale pack, the JSON that add_locale_pack() takes:
//   {"code":"nl","name":"Nederlands","dir":"ltr","texts":{"question_csat":…, …all TextKeys},
//    "emoji3":[3],"csat7":[7],"ces7":[7],"nps_ends":[2],"csat10_ends":[2]}
// (`csatkit locales` prints them; the build writes web/dist/locales/<code>.json). Null when this
// build does not have the locale's strings.
Json locale_pack_json(const Locale& locale);

// Adds a built-in locale's strings from its pack (the widget's module fetches the visitor's).
// Every string is checked (present, non-empty, at most 500 bytes): an error names the first
// that is not, as a JSON path into the pack. A locale whose strings are here already stays as
// it is (ok): the strings of a locale never change while a program runs. Not synchronised: it
// is for the widget's single-threaded module; native builds have every locale compiled in.
Status add_locale_pack(const Json& pack);

// The default text for a key in a locale. A locale whose strings are not here gets English;
// TextKey::Count gives "". Never empty for a real key in a built-in locale.
std::string_view text(const Locale& locale, TextKey key);

// The translated meaning of one point of a built-in scale, for buttons and accessible names:
//   emoji3  Unhappy / Neutral / Happy
//   csat5   Very dissatisfied … Very satisfied;  csat7 adds "Somewhat …"
//   ces7    Strongly disagree … Strongly agree;  helpful No / Yes
//   nps, csat10  the number, with the anchor at each end: "0 – Not at all likely", "1", …,
//                "10 – Extremely likely" (ASCII digits, " – " is a spaced en dash U+2013, in
//                every locale — RTL included, where the bidi algorithm orders it).
// A value outside the scale or a scale without a built-in id gives "".
std::string_view point_label(const Locale& locale, const Scale& scale, int value);

}  // namespace csatkit
