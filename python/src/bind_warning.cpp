// countyleap/warning.hpp -> judge_growth, early_warning and EarlyWarning (targets, tier goals,
// phases and the outlook of every evaluation year as columns; countyleap._plan_tools turns them
// into DataFrames).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

/// An EarlyWarning with the options and the tier labels that made it.
struct WarningResult {
  EarlyWarning warning;             ///< the result of early_warning()
  WarningOptions options;           ///< the options, base year filled in
  TierScheme scheme;                ///< the plan's tier scheme
};

py::dict target_columns(const WarningResult& r) {
  py::list region, indicator, kind, tier, recent, status, reason;
  std::vector<Eigen::Index> target_year, data_year;
  std::vector<double> target, min_rate, value, required, recent_growth;
  for (const TargetWarning& w : r.warning.targets) {
    region.append(w.region);
    indicator.append(w.indicator);
    kind.append(to_string(w.kind));
    tier.append(w.tier);
    recent.append(w.recent);
    status.append(to_string(w.status));
    reason.append(w.reason);
    target_year.push_back(w.target_year);
    data_year.push_back(w.data_year);
    target.push_back(w.target);
    min_rate.push_back(w.min_rate_pct);
    value.push_back(w.value);
    required.push_back(w.required_growth_pct);
    recent_growth.push_back(w.recent_growth_pct);
  }
  return py::dict("code"_a = region, "indicator"_a = indicator, "kind"_a = kind, "tier"_a = tier,
                  "target_year"_a = index_array(target_year), "target"_a = doubles(target),
                  "min_rate_pct"_a = doubles(min_rate), "data_year"_a = index_array(data_year), "value"_a = doubles(value),
                  "required_growth_pct"_a = doubles(required), "recent_growth_pct"_a = doubles(recent_growth),
                  "recent"_a = recent, "status"_a = status, "reason"_a = reason);
}

py::dict goal_columns(const WarningResult& r) {
  py::list region, goal, tier, basis, status, reason;
  std::vector<Eigen::Index> year;
  std::vector<bool> projected;
  std::vector<double> score, boundary, gap;
  for (const TierGoalWarning& w : r.warning.goals) {
    region.append(w.region);
    goal.append(w.goal);
    tier.append(w.tier);
    basis.append(w.basis);
    status.append(to_string(w.status));
    reason.append(w.reason);
    year.push_back(w.year);
    projected.push_back(w.projected);
    score.push_back(w.score);
    boundary.push_back(w.boundary);
    gap.push_back(w.gap);
  }
  return py::dict("code"_a = region, "year"_a = index_array(year), "goal"_a = goal, "tier"_a = tier,
                  "score"_a = doubles(score), "boundary"_a = doubles(boundary), "gap"_a = doubles(gap),
                  "projected"_a = projected, "basis"_a = basis, "status"_a = status, "reason"_a = reason);
}

py::dict phase_columns(const WarningResult& r) {
  py::list phase, basis, status, reason, behind, ahead, near;
  std::vector<Eigen::Index> year;
  std::vector<bool> projected;
  py::dict per_tier;  // "<field>_<label>" -> list
  const char* fields[] = {"target", "count", "target_at_least", "at_least", "within_reach"};
  for (const auto& t : r.scheme.tiers)
    for (const char* f : fields) per_tier[py::str(std::string(f) + "_" + t.label)] = py::list();
  for (const PhaseWarning& w : r.warning.phases) {
    phase.append(w.phase);
    basis.append(w.basis);
    status.append(to_string(w.status));
    reason.append(w.reason);
    behind.append(py::cast(w.behind));
    ahead.append(py::cast(w.ahead));
    near.append(py::cast(w.near));
    year.push_back(w.year);
    projected.push_back(w.projected);
    for (const auto& t : r.scheme.tiers) {
      const auto it = std::find_if(w.tiers.begin(), w.tiers.end(), [&](const TierCount& c) { return c.tier == t.label; });
      const bool known = it != w.tiers.end();
      const int values[] = {known ? it->target : 0, known ? it->count : 0, known ? it->target_at_least : 0,
                            known ? it->at_least : 0, known ? it->within_reach : 0};
      for (std::size_t f = 0; f < 5; ++f)
        per_tier[py::str(std::string(fields[f]) + "_" + t.label)].cast<py::list>().append(
            known ? py::object(py::int_(values[f])) : py::object(py::none()));
    }
  }
  return py::dict("phase"_a = phase, "year"_a = index_array(year), "projected"_a = projected, "basis"_a = basis,
                  "status"_a = status, "reason"_a = reason, "behind"_a = behind, "ahead"_a = ahead, "near"_a = near,
                  "tiers"_a = per_tier);
}

py::list outlook_columns(const WarningResult& r) {
  py::list out;
  for (const YearOutlook& y : r.warning.years) {
    py::dict columns = tier_columns(y.classification, y.scores.regions, r.scheme);
    out.append(py::dict("year"_a = y.year, "projected"_a = y.projected, "basis"_a = y.basis, "columns"_a = columns));
  }
  return out;
}

constexpr const char* early_warning_doc =
    "The early warning for a plan (监测预警): an outlook (observed or projected) for every evaluation year of the "
    "plan's goals and non-baseline phases from the panel's first year on, then the status of every target, tier "
    "goal and phase - on track / at risk / off track / no data - with the numbers that decided it.\n\n"
    "Rules (f = growth_factor, m = score_margin):\n\n"
    "- targets: with g_req the average annual growth still required (measure_gap) and g_rec the CAGR of the last "
    "k years: on track when the target is met or g_req <= g_rec; at risk when g_rec > 0 and g_req <= f x g_rec "
    "(required growth above the recent growth); off track otherwise (above f times the recent growth, or no "
    "recent growth at all). For lower-is-better indicators the same rules hold for the rates of decline. Growth "
    "targets: a span that has ended is on track when met, off track when not; each_year under way is off track "
    "as soon as one year fell short; average_annual under way is judged like a level target on the level the "
    "rate implies at the span's end.\n"
    "- tier goals: on track when the region's (projected) tier is its goal tier or better; at risk when it is "
    "worse but the (projected) score is at most m points below the goal tier's boundary; off track otherwise.\n"
    "- phases: on track when the (projected) tier counts reach the phase's counts, read cumulatively from the "
    "best tier (at least 12 in A, at least 21 in A or B); at risk when they would if every region within m points "
    "below the next boundary up were one tier higher; off track otherwise.\n\n"
    "A year whose data are observed (evaluation year <= the base year) is a result, not a forecast: on track "
    "(reached) or off track (missed), never at risk.\n\n"
    "Parameters\n----------\n"
    "panel : Panel\n    Raw variables; targeted indicators are derived from it.\n"
    "framework : Framework\nspec : PipelineSpec, dict, JSON text, path or None\nplan : Plan\n"
    "method, window, base_year, non_positive\n    The projection of scores to future evaluation years (see "
    "project()); `window` and `base_year` also define the recent growth g_rec: the CAGR over [base - k, base].\n"
    "growth_factor : float\n    f (>= 1), default 2.\n"
    "score_margin : float\n    m (>= 0), default 5 points.\n"
    "regions : RegionSet, optional\n\n"
    "Returns\n-------\nEarlyWarning\n    ``targets``, ``goals``, ``phases`` and ``outlooks`` as DataFrames, each row "
    "with the numbers that decided its status and the projection's method and inputs.";

}  // namespace

void bind_warning(py::module_& m) {
  m.def(
      "judge_growth",
      [](double required_pct, double recent_pct, Direction direction, double factor) {
        const Judgement j = judge_growth(required_pct, recent_pct, direction, factor);
        return py::make_tuple(to_string(j.status), j.reason);
      },
      "required_pct"_a, "recent_pct"_a, py::kw_only(), "direction"_a = Direction::higher_is_better, "factor"_a = 2.0,
      "The target rule on rates: required growth `required_pct` against recent growth `recent_pct`, percent a "
      "year, for a target not yet met. on_track when need <= have; at_risk when have > 0 and need <= factor x have; "
      "off_track otherwise - with need = g_req, have = g_rec for higher-is-better and the rates of decline for "
      "lower-is-better (direction -1). A NaN rate gives no_data.\n\n"
      "Returns\n-------\ntuple[str, str]\n    (status, reason), e.g. ('at_risk', 'recent growth 4 %/yr < required "
      "growth 6 %/yr <= 2 × recent').\n\n"
      "Raises\n------\nValidationError\n    factor < 1.");

  py::class_<WarningResult>(
      m, "EarlyWarning",
      "Everything the early warning says about a plan (early_warning()). DataFrame views (attached by "
      "countyleap._plan_tools): ``targets`` (every region against every indicator and growth target), ``goals`` "
      "(every tier goal), ``phases`` (every non-baseline phase, with target and counted tiers), ``outlooks`` (the "
      "scores and tiers of every evaluation year, observed or projected) and ``alerts`` (what is at risk or off "
      "track, all kinds in one table).")
      .def_property_readonly("method", [](const WarningResult& r) { return r.options.projection.method; },
                             "The projection method, 'cagr' or 'linear'.")
      .def_property_readonly("window", [](const WarningResult& r) { return r.options.projection.years; },
                             "k: years of recent data for projections and recent growth.")
      .def_property_readonly("base_year", [](const WarningResult& r) { return r.options.projection.base_year; },
                             "The latest data year used.")
      .def_property_readonly("non_positive", [](const WarningResult& r) { return r.options.projection.non_positive; },
                             "What a CAGR projection does when the rate is undefined.")
      .def_property_readonly("growth_factor", [](const WarningResult& r) { return r.options.growth_factor; }, "f.")
      .def_property_readonly("score_margin", [](const WarningResult& r) { return r.options.score_margin; }, "m.")
      .def_property_readonly("tier_labels",
                             [](const WarningResult& r) {
                               std::vector<std::string> out;
                               for (const auto& t : r.scheme.tiers) out.push_back(t.label);
                               return out;
                             },
                             "The plan's tier labels, best first.")
      .def_property_readonly("years",
                             [](const WarningResult& r) {
                               std::vector<int> out;
                               for (const auto& y : r.warning.years) out.push_back(y.year);
                               return out;
                             },
                             "The evaluation years with an outlook.")
      .def("_target_columns", &target_columns)
      .def("_goal_columns", &goal_columns)
      .def("_phase_columns", &phase_columns)
      .def("_outlook_columns", &outlook_columns)
      .def("__repr__", [](const WarningResult& r) {
        std::size_t alerts = 0;
        for (const auto& t : r.warning.targets) alerts += t.status == TrackStatus::at_risk || t.status == TrackStatus::off_track;
        return "<EarlyWarning, data up to " + std::to_string(r.options.projection.base_year) + ": " +
               std::to_string(r.warning.targets.size()) + " target checks (" + std::to_string(alerts) +
               " at risk or off track), " + std::to_string(r.warning.goals.size()) + " goals, " +
               std::to_string(r.warning.phases.size()) + " phases>";
      });

  m.def(
      "early_warning",
      [](const Panel& panel, const Framework& fw, py::object spec, const Plan& plan, ProjectionMethod method, int window,
         std::optional<int> base_year, NonPositive non_positive, double growth_factor, double score_margin,
         const RegionSet* regions) {
        const PipelineSpec s = spec_from(spec);
        WarningOptions options;
        options.projection = projection_options(method, window, base_year, non_positive);
        options.growth_factor = growth_factor;
        options.score_margin = score_margin;
        py::gil_scoped_release release;
        EarlyWarning w = early_warning(panel, fw, s, plan, options, regions);
        options.projection.base_year = base_year_of(panel, options.projection);
        return WarningResult{std::move(w), options, plan.tiers()};
      },
      "panel"_a, "framework"_a, "spec"_a, "plan"_a, py::kw_only(), "method"_a = ProjectionMethod::cagr, "window"_a = 3,
      "base_year"_a = py::none(), "non_positive"_a = NonPositive::linear, "growth_factor"_a = 2.0,
      "score_margin"_a = 5.0, "regions"_a = nullptr, early_warning_doc);
}

}  // namespace countyleap::python
