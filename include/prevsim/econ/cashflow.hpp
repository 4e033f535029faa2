#pragma once
/// @file
/// Metrics of a yearly cash flow of a prevention programme: present values of
/// intervention costs and of avoided costs (benefits), net present value,
/// benefit–cost ratio, return on investment, the cumulative discounted net by
/// year, the payback year and the internal rate of return.
///
/// Conventions (docs/economic_metrics.md has the formulas):
///  - years are t = 0, 1, …, H − 1, counted from the scenario's start year, as
///    everywhere in prevsim (DOMAIN.md §2);
///  - an amount x in year t has present value x·D(t + τ), where D is a
///    cohort::discount_schedule and τ the timing within the year (0 = start,
///    0.5 = mid, 1 = end). There is no default τ: the caller states it;
///  - costs c_t are >= 0; benefits b_t (avoided costs) may have either sign (a
///    programme can also raise some later costs), the net is n_t = b_t − c_t;
///  - quantities that do not exist in a case (the ratio at zero cost, a payback
///    year that never comes, an IRR without a unique root) are std::nullopt,
///    never a sentinel value or NaN.
///
/// Every function is a plain function over std::vector<double>, allocation-free
/// (except cumulative_discounted_net's output, which reuses the caller's
/// capacity), and cheap enough to call once per Monte Carlo draw. Arguments are
/// checked in O(H) on each call; the message names the function, the element
/// (1-based, with its year t) and the value.
///
/// \test tests/cpp/econ/cashflow_test.cpp

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/tools/toms748_solve.hpp>

#include "prevsim/cohort/discount.hpp"
#include "prevsim/err/checks.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::econ {

/// The metrics of one cash flow (see summarize_cashflow).
struct cashflow_metrics {
  /// Σ c_t·D(t + τ), SEK of the flow's price year, >= 0.
  double pv_costs = 0;
  /// Σ b_t·D(t + τ).
  double pv_benefits = 0;
  /// pv_benefits − pv_costs.
  double net_present_value = 0;
  /// pv_benefits / pv_costs; std::nullopt when pv_costs == 0.
  std::optional<double> benefit_cost_ratio;
  /// (pv_benefits − pv_costs) / pv_costs; std::nullopt when pv_costs == 0.
  std::optional<double> return_on_investment;
  /// First 0-based year t whose cumulative discounted net is >= 0; std::nullopt
  /// when it never is within the horizon (see payback_year).
  std::optional<std::size_t> payback_year;
};

/// The internal rate of return of a net flow, and why it may be missing.
struct internal_rate_of_return_result {
  /// The rate r > −1 (a fraction per year) with Σ n_t (1 + r)^−t = 0; present
  /// exactly when sign_changes == 1 (then the root is unique).
  std::optional<double> rate;
  /// Number of sign changes in the net flow n_t = b_t − c_t, zeros skipped.
  /// 0: no IRR exists (NPV(r) has one sign for every r > −1, or is 0 for all r).
  /// >= 2: NPV(r) may have 0, 2, … roots; none is returned (see
  /// internal_rate_of_return).
  std::size_t sign_changes = 0;
};

namespace internal {

/// Checks the shapes and values shared by every cash-flow function.
inline void check_cashflow(const char* function, const std::vector<double>& costs,
                           const std::vector<double>& benefits) {
  if (costs.size() != benefits.size()) {
    err::throw_invalid_argument(
        function, "costs and benefits must have one entry per year (the same length), but "
                  "costs has " + std::to_string(costs.size()) + " and benefits has " +
                      std::to_string(benefits.size()));
  }
  if (costs.empty()) {
    err::throw_invalid_argument(function, "needs at least one year, but costs and benefits "
                                          "are empty");
  }
  for (std::size_t t = 0; t < costs.size(); ++t) {
    // The name is built only on failure, so a valid call does not allocate.
    if (!(std::isfinite(costs[t]) && costs[t] >= 0)) {
      err::throw_domain_error(function,
                              err::indexed_name("costs", static_cast<long long>(t)) +
                                  " (year t = " + std::to_string(t) + ")",
                              costs[t], "finite and >= 0");
    }
    if (!std::isfinite(benefits[t])) {
      err::throw_domain_error(function,
                              err::indexed_name("benefits", static_cast<long long>(t)) +
                                  " (year t = " + std::to_string(t) + ")",
                              benefits[t], "finite");
    }
  }
}

inline void check_timing(const char* function, double timing) {
  err::check_bounded(function, "timing", timing, 0.0, 1.0);
}

inline int sign_of(double x) { return (x > 0) - (x < 0); }

/// (PV(costs), PV(benefits)) of flows already checked.
inline std::pair<double, double> present_values(const std::vector<double>& costs,
                                                const std::vector<double>& benefits,
                                                const cohort::discount_schedule& schedule,
                                                double timing) {
  double pv_c = 0, pv_b = 0;
  for (std::size_t t = 0; t < costs.size(); ++t) {
    const double d = schedule.factor(static_cast<double>(t) + timing);
    pv_c += costs[t] * d;
    pv_b += benefits[t] * d;
  }
  return {pv_c, pv_b};
}

}  // namespace internal

/// Present value Σ x_t·D(t + τ) of a yearly flow x_t, t = 0, …, H − 1.
///
/// With a constant rate r and τ = 1 this is the ordinary annuity formula for a
/// level flow, x·(1 − (1 + r)^−H)/r; with τ = 0, the annuity-due form.
/// @param amounts x_t, finite, one per year (may be empty: PV 0)
/// @param schedule the discount schedule D
/// @param timing τ within [0, 1]: 0 start, 0.5 mid, 1 end of the year
/// @throw std::domain_error for a non-finite amount or τ outside [0, 1]
inline double present_value(const std::vector<double>& amounts,
                            const cohort::discount_schedule& schedule, double timing) {
  static constexpr const char* function = "present_value";
  internal::check_timing(function, timing);
  double sum = 0;
  for (std::size_t t = 0; t < amounts.size(); ++t) {
    if (!std::isfinite(amounts[t])) {
      err::throw_domain_error(function,
                              err::indexed_name("amounts", static_cast<long long>(t)) +
                                  " (year t = " + std::to_string(t) + ")",
                              amounts[t], "finite");
    }
    sum += amounts[t] * schedule.factor(static_cast<double>(t) + timing);
  }
  return sum;
}

/// Cumulative discounted net by year: out[t] = Σ_{s<=t} (b_s − c_s)·D(s + τ),
/// t = 0, …, H − 1 (the payback curve).
///
/// @p out is resized to H; it allocates only when its capacity is smaller, so
/// a buffer kept across Monte Carlo draws is reused.
/// @throw std::invalid_argument for empty or unequal-length flows
/// @throw std::domain_error for a negative or non-finite cost, a non-finite
///   benefit, or τ outside [0, 1]
inline void cumulative_discounted_net(const std::vector<double>& costs,
                                      const std::vector<double>& benefits,
                                      const cohort::discount_schedule& schedule, double timing,
                                      std::vector<double>& out) {
  static constexpr const char* function = "cumulative_discounted_net";
  internal::check_cashflow(function, costs, benefits);
  internal::check_timing(function, timing);
  out.resize(costs.size());
  double running = 0;
  for (std::size_t t = 0; t < costs.size(); ++t) {
    running += (benefits[t] - costs[t]) * schedule.factor(static_cast<double>(t) + timing);
    out[t] = running;
  }
}

/// The payback year: the first year t (0-based, as the model's years) in which
/// the cumulative discounted net Σ_{s<=t} (b_s − c_s)·D(s + τ) is >= 0.
///
/// Reported as the 0-based model year t: t = 0 is the scenario's start year,
/// so the calendar year is start_year + t and "paid back within the first
/// k years" means t <= k − 1. std::nullopt when the cumulative net stays < 0
/// throughout the horizon. This is the *first* crossing, as DOMAIN.md §3
/// defines it: if later costs drive the cumulative net below 0 again, the
/// payback year does not move (read the cumulative_discounted_net curve or the
/// NPV for that). A flow with zero cost and zero benefit in year 0 has paid
/// back in year 0.
/// @throw as cumulative_discounted_net
inline std::optional<std::size_t> payback_year(const std::vector<double>& costs,
                                               const std::vector<double>& benefits,
                                               const cohort::discount_schedule& schedule,
                                               double timing) {
  static constexpr const char* function = "payback_year";
  internal::check_cashflow(function, costs, benefits);
  internal::check_timing(function, timing);
  double running = 0;
  for (std::size_t t = 0; t < costs.size(); ++t) {
    running += (benefits[t] - costs[t]) * schedule.factor(static_cast<double>(t) + timing);
    if (running >= 0) return t;
  }
  return std::nullopt;
}

/// Present values, NPV, benefit–cost ratio, ROI and payback year of a cash
/// flow, in one pass:
///   PV(c) = Σ c_t·D(t + τ),  PV(b) = Σ b_t·D(t + τ),  NPV = PV(b) − PV(c),
///   BCR = PV(b)/PV(c),  ROI = (PV(b) − PV(c))/PV(c) = BCR − 1.
/// BCR and ROI are std::nullopt when PV(c) = 0 (all costs zero): the ratio is
/// undefined there, and near it unstable, which is why reports lead with NPV.
/// @param costs c_t >= 0, intervention costs per year, H >= 1 entries
/// @param benefits b_t, avoided costs per year (finite, any sign), H entries
/// @param schedule the discount schedule D
/// @param timing τ within [0, 1]: 0 start, 0.5 mid, 1 end of the year
/// @throw as cumulative_discounted_net
inline cashflow_metrics summarize_cashflow(const std::vector<double>& costs,
                                           const std::vector<double>& benefits,
                                           const cohort::discount_schedule& schedule,
                                           double timing) {
  static constexpr const char* function = "summarize_cashflow";
  internal::check_cashflow(function, costs, benefits);
  internal::check_timing(function, timing);
  cashflow_metrics m;
  double running = 0;
  for (std::size_t t = 0; t < costs.size(); ++t) {
    const double d = schedule.factor(static_cast<double>(t) + timing);
    m.pv_costs += costs[t] * d;
    m.pv_benefits += benefits[t] * d;
    running += (benefits[t] - costs[t]) * d;
    if (!m.payback_year && running >= 0) m.payback_year = t;
  }
  m.net_present_value = m.pv_benefits - m.pv_costs;
  if (m.pv_costs > 0) {
    m.benefit_cost_ratio = m.pv_benefits / m.pv_costs;
    m.return_on_investment = m.net_present_value / m.pv_costs;
  }
  return m;
}

/// Net present value PV(b) − PV(c) (see summarize_cashflow).
inline double net_present_value(const std::vector<double>& costs,
                                const std::vector<double>& benefits,
                                const cohort::discount_schedule& schedule, double timing) {
  static constexpr const char* function = "net_present_value";
  internal::check_cashflow(function, costs, benefits);
  internal::check_timing(function, timing);
  double sum = 0;
  for (std::size_t t = 0; t < costs.size(); ++t) {
    sum += (benefits[t] - costs[t]) * schedule.factor(static_cast<double>(t) + timing);
  }
  return sum;
}

/// Benefit–cost ratio PV(b)/PV(c); std::nullopt when PV(c) = 0.
inline std::optional<double> benefit_cost_ratio(const std::vector<double>& costs,
                                                const std::vector<double>& benefits,
                                                const cohort::discount_schedule& schedule,
                                                double timing) {
  static constexpr const char* function = "benefit_cost_ratio";
  internal::check_cashflow(function, costs, benefits);
  internal::check_timing(function, timing);
  const auto [pv_c, pv_b] = internal::present_values(costs, benefits, schedule, timing);
  if (!(pv_c > 0)) return std::nullopt;
  return pv_b / pv_c;
}

/// Return on investment (PV(b) − PV(c))/PV(c); std::nullopt when PV(c) = 0.
inline std::optional<double> return_on_investment(const std::vector<double>& costs,
                                                  const std::vector<double>& benefits,
                                                  const cohort::discount_schedule& schedule,
                                                  double timing) {
  static constexpr const char* function = "return_on_investment";
  internal::check_cashflow(function, costs, benefits);
  internal::check_timing(function, timing);
  const auto [pv_c, pv_b] = internal::present_values(costs, benefits, schedule, timing);
  if (!(pv_c > 0)) return std::nullopt;
  return (pv_b - pv_c) / pv_c;
}

/// Internal rate of return of the net flow n_t = b_t − c_t: the constant rate
/// r > −1 at which NPV(r) = Σ n_t (1 + r)^−t = 0.
///
/// The IRR does not depend on the timing τ (it multiplies NPV(r) by the
/// positive factor (1 + r)^−τ) nor on a discount schedule, so neither is asked.
///
/// Existence and uniqueness. With x = 1/(1 + r) > 0, NPV is the polynomial
/// P(x) = Σ n_t x^t. By Descartes' rule of signs the number of its positive
/// roots is the number of sign changes in n_t (zeros skipped) minus an even
/// number. Hence
///  - 0 sign changes: no root, no IRR (rate is std::nullopt);
///  - 1 sign change: exactly one root, which is returned;
///  - >= 2 sign changes: 0, 2, … roots are possible ("multiple IRRs", e.g. a
///    flow −100, 230, −132 has IRRs of 10 % and 20 %). No rate is returned:
///    none of the roots is *the* IRR, and none of them is a valid decision
///    rule (Hirshleifer 1958; Brealey, Myers & Allen, *Principles of Corporate
///    Finance*, ch. 5). Use the NPV at the stated discount rate instead;
///    sign_changes tells the report why the IRR is missing.
///
/// Method. The root is bracketed on a compact interval without overflow and
/// found with Boost.Math's toms748_solve (Alefeld, Potra & Shi 1995,
/// ACM TOMS 21(3):327–344), to about 50 bits, from a bracket narrowed by
/// evaluating the polynomial at a few fixed points first. Let f, T be the first and last
/// years with n_t != 0 and S = Σ n_t = NPV(0). If S = 0 the IRR is 0. If S has
/// the sign of n_T, the root has x in (0, 1), i.e. r > 0: solve
/// Σ n_t x^(t−f) = 0 on [0, 1] (its value at x = 0 is n_f) and return 1/x − 1.
/// Otherwise the root has r in (−1, 0): solve Σ n_t y^(T−t) = 0 for
/// y = 1 + r on [0, 1] (its value at y = 0 is n_T) and return y − 1. Both are
/// Horner evaluations of polynomials with nonnegative arguments <= 1.
/// @param costs c_t >= 0, H >= 1 entries
/// @param benefits b_t finite, H entries
/// @throw std::invalid_argument for empty or unequal-length flows
/// @throw std::domain_error for a negative or non-finite cost or a non-finite
///   benefit
inline internal_rate_of_return_result internal_rate_of_return(
    const std::vector<double>& costs, const std::vector<double>& benefits) {
  static constexpr const char* function = "internal_rate_of_return";
  internal::check_cashflow(function, costs, benefits);
  const std::size_t horizon = costs.size();
  auto net = [&](std::size_t t) { return benefits[t] - costs[t]; };

  internal_rate_of_return_result result;
  std::size_t first = horizon, last = 0;
  int previous_sign = 0;
  double total = 0;
  for (std::size_t t = 0; t < horizon; ++t) {
    const double n = net(t);
    total += n;
    const int s = internal::sign_of(n);
    if (s == 0) continue;
    if (first == horizon) first = t;
    last = t;
    if (previous_sign != 0 && s != previous_sign) ++result.sign_changes;
    previous_sign = s;
  }
  if (result.sign_changes != 1) return result;
  if (total == 0) {
    result.rate = 0.0;
    return result;
  }

  // Narrow the bracket first: walk from the end where the polynomial has the
  // sign of the total through a few plausible rates until the sign flips.
  // (From the whole of [0, 1] TOMS 748 needs about 18 evaluations for a
  // typical 50-year programme flow; from the walked bracket about 8.)
  auto solve = [&](auto&& f, double at_zero) {
    static constexpr std::array<double, 9> steps = {0.98, 0.95, 0.9, 0.8, 0.65, 0.5, 0.3, 0.1, 0.01};
    double hi = 1.0, f_hi = total, lo = 0.0, f_lo = at_zero;
    for (const double z : steps) {
      const double f_z = f(z);
      if (internal::sign_of(f_z) != internal::sign_of(total)) {
        lo = z;
        f_lo = f_z;
        break;
      }
      if (f_z == 0) return z;
      hi = z;
      f_hi = f_z;
    }
    if (f_lo == 0) return lo;
    boost::math::tools::eps_tolerance<double> tolerance(50);
    std::uintmax_t max_iter = 200;
    const auto bracket = boost::math::tools::toms748_solve(f, lo, hi, f_lo, f_hi, tolerance, max_iter);
    return 0.5 * (bracket.first + bracket.second);
  };
  if (internal::sign_of(total) == internal::sign_of(net(last))) {
    // r > 0: x = 1/(1 + r) in (0, 1). Horner from the last year down.
    auto p = [&](double x) {
      double value = 0;
      for (std::size_t t = last + 1; t-- > first;) value = value * x + net(t);
      return value;
    };
    result.rate = 1.0 / solve(p, net(first)) - 1.0;
  } else {
    // r in (−1, 0): y = 1 + r in (0, 1). Horner from the first year up.
    auto q = [&](double y) {
      double value = 0;
      for (std::size_t t = first; t <= last; ++t) value = value * y + net(t);
      return value;
    };
    result.rate = solve(q, net(last)) - 1.0;
  }
  return result;
}

}  // namespace prevsim::econ
