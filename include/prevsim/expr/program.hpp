#pragma once
/// @file
/// Compiled expressions, evaluated over a block of draws at once.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "prevsim/err/throw_error.hpp"
#include "prevsim/expr/lookup_table.hpp"
#include "prevsim/expr/parser.hpp"
#include "prevsim/math/expm1.hpp"
#include "prevsim/simd/instruction_set.hpp"

namespace prevsim::expr {

/// What a value can vary with; combined as bit flags.
namespace depends {
inline constexpr unsigned nothing = 0;
inline constexpr unsigned draw = 1;        ///< sampled parameters
inline constexpr unsigned time = 2;        ///< cycle, time, age
inline constexpr unsigned state_time = 4;  ///< cycles spent in the current state
}  // namespace depends

/// Names an expression may use: input slots (sampled parameters and the
/// built-in time variables, filled by the caller), derived quantities (named
/// expressions, expanded where used), and lookup tables (called like functions).
struct symbol_table {
  struct slot {
    std::string name;
    unsigned dependence;
  };
  std::vector<slot> slots;
  std::map<std::string, node> derived;
  std::map<std::string, lookup_table> tables;

  /// Adds an input slot; returns its index.
  std::size_t add_slot(std::string name, unsigned dependence) {
    slots.push_back({std::move(name), dependence});
    return slots.size() - 1;
  }
  /// The index of slot @p name, or −1.
  long find_slot(const std::string& name) const {
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (slots[i].name == name) return static_cast<long>(i);
    }
    return -1;
  }
};

/// The functions expressions may call, with their arity (documentation in
/// docs/cohort.md). Conversions follow the usual constant-rate assumptions:
///  - rate_to_prob(r[, t]) = 1 − e^{−r t}          (t defaults to 1)
///  - prob_to_rate(p[, t]) = −ln(1 − p)/t
///  - odds(p) = p/(1 − p), prob_from_odds(o) = o/(1 + o)
///  - apply_rr(p, rr) = p·rr;  apply_or(p, or) = or·p/(1 − p + or·p)
///  - rescale_prob(p, from, to) = 1 − (1 − p)^{to/from}  (cycle-length change)
///  - if(c, a, b) = a where c ≠ 0, else b; comparisons give 1 or 0.
struct function_info {
  const char* name;
  int min_args;
  int max_args;
};
inline const std::vector<function_info>& functions() {
  static const std::vector<function_info> list = {
      {"exp", 1, 1},          {"log", 1, 1},          {"sqrt", 1, 1},
      {"abs", 1, 1},          {"min", 2, 2},          {"max", 2, 2},
      {"pow", 2, 2},          {"if", 3, 3},           {"rate_to_prob", 1, 2},
      {"prob_to_rate", 1, 2}, {"odds", 1, 1},         {"prob_from_odds", 1, 1},
      {"apply_rr", 2, 2},     {"apply_or", 2, 2},     {"rescale_prob", 3, 3}};
  return list;
}

/// One expression compiled to a straight-line register program.
///
/// Operands live in one index space: indices below the number of input slots
/// read the caller's slot bank (slot k for lane b at bank[k·lanes + b]); the
/// rest are the program's own registers (constants and temporaries). run()
/// evaluates the program for `lanes` draws at once, each instruction a tight
/// loop over the lanes, so interpretation costs little per draw. Invalid
/// operations (log of a negative number, a probability above 1 in a
/// conversion) give NaN, which the caller reports with its location.
///
/// \test tests/cpp/expr/program_test.cpp
class program {
 public:
  enum class op : std::uint8_t {
    add, sub, mul, div, pow, neg, exp, log, sqrt, abs, min, max, lt, le, gt, ge, eq, ne,
    select, rate_to_prob, prob_to_rate, odds, prob_from_odds, apply_rr, apply_or, rescale_prob,
    table,
    complement_mul  // (1 − a)·b in one pass: the same two roundings as sub, then mul
  };
  struct instruction {
    op code;
    std::uint32_t dst, a, b, c;
    const lookup_table* table;
  };

  const std::string& source() const { return source_; }
  const std::string& where() const { return where_; }
  /// Union of what the value varies with (depends::draw | depends::time | ...).
  unsigned dependence() const { return dependence_; }
  /// True if the value is a number known at compile time.
  bool is_constant() const { return dependence_ == depends::nothing; }
  std::size_t registers() const { return registers_; }

  /// Evaluates for @p lanes draws; slot k of lane b is bank[k·lanes + b]; the
  /// result of lane b is written to out[b]. @p scratch holds registers()·lanes doubles.
  void run(const double* bank, std::size_t lanes, double* scratch, double* out) const {
    prepare(lanes, scratch);
    const double* r = execute(bank, lanes, scratch);
    for (std::size_t b = 0; b < lanes; ++b) out[b] = r[b];
  }

  /// Writes the constants into @p scratch; afterwards execute() may be called
  /// any number of times with the same scratch.
  void prepare(std::size_t lanes, double* scratch) const {
    for (const auto& [reg, v] : constants_) {
      double* r = scratch + (reg - slots_) * lanes;
      for (std::size_t b = 0; b < lanes; ++b) r[b] = v;
    }
  }

  /// Evaluates (after prepare()) and returns where the result lies: a register
  /// of @p scratch or, for a bare name, its slot in @p bank. Runs on the
  /// instruction set in use (simd::active()); the results are the same on each.
  const double* execute(const double* bank, std::size_t lanes, double* scratch) const {
#if PREVSIM_ISA_DISPATCH
    switch (simd::active()) {
      case simd::instruction_set::avx512: return execute_avx512(bank, lanes, scratch);
      case simd::instruction_set::avx2: return execute_avx2(bank, lanes, scratch);
      default: break;
    }
#endif
    return execute_generic(bank, lanes, scratch);
  }

 private:
  // execute() for each instruction set: the same code, compiled for that set,
  // and kept out of line so that the kernels that call it stay small.
#if PREVSIM_ISA_DISPATCH
  PREVSIM_KERNEL_FOR("avx512f,avx512vl,avx512dq") PREVSIM_NOINLINE
  const double* execute_avx512(const double* bank, std::size_t lanes, double* scratch) const {
    return execute_any(bank, lanes, scratch);
  }
  PREVSIM_KERNEL_FOR("avx2") PREVSIM_NOINLINE
  const double* execute_avx2(const double* bank, std::size_t lanes, double* scratch) const {
    return execute_any(bank, lanes, scratch);
  }
#endif
  PREVSIM_KERNEL_GENERIC PREVSIM_NOINLINE
  const double* execute_generic(const double* bank, std::size_t lanes, double* scratch) const {
    return execute_any(bank, lanes, scratch);
  }

  const double* execute_any(const double* bank, std::size_t lanes, double* scratch) const {
    auto ptr = [&](std::uint32_t index) -> const double* {
      return index < slots_ ? bank + index * lanes : scratch + (index - slots_) * lanes;
    };
    for (const auto& in : code_) {
      double* d = scratch + (in.dst - slots_) * lanes;
      const double* x = ptr(in.a);
      const double* y = in.b != none ? ptr(in.b) : nullptr;
      const double* z = in.c != none ? ptr(in.c) : nullptr;
      switch (in.code) {
        case op::add: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] + y[i]; break;
        case op::sub: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] - y[i]; break;
        case op::mul: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] * y[i]; break;
        case op::div: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] / y[i]; break;
        case op::pow: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::pow(x[i], y[i]); break;
        case op::neg: for (std::size_t i = 0; i < lanes; ++i) d[i] = -x[i]; break;
        case op::exp: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::exp(x[i]); break;
        case op::log: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::log(x[i]); break;
        case op::sqrt: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::sqrt(x[i]); break;
        case op::abs: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::fabs(x[i]); break;
        case op::min: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::fmin(x[i], y[i]); break;
        case op::max: for (std::size_t i = 0; i < lanes; ++i) d[i] = std::fmax(x[i], y[i]); break;
        case op::lt: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] < y[i]; break;
        case op::le: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] <= y[i]; break;
        case op::gt: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] > y[i]; break;
        case op::ge: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] >= y[i]; break;
        case op::eq: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] == y[i]; break;
        case op::ne: for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] != y[i]; break;
        case op::select:
          for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] != 0 ? y[i] : z[i];
          break;
        case op::rate_to_prob:
          for (std::size_t i = 0; i < lanes; ++i) {
            d[i] = x[i] >= 0 && y[i] >= 0 ? -math::expm1_nonpositive(-x[i] * y[i]) : nan();
          }
          break;
        case op::prob_to_rate:
          for (std::size_t i = 0; i < lanes; ++i) {
            d[i] = x[i] >= 0 && x[i] <= 1 && y[i] > 0 ? -std::log1p(-x[i]) / y[i] : nan();
          }
          break;
        case op::odds:
          for (std::size_t i = 0; i < lanes; ++i) {
            d[i] = x[i] >= 0 && x[i] < 1 ? x[i] / (1.0 - x[i]) : nan();
          }
          break;
        case op::prob_from_odds:
          for (std::size_t i = 0; i < lanes; ++i) d[i] = x[i] >= 0 ? x[i] / (1.0 + x[i]) : nan();
          break;
        case op::apply_rr:
          for (std::size_t i = 0; i < lanes; ++i) {
            const double p = x[i] * y[i];
            d[i] = x[i] >= 0 && x[i] <= 1 && y[i] >= 0 && p <= 1 ? p : nan();
          }
          break;
        case op::apply_or:
          for (std::size_t i = 0; i < lanes; ++i) {
            d[i] = x[i] >= 0 && x[i] <= 1 && y[i] >= 0
                       ? y[i] * x[i] / (1.0 - x[i] + y[i] * x[i])
                       : nan();
          }
          break;
        case op::rescale_prob:
          for (std::size_t i = 0; i < lanes; ++i) {
            d[i] = x[i] >= 0 && x[i] <= 1 && y[i] > 0 && z[i] > 0
                       ? -math::expm1_nonpositive(z[i] / y[i] * std::log1p(-x[i]))
                       : nan();
          }
          break;
        case op::table:
          for (std::size_t i = 0; i < lanes; ++i) d[i] = (*in.table)(x[i]);
          break;
        case op::complement_mul:
          for (std::size_t i = 0; i < lanes; ++i) d[i] = (1.0 - x[i]) * y[i];
          break;
      }
    }
    return ptr(result_);
  }

  friend class compiler;
  static constexpr std::uint32_t none = 0xFFFFFFFFu;
  static double nan() { return std::nan(""); }

  std::string source_, where_;
  std::vector<instruction> code_;
  std::vector<std::pair<std::uint32_t, double>> constants_;  // (register, value)
  std::uint32_t slots_ = 0;
  std::uint32_t result_ = 0;
  std::size_t registers_ = 0;
  unsigned dependence_ = depends::nothing;
  double constant_value_ = 0;

 public:
  /// The input slots the program reads, in order of first use, without repeats.
  std::vector<std::uint32_t> slots_read() const {
    std::vector<std::uint32_t> out;
    auto note = [&](std::uint32_t index) {
      if (index < slots_ && std::find(out.begin(), out.end(), index) == out.end()) {
        out.push_back(index);
      }
    };
    for (const auto& in : code_) {
      note(in.a);
      if (in.b != none) note(in.b);
      if (in.c != none) note(in.c);
    }
    note(result_);
    return out;
  }

  /// The value of a constant program (is_constant()).
  double constant_value() const { return constant_value_; }
};

/// Compiles expressions against a symbol table. Derived names are expanded in
/// place (a cycle among them is an error); unknown names and functions, wrong
/// argument counts are errors naming the expression, the name and — for a
/// misspelling — the closest known name.
class compiler {
 public:
  explicit compiler(const symbol_table& symbols) : symbols_(symbols) {}

  /// @param where the scenario key or context for messages
  program compile(const std::string& source, const std::string& where) const {
    return compile(parse(source, where), source, where);
  }

  /// Compiles an already parsed (and possibly rewritten) tree; @p source is the
  /// text quoted in messages.
  program compile(const node& tree, const std::string& source, const std::string& where) const {
    program p;
    p.source_ = source;
    p.where_ = where;
    p.slots_ = static_cast<std::uint32_t>(symbols_.slots.size());
    std::vector<std::string> expanding;
    state st{p, where, source, expanding, 0, {}};
    p.result_ = emit(tree, st);
    p.registers_ = st.next_register;
    p.dependence_ = dependence(st, p.result_);  // a bare name has its slot's dependence
    if (p.dependence_ == depends::nothing) {
      // Fold: evaluate once with no slots.
      std::vector<double> scratch(p.registers_ + 1);
      double out = 0;
      std::vector<double> bank(p.slots_ + 1, 0.0);
      p.run(bank.data(), 1, scratch.data(), &out);
      p.constant_value_ = out;
    }
    return p;
  }

 private:
  struct state {
    program& p;
    const std::string& where;
    const std::string& source;
    std::vector<std::string>& expanding;
    std::size_t next_register = 0;
    std::map<std::uint32_t, unsigned> dependence_of;
  };

  std::uint32_t new_register(state& st) const {
    return static_cast<std::uint32_t>(symbols_.slots.size() + st.next_register++);
  }

  [[noreturn]] void fail(const state& st, const std::string& message) const {
    err::throw_invalid_argument(st.where, "in expression '" + st.source + "': " + message);
  }

  std::string closest_name(const std::string& name) const {
    std::vector<std::string> known;
    for (const auto& s : symbols_.slots) known.push_back(s.name);
    for (const auto& [n, _] : symbols_.derived) known.push_back(n);
    for (const auto& [n, _] : symbols_.tables) known.push_back(n);
    for (const auto& f : functions()) known.emplace_back(f.name);
    std::string best;
    std::size_t best_distance = 3;  // suggest only near misses
    for (const auto& k : known) {
      const std::size_t dist = edit_distance(name, k);
      if (dist < best_distance) {
        best_distance = dist;
        best = k;
      }
    }
    return best;
  }

  static std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
        diagonal = up;
      }
    }
    return row[b.size()];
  }

  std::uint32_t emit_op(state& st, program::op code, std::vector<std::uint32_t> args,
                        const lookup_table* table = nullptr) const {
    const std::uint32_t dst = new_register(st);
    unsigned dep = 0;
    for (auto a : args) dep |= dependence(st, a);
    while (args.size() < 3) args.push_back(program::none);
    st.p.code_.push_back({code, dst, args[0], args[1], args[2], table});
    st.dependence_of[dst] = dep;
    return dst;
  }

  unsigned dependence(const state& st, std::uint32_t index) const {
    if (index < symbols_.slots.size()) return symbols_.slots[index].dependence;
    const auto it = st.dependence_of.find(index);
    return it == st.dependence_of.end() ? 0u : it->second;
  }

  std::uint32_t constant(state& st, double v) const {
    const std::uint32_t r = new_register(st);
    st.p.constants_.push_back({r, v});
    st.dependence_of[r] = depends::nothing;
    return r;
  }

  std::uint32_t emit(const node& n, state& st) const {
    using k = node::kind;
    switch (n.what) {
      case k::number:
        return constant(st, n.value);
      case k::name: {
        const long slot = symbols_.find_slot(n.text);
        if (slot >= 0) return static_cast<std::uint32_t>(slot);
        const auto d = symbols_.derived.find(n.text);
        if (d != symbols_.derived.end()) {
          for (const auto& e : st.expanding) {
            if (e == n.text) fail(st, "'" + n.text + "' is defined in terms of itself");
          }
          st.expanding.push_back(n.text);
          const std::uint32_t r = emit(d->second, st);
          st.expanding.pop_back();
          return r;
        }
        if (symbols_.tables.count(n.text)) {
          fail(st, "'" + n.text + "' is a table; call it with an argument, e.g. " + n.text + "(age)");
        }
        const std::string hint = closest_name(n.text);
        fail(st, "unknown name '" + n.text + "'" +
                     (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)"));
      }
      case k::unary_minus:
        return emit_op(st, program::op::neg, {emit(n.args[0], st)});
      case k::binary: {
        // (1 − x)·y or y·(1 − x) — surviving one risk, then another, the most
        // common product in a transition row — is one instruction rather than
        // two (the operands emitted in source order, for the order of errors).
        if (n.text == "*") {
          for (std::size_t side = 0; side < 2; ++side) {
            const node& f = n.args[side];
            if (f.what == k::binary && f.text == "-" && f.args[0].what == k::number &&
                f.args[0].value == 1.0) {
              const node& other = n.args[1 - side];
              const auto first = side == 0 ? emit(f.args[1], st) : emit(other, st);
              const auto second = side == 0 ? emit(other, st) : emit(f.args[1], st);
              const auto x = side == 0 ? first : second;
              const auto y = side == 0 ? second : first;
              return emit_op(st, program::op::complement_mul, {x, y});
            }
          }
        }
        static const std::map<std::string, program::op> ops = {
            {"+", program::op::add}, {"-", program::op::sub}, {"*", program::op::mul},
            {"/", program::op::div}, {"^", program::op::pow}, {"<", program::op::lt},
            {"<=", program::op::le}, {">", program::op::gt},  {">=", program::op::ge},
            {"==", program::op::eq}, {"!=", program::op::ne}};
        const auto a = emit(n.args[0], st);
        const auto b = emit(n.args[1], st);
        return emit_op(st, ops.at(n.text), {a, b});
      }
      case k::call: {
        const auto t = symbols_.tables.find(n.text);
        if (t != symbols_.tables.end()) {
          if (n.args.size() != 1) {
            fail(st, "table '" + n.text + "' takes 1 argument, but " +
                         std::to_string(n.args.size()) + " were given");
          }
          return emit_op(st, program::op::table, {emit(n.args[0], st)}, &t->second);
        }
        const function_info* f = nullptr;
        for (const auto& info : functions()) {
          if (n.text == info.name) f = &info;
        }
        if (!f) {
          const std::string hint = closest_name(n.text);
          fail(st, "unknown function '" + n.text + "'" +
                       (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)"));
        }
        const int count = static_cast<int>(n.args.size());
        if (count < f->min_args || count > f->max_args) {
          const std::string expected = f->min_args == f->max_args
                                           ? std::to_string(f->min_args)
                                           : std::to_string(f->min_args) + " or " +
                                                 std::to_string(f->max_args);
          fail(st, "function '" + n.text + "' takes " + expected + " argument(s), but " +
                       std::to_string(count) + " were given");
        }
        std::vector<std::uint32_t> args;
        for (const auto& a : n.args) args.push_back(emit(a, st));
        static const std::map<std::string, program::op> calls = {
            {"exp", program::op::exp},
            {"log", program::op::log},
            {"sqrt", program::op::sqrt},
            {"abs", program::op::abs},
            {"min", program::op::min},
            {"max", program::op::max},
            {"pow", program::op::pow},
            {"if", program::op::select},
            {"rate_to_prob", program::op::rate_to_prob},
            {"prob_to_rate", program::op::prob_to_rate},
            {"odds", program::op::odds},
            {"prob_from_odds", program::op::prob_from_odds},
            {"apply_rr", program::op::apply_rr},
            {"apply_or", program::op::apply_or},
            {"rescale_prob", program::op::rescale_prob}};
        if ((n.text == "rate_to_prob" || n.text == "prob_to_rate") && args.size() == 1) {
          args.push_back(constant(st, 1.0));
        }
        return emit_op(st, calls.at(n.text), args);
      }
    }
    fail(st, "internal error: unknown node");
  }

  const symbol_table& symbols_;
};

}  // namespace prevsim::expr
