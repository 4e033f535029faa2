#pragma once
/// @file
/// Distributions for uncertain inputs, built on Boost.Math.
#include "prevsim/dist/beta.hpp"
#include "prevsim/dist/dirichlet.hpp"
#include "prevsim/dist/distribution.hpp"
#include "prevsim/dist/empirical.hpp"
#include "prevsim/dist/fixed.hpp"
#include "prevsim/dist/gamma.hpp"
#include "prevsim/dist/lognormal.hpp"
#include "prevsim/dist/normal.hpp"
#include "prevsim/dist/normal_score_map.hpp"
#include "prevsim/dist/pert.hpp"
#include "prevsim/dist/triangular.hpp"
#include "prevsim/dist/truncated_normal.hpp"
#include "prevsim/dist/uniform.hpp"
