#pragma once
/// @file benchmark.hpp
/// @brief Benchmarks (对标先进): for each region, the most similar regions one tier up by
/// normalised indicator profile, and the indicators where they lead most.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/tier.hpp"

namespace countyleap {

/// Options of benchmarks().
struct BenchmarkOptions {
  std::size_t k = 3;      ///< benchmarks per region (fewer when the tier above has fewer regions)
  std::size_t leads = 3;  ///< indicators listed per benchmark, largest lead first; 0 = every one it leads on
};

/// An indicator on which a benchmark leads the region.
struct BenchmarkLead {
  std::string indicator;  ///< leaf indicator id
  /// benchmark's normalised score − region's (> 0: the benchmark leads)
  double normalised_difference = 0;
  double value = 0;            ///< the region's value, own units (NaN when missing in the panel)
  double benchmark_value = 0;  ///< the benchmark's value, own units (NaN when missing)
  /// benchmark_value − value, own units (negative for a lower-is-better indicator the benchmark
  /// leads on: it is lower).
  double value_difference = 0;
};

/// One benchmark of one region.
struct Benchmark {
  std::string region;     ///< region code
  std::string benchmark;  ///< code of the benchmark region, one tier up
  std::size_t region_tier = 0;     ///< the region's tier index (0 = best)
  std::size_t benchmark_tier = 0;  ///< the benchmark's tier index (region_tier − 1)
  double distance = 0;  ///< profile distance (see benchmarks()), normalised score points
  int rank = 0;         ///< 1 = the most similar benchmark of the region
  std::vector<BenchmarkLead> leads;  ///< where the benchmark leads most, largest first
};

/// Weighted Euclidean distance between two regions' normalised leaf profiles (rows `a` and `b`
/// of the leaf columns of `values`): sqrt(Σ_j w_j (y_aj − y_bj)² / Σ_j w_j) over the leaves j
/// present in both, with `weights` the leaves' effective weights in the composite. The weights
/// sum to 1 over all leaves, so with nothing missing this is sqrt(Σ_j w_j (y_aj − y_bj)²): a
/// weighted root-mean-square difference, in normalised score points, that counts an indicator
/// as much as the composite does. NaN when no leaf is present in both.
inline double profile_distance(const Eigen::Ref<const Eigen::MatrixXd>& values, Eigen::Index a, Eigen::Index b,
                               const Eigen::Ref<const Eigen::VectorXd>& weights) {
  double sum = 0, total = 0;
  for (Eigen::Index j = 0; j < weights.size(); ++j) {
    const double d = values(a, j) - values(b, j);
    if (std::isnan(d)) continue;
    sum += weights[j] * d * d;
    total += weights[j];
  }
  return total > 0 ? std::sqrt(sum / total) : std::numeric_limits<double>::quiet_NaN();
}

/// For every region not in the best tier, the k regions of the tier just above whose normalised
/// indicator profiles are nearest (profile_distance() on the leaf columns of `scores`, weighted
/// by the leaves' effective weights in the composite: leaf_weights_in_root(fw, scores.weights),
/// which are the framework's shares unless the spec weights by the data), nearest first (ties
/// in `scores.regions` order); and, for each benchmark, the leaves where its normalised score
/// exceeds the region's, by how much, largest first, with both values in the indicator's own
/// units read from `derived` (derive()'s output) in `scores.year`.
///
/// `tiers` classifies `scores.regions` in the same order, e.g.
/// classify(scores.composite(), plan.tiers()). Regions of the best tier, or whose tier above is
/// empty, get no rows.
/// @throws validation_error when `tiers` does not have one entry per region or the scores
/// were made with another framework;
/// unknown_id_error when a leaf, region or the year is not in `derived`.
inline std::vector<Benchmark> benchmarks(const Scores& scores, const Framework& fw, const Classification& tiers,
                                         const Panel& derived, const BenchmarkOptions& options = {}) {
  const std::size_t n = scores.regions.size();
  if (tiers.regions.size() != n)
    throw validation_error("benchmarks: " + std::to_string(tiers.regions.size()) + " classified regions for " +
                           std::to_string(n) + " scored regions");
  for (std::size_t i = 0; i < fw.size(); ++i)
    if (i >= scores.nodes.size() || scores.nodes[i] != fw.nodes()[i].id)
      throw validation_error("benchmarks: the scores were not made with this framework (node #" + std::to_string(i) + ")",
                             Location{"", 0, 0, "", fw.nodes()[i].id});
  const Eigen::VectorXd weights = leaf_weights_in_root(fw, scores.weights);
  const auto n_leaves = static_cast<Eigen::Index>(fw.n_leaves());
  const Panel::Index t = derived.year_index(scores.year);
  std::vector<Panel::Index> row(n), column(fw.n_leaves());
  for (std::size_t i = 0; i < n; ++i) row[i] = derived.region_index(scores.regions[i]);
  for (std::size_t j = 0; j < fw.n_leaves(); ++j) column[j] = derived.variable_index(fw.nodes()[j].id);

  std::vector<Benchmark> out;
  for (std::size_t r = 0; r < n; ++r) {
    const std::size_t tier = tiers.regions[r].tier;
    if (tier == 0) continue;
    std::vector<std::pair<double, std::size_t>> candidates;
    for (std::size_t s = 0; s < n; ++s) {
      if (tiers.regions[s].tier != tier - 1) continue;
      const double d = profile_distance(scores.values.leftCols(n_leaves), static_cast<Eigen::Index>(r),
                                        static_cast<Eigen::Index>(s), weights);
      if (!std::isnan(d)) candidates.emplace_back(d, s);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (candidates.size() > options.k) candidates.resize(options.k);
    int rank = 0;
    for (const auto& [distance, s] : candidates) {
      Benchmark b;
      b.region = scores.regions[r];
      b.benchmark = scores.regions[s];
      b.region_tier = tier;
      b.benchmark_tier = tier - 1;
      b.distance = distance;
      b.rank = ++rank;
      for (Eigen::Index j = 0; j < n_leaves; ++j) {
        const double lead = scores.values(static_cast<Eigen::Index>(s), j) - scores.values(static_cast<Eigen::Index>(r), j);
        if (!(lead > 0)) continue;
        BenchmarkLead l;
        l.indicator = fw.nodes()[static_cast<std::size_t>(j)].id;
        l.normalised_difference = lead;
        l.value = derived(row[r], column[static_cast<std::size_t>(j)], t);
        l.benchmark_value = derived(row[s], column[static_cast<std::size_t>(j)], t);
        l.value_difference = l.benchmark_value - l.value;
        b.leads.push_back(std::move(l));
      }
      std::stable_sort(b.leads.begin(), b.leads.end(), [](const BenchmarkLead& x, const BenchmarkLead& y) {
        return x.normalised_difference > y.normalised_difference;
      });
      if (options.leads != 0 && b.leads.size() > options.leads) b.leads.resize(options.leads);
      out.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace countyleap
