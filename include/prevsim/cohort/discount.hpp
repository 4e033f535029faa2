#pragma once
/// @file
/// Discount schedules: constant or stepped (declining) rates.

#include <cmath>
#include <string>
#include <vector>

#include "prevsim/err/checks.hpp"

namespace prevsim::cohort {

/// Discounting at rate r_k per year from year s_k on (s_0 = 0 < s_1 < …): the
/// factor for an amount at time x years is
///   D(x) = Π_k (1 + r_k)^{−|[s_k, s_{k+1}) ∩ [0, x)|},
/// i.e. each year is discounted at the rate in force during it. A constant rate
/// is the one-step case, D(x) = (1 + r)^{−x}. Stepped schedules express
/// declining rates (e.g. 3.5 % for 30 years, then 3 %; HM Treasury Green Book).
///
/// \test tests/cpp/cohort/discount_test.cpp
class discount_schedule {
 public:
  discount_schedule() = default;

  /// A constant rate (a fraction per year, e.g. 0.03).
  static discount_schedule constant(double rate) { return stepped({0.0}, {rate}); }

  /// Rates @p rates in force from years @p start_years (the first must be 0,
  /// strictly increasing). @throw naming the entry at fault.
  static discount_schedule stepped(std::vector<double> start_years, std::vector<double> rates) {
    static constexpr const char* function = "discount_schedule";
    if (start_years.empty() || start_years.size() != rates.size()) {
      err::throw_invalid_argument(function, "needs as many start years as rates (at least one), "
                                            "but has " + std::to_string(start_years.size()) +
                                                " start years and " +
                                                std::to_string(rates.size()) + " rates");
    }
    if (start_years[0] != 0.0) {
      err::throw_domain_error(function, "start_years[1]", start_years[0], "0");
    }
    for (std::size_t i = 0; i < rates.size(); ++i) {
      err::check_bounded(function, err::indexed_name("rates", static_cast<long long>(i)), rates[i],
                         0.0, 1.0);
      if (i > 0 && !(start_years[i] > start_years[i - 1])) {
        err::throw_domain_error(function,
                                err::indexed_name("start_years", static_cast<long long>(i)),
                                start_years[i], "greater than the previous start year");
      }
    }
    discount_schedule d;
    d.starts_ = std::move(start_years);
    d.rates_ = std::move(rates);
    return d;
  }

  const std::vector<double>& start_years() const { return starts_; }
  const std::vector<double>& rates() const { return rates_; }

  /// D(x) for x >= 0 years.
  double factor(double years) const {
    double log_factor = 0;
    for (std::size_t k = 0; k < rates_.size(); ++k) {
      const double from = starts_[k];
      if (years <= from) break;
      const double to = k + 1 < rates_.size() ? std::fmin(starts_[k + 1], years) : years;
      log_factor -= (to - from) * std::log1p(rates_[k]);
    }
    return std::exp(log_factor);
  }

 private:
  std::vector<double> starts_{0.0};
  std::vector<double> rates_{0.0};
};

}  // namespace prevsim::cohort
