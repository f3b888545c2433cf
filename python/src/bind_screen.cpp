// countyleap/screen.hpp -> screen (units by data availability) and ScreenResult.

#include "bindings.hpp"

namespace countyleap::python {

void bind_screen(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<ScreenResult>(m, "ScreenResult",
                           "Outcome of screen(): `kept` and `dropped` rows (int64, ascending), `dropped_share` (the "
                           "data share of each dropped row) and `data_share` of every row.")
      .def_property_readonly("kept", [](const ScreenResult& s) { return index_array(s.kept); }, "Rows kept, ascending.")
      .def_property_readonly(
          "dropped",
          [](const ScreenResult& s) {
            std::vector<Eigen::Index> rows;
            for (const auto& d : s.dropped) rows.push_back(d.row);
            return index_array(rows);
          },
          "Rows dropped, ascending.")
      .def_property_readonly(
          "dropped_share",
          [](const ScreenResult& s) {
            std::vector<double> share;
            for (const auto& d : s.dropped) share.push_back(d.data_share);
            return py::array_t<double>(static_cast<py::ssize_t>(share.size()), share.data());
          },
          "Share of present indicators of each dropped row.")
      .def_readonly("data_share", &ScreenResult::data_share, "Share of present indicators of every row.")
      .def("__repr__", [](const ScreenResult& s) {
        return "<ScreenResult: " + std::to_string(s.kept.size()) + " kept, " + std::to_string(s.dropped.size()) + " dropped>";
      });
  m.def(
      "screen", [](const Eigen::MatrixXd& x, double min_data) { return screen(x, ScreenOptions{min_data}); }, "x"_a,
      "min_data"_a = ScreenOptions{}.min_data,
      "Screens the rows (regions) of a regions x indicators matrix by data availability, as COINr 1.1.14 "
      "Screen(unit_screen = 'byNA'): a row's data share is 1 - (number of missing values) / (number of columns), "
      "and the row is dropped when its share is below `min_data` (a share equal to the threshold is kept). With "
      "49 indicators and 0.9 a region may miss at most 4 (1 - 5/49 = 0.898 < 0.9).\n\n"
      "min_data : float in [0, 1]\n    COINr's dat_thresh (default 2/3; the ASEM example uses 0.9).\n\n"
      "Returns a ScreenResult; x[result.kept] is the screened matrix. Raises ValidationError when min_data is "
      "outside [0, 1] or the matrix has no columns.");
}

}  // namespace countyleap::python
