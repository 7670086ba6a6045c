#include "core/significance.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace csatkit;

// Reference for the proportion tests (Python 3, stdlib): pooled p = (x_a + x_b)/(n_a + n_b),
// se = sqrt(p(1−p)(1/n_a + 1/n_b)), z = (p_b − p_a)/se, p = math.erfc(|z|/sqrt(2)).

TEST_CASE("two-proportion z-test matches the worked example") {
  const Comparison test = two_proportion_test(600, 1000, 540, 1000, 0.95);
  CHECK(test.difference == Approx(-6.0).margin(1e-9));
  CHECK(test.z == Approx(-2.71).margin(0.005));
  CHECK(test.z == Approx(-2.709970709891529).margin(1e-9));
  CHECK(test.p_value == Approx(0.0067).margin(0.00005));
  CHECK(test.p_value == Approx(0.0067289150059202715).epsilon(1e-9));
  CHECK(test.p_adjusted == test.p_value);
  CHECK(test.significant);
  CHECK(test.confidence == 0.95);
  CHECK(test.verdict == "significant at 95%");

  // The same data at 99.9% is not significant (p 0.0067 > 0.001).
  const Comparison strict = two_proportion_test(600, 1000, 540, 1000, 0.999);
  CHECK_FALSE(strict.significant);
  CHECK(strict.verdict == "within noise");
}

TEST_CASE("two-proportion z-test: an improvement within noise, and a large-sample one") {
  // 80/100 → 88/100: Python z = 1.543033, p = 0.122823.
  const Comparison small = two_proportion_test(80, 100, 88, 100, 0.95);
  CHECK(small.difference == Approx(8.0).margin(1e-9));
  CHECK(small.z == Approx(1.5430334996209183).margin(1e-9));
  CHECK(small.p_value == Approx(0.1228226481013927).epsilon(1e-9));
  CHECK_FALSE(small.significant);
  CHECK(small.verdict == "within noise");

  // 5000/10000 → 5300/10000: Python z = 4.244551, p = 2.190314e-05 (small p keeps its digits).
  const Comparison big = two_proportion_test(5000, 10000, 5300, 10000, 0.99);
  CHECK(big.z == Approx(4.2445511650978895).margin(1e-9));
  CHECK(big.p_value == Approx(2.1903138841945475e-05).epsilon(1e-9));
  CHECK(big.verdict == "significant at 99%");
}

TEST_CASE("two-proportion z-test edge cases") {
  const Comparison empty = two_proportion_test(0, 0, 540, 1000, 0.95);
  CHECK(std::isnan(empty.p_value));
  CHECK(std::isnan(empty.p_adjusted));
  CHECK(std::isnan(empty.z));
  CHECK_FALSE(empty.significant);
  CHECK(empty.verdict == "not enough data");
  CHECK(two_proportion_test(5, 10, 0, 0, 0.95).verdict == "not enough data");

  // Everyone satisfied in both periods: no variance, no evidence of change.
  const Comparison identical = two_proportion_test(50, 50, 80, 80, 0.95);
  CHECK(identical.difference == 0);
  CHECK(identical.z == 0);
  CHECK(identical.p_value == 1);
  CHECK_FALSE(identical.significant);
}

TEST_CASE("NPS difference test uses adjusted Wald proportions and plain NPS difference") {
  // a = 200/120/80 (NPS 30), b = 260/100/40 (NPS 55). Python: for each group n' = n + 3,
  // p' = (promoters + 0.75)/n', d' = (detractors + 0.75)/n', s = p' − d', var = p' + d' − s²;
  // z = (s_b − s_a)/sqrt(var_a/n'_a + var_b/n'_b) = 4.838383, p = erfc(z/√2) = 1.308995e-06.
  const Comparison test = nps_difference_test({200, 120, 80}, {260, 100, 40}, 0.95);
  CHECK(test.difference == Approx(25.0).margin(1e-9));
  CHECK(test.z == Approx(4.838383304971437).margin(1e-9));
  CHECK(test.p_value == Approx(1.308995141436168e-06).epsilon(1e-8));
  CHECK(test.significant);
  CHECK(test.verdict == "significant at 95%");

  // a = 50/30/20, b = 55/25/20: same Python, z = 0.443035, p = 0.657740.
  const Comparison noise = nps_difference_test({50, 30, 20}, {55, 25, 20}, 0.95);
  CHECK(noise.difference == Approx(5.0).margin(1e-9));
  CHECK(noise.z == Approx(0.4430352178821261).margin(1e-9));
  CHECK(noise.p_value == Approx(0.6577402614195489).epsilon(1e-9));
  CHECK(noise.verdict == "within noise");

  const Comparison empty = nps_difference_test({0, 0, 0}, {1, 0, 0}, 0.95);
  CHECK(std::isnan(empty.p_value));
  CHECK(empty.verdict == "not enough data");
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Comparison with_p_value(double p_value, double confidence = 0.95) {
  return {0, 0, p_value, p_value, false, confidence, ""};
}

}  // namespace

TEST_CASE("Holm adjustment on a hand-worked family keeps the original order") {
  // By hand, m = 3: sorted 0.01, 0.03, 0.04 → 3·0.01 = 0.03, 2·0.03 = 0.06, max(0.06, 1·0.04) = 0.06.
  // Back in the original order (0.01, 0.04, 0.03): 0.03, 0.06, 0.06.
  std::vector<Comparison> family = {with_p_value(0.01), with_p_value(0.04), with_p_value(0.03)};
  holm_adjust(family);
  CHECK(family[0].p_adjusted == Approx(0.03).margin(1e-15));
  CHECK(family[1].p_adjusted == Approx(0.06).margin(1e-15));
  CHECK(family[2].p_adjusted == Approx(0.06).margin(1e-15));
  CHECK(family[0].p_value == 0.01);  // raw p-values untouched
  CHECK(family[0].significant);
  CHECK(family[0].verdict == "significant at 95%");
  CHECK_FALSE(family[1].significant);
  CHECK(family[1].verdict == "within noise");
  CHECK_FALSE(family[2].significant);
}

TEST_CASE("Holm adjustment caps at 1, ties, and ignores untested comparisons") {
  // By hand, m = 4 tested (the NaN one is not): sorted 0.005, 0.2, 0.2, 0.6 times 4, 3, 2, 1 →
  // 0.02, 0.6, 0.4, 0.6; the running maximum makes them 0.02, 0.6, 0.6, 0.6.
  std::vector<Comparison> family = {with_p_value(0.6), with_p_value(0.2),
                                    Comparison{kNaN, kNaN, kNaN, kNaN, false, 0.95, "not enough data"},
                                    with_p_value(0.005), with_p_value(0.2)};
  holm_adjust(family);
  CHECK(family[0].p_adjusted == Approx(0.6).margin(1e-15));
  CHECK(family[1].p_adjusted == Approx(0.6).margin(1e-15));
  CHECK(std::isnan(family[2].p_adjusted));
  CHECK(family[2].verdict == "not enough data");
  CHECK(family[3].p_adjusted == Approx(0.02).margin(1e-15));
  CHECK(family[3].significant);
  CHECK(family[4].p_adjusted == Approx(0.6).margin(1e-15));

  // By hand, m = 2: 2·0.7 = 1.4 → capped at 1; then max(1, 0.9) = 1.
  std::vector<Comparison> weak = {with_p_value(0.9), with_p_value(0.7)};
  holm_adjust(weak);
  CHECK(weak[0].p_adjusted == 1);
  CHECK(weak[1].p_adjusted == 1);

  // A family of one is unchanged.
  std::vector<Comparison> single = {with_p_value(0.03, 0.99)};
  holm_adjust(single);
  CHECK(single[0].p_adjusted == Approx(0.03).margin(1e-15));
  CHECK_FALSE(single[0].significant);  // 0.03 > 1 − 0.99
}

TEST_CASE("verdict_text prints the level without trailing zeros") {
  CHECK(verdict_text(true, 0.95) == "significant at 95%");
  CHECK(verdict_text(true, 0.99) == "significant at 99%");
  CHECK(verdict_text(true, 0.999) == "significant at 99.9%");
  CHECK(verdict_text(true, 0.9999) == "significant at 99.99%");
  CHECK(verdict_text(true, 0.8) == "significant at 80%");
  CHECK(verdict_text(true, 0.955) == "significant at 95.5%");
  CHECK(verdict_text(false, 0.95) == "within noise");
}
