// Compiled definitions of countyleap/gaps.hpp: see that header for each function's formula and source.
#include "countyleap/gaps.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/indicator.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/target.hpp"

namespace countyleap {

const char* to_string(GapStatus s) {
  return s == GapStatus::met ? "met" : s == GapStatus::unmet ? "unmet" : "no_data";
}

const char* to_string(GrowthNeed g) {
  switch (g) {
    case GrowthNeed::computed: return "computed";
    case GrowthNeed::no_time_left: return "no_time_left";
    case GrowthNeed::undefined: return "undefined";
    case GrowthNeed::no_data: return "no_data";
  }
  return "computed";
}

GapMeasures measure_gap(double value, double target, Direction direction, int years_left) {
  if (!std::isfinite(target)) throw validation_error("target must be a finite number");
  if (std::isinf(value)) throw validation_error("value must be finite or missing (NaN), got " + detail::format_double(value));
  GapMeasures m;
  m.value = value;
  m.target = target;
  m.years_left = years_left;
  if (std::isnan(value)) return m;
  const bool higher = direction == Direction::higher_is_better;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  m.gap = higher ? target - value : value - target;
  m.relative_gap = target != 0 ? m.gap / std::abs(target) : nan;
  m.attainment = higher ? (target > 0 ? value / target : nan) : (value > 0 ? target / value : nan);
  const double slack = 1e-9 * std::abs(target);  // rounding of derived ratios, see the description
  m.status = (higher ? value >= target - slack : value <= target + slack) ? GapStatus::met : GapStatus::unmet;
  if (years_left <= 0) m.growth_need = GrowthNeed::no_time_left;
  else if (!(value > 0 && target > 0)) m.growth_need = GrowthNeed::undefined;
  else {
    m.growth_need = GrowthNeed::computed;
    m.required_growth_pct = (std::pow(target / value, 1.0 / years_left) - 1.0) * 100.0;
  }
  return m;
}

int target_year_for(const Plan& plan, int data_year) {
  int after = 0, latest = 0;
  for (const auto& t : plan.indicator_targets()) {
    if (t.year >= data_year && (after == 0 || t.year < after)) after = t.year;
    latest = std::max(latest, t.year);
  }
  return after != 0 ? after : latest;
}

GapTable target_gaps(const Panel& derived, const Framework& fw, const Plan& plan, int data_year,
                     const GapOptions& options) {
  if (!options.tier.empty()) plan.tier_rank(options.tier);
  const Panel::Index t = derived.year_index(data_year);
  std::vector<Panel::Index> rows;
  for (const auto& code : options.regions.empty() ? derived.regions() : options.regions)
    rows.push_back(derived.region_index(code));
  const std::set<std::string> wanted(options.indicators.begin(), options.indicators.end());
  for (const auto& id : wanted) fw.indicator(id);

  std::vector<const IndicatorTarget*> targets;
  std::set<int> years;
  for (const auto& tg : plan.indicator_targets()) {
    if (options.target_year != 0 && tg.year != options.target_year) continue;
    if (!wanted.empty() && !wanted.count(tg.indicator)) continue;
    targets.push_back(&tg);
    years.insert(tg.year);
  }
  std::map<std::string, Panel::Index> column;
  for (const auto* tg : targets)
    if (!column.count(tg->indicator)) {
      fw.indicator(tg->indicator);
      const auto v = derived.find_variable(tg->indicator);
      if (!v)
        throw unknown_id_error("targeted indicator is not in the panel (derive() the panel first)",
                               Location{"", 0, 0, "", tg->indicator});
      column.emplace(tg->indicator, *v);
    }
  std::map<std::pair<std::string, int>, std::string> goal;
  for (const auto& g : plan.goals()) goal.emplace(std::make_pair(g.code, g.evaluation_year), g.tier);

  GapTable out;
  for (const Panel::Index r : rows) {
    const std::string& code = derived.regions()[static_cast<std::size_t>(r)];
    std::map<int, std::string> tier_in;
    for (int y : years) {
      if (!options.tier.empty()) tier_in[y] = options.tier;
      else if (const auto it = goal.find({code, y}); it != goal.end()) tier_in[y] = it->second;
      else out.without_goal.push_back(RegionYear{code, y});
    }
    for (const auto* tg : targets) {
      const auto it = tier_in.find(tg->year);
      if (it == tier_in.end() || it->second != tg->tier) continue;
      const Indicator& ind = fw.indicator(tg->indicator);
      Gap g;
      static_cast<GapMeasures&>(g) = measure_gap(derived(r, column.at(tg->indicator), t), tg->value, ind.direction, tg->year - data_year);
      g.region = code;
      g.indicator = tg->indicator;
      g.tier = tg->tier;
      g.target_year = tg->year;
      g.data_year = data_year;
      g.direction = ind.direction;
      g.unit = tg->unit;
      g.section = tg->section;
      out.rows.push_back(std::move(g));
    }
  }
  return out;
}

const char* to_string(GrowthStatus s) {
  return s == GrowthStatus::met ? "met" : s == GrowthStatus::unmet ? "unmet" : "insufficient_data";
}

std::vector<GrowthCheck> growth_checks(const Panel& panel, const Plan& plan, int data_year,
                                       const std::vector<std::string>& regions) {
  constexpr double tolerance = 1e-9;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<Panel::Index> rows;
  for (const auto& code : regions.empty() ? panel.regions() : regions) rows.push_back(panel.region_index(code));
  std::vector<GrowthCheck> out;
  for (const auto& g : plan.growth_targets()) {
    const auto v = panel.find_variable(g.variable);
    if (!v) throw unknown_id_error("growth-targeted variable is not in the panel", Location{"", 0, 0, "", g.variable});
    const int last = std::min(data_year, g.to_year);
    for (const Panel::Index r : rows) {
      GrowthCheck c;
      c.region = panel.regions()[static_cast<std::size_t>(r)];
      c.variable = g.variable;
      c.rule = g.rule;
      c.min_rate_pct = g.min_rate_pct;
      c.from_year = g.from_year;
      c.to_year = last;
      c.section = g.section;
      auto value = [&](int year) {
        const auto t = panel.find_year(year);
        return t ? panel(r, *v, *t) : nan;
      };
      const std::string years_in_panel =
          " (the panel has " + std::to_string(panel.first_year()) + "-" + std::to_string(panel.last_year()) + ")";
      if (last <= g.from_year) {
        c.detail = "no year after the base year " + std::to_string(g.from_year) + " up to " + std::to_string(last);
        out.push_back(std::move(c));
        continue;
      }
      for (int y = g.from_year + 1; y <= last; ++y) {
        const double before = value(y - 1), now = value(y);
        c.yearly_pct.push_back(std::isnan(before) || std::isnan(now) || before <= 0 ? nan : (now / before - 1.0) * 100.0);
      }
      if (g.rule == GrowthRule::average_annual) {
        const double base = value(g.from_year), end = value(last);
        if (std::isnan(base))
          c.detail = g.variable + " " + std::to_string(g.from_year) + " is missing" + years_in_panel;
        else if (base <= 0)
          c.detail = g.variable + " " + std::to_string(g.from_year) + " = " + detail::format_double(base) + " is not positive";
        else if (std::isnan(end))
          c.detail = g.variable + " " + std::to_string(last) + " is missing" + years_in_panel;
        else if (end < 0)
          c.detail = g.variable + " " + std::to_string(last) + " = " + detail::format_double(end) + " is negative";
        else {
          c.realised_pct = (std::pow(end / base, 1.0 / (last - g.from_year)) - 1.0) * 100.0;
          c.status = c.realised_pct >= g.min_rate_pct - tolerance ? GrowthStatus::met : GrowthStatus::unmet;
        }
      } else {
        std::string unmeasured;
        for (std::size_t k = 0; k < c.yearly_pct.size(); ++k) {
          const double x = c.yearly_pct[k];
          if (std::isnan(x)) unmeasured += (unmeasured.empty() ? "" : ", ") + std::to_string(g.from_year + 1 + static_cast<int>(k));
          else c.realised_pct = std::isnan(c.realised_pct) ? x : std::min(c.realised_pct, x);
        }
        if (!std::isnan(c.realised_pct) && c.realised_pct < g.min_rate_pct - tolerance) c.status = GrowthStatus::unmet;
        else if (!unmeasured.empty())
          c.detail = "growth of " + g.variable + " cannot be measured in " + unmeasured +
                     " (a value is missing or the previous year's is not positive)" + years_in_panel;
        else c.status = GrowthStatus::met;
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace countyleap
