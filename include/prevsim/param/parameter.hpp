#pragma once
/// @file
/// A named uncertain input.

#include <string>

#include "prevsim/dist/distribution.hpp"

namespace prevsim {

/// An uncertain input: a name (unique within its parameter set), its
/// distribution, the unit its values are in, and where the numbers come from.
/// Unit and source travel with the parameter into every table that shows it.
struct parameter {
  std::string name;
  dist::distribution distribution;
  std::string unit;
  std::string source;
};

}  // namespace prevsim
