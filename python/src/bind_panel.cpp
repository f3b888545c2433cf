// countyleap/panel.hpp and countyleap/derive.hpp -> Panel (with numpy views and array builders),
// derive, check_data.

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "bindings.hpp"
#include "countyleap/io/panel_records.hpp"

namespace countyleap::python {
namespace {

using Index = Panel::Index;
using NoteMap = std::map<std::tuple<std::string, std::string, int>, std::string>;

/// The (r, v, t) indices of a labelled cell, each checked (unknown_id_error).
std::tuple<Index, Index, Index> cell(const Panel& p, const std::string& code, const std::string& variable, int year) {
  return {p.region_index(code), p.variable_index(variable), p.year_index(year)};
}

/// Panel.from_arrays: the cube's cells go through io::panel_from_records, the panel builder of
/// the CSV readers (codes, variable ids, year range, infinite values checked there); only what is
/// particular to a cube is checked here: its shape and a year given twice on its year axis.
Panel from_arrays(const std::vector<std::string>& regions, const std::vector<std::string>& variables,
                  const std::vector<long long>& years, const py::array_t<double, py::array::forcecast>& values,
                  const std::optional<NoteMap>& notes, CodeScheme scheme, int min_year, int max_year) {
  if (years.empty()) throw validation_error("a panel needs at least one year");
  const auto nr = static_cast<py::ssize_t>(regions.size()), nv = static_cast<py::ssize_t>(variables.size()),
             ny = static_cast<py::ssize_t>(years.size());
  if (values.ndim() != 3 || values.shape(0) != nr || values.shape(1) != nv || values.shape(2) != ny) {
    std::string got;
    for (py::ssize_t d = 0; d < values.ndim(); ++d) got += (d ? ", " : "") + std::to_string(values.shape(d));
    throw validation_error("values has shape (" + got + "), expected (n_regions, n_variables, n_years) = (" +
                           std::to_string(nr) + ", " + std::to_string(nv) + ", " + std::to_string(ny) + ")");
  }
  std::vector<long long> sorted_years = years;
  std::sort(sorted_years.begin(), sorted_years.end());
  if (const auto twice = std::adjacent_find(sorted_years.begin(), sorted_years.end()); twice != sorted_years.end())
    throw duplicate_error("year given twice", Location{"", 0, 0, "year", std::to_string(*twice)});

  io::PanelRecords records;
  records.codes = regions;
  records.variables = variables;
  const auto cells = static_cast<std::size_t>(nr * nv * ny);
  records.code_index.reserve(cells);
  records.variable_index.reserve(cells);
  records.year.reserve(cells);
  records.value.reserve(cells);
  const auto a = values.unchecked<3>();
  for (py::ssize_t k = 0; k < ny; ++k)
    for (py::ssize_t v = 0; v < nv; ++v)
      for (py::ssize_t r = 0; r < nr; ++r) {
        records.code_index.push_back(r);
        records.variable_index.push_back(v);
        records.year.push_back(years[static_cast<std::size_t>(k)]);
        records.value.push_back(a(r, v, k));
      }
  io::ReadOptions options;
  options.code_scheme = scheme;
  options.min_year = min_year;
  options.max_year = max_year;
  Panel p = io::panel_from_records(records, options);
  if (records.value.empty()) {  // no cell: the builder has no axes to build, the arguments give them
    for (const auto& code : regions) validate_code(code, scheme, Location{"", 0, 0, "code", code});
    p = Panel(regions, variables, static_cast<int>(sorted_years.front()), static_cast<int>(sorted_years.back()));
  }
  if (notes)
    for (const auto& [key, text] : *notes) {
      const auto [r, v, t] = cell(p, std::get<0>(key), std::get<1>(key), std::get<2>(key));
      p.set_note(r, v, t, text);
    }
  return p;
}

template <class T>
std::vector<T> to_vector(const py::array_t<T, py::array::forcecast>& a) {
  if (a.ndim() != 1) throw validation_error("record columns must be one-dimensional and of equal length");
  const auto u = a.template unchecked<1>();
  std::vector<T> out(static_cast<std::size_t>(a.size()));
  for (py::ssize_t i = 0; i < a.size(); ++i) out[static_cast<std::size_t>(i)] = u(i);
  return out;
}

/// Panel.from_frame's columns through io::panel_from_records: the panel builder of the CSV
/// readers, so a DataFrame and a CSV file are checked by the same rules.
Panel from_records(const std::vector<std::string>& region_labels, const std::vector<std::string>& variables,
                   const py::array_t<long long, py::array::forcecast>& region_index,
                   const py::array_t<long long, py::array::forcecast>& variable_index,
                   const py::array_t<long long, py::array::forcecast>& years,
                   const py::array_t<double, py::array::forcecast>& values,
                   const std::optional<std::vector<std::string>>& notes,
                   const std::optional<py::array_t<long long, py::array::forcecast>>& rows, CodeScheme scheme,
                   const RegionSet* regions, int min_year, int max_year) {
  io::PanelRecords records;
  records.codes = region_labels;
  records.variables = variables;
  for (const long long i : to_vector(region_index)) records.code_index.push_back(i);
  for (const long long i : to_vector(variable_index)) records.variable_index.push_back(i);
  for (const long long y : to_vector(years)) records.year.push_back(y);
  records.value = to_vector(values);
  if (notes) records.note = *notes;
  if (rows)
    for (const long long r : to_vector(*rows)) records.row.push_back(r);
  io::ReadOptions options;
  options.code_scheme = scheme;
  options.regions = regions;
  options.min_year = min_year;
  options.max_year = max_year;
  py::gil_scoped_release release;
  return io::panel_from_records(records, options);
}

std::string panel_repr(const Panel& p) {
  std::string years = p.n_years() == 0 ? "no years"
                                       : std::to_string(p.first_year()) + "-" + std::to_string(p.last_year()) + " (" +
                                             std::to_string(p.n_years()) + " years)";
  return "<Panel: " + std::to_string(p.n_regions()) + " regions x " + std::to_string(p.n_variables()) +
         " variables x " + years + ", " + std::to_string(p.count_present()) + " of " + std::to_string(p.data().size()) +
         " values present, " + std::to_string(p.n_notes()) + " notes>";
}

}  // namespace

void bind_panel(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<Panel>(
      m, "Panel",
      "Values by (region, variable, year), missing distinct from zero, with an optional note (source, remark) "
      "per value.\n\n"
      "Years form the contiguous range [first_year, last_year]. A missing value is NaN on the Python side; "
      "only finite numbers are data. Look values up by label (code, variable id, year) with get/has/set/note, "
      "or work on the whole block through `values`, a read-only numpy view of shape (n_regions, n_variables, "
      "n_years) indexed [r, v, t] in axis order.\n\n"
      "Parameters\n----------\n"
      "regions : list[str]\n    Region codes (plain identifiers; unique).\n"
      "variables : list[str]\n    Variable ids (ASCII letters, digits, '_', '-', '.'; unique).\n"
      "first_year, last_year : int\n    The year axis.\n\n"
      "The new panel is all missing. Raises DuplicateError for a repeated region or variable, ValidationError "
      "for an invalid id or first_year > last_year.")
      .def(py::init<>())
      .def(py::init<std::vector<std::string>, std::vector<std::string>, int, int>(), "regions"_a, "variables"_a,
           "first_year"_a, "last_year"_a)
      .def_static(
          "from_arrays",
          [](const std::vector<std::string>& regions, const std::vector<std::string>& variables,
             const std::vector<long long>& years, const py::array_t<double, py::array::forcecast>& values,
             const std::optional<NoteMap>& notes, CodeScheme scheme, int min_year, int max_year) {
            return from_arrays(regions, variables, years, values, notes, scheme, min_year, max_year);
          },
          "regions"_a, "variables"_a, "years"_a, "values"_a, "notes"_a = py::none(), py::kw_only(),
          "code_scheme"_a = CodeScheme::gbt2260, "min_year"_a = 1949, "max_year"_a = 2100,
          "A panel from a dense array, built in C++.\n\n"
          "Parameters\n----------\n"
          "regions, variables : list[str]\n    The axes.\n"
          "years : list[int]\n    Distinct years, in the order of the last axis of `values`; the panel spans "
          "min(years)..max(years) and years not given are all missing.\n"
          "values : array_like of float, shape (n_regions, n_variables, len(years))\n    NaN = missing; ±inf is "
          "a ValidationError.\n"
          "notes : dict[tuple[str, str, int], str], optional\n    Notes by (code, variable, year).\n"
          "code_scheme : str\n    'gbt2260' (default) or 'free'; codes are checked against it "
          "(CodeFormatError).\n"
          "min_year, max_year : int\n    Accepted year range (ValidationError outside).")
      .def_static("_from_records", &from_records, "region_labels"_a, "variables"_a, "region_index"_a,
                  "variable_index"_a, "years"_a, "values"_a, "notes"_a = py::none(), "rows"_a = py::none(), py::kw_only(),
                  "code_scheme"_a = CodeScheme::gbt2260, "regions"_a = nullptr, "min_year"_a = 1949,
                  "max_year"_a = 2100,
                  "A panel from long records (one per value), built in C++: row i stores values[i] at "
                  "(region_labels[region_index[i]], variables[variable_index[i]], years[i]). NaN values are "
                  "missing (kept only for their note). The same cell twice is a DuplicateError naming both rows (rows[i] "
                  "when `rows` is given, else i). "
                  "With `regions` (a RegionSet) codes are resolved through its history, else checked against "
                  "`code_scheme`. Used by Panel.from_frame.")
      .def_property_readonly("regions", &Panel::regions, "Region codes in axis order.")
      .def_property_readonly("variables", &Panel::variables, "Variable ids in axis order.")
      .def_property_readonly(
          "years",
          [](const Panel& p) {
            std::vector<int> out;
            for (Index t = 0; t < p.n_years(); ++t) out.push_back(p.year_at(t));
            return out;
          },
          "The years of the axis, first_year .. last_year.")
      .def_property_readonly("first_year", &Panel::first_year, "First year of the axis.")
      .def_property_readonly("last_year", &Panel::last_year, "Last year of the axis.")
      .def_property_readonly("n_regions", &Panel::n_regions, "Number of regions.")
      .def_property_readonly("n_variables", &Panel::n_variables, "Number of variables.")
      .def_property_readonly("n_years", &Panel::n_years, "Number of years.")
      .def_property_readonly(
          "shape", [](const Panel& p) { return py::make_tuple(p.n_regions(), p.n_variables(), p.n_years()); },
          "(n_regions, n_variables, n_years), the shape of `values`.")
      .def_property_readonly(
          "values",
          [](py::object self) {
            const Panel& p = self.cast<const Panel&>();
            constexpr auto s = static_cast<py::ssize_t>(sizeof(double));
            const py::ssize_t nr = p.n_regions(), nv = p.n_variables(), ny = p.n_years();
            py::array view(py::dtype::of<double>(), {nr, nv, ny}, {s, s * nr, s * nr * nv}, p.data().data(), self);
            view.attr("setflags")("write"_a = false);
            return view;
          },
          "Read-only numpy view of every value, shape (n_regions, n_variables, n_years), indexed [r, v, t] in "
          "axis order; NaN = missing. No copy is made: the view follows later set() calls and keeps the panel "
          "alive. Use .copy() for a writable array.")
      .def(
          "year_matrix",
          [](const Panel& p, int year) {
            const auto t = p.year_index(year);
            py::array_t<double, py::array::f_style> out({p.n_regions(), p.n_variables()});
            const auto y = p.year(t);
            std::copy(y.data(), y.data() + y.size(), out.mutable_data());
            return out;
          },
          "year"_a,
          "A new 2-D array, regions x variables, of one year (NaN = missing). Raises UnknownIdError for a year "
          "outside the axis.")
      .def(
          "series",
          [](const Panel& p, const std::string& code, const std::string& variable) {
            const auto s = p.series(p.region_index(code), p.variable_index(variable));
            py::array_t<double> out(p.n_years());
            for (Index t = 0; t < p.n_years(); ++t) out.mutable_at(t) = s(t);
            return out;
          },
          "code"_a, "variable"_a, "A new 1-D array of one region's variable over the years (NaN = missing).")
      .def("region_index", &Panel::region_index, "code"_a, "Axis position of a region. Raises UnknownIdError.")
      .def("variable_index", &Panel::variable_index, "variable"_a, "Axis position of a variable. Raises UnknownIdError.")
      .def("year_index", &Panel::year_index, "year"_a, "Axis position of a year. Raises UnknownIdError.")
      .def(
          "get",
          [](const Panel& p, const std::string& code, const std::string& variable, int year) {
            const auto [r, v, t] = cell(p, code, variable, year);
            return p.get(r, v, t);
          },
          "code"_a, "variable"_a, "year"_a, "The value, or None when it is missing. Raises UnknownIdError.")
      .def(
          "has",
          [](const Panel& p, const std::string& code, const std::string& variable, int year) {
            const auto [r, v, t] = cell(p, code, variable, year);
            return p.has(r, v, t);
          },
          "code"_a, "variable"_a, "year"_a, "True when the cell holds a value. Raises UnknownIdError.")
      .def(
          "set",
          [](Panel& p, const std::string& code, const std::string& variable, int year, double value) {
            const auto [r, v, t] = cell(p, code, variable, year);
            p.set(r, v, t, value);
          },
          "code"_a, "variable"_a, "year"_a, "value"_a,
          "Stores a finite value. Raises ValidationError for NaN or inf (use set_missing), UnknownIdError for an "
          "unknown label.")
      .def(
          "set_missing",
          [](Panel& p, const std::string& code, const std::string& variable, int year) {
            const auto [r, v, t] = cell(p, code, variable, year);
            p.set_missing(r, v, t);
          },
          "code"_a, "variable"_a, "year"_a, "Marks the cell missing (its note is kept).")
      .def(
          "note",
          [](const Panel& p, const std::string& code, const std::string& variable, int year) {
            const auto [r, v, t] = cell(p, code, variable, year);
            return p.note(r, v, t);
          },
          "code"_a, "variable"_a, "year"_a, "The note (source, remark) of a cell; '' when there is none.")
      .def(
          "set_note",
          [](Panel& p, const std::string& code, const std::string& variable, int year, std::string text) {
            const auto [r, v, t] = cell(p, code, variable, year);
            p.set_note(r, v, t, std::move(text));
          },
          "code"_a, "variable"_a, "year"_a, "text"_a, "Sets the note of a cell; '' removes it.")
      .def_property_readonly("n_notes", &Panel::n_notes, "Number of values with a note.")
      .def(
          "_notes",
          [](const Panel& p) {
            std::vector<long long> r, v, y;
            py::list text;
            p.for_each_note([&](Index ri, Index vi, Index ti, const std::string& s) {
              r.push_back(ri);
              v.push_back(vi);
              y.push_back(p.year_at(ti));
              text.append(s);
            });
            return py::make_tuple(py::array_t<long long>(static_cast<py::ssize_t>(r.size()), r.data()),
                                  py::array_t<long long>(static_cast<py::ssize_t>(v.size()), v.data()),
                                  py::array_t<long long>(static_cast<py::ssize_t>(y.size()), y.data()), text);
          },
          "Every note as (region_index, variable_index, year, text): three int64 arrays and a list, in storage "
          "order. Used by Panel.to_frame.")
      .def_property("comments", &Panel::comments, &Panel::set_comments,
                    "File-level comments (provenance, e.g. 'illustrative, not official statistics'); the CSV "
                    "writers write them as leading '#' lines and the readers read them back.")
      .def_property_readonly("illustrative", &Panel::illustrative,
                             "True when a comment says the data are illustrative (contains 'illustrative', any "
                             "case): every report made from the panel must then say so.")
      .def("count_present", &Panel::count_present, "Number of values present.")
      .def("with_variables", &Panel::with_variables, "variables"_a,
           "A copy with variables appended (all missing). Raises DuplicateError for one already in the panel.")
      .def("copy", [](const Panel& p) { return Panel(p); }, "A deep copy.")
      .def("__copy__", [](const Panel& p) { return Panel(p); })
      .def("__deepcopy__", [](const Panel& p, py::dict) { return Panel(p); }, "memo"_a)
      .def(
          "__eq__", [](const Panel& a, const Panel& b) { return a == b; }, py::is_operator(),
          "Exact equality: same axes in the same order, the same bits in every value (missing where missing), "
          "the same notes and comments.")
      .def("__repr__", &panel_repr);

  py::class_<Derived>(m, "Derived", "A panel extended with derived indicators, and the reasons for values that "
                                    "could not be derived (see derive).")
      .def_readonly("panel", &Derived::panel, "Raw variables, then each indicator that is not already a variable.")
      .def(
          "issue_columns",
          [](const Derived& d) {
            py::list code, indicator, year, reason, detail;
            for (const auto& i : d.issues) {
              code.append(d.panel.regions()[static_cast<std::size_t>(i.region)]);
              indicator.append(i.indicator);
              year.append(i.year);
              reason.append(EnumText<MissingReason>::name(i.reason));
              detail.append(i.detail);
            }
            return py::dict("code"_a = code, "indicator"_a = indicator, "year"_a = year, "reason"_a = reason,
                            "detail"_a = detail);
          },
          "The issues as columns (a dict of lists: code, indicator, year, reason, detail), in (indicator, year, "
          "region) order. `reason` is one of source_missing, denominator_missing, denominator_zero, "
          "base_year_outside, base_missing, base_not_positive, cagr_undefined, out_of_range.")
      .def("__repr__", [](const Derived& d) {
        return "<Derived: " + panel_repr(d.panel) + ", " + std::to_string(d.issues.size()) + " issues>";
      });

  m.def("check_data", &check_data, "framework"_a, "panel"_a, "indicators"_a = std::vector<std::string>{},
        "Checks that every variable the framework's indicators (all, or those named in `indicators`) use is in "
        "the panel. Raises UnknownIdError naming the first missing variable and the indicator that needs it, or an "
        "unknown indicator.");
  m.def(
      "derive",
      [](const Panel& panel, const Framework& framework, OutOfRange out_of_range, bool record_plain_missing,
         std::vector<std::string> indicators) {
        return derive(panel, framework, DeriveOptions{out_of_range, record_plain_missing, std::move(indicators)});
      },
      "panel"_a, "framework"_a, py::kw_only(), "out_of_range"_a = OutOfRange::error,
      "record_plain_missing"_a = false, "indicators"_a = std::vector<std::string>{},
      py::call_guard<py::gil_scoped_release>(),
      "Derives the indicators of `framework` (all, or those named in `indicators`) from the raw variables in "
      "`panel`.\n\n"
      "Rules, for region r in year t (n = the indicator's `years`):\n\n"
      "- raw, qualitative: x = v_t\n"
      "- ratio: x = num_t / den_t * scale; missing when either is missing or den_t = 0\n"
      "- growth: x = (v_t / v_{t-n} - 1) * 100, percent; missing when t - n is outside the panel, v_{t-n} is "
      "missing or v_{t-n} <= 0\n"
      "- cagr: x = ((v_t / v_{t-n})^(1/n) - 1) * 100, percent (compound average annual growth, the geometric-mean "
      "method of 国家统计局 年均增长速度); missing as for growth, and when v_t < 0\n\n"
      "Parameters\n----------\n"
      "panel : Panel\n    Raw variables.\n"
      "framework : Framework\n    The indicators to derive.\n"
      "out_of_range : str\n    'error' (default): a derived value outside the indicator's valid range raises "
      "ValidationError; 'missing': it is set missing and recorded as an issue.\n"
      "record_plain_missing : bool\n    Also record an issue when a raw or qualitative indicator's own source "
      "is missing.\n"
      "indicators : list[str]\n    Ids of the indicators to derive; empty (the default) = all. Only the "
      "variables these use need to be in the panel.\n\n"
      "Returns\n-------\n"
      "Derived\n    `.panel`: raw variables, then each indicator that is not already a variable; `.issues`: "
      "a DataFrame (code, indicator, year, reason, detail) of the values that could not be derived.\n\n"
      "Raises\n------\n"
      "UnknownIdError\n    A variable an indicator needs is not in the panel, or an unknown indicator id.\n"
      "ValidationError\n    A range violation under out_of_range='error'.");
}

}  // namespace countyleap::python
