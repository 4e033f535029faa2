// Tests for include/prevsim/prevention/microsim.hpp against closed forms written
// in this file and against the cohort evaluator's expected values.
//
// Closed forms: the bivariate normal CDF Φ₂(h, k; ρ) by Owen's T (Owen 1956):
//   Φ₂(h, k; ρ) = ½Φ(h) + ½Φ(k) − T(h, a_h) − T(k, a_k) − β,
//   a_h = (k − ρh)/(h·sqrt(1 − ρ²)), a_k = (h − ρk)/(k·sqrt(1 − ρ²)),
//   β = 0 if hk > 0, else ½ (h, k ≠ 0), and Φ₂(h, 0; ρ) = ½Φ(h) − T(h, −ρ/sqrt(1 − ρ²)).
// (Checked against scipy.stats.multivariate_normal.cdf: Φ₂(Φ⁻¹(.2), Φ⁻¹(.3); .48)
// = 0.11270572626904 both ways.)
//
// Monte Carlo comparisons use several draws of independent individuals at fixed
// parameters; the tolerance is 3.5 Monte Carlo standard errors of the mean over
// draws (the seeds are fixed, so the tests are deterministic).

#include <cmath>
#include <string>
#include <vector>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/owens_t.hpp>
#include <catch2/catch.hpp>

#include "prevsim/prevention/microsim.hpp"

namespace prev = prevsim::prevention;
using prev::value_ref;
using Catch::Matchers::Contains;
using rows_t = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace {

double Phi(double x) { return boost::math::cdf(boost::math::normal_distribution<>(), x); }
double Phi_inv(double p) { return boost::math::quantile(boost::math::normal_distribution<>(), p); }

/// Φ₂(h, k; ρ) for h, k ≠ 0 (file comment).
double Phi2(double h, double k, double rho) {
  const double s = std::sqrt(1 - rho * rho);
  const double ah = (k - rho * h) / (h * s), ak = (h - rho * k) / (k * s);
  return 0.5 * Phi(h) + 0.5 * Phi(k) - boost::math::owens_t(h, ah) - boost::math::owens_t(k, ak) -
         (h * k > 0 ? 0.0 : 0.5);
}

prev::outcome state_outcome(const std::string& name, double prevalence, double cost, double from = 0,
                            double to = 150) {
  prev::outcome o;
  o.name = name;
  o.kind = prev::outcome_kind::state;
  o.baseline = {{from, to, value_ref::fixed(prevalence)}};
  o.costs = {{"care", prev::payer::state, prev::payer::individual, prev::cost_kind::resource,
              value_ref::fixed(cost)}};
  return o;
}

prev::outcome event_outcome(const std::string& name, double rate, double cost, double from = 0,
                            double to = 150) {
  prev::outcome o = state_outcome(name, rate, cost, from, to);
  o.kind = prev::outcome_kind::event;
  return o;
}

/// Two outcomes (a state "school" 0.2 at 16-40 costing 50 000 to the state, an
/// event "crime" 0.3 per year at 15-30 costing 20 000 to others), two subgroups
/// (shares 0.4/0.6, risks 1.5/0.67), two cohorts entering years 0 and 1 at age
/// 14, life table q = 0.002, discount 3 % mid-year; one programme with reach
/// 0.6/0.5, d_probit −0.25 on the state and rate ratio 0.8 on the event
/// (ramp-up 2 years), costing 8 000 per participant.
prev::model two_outcome_model() {
  prev::model m;
  m.start_age = 14;
  m.end_age = 45;
  m.horizon = 32;
  m.cohorts = {{0, value_ref::fixed(1000)}, {1, value_ref::fixed(1200)}};
  prev::subgroup a, b;
  a.name = "exposed";
  a.share = value_ref::fixed(0.4);
  a.sex = prev::sex::male;
  a.risk = {value_ref::fixed(1.5), value_ref::fixed(1.5)};
  b.name = "others";
  b.share = value_ref::fixed(0.6);
  b.sex = prev::sex::female;
  b.risk = {value_ref::fixed(0.67), value_ref::fixed(0.67)};
  m.subgroups = {a, b};
  m.outcomes = {state_outcome("school", 0.2, 50000, 16, 40), event_outcome("crime", 0.3, 20000, 15, 30)};
  m.outcomes[1].costs[0].from = prev::payer::others;
  prev::intervention iv;
  iv.name = "programme";
  iv.cohorts = {true, true};
  iv.reach = {value_ref::fixed(0.6), value_ref::fixed(0.5)};
  iv.costs = {{"delivery", prev::intervention_cost_type::per_participant, prev::payer::municipality,
               value_ref::fixed(8000), 0, 0}};
  prev::effect e1;
  e1.outcome = 0;
  e1.type = prev::effect_type::d_probit;
  e1.value = value_ref::fixed(-0.25);
  e1.trajectory.ramp_up = value_ref::fixed(2.0);
  prev::effect e2;
  e2.outcome = 1;
  e2.type = prev::effect_type::rate_ratio;
  e2.value = value_ref::parameter(0);  // column 0: the rate ratio
  iv.effects = {e1, e2};
  m.interventions = {iv};
  m.death_female = std::vector<double>(100, 0.002);
  m.death_male = std::vector<double>(100, 0.002);
  m.money_discount = prevsim::cohort::discount_schedule::constant(0.03);
  m.effects_discount = prevsim::cohort::discount_schedule::constant(0.03);
  m.timing = 0.5;
  return m;
}

std::size_t index_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (names[j] == name) return j;
  }
  FAIL("no column " << name);
  return 0;
}

struct mc {
  double mean, se;
};

mc mean_se(const Eigen::VectorXd& x) {
  const double mean = x.mean();
  const double var = (x.array() - mean).square().sum() / static_cast<double>(x.size() - 1);
  return {mean, std::sqrt(var / static_cast<double>(x.size()))};
}

rows_t fixed_rows(Eigen::Index draws, double value) { return rows_t::Constant(draws, 1, value); }

}  // namespace

TEST_CASE("microsimulation: the same columns as the cohort evaluator", "[microsim]") {
  const prev::microsimulator sim(two_outcome_model(), {}, 1);
  const prev::evaluator cohort(two_outcome_model(), 1);
  CHECK(sim.columns() == cohort.columns());
  CHECK(sim.flow_rows() == cohort.flow_rows());
  CHECK(sim.classes() == 1);  // both cohorts receive the programme: one class
}

TEST_CASE("microsimulation agrees with the cohort model within Monte Carlo error", "[microsim]") {
  // Loadings on one shared factor and persistence change who has the outcomes,
  // not how many: every expected value equals the cohort model's.
  for (const auto residual : {prev::residual_process::ar1, prev::residual_process::renewal}) {
    prev::microsim_spec spec;
    spec.individuals = 4000;
    spec.factors = {"risk"};
    spec.loadings = {0.7, 0.5};
    spec.persistence = {0.8, 0.6};
    spec.residual = residual;
    const prev::microsimulator sim(two_outcome_model(), spec, 1);
    const prev::evaluator cohort(two_outcome_model(), 1);
    const Eigen::Index draws = 24;
    const rows_t rows = fixed_rows(draws, 0.8);
    const auto micro = sim.evaluate_draws(rows, 42);
    const auto exact = cohort.evaluate_draws(fixed_rows(1, 0.8));
    for (const std::string name :
         {"outcome.school.cases_averted", "outcome.crime.cases_averted", "society.npv",
          "municipality.pv_benefits", "outcome.crime.others.pv_benefits", "participants",
          "society.pv_costs", "outcome.school.cases_averted_discounted"}) {
      const auto j = static_cast<Eigen::Index>(index_of(sim.columns(), name));
      const mc m = mean_se(micro.cohort.values.col(j));
      const double expected = exact.values(0, j);
      INFO(name << ": microsimulation " << m.mean << " ± " << m.se << ", cohort " << expected);
      CHECK(std::fabs(m.mean - expected) <= 3.5 * m.se + 1e-9 * std::fabs(expected));
    }
    // The mean yearly flows too (society benefits, each year).
    for (Eigen::Index t = 0; t < 32; t += 5) {
      const Eigen::Index r = 2 * 7 + 1;  // society benefits
      CHECK(micro.cohort.mean_flows(r, t) == Approx(exact.mean_flows(r, t)).epsilon(0.05).margin(2e4));
    }
  }
}

TEST_CASE("microsimulation: states are present iff the liability passes −Φ⁻¹(b)", "[microsim]") {
  // One cohort, one year at a time, no deaths; two states with loadings 0.8 and
  // 0.6 on one factor: Corr(L1, L2) = 0.48, so the joint prevalence is
  // Φ₂(Φ⁻¹(0.2), Φ⁻¹(0.3); 0.48) = 0.112706, above 0.2 × 0.3 = 0.06.
  prev::model m = two_outcome_model();
  m.outcomes = {state_outcome("a", 0.2, 1000), state_outcome("b", 0.3, 1000)};
  m.subgroups.resize(1);
  m.subgroups[0].share = value_ref::fixed(1.0);
  m.subgroups[0].risk = {value_ref::fixed(1.0), value_ref::fixed(1.0)};
  m.interventions[0].reach = {value_ref::fixed(0.5)};
  m.interventions[0].effects.resize(1);
  m.cohorts.resize(1);
  m.interventions[0].cohorts.resize(1);
  m.horizon = 3;
  m.death_male.assign(100, 0.0);
  prev::microsim_spec spec;
  spec.individuals = 200000;
  spec.factors = {"risk"};
  spec.loadings = {0.8, 0.6};
  spec.persistence = {0.7, 0.0};
  spec.history_individuals = 200000;
  const prev::microsimulator sim(m, spec, 1);
  const auto r = sim.evaluate_draws(fixed_rows(1, 0.8), 7);
  const auto cols = r.history_columns;
  const auto a = index_of(cols, "a.without"), b = index_of(cols, "b.without"), tau = index_of(cols, "tau");
  const auto ind = index_of(cols, "individual");
  double n = 0, na = 0, nb = 0, nab = 0, a0 = 0, a01 = 0;
  std::vector<double> a_at_0(static_cast<std::size_t>(spec.individuals), 0);
  for (Eigen::Index i = 0; i < r.histories.rows(); ++i) {
    const double ya = r.histories(i, static_cast<Eigen::Index>(a));
    const double yb = r.histories(i, static_cast<Eigen::Index>(b));
    const auto who = static_cast<std::size_t>(r.histories(i, static_cast<Eigen::Index>(ind)));
    const double t = r.histories(i, static_cast<Eigen::Index>(tau));
    if (t == 0) {
      n += 1;
      na += ya;
      nb += yb;
      nab += ya * yb;
      a_at_0[who] = ya;
      a0 += ya;
    }
    if (t == 1) a01 += a_at_0[who] * ya;
  }
  const double p_ab = Phi2(Phi_inv(0.2), Phi_inv(0.3), 0.48);
  CHECK(p_ab == Approx(0.11270572626904).epsilon(1e-10));
  CHECK(na / n == Approx(0.2).margin(3.5 * std::sqrt(0.2 * 0.8 / n)));
  CHECK(nb / n == Approx(0.3).margin(3.5 * std::sqrt(0.3 * 0.7 / n)));
  CHECK(nab / n == Approx(p_ab).margin(3.5 * std::sqrt(p_ab * (1 - p_ab) / n)));
  // History: L_a(0) and L_a(1) share the factor (0.64) and the AR(1) residual
  // (0.36 × 0.7): correlation 0.64 + 0.252 = 0.892.
  const double p_aa = Phi2(Phi_inv(0.2), Phi_inv(0.2), 0.64 + 0.36 * 0.7);
  CHECK(a01 / n == Approx(p_aa).margin(3.5 * std::sqrt(p_aa * (1 - p_aa) / n)));
}

TEST_CASE("microsimulation: the renewal residual keeps a state with probability ρ + (1 − ρ)b", "[microsim]") {
  prev::model m = two_outcome_model();
  m.outcomes = {state_outcome("a", 0.25, 1000)};
  m.subgroups.resize(1);
  m.subgroups[0].share = value_ref::fixed(1.0);
  m.subgroups[0].risk = {value_ref::fixed(1.0)};
  m.interventions[0].effects.resize(1);
  m.interventions[0].reach = {value_ref::fixed(1.0)};
  m.cohorts.resize(1);
  m.interventions[0].cohorts.resize(1);
  m.horizon = 2;
  prev::microsim_spec spec;
  spec.individuals = 200000;
  spec.persistence = {0.6};
  spec.residual = prev::residual_process::renewal;
  spec.history_individuals = 200000;
  const prev::microsimulator sim(m, spec, 1);
  const auto r = sim.evaluate_draws(fixed_rows(1, 0.8), 3);
  const auto a = static_cast<Eigen::Index>(index_of(r.history_columns, "a.without"));
  double n = 0, both = 0;
  for (Eigen::Index i = 0; i + 1 < r.histories.rows(); i += 2) {  // rows: individual-major, τ = 0, 1
    n += 1;
    both += r.histories(i, a) * r.histories(i + 1, a);
  }
  const double expected = 0.25 * (0.6 + 0.4 * 0.25);  // P(in at 0) × P(stay)
  CHECK(both / n == Approx(expected).margin(3.5 * std::sqrt(expected * (1 - expected) / n)));
}

TEST_CASE("microsimulation: concentration index by latent-risk rank", "[microsim]") {
  // One state b = 0.2 loading λ = 0.6 on the only factor, which is the risk
  // index: CI = 2·E[y(R − ½)]/E[y] with R = Φ(z), and E[y·Φ(z)] = Φ₂(Φ⁻¹(b), 0; λ/√2).
  prev::model m = two_outcome_model();
  m.outcomes = {state_outcome("a", 0.2, 1000)};
  m.subgroups.resize(1);
  m.subgroups[0].share = value_ref::fixed(1.0);
  m.subgroups[0].risk = {value_ref::fixed(1.0)};
  m.interventions[0].effects.resize(1);
  m.interventions[0].reach = {value_ref::fixed(1.0)};
  m.cohorts.resize(1);
  m.interventions[0].cohorts.resize(1);
  m.horizon = 1;
  prev::microsim_spec spec;
  spec.individuals = 50000;
  spec.factors = {"risk"};
  spec.loadings = {0.6};
  const prev::microsimulator sim(m, spec, 1);
  const auto r = sim.evaluate_draws(fixed_rows(16, 0.8), 11);
  const double rho = 0.6 / std::sqrt(2.0);
  const double h = Phi_inv(0.2);
  const double e_y_rank = 0.5 * Phi(h) - boost::math::owens_t(h, -rho / std::sqrt(1 - rho * rho));
  const double ci = 2 * (e_y_rank - 0.5 * 0.2) / 0.2;
  const auto j = static_cast<Eigen::Index>(index_of(r.distribution_columns, "outcome.a.concentration_without"));
  const mc m_ci = mean_se(r.distribution.col(j));
  INFO("CI " << m_ci.mean << " ± " << m_ci.se << ", closed form " << ci);
  CHECK(std::fabs(m_ci.mean - ci) <= 3.5 * m_ci.se);
  // 2·(0.1477617608 − 0.1)/0.2 (scipy.stats.multivariate_normal.cdf): strongly pro-risk.
  CHECK(ci == Approx(0.4776176083).epsilon(1e-9));
}

TEST_CASE("microsimulation: excess mortality selects survivors (ρ = 1, no factors)", "[microsim]") {
  // With a constant residual (renewal, ρ = 1) a share b is in the state every
  // year and dies at HR·q; the others at q. Expected members in the state at the
  // start of year τ: b(1 − HR·q)^τ (the cohort model keeps it at b·A(τ)).
  prev::model m = two_outcome_model();
  m.outcomes = {state_outcome("a", 0.3, 1000)};
  m.outcomes[0].excess_mortality = value_ref::fixed(3.0);
  m.subgroups.resize(1);
  m.subgroups[0].share = value_ref::fixed(1.0);
  m.subgroups[0].risk = {value_ref::fixed(1.0)};
  m.interventions[0].effects.resize(1);
  m.interventions[0].reach = {value_ref::fixed(1.0)};
  m.interventions[0].effects[0].value = value_ref::fixed(0.0);  // no effect
  m.cohorts.resize(1);
  m.interventions[0].cohorts.resize(1);
  m.horizon = 10;
  m.death_male.assign(100, 0.05);
  prev::microsim_spec spec;
  spec.individuals = 100000;
  spec.persistence = {1.0};
  spec.residual = prev::residual_process::renewal;
  spec.history_individuals = 100000;
  const prev::microsimulator sim(m, spec, 1);
  const auto r = sim.evaluate_draws(fixed_rows(1, 0.8), 5);
  const auto a = static_cast<Eigen::Index>(index_of(r.history_columns, "a.without"));
  const auto s = static_cast<Eigen::Index>(index_of(r.history_columns, "survival_without"));
  const auto tau = static_cast<Eigen::Index>(index_of(r.history_columns, "tau"));
  double n = 0, weighted9 = 0;
  for (Eigen::Index i = 0; i < r.histories.rows(); ++i) {
    if (r.histories(i, tau) == 0) n += 1;
    if (r.histories(i, tau) == 9) weighted9 += r.histories(i, a) * r.histories(i, s);
  }
  const double expected = 0.3 * std::pow(1 - 3 * 0.05, 9);
  CHECK(weighted9 / n == Approx(expected).margin(3.5 * std::sqrt(0.3 * 0.7 / n) * std::pow(0.85, 9)));
  // Nobody is in the state every year but 30 %: the history holds y = 1 for
  // all 10 years of exactly those individuals.
}

TEST_CASE("microsimulation: distributional results add up", "[microsim]") {
  prev::microsim_spec spec;
  spec.individuals = 3000;
  spec.factors = {"risk"};
  spec.loadings = {0.7, 0.5};
  spec.persistence = {0.5, 0.5};
  const prev::microsimulator sim(two_outcome_model(), spec, 1);
  const auto r = sim.evaluate_draws(fixed_rows(3, 0.8), 9);
  const auto& dc = r.distribution_columns;
  const auto& cc = r.cohort.columns;
  for (Eigen::Index d = 0; d < 3; ++d) {
    auto dist = [&](const std::string& n) { return r.distribution(d, static_cast<Eigen::Index>(index_of(dc, n))); };
    auto col = [&](const std::string& n) { return r.cohort.values(d, static_cast<Eigen::Index>(index_of(cc, n))); };
    CHECK(dist("subgroup.exposed.npv") + dist("subgroup.others.npv") == Approx(col("society.npv")).epsilon(1e-9));
    CHECK(dist("subgroup.exposed.pv_costs") + dist("subgroup.others.pv_costs") ==
          Approx(col("society.pv_costs")).epsilon(1e-9));
    CHECK(dist("subgroup.exposed.participants") == Approx(2200 * 0.4 * 0.6));
    CHECK(dist("subgroup.exposed.members") == Approx(2200 * 0.4));
    for (const std::string o : {"school", "crime"}) {
      double by_quintile = 0;
      for (int q = 1; q <= 5; ++q) by_quintile += dist("risk_quintile." + std::to_string(q) + ".outcome." + o + ".cases_averted");
      CHECK(by_quintile == Approx(col("outcome." + o + ".cases_averted")).epsilon(1e-9));
      CHECK(dist("subgroup.exposed.outcome." + o + ".cases_averted") +
                dist("subgroup.others.outcome." + o + ".cases_averted") ==
            Approx(col("outcome." + o + ".cases_averted")).epsilon(1e-9));
      // Outcomes load on the risk index: concentrated among the high-risk.
      CHECK(dist("outcome." + o + ".concentration_without") > 0.1);
    }
    double pv = 0;
    for (int q = 1; q <= 5; ++q) pv += dist("risk_quintile." + std::to_string(q) + ".pv_benefits");
    CHECK(pv == Approx(col("outcome.school.pv_benefits") + col("outcome.crime.pv_benefits")).epsilon(1e-9));
    // The top fifth of latent risk has most cases, so gets more than a fifth of the benefit.
    CHECK(dist("top_quintile.benefit_share") > 0.3);
  }
}

TEST_CASE("microsimulation: bit-identical for 1 and 2 threads and any split of the draws", "[microsim]") {
  prev::microsim_spec spec;
  spec.individuals = 2500;  // 3 blocks per cell
  spec.factors = {"risk", "peers"};
  spec.correlation = {{1.0, 0.3, 0.3, 1.0}};
  spec.loadings = {0.5, 0.3, 0.2, 0.6};
  spec.persistence = {0.9, 0.4};
  spec.history_individuals = 5;
  prev::model m = two_outcome_model();
  m.outcomes[0].excess_mortality = value_ref::fixed(2.0);
  const prev::microsimulator sim(m, spec, 1);
  rows_t rows(5, 1);
  rows << 0.7, 0.8, 0.9, 0.75, 0.85;
  const auto one = sim.evaluate_draws(rows, 123, 1);
  const auto two = sim.evaluate_draws(rows, 123, 2);
  CHECK(one.cohort.values.cwiseEqual(two.cohort.values).count() + one.cohort.values.array().isNaN().count() ==
        one.cohort.values.size());
  CHECK((one.distribution.array() == two.distribution.array() ||
         (one.distribution.array().isNaN() && two.distribution.array().isNaN())).all());
  CHECK((one.cohort.mean_flows.array() == two.cohort.mean_flows.array()).all());
  CHECK((one.cohort.paths.array() == two.cohort.paths.array()).all());
  CHECK((one.histories.array() == two.histories.array()).all());
  CHECK(one.histories.rows() == 5 * 31 * 2);
  // Draws 3..4 alone are draws 3..4 of the run.
  const auto tail = sim.evaluate_draws(rows.bottomRows(2), 123, 2, 3);
  CHECK((tail.distribution.array() == one.distribution.bottomRows(2).array()).all());
  CHECK(tail.histories.rows() == 0);
  // Another seed gives other individuals.
  const auto other = sim.evaluate_draws(rows, 124, 2);
  const auto npv = static_cast<Eigen::Index>(index_of(sim.columns(), "society.npv"));
  CHECK(other.cohort.values(0, npv) != one.cohort.values(0, npv));
}

TEST_CASE("microsimulation: the random floor draws what the simulation consumes", "[microsim]") {
  // AR(1) with ρ < 1, one factor: per individual 1 uniform + 1 normal (factor),
  // then one normal per active (outcome, year): school 16-40 (25 years), crime
  // 15-30 (16 years), of the 31 years followed from 14.
  prev::microsim_spec spec;
  spec.individuals = 1000;
  spec.factors = {"risk"};
  spec.loadings = {0.5, 0.5};
  spec.persistence = {0.5, 0.5};
  const prev::microsimulator sim(two_outcome_model(), spec, 1);
  const auto f = sim.random_floor(fixed_rows(2, 0.8), 1);
  CHECK(f.uniforms == 2 * 2 * 1000.0);
  CHECK(f.normals == 2 * 2 * 1000.0 * (1 + 25 + 16));
  CHECK(std::isfinite(f.sink));
  CHECK(sim.individual_years() == 2 * 1000.0 * 31);
}

TEST_CASE("microsimulation: errors name the value and what is expected", "[microsim]") {
  prev::model m = two_outcome_model();
  SECTION("links are refused") {
    m.links = {{0, 1, value_ref::fixed(2.0)}};
    CHECK_THROWS_WITH(prev::microsimulator(m, {}, 1),
                      Contains("has 1 link(s) between outcomes, but the microsimulation has no links"));
  }
  SECTION("loadings that explain more than the whole variance") {
    prev::microsim_spec spec;
    spec.factors = {"a", "b"};
    spec.correlation = {{1.0, 0.5, 0.5, 1.0}};
    spec.loadings = {0.8, 0.8, 0.1, 0.1};
    CHECK_THROWS_WITH(prev::microsimulator(m, spec, 1),
                      Contains("outcome 'school': its loadings explain a variance λᵀRλ = 1.92 in subgroup "
                               "'exposed', but must explain at most 1"));
  }
  SECTION("a correlation matrix that is not positive definite") {
    prev::microsim_spec spec;
    spec.factors = {"a", "b", "c"};
    spec.correlation = {{1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1}};
    spec.loadings.assign(6, 0.1);
    CHECK_THROWS_WITH(prev::microsimulator(m, spec, 1), Contains("is not positive definite"));
  }
  SECTION("persistence out of range") {
    prev::microsim_spec spec;
    spec.persistence = {0.5, 1.5};
    CHECK_THROWS_WITH(prev::microsimulator(m, spec, 1),
                      Contains("persistence of outcome 'crime' is 1.5, but must be within [0, 1]"));
  }
  SECTION("individuals") {
    prev::microsim_spec spec;
    spec.individuals = 0;
    CHECK_THROWS_WITH(prev::microsimulator(m, spec, 1), Contains("individuals is 0, but must be within [1, 2^40]"));
  }
  SECTION("a draw's value out of range names the draw") {
    const prev::microsimulator sim(m, {}, 1);
    rows_t rows(2, 1);
    rows << 0.8, -1.0;
    CHECK_THROWS_WITH(sim.evaluate_draws(rows, 1),
                      Contains("draw 1: intervention 'programme', effect on 'crime': value is -1, but must be > 0"));
  }
}
