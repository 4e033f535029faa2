#pragma once
/// @file
/// Decision analysis of per-draw costs and effects (incremental analysis,
/// net monetary benefit, acceptability curves, EVPI), the rate, probability
/// and odds conversions of cohort models, cash-flow metrics (NPV, BCR, ROI,
/// payback year, IRR), price-year conversion with a price index, value of
/// information by regression (EVPPI), thresholds and VOI population scaling.
#include "prevsim/econ/acceptability.hpp"
#include "prevsim/econ/cashflow.hpp"
#include "prevsim/econ/conversions.hpp"
#include "prevsim/econ/evpi.hpp"
#include "prevsim/econ/evppi.hpp"
#include "prevsim/econ/incremental_analysis.hpp"
#include "prevsim/econ/net_benefit.hpp"
#include "prevsim/econ/price_index.hpp"
#include "prevsim/econ/threshold.hpp"
#include "prevsim/econ/voi_population.hpp"
