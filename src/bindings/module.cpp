// prevsim._core: the compiled part of prevsim. Python users import prevsim.
#include "common.hpp"
#include "prevsim/simd/instruction_set.hpp"
#include "prevsim/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "Compiled core of prevsim (import prevsim, not prevsim._core).";
  m.attr("__version__") = prevsim::version;
  namespace simd = prevsim::simd;
  m.def("instruction_set", [] { return std::string(simd::name(simd::active())); },
        "The vector instruction set the compute kernels use: 'generic', 'avx2' or 'avx512'\n"
        "(the widest this processor supports, unless capped). Results are the same bit for\n"
        "bit on each; only the speed differs. The environment variable PREVSIM_ISA caps it.");
  m.def("use_instruction_set",
        [](const std::string& name) {
          return std::string(simd::name(simd::use(simd::parse(name, "instruction_set"))));
        },
        py::arg("name"),
        "Use at most the instruction set `name` ('generic', 'avx2' or 'avx512') from now on;\n"
        "returns the one now in use (never beyond what the processor supports).");
  prevsim::bindings::register_dist(m);
  prevsim::bindings::register_param(m);
  prevsim::bindings::register_stats(m);
  prevsim::bindings::register_econ(m);
  prevsim::bindings::register_cohort(m);
  prevsim::bindings::register_prevention(m);
  prevsim::bindings::register_voi(m);
  prevsim::bindings::register_microsim(m);
}
