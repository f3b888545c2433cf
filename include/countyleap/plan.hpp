#pragma once
/// @file plan.hpp
/// @brief A tier-based plan as data: tiers and cut-offs, phases with evaluation and publication
/// years, tier-count targets, per-region tier goals, observed tiers, indicator and growth targets.

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

/// A phase of the plan: the evaluation year whose data decide it, the year the result is
/// published, and the tier counts aimed for.
struct Phase {
  std::string id;            ///< e.g. "phase1"
  std::string name_zh;       ///< e.g. 挖潜增量
  std::string name_en;       ///< e.g. Tap potential
  int evaluation_year = 0;   ///< data year evaluated, e.g. 2021 ("2021年度")
  int publication_year = 0;  ///< year the evaluation is published, e.g. 2022 ("2022年公布")
  bool publication_year_inferred = false;  ///< true when the plan does not state it
  std::map<std::string, int> tier_counts;  ///< target count per tier label
  bool baseline = false;     ///< true for the observed starting point rather than a target
  std::string note;          ///< remarks
  bool evaluation_year_inferred = false;  ///< true when the plan does not state the evaluation year
  std::string reason;        ///< why the inferred years are read as they are (empty when nothing is inferred)
};

/// How the plan's text names a region for one year. The search of check_plan() and
/// search_assignments() treats a named tier as stated and an unnamed one as unknown.
enum class Naming {
  none,    ///< not named for this year: the tier is deduced (RegionTier::inferred)
  member,  ///< listed in the tier, e.g. 第一阶段 "C类县缩减到6个（行唐县、……）"
  rise     ///< named as rising into the tier, e.g. "跃升A类县2个，重点培育桥西区、赵县": the tier of the
           ///< previous phase is worse
};

/// Spelling in files: "" (none), "member", "rise".
inline const char* to_string(Naming n) { return n == Naming::member ? "member" : n == Naming::rise ? "rise" : ""; }

/// Parses the spelling of to_string(Naming) ("none" is accepted for none).
/// @throws validation_error naming the text.
Naming naming_from_string(const std::string& text);

/// A region's tier in an evaluation year: observed (a result) or a goal (a plan target).
struct RegionTier {
  std::string code;          ///< region code
  int evaluation_year = 0;   ///< data year
  std::string tier;          ///< tier label
  bool inferred = false;     ///< true when the plan implies it without stating it
  std::string note;          ///< remarks
  std::string reason;        ///< for an inferred tier: how it is deduced
  /// For an inferred tier: ids of the plan's assumptions (Plan::assumptions()) the deduction
  /// rests on, e.g. "no_drop"; check_plan() proves that they, with the stated tiers and counts,
  /// leave no other tier.
  std::vector<std::string> assumptions;
  Naming named = Naming::none;  ///< how the plan's text names the region for this year
};

/// A figure of the plan that is neither a target nor a goal, e.g. the special fund of 1,500 万元
/// a year (§六(二)).
struct PlanFact {
  std::string id;       ///< e.g. special_fund
  double value = 0;     ///< the figure
  std::string unit;     ///< e.g. 万元/year
  int from_year = 0;    ///< first year it applies to (0: not stated)
  int to_year = 0;      ///< last year it applies to (0: not stated)
  std::string section;  ///< where the plan states it
  std::string note;     ///< remarks
  std::string unit_en;  ///< English gloss of the unit, e.g. "10k yuan a year"
};

/// Something the plan's data assume without the plan stating it, e.g. "no county drops a tier
/// within the plan" (`no_drop`). Every entry is an inference: `reason` says why it is made.
/// Two ids are tier rules that search_assignments() applies and can drop: `no_drop` (no region's
/// tier is worse than in the previous phase) and `unnamed_hold` (a region the plan does not
/// name for a phase keeps its previous tier).
struct PlanAssumption {
  std::string id;          ///< e.g. no_drop
  std::string statement;   ///< what is assumed
  std::string reason;      ///< why it is assumed
  std::string applies_to;  ///< which data rest on it, e.g. "observed 2020" or "framework.json variables.budget_exp"
  std::string section;     ///< the part of the plan it reads, e.g. §四
};

/// The kinds of goal a plan states besides tiers and indicator targets.
enum class GoalKind {
  count_target,          ///< a number to reach, e.g. 科技特派员 百千万: 100 teams, 1,000 commissioners
  creation_goal,         ///< an award to win, e.g. 争创一批国家级、省级创新型县（市）
  provincial_rank_goal,  ///< a better rank among the province's units, e.g. 在全省位次前移
  fund_use,              ///< what a fund is for, e.g. the uses of the 1,500 万元 special fund
  supported_goal         ///< a wider goal the plan supports, e.g. 全市GDP过万亿
};

/// Spelling in files: "count_target", "creation_goal", "provincial_rank_goal", "fund_use",
/// "supported_goal".
const char* to_string(GoalKind k);

/// Parses the spelling of to_string(GoalKind). @throws validation_error naming the text.
GoalKind goal_kind_from_string(const std::string& text);

/// A goal of the plan that is not a tier goal or an indicator target (§20's 百千万, §三's
/// 争创 and 全市GDP过万亿, §四's 在全省位次前移, §六(二)'s fund uses).
struct PlanGoal {
  std::string id;                ///< e.g. envoy_teams
  GoalKind kind = GoalKind::count_target;  ///< what kind of goal
  std::string text_zh;           ///< the plan's words
  std::string text_en;           ///< English
  double value = std::numeric_limits<double>::quiet_NaN();  ///< the number for a count target; NaN when none
  std::string unit;              ///< unit as the plan writes it, e.g. 家
  std::string unit_en;           ///< English gloss of the unit
  int year = 0;                  ///< the year it is for (0: not stated)
  int base_year = 0;             ///< a rank goal: the year compared with (0: not stated)
  bool years_inferred = false;   ///< true when year or base_year is not stated
  std::vector<std::string> regions;  ///< regions it applies to (empty: the plan as a whole)
  std::string fund;              ///< a fund use: the id of the PlanFact it spends
  std::string section;           ///< where the plan states it
  std::string note;              ///< remarks, e.g. how a year was inferred
};

/// Title and provenance of a plan.
struct PlanInfo {
  std::string id;           ///< short id
  std::string name_zh;      ///< title
  std::string name_en;      ///< English title
  std::string issuer;       ///< issuing body and document number, e.g. 石政办函〔2022〕17号
  std::string published;    ///< publication date, ISO 8601
  std::string note;         ///< remarks
};

/// A tier-based plan.
///
/// Structural validation on construction, each failure naming what is wrong: the tier scheme
/// (TierScheme::validate()); phase ids unique (duplicate_error);
/// every tier label used by a phase, goal, observation or target is a tier of the plan
/// (unknown_id_error); one goal and one observation at most per (code, year) (duplicate_error);
/// targets finite; growth spans with from_year < to_year (plan_error); assumption and other-goal
/// ids unique (duplicate_error); every assumption id a tier names is an assumption of the plan,
/// and a goal's fund a fact of the plan (unknown_id_error).
/// validate(framework, regions) checks the references to other objects.
class Plan {
 public:
  Plan() = default;

  /// Builds and validates a plan.
  Plan(PlanInfo info, TierScheme tiers, std::vector<Phase> phases, std::vector<RegionTier> observed,
       std::vector<RegionTier> goals, std::vector<IndicatorTarget> indicator_targets,
       std::vector<GrowthTarget> growth_targets, std::vector<PlanFact> facts = {},
       std::vector<PlanAssumption> assumptions = {}, std::vector<PlanGoal> other_goals = {})
      : info_(std::move(info)),
        tiers_(std::move(tiers)),
        phases_(std::move(phases)),
        observed_(std::move(observed)),
        goals_(std::move(goals)),
        indicator_targets_(std::move(indicator_targets)),
        growth_targets_(std::move(growth_targets)),
        facts_(std::move(facts)),
        assumptions_(std::move(assumptions)),
        other_goals_(std::move(other_goals)) {
    check_structure();
  }

  /// Title and provenance.
  const PlanInfo& info() const noexcept { return info_; }
  /// The tier scheme, tiers best first (the bundled plan: A >= 80, B >= 60, the provincial rule
  /// as reported by the press, not stated in the plan: see its assumptions).
  const TierScheme& tiers() const noexcept { return tiers_; }
  /// Phases in the order given (the baseline first in the bundled plan).
  const std::vector<Phase>& phases() const noexcept { return phases_; }
  /// Observed tiers (evaluation results the plan reports).
  const std::vector<RegionTier>& observed() const noexcept { return observed_; }
  /// Per-region tier goals.
  const std::vector<RegionTier>& goals() const noexcept { return goals_; }
  /// Indicator level targets.
  const std::vector<IndicatorTarget>& indicator_targets() const noexcept { return indicator_targets_; }
  /// Growth targets.
  const std::vector<GrowthTarget>& growth_targets() const noexcept { return growth_targets_; }
  /// Other figures.
  const std::vector<PlanFact>& facts() const noexcept { return facts_; }
  /// What the plan's data assume without the plan stating it.
  const std::vector<PlanAssumption>& assumptions() const noexcept { return assumptions_; }
  /// Goals that are neither tier goals nor indicator targets.
  const std::vector<PlanGoal>& other_goals() const noexcept { return other_goals_; }
  /// The assumption with this id, or nullptr.
  const PlanAssumption* find_assumption(const std::string& id) const {
    for (const auto& a : assumptions_)
      if (a.id == id) return &a;
    return nullptr;
  }

  /// Position of a tier label (0 = best). @throws unknown_id_error naming the label.
  std::size_t tier_rank(const std::string& label) const { return tiers_.index_of(label); }

  /// The next goal of region `code`, which is in tier `tier` in evaluation year `year`: the
  /// region's goal with the earliest evaluation year >= `year` whose tier is better than `tier`
  /// (the goal a leap path aims at). When there is none (every goal reached, or the region has
  /// none), RegionTier{code, year, tier}: a leap path to it is empty.
  /// @throws unknown_id_error naming `tier` when it is not a tier of the plan.
  RegionTier next_goal(const std::string& code, const std::string& tier, int year) const;

  /// Checks the plan's references: every target's indicator is an indicator (or, for growth
  /// targets, a variable or indicator) of `fw`, and every goal's and observation's code (and every
  /// code an other goal names) is a region of `regions`.
  /// @throws unknown_id_error naming the unknown indicator, variable or code.
  void validate(const Framework& fw, const RegionSet& regions) const;

 private:
  void check_structure();

  PlanInfo info_;
  TierScheme tiers_;
  std::vector<Phase> phases_;
  std::vector<RegionTier> observed_;
  std::vector<RegionTier> goals_;
  std::vector<IndicatorTarget> indicator_targets_;
  std::vector<GrowthTarget> growth_targets_;
  std::vector<PlanFact> facts_;
  std::vector<PlanAssumption> assumptions_;
  std::vector<PlanGoal> other_goals_;
};

}  // namespace countyleap
