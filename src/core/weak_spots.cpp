// Compiled definitions of countyleap/weak_spots.hpp: see that header for each function's formula and source.
#include "countyleap/weak_spots.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/derive.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/gaps.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/impl/framework/leaves_as_variables.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"

namespace countyleap {

WeakSpots weak_spots(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const Plan& plan,
                     int year, const WeakSpotOptions& options, const RegionSet* regions) {
  const std::vector<std::string> leaves = fw.scored_indicators();
  DeriveOptions derive_options;
  derive_options.indicators = leaves;
  Panel work = derive(panel, fw, derive_options).panel;
  const Framework plain = detail::leaves_as_variables(fw);
  const Scores base = evaluate(work, plain, spec, year, regions);

  WeakSpots out;
  out.data_year = base.year;
  out.target_year = options.target_year != 0 ? options.target_year : target_year_for(plan, base.year);
  out.dropped = base.log.dropped;
  GapOptions gap_options;
  gap_options.tier = options.tier;
  gap_options.target_year = out.target_year;
  gap_options.indicators = leaves;
  gap_options.regions = base.regions;
  const GapTable gaps = target_gaps(work, fw, plan, base.year, gap_options);
  for (const auto& g : gaps.without_goal) out.without_goal.push_back(g.code);

  const Eigen::VectorXd weight = leaf_weights_in_root(fw, base.weights);
  const Panel::Index t = work.year_index(base.year);
  const Eigen::Index root = base.values.cols() - 1;
  std::size_t first_of_region = 0;
  for (std::size_t k = 0; k < gaps.rows.size(); ++k) {
    const Gap& g = gaps.rows[k];
    if (g.status == GapStatus::unmet) {
      const auto row = static_cast<Eigen::Index>(base.region_row(g.region));
      const auto leaf = static_cast<Eigen::Index>(fw.node_index(g.indicator));
      const Panel::Index r = work.region_index(g.region), v = work.variable_index(g.indicator);
      work.set(r, v, t, g.target);
      const Scores moved = evaluate(work, plain, spec, base.year, regions);
      work.set(r, v, t, g.value);
      const auto moved_row = static_cast<Eigen::Index>(moved.region_row(g.region));
      WeakSpot w;
      w.region = g.region;
      w.indicator = g.indicator;
      w.tier = g.tier;
      w.value = g.value;
      w.target = g.target;
      w.normalised = base.values(row, leaf);
      w.normalised_at_target = moved.values(moved_row, leaf);
      w.weight = weight[leaf];
      w.score = base.values(row, root);
      w.score_at_target = moved.values(moved_row, root);
      w.gain = w.score_at_target - w.score;
      out.rows.push_back(std::move(w));
    }
    const bool region_ends = k + 1 == gaps.rows.size() || gaps.rows[k + 1].region != g.region;
    if (!region_ends) continue;
    const auto begin = out.rows.begin() + static_cast<std::ptrdiff_t>(first_of_region);
    std::stable_sort(begin, out.rows.end(), [&](const WeakSpot& a, const WeakSpot& b) {
      if (a.gain != b.gain) return a.gain > b.gain;
      return fw.node_index(a.indicator) < fw.node_index(b.indicator);
    });
    int rank = 0;
    for (auto it = begin; it != out.rows.end(); ++it) it->rank = ++rank;
    first_of_region = out.rows.size();
  }
  return out;
}

}  // namespace countyleap
