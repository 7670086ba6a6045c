// The probability distributions the statistics need, accurate to ~1e-9 over the ranges used.
// Arguments outside a function's domain give NaN (the core never throws).
#pragma once

namespace csatkit {

// Standard normal P(Z ≤ z).
double normal_cdf(double z);
// Inverse of normal_cdf for p in (0, 1); ±infinity at 0 and 1.
double normal_quantile(double p);
// Two-sided critical value for a confidence level in (0, 1): z(0.95) = 1.959964.
double normal_critical(double confidence);
// Student's t P(T ≤ t) for degrees_of_freedom > 0 (not necessarily an integer; infinity → normal).
double student_t_cdf(double t, double degrees_of_freedom);
// Two-sided critical value of Student's t: t(0.95, 9) = 2.262157.
double student_t_critical(double confidence, double degrees_of_freedom);
// The regularized incomplete beta function I_x(a, b) for x in [0, 1], a, b > 0.
double regularized_incomplete_beta(double x, double a, double b);

}  // namespace csatkit
