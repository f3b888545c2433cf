// Compiled definitions of countyleap/plan.hpp: see that header for each function's formula and source.
#include "countyleap/plan.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/region.hpp"
#include "countyleap/target.hpp"
#include "countyleap/tier.hpp"

namespace countyleap {

void Plan::validate(const Framework& fw, const RegionSet& regions) const {
  for (const auto& t : indicator_targets_)
    if (!fw.find_indicator(t.indicator))
      throw unknown_id_error("plan target (" + t.tier + ", " + std::to_string(t.year) + ") names an unknown indicator",
                             Location{"", 0, 0, "", t.indicator});
  for (const auto& g : growth_targets_)
    if (!fw.find_indicator(g.variable) && !fw.find_variable(g.variable))
      throw unknown_id_error("growth target names an unknown variable or indicator", Location{"", 0, 0, "", g.variable});
  for (const auto* list : {&observed_, &goals_})
    for (const auto& g : *list)
      if (!regions.contains(g.code))
        throw unknown_id_error("plan names an unknown region code", Location{"", 0, 0, "", g.code});
}

RegionTier Plan::next_goal(const std::string& code, const std::string& tier, int year) const {
  const std::size_t rank = tier_rank(tier);
  const RegionTier* next = nullptr;  // one goal per (code, year) (check_structure), so the year decides
  for (const auto& g : goals_)
    if (g.code == code && g.evaluation_year >= year && tier_rank(g.tier) < rank &&
        (next == nullptr || g.evaluation_year < next->evaluation_year))
      next = &g;
  return next ? *next : RegionTier{code, year, tier, false, ""};
}

void Plan::check_structure() {
  tiers_.validate();
  std::set<std::string> phase_ids;
  for (const auto& p : phases_) {
    if (!phase_ids.insert(p.id).second) throw duplicate_error("duplicate phase id", Location{"", 0, 0, "", p.id});
    for (const auto& [label, count] : p.tier_counts) {
      tier_rank(label);
      if (count < 0) throw plan_error("negative tier count for tier " + label, Location{"", 0, 0, "", p.id});
    }
  }
  for (const auto* list : {&observed_, &goals_}) {
    std::set<std::pair<std::string, int>> seen;
    for (const auto& g : *list) {
      tier_rank(g.tier);
      if (!seen.emplace(g.code, g.evaluation_year).second)
        throw duplicate_error("two tiers for one region in " + std::to_string(g.evaluation_year), Location{"", 0, 0, "", g.code});
    }
  }
  std::set<std::tuple<std::string, std::string, int>> targets;
  for (const auto& t : indicator_targets_) {
    tier_rank(t.tier);
    if (!std::isfinite(t.value)) throw plan_error("target value is not finite", Location{"", 0, 0, "", t.indicator});
    if (!targets.emplace(t.indicator, t.tier, t.year).second)
      throw duplicate_error("two targets for (" + t.tier + ", " + std::to_string(t.year) + ")", Location{"", 0, 0, "", t.indicator});
  }
  for (const auto& g : growth_targets_) {
    if (!std::isfinite(g.min_rate_pct)) throw plan_error("growth rate is not finite", Location{"", 0, 0, "", g.variable});
    if (g.from_year >= g.to_year)
      throw plan_error("growth span needs from_year < to_year", Location{"", 0, 0, "", g.variable});
  }
}

}  // namespace countyleap
