// Tests for include/prevsim/prevention/combination.hpp: multiplicative combination
// of odds ratios and relative risks, with and without declared overlaps, against
// hand calculations (Python 3: 0.8*0.9**0.5, 0.5*0.7**0.7, math.exp(1.65*-0.26))
// and every error message.

#include <limits>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/prevention/combination.hpp"
#include "prevsim/prevention/effect_size.hpp"

using Catch::Matchers::Message;
namespace prev = prevsim::prevention;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

TEST_CASE("combine_odds_ratios and combine_relative_risks: plain products",
          "[prevention][combination]") {
  CHECK(prev::combine_odds_ratios({0.8, 0.9}) == Approx(0.72).epsilon(1e-15));
  CHECK(prev::combine_odds_ratios({0.8, 0.9, 1.1}) == Approx(0.792).epsilon(1e-15));
  CHECK(prev::combine_odds_ratios({0.8}) == 0.8);
  CHECK(prev::combine_odds_ratios({}) == 1.0);
  CHECK(prev::combine_relative_risks({0.5, 0.7}) == Approx(0.35).epsilon(1e-15));
  CHECK(prev::combine_relative_risks({0.5, 0.0}) == 0.0);
  CHECK(prev::combine_relative_risks({}) == 1.0);
  // Zero overlap is the plain product.
  CHECK(prev::combine_odds_ratios({0.8, 0.9}, {0.0, 0.0}) == Approx(0.72).epsilon(1e-15));
}

TEST_CASE("combination with declared overlap: prod ratio_i^(1 - s_i)",
          "[prevention][combination]") {
  // 0.8 · 0.9^0.5 = 0.7589466384404111; 0.5 · 0.7^0.7 = 0.3895279563352245.
  CHECK(prev::combine_odds_ratios({0.8, 0.9}, {0.0, 0.5}) ==
        Approx(0.7589466384404111).epsilon(1e-14));
  CHECK(prev::combine_relative_risks({0.5, 0.7}, {0.0, 0.3}) ==
        Approx(0.3895279563352245).epsilon(1e-14));
  // Full overlap: the second adds nothing, even a relative risk of 0.
  CHECK(prev::combine_odds_ratios({0.8, 0.9}, {0.0, 1.0}) == 0.8);
  CHECK(prev::combine_relative_risks({0.5, 0.0}, {0.0, 1.0}) == 0.5);
  // Partial overlap lies between the first alone and the plain product.
  const double partial = prev::combine_odds_ratios({0.8, 0.9}, {0.0, 0.3});
  CHECK(partial < 0.8);
  CHECK(partial > 0.72);
  // Under the D-Cox rule the combined effect size is Σ(1 − s_i)·d_i:
  // d₁ = −0.2, d₂ = −0.1 with s₂ = 0.4 → d = −0.26, OR = exp(−0.429) = 0.6511599291810325,
  // and a 20 % baseline becomes 0.1399994709052474.
  const double combined = prev::combine_odds_ratios(
      {prev::d_cox_odds_ratio(-0.2), prev::d_cox_odds_ratio(-0.1)}, {0.0, 0.4});
  CHECK(combined == Approx(0.6511599291810325).epsilon(1e-14));
  CHECK(prev::apply_odds_ratio(0.2, combined) == Approx(0.1399994709052474).epsilon(1e-14));
}

TEST_CASE("combination error messages", "[prevention][combination]") {
  CHECK_THROWS_MATCHES(
      prev::combine_odds_ratios({0.8, 0.0}), std::domain_error,
      Message("combine_odds_ratios: odds_ratios[2] is 0, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      prev::combine_odds_ratios({quiet_nan}), std::domain_error,
      Message("combine_odds_ratios: odds_ratios[1] is nan, but must be finite and > 0"));
  CHECK_THROWS_MATCHES(
      prev::combine_relative_risks({0.8, -0.5}), std::domain_error,
      Message("combine_relative_risks: relative_risks[2] is -0.5, but must be finite and >= 0"));
  CHECK_THROWS_MATCHES(
      prev::combine_odds_ratios({0.8, 0.9}, {0.0}), std::invalid_argument,
      Message("combine_odds_ratios: odds_ratios has 2 values but overlap_shares has 1; give "
              "one overlap share per intervention"));
  CHECK_THROWS_MATCHES(
      prev::combine_relative_risks({0.8, 0.9}, {0.0, 1.5}), std::domain_error,
      Message("combine_relative_risks: overlap_shares[2] is 1.5, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(
      prev::combine_odds_ratios({0.8, 0.9}, {0.0, -0.1}), std::domain_error,
      Message("combine_odds_ratios: overlap_shares[2] is -0.1, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(
      prev::combine_odds_ratios({0.8, 0.9}, {0.2, 0.0}), std::domain_error,
      Message("combine_odds_ratios: overlap_shares[1] is 0.2, but must be 0 (the first "
              "intervention has none before it to overlap with)"));
  CHECK_THROWS_MATCHES(
      prev::combine_odds_ratios({1e200, 1e200}), std::domain_error,
      Message("combine_odds_ratios: the product of odds_ratios is inf, but must be finite"));
}
