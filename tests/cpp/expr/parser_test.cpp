// Tests for include/prevsim/expr/parser.hpp: precedence and associativity,
// numbers and names, and the syntax-error messages (with the position).
//
// Values are checked by compiling and evaluating (every expected value is
// worked out by hand in the comment next to it); the tree shape is checked
// directly where it matters (associativity).

#include <cmath>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "expr/expr_test_helpers.hpp"
#include "prevsim/expr/parser.hpp"

using Catch::Matchers::Message;
using expr_test::eval;
namespace expr = prevsim::expr;

TEST_CASE("parser: ^ is right-associative and binds tighter than unary minus", "[expr][parser]") {
  CHECK(eval("2^3^2") == 512.0);    // 2^(3^2) = 2^9, not (2^3)^2 = 64
  CHECK(eval("(2^3)^2") == 64.0);
  CHECK(eval("-2^2") == -4.0);      // -(2^2)
  CHECK(eval("(-2)^2") == 4.0);
  CHECK(eval("2^-1") == 0.5);       // the exponent may be a unary minus
  CHECK(eval("2*3^2") == 18.0);     // 2*(3^2)
  CHECK(eval("--3") == 3.0);
  CHECK(eval("+3 - +1") == 2.0);

  // Tree: 2^3^2 is ^(2, ^(3, 2)).
  const expr::node n = expr::parse("2^3^2", "test");
  REQUIRE(n.what == expr::node::kind::binary);
  CHECK(n.text == "^");
  CHECK(n.args[0].what == expr::node::kind::number);
  CHECK(n.args[0].value == 2.0);
  REQUIRE(n.args[1].what == expr::node::kind::binary);
  CHECK(n.args[1].text == "^");
}

TEST_CASE("parser: - and / are left-associative; * before +", "[expr][parser]") {
  CHECK(eval("1-2-3") == -4.0);     // (1-2)-3, not 1-(2-3) = 2
  CHECK(eval("8/4/2") == 1.0);      // (8/4)/2, not 8/(4/2) = 4
  CHECK(eval("2+3*4") == 14.0);
  CHECK(eval("(2+3)*4") == 20.0);
  CHECK(eval("10-4/2") == 8.0);
  CHECK(eval("2*3-4*5") == -14.0);

  // Tree: 1-2-3 is -(-(1, 2), 3).
  const expr::node n = expr::parse("1-2-3", "test");
  REQUIRE(n.what == expr::node::kind::binary);
  CHECK(n.text == "-");
  CHECK(n.args[0].what == expr::node::kind::binary);
  CHECK(n.args[1].what == expr::node::kind::number);
  CHECK(n.args[1].value == 3.0);
}

TEST_CASE("parser: comparisons give 1 or 0 and bind loosest", "[expr][parser]") {
  CHECK(eval("1 < 2") == 1.0);
  CHECK(eval("2 < 2") == 0.0);
  CHECK(eval("2 <= 2") == 1.0);
  CHECK(eval("3 > 4") == 0.0);
  CHECK(eval("4 >= 4") == 1.0);
  CHECK(eval("1 + 1 == 2") == 1.0);   // (1+1) == 2
  CHECK(eval("1 != 1") == 0.0);
  CHECK(eval("2 != 3") == 1.0);
  CHECK(eval("1 + 2 < 2 + 2") == 1.0);  // 3 < 4
  CHECK(eval("2 * (3 > 1)") == 2.0);
  CHECK(eval("x >= 0.5", 0.5) == 1.0);
  CHECK(eval("x >= 0.5", 0.49) == 0.0);
}

TEST_CASE("parser: numbers, names with dots and underscores, whitespace", "[expr][parser]") {
  CHECK(eval(".5") == 0.5);
  CHECK(eval("1.5") == 1.5);
  CHECK(eval("1e-3") == 0.001);
  CHECK(eval("2.5E2") == 250.0);
  CHECK(eval("  x   *\t2 ", 3.0) == 6.0);
  CHECK(eval("payer.region * 10", 0, 0, 0, 0.25) == 2.5);
  const expr::node n = expr::parse("_a1.b_2", "test");
  CHECK(n.what == expr::node::kind::name);
  CHECK(n.text == "_a1.b_2");
}

TEST_CASE("parser: syntax errors name the context, the expression and the position",
          "[expr][parser]") {
  // "1 + * 2": after "1 +" (and a space) the parser is at character 5 (1-based).
  CHECK_THROWS_MATCHES(expr::parse("1 + * 2", "transitions[3]"), std::invalid_argument,
                       Message("transitions[3]: cannot read expression '1 + * 2' at character 5: "
                               "expected a number, a name or '(', found '*'"));
  CHECK_THROWS_MATCHES(expr::parse("", "start.H"), std::invalid_argument,
                       Message("start.H: cannot read expression '' at character 1: expected an "
                               "expression, found it is empty"));
  CHECK_THROWS_MATCHES(expr::parse("(1 + 2", "w"), std::invalid_argument,
                       Message("w: cannot read expression '(1 + 2' at character 7: expected ')', "
                               "found the end"));
  CHECK_THROWS_MATCHES(expr::parse("min(1, 2", "w"), std::invalid_argument,
                       Message("w: cannot read expression 'min(1, 2' at character 9: expected ',' "
                               "or ')', found the end"));
  CHECK_THROWS_MATCHES(expr::parse("2 3", "w"), std::invalid_argument,
                       Message("w: cannot read expression '2 3' at character 3: expected an "
                               "operator or the end, found '3'"));
  // Comparisons do not chain: after "1 < 2" the second '<' (character 7) is left over.
  CHECK_THROWS_MATCHES(expr::parse("1 < 2 < 3", "w"), std::invalid_argument,
                       Message("w: cannot read expression '1 < 2 < 3' at character 7: expected an "
                               "operator or the end, found '<'"));
  CHECK_THROWS_MATCHES(expr::parse("x + 1)", "w"), std::invalid_argument,
                       Message("w: cannot read expression 'x + 1)' at character 6: expected an "
                               "operator or the end, found ')'"));
  CHECK_THROWS_MATCHES(expr::parse("x * ", "w"), std::invalid_argument,
                       Message("w: cannot read expression 'x * ' at character 5: expected a "
                               "number, a name or '(', found the end of the expression"));
  CHECK_THROWS_MATCHES(expr::parse("x # 2", "w"), std::invalid_argument,
                       Message("w: cannot read expression 'x # 2' at character 3: expected an "
                               "operator or the end, found '#'"));
}

TEST_CASE("parser: node positions point into the source", "[expr][parser]") {
  const expr::node n = expr::parse("a + rate_to_prob(b)", "test");
  REQUIRE(n.args.size() == 2);
  CHECK(n.position == 2);          // the '+'
  CHECK(n.args[0].position == 0);  // 'a'
  CHECK(n.args[1].position == 4);  // 'rate_to_prob'
  CHECK(n.args[1].what == expr::node::kind::call);
  CHECK(n.args[1].args.size() == 1);
}
