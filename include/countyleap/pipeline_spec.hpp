#pragma once
/// @file pipeline_spec.hpp
/// @brief PipelineSpec: which method each step of a composite-indicator run uses, with
/// per-node overrides. Read and written as JSON by countyleap/io/spec.hpp.
///
/// The JSON form (docs/pipeline-spec.md) is one object whose keys name the steps:
/// ```json
/// {"denominate": true,
///  "impute": {"method": "group_mean", "group": "EurAsia_group"},
///  "screen": {"min_data": 0.9},
///  "treat": {"method": "coinr", "winmax": 5, "skew": 2.0, "kurtosis": 3.5},
///  "normalise": {"method": "minmax", "range": [0, 100]},
///  "weights": {"method": "given"},
///  "aggregate": {"method": "arithmetic"},
///  "nodes": {"Conn": {"aggregate": {"method": "geometric"}},
///            "LPI": {"normalise": {"method": "goalposts", "lo": 1, "hi": 5}}}}
/// ```
/// Steps run in COINr's order: denominate → impute → screen → treat → normalise → weights →
/// aggregate. An omitted key skips its step, except normalise (default min-max to [0, 100]),
/// weights (default the framework's) and aggregate (default weighted arithmetic mean).

#include <map>
#include <optional>
#include <string>

#include "countyleap/aggregate.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/impute.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/screen.hpp"
#include "countyleap/treat.hpp"
#include "countyleap/weight.hpp"

namespace countyleap {

/// The impute step: the method and, for group methods, the region attribute that names the
/// group (e.g. COINr's `EurAsia_group`, a `*_group` column of iData).
struct ImputeStep {
  ImputeOptions options;  ///< method and time-method options
  std::string group;      ///< region attribute for group_mean / group_median
};

/// The normalise step of one indicator. For ratio_to_standard a NaN `options.standard` means the
/// indicator's `target`; for ratio_to_reference `reference` names the reference region's code.
struct NormaliseStep {
  NormaliseOptions options;  ///< method and parameters
  std::string reference;     ///< ratio_to_reference: code of the reference region
};

/// Overrides for one node: normalise and treat apply to an indicator (leaf), weights and
/// aggregate to an aggregate node (weights of its children, rule for its score).
struct NodeSteps {
  std::optional<NormaliseStep> normalise;     ///< indicator: its own normalisation
  std::optional<TreatOptions> treat;          ///< indicator: its own outlier treatment
  std::optional<WeightOptions> weights;       ///< aggregate: how its children are weighted
  std::optional<AggregateOptions> aggregate;  ///< aggregate: how its score is formed
};

/// Which method each step uses. Defaults: nothing is denominated, imputed, screened or treated;
/// min-max to [0, 100]; the framework's weights; the weighted arithmetic mean.
struct PipelineSpec {
  bool denominate = false;            ///< divide indicators by their `denominate_by` variable
  std::optional<ImputeStep> impute;   ///< fill missing values
  std::optional<ScreenOptions> screen;  ///< drop regions with too little data
  std::optional<TreatOptions> treat;  ///< outlier treatment of every indicator
  NormaliseStep normalise;            ///< normalisation of every indicator
  WeightOptions weights;              ///< weights inside every aggregate node
  AggregateOptions aggregate;         ///< aggregation rule of every aggregate node
  std::map<std::string, NodeSteps> nodes;  ///< per-node overrides by node id

  /// The normalisation of leaf indicator `id` (override or default).
  const NormaliseStep& normalise_for(const std::string& id) const {
    auto it = nodes.find(id);
    return it != nodes.end() && it->second.normalise ? *it->second.normalise : normalise;
  }
  /// The normalisation options evaluate() applies to leaf indicator `ind`: those of
  /// normalise_for(ind.id), with ratio_to_standard taking the indicator's target (目标值) as its
  /// standard when the spec gives none. (ratio_to_reference's row is resolved by evaluate()
  /// from the regions evaluated.)
  /// @throws validation_error naming the indicator when ratio_to_standard has neither.
  NormaliseOptions leaf_normalisation(const Indicator& ind) const;
  /// The treatment of leaf indicator `id`, or nullopt when none applies.
  std::optional<TreatOptions> treat_for(const std::string& id) const {
    auto it = nodes.find(id);
    return it != nodes.end() && it->second.treat ? it->second.treat : treat;
  }
  /// The weighting inside aggregate node `id`.
  const WeightOptions& weights_for(const std::string& id) const {
    auto it = nodes.find(id);
    return it != nodes.end() && it->second.weights ? *it->second.weights : weights;
  }
  /// The aggregation rule of aggregate node `node`: the override, else the node's own
  /// Node::aggregation method (with the default's parameters), else the default.
  AggregateOptions aggregate_for(const Node& node) const;

  /// Checks the spec against a framework: every override names a node, indicator-only steps
  /// are given for leaves and aggregate-only steps for aggregates, screen.min_data lies in
  /// [0, 1], and group imputation names a group attribute.
  /// @throws unknown_id_error naming an unknown node, validation_error naming the node and key.
  void validate(const Framework& fw) const;
};

}  // namespace countyleap
