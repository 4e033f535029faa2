#pragma once
/// @file
/// The beta distribution, for probabilities and proportions.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/tools/roots.hpp>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Beta(alpha, beta) on [0, 1]. The usual choice for an uncertain probability or
/// share (a prevalence, a completion rate, a utility).
///
/// \test tests/cpp/dist/beta_test.cpp
class beta {
 public:
  /// @param alpha shape α > 0; @param beta shape β > 0.
  beta(double alpha, double beta_shape) : alpha_(alpha), beta_(beta_shape) {
    err::check_positive("beta", "alpha", alpha);
    err::check_positive("beta", "beta", beta_shape);
    boost_ = boost::math::beta_distribution<double>(alpha_, beta_);
  }

  /// Method of moments: with ν = mean(1 − mean)/se² − 1, α = mean·ν, β = (1 − mean)·ν.
  /// @throw std::domain_error if mean is outside (0, 1) or se² >= mean(1 − mean)
  /// (no beta distribution has that spread; this is never silently "fixed").
  static beta from_mean_se(double mean, double se) {
    static constexpr const char* function = "beta.from_mean_se";
    err::check_open_unit(function, "mean", mean);
    err::check_positive(function, "se", se);
    const double limit = std::sqrt(mean * (1.0 - mean));
    if (!(se < limit)) {
      err::throw_domain_error(function, "se", se,
                              "below sqrt(mean*(1-mean)) = " + err::format_value(limit) +
                                  " for mean " + err::format_value(mean) +
                                  " (no beta distribution is that wide)");
    }
    const double nu = mean * (1.0 - mean) / (se * se) - 1.0;
    return beta(mean * nu, (1.0 - mean) * nu);
  }

  /// The beta distribution whose central interval of probability @p level is
  /// [lower, upper], solved by damped Newton iteration on (ln α, ln β) from the
  /// method-of-moments start. @throw std::invalid_argument if no beta fits.
  static beta from_interval(double lower, double upper, double level = 0.95);

  double alpha() const { return alpha_; }
  double beta_shape() const { return beta_; }
  double mean() const { return alpha_ / (alpha_ + beta_); }
  double sd() const {
    const double s = alpha_ + beta_;
    return std::sqrt(alpha_ * beta_ / (s * s * (s + 1.0)));
  }
  double lower() const { return 0.0; }
  double upper() const { return 1.0; }
  double quantile(double p) const {
    err::check_probability("beta.quantile", "p", p);
    try {
      return boost::math::quantile(boost_, p);
    } catch (const boost::math::evaluation_error&) {
      return bracketed_quantile(p, false);
    }
  }
  double quantile_complement(double q) const {
    err::check_probability("beta.quantile_complement", "q", q);
    try {
      return boost::math::quantile(boost::math::complement(boost_, q));
    } catch (const boost::math::evaluation_error&) {
      return bracketed_quantile(q, true);
    }
  }
  double cdf(double x) const {
    if (x <= 0) return 0.0;
    if (x >= 1) return 1.0;
    return boost::math::cdf(boost_, x);
  }
  double pdf(double x) const {
    if (x < 0 || x > 1) return 0.0;
    return boost::math::pdf(boost_, x);
  }

  std::string name() const { return "beta"; }
  std::string describe() const {
    return "beta(alpha=" + err::format_value(alpha_) + ", beta=" + err::format_value(beta_) + ")";
  }

 private:
  // Boost 1.74's ibeta_inv can fail to converge: for a symmetric beta at the
  // median (its Newton iteration reports "no root"), and far in a tail (Beta(2, 5)
  // at p <= 1e-100: "exceeded 200 iterations"). There the quantile is found by
  // bisection of [0, 1] on the cdf (or its complement), with geometric midpoints
  // while the bracket spans more than a factor 2, so that a quantile near 0 is
  // found to full relative precision (a plain TOMS 748 on [0, 1] stopped after
  // its iteration limit at 1.6e-29 for a quantile of 2.6e-151). It ends when no
  // double lies between the ends: at most ~1100 cdf calls, typically ~60.
  double bracketed_quantile(double prob, bool complement) const {
    // True if x lies below the quantile sought.
    auto below = [&](double x) {
      return complement ? boost::math::cdf(boost::math::complement(boost_, x)) > prob
                        : boost::math::cdf(boost_, x) < prob;
    };
    double lo = 0.0, hi = 1.0;
    for (int iteration = 0; iteration < 4000; ++iteration) {
      const double mid = lo == 0.0    ? hi / 16.0
                         : hi > 2 * lo ? std::sqrt(lo) * std::sqrt(hi)
                                       : lo + 0.5 * (hi - lo);
      if (!(mid > lo && mid < hi)) break;
      (below(mid) ? lo : hi) = mid;
    }
    return hi;
  }

  double alpha_;
  double beta_;
  boost::math::beta_distribution<double> boost_{1.0, 1.0};
};

inline beta beta::from_interval(double lower, double upper, double level) {
  static constexpr const char* function = "beta.from_interval";
  err::check_open_unit(function, "lower", lower);
  err::check_open_unit(function, "upper", upper);
  err::check_open_unit(function, "level", level);
  err::check_less(function, "lower", lower, "upper", upper);
  const double p_lo = 0.5 * (1.0 - level);

  // Residuals on the logit scale, so that intervals near 0 or 1 are fitted in
  // relative terms. A quantile above 1/2 is taken as 1 − y, y the matching
  // quantile of the mirrored Beta(β, α), with logit(1 − y) = −logit(y): a
  // quantile within 1e-13 of 1 would otherwise be rounded to a few ulps of 1,
  // and the Jacobian would vanish.
  auto logit = [](double x) { return std::log(x) - std::log1p(-x); };
  auto residual = [&](double la, double lb) {
    const boost::math::beta_distribution<double> d(std::exp(la), std::exp(lb));
    const boost::math::beta_distribution<double> mirrored(std::exp(lb), std::exp(la));
    const double x_lo = boost::math::quantile(d, p_lo);
    const double x_hi = boost::math::quantile(boost::math::complement(d, p_lo));
    const double logit_lo =
        x_lo <= 0.5 ? logit(x_lo)
                    : -logit(boost::math::quantile(boost::math::complement(mirrored, p_lo)));
    const double logit_hi =
        x_hi <= 0.5 ? logit(x_hi) : -logit(boost::math::quantile(mirrored, p_lo));
    return std::array<double, 2>{logit_lo - logit(lower), logit_hi - logit(upper)};
  };
  // Start: moments of the interval read as a normal one, clipped to a valid beta.
  double m = 0.5 * (lower + upper);
  double se = (upper - lower) / (2.0 * internal::two_sided_z(level));
  se = std::fmin(se, 0.9 * std::sqrt(m * (1.0 - m)));
  double nu = m * (1.0 - m) / (se * se) - 1.0;
  double la = std::log(m * nu), lb = std::log((1.0 - m) * nu);
  // Boost.Math throws for shapes it cannot handle (an interval so narrow or so
  // close to 0 that the start overflows); that is reported as no fit below.
  try {
    auto r = residual(la, lb);
    for (int iteration = 0; iteration < 200; ++iteration) {
      const double norm = std::fabs(r[0]) + std::fabs(r[1]);
      if (norm < 1e-11) return beta(std::exp(la), std::exp(lb));
      constexpr double h = 1e-6;
      const auto ra = residual(la + h, lb);
      const auto rb = residual(la, lb + h);
      const double j00 = (ra[0] - r[0]) / h, j01 = (rb[0] - r[0]) / h;
      const double j10 = (ra[1] - r[1]) / h, j11 = (rb[1] - r[1]) / h;
      const double det = j00 * j11 - j01 * j10;
      if (!(std::fabs(det) > 0)) break;
      const double da = -(j11 * r[0] - j01 * r[1]) / det;
      const double db = -(-j10 * r[0] + j00 * r[1]) / det;
      // Backtracking: halve the step until the residual shrinks.
      double step = 1.0;
      bool improved = false;
      for (int halving = 0; halving < 40; ++halving, step *= 0.5) {
        const double na = la + step * da, nb = lb + step * db;
        if (std::fabs(na) > 700 || std::fabs(nb) > 700) continue;
        const auto nr = residual(na, nb);
        if (std::fabs(nr[0]) + std::fabs(nr[1]) < norm) {
          la = na;
          lb = nb;
          r = nr;
          improved = true;
          break;
        }
      }
      if (!improved) break;
    }
  } catch (const std::exception&) {
  }
  err::throw_invalid_argument(function, "no beta distribution has the central " +
                                            err::format_value(level) + " interval [" +
                                            err::format_value(lower) + ", " +
                                            err::format_value(upper) + "]");
}

}  // namespace prevsim::dist
