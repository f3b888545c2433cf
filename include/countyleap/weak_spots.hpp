#pragma once
/// @file weak_spots.hpp
/// @brief Weak spots (抓短板、补弱项): each region's indicators below its goal tier's targets,
/// ranked by how many composite points closing the gap would add.

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/framework.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"

namespace countyleap {

/// Options of weak_spots().
struct WeakSpotOptions {
  /// Tier whose targets apply to every region; empty (the default) = each region's goal tier
  /// for the target year.
  std::string tier;
  int target_year = 0;  ///< year of the targets; 0 = target_year_for(plan, data year)
};

/// One indicator of one region below its target, and what closing the gap is worth.
struct WeakSpot {
  std::string region;     ///< region code
  std::string indicator;  ///< indicator id (a leaf of the framework)
  std::string tier;       ///< tier whose target applies
  double value = 0;       ///< the indicator's value in the data year, own units
  double target = 0;      ///< the target, own units
  double normalised = 0;             ///< the indicator's normalised score now
  double normalised_at_target = 0;   ///< its normalised score with the value set to the target
  double weight = 0;  ///< the leaf's effective weight in the composite (leaf_weights_in_root of the run's weights)
  double score = 0;            ///< the region's composite score now
  double score_at_target = 0;  ///< its composite score with this one value set to the target
  double gain = 0;             ///< score_at_target − score: composite points the gap is worth
  int rank = 0;                ///< 1 = the largest gain of the region
};

/// The result of weak_spots().
struct WeakSpots {
  int data_year = 0;    ///< year of the data evaluated
  int target_year = 0;  ///< year of the targets used
  std::vector<WeakSpot> rows;             ///< by region (panel order), then by rank
  std::vector<std::string> without_goal;  ///< regions without a goal for the target year (no rows)
  std::vector<std::string> dropped;       ///< regions the spec's screening step removed (no rows)
};

/// Each region's leaf indicators below their target, ranked by the composite points closing the
/// gap would add — the top of the list is where effort pays most.
///
/// For region r and leaf indicator j whose value x_rj (derive()d, in own units, data year) is
/// below the target of r's goal tier for the target year (target_gaps(): status unmet), the gain
/// is S_r(x_rj := target) − S_r: the composite (root) score of r when x_rj alone is set to the
/// target, everything else fixed, minus its score now. Both scores come from evaluate() with the
/// same spec, so every step that reads the whole column is re-run with the one value replaced:
/// min-max, z-score and rank normalisation re-normalise the column, treatment and data-driven
/// weights are recomputed. For weighted arithmetic aggregation with a normalisation that does not
/// depend on the column (goalposts, ratio_to_standard) the gain equals weight × (normalised at
/// target − normalised now), the leaf's effective weight times its normalised gap.
///
/// Indicators with no target, met or missing in the data year (status no_data: an imputed value
/// is not a measured shortfall) are not listed; unscored indicators move no score and are left
/// out. Ties in gain keep the framework's leaf order.
/// `panel` holds the raw variables (a derive()d panel works as well); `year` 0 = its last year.
/// @throws the errors of derive(), evaluate() and target_gaps().
WeakSpots weak_spots(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const Plan& plan,
                     int year = 0, const WeakSpotOptions& options = {}, const RegionSet* regions = nullptr);

}  // namespace countyleap
