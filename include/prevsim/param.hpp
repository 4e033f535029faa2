#pragma once
/// @file
/// Uncertain parameters: named inputs, parameter sets, the Gaussian copula and
/// sampling.
#include "prevsim/param/correlation.hpp"
#include "prevsim/param/parameter.hpp"
#include "prevsim/param/parameter_set.hpp"
#include "prevsim/param/sampler.hpp"
