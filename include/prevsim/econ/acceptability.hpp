#pragma once
/// @file
/// Cost-effectiveness acceptability curves (CEAC) and the cost-effectiveness
/// acceptability frontier (CEAF).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include "prevsim/econ/net_benefit.hpp"

namespace prevsim::econ {

/// Acceptability curves and frontier over a grid of willingness-to-pay values.
struct acceptability_curves {
  /// The grid of λ, as given (currency per unit of effect).
  std::vector<double> wtp;
  /// CEAC, wtp.size() × strategies: the share of draws in which each strategy
  /// has the highest net monetary benefit. Each row sums to 1.
  Eigen::MatrixXd probability;
  /// 0-based column of the strategy with the highest *expected* net monetary
  /// benefit at each λ (first in input order on a tie).
  std::vector<std::size_t> optimal;
  /// CEAF: at each λ, probability(i, optimal[i]) — the probability that the
  /// strategy one would choose is the best one. Never above the row's maximum.
  Eigen::VectorXd frontier;
};

/// Cost-effectiveness acceptability curves and frontier.
///
/// For each λ in @p wtp and each draw d, the winner is the strategy with the
/// highest NMB_ds = λ·E_ds − C_ds; a tie within a draw goes to the strategy
/// first in input order. CEAC_s(λ) = (number of draws won by s)/(draws)
/// (van Hout et al. 1994, *Health Econ* 3:309–319). The CEAF at λ is the CEAC
/// value of the strategy with the highest expected NMB, λ·Ē_s − C̄_s (Fenwick,
/// Claxton & Sculpher 2001, *Health Econ* 10:779–787): unlike the CEAC's
/// most likely winner, it follows the decision that maximises expected net
/// benefit, which is the one to take.
///
/// Values of λ are processed in parallel (oneTBB), each by one task that
/// counts its draws in order, so the result does not depend on the number of
/// threads.
/// @param costs draws × strategies, finite, in a currency
/// @param effects draws × strategies, finite, in a health unit
/// @param wtp the grid of λ, each finite and >= 0 (any order)
/// @throw std::invalid_argument for shapes that differ or are empty, or an
///   empty grid; std::domain_error for a non-finite value or a negative λ
///
/// \test tests/cpp/econ/acceptability_test.cpp
inline acceptability_curves acceptability(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                          const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                          const std::vector<double>& wtp) {
  static constexpr const char* function = "acceptability";
  internal::check_outcomes(function, costs, effects);
  internal::check_wtp(function, wtp);
  const Eigen::Index draws = costs.rows();
  const Eigen::Index strategies = costs.cols();
  const auto grid = static_cast<Eigen::Index>(wtp.size());

  acceptability_curves out;
  out.wtp = wtp;
  out.probability.resize(grid, strategies);
  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<Eigen::Index>(0, grid), [&](const auto& range) {
        std::vector<std::int64_t> wins(static_cast<std::size_t>(strategies));
        for (Eigen::Index i = range.begin(); i != range.end(); ++i) {
          const double lambda = wtp[static_cast<std::size_t>(i)];
          std::fill(wins.begin(), wins.end(), 0);
          for (Eigen::Index d = 0; d < draws; ++d) {
            Eigen::Index best = 0;
            double best_value = internal::nmb(lambda, effects(d, 0), costs(d, 0));
            for (Eigen::Index s = 1; s < strategies; ++s) {
              const double value = internal::nmb(lambda, effects(d, s), costs(d, s));
              // Strict: a tie stays with the earlier strategy. Written as
              // selects, not a branch, which the winner makes unpredictable.
              const bool better = value > best_value;
              best = better ? s : best;
              best_value = better ? value : best_value;
            }
            ++wins[static_cast<std::size_t>(best)];
          }
          for (Eigen::Index s = 0; s < strategies; ++s) {
            out.probability(i, s) = static_cast<double>(wins[static_cast<std::size_t>(s)]) /
                                    static_cast<double>(draws);
          }
        }
      });

  const Eigen::VectorXd mean_costs = internal::column_means(costs);
  const Eigen::VectorXd mean_effects = internal::column_means(effects);
  out.optimal.reserve(wtp.size());
  out.frontier.resize(grid);
  for (Eigen::Index i = 0; i < grid; ++i) {
    const std::size_t best =
        internal::best_expected(wtp[static_cast<std::size_t>(i)], mean_costs, mean_effects);
    out.optimal.push_back(best);
    out.frontier[i] = out.probability(i, static_cast<Eigen::Index>(best));
  }
  return out;
}

}  // namespace prevsim::econ
