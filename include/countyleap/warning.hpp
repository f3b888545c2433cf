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
const char* to_string(TrackStatus s);

/// Parses the spelling of to_string(TrackStatus). @throws validation_error naming the text.
TrackStatus track_status_from_string(std::string_view s);

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
Judgement judge_growth(double required_pct, double recent_pct, Direction direction = Direction::higher_is_better,
                       double factor = 2);

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
std::vector<TargetWarning> warn_targets(const Panel& panel, const Framework& fw, const Plan& plan,
                                        const WarningOptions& options = {});

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
YearOutlook outlook(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const TierScheme& scheme,
                    int year, const ProjectionOptions& options = {}, const RegionSet* regions = nullptr);

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
std::vector<TierGoalWarning> warn_tier_goals(const Plan& plan, const std::vector<YearOutlook>& years,
                                             const WarningOptions& options = {});

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
std::vector<PhaseWarning> warn_phases(const Plan& plan, const std::vector<YearOutlook>& years,
                                      const WarningOptions& options = {});

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
EarlyWarning early_warning(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const Plan& plan,
                           const WarningOptions& options = {}, const RegionSet* regions = nullptr);

}  // namespace countyleap
