#pragma once
/// @file
/// Sample quantiles, intervals and exceedance probabilities.

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "prevsim/err/checks.hpp"

namespace prevsim::stats {

/// Sample quantiles of @p values (copied and sorted once) at probabilities
/// @p probs, by linear interpolation between order statistics: Hyndman & Fan's
/// definition 7, the default of R's quantile() and NumPy's percentile, so that
/// results match what users check them against. For sorted x₁..x_n and
/// h = (n − 1)p: Q(p) = x_⌊h⌋+1 + (h − ⌊h⌋)(x_⌊h⌋+2 − x_⌊h⌋+1).
/// @throw std::invalid_argument for no values; std::domain_error for a
/// probability outside [0, 1] or a value that is NaN.
inline std::vector<double> quantiles(std::vector<double> values, const std::vector<double>& probs) {
  static constexpr const char* function = "quantiles";
  if (values.empty()) err::throw_invalid_argument(function, "values is empty");
  for (std::size_t i = 0; i < probs.size(); ++i) {
    err::check_probability(function, err::indexed_name("probs", static_cast<long long>(i)),
                           probs[i]);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      err::throw_domain_error(function, err::indexed_name("values", static_cast<long long>(i)),
                              values[i], "a number, not NaN");
    }
  }
  std::sort(values.begin(), values.end());
  std::vector<double> out;
  out.reserve(probs.size());
  const double last = static_cast<double>(values.size() - 1);
  for (double p : probs) {
    const double h = last * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    out.push_back(values[lo] + (h - std::floor(h)) * (values[hi] - values[lo]));
  }
  return out;
}

/// The central interval holding probability @p level: the quantiles at
/// (1 − level)/2 and (1 + level)/2.
inline std::pair<double, double> interval(std::vector<double> values, double level) {
  err::check_open_unit("interval", "level", level);
  const auto q = quantiles(std::move(values), {0.5 * (1.0 - level), 0.5 * (1.0 + level)});
  return {q[0], q[1]};
}

/// Share of values strictly above @p threshold: the Monte Carlo estimate of
/// P(X > threshold), e.g. P(NPV > 0).
/// @throw std::invalid_argument for no values.
template <class Range>
double probability_above(const Range& values, double threshold) {
  std::size_t n = 0, above = 0;
  for (double v : values) {
    ++n;
    if (v > threshold) ++above;
  }
  if (n == 0) err::throw_invalid_argument("probability_above", "values is empty");
  return static_cast<double>(above) / static_cast<double>(n);
}

}  // namespace prevsim::stats
