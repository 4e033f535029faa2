// Tests for prevsim/rng/ziggurat.hpp: the layers against their defining
// equations, and the variates against the standard normal distribution
// (moments, Kolmogorov–Smirnov, χ² on equiprobable bins, the tail beyond r).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "prevsim/rng.hpp"

namespace {

const boost::math::normal_distribution<double> phi;

/// A stream that counts the words it hands out.
struct counting_stream {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  prevsim::pcg_stream inner;
  std::uint64_t words = 0;
  result_type operator()() {
    ++words;
    return inner();
  }
};

std::vector<double> draws(std::size_t n, std::uint64_t seed) {
  prevsim::pcg_stream s(seed, prevsim::stream_ids::microsimulation, 0, 9);
  std::vector<double> z(n);
  for (auto& v : z) v = prevsim::ziggurat_normal(s);
  return z;
}

}  // namespace

TEST_CASE("ziggurat layers: each has area v, the base holds the tail, the top closes at f = 1",
          "[rng][ziggurat]") {
  const auto& z = prevsim::ziggurat();
  const double v = prevsim::ziggurat_layers::v, r = prevsim::ziggurat_layers::r;
  CHECK(z.x[1] == r);
  CHECK(z.x[256] == 0.0);
  CHECK(z.f[256] == 1.0);
  // Base: width x[0] at height f(r).
  CHECK(z.x[0] * z.f[1] == Approx(v).epsilon(1e-14));
  // The base beyond the strip [0, r] × [0, f(r)] has the area of the tail:
  // ∫_r^∞ exp(−t²/2) dt = √(2π)·(1 − Φ(r)).
  const double tail = std::sqrt(2.0 * M_PI) * boost::math::cdf(boost::math::complement(phi, r));
  CHECK(v - r * z.f[1] == Approx(tail).epsilon(1e-9));
  // Layers 1..255: x[i] · (f(x[i+1]) − f(x[i])) = v.
  for (std::size_t i = 1; i < 256; ++i) {
    INFO("layer " << i);
    CHECK(z.x[i] * (z.f[i + 1] - z.f[i]) == Approx(v).epsilon(1e-8));
    CHECK(z.x[i + 1] < z.x[i]);
  }
  // Marsaglia and Tsang's r and v make the top layer end at f = 1.
  CHECK(v / z.x[255] + z.f[255] == Approx(1.0).epsilon(1e-9));
  // The core thresholds are the ratios of neighbouring edges.
  for (std::size_t i = 0; i < 256; ++i) {
    INFO("layer " << i);
    CHECK(static_cast<double>(z.k[i]) == Approx(4503599627370496.0 * z.x[i + 1] / z.x[i]).epsilon(1e-15));
  }
}

TEST_CASE("ziggurat_normal: the same words give the same variates; about one word each",
          "[rng][ziggurat]") {
  CHECK(draws(1000, 3) == draws(1000, 3));
  counting_stream s{prevsim::pcg_stream(4, 5, 0, 1)};
  constexpr int n = 1000000;
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += prevsim::ziggurat_normal(s);
  CHECK(std::isfinite(sum));
  // Rejections and the tail take extra words in about 1 % of the variates.
  const double per_variate = static_cast<double>(s.words) / n;
  INFO("words per variate: " << per_variate);
  CHECK(per_variate > 1.0);
  CHECK(per_variate < 1.03);
}

TEST_CASE("ziggurat_normal: moments of N(0, 1)", "[rng][ziggurat]") {
  constexpr std::size_t n = 2000000;
  const auto z = draws(n, 11);
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (double x : z) {
    m1 += x;
    m2 += x * x;
    m3 += x * x * x;
    m4 += x * x * x * x;
  }
  const double nn = static_cast<double>(n);
  m1 /= nn;
  m2 /= nn;
  m3 /= nn;
  m4 /= nn;
  // Standard errors of the sample moments of N(0, 1): √(1/n), √(2/n), √(15/n), √(96/n).
  CHECK(std::fabs(m1) < 5.0 * std::sqrt(1.0 / nn));
  CHECK(std::fabs(m2 - 1.0) < 5.0 * std::sqrt(2.0 / nn));
  CHECK(std::fabs(m3) < 5.0 * std::sqrt(15.0 / nn));
  CHECK(std::fabs(m4 - 3.0) < 5.0 * std::sqrt(96.0 / nn));
}

TEST_CASE("ziggurat_normal: Kolmogorov-Smirnov and chi-square against the normal CDF",
          "[rng][ziggurat]") {
  constexpr std::size_t n = 1000000;
  auto z = draws(n, 12);
  std::sort(z.begin(), z.end());
  const double nn = static_cast<double>(n);
  double d = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const double F = boost::math::cdf(phi, z[j]);
    d = std::max({d, static_cast<double>(j + 1) / nn - F, F - static_cast<double>(j) / nn});
  }
  // Asymptotic Kolmogorov distribution: P(√n·D > 1.949) = 0.001.
  INFO("sqrt(n) D = " << std::sqrt(nn) * d);
  CHECK(std::sqrt(nn) * d < 1.949);
  // χ² on 1000 equiprobable bins (1000 expected each).
  constexpr std::size_t bins = 1000;
  std::vector<double> counts(bins, 0.0);
  for (double x : z) {
    counts[std::min(bins - 1, static_cast<std::size_t>(boost::math::cdf(phi, x) * bins))] += 1;
  }
  double x2 = 0;
  const double expected = nn / bins;
  for (double c : counts) x2 += (c - expected) * (c - expected) / expected;
  const boost::math::chi_squared_distribution<double> chi2(bins - 1);
  const double p = boost::math::cdf(boost::math::complement(chi2, x2));
  INFO("chi-square p = " << p);
  CHECK(p >= 0.001);  // fixed seed: deterministic
}

TEST_CASE("ziggurat_normal: the tails beyond r, 4.5 and 5 have the normal's mass", "[rng][ziggurat]") {
  // Layer 0's tail algorithm and the outermost wedges decide these counts.
  constexpr std::size_t n = 8000000;
  const auto z = draws(n, 13);
  for (const double t : {1.0, 3.0, prevsim::ziggurat_layers::r, 4.5, 5.0}) {
    std::size_t above = 0, below = 0;
    for (double x : z) {
      above += x > t ? 1 : 0;
      below += x < -t ? 1 : 0;
    }
    const double p = boost::math::cdf(boost::math::complement(phi, t));
    const double nn = static_cast<double>(n);
    const double mean = nn * p, sd = std::sqrt(nn * p * (1 - p));
    INFO("t = " << t << ": above " << above << ", below " << below << ", expected " << mean << " ± " << sd);
    CHECK(std::fabs(static_cast<double>(above) - mean) < 5.0 * sd + 1.0);
    CHECK(std::fabs(static_cast<double>(below) - mean) < 5.0 * sd + 1.0);
  }
}

TEST_CASE("ziggurat_normal: beyond r, |z| follows the normal's tail (the tail algorithm)",
          "[rng][ziggurat]") {
  // Given |Z| > r, P(|Z| ≤ t) = 1 − Q(t)/Q(r) and E|Z| = φ(r)/Q(r), Q = 1 − Φ.
  constexpr std::size_t n = 8000000;
  const double r = prevsim::ziggurat_layers::r;
  const auto z = draws(n, 14);
  std::vector<double> tail;
  for (double x : z) {
    if (std::fabs(x) > r) tail.push_back(std::fabs(x));
  }
  std::sort(tail.begin(), tail.end());
  const double m = static_cast<double>(tail.size());
  REQUIRE(m > 1500);  // about 2 064 expected
  const double q_r = boost::math::cdf(boost::math::complement(phi, r));
  double d = 0, sum = 0, sum2 = 0;
  for (std::size_t j = 0; j < tail.size(); ++j) {
    const double F = 1.0 - boost::math::cdf(boost::math::complement(phi, tail[j])) / q_r;
    d = std::max({d, static_cast<double>(j + 1) / m - F, F - static_cast<double>(j) / m});
    sum += tail[j];
    sum2 += tail[j] * tail[j];
  }
  INFO("tail sample of " << m << ": sqrt(m) D = " << std::sqrt(m) * d);
  CHECK(std::sqrt(m) * d < 1.949);
  const double mean = sum / m, sd = std::sqrt(sum2 / m - mean * mean);
  const double expected = boost::math::pdf(phi, r) / q_r;
  INFO("mean |z| beyond r: " << mean << ", expected " << expected);
  CHECK(std::fabs(mean - expected) < 5.0 * sd / std::sqrt(m));
}
