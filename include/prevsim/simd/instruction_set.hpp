#pragma once
/// @file
/// Which vector instruction set the compute kernels use, chosen at run time.
///
/// A kernel is compiled once per instruction set (see PREVSIM_KERNEL_FOR) and
/// the widest one the processor supports runs. The kernels do element-wise
/// arithmetic with FMA contraction off, so every lane goes through the same
/// roundings whatever the vector width: the results are the same bit for bit
/// on every instruction set, and the choice is a matter of speed only.
///
/// The environment variable PREVSIM_ISA (generic, avx2 or avx512) caps the
/// choice, for comparing paths or for timing; use() does the same in code.
///
/// \test tests/cpp/simd/instruction_set_test.cpp

#include <atomic>
#include <cstdlib>
#include <string>

#include "prevsim/err/throw_error.hpp"

// Run-time dispatch needs GCC or Clang on x86-64 (the target attribute and
// __builtin_cpu_supports); elsewhere only the generic kernels exist. A build
// may define PREVSIM_ISA_DISPATCH=0 to compile the generic kernels only (the
// sanitizer build does: the copies are the same source, three times the
// compile time).
#ifndef PREVSIM_ISA_DISPATCH
#if (defined(__GNUC__) || defined(__clang__)) && defined(__x86_64__)
#define PREVSIM_ISA_DISPATCH 1
#else
#define PREVSIM_ISA_DISPATCH 0
#endif
#endif

// GCC keeps comparisons as branches (and a loop scalar) while FP exceptions
// count as observable (-ftrapping-math, its default): prevsim never reads the
// FP exception flags, and no value changes without it. FMA contraction is off
// so that a wider instruction set gives the same roundings. (Clang does not
// model FP traps by default and contracts only within one expression when
// asked, so it needs neither.)
#if defined(__GNUC__) && !defined(__clang__)
#define PREVSIM_NO_TRAPPING_MATH __attribute__((optimize("no-trapping-math", "fp-contract=off")))
#else
#define PREVSIM_NO_TRAPPING_MATH
#endif

/// Attributes of a kernel entry point compiled for @p isa_string (a GCC/Clang
/// target string): every call inside it is inlined (flatten), so the whole
/// kernel is compiled for that instruction set.
#define PREVSIM_KERNEL_FOR(isa_string) \
  PREVSIM_NO_TRAPPING_MATH __attribute__((target(isa_string), flatten))
/// Attributes of the generic entry point of a kernel (baseline instruction set).
#define PREVSIM_KERNEL_GENERIC PREVSIM_NO_TRAPPING_MATH __attribute__((flatten))
/// A function a kernel calls only on its way out (building an error message):
/// kept out of line, so the kernels' copies stay small.
#if defined(__GNUC__) || defined(__clang__)
#define PREVSIM_COLD __attribute__((noinline, cold))
#define PREVSIM_NOINLINE __attribute__((noinline))
#else
#define PREVSIM_COLD
#define PREVSIM_NOINLINE
#endif

namespace prevsim::simd {

/// The instruction sets prevsim has kernels for, narrowest first.
enum class instruction_set : int { generic = 0, avx2 = 1, avx512 = 2 };

inline const char* name(instruction_set s) {
  switch (s) {
    case instruction_set::avx2: return "avx2";
    case instruction_set::avx512: return "avx512";
    default: return "generic";
  }
}

/// The widest instruction set this processor and operating system support.
inline instruction_set supported() {
#if PREVSIM_ISA_DISPATCH
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq")) {
    return instruction_set::avx512;
  }
  if (__builtin_cpu_supports("avx2")) return instruction_set::avx2;
#endif
  return instruction_set::generic;
}

/// Parses "generic", "avx2" or "avx512"; @p key names the setting in the error.
/// @throw std::invalid_argument naming the key, the value and the choices
inline instruction_set parse(const std::string& text, const std::string& key) {
  for (const auto s : {instruction_set::generic, instruction_set::avx2, instruction_set::avx512}) {
    if (text == name(s)) return s;
  }
  err::throw_invalid_argument(key, "is '" + text + "', but must be one of generic, avx2, avx512");
}

namespace internal {
inline std::atomic<int>& chosen() {
  static std::atomic<int> value{[] {
    const instruction_set best = supported();
    const char* cap = std::getenv("PREVSIM_ISA");
    if (cap == nullptr || *cap == '\0') return static_cast<int>(best);
    const instruction_set wanted = parse(cap, "environment variable PREVSIM_ISA");
    return static_cast<int>(wanted < best ? wanted : best);
  }()};
  return value;
}
}  // namespace internal

/// The instruction set the kernels use now.
inline instruction_set active() { return static_cast<instruction_set>(internal::chosen().load()); }

/// Uses at most @p s from now on (never more than supported()); returns the
/// instruction set now active. Results do not depend on it.
inline instruction_set use(instruction_set s) {
  const instruction_set best = supported();
  internal::chosen().store(static_cast<int>(s < best ? s : best));
  return active();
}

}  // namespace prevsim::simd
