#pragma once
/// @file
/// Evaluation of a compiled cohort model for blocks of draws: the trace, the
/// rewards and their discounting.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "prevsim/cohort/compiled_model.hpp"
#include "prevsim/err/throw_error.hpp"
#include "prevsim/simd/instruction_set.hpp"

namespace prevsim::cohort {

/// Where a model failed while running (the first failing draw is reported).
struct evaluation_error {
  std::int64_t draw = -1;
  std::string message;
};

namespace internal {

// The lane loops below write through several pointers the compiler cannot
// prove distinct (the targets of one row are distinct rows of the next trace,
// never the values read): tell it so, or it leaves them scalar.
#if defined(__clang__)
#define PREVSIM_LANES_INDEPENDENT _Pragma("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define PREVSIM_LANES_INDEPENDENT _Pragma("GCC ivdep")
#else
#define PREVSIM_LANES_INDEPENDENT
#endif

// Inside a lane loop, the loops over a row's entries and flow terms are
// written out at compile time (static_for): a loop left nested in the lane
// loop, which GCC does not always unroll first, stops it vectorising.
template <std::size_t... I, class F>
inline void static_for(std::index_sequence<I...>, F&& f) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}
template <std::size_t N, class F>
inline void static_for(F&& f) {
  static_for(std::make_index_sequence<N>(), f);
}

/// Rows with at most this many entries are moved by move_row<K>; longer rows
/// take the entry-by-entry path (same arithmetic, more passes).
inline constexpr std::size_t max_fused_entries = 6;

/// flow[e] for the one entry e that is[e] marks as 1 (flow[0] if none): a chain of
/// selects on a condition that is the same in every lane.
template <std::size_t K>
inline double select_flow(const double* flow, const double* is) {
  double f = flow[0];
  static_for<K>([&](auto e) { f = is[e] != 0.0 ? flow[e] : f; });
  return f;
}

/// The flow sums a row's pass adds to. Term i adds weight[i]·flow to sum[i],
/// where the flow is m·probs of the pass's entry entry[i] (the entry's
/// position in the pass, as in move_row's arrays): one term per flow and kind
/// of sum (cost discounting, effect discounting, undiscounted).
struct flow_terms {
  std::size_t count = 0;
  const std::size_t* entry = nullptr;
  const double* weight = nullptr;
  double* const* sum = nullptr;
};

/// The T flow terms of a pass, unpacked for its lane loop: term i adds
/// weight[i] times the flow of the entry that is[i] marks to sum[i].
template <std::size_t K, std::size_t T>
struct lane_terms {
  double is[T > 0 ? T : 1][K] = {};  // 1 for the term's entry, else 0
  double weight[T > 0 ? T : 1] = {};
  double* sum[T > 0 ? T : 1] = {};

  explicit lane_terms(const flow_terms& terms) {
    for (std::size_t i = 0; i < T; ++i) {
      for (std::size_t e = 0; e < K; ++e) is[i][e] = terms.entry[i] == e ? 1.0 : 0.0;
      weight[i] = terms.weight[i];
      sum[i] = terms.sum[i];
    }
  }
  /// Adds lane b's terms, from the flows of its K entries.
  void add(const double* flow, std::size_t b) const {
    static_for<T>([&](auto i) { sum[i][b] += weight[i] * select_flow<K>(flow, is[i]); });
  }
};

/// Rows with at most this many flow terms add them inside move_row; a row
/// with more stores its probabilities and adds them in a pass of their own.
inline constexpr std::size_t max_fused_terms = 4;

/// One transition row applied to one array of occupancy, in a single pass over
/// the lanes: the K entries' values are clamped to [0, 1] and checked (1e-12
/// slack), the complement, if any (then the last entry), takes the rest of the
/// row (checked to be >= −1e-9), or the row is checked to sum to 1 (1e-9); the
/// cohort moves, targets[e] += m·probs[e], and the T flow terms are added
/// (sum[i] += weight[i]·m·probs[entry[i]], the same product). With Store, the
/// probabilities are also written to probs[e] (for a later reader); without,
/// they stay in registers. Returns nonzero if any check failed; the caller
/// then finds and reports the first failure in the documented order.
///
/// Why fused: done entry by entry this is 2K + 1 passes over the block, and
/// one more per flow term, with the probabilities and the row sum going
/// through memory; here each lane does the same operations in the same order,
/// so the results are the same bit for bit, in one pass.
template <std::size_t K, bool Complement, std::size_t T, bool Store>
PREVSIM_NO_TRAPPING_MATH int move_row(const double* const* values, double* const* probs,
                                      double* const* targets, const double* m, std::size_t lanes,
                                      const flow_terms& terms) {
  constexpr std::size_t given = Complement ? K - 1 : K;
  const double* v[K];
  double* p[K];
  double* to[K];
  for (std::size_t e = 0; e < K; ++e) {
    v[e] = values[e];
    p[e] = probs[e];
    to[e] = targets[e];
  }
  const lane_terms<K, T> lane(terms);
  // Written as selects (which vectorise) rather than branches; `bad` is a
  // double flag because GCC vectorises a conditional double assignment but not
  // an int reduction of double comparisons. NaN fails both comparisons of the
  // check and passes through the clamp, as in row_probabilities.
  double bad = 0.0;
  PREVSIM_LANES_INDEPENDENT
  for (std::size_t b = 0; b < lanes; ++b) {
    double q[K];
    double sum = 0.0;
    static_for<given>([&](auto e) {
      const double x = v[e][b];
      const bool ok = (x >= -1e-12) & (x <= 1 + 1e-12);
      bad = ok ? bad : 1.0;
      const double y = x < 0.0 ? 0.0 : x;
      q[e] = y > 1.0 ? 1.0 : y;
      sum += q[e];
    });
    if constexpr (Complement) {
      const double c = 1.0 - sum;
      bad = c < -1e-9 ? 1.0 : bad;
      q[K - 1] = c < 0.0 ? 0.0 : c;
    } else {
      const bool ok = !(sum - 1.0 > 1e-9) & !(1.0 - sum > 1e-9);
      bad = ok ? bad : 1.0;
    }
    const double mb = m[b];
    double flow[K];
    static_for<K>([&](auto e) {
      flow[e] = mb * q[e];
      if constexpr (Store) p[e][b] = q[e];
      to[e][b] += flow[e];
    });
    lane.add(flow, b);
  }
  return bad != 0.0;
}

/// As move_row for a row whose probabilities are known already (a row that
/// varies neither with the draw's time nor with time in state, computed and
/// checked once per block): targets[e] += m·probs[e] and the T flow terms, in
/// one pass.
template <std::size_t K, std::size_t T>
void move_known_row(const double* const* probs, double* const* targets, const double* m,
                    std::size_t lanes, const flow_terms& terms) {
  const double* p[K];
  double* to[K];
  for (std::size_t e = 0; e < K; ++e) {
    p[e] = probs[e];
    to[e] = targets[e];
  }
  const lane_terms<K, T> lane(terms);
  PREVSIM_LANES_INDEPENDENT
  for (std::size_t b = 0; b < lanes; ++b) {
    const double mb = m[b];
    double flow[K];
    static_for<K>([&](auto e) {
      flow[e] = mb * p[e][b];
      to[e][b] += flow[e];
    });
    lane.add(flow, b);
  }
}

/// The flow terms in a pass of their own, from stored probabilities (the
/// same operations as inside move_row).
inline void add_flow_terms(const flow_terms& terms, double* const* probs, const double* m,
                           std::size_t lanes) {
  for (std::size_t i = 0; i < terms.count; ++i) {
    const double* p = probs[terms.entry[i]];
    double* sum = terms.sum[i];
    const double w = terms.weight[i];
    for (std::size_t b = 0; b < lanes; ++b) sum[b] += w * (m[b] * p[b]);
  }
}

/// f(std::integral_constant<std::size_t, N>{}) for N = n, First <= n <= Last
/// (an n outside takes the nearer end): a run-time count as a compile-time one.
template <std::size_t First, std::size_t Last, class F>
decltype(auto) with_constant(std::size_t n, F&& f) {
  if constexpr (First == Last) {
    return f(std::integral_constant<std::size_t, Last>{});
  } else {
    if (n <= First) return f(std::integral_constant<std::size_t, First>{});
    return with_constant<First + 1, Last>(n, std::forward<F>(f));
  }
}

/// move_row for any K and any number of flow terms (and no values: a known
/// row). The terms go into the row's pass when there are at most
/// max_fused_terms and the probabilities need not be stored (@p store false:
/// nothing reads them later); otherwise the probabilities are stored and the
/// terms take a pass of their own — the rarer cases, kept out of the fused
/// kernels to keep their number down. Rows longer than max_fused_entries go
/// entry by entry. The arithmetic of each lane is the same on every path.
inline int move_row_any(std::size_t k, bool complement, bool store, const double* const* values,
                        double* const* probs, double* const* targets, const double* m,
                        std::size_t lanes, const flow_terms& terms) {
  const bool few_terms = terms.count <= max_fused_terms;
  const flow_terms none{};
  int bad = 0;
  bool terms_added = false;
  if (k == 0 || k > max_fused_entries) {
    // A long row: the same operations, entry by entry, through memory.
    if (!values) {
      for (std::size_t e = 0; e < k; ++e) {
        move_known_row<1, 0>(probs + e, targets + e, m, lanes, none);
      }
    } else {
      const std::size_t given = complement ? k - 1 : k;
      std::vector<double> sum(lanes, 0.0);
      for (std::size_t e = 0; e < given; ++e) {
        for (std::size_t b = 0; b < lanes; ++b) {
          const double x = values[e][b];
          bad |= static_cast<int>(!(x >= -1e-12 && x <= 1 + 1e-12));
          const double q = x < 0 ? 0.0 : (x > 1 ? 1.0 : x);
          probs[e][b] = q;
          sum[b] += q;
        }
      }
      for (std::size_t b = 0; b < lanes; ++b) {
        if (complement) {
          const double c = 1.0 - sum[b];
          bad |= static_cast<int>(c < -1e-9);
          probs[k - 1][b] = c < 0 ? 0.0 : c;
        } else {
          bad |= static_cast<int>(sum[b] - 1.0 > 1e-9) | static_cast<int>(1.0 - sum[b] > 1e-9);
        }
      }
      for (std::size_t e = 0; e < k; ++e) {
        for (std::size_t b = 0; b < lanes; ++b) targets[e][b] += m[b] * probs[e][b];
      }
    }
  } else if (!values) {
    const flow_terms& fused = few_terms ? terms : none;
    terms_added = few_terms;
    with_constant<1, max_fused_entries>(k, [&](auto entries) {
      with_constant<0, max_fused_terms>(fused.count, [&](auto count) {
        move_known_row<decltype(entries)::value, decltype(count)::value>(probs, targets, m, lanes,
                                                                         fused);
      });
    });
  } else {
    // With few terms and nothing reading the probabilities later, both stay
    // in the row's pass; otherwise the probabilities are stored.
    const bool fuse = few_terms && !store;
    terms_added = fuse;
    bad = with_constant<1, max_fused_entries>(k, [&](auto entries) {
      constexpr std::size_t K = decltype(entries)::value;
      if (!fuse) {
        return complement ? move_row<K, true, 0, true>(values, probs, targets, m, lanes, none)
                          : move_row<K, false, 0, true>(values, probs, targets, m, lanes, none);
      }
      return with_constant<0, max_fused_terms>(terms.count, [&](auto count) {
        constexpr std::size_t T = decltype(count)::value;
        return complement ? move_row<K, true, T, false>(values, probs, targets, m, lanes, terms)
                          : move_row<K, false, T, false>(values, probs, targets, m, lanes, terms);
      });
    });
  }
  if (!terms_added) add_flow_terms(terms, probs, m, lanes);
  return bad;
}

}  // namespace internal

/// Evaluates a compiled model for a block of `lanes` draws at once (structure of
/// arrays: every quantity is an array over the lanes, so each step is a loop
/// the compiler vectorises). Per lane, the results depend on that lane's
/// parameters only.
///
/// Conventions (docs/cohort.md): trace row t is the cohort at time t·Δ, row 0
/// the start distribution; cycle t moves row t to row t + 1. State rewards of
/// cycle t use the counting method and are discounted at (t + τ)Δ; with the
/// row-based methods (simpson, darth) each row i = 0..T has a weight and is
/// discounted at iΔ. Transition rewards of cycle t are discounted at (t + 1)Δ
/// (they happen by the end of the cycle); only darth weights them (by row t + 1).
class block_engine {
 public:
  block_engine(const compiled_model& m, std::size_t lanes)
      : m_(m), lanes_(lanes), bank_(m.slot_count() * lanes), results_(m.programs().size()),
        temp_sum_(lanes) {
    // Each program has a scratch area of its own, so its constants are written
    // once per block and its result stays where it was computed.
    scratch_offsets_.resize(m.programs().size() + 1, 0);
    for (std::size_t p = 0; p < m.programs().size(); ++p) {
      scratch_offsets_[p + 1] = scratch_offsets_[p] + m.programs()[p].registers() * lanes;
    }
    scratch_.resize(scratch_offsets_.back() + 1);
    for (std::size_t p = 0; p < m.programs().size(); ++p) {
      m.programs()[p].prepare(lanes, &scratch_[scratch_offsets_[p]]);
    }
    const std::size_t n = m.description().states.size();
    offsets_.resize(n + 1, 0);
    for (std::size_t s = 0; s < n; ++s) {
      offsets_[s + 1] = offsets_[s] + static_cast<std::size_t>(m.tracked(s));
    }
    occupancy_.resize(offsets_[n] * lanes);
    entry_values_.resize(n * lanes);
    group_kind_.resize(m.row_group_count());
    group_cache_.resize(m.row_group_count());
    for (std::size_t g = 0; g < m.row_group_count(); ++g) {
      group_kind_[g] = kind_of_group(g);
      const auto [si, from] = m.row_group_definition(g);
      group_cache_[g].resize(m.strategies()[si].rows[from].entries.size() * lanes);
    }
    summed_state_.assign(n, false);
    for (const auto& plan : m.strategies()) {
      for (const auto& by_state : plan.state_values) {
        for (std::size_t st = 0; st < n; ++st) summed_state_[st] = summed_state_[st] || is_fixed(by_state[st]);
      }
    }
    slot_read_.assign(m.slot_count(), false);
    for (const auto& program : m.programs()) {
      for (const auto slot : program.slots_read()) slot_read_[slot] = true;
    }
    slots_of_program_.resize(m.programs().size());
    for (const auto& [program, slot] : m.derived_slots()) slots_of_program_[program].push_back(slot);
    same_discounting_ = m.same_discounting();
    plan_rows();
    plan_flows();
    plan_unread_states();
  }

  /// The slot of parameter column @p c for lane @p b: fill before run().
  double& parameter(std::size_t c, std::size_t b) { return bank_[c * lanes_ + b]; }

  /// Runs every strategy for the block. Writes discounted and undiscounted
  /// totals to out_disc / out_undisc: [strategy·R + reward] arrays over lanes
  /// (each a pointer to `lanes` doubles). @p trace, if given, receives for
  /// strategy @p trace_strategy and lane 0 the (T+1) × states occupancy.
  /// Returns false and fills @p error (with lane index as draw) on a model error.
  bool run(std::vector<double>& out_disc, std::vector<double>& out_undisc,
           evaluation_error& error, Eigen::MatrixXd* trace = nullptr,
           std::size_t trace_strategy = 0) {
    const auto& d = m_.description();
    const std::size_t n_states = d.states.size();
    const std::size_t n_rewards = d.rewards.size();
    const std::size_t n_strategies = m_.strategies().size();
    const int cycles = d.cycles;
    const counting method = *d.counting_method;
    out_disc.assign(n_strategies * n_rewards * lanes_, 0.0);
    out_undisc.assign(n_strategies * n_rewards * lanes_, 0.0);
    if (trace) trace->setZero(cycles + 1, static_cast<Eigen::Index>(n_states));
    skip_unread_ = trace == nullptr;
    const std::size_t n_traces = m_.trace_group_count();
    trace_occupancy_.resize(n_traces);
    trace_next_.resize(n_traces);

    // Programs that depend on the draw only (or nothing) are evaluated once.
    set_time(0);
    for (std::size_t p = 0; p < m_.programs().size(); ++p) {
      if (!(m_.programs()[p].dependence() & (expr::depends::time | expr::depends::state_time))) {
        evaluate(p);
      }
    }
    occupancy_sums_.resize(n_traces);
    for (auto& sums : occupancy_sums_) sums.assign(3 * n_states * lanes_, 0.0);
    for (std::size_t g = 0; g < n_traces; ++g) {
      if (!start(m_.strategies()[trace_definer_[g]], error)) return false;
      trace_occupancy_[g] = occupancy_;
      trace_next_[g].assign(occupancy_.size(), 0.0);
      flow_sums_[g].assign(3 * flows_[g].size() * lanes_, 0.0);
    }
    if (trace) record(*trace, 0, trace_occupancy_[m_.trace_group(trace_strategy)]);
    if (!compute_groups(row_kind::fixed, 0, error)) return false;
    // Cycle by cycle; time-dependent programs once per cycle for all strategies.
    for (int t = 0; t < cycles; ++t) {
      set_time(t);
      evaluate_time_dependent();
      // Advance each distinct trace once (its first strategy defines it); the
      // probabilities are checked on the way, and a failure is then reported
      // as the checks in their documented order find it.
      int bad = 0;
      for (std::size_t g = 0; g < n_traces; ++g) {
        clear_next(g);
        bad |= advance(g, t, trace_occupancy_[g], trace_next_[g]);
      }
      if (bad) return report_row_error(t, error);
      // Occupancy sums of each trace, for the values that do not vary with time.
      for (std::size_t g = 0; g < n_traces; ++g) {
        if (m_.row_based()) {
          sum_occupancy(g, trace_occupancy_[g], m_.row_weight(t), t);
        } else if (method == counting::beginning) {
          sum_occupancy(g, trace_occupancy_[g], 1.0, t);
        } else if (method == counting::end) {
          sum_occupancy(g, trace_next_[g], 1.0, t);
        } else {
          sum_occupancy(g, trace_occupancy_[g], 0.5, t);
          sum_occupancy(g, trace_next_[g], 0.5, t);
        }
      }
      // Rewards of every strategy on its trace.
      for (std::size_t si = 0; si < n_strategies; ++si) {
        const auto& plan = m_.strategies()[si];
        const std::size_t g = m_.trace_group(si);
        const auto& now = trace_occupancy_[g];
        const auto& next = trace_next_[g];
        double* disc = &out_disc[si * n_rewards * lanes_];
        double* undisc = &out_undisc[si * n_rewards * lanes_];
        if (!add_transition_rewards(si, t, now, disc, undisc, error)) return false;
        // State rewards of cycle t (or trace row t for the row-based methods).
        if (m_.row_based()) {
          add_state_rewards(plan, now, m_.row_weight(t), t, disc, undisc);
        } else if (method == counting::beginning) {
          add_state_rewards(plan, now, 1.0, t, disc, undisc);
        } else if (method == counting::end) {
          add_state_rewards(plan, next, 1.0, t, disc, undisc);
        } else {
          add_state_rewards(plan, now, 0.5, t, disc, undisc);
          add_state_rewards(plan, next, 0.5, t, disc, undisc);
        }
      }
      for (std::size_t g = 0; g < n_traces; ++g) trace_occupancy_[g].swap(trace_next_[g]);
      if (trace) record(*trace, t + 1, trace_occupancy_[m_.trace_group(trace_strategy)]);
    }
    if (m_.row_based()) {  // the last trace row, valued at t = T
      set_time(cycles);
      evaluate_time_dependent();
      for (std::size_t g = 0; g < n_traces; ++g) {
        sum_occupancy(g, trace_occupancy_[g], m_.row_weight(cycles), cycles);
      }
      for (std::size_t si = 0; si < n_strategies; ++si) {
        add_state_rewards(m_.strategies()[si], trace_occupancy_[m_.trace_group(si)],
                          m_.row_weight(cycles),
                          cycles, &out_disc[si * n_rewards * lanes_],
                          &out_undisc[si * n_rewards * lanes_]);
      }
    }
    // Values that do not vary with time: value × occupancy sum, once.
    for (std::size_t si = 0; si < n_strategies; ++si) {
      const auto& plan = m_.strategies()[si];
      const auto& sums = occupancy_sums_[m_.trace_group(si)];
      for (std::size_t r = 0; r < n_rewards; ++r) {
        const std::size_t kind = d.rewards[r].is_cost || same_discounting_ ? 0 : 1;
        double* dd = &out_disc[(si * n_rewards + r) * lanes_];
        double* uu = &out_undisc[(si * n_rewards + r) * lanes_];
        for (std::size_t st = 0; st < n_states; ++st) {
          const int p = plan.state_values[r][st];
          if (!is_fixed(p)) continue;
          const double* v = value(p);
          const double* discounted = &sums[(kind * n_states + st) * lanes_];
          const double* plain = &sums[(2 * n_states + st) * lanes_];
          for (std::size_t b = 0; b < lanes_; ++b) {
            dd[b] += v[b] * discounted[b];
            uu[b] += v[b] * plain[b];
          }
        }
      }
    }
    // Transition values that do not vary with time: value × flow sum, once.
    for (std::size_t si = 0; si < n_strategies; ++si) {
      const auto& plan = m_.strategies()[si];
      const std::size_t g = m_.trace_group(si);
      const std::size_t n_flows = flows_[g].size();
      for (std::size_t k = 0; k < plan.transition_rewards.size(); ++k) {
        const long slot = flow_of_reward_[si][k];
        if (slot < 0) continue;
        const auto& tr = plan.transition_rewards[k];
        const std::size_t kind = d.rewards[tr.reward].is_cost || same_discounting_ ? 0 : 1;
        const double* v = value(tr.program);
        const double* discounted =
            &flow_sums_[g][(kind * n_flows + static_cast<std::size_t>(slot)) * lanes_];
        const double* plain =
            &flow_sums_[g][(2 * n_flows + static_cast<std::size_t>(slot)) * lanes_];
        double* dd = &out_disc[(si * n_rewards + tr.reward) * lanes_];
        double* uu = &out_undisc[(si * n_rewards + tr.reward) * lanes_];
        for (std::size_t b = 0; b < lanes_; ++b) {
          dd[b] += v[b] * discounted[b];
          uu[b] += v[b] * plain[b];
        }
      }
    }
    for (std::size_t si = 0; si < n_strategies; ++si) {
      for (std::size_t r = 0; r < n_rewards; ++r) {
        const double* total = &out_disc[(si * n_rewards + r) * lanes_];
        for (std::size_t b = 0; b < lanes_; ++b) {
          if (!std::isfinite(total[b])) return fail_total(si, r, b, total[b], error);
        }
      }
    }
    return true;
  }

 private:
  // Fills the time variables and series of time t (those a program reads).
  void set_time(int t) {
    const auto& d = m_.description();
    fill_time_slot(m_.cycle_slot(), static_cast<double>(t));
    fill_time_slot(m_.time_slot(), t * d.cycle_length);
    fill_time_slot(m_.age_slot(), d.start_age + t * d.cycle_length);
    for (std::size_t j = 0; j < m_.series_count(); ++j) {
      fill_time_slot(m_.series_slot(j), m_.series(j, t));
    }
  }
  void fill_time_slot(std::size_t slot, double v) {
    if (slot_read_[slot]) fill_slot(slot, v);
  }
  void fill_slot(std::size_t slot, double v) {
    std::fill_n(bank_.begin() + static_cast<std::ptrdiff_t>(slot * lanes_), lanes_, v);
  }
  void evaluate(std::size_t p) {
    results_[p] = m_.programs()[p].execute(bank_.data(), lanes_, &scratch_[scratch_offsets_[p]]);
    for (const std::size_t slot : slots_of_program_[p]) {
      std::copy_n(results_[p], lanes_, bank_.begin() + static_cast<std::ptrdiff_t>(slot * lanes_));
    }
  }
  void evaluate_time_dependent() {
    for (std::size_t p = 0; p < m_.programs().size(); ++p) {
      const unsigned dep = m_.programs()[p].dependence();
      if ((dep & expr::depends::time) && !(dep & expr::depends::state_time)) evaluate(p);
    }
  }
  const double* value(int p) const { return results_[static_cast<std::size_t>(p)]; }
  /// Program p evaluated with time_in_state = tau (when it depends on it).
  const double* value_at(int p, int tau) {
    const auto index = static_cast<std::size_t>(p);
    const auto& prog = m_.programs()[index];
    if (!(prog.dependence() & expr::depends::state_time)) return value(p);
    fill_slot(m_.state_time_slot(), static_cast<double>(tau));
    return prog.execute(bank_.data(), lanes_, &scratch_[scratch_offsets_[index]]);
  }

  bool start(const compiled_model::strategy_plan& plan, evaluation_error& error) {
    const auto& d = m_.description();
    std::fill(occupancy_.begin(), occupancy_.end(), 0.0);
    std::vector<double> sum(lanes_, 0.0);
    for (std::size_t s = 0; s < d.states.size(); ++s) {
      if (plan.start[s] == compiled_model::none) continue;
      const double* v = value(plan.start[s]);
      double* m = &occupancy_[offsets_[s] * lanes_];  // time in state 1
      for (std::size_t b = 0; b < lanes_; ++b) {
        if (!(v[b] >= 0)) return fail_start_share(plan, s, b, v[b], error);
        m[b] = v[b];
        sum[b] += v[b];
      }
    }
    for (std::size_t b = 0; b < lanes_; ++b) {
      if (std::fabs(sum[b] - 1.0) > 1e-9) return fail_start_sum(plan, b, sum[b], error);
    }
    return true;
  }

  // The probabilities of row `from` (time in state tau) into probs (entries ×
  // lanes), clamped and checked: false with error filled on a bad value.
  bool row_probabilities(const compiled_model::strategy_plan& plan, std::size_t from, int tau,
                         int t, double* probs, evaluation_error& error) {
    const auto& row = plan.rows[from];
    double* sum = temp_sum_.data();
    std::fill(temp_sum_.begin(), temp_sum_.end(), 0.0);
    for (std::size_t e = 0; e < row.entries.size(); ++e) {
      const auto& en = row.entries[e];
      if (en.program == compiled_model::none) continue;
      double* p = probs + e * lanes_;
      const double* v = row.uses_state_time ? value_at(en.program, tau) : value(en.program);
      bool bad = false;
      for (std::size_t b = 0; b < lanes_; ++b) {
        const double x = v[b];
        bad |= !(x >= -1e-12 && x <= 1 + 1e-12);
        const double clamped = x < 0 ? 0.0 : (x > 1 ? 1.0 : x);
        p[b] = clamped;
        sum[b] += clamped;
      }
      if (bad) return fail_entry(plan, en, t, v, error);
    }
    int bad = 0;
    if (row.complement != compiled_model::none) {
      double* p = probs + static_cast<std::size_t>(row.complement) * lanes_;
      for (std::size_t b = 0; b < lanes_; ++b) {
        const double c = 1.0 - sum[b];
        bad |= static_cast<int>(c < -1e-9);
        p[b] = c < 0 ? 0.0 : c;
      }
    } else {
      for (std::size_t b = 0; b < lanes_; ++b) {
        bad |= static_cast<int>(sum[b] - 1.0 > 1e-9) | static_cast<int>(1.0 - sum[b] > 1e-9);
      }
    }
    if (bad) return fail_row(plan, from, t, sum, error);
    return true;
  }

  // The messages of the checks above, kept out of line (PREVSIM_COLD) so that
  // the per-instruction-set copies of run() carry only the checks. Each fills
  // @p error for the first failing lane and returns false.
  PREVSIM_COLD bool fail_total(std::size_t si, std::size_t r, std::size_t b, double total,
                               evaluation_error& error) const {
    error = {static_cast<std::int64_t>(b),
             "strategy '" + m_.strategies()[si].name + "': the total of '" +
                 m_.description().rewards[r].name + "' is " + err::format_value(total) +
                 ", but must be finite (check its values for division by zero or overflow)"};
    return false;
  }
  PREVSIM_COLD bool fail_start_share(const compiled_model::strategy_plan& plan, std::size_t s,
                                     std::size_t b, double v, evaluation_error& error) const {
    error = {static_cast<std::int64_t>(b),
             "strategy '" + plan.name + "': the start share of '" + m_.description().states[s] +
                 "' ('" + m_.programs()[static_cast<std::size_t>(plan.start[s])].source() +
                 "') is " + err::format_value(v) + ", but must be >= 0"};
    return false;
  }
  PREVSIM_COLD bool fail_start_sum(const compiled_model::strategy_plan& plan, std::size_t b,
                                   double sum, evaluation_error& error) const {
    error = {static_cast<std::int64_t>(b), "strategy '" + plan.name +
                                               "': the sum of the start shares is " +
                                               err::format_value(sum) +
                                               ", but must be 1 (within 1e-9)"};
    return false;
  }
  PREVSIM_COLD bool fail_entry(const compiled_model::strategy_plan& plan,
                               const compiled_model::entry& en, int t, const double* v,
                               evaluation_error& error) const {
    std::size_t b = 0;
    while (b + 1 < lanes_ && v[b] >= -1e-12 && v[b] <= 1 + 1e-12) ++b;
    error = {static_cast<std::int64_t>(b),
             "strategy '" + plan.name + "', cycle " + std::to_string(t + 1) +
                 ": the probability of " + en.label + " ('" +
                 m_.programs()[static_cast<std::size_t>(en.program)].source() + "') is " +
                 err::format_value(v[b]) + ", but must be within [0, 1]" +
                 inputs_of(static_cast<std::size_t>(en.program), b)};
    return false;
  }
  PREVSIM_COLD bool fail_row(const compiled_model::strategy_plan& plan, std::size_t from, int t,
                             const double* sum, evaluation_error& error) const {
    const bool complement = plan.rows[from].complement != compiled_model::none;
    std::size_t b = 0;
    while (b + 1 < lanes_ &&
           !(complement ? 1.0 - sum[b] < -1e-9 : std::fabs(sum[b] - 1.0) > 1e-9)) {
      ++b;
    }
    error = {static_cast<std::int64_t>(b),
             "strategy '" + plan.name + "', cycle " + std::to_string(t + 1) +
                 ": the sum of the transition probabilities out of '" +
                 m_.description().states[from] + "' is " + err::format_value(sum[b]) +
                 (complement ? " before the complement ('C'), but must be at most 1"
                             : ", but must be 1 (within 1e-9); give one entry as 'C' for the "
                               "rest of the row")};
    return false;
  }

  // Whether group g's probabilities vary with time (recomputed every cycle),
  // with time in state (computed inside step, per time in state), or with
  // neither (computed once per block).
  enum class row_kind { fixed, per_cycle, per_time_in_state };
  row_kind kind_of_group(std::size_t g) const {
    const auto [si, from] = m_.row_group_definition(g);
    const auto& row = m_.strategies()[si].rows[from];
    if (row.uses_state_time) return row_kind::per_time_in_state;
    for (const auto& e : row.entries) {
      if (e.program != compiled_model::none &&
          (m_.programs()[static_cast<std::size_t>(e.program)].dependence() & expr::depends::time)) {
        return row_kind::per_cycle;
      }
    }
    return row_kind::fixed;
  }

  // Computes every group of the given kind into group_cache_ (for cycle t).
  bool compute_groups(row_kind kind, int t, evaluation_error& error) {
    for (std::size_t g = 0; g < m_.row_group_count(); ++g) {
      if (group_kind_[g] != kind) continue;
      const auto [si, from] = m_.row_group_definition(g);
      if (!row_probabilities(m_.strategies()[si], from, 1, t, group_cache_[g].data(), error)) {
        return false;
      }
    }
    return true;
  }

  // The probabilities of row `from` of strategy si, for time in state tau.
  const double* probabilities(std::size_t si, std::size_t from, int tau, int t,
                              evaluation_error& error) {
    const auto group = static_cast<std::size_t>(m_.row_group(si, from));
    if (group_kind_[group] != row_kind::per_time_in_state) return group_cache_[group].data();
    if (!row_probabilities(m_.strategies()[si], from, tau, t, entry_values_.data(), error)) {
      return nullptr;
    }
    return entry_values_.data();
  }

  // Per row group: its entries in the order move_row takes them (the
  // complement, if any, last; the others in row order, so the row sum adds
  // them in the same order as row_probabilities).
  struct row_plan {
    std::vector<std::size_t> order;
    bool complement = false;
  };
  void plan_rows() {
    row_plans_.resize(m_.row_group_count());
    for (std::size_t g = 0; g < m_.row_group_count(); ++g) {
      const auto [si, from] = m_.row_group_definition(g);
      const auto& row = m_.strategies()[si].rows[from];
      auto& plan = row_plans_[g];
      for (std::size_t e = 0; e < row.entries.size(); ++e) {
        if (static_cast<int>(e) != row.complement) plan.order.push_back(e);
      }
      if (row.complement != compiled_model::none) {
        plan.order.push_back(static_cast<std::size_t>(row.complement));
        plan.complement = true;
      }
    }
    const std::size_t n = m_.description().states.size();
    row_values_.resize(n);
    row_probs_.resize(n);
    row_targets_.resize(n);
    trace_definer_.assign(m_.trace_group_count(), m_.strategies().size());
    for (std::size_t si = m_.strategies().size(); si-- > 0;) trace_definer_[m_.trace_group(si)] = si;
  }

  // Transition values that vary neither with time nor with time in state are
  // not accrued cycle by cycle for each strategy: each trace keeps, per
  // transition carrying such a value, Σ_t weight·D·flow (for cost and effect
  // discounting, and undiscounted), and the value multiplies it once at the
  // end — as state values do with occupancy sums. Strategies sharing a trace
  // share the flows, and no flow m·p is computed twice.
  struct flow {
    std::size_t from = 0, entry = 0;
  };
  void plan_flows() {
    const std::size_t n_traces = m_.trace_group_count();
    flows_.assign(n_traces, {});
    flow_sums_.resize(n_traces);
    flow_of_reward_.resize(m_.strategies().size());
    for (std::size_t si = 0; si < m_.strategies().size(); ++si) {
      const auto& plan = m_.strategies()[si];
      auto& list = flows_[m_.trace_group(si)];
      for (const auto& tr : plan.transition_rewards) {
        long slot = -1;
        if (is_fixed(tr.program)) {
          const auto& row = plan.rows[tr.from];
          std::size_t e = 0;
          while (row.entries[e].to != tr.to) ++e;
          for (std::size_t i = 0; i < list.size(); ++i) {
            if (list[i].from == tr.from && list[i].entry == e) slot = static_cast<long>(i);
          }
          if (slot < 0) {
            list.push_back({tr.from, e});
            slot = static_cast<long>(list.size() - 1);
          }
        }
        flow_of_reward_[si].push_back(slot);
      }
    }
    // Each row's flow terms, added in its pass: per flow, a cost-discounted
    // and an undiscounted sum, and an effect-discounted one when the rates differ.
    const std::size_t n = m_.description().states.size();
    row_terms_.assign(n_traces, std::vector<std::vector<row_term>>(n));
    std::size_t most = 0;
    for (std::size_t g = 0; g < n_traces; ++g) {
      for (std::size_t f = 0; f < flows_[g].size(); ++f) {
        const auto [from, entry] = flows_[g][f];
        const auto& order =
            row_plans_[static_cast<std::size_t>(m_.row_group(trace_definer_[g], from))].order;
        const auto position = static_cast<std::size_t>(
            std::find(order.begin(), order.end(), entry) - order.begin());
        auto& terms = row_terms_[g][from];
        for (std::size_t kind = 0; kind < 3; ++kind) {
          if (kind == 1 && same_discounting_) continue;
          terms.push_back({position, kind, f});
        }
        most = std::max(most, terms.size());
      }
    }
    term_entry_.resize(most);
    term_weight_.resize(most);
    term_sum_.resize(most);
    // Rows varying with time keep their probabilities in memory only for a
    // strategy whose transition value varies with time too (it reads them).
    row_store_.assign(m_.row_group_count(), false);
    for (std::size_t si = 0; si < m_.strategies().size(); ++si) {
      const auto& plan = m_.strategies()[si];
      for (std::size_t k = 0; k < plan.transition_rewards.size(); ++k) {
        if (flow_of_reward_[si][k] >= 0) continue;
        const auto group =
            static_cast<std::size_t>(m_.row_group(si, plan.transition_rewards[k].from));
        row_store_[group] = row_store_[group] || group_kind_[group] == row_kind::per_cycle;
      }
    }
  }

  // A state whose occupancy nothing reads is not kept (unless a trace is
  // recorded): one that only its own row leaves, back to itself, with
  // probability 1 known at the start of the block (checked there), that no
  // value of any strategy on the trace reads — typically the dead state. Its
  // row is not run, and what moves into it goes to a scratch array. The other
  // states, and so every total, keep their bits.
  void plan_unread_states() {
    const std::size_t n = m_.description().states.size();
    unread_.assign(m_.trace_group_count(), std::vector<bool>(n, false));
    for (std::size_t g = 0; g < m_.trace_group_count(); ++g) {
      const std::size_t definer = trace_definer_[g];
      for (std::size_t s = 0; s < n; ++s) {
        const auto& entries = m_.strategies()[definer].rows[s].entries;
        const auto group = static_cast<std::size_t>(m_.row_group(definer, s));
        bool unread = !summed_state_[s] && entries.size() == 1 && entries[0].to == s &&
                      group_kind_[group] == row_kind::fixed;
        for (std::size_t si = 0; si < m_.strategies().size() && unread; ++si) {
          if (m_.trace_group(si) != g) continue;
          const auto& plan = m_.strategies()[si];
          for (const auto& by_state : plan.state_values) {
            unread = unread && by_state[s] == compiled_model::none;
          }
          for (const auto& tr : plan.transition_rewards) unread = unread && tr.from != s;
        }
        unread_[g][s] = unread;
      }
    }
    unread_target_.assign(lanes_, 0.0);
  }

  // Sets the next occupancy of trace g to zero (the states kept).
  void clear_next(std::size_t g) {
    auto& next = trace_next_[g];
    if (!skip_unread_) {
      std::fill(next.begin(), next.end(), 0.0);
      return;
    }
    const std::size_t n = m_.description().states.size();
    for (std::size_t s = 0; s < n; ++s) {
      if (unread_[g][s]) continue;
      std::fill(next.begin() + static_cast<std::ptrdiff_t>(offsets_[s] * lanes_),
                next.begin() + static_cast<std::ptrdiff_t>(offsets_[s + 1] * lanes_), 0.0);
    }
  }

  // One cycle of transitions of trace g: now → next, row by row (from-states
  // in order, as the sums into next must be), each row in one pass
  // (internal::move_row) that also adds the cycle's flows to the trace's flow
  // sums. Returns nonzero if a probability failed its check.
  int advance(std::size_t g, int t, const std::vector<double>& now, std::vector<double>& next) {
    const std::size_t si = trace_definer_[g];
    const auto& plan = m_.strategies()[si];
    const std::size_t n = m_.description().states.size();
    const double weight =
        *m_.description().counting_method == counting::darth ? m_.row_weight(t + 1) : 1.0;
    const double weights[3] = {weight * m_.transition_discount(false, t),
                               weight * m_.transition_discount(true, t), weight};
    const std::size_t n_flows = flows_[g].size();
    int bad = 0;
    for (std::size_t from = 0; from < n; ++from) {
      if (skip_unread_ && unread_[g][from]) continue;
      const auto& row = plan.rows[from];
      const auto group = static_cast<std::size_t>(m_.row_group(si, from));
      const auto& order = row_plans_[group].order;
      const std::size_t k = order.size();
      const row_kind kind = group_kind_[group];
      double* probs = kind == row_kind::per_time_in_state ? entry_values_.data()
                                                          : group_cache_[group].data();
      const auto& terms = row_terms_[g][from];
      for (std::size_t i = 0; i < terms.size(); ++i) {
        term_entry_[i] = terms[i].position;
        term_weight_[i] = weights[terms[i].kind];
        term_sum_[i] = &flow_sums_[g][(terms[i].kind * n_flows + terms[i].flow) * lanes_];
      }
      const internal::flow_terms flow_terms{terms.size(), term_entry_.data(), term_weight_.data(),
                                            term_sum_.data()};
      const int tracked = m_.tracked(from);
      for (int tau = 1; tau <= tracked; ++tau) {
        const double* m = &now[(offsets_[from] + static_cast<std::size_t>(tau - 1)) * lanes_];
        for (std::size_t j = 0; j < k; ++j) {
          const auto& en = row.entries[order[j]];
          const int next_tau = en.to == from ? std::min(tau + 1, tracked) : 1;
          row_targets_[j] =
              skip_unread_ && unread_[g][en.to]
                  ? unread_target_.data()
                  : &next[(offsets_[en.to] +
                           static_cast<std::size_t>(m_.tracked(en.to) > 1 ? next_tau - 1 : 0)) *
                          lanes_];
          row_probs_[j] = probs + order[j] * lanes_;
          if (kind != row_kind::fixed) {
            row_values_[j] = en.program == compiled_model::none
                                 ? nullptr
                                 : (row.uses_state_time ? value_at(en.program, tau)
                                                        : value(en.program));
          }
        }
        bad |= internal::move_row_any(k, row_plans_[group].complement, row_store_[group],
                                      kind == row_kind::fixed ? nullptr : row_values_.data(),
                                      row_probs_.data(), row_targets_.data(), m, lanes_,
                                      flow_terms);
      }
    }
    return bad;
  }

  // A probability of cycle t failed its check: find the first failure in the
  // order the checks are documented to run (the rows varying with time, group
  // by group; then, trace by trace, the rows varying with time in state), and
  // describe it in @p error. Always returns false.
  PREVSIM_COLD bool report_row_error(int t, evaluation_error& error) {
    if (!compute_groups(row_kind::per_cycle, t, error)) return false;
    const std::size_t n = m_.description().states.size();
    for (std::size_t g = 0; g < m_.trace_group_count(); ++g) {
      const std::size_t si = trace_definer_[g];
      for (std::size_t from = 0; from < n; ++from) {
        const auto group = static_cast<std::size_t>(m_.row_group(si, from));
        if (group_kind_[group] != row_kind::per_time_in_state) continue;
        for (int tau = 1; tau <= m_.tracked(from); ++tau) {
          if (!row_probabilities(m_.strategies()[si], from, tau, t, entry_values_.data(), error)) {
            return false;
          }
        }
      }
    }
    error = {0, "internal error: a transition probability failed its check in cycle " +
                    std::to_string(t + 1) + ", but no failure was found"};
    return false;
  }

  // One-off values of strategy si's transitions in cycle t, from occupancy now.
  bool add_transition_rewards(std::size_t si, int t, const std::vector<double>& now,
                              double* disc, double* undisc, evaluation_error& error) {
    const auto& d = m_.description();
    const auto& plan = m_.strategies()[si];
    for (std::size_t k = 0; k < plan.transition_rewards.size(); ++k) {
      if (flow_of_reward_[si][k] >= 0) continue;  // via the trace's flow sums
      const auto& tr = plan.transition_rewards[k];
      const auto& row = plan.rows[tr.from];
      std::size_t e = 0;
      while (row.entries[e].to != tr.to) ++e;
      const bool effect = !d.rewards[tr.reward].is_cost;
      // DARTH adds transition rewards to trace row t + 1, with its weight.
      const double weight = *d.counting_method == counting::darth ? m_.row_weight(t + 1) : 1.0;
      const double w = weight * m_.transition_discount(effect, t);
      const double* v = value(tr.program);
      double* dd = disc + tr.reward * lanes_;
      double* uu = undisc + tr.reward * lanes_;
      for (int tau = 1; tau <= m_.tracked(tr.from); ++tau) {
        const double* m = &now[(offsets_[tr.from] + static_cast<std::size_t>(tau - 1)) * lanes_];
        const double* probs = probabilities(si, tr.from, tau, t, error);
        if (!probs) return false;
        const double* p = probs + e * lanes_;
        for (std::size_t b = 0; b < lanes_; ++b) {
          const double flow_value = m[b] * p[b] * v[b];
          uu[b] += weight * flow_value;
          dd[b] += w * flow_value;
        }
      }
    }
    return true;
  }

  void add_state_rewards(const compiled_model::strategy_plan& plan, const std::vector<double>& occ,
                         double weight, int t, double* disc, double* undisc) {
    const auto& d = m_.description();
    for (std::size_t r = 0; r < d.rewards.size(); ++r) {
      const double w_disc = weight * m_.state_discount(!d.rewards[r].is_cost, t);
      double* dd = disc + r * lanes_;
      double* uu = undisc + r * lanes_;
      for (std::size_t s = 0; s < d.states.size(); ++s) {
        const int p = plan.state_values[r][s];
        if (p == compiled_model::none || is_fixed(p)) continue;  // fixed: via occupancy sums
        for (int tau = 1; tau <= m_.tracked(s); ++tau) {
          const double* v = value_at(p, tau);
          const double* m = &occ[(offsets_[s] + static_cast<std::size_t>(tau - 1)) * lanes_];
          for (std::size_t b = 0; b < lanes_; ++b) {
            const double x = m[b] * v[b];
            uu[b] += weight * x;
            dd[b] += w_disc * x;
          }
        }
      }
    }
  }

  // " (with q = 0.001, p_die = 0.0006)": the parameters and derived quantities a
  // program reads, and those the derived ones read in turn, as they are in
  // lane b, for error messages.
  PREVSIM_COLD std::string inputs_of(std::size_t program, std::size_t b) const {
    std::vector<std::size_t> slots;
    std::vector<std::size_t> pending{program};
    while (!pending.empty()) {
      const std::size_t p = pending.back();
      pending.pop_back();
      for (const auto slot : m_.programs()[p].slots_read()) {
        if (!m_.is_model_input(slot) ||
            std::find(slots.begin(), slots.end(), slot) != slots.end()) {
          continue;
        }
        slots.push_back(slot);
        const long d = m_.derived_program(slot);
        if (d >= 0) pending.push_back(static_cast<std::size_t>(d));
      }
    }
    std::string text;
    for (const auto slot : slots) {
      text += (text.empty() ? " (with " : ", ") + m_.slot_name(slot) + " = " +
              err::format_value(bank_[slot * lanes_ + b]);
    }
    return text.empty() ? text : text + ")";
  }

  // True for a state value that varies neither with time nor with time in state.
  bool is_fixed(int p) const {
    return p != compiled_model::none &&
           !(m_.programs()[static_cast<std::size_t>(p)].dependence() &
             (expr::depends::time | expr::depends::state_time));
  }

  // Adds weight·D·occupancy (collapsed over time in state) of trace g to its sums.
  void sum_occupancy(std::size_t g, const std::vector<double>& occupancy, double weight, int t) {
    const std::size_t n = m_.description().states.size();
    const double w_cost = weight * m_.state_discount(false, t);
    const double w_effect = weight * m_.state_discount(true, t);
    auto& sums = occupancy_sums_[g];
    for (std::size_t st = 0; st < n; ++st) {
      if (!summed_state_[st]) continue;
      double* cost = &sums[st * lanes_];
      double* effect = &sums[(n + st) * lanes_];
      double* plain = &sums[(2 * n + st) * lanes_];
      for (int tau = 0; tau < m_.tracked(st); ++tau) {
        const double* m = &occupancy[(offsets_[st] + static_cast<std::size_t>(tau)) * lanes_];
        if (same_discounting_) {  // the effect sums would equal the cost sums
          for (std::size_t b = 0; b < lanes_; ++b) {
            cost[b] += w_cost * m[b];
            plain[b] += weight * m[b];
          }
        } else {
          for (std::size_t b = 0; b < lanes_; ++b) {
            cost[b] += w_cost * m[b];
            effect[b] += w_effect * m[b];
            plain[b] += weight * m[b];
          }
        }
      }
    }
  }

  void record(Eigen::MatrixXd& trace, int row, const std::vector<double>& occupancy) const {
    const auto& d = m_.description();
    for (std::size_t s = 0; s < d.states.size(); ++s) {
      double total = 0;
      for (int tau = 0; tau < m_.tracked(s); ++tau) {
        total += occupancy[(offsets_[s] + static_cast<std::size_t>(tau)) * lanes_];
      }
      trace(row, static_cast<Eigen::Index>(s)) = total;
    }
  }

  const compiled_model& m_;
  std::size_t lanes_;
  std::vector<double> bank_, scratch_;
  std::vector<std::size_t> scratch_offsets_;
  std::vector<const double*> results_;  // per program: where its last result lies
  std::vector<double> temp_sum_;
  std::vector<std::size_t> offsets_;
  std::vector<double> occupancy_, entry_values_;
  std::vector<row_kind> group_kind_;
  std::vector<std::vector<double>> group_cache_;  // [row group]: entries × lanes
  std::vector<std::vector<double>> trace_occupancy_, trace_next_;  // per trace group
  // Per trace group: Σ weight·D·occupancy per state, for cost discounting,
  // effect discounting and undiscounted (3 × states × lanes).
  std::vector<std::vector<double>> occupancy_sums_;
  std::vector<bool> summed_state_;  // states with a value that does not vary with time
  std::vector<std::vector<std::size_t>> slots_of_program_;
  std::vector<bool> slot_read_;  // [slot]: some program reads it
  bool same_discounting_ = false;  // costs and effects: one set of discounted sums
  std::vector<row_plan> row_plans_;                 // [row group]
  std::vector<const double*> row_values_;           // move_row's arguments (entries)
  std::vector<double*> row_probs_, row_targets_;
  std::vector<std::size_t> trace_definer_;          // [trace group]: its first strategy
  std::vector<std::vector<flow>> flows_;            // [trace group]: flows summed
  // [trace group]: Σ weight·D·flow for cost and effect discounting and
  // undiscounted (3 × flows × lanes).
  std::vector<std::vector<double>> flow_sums_;
  std::vector<std::vector<long>> flow_of_reward_;   // [strategy][transition reward]: flow or −1
  // [trace group][from-state]: the flow terms its row's pass adds. kind: 0
  // cost-discounted, 1 effect-discounted, 2 undiscounted sum (as flow_sums_).
  struct row_term {
    std::size_t position = 0, kind = 0, flow = 0;
  };
  std::vector<std::vector<std::vector<row_term>>> row_terms_;
  std::vector<std::size_t> term_entry_;  // internal::flow_terms of the row in hand
  std::vector<double> term_weight_;
  std::vector<double*> term_sum_;
  std::vector<bool> row_store_;  // [row group]: its probabilities are read after its pass
  std::vector<std::vector<bool>> unread_;  // [trace group][state]: occupancy not kept
  std::vector<double> unread_target_;      // where moves into those states go
  bool skip_unread_ = false;               // this run keeps no trace
};

namespace internal {
// block_engine::run for each instruction set (simd/instruction_set.hpp): the
// same code, inlined whole and compiled for that set.
#if PREVSIM_ISA_DISPATCH
PREVSIM_KERNEL_FOR("avx512f,avx512vl,avx512dq")
inline bool run_avx512(block_engine& e, std::vector<double>& disc, std::vector<double>& undisc,
                       evaluation_error& error, Eigen::MatrixXd* trace, std::size_t strategy) {
  return e.run(disc, undisc, error, trace, strategy);
}
PREVSIM_KERNEL_FOR("avx2")
inline bool run_avx2(block_engine& e, std::vector<double>& disc, std::vector<double>& undisc,
                     evaluation_error& error, Eigen::MatrixXd* trace, std::size_t strategy) {
  return e.run(disc, undisc, error, trace, strategy);
}
#endif
PREVSIM_KERNEL_GENERIC
inline bool run_generic(block_engine& e, std::vector<double>& disc, std::vector<double>& undisc,
                        evaluation_error& error, Eigen::MatrixXd* trace, std::size_t strategy) {
  return e.run(disc, undisc, error, trace, strategy);
}
}  // namespace internal

/// block_engine::run on the widest instruction set in use (simd::active()):
/// the results are the same bit for bit on each.
inline bool run_block(block_engine& e, std::vector<double>& disc, std::vector<double>& undisc,
                      evaluation_error& error, Eigen::MatrixXd* trace = nullptr,
                      std::size_t trace_strategy = 0) {
#if PREVSIM_ISA_DISPATCH
  switch (simd::active()) {
    case simd::instruction_set::avx512:
      return internal::run_avx512(e, disc, undisc, error, trace, trace_strategy);
    case simd::instruction_set::avx2:
      return internal::run_avx2(e, disc, undisc, error, trace, trace_strategy);
    default: break;
  }
#endif
  return internal::run_generic(e, disc, undisc, error, trace, trace_strategy);
}

}  // namespace prevsim::cohort
