// Tests for prevsim/dist/triangular.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include <catch2/catch.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/triangular.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

namespace {
/// The triangular quantile by hand: with F(c) = (c − a)/(b − a),
/// Q(p) = a + √(p (b − a)(c − a)) for p <= F(c), else b − √((1 − p)(b − a)(b − c)).
double hand_quantile(double a, double c, double b, double p) {
  return p <= (c - a) / (b - a) ? a + std::sqrt(p * (b - a) * (c - a))
                                : b - std::sqrt((1.0 - p) * (b - a) * (b - c));
}
}  // namespace

TEST_CASE("triangular: mean and sd are the closed forms", "[dist][triangular]") {
  // T(1, 2, 4): mean (a + b + c)/3 = 7/3; variance (a² + b² + c² − ab − ac − bc)/18
  // = (1 + 16 + 4 − 4 − 2 − 8)/18 = 7/18.
  const pd::triangular d(1.0, 2.0, 4.0);
  CHECK(d.mean() == Approx(7.0 / 3.0).epsilon(1e-15));
  CHECK(d.sd() == Approx(std::sqrt(7.0 / 18.0)).epsilon(1e-15));
  CHECK(d.mode() == 2.0);
  CHECK(d.lower() == 1.0);
  CHECK(d.upper() == 4.0);
  // The peak: f(c) = 2/(b − a).
  CHECK(d.pdf(2.0) == Approx(2.0 / 3.0).epsilon(1e-15));
  CHECK(d.pdf(0.5) == 0.0);
  CHECK(d.pdf(4.5) == 0.0);
  CHECK(d.name() == "triangular");
  CHECK(d.describe() == "triangular(lower=1, mode=2, upper=4)");
}

TEST_CASE("triangular: quantiles match the closed form, including mode at either bound",
          "[dist][triangular]") {
  // Relative 1e-14: Boost uses the same closed form; sqrt and a few roundings.
  for (const auto& [a, c, b] : {std::tuple{1.0, 2.0, 4.0}, std::tuple{0.0, 0.0, 1.0},
                                std::tuple{0.0, 1.0, 1.0}, std::tuple{-5.0, 3.0, 10.0}}) {
    const pd::triangular d(a, c, b);
    for (double p : {0.0, 1e-12, 0.01, 0.2, 1.0 / 3.0, 0.5, 0.8, 0.99, 1.0}) {
      INFO(d.describe() << ", p = " << p);
      CHECK(d.quantile(p) == Approx(hand_quantile(a, c, b, p)).epsilon(1e-14).margin(1e-300));
    }
  }
  const pd::triangular d(1.0, 2.0, 4.0);
  // F(c) = 1/3 at the mode.
  CHECK(d.cdf(2.0) == Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(d.cdf(0.0) == 0.0);
  CHECK(d.cdf(5.0) == 1.0);
  // x − a is resolved to ulp(1)–ulp(4) (2e-16–9e-16): relative 1e-13 on p for
  // p >= 1e-4 (x − a >= 0.017), plus an absolute 1e-15 for the body.
  prevsim_test::check_cdf_inverts_quantile(d, 1e-13, {1e-4, 0.01, 0.2, 0.5, 0.8, 0.999}, 1e-15);
  // With the lower bound at 0, x keeps full relative precision deep in the tail:
  // F(x) = x²/((b − a)(c − a)) = x²/3 for T(0, 1, 3).
  const pd::triangular at_zero(0.0, 1.0, 3.0);
  prevsim_test::check_cdf_inverts_quantile(at_zero, 1e-14, {1e-300, 1e-100, 1e-12, 0.01});
  CHECK(at_zero.quantile(1e-12) == Approx(std::sqrt(3e-12)).epsilon(1e-15));
  prevsim_test::check_complement_matches_body(d, 1e-14);
  // Precise upper tail: b − Q̄(q) = √(q (b − a)(b − c)) = √(6q); for q = 1e-12,
  // √6 · 1e-6 = 2.449489742783178e-6, resolved to ulp(4)/2.4e-6 ≈ 4e-10.
  CHECK(4.0 - d.quantile_complement(1e-12) == Approx(2.449489742783178e-6).epsilon(1e-9));
}

TEST_CASE("triangular: invalid arguments throw with the value and the requirement",
          "[dist][triangular][errors]") {
  CHECK_THROWS_AS(pd::triangular(0.0, 2.0, 1.0), std::domain_error);
  CHECK_THROWS_WITH(pd::triangular(0.0, 2.0, 1.0),
                    "triangular: mode is 2, but must be within [0, 1]");
  CHECK_THROWS_WITH(pd::triangular(0.0, -0.5, 1.0),
                    "triangular: mode is -0.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(pd::triangular(1.0, 1.0, 1.0),
                    "triangular: lower is 1, but must be less than upper (1)");
  CHECK_THROWS_WITH(pd::triangular(3.0, 2.0, 1.0),
                    "triangular: lower is 3, but must be less than upper (1)");
  CHECK_THROWS_WITH(pd::triangular(0.0, std::nan(""), 1.0),
                    "triangular: mode is nan, but must be finite");
  CHECK_THROWS_WITH(pd::triangular(0.0, 0.5, std::numeric_limits<double>::infinity()),
                    "triangular: upper is inf, but must be finite");
  const pd::triangular d(0.0, 0.5, 1.0);
  CHECK_THROWS_WITH(d.quantile(-0.1), "triangular.quantile: p is -0.1, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(1.1),
                    "triangular.quantile_complement: q is 1.1, but must be within [0, 1]");
}

TEST_CASE("triangular: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][triangular][gof]") {
  check_goodness_of_fit(pd::triangular(1.0, 2.0, 4.0), 601);
  check_goodness_of_fit(pd::triangular(0.0, 0.0, 1.0), 602);  // mode at the lower bound
}
