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
    "the evaluation year of no non-baseline phase.\n\n"
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
      .def("__repr__", [](const PlanCheckResult& r) {
        return std::string("<PlanCheck: ") + (r.check.consistent() ? "consistent" : "inconsistent") + ", " +
               std::to_string(r.check.count(Severity::error)) + " errors, " +
               std::to_string(r.check.count(Severity::warning)) + " warnings, " +
               std::to_string(r.check.phases.size()) + " phases>";
      });

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
