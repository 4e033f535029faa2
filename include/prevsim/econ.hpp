#pragma once
/// @file
/// Decision analysis of per-draw costs and effects (incremental analysis,
/// net monetary benefit, acceptability curves, EVPI) and the rate, probability
/// and odds conversions of cohort models.
#include "prevsim/econ/acceptability.hpp"
#include "prevsim/econ/conversions.hpp"
#include "prevsim/econ/evpi.hpp"
#include "prevsim/econ/incremental_analysis.hpp"
#include "prevsim/econ/net_benefit.hpp"
