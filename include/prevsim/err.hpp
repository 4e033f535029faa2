#pragma once
/// @file
/// Error reporting: one message formatter and the argument checks built on it.
#include "prevsim/err/checks.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"
