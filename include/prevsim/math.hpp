#pragma once
/// @file
/// Elementary functions written for loops over lanes: vectorisable and giving
/// the same bits on every instruction set.
#include "prevsim/math/expm1.hpp"
