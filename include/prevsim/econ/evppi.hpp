#pragma once
/// @file
/// Expected value of partial perfect information (EVPPI) of single inputs and
/// groups of inputs, estimated by regression on the stored draws of a
/// probabilistic analysis (Strong, Oakley & Brennan 2014, *Med Decis Making*
/// 34:311–326).
///
/// Method (docs/sensitivity.md §5 has every formula):
///  1. Net benefit NB_ds of option s in draw d (draws × options) becomes the
///     incremental net benefit against option 1, y_ds = NB_ds − NB_d1, s >= 2
///     (option 1's is 0). The decision taken now is s* = argmax_s mean_d NB_ds
///     (the first on a tie).
///  2. Each input is replaced by its normal scores z = Φ⁻¹((r − 3/8)/(n + 1/4))
///     (Blom), r its rank among the draws (ties get their mean rank).
///     Conditioning on x or on z is the same (z is a strictly increasing
///     function of x), and z is close to N(0, 1), so the basis below is
///     nearly orthonormal and well conditioned whatever the input's scale or
///     skew.
///  3. Basis of a group G: the constant; for each input j of G the normalised
///     Hermite polynomials He_k(z_j)/√k!, k = 1 … K_j (main effects, K_j =
///     min(main_degree, distinct values of x_j − 1)); and every product
///     Π_j He_{α_j}(z_j)/√α_j! with two or more α_j > 0, Σ α_j <= D and α_j <=
///     K_j (interactions). The basis of a sub-group is a subset of the
///     group's columns (**nested bases**): K_j and D do not depend on the
///     group.
///  4. Least squares by column-pivoting Householder QR (Eigen
///     ColPivHouseholderQR), one factorisation for all options. The fitted
///     values ĝ_ds estimate E[y_s | x_G].
///  5. raw EVPPI(G) = mean_d (max(0, max_s ĝ_ds) − ĝ_d,s*): each term is >= 0,
///     so raw >= 0 exactly. (With the constant in the basis, mean_d ĝ_ds =
///     mean_d y_ds, so this is mean max ĝ − max mean ĝ.)
///  6. Reported EVPPI(G) = min(EVPI, max over every non-empty S ⊆ G of raw(S)).
///     This **lattice envelope** makes the estimate monotone by construction:
///     S ⊆ G ⇒ EVPPI(S) <= EVPPI(G) <= EVPI, exactly, in any call, because it
///     depends on G and the options only. Nested bases make the envelope
///     rarely bind (the fitted variance never falls as inputs are added), but
///     they alone do not guarantee it: an OLS projection is not a
///     conditional expectation, and mean max(0, ĝ) can fall when a
///     misspecified fit is refined (e.g. y = x² fitted by a line).
///  7. Over-fitting check: K-fold cross-fitting of the group's own fit (fold
///     of draw d = d mod K): out-of-fold R² and EVPPI beside the in-sample
///     ones, and the number of basis columns (effective parameters).
///
/// Fits are independent tasks run in parallel with oneTBB; each is computed
/// sequentially, so results are bit-identical for any number of threads.
///
/// \test tests/cpp/econ/evppi_test.cpp

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>
#include <Eigen/QR>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/err/checks.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::econ {

/// Options of the regression estimator of EVPPI.
struct evppi_options {
  /// Highest degree of each input's own (main-effect) polynomial, 1 … 12.
  int main_degree = 5;
  /// Highest total degree of interaction terms of a group, 0 (none: an
  /// additive model) or 2 … 8.
  int interaction_degree = 3;
  /// Folds of the cross-validation check of each group's fit, 2 … 20.
  int folds = 5;
  /// Largest group, 1 … 10: the envelope fits every one of its 2^m − 1
  /// sub-groups.
  int max_group = 8;
};

/// The EVPPI of one group of inputs, with the numbers of its over-fitting check.
struct evppi_estimate {
  /// Reported EVPPI: min(EVPI, max over the sub-groups S of raw(S)); >= 0,
  /// never above EVPI, never below the EVPPI of a sub-group.
  double evppi = 0;
  /// The group's own regression estimate (step 5), >= 0.
  double raw = 0;
  /// The same from out-of-fold (cross-fitted) predictions, >= 0.
  double cross_validated = 0;
  /// In-sample R² of the fit, pooled over the options: 1 − Σ residual² / Σ (y − ȳ)².
  double r_squared = 0;
  /// Out-of-fold R², pooled as r_squared (can be negative).
  double r_squared_cv = 0;
  /// Basis columns, the constant included.
  Eigen::Index columns = 0;
  /// Rank of the basis on the draws (the effective number of parameters).
  Eigen::Index rank = 0;
};

/// EVPI of the same draws and the EVPPI of each group.
struct evppi_result {
  /// mean_d (max_s NB_ds − NB_d,s*), >= 0.
  double evpi = 0;
  /// 0-based column of the option chosen now (highest mean net benefit).
  Eigen::Index chosen = 0;
  /// One per group, in the order given.
  std::vector<evppi_estimate> groups;
};

namespace internal {

/// Normal scores of one input's draws (Blom, mean ranks for ties) and its
/// number of distinct values.
inline std::pair<Eigen::VectorXd, Eigen::Index> normal_scores(
    const Eigen::Ref<const Eigen::VectorXd>& x) {
  const Eigen::Index n = x.size();
  std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return x[a] < x[b]; });
  Eigen::VectorXd z(n);
  Eigen::Index distinct = 0;
  const double denominator = static_cast<double>(n) + 0.25;
  for (Eigen::Index i = 0; i < n;) {
    Eigen::Index j = i;
    while (j + 1 < n && x[order[static_cast<std::size_t>(j + 1)]] == x[order[static_cast<std::size_t>(i)]]) {
      ++j;
    }
    // Ranks i+1 … j+1 share their mean rank.
    const double rank = 0.5 * static_cast<double>(i + j) + 1.0;
    const double score = dist::internal::phi_quantile((rank - 0.375) / denominator);
    for (Eigen::Index k = i; k <= j; ++k) z[order[static_cast<std::size_t>(k)]] = score;
    ++distinct;
    i = j + 1;
  }
  return {z, distinct};
}

/// Normalised Hermite polynomials He_k(z)/√k!, k = 0 … degree, as columns.
inline Eigen::MatrixXd hermite_columns(const Eigen::VectorXd& z, int degree) {
  const Eigen::Index n = z.size();
  Eigen::MatrixXd h(n, degree + 1);
  h.col(0).setOnes();
  if (degree >= 1) h.col(1) = z;
  // He_{k+1} = z·He_k − k·He_{k−1}; with h_k = He_k/√k!:
  // h_{k+1} = (z·h_k − √k·h_{k−1}) / √(k+1).
  for (int k = 1; k < degree; ++k) {
    const double sk = std::sqrt(static_cast<double>(k));
    const double sk1 = std::sqrt(static_cast<double>(k + 1));
    h.col(k + 1) = (z.array() * h.col(k).array() - sk * h.col(k - 1).array()) / sk1;
  }
  return h;
}

/// The multi-indices of a group's basis (step 3), in a fixed order: the
/// constant, the main effects input by input, then the interactions by total
/// degree and lexicographically.
inline std::vector<std::vector<int>> basis_terms(const std::vector<int>& max_degree,
                                                 int interaction_degree) {
  const std::size_t m = max_degree.size();
  std::vector<std::vector<int>> terms;
  terms.emplace_back(m, 0);
  for (std::size_t j = 0; j < m; ++j) {
    for (int k = 1; k <= max_degree[j]; ++k) {
      std::vector<int> alpha(m, 0);
      alpha[j] = k;
      terms.push_back(alpha);
    }
  }
  if (m < 2 || interaction_degree < 2) return terms;
  for (int total = 2; total <= interaction_degree; ++total) {
    std::vector<int> alpha(m, 0);
    // Depth-first over the inputs: every alpha with Σ alpha = total.
    auto recurse = [&](auto&& self, std::size_t j, int left) -> void {
      if (j == m) {
        if (left != 0) return;
        int nonzero = 0;
        for (int a : alpha) nonzero += a > 0 ? 1 : 0;
        if (nonzero >= 2) terms.push_back(alpha);
        return;
      }
      for (int a = std::min(left, max_degree[j]); a >= 0; --a) {
        alpha[j] = a;
        self(self, j + 1, left - a);
      }
      alpha[j] = 0;
    };
    recurse(recurse, 0, total);
  }
  return terms;
}

/// The design matrix of a group (sorted 0-based inputs) over the given rows
/// (all draws when rows is empty).
inline Eigen::MatrixXd design_matrix(const std::vector<Eigen::Index>& group,
                                     const std::vector<Eigen::MatrixXd>& hermite,
                                     const std::vector<int>& max_degree_by_input,
                                     int interaction_degree, Eigen::Index draws,
                                     const std::vector<Eigen::Index>& rows) {
  std::vector<int> max_degree;
  for (Eigen::Index j : group) max_degree.push_back(max_degree_by_input[static_cast<std::size_t>(j)]);
  const auto terms = basis_terms(max_degree, interaction_degree);
  const bool all = rows.empty();
  const Eigen::Index n = all ? draws : static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(terms.size()));
  for (std::size_t c = 0; c < terms.size(); ++c) {
    auto column = x.col(static_cast<Eigen::Index>(c));
    column.setOnes();
    for (std::size_t j = 0; j < group.size(); ++j) {
      const int a = terms[c][j];
      if (a == 0) continue;
      const Eigen::MatrixXd& h = hermite[static_cast<std::size_t>(group[j])];
      for (Eigen::Index i = 0; i < n; ++i) {
        column[i] *= h(all ? i : rows[static_cast<std::size_t>(i)], a);
      }
    }
  }
  return x;
}

/// mean_d (max(0, max_s g_ds) − g_d,chosen), with g_d,0 = 0 implied (the
/// columns of g are options 2, 3, …; chosen is 0-based over all options).
inline double expected_gain(const Eigen::MatrixXd& g, Eigen::Index chosen) {
  double sum = 0;
  for (Eigen::Index d = 0; d < g.rows(); ++d) {
    double best = 0;
    for (Eigen::Index s = 0; s < g.cols(); ++s) best = std::max(best, g(d, s));
    sum += best - (chosen == 0 ? 0.0 : g(d, chosen - 1));
  }
  return sum / static_cast<double>(g.rows());
}

/// Σ over options and draws of (y − ȳ_s)².
inline double total_sum_of_squares(const Eigen::MatrixXd& y) {
  double total = 0;
  for (Eigen::Index s = 0; s < y.cols(); ++s) {
    total += (y.col(s).array() - y.col(s).mean()).square().sum();
  }
  return total;
}

/// One fit task: a group over all draws (fold < 0) or trained without one fold.
struct evppi_fit {
  std::vector<Eigen::Index> group;
  int fold = -1;
  double raw = 0;
  double r_squared = 0;
  Eigen::Index columns = 0;
  Eigen::Index rank = 0;
  Eigen::MatrixXd held_out;  // out-of-fold predictions (fold >= 0)
};

}  // namespace internal

/// EVPPI of each group of inputs by regression on the draws, with EVPI and
/// an over-fitting check (see the file comment for the method).
///
/// @param net_benefit draws × options, finite, >= 2 options (e.g. do nothing
///   = 0 and invest = NPV; or each strategy's NMB at one λ)
/// @param inputs draws × inputs, finite: the sampled inputs of the same draws
/// @param groups each a non-empty list of distinct 0-based input columns, at
///   most options.max_group long
/// @param options degrees, folds and the largest group (checked)
/// @return EVPI, the chosen option and one estimate per group
/// @throw std::invalid_argument for shapes that differ, fewer than 2 options,
///   an empty or too large group, a repeated column or an out-of-range one, or
///   too few draws for a group's basis (the training part of each fold must
///   have more draws than the basis has columns); std::domain_error for a
///   non-finite value or an option out of range
///
/// \test tests/cpp/econ/evppi_test.cpp
inline evppi_result evppi(const Eigen::Ref<const Eigen::MatrixXd>& net_benefit,
                          const Eigen::Ref<const Eigen::MatrixXd>& inputs,
                          const std::vector<std::vector<Eigen::Index>>& groups,
                          const evppi_options& options = {}) {
  static constexpr const char* function = "evppi";
  const Eigen::Index n = net_benefit.rows();
  const Eigen::Index options_count = net_benefit.cols();
  err::check_bounded(function, "main_degree", options.main_degree, 1, 12);
  if (options.interaction_degree != 0) {
    err::check_bounded(function, "interaction_degree", options.interaction_degree, 2, 8);
  }
  err::check_bounded(function, "folds", options.folds, 2, 20);
  err::check_bounded(function, "max_group", options.max_group, 1, 10);
  if (options_count < 2) {
    err::throw_invalid_argument(function, "net_benefit has " + std::to_string(options_count) +
                                              " option(s) (columns), but at least 2 are needed "
                                              "(e.g. do nothing = 0 and invest = NPV)");
  }
  if (inputs.rows() != n) {
    err::throw_invalid_argument(function, "inputs has " + std::to_string(inputs.rows()) +
                                              " draws (rows) but net_benefit has " +
                                              std::to_string(n) + "; they must be the same draws");
  }
  if (n < 2) {
    err::throw_invalid_argument(function, "net_benefit has " + std::to_string(n) +
                                              " draw(s), but at least 2 are needed");
  }
  for (Eigen::Index s = 0; s < options_count; ++s) {
    for (Eigen::Index d = 0; d < n; ++d) {
      if (!std::isfinite(net_benefit(d, s))) {
        err::throw_domain_error(function, "net_benefit[draw " + std::to_string(d + 1) +
                                              ", option " + std::to_string(s + 1) + "]",
                                net_benefit(d, s), "finite");
      }
    }
  }
  if (groups.empty()) err::throw_invalid_argument(function, "groups is empty; give at least one");
  std::vector<bool> used(static_cast<std::size_t>(inputs.cols()), false);
  std::vector<std::vector<Eigen::Index>> sorted_groups;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::string name = err::indexed_name("groups", static_cast<long long>(g));
    if (groups[g].empty()) err::throw_invalid_argument(function, name + " is empty");
    if (groups[g].size() > static_cast<std::size_t>(options.max_group)) {
      err::throw_invalid_argument(
          function, name + " has " + std::to_string(groups[g].size()) +
                        " inputs, but at most max_group (" + std::to_string(options.max_group) +
                        ") are allowed: the estimate fits every sub-group (2^m - 1 fits)");
    }
    std::vector<Eigen::Index> sorted = groups[g];
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const Eigen::Index j = sorted[i];
      if (j < 0 || j >= inputs.cols()) {
        err::throw_invalid_argument(function, name + " names input column " +
                                                  std::to_string(j + 1) + ", but inputs has " +
                                                  std::to_string(inputs.cols()) + " columns");
      }
      used[static_cast<std::size_t>(j)] = true;
    }
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      err::throw_invalid_argument(function, name + " names an input column more than once");
    }
    sorted_groups.push_back(sorted);
  }
  for (Eigen::Index j = 0; j < inputs.cols(); ++j) {
    if (!used[static_cast<std::size_t>(j)]) continue;
    for (Eigen::Index d = 0; d < n; ++d) {
      if (!std::isfinite(inputs(d, j))) {
        err::throw_domain_error(function, "inputs[draw " + std::to_string(d + 1) + ", input " +
                                              std::to_string(j + 1) + "]",
                                inputs(d, j), "finite");
      }
    }
  }

  // Incremental net benefit against option 1, the option chosen now and EVPI.
  Eigen::MatrixXd y(n, options_count - 1);
  for (Eigen::Index s = 1; s < options_count; ++s) y.col(s - 1) = net_benefit.col(s) - net_benefit.col(0);
  evppi_result result;
  {
    double best_mean = 0;
    for (Eigen::Index s = 1; s < options_count; ++s) {
      const double m = y.col(s - 1).mean();
      if (m > best_mean) {
        best_mean = m;
        result.chosen = s;
      }
    }
  }
  result.evpi = internal::expected_gain(y, result.chosen);
  const double total_ss = internal::total_sum_of_squares(y);

  // Normal scores and Hermite columns of every input used (in parallel).
  const Eigen::Index p_inputs = inputs.cols();
  std::vector<Eigen::MatrixXd> hermite(static_cast<std::size_t>(p_inputs));
  std::vector<int> max_degree(static_cast<std::size_t>(p_inputs), 0);
  oneapi::tbb::parallel_for(Eigen::Index{0}, p_inputs, [&](Eigen::Index j) {
    if (!used[static_cast<std::size_t>(j)]) return;
    const auto [z, distinct] = internal::normal_scores(inputs.col(j));
    const int degree = static_cast<int>(std::min<Eigen::Index>(options.main_degree, distinct - 1));
    max_degree[static_cast<std::size_t>(j)] = degree;
    hermite[static_cast<std::size_t>(j)] = internal::hermite_columns(z, degree);
  });

  // Every sub-group of every group (for the envelope), and the folds of each group.
  std::map<std::vector<Eigen::Index>, std::size_t> subset_index;
  std::vector<internal::evppi_fit> fits;
  for (const auto& group : sorted_groups) {
    const std::size_t m = group.size();
    for (std::uint32_t mask = 1; mask < (std::uint32_t{1} << m); ++mask) {
      std::vector<Eigen::Index> subset;
      for (std::size_t i = 0; i < m; ++i) {
        if (mask & (std::uint32_t{1} << i)) subset.push_back(group[i]);
      }
      if (subset_index.count(subset)) continue;
      subset_index[subset] = fits.size();
      internal::evppi_fit fit;
      fit.group = subset;
      fits.push_back(fit);
    }
  }
  std::map<std::vector<Eigen::Index>, std::size_t> fold_start;
  for (const auto& group : sorted_groups) {
    if (fold_start.count(group)) continue;
    fold_start[group] = fits.size();
    for (int k = 0; k < options.folds; ++k) {
      internal::evppi_fit fit;
      fit.group = group;
      fit.fold = k;
      fits.push_back(fit);
    }
  }
  // Draws must exceed the basis in each fold's training part.
  const Eigen::Index training = n - (n + options.folds - 1) / options.folds;
  for (std::size_t g = 0; g < sorted_groups.size(); ++g) {
    std::vector<int> degrees;
    for (Eigen::Index j : sorted_groups[g]) degrees.push_back(max_degree[static_cast<std::size_t>(j)]);
    const auto columns = static_cast<Eigen::Index>(
        internal::basis_terms(degrees, options.interaction_degree).size());
    if (training <= columns) {
      err::throw_invalid_argument(
          function, err::indexed_name("groups", static_cast<long long>(g)) + " needs more than " +
                        std::to_string(columns) + " draws in each training fold (its basis has " +
                        std::to_string(columns) + " columns), but " + std::to_string(n) +
                        " draws in " + std::to_string(options.folds) + " folds leave " +
                        std::to_string(training) +
                        "; use more draws or lower main_degree / interaction_degree");
    }
  }

  oneapi::tbb::parallel_for(
      oneapi::tbb::blocked_range<std::size_t>(0, fits.size(), 1), [&](const auto& range) {
        for (std::size_t t = range.begin(); t != range.end(); ++t) {
          internal::evppi_fit& fit = fits[t];
          if (fit.fold < 0) {
            const Eigen::MatrixXd x = internal::design_matrix(fit.group, hermite, max_degree,
                                                              options.interaction_degree, n, {});
            const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
            const Eigen::MatrixXd fitted = x * qr.solve(y);
            fit.columns = x.cols();
            fit.rank = qr.rank();
            fit.raw = internal::expected_gain(fitted, result.chosen);
            fit.r_squared = total_ss > 0 ? 1.0 - (y - fitted).squaredNorm() / total_ss : 0.0;
          } else {
            std::vector<Eigen::Index> train, test;
            for (Eigen::Index d = 0; d < n; ++d) {
              (d % options.folds == fit.fold ? test : train).push_back(d);
            }
            const Eigen::MatrixXd x = internal::design_matrix(fit.group, hermite, max_degree,
                                                              options.interaction_degree, n, train);
            Eigen::MatrixXd y_train(static_cast<Eigen::Index>(train.size()), y.cols());
            for (std::size_t i = 0; i < train.size(); ++i) {
              y_train.row(static_cast<Eigen::Index>(i)) = y.row(train[i]);
            }
            const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(x);
            const Eigen::MatrixXd beta = qr.solve(y_train);
            const Eigen::MatrixXd x_test = internal::design_matrix(
                fit.group, hermite, max_degree, options.interaction_degree, n, test);
            fit.held_out = x_test * beta;
          }
        }
      });

  for (const auto& group : sorted_groups) {
    const internal::evppi_fit& own = fits[subset_index.at(group)];
    evppi_estimate e;
    e.raw = own.raw;
    e.r_squared = own.r_squared;
    e.columns = own.columns;
    e.rank = own.rank;
    // The lattice envelope (step 6).
    double envelope = 0;
    const std::size_t m = group.size();
    for (std::uint32_t mask = 1; mask < (std::uint32_t{1} << m); ++mask) {
      std::vector<Eigen::Index> subset;
      for (std::size_t i = 0; i < m; ++i) {
        if (mask & (std::uint32_t{1} << i)) subset.push_back(group[i]);
      }
      envelope = std::max(envelope, fits[subset_index.at(subset)].raw);
    }
    e.evppi = std::min(result.evpi, envelope);
    // Cross-fitted predictions, back in draw order.
    Eigen::MatrixXd held_out(n, y.cols());
    const std::size_t first = fold_start.at(group);
    for (int k = 0; k < options.folds; ++k) {
      const Eigen::MatrixXd& part = fits[first + static_cast<std::size_t>(k)].held_out;
      Eigen::Index i = 0;
      for (Eigen::Index d = k; d < n; d += options.folds) held_out.row(d) = part.row(i++);
    }
    e.cross_validated = internal::expected_gain(held_out, result.chosen);
    e.r_squared_cv = total_ss > 0 ? 1.0 - (y - held_out).squaredNorm() / total_ss : 0.0;
    result.groups.push_back(e);
  }
  return result;
}

}  // namespace prevsim::econ
