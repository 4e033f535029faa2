#pragma once
/// @file
/// The description of a Markov cohort state-transition model (plain data).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "prevsim/cohort/discount.hpp"
#include "prevsim/expr/lookup_table.hpp"

namespace prevsim::cohort {

/// How state occupancy is counted within a cycle (docs/cohort.md has the formulas).
enum class counting {
  beginning,   ///< R_t = Σ_s c_s(t)·m_t[s]: the cohort at the start of the cycle
  end,         ///< R_t = Σ_s c_s(t)·m_{t+1}[s]: the cohort at the end of the cycle
  half_cycle,  ///< R_t = Σ_s c_s(t)·(m_t[s] + m_{t+1}[s])/2: trapezoid, "life-table" method
  simpson,     ///< composite Simpson's rule over trace rows 0..T (3/8 rule on the last three
               ///< intervals when T is odd)
  darth,       ///< the within-cycle weights of the DARTH tutorials (1/3, 2/3, 4/3, 2/3, …,
               ///< 1/3), which are not Simpson's rule; for reproducing their results
};

/// When within a cycle its state rewards are discounted: cycle t (0-based) at
/// time (t + τ)·cycle_length with τ = 0 (start: the first cycle is not
/// discounted), 0.5 (middle) or 1 (end: the first cycle is discounted).
enum class discount_timing { start, middle, end };

/// One entry of a transition matrix: the probability of moving from @p from to
/// @p to within one cycle. The expression "C" means the complement: one minus
/// the other entries of the row.
struct transition {
  std::string from, to, expression;
};

/// A reward accrued per cycle by those in @p state (a cost per cycle, a utility
/// weight × cycle length, 1 for life-years, ...).
struct state_value {
  std::string reward, state, expression;
};

/// A one-off reward on a transition: from @p from to @p to, or with from = "*"
/// on entering @p to from any other state (staying is not entering).
struct transition_value {
  std::string reward, from, to, expression;
};

/// A strategy: its start distribution and, optionally, its own transitions and
/// rewards. Entries it does not give are taken from the model's common ones.
struct strategy {
  std::string name;
  /// Share of the cohort starting in each named state (expressions; states not
  /// named start empty). Empty means the model's common start.
  std::vector<std::pair<std::string, std::string>> start;
  /// Overrides of (from, to) entries of the common transitions.
  std::vector<transition> transitions;
  /// Overrides of (reward, state) entries of the common state values.
  std::vector<state_value> state_values;
  /// Overrides of (reward, from, to) entries of the common transition values.
  std::vector<transition_value> transition_values;
};

/// A reward stream; costs are discounted with the cost schedule, effects with
/// the effect schedule.
struct reward {
  std::string name;
  bool is_cost = true;
};

/// A Markov cohort model with several strategies evaluated on the same draws.
///
/// Expressions may use the sampled parameters by name, derived quantities, the
/// lookup tables (called like functions: mort(age)), the time variables
/// `cycle` (0-based model cycle t), `time` (t·cycle_length years since the
/// start) and `age` (start_age + time), and, for states listed in
/// time_in_state, `time_in_state` (the number of cycles spent in the current
/// state, 1 in the first cycle there).
struct model {
  std::vector<std::string> states;
  std::vector<reward> rewards;
  /// Common parts, overridden per strategy.
  std::vector<std::pair<std::string, std::string>> start;
  std::vector<transition> transitions;
  std::vector<state_value> state_values;
  std::vector<transition_value> transition_values;
  std::vector<strategy> strategies;
  /// Named quantities (name, expression), usable in later expressions.
  std::vector<std::pair<std::string, std::string>> derived;
  std::vector<expr::lookup_table> tables;
  /// States whose time in state is tracked, with the number of cycles tracked
  /// (time_in_state stops counting at this value: "L or more").
  std::vector<std::pair<std::string, int>> time_in_state;

  int cycles = 0;
  double cycle_length = 1.0;  ///< years
  double start_age = 0.0;     ///< years, at cycle 0
  /// Conventions have no defaults: a model states its choices.
  std::optional<counting> counting_method;
  std::optional<discount_timing> timing;
  std::optional<discount_schedule> cost_discount;
  std::optional<discount_schedule> effect_discount;
};

}  // namespace prevsim::cohort
