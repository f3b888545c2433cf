// countyleap/treat.hpp -> TreatOptions, TreatRecord, treat_column and treat (outlier treatment).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

constexpr const char* treat_rules =
    "Skewness and kurtosis are the sample-adjusted G1 and G2 (COINr's skew() and kurt(); spreadsheets' SKEW and "
    "KURT); missing values are ignored and stay missing.\n\n"
    "- 'coinr' (COINr 1.1.14 Treat() defaults): the column passes when |skew| < skew or kurt < kurtosis, and is "
    "then left as it is. Otherwise it is winsorised step by step: when the current skew >= 0 every point equal to "
    "the maximum is set to the largest value below it, else every point equal to the minimum to the smallest "
    "value above it (points moved earlier are tied with the new extreme and move again). After each step nwin = "
    "(points moved in the latest high-side step) + (points moved in the latest low-side step); steps go on while "
    "the column fails and nwin < winmax. If the winsorised column passes it is kept; otherwise the ORIGINAL "
    "column is replaced by log(x - min + 0.01*(max - min)) (log_CT), whether or not that passes. A column with "
    "zero variance is left untreated.\n"
    "- 'eis' (European Innovation Scoreboard): values above mean + outlier_sd*s are replaced by the largest value "
    "that is not an outlier, values below mean - outlier_sd*s by the smallest (s the sample sd); then, when the "
    "skewness of the result exceeds sqrt_skew, the column is replaced by its square root.\n"
    "- 'none': nothing is changed.\n\n";

}  // namespace

void bind_treat(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<TreatOptions>(m, "TreatOptions",
                           (std::string("Outlier treatment (the spec's \"treat\" step).\n\n") + treat_rules +
                            "Parameters\n----------\n"
                            "method : str\n    'coinr', 'eis' or 'none'.\n"
                            "winmax : int\n    coinr: winsorisation stops once this many points are winsorised.\n"
                            "skew, kurtosis : float\n    coinr: the pass thresholds (2.0 and 3.5).\n"
                            "outlier_sd : float\n    eis: outliers lie more than this many sds from the mean (3).\n"
                            "sqrt_skew : float\n    eis: square root when the skewness exceeds this (1).")
                               .c_str())
      .def(py::init([](TreatMethod method, int winmax, double skew, double kurtosis, double outlier_sd, double sqrt_skew) {
             return TreatOptions{method, winmax, skew, kurtosis, outlier_sd, sqrt_skew};
           }),
           "method"_a = TreatMethod::coinr, py::kw_only(), "winmax"_a = 5, "skew"_a = 2.0, "kurtosis"_a = 3.5,
           "outlier_sd"_a = 3.0, "sqrt_skew"_a = 1.0)
      .def_readwrite("method", &TreatOptions::method, "'coinr', 'eis' or 'none'.")
      .def_readwrite("winmax", &TreatOptions::winmax, "coinr: most points winsorised.")
      .def_readwrite("skew", &TreatOptions::skew, "coinr: |skew| threshold.")
      .def_readwrite("kurtosis", &TreatOptions::kurtosis, "coinr: kurtosis threshold.")
      .def_readwrite("outlier_sd", &TreatOptions::outlier_sd, "eis: outlier distance in sds.")
      .def_readwrite("sqrt_skew", &TreatOptions::sqrt_skew, "eis: skewness above which the square root is taken.")
      .def("__repr__", [](const TreatOptions& o) {
        return "TreatOptions(" + quoted(to_string(o.method)) + ", winmax=" + std::to_string(o.winmax) + ", skew=" +
               number(o.skew) + ", kurtosis=" + number(o.kurtosis) + ", outlier_sd=" + number(o.outlier_sd) +
               ", sqrt_skew=" + number(o.sqrt_skew) + ")";
      });

  py::class_<TreatRecord>(m, "TreatRecord", "What the outlier treatment did to one column.")
      .def_property_readonly("method", [](const TreatRecord& r) { return to_string(r.method); }, "The method applied.")
      .def_readonly("n_present", &TreatRecord::n_present, "Number of present values.")
      .def_readonly("passed_initially", &TreatRecord::passed_initially,
                    "coinr: the column passed the skew/kurtosis test before treatment; eis: no outlier and skewness "
                    "at most sqrt_skew; none: True.")
      .def_readonly("passed", &TreatRecord::passed,
                    "coinr: the final values pass the test (a log-transformed column may still fail); eis, none: True.")
      .def_property_readonly("high_rows", [](const TreatRecord& r) { return index_array(r.high_rows); },
                             "Rows changed at the high end (coinr: the latest high-side winsorisation step).")
      .def_property_readonly("low_rows", [](const TreatRecord& r) { return index_array(r.low_rows); },
                             "Rows changed at the low end.")
      .def_readonly("log_applied", &TreatRecord::log_applied,
                    "coinr: the column was replaced by log(x - min + 0.01*(max - min)) of the original values.")
      .def_readonly("sqrt_applied", &TreatRecord::sqrt_applied, "eis: the column was replaced by its square root.")
      .def_readonly("skew_before", &TreatRecord::skew_before, "Skewness of the input (NaN when undefined).")
      .def_readonly("kurt_before", &TreatRecord::kurt_before, "Excess kurtosis of the input.")
      .def_readonly("skew_after", &TreatRecord::skew_after, "Skewness of the output.")
      .def_readonly("kurt_after", &TreatRecord::kurt_after, "Excess kurtosis of the output.")
      .def_property_readonly("n_winsorised", &TreatRecord::n_winsorised,
                             "Points winsorised (coinr: COINr's nwin) or replaced (eis).")
      .def("__repr__", [](const TreatRecord& r) {
        return "<TreatRecord " + std::string(to_string(r.method)) + ": " +
               (r.passed_initially ? "passed" : r.log_applied ? "log" : r.sqrt_applied ? "sqrt" : "winsorised") + ", " +
               std::to_string(r.n_winsorised()) + " points>";
      });

  m.def(
      "treat_column",
      [](Eigen::VectorXd x, py::object method, const std::string& id, const py::kwargs& kwargs) {
        TreatRecord record = treat_column(x, options_from<TreatOptions>(method, kwargs), id);
        return py::make_tuple(std::move(x), std::move(record));
      },
      "x"_a, "method"_a = "coinr", py::kw_only(), "id"_a = "",
      (std::string("Treats one indicator column (regions in rows) for outliers.\n\n") + treat_rules +
       "Parameters\n----------\n"
       "x : array_like\n    One column, NaN = missing.\n"
       "method : str or TreatOptions\n"
       "id : str\n    Names the indicator in errors.\n"
       "**options\n    Those of TreatOptions (winmax, skew, kurtosis, outlier_sd, sqrt_skew).\n\n"
       "Returns (the treated copy, TreatRecord). Raises ValidationError for +-inf values, fewer than 4 present "
       "values (coinr) or 3 (eis), winsorisation that leaves a constant column while below winmax, negative values "
       "to square-root, or invalid options.")
          .c_str());

  m.def(
      "treat",
      [](Eigen::MatrixXd x, py::object method, const std::vector<std::string>& ids, const py::kwargs& kwargs) {
        std::vector<TreatRecord> records = treat(x, options_from<TreatOptions>(method, kwargs), ids);
        return py::make_tuple(std::move(x), std::move(records));
      },
      "x"_a, "method"_a = "coinr", py::kw_only(), "ids"_a = std::vector<std::string>{},
      "treat_column on every column of a regions x indicators matrix. Returns (the treated copy, one TreatRecord "
      "per column); `ids` (optional, one per column) names the indicators in errors.");
}

}  // namespace countyleap::python
