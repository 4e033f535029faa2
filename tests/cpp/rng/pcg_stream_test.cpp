// Tests for prevsim/rng/pcg_stream.hpp: the seeding rule (the first Philox
// block of the key gives PCG64's state and stream), PCG64's output against a
// reference written from O'Neill's description, reproducibility and
// independence of keys, uniformity, and normal variates drawn from it.

#include <array>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>

#include "prevsim/rng.hpp"

namespace {

using word = std::uint64_t;
__extension__ typedef unsigned __int128 u128;  // GCC/Clang; pcg-cpp relies on it too

/// PCG64 (XSL-RR output on a 128-bit LCG), written from O'Neill (2014), §6.3.3,
/// and pcg-cpp's seeding convention, independently of pcg-cpp:
/// increment = 2·stream + 1; state = (seed + increment)·M + increment; each call
/// advances state ← state·M + increment and outputs
/// rotr(high ⊕ low, top 6 bits of the new state).
class reference_pcg64 {
 public:
  reference_pcg64(u128 seed, u128 stream) : inc_((stream << 1) | 1U) {
    state_ = (seed + inc_) * multiplier() + inc_;
  }
  word operator()() {
    state_ = state_ * multiplier() + inc_;
    const word x = static_cast<word>(state_ >> 64) ^ static_cast<word>(state_);
    const unsigned rot = static_cast<unsigned>(state_ >> 122);
    return (x >> rot) | (x << ((64U - rot) & 63U));
  }

 private:
  // The 128-bit LCG multiplier (L'Ecuyer's table, as PCG uses it).
  static u128 multiplier() { return (u128{2549297995355413924ULL} << 64) | 4865540595714422341ULL; }
  u128 inc_;
  u128 state_ = 0;
};

/// The words of the first Philox4x64-10 block of key (seed, id) at counter
/// (0, substream, draw, 0), with Random123 directly.
std::array<word, 4> philox_block(word seed, word id, word draw, word substream) {
  r123::Philox4x64 generator;
  const r123::Philox4x64::ctr_type c = {{0, substream, draw, 0}};
  const r123::Philox4x64::key_type k = {{seed, id}};
  const auto r = generator(c, k);
  return {r.v[0], r.v[1], r.v[2], r.v[3]};
}

std::vector<word> first_words(prevsim::pcg_stream stream, std::size_t n) {
  std::vector<word> words(n);
  for (auto& w : words) w = stream();
  return words;
}

double u01(word w) { return prevsim::random_stream::to_u01(w); }

}  // namespace

TEST_CASE("reference PCG64 agrees with pcg-cpp's pcg64", "[rng][pcg_stream]") {
  const u128 seed = (u128{0x0123456789abcdefULL} << 64) | 0xfedcba9876543210ULL;
  const u128 stream = (u128{0x243f6a8885a308d3ULL} << 64) | 0x13198a2e03707344ULL;
  reference_pcg64 reference(seed, stream);
  pcg64 library(seed, stream);
  for (int i = 0; i < 1000; ++i) {
    INFO("word " << i);
    REQUIRE(reference() == library());
  }
}

TEST_CASE("pcg_stream: state and stream are the first Philox block of the key", "[rng][pcg_stream]") {
  const word seed = 20260101, id = prevsim::stream_ids::microsimulation, draw = 7;
  const word substream = (word{3} << 48) | (word{12345} << 8) | 2U;
  const auto b = philox_block(seed, id, draw, substream);
  reference_pcg64 expected((u128{b[0]} << 64) | b[1], (u128{b[2]} << 64) | b[3]);
  prevsim::pcg_stream stream(seed, id, draw, substream);
  for (int i = 0; i < 200; ++i) {
    INFO("word " << i);
    REQUIRE(stream() == expected());
  }
}

TEST_CASE("pcg_stream: the same key gives the same words; a copy continues", "[rng][pcg_stream]") {
  const auto a = first_words(prevsim::pcg_stream(2024, 5, 99, 3), 1000);
  CHECK(a == first_words(prevsim::pcg_stream(2024, 5, 99, 3), 1000));
  prevsim::pcg_stream s(2024, 5, 99, 3);
  for (int i = 0; i < 7; ++i) s();
  prevsim::pcg_stream copy = s;
  CHECK(first_words(copy, 20) == std::vector<word>(a.begin() + 7, a.begin() + 27));
}

TEST_CASE("pcg_stream: changing the seed, stream id, draw or substream changes every word",
          "[rng][pcg_stream]") {
  // Two unrelated 64-bit words coincide with probability 2^-64: a shared word
  // means overlapping sequences.
  const auto base = first_words(prevsim::pcg_stream(2024, 5, 10, 0), 256);
  const std::set<word> base_set(base.begin(), base.end());
  REQUIRE(base_set.size() == base.size());
  const std::vector<std::array<word, 4>> others{{2025, 5, 10, 0}, {2024, 6, 10, 0}, {2024, 5, 11, 0},
                                                {2024, 5, 10, 1}, {5, 2024, 10, 0}, {2024, 5, 0, 10}};
  for (const auto& key : others) {
    const auto words = first_words(prevsim::pcg_stream(key[0], key[1], key[2], key[3]), 256);
    int shared = 0;
    for (word w : words) shared += static_cast<int>(base_set.count(w));
    INFO("key (" << key[0] << ", " << key[1] << ", " << key[2] << ", " << key[3] << ")");
    CHECK(shared == 0);
  }
}

TEST_CASE("pcg_stream: each of the 64 bits is set in half of the words", "[rng][pcg_stream]") {
  constexpr int n = 100000;
  std::array<int, 64> ones{};
  prevsim::pcg_stream s(99, 5, 0);
  for (int i = 0; i < n; ++i) {
    const word w = s();
    for (std::size_t b = 0; b < 64; ++b) ones[b] += static_cast<int>((w >> b) & 1U);
  }
  const double sd = std::sqrt(n) / 2.0;  // Binomial(n, 1/2); 5 sd per bit
  for (std::size_t b = 0; b < 64; ++b) {
    INFO("bit " << b);
    CHECK(std::fabs(ones[b] - n / 2.0) <= 5.0 * sd);
  }
}

TEST_CASE("pcg_stream: uniform across neighbouring keys, and neighbours uncorrelated",
          "[rng][pcg_stream]") {
  // The microsimulation keys individual i's outcome o by substream
  // cell·2^48 + i·2^8 + 1 + o: numbers of neighbouring keys must look
  // independent. 20 000 individuals × 2 neighbouring outcomes × 10 words.
  constexpr int individuals = 20000, words = 10, bins = 100;
  std::vector<double> counts(bins, 0.0);
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  int n = 0;
  for (int i = 0; i < individuals; ++i) {
    const word sub = static_cast<word>(i) << 8;
    prevsim::pcg_stream a(31, prevsim::stream_ids::microsimulation, 0, sub + 1);
    prevsim::pcg_stream b(31, prevsim::stream_ids::microsimulation, 0, sub + 2);
    for (int j = 0; j < words; ++j) {
      const double x = u01(a()), y = u01(b());
      counts[static_cast<std::size_t>(x * bins)] += 1;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
      ++n;
    }
  }
  double expected = static_cast<double>(n) / bins, x2 = 0;
  for (double c : counts) x2 += (c - expected) * (c - expected) / expected;
  const boost::math::chi_squared_distribution<double> chi2(bins - 1);
  const double p = boost::math::cdf(boost::math::complement(chi2, x2));
  INFO("chi-square p = " << p);
  CHECK(p >= 0.001);  // fixed seed: deterministic
  const double mx = sx / n, my = sy / n;
  const double r = (sxy / n - mx * my) / std::sqrt((sxx / n - mx * mx) * (syy / n - my * my));
  INFO("correlation of neighbouring keys r = " << r << " (n = " << n << ")");
  CHECK(std::fabs(r) < 5.0 / std::sqrt(n));
}

TEST_CASE("standard_normal from a pcg_stream: mean 0, variance 1, kurtosis 3", "[rng][pcg_stream]") {
  constexpr int n = 1000000;
  prevsim::pcg_stream s(7, 5, 1, 1);
  double m1 = 0, m2 = 0, m4 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = prevsim::standard_normal(s);
    m1 += z;
    m2 += z * z;
    m4 += z * z * z * z;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  // Standard errors: mean 1/√n, variance √(2/n), fourth moment √(96/n).
  CHECK(std::fabs(m1) < 5.0 / std::sqrt(n));
  CHECK(std::fabs(m2 - 1.0) < 5.0 * std::sqrt(2.0 / n));
  CHECK(std::fabs(m4 - 3.0) < 5.0 * std::sqrt(96.0 / n));
}
