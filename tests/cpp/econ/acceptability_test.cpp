// Tests for include/prevsim/econ/acceptability.hpp: the cost-effectiveness
// acceptability curves and frontier, against a hand calculation, a closed form,
// their defining properties, thread-count independence and every error message.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/econ/acceptability.hpp"
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/standard_normal.hpp"

using Catch::Matchers::Message;
using prevsim::econ::acceptability;
using prevsim::econ::acceptability_curves;

namespace {

// Standard normal cdf, independent of the code under test.
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Four strategies with correlated, skewed costs and effects: a realistic PSA.
struct random_outcomes {
  Eigen::MatrixXd costs, effects;
  random_outcomes(Eigen::Index draws, std::uint64_t seed) : costs(draws, 4), effects(draws, 4) {
    for (Eigen::Index d = 0; d < draws; ++d) {
      prevsim::random_stream stream(seed, 0, static_cast<std::uint64_t>(d));
      const double shared = prevsim::standard_normal(stream);
      for (Eigen::Index s = 0; s < 4; ++s) {
        const double z = prevsim::standard_normal(stream);
        const double level = static_cast<double>(s);
        costs(d, s) = 1000.0 * (1.0 + level) * std::exp(0.3 * z);
        // Mean effects 10, 10.05, 10.08, 10.09 for mean costs in steps of 1000·E[e^0.3z]:
        // frontier ICERs about 21 000, 35 000 and 105 000.
        effects(d, s) = 10.0 + 0.06 * level - 0.01 * level * level + 0.05 * shared +
                        0.03 * prevsim::standard_normal(stream);
      }
    }
  }
};

std::vector<double> grid(double step, int count) {
  std::vector<double> out;
  for (int i = 0; i < count; ++i) out.push_back(step * i);
  return out;
}

}  // namespace

TEST_CASE("acceptability: hand calculation with a within-draw tie", "[econ][acceptability]") {
  // Strategy A: no cost, no effect. B costs 10, C costs 30 in every draw.
  // effects B = (0.05, 0.2, 0.1, 0.3), C = (0.5, 0.1, 0.2, 0.4).
  // λ = 0:    A wins every draw                                → (1, 0, 0)
  // λ = 100:  NMB B = (−5, 10, 0, 20), C = (20, −20, −10, 10):
  //           winners C, B, A (tie of A and B at 0: A is first), B → (1/4, 1/2, 1/4)
  // λ = 1000: NMB B = (40, 190, 90, 290), C = (470, 70, 170, 370):
  //           winners C, B, C, C                               → (0, 1/4, 3/4)
  // Expected NMB: B 0.1625λ − 10, C 0.3λ − 30. Optimal: A at 0 (0 > −10),
  // B at 100 (6.25 > 0 = 0), C at 1000 (270 > 152.5), so CEAF = 1, 1/2, 3/4.
  Eigen::MatrixXd costs(4, 3), effects(4, 3);
  costs << 0, 10, 30,  //
      0, 10, 30,       //
      0, 10, 30,       //
      0, 10, 30;
  effects << 0, 0.05, 0.5,  //
      0, 0.2, 0.1,          //
      0, 0.1, 0.2,          //
      0, 0.3, 0.4;
  const acceptability_curves a = acceptability(costs, effects, {0.0, 100.0, 1000.0});
  Eigen::MatrixXd expected(3, 3);
  expected << 1, 0, 0,  //
      0.25, 0.5, 0.25,  //
      0, 0.25, 0.75;
  CHECK(a.probability == expected);
  CHECK(a.optimal == std::vector<std::size_t>{0, 1, 2});
  CHECK(a.frontier == Eigen::Vector3d(1, 0.5, 0.75));
  CHECK(a.wtp == std::vector<double>{0.0, 100.0, 1000.0});
}

TEST_CASE("acceptability: identical strategies — every tie goes to the first in input order",
          "[econ][acceptability]") {
  const random_outcomes x(500, 3);
  Eigen::MatrixXd costs(500, 3), effects(500, 3);
  // Columns: strategy 1, a copy of strategy 2, strategy 2.
  costs << x.costs.col(0), x.costs.col(1), x.costs.col(1);
  effects << x.effects.col(0), x.effects.col(1), x.effects.col(1);
  const acceptability_curves a = acceptability(costs, effects, grid(5000.0, 20));
  const acceptability_curves two =
      acceptability(x.costs.leftCols(2), x.effects.leftCols(2), grid(5000.0, 20));
  CHECK(a.probability.col(2).isZero(0.0));
  CHECK(a.probability.leftCols(2) == two.probability);
  // The copy is never chosen either: it ties with its original in expectation.
  for (std::size_t i = 0; i < a.optimal.size(); ++i) CHECK(a.optimal[i] != 2);
}

TEST_CASE("acceptability: rows sum to 1 and the frontier is the optimal strategy's curve",
          "[econ][acceptability]") {
  const random_outcomes x(20000, 11);
  const std::vector<double> wtp = grid(2500.0, 60);
  const acceptability_curves a = acceptability(x.costs, x.effects, wtp);
  REQUIRE(a.probability.rows() == 60);
  REQUIRE(a.probability.cols() == 4);
  const std::vector<std::size_t> optimal =
      prevsim::econ::optimal_strategies(x.costs, x.effects, wtp);
  int changes = 0;
  for (Eigen::Index i = 0; i < 60; ++i) {
    const auto k = static_cast<std::size_t>(i);
    INFO("wtp " << wtp[k]);
    // Counts over 20000 draws: the sum of the shares is 1 up to rounding.
    CHECK(a.probability.row(i).sum() == Approx(1.0).epsilon(1e-14));
    CHECK(a.probability.row(i).minCoeff() >= 0.0);
    CHECK(a.frontier[i] <= a.probability.row(i).maxCoeff());
    CHECK(a.optimal[k] == optimal[k]);
    CHECK(a.frontier[i] == a.probability(i, static_cast<Eigen::Index>(optimal[k])));
    if (k > 0 && a.optimal[k] != a.optimal[k - 1]) ++changes;
  }
  // The grid spans several decisions, so the frontier is not a single curve.
  CHECK(changes >= 2);
  // Recount one λ by brute force.
  const Eigen::Index i = 17;
  const double lambda = wtp[17];
  Eigen::VectorXd wins = Eigen::VectorXd::Zero(4);
  for (Eigen::Index d = 0; d < x.costs.rows(); ++d) {
    Eigen::Index best = 0;
    const Eigen::RowVectorXd nmb = lambda * x.effects.row(d) - x.costs.row(d);
    nmb.maxCoeff(&best);
    wins[best] += 1;
  }
  CHECK(a.probability.row(i) == (wins / 20000.0).transpose());
}

TEST_CASE("acceptability: two strategies with normal NMB difference follow Phi(mu/sigma)",
          "[econ][acceptability]") {
  // Strategy 1: nothing. Strategy 2: E ~ N(0.05, 0.04²), C ~ N(1000, 500²),
  // independent. NMB difference at λ: N(μ, σ²), μ = 0.05λ − 1000,
  // σ² = (0.04λ)² + 500², so CEAC_2(λ) = Φ(μ/σ). 100 000 draws: binomial
  // standard error at most 0.0016; tolerance 4 standard errors.
  const Eigen::Index n = 100000;
  Eigen::MatrixXd costs = Eigen::MatrixXd::Zero(n, 2), effects = Eigen::MatrixXd::Zero(n, 2);
  prevsim::random_stream stream(2024, 7, 0);
  for (Eigen::Index d = 0; d < n; ++d) {
    effects(d, 1) = 0.05 + 0.04 * prevsim::standard_normal(stream);
    costs(d, 1) = 1000.0 + 500.0 * prevsim::standard_normal(stream);
  }
  const std::vector<double> wtp = {0.0, 10000.0, 20000.0, 30000.0, 60000.0, 200000.0};
  const acceptability_curves a = acceptability(costs, effects, wtp);
  for (std::size_t i = 0; i < wtp.size(); ++i) {
    const double mu = 0.05 * wtp[i] - 1000.0;
    const double sigma = std::hypot(0.04 * wtp[i], 500.0);
    const double p = normal_cdf(mu / sigma);
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(n));
    INFO("wtp " << wtp[i] << " expected " << p);
    CHECK(std::abs(a.probability(static_cast<Eigen::Index>(i), 1) - p) <= 4 * se + 1e-12);
  }
}

TEST_CASE("acceptability: the result does not depend on the number of threads",
          "[econ][acceptability]") {
  const random_outcomes x(5000, 5);
  const std::vector<double> wtp = grid(1000.0, 64);
  acceptability_curves one, many;
  oneapi::tbb::task_arena(1).execute([&] { one = acceptability(x.costs, x.effects, wtp); });
  oneapi::tbb::task_arena(2).execute([&] { many = acceptability(x.costs, x.effects, wtp); });
  CHECK(one.probability == many.probability);
  CHECK(one.frontier == many.frontier);
  CHECK(one.optimal == many.optimal);
}

TEST_CASE("acceptability: every argument error has its message",
          "[econ][acceptability][errors]") {
  const Eigen::MatrixXd c = Eigen::MatrixXd::Ones(5, 3);
  CHECK_THROWS_MATCHES(
      acceptability(c, Eigen::MatrixXd::Ones(5, 2), {0.0}), std::invalid_argument,
      Message("acceptability: costs is 5 x 3 but effects is 5 x 2; both must be draws x "
              "strategies, of the same shape"));
  CHECK_THROWS_MATCHES(
      acceptability(Eigen::MatrixXd(0, 3), Eigen::MatrixXd(0, 3), {0.0}), std::invalid_argument,
      Message("acceptability: costs and effects have no draws (rows); at least one is needed"));
  CHECK_THROWS_MATCHES(
      acceptability(Eigen::MatrixXd(5, 0), Eigen::MatrixXd(5, 0), {0.0}), std::invalid_argument,
      Message("acceptability: costs and effects have no strategies (columns); at least one is "
              "needed"));
  CHECK_THROWS_MATCHES(
      acceptability(c, c, {0.0, 100.0, -100.0}), std::domain_error,
      Message("acceptability: wtp[3] is -100, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      acceptability(c, c, {}), std::invalid_argument,
      Message("acceptability: wtp is empty; at least one willingness-to-pay value is needed"));
  Eigen::MatrixXd bad = c;
  bad(4, 2) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_MATCHES(
      acceptability(bad, c, {0.0}), std::domain_error,
      Message("acceptability: costs[draw 5, strategy 3] is inf, but must be finite"));
}
