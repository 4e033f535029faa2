// Tests for include/prevsim/expr/analysis.hpp: expanding derived names (and
// the self-reference error), and lifting the subtrees that depend on time
// alone out of an expression.

#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/expr/analysis.hpp"

using Catch::Matchers::Message;
namespace expr = prevsim::expr;

namespace {

expr::symbol_table table() {
  expr::symbol_table s;
  s.add_slot("x", expr::depends::draw);
  s.add_slot("cycle", expr::depends::time);
  s.add_slot("age", expr::depends::time);
  s.add_slot("time_in_state", expr::depends::state_time);
  s.tables.emplace("mort", expr::lookup_table("mort", {0.0}, {0.01}));
  return s;
}

}  // namespace

TEST_CASE("expand_derived: replaces derived names recursively", "[expr][analysis]") {
  auto s = table();
  s.derived["p"] = expr::parse("rate_to_prob(r2)", "derived.p");
  s.derived["r2"] = expr::parse("x * 2", "derived.r2");
  std::vector<std::string> expanding;
  const expr::node n = expr::expand_derived(expr::parse("1 - p", "w"), s, "w", expanding);
  CHECK(expr::to_text(n) == "(#1-rate_to_prob((x*#2)))");
  CHECK(expanding.empty());
}

TEST_CASE("expand_derived: a definition that refers to itself", "[expr][analysis]") {
  auto s = table();
  s.derived["a"] = expr::parse("b * x", "derived.a");
  s.derived["b"] = expr::parse("1 + a", "derived.b");
  std::vector<std::string> expanding;
  CHECK_THROWS_MATCHES(expr::expand_derived(expr::parse("a", "derived.a"), s, "derived.a",
                                            expanding),
                       std::invalid_argument,
                       Message("derived.a: 'a' is defined in terms of itself"));
}

TEST_CASE("lift_time_only: lifts maximal time-only subtrees, not bare names", "[expr][analysis]") {
  const auto s = table();
  const std::vector<std::string> time_names = {"cycle", "age"};
  std::vector<std::string> lifted;
  auto lift = [&](const expr::node& sub) {
    lifted.push_back(expr::to_text(sub));
    return "S" + std::to_string(lifted.size() - 1);
  };
  const expr::node n = expr::lift_time_only(
      expr::parse("rate_to_prob(mort(age) * x) + cycle * 2 + age", "w"), s, time_names, lift);
  // mort(age) varies with time only (inside a draw-dependent product);
  // cycle * 2 too; the bare name age is left alone.
  REQUIRE(lifted.size() == 2);
  CHECK(lifted[0] == "mort(age)");
  CHECK(lifted[1] == "(cycle*#2)");
  CHECK(expr::to_text(n) == "((rate_to_prob((S0*x))+S1)+age)");

  // A whole time-only expression is lifted as one; one that varies with the
  // time in state is not.
  lifted.clear();
  const expr::node whole = expr::lift_time_only(expr::parse("if(cycle == 6, 0.12, 0.1)", "w"), s,
                                              time_names, lift);
  CHECK(lifted == std::vector<std::string>{"if((cycle==#6),#0.12,#0.1)"});
  CHECK(expr::to_text(whole) == "S0");
  lifted.clear();
  const expr::node st = expr::lift_time_only(expr::parse("time_in_state * cycle", "w"), s, time_names,
                                           lift);
  CHECK(lifted.empty());
  CHECK(expr::to_text(st) == "(time_in_state*cycle)");

  // A slot that varies with time but is not one of the time names (a derived
  // quantity filled while the model runs) is never lifted.
  auto with_derived = table();
  with_derived.add_slot("q", expr::depends::time);
  lifted.clear();
  const expr::node dq =
      expr::lift_time_only(expr::parse("(1 - q) * mort(age)", "w"), with_derived, time_names, lift);
  CHECK(lifted == std::vector<std::string>{"mort(age)"});
  CHECK(expr::to_text(dq) == "((#1-q)*S0)");
}
