#pragma once
/// @file
/// The standard summary of a Monte Carlo output.

#include <cmath>
#include <vector>

#include <Eigen/Core>
#include <oneapi/tbb/parallel_for.h>

#include "prevsim/stats/accumulator.hpp"
#include "prevsim/stats/quantile.hpp"

namespace prevsim::stats {

/// What every report shows for an output: mean with its Monte Carlo standard
/// error, sd, extremes, median and the 90 % and 95 % central intervals.
struct summary {
  std::int64_t n = 0;
  double mean = 0, sd = 0, mcse = 0, min = 0, max = 0;
  double median = 0;
  double p05 = 0, p95 = 0;    ///< 90 % interval
  double p025 = 0, p975 = 0;  ///< 95 % interval
};

/// Summary of one sequence of draws.
inline summary summarize(const std::vector<double>& values) {
  accumulator acc;
  for (double v : values) acc.add(v);
  const auto q = quantiles(values, {0.5, 0.05, 0.95, 0.025, 0.975});
  summary s;
  s.n = acc.count();
  s.mean = acc.mean();
  s.sd = acc.sd();
  s.mcse = acc.mcse();
  s.min = acc.min();
  s.max = acc.max();
  s.median = q[0];
  s.p05 = q[1];
  s.p95 = q[2];
  s.p025 = q[3];
  s.p975 = q[4];
  return s;
}

/// Summary of every column of a draws × outputs matrix; columns are summarised
/// in parallel (each column on its own, so the result does not depend on the
/// thread count).
template <class Derived>
std::vector<summary> summarize_columns(const Eigen::MatrixBase<Derived>& draws) {
  std::vector<summary> out(static_cast<std::size_t>(draws.cols()));
  oneapi::tbb::parallel_for(Eigen::Index{0}, draws.cols(), [&](Eigen::Index c) {
    std::vector<double> column(static_cast<std::size_t>(draws.rows()));
    for (Eigen::Index r = 0; r < draws.rows(); ++r) column[static_cast<std::size_t>(r)] = draws(r, c);
    out[static_cast<std::size_t>(c)] = summarize(column);
  });
  return out;
}

}  // namespace prevsim::stats
