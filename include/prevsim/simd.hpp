#pragma once
/// @file
/// The vector instruction set the kernels run on: detection, the
/// PREVSIM_ISA cap, and the macros that compile a kernel once per set.
#include "prevsim/simd/instruction_set.hpp"
