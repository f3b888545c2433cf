// countyleap/normalise.hpp -> NormaliseOptions, normalise_column and normalise (a matrix, one
// option set per column if wanted).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

constexpr const char* normalise_rules =
    "Missing values stay missing and every statistic (min, max, mean, sd, ranks) is taken over the present "
    "values. The direction is the indicator's: for minmax, zscore, rank and percentile_rank the column is first "
    "multiplied by -1 when lower is better, exactly as COINr 1.1.14 does (x*direction); the other methods take "
    "bounds in raw units and handle the direction in their formula.\n\n"
    "- 'minmax' (COINr n_minmax): y = (x - min)/(max - min)*(hi - lo) + lo, [lo, hi] = range. A constant column "
    "is an error, or lo + (hi - lo)/2 with constant_to_midpoint.\n"
    "- 'goalposts' (COINr n_goalposts): y = (x - L)/(U - L) (lower is better: (U - x)/(U - L)), clamped to "
    "[0, 1] when cap, times scale; L = lo, U = hi in raw units.\n"
    "- 'zscore' (COINr n_zscore): y = (x - mean(x))/s*sd + mean, s the sample sd (n - 1).\n"
    "- 'rank' (COINr n_rank): ascending rank, ties share the lowest rank of their run (the best value gets n).\n"
    "- 'percentile_rank' (COINr n_prank): (rank - 1)/(n - 1), in [0, 1].\n"
    "- 'ratio_to_standard' (实现程度 of China's statistical monitoring): y = min(x/S, 1)*scale, lower is "
    "better min(S/x, 1)*scale (the cap only with cap); S = standard.\n"
    "- 'efficacy' (功效系数法): y = 60 + 40*(x - x_s)/(x_h - x_s), x_s = worst (不允许值, default the worst "
    "present value), x_h = best (满意值, default the best); not capped.\n"
    "- 'ratio_to_mean' (EIS): y = x/mean(x)*scale, lower is better mean(x)/x*scale.\n"
    "- 'ratio_to_reference': y = x/x_ref*scale with x_ref the value of row reference_row, lower is better "
    "x_ref/x*scale.\n\n";

std::string optional_text(const char* key, double x) { return std::isnan(x) ? "" : std::string(", ") + key + "=" + number(x); }

}  // namespace

void bind_normalise(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<NormaliseOptions>(
      m, "NormaliseOptions",
      (std::string("How an indicator column is brought to a common scale (the spec's \"normalise\" step; the "
                   "keywords are the spec's keys).\n\n") +
       normalise_rules +
       "Parameters\n----------\n"
       "method : str\n    One of the methods above.\n"
       "range : (float, float)\n    minmax: output range (default (0, 100)).\n"
       "constant_to_midpoint : bool\n    minmax, efficacy: map a constant column to the middle of the range (or "
       "80) instead of raising.\n"
       "lo, hi : float\n    goalposts: the goalposts in raw units.\n"
       "scale : float\n    goalposts, ratio_to_standard, ratio_to_mean, ratio_to_reference: multiplier (100).\n"
       "cap : bool\n    goalposts and ratio_to_standard: cap the result (default True).\n"
       "mean, sd : float\n    zscore: mean and sd of the output (0, 1).\n"
       "standard : float\n    ratio_to_standard: the standard (目标值), > 0.\n"
       "worst, best : float\n    efficacy: x_s and x_h (None: the column's worst and best value).\n"
       "reference_row : int\n    ratio_to_reference: row of the reference region.")
          .c_str())
      .def(py::init([](NormaliseMethod method, std::pair<double, double> range, bool constant_to_midpoint,
                       std::optional<double> lo, std::optional<double> hi, double scale, bool cap, double mean, double sd,
                       std::optional<double> standard, std::optional<double> worst, std::optional<double> best,
                       Eigen::Index reference_row) {
             NormaliseOptions o;
             o.method = method;
             o.range_lo = range.first;
             o.range_hi = range.second;
             o.constant_to_midpoint = constant_to_midpoint;
             o.goalpost_lo = or_nan(lo);
             o.goalpost_hi = or_nan(hi);
             o.scale = scale;
             o.cap = cap;
             o.mean = mean;
             o.sd = sd;
             o.standard = or_nan(standard);
             o.efficacy_worst = or_nan(worst);
             o.efficacy_best = or_nan(best);
             o.reference_row = reference_row;
             return o;
           }),
           "method"_a = NormaliseMethod::minmax, py::kw_only(), "range"_a = std::make_pair(0.0, 100.0),
           "constant_to_midpoint"_a = false, "lo"_a = py::none(), "hi"_a = py::none(), "scale"_a = 100.0,
           "cap"_a = true, "mean"_a = 0.0, "sd"_a = 1.0, "standard"_a = py::none(), "worst"_a = py::none(),
           "best"_a = py::none(), "reference_row"_a = -1)
      .def_readwrite("method", &NormaliseOptions::method, "The method's name.")
      .def_property(
          "range", [](const NormaliseOptions& o) { return std::make_pair(o.range_lo, o.range_hi); },
          [](NormaliseOptions& o, std::pair<double, double> r) {
            o.range_lo = r.first;
            o.range_hi = r.second;
          },
          "minmax: output range (lo, hi).")
      .def_readwrite("constant_to_midpoint", &NormaliseOptions::constant_to_midpoint, "Constant column to the midpoint.")
      .def_property(
          "lo", [](const NormaliseOptions& o) { return none_if_nan(o.goalpost_lo); },
          [](NormaliseOptions& o, std::optional<double> x) { o.goalpost_lo = or_nan(x); }, "goalposts: lower goalpost.")
      .def_property(
          "hi", [](const NormaliseOptions& o) { return none_if_nan(o.goalpost_hi); },
          [](NormaliseOptions& o, std::optional<double> x) { o.goalpost_hi = or_nan(x); }, "goalposts: upper goalpost.")
      .def_readwrite("scale", &NormaliseOptions::scale, "Output multiplier.")
      .def_readwrite("cap", &NormaliseOptions::cap, "goalposts, ratio_to_standard: cap the result.")
      .def_readwrite("mean", &NormaliseOptions::mean, "zscore: mean of the output.")
      .def_readwrite("sd", &NormaliseOptions::sd, "zscore: sd of the output.")
      .def_property(
          "standard", [](const NormaliseOptions& o) { return none_if_nan(o.standard); },
          [](NormaliseOptions& o, std::optional<double> x) { o.standard = or_nan(x); }, "ratio_to_standard: the standard.")
      .def_property(
          "worst", [](const NormaliseOptions& o) { return none_if_nan(o.efficacy_worst); },
          [](NormaliseOptions& o, std::optional<double> x) { o.efficacy_worst = or_nan(x); }, "efficacy: x_s.")
      .def_property(
          "best", [](const NormaliseOptions& o) { return none_if_nan(o.efficacy_best); },
          [](NormaliseOptions& o, std::optional<double> x) { o.efficacy_best = or_nan(x); }, "efficacy: x_h.")
      .def_readwrite("reference_row", &NormaliseOptions::reference_row, "ratio_to_reference: the reference row.")
      .def("__repr__", [](const NormaliseOptions& o) {
        std::string s = "NormaliseOptions(" + quoted(to_string(o.method));
        switch (o.method) {
          case NormaliseMethod::minmax: s += ", range=(" + number(o.range_lo) + ", " + number(o.range_hi) + ")"; break;
          case NormaliseMethod::goalposts:
            s += optional_text("lo", o.goalpost_lo) + optional_text("hi", o.goalpost_hi) + ", scale=" + number(o.scale);
            break;
          case NormaliseMethod::zscore: s += ", mean=" + number(o.mean) + ", sd=" + number(o.sd); break;
          case NormaliseMethod::ratio_to_standard: s += optional_text("standard", o.standard) + ", scale=" + number(o.scale); break;
          case NormaliseMethod::efficacy: s += optional_text("worst", o.efficacy_worst) + optional_text("best", o.efficacy_best); break;
          case NormaliseMethod::ratio_to_mean: s += ", scale=" + number(o.scale); break;
          case NormaliseMethod::ratio_to_reference:
            s += ", reference_row=" + std::to_string(o.reference_row) + ", scale=" + number(o.scale);
            break;
          case NormaliseMethod::rank:
          case NormaliseMethod::percentile_rank: break;
        }
        return s + ")";
      });

  m.def(
      "normalise_column",
      [](Eigen::VectorXd x, Direction direction, py::object method, const std::string& id, const py::kwargs& kwargs) {
        normalise_column(x, direction, options_from<NormaliseOptions>(method, kwargs), id);
        return x;
      },
      "x"_a, "direction"_a = 1, "method"_a = "minmax", py::kw_only(), "id"_a = "",
      (std::string("Normalises one indicator column (regions in rows).\n\n") + normalise_rules +
       "Parameters\n----------\n"
       "x : array_like\n    NaN = missing.\n"
       "direction : int\n    1 if higher is better, -1 if lower is better.\n"
       "method : str or NormaliseOptions\n"
       "id : str\n    Names the indicator in errors.\n"
       "**options\n    Those of NormaliseOptions (range, lo, hi, scale, cap, mean, sd, standard, worst, best, ...).\n\n"
       "Returns a new array. Raises ValidationError naming the method for +-inf values, no present value, a "
       "constant column, missing or invalid bounds, a zero or missing denominator, or options out of range.")
          .c_str());

  m.def(
      "normalise",
      [](const Eigen::MatrixXd& x, std::optional<std::vector<Direction>> directions, py::object options,
         const std::vector<std::string>& ids, const py::kwargs& kwargs) {
        return normalise(x, directions.value_or(std::vector<Direction>{}),
                         options_per_column<NormaliseOptions>(options, kwargs, x.cols()), ids);
      },
      "x"_a, "directions"_a = py::none(), "options"_a = "minmax", py::kw_only(), "ids"_a = std::vector<std::string>{},
      "Normalises every column of a regions x indicators matrix (see normalise_column for the methods).\n\n"
      "Parameters\n----------\n"
      "x : array_like, regions x indicators\n"
      "directions : sequence of int, optional\n    One per column (1 or -1); None = all higher is better.\n"
      "options : str, NormaliseOptions or sequence\n    A method name or NormaliseOptions for every column (with "
      "**options), or one per column: NormaliseOptions, dicts of keyword options or method names, so each "
      "indicator can be normalised its own way.\n"
      "ids : list[str], optional\n    Indicator ids for error messages.\n\n"
      "Returns the normalised copy.");
}

}  // namespace countyleap::python
