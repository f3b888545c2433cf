// Compiled definitions of countyleap/uncertainty.hpp: see that header for each function's formula and source.
#include "countyleap/uncertainty.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "countyleap/detail/parallel.hpp"
#include "countyleap/detail/quantiles.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/error.hpp"

namespace countyleap {

Eigen::MatrixXd replication_draws(std::size_t n, std::size_t d, std::uint64_t seed) {
  Eigen::MatrixXd u(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  for (std::size_t r = 0; r < n; ++r) {
    SplitMix64 g(stream_seed(seed, RandomStream::inputs, r));
    for (std::size_t k = 0; k < d; ++k) u(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)) = g.uniform();
  }
  return u;
}

namespace {

// Mean and type-7 quantiles of each row of a regions × runs matrix over the successful runs,
// NaN skipped. Tiles of 32 rows run in parallel; a tile is transposed in blocks of 32 columns
// (a blocked transpose: 32 values of a column, a whole number of cache lines, are read together
// and each gathered row is written 32 values at a time), so that neither the reads nor the writes
// touch a new page for every value.
// `probs` must be ascending. `ranks`: the values are ranks, whole numbers in [1, m.rows()]
// (detail::counted_quantiles()).
void row_statistics(const Eigen::MatrixXd& m, const std::vector<std::uint8_t>& ok, std::initializer_list<double> probs,
                    Eigen::VectorXd& mean, std::vector<Eigen::VectorXd*> quantiles, Eigen::VectorXi* count,
                    bool ranks, unsigned threads) {
  const Eigen::Index n = m.rows();
  constexpr Eigen::Index tile = 32;
  mean.resize(n);
  for (auto* q : quantiles) q->resize(n);
  if (count) count->resize(n);
  const std::vector<double> p(probs);
  std::vector<Eigen::Index> columns;
  for (Eigen::Index c = 0; c < m.cols(); ++c)
    if (ok[static_cast<std::size_t>(c)]) columns.push_back(c);
  const std::size_t nc = columns.size();
  constexpr std::size_t block = 32;
  struct Scratch {
    std::vector<double> values, q;
    std::vector<std::uint32_t> counts;
  };
  detail::parallel_items(
      static_cast<std::size_t>((n + tile - 1) / tile), threads,
      [&] {
        Scratch s;
        s.values.resize(static_cast<std::size_t>(tile) * nc);
        s.q.resize(p.size());
        return s;
      },
      [&](std::size_t t, Scratch& s) {
        const Eigen::Index first = static_cast<Eigen::Index>(t) * tile, rows = std::min(tile, n - first);
        for (std::size_t k0 = 0; k0 < nc; k0 += block)
          for (Eigen::Index i = 0; i < rows; ++i) {
            double* row = s.values.data() + static_cast<std::size_t>(i) * nc;
            for (std::size_t k = k0; k < std::min(nc, k0 + block); ++k) row[k] = m(first + i, columns[k]);
          }
        for (Eigen::Index i = 0; i < rows; ++i) {
          double* v = s.values.data() + static_cast<std::size_t>(i) * nc;
          const auto present = static_cast<Eigen::Index>(std::remove_if(v, v + nc, [](double x) { return std::isnan(x); }) - v);
          mean[first + i] = detail::mean(Eigen::Map<const Eigen::VectorXd>(v, present));
          if (ranks) detail::counted_quantiles(v, static_cast<std::size_t>(present), static_cast<std::size_t>(n), p, s.q.data(), s.counts);
          else detail::sorted_quantiles(v, static_cast<std::size_t>(present), p, s.q.data());
          for (std::size_t k = 0; k < p.size(); ++k) (*quantiles[k])[first + i] = s.q[k];
          if (count) (*count)[first + i] = static_cast<int>(present);
        }
      });
}

}  // namespace

UncertaintyResult summarise_uncertainty(const UncertaintyModel& model, ParameterLog log, ModelRuns runs,
                                        const UncertaintyOptions& options) {
  const unsigned threads = detail::resolve_threads(options.threads);
  UncertaintyResult out;
  out.regions = model.regions();
  out.node = model.node();
  out.nominal_score = model.nominal_scores();
  out.nominal_rank = model.nominal_ranks();
  out.replications = log.size();
  out.warnings = scale_warnings(model.spec());
  for (std::uint8_t ok : runs.ok) out.succeeded += ok;
  row_statistics(runs.ranks, runs.ok, {0.05, 0.5, 0.95}, out.mean_rank, {&out.q5_rank, &out.median_rank, &out.q95_rank},
                         &out.n_scored, true, threads);
  row_statistics(runs.scores, runs.ok, {0.05, 0.5, 0.95}, out.mean_score,
                         {&out.q5_score, &out.median_score, &out.q95_score}, nullptr, false, threads);
  const auto n = static_cast<Eigen::Index>(out.regions.size());
  out.goal_probability = Eigen::VectorXd::Constant(n, detail::nan_value);
  if (!options.goals.empty() && model.tier_labels().empty())
    throw validation_error("goals need a tier scheme (\"tiers\" in the uncertainty spec)");
  out.tier_labels = model.tier_labels();
  if (!out.tier_labels.empty()) {
    out.nominal_tier = model.nominal_tiers();
    const auto k = static_cast<Eigen::Index>(out.tier_labels.size());
    out.tier_probability = Eigen::MatrixXd::Zero(n, k);
    Eigen::VectorXi goal = Eigen::VectorXi::Constant(n, -1);
    for (const auto& [code, label] : options.goals) {
      const auto it = std::find(out.regions.begin(), out.regions.end(), code);
      if (it == out.regions.end()) throw unknown_id_error("goal for a region that is not evaluated", Location{"", 0, 0, "", code});
      Eigen::Index t = 0;
      while (t < k && out.tier_labels[static_cast<std::size_t>(t)] != label) ++t;
      if (t == k) throw unknown_id_error("goal tier is not a tier of the scheme", Location{"", 0, 0, "", label});
      goal[it - out.regions.begin()] = static_cast<int>(t);
    }
    Eigen::VectorXd met = Eigen::VectorXd::Zero(n);
    for (Eigen::Index c = 0; c < runs.tiers.cols(); ++c) {
      if (!runs.ok[static_cast<std::size_t>(c)]) continue;
      for (Eigen::Index i = 0; i < n; ++i) {
        const int t = runs.tiers(i, c);
        if (t < 0) continue;
        out.tier_probability(i, t) += 1;
        met[i] += goal[i] >= 0 && t <= goal[i];
      }
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      const double scored = out.n_scored[i];
      out.tier_probability.row(i) /= scored > 0 ? scored : detail::nan_value;
      if (goal[i] >= 0) out.goal_probability[i] = scored > 0 ? met[i] / scored : detail::nan_value;
    }
  }
  out.failures = std::move(runs.failures);
  out.log = std::move(log);
  out.leaf_matrices = model.leaf_matrices();
  if (options.keep_replications) {
    out.scores = std::move(runs.scores);
    out.ranks = std::move(runs.ranks);
    out.tiers = std::move(runs.tiers);
  }
  return out;
}

UncertaintyResult uncertainty(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                              const RegionSet* regions, const UncertaintyOptions& options) {
  UncertaintyModel model(panel, framework, spec, regions, options.year, options.node);
  ParameterLog log = model.design(replication_draws(spec.replications, model.n_factors(), spec.seed));
  ModelRuns runs = model.run(log, options.threads);
  return summarise_uncertainty(model, std::move(log), std::move(runs), options);
}

}  // namespace countyleap