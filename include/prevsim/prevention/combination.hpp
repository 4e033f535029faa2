#pragma once
/// @file
/// Several interventions acting on one outcome: their odds ratios (or relative
/// risks) combine multiplicatively, unless the scenario declares an overlap.
///
/// Without overlap (independent mechanisms, each acting on what the others leave):
///
///     OR = OR₁·OR₂·…·ORₙ        RR = RR₁·RR₂·…·RRₙ
///
/// With overlap shares s₁ = 0, s₂, …, sₙ ∈ [0, 1], where sᵢ is the share of
/// intervention i's effect already delivered by the interventions listed before it,
/// only the non-overlapping share 1 − sᵢ of its effect adds. The share is taken
/// of the effect on the log scale (the scale on which the multiplicative rule is
/// additive, and on which WSIPP's D-Cox effect size lives: ln OR = 1.65·d):
///
///     OR = ∏ ORᵢ^(1 − sᵢ)       RR = ∏ RRᵢ^(1 − sᵢ)
///
/// So s = 0 is the plain product, s = 1 means the intervention adds nothing, and
/// under the D-Cox rule the combined effect size is d = Σ (1 − sᵢ)·dᵢ. The order of
/// the list matters once an overlap is declared: the first counts in full.
/// The combined ratio is applied with apply_odds_ratio or apply_relative_risk
/// (effect_size.hpp), which refuses a relative risk too large for its baseline.
///
/// \test tests/cpp/prevention/combination_test.cpp

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "prevsim/err/checks.hpp"
#include "prevsim/err/format_value.hpp"
#include "prevsim/err/throw_error.hpp"

namespace prevsim::prevention {

namespace internal {

/// ∏ ratioᵢ^(1 − sᵢ) with every argument checked; an empty list gives 1.
inline double combine_ratios(const char* function, const char* ratio_name, bool zero_allowed,
                             const std::vector<double>& ratios,
                             const std::vector<double>* overlap_shares) {
  if (overlap_shares != nullptr && overlap_shares->size() != ratios.size()) {
    err::throw_invalid_argument(function, std::string(ratio_name) + " has " +
                                              std::to_string(ratios.size()) +
                                              " values but overlap_shares has " +
                                              std::to_string(overlap_shares->size()) +
                                              "; give one overlap share per intervention");
  }
  double combined = 1.0;
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    const auto index = static_cast<long long>(i);
    const std::string name = err::indexed_name(ratio_name, index);
    if (zero_allowed) {
      err::check_nonnegative(function, name, ratios[i]);
    } else {
      err::check_positive(function, name, ratios[i]);
    }
    double exponent = 1.0;
    if (overlap_shares != nullptr) {
      const double share = (*overlap_shares)[i];
      const std::string share_name = err::indexed_name("overlap_shares", index);
      if (i == 0 && share != 0.0) {
        err::throw_domain_error(function, share_name, share,
                                "0 (the first intervention has none before it to overlap with)");
      }
      err::check_probability(function, share_name, share);
      exponent = 1.0 - share;
    }
    // pow(0, 0) = 1: a fully overlapping intervention adds nothing, even RR = 0.
    combined *= exponent == 1.0 ? ratios[i] : std::pow(ratios[i], exponent);
  }
  if (!std::isfinite(combined)) {
    err::throw_domain_error(function, std::string("the product of ") + ratio_name, combined,
                            "finite");
  }
  return combined;
}

}  // namespace internal

/// Combined odds ratio of independent interventions: OR = ∏ ORᵢ.
/// @param odds_ratios each finite and > 0; an empty list gives 1
/// @throw std::domain_error for an odds ratio out of range, or an overflowing product
inline double combine_odds_ratios(const std::vector<double>& odds_ratios) {
  return internal::combine_ratios("combine_odds_ratios", "odds_ratios", false, odds_ratios,
                                  nullptr);
}

/// Combined odds ratio with declared overlaps: OR = ∏ ORᵢ^(1 − sᵢ).
/// @param odds_ratios each finite and > 0
/// @param overlap_shares one per odds ratio, each within [0, 1]; the first must be 0
/// @throw std::invalid_argument when the lists differ in length
/// @throw std::domain_error for a value out of range
inline double combine_odds_ratios(const std::vector<double>& odds_ratios,
                                  const std::vector<double>& overlap_shares) {
  return internal::combine_ratios("combine_odds_ratios", "odds_ratios", false, odds_ratios,
                                  &overlap_shares);
}

/// Combined relative risk of independent interventions: RR = ∏ RRᵢ.
/// @param relative_risks each finite and >= 0; an empty list gives 1
/// @throw std::domain_error for a relative risk out of range, or an overflowing product
inline double combine_relative_risks(const std::vector<double>& relative_risks) {
  return internal::combine_ratios("combine_relative_risks", "relative_risks", true,
                                  relative_risks, nullptr);
}

/// Combined relative risk with declared overlaps: RR = ∏ RRᵢ^(1 − sᵢ).
/// @param relative_risks each finite and >= 0
/// @param overlap_shares one per relative risk, each within [0, 1]; the first must be 0
/// @throw std::invalid_argument when the lists differ in length
/// @throw std::domain_error for a value out of range
inline double combine_relative_risks(const std::vector<double>& relative_risks,
                                     const std::vector<double>& overlap_shares) {
  return internal::combine_ratios("combine_relative_risks", "relative_risks", true,
                                  relative_risks, &overlap_shares);
}

}  // namespace prevsim::prevention
