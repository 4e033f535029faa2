// Tests for include/prevsim/prevention/evaluate.hpp against closed forms and hand
// calculations written in this file (no prevsim code computes the expected values).
//
// Every model is built by hand (prevention::model). Most tests use the helper
// base_model(): one cohort of 1000 aged 20 entering in model year 0, one subgroup,
// no mortality, discount 0 and timing 0 (start of year), and one state outcome
// "x" with prevalence 0.2 at every age costing 10 000 SEK per person-year to the
// state. With discount 0 a PV is a plain sum, and the yearly flows
// (evaluation_result::mean_flows, one draw) show each year on its own: row 2k is
// the costs and row 2k + 1 the benefits of payer k (0 municipality, 1 region,
// 2 state, 3 individual, 4 others), rows 10..15 the perspectives.
//
// Numbers quoted "(Python)" were computed with Python 3 / SciPy 1.17
// (scipy.stats.norm) from the formula next to them.

#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/prevention/evaluate.hpp"

namespace prev = prevsim::prevention;
using prev::value_ref;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using rows_t = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace {

/// One cohort of 1000 aged 20 entering in year 0, one subgroup, no mortality,
/// one state outcome with prevalence 0.2 at every age and a cost of 10 000 SEK
/// per person-year borne by the state, one intervention costing 500 000 SEK
/// (municipality, start-up) with relative risk 0.9 on all participants.
prev::model one_outcome_model(int horizon) {
  prev::model m;
  m.horizon = horizon;
  m.start_age = 20;
  m.end_age = 200;
  m.cohorts = {{0, value_ref::fixed(1000)}};
  prev::subgroup all;
  all.name = "all";
  all.risk = {value_ref::fixed(1.0)};
  m.subgroups = {all};
  prev::outcome o;
  o.name = "x";
  o.kind = prev::outcome_kind::state;
  o.baseline = {{0, 150, value_ref::fixed(0.2)}};
  o.costs = {{"care", prev::payer::state, prev::payer::individual, prev::cost_kind::resource,
              value_ref::fixed(10000)}};
  m.outcomes = {o};
  prev::intervention iv;
  iv.name = "programme";
  iv.cohorts = {true};
  iv.reach = {value_ref::fixed(1.0)};
  iv.costs = {{"start", prev::intervention_cost_type::start_up, prev::payer::municipality,
               value_ref::fixed(500000), 0, 0}};
  prev::effect e;
  e.outcome = 0;
  e.type = prev::effect_type::relative_risk;
  e.value = value_ref::fixed(0.9);
  iv.effects = {e};
  m.interventions = {iv};
  m.death_female = {0.0};
  m.death_male = {0.0};
  m.money_discount = prevsim::cohort::discount_schedule::constant(0.03);
  m.effects_discount = prevsim::cohort::discount_schedule::constant(0.03);
  m.timing = 0.0;
  return m;
}

double column(const prev::evaluation_result& r, const std::string& name, Eigen::Index draw = 0) {
  for (std::size_t j = 0; j < r.columns.size(); ++j) {
    if (r.columns[j] == name) return r.values(draw, static_cast<Eigen::Index>(j));
  }
  FAIL("no column " << name);
  return 0;
}

prev::cost_item resource(prev::payer who, double amount, const std::string& label = "care") {
  return {label, who, prev::payer::individual, prev::cost_kind::resource, value_ref::fixed(amount)};
}

prev::outcome state_outcome(const std::string& name, double prevalence, prev::payer who, double cost) {
  prev::outcome o;
  o.name = name;
  o.kind = prev::outcome_kind::state;
  o.baseline = {{0, 150, value_ref::fixed(prevalence)}};
  o.costs = {resource(who, cost)};
  return o;
}

prev::outcome event_outcome(const std::string& name, double rate, prev::payer who, double cost) {
  prev::outcome o = state_outcome(name, rate, who, cost);
  o.kind = prev::outcome_kind::event;
  return o;
}

/// The helper model of the file comment, without interventions: cohort of 1000
/// at 20, subgroup "all", outcome "x" (state, 0.2, 10 000 SEK to the state),
/// no deaths, discount 0, timing 0.
prev::model base_model(int horizon) {
  prev::model m;
  m.horizon = horizon;
  m.start_age = 20;
  m.end_age = 200;
  m.cohorts = {{0, value_ref::fixed(1000)}};
  prev::subgroup all;
  all.name = "all";
  all.risk = {value_ref::fixed(1.0)};
  m.subgroups = {all};
  m.outcomes = {state_outcome("x", 0.2, prev::payer::state, 10000)};
  m.death_female = {0.0};
  m.death_male = {0.0};
  m.money_discount = prevsim::cohort::discount_schedule::constant(0.0);
  m.effects_discount = prevsim::cohort::discount_schedule::constant(0.0);
  m.timing = 0.0;
  return m;
}

prev::effect make_effect(std::size_t outcome, prev::effect_type type, double value,
                         double overlap = 0.0) {
  prev::effect e;
  e.outcome = outcome;
  e.type = type;
  e.value = value_ref::fixed(value);
  e.overlap = value_ref::fixed(overlap);
  return e;
}

/// An intervention reaching every cohort of @p m with reach @p reach in every
/// subgroup, no costs, the given effects.
prev::intervention make_intervention(const prev::model& m, const std::string& name, double reach,
                                     std::vector<prev::effect> effects) {
  prev::intervention iv;
  iv.name = name;
  iv.cohorts.assign(m.cohorts.size(), true);
  iv.reach.assign(m.subgroups.size(), value_ref::fixed(reach));
  iv.effects = std::move(effects);
  return iv;
}

prev::evaluation_result run(const prev::model& m) {
  const prev::evaluator ev(m, 0);
  rows_t rows(1, 0);
  return ev.evaluate_draws(rows, 1);
}

/// Undiscounted benefits of payer @p k in year @p t (one-draw result).
double benefits(const prev::evaluation_result& r, prev::payer k, Eigen::Index t) {
  return r.mean_flows(2 * static_cast<Eigen::Index>(k) + 1, t);
}
double costs(const prev::evaluation_result& r, prev::payer k, Eigen::Index t) {
  return r.mean_flows(2 * static_cast<Eigen::Index>(k), t);
}

/// logistic(logit(p) + shift), written out: p′ = p·e^s / (1 − p + p·e^s).
double shift_logit(double p, double shift) {
  const double odds_ratio = std::exp(shift);
  return odds_ratio * p / (1.0 - p + odds_ratio * p);
}

}  // namespace

TEST_CASE("one state outcome: avoided costs are an annuity", "[prevention][evaluate]") {
  // 1000 × 0.2 × (1 − 0.9) = 20 person-years averted each year, 200 000 SEK a year
  // to the state; PV over 10 years at 3 %, timing start = annuity due:
  // 200000 × (1 − 1.03^−10)/0.03 × 1.03 = 1 757 218.9 (Python).
  const auto m = one_outcome_model(10);
  const prev::evaluator ev(m, 0);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows(1, 0);
  const auto r = ev.evaluate_draws(rows, 1);
  const double annuity_due = 200000.0 * (1 - std::pow(1.03, -10)) / 0.03 * 1.03;
  CHECK(column(r, "society.pv_benefits") == Approx(annuity_due).epsilon(1e-12));
  CHECK(column(r, "payer.state.pv_benefits") == Approx(annuity_due).epsilon(1e-12));
  CHECK(column(r, "municipality.pv_benefits") == 0.0);
  CHECK(column(r, "municipality.pv_costs") == 500000.0);
  CHECK(column(r, "society.npv") == Approx(annuity_due - 500000.0).epsilon(1e-12));
  CHECK(column(r, "outcome.x.cases_averted") == Approx(200.0).epsilon(1e-12));
  // Cumulative net: −500000 + 200000 in year 0, + 200000/1.03 in year 1,
  // + 200000/1.03² = 188 519.2 in year 2 → ≥ 0 first in year 2.
  CHECK(column(r, "society.payback_year") == 2.0);
  CHECK(column(r, "participants") == 1000.0);
}

TEST_CASE("d_probit and d_cox with reach < 1, two subgroups", "[prevention][evaluate]") {
  // Subgroups: "high" share 0.3 with risk 2 (b = 0.4), reach 0.9; "low" share 0.7
  // with risk 1 (b = 0.2), reach 0.5. Effect d = −0.2. Subgroup average
  // p = (1 − r)·b + r·f(b, d), so cases averted per year = N·s·r·(b − f).
  auto m = base_model(3);
  prev::subgroup high, low;
  high.name = "high";
  high.share = value_ref::fixed(0.3);
  high.risk = {value_ref::fixed(2.0)};
  low.name = "low";
  low.share = value_ref::fixed(0.7);
  low.risk = {value_ref::fixed(1.0)};
  m.subgroups = {high, low};
  auto iv = make_intervention(m, "p", 1.0, {});
  iv.reach = {value_ref::fixed(0.9), value_ref::fixed(0.5)};

  SECTION("probit") {
    iv.effects = {make_effect(0, prev::effect_type::d_probit, -0.2)};
    m.interventions = {iv};
    // Φ(Φ⁻¹(0.2) − 0.2) = 0.14879366011031542, Φ(Φ⁻¹(0.4) − 0.2) = 0.32514940993521524
    // (Python: norm.cdf(norm.ppf(p) - 0.2)).
    const double f_low = 0.14879366011031542, f_high = 0.32514940993521524;
    const double per_year = 1000 * (0.3 * 0.9 * (0.4 - f_high) + 0.7 * 0.5 * (0.2 - f_low));
    const auto r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == Approx(3 * per_year).epsilon(1e-12));
    for (Eigen::Index t = 0; t < 3; ++t) {
      CHECK(benefits(r, prev::payer::state, t) == Approx(per_year * 10000).epsilon(1e-12));
    }
    // Participants: 1000·(0.3·0.9 + 0.7·0.5) = 620.
    CHECK(column(r, "participants") == Approx(620.0).epsilon(1e-14));
  }
  SECTION("D-Cox") {
    iv.effects = {make_effect(0, prev::effect_type::d_cox, -0.2)};
    m.interventions = {iv};
    // logit f = logit b + 1.65·(−0.2) = logit b − 0.33.
    const double f_low = shift_logit(0.2, -0.33), f_high = shift_logit(0.4, -0.33);
    CHECK(f_low == Approx(0.1523).margin(5e-5));  // the worked example of prevention_effects.md
    const double per_year = 1000 * (0.3 * 0.9 * (0.4 - f_high) + 0.7 * 0.5 * (0.2 - f_low));
    const auto r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == Approx(3 * per_year).epsilon(1e-12));
    CHECK(column(r, "society.pv_benefits") == Approx(3 * per_year * 10000).epsilon(1e-12));
  }
}

TEST_CASE("two interventions combine on the odds scale with an overlap", "[prevention][evaluate]") {
  // b = 0.2 (odds 0.25). A: odds ratio 0.8 on participants, reach 0.5:
  //   f_A = 0.8·0.25/(1 + 0.8·0.25) = 0.2/1.2 = 1/6, p_A = 0.5·0.2 + 0.5/6 = 0.18333…,
  //   OR_A = odds(p_A)/0.25 = (0.18333…/0.81666…)/0.25 = 0.897959….
  // B: d_cox d = −0.2 (OR e^−0.33) on everyone (reach 1), overlap 0.5:
  //   p_B = f_B, OR_B = e^−0.33, counted as OR_B^0.5 = e^−0.165.
  // Combined OR = OR_A·e^−0.165; p_dir = OR·0.25/(1 + OR·0.25).
  auto m = base_model(2);
  auto a = make_intervention(m, "a", 0.5, {make_effect(0, prev::effect_type::odds_ratio, 0.8)});
  auto b = make_intervention(m, "b", 1.0, {make_effect(0, prev::effect_type::d_cox, -0.2, 0.5)});
  m.interventions = {a, b};
  const double p_a = 0.5 * 0.2 + 0.5 / 6.0;
  const double or_a = (p_a / (1 - p_a)) / 0.25;
  CHECK(or_a == Approx(0.8979591836734694).epsilon(1e-12));
  const double combined = or_a * std::exp(-0.165);
  const double p_dir = combined * 0.25 / (1 + combined * 0.25);
  const auto r = run(m);
  CHECK(column(r, "outcome.x.cases_averted") == Approx(2 * 1000 * (0.2 - p_dir)).epsilon(1e-12));

  SECTION("overlap 1 adds nothing: the result is A alone") {
    m.interventions[1].effects[0].overlap = value_ref::fixed(1.0);
    const auto r1 = run(m);
    CHECK(column(r1, "outcome.x.cases_averted") == Approx(2 * 1000 * (0.2 - p_a)).epsilon(1e-12));
  }
  SECTION("the order matters once an overlap is declared") {
    // Overlap on A (listed second) instead: OR = OR_B·OR_A^0.5.
    m.interventions = {b, a};
    m.interventions[0].effects[0].overlap = value_ref::fixed(0.0);
    m.interventions[1].effects[0].overlap = value_ref::fixed(0.5);
    const double c2 = std::exp(-0.33) * std::sqrt(or_a);
    const double p2 = c2 * 0.25 / (1 + c2 * 0.25);
    const auto r2 = run(m);
    CHECK(column(r2, "outcome.x.cases_averted") == Approx(2 * 1000 * (0.2 - p2)).epsilon(1e-12));
  }
}

TEST_CASE("two interventions combine on the risk scale", "[prevention][evaluate]") {
  // combine = risk, b = 0.2. A: RR 0.8, reach 0.5 → p_A = 0.5·0.2 + 0.5·0.16 = 0.18,
  // RR_A = 0.9. B: RR 0.5, reach 1, overlap 0.5 → counted as 0.5^0.5.
  // p_dir = 0.2·0.9·√0.5 = 0.127279….
  auto m = base_model(1);
  m.outcomes[0].combine = prev::combine_scale::risk;
  m.interventions = {
      make_intervention(m, "a", 0.5, {make_effect(0, prev::effect_type::relative_risk, 0.8)}),
      make_intervention(m, "b", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5, 0.5)})};
  const double p_dir = 0.2 * 0.9 * std::sqrt(0.5);
  const auto r = run(m);
  CHECK(column(r, "outcome.x.cases_averted") == Approx(1000 * (0.2 - p_dir)).epsilon(1e-12));
  // A risk difference −0.05 on half the cohort → p_A = 0.175, RR_A = 0.875.
  m.interventions = {
      make_intervention(m, "a", 0.5, {make_effect(0, prev::effect_type::risk_difference, -0.05)})};
  CHECK(column(run(m), "outcome.x.cases_averted") == Approx(1000 * 0.025).epsilon(1e-12));
}

TEST_CASE("event outcome: rate ratio, d through p = 1 − e^−rate, rates combine",
          "[prevention][evaluate]") {
  auto m = base_model(2);
  m.outcomes = {event_outcome("e", 0.5, prev::payer::region, 1000)};
  m.subgroups[0].risk = {value_ref::fixed(1.0)};

  SECTION("rate ratio with reach 0.5") {
    // rate 0.5 → participants 0.3; average 0.5·0.5 + 0.5·0.3 = 0.4; 0.1·1000 events a year.
    m.interventions = {make_intervention(m, "p", 0.5, {make_effect(0, prev::effect_type::rate_ratio, 0.6)})};
    const auto r = run(m);
    CHECK(column(r, "outcome.e.cases_averted") == Approx(200.0).epsilon(1e-12));
    CHECK(column(r, "payer.region.pv_benefits") == Approx(200.0 * 1000).epsilon(1e-12));
  }
  SECTION("D-Cox d = −0.3 on the probability of at least one event") {
    // p = 1 − e^−0.5; logit p′ = logit p − 1.65·0.3; rate′ = −ln(1 − p′).
    m.interventions = {make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::d_cox, -0.3)})};
    const double p = 1 - std::exp(-0.5);
    const double rate = -std::log(1 - shift_logit(p, -0.495));
    const auto r = run(m);
    CHECK(column(r, "outcome.e.cases_averted") == Approx(2 * 1000 * (0.5 - rate)).epsilon(1e-12));
  }
  SECTION("probit d = −0.3, reach 0.4") {
    // p = 1 − e^−0.5 = 0.3934693402873666; Φ(Φ⁻¹(p) − 0.3) = 0.28424118222975114 (Python);
    // rate′ = −ln(1 − 0.28424…); average rate 0.6·0.5 + 0.4·rate′.
    m.interventions = {make_intervention(m, "p", 0.4, {make_effect(0, prev::effect_type::d_probit, -0.3)})};
    const double rate = -std::log(1 - 0.28424118222975114);
    const auto r = run(m);
    CHECK(column(r, "outcome.e.cases_averted") == Approx(2 * 1000 * 0.4 * (0.5 - rate)).epsilon(1e-11));
  }
  SECTION("two rate ratios multiply, with overlap") {
    // 0.6 × 0.5^(1 − 0.2): rate 0.5·0.6·0.5^0.8.
    m.interventions = {
        make_intervention(m, "a", 1.0, {make_effect(0, prev::effect_type::rate_ratio, 0.6)}),
        make_intervention(m, "b", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5, 0.2)})};
    const double rate = 0.5 * 0.6 * std::pow(0.5, 0.8);
    CHECK(column(run(m), "outcome.e.cases_averted") == Approx(2 * 1000 * (0.5 - rate)).epsilon(1e-12));
  }
}

TEST_CASE("trajectories, year by year", "[prevention][evaluate]") {
  // Relative risk 0.5 on everyone, b = 0.2, 10 000 SEK to the state per case.
  // In year t (delivery in year 0, y = t) θ = m(y + ½)·ln 0.5 — the trajectory at
  // the middle of the year — so the state's avoided cost is
  // 1000·0.2·(1 − 0.5^m)·10 000 = 2e6·(1 − 0.5^m).
  auto m = base_model(6);
  auto e = make_effect(0, prev::effect_type::relative_risk, 0.5);
  auto expect = [&](const std::vector<double>& multipliers) {
    m.interventions = {make_intervention(m, "p", 1.0, {e})};
    const auto r = run(m);
    double total = 0;
    for (std::size_t t = 0; t < multipliers.size(); ++t) {
      const double averted = 1000 * 0.2 * (1 - std::pow(0.5, multipliers[t]));
      total += averted;
      INFO("year " << t);
      CHECK(benefits(r, prev::payer::state, static_cast<Eigen::Index>(t)) ==
            Approx(averted * 10000).epsilon(1e-12).margin(1e-6));
    }
    CHECK(column(r, "outcome.x.cases_averted") == Approx(total).epsilon(1e-12));
  };
  SECTION("ramp-up over 2 years, then persistent: m(½) = 1/4, m(3/2) = 3/4, then 1") {
    e.trajectory.kind = prev::trajectory_kind::persistent;
    e.trajectory.ramp_up = value_ref::fixed(2);
    expect({0.25, 0.75, 1, 1, 1, 1});
  }
  SECTION("start 1, ramp-up 0: m(½) = 0, then 1") {
    e.trajectory.start = value_ref::fixed(1);
    expect({0, 1, 1, 1, 1, 1});
  }
  SECTION("stop after a duration of 2: full at y + ½ = ½, 3/2 (≤ 2), then 0: two years") {
    e.trajectory.kind = prev::trajectory_kind::stop;
    e.trajectory.duration = value_ref::fixed(2);
    expect({1, 1, 0, 0, 0, 0});
  }
  SECTION("exponential: duration 1, half-life 2 → 1, 2^−1/4, 2^−3/4, 2^−5/4, 2^−7/4, 2^−9/4") {
    // At y + ½ = 3/2 the effect has decayed for ½ year: 2^(−½/2) = 2^−1/4; and so on.
    e.trajectory.kind = prev::trajectory_kind::exponential;
    e.trajectory.duration = value_ref::fixed(1);
    e.trajectory.half_life = value_ref::fixed(2);
    expect({1, std::pow(2, -0.25), std::pow(2, -0.75), std::pow(2, -1.25), std::pow(2, -1.75),
            std::pow(2, -2.25)});
  }
  SECTION("ramp-up 2, duration 1, half-life 1: 1/4, 3/4, 1, 2^−1/2, 2^−3/2, 2^−5/2") {
    // y + ½ = ½, 3/2 on the ramp; 5/2 within the full period [2, 3]; then decaying
    // for ½, 3/2, 5/2 years with half-life 1.
    e.trajectory.kind = prev::trajectory_kind::exponential;
    e.trajectory.ramp_up = value_ref::fixed(2);
    e.trajectory.duration = value_ref::fixed(1);
    e.trajectory.half_life = value_ref::fixed(1);
    expect({0.25, 0.75, 1, std::pow(2, -0.5), std::pow(2, -1.5), std::pow(2, -2.5)});
  }
}

TEST_CASE("two-age effects: interpolated by age, held or decaying", "[prevention][evaluate]") {
  // Ages 20..25 in years 0..5, evaluated at the mid-year ages 20.5..25.5. RR 0.5
  // at age 21, 0.8 at age 23, interpolated on ln RR: at 21.5 the weight of age 23
  // is 1/4, so RR = 0.5^(3/4)·0.8^(1/4); at 22.5, 0.5^(1/4)·0.8^(3/4). Before 21: 0.5.
  auto m = base_model(6);
  auto e = make_effect(0, prev::effect_type::relative_risk, 0.5);
  e.trajectory.kind = prev::trajectory_kind::two_age;
  e.trajectory.age1 = 21;
  e.trajectory.age2 = 23;
  e.trajectory.value2 = value_ref::fixed(0.8);
  auto check_years = [&](const std::vector<double>& rr) {
    m.interventions = {make_intervention(m, "p", 1.0, {e})};
    const auto r = run(m);
    for (std::size_t t = 0; t < rr.size(); ++t) {
      INFO("year " << t);
      CHECK(benefits(r, prev::payer::state, static_cast<Eigen::Index>(t)) ==
            Approx(1000 * 0.2 * (1 - rr[t]) * 10000).epsilon(1e-12).margin(1e-6));
    }
  };
  const double rr_21_5 = std::pow(0.5, 0.75) * std::pow(0.8, 0.25);
  const double rr_22_5 = std::pow(0.5, 0.25) * std::pow(0.8, 0.75);
  SECTION("held beyond age 23") { check_years({0.5, rr_21_5, rr_22_5, 0.8, 0.8, 0.8}); }
  SECTION("half-life 1 beyond age 23: ln RR halves each year") {
    // At 23.5, 24.5, 25.5: ln RR = ln 0.8 · 2^−½, 2^−3/2, 2^−5/2.
    e.trajectory.half_life = value_ref::fixed(1);
    check_years({0.5, rr_21_5, rr_22_5, std::pow(0.8, std::pow(2, -0.5)),
                 std::pow(0.8, std::pow(2, -1.5)), std::pow(0.8, std::pow(2, -2.5))});
  }
  SECTION("delivered at age 22 (offset 2): no effect before delivery") {
    m.interventions = {make_intervention(m, "p", 1.0, {e})};
    m.interventions[0].delivery_offset = 2;
    const auto r = run(m);
    CHECK(benefits(r, prev::payer::state, 0) == 0.0);
    CHECK(benefits(r, prev::payer::state, 1) == 0.0);
    CHECK(benefits(r, prev::payer::state, 2) ==
          Approx(1000 * 0.2 * (1 - rr_22_5) * 10000).epsilon(1e-12));
  }
}

TEST_CASE("links and the double-counting rule", "[prevention][evaluate]") {
  // Outcome "a" (state, b_A = 0.3, no cost), "b" (state, b_B = 0.1, 10 000 SEK to
  // the region), link a → b with ρ = 3. Intervention RR 0.5 on a (reach 1):
  // π_A = 0.15, F = (1 + 2·0.15)/(1 + 2·0.3) = 1.3/1.6 = 0.8125.
  // One year; cases of b with the interventions = 1000·p_full.
  auto m = base_model(1);
  m.outcomes = {state_outcome("b", 0.1, prev::payer::region, 10000),
                state_outcome("a", 0.3, prev::payer::region, 0)};  // b listed first on purpose
  m.outcomes[1].costs.clear();
  m.subgroups[0].risk = {value_ref::fixed(1.0), value_ref::fixed(1.0)};
  m.links = {{1, 0, value_ref::fixed(3.0)}};
  const double factor = 1.3 / 1.6;
  auto on_a = make_effect(1, prev::effect_type::relative_risk, 0.5);
  auto on_b = make_effect(0, prev::effect_type::relative_risk, 0.9);

  struct expected {
    prev::double_counting rule;
    bool direct_on_b;
    double p_full, p_dir;
  };
  // Without a direct effect on b, p_dir = 0.1 and every rule gives b·F = 0.08125
  // (via links: 1000·(0.1 − 0.08125)·10 000 = 187 500).
  // With RR 0.9 on b: p_dir = 0.09, b·F = 0.08125;
  //   sum: 0.09·0.8125 = 0.073125, via links 1000·(0.09 − 0.073125)·1e4 = 168 750;
  //   direct: 0.09, via links 0; larger: min(0.09, 0.08125) = 0.08125, via links 87 500.
  const std::vector<expected> cases = {
      {prev::double_counting::sum, false, 0.1 * factor, 0.1},
      {prev::double_counting::direct, false, 0.1 * factor, 0.1},
      {prev::double_counting::larger, false, 0.1 * factor, 0.1},
      {prev::double_counting::sum, true, 0.09 * factor, 0.09},
      {prev::double_counting::direct, true, 0.09, 0.09},
      {prev::double_counting::larger, true, 0.1 * factor, 0.09},
  };
  for (const auto& c : cases) {
    INFO("rule " << static_cast<int>(c.rule) << ", direct effect on b: " << c.direct_on_b);
    m.rule = c.rule;
    m.interventions = {make_intervention(m, "p", 1.0, {on_a})};
    if (c.direct_on_b) m.interventions[0].effects.push_back(on_b);
    const auto r = run(m);
    CHECK(column(r, "outcome.b.cases_averted") == Approx(1000 * (0.1 - c.p_full)).epsilon(1e-12));
    CHECK(column(r, "outcome.a.cases_averted") == Approx(150.0).epsilon(1e-12));
    const double via = 1000 * (c.p_dir - c.p_full) * 10000;
    CHECK(column(r, "outcome.b.pv_benefits_via_links") == Approx(via).epsilon(1e-12).margin(1e-6));
    CHECK(column(r, "outcome.a.pv_benefits_via_links") == 0.0);
    CHECK(column(r, "links.pv_benefits") == Approx(via).epsilon(1e-12).margin(1e-6));
    CHECK(column(r, "outcome.b.pv_benefits") == Approx(1000 * (0.1 - c.p_full) * 10000).epsilon(1e-12));
  }
  SECTION("a chain a → b → c, c listed before b before a") {
    // c: event, rate 0.2, 1000 SEK (region); link b → c with ρ = 2; rule sum, no
    // direct effect on b or c. p_B = 0.1·0.8125 = 0.08125;
    // F_C = (1 + 1·0.08125)/(1 + 1·0.1), rate_C = 0.2·F_C.
    m.rule = prev::double_counting::sum;
    m.outcomes.insert(m.outcomes.begin(), event_outcome("c", 0.2, prev::payer::region, 1000));
    m.subgroups[0].risk = {value_ref::fixed(1.0), value_ref::fixed(1.0), value_ref::fixed(1.0)};
    m.links = {{1, 0, value_ref::fixed(2.0)}, {2, 1, value_ref::fixed(3.0)}};
    m.interventions = {make_intervention(m, "p", 1.0, {make_effect(2, prev::effect_type::relative_risk, 0.5)})};
    const auto r = run(m);
    const double rate_c = 0.2 * (1 + 0.08125) / 1.1;
    CHECK(column(r, "outcome.c.cases_averted") == Approx(1000 * (0.2 - rate_c)).epsilon(1e-12));
    CHECK(column(r, "outcome.c.pv_benefits_via_links") == Approx(1000 * (0.2 - rate_c) * 1000).epsilon(1e-12));
    CHECK(column(r, "links.pv_benefits") ==
          Approx(1000 * (0.2 - rate_c) * 1000 + 1000 * (0.1 - 0.08125) * 10000).epsilon(1e-12));
  }
}

TEST_CASE("double counting 'direct': only where an intervention acts on B for these people",
          "[prevention][evaluate]") {
  // docs/prevention_model.md §5: `direct` takes p_dir if an intervention reaching
  // the cohort acts on B directly in that year (delivered, y ≥ 0), else b·F.
  // (An earlier version used p_dir whenever the model had any effect on B.)
  //
  // Outcomes b (0.1, 10 000 SEK to the region) and a (0.3); link a → b, ρ = 3;
  // rule direct. X: RR 0.5 on a, both cohorts. Y: RR 0.9 on b, second cohort only.
  // Cohort 1 (1000, years 0 and 1): nothing acts on b directly → b·F = 0.1·1.3/1.6
  //   = 0.08125, averted 1000·0.01875·2 = 37.5.
  // Cohort 2 (500, year 1): Y acts → p_dir = 0.09, averted 500·0.01 = 5.
  // Expected 42.5.
  auto m = base_model(2);
  m.cohorts = {{0, value_ref::fixed(1000)}, {1, value_ref::fixed(500)}};
  m.outcomes = {state_outcome("b", 0.1, prev::payer::region, 10000), state_outcome("a", 0.3, prev::payer::region, 0)};
  m.outcomes[1].costs.clear();
  m.subgroups[0].risk = {value_ref::fixed(1.0), value_ref::fixed(1.0)};
  m.links = {{1, 0, value_ref::fixed(3.0)}};
  m.rule = prev::double_counting::direct;
  auto x = make_intervention(m, "x", 1.0, {make_effect(1, prev::effect_type::relative_risk, 0.5)});
  auto y = make_intervention(m, "y", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.9)});
  m.interventions = {x, y};
  // Y on both cohorts: p_dir = 0.09 everywhere, averted 1000·0.01·2 + 500·0.01 = 25.
  CHECK(column(run(m), "outcome.b.cases_averted") == Approx(25.0).epsilon(1e-12));
  m.interventions[1].cohorts = {false, true};
  CHECK(column(run(m), "outcome.b.cases_averted") == Approx(42.5).epsilon(1e-12));
  // Y on both cohorts but delivered one year after entry: before delivery the
  // linked effect counts. Cohort 1: year 0 b·F (18.75), year 1 p_dir (10);
  // cohort 2: year 1 is its entry year, b·F: 500·0.01875 = 9.375. Total 38.125.
  m.interventions[1].cohorts = {true, true};
  m.interventions[1].delivery_offset = 1;
  const auto r = run(m);
  CHECK(column(r, "outcome.b.cases_averted") == Approx(38.125).epsilon(1e-12));
  // Via links: (p_dir − p_full) where the linked value is used: 0.01875 per person.
  CHECK(column(r, "outcome.b.pv_benefits_via_links") == Approx((18.75 + 9.375) * 10000).epsilon(1e-12));
}

TEST_CASE("transfers cancel in society; deadweight in society only", "[prevention][evaluate]") {
  // Per person-year of x: a transfer of 5000 from the municipality to the
  // individual, and 2000 of municipal resources. RR 0.5 on b = 0.2: 100 cases
  // averted a year, 2 years, discount 0. Start-up cost 100 000 (municipality).
  //   municipality: +100·(5000 + 2000)·2 = 1 400 000; individual: −100·5000·2 = −1 000 000;
  //   society: 100·2000·2 = 400 000.
  auto m = base_model(2);
  m.outcomes[0].costs = {
      {"benefit", prev::payer::municipality, prev::payer::individual, prev::cost_kind::transfer,
       value_ref::fixed(5000)},
      resource(prev::payer::municipality, 2000)};
  auto iv = make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5)});
  iv.costs = {{"start", prev::intervention_cost_type::start_up, prev::payer::municipality,
               value_ref::fixed(100000), 0, 0}};
  m.interventions = {iv};
  auto r = run(m);
  CHECK(column(r, "payer.municipality.pv_benefits") == Approx(1.4e6).epsilon(1e-12));
  CHECK(column(r, "payer.individual.pv_benefits") == Approx(-1.0e6).epsilon(1e-12));
  CHECK(column(r, "outcome.x.municipality.pv_benefits") == Approx(1.4e6).epsilon(1e-12));
  CHECK(column(r, "outcome.x.individual.pv_benefits") == Approx(-1.0e6).epsilon(1e-12));
  CHECK(column(r, "outcome.x.pv_benefits") == Approx(4.0e5).epsilon(1e-12));
  CHECK(column(r, "society.pv_benefits") == Approx(4.0e5).epsilon(1e-12));
  CHECK(column(r, "municipality.pv_benefits") == Approx(1.4e6).epsilon(1e-12));
  CHECK(column(r, "public_sector.pv_benefits") == Approx(1.4e6).epsilon(1e-12));
  CHECK(column(r, "society.pv_costs") == Approx(1.0e5).epsilon(1e-12));
  CHECK(column(r, "society.npv") == Approx(3.0e5).epsilon(1e-12));

  SECTION("a pure transfer is worth zero to society") {
    m.outcomes[0].costs.pop_back();
    const auto r0 = run(m);
    CHECK(column(r0, "society.pv_benefits") == Approx(0.0).margin(1e-6));
    CHECK(column(r0, "outcome.x.pv_benefits") == Approx(0.0).margin(1e-6));
    CHECK(column(r0, "payer.individual.pv_benefits") == Approx(-1.0e6).epsilon(1e-12));
  }
  SECTION("deadweight 0.5: society adds 0.5 × public-sector costs and benefits") {
    // society benefits 400 000 + 0.5·1 400 000 = 1 100 000; costs 100 000 + 0.5·100 000.
    m.deadweight = value_ref::fixed(0.5);
    r = run(m);
    CHECK(column(r, "society.pv_benefits") == Approx(1.1e6).epsilon(1e-12));
    CHECK(column(r, "society.pv_costs") == Approx(1.5e5).epsilon(1e-12));
    CHECK(column(r, "public_sector.pv_benefits") == Approx(1.4e6).epsilon(1e-12));
    CHECK(column(r, "public_sector.pv_costs") == Approx(1.0e5).epsilon(1e-12));
    CHECK(column(r, "municipality.pv_costs") == Approx(1.0e5).epsilon(1e-12));
    CHECK(column(r, "payer.municipality.pv_benefits") == Approx(1.4e6).epsilon(1e-12));
    // Per outcome, society is without deadweight.
    CHECK(column(r, "outcome.x.pv_benefits") == Approx(4.0e5).epsilon(1e-12));
    // Yearly flows: year 0 society costs 150 000, benefits 550 000.
    CHECK(r.mean_flows(14, 0) == Approx(1.5e5).epsilon(1e-12));
    CHECK(r.mean_flows(15, 0) == Approx(5.5e5).epsilon(1e-12));
  }
}

TEST_CASE("out-migration scales only the municipality", "[prevention][evaluate]") {
  // μ = 0.1: R(τ) = 0.9^τ. Per case 1000 (municipality) + 2000 (region); 100 cases
  // averted a year, 3 years. The municipality (its payer column and its
  // perspective) counts its residents: 100·1000·(1 + 0.9 + 0.81) = 271 000;
  // region: 100·2000·3 = 600 000. The public-sector and societal perspectives
  // also count what other municipalities bear for people who moved away:
  // 100·3000·3 = 900 000. The municipality's intervention cost (per participant,
  // 10 × 1000 in year 0) is not scaled.
  auto m = base_model(3);
  m.outcomes[0].costs = {resource(prev::payer::municipality, 1000), resource(prev::payer::region, 2000)};
  m.out_migration = value_ref::fixed(0.1);
  auto iv = make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5)});
  iv.costs = {{"pp", prev::intervention_cost_type::per_participant, prev::payer::municipality,
               value_ref::fixed(10), 0, 0}};
  m.interventions = {iv};
  auto r = run(m);
  CHECK(column(r, "payer.municipality.pv_benefits") == Approx(271000.0).epsilon(1e-12));
  CHECK(column(r, "municipality.pv_benefits") == Approx(271000.0).epsilon(1e-12));
  CHECK(column(r, "outcome.x.municipality.pv_benefits") == Approx(271000.0).epsilon(1e-12));
  CHECK(column(r, "payer.region.pv_benefits") == Approx(600000.0).epsilon(1e-12));
  CHECK(column(r, "public_sector.pv_benefits") == Approx(900000.0).epsilon(1e-12));
  CHECK(column(r, "society.pv_benefits") == Approx(900000.0).epsilon(1e-12));
  CHECK(column(r, "outcome.x.pv_benefits") == Approx(900000.0).epsilon(1e-12));
  CHECK(column(r, "outcome.x.cases_averted") == Approx(300.0).epsilon(1e-12));  // not scaled
  CHECK(column(r, "municipality.pv_costs") == Approx(10000.0).epsilon(1e-12));
  CHECK(benefits(r, prev::payer::municipality, 2) == Approx(81000.0).epsilon(1e-12));
  CHECK(benefits(r, prev::payer::region, 2) == Approx(200000.0).epsilon(1e-12));
  CHECK(r.mean_flows(11, 2) == Approx(81000.0).epsilon(1e-12));    // municipality perspective
  CHECK(r.mean_flows(15, 2) == Approx(300000.0).epsilon(1e-12));   // society

  SECTION("a transfer from the municipality still cancels in society") {
    // 5000 from the municipality to the individual per case, nothing else:
    // municipality 100·5000·2.71 = 1 355 000; individual −100·5000·3 = −1 500 000;
    // society 0.
    m.outcomes[0].costs = {{"benefit", prev::payer::municipality, prev::payer::individual,
                            prev::cost_kind::transfer, value_ref::fixed(5000)}};
    r = run(m);
    CHECK(column(r, "payer.municipality.pv_benefits") == Approx(1355000.0).epsilon(1e-12));
    CHECK(column(r, "payer.individual.pv_benefits") == Approx(-1500000.0).epsilon(1e-12));
    CHECK(column(r, "society.pv_benefits") == Approx(0.0).margin(1e-6));
    CHECK(column(r, "outcome.x.pv_benefits") == Approx(0.0).margin(1e-6));
  }
}

TEST_CASE("excess mortality and the life table", "[prevention][evaluate]") {
  // Start age 2; life table q_f = {0, 0, 0.1, 0.2}, q_m = {0, 0, 0.3, 0.4} (age 4
  // and beyond repeat the last). Sex "both" with male share 0.25:
  //   q(2) = 0.25·0.3 + 0.75·0.1 = 0.15, q(3) = q(4) = 0.25·0.4 + 0.75·0.2 = 0.25.
  // State x: b = 0.2, HR 2; RR 0.5 (reach 1) → 0.1 with the programme.
  //   without: q_arm = q·(1 + 1·0.2) = 1.2q; with: q·(1 + 0.1) = 1.1q.
  //   A_without = 1, 1 − 0.18 = 0.82, 0.82·(1 − 0.3) = 0.574
  //   A_with    = 1, 1 − 0.165 = 0.835, 0.835·(1 − 0.275) = 0.605375
  //   cases without 1000·0.2·(1 + 0.82 + 0.574) = 478.8;
  //   with 1000·0.1·(1 + 0.835 + 0.605375) = 244.0375; averted 234.7625.
  auto m = base_model(3);
  m.start_age = 2;
  m.death_female = {0, 0, 0.1, 0.2};
  m.death_male = {0, 0, 0.3, 0.4};
  m.male_share = value_ref::fixed(0.25);
  m.outcomes[0].excess_mortality = value_ref::fixed(2.0);
  m.interventions = {make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5)})};
  auto r = run(m);
  CHECK(column(r, "outcome.x.cases_averted") == Approx(234.7625).epsilon(1e-12));
  CHECK(benefits(r, prev::payer::state, 2) == Approx((0.2 * 574 - 0.1 * 605.375) * 10000).epsilon(1e-12));

  SECTION("a female and a male subgroup, no excess mortality") {
    // Female (share 0.4): A = 1, 0.9, 0.72; male (share 0.6): A = 1, 0.7, 0.42.
    // Averted 0.1 per person alive: 1000·0.1·(0.4·2.62 + 0.6·2.12) = 232.0.
    m.outcomes[0].excess_mortality = value_ref::fixed(1.0);
    prev::subgroup f, male;
    f.name = "f";
    f.sex = prev::sex::female;
    f.share = value_ref::fixed(0.4);
    f.risk = {value_ref::fixed(1.0)};
    male = f;
    male.name = "m";
    male.sex = prev::sex::male;
    male.share = value_ref::fixed(0.6);
    m.subgroups = {f, male};
    m.interventions = {make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5)})};
    r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == Approx(232.0).epsilon(1e-12));
  }
  SECTION("end_age stops following: end age 4 keeps ages 2 and 3") {
    m.end_age = 4;
    r = run(m);
    // averted = 1000·(0.2·(1 + 0.82) − 0.1·(1 + 0.835)) = 180.5
    CHECK(column(r, "outcome.x.cases_averted") == Approx(180.5).epsilon(1e-12));
    CHECK(benefits(r, prev::payer::state, 2) == 0.0);
  }
}

TEST_CASE("cohorts entering in successive years, delivery offset, per-participant costs",
          "[prevention][evaluate]") {
  // Cohort 1: 1000 entering in year 0; cohort 2: 500 in year 1; start age 20, end
  // age 23 (ages 20, 21, 22), horizon 4. Delivery at age 21 (offset 1), reach 0.8,
  // RR 0.5 on b = 0.2: 0.08 cases averted per member and year from delivery on.
  //   cohort 1: years 1, 2 (ages 21, 22); cohort 2: years 2, 3.
  //   averted: year 0: 0; year 1: 80; year 2: 80 + 40 = 120; year 3: 40. Total 240.
  // Per participant 100 SEK (municipality): year 1: 800·100 = 80 000; year 2: 400·100.
  auto m = base_model(4);
  m.end_age = 23;
  m.cohorts = {{0, value_ref::fixed(1000)}, {1, value_ref::fixed(500)}};
  auto iv = make_intervention(m, "p", 0.8, {make_effect(0, prev::effect_type::relative_risk, 0.5)});
  iv.delivery_offset = 1;
  iv.costs = {{"pp", prev::intervention_cost_type::per_participant, prev::payer::municipality,
               value_ref::fixed(100), 0, 0}};
  m.interventions = {iv};
  auto r = run(m);
  const std::vector<double> averted = {0, 80, 120, 40};
  for (Eigen::Index t = 0; t < 4; ++t) {
    INFO("year " << t);
    CHECK(benefits(r, prev::payer::state, t) ==
          Approx(averted[static_cast<std::size_t>(t)] * 10000).epsilon(1e-12).margin(1e-6));
  }
  CHECK(costs(r, prev::payer::municipality, 0) == 0.0);
  CHECK(costs(r, prev::payer::municipality, 1) == Approx(80000.0).epsilon(1e-12));
  CHECK(costs(r, prev::payer::municipality, 2) == Approx(40000.0).epsilon(1e-12));
  CHECK(costs(r, prev::payer::municipality, 3) == 0.0);
  CHECK(column(r, "outcome.x.cases_averted") == Approx(240.0).epsilon(1e-12));
  CHECK(column(r, "participants") == Approx(1200.0).epsilon(1e-12));
  CHECK(column(r, "cohort_members") == 1500.0);
  CHECK(column(r, "intervention.p.pv_costs") == Approx(120000.0).epsilon(1e-12));

  SECTION("discounted: each cohort's years at their own calendar discount factor") {
    // Money and effects at 10 %, timing start: year t weighs 1.1^−t.
    m.money_discount = prevsim::cohort::discount_schedule::constant(0.1);
    m.effects_discount = prevsim::cohort::discount_schedule::constant(0.1);
    r = run(m);
    const double cases = 80 / 1.1 + 120 / std::pow(1.1, 2) + 40 / std::pow(1.1, 3);
    CHECK(column(r, "outcome.x.cases_averted_discounted") == Approx(cases).epsilon(1e-12));
    CHECK(column(r, "society.pv_benefits") == Approx(cases * 10000).epsilon(1e-12));
    CHECK(column(r, "society.pv_costs") == Approx(80000 / 1.1 + 40000 / std::pow(1.1, 2)).epsilon(1e-12));
  }
  SECTION("the horizon cuts the second cohort short") {
    // Horizon 3: cohort 2 is followed in years 1 and 2 only; averted 0, 80, 120.
    m.horizon = 3;
    r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == Approx(200.0).epsilon(1e-12));
    CHECK(benefits(r, prev::payer::state, 2) == Approx(120 * 10000.0).epsilon(1e-12));
    CHECK(costs(r, prev::payer::municipality, 2) == Approx(40000.0).epsilon(1e-12));
  }
  SECTION("only the second cohort receives it") {
    m.interventions[0].cohorts = {false, true};
    r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == Approx(80.0).epsilon(1e-12));
    CHECK(column(r, "participants") == Approx(400.0).epsilon(1e-12));
    CHECK(costs(r, prev::payer::municipality, 1) == 0.0);
    CHECK(costs(r, prev::payer::municipality, 2) == Approx(40000.0).epsilon(1e-12));
  }
  SECTION("participants are the largest programme's: max over interventions, per subgroup") {
    // A second programme with reach 0.5 on both cohorts: participants stay 1200.
    auto second = make_intervention(m, "q", 0.5, {});
    m.interventions.push_back(second);
    r = run(m);
    CHECK(column(r, "participants") == Approx(1200.0).epsilon(1e-12));
  }
}

TEST_CASE("intervention costs fall in the right years", "[prevention][evaluate]") {
  // Horizon 4. start_up 1000 in year 1 (municipality); per_year 100 in years 0..2
  // (region); per_year 7 in years 2..10, cut at the horizon (years 2, 3; others);
  // per_participant 10 × 1000·0.5 = 5000 in year 0 (state).
  auto m = base_model(4);
  auto iv = make_intervention(m, "p", 0.5, {});
  iv.costs = {
      {"start", prev::intervention_cost_type::start_up, prev::payer::municipality, value_ref::fixed(1000), 1, 1},
      {"yearly", prev::intervention_cost_type::per_year, prev::payer::region, value_ref::fixed(100), 0, 2},
      {"long", prev::intervention_cost_type::per_year, prev::payer::others, value_ref::fixed(7), 2, 10},
      {"pp", prev::intervention_cost_type::per_participant, prev::payer::state, value_ref::fixed(10), 0, 0}};
  m.interventions = {iv};
  m.money_discount = prevsim::cohort::discount_schedule::constant(0.1);
  m.timing = 1.0;
  const auto r = run(m);
  const std::vector<std::vector<double>> expected = {
      {0, 1000, 0, 0}, {100, 100, 100, 0}, {5000, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 7, 7}};
  for (std::size_t k = 0; k < 5; ++k) {
    for (std::size_t t = 0; t < 4; ++t) {
      INFO("payer " << k << ", year " << t);
      CHECK(costs(r, static_cast<prev::payer>(k), static_cast<Eigen::Index>(t)) == expected[k][t]);
    }
  }
  // Timing end: year t is discounted by 1.1^−(t + 1).
  const double pv = 5100 / 1.1 + 1100 / std::pow(1.1, 2) + 107 / std::pow(1.1, 3) + 7 / std::pow(1.1, 4);
  CHECK(column(r, "intervention.p.pv_costs") == Approx(pv).epsilon(1e-12));
  CHECK(column(r, "society.pv_costs") == Approx(pv).epsilon(1e-12));
  CHECK(column(r, "public_sector.pv_costs") == Approx(pv - 7 / std::pow(1.1, 3) - 7 / std::pow(1.1, 4)).epsilon(1e-12));
  CHECK(column(r, "payer.region.pv_costs") ==
        Approx(100 / 1.1 + 100 / std::pow(1.1, 2) + 100 / std::pow(1.1, 3)).epsilon(1e-12));
}

TEST_CASE("discounting: timing start, mid, end; a stepped schedule; effects discount",
          "[prevention][evaluate]") {
  // 200 000 SEK avoided each year for 10 years (as in the first test).
  auto m = one_outcome_model(10);
  const double ordinary = 200000.0 * (1 - std::pow(1.03, -10)) / 0.03;
  SECTION("end: ordinary annuity") {
    m.timing = 1.0;
    CHECK(column(run(m), "society.pv_benefits") == Approx(ordinary).epsilon(1e-12));
  }
  SECTION("mid: ordinary annuity × 1.03^0.5") {
    m.timing = 0.5;
    const auto r = run(m);
    CHECK(column(r, "society.pv_benefits") == Approx(ordinary * std::sqrt(1.03)).epsilon(1e-12));
    CHECK(column(r, "society.pv_costs") == Approx(500000 / std::sqrt(1.03)).epsilon(1e-12));
  }
  SECTION("stepped: 5 % for years [0, 3), then 2 %, timing end") {
    // D(x) = 1.05^−x for x ≤ 3, 1.05^−3·1.02^−(x − 3) beyond; year t at x = t + 1.
    m.timing = 1.0;
    m.money_discount = prevsim::cohort::discount_schedule::stepped({0, 3}, {0.05, 0.02});
    double pv = 0;
    for (int t = 0; t < 10; ++t) {
      const double x = t + 1;
      pv += 200000 * (x <= 3 ? std::pow(1.05, -x) : std::pow(1.05, -3) * std::pow(1.02, -(x - 3)));
    }
    const auto r = run(m);
    CHECK(column(r, "society.pv_benefits") == Approx(pv).epsilon(1e-12));
    // The payback curve uses the same factors: year 0 net (200 000 − 500 000)/1.05.
    CHECK(r.paths(0, 2 * 10 + 0) == Approx(-300000 / 1.05).epsilon(1e-6));
  }
  SECTION("cases averted: undiscounted, and discounted with the effects schedule") {
    // 20 cases a year; effects discounted at 1.5 %, timing start: annuity due.
    m.effects_discount = prevsim::cohort::discount_schedule::constant(0.015);
    const auto r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == Approx(200.0).epsilon(1e-12));
    CHECK(column(r, "outcome.x.cases_averted_discounted") ==
          Approx(20 * (1 - std::pow(1.015, -10)) / 0.015 * 1.015).epsilon(1e-12));
    // Money still at 3 %.
    CHECK(column(r, "society.pv_benefits") == Approx(ordinary * 1.03).epsilon(1e-12));
  }
}

namespace {

/// A cohort of one person at 20, outcome x (state, cost @p unit per case to the
/// municipality) with prevalence b_t at age 20 + t given by @p prevalence, RR 0.5
/// on everyone: the avoided cost in year t is b_t·0.5·unit. Start-up costs by year.
prev::model cash_flow_model(const std::vector<double>& prevalence, double unit,
                            const std::vector<double>& start_up, double rate) {
  auto m = base_model(static_cast<int>(prevalence.size()));
  m.cohorts = {{0, value_ref::fixed(1)}};
  m.outcomes[0].costs = {resource(prev::payer::municipality, unit)};
  m.outcomes[0].baseline.clear();
  for (std::size_t t = 0; t < prevalence.size(); ++t) {
    const double age = 20.0 + static_cast<double>(t);
    if (prevalence[t] > 0) m.outcomes[0].baseline.push_back({age, age, value_ref::fixed(prevalence[t])});
  }
  auto iv = make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::relative_risk, 0.5)});
  for (std::size_t t = 0; t < start_up.size(); ++t) {
    if (start_up[t] > 0) {
      iv.costs.push_back({"start " + std::to_string(t), prev::intervention_cost_type::start_up,
                          prev::payer::municipality, value_ref::fixed(start_up[t]), static_cast<int>(t),
                          static_cast<int>(t)});
    }
  }
  m.interventions = {iv};
  m.money_discount = prevsim::cohort::discount_schedule::constant(rate);
  m.timing = 0.0;
  return m;
}

}  // namespace

TEST_CASE("payback year, BCR, ROI and IRR on hand-built cash flows", "[prevention][evaluate]") {
  SECTION("the worked example of economic_metrics.md") {
    // r = 10 %, τ = 0, costs 100, 50, 0, 0; benefits 0, 55, 60.5, 66.55
    // (b = 0.55, 0.605, 0.6655 at ages 21–23, unit 200: b·0.5·200 = 100·b).
    // PV(c) = 100 + 50/1.1 = 145.4545…; PV(b) = 50 + 50 + 50 = 150; NPV = 4.5454…;
    // BCR = 1.03125; ROI = 0.03125; N_t = −100, −95.45, −45.45, +4.55 → payback 3.
    const auto r = run(cash_flow_model({0, 0.55, 0.605, 0.6655}, 200, {100, 50}, 0.1));
    for (const std::string p : {"municipality", "public_sector", "society"}) {
      INFO(p);
      CHECK(column(r, p + ".pv_costs") == Approx(100 + 50 / 1.1).epsilon(1e-12));
      CHECK(column(r, p + ".pv_benefits") == Approx(150.0).epsilon(1e-12));
      CHECK(column(r, p + ".npv") == Approx(150 - 100 - 50 / 1.1).epsilon(1e-10));
      CHECK(column(r, p + ".bcr") == Approx(1.03125).epsilon(1e-12));
      CHECK(column(r, p + ".roi") == Approx(0.03125).epsilon(1e-10));
      CHECK(column(r, p + ".payback_year") == 3.0);
    }
    const std::vector<double> path = {-100, -100 + 5 / 1.1, -100 + 5 / 1.1 + 50, 150 - 100 - 50 / 1.1};
    for (Eigen::Index t = 0; t < 4; ++t) {
      CHECK(r.paths(0, 2 * 4 + t) == Approx(path[static_cast<std::size_t>(t)]).epsilon(1e-6));
    }
    // Net flow −100, 5, 60.5, 66.55: one sign change; NPV at 10 % is +4.55 > 0, so
    // the IRR is above 10 %; check that it zeroes the NPV.
    const double irr = column(r, "society.irr");
    CHECK(irr > 0.1);
    const double x = 1 / (1 + irr);
    CHECK(-100 + 5 * x + 60.5 * x * x + 66.55 * x * x * x == Approx(0.0).margin(1e-9));
  }
  SECTION("IRR of −100, 60, 60 from the quadratic formula") {
    // −100 + 60x + 60x² = 0 → x = (−60 + √(3600 + 24000))/120, IRR = 1/x − 1 = 0.130662…
    const auto r = run(cash_flow_model({0, 0.6, 0.6}, 200, {100}, 0.03));
    const double x = (-60 + std::sqrt(27600.0)) / 120;
    CHECK(column(r, "society.irr") == Approx(1 / x - 1).epsilon(1e-12));
    CHECK(column(r, "society.irr") == Approx(0.1306623862918075).epsilon(1e-9));
    // Cumulative at 3 %: −100, −100 + 60/1.03 < 0, + 60/1.03² > 0 → payback 2.
    CHECK(column(r, "society.payback_year") == 2.0);
  }
  SECTION("−100, +90: IRR −10 %, never paid back") {
    const auto r = run(cash_flow_model({0, 0.9}, 200, {100}, 0.1));
    CHECK(column(r, "society.irr") == Approx(-0.1).epsilon(1e-12));
    CHECK(std::isnan(column(r, "society.payback_year")));
    CHECK(column(r, "society.bcr") == Approx(90 / 1.1 / 100).epsilon(1e-12));
  }
  SECTION("−100, +230, −132: two sign changes, no IRR; paid back in year 1") {
    // b = 0.5 at 21 with unit 920: 0.5·0.5·920 = 230.
    const auto r = run(cash_flow_model({0, 0.5, 0}, 920, {100, 0, 132}, 0.0));
    CHECK(std::isnan(column(r, "society.irr")));
    CHECK(column(r, "society.payback_year") == 1.0);  // first crossing, even though N_2 = −2 < 0
    CHECK(column(r, "society.npv") == Approx(-2.0).epsilon(1e-12));
  }
  SECTION("no intervention costs: BCR and ROI absent; payback in year 0") {
    const auto r = run(cash_flow_model({0.4, 0.4}, 200, {}, 0.0));
    CHECK(std::isnan(column(r, "society.bcr")));
    CHECK(std::isnan(column(r, "society.roi")));
    CHECK(std::isnan(column(r, "society.irr")));  // no sign change
    CHECK(column(r, "society.payback_year") == 0.0);
    CHECK(column(r, "society.pv_benefits") == Approx(80.0).epsilon(1e-12));
  }
}

namespace {

/// A model whose inputs come from parameter columns (see the determinism test).
prev::model uncertain_model() {
  prev::model m;
  m.horizon = 30;
  m.start_age = 10;
  m.end_age = 35;
  m.cohorts = {{0, value_ref::parameter(4)}, {2, value_ref::parameter(4)}};
  prev::subgroup a, b;
  a.name = "a";
  a.share = value_ref::fixed(0.7);
  a.risk = {value_ref::fixed(1.0), value_ref::fixed(1.0)};
  b.name = "b";
  b.share = value_ref::fixed(0.3);
  b.sex = prev::sex::male;
  b.risk = {value_ref::fixed(2.0), value_ref::fixed(1.5)};
  m.subgroups = {a, b};
  prev::outcome s = state_outcome("s", 0.0, prev::payer::municipality, 0);
  s.baseline = {{12, 30, value_ref::parameter(0)}};
  s.costs = {{"care", prev::payer::municipality, prev::payer::individual, prev::cost_kind::resource,
              value_ref::parameter(3, 1.1)},
             {"allowance", prev::payer::state, prev::payer::individual, prev::cost_kind::transfer,
              value_ref::fixed(3000)}};
  s.excess_mortality = value_ref::parameter(6);
  prev::outcome e = event_outcome("e", 0.1, prev::payer::region, 20000);
  m.outcomes = {s, e};
  m.links = {{0, 1, value_ref::fixed(2.5)}};
  m.rule = prev::double_counting::larger;
  prev::effect on_s;
  on_s.outcome = 0;
  on_s.type = prev::effect_type::relative_risk;
  on_s.value = value_ref::parameter(1);
  on_s.trajectory.kind = prev::trajectory_kind::exponential;
  on_s.trajectory.ramp_up = value_ref::fixed(1);
  on_s.trajectory.duration = value_ref::fixed(2);
  on_s.trajectory.half_life = value_ref::parameter(8);
  prev::intervention iv;
  iv.name = "p";
  iv.cohorts = {true, true};
  iv.delivery_offset = 1;
  iv.reach = {value_ref::parameter(2), value_ref::parameter(2)};
  iv.costs = {{"pp", prev::intervention_cost_type::per_participant, prev::payer::municipality,
               value_ref::fixed(20000), 0, 0}};
  iv.effects = {on_s, make_effect(1, prev::effect_type::d_cox, -0.1)};
  m.interventions = {iv};
  m.death_female = {0.001, 0.002, 0.01};
  m.death_male = {0.002, 0.004, 0.02};
  m.out_migration = value_ref::parameter(5);
  m.deadweight = value_ref::parameter(7);
  m.money_discount = prevsim::cohort::discount_schedule::constant(0.03);
  m.effects_discount = prevsim::cohort::discount_schedule::constant(0.015);
  m.timing = 0.5;
  return m;
}

rows_t uncertain_rows(Eigen::Index draws) {
  // Columns: 0 prevalence, 1 RR, 2 reach, 3 cost, 4 cohort size, 5 out-migration,
  // 6 HR, 7 deadweight, 8 half-life.
  const std::vector<std::pair<double, double>> ranges = {
      {0.05, 0.3}, {0.5, 1.0}, {0.3, 1.0}, {5000, 15000}, {500, 1500},
      {0.0, 0.05}, {1.0, 3.0}, {0.0, 0.5}, {1.0, 10.0}};
  std::mt19937_64 engine(20240611);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  rows_t rows(draws, static_cast<Eigen::Index>(ranges.size()));
  for (Eigen::Index d = 0; d < draws; ++d) {
    for (std::size_t j = 0; j < ranges.size(); ++j) {
      rows(d, static_cast<Eigen::Index>(j)) =
          ranges[j].first + (ranges[j].second - ranges[j].first) * unit(engine);
    }
  }
  return rows;
}

template <typename M>
bool same_bits(const M& a, const M& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(typename M::Scalar)) == 0;
}

}  // namespace

TEST_CASE("evaluate_draws is bit-identical for 1 and 2 threads", "[prevention][evaluate]") {
  const prev::evaluator ev(uncertain_model(), 9);
  const rows_t rows = uncertain_rows(1000);  // 4 chunks of 256 draws
  const auto one = ev.evaluate_draws(rows, 1);
  const auto two = ev.evaluate_draws(rows, 2);
  const auto all = ev.evaluate_draws(rows, 0);
  CHECK(same_bits(one.values, two.values));
  CHECK(same_bits(one.paths, two.paths));
  CHECK(same_bits(one.mean_flows, two.mean_flows));
  CHECK(same_bits(one.values, all.values));
  CHECK(same_bits(one.mean_flows, all.mean_flows));
  // The draws differ from each other (the inputs matter) and are finite.
  CHECK(column(one, "society.npv", 0) != column(one, "society.npv", 1));
  CHECK(std::isfinite(column(one, "society.npv", 999)));
  // Draw d depends on row d only: evaluated alone it gives the same bits.
  for (const Eigen::Index d : {Eigen::Index{0}, Eigen::Index{257}, Eigen::Index{999}}) {
    const rows_t alone = rows.middleRows(d, 1);
    const auto r = ev.evaluate_draws(alone, 1);
    REQUIRE(r.values.cols() == one.values.cols());
    bool same = true;
    for (Eigen::Index j = 0; j < r.values.cols(); ++j) {
      same = same && std::memcmp(&r.values(0, j), &one.values(d, j), sizeof(double)) == 0;
    }
    CHECK(same);
  }
  // mean_flows is the mean of each draw's flows: the mean society benefits of
  // year 5 equal the mean over draws of (path difference)/D(5.5) within float.
  double mean_flow = 0;
  for (Eigen::Index d = 0; d < rows.rows(); ++d) {
    mean_flow += (static_cast<double>(one.paths(d, 2 * 30 + 5)) - static_cast<double>(one.paths(d, 2 * 30 + 4))) *
                 std::pow(1.03, 5.5);
  }
  mean_flow /= static_cast<double>(rows.rows());
  CHECK(one.mean_flows(15, 5) - one.mean_flows(14, 5) == Approx(mean_flow).epsilon(1e-4));
}

TEST_CASE("flow chunk sums: a run evaluated in pieces adds up to the same bits",
          "[prevention][evaluate]") {
  const prev::evaluator ev(uncertain_model(), 9);
  const rows_t rows = uncertain_rows(1000);  // chunks of 256: 256, 256, 256, 232
  const auto whole = ev.evaluate_draws(rows, 2);
  REQUIRE(whole.flow_chunk_sums.cols() == 4);
  REQUIRE(whole.flow_chunk_sums.rows() == whole.mean_flows.size());
  // Column k is the sum over the draws of chunk k: chunk 3 evaluated alone
  // (232 draws, one chunk) gives the same sums, bit for bit.
  const rows_t last = rows.middleRows(768, 232);
  const auto tail = ev.evaluate_draws(last, 1, 768);
  REQUIRE(tail.flow_chunk_sums.cols() == 1);
  CHECK(std::memcmp(tail.flow_chunk_sums.data(), whole.flow_chunk_sums.col(3).data(),
                    static_cast<std::size_t>(tail.flow_chunk_sums.size()) * sizeof(double)) == 0);
  // Pieces of 512 and 488 draws: their chunk sums, concatenated and added in
  // order, then divided by the draws, are mean_flows of the whole run.
  const auto a = ev.evaluate_draws(rows.topRows(512), 1, 0);
  const auto b = ev.evaluate_draws(rows.bottomRows(488), 2, 512);
  REQUIRE(a.flow_chunk_sums.cols() + b.flow_chunk_sums.cols() == 4);
  Eigen::VectorXd total = Eigen::VectorXd::Zero(whole.flow_chunk_sums.rows());
  for (Eigen::Index k = 0; k < a.flow_chunk_sums.cols(); ++k) total += a.flow_chunk_sums.col(k);
  for (Eigen::Index k = 0; k < b.flow_chunk_sums.cols(); ++k) total += b.flow_chunk_sums.col(k);
  total /= 1000.0;
  const auto flow_rows = whole.mean_flows.rows();
  bool same = true;
  for (Eigen::Index t = 0; t < whole.mean_flows.cols(); ++t) {
    for (Eigen::Index r = 0; r < flow_rows; ++r) {
      same = same && std::memcmp(&total[t * flow_rows + r], &whole.mean_flows(r, t), sizeof(double)) == 0;
    }
  }
  CHECK(same);
  // And a plain sum of chunk means would not be guaranteed to: the pieces'
  // own mean_flows are means over 512 and 488 draws.
  CHECK(a.mean_flows(15, 5) * 512 + b.mean_flows(15, 5) * 488 ==
        Approx(whole.mean_flows(15, 5) * 1000).epsilon(1e-12));
  // No draws: no chunks.
  CHECK(ev.evaluate_draws(rows.topRows(0), 1).flow_chunk_sums.cols() == 0);
}

TEST_CASE("uncertain inputs: each draw against its closed form", "[prevention][evaluate]") {
  // The first test's model with RR from column 0 and the cost from column 1 in
  // another price year (factor 1.1): society PV = 1000·0.2·(1 − RR_d)·1.1·cost_d·ä,
  // ä = (1 − 1.03^−10)/0.03·1.03.
  auto m = one_outcome_model(10);
  m.interventions[0].effects[0].value = value_ref::parameter(0);
  m.outcomes[0].costs[0].amount = value_ref::parameter(1, 1.1);
  const prev::evaluator ev(m, 2);
  rows_t rows(300, 2);
  for (Eigen::Index d = 0; d < 300; ++d) {
    rows(d, 0) = 0.5 + 0.001 * static_cast<double>(d);
    rows(d, 1) = 8000 + 10 * static_cast<double>(d);
  }
  const auto r = ev.evaluate_draws(rows, 2);
  const double annuity_due = (1 - std::pow(1.03, -10)) / 0.03 * 1.03;
  for (const Eigen::Index d : {Eigen::Index{0}, Eigen::Index{150}, Eigen::Index{299}}) {
    const double expected = 1000 * 0.2 * (1 - rows(d, 0)) * 1.1 * rows(d, 1) * annuity_due;
    CHECK(column(r, "society.pv_benefits", d) == Approx(expected).epsilon(1e-12));
  }
  // Mean flows: society benefits in year 0 averaged over draws.
  double mean0 = 0;
  for (Eigen::Index d = 0; d < 300; ++d) mean0 += 1000 * 0.2 * (1 - rows(d, 0)) * 1.1 * rows(d, 1);
  CHECK(r.mean_flows(15, 0) == Approx(mean0 / 300).epsilon(1e-12));
}

TEST_CASE("draw errors name the draw, outcome, subgroup and age; the lowest draw wins",
          "[prevention][evaluate]") {
  // Prevalence 0.3 at ages ≤ 22, then the band value of column 0 (0.3 normally);
  // subgroup "high" has risk 2 (column 1). In draws 300 and 700 column 0 is 0.6:
  // 0.6 × 2 = 1.2 > 1 at age 23.
  auto m = base_model(6);
  m.outcomes[0].baseline = {{0, 22, value_ref::fixed(0.3)}, {23, 150, value_ref::parameter(0)}};
  prev::subgroup low, high;
  low.name = "low";
  low.share = value_ref::fixed(0.5);
  low.risk = {value_ref::fixed(1.0)};
  high.name = "high";
  high.share = value_ref::fixed(0.5);
  high.risk = {value_ref::parameter(1)};
  m.subgroups = {low, high};
  const prev::evaluator ev(m, 2);
  rows_t rows(1000, 2);
  rows.col(0).setConstant(0.3);
  rows.col(1).setConstant(2.0);
  rows(700, 0) = 0.6;
  rows(300, 0) = 0.6;
  for (const int threads : {1, 2}) {
    INFO("threads " << threads);
    try {
      (void)ev.evaluate_draws(rows, threads);
      FAIL("no draw_error");
    } catch (const prev::draw_error& e) {
      const std::string what = e.what();
      CHECK_THAT(what, StartsWith("draw 300: "));
      CHECK_THAT(what, Contains("outcome 'x'"));
      CHECK_THAT(what, Contains("subgroup 'high'"));
      CHECK_THAT(what, Contains("age 23"));
      CHECK_THAT(what, Contains("1.2"));
    }
  }
  // Draw numbers start at first_draw.
  CHECK_THROWS_WITH(ev.evaluate_draws(rows, 2, 5000), StartsWith("draw 5300: "));
  // Only draw 700 fails.
  rows(300, 0) = 0.3;
  CHECK_THROWS_AS(ev.evaluate_draws(rows, 2), prev::draw_error);
  CHECK_THROWS_WITH(ev.evaluate_draws(rows, 2), StartsWith("draw 700: ") && Contains("subgroup 'high'"));
  // Subgroup shares not summing to 1 in a draw.
  m.subgroups[1].share = value_ref::parameter(0);
  const prev::evaluator ev2(m, 2);
  // Column 0 is now also the band value from age 23: 0.5 × risk 2 = 1, allowed.
  rows.col(0).setConstant(0.5);
  rows(12, 0) = 0.4;  // shares 0.5 + 0.4
  CHECK_THROWS_WITH(ev2.evaluate_draws(rows, 2), StartsWith("draw 12: ") && Contains("sum to 0.9"));
}

TEST_CASE("edge values of b and effects that leave [0, 1]", "[prevention][evaluate]") {
  auto m = base_model(2);
  SECTION("b = 1 on the odds scale and b = 0 are left unchanged") {
    // Prevalence 1 at age 20, 0 at age 21 (no band): nothing to avert either year.
    m.outcomes[0].baseline = {{20, 20, value_ref::fixed(1.0)}};
    m.interventions = {make_intervention(m, "p", 1.0, {make_effect(0, prev::effect_type::odds_ratio, 0.5)})};
    const auto r = run(m);
    CHECK(column(r, "outcome.x.cases_averted") == 0.0);
  }
  SECTION("a relative risk taking a participant above 1 is a draw error") {
    // b = 0.8, RR 1.5 → 1.2.
    m.outcomes[0].baseline = {{0, 150, value_ref::fixed(0.8)}};
    m.interventions = {make_intervention(m, "p", 0.5, {make_effect(0, prev::effect_type::relative_risk, 1.5)})};
    CHECK_THROWS_AS(run(m), prev::draw_error);
    CHECK_THROWS_WITH(run(m), StartsWith("draw 0: intervention 'p', effect on 'x', age 20: ") &&
                                  Contains("0.8 becomes 1.2") && Contains("use an odds ratio"));
  }
  SECTION("two relative risks combined above 1 on the risk scale are a draw error") {
    // combine = risk, b = 0.8, RR 1.2 twice: each participant 0.96 ≤ 1, combined
    // 0.8·1.44 = 1.152 > 1.
    m.outcomes[0].baseline = {{0, 150, value_ref::fixed(0.8)}};
    m.outcomes[0].combine = prev::combine_scale::risk;
    m.interventions = {make_intervention(m, "a", 1.0, {make_effect(0, prev::effect_type::relative_risk, 1.2)}),
                       make_intervention(m, "b", 1.0, {make_effect(0, prev::effect_type::relative_risk, 1.2)})};
    CHECK_THROWS_WITH(run(m), Contains("outcome 'x', age 20") && Contains("combine on the odds scale"));
    // On the odds scale the same effects are fine: OR_i = odds(0.96)/odds(0.8) = 24/4 = 6,
    // combined odds 4·36 = 144 → p = 144/145.
    m.outcomes[0].combine = prev::combine_scale::odds;
    CHECK(column(run(m), "outcome.x.cases_averted") == Approx(2 * 1000 * (0.8 - 144.0 / 145.0)).epsilon(1e-12));
  }
}

TEST_CASE("check_model: structural errors with their messages", "[prevention][evaluate]") {
  auto m = base_model(2);
  m.outcomes = {state_outcome("a", 0.1, prev::payer::state, 1), state_outcome("b", 0.1, prev::payer::state, 1)};
  m.subgroups[0].risk = {value_ref::fixed(1.0), value_ref::fixed(1.0)};
  SECTION("a link cycle") {
    m.links = {{0, 1, value_ref::fixed(2.0)}, {1, 0, value_ref::fixed(2.0)}};
    CHECK_THROWS_AS(prev::check_model(m, 0), std::invalid_argument);
    CHECK_THROWS_WITH(prev::check_model(m, 0),
                      "prevention model: the links between outcomes 'a', 'b' form a cycle; links must go one way");
    CHECK_THROWS_AS(prev::evaluator(m, 0), std::invalid_argument);
  }
  SECTION("a rate ratio on a state") {
    m.interventions = {make_intervention(m, "p", 1.0, {make_effect(1, prev::effect_type::rate_ratio, 0.5)})};
    CHECK_THROWS_WITH(prev::check_model(m, 0),
                      "prevention model: intervention 'p' effect on 'b': a rate ratio applies to event "
                      "outcomes; for a state use relative_risk, odds_ratio, risk_difference, d_probit or d_cox");
  }
  SECTION("an odds ratio on an event") {
    m.outcomes[1].kind = prev::outcome_kind::event;
    m.interventions = {make_intervention(m, "p", 1.0, {make_effect(1, prev::effect_type::odds_ratio, 0.5)})};
    CHECK_THROWS_WITH(prev::check_model(m, 0), Contains("odds ratios and risk differences apply to state outcomes"));
  }
  SECTION("a link from an event") {
    m.outcomes[0].kind = prev::outcome_kind::event;
    m.links = {{0, 1, value_ref::fixed(2.0)}};
    CHECK_THROWS_WITH(prev::check_model(m, 0), Contains("starts at an event"));
  }
  SECTION("a parameter column beyond the matrix") {
    m.outcomes[0].baseline[0].value = value_ref::parameter(3);
    CHECK_THROWS_WITH(prev::check_model(m, 2),
                      "prevention model: outcome 'a' baseline refers to parameter column 4, but the "
                      "parameter set has 2 columns");
    CHECK_NOTHROW(prev::check_model(m, 4));
  }
}
