#pragma once
/// @file treat.hpp
/// @brief Outlier treatment of indicator columns: COINr's default (winsorise step by step while
/// skewness and kurtosis fail, else log-transform the original column) and the European
/// Innovation Scoreboard rule (replace values beyond mean ± k·sd, square root when skewed).

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap {

/// Outlier treatment method.
enum class TreatMethod {
  coinr,  ///< COINr 1.1.14 Treat() defaults: winsorise, then log_CT of the original column
  eis,    ///< European Innovation Scoreboard: replace outliers, square root when skewed
  none    ///< leave the column as it is (COINr's indiv_specs = "none")
};

/// Spelling in specs: "coinr", "eis", "none".
const char* to_string(TreatMethod m);

/// Parses the spelling of to_string(TreatMethod). @throws validation_error naming the text.
TreatMethod treat_method_from_string(std::string_view s);

/// Options of treat_column(). Spec: `"treat": {"method": "coinr", "winmax": 5, "skew": 2.0,
/// "kurtosis": 3.5}`; for "eis" the keys `outlier_sd` and `sqrt_skew`.
struct TreatOptions {
  TreatMethod method = TreatMethod::coinr;  ///< which rule
  int winmax = 5;          ///< coinr: winsorisation stops once this many points are winsorised
  double skew = 2.0;       ///< coinr: a column passes when |skewness| < skew ...
  double kurtosis = 3.5;   ///< coinr: ... or kurtosis < kurtosis
  double outlier_sd = 3.0; ///< eis: outliers lie more than outlier_sd sample sds from the mean
  double sqrt_skew = 1.0;  ///< eis: square root when the skewness after replacement exceeds this
};

/// What treat_column() did to one column.
struct TreatRecord {
  TreatMethod method = TreatMethod::none;  ///< the method applied
  Eigen::Index n_present = 0;              ///< number of present values
  /// coinr: the column passed the skew/kurtosis test before treatment (nothing was changed);
  /// eis: it had no outlier and its skewness was at most sqrt_skew; none: true.
  bool passed_initially = false;
  /// coinr: the final values pass the skew/kurtosis test (a log-transformed column may still
  /// fail); eis and none: always true (these rules have no final test).
  bool passed = false;
  /// Rows changed at the high end: coinr, the points set in the latest high-side winsorisation
  /// step (COINr's "winhi" points); eis, the positive outliers replaced.
  std::vector<Eigen::Index> high_rows;
  /// Rows changed at the low end: coinr "winlo" points; eis, the negative outliers replaced.
  std::vector<Eigen::Index> low_rows;
  /// True when the column was replaced by log(x − min + 0.01·(max − min)) of the original values
  /// (coinr); the winsorised rows are then those of the attempt that was discarded.
  bool log_applied = false;
  bool sqrt_applied = false;  ///< eis: the column was replaced by its square root
  double skew_before = std::numeric_limits<double>::quiet_NaN();  ///< skewness of the input (NaN when undefined)
  double kurt_before = std::numeric_limits<double>::quiet_NaN();  ///< excess kurtosis of the input
  double skew_after = std::numeric_limits<double>::quiet_NaN();   ///< skewness of the output
  double kurt_after = std::numeric_limits<double>::quiet_NaN();   ///< excess kurtosis of the output
  /// Number of points winsorised (coinr: COINr's `nwin`, the sizes of the latest high-side and
  /// low-side steps added) or replaced (eis).
  Eigen::Index n_winsorised() const { return static_cast<Eigen::Index>(high_rows.size() + low_rows.size()); }
};

/// Treats one indicator column (regions in rows) for outliers, in place; missing values are
/// ignored and stay missing. Skewness and kurtosis are the sample-adjusted G1 and G2 of
/// detail::skew_kurt (COINr's skew() and kurt()).
///
/// **coinr** (COINr 1.1.14 Treat() with its defaults f1 = winsorise, f2 = log_CT,
/// f_pass = check_SkewKurt, combine_treat = FALSE): the column passes when
/// |skew| < options.skew or kurt < options.kurtosis, and is then left as it is. Otherwise it is
/// winsorised step by step: when the current skew >= 0 every point equal to the maximum is set to
/// the largest value below it, else every point equal to the minimum is set to the smallest value
/// above it (points moved earlier are tied with the new extreme and move again). After each step
/// nwin = (points moved in the latest high-side step) + (points moved in the latest low-side
/// step); steps go on while the column fails and nwin < winmax. If the winsorised column passes
/// it is kept; otherwise the ORIGINAL column is replaced by log(x − min + 0.01·(max − min))
/// (log_CT), whether or not that passes. A column with zero variance is left untreated (COINr's
/// check returns NA and Treat returns the column unchanged).
///
/// **eis** (European Innovation Scoreboard): with the mean x̄ and sample sd s of the present
/// values, values above x̄ + k·s are replaced by the largest value that is not an outlier and
/// values below x̄ − k·s by the smallest, k = options.outlier_sd (3: "positive outliers are
/// identified as those relative scores which are higher than the EU27 mean plus 3 times the
/// standard deviation", EIS technical annex, INNO-Metrics / PRO INNO Europe, 2008; there the
/// outliers are left out when the minimum and maximum of the min-max normalisation are found,
/// which is what replacing them by the extremes of the other values does). Then, when the
/// skewness of the result exceeds options.sqrt_skew, the column is replaced by its square root
/// (the same annex square-roots the unbounded, skewed indicators — a fixed list there; the
/// skewness test with threshold 1 is countyleap's stated rule, an option, not a quotation).
///
/// **none**: nothing is changed.
///
/// @throws validation_error for ±Inf values, fewer than 4 present values (coinr; COINr's kurt()
/// stops too) or 3 (eis), winsorisation that leaves a constant column while below winmax (COINr
/// stops with an error), negative values to square-root (eis), or invalid options (winmax < 0,
/// non-finite thresholds, outlier_sd <= 0). `id` names the indicator in the error's Location.
TreatRecord treat_column(Eigen::Ref<Eigen::VectorXd> x, const TreatOptions& options, std::string_view id = {});

/// Treats every column of a regions × indicators matrix in place with treat_column(); one
/// record per column. `ids` (optional, one per column) names the indicators in errors.
std::vector<TreatRecord> treat(Eigen::Ref<Eigen::MatrixXd> x, const TreatOptions& options,
                               const std::vector<std::string>& ids = {});

}  // namespace countyleap
