// countyleap/error.hpp -> the Python exception hierarchy, rooted at countyleap.Error (a ValueError).

#include <exception>

#include "bindings.hpp"

namespace countyleap::python {
namespace {

/// The Python classes, created once by bind_error and owned by the module.
struct ExceptionTypes {
  PyObject* error = nullptr;
  PyObject* parse = nullptr;
  PyObject* encoding = nullptr;
  PyObject* validation = nullptr;
  PyObject* code_format = nullptr;
  PyObject* framework = nullptr;
  PyObject* plan = nullptr;
  PyObject* unknown_id = nullptr;
  PyObject* duplicate = nullptr;
  PyObject* io = nullptr;
  PyObject* store = nullptr;
};

ExceptionTypes& types() {
  static ExceptionTypes t;
  return t;
}

/// An instance of `type` whose str() is what() and whose attributes file, line, column,
/// column_name and id come from the error's Location (detail is what() without the location).
py::object make_exception(py::handle type, const error& e) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(e.what());
  const Location& w = e.where();
  exc.attr("file") = w.file;
  exc.attr("line") = w.line;
  exc.attr("column") = w.column;
  exc.attr("column_name") = w.column_name;
  exc.attr("id") = w.id;
  exc.attr("detail") = e.detail();
  return exc;
}

void raise(PyObject* type, const error& e) {
  py::object exc = make_exception(type, e);
  PyErr_SetObject(type, exc.ptr());
}

constexpr const char* location_doc =
    "\n\nAttributes\n----------\n"
    "file : str\n    File path as given to the reader ('' if unknown).\n"
    "line : int\n    1-based physical line in the file (0 if unknown).\n"
    "column : int\n    1-based field number within the record (0 if unknown).\n"
    "column_name : str\n    Header name of the column ('' if unknown).\n"
    "id : str\n    Region code, variable, indicator or node id involved ('' if unknown).\n"
    "detail : str\n    The message without the location prefix.";

/// Creates `countyleap.<name>` with these bases, class-level defaults for the location
/// attributes (so instances raised from Python code have them too), and adds it to the module.
PyObject* new_type(py::module_& m, const char* name, const std::string& doc, py::tuple bases) {
  py::dict defaults;
  defaults["file"] = "";
  defaults["line"] = 0;
  defaults["column"] = 0;
  defaults["column_name"] = "";
  defaults["id"] = "";
  defaults["detail"] = "";
  const std::string qualified = std::string("countyleap.") + name;
  const std::string full_doc = doc + location_doc;  // copied into the class's __doc__
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), full_doc.c_str(), bases.ptr(), defaults.ptr());
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));  // the module takes its own reference; ours lives in types()
  return type;
}

}  // namespace

void bind_error(py::module_& m) {
  ExceptionTypes& t = types();
  auto bases = [](auto... types_) { return py::make_tuple(py::handle(types_)...); };
  t.error = new_type(m, "Error",
                     ("Root of every countyleap exception (a ValueError). str() is the C++ message: "
                         "'<file:line:column (column) 'id'>: <what>'."),
                     bases(PyExc_ValueError));
  t.parse = new_type(m, "ParseError",
                     ("Malformed text: CSV syntax (unterminated quote, ragged row, empty file, missing header "
                         "column), non-numeric or NaN/Inf text, malformed JSON."),
                     bases(t.error));
  t.encoding = new_type(m, "EncodingError",
                        ("Bytes that are not valid in the expected text encoding (invalid UTF-8, undecodable "
                            "GB18030). A ParseError."),
                        bases(t.parse));
  t.validation = new_type(m, "ValidationError",
                          ("A value that is well formed but not allowed: year out of range, a value outside an "
                              "indicator's valid range, a non-finite number, a wrong shape."),
                          bases(t.error));
  t.code_format = new_type(m, "CodeFormatError",
                           ("A malformed region code (GB/T 2260: six digits starting with a province code). "
                               "A ValidationError."),
                           bases(t.validation));
  t.framework = new_type(m, "FrameworkError",
                         ("A framework that is not a valid tree: cycle, empty node, negative or all-zero "
                             "weights, several roots. A ValidationError."),
                         bases(t.validation));
  t.plan = new_type(m, "PlanError", ("A plan that contradicts itself or its framework. A ValidationError."),
                    bases(t.validation));
  t.unknown_id = new_type(m, "UnknownIdError",
                          ("An id that names nothing known: unknown region code, variable, indicator, node, "
                              "year or tier. A countyleap.Error and a KeyError."),
                          bases(t.error, PyExc_KeyError));
  // KeyError's str() quotes its argument; the message reads better as it is.
  py::setattr(t.unknown_id, "__str__", py::handle(PyExc_BaseException).attr("__str__"));
  t.duplicate = new_type(m, "DuplicateError",
                         ("The same key given twice: duplicate (code, variable, year), node or region id."),
                         bases(t.error));
  t.io = new_type(m, "FileError",
                  ("A file that cannot be opened, read or written. A countyleap.Error and an OSError."),
                  bases(t.error, PyExc_OSError));
  t.store = new_type(m, "StoreError",
                     ("A store (SQLite database file) that cannot be used as asked: not a database, damaged or "
                         "truncated, not a countyleap store, a newer schema, read-only, disk full, busy. Nothing "
                         "was half-written. A FileError; `fault` names the reason ('newer_schema', ...)."),
                     bases(t.io));
  py::setattr(t.store, "fault", py::str("other"));

  py::register_exception_translator([](std::exception_ptr p) {
    const ExceptionTypes& k = types();
    try {
      if (p) std::rethrow_exception(p);
    } catch (const encoding_error& e) {
      raise(k.encoding, e);
    } catch (const parse_error& e) {
      raise(k.parse, e);
    } catch (const code_format_error& e) {
      raise(k.code_format, e);
    } catch (const framework_error& e) {
      raise(k.framework, e);
    } catch (const plan_error& e) {
      raise(k.plan, e);
    } catch (const validation_error& e) {
      raise(k.validation, e);
    } catch (const unknown_id_error& e) {
      raise(k.unknown_id, e);
    } catch (const duplicate_error& e) {
      raise(k.duplicate, e);
    } catch (const store_error& e) {
      py::object exc = make_exception(k.store, e);
      exc.attr("fault") = to_string(e.fault());
      PyErr_SetObject(k.store, exc.ptr());
    } catch (const io_error& e) {
      raise(k.io, e);
    } catch (const error& e) {
      raise(k.error, e);
    }
  });

  m.def(
      "_make_error",
      [](py::handle type, const std::string& detail, const std::string& file, std::size_t line, std::size_t column,
         const std::string& column_name, const std::string& id) {
        return make_exception(type, error(detail, Location{file, line, column, column_name, id}));
      },
      py::arg("type"), py::arg("detail"), py::kw_only(), py::arg("file") = "", py::arg("line") = 0,
      py::arg("column") = 0, py::arg("column_name") = "", py::arg("id") = "",
      "An instance of the countyleap exception class `type` built exactly as the C++ errors are: the\n"
      "message is '<location>: <detail>' and the location attributes are set. Used by the Python layer\n"
      "to raise with a location (``raise _make_error(ValidationError, 'unknown column', column_name='x')``).");
}

}  // namespace countyleap::python
