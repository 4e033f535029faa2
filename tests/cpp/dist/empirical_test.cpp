// Tests for prevsim/dist/empirical.hpp.

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/empirical.hpp"

namespace pd = prevsim::dist;

namespace {
// The digits of pi, unsorted, with a repeated value.
const std::vector<double> digits{3, 1, 4, 1, 5, 9, 2, 6};
}  // namespace

TEST_CASE("empirical: mean and sd are the resampling moments (divisor n)",
          "[dist][empirical]") {
  // By hand: Σx = 31, mean 31/8 = 3.875; Σx² = 173, variance 173/8 − 3.875² = 6.609375.
  const pd::empirical d(digits);
  CHECK(d.mean() == 3.875);
  CHECK(d.sd() == Approx(std::sqrt(6.609375)).epsilon(1e-15));
  CHECK(d.size() == 8);
  CHECK(d.sorted_values() == std::vector<double>{1, 1, 2, 3, 4, 5, 6, 9});
  CHECK(d.lower() == 1.0);
  CHECK(d.upper() == 9.0);
  CHECK(d.name() == "empirical");
  CHECK(d.describe() == "empirical(n=8, mean=3.875)");
  // One value: a point mass.
  const pd::empirical single({7.0});
  CHECK(single.mean() == 7.0);
  CHECK(single.sd() == 0.0);
  CHECK(single.quantile(0.0) == 7.0);
  CHECK(single.quantile(1.0) == 7.0);
}

TEST_CASE("empirical: quantile is the value at floor(p n) of the sorted values",
          "[dist][empirical]") {
  const pd::empirical d(digits);  // sorted: 1 1 2 3 4 5 6 9
  CHECK(d.quantile(0.0) == 1.0);
  CHECK(d.quantile(0.124) == 1.0);   // floor(0.992) = 0
  CHECK(d.quantile(0.125) == 1.0);   // floor(1) = 1: the second 1
  CHECK(d.quantile(0.25) == 2.0);    // index 2
  CHECK(d.quantile(0.5) == 4.0);     // index 4
  CHECK(d.quantile(0.874) == 6.0);   // index 6
  CHECK(d.quantile(0.875) == 9.0);   // index 7
  CHECK(d.quantile(0.999) == 9.0);
  CHECK(d.quantile(1.0) == 9.0);     // index 8 is clamped to the last value
  // quantile_complement(q) is quantile(1 − q).
  for (double q : {0.0, 0.1, 0.25, 0.5, 0.8, 1.0}) {
    CHECK(d.quantile_complement(q) == d.quantile(1.0 - q));
  }
  // Each value is chosen by an interval of p of length 1/n (two for the 1s).
  CHECK(d.index_for(0.0) == 0);
  CHECK(d.index_for(0.5) == 4);
  CHECK(d.index_for(1.0) == 7);
}

TEST_CASE("empirical: cdf is the share of values at or below x, and inverts the quantile",
          "[dist][empirical]") {
  const pd::empirical d(digits);
  CHECK(d.cdf(0.5) == 0.0);
  CHECK(d.cdf(1.0) == 0.25);
  CHECK(d.cdf(4.5) == 0.625);  // 1 1 2 3 4
  CHECK(d.cdf(9.0) == 1.0);
  CHECK(d.cdf(100.0) == 1.0);
  // A step cdf: F(Q(p)) > p for p < 1 (Q(p) is the value whose step contains
  // p), and F just below Q(p) is <= p.
  for (double p : {0.0, 0.1, 0.125, 0.3, 0.5, 0.7, 0.875, 0.99}) {
    const double x = d.quantile(p);
    INFO("p = " << p << ", x = " << x);
    CHECK(d.cdf(x) > p);
    CHECK(d.cdf(std::nextafter(x, -1e300)) <= p);
  }
}

TEST_CASE("empirical: invalid arguments throw with the value and the requirement",
          "[dist][empirical][errors]") {
  CHECK_THROWS_AS(pd::empirical(std::vector<double>{}), std::invalid_argument);
  CHECK_THROWS_WITH(pd::empirical(std::vector<double>{}), "empirical: values is empty");
  // 1-based index in the message.
  CHECK_THROWS_AS(pd::empirical({1.0, std::nan(""), 3.0}), std::domain_error);
  CHECK_THROWS_WITH(pd::empirical({1.0, std::nan(""), 3.0}),
                    "empirical: values[2] is nan, but must be finite");
  CHECK_THROWS_WITH(pd::empirical({std::numeric_limits<double>::infinity()}),
                    "empirical: values[1] is inf, but must be finite");
  const pd::empirical d(digits);
  CHECK_THROWS_WITH(d.quantile(-1.0), "empirical.quantile: p is -1, but must be within [0, 1]");
  CHECK_THROWS_WITH(d.quantile_complement(1.5),
                    "empirical.quantile_complement: q is 1.5, but must be within [0, 1]");
}

TEST_CASE("empirical: normal-score sampling resamples each value with probability 1/n",
          "[dist][empirical][gof]") {
  // Chi-square over the 7 distinct values (the 1 has probability 2/8), on 6
  // degrees of freedom, rejected at p < 0.001; fixed seed.
  const pd::empirical d(digits);
  const auto xs = prevsim_test::sample_by_normal_score(d, 1001);
  std::map<double, double> counts;
  for (double x : xs) counts[x] += 1.0;
  REQUIRE(counts.size() == 7);  // only the supplied values are drawn
  std::vector<double> observed, expected;
  const double n = static_cast<double>(xs.size());
  for (const auto& [value, count] : counts) {
    observed.push_back(count);
    expected.push_back(n * (value == 1.0 ? 2.0 : 1.0) / 8.0);
  }
  const auto r = prevsim_test::pearson_chi_square(observed, expected);
  INFO("X² = " << r.statistic << ", p = " << r.p_value);
  CHECK(r.p_value >= prevsim_test::gof_alpha);
  // The mean within 4 Monte Carlo standard errors.
  CHECK(std::fabs(prevsim_test::sample_mean(xs) - d.mean()) <= 4.0 * d.sd() / std::sqrt(n));
}
