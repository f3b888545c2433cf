// countyleap/sensitivity.hpp -> _sensitivity: the variance-based sensitivity analysis of an
// UncertaintySpec as plain columns; countyleap.sensitivity (countyleap._uncertainty) turns them
// into a DataFrame and documents the method.

#include "bindings.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "countyleap/sensitivity.hpp"

namespace countyleap::python {

using namespace pybind11::literals;

void bind_sensitivity(py::module_& m) {
  m.def(
      "_sensitivity",
      [](const Panel& panel, const Framework& framework, UncertaintySpec spec, const std::string& target,
         std::optional<std::string> region, std::optional<std::size_t> n, std::size_t bootstrap, double confidence,
         std::optional<std::uint64_t> seed, unsigned threads, std::optional<int> year, const RegionSet* regions,
         std::optional<std::string> node) {
        SensitivityOptions o;
        o.target = sensitivity_target_from_string(target);
        if (o.target == SensitivityTarget::rank && !region)
          throw validation_error("sensitivity: the target 'rank' needs region=CODE, the region whose rank is analysed");
        if (o.target != SensitivityTarget::rank && region)
          throw validation_error("sensitivity: a region goes with the target 'rank', not '" + target + "'");
        o.region = region.value_or("");
        o.samples = n.value_or(0);
        o.bootstrap = bootstrap;
        o.confidence = confidence;
        o.threads = threads;
        o.year = year.value_or(0);
        o.node = node.value_or("");
        if (seed) spec.seed = *seed;
        SensitivityResult r;
        {
          py::gil_scoped_release release;
          r = sensitivity(panel, framework, spec, regions, o);
        }
        const SobolIndices& s = r.indices;
        return py::dict("factor"_a = r.factors, "first"_a = s.first, "first_lo"_a = s.first_lo,
                        "first_hi"_a = s.first_hi, "total"_a = s.total, "total_lo"_a = s.total_lo,
                        "total_hi"_a = s.total_hi, "target"_a = to_string(r.target), "region"_a = region,
                        "nominal"_a = r.nominal, "variance"_a = s.variance, "samples"_a = r.samples,
                        "runs"_a = r.outputs.size(), "rows_used"_a = s.rows_used, "bootstrap"_a = s.bootstrap,
                        "confidence"_a = s.confidence, "year"_a = year.value_or(panel.last_year()),
                        "outputs"_a = r.outputs,
                        "failures"_a = failure_columns(r.failures, "run"),
                        "spec"_a = io::format_uncertainty_spec(spec), "version"_a = std::string(version));
      },
      "panel"_a, "framework"_a, "spec"_a, py::kw_only(), "target"_a = "mean_abs_rank_change", "region"_a = py::none(),
      "n"_a = py::none(), "bootstrap"_a = 100, "confidence"_a = 0.9, "seed"_a = py::none(), "threads"_a = 0,
      "year"_a = py::none(), "regions"_a = nullptr, "node"_a = py::none(),
      "The sensitivity analysis as columns (see countyleap.sensitivity, which makes the DataFrame).");
}

}  // namespace countyleap::python
