#pragma once
/// @file io/panel_records.hpp
/// @brief A panel from in-memory records (a DataFrame's columns), built by the same panel
/// builder as the CSV readers, so codes, variable ids, years, values and duplicates follow one set
/// of rules whatever the source. Link countyleap::io.

#include <cstdint>
#include <string>
#include <vector>

#include "countyleap/io/csv.hpp"
#include "countyleap/panel.hpp"

namespace countyleap::io {

/// Values one per record: the code, variable and year by index into the label lists.
struct PanelRecords {
  std::vector<std::string> codes;             ///< region labels (codes, or old codes with options.regions)
  std::vector<std::string> variables;         ///< variable ids: the variable axis, in this order
  std::vector<std::int64_t> code_index;       ///< per record, into `codes`
  std::vector<std::int64_t> variable_index;   ///< per record, into `variables`
  std::vector<std::int64_t> year;             ///< per record
  std::vector<double> value;                  ///< per record; NaN = missing
  std::vector<std::string> note;              ///< empty, or one per record ("" = none)
  std::vector<std::int64_t> row;              ///< empty, or per record the row messages name
};

/// The panel of `records`, by the rules of read_panel_csv(): each code checked against
/// options.code_scheme or resolved through options.regions, variable ids checked, years within
/// [options.min_year, options.max_year], a (region, variable, year) cell given twice a
/// duplicate_error naming both rows (0-based), plus what only memory can hold: an infinite value
/// is a validation_error. Regions in the order of `codes` (labels that resolve to one code share a
/// region), variables in the order of `variables`, years from the smallest to the largest given.
/// @throws validation_error, code_format_error, unknown_id_error, duplicate_error.
Panel panel_from_records(const PanelRecords& records, const ReadOptions& options = {});

}  // namespace countyleap::io
