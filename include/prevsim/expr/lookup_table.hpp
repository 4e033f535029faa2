#pragma once
/// @file
/// Step-function tables used inside expressions (e.g. mortality by age band).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "prevsim/err/checks.hpp"

namespace prevsim::expr {

/// A step function of one variable: value v_k on [x_k, x_{k+1}), the first
/// value below x_1 and the last from x_n on. With one breakpoint per year of age
/// this is a life table: `mort(age)` gives the value of the age band that
/// contains age.
///
/// \test tests/cpp/expr/program_test.cpp
class lookup_table {
 public:
  /// @param name the function name used in expressions
  /// @param breakpoints strictly increasing, finite; @param values same length, finite
  /// @throw std::invalid_argument / std::domain_error naming the table and entry
  lookup_table(std::string name, std::vector<double> breakpoints, std::vector<double> values)
      : name_(std::move(name)), x_(std::move(breakpoints)), v_(std::move(values)) {
    const std::string function = "table " + name_;
    if (x_.empty()) err::throw_invalid_argument(function, "has no rows");
    if (x_.size() != v_.size()) {
      err::throw_invalid_argument(function, "has " + std::to_string(x_.size()) +
                                                " breakpoints but " + std::to_string(v_.size()) +
                                                " values");
    }
    for (std::size_t i = 0; i < x_.size(); ++i) {
      err::check_finite(function, err::indexed_name("breakpoints", static_cast<long long>(i)), x_[i]);
      err::check_finite(function, err::indexed_name("values", static_cast<long long>(i)), v_[i]);
      if (i > 0 && !(x_[i] > x_[i - 1])) {
        err::throw_domain_error(function, err::indexed_name("breakpoints", static_cast<long long>(i)),
                                x_[i], "greater than the previous breakpoint (" +
                                           err::format_value(x_[i - 1]) + ")");
      }
    }
  }

  const std::string& name() const { return name_; }
  const std::vector<double>& breakpoints() const { return x_; }
  const std::vector<double>& values() const { return v_; }

  double operator()(double x) const {
    if (std::isnan(x)) return x;
    const auto it = std::upper_bound(x_.begin(), x_.end(), x);
    const std::size_t k = it == x_.begin() ? 0 : static_cast<std::size_t>(it - x_.begin()) - 1;
    return v_[k];
  }

 private:
  std::string name_;
  std::vector<double> x_;
  std::vector<double> v_;
};

}  // namespace prevsim::expr
