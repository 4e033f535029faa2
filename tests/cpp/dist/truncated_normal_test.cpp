// Tests for prevsim/dist/truncated_normal.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/math/constants/constants.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/truncated_normal.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

struct moments {
  double mean;
  double sd;
};

/// Mean and sd of N(mu, sigma²) on [lower, upper] by adaptive Gauss–Kronrod
/// quadrature, independently of the closed forms. With u = (x − lower)/σ ≥ 0
/// and α = (lower − mu)/σ, the density is proportional to e^{−αu − u²/2} (the
/// factor e^{−α²/2} cancels), which stays representable however far in the
/// tail the interval lies. An interval bounded only above is mirrored.
moments quadrature_moments(double mu, double sigma, double lower, double upper) {
  if (std::isinf(lower)) {
    const moments m = quadrature_moments(-mu, sigma, -upper, -lower);
    return {-m.mean, m.sd};
  }
  const double alpha = (lower - mu) / sigma;
  const double u_max = std::isinf(upper) ? infinity : (upper - lower) / sigma;
  using integrator = boost::math::quadrature::gauss_kronrod<double, 61>;
  auto integral = [&](int power) {
    return integrator::integrate(
        [&](double u) { return std::pow(u, power) * std::exp(-alpha * u - 0.5 * u * u); }, 0.0,
        u_max, 15, 1e-14);
  };
  const double z0 = integral(0), z1 = integral(1), z2 = integral(2);
  const double mean_u = z1 / z0;
  return {lower + sigma * mean_u, sigma * std::sqrt(z2 / z0 - mean_u * mean_u)};
}

}  // namespace

TEST_CASE("truncated_normal: the half-normal has mean √(2/π) and sd √(1 − 2/π)",
          "[dist][truncated_normal]") {
  const pd::truncated_normal d(0.0, 1.0, 0.0, infinity);
  const double two_over_pi = 2.0 / boost::math::constants::pi<double>();
  // Relative 1e-15: the closed form, a few roundings.
  CHECK(d.mean() == Approx(std::sqrt(two_over_pi)).epsilon(1e-15));
  CHECK(d.sd() == Approx(std::sqrt(1.0 - two_over_pi)).epsilon(1e-14));
  // The median of the half-normal is Φ⁻¹(3/4) = 0.6744897501960817.
  CHECK(d.quantile(0.5) == Approx(0.6744897501960817).epsilon(1e-14));
  // The density at 0 is 2φ(0) = √(2/π).
  CHECK(d.pdf(0.0) == Approx(std::sqrt(two_over_pi)).epsilon(1e-15));
  CHECK(d.pdf(-0.1) == 0.0);
  CHECK(d.mu() == 0.0);
  CHECK(d.sigma() == 1.0);
  CHECK(d.lower() == 0.0);
  CHECK(d.upper() == infinity);
  CHECK(d.name() == "truncated_normal");
  CHECK(d.describe() == "truncated_normal(mu=0, sigma=1, lower=0, upper=inf)");
}

TEST_CASE("truncated_normal: mean and sd agree with numerical integration",
          "[dist][truncated_normal]") {
  for (const auto& [mu, sigma, lower, upper] :
       {std::tuple{2.0, 3.0, -1.0, 4.0}, std::tuple{0.0, 1.0, 8.0, 9.0},
        std::tuple{100.0, 20.0, 0.0, infinity}, std::tuple{5.0, 2.0, -infinity, 4.0},
        std::tuple{0.0, 1.0, -0.5, 0.5}, std::tuple{-3.0, 0.5, -2.0, infinity}}) {
    const pd::truncated_normal d(mu, sigma, lower, upper);
    const moments m = quadrature_moments(mu, sigma, lower, upper);
    INFO(d.describe() << ": quadrature mean " << m.mean << ", sd " << m.sd);
    // Quadrature converges to ~1e-14 relative; the closed-form variance
    // 1 + (αφ(α) − βφ(β))/Z − r² cancels up to a factor ~100 in the tails.
    CHECK(d.mean() == Approx(m.mean).epsilon(1e-12).margin(1e-12 * sigma));
    CHECK(d.sd() == Approx(m.sd).epsilon(1e-10));
  }
}

TEST_CASE("truncated_normal: far in the tail, mean is φ(10)/Φ̄(10) and the quantiles stay exact",
          "[dist][truncated_normal]") {
  // N(0, 1) on [10, ∞): mass Φ̄(10) = 7.6e-24. mean = φ(10)/Φ̄(10) ≈ 10.098,
  // computed here with Boost's pdf and complement cdf.
  const boost::math::normal_distribution<double> unit;
  const double phi10 = boost::math::pdf(unit, 10.0);
  const double tail10 = boost::math::cdf(boost::math::complement(unit, 10.0));
  const pd::truncated_normal d(0.0, 1.0, 10.0, infinity);
  CHECK(d.mean() == Approx(phi10 / tail10).epsilon(1e-14));
  CHECK(d.mean() == Approx(10.098093233962).epsilon(1e-12));  // the value quoted in the docs
  // var = 1 + 10·r − r² with r the mean: cancels ~4 digits, hence 1e-10 against
  // the quadrature.
  CHECK(d.sd() == Approx(quadrature_moments(0.0, 1.0, 10.0, infinity).sd).epsilon(1e-10));
  CHECK(d.pdf(10.0) == Approx(phi10 / tail10).epsilon(1e-14));
  // Quantiles: Φ̄(x) = Φ̄(10)(1 − p), so x = Φ̄⁻¹(Φ̄(10)(1 − p)).
  for (double p : {1e-6, 0.1, 0.5, 0.9, 0.999999}) {
    const double expected =
        boost::math::quantile(boost::math::complement(unit, tail10 * (1.0 - p)));
    INFO("p = " << p);
    CHECK(d.quantile(p) == Approx(expected).epsilon(1e-14));
    // x − 10 is only resolved to ulp(10) = 1.8e-15, and the cdf's slope at 10
    // is f(10) ≈ 10.1: |Δp| ≲ 2e-14.
    CHECK(d.cdf(d.quantile(p)) == Approx(p).margin(1e-13));
  }
  // The upper tail: Φ̄(x) = Φ̄(10)·q, exact down to q = 1e-280 (x ≈ 37).
  prevsim_test::check_upper_tail(
      d,
      [&](double x) { return boost::math::cdf(boost::math::complement(unit, x)) / tail10; },
      1e-12, 1e-200);
  // The mirror image: N(0, 1) on (−∞, −10] has mean −10.098.
  const pd::truncated_normal mirrored(0.0, 1.0, -infinity, -10.0);
  CHECK(mirrored.mean() == Approx(-phi10 / tail10).epsilon(1e-14));
  CHECK(mirrored.sd() == Approx(d.sd()).epsilon(1e-10));
  CHECK(mirrored.quantile(0.3) == Approx(-d.quantile(0.7)).epsilon(1e-14));
  // As deep as the mass check allows: Φ̄(37) = 5.7e-300 > 1e-300; the mean is
  // φ(37)/Φ̄(37) ≈ 37.027, within 1/37² of 37 + 1/37.
  const pd::truncated_normal deep(0.0, 1.0, 37.0, infinity);
  CHECK(deep.mean() == Approx(37.0 + 1.0 / 37.0).margin(1.0 / (37.0 * 37.0 * 37.0)));
  CHECK(deep.quantile(0.5) > 37.0);
  CHECK(deep.quantile(0.5) < 37.1);
}

TEST_CASE("truncated_normal: next to a bound at 0, x keeps its relative precision",
          "[dist][truncated_normal]") {
  // A cost that cannot be negative. Near the bound the quantile is a distance
  // from it: for the half-normal, F(x) = 2(Φ(x) − 1/2) = 2φ(0)·x (1 − x²/6 + ...),
  // so Q(p) = p·√(π/2) to relative O(p²). Inverting Φ(0) + p/2 instead rounds
  // p below 1e-16 away entirely (Q(1e-16) came out as exactly 0, and Q(1e-12)
  // 1e-4 too large).
  const double root_half_pi = std::sqrt(boost::math::constants::pi<double>() / 2.0);
  const pd::truncated_normal half(0.0, 1.0, 0.0, infinity);
  for (double p : {1e-300, 1e-100, 1e-20, 1e-16, 1e-12, 1e-8}) {
    INFO("p = " << p);
    CHECK(half.quantile(p) == Approx(p * root_half_pi).epsilon(1e-14));
    CHECK(half.cdf(half.quantile(p)) == Approx(p).epsilon(1e-14));
    // The upper quantile of the mirrored half-normal is the same distance.
    const pd::truncated_normal mirrored(0.0, 1.0, -infinity, 0.0);
    CHECK(mirrored.quantile_complement(p) == Approx(-p * root_half_pi).epsilon(1e-14));
  }
  CHECK(half.cdf(1e-15) == Approx(1e-15 / root_half_pi).epsilon(1e-14));
  // A bound two sigma below mu: F(x) ≈ x·φ(−2)/(σ Z) near 0, Z = Φ̄(−2).
  const pd::truncated_normal cost(100.0, 50.0, 0.0, infinity);
  const boost::math::normal_distribution<double> unit;
  const double slope = boost::math::pdf(unit, -2.0) /
                       (50.0 * boost::math::cdf(boost::math::complement(unit, -2.0)));
  // Relative 1e-12: the next term, −a·h/2 with h = x/σ, is 2e-14 at p = 1e-15.
  for (double p : {1e-200, 1e-100, 1e-15}) {
    INFO("p = " << p);
    CHECK(cost.quantile(p) == Approx(p / slope).epsilon(1e-12));
    CHECK(cost.cdf(p / slope) == Approx(p).epsilon(1e-12));
  }
  // Both sides of the switch between integrating φ from the bound (within
  // 0.02 sigma) and differences of Φ agree: the cdf is continuous there.
  const double x_switch = 0.02 * 50.0;
  CHECK(cost.cdf(std::nextafter(x_switch, 0.0)) == Approx(cost.cdf(x_switch)).epsilon(1e-13));
  CHECK(cost.quantile(cost.cdf(x_switch)) == Approx(x_switch).epsilon(1e-12));
}

TEST_CASE("truncated_normal: quantile and cdf are inverse; quantile_complement matches in the body",
          "[dist][truncated_normal]") {
  const std::vector<double> ps{1e-12, 1e-6, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999};
  for (const auto& [mu, sigma, lower, upper] :
       {std::tuple{2.0, 3.0, -1.0, 4.0}, std::tuple{0.0, 1.0, 0.0, infinity},
        std::tuple{5.0, 2.0, -infinity, 4.0}, std::tuple{0.0, 1.0, 8.0, 9.0},
        std::tuple{0.0, 1.0, -9.0, -8.0}, std::tuple{0.0, 1.0, -0.5, 30.0}}) {
    const pd::truncated_normal d(mu, sigma, lower, upper);
    // Relative 1e-12 plus an absolute 1e-14: near a finite bound away from 0,
    // x − bound is resolved to an ulp of the bound (up to 1.8e-15 at 9), which
    // moves p by f(bound)·ulp, f(bound) <= ~10 here.
    prevsim_test::check_cdf_inverts_quantile(d, 1e-12, ps, 1e-14);
    prevsim_test::check_complement_matches_body(d, 1e-12);
    CHECK(d.quantile(0.0) == lower);
    CHECK(d.quantile(1.0) == upper);
    CHECK(d.quantile_complement(0.0) == upper);
    CHECK(d.quantile_complement(1.0) == lower);
    CHECK(d.cdf(lower) == 0.0);
    CHECK(d.cdf(upper) == 1.0);
  }
}

TEST_CASE("truncated_normal: invalid arguments throw with the value and the requirement",
          "[dist][truncated_normal][errors]") {
  using pd::truncated_normal;
  CHECK_THROWS_AS(truncated_normal(0.0, 0.0, 0.0, 1.0), std::domain_error);
  CHECK_THROWS_WITH(truncated_normal(0.0, 0.0, 0.0, 1.0),
                    "truncated_normal: sigma is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(truncated_normal(0.0, -2.0, 0.0, 1.0),
                    "truncated_normal: sigma is -2, but must be finite and > 0");
  CHECK_THROWS_WITH(truncated_normal(std::nan(""), 1.0, 0.0, 1.0),
                    "truncated_normal: mu is nan, but must be finite");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, 2.0, 1.0),
                    "truncated_normal: lower is 2, but must be less than upper (1)");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, 1.0, 1.0),
                    "truncated_normal: lower is 1, but must be less than upper (1)");
  CHECK_THROWS_AS(truncated_normal(0.0, 1.0, -infinity, infinity), std::invalid_argument);
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, -infinity, infinity),
                    "truncated_normal: lower and upper are both infinite; use normal instead");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, infinity, infinity),
                    "truncated_normal: lower is inf, but must be finite or -inf");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, std::nan(""), 1.0),
                    "truncated_normal: lower is nan, but must be finite or -inf");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, -infinity, -infinity),
                    "truncated_normal: upper is -inf, but must be finite or +inf");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, 0.0, std::nan("")),
                    "truncated_normal: upper is nan, but must be finite or +inf");
  // No mass left in double precision: Φ̄(40) = 4e-350 underflows to 0.
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, 40.0, infinity),
                    "truncated_normal: the probability mass inside [lower, upper] is 0, but must "
                    "be > 1e-300 (the interval lies too far in the tail of N(mu, sigma))");
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, -infinity, -40.0),
                    Catch::StartsWith("truncated_normal: the probability mass inside [lower, "
                                      "upper] is 0, but must be > 1e-300"));
  // A positive but too small mass is quoted: Φ̄(37.5) − Φ̄(38) ≈ 4.6e-308.
  CHECK_THROWS_WITH(truncated_normal(0.0, 1.0, 37.5, 38.0),
                    Catch::Contains("mass inside [lower, upper] is 4.") &&
                        Catch::Contains("e-308, but must be > 1e-300"));
  const truncated_normal d(0.0, 1.0, 0.0, 1.0);
  CHECK_THROWS_WITH(d.quantile(1.5),
                    "truncated_normal.quantile: p is 1.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(-0.5),
                    "truncated_normal.quantile_complement: q is -0.5, but must be within [0, 1]");
}

TEST_CASE("truncated_normal: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][truncated_normal][gof]") {
  check_goodness_of_fit(pd::truncated_normal(0.0, 1.0, 0.0, infinity), 901);
  check_goodness_of_fit(pd::truncated_normal(2.0, 3.0, -1.0, 4.0), 902);
  check_goodness_of_fit(pd::truncated_normal(0.0, 1.0, 10.0, infinity), 903);
  check_goodness_of_fit(pd::truncated_normal(5.0, 2.0, -infinity, 4.0), 904);
}
