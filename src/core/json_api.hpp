// The core's JSON face: one function per capability, request JSON in, response JSON out.
// The wasm bindings, the CLI's JSON output and the collector all go through here, so the
// browser, the command line and the server print the very same numbers.
//
// Every response is an envelope: {"ok":true,"value":…} or
// {"ok":false,"error":{"code":…,"path":…,"message":…}} — never an exception, never a crash on
// bad input. Paths in errors are JSON paths into the request ("$.counts.6").
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace csatkit::json_api {

// The scales with points, labels and buckets.  → {"locale","scales":[{"id","family","min","max",
// "satisfied_from","neutral_from","points":[{"value","label","bucket"}],"low_anchor","high_anchor"}]}
// Labels are English; numeric scales (nps, csat10) label each point with its number and carry
// the words at their ends as low_anchor/high_anchor.
std::string scales();
// The same in a locale: {"locale":"nl"} (a language tag as locale.hpp's find_locale reads it,
// "pt-BR" → pt) gives the built-in translations of every point's meaning and of the anchors;
// a locale csatkit does not translate, or none, gives English. "locale" names the one used.
std::string scales(std::string_view request);

// {"scale":"csat5","counts":{"1":10,"5":20} | "values":[5,4,"Very satisfied"] | "text":"5\n4 3,2",
//  "confidence":0.95,"satisfied_from":4}
// → the score report: {"scale","family","confidence","satisfied_from","n","invalid",
//    "distribution":{"1":…},"buckets":{…},"csat":{"percent","low","high"},"mean":{"value","low","high"},
//    NPS: "nps":{"score","low","high"},"promoters","passives","detractors"; CES: "ces":{…};
//    helpful: "helpful":{…}}
std::string score(std::string_view request);

// {"scale":"csat5","a":{"counts":…},"b":{"counts":…},"confidence":0.95}
// → {"metric":"csat"|"nps","a":report,"b":report,"test":{"difference","z","p_value","p_adjusted",
//    "significant","verdict"}}
std::string compare(std::string_view request);

// {"scale":"csat5","counts":…,"spend":500,"churn":{"1":0.92,…},"customers":N,
//  "improve_to":{"counts":…} | "improve_points":K,"confidence":0.95}
// → {"at_risk":{"value","low","high"},"churned_customers","scale_factor","churn":{…},
//    "after":{"at_risk":{…}},"saved":{…}}  (the same as `csatkit roi --format json`)
std::string revenue(std::string_view request);

// {"margin":3,"expected":80,"confidence":0.95,"population":5000,"response_rate":0.2,"collected":200}
// → {"responses":601,"invitations":3005,"margin":3,…,"more":401,"more_invitations":2005,"warnings":[]};
// {"responses":N,"expected":80,…} → {"margin":…} (and "invitations" with a response rate).
// "warnings" (never errors): plan.invitations_exceed_population when the invitations needed
// are more than the population holds.
std::string plan(std::string_view request);

// → {"caveat":"…","benchmarks":[{"id","industry","score","year","source","url"}]}
std::string benchmarks();

// Reports come back in: the page passes the reports these functions produced (score, a CSV
// report, its groups) to the three below. A report is re-scored from its "scale",
// "distribution", "invalid", "confidence" and "satisfied_from" (so every figure is the core's,
// to full precision, and a report whose "n" disagrees with its distribution is rejected); the
// significance "test" of a group is taken as given (it was Holm-corrected within its list).

// {"kind":"distribution","report":{…} | "counts":…,"scale","satisfied_from"}
// {"kind":"trend","report":csv report | "groups":[…],"metric"}
// {"kind":"segments","report":csv report | "groups":[…],"overall":{…},"metric"}
// plus "labels":{title,x_axis,y_axis,overall,significant,within_noise,responses,interval,points},
// "names":{key:text}, "decimal_separator", "group_separator", "id"
// → {"svg","title","description","width","height"}  (see charts.hpp)
std::string chart(std::string_view request);

// {"report":score or csv report,"comparison":compare report,"margin":5,"min_responses":30,
//  "benchmark":"banks","target":80,"response_rate":0.2}
// → {"recommendations":[{"id","severity","message","data"}]}  (see recommendations.hpp)
std::string recommend(std::string_view request);

// {"report":{…} | "counts"/"values"/"text" with "scale", "metric","decimals","decimal_separator"}
// → {"metric","value","margin","low","high","n","confidence","unit","text"}  (see score_summary.hpp)
std::string summary(std::string_view request);

// Streaming CSV scoring (for the calculator's worker and the CLI): create with options JSON
// {"scale","column","date_column","by","segment","delimiter","confidence","satisfied_from",
//  "max_bad_rows"}, feed chunks, finish → the score report plus "rows","bad_rows","first_bad_rows"
// and, with by/segment, "groups" (each group's report plus its test against the previous period
// or against the rest, Holm-corrected across the groups).
class CsvScoring {
 public:
  static std::unique_ptr<CsvScoring> create(std::string_view options, std::string& error_envelope);
  std::string feed(std::string_view chunk);  // envelope; {"ok":true,"value":{"bytes","rows"}}
  std::string finish();                      // envelope with the report
  ~CsvScoring();

 private:
  struct State;
  explicit CsvScoring(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace csatkit::json_api
