#pragma once
/// @file
/// Any univariate distribution prevsim supports, as one value type.

#include <string>
#include <variant>

#include "prevsim/dist/beta.hpp"
#include "prevsim/dist/empirical.hpp"
#include "prevsim/dist/fixed.hpp"
#include "prevsim/dist/gamma.hpp"
#include "prevsim/dist/lognormal.hpp"
#include "prevsim/dist/normal.hpp"
#include "prevsim/dist/pert.hpp"
#include "prevsim/dist/triangular.hpp"
#include "prevsim/dist/truncated_normal.hpp"
#include "prevsim/dist/uniform.hpp"

namespace prevsim::dist {

/// A univariate distribution of any supported kind. Every alternative offers
/// mean(), sd(), lower(), upper(), quantile(p), quantile_complement(q), cdf(x),
/// name() and describe(); the free functions below dispatch to them.
using distribution = std::variant<fixed, normal, lognormal, beta, gamma, uniform, triangular, pert,
                                  truncated_normal, empirical>;

inline double mean(const distribution& d) {
  return std::visit([](const auto& x) { return x.mean(); }, d);
}
inline double sd(const distribution& d) {
  return std::visit([](const auto& x) { return x.sd(); }, d);
}
inline double lower(const distribution& d) {
  return std::visit([](const auto& x) { return x.lower(); }, d);
}
inline double upper(const distribution& d) {
  return std::visit([](const auto& x) { return x.upper(); }, d);
}
/// The p-quantile, p in [0, 1].
inline double quantile(const distribution& d, double p) {
  return std::visit([p](const auto& x) { return x.quantile(p); }, d);
}
/// The (1 − q)-quantile, accurate for small q.
inline double quantile_complement(const distribution& d, double q) {
  return std::visit([q](const auto& x) { return x.quantile_complement(q); }, d);
}
inline double cdf(const distribution& d, double x) {
  return std::visit([x](const auto& v) { return v.cdf(x); }, d);
}
inline std::string name(const distribution& d) {
  return std::visit([](const auto& x) { return x.name(); }, d);
}
inline std::string describe(const distribution& d) {
  return std::visit([](const auto& x) { return x.describe(); }, d);
}

/// The value with normal score @p z: Q(Φ(z)), computed through the complement
/// for z > 0 so that both tails keep full precision. This is the exact map that
/// every sampler in prevsim applies to standard normal draws.
inline double from_normal_score(const distribution& d, double z) {
  return z <= 0 ? quantile(d, internal::phi_cdf(z)) : quantile_complement(d, internal::phi_cdf(-z));
}

}  // namespace prevsim::dist
