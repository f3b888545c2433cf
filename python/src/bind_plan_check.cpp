// countyleap/plan_check.hpp -> check_plan and PlanCheck (findings, per-phase counts and moves as
// columns; countyleap._plan_tools turns them into DataFrames).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

/// A PlanCheck with the names of the regions it mentions and the plan's tier labels, so that its
/// tables can be read without the region set.
struct PlanCheckResult {
  PlanCheck check;                  ///< the result of check_plan()
  RegionSet regions;                ///< the region set the plan was checked against
  std::vector<std::string> labels;  ///< the plan's tier labels, best first
};

std::string name_of(const RegionSet& regions, const std::string& code, bool chinese) {
  const auto i = regions.find(code);
  if (!i) return "";
  return chinese ? regions[*i].name_zh : regions[*i].name_en;
}

py::dict findings_columns(const PlanCheckResult& r) {
  py::list severity, phase, tier, codes, message;
  for (const PlanFinding& f : r.check.findings) {
    severity.append(to_string(f.severity));
    phase.append(f.phase);
    tier.append(f.tier);
    codes.append(py::cast(f.regions));
    message.append(f.message);
  }
  return py::dict("severity"_a = severity, "phase"_a = phase, "tier"_a = tier, "regions"_a = codes,
                  "message"_a = message);
}

py::dict phases_columns(const PlanCheckResult& r) {
  py::list phase, year, baseline, previous, moves;
  py::dict stated, counted;
  for (const auto& label : r.labels) {
    stated[py::str(label)] = py::list();
    counted[py::str(label)] = py::list();
  }
  for (const PhaseCheck& p : r.check.phases) {
    phase.append(p.phase);
    year.append(p.evaluation_year);
    baseline.append(p.baseline);
    previous.append(p.previous);
    moves.append(p.moves.size());
    for (const auto& label : r.labels) {
      const auto s = p.stated.find(label);
      const auto c = p.counted.find(label);
      stated[py::str(label)].cast<py::list>().append(s == p.stated.end() ? py::object(py::none()) : py::int_(s->second));
      counted[py::str(label)].cast<py::list>().append(c == p.counted.end() ? 0 : c->second);
    }
  }
  return py::dict("phase"_a = phase, "evaluation_year"_a = year, "baseline"_a = baseline, "previous"_a = previous,
                  "n_moves"_a = moves, "stated"_a = stated, "counted"_a = counted);
}

py::dict moves_columns(const PlanCheckResult& r) {
  py::list phase, year, previous, code, name_zh, name_en, from, to, direction;
  for (const PhaseCheck& p : r.check.phases)
    for (const TierChange& m : p.moves) {
      phase.append(p.phase);
      year.append(p.evaluation_year);
      previous.append(p.previous);
      code.append(m.code);
      name_zh.append(name_of(r.regions, m.code, true));
      name_en.append(name_of(r.regions, m.code, false));
      from.append(m.from);
      to.append(m.to);
      const auto rank = [&](const std::string& label) {
        return std::find(r.labels.begin(), r.labels.end(), label) - r.labels.begin();
      };
      direction.append(rank(m.to) < rank(m.from) ? "up" : "down");
    }
  return py::dict("phase"_a = phase, "evaluation_year"_a = year, "previous"_a = previous, "code"_a = code,
                  "name_zh"_a = name_zh, "name_en"_a = name_en, "from_tier"_a = from, "to_tier"_a = to,
                  "direction"_a = direction);
}

py::dict assumptions_columns(const PlanCheckResult& r) {
  py::list id, statement, reason, applies_to, tier_rule, alternatives, complete, rows;
  for (const AssumptionUse& a : r.check.assumptions) {
    id.append(a.id);
    statement.append(a.statement);
    reason.append(a.reason);
    applies_to.append(a.applies_to);
    tier_rule.append(a.tier_rule);
    alternatives.append(a.tier_rule ? py::object(py::int_(a.alternatives)) : py::object(py::none()));
    complete.append(a.complete);
    rows.append(a.rows);
  }
  return py::dict("id"_a = id, "statement"_a = statement, "reason"_a = reason, "applies_to"_a = applies_to,
                  "tier_rule"_a = tier_rule, "alternatives"_a = alternatives, "complete"_a = complete, "rows"_a = rows);
}

/// A search_assignments() result with the region set, for names.
struct SearchResult {
  AssignmentSearch search;
  RegionSet regions;
};

py::dict alternatives_columns(const SearchResult& r) {
  py::list alternative, phase, year, code, name_zh, plan_tier, tier;
  for (std::size_t i = 0; i < r.search.alternatives.size(); ++i)
    for (const TierDifference& d : r.search.alternatives[i]) {
      alternative.append(i + 1);
      phase.append(d.phase);
      year.append(d.evaluation_year);
      code.append(d.code);
      name_zh.append(name_of(r.regions, d.code, true));
      plan_tier.append(d.plan_tier);
      tier.append(d.tier);
    }
  return py::dict("alternative"_a = alternative, "phase"_a = phase, "evaluation_year"_a = year, "code"_a = code,
                  "name_zh"_a = name_zh, "plan_tier"_a = plan_tier, "tier"_a = tier);
}

constexpr const char* check_plan_doc =
    "Checks that a plan agrees with itself: its phases' tier counts, its per-region goals and the moves they "
    "imply.\n\n"
    "The tiers of a phase are its regions' goals for the phase's evaluation year or, for a baseline phase, their "
    "observed tiers in that year. The units of the plan are the in-scope regions of `regions` (Region.in_scope; "
    "the bundled set: the 21 units, 辛集市 out).\n\n"
    "Rules, each finding naming the phase (id and evaluation year), the tier and the counties (code and Chinese "
    "name):\n\n"
    "1. Scope (error): every goal, and every observation a baseline uses, names an in-scope region.\n"
    "2. Coverage (error): every in-scope region has a goal in every non-baseline phase and an observed tier in "
    "every baseline phase.\n"
    "3. Sum (error): a phase's tier counts sum to the number of in-scope regions (a phase without counts is a "
    "warning, and rules 3, 4 and 6 are skipped for it).\n"
    "4. Counts (error): for every tier, the number of in-scope regions whose goal (observed tier for a baseline) "
    "is that tier equals the phase's count.\n"
    "5. Drops (warning): a goal worse than the region's tier in the previous phase.\n"
    "6. Moves (error): the moves of a phase are the regions whose tier differs from the previous phase's; applied "
    "to the previous phase's stated counts - count(t) = previous(t) + moves into t - moves out of t - they must "
    "give this phase's stated counts: the proof that the named moves produce the tier counts of each phase.\n"
    "7. Timing (error): two phases of the same kind with the same evaluation year; (warning) a goal whose year is "
    "the evaluation year of no non-baseline phase.\n"
    "8. Assumptions: the plan's own tiers fit its stated tiers, named rises and tier rules (error when not); every "
    "inferred row is implied by the stated tiers, the counts and the assumptions it lists (warning naming the other "
    "tier when not). ``assumptions`` lists each assumption, for a tier rule with the number of other assignments "
    "that fit when it alone is dropped.\n\n"
    "Parameters\n----------\n"
    "plan : Plan\n"
    "regions : RegionSet\n    The units; only in-scope regions count.\n\n"
    "Returns\n-------\nPlanCheck\n    ``consistent`` (no error), ``findings``, ``phases`` (stated and counted tier "
    "counts per phase) and ``moves`` (the named moves per phase) as DataFrames.";

}  // namespace

void bind_plan_check(py::module_& m) {
  py::class_<PlanCheckResult>(
      m, "PlanCheck",
      "The result of check_plan(): findings, and per phase the counts and the moves.\n\n"
      "``consistent`` is True when no finding is an error (warnings allowed). The DataFrame views (attached by "
      "countyleap._plan_tools): ``findings`` (severity, phase, tier, regions, message), ``phases`` (phase, "
      "evaluation_year, baseline, previous, n_moves, then stated_<tier> and counted_<tier> per tier) and "
      "``moves`` (phase, evaluation_year, previous, code, name_zh, name_en, from_tier, to_tier, direction).")
      .def_property_readonly("consistent", [](const PlanCheckResult& r) { return r.check.consistent(); },
                             "True when no finding is an error (warnings allowed).")
      .def(
          "count", [](const PlanCheckResult& r, Severity s) { return r.check.count(s); }, "severity"_a,
          "Number of findings of a severity ('error' or 'warning').")
      .def_property_readonly("tier_labels", [](const PlanCheckResult& r) { return r.labels; },
                             "The plan's tier labels, best first.")
      .def("_findings_columns", &findings_columns)
      .def("_phases_columns", &phases_columns)
      .def("_moves_columns", &moves_columns)
      .def("_assumptions_columns", &assumptions_columns)
      .def("__repr__", [](const PlanCheckResult& r) {
        return std::string("<PlanCheck: ") + (r.check.consistent() ? "consistent" : "inconsistent") + ", " +
               std::to_string(r.check.count(Severity::error)) + " errors, " +
               std::to_string(r.check.count(Severity::warning)) + " warnings, " +
               std::to_string(r.check.phases.size()) + " phases>";
      });

  py::class_<SearchResult>(m, "AssignmentSearch",
                           "The result of search_assignments(): the tier rules kept and dropped, whether the plan's own "
                           "tiers fit, how many other assignments fit (``found``; ``complete`` False when the search "
                           "stopped at its cap) and the first ones listed, each as its differences from the plan's "
                           "tiers (``alternatives``, a DataFrame: alternative, phase, evaluation_year, code, name_zh, "
                           "plan_tier, tier).")
      .def_property_readonly("kept", [](const SearchResult& r) { return r.search.kept; }, "Tier rules applied.")
      .def_property_readonly("dropped", [](const SearchResult& r) { return r.search.dropped; }, "Tier rules dropped.")
      .def_property_readonly("plan_fits", [](const SearchResult& r) { return r.search.plan_fits; },
                             "True when the plan's own tiers satisfy every constraint.")
      .def_property_readonly("found", [](const SearchResult& r) { return r.search.found; },
                             "Assignments other than the plan's own that fit.")
      .def_property_readonly("complete", [](const SearchResult& r) { return r.search.complete; },
                             "False when the search stopped at max_found.")
      .def("_alternatives_columns", &alternatives_columns)
      .def("__repr__", [](const SearchResult& r) {
        return "<AssignmentSearch: " + std::to_string(r.search.found) + (r.search.complete ? "" : "+") +
               " other assignment(s)>";
      });

  m.def(
      "search_assignments",
      [](const Plan& plan, const RegionSet& regions, const std::vector<std::string>& dropped, std::size_t limit,
         std::size_t max_found) {
        return SearchResult{search_assignments(plan, regions, dropped, limit, max_found), regions};
      },
      "plan"_a, "regions"_a, "dropped"_a = std::vector<std::string>{}, py::kw_only(), "limit"_a = 50,
      "max_found"_a = 1000000,
      "Every assignment of tiers to the in-scope regions, in every phase, that fits what the plan states, with the "
      "plan's tier rules ('no_drop', 'unnamed_hold') minus `dropped` in force. Stated (fixed): rows not marked "
      "inferred, a 'rise' also needing a worse tier the phase before, and every phase's tier counts. The search is "
      "exhaustive (regions x phases x tiers) with branches cut when a count is exceeded or out of reach. Raises "
      "UnknownIdError for a dropped id the plan does not list, PlanError for one that is not a tier rule.");

  m.def(
      "check_plan",
      [](const Plan& plan, const RegionSet& regions) {
        std::vector<std::string> labels;
        for (const auto& t : plan.tiers().tiers) labels.push_back(t.label);
        return PlanCheckResult{check_plan(plan, regions), regions, std::move(labels)};
      },
      "plan"_a, "regions"_a, check_plan_doc);
}

}  // namespace countyleap::python
