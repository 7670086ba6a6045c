// A survey definition: the JSON a site owner writes (question, flow, texts, presentation,
// display rules), checked whole and normalized with every default made explicit.
//
// The smallest valid definition is {"id":"post-chat","type":"csat"}. Every key:
//   "id"        1–64 of [A-Za-z0-9_-], required
//   "type"      "csat" | "nps" | "ces" | "helpful", required
//   "scale"     csat: "emoji3" | "csat5" (default) | "csat7" | "csat10"; nps: "nps"; ces: "ces7";
//               helpful: "helpful" (each type's only scale may be given, or left out)
//   "locale"    a built-in locale ("nl", "pt-BR" → pt) that fixes the widget's language; null =
//               negotiated from the page's lang and the browser
//   "question"  text (see below); null = the built-in question for the type
//   "reasons"   helpful only: chips offered after "No". Items are built-in ids ("outdated",
//               "unclear", "didnt_answer", "other") or {"id","label"}; default the first three;
//               [] or false = no reasons step; at most 12 (kMaxReasons)
//   "article"   helpful only: {"id": string, "version": string} copied into each response
//               (each at most 200 bytes)
//   "follow_up" true | false | {"negative","neutral","positive": true | false | text |
//               {"enabled","question"}, "placeholder": text, "max_length": 1–5000 (1000)}.
//               Default: every bucket on with the built-in question; for "helpful", only "No"
//               (a "Yes" on a knowledge-base article goes straight to the thanks)
//   "thanks"    true | false | {"enabled": true, "title": text, "detail": text}; default on
//   "review"    {"url": "https://…", "label": text, "prompt": text} shown on the thank-you step
//               to the positive bucket (promoters); null = none
//   "presentation" {"mode": "popup" (default) | "slide-in" | "bar" | "inline",
//               "position": popup/slide-in: "bottom-right" (default) | "bottom-left" |
//               "top-right" | "top-left"; bar: "bottom" (default) | "top"; inline: none,
//               "selector": CSS selector of the element to render into, inline only and required}
//   "display"   when and to whom to show: see display_rules.hpp (parse_display_rules)
//   "metadata"  {string: string} copied into each response (at most 50 keys, 4096 bytes as JSON)
//   "texts"     overrides of any built-in text by its locale.hpp key name
//               ({"submit": "Send it", "thank_you": {"en": "Thanks!", "nl": "Bedankt!"}})
// A text is a string (every locale) or an object of language tag → string ({"en":…,"nl":…}),
// not blank, at most kMaxTextBytes. What is copied into every response (metadata, the article's
// id and version) is held to the limits a collector accepts (response_validation.hpp).
// Unknown keys are problems, not ignored: a typo would otherwise silently change the survey;
// so is a key given twice in one object (only the last would count).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/display_rules.hpp"
#include "core/json_text.hpp"
#include "core/locale.hpp"
#include "core/report.hpp"
#include "core/result.hpp"
#include "core/scale.hpp"

namespace csatkit {

inline constexpr int kDefaultCommentMaxLength = 1000;
// Long enough for a real complaint, short enough that one response stays a small POST.
inline constexpr int kMaxCommentMaxLength = 5000;
// A text in the prompt (question, title, label, …): a few sentences at most; longer does not
// fit a pop-up, and is more likely a pasted mistake than a question.
inline constexpr std::size_t kMaxTextBytes = 1000;
// Reason chips after "No": more than fit on a phone's prompt are too many to choose from.
inline constexpr std::size_t kMaxReasons = 12;

// A text the site owner gives for every locale, or per locale; unset = the built-in translation.
struct LocalizedText {
  std::optional<std::string> all;                                // one text for every locale
  std::vector<std::pair<std::string, std::string>> by_language;  // lower-case tag → text, as given

  bool is_set() const { return all.has_value() || !by_language.empty(); }
  // The text for a locale code ("nl"): an exact or same-language tag ("nl-BE"), else the
  // fallback language's (the definition's locale), else English, else the first given.
  // Empty optional when unset: the caller uses the built-in text.
  std::optional<std::string> resolve(std::string_view code, std::string_view fallback_code) const;
};

enum class QuestionType { Csat, Nps, Ces, Helpful };
std::string_view to_string(QuestionType type);  // "csat", "nps", "ces", "helpful"

enum class DisplayMode { Popup, SlideIn, Bar, Inline };
std::string_view to_string(DisplayMode mode);  // "popup", "slide-in", "bar", "inline"

struct FollowUpQuestion {
  bool enabled = true;
  LocalizedText question;  // unset = the built-in question for its bucket
};

struct FollowUp {
  FollowUpQuestion negative;
  FollowUpQuestion neutral;
  FollowUpQuestion positive;
  LocalizedText placeholder;
  int max_length = kDefaultCommentMaxLength;

  const FollowUpQuestion& for_bucket(Bucket bucket) const;
};

// A chip offered after "No" on a helpful question.
struct Reason {
  std::string id;
  LocalizedText label;                 // the site owner's label, or unset
  std::optional<TextKey> builtin_label;  // for the built-in ids
};

struct Article {
  std::string id;
  std::string version;
};

struct ThankYou {
  bool enabled = true;
  LocalizedText title;
  LocalizedText detail;
};

struct ReviewLink {
  std::string url;  // https only
  LocalizedText label;
  LocalizedText prompt;
};

struct Presentation {
  DisplayMode mode = DisplayMode::Popup;
  std::string position = "bottom-right";  // "" for inline
  std::string selector;                   // inline only
};

struct SurveyDefinition {
  std::string id;
  QuestionType type = QuestionType::Csat;
  Scale scale = Scale::find("csat5").value();
  std::string locale;  // built-in locale code, or "" = negotiated
  LocalizedText question;
  std::vector<Reason> reasons;
  std::optional<Article> article;
  FollowUp follow_up;
  ThankYou thanks;
  std::optional<ReviewLink> review;
  Presentation presentation;
  DisplayRules display;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<std::pair<TextKey, LocalizedText>> texts;

  const Reason* find_reason(std::string_view reason_id) const;
};

// Checks a whole definition and fills in every default. On any problem: Error{"survey.invalid",
// "$", "<n> problem(s) in survey definition \"<id>\": <first path>: <first reason>", problems}
// listing every problem with its JSON path.
Result<SurveyDefinition> parse_survey_definition(const Json& definition);
// The same from JSON text; text that does not parse is one problem at "$" saying why and where
// (line and column). A key repeated in an object is a problem at its path.
Result<SurveyDefinition> parse_survey_definition(std::string_view definition_json);

// The normalized definition, every default explicit; parse_survey_definition() of it gives the
// same definition back. Unset texts are null, a text for every locale a string.
Json survey_definition_json(const SurveyDefinition& definition);

// The text to show for a key in a locale: the definition's "texts" override, else built-in.
std::string survey_text(const SurveyDefinition& definition, const Locale& locale, TextKey key);
// A site owner's text if set for this locale, else the built-in text for `fallback`.
std::string survey_text(const SurveyDefinition& definition, const Locale& locale,
                        const LocalizedText& custom, TextKey fallback);

// "https://…" with a host and no whitespace, quotes or control characters; the only links the
// widget ever renders (no javascript:, data:, or protocol-relative URLs).
bool is_safe_https_url(std::string_view url);

}  // namespace csatkit
