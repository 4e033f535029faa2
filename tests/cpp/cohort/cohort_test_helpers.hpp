#pragma once
// Helpers for the cohort tests: small model builders and one-shot evaluation.

#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "prevsim/cohort.hpp"
#include "prevsim/param/parameter_set.hpp"

namespace cohort_test {

namespace cohort = prevsim::cohort;

struct evaluation {
  Eigen::MatrixXd discounted;    // strategies × rewards
  Eigen::MatrixXd undiscounted;  // strategies × rewards
  Eigen::MatrixXd trace;         // (T + 1) × states of the traced strategy
};

// Compiles @p m against @p parameters and evaluates it once at the parameter
// means, tracing strategy @p trace_strategy.
inline evaluation evaluate(const cohort::model& m,
                           const prevsim::parameter_set& parameters = prevsim::parameter_set(),
                           std::size_t trace_strategy = 0) {
  const cohort::compiled_model compiled(m, parameters);
  evaluation e;
  auto [d, u] = cohort::evaluate_at(compiled, cohort::internal::parameter_means(parameters),
                                    "test", &e.trace, trace_strategy);
  e.discounted = d;
  e.undiscounted = u;
  return e;
}

// As evaluate(), without a trace: the engine then keeps no occupancy that
// nothing reads (the trace stays empty).
inline evaluation evaluate_totals(const cohort::model& m,
                                  const prevsim::parameter_set& parameters = prevsim::parameter_set()) {
  const cohort::compiled_model compiled(m, parameters);
  evaluation e;
  auto [d, u] = cohort::evaluate_at(compiled, cohort::internal::parameter_means(parameters), "test");
  e.discounted = d;
  e.undiscounted = u;
  return e;
}

// A model with every convention set (callers change what they test).
inline cohort::model conventions(int cycles, cohort::counting counting,
                                 cohort::discount_timing timing, double cost_rate,
                                 double effect_rate) {
  cohort::model m;
  m.cycles = cycles;
  m.counting_method = counting;
  m.timing = timing;
  m.cost_discount = cohort::discount_schedule::constant(cost_rate);
  m.effect_discount = cohort::discount_schedule::constant(effect_rate);
  return m;
}

// alive → dead with probability @p p_die per cycle; rewards "cost" (kind cost,
// @p cost_alive per cycle alive) and "ly" (kind effect, 1 per cycle alive);
// one strategy "only"; everybody starts alive.
inline cohort::model alive_dead(const std::string& p_die, int cycles, cohort::counting counting,
                                cohort::discount_timing timing, double cost_rate,
                                double effect_rate, const std::string& cost_alive = "0") {
  cohort::model m = conventions(cycles, counting, timing, cost_rate, effect_rate);
  m.states = {"alive", "dead"};
  m.rewards = {{"cost", true}, {"ly", false}};
  m.start = {{"alive", "1"}};
  m.transitions = {{"alive", "dead", p_die}, {"alive", "alive", "C"}, {"dead", "dead", "1"}};
  m.state_values = {{"cost", "alive", cost_alive}, {"ly", "alive", "1"}};
  m.strategies = {{"only", {}, {}, {}, {}}};
  return m;
}

// One state S that nobody leaves, one reward "r" (a cost) worth @p value per
// cycle in S: with discounting, an annuity.
inline cohort::model annuity(int cycles, cohort::counting counting,
                             cohort::discount_timing timing, cohort::discount_schedule rate,
                             const std::string& value = "1") {
  cohort::model m = conventions(cycles, counting, timing, 0.0, 0.0);
  m.cost_discount = std::move(rate);
  m.states = {"S"};
  m.rewards = {{"r", true}};
  m.start = {{"S", "1"}};
  m.transitions = {{"S", "S", "1"}};
  m.state_values = {{"r", "S", value}};
  m.strategies = {{"only", {}, {}, {}, {}}};
  return m;
}

}  // namespace cohort_test
