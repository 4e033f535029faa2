#pragma once
/// @file
/// Rewriting of syntax trees before compilation: expanding derived names and
/// lifting out the parts that depend on time alone.

#include <functional>
#include <string>
#include <vector>

#include "prevsim/err/throw_error.hpp"
#include "prevsim/expr/program.hpp"

namespace prevsim::expr {

/// @p n with every derived name replaced by its definition, recursively.
/// @throw std::invalid_argument naming @p where for a definition that refers to itself.
inline node expand_derived(const node& n, const symbol_table& symbols, const std::string& where,
                           std::vector<std::string>& expanding) {
  if (n.what == node::kind::name && symbols.find_slot(n.text) < 0) {
    const auto d = symbols.derived.find(n.text);
    if (d != symbols.derived.end()) {
      for (const auto& e : expanding) {
        if (e == n.text) {
          err::throw_invalid_argument(where, "'" + n.text + "' is defined in terms of itself");
        }
      }
      expanding.push_back(n.text);
      node out = expand_derived(d->second, symbols, where, expanding);
      expanding.pop_back();
      return out;
    }
  }
  node out = n;
  for (auto& a : out.args) a = expand_derived(a, symbols, where, expanding);
  return out;
}

/// What @p n varies with (derived names must be expanded; unknown names count
/// as depending on nothing and are reported by the compiler).
inline unsigned dependence_of(const node& n, const symbol_table& symbols) {
  if (n.what == node::kind::name) {
    const long slot = symbols.find_slot(n.text);
    return slot >= 0 ? symbols.slots[static_cast<std::size_t>(slot)].dependence : 0u;
  }
  unsigned d = 0;
  for (const auto& a : n.args) d |= dependence_of(a, symbols);
  return d;
}

/// True if @p n is built from numbers, tables and the names in @p time_names
/// only, and uses at least one of those names: a function of time alone that
/// can be computed before any draw.
inline bool is_pure_time(const node& n, const symbol_table& symbols,
                         const std::vector<std::string>& time_names, bool& uses_time) {
  if (n.what == node::kind::number) return true;
  if (n.what == node::kind::name) {
    for (const auto& t : time_names) {
      if (n.text == t) {
        uses_time = true;
        return true;
      }
    }
    return false;  // a parameter, a derived quantity or anything else
  }
  if (n.what == node::kind::call && !symbols.tables.count(n.text)) {
    bool known = false;
    for (const auto& f : functions()) known = known || n.text == f.name;
    if (!known) return false;  // let the compiler report it
  }
  for (const auto& a : n.args) {
    if (!is_pure_time(a, symbols, time_names, uses_time)) return false;
  }
  return true;
}

/// Replaces every maximal subtree of @p n that is a function of the variables
/// in @p time_names alone (through numbers, functions and tables, and more than
/// a bare name) by a name from @p lift, which the caller binds to a series
/// precomputed once per cycle for all draws (e.g. a life-table lookup
/// mort(age)). Subtrees reading any other slot — a parameter or a derived
/// quantity, filled only while the model runs — are never lifted.
inline node lift_time_only(const node& n, const symbol_table& symbols,
                           const std::vector<std::string>& time_names,
                           const std::function<std::string(const node&)>& lift) {
  const bool trivial = n.what == node::kind::name || n.what == node::kind::number;
  bool uses_time = false;
  if (!trivial && is_pure_time(n, symbols, time_names, uses_time) && uses_time) {
    node name{node::kind::name, 0, lift(n), {}, n.position};
    return name;
  }
  node out = n;
  for (auto& a : out.args) a = lift_time_only(a, symbols, time_names, lift);
  return out;
}

/// Text of a tree in a canonical form (for recognising repeated subtrees).
inline std::string to_text(const node& n) {
  switch (n.what) {
    case node::kind::number: return "#" + err::format_value(n.value);
    case node::kind::name: return n.text;
    case node::kind::unary_minus: return "(-" + to_text(n.args[0]) + ")";
    case node::kind::binary: return "(" + to_text(n.args[0]) + n.text + to_text(n.args[1]) + ")";
    case node::kind::call: {
      std::string s = n.text + "(";
      for (std::size_t i = 0; i < n.args.size(); ++i) s += (i ? "," : "") + to_text(n.args[i]);
      return s + ")";
    }
  }
  return "";
}

}  // namespace prevsim::expr
