#pragma once
/// @file
/// Applying an intervention's effect to a baseline probability or rate: one named
/// function per conversion, each with its inverse where one is needed.
///
/// **Sign convention (as WSIPP's).** A standardised mean difference d (Cohen's d,
/// Hedges' g) is signed by the direction of the *outcome*, not of benefit:
/// **d < 0 means fewer cases**. Example: 20 % of a comparison cohort leave school
/// without an upper-secondary qualification, and a programme has d = −0.2 on that
/// outcome. Under the probit rule the treated probability is
/// Φ(Φ⁻¹(0.2) − 0.2) = Φ(−0.8416 − 0.2) = 0.1488; under the D-Cox rule it is
/// logit⁻¹(logit 0.2 − 1.65·0.2) = 0.1523. Both are fewer cases. A programme that
/// *raises* a good outcome (e.g. graduation) has d > 0 on that outcome.
///
/// A probability of exactly 0 or 1 is unchanged by any finite d under both rules
/// (it is ±∞ on the probit and logit scales); the functions return it as is.
///
/// Ratios and differences never clamp: a result outside [0, 1] (a relative risk
/// or risk difference too large for the baseline) is an error, not a silent 1 or 0.
///
/// References: Sánchez-Meca, Marín-Martínez & Chacón-Moscoso (2003), "Effect-size
/// indices for dichotomized outcomes in meta-analysis", *Psychological Methods*
/// 8(4):448–467 (the Cox transform d = ln(OR)/1.65); Washington State Institute for
/// Public Policy, *Benefit-Cost Technical Documentation* (2023), §2 (effect sizes and
/// their application to base rates); Hedges & Olkin (1985), *Statistical Methods for
/// Meta-Analysis*, ch. 5 (small-sample correction). See docs/prevention_effects.md.
///
/// \test tests/cpp/prevention/effect_size_test.cpp

#include <cmath>
#include <string>
#include <utility>

#include <boost/math/distributions/normal.hpp>

#include "prevsim/econ/conversions.hpp"
#include "prevsim/err/checks.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::prevention {

/// The Cox factor of the D-Cox transform: ln(OR) = 1.65·d (Sánchez-Meca et al.
/// 2003; WSIPP). (The logistic-distribution factor π/√3 ≈ 1.81 is a different,
/// older rule and is not used here.)
inline constexpr double d_cox_factor = 1.65;

namespace internal {

/// The standard normal on Boost.Math's default (throwing) error policy.
inline const boost::math::normal_distribution<double>& standard_normal() {
  static const boost::math::normal_distribution<double> distribution(0.0, 1.0);
  return distribution;
}

/// ln(p/(1 − p)) for 0 < p < 1, accurate for small p.
inline double logit(double p) { return std::log(p) - std::log1p(-p); }

/// 1/(1 + e^−x); exact 0 or 1 in the limits, never NaN for finite x.
inline double inverse_logit(double x) {
  return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}

}  // namespace internal

/// Hedges' small-sample correction factor J = 1 − 3/(4(n₁ + n₂) − 9), so that
/// g = J·d (Hedges & Olkin 1985, eq. 5.10, with df = n₁ + n₂ − 2).
/// @param n_treatment size of the treatment group, a whole number >= 2
/// @param n_control size of the comparison group, a whole number >= 2
/// @return J within (0, 1)
/// @throw std::domain_error for a size that is not a whole number >= 2
inline double hedges_correction(double n_treatment, double n_control) {
  static constexpr const char* function = "hedges_correction";
  for (const auto& [name, n] : {std::pair<const char*, double>{"n_treatment", n_treatment},
                                std::pair<const char*, double>{"n_control", n_control}}) {
    if (!(std::isfinite(n) && n >= 2 && std::floor(n) == n)) {
      err::throw_domain_error(function, name, n, "a whole number >= 2");
    }
  }
  return 1.0 - 3.0 / (4.0 * (n_treatment + n_control) - 9.0);
}

/// Hedges' g from Cohen's d: g = J·d with J from hedges_correction.
/// @param d standardised mean difference, finite
/// @param n_treatment, n_control group sizes, whole numbers >= 2
/// @throw std::domain_error for an argument out of range
inline double hedges_g(double d, double n_treatment, double n_control) {
  static constexpr const char* function = "hedges_g";
  err::check_finite(function, "d", d);
  return hedges_correction(n_treatment, n_control) * d;
}

/// Probit (liability-threshold) rule: a probability shifted by d standard
/// deviations on the latent normal scale, p' = Φ(Φ⁻¹(p) + d). d < 0 lowers p.
/// @param probability baseline probability, within [0, 1]; 0 and 1 are returned
///        unchanged
/// @param d standardised mean difference, finite, signed by the outcome
/// @return the probability under the effect, within [0, 1]
/// @throw std::domain_error for an argument out of range
inline double apply_d_probit(double probability, double d) {
  static constexpr const char* function = "apply_d_probit";
  err::check_probability(function, "probability", probability);
  err::check_finite(function, "d", d);
  if (probability == 0.0 || probability == 1.0) return probability;
  const auto& normal = internal::standard_normal();
  return boost::math::cdf(normal, boost::math::quantile(normal, probability) + d);
}

/// The d that the probit rule needs to move @p probability to @p new_probability:
/// d = Φ⁻¹(p') − Φ⁻¹(p). Inverse of apply_d_probit.
/// @param probability, new_probability within (0, 1), exclusive
/// @throw std::domain_error for an argument out of range
inline double probit_d_from_probabilities(double probability, double new_probability) {
  static constexpr const char* function = "probit_d_from_probabilities";
  err::check_open_unit(function, "probability", probability);
  err::check_open_unit(function, "new_probability", new_probability);
  const auto& normal = internal::standard_normal();
  return boost::math::quantile(normal, new_probability) -
         boost::math::quantile(normal, probability);
}

/// WSIPP's logit ("D-Cox") rule: logit p' = logit p + 1.65·d, i.e. the odds are
/// multiplied by OR = e^(1.65·d). d < 0 lowers p.
/// @param probability baseline probability, within [0, 1]; 0 and 1 are returned
///        unchanged
/// @param d standardised mean difference, finite, signed by the outcome
/// @return the probability under the effect, within [0, 1]
/// @throw std::domain_error for an argument out of range
inline double apply_d_cox(double probability, double d) {
  static constexpr const char* function = "apply_d_cox";
  err::check_probability(function, "probability", probability);
  err::check_finite(function, "d", d);
  if (probability == 0.0 || probability == 1.0) return probability;
  // On the logit scale, so that a large |d| saturates at 0 or 1 instead of
  // overflowing e^(1.65·d).
  return internal::inverse_logit(internal::logit(probability) + d_cox_factor * d);
}

/// The d that the D-Cox rule needs to move @p probability to @p new_probability:
/// d = (logit p' − logit p)/1.65 = ln(OR)/1.65. Inverse of apply_d_cox.
/// @param probability, new_probability within (0, 1), exclusive
/// @throw std::domain_error for an argument out of range
inline double d_cox_d_from_probabilities(double probability, double new_probability) {
  static constexpr const char* function = "d_cox_d_from_probabilities";
  err::check_open_unit(function, "probability", probability);
  err::check_open_unit(function, "new_probability", new_probability);
  return (internal::logit(new_probability) - internal::logit(probability)) / d_cox_factor;
}

/// The odds ratio equivalent to d under the D-Cox rule: OR = e^(1.65·d).
/// @param d finite
/// @throw std::domain_error for a non-finite d, or one so large that OR overflows
inline double d_cox_odds_ratio(double d) {
  static constexpr const char* function = "d_cox_odds_ratio";
  err::check_finite(function, "d", d);
  const double odds_ratio = std::exp(d_cox_factor * d);
  if (!(std::isfinite(odds_ratio) && odds_ratio > 0)) {
    err::throw_domain_error(function, "d", d,
                            "small enough in magnitude for e^(1.65 d) to be finite and > 0");
  }
  return odds_ratio;
}

/// The d equivalent to an odds ratio under the D-Cox rule: d = ln(OR)/1.65
/// (Sánchez-Meca et al. 2003).
/// @param odds_ratio finite and > 0
/// @throw std::domain_error for an odds ratio out of range
inline double d_cox_d_from_odds_ratio(double odds_ratio) {
  static constexpr const char* function = "d_cox_d_from_odds_ratio";
  err::check_positive(function, "odds_ratio", odds_ratio);
  return std::log(odds_ratio) / d_cox_factor;
}

/// A probability under an odds ratio, p' = OR·p/(1 − p + OR·p); see
/// econ::apply_odds_ratio (same function, re-exported here).
using econ::apply_odds_ratio;

/// A probability under a relative risk, p' = RR·p, an error if > 1; see
/// econ::apply_relative_risk (same function, re-exported here).
using econ::apply_relative_risk;

/// A probability under an absolute risk difference: p' = p + RD. RD < 0 means
/// fewer cases. Refuses (never clamps) when p + RD leaves [0, 1].
/// @param probability baseline probability, within [0, 1]
/// @param risk_difference within [−1, 1]
/// @return a probability in [0, 1]
/// @throw std::domain_error for an argument out of range, or when p + RD is
///        outside [0, 1]
inline double apply_risk_difference(double probability, double risk_difference) {
  static constexpr const char* function = "apply_risk_difference";
  err::check_probability(function, "probability", probability);
  err::check_bounded(function, "risk_difference", risk_difference, -1.0, 1.0);
  const double result = probability + risk_difference;
  if (!(result >= 0.0 && result <= 1.0)) {
    err::throw_domain_error(function,
                            "probability + risk_difference (" + err::format_value(probability) +
                                " + " + err::format_value(risk_difference) + ")",
                            result,
                            "within [0, 1] (this risk difference cannot apply to this "
                            "probability; use an odds ratio or a relative risk instead)");
  }
  return result;
}

/// An event rate under a rate ratio: r' = RR·r.
/// @param rate events per person-year (or any time unit), finite and >= 0
/// @param rate_ratio finite and >= 0
/// @return a rate >= 0
/// @throw std::domain_error for an argument out of range, or an overflowing product
inline double apply_rate_ratio(double rate, double rate_ratio) {
  static constexpr const char* function = "apply_rate_ratio";
  err::check_nonnegative(function, "rate", rate);
  err::check_nonnegative(function, "rate_ratio", rate_ratio);
  const double result = rate * rate_ratio;
  if (!std::isfinite(result)) {
    err::throw_domain_error(function,
                            "rate * rate_ratio (" + err::format_value(rate) + " * " +
                                err::format_value(rate_ratio) + ")",
                            result, "finite");
  }
  return result;
}

}  // namespace prevsim::prevention
