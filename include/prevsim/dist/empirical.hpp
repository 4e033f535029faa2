#pragma once
/// @file
/// Resampling of supplied values (e.g. draws from a published posterior or a
/// bootstrap).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// The discrete distribution that puts mass 1/n on each of n supplied values:
/// sampling from it resamples the values with replacement. Its mean is the
/// average of the values and its sd their population standard deviation
/// (divisor n), the moments of the resampling distribution.
///
/// \test tests/cpp/dist/empirical_test.cpp
class empirical {
 public:
  /// @throw std::invalid_argument if @p values is empty; std::domain_error if
  /// any value is not finite.
  explicit empirical(std::vector<double> values) : sorted_(std::move(values)) {
    static constexpr const char* function = "empirical";
    if (sorted_.empty()) err::throw_invalid_argument(function, "values is empty");
    for (std::size_t i = 0; i < sorted_.size(); ++i) {
      err::check_finite(function, err::indexed_name("values", static_cast<long long>(i)),
                        sorted_[i]);
    }
    std::sort(sorted_.begin(), sorted_.end());
    double sum = 0;
    for (double v : sorted_) sum += v;
    mean_ = sum / static_cast<double>(sorted_.size());
    double ss = 0;
    for (double v : sorted_) ss += (v - mean_) * (v - mean_);
    sd_ = std::sqrt(ss / static_cast<double>(sorted_.size()));
  }

  const std::vector<double>& sorted_values() const { return sorted_; }
  std::size_t size() const { return sorted_.size(); }
  double mean() const { return mean_; }
  double sd() const { return sd_; }
  double lower() const { return sorted_.front(); }
  double upper() const { return sorted_.back(); }

  /// The value at position ⌊p·n⌋ (0-based) of the sorted values: the left-
  /// continuous inverse of the step cdf, so every value has probability 1/n.
  double quantile(double p) const {
    err::check_probability("empirical.quantile", "p", p);
    return sorted_[index_for(p)];
  }
  double quantile_complement(double q) const {
    err::check_probability("empirical.quantile_complement", "q", q);
    return quantile(1.0 - q);
  }
  /// Share of values <= x.
  double cdf(double x) const {
    const auto count = std::upper_bound(sorted_.begin(), sorted_.end(), x) - sorted_.begin();
    return static_cast<double>(count) / static_cast<double>(sorted_.size());
  }

  std::string name() const { return "empirical"; }
  std::string describe() const {
    return "empirical(n=" + std::to_string(sorted_.size()) + ", mean=" + err::format_value(mean_) +
           ")";
  }

  /// 0-based index of the value chosen by probability p.
  std::size_t index_for(double p) const {
    const double n = static_cast<double>(sorted_.size());
    const double i = std::floor(p * n);
    return i >= n ? sorted_.size() - 1 : static_cast<std::size_t>(i);
  }

 private:
  std::vector<double> sorted_;
  double mean_ = 0;
  double sd_ = 0;
};

}  // namespace prevsim::dist
