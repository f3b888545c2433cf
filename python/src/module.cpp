#include <pybind11/pybind11.h>
#include "countyleap/version.hpp"
PYBIND11_MODULE(_core, m) { m.attr("__version__") = countyleap::version; }
