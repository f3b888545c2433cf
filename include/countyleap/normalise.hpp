#pragma once
/// @file normalise.hpp
/// @brief Normalisation of indicator columns onto a common scale: COINr's methods (min-max,
/// goalposts, z-score, rank, percentile rank), China's statistical-monitoring methods (ratio to a
/// standard capped at 100, the 功效系数 efficacy coefficient) and EIS-style ratios to the mean or
/// to a reference region, each with the indicator's direction applied.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/detail/checks.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
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
inline const char* to_string(NormaliseMethod m) {
  switch (m) {
    case NormaliseMethod::minmax: return "minmax";
    case NormaliseMethod::goalposts: return "goalposts";
    case NormaliseMethod::zscore: return "zscore";
    case NormaliseMethod::rank: return "rank";
    case NormaliseMethod::percentile_rank: return "percentile_rank";
    case NormaliseMethod::ratio_to_standard: return "ratio_to_standard";
    case NormaliseMethod::efficacy: return "efficacy";
    case NormaliseMethod::ratio_to_mean: return "ratio_to_mean";
    case NormaliseMethod::ratio_to_reference: return "ratio_to_reference";
  }
  return "minmax";
}

/// Parses the spelling of to_string(NormaliseMethod). @throws validation_error naming the text.
inline NormaliseMethod normalise_method_from_string(std::string_view s) {
  for (auto m : {NormaliseMethod::minmax, NormaliseMethod::goalposts, NormaliseMethod::zscore, NormaliseMethod::rank,
                 NormaliseMethod::percentile_rank, NormaliseMethod::ratio_to_standard, NormaliseMethod::efficacy,
                 NormaliseMethod::ratio_to_mean, NormaliseMethod::ratio_to_reference})
    if (s == to_string(m)) return m;
  throw validation_error("unknown normalisation method '" + std::string(s) +
                         "' (expected minmax, goalposts, zscore, rank, percentile_rank, ratio_to_standard, efficacy, "
                         "ratio_to_mean or ratio_to_reference)");
}

/// Options of normalise_column(); each method reads only its own fields. Spec examples:
/// `{"method": "minmax", "range": [0, 100]}`, `{"method": "zscore", "mean": 0, "sd": 1}`.
struct NormaliseOptions {
  NormaliseMethod method = NormaliseMethod::minmax;  ///< which method
  double range_lo = 0;    ///< minmax: lower end of the output range
  double range_hi = 100;  ///< minmax: upper end of the output range
  /// minmax and efficacy with column bounds: map a constant column to the middle of the output
  /// range ((lo + hi)/2, or 80) instead of throwing.
  bool constant_to_midpoint = false;
  double goalpost_lo = detail::nan_value;  ///< goalposts: the lower goalpost, in raw units
  double goalpost_hi = detail::nan_value;  ///< goalposts: the upper goalpost, in raw units
  /// goalposts, ratio_to_standard, ratio_to_mean, ratio_to_reference: output multiplier.
  double scale = 100;
  bool cap = true;         ///< goalposts and ratio_to_standard: cap the result to [0, scale] / at scale
  double mean = 0;         ///< zscore: mean of the output
  double sd = 1;           ///< zscore: standard deviation of the output (> 0)
  double standard = detail::nan_value;  ///< ratio_to_standard: the indicator's standard (目标值), > 0
  /// efficacy: x_s, the 不允许值 (value scoring 60); NaN = the worst present value.
  double efficacy_worst = detail::nan_value;
  /// efficacy: x_h, the 满意值 (value scoring 100); NaN = the best present value.
  double efficacy_best = detail::nan_value;
  Eigen::Index reference_row = -1;  ///< ratio_to_reference: row of the reference region
};

namespace detail {

inline std::string method_error(NormaliseMethod m, const std::string& what) {
  return std::string("normalise (") + to_string(m) + "): " + what;
}

// Lower-is-better ratios divide by x: every present value must be positive.
inline void require_positive(const Eigen::Ref<const Eigen::VectorXd>& x, NormaliseMethod m, std::string_view id) {
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || x[i] > 0) continue;
    throw validation_error(method_error(m, (x[i] == 0 ? "division by zero" : "a negative value") +
                                               std::string(" at row ") + std::to_string(i) +
                                               " (lower-is-better ratios divide by x, which must be positive)"),
                           at_id(id));
  }
}

// x ← f(x) for the present values.
template <class F>
void transform_present(Eigen::Ref<Eigen::VectorXd> x, F f) {
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) x[i] = f(x[i]);
}

// x ← ratio·scale with ratio = x/denominator (higher is better) or denominator/x, capped at 1
// when asked.
inline void ratio_scores(Eigen::Ref<Eigen::VectorXd> x, double denominator, bool higher, bool cap, double scale) {
  transform_present(x, [&](double v) {
    double r = higher ? v / denominator : denominator / v;
    if (cap) r = std::min(r, 1.0);
    return r * scale;
  });
}

}  // namespace detail

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
/// or options out of range (range_lo >= range_hi, sd <= 0, non-finite scale). `id` names the
/// indicator in the error's Location.
inline void normalise_column(Eigen::Ref<Eigen::VectorXd> x, Direction direction, const NormaliseOptions& options,
                             std::string_view id = {}) {
  using detail::method_error;
  const NormaliseMethod m = options.method;
  const auto where = detail::at_id(id);
  detail::require_finite_or_missing(x, "normalise", id);
  const Eigen::Index n = detail::count_present(x);
  if (n == 0) throw validation_error(method_error(m, "the column has no present values"), where);
  if (!std::isfinite(options.scale)) throw validation_error(method_error(m, "scale must be finite"), where);
  const bool higher = direction == Direction::higher_is_better;
  switch (m) {
    case NormaliseMethod::minmax: {
      const double lo = options.range_lo, hi = options.range_hi;
      if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
        throw validation_error(method_error(m, "the range must be finite with lo < hi"), where);
      if (!higher) x = -x;
      const double mn = detail::minimum(x), mx = detail::maximum(x);
      if (mn == mx) {
        if (!options.constant_to_midpoint)
          throw validation_error(method_error(m, "the column is constant (max = min), the method is undefined"), where);
        detail::transform_present(x, [&](double) { return lo + (hi - lo) / 2; });
        return;
      }
      detail::transform_present(x, [&](double v) { return (v - mn) / (mx - mn) * (hi - lo) + lo; });
      return;
    }
    case NormaliseMethod::goalposts: {
      const double lo = options.goalpost_lo, hi = options.goalpost_hi;
      if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
        throw validation_error(method_error(m, "goalposts need finite goalpost_lo < goalpost_hi"), where);
      detail::transform_present(x, [&](double v) {
        double y = higher ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo);
        if (options.cap) y = std::clamp(y, 0.0, 1.0);
        return y * options.scale;
      });
      return;
    }
    case NormaliseMethod::zscore: {
      if (!(options.sd > 0) || !std::isfinite(options.sd) || !std::isfinite(options.mean))
        throw validation_error(method_error(m, "the target sd must be finite and > 0, the mean finite"), where);
      if (!higher) x = -x;
      const double mu = detail::mean(x), s = detail::sd(x);
      if (!(s > 0))
        throw validation_error(method_error(m, n < 2 ? "needs at least two present values"
                                                     : "the column is constant (sd = 0), the method is undefined"),
                               where);
      detail::transform_present(x, [&](double v) { return (v - mu) / s * options.sd + options.mean; });
      return;
    }
    case NormaliseMethod::rank:
    case NormaliseMethod::percentile_rank: {
      if (m == NormaliseMethod::percentile_rank && n < 2)
        throw validation_error(method_error(m, "needs at least two present values (n − 1 divides)"), where);
      Eigen::VectorXd signed_x = higher ? Eigen::VectorXd(x) : Eigen::VectorXd(-x);
      RankWorkspace workspace;
      rank(signed_x, x, RankOptions{RankOrder::ascending, Ties::min}, workspace);
      if (m == NormaliseMethod::percentile_rank) {
        const double denom = static_cast<double>(n - 1);
        detail::transform_present(x, [&](double r) { return (r - 1) / denom; });
      }
      return;
    }
    case NormaliseMethod::ratio_to_standard: {
      const double standard = options.standard;
      if (!(std::isfinite(standard) && standard > 0))
        throw validation_error(method_error(m, "needs a finite standard > 0 for the indicator"), where);
      if (!higher) detail::require_positive(x, m, id);
      detail::ratio_scores(x, standard, higher, options.cap, options.scale);
      return;
    }
    case NormaliseMethod::efficacy: {
      const double worst = std::isnan(options.efficacy_worst) ? (higher ? detail::minimum(x) : detail::maximum(x))
                                                              : options.efficacy_worst;
      const double best = std::isnan(options.efficacy_best) ? (higher ? detail::maximum(x) : detail::minimum(x))
                                                            : options.efficacy_best;
      if (!std::isfinite(worst) || !std::isfinite(best))
        throw validation_error(method_error(m, "x_s and x_h must be finite"), where);
      if (worst == best && std::isnan(options.efficacy_worst) && std::isnan(options.efficacy_best)) {
        if (!options.constant_to_midpoint)
          throw validation_error(method_error(m, "the column is constant (x_h = x_s), the method is undefined"), where);
        detail::transform_present(x, [](double) { return 80.0; });
        return;
      }
      if (higher ? !(best > worst) : !(best < worst))
        throw validation_error(method_error(m, "the satisfactory value x_h must be better than the not-allowed value "
                                               "x_s in the indicator's direction"),
                               where);
      detail::transform_present(x, [&](double v) { return 60 + 40 * (v - worst) / (best - worst); });
      return;
    }
    case NormaliseMethod::ratio_to_mean: {
      const double mu = detail::mean(x);
      if (!(mu > 0))
        throw validation_error(method_error(m, "the mean is " + detail::format_double(mu) +
                                                   "; a ratio to the mean needs a positive mean"),
                               where);
      if (!higher) detail::require_positive(x, m, id);
      detail::ratio_scores(x, mu, higher, false, options.scale);
      return;
    }
    case NormaliseMethod::ratio_to_reference: {
      const Eigen::Index r = options.reference_row;
      if (r < 0 || r >= x.size())
        throw validation_error(method_error(m, "reference_row " + std::to_string(r) + " is not a row of the column (" +
                                                   std::to_string(x.size()) + " rows)"),
                               where);
      const double ref = x[r];
      if (std::isnan(ref)) throw validation_error(method_error(m, "the reference region's value is missing"), where);
      if (!(ref > 0))
        throw validation_error(method_error(m, "the reference value is " + detail::format_double(ref) +
                                                   "; a ratio to the reference needs a positive value"),
                               where);
      if (!higher) detail::require_positive(x, m, id);
      detail::ratio_scores(x, ref, higher, false, options.scale);
      return;
    }
  }
}

/// Normalises every column of a regions × indicators matrix with its own options (per_column[j]
/// for column j: method, standard, goalposts), so each indicator can be normalised its own way;
/// column j uses directions[j] (all higher-is-better when `directions` is empty) and `ids`
/// (optional) names the indicators in errors. Returns the normalised copy. See normalise_column().
/// @throws validation_error when directions, per_column or ids (if given) do not have one entry
/// per column, and normalise_column()'s errors.
inline Eigen::MatrixXd normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Direction>& directions,
                                 const std::vector<NormaliseOptions>& per_column,
                                 const std::vector<std::string>& ids = {}) {
  const auto n_cols = static_cast<std::size_t>(x.cols());
  if (!directions.empty() && directions.size() != n_cols)
    throw validation_error("normalise: " + std::to_string(directions.size()) + " directions for " +
                           std::to_string(n_cols) + " columns");
  if (per_column.size() != n_cols)
    throw validation_error("normalise: " + std::to_string(per_column.size()) + " option sets for " +
                           std::to_string(n_cols) + " columns");
  if (!ids.empty() && ids.size() != n_cols)
    throw validation_error("normalise: " + std::to_string(ids.size()) + " ids for " + std::to_string(n_cols) + " columns");
  Eigen::MatrixXd out = x;
  for (std::size_t j = 0; j < n_cols; ++j)
    normalise_column(out.col(static_cast<Eigen::Index>(j)), directions.empty() ? Direction::higher_is_better : directions[j],
                     per_column[j], ids.empty() ? std::string_view() : std::string_view(ids[j]));
  return out;
}

/// Normalises every column of a regions × indicators matrix with the same options (see the
/// per-column overload).
inline Eigen::MatrixXd normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Direction>& directions,
                                 const NormaliseOptions& options = {}, const std::vector<std::string>& ids = {}) {
  return normalise(x, directions, std::vector<NormaliseOptions>(static_cast<std::size_t>(x.cols()), options), ids);
}

}  // namespace countyleap
