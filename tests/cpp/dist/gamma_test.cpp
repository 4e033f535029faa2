// Tests for prevsim/dist/gamma.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <catch2/catch.hpp>

#include <boost/math/distributions/gamma.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/gamma.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("gamma: mean and sd are the closed forms", "[dist][gamma]") {
  // Gamma(k, θ): mean kθ, sd √k θ.
  const pd::gamma d(3.0, 2.0);
  CHECK(d.mean() == 6.0);
  CHECK(d.sd() == Approx(2.0 * std::sqrt(3.0)).epsilon(1e-15));
  const pd::gamma skewed(0.3, 10.0);
  CHECK(skewed.mean() == Approx(3.0).epsilon(1e-15));
  CHECK(skewed.sd() == Approx(10.0 * std::sqrt(0.3)).epsilon(1e-15));
  CHECK(d.shape() == 3.0);
  CHECK(d.scale() == 2.0);
  CHECK(d.lower() == 0.0);
  CHECK(d.upper() == infinity);
  CHECK(d.name() == "gamma");
  CHECK(d.describe() == "gamma(shape=3, scale=2)");
}

TEST_CASE("gamma: shape 1 is the exponential and shape 2 the Erlang, in closed form",
          "[dist][gamma]") {
  // Exponential with mean θ = 2: F(x) = 1 − e^{−x/2}, Q(p) = −2 ln(1 − p),
  // upper quantile −2 ln q. Relative 1e-14: a few ulp in Boost and in log.
  const pd::gamma exponential(1.0, 2.0);
  for (double p : {1e-12, 0.01, 0.3, 0.5, 0.9, 0.999}) {
    INFO("p = " << p);
    CHECK(exponential.quantile(p) == Approx(-2.0 * std::log1p(-p)).epsilon(1e-14));
    CHECK(exponential.cdf(-2.0 * std::log1p(-p)) == Approx(p).epsilon(1e-14));
  }
  // 200 ln 10 = 460.51701859880914: the 1e-100 upper quantile, precise.
  CHECK(exponential.quantile_complement(1e-100) == Approx(460.51701859880914).epsilon(1e-14));
  CHECK(exponential.quantile_complement(1e-300) == Approx(-2.0 * std::log(1e-300)).epsilon(1e-14));
  // Erlang(2, 1): F(x) = 1 − e^{−x}(1 + x) = −expm1(−x) − x e^{−x} (the second
  // form loses at most a factor 20 to cancellation at x = 0.1: 4e-15); f(x) = x e^{−x}.
  const pd::gamma erlang(2.0, 1.0);
  for (double x : {0.1, 1.0, 2.5, 7.0}) {
    CHECK(erlang.cdf(x) == Approx(-std::expm1(-x) - x * std::exp(-x)).epsilon(1e-14));
    CHECK(erlang.pdf(x) == Approx(x * std::exp(-x)).epsilon(1e-14));
  }
}

TEST_CASE("gamma: quantile and cdf are inverse, and quantile_complement is precise in the tail",
          "[dist][gamma]") {
  // Relative 1e-12 on p: Boost's gamma_p_inv and gamma_p agree to ~1e-13 at
  // shape 1e4 (measured), to ~1e-15 at moderate shapes.
  for (const pd::gamma& d : {pd::gamma(3.0, 2.0), pd::gamma(20.0, 1.0), pd::gamma(1e4, 0.01)}) {
    prevsim_test::check_cdf_inverts_quantile(d, 1e-12);
    prevsim_test::check_complement_matches_body(d, 1e-12);
    const boost::math::gamma_distribution<double> boost_d(d.shape(), d.scale());
    prevsim_test::check_upper_tail(
        d, [&](double x) { return boost::math::cdf(boost::math::complement(boost_d, x)); },
        1e-12);
  }
  // Shape 0.3: F(x) ~ x^0.3, so Q(1e-100) underflows; the grid stops at 1e-30
  // (Q = 7e-101).
  const pd::gamma small(0.3, 1.0);
  prevsim_test::check_cdf_inverts_quantile(small, 1e-12,
                                           {1e-30, 1e-15, 1e-4, 0.1, 0.5, 0.9, 0.999999});
  prevsim_test::check_complement_matches_body(small, 1e-12);
  CHECK(small.quantile(0.0) == 0.0);
  CHECK(small.quantile(1.0) == infinity);
  CHECK(small.quantile_complement(0.0) == infinity);
  CHECK(small.quantile_complement(1.0) == 0.0);
}

TEST_CASE("gamma: from_mean_se round-trips mean and se", "[dist][gamma]") {
  for (const auto& [m, s] : {std::pair{6.0, 2.0}, std::pair{1000.0, 5000.0},
                             std::pair{1e-3, 1e-5}, std::pair{2.5e5, 1.0}}) {
    const auto d = pd::gamma::from_mean_se(m, s);
    INFO(d.describe());
    // k = m²/s², θ = s²/m: a few roundings, relative 1e-14.
    CHECK(d.mean() == Approx(m).epsilon(1e-14));
    CHECK(d.sd() == Approx(s).epsilon(1e-14));
  }
  // Hand case: mean 6, se 2 gives k = 9, θ = 2/3.
  const auto d = pd::gamma::from_mean_se(6.0, 2.0);
  CHECK(d.shape() == Approx(9.0).epsilon(1e-15));
  CHECK(d.scale() == Approx(2.0 / 3.0).epsilon(1e-15));
}

TEST_CASE("gamma: from_interval round-trips the interval", "[dist][gamma]") {
  for (const auto& [lo, hi, level] :
       {std::tuple{2.0, 8.0, 0.95}, std::tuple{100.0, 100.5, 0.95}, std::tuple{1e-3, 1e3, 0.95},
        std::tuple{0.5, 2.0, 0.5}, std::tuple{1e-10, 1.0, 0.95}, std::tuple{1500.0, 4200.0, 0.9}}) {
    const auto d = pd::gamma::from_interval(lo, hi, level);
    INFO(d.describe() << " from [" << lo << ", " << hi << "] at " << level);
    // The scale is set from the lower quantile (exact to an ulp or two); the
    // shape is a TOMS 748 root to 2^-49 in ln k, which moves the upper end by
    // far less than 1e-12.
    CHECK(d.quantile((1.0 - level) / 2.0) == Approx(lo).epsilon(1e-12));
    CHECK(d.quantile((1.0 + level) / 2.0) == Approx(hi).epsilon(1e-12));
    CHECK(d.quantile_complement((1.0 - level) / 2.0) == Approx(hi).epsilon(1e-12));
  }
}

TEST_CASE("gamma: the density at 0 is the limit for shape < 1, = 1 and > 1", "[dist][gamma]") {
  // f(x) = x^{k−1} e^{−x/θ} / (Γ(k) θ^k): a pole at 0 for k < 1, 1/θ for k = 1,
  // zero for k > 1. Boost reports a pole for k < 1; prevsim returns the limit.
  CHECK(pd::gamma(0.5, 2.0).pdf(0.0) == infinity);
  CHECK(pd::gamma(1.0, 2.0).pdf(0.0) == 0.5);
  CHECK(pd::gamma(3.0, 2.0).pdf(0.0) == 0.0);
  // Continuity from the right: f(1e-300) for k = 1 is 0.5 to an ulp; for k = 3
  // it is ~1e-601, i.e. 0; for k = 0.5 it is huge.
  CHECK(pd::gamma(1.0, 2.0).pdf(1e-300) == Approx(0.5).epsilon(1e-15));
  CHECK(pd::gamma(3.0, 2.0).pdf(1e-300) == 0.0);
  CHECK(pd::gamma(0.5, 2.0).pdf(1e-300) > 1e140);
  // Negative x is outside the support.
  CHECK(pd::gamma(0.5, 2.0).pdf(-1.0) == 0.0);
  CHECK(pd::gamma(0.5, 2.0).cdf(-1.0) == 0.0);
  CHECK(pd::gamma(0.5, 2.0).cdf(0.0) == 0.0);
}

TEST_CASE("gamma: invalid arguments throw with the value and the requirement",
          "[dist][gamma][errors]") {
  CHECK_THROWS_AS(pd::gamma(0.0, 1.0), std::domain_error);
  CHECK_THROWS_WITH(pd::gamma(0.0, 1.0), "gamma: shape is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::gamma(1.0, -1.0), "gamma: scale is -1, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::gamma(infinity, 1.0), "gamma: shape is inf, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::gamma::from_mean_se(-1.0, 1.0),
                    "gamma.from_mean_se: mean is -1, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::gamma::from_mean_se(1.0, 0.0),
                    "gamma.from_mean_se: se is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::gamma::from_interval(0.0, 1.0),
                    "gamma.from_interval: lower is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::gamma::from_interval(3.0, 2.0),
                    "gamma.from_interval: lower is 3, but must be less than upper (2)");
  CHECK_THROWS_WITH(pd::gamma::from_interval(1.0, 2.0, 1.5),
                    "gamma.from_interval: level is 1.5, but must be within (0, 1), exclusive");
  // Narrower than any shape up to 1e8 allows, and wider than any shape down to 0.01.
  CHECK_THROWS_AS(pd::gamma::from_interval(1.0, 1.0000001), std::invalid_argument);
  CHECK_THROWS_WITH(pd::gamma::from_interval(1.0, 1.0000001),
                    "gamma.from_interval: no gamma distribution with shape in [0.01, 1e8] has the "
                    "central 0.95 interval [1, 1.0000001]");
  CHECK_THROWS_WITH(pd::gamma::from_interval(1e-300, 1e300),
                    "gamma.from_interval: no gamma distribution with shape in [0.01, 1e8] has the "
                    "central 0.95 interval [1e-300, 1e+300]");
  const pd::gamma d(2.0, 1.0);
  CHECK_THROWS_WITH(d.quantile(2.0), "gamma.quantile: p is 2, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(-0.5),
                    "gamma.quantile_complement: q is -0.5, but must be within [0, 1]");
}

TEST_CASE("gamma: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][gamma][gof]") {
  check_goodness_of_fit(pd::gamma(0.3, 1.0), 401);
  check_goodness_of_fit(pd::gamma(3.0, 2.0), 402);
  check_goodness_of_fit(pd::gamma(20.0, 1.0), 403);
  check_goodness_of_fit(pd::gamma::from_mean_se(1000.0, 5000.0), 404);  // shape 0.04
}
