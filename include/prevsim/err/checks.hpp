#pragma once
/// @file
/// Argument checks used at the boundary of every public function. Each names the
/// calling function and the argument, and throws std::domain_error (see
/// throw_error.hpp for the message format). Checks run once when objects are
/// built, never per draw inside a sampling loop.

#include <cmath>
#include <string>
#include <string_view>

#include "prevsim/err/throw_error.hpp"

namespace prevsim::err {

/// @throw std::domain_error unless @p x is finite.
inline void check_finite(std::string_view function, std::string_view name, double x) {
  if (!std::isfinite(x)) throw_domain_error(function, name, x, "finite");
}

/// @throw std::domain_error unless @p x is finite and > 0.
inline void check_positive(std::string_view function, std::string_view name, double x) {
  if (!(std::isfinite(x) && x > 0)) throw_domain_error(function, name, x, "finite and > 0");
}

/// @throw std::domain_error unless @p x is finite and >= 0.
inline void check_nonnegative(std::string_view function, std::string_view name, double x) {
  if (!(std::isfinite(x) && x >= 0)) throw_domain_error(function, name, x, "finite and >= 0");
}

/// @throw std::domain_error unless 0 <= @p x <= 1.
inline void check_probability(std::string_view function, std::string_view name, double x) {
  if (!(x >= 0 && x <= 1)) throw_domain_error(function, name, x, "within [0, 1]");
}

/// @throw std::domain_error unless 0 < @p x < 1.
inline void check_open_unit(std::string_view function, std::string_view name, double x) {
  if (!(x > 0 && x < 1)) throw_domain_error(function, name, x, "within (0, 1), exclusive");
}

/// @throw std::domain_error unless lo <= @p x <= hi.
inline void check_bounded(std::string_view function, std::string_view name, double x, double lo,
                          double hi) {
  if (!(x >= lo && x <= hi)) {
    throw_domain_error(function, name, x,
                       "within [" + format_value(lo) + ", " + format_value(hi) + "]");
  }
}

/// @throw std::domain_error unless @p x < @p bound, where the bound is itself
/// an argument called @p bound_name (so the message names both).
inline void check_less(std::string_view function, std::string_view name, double x,
                       std::string_view bound_name, double bound) {
  if (!(x < bound)) {
    throw_domain_error(function, name, x,
                       "less than " + std::string(bound_name) + " (" + format_value(bound) + ")");
  }
}

/// @throw std::domain_error unless @p x <= @p bound (named as in check_less).
inline void check_less_or_equal(std::string_view function, std::string_view name, double x,
                                std::string_view bound_name, double bound) {
  if (!(x <= bound)) {
    throw_domain_error(function, name, x,
                       "at most " + std::string(bound_name) + " (" + format_value(bound) + ")");
  }
}

}  // namespace prevsim::err
