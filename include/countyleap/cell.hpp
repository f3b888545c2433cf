#pragma once
/// @file cell.hpp
/// @brief Cell: the (row, column) position of one value in a data matrix, as reported by the
/// data-treatment steps (which cells were denominated away, imputed, ...).

#include <Eigen/Core>

namespace countyleap {

/// Position of one value in a matrix. In a regions × indicators data matrix, row is the region
/// and col the indicator; each step that reports cells says what its rows and columns are.
struct Cell {
  Eigen::Index row = 0;  ///< 0-based row
  Eigen::Index col = 0;  ///< 0-based column
  /// Same row and column.
  friend bool operator==(const Cell& a, const Cell& b) { return a.row == b.row && a.col == b.col; }
  /// Not the same position.
  friend bool operator!=(const Cell& a, const Cell& b) { return !(a == b); }
};

}  // namespace countyleap
