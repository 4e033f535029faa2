// Tests for prevsim/dist/pert.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include <boost/math/distributions/beta.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/pert.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

TEST_CASE("pert: shapes, mean and sd are the closed forms", "[dist][pert]") {
  // PERT(0, 2, 10), λ = 4: α = 1 + 4·(2/10) = 1.8, β = 1 + 4·(8/10) = 4.2;
  // mean (a + 4c + b)/6 = 18/6 = 3; sd (b − a)√(αβ/((α+β)²(α+β+1)))
  // = 10·√(7.56/(36·7)) = 10·√0.03.
  const pd::pert d(0.0, 2.0, 10.0);
  CHECK(d.alpha() == Approx(1.8).epsilon(1e-15));
  CHECK(d.beta_shape() == Approx(4.2).epsilon(1e-15));
  CHECK(d.mean() == Approx(3.0).epsilon(1e-15));
  CHECK(d.sd() == Approx(10.0 * std::sqrt(0.03)).epsilon(1e-15));
  CHECK(d.mode() == 2.0);
  CHECK(d.lambda() == 4.0);
  CHECK(d.lower() == 0.0);
  CHECK(d.upper() == 10.0);
  CHECK(d.name() == "pert");
  CHECK(d.describe() == "pert(lower=0, mode=2, upper=10, lambda=4)");
  // Modified PERT, λ = 2: mean (a + λc + b)/(λ + 2) = (0 + 4 + 10)/4 = 3.5.
  const pd::pert modified(0.0, 2.0, 10.0, 2.0);
  CHECK(modified.mean() == Approx(3.5).epsilon(1e-15));
  CHECK(modified.alpha() == Approx(1.4).epsilon(1e-15));
  // The density peaks at the mode.
  CHECK(d.pdf(2.0) > d.pdf(1.9));
  CHECK(d.pdf(2.0) > d.pdf(2.1));
  CHECK(d.pdf(-1.0) == 0.0);
  CHECK(d.pdf(11.0) == 0.0);
}

TEST_CASE("pert: symmetric PERT(0, 5, 10) is symmetric about 5", "[dist][pert]") {
  // α = β = 3: mean = median = 5, sd = 10·√(9/(36·7)) = 10/√28.
  // Q(1/2) goes through beta's fallback solver (Boost's ibeta_inv can fail
  // at the median of a symmetric beta).
  const pd::pert d(0.0, 5.0, 10.0);
  CHECK(d.alpha() == 3.0);
  CHECK(d.beta_shape() == 3.0);
  CHECK(d.mean() == Approx(5.0).epsilon(1e-15));
  CHECK(d.sd() == Approx(10.0 / std::sqrt(28.0)).epsilon(1e-15));
  CHECK(d.quantile(0.5) == Approx(5.0).epsilon(1e-14));
  CHECK(d.quantile_complement(0.5) == Approx(5.0).epsilon(1e-14));
  CHECK(d.cdf(5.0) == Approx(0.5).epsilon(1e-15));
  // Q(p) + Q(1 − p) = 10, and the upper quantile mirrors the lower one.
  // Margin 1e-13: Boost's ibeta_inv to ~1e-15 relative, times the width 10.
  for (double p : {1e-10, 0.01, 0.1, 0.3, 0.45, 0.4999}) {
    INFO("p = " << p);
    CHECK(d.quantile(p) + d.quantile(1.0 - p) == Approx(10.0).margin(1e-13));
    CHECK(d.quantile_complement(p) == Approx(10.0 - d.quantile(p)).margin(1e-13));
  }
}

TEST_CASE("pert: mode at the lower bound is a Beta(1, 1 + λ) in closed form", "[dist][pert]") {
  // PERT(0, 0, 10): α = 1, β = 5. F(x) = 1 − (1 − x/10)^5, so
  // Q(p) = 10(1 − (1 − p)^{1/5}) and the upper quantile is 10(1 − q^{1/5}).
  const pd::pert d(0.0, 0.0, 10.0);
  for (double p : {1e-12, 0.01, 0.2, 0.5, 0.9, 0.999}) {
    INFO("p = " << p);
    // Relative 1e-13: Boost's ibeta_inv and the hand form, a few ulp each.
    CHECK(d.quantile(p) == Approx(-10.0 * std::expm1(std::log1p(-p) / 5.0)).epsilon(1e-13));
  }
  // Upper tail, measured from the upper end: 10 − Q̄(1e-15) = 10 · 1e-3 = 0.01.
  // Its precision is limited by ulp(10) = 1.8e-15 over 0.01: 2e-13.
  CHECK(10.0 - d.quantile_complement(1e-15) == Approx(0.01).epsilon(1e-12));
  CHECK(10.0 - d.quantile_complement(1e-50) == Approx(1e-9).epsilon(1e-5));
}

TEST_CASE("pert: quantile and cdf are inverse, and quantile_complement is precise in the tail",
          "[dist][pert]") {
  const pd::pert d(0.0, 2.0, 10.0);
  // The lower bound is 0, so x keeps relative precision: relative 1e-12 on p.
  prevsim_test::check_cdf_inverts_quantile(d, 1e-12);
  prevsim_test::check_complement_matches_body(d, 1e-12);
  // Upper tail: P(X > x) = P(Y > x/10), Y ~ Beta(1.8, 4.2), by Boost's complement
  // cdf; stops at 1e-15, beyond which 10 − x is below ulp(10) resolution.
  const boost::math::beta_distribution<double> standard(1.8, 4.2);
  prevsim_test::check_upper_tail(
      d,
      [&](double x) { return boost::math::cdf(boost::math::complement(standard, x / 10.0)); },
      1e-9, 1e-15);
  CHECK(d.quantile(0.0) == 0.0);
  CHECK(d.quantile(1.0) == 10.0);
  CHECK(d.quantile_complement(0.0) == 10.0);
  CHECK(d.quantile_complement(1.0) == 0.0);
  CHECK(d.cdf(-1.0) == 0.0);
  CHECK(d.cdf(10.0) == 1.0);
}

TEST_CASE("pert: invalid arguments throw with the value and the requirement",
          "[dist][pert][errors]") {
  CHECK_THROWS_AS(pd::pert(0.0, 12.0, 10.0), std::domain_error);
  CHECK_THROWS_WITH(pd::pert(0.0, 12.0, 10.0), "pert: mode is 12, but must be within [0, 10]");
  CHECK_THROWS_WITH(pd::pert(0.0, -1.0, 10.0), "pert: mode is -1, but must be within [0, 10]");
  CHECK_THROWS_WITH(pd::pert(10.0, 10.0, 10.0),
                    "pert: lower is 10, but must be less than upper (10)");
  CHECK_THROWS_WITH(pd::pert(0.0, 2.0, 10.0, 0.0),
                    "pert: lambda is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::pert(0.0, 2.0, 10.0, -4.0),
                    "pert: lambda is -4, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::pert(std::nan(""), 2.0, 10.0), "pert: lower is nan, but must be finite");
  const pd::pert d(0.0, 2.0, 10.0);
  CHECK_THROWS_WITH(d.quantile(7.0), "pert.quantile: p is 7, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(-1e-3),
                    "pert.quantile_complement: q is -0.001, but must be within [0, 1]");
}

TEST_CASE("pert: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][pert][gof]") {
  check_goodness_of_fit(pd::pert(0.0, 2.0, 10.0), 701);
  check_goodness_of_fit(pd::pert(0.0, 5.0, 10.0), 702);
  check_goodness_of_fit(pd::pert(100.0, 100.0, 250.0, 2.0), 703);  // mode at the lower bound
}
