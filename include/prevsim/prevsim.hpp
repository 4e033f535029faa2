#pragma once
/// @file
/// prevsim: Monte Carlo cohort simulation of preventive investments for
/// children and young people. Umbrella header: includes every area.
///
/// Areas (one folder and one umbrella header each):
///  - err/   error messages and argument checks
///  - rng/   counter-based random streams keyed by (seed, stream, draw)
///  - dist/  distributions for uncertain inputs (Boost.Math)
///  - param/ parameter sets, Gaussian copula, sampling
///  - stats/ accumulators, quantiles, summaries
///  - econ/  decision analysis (ICERs, net benefit, CEAC, EVPI), rate/probability conversions
///  - simd/  the vector instruction set kernels run on, chosen at run time
///  - math/  elementary functions for vector kernels (same bits on every set)
///  - expr/  model expressions, compiled and evaluated over blocks of draws
///  - cohort/ the Markov cohort state-transition engine
///  - prevention/ effect sizes, effect trajectories and their combination
#include "prevsim/cohort.hpp"
#include "prevsim/dist.hpp"
#include "prevsim/econ.hpp"
#include "prevsim/err.hpp"
#include "prevsim/expr.hpp"
#include "prevsim/math.hpp"
#include "prevsim/param.hpp"
#include "prevsim/prevention.hpp"
#include "prevsim/rng.hpp"
#include "prevsim/simd.hpp"
#include "prevsim/stats.hpp"
#include "prevsim/version.hpp"
