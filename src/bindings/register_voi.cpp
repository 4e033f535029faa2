// Bindings for value of information and threshold analysis
// (include/prevsim/econ/evppi.hpp, threshold.hpp, voi_population.hpp).
// Python wraps these in prevsim.voi and prevsim.sensitivity (pandas); the
// regression releases the GIL.
#include <vector>

#include "common.hpp"
#include "prevsim/econ/evppi.hpp"
#include "prevsim/econ/threshold.hpp"
#include "prevsim/econ/voi_population.hpp"

namespace prevsim::bindings {

void register_voi(py::module_& m) {
  m.def(
      "evppi",
      [](const Eigen::Ref<const Eigen::MatrixXd>& net_benefit,
         const Eigen::Ref<const Eigen::MatrixXd>& inputs,
         const std::vector<std::vector<Eigen::Index>>& groups, int main_degree,
         int interaction_degree, int folds, int max_group) {
        econ::evppi_options options;
        options.main_degree = main_degree;
        options.interaction_degree = interaction_degree;
        options.folds = folds;
        options.max_group = max_group;
        econ::evppi_result r;
        {
          py::gil_scoped_release release;
          r = econ::evppi(net_benefit, inputs, groups, options);
        }
        std::vector<double> evppi, raw, cross_validated, r_squared, r_squared_cv;
        std::vector<Eigen::Index> columns, rank;
        for (const econ::evppi_estimate& e : r.groups) {
          evppi.push_back(e.evppi);
          raw.push_back(e.raw);
          cross_validated.push_back(e.cross_validated);
          r_squared.push_back(e.r_squared);
          r_squared_cv.push_back(e.r_squared_cv);
          columns.push_back(e.columns);
          rank.push_back(e.rank);
        }
        py::dict out;
        out["evpi"] = r.evpi;
        out["chosen"] = r.chosen;
        out["evppi"] = evppi;
        out["raw"] = raw;
        out["cross_validated"] = cross_validated;
        out["r_squared"] = r_squared;
        out["r_squared_cv"] = r_squared_cv;
        out["columns"] = columns;
        out["rank"] = rank;
        return out;
      },
      py::arg("net_benefit"), py::arg("inputs"), py::arg("groups"), py::arg("main_degree") = 5,
      py::arg("interaction_degree") = 3, py::arg("folds") = 5, py::arg("max_group") = 8,
      "EVPPI of groups of input columns (0-based) by regression on the draws: dict with evpi, "
      "chosen (0-based option), and per group evppi, raw, cross_validated, r_squared, "
      "r_squared_cv, columns, rank.");
  m.def(
      "find_thresholds",
      [](const py::function& f, double lower, double upper, int brackets) {
        const econ::threshold_result r = econ::find_thresholds(
            [&](double x) { return f(x).cast<double>(); }, lower, upper, brackets);
        py::dict out;
        out["roots"] = r.roots;
        out["grid"] = r.grid;
        out["values"] = r.values;
        return out;
      },
      py::arg("f"), py::arg("lower"), py::arg("upper"), py::arg("brackets") = 8,
      "The x in [lower, upper] with f(x) = 0 (bracketing grid, then TOMS 748): dict with roots, "
      "grid, values.");
  m.def("discounted_population", &econ::discounted_population, py::arg("people_per_year"),
        py::arg("years"), py::arg("discount_rate"), py::arg("timing"),
        "Sum over t < years of people_per_year * (1 + discount_rate)^-(t + timing).");
}

}  // namespace prevsim::bindings
