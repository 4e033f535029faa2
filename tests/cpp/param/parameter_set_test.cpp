// Tests for include/prevsim/param/parameter_set.hpp: building a set of named
// parameters and Dirichlet groups, and validating its correlation.

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "prevsim/param/parameter_set.hpp"

using Catch::Matchers::Message;
using prevsim::correlation_scale;
using prevsim::dirichlet_group;
using prevsim::parameter;
using prevsim::parameter_set;
namespace dist = prevsim::dist;

namespace {

// a, b, c (univariate), then the group "split" with components x, y, z, then d.
parameter_set example_set() {
  parameter_set s;
  s.add("a", dist::beta(2, 8), "probability", "Study A");
  s.add("b", dist::gamma(3, 100), "SEK");
  s.add("c", dist::normal(0, 1));
  s.add_dirichlet({"split", {"x", "y", "z"}, dist::dirichlet({1, 2, 3}), "share", "Register"});
  s.add("d", dist::lognormal(0, 0.5));
  return s;
}

Eigen::MatrixXd matrix3(double ab, double ac, double bc) {
  Eigen::MatrixXd m(3, 3);
  m << 1, ab, ac, ab, 1, bc, ac, bc, 1;
  return m;
}

// The message of the std::invalid_argument that f throws (fails if none).
template <class F>
std::string invalid_argument_message(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  FAIL("no std::invalid_argument was thrown");
  return {};
}

}  // namespace

TEST_CASE("parameter_set: parameters and Dirichlet groups become columns in order",
          "[param][parameter_set]") {
  const parameter_set s = example_set();
  CHECK(s.size() == 7);
  CHECK_FALSE(s.empty());
  CHECK(s.column_names() ==
        std::vector<std::string>{"a", "b", "c", "split.x", "split.y", "split.z", "d"});

  REQUIRE(s.parameters().size() == 4);
  REQUIRE(s.groups().size() == 1);
  CHECK(s.parameters()[0].unit == "probability");
  CHECK(s.parameters()[0].source == "Study A");
  CHECK(s.parameters()[3].name == "d");
  CHECK(s.groups()[0].unit == "share");
  CHECK(s.groups()[0].source == "Register");

  // Where each column comes from.
  const auto& cols = s.columns();
  CHECK_FALSE(cols[2].is_dirichlet);
  CHECK(cols[2].entry == 2);
  CHECK(cols[4].is_dirichlet);
  CHECK(cols[4].entry == 0);
  CHECK(cols[4].component == 1);
  CHECK_FALSE(cols[6].is_dirichlet);
  CHECK(cols[6].entry == 3);

  CHECK(s.column_index("a") == 0);
  CHECK(s.column_index("split.z") == 5);
  CHECK(s.column_index("d") == 6);

  // Nothing is correlated until set_correlation is called.
  CHECK(s.correlated_columns().empty());
  CHECK(s.normal_score_correlation().size() == 0);
}

TEST_CASE("parameter_set: add accepts a parameter struct and chains", "[param][parameter_set]") {
  parameter_set s;
  s.add(parameter{"p", dist::beta(1, 1), "probability", "Assumption"})
      .add("q", dist::uniform(0, 2))
      .add_dirichlet({"g", {"u", "v"}, dist::dirichlet({1, 1}), "", ""});
  CHECK(s.column_names() == std::vector<std::string>{"p", "q", "g.u", "g.v"});
  CHECK(parameter_set{}.empty());
  CHECK(parameter_set{}.size() == 0);
}

TEST_CASE("parameter_set: empty and duplicate names are rejected with a message",
          "[param][parameter_set]") {
  parameter_set s = example_set();
  REQUIRE_THROWS_MATCHES(s.add("", dist::normal(0, 1)), std::invalid_argument,
                         Message("parameter_set: a parameter name is empty"));
  REQUIRE_THROWS_MATCHES(s.add("b", dist::normal(0, 1)), std::invalid_argument,
                         Message("parameter_set: a parameter called 'b' exists already"));
  // A univariate parameter may not take a Dirichlet column's name ...
  REQUIRE_THROWS_MATCHES(s.add("split.y", dist::normal(0, 1)), std::invalid_argument,
                         Message("parameter_set: a parameter called 'split.y' exists already"));
  // ... nor the group's own name.
  REQUIRE_THROWS_MATCHES(s.add("split", dist::normal(0, 1)), std::invalid_argument,
                         Message("parameter_set: a Dirichlet group called 'split' exists already"));
  // A group may not reuse a parameter's or a group's name, or produce a taken column.
  REQUIRE_THROWS_MATCHES(s.add_dirichlet({"a", {"x", "y"}, dist::dirichlet({1, 1}), "", ""}),
                         std::invalid_argument,
                         Message("parameter_set: a parameter called 'a' exists already"));
  REQUIRE_THROWS_MATCHES(s.add_dirichlet({"split", {"p", "q"}, dist::dirichlet({1, 1}), "", ""}),
                         std::invalid_argument,
                         Message("parameter_set: a Dirichlet group called 'split' exists already"));
  REQUIRE_THROWS_MATCHES(s.add_dirichlet({"", {"p", "q"}, dist::dirichlet({1, 1}), "", ""}),
                         std::invalid_argument,
                         Message("parameter_set: a parameter name is empty"));
  parameter_set t;
  t.add("g.u", dist::normal(0, 1));
  REQUIRE_THROWS_MATCHES(t.add_dirichlet({"g", {"u", "v"}, dist::dirichlet({1, 1}), "", ""}),
                         std::invalid_argument,
                         Message("parameter_set: a parameter called 'g.u' exists already"));

  // A failed add leaves the set as it was.
  CHECK(s.size() == 7);
  CHECK(s.parameters().size() == 4);
  CHECK(s.groups().size() == 1);
  CHECK(t.column_names() == std::vector<std::string>{"g.u"});
  CHECK(t.groups().empty());
}

TEST_CASE("parameter_set: a Dirichlet group's component names must be valid and distinct",
          "[param][parameter_set]") {
  parameter_set s;
  REQUIRE_THROWS_MATCHES(
      s.add_dirichlet({"g", {"u", "v"}, dist::dirichlet({1, 2, 3}), "", ""}),
      std::invalid_argument,
      Message("parameter_set.add_dirichlet: group g names 2 components, but its Dirichlet "
              "distribution has 3"));
  // Two components called "u" would give two columns called "g.u".
  REQUIRE_THROWS_MATCHES(
      s.add_dirichlet({"g", {"u", "v", "u"}, dist::dirichlet({1, 2, 3}), "", ""}),
      std::invalid_argument,
      Message("parameter_set.add_dirichlet: group g names the component 'u' twice"));
  // An empty component would give a column called "g.".
  REQUIRE_THROWS_MATCHES(
      s.add_dirichlet({"g", {"u", ""}, dist::dirichlet({1, 2}), "", ""}), std::invalid_argument,
      Message("parameter_set.add_dirichlet: group g has a component with an empty name"));
  CHECK(s.empty());
}

TEST_CASE("parameter_set: an unknown name is reported with the known ones",
          "[param][parameter_set]") {
  const parameter_set s = example_set();
  REQUIRE_THROWS_MATCHES(
      s.column_index("e"), std::invalid_argument,
      Message("parameter_set: no parameter is called 'e' (known: a, b, c, split.x, split.y, "
              "split.z, d)"));
  // The group's name is not a column.
  REQUIRE_THROWS_MATCHES(
      s.column_index("split"), std::invalid_argument,
      Message("parameter_set: no parameter is called 'split' (known: a, b, c, split.x, "
              "split.y, split.z, d)"));
}

TEST_CASE("parameter_set: set_correlation records the columns in the order named",
          "[param][parameter_set]") {
  parameter_set s = example_set();
  s.set_correlation({"d", "a", "b"}, matrix3(0.2, 0.3, 0.4), correlation_scale::normal_scores);
  CHECK(s.correlated_columns() == std::vector<std::size_t>{6, 0, 1});
  CHECK(s.correlation_names() == std::vector<std::string>{"d", "a", "b"});
  // On the normal-score scale the matrix is kept as given.
  CHECK(s.normal_score_correlation() == matrix3(0.2, 0.3, 0.4));

  // A later call replaces the earlier one; an empty list removes the copula.
  s.set_correlation({"c", "b"}, (Eigen::MatrixXd(2, 2) << 1, -0.5, -0.5, 1).finished(),
                    correlation_scale::normal_scores);
  CHECK(s.correlated_columns() == std::vector<std::size_t>{2, 1});
  s.set_correlation({}, Eigen::MatrixXd(0, 0));
  CHECK(s.correlated_columns().empty());
  CHECK(s.correlation_names().empty());
}

TEST_CASE("parameter_set: set_correlation rejects bad names with a message",
          "[param][parameter_set]") {
  parameter_set s = example_set();
  REQUIRE_THROWS_MATCHES(
      s.set_correlation({"a", "zz"}, Eigen::MatrixXd::Identity(2, 2)), std::invalid_argument,
      Message("parameter_set: no parameter is called 'zz' (known: a, b, c, split.x, split.y, "
              "split.z, d)"));
  REQUIRE_THROWS_MATCHES(
      s.set_correlation({"a", "split.y"}, Eigen::MatrixXd::Identity(2, 2)),
      std::invalid_argument,
      Message("parameter_set.set_correlation: split.y is a Dirichlet component; shares of a "
              "Dirichlet group cannot be correlated with other parameters"));
  REQUIRE_THROWS_MATCHES(s.set_correlation({"a", "b", "a"}, Eigen::MatrixXd::Identity(3, 3)),
                         std::invalid_argument,
                         Message("parameter_set.set_correlation: a is named twice"));
}

TEST_CASE("parameter_set: set_correlation rejects invalid matrices with a message",
          "[param][parameter_set]") {
  parameter_set s = example_set();
  const std::vector<std::string> abc{"a", "b", "c"};

  SECTION("wrong size") {
    REQUIRE_THROWS_MATCHES(
        s.set_correlation(abc, Eigen::MatrixXd::Identity(2, 3)), std::invalid_argument,
        Message("correlation: the matrix is 2x3, but 3 parameters were named, so it must be 3x3"));
    REQUIRE_THROWS_MATCHES(
        s.set_correlation(abc, Eigen::MatrixXd::Identity(4, 4)), std::invalid_argument,
        Message("correlation: the matrix is 4x4, but 3 parameters were named, so it must be 3x3"));
  }
  SECTION("diagonal not 1") {
    Eigen::MatrixXd m = matrix3(0.1, 0.2, 0.3);
    m(1, 1) = 0.9;
    REQUIRE_THROWS_MATCHES(s.set_correlation(abc, m), std::invalid_argument,
                           Message("correlation: the diagonal entry for b is 0.9, but must be 1"));
  }
  SECTION("entry outside [-1, 1]") {
    REQUIRE_THROWS_MATCHES(
        s.set_correlation(abc, matrix3(0.1, 0.2, -1.5)), std::invalid_argument,
        Message("correlation: the entry for (b, c) is -1.5, but must be within [-1, 1]"));
    REQUIRE_THROWS_MATCHES(
        s.set_correlation(abc, matrix3(std::nan(""), 0.2, 0.3)), std::invalid_argument,
        Message("correlation: the entry for (a, b) is nan, but must be within [-1, 1]"));
  }
  SECTION("asymmetric") {
    Eigen::MatrixXd m = matrix3(0.1, 0.2, 0.3);
    m(2, 0) = 0.25;
    REQUIRE_THROWS_MATCHES(
        s.set_correlation(abc, m), std::invalid_argument,
        Message("correlation: the matrix is not symmetric: entry (a, c) is 0.2 but entry (c, a) "
                "is 0.25"));
  }
  SECTION("not positive semi-definite") {
    // ρ(a,b) = ρ(b,c) = r, ρ(a,c) = −r has the eigenvector (1, −1, 1) with
    // eigenvalue 1 − 2r: −0.8 for r = 0.9 on the normal-score scale, and
    // 1 − 4 sin(0.15π) = −0.8159619989580... once the Spearman 0.9 is converted.
    // The quoted eigenvalue is checked to 1e-12 relative (Eigen's solver is
    // accurate to a few ulps of the largest eigenvalue, 1.9).
    const std::string prefix =
        "correlation: the matrix is not positive semi-definite: its smallest eigenvalue is ";
    const std::string suffix =
        " (the correlations contradict each other; for example rho(a,b) = rho(b,c) = 0.9 with "
        "rho(a,c) = -0.9 is impossible)";
    auto eigenvalue_in = [&](const std::string& message) {
      REQUIRE(message.size() > prefix.size() + suffix.size());
      REQUIRE(message.substr(0, prefix.size()) == prefix);
      REQUIRE(message.substr(message.size() - suffix.size()) == suffix);
      return std::stod(message.substr(prefix.size(),
                                      message.size() - prefix.size() - suffix.size()));
    };
    const auto normal_scores = invalid_argument_message([&] {
      s.set_correlation(abc, matrix3(0.9, -0.9, 0.9), correlation_scale::normal_scores);
    });
    CHECK(eigenvalue_in(normal_scores) == Approx(-0.8).epsilon(1e-12));
    const auto spearman =
        invalid_argument_message([&] { s.set_correlation(abc, matrix3(0.9, -0.9, 0.9)); });
    CHECK(eigenvalue_in(spearman) == Approx(-0.81596199895818700).epsilon(1e-12));
  }
  SECTION("a failed call keeps the earlier correlation") {
    s.set_correlation({"a", "b"}, (Eigen::MatrixXd(2, 2) << 1, 0.5, 0.5, 1).finished(),
                      correlation_scale::normal_scores);
    REQUIRE_THROWS_AS(s.set_correlation(abc, matrix3(0.9, -0.9, 0.9)), std::invalid_argument);
    REQUIRE_THROWS_AS(s.set_correlation({"a", "zz"}, Eigen::MatrixXd::Identity(2, 2)),
                      std::invalid_argument);
    CHECK(s.correlated_columns() == std::vector<std::size_t>{0, 1});
    CHECK(s.correlation_names() == std::vector<std::string>{"a", "b"});
    CHECK(s.normal_score_correlation()(0, 1) == 0.5);
  }
}

TEST_CASE("parameter_set: a singular but valid correlation is accepted", "[param][parameter_set]") {
  // a and b perfectly correlated: smallest eigenvalue 0, which is allowed.
  parameter_set s = example_set();
  REQUIRE_NOTHROW(s.set_correlation({"a", "b", "c"}, matrix3(1.0, 0.5, 0.5),
                                    correlation_scale::normal_scores));
  CHECK(s.correlated_columns().size() == 3);
}

TEST_CASE("parameter_set: the normal-score maps are built once and shared by copies",
          "[param][parameter_set]") {
  parameter_set s = example_set();
  const auto first = s.normal_score_maps();
  REQUIRE(first->size() == s.size());
  CHECK(s.normal_score_maps() == first);  // the same maps, not built again
  const parameter_set copy = s;
  CHECK(copy.normal_score_maps() == first);
  // The maps are those of the columns, in order (a Dirichlet component maps
  // through its gamma).
  CHECK((*first)[0](0.0) == dist::beta(2, 8).quantile(0.5));
  CHECK((*first)[2](1.5) == 1.5);  // the standard normal
  // A change gives the set new maps; a copy made before keeps the old ones.
  s.add("e", dist::uniform(0, 1));
  const auto second = s.normal_score_maps();
  CHECK(second != first);
  CHECK(second->size() == first->size() + 1);
  CHECK(copy.normal_score_maps() == first);
  s.add_dirichlet({"more", {"u", "v"}, dist::dirichlet({1, 1}), "", ""});
  CHECK(s.normal_score_maps()->size() == second->size() + 2);
}
