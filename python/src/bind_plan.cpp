// countyleap/target.hpp and countyleap/plan.hpp -> IndicatorTarget, GrowthTarget, Phase,
// RegionTier, PlanFact, PlanInfo, Plan. (The tier scheme a plan carries: bind_tier.cpp.)

#include <optional>

#include "bindings.hpp"

namespace countyleap::python {

void bind_plan(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<IndicatorTarget>(m, "IndicatorTarget",
                              "\"Each county of tier `tier` reaches `value` of `indicator` in `year`\", e.g. the 2022 "
                              "targets of the Shijiazhuang plan (A: fiscal S&T expenditure 7000 万元, B: 4000 万元). "
                              "'Reached' means >= for higher-is-better indicators.")
      .def(py::init([](std::string indicator, std::string tier, int year, double value, std::string unit,
                       std::string section, std::string note) {
             return IndicatorTarget{std::move(indicator), std::move(tier), year, value, std::move(unit),
                                    std::move(section), std::move(note)};
           }),
           "indicator"_a, "tier"_a, "year"_a, "value"_a, py::kw_only(), "unit"_a = "", "section"_a = "", "note"_a = "")
      .def_readwrite("indicator", &IndicatorTarget::indicator, "Indicator id in the framework (scored or not).")
      .def_readwrite("tier", &IndicatorTarget::tier, "Tier label the target applies to, e.g. 'A'.")
      .def_readwrite("year", &IndicatorTarget::year, "Year the level is to be reached (data year).")
      .def_readwrite("value", &IndicatorTarget::value, "The level.")
      .def_readwrite("unit", &IndicatorTarget::unit, "Unit as the plan states it, e.g. 万元, %.")
      .def_readwrite("section", &IndicatorTarget::section, "Where the plan states it, e.g. '§4'.")
      .def_readwrite("note", &IndicatorTarget::note, "Remarks.")
      .def("__repr__", [](const IndicatorTarget& t) {
        return "IndicatorTarget(" + quoted(t.indicator) + ", " + quoted(t.tier) + ", " + std::to_string(t.year) + ", " +
               number(t.value) + (t.unit.empty() ? "" : ", unit=" + quoted(t.unit)) + ")";
      });

  py::class_<GrowthTarget>(m, "GrowthTarget",
                           "\"`variable` grows at least `min_rate_pct` percent a year\", e.g. local fiscal S&T "
                           "expenditure at least 30 % a year on average (§4).\n\n"
                           "rule : 'average_annual' (compound average annual growth over [from_year, to_year], "
                           "年均增速) or 'each_year' (year-on-year growth in every year of the span, 年增长).")
      .def(py::init([](std::string variable, double min_rate_pct, int from_year, int to_year, GrowthRule rule,
                       bool years_inferred, std::string section, std::string note) {
             return GrowthTarget{std::move(variable), min_rate_pct, rule, from_year, to_year, years_inferred,
                                 std::move(section), std::move(note)};
           }),
           "variable"_a, "min_rate_pct"_a, "from_year"_a, "to_year"_a, py::kw_only(),
           "rule"_a = GrowthRule::average_annual, "years_inferred"_a = false, "section"_a = "", "note"_a = "")
      .def_readwrite("variable", &GrowthTarget::variable, "Variable or indicator id.")
      .def_readwrite("min_rate_pct", &GrowthTarget::min_rate_pct, "Minimum growth in percent per year.")
      .def_readwrite("rule", &GrowthTarget::rule, "'average_annual' or 'each_year'.")
      .def_readwrite("from_year", &GrowthTarget::from_year, "Base year of the span.")
      .def_readwrite("to_year", &GrowthTarget::to_year, "Last year of the span.")
      .def_readwrite("years_inferred", &GrowthTarget::years_inferred, "True when the plan does not state the span.")
      .def_readwrite("section", &GrowthTarget::section, "Where the plan states it.")
      .def_readwrite("note", &GrowthTarget::note, "Remarks, e.g. how the span was inferred.")
      .def("__repr__", [](const GrowthTarget& g) {
        return "GrowthTarget(" + quoted(g.variable) + ", " + number(g.min_rate_pct) + ", " + std::to_string(g.from_year) +
               ", " + std::to_string(g.to_year) + ", rule=" + quoted(to_string(g.rule)) + ")";
      });

  py::class_<Phase>(m, "Phase",
                    "A phase of the plan: the evaluation year whose data decide it, the year the result is "
                    "published, and the tier counts aimed for (\"2021年度（2022年公布）\" is evaluation year 2021, "
                    "publication year 2022).")
      .def(py::init([](std::string id, int evaluation_year, int publication_year, std::map<std::string, int> tier_counts,
                       std::string name_zh, std::string name_en, bool publication_year_inferred, bool baseline,
                       std::string note) {
             return Phase{std::move(id),  std::move(name_zh),        std::move(name_en), evaluation_year,
                          publication_year, publication_year_inferred, std::move(tier_counts), baseline,
                          std::move(note)};
           }),
           "id"_a, "evaluation_year"_a, "publication_year"_a = 0, "tier_counts"_a = std::map<std::string, int>{},
           py::kw_only(), "name_zh"_a = "", "name_en"_a = "", "publication_year_inferred"_a = false,
           "baseline"_a = false, "note"_a = "")
      .def_readwrite("id", &Phase::id, "e.g. 'phase1'.")
      .def_readwrite("name_zh", &Phase::name_zh, "e.g. 挖潜增量.")
      .def_readwrite("name_en", &Phase::name_en, "e.g. Tap potential.")
      .def_readwrite("evaluation_year", &Phase::evaluation_year, "Data year evaluated, e.g. 2021.")
      .def_readwrite("publication_year", &Phase::publication_year, "Year the evaluation is published, e.g. 2022.")
      .def_readwrite("publication_year_inferred", &Phase::publication_year_inferred,
                     "True when the plan does not state the publication year.")
      .def_readwrite("tier_counts", &Phase::tier_counts, "Target count per tier label (a copy; assign a whole dict).")
      .def_readwrite("baseline", &Phase::baseline, "True for the observed starting point rather than a target.")
      .def_readwrite("note", &Phase::note, "Remarks.")
      .def("__repr__", [](const Phase& p) {
        std::string counts;
        for (const auto& [label, n] : p.tier_counts) counts += (counts.empty() ? "" : ", ") + quoted(label) + ": " + std::to_string(n);
        return "Phase(" + quoted(p.id) + ", " + std::to_string(p.evaluation_year) + ", " +
               std::to_string(p.publication_year) + ", {" + counts + "}" + (p.baseline ? ", baseline=True" : "") + ")";
      });

  py::class_<RegionTier>(m, "RegionTier",
                         "A region's tier in an evaluation year: observed (a result) or a goal (a plan target).")
      .def(py::init([](std::string code, int evaluation_year, std::string tier, bool inferred, std::string note) {
             return RegionTier{std::move(code), evaluation_year, std::move(tier), inferred, std::move(note)};
           }),
           "code"_a, "evaluation_year"_a, "tier"_a, py::kw_only(), "inferred"_a = false, "note"_a = "")
      .def_readwrite("code", &RegionTier::code, "Region code.")
      .def_readwrite("evaluation_year", &RegionTier::evaluation_year, "Data year.")
      .def_readwrite("tier", &RegionTier::tier, "Tier label.")
      .def_readwrite("inferred", &RegionTier::inferred, "True when the plan implies it without stating it.")
      .def_readwrite("note", &RegionTier::note, "Remarks.")
      .def("__repr__", [](const RegionTier& g) {
        return "RegionTier(" + quoted(g.code) + ", " + std::to_string(g.evaluation_year) + ", " + quoted(g.tier) +
               (g.inferred ? ", inferred=True" : "") + ")";
      });

  py::class_<PlanFact>(m, "PlanFact",
                       "A figure of the plan that is neither a target nor a goal, e.g. the special fund of 1,500 万元 "
                       "a year (§六(二)). from_year/to_year 0 = not stated.")
      .def(py::init([](std::string id, double value, std::string unit, int from_year, int to_year, std::string section,
                       std::string note) {
             return PlanFact{std::move(id), value, std::move(unit), from_year, to_year, std::move(section), std::move(note)};
           }),
           "id"_a, "value"_a, py::kw_only(), "unit"_a = "", "from_year"_a = 0, "to_year"_a = 0, "section"_a = "",
           "note"_a = "")
      .def_readwrite("id", &PlanFact::id, "e.g. 'special_fund'.")
      .def_readwrite("value", &PlanFact::value, "The figure.")
      .def_readwrite("unit", &PlanFact::unit, "e.g. 万元/year.")
      .def_readwrite("from_year", &PlanFact::from_year, "First year it applies to (0: not stated).")
      .def_readwrite("to_year", &PlanFact::to_year, "Last year it applies to (0: not stated).")
      .def_readwrite("section", &PlanFact::section, "Where the plan states it.")
      .def_readwrite("note", &PlanFact::note, "Remarks.")
      .def("__repr__", [](const PlanFact& f) {
        return "PlanFact(" + quoted(f.id) + ", " + number(f.value) + (f.unit.empty() ? "" : ", unit=" + quoted(f.unit)) + ")";
      });

  py::class_<PlanInfo>(m, "PlanInfo", "Title and provenance of a plan.")
      .def(py::init([](std::string id, std::string name_zh, std::string name_en, std::string issuer,
                       std::string published, std::string note) {
             return PlanInfo{std::move(id), std::move(name_zh), std::move(name_en), std::move(issuer),
                             std::move(published), std::move(note)};
           }),
           py::kw_only(), "id"_a = "", "name_zh"_a = "", "name_en"_a = "", "issuer"_a = "", "published"_a = "",
           "note"_a = "")
      .def_readwrite("id", &PlanInfo::id, "Short id.")
      .def_readwrite("name_zh", &PlanInfo::name_zh, "Title.")
      .def_readwrite("name_en", &PlanInfo::name_en, "English title.")
      .def_readwrite("issuer", &PlanInfo::issuer, "Issuing body and document number, e.g. 石政办函〔2022〕17号.")
      .def_readwrite("published", &PlanInfo::published, "Publication date, ISO 8601.")
      .def_readwrite("note", &PlanInfo::note, "Remarks.")
      .def("__repr__", [](const PlanInfo& i) {
        return "PlanInfo(id=" + quoted(i.id) + ", name_zh=" + quoted(i.name_zh) + ")";
      });

  py::class_<Plan>(
      m, "Plan",
      "A tier-based plan: a tier scheme, phases with evaluation and publication years, tier-count "
      "targets, per-region tier goals, observed tiers, indicator and growth targets.\n\n"
      "Structural validation on construction: the tier scheme (TierScheme.validate, ValidationError naming the "
      "tier); phase ids unique (DuplicateError); every tier label used by a phase, goal, observation or "
      "target is a tier of the plan (UnknownIdError); one goal and one observation at most per (code, year) "
      "(DuplicateError); targets finite; growth spans with from_year < to_year (PlanError). validate(framework, "
      "regions) checks the references to other objects.\n\n"
      "The objects are in the properties tiers, phases, observed, goals, indicator_target_list, "
      "growth_target_list and facts; the DataFrame views are tier_counts(), region_goals(), observed_tiers(), "
      "indicator_targets(), growth_targets() and phases_frame().")
      .def(py::init<>())
      .def(py::init([](TierScheme tiers, std::vector<Phase> phases, std::vector<RegionTier> observed,
                       std::vector<RegionTier> goals, std::vector<IndicatorTarget> indicator_targets,
                       std::vector<GrowthTarget> growth_targets, std::vector<PlanFact> facts,
                       std::optional<PlanInfo> info) {
             return Plan(info.value_or(PlanInfo{}), std::move(tiers), std::move(phases), std::move(observed),
                         std::move(goals), std::move(indicator_targets), std::move(growth_targets), std::move(facts));
           }),
           "tiers"_a, "phases"_a = std::vector<Phase>{}, "observed"_a = std::vector<RegionTier>{},
           "goals"_a = std::vector<RegionTier>{}, "indicator_targets"_a = std::vector<IndicatorTarget>{},
           "growth_targets"_a = std::vector<GrowthTarget>{}, "facts"_a = std::vector<PlanFact>{}, py::kw_only(),
           "info"_a = py::none())
      .def_property_readonly("info", &Plan::info, copied, "Title and provenance (a copy).")
      .def_property_readonly("tiers", &Plan::tiers, copied,
                             "The tier scheme (a copy), tiers best first; the bundled plan uses Hebei's fixed cut-offs.")
      .def_property_readonly(
          "tier_labels",
          [](const Plan& p) {
            std::vector<std::string> out;
            for (const auto& t : p.tiers().tiers) out.push_back(t.label);
            return out;
          },
          "Tier labels, best first.")
      .def_property_readonly("phases", &Plan::phases, copied, "Phases in the order given (copies).")
      .def_property_readonly("observed", &Plan::observed, copied, "Observed tiers (copies).")
      .def_property_readonly("goals", &Plan::goals, copied, "Per-region tier goals (copies).")
      .def_property_readonly("indicator_target_list", &Plan::indicator_targets, copied,
                             "Indicator level targets (copies); indicator_targets() is the DataFrame view.")
      .def_property_readonly("growth_target_list", &Plan::growth_targets, copied,
                             "Growth targets (copies); growth_targets() is the DataFrame view.")
      .def_property_readonly("facts", &Plan::facts, copied, "Other figures (copies).")
      .def("tier_rank", &Plan::tier_rank, "label"_a, "Position of a tier label (0 = best). Raises UnknownIdError.")
      .def(
          "next_goal",
          [](const Plan& p, const std::string& code, const std::string& tier, int year) {
            const RegionTier g = p.next_goal(code, tier, year);
            return std::make_pair(g.evaluation_year, g.tier);
          },
          "code"_a, "tier"_a, "year"_a,
          "The next goal of region `code`, in tier `tier` in `year`: (evaluation year, tier label) of its goal "
          "with the earliest evaluation year >= `year` whose tier is better than `tier`; (`year`, `tier`) when "
          "there is none. Raises UnknownIdError for an unknown tier.")
      .def("validate", &Plan::validate, "framework"_a, "regions"_a,
           "Checks the plan's references: every target's indicator is an indicator of `framework` (growth "
           "targets: a variable or indicator), and every goal's and observation's code is a region of "
           "`regions`. Raises UnknownIdError naming the unknown id.")
      .def("__repr__", [](const Plan& p) {
        const std::string title = p.info().name_zh.empty() ? p.info().id : p.info().name_zh;
        return "<Plan" + (title.empty() ? std::string() : " " + quoted(title)) + ": " + std::to_string(p.tiers().tiers.size()) +
               " tiers, " + std::to_string(p.phases().size()) + " phases, " + std::to_string(p.goals().size()) +
               " goals, " + std::to_string(p.indicator_targets().size()) + " indicator targets, " +
               std::to_string(p.growth_targets().size()) + " growth targets>";
      });
}

}  // namespace countyleap::python
