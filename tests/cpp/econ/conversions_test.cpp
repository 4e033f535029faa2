// Tests for include/prevsim/econ/conversions.hpp: rate, probability and odds
// conversions and the application of relative risks and odds ratios, against
// hand calculations, round trips and every error message.

#include <cmath>
#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "prevsim/econ/conversions.hpp"

using Catch::Matchers::Message;
namespace econ = prevsim::econ;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("rate_to_probability: p = 1 - exp(-r t)", "[econ][conversions]") {
  // Hand values: 1 − e^−0.1 = 0.0951625819640405, 1 − e^(−0.2·5) = 1 − e^−1.
  CHECK(econ::rate_to_probability(0.1) == Approx(0.09516258196404048).epsilon(1e-15));
  CHECK(econ::rate_to_probability(0.1, 1.0) == Approx(0.09516258196404048).epsilon(1e-15));
  CHECK(econ::rate_to_probability(0.2, 5.0) == Approx(0.6321205588285577).epsilon(1e-15));
  CHECK(econ::rate_to_probability(0.0, 3.0) == 0.0);
  CHECK(econ::rate_to_probability(2.0, 0.0) == 0.0);
  CHECK(econ::rate_to_probability(1e6, 1.0) == 1.0);
  // A tiny rate keeps full relative precision (p = rt − (rt)²/2 + …); the naive
  // 1 − exp(−rt) would be off by 1e-4 relative here.
  CHECK(econ::rate_to_probability(1e-12, 1.0) == Approx(1e-12 - 0.5e-24).epsilon(1e-14));
}

TEST_CASE("probability_to_rate: r = -ln(1 - p)/t, the inverse of rate_to_probability",
          "[econ][conversions]") {
  CHECK(econ::probability_to_rate(0.5) == Approx(std::log(2.0)).epsilon(1e-15));
  CHECK(econ::probability_to_rate(0.2, 5.0) == Approx(0.044628710262841945).epsilon(1e-14));
  CHECK(econ::probability_to_rate(0.0, 2.0) == 0.0);
  CHECK(econ::probability_to_rate(1e-12) == Approx(1e-12 + 0.5e-24).epsilon(1e-14));
  // Round trips with r·t <= 7: beyond, 1 − p = e^(−rt) is so small that the
  // rounding of p alone moves r by more than 1e-12 relative.
  for (double r : {1e-9, 0.003, 0.1, 0.7}) {
    for (double t : {0.25, 1.0, 10.0}) {
      CHECK(econ::probability_to_rate(econ::rate_to_probability(r, t), t) ==
            Approx(r).epsilon(1e-12));
    }
  }
}

TEST_CASE("probability_to_odds and odds_to_probability: o = p/(1-p), p = o/(1+o)",
          "[econ][conversions]") {
  CHECK(econ::probability_to_odds(0.2) == Approx(0.25).epsilon(1e-15));
  CHECK(econ::probability_to_odds(0.75) == 3.0);
  CHECK(econ::probability_to_odds(0.0) == 0.0);
  CHECK(econ::odds_to_probability(0.25) == Approx(0.2).epsilon(1e-15));
  CHECK(econ::odds_to_probability(3.0) == 0.75);
  CHECK(econ::odds_to_probability(0.0) == 0.0);
  for (double p : {0.001, 0.1, 0.5, 0.9, 0.999}) {
    CHECK(econ::odds_to_probability(econ::probability_to_odds(p)) == Approx(p).epsilon(1e-14));
  }
}

TEST_CASE("apply_relative_risk: p·RR, refused above 1", "[econ][conversions]") {
  CHECK(econ::apply_relative_risk(0.2, 0.5) == Approx(0.1).epsilon(1e-15));
  CHECK(econ::apply_relative_risk(0.3, 1.5) == Approx(0.45).epsilon(1e-15));
  CHECK(econ::apply_relative_risk(0.5, 2.0) == 1.0);  // exactly 1 is allowed
  CHECK(econ::apply_relative_risk(0.4, 0.0) == 0.0);
  CHECK(econ::apply_relative_risk(0.0, 7.0) == 0.0);
  CHECK_THROWS_MATCHES(
      econ::apply_relative_risk(0.6, 2.0), std::domain_error,
      Message("apply_relative_risk: probability * relative_risk (0.6 * 2) is 1.2, but must be "
              "at most 1 (a relative risk this large cannot apply to this probability; apply "
              "it to a rate or use an odds ratio instead)"));
}

TEST_CASE("apply_odds_ratio: odds times OR, back to a probability", "[econ][conversions]") {
  // p = 0.2: odds 0.25, × 2 = 0.5, p' = 0.5/1.5 = 1/3.
  CHECK(econ::apply_odds_ratio(0.2, 2.0) == Approx(1.0 / 3.0).epsilon(1e-15));
  // p = 0.5: odds 1, × 3 = 3, p' = 0.75.
  CHECK(econ::apply_odds_ratio(0.5, 3.0) == Approx(0.75).epsilon(1e-15));
  // p = 0.9: odds 9, × 0.5 = 4.5, p' = 4.5/5.5.
  CHECK(econ::apply_odds_ratio(0.9, 0.5) == Approx(4.5 / 5.5).epsilon(1e-15));
  CHECK(econ::apply_odds_ratio(0.3, 1.0) == Approx(0.3).epsilon(1e-15));
  CHECK(econ::apply_odds_ratio(0.0, 5.0) == 0.0);
  CHECK(econ::apply_odds_ratio(1.0, 0.2) == 1.0);
  // Agrees with the route through the odds functions.
  for (double p : {0.01, 0.2, 0.6, 0.95}) {
    for (double odds_ratio : {0.1, 0.8, 1.7, 12.0}) {
      const double via_odds =
          econ::odds_to_probability(econ::probability_to_odds(p) * odds_ratio);
      CHECK(econ::apply_odds_ratio(p, odds_ratio) == Approx(via_odds).epsilon(1e-13));
    }
  }
}

TEST_CASE("rescale_probability: p' = 1 - (1 - p)^(t2/t1), through the constant rate",
          "[econ][conversions]") {
  // Annual 0.2 to a month: 1 − 0.8^(1/12) = 0.0184234701262483 (not 0.2/12 = 0.0167).
  CHECK(econ::rescale_probability(0.2, 12.0, 1.0) == Approx(0.018423470126248342).epsilon(1e-14));
  CHECK(econ::rescale_probability(0.2, 1.0, 1.0 / 12.0) ==
        Approx(0.018423470126248342).epsilon(1e-14));
  // Five-year 0.4 to one year: 1 − 0.6^0.2.
  CHECK(econ::rescale_probability(0.4, 5.0, 1.0) == Approx(0.09711954855256577).epsilon(1e-14));
  // One year 0.1 to three years: 1 − 0.9³ = 0.271.
  CHECK(econ::rescale_probability(0.1, 1.0, 3.0) == Approx(0.271).epsilon(1e-14));
  CHECK(econ::rescale_probability(0.35, 2.0, 2.0) == Approx(0.35).epsilon(1e-15));
  CHECK(econ::rescale_probability(0.0, 1.0, 7.0) == 0.0);
  CHECK(econ::rescale_probability(1.0, 1.0, 0.5) == 1.0);
  // Same as converting to a rate and back.
  CHECK(econ::rescale_probability(0.3, 4.0, 1.5) ==
        Approx(econ::rate_to_probability(econ::probability_to_rate(0.3, 4.0), 1.5))
            .epsilon(1e-14));
}

TEST_CASE("conversions: every argument error names the function, the argument and the range",
          "[econ][conversions][errors]") {
  CHECK_THROWS_MATCHES(econ::rate_to_probability(-0.1), std::domain_error,
                       Message("rate_to_probability: rate is -0.1, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(econ::rate_to_probability(infinity), std::domain_error,
                       Message("rate_to_probability: rate is inf, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(econ::rate_to_probability(0.1, -1.0), std::domain_error,
                       Message("rate_to_probability: time is -1, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      econ::probability_to_rate(1.0), std::domain_error,
      Message("probability_to_rate: probability is 1, but must be within [0, 1) (a probability "
              "of 1 has no finite rate)"));
  CHECK_THROWS_MATCHES(
      econ::probability_to_rate(quiet_nan), std::domain_error,
      Message("probability_to_rate: probability is nan, but must be within [0, 1) (a "
              "probability of 1 has no finite rate)"));
  CHECK_THROWS_MATCHES(econ::probability_to_rate(0.5, 0.0), std::domain_error,
                       Message("probability_to_rate: time is 0, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      econ::probability_to_odds(-0.2), std::domain_error,
      Message("probability_to_odds: probability is -0.2, but must be within [0, 1) (a "
              "probability of 1 has infinite odds)"));
  CHECK_THROWS_MATCHES(econ::odds_to_probability(-1.0), std::domain_error,
                       Message("odds_to_probability: odds is -1, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      econ::apply_relative_risk(1.5, 0.5), std::domain_error,
      Message("apply_relative_risk: probability is 1.5, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(
      econ::apply_relative_risk(0.5, -0.5), std::domain_error,
      Message("apply_relative_risk: relative_risk is -0.5, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(econ::apply_odds_ratio(-0.1, 2.0), std::domain_error,
                       Message("apply_odds_ratio: probability is -0.1, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(econ::apply_odds_ratio(0.1, 0.0), std::domain_error,
                       Message("apply_odds_ratio: odds_ratio is 0, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      econ::rescale_probability(1.1, 1.0, 2.0), std::domain_error,
      Message("rescale_probability: probability is 1.1, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(
      econ::rescale_probability(0.1, 0.0, 2.0), std::domain_error,
      Message("rescale_probability: from_time is 0, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      econ::rescale_probability(0.1, 1.0, -2.0), std::domain_error,
      Message("rescale_probability: to_time is -2, but must be finite and > 0"));
}
