#pragma once
/// @file uncertainty_spec.hpp
/// @brief What an uncertainty or sensitivity analysis varies: the vary paths, one factor each
/// (VaryEntry: alternatives, a range or weight noise), and the UncertaintySpec (the nominal
/// pipeline, its factors, N and the seed) with its checks. The JSON form is read and written by
/// countyleap/io/uncertainty_spec.hpp (docs/uncertainty-spec.md); the analyses are in
/// uncertainty.hpp and sensitivity.hpp.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/impute.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/screen.hpp"
#include "countyleap/tier.hpp"
#include "countyleap/treat.hpp"
#include "countyleap/weight.hpp"

namespace countyleap {

/// How a vary entry samples its factor.
enum class VaryKind {
  values,  ///< one of the listed alternatives, each equally likely
  range,   ///< a number uniform in [lo, hi]
  noise    ///< one of `sets` weight sets drawn in advance (COINr get_noisy_weights)
};

/// Spelling: "values", "range", "noise" (the JSON key that selects the kind).
const char* to_string(VaryKind k);

/// The pipeline step a vary path belongs to, in the order the steps run.
enum class VaryStep { data, treat, normalise, weights, aggregate, tiers };

/// What the alternatives of a vary path are.
enum class VaryValueType {
  boolean,    ///< true / false
  number,     ///< a number
  integer,    ///< a whole number
  method,     ///< a method name, as spelled in the pipeline spec
  impute,     ///< an impute step object (or null: no imputation)
  screen,     ///< a screen step object (or null: no screening)
  treat,      ///< a treat step object (or null: no treatment)
  normalise,  ///< a normalise step object
  weights,    ///< a weights step object (given, equal or ahp)
  aggregate,  ///< an aggregate step object
  tiers       ///< a tier scheme object (docs/file-formats.md, "Tier scheme JSON")
};

/// One path that a vary entry may name: the default step of a PipelineSpec or one option of
/// it (per-node overrides in PipelineSpec::nodes are held fixed), or the tier scheme.
struct VaryPath {
  const char* path;     ///< e.g. "treat.winmax"
  VaryStep step;        ///< the step it changes
  VaryValueType type;   ///< what its alternatives are
  bool nullable;        ///< null is an alternative (the step is skipped)
  bool range;           ///< a continuous range is allowed (an option applied per replication)
  const char* needs;    ///< the step the nominal pipeline must have for an option path, or nullptr
};

/// Every path a vary entry may name:
/// `denominate`; `impute` (object or null), `impute.method`; `screen` (object or null),
/// `screen.min_data`; `treat` (object or null), `treat.method`, `treat.winmax`, `treat.skew`,
/// `treat.kurtosis`, `treat.outlier_sd`, `treat.sqrt_skew`; `normalise`, `normalise.method`,
/// `normalise.mean`, `normalise.sd`, `normalise.scale`, `normalise.lo`, `normalise.hi`,
/// `normalise.standard`, `normalise.worst`, `normalise.best`; `weights` (alternatives, or noise),
/// `weights.method`; `aggregate`, `aggregate.method`, `aggregate.p`, `aggregate.shift`,
/// `aggregate.min_data`, `aggregate.rho` (the last four may be continuous ranges); `tiers`.
/// Options of the steps before aggregation take discrete values only: each value is
/// precomputed once.
const std::vector<VaryPath>& vary_paths();

/// The entry of vary_paths() for `path`, or nullptr.
const VaryPath* find_vary_path(std::string_view path);

/// One alternative of a vary entry: the value put at its path. std::monostate is JSON null
/// (the step is skipped); double holds numbers and whole numbers; std::string a method name.
using VaryValue = std::variant<std::monostate, bool, double, std::string, ImputeStep, ScreenOptions, TreatOptions,
                               NormaliseStep, WeightOptions, AggregateOptions, TierScheme>;

/// One uncertain input (a factor): a path and how it is sampled. JSON:
/// `{"path": "treat.winmax", "values": [1, 2, 3]}`, `{"path": "aggregate.p", "range": [0.5, 2]}`,
/// `{"path": "weights", "noise": 0.25, "levels": [2, 3], "sets": 100}`.
struct VaryEntry {
  std::string path;                  ///< a path of vary_paths()
  VaryKind kind = VaryKind::values;  ///< how it is sampled
  std::vector<VaryValue> values;     ///< values: the alternatives, each equally likely
  double lo = 0;                     ///< range: lower end
  double hi = 0;                     ///< range: upper end
  /// noise: the noise factor f; each weight at `levels` is multiplied by 1 + U(−f, f), f in [0, 1).
  double noise = 0;
  std::vector<int> levels;  ///< noise: framework levels whose weights get noise (1 = indicators)
  int sets = 100;           ///< noise: weight sets drawn in advance; a replication picks one

  /// Number of discrete alternatives: values.size(), or sets for noise; 0 for a range.
  std::size_t size() const {
    return kind == VaryKind::values ? values.size() : kind == VaryKind::noise ? static_cast<std::size_t>(sets) : 0;
  }
};

/// Short text of one alternative for logs and error messages: the number, the method name,
/// "null", or the method of a step object (the rule of a tier scheme).
std::string describe(const VaryValue& v);

/// An uncertainty analysis: the nominal pipeline, its uncertain inputs and the sampling. JSON
/// (countyleap/io/uncertainty_spec.hpp):
/// `{"pipeline": {...}, "vary": [...], "replications": 1000, "seed": 1, "tiers": {...}}`.
struct UncertaintySpec {
  PipelineSpec pipeline;            ///< the nominal pipeline (docs/pipeline-spec.md)
  std::vector<VaryEntry> vary;      ///< the uncertain inputs, one factor each, applied in this order
  std::size_t replications = 1000;  ///< Monte Carlo replications N
  std::uint64_t seed = 1;           ///< seed of every random stream (see stream_seed())
  std::optional<TierScheme> tiers;  ///< nominal tier scheme of the composite score, if any

  /// Checks what can be checked without a framework, each error naming its JSON pointer
  /// (`/vary/2/values/1`): at least one replication; known paths, each at most once; the kind
  /// allowed for the path (a range only for aggregate.p, shift, min_data and rho; noise only for
  /// weights); non-empty alternatives of the path's type, method names spelled as in the
  /// pipeline spec; for option paths, the step present in the nominal pipeline; treat.winmax
  /// >= 0, screen.min_data and aggregate.min_data in [0, 1], aggregate.rho in (0, 1], finite
  /// numbers; lo < hi; 0 <= noise < 1, levels >= 1 and distinct, sets >= 1; weights
  /// alternatives given, equal or ahp (data-driven weights depend on each replication's data and
  /// are not supported); tier schemes valid, not targets_met, with the nominal scheme's labels,
  /// and a nominal scheme when the tiers vary.
  /// @throws validation_error naming the pointer.
  void validate() const;

  /// validate(), then the checks that need the framework: the nominal pipeline's
  /// PipelineSpec::validate(), and noise levels that exist in the framework.
  /// @throws validation_error naming the pointer.
  void validate(const Framework& fw) const;

 private:
  void check_value(const VaryPath& p, const VaryValue& v) const;
};

/// What the vary entries do to the scale of the scores: one message per statistic that mixes
/// scales, empty when every replication's scores are on one scale.
///
/// Rule: a vary entry changes the scale when its alternatives, each put into the nominal
/// pipeline, give default normalisations of different output scales (minmax [lo, hi], goalposts
/// and ratio_to_standard [0, scale], zscore (mean, sd), rank 1..n, percentile_rank [0, 1],
/// efficacy [60, 100], ratio_to_mean and ratio_to_reference x/ref·scale) or default aggregations
/// of different output scales (the means keep their components' scale; TOPSIS and grey
/// relational give [0, 1], Copeland wins − losses). Then the score statistics (mean and
/// quantiles of the score) average numbers on different scales, and a tier scheme with
/// boundaries in score units (fixed, relative_to_mean), nominal or varied, compares them with
/// one cut-off; both are named with the fix. Rank statistics (and quota or natural-break tiers)
/// compare regions within a replication and stay valid. Per-node overrides are held fixed by the
/// analysis and are not considered.
std::vector<std::string> scale_warnings(const UncertaintySpec& spec);

}  // namespace countyleap
