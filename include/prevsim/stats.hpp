#pragma once
/// @file
/// Statistics of Monte Carlo output: mergeable accumulators, quantiles, summaries.
#include "prevsim/stats/accumulator.hpp"
#include "prevsim/stats/quantile.hpp"
#include "prevsim/stats/summary.hpp"
