// Tests for include/prevsim/econ/incremental_analysis.hpp: strong and extended
// dominance, the efficient frontier and its ICERs, against published worked
// examples and hand-made cases that pin down every tie rule.

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "prevsim/econ/incremental_analysis.hpp"
#include "prevsim/econ/net_benefit.hpp"

using Catch::Matchers::Message;
using prevsim::econ::dominance_status;
using prevsim::econ::incremental_analysis;
using prevsim::econ::incremental_row;
using prevsim::econ::incremental_table;

namespace {

// One draw per strategy: deterministic or already averaged results.
Eigen::MatrixXd one_draw(std::initializer_list<double> values) {
  Eigen::MatrixXd m(1, static_cast<Eigen::Index>(values.size()));
  Eigen::Index i = 0;
  for (double v : values) m(0, i++) = v;
  return m;
}

const incremental_row& row_of(const incremental_table& t, const std::string& name) {
  const auto it = std::find_if(t.rows.begin(), t.rows.end(),
                               [&](const incremental_row& r) { return r.name == name; });
  REQUIRE(it != t.rows.end());
  return *it;
}

std::string name_of(const incremental_table& t, const std::optional<std::size_t>& index) {
  REQUIRE(index.has_value());
  return t.rows[*index].name;
}

std::vector<std::string> names_of(const incremental_table& t, const std::vector<std::size_t>& v) {
  std::vector<std::string> out;
  for (std::size_t i : v) out.push_back(t.rows[i].name);
  return out;
}

// A frontier row with its increments against the named comparator.
void check_frontier(const incremental_table& t, const std::string& name,
                    const std::string& comparator, double incremental_cost,
                    double incremental_effect, double icer, double epsilon) {
  INFO("strategy " << name);
  const incremental_row& r = row_of(t, name);
  CHECK(r.status == dominance_status::frontier);
  CHECK(name_of(t, r.reference) == comparator);
  CHECK_FALSE(r.upper_reference.has_value());
  REQUIRE(r.incremental_cost.has_value());
  REQUIRE(r.incremental_effect.has_value());
  REQUIRE(r.icer.has_value());
  CHECK(*r.incremental_cost == Approx(incremental_cost).epsilon(epsilon));
  CHECK(*r.incremental_effect == Approx(incremental_effect).epsilon(epsilon));
  CHECK(*r.icer == Approx(icer).epsilon(epsilon));
}

void check_first(const incremental_table& t, const std::string& name) {
  INFO("strategy " << name);
  const incremental_row& r = row_of(t, name);
  CHECK(r.status == dominance_status::frontier);
  CHECK_FALSE(r.reference.has_value());
  CHECK_FALSE(r.upper_reference.has_value());
  CHECK_FALSE(r.incremental_cost.has_value());
  CHECK_FALSE(r.incremental_effect.has_value());
  CHECK_FALSE(r.icer.has_value());
}

void check_dominated(const incremental_table& t, const std::string& name,
                     const std::string& by) {
  INFO("strategy " << name);
  const incremental_row& r = row_of(t, name);
  CHECK(r.status == dominance_status::dominated);
  CHECK(name_of(t, r.reference) == by);
  CHECK_FALSE(r.upper_reference.has_value());
  CHECK_FALSE(r.icer.has_value());
  CHECK_FALSE(r.incremental_cost.has_value());
  CHECK_FALSE(r.incremental_effect.has_value());
}

void check_extended(const incremental_table& t, const std::string& name,
                    const std::string& lower, const std::string& upper) {
  INFO("strategy " << name);
  const incremental_row& r = row_of(t, name);
  CHECK(r.status == dominance_status::extended_dominated);
  CHECK(name_of(t, r.reference) == lower);
  CHECK(name_of(t, r.upper_reference) == upper);
  CHECK_FALSE(r.icer.has_value());
  CHECK_FALSE(r.incremental_cost.has_value());
  CHECK_FALSE(r.incremental_effect.has_value());
}

// The published C. difficile example, as (name, mean cost, mean QALYs).
struct published_strategy {
  const char* name;
  double cost;
  double effect;
};
const std::vector<published_strategy> cdiff = {
    {"s3", 57336.0059896538, 12.9399639202408},  {"s27", 57541.2526373815, 13.0140640696275},
    {"s33", 57642.2587507842, 13.0389116321918}, {"s31", 57934.0743411241, 13.0966257932217},
    {"s43", 58072.1137208494, 13.11285766912},   {"s44", 58665.7823044647, 13.1283328397025},
    {"s39", 57814.6470919581, 13.0462790163185}, {"s4", 57887.481549326, 12.9970657153765},
    {"s13", 58018.6252420203, 13.0650412387992}, {"s37", 58081.7947984323, 13.1029711156978},
    {"s20", 58634.2026441398, 13.1100568867995}};

incremental_table analyse(const std::vector<published_strategy>& strategies) {
  Eigen::MatrixXd costs(1, static_cast<Eigen::Index>(strategies.size()));
  Eigen::MatrixXd effects(1, costs.cols());
  std::vector<std::string> names;
  for (std::size_t i = 0; i < strategies.size(); ++i) {
    costs(0, static_cast<Eigen::Index>(i)) = strategies[i].cost;
    effects(0, static_cast<Eigen::Index>(i)) = strategies[i].effect;
    names.emplace_back(strategies[i].name);
  }
  return incremental_analysis(costs, effects, names);
}

}  // namespace

TEST_CASE("incremental_analysis: reproduces dampack's C. difficile ICER table",
          "[econ][incremental_analysis][published]") {
  // Source: dampack (DARTH workgroup), vignette "Basic Cost Effectiveness
  // Analysis", Example 2: mean costs and QALYs of 11 treatment strategies for
  // Clostridioides difficile infection from the PSA of Rajasingham R, Enns EA,
  // Khoruts A, Vaughn BP, Clin Infect Dis 2020;70(5):754-762. The expected table
  // is dampack's output for calculate_icers(), vignettes/cdiff_icers.csv in
  // github.com/DARTH-git/dampack: 6 strategies on the frontier, s39 extendedly
  // dominated, s4, s13, s37, s20 strongly dominated. The inputs are that file's
  // 15-significant-digit means; incremental values match to about 1e-11
  // relative (differences of rounded inputs), so the tolerance is 1e-9.
  // The input order here is the file's order with dominated strategies last;
  // a shuffled order must give the same table.
  for (int shuffle = 0; shuffle < 2; ++shuffle) {
    std::vector<published_strategy> input = cdiff;
    if (shuffle == 1) std::reverse(input.begin(), input.end());
    const incremental_table t = analyse(input);
    const double eps = 1e-9;
    check_first(t, "s3");
    check_frontier(t, "s27", "s3", 205.246647727639, 0.0741001493866911, 2769.85470915263, eps);
    check_frontier(t, "s33", "s27", 101.006113402713, 0.0248475625643216, 4065.03105249231, eps);
    check_frontier(t, "s31", "s33", 291.815590339931, 0.0577141610298533, 5056.2216470406, eps);
    check_frontier(t, "s43", "s31", 138.039379725262, 0.0162318758983169, 8504.2160616553, eps);
    check_frontier(t, "s44", "s43", 593.668583615326, 0.0154751705825014, 38362.6519947134, eps);
    // s39 lies between s33 and s31 in effect, above the segment joining them.
    check_extended(t, "s39", "s33", "s31");
    // Reference of a dominated strategy: the cheapest one that dominates it.
    check_dominated(t, "s4", "s27");    // s27: 57541 < 57887, 13.014 >= 12.997
    check_dominated(t, "s13", "s31");   // s31: 57934 < 58019, 13.097 >= 13.065
    check_dominated(t, "s37", "s43");   // s43: 58072 < 58082, 13.113 >= 13.103
    check_dominated(t, "s20", "s43");   // s43: 58072 < 58634, 13.113 >= 13.110
    CHECK(names_of(t, t.frontier) == std::vector<std::string>{"s3", "s27", "s33", "s31", "s43",
                                                              "s44"});
    CHECK(names_of(t, t.order) ==
          std::vector<std::string>{"s3", "s27", "s33", "s39", "s4", "s31", "s13", "s43", "s37",
                                   "s20", "s44"});
    // Rows stay in input order and carry the means.
    for (std::size_t i = 0; i < input.size(); ++i) {
      CHECK(t.rows[i].name == input[i].name);
      CHECK(t.rows[i].cost == input[i].cost);
      CHECK(t.rows[i].effect == input[i].effect);
    }
  }
}

TEST_CASE("incremental_analysis: reproduces dampack's HERC six-strategy example",
          "[econ][incremental_analysis][published]") {
  // Source: dampack's test of calculate_icers (tests/testthat/test_calculate_icers.R,
  // github.com/DARTH-git/dampack), the worked example of the VA Health Economics
  // Resource Center's cost-effectiveness analysis page
  // (herc.research.va.gov/include/page.asp?id=cost-effectiveness-analysis).
  // Expected: UC, B, D, E on the frontier with ICERs 5000, 12500, 20000; C
  // extendedly dominated (its ICER 15000 > 10000 of D); A strongly dominated.
  // All numbers are exact in binary, so the comparison is exact.
  const incremental_table t =
      incremental_analysis(one_draw({55000, 35000, 25000, 10000, 12000, 5000}),
                           one_draw({5, 4, 3, 2, 1.5, 1}), {"E", "D", "C", "B", "A", "UC"});
  check_first(t, "UC");
  check_frontier(t, "B", "UC", 5000, 1, 5000, 0);
  check_frontier(t, "D", "B", 25000, 2, 12500, 0);
  check_frontier(t, "E", "D", 20000, 1, 20000, 0);
  check_extended(t, "C", "B", "D");
  check_dominated(t, "A", "B");
  CHECK(names_of(t, t.frontier) == std::vector<std::string>{"UC", "B", "D", "E"});
}

TEST_CASE("incremental_analysis: the HIV screening example of dampack's vignette",
          "[econ][incremental_analysis][published]") {
  // Source: dampack vignette "Basic Cost Effectiveness Analysis", Example 1,
  // from Paltiel AD et al., Ann Intern Med 2006;145(11):797-806, Table 4 (high-
  // risk population): costs 26000, 27000, 28020, 28440, 29440 $ and quality-
  // adjusted life months 277.25, 277.57, 277.78, 277.83, 277.76 (÷ 12 for
  // QALYs). The vignette reports annual screening as strongly dominated, as the
  // paper does. Hand calculation of the frontier ICERs:
  //   one time vs status quo: 1000 / (0.32/12) = 37500
  //   5yr vs one time:        1020 / (0.21/12) = 58285.714…
  //   3yr vs 5yr:              420 / (0.05/12) = 100800
  // annual (277.76) is dominated first by 5yr (cheaper, 277.78 >= 277.76).
  // Tolerance 1e-9: the QALYs are not exact in binary.
  const incremental_table t = incremental_analysis(
      one_draw({26000, 27000, 28020, 28440, 29440}),
      one_draw({277.25 / 12, 277.57 / 12, 277.78 / 12, 277.83 / 12, 277.76 / 12}),
      {"status quo", "one time", "5yr", "3yr", "annual"});
  const double eps = 1e-9;
  check_first(t, "status quo");
  check_frontier(t, "one time", "status quo", 1000, 0.32 / 12, 37500, eps);
  check_frontier(t, "5yr", "one time", 1020, 0.21 / 12, 1020 * 12 / 0.21, eps);
  check_frontier(t, "3yr", "5yr", 420, 0.05 / 12, 100800, eps);
  check_dominated(t, "annual", "5yr");
}

TEST_CASE("incremental_analysis: extended dominance is removed iteratively",
          "[econ][incremental_analysis]") {
  // Hand-made: (effect, cost) = A(0, 0), B(1, 3), C(2, 6), D(3, 7), E(4, 100).
  // Pass 1: ICERs B 3, C 3, D 1, E 93. B is not removed (3 > 3 is false); C is
  //   (3 > 1).
  // Pass 2: A, B, D, E: ICERs B 3, D (7−3)/2 = 2, E 93. B is removed (3 > 2).
  // Pass 3: A, D, E: ICERs D 7/3, E 93: increasing, done.
  // Both B and C lie between A and D in effect, above the line A–D.
  const incremental_table t = incremental_analysis(one_draw({0, 3, 6, 7, 100}),
                                                   one_draw({0, 1, 2, 3, 4}),
                                                   {"A", "B", "C", "D", "E"});
  check_first(t, "A");
  check_frontier(t, "D", "A", 7, 3, 7.0 / 3.0, 1e-15);
  check_frontier(t, "E", "D", 93, 1, 93, 0);
  check_extended(t, "B", "A", "D");
  check_extended(t, "C", "A", "D");
  CHECK(names_of(t, t.frontier) == std::vector<std::string>{"A", "D", "E"});
}

TEST_CASE("incremental_analysis: collinear strategies (equal ICERs) stay on the frontier",
          "[econ][incremental_analysis]") {
  // (effect, cost) = A(0, 0), B(1, 2), C(2, 4), D(3, 10): ICERs 2, 2, 6.
  const incremental_table t = incremental_analysis(one_draw({0, 2, 4, 10}),
                                                   one_draw({0, 1, 2, 3}), {"A", "B", "C", "D"});
  check_first(t, "A");
  check_frontier(t, "B", "A", 2, 1, 2, 0);
  check_frontier(t, "C", "B", 2, 1, 2, 0);
  check_frontier(t, "D", "C", 6, 1, 6, 0);
}

TEST_CASE("incremental_analysis: one strategy dominates all others",
          "[econ][incremental_analysis]") {
  // "new" is cheapest and most effective; "same effect" equals its effect at a
  // higher cost, which counts as dominated (costlier and not more effective).
  const incremental_table t =
      incremental_analysis(one_draw({200, 100, 150, 300}), one_draw({9, 10, 10, 2}),
                           {"old", "new", "same effect", "worst"});
  check_first(t, "new");
  check_dominated(t, "old", "new");
  check_dominated(t, "same effect", "new");
  check_dominated(t, "worst", "new");
  CHECK(names_of(t, t.frontier) == std::vector<std::string>{"new"});
  CHECK(names_of(t, t.order) == std::vector<std::string>{"new", "same effect", "old", "worst"});
}

TEST_CASE("incremental_analysis: a dominant strategy (cheaper and more effective) replaces "
          "usual care",
          "[econ][incremental_analysis]") {
  // usual care (1000, 5), new (800, 6), intensive (1200, 6.5): new dominates
  // usual care; intensive vs new: 400 / 0.5 = 800 per unit of effect.
  const incremental_table t = incremental_analysis(
      one_draw({1000, 800, 1200}), one_draw({5, 6, 6.5}), {"usual care", "new", "intensive"});
  check_dominated(t, "usual care", "new");
  check_first(t, "new");
  check_frontier(t, "intensive", "new", 400, 0.5, 800, 0);
}

TEST_CASE("incremental_analysis: of identical strategies the first in input order is kept",
          "[econ][incremental_analysis]") {
  // A and B have the same cost and effect; C costs 100 more for 1 more unit.
  SECTION("A first") {
    const incremental_table t =
        incremental_analysis(one_draw({100, 100, 200}), one_draw({1, 1, 2}), {"A", "B", "C"});
    check_first(t, "A");
    check_dominated(t, "B", "A");
    check_frontier(t, "C", "A", 100, 1, 100, 0);
    CHECK(names_of(t, t.order) == std::vector<std::string>{"A", "B", "C"});
  }
  SECTION("B first") {
    const incremental_table t =
        incremental_analysis(one_draw({100, 100, 200}), one_draw({1, 1, 2}), {"B", "A", "C"});
    check_first(t, "B");
    check_dominated(t, "A", "B");
    check_frontier(t, "C", "B", 100, 1, 100, 0);
  }
  SECTION("equal cost: the less effective is dominated, whatever the input order") {
    const incremental_table t =
        incremental_analysis(one_draw({100, 100, 200}), one_draw({1, 2, 3}), {"Y", "X", "Z"});
    check_first(t, "X");
    check_dominated(t, "Y", "X");
    check_frontier(t, "Z", "X", 100, 1, 100, 0);
    CHECK(names_of(t, t.order) == std::vector<std::string>{"X", "Y", "Z"});
  }
}

TEST_CASE("incremental_analysis: a single strategy is the frontier",
          "[econ][incremental_analysis]") {
  const incremental_table t = incremental_analysis(one_draw({5}), one_draw({2}), {"only"});
  check_first(t, "only");
  CHECK(t.frontier == std::vector<std::size_t>{0});
}

TEST_CASE("incremental_analysis: works on the means of per-draw results",
          "[econ][incremental_analysis]") {
  // Two draws. Means: costs (200, 400, 250), effects (2, 2, 3): "b" costs more
  // than "a" for the same mean effect (dominated), although it is more
  // effective than "a" in draw 1; "c" vs "a": 50 / 1 = 50.
  Eigen::MatrixXd costs(2, 3), effects(2, 3);
  costs << 100, 300, 200,  //
      300, 500, 300;
  effects << 1, 2, 2,  //
      3, 2, 4;
  const incremental_table t = incremental_analysis(costs, effects, {"a", "b", "c"});
  CHECK(row_of(t, "a").cost == 200);
  CHECK(row_of(t, "b").cost == 400);
  CHECK(row_of(t, "c").cost == 250);
  CHECK(row_of(t, "a").effect == 2);
  CHECK(row_of(t, "c").effect == 3);
  check_first(t, "a");
  check_dominated(t, "b", "a");
  check_frontier(t, "c", "a", 50, 1, 50, 0);
}

TEST_CASE("incremental_analysis: the frontier ICERs are where the optimal strategy changes",
          "[econ][incremental_analysis][net_benefit]") {
  // Between consecutive frontier ICERs the strategy of highest expected net
  // benefit is the frontier strategy in between; below the first ICER it is the
  // cheapest; above the last, the most effective. Checked on the published
  // C. difficile means at λ just inside each interval.
  const incremental_table t = analyse(cdiff);
  Eigen::MatrixXd costs(1, static_cast<Eigen::Index>(cdiff.size()));
  Eigen::MatrixXd effects(1, costs.cols());
  for (std::size_t i = 0; i < cdiff.size(); ++i) {
    costs(0, static_cast<Eigen::Index>(i)) = cdiff[i].cost;
    effects(0, static_cast<Eigen::Index>(i)) = cdiff[i].effect;
  }
  std::vector<double> thresholds = {0.0};
  for (std::size_t k = 1; k < t.frontier.size(); ++k) {
    thresholds.push_back(*t.rows[t.frontier[k]].icer);
  }
  thresholds.push_back(1e7);
  for (std::size_t k = 0; k < t.frontier.size(); ++k) {
    for (double lambda : {thresholds[k] * 1.001 + 1e-6, thresholds[k + 1] * 0.999}) {
      INFO("lambda " << lambda);
      CHECK(prevsim::econ::optimal_strategy(costs, effects, lambda) == t.frontier[k]);
    }
  }
}

TEST_CASE("incremental_analysis: every argument error has its message",
          "[econ][incremental_analysis][errors]") {
  const Eigen::MatrixXd c = Eigen::MatrixXd::Constant(3, 2, 1.0);
  SECTION("shapes differ") {
    CHECK_THROWS_MATCHES(
        incremental_analysis(c, Eigen::MatrixXd::Zero(3, 3), {"a", "b"}), std::invalid_argument,
        Message("incremental_analysis: costs is 3 x 2 but effects is 3 x 3; both must be draws x "
                "strategies, of the same shape"));
    CHECK_THROWS_MATCHES(
        incremental_analysis(c, Eigen::MatrixXd::Zero(4, 2), {"a", "b"}), std::invalid_argument,
        Message("incremental_analysis: costs is 3 x 2 but effects is 4 x 2; both must be draws x "
                "strategies, of the same shape"));
  }
  SECTION("no strategies, no draws") {
    CHECK_THROWS_MATCHES(
        incremental_analysis(Eigen::MatrixXd(3, 0), Eigen::MatrixXd(3, 0), {}),
        std::invalid_argument,
        Message("incremental_analysis: costs and effects have no strategies (columns); at least "
                "one is needed"));
    CHECK_THROWS_MATCHES(
        incremental_analysis(Eigen::MatrixXd(0, 2), Eigen::MatrixXd(0, 2), {"a", "b"}),
        std::invalid_argument,
        Message("incremental_analysis: costs and effects have no draws (rows); at least one is "
                "needed"));
  }
  SECTION("names") {
    CHECK_THROWS_MATCHES(
        incremental_analysis(c, c, {"a", "b", "c"}), std::invalid_argument,
        Message("incremental_analysis: names has 3 entries, but costs and effects have 2 "
                "strategies (columns)"));
    CHECK_THROWS_MATCHES(incremental_analysis(c, c, {"a"}), std::invalid_argument,
                         Message("incremental_analysis: names has 1 entries, but costs and "
                                 "effects have 2 strategies (columns)"));
    CHECK_THROWS_MATCHES(
        incremental_analysis(c, c, {"a", ""}), std::invalid_argument,
        Message("incremental_analysis: names[2] is empty; every strategy needs a name"));
    CHECK_THROWS_MATCHES(
        incremental_analysis(c, c, {"a", "a"}), std::invalid_argument,
        Message("incremental_analysis: names[2] is \"a\", the same as names[1]; strategy names "
                "must be unique"));
  }
  SECTION("non-finite values") {
    Eigen::MatrixXd bad = c;
    bad(2, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_MATCHES(
        incremental_analysis(bad, c, {"a", "b"}), std::domain_error,
        Message("incremental_analysis: costs[draw 3, strategy 2] is nan, but must be finite"));
    bad = c;
    bad(1, 0) = -std::numeric_limits<double>::infinity();
    CHECK_THROWS_MATCHES(
        incremental_analysis(c, bad, {"a", "b"}), std::domain_error,
        Message("incremental_analysis: effects[draw 2, strategy 1] is -inf, but must be finite"));
  }
}
