#pragma once
/// @file
/// The continuous uniform distribution.

#include <cmath>
#include <string>

#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Uniform on [lower, upper]: every value in the range equally likely. A
/// statement of ignorance within bounds; prefer an informative distribution when
/// evidence exists.
///
/// \test tests/cpp/dist/uniform_test.cpp
class uniform {
 public:
  /// @throw std::domain_error unless lower < upper, both finite.
  uniform(double lower, double upper) : lower_(lower), upper_(upper) {
    err::check_finite("uniform", "lower", lower);
    err::check_finite("uniform", "upper", upper);
    err::check_less("uniform", "lower", lower, "upper", upper);
  }

  /// mean ± √3·se: the uniform with that mean and standard deviation.
  static uniform from_mean_se(double mean, double se) {
    err::check_finite("uniform.from_mean_se", "mean", mean);
    err::check_positive("uniform.from_mean_se", "se", se);
    const double half_width = std::sqrt(3.0) * se;
    return uniform(mean - half_width, mean + half_width);
  }

  double mean() const { return 0.5 * (lower_ + upper_); }
  double sd() const { return (upper_ - lower_) / std::sqrt(12.0); }
  double lower() const { return lower_; }
  double upper() const { return upper_; }
  double quantile(double p) const {
    err::check_probability("uniform.quantile", "p", p);
    return p < 0.5 ? lower_ + p * (upper_ - lower_) : upper_ - (1.0 - p) * (upper_ - lower_);
  }
  double quantile_complement(double q) const {
    err::check_probability("uniform.quantile_complement", "q", q);
    return upper_ - q * (upper_ - lower_);
  }
  double cdf(double x) const {
    return x <= lower_ ? 0.0 : x >= upper_ ? 1.0 : (x - lower_) / (upper_ - lower_);
  }
  double pdf(double x) const { return x < lower_ || x > upper_ ? 0.0 : 1.0 / (upper_ - lower_); }

  std::string name() const { return "uniform"; }
  std::string describe() const {
    return "uniform(lower=" + err::format_value(lower_) + ", upper=" + err::format_value(upper_) +
           ")";
  }

 private:
  double lower_;
  double upper_;
};

}  // namespace prevsim::dist
