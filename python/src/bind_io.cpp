// countyleap/io/*.hpp -> the CSV, JSON, pipeline-spec and COINr readers and writers, datasets;
// and the file methods of the model classes (Panel.from_csv/to_csv,
// RegionSet/Framework/Plan/TierScheme.from_json/to_json).

#include <filesystem>
#include <optional>

#include "bindings.hpp"
#include "countyleap/io/imeta.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;
using release_gil = py::call_guard<py::gil_scoped_release>;

/// Adds a method named `name` to the already bound class T (as class_::def does).
template <class T, class F, class... Extra>
void add_method(const char* name, F&& f, const Extra&... extra) {
  py::object cls = py::type::of<T>();
  cls.attr(name) = py::cpp_function(std::forward<F>(f), py::name(name), py::is_method(cls),
                                    py::sibling(py::getattr(cls, name, py::none())), extra...);
}

/// Adds a static method named `name` to the already bound class T (as class_::def_static does).
template <class T, class F, class... Extra>
void add_static(const char* name, F&& f, const Extra&... extra) {
  py::object cls = py::type::of<T>();
  cls.attr(name) = py::staticmethod(
      py::cpp_function(std::forward<F>(f), py::name(name), py::scope(cls), py::sibling(py::getattr(cls, name, py::none())),
                       extra...));
}

/// The part `o` of `parent` as a Python object that keeps `parent` alive, or None.
template <class T>
py::object optional_part(const std::optional<T>& o, py::handle parent) {
  if (!o) return py::none();
  return py::cast(&*o, py::return_value_policy::reference_internal, parent);
}

io::ReadOptions read_options(io::Encoding encoding, const RegionSet* regions, CodeScheme scheme, int min_year,
                             int max_year) {
  return io::ReadOptions{encoding, regions, scheme, min_year, max_year};
}

Panel read_panel(const Path& path, io::CsvLayout layout, io::Encoding encoding, const RegionSet* regions,
                 CodeScheme scheme, int min_year, int max_year) {
  return io::read_panel_csv(path.value, layout, read_options(encoding, regions, scheme, min_year, max_year));
}

/// T.from_json(path) and obj.to_json(path=None) over the io functions of T.
template <class T, class Read, class Write, class Format>
void add_json_methods(Read read, Write write, Format format, const char* what) {
  const std::string read_doc = std::string("Reads ") + what + " from a JSON file (see docs/file-formats.md).";
  const std::string write_doc = std::string("Writes ") + what + " as JSON to `path`; with no path, returns the text.";
  add_static<T>(
      "from_json", [read](const Path& p) { return read(p.value); }, "path"_a, release_gil(), read_doc.c_str());
  add_method<T>(
      "to_json",
      [write, format](const T& obj, std::optional<Path> path) -> std::optional<std::string> {
        if (!path) return format(obj);
        write(obj, path->value);
        return std::nullopt;
      },
      "path"_a = py::none(), write_doc.c_str());
}

constexpr const char* read_panel_doc =
    "Reads a panel from a CSV file (see docs/file-formats.md).\n\n"
    "Parameters\n----------\n"
    "path : str or os.PathLike\n    The file.\n"
    "layout : str\n    'long' (code,variable,year,value[,note]) or 'wide' (code,year,<variable>...[,<variable>#note]).\n"
    "encoding : str\n    'utf-8' (default; a BOM is skipped) or 'gb18030' (also 'gbk', 'gb2312').\n"
    "regions : RegionSet, optional\n    Resolve codes through its code history; a code not in the set is an "
    "UnknownIdError.\n"
    "code_scheme : str\n    'gbt2260' (default) or 'free'; checked when `regions` is not given.\n"
    "min_year, max_year : int\n    Accepted year range.\n\n"
    "Raises\n------\n"
    "FileError, EncodingError, ParseError, DuplicateError, CodeFormatError, UnknownIdError, ValidationError\n"
    "    Each message names the file, line and column.";

}  // namespace

void bind_io(py::module_& m) {
  // ---- panel CSV ----------------------------------------------------------------------------
  m.def("read_panel_csv", &read_panel, "path"_a, "layout"_a = io::CsvLayout::long_table, py::kw_only(),
        "encoding"_a = io::Encoding::utf8, "regions"_a = nullptr, "code_scheme"_a = CodeScheme::gbt2260,
        "min_year"_a = 1949, "max_year"_a = 2100, release_gil(), read_panel_doc);
  add_static<Panel>("from_csv", &read_panel, "path"_a, "layout"_a = io::CsvLayout::long_table, py::kw_only(),
                    "encoding"_a = io::Encoding::utf8, "regions"_a = nullptr, "code_scheme"_a = CodeScheme::gbt2260,
                    "min_year"_a = 1949, "max_year"_a = 2100, release_gil(), read_panel_doc);
  m.def(
      "parse_panel_csv",
      [](std::string_view text, io::CsvLayout layout, io::Encoding encoding, const RegionSet* regions,
         CodeScheme scheme, int min_year, int max_year, const std::string& source_name) {
        return io::parse_panel_csv(text, layout, read_options(encoding, regions, scheme, min_year, max_year),
                                   source_name);
      },
      "text"_a, "layout"_a = io::CsvLayout::long_table, py::kw_only(), "encoding"_a = io::Encoding::utf8,
      "regions"_a = nullptr, "code_scheme"_a = CodeScheme::gbt2260, "min_year"_a = 1949, "max_year"_a = 2100,
      "source_name"_a = "<string>", release_gil(),
      "Reads a panel from CSV text, as read_panel_csv; `source_name` stands for the file name in messages.");
  m.def(
      "write_panel_csv",
      [](const Panel& panel, const Path& path, io::CsvLayout layout) { io::write_panel_csv(panel, path.value, layout); },
      "panel"_a, "path"_a, "layout"_a = io::CsvLayout::long_table, release_gil(),
      "Writes a panel as CSV (UTF-8 without BOM, LF line ends; comments as leading '#' lines). Long layout "
      "writes every present value and every missing value that has a note; wide layout every (code, year) row. "
      "Numbers are written in the shortest text that reads back to the same double. Raises FileError.");
  m.def("format_panel_csv", &io::format_panel_csv, "panel"_a, "layout"_a = io::CsvLayout::long_table, release_gil(),
        "The CSV text write_panel_csv would write.");
  add_method<Panel>(
      "to_csv",
      [](const Panel& panel, std::optional<Path> path, io::CsvLayout layout) -> std::optional<std::string> {
        if (!path) return io::format_panel_csv(panel, layout);
        io::write_panel_csv(panel, path->value, layout);
        return std::nullopt;
      },
      "path"_a = py::none(), "layout"_a = io::CsvLayout::long_table,
      "Writes the panel as CSV to `path` (see write_panel_csv); with no path, returns the text.");

  // ---- JSON ---------------------------------------------------------------------------------
  m.def(
      "read_regions_json", [](const Path& p) { return io::read_regions_json(p.value); }, "path"_a, release_gil(),
      "Reads a region set (schema countyleap.regions/1). Raises FileError, EncodingError, ParseError (with line "
      "and column, or the JSON pointer of a missing or mistyped key) and the RegionSet constructor's errors.");
  m.def("parse_regions_json", &io::parse_regions_json, "text"_a, "source_name"_a = "<string>", release_gil(),
        "Parses a region set from JSON text.");
  m.def(
      "write_regions_json", [](const RegionSet& r, const Path& p) { io::write_regions_json(r, p.value); }, "regions"_a,
      "path"_a, release_gil(), "Writes a region set (UTF-8, two-space indent, keys in schema order).");
  m.def("format_regions_json", &io::format_regions_json, "regions"_a, release_gil(),
        "The JSON text write_regions_json would write.");

  m.def(
      "read_framework_json", [](const Path& p) { return io::read_framework_json(p.value); }, "path"_a, release_gil(),
      "Reads a framework (schema countyleap.framework/1). Raises as read_regions_json, plus the Framework "
      "constructor's errors.");
  m.def("parse_framework_json", &io::parse_framework_json, "text"_a, "source_name"_a = "<string>", release_gil(),
        "Parses a framework from JSON text.");
  m.def(
      "write_framework_json", [](const Framework& f, const Path& p) { io::write_framework_json(f, p.value); },
      "framework"_a, "path"_a, release_gil(), "Writes a framework.");
  m.def("format_framework_json", &io::format_framework_json, "framework"_a, release_gil(),
        "The JSON text write_framework_json would write.");

  m.def(
      "read_plan_json", [](const Path& p) { return io::read_plan_json(p.value); }, "path"_a, release_gil(),
      "Reads a plan (schema countyleap.plan/1). Raises as read_regions_json, plus the Plan constructor's errors.");
  m.def("parse_plan_json", &io::parse_plan_json, "text"_a, "source_name"_a = "<string>", release_gil(),
        "Parses a plan from JSON text.");
  m.def(
      "write_plan_json", [](const Plan& plan, const Path& p) { io::write_plan_json(plan, p.value); }, "plan"_a,
      "path"_a, release_gil(), "Writes a plan.");
  m.def("format_plan_json", &io::format_plan_json, "plan"_a, release_gil(), "The JSON text write_plan_json would write.");

  m.def(
      "read_tier_scheme_json", [](const Path& p) { return io::read_tier_scheme_json(p.value); }, "path"_a,
      release_gil(),
      "Reads a tier scheme (schema countyleap.tiers/1; the same object without \"schema\" is a plan's "
      "tier_scheme). Raises as read_regions_json, plus TierScheme.validate's errors.");
  m.def("parse_tier_scheme_json", &io::parse_tier_scheme_json, "text"_a, "source_name"_a = "<string>", release_gil(),
        "Parses a tier scheme from JSON text.");
  m.def(
      "write_tier_scheme_json", [](const TierScheme& s, const Path& p) { io::write_tier_scheme_json(s, p.value); },
      "scheme"_a, "path"_a, release_gil(), "Writes a tier scheme.");
  m.def("format_tier_scheme_json", &io::format_tier_scheme_json, "scheme"_a, release_gil(),
        "The JSON text write_tier_scheme_json would write.");

  add_json_methods<RegionSet>(&io::read_regions_json, &io::write_regions_json, &io::format_regions_json,
                              "a region set");
  add_json_methods<Framework>(&io::read_framework_json, &io::write_framework_json, &io::format_framework_json,
                              "a framework");
  add_json_methods<Plan>(&io::read_plan_json, &io::write_plan_json, &io::format_plan_json, "a plan");
  add_json_methods<TierScheme>(&io::read_tier_scheme_json, &io::write_tier_scheme_json, &io::format_tier_scheme_json,
                               "a tier scheme");

  // ---- pipeline spec ------------------------------------------------------------------------
  m.def(
      "read_pipeline_spec", [](const Path& p) { return io::read_pipeline_spec(p.value); }, "path"_a, release_gil(),
      "Reads a pipeline spec from a JSON file (docs/pipeline-spec.md). Raises FileError, EncodingError, "
      "ParseError (malformed JSON with line and column; an unknown key, a missing or mistyped value with its JSON "
      "pointer), ValidationError (an unknown method name, with its pointer).");
  m.def("parse_pipeline_spec", &io::parse_pipeline_spec, "text"_a, "source_name"_a = "<spec>", release_gil(),
        "Parses a pipeline spec from JSON text.");
  m.def("format_pipeline_spec", &io::format_pipeline_spec, "spec"_a, release_gil(),
        "The canonical JSON of a spec: every step that runs, with every option of its method written out.");

  // ---- COINr --------------------------------------------------------------------------------
  py::class_<io::CoinrTables>(m, "CoinrTables",
                              "Everything a COINr iData/iMeta pair holds: units (code = uCode, name_en = uName, "
                              "attributes = *_group columns), the framework (indicators, denominators as variables, "
                              "the tree with weights) and the panel (every numeric iData column by unit and Time).")
      .def(py::init([](RegionSet regions, Framework framework, Panel panel) {
             return io::CoinrTables{std::move(regions), std::move(framework), std::move(panel)};
           }),
           "regions"_a, "framework"_a, "panel"_a)
      // Read-only: replacing a part in place would free the memory of views taken from it.
      .def_readonly("regions", &io::CoinrTables::regions, "Units (free code scheme).")
      .def_readonly("framework", &io::CoinrTables::framework, "Indicators, variables and the tree.")
      .def_readonly("panel", &io::CoinrTables::panel, "Values by (unit, column, Time).")
      .def("__repr__", [](const io::CoinrTables& t) {
        return "<CoinrTables: " + std::to_string(t.regions.size()) + " units, " +
               std::to_string(t.framework.n_leaves()) + " indicators, " + std::to_string(t.panel.n_variables()) +
               " data columns>";
      });
  m.def(
      "read_coinr",
      [](const Path& idata, const Path& imeta, io::Encoding encoding) {
        return io::read_coinr(idata.value, imeta.value, encoding);
      },
      "idata"_a, "imeta"_a, py::kw_only(), "encoding"_a = io::Encoding::utf8, release_gil(),
      "Reads COINr's iData and iMeta tables (R package COINr, JRC).\n\n"
      "iData: uName, uCode, *_group columns (region attributes), Time, then numeric columns; NA or empty is "
      "missing. iMeta: Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type. "
      "'Indicator' rows (Level 1) become indicators and leaves, 'Aggregate' rows nodes, 'Denominator' rows "
      "variables; 'Group' rows are ignored. Codes use the free scheme.\n\n"
      "Raises the CSV reader's errors (with file, line and column), UnknownIdError for a Parent or Denominator "
      "that names nothing, ValidationError for a Direction other than +1/-1, and the Framework constructor's "
      "errors.");
  m.def(
      "read_imeta",
      [](const Path& path, io::Encoding encoding, const Panel* panel) {
        return io::read_imeta(path.value, encoding, panel);
      },
      "path"_a, py::kw_only(), "encoding"_a = io::Encoding::utf8, "panel"_a = nullptr, release_gil(),
      "Reads COINr's iMeta table alone as a Framework, by the rules of read_coinr ('Indicator', "
      "'Aggregate', 'Denominator', 'Group' and 'Other' rows). With `panel`, every Denominator must be one of "
      "its variables (UnknownIdError otherwise).");
  m.def(
      "parse_imeta",
      [](const std::string& text, const std::string& file, const Panel* panel) {
        return io::parse_imeta(text, file, panel);
      },
      "text"_a, py::kw_only(), "file"_a = "", "panel"_a = nullptr, release_gil(),
      "read_imeta of CSV text (UTF-8); `file` names it in messages.");
  m.def(
      "write_coinr",
      [](const io::CoinrTables& tables, const Path& idata, const Path& imeta) {
        io::write_coinr(tables, idata.value, imeta.value);
      },
      "tables"_a, "idata"_a, "imeta"_a, release_gil(),
      "Writes iData and iMeta so that read_coinr gives back the same tables.");

  // ---- datasets -----------------------------------------------------------------------------
  py::class_<io::Dataset>(m, "Dataset",
                          "A dataset folder: regions.json (required), framework.json, plan.json and a panel CSV "
                          "(the first of panel.csv, panel-*.csv, long layout). A part whose file is absent is None.")
      .def_readonly("directory", &io::Dataset::directory, "The folder it was read from.")
      .def_readonly("regions", &io::Dataset::regions, "regions.json.")
      .def_property_readonly(
          "framework", [](py::object self) { return optional_part(self.cast<const io::Dataset&>().framework, self); },
          "framework.json, or None.")
      .def_property_readonly(
          "plan", [](py::object self) { return optional_part(self.cast<const io::Dataset&>().plan, self); },
          "plan.json (validated against the framework and the regions), or None.")
      .def_property_readonly(
          "panel", [](py::object self) { return optional_part(self.cast<const io::Dataset&>().panel, self); },
          "The panel (codes resolved against the regions), or None while the folder has no panel CSV.")
      .def_readonly("panel_file", &io::Dataset::panel_file, "Name of the panel file read, '' if none.")
      .def_property_readonly(
          "published", [](py::object self) { return optional_part(self.cast<const io::Dataset&>().published, self); },
          "published-results.csv (what the province published), or None.")
      .def_property_readonly("name", [](const io::Dataset& d) { return d.info.name; },
                             "The dataset's name (dataset.json, else the folder's name).")
      .def_property_readonly("illustrative", [](const io::Dataset& d) { return d.info.illustrative; },
                             "True when dataset.json marks the values as invented (illustrative, not official "
                             "statistics): every output made from them says so.")
      .def_property_readonly("info", [](const io::Dataset& d) {
        return py::dict("name"_a = d.info.name, "illustrative"_a = d.info.illustrative,
                        "comments"_a = d.info.comments, "note"_a = d.info.note);
      }, "dataset.json as a dict: name, illustrative, comments (list), note.")
      .def("__repr__", [](const io::Dataset& d) {
        // the name, not the folder: a notebook's committed output must not depend on the checkout
        return "<Dataset " + quoted(d.info.name) + ": " + (d.info.illustrative ? "ILLUSTRATIVE, " : "") +
               std::to_string(d.regions.size()) + " regions" +
               (d.framework ? ", framework" : "") + (d.plan ? ", plan" : "") +
               (d.panel ? ", panel " + quoted(std::filesystem::path(d.panel_file).filename().string()) : ", no panel") +
               ">";
      });
  m.def(
      "read_dataset", [](const Path& directory) { return io::read_dataset(directory.value); }, "directory"_a,
      release_gil(),
      "Reads a dataset folder; the panel's codes are resolved against the regions and the plan is validated "
      "against the framework and the regions. Raises FileError when the folder or regions.json is missing, and "
      "the readers' errors.");
  m.def(
      "read_dataset_spec",
      [](const Path& directory) { return io::read_dataset_spec(directory.value); }, "directory"_a, release_gil(),
      "The pipeline spec of a dataset folder (its spec.json), or None when the folder has none. Raises the "
      "spec reader's errors.");
  m.def("bundled_dataset_dir", &io::bundled_dataset_dir, "name"_a,
        "The folder of a bundled dataset by name (e.g. 'shijiazhuang'): $COUNTYLEAP_DATA_DIR/<name> when that "
        "variable is set, else the installed data folder, else the source tree's data/. Raises FileError when no "
        "such folder exists.");
}

}  // namespace countyleap::python
