#pragma once
/// @file
/// What both prevention engines (evaluate.hpp, microsim.hpp) derive once from a
/// model's structure: the effects acting on each outcome (numbered slots), the
/// links into each outcome, the discount factors of each model year, and the
/// cohort classes — cohorts reached by the same interventions, which follow
/// the same path by years since entry (nothing else in a cell depends on the
/// calendar year), so each class is simulated once per subgroup and shifted
/// into the years of its cohorts.
///
/// \test tests/cpp/prevention/evaluate_test.cpp, tests/cpp/prevention/microsim_test.cpp

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "prevsim/prevention/draw_inputs.hpp"
#include "prevsim/prevention/model.hpp"

namespace prevsim::prevention {

struct model_layout {
  /// Per outcome, the effects acting on it; slots number all effects 0 … effect_slots − 1.
  std::vector<std::vector<effect_slot>> effects_on;
  std::size_t effect_slots = 0;
  /// Per outcome, the links (indices into model::links) into it.
  std::vector<std::vector<std::size_t>> links_into;
  /// D(t + τ) of money and of effects, t = 0 … H − 1.
  std::vector<double> money_factor, effects_factor;
  /// Years a cohort is followed at most (to end_age; the horizon without one).
  int follow = 0;
  /// Per class: which interventions reach it, its first cohort, its longest path.
  std::vector<std::vector<bool>> class_reached;
  std::vector<std::size_t> class_cohort;
  std::vector<int> class_length;
  /// Per cohort, its class.
  std::vector<std::size_t> cohort_class;
  int max_length = 0;

  explicit model_layout(const model& m) {
    effects_on.resize(m.outcomes.size());
    links_into.resize(m.outcomes.size());
    for (std::size_t i = 0; i < m.interventions.size(); ++i) {
      for (std::size_t e = 0; e < m.interventions[i].effects.size(); ++e) {
        effects_on[m.interventions[i].effects[e].outcome].push_back({i, e, effect_slots++});
      }
    }
    for (std::size_t l = 0; l < m.links.size(); ++l) links_into[m.links[l].to].push_back(l);
    const auto horizon = static_cast<std::size_t>(m.horizon);
    money_factor.resize(horizon);
    effects_factor.resize(horizon);
    for (std::size_t t = 0; t < horizon; ++t) {
      money_factor[t] = m.money_discount.factor(static_cast<double>(t) + m.timing);
      effects_factor[t] = m.effects_discount.factor(static_cast<double>(t) + m.timing);
    }
    follow = std::isfinite(m.end_age) ? static_cast<int>(std::ceil(m.end_age - m.start_age)) : m.horizon;
    for (std::size_t c = 0; c < m.cohorts.size(); ++c) {
      std::vector<bool> reached;
      for (const auto& iv : m.interventions) reached.push_back(iv.cohorts[c]);
      std::size_t k = 0;
      while (k < class_reached.size() && class_reached[k] != reached) ++k;
      if (k == class_reached.size()) {
        class_reached.push_back(reached);
        class_cohort.push_back(c);
        class_length.push_back(0);
      }
      cohort_class.push_back(k);
      class_length[k] = std::max(class_length[k], cohort_length(m, c));
    }
    max_length = class_length.empty() ? 0 : *std::max_element(class_length.begin(), class_length.end());
  }

  /// Years cohort c is followed: to end_age, within the horizon.
  int cohort_length(const model& m, std::size_t c) const {
    return std::max(0, std::min(follow, m.horizon - m.cohorts[c].entry_year));
  }
};

}  // namespace prevsim::prevention
