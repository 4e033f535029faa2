// Tests for include/prevsim/stats/accumulator.hpp: Welford's running moments and
// Chan–Golub–LeVeque merging.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "prevsim/stats/accumulator.hpp"

using prevsim::stats::accumulator;

namespace {

accumulator accumulate(const std::vector<double>& values, std::size_t begin, std::size_t end) {
  accumulator acc;
  for (std::size_t i = begin; i < end; ++i) acc.add(values[i]);
  return acc;
}

// A deterministic, irregular sequence with a large offset, so that merging
// errors in the δ² n_a n_b / n term would show.
std::vector<double> irregular_values(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i);
    v[i] = 1000.0 + 50.0 * std::sin(0.37 * t) + 0.01 * t * t - 3.0 * std::cos(1.7 * t);
  }
  return v;
}

}  // namespace

TEST_CASE("accumulator: mean, variance, extremes and mcse match a hand calculation",
          "[stats][accumulator]") {
  // 2, 4, 4, 4, 5, 5, 7, 9: sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32,
  // sample variance 32/7; mcse = sqrt(32/7)/sqrt(8) = sqrt(4/7).
  // Tolerance 1e-14 relative: a handful of roundings in Welford's update.
  accumulator acc;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) acc.add(x);
  CHECK(acc.count() == 8);
  CHECK(acc.mean() == Approx(5.0).epsilon(1e-14));
  CHECK(acc.variance() == Approx(32.0 / 7.0).epsilon(1e-14));
  CHECK(acc.sd() == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-14));
  CHECK(acc.mcse() == Approx(std::sqrt(4.0 / 7.0)).epsilon(1e-14));
  CHECK(acc.mcse() == Approx(acc.sd() / std::sqrt(8.0)).epsilon(1e-15));
  CHECK(acc.min() == 2.0);
  CHECK(acc.max() == 9.0);
}

TEST_CASE("accumulator: empty and single-value accumulators report NaN where undefined",
          "[stats][accumulator]") {
  accumulator empty;
  CHECK(empty.count() == 0);
  CHECK(std::isnan(empty.mean()));
  CHECK(std::isnan(empty.variance()));
  CHECK(std::isnan(empty.sd()));
  CHECK(std::isnan(empty.min()));
  CHECK(std::isnan(empty.max()));

  accumulator one;
  one.add(-3.5);
  CHECK(one.count() == 1);
  CHECK(one.mean() == -3.5);
  CHECK(std::isnan(one.variance()));  // divisor n − 1 = 0
  CHECK(std::isnan(one.mcse()));
  CHECK(one.min() == -3.5);
  CHECK(one.max() == -3.5);
}

TEST_CASE("accumulator: numerically stable for values with a large common offset",
          "[stats][accumulator]") {
  // 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, deviations ±3, ±6, variance (9+36+9+36)/3 = 30.
  // A sum-of-squares formula loses every digit here (x² ~ 1e18, ulp 128).
  // Every value, mean and deviation is an integer below 2^53, so Welford's
  // update is exact except for mean_ += δ/n; 1e-12 relative allows for that.
  accumulator acc;
  for (double x : {4.0, 7.0, 13.0, 16.0}) acc.add(1e9 + x);
  CHECK(acc.mean() == Approx(1e9 + 10.0).epsilon(1e-15));
  CHECK(acc.variance() == Approx(30.0).epsilon(1e-12));
  CHECK(acc.min() == 1e9 + 4.0);
  CHECK(acc.max() == 1e9 + 16.0);

  // The same through a merge of two halves.
  accumulator a, b;
  a.add(1e9 + 4.0);
  a.add(1e9 + 7.0);
  b.add(1e9 + 13.0);
  b.add(1e9 + 16.0);
  a.merge(b);
  CHECK(a.count() == 4);
  CHECK(a.mean() == Approx(1e9 + 10.0).epsilon(1e-15));
  CHECK(a.variance() == Approx(30.0).epsilon(1e-12));
}

TEST_CASE("accumulator: merging two halves equals accumulating the whole",
          "[stats][accumulator]") {
  // Welford and the pairwise merge round differently, so the merged moments
  // agree with the sequential ones to a few ulps per operation, not bit for bit;
  // 1e-12 relative is the brief's bound and far below any formula error (a
  // missing δ² n_a n_b / n term changes the variance by tens of percent here).
  const auto values = irregular_values(1001);
  const accumulator whole = accumulate(values, 0, values.size());
  for (std::size_t split : {std::size_t{1}, std::size_t{2}, std::size_t{300}, std::size_t{500},
                            std::size_t{1000}}) {
    INFO("split at " << split);
    accumulator left = accumulate(values, 0, split);
    const accumulator right = accumulate(values, split, values.size());
    left.merge(right);
    CHECK(left.count() == whole.count());
    CHECK(left.mean() == Approx(whole.mean()).epsilon(1e-12));
    CHECK(left.variance() == Approx(whole.variance()).epsilon(1e-12));
    CHECK(left.min() == whole.min());
    CHECK(left.max() == whole.max());
  }
}

TEST_CASE("accumulator: merging with an empty side changes nothing", "[stats][accumulator]") {
  const auto values = irregular_values(50);
  const accumulator full = accumulate(values, 0, values.size());

  accumulator into_full = full;
  into_full.merge(accumulator{});
  accumulator into_empty;
  into_empty.merge(full);
  for (const accumulator* acc : {&into_full, &into_empty}) {
    // Exact: no arithmetic may happen when one side is empty.
    CHECK(acc->count() == full.count());
    CHECK(acc->mean() == full.mean());
    CHECK(acc->variance() == full.variance());
    CHECK(acc->min() == full.min());
    CHECK(acc->max() == full.max());
  }

  accumulator both_empty;
  both_empty.merge(accumulator{});
  CHECK(both_empty.count() == 0);
  CHECK(std::isnan(both_empty.mean()));
  // An empty accumulator's ±inf extremes must not leak into a later add.
  both_empty.add(7.0);
  CHECK(both_empty.min() == 7.0);
  CHECK(both_empty.max() == 7.0);
}

TEST_CASE("accumulator: many merged chunks agree with a two-pass calculation",
          "[stats][accumulator]") {
  // Reference: the textbook two-pass mean and variance, computed here
  // independently. 1e-12 relative: both sides are accurate to ~1e-15 on data
  // whose spread is 5 % of their level.
  const auto values = irregular_values(997);
  double sum = 0;
  for (double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double variance = ss / static_cast<double>(values.size() - 1);

  accumulator total;
  for (std::size_t begin = 0; begin < values.size(); begin += 100) {
    total.merge(accumulate(values, begin, std::min(begin + 100, values.size())));
  }
  CHECK(total.count() == 997);
  CHECK(total.mean() == Approx(mean).epsilon(1e-12));
  CHECK(total.variance() == Approx(variance).epsilon(1e-12));
  const accumulator whole = accumulate(values, 0, values.size());
  CHECK(whole.mean() == Approx(mean).epsilon(1e-12));
  CHECK(whole.variance() == Approx(variance).epsilon(1e-12));
}
