#pragma once
/// @file
/// Net monetary benefit of strategies from per-draw costs and effects; the
/// expected net benefit and the optimal strategy at a willingness to pay. Also
/// holds the argument checks shared by every decision analysis in econ/.
///
/// Every analysis in econ/ takes the per-draw results of a probabilistic
/// sensitivity analysis as two matrices of the same shape, draws × strategies:
/// row d is PSA draw d, column s is strategy s (in the user's order), costs in
/// a currency, effects in a health unit (QALYs, life years, …). All figures come
/// from these same matrices, so the ICER table, the CEAC and the EVPI agree.

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "prevsim/err/checks.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::econ {

namespace internal {

using outcome_matrix = Eigen::Ref<const Eigen::MatrixXd>;

/// Checks the per-draw outcomes given to an analysis: same shape, at least one
/// draw and one strategy, every value finite.
/// @throw std::invalid_argument for inconsistent or empty shapes;
///   std::domain_error naming the first non-finite value (1-based draw and
///   strategy, costs before effects)
inline void check_outcomes(const char* function, const outcome_matrix& costs,
                           const outcome_matrix& effects) {
  if (costs.rows() != effects.rows() || costs.cols() != effects.cols()) {
    err::throw_invalid_argument(
        function, "costs is " + std::to_string(costs.rows()) + " x " +
                      std::to_string(costs.cols()) + " but effects is " +
                      std::to_string(effects.rows()) + " x " + std::to_string(effects.cols()) +
                      "; both must be draws x strategies, of the same shape");
  }
  if (costs.cols() == 0) {
    err::throw_invalid_argument(
        function, "costs and effects have no strategies (columns); at least one is needed");
  }
  if (costs.rows() == 0) {
    err::throw_invalid_argument(function,
                                "costs and effects have no draws (rows); at least one is needed");
  }
  auto check_finite = [&](const outcome_matrix& m, const char* what) {
    for (Eigen::Index s = 0; s < m.cols(); ++s) {
      for (Eigen::Index d = 0; d < m.rows(); ++d) {
        if (!std::isfinite(m(d, s))) {
          err::throw_domain_error(function,
                                  std::string(what) + "[draw " + std::to_string(d + 1) +
                                      ", strategy " + std::to_string(s + 1) + "]",
                                  m(d, s), "finite");
        }
      }
    }
  };
  check_finite(costs, "costs");
  check_finite(effects, "effects");
}

/// Checks one willingness to pay per unit of effect (>= 0 and finite).
inline void check_wtp(const char* function, double wtp) {
  err::check_nonnegative(function, "wtp", wtp);
}

/// Checks a grid of willingness-to-pay values: not empty, each >= 0 and finite
/// (named wtp[i], 1-based). The grid need not be sorted.
inline void check_wtp(const char* function, const std::vector<double>& wtp) {
  if (wtp.empty()) {
    err::throw_invalid_argument(function,
                                "wtp is empty; at least one willingness-to-pay value is needed");
  }
  for (std::size_t i = 0; i < wtp.size(); ++i) {
    err::check_nonnegative(function, err::indexed_name("wtp", static_cast<long long>(i)), wtp[i]);
  }
}

/// Checks strategy names: one per strategy, none empty, no two alike.
inline void check_names(const char* function, const std::vector<std::string>& names,
                        Eigen::Index strategies) {
  if (static_cast<Eigen::Index>(names.size()) != strategies) {
    err::throw_invalid_argument(function, "names has " + std::to_string(names.size()) +
                                              " entries, but costs and effects have " +
                                              std::to_string(strategies) +
                                              " strategies (columns)");
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto index = static_cast<long long>(i);
    if (names[i].empty()) {
      err::throw_invalid_argument(
          function, err::indexed_name("names", index) + " is empty; every strategy needs a name");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (names[j] == names[i]) {
        err::throw_invalid_argument(
            function, err::indexed_name("names", index) + " is \"" + names[i] +
                          "\", the same as " +
                          err::indexed_name("names", static_cast<long long>(j)) +
                          "; strategy names must be unique");
      }
    }
  }
}

/// Mean of every column, summed draw by draw in order (deterministic).
inline Eigen::VectorXd column_means(const outcome_matrix& m) {
  Eigen::VectorXd means(m.cols());
  for (Eigen::Index s = 0; s < m.cols(); ++s) {
    double sum = 0;
    for (Eigen::Index d = 0; d < m.rows(); ++d) sum += m(d, s);
    means[s] = sum / static_cast<double>(m.rows());
  }
  return means;
}

/// Net monetary benefit λ·E − C: the one expression every analysis uses.
inline double nmb(double wtp, double effect, double cost) { return wtp * effect - cost; }

/// The strategy with the highest expected net benefit λ·Ē_s − C̄_s; on a tie,
/// the first in input order.
inline std::size_t best_expected(double wtp, const Eigen::VectorXd& mean_costs,
                                 const Eigen::VectorXd& mean_effects) {
  std::size_t best = 0;
  double best_value = nmb(wtp, mean_effects[0], mean_costs[0]);
  for (Eigen::Index s = 1; s < mean_costs.size(); ++s) {
    const double value = nmb(wtp, mean_effects[s], mean_costs[s]);
    if (value > best_value) {
      best_value = value;
      best = static_cast<std::size_t>(s);
    }
  }
  return best;
}

}  // namespace internal

/// Net monetary benefit of every strategy in every draw, NMB_ds = λ·E_ds − C_ds
/// (Stinnett & Mullahy 1998, *Med Decis Making* 18:S68–S80).
/// @param costs draws × strategies, finite, in a currency
/// @param effects draws × strategies, finite, in a health unit
/// @param wtp willingness to pay λ, currency per unit of effect, finite and >= 0
/// @return draws × strategies, in the currency
/// @throw std::invalid_argument for shapes that differ or are empty;
///   std::domain_error for a non-finite value or a negative λ
///
/// \test tests/cpp/econ/net_benefit_test.cpp
inline Eigen::MatrixXd net_monetary_benefit(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                            const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                            double wtp) {
  static constexpr const char* function = "net_monetary_benefit";
  internal::check_outcomes(function, costs, effects);
  internal::check_wtp(function, wtp);
  Eigen::MatrixXd out(costs.rows(), costs.cols());
  for (Eigen::Index s = 0; s < costs.cols(); ++s) {
    for (Eigen::Index d = 0; d < costs.rows(); ++d) {
      out(d, s) = internal::nmb(wtp, effects(d, s), costs(d, s));
    }
  }
  return out;
}

/// Expected net monetary benefit of every strategy at every λ of a grid:
/// E[NMB_s](λ) = λ·Ē_s − C̄_s, with Ē_s and C̄_s the means over draws (equal to
/// the mean of NMB_ds over draws, by linearity).
/// @param wtp the grid of λ, each finite and >= 0 (any order)
/// @return wtp.size() × strategies
/// @throw as net_monetary_benefit, and std::invalid_argument for an empty grid
///
/// \test tests/cpp/econ/net_benefit_test.cpp
inline Eigen::MatrixXd expected_net_benefit(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                            const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                            const std::vector<double>& wtp) {
  static constexpr const char* function = "expected_net_benefit";
  internal::check_outcomes(function, costs, effects);
  internal::check_wtp(function, wtp);
  const Eigen::VectorXd mean_costs = internal::column_means(costs);
  const Eigen::VectorXd mean_effects = internal::column_means(effects);
  Eigen::MatrixXd out(static_cast<Eigen::Index>(wtp.size()), costs.cols());
  for (std::size_t i = 0; i < wtp.size(); ++i) {
    for (Eigen::Index s = 0; s < costs.cols(); ++s) {
      out(static_cast<Eigen::Index>(i), s) = internal::nmb(wtp[i], mean_effects[s], mean_costs[s]);
    }
  }
  return out;
}

/// The optimal strategy at λ: the one with the highest expected net monetary
/// benefit λ·Ē_s − C̄_s. On an exact tie, the first in input order.
/// @return the 0-based column of the strategy
/// @throw as net_monetary_benefit
///
/// \test tests/cpp/econ/net_benefit_test.cpp
inline std::size_t optimal_strategy(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                    const Eigen::Ref<const Eigen::MatrixXd>& effects, double wtp) {
  static constexpr const char* function = "optimal_strategy";
  internal::check_outcomes(function, costs, effects);
  internal::check_wtp(function, wtp);
  return internal::best_expected(wtp, internal::column_means(costs),
                                 internal::column_means(effects));
}

/// optimal_strategy at every λ of a grid.
/// @return one 0-based column per grid value
/// @throw as expected_net_benefit
///
/// \test tests/cpp/econ/net_benefit_test.cpp
inline std::vector<std::size_t> optimal_strategies(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                                   const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                                   const std::vector<double>& wtp) {
  static constexpr const char* function = "optimal_strategies";
  internal::check_outcomes(function, costs, effects);
  internal::check_wtp(function, wtp);
  const Eigen::VectorXd mean_costs = internal::column_means(costs);
  const Eigen::VectorXd mean_effects = internal::column_means(effects);
  std::vector<std::size_t> out;
  out.reserve(wtp.size());
  for (double w : wtp) out.push_back(internal::best_expected(w, mean_costs, mean_effects));
  return out;
}

}  // namespace prevsim::econ
