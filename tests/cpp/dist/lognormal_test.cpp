// Tests for prevsim/dist/lognormal.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <catch2/catch.hpp>

#include <boost/math/distributions/normal.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/lognormal.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("lognormal: mean, sd and median are the closed forms", "[dist][lognormal]") {
  const pd::lognormal d(0.5, 0.4);
  // E[X] = e^{μ + σ²/2} = e^{0.58} = 1.786038430750073 (hand: e^0.58),
  // SD[X] = E[X] √(e^{σ²} − 1) = 1.786038430750073 · √(e^{0.16} − 1),
  // median = e^μ = e^{0.5} = 1.648721270700128.
  // Relative 1e-14: exp/expm1 are accurate to an ulp or two.
  CHECK(d.mean() == Approx(1.786038430750073).epsilon(1e-14));
  CHECK(d.sd() == Approx(1.786038430750073 * std::sqrt(std::expm1(0.16))).epsilon(1e-14));
  CHECK(d.median() == Approx(1.648721270700128).epsilon(1e-14));
  CHECK(d.quantile(0.5) == Approx(1.648721270700128).epsilon(1e-14));
  CHECK(d.meanlog() == 0.5);
  CHECK(d.sdlog() == 0.4);
  CHECK(d.lower() == 0.0);
  CHECK(d.upper() == infinity);
  CHECK(d.preserves() == pd::lognormal::preserving::log_scale_parameters);
  CHECK(d.describe() == "lognormal(meanlog=0.5, sdlog=0.4)");
  CHECK(d.name() == "lognormal");
  // Outside the support.
  CHECK(d.cdf(0.0) == 0.0);
  CHECK(d.cdf(-1.0) == 0.0);
  CHECK(d.pdf(0.0) == 0.0);
  CHECK(d.pdf(-1.0) == 0.0);
}

TEST_CASE("lognormal: quantile and cdf are inverse, and quantile_complement is precise in the tail",
          "[dist][lognormal]") {
  const pd::lognormal d(0.5, 0.4);
  // x = e^{μ+σz} carries a relative error of ~1 ulp, so ln x an absolute error
  // of 1e-16 and Φ a relative error of |z|·1e-16/σ ≈ 1e-14 at z = −37.
  prevsim_test::check_cdf_inverts_quantile(d, 1e-12);
  prevsim_test::check_complement_matches_body(d, 1e-13);
  // P(X > x) = Φ̄((ln x − μ)/σ) by Boost's complement cdf.
  const boost::math::normal_distribution<double> log_scale(0.5, 0.4);
  prevsim_test::check_upper_tail(
      d,
      [&](double x) {
        return boost::math::cdf(boost::math::complement(log_scale, std::log(x)));
      },
      1e-12);
  CHECK(d.quantile(0.0) == 0.0);
  CHECK(d.quantile(1.0) == infinity);
  CHECK(d.quantile_complement(0.0) == infinity);
  CHECK(d.quantile_complement(1.0) == 0.0);
}

TEST_CASE("lognormal: from_mean_se is mean-preserving and round-trips mean and se",
          "[dist][lognormal]") {
  // Costs with small, moderate and very large coefficients of variation.
  for (const auto& [m, s] : {std::pair{1000.0, 200.0}, std::pair{1.0, 3.0},
                             std::pair{5e-3, 1e-5}, std::pair{2.5e6, 2.5e6},
                             std::pair{1.0, 1e-9}}) {
    const auto d = pd::lognormal::from_mean_se(m, s);
    INFO(d.describe());
    // log1p/log/exp/expm1/sqrt: relative error of a few ulp each.
    CHECK(d.mean() == Approx(m).epsilon(1e-13));
    CHECK(d.sd() == Approx(s).epsilon(1e-13));
    CHECK(d.preserves() == pd::lognormal::preserving::mean);
  }
  // Hand case: mean 1, se √(e − 1) gives sdlog² = ln(1 + e − 1) = 1, meanlog = −1/2.
  const auto d = pd::lognormal::from_mean_se(1.0, std::sqrt(std::exp(1.0) - 1.0));
  CHECK(d.sdlog() == Approx(1.0).epsilon(1e-15));
  CHECK(d.meanlog() == Approx(-0.5).epsilon(1e-15));
  CHECK(d.describe() == "lognormal(meanlog=" + prevsim::err::format_value(d.meanlog()) +
                            ", sdlog=" + prevsim::err::format_value(d.sdlog()) +
                            ", mean-preserving)");
}

TEST_CASE("lognormal: from_median_se is median-preserving and round-trips median and se",
          "[dist][lognormal]") {
  // Includes se ≪ median: ln w of a w rounded near 1 would lose the digits
  // (cv 1e-4 gave a relative error of 2e-9, cv 1e-8 threw "sdlog is 0").
  for (const auto& [median, s] : {std::pair{1.0, 0.1}, std::pair{40.0, 100.0},
                                  std::pair{0.8, 1e-4}, std::pair{1.0, 1e-9}}) {
    const auto d = pd::lognormal::from_median_se(median, s);
    INFO(d.describe());
    CHECK(d.median() == Approx(median).epsilon(1e-14));
    CHECK(d.quantile(0.5) == Approx(median).epsilon(1e-14));
    // The quadratic root and log/exp/expm1 lose a few ulp.
    CHECK(d.sd() == Approx(s).epsilon(1e-12));
    CHECK(d.preserves() == pd::lognormal::preserving::median);
  }
  // Hand case: median 1, se √2: w² − w − 2 = 0 gives w = e^{σ²} = 2, so
  // sdlog = √(ln 2) = 0.8325546111576977 and meanlog = 0.
  const auto d = pd::lognormal::from_median_se(1.0, std::sqrt(2.0));
  CHECK(d.sdlog() == Approx(0.8325546111576977).epsilon(1e-15));
  CHECK(d.meanlog() == 0.0);
  CHECK_THAT(d.describe(), Catch::EndsWith(", median-preserving)"));
}

TEST_CASE("lognormal: from_interval round-trips the interval and centres it geometrically",
          "[dist][lognormal]") {
  for (const auto& [lo, hi, level] :
       {std::tuple{0.62, 0.91, 0.95}, std::tuple{1.2, 7.5, 0.9}, std::tuple{1e-4, 1e-2, 0.5},
        std::tuple{100.0, 100.5, 0.99}}) {
    const auto d = pd::lognormal::from_interval(lo, hi, level);
    INFO(d.describe() << " from [" << lo << ", " << hi << "] at " << level);
    // Relative 1e-13: exp of a log-scale value with ~1e-16 absolute error
    // times |z| ≤ 3.
    CHECK(d.quantile((1.0 - level) / 2.0) == Approx(lo).epsilon(1e-13));
    CHECK(d.quantile((1.0 + level) / 2.0) == Approx(hi).epsilon(1e-13));
    // Symmetric on the log scale: the median is the geometric mean √(lo·hi).
    CHECK(d.median() == Approx(std::sqrt(lo * hi)).epsilon(1e-14));
    CHECK(d.preserves() == pd::lognormal::preserving::median);
  }
}

TEST_CASE("lognormal: invalid arguments throw with the value and the requirement",
          "[dist][lognormal][errors]") {
  CHECK_THROWS_AS(pd::lognormal(0.0, 0.0), std::domain_error);
  CHECK_THROWS_WITH(pd::lognormal(0.0, 0.0), "lognormal: sdlog is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal(infinity, 1.0),
                    "lognormal: meanlog is inf, but must be finite");
  CHECK_THROWS_WITH(pd::lognormal::from_mean_se(0.0, 1.0),
                    "lognormal.from_mean_se: mean is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_mean_se(-5.0, 1.0),
                    "lognormal.from_mean_se: mean is -5, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_mean_se(5.0, 0.0),
                    "lognormal.from_mean_se: se is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_median_se(-2.0, 1.0),
                    "lognormal.from_median_se: median is -2, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_median_se(2.0, std::nan("")),
                    "lognormal.from_median_se: se is nan, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_interval(0.0, 2.0),
                    "lognormal.from_interval: lower is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_interval(1.0, infinity),
                    "lognormal.from_interval: upper is inf, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::lognormal::from_interval(2.0, 1.5),
                    "lognormal.from_interval: lower is 2, but must be less than upper (1.5)");
  CHECK_THROWS_WITH(pd::lognormal::from_interval(1.0, 2.0, 0.0),
                    "lognormal.from_interval: level is 0, but must be within (0, 1), exclusive");
  const pd::lognormal d(0.0, 1.0);
  CHECK_THROWS_WITH(d.quantile(-0.5), "lognormal.quantile: p is -0.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(2.0),
                    "lognormal.quantile_complement: q is 2, but must be within [0, 1]");
}

TEST_CASE("lognormal: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][lognormal][gof]") {
  check_goodness_of_fit(pd::lognormal(0.5, 0.4), 201);
  // A cost with cv 0.5: mean-preserving lognormal.
  check_goodness_of_fit(pd::lognormal::from_mean_se(1000.0, 500.0), 202);
}
