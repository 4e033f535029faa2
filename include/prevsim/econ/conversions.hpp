#pragma once
/// @file
/// Conversions between rates, probabilities and odds, and the application of
/// relative risks and odds ratios: the helper formulas of a cohort model.
///
/// Each is a plain function of doubles (so that the cohort engine's expression
/// language can call it by name), checks its arguments with the err checks and
/// names itself in its messages. Conventions (Briggs, Claxton & Sculpher 2006,
/// *Decision Modelling for Health Economic Evaluation*, §3.2; Fleurence &
/// Hollenbeak 2007, *PharmacoEconomics* 25(1):3–6):
///  - a rate r is an instantaneous hazard per unit of time, assumed constant
///    over the interval;
///  - a probability is the chance that the event happens at least once within
///    an interval of length t (same time unit as the rate);
///  - odds o = p/(1 − p).
/// Formulas use expm1/log1p, so small rates and probabilities keep full
/// relative precision.
///
/// \test tests/cpp/econ/conversions_test.cpp

#include <cmath>
#include <string>

#include "prevsim/err/checks.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::econ {

/// Probability that an event with constant rate @p rate happens within a time
/// @p time: p = 1 − exp(−r·t).
/// @param rate events per unit of time, finite and >= 0
/// @param time length of the interval, in the rate's time unit, finite and >= 0
/// @return a probability in [0, 1]
/// @throw std::domain_error for a negative or non-finite argument
inline double rate_to_probability(double rate, double time = 1.0) {
  static constexpr const char* function = "rate_to_probability";
  err::check_nonnegative(function, "rate", rate);
  err::check_nonnegative(function, "time", time);
  return -std::expm1(-rate * time);
}

/// The constant rate that gives probability @p probability over a time @p time:
/// r = −ln(1 − p)/t.
/// @param probability within [0, 1) (p = 1 would need an infinite rate)
/// @param time length of the interval, finite and > 0
/// @return a rate per unit of time, >= 0
/// @throw std::domain_error for an argument out of range
inline double probability_to_rate(double probability, double time = 1.0) {
  static constexpr const char* function = "probability_to_rate";
  if (!(probability >= 0 && probability < 1)) {
    err::throw_domain_error(function, "probability", probability,
                            "within [0, 1) (a probability of 1 has no finite rate)");
  }
  err::check_positive(function, "time", time);
  return -std::log1p(-probability) / time;
}

/// Odds of an event with probability @p probability: o = p/(1 − p).
/// @param probability within [0, 1)
/// @throw std::domain_error for a probability outside [0, 1)
inline double probability_to_odds(double probability) {
  static constexpr const char* function = "probability_to_odds";
  if (!(probability >= 0 && probability < 1)) {
    err::throw_domain_error(function, "probability", probability,
                            "within [0, 1) (a probability of 1 has infinite odds)");
  }
  return probability / (1.0 - probability);
}

/// Probability of an event with odds @p odds: p = o/(1 + o).
/// @param odds finite and >= 0
/// @throw std::domain_error for negative or non-finite odds
inline double odds_to_probability(double odds) {
  static constexpr const char* function = "odds_to_probability";
  err::check_nonnegative(function, "odds", odds);
  return odds / (1.0 + odds);
}

/// A probability under a relative risk: p' = p·RR.
///
/// Only valid while p·RR <= 1; beyond that the relative risk cannot hold for
/// this baseline, and the function refuses instead of capping at 1 (apply the
/// effect to a rate, or use an odds ratio, if the model needs large effects).
/// @param probability baseline probability, within [0, 1]
/// @param relative_risk finite and >= 0
/// @throw std::domain_error for an argument out of range, or when p·RR > 1
inline double apply_relative_risk(double probability, double relative_risk) {
  static constexpr const char* function = "apply_relative_risk";
  err::check_probability(function, "probability", probability);
  err::check_nonnegative(function, "relative_risk", relative_risk);
  const double result = probability * relative_risk;
  if (result > 1.0) {
    err::throw_domain_error(
        function,
        "probability * relative_risk (" + err::format_value(probability) + " * " +
            err::format_value(relative_risk) + ")",
        result,
        "at most 1 (a relative risk this large cannot apply to this probability; apply it "
        "to a rate or use an odds ratio instead)");
  }
  return result;
}

/// A probability under an odds ratio: the odds p/(1 − p) are multiplied by OR
/// and turned back into a probability, in the form that also holds at p = 1:
/// p' = OR·p / (1 − p + OR·p).
/// @param probability baseline probability, within [0, 1]
/// @param odds_ratio finite and > 0
/// @return a probability in [0, 1]
/// @throw std::domain_error for an argument out of range
inline double apply_odds_ratio(double probability, double odds_ratio) {
  static constexpr const char* function = "apply_odds_ratio";
  err::check_probability(function, "probability", probability);
  err::check_positive(function, "odds_ratio", odds_ratio);
  const double numerator = odds_ratio * probability;
  // The denominator is 1 + p(OR − 1), between min(1, OR) and max(1, OR): > 0.
  return numerator / ((1.0 - probability) + numerator);
}

/// Rescales a probability from a cycle of length @p from_time to one of length
/// @p to_time under a constant rate: r = −ln(1 − p)/t₁, p' = 1 − exp(−r·t₂),
/// i.e. p' = 1 − (1 − p)^(t₂/t₁). (Dividing p by t₁/t₂ is wrong whenever
/// p is not small.)
/// @param probability over from_time, within [0, 1] (1 stays 1)
/// @param from_time the length p refers to, finite and > 0
/// @param to_time the new length, finite and > 0, in the same unit
/// @throw std::domain_error for an argument out of range
inline double rescale_probability(double probability, double from_time, double to_time) {
  static constexpr const char* function = "rescale_probability";
  err::check_probability(function, "probability", probability);
  err::check_positive(function, "from_time", from_time);
  err::check_positive(function, "to_time", to_time);
  // log1p(−1) = −inf, and −expm1(−inf) = 1: a certain event stays certain.
  return -std::expm1(std::log1p(-probability) * (to_time / from_time));
}

}  // namespace prevsim::econ
