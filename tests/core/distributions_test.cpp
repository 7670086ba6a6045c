#include "core/distributions.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace csatkit;

TEST_CASE("normal_cdf matches the standard normal table") {
  // Python: statistics.NormalDist().cdf(z).
  CHECK(normal_cdf(0) == Approx(0.5).margin(1e-15));
  CHECK(normal_cdf(1.959963984540054) == Approx(0.975).margin(1e-12));
  CHECK(normal_cdf(-1) == Approx(0.15865525393145705).margin(1e-14));
  CHECK(normal_cdf(2.5) == Approx(0.9937903346742238).margin(1e-14));
  // Far tail keeps relative precision (erfc based): Python NormalDist().cdf(-10) = 7.619853024160527e-24.
  CHECK(normal_cdf(-10) == Approx(7.619853024160527e-24).epsilon(1e-12));
}

TEST_CASE("normal_quantile inverts the cdf to full precision") {
  // Python: statistics.NormalDist().inv_cdf(p).
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).margin(1e-12));
  CHECK(normal_quantile(0.5) == Approx(0).margin(1e-15));
  CHECK(normal_quantile(0.9) == Approx(1.2815515655446004).margin(1e-12));
  CHECK(normal_quantile(1e-9) == Approx(-5.997807015007687).margin(1e-11));      // Acklam's tail region
  CHECK(normal_quantile(0.999) == Approx(3.090232306167813).margin(1e-12));
  CHECK(normal_quantile(1e-20) == Approx(-9.262340089798408).margin(1e-10));     // mpmath: sqrt(2)*erfinv(2p-1)
  for (double p : {1e-6, 0.01, 0.02425, 0.2, 0.6, 0.97575, 0.995}) {
    CHECK(normal_cdf(normal_quantile(p)) == Approx(p).epsilon(1e-13));
  }
}

TEST_CASE("normal_quantile outside (0, 1) gives infinities at the ends and NaN beyond") {
  CHECK(normal_quantile(0) == -std::numeric_limits<double>::infinity());
  CHECK(normal_quantile(1) == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(normal_quantile(-0.1)));
  CHECK(std::isnan(normal_quantile(1.5)));
  CHECK(std::isnan(normal_quantile(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("normal_critical is the two-sided z") {
  // Textbook z values; Python: NormalDist().inv_cdf(1 - (1 - c) / 2).
  CHECK(normal_critical(0.95) == Approx(1.959963984540054).margin(1e-12));
  CHECK(normal_critical(0.99) == Approx(2.5758293035489004).margin(1e-12));
  CHECK(normal_critical(0.80) == Approx(1.2815515655446004).margin(1e-12));
  CHECK(normal_critical(0.9999) == Approx(3.890591886413094).margin(1e-10));
  CHECK(std::isnan(normal_critical(0)));
  CHECK(std::isnan(normal_critical(1)));
  CHECK(std::isnan(normal_critical(95)));
}

TEST_CASE("student_t_cdf agrees with closed forms and the incomplete beta") {
  // df = 1 is Cauchy: F(t) = 1/2 + atan(t)/π. df = 2: F(t) = 1/2 + t / (2·sqrt(2 + t²)).
  for (double t : {-30.0, -1.5, -0.2, 0.0, 0.7, 3.0, 100.0}) {
    CHECK(student_t_cdf(t, 1) == Approx(0.5 + std::atan(t) / 3.141592653589793).margin(1e-14));
    CHECK(student_t_cdf(t, 2) == Approx(0.5 + t / (2 * std::sqrt(2 + t * t))).margin(1e-14));
  }
  // mpmath 1.3: 1 - betainc(5/2, 1/2, 0, 5/(5+4), regularized=True)/2 = 0.949030260585070815…
  CHECK(student_t_cdf(2, 5) == Approx(0.9490302605850708).margin(1e-14));
  // Non-integer df, lower tail: mpmath betainc(2.25, 1/2, 0, 4.5/13.5, regularized=True)/2.
  CHECK(student_t_cdf(-3, 4.5) == Approx(0.01719043394437981).epsilon(1e-12));
  // Table: t(0.975, 9) = 2.262157 → F = 0.975.
  CHECK(student_t_cdf(2.262157, 9) == Approx(0.975).margin(1e-7));
}

TEST_CASE("student_t_cdf tends to the normal and handles its domain") {
  CHECK(student_t_cdf(1.959963984540054, std::numeric_limits<double>::infinity()) == Approx(0.975).margin(1e-14));
  // Either side of the large-df switch (continued fraction below 1e7, Edgeworth above). Reference:
  // mpmath quad of the t density from 2.5 to ∞ at 30 digits (lgamma-normalised).
  CHECK(student_t_cdf(-2.5, 9.9e6) == Approx(0.006209673348516660).epsilon(1e-9));
  CHECK(student_t_cdf(-2.5, 1.01e7) == Approx(0.006209673189650473).epsilon(1e-9));
  CHECK(student_t_cdf(-2.5, 1e12) == Approx(0.006209665325855560).epsilon(1e-12));
  CHECK(std::isnan(student_t_cdf(1, 0)));
  CHECK(std::isnan(student_t_cdf(1, -3)));
  CHECK(std::isnan(student_t_cdf(std::numeric_limits<double>::quiet_NaN(), 3)));
  CHECK(student_t_cdf(std::numeric_limits<double>::infinity(), 3) == 1);
}

TEST_CASE("student_t_critical matches the t table") {
  // Published two-sided t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
  CHECK(student_t_critical(0.95, 9) == Approx(2.262157).margin(1e-6));
  CHECK(student_t_critical(0.95, 1) == Approx(12.7062).margin(1e-4));
  CHECK(student_t_critical(0.99, 30) == Approx(2.749996).margin(1e-6));
  CHECK(student_t_critical(0.90, 5) == Approx(2.015048).margin(1e-6));
  CHECK(student_t_critical(0.99, 9) == Approx(3.249836).margin(1e-6));
  CHECK(student_t_critical(0.95, 2) == Approx(4.302653).margin(1e-6));
  CHECK(student_t_critical(0.95, 100) == Approx(1.983972).margin(1e-6));
  CHECK(student_t_critical(0.9999, 1) == Approx(6366.198).margin(1e-3));  // tan(π·0.9999/2)
  CHECK(student_t_critical(0.999, 3) == Approx(12.924).margin(1e-3));
  // mpmath: findroot of betainc(3/2, 1/2, 0, 3/(3+t²), regularized=True)/2 = 0.00005 → 28.0001300109…
  CHECK(student_t_critical(0.9999, 3) == Approx(28.00013001095).margin(1e-9));
}

TEST_CASE("student_t_critical inverts student_t_cdf and tends to z") {
  for (double df : {1.0, 2.0, 3.0, 7.5, 29.0, 1000.0, 1e6}) {
    for (double confidence : {0.5, 0.9, 0.95, 0.999}) {
      const double t = student_t_critical(confidence, df);
      CHECK(student_t_cdf(t, df) == Approx(1 - (1 - confidence) / 2).epsilon(1e-11));
    }
  }
  const double z = normal_critical(0.95);
  CHECK(student_t_critical(0.95, std::numeric_limits<double>::infinity()) == z);
  // Cornish–Fisher first term beyond the switch: t ≈ z + (z³ + z)/(4ν).
  CHECK(student_t_critical(0.95, 1e8) == Approx(z + (z * z * z + z) / 4e8).margin(1e-13));
  // Either side of the switch; mpmath findroot on the quad-integrated tail.
  CHECK(student_t_critical(0.95, 9.99e6) == Approx(1.9599642220046698).margin(1e-12));
  CHECK(student_t_critical(0.95, 1.001e7) == Approx(1.9599642215302149).margin(1e-12));
  CHECK(std::isnan(student_t_critical(1.0, 5)));
  CHECK(std::isnan(student_t_critical(0.95, 0)));
}

TEST_CASE("regularized_incomplete_beta agrees with the binomial identity") {
  // For integer a, b: I_x(a, b) = P(Binomial(a+b−1, x) ≥ a). Python:
  // sum(comb(4,j) * 0.3**j * 0.7**(4-j) for j in range(2,5)) = 0.3483.
  CHECK(regularized_incomplete_beta(0.3, 2, 3) == Approx(0.3483).margin(1e-14));
  // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1−x)^b.
  CHECK(regularized_incomplete_beta(0.42, 1, 1) == Approx(0.42).margin(1e-15));
  CHECK(regularized_incomplete_beta(0.8, 7, 1) == Approx(std::pow(0.8, 7)).margin(1e-15));
  CHECK(regularized_incomplete_beta(0.1, 1, 30) == Approx(1 - std::pow(0.9, 30)).margin(1e-14));
  // mpmath betainc(5, 0.5, 0, 0.9, regularized=True) = 0.316642915020012312…
  CHECK(regularized_incomplete_beta(0.9, 5, 0.5) == Approx(0.3166429150200123).margin(1e-14));
  CHECK(regularized_incomplete_beta(0, 2, 3) == 0);
  CHECK(regularized_incomplete_beta(1, 2, 3) == 1);
  CHECK(std::isnan(regularized_incomplete_beta(1.1, 2, 3)));
  CHECK(std::isnan(regularized_incomplete_beta(0.5, 0, 3)));
}
