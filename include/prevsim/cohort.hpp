#pragma once
/// @file
/// The Markov cohort state-transition engine: models, conventions, PSA.
#include "prevsim/cohort/compiled_model.hpp"
#include "prevsim/cohort/discount.hpp"
#include "prevsim/cohort/engine.hpp"
#include "prevsim/cohort/model.hpp"
#include "prevsim/cohort/simulate.hpp"
