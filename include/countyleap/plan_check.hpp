#pragma once
/// @file plan_check.hpp
/// @brief The plan consistency check: do the per-region goals of each phase give the phase's
/// tier counts, and do the named moves from one phase to the next turn the previous counts into
/// the next ones? Every finding names the phase, the tier and the counties involved.

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"

namespace countyleap {

/// How serious a finding of check_plan() is: an error makes the plan inconsistent, a warning
/// points at something a reader should look at (a planned drop, a goal outside every phase).
enum class Severity { error, warning };

/// Spelling: "error", "warning".
inline const char* to_string(Severity s) { return s == Severity::error ? "error" : "warning"; }

/// Parses the spelling of to_string(Severity). @throws validation_error naming the text.
Severity severity_from_string(std::string_view s);

/// One finding of check_plan().
struct PlanFinding {
  Severity severity = Severity::error;  ///< error or warning
  std::string phase;                    ///< phase id; empty when the finding belongs to no phase
  std::string tier;                     ///< tier label; empty when the finding concerns no single tier
  std::vector<std::string> regions;     ///< codes of the regions involved, in the region set's order
  std::string message;  ///< self-contained text naming the phase, tier, counts and counties (code and name)
};

/// A region whose tier changes from one phase to the next (a named move of the plan, e.g.
/// 130104 桥西区 B → A in phase 1).
struct TierChange {
  std::string code;  ///< region code
  std::string from;  ///< tier in the previous phase (goal, or observed tier for a baseline)
  std::string to;    ///< tier goal in this phase
};

/// What check_plan() found for one phase.
struct PhaseCheck {
  std::string phase;        ///< phase id
  int evaluation_year = 0;  ///< the phase's evaluation year
  bool baseline = false;    ///< true when the tiers are the observed ones
  std::string previous;     ///< id of the phase before it in evaluation-year order; empty for the first
  std::map<std::string, int> stated;   ///< the phase's tier counts as the plan states them
  std::map<std::string, int> counted;  ///< in-scope regions per tier by goal (or observation), every tier listed
  /// Regions whose tier differs from the previous phase's, in the region set's order (empty for
  /// the first phase). Only regions with a tier in both phases are compared.
  std::vector<TierChange> moves;
};

/// The two tier rules search_assignments() applies when the plan lists them as assumptions.
/// `no_drop`: no region's tier is worse than in the previous phase. `unnamed_hold`: a region
/// whose tier the plan does not state for a phase keeps its previous tier.
inline constexpr const char* no_drop_rule = "no_drop";
/// See no_drop_rule.
inline constexpr const char* unnamed_hold_rule = "unnamed_hold";

/// True for the ids of the tier rules (no_drop_rule, unnamed_hold_rule).
inline bool is_tier_rule(std::string_view id) { return id == no_drop_rule || id == unnamed_hold_rule; }

/// One region's tier in one phase where an assignment differs from the plan's own.
struct TierDifference {
  std::string phase;        ///< phase id
  int evaluation_year = 0;  ///< the phase's evaluation year
  std::string code;         ///< region code
  std::string plan_tier;    ///< the plan's tier (observed for a baseline, else the goal); empty if none
  std::string tier;         ///< the tier in the other assignment
};

/// The result of search_assignments().
struct AssignmentSearch {
  std::vector<std::string> kept;     ///< tier rules applied (assumptions of the plan, not dropped)
  std::vector<std::string> dropped;  ///< tier rules dropped
  bool plan_fits = false;            ///< the plan's own tiers satisfy every constraint
  std::size_t found = 0;             ///< assignments other than the plan's own that fit
  bool complete = true;              ///< false when the search stopped at `max_found`
  /// The first `limit` other assignments, each as its differences from the plan's own tiers
  /// (in phase order, then the region set's order).
  std::vector<std::vector<TierDifference>> alternatives;
};

/// Every assignment of tiers to the in-scope regions, in every phase, that fits what the plan
/// states, with the plan's tier rules minus `dropped` in force.
///
/// The search is exhaustive over regions × phases × tiers (the bundled plan: 21 units, 4 phases,
/// 3 tiers), with branches cut as soon as a tier count is exceeded or can no longer be reached.
/// Stated, and therefore fixed: a region's tier in a phase when the plan's row for it is not
/// `inferred` (RegionTier::inferred); a row named `rise` also requires a worse tier in the
/// previous phase (跃升); every phase's tier counts (Phase::tier_counts, a missing tier counting
/// 0). Free: inferred rows and missing rows. The rules (PlanAssumption ids): `no_drop` — a tier
/// is never worse than the previous phase's; `unnamed_hold` — a free tier equals the previous
/// phase's. Phases are taken in evaluation-year order, the baseline's observed tiers first.
///
/// For the bundled plan, with every rule kept only the plan's own assignment fits; dropping
/// `no_drop` admits 27 others (the four 2020 B units are 深泽县, 晋州市 and any two of 桥西区, 赵县
/// and the six units of phase 1's C list, e.g. 桥西区 and 赵县 in C jumping to A while 行唐县 and
/// 灵寿县 fall from B to C); dropping `unnamed_hold` alone admits none.
/// @param plan  the plan: its rows, counts and tier rules (PlanAssumption ids).
/// @param regions  the units; only in-scope regions are assigned tiers.
/// @param dropped  tier rules to drop. @throws unknown_id_error for an id that is not an
///   assumption of the plan, plan_error for an assumption that is not a tier rule.
/// @param limit  how many other assignments to list.
/// @param max_found  stop after this many other assignments (AssignmentSearch::complete false).
AssignmentSearch search_assignments(const Plan& plan, const RegionSet& regions,
                                    const std::vector<std::string>& dropped = {}, std::size_t limit = 50,
                                    std::size_t max_found = 1000000);

/// How check_plan() used one of the plan's assumptions.
struct AssumptionUse {
  std::string id;          ///< PlanAssumption::id
  std::string statement;   ///< what is assumed
  std::string reason;      ///< why
  std::string applies_to;  ///< which data rest on it
  bool tier_rule = false;  ///< a rule of search_assignments() (no_drop, unnamed_hold)
  /// For a tier rule: the number of other assignments that fit when it alone is dropped
  /// (0: the plan's tiers do not need it, given the other rules).
  std::size_t alternatives = 0;
  bool complete = true;    ///< false when that search stopped at its cap
  std::size_t rows = 0;    ///< observed and goal rows that list it in RegionTier::assumptions
};

/// The result of check_plan(): findings, and per phase the counts and the moves (for a
/// bulletin's "named moves" table).
struct PlanCheck {
  std::vector<PlanFinding> findings;  ///< in the order found: plan-wide first, then phase by phase
  std::vector<PhaseCheck> phases;     ///< phases in evaluation-year order (ties in the plan's order)
  std::vector<AssumptionUse> assumptions;  ///< the plan's assumptions, in the plan's order

  /// True when no finding is an error (warnings allowed).
  bool consistent() const {
    return std::none_of(findings.begin(), findings.end(), [](const PlanFinding& f) { return f.severity == Severity::error; });
  }
  /// Number of findings of a severity.
  std::size_t count(Severity s) const {
    return static_cast<std::size_t>(
        std::count_if(findings.begin(), findings.end(), [s](const PlanFinding& f) { return f.severity == s; }));
  }
};

/// Checks that a plan agrees with itself: its phases' tier counts, its per-region goals and the
/// moves they imply. The tiers of a phase are its regions' goals for the phase's evaluation year
/// or, for a baseline phase, their observed tiers in that year. The units of the plan are the
/// in-scope regions of `regions` (Region::in_scope; the bundled set: the 21 units, 辛集市 out).
///
/// Rules, each finding naming the phase (id and evaluation year), the tier and the counties
/// (code and Chinese name):
/// 1. **Scope** (error): every goal, and every observation a baseline uses, names an in-scope
///    region — a code unknown to `regions` or out of scope is named with its year.
/// 2. **Coverage** (error): every in-scope region has a goal in every non-baseline phase and an
///    observed tier in every baseline phase; the regions without one are named. ("At most one"
///    is already enforced by the Plan constructor: one goal per (code, year).)
/// 3. **Sum** (error): a phase's tier counts sum to the number of in-scope regions. A tier
///    absent from a phase's tier_counts counts 0; a phase without any tier counts is reported as a
///    warning and rules 3, 4 and 6 are skipped for it.
/// 4. **Counts** (error): for every tier, the number of in-scope regions whose goal (observed
///    tier for a baseline) is that tier equals the phase's count for it — a mismatch gives both
///    numbers and names the regions with that goal.
/// 5. **Drops** (warning): a goal worse than the region's tier in the previous phase (a planned
///    drop) names the region, both tiers and both phases.
/// 6. **Moves** (error): the moves of a phase are the regions whose tier differs from the
///    previous phase's (previous in evaluation-year order). Applied to the previous phase's stated
///    counts — count(t) = previous(t) + moves into t − moves out of t — they must give this
///    phase's stated counts: that is the proof that the named moves produce the tier counts of
///    each phase. A mismatch names the moves into and out of the tier. Skipped when either phase
///    misses a region (rule 2 reports it) or states no counts.
/// 7. **Timing** (error): two phases of the same kind (baseline or not) with the same evaluation
///    year cannot be told apart by goals, which are keyed by year. (warning) A goal whose year is
///    the evaluation year of no non-baseline phase belongs to no phase.
///
/// 8. **Assumptions** (checked when rules 1–7 find no error): the plan's own tiers fit its stated
///    tiers, named rises and tier rules (search_assignments(); error when not); every inferred row is implied — no assignment that
///    fits the stated tiers, the counts and the rules the row lists (RegionTier::assumptions)
///    gives it another tier (warning naming the row and the other tier when one does). Each
///    assumption is listed in PlanCheck::assumptions; for a tier rule, with the number of
///    other assignments that fit when it alone is dropped.
///
/// Moves are reported in PhaseCheck::moves for every phase after the first. The bundled
/// Shijiazhuang plan passes: baseline A 8 B 4 C 9 → phase 1 (2021) 10/5/6 by 桥西区, 赵县 B→A and
/// 新乐市, 井陉县, 无极县 C→B → phase 2 (2022) 12/9/0 → phase 3 (2025) 15/6/0
/// (石政办函〔2022〕17号 §四, restated in shared/domain/shijiazhuang-plan.md).
PlanCheck check_plan(const Plan& plan, const RegionSet& regions);

}  // namespace countyleap
