// Tests for include/prevsim/stats/summary.hpp: the standard summary of a Monte
// Carlo output, for one sequence and for every column of a matrix.

#include <cmath>
#include <stdexcept>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>
#include <oneapi/tbb/task_arena.h>

#include "prevsim/stats/summary.hpp"

using Catch::Matchers::Message;
using prevsim::stats::summarize;
using prevsim::stats::summarize_columns;
using prevsim::stats::summary;

namespace {

// Field-by-field bitwise equality (NaN fields compare equal to NaN).
bool same_bits(const summary& a, const summary& b) {
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  return a.n == b.n && same(a.mean, b.mean) && same(a.sd, b.sd) && same(a.mcse, b.mcse) &&
         same(a.min, b.min) && same(a.max, b.max) && same(a.median, b.median) &&
         same(a.p05, b.p05) && same(a.p95, b.p95) && same(a.p025, b.p025) &&
         same(a.p975, b.p975);
}

// A deterministic draws × outputs matrix whose columns differ in level, spread
// and shape.
Eigen::MatrixXd example_draws(Eigen::Index rows) {
  Eigen::MatrixXd m(rows, 4);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const double t = static_cast<double>(r);
    m(r, 0) = std::sin(0.7 * t);
    m(r, 1) = 1e4 + 250.0 * std::cos(1.3 * t) * std::cos(0.01 * t);
    m(r, 2) = std::exp(std::sin(2.9 * t));
    m(r, 3) = static_cast<double>((r * 7919) % 101) - 50.0;
  }
  return m;
}

}  // namespace

TEST_CASE("summarize: every field of the summary of 1..20 matches a hand calculation",
          "[stats][summary]") {
  // 1..20 in a scrambled order: mean 10.5, sample variance n(n+1)/12 = 35,
  // mcse = sqrt(35/20). Type-7 quantiles, h = 19p:
  //   median h = 9.5   → 10.5      p05  h = 0.95  → 1.95    p95  h = 18.05  → 19.05
  //   p025   h = 0.475 → 1.475     p975 h = 18.525 → 19.525
  // (NumPy: np.quantile(np.arange(1, 21), [.5, .05, .95, .025, .975]) agrees.)
  // Distinct values for every field, so a field wired to the wrong statistic fails.
  // Tolerance 1e-13 relative: rounding of 19p and of Welford's update.
  std::vector<double> values;
  for (int i = 0; i < 20; ++i) values.push_back(static_cast<double>((i * 7) % 20 + 1));
  const summary s = summarize(values);
  CHECK(s.n == 20);
  CHECK(s.mean == Approx(10.5).epsilon(1e-13));
  CHECK(s.sd == Approx(std::sqrt(35.0)).epsilon(1e-13));
  CHECK(s.mcse == Approx(std::sqrt(35.0 / 20.0)).epsilon(1e-13));
  CHECK(s.min == 1.0);
  CHECK(s.max == 20.0);
  CHECK(s.median == Approx(10.5).epsilon(1e-13));
  CHECK(s.p05 == Approx(1.95).epsilon(1e-13));
  CHECK(s.p95 == Approx(19.05).epsilon(1e-13));
  CHECK(s.p025 == Approx(1.475).epsilon(1e-13));
  CHECK(s.p975 == Approx(19.525).epsilon(1e-13));
}

TEST_CASE("summarize: rejects no values and NaN values with the quantile messages",
          "[stats][summary]") {
  REQUIRE_THROWS_MATCHES(summarize({}), std::invalid_argument,
                         Message("quantiles: values is empty"));
  REQUIRE_THROWS_MATCHES(summarize({1.0, std::nan("")}), std::domain_error,
                         Message("quantiles: values[2] is nan, but must be a number, not NaN"));
}

TEST_CASE("summarize_columns: each column is summarised on its own", "[stats][summary]") {
  const Eigen::MatrixXd draws = example_draws(1000);
  const auto all = summarize_columns(draws);
  REQUIRE(all.size() == 4);
  for (Eigen::Index c = 0; c < draws.cols(); ++c) {
    INFO("column " << c);
    std::vector<double> column(draws.col(c).data(), draws.col(c).data() + draws.rows());
    CHECK(same_bits(all[static_cast<std::size_t>(c)], summarize(column)));
  }
  // Changing one column changes only its own summary.
  Eigen::MatrixXd changed = draws;
  changed.col(2) *= 3.0;
  const auto after = summarize_columns(changed);
  CHECK(same_bits(after[0], all[0]));
  CHECK(same_bits(after[1], all[1]));
  CHECK_FALSE(same_bits(after[2], all[2]));
  // Scaled by 3: the mean scales too, up to a few roundings.
  CHECK(after[2].mean == Approx(3.0 * all[2].mean).epsilon(1e-13));
  CHECK(same_bits(after[3], all[3]));
}

TEST_CASE("summarize_columns: row-major matrices and block expressions give the same result",
          "[stats][summary]") {
  const Eigen::MatrixXd draws = example_draws(700);
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> row_major = draws;
  const auto a = summarize_columns(draws);
  const auto b = summarize_columns(row_major);
  const auto c = summarize_columns(draws.rightCols(2));
  REQUIRE(b.size() == 4);
  REQUIRE(c.size() == 2);
  for (std::size_t i = 0; i < 4; ++i) CHECK(same_bits(a[i], b[i]));
  CHECK(same_bits(c[0], a[2]));
  CHECK(same_bits(c[1], a[3]));
}

TEST_CASE("summarize_columns: same bits for 1 and 2 threads", "[stats][summary]") {
  // Many columns, so that TBB really splits the work across threads.
  Eigen::MatrixXd draws(2000, 64);
  for (Eigen::Index c = 0; c < draws.cols(); ++c) {
    for (Eigen::Index r = 0; r < draws.rows(); ++r) {
      draws(r, c) = std::sin(0.1 * static_cast<double>(r * (c + 1)) + static_cast<double>(c));
    }
  }
  std::vector<summary> one, two;
  oneapi::tbb::task_arena(1).execute([&] { one = summarize_columns(draws); });
  oneapi::tbb::task_arena(2).execute([&] { two = summarize_columns(draws); });
  REQUIRE(one.size() == 64);
  REQUIRE(two.size() == 64);
  for (std::size_t c = 0; c < one.size(); ++c) {
    INFO("column " << c);
    CHECK(same_bits(one[c], two[c]));
  }
}

TEST_CASE("summarize_columns: a matrix without rows is rejected", "[stats][summary]") {
  const Eigen::MatrixXd empty(0, 3);
  REQUIRE_THROWS_MATCHES(summarize_columns(empty), std::invalid_argument,
                         Message("quantiles: values is empty"));
  CHECK(summarize_columns(Eigen::MatrixXd(5, 0)).empty());
}
