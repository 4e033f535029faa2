#pragma once
/// @file
/// Model expressions: parsing, compilation, batched evaluation over draws.
#include "prevsim/expr/analysis.hpp"
#include "prevsim/expr/lookup_table.hpp"
#include "prevsim/expr/parser.hpp"
#include "prevsim/expr/program.hpp"
