// countyleap/correlation.hpp -> correlation, correlation_matrix, principal_components.

#include "bindings.hpp"

namespace countyleap::python {

void bind_correlation(py::module_& m) {
  using namespace pybind11::literals;
  m.def(
      "correlation",
      [](const Eigen::VectorXd& x, const Eigen::VectorXd& y, CorrelationMethod method) { return correlation(x, y, method); },
      "x"_a, "y"_a, "method"_a = CorrelationMethod::pearson,
      "Correlation of two vectors over pairwise complete observations (the rows where both are present), as R's "
      "cor(x, y, use = 'pairwise.complete.obs', method) which COINr 1.1.14 uses.\n\n"
      "'pearson': r = sum((x - mean x)(y - mean y)) / sqrt(sum((x - mean x)^2) sum((y - mean y)^2)).\n"
      "'spearman': the Pearson r of the ranks (ties share the average rank) within the complete pairs.\n"
      "Clamped to [-1, 1]; NaN when fewer than two rows are complete or either vector is constant on them.");
  m.def(
      "correlation_matrix",
      [](const Eigen::MatrixXd& x, CorrelationMethod method) { return correlation_matrix(x, method); }, "x"_a,
      "method"_a = CorrelationMethod::pearson,
      "Correlation matrix of the columns of x (regions in rows) over pairwise complete observations; the diagonal "
      "is 1 for a column with at least two present, non-constant values and NaN otherwise.");

  py::class_<PrincipalComponents>(m, "PrincipalComponents",
                                  "Principal components of a correlation matrix: `eigenvalues` (largest first, "
                                  "summing to the number of columns), `vectors` (unit-norm loadings in the columns, "
                                  "each signed so its entries sum to >= 0), `variance_share` and `rows_used`.")
      .def_readonly("eigenvalues", &PrincipalComponents::eigenvalues, "Eigenvalues, largest first.")
      .def_readonly("vectors", &PrincipalComponents::vectors, "Loadings, one component per column.")
      .def_readonly("variance_share", &PrincipalComponents::variance_share, "Eigenvalue / sum of eigenvalues.")
      .def_readonly("rows_used", &PrincipalComponents::rows_used, "Complete rows the correlations came from.")
      .def("__repr__", [](const PrincipalComponents& p) {
        return "<PrincipalComponents of " + std::to_string(p.eigenvalues.size()) + " columns over " +
               std::to_string(p.rows_used) + " complete rows>";
      });
  m.def(
      "principal_components", [](const Eigen::MatrixXd& x) { return principal_components(x); }, "x"_a,
      "Principal component analysis of the columns of x on the correlation matrix of its complete rows (COINr "
      "1.1.14 get_PCA(): na.omit, then prcomp(center = TRUE, scale = TRUE), whose squared standard deviations are "
      "these eigenvalues). Raises ValidationError for no column, fewer than two complete rows, or a column that "
      "is constant on them.");
}

}  // namespace countyleap::python
