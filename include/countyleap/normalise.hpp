#pragma once
/// @file normalise.hpp
/// @brief Normalisation of indicator columns onto a common scale: COINr's methods (min-max,
/// goalposts, z-score, rank, percentile rank), China's statistical-monitoring methods (ratio to a
/// standard capped at 100, the 功效系数 efficacy coefficient) and EIS-style ratios to the mean or
/// to a reference region, each with the indicator's direction applied.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/indicator.hpp"
#include "countyleap/rank.hpp"

namespace countyleap {

/// Normalisation method.
enum class NormaliseMethod {
  minmax,              ///< (x − min)/(max − min)·(hi − lo) + lo (COINr n_minmax)
  goalposts,           ///< (x − lo)/(hi − lo)·scale capped to [0, scale] (COINr n_goalposts)
  zscore,              ///< (x − x̄)/s·sd + mean (COINr n_zscore)
  rank,                ///< ascending rank, ties share the lowest (COINr n_rank)
  percentile_rank,     ///< (rank − 1)/(n − 1) (COINr n_prank)
  ratio_to_standard,   ///< min(x/standard, 1)·scale, the 实现程度 of China's statistical monitoring
  efficacy,            ///< 60 + 40·(x − x_s)/(x_h − x_s), the 功效系数法
  ratio_to_mean,       ///< x/x̄·scale (EIS: relative to the EU average)
  ratio_to_reference   ///< x/x_ref·scale for a reference region
};

/// Spelling in specs: "minmax", "goalposts", "zscore", "rank", "percentile_rank",
/// "ratio_to_standard", "efficacy", "ratio_to_mean", "ratio_to_reference".
const char* to_string(NormaliseMethod m);

/// Parses the spelling of to_string(NormaliseMethod). @throws validation_error naming the text.
NormaliseMethod normalise_method_from_string(std::string_view s);

/// Options of normalise_column(); each method reads only its own fields. Spec examples:
/// `{"method": "minmax", "range": [0, 100]}`, `{"method": "zscore", "mean": 0, "sd": 1}`.
struct NormaliseOptions {
  NormaliseMethod method = NormaliseMethod::minmax;  ///< which method
  double range_lo = 0;    ///< minmax: lower end of the output range
  double range_hi = 100;  ///< minmax: upper end of the output range
  /// minmax and efficacy with column bounds: map a constant column to the middle of the output
  /// range ((lo + hi)/2, or 80) instead of throwing.
  bool constant_to_midpoint = false;
  double goalpost_lo = std::numeric_limits<double>::quiet_NaN();  ///< goalposts: the lower goalpost, in raw units
  double goalpost_hi = std::numeric_limits<double>::quiet_NaN();  ///< goalposts: the upper goalpost, in raw units
  /// goalposts, ratio_to_standard, ratio_to_mean, ratio_to_reference: output multiplier.
  double scale = 100;
  bool cap = true;         ///< goalposts and ratio_to_standard: cap the result to [0, scale] / at scale
  double mean = 0;         ///< zscore: mean of the output
  double sd = 1;           ///< zscore: standard deviation of the output (> 0)
  double standard = std::numeric_limits<double>::quiet_NaN();  ///< ratio_to_standard: the indicator's standard (目标值), > 0
  /// efficacy: x_s, the 不允许值 (value scoring 60); NaN = the worst present value.
  double efficacy_worst = std::numeric_limits<double>::quiet_NaN();
  /// efficacy: x_h, the 满意值 (value scoring 100); NaN = the best present value.
  double efficacy_best = std::numeric_limits<double>::quiet_NaN();
  Eigen::Index reference_row = -1;  ///< ratio_to_reference: row of the reference region
};

/// Normalises one indicator column (regions in rows) in place; missing values stay missing and
/// every statistic (min, max, mean, sd, ranks) is taken over the present values. `direction` is
/// the indicator's: for minmax, zscore, rank and percentile_rank the column is first multiplied
/// by −1 when lower is better, exactly as COINr 1.1.14 Normalise.numeric() does (`x*direction`)
/// before calling the method. The other methods take bounds in raw units and handle the
/// direction in their formula:
///
/// - **minmax** (COINr n_minmax): y = (x − min)/(max − min)·(hi − lo) + lo with
///   [lo, hi] = [range_lo, range_hi]. A constant column is an error, or lo + (hi − lo)/2 with
///   constant_to_midpoint (COINr warns and returns NaN).
/// - **goalposts** (COINr n_goalposts, trunc2posts = TRUE): with goalposts L, U and scale a,
///   y = (x − L)/(U − L) for higher is better and y = (U − x)/(U − L) for lower is better (the
///   orientation of COINr's n_goalposts(direction = −1), which also negates a, giving negative
///   scores; here a stays positive), then clamped to [0, 1] when cap, then multiplied by a.
/// - **zscore** (COINr n_zscore): y = (x − x̄)/s·sd + mean, s the sample sd (n − 1).
/// - **rank** (COINr n_rank): R's rank(x, ties.method = "min"), ascending, so the best value gets
///   the highest rank n and tied values share the lowest rank of their run.
/// - **percentile_rank** (COINr n_prank): (rank − 1)/(n − 1) with the rank above and n present
///   values, in [0, 1].
/// - **ratio_to_standard** (实现程度 of China's statistical monitoring, e.g. 国家统计局《全面建设
///   小康社会统计监测方案》2008, 三、评价方法: 正指标 x/S, 逆指标 S/x): y = min(x/S, 1)·scale for
///   higher is better, y = min(S/x, 1)·scale for lower is better (the cap only with cap).
/// - **efficacy** (功效系数法): y = 60 + 40·(x − x_s)/(x_h − x_s) with x_s the 不允许值
///   (efficacy_worst, default the worst present value: the minimum, or the maximum when lower is
///   better) and x_h the 满意值 (efficacy_best, default the best present value); not capped.
///   Worked example (统计师 exam): x = 5.81 %, x_h = 12 %, x_s = 6 % gives 58.73.
/// - **ratio_to_mean** (EIS: performance relative to the EU average): y = x/x̄·scale, or
///   x̄/x·scale for lower is better.
/// - **ratio_to_reference**: y = x/x_ref·scale with x_ref the value of row reference_row, or
///   x_ref/x·scale for lower is better.
///
/// @throws validation_error naming the method for ±Inf values, no present value, a constant
/// column (minmax, efficacy with column bounds, zscore, percentile_rank with one value), missing
/// or invalid bounds (goalposts L >= U, standard <= 0, x_h not better than x_s), a zero or
/// missing denominator (mean or reference <= 0 or missing, x <= 0 in a lower-is-better ratio),
/// or options out of range (range_lo >= range_hi, sd <= 0, non-finite scale), and for a result
/// beyond the double range (an uncapped ratio to a tiny standard; "overflows", naming the row).
/// Values near ±1.8e308 and denormals are handled exactly: min-max and efficacy divide halves
/// when max − min overflows, zscore and ratio_to_mean scale the column by a power of two first.
/// `id` names the indicator in the error's Location.
void normalise_column(Eigen::Ref<Eigen::VectorXd> x, Direction direction, const NormaliseOptions& options,
                      std::string_view id = {});

/// Normalises every column of a regions × indicators matrix with its own options (per_column[j]
/// for column j: method, standard, goalposts), so each indicator can be normalised its own way;
/// column j uses directions[j] (all higher-is-better when `directions` is empty) and `ids`
/// (optional) names the indicators in errors. Returns the normalised copy. See normalise_column().
/// @throws validation_error when directions, per_column or ids (if given) do not have one entry
/// per column, and normalise_column()'s errors.
Eigen::MatrixXd normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Direction>& directions,
                          const std::vector<NormaliseOptions>& per_column,
                          const std::vector<std::string>& ids = {});

/// Normalises every column of a regions × indicators matrix with the same options (see the
/// per-column overload).
Eigen::MatrixXd normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Direction>& directions,
                          const NormaliseOptions& options = {}, const std::vector<std::string>& ids = {});

}  // namespace countyleap
