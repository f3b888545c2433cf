#pragma once
/// @file sensitivity.hpp
/// @brief Variance-based sensitivity analysis of a composite indicator: first-order and total
/// indices of each uncertain input (each vary entry of an UncertaintySpec is one factor) for a
/// chosen output — a region's rank, the mean absolute rank change versus the nominal ranks
/// (COINr's target), or the number of regions in the best tier — with seeded bootstrap
/// confidence intervals.
///
/// Design: Saltelli's, with two independent N × d matrices A and B of uniform draws and the d
/// matrices A_B^(i) (A with column i taken from B), N(d + 2) runs in all (A. Saltelli,
/// P. Annoni, I. Azzini, F. Campolongo, M. Ratto & S. Tarantola, "Variance based sensitivity
/// analysis of model output. Design and estimator for the total sensitivity index", Computer
/// Physics Communications 181 (2010) 259–270). Each factor's uniform draw u becomes its input as
/// in UncertaintyModel::design(): one of its alternatives or weight sets, each equally likely, or
/// a point of its range. Estimators (ibid., Table 2): the first-order effect
/// V_i ≈ (1/N) Σ_j f(B)_j (f(A_B^(i))_j − f(A)_j) (Saltelli 2010, (b)) and the total effect
/// V_Ti ≈ (1/2N) Σ_j (f(A)_j − f(A_B^(i))_j)² (M. J. W. Jansen, "Analysis of variance designs
/// for model output", Computer Physics Communications 117 (1999) 35–43; Saltelli 2010, (f)),
/// S_i = V_i / V(Y), S_Ti = V_Ti / V(Y), V(Y) the sample variance of the 2N outputs of A and B.
/// This is COINr 1.1.14's SA_sample() and SA_estimate().

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

/// Saltelli's design for `n` base samples of `d` factors: an n(d + 2) × d matrix of draws in
/// [0, 1) whose rows are A (rows 0..n−1), B (n..2n−1), then A_B^(1), …, A_B^(d) (n rows each; A
/// with column i from B), COINr's SA_sample() layout. Row j of A holds the first d and row j of B
/// the next d outputs of SplitMix64(stream_seed(seed, RandomStream::saltelli, j)).uniform().
/// @throws validation_error when n or d is 0.
inline Eigen::MatrixXd saltelli_design(std::size_t n, std::size_t d, std::uint64_t seed) {
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

/// First-order and total sensitivity indices of the factors, with bootstrap intervals.
struct SobolIndices {
  std::vector<double> first;     ///< S_i, first-order (main) effect
  std::vector<double> total;     ///< S_Ti, total effect
  std::vector<double> first_lo;  ///< lower end of S_i's bootstrap interval (NaN without bootstrap)
  std::vector<double> first_hi;  ///< upper end of S_i's bootstrap interval
  std::vector<double> total_lo;  ///< lower end of S_Ti's bootstrap interval
  std::vector<double> total_hi;  ///< upper end of S_Ti's bootstrap interval
  double variance = 0;           ///< V(Y), sample variance of the outputs of A and B
  std::size_t rows_used = 0;     ///< base samples j whose d + 2 outputs are all present
  std::size_t bootstrap = 0;     ///< bootstrap resamples
  double confidence = 0;         ///< level of the intervals
};

namespace detail {

// S_i and S_Ti from the outputs of the rows `rows` of the design (see sobol_indices()).
inline void sobol_estimate(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t n, std::size_t d,
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

}  // namespace detail

/// Sensitivity indices from the outputs `y` of saltelli_design(n, d, ·) (n(d + 2) values, in
/// the design's row order): S_i and S_Ti as in the file description. A base sample j with a
/// NaN among its d + 2 outputs (a failed run) is left out of every estimate; rows_used says how
/// many remain. With `bootstrap` > 0 the rows used are resampled with replacement that many
/// times (resample b draws from SplitMix64(stream_seed(seed, RandomStream::bootstrap, b))),
/// every estimate including V(Y) is recomputed, and the intervals are the type-7 quantiles at
/// (1 − confidence)/2 and (1 + confidence)/2 of the resampled indices (percentile bootstrap;
/// COINr's SA_estimate does the same with V(Y) held fixed and 5 %/95 % quantiles).
/// @throws validation_error for a y of the wrong length, confidence outside (0, 1), fewer than
/// two usable rows, or outputs without variance.
inline SobolIndices sobol_indices(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t n, std::size_t d,
                                  std::size_t bootstrap = 0, double confidence = 0.9, std::uint64_t seed = 1) {
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

/// The output whose variance is decomposed.
enum class SensitivityTarget {
  rank,                  ///< one region's rank (SensitivityOptions::region)
  mean_abs_rank_change,  ///< mean over regions of |rank − nominal rank| (COINr get_sensitivity's target)
  top_tier_count         ///< number of regions in the best tier (needs a tier scheme)
};

/// Spelling: "rank", "mean_abs_rank_change", "top_tier_count".
inline const char* to_string(SensitivityTarget t) {
  switch (t) {
    case SensitivityTarget::rank: return "rank";
    case SensitivityTarget::mean_abs_rank_change: return "mean_abs_rank_change";
    case SensitivityTarget::top_tier_count: return "top_tier_count";
  }
  return "rank";
}

/// Parses the spelling of to_string(SensitivityTarget). @throws validation_error naming the text.
inline SensitivityTarget sensitivity_target_from_string(std::string_view s) {
  for (auto t : {SensitivityTarget::rank, SensitivityTarget::mean_abs_rank_change, SensitivityTarget::top_tier_count})
    if (s == to_string(t)) return t;
  throw validation_error("unknown sensitivity target '" + std::string(s) +
                         "' (expected rank, mean_abs_rank_change or top_tier_count)");
}

/// Options of sensitivity().
struct SensitivityOptions {
  SensitivityTarget target = SensitivityTarget::mean_abs_rank_change;  ///< the output
  std::string region;        ///< target rank: the region's code
  std::size_t samples = 0;   ///< base samples N (N(d + 2) runs); 0 = the spec's replications
  std::size_t bootstrap = 100;  ///< bootstrap resamples for the intervals (0 = none)
  double confidence = 0.9;   ///< level of the bootstrap intervals
  unsigned threads = 0;      ///< worker threads; 0 = the hardware's (the result does not depend on it)
  int year = 0;              ///< data year; 0 = the panel's last
  std::string node;          ///< target aggregate node; empty = the root
};

/// Result of sensitivity().
struct SensitivityResult {
  std::vector<std::string> factors;  ///< the vary paths, one per factor
  SensitivityTarget target = SensitivityTarget::mean_abs_rank_change;  ///< the output
  SobolIndices indices;              ///< S_i and S_Ti per factor, with intervals
  double nominal = 0;                ///< the output of the nominal pipeline
  Eigen::VectorXd outputs;           ///< the output of every run of the design (NaN: failed)
  ParameterLog log;                  ///< the inputs of every run of the design
  std::vector<ReplicationFailure> failures;  ///< failed runs, with their inputs and errors
  std::size_t samples = 0;           ///< N
};

/// The chosen output of each run: a region's rank, the mean over regions of |rank − nominal
/// rank| (over the regions ranked in both), or the count of regions in tier 0; NaN for a failed
/// run (and, for a region's rank, a run in which the region was not scored).
/// @throws unknown_id_error for an unknown region; validation_error for top_tier_count without
/// a tier scheme.
inline Eigen::VectorXd sensitivity_outputs(const UncertaintyModel& model, const ModelRuns& runs, const SensitivityOptions& options) {
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

/// Variance-based sensitivity analysis (see the file description): runs the model at the
/// Saltelli design of N = options.samples (or the spec's replications) base samples and the
/// spec's seed, computes the chosen output of every run and its first-order and total indices
/// with bootstrap intervals. Failed runs are listed in `failures` and their base samples left
/// out of the estimates (SobolIndices::rows_used).
/// @throws the errors of UncertaintyModel's constructor, sensitivity_outputs() and
/// sobol_indices(); validation_error when the spec varies nothing.
inline SensitivityResult sensitivity(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                                     const RegionSet* regions = nullptr, const SensitivityOptions& options = {}) {
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
