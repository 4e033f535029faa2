#pragma once
/// @file
/// Validation and factorisation of the correlation matrix of a Gaussian copula.

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include "prevsim/err/throw_error.hpp"

namespace prevsim {

/// How the entries of a user's correlation matrix are to be read.
enum class correlation_scale {
  /// Spearman rank correlations of the parameters themselves (invariant to the
  /// marginal distributions). Converted to the copula's normal-score correlation
  /// by ρ = 2 sin(π ρ_S / 6) (Pearson's relation for the bivariate normal).
  spearman,
  /// Pearson correlations of the normal scores z, the copula's own parameter.
  normal_scores,
};

namespace internal {

/// Checks that @p r is a correlation matrix for the parameters @p names and
/// returns the normal-score correlation matrix. Tolerances: symmetric within
/// 1e-12, diagonal exactly 1 within 1e-12, entries within [−1, 1], smallest
/// eigenvalue >= −1e-10 after conversion.
/// @throw std::invalid_argument naming the first problem found.
inline Eigen::MatrixXd validated_normal_score_correlation(const std::vector<std::string>& names,
                                                         const Eigen::MatrixXd& r,
                                                         correlation_scale scale) {
  static constexpr const char* function = "correlation";
  const auto n = static_cast<Eigen::Index>(names.size());
  if (r.rows() != n || r.cols() != n) {
    err::throw_invalid_argument(function, "the matrix is " + std::to_string(r.rows()) + "x" +
                                              std::to_string(r.cols()) + ", but " +
                                              std::to_string(n) +
                                              " parameters were named, so it must be " +
                                              std::to_string(n) + "x" + std::to_string(n));
  }
  auto pair = [&](Eigen::Index i, Eigen::Index j) {
    return "(" + names[static_cast<std::size_t>(i)] + ", " + names[static_cast<std::size_t>(j)] +
           ")";
  };
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(std::fabs(r(i, i) - 1.0) <= 1e-12)) {
      err::throw_invalid_argument(function, "the diagonal entry for " +
                                                names[static_cast<std::size_t>(i)] + " is " +
                                                err::format_value(r(i, i)) + ", but must be 1");
    }
    for (Eigen::Index j = 0; j < n; ++j) {
      if (!(r(i, j) >= -1.0 && r(i, j) <= 1.0)) {
        err::throw_invalid_argument(function, "the entry for " + pair(i, j) + " is " +
                                                  err::format_value(r(i, j)) +
                                                  ", but must be within [-1, 1]");
      }
      if (!(std::fabs(r(i, j) - r(j, i)) <= 1e-12)) {
        err::throw_invalid_argument(
            function, "the matrix is not symmetric: entry " + pair(i, j) + " is " +
                          err::format_value(r(i, j)) + " but entry " + pair(j, i) + " is " +
                          err::format_value(r(j, i)));
      }
    }
  }
  Eigen::MatrixXd c = r;
  if (scale == correlation_scale::spearman) {
    const double pi = 3.14159265358979323846;
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < n; ++j) {
        if (i != j) c(i, j) = 2.0 * std::sin(pi * r(i, j) / 6.0);
      }
    }
  }
  // An empty matrix (no parameters named) is valid; Eigen's solver rejects it.
  double smallest = 1.0;
  if (n > 0) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(c, Eigen::EigenvaluesOnly);
    smallest = eigen.eigenvalues()(0);
  }
  if (smallest < -1e-10) {
    err::throw_invalid_argument(
        function, "the matrix is not positive semi-definite: its smallest eigenvalue is " +
                      err::format_value(smallest) +
                      " (the correlations contradict each other; for example rho(a,b) = "
                      "rho(b,c) = 0.9 with rho(a,c) = -0.9 is impossible)");
  }
  return c;
}

/// A factor B with B·Bᵀ = c: the Cholesky factor when c is positive definite,
/// otherwise V·diag(√max(λ, 0)) from the eigen-decomposition, rows rescaled to
/// unit length so that the normal scores keep unit variance.
inline Eigen::MatrixXd correlation_factor(const Eigen::MatrixXd& c) {
  Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(c);
  Eigen::MatrixXd b =
      eigen.eigenvectors() * eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
  for (Eigen::Index i = 0; i < b.rows(); ++i) b.row(i) /= b.row(i).norm();
  return b;
}

}  // namespace internal
}  // namespace prevsim
