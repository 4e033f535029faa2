// Tests for prevsim/dist/uniform.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <catch2/catch.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/uniform.hpp"

namespace pd = prevsim::dist;
using prevsim_test::check_goodness_of_fit;

TEST_CASE("uniform: mean and sd are the closed forms", "[dist][uniform]") {
  // U(2, 5): mean (a + b)/2 = 3.5, sd (b − a)/√12 = 3/√12 = √3/2 = 0.8660254037844386.
  const pd::uniform d(2.0, 5.0);
  CHECK(d.mean() == 3.5);
  CHECK(d.sd() == Approx(0.8660254037844386).epsilon(1e-15));
  CHECK(d.lower() == 2.0);
  CHECK(d.upper() == 5.0);
  CHECK(d.pdf(3.0) == Approx(1.0 / 3.0).epsilon(1e-15));
  CHECK(d.pdf(1.9) == 0.0);
  CHECK(d.pdf(5.1) == 0.0);
  CHECK(d.name() == "uniform");
  CHECK(d.describe() == "uniform(lower=2, upper=5)");
}

TEST_CASE("uniform: quantile, quantile_complement and cdf are the linear closed forms",
          "[dist][uniform]") {
  const pd::uniform d(2.0, 5.0);
  // Q(p) = a + p(b − a); Q̄(q) = b − q(b − a); F(x) = (x − a)/(b − a).
  // Exact or within an ulp of the hand values.
  CHECK(d.quantile(0.0) == 2.0);
  CHECK(d.quantile(1.0) == 5.0);
  CHECK(d.quantile(0.25) == 2.75);
  CHECK(d.quantile(0.5) == 3.5);
  CHECK(d.quantile(0.75) == 4.25);
  CHECK(d.quantile_complement(0.25) == 4.25);
  CHECK(d.quantile_complement(0.0) == 5.0);
  CHECK(d.quantile_complement(1.0) == 2.0);
  CHECK(d.cdf(2.75) == 0.25);
  CHECK(d.cdf(1.0) == 0.0);
  CHECK(d.cdf(6.0) == 1.0);
  // Precise at both ends: Q(1e-300) − a and b − Q̄(1e-300) are 3e-300.
  CHECK(d.quantile_complement(1e-300) == 5.0);  // 5 − 3e-300 rounds to 5
  const pd::uniform unit(0.0, 1.0);
  CHECK(unit.quantile(1e-300) == 1e-300);
  CHECK(1.0 - unit.quantile_complement(1e-10) == Approx(1e-10).epsilon(1e-6));  // ulp(1)/1e-10
  // p near 1 is measured from the upper end: Q(1 − 2^-53) = b − 2^-53(b − a).
  CHECK(unit.quantile(1.0 - 0x1p-53) == 1.0 - 0x1p-53);
  // The generic checks, for an interval away from 0: x is resolved to
  // ulp(7) = 8.9e-16, i.e. p to 8.9e-17 over the width 10; margin 1e-15.
  const pd::uniform d2(-3.0, 7.0);
  prevsim_test::check_cdf_inverts_quantile(d2, 1e-14, {1e-10, 0.001, 0.1, 0.3, 0.5, 0.7, 0.999},
                                           1e-15);
  prevsim_test::check_complement_matches_body(d2, 1e-15);
}

TEST_CASE("uniform: from_mean_se round-trips mean and se", "[dist][uniform]") {
  for (const auto& [m, s] : {std::pair{3.5, 0.8660254037844386}, std::pair{-10.0, 0.01},
                             std::pair{1e6, 3e5}}) {
    const auto d = pd::uniform::from_mean_se(m, s);
    INFO(d.describe());
    // mean ± √3 s and back: a few roundings, relative 1e-14 of the larger of
    // |mean| and s.
    CHECK(d.mean() == Approx(m).margin(1e-14 * std::fmax(std::fabs(m), s)));
    CHECK(d.sd() == Approx(s).epsilon(1e-12));
  }
  // Hand case: mean 3.5, se √3/2 is U(2, 5).
  const auto d = pd::uniform::from_mean_se(3.5, std::sqrt(3.0) / 2.0);
  CHECK(d.lower() == Approx(2.0).epsilon(1e-15));
  CHECK(d.upper() == Approx(5.0).epsilon(1e-15));
}

TEST_CASE("uniform: invalid arguments throw with the value and the requirement",
          "[dist][uniform][errors]") {
  CHECK_THROWS_AS(pd::uniform(1.0, 1.0), std::domain_error);
  CHECK_THROWS_WITH(pd::uniform(1.0, 1.0), "uniform: lower is 1, but must be less than upper (1)");
  CHECK_THROWS_WITH(pd::uniform(2.0, -1.0),
                    "uniform: lower is 2, but must be less than upper (-1)");
  CHECK_THROWS_WITH(pd::uniform(-std::numeric_limits<double>::infinity(), 0.0),
                    "uniform: lower is -inf, but must be finite");
  CHECK_THROWS_WITH(pd::uniform(0.0, std::nan("")), "uniform: upper is nan, but must be finite");
  CHECK_THROWS_WITH(pd::uniform::from_mean_se(0.0, 0.0),
                    "uniform.from_mean_se: se is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::uniform::from_mean_se(std::nan(""), 1.0),
                    "uniform.from_mean_se: mean is nan, but must be finite");
  const pd::uniform d(0.0, 1.0);
  CHECK_THROWS_WITH(d.quantile(1.0000001),
                    "uniform.quantile: p is 1.0000001, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(-0.5),
                    "uniform.quantile_complement: q is -0.5, but must be within [0, 1]");
}

TEST_CASE("uniform: normal-score sampling fits the distribution (chi-square, fixed seeds)",
          "[dist][uniform][gof]") {
  check_goodness_of_fit(pd::uniform(2.0, 5.0), 501);
  check_goodness_of_fit(pd::uniform(-1e-3, 1e-3), 502);
}
