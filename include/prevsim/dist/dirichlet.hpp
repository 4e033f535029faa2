#pragma once
/// @file
/// The Dirichlet distribution, for shares that must sum to one.

#include <cmath>
#include <string>
#include <vector>

#include "prevsim/dist/gamma.hpp"
#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// Dirichlet(α₁, …, α_k): uncertain shares (p₁, …, p_k) with Σ p = 1, e.g. the
/// split of a cohort over subgroups or of a cost over payers. Component i has
/// mean α_i/α₀ and variance mean_i(1 − mean_i)/(α₀ + 1), α₀ = Σ α. Sampled as
/// independent Gamma(α_i, 1) variates divided by their sum.
///
/// \test tests/cpp/dist/dirichlet_test.cpp
class dirichlet {
 public:
  /// @throw std::invalid_argument for fewer than 2 components;
  /// std::domain_error for an α_i that is not finite and > 0.
  explicit dirichlet(std::vector<double> alpha) : alpha_(std::move(alpha)) {
    static constexpr const char* function = "dirichlet";
    if (alpha_.size() < 2) {
      err::throw_invalid_argument(function, "alpha has " + std::to_string(alpha_.size()) +
                                                " component(s), but needs at least 2");
    }
    for (std::size_t i = 0; i < alpha_.size(); ++i) {
      err::check_positive(function, err::indexed_name("alpha", static_cast<long long>(i)),
                          alpha_[i]);
      total_ += alpha_[i];
    }
  }

  /// From expected shares and an effective sample size: α_i = share_i · n (the
  /// shares observed among n people). Shares must sum to 1 within 1e-9.
  static dirichlet from_shares(const std::vector<double>& shares, double sample_size) {
    static constexpr const char* function = "dirichlet.from_shares";
    err::check_positive(function, "sample_size", sample_size);
    double sum = 0;
    for (std::size_t i = 0; i < shares.size(); ++i) {
      err::check_open_unit(function, err::indexed_name("shares", static_cast<long long>(i)),
                           shares[i]);
      sum += shares[i];
    }
    if (std::fabs(sum - 1.0) > 1e-9) {
      err::throw_domain_error(function, "the sum of shares", sum, "1 (within 1e-9)");
    }
    std::vector<double> alpha(shares.size());
    for (std::size_t i = 0; i < shares.size(); ++i) alpha[i] = shares[i] * sample_size;
    return dirichlet(std::move(alpha));
  }

  std::size_t size() const { return alpha_.size(); }
  const std::vector<double>& alpha() const { return alpha_; }
  double mean(std::size_t i) const { return alpha_[i] / total_; }
  double sd(std::size_t i) const {
    const double m = mean(i);
    return std::sqrt(m * (1.0 - m) / (total_ + 1.0));
  }
  /// The gamma variate that component i is built from.
  gamma component_gamma(std::size_t i) const { return gamma(alpha_[i], 1.0); }

  std::string describe() const {
    std::string text = "dirichlet(alpha=[";
    for (std::size_t i = 0; i < alpha_.size(); ++i) {
      if (i) text += ", ";
      text += err::format_value(alpha_[i]);
    }
    return text + "])";
  }

 private:
  std::vector<double> alpha_;
  double total_ = 0;
};

}  // namespace prevsim::dist
