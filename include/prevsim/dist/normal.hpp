#pragma once
/// @file
/// The normal distribution.

#include <cmath>
#include <limits>
#include <string>

#include <boost/math/distributions/normal.hpp>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Normal distribution N(mean, sd²). Use it for quantities that may take any
/// sign (an effect size d, a log odds ratio); for a quantity that must stay
/// positive prefer lognormal or gamma, for a proportion beta.
///
/// \test tests/cpp/dist/normal_test.cpp
class normal {
 public:
  /// @param mean location, finite
  /// @param sd standard deviation, finite and > 0
  /// @throw std::domain_error for a non-finite mean or sd <= 0
  normal(double mean, double sd) : mean_(mean), sd_(sd) {
    err::check_finite("normal", "mean", mean);
    err::check_positive("normal", "sd", sd);
  }

  /// From an estimate and its standard error (they are the mean and sd).
  static normal from_mean_se(double mean, double se) {
    err::check_finite("normal.from_mean_se", "mean", mean);
    err::check_positive("normal.from_mean_se", "se", se);
    return normal(mean, se);
  }

  /// From a symmetric interval holding probability @p level:
  /// mean = (lower + upper)/2, sd = (upper − lower) / (2 Φ⁻¹((1 + level)/2)).
  static normal from_interval(double lower, double upper, double level = 0.95) {
    static constexpr const char* function = "normal.from_interval";
    err::check_finite(function, "lower", lower);
    err::check_finite(function, "upper", upper);
    err::check_open_unit(function, "level", level);
    err::check_less(function, "lower", lower, "upper", upper);
    return normal(0.5 * (lower + upper), (upper - lower) / (2.0 * internal::two_sided_z(level)));
  }

  double mean() const { return mean_; }
  double sd() const { return sd_; }
  double lower() const { return -std::numeric_limits<double>::infinity(); }
  double upper() const { return std::numeric_limits<double>::infinity(); }

  double quantile(double p) const {
    err::check_probability("normal.quantile", "p", p);
    if (p == 0.0) return lower();
    if (p == 1.0) return upper();
    return mean_ + sd_ * internal::phi_quantile(p);
  }
  double quantile_complement(double q) const {
    err::check_probability("normal.quantile_complement", "q", q);
    if (q == 0.0) return upper();
    if (q == 1.0) return lower();
    return mean_ + sd_ * internal::phi_quantile_complement(q);
  }
  double cdf(double x) const { return internal::phi_cdf((x - mean_) / sd_); }
  double pdf(double x) const { return internal::phi_pdf((x - mean_) / sd_) / sd_; }

  std::string name() const { return "normal"; }
  std::string describe() const {
    return "normal(mean=" + err::format_value(mean_) + ", sd=" + err::format_value(sd_) + ")";
  }

 private:
  double mean_;
  double sd_;
};

}  // namespace prevsim::dist
