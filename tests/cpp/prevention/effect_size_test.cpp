// Tests for include/prevsim/prevention/effect_size.hpp: the probit and D-Cox rules
// for a standardised mean difference, their inverses, Hedges' correction, and odds
// ratios, relative risks, risk differences and rate ratios, against independent
// values and every error message.
//
// Expected values were computed outside prevsim with Python 3 and SciPy 1.17.1:
//   probit:  scipy.stats.norm.cdf(norm.ppf(p) + d)
//   D-Cox:   x = math.log(p/(1-p)) + 1.65*d;  1/(1 + math.exp(-x))
//   inverse: norm.ppf(p1) - norm.ppf(p0);  (logit(p1) - logit(p0))/1.65
// and are written here with 16–17 significant digits.

#include <cmath>
#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "prevsim/prevention/effect_size.hpp"

using Catch::Matchers::Message;
namespace prev = prevsim::prevention;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("apply_d_probit: p' = Phi(Phi^-1(p) + d) against SciPy values",
          "[prevention][effect_size]") {
  // The worked example of the docs: 20 % baseline, d = −0.2 (fewer cases).
  // Φ⁻¹(0.2) = −0.8416212335729142; Φ(−1.0416212335729142) = 0.14879366011031542.
  CHECK(prev::apply_d_probit(0.2, -0.2) == Approx(0.14879366011031542).epsilon(1e-13));
  CHECK(prev::apply_d_probit(0.2, 0.2) == Approx(0.26055957137897917).epsilon(1e-13));
  CHECK(prev::apply_d_probit(0.05, -0.5) == Approx(0.0159822759685784).epsilon(1e-13));
  CHECK(prev::apply_d_probit(0.9, -0.3) == Approx(0.8368395906304593).epsilon(1e-13));
  CHECK(prev::apply_d_probit(0.5, 0.1) == Approx(0.539827837277029).epsilon(1e-13));
  CHECK(prev::apply_d_probit(0.3, 0.0) == Approx(0.3).epsilon(1e-14));
}

TEST_CASE("apply_d_cox: logit p' = logit p + 1.65 d against hand values",
          "[prevention][effect_size]") {
  // logit 0.2 = ln 0.25; ln 0.25 − 0.33 → p' = 0.15234908933547764.
  CHECK(prev::apply_d_cox(0.2, -0.2) == Approx(0.15234908933547764).epsilon(1e-13));
  CHECK(prev::apply_d_cox(0.2, 0.2) == Approx(0.2580182437213097).epsilon(1e-13));
  CHECK(prev::apply_d_cox(0.05, -0.5) == Approx(0.022544999205680295).epsilon(1e-13));
  CHECK(prev::apply_d_cox(0.9, -0.3) == Approx(0.8458250542220451).epsilon(1e-13));
  CHECK(prev::apply_d_cox(0.5, 0.1) == Approx(0.541156668150228).epsilon(1e-13));
  CHECK(prev::apply_d_cox(0.3, 0.0) == Approx(0.3).epsilon(1e-14));
  // WSIPP's form p_t = e^(1.65 ES) p_c / (1 − p_c + p_c e^(1.65 ES)) is the same rule.
  for (double p : {0.01, 0.2, 0.6, 0.97}) {
    for (double d : {-0.8, -0.1, 0.25}) {
      const double odds_ratio = std::exp(1.65 * d);
      CHECK(prev::apply_d_cox(p, d) ==
            Approx(odds_ratio * p / (1 - p + p * odds_ratio)).epsilon(1e-13));
    }
  }
  // Huge |d| saturates instead of overflowing e^(1.65 d) into NaN.
  CHECK(prev::apply_d_cox(0.2, 1000.0) == 1.0);
  CHECK(prev::apply_d_cox(0.2, -1000.0) == 0.0);
}

TEST_CASE("sign convention: d < 0 lowers p, d > 0 raises it, monotone in d",
          "[prevention][effect_size]") {
  for (double p : {0.001, 0.05, 0.2, 0.5, 0.8, 0.999}) {
    CHECK(prev::apply_d_probit(p, -0.2) < p);
    CHECK(prev::apply_d_probit(p, 0.2) > p);
    CHECK(prev::apply_d_cox(p, -0.2) < p);
    CHECK(prev::apply_d_cox(p, 0.2) > p);
    double last_probit = 0.0;
    double last_cox = 0.0;
    for (double d = -2.0; d <= 2.0; d += 0.25) {
      const double probit = prev::apply_d_probit(p, d);
      const double cox = prev::apply_d_cox(p, d);
      CHECK(probit > last_probit);
      CHECK(cox > last_cox);
      last_probit = probit;
      last_cox = cox;
    }
  }
}

TEST_CASE("p = 0 and p = 1 are unchanged by any finite d", "[prevention][effect_size]") {
  for (double d : {-3.0, -0.2, 0.0, 0.2, 3.0}) {
    CHECK(prev::apply_d_probit(0.0, d) == 0.0);
    CHECK(prev::apply_d_probit(1.0, d) == 1.0);
    CHECK(prev::apply_d_cox(0.0, d) == 0.0);
    CHECK(prev::apply_d_cox(1.0, d) == 1.0);
  }
}

TEST_CASE("inverse conversions: d from p and p', and round trips",
          "[prevention][effect_size]") {
  // SciPy: norm.ppf(0.15) − norm.ppf(0.2); (logit 0.15 − logit 0.2)/1.65.
  CHECK(prev::probit_d_from_probabilities(0.2, 0.15) ==
        Approx(-0.19481215592087564).epsilon(1e-13));
  CHECK(prev::d_cox_d_from_probabilities(0.2, 0.15) ==
        Approx(-0.2110949662231611).epsilon(1e-13));
  for (double p : {0.01, 0.2, 0.5, 0.9}) {
    for (double d : {-1.0, -0.2, 0.05, 0.5}) {
      CHECK(prev::probit_d_from_probabilities(p, prev::apply_d_probit(p, d)) ==
            Approx(d).epsilon(1e-10));
      CHECK(prev::d_cox_d_from_probabilities(p, prev::apply_d_cox(p, d)) ==
            Approx(d).epsilon(1e-10));
    }
  }
}

TEST_CASE("d_cox_odds_ratio and d_cox_d_from_odds_ratio: OR = exp(1.65 d)",
          "[prevention][effect_size]") {
  // exp(−0.33) = 0.7189237334319262; ln(0.5)/1.65 = −0.4200892003393608.
  CHECK(prev::d_cox_odds_ratio(-0.2) == Approx(0.7189237334319262).epsilon(1e-14));
  CHECK(prev::d_cox_d_from_odds_ratio(0.5) == Approx(-0.4200892003393608).epsilon(1e-14));
  CHECK(prev::d_cox_odds_ratio(0.0) == 1.0);
  CHECK(prev::d_cox_d_from_odds_ratio(prev::d_cox_odds_ratio(0.37)) ==
        Approx(0.37).epsilon(1e-14));
  // Applying the equivalent odds ratio equals the D-Cox rule.
  CHECK(prev::apply_odds_ratio(0.2, prev::d_cox_odds_ratio(-0.2)) ==
        Approx(prev::apply_d_cox(0.2, -0.2)).epsilon(1e-14));
}

TEST_CASE("hedges_correction and hedges_g: J = 1 - 3/(4N - 9)", "[prevention][effect_size]") {
  CHECK(prev::hedges_correction(10, 10) == Approx(68.0 / 71.0).epsilon(1e-15));
  CHECK(prev::hedges_correction(2, 2) == Approx(4.0 / 7.0).epsilon(1e-15));
  CHECK(prev::hedges_correction(50, 70) == Approx(468.0 / 471.0).epsilon(1e-15));
  CHECK(prev::hedges_g(-0.3, 10, 10) == Approx(-0.3 * 68.0 / 71.0).epsilon(1e-15));
}

TEST_CASE("odds ratio, relative risk, risk difference and rate ratio against hand values",
          "[prevention][effect_size]") {
  // Odds 0.25 · 0.5 = 0.125 → p' = 0.125/1.125 = 1/9.
  CHECK(prev::apply_odds_ratio(0.2, 0.5) == Approx(1.0 / 9.0).epsilon(1e-15));
  CHECK(prev::apply_odds_ratio(1.0, 0.5) == 1.0);
  CHECK(prev::apply_relative_risk(0.2, 0.8) == Approx(0.16).epsilon(1e-15));
  CHECK(prev::apply_risk_difference(0.2, -0.05) == Approx(0.15).epsilon(1e-15));
  CHECK(prev::apply_risk_difference(0.2, 0.8) == 1.0);
  CHECK(prev::apply_risk_difference(0.2, -0.2) == 0.0);
  CHECK(prev::apply_rate_ratio(1.5, 0.8) == Approx(1.2).epsilon(1e-15));
  CHECK(prev::apply_rate_ratio(0.0, 3.0) == 0.0);
  CHECK(prev::apply_rate_ratio(1.5, 0.0) == 0.0);
}

TEST_CASE("effect_size error messages", "[prevention][effect_size]") {
  CHECK_THROWS_MATCHES(prev::apply_d_probit(1.5, -0.2), std::domain_error,
                       Message("apply_d_probit: probability is 1.5, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(prev::apply_d_probit(0.2, quiet_nan), std::domain_error,
                       Message("apply_d_probit: d is nan, but must be finite"));
  CHECK_THROWS_MATCHES(prev::apply_d_cox(-0.1, -0.2), std::domain_error,
                       Message("apply_d_cox: probability is -0.1, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(prev::apply_d_cox(0.2, infinity), std::domain_error,
                       Message("apply_d_cox: d is inf, but must be finite"));
  CHECK_THROWS_MATCHES(
      prev::probit_d_from_probabilities(0.0, 0.1), std::domain_error,
      Message("probit_d_from_probabilities: probability is 0, but must be within (0, 1), "
              "exclusive"));
  CHECK_THROWS_MATCHES(
      prev::probit_d_from_probabilities(0.2, 1.0), std::domain_error,
      Message("probit_d_from_probabilities: new_probability is 1, but must be within (0, 1), "
              "exclusive"));
  CHECK_THROWS_MATCHES(
      prev::d_cox_d_from_probabilities(1.0, 0.1), std::domain_error,
      Message("d_cox_d_from_probabilities: probability is 1, but must be within (0, 1), "
              "exclusive"));
  CHECK_THROWS_MATCHES(
      prev::d_cox_d_from_probabilities(0.2, 0.0), std::domain_error,
      Message("d_cox_d_from_probabilities: new_probability is 0, but must be within (0, 1), "
              "exclusive"));
  CHECK_THROWS_MATCHES(prev::d_cox_odds_ratio(quiet_nan), std::domain_error,
                       Message("d_cox_odds_ratio: d is nan, but must be finite"));
  CHECK_THROWS_MATCHES(
      prev::d_cox_odds_ratio(1000.0), std::domain_error,
      Message("d_cox_odds_ratio: d is 1000, but must be small enough in magnitude for "
              "e^(1.65 d) to be finite and > 0"));
  CHECK_THROWS_MATCHES(
      prev::d_cox_d_from_odds_ratio(0.0), std::domain_error,
      Message("d_cox_d_from_odds_ratio: odds_ratio is 0, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(prev::hedges_correction(1, 10), std::domain_error,
                       Message("hedges_correction: n_treatment is 1, but must be a whole "
                               "number >= 2"));
  CHECK_THROWS_MATCHES(prev::hedges_correction(10, 2.5), std::domain_error,
                       Message("hedges_correction: n_control is 2.5, but must be a whole "
                               "number >= 2"));
  CHECK_THROWS_MATCHES(prev::hedges_correction(10, infinity), std::domain_error,
                       Message("hedges_correction: n_control is inf, but must be a whole "
                               "number >= 2"));
  CHECK_THROWS_MATCHES(prev::hedges_g(quiet_nan, 10, 10), std::domain_error,
                       Message("hedges_g: d is nan, but must be finite"));
  CHECK_THROWS_MATCHES(prev::hedges_g(0.2, 0, 10), std::domain_error,
                       Message("hedges_correction: n_treatment is 0, but must be a whole "
                               "number >= 2"));
  CHECK_THROWS_MATCHES(
      prev::apply_odds_ratio(0.2, -1.0), std::domain_error,
      Message("apply_odds_ratio: odds_ratio is -1, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      prev::apply_relative_risk(0.6, 2.0), std::domain_error,
      Message("apply_relative_risk: probability * relative_risk (0.6 * 2) is 1.2, but must be "
              "at most 1 (a relative risk this large cannot apply to this probability; apply "
              "it to a rate or use an odds ratio instead)"));
  CHECK_THROWS_MATCHES(
      prev::apply_risk_difference(0.1, -0.2), std::domain_error,
      Message("apply_risk_difference: probability + risk_difference (0.1 + -0.2) is -0.1, but "
              "must be within [0, 1] (this risk difference cannot apply to this probability; "
              "use an odds ratio or a relative risk instead)"));
  CHECK_THROWS_MATCHES(
      prev::apply_risk_difference(0.5, 0.75), std::domain_error,
      Message("apply_risk_difference: probability + risk_difference (0.5 + 0.75) is 1.25, but "
              "must be within [0, 1] (this risk difference cannot apply to this probability; "
              "use an odds ratio or a relative risk instead)"));
  CHECK_THROWS_MATCHES(
      prev::apply_risk_difference(0.5, -1.5), std::domain_error,
      Message("apply_risk_difference: risk_difference is -1.5, but must be within [-1, 1]"));
  CHECK_THROWS_MATCHES(
      prev::apply_risk_difference(quiet_nan, 0.1), std::domain_error,
      Message("apply_risk_difference: probability is nan, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(prev::apply_rate_ratio(-0.5, 0.8), std::domain_error,
                       Message("apply_rate_ratio: rate is -0.5, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      prev::apply_rate_ratio(0.5, infinity), std::domain_error,
      Message("apply_rate_ratio: rate_ratio is inf, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      prev::apply_rate_ratio(1e300, 1e10), std::domain_error,
      Message("apply_rate_ratio: rate * rate_ratio (1e+300 * 1e+10) is inf, but must be "
              "finite"));
}
