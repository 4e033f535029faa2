#pragma once
/// @file
/// An ordered collection of named uncertain inputs, with optional correlation.

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Core>
#include <oneapi/tbb/parallel_for.h>

#include "prevsim/dist/dirichlet.hpp"
#include "prevsim/dist/normal_score_map.hpp"
#include "prevsim/err/throw_error.hpp"
#include "prevsim/param/correlation.hpp"
#include "prevsim/param/parameter.hpp"

namespace prevsim {

/// Shares that sum to one, sampled together from a Dirichlet distribution. Each
/// component becomes a column named "<name>.<component>".
struct dirichlet_group {
  std::string name;
  std::vector<std::string> components;
  dist::dirichlet distribution;
  std::string unit;
  std::string source;
};

/// The uncertain inputs of a model: univariate parameters and Dirichlet groups in
/// the order they were added, each becoming one column (a group, one column per
/// component) of the draws × columns matrix that sampling produces. A Gaussian
/// copula can correlate univariate parameters (set_correlation).
///
/// All validation happens here, when the set is built, never while sampling.
///
/// \test tests/cpp/param/parameter_set_test.cpp
class parameter_set {
 public:
  /// Where a column's values come from.
  struct column {
    std::string name;
    bool is_dirichlet = false;
    std::size_t entry = 0;      ///< index into parameters() or groups()
    std::size_t component = 0;  ///< component within a Dirichlet group
  };

  /// Adds a univariate parameter.
  /// @throw std::invalid_argument for an empty or duplicate name.
  parameter_set& add(parameter p) {
    check_new_name(p.name);
    columns_.push_back({p.name, false, parameters_.size(), 0});
    parameters_.push_back(std::move(p));
    maps_ = std::make_shared<map_cache>();
    return *this;
  }
  parameter_set& add(std::string name, dist::distribution d, std::string unit = {},
                     std::string source = {}) {
    return add(parameter{std::move(name), std::move(d), std::move(unit), std::move(source)});
  }

  /// Adds a group of shares drawn from one Dirichlet distribution.
  /// @throw std::invalid_argument if the component names do not match the
  /// distribution's size, a component name is empty or repeated, or any
  /// resulting column name is taken.
  parameter_set& add_dirichlet(dirichlet_group g) {
    static constexpr const char* function = "parameter_set.add_dirichlet";
    if (g.components.size() != g.distribution.size()) {
      err::throw_invalid_argument(
          function, "group " + g.name + " names " + std::to_string(g.components.size()) +
                        " components, but its Dirichlet distribution has " +
                        std::to_string(g.distribution.size()));
    }
    check_new_name(g.name);
    for (std::size_t i = 0; i < g.components.size(); ++i) {
      if (g.components[i].empty()) {
        err::throw_invalid_argument(function,
                                    "group " + g.name + " has a component with an empty name");
      }
      if (std::find(g.components.begin(), g.components.begin() + static_cast<std::ptrdiff_t>(i),
                    g.components[i]) != g.components.begin() + static_cast<std::ptrdiff_t>(i)) {
        err::throw_invalid_argument(function, "group " + g.name + " names the component '" +
                                                  g.components[i] + "' twice");
      }
      check_new_name(g.name + "." + g.components[i]);
    }
    for (std::size_t i = 0; i < g.components.size(); ++i) {
      columns_.push_back({g.name + "." + g.components[i], true, groups_.size(), i});
    }
    groups_.push_back(std::move(g));
    maps_ = std::make_shared<map_cache>();
    return *this;
  }

  /// Correlates the named univariate parameters through a Gaussian copula.
  /// Replaces any earlier correlation. Parameters not named stay independent.
  /// @throw std::invalid_argument for an unknown or repeated name, a Dirichlet
  /// component, or a matrix that is not a valid correlation matrix (see
  /// internal::validated_normal_score_correlation).
  void set_correlation(const std::vector<std::string>& names, const Eigen::MatrixXd& matrix,
                       correlation_scale scale = correlation_scale::spearman) {
    static constexpr const char* function = "parameter_set.set_correlation";
    std::vector<std::size_t> cols;
    for (const auto& n : names) {
      const std::size_t c = column_index(n);
      if (columns_[c].is_dirichlet) {
        err::throw_invalid_argument(function, n +
                                                  " is a Dirichlet component; shares of a "
                                                  "Dirichlet group cannot be correlated "
                                                  "with other parameters");
      }
      if (std::find(cols.begin(), cols.end(), c) != cols.end()) {
        err::throw_invalid_argument(function, n + " is named twice");
      }
      cols.push_back(c);
    }
    correlation_ = internal::validated_normal_score_correlation(names, matrix, scale);
    correlated_columns_ = std::move(cols);
    correlation_names_ = names;
  }

  /// Number of columns a sample has.
  std::size_t size() const { return columns_.size(); }
  bool empty() const { return columns_.empty(); }
  const std::vector<column>& columns() const { return columns_; }
  std::vector<std::string> column_names() const {
    std::vector<std::string> names;
    for (const auto& c : columns_) names.push_back(c.name);
    return names;
  }
  const std::vector<parameter>& parameters() const { return parameters_; }
  const std::vector<dirichlet_group>& groups() const { return groups_; }
  /// Columns in the copula, in the order of the correlation matrix.
  const std::vector<std::size_t>& correlated_columns() const { return correlated_columns_; }
  const std::vector<std::string>& correlation_names() const { return correlation_names_; }
  /// The copula's normal-score correlation (after any Spearman conversion).
  const Eigen::MatrixXd& normal_score_correlation() const { return correlation_; }

  /// The normal-score map of every column (the maps samplers draw through),
  /// built on first use, in parallel, and kept: every sampler made from this
  /// set, or from a copy made since its last change, shares them. Building the
  /// tables (dist/quantile_table.hpp) is most of the cost of a small run, and
  /// the same maps give the same draws, so a set sampled many times (sensitivity
  /// analyses, repeated runs) pays it once. Safe to call from several threads.
  std::shared_ptr<const std::vector<dist::internal::normal_score_map>> normal_score_maps() const {
    const std::shared_ptr<map_cache> cache = maps_;
    {
      const std::lock_guard<std::mutex> lock(cache->lock);
      if (cache->maps) return cache->maps;
    }
    // Built without holding the lock (a TBB worker waiting in parallel_for may
    // run another task that asks for the same maps); if two threads race, both
    // build the same tables and the first to finish is kept.
    std::vector<dist::distribution> dists;
    for (const auto& c : columns_) {
      if (c.is_dirichlet) {
        dists.emplace_back(groups_[c.entry].distribution.component_gamma(c.component));
      } else {
        dists.push_back(parameters_[c.entry].distribution);
      }
    }
    // Tables are independent of each other: build them in parallel.
    std::vector<std::optional<dist::internal::normal_score_map>> built(dists.size());
    oneapi::tbb::parallel_for(std::size_t{0}, dists.size(),
                              [&](std::size_t i) { built[i].emplace(dists[i]); });
    auto maps = std::make_shared<std::vector<dist::internal::normal_score_map>>();
    maps->reserve(built.size());
    for (auto& m : built) maps->push_back(std::move(*m));
    const std::lock_guard<std::mutex> lock(cache->lock);
    if (!cache->maps) cache->maps = std::move(maps);
    return cache->maps;
  }

  /// The 0-based column of @p name.
  /// @throw std::invalid_argument for an unknown name, listing the known ones.
  std::size_t column_index(const std::string& name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i].name == name) return i;
    }
    std::string known;
    for (const auto& c : columns_) known += (known.empty() ? "" : ", ") + c.name;
    err::throw_invalid_argument("parameter_set", "no parameter is called '" + name +
                                                     "' (known: " + known + ")");
  }

 private:
  void check_new_name(const std::string& name) const {
    if (name.empty()) err::throw_invalid_argument("parameter_set", "a parameter name is empty");
    for (const auto& c : columns_) {
      if (c.name == name) {
        err::throw_invalid_argument("parameter_set",
                                    "a parameter called '" + name + "' exists already");
      }
    }
    for (const auto& g : groups_) {
      if (g.name == name) {
        err::throw_invalid_argument("parameter_set",
                                    "a Dirichlet group called '" + name + "' exists already");
      }
    }
  }

  std::vector<parameter> parameters_;
  std::vector<dirichlet_group> groups_;
  std::vector<column> columns_;
  std::vector<std::size_t> correlated_columns_;
  std::vector<std::string> correlation_names_;
  Eigen::MatrixXd correlation_;
  // The normal-score maps, once built; replaced (not cleared) by a change, so
  // that copies made before it keep theirs.
  struct map_cache {
    std::mutex lock;
    std::shared_ptr<const std::vector<dist::internal::normal_score_map>> maps;
  };
  std::shared_ptr<map_cache> maps_ = std::make_shared<map_cache>();
};

}  // namespace prevsim
