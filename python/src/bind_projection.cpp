// countyleap/projection.hpp -> project, Projection (the projected panel and a record per series),
// evaluate_projected and ProjectedEvaluation; and tier_columns, the classification columns shared
// with the warning results.

#include "bindings.hpp"

namespace countyleap::python {

using namespace pybind11::literals;

py::dict tier_columns(const Classification& c, const std::vector<std::string>& codes, const TierScheme& scheme) {
  const std::size_t n = c.regions.size();
  py::list tier;
  std::vector<Eigen::Index> index;
  std::vector<double> score(n), up(n), down(n);
  for (std::size_t i = 0; i < n; ++i) {
    const TierAssignment& a = c.regions[i];
    tier.append(scheme.tiers[a.tier].label);
    index.push_back(static_cast<Eigen::Index>(a.tier));
    score[i] = a.score;
    up[i] = a.margin_up;
    down[i] = a.margin_down;
  }
  const auto doubles = [](const std::vector<double>& v) { return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data()); };
  return py::dict("code"_a = codes, "score"_a = doubles(score), "tier"_a = tier, "tier_index"_a = index_array(index),
                  "margin_up"_a = doubles(up), "margin_down"_a = doubles(down));
}

namespace {

/// A Projection and the sentence that says how it was made (projection_basis()).
struct ProjectionResult {
  Projection projection;  ///< the projected panel and the series records
  std::string basis;      ///< "projected to 2025 from 2019–2022 (cagr, k = 3)"
};

/// evaluate_projected()'s result, with the scheme and labels Python needs.
struct ProjectedResult {
  ProjectionResult projection;    ///< the projection
  ScoresResult scores;            ///< evaluate() on the projected panel in the target year
  Classification classification;  ///< classify_composite() of the scores
  TierScheme scheme;              ///< the scheme classified with
};

ProjectionResult make_projection(const Panel& panel, int target_year, const ProjectionOptions& options,
                                 const Framework* fw) {
  ProjectionResult r{project(panel, target_year, options, fw), projection_basis(panel, target_year, options)};
  return r;
}

py::dict series_columns(const ProjectionResult& r) {
  const Projection& p = r.projection;
  const std::size_t n = p.series.size();
  py::list code, variable, method, note;
  std::vector<bool> ok(n), fallback(n);
  std::vector<Eigen::Index> from_year, to_year, points;
  std::vector<double> first(n), last(n), cagr(n), slope(n), mean_year(n), mean_value(n), projected(n);
  for (std::size_t i = 0; i < n; ++i) {
    const SeriesProjection& s = p.series[i];
    code.append(p.panel.regions()[static_cast<std::size_t>(s.region)]);
    variable.append(p.panel.variables()[static_cast<std::size_t>(s.variable)]);
    method.append(to_string(s.method));
    note.append(s.note);
    ok[i] = s.ok;
    fallback[i] = s.fallback;
    from_year.push_back(s.from_year);
    to_year.push_back(s.to_year);
    points.push_back(s.points);
    first[i] = s.first_value;
    last[i] = s.last_value;
    cagr[i] = s.cagr_pct;
    slope[i] = s.slope;
    mean_year[i] = s.mean_year;
    mean_value[i] = s.mean_value;
    projected[i] = p.panel(s.region, s.variable, p.panel.year_index(p.target_year));
  }
  const auto doubles = [](const std::vector<double>& v) { return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data()); };
  return py::dict("code"_a = code, "variable"_a = variable, "ok"_a = ok, "method"_a = method, "fallback"_a = fallback,
                  "from_year"_a = index_array(from_year), "to_year"_a = index_array(to_year),
                  "points"_a = index_array(points), "first_value"_a = doubles(first), "last_value"_a = doubles(last),
                  "cagr_pct"_a = doubles(cagr), "slope"_a = doubles(slope), "mean_year"_a = doubles(mean_year),
                  "mean_value"_a = doubles(mean_value), "projected"_a = doubles(projected), "note"_a = note);
}

constexpr const char* options_doc =
    "method : {'cagr', 'linear'}\n"
    "    cagr: compound growth g = (v_b / v_a)^(1/(b - a)) - 1 between the earliest (a) and the latest (b) present "
    "year of the window, v_T = v_b (1 + g)^(T - b) (国家统计局's 年均增长速度 by the geometric-mean method); linear: "
    "the least-squares line through the window's present (year, value) points.\n"
    "window : int\n"
    "    k (ProjectionOptions::years): the window is the k yearly steps ending at the base year, i.e. the years "
    "[base - k, base], clipped to the panel's first year (k = 3 on a 2019-2022 panel uses all four years).\n"
    "base_year : int, optional\n"
    "    Last year whose data are used; None = the panel's last year (an earlier year is a back-test).\n"
    "non_positive : {'linear', 'missing'}\n"
    "    What a CAGR projection does when the growth rate is undefined (earliest value <= 0 or latest < 0): fall "
    "back to the linear trend (said in the note) or leave the projection missing.\n";

}  // namespace

void bind_projection(py::module_& m) {
  py::class_<ProjectionResult>(
      m, "Projection",
      "A panel extended to a target year with projected values (project()).\n\n"
      "What is projected are the raw variables, never the derived indicators: evaluate() derives every indicator "
      "from the projected variables, so a ratio indicator is exactly its projected numerator over its projected "
      "denominator. With a framework, projections are kept valid for it: a projected variable outside its valid "
      "range is clamped, and a ratio indicator that would leave its range has its numerator moved to the bound; "
      "each adjustment is in ``adjustments`` and in the value's note.\n\n"
      "``panel``: observed values up to the base year, projections in (base_year, target_year], each with its "
      "note; ``series`` (a DataFrame, attached by countyleap._plan_tools): one row per projected (region, "
      "variable) with the method used, the window, the trend (cagr_pct, slope) and the projected value.")
      .def_property_readonly(
          "panel", [](const ProjectionResult& r) { return &r.projection.panel; }, py::return_value_policy::reference_internal,
          "The projected panel (a view kept alive by the Projection).")
      .def_property_readonly("base_year", [](const ProjectionResult& r) { return r.projection.base_year; },
                             "Last year of data used.")
      .def_property_readonly("target_year", [](const ProjectionResult& r) { return r.projection.target_year; },
                             "Last projected year.")
      .def_property_readonly("method", [](const ProjectionResult& r) { return r.projection.options.method; },
                             "'cagr' or 'linear' (as asked; fallbacks are per series).")
      .def_property_readonly("window", [](const ProjectionResult& r) { return r.projection.options.years; },
                             "k, the window in years.")
      .def_property_readonly("non_positive", [](const ProjectionResult& r) { return r.projection.options.non_positive; },
                             "'linear' or 'missing'.")
      .def_property_readonly("basis", [](const ProjectionResult& r) { return r.basis; },
                             "How the target year's data were made, e.g. 'projected to 2025 from 2019–2022 (cagr, k = 3)'.")
      .def_property_readonly("adjustments", [](const ProjectionResult& r) { return r.projection.adjustments; },
                             "Adjustments made to keep projections valid, one sentence each.")
      .def("_series_columns", &series_columns)
      .def("__repr__", [](const ProjectionResult& r) {
        return "<Projection " + r.basis + ": " + std::to_string(r.projection.series.size()) + " series, " +
               std::to_string(r.projection.adjustments.size()) + " adjustments>";
      });

  m.def(
      "project",
      [](const Panel& panel, int target_year, ProjectionMethod method, int window, std::optional<int> base_year,
         NonPositive non_positive, std::vector<std::string> variables, const Framework* fw) {
        ProjectionOptions options = projection_options(method, window, base_year, non_positive);
        options.variables = std::move(variables);
        py::gil_scoped_release release;
        return make_projection(panel, target_year, options, fw);
      },
      "panel"_a, "target_year"_a, py::kw_only(), "method"_a = ProjectionMethod::cagr, "window"_a = 3,
      "base_year"_a = py::none(), "non_positive"_a = NonPositive::linear, "variables"_a = std::vector<std::string>{},
      "framework"_a = nullptr,
      (std::string("Projects the panel's variables (all, or `variables`) from the base year to `target_year`; every "
                   "projected value carries its series' note ('cagr 2019–2022: 12.3 %/yr').\n\n"
                   "Missing years inside the window are skipped; fewer than two present values leave the series "
                   "unprojected. Counts are projected as real numbers (a trend, not a forecast of whole units).\n\n"
                   "Parameters\n----------\n"
                   "panel : Panel\ntarget_year : int\n") +
       options_doc +
       "variables : list[str], optional\n    Ids to project; empty = all of the panel's.\n"
       "framework : Framework, optional\n    Keep projections valid for it (ranges of variables and ratio "
       "indicators).\n\n"
       "Returns\n-------\nProjection\n\n"
       "Raises\n------\nValidationError\n    target_year <= the base year, window < 1.\nUnknownIdError\n    An "
       "unknown variable or a base year outside the panel.")
          .c_str());

  py::class_<ProjectedResult>(
      m, "ProjectedEvaluation",
      "The scores and tiers of a year computed on a projected panel (evaluate_projected()): ``projection``, "
      "``scores`` (a Scores), ``counts`` (regions per tier) and ``tiers`` (a DataFrame, attached by "
      "countyleap._plan_tools: code, score, tier, tier_index, margin_up, margin_down).")
      .def_property_readonly("projection", [](const ProjectedResult& r) { return r.projection; }, "The projection (a copy).")
      .def_property_readonly("scores", [](const ProjectedResult& r) { return r.scores; }, "The projected scores (a copy).")
      .def_property_readonly("scheme", [](const ProjectedResult& r) { return r.scheme; }, "The tier scheme (a copy).")
      .def_property_readonly(
          "counts",
          [](const ProjectedResult& r) {
            py::dict out;
            for (std::size_t t = 0; t < r.scheme.tiers.size(); ++t)
              out[py::str(r.scheme.tiers[t].label)] = r.classification.counts[t];
            return out;
          },
          "Regions per tier, by label.")
      .def("_tier_columns",
           [](const ProjectedResult& r) { return tier_columns(r.classification, r.scores.scores.regions, r.scheme); })
      .def("__repr__", [](const ProjectedResult& r) {
        std::string counts;
        for (std::size_t t = 0; t < r.scheme.tiers.size(); ++t)
          counts += (counts.empty() ? "" : ", ") + r.scheme.tiers[t].label + ": " + std::to_string(r.classification.counts[t]);
        return "<ProjectedEvaluation " + r.projection.basis + ": " + counts + ">";
      });

  m.def(
      "evaluate_projected",
      [](const Panel& panel, const Framework& fw, py::object spec, const TierScheme& scheme, int target_year,
         ProjectionMethod method, int window, std::optional<int> base_year, NonPositive non_positive,
         const RegionSet* regions) {
        const PipelineSpec s = spec_from(spec);
        const ProjectionOptions options = projection_options(method, window, base_year, non_positive);
        py::gil_scoped_release release;
        ProjectedEvaluation e = evaluate_projected(panel, fw, s, scheme, target_year, options, regions);
        const std::string basis = projection_basis(panel, target_year, options);
        ScoresResult scores = label_scores(std::move(e.scores), e.projection.panel, fw, regions);
        return ProjectedResult{ProjectionResult{std::move(e.projection), basis}, std::move(scores),
                               std::move(e.classification), scheme};
      },
      "panel"_a, "framework"_a, "spec"_a, "scheme"_a, "target_year"_a, py::kw_only(), "method"_a = ProjectionMethod::cagr,
      "window"_a = 3, "base_year"_a = py::none(), "non_positive"_a = NonPositive::linear, "regions"_a = nullptr,
      (std::string("Projects the panel to `target_year` (project() with the framework, so projected values stay in "
                   "range), scores it with the ordinary pipeline - evaluate(projected panel, framework, spec, "
                   "target_year, regions) - and classifies the composite with `scheme` (a score-based scheme).\n\n"
                   "Parameters\n----------\n"
                   "panel : Panel\n    Raw variables.\nframework : Framework\n"
                   "spec : PipelineSpec, dict, JSON text, path or None\nscheme : TierScheme\ntarget_year : int\n") +
       options_doc +
       "regions : RegionSet, optional\n\n"
       "Returns\n-------\nProjectedEvaluation\n\n"
       "Raises\n------\nValidationError\n    A missing composite score (naming the region), the errors of project() "
       "and evaluate().")
          .c_str());
}

}  // namespace countyleap::python
