#pragma once
/// @file
/// The gamma distribution, for positive quantities such as costs and rates.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/tools/roots.hpp>

#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Gamma(shape k, scale θ) on [0, ∞): mean kθ, variance kθ². The usual choice
/// for an uncertain cost or a rate.
///
/// \test tests/cpp/dist/gamma_test.cpp
class gamma {
 public:
  /// @param shape k > 0; @param scale θ > 0.
  gamma(double shape, double scale) : shape_(shape), scale_(scale) {
    err::check_positive("gamma", "shape", shape);
    err::check_positive("gamma", "scale", scale);
    boost_ = boost::math::gamma_distribution<double>(shape_, scale_);
  }

  /// Method of moments: k = mean²/se², θ = se²/mean.
  static gamma from_mean_se(double mean, double se) {
    err::check_positive("gamma.from_mean_se", "mean", mean);
    err::check_positive("gamma.from_mean_se", "se", se);
    return gamma(mean * mean / (se * se), se * se / mean);
  }

  /// The gamma distribution whose central interval of probability @p level is
  /// [lower, upper]. The ratio of the two quantiles depends on the shape alone
  /// and falls monotonically from ∞ to 1 as the shape grows, so the shape is the
  /// root of one equation (TOMS 748 on ln k); the scale then follows.
  static gamma from_interval(double lower, double upper, double level = 0.95) {
    static constexpr const char* function = "gamma.from_interval";
    err::check_positive(function, "lower", lower);
    err::check_positive(function, "upper", upper);
    err::check_open_unit(function, "level", level);
    err::check_less(function, "lower", lower, "upper", upper);
    const double p_lo = 0.5 * (1.0 - level);
    const double target = std::log(upper / lower);
    auto log_ratio = [&](double log_shape) {
      const boost::math::gamma_distribution<double> d(std::exp(log_shape), 1.0);
      return std::log(boost::math::quantile(boost::math::complement(d, p_lo))) -
             std::log(boost::math::quantile(d, p_lo)) - target;
    };
    double a = std::log(1e-2), b = std::log(1e8);
    if (!(log_ratio(a) > 0 && log_ratio(b) < 0)) {
      err::throw_invalid_argument(
          function, "no gamma distribution with shape in [0.01, 1e8] has the central " +
                        err::format_value(level) + " interval [" + err::format_value(lower) +
                        ", " + err::format_value(upper) + "]");
    }
    std::uintmax_t max_iterations = 200;
    const auto bracket = boost::math::tools::toms748_solve(
        log_ratio, a, b, boost::math::tools::eps_tolerance<double>(50), max_iterations);
    const double shape = std::exp(0.5 * (bracket.first + bracket.second));
    const boost::math::gamma_distribution<double> unit(shape, 1.0);
    return gamma(shape, lower / boost::math::quantile(unit, p_lo));
  }

  double shape() const { return shape_; }
  double scale() const { return scale_; }
  double mean() const { return shape_ * scale_; }
  double sd() const { return std::sqrt(shape_) * scale_; }
  double lower() const { return 0.0; }
  double upper() const { return std::numeric_limits<double>::infinity(); }
  double quantile(double p) const {
    err::check_probability("gamma.quantile", "p", p);
    if (p == 1.0) return upper();
    return boost::math::quantile(boost_, p);
  }
  double quantile_complement(double q) const {
    err::check_probability("gamma.quantile_complement", "q", q);
    if (q == 0.0) return upper();
    return boost::math::quantile(boost::math::complement(boost_, q));
  }
  double cdf(double x) const { return x <= 0 ? 0.0 : boost::math::cdf(boost_, x); }
  double pdf(double x) const {
    if (x < 0) return 0.0;
    if (x == 0) {  // Boost reports a pole here for shape < 1; the limit is what callers want
      return shape_ < 1 ? std::numeric_limits<double>::infinity() : shape_ == 1 ? 1.0 / scale_ : 0.0;
    }
    return boost::math::pdf(boost_, x);
  }

  std::string name() const { return "gamma"; }
  std::string describe() const {
    return "gamma(shape=" + err::format_value(shape_) + ", scale=" + err::format_value(scale_) +
           ")";
  }

 private:
  double shape_;
  double scale_;
  boost::math::gamma_distribution<double> boost_{1.0, 1.0};
};

}  // namespace prevsim::dist
