#pragma once
/// @file
/// Incremental cost-effectiveness analysis of mutually exclusive strategies:
/// strong and extended dominance, the efficient frontier and its ICERs.

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "prevsim/econ/net_benefit.hpp"

namespace prevsim::econ {

/// Where a strategy stands after the incremental analysis.
enum class dominance_status {
  /// On the efficient frontier.
  frontier,
  /// Strongly dominated: another strategy costs no more and is at least as
  /// effective (see incremental_analysis for ties).
  dominated,
  /// Extendedly dominated: a mix of the two frontier strategies around it
  /// gives its effect at a lower cost.
  extended_dominated,
};

/// "frontier", "dominated" or "extended_dominated".
inline const char* to_string(dominance_status status) {
  switch (status) {
    case dominance_status::frontier:
      return "frontier";
    case dominance_status::dominated:
      return "dominated";
    case dominance_status::extended_dominated:
      return "extended_dominated";
  }
  return "unknown";  // not reached: every enumerator is handled above
}

/// One strategy's line of the incremental analysis. Indices are 0-based
/// columns of the input (names[i] is the strategy's name).
struct incremental_row {
  std::string name;
  double cost = 0;    ///< mean cost over draws
  double effect = 0;  ///< mean effect over draws
  dominance_status status = dominance_status::frontier;
  /// frontier: the previous (next cheaper) frontier strategy, the comparator
  ///   of the ICER; empty for the cheapest frontier strategy.
  /// dominated: the cheapest strategy that dominates it (in the sort order),
  ///   itself never strongly dominated.
  /// extended_dominated: the frontier strategy just below it in effect.
  std::optional<std::size_t> reference;
  /// extended_dominated only: the frontier strategy just above it in effect.
  /// The segment between reference and upper_reference passes strictly below
  /// the strategy on the cost-effectiveness plane.
  std::optional<std::size_t> upper_reference;
  /// frontier strategies after the first: cost − cost of the reference.
  std::optional<double> incremental_cost;
  /// frontier strategies after the first: effect − effect of the reference (> 0).
  std::optional<double> incremental_effect;
  /// frontier strategies after the first: incremental_cost / incremental_effect.
  std::optional<double> icer;
};

/// The result of incremental_analysis.
struct incremental_table {
  /// One row per strategy, in input order.
  std::vector<incremental_row> rows;
  /// Every strategy's column, in the sort order (cost ascending, then effect
  /// descending, then input order).
  std::vector<std::size_t> order;
  /// The frontier strategies' columns, cheapest first (costs, effects and
  /// ICERs all increase along it).
  std::vector<std::size_t> frontier;
};

/// Incremental analysis of the mean cost and effect of each strategy.
///
/// Method (Drummond et al. 2015, *Methods for the Economic Evaluation of Health
/// Care Programmes*, 4th ed., ch. 4; the rules of dampack's calculate_icers):
///  1. Means C̄_s, Ē_s over draws. Sort strategies by C̄ ascending; equal C̄ by
///     Ē descending; equal C̄ and Ē by input order. The order is total.
///  2. **Strong dominance.** A strategy is dominated when a strategy before it
///     in that order has an effect at least as large. Spelled out, j is
///     dominated by i when C̄_i < C̄_j and Ē_i >= Ē_j (costlier and not more
///     effective: equal effect at a higher cost is dominated); or C̄_i = C̄_j and
///     Ē_i > Ē_j (same cost, less effective); or C̄_i = C̄_j and Ē_i = Ē_j and i
///     comes first in the input (of identical strategies the first is kept and
///     the others are dominated by it). Afterwards costs and effects strictly
///     increase along the remaining strategies.
///  3. **Extended dominance.** Along the remaining strategies compute
///     ICER_k = (C̄_k − C̄_{k−1})/(Ē_k − Ē_{k−1}). Every k with ICER_k >
///     ICER_{k+1} (strictly) is extendedly dominated; remove all such k,
///     recompute, and repeat until the ICERs increase. Equal ICERs (collinear
///     strategies) stay on the frontier. The result is the set of strategies on
///     the lower-right convex hull of the cost-effectiveness plane, and does not
///     depend on the order of removal.
///  4. The remaining strategies are the efficient frontier; each one after the
///     first gets its incremental cost, effect and ICER against the previous
///     one.
/// Comparisons are exact on the computed means and ICERs (no tolerance).
///
/// @param costs draws × strategies, finite, in a currency (a single row holds
///   deterministic or already averaged results)
/// @param effects draws × strategies, finite, in a health unit
/// @param names one non-empty, unique name per strategy
/// @throw std::invalid_argument for shapes that differ or are empty, or
///   names that do not match the strategies; std::domain_error for a
///   non-finite value
///
/// \test tests/cpp/econ/incremental_analysis_test.cpp
inline incremental_table incremental_analysis(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                              const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                              const std::vector<std::string>& names) {
  static constexpr const char* function = "incremental_analysis";
  internal::check_outcomes(function, costs, effects);
  internal::check_names(function, names, costs.cols());
  const Eigen::VectorXd cost = internal::column_means(costs);
  const Eigen::VectorXd effect = internal::column_means(effects);
  const std::size_t n = names.size();
  auto c = [&](std::size_t s) { return cost[static_cast<Eigen::Index>(s)]; };
  auto e = [&](std::size_t s) { return effect[static_cast<Eigen::Index>(s)]; };

  incremental_table out;
  out.rows.resize(n);
  for (std::size_t s = 0; s < n; ++s) {
    out.rows[s].name = names[s];
    out.rows[s].cost = c(s);
    out.rows[s].effect = e(s);
  }

  // 1. Sort order.
  out.order.resize(n);
  std::iota(out.order.begin(), out.order.end(), std::size_t{0});
  std::sort(out.order.begin(), out.order.end(), [&](std::size_t a, std::size_t b) {
    if (c(a) != c(b)) return c(a) < c(b);
    if (e(a) != e(b)) return e(a) > e(b);
    return a < b;
  });

  // 2. Strong dominance: j is dominated by the first strategy before it in the
  // order with an effect at least as large. (That first one is never itself
  // dominated: whatever dominated it would come earlier and dominate j too.)
  std::vector<std::size_t> candidates;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t j = out.order[k];
    for (std::size_t m = 0; m < k; ++m) {
      const std::size_t i = out.order[m];
      if (e(i) >= e(j)) {
        out.rows[j].status = dominance_status::dominated;
        out.rows[j].reference = i;
        break;
      }
    }
    if (out.rows[j].status != dominance_status::dominated) candidates.push_back(j);
  }

  // 3. Extended dominance, removing every kink of a pass at once and repeating.
  auto icer = [&](std::size_t from, std::size_t to) {
    return (c(to) - c(from)) / (e(to) - e(from));
  };
  std::vector<std::size_t> extended;
  for (;;) {
    std::vector<std::size_t> kept;
    kept.reserve(candidates.size());
    if (!candidates.empty()) kept.push_back(candidates.front());
    for (std::size_t k = 1; k + 1 < candidates.size(); ++k) {
      const double here = icer(candidates[k - 1], candidates[k]);
      const double next = icer(candidates[k], candidates[k + 1]);
      if (here > next) {
        extended.push_back(candidates[k]);
      } else {
        kept.push_back(candidates[k]);
      }
    }
    if (candidates.size() > 1) kept.push_back(candidates.back());
    if (kept.size() == candidates.size()) break;
    candidates = std::move(kept);
  }

  // 4. The frontier and its increments.
  out.frontier = candidates;
  for (std::size_t k = 1; k < out.frontier.size(); ++k) {
    const std::size_t previous = out.frontier[k - 1];
    incremental_row& row = out.rows[out.frontier[k]];
    row.reference = previous;
    row.incremental_cost = row.cost - c(previous);
    row.incremental_effect = row.effect - e(previous);
    row.icer = *row.incremental_cost / *row.incremental_effect;
  }

  // Extendedly dominated strategies: their effect lies strictly between the
  // frontier's first and last (those are never removed), so the frontier
  // strategies just below and just above it in effect exist.
  for (std::size_t j : extended) {
    incremental_row& row = out.rows[j];
    row.status = dominance_status::extended_dominated;
    const auto above = std::find_if(out.frontier.begin(), out.frontier.end(),
                                    [&](std::size_t f) { return e(f) > row.effect; });
    row.upper_reference = *above;
    row.reference = *(above - 1);
  }
  return out;
}

}  // namespace prevsim::econ
