// Tests for prevsim/dist/quantile_table.hpp and normal_score_map.hpp: the
// interpolated map z -> Q(Φ(z)) that every sampler uses agrees with the exact
// from_normal_score, is monotone, and is used only where it is verified.

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/dist.hpp"

namespace pd = prevsim::dist;
using pd::internal::normal_score_map;
using pd::internal::quantile_table;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

/// The distributions whose maps use a table: beta with shapes below and above
/// one, gamma with shape 0.3 and 20, PERT, uniform, one-sided truncated
/// normals (bounded below, bounded above, and far in the tail).
std::vector<pd::distribution> tabulated() {
  return {pd::beta(0.5, 0.7),
          pd::beta(2.0, 5.0),
          pd::beta(5.0, 5.0),
          pd::gamma(0.3, 1.0),
          pd::gamma(20.0, 1.0),
          pd::pert(0.0, 2.0, 10.0),
          pd::uniform(-3.0, 7.0),
          pd::truncated_normal(0.0, 1.0, 0.0, infinity),
          pd::truncated_normal(5.0, 2.0, -infinity, 4.0),
          pd::truncated_normal(0.0, 1.0, 10.0, infinity)};
}

/// z from −8 to 8 in steps of 2^-8: 4097 points, 16 between neighbouring
/// nodes of the coarsest (256-interval) table, so points near the nodes,
/// midpoints and everything between are covered.
std::vector<double> dense_z_grid() {
  std::vector<double> zs;
  for (int i = -2048; i <= 2048; ++i) zs.push_back(i / 256.0);
  return zs;
}

}  // namespace

TEST_CASE("quantile_table: tabulated maps agree with the exact quantile on a dense z grid",
          "[dist][quantile_table]") {
  const auto zs = dense_z_grid();
  for (const auto& d : tabulated()) {
    const normal_score_map map(d);
    INFO(pd::describe(d));
    REQUIRE(map.table().has_value());
    // The documented accuracy: 1e-10 relative, with a floor of 1e-3 sd, checked
    // at the interval midpoints when the table is built. Between the midpoints
    // the cubic's error is of the same size; 1e-9 (10x the build tolerance)
    // allows for that and nothing more.
    const double floor = 1e-3 * pd::sd(d);
    double worst = 0, worst_z = 0;
    for (double z : zs) {
      const double exact = pd::from_normal_score(d, z);
      const double error = std::fabs(map(z) - exact) / (std::fabs(exact) + floor);
      if (error > worst) {
        worst = error;
        worst_z = z;
      }
    }
    INFO("worst scaled error " << worst << " at z = " << worst_z);
    CHECK(worst <= 1e-9);
  }
}

TEST_CASE("quantile_table: the accepted table's max_error is within the 1e-10 tolerance",
          "[dist][quantile_table]") {
  for (const auto& d : tabulated()) {
    const normal_score_map map(d);
    INFO(pd::describe(d));
    REQUIRE(map.table().has_value());
    const quantile_table& t = *map.table();
    CHECK(t.max_error() <= 1e-10);
    CHECK(t.max_error() <= quantile_table::default_tolerance);
    // Refined by doubling from 256 intervals, up to 2^16.
    CHECK(t.intervals() >= 256);
    CHECK(t.intervals() <= (std::size_t{1} << 16));
    // The range lies inside [−8, 8] and covers the body.
    CHECK(t.z_lower() >= -quantile_table::z_limit);
    CHECK(t.z_upper() <= quantile_table::z_limit);
    CHECK(t.z_lower() <= -1.0);
    CHECK(t.z_upper() >= 1.0);
    CHECK(t.covers(0.0));
  }
}

TEST_CASE("quantile_table: a looser tolerance needs no finer grid and is still met",
          "[dist][quantile_table]") {
  const pd::distribution d = pd::beta(2.0, 5.0);
  const auto strict = quantile_table::build(d);
  const auto loose = quantile_table::build(d, 1e-6);
  REQUIRE(strict.has_value());
  REQUIRE(loose.has_value());
  CHECK(loose->max_error() <= 1e-6);
  CHECK(loose->intervals() <= strict->intervals());
}

TEST_CASE("quantile_table: the map is monotone non-decreasing in z, across the table's ends",
          "[dist][quantile_table]") {
  // The grid runs past ±8, so the step from the table to the exact quantile
  // outside it is crossed too. Monotonicity is what carries rank correlations
  // imposed on z over to x.
  std::vector<double> zs;
  for (int i = -2560; i <= 2560; ++i) zs.push_back(i / 256.0);  // [−10, 10]
  for (const auto& d : tabulated()) {
    const normal_score_map map(d);
    INFO(pd::describe(d));
    double previous = -infinity;
    int decreases = 0;
    double first_bad_z = 0;
    for (double z : zs) {
      const double x = map(z);
      if (x < previous && decreases++ == 0) first_bad_z = z;
      previous = x;
    }
    INFO("first decrease at z = " << first_bad_z);
    CHECK(decreases == 0);
  }
}

TEST_CASE("quantile_table: outside the tabulated range the map is the exact quantile",
          "[dist][quantile_table]") {
  for (const auto& d : tabulated()) {
    const normal_score_map map(d);
    INFO(pd::describe(d));
    REQUIRE(map.table().has_value());
    for (double z : {-12.0, -9.0, -8.5, 8.5, 9.0, 12.0}) {
      INFO("z = " << z);
      CHECK_FALSE(map.table()->covers(z));
      CHECK(map(z) == pd::from_normal_score(d, z));
    }
  }
}

TEST_CASE("normal_score_map: the triangular uses no table but is exact", "[dist][quantile_table]") {
  // The density's kink at the mode would defeat a cubic table; Boost's
  // closed-form quantile is used instead.
  const pd::distribution d = pd::triangular(1.0, 2.0, 4.0);
  const normal_score_map map(d);
  CHECK_FALSE(map.table().has_value());
  for (double z : dense_z_grid()) {
    if (map(z) != pd::from_normal_score(d, z)) FAIL("z = " << z);
  }
}

TEST_CASE("normal_score_map: closed forms for fixed, normal, lognormal and empirical",
          "[dist][quantile_table]") {
  // Relative 1e-14: μ + σ·Φ⁻¹(Φ(z)) against μ + σz differs by the round trip
  // through Φ (a few ulp of z in the body).
  const pd::normal n(1.5, 0.3);
  const pd::lognormal ln(0.5, 0.4);
  const normal_score_map normal_map{pd::distribution(n)};
  const normal_score_map lognormal_map{pd::distribution(ln)};
  const normal_score_map fixed_map{pd::distribution(pd::fixed(2.0))};
  CHECK_FALSE(normal_map.table().has_value());
  CHECK_FALSE(lognormal_map.table().has_value());
  CHECK_FALSE(fixed_map.table().has_value());
  for (double z : {-7.0, -3.0, -1.0, -0.1, 0.0, 0.5, 2.0, 6.0}) {
    INFO("z = " << z);
    CHECK(normal_map(z) == 1.5 + 0.3 * z);
    CHECK(lognormal_map(z) == std::exp(0.5 + 0.4 * z));
    CHECK(fixed_map(z) == 2.0);
    CHECK(normal_map(z) == Approx(pd::from_normal_score(n, z)).epsilon(1e-14));
    CHECK(lognormal_map(z) == Approx(pd::from_normal_score(ln, z)).epsilon(1e-14));
  }
  // Empirical: the value at floor(Φ(z)·n); no density, so no table either.
  const pd::empirical e({3, 1, 4, 1, 5, 9, 2, 6});
  const normal_score_map empirical_map{pd::distribution(e)};
  CHECK_FALSE(empirical_map.table().has_value());
  CHECK_FALSE(quantile_table::build(pd::distribution(e)).has_value());
  CHECK_FALSE(quantile_table::build(pd::distribution(pd::fixed(1.0))).has_value());
  for (double z : dense_z_grid()) {
    if (empirical_map(z) != pd::from_normal_score(e, z) &&
        // At z > 0 the exact map uses quantile(1 − q); both are the same
        // value except where Φ(z)·n is within rounding of an integer.
        std::fabs(pd::internal::phi_cdf(z) * 8.0 - std::round(pd::internal::phi_cdf(z) * 8.0)) >
            1e-12) {
      FAIL("z = " << z);
    }
  }
  CHECK(empirical_map(-10.0) == 1.0);
  CHECK(empirical_map(0.0) == 4.0);  // Φ(0)·8 = 4: the fifth sorted value
  CHECK(empirical_map(10.0) == 9.0);
}
