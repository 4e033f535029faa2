#pragma once
/// @file
/// Threshold analysis: the values of one input at which a decision metric
/// (an NPV, an incremental net benefit) crosses 0, found by a bracketing root
/// finder on a stated range — solved, not read off a grid.
///
/// \test tests/cpp/econ/evppi_test.cpp

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/tools/toms748_solve.hpp>

#include "prevsim/err/checks.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::econ {

/// Where a metric f(x) crosses 0 on [lower, upper].
struct threshold_result {
  /// Every crossing found, ascending (empty: no threshold in the range).
  std::vector<double> roots;
  /// The points of the bracketing grid, lower … upper (brackets + 1 points).
  std::vector<double> grid;
  /// f at each grid point.
  std::vector<double> values;
};

namespace internal {

/// Stops when the bracket is shorter than max(absolute, relative·|x|).
struct threshold_tolerance {
  double absolute;
  double relative;
  bool operator()(double a, double b) const {
    return std::fabs(b - a) <= std::max(absolute, relative * std::min(std::fabs(a), std::fabs(b)));
  }
};

}  // namespace internal

/// The values x in [lower, upper] with f(x) = 0.
///
/// Method: f is evaluated at brackets + 1 equally spaced points; a grid point
/// where f is exactly 0 is a root, and each interval whose ends have opposite
/// signs holds one, solved with Boost.Math's toms748_solve (Alefeld, Potra &
/// Shi 1995, ACM TOMS 21(3):327–344) to max(1e-12·(upper − lower), 1e-12·|x|).
/// A function monotone on the range (the usual case: an NPV in an effect
/// size or a unit cost) has at most one root and it is always found; two
/// roots inside one grid interval (a metric that dips below 0 and back
/// within 1/brackets of the range) are not seen, which is why the grid is
/// returned with the roots.
/// @param f the metric, called with x in [lower, upper]; must return a finite value
/// @param lower, upper the range, finite, lower < upper
/// @param brackets grid intervals, 1 … 1000
/// @throw std::domain_error for a bad range or brackets, or a non-finite f(x)
///   (naming x); whatever f throws
template <class F>
threshold_result find_thresholds(F&& f, double lower, double upper, int brackets = 8) {
  static constexpr const char* function = "find_thresholds";
  err::check_finite(function, "lower", lower);
  err::check_finite(function, "upper", upper);
  err::check_less(function, "lower", lower, "upper", upper);
  err::check_bounded(function, "brackets", brackets, 1, 1000);
  auto value = [&](double x) {
    const double v = f(x);
    if (!std::isfinite(v)) {
      err::throw_domain_error(function, "the metric at " + err::format_value(x), v, "finite");
    }
    return v;
  };
  threshold_result out;
  for (int i = 0; i <= brackets; ++i) {
    const double x = i == brackets ? upper
                                   : lower + (upper - lower) * static_cast<double>(i) /
                                                 static_cast<double>(brackets);
    out.grid.push_back(x);
    out.values.push_back(value(x));
  }
  const internal::threshold_tolerance tolerance{1e-12 * (upper - lower), 1e-12};
  for (std::size_t i = 0; i < out.grid.size(); ++i) {
    if (out.values[i] == 0) {
      out.roots.push_back(out.grid[i]);
      continue;
    }
    if (i + 1 == out.grid.size() || out.values[i + 1] == 0) continue;
    if ((out.values[i] < 0) == (out.values[i + 1] < 0)) continue;
    std::uintmax_t max_iter = 200;
    const auto bracket = boost::math::tools::toms748_solve(value, out.grid[i], out.grid[i + 1],
                                                           out.values[i], out.values[i + 1],
                                                           tolerance, max_iter);
    out.roots.push_back(0.5 * (bracket.first + bracket.second));
  }
  return out;
}

}  // namespace prevsim::econ
