// Tests for prevsim/dist/dirichlet.hpp.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "dist/dist_test_helpers.hpp"
#include "prevsim/dist/dirichlet.hpp"

namespace pd = prevsim::dist;

TEST_CASE("dirichlet: means and sds are the closed forms", "[dist][dirichlet]") {
  // Dirichlet(2, 3, 5): α₀ = 10, mean_i = α_i/10, sd_i = √(m(1 − m)/(α₀ + 1)).
  const pd::dirichlet d({2.0, 3.0, 5.0});
  CHECK(d.size() == 3);
  CHECK(d.mean(0) == Approx(0.2).epsilon(1e-15));
  CHECK(d.mean(1) == Approx(0.3).epsilon(1e-15));
  CHECK(d.mean(2) == Approx(0.5).epsilon(1e-15));
  CHECK(d.sd(0) == Approx(std::sqrt(0.2 * 0.8 / 11.0)).epsilon(1e-15));
  CHECK(d.sd(1) == Approx(std::sqrt(0.3 * 0.7 / 11.0)).epsilon(1e-15));
  CHECK(d.sd(2) == Approx(std::sqrt(0.25 / 11.0)).epsilon(1e-15));
  CHECK(d.alpha() == std::vector<double>{2.0, 3.0, 5.0});
  CHECK(d.describe() == "dirichlet(alpha=[2, 3, 5])");
  // Component i is built from Gamma(α_i, 1).
  CHECK(d.component_gamma(1).shape() == 3.0);
  CHECK(d.component_gamma(1).scale() == 1.0);
}

TEST_CASE("dirichlet: from_shares recovers the shares as means", "[dist][dirichlet]") {
  const std::vector<double> shares{0.15, 0.25, 0.6};
  const auto d = pd::dirichlet::from_shares(shares, 200.0);
  // α_i = share_i · n: 30, 50, 120.
  CHECK(d.alpha()[0] == Approx(30.0).epsilon(1e-15));
  CHECK(d.alpha()[2] == Approx(120.0).epsilon(1e-15));
  for (std::size_t i = 0; i < shares.size(); ++i) {
    CHECK(d.mean(i) == Approx(shares[i]).epsilon(1e-15));
    // With α₀ = n, the sd is that of a share observed among n + 1 people.
    CHECK(d.sd(i) == Approx(std::sqrt(shares[i] * (1 - shares[i]) / 201.0)).epsilon(1e-14));
  }
  // Shares that sum to 1 within 1e-9 are accepted.
  CHECK_NOTHROW(pd::dirichlet::from_shares({0.5, 0.5 + 5e-10}, 10.0));
}

TEST_CASE("dirichlet: invalid arguments throw with the value and the requirement",
          "[dist][dirichlet][errors]") {
  CHECK_THROWS_AS(pd::dirichlet({1.0}), std::invalid_argument);
  CHECK_THROWS_WITH(pd::dirichlet({1.0}),
                    "dirichlet: alpha has 1 component(s), but needs at least 2");
  CHECK_THROWS_WITH(pd::dirichlet(std::vector<double>{}),
                    "dirichlet: alpha has 0 component(s), but needs at least 2");
  CHECK_THROWS_AS(pd::dirichlet({1.0, 0.0, 2.0}), std::domain_error);
  CHECK_THROWS_WITH(pd::dirichlet({1.0, 0.0, 2.0}),
                    "dirichlet: alpha[2] is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::dirichlet({1.0, 2.0, -3.0}),
                    "dirichlet: alpha[3] is -3, but must be finite and > 0");
  CHECK_THROWS_WITH(
      pd::dirichlet::from_shares({0.5, 0.75}, 10.0),
      "dirichlet.from_shares: the sum of shares is 1.25, but must be 1 (within 1e-9)");
  CHECK_THROWS_WITH(pd::dirichlet::from_shares({0.5, 0.5}, 0.0),
                    "dirichlet.from_shares: sample_size is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(pd::dirichlet::from_shares({1.0, 0.0}, 10.0),
                    "dirichlet.from_shares: shares[1] is 1, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(pd::dirichlet::from_shares({0.5, 0.5 + 2e-9}, 10.0),
                    Catch::StartsWith("dirichlet.from_shares: the sum of shares is 1.000000002"));
  // A single share cannot sum to 1 without being 1 itself.
  CHECK_THROWS_WITH(pd::dirichlet::from_shares({0.5}, 10.0),
                    "dirichlet.from_shares: the sum of shares is 0.5, but must be 1 (within 1e-9)");
}

TEST_CASE("dirichlet: sampling through the gamma maps gives shares with the right means",
          "[dist][dirichlet][gof]") {
  // One stream per draw, one normal score per component, each mapped through
  // its component's Gamma(α_i, 1) map, then normalised.
  const pd::dirichlet d({2.0, 3.0, 5.0, 0.4});
  const std::size_t k = d.size();
  std::vector<pd::internal::normal_score_map> maps;
  for (std::size_t i = 0; i < k; ++i) maps.emplace_back(pd::distribution(d.component_gamma(i)));
  const std::size_t n = prevsim_test::gof_draws;
  std::vector<std::vector<double>> shares(k, std::vector<double>(n));
  double worst_sum_error = 0;
  for (std::size_t draw = 0; draw < n; ++draw) {
    prevsim::random_stream stream(1101, prevsim::stream_ids::parameters, draw);
    std::vector<double> g(k);
    double total = 0;
    for (std::size_t i = 0; i < k; ++i) {
      g[i] = maps[i](prevsim::standard_normal(stream));
      total += g[i];
    }
    double sum = 0;
    for (std::size_t i = 0; i < k; ++i) {
      shares[i][draw] = g[i] / total;
      sum += shares[i][draw];
    }
    worst_sum_error = std::fmax(worst_sum_error, std::fabs(sum - 1.0));
  }
  // Rows sum to 1 up to the rounding of k divisions and additions.
  CHECK(worst_sum_error <= 8 * std::numeric_limits<double>::epsilon());
  const double root_n = std::sqrt(static_cast<double>(n));
  for (std::size_t i = 0; i < k; ++i) {
    INFO("component " << i + 1);
    // Means within 4 Monte Carlo standard errors (sd_i/√n) of α_i/α₀.
    CHECK(std::fabs(prevsim_test::sample_mean(shares[i]) - d.mean(i)) <= 4.0 * d.sd(i) / root_n);
    // Each share's marginal is Beta(α_i, α₀ − α_i): chi-square against it.
    double alpha0 = 0;
    for (double a : d.alpha()) alpha0 += a;
    const pd::distribution marginal = pd::beta(d.alpha()[i], alpha0 - d.alpha()[i]);
    const auto r = prevsim_test::equiprobable_chi_square(shares[i], marginal);
    INFO("X² = " << r.statistic << ", p = " << r.p_value);
    CHECK(r.p_value >= prevsim_test::gof_alpha);
  }
}
