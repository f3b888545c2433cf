#pragma once
/// @file warning.hpp
/// @brief Monitoring and early warning (监测预警): on track / at risk / off track for each
/// region's indicator and growth targets (required against recent growth), for each region's
/// tier goal (projected score against the goal tier's boundary) and for each phase's tier counts,
/// every status with the numbers that decided it.
///
/// The rules, in one place (factor f = WarningOptions::growth_factor, default 2; margin m =
/// WarningOptions::score_margin, default 5 points):
/// - **targets** (judge_growth()): with g_req the average annual growth still required
///   (measure_gap()) and g_rec the CAGR of the last k years (fit_series()): on track when the
///   target is met or g_req <= g_rec; at risk when g_rec > 0 and g_req <= f·g_rec (required
///   growth above the recent growth); off track otherwise (above f times the recent growth, or
///   no recent growth at all: g_rec <= 0 with the target unmet). For lower-is-better
///   indicators the same rules hold for the rates of decline −g_req and −g_rec.
/// - **tier goals**: on track when the region's (projected) tier is its goal tier or better; at
///   risk when it is worse but the (projected) score is at most m points below the goal tier's
///   boundary; off track otherwise.
/// - **phases**: on track when the (projected) tier counts reach the phase's counts, read
///   cumulatively from the best tier (at least 12 in A, at least 21 in A or B); at risk when they
///   would if every region within m points below the next boundary up were one tier higher; off
///   track otherwise.
/// A year whose data are observed (evaluation year <= the base year) is not a forecast but a
/// result: there is no "at risk" then, only on track (reached) or off track (missed).

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

/// The status of a target, tier goal or phase.
enum class TrackStatus {
  on_track,   ///< reached, or the recent trend reaches it
  at_risk,    ///< within reach with more effort: see the file description for the rules
  off_track,  ///< out of reach at the recent pace, or missed
  no_data     ///< cannot be judged: a value or a recent growth rate is missing (the reason says which)
};

/// Spelling: "on_track", "at_risk", "off_track", "no_data".
inline const char* to_string(TrackStatus s) {
  switch (s) {
    case TrackStatus::on_track: return "on_track";
    case TrackStatus::at_risk: return "at_risk";
    case TrackStatus::off_track: return "off_track";
    case TrackStatus::no_data: return "no_data";
  }
  return "no_data";
}

/// Parses the spelling of to_string(TrackStatus). @throws validation_error naming the text.
inline TrackStatus track_status_from_string(std::string_view s) {
  for (auto x : {TrackStatus::on_track, TrackStatus::at_risk, TrackStatus::off_track, TrackStatus::no_data})
    if (s == to_string(x)) return x;
  throw validation_error("unknown status '" + std::string(s) + "' (expected on_track, at_risk, off_track or no_data)");
}

/// Options of the warnings.
struct WarningOptions {
  /// Projection of scores to future evaluation years (method, window k, base year). Its window
  /// k and base year also define the recent growth g_rec: the CAGR over [base − k, base].
  ProjectionOptions projection;
  double growth_factor = 2;  ///< f: required growth up to f × recent growth is at risk (>= 1)
  double score_margin = 5;   ///< m: points below a boundary that are still at risk (>= 0)
};

/// A status and the rule, with its numbers, that decided it.
struct Judgement {
  TrackStatus status = TrackStatus::no_data;  ///< the status
  std::string reason;                          ///< e.g. "required growth 10 %/yr > 2 × recent growth 4 %/yr"
};

/// The target rule on rates (see the file description): required growth `required_pct` against
/// recent growth `recent_pct`, percent a year, for an indicator of `direction` whose target is not
/// yet met. on_track when need <= have; at_risk when have > 0 and need <= factor × have;
/// off_track otherwise — with need = g_req, have = g_rec for higher-is-better and need = −g_req,
/// have = −g_rec (rates of decline) for lower-is-better. A NaN rate gives no_data.
/// @throws validation_error for factor < 1.
inline Judgement judge_growth(double required_pct, double recent_pct, Direction direction = Direction::higher_is_better,
                              double factor = 2) {
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

/// What a TargetWarning judges.
enum class TargetKind {
  level,  ///< an indicator level per tier and year (IndicatorTarget)
  growth  ///< a growth rate (GrowthTarget)
};

/// Spelling: "level", "growth".
inline const char* to_string(TargetKind k) { return k == TargetKind::level ? "level" : "growth"; }

/// One region against one target of the plan.
struct TargetWarning {
  std::string region;     ///< region code
  std::string indicator;  ///< indicator (or, for growth targets, variable) id
  TargetKind kind = TargetKind::level;  ///< level or growth target
  std::string tier;       ///< level targets: the goal tier whose target applies
  int target_year = 0;    ///< year the target is to be reached (growth: the span's last year)
  /// The level to reach: the target (level), v_from × (1 + r)^{to − from} (average-annual growth
  /// under way), NaN otherwise.
  double target = std::numeric_limits<double>::quiet_NaN();
  double min_rate_pct = std::numeric_limits<double>::quiet_NaN();  ///< growth targets: r, percent a year
  int data_year = 0;      ///< the base year: the latest data used
  double value = std::numeric_limits<double>::quiet_NaN();         ///< the value in the data year
  /// g_req: average annual growth still required, percent (gaps' measure_gap()); for a growth
  /// target not yet under way, r itself. NaN when met, missed or undefined.
  double required_growth_pct = std::numeric_limits<double>::quiet_NaN();
  double recent_growth_pct = std::numeric_limits<double>::quiet_NaN();  ///< g_rec: CAGR of the last k years, percent
  std::string recent;     ///< how g_rec was measured, e.g. "cagr 2019–2022: 12.3 %/yr"
  TrackStatus status = TrackStatus::no_data;  ///< the status
  std::string reason;     ///< the rule and numbers that decided it
};

namespace detail {

inline ProjectionOptions recent_growth_options(const WarningOptions& options, int base_year) {
  ProjectionOptions o = options.projection;
  o.method = ProjectionMethod::cagr;
  o.non_positive = NonPositive::missing;
  o.base_year = base_year;
  o.variables.clear();
  return o;
}

}  // namespace detail

/// Every region against every indicator and growth target of the plan, at the base year
/// (options.projection.base_year, default the panel's last year).
///
/// Level targets: the regions and tiers of target_gaps() (each region's goal tier for the
/// target's year; regions without a goal get no rows), measured in the base year. Met → on
/// track; unmet with the target year not after the base year → off track (missed); unmet with
/// time left → judge_growth(g_req, g_rec); a value <= 0 (no compound growth reaches the target)
/// → off track; a missing value or an undefined g_rec → no_data.
/// Growth targets (every region of the panel; growth_checks() gives the realised growth):
/// a span that has ended → on track when met, off track when not; each_year under way → off
/// track as soon as one year fell short, else judge_growth(r, g_rec); average_annual under way →
/// the level the rate implies at the span's end, v_from (1 + r)^{to − from}, judged like a level
/// target; not yet begun (base year <= from_year) → judge_growth(r, g_rec).
/// `panel` holds the raw variables; targeted indicators are derived from it.
/// @throws the errors of derive(), target_gaps() and growth_checks().
inline std::vector<TargetWarning> warn_targets(const Panel& panel, const Framework& fw, const Plan& plan,
                                               const WarningOptions& options = {}) {
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

/// The scores and tiers of one evaluation year: observed when the year is not after the base
/// year, projected otherwise.
struct YearOutlook {
  int year = 0;            ///< the evaluation year
  bool projected = false;  ///< true when the scores come from a projected panel
  /// "observed 2022", or "projected to 2025 from 2019–2022 (cagr, k = 3)".
  std::string basis;
  Scores scores;                   ///< evaluate() on the panel (observed) or the projected panel
  Classification classification;  ///< classify_composite() of the scores
  Projection projection;           ///< projected years: the projection (empty otherwise)
};

/// The outlook for `year`: evaluate() and classify_composite() on the panel when year <= the
/// base year (options.base_year, default the panel's last year), else evaluate_projected().
/// @throws validation_error for a projected year when the base year is the panel's first (a
/// trend needs two years of data); the errors of evaluate(), evaluate_projected() and
/// classify_composite().
inline YearOutlook outlook(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const TierScheme& scheme,
                           int year, const ProjectionOptions& options = {}, const RegionSet* regions = nullptr) {
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

/// One region's tier goal for an evaluation year against its (projected) score.
struct TierGoalWarning {
  std::string region;   ///< region code
  int year = 0;         ///< evaluation year of the goal
  std::string goal;     ///< goal tier label
  std::string tier;     ///< the (projected) tier label; empty without data
  double score = std::numeric_limits<double>::quiet_NaN();     ///< the (projected) composite score
  double boundary = std::numeric_limits<double>::quiet_NaN();  ///< lower boundary of the goal tier, score units (−∞ for the last tier)
  double gap = std::numeric_limits<double>::quiet_NaN();       ///< boundary − score: > 0 means short of the goal
  bool projected = false;  ///< true when the score is a projection
  std::string basis;       ///< YearOutlook::basis
  TrackStatus status = TrackStatus::no_data;  ///< the status
  std::string reason;      ///< the rule and numbers that decided it
};

/// Every tier goal of the plan (Plan::goals()) against the outlook of its year (see the file
/// description for the rule). A goal whose year has no outlook, or whose region has no score
/// (not in the panel, screened out), is no_data with the reason.
inline std::vector<TierGoalWarning> warn_tier_goals(const Plan& plan, const std::vector<YearOutlook>& years,
                                                    const WarningOptions& options = {}) {
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

/// One tier of a phase: target and (projected) counts, single and cumulative from the best tier.
struct TierCount {
  std::string tier;        ///< tier label
  int target = 0;          ///< the phase's count for the tier (0 when the phase gives none)
  int count = 0;           ///< regions in the tier (projected or observed)
  int target_at_least = 0;  ///< Σ target of this tier and the better ones
  int at_least = 0;         ///< regions in this tier or a better one
  int within_reach = 0;     ///< at_least, counting the `near` regions one tier higher
};

/// One phase of the plan against the outlook of its evaluation year.
struct PhaseWarning {
  std::string phase;       ///< phase id
  int year = 0;            ///< its evaluation year
  bool projected = false;  ///< true when the counts are projected
  std::string basis;       ///< YearOutlook::basis
  std::vector<TierCount> tiers;  ///< per tier, best first
  /// Regions whose (projected) tier is worse than their goal for the year: the ones whose moves
  /// are missing.
  std::vector<std::string> behind;
  std::vector<std::string> ahead;  ///< regions whose (projected) tier is better than their goal
  /// Projected years: regions within the margin below the boundary of the next tier up, which the
  /// at-risk rule counts one tier higher.
  std::vector<std::string> near;
  TrackStatus status = TrackStatus::no_data;  ///< the status
  std::string reason;  ///< the cumulative counts that decided it, e.g. "at least A: 10 < 12"
};

/// Every non-baseline phase of the plan against the outlook of its evaluation year (see the file
/// description for the rule). The cumulative counts are compared for every tier but the last
/// (whose cumulative count is all regions). A phase without an outlook is no_data.
inline std::vector<PhaseWarning> warn_phases(const Plan& plan, const std::vector<YearOutlook>& years,
                                             const WarningOptions& options = {}) {
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

/// Everything the early warning says about a plan.
struct EarlyWarning {
  std::vector<YearOutlook> years;          ///< one per evaluation year of a goal or phase that the data cover
  std::vector<TargetWarning> targets;      ///< warn_targets()
  std::vector<TierGoalWarning> goals;      ///< warn_tier_goals()
  std::vector<PhaseWarning> phases;        ///< warn_phases()
};

/// The early warning for a plan: an outlook (observed or projected) for every evaluation year of
/// the plan's goals and non-baseline phases from the panel's first year on, then warn_targets(),
/// warn_tier_goals() and warn_phases(), all with the plan's tier scheme and `options`.
/// @throws unknown_id_error naming a base year (options.projection.base_year) outside the panel;
/// validation_error for growth_factor < 1 or score_margin < 0; the errors of outlook() and
/// warn_targets().
inline EarlyWarning early_warning(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const Plan& plan,
                                  const WarningOptions& options = {}, const RegionSet* regions = nullptr) {
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
