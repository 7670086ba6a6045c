#include "core/distributions.hpp"

#include <cmath>
#include <limits>

namespace csatkit {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

// Above this many degrees of freedom the incomplete-beta continued fraction's rounding (about
// df·1e-16 relative) outgrows the error of the Edgeworth/Cornish–Fisher corrections to the
// normal (O(1/df²)); at the switch both are ~1e-10 relative, well inside the 1e-9 promised.
constexpr double kLargeDegreesOfFreedom = 1e7;

double normal_density(double z) { return std::exp(-0.5 * z * z) / kSqrt2Pi; }

// Acklam's rational approximation (relative error < 1.15e-9), polished by normal_quantile.
double acklam_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  if (p < p_low) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - p_low) {
    const double q = std::sqrt(-2 * std::log1p(-p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// ln Γ(x) − (Stirling's main terms): the 1/(12x) − 1/(360x³) + … tail, accurate for x ≥ 10.
double stirling_tail(double x) {
  const double inv = 1 / x;
  const double inv2 = inv * inv;
  return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 / 1188))));
}

// ln B(a, b). For a large parameter, lgamma(a) − lgamma(a+b) would cancel catastrophically
// (both ~a·ln a); Stirling's series gives the difference directly.
double log_beta(double a, double b) {
  if (a < b) return log_beta(b, a);
  if (a < 10) return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  // lgamma(a) − lgamma(a+b) = −(a−½)·ln(1+b/a) − b·ln(a+b) + b + tail(a) − tail(a+b)
  const double difference =
      -(a - 0.5) * std::log1p(b / a) - b * std::log(a + b) + b + stirling_tail(a) - stirling_tail(a + b);
  return std::lgamma(b) + difference;
}

// Continued fraction for I_x(a, b) (modified Lentz), converging fast for x < (a+1)/(a+b+2).
// Near that boundary with a large a its odd terms cancel to ~a·1e-16 relative, which is why
// the t distribution switches to expansions beyond kLargeDegreesOfFreedom.
double incomplete_beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300;
  constexpr double epsilon = 1e-16;
  constexpr int max_terms = 100000;
  double c = 1;
  double d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double fraction = d;
  for (int m = 1; m <= max_terms; ++m) {
    const double m2 = 2.0 * m;
    // Even step.
    double coefficient = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + coefficient * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + coefficient / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    fraction *= d * c;
    // Odd step.
    coefficient = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + coefficient * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + coefficient / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    fraction *= delta;
    if (std::fabs(delta - 1) < epsilon) break;
  }
  return fraction;
}

// I_x(a, b) with y = 1 − x given separately, so callers that know 1 − x exactly (the t
// distribution's t²/(ν+t²)) keep full precision in both tails.
double incomplete_beta(double a, double b, double x, double y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  // Take the log of whichever of x, y is not close to 1 directly and the other through log1p:
  // with a ~ 10⁶ degrees of freedom, a·ln(x) would otherwise magnify x's rounding a millionfold.
  const double log_x = x < 0.5 ? std::log(x) : std::log1p(-y);
  const double log_y = y < 0.5 ? std::log(y) : std::log1p(-x);
  const double log_front = a * log_x + b * log_y - log_beta(a, b);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * incomplete_beta_fraction(a, b, x) / a;
  return 1 - std::exp(log_front) * incomplete_beta_fraction(b, a, y) / b;
}

// P(T > t) for t ≥ 0, computed directly (not as 1 − cdf) so small tails keep their precision.
double student_t_upper_tail(double t, double df) {
  if (df > kLargeDegreesOfFreedom) {
    // Edgeworth expansion: P(T ≤ t) ≈ Φ(t) − φ(t)·(t³ + t)/(4ν).
    return 0.5 * std::erfc(t / kSqrt2) + normal_density(t) * (t * t * t + t) / (4 * df);
  }
  const double t2 = t * t;
  // x = ν/(ν+t²) and 1 − x = t²/(ν+t²), both formed without subtraction.
  const double x = df / (df + t2);
  const double y = t2 / (df + t2);
  return 0.5 * incomplete_beta(df / 2, 0.5, x, y);
}

double student_t_density(double t, double df) {
  return std::exp(-(df + 1) / 2 * std::log1p(t * t / df) - 0.5 * std::log(df) - log_beta(df / 2, 0.5));
}

}  // namespace

double normal_cdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

double normal_quantile(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return kNaN;
  if (p == 0) return -kInfinity;
  if (p == 1) return kInfinity;
  double z = acklam_quantile(p);
  // One Halley step on Φ(z) − p takes Acklam's 1e-9 to full double precision. In the upper
  // half the error is measured on the upper tail to avoid cancellation in Φ(z) − p.
  const double error = (p < 0.5) ? normal_cdf(z) - p : (1 - p) - 0.5 * std::erfc(z / kSqrt2);
  const double u = error * kSqrt2Pi * std::exp(0.5 * z * z);
  if (std::isfinite(u)) z -= u / (1 + 0.5 * z * u);  // exp overflows only for p < 1e-308
  return z;
}

double normal_critical(double confidence) {
  if (!(confidence > 0 && confidence < 1)) return kNaN;
  // −Φ⁻¹(α/2) rather than Φ⁻¹(1 − α/2): the small tail probability is exact in floating point.
  return -normal_quantile((1 - confidence) / 2);
}

double student_t_cdf(double t, double degrees_of_freedom) {
  if (std::isnan(t) || std::isnan(degrees_of_freedom) || degrees_of_freedom <= 0) return kNaN;
  if (std::isinf(degrees_of_freedom)) return normal_cdf(t);
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  const double tail = student_t_upper_tail(std::fabs(t), degrees_of_freedom);
  return t >= 0 ? 1 - tail : tail;
}

double student_t_critical(double confidence, double degrees_of_freedom) {
  if (!(confidence > 0 && confidence < 1)) return kNaN;
  if (std::isnan(degrees_of_freedom) || degrees_of_freedom <= 0) return kNaN;
  const double z = normal_critical(confidence);
  if (std::isinf(degrees_of_freedom)) return z;
  const double df = degrees_of_freedom;
  if (df > kLargeDegreesOfFreedom) {
    // Cornish–Fisher expansion of the t quantile in powers of 1/ν; error O(1/ν⁴).
    const double z2 = z * z;
    const double g1 = (z2 + 1) * z / 4;
    const double g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
    const double g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
    return z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
  }
  // Closed forms for the heaviest tails, where Newton from the normal guess is slowest.
  if (df == 1) return std::tan(kPi * confidence / 2);
  if (df == 2) {
    const double alpha = 1 - confidence;
    return (1 - alpha) / std::sqrt(alpha * (2 - alpha) / 2);
  }

  // Solve P(T > t) = α/2. t ≥ z always (t has heavier tails), so bracket [z, hi] and run Newton
  // on ln P(T > t) against ln t — nearly linear for heavy tails, convex for light ones —
  // falling back to bisection whenever a step leaves the bracket.
  const double target = std::log((1 - confidence) / 2);
  double low = z;
  double high = 2 * z;
  while (std::log(student_t_upper_tail(high, df)) > target) {
    low = high;
    high *= 2;
  }
  double t = low;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double tail = student_t_upper_tail(t, df);
    const double residual = std::log(tail) - target;
    if (residual > 0) low = t; else high = t;
    const double slope = -student_t_density(t, df) * t / tail;  // d ln P / d ln t
    double next = t * std::exp(-residual / slope);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (std::fabs(next - t) <= 1e-15 * t) return next;
    t = next;
  }
  return t;
}

double regularized_incomplete_beta(double x, double a, double b) {
  if (std::isnan(x) || std::isnan(a) || std::isnan(b) || a <= 0 || b <= 0 || x < 0 || x > 1) return kNaN;
  return incomplete_beta(a, b, x, 1 - x);
}

}  // namespace csatkit
