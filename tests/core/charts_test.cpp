#include "core/charts.hpp"
#include "core/svg_markup.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <string>
#include <vector>

using namespace csatkit;

// What is checked: the SVG is well-formed XML with the accessible structure charts.hpp
// promises, no style/script/event attributes, every hostile label escaped, the numbers of the
// data in the marks and in the description, and the same bytes for the same input. The numbers
// are the core's own (score_test.cpp and significance_test.cpp verify them independently);
// the expected texts here were written by hand from those numbers.

namespace {

struct Element {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string attribute(const std::string& key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return v;
    }
    return "";
  }
  bool has_class(const std::string& cls) const {
    const std::string classes = " " + attribute("class") + " ";
    return classes.find(" " + cls + " ") != std::string::npos;
  }
};

// A small XML checker: balanced tags, quoted attributes, only the five predefined entities (and
// &#39;) in text and values. Returns every start tag, or fails the test.
std::vector<Element> parse_xml(const std::string& xml) {
  std::vector<Element> elements;
  std::vector<std::string> open;
  auto check_entities = [&](const std::string& text) {
    for (std::size_t at = text.find('&'); at != std::string::npos; at = text.find('&', at + 1)) {
      const std::string rest = text.substr(at, 6);
      const bool known = rest.rfind("&amp;", 0) == 0 || rest.rfind("&lt;", 0) == 0 || rest.rfind("&gt;", 0) == 0 ||
                         rest.rfind("&quot;", 0) == 0 || rest.rfind("&#39;", 0) == 0;
      INFO(text);
      REQUIRE(known);
    }
  };
  std::size_t at = 0;
  while (at < xml.size()) {
    if (xml[at] != '<') {
      const std::size_t next = xml.find('<', at);
      const std::string text = xml.substr(at, next - at);
      check_entities(text);
      at = next == std::string::npos ? xml.size() : next;
      continue;
    }
    if (xml.compare(at, 2, "</") == 0) {
      const std::size_t end = xml.find('>', at);
      REQUIRE(end != std::string::npos);
      const std::string name = xml.substr(at + 2, end - at - 2);
      REQUIRE_FALSE(open.empty());
      CHECK(open.back() == name);
      open.pop_back();
      at = end + 1;
      continue;
    }
    Element element;
    std::size_t i = at + 1;
    while (i < xml.size() && std::isalnum(static_cast<unsigned char>(xml[i]))) element.name += xml[i++];
    REQUIRE_FALSE(element.name.empty());
    for (;;) {
      while (xml[i] == ' ') ++i;
      if (xml[i] == '>' || xml.compare(i, 2, "/>") == 0) break;
      std::string key;
      while (xml[i] != '=' && xml[i] != ' ' && xml[i] != '>') key += xml[i++];
      REQUIRE(xml[i] == '=');
      REQUIRE(xml[i + 1] == '"');
      const std::size_t close = xml.find('"', i + 2);
      REQUIRE(close != std::string::npos);
      const std::string value = xml.substr(i + 2, close - i - 2);
      REQUIRE(value.find('<') == std::string::npos);
      check_entities(value);
      element.attributes.emplace_back(key, value);
      i = close + 1;
    }
    const bool self_closing = xml[i] == '/';
    at = i + (self_closing ? 2 : 1);
    if (!self_closing) open.push_back(element.name);
    elements.push_back(std::move(element));
  }
  CHECK(open.empty());
  return elements;
}

std::vector<Element> with_class(const std::vector<Element>& elements, const std::string& cls) {
  std::vector<Element> out;
  std::copy_if(elements.begin(), elements.end(), std::back_inserter(out), [&](const Element& e) { return e.has_class(cls); });
  return out;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// The structure every chart shares, and the CSP rules.
void check_chart(const ChartSvg& chart, const ChartText& text) {
  const std::vector<Element> elements = parse_xml(chart.svg);
  REQUIRE_FALSE(elements.empty());
  const Element& root = elements.front();
  CHECK(root.name == "svg");
  CHECK(root.attribute("xmlns") == "http://www.w3.org/2000/svg");
  CHECK(root.attribute("role") == "img");
  CHECK(root.attribute("viewBox") == "0 0 " + std::to_string(chart.width) + " " + std::to_string(chart.height));
  CHECK(root.attribute("width").empty());  // scales to its container
  CHECK(root.attribute("aria-labelledby") == text.id + "-title " + text.id + "-desc");
  CHECK(elements[1].name == "title");
  CHECK(elements[1].attribute("id") == text.id + "-title");
  CHECK(elements[2].name == "desc");
  CHECK(elements[2].attribute("id") == text.id + "-desc");
  for (const Element& e : elements) {
    CHECK(e.name != "script");
    CHECK(e.name != "style");
    CHECK(e.name != "foreignObject");
    for (const auto& [key, value] : e.attributes) {
      CHECK(key != "style");
      CHECK(key.rfind("on", 0) != 0);
      CHECK(key != "href");
    }
  }
  CHECK(chart.svg.find(">" + xml_escape(chart.title) + "</title>") != std::string::npos);
}

const Scale& scale_of(const char* id) {
  static std::map<std::string, Scale> scales;
  auto it = scales.find(id);
  if (it == scales.end()) it = scales.emplace(id, Scale::find(id).value()).first;
  return it->second;
}

ScoreResult scored(const char* scale_id, std::initializer_list<std::pair<int, std::uint64_t>> counts) {
  const Scale& scale = scale_of(scale_id);
  Tally tally(scale);
  for (const auto& [point, count] : counts) tally.add(point, count);
  return score(tally, scale).value();
}

ScoreResult csat(std::uint64_t positive, std::uint64_t negative) { return scored("csat5", {{5, positive}, {1, negative}}); }

std::vector<ChartGroup> trend_of(const std::vector<std::pair<std::string, ScoreResult>>& periods) {
  std::vector<Comparison> tests;
  for (std::size_t i = 1; i < periods.size(); ++i) {
    const ScoreResult& a = periods[i - 1].second;
    const ScoreResult& b = periods[i].second;
    tests.push_back(two_proportion_test(a.buckets.positive, a.n, b.buckets.positive, b.n, 0.95));
  }
  holm_adjust(tests);
  std::vector<ChartGroup> out;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    out.push_back({periods[i].first, periods[i].second, i ? std::optional<Comparison>(tests[i - 1]) : std::nullopt});
  }
  return out;
}

const std::string kHostile = "<script>alert(\"x\")</script>&'";
const std::string kHostileEscaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;";

}  // namespace

TEST_CASE("distribution: a bar per point, bucket classes, counts and shares") {
  const ScoreResult brief = scored("csat5", {{1, 100}, {2, 100}, {3, 200}, {4, 300}, {5, 300}});
  ChartText text;
  text.id = "dist";
  const ChartSvg chart = distribution_chart(brief, text);
  check_chart(chart, text);
  const auto elements = parse_xml(chart.svg);
  const auto bars = with_class(elements, "csatkit-chart-bar");
  REQUIRE(bars.size() == 5);
  CHECK(bars[0].has_class("csatkit-chart-negative"));
  CHECK(bars[1].has_class("csatkit-chart-negative"));
  CHECK(bars[2].has_class("csatkit-chart-neutral"));
  CHECK(bars[3].has_class("csatkit-chart-positive"));
  CHECK(bars[4].has_class("csatkit-chart-positive"));
  // Heights proportional to the counts: 300 is three times 100.
  CHECK(std::stod(bars[3].attribute("height")) == Approx(3 * std::stod(bars[0].attribute("height"))).epsilon(0.001));
  CHECK(chart.description ==
        "Distribution of ratings: 1,000 responses. 1 (Very dissatisfied): 100 responses, 10.0%. "
        "2 (Dissatisfied): 100 responses, 10.0%. 3 (Neutral): 200 responses, 20.0%. "
        "4 (Satisfied): 300 responses, 30.0%. 5 (Very satisfied): 300 responses, 30.0%.");
  CHECK(count_of(chart.svg, ">30.0%</text>") == 2);
  CHECK(count_of(chart.svg, ">300</text>") >= 2);
  CHECK(chart.svg.find("fill=\"currentColor\"") != std::string::npos);
  CHECK(distribution_chart(brief, text).svg == chart.svg);  // deterministic
}

TEST_CASE("distribution: translated words, names and separators, escaped") {
  const ScoreResult brief = scored("csat5", {{1, 1000}, {5, 2500}});
  ChartText text;
  text.title = kHostile;
  text.responses = "antwoorden";
  text.names["1"] = "Zeer <ontevreden>";
  text.number = NumberFormat::with_decimal(',');
  const ChartSvg chart = distribution_chart(brief, text);
  check_chart(chart, text);
  CHECK(chart.svg.find("<script") == std::string::npos);
  CHECK(chart.svg.find("<title id=\"csatkit-chart-title\">" + kHostileEscaped + "</title>") != std::string::npos);
  CHECK(chart.title == kHostile);  // the value is text; the SVG holds it escaped
  CHECK(chart.description.find("1 (Zeer <ontevreden>): 1.000 antwoorden, 28,6%") != std::string::npos);
  CHECK(chart.svg.find("Zeer &lt;ontevreden&gt;") != std::string::npos);
  CHECK(chart.svg.find(">2.500</text>") != std::string::npos);
  CHECK(chart.svg.find(">71,4%</text>") != std::string::npos);
}

TEST_CASE("distribution: meanings in the description, numbers kept on the axis") {
  // A 7-point scale in Dutch: the meanings go in <desc> and the bars' <title>s, while the
  // ticks stay the numbers (seven words would not fit under the bars).
  ChartText text;
  text.descriptions["1"] = "Zeer ontevreden";
  text.descriptions["7"] = "Zeer tevreden";
  const ChartSvg csat7 = distribution_chart(scored("csat7", {{1, 2}, {7, 6}}), text);
  check_chart(csat7, text);
  CHECK(csat7.description.find("1 (Zeer ontevreden): 2 responses, 25.0%.") != std::string::npos);
  CHECK(csat7.description.find("7 (Zeer tevreden): 6 responses, 75.0%.") != std::string::npos);
  CHECK(csat7.description.find("4 (Neutral): 0 responses") != std::string::npos);  // not given: English
  CHECK(csat7.svg.find("<title>7 (Zeer tevreden): 6 responses, 75.0%</title>") != std::string::npos);
  const auto ticks = with_class(parse_xml(csat7.svg), "csatkit-chart-tick");
  CHECK(ticks.size() == 7);
  CHECK(csat7.svg.find(">7</text>") != std::string::npos);
  CHECK(csat7.svg.find(">Zeer tevreden</text>") == std::string::npos);

  // NPS: a meaning equal to its number is not repeated ("9: …", never "9 (9): …"); the ends
  // say their anchor, in English by default and in the page's words when given.
  ChartText plain;
  const ChartSvg nps = distribution_chart(scored("nps", {{0, 1}, {9, 3}, {10, 4}}), plain);
  CHECK(nps.description.find("9: 3 responses, 37.5%.") != std::string::npos);
  CHECK(nps.description.find("(9)") == std::string::npos);
  CHECK(nps.description.find("5: 0 responses") != std::string::npos);
  CHECK(nps.description.find("0 (Not at all likely): 1 ") != std::string::npos);
  CHECK(nps.description.find("10 (Extremely likely): 4 responses") != std::string::npos);
  ChartText dutch;
  dutch.descriptions = {{"0", "Zeer onwaarschijnlijk"}, {"9", "9"}, {"10", "Zeer waarschijnlijk"}};
  const ChartSvg nps_nl = distribution_chart(scored("nps", {{0, 1}, {9, 3}, {10, 4}}), dutch);
  CHECK(nps_nl.description.find("0 (Zeer onwaarschijnlijk): 1 ") != std::string::npos);
  CHECK(nps_nl.description.find("9: 3 responses") != std::string::npos);
  CHECK(nps_nl.description.find("Extremely") == std::string::npos);
  CHECK(nps_nl.svg.find(">10</text>") != std::string::npos);

  // A name (shown on the axis) and a meaning may differ: the axis shows the name.
  ChartText faces;
  faces.names = {{"1", "Bof"}, {"2", "Mwah"}, {"3", "Top"}};
  faces.descriptions = {{"1", "Ontevreden"}, {"2", "Neutraal"}, {"3", "Tevreden"}};
  const ChartSvg emoji = distribution_chart(scored("emoji3", {{1, 1}, {3, 1}}), faces);
  CHECK(emoji.svg.find(">Top</text>") != std::string::npos);
  CHECK(emoji.description.find("3 (Tevreden): 1 ") != std::string::npos);
  CHECK(emoji.description.find("Top") == std::string::npos);
  // Without names, a 3-point scale's axis says the meanings given; a 5-point one keeps numbers.
  ChartText meanings;
  meanings.descriptions = faces.descriptions;
  const ChartSvg worded = distribution_chart(scored("emoji3", {{1, 1}, {3, 1}}), meanings);
  CHECK(worded.svg.find(">Tevreden</text>") != std::string::npos);
  meanings.descriptions = {{"5", "Zeer tevreden"}};
  const ChartSvg numbered = distribution_chart(scored("csat5", {{5, 2}}), meanings);
  CHECK(numbered.svg.find(">5</text>") != std::string::npos);
  CHECK(numbered.svg.find(">Zeer tevreden</text>") == std::string::npos);
}

TEST_CASE("distribution: words on the axis for emoji and yes/no scales, and no responses") {
  ChartText text;
  const ChartSvg helpful = distribution_chart(scored("helpful", {{0, 3}, {1, 9}}), text);
  check_chart(helpful, text);
  CHECK(helpful.svg.find(">No</text>") != std::string::npos);
  CHECK(helpful.svg.find(">Yes</text>") != std::string::npos);
  const ChartSvg empty = distribution_chart(scored("csat5", {}), text);
  check_chart(empty, text);
  CHECK(empty.description.find("0 responses, n/a") != std::string::npos);
  // The page's word for a value that cannot be computed, in its language.
  ChartText german;
  german.no_value = "k. A.";
  german.responses = "Antworten";
  const ChartSvg leer = distribution_chart(scored("csat5", {}), german);
  CHECK(leer.description.find("0 Antworten, k. A.") != std::string::npos);
  CHECK(leer.description.find("n/a") == std::string::npos);
}

TEST_CASE("trend: a point per period with its interval, markers on significant changes") {
  const auto periods = trend_of({{"2024-W01", csat(700, 300)}, {"2024-W02", csat(600, 400)},
                                 {"2024-W03", csat(610, 390)}, {"2024-W04", csat(720, 280)}});
  ChartText text;
  text.id = "trend";
  const auto chart = trend_chart(periods, ReportMetric::Csat, text);
  REQUIRE(chart.ok());
  check_chart(*chart, text);
  const auto elements = parse_xml(chart->svg);
  CHECK(with_class(elements, "csatkit-chart-point").size() == 4);
  CHECK(with_class(elements, "csatkit-chart-interval").size() == 2);  // the bars, and the legend's sample
  CHECK(with_class(elements, "csatkit-chart-band").empty());
  // W02 fell 10 points and W04 rose 11: significant after Holm; W03 (+1) within noise. The legend
  // shows one of each marker too.
  const auto markers = with_class(elements, "csatkit-chart-marker");
  CHECK(with_class(markers, "csatkit-chart-drop").size() == 2);
  CHECK(with_class(markers, "csatkit-chart-rise").size() == 2);
  CHECK(with_class(with_class(elements, "csatkit-chart-point"), "csatkit-chart-significant").size() == 2);
  CHECK(chart->description.find("2024-W01: 70.0% (95% interval 67.1\xE2\x80\x93" "72.8), 1,000 responses.") !=
        std::string::npos);
  CHECK(chart->description.find("2024-W02: 60.0% (95% interval 56.9\xE2\x80\x93" "63.0), 1,000 responses; "
                                "\xE2\x88\x92" "10.0 points, significant.") != std::string::npos);
  CHECK(chart->description.find("2024-W03: 61.0%") != std::string::npos);
  CHECK(chart->description.find("+1.0 points, within noise.") != std::string::npos);
  CHECK(chart->svg.find(">2024-W03</text>") != std::string::npos);
  CHECK(trend_chart(periods, ReportMetric::Csat, text)->svg == chart->svg);
}

TEST_CASE("trend and segments: a short name on the axis, the meaning in the description") {
  ChartText text;
  text.names["2024-W01"] = "wk 1";
  text.descriptions["2024-W01"] = "week 1 of 2024";
  const auto trend = trend_chart(trend_of({{"2024-W01", csat(700, 300)}, {"2024-W02", csat(600, 400)}}),
                                 ReportMetric::Csat, text);
  REQUIRE(trend.ok());
  CHECK(trend->svg.find(">wk 1</text>") != std::string::npos);
  CHECK(trend->description.find(" week 1 of 2024: 70.0%") != std::string::npos);
  CHECK(trend->svg.find("<title>week 1 of 2024: 70.0%") != std::string::npos);
  CHECK(trend->description.find("wk 1") == std::string::npos);
  CHECK(trend->description.find(" 2024-W02: 60.0%") != std::string::npos);  // neither given: the key

  ChartText segments_text;
  segments_text.names["web"] = "Web";
  segments_text.descriptions["web"] = "Website chat";
  const auto segments = segments_chart({{"web", csat(70, 30), std::nullopt}}, std::nullopt, ReportMetric::Csat, segments_text);
  REQUIRE(segments.ok());
  CHECK(segments->svg.find("<title>Website chat</title>Web</text>") != std::string::npos);
  CHECK(segments->description.find(" Website chat: 70.0%") != std::string::npos);
}

TEST_CASE("trend: a band for many periods, at most 8 labels, no markers on the mean") {
  std::vector<std::pair<std::string, ScoreResult>> days;
  for (int day = 1; day <= 40; ++day) {
    days.emplace_back("2024-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day), csat(60 + day % 3, 40));
  }
  days[20].second = csat(0, 0);  // a day with no valid answer: a gap, not a zero
  const auto periods = trend_of(days);
  ChartText text;
  const auto chart = trend_chart(periods, ReportMetric::Csat, text);
  REQUIRE(chart.ok());
  check_chart(*chart, text);
  const auto elements = parse_xml(chart->svg);
  const auto band = with_class(elements, "csatkit-chart-band");
  REQUIRE(band.size() == 1);
  CHECK(count_of(band[0].attribute("d"), "Z") == 2);  // broken at the empty day
  CHECK(count_of(with_class(elements, "csatkit-chart-line")[0].attribute("d"), "M") == 2);
  CHECK(with_class(elements, "csatkit-chart-point").size() == 39);
  const auto ticks = with_class(elements, "csatkit-chart-ticks");
  REQUIRE(ticks.size() == 2);
  std::size_t period_labels = 0;
  for (std::size_t day = 1; day <= 40; ++day) {
    if (chart->svg.find(">" + days[day - 1].first + "</text>") != std::string::npos) ++period_labels;
  }
  CHECK(period_labels <= 8);
  CHECK(period_labels >= 5);
  CHECK(chart->description.find("2024-03-21: n/a, 0 responses") != std::string::npos);
  ChartText dutch = text;
  dutch.no_value = "n.v.t.";
  const auto dutch_chart = trend_chart(periods, ReportMetric::Csat, dutch);
  REQUIRE(dutch_chart.ok());
  CHECK(dutch_chart->description.find("2024-03-21: n.v.t., 0 responses") != std::string::npos);

  const auto mean = trend_chart(trend_of({{"a", csat(700, 300)}, {"b", csat(500, 500)}}), ReportMetric::Mean, text);
  REQUIRE(mean.ok());
  CHECK(with_class(parse_xml(mean->svg), "csatkit-chart-significant").size() == 2);  // the legend only
  CHECK(mean->title == "Mean rating by period");
}

TEST_CASE("trend: errors name what is wrong") {
  ChartText text;
  const auto empty = trend_chart({}, ReportMetric::Csat, text);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == "chart.empty");
  const auto wrong = trend_chart(trend_of({{"a", csat(1, 1)}}), ReportMetric::Nps, text);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == "report.metric");
  std::vector<ChartGroup> mixed = trend_of({{"a", csat(1, 1)}});
  mixed.push_back({"b", scored("csat7", {{7, 3}}), std::nullopt});
  CHECK(trend_chart(mixed, ReportMetric::Csat, text).error().code == "chart.scale_mismatch");
}

TEST_CASE("segments: rows with intervals, the overall line, significant ones marked") {
  std::vector<ChartGroup> segments = {
      {"web", csat(450, 50), std::nullopt},
      {kHostile, csat(350, 150), std::nullopt},
  };
  Comparison better = two_proportion_test(350, 500, 450, 500, 0.95);  // web vs the rest: +20 points
  Comparison worse = two_proportion_test(450, 500, 350, 500, 0.95);
  std::vector<Comparison> family = {better, worse};
  holm_adjust(family);
  segments[0].test = family[0];
  segments[1].test = family[1];
  ChartText text;
  text.overall = "Gesamt";
  const auto chart = segments_chart(segments, csat(800, 200), ReportMetric::Csat, text);
  REQUIRE(chart.ok());
  check_chart(*chart, text);
  const auto elements = parse_xml(chart->svg);
  const auto rows = with_class(elements, "csatkit-chart-row");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].has_class("csatkit-chart-significant"));
  CHECK(with_class(elements, "csatkit-chart-overall").size() == 1);
  CHECK(chart->svg.find(">Gesamt 80.0%</text>") != std::string::npos);
  CHECK(chart->svg.find("<script") == std::string::npos);
  CHECK(chart->svg.find(kHostileEscaped.substr(0, 20)) != std::string::npos);
  CHECK(chart->description.find("Gesamt: 80.0% (95% interval 77.4\xE2\x80\x93" "82.4), 1,000 responses.") != std::string::npos);
  CHECK(chart->description.find("web: 90.0%") != std::string::npos);
  CHECK(chart->description.find("+20.0 points, significant.") != std::string::npos);
  CHECK(with_class(with_class(elements, "csatkit-chart-marker"), "csatkit-chart-drop").size() == 2);  // row + legend
  // Without an overall report, no line.
  const auto alone = segments_chart(segments, std::nullopt, ReportMetric::Csat, text);
  CHECK(with_class(parse_xml(alone->svg), "csatkit-chart-overall").empty());
}

TEST_CASE("segments: long names cut with the full name kept, at most 40 rows") {
  std::vector<ChartGroup> many;
  for (int i = 0; i < 45; ++i) {
    many.push_back({"segment number " + std::to_string(i) + " with a very long name", csat(50 + i, 50),
                    std::nullopt});
  }
  ChartText text;
  const auto chart = segments_chart(many, std::nullopt, ReportMetric::Csat, text);
  REQUIRE(chart.ok());
  check_chart(*chart, text);
  const auto elements = parse_xml(chart->svg);
  CHECK(with_class(elements, "csatkit-chart-row").size() == kSegmentRowsShown);
  // The 40 largest are kept: segments 5–44 (n grows with i).
  CHECK(chart->description.find("segment number 4 with") == std::string::npos);
  CHECK(chart->description.find("segment number 5 with") != std::string::npos);
  CHECK(chart->description.find("(+5)") != std::string::npos);
  CHECK(chart->svg.find("<title>segment number 44 with a very long name</title>segment number 44 with \xE2\x80\xA6") !=
        std::string::npos);
}
