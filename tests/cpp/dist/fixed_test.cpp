// Tests for prevsim/dist/fixed.hpp.

#include <cmath>
#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/fixed.hpp"

namespace pd = prevsim::dist;

TEST_CASE("fixed: a point mass with mean the value and sd 0", "[dist][fixed]") {
  const pd::fixed d(2.5);
  CHECK(d.value() == 2.5);
  CHECK(d.mean() == 2.5);
  CHECK(d.sd() == 0.0);
  CHECK(d.lower() == 2.5);
  CHECK(d.upper() == 2.5);
  CHECK(d.name() == "fixed");
  CHECK(d.describe() == "fixed(value=2.5)");
}

TEST_CASE("fixed: every quantile is the value and the cdf steps at it", "[dist][fixed]") {
  const pd::fixed d(2.5);
  for (double p : {0.0, 1e-300, 0.3, 0.5, 1.0}) {
    CHECK(d.quantile(p) == 2.5);
    CHECK(d.quantile_complement(p) == 2.5);
  }
  CHECK(d.cdf(2.5) == 1.0);
  CHECK(d.cdf(std::nextafter(2.5, 0.0)) == 0.0);
  CHECK(d.cdf(1e300) == 1.0);
}

TEST_CASE("fixed: invalid arguments throw with the value and the requirement",
          "[dist][fixed][errors]") {
  CHECK_THROWS_AS(pd::fixed(std::nan("")), std::domain_error);
  CHECK_THROWS_WITH(pd::fixed(std::nan("")), "fixed: value is nan, but must be finite");
  CHECK_THROWS_WITH(pd::fixed(-std::numeric_limits<double>::infinity()),
                    "fixed: value is -inf, but must be finite");
  const pd::fixed d(1.0);
  CHECK_THROWS_WITH(d.quantile(-0.1), "fixed.quantile: p is -0.1, but must be within [0, 1]");
  // The complement names itself and quotes q as given (not the 1 − q it uses).
  CHECK_THROWS_WITH(d.quantile_complement(1.5),
                    "fixed.quantile_complement: q is 1.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(std::nan("")),
                    "fixed.quantile_complement: q is nan, but must be within [0, 1]");
}

TEST_CASE("fixed: normal-score sampling returns the value in every draw", "[dist][fixed][gof]") {
  // A point mass has no bins to test; every one of the 20 000 draws must be
  // exactly the value, including the extreme normal scores.
  const auto xs = prevsim_test::sample_by_normal_score(pd::fixed(0.35), 801);
  for (double x : xs) {
    if (x != 0.35) FAIL("draw " << x << " differs from the fixed value 0.35");
  }
  const pd::internal::normal_score_map map{pd::distribution(pd::fixed(0.35))};
  CHECK(map(-40.0) == 0.35);
  CHECK(map(40.0) == 0.35);
}
