#include "core/display_rules.hpp"

#include <cctype>
#include <cmath>
#include <initializer_list>
#include <type_traits>

#include "core/json_text.hpp"

namespace csatkit {

namespace {

constexpr double kMsPerDay = 86400000.0;
constexpr std::int64_t kMaxTriggerMs = 86400000;  // a day: beyond that a page-level timer is a typo
constexpr double kMaxDays = 3650;                 // ten years: larger is a typo, and keeps ms in range

// A value quoted in a message: short, and safe even for strings that are not valid UTF-8.
std::string brief(const Json& value) {
  std::string text = dump_json(value);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

// 100 → "100", 0.5 → "0.5" (a bound in a message reads like the user would write it).
std::string number_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<std::int64_t>(value));
  return dump_json(Json(value));
}

std::string child(const std::string& path, const std::string& key) { return path + "." + key; }
std::string item(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

// A whole number in [min, max], also written as 5000.0; nullopt otherwise.
std::optional<std::int64_t> whole_in(const Json& value, std::int64_t min, std::int64_t max) {
  if (value.is_number_unsigned()) {
    const std::uint64_t u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(max)) return std::nullopt;
    const auto i = static_cast<std::int64_t>(u);
    if (i < min) return std::nullopt;
    return i;
  }
  if (value.is_number_integer()) {
    const std::int64_t i = value.get<std::int64_t>();
    if (i < min || i > max) return std::nullopt;
    return i;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(min) || d > static_cast<double>(max)) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

// Problem-collecting readers: each reads one key of an object, adds a problem on a bad value and
// leaves `out` untouched then, so parsing goes on and every mistake is reported in one pass.
class Reader {
 public:
  Reader(const Json& object, std::string path, std::vector<Problem>& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {}

  const std::string& path() const { return path_; }
  void problem(const std::string& path, const std::string& message) { problems_.push_back({path, message}); }

  // The value at key, or nullptr when absent or null (null means "the default").
  const Json* find(const char* key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  void boolean(const char* key, bool& out) {
    if (const Json* v = find(key)) {
      if (v->is_boolean()) {
        out = v->get<bool>();
      } else {
        problem(child(path_, key), CSATKIT_EXPLAIN(std::string(key) + " must be true or false, got " + brief(*v)));
      }
    }
  }

  void integer(const char* key, std::int64_t min, std::int64_t max, std::int64_t& out) {
    if (const Json* v = find(key)) {
      if (auto i = whole_in(*v, min, max)) {
        out = *i;
      } else {
        problem(child(path_, key),
                CSATKIT_EXPLAIN(std::string(key) + " must be a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max) + ", got " + brief(*v)));
      }
    }
  }

  void number(const char* key, double min, double max, double& out) {
    if (const Json* v = find(key)) {
      const double d = v->is_number() ? v->get<double>() : NAN;
      if (v->is_number() && d >= min && d <= max) {
        out = d;
      } else {
        problem(child(path_, key), CSATKIT_EXPLAIN(std::string(key) + " must be a number from " + number_text(min) +
                                                   " to " + number_text(max) + ", got " + brief(*v)));
      }
    }
  }

  void string(const char* key, std::string& out) {
    if (const Json* v = find(key)) {
      if (v->is_string()) {
        out = v->get<std::string>();
      } else {
        problem(child(path_, key), CSATKIT_EXPLAIN(std::string(key) + " must be a string, got " + brief(*v)));
      }
    }
  }

  // Non-empty strings, each checked by `check` (a reason, or nullopt when fine).
  template <typename Check>
  void strings(const char* key, const char* what, std::vector<std::string>& out, Check check) {
    const Json* v = find(key);
    if (!v) return;
    if (!v->is_array()) {
      problem(child(path_, key),
              CSATKIT_EXPLAIN(std::string(key) + " must be an array of " + what + ", got " + brief(*v)));
      return;
    }
    std::vector<std::string> values;
    for (std::size_t i = 0; i < v->size(); ++i) {
      const Json& entry = (*v)[i];
      if (!entry.is_string()) {
        problem(item(child(path_, key), i),
                CSATKIT_EXPLAIN(std::string("each of ") + key + " must be a string, got " + brief(entry)));
        continue;
      }
      const std::string& text = entry.get_ref<const std::string&>();
      if (auto reason = check(text)) {
        problem(item(child(path_, key), i), CSATKIT_EXPLAIN(*reason));
        continue;
      }
      values.push_back(text);
    }
    out = std::move(values);
  }

  static std::string listed(std::initializer_list<const char*> names) {
    std::string list;
    for (const char* name : names) list += std::string(list.empty() ? "" : ", ") + name;
    return list;
  }

  // Keys not in `known` are mistakes (usually typos) that would otherwise silently do nothing.
  void unknown_keys(std::initializer_list<const char*> known) {
    for (const auto& entry : object_.items()) {
      bool found = false;
      for (const char* k : known) found = found || entry.key() == k;
      if (found) continue;
      problem(child(path_, entry.key()),
              CSATKIT_EXPLAIN("unknown key \"" + entry.key() + "\" (expected one of: " + listed(known) + ")"));
    }
  }

 private:
  const Json& object_;
  std::string path_;
  std::vector<Problem>& problems_;
};

std::optional<std::string> event_name_problem(const std::string& name) {
  if (name.empty()) return CSATKIT_EXPLAIN("an event name must not be empty");
  if (name.size() > 100) return CSATKIT_EXPLAIN("an event name must be at most 100 characters");
  return std::nullopt;
}

void parse_triggers(const Json& value, const std::string& path, DisplayTriggers& out,
                    std::vector<Problem>& problems) {
  out = DisplayTriggers{};
  out.delay_ms.reset();  // the default delay applies only when no trigger is given at all
  if (value.is_null()) return;
  if (!value.is_object()) {
    problems.push_back(
        {path, CSATKIT_EXPLAIN("triggers must be an object like {\"delay_ms\": 3000}, got " + brief(value))});
    return;
  }
  Reader r(value, path, problems);
  r.unknown_keys({"delay_ms", "time_on_page_ms", "scroll_percent", "exit_intent", "events"});
  auto optional_integer = [&](const char* key, std::int64_t min, std::int64_t max, auto& field) {
    if (!r.find(key)) return;
    std::int64_t v = -1;
    r.integer(key, min, max, v);
    if (v >= min) field = static_cast<std::remove_reference_t<decltype(*field)>>(v);
  };
  optional_integer("delay_ms", 0, kMaxTriggerMs, out.delay_ms);
  optional_integer("time_on_page_ms", 0, kMaxTriggerMs, out.time_on_page_ms);
  optional_integer("scroll_percent", 1, 100, out.scroll_percent);
  r.boolean("exit_intent", out.exit_intent);
  r.strings("events", "event names", out.events, event_name_problem);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Length of a "scheme://" prefix in a pattern or URL, or 0 when there is none. A scheme is
// letters, digits, "+.-" (or "*" in a pattern) before the first "/", "?" or "#".
std::size_t scheme_prefix(std::string_view text, bool allow_star) {
  const std::size_t at = text.find("://");
  if (at == std::string_view::npos || at == 0) return 0;
  for (std::size_t i = 0; i < at; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!(std::isalnum(c) || c == '+' || c == '.' || c == '-' || (allow_star && c == '*'))) return 0;
  }
  return at + 3;
}

// "*" = any run without "/", "**" = any run. Dynamic programming over (pattern, text) positions,
// so a pattern full of stars costs O(pattern × text), never exponential backtracking.
bool glob_match(std::string_view pattern, std::string_view text) {
  const std::size_t n = text.size();
  // can[j]: pattern suffix from the current position matches text suffix from j.
  std::vector<char> can(n + 1, 0), next(n + 1, 0);
  can[n] = 1;  // empty pattern matches only empty text
  std::size_t p = pattern.size();
  while (p > 0) {
    const bool star = pattern[p - 1] == '*';
    const bool double_star = star && p >= 2 && pattern[p - 2] == '*';
    const std::size_t width = double_star ? 2 : 1;
    for (std::size_t j = n + 1; j-- > 0;) {
      if (star) {
        // Match nothing, or one character more and stay on this star.
        bool ok = can[j] != 0;
        if (!ok && j < n && (double_star || text[j] != '/')) ok = next[j + 1] != 0;
        next[j] = ok;
      } else {
        next[j] = j < n && text[j] == pattern[p - 1] && can[j + 1];
      }
    }
    can.swap(next);
    p -= width;
  }
  return can[0] != 0;
}

// Appends a path or query in one spelling for pattern and URL alike, so that "/über",
// "/%c3%bcber" and "/%C3%BCber" compare equal: browsers percent-encode every non-ASCII byte
// (UTF-8) as "%XX", and the ASCII characters of kEscapedAscii in a path ("/docs/{id}" is
// "/docs/%7Bid%7D" in location.href), but keep a site's own escapes in the case it wrote them, so
// each escape's hex digits are upper-cased. Encoding those characters on both sides also covers
// the query, where browsers leave some of them as typed. Other ASCII is unchanged (the "*" of a
// pattern stays a wildcard), and no "/" is added.
constexpr std::string_view kEscapedAscii = "\"<>`{}";

void append_canonical(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80 || kEscapedAscii.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '%';
      out += "0123456789ABCDEF"[c >> 4];
      c = "0123456789ABCDEF"[c & 15];
    } else if (c == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += '%';
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(text[++i])));
      c = static_cast<unsigned char>(std::toupper(static_cast<unsigned char>(text[++i])));
    }
    out += static_cast<char>(c);
  }
}

struct UrlParts {
  std::string origin;  // "https://host" lower-cased, or empty for a bare path
  std::string path;    // "/…", never empty
  std::string query;   // "?…" or empty
};

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  if (std::size_t hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  std::size_t start = 0;
  if (std::size_t scheme = scheme_prefix(url, false)) {
    std::size_t host_end = url.find_first_of("/?", scheme);
    if (host_end == std::string_view::npos) host_end = url.size();
    parts.origin = lower(url.substr(0, host_end));
    start = host_end;
  }
  std::size_t q = url.find('?', start);
  if (q == std::string_view::npos) q = url.size();
  parts.path = std::string(url.substr(start, q - start));
  if (parts.path.empty()) parts.path = "/";
  parts.query = std::string(url.substr(q));
  return parts;
}

bool url_allowed(const DisplayRules& rules, const std::string& url) {
  for (const std::string& pattern : rules.exclude) {
    if (url_matches(pattern, url)) return false;
  }
  if (rules.include.empty()) return true;
  for (const std::string& pattern : rules.include) {
    if (url_matches(pattern, url)) return true;
  }
  return false;
}

bool within(std::optional<std::int64_t> since, double days, std::int64_t now_ms) {
  if (!since || days <= 0) return false;
  // In doubles: both terms are far below 2^53, and a stored time in the future (clock changed)
  // counts as "just now", which errs on not asking again.
  return static_cast<double>(now_ms) - static_cast<double>(*since) < days * kMsPerDay;
}

// 45 rather than 45.0: the normalized definition is read by people, and JS sees the same number.
Json number_json(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return Json(static_cast<std::int64_t>(value));
  return Json(value);
}

Json optional_json(const std::optional<std::int64_t>& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

// ---- rules -----------------------------------------------------------------------------------

void parse_display_rules(const Json& value, const std::string& path, DisplayRules& out,
                         std::vector<Problem>& problems) {
  out = DisplayRules{};
  if (value.is_null()) return;
  if (!value.is_object()) {
    problems.push_back(
        {path,
         CSATKIT_EXPLAIN("display must be an object like {\"triggers\": {\"delay_ms\": 3000}}, got " + brief(value))});
    return;
  }
  Reader r(value, path, problems);
  r.unknown_keys({"triggers", "manual_only", "min_pageviews", "include", "exclude", "sample_percent",
                  "recontact_days", "dismiss_days", "max_displays", "global_cooldown_days",
                  "respect_global_cooldown", "respect_privacy_signals", "require_consent"});
  auto triggers = value.find("triggers");
  parse_triggers(triggers == value.end() ? Json() : *triggers, child(path, "triggers"), out.triggers, problems);
  r.boolean("manual_only", out.manual_only);
  if (out.manual_only && !out.triggers.empty()) {
    problems.push_back(
        {child(path, "manual_only"),
         CSATKIT_EXPLAIN("manual_only shows the survey only through csatkit.show(); remove the triggers or "
                         "set manual_only to false")});
  }
  if (!out.manual_only && out.triggers.empty()) out.triggers.delay_ms = kDefaultDelayMs;

  std::int64_t min_pageviews = out.min_pageviews;
  r.integer("min_pageviews", 1, 1000, min_pageviews);
  out.min_pageviews = static_cast<int>(min_pageviews);

  r.strings("include", "URL patterns", out.include, url_pattern_problem);
  r.strings("exclude", "URL patterns", out.exclude, url_pattern_problem);
  r.number("sample_percent", 0, 100, out.sample_percent);
  r.number("recontact_days", 0, kMaxDays, out.recontact_days);
  r.number("dismiss_days", 0, kMaxDays, out.dismiss_days);

  // Absent → the default; null → no limit (how the normalized form writes "no limit").
  if (auto it = value.find("max_displays"); it != value.end()) {
    if (it->is_null()) {
      out.max_displays.reset();
    } else if (auto n = whole_in(*it, 1, 1000)) {
      out.max_displays = static_cast<int>(*n);
    } else {
      problems.push_back(
          {child(path, "max_displays"),
           CSATKIT_EXPLAIN("max_displays must be a whole number from 1 to 1000, or null for no limit, got " +
                           brief(*it))});
    }
  }
  r.number("global_cooldown_days", 0, kMaxDays, out.global_cooldown_days);
  r.boolean("respect_global_cooldown", out.respect_global_cooldown);
  r.boolean("respect_privacy_signals", out.respect_privacy_signals);
  r.boolean("require_consent", out.require_consent);
}

Json display_rules_json(const DisplayRules& rules) {
  const DisplayTriggers& t = rules.triggers;
  Json triggers;
  triggers["delay_ms"] = optional_json(t.delay_ms);
  triggers["time_on_page_ms"] = optional_json(t.time_on_page_ms);
  triggers["scroll_percent"] = t.scroll_percent ? Json(*t.scroll_percent) : Json(nullptr);
  triggers["exit_intent"] = t.exit_intent;
  triggers["events"] = t.events;
  Json out;
  out["triggers"] = triggers;
  out["manual_only"] = rules.manual_only;
  out["min_pageviews"] = rules.min_pageviews;
  out["include"] = rules.include;
  out["exclude"] = rules.exclude;
  out["sample_percent"] = number_json(rules.sample_percent);
  out["recontact_days"] = number_json(rules.recontact_days);
  out["dismiss_days"] = number_json(rules.dismiss_days);
  out["max_displays"] = rules.max_displays ? Json(*rules.max_displays) : Json(nullptr);
  out["global_cooldown_days"] = number_json(rules.global_cooldown_days);
  out["respect_global_cooldown"] = rules.respect_global_cooldown;
  out["respect_privacy_signals"] = rules.respect_privacy_signals;
  out["require_consent"] = rules.require_consent;
  return out;
}

// ---- URL patterns ----------------------------------------------------------------------------

std::optional<std::string> url_pattern_problem(std::string_view pattern) {
  if (pattern.empty()) return CSATKIT_EXPLAIN("a URL pattern must not be empty");
  for (char c : pattern) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) {
      return CSATKIT_EXPLAIN("a URL pattern must not contain spaces or control characters");
    }
  }
  if (pattern.find('#') != std::string_view::npos) {
    return CSATKIT_EXPLAIN("the #fragment of a URL is never compared; remove it from the pattern");
  }
  if (pattern.find("***") != std::string_view::npos) {
    return CSATKIT_EXPLAIN("\"***\" is not a wildcard: use * (within one path segment) or ** (across segments)");
  }
  if (std::size_t scheme = scheme_prefix(pattern, true)) {
    const std::size_t slash = pattern.find('/', scheme);
    if (slash == scheme || scheme == pattern.size()) return CSATKIT_EXPLAIN("the pattern has a scheme but no host");
    if (slash == std::string_view::npos) {
      return CSATKIT_EXPLAIN("add a path after the host: \"" + std::string(pattern) + "/\" for the home page, \"" +
                             std::string(pattern) + "/**\" for the whole site");
    }
    if (pattern.find('?', scheme) < slash)
      return CSATKIT_EXPLAIN("the pattern has a scheme but no path before its query");
    // location.href spells a non-ASCII host in punycode. Converting it here would need the IDNA
    // mapping tables too (browsers lower-case and normalize Unicode first), far too big for the
    // widget; a near-miss would silently never match, so the owner is asked for that spelling.
    for (std::size_t i = scheme; i < slash; ++i) {
      if (static_cast<unsigned char>(pattern[i]) >= 0x80) {
        return CSATKIT_EXPLAIN("write the host as the browser shows it in location.href, in ASCII: "
                               "\"xn--caf-dma.example\" for \"café.example\"");
      }
    }
    return std::nullopt;
  }
  if (pattern.front() != '/' && pattern.front() != '*') {
    return CSATKIT_EXPLAIN(
        "a URL pattern starts with \"/\" (matched against the path) or a scheme such as "
        "\"https://\" (matched against the whole URL)");
  }
  return std::nullopt;
}

bool url_matches(std::string_view pattern, std::string_view url) {
  if (url_pattern_problem(pattern)) return false;
  const UrlParts parts = split_url(url);
  const bool with_query = pattern.find('?') != std::string_view::npos;
  std::string subject;
  std::size_t path_start = 0;  // after "scheme://host", which compares case-insensitively
  if (std::size_t scheme = scheme_prefix(pattern, true)) {
    if (parts.origin.empty()) return false;
    path_start = pattern.find('/', scheme);
    subject = parts.origin;
  }
  std::string glob = lower(pattern.substr(0, path_start));
  append_canonical(glob, pattern.substr(path_start));
  append_canonical(subject, parts.path);
  if (with_query) append_canonical(subject, parts.query);
  if (glob_match(glob, subject)) return true;
  // "/help/**" also means "/help" itself.
  const std::size_t size = glob.size();
  return size > 3 && glob.compare(size - 3, 3, "/**") == 0 && glob_match(glob.substr(0, size - 3), subject);
}

// ---- sampling --------------------------------------------------------------------------------

std::uint64_t sampling_hash(std::string_view visitor_id, std::string_view survey_id) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
  auto feed = [&h](unsigned char byte) {
    h ^= byte;
    h *= 0x100000001b3ULL;  // FNV-1a 64 prime
  };
  for (char c : visitor_id) feed(static_cast<unsigned char>(c));
  feed(0);  // separator: ("ab","c") and ("a","bc") must not collide
  for (char c : survey_id) feed(static_cast<unsigned char>(c));
  // MurmurHash3 fmix64: spreads every input bit over the top bits used below.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

double sample_bucket(std::string_view visitor_id, std::string_view survey_id) {
  const std::uint64_t top53 = sampling_hash(visitor_id, survey_id) >> 11;
  return static_cast<double>(top53) / 9007199254740992.0 * 100.0;  // / 2^53
}

// ---- the decision ----------------------------------------------------------------------------

const char* to_string(DisplayReason reason) {
  switch (reason) {
    case DisplayReason::Trigger: return "trigger";
    case DisplayReason::PrivacySignal: return "privacy_signal";
    case DisplayReason::Consent: return "consent";
    case DisplayReason::Url: return "url";
    case DisplayReason::MaxDisplays: return "max_displays";
    case DisplayReason::Recontact: return "recontact";
    case DisplayReason::Dismissed: return "dismissed";
    case DisplayReason::Cooldown: return "cooldown";
    case DisplayReason::SampledOut: return "sampled_out";
    case DisplayReason::NoHistory: return "no_history";
    case DisplayReason::Waiting: return "waiting";
  }
  return "waiting";
}

const char* to_string(DisplayTrigger trigger) {
  switch (trigger) {
    case DisplayTrigger::None: return nullptr;
    case DisplayTrigger::Manual: return "manual";
    case DisplayTrigger::Event: return "event";
    case DisplayTrigger::ExitIntent: return "exit_intent";
    case DisplayTrigger::Scroll: return "scroll";
    case DisplayTrigger::TimeOnPage: return "time_on_page";
    case DisplayTrigger::Delay: return "delay";
  }
  return nullptr;
}

DisplayDecision decide(const DisplayRules& rules, const std::string& survey_id, const VisitorState& visitor,
                       const PageSignals& page, std::int64_t now_ms) {
  DisplayDecision d;
  auto stop = [&d](DisplayReason reason) {
    d.show = false;
    d.reason = reason;
    return d;
  };
  auto shown = [&d](DisplayTrigger trigger) {
    d.show = true;
    d.reason = DisplayReason::Trigger;
    d.trigger = trigger;
    return d;
  };

  const bool privacy_signal = rules.respect_privacy_signals && (visitor.gpc || visitor.dnt);
  const bool consent_missing = visitor.consent == false || (rules.require_consent && visitor.consent != true);
  d.storage_allowed = !privacy_signal && !consent_missing;
  if (privacy_signal) return stop(DisplayReason::PrivacySignal);
  if (consent_missing) return stop(DisplayReason::Consent);

  if (!url_allowed(rules, page.url)) return stop(DisplayReason::Url);

  SurveyHistory history;
  if (auto it = visitor.surveys.find(survey_id); it != visitor.surveys.end()) history = it->second;
  if (rules.max_displays && history.displays >= *rules.max_displays) return stop(DisplayReason::MaxDisplays);
  if (within(history.last_answered, rules.recontact_days, now_ms)) return stop(DisplayReason::Recontact);
  if (within(history.last_dismissed, rules.dismiss_days, now_ms)) return stop(DisplayReason::Dismissed);
  if (rules.respect_global_cooldown && within(visitor.last_shown_any, rules.global_cooldown_days, now_ms)) {
    return stop(DisplayReason::Cooldown);
  }

  if (page.manual) return shown(DisplayTrigger::Manual);
  if (!visitor.history_kept) return stop(DisplayReason::NoHistory);

  if (rules.sample_percent < 100) {
    if (visitor.id.empty() || !(sample_bucket(visitor.id, survey_id) < rules.sample_percent)) {
      return stop(DisplayReason::SampledOut);
    }
  }

  if (page.pageviews < rules.min_pageviews || rules.manual_only) return stop(DisplayReason::Waiting);

  // Most specific first, so "trigger" tells the site owner what actually prompted the display.
  const DisplayTriggers& t = rules.triggers;
  for (const std::string& wanted : t.events) {
    for (const std::string& seen : page.events) {
      if (seen == wanted) {
        d.event = wanted;
        return shown(DisplayTrigger::Event);
      }
    }
  }
  // Leaving the tab is the mobile exit intent, but a prompt nobody can see must not count as a
  // display (and start the cooldown) for a visitor who may never come back: it waits for them.
  if (t.exit_intent && page.exit_intent && page.visible) return shown(DisplayTrigger::ExitIntent);
  if (t.scroll_percent && page.scroll_percent >= *t.scroll_percent) return shown(DisplayTrigger::Scroll);
  if (t.time_on_page_ms && page.ms_on_page >= *t.time_on_page_ms) return shown(DisplayTrigger::TimeOnPage);
  if (t.delay_ms && page.visible && page.ms_since_load >= *t.delay_ms) return shown(DisplayTrigger::Delay);

  // Nothing to wait for on a hidden page: time on page is not counted, and the delay waits for
  // the page to become visible (the runtime asks again when it does).
  if (!page.visible) return stop(DisplayReason::Waiting);
  if (t.time_on_page_ms) d.next_check_ms = *t.time_on_page_ms - page.ms_on_page;
  if (t.delay_ms) {
    const std::int64_t wait = *t.delay_ms - page.ms_since_load;
    if (!d.next_check_ms || wait < *d.next_check_ms) d.next_check_ms = wait;
  }
  return stop(DisplayReason::Waiting);
}

Json display_decision_json(const DisplayDecision& decision) {
  const char* trigger = to_string(decision.trigger);
  Json out;
  out["show"] = decision.show;
  out["reason"] = to_string(decision.reason);
  out["trigger"] = trigger ? Json(trigger) : Json(nullptr);
  out["event"] = decision.trigger == DisplayTrigger::Event ? Json(decision.event) : Json(nullptr);
  out["storage_allowed"] = decision.storage_allowed;
  out["next_check_ms"] = optional_json(decision.next_check_ms);
  return out;
}

// ---- the request -----------------------------------------------------------------------------

namespace {

constexpr std::int64_t kMaxTime = 4102444800000;  // 2100-01-01 in epoch ms: anything later is a unit mistake

// An optional object at `key` of `parent`: nullptr when absent or null, a problem when not an object.
const Json* object_at(const Json& parent, const char* key, const std::string& path, std::vector<Problem>& problems) {
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return nullptr;
  if (!it->is_object()) {
    problems.push_back({child(path, key), std::string(key) + " must be an object, got " + brief(*it)});
    return nullptr;
  }
  return &*it;
}

void read_time(Reader& r, const char* key, std::optional<std::int64_t>& out) {
  if (!r.find(key)) return;
  std::int64_t v = -1;
  r.integer(key, 0, kMaxTime, v);
  if (v >= 0) out = v;
}

void read_visitor(const Json& json, const std::string& path, VisitorState& out, std::vector<Problem>& problems) {
  Reader r(json, path, problems);
  r.unknown_keys({"id", "gpc", "dnt", "consent", "history_kept"});
  r.string("id", out.id);
  r.boolean("gpc", out.gpc);
  r.boolean("dnt", out.dnt);
  r.boolean("history_kept", out.history_kept);
  if (r.find("consent")) {
    bool consent = false;
    const std::size_t before = problems.size();
    r.boolean("consent", consent);
    if (problems.size() == before) out.consent = consent;
  }
}

void read_history(const Json& json, const std::string& path, VisitorState& out, std::vector<Problem>& problems) {
  Reader r(json, path, problems);
  r.unknown_keys({"surveys", "last_shown_any"});
  read_time(r, "last_shown_any", out.last_shown_any);
  const Json* surveys = object_at(json, "surveys", path, problems);
  if (!surveys) return;
  for (const auto& entry : surveys->items()) {
    const std::string survey_path = child(child(path, "surveys"), entry.key());
    if (!entry.value().is_object()) {
      problems.push_back({survey_path, "a survey's history must be an object, got " + brief(entry.value())});
      continue;
    }
    SurveyHistory history;
    Reader s(entry.value(), survey_path, problems);
    s.unknown_keys({"displays", "last_shown", "last_answered", "last_dismissed"});
    s.integer("displays", 0, 1000000, history.displays);
    read_time(s, "last_shown", history.last_shown);
    read_time(s, "last_answered", history.last_answered);
    read_time(s, "last_dismissed", history.last_dismissed);
    out.surveys[entry.key()] = history;
  }
}

void read_page(const Json& json, const std::string& path, PageSignals& out, std::vector<Problem>& problems) {
  Reader r(json, path, problems);
  r.unknown_keys({"url", "pageviews", "ms_on_page", "ms_since_load", "scroll_percent", "exit_intent", "events",
                  "manual", "visible"});
  r.string("url", out.url);
  r.integer("pageviews", 0, 1000000, out.pageviews);
  r.integer("ms_on_page", 0, kMaxTime, out.ms_on_page);
  r.integer("ms_since_load", 0, kMaxTime, out.ms_since_load);
  r.number("scroll_percent", 0, 100, out.scroll_percent);
  r.boolean("exit_intent", out.exit_intent);
  r.strings("events", "event names", out.events, [](const std::string&) { return std::optional<std::string>(); });
  r.boolean("manual", out.manual);
  r.boolean("visible", out.visible);
}

}  // namespace

Result<Json> display_decision_json(const Json& request) {
  if (!request.is_object()) return Error{"request.invalid", "$", "the request must be a JSON object"};
  std::vector<Problem> problems;
  Reader r(request, "$", problems);
  r.unknown_keys({"definition", "now", "visitor", "history", "page"});

  std::string survey_id;
  DisplayRules rules;
  auto definition = request.find("definition");
  if (definition == request.end() || !definition->is_object()) {
    problems.push_back({"$.definition", "definition (the normalized survey definition) must be an object"});
  } else {
    auto id = definition->find("id");
    if (id == definition->end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
      problems.push_back({"$.definition.id", "the definition needs an \"id\": a non-empty string"});
    } else {
      survey_id = id->get<std::string>();
    }
    auto display = definition->find("display");
    parse_display_rules(display == definition->end() ? Json() : *display, "$.definition.display", rules, problems);
  }

  std::int64_t now = -1;
  if (!r.find("now")) problems.push_back({"$.now", "now (epoch milliseconds) is required"});
  r.integer("now", 0, kMaxTime, now);

  VisitorState visitor;
  if (const Json* v = object_at(request, "visitor", "$", problems)) read_visitor(*v, "$.visitor", visitor, problems);
  if (const Json* h = object_at(request, "history", "$", problems)) read_history(*h, "$.history", visitor, problems);
  PageSignals page;
  if (const Json* p = object_at(request, "page", "$", problems)) read_page(*p, "$.page", page, problems);

  if (!problems.empty()) {
    Error error{"request.invalid", problems.front().path, problems.front().message};
    if (problems.size() > 1) error.problems = std::move(problems);
    return error;
  }
  return display_decision_json(decide(rules, survey_id, visitor, page, now));
}

}  // namespace csatkit
