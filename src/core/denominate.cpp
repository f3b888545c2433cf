// Compiled definitions of countyleap/denominate.hpp: see that header for each function's formula and source.
#include "countyleap/denominate.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/cell.hpp"
#include "countyleap/detail/checks.hpp"
#include "countyleap/error.hpp"

namespace countyleap {

void denominate_column(Eigen::Ref<Eigen::VectorXd> x, const Eigen::Ref<const Eigen::VectorXd>& d,
                       const DenominateOptions& options, DenominateReport& report, Eigen::Index column,
                       std::string_view id) {
  detail::require_size(d.size(), x.size(), "denominate: denominator length", id);
  detail::require_finite_or_missing(x, "denominate", id);
  detail::require_finite_or_missing(d, "denominate (denominator)", id);
  if (!std::isfinite(options.scale_factor) || options.scale_factor == 0)
    throw validation_error("denominate: scale factor must be finite and non-zero", detail::at_id(id));
  constexpr double missing = std::numeric_limits<double>::quiet_NaN();
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) continue;
    if (std::isnan(d[i])) {
      report.missing_denominator.push_back({i, column});
      x[i] = missing;
    } else if (d[i] == 0) {
      report.zero_denominator.push_back({i, column});
      x[i] = missing;
    } else {
      x[i] = x[i] / (d[i] / options.scale_factor);
    }
  }
}

DenominateReport denominate(Eigen::Ref<Eigen::MatrixXd> x, const Eigen::Ref<const Eigen::MatrixXd>& denominators,
                            const std::vector<Eigen::Index>& by, const std::vector<double>& scale_factors,
                            const std::vector<std::string>& ids) {
  const auto n_cols = static_cast<std::size_t>(x.cols());
  if (by.size() != n_cols)
    throw validation_error("denominate: " + std::to_string(by.size()) + " denominator indices for " +
                           std::to_string(n_cols) + " indicator columns");
  if (!scale_factors.empty() && scale_factors.size() != n_cols)
    throw validation_error("denominate: " + std::to_string(scale_factors.size()) + " scale factors for " +
                           std::to_string(n_cols) + " indicator columns");
  if (!ids.empty() && ids.size() != n_cols)
    throw validation_error("denominate: " + std::to_string(ids.size()) + " ids for " + std::to_string(n_cols) +
                           " indicator columns");
  if (denominators.rows() != x.rows())
    throw validation_error("denominate: denominators have " + std::to_string(denominators.rows()) +
                           " rows, the data " + std::to_string(x.rows()));
  DenominateReport report;
  for (std::size_t j = 0; j < n_cols; ++j) {
    if (by[j] == no_denominator) continue;
    const std::string_view id = ids.empty() ? std::string_view() : std::string_view(ids[j]);
    if (by[j] < 0 || by[j] >= denominators.cols())
      throw validation_error("denominate: denominator index " + std::to_string(by[j]) + " out of range (" +
                                 std::to_string(denominators.cols()) + " denominator columns)",
                             detail::at_id(id));
    DenominateOptions options;
    if (!scale_factors.empty()) options.scale_factor = scale_factors[j];
    const auto col = static_cast<Eigen::Index>(j);
    denominate_column(x.col(col), denominators.col(by[j]), options, report, col, id);
  }
  return report;
}

}  // namespace countyleap
