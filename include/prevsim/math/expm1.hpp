#pragma once
/// @file
/// e^x − 1 for x ≤ 0, written for loops over lanes: branch-free, so that a
/// loop calling it vectorises, and built from +, −, × and bit operations only,
/// each rounded once (the prevsim target turns FMA contraction off), so that a
/// lane gets the same bits from the SSE2, AVX2 and AVX-512 copies of a kernel.
/// It serves rate_to_prob and rescale_prob, whose arguments are never
/// positive. The C library's expm1 is a scalar call (4 to 5 ns here, a fifth
/// of a cohort PSA's time); the vector versions at hand either differ by
/// instruction set (glibc's libmvec) or are slower (SLEEF's deterministic
/// variants, 4 to 14 ns).
///
/// Method (fdlibm's reduction, without its branches):
///  - x = k·ln2 + r with k = round(x/ln2), |r| ≤ ln2/2 (plus rounding):
///    r = (x − k·ln2_hi) − k·ln2_lo, where ln2_hi has its 21 low bits zero,
///    so k·ln2_hi and x − k·ln2_hi are exact; c is what rounding r loses;
///  - e^(r+c) − 1 = r + t, t = r²·(1/2! + r/3! + … + r^11/13!) + c·(1 + r):
///    the Taylor tail left out is below r^14/14! ≤ 4.2·10⁻¹⁸ on |r| ≤ 0.347,
///    a tenth of an ulp of the result there;
///  - e^x − 1 = (2^k − 1) + 2^k·r + 2^k·t, where 2^k − 1 and 2^k·r are exact
///    (k ≤ 0) and the rounding error of their sum is recovered exactly
///    (Fast2Sum: |2^k − 1| ≥ |2^k·r| unless k = 0, where the sum is r), so
///    that only the last addition rounds at the result's scale.
/// The error is below 1 ulp (tests/cpp/math/expm1_test.cpp measures it against
/// long double). Special values as the C function's: NaN → NaN, −0 → −0,
/// below −40 (e^x < 2^−57) and −∞ → −1. A positive x gives NaN.
///
/// \test tests/cpp/math/expm1_test.cpp

#include <cstdint>
#include <cstring>
#include <limits>

namespace prevsim::math {

inline double expm1_nonpositive(double x) {
  // The clamp keeps 2^k normal; NaN fails the comparison and passes through.
  const double y = x < -40.0 ? -40.0 : x;

  constexpr double inv_ln2 = 1.44269504088896338700;
  constexpr double ln2_hi = 6.93147180369123816490e-01;  // 0x3FE62E42FEE00000
  constexpr double ln2_lo = 1.90821492927058770002e-10;  // ln 2 − ln2_hi
  constexpr double shifter = 6755399441055744.0;         // 1.5·2^52: rounds to an integer
  const double shifted = y * inv_ln2 + shifter;
  const double k = shifted - shifter;
  const double hi = y - k * ln2_hi;  // exact
  const double lo = k * ln2_lo;
  const double r = hi - lo;
  const double c = (hi - r) - lo;

  // t = r²·(1/2! + r/3! + … + r^11/13!) + c·(1 + r), by Horner's rule.
  double q = 1.0 / 6227020800.0;  // 1/13!
  q = q * r + 1.0 / 479001600.0;
  q = q * r + 1.0 / 39916800.0;
  q = q * r + 1.0 / 3628800.0;
  q = q * r + 1.0 / 362880.0;
  q = q * r + 1.0 / 40320.0;
  q = q * r + 1.0 / 5040.0;
  q = q * r + 1.0 / 720.0;
  q = q * r + 1.0 / 120.0;
  q = q * r + 1.0 / 24.0;
  q = q * r + 1.0 / 6.0;
  q = q * r + 0.5;
  const double t = (r * r) * q + (c + c * r);

  // 2^k from the integer k held in the low bits of `shifted`.
  std::uint64_t bits;
  std::memcpy(&bits, &shifted, sizeof bits);
  std::uint64_t shifter_bits;
  std::memcpy(&shifter_bits, &shifter, sizeof shifter_bits);
  const std::uint64_t scale_bits = (bits - shifter_bits + 1023u) << 52;
  double scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);

  const double a = scale - 1.0;
  const double b = scale * r;
  const double sum = a + b;
  const double sum_error = b - (sum - a);
  const double result = sum + (scale * t + sum_error);
  // −0 keeps its sign; a positive x is outside the domain.
  const double in_domain = x == 0.0 ? x : result;
  return x > 0.0 ? std::numeric_limits<double>::quiet_NaN() : in_domain;
}

}  // namespace prevsim::math
