// countyleap/leap.hpp -> leap_path and LeapPath (the changes as columns; countyleap._plan_tools
// adds the DataFrame view).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

py::dict change_columns(const LeapPath& p) {
  py::list indicator, unit;
  std::vector<double> current, new_value, change, change_pct, bound, points;
  std::vector<bool> at_bound, saturated;
  for (const LeapChange& c : p.changes) {
    indicator.append(c.indicator);
    unit.append(c.unit);
    current.push_back(c.current);
    new_value.push_back(c.new_value);
    change.push_back(c.change);
    change_pct.push_back(c.change_pct);
    bound.push_back(c.bound);
    points.push_back(c.points);
    at_bound.push_back(c.at_bound);
    saturated.push_back(c.saturated);
  }
  const auto doubles = [](const std::vector<double>& v) { return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data()); };
  return py::dict("indicator"_a = indicator, "unit"_a = unit, "current"_a = doubles(current),
                  "new_value"_a = doubles(new_value), "change"_a = doubles(change), "change_pct"_a = doubles(change_pct),
                  "bound"_a = doubles(bound), "points"_a = doubles(points), "at_bound"_a = at_bound,
                  "saturated"_a = saturated);
}

constexpr const char* leap_doc =
    "The leap path (跃升路径): the least change of region `code`'s indicators that lifts its composite score in "
    "`year` over the lower boundary of tier `goal`, under per-indicator bounds on growth.\n\n"
    "What moves: the framework's leaf indicators, each in its own units, independently of one another (a ratio "
    "indicator is moved as a ratio). Indicators that cannot move are listed in ``held`` with the reason.\n\n"
    "Bounds: over n years an indicator may grow at most by f^n (f = max_factor_per_year, 2 by default: no "
    "indicator more than doubles in a year) from its value in the base year, and never beyond its valid range; a "
    "lower-is-better indicator may fall at most to 1/f^n of it. n is `years`, by default the evaluation year - "
    "base year for a projected year and 1 for an observed one.\n\n"
    "Least change: the effort is the total relative change sum_j |d_j| / x_j.\n\n"
    "Exact case (fixed-bound normalisation such as ratio_to_standard or goalposts, weighted arithmetic "
    "aggregation, weights that do not depend on the data, no treatment or denomination of a movable indicator): "
    "the score is S_0 + sum_j c_j a_j min(d_j, s_j) and the problem is the continuous knapsack: minimise sum y_j "
    "subject to sum rho_j y_j >= D, 0 <= y_j <= u_j, with y_j = d_j / x_j, rho_j = c_j a_j x_j the points per unit "
    "of relative change and D = boundary - S_0; taking the indicators in decreasing rho_j, each up to its limit, "
    "the last only as far as needed, is optimal (Dantzig 1957). Otherwise a step-wise greedy on evaluate() with "
    "no optimality bound. The new score is always re-computed with evaluate().\n\n"
    "Parameters\n----------\n"
    "panel : Panel\n    Raw variables.\nframework : Framework\nspec : PipelineSpec, dict, JSON text, path or None\n"
    "scheme : TierScheme\n    Must be 'fixed' (other rules move their boundaries with the scores).\n"
    "code : str\n    The region.\ngoal : str\n    The goal tier label.\n"
    "year : int, optional\n    The evaluation year; None = the base year. A later year starts from the projection.\n"
    "max_factor_per_year : float\n    f (>= 1).\n"
    "factor_per_year : dict[str, float], optional\n    Per-indicator f; 1 holds an indicator.\n"
    "years : int, optional\n    n, the years the change may take (see Bounds).\n"
    "method, window, base_year, non_positive\n    The projection to an evaluation year after the base year (see "
    "project()).\n"
    "solver : {'automatic', 'greedy'}\n    The exact programme where it applies, or always the greedy.\n"
    "steps : int\n    Greedy: steps from an indicator's value to its bound.\n"
    "overshoot : float\n    Points aimed above the boundary so that rounding cannot leave the new score a hair below.\n"
    "regions : RegionSet, optional\n\n"
    "Returns\n-------\nLeapPath\n    Scalars (score, new_score, tier, new_tier, feasible, shortfall, exact, method, "
    "basis, ...), ``held`` and ``changes`` (a DataFrame: indicator, unit, current, new_value, change, change_pct, "
    "bound, points, at_bound, saturated; in the order taken).\n\n"
    "Raises\n------\nValidationError\n    A scheme that is not fixed, a factor < 1, steps < 1, years < 0, "
    "overshoot < 0.\nUnknownIdError\n    An unknown region (or one screened out), tier or indicator in "
    "factor_per_year.";

}  // namespace

void bind_leap(py::module_& m) {
  py::class_<LeapPath>(m, "LeapPath",
                       "The result of leap_path(): the least change of a region's indicators that lifts it into its "
                       "goal tier, with the score before and after (re-computed with evaluate()). ``changes`` (a "
                       "DataFrame, attached by countyleap._plan_tools) lists the indicators that change, in their "
                       "own units.")
      .def_readonly("region", &LeapPath::region, "Region code.")
      .def_readonly("year", &LeapPath::year, "Evaluation year.")
      .def_readonly("goal", &LeapPath::goal, "Goal tier label.")
      .def_readonly("boundary", &LeapPath::boundary, "The goal tier's lower boundary (score units).")
      .def_readonly("projected", &LeapPath::projected, "True when the starting point is a projection.")
      .def_readonly("basis", &LeapPath::basis, "'observed 2022' or 'projected to 2025 from 2019–2022 (cagr, k = 3)'.")
      .def_readonly("years", &LeapPath::years, "n, the years the change may take.")
      .def_readonly("score", &LeapPath::score, "The composite score before.")
      .def_readonly("tier", &LeapPath::tier, "The tier before.")
      .def_readonly("new_score", &LeapPath::new_score, "The composite score after, from evaluate().")
      .def_readonly("new_tier", &LeapPath::new_tier, "The tier after.")
      .def_readonly("feasible", &LeapPath::feasible, "True when the bounds allow reaching the boundary (and the new score does).")
      .def_readonly("shortfall", &LeapPath::shortfall, "When infeasible: boundary - the best score reached; 0 otherwise.")
      .def_readonly("exact", &LeapPath::exact, "True for the exact linear-programme solution.")
      .def_readonly("method", &LeapPath::method, "How it was solved and, for the greedy, why the exact method does not apply.")
      .def_readonly("total_relative_change", &LeapPath::total_relative_change, "The objective sum_j |d_j| / x_j.")
      .def_readonly("held", &LeapPath::held, "Indicators that cannot move, 'id: reason'.")
      .def("_change_columns", &change_columns)
      .def("__repr__", [](const LeapPath& p) {
        return "<LeapPath " + p.region + " " + std::to_string(p.year) + " to " + p.goal + ": " + number(p.score) + " (" +
               p.tier + ") -> " + number(p.new_score) + " (" + p.new_tier + "), " + std::to_string(p.changes.size()) +
               " changes" + (p.feasible ? "" : ", infeasible") + ">";
      });

  m.def(
      "leap_path",
      [](const Panel& panel, const Framework& fw, py::object spec, const TierScheme& scheme, std::string code,
         std::string goal, std::optional<int> year, double max_factor_per_year,
         std::map<std::string, double> factor_per_year, std::optional<int> years, ProjectionMethod method, int window,
         std::optional<int> base_year, NonPositive non_positive, LeapSolver solver, int steps, double overshoot,
         const RegionSet* regions) {
        const PipelineSpec s = spec_from(spec);
        LeapOptions options;
        options.max_factor_per_year = max_factor_per_year;
        options.factor_per_year = std::move(factor_per_year);
        options.years = years.value_or(0);
        options.projection = projection_options(method, window, base_year, non_positive);
        options.solver = solver;
        options.steps = steps;
        options.overshoot = overshoot;
        py::gil_scoped_release release;
        return leap_path(panel, fw, s, scheme, code, goal, year.value_or(0), options, regions);
      },
      "panel"_a, "framework"_a, "spec"_a, "scheme"_a, "code"_a, "goal"_a, py::kw_only(), "year"_a = py::none(),
      "max_factor_per_year"_a = 2.0, "factor_per_year"_a = std::map<std::string, double>{}, "years"_a = py::none(),
      "method"_a = ProjectionMethod::cagr, "window"_a = 3, "base_year"_a = py::none(),
      "non_positive"_a = NonPositive::linear, "solver"_a = LeapSolver::automatic, "steps"_a = 20, "overshoot"_a = 1e-6,
      "regions"_a = nullptr, leap_doc);
}

}  // namespace countyleap::python
