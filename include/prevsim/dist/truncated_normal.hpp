#pragma once
/// @file
/// The normal distribution truncated to an interval.

#include <cmath>
#include <limits>
#include <string>

#include <boost/math/quadrature/gauss.hpp>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// N(mu, sigma²) conditioned on lower <= X <= upper. Either bound may be
/// infinite (one-sided truncation, e.g. a cost that cannot be negative), not
/// both. Note that mu and sigma are the parameters of the *untruncated* normal:
/// mean() and sd() of the truncated distribution differ from them.
///
/// With α = (lower − mu)/sigma, β = (upper − mu)/sigma and Z = Φ(β) − Φ(α):
///   mean = mu + sigma (φ(α) − φ(β))/Z,
///   var  = sigma² [1 + (αφ(α) − βφ(β))/Z − ((φ(α) − φ(β))/Z)²].
/// Quantiles invert Φ on whichever side of the distribution keeps precision, so
/// truncation far in a tail (Z ≈ 1e-10) is still exact. Within 0.02 sigma of a
/// finite bound, probabilities are integrals of φ from the bound (Gauss–Legendre)
/// rather than differences of Φ, so that x − bound keeps its relative precision
/// (a half-normal's Q(1e-16) is 1.25e-16, not 0).
///
/// \test tests/cpp/dist/truncated_normal_test.cpp
class truncated_normal {
 public:
  /// @throw std::domain_error for sigma <= 0, lower >= upper, both bounds
  /// infinite, or an interval holding no probability mass in double precision.
  truncated_normal(double mu, double sigma, double lower, double upper)
      : mu_(mu), sigma_(sigma), lower_(lower), upper_(upper) {
    static constexpr const char* function = "truncated_normal";
    err::check_finite(function, "mu", mu);
    err::check_positive(function, "sigma", sigma);
    if (std::isnan(lower) || lower == std::numeric_limits<double>::infinity()) {
      err::throw_domain_error(function, "lower", lower, "finite or -inf");
    }
    if (std::isnan(upper) || upper == -std::numeric_limits<double>::infinity()) {
      err::throw_domain_error(function, "upper", upper, "finite or +inf");
    }
    err::check_less(function, "lower", lower, "upper", upper);
    if (std::isinf(lower) && std::isinf(upper)) {
      err::throw_invalid_argument(function,
                                  "lower and upper are both infinite; use normal instead");
    }
    a_ = (lower - mu) / sigma;
    b_ = (upper - mu) / sigma;
    upper_side_ = a_ > 0;  // all mass in the upper tail: work with complements
    mass_ = upper_side_ ? internal::phi_ccdf(a_) - internal::phi_ccdf(b_)
                        : (b_ <= 0 ? internal::phi_cdf(b_) - internal::phi_cdf(a_)
                                   : 1.0 - internal::phi_cdf(a_) - internal::phi_ccdf(b_));
    if (!(mass_ > 1e-300)) {
      err::throw_domain_error(function, "the probability mass inside [lower, upper]", mass_,
                              "> 1e-300 (the interval lies too far in the tail of N(mu, sigma))");
    }
  }

  double mu() const { return mu_; }
  double sigma() const { return sigma_; }
  double lower() const { return lower_; }
  double upper() const { return upper_; }

  double mean() const { return mu_ + sigma_ * (phi_at(a_) - phi_at(b_)) / mass_; }
  double sd() const {
    const double r = (phi_at(a_) - phi_at(b_)) / mass_;
    const double v = 1.0 + (xphi_at(a_) - xphi_at(b_)) / mass_ - r * r;
    return sigma_ * std::sqrt(std::fmax(v, 0.0));
  }

  double quantile(double p) const {
    err::check_probability("truncated_normal.quantile", "p", p);
    return invert(p, 1.0 - p, p <= 0.5);
  }
  double quantile_complement(double q) const {
    err::check_probability("truncated_normal.quantile_complement", "q", q);
    return invert(1.0 - q, q, q > 0.5);
  }
  double cdf(double x) const {
    if (x <= lower_) return 0.0;
    if (x >= upper_) return 1.0;
    const double h = (x - lower_) / sigma_;
    if (h < near_bound) return phi_integral(a_, 1.0, h) / mass_;
    const double z = (x - mu_) / sigma_;
    return upper_side_ ? (internal::phi_ccdf(a_) - internal::phi_ccdf(z)) / mass_
                       : (internal::phi_cdf(z) - internal::phi_cdf(a_)) / mass_;
  }
  double pdf(double x) const {
    if (x < lower_ || x > upper_) return 0.0;
    return internal::phi_pdf((x - mu_) / sigma_) / (sigma_ * mass_);
  }

  std::string name() const { return "truncated_normal"; }
  std::string describe() const {
    return "truncated_normal(mu=" + err::format_value(mu_) + ", sigma=" + err::format_value(sigma_) +
           ", lower=" + err::format_value(lower_) + ", upper=" + err::format_value(upper_) + ")";
  }

 private:
  static double phi_at(double z) { return std::isinf(z) ? 0.0 : internal::phi_pdf(z); }
  static double xphi_at(double z) { return std::isinf(z) ? 0.0 : z * internal::phi_pdf(z); }

  // The x with P(X <= x) = p and P(X > x) = q (p + q = 1, both given so that the
  // small one keeps its precision). from_lower says which of them to trust.
  double invert(double p, double q, bool from_lower) const {
    if (p <= 0.0) return lower_;
    if (q <= 0.0) return upper_;
    // Next to a finite bound, where p·Z is tiny against the Φ or Φ̄ it would be
    // added to: measure the distance from the bound instead.
    if (from_lower && std::isfinite(a_) &&
        p * mass_ < 0.01 * (upper_side_ ? internal::phi_ccdf(a_) : internal::phi_cdf(a_))) {
      return std::fmin(lower_ + sigma_ * distance_from_bound(a_, 1.0, p * mass_), upper_);
    }
    if (!from_lower && std::isfinite(b_) &&
        q * mass_ < 0.01 * (upper_side_ || b_ > 0 ? upper_ccdf() : internal::phi_cdf(b_))) {
      return std::fmax(upper_ - sigma_ * distance_from_bound(b_, -1.0, q * mass_), lower_);
    }
    double z;
    if (from_lower) {
      // Φ(z) = Φ(α) + p·Z, or in complements Φ̄(z) = Φ̄(α) − p·Z.
      z = upper_side_ ? -internal::phi_quantile(internal::phi_ccdf(a_) - p * mass_)
                      : internal::phi_quantile(lower_cdf() + p * mass_);
    } else {
      // Φ̄(z) = Φ̄(β) + q·Z, or Φ(z) = Φ(β) − q·Z.
      z = upper_side_ || b_ > 0 ? internal::phi_quantile_complement(upper_ccdf() + q * mass_)
                                : internal::phi_quantile(internal::phi_cdf(b_) - q * mass_);
    }
    const double x = mu_ + sigma_ * z;
    return std::fmin(std::fmax(x, lower_), upper_);
  }
  // ∫_0^h φ(bound + direction·t) dt for a short h (<= ~0.02): 8-point
  // Gauss–Legendre is exact to rounding there.
  static double phi_integral(double bound, double direction, double h) {
    return boost::math::quadrature::gauss<double, 8>::integrate(
        [&](double t) { return internal::phi_pdf(bound + direction * t); }, 0.0, h);
  }
  // The h >= 0 with phi_integral(bound, direction, h) = target, by Newton's
  // method from the first-order guess (the integral is monotone and, over so
  // short a distance, nearly linear).
  static double distance_from_bound(double bound, double direction, double target) {
    double h = target / internal::phi_pdf(bound);
    for (int iteration = 0; iteration < 20; ++iteration) {
      const double step = (phi_integral(bound, direction, h) - target) /
                          internal::phi_pdf(bound + direction * h);
      h -= step;
      if (!(std::fabs(step) > 1e-15 * h)) break;
    }
    return h;
  }
  /// Standardised distance from the lower bound within which the cdf integrates φ.
  static constexpr double near_bound = 0.02;

  double lower_cdf() const { return std::isinf(a_) ? 0.0 : internal::phi_cdf(a_); }
  double upper_ccdf() const { return std::isinf(b_) ? 0.0 : internal::phi_ccdf(b_); }

  double mu_, sigma_, lower_, upper_;
  double a_ = 0, b_ = 0, mass_ = 1;
  bool upper_side_ = false;
};

}  // namespace prevsim::dist
