#include "cli/text_report.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace csatkit::cli {

namespace {

std::string fixed(const Json& value, int decimals) {
  if (!value.is_number()) return "–";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value.get<double>());
  return buffer;
}

// 172000 → "172,000.00": money and counts are read by people here.
std::string grouped(const Json& value, int decimals) {
  if (!value.is_number()) return "–";
  std::string text = fixed(value, decimals);
  const size_t dot = text.find('.');
  size_t digits_end = dot == std::string::npos ? text.size() : dot;
  const size_t digits_start = text[0] == '-' ? 1 : 0;
  for (size_t i = digits_end; i > digits_start + 3; i -= 3) text.insert(i - 3, ",");
  return text;
}

std::string pad(std::string text, size_t width) {
  // Width in characters, counting UTF-8 continuation bytes as nothing.
  size_t length = 0;
  for (unsigned char c : text) length += (c & 0xC0) != 0x80;
  if (length < width) text.append(width - length, ' ');
  return text;
}

std::string range(const Json& low, const Json& high, int decimals) {
  if (!low.is_number() || !high.is_number()) return "–";
  return fixed(low, decimals) + "–" + fixed(high, decimals);
}

std::string confidence_label(const Json& report) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g%%", report.value("confidence", 0.95) * 100);
  return buffer;
}

// The headline lines of one score report: the family's main score and the mean.
std::string headline(const Json& r) {
  std::string out;
  const std::string ci = confidence_label(r) + " CI ";
  auto percent_line = [&](const char* name, const Json& e) {
    out += pad(name, 12) + pad(fixed(e["percent"], 2) + "%", 10) + ci + range(e["low"], e["high"], 2) + "\n";
  };
  if (r.contains("csat")) percent_line("CSAT", r["csat"]);
  if (r.contains("nps")) {
    out += pad("NPS", 12) + pad(fixed(r["nps"]["score"], 1), 10) + ci + range(r["nps"]["low"], r["nps"]["high"], 1) +
           "   (" + std::to_string(r["promoters"].get<long long>()) + " promoters, " +
           std::to_string(r["passives"].get<long long>()) + " passives, " +
           std::to_string(r["detractors"].get<long long>()) + " detractors)\n";
  }
  if (r.contains("ces")) percent_line("CES agree", r["ces"]["agree"]);
  if (r.contains("helpful")) percent_line("Helpful", r["helpful"]);
  out += pad("Mean", 12) + pad(fixed(r["mean"]["value"], 2), 10) + ci + range(r["mean"]["low"], r["mean"]["high"], 2) + "\n";
  return out;
}

std::string percent(const Json& value) { return value.is_number() ? fixed(value, 1) + "%" : "–"; }

std::string main_score(const Json& r) {
  if (r.contains("csat")) return percent(r["csat"]["percent"]);
  if (r.contains("nps")) return fixed(r["nps"]["score"], 1);
  if (r.contains("ces")) return percent(r["ces"]["agree"]["percent"]);
  if (r.contains("helpful")) return percent(r["helpful"]["percent"]);
  return "–";
}

std::string p_value(const Json& p) {
  if (p.is_number() && p.get<double>() < 0.0001) return "<0.0001";
  return fixed(p, 4);
}

std::string main_range(const Json& r) {
  if (r.contains("csat")) return range(r["csat"]["low"], r["csat"]["high"], 1);
  if (r.contains("nps")) return range(r["nps"]["low"], r["nps"]["high"], 1);
  if (r.contains("ces")) return range(r["ces"]["agree"]["low"], r["ces"]["agree"]["high"], 1);
  if (r.contains("helpful")) return range(r["helpful"]["low"], r["helpful"]["high"], 1);
  return "–";
}

std::string groups_table(const Json& groups, const std::string& indent) {
  std::string out;
  const char* key = groups.front().contains("period") ? "period" : "segment";
  out += indent + pad(key, 16) + pad("n", 9) + pad("score", 9) + pad("interval", 14) + pad("change", 9) +
         pad("p (Holm)", 10) + "verdict\n";
  for (const Json& g : groups) {
    std::string change = "–", p = "–", verdict = "";
    if (g["test"].is_object()) {
      const Json& t = g["test"];
      change = (t["difference"].is_number() && t["difference"].get<double>() > 0 ? "+" : "") + fixed(t["difference"], 1);
      p = p_value(t["p_adjusted"]);
      verdict = t["verdict"].get<std::string>() + " vs " + t["against"].get<std::string>();
    }
    out += indent + pad(g[key].get<std::string>(), 16) + pad(std::to_string(g["n"].get<long long>()), 9) +
           pad(main_score(g), 9) + pad(main_range(g), 14) + pad(change, 9) + pad(p, 10) + verdict + "\n";
    if (g.contains("groups")) out += groups_table(g["groups"], indent + "  ");
  }
  return out;
}

}  // namespace

std::string score_table(const Json& r) {
  std::string out = r["scale"].get<std::string>() + " · " + std::to_string(r["n"].get<long long>()) + " responses · " +
                    std::to_string(r["invalid"].get<long long>()) + " invalid · satisfied from " +
                    std::to_string(r["satisfied_from"].get<int>()) + "\n\n";
  out += headline(r) + "\n";
  const double n = r["n"].get<double>();
  for (const auto& [point, count] : r["distribution"].items()) {
    const double share = n > 0 ? 100.0 * count.get<double>() / n : 0.0;
    out += "  " + pad(point, 4) + pad(std::to_string(count.get<long long>()), 10) + pad(fixed(share, 1) + "%", 8) +
           std::string(static_cast<size_t>(std::lround(share / 2.5)), '#') + "\n";
  }
  if (r.contains("rows")) {
    out += "\nrows " + std::to_string(r["rows"].get<long long>()) + ", bad rows " +
           std::to_string(r["bad_rows"].get<long long>()) + "\n";
    for (const Json& bad : r["first_bad_rows"]) {
      out += "  line " + std::to_string(bad["line"].get<long long>()) + ": " + bad["reason"].get<std::string>() + "\n";
    }
  }
  if (r.contains("groups") && !r["groups"].empty()) out += "\n" + groups_table(r["groups"], "");
  return out;
}

std::string revenue_table(const Json& r) {
  std::string out;
  auto money_line = [&](const char* name, const Json& e) {
    out += pad(name, 18) + pad(grouped(e["value"], 2), 16) + "range " + grouped(e["low"], 2) + " – " +
           grouped(e["high"], 2) + "\n";
  };
  money_line("At risk", r["at_risk"]);
  out += pad("Customers lost", 18) + grouped(r["churned_customers"], 1) + "\n";
  if (r.contains("after")) money_line("After improvement", r["after"]["at_risk"]);
  if (r.contains("saved")) money_line("Saved", r["saved"]);
  out += "\nchurn by point:";
  for (const auto& [point, rate] : r["churn"].items()) out += " " + point + "=" + fixed(rate, 2);
  out += "\n";
  return out;
}

std::string plan_table(const Json& r) {
  std::string out = pad("Responses", 14) + grouped(r["responses"], 0) + "\n";
  if (r.contains("invitations")) out += pad("Invitations", 14) + grouped(r["invitations"], 0) + "\n";
  out += pad("Margin", 14) + "±" + fixed(r["margin"], 2) + " points at " + fixed(r["expected"], 1) + "% expected, " +
         confidence_label(r) + " confidence\n";
  return out;
}

std::string benchmarks_table(const Json& r) {
  std::string out;
  for (const Json& b : r["benchmarks"]) {
    out += pad(b["industry"].get<std::string>(), 40) + pad(fixed(b["score"], 0), 6) +
           pad(std::to_string(b["year"].get<int>()), 6) + b["source"].get<std::string>() + "\n";
  }
  out += "\n" + r["caveat"].get<std::string>() + "\n";
  return out;
}

std::string scales_table(const Json& r) {
  std::string out;
  for (const Json& s : r["scales"]) {
    out += pad(s["id"].get<std::string>(), 9) + pad(s["family"].get<std::string>(), 9);
    for (const Json& p : s["points"]) {
      out += std::to_string(p["value"].get<int>()) + (p["bucket"] == "positive" ? "+" : p["bucket"] == "negative" ? "-" : "~") + " ";
    }
    out += "\n";
  }
  out += "\n+ positive (satisfied)   ~ neutral   - negative\n";
  return out;
}

std::string locales_table(const Json& r) {
  std::string out;
  for (const Json& l : r["locales"]) {
    out += pad(l["code"].get<std::string>(), 4) + pad(l["dir"].get<std::string>(), 5) + l["name"].get<std::string>() +
           "  \"" + l["texts"]["question_csat"].get<std::string>() + "\"\n";
  }
  return out;
}

}  // namespace csatkit::cli
