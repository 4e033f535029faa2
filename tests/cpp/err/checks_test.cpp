// Tests for prevsim/err: the message format, the number formatting it quotes,
// and every argument check (the message is asserted whole, not just the type).

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "prevsim/err.hpp"
#include "prevsim/rng/random_stream.hpp"

namespace err = prevsim::err;

namespace {
constexpr double infinity = std::numeric_limits<double>::infinity();
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("format_value: prints the shortest text that reads back as the value",
          "[err][format_value]") {
  // Hand-written expectations: the value a user would have typed.
  CHECK(err::format_value(0.1) == "0.1");
  CHECK(err::format_value(0.3) == "0.3");
  CHECK(err::format_value(1.0) == "1");
  CHECK(err::format_value(100.0) == "100");
  CHECK(err::format_value(-2.5) == "-2.5");
  CHECK(err::format_value(1e-7) == "1e-07");
  CHECK(err::format_value(1e22) == "1e+22");
  CHECK(err::format_value(0.1 + 0.2) == "0.30000000000000004");  // not 0.3: it is not 0.3
  CHECK(err::format_value(0.0) == "0");
  CHECK(err::format_value(-0.0) == "-0");
  CHECK(err::format_value(std::numeric_limits<double>::denorm_min()) == "5e-324");
  CHECK(err::format_value(std::numeric_limits<double>::max()) == "1.7976931348623157e+308");
}

TEST_CASE("format_value: nan and infinities print as nan, inf and -inf", "[err][format_value]") {
  CHECK(err::format_value(quiet_nan) == "nan");
  CHECK(err::format_value(-quiet_nan) == "nan");
  CHECK(err::format_value(infinity) == "inf");
  CHECK(err::format_value(-infinity) == "-inf");
}

TEST_CASE("format_value: integers print as themselves", "[err][format_value]") {
  CHECK(err::format_value(42LL) == "42");
  CHECK(err::format_value(-3LL) == "-3");
  CHECK(err::format_value(std::numeric_limits<long long>::min()) == "-9223372036854775808");
}

TEST_CASE("format_value: every finite double round-trips through its text exactly",
          "[err][format_value]") {
  // 20 000 doubles with random bit patterns (all exponents, all mantissas),
  // read back with strtod: the text must identify the value exactly.
  prevsim::random_stream bits(7, 0, 0);
  int tested = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t word = bits();
    double x;
    std::memcpy(&x, &word, sizeof x);
    if (!std::isfinite(x)) continue;
    ++tested;
    const std::string text = err::format_value(x);
    const double back = std::strtod(text.c_str(), nullptr);
    if (!(back == x && std::signbit(back) == std::signbit(x))) {
      FAIL("format_value(" << word << ") = " << text << " reads back as " << back);
    }
  }
  CHECK(tested > 19000);  // only 1/2048 of bit patterns are inf or nan
}

TEST_CASE("indexed_name: indices in messages are 1-based", "[err][indexed_name]") {
  CHECK(err::indexed_name("alpha", 0) == "alpha[1]");
  CHECK(err::indexed_name("values", 9) == "values[10]");
  CHECK(err::indexed_name("interventions", 1) == "interventions[2]");
}

TEST_CASE("throw_domain_error: the message is '<function>: <name> is <value>, but must be <...>'",
          "[err][throw_error]") {
  CHECK_THROWS_AS(err::throw_domain_error("f", "x", 1.0, "r"), std::domain_error);
  CHECK_THROWS_WITH(err::throw_domain_error("interventions[2].effect", "d", -7.0,
                                            "within [-3, 3]"),
                    "interventions[2].effect: d is -7, but must be within [-3, 3]");
}

TEST_CASE("throw_invalid_argument: the message is '<function>: <message>'",
          "[err][throw_error]") {
  CHECK_THROWS_AS(err::throw_invalid_argument("f", "m"), std::invalid_argument);
  CHECK_THROWS_WITH(err::throw_invalid_argument("dirichlet", "alpha has 1 component(s)"),
                    "dirichlet: alpha has 1 component(s)");
}

TEST_CASE("check_finite: rejects nan and infinities with the value quoted", "[err][checks]") {
  CHECK_NOTHROW(err::check_finite("f", "x", 0.0));
  CHECK_NOTHROW(err::check_finite("f", "x", -std::numeric_limits<double>::max()));
  CHECK_THROWS_AS(err::check_finite("f", "x", quiet_nan), std::domain_error);
  CHECK_THROWS_WITH(err::check_finite("normal", "mean", quiet_nan),
                    "normal: mean is nan, but must be finite");
  CHECK_THROWS_WITH(err::check_finite("normal", "mean", infinity),
                    "normal: mean is inf, but must be finite");
  CHECK_THROWS_WITH(err::check_finite("normal", "mean", -infinity),
                    "normal: mean is -inf, but must be finite");
}

TEST_CASE("check_positive: accepts the smallest positive double, rejects 0, negatives, inf, nan",
          "[err][checks]") {
  CHECK_NOTHROW(err::check_positive("f", "x", std::numeric_limits<double>::denorm_min()));
  CHECK_NOTHROW(err::check_positive("f", "x", std::numeric_limits<double>::max()));
  CHECK_THROWS_AS(err::check_positive("f", "x", 0.0), std::domain_error);
  CHECK_THROWS_WITH(err::check_positive("gamma", "shape", 0.0),
                    "gamma: shape is 0, but must be finite and > 0");
  CHECK_THROWS_WITH(err::check_positive("gamma", "shape", -0.5),
                    "gamma: shape is -0.5, but must be finite and > 0");
  CHECK_THROWS_WITH(err::check_positive("gamma", "shape", infinity),
                    "gamma: shape is inf, but must be finite and > 0");
  CHECK_THROWS_WITH(err::check_positive("gamma", "shape", quiet_nan),
                    "gamma: shape is nan, but must be finite and > 0");
}

TEST_CASE("check_nonnegative: accepts 0, rejects negatives, inf, nan", "[err][checks]") {
  CHECK_NOTHROW(err::check_nonnegative("f", "x", 0.0));
  CHECK_NOTHROW(err::check_nonnegative("f", "x", 3.0));
  CHECK_THROWS_AS(err::check_nonnegative("f", "x", -1.0), std::domain_error);
  CHECK_THROWS_WITH(err::check_nonnegative("cost", "amount", -1e-300),
                    "cost: amount is -1e-300, but must be finite and >= 0");
  CHECK_THROWS_WITH(err::check_nonnegative("cost", "amount", infinity),
                    "cost: amount is inf, but must be finite and >= 0");
  CHECK_THROWS_WITH(err::check_nonnegative("cost", "amount", quiet_nan),
                    "cost: amount is nan, but must be finite and >= 0");
}

TEST_CASE("check_probability: accepts [0, 1] including both ends, rejects the rest",
          "[err][checks]") {
  CHECK_NOTHROW(err::check_probability("f", "p", 0.0));
  CHECK_NOTHROW(err::check_probability("f", "p", 1.0));
  CHECK_NOTHROW(err::check_probability("f", "p", 0.5));
  CHECK_THROWS_AS(err::check_probability("f", "p", 1.5), std::domain_error);
  CHECK_THROWS_WITH(err::check_probability("beta.quantile", "p", 1.5),
                    "beta.quantile: p is 1.5, but must be within [0, 1]");
  CHECK_THROWS_WITH(err::check_probability("beta.quantile", "p", -1e-9),
                    "beta.quantile: p is -1e-09, but must be within [0, 1]");
  CHECK_THROWS_WITH(err::check_probability("beta.quantile", "p", quiet_nan),
                    "beta.quantile: p is nan, but must be within [0, 1]");
}

TEST_CASE("check_open_unit: accepts (0, 1), rejects both ends", "[err][checks]") {
  CHECK_NOTHROW(err::check_open_unit("f", "x", std::numeric_limits<double>::denorm_min()));
  CHECK_NOTHROW(err::check_open_unit("f", "x", std::nextafter(1.0, 0.0)));
  CHECK_THROWS_AS(err::check_open_unit("f", "x", 0.0), std::domain_error);
  CHECK_THROWS_WITH(err::check_open_unit("beta.from_mean_se", "mean", 0.0),
                    "beta.from_mean_se: mean is 0, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(err::check_open_unit("beta.from_mean_se", "mean", 1.0),
                    "beta.from_mean_se: mean is 1, but must be within (0, 1), exclusive");
  CHECK_THROWS_WITH(err::check_open_unit("beta.from_mean_se", "mean", quiet_nan),
                    "beta.from_mean_se: mean is nan, but must be within (0, 1), exclusive");
}

TEST_CASE("check_bounded: accepts both bounds, quotes the bounds when it rejects",
          "[err][checks]") {
  CHECK_NOTHROW(err::check_bounded("f", "x", 0.5, 0.5, 3.0));
  CHECK_NOTHROW(err::check_bounded("f", "x", 3.0, 0.5, 3.0));
  CHECK_THROWS_AS(err::check_bounded("f", "x", 4.0, 0.5, 3.0), std::domain_error);
  CHECK_THROWS_WITH(err::check_bounded("triangular", "mode", 4.0, 0.5, 3.0),
                    "triangular: mode is 4, but must be within [0.5, 3]");
  CHECK_THROWS_WITH(err::check_bounded("triangular", "mode", 0.1, 0.5, 3.0),
                    "triangular: mode is 0.1, but must be within [0.5, 3]");
  CHECK_THROWS_WITH(err::check_bounded("triangular", "mode", quiet_nan, 0.5, 3.0),
                    "triangular: mode is nan, but must be within [0.5, 3]");
}

TEST_CASE("check_less: strict, and names the bound and its value", "[err][checks]") {
  CHECK_NOTHROW(err::check_less("f", "lower", 2.0, "upper", std::nextafter(2.0, 3.0)));
  CHECK_THROWS_AS(err::check_less("f", "lower", 2.0, "upper", 2.0), std::domain_error);
  CHECK_THROWS_WITH(err::check_less("uniform", "lower", 2.0, "upper", 2.0),
                    "uniform: lower is 2, but must be less than upper (2)");
  CHECK_THROWS_WITH(err::check_less("uniform", "lower", 5.0, "upper", 0.25),
                    "uniform: lower is 5, but must be less than upper (0.25)");
  CHECK_THROWS_WITH(err::check_less("uniform", "lower", quiet_nan, "upper", 1.0),
                    "uniform: lower is nan, but must be less than upper (1)");
}

TEST_CASE("check_less_or_equal: accepts equality, names the bound and its value",
          "[err][checks]") {
  CHECK_NOTHROW(err::check_less_or_equal("f", "x", 2.5, "upper", 2.5));
  CHECK_THROWS_AS(err::check_less_or_equal("f", "x", 3.0, "upper", 2.5), std::domain_error);
  CHECK_THROWS_WITH(err::check_less_or_equal("f", "x", 3.0, "upper", 2.5),
                    "f: x is 3, but must be at most upper (2.5)");
  CHECK_THROWS_WITH(err::check_less_or_equal("f", "x", quiet_nan, "upper", 2.5),
                    "f: x is nan, but must be at most upper (2.5)");
}
