// Tests for include/prevsim/cohort/compiled_model.hpp and the model errors
// the engine reports when run at the parameter means: every message is
// asserted whole (where, what, why).

#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cohort/cohort_test_helpers.hpp"
#include "prevsim/cohort.hpp"
#include "prevsim/dist/fixed.hpp"
#include "prevsim/dist/gamma.hpp"
#include "prevsim/param/sampler.hpp"

using Catch::Matchers::Message;
namespace cohort = prevsim::cohort;
using cohort::counting;
using cohort::discount_timing;

namespace {

// H, Sick, D; strategies A and B; one cost and one effect.
cohort::model sick_model() {
  auto m = cohort_test::conventions(10, counting::beginning, discount_timing::start, 0.03, 0.03);
  m.states = {"H", "Sick", "D"};
  m.rewards = {{"cost", true}, {"qaly", false}};
  m.start = {{"H", "1"}};
  m.transitions = {{"H", "Sick", "0.1"}, {"H", "D", "0.01"},     {"H", "H", "C"},
                   {"Sick", "D", "0.05"}, {"Sick", "Sick", "C"}, {"D", "D", "1"}};
  m.state_values = {{"cost", "Sick", "1000"}, {"qaly", "H", "1"}, {"qaly", "Sick", "0.7"}};
  m.strategies = {{"A", {}, {}, {}, {}}, {"B", {}, {}, {}, {}}};
  return m;
}

prevsim::parameter_set one_parameter() {
  prevsim::parameter_set ps;
  ps.add("c_sick", prevsim::dist::gamma(10, 100));
  return ps;
}

void compile(const cohort::model& m, const prevsim::parameter_set& ps = one_parameter()) {
  const cohort::compiled_model compiled(m, ps);
  (void)compiled;
}

// Compiles and evaluates at the means (as the preflight of simulate does).
void run_at_means(const cohort::model& m, const prevsim::parameter_set& ps = one_parameter()) {
  const cohort::compiled_model compiled(m, ps);
  cohort::evaluate_at(compiled, cohort::internal::parameter_means(ps),
                      "with every parameter at its mean");
}

}  // namespace

TEST_CASE("compiled_model: the example model compiles and runs", "[cohort][compiled_model]") {
  // The baseline of every error test below is valid.
  CHECK_NOTHROW(run_at_means(sick_model()));
  const cohort::compiled_model compiled(sick_model(), one_parameter());
  CHECK(compiled.strategies().size() == 2);
  CHECK(compiled.parameter_slots() == 1);
  CHECK(compiled.tracked(0) == 1);
  CHECK_FALSE(compiled.row_based());
}

TEST_CASE("errors: a transition row summing to 1.02 at cycle 7 of strategy B",
          "[cohort][compiled_model][errors]") {
  // In strategy B only, H → Sick is 0.12 in cycle 6 (0-based; the 7th cycle)
  // and 0.1 otherwise, with H → H = 0.8 and H → D = 0.1 given explicitly: the
  // row sums to 1 in every cycle but the 7th, where it is 1.02.
  auto m = sick_model();
  m.transitions[1].expression = "0.1";   // H → D
  m.transitions[2].expression = "0.8";   // H → H, no complement
  m.strategies[1].transitions = {{"H", "Sick", "if(cycle == 6, 0.12, 0.1)"}};
  m.state_values[0].expression = "c_sick";
  const auto ps = one_parameter();
  const cohort::compiled_model compiled(m, ps);  // not constant: not caught when compiling
  const std::string expected =
      "cohort model: with every parameter at its mean, strategy 'B', cycle 7: the sum of the "
      "transition probabilities out of 'H' is 1.02, but must be 1 (within 1e-9); give one entry "
      "as 'C' for the rest of the row";
  CHECK_THROWS_MATCHES(run_at_means(m), std::invalid_argument, Message(expected));
  // simulate stops in its preflight at the means, before any draw: the message
  // names the means, not a draw.
  const prevsim::parameter_sampler sampler(ps, 1);
  CHECK_THROWS_MATCHES(cohort::simulate(compiled, sampler, 0, 64, 1), std::invalid_argument,
                       Message(expected));
  // With the row fine in every cycle the same model runs.
  m.strategies[1].transitions = {{"H", "Sick", "0.1"}};
  CHECK_NOTHROW(run_at_means(m));
}

TEST_CASE("errors: a constant row that does not sum to 1 is caught when compiling",
          "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.strategies[1].transitions = {{"H", "H", "0.8"}, {"H", "Sick", "0.12"}, {"H", "D", "0.1"}};
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: strategy 'B', the sum of the transition "
                               "probabilities out of H is 1.02, but must be 1 (within 1e-9; give "
                               "one entry as 'C' for the rest)"));
  m = sick_model();
  m.transitions[0].expression = "0.6";
  m.transitions[1].expression = "0.5";
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: strategy 'A', the sum of the transition "
                               "probabilities out of H is 1.1, but must be at most 1"));
  m = sick_model();
  m.transitions[0].expression = "1.5";
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: strategy 'A', probability of H -> Sick is 1.5, but "
                               "must be within [0, 1]"));
}

TEST_CASE("errors: probabilities that go wrong at some cycle, at the means",
          "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.transitions[0].expression = "if(cycle == 3, 1.5, 0.1)";
  CHECK_THROWS_MATCHES(run_at_means(m), std::invalid_argument,
                       Message("cohort model: with every parameter at its mean, strategy 'A', "
                               "cycle 4: the probability of H -> Sick ('if(cycle == 3, 1.5, 0.1)') "
                               "is 1.5, but must be within [0, 1]"));
  // With a complement, the other entries may not exceed 1: 0.6 + 0.5 = 1.1 in cycle 3.
  m = sick_model();
  m.transitions[0].expression = "0.6";
  m.transitions[1].expression = "if(cycle == 2, 0.5, 0.2)";
  CHECK_THROWS_MATCHES(run_at_means(m), std::invalid_argument,
                       Message("cohort model: with every parameter at its mean, strategy 'A', "
                               "cycle 3: the sum of the transition probabilities out of 'H' is "
                               "1.1 before the complement ('C'), but must be at most 1"));
  // A total that is not finite (1/0 in cycle 3).
  m = sick_model();
  m.state_values[0].expression = "1 / (cycle - 3)";
  CHECK_THROWS_MATCHES(run_at_means(m), std::invalid_argument,
                       Message("cohort model: with every parameter at its mean, strategy 'A': the "
                               "total of 'cost' is inf, but must be finite (check its values for "
                               "division by zero or overflow)"));
}

TEST_CASE("errors: mismatched state names list the states", "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.transitions[0].to = "Sik";
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: transitions[1].to is 'Sik', but must be one of the "
                               "states (H, Sick, D)"));
  m = sick_model();
  m.transitions[3].from = "sick";
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: transitions[4].from is 'sick', but must be one of "
                               "the states (H, Sick, D)"));
  m = sick_model();
  m.strategies[1].transitions = {{"H", "Sik", "0.2"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'B', transitions[1].to is 'Sik', but must "
                               "be one of the states (H, Sick, D)"));
  m = sick_model();
  m.state_values[1].state = "Healthy";
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: state_values[2].state is 'Healthy', but must be one "
                               "of the states (H, Sick, D)"));
  m = sick_model();
  m.start = {{"h", "1"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A', start state is 'h', but must be one "
                               "of the states (H, Sick, D)"));
  m = sick_model();
  m.transition_values = {{"cost", "*", "Dead", "100"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: transition_values[1].to is 'Dead', but must be one "
                               "of the states (H, Sick, D)"));
  m = sick_model();
  m.state_values[0].reward = "costs";
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: state_values[1].reward is 'costs', but must be one "
                               "of the rewards (cost, qaly)"));
}

TEST_CASE("errors: the cycle count and the model's size", "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.cycles = 0;
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: cycles is 0, but must be within [1, 100000]"));
  m.cycles = -3;
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: cycles is -3, but must be within [1, 100000]"));
  m = sick_model();
  m.cycle_length = 0;
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: cycle_length is 0, but must be finite and > 0"));
  m = sick_model();
  m.states.clear();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: states is empty, but a model needs at least one "
                               "state"));
  m = sick_model();
  m.states.push_back("H");
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: states names 'H' twice"));
  m = sick_model();
  m.rewards.clear();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: rewards is empty, but a model needs at least one "
                               "reward"));
  m = sick_model();
  m.strategies.clear();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategies is empty, but a model needs at least "
                               "one"));
}

TEST_CASE("errors: conventions must be stated", "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.counting_method.reset();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: counting is not set; state it: 'beginning', 'end', "
                               "'half_cycle', 'simpson' or 'darth'"));
  m = sick_model();
  m.timing.reset();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: discount_timing is not set; state it: 'start', "
                               "'middle' or 'end'"));
  m = sick_model();
  m.cost_discount.reset();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: the cost discount rate is not set (0 is a valid "
                               "choice)"));
  m = sick_model();
  m.effect_discount.reset();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: the effect discount rate is not set (0 is a valid "
                               "choice)"));
  for (const auto c : {counting::simpson, counting::darth}) {
    for (const auto t : {discount_timing::middle, discount_timing::end}) {
      m = sick_model();
      m.counting_method = c;
      m.timing = t;
      CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                           Message("cohort model: discount_timing must be 'start' with counting "
                                   "'simpson' or 'darth', which discount every trace row at its "
                                   "own time"));
    }
  }
}

TEST_CASE("errors: time_in_state used for a state whose time is not tracked",
          "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.transitions[3].expression = "0.05 * time_in_state";  // Sick → D
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A', transition Sick -> D: '0.05 * "
                               "time_in_state' uses time_in_state, but 'Sick' is not listed in "
                               "time_in_state"));
  // Tracking the state makes it valid.
  m.time_in_state = {{"Sick", 5}};
  CHECK_NOTHROW(run_at_means(m));
  // Tracking another state does not.
  m.time_in_state = {{"H", 5}};
  CHECK_THROWS_WITH(compile(m), Catch::Contains("'Sick' is not listed in time_in_state"));

  // Through a derived quantity, in a state value.
  m = sick_model();
  m.derived = {{"extra", "10 * time_in_state"}};
  m.state_values[0].expression = "1000 + extra";
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A', value of cost in Sick: '1000 + extra' "
                               "uses time_in_state, but 'Sick' is not listed in time_in_state"));
  // Transition values cannot use it at all.
  m = sick_model();
  m.time_in_state = {{"Sick", 5}};
  m.transition_values = {{"cost", "Sick", "D", "time_in_state"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A', value of cost on Sick -> D: "
                               "transition values cannot use time_in_state"));
  // A start share is fixed at cycle 0.
  m = sick_model();
  m.start = {{"H", "1 - 0 * cycle"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A', start.H: '1 - 0 * cycle' depends on "
                               "time, but a start share is fixed at cycle 0"));
  m = sick_model();
  m.time_in_state = {{"Sick", 0}};
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: time_in_state cycles for Sick is 0, but must be "
                               "within [1, 10000]"));
  m.time_in_state = {{"Sck", 3}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: time_in_state state is 'Sck', but must be one of "
                               "the states (H, Sick, D)"));
}

TEST_CASE("compiled_model: time_in_state tracked for a single cycle is 1 throughout",
          "[cohort][compiled_model]") {
  // Tracking one cycle is allowed ([1, 10000]): time_in_state is then "1 or
  // more", i.e. always 1, so 1000·time_in_state is the plain 1000.
  auto m = sick_model();
  m.time_in_state = {{"Sick", 1}};
  m.state_values[0].expression = "1000 * time_in_state";
  m.transitions[3].expression = "0.05 * time_in_state";
  const auto with = cohort_test::evaluate(m, one_parameter());
  const auto plain = cohort_test::evaluate(sick_model(), one_parameter());
  CHECK(with.discounted.isApprox(plain.discounted, 1e-15));
}

TEST_CASE("errors: start distributions", "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.start = {{"H", "0.5"}, {"Sick", "0.4"}};
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: strategy 'A', the sum of the start shares is 0.9, "
                               "but must be 1 (within 1e-9)"));
  // The same through a parameter: caught when run at the means.
  prevsim::parameter_set ps;
  ps.add("share_h", prevsim::dist::fixed(0.5));
  m.start = {{"H", "share_h"}, {"Sick", "0.4"}};
  CHECK_NOTHROW(compile(m, ps));
  CHECK_THROWS_MATCHES(run_at_means(m, ps), std::invalid_argument,
                       Message("cohort model: with every parameter at its mean, strategy 'A': the "
                               "sum of the start shares is 0.9, but must be 1 (within 1e-9)"));
  // A strategy's own start is checked as well.
  m = sick_model();
  m.strategies[1].start = {{"Sick", "0.9"}};
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: strategy 'B', the sum of the start shares is 0.9, "
                               "but must be 1 (within 1e-9)"));
  m = sick_model();
  m.start = {{"H", "1.2"}, {"Sick", "-0.2"}};
  CHECK_THROWS_MATCHES(compile(m), std::domain_error,
                       Message("cohort model: strategy 'A', start share of Sick is -0.2, but "
                               "must be >= 0"));
  m = sick_model();
  m.start.clear();
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A' has no start distribution (and the "
                               "model gives none)"));
  m = sick_model();
  m.start = {{"H", "0.5"}, {"H", "0.5"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A' gives the start share of 'H' twice"));
}

TEST_CASE("errors: an absorbing state with no row", "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.transitions.pop_back();  // D → D
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A': state 'D' has no transitions out; an "
                               "absorbing state needs 'D -> D = 1'"));
}

TEST_CASE("errors: rows, names and expressions", "[cohort][compiled_model][errors]") {
  auto m = sick_model();
  m.transitions.push_back({"H", "D", "0.02"});
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: transitions[7]: the transition H -> D is given "
                               "twice"));
  m = sick_model();
  m.transitions[0].expression = "C";  // H → Sick, besides H → H
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: strategy 'A', transition H -> Sick: the row of 'H' "
                               "has two complements ('C')"));
  m = sick_model();
  m.transitions[0].expression = "p_sck";
  prevsim::parameter_set ps;
  ps.add("p_sick", prevsim::dist::fixed(0.1));
  CHECK_THROWS_MATCHES(compile(m, ps), std::invalid_argument,
                       Message("strategy 'A', transition H -> Sick: in expression 'p_sck': "
                               "unknown name 'p_sck' (did you mean 'p_sick'?)"));
  m = sick_model();
  // A derived quantity defined in terms of itself.
  m = sick_model();
  m.derived = {{"a", "0.5 * a + 1"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("derived.a: in expression '0.5 * a + 1': 'a' is defined in terms "
                               "of itself"));
  // Definitions are in order: a = b + 1 before b = a·2 (a cycle) or b = 2.
  m.derived = {{"a", "b + 1"}, {"b", "a * 2"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("derived.a: in expression 'b + 1': 'b' is defined after 'a'; a "
                               "derived quantity can use only those defined before it"));
  m.derived = {{"a", "b + 1"}, {"b", "2"}};
  CHECK_THROWS_WITH(compile(m), Catch::Contains("'b' is defined after 'a'"));
  m.derived = {{"b", "2"}, {"a", "b + 1"}};
  CHECK_NOTHROW(compile(m));
  // Also for one that depends on time in state (expanded where used).
  m.time_in_state = {{"Sick", 3}};
  m.derived = {{"x", "x * time_in_state"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("derived.x: in expression 'x * time_in_state': 'x' is defined in "
                               "terms of itself"));
  m = sick_model();
  m.derived = {{"c_sick", "2"}};
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: derived quantity 'c_sick' has the name of a "
                               "parameter, table, built-in variable or another derived quantity"));
  m = sick_model();
  m.tables.emplace_back("c_sick", std::vector<double>{0}, std::vector<double>{1});
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("cohort model: table 'c_sick' has the name of a parameter or "
                               "another table"));
  m = sick_model();
  m.tables.emplace_back("mort", std::vector<double>{0}, std::vector<double>{0.01});
  m.transitions[1].expression = "mort";
  CHECK_THROWS_MATCHES(compile(m), std::invalid_argument,
                       Message("strategy 'A', transition H -> D: in expression 'mort': 'mort' is "
                               "a table; call it with an argument, e.g. mort(age)"));
  prevsim::parameter_set reserved;
  reserved.add("age", prevsim::dist::fixed(30));
  CHECK_THROWS_MATCHES(compile(sick_model(), reserved), std::invalid_argument,
                       Message("cohort model: parameter 'age' has a name reserved for the model "
                               "(cycle, time, age, time_in_state, C)"));
}
