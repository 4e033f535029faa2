// Tests for include/prevsim/econ/evppi.hpp (regression EVPPI), threshold.hpp
// (bracketing root finder) and voi_population.hpp: closed forms for normal
// net benefits, nested groups, monotonicity by construction, thread-count
// independence and every error message.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/econ/evppi.hpp"
#include "prevsim/econ/threshold.hpp"
#include "prevsim/econ/voi_population.hpp"
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/standard_normal.hpp"

using Catch::Matchers::Message;
using prevsim::econ::discounted_population;
using prevsim::econ::evppi;
using prevsim::econ::evppi_options;
using prevsim::econ::find_thresholds;

namespace {

constexpr double pi = 3.14159265358979323846;
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }
double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * pi); }

// EVPI of two options whose incremental net benefit is N(mu, sigma²):
// E[max(0, D)] − max(0, mu). With E[max(0, D)] = mu·Φ(mu/σ) + σ·φ(mu/σ):
//   mu >= 0: mu·Φ(mu/σ) + σφ − mu = σφ(mu/σ) − mu·Φ(−mu/σ);
//   mu <  0: mu·Φ(mu/σ) + σφ      = σφ(mu/σ) − |mu|·Φ(−|mu|/σ).
double normal_evpi(double mu, double sigma) {
  return sigma * normal_pdf(mu / sigma) - std::abs(mu) * normal_cdf(-std::abs(mu) / sigma);
}

// Draws of k standard normal inputs (columns) and a noise term.
struct normal_draws {
  Eigen::MatrixXd x;
  Eigen::VectorXd noise;
  normal_draws(Eigen::Index draws, Eigen::Index inputs, std::uint64_t seed)
      : x(draws, inputs), noise(draws) {
    for (Eigen::Index d = 0; d < draws; ++d) {
      prevsim::random_stream stream(seed, 0, static_cast<std::uint64_t>(d));
      for (Eigen::Index j = 0; j < inputs; ++j) x(d, j) = prevsim::standard_normal(stream);
      noise[d] = prevsim::standard_normal(stream);
    }
  }
};

// Two options: do nothing (0) and invest (inb).
Eigen::MatrixXd two_options(const Eigen::VectorXd& inb) {
  Eigen::MatrixXd nb(inb.size(), 2);
  nb.col(0).setZero();
  nb.col(1) = inb;
  return nb;
}

}  // namespace

TEST_CASE("evppi: EVPI of a normal incremental net benefit matches the closed form",
          "[econ][evppi]") {
  // INB = mu + 500·ε, ε ~ N(0, 1): EVPI = σφ(μ/σ) − |μ|Φ(−|μ|/σ), σ = 500.
  const normal_draws r(200000, 1, 11);
  for (const double mu : {-300.0, 0.0, 200.0}) {
    const Eigen::VectorXd inb = (mu + 500.0 * r.noise.array()).matrix();
    const auto result = evppi(two_options(inb), r.x, {{0}});
    const double exact = normal_evpi(mu, 500.0);
    INFO("mu " << mu << ": exact " << exact << ", estimate " << result.evpi);
    CHECK(result.evpi == Approx(exact).epsilon(0.02));
    // The input has nothing to do with the net benefit: EVPPI is small
    // (in-sample fitting of noise only) and cross-fitting agrees.
    CHECK(result.groups[0].evppi < 0.02 * exact);
    CHECK(result.groups[0].r_squared < 1e-3);
  }
}

TEST_CASE("evppi: a linear model INB = a + b·X + ε gives the EVPI of N(a, b²Var X)",
          "[econ][evppi]") {
  // X ~ N(0, 1), ε ~ N(0, 500²) independent: E[INB | X] = a + b·X ~ N(a, b²),
  // so EVPPI(X) = σφ(a/σ) − |a|Φ(−|a|/σ) with σ = |b|, and EVPI uses
  // σ² = b² + 500². 10^5 draws. Tolerance 5 %, about 4 Monte Carlo standard
  // errors: the sample mean of X (se 1/√n, moving EVPPI by P(a + bX > 0)·b/√n
  // ≈ 0.3) and of the noise in the fitted intercept and slope (500/√n each,
  // ≈ 0.5 together) against EVPPI ≈ 45–60.
  const normal_draws r(100000, 2, 5);
  for (const double a : {200.0, -150.0}) {
    const double b = 300.0;
    const Eigen::VectorXd inb = (a + b * r.x.col(0).array() + 500.0 * r.noise.array()).matrix();
    const auto result = evppi(two_options(inb), r.x, {{0}, {1}, {0, 1}});
    const double exact_x = normal_evpi(a, b);
    const double exact_all = normal_evpi(a, std::hypot(b, 500.0));
    INFO("a " << a << ": EVPPI(X) exact " << exact_x << ", estimate " << result.groups[0].evppi
              << "; EVPI exact " << exact_all << ", estimate " << result.evpi);
    CHECK(result.chosen == (a > 0 ? 1 : 0));
    CHECK(result.groups[0].evppi == Approx(exact_x).epsilon(0.05));
    CHECK(result.groups[0].cross_validated == Approx(exact_x).epsilon(0.05));
    CHECK(result.evpi == Approx(exact_all).epsilon(0.05));
    // R² = b² / (b² + 500²) = 0.2647 (in sample and out of fold).
    CHECK(result.groups[0].r_squared == Approx(0.09 / 0.34).epsilon(0.03));
    CHECK(result.groups[0].r_squared_cv == Approx(0.09 / 0.34).epsilon(0.03));
    // The unrelated input adds (almost) nothing; the pair is X's value.
    CHECK(result.groups[1].evppi < 0.02 * exact_x);
    CHECK(result.groups[2].evppi == Approx(exact_x).epsilon(0.05));
    CHECK(result.groups[2].evppi >= result.groups[0].evppi);
    CHECK(result.groups[2].evppi >= result.groups[1].evppi);
  }
}

TEST_CASE("evppi: a group of two inputs of a linear model gives the EVPI of N(a, b1² + b2²)",
          "[econ][evppi]") {
  // INB = 100 + 200·X1 + 150·X2 + 400·ε: EVPPI(X1) from σ = 200, EVPPI(X2)
  // from σ = 150, EVPPI(X1, X2) from σ = 250.
  const normal_draws r(100000, 3, 9);
  const Eigen::VectorXd inb = (100.0 + 200.0 * r.x.col(0).array() + 150.0 * r.x.col(1).array() +
                               400.0 * r.noise.array())
                                  .matrix();
  const auto result = evppi(two_options(inb), r.x, {{0}, {1}, {1, 0}, {0, 1, 2}});
  CHECK(result.groups[0].evppi == Approx(normal_evpi(100.0, 200.0)).epsilon(0.05));
  CHECK(result.groups[1].evppi == Approx(normal_evpi(100.0, 150.0)).epsilon(0.05));
  CHECK(result.groups[2].evppi == Approx(normal_evpi(100.0, 250.0)).epsilon(0.05));
  CHECK(result.groups[3].evppi == Approx(normal_evpi(100.0, 250.0)).epsilon(0.05));
  CHECK(result.evpi == Approx(normal_evpi(100.0, std::hypot(250.0, 400.0))).epsilon(0.05));
  // Over-fitting check: with 10^5 draws the out-of-fold values agree.
  for (const auto& e : result.groups) {
    CHECK(e.r_squared - e.r_squared_cv < 1e-3);
    CHECK(e.cross_validated == Approx(e.raw).epsilon(0.03));
  }
  // Basis columns: singles 1 + 5; pair 1 + 10 + 3 interactions of total
  // degree <= 3 ((1,1), (2,1), (1,2)); triple 1 + 15 + 9 + 1 ((1,1,1)).
  CHECK(result.groups[0].columns == 6);
  CHECK(result.groups[2].columns == 14);
  CHECK(result.groups[3].columns == 26);
  CHECK(result.groups[3].rank == 26);
}

TEST_CASE("evppi: three options, each a function of one input", "[econ][evppi]") {
  // NB of options 2 and 3 are exact (noise-free) functions of X1: knowing X1
  // removes all uncertainty, so EVPPI(X1) = EVPI (up to the fit of a linear
  // function of X1 by polynomials of its normal scores).
  const normal_draws r(50000, 2, 3);
  Eigen::MatrixXd nb(r.x.rows(), 3);
  nb.col(0).setZero();
  nb.col(1) = (50.0 + 100.0 * r.x.col(0).array()).matrix();
  nb.col(2) = (80.0 - 120.0 * r.x.col(0).array()).matrix();
  const auto result = evppi(nb, r.x, {{0}, {1}});
  CHECK(result.chosen == 2);
  CHECK(result.groups[0].evppi == Approx(result.evpi).epsilon(0.005));
  CHECK(result.groups[0].r_squared > 0.999);
  CHECK(result.groups[1].evppi < 0.01 * result.evpi);
}

TEST_CASE("evppi: never above EVPI, never below a sub-group's, even where raw fits are not",
          "[econ][evppi]") {
  // Few draws and inputs unrelated to the net benefit: the in-sample raw
  // estimates fit noise, and adding an input can lower mean max(0, ĝ). The
  // reported values must still be monotone in the group and at most EVPI.
  // (With 60 draws, about 2 % of such steps lower the raw estimate.)
  int raw_decreases = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const normal_draws r(60, 4, seed);
    const Eigen::VectorXd inb = (20.0 + 100.0 * r.noise.array()).matrix();
    const std::vector<std::vector<Eigen::Index>> groups = {{0}, {0, 1}, {0, 1, 2}, {0, 1, 2, 3},
                                                           {1}, {2},    {3},       {2, 3}};
    evppi_options options;
    options.main_degree = 3;
    options.interaction_degree = 2;
    options.folds = 2;
    const auto result = evppi(two_options(inb), r.x, groups, options);
    const auto& g = result.groups;
    INFO("seed " << seed);
    for (const auto& e : g) {
      CHECK(e.evppi >= 0.0);
      CHECK(e.evppi <= result.evpi);
      CHECK(e.raw >= 0.0);
      CHECK(e.cross_validated >= 0.0);
    }
    CHECK(g[0].evppi <= g[1].evppi);
    CHECK(g[1].evppi <= g[2].evppi);
    CHECK(g[2].evppi <= g[3].evppi);
    CHECK(g[4].evppi <= g[1].evppi);
    CHECK(g[5].evppi <= g[7].evppi);
    CHECK(g[6].evppi <= g[7].evppi);
    CHECK(g[7].evppi <= g[3].evppi);
    if (g[1].raw < g[0].raw || g[2].raw < g[1].raw || g[3].raw < g[2].raw) ++raw_decreases;
    // A group's value is the same whatever else is asked in the call.
    const auto alone = evppi(two_options(inb), r.x, {{0, 1, 2}}, options);
    CHECK(alone.groups[0].evppi == g[2].evppi);
    CHECK(alone.groups[0].raw == g[2].raw);
  }
  // The envelope is needed: raw estimates do fall when an input is added.
  CHECK(raw_decreases > 0);
}

TEST_CASE("evppi: ties and constant inputs", "[econ][evppi]") {
  // A fixed input carries no information (no columns but the constant); an
  // input with 3 values gets at most degree 2.
  const Eigen::Index n = 3000;
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd inb(n);
  for (Eigen::Index d = 0; d < n; ++d) {
    x(d, 0) = 7.0;
    x(d, 1) = static_cast<double>(d % 3);
    inb[d] = (d % 3 == 0 ? -90.0 : 60.0);
  }
  const auto result = evppi(two_options(inb), x, {{0}, {1}, {0, 1}});
  CHECK(result.groups[0].columns == 1);
  CHECK(result.groups[0].evppi == 0.0);
  CHECK(result.groups[1].columns == 3);
  // Knowing the category resolves everything: EVPPI = EVPI = 90/3 = 30.
  CHECK(result.evpi == Approx(30.0).epsilon(1e-12));
  CHECK(result.groups[1].raw == Approx(30.0).epsilon(1e-9));
  CHECK(result.groups[2].evppi == Approx(30.0).epsilon(1e-9));
}

TEST_CASE("evppi: the result does not depend on the number of threads", "[econ][evppi]") {
  const normal_draws r(20000, 3, 17);
  const Eigen::VectorXd inb =
      (10.0 + 50.0 * r.x.col(0).array() * r.x.col(1).array() + 30.0 * r.noise.array()).matrix();
  const std::vector<std::vector<Eigen::Index>> groups = {{0}, {1}, {2}, {0, 1}, {0, 1, 2}};
  prevsim::econ::evppi_result one, many;
  oneapi::tbb::task_arena(1).execute([&] { one = evppi(two_options(inb), r.x, groups); });
  oneapi::tbb::task_arena(2).execute([&] { many = evppi(two_options(inb), r.x, groups); });
  CHECK(one.evpi == many.evpi);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    CHECK(one.groups[g].evppi == many.groups[g].evppi);
    CHECK(one.groups[g].raw == many.groups[g].raw);
    CHECK(one.groups[g].cross_validated == many.groups[g].cross_validated);
    CHECK(one.groups[g].r_squared_cv == many.groups[g].r_squared_cv);
  }
  // The interaction X1·X2 is seen only by the pair (E[INB | X1] is constant).
  CHECK(one.groups[3].r_squared > 0.7);
  CHECK(one.groups[0].r_squared < 0.01);
}

TEST_CASE("evppi: every argument error has its message", "[econ][evppi][errors]") {
  const Eigen::MatrixXd nb = Eigen::MatrixXd::Zero(100, 2);
  const Eigen::MatrixXd x = Eigen::MatrixXd::Ones(100, 3);
  CHECK_THROWS_MATCHES(
      evppi(Eigen::MatrixXd::Zero(100, 1), x, {{0}}), std::invalid_argument,
      Message("evppi: net_benefit has 1 option(s) (columns), but at least 2 are needed (e.g. do "
              "nothing = 0 and invest = NPV)"));
  CHECK_THROWS_MATCHES(evppi(nb, Eigen::MatrixXd::Ones(99, 3), {{0}}), std::invalid_argument,
                       Message("evppi: inputs has 99 draws (rows) but net_benefit has 100; they "
                               "must be the same draws"));
  CHECK_THROWS_MATCHES(evppi(nb, x, {}), std::invalid_argument,
                       Message("evppi: groups is empty; give at least one"));
  CHECK_THROWS_MATCHES(evppi(nb, x, {{0}, {}}), std::invalid_argument,
                       Message("evppi: groups[2] is empty"));
  CHECK_THROWS_MATCHES(evppi(nb, x, {{0, 3}}), std::invalid_argument,
                       Message("evppi: groups[1] names input column 4, but inputs has 3 columns"));
  CHECK_THROWS_MATCHES(evppi(nb, x, {{1, 1}}), std::invalid_argument,
                       Message("evppi: groups[1] names an input column more than once"));
  evppi_options small;
  small.max_group = 2;
  CHECK_THROWS_MATCHES(evppi(nb, x, {{0, 1, 2}}, small), std::invalid_argument,
                       Message("evppi: groups[1] has 3 inputs, but at most max_group (2) are "
                               "allowed: the estimate fits every sub-group (2^m - 1 fits)"));
  evppi_options bad;
  bad.main_degree = 0;
  CHECK_THROWS_MATCHES(evppi(nb, x, {{0}}, bad), std::domain_error,
                       Message("evppi: main_degree is 0, but must be within [1, 12]"));
  bad = {};
  bad.interaction_degree = 1;
  CHECK_THROWS_MATCHES(evppi(nb, x, {{0}}, bad), std::domain_error,
                       Message("evppi: interaction_degree is 1, but must be within [2, 8]"));
  bad = {};
  bad.folds = 1;
  CHECK_THROWS_MATCHES(evppi(nb, x, {{0}}, bad), std::domain_error,
                       Message("evppi: folds is 1, but must be within [2, 20]"));
  Eigen::MatrixXd nan_nb = nb;
  nan_nb(4, 1) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_MATCHES(evppi(nan_nb, x, {{0}}), std::domain_error,
                       Message("evppi: net_benefit[draw 5, option 2] is inf, but must be finite"));
  Eigen::MatrixXd nan_x = x;
  nan_x(2, 1) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_MATCHES(evppi(nb, nan_x, {{1}}), std::domain_error,
                       Message("evppi: inputs[draw 3, input 2] is nan, but must be finite"));
  // A column not in any group is not read.
  CHECK_NOTHROW(evppi(nb, nan_x, {{0}}));
  // Too few draws for the basis of a group.
  const normal_draws r(30, 3, 1);
  CHECK_THROWS_MATCHES(
      evppi(Eigen::MatrixXd::Zero(30, 2), r.x, {{0}, {0, 1, 2}}), std::invalid_argument,
      Message("evppi: groups[2] needs more than 26 draws in each training fold (its basis has 26 "
              "columns), but 30 draws in 5 folds leave 24; use more draws or lower main_degree / "
              "interaction_degree"));
}

TEST_CASE("find_thresholds: the root of a linear metric is its algebraic root", "[econ][threshold]") {
  // NPV(x) = 3.5e6 − 2.8e5·x (e.g. a cost per participant x in kSEK): root 12.5.
  const auto r = find_thresholds([](double x) { return 3.5e6 - 2.8e5 * x; }, 0.0, 40.0);
  REQUIRE(r.roots.size() == 1);
  CHECK(r.roots[0] == Approx(12.5).epsilon(1e-12));
  CHECK(r.grid.size() == 9);
  CHECK(r.grid.front() == 0.0);
  CHECK(r.grid.back() == 40.0);
  CHECK(r.values[0] == 3.5e6);
  // A root at 0 and a root on a grid point.
  const auto at_zero = find_thresholds([](double x) { return 2.0 * x; }, -1.0, 3.0, 7);
  REQUIRE(at_zero.roots.size() == 1);
  CHECK(std::abs(at_zero.roots[0]) < 1e-11);
  const auto on_grid = find_thresholds([](double x) { return x - 1.0; }, 0.0, 4.0, 4);
  REQUIRE(on_grid.roots.size() == 1);
  CHECK(on_grid.roots[0] == 1.0);
}

TEST_CASE("find_thresholds: two crossings, none, and errors", "[econ][threshold]") {
  // (x − 1)(x − 4) on [0, 6]: roots 1 and 4.
  const auto two = find_thresholds([](double x) { return (x - 1.0) * (x - 4.0); }, 0.0, 6.0, 12);
  REQUIRE(two.roots.size() == 2);
  CHECK(two.roots[0] == Approx(1.0).epsilon(1e-12));
  CHECK(two.roots[1] == Approx(4.0).epsilon(1e-12));
  const auto none = find_thresholds([](double x) { return 1.0 + x * x; }, -2.0, 2.0);
  CHECK(none.roots.empty());
  CHECK(none.values.size() == 9);
  CHECK_THROWS_MATCHES(find_thresholds([](double x) { return x; }, 1.0, 1.0), std::domain_error,
                       Message("find_thresholds: lower is 1, but must be less than upper (1)"));
  CHECK_THROWS_MATCHES(find_thresholds([](double x) { return x; }, 0.0, 1.0, 0), std::domain_error,
                       Message("find_thresholds: brackets is 0, but must be within [1, 1000]"));
  CHECK_THROWS_MATCHES(
      find_thresholds([](double x) { return 1.0 / (x - 0.5); }, 0.0, 1.0, 2), std::domain_error,
      Message("find_thresholds: the metric at 0.5 is inf, but must be finite"));
}

TEST_CASE("discounted_population: the annuity closed form", "[econ][voi]") {
  // 1 000 people a year for 10 years at 3 %, start of year: 1000·(1 − v^10)/(1 − v).
  const double v = 1.0 / 1.03;
  CHECK(discounted_population(1000.0, 10, 0.03, 0.0) ==
        Approx(1000.0 * (1.0 - std::pow(v, 10)) / (1.0 - v)).epsilon(1e-13));
  CHECK(discounted_population(1000.0, 10, 0.03, 0.5) ==
        Approx(1000.0 * std::sqrt(v) * (1.0 - std::pow(v, 10)) / (1.0 - v)).epsilon(1e-13));
  CHECK(discounted_population(250.0, 4, 0.0, 1.0) == 1000.0);
  CHECK_THROWS_MATCHES(discounted_population(-1.0, 4, 0.0, 0.0), std::domain_error,
                       Message("discounted_population: people_per_year is -1, but must be finite "
                               "and >= 0"));
  CHECK_THROWS_MATCHES(discounted_population(1.0, 0, 0.0, 0.0), std::domain_error,
                       Message("discounted_population: years is 0, but must be within [1, 1000]"));
  CHECK_THROWS_MATCHES(discounted_population(1.0, 5, 1.5, 0.0), std::domain_error,
                       Message("discounted_population: discount_rate is 1.5, but must be within "
                               "[0, 1]"));
}
