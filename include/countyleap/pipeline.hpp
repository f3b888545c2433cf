#pragma once
/// @file pipeline.hpp
/// @brief evaluate(): one composite-indicator run over a Panel — derive, denominate, impute,
/// screen, treat, normalise, weight and aggregate every node, rank — as a PipelineSpec says.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/version.hpp"

namespace countyleap {

/// Runs the pipeline for one year and returns every node's score and rank.
///
/// Steps (COINr 1.1.14's order, as in its build_example_coin): the leaf indicators are derived
/// from the panel (derive()); `denominate` divides each by its `denominate_by` variable
/// (denominate()); `impute` fills missing values — cross-sectional methods within `year`,
/// group methods by the region attribute `impute.group` of `regions`, time methods from the
/// panel's other years (impute(), impute_time()); `screen` drops regions below the data share
/// (screen()); `treat` treats outliers per indicator (treat_column()); every indicator is
/// normalised with its direction (normalise_column(); ratio_to_standard uses the indicator's
/// `target` unless the spec gives a standard); then, bottom-up over the aggregate nodes, the
/// children's weights (node_weights(); data-driven methods read the children's scores) and the
/// node's score (aggregate()) with per-node overrides; finally ranks of every node (rank 1 =
/// highest, ties share the best rank).
///
/// `year` 0 means the panel's last year. The result records the spec (defaults filled in) and
/// the library version; the same inputs give the same bits on every run.
/// @throws unknown_id_error (year not in the panel, unknown node in the spec, a variable the
/// framework needs missing from the panel), validation_error (a step's errors, naming the
/// indicator or node), and the errors of the steps.
Scores evaluate(const Panel& panel, const Framework& fw, const PipelineSpec& spec, int year = 0,
                const RegionSet* regions = nullptr);

/// evaluate() for several years (0 or an empty list: every year of the panel), on up to
/// `threads` threads (0 = the hardware's). Years are independent, so the result does not depend
/// on the thread count; the first error (in year order) is rethrown.
std::vector<Scores> evaluate_years(const Panel& panel, const Framework& fw, const PipelineSpec& spec,
                                   std::vector<int> years = {}, const RegionSet* regions = nullptr,
                                   unsigned threads = 0);

}  // namespace countyleap
