#pragma once
/// @file
/// Standard normal variates from a random stream.

#include <boost/random/normal_distribution.hpp>

#include "prevsim/rng/random_stream.hpp"

namespace prevsim {

/// One standard normal variate from @p stream, by the ziggurat method as
/// implemented in Boost.Random (Marsaglia & Tsang 2000, with Doornik's 2005
/// fix to the tail). Boost's implementation keeps no state between calls, so
/// the result depends only on the words the stream supplies (one 64-bit word
/// per variate, more in the rare rejections).
///
/// @tparam Stream a 64-bit UniformRandomBitGenerator: random_stream or pcg_stream
template <class Stream = random_stream>
inline double standard_normal(Stream& stream) {
  return boost::random::normal_distribution<double>(0.0, 1.0)(stream);
}

}  // namespace prevsim
