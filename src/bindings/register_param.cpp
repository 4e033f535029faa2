// Bindings for include/prevsim/param/: parameter sets and sampling.
#include <string>

#include "common.hpp"
#include "prevsim/param.hpp"

namespace prevsim::bindings {

void register_param(py::module_& m) {
  py::class_<parameter_set>(m, "ParameterSet", "Named uncertain inputs (compiled core).")
      .def(py::init<>())
      .def(
          "add",
          [](parameter_set& self, std::string name, py::handle d, std::string unit,
             std::string source) {
            self.add(std::move(name), to_distribution(d, "distribution"), std::move(unit),
                     std::move(source));
          },
          py::arg("name"), py::arg("distribution"), py::arg("unit") = "", py::arg("source") = "")
      .def(
          "add_dirichlet",
          [](parameter_set& self, std::string name, std::vector<std::string> components,
             const dist::dirichlet& d, std::string unit, std::string source) {
            self.add_dirichlet(
                {std::move(name), std::move(components), d, std::move(unit), std::move(source)});
          },
          py::arg("name"), py::arg("components"), py::arg("distribution"), py::arg("unit") = "",
          py::arg("source") = "")
      .def(
          "set_correlation",
          [](parameter_set& self, const std::vector<std::string>& names,
             const Eigen::MatrixXd& matrix, const std::string& scale) {
            correlation_scale s;
            if (scale == "spearman") {
              s = correlation_scale::spearman;
            } else if (scale == "normal_scores") {
              s = correlation_scale::normal_scores;
            } else {
              throw std::invalid_argument("set_correlation: scale is '" + scale +
                                          "', but must be 'spearman' or 'normal_scores'");
            }
            self.set_correlation(names, matrix, s);
          },
          py::arg("names"), py::arg("matrix"), py::arg("scale") = "spearman")
      .def_property_readonly("column_names", &parameter_set::column_names)
      .def_property_readonly("correlation_names", &parameter_set::correlation_names)
      .def_property_readonly("normal_score_correlation", &parameter_set::normal_score_correlation)
      .def("__len__", &parameter_set::size)
      .def(
          "entries",
          [](const parameter_set& self) {
            // (column, kind, distribution text, mean, sd, unit, source) per column.
            py::list out;
            for (const auto& c : self.columns()) {
              if (c.is_dirichlet) {
                const auto& g = self.groups()[c.entry];
                out.append(py::make_tuple(c.name, "dirichlet", g.distribution.describe(),
                                          g.distribution.mean(c.component),
                                          g.distribution.sd(c.component), g.unit, g.source));
              } else {
                const auto& p = self.parameters()[c.entry];
                out.append(py::make_tuple(c.name, dist::name(p.distribution),
                                          dist::describe(p.distribution),
                                          dist::mean(p.distribution), dist::sd(p.distribution),
                                          p.unit, p.source));
              }
            }
            return out;
          },
          "Per column: (name, kind, distribution, mean, sd, unit, source).")
      .def(
          "sample",
          [](const parameter_set& self, std::int64_t draws, std::uint64_t seed,
             std::int64_t first_draw, const std::string& method, std::int64_t design_draws,
             int threads) {
            sampling_options o;
            o.seed = seed;
            o.draws = draws;
            o.first_draw = first_draw;
            if (method == "monte_carlo") {
              o.method = sampling_method::monte_carlo;
            } else if (method == "latin_hypercube") {
              o.method = sampling_method::latin_hypercube;
            } else {
              throw std::invalid_argument("sample: method is '" + method +
                                          "', but must be 'monte_carlo' or 'latin_hypercube'");
            }
            o.design_draws = design_draws;
            o.threads = threads;
            py::gil_scoped_release release;
            return sample(self, o);
          },
          py::arg("draws"), py::arg("seed"), py::arg("first_draw") = 0,
          py::arg("method") = "monte_carlo", py::arg("design_draws") = 0, py::arg("threads") = 0,
          "Draws × columns matrix; bit-identical for any thread count and chunking.");
}

}  // namespace prevsim::bindings
