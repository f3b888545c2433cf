// Compiled definitions of countyleap/warning.hpp: see that header for each function's formula and source.
#include "countyleap/warning.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/derive.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/gaps.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/projection.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/tier.hpp"

namespace countyleap {

const char* to_string(TrackStatus s) {
  switch (s) {
    case TrackStatus::on_track: return "on_track";
    case TrackStatus::at_risk: return "at_risk";
    case TrackStatus::off_track: return "off_track";
    case TrackStatus::no_data: return "no_data";
  }
  return "no_data";
}

TrackStatus track_status_from_string(std::string_view s) {
  for (auto x : {TrackStatus::on_track, TrackStatus::at_risk, TrackStatus::off_track, TrackStatus::no_data})
    if (s == to_string(x)) return x;
  throw validation_error("unknown status '" + std::string(s) + "' (expected on_track, at_risk, off_track or no_data)");
}

Judgement judge_growth(double required_pct, double recent_pct, Direction direction,
                       double factor) {
  if (!(factor >= 1)) throw validation_error("growth factor must be >= 1, got " + detail::format_double(factor));
  using detail::short_number;
  if (std::isnan(required_pct) || std::isnan(recent_pct))
    return {TrackStatus::no_data, std::string(std::isnan(required_pct) ? "required" : "recent") + " growth is undefined"};
  const bool higher = direction == Direction::higher_is_better;
  const double need = higher ? required_pct : -required_pct, have = higher ? recent_pct : -recent_pct;
  const std::string what = higher ? "growth " : "decline ";
  const std::string req = "required " + what + short_number(need) + " %/yr", rec = "recent " + what + short_number(have) + " %/yr";
  if (need <= have) return {TrackStatus::on_track, req + " <= " + rec};
  if (have > 0 && need <= factor * have)
    return {TrackStatus::at_risk, rec + " < " + req + " <= " + short_number(factor) + " × recent"};
  if (have <= 0) return {TrackStatus::off_track, rec + " is not positive; " + req};
  return {TrackStatus::off_track, req + " > " + short_number(factor) + " × " + rec};
}

}  // namespace countyleap

namespace countyleap::detail {

ProjectionOptions recent_growth_options(const WarningOptions& options, int base_year) {
  ProjectionOptions o = options.projection;
  o.method = ProjectionMethod::cagr;
  o.non_positive = NonPositive::missing;
  o.base_year = base_year;
  o.variables.clear();
  return o;
}

}  // namespace countyleap::detail

namespace countyleap {

std::vector<TargetWarning> warn_targets(const Panel& panel, const Framework& fw, const Plan& plan,
                                        const WarningOptions& options) {
  const int base = base_year_of(panel, options.projection);
  panel.year_index(base);
  std::set<std::string> needed;
  for (const auto& t : plan.indicator_targets()) needed.insert(t.indicator);
  for (const auto& g : plan.growth_targets())
    if (!panel.find_variable(g.variable) && fw.find_indicator(g.variable)) needed.insert(g.variable);
  DeriveOptions derive_options;
  derive_options.indicators.assign(needed.begin(), needed.end());
  const Panel derived = needed.empty() ? panel : derive(panel, fw, derive_options).panel;
  const ProjectionOptions recent = detail::recent_growth_options(options, base);
  using detail::short_number;

  std::vector<TargetWarning> out;
  const GapTable gaps = target_gaps(derived, fw, plan, base);
  for (const Gap& g : gaps.rows) {
    const Panel::Index r = derived.region_index(g.region), v = derived.variable_index(g.indicator);
    const SeriesProjection fit = fit_series(derived, r, v, recent);
    TargetWarning w;
    w.region = g.region;
    w.indicator = g.indicator;
    w.tier = g.tier;
    w.target_year = g.target_year;
    w.target = g.target;
    w.data_year = base;
    w.value = g.value;
    w.required_growth_pct = g.required_growth_pct;
    w.recent_growth_pct = fit.cagr_pct;
    w.recent = fit.note;
    const std::string values = short_number(g.value) + (g.direction == Direction::higher_is_better ? " vs " : " vs at most ") +
                               short_number(g.target) + " by " + std::to_string(g.target_year);
    if (g.status == GapStatus::no_data) {
      w.status = TrackStatus::no_data;
      w.reason = g.indicator + " is missing in " + std::to_string(base);
    } else if (g.status == GapStatus::met) {
      w.status = TrackStatus::on_track;
      w.reason = "met: " + values;
    } else if (g.growth_need == GrowthNeed::no_time_left) {
      w.status = TrackStatus::off_track;
      w.reason = "missed: " + values + " (data of " + std::to_string(base) + ")";
    } else if (g.growth_need == GrowthNeed::undefined) {
      w.status = TrackStatus::off_track;
      w.reason = "no compound growth reaches the target from " + values;
    } else {
      const Judgement j = judge_growth(g.required_growth_pct, fit.cagr_pct, g.direction, options.growth_factor);
      w.status = j.status;
      w.reason = (std::isnan(fit.cagr_pct) ? "recent growth undefined (" + fit.note + ")" : j.reason) + "; " + values;
    }
    out.push_back(std::move(w));
  }

  const std::vector<GrowthCheck> checks = growth_checks(derived, plan, base);
  const auto nr = static_cast<std::size_t>(derived.n_regions());
  for (std::size_t k = 0; k < checks.size(); ++k) {
    const GrowthCheck& c = checks[k];
    const GrowthTarget& gt = plan.growth_targets()[k / nr];  // growth_checks: per target, every region
    const Panel::Index r = derived.region_index(c.region), v = derived.variable_index(c.variable);
    const SeriesProjection fit = fit_series(derived, r, v, recent);
    TargetWarning w;
    w.region = c.region;
    w.indicator = c.variable;
    w.kind = TargetKind::growth;
    w.target_year = gt.to_year;
    w.min_rate_pct = gt.min_rate_pct;
    w.data_year = base;
    w.value = derived(r, v, derived.year_index(base));
    w.recent_growth_pct = fit.cagr_pct;
    w.recent = fit.note;
    const std::string rule = std::string(gt.rule == GrowthRule::average_annual ? "average " : "every year ") +
                             short_number(gt.min_rate_pct) + " %/yr " + detail::year_span(gt.from_year, gt.to_year);
    const std::string realised = "realised " + short_number(c.realised_pct) + " %/yr " + detail::year_span(c.from_year, c.to_year);
    auto judge_rate = [&](double required) {
      w.required_growth_pct = required;
      const Judgement j = judge_growth(required, fit.cagr_pct, Direction::higher_is_better, options.growth_factor);
      w.status = j.status;
      w.reason = (std::isnan(fit.cagr_pct) ? "recent growth undefined (" + fit.note + ")" : j.reason) + "; target " + rule;
    };
    if (gt.to_year <= base) {
      w.status = c.status == GrowthStatus::met ? TrackStatus::on_track
                 : c.status == GrowthStatus::unmet ? TrackStatus::off_track
                                                   : TrackStatus::no_data;
      w.reason = (c.status == GrowthStatus::insufficient_data ? c.detail : std::string(to_string(c.status)) + ": " + realised) +
                 "; target " + rule;
    } else if (base <= gt.from_year) {
      judge_rate(gt.min_rate_pct);
    } else if (c.status == GrowthStatus::insufficient_data) {
      w.reason = c.detail + "; target " + rule;
    } else if (gt.rule == GrowthRule::each_year) {
      if (c.status == GrowthStatus::unmet) {
        w.status = TrackStatus::off_track;
        w.reason = "fell short in a year: lowest " + realised + "; target " + rule;
      } else {
        judge_rate(gt.min_rate_pct);
      }
    } else {
      const double from = derived(r, v, derived.year_index(gt.from_year));
      w.target = from * std::pow(1 + gt.min_rate_pct / 100, gt.to_year - gt.from_year);
      const GapMeasures m = measure_gap(w.value, w.target, Direction::higher_is_better, gt.to_year - base);
      const std::string level = short_number(w.value) + " vs " + short_number(w.target) + " by " + std::to_string(gt.to_year);
      if (m.status == GapStatus::met) {
        w.status = TrackStatus::on_track;
        w.reason = "already at the level the target implies: " + level + "; target " + rule;
      } else if (m.growth_need == GrowthNeed::undefined) {  // the value has fallen to 0
        w.status = TrackStatus::off_track;
        w.reason = "no compound growth reaches the level the target implies: " + level + "; target " + rule;
      } else {
        judge_rate(m.required_growth_pct);
        w.reason += " (level " + short_number(w.target) + " by " + std::to_string(gt.to_year) + ", " + realised + ")";
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

YearOutlook outlook(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const TierScheme& scheme,
                    int year, const ProjectionOptions& options, const RegionSet* regions) {
  YearOutlook out;
  out.year = year;
  out.projected = year > base_year_of(panel, options);
  if (!out.projected) {
    out.basis = "observed " + std::to_string(year);
    out.scores = evaluate(panel, fw, spec, year, regions);
    out.classification = classify_composite(out.scores, scheme);
    return out;
  }
  if (base_year_of(panel, options) <= panel.first_year())
    throw validation_error("cannot project to " + std::to_string(year) + ": the data end in " +
                           std::to_string(base_year_of(panel, options)) +
                           ", the panel's first year, and a projection needs at least two years of data");
  ProjectedEvaluation p = evaluate_projected(panel, fw, spec, scheme, year, options, regions);
  out.basis = projection_basis(panel, year, options);
  out.scores = std::move(p.scores);
  out.classification = std::move(p.classification);
  out.projection = std::move(p.projection);
  return out;
}

std::vector<TierGoalWarning> warn_tier_goals(const Plan& plan, const std::vector<YearOutlook>& years,
                                             const WarningOptions& options) {
  using detail::short_number;
  std::vector<TierGoalWarning> out;
  for (const RegionTier& g : plan.goals()) {
    TierGoalWarning w;
    w.region = g.code;
    w.year = g.evaluation_year;
    w.goal = g.tier;
    const auto it = std::find_if(years.begin(), years.end(), [&](const YearOutlook& y) { return y.year == g.evaluation_year; });
    if (it == years.end()) {
      w.reason = "no evaluation for " + std::to_string(g.evaluation_year) + " (outside the data)";
      out.push_back(std::move(w));
      continue;
    }
    w.projected = it->projected;
    w.basis = it->basis;
    const auto row = std::find(it->scores.regions.begin(), it->scores.regions.end(), g.code);
    if (row == it->scores.regions.end()) {
      w.reason = "region not evaluated in " + std::to_string(g.evaluation_year) + " (not in the data or screened out)";
      out.push_back(std::move(w));
      continue;
    }
    const TierAssignment& a = it->classification.regions[static_cast<std::size_t>(row - it->scores.regions.begin())];
    const std::size_t goal = plan.tier_rank(g.tier);
    w.tier = plan.tiers().tiers[a.tier].label;
    w.score = a.score;
    w.boundary = it->classification.boundaries[goal];
    w.gap = w.boundary - w.score;
    const std::string numbers = (w.projected ? "projected " : "score ") + short_number(w.score) + " (" + w.tier + ") vs " +
                                g.tier + " from " + short_number(w.boundary);
    if (a.tier <= goal) {
      w.status = TrackStatus::on_track;
      w.reason = numbers + (w.projected ? ": goal reached" : ": goal met");
    } else if (w.projected && w.gap <= options.score_margin) {
      w.status = TrackStatus::at_risk;
      w.reason = numbers + ": " + short_number(w.gap) + " points short, within the margin of " + short_number(options.score_margin);
    } else {
      w.status = TrackStatus::off_track;
      w.reason = numbers + ": " + short_number(w.gap) + " points short" +
                 (w.projected ? " (margin " + short_number(options.score_margin) + ")" : ", goal missed");
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<PhaseWarning> warn_phases(const Plan& plan, const std::vector<YearOutlook>& years,
                                      const WarningOptions& options) {
  std::vector<PhaseWarning> out;
  const auto& labels = plan.tiers().tiers;
  for (const Phase& ph : plan.phases()) {
    if (ph.baseline) continue;
    PhaseWarning w;
    w.phase = ph.id;
    w.year = ph.evaluation_year;
    const auto it = std::find_if(years.begin(), years.end(), [&](const YearOutlook& y) { return y.year == ph.evaluation_year; });
    if (it == years.end()) {
      w.reason = "no evaluation for " + std::to_string(ph.evaluation_year) + " (outside the data)";
      out.push_back(std::move(w));
      continue;
    }
    w.projected = it->projected;
    w.basis = it->basis;
    const Classification& c = it->classification;
    std::vector<int> reach(labels.size(), 0);
    for (std::size_t i = 0; i < c.regions.size(); ++i) {
      const TierAssignment& a = c.regions[i];
      const std::string& code = it->scores.regions[i];
      const bool near = w.projected && a.tier > 0 && a.margin_up <= options.score_margin;
      if (near) w.near.push_back(code);
      ++reach[near ? a.tier - 1 : a.tier];
      for (const RegionTier& g : plan.goals()) {
        if (g.code != code || g.evaluation_year != ph.evaluation_year) continue;
        const std::size_t goal = plan.tier_rank(g.tier);
        if (a.tier > goal) w.behind.push_back(code);
        if (a.tier < goal) w.ahead.push_back(code);
      }
    }
    int target_sum = 0, count_sum = 0, reach_sum = 0;
    std::string short_of, short_in_reach;
    for (std::size_t t = 0; t < labels.size(); ++t) {
      TierCount tc;
      tc.tier = labels[t].label;
      const auto stated = ph.tier_counts.find(tc.tier);
      tc.target = stated == ph.tier_counts.end() ? 0 : stated->second;
      tc.count = static_cast<int>(c.counts[t]);
      tc.target_at_least = target_sum += tc.target;
      tc.at_least = count_sum += tc.count;
      tc.within_reach = reach_sum += reach[t];
      const std::string range = t == 0 ? labels[0].label : labels[0].label + "\u2013" + tc.tier;
      if (t + 1 < labels.size() && tc.at_least < tc.target_at_least)
        short_of += (short_of.empty() ? "" : "; ") + range + ": " + std::to_string(tc.at_least) + " < " + std::to_string(tc.target_at_least);
      if (t + 1 < labels.size() && tc.within_reach < tc.target_at_least)
        short_in_reach += (short_in_reach.empty() ? "" : "; ") + range + ": " + std::to_string(tc.within_reach) + " < " +
                          std::to_string(tc.target_at_least);
      w.tiers.push_back(std::move(tc));
    }
    const std::string counted = w.projected ? "projected counts" : "counts";
    if (short_of.empty()) {
      w.status = TrackStatus::on_track;
      w.reason = counted + " reach the phase's counts in every tier";
    } else if (w.projected && short_in_reach.empty()) {
      w.status = TrackStatus::at_risk;
      w.reason = "at least " + short_of + "; reached if the " + std::to_string(w.near.size()) + " regions within " +
                 detail::short_number(options.score_margin) + " points of the next tier move up";
    } else {
      w.status = TrackStatus::off_track;
      w.reason = "at least " + short_of + (w.projected ? " (within reach: " + short_in_reach + ")" : "");
    }
    out.push_back(std::move(w));
  }
  return out;
}

EarlyWarning early_warning(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const Plan& plan,
                           const WarningOptions& options, const RegionSet* regions) {
  if (!(options.growth_factor >= 1))
    throw validation_error("growth_factor must be >= 1, got " + detail::format_double(options.growth_factor));
  if (!(options.score_margin >= 0))
    throw validation_error("score_margin must be >= 0, got " + detail::format_double(options.score_margin));
  panel.year_index(base_year_of(panel, options.projection));  // named here, not as a later year that fails
  std::set<int> years;
  for (const auto& g : plan.goals()) years.insert(g.evaluation_year);
  for (const auto& p : plan.phases())
    if (!p.baseline) years.insert(p.evaluation_year);
  EarlyWarning out;
  for (int y : years)
    if (y >= panel.first_year()) out.years.push_back(outlook(panel, fw, spec, plan.tiers(), y, options.projection, regions));
  out.targets = warn_targets(panel, fw, plan, options);
  out.goals = warn_tier_goals(plan, out.years, options);
  out.phases = warn_phases(plan, out.years, options);
  return out;
}

}  // namespace countyleap
