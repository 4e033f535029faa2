// Tests for prevsim/rng: Philox4x64-10 known answers, the (seed, stream id,
// draw, substream) key layout, reproducibility and independence of keys, the
// range and uniformity of u01(), and the moments of standard_normal().

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "prevsim/rng.hpp"

namespace {

using word = std::uint64_t;
using block = std::array<word, 4>;

/// Philox4x64-10 applied directly: Random123's own implementation, no prevsim.
block philox(const block& counter, word key0, word key1) {
  r123::Philox4x64 generator;
  const r123::Philox4x64::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const r123::Philox4x64::key_type k = {{key0, key1}};
  const auto r = generator(c, k);
  return {r.v[0], r.v[1], r.v[2], r.v[3]};
}

std::vector<word> first_words(prevsim::random_stream stream, std::size_t n) {
  std::vector<word> words(n);
  for (auto& w : words) w = stream();
  return words;
}

/// Upper-tail p-value of Pearson's X² for observed counts against equal
/// expected counts.
double uniform_counts_p_value(const std::vector<double>& counts) {
  double total = 0;
  for (double c : counts) total += c;
  const double expected = total / static_cast<double>(counts.size());
  double x2 = 0;
  for (double c : counts) x2 += (c - expected) * (c - expected) / expected;
  const boost::math::chi_squared_distribution<double> chi2(static_cast<double>(counts.size()) -
                                                           1.0);
  return boost::math::cdf(boost::math::complement(chi2, x2));
}

}  // namespace

// Random123's known-answer vectors for Philox4x64-10 (tests/kat_vectors in the
// Random123 distribution, D. E. Shaw Research; the Debian package does not ship
// them). Format: counter, key, expected output block.
TEST_CASE("Philox4x64-10: Random123's known-answer vectors", "[rng][random_stream][kat]") {
  const word ones = ~word{0};
  CHECK(philox({0, 0, 0, 0}, 0, 0) ==
        block{0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL,
              0x7e68b68aec7ba23bULL});
  CHECK(philox({ones, ones, ones, ones}, ones, ones) ==
        block{0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL,
              0xa09caebf594f0ba0ULL});
  // Counter = digits of pi, key = the digits that follow.
  CHECK(philox({0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL,
                0x082efa98ec4e6c89ULL},
               0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL) ==
        block{0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL,
              0x57bd43b5e52b7fe6ULL});
}

TEST_CASE("random_stream: key (seed 0, stream 0, draw 0) yields the zero known-answer block",
          "[rng][random_stream][kat]") {
  // seed 0, stream id 0, draw 0, substream 0 is Philox key (0, 0) at counter
  // (0, 0, 0, 0): the first four words are Random123's first known answer.
  CHECK(first_words(prevsim::random_stream(0, 0, 0, 0), 4) ==
        std::vector<word>{0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL,
                          0x7e68b68aec7ba23bULL});
}

TEST_CASE("random_stream: key is (seed, stream id), counter is (block, substream, draw, 0)",
          "[rng][random_stream]") {
  const word seed = 0x243f6a8885a308d3ULL, stream_id = 3, draw = 123456789, substream = 17;
  const auto words = first_words(prevsim::random_stream(seed, stream_id, draw, substream), 12);
  for (word b = 0; b < 3; ++b) {
    const block expected = philox({b, substream, draw, 0}, seed, stream_id);
    for (std::size_t i = 0; i < 4; ++i) {
      INFO("block " << b << ", word " << i);
      CHECK(words[4 * b + i] == expected[i]);
    }
  }
}

TEST_CASE("random_stream: the same key gives the same words", "[rng][random_stream]") {
  const auto a = first_words(prevsim::random_stream(2024, 1, 99, 5), 1000);
  const auto b = first_words(prevsim::random_stream(2024, 1, 99, 5), 1000);
  CHECK(a == b);
  // A copy continues from where the original is.
  prevsim::random_stream s(2024, 1, 99, 5);
  for (int i = 0; i < 7; ++i) s();
  prevsim::random_stream copy = s;
  CHECK(first_words(copy, 20) == std::vector<word>(a.begin() + 7, a.begin() + 27));
}

TEST_CASE("random_stream: changing the seed, stream id, draw or substream changes every word",
          "[rng][random_stream]") {
  // 64 words of each stream; two unrelated 64-bit words coincide with
  // probability 2^-64, so any shared word signals overlapping streams.
  const auto base = first_words(prevsim::random_stream(2024, 1, 10, 0), 64);
  const std::set<word> base_set(base.begin(), base.end());
  REQUIRE(base_set.size() == base.size());  // a stream does not repeat itself
  const std::vector<std::array<word, 4>> others{
      {2025, 1, 10, 0}, {2024, 2, 10, 0}, {2024, 1, 11, 0}, {2024, 1, 10, 1},
      // Swapped components must not alias either.
      {1, 2024, 10, 0}, {2024, 1, 0, 10}, {2024, 10, 1, 0}};
  for (const auto& key : others) {
    const auto words = first_words(prevsim::random_stream(key[0], key[1], key[2], key[3]), 64);
    int shared = 0;
    for (word w : words) shared += static_cast<int>(base_set.count(w));
    INFO("key (" << key[0] << ", " << key[1] << ", " << key[2] << ", " << key[3] << ")");
    CHECK(shared == 0);
  }
}

TEST_CASE("random_stream: each of the 64 bits is set in half of the words",
          "[rng][random_stream]") {
  constexpr int n = 100000;
  std::array<int, 64> ones{};
  prevsim::random_stream s(99, 4, 0);
  for (int i = 0; i < n; ++i) {
    const word w = s();
    for (std::size_t b = 0; b < 64; ++b) ones[b] += static_cast<int>((w >> b) & 1U);
  }
  // Binomial(n, 1/2): sd = √n/2 ≈ 158. Allow 5 sd per bit: with 64 bits the
  // chance that a correct generator fails is about 64 · 6e-7.
  const double sd = std::sqrt(n) / 2.0;
  for (int b = 0; b < 64; ++b) {
    INFO("bit " << b);
    CHECK(std::fabs(ones[static_cast<std::size_t>(b)] - n / 2.0) <= 5.0 * sd);
  }
}

TEST_CASE("random_stream: satisfies the UniformRandomBitGenerator range requirements",
          "[rng][random_stream]") {
  STATIC_REQUIRE(prevsim::random_stream::min() == 0);
  STATIC_REQUIRE(prevsim::random_stream::max() == std::numeric_limits<word>::max());
}

TEST_CASE("u01: the extreme words map strictly inside (0, 1)", "[rng][random_stream][u01]") {
  constexpr double two_to_minus_53 = 1.0 / 9007199254740992.0;
  // Word 0: the centre of the lowest cell, 2^-54.
  CHECK(prevsim::random_stream::to_u01(0) == 0.5 * two_to_minus_53);
  // The top word: m + 0.5 = 2^53 − 0.5 is not a double and rounds to 2^53,
  // which would be exactly 1; it must stay below 1.
  const double top = prevsim::random_stream::to_u01(~word{0});
  CHECK(top < 1.0);
  CHECK(top == 1.0 - two_to_minus_53);
  // Only the top 53 bits matter.
  CHECK(prevsim::random_stream::to_u01(0x7ff) == prevsim::random_stream::to_u01(0));
  CHECK(prevsim::random_stream::to_u01(word{1} << 11) == 1.5 * two_to_minus_53);
}

TEST_CASE("u01: one million values lie strictly inside (0, 1) and equal to_u01 of the words",
          "[rng][random_stream][u01]") {
  prevsim::random_stream s(5, 2, 0);
  prevsim::random_stream words(5, 2, 0);
  double lo = 1, hi = 0;
  bool consistent = true;
  for (int i = 0; i < 1000000; ++i) {
    const double u = s.u01();
    consistent = consistent && u == prevsim::random_stream::to_u01(words());
    lo = std::fmin(lo, u);
    hi = std::fmax(hi, u);
  }
  CHECK(consistent);
  CHECK(lo > 0.0);
  CHECK(hi < 1.0);
}

TEST_CASE("u01: uniform by a chi-square test along one stream and across draws",
          "[rng][random_stream][u01]") {
  constexpr int bins = 100;
  constexpr int n = 200000;  // 2000 expected per bin
  SECTION("200 000 consecutive values of one stream") {
    std::vector<double> counts(bins, 0.0);
    prevsim::random_stream s(20240601, prevsim::stream_ids::lhs_jitter, 0);
    for (int i = 0; i < n; ++i) counts[static_cast<std::size_t>(s.u01() * bins)] += 1;
    const double p = uniform_counts_p_value(counts);
    INFO("p = " << p);
    CHECK(p >= 0.001);  // fixed seed: deterministic; a correct generator fails with prob. 0.001
  }
  SECTION("the first value of 200 000 draws (one stream per draw, as the samplers use them)") {
    std::vector<double> counts(bins, 0.0);
    for (int i = 0; i < n; ++i) {
      prevsim::random_stream s(20240601, prevsim::stream_ids::lhs_jitter,
                               static_cast<word>(i));
      counts[static_cast<std::size_t>(s.u01() * bins)] += 1;
    }
    const double p = uniform_counts_p_value(counts);
    INFO("p = " << p);
    CHECK(p >= 0.001);
  }
  SECTION("consecutive pairs fill a 20 x 20 grid evenly") {
    std::vector<double> counts(400, 0.0);
    prevsim::random_stream s(31337, prevsim::stream_ids::lhs_jitter, 7);
    for (int i = 0; i < n; ++i) {
      const auto a = static_cast<std::size_t>(s.u01() * 20);
      const auto b = static_cast<std::size_t>(s.u01() * 20);
      counts[20 * a + b] += 1;
    }
    const double p = uniform_counts_p_value(counts);
    INFO("p = " << p);
    CHECK(p >= 0.001);
  }
}

TEST_CASE("standard_normal: the same key gives the same values", "[rng][standard_normal]") {
  prevsim::random_stream a(11, 1, 3), b(11, 1, 3);
  for (int i = 0; i < 100; ++i) CHECK(prevsim::standard_normal(a) == prevsim::standard_normal(b));
}

TEST_CASE("standard_normal: mean 0 and variance 1 at a fixed seed", "[rng][standard_normal]") {
  constexpr int n = 200000;
  prevsim::random_stream s(424242, prevsim::stream_ids::parameters, 0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = prevsim::standard_normal(s);
    sum += z;
    sum2 += z * z;
  }
  const double mean = sum / n;
  const double variance = (sum2 - n * mean * mean) / (n - 1);
  // Monte Carlo standard errors for N(0, 1): the mean has sd 1/√n, the sample
  // variance sd √(2/(n − 1)). Both within 4 standard errors.
  CHECK(std::fabs(mean) <= 4.0 / std::sqrt(n));
  CHECK(std::fabs(variance - 1.0) <= 4.0 * std::sqrt(2.0 / (n - 1)));
}

TEST_CASE("standard_normal: the first value of each draw fits N(0, 1) (chi-square)",
          "[rng][standard_normal]") {
  // 50 equiprobable bins cut at Φ⁻¹(k/50); one stream per draw, as the
  // parameter sampler uses them.
  constexpr int bins = 50;
  constexpr int n = 100000;
  const boost::math::normal_distribution<double> unit;
  std::vector<double> edges(bins - 1);
  for (int k = 1; k < bins; ++k) {
    edges[static_cast<std::size_t>(k - 1)] = boost::math::quantile(unit, k / double(bins));
  }
  std::vector<double> counts(bins, 0.0);
  for (int i = 0; i < n; ++i) {
    prevsim::random_stream s(77, prevsim::stream_ids::parameters, static_cast<word>(i));
    const double z = prevsim::standard_normal(s);
    const auto k = std::upper_bound(edges.begin(), edges.end(), z) - edges.begin();
    counts[static_cast<std::size_t>(k)] += 1;
  }
  const double p = uniform_counts_p_value(counts);
  INFO("p = " << p);
  CHECK(p >= 0.001);
}

TEST_CASE("standard_normal: regression values at key (seed 1, stream 1, draw 0)",
          "[rng][standard_normal][regression]") {
  // Pinned from this implementation (Boost.Random 1.74's ziggurat on
  // Philox4x64-10). A change here means every prevsim result changes: a new
  // Boost ziggurat or a different use of the stream. Relative 1e-14 rather
  // than exact equality allows for fused multiply-add on other platforms.
  prevsim::random_stream s(1, 1, 0);
  const std::vector<double> expected{-0.56374670239461544, -0.1836918592325292, 0.96032049044894874,
                                   0.0071763237449217433, 0.1756714701596675, -1.7460734411157668};
  for (double e : expected) CHECK(prevsim::standard_normal(s) == Approx(e).epsilon(1e-14));
}
