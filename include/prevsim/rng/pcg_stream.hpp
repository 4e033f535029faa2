#pragma once
/// @file
/// A fast sequential stream (PCG64) whose starting point is keyed like a
/// random_stream: for long runs of numbers per key.

#include <cstdint>
#include <limits>

#include <pcg_random.hpp>

#include "prevsim/rng/random_stream.hpp"

namespace prevsim {

/// A stream of random 64-bit words that depends only on its key (seed, stream
/// id, draw, substream), like random_stream, but cheaper per word once started.
///
/// The generator is PCG64 (O'Neill 2014, "PCG: a family of simple fast
/// space-efficient statistically good algorithms for random number
/// generation"; pcg-cpp, Debian's libpcg-cpp-dev): a 128-bit linear
/// congruential state with a permuted 64-bit output, the generator NumPy uses by
/// default. Its 128-bit state and 128-bit increment (the "stream") are the four
/// words of the first Philox4x64-10 block of random_stream(seed, stream id,
/// draw, substream), as NumPy seeds PCG64 from a hash of its seed. So each key
/// starts its own sequence at an independent random point of an independent
/// random PCG stream, and the words remain a pure function of the key: no
/// dependence on threads or on the order keys are used in.
///
/// Why not random_stream itself: starting costs one Philox block, but each
/// further word is one PCG64 step, cheaper than a Philox word, and the
/// microsimulation draws tens of numbers per key (benchmarks/bench_microsim.py
/// measures the whole). Use random_stream where a key yields a few numbers,
/// pcg_stream where it yields many.
///
/// Satisfies the C++ UniformRandomBitGenerator requirements.
///
/// \test tests/cpp/rng/pcg_stream_test.cpp: the seeding rule, keyed
/// reproducibility, independence of keys, uniformity.
class pcg_stream {
 public:
  using result_type = std::uint64_t;

  /// @param seed user seed (any 64-bit value)
  /// @param stream_id purpose of the numbers (see stream_ids.hpp)
  /// @param draw Monte Carlo draw index, 0-based
  /// @param substream further split inside a draw
  pcg_stream(std::uint64_t seed, std::uint64_t stream_id, std::uint64_t draw,
             std::uint64_t substream = 0) noexcept
      : engine_(start(random_stream(seed, stream_id, draw, substream))) {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  /// The next 64 random bits.
  result_type operator()() noexcept { return engine_(); }

 private:
  static pcg64 start(random_stream key) noexcept {
    const pcg_extras::pcg128_t a = key(), b = key(), c = key(), d = key();
    return pcg64((a << 64) | b, (c << 64) | d);  // (state, stream)
  }

  pcg64 engine_;
};

}  // namespace prevsim
