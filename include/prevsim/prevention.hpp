#pragma once
/// @file
/// Intervention effects: converting effect sizes (d, OR, RR, RD, rate ratio) into
/// changed probabilities and rates, their trajectory over time, and the
/// combination of several interventions on one outcome; the cohort prevention
/// model (evaluate.hpp) and the individual-level microsimulation (microsim.hpp).
#include "prevsim/prevention/combination.hpp"
#include "prevsim/prevention/effect_size.hpp"
#include "prevsim/prevention/evaluate.hpp"
#include "prevsim/prevention/layout.hpp"
#include "prevsim/prevention/microsim.hpp"
#include "prevsim/prevention/model.hpp"
#include "prevsim/prevention/trajectory.hpp"
