#pragma once
// Private helpers for the binding translation units (not installed).
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "prevsim/dist/distribution.hpp"

namespace py = pybind11;

namespace prevsim::bindings {

void register_dist(py::module_& m);
void register_param(py::module_& m);
void register_stats(py::module_& m);
void register_econ(py::module_& m);
void register_cohort(py::module_& m);
void register_prevention(py::module_& m);
void register_voi(py::module_& m);
void register_microsim(py::module_& m);

/// Any bound univariate distribution object as the C++ variant.
/// @throw py::type_error naming what was received.
dist::distribution to_distribution(py::handle obj, const char* what);

}  // namespace prevsim::bindings
