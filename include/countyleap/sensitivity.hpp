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

#include "countyleap/error.hpp"
#include "countyleap/uncertainty.hpp"

namespace countyleap {

/// Saltelli's design for `n` base samples of `d` factors: an n(d + 2) × d matrix of draws in
/// [0, 1) whose rows are A (rows 0..n−1), B (n..2n−1), then A_B^(1), …, A_B^(d) (n rows each; A
/// with column i from B), COINr's SA_sample() layout. Row j of A holds the first d and row j of B
/// the next d outputs of SplitMix64(stream_seed(seed, RandomStream::saltelli, j)).uniform().
/// @throws validation_error when n or d is 0.
Eigen::MatrixXd saltelli_design(std::size_t n, std::size_t d, std::uint64_t seed);

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
SobolIndices sobol_indices(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t n, std::size_t d,
                           std::size_t bootstrap = 0, double confidence = 0.9, std::uint64_t seed = 1);

/// The output whose variance is decomposed.
enum class SensitivityTarget {
  rank,                  ///< one region's rank (SensitivityOptions::region)
  mean_abs_rank_change,  ///< mean over regions of |rank − nominal rank| (COINr get_sensitivity's target)
  top_tier_count         ///< number of regions in the best tier (needs a tier scheme)
};

/// Spelling: "rank", "mean_abs_rank_change", "top_tier_count".
const char* to_string(SensitivityTarget t);

/// Parses the spelling of to_string(SensitivityTarget). @throws validation_error naming the text.
SensitivityTarget sensitivity_target_from_string(std::string_view s);

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
Eigen::VectorXd sensitivity_outputs(const UncertaintyModel& model, const ModelRuns& runs, const SensitivityOptions& options);

/// Variance-based sensitivity analysis (see the file description): runs the model at the
/// Saltelli design of N = options.samples (or the spec's replications) base samples and the
/// spec's seed, computes the chosen output of every run and its first-order and total indices
/// with bootstrap intervals. Failed runs are listed in `failures` and their base samples left
/// out of the estimates (SobolIndices::rows_used).
/// @throws the errors of UncertaintyModel's constructor, sensitivity_outputs() and
/// sobol_indices(); validation_error when the spec varies nothing.
SensitivityResult sensitivity(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                              const RegionSet* regions = nullptr, const SensitivityOptions& options = {});

}  // namespace countyleap
