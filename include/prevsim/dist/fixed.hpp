#pragma once
/// @file
/// A parameter that is not uncertain.

#include <limits>
#include <string>

#include "prevsim/err/checks.hpp"

namespace prevsim::dist {

/// A point mass at @p value: a parameter held fixed in every draw.
class fixed {
 public:
  /// @param value the value, finite. @throw std::domain_error if not finite.
  explicit fixed(double value) : value_(value) { err::check_finite("fixed", "value", value); }

  double value() const { return value_; }
  double mean() const { return value_; }
  double sd() const { return 0.0; }
  double lower() const { return value_; }
  double upper() const { return value_; }
  double quantile(double p) const {
    err::check_probability("fixed.quantile", "p", p);
    return value_;
  }
  double quantile_complement(double q) const {
    err::check_probability("fixed.quantile_complement", "q", q);
    return value_;
  }
  double cdf(double x) const { return x >= value_ ? 1.0 : 0.0; }
  std::string name() const { return "fixed"; }
  std::string describe() const { return "fixed(value=" + err::format_value(value_) + ")"; }

 private:
  double value_;
};

}  // namespace prevsim::dist
