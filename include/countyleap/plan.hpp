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
};

/// A region's tier in an evaluation year: observed (a result) or a goal (a plan target).
struct RegionTier {
  std::string code;          ///< region code
  int evaluation_year = 0;   ///< data year
  std::string tier;          ///< tier label
  bool inferred = false;     ///< true when the plan implies it without stating it
  std::string note;          ///< remarks
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
/// targets finite; growth spans with from_year < to_year (plan_error).
/// validate(framework, regions) checks the references to other objects.
class Plan {
 public:
  Plan() = default;

  /// Builds and validates a plan.
  Plan(PlanInfo info, TierScheme tiers, std::vector<Phase> phases, std::vector<RegionTier> observed,
       std::vector<RegionTier> goals, std::vector<IndicatorTarget> indicator_targets,
       std::vector<GrowthTarget> growth_targets, std::vector<PlanFact> facts = {})
      : info_(std::move(info)),
        tiers_(std::move(tiers)),
        phases_(std::move(phases)),
        observed_(std::move(observed)),
        goals_(std::move(goals)),
        indicator_targets_(std::move(indicator_targets)),
        growth_targets_(std::move(growth_targets)),
        facts_(std::move(facts)) {
    check_structure();
  }

  /// Title and provenance.
  const PlanInfo& info() const noexcept { return info_; }
  /// The tier scheme, tiers best first (the bundled plan: Hebei's fixed cut-offs).
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

  /// Position of a tier label (0 = best). @throws unknown_id_error naming the label.
  std::size_t tier_rank(const std::string& label) const { return tiers_.index_of(label); }

  /// The next goal of region `code`, which is in tier `tier` in evaluation year `year`: the
  /// region's goal with the earliest evaluation year >= `year` whose tier is better than `tier`
  /// (the goal a leap path aims at). When there is none (every goal reached, or the region has
  /// none), RegionTier{code, year, tier}: a leap path to it is empty.
  /// @throws unknown_id_error naming `tier` when it is not a tier of the plan.
  RegionTier next_goal(const std::string& code, const std::string& tier, int year) const;

  /// Checks the plan's references: every target's indicator is an indicator (or, for growth
  /// targets, a variable or indicator) of `fw`, and every goal's and observation's code is a
  /// region of `regions`.
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
};

}  // namespace countyleap
