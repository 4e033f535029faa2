// Tests for include/prevsim/math/expm1.hpp: the error against long double
// expm1l (an independent, more precise evaluation) over the whole domain,
// special values, and the same bits from the SSE2, AVX2 and AVX-512 copies of
// a loop over lanes.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/math/expm1.hpp"
#include "prevsim/simd/instruction_set.hpp"

namespace math = prevsim::math;
namespace simd = prevsim::simd;

namespace {

// |got − exact| in units of the spacing of doubles at the exact value.
double ulp_error(double got, long double exact) {
  const double rounded = static_cast<double>(exact);
  const double magnitude = std::fabs(rounded);
  const double spacing = std::nextafter(magnitude, std::numeric_limits<double>::infinity()) -
                         magnitude;
  return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / spacing);
}

double worst_ulp_error(const std::vector<double>& xs) {
  double worst = 0;
  for (const double x : xs) {
    const double e = ulp_error(math::expm1_nonpositive(x), expm1l(static_cast<long double>(x)));
    if (e > worst) {
      worst = e;
      UNSCOPED_INFO("worst so far at x = " << std::setprecision(17) << x);
    }
  }
  return worst;
}

std::vector<double> uniform(double a, double b, std::size_t n, std::uint32_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(a, b);
  std::vector<double> out(n);
  for (auto& x : out) x = u(gen);
  return out;
}

// ±10^u with u uniform on [lo, hi]: every scale of magnitude.
std::vector<double> log_uniform(double lo, double hi, double sign, std::size_t n,
                                std::uint32_t seed) {
  auto exponents = uniform(lo, hi, n, seed);
  for (auto& x : exponents) x = sign * std::pow(10.0, x);
  return exponents;
}

std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

// The same loop compiled for each instruction set, as the kernels are.
#if PREVSIM_ISA_DISPATCH
PREVSIM_KERNEL_FOR("avx512f,avx512vl,avx512dq")
void expm1_avx512(const double* x, double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = math::expm1_nonpositive(x[i]);
}
PREVSIM_KERNEL_FOR("avx2")
void expm1_avx2(const double* x, double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = math::expm1_nonpositive(x[i]);
}
#endif
PREVSIM_KERNEL_GENERIC
void expm1_generic(const double* x, double* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = math::expm1_nonpositive(x[i]);
}

}  // namespace

TEST_CASE("math::expm1_nonpositive: below 1 ulp of the exact value", "[math]") {
  // Every scale down to the smallest normal, the reduction's boundaries, and
  // past the point where the result is -1.
  CHECK(worst_ulp_error(uniform(-0.35, 0.0, 400000, 1)) < 1.0);
  CHECK(worst_ulp_error(uniform(-3.0, -0.3, 400000, 2)) < 1.0);
  CHECK(worst_ulp_error(uniform(-45.0, -3.0, 400000, 3)) < 1.0);
  CHECK(worst_ulp_error(log_uniform(-307.0, 1.6, -1.0, 400000, 4)) < 1.0);
  // k = round(x/ln 2) changes at odd multiples of ln2/2: both sides of each.
  std::vector<double> edges;
  for (int j = -61; j <= -1; j += 2) {
    const double edge = j * 0.34657359027997264;
    for (int step = -3; step <= 3; ++step) edges.push_back(edge * (1 + step * 1e-15));
  }
  CHECK(worst_ulp_error(edges) < 1.0);
}

TEST_CASE("math::expm1_nonpositive: hand values and special values", "[math]") {
  // e^-1 - 1 = -0.63212055882855767840 and e^-10 - 1 = -0.99995460007023751515
  // (to 20 digits)
  CHECK(math::expm1_nonpositive(-1.0) == Approx(-0.63212055882855767840).epsilon(2e-16));
  CHECK(math::expm1_nonpositive(-10.0) == Approx(-0.99995460007023751515).epsilon(2e-16));
  // Tiny x: e^x - 1 = x + x²/2 rounds to x.
  CHECK(math::expm1_nonpositive(-1e-20) == -1e-20);
  CHECK(math::expm1_nonpositive(-3e-300) == -3e-300);
  const double denormal = std::numeric_limits<double>::denorm_min();
  CHECK(math::expm1_nonpositive(-denormal) == -denormal);
  // Signed zeros keep their sign.
  CHECK(math::expm1_nonpositive(0.0) == 0.0);
  CHECK_FALSE(std::signbit(math::expm1_nonpositive(0.0)));
  CHECK(std::signbit(math::expm1_nonpositive(-0.0)));
  // Outside the domain: NaN.
  CHECK(std::isnan(math::expm1_nonpositive(1e-300)));
  CHECK(std::isnan(math::expm1_nonpositive(2.0)));
  CHECK(std::isnan(math::expm1_nonpositive(std::numeric_limits<double>::infinity())));
  // The result is -1 from x = -38 down (e^-38 < 2^-54), at -inf too.
  CHECK(math::expm1_nonpositive(-38.0) == -1.0);
  CHECK(math::expm1_nonpositive(-40.0) == -1.0);
  CHECK(math::expm1_nonpositive(-745.2) == -1.0);
  CHECK(math::expm1_nonpositive(-std::numeric_limits<double>::infinity()) == -1.0);
  CHECK(math::expm1_nonpositive(-std::numeric_limits<double>::max()) == -1.0);
  CHECK(std::isnan(math::expm1_nonpositive(std::nan(""))));
}

TEST_CASE("math::expm1_nonpositive: the same bits on every instruction set", "[math][simd]") {
  std::vector<double> x = uniform(-45.0, 0.0, 4096, 11);
  const auto tiny = log_uniform(-300.0, 0.0, -1.0, 1024, 12);
  x.insert(x.end(), tiny.begin(), tiny.end());
  x.push_back(std::nan(""));
  x.push_back(-0.0);
  x.push_back(-std::numeric_limits<double>::infinity());
  std::vector<double> reference(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) reference[i] = math::expm1_nonpositive(x[i]);

  auto same_bits = [&](const std::vector<double>& y) {
    std::size_t differing = 0;
    for (std::size_t i = 0; i < x.size(); ++i) differing += bits_of(y[i]) != bits_of(reference[i]);
    return differing;
  };
  std::vector<double> y(x.size());
  expm1_generic(x.data(), y.data(), x.size());
  CHECK(same_bits(y) == 0);
#if PREVSIM_ISA_DISPATCH
  if (simd::supported() >= simd::instruction_set::avx2) {
    expm1_avx2(x.data(), y.data(), x.size());
    CHECK(same_bits(y) == 0);
  }
  if (simd::supported() >= simd::instruction_set::avx512) {
    expm1_avx512(x.data(), y.data(), x.size());
    CHECK(same_bits(y) == 0);
  }
#endif
}
