// Compiled definitions of countyleap/pipeline_spec.hpp: see that header for each function's formula and source.
#include "countyleap/pipeline_spec.hpp"

#include <cmath>
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

AggregateOptions PipelineSpec::aggregate_for(const Node& node) const {
  auto it = nodes.find(node.id);
  if (it != nodes.end() && it->second.aggregate) return *it->second.aggregate;
  AggregateOptions rule = aggregate;
  if (!node.aggregation.empty()) rule.method = aggregation_method_from_string(node.aggregation);
  return rule;
}

void PipelineSpec::validate(const Framework& fw) const {
  for (const auto& [id, steps] : nodes) {
    const bool leaf = fw.is_leaf(fw.node_index(id));
    const Location at{"", 0, 0, "", id};
    if (leaf && (steps.weights || steps.aggregate))
      throw validation_error("spec: 'weights' and 'aggregate' apply to aggregate nodes, not to an indicator", at);
    if (!leaf && (steps.normalise || steps.treat))
      throw validation_error("spec: 'normalise' and 'treat' apply to indicators, not to an aggregate node", at);
  }
  if (screen && !(screen->min_data >= 0 && screen->min_data <= 1))
    throw validation_error("spec: screen.min_data must lie in [0, 1]");
  if (impute && (impute->options.method == ImputeMethod::group_mean || impute->options.method == ImputeMethod::group_median) &&
      impute->group.empty())
    throw validation_error(std::string("spec: impute method '") + to_string(impute->options.method) +
                           "' needs \"group\" (a region attribute such as EurAsia_group)");
}

}  // namespace countyleap

namespace countyleap {

NormaliseOptions PipelineSpec::leaf_normalisation(const Indicator& ind) const {
  NormaliseOptions options = normalise_for(ind.id).options;
  if (options.method == NormaliseMethod::ratio_to_standard && std::isnan(options.standard)) {
    if (std::isnan(ind.target))
      throw validation_error("ratio_to_standard needs a standard: the spec gives none and the indicator has no target",
                             Location{"", 0, 0, "", ind.id});
    options.standard = ind.target;
  }
  return options;
}

}  // namespace countyleap
