// countyleap/pipeline.hpp -> evaluate and evaluate_years (the GIL is released while they run).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

/// What every Scores of one call shares: the panel's region axis, the framework and the regions.
struct Labels {
  std::shared_ptr<const std::vector<std::string>> panel_regions;
  std::shared_ptr<const Framework> framework;
  std::shared_ptr<const RegionSet> regions;

  Labels(const Panel& panel, const Framework& fw, const RegionSet* set)
      : panel_regions(std::make_shared<const std::vector<std::string>>(panel.regions())),
        framework(std::make_shared<const Framework>(fw)),
        regions(set ? std::make_shared<const RegionSet>(*set) : nullptr) {}

  ScoresResult label(Scores s) const { return ScoresResult{std::move(s), panel_regions, framework, regions}; }
};

constexpr const char* evaluate_doc =
    "Runs the pipeline for one year and returns every node's score and rank.\n\n"
    "Steps (COINr 1.1.14's order, as in its build_example_coin): the leaf indicators are derived from the panel "
    "(derive: ratios, growth); `denominate` divides each by its denominate_by variable; `impute` fills missing "
    "values - cross-sectional methods within the year, group methods by the region attribute impute.group of "
    "`regions`, time methods from the panel's other years; `screen` drops regions below the data share; `treat` "
    "treats outliers per indicator; every indicator is normalised with its direction (ratio_to_standard uses the "
    "indicator's target unless the spec gives a standard); then, bottom-up over the aggregate nodes, the "
    "children's weights (data-driven methods read the children's scores) and the node's score, with per-node "
    "overrides; finally ranks of every node (rank 1 = highest, ties share the best rank).\n\n"
    "Parameters\n----------\n"
    "panel : Panel\n    Raw variables by (region, variable, year).\n"
    "framework : Framework\n    Indicators and the tree.\n"
    "spec : PipelineSpec, dict, JSON text, path or None\n    See PipelineSpec; None = min-max to [0, 100], the "
    "framework's weights, weighted arithmetic means.\n"
    "year : int, optional\n    The data year; None = the panel's last year.\n"
    "regions : RegionSet, optional\n    Needed by group imputation (the attribute named by impute.group) and "
    "for names in displays.\n"
    "**kwargs\n    Steps by their spec keys, each replacing the spec's step: `normalise=\"zscore\"` (a method "
    "name alone) or `aggregate={\"method\": \"geometric\", \"shift\": 1}`.\n\n"
    "Returns\n-------\nScores\n\n"
    "Raises\n------\n"
    "UnknownIdError\n    The year is not in the panel, an unknown node in the spec, a variable the framework "
    "needs missing from the panel.\n"
    "ValidationError\n    A step's errors, naming the indicator or node.";

}  // namespace

void bind_pipeline(py::module_& m) {
  m.def(
      "evaluate",
      [](const Panel& panel, const Framework& framework, py::object spec, std::optional<int> year,
         const RegionSet* regions, const py::kwargs& steps) {
        const PipelineSpec s = spec_from(spec, steps);
        py::gil_scoped_release release;
        const Labels labels(panel, framework, regions);
        return labels.label(evaluate(panel, framework, s, year.value_or(0), regions));
      },
      "panel"_a, "framework"_a, "spec"_a = py::none(), py::kw_only(), "year"_a = py::none(), "regions"_a = nullptr,
      evaluate_doc);
  m.def(
      "evaluate_years",
      [](const Panel& panel, const Framework& framework, py::object spec, std::optional<std::vector<int>> years,
         const RegionSet* regions, unsigned threads, const py::kwargs& steps) {
        const PipelineSpec s = spec_from(spec, steps);
        py::gil_scoped_release release;
        const Labels labels(panel, framework, regions);
        std::vector<ScoresResult> out;
        for (Scores& one : evaluate_years(panel, framework, s, years.value_or(std::vector<int>{}), regions, threads))
          out.push_back(labels.label(std::move(one)));
        return out;
      },
      "panel"_a, "framework"_a, "spec"_a = py::none(), py::kw_only(), "years"_a = py::none(), "regions"_a = nullptr,
      "threads"_a = 0,
      "evaluate() for several years (None or []: every year of the panel) on up to `threads` threads (0 = the "
      "hardware's). Years are independent, so the result does not depend on the thread count; the first error "
      "(in year order) is raised. Returns a list of Scores, one per year.");
}

}  // namespace countyleap::python
