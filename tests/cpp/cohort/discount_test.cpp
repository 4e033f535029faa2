// Tests for include/prevsim/cohort/discount.hpp: constant and stepped
// (declining) discount schedules, by hand, and the argument checks.

#include <cmath>
#include <limits>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "prevsim/cohort/discount.hpp"

using Catch::Matchers::Message;
using prevsim::cohort::discount_schedule;

namespace {
constexpr double tight = 1e-14;
}

TEST_CASE("discount_schedule: a constant rate is (1 + r)^-x", "[cohort][discount]") {
  const auto d = discount_schedule::constant(0.035);
  CHECK(d.factor(0.0) == 1.0);
  CHECK(d.factor(1.0) == Approx(1 / 1.035).epsilon(tight));
  CHECK(d.factor(10.0) == Approx(std::pow(1.035, -10)).epsilon(tight));
  CHECK(d.factor(0.5) == Approx(1 / std::sqrt(1.035)).epsilon(tight));
  CHECK(d.factor(75.0) == Approx(std::pow(1.035, -75)).epsilon(tight));
  CHECK(d.start_years() == std::vector<double>{0.0});
  CHECK(d.rates() == std::vector<double>{0.035});

  CHECK(discount_schedule::constant(0.0).factor(40.0) == 1.0);
  CHECK(discount_schedule().factor(12.0) == 1.0);  // default: no discounting
}

TEST_CASE("discount_schedule: stepped rates, 3.5 % for 30 years then 3 %", "[cohort][discount]") {
  // HM Treasury Green Book: each year is discounted at the rate in force during it.
  const auto d = discount_schedule::stepped({0.0, 30.0}, {0.035, 0.03});
  // x = 10: all ten years at 3.5 %.
  CHECK(d.factor(10.0) == Approx(std::pow(1.035, -10)).epsilon(tight));
  // x = 30: thirty years at 3.5 %.
  CHECK(d.factor(30.0) == Approx(std::pow(1.035, -30)).epsilon(tight));
  // x = 45: thirty years at 3.5 %, fifteen at 3 %.
  CHECK(d.factor(45.0) == Approx(std::pow(1.035, -30) * std::pow(1.03, -15)).epsilon(tight));
  // x = 30.5: half a year at 3 %.
  CHECK(d.factor(30.5) == Approx(std::pow(1.035, -30) / std::sqrt(1.03)).epsilon(tight));
  // Different from a constant 3.5 % after year 30.
  CHECK(d.factor(45.0) > discount_schedule::constant(0.035).factor(45.0));

  // Three steps: 3.5 % for 0–30, 3 % for 30–75, 2.5 % from 75 on; x = 100.
  const auto g = discount_schedule::stepped({0.0, 30.0, 75.0}, {0.035, 0.03, 0.025});
  CHECK(g.factor(100.0) ==
        Approx(std::pow(1.035, -30) * std::pow(1.03, -45) * std::pow(1.025, -25)).epsilon(tight));
  CHECK(g.factor(75.0) == Approx(std::pow(1.035, -30) * std::pow(1.03, -45)).epsilon(tight));
}

TEST_CASE("discount_schedule: argument errors", "[cohort][discount]") {
  CHECK_THROWS_MATCHES(discount_schedule::stepped({}, {}), std::invalid_argument,
                       Message("discount_schedule: needs as many start years as rates (at least "
                               "one), but has 0 start years and 0 rates"));
  CHECK_THROWS_MATCHES(discount_schedule::stepped({0.0, 30.0}, {0.03}), std::invalid_argument,
                       Message("discount_schedule: needs as many start years as rates (at least "
                               "one), but has 2 start years and 1 rates"));
  CHECK_THROWS_MATCHES(discount_schedule::stepped({1.0}, {0.03}), std::domain_error,
                       Message("discount_schedule: start_years[1] is 1, but must be 0"));
  CHECK_THROWS_MATCHES(discount_schedule::constant(-0.01), std::domain_error,
                       Message("discount_schedule: rates[1] is -0.01, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(discount_schedule::stepped({0.0, 30.0}, {0.035, 1.5}), std::domain_error,
                       Message("discount_schedule: rates[2] is 1.5, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(discount_schedule::constant(std::nan("")), std::domain_error,
                       Message("discount_schedule: rates[1] is nan, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(discount_schedule::stepped({0.0, 30.0, 30.0}, {0.035, 0.03, 0.02}),
                       std::domain_error,
                       Message("discount_schedule: start_years[3] is 30, but must be greater "
                               "than the previous start year"));
  CHECK_THROWS_MATCHES(discount_schedule::stepped({0.0, 30.0, 20.0}, {0.035, 0.03, 0.02}),
                       std::domain_error,
                       Message("discount_schedule: start_years[3] is 20, but must be greater "
                               "than the previous start year"));
  CHECK_THROWS_MATCHES(
      discount_schedule::stepped({0.0, std::numeric_limits<double>::quiet_NaN()}, {0.03, 0.02}),
      std::domain_error,
      Message("discount_schedule: start_years[2] is nan, but must be greater than the previous "
              "start year"));
}
