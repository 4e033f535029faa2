#pragma once
/// @file
/// Running mean, variance, minimum and maximum that can be merged.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace prevsim::stats {

/// Streaming statistics of a sequence of values: count, mean, variance, min and
/// max, and the Monte Carlo standard error of the mean.
///
/// Values are added with Welford's update (numerically stable: no sum of
/// squares). Two accumulators over disjoint parts of a sequence merge exactly as
/// if one had seen all values, by Chan, Golub & LeVeque's pairwise formula
///   n = n_a + n_b,  δ = mean_b − mean_a,
///   mean = mean_a + δ n_b / n,  M2 = M2_a + M2_b + δ² n_a n_b / n,
/// so chunks of a run (or runs on different machines) can be combined. Merging
/// in a fixed order gives bit-identical results.
///
/// \test tests/cpp/stats/accumulator_test.cpp
class accumulator {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }

  void merge(const accumulator& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) {
      *this = other;
      return;
    }
    const double na = static_cast<double>(n_), nb = static_cast<double>(other.n_);
    const double n = na + nb;
    const double delta = other.mean_ - mean_;
    mean_ += delta * nb / n;
    m2_ += other.m2_ + delta * delta * na * nb / n;
    n_ += other.n_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }

  std::int64_t count() const { return n_; }
  /// Mean; NaN when empty.
  double mean() const { return n_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  /// Sample variance (divisor n − 1); NaN for fewer than two values.
  double variance() const {
    return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : std::numeric_limits<double>::quiet_NaN();
  }
  double sd() const { return std::sqrt(variance()); }
  /// Monte Carlo standard error of the mean, sd/√n.
  double mcse() const { return sd() / std::sqrt(static_cast<double>(n_)); }
  double min() const { return n_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const { return n_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }

 private:
  std::int64_t n_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace prevsim::stats
