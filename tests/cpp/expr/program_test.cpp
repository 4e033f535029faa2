// Tests for include/prevsim/expr/program.hpp and lookup_table.hpp: the value of
// every function (closed forms in the comments), NaN for invalid conversions,
// step-function tables, batched evaluation over lanes, what a value depends
// on, constant folding, and every compile-time error message.

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/expr_test_helpers.hpp"
#include "prevsim/expr/program.hpp"

using Catch::Matchers::Message;
using expr_test::eval;
namespace expr = prevsim::expr;

namespace {

// Relative tolerance for library functions evaluated in a different but
// equivalent form (e.g. -expm1(-x) against 1 - exp(-x)).
constexpr double tight = 1e-14;

void check_compile_error(const std::string& source, const std::string& message) {
  const auto s = expr_test::symbols();
  const expr::compiler c(s);
  CHECK_THROWS_MATCHES(c.compile(source, "transitions[2]"), std::invalid_argument,
                       Message(message));
}

}  // namespace

TEST_CASE("program: arithmetic and elementary functions", "[expr][program]") {
  CHECK(eval("x + y", 1.5, 2.25) == 3.75);
  CHECK(eval("x - y", 1.5, 2.25) == -0.75);
  CHECK(eval("x * y", 1.5, 2.0) == 3.0);
  CHECK(eval("x / y", 3.0, 4.0) == 0.75);
  CHECK(eval("-x", 2.0) == -2.0);
  CHECK(eval("exp(1)") == Approx(2.718281828459045).epsilon(tight));
  CHECK(eval("log(x)", 1000.0) == Approx(6.907755278982137).epsilon(tight));  // ln 1000
  CHECK(eval("sqrt(2.25)") == 1.5);
  CHECK(eval("abs(-3.5)") == 3.5);
  CHECK(eval("pow(2, 10)") == 1024.0);
  CHECK(eval("min(x, y)", 0.3, 0.2) == 0.2);
  CHECK(eval("max(x, y)", 0.3, 0.2) == 0.3);
  CHECK(eval("min(-1, 4)") == -1.0);
  CHECK(eval("max(-1, 4)") == 4.0);
  CHECK(eval("if(x > 1, 10, 20)", 2.0) == 10.0);
  CHECK(eval("if(x > 1, 10, 20)", 0.5) == 20.0);
  CHECK(eval("if(0.25, 1, 2)") == 1.0);   // any non-zero condition is true
  CHECK(eval("if(0, 1, 2)") == 2.0);
  CHECK(eval("if(x, 1, 2)", -3.0) == 1.0);
  // (1 - x)·y in either order is one instruction, with the bits of the two.
  const double x = 0.1 + 0.2, y = 0.7;
  CHECK(eval("(1 - x) * y", x, y) == (1.0 - x) * y);
  CHECK(eval("y * (1 - x)", x, y) == y * (1.0 - x));
  CHECK(eval("(1 - x) * (1 - y)", x, y) == (1.0 - x) * (1.0 - y));
  CHECK(eval("(2 - x) * y", x, y) == (2.0 - x) * y);
  const auto symbols = expr_test::symbols();
  const expr::compiler c(symbols);
  CHECK(c.compile("(1 - x) * y", "t").registers() == 1);  // no constant 1, no temporary
  CHECK(c.compile("(2 - x) * y", "t").registers() == 3);
}

TEST_CASE("program: probability, rate and odds conversions", "[expr][program]") {
  // rate_to_prob(r[, t]) = 1 - exp(-r t)
  CHECK(eval("rate_to_prob(0.1)") == Approx(1 - std::exp(-0.1)).epsilon(tight));
  CHECK(eval("rate_to_prob(0.1, 2)") == Approx(1 - std::exp(-0.2)).epsilon(tight));
  CHECK(eval("rate_to_prob(0)") == 0.0);
  // prob_to_rate(p[, t]) = -ln(1 - p)/t
  CHECK(eval("prob_to_rate(0.2)") == Approx(-std::log(0.8)).epsilon(tight));
  CHECK(eval("prob_to_rate(0.2, 2)") == Approx(-std::log(0.8) / 2).epsilon(tight));
  // Round trip: prob_to_rate(rate_to_prob(0.3, 0.5), 0.5) = 0.3.
  CHECK(eval("prob_to_rate(rate_to_prob(0.3, 0.5), 0.5)") == Approx(0.3).epsilon(tight));
  // odds(p) = p/(1-p): 0.2/0.8 = 0.25; prob_from_odds(o) = o/(1+o): 0.25/1.25 = 0.2
  CHECK(eval("odds(0.2)") == Approx(0.25).epsilon(tight));
  CHECK(eval("prob_from_odds(0.25)") == Approx(0.2).epsilon(tight));
  CHECK(eval("odds(0)") == 0.0);
  // apply_rr(p, rr) = p·rr: 0.2·1.5 = 0.3
  CHECK(eval("apply_rr(0.2, 1.5)") == Approx(0.3).epsilon(tight));
  CHECK(eval("apply_rr(0.5, 2)") == 1.0);  // exactly 1 is allowed
  // apply_or(p, or) = or·p/(1 - p + or·p): 2·0.2/(0.8 + 0.4) = 1/3
  CHECK(eval("apply_or(0.2, 2)") == Approx(1.0 / 3.0).epsilon(tight));
  // odds(0.2)·2 = 0.5 → probability 0.5/1.5 = 1/3 as well
  CHECK(eval("prob_from_odds(odds(0.2) * 2)") == Approx(1.0 / 3.0).epsilon(tight));
  CHECK(eval("apply_or(0.3, 1)") == Approx(0.3).epsilon(tight));
  // rescale_prob(p, from, to) = 1 - (1-p)^(to/from): 1 - 0.81^(1/2) = 0.1
  CHECK(eval("rescale_prob(0.19, 1, 0.5)") == Approx(0.1).epsilon(tight));
  // 1 - 0.9^(12/1)
  CHECK(eval("rescale_prob(0.1, 1, 12)") == Approx(1 - std::pow(0.9, 12)).epsilon(tight));
}

TEST_CASE("program: invalid conversions give NaN", "[expr][program]") {
  for (const char* source : {
           "rate_to_prob(-0.1)",         // negative rate
           "rate_to_prob(0.1, -1)",      // negative time
           "prob_to_rate(1.2)",          // probability above 1
           "prob_to_rate(-0.1)",         // negative probability
           "prob_to_rate(0.2, 0)",       // zero time
           "odds(1)",                    // infinite odds
           "odds(-0.1)",
           "odds(1.5)",
           "prob_from_odds(-1)",
           "apply_rr(0.6, 2)",           // 1.2 is not a probability
           "apply_rr(-0.1, 1)",
           "apply_rr(0.5, -1)",
           "apply_or(1.1, 2)",
           "apply_or(-0.1, 2)",
           "apply_or(0.5, -2)",
           "rescale_prob(1.1, 1, 2)",
           "rescale_prob(-0.1, 1, 2)",
           "rescale_prob(0.5, 0, 1)",
           "rescale_prob(0.5, 1, 0)",
           "log(-1)",
           "sqrt(-4)",
       }) {
    INFO(source);
    CHECK(std::isnan(eval(source)));
  }
  // NaN propagates through arithmetic and tables.
  CHECK(std::isnan(eval("1 + odds(1)")));
  CHECK(std::isnan(eval("mort(log(-1))")));
}

TEST_CASE("lookup_table: step function semantics", "[expr][lookup_table]") {
  const expr::lookup_table t("mort", {0.0, 10.0, 20.0}, {1.0, 2.0, 3.0});
  CHECK(t(-5.0) == 1.0);    // below the first breakpoint: the first value
  CHECK(t(0.0) == 1.0);     // on a breakpoint: the value that starts there
  CHECK(t(9.999) == 1.0);
  CHECK(t(10.0) == 2.0);    // [10, 20) → 2
  CHECK(t(19.5) == 2.0);
  CHECK(t(20.0) == 3.0);
  CHECK(t(1e6) == 3.0);     // beyond the last: the last value
  CHECK(std::isnan(t(std::nan(""))));
  CHECK(t.name() == "mort");
  CHECK(t.breakpoints().size() == 3);

  const expr::lookup_table single("c", {5.0}, {7.0});
  CHECK(single(-100.0) == 7.0);
  CHECK(single(5.0) == 7.0);
  CHECK(single(100.0) == 7.0);

  // In an expression: mort(age).
  CHECK(eval("mort(age)", 0, 0, 9.5) == 1.0);
  CHECK(eval("mort(age)", 0, 0, 10.0) == 2.0);
  CHECK(eval("mort(age + 10)", 0, 0, 10.0) == 3.0);
  CHECK(eval("rate_to_prob(mort(age) * x)", 0.5, 0, 25.0) ==
        Approx(1 - std::exp(-1.5)).epsilon(tight));
}

TEST_CASE("lookup_table: construction errors", "[expr][lookup_table]") {
  CHECK_THROWS_MATCHES(expr::lookup_table("mort", {}, {}), std::invalid_argument,
                       Message("table mort: has no rows"));
  CHECK_THROWS_MATCHES(expr::lookup_table("mort", {0.0, 1.0}, {1.0}), std::invalid_argument,
                       Message("table mort: has 2 breakpoints but 1 values"));
  CHECK_THROWS_MATCHES(expr::lookup_table("mort", {0.0, 5.0, 5.0}, {1.0, 2.0, 3.0}),
                       std::domain_error,
                       Message("table mort: breakpoints[3] is 5, but must be greater than the "
                               "previous breakpoint (5)"));
  CHECK_THROWS_MATCHES(expr::lookup_table("mort", {0.0, 1.0}, {1.0, std::nan("")}),
                       std::domain_error, Message("table mort: values[2] is nan, but must be finite"));
  CHECK_THROWS_MATCHES(
      expr::lookup_table("mort", {0.0, std::numeric_limits<double>::infinity()}, {1.0, 2.0}),
      std::domain_error, Message("table mort: breakpoints[2] is inf, but must be finite"));
}

TEST_CASE("program: batched evaluation over lanes equals scalar evaluation", "[expr][program]") {
  const auto s = expr_test::symbols();
  const expr::compiler c(s);
  const std::string source =
      "rate_to_prob(x * y) + if(x > y, log(x), sqrt(y)) - mort(age)^2 / max(x, 0.5) "
      "+ apply_or(min(x, 0.9), y) * (age >= 10) - payer.region";
  const expr::program p = c.compile(source, "test");
  // Seven lanes, including one (lane 3, x = -1) that is NaN: it must not
  // affect its neighbours.
  const std::vector<double> x = {0.1, 0.7, 2.5, -1.0, 0.3, 0.45, 1.0};
  const std::vector<double> y = {0.2, 0.3, 0.1, 0.5, 1.7, 0.45, 3.0};
  const std::vector<double> age = {0.0, 9.0, 10.0, 15.0, 20.0, 35.0, -2.0};
  const std::vector<double> region = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  const std::size_t lanes = x.size();
  const auto batched = expr_test::run(p, {x, y, age, region}, lanes);
  for (std::size_t b = 0; b < lanes; ++b) {
    INFO("lane " << b);
    const double scalar = expr_test::run(p, {{x[b]}, {y[b]}, {age[b]}, {region[b]}}, 1)[0];
    if (b == 3) {
      CHECK(std::isnan(batched[b]));
      CHECK(std::isnan(scalar));
    } else {
      CHECK(batched[b] == scalar);  // bit-identical
      CHECK(std::isfinite(batched[b]));
    }
  }
  // One lane by hand: x = 0.1, y = 0.2, age = 0, region = 0:
  // (1 - e^-0.02) + sqrt(0.2) - 1/0.5 + apply_or(0.1, 0.2)·0 - 0
  CHECK(batched[0] == Approx(1 - std::exp(-0.02) + std::sqrt(0.2) - 2.0).epsilon(tight));
}

TEST_CASE("program: dependence flags and constant folding", "[expr][program]") {
  expr::symbol_table s;
  s.add_slot("p", expr::depends::draw);
  s.add_slot("cycle", expr::depends::time);
  s.add_slot("time_in_state", expr::depends::state_time);
  const expr::compiler c(s);
  const auto folded = c.compile("2 * 3 + rate_to_prob(0)", "test");
  CHECK(folded.is_constant());
  CHECK(folded.constant_value() == 6.0);
  CHECK(folded.dependence() == expr::depends::nothing);
  CHECK(c.compile("p * 2", "t").dependence() == expr::depends::draw);
  CHECK(c.compile("cycle + 1", "t").dependence() == expr::depends::time);
  CHECK(c.compile("p * cycle", "t").dependence() == (expr::depends::draw | expr::depends::time));
  CHECK(c.compile("if(time_in_state > 2, p, 0)", "t").dependence() ==
        (expr::depends::state_time | expr::depends::draw));
  CHECK_FALSE(c.compile("p", "t").is_constant());
  const auto q = c.compile("p", "where.key");
  CHECK(q.source() == "p");
  CHECK(q.where() == "where.key");
}

TEST_CASE("program: derived quantities expand in place", "[expr][program]") {
  expr::symbol_table s;
  s.add_slot("r", expr::depends::draw);
  s.derived["p"] = expr::parse("rate_to_prob(r)", "derived.p");
  s.derived["q"] = expr::parse("1 - p", "derived.q");
  const expr::compiler c(s);
  const auto prog = c.compile("q * 2", "test");
  CHECK(prog.dependence() == expr::depends::draw);
  // q·2 = 2·e^(-r), r = 0.4
  CHECK(expr_test::run(prog, {{0.4}}, 1)[0] == Approx(2 * std::exp(-0.4)).epsilon(tight));
}

TEST_CASE("program: compile errors name the context, the expression and the problem",
          "[expr][program]") {
  // Unknown name, with a suggestion for a near miss and none for a far one.
  check_compile_error("rate_to_prob(xx * 2)",
                      "transitions[2]: in expression 'rate_to_prob(xx * 2)': unknown name 'xx' "
                      "(did you mean 'x'?)");
  check_compile_error("agee + 1",
                      "transitions[2]: in expression 'agee + 1': unknown name 'agee' (did you "
                      "mean 'age'?)");
  check_compile_error("payer.regoin",
                      "transitions[2]: in expression 'payer.regoin': unknown name 'payer.regoin' "
                      "(did you mean 'payer.region'?)");
  check_compile_error("zzzzzz * 2",
                      "transitions[2]: in expression 'zzzzzz * 2': unknown name 'zzzzzz'");
  // Unknown function (a misspelling suggests the function; a table counts too).
  check_compile_error("rate_to_prb(0.1)",
                      "transitions[2]: in expression 'rate_to_prb(0.1)': unknown function "
                      "'rate_to_prb' (did you mean 'rate_to_prob'?)");
  check_compile_error("mrt(age)",
                      "transitions[2]: in expression 'mrt(age)': unknown function 'mrt' (did you "
                      "mean 'mort'?)");
  check_compile_error("frobnicate(1)",
                      "transitions[2]: in expression 'frobnicate(1)': unknown function "
                      "'frobnicate'");
  // Wrong argument counts.
  check_compile_error("min(1)",
                      "transitions[2]: in expression 'min(1)': function 'min' takes 2 "
                      "argument(s), but 1 were given");
  check_compile_error("rate_to_prob(1, 2, 3)",
                      "transitions[2]: in expression 'rate_to_prob(1, 2, 3)': function "
                      "'rate_to_prob' takes 1 or 2 argument(s), but 3 were given");
  check_compile_error("if(x > 1, 2)",
                      "transitions[2]: in expression 'if(x > 1, 2)': function 'if' takes 3 "
                      "argument(s), but 2 were given");
  check_compile_error("exp()",
                      "transitions[2]: in expression 'exp()': function 'exp' takes 1 "
                      "argument(s), but 0 were given");
  check_compile_error("mort(age, 2)",
                      "transitions[2]: in expression 'mort(age, 2)': table 'mort' takes 1 "
                      "argument, but 2 were given");
  // A table used without an argument.
  check_compile_error("mort * 2",
                      "transitions[2]: in expression 'mort * 2': 'mort' is a table; call it with "
                      "an argument, e.g. mort(age)");
  // Syntax errors come from the parser, with the same context.
  check_compile_error("x +", "transitions[2]: cannot read expression 'x +' at character 4: "
                             "expected a number, a name or '(', found the end of the expression");
}

TEST_CASE("program: a derived quantity defined in terms of itself", "[expr][program]") {
  expr::symbol_table s;
  s.add_slot("r", expr::depends::draw);
  s.derived["a"] = expr::parse("b + 1", "derived.a");
  s.derived["b"] = expr::parse("2 * a", "derived.b");
  s.derived["self"] = expr::parse("self * r", "derived.self");
  const expr::compiler c(s);
  // a → b → a
  CHECK_THROWS_MATCHES(c.compile("a * r", "state_values[1]"), std::invalid_argument,
                       Message("state_values[1]: in expression 'a * r': 'a' is defined in terms "
                               "of itself"));
  CHECK_THROWS_MATCHES(c.compile("self", "derived.self"), std::invalid_argument,
                       Message("derived.self: in expression 'self': 'self' is defined in terms "
                               "of itself"));
}
