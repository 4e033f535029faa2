#pragma once
/// @file
/// The per-draw metrics of a prevention model from its yearly flows by payer
/// (shared by the cohort evaluator and the microsimulation): for each
/// perspective the PV of costs and benefits, NPV, BCR, ROI, IRR, payback year
/// and undiscounted totals, its cumulative discounted net by year, and each
/// payer's present values; the undiscounted flows are added to the yearly sums.
/// Formulas: docs/prevention_model.md §6, docs/economic_metrics.md.
///
/// \test tests/cpp/prevention/evaluate_test.cpp

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "prevsim/econ/cashflow.hpp"
#include "prevsim/prevention/draw_inputs.hpp"
#include "prevsim/prevention/model.hpp"

namespace prevsim::prevention {

/// One draw's yearly flows: costs and benefits (avoided costs) of each payer
/// (payers × H, payer-major), and the benefits of the municipality's own
/// residents (H; the municipal perspective and the municipality's column).
struct payer_flows {
  std::vector<double> costs, benefits, own_municipality;
  /// Scratch: one perspective's yearly costs and benefits.
  std::vector<double> perspective_costs, perspective_benefits;

  void reset(std::size_t horizon) {
    costs.assign(payer_count * horizon, 0.0);
    benefits.assign(payer_count * horizon, 0.0);
    own_municipality.assign(horizon, 0.0);
    perspective_costs.assign(horizon, 0.0);
    perspective_benefits.assign(horizon, 0.0);
  }
};

/// Writes the perspective metrics (9 per perspective: pv_costs, pv_benefits,
/// npv, bcr, roi, irr, payback_year, costs_undiscounted, benefits_undiscounted;
/// NaN where a metric does not exist) and the payer metrics (pv_costs,
/// pv_benefits per payer) to @p out, in evaluator::columns() order, and
/// returns the position after them.
/// @param money_factor D(t + τ) for t = 0 … H − 1
/// @param deadweight λ, applied to public-sector flows in the society perspective
/// @param path perspectives × H cumulative discounted net (may be null)
/// @param flows yearly sums to add to, flow_stride values per year (may be null):
///   2·k, 2·k + 1 payer k's costs and benefits; 2·(5 + p), 2·(5 + p) + 1 perspective p's
inline double* write_flow_metrics(const std::vector<double>& money_factor, payer_flows& f,
                                  double deadweight, double* out, float* path, double* flows,
                                  std::size_t flow_stride) {
  const std::size_t h = money_factor.size();
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t p = 0; p < perspective_count; ++p) {
    for (std::size_t t = 0; t < h; ++t) {
      double c = 0, b = 0, public_c = 0, public_b = 0;
      for (std::size_t k = 0; k < payer_count; ++k) {
        if (!internal::in_perspective(p, k)) continue;
        c += f.costs[k * h + t];
        // The municipal perspective counts its residents only; the wider
        // perspectives also count what other municipalities bear for people
        // who moved away.
        const double benefit = p == 0 ? f.own_municipality[t] : f.benefits[k * h + t];
        b += benefit;
        if (k <= 2) {
          public_c += f.costs[k * h + t];
          public_b += benefit;
        }
      }
      if (p == static_cast<std::size_t>(perspective::society)) {
        c += deadweight * public_c;
        b += deadweight * public_b;
      }
      f.perspective_costs[t] = c;
      f.perspective_benefits[t] = b;
      if (flows != nullptr) {
        flows[t * flow_stride + 2 * (payer_count + p)] += c;
        flows[t * flow_stride + 2 * (payer_count + p) + 1] += b;
      }
    }
    // The metrics of econ::summarize_cashflow, with the discount factors
    // computed once per model instead of once per draw.
    double pv_c = 0, pv_b = 0, running = 0, payback = missing, sum_c = 0, sum_b = 0;
    for (std::size_t t = 0; t < h; ++t) {
      const double d = money_factor[t];
      sum_c += f.perspective_costs[t];
      sum_b += f.perspective_benefits[t];
      pv_c += f.perspective_costs[t] * d;
      pv_b += f.perspective_benefits[t] * d;
      running += (f.perspective_benefits[t] - f.perspective_costs[t]) * d;
      if (std::isnan(payback) && running >= 0) payback = static_cast<double>(t);
      if (path != nullptr) path[p * h + t] = static_cast<float>(running);
    }
    const auto irr = econ::internal_rate_of_return(f.perspective_costs, f.perspective_benefits);
    *out++ = pv_c;
    *out++ = pv_b;
    *out++ = pv_b - pv_c;
    *out++ = pv_c > 0 ? pv_b / pv_c : missing;
    *out++ = pv_c > 0 ? (pv_b - pv_c) / pv_c : missing;
    *out++ = irr.rate.value_or(missing);
    *out++ = payback;
    *out++ = sum_c;
    *out++ = sum_b;
  }
  for (std::size_t k = 0; k < payer_count; ++k) {
    double pv_c = 0, pv_b = 0;
    const double* benefits = k == 0 ? f.own_municipality.data() : f.benefits.data() + k * h;
    for (std::size_t t = 0; t < h; ++t) {
      pv_c += f.costs[k * h + t] * money_factor[t];
      pv_b += benefits[t] * money_factor[t];
      if (flows != nullptr) {
        flows[t * flow_stride + 2 * k] += f.costs[k * h + t];
        flows[t * flow_stride + 2 * k + 1] += benefits[t];
      }
    }
    *out++ = pv_c;
    *out++ = pv_b;
  }
  return out;
}

}  // namespace prevsim::prevention
