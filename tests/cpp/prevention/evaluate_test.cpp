// Tests for include/prevsim/prevention/evaluate.hpp against closed forms and hand
// calculations written in this file (no prevsim code computes the expected values).

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/prevention/evaluate.hpp"

namespace prev = prevsim::prevention;
using prev::value_ref;

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
