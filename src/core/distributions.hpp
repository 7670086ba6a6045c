// The probability distributions the statistics need, accurate to ~1e-9 over the ranges used.
#pragma once

namespace csatkit {

double normal_cdf(double z);
// Inverse of normal_cdf for p in (0, 1).
double normal_quantile(double p);
// Two-sided critical value for a confidence level: z(0.95) = 1.959964.
double normal_critical(double confidence);
double student_t_cdf(double t, double degrees_of_freedom);
// Two-sided critical value of Student's t: t(0.95, 9) = 2.262157.
double student_t_critical(double confidence, double degrees_of_freedom);

}  // namespace csatkit
