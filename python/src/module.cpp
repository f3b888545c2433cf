// countyleap._core: the compiled part of the countyleap Python package. The pure-Python layer
// (python/countyleap/) adds the pandas adapters, notebook display and the command line.

#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  namespace cp = countyleap::python;
  m.doc() = "countyleap._core: county innovation indicators, panels, frameworks and plans (C++ core).";
  m.attr("__version__") = countyleap::version;
  cp::bind_error(m);
  cp::bind_region(m);
  cp::bind_framework(m);
  cp::bind_panel(m);
  cp::bind_plan(m);
  cp::bind_io(m);
}
