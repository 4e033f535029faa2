// Bindings for include/prevsim/stats/.
#include <vector>

#include "common.hpp"
#include "prevsim/stats.hpp"

namespace prevsim::bindings {

void register_stats(py::module_& m) {
  using namespace stats;
  py::class_<accumulator>(m, "Accumulator",
                          "Streaming mean, variance, min and max that can be merged.")
      .def(py::init<>())
      .def(
          "add",
          [](accumulator& a, py::array_t<double, py::array::c_style | py::array::forcecast> x) {
            auto v = x.unchecked();
            const double* data = x.data();
            for (py::ssize_t i = 0; i < x.size(); ++i) a.add(data[i]);
            (void)v;
          },
          py::arg("values"), "Adds the values (any shape, flattened).")
      .def("merge", &accumulator::merge, py::arg("other"),
           "Merges another accumulator, as if it had seen both sequences.")
      .def_property_readonly("count", &accumulator::count)
      .def_property_readonly("mean", &accumulator::mean)
      .def_property_readonly("variance", &accumulator::variance)
      .def_property_readonly("sd", &accumulator::sd)
      .def_property_readonly("mcse", &accumulator::mcse,
                             "Monte Carlo standard error of the mean, sd/sqrt(n).")
      .def_property_readonly("min", &accumulator::min)
      .def_property_readonly("max", &accumulator::max);

  m.def("quantiles", &quantiles, py::arg("values"), py::arg("probs"),
        "Sample quantiles (Hyndman & Fan type 7, as NumPy's default).");
  m.def("interval", &interval, py::arg("values"), py::arg("level"),
        "Central interval holding probability level.");
  m.def(
      "probability_above",
      [](const std::vector<double>& v, double t) { return probability_above(v, t); },
      py::arg("values"), py::arg("threshold"), "Share of values strictly above threshold.");
  m.def(
      "summarize_columns",
      [](const Eigen::Ref<const Eigen::MatrixXd>& draws) {
        std::vector<summary> s;
        {
          py::gil_scoped_release release;
          s = summarize_columns(draws);
        }
        // One row per column: n, mean, sd, mcse, min, max, median, p05, p95, p025, p975.
        Eigen::MatrixXd out(static_cast<Eigen::Index>(s.size()), 11);
        for (std::size_t i = 0; i < s.size(); ++i) {
          const auto r = static_cast<Eigen::Index>(i);
          out.row(r) << static_cast<double>(s[i].n), s[i].mean, s[i].sd, s[i].mcse, s[i].min,
              s[i].max, s[i].median, s[i].p05, s[i].p95, s[i].p025, s[i].p975;
        }
        return out;
      },
      py::arg("draws"),
      "Per column: n, mean, sd, mcse, min, max, median, p05, p95, p025, p975.");
}

}  // namespace prevsim::bindings
