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

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/rank.hpp"
#include "countyleap/region.hpp"
#include "countyleap/tier.hpp"
#include "countyleap/weight.hpp"

namespace countyleap {

// ---- random numbers -----------------------------------------------------------------------

/// SplitMix64, the generator of G. L. Steele, D. Lea & C. H. Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014, with the output function of S. Vigna's
/// reference splitmix64.c (Stafford's "Mix13" constants): the state advances by
/// γ = 0x9E3779B97F4A7C15 and each output is z ^= z >> 30, z *= 0xBF58476D1CE4E5B9,
/// z ^= z >> 27, z *= 0x94D049BB133111EB, z ^= z >> 31 of the new state. Seeded with 0 its
/// first outputs are 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
///
/// Defined by integer arithmetic alone, so every compiler and standard library gives the same
/// sequence (the distributions of the standard header \<random\> are not specified exactly and
/// differ between libraries).
class SplitMix64 {
 public:
  /// A generator whose state is `seed`.
  explicit SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}
  /// The next 64 random bits.
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// A uniform double in [0, 1): the top 53 bits of next() times 2⁻⁵³, so every multiple of
  /// 2⁻⁵³ in [0, 1) is equally likely.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

/// Independent random streams of one analysis (see stream_seed()).
enum class RandomStream : std::uint64_t {
  inputs = 1,       ///< a replication's uniform draws, one per vary entry
  weight_sets = 2,  ///< the noisy weight sets drawn in advance
  saltelli = 3,     ///< the rows of the Saltelli design matrices A and B
  bootstrap = 4     ///< the bootstrap resamples of the sensitivity indices
};

/// The starting state of the generator of item `index` of `stream` in an analysis seeded with
/// `seed`: mix(mix(mix(seed) + stream) + index), mix(x) being the first SplitMix64 output of
/// state x. A counter-based scheme: a replication's generator depends only on (seed, stream,
/// index), never on which thread ran it or what ran before, and since mix is a bijection two
/// indices of one stream never share a state.
inline std::uint64_t stream_seed(std::uint64_t seed, RandomStream stream, std::uint64_t index) noexcept {
  auto mix = [](std::uint64_t x) { return SplitMix64(x).next(); };
  return mix(mix(mix(seed) + static_cast<std::uint64_t>(stream)) + index);
}

// ---- the uncertainty spec -------------------------------------------------------------------

/// How a vary entry samples its factor.
enum class VaryKind {
  values,  ///< one of the listed alternatives, each equally likely
  range,   ///< a number uniform in [lo, hi]
  noise    ///< one of `sets` weight sets drawn in advance (COINr get_noisy_weights)
};

/// Spelling: "values", "range", "noise" (the JSON key that selects the kind).
inline const char* to_string(VaryKind k) {
  switch (k) {
    case VaryKind::values: return "values";
    case VaryKind::range: return "range";
    case VaryKind::noise: return "noise";
  }
  return "values";
}

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
inline const std::vector<VaryPath>& vary_paths() {
  using S = VaryStep;
  using T = VaryValueType;
  static const std::vector<VaryPath> paths = {
      {"denominate", S::data, T::boolean, false, false, nullptr},
      {"impute", S::data, T::impute, true, false, nullptr},
      {"impute.method", S::data, T::method, false, false, "impute"},
      {"screen", S::data, T::screen, true, false, nullptr},
      {"screen.min_data", S::data, T::number, false, false, "screen"},
      {"treat", S::treat, T::treat, true, false, nullptr},
      {"treat.method", S::treat, T::method, false, false, "treat"},
      {"treat.winmax", S::treat, T::integer, false, false, "treat"},
      {"treat.skew", S::treat, T::number, false, false, "treat"},
      {"treat.kurtosis", S::treat, T::number, false, false, "treat"},
      {"treat.outlier_sd", S::treat, T::number, false, false, "treat"},
      {"treat.sqrt_skew", S::treat, T::number, false, false, "treat"},
      {"normalise", S::normalise, T::normalise, false, false, nullptr},
      {"normalise.method", S::normalise, T::method, false, false, nullptr},
      {"normalise.mean", S::normalise, T::number, false, false, nullptr},
      {"normalise.sd", S::normalise, T::number, false, false, nullptr},
      {"normalise.scale", S::normalise, T::number, false, false, nullptr},
      {"normalise.lo", S::normalise, T::number, false, false, nullptr},
      {"normalise.hi", S::normalise, T::number, false, false, nullptr},
      {"normalise.standard", S::normalise, T::number, false, false, nullptr},
      {"normalise.worst", S::normalise, T::number, false, false, nullptr},
      {"normalise.best", S::normalise, T::number, false, false, nullptr},
      {"weights", S::weights, T::weights, false, false, nullptr},
      {"weights.method", S::weights, T::method, false, false, nullptr},
      {"aggregate", S::aggregate, T::aggregate, false, false, nullptr},
      {"aggregate.method", S::aggregate, T::method, false, false, nullptr},
      {"aggregate.p", S::aggregate, T::number, false, true, nullptr},
      {"aggregate.shift", S::aggregate, T::number, false, true, nullptr},
      {"aggregate.min_data", S::aggregate, T::number, false, true, nullptr},
      {"aggregate.rho", S::aggregate, T::number, false, true, nullptr},
      {"tiers", S::tiers, T::tiers, false, false, nullptr}};
  return paths;
}

/// The entry of vary_paths() for `path`, or nullptr.
inline const VaryPath* find_vary_path(std::string_view path) {
  for (const VaryPath& p : vary_paths())
    if (path == p.path) return &p;
  return nullptr;
}

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
inline std::string describe(const VaryValue& v) {
  struct Text {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double x) const { return detail::format_double(x); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const ImputeStep& s) const { return to_string(s.options.method); }
    std::string operator()(const ScreenOptions& s) const { return "min_data " + detail::format_double(s.min_data); }
    std::string operator()(const TreatOptions& s) const { return to_string(s.method); }
    std::string operator()(const NormaliseStep& s) const { return to_string(s.options.method); }
    std::string operator()(const WeightOptions& s) const { return to_string(s.method); }
    std::string operator()(const AggregateOptions& s) const { return to_string(s.method); }
    std::string operator()(const TierScheme& s) const { return to_string(s.rule); }
  };
  return std::visit(Text{}, v);
}

namespace detail {

inline const char* value_type_name(VaryValueType t) {
  switch (t) {
    case VaryValueType::boolean: return "true or false";
    case VaryValueType::number: return "a number";
    case VaryValueType::integer: return "a whole number";
    case VaryValueType::method: return "a method name";
    case VaryValueType::impute: return "an impute step object or null";
    case VaryValueType::screen: return "a screen step object or null";
    case VaryValueType::treat: return "a treat step object or null";
    case VaryValueType::normalise: return "a normalise step object";
    case VaryValueType::weights: return "a weights step object";
    case VaryValueType::aggregate: return "an aggregate step object";
    case VaryValueType::tiers: return "a tier scheme object";
  }
  return "";
}

// The variant alternative a value type is stored as.
inline bool holds(const VaryValue& v, VaryValueType t, bool nullable) {
  if (nullable && std::holds_alternative<std::monostate>(v)) return true;
  switch (t) {
    case VaryValueType::boolean: return std::holds_alternative<bool>(v);
    case VaryValueType::number: return std::holds_alternative<double>(v);
    case VaryValueType::integer:
      return std::holds_alternative<double>(v) && std::get<double>(v) == std::floor(std::get<double>(v)) &&
             std::abs(std::get<double>(v)) < 2147483648.0;
    case VaryValueType::method: return std::holds_alternative<std::string>(v);
    case VaryValueType::impute: return std::holds_alternative<ImputeStep>(v);
    case VaryValueType::screen: return std::holds_alternative<ScreenOptions>(v);
    case VaryValueType::treat: return std::holds_alternative<TreatOptions>(v);
    case VaryValueType::normalise: return std::holds_alternative<NormaliseStep>(v);
    case VaryValueType::weights: return std::holds_alternative<WeightOptions>(v);
    case VaryValueType::aggregate: return std::holds_alternative<AggregateOptions>(v);
    case VaryValueType::tiers: return std::holds_alternative<TierScheme>(v);
  }
  return false;
}

// An aggregate path's value put into one rule (the per-replication part of apply_vary).
inline void apply_vary_aggregate(AggregateOptions& rule, std::string_view path, const VaryValue& v) {
  if (path == "aggregate") rule = std::get<AggregateOptions>(v);
  else if (path == "aggregate.method") rule.method = aggregation_method_from_string(std::get<std::string>(v));
  else if (path == "aggregate.p") rule.p = std::get<double>(v);
  else if (path == "aggregate.shift") rule.shift = std::get<double>(v);
  else if (path == "aggregate.min_data") rule.min_data = std::get<double>(v);
  else if (path == "aggregate.rho") rule.rho = std::get<double>(v);
}

// Puts one alternative at its path of a pipeline spec (the tier scheme is not part of it).
inline void apply_vary(PipelineSpec& spec, std::string_view path, const VaryValue& v) {
  const bool null = std::holds_alternative<std::monostate>(v);
  auto number = [&] { return std::get<double>(v); };
  if (path == "denominate") spec.denominate = std::get<bool>(v);
  else if (path == "impute") spec.impute = null ? std::nullopt : std::optional<ImputeStep>(std::get<ImputeStep>(v));
  else if (path == "impute.method") spec.impute->options.method = impute_method_from_string(std::get<std::string>(v));
  else if (path == "screen") spec.screen = null ? std::nullopt : std::optional<ScreenOptions>(std::get<ScreenOptions>(v));
  else if (path == "screen.min_data") spec.screen->min_data = number();
  else if (path == "treat") spec.treat = null ? std::nullopt : std::optional<TreatOptions>(std::get<TreatOptions>(v));
  else if (path == "treat.method") spec.treat->method = treat_method_from_string(std::get<std::string>(v));
  else if (path == "treat.winmax") spec.treat->winmax = static_cast<int>(number());
  else if (path == "treat.skew") spec.treat->skew = number();
  else if (path == "treat.kurtosis") spec.treat->kurtosis = number();
  else if (path == "treat.outlier_sd") spec.treat->outlier_sd = number();
  else if (path == "treat.sqrt_skew") spec.treat->sqrt_skew = number();
  else if (path == "normalise") spec.normalise = std::get<NormaliseStep>(v);
  else if (path == "normalise.method") spec.normalise.options.method = normalise_method_from_string(std::get<std::string>(v));
  else if (path == "normalise.mean") spec.normalise.options.mean = number();
  else if (path == "normalise.sd") spec.normalise.options.sd = number();
  else if (path == "normalise.scale") spec.normalise.options.scale = number();
  else if (path == "normalise.lo") spec.normalise.options.goalpost_lo = number();
  else if (path == "normalise.hi") spec.normalise.options.goalpost_hi = number();
  else if (path == "normalise.standard") spec.normalise.options.standard = number();
  else if (path == "normalise.worst") spec.normalise.options.efficacy_worst = number();
  else if (path == "normalise.best") spec.normalise.options.efficacy_best = number();
  else if (path == "weights") spec.weights = std::get<WeightOptions>(v);
  else if (path == "weights.method") spec.weights.method = weight_method_from_string(std::get<std::string>(v));
  else apply_vary_aggregate(spec.aggregate, path, v);
}

// Checks the spelling of a method alternative for its path.
inline void check_method(std::string_view path, const std::string& name) {
  if (path == "impute.method") impute_method_from_string(name);
  else if (path == "treat.method") treat_method_from_string(name);
  else if (path == "normalise.method") normalise_method_from_string(name);
  else if (path == "weights.method") {
    const WeightMethod m = weight_method_from_string(name);
    if (m != WeightMethod::given && m != WeightMethod::equal)
      throw validation_error("weights.method varies between 'given' and 'equal' (give whole weights objects for ahp)");
  } else aggregation_method_from_string(name);
}

// Checks an aggregate option against the domain aggregate() accepts.
inline void check_aggregate_number(std::string_view path, double x) {
  if (!std::isfinite(x)) throw validation_error(std::string(path) + " must be finite");
  if (path == "aggregate.min_data" && !(x >= 0 && x <= 1)) throw validation_error("aggregate.min_data must lie in [0, 1]");
  if (path == "aggregate.rho" && !(x > 0 && x <= 1)) throw validation_error("aggregate.rho must lie in (0, 1]");
}

[[noreturn]] inline void fail_at(const std::string& at, const std::string& what) { throw validation_error(at + ": " + what); }

inline void check_tier_scheme(const TierScheme& s) {
  s.validate();
  if (s.rule == TierRule::targets_met)
    throw validation_error("a targets_met scheme classifies by targets met, not by score; the uncertainty analysis "
                           "classifies the composite score");
}

}  // namespace detail

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
  void validate() const {
    if (replications < 1) throw validation_error("/replications: at least one replication is needed");
    using detail::fail_at;
    if (tiers) {
      try {
        detail::check_tier_scheme(*tiers);
      } catch (const error& e) {
        fail_at("/tiers", e.detail());
      }
    }
    for (std::size_t i = 0; i < vary.size(); ++i) {
      const VaryEntry& e = vary[i];
      const std::string at = "/vary/" + std::to_string(i);
      const VaryPath* p = find_vary_path(e.path);
      if (!p) fail_at(at + "/path", "unknown path '" + e.path + "'");
      for (std::size_t j = 0; j < i; ++j)
        if (vary[j].path == e.path) fail_at(at + "/path", "path '" + e.path + "' is varied twice (entry " + std::to_string(j) + ")");
      if (p->needs) {
        const std::string_view need(p->needs);
        const bool present = need == "impute" ? pipeline.impute.has_value()
                             : need == "screen" ? pipeline.screen.has_value()
                                                : pipeline.treat.has_value();
        if (!present) fail_at(at + "/path", "'" + e.path + "' varies an option of the " + p->needs + " step, which the pipeline does not have");
      }
      if (p->step == VaryStep::tiers && !tiers) fail_at(at + "/path", "varying 'tiers' needs a nominal \"tiers\" scheme");
      switch (e.kind) {
        case VaryKind::values:
          if (e.values.empty()) fail_at(at + "/values", "expected at least one alternative");
          for (std::size_t j = 0; j < e.values.size(); ++j) {
            const VaryValue& v = e.values[j];
            const std::string vat = at + "/values/" + std::to_string(j);
            if (!detail::holds(v, p->type, p->nullable)) fail_at(vat, std::string("expected ") + detail::value_type_name(p->type));
            try {
              check_value(*p, v);
            } catch (const error& err) {
              fail_at(vat, err.detail());
            }
          }
          break;
        case VaryKind::range:
          if (!p->range)
            fail_at(at + "/range", "a continuous range is allowed for aggregate.p, aggregate.shift, aggregate.min_data and "
                                "aggregate.rho (options applied per replication); give \"values\" for '" + e.path +
                                "', each value is precomputed once");
          if (!(std::isfinite(e.lo) && std::isfinite(e.hi) && e.lo < e.hi)) fail_at(at + "/range", "expected [lo, hi] with lo < hi");
          try {
            detail::check_aggregate_number(e.path, e.lo);
            detail::check_aggregate_number(e.path, e.hi);
          } catch (const error& err) {
            fail_at(at + "/range", err.detail());
          }
          break;
        case VaryKind::noise:
          if (e.path != "weights") fail_at(at + "/noise", "noise applies to the path 'weights'");
          if (!(e.noise >= 0 && e.noise < 1)) fail_at(at + "/noise", "the noise factor must lie in [0, 1) so that weights stay positive");
          if (e.levels.empty()) fail_at(at + "/levels", "expected at least one framework level");
          for (std::size_t j = 0; j < e.levels.size(); ++j) {
            if (e.levels[j] < 1) fail_at(at + "/levels/" + std::to_string(j), "levels start at 1 (the indicators)");
            for (std::size_t k = 0; k < j; ++k)
              if (e.levels[k] == e.levels[j]) fail_at(at + "/levels/" + std::to_string(j), "level listed twice");
          }
          if (e.sets < 1) fail_at(at + "/sets", "at least one weight set is needed");
          break;
      }
    }
  }

  /// validate(), then the checks that need the framework: the nominal pipeline's
  /// PipelineSpec::validate(), and noise levels that exist in the framework.
  /// @throws validation_error naming the pointer.
  void validate(const Framework& fw) const {
    validate();
    try {
      pipeline.validate(fw);
    } catch (const error& e) {
      throw validation_error("/pipeline: " + e.detail(), e.where());
    }
    int top = 0;
    for (std::size_t i = 0; i < fw.size(); ++i) top = std::max(top, fw.level(i));
    for (std::size_t i = 0; i < vary.size(); ++i)
      for (std::size_t j = 0; j < vary[i].levels.size(); ++j)
        if (vary[i].kind == VaryKind::noise && vary[i].levels[j] > top)
          throw validation_error("/vary/" + std::to_string(i) + "/levels/" + std::to_string(j) + ": the framework has levels 1.." +
                                 std::to_string(top));
  }

 private:
  void check_value(const VaryPath& p, const VaryValue& v) const {
    if (std::holds_alternative<std::monostate>(v)) return;
    const std::string_view path(p.path);
    if (p.type == VaryValueType::method) detail::check_method(path, std::get<std::string>(v));
    if (path == "treat.winmax" && std::get<double>(v) < 0) throw validation_error("winmax must be >= 0");
    if (p.type == VaryValueType::number && !std::isfinite(std::get<double>(v))) throw validation_error("expected a finite number");
    if (path == "screen.min_data" && !(std::get<double>(v) >= 0 && std::get<double>(v) <= 1))
      throw validation_error("screen.min_data must lie in [0, 1]");
    if (path == "screen" && !(std::get<ScreenOptions>(v).min_data >= 0 && std::get<ScreenOptions>(v).min_data <= 1))
      throw validation_error("screen.min_data must lie in [0, 1]");
    if (p.step == VaryStep::aggregate && p.type == VaryValueType::number) detail::check_aggregate_number(path, std::get<double>(v));
    if (path == "aggregate") {
      const AggregateOptions& a = std::get<AggregateOptions>(v);
      detail::check_aggregate_number("aggregate.min_data", a.min_data);
      detail::check_aggregate_number("aggregate.rho", a.rho);
      detail::check_aggregate_number("aggregate.p", a.p);
      detail::check_aggregate_number("aggregate.shift", a.shift);
    }
    if (path == "weights") {
      const WeightMethod m = std::get<WeightOptions>(v).method;
      if (m != WeightMethod::given && m != WeightMethod::equal && m != WeightMethod::ahp)
        throw validation_error(std::string("weights '") + to_string(m) +
                               "' depend on each replication's data; the alternatives may be given, equal or ahp");
    }
    if (path == "tiers") {
      const TierScheme& s = std::get<TierScheme>(v);
      detail::check_tier_scheme(s);
      bool same = s.tiers.size() == tiers->tiers.size();
      for (std::size_t t = 0; same && t < s.tiers.size(); ++t) same = s.tiers[t].label == tiers->tiers[t].label;
      if (!same) throw validation_error("every tier scheme must have the nominal scheme's labels, in the same order");
    }
  }
};

// ---- a sample of inputs and the runs ------------------------------------------------------

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

namespace detail {

// Runs f(index, thread) for index in [0, n) on `threads` threads (dynamic scheduling); `make`
// builds each thread's state once, before its first item. The first exception a worker throws
// outside f is rethrown.
template <class Make, class F>
void parallel_items(std::size_t n, unsigned threads, Make make, F f) {
  if (n == 0) return;
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::min<std::size_t>(n, 1u << 16))));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](unsigned tid) {
    try {
      auto state = make();
      for (std::size_t i; (i = next.fetch_add(1)) < n;) f(i, state);
    } catch (...) {
      errors[tid] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(work, k);
  work(0);
  for (auto& t : pool) t.join();
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

inline unsigned resolve_threads(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace detail

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
                   const RegionSet* regions = nullptr, int year = 0, const std::string& node = {})
      : panel_(panel), fw_(framework), spec_(spec), regions_ptr_(regions), year_(year), tree_evaluator_(framework) {
    spec_.validate(fw_);
    target_ = node.empty() ? fw_.root() : fw_.node_index(node);
    if (fw_.is_leaf(target_))
      throw validation_error("the target of an uncertainty analysis must be an aggregate node", Location{"", 0, 0, "", node});
    build_factors();
    build_tree();
    build_data_variants();
    build_weight_noise();
    schemes_.push_back(spec_.tiers ? *spec_.tiers : TierScheme{});
    for (const Factor& f : factors_)
      if (f.path->step == VaryStep::tiers)
        for (const VaryValue& v : entry(f).values) schemes_.push_back(std::get<TierScheme>(v));
    if (spec_.tiers)
      for (const TierBand& b : spec_.tiers->tiers) tier_labels_.push_back(b.label);

    ParameterLog nominal = empty_log(1);
    ModelRuns runs = run(nominal, 1);
    if (!runs.ok[0]) throw validation_error("the nominal pipeline fails: " + runs.failures.front().message);
    nominal_scores_ = runs.scores.col(0);
    nominal_ranks_ = runs.ranks.col(0);
    if (runs.tiers.size() != 0) nominal_tiers_ = runs.tiers.col(0);
  }

  /// The spec.
  const UncertaintySpec& spec() const noexcept { return spec_; }
  /// The factors' paths, in spec order (the columns of a ParameterLog).
  std::vector<std::string> factors() const {
    std::vector<std::string> out;
    for (const VaryEntry& e : spec_.vary) out.push_back(e.path);
    return out;
  }
  /// Number of factors d.
  std::size_t n_factors() const noexcept { return factors_.size(); }
  /// Codes of the regions reported (rows of ModelRuns): every region kept by the nominal
  /// pipeline or by any alternative of the data steps, in panel order.
  const std::vector<std::string>& regions() const noexcept { return universe_; }
  /// Id of the target node.
  const std::string& node() const { return fw_.nodes()[target_].id; }
  /// Nominal score of each region (NaN when the nominal pipeline does not score it).
  const Eigen::VectorXd& nominal_scores() const noexcept { return nominal_scores_; }
  /// Nominal rank of each region.
  const Eigen::VectorXd& nominal_ranks() const noexcept { return nominal_ranks_; }
  /// Nominal tier of each region (−1 when unscored; empty without a tier scheme).
  const Eigen::VectorXi& nominal_tiers() const noexcept { return nominal_tiers_; }
  /// Tier labels of the scheme, best first (empty without one).
  const std::vector<std::string>& tier_labels() const noexcept { return tier_labels_; }
  /// Number of leaf matrices precomputed so far (distinct data/treatment/normalisation choices).
  std::size_t leaf_matrices() const noexcept { return leaves_.size(); }
  /// The weight multipliers of noise entry `k` of the spec (nodes in canonical order × sets);
  /// throws std::out_of_range when entry k is not a noise entry.
  const Eigen::MatrixXd& weight_multipliers(std::size_t k) const { return noise_.at(k); }

  /// A log of `n` runs at the nominal inputs (u NaN, index −1, value NaN).
  ParameterLog empty_log(std::size_t n) const {
    ParameterLog log;
    log.factors = factors();
    const auto rows = static_cast<Eigen::Index>(n), cols = static_cast<Eigen::Index>(factors_.size());
    log.u = Eigen::MatrixXd::Constant(rows, cols, detail::nan_value);
    log.index = Eigen::MatrixXi::Constant(rows, cols, -1);
    log.value = Eigen::MatrixXd::Constant(rows, cols, detail::nan_value);
    return log;
  }

  /// The inputs of the runs whose uniform draws are the rows of `u` (runs × factors, each in
  /// [0, 1)): values entries take alternative ⌊u·n⌋ (the last one at most), noise entries weight
  /// set ⌊u·sets⌋, range entries lo + u·(hi − lo) — each factor uniform over its alternatives or
  /// range, as COINr's sample_2_para.
  /// @throws validation_error when u has the wrong number of columns or a value outside [0, 1).
  ParameterLog design(const Eigen::Ref<const Eigen::MatrixXd>& u) const {
    if (static_cast<std::size_t>(u.cols()) != factors_.size())
      throw validation_error("design: " + std::to_string(u.cols()) + " columns for " + std::to_string(factors_.size()) +
                             " factors");
    ParameterLog log = empty_log(static_cast<std::size_t>(u.rows()));
    for (Eigen::Index k = 0; k < u.cols(); ++k) {
      const VaryEntry& e = spec_.vary[static_cast<std::size_t>(k)];
      for (Eigen::Index r = 0; r < u.rows(); ++r) {
        const double x = u(r, k);
        if (!(x >= 0 && x < 1)) throw validation_error("design: u must lie in [0, 1), got " + detail::format_double(x));
        log.u(r, k) = x;
        if (e.kind == VaryKind::range) {
          log.value(r, k) = e.lo + x * (e.hi - e.lo);
          continue;
        }
        const auto n = static_cast<int>(e.size());
        const int i = std::min(n - 1, static_cast<int>(std::floor(x * n)));
        log.index(r, k) = i;
        if (e.kind == VaryKind::values && std::holds_alternative<double>(e.values[static_cast<std::size_t>(i)]))
          log.value(r, k) = std::get<double>(e.values[static_cast<std::size_t>(i)]);
      }
    }
    return log;
  }

  /// The inputs of run `r` of a log as text, e.g.
  /// "treat.winmax=1; normalise=zscore; weights=set 17; aggregate.method=geometric".
  std::string describe_run(const ParameterLog& log, std::size_t r) const {
    std::string out;
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      const VaryEntry& e = spec_.vary[k];
      const auto row = static_cast<Eigen::Index>(r), col = static_cast<Eigen::Index>(k);
      const int i = log.index(row, col);
      std::string v;
      if (e.kind == VaryKind::range) v = std::isnan(log.value(row, col)) ? "nominal" : detail::format_double(log.value(row, col));
      else if (i < 0) v = "nominal";
      else if (e.kind == VaryKind::noise) v = "set " + std::to_string(i);
      else v = describe(e.values[static_cast<std::size_t>(i)]) + (e.values.size() > 1 && e.path.find('.') == std::string::npos
                                                                          ? " (#" + std::to_string(i) + ")"
                                                                          : "");
      out += (out.empty() ? "" : "; ") + e.path + "=" + v;
    }
    return out;
  }

  /// Runs every row of `log` on `threads` threads (0 = the hardware's) and returns the target
  /// node's scores, ranks and tiers per region and run. A run whose leaf matrix cannot be built
  /// (a step's error), whose aggregation fails (e.g. a geometric mean of a value <= 0, as COINr's
  /// a_gmean) or whose tiers cannot be assigned is recorded in `failures` with its inputs and
  /// message, never dropped silently. The result does not depend on `threads`.
  /// @throws validation_error when the log does not have one column per factor.
  ModelRuns run(const ParameterLog& log, unsigned threads = 0) {
    if (static_cast<std::size_t>(log.index.cols()) != factors_.size() || log.value.cols() != log.index.cols() ||
        log.value.rows() != log.index.rows())
      throw validation_error("run: the parameter log must have one column per factor");
    threads = detail::resolve_threads(threads);
    const std::size_t n_runs = log.size();
    std::vector<Plan> plans(n_runs);
    for (std::size_t r = 0; r < n_runs; ++r) plans[r] = plan(log, r);
    build_leaves(plans, threads);
    build_transforms(plans, threads);

    ModelRuns out;
    const auto nu = static_cast<Eigen::Index>(universe_.size());
    out.scores.resize(nu, static_cast<Eigen::Index>(n_runs));
    out.ranks.resize(nu, static_cast<Eigen::Index>(n_runs));
    const bool with_tiers = spec_.tiers.has_value();
    if (with_tiers) out.tiers.resize(nu, static_cast<Eigen::Index>(n_runs));
    out.ok.assign(n_runs, 0);
    std::vector<std::string> errors(n_runs);
    // Batches: runs of one collapsed leaf matrix and mean go together, `batch` at a time, in run
    // order (one pass over the matrix serves them all); every other run is a batch of its own.
    // The batches are fixed before any thread starts and each run's arithmetic does not depend
    // on its batch, so the result does not depend on the threads.
    std::vector<std::vector<std::size_t>> batches;
    std::map<std::pair<std::size_t, int>, std::size_t> open;
    for (std::size_t r = 0; r < n_runs; ++r) {
      const Plan& p = plans[r];
      const LeafMatrix& m = leaves_[p.leaf];
      if (p.collapsed < 0 || !m.error.empty() || !m.complete || !m.valid[p.collapsed]) {
        batches.push_back({r});
        continue;
      }
      const auto key = std::make_pair(p.leaf, p.collapsed);
      const auto it = open.find(key);
      if (it == open.end() || batches[it->second].size() == batch) {
        open[key] = batches.size();
        batches.emplace_back();
      }
      batches[open[key]].push_back(r);
    }
    detail::parallel_items(
        batches.size(), threads, [&] { return Buffers(*this); },
        [&](std::size_t i, Buffers& b) {
          const std::vector<std::size_t>& runs = batches[i];
          if (plans[runs.front()].collapsed >= 0 && runs.size() >= 1 && leaves_[plans[runs.front()].leaf].complete &&
              leaves_[plans[runs.front()].leaf].error.empty() && leaves_[plans[runs.front()].leaf].valid[plans[runs.front()].collapsed])
            collapsed(plans, runs, b);
          for (std::size_t k = 0; k < runs.size(); ++k) {
            const std::size_t r = runs[k];
            const auto col = static_cast<Eigen::Index>(r);
            out.scores.col(col).setConstant(detail::nan_value);
            out.ranks.col(col).setConstant(detail::nan_value);
            if (with_tiers) out.tiers.col(col).setConstant(-1);
            try {
              run_one(plans[r], b, out, col, static_cast<Eigen::Index>(k));
              out.ok[r] = 1;
            } catch (const std::exception& e) {
              out.scores.col(col).setConstant(detail::nan_value);
              out.ranks.col(col).setConstant(detail::nan_value);
              if (with_tiers) out.tiers.col(col).setConstant(-1);
              errors[r] = e.what();
            }
          }
        });
    for (std::size_t r = 0; r < n_runs; ++r)
      if (!out.ok[r]) out.failures.push_back(ReplicationFailure{r, describe_run(log, r), errors[r]});
    return out;
  }

 private:
  // One factor: its table row and, for aggregate options, nothing more; its entry is spec_.vary[k].
  struct Factor {
    const VaryPath* path = nullptr;
    std::size_t k = 0;
  };
  // The data steps for one combination of their alternatives.
  struct DataVariant {
    detail::PreparedLeaves prepared;
    std::vector<Eigen::Index> rows;  // universe row of each kept region
    std::string error;
  };
  // A normalised leaf matrix (rows: the kept regions of its data variant; columns: the leaves)
  // and, per quasi-arithmetic mean, its components f(x) on the target's leaves (see collapse()).
  struct LeafMatrix {
    Eigen::MatrixXd x;
    std::size_t data = 0;  // its data variant
    bool built = false;
    bool complete = false;  // no value missing on the target's leaves
    Eigen::MatrixXd transform[3];    // arithmetic x, geometric ln x, harmonic 1/x (target's leaves)
    std::uint8_t made[3] = {0, 0, 0};   // transform[m] was computed
    std::uint8_t valid[3] = {0, 0, 0};  // ... and every value lies in the mean's domain (x > 0)
    std::string error;
  };
  // What one run uses, resolved before the parallel loop.
  struct Plan {
    std::size_t leaf = 0;
    std::size_t weights = 0;
    std::vector<int> noise_sets;  // per noise factor (in noise_factors_ order), −1 = none
    AggregateOptions rule;        // the default aggregation rule of the run
    int collapsed = -1;           // the shared quasi-arithmetic mean of the subtree (see collapse()), or −1
    std::size_t scheme = 0;       // index into schemes_
  };
  // Runs of one collapsed leaf matrix and mean computed together (see run()).
  static constexpr std::size_t batch = 8;

  // Per-thread buffers: sized once, reused for every run of the thread.
  struct Buffers {
    explicit Buffers(const UncertaintyModel& m)
        : evaluator(m.tree_evaluator_),
          scores(m.max_rows_, static_cast<Eigen::Index>(m.fw_.size())),
          w(static_cast<Eigen::Index>(m.fw_.size())),
          sums(static_cast<Eigen::Index>(m.fw_.size())),
          e(static_cast<Eigen::Index>(m.subtree_leaves_.size()), static_cast<Eigen::Index>(batch)),
          batch_scores(m.max_rows_, static_cast<Eigen::Index>(batch)),
          score(m.max_rows_),
          ranks(m.max_rows_),
          tiers(static_cast<std::size_t>(m.max_rows_)),
          compact(static_cast<std::size_t>(m.max_rows_)) {
      for (auto* v : {&order.keys, &order.keys_tmp, &order.rows, &order.rows_tmp}) v->resize(static_cast<std::size_t>(m.max_rows_));
    }
    HierarchyEvaluator evaluator;
    HierarchyWorkspace workspace;
    Eigen::MatrixXd scores;
    Eigen::VectorXd w, sums;
    Eigen::MatrixXd e;             // collapsed: effective leaf weights, one column per run of a batch
    Eigen::MatrixXd batch_scores;  // collapsed: target scores, one column per run of a batch
    Eigen::VectorXd score, ranks;
    RankWorkspace order;
    std::vector<int> tiers;
    std::vector<double> compact;
  };

  const VaryEntry& entry(const Factor& f) const { return spec_.vary[f.k]; }

  void build_factors() {
    for (std::size_t k = 0; k < spec_.vary.size(); ++k) {
      Factor f{find_vary_path(spec_.vary[k].path), k};
      if (spec_.vary[k].kind == VaryKind::noise) noise_factors_.push_back(k);
      factors_.push_back(f);
    }
  }

  // The target's subtree: its leaves and, for each, the nodes on its path up to the target; and
  // how each aggregate's rule follows a run's default rule (PipelineSpec::aggregate_for()).
  void build_tree() {
    const std::size_t nl = fw_.n_leaves();
    path_offsets_.push_back(0);
    for (std::size_t j = 0; j < nl; ++j) {
      std::vector<std::size_t> path;
      std::size_t i = j;
      while (i != target_ && fw_.parent(i)) {
        path.push_back(i);
        i = *fw_.parent(i);
      }
      if (i != target_) continue;
      subtree_leaves_.push_back(static_cast<Eigen::Index>(j));
      path_nodes_.insert(path_nodes_.end(), path.begin(), path.end());
      path_offsets_.push_back(path_nodes_.size());
    }
    for (std::size_t i = nl; i < fw_.size(); ++i) {
      std::size_t a = i;
      while (a != target_ && fw_.parent(a)) a = *fw_.parent(a);
      if (a == target_) subtree_aggregates_.push_back(i);
      const Node& n = fw_.nodes()[i];
      const auto it = spec_.pipeline.nodes.find(n.id);
      NodeRule r;
      if (it != spec_.pipeline.nodes.end() && it->second.aggregate) {
        r.fixed = true;
        r.rule = *it->second.aggregate;
      } else if (!n.aggregation.empty()) {
        r.own_method = true;
        r.method = aggregation_method_from_string(n.aggregation);
      }
      node_rules_.push_back(r);
    }
  }

  std::vector<int> key_of(const std::vector<int>& choice, std::initializer_list<VaryStep> steps) const {
    std::vector<int> key(choice.size(), -1);
    for (std::size_t k = 0; k < factors_.size(); ++k)
      for (VaryStep s : steps)
        if (factors_[k].path->step == s) key[k] = choice[k];
    return key;
  }

  PipelineSpec spec_for(const std::vector<int>& choice) const {
    PipelineSpec s = spec_.pipeline;
    for (std::size_t k = 0; k < factors_.size(); ++k)
      if (choice[k] >= 0 && factors_[k].path->step != VaryStep::tiers && spec_.vary[k].kind == VaryKind::values)
        detail::apply_vary(s, spec_.vary[k].path, spec_.vary[k].values[static_cast<std::size_t>(choice[k])]);
    return s;
  }

  // The nominal data steps and every combination of the data-step alternatives, each run once;
  // the regions reported are those kept by any of them.
  void build_data_variants() {
    std::vector<std::vector<int>> keys{std::vector<int>(factors_.size(), -1)};
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      if (factors_[k].path->step != VaryStep::data) continue;
      std::vector<std::vector<int>> product;
      for (const auto& key : keys)
        for (std::size_t i = 0; i < spec_.vary[k].values.size(); ++i) {
          product.push_back(key);
          product.back()[k] = static_cast<int>(i);
        }
      keys = std::move(product);
    }
    if (keys.front() != std::vector<int>(factors_.size(), -1)) keys.insert(keys.begin(), std::vector<int>(factors_.size(), -1));
    for (const auto& key : keys) {
      DataVariant v;
      try {
        v.prepared = detail::prepare_leaves(panel_, fw_, spec_for(key), year_, regions_ptr_);
      } catch (const error& e) {
        if (key == keys.front()) throw;  // the nominal data steps must work
        v.error = e.what();
      }
      data_index_.emplace(key, data_.size());
      data_.push_back(std::move(v));
    }
    universe_row_.assign(static_cast<std::size_t>(panel_.n_regions()), -1);
    for (const DataVariant& v : data_)
      for (Eigen::Index r : v.prepared.kept) universe_row_[static_cast<std::size_t>(r)] = 0;
    for (std::size_t r = 0; r < universe_row_.size(); ++r)
      if (universe_row_[r] == 0) {
        universe_row_[r] = static_cast<Eigen::Index>(universe_.size());
        universe_.push_back(panel_.regions()[r]);
      }
    for (DataVariant& v : data_) set_rows(v);
  }

  void set_rows(DataVariant& v) {
    for (Eigen::Index r : v.prepared.kept) v.rows.push_back(universe_row_[static_cast<std::size_t>(r)]);
    max_rows_ = std::max(max_rows_, static_cast<Eigen::Index>(v.rows.size()));
  }

  // The data variant of a key: one of those run at construction, or (for a log whose data-step
  // inputs are partly nominal) run now; its regions outside the reported ones are left out.
  std::size_t data_variant(const std::vector<int>& key) {
    const auto it = data_index_.find(key);
    if (it != data_index_.end()) return it->second;
    DataVariant v;
    try {
      v.prepared = detail::prepare_leaves(panel_, fw_, spec_for(key), year_, regions_ptr_);
    } catch (const error& e) {
      v.error = e.what();
    }
    set_rows(v);
    data_index_.emplace(key, data_.size());
    data_.push_back(std::move(v));
    return data_.size() - 1;
  }

  // Noise multipliers, drawn once per noise entry and set (see the class description).
  void build_weight_noise() {
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      const VaryEntry& e = spec_.vary[k];
      if (e.kind != VaryKind::noise) continue;
      Eigen::MatrixXd m = Eigen::MatrixXd::Ones(static_cast<Eigen::Index>(fw_.size()), e.sets);
      for (int s = 0; s < e.sets; ++s) {
        SplitMix64 g(stream_seed(spec_.seed, RandomStream::weight_sets, (static_cast<std::uint64_t>(k) << 32) + static_cast<std::uint64_t>(s)));
        for (std::size_t i = 0; i < fw_.size(); ++i)
          if (std::find(e.levels.begin(), e.levels.end(), fw_.level(i)) != e.levels.end())
            m(static_cast<Eigen::Index>(i), s) = 1 + e.noise * (2 * g.uniform() - 1);
      }
      noise_.emplace(k, std::move(m));
    }
  }

  // The framework weights of every node under a spec's weighting (relative to the siblings).
  Eigen::VectorXd base_weights(const PipelineSpec& s) const {
    Eigen::VectorXd w = framework_weights(fw_);
    for (std::size_t i = fw_.n_leaves(); i < fw_.size(); ++i) {
      const WeightOptions& o = s.weights_for(fw_.nodes()[i].id);
      if (o.method == WeightMethod::given) continue;
      const auto& kids = fw_.children(i);
      const auto k = static_cast<Eigen::Index>(kids.size());
      Eigen::VectorXd given(k);
      for (Eigen::Index c = 0; c < k; ++c) given[c] = w[static_cast<Eigen::Index>(kids[static_cast<std::size_t>(c)])];
      if (o.method != WeightMethod::equal && o.method != WeightMethod::ahp)
        throw validation_error(std::string("weights '") + to_string(o.method) +
                                   "' depend on each replication's data and are not supported in an uncertainty analysis",
                               Location{"", 0, 0, "", fw_.nodes()[i].id});
      Eigen::VectorXd v;
      try {
        v = node_weights(o, Eigen::MatrixXd(0, k), given);
      } catch (const validation_error& e) {
        throw validation_error(e.detail(), Location{"", 0, 0, "", fw_.nodes()[i].id});
      }
      for (Eigen::Index c = 0; c < k; ++c) w[static_cast<Eigen::Index>(kids[static_cast<std::size_t>(c)])] = v[c];
    }
    return w;
  }

  Plan plan(const ParameterLog& log, std::size_t r) {
    const auto row = static_cast<Eigen::Index>(r);
    std::vector<int> choice(factors_.size(), -1);
    for (std::size_t k = 0; k < factors_.size(); ++k) choice[k] = log.index(row, static_cast<Eigen::Index>(k));
    Plan p;
    const std::vector<int> leaf_key = key_of(choice, {VaryStep::data, VaryStep::treat, VaryStep::normalise});
    auto it = leaf_index_.find(leaf_key);
    if (it == leaf_index_.end()) {
      it = leaf_index_.emplace(leaf_key, leaves_.size()).first;
      leaves_.emplace_back();
      leaves_.back().data = data_variant(key_of(leaf_key, {VaryStep::data}));
      leaf_keys_.push_back(leaf_key);
    }
    p.leaf = it->second;
    std::vector<int> weight_key = key_of(choice, {VaryStep::weights});
    for (std::size_t k : noise_factors_) weight_key[k] = -1;
    auto wt = weight_index_.find(weight_key);
    if (wt == weight_index_.end()) {
      wt = weight_index_.emplace(weight_key, weights_.size()).first;
      try {
        weights_.push_back(base_weights(spec_for(weight_key)));
        weight_errors_.emplace_back();
      } catch (const error& e) {
        weights_.emplace_back();
        weight_errors_.push_back(e.what());
      }
    }
    p.weights = wt->second;
    for (std::size_t k : noise_factors_) p.noise_sets.push_back(choice[k]);
    p.rule = spec_.pipeline.aggregate;
    std::size_t scheme_offset = 1;
    for (std::size_t k = 0; k < factors_.size(); ++k) {
      const VaryEntry& e = spec_.vary[k];
      const VaryStep step = factors_[k].path->step;
      if (step == VaryStep::aggregate) {
        const double x = log.value(row, static_cast<Eigen::Index>(k));
        if (e.kind == VaryKind::range && !std::isnan(x)) detail::apply_vary_aggregate(p.rule, e.path, VaryValue(x));
        else if (e.kind == VaryKind::values && choice[k] >= 0)
          detail::apply_vary_aggregate(p.rule, e.path, e.values[static_cast<std::size_t>(choice[k])]);
      }
      if (step == VaryStep::tiers) {
        if (choice[k] >= 0) p.scheme = scheme_offset + static_cast<std::size_t>(choice[k]);
        scheme_offset += e.values.size();
      }
    }
    p.collapsed = collapse(p.rule);
    return p;
  }

  // The leaf matrices the plans use that are not built yet: treatment once per distinct
  // (data, treatment) choice, normalisation once per distinct leaf matrix.
  void build_leaves(const std::vector<Plan>& plans, unsigned threads) {
    std::vector<std::size_t> pending;
    std::vector<std::uint8_t> seen(leaves_.size(), 0);
    for (const Plan& p : plans)
      if (!seen[p.leaf] && !leaves_[p.leaf].built) {
        seen[p.leaf] = 1;
        pending.push_back(p.leaf);
      }
    // group by treatment choice: one treated matrix per group, shared by its normalisations
    std::map<std::vector<int>, std::vector<std::size_t>> groups;
    for (std::size_t id : pending) groups[key_of(leaf_keys_[id], {VaryStep::data, VaryStep::treat})].push_back(id);
    std::vector<std::pair<std::vector<int>, std::vector<std::size_t>>> group_list(groups.begin(), groups.end());
    std::vector<Eigen::MatrixXd> treated(group_list.size());
    std::vector<std::string> treat_errors(group_list.size());
    detail::parallel_items(group_list.size(), threads, [] { return 0; }, [&](std::size_t g, int&) {
      const std::vector<int>& key = group_list[g].first;
      const DataVariant& d = data_[leaves_[group_list[g].second.front()].data];
      if (!d.error.empty()) {
        treat_errors[g] = d.error;
        return;
      }
      try {
        treated[g] = d.prepared.x;
        PipelineLog log;
        detail::treat_leaves(treated[g], fw_, spec_for(key), log);
      } catch (const std::exception& e) {
        treat_errors[g] = e.what();
      }
    });
    std::vector<std::pair<std::size_t, std::size_t>> items;  // (group, leaf id)
    for (std::size_t g = 0; g < group_list.size(); ++g)
      for (std::size_t id : group_list[g].second) items.emplace_back(g, id);
    detail::parallel_items(items.size(), threads, [] { return 0; }, [&](std::size_t i, int&) {
      const auto [g, id] = items[i];
      LeafMatrix& m = leaves_[id];
      const DataVariant& d = data_[m.data];
      m.built = true;
      if (!treat_errors[g].empty()) {
        m.error = treat_errors[g];
        return;
      }
      try {
        m.x = treated[g];
        detail::normalise_leaves(m.x, fw_, spec_for(leaf_keys_[id]), d.prepared.regions);
        m.complete = true;
        for (Eigen::Index j : subtree_leaves_) m.complete = m.complete && !m.x.col(j).hasNaN();
      } catch (const std::exception& e) {
        m.error = e.what();
      }
    });
  }

  // The rule of aggregate node i (canonical index) in a run whose default rule is `rule`.
  AggregateOptions node_rule(std::size_t i, const AggregateOptions& rule) const {
    const NodeRule& r = node_rules_[i - fw_.n_leaves()];
    if (r.fixed) return r.rule;
    AggregateOptions out = rule;
    if (r.own_method) out.method = r.method;
    return out;
  }

  // The quasi-arithmetic mean shared by every aggregate of the target's subtree in a run whose
  // default rule is `rule`, as an index (0 arithmetic, 1 geometric, 2 harmonic), or −1 when the
  // rules differ, another method is used, or a geometric or harmonic mean has a shift.
  int collapse(const AggregateOptions& rule) const {
    int method = -1;
    for (std::size_t i : subtree_aggregates_) {
      const AggregateOptions r = node_rule(i, rule);
      const int m = r.method == AggregationMethod::arithmetic  ? 0
                    : r.method == AggregationMethod::geometric ? 1
                    : r.method == AggregationMethod::harmonic  ? 2
                                                               : -1;
      if (m < 0 || (m > 0 && r.shift != 0) || (method >= 0 && m != method)) return -1;
      method = m;
    }
    return method;
  }

  // The components f(x) of the target's leaves for the collapsed means the plans use: x, ln x
  // or 1/x, each once per leaf matrix.
  void build_transforms(const std::vector<Plan>& plans, unsigned threads) {
    std::vector<std::pair<std::size_t, int>> pending;
    for (const Plan& p : plans) {
      if (p.collapsed < 0) continue;
      const LeafMatrix& m = leaves_[p.leaf];
      if (!m.error.empty() || !m.complete || m.made[p.collapsed]) continue;
      const auto item = std::make_pair(p.leaf, p.collapsed);
      if (std::find(pending.begin(), pending.end(), item) == pending.end()) pending.push_back(item);
    }
    detail::parallel_items(pending.size(), threads, [] { return 0; }, [&](std::size_t i, int&) {
      LeafMatrix& m = leaves_[pending[i].first];
      const int f = pending[i].second;
      Eigen::MatrixXd& t = m.transform[f];
      t.resize(m.x.rows(), static_cast<Eigen::Index>(subtree_leaves_.size()));
      bool valid = true;
      for (Eigen::Index q = 0; q < t.cols(); ++q) {
        t.col(q) = m.x.col(subtree_leaves_[static_cast<std::size_t>(q)]);
        valid = valid && (f == 0 || t.col(q).minCoeff() > 0);
      }
      if (f == 1 && valid) t = t.array().log().matrix();
      if (f == 2 && valid) t = t.array().inverse().matrix();
      m.valid[f] = valid;
    });
    for (const auto& [leaf, f] : pending) leaves_[leaf].made[f] = 1;
  }

  // The collapsed tree: when every aggregate of the target's subtree uses the same
  // quasi-arithmetic mean M_f(x; w) = f⁻¹(Σ w f(x) / Σ w) (f = x, ln x or 1/x: arithmetic,
  // geometric, harmonic) and no value is missing, nesting the means is one mean of the leaves,
  // f(target) = Σ_j e_j f(x_j) with e_j the product, along the path from leaf j to the target,
  // of each node's weight over the sum of its siblings' (f(M_f) is linear in the children's
  // f-values; G. H. Hardy, J. E. Littlewood & G. Pólya, Inequalities, 1934, §3.1-3.2 on
  // quasi-arithmetic means). So a run is one weighted sum over the precomputed f(x) and one f⁻¹
  // per region. Equal to the node-by-node evaluation up to rounding.
  // A batch of runs of one leaf matrix and mean: column k of b.batch_scores is run runs[k]'s
  // target score. The sums run over row tiles of 64, so that a tile of f(x) is read once for the
  // whole batch; each score is Σ_q e_q f(x_q) accumulated in leaf order, whatever the batch.
  void collapsed(const std::vector<Plan>& plans, const std::vector<std::size_t>& runs, Buffers& b) const {
    const Plan& first = plans[runs.front()];
    const LeafMatrix& m = leaves_[first.leaf];
    const int f = first.collapsed;
    const Eigen::MatrixXd& t = m.transform[f];
    const Eigen::Index n = t.rows(), nq = t.cols(), nb = static_cast<Eigen::Index>(runs.size());
    for (Eigen::Index k = 0; k < nb; ++k) {
      run_weights(plans[runs[static_cast<std::size_t>(k)]], b);
      for (std::size_t i : subtree_aggregates_) {
        double total = 0;
        for (std::size_t c : fw_.children(i)) total += b.w[static_cast<Eigen::Index>(c)];
        b.sums[static_cast<Eigen::Index>(i)] = total;
      }
      for (std::size_t q = 0; q < subtree_leaves_.size(); ++q) {
        double e = 1;
        for (std::size_t j = path_offsets_[q]; j < path_offsets_[q + 1]; ++j) {
          const std::size_t node = path_nodes_[j];
          e *= b.w[static_cast<Eigen::Index>(node)] / b.sums[static_cast<Eigen::Index>(*fw_.parent(node))];
        }
        b.e(static_cast<Eigen::Index>(q), k) = e;
      }
    }
    constexpr Eigen::Index tile = 8;  // rows summed in registers; their f(x) stay in L1 for the whole batch
    for (Eigen::Index i0 = 0; i0 < n; i0 += tile) {
      const Eigen::Index rows = std::min(tile, n - i0);
      for (Eigen::Index k = 0; k < nb; ++k) {
        const double* e = b.e.data() + k * b.e.rows();
        double* out = b.batch_scores.data() + k * b.batch_scores.rows() + i0;
        if (rows == tile) {
          Eigen::Matrix<double, tile, 1> acc = Eigen::Matrix<double, tile, 1>::Zero();
          for (Eigen::Index q = 0; q < nq; ++q) acc += e[q] * Eigen::Map<const Eigen::Matrix<double, tile, 1>>(t.data() + q * n + i0);
          Eigen::Map<Eigen::Matrix<double, tile, 1>> result(out);
          result = acc;
        } else {
          double acc[tile] = {};
          for (Eigen::Index q = 0; q < nq; ++q) {
            const double* x = t.data() + q * n + i0;
            for (Eigen::Index i = 0; i < rows; ++i) acc[i] += e[q] * x[i];
          }
          std::copy(acc, acc + rows, out);
        }
      }
    }
    for (Eigen::Index k = 0; k < nb; ++k) {
      auto score = b.batch_scores.col(k).head(n);
      if (f == 1) score = score.array().exp().matrix();
      if (f == 2) score = score.array().inverse().matrix();
    }
  }

  // The run's weights of every node into b.w: the base weights times its noise multipliers.
  void run_weights(const Plan& p, Buffers& b) const {
    if (!weight_errors_[p.weights].empty()) throw validation_error(weight_errors_[p.weights]);
    b.w = weights_[p.weights];
    for (std::size_t f = 0; f < noise_factors_.size(); ++f)
      if (p.noise_sets[f] >= 0) b.w.array() *= noise_.at(noise_factors_[f]).col(p.noise_sets[f]).array();
  }

  // One run into column `col` of `out`: its target score is column `k` of b.batch_scores when
  // it was collapsed (see collapsed()), else HierarchyEvaluator runs every node with the run's
  // rules (and reports, e.g., a geometric mean of a value <= 0 as COINr's a_gmean does); then
  // the ranks and tiers.
  void run_one(const Plan& p, Buffers& b, ModelRuns& out, Eigen::Index col, Eigen::Index k) const {
    const LeafMatrix& m = leaves_[p.leaf];
    if (!m.error.empty()) throw validation_error(m.error);
    const Eigen::Index n = m.x.rows();
    auto score = b.score.head(n);
    if (p.collapsed >= 0 && m.complete && m.valid[p.collapsed]) {
      score = b.batch_scores.col(k).head(n);
    } else {
      run_weights(p, b);
      Eigen::Map<Eigen::MatrixXd> s(b.scores.data(), n, static_cast<Eigen::Index>(fw_.size()));
      for (std::size_t i = fw_.n_leaves(); i < fw_.size(); ++i) b.evaluator.set_rule(i, node_rule(i, p.rule));
      b.evaluator.evaluate(m.x, b.w, s, b.workspace);
      score = s.col(static_cast<Eigen::Index>(target_));
    }
    auto rank_out = b.ranks.head(n);
    rank(score, rank_out, RankOptions{}, b.order);
    const std::vector<Eigen::Index>& rows = data_[m.data].rows;
    for (Eigen::Index i = 0; i < n; ++i) {
      const Eigen::Index row = rows[static_cast<std::size_t>(i)];
      if (row < 0) continue;
      out.scores(row, col) = score[i];
      out.ranks(row, col) = rank_out[i];
    }
    if (spec_.tiers) {
      assign_tiers(schemes_[p.scheme], score, rank_out, b);
      for (Eigen::Index i = 0; i < n; ++i)
        if (rows[static_cast<std::size_t>(i)] >= 0) out.tiers(rows[static_cast<std::size_t>(i)], col) = b.tiers[static_cast<std::size_t>(i)];
    }
  }

  // Tiers of the scored regions, as classify() assigns them: fixed and relative_to_mean compare
  // the score with the bounds (× the mean score of the scored regions), quota takes the best
  // count regions by rank (ties share the better tier, as classify()), natural_breaks calls
  // classify() (which allocates). Unscored regions get −1.
  void assign_tiers(const TierScheme& scheme, const Eigen::Ref<const Eigen::VectorXd>& score,
                    const Eigen::Ref<const Eigen::VectorXd>& ranks, Buffers& b) const {
    const Eigen::Index n = score.size();
    const std::size_t k = scheme.tiers.size();
    double total = 0;
    std::size_t scored = 0;
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isnan(score[i])) {
        total += score[i];
        b.compact[scored++] = score[i];
      }
    if (scheme.rule == TierRule::natural_breaks) {
      const Classification c =
          classify(Eigen::Map<const Eigen::VectorXd>(b.compact.data(), static_cast<Eigen::Index>(scored)), scheme);
      std::size_t j = 0;
      for (Eigen::Index i = 0; i < n; ++i) b.tiers[static_cast<std::size_t>(i)] = std::isnan(score[i]) ? -1 : static_cast<int>(c.regions[j++].tier);
      return;
    }
    const double mean = scored ? total / static_cast<double>(scored) : 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      int& tier = b.tiers[static_cast<std::size_t>(i)];
      if (std::isnan(score[i])) {
        tier = -1;
        continue;
      }
      std::size_t t = 0;
      if (scheme.rule == TierRule::quota) {
        std::size_t taken = 0;
        for (; t + 1 < k; ++t) {
          const double q = scheme.tiers[t].bound;
          const auto count = static_cast<std::size_t>(scheme.quota_share ? std::floor(q * static_cast<double>(scored) + 1e-9) : q);
          taken = std::min(scored, taken + count);
          if (ranks[i] <= static_cast<double>(taken)) break;
        }
      } else {
        for (; t + 1 < k; ++t) {
          const TierBand& band = scheme.tiers[t];
          const double bound = scheme.rule == TierRule::relative_to_mean && band.relative ? band.bound * mean : band.bound;
          if (band.inclusive ? score[i] >= bound : score[i] > bound) break;
        }
      }
      tier = static_cast<int>(t);
    }
  }

  struct NodeRule {
    bool fixed = false;       // a per-node override in the spec
    bool own_method = false;  // the node's Framework aggregation method
    AggregationMethod method = AggregationMethod::arithmetic;
    AggregateOptions rule;
  };

  const Panel& panel_;
  const Framework& fw_;
  UncertaintySpec spec_;
  const RegionSet* regions_ptr_ = nullptr;
  int year_ = 0;
  std::size_t target_ = 0;
  std::vector<Factor> factors_;
  std::vector<std::size_t> noise_factors_;
  std::map<std::size_t, Eigen::MatrixXd> noise_;
  // the tree
  HierarchyEvaluator tree_evaluator_;
  std::vector<NodeRule> node_rules_;            // per aggregate (canonical index − n_leaves)
  std::vector<Eigen::Index> subtree_leaves_;    // leaves under the target
  std::vector<std::size_t> subtree_aggregates_;  // aggregates under the target, and the target
  std::vector<std::size_t> path_nodes_;         // per subtree leaf: the nodes from it up to the target (excluded)
  std::vector<std::size_t> path_offsets_;
  // data variants, leaf matrices, weights, tier schemes
  std::map<std::vector<int>, std::size_t> data_index_;
  std::vector<DataVariant> data_;
  std::vector<std::string> universe_;
  std::vector<Eigen::Index> universe_row_;  // per panel region: its reported row, or −1
  Eigen::Index max_rows_ = 0;
  std::map<std::vector<int>, std::size_t> leaf_index_;
  std::vector<std::vector<int>> leaf_keys_;
  std::vector<LeafMatrix> leaves_;
  std::map<std::vector<int>, std::size_t> weight_index_;
  std::vector<Eigen::VectorXd> weights_;
  std::vector<std::string> weight_errors_;
  std::vector<TierScheme> schemes_;
  std::vector<std::string> tier_labels_;
  Eigen::VectorXd nominal_scores_, nominal_ranks_;
  Eigen::VectorXi nominal_tiers_;
};

// ---- the uncertainty analysis -------------------------------------------------------------

/// The uniform draws of `n` replications of `d` factors: row r holds the first d outputs of
/// SplitMix64(stream_seed(seed, RandomStream::inputs, r)).uniform(), one per factor in spec
/// order. Each replication's inputs depend on (seed, r) alone.
inline Eigen::MatrixXd replication_draws(std::size_t n, std::size_t d, std::uint64_t seed) {
  Eigen::MatrixXd u(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  for (std::size_t r = 0; r < n; ++r) {
    SplitMix64 g(stream_seed(seed, RandomStream::inputs, r));
    for (std::size_t k = 0; k < d; ++k) u(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(k)) = g.uniform();
  }
  return u;
}

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
};

namespace detail {

// Type-7 quantiles of the n values at v (no NaN) at the probabilities p (ascending), written to
// q: the rule of detail::quantile() (R's quantile(type = 7)), with one chain of selections
// instead of a copy and a selection per probability — each selection works on the values at or
// above the previous quantile's position. Reorders v.
inline void sorted_quantiles(double* v, std::size_t n, const std::vector<double>& p, double* q) {
  std::size_t from = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (n == 0) {
      q[k] = nan_value;
      continue;
    }
    const double index = static_cast<double>(n - 1) * p[k];
    const auto lo = static_cast<std::size_t>(std::floor(index));
    const double h = index - static_cast<double>(lo);
    std::nth_element(v + from, v + lo, v + n);
    from = lo;
    const double qlo = v[lo];
    if (h <= 0 || lo + 1 >= n) {
      q[k] = qlo;
      continue;
    }
    const double qhi = *std::min_element(v + lo + 1, v + n);
    q[k] = qhi == qlo ? qlo : (1 - h) * qlo + h * qhi;
  }
}

// sorted_quantiles() for whole numbers in [1, top] (ranks), by counting: the order statistics
// are read off the cumulative counts, O(n + top) instead of a selection per probability.
// `counts` is scratch.
inline void counted_quantiles(const double* v, std::size_t n, std::size_t top, const std::vector<double>& p, double* q,
                              std::vector<std::uint32_t>& counts) {
  counts.assign(top + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(v[i])];
  std::size_t value = 0, below = 0;  // below: values < `value`
  auto order_statistic = [&](std::size_t j) {  // the j-th smallest (0-based); j ascending across calls
    while (below + counts[value] <= j) below += counts[value++];
    return static_cast<double>(value);
  };
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (n == 0) {
      q[k] = nan_value;
      continue;
    }
    const double index = static_cast<double>(n - 1) * p[k];
    const auto lo = static_cast<std::size_t>(std::floor(index));
    const double h = index - static_cast<double>(lo);
    const std::size_t saved_value = value, saved_below = below;
    const double qlo = order_statistic(lo);
    if (h <= 0 || lo + 1 >= n) {
      q[k] = qlo;
      continue;
    }
    const double qhi = order_statistic(lo + 1);
    value = saved_value;  // the next probability's lo may equal this lo + 1 or be smaller than it
    below = saved_below;
    q[k] = qhi == qlo ? qlo : (1 - h) * qlo + h * qhi;
  }
}

// Mean and type-7 quantiles of each row of a regions × runs matrix over the successful runs,
// NaN skipped. Tiles of 32 rows run in parallel; a tile is transposed in blocks of 32 columns
// (a blocked transpose: 32 values of a column, a whole number of cache lines, are read together
// and each gathered row is written 32 values at a time), so that neither the reads nor the writes
// touch a new page for every value.
// `probs` must be ascending. `ranks`: the values are ranks, whole numbers in [1, m.rows()]
// (counted_quantiles()).
inline void row_statistics(const Eigen::MatrixXd& m, const std::vector<std::uint8_t>& ok, std::initializer_list<double> probs,
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
  parallel_items(
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
          if (ranks) counted_quantiles(v, static_cast<std::size_t>(present), static_cast<std::size_t>(n), p, s.q.data(), s.counts);
          else sorted_quantiles(v, static_cast<std::size_t>(present), p, s.q.data());
          for (std::size_t k = 0; k < p.size(); ++k) (*quantiles[k])[first + i] = s.q[k];
          if (count) (*count)[first + i] = static_cast<int>(present);
        }
      });
}

}  // namespace detail

/// Summarises the runs of a model at the sampled inputs `log` (see UncertaintyResult).
/// @throws validation_error for goals without a tier scheme; unknown_id_error for a goal's
/// region that is not reported or an unknown tier label.
inline UncertaintyResult summarise_uncertainty(const UncertaintyModel& model, ParameterLog log, ModelRuns runs,
                                               const UncertaintyOptions& options = {}) {
  const unsigned threads = detail::resolve_threads(options.threads);
  UncertaintyResult out;
  out.regions = model.regions();
  out.node = model.node();
  out.nominal_score = model.nominal_scores();
  out.nominal_rank = model.nominal_ranks();
  out.replications = log.size();
  for (std::uint8_t ok : runs.ok) out.succeeded += ok;
  detail::row_statistics(runs.ranks, runs.ok, {0.05, 0.5, 0.95}, out.mean_rank, {&out.q5_rank, &out.median_rank, &out.q95_rank},
                         &out.n_scored, true, threads);
  detail::row_statistics(runs.scores, runs.ok, {0.05, 0.5, 0.95}, out.mean_score,
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

/// Monte Carlo uncertainty analysis (see the file description and UncertaintyModel): the
/// spec's `replications` runs with inputs replication_draws(replications, factors, seed),
/// summarised per region (UncertaintyResult). With the spec of COINr's uncertainty example this
/// reproduces COINr 1.1.14 get_sensitivity(SA_type = "UA") up to Monte Carlo noise (COINr
/// draws with R's generator, so individual replications differ). A replication that fails
/// (COINr: "Regen failed", its scores NA and left out by na.rm) is listed in `failures` with its
/// inputs and message; the statistics are over the successful ones (`succeeded`).
/// @throws the errors of UncertaintyModel's constructor and of summarise_uncertainty().
inline UncertaintyResult uncertainty(const Panel& panel, const Framework& framework, const UncertaintySpec& spec,
                                     const RegionSet* regions = nullptr, const UncertaintyOptions& options = {}) {
  UncertaintyModel model(panel, framework, spec, regions, options.year, options.node);
  ParameterLog log = model.design(replication_draws(spec.replications, model.n_factors(), spec.seed));
  ModelRuns runs = model.run(log, options.threads);
  return summarise_uncertainty(model, std::move(log), std::move(runs), options);
}

}  // namespace countyleap
