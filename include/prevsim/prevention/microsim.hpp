#pragma once
/// @file
/// Individual-level microsimulation of a prevention model (docs/microsimulation.md
/// has every formula): individuals with correlated latent risk factors, yearly
/// states and events driven by those factors and by their own history, and the
/// same outputs as the cohort evaluator (evaluate.hpp) plus who benefits.
///
/// Per outcome o an individual i has a liability
///     L_io(τ) = Σ_f λ_of z_if + σ_o ε_io(τ),   z_i ~ MVN(0, R_g),
///     σ_o = sqrt(1 − λ_oᵀ R_g λ_o),
/// where ε_io is a stationary N(0, 1) process over the years ("history"): an
/// AR(1) ε' = ρε + sqrt(1 − ρ²)η, or a renewal process (with probability ρ
/// last year's ε carries over, else it is redrawn). Either way L_io(τ) ~ N(0, 1).
/// - A state is present iff L > c with c = −Φ⁻¹(p): its prevalence is exactly p.
/// - An event occurs in a year (at least one event) iff L > −Φ⁻¹(1 − e^(−r));
///   the expected count given that is the Poisson r/(1 − e^(−r)), so the expected
///   events are exactly the rate r (the count is not sampled: Rao–Blackwellised).
/// - p (or r) is the subgroup's baseline b without the interventions, and the
///   participant's value f(b, θ) (the cohort model's conversion, combined over
///   the interventions the individual takes part in) with them: a d_probit
///   effect moves the threshold by d, a shift of the liability.
/// - Participation: individual i of N in a cell takes part in intervention j iff
///   u_i < r_j, u_i = (i + v_i)/N with v_i ~ U(0, 1) (stratified: the share of
///   participants is r_j within 1/N), one u_i for all interventions (nested, as
///   the cohort model's count of participants assumes).
/// - Survival is a weight: S(τ + 1) = S(τ)·(1 − min(1, q(a)(1 + Σ_o (HR_o − 1)·y_io))).
/// Both arms use the same individuals and the same random numbers.
///
/// Random numbers: Philox keyed by (seed, stream_ids::microsimulation), counter
/// (block, substream, draw) with substream = cell·2^48 + individual·2^8 + purpose
/// (purpose 0: participation and factors; 1 + o: the residual of outcome o). So
/// every number depends only on (seed, draw, cell, individual, purpose), never on
/// the thread. Individuals are summed in fixed blocks and the blocks in order:
/// results are bit-identical for any number of threads.
///
/// Memory: per draw O(years × outcomes × blocks), never individuals × years
/// (except the optional export of a sample of histories).
///
/// \test tests/cpp/prevention/microsim_test.cpp

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/dist/standard_normal_functions.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"
#include "prevsim/prevention/draw_chunks.hpp"
#include "prevsim/prevention/draw_inputs.hpp"
#include "prevsim/prevention/effect_size.hpp"
#include "prevsim/prevention/evaluate.hpp"
#include "prevsim/prevention/flow_metrics.hpp"
#include "prevsim/prevention/layout.hpp"
#include "prevsim/prevention/model.hpp"
#include "prevsim/prevention/trajectory.hpp"
#include "prevsim/rng/pcg_stream.hpp"
#include "prevsim/rng/random_stream.hpp"
#include "prevsim/rng/ziggurat.hpp"
#include "prevsim/rng/stream_ids.hpp"

namespace prevsim::prevention {

/// How the residual ε_io of an outcome evolves over the years (both keep ε ~ N(0, 1)
/// in every year and Corr(ε(τ), ε(τ + k)) = ρ^k).
enum class residual_process {
  /// ε' = ρε + sqrt(1 − ρ²)η, η ~ N(0, 1): Gaussian, one normal per active year.
  ar1,
  /// With probability ρ, ε' = ε; else ε' = η: spells of constant risk, a normal
  /// only when redrawn (a state then persists with probability ρ + (1 − ρ)·p).
  renewal
};

/// The individual-level structure added to a prevention model (all fixed numbers).
struct microsim_spec {
  /// Simulated individuals per cohort class and subgroup (the inner loop), >= 1.
  std::int64_t individuals = 10000;
  /// Names of the latent factors (may be empty: independent outcomes).
  std::vector<std::string> factors;
  /// Factor correlation R_g per subgroup, factors × factors row-major; empty
  /// means the identity for every subgroup; one matrix means the same for all.
  std::vector<std::vector<double>> correlation;
  /// Loadings λ_of, outcomes × factors row-major (empty: all 0).
  std::vector<double> loadings;
  /// ρ_o per outcome within [0, 1] (empty: all 0).
  std::vector<double> persistence;
  residual_process residual = residual_process::ar1;
  /// Weights w_f of the latent-risk index w·z/sqrt(wᵀRw) (empty: equal weights).
  std::vector<double> risk_index;
  /// Individuals per cell whose yearly history is exported from draw 0.
  std::int64_t history_individuals = 0;
};

/// What a microsimulation run returns.
struct microsim_result {
  /// The same columns, paths and flows as evaluator::evaluate_draws.
  evaluation_result cohort;
  /// Names of the distributional metrics (microsimulator::distribution_columns()).
  std::vector<std::string> distribution_columns;
  /// draws × distribution_columns, column-major.
  Eigen::MatrixXd distribution;
  std::vector<std::string> history_columns;
  /// One row per exported individual and year (draw 0 only; empty otherwise).
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> histories;
  /// Individual-years simulated per draw (both arms share them).
  double individual_years_per_draw = 0;
};

/// The random numbers a run consumes, drawn without the simulation (the floor
/// of its cost; microsimulator::random_floor).
struct random_floor_result {
  double normals = 0;
  double uniforms = 0;
  /// The sum of every number drawn (keeps the compiler from skipping them).
  double sink = 0;
};

/// A prevention model evaluated by microsimulation.
class microsimulator {
 public:
  /// Outcomes, individuals and cells must fit the substream layout.
  static constexpr std::size_t max_outcomes = 255;
  static constexpr std::int64_t max_individuals = std::int64_t{1} << 40;

  /// @param m the prevention model (checked as by evaluator; links are refused)
  /// @param spec the individual-level structure
  /// @param parameter_columns columns of the parameter rows
  /// @throw std::invalid_argument for links, shapes, a correlation matrix that is
  ///   not a positive definite correlation matrix, loadings giving Var > 1
  /// @throw std::domain_error for individuals, persistence or weights out of range
  microsimulator(model m, microsim_spec spec, std::size_t parameter_columns)
      : cohort_(std::move(m), parameter_columns), spec_(std::move(spec)) {
    const model& md = cohort_.definition();
    constexpr const char* fn = "microsimulation";
    if (!md.links.empty()) {
      err::throw_invalid_argument(
          fn, "the model has " + std::to_string(md.links.size()) +
                  " link(s) between outcomes, but the microsimulation has no links: shared "
                  "latent factors replace them (remove [[links]] and give the outcomes loadings "
                  "on a common factor in [microsimulation])");
    }
    n_out_ = md.outcomes.size();
    n_sub_ = md.subgroups.size();
    n_fac_ = spec_.factors.size();
    if (n_out_ > max_outcomes) {
      err::throw_invalid_argument(fn, "the model has " + std::to_string(n_out_) +
                                          " outcomes, but the microsimulation supports at most 255");
    }
    if (spec_.individuals < 1 || spec_.individuals > max_individuals) {
      err::throw_domain_error(fn, "individuals", static_cast<double>(spec_.individuals),
                              "within [1, 2^40] (individuals per cohort class and subgroup)");
    }
    if (spec_.history_individuals < 0) {
      err::throw_domain_error(fn, "history_individuals",
                              static_cast<double>(spec_.history_individuals), ">= 0");
    }
    if (spec_.loadings.empty()) spec_.loadings.assign(n_out_ * n_fac_, 0.0);
    if (spec_.persistence.empty()) spec_.persistence.assign(n_out_, 0.0);
    if (spec_.risk_index.empty()) spec_.risk_index.assign(n_fac_, 1.0);
    if (spec_.loadings.size() != n_out_ * n_fac_) {
      err::throw_invalid_argument(fn, "loadings has " + std::to_string(spec_.loadings.size()) +
                                          " values, but must have outcomes × factors = " +
                                          std::to_string(n_out_ * n_fac_));
    }
    if (spec_.persistence.size() != n_out_) {
      err::throw_invalid_argument(fn, "persistence has " + std::to_string(spec_.persistence.size()) +
                                          " values, but must have one per outcome (" +
                                          std::to_string(n_out_) + ")");
    }
    if (spec_.risk_index.size() != n_fac_) {
      err::throw_invalid_argument(fn, "risk_index has " + std::to_string(spec_.risk_index.size()) +
                                          " weights, but must have one per factor (" +
                                          std::to_string(n_fac_) + ")");
    }
    for (std::size_t o = 0; o < n_out_; ++o) {
      const double rho = spec_.persistence[o];
      if (!(rho >= 0 && rho <= 1)) {
        err::throw_domain_error(fn, "persistence of outcome '" + md.outcomes[o].name + "'", rho,
                                "within [0, 1]");
      }
      for (std::size_t f = 0; f < n_fac_; ++f) {
        const double l = spec_.loadings[o * n_fac_ + f];
        if (!(l >= -1 && l <= 1)) {
          err::throw_domain_error(fn, "loading of outcome '" + md.outcomes[o].name + "' on factor '" +
                                          spec_.factors[f] + "'", l, "within [-1, 1]");
        }
      }
    }
    for (std::size_t f = 0; f < n_fac_; ++f) {
      if (!std::isfinite(spec_.risk_index[f])) {
        err::throw_domain_error(fn, "risk_index weight of factor '" + spec_.factors[f] + "'",
                                spec_.risk_index[f], "finite");
      }
    }
    build_factor_structure();
    build_levels();
    build_distribution_columns();
    if (cells_ >= (std::size_t{1} << 16)) {
      err::throw_invalid_argument(fn, "the model has " + std::to_string(cells_) +
                                          " cohort classes × subgroups, but at most 65535 are supported");
    }
  }

  const model& definition() const { return cohort_.definition(); }
  /// The structure derived from the model, shared with the cohort evaluator.
  const model_layout& layout() const { return cohort_.layout(); }
  const microsim_spec& spec() const { return spec_; }
  std::size_t parameter_columns() const { return cohort_.parameter_columns(); }
  /// The cohort evaluator of the same model (its expected values are what the
  /// microsimulation agrees with).
  const evaluator& cohort_evaluator() const { return cohort_; }
  /// The per-draw metrics: exactly evaluator::columns().
  const std::vector<std::string>& columns() const { return cohort_.columns(); }
  std::size_t flow_rows() const { return cohort_.flow_rows(); }
  /// Cohort classes (cohorts reached by the same interventions share individuals).
  std::size_t classes() const { return layout().class_cohort.size(); }

  /// Names of the distributional metrics, in column order: per subgroup G
  /// `subgroup.G.members`, `.participants`, `.pv_costs`, `.pv_benefits`, `.npv`
  /// (society, with deadweight; start-up and yearly costs allocated by
  /// participants), `subgroup.G.outcome.O.cases_averted`; per quintile Q = 1..5
  /// of the latent-risk index `risk_quintile.Q.pv_benefits` (society, without
  /// deadweight), `risk_quintile.Q.outcome.O.cases_without`,
  /// `risk_quintile.Q.outcome.O.cases_averted`; `top_quintile.benefit_share`;
  /// per outcome `outcome.O.concentration_without`, `outcome.O.concentration_with`.
  const std::vector<std::string>& distribution_columns() const { return dist_columns_; }

  /// Names of the exported history columns: `class`, `subgroup`, `individual`
  /// (0-based), `tau` (years since entry), `age`, `participation` (the number of
  /// interventions taken part in), `risk_rank` (Φ of the latent-risk index), per
  /// outcome `O.without` and `O.with` (1/0 for a state; expected events in the
  /// year for an event), `survival_without`, `survival_with` (at the start of the year).
  std::vector<std::string> history_columns() const {
    std::vector<std::string> c = {"class", "subgroup", "individual", "tau", "age", "participation",
                                  "risk_rank"};
    for (const auto& o : definition().outcomes) {
      c.push_back(o.name + ".without");
      c.push_back(o.name + ".with");
    }
    c.push_back("survival_without");
    c.push_back("survival_with");
    return c;
  }

  using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  /// Simulates every row of @p parameters (draws × parameter_columns()): the
  /// inner loop of spec().individuals per cohort class and subgroup, with the
  /// individuals of draw first_draw + d. Bit-identical for any thread count.
  /// @throw draw_error for the lowest-numbered failing draw, its number in the message
  microsim_result evaluate_draws(const Eigen::Ref<const row_matrix>& parameters, std::uint64_t seed,
                                 int threads = 0, std::int64_t first_draw = 0) const {
    check_call(parameters, threads);
    const Eigen::Index draws = parameters.rows();
    const Eigen::Index h = definition().horizon;
    microsim_result result;
    evaluation_result& r = result.cohort;
    r.columns = columns();
    r.values.resize(draws, static_cast<Eigen::Index>(r.columns.size()));
    r.paths.resize(draws, static_cast<Eigen::Index>(perspective_count) * h);
    constexpr Eigen::Index chunk = flow_chunk_draws;
    const Eigen::Index chunks = (draws + chunk - 1) / chunk;
    const auto rows = static_cast<Eigen::Index>(flow_rows());
    r.flow_chunk_sums = Eigen::MatrixXd::Zero(rows * h, chunks);
    result.distribution_columns = dist_columns_;
    result.distribution.resize(draws, static_cast<Eigen::Index>(dist_columns_.size()));
    result.history_columns = history_columns();
    const bool export_history = spec_.history_individuals > 0 && first_draw == 0 && draws > 0;
    if (export_history) {
      result.histories.setZero(history_rows(), static_cast<Eigen::Index>(result.history_columns.size()));
    }
    result.individual_years_per_draw = individual_years();

    internal::for_each_draw_in_chunks(
        draws, chunk, threads, first_draw, [this] { return make_workspace(); },
        [&](workspace& w, Eigen::Index k, Eigen::Index d) {
          const auto draw = static_cast<std::uint64_t>(first_draw + d);
          double* history = export_history && d == 0 ? result.histories.data() : nullptr;
          evaluate(parameters.data() + d * parameters.cols(), seed, draw, w.row.data(), w.dist_row.data(),
                   r.paths.data() + d * r.paths.cols(), r.flow_chunk_sums.col(k).data(), history, w);
          r.values.row(d) = Eigen::Map<const Eigen::RowVectorXd>(w.row.data(), r.values.cols());
          result.distribution.row(d) =
              Eigen::Map<const Eigen::RowVectorXd>(w.dist_row.data(), result.distribution.cols());
        });
    r.mean_flows = internal::mean_flows_from_chunks(r.flow_chunk_sums, draws, rows, h);
    return result;
  }

  /// Draws exactly the random numbers evaluate_draws() consumes for the same
  /// rows, seed and draws, from the same streams, and nothing else: the floor of
  /// its cost, to measure the simulation's overhead against.
  random_floor_result random_floor(const Eigen::Ref<const row_matrix>& parameters, std::uint64_t seed,
                                   int threads = 0, std::int64_t first_draw = 0) const {
    check_call(parameters, threads);
    const Eigen::Index draws = parameters.rows();
    std::vector<random_floor_result> per_draw(static_cast<std::size_t>(draws));
    auto body = [&](const oneapi::tbb::blocked_range<Eigen::Index>& range) {
      workspace w = make_workspace();
      for (Eigen::Index d = range.begin(); d != range.end(); ++d) {
        const double* row = parameters.data() + d * parameters.cols();
        read_draw(row, w);
        for (std::size_t k = 0; k < classes(); ++k) {
          for (std::size_t g = 0; g < n_sub_; ++g) {
            if (w.shares[g] == 0) continue;
            build_cell(row, k, g, w, /*thresholds=*/false);
            const std::int64_t n = spec_.individuals;
            const std::int64_t block = block_size();
            const std::int64_t blocks = (n + block - 1) / block;
            std::vector<random_floor_result> parts(static_cast<std::size_t>(blocks));
            oneapi::tbb::parallel_for(std::int64_t{0}, blocks, [&](std::int64_t b) {
              parts[static_cast<std::size_t>(b)] =
                  floor_block(seed, static_cast<std::uint64_t>(first_draw + d), k, g, b * block,
                              std::min(n, (b + 1) * block), w.cell);
            });
            auto& out = per_draw[static_cast<std::size_t>(d)];
            for (const auto& p : parts) {
              out.normals += p.normals;
              out.uniforms += p.uniforms;
              out.sink += p.sink;
            }
          }
        }
      }
    };
    oneapi::tbb::task_arena arena(threads > 0 ? threads : oneapi::tbb::task_arena::automatic);
    arena.execute([&] {
      oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<Eigen::Index>(0, draws, 1), body);
    });
    random_floor_result total;
    for (const auto& p : per_draw) {
      total.normals += p.normals;
      total.uniforms += p.uniforms;
      total.sink += p.sink;
    }
    return total;
  }

  /// Individual-years simulated per draw: Σ over cells of individuals × years followed.
  double individual_years() const {
    double total = 0;
    for (std::size_t k = 0; k < classes(); ++k) {
      total += static_cast<double>(spec_.individuals) * layout().class_length[k] * static_cast<double>(n_sub_);
    }
    return total;
  }

  /// Individuals per block of the fixed-order sums: 1024, or more for large
  /// inner loops so that a cell has at most 256 blocks (depends only on individuals).
  std::int64_t block_size() const {
    return std::max<std::int64_t>(1024, (spec_.individuals + 255) / 256);
  }

 private:
  // --- structure built once ------------------------------------------------------------

  /// One active (outcome, year) of a cell: how its residual moves from the last
  /// active year, and its baseline threshold; the thresholds of participation
  /// levels 1..m follow in cell_tables::threshold.
  struct step {
    std::uint32_t outcome = 0;
    std::uint32_t index = 0;  // τ·outcomes + o (accumulator index)
    double keep = 0;          // ar1: ρ^k; renewal: unused
    double fresh = 1;         // ar1: sqrt(1 − ρ^2k)
    std::uint64_t carry = 0;  // renewal: carry over iff a 32-bit uniform < carry (2^32: always)
    bool first = true;        // first active year: ε ~ N(0, 1)
    bool state = true;
    double hr_minus_1 = 0;    // excess mortality (states)
  };

  struct cell_tables {
    int length = 0;
    std::size_t levels = 1;                // participation levels 0..m
    std::vector<double> reach_sorted;      // m, descending
    std::vector<step> steps;
    std::vector<std::uint32_t> begin;      // length + 1 offsets into steps
    std::vector<double> threshold, kappa;  // levels × steps
    std::vector<double> death;             // q by τ
    Eigen::MatrixXd mix;                   // outcomes × factors: Λ·chol(R_g)
    Eigen::RowVectorXd index;              // wᵀ·chol(R_g) / sd
    std::vector<double> sigma;             // per outcome
    std::vector<std::uint32_t> by_outcome;     // step indices by outcome, years ascending
    std::vector<std::uint32_t> outcome_begin;  // n_out + 1 offsets into by_outcome
    std::vector<std::uint32_t> ar1_normals;    // per outcome: its first step and steps with fresh != 0
  };

  // The draw's inputs (draw_inputs.hpp) and its yearly flows by payer
  // (flow_metrics.hpp) are the cohort evaluator's.
  struct workspace : draw_inputs, payer_flows {
    bool excess = false;  // some state outcome changes mortality
    cell_tables cell;
    std::vector<double> memo_p, memo_c;
    // accumulators of the current cell: blocks × acc_size, and their in-order total
    std::vector<double> block_acc, cell_acc;
    // cohort-form accounts (as evaluator::workspace)
    std::vector<double> pv_outcome, pv_outcome_society, outcome_undiscounted, outcome_flows, cases,
        cases_disc, intervention_pv;
    std::vector<double> path_cases, path_resident, path_alive;
    std::vector<double> weight_members, weight_money, weight_effects;
    // distributional accounts
    std::vector<double> sub_members, sub_participants, sub_costs, sub_benefits, sub_cases;
    std::vector<double> quint_pv, quint_without, quint_averted;
    std::vector<double> ci_num0, ci_num1, ci_den0, ci_den1;
    std::vector<double> row, dist_row;
  };

  workspace make_workspace() const {
    workspace w;
    const auto h = static_cast<std::size_t>(definition().horizon);
    w.reset(h);
    const auto len = static_cast<std::size_t>(max_length_);
    w.path_cases.assign(len * n_out_, 0);
    w.path_resident.assign(len, 0);
    w.path_alive.assign(len, 0);
    w.weight_members.assign(len, 0);
    w.weight_money.assign(len, 0);
    w.weight_effects.assign(len, 0);
    w.reserve_effects(layout().effect_slots);
    w.row.assign(columns().size(), 0);
    w.dist_row.assign(dist_columns_.size(), 0);
    return w;
  }

  /// Accumulator layout of one cell: [quintile q][τ][o] for each arm, then the
  /// rank-weighted sums [τ][o] for each arm.
  std::size_t acc_size() const { return static_cast<std::size_t>(max_length_) * n_out_ * 12; }

  void check_call(const Eigen::Ref<const row_matrix>& parameters, int threads) const {
    if (static_cast<std::size_t>(parameters.cols()) != parameter_columns()) {
      err::throw_invalid_argument("microsimulation",
                                  "got parameter rows of " + std::to_string(parameters.cols()) +
                                      " columns, but the model was built for " +
                                      std::to_string(parameter_columns()));
    }
    if (threads < 0) {
      err::throw_domain_error("microsimulation", "threads", threads,
                              ">= 0 (0 means all available cores)");
    }
  }

  void build_factor_structure() {
    const model& md = definition();
    constexpr const char* fn = "microsimulation";
    auto& corr = spec_.correlation;
    if (corr.empty()) {
      std::vector<double> identity(n_fac_ * n_fac_, 0.0);
      for (std::size_t f = 0; f < n_fac_; ++f) identity[f * n_fac_ + f] = 1.0;
      corr.assign(n_sub_, identity);
    } else if (corr.size() == 1 && n_sub_ > 1) {
      corr.assign(n_sub_, corr.front());
    }
    if (corr.size() != n_sub_) {
      err::throw_invalid_argument(fn, "correlation has " + std::to_string(corr.size()) +
                                          " matrices, but must have one, or one per subgroup (" +
                                          std::to_string(n_sub_) + ")");
    }
    chol_.resize(n_sub_);
    sigma_.assign(n_sub_ * n_out_, 1.0);
    index_.resize(n_sub_);
    for (std::size_t g = 0; g < n_sub_; ++g) {
      const std::string where = "the factor correlation of subgroup '" + md.subgroups[g].name + "'";
      if (corr[g].size() != n_fac_ * n_fac_) {
        err::throw_invalid_argument(fn, where + " has " + std::to_string(corr[g].size()) +
                                            " entries, but must have factors² = " +
                                            std::to_string(n_fac_ * n_fac_));
      }
      Eigen::MatrixXd r(static_cast<Eigen::Index>(n_fac_), static_cast<Eigen::Index>(n_fac_));
      for (std::size_t a = 0; a < n_fac_; ++a) {
        for (std::size_t b = 0; b < n_fac_; ++b) {
          const double x = corr[g][a * n_fac_ + b];
          const double y = corr[g][b * n_fac_ + a];
          if (!(std::isfinite(x) && x >= -1 && x <= 1) || x != y || (a == b && x != 1)) {
            err::throw_invalid_argument(
                fn, where + " is not a correlation matrix: entry (" + spec_.factors[a] + ", " +
                        spec_.factors[b] + ") is " + err::format_value(x) +
                        " (must be symmetric, within [-1, 1], 1 on the diagonal)");
          }
          r(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = x;
        }
      }
      Eigen::LLT<Eigen::MatrixXd> llt(r);
      if (n_fac_ > 0 && (llt.info() != Eigen::Success ||
                         llt.matrixL().toDenseMatrix().diagonal().minCoeff() < 1e-10)) {
        err::throw_invalid_argument(fn, where + " is not positive definite (a factor is a "
                                                "combination of the others; lower the correlations)");
      }
      chol_[g] = n_fac_ > 0 ? Eigen::MatrixXd(llt.matrixL()) : Eigen::MatrixXd();
      for (std::size_t o = 0; o < n_out_; ++o) {
        Eigen::VectorXd lambda(static_cast<Eigen::Index>(n_fac_));
        for (std::size_t f = 0; f < n_fac_; ++f) {
          lambda[static_cast<Eigen::Index>(f)] = spec_.loadings[o * n_fac_ + f];
        }
        const double v = n_fac_ > 0 ? lambda.dot(r * lambda) : 0.0;
        if (v > 1 + 1e-12) {
          err::throw_invalid_argument(
              fn, "outcome '" + md.outcomes[o].name + "': its loadings explain a variance λᵀRλ = " +
                      err::format_value(std::round(v * 1e9) / 1e9) + " in subgroup '" + md.subgroups[g].name +
                      "', but must explain at most 1 (the liability has variance 1)");
        }
        sigma_[g * n_out_ + o] = std::sqrt(std::max(0.0, 1.0 - v));
      }
      if (n_fac_ > 0) {
        Eigen::VectorXd wv(static_cast<Eigen::Index>(n_fac_));
        for (std::size_t f = 0; f < n_fac_; ++f) wv[static_cast<Eigen::Index>(f)] = spec_.risk_index[f];
        const double var = wv.dot(r * wv);
        if (!(var > 1e-12)) {
          err::throw_invalid_argument(fn, "risk_index: the weights give the latent-risk index a "
                                          "variance of " + err::format_value(var) + ", but it must be > 0");
        }
        index_[g] = (wv.transpose() * chol_[g]) / std::sqrt(var);
      }
    }
  }

  /// Cohort classes and effect slots come from the cohort evaluator's layout
  /// (layout.hpp); a cell is a class and a subgroup.
  void build_levels() {
    max_length_ = std::max(1, layout().max_length);
    cells_ = layout().class_cohort.size() * n_sub_;
  }

  void build_distribution_columns() {
    const model& md = definition();
    for (const auto& g : md.subgroups) {
      const std::string s = "subgroup." + g.name + ".";
      for (const char* m : {"members", "participants", "pv_costs", "pv_benefits", "npv"}) {
        dist_columns_.push_back(s + m);
      }
      for (const auto& o : md.outcomes) dist_columns_.push_back(s + "outcome." + o.name + ".cases_averted");
    }
    for (int q = 1; q <= 5; ++q) {
      const std::string s = "risk_quintile." + std::to_string(q) + ".";
      dist_columns_.push_back(s + "pv_benefits");
      for (const auto& o : md.outcomes) {
        dist_columns_.push_back(s + "outcome." + o.name + ".cases_without");
        dist_columns_.push_back(s + "outcome." + o.name + ".cases_averted");
      }
    }
    dist_columns_.push_back("top_quintile.benefit_share");
    for (const auto& o : md.outcomes) {
      dist_columns_.push_back("outcome." + o.name + ".concentration_without");
      dist_columns_.push_back("outcome." + o.name + ".concentration_with");
    }
  }

  int cohort_length(std::size_t c) const { return layout().cohort_length(definition(), c); }

  Eigen::Index history_rows() const {
    const std::int64_t per = std::min(spec_.history_individuals, spec_.individuals);
    Eigen::Index rows = 0;
    for (std::size_t k = 0; k < classes(); ++k) {
      rows += static_cast<Eigen::Index>(per * layout().class_length[k]) * static_cast<Eigen::Index>(n_sub_);
    }
    return rows;
  }

  /// First history row of cell (k, g).
  Eigen::Index history_offset(std::size_t k, std::size_t g) const {
    const std::int64_t per = std::min(spec_.history_individuals, spec_.individuals);
    Eigen::Index rows = 0;
    for (std::size_t kk = 0; kk < classes(); ++kk) {
      for (std::size_t gg = 0; gg < n_sub_; ++gg) {
        if (kk == k && gg == g) return rows;
        rows += static_cast<Eigen::Index>(per * layout().class_length[kk]);
      }
    }
    return rows;
  }

  [[noreturn]] static void fail(const std::string& message) { internal::fail_draw(message); }

  // --- one draw ----------------------------------------------------------------------------
  /// Reads and checks what the draw gives (the same checks and messages as the
  /// cohort evaluator).
  void read_draw(const double* row, workspace& w) const {
    read_draw_inputs(definition(), layout().effects_on, row, w);
    w.excess = false;
    for (std::size_t o = 0; o < n_out_; ++o) {
      w.excess |= definition().outcomes[o].kind == outcome_kind::state && w.hr[o] != 1.0;
    }
  }

  /// −Φ⁻¹(p): the liability above which a share p lies (+∞ for p = 0, −∞ for p = 1).
  static double upper_threshold(double p) {
    if (p <= 0) return std::numeric_limits<double>::infinity();
    if (p >= 1) return -std::numeric_limits<double>::infinity();
    return dist::internal::phi_quantile_complement(p);
  }

  /// The tables of cell (class k, subgroup g) for this draw: participation
  /// levels, active (outcome, year) steps with their residual coefficients, and
  /// (if @p thresholds) the thresholds and expected counts per level.
  void build_cell(const double* row, std::size_t k, std::size_t g, workspace& w, bool thresholds) const {
    const model& md = definition();
    const auto& sg = md.subgroups[g];
    const std::size_t c = layout().class_cohort[k];
    cell_tables& t = w.cell;
    t.length = layout().class_length[k];
    // Participation levels: the interventions reaching the class, by reach (descending).
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < md.interventions.size(); ++i) {
      if (md.interventions[i].cohorts[c]) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return w.reach[a * n_sub_ + g] > w.reach[b * n_sub_ + g];
    });
    std::vector<std::size_t> rank(md.interventions.size(), md.interventions.size());
    t.reach_sorted.clear();
    for (std::size_t j = 0; j < order.size(); ++j) {
      rank[order[j]] = j;
      t.reach_sorted.push_back(w.reach[order[j] * n_sub_ + g]);
    }
    t.levels = order.size() + 1;
    t.steps.clear();
    t.begin.assign(static_cast<std::size_t>(t.length) + 1, 0);
    t.death.resize(static_cast<std::size_t>(t.length));
    t.mix = n_fac_ > 0 ? Eigen::MatrixXd(loadings_matrix() * chol_[g]) : Eigen::MatrixXd(n_out_, 0);
    t.index = n_fac_ > 0 ? index_[g] : Eigen::RowVectorXd();
    t.sigma.assign(sigma_.begin() + static_cast<std::ptrdiff_t>(g * n_out_),
                   sigma_.begin() + static_cast<std::ptrdiff_t>((g + 1) * n_out_));
    std::vector<int> last(n_out_, -1);
    std::vector<double> base_threshold, base_kappa;
    std::vector<double> level_threshold, level_kappa;  // (levels − 1) per step, appended
    w.memo_p.assign(n_out_ * t.levels, std::numeric_limits<double>::quiet_NaN());
    w.memo_c.assign(n_out_ * t.levels, 0);
    std::vector<double> f_values, overlaps;
    for (int tau = 0; tau < t.length; ++tau) {
      const double age = md.start_age + tau;
      t.death[static_cast<std::size_t>(tau)] = internal::death_probability(definition(), sg.sex, age, w.male_share);
      t.begin[static_cast<std::size_t>(tau)] = static_cast<std::uint32_t>(t.steps.size());
      for (std::size_t o = 0; o < n_out_; ++o) {
        const auto& oc = md.outcomes[o];
        const bool event = oc.kind == outcome_kind::event;
        const double b = internal::baseline_at(oc, sg, o, row, age);
        if (b == 0) continue;  // nobody has it, with or without the interventions
        step s;
        s.outcome = static_cast<std::uint32_t>(o);
        s.index = static_cast<std::uint32_t>(static_cast<std::size_t>(tau) * n_out_ + o);
        s.state = !event;
        s.hr_minus_1 = event ? 0.0 : w.hr[o] - 1.0;
        const double rho = spec_.persistence[o];
        if (last[o] < 0) {
          s.first = true;
        } else {
          s.first = false;
          const int gap = tau - last[o];
          const double rk = std::pow(rho, gap);
          s.keep = rk;
          s.fresh = std::sqrt(std::max(0.0, 1.0 - rk * rk));
          s.carry = rk >= 1 ? (std::uint64_t{1} << 32)
                            : static_cast<std::uint64_t>(std::ldexp(rk, 32));
        }
        last[o] = tau;
        t.steps.push_back(s);
        if (!thresholds) continue;
        // Baseline and each participation level's value, as thresholds.
        const bool odds = !event && oc.combine == combine_scale::odds;
        for (std::size_t level = 0; level < t.levels; ++level) {
          double p = b;
          if (level > 0 && (odds ? (b > 0 && b < 1) : b > 0)) {
            f_values.clear();
            overlaps.clear();
            for (const auto& ef : layout().effects_on[o]) {
              if (rank[ef.intervention] >= level) continue;  // not taken part in
              const auto& iv = md.interventions[ef.intervention];
              const int y = tau - iv.delivery_offset;
              if (y < 0) continue;
              const auto& e = iv.effects[ef.effect];
              const double theta = internal::effect_at_mid_year(w, e, ef.slot, age, y);
              const double overlap = w.overlap[ef.slot];
              if (theta == 0 || overlap == 1) continue;
              f_values.push_back(internal::apply_effect(iv, e, oc, b, theta, age));
              overlaps.push_back(overlap);
            }
            // Several effects on one participant: their individual ratios
            // combine as the cohort model's population ratios do.
            p = internal::combine_effects(oc, b, f_values, overlaps, age);
          }
          // State: present iff L > −Φ⁻¹(p). Event: a year with events iff
          // L > −Φ⁻¹(1 − e^(−r)), then r/(1 − e^(−r)) expected events.
          const double share = event ? -std::expm1(-p) : p;
          const double kappa = event ? (share > 0 ? p / share : 0.0) : 1.0;
          double& memo_p = w.memo_p[o * t.levels + level];
          double& memo_c = w.memo_c[o * t.levels + level];
          if (!(memo_p == share)) {
            memo_p = share;
            memo_c = upper_threshold(share);
          }
          if (level == 0) {
            base_threshold.push_back(memo_c);
            base_kappa.push_back(kappa);
          } else {
            level_threshold.push_back(memo_c);
            level_kappa.push_back(kappa);
          }
        }
      }
    }
    t.begin[static_cast<std::size_t>(t.length)] = static_cast<std::uint32_t>(t.steps.size());
    t.outcome_begin.assign(n_out_ + 1, 0);
    t.ar1_normals.assign(n_out_, 0);
    for (const step& st : t.steps) {
      ++t.outcome_begin[st.outcome + 1];
      t.ar1_normals[st.outcome] += (st.first || st.fresh != 0) ? 1U : 0U;
    }
    for (std::size_t o = 0; o < n_out_; ++o) t.outcome_begin[o + 1] += t.outcome_begin[o];
    t.by_outcome.resize(t.steps.size());
    {
      std::vector<std::uint32_t> next(t.outcome_begin.begin(), t.outcome_begin.end() - 1);
      for (std::size_t s = 0; s < t.steps.size(); ++s) {
        t.by_outcome[next[t.steps[s].outcome]++] = static_cast<std::uint32_t>(s);
      }
    }
    if (!thresholds) return;
    // Level-major tables: threshold[level·steps + s].
    const std::size_t n_steps = t.steps.size();
    t.threshold.resize(t.levels * n_steps);
    t.kappa.resize(t.levels * n_steps);
    for (std::size_t s = 0; s < n_steps; ++s) {
      t.threshold[s] = base_threshold[s];
      t.kappa[s] = base_kappa[s];
      for (std::size_t level = 1; level < t.levels; ++level) {
        t.threshold[level * n_steps + s] = level_threshold[s * (t.levels - 1) + level - 1];
        t.kappa[level * n_steps + s] = level_kappa[s * (t.levels - 1) + level - 1];
      }
    }
  }

  Eigen::MatrixXd loadings_matrix() const {
    Eigen::MatrixXd l(static_cast<Eigen::Index>(n_out_), static_cast<Eigen::Index>(n_fac_));
    for (std::size_t o = 0; o < n_out_; ++o) {
      for (std::size_t f = 0; f < n_fac_; ++f) {
        l(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(f)) = spec_.loadings[o * n_fac_ + f];
      }
    }
    return l;
  }

  static std::uint64_t substream(std::size_t cell, std::int64_t individual, std::size_t purpose) {
    return (static_cast<std::uint64_t>(cell) << 48) | (static_cast<std::uint64_t>(individual) << 8) |
           static_cast<std::uint64_t>(purpose);
  }

  /// One individual's residual state: per outcome its residual ε and stream,
  /// and, for `renewal`, a block per outcome (starting at
  /// cell_tables::outcome_begin) of its normals and decisions.
  struct residual_scratch {
    std::vector<double> eps;
    std::vector<pcg_stream> streams;
    std::vector<double> normals;
    std::vector<unsigned char> renew;
    residual_scratch(std::size_t steps, std::size_t outcomes) : eps(outcomes), normals(steps), renew(steps) {
      streams.reserve(outcomes);
    }
  };

  /// Draws the random numbers of outcome @p o's residual for one individual
  /// from its stream, in stream order, into its block of @p r, and returns how
  /// many normals: for `renewal`, first the decisions of its steps after the
  /// first (a 32-bit uniform each, two per word, low half first: renew iff
  /// u >= carry), then one normal for the first step and one per renewal; for
  /// `ar1`, one normal for the first step and one for each step with
  /// fresh != 0. With the decisions first, neither loop branches on a random
  /// number (but for the ziggurat's rare edge).
  template <bool Renewal>
  std::size_t draw_residual(pcg_stream& stream, const cell_tables& t, std::size_t o, residual_scratch& r) const {
    // Callers skip outcomes without steps: n >= 1 here.
    const std::size_t first = t.outcome_begin[o];
    std::size_t normals = t.ar1_normals[o];
    if constexpr (Renewal) {
      const std::uint32_t* list = t.by_outcome.data() + first;
      const std::size_t n = t.outcome_begin[o + 1] - first;
      unsigned char* renew = r.renew.data() + first;
      renew[0] = 1;
      for (std::size_t j = 1; j < n; j += 2) {
        const std::uint64_t word = stream();
        renew[j] = (word & 0xffffffffU) >= t.steps[list[j]].carry ? 1 : 0;
        if (j + 1 < n) renew[j + 1] = (word >> 32) >= t.steps[list[j + 1]].carry ? 1 : 0;
      }
      normals = 0;
      for (std::size_t j = 0; j < n; ++j) normals += renew[j];
    }
    double* z = r.normals.data() + first;
    for (std::size_t c = 0; c < normals; ++c) z[c] = ziggurat_normal(stream);
    return normals;
  }

  /// Person-level draws of one individual (participation, factors, risk index).
  struct person {
    std::size_t level = 0;
    int quintile = 0;
    double rank = 0.5;
  };

  person draw_person(random_stream& s, std::int64_t i, const cell_tables& t, double* loading_part,
                     double* xi) const {
    person p;
    const double u = (static_cast<double>(i) + s.u01()) / static_cast<double>(spec_.individuals);
    for (const double r : t.reach_sorted) p.level += u < r ? 1 : 0;
    double score = 0;
    if (n_fac_ == 0) {
      score = ziggurat_normal(s);  // no factors: an index unrelated to the outcomes
      for (std::size_t o = 0; o < n_out_; ++o) loading_part[o] = 0;
    } else {
      for (std::size_t f = 0; f < n_fac_; ++f) xi[f] = ziggurat_normal(s);
      for (std::size_t f = 0; f < n_fac_; ++f) score += t.index[static_cast<Eigen::Index>(f)] * xi[f];
      for (std::size_t o = 0; o < n_out_; ++o) {
        double a = 0;
        for (std::size_t f = 0; f < n_fac_; ++f) a += t.mix(static_cast<Eigen::Index>(o), static_cast<Eigen::Index>(f)) * xi[f];
        loading_part[o] = a;
      }
    }
    p.rank = 0.5 * std::erfc(-score / std::sqrt(2.0));
    p.quintile = std::min(4, static_cast<int>(5.0 * p.rank));
    return p;
  }

  /// Draws one individual's residuals and writes the liability of every step of
  /// the cell: liability[s] = (Λ·ξ)_o + σ_o·ε_{o,τ}, each outcome's residual
  /// from its own stream (numbers in the order of draw_residual).
  ///
  /// `ar1`: year by year, the outcomes' streams interleaved, drawing each normal
  /// where it is used, so that the generators and recursions of different
  /// outcomes overlap in the processor. `renewal`: outcome by outcome, all of
  /// an outcome's numbers first (draw_residual), then its residual as a select
  /// (ε stays until a renewal replaces it with the next normal): whether a
  /// residual renews is random, and a branch on it would be mispredicted.
  template <bool Renewal>
  [[gnu::flatten]] void draw_liabilities(std::uint64_t seed, std::uint64_t draw, std::size_t cell, std::int64_t i,
                                         const cell_tables& t, const double* __restrict loading_part,
                                         residual_scratch& r, double* __restrict liability) const {
    if constexpr (Renewal) {
      const double* __restrict sigma = t.sigma.data();
      for (std::size_t o = 0; o < n_out_; ++o) {
        const std::size_t first = t.outcome_begin[o], n = t.outcome_begin[o + 1] - first;
        if (n == 0) continue;
        pcg_stream stream(seed, stream_ids::microsimulation, draw, substream(cell, i, 1 + o));
        draw_residual<true>(stream, t, o, r);
        const std::uint32_t* __restrict list = t.by_outcome.data() + first;
        const double* __restrict z = r.normals.data() + first;
        const unsigned char* __restrict renew = r.renew.data() + first;
        const double lp = loading_part[o], sg = sigma[o];
        double e = 0;
        std::size_t next = 0;  // ≤ j at step j, so z[next] is in the block
        for (std::size_t j = 0; j < n; ++j) {
          const double candidate = z[next];
          e = renew[j] != 0 ? candidate : e;
          next += renew[j];
          liability[list[j]] = lp + sg * e;
        }
      }
    } else {
      year_by_year(seed, draw, cell, i, t, loading_part, r.eps.data(), r.streams, liability);
    }
  }

  /// draw_liabilities for `ar1`: the outcomes' streams interleaved year by year.
  [[gnu::flatten]] void year_by_year(std::uint64_t seed, std::uint64_t draw, std::size_t cell, std::int64_t i,
                                     const cell_tables& t, const double* __restrict loading_part,
                                     double* __restrict eps, std::vector<pcg_stream>& streams,
                                     double* __restrict liability) const {
    streams.clear();
    for (std::size_t o = 0; o < n_out_; ++o) {
      streams.emplace_back(seed, stream_ids::microsimulation, draw, substream(cell, i, 1 + o));
    }
    pcg_stream* __restrict stream = streams.data();
    const step* __restrict steps = t.steps.data();
    const double* __restrict sigma = t.sigma.data();
    const std::size_t n_steps = t.steps.size();
    for (std::size_t s = 0; s < n_steps; ++s) {
      const step& st = steps[s];
      const std::size_t o = st.outcome;
      double e = eps[o];
      if (st.first) {
        e = ziggurat_normal(stream[o]);
      } else if (st.fresh != 0) {
        e = st.keep * e + st.fresh * ziggurat_normal(stream[o]);
      }
      eps[o] = e;
      liability[s] = loading_part[o] + sigma[o] * e;
    }
  }

  /// Adds one individual's cases to the block's step-ordered sums (no excess
  /// mortality, so every year counts in full): sums[q][s] without and
  /// sums[5 + q][s] with the interventions, then the rank-weighted sums of each
  /// arm. One pass over contiguous arrays, which the compiler vectorises.
  static void add_cases(std::size_t n_steps, const double* __restrict liability,
                        const double* __restrict c_without, const double* __restrict k_without,
                        const double* __restrict c_with, const double* __restrict k_with, int quintile,
                        double centred, double* sums) {
    const auto q = static_cast<std::size_t>(quintile);
    double* __restrict without = sums + q * n_steps;
    double* __restrict with = sums + (5 + q) * n_steps;
    double* __restrict rank_without = sums + 10 * n_steps;
    double* __restrict rank_with = sums + 11 * n_steps;
    for (std::size_t s = 0; s < n_steps; ++s) {
      const double l = liability[s], k0 = k_without[s], k1 = k_with[s];  // loaded unconditionally: a select, not a branch
      const double y0 = l > c_without[s] ? k0 : 0.0;
      const double y1 = l > c_with[s] ? k1 : 0.0;
      without[s] += y0;
      with[s] += y1;
      rank_without[s] += centred * y0;
      rank_with[s] += centred * y1;
    }
  }

  /// Walks one individual's years in order: with excess mortality, adds the
  /// survival-weighted cases to @p acc ([q][τ][o] per arm, then the
  /// rank-weighted sums [τ][o]); when @p row is given, writes the individual's
  /// history rows there (columns as history_columns()).
  template <bool Excess>
  void walk_years(const cell_tables& t, const double* liability, const person& p, double* acc,
                  double* row, std::size_t k, std::size_t g, std::int64_t i, std::vector<double>& y_without,
                  std::vector<double>& y_with) const {
    const std::size_t n_steps = t.steps.size();
    const std::size_t span = static_cast<std::size_t>(max_length_) * n_out_;
    const double* c_without = t.threshold.data();
    const double* k_without = t.kappa.data();
    const double* c_with = t.threshold.data() + p.level * n_steps;
    const double* k_with = t.kappa.data() + p.level * n_steps;
    const std::size_t qo = static_cast<std::size_t>(p.quintile) * span;
    const double centred = p.rank - 0.5;
    const std::size_t h_cols = 9 + 2 * n_out_;
    double alive_without = 1, alive_with = 1;
    for (int tau = 0; tau < t.length; ++tau) {
      double excess_without = 0, excess_with = 0;
      if (row != nullptr) {
        std::fill(y_without.begin(), y_without.end(), 0.0);
        std::fill(y_with.begin(), y_with.end(), 0.0);
      }
      const std::uint32_t s_end = t.begin[static_cast<std::size_t>(tau) + 1];
      for (std::uint32_t s = t.begin[static_cast<std::size_t>(tau)]; s < s_end; ++s) {
        const step& st = t.steps[s];
        const double y0 = liability[s] > c_without[s] ? k_without[s] : 0.0;
        const double y1 = liability[s] > c_with[s] ? k_with[s] : 0.0;
        if constexpr (Excess) {
          const double w0 = alive_without * y0;
          const double w1 = alive_with * y1;
          acc[qo + st.index] += w0;
          acc[5 * span + qo + st.index] += w1;
          acc[10 * span + st.index] += centred * w0;
          acc[11 * span + st.index] += centred * w1;
          excess_without += st.hr_minus_1 * y0;
          excess_with += st.hr_minus_1 * y1;
        }
        if (row != nullptr) {
          y_without[st.outcome] = y0;
          y_with[st.outcome] = y1;
        }
      }
      if (row != nullptr) {
        double* r = row + static_cast<std::size_t>(tau) * h_cols;
        r[0] = static_cast<double>(k);
        r[1] = static_cast<double>(g);
        r[2] = static_cast<double>(i);
        r[3] = tau;
        r[4] = definition().start_age + tau;
        r[5] = static_cast<double>(p.level);
        r[6] = p.rank;
        for (std::size_t o = 0; o < n_out_; ++o) {
          r[7 + 2 * o] = y_without[o];
          r[8 + 2 * o] = y_with[o];
        }
        r[7 + 2 * n_out_] = alive_without;
        r[8 + 2 * n_out_] = alive_with;
      }
      const double q = t.death[static_cast<std::size_t>(tau)];
      alive_without *= 1.0 - std::min(1.0, q * (1.0 + excess_without));
      alive_with *= 1.0 - std::min(1.0, q * (1.0 + excess_with));
    }
  }

  /// Simulates individuals [begin, end) of cell (k, g), adding to @p acc (zero
  /// on entry): each individual's liabilities first, then its cases. Without
  /// excess mortality the cases are summed in step order over the block and
  /// moved to @p acc at its end; the sums, and so the results, do not depend on
  /// whether histories are recorded.
  template <bool Excess, bool Renewal>
  void simulate_block(std::uint64_t seed, std::uint64_t draw, std::size_t k, std::size_t g,
                      std::int64_t begin, std::int64_t end, const cell_tables& t, double* acc,
                      double* history) const {
    const std::size_t cell = k * n_sub_ + g;
    const std::size_t n_steps = t.steps.size();
    const std::size_t span = static_cast<std::size_t>(max_length_) * n_out_;
    std::vector<double> loading_part(n_out_), xi(n_fac_), liability(n_steps);
    std::vector<double> sums(Excess ? 0 : 12 * n_steps, 0.0);
    residual_scratch scratch(n_steps, n_out_);
    const std::int64_t history_n = history != nullptr ? spec_.history_individuals : 0;
    const Eigen::Index h_cols = static_cast<Eigen::Index>(9 + 2 * n_out_);
    const Eigen::Index h_offset = history != nullptr ? history_offset(k, g) : 0;
    std::vector<double> y_without(n_out_), y_with(n_out_);
    for (std::int64_t i = begin; i < end; ++i) {
      random_stream own(seed, stream_ids::microsimulation, draw, substream(cell, i, 0));
      const person p = draw_person(own, i, t, loading_part.data(), xi.data());
      draw_liabilities<Renewal>(seed, draw, cell, i, t, loading_part.data(), scratch, liability.data());
      if constexpr (!Excess) {
        add_cases(n_steps, liability.data(), t.threshold.data(), t.kappa.data(),
                  t.threshold.data() + p.level * n_steps, t.kappa.data() + p.level * n_steps, p.quintile,
                  p.rank - 0.5, sums.data());
      }
      double* row = i < history_n ? history + (h_offset + static_cast<Eigen::Index>(i * t.length)) * h_cols
                                  : nullptr;
      if (Excess || row != nullptr) walk_years<Excess>(t, liability.data(), p, acc, row, k, g, i, y_without, y_with);
    }
    if constexpr (!Excess) {
      for (std::size_t s = 0; s < n_steps; ++s) {
        const std::size_t index = t.steps[s].index;
        for (std::size_t q = 0; q < 5; ++q) {
          acc[q * span + index] += sums[q * n_steps + s];
          acc[(5 + q) * span + index] += sums[(5 + q) * n_steps + s];
        }
        acc[10 * span + index] += sums[10 * n_steps + s];
        acc[11 * span + index] += sums[11 * n_steps + s];
      }
    }
  }

  /// The numbers individuals [begin, end) of cell (k, g) consume, drawn by the
  /// simulation's own code (draw_person's draws, then draw_residual per
  /// outcome) from the same streams and inlined as draw_liabilities is
  /// (flatten): what generating them costs, and nothing else.
  [[gnu::flatten]] random_floor_result floor_block(std::uint64_t seed, std::uint64_t draw, std::size_t k,
                                                   std::size_t g, std::int64_t begin, std::int64_t end,
                                                   const cell_tables& t) const {
    const std::size_t cell = k * n_sub_ + g;
    const bool renewal = spec_.residual == residual_process::renewal;
    const std::size_t person_normals = std::max<std::size_t>(n_fac_, 1);
    std::vector<double> person_draws(person_normals + 1);
    residual_scratch scratch(t.steps.size(), n_out_);
    std::int64_t normals = 0, uniforms = 0;
    double sink = 0;
    for (std::int64_t i = begin; i < end; ++i) {
      random_stream own(seed, stream_ids::microsimulation, draw, substream(cell, i, 0));
      person_draws[0] = own.u01();
      for (std::size_t f = 0; f < person_normals; ++f) person_draws[1 + f] = ziggurat_normal(own);
      uniforms += 1;
      normals += static_cast<std::int64_t>(person_normals);
      for (std::size_t o = 0; o < n_out_; ++o) {
        const std::size_t n = t.outcome_begin[o + 1] - t.outcome_begin[o];
        if (n == 0) continue;
        pcg_stream stream(seed, stream_ids::microsimulation, draw, substream(cell, i, 1 + o));
        const std::size_t drawn = renewal ? draw_residual<true>(stream, t, o, scratch)
                                          : draw_residual<false>(stream, t, o, scratch);
        normals += static_cast<std::int64_t>(drawn);
        if (renewal) uniforms += static_cast<std::int64_t>(n - 1);
        sink += scratch.normals[t.outcome_begin[o] + static_cast<std::size_t>(i) % n];
      }
      sink += person_draws[static_cast<std::size_t>(i) % person_draws.size()];
    }
    random_floor_result out;
    out.normals = static_cast<double>(normals);
    out.uniforms = static_cast<double>(uniforms);
    out.sink = sink;
    return out;
  }

  /// Simulates cell (k, g) of the draw: w.path_cases (averted cases per member by
  /// year since entry), and the cell's accumulator totals in w.cell_acc.
  void simulate_cell(const double* row, std::uint64_t seed, std::uint64_t draw, std::size_t k,
                     std::size_t g, double* history, workspace& w) const {
    build_cell(row, k, g, w, true);
    const std::int64_t n = spec_.individuals;
    const std::int64_t block = block_size();
    const std::int64_t blocks = (n + block - 1) / block;
    const std::size_t size = acc_size();
    w.block_acc.assign(static_cast<std::size_t>(blocks) * size, 0.0);
    const bool renewal = spec_.residual == residual_process::renewal;
    const cell_tables& t = w.cell;
    double* slots = w.block_acc.data();
    auto run = [&](std::int64_t b) {
      const std::int64_t lo = b * block, hi = std::min(n, (b + 1) * block);
      double* acc = slots + static_cast<std::size_t>(b) * size;
      if (w.excess) {
        if (renewal) simulate_block<true, true>(seed, draw, k, g, lo, hi, t, acc, history);
        else simulate_block<true, false>(seed, draw, k, g, lo, hi, t, acc, history);
      } else {
        if (renewal) simulate_block<false, true>(seed, draw, k, g, lo, hi, t, acc, history);
        else simulate_block<false, false>(seed, draw, k, g, lo, hi, t, acc, history);
      }
    };
    if (blocks == 1) {
      run(0);
    } else {
      oneapi::tbb::parallel_for(std::int64_t{0}, blocks, run);
    }
    // Blocks added in order: independent of the thread count.
    w.cell_acc.assign(size, 0.0);
    for (std::int64_t b = 0; b < blocks; ++b) {
      const double* src = slots + static_cast<std::size_t>(b) * size;
      for (std::size_t j = 0; j < size; ++j) w.cell_acc[j] += src[j];
    }
    // Without excess mortality everyone has the same survival: applied here.
    const double inv_n = 1.0 / static_cast<double>(n);
    double alive = 1;
    for (int tau = 0; tau < t.length; ++tau) {
      const auto ty = static_cast<std::size_t>(tau);
      w.path_alive[ty] = w.excess ? inv_n : alive * inv_n;
      alive *= 1.0 - std::min(1.0, t.death[ty]);
    }
  }

  /// One draw: the cohort-form metrics (@p values, @p path, @p flows as
  /// evaluator::evaluate) and the distributional metrics (@p dist).
  void evaluate(const double* row, std::uint64_t seed, std::uint64_t draw, double* values, double* dist,
                float* path, double* flows, double* history, workspace& w) const {
    const model& md = definition();
    const std::size_t h = static_cast<std::size_t>(md.horizon);
    const std::size_t n_int = md.interventions.size();
    const std::size_t stride = flow_rows();
    const std::size_t span = static_cast<std::size_t>(max_length_) * n_out_;
    w.reset(h);
    w.pv_outcome.assign(n_out_ * payer_count, 0.0);
    w.pv_outcome_society.assign(n_out_, 0.0);
    w.outcome_undiscounted.assign(n_out_, 0.0);
    w.outcome_flows.assign(n_out_ * h, 0.0);
    w.cases.assign(n_out_, 0.0);
    w.cases_disc.assign(n_out_, 0.0);
    w.intervention_pv.assign(n_int, 0.0);
    w.sub_members.assign(n_sub_, 0.0);
    w.sub_participants.assign(n_sub_, 0.0);
    w.sub_costs.assign(n_sub_, 0.0);
    w.sub_benefits.assign(n_sub_, 0.0);
    w.sub_cases.assign(n_sub_ * n_out_, 0.0);
    w.quint_pv.assign(5, 0.0);
    w.quint_without.assign(5 * n_out_, 0.0);
    w.quint_averted.assign(5 * n_out_, 0.0);
    w.ci_num0.assign(n_out_, 0.0);
    w.ci_num1.assign(n_out_, 0.0);
    w.ci_den0.assign(n_out_, 0.0);
    w.ci_den1.assign(n_out_, 0.0);
    read_draw(row, w);
    const double dw = w.deadweight;

    // Intervention costs (as the cohort evaluator), and their share per subgroup.
    double participants_total = 0, members_total = 0;
    std::vector<double> cohort_size(md.cohorts.size());
    for (std::size_t c = 0; c < md.cohorts.size(); ++c) {
      const double size = internal::cohort_size(md, c, row);
      cohort_size[c] = size;
      members_total += size;
      for (std::size_t g = 0; g < n_sub_; ++g) {
        const double largest = internal::largest_reach(md, w, c, g);
        participants_total += size * w.shares[g] * largest;
        w.sub_participants[g] += size * w.shares[g] * largest;
        w.sub_members[g] += size * w.shares[g];
      }
    }
    std::vector<double> share_of_intervention(n_sub_);
    for (std::size_t i = 0; i < n_int; ++i) {
      const auto& iv = md.interventions[i];
      // Participants of intervention i by subgroup (the allocation key of its
      // start-up and yearly costs; by members if it has none).
      double total = 0;
      for (std::size_t g = 0; g < n_sub_; ++g) {
        double n = 0;
        for (std::size_t c = 0; c < md.cohorts.size(); ++c) {
          if (iv.cohorts[c] && md.cohorts[c].entry_year + iv.delivery_offset < md.horizon) {
            n += cohort_size[c] * w.shares[g] * w.reach[i * n_sub_ + g];
          }
        }
        share_of_intervention[g] = n;
        total += n;
      }
      for (std::size_t g = 0; g < n_sub_; ++g) {
        share_of_intervention[g] = total > 0 ? share_of_intervention[g] / total
                                   : members_total > 0 ? w.sub_members[g] / members_total : 0.0;
      }
      for (const auto& cost : iv.costs) {
        const double amount = internal::cost_amount(iv, cost, row);
        const auto kp = static_cast<std::size_t>(cost.who);
        const double society_factor = 1.0 + (kp <= 2 ? dw : 0.0);
        auto add = [&](std::size_t t, double x, const double* by_subgroup) {
          w.costs[kp * h + t] += x;
          w.intervention_pv[i] += x * layout().money_factor[t];
          for (std::size_t g = 0; g < n_sub_; ++g) {
            w.sub_costs[g] += x * by_subgroup[g] * society_factor * layout().money_factor[t];
          }
        };
        switch (cost.type) {
          case intervention_cost_type::start_up:
            if (static_cast<std::size_t>(cost.first_year) < h) {
              add(static_cast<std::size_t>(cost.first_year), amount, share_of_intervention.data());
            }
            break;
          case intervention_cost_type::per_year:
            for (int t = cost.first_year; t <= cost.last_year && t < md.horizon; ++t) {
              add(static_cast<std::size_t>(t), amount, share_of_intervention.data());
            }
            break;
          case intervention_cost_type::per_participant:
            for (std::size_t c = 0; c < md.cohorts.size(); ++c) {
              if (!iv.cohorts[c]) continue;
              const int t = md.cohorts[c].entry_year + iv.delivery_offset;
              if (t >= md.horizon) continue;
              double share = 0;
              std::vector<double> by(n_sub_);
              for (std::size_t g = 0; g < n_sub_; ++g) share += w.shares[g] * w.reach[i * n_sub_ + g];
              for (std::size_t g = 0; g < n_sub_; ++g) {
                by[g] = share > 0 ? w.shares[g] * w.reach[i * n_sub_ + g] / share : 0.0;
              }
              add(static_cast<std::size_t>(t), amount * cohort_size[c] * share, by.data());
            }
            break;
        }
      }
    }

    // Outcomes: one population of individuals per cohort class and subgroup.
    std::vector<double> unit_society(n_out_, 0.0), unit_public(n_out_, 0.0);
    for (std::size_t o = 0; o < n_out_; ++o) {
      for (std::size_t kp = 0; kp < payer_count; ++kp) {
        unit_society[o] += w.unit_cost[o * payer_count + kp];
        if (kp <= 2) unit_public[o] += w.unit_cost[o * payer_count + kp];
      }
    }
    for (std::size_t k = 0; k < classes(); ++k) {
      for (std::size_t g = 0; g < n_sub_; ++g) {
        if (w.shares[g] == 0) continue;
        simulate_cell(row, seed, draw, k, g, history, w);
        const auto length = static_cast<std::size_t>(layout().class_length[k]);
        const double* acc = w.cell_acc.data();
        // Averted cases per member, by year since entry.
        for (std::size_t tau = 0; tau < length; ++tau) {
          for (std::size_t o = 0; o < n_out_; ++o) {
            const std::size_t j = tau * n_out_ + o;
            double without = 0, with = 0;
            for (std::size_t q = 0; q < 5; ++q) {
              without += acc[q * span + j];
              with += acc[5 * span + q * span + j];
            }
            w.path_cases[j] = (without - with) * w.path_alive[tau];
          }
        }
        add_class(k, g, cohort_size, w);
        // Distribution: subgroup, risk quintile, concentration.
        const double* members = w.weight_members.data();
        const double* money = w.weight_money.data();
        for (std::size_t tau = 0; tau < length; ++tau) {
          const double scale = w.path_alive[tau];
          for (std::size_t o = 0; o < n_out_; ++o) {
            const std::size_t j = tau * n_out_ + o;
            const double cases = w.path_cases[j];
            w.sub_cases[g * n_out_ + o] += cases * members[tau];
            w.sub_benefits[g] += cases * (unit_society[o] + dw * unit_public[o]) * money[tau];
            for (std::size_t q = 0; q < 5; ++q) {
              const double wo = acc[q * span + j] * scale;
              const double wi = acc[5 * span + q * span + j] * scale;
              w.quint_without[q * n_out_ + o] += wo * members[tau];
              w.quint_averted[q * n_out_ + o] += (wo - wi) * members[tau];
              w.quint_pv[q] += (wo - wi) * unit_society[o] * money[tau];
              w.ci_den0[o] += wo * members[tau];
              w.ci_den1[o] += wi * members[tau];
            }
            w.ci_num0[o] += acc[10 * span + j] * scale * members[tau];
            w.ci_num1[o] += acc[11 * span + j] * scale * members[tau];
          }
        }
      }
    }

    // Perspectives and metrics (as the cohort evaluator).
    double* out = values;
    *out++ = participants_total;
    *out++ = members_total;
    out = write_flow_metrics(layout().money_factor, w, dw, out, path, flows, stride);
    if (flows != nullptr) {
      for (std::size_t t = 0; t < h; ++t) {
        for (std::size_t o = 0; o < n_out_; ++o) {
          flows[t * stride + 2 * (payer_count + perspective_count) + o] += w.outcome_flows[o * h + t];
        }
      }
    }
    for (std::size_t o = 0; o < n_out_; ++o) {
      *out++ = w.cases[o];
      *out++ = w.cases_disc[o];
      *out++ = w.pv_outcome_society[o];
      *out++ = 0.0;  // no links in the microsimulation
      *out++ = w.outcome_undiscounted[o];
      for (std::size_t kp = 0; kp < payer_count; ++kp) *out++ = w.pv_outcome[o * payer_count + kp];
    }
    for (std::size_t i = 0; i < n_int; ++i) *out++ = w.intervention_pv[i];
    *out++ = 0.0;  // links.pv_benefits

    // Distributional metrics.
    constexpr double missing = std::numeric_limits<double>::quiet_NaN();
    double* d = dist;
    for (std::size_t g = 0; g < n_sub_; ++g) {
      *d++ = w.sub_members[g];
      *d++ = w.sub_participants[g];
      *d++ = w.sub_costs[g];
      *d++ = w.sub_benefits[g];
      *d++ = w.sub_benefits[g] - w.sub_costs[g];
      for (std::size_t o = 0; o < n_out_; ++o) *d++ = w.sub_cases[g * n_out_ + o];
    }
    double pv_all = 0;
    for (std::size_t q = 0; q < 5; ++q) pv_all += w.quint_pv[q];
    for (std::size_t q = 0; q < 5; ++q) {
      *d++ = w.quint_pv[q];
      for (std::size_t o = 0; o < n_out_; ++o) {
        *d++ = w.quint_without[q * n_out_ + o];
        *d++ = w.quint_averted[q * n_out_ + o];
      }
    }
    *d++ = pv_all != 0 ? w.quint_pv[4] / pv_all : missing;
    for (std::size_t o = 0; o < n_out_; ++o) {
      *d++ = w.ci_den0[o] > 0 ? 2.0 * w.ci_num0[o] / w.ci_den0[o] : missing;
      *d++ = w.ci_den1[o] > 0 ? 2.0 * w.ci_num1[o] / w.ci_den1[o] : missing;
    }
  }

  /// Adds the averted cases per member of class k in subgroup g (w.path_cases)
  /// to the accounts, as evaluator::add_class does with its path.
  void add_class(std::size_t k, std::size_t g, const std::vector<double>& cohort_size, workspace& w) const {
    const model& md = definition();
    const std::size_t h = static_cast<std::size_t>(md.horizon);
    const auto length = static_cast<std::size_t>(layout().class_length[k]);
    double* members = w.weight_members.data();
    double* money = w.weight_money.data();
    double* effects = w.weight_effects.data();
    std::fill(members, members + length, 0.0);
    std::fill(money, money + length, 0.0);
    std::fill(effects, effects + length, 0.0);
    double resident = 1;
    for (std::size_t tau = 0; tau < length; ++tau) {
      w.path_resident[tau] = resident;
      resident *= 1.0 - w.out_migration;
    }
    for (std::size_t c = 0; c < md.cohorts.size(); ++c) {
      if (layout().cohort_class[c] != k) continue;
      const double n = cohort_size[c] * w.shares[g];
      if (n == 0) continue;
      const auto entry = static_cast<std::size_t>(md.cohorts[c].entry_year);
      const auto years = static_cast<std::size_t>(cohort_length(c));
      for (std::size_t tau = 0; tau < years; ++tau) {
        const std::size_t t = entry + tau;
        members[tau] += n;
        money[tau] += n * layout().money_factor[t];
        effects[tau] += n * layout().effects_factor[t];
        for (std::size_t o = 0; o < n_out_; ++o) {
          const double cases = w.path_cases[tau * n_out_ + o];
          if (cases == 0) continue;
          double society = 0;
          for (std::size_t kp = 0; kp < payer_count; ++kp) {
            const double avoided = cases * w.unit_cost[o * payer_count + kp];
            w.benefits[kp * h + t] += n * avoided;
            society += avoided;
          }
          w.own_municipality[t] += n * cases * w.unit_cost[o * payer_count] * w.path_resident[tau];
          w.outcome_flows[o * h + t] += n * society;
        }
      }
    }
    for (std::size_t tau = 0; tau < length; ++tau) {
      const double resident_money = money[tau] * w.path_resident[tau];
      for (std::size_t o = 0; o < n_out_; ++o) {
        const double cases = w.path_cases[tau * n_out_ + o];
        w.cases[o] += cases * members[tau];
        w.cases_disc[o] += cases * effects[tau];
        double society = 0;
        for (std::size_t kp = 0; kp < payer_count; ++kp) society += cases * w.unit_cost[o * payer_count + kp];
        w.pv_outcome_society[o] += society * money[tau];
        w.outcome_undiscounted[o] += society * members[tau];
        w.pv_outcome[o * payer_count] += cases * w.unit_cost[o * payer_count] * resident_money;
        for (std::size_t kp = 1; kp < payer_count; ++kp) {
          w.pv_outcome[o * payer_count + kp] += cases * w.unit_cost[o * payer_count + kp] * money[tau];
        }
      }
    }
  }

  /// Discount factors D(t + τ) of money and of effects by model year (as the
  /// cohort evaluator computes them).

  evaluator cohort_;
  microsim_spec spec_;
  std::size_t n_out_ = 0, n_sub_ = 0, n_fac_ = 0, cells_ = 0;
  std::vector<Eigen::MatrixXd> chol_;
  std::vector<Eigen::RowVectorXd> index_;
  std::vector<double> sigma_;
  int max_length_ = 1;
  std::vector<std::string> dist_columns_;
};

}  // namespace prevsim::prevention
