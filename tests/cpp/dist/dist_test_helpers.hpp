#pragma once
/// @file
/// Shared helpers for the distribution tests: sampling through the normal-score
/// map exactly as the samplers do, Pearson's chi-square against equiprobable
/// bins cut at the distribution's own (Boost-based) quantiles, and quantile/cdf
/// consistency checks. Not a test file itself (the CMake glob only takes
/// *_test.cpp).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/math/distributions/chi_squared.hpp>

#include "prevsim/dist.hpp"
#include "prevsim/rng.hpp"

namespace prevsim_test {

namespace pd = prevsim::dist;

/// Draws used by every goodness-of-fit test: 20 000 values, 50 equiprobable
/// bins (400 expected per bin, far above the ~5 a chi-square needs), rejected
/// at p < 0.001. The seeds are fixed, so each test is deterministic; a
/// correct sampler fails one such test with probability 0.001 per seed, which
/// was checked once when the seed was chosen and can never change afterwards.
inline constexpr std::size_t gof_draws = 20000;
inline constexpr std::size_t gof_bins = 50;
inline constexpr double gof_alpha = 0.001;

/// x_i = map(z_i) with z_i = standard_normal(random_stream(seed, parameters, i)):
/// one stream per draw, the first normal of each, as the independent sampler
/// draws its first parameter.
inline std::vector<double> sample_by_normal_score(const pd::distribution& d, std::uint64_t seed,
                                                  std::size_t n = gof_draws) {
  const pd::internal::normal_score_map map(d);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    prevsim::random_stream stream(seed, prevsim::stream_ids::parameters, i);
    x[i] = map(prevsim::standard_normal(stream));
  }
  return x;
}

struct chi_square_result {
  double statistic = 0;
  double degrees_of_freedom = 0;
  double p_value = 0;
};

/// Pearson's X² = Σ (O − E)²/E for observed counts against expected counts.
inline chi_square_result pearson_chi_square(const std::vector<double>& observed,
                                            const std::vector<double>& expected) {
  chi_square_result r;
  for (std::size_t k = 0; k < observed.size(); ++k) {
    const double diff = observed[k] - expected[k];
    r.statistic += diff * diff / expected[k];
  }
  r.degrees_of_freedom = static_cast<double>(observed.size()) - 1.0;
  r.p_value = boost::math::cdf(boost::math::complement(
      boost::math::chi_squared_distribution<double>(r.degrees_of_freedom), r.statistic));
  return r;
}

/// Chi-square of @p xs against @p bins equiprobable bins of @p d, whose edges
/// are d's own quantiles Q(k/K), k = 1..K−1 (Boost.Math underneath).
inline chi_square_result equiprobable_chi_square(const std::vector<double>& xs,
                                                 const pd::distribution& d,
                                                 std::size_t bins = gof_bins) {
  std::vector<double> edges(bins - 1);
  for (std::size_t k = 1; k < bins; ++k) {
    edges[k - 1] = pd::quantile(d, static_cast<double>(k) / static_cast<double>(bins));
  }
  std::vector<double> observed(bins, 0.0);
  for (double x : xs) {
    const auto k = std::upper_bound(edges.begin(), edges.end(), x) - edges.begin();
    observed[static_cast<std::size_t>(k)] += 1.0;
  }
  const std::vector<double> expected(
      bins, static_cast<double>(xs.size()) / static_cast<double>(bins));
  return pearson_chi_square(observed, expected);
}

inline double sample_mean(const std::vector<double>& xs) {
  double s = 0;
  for (double x : xs) s += x;
  return s / static_cast<double>(xs.size());
}

/// The standard deviation with divisor n − 1.
inline double sample_sd(const std::vector<double>& xs) {
  const double m = sample_mean(xs);
  double ss = 0;
  for (double x : xs) ss += (x - m) * (x - m);
  return std::sqrt(ss / (static_cast<double>(xs.size()) - 1.0));
}

/// The full goodness-of-fit check of one distribution at one seed: the
/// chi-square test does not reject at 0.001, and the sample mean is within 4
/// Monte Carlo standard errors (sd/√n, from the exact sd) of the exact mean
/// (a two-sided 4-SE band fails a correct sampler with probability 6e-5).
inline void check_goodness_of_fit(const pd::distribution& d, std::uint64_t seed,
                                  std::size_t bins = gof_bins) {
  const auto xs = sample_by_normal_score(d, seed);
  const auto r = equiprobable_chi_square(xs, d, bins);
  INFO(pd::describe(d) << ", seed " << seed << ": X² = " << r.statistic << " on "
                       << r.degrees_of_freedom << " df, p = " << r.p_value);
  CHECK(r.p_value >= gof_alpha);
  const double standard_error = pd::sd(d) / std::sqrt(static_cast<double>(xs.size()));
  CHECK(std::fabs(sample_mean(xs) - pd::mean(d)) <= 4.0 * standard_error);
  // Every value lies in the support.
  CHECK(*std::min_element(xs.begin(), xs.end()) >= pd::lower(d));
  CHECK(*std::max_element(xs.begin(), xs.end()) <= pd::upper(d));
}

/// Probabilities from 1e-300 to 1 − 1e-3 that the quantile/cdf checks use:
/// deep tail, tail, body.
inline const std::vector<double>& probability_grid() {
  static const std::vector<double> grid{1e-300, 1e-100, 1e-30, 1e-15, 1e-8, 1e-4, 0.001, 0.01,
                                        0.025,  0.1,    0.25,  0.4,   0.5,  0.6,  0.75,  0.9,
                                        0.975,  0.99,   0.999};
  return grid;
}

/// cdf(quantile(p)) == p within relative @p rel_tol (plus an absolute
/// @p abs_margin, for supports away from 0 where x itself is only resolved to
/// an ulp of its magnitude) for every p in @p ps.
inline void check_cdf_inverts_quantile(const pd::distribution& d, double rel_tol,
                                       const std::vector<double>& ps = probability_grid(),
                                       double abs_margin = 0.0) {
  for (double p : ps) {
    const double x = pd::quantile(d, p);
    INFO(pd::describe(d) << ": p = " << p << ", quantile = " << x);
    CHECK(pd::cdf(d, x) == Approx(p).epsilon(rel_tol).margin(abs_margin));
  }
}

/// quantile_complement(q) == quantile(1 − q) in the body, where 1 − q is exact
/// enough: both sides are the same point, computed from opposite ends. The
/// tolerance is in units of the distribution's sd.
inline void check_complement_matches_body(const pd::distribution& d, double sd_tol) {
  for (double q : {0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95}) {
    INFO(pd::describe(d) << ": q = " << q);
    CHECK(pd::quantile_complement(d, q) ==
          Approx(pd::quantile(d, 1.0 - q)).margin(sd_tol * pd::sd(d)).epsilon(0));
  }
}

/// quantile_complement(q) is precise in the upper tail: the exact upper-tail
/// probability @p ccdf (computed in the test from Boost's complement cdf or a
/// closed form, never as 1 − cdf) of the returned point is q within relative
/// @p rel_tol, for q down to @p smallest.
inline void check_upper_tail(const pd::distribution& d, const std::function<double(double)>& ccdf,
                             double rel_tol, double smallest = 1e-300) {
  for (double q : {1e-3, 1e-6, 1e-10, 1e-15, 1e-20, 1e-30, 1e-50, 1e-100, 1e-200, 1e-300}) {
    if (q < smallest) break;
    const double x = pd::quantile_complement(d, q);
    INFO(pd::describe(d) << ": q = " << q << ", quantile_complement = " << x);
    CHECK(ccdf(x) == Approx(q).epsilon(rel_tol).margin(0));
  }
}

}  // namespace prevsim_test
