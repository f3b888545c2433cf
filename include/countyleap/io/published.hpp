#pragma once
/// @file io/published.hpp
/// @brief The published-results CSV (data/shijiazhuang/published-results.csv): one published
/// fact per row, with its source and certainty. Link countyleap::io.
///
/// Columns (header names; any order; see docs/file-formats.md): `evaluation_year`, `data_year`,
/// `code`, `certainty` (official, press, derived) and `source` are required; optional are
/// `data_year_inferred` (true/false), `scope` (province, city, unit; default unit), `name_zh`,
/// `tier`, `rank` (an exact place, shorthand for equal bounds), `rank_min`, `rank_max`,
/// `count_<tier>` (e.g. `count_A`), `units`, `average_min`, `average_max`, `note`. An empty
/// cell is unknown and stays unknown. The CSV rules are the panel's (RFC 4180, UTF-8, `#`
/// comment lines at the top).

#include <string>
#include <string_view>

#include "countyleap/published.hpp"

namespace countyleap::io {

/// Reads published results from a CSV file.
/// @throws io_error (cannot open), encoding_error, parse_error (syntax, a missing required or an
/// unknown column, a number or boolean that does not parse), validation_error (a row
/// PublishedResults rejects, or a bad certainty or scope); every message names the file, line
/// and column.
PublishedResults read_published_results_csv(const std::string& path);

/// Reads published results from CSV text; `source_name` stands for the file name in messages.
PublishedResults parse_published_results_csv(std::string_view text, const std::string& source_name = "<string>");

/// The CSV text of a table of published results: every column, the tier-count columns in the
/// order the tiers first appear; reading it back gives the same rows.
std::string format_published_results_csv(const PublishedResults& results);

/// Writes format_published_results_csv() to a file. @throws io_error when it cannot be written.
void write_published_results_csv(const PublishedResults& results, const std::string& path);

}  // namespace countyleap::io
