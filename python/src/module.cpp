// countyleap._core: the compiled part of the countyleap Python package. The pure-Python layer
// (python/countyleap/) adds the pandas adapters, notebook display and the command line.

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  namespace cp = countyleap::python;
  m.doc() = "countyleap._core: county innovation indicators, panels, frameworks, plans and the composite-indicator "
            "engine (C++ core).";
  m.attr("__version__") = countyleap::version;
  cp::bind_error(m);
  cp::bind_region(m);
  cp::bind_framework(m);
  cp::bind_panel(m);
  cp::bind_tier(m);
  cp::bind_plan(m);
  cp::bind_rank(m);
  cp::bind_denominate(m);
  cp::bind_impute(m);
  cp::bind_screen(m);
  cp::bind_treat(m);
  cp::bind_normalise(m);
  cp::bind_correlation(m);
  cp::bind_weight(m);
  cp::bind_aggregate(m);
  cp::bind_audit(m);
  cp::bind_pipeline_spec(m);
  cp::bind_scores(m);
  cp::bind_pipeline(m);
  cp::bind_io(m);
  cp::bind_plan_check(m);
  cp::bind_published(m);
  cp::bind_gaps(m);
  cp::bind_weak_spots(m);
  cp::bind_projection(m);
  cp::bind_warning(m);
  cp::bind_leap(m);
  cp::bind_uncertainty(m);
  cp::bind_sensitivity(m);
  cp::bind_store(m);
}
