#pragma once
/// @file
/// The triangular distribution (minimum, mode, maximum).

#include <cmath>
#include <string>

#include <boost/math/distributions/triangular.hpp>

#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Triangular on [lower, upper] with its peak at @p mode: the classic expert
/// "min / most likely / max" elicitation. Mean (lower + mode + upper)/3.
///
/// \test tests/cpp/dist/triangular_test.cpp
class triangular {
 public:
  /// @throw std::domain_error unless lower <= mode <= upper and lower < upper.
  triangular(double lower, double mode, double upper)
      : lower_(lower), mode_(mode), upper_(upper) {
    static constexpr const char* function = "triangular";
    err::check_finite(function, "lower", lower);
    err::check_finite(function, "mode", mode);
    err::check_finite(function, "upper", upper);
    err::check_less(function, "lower", lower, "upper", upper);
    err::check_bounded(function, "mode", mode, lower, upper);
    boost_ = boost::math::triangular_distribution<double>(lower, mode, upper);
  }

  double mode() const { return mode_; }
  double mean() const { return (lower_ + mode_ + upper_) / 3.0; }
  double sd() const {
    const double a = lower_, c = mode_, b = upper_;
    return std::sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
  }
  double lower() const { return lower_; }
  double upper() const { return upper_; }
  double quantile(double p) const {
    err::check_probability("triangular.quantile", "p", p);
    return boost::math::quantile(boost_, p);
  }
  double quantile_complement(double q) const {
    err::check_probability("triangular.quantile_complement", "q", q);
    return boost::math::quantile(boost::math::complement(boost_, q));
  }
  double cdf(double x) const {
    return x <= lower_ ? 0.0 : x >= upper_ ? 1.0 : boost::math::cdf(boost_, x);
  }
  double pdf(double x) const {
    return x < lower_ || x > upper_ ? 0.0 : boost::math::pdf(boost_, x);
  }

  std::string name() const { return "triangular"; }
  std::string describe() const {
    return "triangular(lower=" + err::format_value(lower_) + ", mode=" + err::format_value(mode_) +
           ", upper=" + err::format_value(upper_) + ")";
  }

 private:
  double lower_;
  double mode_;
  double upper_;
  boost::math::triangular_distribution<double> boost_;
};

}  // namespace prevsim::dist
