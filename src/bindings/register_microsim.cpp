// Bindings for include/prevsim/prevention/microsim.hpp: a microsimulation is built
// from a compiled prevention model (prevsim.Scenario's PreventionModel) and the
// individual-level structure of the scenario's [microsimulation] section (plain
// Python data, made by prevsim.microsimulation). No numerics here.
#include <cstdint>
#include <string>
#include <vector>

#include "common.hpp"
#include "prevsim/prevention/microsim.hpp"

namespace prevsim::bindings {
namespace {

namespace pv = prevention;
using row_matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

pv::microsim_spec to_spec(const py::dict& d) {
  pv::microsim_spec s;
  s.individuals = d["individuals"].cast<std::int64_t>();
  s.factors = d["factors"].cast<std::vector<std::string>>();
  s.correlation = d["correlation"].cast<std::vector<std::vector<double>>>();
  s.loadings = d["loadings"].cast<std::vector<double>>();
  s.persistence = d["persistence"].cast<std::vector<double>>();
  const auto residual = d["residual"].cast<std::string>();
  if (residual == "ar1") {
    s.residual = pv::residual_process::ar1;
  } else if (residual == "renewal") {
    s.residual = pv::residual_process::renewal;
  } else {
    throw py::value_error("residual is '" + residual + "', but must be 'ar1' or 'renewal'");
  }
  s.risk_index = d["risk_index"].cast<std::vector<double>>();
  s.history_individuals = d["history_individuals"].cast<std::int64_t>();
  return s;
}

}  // namespace

void register_microsim(py::module_& m) {
  py::class_<pv::microsimulator>(m, "Microsimulation",
                                 "A prevention model evaluated by individual-level microsimulation "
                                 "(made by prevsim.microsimulate).")
      .def(py::init([](const pv::evaluator& cohort, const py::dict& spec) {
             return pv::microsimulator(cohort.definition(), to_spec(spec), cohort.parameter_columns());
           }),
           py::arg("model"), py::arg("spec"))
      .def_property_readonly("columns", &pv::microsimulator::columns)
      .def_property_readonly("distribution_columns", &pv::microsimulator::distribution_columns)
      .def_property_readonly("history_columns", &pv::microsimulator::history_columns)
      .def_property_readonly("individual_years", &pv::microsimulator::individual_years,
                             "Individual-years simulated per draw.")
      .def_property_readonly("block_size", &pv::microsimulator::block_size)
      .def_property_readonly("classes", &pv::microsimulator::classes)
      .def(
          "evaluate",
          [](const pv::microsimulator& sim, const Eigen::Ref<const row_matrix>& parameters,
             std::uint64_t seed, int threads, std::int64_t first_draw) {
            pv::microsim_result r;
            {
              py::gil_scoped_release release;
              r = sim.evaluate_draws(parameters, seed, threads, first_draw);
            }
            py::dict out;
            out["columns"] = r.cohort.columns;
            out["values"] = std::move(r.cohort.values);
            out["paths"] = std::move(r.cohort.paths);
            out["mean_flows"] = std::move(r.cohort.mean_flows);
            out["flow_chunk_sums"] = std::move(r.cohort.flow_chunk_sums);
            out["distribution_columns"] = r.distribution_columns;
            out["distribution"] = std::move(r.distribution);
            out["history_columns"] = r.history_columns;
            out["histories"] = std::move(r.histories);
            out["individual_years_per_draw"] = r.individual_years_per_draw;
            return out;
          },
          py::arg("parameters"), py::arg("seed"), py::arg("threads") = 0, py::arg("first_draw") = 0,
          "Simulates every row of a draws × parameters matrix; returns the cohort evaluator's "
          "dict (columns, values, paths, mean_flows, flow_chunk_sums) plus distribution_columns, "
          "distribution (draws × columns), history_columns, histories and individual_years_per_draw.")
      .def(
          "random_floor",
          [](const pv::microsimulator& sim, const Eigen::Ref<const row_matrix>& parameters,
             std::uint64_t seed, int threads, std::int64_t first_draw) {
            pv::random_floor_result r;
            {
              py::gil_scoped_release release;
              r = sim.random_floor(parameters, seed, threads, first_draw);
            }
            py::dict out;
            out["normals"] = r.normals;
            out["uniforms"] = r.uniforms;
            out["sink"] = r.sink;
            return out;
          },
          py::arg("parameters"), py::arg("seed"), py::arg("threads") = 0, py::arg("first_draw") = 0,
          "Draws exactly the random numbers evaluate() consumes, and nothing else (the floor "
          "of its cost); returns the counts of normals and uniforms.");
}

}  // namespace prevsim::bindings
