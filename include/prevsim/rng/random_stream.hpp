#pragma once
/// @file
/// Counter-based random streams keyed by (seed, stream id, draw, substream).

#include <array>
#include <cstdint>
#include <limits>

#include <Random123/philox.h>

namespace prevsim {

/// A stream of random 64-bit words that depends only on its key: the seed, the
/// stream id (what the numbers are for), the draw and a substream.
///
/// The generator is Philox4x64-10 (Salmon et al., "Parallel random numbers: as
/// easy as 1, 2, 3", SC'11), a counter-based generator from Random123 that passes
/// TestU01's BigCrush. Its 128-bit key is (seed, stream id); its 256-bit counter
/// is (block, substream, draw, 0). Because the words a draw sees are a pure
/// function of that key, results do not depend on the thread that evaluates the
/// draw, on how draws are split into chunks, or on the machine: draws k..k+n of
/// a run are the same numbers as draws k..k+n of a bigger run.
///
/// Satisfies the C++ UniformRandomBitGenerator requirements, so it works with
/// Boost.Random distributions.
///
/// \test tests/cpp/rng/random_stream_test.cpp: keyed reproducibility,
/// independence of keys, uniformity of u01().
class random_stream {
 public:
  using result_type = std::uint64_t;

  /// @param seed user seed (any 64-bit value)
  /// @param stream_id purpose of the numbers (see stream_ids.hpp)
  /// @param draw Monte Carlo draw index, 0-based
  /// @param substream further split inside a draw (e.g. a parameter column)
  random_stream(std::uint64_t seed, std::uint64_t stream_id, std::uint64_t draw,
                std::uint64_t substream = 0) noexcept
      : key_{{seed, stream_id}}, counter_{{0, substream, draw, 0}} {}

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept {
    return std::numeric_limits<result_type>::max();
  }

  /// The next 64 random bits.
  result_type operator()() noexcept {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  /// A uniform double in the open interval (0, 1): the top 53 bits of a word,
  /// centred in their cell, so neither 0 nor 1 can occur.
  double u01() noexcept { return to_u01((*this)()); }

  /// The u01() value of one word (public so that the extreme words, which a
  /// stream yields with probability 2^-53, can be tested).
  static double to_u01(result_type word) noexcept {
    constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
    // m + 0.5 is exact for m < 2^52; above, it rounds to an even integer, and
    // the top cell m = 2^53 − 1 would round up to 2^53, i.e. to u = 1. That
    // cell is mapped to the largest double below 1 instead.
    const double u = (static_cast<double>(word >> 11) + 0.5) * scale;
    return u < 1.0 ? u : 1.0 - scale;
  }

 private:
  using philox = r123::Philox4x64;

  void refill() noexcept {
    block_ = philox()(counter_, key_);
    ++counter_.v[0];
    used_ = 0;
  }

  philox::key_type key_;
  philox::ctr_type counter_;
  philox::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace prevsim
