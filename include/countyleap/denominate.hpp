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
void denominate_column(Eigen::Ref<Eigen::VectorXd> x, const Eigen::Ref<const Eigen::VectorXd>& d,
                       const DenominateOptions& options, DenominateReport& report, Eigen::Index column = 0,
                       std::string_view id = {});

/// Denominates the columns of a regions × indicators matrix in place: column j is divided by
/// column by[j] of `denominators` (regions × denominator variables, same rows), scaled by
/// scale_factors[j] (all 1 when the vector is empty), and left as it is when by[j] is
/// no_denominator. See denominate_column() for the rule. `ids` (optional) names the indicator
/// columns in error messages.
/// @throws validation_error for mismatched shapes, a denominator index out of range, or any
/// error of denominate_column().
DenominateReport denominate(Eigen::Ref<Eigen::MatrixXd> x, const Eigen::Ref<const Eigen::MatrixXd>& denominators,
                            const std::vector<Eigen::Index>& by, const std::vector<double>& scale_factors = {},
                            const std::vector<std::string>& ids = {});

}  // namespace countyleap
