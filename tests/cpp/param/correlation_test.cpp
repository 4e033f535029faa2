// Tests for include/prevsim/param/correlation.hpp: the Spearman → normal-score
// conversion and the factor B of the copula's correlation matrix.

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "prevsim/param/correlation.hpp"

using prevsim::correlation_scale;
using prevsim::internal::correlation_factor;
using prevsim::internal::validated_normal_score_correlation;

namespace {

const std::vector<std::string> abc{"a", "b", "c"};

Eigen::MatrixXd matrix3(double ab, double ac, double bc) {
  Eigen::MatrixXd m(3, 3);
  m << 1, ab, ac, ab, 1, bc, ac, bc, 1;
  return m;
}

// Largest absolute entry of B·Bᵀ − C.
double reconstruction_error(const Eigen::MatrixXd& b, const Eigen::MatrixXd& c) {
  return (b * b.transpose() - c).cwiseAbs().maxCoeff();
}

}  // namespace

TEST_CASE("correlation: Spearman entries become 2 sin(pi rho_S / 6) on the normal-score scale",
          "[param][correlation]") {
  // Hand values (Python: 2 * math.sin(math.pi * r / 6)):
  //   r = 0.5  → 0.5176380902050415
  //   r = -0.3 → -0.31286893008046174
  //   r = 0.2  → 0.20905692653530691
  // Tolerance 1e-15 relative: one sin and two multiplications.
  const Eigen::MatrixXd c =
      validated_normal_score_correlation(abc, matrix3(0.5, -0.3, 0.2), correlation_scale::spearman);
  CHECK(c(0, 1) == Approx(0.5176380902050415).epsilon(1e-15));
  CHECK(c(1, 0) == Approx(0.5176380902050415).epsilon(1e-15));
  CHECK(c(0, 2) == Approx(-0.31286893008046174).epsilon(1e-15));
  CHECK(c(2, 0) == Approx(-0.31286893008046174).epsilon(1e-15));
  CHECK(c(1, 2) == Approx(0.20905692653530691).epsilon(1e-15));
  CHECK(c(2, 1) == Approx(0.20905692653530691).epsilon(1e-15));
  // The diagonal is not converted (2 sin(π/6) is 0.9999999999999999 in binary).
  CHECK(c.diagonal() == Eigen::Vector3d::Ones());
}

TEST_CASE("correlation: the conversion fixes 0 and maps +-1 to +-1", "[param][correlation]") {
  // sin(±π/6) is ±0.5 only up to rounding, so ±1 comes back within 2 ulps.
  const Eigen::MatrixXd c =
      validated_normal_score_correlation(abc, matrix3(1.0, 0.0, 0.0), correlation_scale::spearman);
  CHECK(c(0, 1) == Approx(1.0).epsilon(2.5e-16));
  CHECK(c(0, 2) == 0.0);
  CHECK(c(1, 2) == 0.0);
  const Eigen::MatrixXd d = validated_normal_score_correlation(
      {"a", "b"}, (Eigen::MatrixXd(2, 2) << 1, -1, -1, 1).finished(), correlation_scale::spearman);
  CHECK(d(0, 1) == Approx(-1.0).epsilon(2.5e-16));
}

TEST_CASE("correlation: on the normal-score scale the matrix is returned unchanged",
          "[param][correlation]") {
  const Eigen::MatrixXd m = matrix3(0.5, -0.3, 0.2);
  CHECK(validated_normal_score_correlation(abc, m, correlation_scale::normal_scores) == m);
  // No parameters: an empty matrix is valid.
  CHECK(validated_normal_score_correlation({}, Eigen::MatrixXd(0, 0), correlation_scale::spearman)
            .size() == 0);
}

TEST_CASE("correlation: the factor of a positive definite matrix satisfies B Bt = C",
          "[param][correlation]") {
  // A 4×4 positive definite matrix (eigenvalues all > 0.2). Cholesky reproduces
  // C to a few ulps; 1e-14 absolute covers it.
  Eigen::MatrixXd c(4, 4);
  c << 1.0, 0.6, -0.3, 0.2,  //
      0.6, 1.0, -0.2, 0.4,   //
      -0.3, -0.2, 1.0, 0.1,  //
      0.2, 0.4, 0.1, 1.0;
  const Eigen::MatrixXd b = correlation_factor(c);
  REQUIRE(b.rows() == 4);
  REQUIRE(b.cols() == 4);
  CHECK(reconstruction_error(b, c) < 1e-14);
  // Positive definite: the Cholesky factor, lower triangular with a positive diagonal.
  CHECK(b.isLowerTriangular(0.0));
  CHECK((b.diagonal().array() > 0).all());

  // The identity factors to the identity, a 1×1 to 1.
  CHECK(correlation_factor(Eigen::MatrixXd::Identity(3, 3)) == Eigen::MatrixXd::Identity(3, 3));
  CHECK(correlation_factor(Eigen::MatrixXd::Ones(1, 1)) == Eigen::MatrixXd::Ones(1, 1));
}

TEST_CASE("correlation: the factor of a singular semi-definite matrix satisfies B Bt = C",
          "[param][correlation]") {
  // Cholesky fails on these, so the eigen factor is used. Its error is a few
  // ulps of the largest eigenvalue (≤ 3); 1e-12 absolute leaves ample room
  // while any wrong factor would be off by O(0.1).
  SECTION("a perfectly correlated pair") {
    const Eigen::MatrixXd c = matrix3(1.0, 0.5, 0.5);
    const Eigen::MatrixXd b = correlation_factor(c);
    CHECK(reconstruction_error(b, c) < 1e-12);
    // Rows a and b are the same, so the two scores are identical: from B·Bᵀ = C,
    // |row_a − row_b|² = C_aa + C_bb − 2 C_ab + O(ε) = O(ε), so the rows agree
    // to O(√ε) ≈ 1.5e-8 (a zero eigenvalue computed as ~1e-16 enters B as its
    // square root).
    CHECK((b.row(0) - b.row(1)).cwiseAbs().maxCoeff() < 1e-7);
    // Unit rows keep each score standard normal.
    for (Eigen::Index i = 0; i < 3; ++i) CHECK(b.row(i).norm() == Approx(1.0).epsilon(1e-14));
  }
  SECTION("a perfectly negatively correlated pair") {
    const Eigen::MatrixXd c = matrix3(-1.0, 0.3, -0.3);
    const Eigen::MatrixXd b = correlation_factor(c);
    CHECK(reconstruction_error(b, c) < 1e-12);
    // Opposite rows, to O(√ε) as above (here they differ by about 1.6e-8).
    CHECK((b.row(0) + b.row(1)).cwiseAbs().maxCoeff() < 1e-7);
  }
  SECTION("rank one: all scores the same") {
    const Eigen::MatrixXd c = Eigen::MatrixXd::Ones(4, 4);
    const Eigen::MatrixXd b = correlation_factor(c);
    CHECK(reconstruction_error(b, c) < 1e-12);
  }
  SECTION("rank two: three variables on a circle") {
    // Scores cos(θ_i) u + sin(θ_i) v with θ = 0, 2π/3, 4π/3: correlations
    // cos(2π/3) = −1/2, a matrix of rank 2 with eigenvalues 0, 3/2, 3/2.
    const Eigen::MatrixXd c = matrix3(-0.5, -0.5, -0.5);
    const Eigen::MatrixXd b = correlation_factor(c);
    CHECK(reconstruction_error(b, c) < 1e-12);
    CHECK(validated_normal_score_correlation(abc, c, correlation_scale::normal_scores) == c);
  }
}
