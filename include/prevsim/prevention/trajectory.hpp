#pragma once
/// @file
/// How an intervention's effect evolves with time: effect_trajectory (ramp-up,
/// full effect, then decay, as a multiplier m(t) ∈ [0, 1] of the effect size) and
/// two_age_effect (WSIPP-style effect sizes given at two ages, interpolated).
///
/// effect_trajectory, with τ = t − start_year (years since the effect starts):
///
///     m(t) = 0                              τ < 0
///          = τ/R                            0 <= τ < R        (linear ramp-up)
///          = 1                              R <= τ <= R + D   (full effect)
///          = after(τ − R − D)               τ > R + D
///
/// where after(s) is 1 (decay none: the effect persists), 2^(−s/H) (exponential
/// decay with half-life H) or 0 (stop: the effect ends). With R = 0 the full
/// effect starts at τ = 0. t may be fractional; a model with annual cycles
/// chooses the point it evaluates (start or middle of the year).
///
/// The multiplier scales the effect *size* (d, ln OR, ln RR, or RD), before it is
/// converted to a probability (effect_size.hpp): e.g. the probit rule uses
/// Φ(Φ⁻¹(p) + m(t)·d), and an odds ratio becomes OR^m(t).
///
/// two_age_effect (WSIPP, *Benefit-Cost Technical Documentation* 2023, §2: an
/// adjusted effect size at a first and at a second age): the effect size is e₁ up
/// to age a₁, linear from e₁ to e₂ between a₁ and a₂, and beyond a₂ either held at
/// e₂ (the default, as WSIPP uses the second-age effect size for later years) or
/// decaying from e₂ towards 0 with half-life H. Before the programme starts the
/// caller applies no effect at all.
///
/// \test tests/cpp/prevention/trajectory_test.cpp

#include <cmath>
#include <string>

#include "prevsim/err/checks.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::prevention {

/// What happens to an effect after its full-effect period.
enum class effect_decay {
  none,         ///< the full effect persists
  exponential,  ///< halves every half_life_years
  stop,         ///< the effect ends at once
};

/// Ramp-up, duration and decay of an effect: a value type whose multiplier(t)
/// scales the effect size at calendar (or model) year t. Build it with one of
/// the named constructors, which check every argument.
class effect_trajectory {
 public:
  /// Ramp-up over @p ramp_up_years from @p start_year, then the full effect forever.
  /// @param start_year finite, the year the effect starts to build
  /// @param ramp_up_years finite and >= 0 (0: full effect at once)
  /// @throw std::domain_error for an argument out of range
  static effect_trajectory persistent(double start_year, double ramp_up_years) {
    static constexpr const char* function = "effect_trajectory::persistent";
    check_start(function, start_year, ramp_up_years);
    return effect_trajectory(start_year, ramp_up_years, 0.0, effect_decay::none, 0.0);
  }

  /// Ramp-up, then the full effect for @p duration_years, then no effect.
  /// @param start_year finite
  /// @param ramp_up_years finite and >= 0
  /// @param duration_years years at full effect after the ramp-up, finite and >= 0
  /// @throw std::domain_error for an argument out of range
  static effect_trajectory ending(double start_year, double ramp_up_years,
                                  double duration_years) {
    static constexpr const char* function = "effect_trajectory::ending";
    check_start(function, start_year, ramp_up_years);
    err::check_nonnegative(function, "duration_years", duration_years);
    return effect_trajectory(start_year, ramp_up_years, duration_years, effect_decay::stop, 0.0);
  }

  /// Ramp-up, the full effect for @p duration_years, then exponential decay with
  /// half-life @p half_life_years: m = 2^(−s/H) at s years after the full period.
  /// @param start_year finite
  /// @param ramp_up_years finite and >= 0
  /// @param duration_years finite and >= 0
  /// @param half_life_years finite and > 0
  /// @throw std::domain_error for an argument out of range
  static effect_trajectory decaying(double start_year, double ramp_up_years,
                                    double duration_years, double half_life_years) {
    static constexpr const char* function = "effect_trajectory::decaying";
    check_start(function, start_year, ramp_up_years);
    err::check_nonnegative(function, "duration_years", duration_years);
    err::check_positive(function, "half_life_years", half_life_years);
    return effect_trajectory(start_year, ramp_up_years, duration_years, effect_decay::exponential,
                             half_life_years);
  }

  /// The multiplier m(t) ∈ [0, 1] of the effect size at year @p year (see @file).
  /// @param year finite; may be fractional
  /// @throw std::domain_error for a non-finite year
  double multiplier(double year) const {
    static constexpr const char* function = "effect_trajectory::multiplier";
    err::check_finite(function, "year", year);
    const double tau = year - start_year_;
    if (tau < 0) return 0.0;
    if (tau < ramp_up_years_) return tau / ramp_up_years_;
    if (decay_ == effect_decay::none) return 1.0;
    const double after = tau - ramp_up_years_ - duration_years_;
    if (after <= 0) return 1.0;
    if (decay_ == effect_decay::stop) return 0.0;
    return std::exp2(-after / half_life_years_);
  }

  double start_year() const { return start_year_; }
  double ramp_up_years() const { return ramp_up_years_; }
  /// Years at full effect after the ramp-up (0 for a persistent effect, whose
  /// full period has no end).
  double duration_years() const { return duration_years_; }
  effect_decay decay() const { return decay_; }
  /// The half-life of exponential decay (0 for the other kinds).
  double half_life_years() const { return half_life_years_; }

 private:
  effect_trajectory(double start_year, double ramp_up_years, double duration_years,
                    effect_decay decay, double half_life_years)
      : start_year_(start_year),
        ramp_up_years_(ramp_up_years),
        duration_years_(duration_years),
        decay_(decay),
        half_life_years_(half_life_years) {}

  static void check_start(const char* function, double start_year, double ramp_up_years) {
    err::check_finite(function, "start_year", start_year);
    err::check_nonnegative(function, "ramp_up_years", ramp_up_years);
  }

  double start_year_;
  double ramp_up_years_;
  double duration_years_;
  effect_decay decay_;
  double half_life_years_;
};

/// WSIPP-style effect sizes at two ages: e₁ at age a₁ (and before), linear to e₂
/// at a₂, then held at e₂ or decaying from e₂ towards 0.
class two_age_effect {
 public:
  /// Effect held at @p effect2 beyond @p age2.
  /// @param age1 first age, finite and >= 0
  /// @param effect1 effect size at age1, finite (any scale: d, ln OR, …)
  /// @param age2 second age, finite and > age1
  /// @param effect2 effect size at age2, finite
  /// @throw std::domain_error for an argument out of range
  static two_age_effect held(double age1, double effect1, double age2, double effect2) {
    static constexpr const char* function = "two_age_effect::held";
    check_ages(function, age1, effect1, age2, effect2);
    return two_age_effect(age1, effect1, age2, effect2, effect_decay::none, 0.0);
  }

  /// Effect decaying from @p effect2 with half-life @p half_life_years beyond
  /// @p age2: e(a) = e₂·2^(−(a − a₂)/H).
  /// @param half_life_years finite and > 0; other parameters as in held()
  /// @throw std::domain_error for an argument out of range
  static two_age_effect decaying(double age1, double effect1, double age2, double effect2,
                                 double half_life_years) {
    static constexpr const char* function = "two_age_effect::decaying";
    check_ages(function, age1, effect1, age2, effect2);
    err::check_positive(function, "half_life_years", half_life_years);
    return two_age_effect(age1, effect1, age2, effect2, effect_decay::exponential,
                          half_life_years);
  }

  /// The effect size at age @p age.
  /// @param age finite and >= 0; may be fractional
  /// @throw std::domain_error for an age out of range
  double effect_at_age(double age) const {
    static constexpr const char* function = "two_age_effect::effect_at_age";
    err::check_nonnegative(function, "age", age);
    if (age <= age1_) return effect1_;
    if (age <= age2_) {
      // Linear interpolation; the weight form returns e₂ exactly at a₂.
      const double w = (age - age1_) / (age2_ - age1_);
      return (1.0 - w) * effect1_ + w * effect2_;
    }
    if (decay_ == effect_decay::none) return effect2_;
    return effect2_ * std::exp2(-(age - age2_) / half_life_years_);
  }

  double age1() const { return age1_; }
  double effect1() const { return effect1_; }
  double age2() const { return age2_; }
  double effect2() const { return effect2_; }
  /// effect_decay::none (held) or effect_decay::exponential.
  effect_decay decay() const { return decay_; }
  /// The half-life beyond age2 (0 when held).
  double half_life_years() const { return half_life_years_; }

 private:
  two_age_effect(double age1, double effect1, double age2, double effect2, effect_decay decay,
                 double half_life_years)
      : age1_(age1),
        effect1_(effect1),
        age2_(age2),
        effect2_(effect2),
        decay_(decay),
        half_life_years_(half_life_years) {}

  static void check_ages(const char* function, double age1, double effect1, double age2,
                         double effect2) {
    err::check_nonnegative(function, "age1", age1);
    err::check_finite(function, "effect1", effect1);
    err::check_finite(function, "age2", age2);
    if (!(age2 > age1)) {
      err::throw_domain_error(function, "age2", age2,
                              "greater than age1 (" + err::format_value(age1) + ")");
    }
    err::check_finite(function, "effect2", effect2);
  }

  double age1_;
  double effect1_;
  double age2_;
  double effect2_;
  effect_decay decay_;
  double half_life_years_;
};

}  // namespace prevsim::prevention
