#pragma once
/// @file impl/pipeline/steps.hpp
/// @brief evaluate()'s steps before aggregation, shared by evaluate() and the uncertainty model
/// (which runs each once per distinct choice of them). Compiled in src/core/pipeline.cpp; not
/// part of the public API, included by no public header.

#include <Eigen/Core>

#include <string>
#include <vector>

#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"

namespace countyleap::detail {

/// The leaf matrix of one year after the data steps of a pipeline (derive, denominate, impute,
/// screen), before outlier treatment and normalisation.
struct PreparedLeaves {
  Eigen::MatrixXd x;                  ///< kept regions × leaves
  std::vector<Eigen::Index> kept;     ///< panel rows of the kept regions
  std::vector<std::string> regions;   ///< codes of the kept regions, in panel order
  PipelineLog log;                    ///< derivation, denomination, imputation and screening records
  Panel::Index t = 0;                 ///< the year slot evaluated
};

/// evaluate()'s data steps: validates the spec, derives and denominates the leaves, imputes and
/// screens (see evaluate()). Shared by evaluate() and the uncertainty analysis, which runs it
/// once per distinct choice of these steps.
PreparedLeaves prepare_leaves(const Panel& panel, const Framework& fw, const PipelineSpec& spec, int year,
                              const RegionSet* regions);

/// evaluate()'s outlier treatment of every leaf column of `x` in place, one record per leaf
/// appended to `log` when any treatment is specified (see evaluate()).
void treat_leaves(Eigen::MatrixXd& x, const Framework& fw, const PipelineSpec& spec, PipelineLog& log);

/// evaluate()'s normalisation of every leaf column of `x` in place, with the indicator's
/// direction; `regions` are the codes of the rows (for ratio_to_reference). See evaluate().
void normalise_leaves(Eigen::MatrixXd& x, const Framework& fw, const PipelineSpec& spec,
                      const std::vector<std::string>& regions);

}  // namespace countyleap::detail
