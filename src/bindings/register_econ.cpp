// Bindings for include/prevsim/econ/: decision analysis of per-draw costs and
// effects, and the rate/probability/odds conversions. Python wraps these in
// prevsim.decision (pandas); the heavy calls release the GIL.
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "prevsim/econ.hpp"

namespace prevsim::bindings {

namespace {

using outcomes = Eigen::Ref<const Eigen::MatrixXd>;

py::object optional_to_python(const std::optional<double>& x) {
  return x ? py::object(py::float_(*x)) : py::object(py::none());
}

py::object optional_to_python(const std::optional<std::size_t>& x) {
  return x ? py::object(py::int_(*x)) : py::object(py::none());
}

}  // namespace

void register_econ(py::module_& m) {
  using namespace econ;

  m.def(
      "incremental_analysis",
      [](const outcomes& costs, const outcomes& effects, const std::vector<std::string>& names) {
        incremental_table t;
        {
          py::gil_scoped_release release;
          t = econ::incremental_analysis(costs, effects, names);
        }
        py::list name, status, reference, upper_reference, incremental_cost, incremental_effect,
            icer;
        std::vector<double> cost, effect;
        for (const incremental_row& r : t.rows) {
          name.append(r.name);
          cost.push_back(r.cost);
          effect.push_back(r.effect);
          status.append(to_string(r.status));
          reference.append(optional_to_python(r.reference));
          upper_reference.append(optional_to_python(r.upper_reference));
          incremental_cost.append(optional_to_python(r.incremental_cost));
          incremental_effect.append(optional_to_python(r.incremental_effect));
          icer.append(optional_to_python(r.icer));
        }
        py::dict out;
        out["name"] = name;
        out["cost"] = cost;
        out["effect"] = effect;
        out["status"] = status;
        out["reference"] = reference;
        out["upper_reference"] = upper_reference;
        out["incremental_cost"] = incremental_cost;
        out["incremental_effect"] = incremental_effect;
        out["icer"] = icer;
        out["order"] = t.order;
        out["frontier"] = t.frontier;
        return out;
      },
      py::arg("costs"), py::arg("effects"), py::arg("names"),
      "Incremental analysis of mean costs and effects: per strategy (input order) name, cost, "
      "effect, status, reference, upper_reference (0-based columns or None), incremental_cost, "
      "incremental_effect, icer (None where undefined); order (sort order) and frontier.");

  m.def("net_monetary_benefit", &econ::net_monetary_benefit, py::arg("costs"),
        py::arg("effects"), py::arg("wtp"), py::call_guard<py::gil_scoped_release>(),
        "Net monetary benefit wtp * effect - cost per draw and strategy.");
  m.def("expected_net_benefit", &econ::expected_net_benefit, py::arg("costs"),
        py::arg("effects"), py::arg("wtp"), py::call_guard<py::gil_scoped_release>(),
        "Expected net monetary benefit, wtp values x strategies.");
  m.def("optimal_strategy", &econ::optimal_strategy, py::arg("costs"), py::arg("effects"),
        py::arg("wtp"), py::call_guard<py::gil_scoped_release>(),
        "0-based column of the strategy with the highest expected net benefit (first on a tie).");
  m.def("optimal_strategies", &econ::optimal_strategies, py::arg("costs"), py::arg("effects"),
        py::arg("wtp"), py::call_guard<py::gil_scoped_release>(),
        "optimal_strategy at every wtp value.");
  m.def(
      "acceptability",
      [](const outcomes& costs, const outcomes& effects, const std::vector<double>& wtp) {
        acceptability_curves a;
        {
          py::gil_scoped_release release;
          a = econ::acceptability(costs, effects, wtp);
        }
        return py::make_tuple(a.probability, a.optimal, a.frontier);
      },
      py::arg("costs"), py::arg("effects"), py::arg("wtp"),
      "Acceptability curves: (probability wtp x strategies, optimal columns, frontier).");
  m.def("evpi", &econ::evpi, py::arg("costs"), py::arg("effects"), py::arg("wtp"),
        py::call_guard<py::gil_scoped_release>(),
        "Expected value of perfect information per person at each wtp value.");
  m.def("population_evpi", &econ::population_evpi, py::arg("evpi_per_person"),
        py::arg("population"), "EVPI per person times the population.");

  // Conversions, element-wise over arrays (scalars give scalars).
  m.def("rate_to_probability", py::vectorize([](double rate, double time) {
          return econ::rate_to_probability(rate, time);
        }),
        py::arg("rate"), py::arg("time") = 1.0, "p = 1 - exp(-rate * time).");
  m.def("probability_to_rate", py::vectorize([](double probability, double time) {
          return econ::probability_to_rate(probability, time);
        }),
        py::arg("probability"), py::arg("time") = 1.0, "r = -ln(1 - p) / time.");
  m.def("probability_to_odds", py::vectorize(&econ::probability_to_odds), py::arg("probability"),
        "odds = p / (1 - p).");
  m.def("odds_to_probability", py::vectorize(&econ::odds_to_probability), py::arg("odds"),
        "p = odds / (1 + odds).");
  m.def("apply_relative_risk", py::vectorize(&econ::apply_relative_risk),
        py::arg("probability"), py::arg("relative_risk"),
        "p * relative_risk; an error if above 1.");
  m.def("apply_odds_ratio", py::vectorize(&econ::apply_odds_ratio), py::arg("probability"),
        py::arg("odds_ratio"), "The probability whose odds are odds_ratio times those of p.");
  m.def("rescale_probability", py::vectorize(&econ::rescale_probability),
        py::arg("probability"), py::arg("from_time"), py::arg("to_time"),
        "1 - (1 - p)^(to_time / from_time): the same constant rate over another length.");
}

}  // namespace prevsim::bindings
