// Compiled definitions of countyleap/normalise.hpp: see that header for each function's formula and source.
#include "countyleap/normalise.hpp"

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

namespace countyleap::detail {

// x ← f(x) for the present values.
template <class F>
void transform_present(Eigen::Ref<Eigen::VectorXd> x, F f) {
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) x[i] = f(x[i]);
}

}  // namespace countyleap::detail

namespace countyleap {

const char* to_string(NormaliseMethod m) {
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

NormaliseMethod normalise_method_from_string(std::string_view s) {
  for (auto m : {NormaliseMethod::minmax, NormaliseMethod::goalposts, NormaliseMethod::zscore, NormaliseMethod::rank,
                 NormaliseMethod::percentile_rank, NormaliseMethod::ratio_to_standard, NormaliseMethod::efficacy,
                 NormaliseMethod::ratio_to_mean, NormaliseMethod::ratio_to_reference})
    if (s == to_string(m)) return m;
  throw validation_error("unknown normalisation method '" + std::string(s) +
                         "' (expected minmax, goalposts, zscore, rank, percentile_rank, ratio_to_standard, efficacy, "
                         "ratio_to_mean or ratio_to_reference)");
}

}  // namespace countyleap

namespace countyleap::detail {

std::string method_error(NormaliseMethod m, const std::string& what) {
  return std::string("normalise (") + to_string(m) + "): " + what;
}

// Lower-is-better ratios divide by x: every present value must be positive.
void require_positive(const Eigen::Ref<const Eigen::VectorXd>& x, NormaliseMethod m, std::string_view id) {
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || x[i] > 0) continue;
    throw validation_error(method_error(m, (x[i] == 0 ? "division by zero" : "a negative value") +
                                               std::string(" at row ") + std::to_string(i) +
                                               " (lower-is-better ratios divide by x, which must be positive)"),
                           at_id(id));
  }
}

// x ← ratio·scale with ratio = x/denominator (higher is better) or denominator/x, capped at 1
// when asked.
void ratio_scores(Eigen::Ref<Eigen::VectorXd> x, double denominator, bool higher, bool cap, double scale) {
  transform_present(x, [&](double v) {
    double r = higher ? v / denominator : denominator / v;
    if (cap) r = std::min(r, 1.0);
    return r * scale;
  });
}

// (v − lo)/(hi − lo), on halves when hi − lo overflows (lo and hi of opposite signs near
// ±1.8e308). The direct form otherwise, so differences of denormals stay exact.
double position(double v, double lo, double hi) {
  const double range = hi - lo;
  if (std::isfinite(range)) return (v - lo) / range;
  return (v / 2 - lo / 2) / (hi / 2 - lo / 2);
}

// Scales x by 2^-e so that its largest magnitude is in [1, 2) and returns e (0 when no value is
// nonzero). A mean or an sd of the scaled column is the original's times 2^-e exactly (every
// rounding commutes with a power of two), without the overflow of a sum or a square near 1e308
// or the underflow of squared denormals.
int scale_to_unit(Eigen::Ref<Eigen::VectorXd> x) {
  double largest = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) largest = std::max(largest, std::abs(x[i]));
  if (!(largest > 0)) return 0;
  const int e = std::ilogb(largest);
  transform_present(x, [e](double v) { return std::ldexp(v, -e); });
  return e;
}

}  // namespace countyleap::detail

namespace countyleap {

void normalise_column(Eigen::Ref<Eigen::VectorXd> x, Direction direction, const NormaliseOptions& options,
                      std::string_view id) {
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
        break;
      }
      detail::transform_present(x, [&](double v) { return detail::position(v, mn, mx) * (hi - lo) + lo; });
      break;
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
      break;
    }
    case NormaliseMethod::zscore: {
      if (!(options.sd > 0) || !std::isfinite(options.sd) || !std::isfinite(options.mean))
        throw validation_error(method_error(m, "the target sd must be finite and > 0, the mean finite"), where);
      if (!higher) x = -x;
      detail::scale_to_unit(x);  // z-scores do not change with the scale
      const double mu = detail::mean(x), s = detail::sd(x);
      if (!(s > 0))
        throw validation_error(method_error(m, n < 2 ? "needs at least two present values"
                                                     : "the column is constant (sd = 0), the method is undefined"),
                               where);
      detail::transform_present(x, [&](double v) { return (v - mu) / s * options.sd + options.mean; });
      break;
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
      break;
    }
    case NormaliseMethod::ratio_to_standard: {
      const double standard = options.standard;
      if (!(std::isfinite(standard) && standard > 0))
        throw validation_error(method_error(m, "needs a finite standard > 0 for the indicator"), where);
      if (!higher) detail::require_positive(x, m, id);
      detail::ratio_scores(x, standard, higher, options.cap, options.scale);
      break;
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
        break;
      }
      if (higher ? !(best > worst) : !(best < worst))
        throw validation_error(method_error(m, "the satisfactory value x_h must be better than the not-allowed value "
                                               "x_s in the indicator's direction"),
                               where);
      detail::transform_present(x, [&](double v) { return 60 + 40 * detail::position(v, worst, best); });
      break;
    }
    case NormaliseMethod::ratio_to_mean: {
      const int e = detail::scale_to_unit(x);  // x/x̄ does not change with the scale
      const double mu = detail::mean(x);
      if (!(mu > 0))
        throw validation_error(method_error(m, "the mean is " + detail::format_double(std::ldexp(mu, e)) +
                                                   "; a ratio to the mean needs a positive mean"),
                               where);
      if (!higher) detail::require_positive(x, m, id);
      detail::ratio_scores(x, mu, higher, false, options.scale);
      break;
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
      break;
    }
  }
  // Finite values and options can still give a result beyond the double range (an uncapped ratio
  // to a tiny standard, efficacy bounds far inside the data).
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (std::isinf(x[i]))
      throw validation_error(method_error(m, "the result at row " + std::to_string(i) +
                                                 " overflows the double range (check the method's options)"),
                             where);
}

Eigen::MatrixXd normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Direction>& directions,
                          const std::vector<NormaliseOptions>& per_column,
                          const std::vector<std::string>& ids) {
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

Eigen::MatrixXd normalise(const Eigen::Ref<const Eigen::MatrixXd>& x, const std::vector<Direction>& directions,
                          const NormaliseOptions& options, const std::vector<std::string>& ids) {
  return normalise(x, directions, std::vector<NormaliseOptions>(static_cast<std::size_t>(x.cols()), options), ids);
}

}  // namespace countyleap
