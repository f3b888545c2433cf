#pragma once
/// @file impl/uncertainty/apply_vary.hpp
/// @brief How one alternative of a vary entry is put at its path of a pipeline spec; shared by
/// the spec's checks and the uncertainty model. Compiled in src/core/uncertainty_spec.cpp; not
/// part of the public API, included by no public header.

#include <string_view>

#include "countyleap/aggregate.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/uncertainty_spec.hpp"

namespace countyleap::detail {

/// An aggregate path's value put into one rule (the per-replication part of apply_vary).
void apply_vary_aggregate(AggregateOptions& rule, std::string_view path, const VaryValue& v);

/// Puts one alternative at its path of a pipeline spec (the tier scheme is not part of it).
void apply_vary(PipelineSpec& spec, std::string_view path, const VaryValue& v);

}  // namespace countyleap::detail
