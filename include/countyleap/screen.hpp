#pragma once
/// @file screen.hpp
/// @brief Unit screening by data availability (COINr's Screen with unit_screen = "byNA"): drop
/// the regions whose share of present indicators is below a threshold.

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap {

/// Options of screen(). Spec: `"screen": {"min_data": 0.9}`.
struct ScreenOptions {
  /// Smallest share of present indicators a region needs to be kept, in [0, 1] (COINr's
  /// `dat_thresh`; its default is 2/3, the ASEM example uses 0.9).
  double min_data = 2.0 / 3.0;
};

/// A region removed by screen().
struct DroppedUnit {
  Eigen::Index row = 0;   ///< row of the region in the screened matrix
  double data_share = 0;  ///< its share of present indicators
};

/// Outcome of screen().
struct ScreenResult {
  std::vector<Eigen::Index> kept;    ///< rows kept, ascending
  std::vector<DroppedUnit> dropped;  ///< rows dropped, ascending, with their data share
  Eigen::VectorXd data_share;        ///< share of present indicators of every row
};

/// Screens the rows (regions) of a regions × indicators matrix by data availability, as COINr
/// 1.1.14 Screen(unit_screen = "byNA") with get_data_avail(): a row's data share is
/// 1 − (number of missing values) / (number of columns), and the row is dropped when its share
/// is below `min_data` (a share equal to the threshold is kept). With 49 indicators and 0.9,
/// a region may miss at most 4 (1 − 5/49 = 0.898 < 0.9).
/// @throws validation_error when min_data is outside [0, 1] or the matrix has no columns.
ScreenResult screen(const Eigen::Ref<const Eigen::MatrixXd>& x, const ScreenOptions& options = {});

/// The listed rows of x, in the order given (e.g. ScreenResult::kept).
/// @throws validation_error for a row out of range.
Eigen::MatrixXd keep_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Eigen::Index>& rows);

}  // namespace countyleap
