#pragma once
/// @file
/// Expected value of perfect information (EVPI), per person and for a
/// population.

#include <cstddef>
#include <vector>

#include <Eigen/Core>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include "prevsim/econ/net_benefit.hpp"
#include "prevsim/err/checks.hpp"

namespace prevsim::econ {

/// Expected value of perfect information per person at each λ of a grid:
///
///   EVPI(λ) = E_d[max_s NMB_ds] − max_s E_d[NMB_ds],   NMB_ds = λ·E_ds − C_ds,
///
/// the expected gain from choosing the best strategy in each draw (as if the
/// uncertainty were resolved) over choosing the one with the highest expected
/// net benefit now (Claxton 1999, *J Health Econ* 18:341–364; Briggs, Claxton &
/// Sculpher 2006, §7.2).
///
/// Computed in the equal form EVPI = mean_d(max_s NMB_ds − NMB_d,s*), with s*
/// the strategy of highest expected NMB λ·Ē_s − C̄_s (first in input order on a
/// tie). Each term is >= 0 in floating point, so EVPI >= 0 exactly, and it is
/// exactly 0 when s* is best (or tied best) in every draw; the difference of
/// two large means, which would lose digits, is never formed.
///
/// Values of λ are processed in parallel (oneTBB), each by one task summing
/// its draws in order, so the result does not depend on the number of threads.
/// @param costs draws × strategies, finite, in a currency
/// @param effects draws × strategies, finite, in a health unit
/// @param wtp the grid of λ, each finite and >= 0 (any order)
/// @return one value per λ, in the currency per person
/// @throw std::invalid_argument for shapes that differ or are empty, or an
///   empty grid; std::domain_error for a non-finite value or a negative λ
///
/// \test tests/cpp/econ/evpi_test.cpp
inline Eigen::VectorXd evpi(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                            const Eigen::Ref<const Eigen::MatrixXd>& effects,
                            const std::vector<double>& wtp) {
  static constexpr const char* function = "evpi";
  internal::check_outcomes(function, costs, effects);
  internal::check_wtp(function, wtp);
  const Eigen::Index draws = costs.rows();
  const Eigen::Index strategies = costs.cols();
  const auto grid = static_cast<Eigen::Index>(wtp.size());
  const Eigen::VectorXd mean_costs = internal::column_means(costs);
  const Eigen::VectorXd mean_effects = internal::column_means(effects);

  Eigen::VectorXd out(grid);
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<Eigen::Index>(0, grid), [&](const auto& range) {
        for (Eigen::Index i = range.begin(); i != range.end(); ++i) {
          const double lambda = wtp[static_cast<std::size_t>(i)];
          const auto chosen = static_cast<Eigen::Index>(
              internal::best_expected(lambda, mean_costs, mean_effects));
          double sum = 0;
          for (Eigen::Index d = 0; d < draws; ++d) {
            double best_value = internal::nmb(lambda, effects(d, 0), costs(d, 0));
            for (Eigen::Index s = 1; s < strategies; ++s) {
              const double value = internal::nmb(lambda, effects(d, s), costs(d, s));
              if (value > best_value) best_value = value;
            }
            sum += best_value - internal::nmb(lambda, effects(d, chosen), costs(d, chosen));
          }
          out[i] = sum / static_cast<double>(draws);
        }
      });
  return out;
}

/// EVPI for a population: the per-person value times the number of people the
/// decision concerns, EVPI_pop(λ) = N·EVPI(λ). (Discounting over a decision
/// horizon is left to the caller: pass N as the discounted number of people.)
/// @param evpi_per_person values from evpi(), each finite and >= 0
/// @param population N, finite and >= 0
/// @throw std::domain_error for a negative or non-finite argument
///
/// \test tests/cpp/econ/evpi_test.cpp
inline Eigen::VectorXd population_evpi(const Eigen::Ref<const Eigen::VectorXd>& evpi_per_person,
                                       double population) {
  static constexpr const char* function = "population_evpi";
  err::check_nonnegative(function, "population", population);
  for (Eigen::Index i = 0; i < evpi_per_person.size(); ++i) {
    err::check_nonnegative(function, err::indexed_name("evpi_per_person", i),
                           evpi_per_person[i]);
  }
  return evpi_per_person * population;
}

}  // namespace prevsim::econ
