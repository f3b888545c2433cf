#pragma once
/// @file uncertainty.hpp
/// @brief Monte Carlo uncertainty analysis of a composite indicator: the pipeline is run many
/// times with its uncertain choices (imputation, treatment and its winmax, normalisation,
/// weights, aggregation, tier scheme) sampled from a seeded generator; per region the nominal
/// score and rank, rank and score quantiles and, with a tier scheme, the probability of each tier
/// and of meeting a goal tier. The approach and the example are COINr 1.1.14's get_sensitivity()
/// with SA_type = "UA" (W. Becker et al., COINr: An R package for developing composite
/// indicators, JOSS 7(78) 4567, 2022; M. Saisana, A. Saltelli & S. Tarantola, Uncertainty and
/// sensitivity analysis techniques as tools for the quality assessment of composite indicators,
/// J. R. Statist. Soc. A 168(2) (2005) 307–323).
///
/// Speed by design: everything that does not depend on a replication's sampled inputs is done
/// once. The data steps (denominate, impute, screen) run once per distinct choice of them, the
/// outlier treatment once per distinct choice of it, the normalisation once per distinct
/// (data, treatment, normalisation) choice; the resulting leaf matrices are kept. For the
/// aggregate nodes whose children are all indicators, the component transforms of the
/// arithmetic, geometric and harmonic means (x, ln(x + shift), 1/(x + shift)) are precomputed
/// per leaf matrix, so a replication is a weighted sum over each leaf matrix. A replication then
/// picks its leaf matrix, its weight set and its aggregation rules and runs that kernel and
/// HierarchyEvaluator over the rest of the tree, then ranks — into per-thread buffers, without
/// heap allocation. Replications run on std::thread with per-replication generators derived from
/// (seed, replication index), so the result is the same, bit for bit, on any number of threads.

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "countyleap/detail/random.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/region.hpp"
#include "countyleap/uncertainty_spec.hpp"

namespace countyleap {

/// The sampled inputs of a set of runs (replications or design points), one row per run and
/// one column per factor (vary entry): a compact, complete record of what each run used.
struct ParameterLog {
  std::vector<std::string> factors;  ///< the vary paths, in spec order
  /// The uniform draw u in [0, 1) that chose each input (NaN for the nominal run).
  Eigen::MatrixXd u;
  /// values: the alternative's position (⌊u·n⌋ of n); noise: the weight set (⌊u·sets⌋);
  /// range: −1; −1 also marks the nominal input.
  Eigen::MatrixXi index;
  /// range: the number sampled, lo + u·(hi − lo); values: the alternative when it is a number
  /// (e.g. the winmax); NaN otherwise.
  Eigen::MatrixXd value;

  /// Number of runs.
  std::size_t size() const { return static_cast<std::size_t>(index.rows()); }
};

/// A run that failed: its position (replication or design point), its inputs as text and the
/// error. The statistics leave failed runs out and say how many there were.
struct ReplicationFailure {
  std::size_t run = 0;  ///< row of the ParameterLog
  std::string inputs;   ///< e.g. "treat.winmax=1; normalise=zscore; weights=set 17; aggregate.method=geometric"
  std::string message;  ///< the error's message
};

/// Raw results of a set of runs: the target node's score, rank and tier of every region in every
/// run (regions in rows, runs in columns). A region not scored in a run (dropped by a screening
/// alternative, or all its components missing) and every region of a failed run have NaN
/// score and rank and tier −1.
struct ModelRuns {
  Eigen::MatrixXd scores;              ///< regions × runs
  Eigen::MatrixXd ranks;               ///< regions × runs; 1 = best, ties share the best rank
  Eigen::MatrixXi tiers;               ///< regions × runs tier index (0 = best); empty without a scheme
  std::vector<std::uint8_t> ok;        ///< per run: 1 when it succeeded
  std::vector<ReplicationFailure> failures;  ///< failed runs, by run index
};

/// The compiled model of an uncertainty analysis: the nominal pipeline and its factors, ready to
/// run any set of input points (replications, or the design of a sensitivity analysis).
///
/// Construction validates the spec against the framework, runs the data steps (derive,
/// denominate, impute, screen) once for each combination of the data-step alternatives, draws
/// the noisy weight sets and runs the nominal pipeline (which must succeed). run() then
/// precomputes, once, the leaf matrices and component transforms its points need and runs the
/// points in parallel.
///
/// Rules per run: the factors are applied to the nominal spec in vary order; an option path
/// changes that option of the default step only (per-node overrides in PipelineSpec::nodes and a
/// node's own Framework aggregation method hold, as in PipelineSpec::aggregate_for()). Weights:
/// each aggregate node's children get the weights of PipelineSpec::weights_for() (given,
/// equal or ahp), times the noise multipliers of the run's weight set: for a noise entry with
/// factor f, set s multiplies the weight of every node whose Framework::level() is listed by
/// 1 + f·(2u − 1), u the successive draws of stream_seed(seed, weight_sets, k·2³² + s) over
/// those nodes in canonical order (COINr get_noisy_weights: w + (2u − 1)·f·w). The ranks are
/// those of the target node's score among the regions scored in the run (rank 1 = highest,
/// ties share the best rank, as COINr's rank_df).
///
/// The panel, framework and regions must outlive the model.
class UncertaintyModel {
 public:
  /// Compiles the model. `node` is the target aggregate node (empty: the root); `year` 0 is the
  /// panel's last year.
  /// @throws validation_error for an invalid spec (naming its JSON pointer), a target node that
  /// is an indicator, or a nominal pipeline that fails (with its error); unknown_id_error for an
  /// unknown target node or year.
  UncertaintyModel(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                   const RegionSet* regions = nullptr, int year = 0, const std::string& node = {});

  /// The spec.
  const UncertaintySpec& spec() const noexcept;
  /// The factors' paths, in spec order (the columns of a ParameterLog).
  std::vector<std::string> factors() const;
  /// Number of factors d.
  std::size_t n_factors() const noexcept;
  /// Codes of the regions reported (rows of ModelRuns): every region kept by the nominal
  /// pipeline or by any alternative of the data steps, in panel order.
  const std::vector<std::string>& regions() const noexcept;
  /// Id of the target node.
  const std::string& node() const;
  /// Nominal score of each region (NaN when the nominal pipeline does not score it).
  const Eigen::VectorXd& nominal_scores() const noexcept;
  /// Nominal rank of each region.
  const Eigen::VectorXd& nominal_ranks() const noexcept;
  /// Nominal tier of each region (−1 when unscored; empty without a tier scheme).
  const Eigen::VectorXi& nominal_tiers() const noexcept;
  /// Tier labels of the scheme, best first (empty without one).
  const std::vector<std::string>& tier_labels() const noexcept;
  /// Number of leaf matrices precomputed so far (distinct data/treatment/normalisation choices).
  std::size_t leaf_matrices() const noexcept;
  /// The weight multipliers of noise entry `k` of the spec (nodes in canonical order × sets);
  /// throws std::out_of_range when entry k is not a noise entry.
  const Eigen::MatrixXd& weight_multipliers(std::size_t k) const;

  /// A log of `n` runs at the nominal inputs (u NaN, index −1, value NaN).
  ParameterLog empty_log(std::size_t n) const;

  /// The inputs of the runs whose uniform draws are the rows of `u` (runs × factors, each in
  /// [0, 1)): values entries take alternative ⌊u·n⌋ (the last one at most), noise entries weight
  /// set ⌊u·sets⌋, range entries lo + u·(hi − lo) — each factor uniform over its alternatives or
  /// range, as COINr's sample_2_para.
  /// @throws validation_error when u has the wrong number of columns or a value outside [0, 1).
  ParameterLog design(const Eigen::Ref<const Eigen::MatrixXd>& u) const;

  /// The inputs of run `r` of a log as text, e.g.
  /// "treat.winmax=1; normalise=zscore; weights=set 17; aggregate.method=geometric".
  std::string describe_run(const ParameterLog& log, std::size_t r) const;

  /// Runs every row of `log` on `threads` threads (0 = the hardware's) and returns the target
  /// node's scores, ranks and tiers per region and run. A run whose leaf matrix cannot be built
  /// (a step's error), whose aggregation fails (e.g. a geometric mean of a value <= 0, as COINr's
  /// a_gmean) or whose tiers cannot be assigned is recorded in `failures` with its inputs and
  /// message, never dropped silently. The result does not depend on `threads`.
  /// @throws validation_error when the log does not have one column per factor.
  ModelRuns run(const ParameterLog& log, unsigned threads = 0);

  /// Releases the compiled model.
  ~UncertaintyModel();
  /// Moves the compiled model (a model is not copied: it holds the precomputed leaf matrices).
  UncertaintyModel(UncertaintyModel&&) noexcept;
  /// Moves the compiled model.
  UncertaintyModel& operator=(UncertaintyModel&&) noexcept;

 private:
  class Impl;  // the compiled model (src/core/uncertainty_model.cpp)
  std::unique_ptr<Impl> impl_;
};

/// The uniform draws of `n` replications of `d` factors: row r holds the first d outputs of
/// SplitMix64(stream_seed(seed, RandomStream::inputs, r)).uniform(), one per factor in spec
/// order. Each replication's inputs depend on (seed, r) alone.
Eigen::MatrixXd replication_draws(std::size_t n, std::size_t d, std::uint64_t seed);

/// Options of uncertainty().
struct UncertaintyOptions {
  unsigned threads = 0;  ///< worker threads; 0 = the hardware's (the result does not depend on it)
  int year = 0;          ///< data year; 0 = the panel's last
  std::string node;      ///< target aggregate node; empty = the root (the composite index)
  /// Goal tier label per region code (e.g. a plan's goals); with a tier scheme the result gives
  /// each such region's probability of reaching its goal tier or a better one.
  std::map<std::string, std::string> goals;
  bool keep_replications = true;  ///< keep every replication's scores, ranks and tiers in the result
};

/// Result of uncertainty(): per region (rows, in the order of `regions`) the nominal score and
/// rank, the rank and score statistics over the successful replications in which the region was
/// scored, and the tier probabilities; plus the parameter log and the failures.
///
/// Quantiles are R's type 7 (as COINr's RankStats, which calls stats::quantile with its
/// default), the median R's median().
struct UncertaintyResult {
  std::vector<std::string> regions;  ///< region codes
  std::string node;                  ///< the target node
  Eigen::VectorXd nominal_score;     ///< score of the nominal pipeline (NaN: not scored)
  Eigen::VectorXd nominal_rank;      ///< rank of the nominal pipeline
  Eigen::VectorXd mean_rank;         ///< mean rank
  Eigen::VectorXd median_rank;       ///< median rank
  Eigen::VectorXd q5_rank;           ///< 5th percentile of the rank
  Eigen::VectorXd q95_rank;          ///< 95th percentile of the rank
  Eigen::VectorXd mean_score;        ///< mean score
  Eigen::VectorXd q5_score;          ///< 5th percentile of the score
  Eigen::VectorXd median_score;      ///< median score
  Eigen::VectorXd q95_score;         ///< 95th percentile of the score
  Eigen::VectorXi n_scored;          ///< successful replications in which the region was scored
  std::vector<std::string> tier_labels;  ///< tiers of the scheme, best first (empty without one)
  Eigen::VectorXi nominal_tier;          ///< nominal tier index (−1: none)
  Eigen::MatrixXd tier_probability;      ///< regions × tiers: share of the scored replications in each tier
  Eigen::VectorXd goal_probability;      ///< P(tier at or above the region's goal); NaN without a goal
  std::size_t replications = 0;          ///< N, as asked
  std::size_t succeeded = 0;             ///< replications that ran; the statistics are over these
  std::vector<ReplicationFailure> failures;  ///< the others, with their inputs and errors
  ParameterLog log;                      ///< every replication's sampled inputs
  std::size_t leaf_matrices = 0;         ///< distinct leaf matrices precomputed
  Eigen::MatrixXd scores;                ///< regions × replications (keep_replications)
  Eigen::MatrixXd ranks;                 ///< regions × replications (keep_replications)
  Eigen::MatrixXi tiers;                 ///< regions × replications, −1 = none (keep_replications and a scheme)
  /// Statistics that mix score scales, with the fix (scale_warnings() of the spec); empty when
  /// every replication's scores are on one scale.
  std::vector<std::string> warnings;
};

/// Summarises the runs of a model at the sampled inputs `log` (see UncertaintyResult).
/// @throws validation_error for goals without a tier scheme; unknown_id_error for a goal's
/// region that is not reported or an unknown tier label.
UncertaintyResult summarise_uncertainty(const UncertaintyModel& model, ParameterLog log, ModelRuns runs,
                                        const UncertaintyOptions& options = {});

/// Monte Carlo uncertainty analysis (see the file description and UncertaintyModel): the
/// spec's `replications` runs with inputs replication_draws(replications, factors, seed),
/// summarised per region (UncertaintyResult). With the spec of COINr's uncertainty example this
/// reproduces COINr 1.1.14 get_sensitivity(SA_type = "UA") up to Monte Carlo noise (COINr
/// draws with R's generator, so individual replications differ). A replication that fails
/// (COINr: "Regen failed", its scores NA and left out by na.rm) is listed in `failures` with its
/// inputs and message; the statistics are over the successful ones (`succeeded`).
/// @throws the errors of UncertaintyModel's constructor and of summarise_uncertainty().
UncertaintyResult uncertainty(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                              const RegionSet* regions = nullptr, const UncertaintyOptions& options = {});

}  // namespace countyleap
