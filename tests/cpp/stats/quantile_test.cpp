// Tests for include/prevsim/stats/quantile.hpp: type-7 sample quantiles,
// central intervals and exceedance probabilities.

#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "prevsim/stats/quantile.hpp"

using Catch::Matchers::Message;
using prevsim::stats::interval;
using prevsim::stats::probability_above;
using prevsim::stats::quantiles;

TEST_CASE("quantiles: type-7 values for 1..10 match a hand calculation", "[stats][quantile]") {
  // Hand calculation, h = (n − 1)p = 9p:
  //   p = 0.25: h = 2.25, x₃ + 0.25(x₄ − x₃) = 3.25
  //   p = 0.5:  h = 4.5,  x₅ + 0.5(x₆ − x₅)  = 5.5
  //   p = 0.9:  h = 8.1,  x₉ + 0.1(x₁₀ − x₉) = 9.1
  //   p = 0 and 1: the extremes.
  // Tolerance: 9 × 0.9 = 8.1 is not exact in binary, so h − ⌊h⌋ carries a
  // rounding error of a few ulps of 8; 1e-14 relative covers it with room.
  const std::vector<double> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const auto q = quantiles(values, {0.25, 0.5, 0.9, 0.0, 1.0});
  REQUIRE(q.size() == 5);
  CHECK(q[0] == Approx(3.25).epsilon(1e-14));
  CHECK(q[1] == Approx(5.5).epsilon(1e-14));
  CHECK(q[2] == Approx(9.1).epsilon(1e-14));
  CHECK(q[3] == 1.0);  // an order statistic is returned exactly
  CHECK(q[4] == 10.0);
}

TEST_CASE("quantiles: agree with NumPy's default quantile on unsorted data with ties",
          "[stats][quantile]") {
  // Expected values from NumPy 2.4 (method="linear", its default):
  //   np.quantile([3.2, -1.5, 7.7, 0.0, 2.2, 2.2, 10.1, -4.4, 5.5],
  //               [0, 0.025, 0.05, 0.1, 1/3, 0.5, 0.9, 0.95, 0.975, 1])
  // Tolerance 4e-16 relative (two ulps): NumPy interpolates as b − (b − a)(1 − t)
  // when t >= 0.5 and as a + (b − a)t otherwise, which can differ from prevsim's
  // a + (b − a)t in the last bit; a real disagreement would be far larger.
  const std::vector<double> values{3.2, -1.5, 7.7, 0.0, 2.2, 2.2, 10.1, -4.4, 5.5};
  const std::vector<double> probs{0, 0.025, 0.05, 0.1, 1.0 / 3.0, 0.5, 0.9, 0.95, 0.975, 1};
  const std::vector<double> numpy{-4.4,
                                  -3.8200000000000003,
                                  -3.24,
                                  -2.08,
                                  1.4666666666666663,
                                  2.2,
                                  8.18,
                                  9.139999999999999,
                                  9.62,
                                  10.1};
  const auto q = quantiles(values, probs);
  REQUIRE(q.size() == numpy.size());
  for (std::size_t i = 0; i < q.size(); ++i) {
    INFO("p = " << probs[i]);
    CHECK(q[i] == Approx(numpy[i]).epsilon(4e-16));
  }
}

TEST_CASE("quantiles: a single value is every quantile; no probabilities give no quantiles",
          "[stats][quantile]") {
  const auto q = quantiles({4.5}, {0.0, 0.3, 1.0});
  CHECK(q == std::vector<double>{4.5, 4.5, 4.5});
  CHECK(quantiles({1.0, 2.0}, {}).empty());
}

TEST_CASE("quantiles: infinite values below and above the interpolation points are allowed",
          "[stats][quantile]") {
  // Only NaN is rejected; an infinite output (an ICER with zero effect) may
  // occur. Points whose two neighbours are finite stay finite and exact.
  const double inf = std::numeric_limits<double>::infinity();
  const auto q = quantiles({-inf, 1.0, 2.0, 3.0, inf}, {0.5, 0.375});
  // h = 4 × 0.5 = 2 → x₃ = 2;  h = 4 × 0.375 = 1.5 → 1 + 0.5 × (2 − 1) = 1.5.
  CHECK(q[0] == 2.0);
  CHECK(q[1] == 1.5);
}

TEST_CASE("quantiles: errors name the argument and the offending value", "[stats][quantile]") {
  REQUIRE_THROWS_MATCHES(quantiles({}, {0.5}), std::invalid_argument,
                         Message("quantiles: values is empty"));
  REQUIRE_THROWS_MATCHES(quantiles({1.0, 2.0}, {0.5, 1.5}), std::domain_error,
                         Message("quantiles: probs[2] is 1.5, but must be within [0, 1]"));
  REQUIRE_THROWS_MATCHES(quantiles({1.0, 2.0}, {-0.1}), std::domain_error,
                         Message("quantiles: probs[1] is -0.1, but must be within [0, 1]"));
  REQUIRE_THROWS_MATCHES(quantiles({1.0, 2.0}, {std::nan("")}), std::domain_error,
                         Message("quantiles: probs[1] is nan, but must be within [0, 1]"));
  REQUIRE_THROWS_MATCHES(quantiles({1.0, 2.0, 3.0, std::nan("")}, {0.5}), std::domain_error,
                         Message("quantiles: values[4] is nan, but must be a number, not NaN"));
}

TEST_CASE("interval: the central interval is the pair of type-7 quantiles",
          "[stats][quantile]") {
  // 90 % of 1..10: h = 9 × 0.05 = 0.45 → 1.45 and h = 9 × 0.95 = 8.55 → 9.55
  // (NumPy: np.quantile(np.arange(1, 11), [0.05, 0.95]) = [1.45, 9.549999999999999]).
  // Tolerance 1e-14 relative: the rounding of 9 × 0.95 and of (1 ± level)/2.
  const std::vector<double> values{10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  const auto [lo, hi] = interval(values, 0.9);
  CHECK(lo == Approx(1.45).epsilon(1e-14));
  CHECK(hi == Approx(9.55).epsilon(1e-14));

  REQUIRE_THROWS_MATCHES(interval(values, 1.0), std::domain_error,
                         Message("interval: level is 1, but must be within (0, 1), exclusive"));
  REQUIRE_THROWS_MATCHES(interval(values, 0.0), std::domain_error,
                         Message("interval: level is 0, but must be within (0, 1), exclusive"));
  REQUIRE_THROWS_MATCHES(interval({}, 0.95), std::invalid_argument,
                         Message("quantiles: values is empty"));
}

TEST_CASE("probability_above: counts values strictly above the threshold",
          "[stats][quantile]") {
  const std::vector<double> values{1, 2, 3, 3, 4};
  CHECK(probability_above(values, 3.0) == 0.2);  // only 4: the two 3s are not above 3
  CHECK(probability_above(values, 2.5) == 0.6);  // 3, 3 and 4
  CHECK(probability_above(values, 0.0) == 1.0);
  CHECK(probability_above(values, 4.0) == 0.0);  // 4 is not above 4
  // Any range of doubles: an array and an Eigen column.
  const std::array<double, 4> arr{-1.0, 0.0, 0.5, 2.0};
  CHECK(probability_above(arr, 0.0) == 0.5);
  Eigen::VectorXd v(3);
  v << -2.0, 1.0, 3.0;
  CHECK(probability_above(v, 0.0) == Approx(2.0 / 3.0).epsilon(1e-15));  // one rounding

  REQUIRE_THROWS_MATCHES(probability_above(std::vector<double>{}, 0.0), std::invalid_argument,
                         Message("probability_above: values is empty"));
}
