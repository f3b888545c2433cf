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
double profile_distance(const Eigen::Ref<const Eigen::MatrixXd>& values, Eigen::Index a, Eigen::Index b,
                        const Eigen::Ref<const Eigen::VectorXd>& weights);

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
std::vector<Benchmark> benchmarks(const Scores& scores, const Framework& fw, const Classification& tiers,
                                  const Panel& derived, const BenchmarkOptions& options = {});

}  // namespace countyleap
