#pragma once
// Helpers for the expression tests: a symbol table with a few slots and a
// table, and scalar / batched evaluation of an expression against it.

#include <string>
#include <vector>

#include "prevsim/expr/lookup_table.hpp"
#include "prevsim/expr/program.hpp"

namespace expr_test {

namespace expr = prevsim::expr;

// Slots: x, y (draw), age (time), payer.region (a Dirichlet-style dotted name,
// draw). Table: mort(a) = 1 on a < 10, 2 on [10, 20), 3 from 20 on.
inline expr::symbol_table symbols() {
  expr::symbol_table s;
  s.add_slot("x", expr::depends::draw);
  s.add_slot("y", expr::depends::draw);
  s.add_slot("age", expr::depends::time);
  s.add_slot("payer.region", expr::depends::draw);
  s.tables.emplace("mort", expr::lookup_table("mort", {0.0, 10.0, 20.0}, {1.0, 2.0, 3.0}));
  return s;
}

// Evaluates one compiled program for `lanes` lanes; inputs[k] holds slot k's
// values over the lanes.
inline std::vector<double> run(const expr::program& p, const std::vector<std::vector<double>>& inputs,
                               std::size_t lanes) {
  std::vector<double> bank;
  for (const auto& slot : inputs) bank.insert(bank.end(), slot.begin(), slot.end());
  std::vector<double> scratch((p.registers() + 1) * lanes);
  std::vector<double> out(lanes);
  p.run(bank.data(), lanes, scratch.data(), out.data());
  return out;
}

// Value of @p source with x, y, age and payer.region set (one lane).
inline double eval(const std::string& source, double x = 0, double y = 0, double age = 0,
                   double region = 0) {
  const auto s = symbols();
  const expr::compiler c(s);
  const expr::program p = c.compile(source, "test");
  return run(p, {{x}, {y}, {age}, {region}}, 1)[0];
}

}  // namespace expr_test
