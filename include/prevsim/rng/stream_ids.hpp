#pragma once
/// @file
/// The purposes that random numbers are drawn for. Each purpose has its own
/// stream id, so that adding randomness for one purpose (say, a Latin hypercube
/// permutation) never shifts the numbers used for another.

#include <cstdint>

namespace prevsim::stream_ids {

/// Standard normal scores that drive every uncertain parameter of a draw.
inline constexpr std::uint64_t parameters = 1;
/// The jitter inside each Latin hypercube stratum.
inline constexpr std::uint64_t lhs_jitter = 2;
/// The random permutations of Latin hypercube strata.
inline constexpr std::uint64_t lhs_permutation = 3;
/// Sampling helpers for a single distribution (Python's Distribution.sample).
inline constexpr std::uint64_t single_distribution = 4;
/// The individuals of the microsimulation (prevention/microsim.hpp): the
/// substream names the cell, the individual and the purpose.
inline constexpr std::uint64_t microsimulation = 5;

}  // namespace prevsim::stream_ids
