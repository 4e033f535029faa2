#pragma once
/// @file
/// The discounted number of people a decision concerns, to scale a value of
/// information per person to a population and a decision horizon.
///
/// \test tests/cpp/econ/evppi_test.cpp

#include <cmath>

#include "prevsim/err/checks.hpp"

namespace prevsim::econ {

/// N_eff = Σ_{t=0}^{T−1} N·(1 + r)^−(t + τ): N people a year (a new cohort
/// each year) for T years, each year's group discounted to the decision year
/// at rate r with timing τ within the year (0 = start, 0.5 = mid, 1 = end).
/// Equal to N·T at r = 0 and to N·v^τ·(1 − v^T)/(1 − v), v = 1/(1 + r), else.
/// Population EVPI (or EVPPI) = N_eff × the value per person.
/// @param people_per_year N, finite and >= 0
/// @param years T, a whole number 1 … 1000
/// @param discount_rate r, within [0, 1]
/// @param timing τ, within [0, 1]
/// @throw std::domain_error for an argument out of range
inline double discounted_population(double people_per_year, int years, double discount_rate,
                                    double timing) {
  static constexpr const char* function = "discounted_population";
  err::check_nonnegative(function, "people_per_year", people_per_year);
  err::check_bounded(function, "years", years, 1, 1000);
  err::check_probability(function, "discount_rate", discount_rate);
  err::check_probability(function, "timing", timing);
  double total = 0;
  for (int t = 0; t < years; ++t) {
    total += std::pow(1.0 + discount_rate, -(static_cast<double>(t) + timing));
  }
  return people_per_year * total;
}

}  // namespace prevsim::econ
