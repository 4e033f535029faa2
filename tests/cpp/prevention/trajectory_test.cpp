// Tests for include/prevsim/prevention/trajectory.hpp: the effect multiplier m(t)
// of ramp-up, duration and decay, and WSIPP-style two-age effect sizes, against
// hand values and every error message.
//
// Hand values: a ramp over R years is at τ/R; one half-life after the end of the
// full period the multiplier is 1/2, two half-lives 1/4, half a half-life
// 2^(−1/2) = 0.7071067811865476 (Python: 2**-0.5).

#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "prevsim/prevention/trajectory.hpp"

using Catch::Matchers::Message;
namespace prev = prevsim::prevention;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("effect_trajectory::decaying: ramp-up, full effect, half-life decay",
          "[prevention][trajectory]") {
  // Starts 2025, ramp-up 2 years, full effect 3 years (2027–2030), half-life 4 years.
  const auto trajectory = prev::effect_trajectory::decaying(2025, 2, 3, 4);
  CHECK(trajectory.multiplier(2020) == 0.0);
  CHECK(trajectory.multiplier(2024.999) == 0.0);
  CHECK(trajectory.multiplier(2025) == 0.0);
  CHECK(trajectory.multiplier(2025.5) == Approx(0.25).epsilon(1e-15));
  CHECK(trajectory.multiplier(2026) == Approx(0.5).epsilon(1e-15));  // ramp midpoint
  CHECK(trajectory.multiplier(2027) == 1.0);
  CHECK(trajectory.multiplier(2030) == 1.0);  // end of the full period
  CHECK(trajectory.multiplier(2032) == Approx(0.7071067811865476).epsilon(1e-15));
  CHECK(trajectory.multiplier(2034) == Approx(0.5).epsilon(1e-15));  // one half-life later
  CHECK(trajectory.multiplier(2038) == Approx(0.25).epsilon(1e-15));
  CHECK(trajectory.start_year() == 2025);
  CHECK(trajectory.ramp_up_years() == 2);
  CHECK(trajectory.duration_years() == 3);
  CHECK(trajectory.half_life_years() == 4);
  CHECK(trajectory.decay() == prev::effect_decay::exponential);
  // m stays within [0, 1] and never rises after the full period.
  double last = 1.0;
  for (double t = 2030; t < 2100; t += 0.5) {
    const double m = trajectory.multiplier(t);
    CHECK(m <= last);
    CHECK(m > 0.0);
    last = m;
  }
}

TEST_CASE("effect_trajectory::ending and ::persistent", "[prevention][trajectory]") {
  const auto ending = prev::effect_trajectory::ending(2025, 0, 3);
  CHECK(ending.multiplier(2024.99) == 0.0);
  CHECK(ending.multiplier(2025) == 1.0);  // no ramp-up: full at once
  CHECK(ending.multiplier(2028) == 1.0);
  CHECK(ending.multiplier(2028.01) == 0.0);
  CHECK(ending.decay() == prev::effect_decay::stop);

  const auto persistent = prev::effect_trajectory::persistent(2025, 4);
  CHECK(persistent.multiplier(2025) == 0.0);
  CHECK(persistent.multiplier(2026) == Approx(0.25).epsilon(1e-15));
  CHECK(persistent.multiplier(2028) == Approx(0.75).epsilon(1e-15));
  CHECK(persistent.multiplier(2029) == 1.0);
  CHECK(persistent.multiplier(2125) == 1.0);
  CHECK(persistent.decay() == prev::effect_decay::none);

  // Zero duration with decay: the decay starts right after the ramp-up.
  const auto immediate = prev::effect_trajectory::decaying(0, 1, 0, 2);
  CHECK(immediate.multiplier(1) == 1.0);
  CHECK(immediate.multiplier(3) == Approx(0.5).epsilon(1e-15));
}

TEST_CASE("two_age_effect: WSIPP effect sizes at two ages, interpolated",
          "[prevention][trajectory]") {
  // Good Behavior Game, smoking by end of middle school: −0.238 at 11 and 13 in
  // WSIPP's table; here −0.238 at 11 and −0.1 at 13 to see the interpolation.
  const auto held = prev::two_age_effect::held(11, -0.238, 13, -0.1);
  CHECK(held.effect_at_age(7) == -0.238);
  CHECK(held.effect_at_age(11) == -0.238);
  CHECK(held.effect_at_age(12) == Approx(-0.169).epsilon(1e-14));  // (−0.238 − 0.1)/2
  CHECK(held.effect_at_age(12.5) == Approx(-0.1345).epsilon(1e-14));
  CHECK(held.effect_at_age(13) == -0.1);
  CHECK(held.effect_at_age(40) == -0.1);
  CHECK(held.decay() == prev::effect_decay::none);
  // Major depression: −0.118 at 15, then 0 at 17.
  const auto depression = prev::two_age_effect::held(15, -0.118, 17, 0.0);
  CHECK(depression.effect_at_age(16) == Approx(-0.059).epsilon(1e-14));
  CHECK(depression.effect_at_age(30) == 0.0);

  const auto decaying = prev::two_age_effect::decaying(15, -0.118, 17, -0.06, 5);
  CHECK(decaying.effect_at_age(17) == -0.06);
  CHECK(decaying.effect_at_age(22) == Approx(-0.03).epsilon(1e-14));
  CHECK(decaying.effect_at_age(27) == Approx(-0.015).epsilon(1e-14));
  CHECK(decaying.half_life_years() == 5);
}

TEST_CASE("trajectory error messages", "[prevention][trajectory]") {
  using prev::effect_trajectory;
  using prev::two_age_effect;
  CHECK_THROWS_MATCHES(
      effect_trajectory::decaying(2025, 2, 3, -1), std::domain_error,
      Message("effect_trajectory::decaying: half_life_years is -1, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::decaying(2025, 2, 3, 0), std::domain_error,
      Message("effect_trajectory::decaying: half_life_years is 0, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::decaying(2025, 2, -3, 4), std::domain_error,
      Message("effect_trajectory::decaying: duration_years is -3, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::decaying(2025, -2, 3, 4), std::domain_error,
      Message("effect_trajectory::decaying: ramp_up_years is -2, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::decaying(quiet_nan, 2, 3, 4), std::domain_error,
      Message("effect_trajectory::decaying: start_year is nan, but must be finite"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::ending(2025, 0, infinity), std::domain_error,
      Message("effect_trajectory::ending: duration_years is inf, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::ending(infinity, 0, 1), std::domain_error,
      Message("effect_trajectory::ending: start_year is inf, but must be finite"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::persistent(2025, quiet_nan), std::domain_error,
      Message("effect_trajectory::persistent: ramp_up_years is nan, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      effect_trajectory::persistent(2025, 1).multiplier(quiet_nan), std::domain_error,
      Message("effect_trajectory::multiplier: year is nan, but must be finite"));

  CHECK_THROWS_MATCHES(
      two_age_effect::held(15, -0.1, 15, 0.0), std::domain_error,
      Message("two_age_effect::held: age2 is 15, but must be greater than age1 (15)"));
  CHECK_THROWS_MATCHES(
      two_age_effect::held(15, -0.1, 12, 0.0), std::domain_error,
      Message("two_age_effect::held: age2 is 12, but must be greater than age1 (15)"));
  CHECK_THROWS_MATCHES(
      two_age_effect::held(-1, -0.1, 12, 0.0), std::domain_error,
      Message("two_age_effect::held: age1 is -1, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      two_age_effect::held(10, quiet_nan, 12, 0.0), std::domain_error,
      Message("two_age_effect::held: effect1 is nan, but must be finite"));
  CHECK_THROWS_MATCHES(
      two_age_effect::held(10, -0.1, infinity, 0.0), std::domain_error,
      Message("two_age_effect::held: age2 is inf, but must be finite"));
  CHECK_THROWS_MATCHES(
      two_age_effect::held(10, -0.1, 12, infinity), std::domain_error,
      Message("two_age_effect::held: effect2 is inf, but must be finite"));
  CHECK_THROWS_MATCHES(
      two_age_effect::decaying(10, -0.1, 12, 0.0, -2), std::domain_error,
      Message("two_age_effect::decaying: half_life_years is -2, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      two_age_effect::decaying(10, -0.1, 8, 0.0, 2), std::domain_error,
      Message("two_age_effect::decaying: age2 is 8, but must be greater than age1 (10)"));
  CHECK_THROWS_MATCHES(
      two_age_effect::held(10, -0.1, 12, 0.0).effect_at_age(-3), std::domain_error,
      Message("two_age_effect::effect_at_age: age is -3, but must be finite and >= 0"));
}
