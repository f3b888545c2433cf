#pragma once
/// @file denominate.hpp
/// @brief Denomination: divide an indicator by a denominator variable (GDP, population, area),
/// COINr's Denominate step. A missing or zero denominator makes the value missing (never Inf),
/// and every value lost that way is reported.

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

/// Options of denominate_column().
struct DenominateOptions {
  /// COINr's `ScaleFactor`: the denominator is divided by it first, x / (d / scale_factor);
  /// e.g. 1000 to express "per thousand". Must be finite and non-zero.
  double scale_factor = 1.0;
};

/// Values made missing by denomination. Rows are regions, columns indicators of the matrix that
/// was denominated (for denominate_column(), the column number passed to it).
struct DenominateReport {
  std::vector<Cell> missing_denominator;  ///< x was present, its denominator missing
  std::vector<Cell> zero_denominator;     ///< x was present, its denominator zero
  /// Number of values lost: missing_denominator.size() + zero_denominator.size().
  std::size_t count() const { return missing_denominator.size() + zero_denominator.size(); }
};

/// Marks an indicator column of denominate() that is not denominated.
inline constexpr Eigen::Index no_denominator = -1;

/// Denominates one column in place: x_i ← x_i / (d_i / s) with s = options.scale_factor
/// (COINr 1.1.14 Denominate.data.frame: `xcol / (denoms / ScaleFactor)`). A missing x stays
/// missing; a present x whose denominator is missing or zero becomes missing and is recorded in
/// `report` at (row, `column`) — R would give NA, Inf or NaN there; this step never gives Inf.
/// @throws validation_error for different lengths, ±Inf in x or d, or a scale factor that is
/// zero or not finite; `id` names the indicator in the error's Location.
inline void denominate_column(Eigen::Ref<Eigen::VectorXd> x, const Eigen::Ref<const Eigen::VectorXd>& d,
                              const DenominateOptions& options, DenominateReport& report, Eigen::Index column = 0,
                              std::string_view id = {}) {
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

/// Denominates the columns of a regions × indicators matrix in place: column j is divided by
/// column by[j] of `denominators` (regions × denominator variables, same rows), scaled by
/// scale_factors[j] (all 1 when the vector is empty), and left as it is when by[j] is
/// no_denominator. See denominate_column() for the rule. `ids` (optional) names the indicator
/// columns in error messages.
/// @throws validation_error for mismatched shapes, a denominator index out of range, or any
/// error of denominate_column().
inline DenominateReport denominate(Eigen::Ref<Eigen::MatrixXd> x, const Eigen::Ref<const Eigen::MatrixXd>& denominators,
                                   const std::vector<Eigen::Index>& by, const std::vector<double>& scale_factors = {},
                                   const std::vector<std::string>& ids = {}) {
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
