// Tests for include/prevsim/cohort/simulate.hpp: results bit-identical for any
// thread count and any split into chunks, each draw equal to a single
// evaluation at that draw's parameters, the draw error (lowest failing draw,
// whatever the threads), and the argument checks.

#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <catch2/catch.hpp>

#include "cohort/cohort_test_helpers.hpp"
#include "prevsim/cohort.hpp"
#include "prevsim/dist/beta.hpp"
#include "prevsim/dist/dirichlet.hpp"
#include "prevsim/dist/fixed.hpp"
#include "prevsim/dist/gamma.hpp"
#include "prevsim/dist/lognormal.hpp"
#include "prevsim/dist/normal.hpp"
#include "prevsim/dist/uniform.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/param/sampler.hpp"

using Catch::Matchers::Message;
namespace cohort = prevsim::cohort;
namespace dist = prevsim::dist;
using cohort::counting;
using cohort::discount_timing;

namespace {

// Uncertain inputs of every kind the engine reads, including a Dirichlet
// start distribution ("start.H", "start.S").
prevsim::parameter_set psa_parameters() {
  prevsim::parameter_set ps;
  ps.add("p_sick", dist::beta(20, 180));
  ps.add("c_sick", dist::gamma(10, 100));
  ps.add("u_sick", dist::beta(70, 30));
  ps.add("hr", dist::lognormal(std::log(0.7), 0.1));
  ps.add_dirichlet({"start", {"H", "S"}, dist::dirichlet({90, 10}), "share", ""});
  return ps;
}

// Time-dependent mortality from a table, time in S tracked, a transition
// reward, two strategies with overrides.
cohort::model psa_model() {
  auto m = cohort_test::conventions(30, counting::half_cycle, discount_timing::middle, 0.035, 0.015);
  m.states = {"H", "S", "D"};
  m.rewards = {{"cost", true}, {"qaly", false}};
  m.start_age = 50;
  m.tables.emplace_back("mort", std::vector<double>{0, 60, 70}, std::vector<double>{0.005, 0.015, 0.04});
  m.time_in_state = {{"S", 5}};
  m.start = {{"H", "start.H"}, {"S", "start.S"}};
  m.transitions = {{"H", "S", "p_sick"},
                   {"H", "D", "rate_to_prob(mort(age))"},
                   {"H", "H", "C"},
                   {"S", "D", "rate_to_prob(mort(age) * 3 + 0.01 * time_in_state)"},
                   {"S", "S", "C"},
                   {"D", "D", "1"}};
  m.state_values = {{"cost", "S", "c_sick"}, {"qaly", "H", "1"}, {"qaly", "S", "u_sick"}};
  m.transition_values = {{"cost", "*", "D", "2000"}};
  cohort::strategy treat;
  treat.name = "treat";
  treat.transitions = {{"H", "S", "apply_rr(p_sick, hr)"}};
  treat.state_values = {{"cost", "S", "c_sick + 500"}};
  m.strategies = {{"usual", {}, {}, {}, {}}, treat};
  return m;
}

bool identical(const Eigen::Ref<const Eigen::MatrixXd>& a, const Eigen::Ref<const Eigen::MatrixXd>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (!(a(i, j) == b(i, j))) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("simulate: 1 and 2 threads give bit-identical results", "[cohort][simulate]") {
  const auto ps = psa_parameters();
  const cohort::compiled_model m(psa_model(), ps);
  const prevsim::parameter_sampler sampler(ps, 20240601);
  const auto one = cohort::simulate(m, sampler, 0, 100, 1);
  const auto two = cohort::simulate(m, sampler, 0, 100, 2);
  const auto all = cohort::simulate(m, sampler, 0, 100, 0);
  REQUIRE(one.discounted.rows() == 100);
  REQUIRE(one.discounted.cols() == 4);  // 2 strategies × 2 rewards
  CHECK(identical(one.discounted, two.discounted));
  CHECK(identical(one.undiscounted, two.undiscounted));
  CHECK(identical(one.parameter_draws, two.parameter_draws));
  CHECK(identical(one.discounted, all.discounted));
  // Draws differ from each other (the test is not vacuous).
  CHECK(one.discounted(0, 0) != one.discounted(1, 0));
  CHECK(one.discounted.allFinite());
}

TEST_CASE("simulate: every instruction set gives bit-identical results", "[cohort][simulate][simd]") {
  // The engine runs on the widest instruction set the processor supports
  // (simd/instruction_set.hpp); each must round exactly like the generic one.
  // Every counting method, time-varying state and transition values (the
  // cycle-by-cycle paths) and the fixed ones (the summed paths), time in state.
  namespace simd = prevsim::simd;
  const auto ps = psa_parameters();
  const prevsim::parameter_sampler sampler(ps, 77);
  const simd::instruction_set initial = simd::active();
  const auto means = cohort::internal::parameter_means(ps);
  INFO("this processor supports up to " << simd::name(simd::supported()));
  for (const counting method : {counting::beginning, counting::end, counting::half_cycle,
                                counting::simpson, counting::darth}) {
    auto model = psa_model();
    model.counting_method = method;
    if (method == counting::simpson || method == counting::darth) {
      model.timing = discount_timing::start;  // the row-based methods require it
    }
    model.cycles = 29;  // odd: Simpson's rule ends with its 3/8 rule
    model.state_values.push_back({"cost", "H", "10 * cycle + c_sick / 100"});
    model.transition_values.push_back({"qaly", "H", "S", "-0.01 * u_sick * (1 + cycle / 10)"});
    const cohort::compiled_model m(model, ps);
    simd::use(simd::instruction_set::generic);
    const auto reference = cohort::simulate(m, sampler, 0, 300, 2);
    Eigen::MatrixXd reference_trace;
    cohort::evaluate_at(m, means, "trace", &reference_trace, 1);
    for (const auto s : {simd::instruction_set::avx2, simd::instruction_set::avx512}) {
      if (s > simd::supported()) continue;
      INFO("counting method " << static_cast<int>(method) << ", instruction set " << simd::name(s));
      REQUIRE(simd::use(s) == s);
      const auto wide = cohort::simulate(m, sampler, 0, 300, 2);
      CHECK(identical(wide.discounted, reference.discounted));
      CHECK(identical(wide.undiscounted, reference.undiscounted));
      Eigen::MatrixXd trace;
      cohort::evaluate_at(m, means, "trace", &trace, 1);
      CHECK(identical(trace, reference_trace));
    }
    CHECK(reference.discounted.allFinite());
    CHECK(reference.discounted(0, 0) != reference.discounted(1, 0));
  }
  simd::use(initial);
}

TEST_CASE("simulate: one run equals the same draws in two chunks (first_draw)",
          "[cohort][simulate]") {
  const auto ps = psa_parameters();
  const cohort::compiled_model m(psa_model(), ps);
  const prevsim::parameter_sampler sampler(ps, 7);
  const auto whole = cohort::simulate(m, sampler, 0, 100, 2);
  const auto first = cohort::simulate(m, sampler, 0, 37, 2);
  const auto second = cohort::simulate(m, sampler, 37, 63, 1);
  CHECK(second.first_draw == 37);
  CHECK(identical(whole.discounted.topRows(37), first.discounted));
  CHECK(identical(whole.discounted.bottomRows(63), second.discounted));
  CHECK(identical(whole.undiscounted.bottomRows(63), second.undiscounted));
  CHECK(identical(whole.parameter_draws.bottomRows(63), second.parameter_draws));

  // Latin hypercube with a stated design size: chunks of one design agree too.
  const prevsim::parameter_sampler lhs(ps, 7, prevsim::sampling_method::latin_hypercube, 100);
  const auto lhs_whole = cohort::simulate(m, lhs, 0, 100, 1);
  const auto lhs_tail = cohort::simulate(m, lhs, 60, 40, 2);
  CHECK(identical(lhs_whole.discounted.bottomRows(40), lhs_tail.discounted));
}

TEST_CASE("simulate: each draw equals one evaluation at its sampled parameters",
          "[cohort][simulate]") {
  const auto ps = psa_parameters();
  const cohort::compiled_model m(psa_model(), ps);
  const prevsim::parameter_sampler sampler(ps, 11);
  const auto lanes = static_cast<Eigen::Index>(cohort::block_lanes);
  const Eigen::Index draws = 2 * lanes + lanes / 3;  // 3 blocks, the last one partly used
  const auto r = cohort::simulate(m, sampler, 5, draws, 2);
  CHECK(r.strategies == std::vector<std::string>{"usual", "treat"});
  CHECK(r.rewards == std::vector<std::string>{"cost", "qaly"});
  CHECK(r.reward_is_cost == std::vector<bool>{true, false});
  CHECK(r.parameters ==
        std::vector<std::string>{"p_sick", "c_sick", "u_sick", "hr", "start.H", "start.S"});
  CHECK(r.first_draw == 5);
  auto work = sampler.make_workspace();
  std::vector<double> row(ps.size());
  for (const Eigen::Index i :
       {Eigen::Index{0}, lanes - 2, lanes - 1, lanes, 2 * lanes - 1, 2 * lanes, draws - 1}) {
    INFO("row " << i);
    sampler.fill(5 + i, row.data(), work);
    for (std::size_t c = 0; c < row.size(); ++c) {
      CHECK(r.parameter_draws(i, static_cast<Eigen::Index>(c)) == row[c]);
    }
    const auto [d, u] = cohort::evaluate_at(m, row, "check");
    for (Eigen::Index s = 0; s < 2; ++s) {
      for (Eigen::Index k = 0; k < 2; ++k) {
        CHECK(r.discounted(i, s * 2 + k) == Approx(d(s, k)).epsilon(1e-13));
        CHECK(r.undiscounted(i, s * 2 + k) == Approx(u(s, k)).epsilon(1e-13));
      }
    }
  }
}

TEST_CASE("simulate: a sampled parameter that makes a probability negative",
          "[cohort][simulate][errors]") {
  // p_die ~ Normal(0.1, 0.04) is positive at its mean; in strategy B, from
  // cycle 2 on, H → D is p_die / 2, which is negative in the draws where
  // p_die < 0 (about 0.6 % of them).
  prevsim::parameter_set ps;
  ps.add("c_sick", dist::gamma(10, 100));
  ps.add("p_die", dist::normal(0.1, 0.04));
  auto model = cohort_test::conventions(5, counting::beginning, discount_timing::start, 0.03, 0.03);
  model.states = {"H", "S", "D"};
  model.rewards = {{"cost", true}, {"qaly", false}};
  model.start = {{"H", "1"}};
  model.transitions = {{"H", "S", "0.1"}, {"H", "D", "0.01"}, {"H", "H", "C"},
                       {"S", "D", "0.1"}, {"S", "S", "C"},    {"D", "D", "1"}};
  model.state_values = {{"cost", "S", "c_sick"}, {"qaly", "H", "1"}, {"qaly", "S", "0.6"}};
  const std::string expression = "if(cycle >= 2, p_die / 2, 0.01)";
  cohort::strategy b;
  b.name = "B";
  b.transitions = {{"H", "D", expression}};
  model.strategies = {{"A", {}, {}, {}, {}}, b};
  const cohort::compiled_model m(model, ps);
  const std::uint64_t seed = 37;  // chosen for blocks of 256 (see the checks below)
  const prevsim::parameter_sampler sampler(ps, seed);
  const auto lanes = static_cast<std::int64_t>(cohort::block_lanes);

  // The failing draws, found independently by sampling p_die directly.
  const std::int64_t draws = 1600;
  std::vector<std::int64_t> failing;
  std::map<std::int64_t, int> per_block;
  {
    auto work = sampler.make_workspace();
    double row[2];
    for (std::int64_t d = 0; d < draws; ++d) {
      sampler.fill(d, row, work);
      if (row[1] / 2 < -1e-12) {
        failing.push_back(d);
        ++per_block[d / lanes];
      }
    }
  }
  // The seed makes this a real test of "the lowest failing draw": it is not in
  // the first block nor the first lane of its block, several blocks fail, and
  // one block has more than one failing draw.
  REQUIRE(failing.size() >= 3);
  REQUIRE(failing.front() >= 2 * lanes);
  REQUIRE(failing.front() % lanes != 0);
  REQUIRE(per_block.size() >= 3);
  bool a_block_with_two = false;
  for (const auto& [block, count] : per_block) a_block_with_two = a_block_with_two || count >= 2;
  REQUIRE(a_block_with_two);

  auto message_for = [&](std::int64_t d) {
    auto work = sampler.make_workspace();
    double row[2];
    sampler.fill(d, row, work);
    return "cohort model: draw " + std::to_string(d) +
           ", strategy 'B', cycle 3: the probability of H -> D ('" + expression + "') is " +
           prevsim::err::format_value(row[1] / 2) + ", but must be within [0, 1] (with p_die = " +
           prevsim::err::format_value(row[1]) + ")";
  };
  for (const int threads : {1, 2}) {
    INFO("threads " << threads);
    CHECK_THROWS_MATCHES(cohort::simulate(m, sampler, 0, draws, threads), std::invalid_argument,
                         Message(message_for(failing.front())));
    // Starting after the first failure: the next one, numbered as in the whole run.
    CHECK_THROWS_MATCHES(cohort::simulate(m, sampler, failing.front() + 1,
                                          draws - failing.front() - 1, threads),
                         std::invalid_argument, Message(message_for(failing[1])));
  }
  // Before the first failing draw, the run succeeds.
  CHECK_NOTHROW(cohort::simulate(m, sampler, 0, failing.front(), 2));
}

TEST_CASE("simulate: the lowest failing draw wins when a later block fails first",
          "[cohort][simulate][errors]") {
  // Draws fail where u < 0.002. With seed 297 and 16 blocks of 256 draws, the
  // lowest failing draw is in block 7 and another in block 8 (checked below). With two
  // threads the second one starts on the upper half of the blocks, so block 8
  // typically fails (instantly: the row is checked before the first cycle)
  // while the first thread is still running blocks 0..6 (3000 cycles each).
  // The error of block 7 must still be the one reported.
  prevsim::parameter_set ps;
  ps.add("u", dist::uniform(0, 1));
  auto model = cohort_test::alive_dead("if(u < 0.002, -0.01, 0.01)", 3000, counting::beginning,
                                       discount_timing::start, 0.03, 0.03, "exp(-0.001 * cycle)");
  const cohort::compiled_model m(model, ps);
  const prevsim::parameter_sampler sampler(ps, 297);
  const auto lanes = static_cast<std::int64_t>(cohort::block_lanes);
  std::vector<std::int64_t> failing;
  {
    auto work = sampler.make_workspace();
    double u = 0;
    for (std::int64_t d = 0; d < 16 * lanes; ++d) {
      sampler.fill(d, &u, work);
      if (u < 0.002) failing.push_back(d);
    }
  }
  REQUIRE(failing.size() >= 2);
  REQUIRE(failing[0] / lanes == 7);
  REQUIRE(failing[1] / lanes == 8);
  double u_failing = 0;
  {
    auto work = sampler.make_workspace();
    sampler.fill(failing[0], &u_failing, work);
  }
  const std::string expected = "cohort model: draw " + std::to_string(failing[0]) +
                               ", strategy 'only', cycle 1: the probability of alive -> dead "
                               "('if(u < 0.002, -0.01, 0.01)') is -0.01, but must be within [0, 1]"
                               " (with u = " + prevsim::err::format_value(u_failing) + ")";
  for (int repeat = 0; repeat < 3; ++repeat) {
    for (const int threads : {2, 1}) {
      INFO("threads " << threads);
      CHECK_THROWS_MATCHES(cohort::simulate(m, sampler, 0, 16 * lanes, threads), std::invalid_argument,
                           Message(expected));
    }
  }
}

TEST_CASE("simulate and evaluate_at: argument errors", "[cohort][simulate][errors]") {
  const auto ps = psa_parameters();
  const cohort::compiled_model m(psa_model(), ps);
  const prevsim::parameter_sampler sampler(ps, 1);
  CHECK_THROWS_MATCHES(cohort::simulate(m, sampler, 0, 0), std::domain_error,
                       Message("simulate: draws is 0, but must be >= 1"));
  CHECK_THROWS_MATCHES(cohort::simulate(m, sampler, -1, 10), std::domain_error,
                       Message("simulate: first_draw is -1, but must be >= 0"));
  CHECK_THROWS_MATCHES(cohort::simulate(m, sampler, 0, 10, -2), std::domain_error,
                       Message("simulate: threads is -2, but must be >= 0"));
  prevsim::parameter_set other;
  other.add("x", dist::fixed(1));
  const prevsim::parameter_sampler wrong(other, 1);
  CHECK_THROWS_MATCHES(cohort::simulate(m, wrong, 0, 10), std::invalid_argument,
                       Message("simulate: the model was compiled for 6 parameters, but the "
                               "sampler has 1"));
  CHECK_THROWS_MATCHES(cohort::evaluate_at(m, {0.1, 1000}, "test"), std::invalid_argument,
                       Message("cohort model: got 2 parameter values for 6 parameters"));
  Eigen::MatrixXd trace;
  CHECK_THROWS_MATCHES(cohort::evaluate_at(m, cohort::internal::parameter_means(ps), "test",
                                           &trace, 2),
                       std::invalid_argument,
                       Message("cohort model: strategy index 3 is beyond the 2 strategies"));
}
