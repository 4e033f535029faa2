#pragma once
/// @file
/// Standard normal variates by a 256-layer ziggurat taking one 64-bit word per
/// variate, for the inner loops that draw hundreds of millions of them.

#include <array>
#include <cmath>
#include <cstdint>

namespace prevsim {

/// The layers of the 256-layer ziggurat for the standard normal density
/// f(x) = exp(−x²/2) (Marsaglia & Tsang 2000, "The ziggurat method for
/// generating random variables", J. Stat. Softw. 5(8), with their constants
/// r = 3.6541528853610088 and v = 4.92867323399e-3 for 256 layers).
///
/// Layer 0 is the base: width x[0] = v / f(r), which holds the strip [0, r] ×
/// [0, f(r)] and, beyond r, the tail; layers i = 1..255 are the rectangles
/// [0, x[i]] × [f(x[i]), f(x[i+1])] with x[1] = r, x[i+1] = f⁻¹(v / x[i] + f(x[i]))
/// and x[256] = 0. Every layer has area v.
struct ziggurat_layers {
  static constexpr double r = 3.6541528853610088;
  static constexpr double v = 4.92867323399e-3;
  std::array<double, 257> x{};         // right edges
  std::array<double, 257> f{};         // f(x[i])
  std::array<double, 256> width{};     // x[i] · 2^-52: a 52-bit integer to a point of layer i
  std::array<std::uint64_t, 256> k{};  // ⌊2^52 · x[i+1] / x[i]⌋: below it, inside the core

  ziggurat_layers() {
    const auto density = [](double t) { return std::exp(-0.5 * t * t); };
    x[0] = v / density(r);
    x[1] = r;
    for (std::size_t i = 2; i < 256; ++i) x[i] = std::sqrt(-2.0 * std::log(v / x[i - 1] + density(x[i - 1])));
    x[256] = 0;
    for (std::size_t i = 0; i < 257; ++i) f[i] = density(x[i]);
    constexpr double two52 = 4503599627370496.0;
    for (std::size_t i = 0; i < 256; ++i) {
      width[i] = x[i] / two52;
      k[i] = static_cast<std::uint64_t>(two52 * (x[i + 1] / x[i]));
    }
  }
};

/// The layers, computed once.
inline const ziggurat_layers& ziggurat() {
  static const ziggurat_layers layers;
  return layers;
}

namespace internal {

/// (0, 1) from the top 53 bits of a word (as random_stream::to_u01).
inline double ziggurat_u01(std::uint64_t word) {
  const double u = (static_cast<double>(word >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  return u < 1.0 ? u : 1.0 - 1.0 / 9007199254740992.0;
}

/// The rare cases: the tail beyond r (layer 0), and the wedges between a
/// layer's core and the density (layers 1..255). Returns |z| or, after a
/// rejection, a negative value (the caller starts again).
template <class Stream>
[[gnu::noinline]] double ziggurat_edge(Stream& stream, const ziggurat_layers& z, std::size_t i, double x) {
  if (i == 0) {
    // Marsaglia (1964): a = −ln(u₁)/r, b = −ln(u₂) until 2b > a²; then r + a
    // has the normal density's tail beyond r.
    for (;;) {
      const double a = -std::log(ziggurat_u01(stream())) / ziggurat_layers::r;
      const double b = -std::log(ziggurat_u01(stream()));
      if (2.0 * b > a * a) return ziggurat_layers::r + a;
    }
  }
  // A uniform height inside the layer: accept the point if it is under f.
  const double y = z.f[i] + ziggurat_u01(stream()) * (z.f[i + 1] - z.f[i]);
  return y < std::exp(-0.5 * x * x) ? x : -1.0;
}

}  // namespace internal

/// One standard normal variate from @p stream by the 256-layer ziggurat.
///
/// Each attempt takes one 64-bit word: bits 0–7 choose the layer, bit 8 the
/// sign, bits 12–63 the point along the layer (independent bits, as Doornik
/// 2005 recommends). About 99 % of attempts end in the core with one integer
/// comparison and one multiplication; the rest go to internal::ziggurat_edge,
/// which draws further words. The result depends only on the words the stream
/// supplies.
///
/// Why not Boost's normal_distribution (a 128-layer ziggurat, used by
/// standard_normal()): this one costs about 20 % less per variate with PCG64
/// words (benchmarks/bench_microsim.py's floor), which matters where a run
/// draws 10^8 variates; standard_normal() remains the samplers' generator.
///
/// @tparam Stream a 64-bit UniformRandomBitGenerator (pcg_stream, random_stream)
///
/// \test tests/cpp/rng/ziggurat_test.cpp: the layers' areas and edges, the
/// moments, the distribution (Kolmogorov–Smirnov and χ² against Φ), the tail.
template <class Stream>
inline double ziggurat_normal(Stream& stream, const ziggurat_layers& z = ziggurat()) {
  for (;;) {
    const std::uint64_t word = stream();
    const std::size_t i = word & 0xffU;
    const std::uint64_t u = word >> 12;
    // Through int64 (u < 2^52): one conversion instruction on x86-64.
    const double x = static_cast<double>(static_cast<std::int64_t>(u)) * z.width[i];
    // The sign as a factor, not a branch (it is a coin flip).
    const double sign = 1.0 - 2.0 * static_cast<double>((word >> 8) & 1U);
    if (u < z.k[i]) return sign * x;
    const double edge = internal::ziggurat_edge(stream, z, i, x);
    if (edge >= 0) return sign * edge;
  }
}

}  // namespace prevsim
