#pragma once
/// @file
/// The lognormal distribution, mean- or median-preserving.

#include <cmath>
#include <limits>
#include <string>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Lognormal distribution: log X ~ N(meanlog, sdlog²).
///
/// Tools disagree on what a lognormal "around" a point estimate means, so the
/// constructors say which summary they preserve:
///  - from_mean_se: **mean-preserving**. E[X] = mean and SD[X] = se, hence
///    sdlog² = ln(1 + se²/mean²), meanlog = ln(mean) − sdlog²/2. Right for costs,
///    where the budget needs the expected value.
///  - from_median_se: **median-preserving**. median = e^meanlog = the estimate,
///    SD[X] = se: with w = e^{sdlog²}, (w − 1)·w = se²/median².
///  - from_interval: **median-preserving**. The interval is symmetric on the log
///    scale: meanlog = (ln lower + ln upper)/2, sdlog = (ln upper − ln lower) /
///    (2 Φ⁻¹((1 + level)/2)). This is how a relative risk or odds ratio with a
///    95 % confidence interval is usually reported.
///  - the plain constructor takes meanlog and sdlog directly.
///
/// \test tests/cpp/dist/lognormal_test.cpp
class lognormal {
 public:
  /// What the constructor used held fixed.
  enum class preserving { log_scale_parameters, mean, median };

  /// @param meanlog mean of log X, finite
  /// @param sdlog standard deviation of log X, finite and > 0
  lognormal(double meanlog, double sdlog, preserving how = preserving::log_scale_parameters)
      : meanlog_(meanlog), sdlog_(sdlog), preserving_(how) {
    err::check_finite("lognormal", "meanlog", meanlog);
    err::check_positive("lognormal", "sdlog", sdlog);
  }

  /// Mean-preserving: E[X] = @p mean > 0, SD[X] = @p se > 0.
  static lognormal from_mean_se(double mean, double se) {
    static constexpr const char* function = "lognormal.from_mean_se";
    err::check_positive(function, "mean", mean);
    err::check_positive(function, "se", se);
    const double cv = se / mean;
    const double s2 = std::log1p(cv * cv);
    return lognormal(std::log(mean) - 0.5 * s2, std::sqrt(s2), preserving::mean);
  }

  /// Median-preserving: median = @p median > 0, SD[X] = @p se > 0.
  static lognormal from_median_se(double median, double se) {
    static constexpr const char* function = "lognormal.from_median_se";
    err::check_positive(function, "median", median);
    err::check_positive(function, "se", se);
    const double c = (se / median) * (se / median);
    // w = e^{sdlog²} is the root of w² − w − c = 0. Written as
    // w − 1 = 2c / (1 + √(1 + 4c)) and taken through log1p, so that sdlog keeps
    // full precision when se ≪ median (ln w of a w rounded near 1 does not).
    const double s2 = std::log1p(2.0 * c / (1.0 + std::sqrt(1.0 + 4.0 * c)));
    return lognormal(std::log(median), std::sqrt(s2), preserving::median);
  }

  /// Median-preserving, from an interval that holds probability @p level and is
  /// symmetric on the log scale (e.g. a relative risk's 95 % CI).
  static lognormal from_interval(double lower, double upper, double level = 0.95) {
    static constexpr const char* function = "lognormal.from_interval";
    err::check_positive(function, "lower", lower);
    err::check_positive(function, "upper", upper);
    err::check_open_unit(function, "level", level);
    err::check_less(function, "lower", lower, "upper", upper);
    const double ll = std::log(lower), lu = std::log(upper);
    return lognormal(0.5 * (ll + lu), (lu - ll) / (2.0 * internal::two_sided_z(level)),
                     preserving::median);
  }

  double meanlog() const { return meanlog_; }
  double sdlog() const { return sdlog_; }
  preserving preserves() const { return preserving_; }
  double median() const { return std::exp(meanlog_); }
  double mean() const { return std::exp(meanlog_ + 0.5 * sdlog_ * sdlog_); }
  double sd() const { return mean() * std::sqrt(std::expm1(sdlog_ * sdlog_)); }
  double lower() const { return 0.0; }
  double upper() const { return std::numeric_limits<double>::infinity(); }

  double quantile(double p) const {
    err::check_probability("lognormal.quantile", "p", p);
    if (p == 0.0) return lower();
    if (p == 1.0) return upper();
    return std::exp(meanlog_ + sdlog_ * internal::phi_quantile(p));
  }
  double quantile_complement(double q) const {
    err::check_probability("lognormal.quantile_complement", "q", q);
    if (q == 0.0) return upper();
    if (q == 1.0) return lower();
    return std::exp(meanlog_ + sdlog_ * internal::phi_quantile_complement(q));
  }
  double cdf(double x) const {
    return x <= 0 ? 0.0 : internal::phi_cdf((std::log(x) - meanlog_) / sdlog_);
  }
  double pdf(double x) const {
    return x <= 0 ? 0.0 : internal::phi_pdf((std::log(x) - meanlog_) / sdlog_) / (sdlog_ * x);
  }

  std::string name() const { return "lognormal"; }
  std::string describe() const {
    std::string how = preserving_ == preserving::mean     ? ", mean-preserving"
                      : preserving_ == preserving::median ? ", median-preserving"
                                                          : "";
    return "lognormal(meanlog=" + err::format_value(meanlog_) +
           ", sdlog=" + err::format_value(sdlog_) + how + ")";
  }

 private:
  double meanlog_;
  double sdlog_;
  preserving preserving_;
};

}  // namespace prevsim::dist
