// countyleap/denominate.hpp -> denominate and DenominateReport.

#include "bindings.hpp"

namespace countyleap::python {

void bind_denominate(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<DenominateReport>(m, "DenominateReport",
                               "Values made missing by denominate(): `missing_denominator` and `zero_denominator`, "
                               "each an int64 array of (row, column) pairs, shape (n, 2).")
      .def_property_readonly("missing_denominator",
                             [](const DenominateReport& r) { return cell_array(r.missing_denominator); },
                             "Cells whose value was present and whose denominator was missing.")
      .def_property_readonly("zero_denominator", [](const DenominateReport& r) { return cell_array(r.zero_denominator); },
                             "Cells whose value was present and whose denominator was zero.")
      .def("__len__", &DenominateReport::count, "Number of values lost.")
      .def("__repr__", [](const DenominateReport& r) {
        return "<DenominateReport: " + std::to_string(r.missing_denominator.size()) + " missing, " +
               std::to_string(r.zero_denominator.size()) + " zero denominators>";
      });
  m.def(
      "denominate",
      [](Eigen::MatrixXd x, const Eigen::MatrixXd& denominators, const std::vector<Eigen::Index>& by,
         const std::vector<double>& scale_factors, const std::vector<std::string>& ids) {
        DenominateReport report = denominate(x, denominators, by, scale_factors, ids);
        return py::make_tuple(std::move(x), std::move(report));
      },
      "x"_a, "denominators"_a, "by"_a, py::kw_only(), "scale_factors"_a = std::vector<double>{},
      "ids"_a = std::vector<std::string>{},
      "Denominates the columns of a regions x indicators matrix (COINr's Denominate): column j becomes "
      "x_ij / (d_i / s_j) with d the column by[j] of `denominators` (regions x denominator variables) and s_j "
      "scale_factors[j] (COINr's ScaleFactor, default 1); by[j] = -1 leaves column j as it is. A missing x stays "
      "missing; a present x whose denominator is missing or zero becomes missing (never Inf) and is reported.\n\n"
      "Returns (the denominated copy, DenominateReport). `ids` (optional) names the columns in errors. Raises "
      "ValidationError for mismatched shapes, an index out of range, +-inf values, or a zero or non-finite "
      "scale factor.");
}

}  // namespace countyleap::python
