#pragma once
/// @file io/coinr.hpp
/// @brief COINr's iData / iMeta tables (R package COINr, JRC) as a region set, a framework and
/// a panel. Link countyleap::io.
///
/// iData: one row per unit and `Time`: `uName`, `uCode`, group columns (`*_group`, kept as
/// region attributes), `Time`, then numeric columns (denominators and indicators); `NA` or empty
/// is missing. iMeta: `Level`, `iCode`, `iName`, `Direction`, `Weight`, `Unit`, `Target`,
/// `Denominator`, `Parent`, `Type`. Rows of Type "Indicator" (Level 1) become indicators and
/// leaves; "Aggregate" rows become nodes; "Denominator" rows, if present, become variables (as do
/// columns of iData named in `Denominator`); "Group" rows are accepted and ignored (groups come from
/// the `*_group` columns), as are "Other" rows (their columns are panel variables anyway). Codes
/// use CodeScheme::free, regions have RegionKind::other. Aggregate rows' Direction, Unit and
/// Target have no place in a Node and are not kept.

#include <string>

#include "countyleap/framework.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/region.hpp"

namespace countyleap::io {

/// Everything a COINr iData/iMeta pair holds.
struct CoinrTables {
  RegionSet regions;    ///< units: code = uCode, name_en = uName, attributes = group columns
  Framework framework;  ///< indicators, denominators as variables, the tree with weights
  Panel panel;          ///< every numeric column of iData by (unit, column, Time)
};

/// Reads iData and iMeta.
/// @throws the CSV reader's errors (with file, line and column), unknown_id_error for a
/// Parent or Denominator that names nothing, validation_error for a Direction other than ±1,
/// and the Framework constructor's errors.
CoinrTables read_coinr(const std::string& idata_path, const std::string& imeta_path,
                       Encoding encoding = Encoding::utf8);

/// Writes iData and iMeta so that read_coinr() gives back the same tables. Fields COINr's tables
/// have no column for (Chinese names, notes, ranges, panel notes) are not written.
/// @throws validation_error (nothing written) for what COINr cannot express: an indicator that
/// is not raw or not in the tree, an attribute not named `*_group`, a panel without years;
/// unknown_id_error for a panel region missing from the regions; io_error.
void write_coinr(const CoinrTables& tables, const std::string& idata_path, const std::string& imeta_path);

}  // namespace countyleap::io
