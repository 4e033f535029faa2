#pragma once
/// @file
/// What one Monte Carlo draw gives a prevention model, read from its parameter
/// row and checked once per draw, and the small rules both engines apply to it
/// (the cohort evaluator, evaluate.hpp, and the microsimulation, microsim.hpp):
/// which effect types are ratios, which payers make a perspective, how an
/// effect size changes a participant's probability or rate, and the life-table
/// death probability of a subgroup.
///
/// \test tests/cpp/prevention/evaluate_test.cpp, tests/cpp/prevention/microsim_test.cpp

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "prevsim/err/format_value.hpp"
#include "prevsim/prevention/effect_size.hpp"
#include "prevsim/prevention/model.hpp"
#include "prevsim/prevention/trajectory.hpp"

namespace prevsim::prevention {

/// A draw's input that makes the model impossible (a prevalence above 1, a
/// negative cost, shares not summing to 1, …). The message says where.
class draw_error : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

/// One effect of one intervention, numbered: effects_on[o] lists the effects
/// on outcome o, and `slot` indexes the per-effect values of draw_inputs.
struct effect_slot {
  std::size_t intervention, effect, slot;
};

/// The values of one draw that do not depend on the cell being simulated.
struct draw_inputs {
  std::vector<double> shares;     // per subgroup
  std::vector<double> unit_cost;  // outcomes × payers: what payer k bears per case
  std::vector<double> hr;         // per outcome: hazard ratio of death in the state
  std::vector<double> reach;      // interventions × subgroups
  std::vector<double> link_rr;    // per link
  std::vector<double> effect_value, overlap;  // per effect slot (ratios as logs)
  std::vector<effect_trajectory> trajectories;
  std::vector<std::optional<two_age_effect>> two_age;
  double male_share = 0.5, out_migration = 0, deadweight = 0;

  /// Sized for @p effect_slots effects.
  void reserve_effects(std::size_t effect_slots) {
    effect_value.resize(effect_slots);
    overlap.resize(effect_slots);
    trajectories.assign(effect_slots, effect_trajectory::persistent(0, 0));
    two_age.assign(effect_slots, std::nullopt);
  }
};

namespace internal {

[[noreturn]] inline void fail_draw(const std::string& message) { throw draw_error(message); }

inline bool is_ratio(effect_type t) {
  return t == effect_type::odds_ratio || t == effect_type::relative_risk ||
         t == effect_type::rate_ratio;
}

/// Whether payer k counts in perspective p (municipality: its own payer;
/// public sector: municipality, region, state; society: all five).
inline bool in_perspective(std::size_t p, std::size_t k) {
  switch (static_cast<perspective>(p)) {
    case perspective::municipality: return k == 0;
    case perspective::public_sector: return k <= 2;
    case perspective::society: return true;
  }
  return false;
}

/// The participant's value f(b, θ) under effect type @p type (θ on the
/// effect's scale: d, ln ratio, or the difference); an event's rate is
/// converted through p = 1 − e^(−rate) for the d rules.
inline double convert(effect_type type, bool event, double b, double theta) {
  if (event) {
    switch (type) {
      case effect_type::d_probit:
      case effect_type::d_cox: {
        const double p = -std::expm1(-b);
        const double q = type == effect_type::d_probit ? apply_d_probit(p, theta) : apply_d_cox(p, theta);
        return -std::log1p(-q);
      }
      default: return b * std::exp(theta);
    }
  }
  switch (type) {
    case effect_type::d_probit: return apply_d_probit(b, theta);
    case effect_type::d_cox: return apply_d_cox(b, theta);
    case effect_type::odds_ratio: {
      const double r = std::exp(theta);
      return r * b / (1.0 - b + r * b);
    }
    case effect_type::relative_risk:
    case effect_type::rate_ratio: return b * std::exp(theta);
    case effect_type::risk_difference: return b + theta;
  }
  return b;
}

/// The life table's death probability at @p age (the last age beyond the
/// table) for a subgroup of sex @p s; "both" mixes the sexes by @p male_share.
inline double death_probability(const model& m, sex s, double age, double male_share) {
  const auto index = [&](const std::vector<double>& q) {
    const auto a = static_cast<std::size_t>(std::max(0.0, std::floor(age)));
    return q[std::min(a, q.size() - 1)];
  };
  switch (s) {
    case sex::female: return index(m.death_female);
    case sex::male: return index(m.death_male);
    case sex::both: break;
  }
  return male_share * index(m.death_male) + (1.0 - male_share) * index(m.death_female);
}

/// The size of cohort @p c in this draw, checked to be >= 0.
inline double cohort_size(const model& m, std::size_t c, const double* row) {
  const double size = m.cohorts[c].size(row);
  if (!(std::isfinite(size) && size >= 0)) {
    fail_draw("cohort entering in model year " + std::to_string(m.cohorts[c].entry_year) + ": size is " +
              err::format_value(size) + ", but must be >= 0");
  }
  return size;
}

/// The largest reach in subgroup @p g among the interventions that reach
/// cohort @p c within the horizon: the share of its members who take part in any.
inline double largest_reach(const model& m, const draw_inputs& w, std::size_t c, std::size_t g) {
  const std::size_t n_sub = m.subgroups.size();
  double largest = 0;
  for (std::size_t i = 0; i < m.interventions.size(); ++i) {
    const auto& iv = m.interventions[i];
    if (iv.cohorts[c] && m.cohorts[c].entry_year + iv.delivery_offset < m.horizon) {
      largest = std::max(largest, w.reach[i * n_sub + g]);
    }
  }
  return largest;
}

/// The amount of cost item @p cost of intervention @p iv in this draw, checked to be >= 0.
inline double cost_amount(const intervention& iv, const intervention_cost& cost, const double* row) {
  const double amount = cost.amount(row);
  if (!(std::isfinite(amount) && amount >= 0)) {
    fail_draw("intervention '" + iv.name + "', cost '" + cost.label + "': amount is " +
              err::format_value(amount) + ", but must be >= 0");
  }
  return amount;
}

/// Outcome @p oc's baseline at @p age for subgroup @p sg (outcome index @p o):
/// the value of the first age band covering the age (0 outside every band)
/// times the subgroup's relative risk, checked to be a rate >= 0 (event) or a
/// prevalence in [0, 1] (state).
inline double baseline_at(const outcome& oc, const subgroup& sg, std::size_t o, const double* row, double age) {
  const bool event = oc.kind == outcome_kind::event;
  double b = 0;
  for (const auto& band : oc.baseline) {
    if (age >= band.from_age && age <= band.to_age) {
      b = band.value(row);
      break;
    }
  }
  if (b == 0) return b;
  const double rr = sg.risk[o](row);
  b *= rr;
  if (!(std::isfinite(b) && b >= 0 && (event || b <= 1))) {
    fail_draw("outcome '" + oc.name + "', subgroup '" + sg.name + "', age " + err::format_value(age) +
              ": the baseline " + (event ? "rate" : "prevalence") + " (band value × subgroup risk " +
              err::format_value(rr) + ") is " + err::format_value(b) + ", but must be " +
              (event ? ">= 0" : "within [0, 1]"));
  }
  return b;
}

/// The value of the effect in slot @p slot in the middle of year @p y after
/// delivery, at @p age (+ 0.5): the year's flows average over it, and a
/// duration of D years then gives D years of full effect.
inline double effect_at_mid_year(const draw_inputs& w, const effect& e, std::size_t slot, double age, int y) {
  return e.trajectory.kind == trajectory_kind::two_age
             ? w.two_age[slot]->effect_at_age(age + 0.5)
             : w.effect_value[slot] * w.trajectories[slot].multiplier(static_cast<double>(y) + 0.5);
}

/// Baseline @p b of outcome @p oc under effect @p e of intervention @p iv at
/// value @p theta (convert), checked to stay a rate >= 0 or a probability in [0, 1].
inline double apply_effect(const intervention& iv, const effect& e, const outcome& oc, double b, double theta,
                           double age) {
  const bool event = oc.kind == outcome_kind::event;
  double f = 0;
  try {
    f = convert(e.type, event, b, theta);
  } catch (const std::domain_error& error) {
    fail_draw("intervention '" + iv.name + "', effect on '" + oc.name + "', age " + err::format_value(age) +
              ": " + error.what());
  }
  if (!(std::isfinite(f) && f >= 0 && (event || f <= 1))) {
    fail_draw("intervention '" + iv.name + "', effect on '" + oc.name + "', age " + err::format_value(age) +
              ": the " + (event ? "rate" : "probability") + " " + err::format_value(b) + " becomes " +
              err::format_value(f) + " under the effect, outside " + (event ? "[0, inf)" : "[0, 1]") +
              "; use an odds ratio or a d for large effects");
  }
  return f;
}

/// Several effects on outcome @p oc combined into one value: each value p_i
/// of baseline @p b is a ratio (of odds, on the odds scale; of risks or rates
/// otherwise), and the ratios multiply, each raised to 1 − its overlap. One
/// effect without overlap gives its value exactly; none gives @p b.
inline double combine_effects(const outcome& oc, double b, const std::vector<double>& values,
                              const std::vector<double>& overlaps, double age) {
  if (values.empty()) return b;
  if (values.size() == 1 && overlaps[0] == 0) return values[0];
  const bool event = oc.kind == outcome_kind::event;
  const bool odds = !event && oc.combine == combine_scale::odds;
  double log_ratio = 0;
  for (std::size_t a = 0; a < values.size(); ++a) {
    const double p = values[a];
    const double ratio = odds ? (p / (1.0 - p)) / (b / (1.0 - b)) : p / b;
    log_ratio += (1.0 - overlaps[a]) * std::log(ratio);
  }
  const double ratio = std::exp(log_ratio);
  if (odds) return std::isinf(ratio) ? 1.0 : ratio * b / (1.0 - b + ratio * b);
  const double p = ratio * b;
  if (!event && p > 1) {
    fail_draw("outcome '" + oc.name + "', age " + err::format_value(age) + ": the combined relative risk " +
              err::format_value(ratio) + " takes the prevalence " + err::format_value(b) + " to " +
              err::format_value(p) + ", above 1; combine on the odds scale (combine = \"odds\")");
  }
  return p;
}

}  // namespace internal

/// Reads and checks everything of the draw that does not depend on the cell:
/// subgroup shares (summing to 1), unit costs by payer, hazard ratios, reach,
/// effect sizes and trajectories, link strengths and the scalars.
/// @param effects_on per outcome, the effects acting on it (effect_slot)
/// @throw draw_error naming the input and its value
inline void read_draw_inputs(const model& m, const std::vector<std::vector<effect_slot>>& effects_on,
                           const double* row, draw_inputs& w) {
using internal::fail_draw;
using internal::is_ratio;
  const std::size_t n_out = m.outcomes.size();
  const std::size_t n_sub = m.subgroups.size();
  // Subgroup shares.
  w.shares.resize(n_sub);
  double total = 0;
  for (std::size_t g = 0; g < n_sub; ++g) {
    const double s = m.subgroups[g].share(row);
    if (!(s >= 0 && s <= 1)) {
      fail_draw("subgroup '" + m.subgroups[g].name + "': share is " + err::format_value(s) +
           ", but must be within [0, 1]");
    }
    w.shares[g] = s;
    total += s;
  }
  if (!(std::fabs(total - 1.0) <= 1e-9)) {
    fail_draw("the subgroup shares sum to " + err::format_value(total) +
         ", but must sum to 1 (use a Dirichlet parameter for uncertain shares)");
  }
  // Unit costs per payer: what payer k bears per case of outcome o.
  w.unit_cost.assign(n_out * payer_count, 0.0);
  w.hr.resize(n_out);
  for (std::size_t o = 0; o < n_out; ++o) {
    const auto& oc = m.outcomes[o];
    for (const auto& item : oc.costs) {
      const double x = item.amount(row);
      if (!(std::isfinite(x) && x >= 0)) {
        fail_draw("outcome '" + oc.name + "', cost '" + item.label + "': amount is " +
             err::format_value(x) + ", but must be >= 0");
      }
      w.unit_cost[o * payer_count + static_cast<std::size_t>(item.from)] += x;
      if (item.kind == cost_kind::transfer) {
        w.unit_cost[o * payer_count + static_cast<std::size_t>(item.to)] -= x;
      }
    }
    const double hr = oc.excess_mortality(row);
    if (!(std::isfinite(hr) && hr >= 0)) {
      fail_draw("outcome '" + oc.name + "': excess_mortality is " + err::format_value(hr) +
           ", but must be a hazard ratio >= 0");
    }
    w.hr[o] = hr;
  }
  // Reach.
  const std::size_t n_int = m.interventions.size();
  w.reach.resize(n_int * n_sub);
  for (std::size_t i = 0; i < n_int; ++i) {
    for (std::size_t g = 0; g < n_sub; ++g) {
      const double r = m.interventions[i].reach[g](row);
      if (!(r >= 0 && r <= 1)) {
        fail_draw("intervention '" + m.interventions[i].name + "': reach in subgroup '" +
             m.subgroups[g].name + "' is " + err::format_value(r) + ", but must be within [0, 1]");
      }
      w.reach[i * n_sub + g] = r;
    }
  }
  // Effects.
  for (std::size_t o = 0; o < n_out; ++o) {
    for (const auto& s : effects_on[o]) {
      const auto& iv = m.interventions[s.intervention];
      const auto& e = iv.effects[s.effect];
      const std::string where =
          "intervention '" + iv.name + "', effect on '" + m.outcomes[o].name + "'";
      const double v = e.value(row);
      auto check_value = [&](double x, const char* key) {
        if (!std::isfinite(x) || (is_ratio(e.type) && !(x > 0)) ||
            (e.type == effect_type::risk_difference && !(x >= -1 && x <= 1))) {
          fail_draw(where + ": " + key + " is " + err::format_value(x) + ", but must be " +
               (is_ratio(e.type) ? "> 0 (a ratio)"
                : e.type == effect_type::risk_difference ? "within [-1, 1]" : "finite"));
        }
      };
      check_value(v, "value");
      w.effect_value[s.slot] = is_ratio(e.type) ? std::log(v) : v;
      const double overlap = e.overlap(row);
      if (!(overlap >= 0 && overlap <= 1)) {
        fail_draw(where + ": overlap is " + err::format_value(overlap) + ", but must be within [0, 1]");
      }
      w.overlap[s.slot] = overlap;
      const auto& t = e.trajectory;
      try {
        switch (t.kind) {
          case trajectory_kind::persistent:
            w.trajectories[s.slot] = effect_trajectory::persistent(t.start(row), t.ramp_up(row));
            break;
          case trajectory_kind::stop:
            w.trajectories[s.slot] =
                effect_trajectory::ending(t.start(row), t.ramp_up(row), t.duration(row));
            break;
          case trajectory_kind::exponential:
            w.trajectories[s.slot] = effect_trajectory::decaying(
                t.start(row), t.ramp_up(row), t.duration(row), t.half_life(row));
            break;
          case trajectory_kind::two_age: {
            const double v2 = t.value2(row);
            check_value(v2, "value2");
            const double e1 = w.effect_value[s.slot];
            const double e2 = is_ratio(e.type) ? std::log(v2) : v2;
            const double half_life = t.half_life(row);
            w.two_age[s.slot] = half_life > 0
                                    ? two_age_effect::decaying(t.age1, e1, t.age2, e2, half_life)
                                    : two_age_effect::held(t.age1, e1, t.age2, e2);
            break;
          }
        }
      } catch (const std::domain_error& error) {
        fail_draw(where + ", trajectory: " + error.what());
      }
    }
  }
  // Links.
  w.link_rr.resize(m.links.size());
  for (std::size_t l = 0; l < m.links.size(); ++l) {
    const double rr = m.links[l].relative_risk(row);
    if (!(std::isfinite(rr) && rr >= 0)) {
      fail_draw("link '" + m.outcomes[m.links[l].from].name + "' -> '" +
           m.outcomes[m.links[l].to].name + "': relative_risk is " + err::format_value(rr) +
           ", but must be >= 0");
    }
    w.link_rr[l] = rr;
  }
  // Scalars.
  const double male = m.male_share(row);
  if (!(male >= 0 && male <= 1)) {
    fail_draw("male_share is " + err::format_value(male) + ", but must be within [0, 1]");
  }
  w.male_share = male;
  const double mu = m.out_migration(row);
  if (!(mu >= 0 && mu < 1)) {
    fail_draw("out_migration is " + err::format_value(mu) + ", but must be within [0, 1)");
  }
  w.out_migration = mu;
  const double dw = m.deadweight(row);
  if (!(std::isfinite(dw) && dw >= 0)) {
    fail_draw("deadweight is " + err::format_value(dw) + ", but must be >= 0");
  }
  w.deadweight = dw;
}

}  // namespace prevsim::prevention
