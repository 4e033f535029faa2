#pragma once
/// @file
/// The (modified) PERT distribution (minimum, mode, maximum).

#include <cmath>
#include <string>

#include "prevsim/dist/beta.hpp"

#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// PERT on [lower, upper] with mode @p mode: a beta distribution rescaled to the
/// range, with α = 1 + λ(mode − lower)/(upper − lower) and
/// β = 1 + λ(upper − mode)/(upper − lower). λ = 4 is the classic PERT (mean
/// (lower + 4·mode + upper)/6); other λ give Vose's "modified PERT". Smoother and
/// less tail-heavy than the triangular for the same three numbers.
///
/// \test tests/cpp/dist/pert_test.cpp
class pert {
 public:
  /// @throw std::domain_error unless lower <= mode <= upper, lower < upper, λ > 0.
  pert(double lower, double mode, double upper, double lambda = 4.0)
      : lower_(lower), mode_(mode), upper_(upper), lambda_(lambda) {
    static constexpr const char* function = "pert";
    err::check_finite(function, "lower", lower);
    err::check_finite(function, "mode", mode);
    err::check_finite(function, "upper", upper);
    err::check_less(function, "lower", lower, "upper", upper);
    err::check_bounded(function, "mode", mode, lower, upper);
    err::check_positive(function, "lambda", lambda);
    const double width = upper - lower;
    alpha_ = 1.0 + lambda * (mode - lower) / width;
    beta_ = 1.0 + lambda * (upper - mode) / width;
    standard_ = beta(alpha_, beta_);
    mirrored_ = beta(beta_, alpha_);
  }

  double mode() const { return mode_; }
  double lambda() const { return lambda_; }
  double alpha() const { return alpha_; }
  double beta_shape() const { return beta_; }
  double mean() const { return lower_ + (upper_ - lower_) * alpha_ / (alpha_ + beta_); }
  double sd() const {
    const double s = alpha_ + beta_;
    return (upper_ - lower_) * std::sqrt(alpha_ * beta_ / (s * s * (s + 1.0)));
  }
  double lower() const { return lower_; }
  double upper() const { return upper_; }
  double quantile(double p) const {
    err::check_probability("pert.quantile", "p", p);
    return lower_ + (upper_ - lower_) * standard_.quantile(p);
  }
  double quantile_complement(double q) const {
    err::check_probability("pert.quantile_complement", "q", q);
    // Measured from the upper end, where 1 − Y ~ Beta(β, α), so small q keeps its
    // precision.
    return upper_ - (upper_ - lower_) * mirrored_.quantile(q);
  }
  double cdf(double x) const {
    return x <= lower_ ? 0.0
           : x >= upper_
               ? 1.0
               : standard_.cdf((x - lower_) / (upper_ - lower_));
  }
  double pdf(double x) const {
    return x < lower_ || x > upper_
               ? 0.0
               : standard_.pdf((x - lower_) / (upper_ - lower_)) / (upper_ - lower_);
  }

  std::string name() const { return "pert"; }
  std::string describe() const {
    return "pert(lower=" + err::format_value(lower_) + ", mode=" + err::format_value(mode_) +
           ", upper=" + err::format_value(upper_) + ", lambda=" + err::format_value(lambda_) + ")";
  }

 private:
  double lower_;
  double mode_;
  double upper_;
  double lambda_;
  double alpha_ = 1.0;
  double beta_ = 1.0;
  beta standard_{1.0, 1.0};  ///< on [0, 1]
  beta mirrored_{1.0, 1.0};  ///< 1 − the standard variate: Beta(β, α)
};

}  // namespace prevsim::dist
