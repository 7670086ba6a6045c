// When to show a survey, and whether this visitor may see it at all. The JS runtime gathers the
// signals (time, scroll, exit intent, tracked events, URL, pageviews, stored history, GPC/DNT,
// consent) and asks; the core decides. Pure functions: nothing here reads a clock or storage.
//
// In a survey definition the rules are the object at "display" (every key optional):
//   {"triggers": {"delay_ms": 3000, "time_on_page_ms": 20000, "scroll_percent": 50,
//                 "exit_intent": true, "events": ["chat_closed"]},
//    "manual_only": false, "min_pageviews": 1,
//    "include": ["/help/**"], "exclude": ["/help/admin/**", "https://shop.example.com/**"],
//    "sample_percent": 100, "recontact_days": 45, "dismiss_days": 7, "max_displays": 3,
//    "global_cooldown_days": 1, "respect_global_cooldown": true, "respect_privacy_signals": true,
//    "require_consent": false}
// "display" holds only these rules: presentation (pop-up, position, …) lives elsewhere in the
// definition, so an unknown key here is reported as a mistake, not ignored.
//
// Defaults, and why:
// - No trigger at all → "delay_ms": 3000. A short delay lets the page settle (load, first paint)
//   while the interaction that prompted the survey is still fresh. "triggers": {} is the same as
//   none. Triggers are any-of: the first one that fires shows the survey.
// - "min_pageviews": 1 — a condition, not a trigger: "on the 3rd page, after 5 s" needs both, and
//   as an any-of trigger it would be pointless next to the default delay.
// - "sample_percent": 100 — sampling is an explicit choice.
// - "recontact_days": 45 — after an answer; long enough not to pester, short enough for a
//   quarterly-ish pulse on a returning visitor.
// - "dismiss_days": 7 — "not now" is respected for a week, not forever.
// - "max_displays": 3 — per visitor per survey, over all time (counts every display, answered or
//   not) so an ignored prompt stops coming back; null = no limit.
// - "global_cooldown_days": 1 — how long after any survey's prompt (of a survey that respects the
//   cooldown) this one waits, so that surveys do not follow one another on a visitor; a site
//   that wants "one prompt a week, whichever survey" gives its surveys 7. 0 = no wait (its own
//   displays still start the wait of the others).
// - "respect_global_cooldown": true — set false for an inline "Was this helpful?" block, which
//   should not be hidden because a pop-up was answered yesterday: it neither waits nor makes the
//   others wait.
// - "respect_privacy_signals": true — a feedback prompt is never essential, so GPC/DNT are
//   honoured unless the site owner opts out.
// - "require_consent": false — most CSAT prompts need no consent banner; sites that gate
//   storage on consent turn it on.
//
// URL patterns: globs where "*" matches any run of characters except "/", "**" matches anything
// (also "/"), every other character matches itself ("?" is the query separator, not a wildcard).
// A pattern starting with a scheme ("https://host/…") is matched against the whole URL, any other
// (starting with "/" or "*") against path [+ query]. The query is compared only when the pattern
// has a "?": "/pricing" matches "/pricing?utm_source=x". The fragment is never compared.
// A trailing "/**" also matches the folder itself ("/help/**" matches "/help").
// Scheme and host compare case-insensitively, path and query exactly, except that both sides are
// first spelled as location.href spells a path: non-ASCII as UTF-8 "%XX" escapes, and so are
// " < > ` { }, and every escape's hex digits upper-case ("/über-uns/**", "/%c3%bcber-uns/**" and
// "/%C3%BCber-uns/**" are the same pattern, matching "/%C3%BCber-uns/team"; "/docs/{id}" matches
// "/docs/%7Bid%7D"). A non-ASCII host must be written in punycode, as
// location.href shows it ("https://xn--caf-dma.example/**"), or the pattern is reported invalid.
// No include = every URL; exclude wins over include.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.hpp"
#include "core/result.hpp"

namespace csatkit {

inline constexpr std::int64_t kDefaultDelayMs = 3000;
inline constexpr double kDefaultRecontactDays = 45;
inline constexpr double kDefaultDismissDays = 7;
inline constexpr int kDefaultMaxDisplays = 3;
// By default a visitor sees at most one prompt (of any survey with respect_global_cooldown) per
// day, so that an ignored prompt does not return on every pageview as another survey.
inline constexpr double kDefaultGlobalCooldownDays = 1;

// Any of these shows the survey (once the eligibility checks pass).
struct DisplayTriggers {
  std::optional<std::int64_t> delay_ms = kDefaultDelayMs;  // ms since load ("ms_since_load")
  std::optional<std::int64_t> time_on_page_ms;             // visible time on page ("ms_on_page")
  std::optional<int> scroll_percent;                       // 1–100, reached scroll depth
  bool exit_intent = false;
  std::vector<std::string> events;                          // names passed to csatkit.track()

  bool empty() const {
    return !delay_ms && !time_on_page_ms && !scroll_percent && !exit_intent && events.empty();
  }
};

// A survey's display rules; DisplayRules{} is what a definition without "display" gets.
struct DisplayRules {
  DisplayTriggers triggers;
  bool manual_only = false;  // only csatkit.show(); then "triggers" must be absent or empty
  int min_pageviews = 1;     // pageviews in this session before any trigger counts
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  double sample_percent = 100;                   // 0–100, decimals allowed
  double recontact_days = kDefaultRecontactDays;  // after an answer; 0 = no wait
  double dismiss_days = kDefaultDismissDays;      // after a dismiss; 0 = no wait
  std::optional<int> max_displays = kDefaultMaxDisplays;  // nullopt = no limit
  double global_cooldown_days = kDefaultGlobalCooldownDays;  // after any survey's prompt; 0 = no wait
  bool respect_global_cooldown = true;
  bool respect_privacy_signals = true;
  bool require_consent = false;
};

// Reads the "display" object at `path` (e.g. "$.display") into `out`, starting from defaults.
// Every problem is appended with its JSON path (wrong type, out of range, unknown key, bad URL
// pattern, manual_only with triggers); it never stops at the first. `out` is only meaningful
// when no problem was added. A null value means "all defaults".
void parse_display_rules(const Json& value, const std::string& path, DisplayRules& out,
                         std::vector<Problem>& problems);

// The normalized rules, every default explicit, in the order of the example above; unset
// triggers are null (false/[] for exit_intent/events), max_displays null = no limit.
// parse_display_rules(display_rules_json(r)) gives r back.
Json display_rules_json(const DisplayRules& rules);

// What the visitor's storage remembers about one survey (times in epoch ms).
struct SurveyHistory {
  std::int64_t displays = 0;
  std::optional<std::int64_t> last_shown;
  std::optional<std::int64_t> last_answered;
  std::optional<std::int64_t> last_dismissed;
};

struct VisitorState {
  std::string id;  // anonymous, random, stable (from storage); empty = none yet
  bool gpc = false;
  bool dnt = false;
  std::optional<bool> consent;  // nullopt = unknown
  std::map<std::string, SurveyHistory> surveys;
  std::optional<std::int64_t> last_shown_any;  // last display of any survey counting toward the cooldown
  // False when the runtime cannot keep the visitor's history (storage blocked or failing): then
  // `surveys` and `last_shown_any` are always empty, whatever was shown before.
  bool history_kept = true;
};

struct PageSignals {
  std::string url;  // "https://host/path?query#frag" or "/path?query"
  std::int64_t pageviews = 1;
  std::int64_t ms_on_page = 0;
  std::int64_t ms_since_load = 0;
  double scroll_percent = 0;
  bool exit_intent = false;
  std::vector<std::string> events;  // tracked since load
  bool manual = false;              // csatkit.show(id) was called for this survey
  bool visible = true;              // the page is visible (document.visibilityState), not a background tab
};

enum class DisplayReason {
  Trigger,        // shown (see DisplayDecision::trigger)
  PrivacySignal,  // GPC or DNT, honoured
  Consent,        // consent required and not given, or explicitly refused
  Url,            // not included, or excluded
  MaxDisplays,
  Recontact,      // answered within recontact_days
  Dismissed,      // dismissed within dismiss_days
  Cooldown,       // some survey shown within the global cooldown
  SampledOut,
  NoHistory,      // the visitor's history cannot be kept, so no automatic trigger may show
  Waiting,        // eligible, no trigger yet (or min_pageviews not reached, or manual_only)
};
// "trigger", "privacy_signal", "consent", "url", "max_displays", "recontact", "dismissed",
// "cooldown", "sampled_out", "no_history", "waiting".
const char* to_string(DisplayReason reason);

enum class DisplayTrigger { None, Manual, Event, ExitIntent, Scroll, TimeOnPage, Delay };
// null for None, else "manual", "event", "exit_intent", "scroll", "time_on_page", "delay".
const char* to_string(DisplayTrigger trigger);

struct DisplayDecision {
  bool show = false;
  DisplayReason reason = DisplayReason::Waiting;
  DisplayTrigger trigger = DisplayTrigger::None;
  std::string event;  // the tracked event that fired, when trigger == Event
  // May the runtime write to localStorage (visitor id, history, outbox)? False while consent is
  // required and not given, when refused, or when an honoured privacy signal is present.
  bool storage_allowed = true;
  // While Waiting: ms from now until a time trigger may fire (time on page can pause, so ask
  // again then rather than show blindly); nullopt = no time trigger pending.
  std::optional<std::int64_t> next_check_ms;
};

// The decision. Checks run in this order and the first that fails is the reason:
//   1. privacy signals (GPC/DNT, when respect_privacy_signals)
//   2. consent: consent == false always blocks (the page said no); unknown blocks only with
//      require_consent
//   3. URL include/exclude
//   4. per-survey caps: max_displays, then recontact after an answer, then dismissed
//   5. global cooldown: global_cooldown_days since last_shown_any (when respect_global_cooldown)
//   6. history: when the runtime cannot keep it (visitor.history_kept false: storage blocked or
//      failing), no automatic trigger shows. Without a history the caps, the cooldown and sticky
//      sampling cannot hold — every page would look like the visitor's first, and a trigger
//      that fires on each page would ask them on each page.
//   7. sampling (sticky: sample_bucket(visitor id, survey id) < sample_percent; with no visitor
//      id and sample_percent < 100 the visitor is sampled out, since a re-roll per page would
//      over-sample)
//   8. min_pageviews, then triggers (manual, event, exit intent, scroll, time on page, delay).
//      The delay does not fire while the page is hidden (a background tab): it fires once the
//      page is visible, so a prompt is not opened, and counted as shown, where nobody sees it.
// A manual show() skips 6 to 8: it is still subject to privacy, consent, URL rules and the
// caps and cooldown — hosts wire show() to recurring events (every chat closed), and the caps are
// what keeps that from asking the same visitor again and again. A survey that should be asked
// after every interaction sets recontact_days/dismiss_days to 0 and max_displays to null.
// (Without a history, show() is the page's own request each time, so it is still honoured.)
// Privacy checks come first so that no other branch can ever ask for a storage write.
DisplayDecision decide(const DisplayRules& rules, const std::string& survey_id, const VisitorState& visitor,
                       const PageSignals& page, std::int64_t now_ms);

// Sticky sampling bucket in [0, 100): FNV-1a 64 over the UTF-8 bytes of visitor_id, one 0x00
// byte, survey_id; then the MurmurHash3 fmix64 finalizer (FNV alone mixes its low bits poorly);
// then the top 53 bits as a fraction of 2^53, times 100. Same inputs → same bucket everywhere.
std::uint64_t sampling_hash(std::string_view visitor_id, std::string_view survey_id);
double sample_bucket(std::string_view visitor_id, std::string_view survey_id);

// URL globs (see top of file). A problem with the pattern as a readable reason, or nullopt.
std::optional<std::string> url_pattern_problem(std::string_view pattern);
bool url_matches(std::string_view pattern, std::string_view url);

// {"show","reason","trigger" (null unless shown),"event" (null unless trigger "event"),
//  "storage_allowed","next_check_ms" (null unless waiting on a time trigger)}
Json display_decision_json(const DisplayDecision& decision);

// The display_decision request of widget_api.hpp → its value. Reads "definition" ("id" required,
// "display" optional: checked with parse_display_rules, so a hand-written definition works too;
// other keys are not this function's business), "now" (required), "visitor", "history",
// "page" (all optional, defaults as in the structs above). Unknown keys anywhere outside
// "definition" are reported too (a typo there would silently change a decision).
// Error: code "request.invalid", path and message of the first problem, "problems": all of them.
Result<Json> display_decision_json(const Json& request);

}  // namespace csatkit
