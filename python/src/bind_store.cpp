// countyleap/store.hpp and countyleap/rules.hpp -> countyleap.Store and the rule functions. Tables
// come back as dicts of columns (plain lists), vintages and results as dicts; pandas is the
// Python layer's job. Rows go in as a mapping of columns (a DataFrame's to_dict("list")).

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "countyleap/store.hpp"

namespace countyleap::python {
namespace {

/// The as-of argument: None (latest), a batch id (int) or text (a batch id or ISO date-time).
std::string as_of_text(const py::object& as_of) {
  if (as_of.is_none()) return "";
  if (py::isinstance<py::bool_>(as_of)) throw py::type_error("as_of must be a str, an int batch id or None, not bool");
  if (py::isinstance<py::int_>(as_of)) return std::to_string(as_of.cast<long long>());
  if (py::isinstance<py::str>(as_of)) return as_of.cast<std::string>();
  throw py::type_error("as_of must be a str (ISO date-time or batch id), an int batch id or None, not " +
                       std::string(py::str(py::type::of(as_of).attr("__name__"))));
}

std::vector<ObservationStatus> statuses_of(const std::optional<std::vector<std::string>>& names) {
  std::vector<ObservationStatus> out;
  if (names)
    for (const std::string& n : *names) out.push_back(observation_status_from_string(n));
  return out;
}

/// The rows of a submission from a mapping of equal-length columns; "code", "variable" and "year" required.
SubmittedRows rows_from(const py::handle& rows) {
  if (!py::isinstance<py::dict>(rows) && !py::hasattr(rows, "keys"))
    throw py::type_error("rows must be a mapping of columns (e.g. DataFrame.to_dict('list'))");
  static const char* const known[] = {"code", "variable", "year", "value", "text", "missing_reason", "status",
                                      "unit", "note", "sheet", "cell", "line"};
  py::dict columns;
  for (py::handle key : rows.attr("keys")()) {
    const std::string name = py::str(key);
    if (std::find(std::begin(known), std::end(known), name) == std::end(known))
      throw validation_error("unknown row column '" + name +
                             "' (expected code, variable, year, value, text, missing_reason, status, unit, note, "
                             "sheet, cell, line)");
    columns[py::str(name)] = py::list(rows[key]);
  }
  for (const char* required : {"code", "variable", "year"})
    if (!columns.contains(required)) throw validation_error(std::string("rows need the column '") + required + "'");
  const std::size_t n = py::len(columns["code"]);
  for (auto item : columns)
    if (py::len(item.second) != n)
      throw validation_error("row column '" + std::string(py::str(item.first)) + "' has " +
                             std::to_string(py::len(item.second)) + " entries, 'code' has " + std::to_string(n));
  auto column = [&](const char* name) -> std::optional<py::list> {
    if (!columns.contains(name)) return std::nullopt;
    return columns[name].cast<py::list>();
  };
  const auto code = column("code"), variable = column("variable"), year = column("year"), value = column("value"),
             text = column("text"), reason = column("missing_reason"), status = column("status"), unit = column("unit"),
             note = column("note"), sheet = column("sheet"), cell = column("cell"), line = column("line");
  auto str_at = [](const std::optional<py::list>& c, std::size_t i) -> std::string {
    if (!c) return "";
    py::handle x = (*c)[i];
    if (x.is_none() || (py::isinstance<py::float_>(x) && std::isnan(x.cast<double>()))) return "";
    return py::str(x);
  };
  SubmittedRows out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    SubmittedValue r;
    r.code = str_at(code, i);
    r.variable = str_at(variable, i);
    r.year = (*year)[i].cast<int>();
    if (value) {
      py::handle x = (*value)[i];
      if (!x.is_none()) {
        if (py::isinstance<py::str>(x)) r.text = x.cast<std::string>();  // a cell that held text
        else if (const double d = x.cast<double>(); !std::isnan(d)) r.value = d;
      }
    }
    if (r.text.empty()) r.text = str_at(text, i);
    r.missing_reason = str_at(reason, i);
    const std::string s = str_at(status, i);
    if (!s.empty()) r.status = observation_status_from_string(s);
    r.unit = str_at(unit, i);
    r.note = str_at(note, i);
    r.sheet = str_at(sheet, i);
    r.cell = str_at(cell, i);
    if (line && !(*line)[i].is_none()) r.line = (*line)[i].cast<std::int64_t>();
    out.push_back(r);
  }
  return out;
}

py::object optional_value(const std::optional<double>& x) { return x ? py::object(py::float_(*x)) : py::object(py::none()); }

py::dict report_columns(const std::vector<Finding>& findings) {
  py::list rule, severity, code, variable, year, value, found, expected, where, row, message;
  for (const Finding& f : findings) {
    rule.append(f.rule);
    severity.append(to_string(f.severity));
    code.append(f.code);
    variable.append(f.variable);
    year.append(f.year);
    value.append(optional_value(f.value));
    found.append(f.found);
    expected.append(f.expected);
    where.append(f.where);
    row.append(f.row);
    message.append(f.message);
  }
  py::dict d;
  d["rule"] = rule;
  d["severity"] = severity;
  d["code"] = code;
  d["variable"] = variable;
  d["year"] = year;
  d["value"] = value;
  d["found"] = found;
  d["expected"] = expected;
  d["where"] = where;
  d["row"] = row;
  d["message"] = message;
  return d;
}

py::dict vintage_dict(const Vintage& v) {
  py::dict d;
  d["as_of"] = v.as_of;
  d["batch"] = v.batch;
  d["committed_at"] = v.committed_at;
  d["content_hash"] = v.content_hash;
  return d;
}

py::dict info_dict(const DatasetInfo& info) {
  py::dict d;
  d["name"] = info.name;
  d["illustrative"] = info.illustrative;
  d["comments"] = info.comments;
  d["note"] = info.note;
  return d;
}

py::dict import_dict(const ImportResult& r) {
  py::dict d;
  d["outcome"] = to_string(r.outcome);
  d["batch"] = r.batch;
  d["rows"] = r.n_rows;
  d["flagged"] = r.n_flagged;
  d["message"] = r.message;
  d["report"] = report_columns(r.report.findings);
  return d;
}

std::optional<RuleSet> rules_from(py::handle rules, const Framework* fw) {
  if (rules.is_none()) return std::nullopt;
  const JsonSource json = json_source(rules, "rules: a dict, JSON text or the path of a rules.json");
  return json.is_path ? read_rules_json(json.text, fw) : parse_rules_json(json.text, json.name, fw);
}

/// A Store that can be closed (its file released) before it is collected.
struct PyStore {
  std::optional<Store> store;
  Store& get() {
    if (!store) throw validation_error("the store is closed");
    return *store;
  }
};

}  // namespace

void bind_store(py::module_& m) {
  m.def("sha256_file", [](const Path& p) { return sha256_file(p.value); }, py::arg("path"),
        "SHA-256 of a file's bytes (64 lower-case hex digits): the fingerprint a store keeps per batch.");
  m.def(
      "default_rules",
      [](const Framework& fw, const Plan* plan) { return format_rules_json(RuleSet::defaults(fw, plan)); },
      py::arg("framework"), py::arg("plan") = py::none(),
      "The default validation rules derived from a framework (and a plan for the years), as rules.json text.");
  m.def(
      "validate_rows",
      [](py::handle rows, py::handle rules, const Framework& fw, const RegionSet& regions, const Panel* context) {
        const auto parsed = rows_from(rows);
        const auto set = rules_from(rules, &fw);
        const RuleSet effective = set ? *set : RuleSet::defaults(fw);
        return report_columns(validate(parsed, effective, fw, regions, context ? *context : Panel()).findings);
      },
      py::arg("rows"), py::arg("rules"), py::arg("framework"), py::arg("regions"), py::arg("context") = py::none(),
      "Confronts rows with rules (None: the framework's defaults) without a store; the report as columns.");

  py::class_<PyStore>(m, "Store",
                      "The indicator database: one SQLite file (append-only observations with provenance, "
                      "vintages). See countyleap/store.hpp and docs/store.md.")
      .def(py::init([](const Path& path, bool read_only, int busy_timeout_ms, std::int64_t max_page_count) {
             StoreOptions o;
             o.read_only = read_only;
             o.busy_timeout_ms = busy_timeout_ms;
             o.max_page_count = max_page_count;
             return PyStore{Store(path.value, o)};
           }),
           py::arg("path"), py::kw_only(), py::arg("read_only") = false, py::arg("busy_timeout_ms") = 10000,
           py::arg("max_page_count") = 0, "Opens an existing store (an older schema is migrated forward).")
      .def_static(
          "create",
          [](const Path& path, const RegionSet& regions, std::optional<Framework> framework, std::optional<Plan> plan,
             py::handle rules, const std::string& name, bool illustrative, const std::vector<std::string>& comments,
             const std::string& note) {
            StoreInit init;
            init.regions = regions;
            init.framework = std::move(framework);
            init.plan = std::move(plan);
            init.rules = rules_from(rules, init.framework ? &*init.framework : nullptr);
            init.info = DatasetInfo{name, illustrative, comments, note};
            return PyStore{Store::create(path.value, init)};
          },
          py::arg("path"), py::arg("regions"), py::kw_only(), py::arg("framework") = py::none(),
          py::arg("plan") = py::none(), py::arg("rules") = py::none(), py::arg("name") = "",
          py::arg("illustrative") = false, py::arg("comments") = std::vector<std::string>(), py::arg("note") = "",
          "Creates a new store file (FileError when it exists).")
      .def("close", [](PyStore& s) { s.store.reset(); }, "Closes the file (the object cannot be used afterwards).")
      .def("__enter__", [](py::object self) { return self; })
      .def("__exit__", [](PyStore& s, py::args) { s.store.reset(); })
      .def_property_readonly("path", [](PyStore& s) { return s.get().path(); })
      .def_property_readonly("schema_version", [](PyStore& s) {
        s.get();
        return Store::schema_version;
      })
      .def_property_readonly("regions", [](PyStore& s) { return s.get().regions(); })
      .def_property_readonly("framework", [](PyStore& s) { return s.get().framework(); })
      .def_property_readonly("plan", [](PyStore& s) { return s.get().plan(); })
      .def_property_readonly("info", [](PyStore& s) { return info_dict(s.get().info()); })
      .def("rules_json", [](PyStore& s) { return format_rules_json(s.get().rules()); }, "The rules imports apply.")
      .def("put_regions", [](PyStore& s, const RegionSet& r) { s.get().put_regions(r); }, py::arg("regions"))
      .def("put_framework", [](PyStore& s, const Framework& f) { s.get().put_framework(f); }, py::arg("framework"))
      .def("put_plan", [](PyStore& s, const Plan& p) { s.get().put_plan(p); }, py::arg("plan"))
      .def("put_rules", [](PyStore& s, py::handle rules) {
             Store& st = s.get();
             const auto set = rules_from(rules, st.framework() ? &*st.framework() : nullptr);
             if (!set) throw py::type_error("rules must be given");
             st.put_rules(*set);
           }, py::arg("rules"))
      .def("put_info",
           [](PyStore& s, const std::string& name, bool illustrative, const std::vector<std::string>& comments,
              const std::string& note) { s.get().put_info(DatasetInfo{name, illustrative, comments, note}); },
           py::kw_only(), py::arg("name"), py::arg("illustrative"), py::arg("comments") = std::vector<std::string>(),
           py::arg("note") = "")
      .def("check",
           [](PyStore& s, py::handle rows, py::handle rules) {
             Store& st = s.get();
             Submission sub;
             sub.rows = rows_from(rows);
             const auto set = rules_from(rules, st.framework() ? &*st.framework() : nullptr);
             return report_columns(st.check(sub, set ? &*set : nullptr).findings);
           },
           py::arg("rows"), py::kw_only(), py::arg("rules") = py::none(), "A dry run: the report, nothing written.")
      .def("import_rows",
           [](PyStore& s, py::handle rows, const std::string& source_file, const std::string& submitted_by,
              const std::string& source_sha256, const std::string& submitted_at, const std::string& note, bool dry_run,
              py::handle rules) {
             Store& st = s.get();
             Submission sub;
             sub.rows = rows_from(rows);
             sub.source_file = source_file;
             sub.source_sha256 = source_sha256;
             sub.submitted_by = submitted_by;
             sub.submitted_at = submitted_at;
             sub.note = note;
             const auto set = rules_from(rules, st.framework() ? &*st.framework() : nullptr);
             ImportOptions o;
             o.dry_run = dry_run;
             o.rules = set ? &*set : nullptr;
             return import_dict(st.import_batch(sub, o));
           },
           py::arg("rows"), py::kw_only(), py::arg("source_file"), py::arg("submitted_by"), py::arg("source_sha256") = "",
           py::arg("submitted_at") = "", py::arg("note") = "", py::arg("dry_run") = false, py::arg("rules") = py::none(),
           "Imports rows as one batch (one transaction); the SHA-256 is the file's when not given.")
      .def("import_csv",
           [](PyStore& s, const Path& path, const std::string& submitted_by, io::CsvLayout layout, const std::string& status,
              io::Encoding encoding, const std::string& submitted_at, const std::string& note, bool dry_run) {
             Submission sub = submission_from_csv(path.value, layout, submitted_by, observation_status_from_string(status), encoding);
             sub.submitted_at = submitted_at;
             sub.note = note;
             ImportOptions o;
             o.dry_run = dry_run;
             return import_dict(s.get().import_batch(sub, o));
           },
           py::arg("path"), py::kw_only(), py::arg("submitted_by"), py::arg("layout") = io::CsvLayout::long_table,
           py::arg("status") = "final", py::arg("encoding") = io::Encoding::utf8, py::arg("submitted_at") = "",
           py::arg("note") = "", py::arg("dry_run") = false,
           "Imports a panel CSV (long or wide layout) as one batch; submitted_at ISO 8601 (empty: the commit time).")
      .def("vintage", [](PyStore& s, py::object as_of) { return vintage_dict(s.get().vintage(as_of_text(as_of))); },
           py::arg("as_of") = py::none())
      .def("panel",
           [](PyStore& s, py::object as_of, std::optional<std::vector<std::string>> status) {
             StorePanel p = s.get().panel(as_of_text(as_of), statuses_of(status));
             return py::make_tuple(std::move(p.panel), vintage_dict(p.vintage));
           },
           py::kw_only(), py::arg("as_of") = py::none(), py::arg("status") = py::none(),
           "The panel as it stood at as_of (None: latest), and its vintage.")
      .def("history",
           [](PyStore& s, const std::string& code, const std::string& variable, int year) {
             py::list id, batch, codes, variables, years, value, reason, status, note, file, sha, where, by, at, committed, flags;
             for (const Observation& o : s.get().history(code, variable, year)) {
               id.append(o.id);
               batch.append(o.batch);
               codes.append(o.code);
               variables.append(o.variable);
               years.append(o.year);
               value.append(optional_value(o.value));
               reason.append(o.missing_reason);
               status.append(to_string(o.status));
               note.append(o.note);
               file.append(o.source_file);
               sha.append(o.source_sha256);
               where.append(o.where);
               by.append(o.submitted_by);
               at.append(o.submitted_at);
               committed.append(o.committed_at);
               flags.append(py::cast(o.flags));
             }
             py::dict d;
             d["id"] = id;
             d["batch"] = batch;
             d["code"] = codes;
             d["variable"] = variables;
             d["year"] = years;
             d["value"] = value;
             d["missing_reason"] = reason;
             d["status"] = status;
             d["note"] = note;
             d["source_file"] = file;
             d["source_sha256"] = sha;
             d["where"] = where;
             d["submitted_by"] = by;
             d["submitted_at"] = at;
             d["committed_at"] = committed;
             d["flags"] = flags;
             return d;
           },
           py::arg("code"), py::arg("variable"), py::arg("year"))
      .def("batches",
           [](PyStore& s) {
             py::list id, file, sha, by, at, committed, note, rows, flagged;
             for (const BatchInfo& b : s.get().batches()) {
               id.append(b.id);
               file.append(b.source_file);
               sha.append(b.source_sha256);
               by.append(b.submitted_by);
               at.append(b.submitted_at);
               committed.append(b.committed_at);
               note.append(b.note);
               rows.append(b.n_rows);
               flagged.append(b.n_flagged);
             }
             py::dict d;
             d["id"] = id;
             d["source_file"] = file;
             d["source_sha256"] = sha;
             d["submitted_by"] = by;
             d["submitted_at"] = at;
             d["committed_at"] = committed;
             d["note"] = note;
             d["rows"] = rows;
             d["flagged"] = flagged;
             return d;
           })
      .def("diff",
           [](PyStore& s, py::object a, py::object b) {
             py::list code, variable, year, before, after, sb, sa, batch;
             for (const DiffRow& r : s.get().diff(as_of_text(a), as_of_text(b))) {
               code.append(r.code);
               variable.append(r.variable);
               year.append(r.year);
               before.append(optional_value(r.before));
               after.append(optional_value(r.after));
               sb.append(r.status_before);
               sa.append(r.status_after);
               batch.append(r.batch_after);
             }
             py::dict d;
             d["code"] = code;
             d["variable"] = variable;
             d["year"] = year;
             d["before"] = before;
             d["after"] = after;
             d["status_before"] = sb;
             d["status_after"] = sa;
             d["batch_after"] = batch;
             return d;
           },
           py::arg("a"), py::arg("b") = py::none())
      .def("status",
           [](PyStore& s, int year, py::object as_of) {
             py::list code, name, submitted, expected, present, provisional, flagged, missing, flagged_vars, last, last_at;
             for (const RegionStatus& r : s.get().status(year, as_of_text(as_of))) {
               code.append(r.code);
               name.append(r.name_zh);
               submitted.append(r.submitted);
               expected.append(r.n_expected);
               present.append(r.n_present);
               provisional.append(r.n_provisional);
               flagged.append(r.n_flagged);
               missing.append(py::cast(r.missing));
               flagged_vars.append(py::cast(r.flagged));
               last.append(r.last_batch);
               last_at.append(r.last_submitted_at);
             }
             py::dict d;
             d["code"] = code;
             d["name_zh"] = name;
             d["submitted"] = submitted;
             d["expected"] = expected;
             d["present"] = present;
             d["provisional"] = provisional;
             d["flagged"] = flagged;
             d["missing"] = missing;
             d["flagged_variables"] = flagged_vars;
             d["last_batch"] = last;
             d["last_submitted_at"] = last_at;
             return d;
           },
           py::arg("year"), py::kw_only(), py::arg("as_of") = py::none())
      .def("flags", [](PyStore& s, py::object as_of) { return report_columns(s.get().flags(as_of_text(as_of))); },
           py::kw_only(), py::arg("as_of") = py::none())
      .def("dataset",
           [](PyStore& s, py::object as_of, std::optional<std::vector<std::string>> status) {
             StoreDataset ds = s.get().dataset(as_of_text(as_of), statuses_of(status));
             py::dict d;
             d["dataset"] = py::cast(std::move(ds.dataset));
             d["info"] = info_dict(ds.info);
             d["vintage"] = vintage_dict(ds.vintage);
             return d;
           },
           py::kw_only(), py::arg("as_of") = py::none(), py::arg("status") = py::none())
      .def("__repr__", [](PyStore& s) {
        if (!s.store) return std::string("<Store (closed)>");
        return "<Store " + quoted(s.store->path()) + ": " + std::to_string(s.store->batches().size()) + " batches>";
      });
}

}  // namespace countyleap::python
