#include "core/recommendations.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using namespace csatkit;

// Each rule is tested with data that triggers it and data that does not. Reference numbers
// (Python 3 stdlib, z = NormalDist().inv_cdf(0.975)):
// - Wilson 60/100: 50.200–69.060 (half-width 9.43); 600/1000: 56.931–62.993 (half 3.03).
// - Responses for ±5 at 60/100: the expected share is the interval's point nearest 50%, 50.200%:
//   z²·0.502·0.498/0.05² = 384.14 → 385 (285 more; at a 20% response rate 1,425 invitations).
// - Target 62 at 600/1000: margin |60 − 62| = 2 at 56.931%: z²·0.56931·0.43069/0.02² = 2354.78 → 2355.
// - Two-proportion z (pooled), p = erfc(|z|/√2): 600/1000 vs 540/1000: z −2.710, p 0.00673;
//   600/1000 vs 590/1000: p 0.649.
// - Negatives of segments 50/500, 50/500, 150/500 vs the rest: z −4.90, −4.90, +9.80 (C significant,
//   60% of negatives for 33.3% of responses). 10,000/100,000 ×2 and 12,000/100,000: C is
//   significant (z 16.7) but holds 37.5% of negatives for 33.3% of responses: below the factor 1.25.

namespace {

const Scale& csat5() {
  static const Scale scale = Scale::find("csat5").value();
  return scale;
}

// A csat5 score with `positive` 5s, `neutral` 3s and `negative` 1s.
ScoreResult csat(std::uint64_t positive, std::uint64_t neutral, std::uint64_t negative, std::uint64_t invalid = 0) {
  Tally tally(csat5());
  tally.add(5, positive);
  tally.add(3, neutral);
  tally.add(1, negative);
  tally.add_invalid(invalid);
  return score(tally, csat5()).value();
}

RecommendationInput input_for(const ScoreResult& total) { return RecommendationInput{total}; }

std::vector<std::string> ids(const std::vector<Recommendation>& list) {
  std::vector<std::string> out;
  for (const Recommendation& r : list) out.push_back(r.id);
  return out;
}

// A copy, so that it may be taken from a temporary list.
std::optional<Recommendation> find(const std::vector<Recommendation>& list, const std::string& id) {
  auto it = std::find_if(list.begin(), list.end(), [&](const Recommendation& r) { return r.id == id; });
  if (it == list.end()) return std::nullopt;
  return *it;
}

bool has(const std::vector<Recommendation>& list, const std::string& id) { return find(list, id).has_value(); }

// Periods tested against the previous one, Holm-corrected, as csv_report does.
std::vector<RecommendationGroup> periods_of(const std::vector<std::pair<std::string, ScoreResult>>& scores) {
  std::vector<Comparison> tests;
  for (std::size_t i = 1; i < scores.size(); ++i) {
    const ScoreResult& a = scores[i - 1].second;
    const ScoreResult& b = scores[i].second;
    tests.push_back(two_proportion_test(a.buckets.positive, a.n, b.buckets.positive, b.n, 0.95));
  }
  holm_adjust(tests);
  std::vector<RecommendationGroup> out;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    out.push_back({scores[i].first, scores[i].second, i == 0 ? std::nullopt : std::optional<Comparison>(tests[i - 1])});
  }
  return out;
}

std::vector<RecommendationGroup> segments_of(const std::vector<std::pair<std::string, ScoreResult>>& scores) {
  std::vector<RecommendationGroup> out;
  for (const auto& [key, s] : scores) out.push_back({key, s, std::nullopt});
  return out;
}

}  // namespace

TEST_CASE("sample.empty: nothing else is said about no responses") {
  auto empty = recommend(input_for(csat(0, 0, 0)));
  CHECK(ids(empty) == std::vector<std::string>{"sample.empty"});
  CHECK(empty[0].severity == Severity::Critical);
  RecommendationInput with_target = input_for(csat(0, 0, 0, 3));
  with_target.target = 80;
  CHECK(ids(recommend(with_target)) == std::vector<std::string>{"sample.empty", "data.unusable_rows"});
  CHECK_FALSE(has(recommend(input_for(csat(1, 0, 0))), "sample.empty"));
}

TEST_CASE("sample.below_minimum: under 30 responses (or the minimum given)") {
  const auto few = recommend(input_for(csat(8, 0, 4)));
  const std::optional<Recommendation> r = find(few, "sample.below_minimum");
  REQUIRE(r);
  CHECK(r->severity == Severity::Critical);
  CHECK(r->data["n"] == 12);
  CHECK(r->data["more_needed"] == 18);
  CHECK(r->message.find("Only 12 responses") == 0);
  CHECK_FALSE(has(recommend(input_for(csat(20, 0, 10))), "sample.below_minimum"));
  RecommendationInput stricter = input_for(csat(20, 0, 10));
  stricter.min_responses = 100;
  CHECK(find(recommend(stricter), "sample.below_minimum")->data["more_needed"] == 70);
}

TEST_CASE("sample.margin_too_wide: responses from sample_size at the most conservative share") {
  RecommendationInput input = input_for(csat(60, 0, 40));
  input.response_rate = 0.2;
  const auto list = recommend(input);
  const std::optional<Recommendation> r = find(list, "sample.margin_too_wide");
  REQUIRE(r);
  CHECK(r->severity == Severity::Warning);
  CHECK(r->data["margin"].get<double>() == Approx(9.43));
  CHECK(r->data["wanted_margin"] == 5.0);
  CHECK(r->data["responses_needed"] == 385);
  CHECK(r->data["more_needed"] == 285);
  CHECK(r->data["more_invitations"] == 1425);
  CHECK(r->message.find("collect about 285 more responses (385 in all)") != std::string::npos);

  CHECK_FALSE(has(recommend(input_for(csat(600, 200, 200))), "sample.margin_too_wide"));  // ±3.03 ≤ 5
  RecommendationInput tight = input_for(csat(600, 200, 200));
  tight.wanted_margin = 2;
  CHECK(has(recommend(tight), "sample.margin_too_wide"));
}

TEST_CASE("responses_for_margin always asks for more than n when the interval is too wide") {
  // The half-width is at most z·sqrt(p*(1−p*)/n) for the interval's point p* nearest 50%
  // (the Wilson bounds solve |p̂ − p| = z·sqrt(p(1−p)/n)), so sample_size at p* exceeds n.
  for (std::uint64_t n : {5u, 20u, 99u, 400u}) {
    for (std::uint64_t positive = 0; positive <= n; positive += std::max<std::uint64_t>(1, n / 7)) {
      const ScoreResult s = csat(positive, 0, n - positive);
      const double half = (s.satisfied_percent.high - s.satisfied_percent.low) / 2;
      for (double margin : {1.0, 3.0, 5.0, 10.0}) {
        if (half <= margin) continue;
        INFO(positive << "/" << n << " margin " << margin);
        CHECK(responses_for_margin(s, margin).value() > n);
      }
    }
  }
}

TEST_CASE("target: met, missed, or undecided with the responses to tell") {
  RecommendationInput input = input_for(csat(600, 200, 200));
  input.target = 70;
  const std::optional<Recommendation> missed = find(recommend(input), "target.missed");
  REQUIRE(missed);
  CHECK(missed->data["gap"].get<double>() == Approx(10.0));
  input.target = 50;
  CHECK(find(recommend(input), "target.met")->severity == Severity::Info);
  input.target = 62;
  const auto undecided_list = recommend(input);
  const std::optional<Recommendation> undecided = find(undecided_list, "target.undecided");
  REQUIRE(undecided);
  CHECK(undecided->data["responses_needed"] == 2355);
  CHECK(undecided->data["more_needed"] == 1355);
  CHECK_FALSE(has(undecided_list, "target.met"));
  CHECK_FALSE(has(undecided_list, "target.missed"));
  input.target = 60;  // on the estimate itself: no sample settles it
  CHECK(find(recommend(input), "target.undecided")->data["responses_needed"].is_null());
  input.target.reset();
  for (const char* id : {"target.met", "target.missed", "target.undecided"}) CHECK_FALSE(has(recommend(input), id));
}

TEST_CASE("change: a comparison that is significant, and one within noise") {
  RecommendationInput input = input_for(csat(540, 0, 460));
  const ScoreResult before = csat(600, 0, 400), after = csat(540, 0, 460);
  input.comparison = RecommendationChange{"a", "b", before, after,
                                          two_proportion_test(600, 1000, 540, 1000, 0.95)};
  const auto fell = recommend(input);
  const std::optional<Recommendation> r = find(fell, "change.significant");
  REQUIRE(r);
  CHECK(r->severity == Severity::Warning);  // a drop
  CHECK(r->data["difference"].get<double>() == Approx(-6.0));
  CHECK(r->data["p_value"].get<double>() == Approx(0.006729).margin(1e-6));
  CHECK(r->message.find("fell 6.0 points") != std::string::npos);
  CHECK_FALSE(has(fell, "change.within_noise"));

  input.comparison = RecommendationChange{"a", "b", before, csat(590, 0, 410),
                                          two_proportion_test(600, 1000, 590, 1000, 0.95)};
  const auto noise = recommend(input);
  REQUIRE(has(noise, "change.within_noise"));
  CHECK(find(noise, "change.within_noise")->data["p_value"].get<double>() == Approx(0.648742).margin(1e-6));
  CHECK_FALSE(has(noise, "change.significant"));

  // A rise is good news: info.
  input.comparison = RecommendationChange{"a", "b", after, before, two_proportion_test(540, 1000, 600, 1000, 0.95)};
  CHECK(find(recommend(input), "change.significant")->severity == Severity::Info);
}

TEST_CASE("trend: an earlier significant drop, and the latest change within noise") {
  RecommendationInput input = input_for(csat(2515, 0, 1485));
  input.periods = periods_of({{"2024-W01", csat(700, 0, 300)},
                              {"2024-W02", csat(600, 0, 400)},
                              {"2024-W03", csat(610, 0, 390)},
                              {"2024-W04", csat(605, 0, 395)}});
  const auto list = recommend(input);
  const std::optional<Recommendation> drop = find(list, "trend.drop");
  REQUIRE(drop);
  CHECK(drop->data["period"] == "2024-W02");
  CHECK(drop->data["previous"] == "2024-W01");
  CHECK(drop->data["difference"].get<double>() == Approx(-10.0));
  CHECK(std::count_if(list.begin(), list.end(), [](const Recommendation& r) { return r.id == "trend.drop"; }) == 1);
  const std::optional<Recommendation> latest = find(list, "change.within_noise");
  REQUIRE(latest);
  CHECK(latest->data["from"] == "2024-W03");
  CHECK(latest->data["to"] == "2024-W04");

  // Flat periods: no drop to report.
  input.periods = periods_of({{"2024-W01", csat(600, 0, 400)}, {"2024-W02", csat(605, 0, 395)},
                              {"2024-W03", csat(598, 0, 402)}});
  CHECK_FALSE(has(recommend(input), "trend.drop"));

  // The latest period is the drop: reported once, as the latest change.
  input.periods = periods_of({{"2024-W01", csat(700, 0, 300)}, {"2024-W02", csat(705, 0, 295)},
                              {"2024-W03", csat(600, 0, 400)}});
  const auto last = recommend(input);
  CHECK(has(last, "change.significant"));
  CHECK_FALSE(has(last, "trend.drop"));
}

TEST_CASE("segment.negatives_concentrated: share of negatives vs share of responses, tested") {
  RecommendationInput input = input_for(csat(1250, 0, 250));
  input.segments = segments_of({{"web", csat(450, 0, 50)}, {"app", csat(450, 0, 50)}, {"phone <b>", csat(350, 0, 150)}});
  const auto list = recommend(input);
  const std::optional<Recommendation> r = find(list, "segment.negatives_concentrated");
  REQUIRE(r);
  CHECK(r->data["segment"] == "phone <b>");
  CHECK(r->data["share_of_negatives"].get<double>() == Approx(60.0));
  CHECK(r->data["share_of_responses"].get<double>() == Approx(33.33));
  CHECK(r->data["negative_rate"].get<double>() == Approx(30.0));
  CHECK(r->data["rest_negative_rate"].get<double>() == Approx(10.0));
  CHECK(std::count_if(list.begin(), list.end(),
                      [](const Recommendation& x) { return x.id == "segment.negatives_concentrated"; }) == 1);

  // Evenly spread: nothing to say.
  input.segments = segments_of({{"web", csat(450, 0, 50)}, {"app", csat(450, 0, 50)}, {"phone", csat(450, 0, 50)}});
  CHECK_FALSE(has(recommend(input), "segment.negatives_concentrated"));
  // Significant in a huge file but not concentrated (37.5% of negatives for 33.3% of responses).
  input.segments = segments_of({{"web", csat(90000, 0, 10000)}, {"app", csat(90000, 0, 10000)},
                                {"phone", csat(88000, 0, 12000)}});
  CHECK_FALSE(has(recommend(input), "segment.negatives_concentrated"));
  // Concentrated but too few to tell: 3 of 4 negatives in a segment of 10.
  input.segments = segments_of({{"web", csat(9, 0, 1)}, {"app", csat(10, 0, 0)}, {"phone", csat(7, 0, 3)}});
  CHECK_FALSE(has(recommend(input), "segment.negatives_concentrated"));
}

TEST_CASE("benchmark: compared on CSAT with the caveat, not comparable on NPS") {
  RecommendationInput input = input_for(csat(600, 200, 200));
  input.benchmark = find_benchmark("banks").value();
  const std::optional<Recommendation> r = find(recommend(input), "benchmark.comparison");
  REQUIRE(r);
  CHECK(r->data["benchmark"] == "banks");
  CHECK(r->data["acsi"].get<double>() == input.benchmark->score);
  CHECK(r->data["year"] == input.benchmark->year);
  CHECK(r->message.find(acsi_caveat()) != std::string::npos);
  CHECK(r->message.find("not the") != std::string::npos);

  const Scale nps = Scale::find("nps").value();
  Tally tally(nps);
  tally.add(10, 50);
  tally.add(3, 10);
  RecommendationInput on_nps{score(tally, nps).value()};
  on_nps.benchmark = input.benchmark;
  const auto nps_list = recommend(on_nps);
  CHECK(has(nps_list, "benchmark.not_comparable"));
  CHECK_FALSE(has(nps_list, "benchmark.comparison"));
  input.benchmark.reset();
  CHECK_FALSE(has(recommend(input), "benchmark.comparison"));
}

TEST_CASE("data.unusable_rows: bad CSV rows or invalid values, warning above 5%") {
  RecommendationInput input = input_for(csat(60, 20, 10));
  input.rows = 100;
  input.bad_rows = 10;
  input.first_bad_lines = {3, 7, 12, 40, 41, 99};
  const std::optional<Recommendation> r = find(recommend(input), "data.unusable_rows");
  REQUIRE(r);
  CHECK(r->severity == Severity::Warning);
  CHECK(r->data["first_lines"] == Json::array({3, 7, 12, 40, 41}));
  CHECK(r->message.find("first at lines 3, 7, 12, 40, 41") != std::string::npos);
  input.bad_rows = 1;
  CHECK(find(recommend(input), "data.unusable_rows")->severity == Severity::Info);
  input.bad_rows = 0;
  CHECK_FALSE(has(recommend(input), "data.unusable_rows"));
  const std::optional<Recommendation> values = find(recommend(input_for(csat(60, 20, 10, 2))), "data.unusable_rows");
  REQUIRE(values);
  CHECK(values->data["invalid"] == 2);
  CHECK_FALSE(has(recommend(input_for(csat(60, 20, 10))), "data.unusable_rows"));
}

TEST_CASE("recommendations are sorted by severity, stable within one") {
  RecommendationInput input = input_for(csat(8, 0, 4, 5));  // below minimum, wide margin, invalid values
  input.target = 90;
  input.benchmark = find_benchmark("banks").value();
  const auto list = recommend(input);
  REQUIRE(list.size() >= 4);
  for (std::size_t i = 1; i < list.size(); ++i) {
    CHECK(static_cast<int>(list[i - 1].severity) <= static_cast<int>(list[i].severity));
  }
  CHECK(list.front().id == "sample.below_minimum");
  CHECK(to_string(Severity::Warning) == "warning");
}
