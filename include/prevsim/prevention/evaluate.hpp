#pragma once
/// @file
/// Evaluating a prevention model (model.hpp) for one parameter row, and for a
/// whole matrix of Monte Carlo draws in parallel (docs/prevention_model.md has
/// every formula).
///
/// Per draw the evaluator walks every cohort, subgroup and year once, for both
/// arms (without and with the interventions), and accumulates the yearly costs
/// and benefits of each payer; the metrics of each perspective then come from
/// econ/cashflow.hpp. Memory per draw is O(payers × years); the result keeps
/// one row of metrics per draw, the cumulative discounted net by year per
/// perspective (float), and the mean yearly flows.
///
/// Determinism: draw d depends only on row d; the yearly flows are summed in
/// fixed chunks of 256 draws (flow_chunk_draws) and the chunk sums added in
/// order, so results are bit-identical for any number of threads. The chunk
/// sums are returned too: a caller that evaluates a run in pieces whose sizes
/// are multiples of 256 (to report progress between them) adds them in order
/// and gets the same bits as one call.
///
/// \test tests/cpp/prevention/evaluate_test.cpp

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/econ/cashflow.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/prevention/draw_chunks.hpp"
#include "prevsim/prevention/draw_inputs.hpp"
#include "prevsim/prevention/effect_size.hpp"
#include "prevsim/prevention/flow_metrics.hpp"
#include "prevsim/prevention/layout.hpp"
#include "prevsim/prevention/model.hpp"
#include "prevsim/prevention/trajectory.hpp"

namespace prevsim::prevention {

/// The results of evaluating a model on draws × parameters.
struct evaluation_result {
  /// Names of the columns of `values` (see evaluator::columns()).
  std::vector<std::string> columns;
  /// draws × columns; a metric that does not exist in a draw (a ratio at zero
  /// cost, a payback year never reached, an IRR without a unique root) is NaN.
  /// Column-major, so that each metric's draws are contiguous (pandas and
  /// NumPy take the columns without a copy).
  Eigen::MatrixXd values;
  /// draws × (perspectives·H): cumulative discounted net of perspective p in
  /// year t at column p·H + t (float: it feeds bands and plots).
  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> paths;
  /// Mean over draws of the undiscounted yearly flows (evaluator::flow_rows()
  /// × H): row 2·j is the costs and row 2·j + 1 the benefits of payer j (j < 5)
  /// or perspective j − 5 (j < 8); row 16 + o is the avoided cost of outcome o
  /// (society).
  Eigen::MatrixXd mean_flows;
  /// The sums behind mean_flows: column k is the sum of the undiscounted
  /// yearly flows of draws [256·k, 256·k + 256) (fewer in the last chunk),
  /// element t·flow_rows() + r for row r of mean_flows in year t. mean_flows is
  /// the in-order sum of these columns divided by the number of draws.
  Eigen::MatrixXd flow_chunk_sums;
};

/// Draws per chunk of the flow sums (evaluation_result::flow_chunk_sums).
inline constexpr std::int64_t flow_chunk_draws = 256;

/// Prepared evaluation of one model: the structure is checked once, the
/// discount factors and the output layout are built once.
class evaluator {
 public:
  /// @param m the model (copied)
  /// @param parameter_columns columns of the parameter rows it will be given
  /// @throw std::invalid_argument for a structural error (check_model)
  evaluator(model m, std::size_t parameter_columns)
      : m_(std::move(m)), parameter_columns_(parameter_columns),
        layout_(checked(m_, parameter_columns_)) {
    order_ = internal::link_order(m_);
    build_columns();
  }

  const model& definition() const { return m_; }
  /// The structure derived from the model (layout.hpp).
  const model_layout& layout() const { return layout_; }
  std::size_t parameter_columns() const { return parameter_columns_; }
  /// Names of the per-draw metrics, in column order:
  /// `participants`, `cohort_members`; per perspective P: `P.pv_costs`,
  /// `P.pv_benefits`, `P.npv`, `P.bcr`, `P.roi`, `P.irr`, `P.payback_year`,
  /// `P.costs_undiscounted`, `P.benefits_undiscounted`; per
  /// payer k: `payer.k.pv_costs`, `payer.k.pv_benefits`; per outcome o:
  /// `outcome.o.cases_averted`, `outcome.o.cases_averted_discounted`,
  /// `outcome.o.pv_benefits` (society, without deadweight),
  /// `outcome.o.pv_benefits_via_links`, `outcome.o.benefits_undiscounted`,
  /// `outcome.o.k.pv_benefits` per payer (the municipality: its residents); per
  /// intervention i: `intervention.i.pv_costs`; and `links.pv_benefits`.
  const std::vector<std::string>& columns() const { return columns_; }

  /// Rows of the mean yearly flows: costs and benefits of each payer (2·5),
  /// of each perspective (2·3), then the avoided cost of each outcome (society).
  std::size_t flow_rows() const { return 2 * (payer_count + perspective_count) + m_.outcomes.size(); }

  /// Scratch space for evaluate(); one per thread.
  struct workspace : draw_inputs, payer_flows {
    std::vector<double> p_base, p_dir, p_full;
    std::vector<double> pv_outcome, pv_links, cases, cases_disc, intervention_pv;
    struct memo_entry {
      double b = std::numeric_limits<double>::quiet_NaN();
      double theta = std::numeric_limits<double>::quiet_NaN();
      double f = 0;
    };
    std::vector<memo_entry> memo;
    std::vector<double> cumulative, pv_outcome_society, outcome_undiscounted;
    std::vector<double> outcome_flows;  // outcomes × H
    // Per year since entry, for one member: avoided cost per outcome and payer,
    // cases averted and benefit through links per outcome, share still resident.
    std::vector<double> path_avoided, path_payer, path_society, path_cases, path_links, path_resident;
    std::vector<double> weight_members, weight_money, weight_effects;
    std::vector<double> active_p, active_overlap;
    std::vector<double> row;  // one draw's metrics
  };

  workspace make_workspace() const {
    workspace w;
    const std::size_t h = static_cast<std::size_t>(m_.horizon);
    w.reset(h);
    w.memo.resize(layout_.effect_slots);
    w.reserve_effects(layout_.effect_slots);
    w.cumulative.resize(h);
    const auto len = static_cast<std::size_t>(layout_.max_length);
    const std::size_t n_out = m_.outcomes.size();
    w.path_avoided.assign(len * n_out * payer_count, 0);
    w.path_cases.assign(len * n_out, 0);
    w.path_links.assign(len * n_out, 0);
    w.path_resident.assign(len, 0);
    w.path_payer.assign(len * payer_count, 0);
    w.path_society.assign(len * n_out, 0);
    w.weight_members.assign(len, 0);
    w.weight_money.assign(len, 0);
    w.weight_effects.assign(len, 0);
    w.row.assign(columns_.size(), 0);
    return w;
  }

  /// Evaluates one parameter row: writes columns().size() metrics to @p values,
  /// perspectives × H path values to @p path (may be null), and adds the
  /// undiscounted flows to @p flows (flow_rows() × H, column-major by year; may be null).
  /// @throw draw_error for an input value out of range in this draw
  void evaluate(const double* row, double* values, float* path, double* flows,
                workspace& w) const {
    const std::size_t h = static_cast<std::size_t>(m_.horizon);
    const std::size_t n_out = m_.outcomes.size();
    const std::size_t n_sub = m_.subgroups.size();
    const std::size_t n_int = m_.interventions.size();
    const std::size_t stride = flow_rows();
    w.reset(h);
    w.pv_outcome.assign(n_out * payer_count, 0.0);
    w.pv_outcome_society.assign(n_out, 0.0);
    w.outcome_undiscounted.assign(n_out, 0.0);
    w.outcome_flows.assign(n_out * h, 0.0);
    w.pv_links.assign(n_out, 0.0);
    w.cases.assign(n_out, 0.0);
    w.cases_disc.assign(n_out, 0.0);
    w.intervention_pv.assign(n_int, 0.0);
    read_draw_inputs(m_, layout_.effects_on, row, w);
    w.p_base.resize(n_out);
    w.p_dir.resize(n_out);
    w.p_full.resize(n_out);

    // Intervention costs.
    std::vector<double>& costs = w.costs;
    double participants_total = 0, members_total = 0;
    std::vector<double> cohort_size(m_.cohorts.size());
    for (std::size_t c = 0; c < m_.cohorts.size(); ++c) {
      const double size = internal::cohort_size(m_, c, row);
      cohort_size[c] = size;
      members_total += size;
      double reached = 0;
      for (std::size_t g = 0; g < n_sub; ++g) reached += w.shares[g] * internal::largest_reach(m_, w, c, g);
      participants_total += size * reached;
    }
    for (std::size_t i = 0; i < n_int; ++i) {
      const auto& iv = m_.interventions[i];
      for (const auto& cost : iv.costs) {
        const double amount = internal::cost_amount(iv, cost, row);
        const auto k = static_cast<std::size_t>(cost.who);
        auto add = [&](std::size_t t, double x) {
          costs[k * h + t] += x;
          w.intervention_pv[i] += x * layout_.money_factor[t];
        };
        switch (cost.type) {
          case intervention_cost_type::start_up:
            if (static_cast<std::size_t>(cost.first_year) < h) add(static_cast<std::size_t>(cost.first_year), amount);
            break;
          case intervention_cost_type::per_year:
            for (int t = cost.first_year; t <= cost.last_year && t < m_.horizon; ++t) {
              add(static_cast<std::size_t>(t), amount);
            }
            break;
          case intervention_cost_type::per_participant:
            for (std::size_t c = 0; c < m_.cohorts.size(); ++c) {
              if (!iv.cohorts[c]) continue;
              const int t = m_.cohorts[c].entry_year + iv.delivery_offset;
              if (t >= m_.horizon) continue;
              double share = 0;
              for (std::size_t g = 0; g < n_sub; ++g) share += w.shares[g] * w.reach[i * n_sub + g];
              add(static_cast<std::size_t>(t), amount * cohort_size[c] * share);
            }
            break;
        }
      }
    }

    // Outcomes: one path per cohort class and subgroup, shifted into the
    // years of each cohort of the class.
    for (std::size_t k = 0; k < layout_.class_cohort.size(); ++k) {
      for (std::size_t g = 0; g < n_sub; ++g) {
        if (w.shares[g] == 0) continue;
        simulate_path(row, k, g, w);
        add_class(k, g, cohort_size, w);
      }
    }

    // Perspectives and metrics.
    double* out = values;
    *out++ = participants_total;
    *out++ = members_total;
    out = write_flow_metrics(layout_.money_factor, w, w.deadweight, out, path, flows, stride);
    if (flows != nullptr) {
      for (std::size_t t = 0; t < h; ++t) {
        for (std::size_t o = 0; o < n_out; ++o) {
          flows[t * stride + 2 * (payer_count + perspective_count) + o] += w.outcome_flows[o * h + t];
        }
      }
    }
    double links_total = 0;
    for (std::size_t o = 0; o < n_out; ++o) {
      *out++ = w.cases[o];
      *out++ = w.cases_disc[o];
      *out++ = w.pv_outcome_society[o];
      *out++ = w.pv_links[o];
      *out++ = w.outcome_undiscounted[o];
      links_total += w.pv_links[o];
      for (std::size_t k = 0; k < payer_count; ++k) *out++ = w.pv_outcome[o * payer_count + k];
    }
    for (std::size_t i = 0; i < n_int; ++i) *out++ = w.intervention_pv[i];
    *out++ = links_total;
  }

  /// Evaluates every row of @p parameters (draws × parameter_columns()) on
  /// @p threads threads (0 = all available). Bit-identical for any thread count.
  /// @throw draw_error for the lowest-numbered failing draw, its number in the
  ///   message (draw numbers start at @p first_draw)
  evaluation_result evaluate_draws(
      const Eigen::Ref<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>&
          parameters,
      int threads = 0, std::int64_t first_draw = 0) const {
    if (static_cast<std::size_t>(parameters.cols()) != parameter_columns_) {
      err::throw_invalid_argument("prevention model",
                                  "got parameter rows of " + std::to_string(parameters.cols()) +
                                      " columns, but the model was built for " +
                                      std::to_string(parameter_columns_));
    }
    if (threads < 0) {
      err::throw_domain_error("prevention model", "threads", threads,
                              ">= 0 (0 means all available cores)");
    }
    const Eigen::Index draws = parameters.rows();
    const Eigen::Index h = m_.horizon;
    evaluation_result result;
    result.columns = columns_;
    result.values.resize(draws, static_cast<Eigen::Index>(columns_.size()));
    result.paths.resize(draws, static_cast<Eigen::Index>(perspective_count) * h);
    constexpr Eigen::Index chunk = flow_chunk_draws;
    const Eigen::Index chunks = (draws + chunk - 1) / chunk;
    const auto rows = static_cast<Eigen::Index>(flow_rows());
    Eigen::MatrixXd& chunk_flows = result.flow_chunk_sums;
    chunk_flows = Eigen::MatrixXd::Zero(rows * h, chunks);

    internal::for_each_draw_in_chunks(
        draws, chunk, threads, first_draw, [this] { return make_workspace(); },
        [&](workspace& w, Eigen::Index k, Eigen::Index d) {
          evaluate(parameters.data() + d * parameters.cols(), w.row.data(),
                   result.paths.data() + d * result.paths.cols(), chunk_flows.col(k).data(), w);
          result.values.row(d) = Eigen::Map<const Eigen::RowVectorXd>(w.row.data(), result.values.cols());
        });
    // Chunk sums added in chunk order: independent of the thread count.
    result.mean_flows = internal::mean_flows_from_chunks(chunk_flows, draws, rows, h);
    return result;
  }

 private:
  /// @p m after check_model (so that the layout is built from a valid model).
  static const model& checked(const model& m, std::size_t parameter_columns) {
    check_model(m, parameter_columns);
    return m;
  }

  void build_columns() {
    columns_ = {"participants", "cohort_members"};
    for (const char* p : perspective_names) {
      for (const char* metric : {"pv_costs", "pv_benefits", "npv", "bcr", "roi", "irr", "payback_year",
                                 "costs_undiscounted", "benefits_undiscounted"}) {
        columns_.push_back(std::string(p) + "." + metric);
      }
    }
    for (const char* k : payer_names) {
      columns_.push_back(std::string("payer.") + k + ".pv_costs");
      columns_.push_back(std::string("payer.") + k + ".pv_benefits");
    }
    for (const auto& o : m_.outcomes) {
      const std::string base = "outcome." + o.name + ".";
      for (const char* metric : {"cases_averted", "cases_averted_discounted", "pv_benefits",
                                 "pv_benefits_via_links", "benefits_undiscounted"}) {
        columns_.push_back(base + metric);
      }
      for (const char* k : payer_names) columns_.push_back(base + k + ".pv_benefits");
    }
    for (const auto& i : m_.interventions) columns_.push_back("intervention." + i.name + ".pv_costs");
    columns_.push_back("links.pv_benefits");
  }

  int cohort_length(std::size_t c) const { return layout_.cohort_length(m_, c); }

  /// Adds the path of class k in subgroup g (w.path_*, one member) to the
  /// yearly flows of each cohort of the class (shifted to its entry year and
  /// scaled by its members in g), and to the present values through weights
  /// W(τ) = Σ_c n_c·D(e_c + τ) summed over the class's cohorts first.
  void add_class(std::size_t k, std::size_t g, const std::vector<double>& cohort_size,
                 workspace& w) const {
    const std::size_t h = static_cast<std::size_t>(m_.horizon);
    const std::size_t n_out = m_.outcomes.size();
    const auto length = static_cast<std::size_t>(layout_.class_length[k]);
    double* members = w.weight_members.data();
    double* money = w.weight_money.data();
    double* effects = w.weight_effects.data();
    std::fill(members, members + length, 0.0);
    std::fill(money, money + length, 0.0);
    std::fill(effects, effects + length, 0.0);
    for (std::size_t c = 0; c < m_.cohorts.size(); ++c) {
      if (layout_.cohort_class[c] != k) continue;
      const double n = cohort_size[c] * w.shares[g];
      if (n == 0) continue;
      const auto entry = static_cast<std::size_t>(m_.cohorts[c].entry_year);
      const auto years = static_cast<std::size_t>(cohort_length(c));
      for (std::size_t tau = 0; tau < years; ++tau) {
        const std::size_t t = entry + tau;
        members[tau] += n;
        money[tau] += n * layout_.money_factor[t];
        effects[tau] += n * layout_.effects_factor[t];
        const double* avoided = &w.path_payer[tau * payer_count];
        for (std::size_t kp = 0; kp < payer_count; ++kp) w.benefits[kp * h + t] += n * avoided[kp];
        w.own_municipality[t] += n * avoided[0] * w.path_resident[tau];
        for (std::size_t o = 0; o < n_out; ++o) {
          w.outcome_flows[o * h + t] += n * w.path_society[tau * n_out + o];
        }
      }
    }
    for (std::size_t tau = 0; tau < length; ++tau) {
      const double resident_money = money[tau] * w.path_resident[tau];
      for (std::size_t o = 0; o < n_out; ++o) {
        const double cases = w.path_cases[tau * n_out + o];
        w.cases[o] += cases * members[tau];
        w.cases_disc[o] += cases * effects[tau];
        w.pv_links[o] += w.path_links[tau * n_out + o] * money[tau];
        const double* avoided = &w.path_avoided[(tau * n_out + o) * payer_count];
        const double society = w.path_society[tau * n_out + o];
        w.pv_outcome_society[o] += society * money[tau];
        w.outcome_undiscounted[o] += society * members[tau];
        w.pv_outcome[o * payer_count] += avoided[0] * resident_money;
        for (std::size_t kp = 1; kp < payer_count; ++kp) {
          w.pv_outcome[o * payer_count + kp] += avoided[kp] * money[tau];
        }
      }
    }
  }

  /// One member of a cohort of class k in subgroup g, both arms, every year
  /// since entry: fills w.path_*.
  void simulate_path(const double* row, std::size_t k, std::size_t g, workspace& w) const {
    const std::size_t n_out = m_.outcomes.size();
    const std::size_t n_sub = m_.subgroups.size();
    const auto& sg = m_.subgroups[g];
    const std::size_t c = layout_.class_cohort[k];
    double alive_without = 1, alive_with = 1, resident = 1;
    const int length = layout_.class_length[k];
    for (int tau = 0; tau < length; ++tau) {
      const double age = m_.start_age + tau;
      const auto ty = static_cast<std::size_t>(tau);
      w.path_resident[ty] = resident;
      double* per_payer = &w.path_payer[ty * payer_count];
      std::fill(per_payer, per_payer + payer_count, 0.0);
      double excess_without = 0, excess_with = 0;
      for (const std::size_t o : order_) {
        const auto& oc = m_.outcomes[o];
        const bool event = oc.kind == outcome_kind::event;
        const bool odds = !event && oc.combine == combine_scale::odds;
        const double b = internal::baseline_at(oc, sg, o, row, age);
        w.p_base[o] = b;
        // Direct effects: each participant's value, the subgroup average, and
        // the combination of several as population-level ratios.
        double p_dir = b;
        // Whether an intervention reaching this cohort acts on o directly this
        // year (the `direct` double-counting rule).
        bool acts_directly = false;
        for (const auto& s : layout_.effects_on[o]) {
          const auto& iv = m_.interventions[s.intervention];
          acts_directly |= iv.cohorts[c] && tau >= iv.delivery_offset;
        }
        if (acts_directly && (odds ? (b > 0 && b < 1) : b > 0)) {
          w.active_p.clear();
          w.active_overlap.clear();
          for (const auto& s : layout_.effects_on[o]) {
            const auto& iv = m_.interventions[s.intervention];
            if (!iv.cohorts[c]) continue;
            const int y = tau - iv.delivery_offset;
            if (y < 0) continue;
            const auto& e = iv.effects[s.effect];
            const double theta = internal::effect_at_mid_year(w, e, s.slot, age, y);
            const double overlap = w.overlap[s.slot];
            if (theta == 0 || overlap == 1) continue;
            auto& memo = w.memo[s.slot];
            if (!(memo.b == b && memo.theta == theta)) {
              memo = {b, theta, internal::apply_effect(iv, e, oc, b, theta, age)};
            }
            const double reach = w.reach[s.intervention * n_sub + g];
            w.active_p.push_back((1.0 - reach) * b + reach * memo.f);
            w.active_overlap.push_back(overlap);
          }
          // One effect: its subgroup average, exactly; several: as population-level ratios.
          p_dir = internal::combine_effects(oc, b, w.active_p, w.active_overlap, age);
        }
        // Links.
        double p_full = p_dir;
        if (!layout_.links_into[o].empty()) {
          double factor = 1;
          for (const std::size_t l : layout_.links_into[o]) {
            const auto& lk = m_.links[l];
            const double rho = w.link_rr[l] - 1.0;
            const double without = 1.0 + rho * w.p_base[lk.from];
            if (without == 0) {
              internal::fail_draw("link '" + m_.outcomes[lk.from].name + "' -> '" + oc.name +
                   "': relative_risk 0 with everyone in '" + m_.outcomes[lk.from].name +
                   "' leaves no baseline risk to scale");
            }
            factor *= (1.0 + rho * w.p_full[lk.from]) / without;
          }
          const double linked = b * factor;
          switch (m_.rule) {
            case double_counting::sum: p_full = p_dir * factor; break;
            case double_counting::direct: p_full = acts_directly ? p_dir : linked; break;
            case double_counting::larger: p_full = std::min(p_dir, linked); break;
          }
          if (!event && p_full > 1) {
            internal::fail_draw("outcome '" + oc.name + "', age " + err::format_value(age) +
                 ": the linked prevalence is " + err::format_value(p_full) + ", above 1");
          }
        }
        w.p_dir[o] = p_dir;
        w.p_full[o] = p_full;
        if (!event && w.hr[o] != 1.0) {
          excess_without += (w.hr[o] - 1.0) * b;
          excess_with += (w.hr[o] - 1.0) * p_full;
        }
        // Cases and avoided costs of one member.
        const double averted = alive_without * b - alive_with * p_full;
        const double via_links = alive_with * (p_dir - p_full);
        w.path_cases[ty * n_out + o] = averted;
        double links_value = 0;
        double* avoided = &w.path_avoided[(ty * n_out + o) * payer_count];
        for (std::size_t kp = 0; kp < payer_count; ++kp) {
          const double unit = w.unit_cost[o * payer_count + kp];
          avoided[kp] = averted * unit;
          per_payer[kp] += averted * unit;
          links_value += via_links * unit;
        }
        w.path_links[ty * n_out + o] = links_value;
        double society = 0;
        for (std::size_t kp = 0; kp < payer_count; ++kp) society += avoided[kp];
        w.path_society[ty * n_out + o] = society;
      }
      const double q = internal::death_probability(m_, sg.sex, age, w.male_share);
      alive_without *= 1.0 - std::min(1.0, q * (1.0 + excess_without));
      alive_with *= 1.0 - std::min(1.0, q * (1.0 + excess_with));
      resident *= 1.0 - w.out_migration;
    }
  }

  model m_;
  std::size_t parameter_columns_;
  std::vector<std::size_t> order_;
  model_layout layout_;
  std::vector<std::string> columns_;
};

}  // namespace prevsim::prevention
