#pragma once
/// @file
/// A price index (e.g. SCB's KPI, 1980 = 100) and the conversion of amounts
/// between price years.
///
/// \test tests/cpp/econ/price_index_test.cpp

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "prevsim/err/checks.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::econ {

/// A table of (year, index) pairs, one index value per calendar year, used to
/// restate an amount from one price year in the prices of another:
///   convert(x, from, to) = x·I(to)/I(from).
/// Only ratios enter, so the base year of the index (KPI: 1980 = 100) does not
/// matter as long as one series is used throughout.
///
/// Years must be strictly increasing and values finite and > 0; years need not
/// be consecutive. A year that is not in the table is an error naming the year
/// and the covered range: there is no interpolation or extrapolation (an
/// inflation forecast is a modelling assumption, not data). The bundled Swedish
/// KPI, 1995–2023, is scenarios/data/kpi_se.csv (see scenarios/data/README.md).
///
/// \test tests/cpp/econ/price_index_test.cpp
class price_index {
 public:
  /// @param pairs (year, index value) pairs, years strictly increasing, values
  ///   finite and > 0, at least one pair
  /// @throw std::invalid_argument for an empty table
  /// @throw std::domain_error for a year out of order or a value <= 0 or not
  ///   finite (the message gives the 1-based entry and its year)
  explicit price_index(const std::vector<std::pair<int, double>>& pairs) {
    static constexpr const char* function = "price_index";
    if (pairs.empty()) {
      err::throw_invalid_argument(function,
                                  "needs at least one (year, index) pair, but has none");
    }
    years_.reserve(pairs.size());
    values_.reserve(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto [year, value] = pairs[i];
      if (i > 0 && !(year > years_.back())) {
        err::throw_domain_error(function,
                                err::indexed_name("years", static_cast<long long>(i)),
                                static_cast<double>(year),
                                "greater than the previous year (" +
                                    std::to_string(years_.back()) + ")");
      }
      err::check_positive(function,
                          err::indexed_name("values", static_cast<long long>(i)) + " (year " +
                              std::to_string(year) + ")",
                          value);
      years_.push_back(year);
      values_.push_back(value);
    }
  }

  /// The first and last year of the table.
  int first_year() const { return years_.front(); }
  int last_year() const { return years_.back(); }
  const std::vector<int>& years() const { return years_; }
  const std::vector<double>& values() const { return values_; }

  /// Whether @p year has an index value in the table.
  bool covers(int year) const { return std::binary_search(years_.begin(), years_.end(), year); }

  /// The index value of @p year.
  /// @throw std::domain_error naming the year and the covered range when the
  ///   year is not in the table
  double index(int year) const { return lookup("price_index::index", "year", year); }

  /// @p amount in prices of @p from_year restated in prices of @p to_year:
  /// amount·I(to_year)/I(from_year).
  /// @param amount finite, in money of @p from_year (e.g. SEK)
  /// @throw std::domain_error for a non-finite amount, or a year not in the
  ///   table (the message names it and the covered range)
  double convert(double amount, int from_year, int to_year) const {
    static constexpr const char* function = "price_index::convert";
    err::check_finite(function, "amount", amount);
    const double from = lookup(function, "from_year", from_year);
    const double to = lookup(function, "to_year", to_year);
    return amount * (to / from);
  }

 private:
  double lookup(const char* function, const char* name, int year) const {
    const auto it = std::lower_bound(years_.begin(), years_.end(), year);
    if (it == years_.end() || *it != year) {
      const bool consecutive =
          static_cast<long long>(years_.back()) - years_.front() + 1 ==
          static_cast<long long>(years_.size());
      err::throw_domain_error(
          function, name, static_cast<double>(year),
          "a year of the price index, which covers " + std::to_string(years_.front()) + "–" +
              std::to_string(years_.back()) + (consecutive ? "" : " with gaps") +
              " (no interpolation or extrapolation)");
    }
    return values_[static_cast<std::size_t>(it - years_.begin())];
  }

  std::vector<int> years_;
  std::vector<double> values_;
};

}  // namespace prevsim::econ
