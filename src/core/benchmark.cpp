// Compiled definitions of countyleap/benchmark.hpp: see that header for each function's formula and source.
#include "countyleap/benchmark.hpp"

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

double profile_distance(const Eigen::Ref<const Eigen::MatrixXd>& values, Eigen::Index a, Eigen::Index b,
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

std::vector<Benchmark> benchmarks(const Scores& scores, const Framework& fw, const Classification& tiers,
                                  const Panel& derived, const BenchmarkOptions& options) {
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
