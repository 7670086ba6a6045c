#include "core/charts.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/svg_markup.hpp"

namespace csatkit {

namespace {

constexpr int kWidth = 640;
constexpr const char* kFont = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

// Opacities that tell the buckets apart without CSS (and in print); a page's CSS may recolour
// the classes instead.
const char* bucket_class(Bucket bucket) {
  switch (bucket) {
    case Bucket::Negative: return "csatkit-chart-bar csatkit-chart-negative";
    case Bucket::Neutral: return "csatkit-chart-bar csatkit-chart-neutral";
    case Bucket::Positive: return "csatkit-chart-bar csatkit-chart-positive";
  }
  return "csatkit-chart-bar";
}

const char* bucket_opacity(Bucket bucket) {
  switch (bucket) {
    case Bucket::Negative: return "0.35";
    case Bucket::Neutral: return "0.6";
    case Bucket::Positive: return "0.9";
  }
  return "1";
}

std::string name_of(const ChartText& text, const std::string& key, const std::string& fallback) {
  auto it = text.names.find(key);
  return it == text.names.end() ? fallback : it->second;
}

// A point's English meaning: its label, or on a numeric scale (NPS, CSAT 1–10) the anchor at
// either end ("Not at all likely"); the middle points of those mean their number.
std::string english_meaning(const Scale& scale, int point) {
  if (point == scale.min() && !scale.low_anchor().empty()) return scale.low_anchor();
  if (point == scale.max() && !scale.high_anchor().empty()) return scale.high_anchor();
  return scale.label(point);
}

// The words for a key in the description: its meaning, else its name, else the fallback.
std::string description_of(const ChartText& text, const std::string& key, const std::string& fallback) {
  auto it = text.descriptions.find(key);
  return it == text.descriptions.end() ? name_of(text, key, fallback) : it->second;
}

std::string value_text(double value, ReportMetric metric, const ChartText& text) {
  return std::isfinite(value) ? metric_value_text(value, metric, text.number) : text.no_value;
}

// "61.2% (95% interval 58.0–64.3)"; the bounds are left out when they cannot be computed.
std::string estimate_words(const Estimate& estimate, ReportMetric metric, double confidence, const ChartText& text) {
  std::string words = value_text(estimate.value, metric, text);
  if (std::isfinite(estimate.low) && std::isfinite(estimate.high)) {
    words += " (" + confidence_text(confidence) + "% " + text.interval + " " +
             metric_interval_text(estimate, metric, text.number) + ")";
  }
  return words;
}

// "; +3.1 points, significant" for a group's test (nothing when it has none).
std::string test_words(const std::optional<Comparison>& test, ReportMetric metric, const ChartText& text) {
  if (!test || !metric_is_tested(metric) || !std::isfinite(test->difference)) return "";
  return "; " + signed_text(test->difference, 1, text.number) + " " + text.points + ", " +
         (test->significant ? text.significant : text.within_noise);
}

// Axis bounds and tick step: 1, 2 or 5 × 10^k, about `ticks` steps, inside the metric's range.
struct Axis {
  double low;
  double high;
  double step;
  double position(double value, double from, double to) const {
    return from + (value - low) / (high - low) * (to - from);
  }
  std::vector<double> ticks() const {
    std::vector<double> values;
    const int count = static_cast<int>(std::round((high - low) / step));
    for (int i = 0; i <= count; ++i) values.push_back(low + i * step);
    return values;
  }
};

Axis nice_axis(double low, double high, double range_low, double range_high, int ticks, double minimum_step = 0) {
  if (!(high > low)) {
    low -= 1;
    high += 1;
  }
  const double raw = (high - low) / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double normalised = raw / magnitude;
  double step = (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude;
  step = std::max(step, minimum_step);
  Axis axis{std::floor(low / step + 1e-9) * step, std::ceil(high / step - 1e-9) * step, step};
  axis.low = std::max(axis.low, range_low);
  axis.high = std::min(axis.high, range_high);
  if (!(axis.high > axis.low)) axis.high = axis.low + step;
  return axis;
}

std::string tick_text(double value, double step, ReportMetric metric, const NumberFormat& number) {
  const int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  std::string text = fixed_text(value, decimals, number);
  if (metric_is_percent(metric)) text += '%';
  return text;
}

// The <svg> root with its <title> and <desc>.
void open_chart(SvgMarkup& svg, const char* kind, int height, const ChartText& text, const std::string& title,
                const std::string& description) {
  svg.open("svg", {{"xmlns", "http://www.w3.org/2000/svg"},
                   {"viewBox", "0 0 " + std::to_string(kWidth) + " " + std::to_string(height)},
                   {"role", "img"},
                   {"aria-labelledby", text.id + "-title " + text.id + "-desc"},
                   {"class", std::string("csatkit-chart csatkit-chart-") + kind},
                   {"font-family", kFont},
                   {"font-size", "12"},
                   {"fill", "currentColor"}});
  svg.text("title", {{"id", text.id + "-title"}}, title);
  svg.text("desc", {{"id", text.id + "-desc"}}, description);
}

void horizontal_grid(SvgMarkup& svg, const Axis& axis, double left, double right, double top, double bottom,
                     ReportMetric metric, const NumberFormat& number, bool counts) {
  std::string lines;
  for (double tick : axis.ticks()) {
    lines += "M" + svg_number(left) + " " + svg_number(axis.position(tick, bottom, top)) + "H" + svg_number(right);
  }
  svg.empty("path", {{"class", "csatkit-chart-grid"}, {"d", lines}, {"fill", "none"}, {"stroke", "currentColor"},
                     {"stroke-opacity", "0.15"}});
  svg.open("g", {{"class", "csatkit-chart-ticks"}, {"font-size", "11"}, {"text-anchor", "end"}});
  for (double tick : axis.ticks()) {
    const std::string label = counts ? count_text(static_cast<std::uint64_t>(std::llround(tick)), number)
                                     : tick_text(tick, axis.step, metric, number);
    svg.text("text", {{"x", svg_number(left - 6)}, {"y", svg_number(axis.position(tick, bottom, top) + 4)}}, label);
  }
  svg.close("g");
}

void axis_titles(SvgMarkup& svg, const std::string& x_title, double x_centre, double x_baseline,
                 const std::string& y_title, double y_centre) {
  if (!x_title.empty()) {
    svg.text("text", {{"class", "csatkit-chart-axis-title"}, {"x", svg_number(x_centre)}, {"y", svg_number(x_baseline)},
                      {"text-anchor", "middle"}},
             x_title);
  }
  if (!y_title.empty()) {
    svg.text("text", {{"class", "csatkit-chart-axis-title"}, {"transform", "rotate(-90)"},
                      {"x", svg_number(-y_centre)}, {"y", "14"}, {"text-anchor", "middle"}},
             y_title);
  }
}

// ▲ above (rise) or ▼ below (drop) a point at (x, y): a shape, not only a colour, marks significance.
std::string marker_path(double x, double y, bool rise) {
  if (rise) return "M" + svg_number(x) + " " + svg_number(y - 16) + "l5 8h-10z";
  return "M" + svg_number(x) + " " + svg_number(y + 16) + "l5 -8h-10z";
}

void significance_marker(SvgMarkup& svg, double x, double y, bool rise) {
  svg.empty("path", {{"class", std::string("csatkit-chart-marker csatkit-chart-significant ") +
                                   (rise ? "csatkit-chart-rise" : "csatkit-chart-drop")},
                     {"d", marker_path(x, y, rise)}});
}

// "▲▼ significant" and "| 95% interval" under a chart.
void legend(SvgMarkup& svg, double left, double baseline, double confidence, const ChartText& text) {
  svg.open("g", {{"class", "csatkit-chart-legend"}, {"font-size", "11"}});
  svg.empty("path", {{"class", "csatkit-chart-marker csatkit-chart-significant csatkit-chart-rise"},
                     {"d", marker_path(left + 5, baseline + 7, true)}});
  svg.empty("path", {{"class", "csatkit-chart-marker csatkit-chart-significant csatkit-chart-drop"},
                     {"d", marker_path(left + 17, baseline - 17, false)}});
  svg.text("text", {{"x", svg_number(left + 26)}, {"y", svg_number(baseline)}}, text.significant);
  const double second = left + 240;
  svg.empty("path", {{"class", "csatkit-chart-interval"}, {"d", "M" + svg_number(second) + " " + svg_number(baseline - 10) +
                                                                   "v12M" + svg_number(second - 4) + " " +
                                                                   svg_number(baseline - 10) + "h8M" +
                                                                   svg_number(second - 4) + " " +
                                                                   svg_number(baseline + 2) + "h8"},
                     {"fill", "none"}, {"stroke", "currentColor"}});
  svg.text("text", {{"x", svg_number(second + 10)}, {"y", svg_number(baseline)}},
           confidence_text(confidence) + "% " + text.interval);
  svg.close("g");
}

// The finite bounds of a set of estimates (and extra values), or the metric's range if none.
std::pair<double, double> data_bounds(const std::vector<Estimate>& estimates, const std::vector<double>& extra,
                                      const MetricRange& range) {
  double low = INFINITY, high = -INFINITY;
  auto take = [&](double v) {
    if (!std::isfinite(v)) return;
    low = std::min(low, v);
    high = std::max(high, v);
  };
  for (const Estimate& e : estimates) {
    take(e.value);
    take(e.low);
    take(e.high);
  }
  for (double v : extra) take(v);
  if (!std::isfinite(low)) return {range.low, range.high};
  return {low, high};
}

Status check_groups(const std::vector<ChartGroup>& groups, ReportMetric metric, const char* what) {
  if (groups.empty()) return Error{"chart.empty", "groups", std::string("a ") + what + " chart needs at least one group"};
  for (const ChartGroup& group : groups) {
    if (group.score.scale.id() != groups.front().score.scale.id()) {
      return Error{"chart.scale_mismatch", "groups", "every group must be on the same scale (" +
                                                         groups.front().score.scale.id() + " and " +
                                                         group.score.scale.id() + " were given)"};
    }
  }
  return check_metric(metric, groups.front().score.scale);
}

}  // namespace

ChartSvg distribution_chart(const ScoreResult& score, const ChartText& text) {
  constexpr int height = 320;
  constexpr double left = 64, right = kWidth - 16, top = 44, bottom = height - 56;
  const Scale& scale = score.scale;
  const std::string title = text.title.empty() ? "Distribution of ratings" : text.title;
  const std::string x_title = text.x_axis.empty() ? "Rating" : text.x_axis;
  const std::string y_title = text.y_axis.empty() ? "Responses" : text.y_axis;
  const double n = static_cast<double>(score.n);

  std::uint64_t largest = 0;
  for (const auto& [point, count] : score.distribution) largest = std::max(largest, count);
  const Axis axis = nice_axis(0, std::max<double>(1, static_cast<double>(largest)), 0, INFINITY, 5, 1);

  auto share_text = [&](std::uint64_t count) {
    return score.n == 0 ? text.no_value : fixed_text(100.0 * static_cast<double>(count) / n, 1, text.number) + "%";
  };
  auto point_words = [&](int point, std::uint64_t count) {
    const std::string key = std::to_string(point);
    const std::string meaning = description_of(text, key, english_meaning(scale, point));
    return key + (meaning.empty() || meaning == key ? "" : " (" + meaning + ")") + ": " +
           count_text(count, text.number) + " " + text.responses + ", " + share_text(count);
  };

  std::string description = title + ": " + count_text(score.n, text.number) + " " + text.responses + ".";
  for (const auto& [point, count] : score.distribution) description += " " + point_words(point, count) + ".";

  SvgMarkup svg;
  open_chart(svg, "distribution", height, text, title, description);
  horizontal_grid(svg, axis, left, right, top, bottom, ReportMetric::Mean, text.number, true);

  const double slot = (right - left) / static_cast<double>(score.distribution.size());
  // Words on the axis when the scale has few points (emoji faces, Yes/No), numbers otherwise.
  const bool word_ticks = scale.point_count() <= 3;
  const std::size_t tick_characters = static_cast<std::size_t>(std::max(3.0, slot / 6.5));
  svg.open("g", {{"class", "csatkit-chart-bars"}});
  for (std::size_t i = 0; i < score.distribution.size(); ++i) {
    const auto& [point, count] = score.distribution[i];
    const double x = left + slot * static_cast<double>(i);
    const double bar_height = static_cast<double>(count) / axis.high * (bottom - top);
    const double y = bottom - bar_height;
    const double centre = x + slot / 2;
    const Bucket bucket = scale.bucket(point);
    svg.open("rect", {{"class", bucket_class(bucket)}, {"x", svg_number(x + slot * 0.15)}, {"y", svg_number(y)},
                      {"width", svg_number(slot * 0.7)}, {"height", svg_number(bar_height)},
                      {"fill-opacity", bucket_opacity(bucket)}});
    svg.text("title", {}, point_words(point, count));
    svg.close("rect");
    svg.text("text", {{"class", "csatkit-chart-value"}, {"x", svg_number(centre)}, {"y", svg_number(y - 20)},
                      {"text-anchor", "middle"}, {"font-size", "11"}},
             count_text(count, text.number));
    svg.text("text", {{"class", "csatkit-chart-percent"}, {"x", svg_number(centre)}, {"y", svg_number(y - 6)},
                      {"text-anchor", "middle"}, {"font-size", "11"}, {"font-weight", "bold"}},
             share_text(count));
    const std::string key = std::to_string(point);
    // A word tick says what the point means, in the page's words when it gives them.
    const std::string tick = name_of(text, key, word_ticks ? description_of(text, key, scale.label(point)) : key);
    svg.text("text", {{"class", "csatkit-chart-tick"}, {"x", svg_number(centre)}, {"y", svg_number(bottom + 18)},
                      {"text-anchor", "middle"}, {"font-size", "11"}},
             truncate_text(tick, tick_characters));
  }
  svg.close("g");
  svg.empty("path", {{"class", "csatkit-chart-baseline"},
                     {"d", "M" + svg_number(left) + " " + svg_number(bottom) + "H" + svg_number(right)},
                     {"stroke", "currentColor"}});
  axis_titles(svg, x_title, (left + right) / 2, height - 12, y_title, (top + bottom) / 2);
  svg.close("svg");
  return ChartSvg{svg.take(), title, description, kWidth, height};
}

Result<ChartSvg> trend_chart(const std::vector<ChartGroup>& periods, ReportMetric metric, const ChartText& text) {
  if (Status status = check_groups(periods, metric, "trend"); !status) return status.error();
  constexpr int height = 340;
  constexpr double left = 60, right = kWidth - 20, top = 28, bottom = height - 78;
  const Scale& scale = periods.front().score.scale;
  const double confidence = periods.front().score.confidence;
  const std::string title = text.title.empty() ? metric_title(metric) + " by period" : text.title;
  const std::string x_title = text.x_axis.empty() ? "Period" : text.x_axis;
  const std::string y_title = text.y_axis.empty() ? metric_title(metric) : text.y_axis;

  std::vector<Estimate> estimates;
  for (const ChartGroup& period : periods) estimates.push_back(metric_estimate(period.score, metric));
  const MetricRange range = metric_range(metric, scale);
  const auto [low, high] = data_bounds(estimates, {}, range);
  const Axis axis = nice_axis(low, high, range.low, range.high, 5);

  std::string description = title + ".";
  for (std::size_t i = 0; i < periods.size(); ++i) {
    description += " " + description_of(text, periods[i].key, periods[i].key) + ": " +
                   estimate_words(estimates[i], metric, confidence, text) + ", " +
                   count_text(periods[i].score.n, text.number) + " " + text.responses +
                   test_words(periods[i].test, metric, text) + ".";
  }

  const std::size_t count = periods.size();
  constexpr double inset = 14;
  auto x_of = [&](std::size_t i) {
    if (count == 1) return (left + right) / 2;
    return left + inset + (right - left - 2 * inset) * static_cast<double>(i) / static_cast<double>(count - 1);
  };
  auto y_of = [&](double value) { return axis.position(std::clamp(value, axis.low, axis.high), bottom, top); };

  SvgMarkup svg;
  open_chart(svg, "trend", height, text, title, description);
  horizontal_grid(svg, axis, left, right, top, bottom, metric, text.number, false);

  // Period labels: at most 8, evenly spaced, so they never overlap.
  const std::size_t label_step = (count + 7) / 8;
  svg.open("g", {{"class", "csatkit-chart-ticks"}, {"font-size", "11"}, {"text-anchor", "middle"}});
  for (std::size_t i = 0; i < count; i += label_step) {
    svg.text("text", {{"x", svg_number(x_of(i))}, {"y", svg_number(bottom + 18)}},
             truncate_text(name_of(text, periods[i].key, periods[i].key), 14));
  }
  svg.close("g");

  // Intervals: error bars for a readable number of periods, a band beyond; runs break where a
  // period has no interval (no responses).
  std::string intervals;
  if (count <= kTrendErrorBarsUpTo) {
    for (std::size_t i = 0; i < count; ++i) {
      if (!std::isfinite(estimates[i].low) || !std::isfinite(estimates[i].high)) continue;
      const std::string x = svg_number(x_of(i)), y_low = svg_number(y_of(estimates[i].low)),
                        y_high = svg_number(y_of(estimates[i].high));
      intervals += "M" + x + " " + y_low + "V" + y_high + "M" + svg_number(x_of(i) - 4) + " " + y_high + "h8M" +
                   svg_number(x_of(i) - 4) + " " + y_low + "h8";
    }
    svg.empty("path", {{"class", "csatkit-chart-interval"}, {"d", intervals}, {"fill", "none"},
                       {"stroke", "currentColor"}, {"stroke-opacity", "0.6"}});
  } else {
    std::size_t i = 0;
    while (i < count) {
      if (!std::isfinite(estimates[i].low) || !std::isfinite(estimates[i].high)) {
        ++i;
        continue;
      }
      std::size_t end = i;
      while (end < count && std::isfinite(estimates[end].low) && std::isfinite(estimates[end].high)) ++end;
      std::string run;
      for (std::size_t j = i; j < end; ++j) {
        run += (j == i ? "M" : "L") + svg_number(x_of(j)) + " " + svg_number(y_of(estimates[j].high));
      }
      for (std::size_t j = end; j-- > i;) run += "L" + svg_number(x_of(j)) + " " + svg_number(y_of(estimates[j].low));
      intervals += run + "Z";
      i = end;
    }
    svg.empty("path", {{"class", "csatkit-chart-band"}, {"d", intervals}, {"fill-opacity", "0.15"}});
  }

  std::string line;
  bool drawing = false;
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(estimates[i].value)) {
      drawing = false;
      continue;
    }
    line += (drawing ? "L" : "M") + svg_number(x_of(i)) + " " + svg_number(y_of(estimates[i].value));
    drawing = true;
  }
  svg.empty("path", {{"class", "csatkit-chart-line"}, {"d", line}, {"fill", "none"}, {"stroke", "currentColor"},
                     {"stroke-width", "2"}});

  const bool titled_points = count <= 60;
  svg.open("g", {{"class", "csatkit-chart-points"}});
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::isfinite(estimates[i].value)) continue;
    const double x = x_of(i), y = y_of(estimates[i].value);
    const std::optional<Comparison>& test = periods[i].test;
    const bool significant = test && test->significant && metric_is_tested(metric);
    const SvgMarkup::Attributes point{{"class", significant ? "csatkit-chart-point csatkit-chart-significant" : "csatkit-chart-point"},
                           {"cx", svg_number(x)}, {"cy", svg_number(y)}, {"r", count <= 60 ? "3.5" : "2"}};
    if (titled_points) {
      svg.open("circle", point);
      svg.text("title", {}, description_of(text, periods[i].key, periods[i].key) + ": " +
                                estimate_words(estimates[i], metric, confidence, text) + test_words(test, metric, text));
      svg.close("circle");
    } else {
      svg.empty("circle", point);
    }
    if (significant) {
      // Outside the error bar, on the side the change went.
      const bool rise = test->difference > 0;
      const double edge = std::isfinite(estimates[i].high) && std::isfinite(estimates[i].low)
                              ? y_of(rise ? estimates[i].high : estimates[i].low)
                              : y;
      significance_marker(svg, x, rise ? edge + 4 : edge - 4, rise);
    }
  }
  svg.close("g");

  svg.empty("path", {{"class", "csatkit-chart-baseline"},
                     {"d", "M" + svg_number(left) + " " + svg_number(bottom) + "H" + svg_number(right)},
                     {"stroke", "currentColor"}});
  axis_titles(svg, x_title, (left + right) / 2, bottom + 40, y_title, (top + bottom) / 2);
  legend(svg, left, height - 10, confidence, text);
  svg.close("svg");
  return ChartSvg{svg.take(), title, description, kWidth, height};
}

Result<ChartSvg> segments_chart(const std::vector<ChartGroup>& all_segments, const std::optional<ScoreResult>& overall,
                                ReportMetric metric, const ChartText& text) {
  if (Status status = check_groups(all_segments, metric, "segments"); !status) return status.error();
  if (overall && overall->scale.id() != all_segments.front().score.scale.id()) {
    return Error{"chart.scale_mismatch", "overall", "the overall report must be on the segments' scale"};
  }
  // Beyond kSegmentRowsShown rows a chart stops being readable: keep the largest segments (the
  // earlier one on a tie), shown in the given order.
  std::vector<std::size_t> shown(all_segments.size());
  std::iota(shown.begin(), shown.end(), 0);
  if (shown.size() > kSegmentRowsShown) {
    std::vector<bool> kept(all_segments.size(), false);
    for (std::size_t round = 0; round < kSegmentRowsShown; ++round) {
      std::size_t best = all_segments.size();
      for (std::size_t i = 0; i < all_segments.size(); ++i) {
        if (!kept[i] && (best == all_segments.size() || all_segments[i].score.n > all_segments[best].score.n)) best = i;
      }
      kept[best] = true;
    }
    shown.clear();
    for (std::size_t i = 0; i < all_segments.size(); ++i) {
      if (kept[i]) shown.push_back(i);
    }
  }
  const std::size_t hidden = all_segments.size() - shown.size();

  constexpr double row_height = 28, top = 48, left = 170, right = kWidth - 84;
  const double rows = static_cast<double>(shown.size());
  const double bottom = top + rows * row_height;
  const int height = static_cast<int>(bottom + 72);
  const Scale& scale = all_segments.front().score.scale;
  const double confidence = all_segments.front().score.confidence;
  const std::string title = text.title.empty() ? metric_title(metric) + " by segment" : text.title;
  const std::string x_title = text.x_axis.empty() ? metric_title(metric) : text.x_axis;
  const std::string y_title = text.y_axis.empty() ? "Segment" : text.y_axis;

  std::vector<Estimate> estimates;
  for (std::size_t index : shown) estimates.push_back(metric_estimate(all_segments[index].score, metric));
  const std::optional<Estimate> overall_estimate =
      overall ? std::optional<Estimate>(metric_estimate(*overall, metric)) : std::nullopt;
  const MetricRange range = metric_range(metric, scale);
  const auto [low, high] =
      data_bounds(estimates, overall_estimate ? std::vector<double>{overall_estimate->value} : std::vector<double>{}, range);
  const Axis axis = nice_axis(low, high, range.low, range.high, 5);
  auto x_of = [&](double value) { return axis.position(std::clamp(value, axis.low, axis.high), left, right); };

  std::string description = title + ".";
  if (overall_estimate) {
    description += " " + text.overall + ": " + estimate_words(*overall_estimate, metric, confidence, text) + ", " +
                   count_text(overall->n, text.number) + " " + text.responses + ".";
  }
  for (std::size_t row = 0; row < shown.size(); ++row) {
    const ChartGroup& segment = all_segments[shown[row]];
    description += " " + description_of(text, segment.key, segment.key) + ": " +
                   estimate_words(estimates[row], metric, confidence, text) + ", " +
                   count_text(segment.score.n, text.number) + " " + text.responses +
                   test_words(segment.test, metric, text) + ".";
  }
  if (hidden > 0) description += " (+" + count_text(hidden, text.number) + ")";

  SvgMarkup svg;
  open_chart(svg, "segments", height, text, title, description);

  // Vertical grid and value ticks under the rows.
  std::string grid;
  for (double tick : axis.ticks()) {
    grid += "M" + svg_number(x_of(tick)) + " " + svg_number(top) + "V" + svg_number(bottom);
  }
  svg.empty("path", {{"class", "csatkit-chart-grid"}, {"d", grid}, {"fill", "none"}, {"stroke", "currentColor"},
                     {"stroke-opacity", "0.15"}});
  svg.open("g", {{"class", "csatkit-chart-ticks"}, {"font-size", "11"}, {"text-anchor", "middle"}});
  for (double tick : axis.ticks()) {
    svg.text("text", {{"x", svg_number(x_of(tick))}, {"y", svg_number(bottom + 18)}},
             tick_text(tick, axis.step, metric, text.number));
  }
  svg.close("g");

  // Column headings: the segment names, and the responses on the right.
  svg.text("text", {{"class", "csatkit-chart-heading"}, {"x", svg_number(left - 10)}, {"y", svg_number(top - 10)},
                    {"text-anchor", "end"}, {"font-weight", "bold"}},
           y_title);
  svg.text("text", {{"class", "csatkit-chart-heading"}, {"x", svg_number(kWidth - 8)}, {"y", svg_number(top - 10)},
                    {"text-anchor", "end"}, {"font-weight", "bold"}},
           text.responses);

  for (std::size_t row = 0; row < shown.size(); ++row) {
    const ChartGroup& segment = all_segments[shown[row]];
    const Estimate& estimate = estimates[row];
    const double y = top + row_height * static_cast<double>(row);
    const double centre = y + row_height / 2;
    const bool significant = segment.test && segment.test->significant && metric_is_tested(metric);
    const std::string name = name_of(text, segment.key, segment.key);
    const std::string meaning = description_of(text, segment.key, segment.key);
    svg.open("g", {{"class", significant ? "csatkit-chart-row csatkit-chart-significant" : "csatkit-chart-row"}});
    if (row % 2 == 0) {
      svg.empty("rect", {{"class", "csatkit-chart-stripe"}, {"x", "0"}, {"y", svg_number(y)},
                         {"width", std::to_string(kWidth)}, {"height", svg_number(row_height)},
                         {"fill-opacity", "0.05"}});
    }
    svg.open("text", {{"class", "csatkit-chart-label"}, {"x", svg_number(left - 10)}, {"y", svg_number(centre + 4)},
                      {"text-anchor", "end"}, {"font-weight", significant ? "bold" : "normal"}});
    svg.text("title", {}, meaning);
    svg.content(truncate_text(name, 24));
    svg.close("text");
    if (std::isfinite(estimate.low) && std::isfinite(estimate.high)) {
      const std::string x_low = svg_number(x_of(estimate.low)), x_high = svg_number(x_of(estimate.high));
      svg.empty("path", {{"class", "csatkit-chart-interval"},
                         {"d", "M" + x_low + " " + svg_number(centre) + "H" + x_high + "M" + x_low + " " +
                                   svg_number(centre - 5) + "v10M" + x_high + " " + svg_number(centre - 5) + "v10"},
                         {"fill", "none"}, {"stroke", "currentColor"}, {"stroke-opacity", "0.6"}});
    }
    if (std::isfinite(estimate.value)) {
      svg.open("circle", {{"class", "csatkit-chart-point"}, {"cx", svg_number(x_of(estimate.value))},
                          {"cy", svg_number(centre)}, {"r", "4.5"}});
      svg.text("title", {}, meaning + ": " + estimate_words(estimate, metric, confidence, text) +
                                test_words(segment.test, metric, text));
      svg.close("circle");
    }
    if (significant) significance_marker(svg, right + 14, centre + (segment.test->difference > 0 ? 5 : -5),
                                         segment.test->difference > 0);
    svg.text("text", {{"class", "csatkit-chart-count"}, {"x", svg_number(kWidth - 8)}, {"y", svg_number(centre + 4)},
                      {"text-anchor", "end"}, {"font-size", "11"}},
             count_text(segment.score.n, text.number));
    svg.close("g");
  }

  if (overall_estimate && std::isfinite(overall_estimate->value)) {
    const double x = x_of(overall_estimate->value);
    svg.empty("path", {{"class", "csatkit-chart-overall"},
                       {"d", "M" + svg_number(x) + " " + svg_number(top - 4) + "V" + svg_number(bottom)},
                       {"stroke", "currentColor"}, {"stroke-dasharray", "4 3"}});
    svg.text("text", {{"class", "csatkit-chart-overall-label"}, {"x", svg_number(x)}, {"y", "16"},
                      {"text-anchor", "middle"}, {"font-size", "11"}},
             text.overall + " " + value_text(overall_estimate->value, metric, text));
  }
  svg.empty("path", {{"class", "csatkit-chart-baseline"},
                     {"d", "M" + svg_number(left) + " " + svg_number(bottom) + "H" + svg_number(right)},
                     {"stroke", "currentColor"}});
  axis_titles(svg, x_title, (left + right) / 2, bottom + 40, "", 0);
  legend(svg, left, height - 10, confidence, text);
  svg.close("svg");
  return ChartSvg{svg.take(), title, description, kWidth, height};
}

}  // namespace csatkit
