#include "core/sample_size.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/distributions.hpp"
#include "core/intervals.hpp"

namespace csatkit {

namespace {

// More responses than this is no plan anyone can run, and beyond 2^53 counts stop being exact.
constexpr double kMaxResponses = 1e15;

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

// ceil() that ignores floating-point noise above an integer: 601 / 0.1 must be 6010, not 6011.
std::uint64_t ceil_count(double value) {
  return static_cast<std::uint64_t>(std::ceil(value * (1 - 1e-12)));
}

Status check_expected_percent(double expected_percent) {
  if (!(expected_percent >= 0 && expected_percent <= 100)) {
    return Error{"args.expected", "expected_percent",
                 "the expected % must be between 0 and 100, got " + format_number(expected_percent)};
  }
  return Ok{};
}

Status check_population(std::optional<std::uint64_t> population) {
  if (population && *population == 0) {
    return Error{"args.population", "population", "the population (customer base) must be at least 1"};
  }
  return Ok{};
}

}  // namespace

Result<SamplePlan> responses_needed(const SamplePlanInput& input) {
  if (!(input.margin_points > 0 && input.margin_points <= 100)) {
    return Error{"args.margin", "margin_points",
                 "the margin of error must be more than 0 and at most 100 points, got " +
                     format_number(input.margin_points)};
  }
  if (Status status = check_expected_percent(input.expected_percent); !status) return status.error();
  if (Status status = check_confidence(input.confidence); !status) return status.error();
  if (Status status = check_population(input.population); !status) return status.error();
  if (input.response_rate && !(*input.response_rate > 0 && *input.response_rate <= 1)) {
    return Error{"args.response_rate", "response_rate",
                 "the response rate must be more than 0 and at most 1 (e.g. 0.2 for 20%), got " +
                     format_number(*input.response_rate)};
  }

  const double z = normal_critical(input.confidence);
  const double p = input.expected_percent / 100;
  const double margin = input.margin_points / 100;
  double responses = z * z * p * (1 - p) / (margin * margin);
  // The finite-population correction takes the unrounded n0: rounding first overstates n
  // (±3 at 80% with N = 5,000 is 601, not 602).
  if (input.population) {
    const double population = static_cast<double>(*input.population);
    responses = responses / (1 + (responses - 1) / population);
  }
  if (!(responses <= kMaxResponses)) {
    return Error{"args.margin", "margin_points",
                 "a margin of " + format_number(input.margin_points) + " points needs more responses than can be collected"};
  }
  SamplePlan plan;
  // At an expected 0% or 100% the formula asks for none; one response is still needed to measure.
  plan.responses = std::max<std::uint64_t>(1, ceil_count(responses));
  if (input.response_rate) {
    plan.invitations = ceil_count(static_cast<double>(plan.responses) / *input.response_rate);
  }
  return plan;
}

Result<double> margin_for_responses(std::uint64_t n, double expected_percent, double confidence,
                                    std::optional<std::uint64_t> population) {
  if (n == 0) return Error{"args.responses", "responses", "the number of responses must be at least 1"};
  if (Status status = check_expected_percent(expected_percent); !status) return status.error();
  if (Status status = check_confidence(confidence); !status) return status.error();
  if (Status status = check_population(population); !status) return status.error();
  if (population && n > *population) {
    return Error{"args.population", "population",
                 "there cannot be more responses (" + std::to_string(n) + ") than customers in the population (" +
                     std::to_string(*population) + ")"};
  }
  const double p = expected_percent / 100;
  const double responses = static_cast<double>(n);
  double margin = normal_critical(confidence) * std::sqrt(p * (1 - p) / responses);
  if (population) {
    // Asking everyone (n = N) leaves no sampling error; N = 1 would otherwise divide 0 by 0.
    const double size = static_cast<double>(*population);
    margin *= n == *population ? 0.0 : std::sqrt((size - responses) / (size - 1));
  }
  return 100 * margin;
}

}  // namespace csatkit
