#pragma once
/// @file io/csv.hpp
/// @brief Panel CSV reader and writer (long and wide layouts). Link countyleap::io.
///
/// Long layout: header `code,variable,year,value` and optionally `note`, one row per value.
/// Wide layout: header `code,year,<variable>...`, one row per (code, year); a column
/// `<variable>#note` holds the notes of that variable. Both: RFC 4180 (quoted fields, doubled
/// quotes, embedded commas and line breaks), LF or CRLF line ends, UTF-8 with or without BOM;
/// leading lines that start with `#` are file comments (Panel::comments()). An empty field (and
/// `NA`, R's missing marker) is a missing value; `NaN`, `Inf` and the like are errors.
/// Values are written in the shortest form that reads back to the same double.
/// See docs/file-formats.md.

#include <string>
#include <string_view>

#include "countyleap/panel.hpp"
#include "countyleap/region.hpp"

namespace countyleap::io {

/// Text encoding of an input file.
enum class Encoding {
  utf8,    ///< UTF-8 (a BOM is stripped); invalid bytes are an encoding_error (the default)
  gb18030  ///< GB18030 (a superset of GBK and GB2312), decoded to UTF-8 with iconv
};

/// The two table layouts of a panel.
enum class CsvLayout {
  long_table,  ///< `code,variable,year,value[,note]`
  wide_table   ///< `code,year,<variable>...[,<variable>#note...]`
};

/// Options of the panel readers.
struct ReadOptions {
  Encoding encoding = Encoding::utf8;  ///< input encoding; invalid UTF-8 names GB18030 when that decodes
  /// When set, codes are resolved through the set's code history (old codes map onto new ones)
  /// and a code not in the set is an unknown_id_error. The set must outlive the call.
  const RegionSet* regions = nullptr;
  CodeScheme code_scheme = CodeScheme::gbt2260;  ///< checked when `regions` is not set
  int min_year = 1949;  ///< smallest accepted year (validation_error below)
  int max_year = 2100;  ///< largest accepted year (validation_error above)
};

/// Reads a panel from a CSV file.
/// @throws io_error (cannot open), encoding_error, parse_error (syntax, missing header column,
/// non-numeric or NaN/Inf text, empty file), duplicate_error (same code, variable and year twice),
/// code_format_error, unknown_id_error (code not in options.regions), validation_error (year out
/// of range); every message names the file, line and column.
Panel read_panel_csv(const std::string& path, CsvLayout layout = CsvLayout::long_table, const ReadOptions& options = {});

/// Reads a panel from CSV text; `source_name` stands for the file name in messages.
Panel parse_panel_csv(std::string_view text, CsvLayout layout = CsvLayout::long_table, const ReadOptions& options = {},
                      const std::string& source_name = "<string>");

/// Writes a panel as CSV (UTF-8 without BOM, LF line ends). Long layout writes every present
/// value and every missing value that has a note, by year, then variable, then region, plus the
/// few empty rows that keep every region, variable and year on the axes in order; wide layout
/// writes every (code, year) row. Reading the file gives a panel equal to `panel` (except that
/// a panel without regions, or in the long layout without variables, has no rows and reads back
/// as an empty panel with the same comments).
/// @throws io_error when the file cannot be written, validation_error when a comment holds a
/// line break.
void write_panel_csv(const Panel& panel, const std::string& path, CsvLayout layout = CsvLayout::long_table);

/// The CSV text write_panel_csv() would write. @throws validation_error as write_panel_csv().
std::string format_panel_csv(const Panel& panel, CsvLayout layout = CsvLayout::long_table);

}  // namespace countyleap::io
