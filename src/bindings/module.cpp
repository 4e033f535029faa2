// prevsim._core: the compiled part of prevsim. Python users import prevsim.
#include "common.hpp"
#include "prevsim/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled core of prevsim (import prevsim, not prevsim._core).";
  m.attr("__version__") = prevsim::version;
  prevsim::bindings::register_dist(m);
  prevsim::bindings::register_param(m);
  prevsim::bindings::register_stats(m);
  prevsim::bindings::register_econ(m);
  prevsim::bindings::register_cohort(m);
  prevsim::bindings::register_prevention(m);
  prevsim::bindings::register_voi(m);
  prevsim::bindings::register_microsim(m);
}
