// countyleap/impute.hpp -> ImputeOptions, ImputeReport, impute (across regions) and impute_time
// (along years).

#include "bindings.hpp"

namespace countyleap::python {

void bind_impute(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<ImputeOptions>(
      m, "ImputeOptions",
      "How missing values are filled (the spec's \"impute\" step).\n\n"
      "method : str\n    'mean', 'median' (column statistic of the present values, COINr i_mean/i_median), "
      "'group_mean', 'group_median' (of the region's group, COINr i_mean_grp/i_median_grp), 'carry_forward' "
      "(latest earlier observed value, COINr impute_panel 'latest'), 'interpolate' (linear in time, COINr "
      "impute_panel 'linear').\n"
      "max_time : int\n    carry_forward: look back at most this many years (0 = no limit).\n"
      "extrapolate : bool\n    interpolate: fill the years before the first and after the last observation with "
      "the nearest observed value (R's approx(rule = 2)); False leaves them missing.")
      .def(py::init([](ImputeMethod method, int max_time, bool extrapolate) { return ImputeOptions{method, max_time, extrapolate}; }),
           "method"_a = ImputeMethod::mean, py::kw_only(), "max_time"_a = 0, "extrapolate"_a = true)
      .def_readwrite("method", &ImputeOptions::method, "The method's name.")
      .def_readwrite("max_time", &ImputeOptions::max_time, "carry_forward: years to look back (0 = any).")
      .def_readwrite("extrapolate", &ImputeOptions::extrapolate, "interpolate: fill before the first/after the last observation.")
      .def("__repr__", [](const ImputeOptions& o) {
        return "ImputeOptions(" + quoted(to_string(o.method)) + ", max_time=" + std::to_string(o.max_time) +
               ", extrapolate=" + (o.extrapolate ? "True" : "False") + ")";
      });

  py::class_<ImputeReport>(m, "ImputeReport",
                           "Cells filled by an imputation: `cells`, an int64 array of (row, column) pairs (impute: "
                           "region, indicator; impute_time: year slot, region), and `still_missing`, the missing "
                           "cells the method could not fill.")
      .def_property_readonly("cells", [](const ImputeReport& r) { return cell_array(r.cells); }, "Cells filled, shape (n, 2).")
      .def_readonly("still_missing", &ImputeReport::still_missing, "Missing cells left.")
      .def("__len__", &ImputeReport::count, "Number of cells filled.")
      .def("__repr__", [](const ImputeReport& r) {
        return "<ImputeReport: " + std::to_string(r.count()) + " filled, " + std::to_string(r.still_missing) + " still missing>";
      });

  m.def(
      "impute",
      [](Eigen::MatrixXd x, py::object method, py::object groups, const py::kwargs& kwargs) {
        const ImputeOptions options = options_from<ImputeOptions>(method, kwargs);
        const RegionGroups g = groups.is_none() ? RegionGroups() : RegionGroups(labels_from(groups));
        ImputeReport report = impute(x, options, g);
        return py::make_tuple(std::move(x), std::move(report));
      },
      "x"_a, "method"_a = "mean", py::kw_only(), "groups"_a = py::none(),
      "Fills the missing values of a regions x indicators matrix, column by column, with a cross-sectional "
      "statistic:\n\n"
      "- 'mean': the mean of the present values, sum(x)/n (COINr 1.1.14 i_mean);\n"
      "- 'median': their median (i_median, R's median());\n"
      "- 'group_mean' / 'group_median': the mean / median of the present values of the region's group "
      "(i_mean_grp / i_median_grp). A region without a group is neither filled nor used; a group without any "
      "present value leaves its missing values missing.\n\n"
      "Parameters\n----------\n"
      "x : array_like, regions x indicators\n    NaN = missing.\n"
      "method : str or ImputeOptions\n"
      "groups : sequence of str, optional\n    Group label per region (e.g. COINr's EurAsia_group column); None, "
      "NaN or '' = no group. Needed by the group methods.\n"
      "**options\n    Those of ImputeOptions.\n\n"
      "Returns (the filled copy, ImputeReport). Raises ValidationError for a time method (use impute_time), "
      "+-inf values, or groups that do not label every row.");

  m.def(
      "impute_time",
      [](Eigen::MatrixXd series, py::object method, const py::kwargs& kwargs) {
        ImputeReport report = impute_time(series, options_from<ImputeOptions>(method, kwargs));
        return py::make_tuple(std::move(series), std::move(report));
      },
      "series"_a, "method"_a = "carry_forward",
      "Fills missing values along time, one region (column) at a time; rows are consecutive years.\n\n"
      "- 'carry_forward': the value of the latest earlier year in which the region was observed, at most "
      "max_time years back (0: any); years before the first observation stay missing. Only observed values are "
      "carried, never imputed ones (COINr 1.1.14 impute_panel, imp_type = 'latest').\n"
      "- 'interpolate': between observed years a < t < b, y_a + (y_b - y_a)*((t - a)/(b - a)) (R's "
      "stats::approx, as COINr's impute_panel(imp_type = 'linear')); before the first and after the last "
      "observation the nearest observed value when extrapolate, else missing.\n\n"
      "Parameters\n----------\n"
      "series : array_like, years x regions\n"
      "method : str or ImputeOptions\n"
      "**options\n    Those of ImputeOptions (max_time, extrapolate).\n\n"
      "Returns (the filled copy, ImputeReport with cells as (year slot, region)). Raises ValidationError for a "
      "cross-sectional method, a negative max_time or +-inf values.");
}

}  // namespace countyleap::python
