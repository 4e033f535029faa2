// Tests for include/prevsim/econ/cashflow.hpp: present values against the
// annuity closed forms, a hand-built flow's NPV, BCR, ROI and payback year,
// stepped discounting, IRRs known in closed form, the cases without an IRR,
// and every error message.

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/econ/cashflow.hpp"

using Catch::Matchers::Message;
namespace econ = prevsim::econ;
using prevsim::cohort::discount_schedule;

namespace {
const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("present_value of a level flow equals the annuity closed forms", "[econ][cashflow]") {
  // Payment a = 1000 SEK for H = 10 years at r = 3 %.
  const double a = 1000, r = 0.03;
  const int H = 10;
  const std::vector<double> flow(H, a);
  const auto d = discount_schedule::constant(r);
  // Ordinary annuity (payments at the end of each year, τ = 1):
  //   a·(1 − (1 + r)^−H)/r = 8530.202836…
  const double immediate = a * (1 - std::pow(1 + r, -H)) / r;
  CHECK(immediate == Approx(8530.20283).epsilon(1e-9));
  CHECK(econ::present_value(flow, d, 1.0) == Approx(immediate).epsilon(1e-13));
  // Annuity due (payments at the start, τ = 0): a·(1 − (1 + r)^−H)/r·(1 + r)
  //   = a·(1 − (1 + r)^−H)/(r/(1 + r)).
  const double due = a * (1 - std::pow(1 + r, -H)) / (r / (1 + r));
  CHECK(econ::present_value(flow, d, 0.0) == Approx(due).epsilon(1e-13));
  // Mid-year (τ = 0.5): the ordinary annuity times (1 + r)^0.5.
  CHECK(econ::present_value(flow, d, 0.5) == Approx(immediate * std::sqrt(1 + r)).epsilon(1e-13));
  // At 0 % the PV is the plain sum, whatever τ.
  CHECK(econ::present_value(flow, discount_schedule::constant(0.0), 0.5) == Approx(10000.0));
  // An empty flow is worth nothing.
  CHECK(econ::present_value({}, d, 1.0) == 0.0);
}

TEST_CASE("summarize_cashflow: a hand-built flow's NPV, BCR, ROI and payback year",
          "[econ][cashflow]") {
  // r = 10 %, τ = 0 (amounts at the start of the year), so D(t) = 1.1^−t.
  //   year t          0      1      2       3
  //   cost c_t      100     50      0       0
  //   benefit b_t     0     55   60.5   66.55
  //   D(t)            1  1/1.1 1/1.21 1/1.331
  // PV(c) = 100 + 50/1.1 = 1600/11 = 145.4545…
  // PV(b) = 55/1.1 + 60.5/1.21 + 66.55/1.331 = 50 + 50 + 50 = 150
  // NPV = 150 − 1600/11 = 50/11 = 4.5454…
  // BCR = 150/(1600/11) = 1650/1600 = 1.03125, ROI = BCR − 1 = 0.03125
  // Cumulative net: −100, −100 + 5/1.1 = −95.4545…, −45.4545…, +4.5454…
  // → the first year with cumulative net >= 0 is t = 3.
  const std::vector<double> costs{100, 50, 0, 0};
  const std::vector<double> benefits{0, 55, 60.5, 66.55};
  const auto d = discount_schedule::constant(0.10);

  const auto m = econ::summarize_cashflow(costs, benefits, d, 0.0);
  CHECK(m.pv_costs == Approx(1600.0 / 11).epsilon(1e-14));
  CHECK(m.pv_benefits == Approx(150.0).epsilon(1e-14));
  CHECK(m.net_present_value == Approx(50.0 / 11).epsilon(1e-12));
  REQUIRE(m.benefit_cost_ratio);
  CHECK(*m.benefit_cost_ratio == Approx(1.03125).epsilon(1e-14));
  REQUIRE(m.return_on_investment);
  CHECK(*m.return_on_investment == Approx(0.03125).epsilon(1e-12));
  REQUIRE(m.payback_year);
  CHECK(*m.payback_year == 3u);

  // The single-metric functions agree with the summary.
  CHECK(econ::net_present_value(costs, benefits, d, 0.0) == Approx(50.0 / 11).epsilon(1e-12));
  CHECK(econ::benefit_cost_ratio(costs, benefits, d, 0.0).value() ==
        Approx(1.03125).epsilon(1e-14));
  CHECK(econ::return_on_investment(costs, benefits, d, 0.0).value() ==
        Approx(0.03125).epsilon(1e-12));
  CHECK(econ::payback_year(costs, benefits, d, 0.0) == std::optional<std::size_t>(3));

  std::vector<double> cumulative;
  econ::cumulative_discounted_net(costs, benefits, d, 0.0, cumulative);
  REQUIRE(cumulative.size() == 4);
  CHECK(cumulative[0] == Approx(-100.0).epsilon(1e-14));
  CHECK(cumulative[1] == Approx(-100.0 + 5 / 1.1).epsilon(1e-14));
  CHECK(cumulative[2] == Approx(-100.0 + 5 / 1.1 + 50).epsilon(1e-13));
  CHECK(cumulative[3] == Approx(50.0 / 11).epsilon(1e-12));

  // τ = 1 shifts every amount one year later: all PVs divide by 1.1, so the
  // ratios and the payback year stay, the NPV becomes (50/11)/1.1.
  const auto end = econ::summarize_cashflow(costs, benefits, d, 1.0);
  CHECK(end.net_present_value == Approx(50.0 / 11 / 1.1).epsilon(1e-12));
  CHECK(end.benefit_cost_ratio.value() == Approx(1.03125).epsilon(1e-14));
  CHECK(end.payback_year.value() == 3u);
  // τ = 0.5: PVs divide by sqrt(1.1).
  const auto mid = econ::summarize_cashflow(costs, benefits, d, 0.5);
  CHECK(mid.pv_costs == Approx(1600.0 / 11 / std::sqrt(1.1)).epsilon(1e-14));

  // Undiscounted (0 %) the same flow has NPV = 182.05 − 150 = 32.05 and still
  // pays back in year 3 (cumulative −100, −95, −34.5, +32.05).
  const auto flat = econ::summarize_cashflow(costs, benefits, discount_schedule::constant(0), 0);
  CHECK(flat.net_present_value == Approx(32.05).epsilon(1e-13));
  CHECK(flat.payback_year.value() == 3u);
}

TEST_CASE("cumulative_discounted_net reuses the caller's buffer", "[econ][cashflow]") {
  const std::vector<double> costs{10, 10, 10};
  const std::vector<double> benefits{0, 15, 30};
  std::vector<double> out;
  out.reserve(8);
  const double* data = out.data();
  econ::cumulative_discounted_net(costs, benefits, discount_schedule::constant(0), 0.0, out);
  CHECK(out.data() == data);
  CHECK(out == std::vector<double>{-10, -5, 15});
  // A longer buffer is shrunk to the horizon.
  out.assign(6, 99.0);
  econ::cumulative_discounted_net(costs, benefits, discount_schedule::constant(0), 0.0, out);
  CHECK(out == std::vector<double>{-10, -5, 15});
}

TEST_CASE("BCR and ROI are absent, not NaN or a sentinel, when PV(costs) is 0",
          "[econ][cashflow]") {
  const std::vector<double> costs{0, 0};
  const std::vector<double> benefits{5, 5};
  const auto d = discount_schedule::constant(0.03);
  const auto m = econ::summarize_cashflow(costs, benefits, d, 1.0);
  CHECK(m.pv_costs == 0.0);
  CHECK_FALSE(m.benefit_cost_ratio.has_value());
  CHECK_FALSE(m.return_on_investment.has_value());
  CHECK(m.net_present_value == Approx(5 / 1.03 + 5 / (1.03 * 1.03)));
  CHECK(m.payback_year.value() == 0u);
  CHECK_FALSE(econ::benefit_cost_ratio(costs, benefits, d, 1.0).has_value());
  CHECK_FALSE(econ::return_on_investment(costs, benefits, d, 1.0).has_value());
  // A negative BCR is a value, not an error (benefits may be negative).
  CHECK(econ::benefit_cost_ratio({10}, {-5}, d, 0.0).value() == Approx(-0.5));
  CHECK(econ::return_on_investment({10}, {-5}, d, 0.0).value() == Approx(-1.5));
}

TEST_CASE("payback_year: never, year 0, and the first crossing only", "[econ][cashflow]") {
  const auto zero = discount_schedule::constant(0.0);
  // Never: cumulative −100, −60, −20.
  CHECK_FALSE(econ::payback_year({100, 0, 0}, {0, 40, 40}, zero, 0.0).has_value());
  CHECK_FALSE(econ::summarize_cashflow({100, 0, 0}, {0, 40, 40}, zero, 0.0).payback_year);
  // Exactly 0 counts as paid back (>= 0): cumulative −100, −50, 0.
  CHECK(econ::payback_year({100, 0, 0}, {0, 50, 50}, zero, 0.0).value() == 2u);
  // Benefits cover costs in the first year: year 0.
  CHECK(econ::payback_year({10, 10}, {10, 0}, zero, 0.0).value() == 0u);
  // First crossing: cumulative −10, +5, −25, −5 → year 1, although the
  // cumulative net falls below 0 again later (the NPV is −5).
  const std::vector<double> costs{10, 0, 30, 0};
  const std::vector<double> benefits{0, 15, 0, 20};
  CHECK(econ::payback_year(costs, benefits, zero, 0.0).value() == 1u);
  const auto m = econ::summarize_cashflow(costs, benefits, zero, 0.0);
  CHECK(m.payback_year.value() == 1u);
  CHECK(m.net_present_value == Approx(-5.0));
  // Discounting can postpone payback: at 0 % the flow −100, +100 pays back in
  // year 1 (cumulative 0); at 3 % it never does (−100 + 100/1.03 < 0).
  CHECK(econ::payback_year({100, 0}, {0, 100}, zero, 0.0).value() == 1u);
  CHECK_FALSE(
      econ::payback_year({100, 0}, {0, 100}, discount_schedule::constant(0.03), 0.0).has_value());
}

TEST_CASE("stepped discounting: each year at the rate in force during it", "[econ][cashflow]") {
  // 3.5 % in years [0, 2), then 3 %. Benefits of 100 in years 0, 1, 2.
  const auto d = discount_schedule::stepped({0.0, 2.0}, {0.035, 0.03});
  const std::vector<double> costs{0, 0, 0};
  const std::vector<double> benefits{100, 100, 100};
  // τ = 1: D(1) = 1.035^−1, D(2) = 1.035^−2, D(3) = 1.035^−2·1.03^−1.
  const double end = 100 / 1.035 + 100 / (1.035 * 1.035) + 100 / (1.035 * 1.035 * 1.03);
  CHECK(econ::present_value(benefits, d, 1.0) == Approx(end).epsilon(1e-14));
  CHECK(econ::summarize_cashflow(costs, benefits, d, 1.0).pv_benefits ==
        Approx(end).epsilon(1e-14));
  // τ = 0.5: D(0.5) = 1.035^−0.5, D(1.5) = 1.035^−1.5, D(2.5) = 1.035^−2·1.03^−0.5.
  const double mid = 100 * std::pow(1.035, -0.5) + 100 * std::pow(1.035, -1.5) +
                     100 * std::pow(1.035, -2.0) * std::pow(1.03, -0.5);
  CHECK(econ::net_present_value(costs, benefits, d, 0.5) == Approx(mid).epsilon(1e-14));
  // Differs from a constant 3.5 % in the third year only.
  const double constant = econ::present_value(benefits, discount_schedule::constant(0.035), 1.0);
  CHECK(econ::present_value(benefits, d, 1.0) - constant ==
        Approx(100 / (1.035 * 1.035) * (1 / 1.03 - 1 / 1.035)).epsilon(1e-10));
}

TEST_CASE("internal_rate_of_return: flows whose IRR is known in closed form",
          "[econ][cashflow][irr]") {
  auto irr = [](const std::vector<double>& c, const std::vector<double>& b) {
    const auto result = econ::internal_rate_of_return(c, b);
    CHECK(result.sign_changes == 1u);
    REQUIRE(result.rate.has_value());
    return *result.rate;
  };
  // −100 now, +110 in a year: 110/(1 + r) = 100 → r = 10 %.
  CHECK(irr({100, 0}, {0, 110}) == Approx(0.10).epsilon(1e-12));
  // −100, 0, +121: (1 + r)² = 1.21 → 10 %.
  CHECK(irr({100, 0, 0}, {0, 0, 121}) == Approx(0.10).epsilon(1e-12));
  // Leading zero years do not change the rate.
  CHECK(irr({0, 100, 0}, {0, 0, 110}) == Approx(0.10).epsilon(1e-12));
  // −1 now, +2 in ten years: (1 + r)^10 = 2 → r = 2^(1/10) − 1 = 7.177 %.
  std::vector<double> c(11, 0.0), b(11, 0.0);
  c[0] = 1;
  b[10] = 2;
  CHECK(irr(c, b) == Approx(std::pow(2.0, 0.1) - 1).epsilon(1e-12));
  // A loss: −100, +90 → r = −10 % (the root with r in (−1, 0)).
  CHECK(irr({100, 0}, {0, 90}) == Approx(-0.10).epsilon(1e-12));
  // −100, 0, +81: (1 + r)² = 0.81 → r = −10 %.
  CHECK(irr({100, 0, 0}, {0, 0, 81}) == Approx(-0.10).epsilon(1e-12));
  // Break-even undiscounted: −100, +100 → r = 0 exactly.
  CHECK(irr({100, 0}, {0, 100}) == 0.0);
  // Borrowing (+100 now, −110 later) also has one sign change: 10 %.
  CHECK(irr({0, 110}, {100, 0}) == Approx(0.10).epsilon(1e-12));
  // The annuity: paying its PV at 3 % for ten payments of 1000 at the end of
  // each year returns 3 %.
  std::vector<double> ac(11, 0.0), ab(11, 1000.0);
  ac[0] = 1000 * (1 - std::pow(1.03, -10)) / 0.03;
  ab[0] = 0;
  CHECK(irr(ac, ab) == Approx(0.03).epsilon(1e-10));
  // A large rate: −1, +100 → 9900 %.
  CHECK(irr({1, 0}, {0, 100}) == Approx(99.0).epsilon(1e-10));
  // The NPV at the IRR is 0 (checked with the library's own NPV).
  const std::vector<double> hc{500, 200, 0, 0, 0};
  const std::vector<double> hb{0, 100, 250, 250, 250};
  const double r = irr(hc, hb);
  CHECK(std::abs(econ::net_present_value(hc, hb, discount_schedule::constant(r), 0.0)) < 1e-9);
}

TEST_CASE("internal_rate_of_return: no IRR without exactly one sign change",
          "[econ][cashflow][irr]") {
  // No sign change: all net flows >= 0, or all <= 0, or all 0.
  auto none = econ::internal_rate_of_return({0, 0}, {10, 5});
  CHECK(none.sign_changes == 0u);
  CHECK_FALSE(none.rate.has_value());
  none = econ::internal_rate_of_return({10, 5, 0}, {0, 0, 0});
  CHECK(none.sign_changes == 0u);
  CHECK_FALSE(none.rate.has_value());
  none = econ::internal_rate_of_return({3, 3}, {3, 3});
  CHECK(none.sign_changes == 0u);
  CHECK_FALSE(none.rate.has_value());
  // Two sign changes with two roots: −100, +230, −132 has NPV = 0 at 10 % and
  // at 20 % (132x² − 230x + 100 = 0 → x = 1/1.1 or 1/1.2). No rate is returned.
  const auto two = econ::internal_rate_of_return({100, 0, 132}, {0, 230, 0});
  CHECK(two.sign_changes == 2u);
  CHECK_FALSE(two.rate.has_value());
  const auto d10 = discount_schedule::constant(0.10), d20 = discount_schedule::constant(0.20);
  CHECK(std::abs(econ::net_present_value({100, 0, 132}, {0, 230, 0}, d10, 0.0)) < 1e-12);
  CHECK(std::abs(econ::net_present_value({100, 0, 132}, {0, 230, 0}, d20, 0.0)) < 1e-12);
  // Two sign changes and no root at all: −100, +100, −100 (x² − x + 1 > 0).
  const auto rootless = econ::internal_rate_of_return({100, 0, 100}, {0, 100, 0});
  CHECK(rootless.sign_changes == 2u);
  CHECK_FALSE(rootless.rate.has_value());
  // Zeros between flows do not count as sign changes.
  const auto gap = econ::internal_rate_of_return({100, 0, 0, 0}, {0, 0, 0, 121});
  CHECK(gap.sign_changes == 1u);
  CHECK(gap.rate.value() == Approx(std::pow(1.21, 1.0 / 3) - 1).epsilon(1e-12));
}

TEST_CASE("cash-flow functions: every error message", "[econ][cashflow][errors]") {
  const auto d = discount_schedule::constant(0.03);
  CHECK_THROWS_MATCHES(
      econ::summarize_cashflow({1, 2}, {1}, d, 0.0), std::invalid_argument,
      Message("summarize_cashflow: costs and benefits must have one entry per year (the same "
              "length), but costs has 2 and benefits has 1"));
  CHECK_THROWS_MATCHES(
      econ::net_present_value({}, {}, d, 0.0), std::invalid_argument,
      Message("net_present_value: needs at least one year, but costs and benefits are empty"));
  CHECK_THROWS_MATCHES(econ::payback_year({1, -5}, {0, 0}, d, 0.0), std::domain_error,
                       Message("payback_year: costs[2] (year t = 1) is -5, but must be finite "
                               "and >= 0"));
  CHECK_THROWS_MATCHES(econ::benefit_cost_ratio({1, infinity}, {0, 0}, d, 0.0),
                       std::domain_error,
                       Message("benefit_cost_ratio: costs[2] (year t = 1) is inf, but must be "
                               "finite and >= 0"));
  CHECK_THROWS_MATCHES(econ::return_on_investment({1, 1, 1}, {0, 0, quiet_nan}, d, 0.0),
                       std::domain_error,
                       Message("return_on_investment: benefits[3] (year t = 2) is nan, but "
                               "must be finite"));
  CHECK_THROWS_MATCHES(econ::summarize_cashflow({1}, {1}, d, 1.5), std::domain_error,
                       Message("summarize_cashflow: timing is 1.5, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(econ::net_present_value({1}, {1}, d, -0.5), std::domain_error,
                       Message("net_present_value: timing is -0.5, but must be within [0, 1]"));
  std::vector<double> out;
  CHECK_THROWS_MATCHES(
      econ::cumulative_discounted_net({1}, {1}, d, quiet_nan, out), std::domain_error,
      Message("cumulative_discounted_net: timing is nan, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(econ::cumulative_discounted_net({1}, {}, d, 0.0, out),
                       std::invalid_argument,
                       Message("cumulative_discounted_net: costs and benefits must have one "
                               "entry per year (the same length), but costs has 1 and benefits "
                               "has 0"));
  CHECK_THROWS_MATCHES(econ::present_value({1, -infinity}, d, 0.0), std::domain_error,
                       Message("present_value: amounts[2] (year t = 1) is -inf, but must be "
                               "finite"));
  CHECK_THROWS_MATCHES(econ::present_value({1}, d, 2.0), std::domain_error,
                       Message("present_value: timing is 2, but must be within [0, 1]"));
  CHECK_THROWS_MATCHES(econ::internal_rate_of_return({-1}, {0}), std::domain_error,
                       Message("internal_rate_of_return: costs[1] (year t = 0) is -1, but must "
                               "be finite and >= 0"));
  CHECK_THROWS_MATCHES(econ::internal_rate_of_return({}, {}), std::invalid_argument,
                       Message("internal_rate_of_return: needs at least one year, but costs "
                               "and benefits are empty"));
}
