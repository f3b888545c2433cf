#pragma once
/// @file error.hpp
/// @brief The exception hierarchy of countyleap, rooted at countyleap::error.
///
/// Every error that bad input can cause is one of these types; none is ever turned into a
/// number. Each carries an optional Location (file, line, column, id) that is also written at
/// the front of what(), so the message alone says where the problem is. The Python bindings map
/// each class to a Python exception of the same name (see python/countyleap/_errors.py).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace countyleap {

/// Where an error was found. Every field is optional: empty strings and zeros mean "unknown".
struct Location {
  std::string file;         ///< file path as given to the reader
  std::size_t line = 0;     ///< 1-based line (physical line in the file, header is line 1)
  std::size_t column = 0;   ///< 1-based field number within the record
  std::string column_name;  ///< header name of the column, when known
  std::string id;           ///< region code, variable, indicator or node id involved

  /// Renders as `file:line:column (column_name) [id]`, leaving out what is unknown.
  std::string str() const {
    std::string s = file;
    if (line != 0) s += (s.empty() ? "line " : ":") + std::to_string(line);
    if (column != 0) s += (s.empty() ? "column " : ":") + std::to_string(column);
    if (!column_name.empty()) s += (s.empty() ? "column '" : " (column '") + column_name + (s.empty() ? "'" : "')");
    if (!id.empty()) s += (s.empty() ? "'" : " '") + id + "'";
    return s;
  }
  /// True when no field is set.
  bool empty() const { return file.empty() && line == 0 && column == 0 && column_name.empty() && id.empty(); }
};

/// Root of every countyleap exception. Python: `countyleap.Error` (a ValueError).
class error : public std::runtime_error {
 public:
  /// Builds the message "<location>: <what>" (or just what when the location is empty).
  explicit error(const std::string& what, Location where = {})
      : std::runtime_error(where.empty() ? what : where.str() + ": " + what),
        where_(std::move(where)),
        detail_(what) {}
  /// Where the problem was found.
  const Location& where() const noexcept { return where_; }
  /// The message without the location prefix.
  const std::string& detail() const noexcept { return detail_; }

 private:
  Location where_;
  std::string detail_;
};

/// Malformed text: CSV syntax (unterminated quote, ragged row, empty file, missing header
/// column), non-numeric or NaN/Inf text, malformed JSON. Python: `countyleap.ParseError`.
class parse_error : public error {
 public:
  using error::error;
};

/// Bytes that are not valid in the expected text encoding (invalid UTF-8, undecodable
/// GB18030). Python: `countyleap.EncodingError` (a ParseError).
class encoding_error : public parse_error {
 public:
  using parse_error::parse_error;
};

/// A value that is well formed but not allowed: year out of range, a value outside an
/// indicator's valid range, a non-finite number, a zero denominator where one is required,
/// a wrong shape. Python: `countyleap.ValidationError`.
class validation_error : public error {
 public:
  using error::error;
};

/// A GB/T 2260 administrative code (or another region code scheme) that is malformed.
/// Python: `countyleap.CodeFormatError` (a ValidationError).
class code_format_error : public validation_error {
 public:
  using validation_error::validation_error;
};

/// An id that names nothing known: unknown region code, variable, indicator, node or tier.
/// Python: `countyleap.UnknownIdError` (a KeyError and a countyleap.Error).
class unknown_id_error : public error {
 public:
  using error::error;
};

/// The same key given twice: duplicate (code, variable, year), duplicate node or region id.
/// Python: `countyleap.DuplicateError`.
class duplicate_error : public error {
 public:
  using error::error;
};

/// A framework that is not a valid tree: cycle, empty node, negative or all-zero weights,
/// several roots. Python: `countyleap.FrameworkError` (a ValidationError).
class framework_error : public validation_error {
 public:
  using validation_error::validation_error;
};

/// A plan that contradicts itself or its framework. Python: `countyleap.PlanError`
/// (a ValidationError).
class plan_error : public validation_error {
 public:
  using validation_error::validation_error;
};

/// A file that cannot be opened, read or written. Python: `countyleap.FileError`
/// (an OSError and a countyleap.Error).
class io_error : public error {
 public:
  using error::error;
};

/// Why a store (SQLite database file) cannot be used as asked. See store_error.
enum class StoreFault {
  not_a_database,  ///< the file is not an SQLite database (or is encrypted)
  corrupt,         ///< an SQLite file that is damaged or truncated
  not_a_store,     ///< an SQLite database that is not a countyleap store
  newer_schema,    ///< written by a newer countyleap (PRAGMA user_version above this library's)
  read_only,       ///< a write to a file (or folder) that cannot be written
  disk_full,       ///< the disk (or the store's page limit) is full; the write was rolled back
  busy,            ///< another process held the database beyond the busy timeout
  other            ///< any other SQLite failure (the message has SQLite's text)
};

/// A store file that cannot be opened, read or written as asked. Nothing is half-written: the
/// failed operation's transaction was rolled back. Python: `countyleap.StoreError` (a FileError)
/// with the attribute `fault` (StoreFault's name, e.g. "newer_schema").
class store_error : public io_error {
 public:
  /// An error of this fault; `where.file` names the database file.
  store_error(StoreFault fault, const std::string& what, Location where = {})
      : io_error(what, std::move(where)), fault_(fault) {}
  /// Why the store could not be used.
  StoreFault fault() const noexcept { return fault_; }

 private:
  StoreFault fault_;
};

/// Spelling of a StoreFault: "not_a_database", "corrupt", "not_a_store", "newer_schema",
/// "read_only", "disk_full", "busy", "other".
inline const char* to_string(StoreFault f) {
  switch (f) {
    case StoreFault::not_a_database: return "not_a_database";
    case StoreFault::corrupt: return "corrupt";
    case StoreFault::not_a_store: return "not_a_store";
    case StoreFault::newer_schema: return "newer_schema";
    case StoreFault::read_only: return "read_only";
    case StoreFault::disk_full: return "disk_full";
    case StoreFault::busy: return "busy";
    case StoreFault::other: break;
  }
  return "other";
}

}  // namespace countyleap
