// Tests for include/prevsim/cohort/engine.hpp (through evaluate_at): closed
// forms and hand calculations of the trace, the counting methods, discount
// timing, Simpson and DARTH row weights, transition rewards, stepped
// discounting, time in state against explicit tunnel states, complements,
// strategy overrides and start distributions.
//
// Conventions under test (docs/cohort.md): trace row t = the cohort at time
// t·Δ; cycle t moves row t to t+1. `beginning` counts m_t, `end` m_{t+1},
// `half_cycle` (m_t + m_{t+1})/2, each cycle t discounted at (t + τ)Δ with
// τ = 0, ½, 1 for start, middle, end. The row-based methods weight trace rows
// 0..T, row i discounted at iΔ. Transition rewards of cycle t are discounted at
// (t + 1)Δ and weighted by row t+1's weight only under `darth`.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "cohort/cohort_test_helpers.hpp"
#include "prevsim/cohort.hpp"
#include "prevsim/dist/fixed.hpp"

using cohort_test::evaluate;
namespace cohort = prevsim::cohort;
using cohort::counting;
using cohort::discount_timing;
using cohort::discount_schedule;

namespace {

constexpr double tight = 1e-13;

// Rewards columns of alive_dead().
constexpr Eigen::Index cost_col = 0, ly_col = 1;

}  // namespace

TEST_CASE("engine: two-state chain, trace row t = (1 - p)^t", "[cohort][engine]") {
  prevsim::parameter_set ps;
  ps.add("p_die", prevsim::dist::fixed(0.1));
  const int T = 20;
  const auto e = evaluate(cohort_test::alive_dead("p_die", T, counting::beginning,
                                                  discount_timing::start, 0, 0),
                          ps);
  REQUIRE(e.trace.rows() == T + 1);
  REQUIRE(e.trace.cols() == 2);
  for (int t = 0; t <= T; ++t) {
    INFO("row " << t);
    CHECK(e.trace(t, 0) == Approx(std::pow(0.9, t)).epsilon(tight));
    CHECK(e.trace(t, 1) == Approx(1 - std::pow(0.9, t)).margin(1e-14));
    CHECK(e.trace.row(t).sum() == Approx(1.0).epsilon(1e-14));
  }
  // Undiscounted life-years counted at the beginning: Σ_{t<T} 0.9^t = (1 - 0.9^T)/0.1.
  CHECK(e.undiscounted(0, ly_col) == Approx((1 - std::pow(0.9, T)) / 0.1).epsilon(tight));
}

TEST_CASE("engine: life-years for T = 3 under every counting method and discount timing",
          "[cohort][engine]") {
  // p = 0.1: rows m0 = 1, m1 = 0.9, m2 = 0.81, m3 = 0.729 alive. Life-years
  // discounted at 5 % (v = 1/1.05); costs of 100 per cycle alive, not discounted.
  const double v = 1 / 1.05;
  const double h = std::sqrt(v);  // half a year of discounting
  struct example {
    counting c;
    discount_timing t;
    double discounted, undiscounted;
  };
  const std::vector<example> examples = {
      // beginning: Σ_t m_t at (t + τ)
      {counting::beginning, discount_timing::start, 1 + 0.9 * v + 0.81 * v * v, 2.71},
      {counting::beginning, discount_timing::middle, h * (1 + 0.9 * v + 0.81 * v * v), 2.71},
      {counting::beginning, discount_timing::end, v * (1 + 0.9 * v + 0.81 * v * v), 2.71},
      // end: Σ_t m_{t+1} at (t + τ)
      {counting::end, discount_timing::start, 0.9 + 0.81 * v + 0.729 * v * v, 2.439},
      {counting::end, discount_timing::middle, h * (0.9 + 0.81 * v + 0.729 * v * v), 2.439},
      {counting::end, discount_timing::end, v * (0.9 + 0.81 * v + 0.729 * v * v), 2.439},
      // half_cycle: (m_t + m_{t+1})/2 = 0.95, 0.855, 0.7695
      {counting::half_cycle, discount_timing::start, 0.95 + 0.855 * v + 0.7695 * v * v, 2.5745},
      {counting::half_cycle, discount_timing::middle, h * (0.95 + 0.855 * v + 0.7695 * v * v),
       2.5745},
      {counting::half_cycle, discount_timing::end, v * (0.95 + 0.855 * v + 0.7695 * v * v),
       2.5745},
      // simpson, T = 3 odd: the 3/8 rule, 3/8·(m0 + 3 m1 + 3 m2 + m3), row i at i
      {counting::simpson, discount_timing::start,
       3.0 / 8 * (1 + 3 * 0.9 * v + 3 * 0.81 * v * v + 0.729 * v * v * v),
       3.0 / 8 * (1 + 2.7 + 2.43 + 0.729)},
      // darth: 1/3 m0 + 2/3 m1 + 4/3 m2 + 1/3 m3
      {counting::darth, discount_timing::start,
       1.0 / 3 + 2.0 / 3 * 0.9 * v + 4.0 / 3 * 0.81 * v * v + 1.0 / 3 * 0.729 * v * v * v,
       1.0 / 3 + 2.0 / 3 * 0.9 + 4.0 / 3 * 0.81 + 1.0 / 3 * 0.729},
  };
  for (const auto& x : examples) {
    INFO("counting " << static_cast<int>(x.c) << ", timing " << static_cast<int>(x.t));
    const auto e = evaluate(cohort_test::alive_dead("0.1", 3, x.c, x.t, 0.0, 0.05, "100"));
    CHECK(e.discounted(0, ly_col) == Approx(x.discounted).epsilon(tight));
    CHECK(e.undiscounted(0, ly_col) == Approx(x.undiscounted).epsilon(tight));
    // Costs: 100 per cycle alive, rate 0 → discounted = undiscounted = 100 × LYs.
    CHECK(e.discounted(0, cost_col) == Approx(100 * x.undiscounted).epsilon(tight));
    CHECK(e.undiscounted(0, cost_col) == Approx(100 * x.undiscounted).epsilon(tight));
  }
}

TEST_CASE("engine: an annuity, Σ_{t<T} (1+r)^-t = (1 - (1+r)^-T)/(1 - (1+r)^-1)",
          "[cohort][engine]") {
  const double r = 0.035;
  const int T = 10;
  const double annuity = (1 - std::pow(1 + r, -T)) / (1 - 1 / (1 + r));
  for (const counting c : {counting::beginning, counting::end, counting::half_cycle}) {
    INFO("counting " << static_cast<int>(c));
    const auto start =
        evaluate(cohort_test::annuity(T, c, discount_timing::start, discount_schedule::constant(r)));
    CHECK(start.discounted(0, 0) == Approx(annuity).epsilon(tight));
    CHECK(start.undiscounted(0, 0) == Approx(T).epsilon(tight));
    // end: every cycle one year later; middle: half a year later.
    const auto end =
        evaluate(cohort_test::annuity(T, c, discount_timing::end, discount_schedule::constant(r)));
    CHECK(end.discounted(0, 0) == Approx(annuity / (1 + r)).epsilon(tight));
    const auto middle = evaluate(
        cohort_test::annuity(T, c, discount_timing::middle, discount_schedule::constant(r)));
    CHECK(middle.discounted(0, 0) == Approx(annuity / std::sqrt(1 + r)).epsilon(tight));
  }
}

TEST_CASE("engine: costs and effects use their own schedules; the cycle length scales time",
          "[cohort][engine]") {
  // Half-year cycles, 20 of them (10 years); 0.5 per cycle of each reward.
  // Cycle t at 0.5·t years: Σ_{t<20} 0.5·(1+r)^(-t/2) = 0.5·(1 - (1+r)^-10)/(1 - (1+r)^-0.5).
  auto m = cohort_test::annuity(20, counting::beginning, discount_timing::start,
                                discount_schedule::constant(0.035), "0.5");
  m.cycle_length = 0.5;
  m.effect_discount = discount_schedule::constant(0.015);
  m.rewards.push_back({"e", false});
  m.state_values.push_back({"e", "S", "0.5"});
  const auto e = evaluate(m);
  auto sum = [](double r) { return 0.5 * (1 - std::pow(1 + r, -10)) / (1 - std::pow(1 + r, -0.5)); };
  CHECK(e.discounted(0, 0) == Approx(sum(0.035)).epsilon(tight));
  CHECK(e.discounted(0, 1) == Approx(sum(0.015)).epsilon(tight));
  CHECK(e.undiscounted(0, 0) == Approx(10.0).epsilon(tight));
}

TEST_CASE("engine: stepped discounting, 3.5 % for 30 years then 3 %", "[cohort][engine]") {
  // Annual cycles t = 0..44 at time t: D(t) = 1.035^-t for t <= 30 and
  // 1.035^-30·1.03^-(t-30) after, so
  //   Σ = Σ_{t=0}^{30} 1.035^-t + 1.035^-30 Σ_{k=1}^{14} 1.03^-k
  //     = (1 - 1.035^-31)/(1 - 1.035^-1) + 1.035^-30 · 1.03^-1 (1 - 1.03^-14)/(1 - 1.03^-1).
  const auto e = evaluate(cohort_test::annuity(
      45, counting::beginning, discount_timing::start,
      discount_schedule::stepped({0.0, 30.0}, {0.035, 0.03})));
  const double expected =
      (1 - std::pow(1.035, -31)) / (1 - 1 / 1.035) +
      std::pow(1.035, -30) / 1.03 * (1 - std::pow(1.03, -14)) / (1 - 1 / 1.03);
  CHECK(e.discounted(0, 0) == Approx(expected).epsilon(tight));
  // Larger than at a constant 3.5 %.
  const auto flat = evaluate(cohort_test::annuity(45, counting::beginning, discount_timing::start,
                                                  discount_schedule::constant(0.035)));
  CHECK(e.discounted(0, 0) > flat.discounted(0, 0));
}

TEST_CASE("engine: Simpson's rule integrates cubics in `cycle` exactly", "[cohort][engine]") {
  // Occupancy 1, no discounting, value f(c) = 2 - 3c + c²/2 + c³/4 per cycle:
  // Σ_i w_i f(i) = ∫_0^T f = 2T - 3T²/2 + T³/6 + T⁴/16, for even T (Simpson
  // 1/3) and odd T (3/8 rule on the last three intervals).
  const std::string f = "2 - 3 * cycle + 0.5 * cycle^2 + 0.25 * cycle^3";
  for (int T = 2; T <= 11; ++T) {
    INFO("T = " << T);
    const double x = T;
    const double integral = 2 * x - 1.5 * x * x + x * x * x / 6 + x * x * x * x / 16;
    const auto e = evaluate(cohort_test::annuity(T, counting::simpson, discount_timing::start,
                                                 discount_schedule::constant(0), f));
    CHECK(e.discounted(0, 0) == Approx(integral).epsilon(1e-12));
  }
  // T = 1: the trapezoid, exact for linear f: ∫_0^1 (2 + 3c) = 3.5.
  const auto one = evaluate(cohort_test::annuity(1, counting::simpson, discount_timing::start,
                                                 discount_schedule::constant(0), "2 + 3 * cycle"));
  CHECK(one.discounted(0, 0) == Approx(3.5).epsilon(tight));
  // DARTH's weights are not Simpson's rule: the same cubic for T = 4 gives
  // 1/3 f(0) + 2/3 f(1) + 4/3 f(2) + 2/3 f(3) + 1/3 f(4) = 1/3·2 + 2/3·(-0.25)
  // + 4/3·0 + 2/3·4.25 + 1/3·14 = 8, not ∫_0^4 f = 32/3.
  const auto darth = evaluate(cohort_test::annuity(4, counting::darth, discount_timing::start,
                                                   discount_schedule::constant(0), f));
  CHECK(darth.discounted(0, 0) == Approx(8.0).epsilon(tight));
}

TEST_CASE("engine: row weights of simpson and darth, explicitly", "[cohort][engine]") {
  // A reward per row k: if(cycle == k, 1, 0) picks out row k's weight.
  auto weights = [](int T, counting c) {
    auto m = cohort_test::annuity(T, c, discount_timing::start, discount_schedule::constant(0));
    m.rewards.clear();
    m.state_values.clear();
    for (int k = 0; k <= T; ++k) {
      const std::string name = "row" + std::to_string(k);
      m.rewards.push_back({name, true});
      m.state_values.push_back({name, "S", "if(cycle == " + std::to_string(k) + ", 1, 0)"});
    }
    const cohort::compiled_model compiled(m, prevsim::parameter_set());
    const auto [d, u] = cohort::evaluate_at(compiled, {}, "test");
    std::vector<double> w;
    for (int k = 0; k <= T; ++k) {
      CHECK(compiled.row_weight(k) == d(0, k));  // the engine applies the compiled weights
      w.push_back(d(0, k));
    }
    return w;
  };
  auto check = [](const std::vector<double>& got, const std::vector<double>& expected) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      INFO("row " << i);
      CHECK(got[i] == Approx(expected[i]).epsilon(1e-15));
    }
  };
  // DARTH, T = 4: 1/3, 2/3, 4/3, 2/3, 1/3.
  check(weights(4, counting::darth), {1.0 / 3, 2.0 / 3, 4.0 / 3, 2.0 / 3, 1.0 / 3});
  // DARTH, T = 5 (odd; as darthtools::gen_wcc): 1/3, 2/3, 4/3, 2/3, 4/3, 1/3.
  check(weights(5, counting::darth), {1.0 / 3, 2.0 / 3, 4.0 / 3, 2.0 / 3, 4.0 / 3, 1.0 / 3});
  // Simpson 1/3, T = 4: 1/3, 4/3, 2/3, 4/3, 1/3.
  check(weights(4, counting::simpson), {1.0 / 3, 4.0 / 3, 2.0 / 3, 4.0 / 3, 1.0 / 3});
  // T = 3: the 3/8 rule, 3/8, 9/8, 9/8, 3/8.
  check(weights(3, counting::simpson), {3.0 / 8, 9.0 / 8, 9.0 / 8, 3.0 / 8});
  // T = 5: Simpson 1/3 on rows 0..2, 3/8 on rows 2..5.
  check(weights(5, counting::simpson),
        {1.0 / 3, 4.0 / 3, 1.0 / 3 + 3.0 / 8, 9.0 / 8, 9.0 / 8, 3.0 / 8});
  // T = 1: the trapezoid.
  check(weights(1, counting::simpson), {0.5, 0.5});
}

TEST_CASE("engine: the time variables cycle, time and age", "[cohort][engine]") {
  // Half-year cycles from age 40, T = 6, occupancy 1, no discounting:
  //   Σ_{t<6} (40 + 0.5 t) = 240 + 0.5·15 = 247.5,  Σ 0.5 t = 7.5,  Σ t = 15.
  auto m = cohort_test::annuity(6, counting::beginning, discount_timing::start,
                                discount_schedule::constant(0), "age");
  m.cycle_length = 0.5;
  m.start_age = 40;
  m.rewards = {{"age", true}, {"time", true}, {"cycle", true}};
  m.state_values = {{"age", "S", "age"}, {"time", "S", "time"}, {"cycle", "S", "cycle"}};
  auto e = evaluate(m);
  CHECK(e.discounted(0, 0) == Approx(247.5).epsilon(tight));
  CHECK(e.discounted(0, 1) == Approx(7.5).epsilon(tight));
  CHECK(e.discounted(0, 2) == Approx(15.0).epsilon(tight));
  // Simpson over rows 0..6 (values in cycles): ∫_0^6 (40 + 0.5c) dc = 249, exact for linear.
  m.counting_method = counting::simpson;
  e = evaluate(m);
  CHECK(e.discounted(0, 0) == Approx(249.0).epsilon(tight));
}

TEST_CASE("engine: a life table called as mort(age)", "[cohort][engine]") {
  // Death probability 0.01 below 42, 0.02 in [42, 44), 0.05 from 44; start at 40.
  auto m = cohort_test::alive_dead("mort(age)", 6, counting::beginning, discount_timing::start, 0,
                                   0);
  m.start_age = 40;
  m.tables.emplace_back("mort", std::vector<double>{0, 42, 44}, std::vector<double>{0.01, 0.02, 0.05});
  const auto e = evaluate(m);
  // Cycle t at age 40 + t: survival 0.99, 0.99, 0.98, 0.98, 0.95, 0.95.
  const std::vector<double> survive = {0.99, 0.99, 0.98, 0.98, 0.95, 0.95};
  double alive = 1;
  for (int t = 0; t <= 6; ++t) {
    INFO("row " << t);
    CHECK(e.trace(t, 0) == Approx(alive).epsilon(tight));
    if (t < 6) alive *= survive[static_cast<std::size_t>(t)];
  }
}

TEST_CASE("engine: transition rewards, a one-off cost on death", "[cohort][engine]") {
  // p = 0.1, T = 3: deaths in cycle t are 0.1·0.9^t = 0.1, 0.09, 0.081, each
  // costing 1000, discounted at 5 % at (t + 1) whatever the discount timing.
  const double v = 1 / 1.05;
  const double plain = 100 * v + 90 * v * v + 81 * v * v * v;
  for (const auto timing : {discount_timing::start, discount_timing::middle, discount_timing::end}) {
    for (const auto c : {counting::beginning, counting::end, counting::half_cycle}) {
      auto m = cohort_test::alive_dead("0.1", 3, c, timing, 0.05, 0.0);
      m.transition_values = {{"cost", "alive", "dead", "1000"}};
      const auto e = evaluate(m);
      CHECK(e.discounted(0, cost_col) == Approx(plain).epsilon(tight));
      CHECK(e.undiscounted(0, cost_col) == Approx(271.0).epsilon(tight));
    }
  }
  // simpson: transition rewards are not row-weighted.
  auto s = cohort_test::alive_dead("0.1", 3, counting::simpson, discount_timing::start, 0.05, 0.0);
  s.transition_values = {{"cost", "alive", "dead", "1000"}};
  CHECK(evaluate(s).discounted(0, cost_col) == Approx(plain).epsilon(tight));
  // darth: weighted by row t+1's weight (2/3, 4/3, 1/3 for rows 1, 2, 3).
  auto d = cohort_test::alive_dead("0.1", 3, counting::darth, discount_timing::start, 0.05, 0.0);
  d.transition_values = {{"cost", "alive", "dead", "1000"}};
  const auto ed = evaluate(d);
  CHECK(ed.discounted(0, cost_col) ==
        Approx(2.0 / 3 * 100 * v + 4.0 / 3 * 90 * v * v + 1.0 / 3 * 81 * v * v * v).epsilon(tight));
  CHECK(ed.undiscounted(0, cost_col) ==
        Approx(2.0 / 3 * 100 + 4.0 / 3 * 90 + 1.0 / 3 * 81).epsilon(tight));
}

TEST_CASE("engine: transition rewards on entering a state (from = \"*\")", "[cohort][engine]") {
  // H → S 0.2, H → D 0.1, H → H rest; S → H 0.3, S → D 0.1, S → S rest; D absorbing.
  // m0 = (1, 0, 0); cycle 0: H→S 0.2, H→D 0.1; m1 = (0.7, 0.2, 0.1);
  // cycle 1: H→S 0.14, H→D 0.07, S→D 0.02 (staying in S or D is not entering).
  auto m = cohort_test::conventions(2, counting::beginning, discount_timing::start, 0.05, 0.01);
  m.states = {"H", "S", "D"};
  m.rewards = {{"entry_S", true}, {"deaths", true}, {"qaly_loss", false}};
  m.start = {{"H", "1"}};
  m.transitions = {{"H", "S", "0.2"}, {"H", "D", "0.1"}, {"H", "H", "C"},
                   {"S", "H", "0.3"}, {"S", "D", "0.1"}, {"S", "S", "C"},
                   {"D", "D", "1"}};
  m.transition_values = {{"entry_S", "*", "S", "500"},
                         {"deaths", "*", "D", "100"},
                         {"qaly_loss", "H", "S", "-0.5"}};
  m.strategies = {{"only", {}, {}, {}, {}}};
  const auto e = evaluate(m);
  const double v = 1 / 1.05, w = 1 / 1.01;
  CHECK(e.discounted(0, 0) == Approx(500 * (0.2 * v + 0.14 * v * v)).epsilon(tight));
  CHECK(e.undiscounted(0, 0) == Approx(170.0).epsilon(tight));
  CHECK(e.discounted(0, 1) == Approx(100 * (0.1 * v + 0.09 * v * v)).epsilon(tight));
  CHECK(e.undiscounted(0, 1) == Approx(19.0).epsilon(tight));
  // An effect: discounted with the effect rate (1 %).
  CHECK(e.discounted(0, 2) == Approx(-0.5 * (0.2 * w + 0.14 * w * w)).epsilon(tight));
}

TEST_CASE("engine: transition rewards on fixed and per-cycle rows, one or two discount rates",
          "[cohort][engine]") {
  // The model above, with rows that are fixed (probabilities computed once per
  // block) or recomputed every cycle (`+ 0 * cycle`, read back from the row
  // pass), costs and effects discounted alike (one set of discounted flow
  // sums) or not, and a third summed flow out of H (staying in H: 0.7, then
  // 0.49) or not. The totals are the hand values in every case.
  for (const bool per_cycle : {false, true}) {
    for (const double effect_rate : {0.05, 0.01}) {
      for (const bool third_flow : {false, true}) {
        INFO("per cycle " << per_cycle << ", effect rate " << effect_rate << ", third flow "
                          << third_flow);
        auto m = cohort_test::conventions(2, counting::beginning, discount_timing::start, 0.05,
                                          effect_rate);
        const std::string plus = per_cycle ? " + 0 * cycle" : "";
        m.states = {"H", "S", "D"};
        m.rewards = {{"entry_S", true}, {"deaths", true}, {"qaly_loss", false}, {"stay", true}};
        m.start = {{"H", "1"}};
        m.transitions = {{"H", "S", "0.2" + plus}, {"H", "D", "0.1" + plus}, {"H", "H", "C"},
                         {"S", "H", "0.3" + plus}, {"S", "D", "0.1" + plus}, {"S", "S", "C"},
                         {"D", "D", "1"}};
        m.transition_values = {{"entry_S", "*", "S", "500"},
                               {"deaths", "*", "D", "100"},
                               {"qaly_loss", "H", "S", "-0.5"}};
        if (third_flow) m.transition_values.push_back({"stay", "H", "H", "10"});
        m.strategies = {{"only", {}, {}, {}, {}}};
        const auto e = evaluate(m);
        const double v = 1 / 1.05, w = 1 / (1 + effect_rate);
        CHECK(e.discounted(0, 0) == Approx(500 * (0.2 * v + 0.14 * v * v)).epsilon(tight));
        CHECK(e.undiscounted(0, 0) == Approx(170.0).epsilon(tight));
        CHECK(e.discounted(0, 1) == Approx(100 * (0.1 * v + 0.09 * v * v)).epsilon(tight));
        CHECK(e.undiscounted(0, 1) == Approx(19.0).epsilon(tight));
        CHECK(e.discounted(0, 2) == Approx(-0.5 * (0.2 * w + 0.14 * w * w)).epsilon(tight));
        CHECK(e.undiscounted(0, 2) == Approx(-0.5 * 0.34).epsilon(tight));
        const double stay = third_flow ? 10 * (0.7 * v + 0.49 * v * v) : 0.0;
        CHECK(e.discounted(0, 3) == Approx(stay).epsilon(tight));
        CHECK(e.undiscounted(0, 3) == Approx(third_flow ? 11.9 : 0.0).epsilon(tight));
      }
    }
  }
}

TEST_CASE("engine: transition rewards through every path of the row pass", "[cohort][engine]") {
  // H → A 0.1, H → D 0.1, H stays with the rest, over 2 cycles at 5 %:
  // H holds 1, then 0.6, so H → A and H → D carry 0.1 then 0.06 (each
  // discounted at (t + 1)). A fixed value on H → A (its flow summed in the
  // row's pass) and, optionally, a value on H → D that varies with the cycle
  // (10, then 20; it reads the row's probabilities back, so the pass must
  // store them). The row is short (4 entries: one fused pass) or long (7
  // entries, H → B's 0.2 split over B, E, F, G: entry by entry), fixed or
  // recomputed every cycle. The totals are the hand values on every path.
  const double v = 1 / 1.05;
  for (const bool per_cycle : {false, true}) {
    for (const bool long_row : {false, true}) {
      for (const bool varying : {false, true}) {
        INFO("per cycle " << per_cycle << ", long row " << long_row << ", varying value "
                          << varying);
        auto m = cohort_test::conventions(2, counting::beginning, discount_timing::start, 0.05,
                                          0.05);
        const std::string plus = per_cycle ? " + 0 * cycle" : "";
        m.states = {"H", "A", "B", "D"};
        m.transitions = {{"H", "A", "0.1" + plus}, {"H", "B", (long_row ? "0.05" : "0.2") + plus},
                         {"H", "D", "0.1" + plus}};
        if (long_row) {
          for (const std::string s : {"E", "F", "G"}) {
            m.states.push_back(s);
            m.transitions.push_back({"H", s, "0.05" + plus});
          }
        }
        m.transitions.push_back({"H", "H", "C"});
        for (const auto& s : m.states) {
          if (s != "H") m.transitions.push_back({s, s, "1"});
        }
        m.rewards = {{"a", true}, {"d", true}};
        m.start = {{"H", "1"}};
        m.transition_values = {{"a", "H", "A", "100"}};
        if (varying) m.transition_values.push_back({"d", "H", "D", "10 * (1 + cycle)"});
        m.strategies = {{"only", {}, {}, {}, {}}};
        const auto e = evaluate(m);
        CHECK(e.discounted(0, 0) == Approx(100 * (0.1 * v + 0.06 * v * v)).epsilon(tight));
        CHECK(e.undiscounted(0, 0) == Approx(16.0).epsilon(tight));
        CHECK(e.discounted(0, 1) ==
              Approx(varying ? 10 * 0.1 * v + 20 * 0.06 * v * v : 0.0).epsilon(tight));
        CHECK(e.undiscounted(0, 1) == Approx(varying ? 2.2 : 0.0).epsilon(tight));
      }
    }
  }
}

TEST_CASE("engine: a state nothing reads is not kept, and the totals keep their bits",
          "[cohort][engine]") {
  // Without a trace, the engine drops the occupancy of an absorbing state that
  // no value reads (here D). Totals must be the same bit for bit as in the run
  // that records the trace (and so keeps every state), both when D is dropped
  // and when something does read D: a value on D, fixed or varying with the
  // cycle (in a second strategy sharing the trace), a value on D -> D, a row
  // of D that varies with the cycle, or time in state tracked in D.
  for (int variant = 0; variant < 6; ++variant) {
    INFO("variant " << variant);
    auto m = cohort_test::conventions(6, counting::half_cycle, discount_timing::start, 0.03, 0.015);
    m.states = {"H", "S", "D"};
    m.rewards = {{"cost", true}, {"qaly", false}};
    m.start = {{"H", "0.9"}, {"S", "0.1"}};
    m.transitions = {{"H", "S", "0.1 + 0.01 * cycle"}, {"H", "D", "0.02"}, {"H", "H", "C"},
                     {"S", "D", "0.1"}, {"S", "S", "C"}, {"D", "D", "1"}};
    m.state_values = {{"cost", "S", "1000"}, {"qaly", "H", "1"}, {"qaly", "S", "0.7"}};
    m.transition_values = {{"cost", "*", "D", "300"}};
    m.strategies = {{"one", {}, {}, {}, {}}};
    cohort::strategy two;
    two.name = "two";
    two.state_values = {{"cost", "S", "900"}};
    if (variant == 1) m.state_values.push_back({"cost", "D", "5"});
    if (variant == 2) two.state_values.push_back({"cost", "D", "5 * cycle"});
    if (variant == 3) m.transition_values.push_back({"cost", "D", "D", "2"});
    if (variant == 4) m.transitions.back().expression = "1 + 0 * cycle";
    if (variant == 5) m.time_in_state = {{"D", 3}};
    m.strategies.push_back(two);
    if (variant == 4) {  // D's row is still checked, every cycle
      auto bad = m;
      bad.transitions.back().expression = "if(cycle == 3, 1.02, 1)";
      CHECK_THROWS_WITH(cohort_test::evaluate_totals(bad),
                        Catch::Contains("cycle 4") && Catch::Contains("D -> D"));
    }
    const auto traced = evaluate(m);
    const auto totals = cohort_test::evaluate_totals(m);
    CHECK(totals.trace.size() == 0);
    for (Eigen::Index s = 0; s < 2; ++s) {
      for (Eigen::Index r = 0; r < 2; ++r) {
        CHECK(totals.discounted(s, r) == traced.discounted(s, r));
        CHECK(totals.undiscounted(s, r) == traced.undiscounted(s, r));
      }
    }
  }
}

namespace {

// A model where leaving S depends on the time spent in S (L = 4 cycles
// tracked), with costs and utilities that depend on it as well.
//   with_time_in_state: states H, S, D and `time_in_state`;
//   otherwise: explicit tunnel states H, S_1..S_4, D, S_4 absorbing within S.
cohort::model tunnel_example(bool with_time_in_state, counting c) {
  auto m = cohort_test::conventions(12, c, discount_timing::start, 0.03, 0.015);
  m.rewards = {{"cost", true}, {"qaly", false}};
  m.strategies = {{"only", {}, {}, {}, {}}};
  const std::string leave_to_h = "0.1 + 0.005 * cycle";
  if (with_time_in_state) {
    m.states = {"H", "S", "D"};
    m.time_in_state = {{"S", 4}};
    m.derived = {{"p_SD", "0.03 * time_in_state"}};
    m.start = {{"H", "0.7"}, {"S", "0.3"}};
    m.transitions = {{"H", "S", "0.15"}, {"H", "D", "0.02"}, {"H", "H", "C"},
                     {"S", "H", leave_to_h}, {"S", "D", "p_SD"}, {"S", "S", "C"},
                     {"D", "D", "1"}};
    m.state_values = {{"cost", "H", "10"},
                      {"cost", "S", "100 + 20 * time_in_state"},
                      {"qaly", "H", "1"},
                      {"qaly", "S", "0.8 - 0.05 * time_in_state"}};
    m.transition_values = {{"cost", "H", "S", "500"}, {"cost", "*", "D", "1000"}};
    return m;
  }
  m.states = {"H", "S_1", "S_2", "S_3", "S_4", "D"};
  m.start = {{"H", "0.7"}, {"S_1", "0.3"}};
  m.transitions = {{"H", "S_1", "0.15"}, {"H", "D", "0.02"}, {"H", "H", "C"}, {"D", "D", "1"}};
  m.state_values = {{"cost", "H", "10"}, {"qaly", "H", "1"}};
  for (int k = 1; k <= 4; ++k) {
    const std::string s = "S_" + std::to_string(k);
    const std::string next = "S_" + std::to_string(std::min(k + 1, 4));
    const std::string kk = std::to_string(k);
    m.transitions.push_back({s, "H", leave_to_h});
    m.transitions.push_back({s, "D", "0.03 * " + kk});
    m.transitions.push_back({s, next, "C"});
    m.state_values.push_back({"cost", s, "100 + 20 * " + kk});
    m.state_values.push_back({"qaly", s, "0.8 - 0.05 * " + kk});
  }
  m.transition_values = {{"cost", "H", "S_1", "500"}, {"cost", "*", "D", "1000"}};
  return m;
}

}  // namespace

TEST_CASE("engine: time_in_state equals explicit tunnel states", "[cohort][engine]") {
  for (const counting c : {counting::beginning, counting::end, counting::half_cycle,
                           counting::simpson, counting::darth}) {
    INFO("counting " << static_cast<int>(c));
    const auto a = evaluate(tunnel_example(true, c));
    const auto b = evaluate(tunnel_example(false, c));
    REQUIRE(a.trace.rows() == 13);
    for (Eigen::Index t = 0; t <= 12; ++t) {
      INFO("row " << t);
      CHECK(a.trace(t, 0) == Approx(b.trace(t, 0)).margin(1e-12));
      CHECK(a.trace(t, 1) == Approx(b.trace.row(t).segment(1, 4).sum()).margin(1e-12));
      CHECK(a.trace(t, 2) == Approx(b.trace(t, 5)).margin(1e-12));
      CHECK(a.trace.row(t).sum() == Approx(1.0).epsilon(1e-13));
    }
    for (Eigen::Index r = 0; r < 2; ++r) {
      CHECK(a.discounted(0, r) == Approx(b.discounted(0, r)).epsilon(1e-12));
      CHECK(a.undiscounted(0, r) == Approx(b.undiscounted(0, r)).epsilon(1e-12));
    }
  }
  // The tracking matters: the cap at 4 cycles is reached (T = 12), and a
  // model without it (S → D at 0.03 always) differs.
  auto flat = tunnel_example(true, counting::beginning);
  flat.derived = {{"p_SD", "0.03"}};
  flat.state_values = {{"cost", "H", "10"}, {"cost", "S", "120"}, {"qaly", "H", "1"},
                       {"qaly", "S", "0.75"}};
  const auto with = evaluate(tunnel_example(true, counting::beginning));
  CHECK(std::fabs(evaluate(flat).trace(12, 2) - with.trace(12, 2)) > 1e-3);
}

TEST_CASE("engine: time_in_state is 1 in the first cycle in a state", "[cohort][engine]") {
  // Nobody leaves S; its value is time_in_state, tracked to 3 cycles: the
  // cohort (all starting in S) accrues 1, 2, 3, 3, 3 in cycles 0..4.
  auto m = cohort_test::annuity(5, counting::beginning, discount_timing::start,
                                discount_schedule::constant(0), "time_in_state");
  m.time_in_state = {{"S", 3}};
  CHECK(evaluate(m).discounted(0, 0) == Approx(12.0).epsilon(tight));
}

TEST_CASE("engine: the complement entry takes the rest of the row", "[cohort][engine]") {
  // The same chain with H → H given explicitly (0.7) and as the complement in
  // each of its spellings; the complement may be any entry of the row.
  auto base = [](const std::string& hh, const std::string& hs) {
    auto m = cohort_test::conventions(8, counting::half_cycle, discount_timing::middle, 0.03, 0.03);
    m.states = {"H", "S", "D"};
    m.rewards = {{"ly", false}};
    m.start = {{"H", "1"}};
    m.transitions = {{"H", "H", hh}, {"H", "S", hs}, {"H", "D", "0.1"},
                     {"S", "S", "0.9 - 0.01 * cycle"}, {"S", "D", "C"}, {"D", "D", "1"}};
    m.state_values = {{"ly", "H", "1"}, {"ly", "S", "1"}};
    m.strategies = {{"only", {}, {}, {}, {}}};
    return evaluate(m);
  };
  const auto explicit_row = base("0.7", "0.2");
  for (const auto& spelling : {"C", "c", "complement"}) {
    INFO(spelling);
    const auto e = base(spelling, "0.2");
    CHECK(e.trace.isApprox(explicit_row.trace, 1e-15));
    CHECK(e.discounted(0, 0) == Approx(explicit_row.discounted(0, 0)).epsilon(1e-15));
  }
  // The complement on H → S instead: H → S = 1 - 0.7 - 0.1 = 0.2.
  const auto other = base("0.7", "C");
  CHECK(other.trace.isApprox(explicit_row.trace, 1e-14));
  // S → D is the complement of a time-varying entry (S → S = 0.9 - 0.01·cycle).
  // By hand: m1 = (0.7, 0.2, 0.1); in cycle 1, S → S = 0.89, so
  // m2(S) = 0.7·0.2 + 0.2·0.89 = 0.318.
  CHECK(explicit_row.trace(2, 1) == Approx(0.318).epsilon(tight));
}

namespace {

// Three states, two rewards, strategies A (common) and B (overrides H → S,
// the cost of S and the cost on entering S).
cohort::model override_example(bool b_as_common) {
  auto m = cohort_test::conventions(10, counting::half_cycle, discount_timing::start, 0.035, 0.035);
  m.states = {"H", "S", "D"};
  m.rewards = {{"cost", true}, {"qaly", false}};
  m.start = {{"H", "1"}};
  m.transitions = {{"H", "S", "0.1"}, {"H", "D", "0.01"}, {"H", "H", "C"},
                   {"S", "H", "0.2"}, {"S", "D", "0.05"}, {"S", "S", "C"}, {"D", "D", "1"}};
  m.state_values = {{"cost", "H", "100"}, {"cost", "S", "1000"}, {"qaly", "H", "1"},
                    {"qaly", "S", "0.6"}};
  m.transition_values = {{"cost", "*", "S", "250"}};
  if (b_as_common) {
    m.transitions[0].expression = "0.05";
    m.state_values[1].expression = "1500";
    m.transition_values[0].expression = "300";
    m.strategies = {{"B", {}, {}, {}, {}}};
  } else {
    cohort::strategy b;
    b.name = "B";
    b.transitions = {{"H", "S", "0.05"}};
    b.state_values = {{"cost", "S", "1500"}};
    b.transition_values = {{"cost", "*", "S", "300"}};
    m.strategies = {{"A", {}, {}, {}, {}}, b};
  }
  return m;
}

}  // namespace

TEST_CASE("engine: per-strategy overrides replace common entries", "[cohort][engine]") {
  const auto both = evaluate(override_example(false), prevsim::parameter_set(), 1);
  const auto b_alone = evaluate(override_example(true));
  auto a_model = override_example(false);
  a_model.strategies.pop_back();
  const auto a_alone = evaluate(a_model);
  REQUIRE(both.discounted.rows() == 2);
  for (Eigen::Index r = 0; r < 2; ++r) {
    CHECK(both.discounted(1, r) == Approx(b_alone.discounted(0, r)).epsilon(1e-15));
    CHECK(both.discounted(0, r) == Approx(a_alone.discounted(0, r)).epsilon(1e-15));
  }
  CHECK(both.trace.isApprox(b_alone.trace, 1e-15));
  // And the strategies do differ (fewer get sick under B: more QALYs).
  CHECK(both.discounted(1, 1) > both.discounted(0, 1) + 0.01);
}

TEST_CASE("engine: strategies sharing a trace keep their own values", "[cohort][engine]") {
  // Same start and rows, different values (and one with a different start in
  // between): each strategy's totals equal those of a model holding it alone.
  auto m = override_example(false);
  cohort::strategy dear, late;
  dear.name = "dear";
  dear.state_values = {{"cost", "S", "4000"}, {"qaly", "H", "0.9"}};
  dear.transition_values = {{"cost", "H", "D", "777"}};
  late.name = "late";
  late.start = {{"S", "1"}};
  m.strategies = {{"A", {}, {}, {}, {}}, late, dear};
  const auto together = evaluate(m);
  for (std::size_t k = 0; k < m.strategies.size(); ++k) {
    INFO("strategy " << m.strategies[k].name);
    auto alone = m;
    alone.strategies = {m.strategies[k]};
    const auto e = evaluate(alone);
    for (Eigen::Index r = 0; r < 2; ++r) {
      CHECK(together.discounted(static_cast<Eigen::Index>(k), r) ==
            Approx(e.discounted(0, r)).epsilon(1e-15));
      CHECK(together.undiscounted(static_cast<Eigen::Index>(k), r) ==
            Approx(e.undiscounted(0, r)).epsilon(1e-15));
    }
  }
  CHECK(together.discounted(2, 0) > together.discounted(0, 0) + 100);
}

TEST_CASE("engine: start distributions per strategy", "[cohort][engine]") {
  // The model is linear in the start distribution: a 50/50 start gives the
  // average of the all-H and all-S starts.
  auto m = override_example(false);
  m.strategies = {{"healthy", {}, {}, {}, {}},
                  {"sick", {{"S", "1"}}, {}, {}, {}},
                  {"mixed", {{"H", "0.5"}, {"S", "0.5"}}, {}, {}, {}}};
  const auto e = evaluate(m, prevsim::parameter_set(), 2);
  CHECK(e.trace(0, 0) == 0.5);
  CHECK(e.trace(0, 1) == 0.5);
  CHECK(e.trace(0, 2) == 0.0);
  for (Eigen::Index r = 0; r < 2; ++r) {
    CHECK(e.discounted(2, r) ==
          Approx(0.5 * (e.discounted(0, r) + e.discounted(1, r))).epsilon(1e-13));
  }
  // Starting in S: row 1 is S's row of the matrix, (0.2, 0.75, 0.05).
  CHECK(e.discounted(1, 0) > e.discounted(0, 0));
  const auto sick = evaluate(m, prevsim::parameter_set(), 1);
  CHECK(sick.trace(0, 1) == 1.0);
  CHECK(sick.trace(1, 0) == Approx(0.2).epsilon(tight));
  CHECK(sick.trace(1, 1) == Approx(0.75).epsilon(tight));
  CHECK(sick.trace(1, 2) == Approx(0.05).epsilon(tight));
}

TEST_CASE("engine: parameters, derived quantities and strategy-specific parameters",
          "[cohort][engine]") {
  // p_die = rate_to_prob(r · hr) with r = 0.2, hr = 0.5 → 1 - e^-0.1 per cycle.
  prevsim::parameter_set ps;
  ps.add("r", prevsim::dist::fixed(0.2));
  ps.add("hr", prevsim::dist::fixed(0.5));
  auto m = cohort_test::alive_dead("p_die", 4, counting::beginning, discount_timing::start, 0, 0);
  m.derived = {{"rate", "r * hr"}, {"p_die", "rate_to_prob(rate)"}};
  cohort::strategy untreated;
  untreated.name = "untreated";
  untreated.transitions = {{"alive", "dead", "rate_to_prob(r)"}};
  m.strategies.push_back(untreated);
  const auto e = evaluate(m, ps, 1);
  const double q = std::exp(-0.1), q0 = std::exp(-0.2);
  // LY: Σ_{t<4} q^t
  CHECK(e.discounted(0, ly_col) == Approx(1 + q + q * q + q * q * q).epsilon(tight));
  CHECK(e.discounted(1, ly_col) == Approx(1 + q0 + q0 * q0 + q0 * q0 * q0).epsilon(tight));
  CHECK(e.trace(4, 0) == Approx(std::exp(-0.8)).epsilon(tight));
}
