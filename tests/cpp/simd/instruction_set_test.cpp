// Tests for include/prevsim/simd/instruction_set.hpp: names, parsing with its
// error message, and use() never going beyond what the processor supports.
// That every instruction set gives the same results is tested where the
// kernels are (cohort/simulate_test.cpp).

#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "prevsim/simd/instruction_set.hpp"

using Catch::Matchers::Message;
namespace simd = prevsim::simd;

TEST_CASE("instruction_set: names and parsing", "[simd]") {
  for (const auto s : {simd::instruction_set::generic, simd::instruction_set::avx2,
                       simd::instruction_set::avx512}) {
    CHECK(simd::parse(simd::name(s), "key") == s);
  }
  CHECK(std::string(simd::name(simd::instruction_set::avx512)) == "avx512");
  CHECK_THROWS_MATCHES(simd::parse("sse9", "environment variable PREVSIM_ISA"),
                       std::invalid_argument,
                       Message("environment variable PREVSIM_ISA: is 'sse9', but must be one of "
                               "generic, avx2, avx512"));
  CHECK_THROWS_AS(simd::parse("AVX2", "key"), std::invalid_argument);  // names are lower case
}

TEST_CASE("instruction_set: use() caps the choice at what the processor supports", "[simd]") {
  const simd::instruction_set initial = simd::active();
  CHECK(initial <= simd::supported());
  CHECK(simd::use(simd::instruction_set::generic) == simd::instruction_set::generic);
  CHECK(simd::active() == simd::instruction_set::generic);
  CHECK(simd::use(simd::instruction_set::avx512) == simd::supported());
  CHECK(simd::active() == simd::supported());
  simd::use(initial);
  CHECK(simd::active() == initial);
}
