// The one instantiation of Eigen's eigenvalue solvers for the project's own executables (tests,
// Python module, benchmarks, examples), which are compiled with COUNTYLEAP_EXTERN_EIGEN_SOLVERS:
// see include/countyleap/detail/eigen_solvers.hpp. Not part of the installed library.
#define COUNTYLEAP_INSTANTIATE_EIGEN_SOLVERS
#include "countyleap/detail/eigen_solvers.hpp"
