// The survey widget's JSON face: everything the JS runtime (web/widget/) asks the core. The JS
// side owns the DOM, timers, storage and the network; the core owns every decision and every
// piece of HTML. All functions are pure: state goes in and comes out as JSON, so no handle
// outlives a call and each decision is testable natively.
//
// Envelopes as in json_api.hpp: {"ok":true,"value":…} | {"ok":false,"error":{code,path,message,problems?}}.
//
// Flow of one page view:
//   1. definition = survey_definition(json)      validate once; every problem listed (JSON path +
//                                                 reason); the normalized definition has every default filled in
//   2. decision = display_decision(request)      on each signal change: show now, or not (and why)
//   3. step = survey_step(request)               {"action":"open"} → first step's HTML; then each
//                                                 user action → next state, HTML, and the response to deliver
// The widget's wasm module has English texts only; a visitor in another language needs that
// locale's pack first: survey_locale(request) says which, add_locale_pack(pack) adds it.
#pragma once

#include <string>
#include <string_view>

namespace csatkit::widget_api {

// Request: a survey definition (the JSON a site owner writes; every key in survey_definition.hpp).
// Smallest valid: {"id":"post-chat","type":"csat"} (csat5, texts in the visitor's language,
// pop-up bottom-right, shown after a short delay).
// Value: the normalized definition (all defaults explicit) — pass it back as "definition" below.
// Presentation is at "presentation": {"mode","position","selector"}; "display" holds only the
// display rules (display_rules.hpp).
// Error: code "survey.invalid", path "$", message "3 problems in survey definition \"post-chat\":
// <first path>: <first reason>", "problems": [{"path":"$.display.sample_percent","message":"…"}, …]
// in the order of the keys in the file. Text that is not JSON is the same code with one problem at "$".
std::string survey_definition(std::string_view definition_json);

// Request: {"definition": normalized,
//           "now": epoch ms,
//           "visitor": {"id": anonymous id (stable, random, from storage), "gpc": bool, "dnt": bool,
//                       "consent": true|false|null (null = unknown),
//                       "history_kept": false when storage is blocked or failing (default true):
//                       then only show() can show the survey, reason "no_history" otherwise},
//           "history": {"surveys": {"<id>": {"displays": n, "last_shown": ms, "last_answered": ms,
//                                            "last_dismissed": ms}}, "last_shown_any": ms},
//           "page": {"url": "https://…/path?q", "pageviews": n (this session), "ms_on_page": n,
//                    "ms_since_load": n, "scroll_percent": 0–100, "exit_intent": bool,
//                    "events": ["chat_closed", …] (tracked since load), "manual": bool (show() called),
//                    "visible": false while the page is hidden (default true): the delay waits for it}}
// Value: {"show": bool, "reason": "sampled_out" | "recontact" | "cooldown" | "dismissed" |
//         "max_displays" | "consent" | "privacy_signal" | "url" | "no_history" | "waiting" | "trigger",
//         "trigger": which trigger fired (when show), "storage_allowed": bool (may the runtime
//         write to localStorage?), "next_check_ms": when a time-based trigger may fire (or null)}
std::string display_decision(std::string_view request);

// Request: {"definition": normalized, "locale": "nl" | null, "state": previous state or null,
//           "action": {...}, "context": {...}}
// Locale: once open, the state's (the language never changes mid-survey); else "locale" if built
// in; else the definition's "locale", then context.page_lang, then context.languages, then "en".
// Actions: {"type":"open"} (with a state: shows its step again) | {"type":"score","value":4}
//          (value may be the data-csatkit-value string) | {"type":"reason","value":"outdated"}
//          (toggles one chip) | {"type":"reasons","values":["outdated",…]} | {"type":"comment","text":"…"} |
//          {"type":"submit"[,"text":"…"][,"values":[…]]} | {"type":"skip"} | {"type":"dismiss"}
// "context": {"response_id": uuid made by JS (required once a score is given), "now": ISO time,
//             "url", "referrer", "page_lang", "languages": navigator.languages, "touchpoint",
//             "user_id" (string or integer), "data": {setContext key/values}} — all optional
//             otherwise; an unknown key is an error (a typo would silently drop data).
// Value: {"state": opaque JSON to pass back next time,
//         "step": "question" | "reasons" | "follow_up" | "thanks" | "closed",
//         "html": the step's HTML ("" when closed), every text escaped; controls carry
//                 data-csatkit-action / -value attributes (no inline handlers) and ARIA roles/names
//                 (markup contract in survey_render.hpp),
//         "dir": "ltr" | "rtl", "lang": locale used,
//         "announce": text for an aria-live region or null,
//         "dismissed": true when this action closed the survey before any score (record a dismissal),
//         "warnings": [{"code","path","message"}] what the core cut from the page's context so
//                    that a collector accepts the response ([] almost always): "response.truncated"
//                    (url, referrer, touchpoint or user_id too long, path "$.context.url") or
//                    "response.context_dropped" (a setContext key left out: too many keys, too many
//                    bytes, or nested too deep; path "$.context.data.cart"). Limits:
//                    response_validation.hpp; survey_flow.hpp fit_response_context.
//         "deliver": the response JSON to POST (or null): {"id","survey_id","type","scale","score",
//                    "bucket","label" (English),"comment","reasons","locale","url","referrer",
//                    "touchpoint","user_id","context","metadata","article","created_at",
//                    "updated_at","complete": bool}
//                    — delivered as soon as the score is given (complete:false), again when the
//                    survey ends (same id, complete:true, with reasons/comment; also on dismiss or
//                    skip after the score). With nothing after the score it is complete at once.}
// Without the chosen locale's texts (the widget's module before add_locale_pack()), the value is
// only {"locale_pack": "nl"}: nothing has happened; add that pack and ask again.
// Errors: "request.json" / "request.invalid" (path into the request: "$.state.step",
// "$.context.url", "$.action.value"), "survey.invalid" (problems at "$.definition…"),
// "survey.action" at "$.action" (an action that does not fit the step, a reason not offered,
// a score off the scale).
std::string survey_step(std::string_view request);

// The locale survey_step() would open in, and whether its texts are here.
// Request: {"definition": normalized, "locale": "nl" | null, "context": {"page_lang",
// "languages"}} (as for survey_step; other context keys are ignored here).
// Value: {"code": "nl", "dir": "ltr" | "rtl", "has_texts": bool}.
std::string survey_locale(std::string_view request);

// Adds a locale's texts from its pack (locale.hpp: locale_pack_json; web/dist/locales/<code>.json).
// Value: {"code": "nl"}. Error "locale.pack_invalid" with a path into the pack.
std::string add_locale_pack(std::string_view pack_json);

// Every locale whose texts this build has, as locale packs (`csatkit locales` prints this; the
// build writes each pack to web/dist/locales/): {"locales":[pack, …]}.
std::string locales();

}  // namespace csatkit::widget_api
