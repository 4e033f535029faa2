// Tests for prevsim/dist/normal.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <catch2/catch.hpp>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/normal.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/normal.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
// Φ⁻¹(0.975), to 16 digits (standard table value).
constexpr double z975 = 1.959963984540054;
}  // namespace

TEST_CASE("normal: mean, sd, support and quantiles are N(mean, sd²)'s", "[dist][normal]") {
  const pd::normal d(1.5, 0.3);
  CHECK(d.mean() == 1.5);
  CHECK(d.sd() == 0.3);
  CHECK(d.lower() == -infinity);
  CHECK(d.upper() == infinity);
  // Q(p) = mean + sd Φ⁻¹(p): the median is the mean, Q(0.975) = 1.5 + 0.3·1.96.
  // Relative 1e-15: a few roundings in μ + σz.
  CHECK(d.quantile(0.5) == Approx(1.5).epsilon(1e-15));
  CHECK(d.quantile(0.975) == Approx(1.5 + 0.3 * z975).epsilon(1e-15));
  CHECK(d.quantile(0.025) == Approx(1.5 - 0.3 * z975).epsilon(1e-15));
  // f(mean) = 1/(sd √(2π)).
  const double root_two_pi = boost::math::constants::root_two_pi<double>();
  CHECK(d.pdf(1.5) == Approx(1.0 / (0.3 * root_two_pi)).epsilon(1e-15));
  CHECK(d.cdf(1.5) == Approx(0.5).epsilon(1e-15));
  CHECK(d.name() == "normal");
  CHECK(d.describe() == "normal(mean=1.5, sd=0.3)");
}

TEST_CASE("normal: quantile and cdf are inverse, and quantile_complement is precise in the tail",
          "[dist][normal]") {
  const pd::normal d(1.5, 0.3);
  // Relative 1e-12 on p: an x rounded to 1 ulp moves Φ by |z|·ulp(x)/σ
  // relative, about 37 · 2e-15 / 0.3 ≈ 3e-13 at p = 1e-300.
  prevsim_test::check_cdf_inverts_quantile(d, 1e-12);
  // The same point from both ends, in the body: 1e-13 sd (1 − q rounds by 1e-16).
  prevsim_test::check_complement_matches_body(d, 1e-13);
  // P(X > x) by Boost's complement cdf (no 1 − Φ cancellation), equal to q.
  const boost::math::normal_distribution<double> boost_d(1.5, 0.3);
  prevsim_test::check_upper_tail(
      d, [&](double x) { return boost::math::cdf(boost::math::complement(boost_d, x)); }, 1e-12);
  // Hand value: Φ⁻¹(1 − 1e-20) = 9.262340089798408 (standard normal tables).
  CHECK(d.quantile_complement(1e-20) == Approx(1.5 + 0.3 * 9.262340089798408).epsilon(1e-14));
  // The ends of the support.
  CHECK(d.quantile(0.0) == -infinity);
  CHECK(d.quantile(1.0) == infinity);
  CHECK(d.quantile_complement(0.0) == infinity);
  CHECK(d.quantile_complement(1.0) == -infinity);
}

TEST_CASE("normal: from_mean_se round-trips mean and se", "[dist][normal]") {
  for (const auto& [m, s] : {std::pair{0.0, 1.0}, std::pair{-3.2, 0.05}, std::pair{1e6, 2e4}}) {
    const auto d = pd::normal::from_mean_se(m, s);
    CHECK(d.mean() == m);  // the estimate and its se are the parameters: exact
    CHECK(d.sd() == s);
  }
}

TEST_CASE("normal: from_interval round-trips the interval", "[dist][normal]") {
  // Hand case: [0, 2·1.96] at 95 % is N(1.96, 1).
  const auto unit = pd::normal::from_interval(0.0, 2.0 * z975, 0.95);
  CHECK(unit.mean() == Approx(z975).epsilon(1e-15));
  CHECK(unit.sd() == Approx(1.0).epsilon(1e-15));
  for (const auto& [lo, hi, level] :
       {std::tuple{-0.4, 0.1, 0.95}, std::tuple{10.0, 30.0, 0.9}, std::tuple{-1.0, 1.0, 0.5},
        std::tuple{0.2, 0.2001, 0.99}}) {
    const auto d = pd::normal::from_interval(lo, hi, level);
    INFO(d.describe() << " from [" << lo << ", " << hi << "] at " << level);
    // 1e-12 of the interval width: a handful of roundings in μ ± σz.
    const double width = hi - lo;
    CHECK(d.quantile((1.0 - level) / 2.0) == Approx(lo).margin(1e-12 * width).epsilon(0));
    CHECK(d.quantile((1.0 + level) / 2.0) == Approx(hi).margin(1e-12 * width).epsilon(0));
  }
  // The default level is 95 %.
  CHECK(pd::normal::from_interval(-1.0, 1.0).sd() == Approx(1.0 / z975).epsilon(1e-15));
}

TEST_CASE("normal: invalid arguments throw with the value and the requirement",
          "[dist][normal][errors]") {
  CHECK_THROWS_AS(pd::normal(0.0, 0.0), std::domain_error);
  CHECK_THROWS_WITH(pd::normal(0.0, 0.0), "normal: sd is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::normal(0.0, -1.0), "normal: sd is -1, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::normal(std::nan(""), 1.0), "normal: mean is nan, but must be finite");
  CHECK_THROWS_WITH(pd::normal(infinity, 1.0), "normal: mean is inf, but must be finite");
  CHECK_THROWS_WITH(pd::normal::from_mean_se(1.0, -0.5),
                    "normal.from_mean_se: se is -0.5, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::normal::from_mean_se(-infinity, 0.5),
                    "normal.from_mean_se: mean is -inf, but must be finite");
  CHECK_THROWS_WITH(pd::normal::from_interval(2.0, 1.0),
                    "normal.from_interval: lower is 2, but must be less than upper (1)");
  CHECK_THROWS_WITH(pd::normal::from_interval(1.0, 1.0),
                    "normal.from_interval: lower is 1, but must be less than upper (1)");
  CHECK_THROWS_WITH(pd::normal::from_interval(0.0, 1.0, 1.0),
                    "normal.from_interval: level is 1, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(pd::normal::from_interval(-infinity, 1.0),
                    "normal.from_interval: lower is -inf, but must be finite");
  CHECK_THROWS_WITH(pd::normal::from_interval(0.0, infinity),
                    "normal.from_interval: upper is inf, but must be finite");
  const pd::normal d(0.0, 1.0);
  CHECK_THROWS_WITH(d.quantile(1.5), "normal.quantile: p is 1.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(-0.1),
                    "normal.quantile_complement: q is -0.1, but must be within [0, 1]");
}

TEST_CASE("normal: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][normal][gof]") {
  check_goodness_of_fit(pd::normal(1.5, 0.3), 101);
  check_goodness_of_fit(pd::normal(-200.0, 45.0), 102);
}

TEST_CASE("goodness of fit: the chi-square check rejects a slightly wrong distribution",
          "[dist][normal][gof]") {
  // The check has power: 20 000 N(0, 1) draws are binned against N(0.1, 1)
  // and against N(0, 1.1²). Non-centrality ≈ n·(0.1)² = 200 and
  // n·2·(0.1)² ≈ 400 against a 0.001 critical value of 85 on 49 df.
  const auto xs = prevsim_test::sample_by_normal_score(pd::normal(0.0, 1.0), 103);
  CHECK(prevsim_test::equiprobable_chi_square(xs, pd::normal(0.0, 1.0)).p_value >= 0.001);
  CHECK(prevsim_test::equiprobable_chi_square(xs, pd::normal(0.1, 1.0)).p_value < 1e-6);
  CHECK(prevsim_test::equiprobable_chi_square(xs, pd::normal(0.0, 1.1)).p_value < 1e-6);
}
