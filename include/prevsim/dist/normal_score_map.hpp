#pragma once
/// @file
/// The map from a standard normal score to a parameter value, prepared once per
/// parameter and applied in the sampling loop.

#include <cmath>
#include <optional>

#include "prevsim/dist/distribution.hpp"
#include "prevsim/dist/quantile_table.hpp"

namespace prevsim::dist::internal {

/// x = Q(Φ(z)) for one distribution, in the cheapest exact-enough form:
/// closed forms for fixed (x = c), normal (x = μ + σz) and lognormal
/// (x = e^{μ+σz}); an index into the sorted values for empirical; Boost's
/// closed-form quantile for the triangular; otherwise a
/// verified quantile_table inside its range and the exact quantile outside it.
/// Every sampler in prevsim (independent, Latin hypercube, Gaussian copula)
/// goes through this map, so they share one tested code path. Because the map is
/// monotone in z, rank correlations imposed on z carry over to x.
class normal_score_map {
 public:
  explicit normal_score_map(distribution d) : dist_(std::move(d)) {
    if (const auto* f = std::get_if<fixed>(&dist_)) {
      kind_ = kind::affine;
      a_ = f->value();
      b_ = 0.0;
    } else if (const auto* n = std::get_if<normal>(&dist_)) {
      kind_ = kind::affine;
      a_ = n->mean();
      b_ = n->sd();
    } else if (const auto* ln = std::get_if<lognormal>(&dist_)) {
      kind_ = kind::exp_affine;
      a_ = ln->meanlog();
      b_ = ln->sdlog();
    } else if (std::holds_alternative<empirical>(dist_)) {
      kind_ = kind::empirical;
    } else if (std::holds_alternative<triangular>(dist_)) {
      // Closed-form quantile; its density's kink at the mode defeats a cubic table.
      kind_ = kind::exact;
    } else {
      table_ = quantile_table::build(dist_);
      kind_ = table_ ? kind::table : kind::exact;
    }
  }

  double operator()(double z) const {
    switch (kind_) {
      case kind::affine:
        return a_ + b_ * z;
      case kind::exp_affine:
        return std::exp(a_ + b_ * z);
      case kind::table:
        return table_->covers(z) ? (*table_)(z) : from_normal_score(dist_, z);
      case kind::empirical: {
        const auto& e = std::get<empirical>(dist_);
        const double p = phi_cdf(z);
        return e.sorted_values()[e.index_for(p)];
      }
      case kind::exact:
        break;
    }
    return from_normal_score(dist_, z);
  }

  const distribution& dist() const { return dist_; }
  /// The table in use, if any (for diagnostics and tests).
  const std::optional<quantile_table>& table() const { return table_; }

 private:
  enum class kind { affine, exp_affine, table, empirical, exact };
  distribution dist_;
  kind kind_ = kind::exact;
  double a_ = 0, b_ = 0;
  std::optional<quantile_table> table_;
};

}  // namespace prevsim::dist::internal
