// Tests for include/prevsim/econ/net_benefit.hpp: net monetary benefit per
// draw, its expectation over a grid of willingness to pay, the optimal
// strategy, and the argument checks every decision analysis shares.

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "prevsim/econ/net_benefit.hpp"

using Catch::Matchers::Message;
namespace econ = prevsim::econ;

namespace {

// Two draws, two strategies; every number exact in binary.
//   costs   = [100 250; 120 180]  → means (110, 215)
//   effects = [1 1.5; 0.75 1.25]  → means (0.875, 1.375)
struct example {
  Eigen::MatrixXd costs{2, 2};
  Eigen::MatrixXd effects{2, 2};
  example() {
    costs << 100, 250,  //
        120, 180;
    effects << 1, 1.5,  //
        0.75, 1.25;
  }
};

}  // namespace

TEST_CASE("net_monetary_benefit: NMB = wtp * effect - cost in every draw", "[econ][net_benefit]") {
  const example x;
  // λ = 200: [200 − 100, 300 − 250; 150 − 120, 250 − 180] = [100 50; 30 70].
  Eigen::MatrixXd expected(2, 2);
  expected << 100, 50,  //
      30, 70;
  CHECK(econ::net_monetary_benefit(x.costs, x.effects, 200.0) == expected);
  // λ = 0: −C.
  CHECK(econ::net_monetary_benefit(x.costs, x.effects, 0.0) == -x.costs);
  // Row-major input (as the parameter sampler produces) gives the same.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = x.costs;
  CHECK(econ::net_monetary_benefit(row_major, x.effects, 200.0) == expected);
}

TEST_CASE("expected_net_benefit: wtp * mean effect - mean cost on a grid", "[econ][net_benefit]") {
  const example x;
  // λ = 0: (−110, −215); λ = 200: (175 − 110, 275 − 215) = (65, 60);
  // λ = 1000: (875 − 110, 1375 − 215) = (765, 1160).
  const Eigen::MatrixXd e = econ::expected_net_benefit(x.costs, x.effects, {0.0, 200.0, 1000.0});
  Eigen::MatrixXd expected(3, 2);
  expected << -110, -215,  //
      65, 60,              //
      765, 1160;
  CHECK(e == expected);
  // It is the mean over draws of the per-draw net benefit (linearity).
  const Eigen::MatrixXd per_draw = econ::net_monetary_benefit(x.costs, x.effects, 200.0);
  CHECK(e(1, 0) == Approx(per_draw.col(0).mean()).epsilon(1e-15));
  CHECK(e(1, 1) == Approx(per_draw.col(1).mean()).epsilon(1e-15));
}

TEST_CASE("optimal_strategy: highest expected net benefit, first in input order on a tie",
          "[econ][net_benefit]") {
  const example x;
  // The ICER of strategy 2 vs 1 is 105 / 0.5 = 210.
  CHECK(econ::optimal_strategy(x.costs, x.effects, 0.0) == 0);
  CHECK(econ::optimal_strategy(x.costs, x.effects, 209.0) == 0);
  CHECK(econ::optimal_strategy(x.costs, x.effects, 211.0) == 1);
  // At λ = 210 both have 73.75 exactly: the first column wins, in either order.
  CHECK(econ::optimal_strategy(x.costs, x.effects, 210.0) == 0);
  const Eigen::MatrixXd swapped_costs = x.costs.rowwise().reverse();
  const Eigen::MatrixXd swapped_effects = x.effects.rowwise().reverse();
  CHECK(econ::optimal_strategy(swapped_costs, swapped_effects, 210.0) == 0);
  CHECK(econ::optimal_strategy(swapped_costs, swapped_effects, 209.0) == 1);
  CHECK(econ::optimal_strategy(swapped_costs, swapped_effects, 211.0) == 0);
  CHECK(econ::optimal_strategies(x.costs, x.effects, {1000.0, 0.0, 210.0, 211.0}) ==
        std::vector<std::size_t>{1, 0, 0, 1});
}

TEST_CASE("net benefit: every argument error has its message", "[econ][net_benefit][errors]") {
  const example x;
  CHECK_THROWS_MATCHES(
      econ::net_monetary_benefit(x.costs, x.effects, -1.0), std::domain_error,
      Message("net_monetary_benefit: wtp is -1, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      econ::net_monetary_benefit(x.costs, x.effects, std::numeric_limits<double>::infinity()),
      std::domain_error, Message("net_monetary_benefit: wtp is inf, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      econ::expected_net_benefit(x.costs, x.effects, {0.0, -5.0}), std::domain_error,
      Message("expected_net_benefit: wtp[2] is -5, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      econ::expected_net_benefit(x.costs, x.effects, {}), std::invalid_argument,
      Message("expected_net_benefit: wtp is empty; at least one willingness-to-pay value is "
              "needed"));
  CHECK_THROWS_MATCHES(
      econ::optimal_strategy(x.costs, Eigen::MatrixXd::Zero(2, 3), 1.0), std::invalid_argument,
      Message("optimal_strategy: costs is 2 x 2 but effects is 2 x 3; both must be draws x "
              "strategies, of the same shape"));
  CHECK_THROWS_MATCHES(
      econ::optimal_strategies(x.costs, x.effects, {std::numeric_limits<double>::quiet_NaN()}),
      std::domain_error, Message("optimal_strategies: wtp[1] is nan, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      econ::net_monetary_benefit(Eigen::MatrixXd(2, 0), Eigen::MatrixXd(2, 0), 1.0),
      std::invalid_argument,
      Message("net_monetary_benefit: costs and effects have no strategies (columns); at least "
              "one is needed"));
  Eigen::MatrixXd bad = x.effects;
  bad(1, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_MATCHES(
      econ::expected_net_benefit(x.costs, bad, {1.0}), std::domain_error,
      Message("expected_net_benefit: effects[draw 2, strategy 2] is nan, but must be finite"));
}
