// Display rules: parsing with JSON paths, URL globs, sticky sampling, and the decision's check
// order. Times are plain numbers (no clock is read anywhere), so nothing here is timing-dependent.
#include "core/display_rules.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace csatkit;

namespace {

constexpr std::int64_t kNow = 1700000000000;  // 2023-11-14, epoch ms
constexpr std::int64_t kHour = 3600000;
constexpr std::int64_t kDay = 24 * kHour;

std::vector<Problem> problems_of(const std::string& display_json) {
  DisplayRules rules;
  std::vector<Problem> problems;
  parse_display_rules(Json::parse(display_json), "$.display", rules, problems);
  return problems;
}

DisplayRules rules_from(const std::string& display_json) {
  DisplayRules rules;
  std::vector<Problem> problems;
  parse_display_rules(Json::parse(display_json), "$.display", rules, problems);
  for (const Problem& p : problems) UNSCOPED_INFO(p.path << ": " << p.message);
  REQUIRE(problems.empty());
  return rules;
}

// The message at `path`, or "" when no problem has that path.
std::string message_at(const std::vector<Problem>& problems, const std::string& path) {
  for (const Problem& p : problems) {
    if (p.path == path) return p.message;
  }
  return "";
}

// A visitor and page for whom every check passes, so each test changes just the thing it tests.
VisitorState eligible_visitor() {
  VisitorState v;
  v.id = "visitor-1";
  return v;
}

PageSignals loaded_page(std::int64_t ms_since_load = 0) {
  PageSignals p;
  p.url = "https://example.com/help/article?id=7";
  p.ms_since_load = ms_since_load;
  p.ms_on_page = ms_since_load;
  return p;
}

DisplayDecision decide_with(const DisplayRules& rules, const VisitorState& visitor, const PageSignals& page) {
  return decide(rules, "post-chat", visitor, page, kNow);
}

}  // namespace

// ---- parsing and the normalized form -----------------------------------------------------------

TEST_CASE("no display object means every default, written out explicitly") {
  const DisplayRules from_null = rules_from("null");
  const DisplayRules from_empty = rules_from("{}");
  const Json expected = Json::parse(R"({
    "triggers": {"delay_ms": 3000, "time_on_page_ms": null, "scroll_percent": null,
                 "exit_intent": false, "events": []},
    "manual_only": false, "min_pageviews": 1, "include": [], "exclude": [],
    "sample_percent": 100, "recontact_days": 45, "dismiss_days": 7, "max_displays": 3,
    "global_cooldown_days": 1, "respect_global_cooldown": true, "respect_privacy_signals": true,
    "require_consent": false})");
  CHECK(display_rules_json(from_null) == expected);
  CHECK(display_rules_json(from_empty) == expected);
  CHECK(display_rules_json(DisplayRules{}) == expected);
  // Key order is part of the contract: the normalized definition is shown to people.
  CHECK(display_rules_json(from_empty).dump() == expected.dump());
}

TEST_CASE("giving any trigger replaces the default delay; an empty triggers object does not") {
  const DisplayRules scroll_only = rules_from(R"({"triggers": {"scroll_percent": 50}})");
  CHECK_FALSE(scroll_only.triggers.delay_ms);
  CHECK(scroll_only.triggers.scroll_percent == 50);
  CHECK(rules_from(R"({"triggers": {}})").triggers.delay_ms == kDefaultDelayMs);
  // Null triggers are "not set", which is how the normalized form writes them.
  CHECK(rules_from(R"({"triggers": {"delay_ms": null, "exit_intent": true}})").triggers.delay_ms == std::nullopt);
}

TEST_CASE("the normalized rules parse back to the same rules") {
  const char* full = R"({
    "triggers": {"delay_ms": 5000.0, "time_on_page_ms": 20000, "scroll_percent": 60, "exit_intent": true,
                 "events": ["chat_closed", "order_placed"]},
    "min_pageviews": 2, "include": ["/help/**", "https://shop.example.com/**"], "exclude": ["/help/admin/*"],
    "sample_percent": 12.5, "recontact_days": 30, "dismiss_days": 0.5, "max_displays": null,
    "global_cooldown_days": 7, "respect_global_cooldown": false, "respect_privacy_signals": false,
    "require_consent": true})";
  const DisplayRules rules = rules_from(full);
  CHECK(rules.triggers.delay_ms == 5000);
  CHECK(rules.triggers.events == std::vector<std::string>{"chat_closed", "order_placed"});
  CHECK(rules.sample_percent == 12.5);
  CHECK(rules.dismiss_days == 0.5);
  CHECK_FALSE(rules.max_displays);  // null = no limit, not "default"
  CHECK(rules.require_consent);

  const Json normalized = display_rules_json(rules);
  const DisplayRules again = rules_from(normalized.dump());
  CHECK(display_rules_json(again) == normalized);

  const Json manual = display_rules_json(rules_from(R"({"manual_only": true})"));
  CHECK(manual["triggers"]["delay_ms"].is_null());  // manual_only gets no default delay
  CHECK(display_rules_json(rules_from(manual.dump())) == manual);
}

TEST_CASE("each kind of problem is reported at its JSON path") {
  SECTION("display and triggers must be objects") {
    CHECK_THAT(message_at(problems_of("[1]"), "$.display"), Catch::Contains("must be an object"));
    CHECK_THAT(message_at(problems_of(R"({"triggers": 3000})"), "$.display.triggers"),
               Catch::Contains("must be an object"));
  }
  SECTION("wrong types") {
    const auto problems = problems_of(R"({"triggers": {"delay_ms": "3s", "exit_intent": "yes", "events": "chat_closed"},
      "manual_only": 1, "include": "/help/**", "sample_percent": "50%"})");
    CHECK(problems.size() == 6);
    CHECK_THAT(message_at(problems, "$.display.triggers.delay_ms"), Catch::Contains("whole number"));
    CHECK_THAT(message_at(problems, "$.display.triggers.exit_intent"), Catch::Contains("true or false"));
    CHECK_THAT(message_at(problems, "$.display.triggers.events"), Catch::Contains("array of event names"));
    CHECK_THAT(message_at(problems, "$.display.manual_only"), Catch::Contains("true or false"));
    CHECK_THAT(message_at(problems, "$.display.include"), Catch::Contains("array of URL patterns"));
    CHECK_THAT(message_at(problems, "$.display.sample_percent"), Catch::Contains("\"50%\""));
  }
  SECTION("array items") {
    const auto problems = problems_of(R"({"triggers": {"events": ["ok", 7, ""]}})");
    CHECK(problems.size() == 2);
    CHECK_THAT(message_at(problems, "$.display.triggers.events[1]"), Catch::Contains("must be a string"));
    CHECK_THAT(message_at(problems, "$.display.triggers.events[2]"), Catch::Contains("must not be empty"));
  }
  SECTION("out of range") {
    const auto problems = problems_of(R"({"triggers": {"scroll_percent": 0, "time_on_page_ms": -1, "delay_ms": 2.5},
      "sample_percent": 120, "recontact_days": -1, "dismiss_days": 4000, "max_displays": 0, "min_pageviews": 0})");
    CHECK(problems.size() == 8);
    CHECK_THAT(message_at(problems, "$.display.triggers.scroll_percent"), Catch::Contains("from 1 to 100, got 0"));
    CHECK_THAT(message_at(problems, "$.display.triggers.time_on_page_ms"), Catch::Contains("got -1"));
    CHECK_THAT(message_at(problems, "$.display.triggers.delay_ms"), Catch::Contains("got 2.5"));
    CHECK_THAT(message_at(problems, "$.display.sample_percent"), Catch::Contains("from 0 to 100, got 120"));
    CHECK_THAT(message_at(problems, "$.display.recontact_days"), Catch::Contains("got -1"));
    CHECK_THAT(message_at(problems, "$.display.dismiss_days"), Catch::Contains("from 0 to 3650"));
    CHECK_THAT(message_at(problems, "$.display.max_displays"), Catch::Contains("null for no limit"));
    CHECK_THAT(message_at(problems, "$.display.min_pageviews"), Catch::Contains("from 1 to 1000"));
    CHECK(problems_of(R"({"triggers": {"scroll_percent": 101}})").size() == 1);
  }
  SECTION("unknown keys, at both levels, naming what was expected") {
    const auto problems = problems_of(R"({"sample": 50, "triggers": {"scroll": 50}})");
    CHECK(problems.size() == 2);
    CHECK_THAT(message_at(problems, "$.display.sample"), Catch::Contains("sample_percent"));
    CHECK_THAT(message_at(problems, "$.display.triggers.scroll"), Catch::Contains("scroll_percent"));
  }
  SECTION("bad URL patterns") {
    const auto problems = problems_of(R"({"include": ["/ok/**", "help/*", "/a b", "/x#top", "/***"],
                                           "exclude": ["https://shop.example.com", "https:///path", ""]})");
    CHECK(problems.size() == 7);
    CHECK_THAT(message_at(problems, "$.display.include[1]"), Catch::Contains("starts with \"/\""));
    CHECK_THAT(message_at(problems, "$.display.include[2]"), Catch::Contains("spaces"));
    CHECK_THAT(message_at(problems, "$.display.include[3]"), Catch::Contains("fragment"));
    CHECK_THAT(message_at(problems, "$.display.include[4]"), Catch::Contains("***"));
    CHECK_THAT(message_at(problems, "$.display.exclude[0]"), Catch::Contains("https://shop.example.com/**"));
    CHECK_THAT(message_at(problems, "$.display.exclude[1]"), Catch::Contains("no host"));
    CHECK_THAT(message_at(problems, "$.display.exclude[2]"), Catch::Contains("empty"));
  }
  SECTION("manual_only with triggers is a contradiction") {
    const auto problems = problems_of(R"({"manual_only": true, "triggers": {"exit_intent": true}})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path == "$.display.manual_only");
  }
}

TEST_CASE("several problems at once are all reported, in document order, under the caller's path") {
  DisplayRules rules;
  std::vector<Problem> problems{{"$.id", "an earlier problem of the caller"}};
  parse_display_rules(Json::parse(R"({"triggers": {"delay_ms": -5, "events": [1]}, "colour": "red",
                                      "include": ["nope"], "max_displays": "3", "require_consent": "no"})"),
                      "$.surveys[2].display", rules, problems);
  std::vector<std::string> paths;
  for (const Problem& p : problems) paths.push_back(p.path);
  CHECK(paths == std::vector<std::string>{"$.id", "$.surveys[2].display.colour", "$.surveys[2].display.triggers.delay_ms",
                                          "$.surveys[2].display.triggers.events[0]", "$.surveys[2].display.include[0]",
                                          "$.surveys[2].display.max_displays", "$.surveys[2].display.require_consent"});
}

// ---- URL patterns ------------------------------------------------------------------------------

TEST_CASE("URL globs: * within a segment, ** across, path vs whole URL, query only when asked") {
  struct Case {
    const char* pattern;
    const char* url;
    bool matches;
  };
  const Case cases[] = {
      {"/pricing", "https://example.com/pricing", true},
      {"/pricing", "https://example.com/pricing?utm_source=x#plans", true},  // no "?" → query ignored
      {"/pricing", "https://example.com/pricing/", false},
      {"/pricing", "https://example.com/Pricing", false},  // paths are case-sensitive
      {"/help/*", "https://example.com/help/article", true},
      {"/help/*", "https://example.com/help/a/b", false},
      {"/help/*", "https://example.com/help", false},
      {"/help/**", "https://example.com/help/a/b", true},
      {"/help/**", "https://example.com/help", true},  // a trailing /** includes the folder itself
      {"/help/**", "https://example.com/helpdesk", false},
      {"/**/checkout", "https://example.com/eu/shop/checkout", true},
      {"**/checkout", "https://example.com/checkout", true},
      {"/blog/*-2024", "https://example.com/blog/summer-sale-2024", true},
      {"/*", "https://example.com", true},  // a URL without a path is "/"
      {"/search?q=*", "https://example.com/search?q=shoes", true},
      {"/search?q=*", "https://example.com/search", false},
      {"/search?*lang=nl*", "https://example.com/search?q=a&lang=nl&p=2", true},
      {"/account/*", "/account/settings?tab=2", true},  // a bare path works too
      {"https://shop.example.com/**", "https://shop.example.com/cart", true},
      {"https://shop.example.com/**", "https://example.com/cart", false},
      {"https://SHOP.example.com/cart", "HTTPS://shop.EXAMPLE.com/cart", true},  // scheme and host ignore case
      {"https://*.example.com/**", "https://eu.example.com/x", true},
      {"https://*.example.com/**", "https://example.com/x", false},
      {"*://example.com:8080/*", "http://example.com:8080/a", true},
      {"https://example.com/**", "/relative/path", false},  // no origin to compare
      {"/a*a*a*a*a*a*a*a*b", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},  // no exponential blow-up
      {"help/*", "https://example.com/help/x", false},  // an invalid pattern never matches
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " vs " << c.url);
    CHECK(url_matches(c.pattern, c.url) == c.matches);
  }
}

TEST_CASE("URL patterns match the URL as location.href spells it: UTF-8 and other percent-escapes") {
  struct Case {
    const char* pattern;
    const char* url;
    bool matches;
  };
  const Case cases[] = {
      {"/über-uns/**", "https://example.de/%C3%BCber-uns/team", true},  // written with the character
      {"/über-uns/**", "https://example.de/%C3%BCber-uns", true},
      {"/über-uns/**", "https://example.de/%c3%bcber-uns/team", true},  // a site's own lower-case escape
      {"/über-uns/**", "https://example.de/uber-uns/team", false},
      {"/über-uns/**", "https://example.de/%C3%BCber-unsere/team", false},
      {"/ayuda/cómo-*", "https://example.es/ayuda/c%C3%B3mo-pagar", true},
      {"/ayuda/cómo-*", "https://example.es/ayuda/c%C3%B3mo-pagar/tarjeta", false},  // * still stops at "/"
      {"/ayuda/*-pagar", "https://example.es/ayuda/c%C3%B3mo-pagar", true},
      {"/%C3%BCber-uns", "https://example.de/%C3%BCber-uns", true},  // a pasted, already encoded path
      {"/%c3%bcber-uns", "https://example.de/%C3%BCber-uns", true},
      {"/%C3%BCber-uns", "https://example.de/%c3%bcber-uns", true},
      {"/%C3%BCber-uns", "/über-uns", true},  // a decoded URL (not from a browser) compares the same
      {"/%C3%BCber-uns", "https://example.de/%C3%9Cber-uns", false},  // Ü is not ü
      {"/suche?q=grüße", "https://example.de/suche?q=gr%C3%BC%C3%9Fe", true},  // in the query too
      {"/suche?q=grüße", "https://example.de/suche?q=gr%c3%bc%c3%9fe", true},
      {"/suche?q=grüße", "https://example.de/suche?q=grusse", false},
      {"/a%2fb", "https://example.com/a%2Fb", true},  // any escape's hex digits ignore case
      {"/100%cool", "https://example.com/100%Cool", false},  // not an escape: compared as written
      {"https://example.de/über-uns/**", "https://EXAMPLE.de/%C3%BCber-uns/team", true},
      {"https://xn--caf-dma.example/**", "https://xn--caf-dma.example/men%C3%BC", true},
      {"https://café.example/**", "https://xn--caf-dma.example/", false},  // invalid: see url_pattern_problem
      // The ASCII a browser escapes in a path ("/docs/{id}" is "/docs/%7Bid%7D" in location.href).
      {"/docs/{id}", "https://example.com/docs/%7Bid%7D", true},
      {"/docs/{id}", "https://example.com/docs/%7bid%7d", true},
      {"/docs/%7Bid%7D", "https://example.com/docs/{id}", true},  // a URL given as typed
      {"/q/\"a<b>\"/`x`", "https://example.com/q/%22a%3Cb%3E%22/%60x%60", true},
      {"/search?q={x}", "https://example.com/search?q={x}", true},  // the query keeps them as typed
      {"/search?q={x}", "https://example.com/search?q=%7Bx%7D", true},
      {"/docs/{id}", "https://example.com/docs/id", false},
      {"/docs/*", "https://example.com/docs/%7Bid%7D", true},  // "*" is still a wildcard
  };
  for (const Case& c : cases) {
    INFO(c.pattern << " vs " << c.url);
    CHECK(url_matches(c.pattern, c.url) == c.matches);
  }
}

TEST_CASE("a non-ASCII host in a pattern is a problem that names its xn-- spelling") {
  CHECK_FALSE(url_pattern_problem("/über-uns/**"));
  CHECK_FALSE(url_pattern_problem("https://xn--caf-dma.example/über/**"));
  CHECK_FALSE(url_pattern_problem("*://example.com/cómo"));
  const auto problem = url_pattern_problem("https://café.example/**");
  REQUIRE(problem);
  CHECK_THAT(*problem, Catch::Contains("location.href") && Catch::Contains("xn--"));
  const auto problems = problems_of(R"({"include": ["/über-uns/**"], "exclude": ["https://café.example/**"]})");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "$.display.exclude[0]");
}

TEST_CASE("a display decision with a non-ASCII include, on the URL the browser reports") {
  DisplayRules rules = rules_from(R"({"include": ["/über-uns/**"], "exclude": ["/über-uns/intern/**"]})");
  PageSignals page = loaded_page(5000);
  page.url = "https://example.de/%C3%BCber-uns/kontakt";
  CHECK(decide_with(rules, eligible_visitor(), page).show);
  page.url = "https://example.de/%C3%BCber-uns/intern/wiki";
  CHECK(decide_with(rules, eligible_visitor(), page).reason == DisplayReason::Url);
}

TEST_CASE("include narrows, exclude wins") {
  DisplayRules rules = rules_from(R"({"include": ["/help/**", "/pricing"], "exclude": ["/help/internal/**"]})");
  PageSignals page = loaded_page(5000);
  page.url = "https://example.com/help/article";
  CHECK(decide_with(rules, eligible_visitor(), page).show);
  page.url = "https://example.com/pricing?plan=pro";
  CHECK(decide_with(rules, eligible_visitor(), page).show);
  page.url = "https://example.com/help/internal/runbook";
  CHECK(decide_with(rules, eligible_visitor(), page).reason == DisplayReason::Url);
  page.url = "https://example.com/blog";
  CHECK(decide_with(rules, eligible_visitor(), page).reason == DisplayReason::Url);
  rules.include.clear();  // no include = everywhere except the excluded
  CHECK(decide_with(rules, eligible_visitor(), page).show);
}

// ---- triggers ----------------------------------------------------------------------------------

TEST_CASE("the default delay fires at 3 s and says when to ask again before that") {
  const DisplayRules rules;
  const DisplayDecision early = decide_with(rules, eligible_visitor(), loaded_page(1200));
  CHECK_FALSE(early.show);
  CHECK(early.reason == DisplayReason::Waiting);
  CHECK(early.next_check_ms == 1800);
  const DisplayDecision due = decide_with(rules, eligible_visitor(), loaded_page(3000));
  CHECK(due.show);
  CHECK(due.reason == DisplayReason::Trigger);
  CHECK(due.trigger == DisplayTrigger::Delay);
  CHECK_FALSE(due.next_check_ms);
}

TEST_CASE("time on page counts visible time, not time since load") {
  const DisplayRules rules = rules_from(R"({"triggers": {"time_on_page_ms": 10000}})");
  PageSignals page = loaded_page(60000);
  page.ms_on_page = 4000;  // the tab was hidden most of the minute
  DisplayDecision d = decide_with(rules, eligible_visitor(), page);
  CHECK(d.reason == DisplayReason::Waiting);
  CHECK(d.next_check_ms == 6000);
  page.ms_on_page = 10000;
  d = decide_with(rules, eligible_visitor(), page);
  CHECK(d.show);
  CHECK(d.trigger == DisplayTrigger::TimeOnPage);
}

TEST_CASE("with two time triggers the sooner one sets next_check_ms") {
  const DisplayRules rules = rules_from(R"({"triggers": {"delay_ms": 30000, "time_on_page_ms": 8000}})");
  PageSignals page = loaded_page(5000);
  page.ms_on_page = 2000;
  CHECK(decide_with(rules, eligible_visitor(), page).next_check_ms == 6000);
  page.ms_on_page = 0;
  page.ms_since_load = 25000;
  CHECK(decide_with(rules, eligible_visitor(), page).next_check_ms == 5000);
}

TEST_CASE("scroll depth fires at the configured percent") {
  const DisplayRules rules = rules_from(R"({"triggers": {"scroll_percent": 50}})");
  PageSignals page = loaded_page(600000);  // no default delay hides behind the scroll trigger
  page.scroll_percent = 49.9;
  DisplayDecision d = decide_with(rules, eligible_visitor(), page);
  CHECK(d.reason == DisplayReason::Waiting);
  CHECK_FALSE(d.next_check_ms);  // nothing time-based to wait for
  page.scroll_percent = 50;
  d = decide_with(rules, eligible_visitor(), page);
  CHECK(d.show);
  CHECK(d.trigger == DisplayTrigger::Scroll);
}

TEST_CASE("exit intent fires only when configured") {
  PageSignals page = loaded_page(1000);
  page.exit_intent = true;
  const DisplayRules on_exit = rules_from(R"({"triggers": {"exit_intent": true}})");
  const DisplayDecision d = decide_with(on_exit, eligible_visitor(), page);
  CHECK(d.show);
  CHECK(d.trigger == DisplayTrigger::ExitIntent);
  CHECK_FALSE(decide_with(rules_from(R"({"triggers": {"scroll_percent": 90}})"), eligible_visitor(), page).show);
  page.exit_intent = false;
  CHECK_FALSE(decide_with(on_exit, eligible_visitor(), page).show);
}

TEST_CASE("a tracked event fires and is named; other events do not") {
  const DisplayRules rules = rules_from(R"({"triggers": {"events": ["chat_closed", "order_placed"]}})");
  PageSignals page = loaded_page(1000);
  page.events = {"page_scrolled", "video_played"};
  CHECK(decide_with(rules, eligible_visitor(), page).reason == DisplayReason::Waiting);
  page.events.push_back("order_placed");
  const DisplayDecision d = decide_with(rules, eligible_visitor(), page);
  CHECK(d.show);
  CHECK(d.trigger == DisplayTrigger::Event);
  CHECK(d.event == "order_placed");
  const Json json = display_decision_json(d);
  CHECK(json["trigger"] == "event");
  CHECK(json["event"] == "order_placed");
}

TEST_CASE("when several triggers fire, the most specific one is reported") {
  const DisplayRules rules =
      rules_from(R"({"triggers": {"delay_ms": 0, "scroll_percent": 10, "exit_intent": true, "events": ["chat_closed"]}})");
  PageSignals page = loaded_page(5000);
  page.scroll_percent = 80;
  CHECK(decide_with(rules, eligible_visitor(), page).trigger == DisplayTrigger::Scroll);
  page.exit_intent = true;
  CHECK(decide_with(rules, eligible_visitor(), page).trigger == DisplayTrigger::ExitIntent);
  page.events = {"chat_closed"};
  CHECK(decide_with(rules, eligible_visitor(), page).trigger == DisplayTrigger::Event);
  page.manual = true;
  CHECK(decide_with(rules, eligible_visitor(), page).trigger == DisplayTrigger::Manual);
}

TEST_CASE("min_pageviews holds every trigger back until that page of the session") {
  const DisplayRules rules = rules_from(R"({"min_pageviews": 3})");
  PageSignals page = loaded_page(10000);
  page.pageviews = 2;
  CHECK(decide_with(rules, eligible_visitor(), page).reason == DisplayReason::Waiting);
  page.pageviews = 3;
  CHECK(decide_with(rules, eligible_visitor(), page).show);
}

TEST_CASE("manual_only surveys wait for show()") {
  const DisplayRules rules = rules_from(R"({"manual_only": true})");
  PageSignals page = loaded_page(600000);
  page.exit_intent = true;
  page.scroll_percent = 100;
  const DisplayDecision waiting = decide_with(rules, eligible_visitor(), page);
  CHECK(waiting.reason == DisplayReason::Waiting);
  CHECK_FALSE(waiting.next_check_ms);
  page.manual = true;
  CHECK(decide_with(rules, eligible_visitor(), page).trigger == DisplayTrigger::Manual);
}

// ---- caps and cooldown -------------------------------------------------------------------------

TEST_CASE("max_displays counts every display of this survey") {
  DisplayRules rules;  // 3
  VisitorState visitor = eligible_visitor();
  visitor.surveys["post-chat"].displays = 2;
  visitor.surveys["other-survey"].displays = 50;  // another survey's count is not ours
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
  visitor.surveys["post-chat"].displays = 3;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::MaxDisplays);
  rules.max_displays.reset();
  visitor.surveys["post-chat"].displays = 1000;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
}

TEST_CASE("recontact: no new ask within recontact_days of an answer") {
  DisplayRules rules;  // 45 days
  VisitorState visitor = eligible_visitor();
  visitor.surveys["post-chat"].last_answered = kNow - 45 * kDay + 1;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Recontact);
  visitor.surveys["post-chat"].last_answered = kNow - 45 * kDay;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
  visitor.surveys["post-chat"].last_answered = kNow + kDay;  // clock moved back: treated as just now
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Recontact);
  rules.recontact_days = 0;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
}

TEST_CASE("dismissed: not again within dismiss_days, fractional days allowed") {
  DisplayRules rules = rules_from(R"({"dismiss_days": 0.5})");
  VisitorState visitor = eligible_visitor();
  visitor.surveys["post-chat"].last_dismissed = kNow - 11 * kHour;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Dismissed);
  visitor.surveys["post-chat"].last_dismissed = kNow - 13 * kHour;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
  CHECK(decide_with(DisplayRules{}, visitor, loaded_page(5000)).reason == DisplayReason::Dismissed);  // default 7 days
}

TEST_CASE("caps are checked in order: max displays, recontact, dismissed, then the global cooldown") {
  VisitorState visitor = eligible_visitor();
  visitor.last_shown_any = kNow - kHour;
  CHECK(decide_with(DisplayRules{}, visitor, loaded_page(5000)).reason == DisplayReason::Cooldown);
  visitor.surveys["post-chat"].last_dismissed = kNow - kDay;
  CHECK(decide_with(DisplayRules{}, visitor, loaded_page(5000)).reason == DisplayReason::Dismissed);
  visitor.surveys["post-chat"].last_answered = kNow - 2 * kDay;
  CHECK(decide_with(DisplayRules{}, visitor, loaded_page(5000)).reason == DisplayReason::Recontact);
  visitor.surveys["post-chat"].displays = 3;
  CHECK(decide_with(DisplayRules{}, visitor, loaded_page(5000)).reason == DisplayReason::MaxDisplays);
}

TEST_CASE("the global cooldown spans surveys, and a survey can opt out of it") {
  DisplayRules rules;
  VisitorState visitor = eligible_visitor();
  visitor.last_shown_any = kNow - 23 * kHour;  // default cooldown: 1 day
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Cooldown);
  visitor.last_shown_any = kNow - 25 * kHour;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
  // "One prompt a fortnight, whichever survey": each survey waits 14 days after any prompt.
  rules = rules_from(R"({"global_cooldown_days": 14})");
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Cooldown);
  visitor.last_shown_any = kNow - 14 * kDay - 1;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
  visitor.last_shown_any = kNow - 1;  // a prompt a moment ago
  CHECK(decide_with(rules_from(R"({"global_cooldown_days": 0})"), visitor, loaded_page(5000)).show);
  rules.respect_global_cooldown = false;  // the inline "Was this helpful?" case
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
}

TEST_CASE("global_cooldown_days is 0 to 3650 days, like the other waits") {
  for (const char* wrong : {R"({"global_cooldown_days": -1})", R"({"global_cooldown_days": 3651})",
                            R"({"global_cooldown_days": "7"})"}) {
    std::vector<Problem> problems;
    DisplayRules rules;
    parse_display_rules(Json::parse(wrong), "$.display", rules, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path == "$.display.global_cooldown_days");
    CHECK(problems[0].message.find("from 0 to 3650") != std::string::npos);
  }
  CHECK(rules_from(R"({"global_cooldown_days": 0.5})").global_cooldown_days == 0.5);
}

// ---- sampling ----------------------------------------------------------------------------------

TEST_CASE("the sampling hash matches independently computed vectors") {
  // Computed with python3, independently of this code:
  //   M = 2**64 - 1
  //   def h(v, s):
  //       x = 0xcbf29ce484222325
  //       for b in v.encode() + b"\0" + s.encode(): x ^= b; x = (x * 0x100000001b3) & M
  //       x ^= x >> 33; x = (x * 0xff51afd7ed558ccd) & M; x ^= x >> 33
  //       x = (x * 0xc4ceb9fe1a85ec53) & M; x ^= x >> 33
  //       return x
  //   bucket = (h(v, s) >> 11) / 2**53 * 100
  struct Vector {
    const char* visitor;
    const char* survey;
    std::uint64_t hash;
    double bucket;
  };
  const Vector vectors[] = {
      {"", "", 0xb9034ad37056f5fbULL, 72.27064863403389},
      {"visitor-1", "post-chat", 0x063b64b33c430d9cULL, 2.434377075065808},
      {"visitor-1", "kb-helpful", 0x59d6b3ec61ad0e1eULL, 35.093235512765744},
      {"3f2b9c1e-8a47-4d0e-9b6a-1c2d3e4f5a6b", "post-chat", 0x6f81966af3a38582ULL, 43.55710993874151},
      {"ab", "c", 0xc87d91e7dc16f99dULL, 78.3166045290354},
      {"a", "bc", 0xdf52f2b01fb62dc7ULL, 87.23594360341954},  // the separator keeps these apart
      {"\xc3\xa9mile", "nps", 0x4950c5e544a2027dULL, 28.638874862065933},  // UTF-8 bytes
  };
  for (const Vector& v : vectors) {
    INFO(v.visitor << " / " << v.survey);
    CHECK(sampling_hash(v.visitor, v.survey) == v.hash);
    CHECK(sample_bucket(v.visitor, v.survey) == v.bucket);
  }
}

TEST_CASE("sampling is sticky per visitor and survey, and decide follows the bucket") {
  DisplayRules rules = rules_from(R"({"sample_percent": 30})");
  const std::string id = "3f2b9c1e-8a47-4d0e-9b6a-1c2d3e4f5a6b";  // bucket 43.56 for post-chat
  VisitorState visitor = eligible_visitor();
  visitor.id = id;
  for (int reload = 0; reload < 5; ++reload) {  // a re-roll per page load would flip some of these
    CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::SampledOut);
  }
  rules.sample_percent = 43.55;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::SampledOut);
  rules.sample_percent = 43.56;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);
  rules.sample_percent = 0;
  visitor.id = "visitor-1";  // bucket 2.43: low, yet 0 % is nobody
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::SampledOut);
}

TEST_CASE("sampling: 10,000 visitors at 30 % give 30 ± 1.5 %, independently per survey") {
  int in_a = 0;
  int in_b = 0;
  int in_both = 0;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = "visitor-" + std::to_string(i);
    const bool a = sample_bucket(id, "post-chat") < 30;
    const bool b = sample_bucket(id, "kb-helpful") < 30;
    in_a += a;
    in_b += b;
    in_both += a && b;
  }
  CHECK(in_a / 100.0 == Approx(30).margin(1.5));
  CHECK(in_b / 100.0 == Approx(30).margin(1.5));
  // Independent surveys: 30 % of 30 % = 9 %. Correlated buckets would give up to 30 %.
  CHECK(in_both / 100.0 == Approx(9).margin(1.5));
}

TEST_CASE("a visitor without an id is sampled out unless everyone is sampled") {
  VisitorState visitor = eligible_visitor();
  visitor.id.clear();
  const DisplayDecision d = decide_with(rules_from(R"({"sample_percent": 99.9})"), visitor, loaded_page(5000));
  CHECK(d.reason == DisplayReason::SampledOut);
  CHECK(d.storage_allowed);  // the runtime may now create the id
  CHECK(decide_with(DisplayRules{}, visitor, loaded_page(5000)).show);
}

// ---- privacy and consent -----------------------------------------------------------------------

TEST_CASE("GPC and DNT are honoured by default, and nothing may be stored") {
  VisitorState visitor = eligible_visitor();
  for (int signal = 0; signal < 2; ++signal) {
    visitor.gpc = signal == 0;
    visitor.dnt = signal == 1;
    INFO((signal == 0 ? "gpc" : "dnt"));
    const DisplayDecision d = decide_with(DisplayRules{}, visitor, loaded_page(5000));
    CHECK_FALSE(d.show);
    CHECK(d.reason == DisplayReason::PrivacySignal);
    CHECK_FALSE(d.storage_allowed);
  }
  DisplayRules rules;
  rules.respect_privacy_signals = false;
  const DisplayDecision ignored = decide_with(rules, visitor, loaded_page(5000));
  CHECK(ignored.show);
  CHECK(ignored.storage_allowed);
}

TEST_CASE("consent: required and unknown or refused blocks showing and storage") {
  DisplayRules rules = rules_from(R"({"require_consent": true})");
  VisitorState visitor = eligible_visitor();
  DisplayDecision d = decide_with(rules, visitor, loaded_page(5000));  // unknown
  CHECK(d.reason == DisplayReason::Consent);
  CHECK_FALSE(d.storage_allowed);
  visitor.consent = false;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Consent);
  visitor.consent = true;
  d = decide_with(rules, visitor, loaded_page(5000));
  CHECK(d.show);
  CHECK(d.storage_allowed);

  rules.require_consent = false;
  visitor.consent.reset();
  CHECK(decide_with(rules, visitor, loaded_page(5000)).show);  // no gate: unknown is fine
  visitor.consent = false;  // but a page that says "no" is heard even without the gate
  d = decide_with(rules, visitor, loaded_page(5000));
  CHECK(d.reason == DisplayReason::Consent);
  CHECK_FALSE(d.storage_allowed);
}

TEST_CASE("privacy signals are checked before consent, and both before everything else") {
  DisplayRules rules = rules_from(R"({"require_consent": true, "include": ["/nowhere"], "sample_percent": 0})");
  VisitorState visitor = eligible_visitor();
  visitor.gpc = true;
  visitor.consent = true;  // a GPC signal outranks a consent banner's answer
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::PrivacySignal);
  visitor.gpc = false;
  visitor.consent.reset();
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Consent);
  visitor.consent = true;
  CHECK(decide_with(rules, visitor, loaded_page(5000)).reason == DisplayReason::Url);
}

// ---- manual show() -----------------------------------------------------------------------------

TEST_CASE("show() bypasses triggers and sampling, but not privacy, consent, URL, caps or cooldown") {
  DisplayRules rules = rules_from(R"({"sample_percent": 0, "min_pageviews": 5, "triggers": {"scroll_percent": 90}})");
  PageSignals page = loaded_page(0);
  page.manual = true;
  VisitorState visitor = eligible_visitor();
  const DisplayDecision d = decide_with(rules, visitor, page);
  CHECK(d.show);
  CHECK(d.trigger == DisplayTrigger::Manual);

  SECTION("privacy") {
    visitor.dnt = true;
    CHECK(decide_with(rules, visitor, page).reason == DisplayReason::PrivacySignal);
  }
  SECTION("consent") {
    rules.require_consent = true;
    CHECK(decide_with(rules, visitor, page).reason == DisplayReason::Consent);
  }
  SECTION("URL") {
    rules.exclude = {"/help/**"};
    CHECK(decide_with(rules, visitor, page).reason == DisplayReason::Url);
  }
  SECTION("caps") {
    visitor.surveys["post-chat"].last_answered = kNow - kDay;
    CHECK(decide_with(rules, visitor, page).reason == DisplayReason::Recontact);
  }
  SECTION("cooldown") {
    visitor.last_shown_any = kNow - kHour;
    CHECK(decide_with(rules, visitor, page).reason == DisplayReason::Cooldown);
  }
}

// ---- storage that cannot keep the history --------------------------------------------------------

TEST_CASE("without a kept history no automatic trigger shows; show() still can, within the other rules") {
  // Storage blocked or failing: every page would look like the visitor's first, so caps,
  // cooldown and sticky sampling cannot hold and an automatic trigger would ask on every page.
  const DisplayRules rules = rules_from(R"({"triggers": {"delay_ms": 0, "scroll_percent": 10, "events": ["chat_closed"]}})");
  VisitorState visitor = eligible_visitor();
  visitor.history_kept = false;
  PageSignals page = loaded_page(5000);
  page.scroll_percent = 100;
  page.events = {"chat_closed"};
  const DisplayDecision automatic = decide_with(rules, visitor, page);
  CHECK_FALSE(automatic.show);
  CHECK(automatic.reason == DisplayReason::NoHistory);
  CHECK(std::string(to_string(automatic.reason)) == "no_history");
  CHECK_FALSE(automatic.next_check_ms);  // nothing to wait for: no trigger will do
  CHECK(automatic.storage_allowed);      // may still be tried: the runtime decides how it fails

  page.manual = true;
  const DisplayDecision manual = decide_with(rules, visitor, page);
  CHECK(manual.show);
  CHECK(manual.trigger == DisplayTrigger::Manual);

  SECTION("show() is still subject to privacy signals, consent and URL rules") {
    DisplayRules strict = rules;
    strict.require_consent = true;
    CHECK(decide_with(strict, visitor, page).reason == DisplayReason::Consent);
    visitor.gpc = true;
    CHECK(decide_with(rules, visitor, page).reason == DisplayReason::PrivacySignal);
    visitor.gpc = false;
    DisplayRules elsewhere = rules;
    elsewhere.include = {"/shop/**"};
    CHECK(decide_with(elsewhere, visitor, page).reason == DisplayReason::Url);
  }
  SECTION("a history that is kept (the default) changes nothing") {
    visitor.history_kept = true;
    page.manual = false;
    CHECK(decide_with(rules, visitor, page).show);
    CHECK(VisitorState{}.history_kept);
  }
}

// ---- a page in the background ----------------------------------------------------------------------

TEST_CASE("the delay does not fire while the page is hidden; it fires once the page is visible") {
  const DisplayRules rules;  // the default: a 3 s delay is the only trigger
  PageSignals page = loaded_page(60000);
  page.visible = false;  // opened in a background tab and never looked at
  const DisplayDecision hidden = decide_with(rules, eligible_visitor(), page);
  CHECK_FALSE(hidden.show);
  CHECK(hidden.reason == DisplayReason::Waiting);
  CHECK_FALSE(hidden.next_check_ms);  // no timer: the runtime asks again when the page shows

  page.visible = true;
  const DisplayDecision visible = decide_with(rules, eligible_visitor(), page);
  CHECK(visible.show);
  CHECK(visible.trigger == DisplayTrigger::Delay);

  SECTION("before the delay is up, a visible page waits as before") {
    page.ms_since_load = 1000;
    CHECK(decide_with(rules, eligible_visitor(), page).next_check_ms == 2000);
  }
  SECTION("leaving the tab (the mobile exit intent) shows the prompt when the visitor comes back, not while away") {
    const DisplayRules exit_intent = rules_from(R"({"triggers": {"exit_intent": true}})");
    page.visible = false;
    page.exit_intent = true;
    const DisplayDecision away = decide_with(exit_intent, eligible_visitor(), page);
    CHECK_FALSE(away.show);
    CHECK(away.reason == DisplayReason::Waiting);
    CHECK_FALSE(away.next_check_ms);
    page.visible = true;
    CHECK(decide_with(exit_intent, eligible_visitor(), page).trigger == DisplayTrigger::ExitIntent);
  }
  SECTION("a tracked event is not held back") {
    const DisplayRules on_event = rules_from(R"({"triggers": {"events": ["chat_closed"]}})");
    page.visible = false;
    page.events = {"chat_closed"};
    CHECK(decide_with(on_event, eligible_visitor(), page).trigger == DisplayTrigger::Event);
  }
  SECTION("show() is not held back") {
    page.visible = false;
    page.manual = true;
    CHECK(decide_with(rules, eligible_visitor(), page).trigger == DisplayTrigger::Manual);
  }
}

// ---- the JSON request --------------------------------------------------------------------------

TEST_CASE("display_decision_json: a request in, the decision out") {
  const Json request = Json::parse(R"({
    "definition": {"id": "post-chat", "type": "csat", "display": {"triggers": {"events": ["chat_closed"]},
                                                                  "sample_percent": 100, "global_cooldown_days": 30}},
    "now": 1700000000000,
    "visitor": {"id": "visitor-1", "gpc": false, "dnt": false, "consent": null},
    "history": {"surveys": {"post-chat": {"displays": 1, "last_shown": 1690000000000, "last_answered": null,
                                          "last_dismissed": null}},
                "last_shown_any": 1690000000000},
    "page": {"url": "https://example.com/support", "pageviews": 2, "ms_on_page": 1000, "ms_since_load": 1500,
             "scroll_percent": 12.5, "exit_intent": false, "events": ["chat_closed"], "manual": false}})");
  auto result = display_decision_json(request);
  REQUIRE(result.ok());
  CHECK(result.value() == Json::parse(R"({"show": true, "reason": "trigger", "trigger": "event", "event": "chat_closed",
                                          "storage_allowed": true, "next_check_ms": null})"));

  Json cooled = request;
  cooled["now"] = 1690000000000 + 29 * kDay;  // within the definition's 30-day cooldown
  result = display_decision_json(cooled);
  REQUIRE(result.ok());
  CHECK(result.value()["reason"] == "cooldown");
  CHECK(result.value()["trigger"].is_null());

  // Storage that cannot keep the history, and a page in the background, as the runtime says them.
  Json blocked = request;
  blocked["visitor"]["history_kept"] = false;
  result = display_decision_json(blocked);
  REQUIRE(result.ok());
  CHECK(result.value()["show"] == false);
  CHECK(result.value()["reason"] == "no_history");
  blocked["page"]["manual"] = true;
  CHECK(display_decision_json(blocked).value()["trigger"] == "manual");
  Json background = Json::parse(R"({"definition": {"id": "post-chat"}, "now": 5, "page": {"ms_since_load": 9000, "visible": false}})");
  CHECK(display_decision_json(background).value()["reason"] == "waiting");
  background["page"]["visible"] = true;
  CHECK(display_decision_json(background).value()["trigger"] == "delay");
  background["visitor"] = Json{{"history_kept", "no"}};
  CHECK(display_decision_json(background).error().path == "$.visitor.history_kept");

  // The smallest request: a minimal definition and the time; everything else is defaulted.
  result = display_decision_json(Json::parse(R"({"definition": {"id": "post-chat", "type": "csat"}, "now": 5})"));
  REQUIRE(result.ok());
  CHECK(result.value()["reason"] == "waiting");
  CHECK(result.value()["next_check_ms"] == 3000);
}

TEST_CASE("display_decision_json lists every problem of a bad request with its JSON path") {
  const Json request = Json::parse(R"({
    "definition": {"id": "", "display": {"sample_percent": 150}},
    "visitor": {"consent": "yes", "gpcc": true},
    "history": {"surveys": {"post-chat": {"displays": -1}, "kb": 3}},
    "global": {"cooldown_days": 14},
    "page": {"scroll_percent": "half", "events": [1]},
    "extra": true})");
  auto result = display_decision_json(request);
  REQUIRE_FALSE(result.ok());
  const Error& error = result.error();
  CHECK(error.code == "request.invalid");
  std::vector<std::string> paths;
  for (const Problem& p : error.problems) paths.push_back(p.path);
  CHECK(error.path == paths.front());
  // "global" is unknown: the cooldown is a display rule of each survey (global_cooldown_days).
  std::vector<std::string> expected{"$.global", "$.extra", "$.definition.id", "$.definition.display.sample_percent",
                                    "$.now", "$.visitor.gpcc", "$.visitor.consent",
                                    "$.history.surveys.post-chat.displays", "$.history.surveys.kb",
                                    "$.page.scroll_percent", "$.page.events[0]"};
  CHECK(paths == expected);

  SECTION("a single problem is the error itself, with no list") {
    auto one = display_decision_json(Json::parse(R"({"definition": {"id": "post-chat"}, "now": "today"})"));
    REQUIRE_FALSE(one.ok());
    CHECK(one.error().path == "$.now");
    CHECK(one.error().problems.empty());
  }
  SECTION("not an object, or no definition") {
    CHECK(display_decision_json(Json::parse("[]")).error().path == "$");
    CHECK(display_decision_json(Json::parse(R"({"now": 1})")).error().path == "$.definition");
  }
}
