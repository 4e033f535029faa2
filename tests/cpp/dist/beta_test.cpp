// Tests for prevsim/dist/beta.hpp.

#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/beta.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/beta.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

TEST_CASE("beta: mean and sd are the closed forms", "[dist][beta]") {
  // Beta(2, 5): mean α/(α+β) = 2/7; variance αβ/((α+β)²(α+β+1)) = 10/(49·8) = 10/392.
  const pd::beta d(2.0, 5.0);
  CHECK(d.mean() == Approx(2.0 / 7.0).epsilon(1e-15));
  CHECK(d.sd() == Approx(std::sqrt(10.0 / 392.0)).epsilon(1e-15));
  // Beta(0.5, 0.5) (arcsine): mean 1/2, variance 0.25/(1·2) = 1/8.
  const pd::beta arcsine(0.5, 0.5);
  CHECK(arcsine.mean() == 0.5);
  CHECK(arcsine.sd() == Approx(std::sqrt(0.125)).epsilon(1e-15));
  CHECK(d.alpha() == 2.0);
  CHECK(d.beta_shape() == 5.0);
  CHECK(d.lower() == 0.0);
  CHECK(d.upper() == 1.0);
  CHECK(d.name() == "beta");
  CHECK(d.describe() == "beta(alpha=2, beta=5)");
}

TEST_CASE("beta: quantiles match closed forms for shapes with one", "[dist][beta]") {
  // Beta(1, b): F(x) = 1 − (1 − x)^b, Q(p) = 1 − (1 − p)^{1/b}.
  // Beta(a, 1): F(x) = x^a, Q(p) = p^{1/a}.
  // Beta(1/2, 1/2): F(x) = (2/π) asin(√x), Q(p) = sin²(πp/2).
  // Relative 1e-13: Boost's ibeta_inv converges to a few ulp; the hand forms
  // add a few roundings of their own.
  const double pi = boost::math::constants::pi<double>();
  const pd::beta b1(1.0, 3.0), b2(2.5, 1.0), arcsine(0.5, 0.5);
  for (double p : {1e-10, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999}) {
    INFO("p = " << p);
    CHECK(b1.quantile(p) == Approx(-std::expm1(std::log1p(-p) / 3.0)).epsilon(1e-13));
    CHECK(b2.quantile(p) == Approx(std::pow(p, 1.0 / 2.5)).epsilon(1e-13));
    const double s = std::sin(pi * p / 2.0);
    CHECK(arcsine.quantile(p) == Approx(s * s).epsilon(1e-13));
    CHECK(b2.cdf(std::pow(p, 1.0 / 2.5)) == Approx(p).epsilon(1e-13));
  }
  // The upper tail of Beta(1, 3): P(X > x) = (1 − x)³ = q, so 1 − x = q^{1/3}.
  CHECK(1.0 - b1.quantile_complement(1e-12) == Approx(1e-4).epsilon(1e-10));
  // Outside the support.
  CHECK(b1.cdf(-0.1) == 0.0);
  CHECK(b1.cdf(1.1) == 1.0);
  CHECK(b1.pdf(-0.1) == 0.0);
  CHECK(b1.pdf(1.1) == 0.0);
  // f(x) = 3(1 − x)² for Beta(1, 3).
  CHECK(b1.pdf(0.4) == Approx(3.0 * 0.36).epsilon(1e-14));
}

TEST_CASE("beta: quantile and cdf are inverse, and quantile_complement is precise in the tail",
          "[dist][beta]") {
  // Relative 1e-12 on p: Boost's ibeta_inv/ibeta agree to ~1e-14; the margin
  // covers the deep tail where F is steep in x.
  for (const pd::beta& d : {pd::beta(2.0, 5.0), pd::beta(30.0, 12.0), pd::beta(5.0, 5.0)}) {
    prevsim_test::check_cdf_inverts_quantile(d, 1e-12);
    prevsim_test::check_complement_matches_body(d, 1e-12);
    const boost::math::beta_distribution<double> boost_d(d.alpha(), d.beta_shape());
    // P(X > x) from Boost's complement cdf, which is 1 − I_x(α, β) without
    // cancellation. The tail stops at 1e-15: beyond, x is within an ulp of 1,
    // and no quantile (however exact) can resolve q.
    prevsim_test::check_upper_tail(
        d, [&](double x) { return boost::math::cdf(boost::math::complement(boost_d, x)); }, 1e-9,
        1e-15);
  }
  // U-shaped: F(x) ~ x^α near 0, so Q(1e-300) would underflow; the grid stops
  // where x is still a normal double.
  const pd::beta u(0.5, 0.7);
  prevsim_test::check_cdf_inverts_quantile(
      u, 1e-12, {1e-150, 1e-30, 1e-8, 0.001, 0.1, 0.5, 0.9, 0.999, 1.0 - 1e-9});
  CHECK(u.quantile(0.0) == 0.0);
  CHECK(u.quantile(1.0) == 1.0);
  CHECK(u.quantile_complement(0.0) == 1.0);
  CHECK(u.quantile_complement(1.0) == 0.0);
}

TEST_CASE("beta: quantiles far in the lower tail are exact where Boost's ibeta_inv gives up",
          "[dist][beta]") {
  // Boost 1.74's ibeta_inv throws "exceeded 200 iterations" for these; the
  // fallback must still find them to full precision. Near 0,
  // Beta(2, 5): F(x) = 15x² (1 + O(x)), so Q(p) = √(p/15);
  // Beta(3, 3): F(x) = 10x³ (1 + O(x)), so Q(p) = (p/10)^{1/3}.
  // The O(x) terms are below 1e-30 here; relative 1e-14 is a few ulp.
  const pd::beta b25(2.0, 5.0), b33(3.0, 3.0);
  for (double p : {1e-300, 1e-200, 1e-100}) {
    INFO("p = " << p);
    CHECK(b25.quantile(p) == Approx(std::sqrt(p / 15.0)).epsilon(1e-14));
    CHECK(b33.quantile(p) == Approx(std::cbrt(p / 10.0)).epsilon(1e-14));
    // And from the other end: the upper tail of the mirrored Beta(5, 2) is 1 − x.
    CHECK(1.0 - pd::beta(5.0, 2.0).quantile_complement(p) == Approx(0.0).margin(1e-15));
  }
}

TEST_CASE("beta: from_mean_se round-trips mean and se", "[dist][beta]") {
  for (const auto& [m, s] : {std::pair{0.3, 0.1}, std::pair{0.02, 0.01}, std::pair{0.9, 0.05},
                             std::pair{0.5, 0.4}, std::pair{1e-4, 1e-6}}) {
    const auto d = pd::beta::from_mean_se(m, s);
    INFO(d.describe());
    // Method of moments, a handful of roundings: relative 1e-13.
    CHECK(d.mean() == Approx(m).epsilon(1e-13));
    CHECK(d.sd() == Approx(s).epsilon(1e-13));
  }
  // Hand case: mean 0.5, se² = 1/12 gives ν = 3 − 1 = 2, α = β = 1 (the uniform).
  const auto flat = pd::beta::from_mean_se(0.5, std::sqrt(1.0 / 12.0));
  CHECK(flat.alpha() == Approx(1.0).epsilon(1e-14));
  CHECK(flat.beta_shape() == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("beta: from_interval round-trips the interval", "[dist][beta]") {
  // Includes intervals near 0, near 1, very narrow, very wide and U-shaped fits,
  // and [1e-9, 1 − 1e-9] at 99 % (α = β ≈ 0.23), which Newton's method could
  // not fit when the upper quantile was taken as a double next to 1.
  for (const auto& [lo, hi, level] :
       {std::tuple{0.2, 0.5, 0.95}, std::tuple{0.001, 0.01, 0.95}, std::tuple{0.6, 0.99, 0.9},
        std::tuple{0.4, 0.6, 0.01}, std::tuple{0.45, 0.46, 0.999}, std::tuple{1e-6, 0.5, 0.95},
        std::tuple{0.01, 0.99, 0.5}, std::tuple{0.99, 0.99999999, 0.95},
        std::tuple{1e-12, 2e-12, 0.999}, std::tuple{1e-9, 1.0 - 1e-9, 0.99}}) {
    const auto d = pd::beta::from_interval(lo, hi, level);
    INFO(d.describe() << " from [" << lo << ", " << hi << "] at " << level);
    const double p_lo = (1.0 - level) / 2.0;
    // The solver stops when the logit residuals sum below 1e-11, so x and
    // 1 − x are within relative 1e-11 of the targets; 1e-10 leaves room for
    // the accuracy of Boost's ibeta_inv.
    CHECK(d.quantile(p_lo) == Approx(lo).epsilon(1e-10));
    CHECK(d.quantile((1.0 + level) / 2.0) == Approx(hi).epsilon(1e-10));
    // Near 1 the gap 1 − hi is what matters; read it from the upper end.
    CHECK(1.0 - d.quantile_complement(p_lo) == Approx(1.0 - hi).epsilon(1e-10));
  }
  // The default level is 95 %.
  CHECK(pd::beta::from_interval(0.2, 0.5).quantile(0.025) == Approx(0.2).epsilon(1e-10));
}

TEST_CASE("beta: invalid arguments throw with the value and the requirement",
          "[dist][beta][errors]") {
  CHECK_THROWS_AS(pd::beta::from_mean_se(0.3, 0.5), std::domain_error);
  // sqrt(0.3·0.7) = 0.458257569495584...: no beta has a larger sd at mean 0.3.
  CHECK_THROWS_WITH(pd::beta::from_mean_se(0.3, 0.5),
                    "beta.from_mean_se: se is 0.5, but must be below sqrt(mean*(1-mean)) = "
                    "0.458257569495584 for mean 0.3 (no beta distribution is that wide)");
  // The limit itself is excluded (it would need α = β = 0).
  CHECK_THROWS_WITH(pd::beta::from_mean_se(0.5, 0.5),
                    "beta.from_mean_se: se is 0.5, but must be below sqrt(mean*(1-mean)) = 0.5 "
                    "for mean 0.5 (no beta distribution is that wide)");
  CHECK_THROWS_WITH(pd::beta::from_mean_se(1.0, 0.1),
                    "beta.from_mean_se: mean is 1, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(pd::beta::from_mean_se(0.0, 0.1),
                    "beta.from_mean_se: mean is 0, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(pd::beta::from_mean_se(0.5, -0.1),
                    "beta.from_mean_se: se is -0.1, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::beta(0.0, 1.0), "beta: alpha is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::beta(1.0, -2.0), "beta: beta is -2, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::beta(std::nan(""), 1.0),
                    "beta: alpha is nan, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::beta::from_interval(0.5, 0.2),
                    "beta.from_interval: lower is 0.5, but must be less than upper (0.2)");
  CHECK_THROWS_WITH(pd::beta::from_interval(0.0, 0.2),
                    "beta.from_interval: lower is 0, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(pd::beta::from_interval(0.1, 1.0),
                    "beta.from_interval: upper is 1, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(pd::beta::from_interval(0.1, 0.2, 1.0),
                    "beta.from_interval: level is 1, but must be within (0, 1), exclusive");
  // An interval beyond what Boost.Math can fit (the method-of-moments start
  // overflows): prevsim's message, not Boost's.
  CHECK_THROWS_AS(pd::beta::from_interval(1e-300, 1e-299), std::invalid_argument);
  CHECK_THROWS_WITH(pd::beta::from_interval(1e-300, 1e-299),
                    "beta.from_interval: no beta distribution has the central 0.95 interval "
                    "[1e-300, 1e-299]");
  const pd::beta d(2.0, 3.0);
  CHECK_THROWS_WITH(d.quantile(1.5), "beta.quantile: p is 1.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(-1.0),
                    "beta.quantile_complement: q is -1, but must be within [0, 1]");
}

TEST_CASE("beta: Beta(5, 5) quantiles at and next to the median succeed and are monotone",
          "[dist][beta]") {
  // Boost 1.74's ibeta_inv throws evaluation_error for Beta(5, 5) at p = 0.5
  // ("no root ... local minima"); prevsim falls back to TOMS 748 on the cdf.
  const pd::beta d(5.0, 5.0);
  const std::vector<double> ps{0.4999, 0.49999999, 0.5, 0.5000001, 0.5001};
  std::vector<double> xs;
  for (double p : ps) {
    double x = 0;
    REQUIRE_NOTHROW(x = d.quantile(p));
    xs.push_back(x);
    // The solver's tolerance is 2^-52 relative; the cdf inverts to 1e-14.
    CHECK(d.cdf(x) == Approx(p).epsilon(1e-14));
  }
  for (std::size_t i = 1; i < xs.size(); ++i) CHECK(xs[i] > xs[i - 1]);
  // Symmetric: the median is 1/2, and Q(p) + Q(1 − p) = 1.
  CHECK(d.quantile(0.5) == Approx(0.5).margin(1e-15));
  CHECK(d.quantile_complement(0.5) == Approx(0.5).margin(1e-15));
  CHECK(d.quantile(0.4999) + d.quantile(0.5001) == Approx(1.0).margin(1e-14));
  CHECK(d.quantile_complement(0.4999) == Approx(d.quantile(0.5001)).margin(1e-14));
}

TEST_CASE("beta: symmetric shapes give monotone quantiles through the median",
          "[dist][beta]") {
  // A sweep over symmetric shapes and p within 1e-3 of 1/2, the region where
  // Boost's Newton iteration can fail.
  for (double a : {0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 50.0, 200.0}) {
    const pd::beta d(a, a);
    double previous = 0;
    for (int i = -20; i <= 20; ++i) {
      const double p = 0.5 + 5e-5 * i;
      double x = 0;
      REQUIRE_NOTHROW(x = d.quantile(p));
      INFO("a = " << a << ", p = " << p);
      CHECK(x > previous);
      CHECK(d.cdf(x) == Approx(p).epsilon(1e-13));
      previous = x;
    }
  }
}

TEST_CASE("beta: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][beta][gof]") {
  check_goodness_of_fit(pd::beta(2.0, 5.0), 301);
  check_goodness_of_fit(pd::beta(0.5, 0.7), 302);  // U-shaped, poles at both ends
  check_goodness_of_fit(pd::beta(5.0, 5.0), 303);
  check_goodness_of_fit(pd::beta::from_mean_se(0.02, 0.01), 304);  // a small probability
}
