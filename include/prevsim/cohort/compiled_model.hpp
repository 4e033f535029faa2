#pragma once
/// @file
/// A cohort model checked and compiled against its parameter set.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "prevsim/cohort/model.hpp"
#include "prevsim/dist/distribution.hpp"
#include "prevsim/err/throw_error.hpp"
#include "prevsim/expr/analysis.hpp"
#include "prevsim/expr/program.hpp"
#include "prevsim/param/parameter_set.hpp"

namespace prevsim::cohort {

/// A model whose structure has been validated and whose expressions have been
/// compiled, ready for the engine. Everything that can be checked without
/// running the model is checked here, before any simulation: names of states,
/// rewards, strategies and parameters, the conventions, the cycle count, every
/// expression (unknown names with a suggestion, wrong argument counts), start
/// distributions and transition rows that are constant.
///
/// \test tests/cpp/cohort/compiled_model_test.cpp
class compiled_model {
 public:
  static constexpr int none = -1;

  /// One entry of a transition row.
  struct entry {
    std::size_t to = 0;
    int program = none;  ///< none for the complement
    std::string label;   ///< "S1 -> S2" for messages
  };
  struct row {
    std::vector<entry> entries;
    int complement = none;  ///< index into entries, or none
    bool uses_state_time = false;
  };
  struct transition_reward {
    std::size_t reward = 0, from = 0, to = 0;
    int program = none;
  };
  struct strategy_plan {
    std::string name;
    std::vector<int> start;                      ///< per state: program or none (0)
    std::vector<row> rows;                       ///< per from-state
    std::vector<std::vector<int>> state_values;  ///< [reward][state]: program or none
    std::vector<transition_reward> transition_rewards;
  };

  compiled_model(model m, const parameter_set& parameters) : model_(std::move(m)) {
    validate_structure(parameters);
    build_symbols(parameters);
    for (std::size_t s = 0; s < model_.strategies.size(); ++s) plan_strategy(s);
    group_rows();
    group_traces();
    precompute_series();
    precompute_discounting();
  }

  const model& description() const { return model_; }
  const std::vector<strategy_plan>& strategies() const { return plans_; }
  const std::vector<expr::program>& programs() const { return programs_; }
  /// Sizes of the slot bank: parameters first, then the time slots.
  std::size_t parameter_slots() const { return parameter_count_; }
  std::size_t slot_count() const { return symbols_.slots.size(); }
  /// The name of input slot @p slot (a parameter, derived quantity, time variable).
  const std::string& slot_name(std::size_t slot) const { return symbols_.slots[slot].name; }
  /// True for slots that hold a parameter or a derived quantity (not time, not a
  /// lifted series).
  bool is_model_input(std::size_t slot) const {
    return slot < parameter_count_ || derived_program(slot) >= 0;
  }
  /// The program computing derived slot @p slot, or −1 for other slots.
  long derived_program(std::size_t slot) const {
    for (const auto& [program, derived] : derived_slots_) {
      if (derived == slot) return static_cast<long>(program);
    }
    return -1;
  }
  std::size_t cycle_slot() const { return parameter_count_; }
  std::size_t time_slot() const { return parameter_count_ + 1; }
  std::size_t age_slot() const { return parameter_count_ + 2; }
  std::size_t state_time_slot() const { return parameter_count_ + 3; }
  /// Time series lifted out of expressions: value of series j at cycle t.
  double series(std::size_t j, int t) const { return series_values_[j][static_cast<std::size_t>(t)]; }
  std::size_t series_count() const { return series_programs_.size(); }
  std::size_t series_slot(std::size_t j) const { return series_slots_[j]; }
  /// (program, slot) of each derived quantity computed into a slot, in order.
  const std::vector<std::pair<std::size_t, std::size_t>>& derived_slots() const {
    return derived_slots_;
  }
  /// Rows defined identically (same entries, same expressions) in several
  /// strategies form one group, computed once per cycle for all of them.
  int row_group(std::size_t strategy, std::size_t from) const {
    return row_groups_[strategy][from];
  }
  std::size_t row_group_count() const { return group_members_.size(); }
  /// The (strategy, from-state) that defines group g (its first member).
  std::pair<std::size_t, std::size_t> row_group_definition(std::size_t g) const {
    return group_members_[g];
  }
  /// Strategies with the same start distribution and the same rows have the
  /// same trace: trace group of a strategy, and the number of groups.
  std::size_t trace_group(std::size_t strategy) const { return trace_groups_[strategy]; }
  std::size_t trace_group_count() const { return trace_group_count_; }
  /// Tracked cycles per state (1 if not tracked).
  int tracked(std::size_t state) const { return tracked_[state]; }
  std::size_t max_registers() const { return max_registers_; }
  /// Discount factors: [0 = costs, 1 = effects][t] for state rewards of cycle t
  /// (or trace row t for Simpson, t = 0..T), and for transition rewards of cycle t.
  double state_discount(bool effect, int t) const {
    return state_discount_[effect ? 1 : 0][static_cast<std::size_t>(t)];
  }
  double transition_discount(bool effect, int t) const {
    return transition_discount_[effect ? 1 : 0][static_cast<std::size_t>(t)];
  }
  /// True if costs and effects have the same discount factors at every time:
  /// their discounted sums are then equal term by term and are kept once.
  bool same_discounting() const {
    return state_discount_[0] == state_discount_[1] &&
           transition_discount_[0] == transition_discount_[1];
  }
  /// True for the counting methods that weight trace rows (simpson, darth).
  bool row_based() const {
    return *model_.counting_method == counting::simpson ||
           *model_.counting_method == counting::darth;
  }
  /// Weight of trace row i = 0..T under a row-based counting method.
  double row_weight(int i) const { return row_weights_[static_cast<std::size_t>(i)]; }

 private:
  [[noreturn]] static void fail(const std::string& message) {
    err::throw_invalid_argument("cohort model", message);
  }

  static std::string join(const std::vector<std::string>& names) {
    std::string s;
    for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
    return s;
  }

  std::size_t state_index(const std::string& name, const std::string& where) const {
    for (std::size_t i = 0; i < model_.states.size(); ++i) {
      if (model_.states[i] == name) return i;
    }
    fail(where + " is '" + name + "', but must be one of the states (" + join(model_.states) + ")");
  }
  std::size_t reward_index(const std::string& name, const std::string& where) const {
    for (std::size_t i = 0; i < model_.rewards.size(); ++i) {
      if (model_.rewards[i].name == name) return i;
    }
    std::vector<std::string> names;
    for (const auto& r : model_.rewards) names.push_back(r.name);
    fail(where + " is '" + name + "', but must be one of the rewards (" + join(names) + ")");
  }

  void validate_structure(const parameter_set& parameters) {
    if (model_.states.empty()) fail("states is empty, but a model needs at least one state");
    check_unique(model_.states, "states");
    if (model_.rewards.empty()) fail("rewards is empty, but a model needs at least one reward");
    std::vector<std::string> reward_names;
    for (const auto& r : model_.rewards) reward_names.push_back(r.name);
    check_unique(reward_names, "rewards");
    if (model_.strategies.empty()) fail("strategies is empty, but a model needs at least one");
    std::vector<std::string> strategy_names;
    for (const auto& s : model_.strategies) strategy_names.push_back(s.name);
    check_unique(strategy_names, "strategies");
    if (model_.cycles < 1 || model_.cycles > 100000) {
      err::throw_domain_error("cohort model", "cycles", model_.cycles, "within [1, 100000]");
    }
    err::check_positive("cohort model", "cycle_length", model_.cycle_length);
    err::check_nonnegative("cohort model", "start_age", model_.start_age);
    if (!model_.counting_method) {
      fail("counting is not set; state it: 'beginning', 'end', 'half_cycle', 'simpson' or 'darth'");
    }
    if (!model_.timing) fail("discount_timing is not set; state it: 'start', 'middle' or 'end'");
    if (!model_.cost_discount) fail("the cost discount rate is not set (0 is a valid choice)");
    if (!model_.effect_discount) fail("the effect discount rate is not set (0 is a valid choice)");
    if ((*model_.counting_method == counting::simpson ||
         *model_.counting_method == counting::darth) &&
        *model_.timing != discount_timing::start) {
      fail("discount_timing must be 'start' with counting 'simpson' or 'darth', which discount "
           "every trace row at its own time");
    }
    const std::set<std::string> reserved = {"cycle", "time", "age", "time_in_state", "C"};
    for (const auto& name : parameters.column_names()) {
      if (reserved.count(name)) {
        fail("parameter '" + name + "' has a name reserved for the model (cycle, time, age, "
             "time_in_state, C)");
      }
    }
    tracked_.assign(model_.states.size(), 1);
    listed_.assign(model_.states.size(), false);
    for (const auto& [state, cycles] : model_.time_in_state) {
      const std::size_t s = state_index(state, "time_in_state state");
      if (cycles < 1 || cycles > 10000) {
        err::throw_domain_error("cohort model", "time_in_state cycles for " + state, cycles,
                                "within [1, 10000]");
      }
      tracked_[s] = cycles;
      listed_[s] = true;  // tracking a single cycle is allowed: time_in_state is then 1
    }
  }

  static void check_unique(const std::vector<std::string>& names, const std::string& what) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].empty()) fail(what + " has an empty name");
      for (std::size_t j = 0; j < i; ++j) {
        if (names[i] == names[j]) fail(what + " names '" + names[i] + "' twice");
      }
    }
  }

  void build_symbols(const parameter_set& parameters) {
    const auto columns = parameters.column_names();
    parameter_count_ = columns.size();
    for (const auto& c : columns) symbols_.add_slot(c, expr::depends::draw);
    symbols_.add_slot("cycle", expr::depends::time);
    symbols_.add_slot("time", expr::depends::time);
    symbols_.add_slot("age", expr::depends::time);
    symbols_.add_slot("time_in_state", expr::depends::state_time);
    for (const auto& t : model_.tables) {
      if (symbols_.find_slot(t.name()) >= 0 || symbols_.tables.count(t.name())) {
        fail("table '" + t.name() + "' has the name of a parameter or another table");
      }
      symbols_.tables.emplace(t.name(), t);
    }
    // Derived quantities, in order: each is compiled (so errors in a definition
    // are reported even when nothing uses it) and computed once per draw or
    // cycle into a slot of its own, which later expressions read. One that
    // depends on time in state is instead expanded where it is used.
    for (std::size_t k = 0; k < model_.derived.size(); ++k) {
      const auto& [name, source] = model_.derived[k];
      if (symbols_.find_slot(name) >= 0 || symbols_.tables.count(name) ||
          symbols_.derived.count(name)) {
        fail("derived quantity '" + name + "' has the name of a parameter, table, built-in "
             "variable or another derived quantity");
      }
      check_derived_references(k);
      const int p = compile_expression(source, "derived." + name);
      if (programs_[static_cast<std::size_t>(p)].dependence() & expr::depends::state_time) {
        symbols_.derived[name] = expr::parse(source, "derived." + name);
        continue;
      }
      const std::size_t slot =
          symbols_.add_slot(name, programs_[static_cast<std::size_t>(p)].dependence());
      derived_slots_.push_back({static_cast<std::size_t>(p), slot});
    }
  }

  /// A derived quantity can use only those defined before it: its own name, or
  /// a later one, in its definition is reported as such rather than as an
  /// unknown name.
  void check_derived_references(std::size_t k) const {
    const auto& [name, source] = model_.derived[k];
    const std::string where = "derived." + name;
    const expr::node tree = expr::parse(source, where);
    std::vector<const expr::node*> pending{&tree};
    while (!pending.empty()) {
      const expr::node* n = pending.back();
      pending.pop_back();
      if (n->what == expr::node::kind::name) {
        if (n->text == name) {
          err::throw_invalid_argument(where, "in expression '" + source + "': '" + name +
                                                 "' is defined in terms of itself");
        }
        for (std::size_t j = k + 1; j < model_.derived.size(); ++j) {
          if (n->text == model_.derived[j].first) {
            err::throw_invalid_argument(
                where, "in expression '" + source + "': '" + n->text + "' is defined after '" +
                           name + "'; a derived quantity can use only those defined before it");
          }
        }
      }
      for (const auto& a : n->args) pending.push_back(&a);
    }
  }

  /// Compiles (or reuses) the program for @p source; returns its index.
  int compile_expression(const std::string& source, const std::string& where) {
    const auto found = program_index_.find(source);
    if (found != program_index_.end()) return found->second;
    std::vector<std::string> expanding;
    expr::node tree = expr::expand_derived(expr::parse(source, where), symbols_, where, expanding);
    static const std::vector<std::string> time_names = {"cycle", "time", "age"};
    tree = expr::lift_time_only(tree, symbols_, time_names, [&](const expr::node& sub) {
      const std::string key = expr::to_text(sub);
      for (std::size_t j = 0; j < series_keys_.size(); ++j) {
        if (series_keys_[j] == key) return series_names_[j];
      }
      const std::string name = "$series" + std::to_string(series_keys_.size());
      series_keys_.push_back(key);
      series_names_.push_back(name);
      series_trees_.push_back(sub);
      series_sources_.push_back(source);
      return name;
    });
    // Register new series slots before compiling the expression that reads them.
    while (series_slots_.size() < series_names_.size()) {
      series_slots_.push_back(
          symbols_.add_slot(series_names_[series_slots_.size()], expr::depends::time));
    }
    expr::compiler compiler(symbols_);
    programs_.push_back(compiler.compile(tree, source, where));
    max_registers_ = std::max(max_registers_, programs_.back().registers());
    const int index = static_cast<int>(programs_.size() - 1);
    program_index_[source] = index;
    return index;
  }

  void plan_strategy(std::size_t s) {
    const auto& st = model_.strategies[s];
    const std::string prefix = "strategy '" + st.name + "'";
    strategy_plan plan;
    plan.name = st.name;
    const std::size_t n = model_.states.size();

    // Start distribution: the strategy's own, else the common one.
    const auto& start = st.start.empty() ? model_.start : st.start;
    if (start.empty()) fail(prefix + " has no start distribution (and the model gives none)");
    plan.start.assign(n, none);
    double constant_sum = 0;
    bool all_constant = true;
    for (const auto& [state, source] : start) {
      const std::size_t i = state_index(state, prefix + ", start state");
      if (plan.start[i] != none) fail(prefix + " gives the start share of '" + state + "' twice");
      plan.start[i] = compile_expression(source, prefix + ", start." + state);
      const auto& p = programs_[static_cast<std::size_t>(plan.start[i])];
      if (p.dependence() & (expr::depends::time | expr::depends::state_time)) {
        fail(prefix + ", start." + state + ": '" + source +
             "' depends on time, but a start share is fixed at cycle 0");
      }
      if (p.is_constant()) {
        if (!(p.constant_value() >= 0)) {
          err::throw_domain_error("cohort model", prefix + ", start share of " + state,
                                  p.constant_value(), ">= 0");
        }
        constant_sum += p.constant_value();
      } else {
        all_constant = false;
      }
    }
    if (all_constant && std::fabs(constant_sum - 1.0) > 1e-9) {
      err::throw_domain_error("cohort model", prefix + ", the sum of the start shares",
                              constant_sum, "1 (within 1e-9)");
    }

    // Transitions: common entries overridden by the strategy's own.
    std::map<std::pair<std::size_t, std::size_t>, std::string> entries;
    auto add_transitions = [&](const std::vector<transition>& list, const std::string& where,
                               bool is_override) {
      std::set<std::pair<std::size_t, std::size_t>> seen;
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto& t = list[k];
        const std::string w = where + "[" + std::to_string(k + 1) + "]";
        const std::size_t from = state_index(t.from, w + ".from");
        const std::size_t to = state_index(t.to, w + ".to");
        if (!seen.insert({from, to}).second) {
          fail(w + ": the transition " + t.from + " -> " + t.to + " is given twice");
        }
        (void)is_override;
        entries[{from, to}] = t.expression;
      }
    };
    add_transitions(model_.transitions, "transitions", false);
    add_transitions(st.transitions, prefix + ", transitions", true);
    plan.rows.resize(n);
    for (const auto& [key, source] : entries) {
      const auto [from, to] = key;
      auto& r = plan.rows[from];
      entry e;
      e.to = to;
      e.label = model_.states[from] + " -> " + model_.states[to];
      const std::string where = prefix + ", transition " + e.label;
      if (source == "C" || source == "c" || source == "complement") {
        if (r.complement != none) {
          fail(where + ": the row of '" + model_.states[from] + "' has two complements ('C')");
        }
        r.complement = static_cast<int>(r.entries.size());
      } else {
        e.program = compile_expression(source, where);
        const auto& p = programs_[static_cast<std::size_t>(e.program)];
        if ((p.dependence() & expr::depends::state_time) && !listed_[from]) {
          fail(where + ": '" + source + "' uses time_in_state, but '" + model_.states[from] +
               "' is not listed in time_in_state");
        }
        if (p.dependence() & expr::depends::state_time) r.uses_state_time = true;
      }
      r.entries.push_back(e);
    }
    for (std::size_t from = 0; from < n; ++from) {
      const auto& r = plan.rows[from];
      if (r.entries.empty()) {
        fail(prefix + ": state '" + model_.states[from] +
             "' has no transitions out; an absorbing state needs '" + model_.states[from] +
             " -> " + model_.states[from] + " = 1'");
      }
      check_constant_row(r, prefix, model_.states[from]);
    }

    // State values.
    plan.state_values.assign(model_.rewards.size(), std::vector<int>(n, none));
    auto add_values = [&](const std::vector<state_value>& list, const std::string& where) {
      std::set<std::pair<std::size_t, std::size_t>> seen;
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto& v = list[k];
        const std::string w = where + "[" + std::to_string(k + 1) + "]";
        const std::size_t r = reward_index(v.reward, w + ".reward");
        const std::size_t s2 = state_index(v.state, w + ".state");
        if (!seen.insert({r, s2}).second) {
          fail(w + ": the value of '" + v.reward + "' in state '" + v.state + "' is given twice");
        }
        const std::string ctx = prefix + ", value of " + v.reward + " in " + v.state;
        const int p = compile_expression(v.expression, ctx);
        if ((programs_[static_cast<std::size_t>(p)].dependence() & expr::depends::state_time) &&
            !listed_[s2]) {
          fail(ctx + ": '" + v.expression + "' uses time_in_state, but '" + v.state +
               "' is not listed in time_in_state");
        }
        plan.state_values[r][s2] = p;
      }
    };
    add_values(model_.state_values, "state_values");
    add_values(st.state_values, prefix + ", state_values");

    // Transition values.
    std::map<std::tuple<std::size_t, std::size_t, std::size_t>, int> tv;
    auto add_tv = [&](const std::vector<transition_value>& list, const std::string& where) {
      for (std::size_t k = 0; k < list.size(); ++k) {
        const auto& v = list[k];
        const std::string w = where + "[" + std::to_string(k + 1) + "]";
        const std::size_t r = reward_index(v.reward, w + ".reward");
        const std::size_t to = state_index(v.to, w + ".to");
        const std::string ctx = prefix + ", value of " + v.reward + " on " + v.from + " -> " + v.to;
        const int p = compile_expression(v.expression, ctx);
        if (programs_[static_cast<std::size_t>(p)].dependence() & expr::depends::state_time) {
          fail(ctx + ": transition values cannot use time_in_state");
        }
        if (v.from == "*") {
          for (std::size_t from = 0; from < n; ++from) {
            if (from != to) tv[{r, from, to}] = p;
          }
        } else {
          tv[{r, state_index(v.from, w + ".from"), to}] = p;
        }
      }
    };
    add_tv(model_.transition_values, "transition_values");
    add_tv(st.transition_values, prefix + ", transition_values");
    for (const auto& [key, p] : tv) {
      const auto [r, from, to] = key;
      bool exists = false;
      for (const auto& e : plan.rows[from].entries) exists = exists || e.to == to;
      if (!exists) continue;  // a transition that cannot happen accrues nothing
      plan.transition_rewards.push_back({r, from, to, p});
    }
    plans_.push_back(std::move(plan));
  }

  void group_rows() {
    std::map<std::vector<long>, int> ids;
    row_groups_.assign(plans_.size(), std::vector<int>(model_.states.size(), 0));
    for (std::size_t si = 0; si < plans_.size(); ++si) {
      for (std::size_t from = 0; from < model_.states.size(); ++from) {
        const auto& r = plans_[si].rows[from];
        std::vector<long> key{static_cast<long>(from), r.complement};
        for (const auto& e : r.entries) {
          key.push_back(static_cast<long>(e.to));
          key.push_back(e.program);
        }
        const auto [it, inserted] = ids.emplace(key, static_cast<int>(group_members_.size()));
        if (inserted) group_members_.push_back({si, from});
        row_groups_[si][from] = it->second;
      }
    }
  }

  void group_traces() {
    std::map<std::vector<long>, std::size_t> ids;
    trace_groups_.resize(plans_.size());
    for (std::size_t si = 0; si < plans_.size(); ++si) {
      std::vector<long> key;
      for (const int p : plans_[si].start) key.push_back(p);
      for (const int g : row_groups_[si]) key.push_back(g);
      const auto [it, inserted] = ids.emplace(key, ids.size());
      trace_groups_[si] = it->second;
    }
    trace_group_count_ = ids.size();
  }

  void check_constant_row(const row& r, const std::string& prefix, const std::string& state) {
    double sum = 0;
    for (const auto& e : r.entries) {
      if (e.program == none) continue;
      const auto& p = programs_[static_cast<std::size_t>(e.program)];
      if (!p.is_constant()) return;
      const double v = p.constant_value();
      if (!(v >= 0 && v <= 1)) {
        err::throw_domain_error("cohort model", prefix + ", probability of " + e.label, v,
                                "within [0, 1]");
      }
      sum += v;
    }
    if (r.complement == none ? std::fabs(sum - 1.0) > 1e-9 : sum > 1.0 + 1e-9) {
      err::throw_domain_error(
          "cohort model", prefix + ", the sum of the transition probabilities out of " + state,
          sum, r.complement == none ? "1 (within 1e-9; give one entry as 'C' for the rest)"
                                    : "at most 1");
    }
  }

  void precompute_series() {
    expr::compiler compiler(symbols_);
    const int last = model_.cycles;  // rows 0..T
    series_values_.assign(series_trees_.size(), std::vector<double>(static_cast<std::size_t>(last) + 1));
    std::vector<double> bank(symbols_.slots.size(), 0.0);
    for (std::size_t j = 0; j < series_trees_.size(); ++j) {
      series_programs_.push_back(compiler.compile(series_trees_[j], series_sources_[j],
                                                  "time series of '" + series_sources_[j] + "'"));
      std::vector<double> scratch(series_programs_.back().registers() + 1);
      for (int t = 0; t <= last; ++t) {
        bank[cycle_slot()] = t;
        bank[time_slot()] = t * model_.cycle_length;
        bank[age_slot()] = model_.start_age + t * model_.cycle_length;
        double out = 0;
        series_programs_.back().run(bank.data(), 1, scratch.data(), &out);
        series_values_[j][static_cast<std::size_t>(t)] = out;
      }
    }
  }

  // Row weights: composite Simpson 1/3 (h/3·(1, 4, 2, …, 4, 1)) when T is even;
  // for odd T, Simpson 1/3 on rows 0..T−3 and Simpson 3/8 (3/8·(1, 3, 3, 1)) on
  // the last three intervals; the trapezoid for T = 1. DARTH: 1/3 at both ends,
  // 2/3 on odd rows and 4/3 on even rows (darthtools' gen_wcc).
  void precompute_row_weights() {
    const int last = model_.cycles;
    row_weights_.assign(static_cast<std::size_t>(last) + 1, 0.0);
    auto w = [&](int i) -> double& { return row_weights_[static_cast<std::size_t>(i)]; };
    if (*model_.counting_method == counting::darth) {
      for (int i = 1; i < last; ++i) w(i) = i % 2 == 1 ? 2.0 / 3.0 : 4.0 / 3.0;
      w(0) = w(last) = 1.0 / 3.0;
      return;
    }
    if (last == 1) {
      w(0) = w(1) = 0.5;
      return;
    }
    const int simpson_end = last % 2 == 0 ? last : last - 3;
    for (int i = 0; i < simpson_end; i += 2) {
      w(i) += 1.0 / 3.0;
      w(i + 1) += 4.0 / 3.0;
      w(i + 2) += 1.0 / 3.0;
    }
    if (simpson_end != last) {
      w(last - 3) += 3.0 / 8.0;
      w(last - 2) += 9.0 / 8.0;
      w(last - 1) += 9.0 / 8.0;
      w(last) += 3.0 / 8.0;
    }
  }

  void precompute_discounting() {
    precompute_row_weights();
    const int last = model_.cycles;
    const double tau = *model_.timing == discount_timing::start    ? 0.0
                       : *model_.timing == discount_timing::middle ? 0.5
                                                                   : 1.0;
    const discount_schedule* schedules[2] = {&*model_.cost_discount, &*model_.effect_discount};
    for (int k = 0; k < 2; ++k) {
      state_discount_[k].resize(static_cast<std::size_t>(last) + 1);
      transition_discount_[k].resize(static_cast<std::size_t>(last) + 1);
      for (int t = 0; t <= last; ++t) {
        state_discount_[k][static_cast<std::size_t>(t)] =
            schedules[k]->factor((t + tau) * model_.cycle_length);
        transition_discount_[k][static_cast<std::size_t>(t)] =
            schedules[k]->factor((t + 1) * model_.cycle_length);
      }
    }
  }

  model model_;
  expr::symbol_table symbols_;
  std::size_t parameter_count_ = 0;
  std::vector<expr::program> programs_;
  std::map<std::string, int> program_index_;
  std::vector<strategy_plan> plans_;
  std::vector<int> tracked_;
  std::vector<bool> listed_;  ///< per state: named in time_in_state
  std::size_t max_registers_ = 1;
  std::vector<std::string> series_keys_, series_names_, series_sources_;
  std::vector<std::size_t> series_slots_;
  std::vector<std::pair<std::size_t, std::size_t>> derived_slots_;
  std::vector<expr::node> series_trees_;
  std::vector<expr::program> series_programs_;
  std::vector<std::vector<double>> series_values_;
  std::vector<double> state_discount_[2], transition_discount_[2];
  std::vector<double> row_weights_;
  std::vector<std::vector<int>> row_groups_;
  std::vector<std::pair<std::size_t, std::size_t>> group_members_;
  std::vector<std::size_t> trace_groups_;
  std::size_t trace_group_count_ = 0;
};

}  // namespace prevsim::cohort
