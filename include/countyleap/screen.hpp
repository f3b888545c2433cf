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
inline ScreenResult screen(const Eigen::Ref<const Eigen::MatrixXd>& x, const ScreenOptions& options = {}) {
  if (!(options.min_data >= 0 && options.min_data <= 1))
    throw validation_error("screen: min_data must be in [0, 1], got " + std::to_string(options.min_data));
  if (x.cols() == 0) throw validation_error("screen: the data matrix has no indicator columns");
  ScreenResult out;
  out.data_share.resize(x.rows());
  const auto n_cols = static_cast<double>(x.cols());
  Eigen::VectorXd missing = Eigen::VectorXd::Zero(x.rows());  // counted column by column (storage order)
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) missing[i] += std::isnan(x(i, j)) ? 1 : 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const double share = 1 - missing[i] / n_cols;
    out.data_share[i] = share;
    if (share < options.min_data) out.dropped.push_back({i, share});
    else out.kept.push_back(i);
  }
  return out;
}

/// The listed rows of x, in the order given (e.g. ScreenResult::kept).
/// @throws validation_error for a row out of range.
inline Eigen::MatrixXd keep_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Eigen::Index>& rows) {
  Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), x.cols());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k] < 0 || rows[k] >= x.rows())
      throw validation_error("keep_rows: row " + std::to_string(rows[k]) + " out of range (" +
                             std::to_string(x.rows()) + " rows)");
    out.row(static_cast<Eigen::Index>(k)) = x.row(rows[k]);
  }
  return out;
}

}  // namespace countyleap
