// Tests for include/prevsim/econ/evpi.hpp: the expected value of perfect
// information, against a hand calculation, the closed form for two strategies
// with a normal net-benefit difference, its bounds, thread-count independence
// and every error message.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/econ/evpi.hpp"
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/standard_normal.hpp"

using Catch::Matchers::Message;
using prevsim::econ::evpi;
using prevsim::econ::population_evpi;

namespace {

constexpr double pi = 3.14159265358979323846;
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * pi); }

// Three strategies with overlapping, correlated outcomes.
struct random_outcomes {
  Eigen::MatrixXd costs, effects;
  random_outcomes(Eigen::Index draws, std::uint64_t seed) : costs(draws, 3), effects(draws, 3) {
    for (Eigen::Index d = 0; d < draws; ++d) {
      prevsim::random_stream stream(seed, 0, static_cast<std::uint64_t>(d));
      const double shared = prevsim::standard_normal(stream);
      for (Eigen::Index s = 0; s < 3; ++s) {
        const double level = static_cast<double>(s);
        costs(d, s) = 2000.0 * level + 300.0 * prevsim::standard_normal(stream);
        effects(d, s) = 5.0 + 0.1 * level + 0.08 * shared + 0.05 * prevsim::standard_normal(stream);
      }
    }
  }
};

}  // namespace

TEST_CASE("evpi: hand calculation, including a tie in expected net benefit", "[econ][evpi]") {
  // Strategy A: no cost, no effect. B costs 10 and gains (0.1, 0.3, 0.2).
  // λ = 0:  B = −10 in every draw: A is best everywhere         → EVPI 0
  // λ = 50: B = (−5, 5, 0), mean 0 = A's: the tie goes to A (first);
  //         E[max] = (0 + 5 + 0)/3                             → EVPI 5/3
  // λ = 60: B = (−4, 8, 2), mean 2 > 0: B chosen;
  //         E[max] = (0 + 8 + 2)/3 = 10/3                      → EVPI 10/3 − 2 = 4/3
  // λ = 100: B = (0, 20, 10): B is best (or tied) in every draw → EVPI 0
  Eigen::MatrixXd costs(3, 2), effects(3, 2);
  costs << 0, 10,  //
      0, 10,       //
      0, 10;
  effects << 0, 0.1,  //
      0, 0.3,         //
      0, 0.2;
  const Eigen::VectorXd v = evpi(costs, effects, {0.0, 50.0, 60.0, 100.0});
  REQUIRE(v.size() == 4);
  CHECK(v[0] == 0.0);
  CHECK(v[1] == Approx(5.0 / 3.0).epsilon(1e-14));
  CHECK(v[2] == Approx(4.0 / 3.0).epsilon(1e-14));
  CHECK(v[3] == 0.0);
}

TEST_CASE("evpi: exactly 0 when one strategy is best in every draw", "[econ][evpi]") {
  // Strategy 2 is strategy 1 made cheaper and more effective in every draw, so
  // it has the highest net benefit in every draw at every λ >= 0.
  const random_outcomes x(2000, 21);
  Eigen::MatrixXd costs(2000, 2), effects(2000, 2);
  costs << x.costs.col(2), x.costs.col(2).array() - 1.0;
  effects << x.effects.col(2), x.effects.col(2).array() + 0.01;
  const Eigen::VectorXd v = evpi(costs, effects, {0.0, 100.0, 20000.0, 1e6});
  CHECK(v.isZero(0.0));
}

TEST_CASE("evpi: non-negative, and at most the expected spread of net benefits",
          "[econ][evpi]") {
  const random_outcomes x(10000, 4);
  std::vector<double> wtp;
  for (int i = 0; i <= 80; ++i) wtp.push_back(1000.0 * i);
  const Eigen::VectorXd v = evpi(x.costs, x.effects, wtp);
  const Eigen::VectorXd means_c = x.costs.colwise().mean();
  const Eigen::VectorXd means_e = x.effects.colwise().mean();
  for (std::size_t i = 0; i < wtp.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    INFO("wtp " << wtp[i]);
    CHECK(v[k] >= 0.0);
    // Independent recomputation as E[max] − max E (up to rounding).
    const Eigen::MatrixXd nmb =
        wtp[i] * x.effects - x.costs;  // draws × strategies
    const double expected_max = nmb.rowwise().maxCoeff().mean();
    const double max_expected = (wtp[i] * means_e - means_c).maxCoeff();
    CHECK(v[k] == Approx(expected_max - max_expected).margin(1e-9 * (1.0 + wtp[i])));
  }
  // Strategies are close around λ ≈ 20 000 (ICER of 2000 per 0.1), so EVPI
  // is positive there.
  CHECK(v[20] > 1.0);
}

TEST_CASE("evpi: two strategies with N(mu, sigma^2) net-benefit difference match the closed form",
          "[econ][evpi]") {
  // Strategy 1: nothing. Strategy 2: E ~ N(0.05, 0.04²), C ~ N(1000, 500²),
  // independent, so the NMB difference at λ is N(μ, σ²) with μ = 0.05λ − 1000,
  // σ² = (0.04λ)² + 500². Then EVPI = E[max(0, D)] − max(0, μ)
  //   = σ·φ(μ/σ) − |μ|·Φ(−|μ|/σ).
  // 10^6 draws from a fixed seed; tolerance 4 Monte Carlo standard errors of
  // the estimate (the sd of max(D, 0) − D·[strategy 2 chosen] over √n), at
  // μ/σ = −2, 0, 0.6 and 0.99.
  const Eigen::Index n = 1000000;
  Eigen::MatrixXd costs = Eigen::MatrixXd::Zero(n, 2), effects = Eigen::MatrixXd::Zero(n, 2);
  prevsim::random_stream stream(77, 3, 0);
  for (Eigen::Index d = 0; d < n; ++d) {
    effects(d, 1) = 0.05 + 0.04 * prevsim::standard_normal(stream);
    costs(d, 1) = 1000.0 + 500.0 * prevsim::standard_normal(stream);
  }
  const std::vector<double> wtp = {0.0, 20000.0, 40000.0, 100000.0};
  const Eigen::VectorXd v = evpi(costs, effects, wtp);
  for (std::size_t i = 0; i < wtp.size(); ++i) {
    const double lambda = wtp[i];
    const double mu = 0.05 * lambda - 1000.0;
    const double sigma = std::hypot(0.04 * lambda, 500.0);
    const double exact =
        sigma * normal_pdf(mu / sigma) - std::abs(mu) * normal_cdf(-std::abs(mu) / sigma);
    // Monte Carlo standard error of the estimator, for the strategy it chose.
    const Eigen::ArrayXd diff = lambda * effects.col(1).array() - costs.col(1).array();
    const bool second_chosen = diff.mean() > 0;
    const Eigen::ArrayXd loss = (second_chosen ? -diff : diff).max(0.0);
    const double sd = std::sqrt((loss - loss.mean()).square().sum() / static_cast<double>(n - 1));
    const double se = sd / std::sqrt(static_cast<double>(n));
    INFO("wtp " << lambda << ": exact " << exact << ", estimate " << v[static_cast<Eigen::Index>(i)]
                << ", se " << se);
    CHECK(exact > 0.0);
    CHECK(std::abs(v[static_cast<Eigen::Index>(i)] - exact) <= 4.0 * se);
  }
}

TEST_CASE("evpi: the result does not depend on the number of threads", "[econ][evpi]") {
  const random_outcomes x(5000, 8);
  std::vector<double> wtp;
  for (int i = 0; i < 64; ++i) wtp.push_back(500.0 * i);
  Eigen::VectorXd one, many;
  oneapi::tbb::task_arena(1).execute([&] { one = evpi(x.costs, x.effects, wtp); });
  oneapi::tbb::task_arena(2).execute([&] { many = evpi(x.costs, x.effects, wtp); });
  CHECK(one == many);
}

TEST_CASE("population_evpi: per person times the population", "[econ][evpi]") {
  CHECK(population_evpi(Eigen::Vector3d(0.0, 12.5, 3.0), 1000.0) ==
        Eigen::Vector3d(0.0, 12500.0, 3000.0));
  CHECK(population_evpi(Eigen::Vector2d(4.0, 2.0), 0.0) == Eigen::Vector2d(0.0, 0.0));
}

TEST_CASE("evpi and population_evpi: every argument error has its message",
          "[econ][evpi][errors]") {
  const Eigen::MatrixXd c = Eigen::MatrixXd::Ones(4, 2);
  CHECK_THROWS_MATCHES(evpi(c, c, {10.0, -0.5}), std::domain_error,
                       Message("evpi: wtp[2] is -0.5, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      evpi(c, Eigen::MatrixXd::Ones(3, 2), {1.0}), std::invalid_argument,
      Message("evpi: costs is 4 x 2 but effects is 3 x 2; both must be draws x strategies, of "
              "the same shape"));
  CHECK_THROWS_MATCHES(
      evpi(Eigen::MatrixXd(4, 0), Eigen::MatrixXd(4, 0), {1.0}), std::invalid_argument,
      Message("evpi: costs and effects have no strategies (columns); at least one is needed"));
  CHECK_THROWS_MATCHES(
      evpi(c, c, {}), std::invalid_argument,
      Message("evpi: wtp is empty; at least one willingness-to-pay value is needed"));
  Eigen::MatrixXd bad = c;
  bad(0, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_MATCHES(evpi(c, bad, {1.0}), std::domain_error,
                       Message("evpi: effects[draw 1, strategy 2] is nan, but must be finite"));
  CHECK_THROWS_MATCHES(population_evpi(Eigen::Vector2d(1.0, 2.0), -10.0), std::domain_error,
                       Message("population_evpi: population is -10, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      population_evpi(Eigen::Vector2d(1.0, -2.0), 10.0), std::domain_error,
      Message("population_evpi: evpi_per_person[2] is -2, but must be finite and >= 0"));
}
