// The calculator's charts as SVG, rendered by the core so that the page draws no statistics of
// its own: the distribution of a score, a trend by period, and segments against the overall.
//
// What every chart is (tested in tests/core/charts_test.cpp):
// - <svg xmlns viewBox role="img" aria-labelledby="ID-title ID-desc">, no width/height: it
//   scales to its container (a phone as well as a report page).
// - A <title> and a <desc> that give the data in words, every number of the chart in it.
// - No style attribute, no <style>, no <script>, no event attribute: it works under a strict
//   Content-Security-Policy. Colours are fill/stroke="currentColor" presentation attributes
//   with opacities, and every part has a csatkit-chart-* class, so the page's CSS (light or
//   dark) restyles it; without CSS it follows the text colour.
// - Every text (labels, segment names, translated words) is escaped by SvgMarkup.
// - Numbers through number_text (never the C locale); coordinates with "." always.
// - Deterministic: the same input gives the same bytes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/number_text.hpp"
#include "core/report_metric.hpp"
#include "core/result.hpp"
#include "core/score.hpp"
#include "core/significance.hpp"

namespace csatkit {

// Words the page may translate; an empty string means the English default (see core.d.ts).
struct ChartText {
  std::string title;
  std::string x_axis;
  std::string y_axis;
  std::string overall = "Overall";
  std::string significant = "significant";
  std::string within_noise = "within noise";
  std::string responses = "responses";
  std::string interval = "interval";
  std::string points = "points";
  // A value that cannot be computed (a period or point with no responses).
  std::string no_value = "n/a";
  // Display names by key: a scale point ("1"), a period ("2024-W10"), a segment ("web"). A
  // point's name replaces what is under its bar: its number, or on scales of 3 points (emoji
  // faces, Yes/No) its meaning from `descriptions`, else its English label.
  std::map<std::string, std::string> names;
  // What a key means, for the <desc> and the bars' <title>s: "4 (Tevreden): …". Falls back on
  // the key's name, then (for a point) on the scale's English label. A meaning equal to the key
  // (NPS "9") is not repeated: "9: …", never "9 (9): …".
  std::map<std::string, std::string> descriptions;
  NumberFormat number;
  // Prefix of the ids of <title> and <desc> (for aria-labelledby); must be unique on the page.
  std::string id = "csatkit-chart";
};

struct ChartSvg {
  std::string svg;
  std::string title;
  std::string description;
  int width;
  int height;
};

// One period or segment of a report: its score and its test (against the previous period, or
// against the rest), as the report gives it; no test for the first period.
struct ChartGroup {
  std::string key;
  ScoreResult score;
  std::optional<Comparison> test;
};

// A bar per scale point, classed csatkit-chart-negative/-neutral/-positive by the score's
// buckets, labelled with its count and share.
ChartSvg distribution_chart(const ScoreResult& score, const ChartText& text);

// Periods in order: the metric with its interval (error bars up to kTrendErrorBarsUpTo periods,
// a band beyond), markers on periods whose test is significant (when the metric is the tested
// one). Error chart.empty without periods; chart.metric when the metric is not the scale's.
inline constexpr std::size_t kTrendErrorBarsUpTo = 31;
Result<ChartSvg> trend_chart(const std::vector<ChartGroup>& periods, ReportMetric metric, const ChartText& text);

// One row per segment (at most kSegmentRowsShown: beyond, the ones with most responses, in the
// given order), the overall value as a dashed line, significant differences from the rest marked.
inline constexpr std::size_t kSegmentRowsShown = 40;
Result<ChartSvg> segments_chart(const std::vector<ChartGroup>& segments, const std::optional<ScoreResult>& overall,
                                ReportMetric metric, const ChartText& text);

}  // namespace csatkit
