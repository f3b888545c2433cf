// Compiled definitions of countyleap/sensitivity.hpp: see that header for each function's formula and source.
#include "countyleap/sensitivity.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/detail/stats.hpp"
#include "countyleap/error.hpp"
#include "countyleap/uncertainty.hpp"

namespace countyleap {

Eigen::MatrixXd saltelli_design(std::size_t n, std::size_t d, std::uint64_t seed) {
  if (n == 0 || d == 0) throw validation_error("Saltelli design: needs at least one sample and one factor");
  const auto N = static_cast<Eigen::Index>(n), D = static_cast<Eigen::Index>(d);
  Eigen::MatrixXd x(N * (D + 2), D);
  for (Eigen::Index j = 0; j < N; ++j) {
    SplitMix64 g(stream_seed(seed, RandomStream::saltelli, static_cast<std::uint64_t>(j)));
    for (Eigen::Index k = 0; k < D; ++k) x(j, k) = g.uniform();
    for (Eigen::Index k = 0; k < D; ++k) x(N + j, k) = g.uniform();
  }
  for (Eigen::Index i = 0; i < D; ++i) {
    x.middleRows((2 + i) * N, N) = x.topRows(N);
    x.block((2 + i) * N, i, N, 1) = x.block(N, i, N, 1);
  }
  return x;
}

}  // namespace countyleap

namespace countyleap::detail {

// S_i and S_Ti from the outputs of the rows `rows` of the design (see sobol_indices()).
void sobol_estimate(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t n, std::size_t d,
                    const std::vector<std::size_t>& rows, double* first, double* total, double& variance) {
  const double m = static_cast<double>(rows.size());
  double sum = 0, sum2 = 0;
  for (std::size_t j : rows) sum += y[static_cast<Eigen::Index>(j)] + y[static_cast<Eigen::Index>(n + j)];
  const double mean = sum / (2 * m);
  for (std::size_t j : rows) {
    const double a = y[static_cast<Eigen::Index>(j)] - mean, b = y[static_cast<Eigen::Index>(n + j)] - mean;
    sum2 += a * a + b * b;
  }
  variance = sum2 / (2 * m - 1);
  for (std::size_t i = 0; i < d; ++i) {
    double v = 0, vt = 0;
    for (std::size_t j : rows) {
      const double ya = y[static_cast<Eigen::Index>(j)], yb = y[static_cast<Eigen::Index>(n + j)];
      const double yab = y[static_cast<Eigen::Index>((2 + i) * n + j)];
      v += yb * (yab - ya);
      vt += (ya - yab) * (ya - yab);
    }
    first[i] = v / m / variance;
    total[i] = vt / (2 * m) / variance;
  }
}

}  // namespace countyleap::detail

namespace countyleap {

SobolIndices sobol_indices(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t n, std::size_t d,
                           std::size_t bootstrap, double confidence, std::uint64_t seed) {
  if (static_cast<std::size_t>(y.size()) != n * (d + 2))
    throw validation_error("sensitivity indices: " + std::to_string(y.size()) + " outputs for a design of " +
                           std::to_string(n * (d + 2)) + " runs");
  if (!(confidence > 0 && confidence < 1)) throw validation_error("sensitivity indices: confidence must lie in (0, 1)");
  SobolIndices out;
  out.bootstrap = bootstrap;
  out.confidence = confidence;
  std::vector<std::size_t> rows;
  for (std::size_t j = 0; j < n; ++j) {
    bool ok = true;
    for (std::size_t block = 0; block < d + 2; ++block) ok = ok && !std::isnan(y[static_cast<Eigen::Index>(block * n + j)]);
    if (ok) rows.push_back(j);
  }
  out.rows_used = rows.size();
  if (rows.size() < 2) throw validation_error("sensitivity indices: fewer than two base samples have all their outputs");
  out.first.resize(d);
  out.total.resize(d);
  detail::sobol_estimate(y, n, d, rows, out.first.data(), out.total.data(), out.variance);
  if (!(out.variance > 0) || !std::isfinite(out.variance))
    throw validation_error("sensitivity indices: the output does not vary, the indices are undefined");
  const double nan = detail::nan_value;
  out.first_lo.assign(d, nan);
  out.first_hi.assign(d, nan);
  out.total_lo.assign(d, nan);
  out.total_hi.assign(d, nan);
  if (bootstrap == 0) return out;
  Eigen::MatrixXd first(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(bootstrap)), total = first;
  std::vector<std::size_t> sample(rows.size());
  for (std::size_t b = 0; b < bootstrap; ++b) {
    SplitMix64 g(stream_seed(seed, RandomStream::bootstrap, b));
    for (auto& j : sample) j = rows[std::min(rows.size() - 1, static_cast<std::size_t>(g.uniform() * static_cast<double>(rows.size())))];
    double variance = 0;
    std::vector<double> f(d), t(d);
    detail::sobol_estimate(y, n, d, sample, f.data(), t.data(), variance);
    for (std::size_t i = 0; i < d; ++i) {
      first(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(b)) = f[i];
      total(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(b)) = t[i];
    }
  }
  const double lo = (1 - confidence) / 2, hi = (1 + confidence) / 2;
  for (std::size_t i = 0; i < d; ++i) {
    const auto r = static_cast<Eigen::Index>(i);
    out.first_lo[i] = detail::quantile(first.row(r), lo);
    out.first_hi[i] = detail::quantile(first.row(r), hi);
    out.total_lo[i] = detail::quantile(total.row(r), lo);
    out.total_hi[i] = detail::quantile(total.row(r), hi);
  }
  return out;
}

const char* to_string(SensitivityTarget t) {
  switch (t) {
    case SensitivityTarget::rank: return "rank";
    case SensitivityTarget::mean_abs_rank_change: return "mean_abs_rank_change";
    case SensitivityTarget::top_tier_count: return "top_tier_count";
  }
  return "rank";
}

SensitivityTarget sensitivity_target_from_string(std::string_view s) {
  for (auto t : {SensitivityTarget::rank, SensitivityTarget::mean_abs_rank_change, SensitivityTarget::top_tier_count})
    if (s == to_string(t)) return t;
  throw validation_error("unknown sensitivity target '" + std::string(s) +
                         "' (expected rank, mean_abs_rank_change or top_tier_count)");
}

Eigen::VectorXd sensitivity_outputs(const UncertaintyModel& model, const ModelRuns& runs, const SensitivityOptions& options) {
  const auto n_runs = static_cast<Eigen::Index>(runs.ok.size());
  Eigen::VectorXd y = Eigen::VectorXd::Constant(n_runs, detail::nan_value);
  Eigen::Index row = -1;
  if (options.target == SensitivityTarget::rank) {
    const auto& regions = model.regions();
    const auto it = std::find(regions.begin(), regions.end(), options.region);
    if (it == regions.end()) throw unknown_id_error("sensitivity: region not evaluated", Location{"", 0, 0, "", options.region});
    row = static_cast<Eigen::Index>(it - regions.begin());
  }
  if (options.target == SensitivityTarget::top_tier_count && runs.tiers.size() == 0)
    throw validation_error("sensitivity: the target top_tier_count needs a tier scheme (\"tiers\" in the uncertainty spec)");
  const Eigen::VectorXd& nominal = model.nominal_ranks();
  for (Eigen::Index r = 0; r < n_runs; ++r) {
    if (!runs.ok[static_cast<std::size_t>(r)]) continue;
    switch (options.target) {
      case SensitivityTarget::rank: y[r] = runs.ranks(row, r); break;
      case SensitivityTarget::mean_abs_rank_change: {
        double sum = 0;
        int count = 0;
        for (Eigen::Index i = 0; i < nominal.size(); ++i) {
          const double d = runs.ranks(i, r) - nominal[i];
          if (std::isnan(d)) continue;
          sum += std::abs(d);
          ++count;
        }
        y[r] = count ? sum / count : detail::nan_value;
        break;
      }
      case SensitivityTarget::top_tier_count: y[r] = static_cast<double>((runs.tiers.col(r).array() == 0).count()); break;
    }
  }
  return y;
}

SensitivityResult sensitivity(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                              const RegionSet* regions, const SensitivityOptions& options) {
  if (spec.vary.empty()) throw validation_error("sensitivity: the spec varies nothing (\"vary\" is empty)");
  UncertaintyModel model(panel, framework, spec, regions, options.year, options.node);
  SensitivityResult out;
  out.factors = model.factors();
  out.target = options.target;
  out.samples = options.samples ? options.samples : spec.replications;
  out.log = model.design(saltelli_design(out.samples, model.n_factors(), spec.seed));
  ModelRuns runs = model.run(out.log, options.threads);
  out.outputs = sensitivity_outputs(model, runs, options);
  ModelRuns nominal = model.run(model.empty_log(1), 1);
  out.nominal = sensitivity_outputs(model, nominal, options)[0];
  out.failures = std::move(runs.failures);
  out.indices = sobol_indices(out.outputs, out.samples, model.n_factors(), options.bootstrap, options.confidence, spec.seed);
  return out;
}

}  // namespace countyleap
