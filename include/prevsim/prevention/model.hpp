#pragma once
/// @file
/// The data of a prevention cohort model (docs/prevention_model.md): cohorts,
/// subgroups, outcomes with their costs by payer, interventions with costs,
/// reach and effects, and links between outcomes. Every number that may be
/// uncertain is a value_ref: a constant, or a column of the parameter matrix
/// times a scale (the price-year factor for money).
///
/// The structs are plain data, filled by the Python scenario compiler (or by
/// hand in tests); check_model() validates the structure once, before any
/// draw is evaluated (evaluate.hpp).
///
/// \test tests/cpp/prevention/model_test.cpp

#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "prevsim/cohort/discount.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::prevention {

/// A number of the model: `constant` when column < 0, else row[column];
/// either way multiplied by `scale` (1, or a price-year conversion factor).
struct value_ref {
  int column = -1;
  double constant = 0.0;
  double scale = 1.0;

  static value_ref fixed(double x) { return {-1, x, 1.0}; }
  static value_ref parameter(int column, double scale = 1.0) { return {column, 0.0, scale}; }
  double operator()(const double* row) const {
    return (column < 0 ? constant : row[column]) * scale;
  }
  bool is_fixed() const { return column < 0; }
};

/// Who bears a cost (DOMAIN.md §3).
enum class payer : int { municipality = 0, region = 1, state = 2, individual = 3, others = 4 };
inline constexpr std::size_t payer_count = 5;
inline constexpr std::array<const char*, payer_count> payer_names = {
    "municipality", "region", "state", "individual", "others"};

/// The perspectives in which results are totalled.
enum class perspective : int { municipality = 0, public_sector = 1, society = 2 };
inline constexpr std::size_t perspective_count = 3;
inline constexpr std::array<const char*, perspective_count> perspective_names = {
    "municipality", "public_sector", "society"};

/// Whether a payer belongs to the public sector (municipality, region, state).
inline constexpr bool is_public(payer p) { return static_cast<int>(p) <= 2; }

enum class cost_kind { resource, production_loss, transfer };

/// One cost of one case (a person-year in a state, or an event).
struct cost_item {
  std::string label;
  payer from = payer::municipality;
  /// The receiving payer of a transfer (ignored otherwise).
  payer to = payer::individual;
  cost_kind kind = cost_kind::resource;
  /// SEK per case, in the scenario's price year.
  value_ref amount;
};

/// Ages [from_age, to_age] (inclusive, whole years) with a baseline value.
struct age_band {
  double from_age = 0;
  double to_age = 0;
  value_ref value;
};

enum class outcome_kind { state, event };
/// How several effects on a state outcome combine (events always use rates).
enum class combine_scale { odds, risk };

struct outcome {
  std::string name;
  outcome_kind kind = outcome_kind::state;
  /// Prevalence (state) or events per person-year (event) by age.
  std::vector<age_band> baseline;
  std::vector<cost_item> costs;
  /// Hazard ratio of death in the state (states only).
  value_ref excess_mortality = value_ref::fixed(1.0);
  combine_scale combine = combine_scale::odds;
};

enum class sex { female, male, both };

struct subgroup {
  std::string name;
  value_ref share = value_ref::fixed(1.0);
  prevention::sex sex = sex::both;
  /// Relative risk on each outcome's baseline, one per outcome.
  std::vector<value_ref> risk;
};

enum class effect_type { d_probit, d_cox, odds_ratio, relative_risk, risk_difference, rate_ratio };

enum class trajectory_kind { persistent, stop, exponential, two_age };

/// Trajectory of an effect in years y since delivery (trajectory.hpp): start,
/// ramp-up, full duration, then none/stop/exponential decay; or effect sizes
/// at two ages (value at age1, value2 at age2, then held or decaying).
struct trajectory_spec {
  trajectory_kind kind = trajectory_kind::persistent;
  value_ref start = value_ref::fixed(0.0);
  value_ref ramp_up = value_ref::fixed(0.0);
  value_ref duration = value_ref::fixed(0.0);
  /// Half-life for exponential decay, or beyond age2 for two_age (0: held).
  value_ref half_life = value_ref::fixed(0.0);
  double age1 = 0;
  double age2 = 0;
  value_ref value2;
};

struct effect {
  std::size_t outcome = 0;
  effect_type type = effect_type::relative_risk;
  value_ref value;
  trajectory_spec trajectory;
  /// Share already delivered by the interventions listed before on this outcome.
  value_ref overlap = value_ref::fixed(0.0);
};

enum class intervention_cost_type { start_up, per_participant, per_year };

struct intervention_cost {
  std::string label;
  intervention_cost_type type = intervention_cost_type::per_participant;
  payer who = payer::municipality;
  value_ref amount;
  /// start_up: the model year; per_year: the first and last model year.
  int first_year = 0;
  int last_year = 0;
};

struct intervention {
  std::string name;
  /// One flag per cohort: does it receive the intervention?
  std::vector<bool> cohorts;
  /// Years from a cohort's entry to delivery (delivery_age − start_age), >= 0.
  int delivery_offset = 0;
  /// Reach per subgroup.
  std::vector<value_ref> reach;
  std::vector<intervention_cost> costs;
  std::vector<effect> effects;
};

struct link {
  std::size_t from = 0;
  std::size_t to = 0;
  value_ref relative_risk;
};

/// How a linked and a direct effect on one outcome are credited (§5).
enum class double_counting { direct, larger, sum };

struct cohort_entry {
  /// Model year of entry (0-based).
  int entry_year = 0;
  value_ref size;
};

struct model {
  /// Number of model years H.
  int horizon = 1;
  double start_age = 0;
  /// Members are followed while their age is below end_age.
  double end_age = 1e9;
  std::vector<cohort_entry> cohorts;
  std::vector<subgroup> subgroups;
  std::vector<outcome> outcomes;
  std::vector<intervention> interventions;
  std::vector<link> links;
  prevention::double_counting rule = double_counting::sum;
  /// Annual death probabilities by whole age 0, 1, …, the last age repeated beyond.
  std::vector<double> death_female;
  std::vector<double> death_male;
  value_ref male_share = value_ref::fixed(0.5);
  value_ref out_migration = value_ref::fixed(0.0);
  value_ref deadweight = value_ref::fixed(0.0);
  cohort::discount_schedule money_discount;
  cohort::discount_schedule effects_discount;
  /// τ within the year: 0 start, 0.5 mid, 1 end.
  double timing = 0.5;
};

namespace internal {

[[noreturn]] inline void throw_structure(const std::string& what) {
  err::throw_invalid_argument("prevention model", what);
}

inline void check_ref(const std::string& where, const value_ref& v, std::size_t columns) {
  if (v.column >= static_cast<int>(columns)) {
    throw_structure(where + " refers to parameter column " + std::to_string(v.column + 1) +
                    ", but the parameter set has " + std::to_string(columns) + " columns");
  }
  if (!std::isfinite(v.scale) || (v.is_fixed() && !std::isfinite(v.constant))) {
    throw_structure(where + " is not a finite number");
  }
}

/// Outcome indices ordered so that every link's `from` precedes its `to`.
inline std::vector<std::size_t> link_order(const model& m) {
  const std::size_t n = m.outcomes.size();
  std::vector<std::size_t> indegree(n, 0), order;
  for (const auto& l : m.links) ++indegree[l.to];
  std::vector<bool> done(n, false);
  while (order.size() < n) {
    bool progressed = false;
    for (std::size_t o = 0; o < n; ++o) {
      if (done[o] || indegree[o] != 0) continue;
      done[o] = true;
      order.push_back(o);
      progressed = true;
      for (const auto& l : m.links) {
        if (l.from == o) --indegree[l.to];
      }
    }
    if (!progressed) {
      std::string names;
      for (std::size_t o = 0; o < n; ++o) {
        if (!done[o]) names += (names.empty() ? "'" : ", '") + m.outcomes[o].name + "'";
      }
      throw_structure("the links between outcomes " + names +
                      " form a cycle; links must go one way");
    }
  }
  return order;
}

}  // namespace internal

/// Checks the structure of @p m against a parameter matrix of @p columns
/// columns: sizes, indices, references, allowed effect types per outcome
/// kind, link cycles. Values that depend on the draw are checked per draw.
/// @throw std::invalid_argument naming the part at fault
inline void check_model(const model& m, std::size_t columns) {
  using internal::check_ref;
  using internal::throw_structure;
  if (m.horizon < 1) throw_structure("the horizon is " + std::to_string(m.horizon) + " years, but must be >= 1");
  if (m.cohorts.empty()) throw_structure("there are no cohorts");
  if (m.subgroups.empty()) throw_structure("there are no subgroups");
  if (m.outcomes.empty()) throw_structure("there are no outcomes");
  if (m.death_female.empty() || m.death_male.empty()) throw_structure("the life table is empty");
  if (!(m.timing >= 0 && m.timing <= 1)) throw_structure("timing must be within [0, 1]");
  if (!(m.end_age > m.start_age)) throw_structure("end_age must be greater than start_age");
  for (std::size_t c = 0; c < m.cohorts.size(); ++c) {
    const auto& e = m.cohorts[c];
    if (e.entry_year < 0 || e.entry_year >= m.horizon) {
      throw_structure("cohort " + std::to_string(c + 1) + " enters in model year " +
                      std::to_string(e.entry_year) + ", outside the horizon 0.." +
                      std::to_string(m.horizon - 1));
    }
    check_ref("cohort " + std::to_string(c + 1) + " size", e.size, columns);
  }
  const std::size_t n_out = m.outcomes.size();
  for (const auto& g : m.subgroups) {
    check_ref("subgroup '" + g.name + "' share", g.share, columns);
    if (g.risk.size() != n_out) {
      throw_structure("subgroup '" + g.name + "' has " + std::to_string(g.risk.size()) +
                      " risks for " + std::to_string(n_out) + " outcomes");
    }
    for (const auto& r : g.risk) check_ref("subgroup '" + g.name + "' risk", r, columns);
  }
  for (const auto& o : m.outcomes) {
    for (const auto& b : o.baseline) {
      check_ref("outcome '" + o.name + "' baseline", b.value, columns);
      if (!(b.to_age >= b.from_age)) throw_structure("outcome '" + o.name + "' has an age band ending before it starts");
    }
    for (const auto& item : o.costs) {
      check_ref("outcome '" + o.name + "' cost '" + item.label + "'", item.amount, columns);
      if (item.kind == cost_kind::transfer && item.to == item.from) {
        throw_structure("outcome '" + o.name + "' cost '" + item.label +
                        "' is a transfer from a payer to itself");
      }
    }
    check_ref("outcome '" + o.name + "' excess mortality", o.excess_mortality, columns);
  }
  for (const auto& i : m.interventions) {
    const std::string where = "intervention '" + i.name + "'";
    if (i.cohorts.size() != m.cohorts.size()) throw_structure(where + " has the wrong number of cohort flags");
    if (i.reach.size() != m.subgroups.size()) throw_structure(where + " has the wrong number of reach values");
    if (i.delivery_offset < 0) throw_structure(where + " is delivered before the cohort enters");
    for (const auto& r : i.reach) check_ref(where + " reach", r, columns);
    for (const auto& c : i.costs) {
      check_ref(where + " cost '" + c.label + "'", c.amount, columns);
      if (c.first_year < 0 || c.last_year < c.first_year) {
        throw_structure(where + " cost '" + c.label + "' has the years " + std::to_string(c.first_year) +
                        ".." + std::to_string(c.last_year));
      }
    }
    for (const auto& e : i.effects) {
      if (e.outcome >= n_out) throw_structure(where + " has an effect on an unknown outcome");
      const auto& o = m.outcomes[e.outcome];
      const std::string ew = where + " effect on '" + o.name + "'";
      const bool event = o.kind == outcome_kind::event;
      if (event && (e.type == effect_type::odds_ratio || e.type == effect_type::risk_difference)) {
        throw_structure(ew + ": odds ratios and risk differences apply to state outcomes; "
                        "for an event use rate_ratio, relative_risk, d_probit or d_cox");
      }
      if (!event && e.type == effect_type::rate_ratio) {
        throw_structure(ew + ": a rate ratio applies to event outcomes; for a state use "
                        "relative_risk, odds_ratio, risk_difference, d_probit or d_cox");
      }
      check_ref(ew + " value", e.value, columns);
      check_ref(ew + " overlap", e.overlap, columns);
      const auto& t = e.trajectory;
      for (const auto* v : {&t.start, &t.ramp_up, &t.duration, &t.half_life}) check_ref(ew + " trajectory", *v, columns);
      if (t.kind == trajectory_kind::two_age) {
        check_ref(ew + " value2", t.value2, columns);
        if (!(t.age2 > t.age1)) throw_structure(ew + ": age2 must be greater than age1");
      }
    }
  }
  for (const auto& l : m.links) {
    if (l.from >= n_out || l.to >= n_out) throw_structure("a link refers to an unknown outcome");
    if (m.outcomes[l.from].kind != outcome_kind::state) {
      throw_structure("the link from '" + m.outcomes[l.from].name + "' to '" + m.outcomes[l.to].name +
                      "' starts at an event; links start at state outcomes");
    }
    if (l.from == l.to) throw_structure("outcome '" + m.outcomes[l.from].name + "' is linked to itself");
    check_ref("link '" + m.outcomes[l.from].name + "' -> '" + m.outcomes[l.to].name + "'", l.relative_risk, columns);
  }
  internal::link_order(m);
  check_ref("male_share", m.male_share, columns);
  check_ref("out_migration", m.out_migration, columns);
  check_ref("deadweight", m.deadweight, columns);
}

}  // namespace prevsim::prevention
