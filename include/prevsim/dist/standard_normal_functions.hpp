#pragma once
/// @file
/// Φ, its complement, its inverse and φ for the standard normal, accurate in both
/// tails (Boost.Math, throwing error policy).

#include <boost/math/distributions/normal.hpp>

namespace prevsim::dist::internal {

inline const boost::math::normal_distribution<double>& unit_normal() {
  static const boost::math::normal_distribution<double> d(0.0, 1.0);
  return d;
}
/// Φ(z).
inline double phi_cdf(double z) { return boost::math::cdf(unit_normal(), z); }
/// 1 − Φ(z), without cancellation for large z.
inline double phi_ccdf(double z) {
  return boost::math::cdf(boost::math::complement(unit_normal(), z));
}
/// φ(z).
inline double phi_pdf(double z) { return boost::math::pdf(unit_normal(), z); }
/// Φ⁻¹(p) for 0 < p < 1.
inline double phi_quantile(double p) { return boost::math::quantile(unit_normal(), p); }
/// Φ⁻¹(1 − q) for 0 < q < 1, without cancellation for small q.
inline double phi_quantile_complement(double q) {
  return boost::math::quantile(boost::math::complement(unit_normal(), q));
}
/// z such that the central interval [−z, z] holds probability @p level.
inline double two_sided_z(double level) { return phi_quantile_complement((1.0 - level) / 2.0); }

}  // namespace prevsim::dist::internal
