// Compiled definitions of countyleap/screen.hpp: see that header for each function's formula and source.
#include "countyleap/screen.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap {

ScreenResult screen(const Eigen::Ref<const Eigen::MatrixXd>& x, const ScreenOptions& options) {
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

Eigen::MatrixXd keep_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Eigen::Index>& rows) {
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
