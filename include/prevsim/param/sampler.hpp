#pragma once
/// @file
/// Sampling a parameter set into a draws × columns matrix.

#include <cstdint>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <boost/random/uniform_int_distribution.hpp>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/dist/normal_score_map.hpp"
#include "prevsim/err/checks.hpp"
#include "prevsim/param/parameter_set.hpp"
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/standard_normal.hpp"
#include "prevsim/rng/stream_ids.hpp"

namespace prevsim {

/// Draws × columns, one row per draw, as NumPy and pandas expect.
using draws_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// How the normal scores of a draw are generated.
enum class sampling_method {
  /// Independent standard normal scores (plain Monte Carlo).
  monte_carlo,
  /// Latin hypercube: for a design of N draws, each column's scores fall one in
  /// each of N equiprobable strata, in a random order (McKay, Beckman & Conover
  /// 1979). The design depends on N, so N must be stated when draws are
  /// requested in chunks.
  latin_hypercube,
};

/// Prepared sampling of one parameter set: the per-column maps (with their
/// quantile tables), the copula factor and any Latin hypercube permutations are
/// built once; draws are then filled in any order, on any thread.
///
/// Draw d of column c is computed from the random stream keyed by (seed,
/// parameters, d): column c takes the c-th standard normal score of that stream
/// (for Latin hypercube, the score of its stratum, jittered from the stream
/// (seed, lhs_jitter, d)). Correlated columns mix their scores with the factor
/// B of the copula's correlation matrix, z ← B z. Each score z becomes a value
/// x = Q(Φ(z)) by the column's normal-score map; a Dirichlet group normalises
/// its Gamma(α_i, 1) components by their sum. The result for a draw therefore
/// depends only on (parameter set, method, seed, design size, d).
///
/// \test tests/cpp/param/sampler_test.cpp
class parameter_sampler {
 public:
  /// @param set the parameters (copied; validated already when it was built)
  /// @param seed any 64-bit value
  /// @param method Monte Carlo or Latin hypercube
  /// @param design_draws for Latin hypercube, the size N of the design (>= 1);
  ///   ignored for Monte Carlo
  /// @throw std::invalid_argument for an empty set; std::domain_error for a
  ///   Latin hypercube design size < 1 or >= 2^32
  parameter_sampler(parameter_set set, std::uint64_t seed,
                    sampling_method method = sampling_method::monte_carlo,
                    std::int64_t design_draws = 0)
      : set_(std::move(set)), seed_(seed), method_(method), design_draws_(design_draws) {
    static constexpr const char* function = "sample";
    if (set_.empty()) err::throw_invalid_argument(function, "the parameter set has no parameters");
    if (method_ == sampling_method::latin_hypercube) {
      if (design_draws_ < 1 || design_draws_ >= (std::int64_t{1} << 32)) {
        err::throw_domain_error(function, "design_draws", static_cast<double>(design_draws_),
                                "within [1, 2^32) for Latin hypercube sampling");
      }
    }
    maps_ = set_.normal_score_maps();
    if (!set_.correlated_columns().empty()) {
      factor_ = internal::correlation_factor(set_.normal_score_correlation());
      factor_is_lower_ = factor_.isLowerTriangular();
    }
    if (method_ == sampling_method::latin_hypercube) build_permutations();
  }

  std::size_t columns() const { return set_.size(); }
  const parameter_set& parameters() const { return set_; }
  std::uint64_t seed() const { return seed_; }
  sampling_method method() const { return method_; }
  std::int64_t design_draws() const { return design_draws_; }

  /// Scratch space for fill(); one per thread.
  struct workspace {
    std::vector<double> z;
    Eigen::VectorXd correlated_in, correlated_out;
  };
  workspace make_workspace() const {
    const auto m = static_cast<Eigen::Index>(set_.correlated_columns().size());
    return {std::vector<double>(set_.size()), Eigen::VectorXd(m), Eigen::VectorXd(m)};
  }

  /// Fills @p row (columns() values) with draw @p draw.
  void fill(std::int64_t draw, double* row, workspace& work) const {
    const std::size_t k = set_.size();
    double* z = work.z.data();
    const auto d = static_cast<std::uint64_t>(draw);
    if (method_ == sampling_method::monte_carlo) {
      random_stream stream(seed_, stream_ids::parameters, d);
      for (std::size_t c = 0; c < k; ++c) z[c] = standard_normal(stream);
    } else {
      random_stream jitter(seed_, stream_ids::lhs_jitter, d);
      const double n = static_cast<double>(design_draws_);
      for (std::size_t c = 0; c < k; ++c) {
        const auto stratum =
            static_cast<double>(permutations_[c][static_cast<std::size_t>(draw)]);
        z[c] = dist::internal::phi_quantile((stratum + jitter.u01()) / n);
      }
    }
    const auto& correlated = set_.correlated_columns();
    if (!correlated.empty()) {
      // z ← B z over the correlated columns (B lower-triangular when Cholesky
      // succeeded, full for a singular matrix).
      for (std::size_t i = 0; i < correlated.size(); ++i) {
        work.correlated_in[static_cast<Eigen::Index>(i)] = z[correlated[i]];
      }
      if (factor_is_lower_) {
        work.correlated_out.noalias() =
            factor_.triangularView<Eigen::Lower>() * work.correlated_in;
      } else {
        work.correlated_out.noalias() = factor_ * work.correlated_in;
      }
      for (std::size_t i = 0; i < correlated.size(); ++i) {
        z[correlated[i]] = work.correlated_out[static_cast<Eigen::Index>(i)];
      }
    }
    const auto& layout = set_.columns();
    for (std::size_t c = 0; c < k; ++c) row[c] = (*maps_)[c](z[c]);
    // Dirichlet groups: normalise the gamma components of each group.
    for (std::size_t c = 0; c < k;) {
      if (!layout[c].is_dirichlet) {
        ++c;
        continue;
      }
      const std::size_t size = set_.groups()[layout[c].entry].components.size();
      double total = 0;
      for (std::size_t i = 0; i < size; ++i) total += row[c + i];
      for (std::size_t i = 0; i < size; ++i) row[c + i] /= total;
      c += size;
    }
  }

  /// Draws first_draw, ..., first_draw + draws − 1 as a draws × columns matrix,
  /// evaluated in parallel on @p threads threads (0 = all available). The
  /// result is bit-identical for any thread count and for any split of a run
  /// into chunks.
  /// @throw std::domain_error for draws < 1, first_draw < 0, threads < 0, or a
  ///   Latin hypercube range beyond the design size.
  draws_matrix sample(std::int64_t first_draw, std::int64_t draws, int threads = 0) const {
    static constexpr const char* function = "sample";
    if (draws < 1) err::throw_domain_error(function, "draws", static_cast<double>(draws), ">= 1");
    if (first_draw < 0) {
      err::throw_domain_error(function, "first_draw", static_cast<double>(first_draw), ">= 0");
    }
    if (threads < 0) {
      err::throw_domain_error(function, "threads", threads, ">= 0 (0 means all available cores)");
    }
    if (method_ == sampling_method::latin_hypercube && first_draw + draws > design_draws_) {
      err::throw_domain_error(function, "first_draw + draws",
                              static_cast<double>(first_draw + draws),
                              "at most the Latin hypercube design size (" +
                                  std::to_string(design_draws_) + ")");
    }
    const std::size_t k = set_.size();
    draws_matrix out(draws, static_cast<Eigen::Index>(k));
    auto body = [&](const oneapi::tbb::blocked_range<std::int64_t>& range) {
      workspace work = make_workspace();
      for (std::int64_t i = range.begin(); i != range.end(); ++i) {
        fill(first_draw + i, out.data() + i * static_cast<std::int64_t>(k), work);
      }
    };
    oneapi::tbb::task_arena arena(threads > 0 ? threads : oneapi::tbb::task_arena::automatic);
    arena.execute([&] {
      oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::int64_t>(0, draws, 512), body);
    });
    return out;
  }

  /// The normal-score map of column @p c (diagnostics and tests).
  const dist::internal::normal_score_map& map(std::size_t c) const { return (*maps_)[c]; }

 private:
  void build_permutations() {
    const std::size_t k = set_.size();
    permutations_.resize(k);
    const auto n = static_cast<std::uint32_t>(design_draws_);
    oneapi::tbb::parallel_for(std::size_t{0}, k, [&](std::size_t c) {
      auto& perm = permutations_[c];
      perm.resize(n);
      std::iota(perm.begin(), perm.end(), std::uint32_t{0});
      // Fisher–Yates shuffle from the stream keyed by (seed, lhs_permutation, c).
      random_stream stream(seed_, stream_ids::lhs_permutation, c);
      for (std::uint32_t i = n - 1; i > 0; --i) {
        const auto j = boost::random::uniform_int_distribution<std::uint32_t>(0, i)(stream);
        std::swap(perm[i], perm[j]);
      }
    });
  }

  parameter_set set_;
  std::uint64_t seed_;
  sampling_method method_;
  std::int64_t design_draws_;
  std::shared_ptr<const std::vector<dist::internal::normal_score_map>> maps_;  // shared with set_
  Eigen::MatrixXd factor_;
  bool factor_is_lower_ = false;
  std::vector<std::vector<std::uint32_t>> permutations_;
};

/// Options for sample().
struct sampling_options {
  std::uint64_t seed = 0;
  std::int64_t draws = 0;
  /// Index of the first draw returned: draws first_draw.. of the same run.
  std::int64_t first_draw = 0;
  sampling_method method = sampling_method::monte_carlo;
  /// Latin hypercube design size; 0 means first_draw + draws.
  std::int64_t design_draws = 0;
  /// Worker threads; 0 means all available.
  int threads = 0;
};

/// Samples @p set: a draws × columns matrix (see parameter_sampler).
inline draws_matrix sample(const parameter_set& set, const sampling_options& options) {
  if (options.draws < 1) {
    err::throw_domain_error("sample", "draws", static_cast<double>(options.draws), ">= 1");
  }
  const std::int64_t design =
      options.design_draws > 0 ? options.design_draws : options.first_draw + options.draws;
  return parameter_sampler(set, options.seed, options.method, design)
      .sample(options.first_draw, options.draws, options.threads);
}

}  // namespace prevsim
