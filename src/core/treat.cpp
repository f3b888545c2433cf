// Compiled definitions of countyleap/treat.hpp: see that header for each function's formula and source.
#include "countyleap/treat.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/detail/checks.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/error.hpp"

namespace countyleap::detail {

// One COINr winsorisation step (R/treat.R winsorise()): every point equal to the maximum (high
// side) or the minimum is set to the most extreme value among the other present points; the
// rows moved are written to `rows`. One pass: the extreme, its rows and the runner-up together.
// Returns {extreme, runner-up}: the value the rows had and the value they have now.
template <class Vec>
std::pair<double, double> winsorise_step(Vec& x, bool high, std::vector<Eigen::Index>& rows) {
  double extreme = nan_value, next = nan_value;
  rows.clear();
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double v = x[i];
    if (std::isnan(v)) continue;
    if (v == extreme) {
      rows.push_back(i);
    } else if (std::isnan(extreme) || (high ? v > extreme : v < extreme)) {
      next = extreme;
      extreme = v;
      rows.clear();
      rows.push_back(i);
    } else if (std::isnan(next) || (high ? v > next : v < next)) {
      next = v;
    }
  }
  for (auto i : rows) x[i] = next;
  return {extreme, next};
}

}  // namespace countyleap::detail

namespace countyleap {

const char* to_string(TreatMethod m) {
  switch (m) {
    case TreatMethod::coinr: return "coinr";
    case TreatMethod::eis: return "eis";
    case TreatMethod::none: return "none";
  }
  return "coinr";
}

TreatMethod treat_method_from_string(std::string_view s) {
  for (auto m : {TreatMethod::coinr, TreatMethod::eis, TreatMethod::none})
    if (s == to_string(m)) return m;
  throw validation_error("unknown outlier treatment method '" + std::string(s) + "' (expected coinr, eis or none)");
}

}  // namespace countyleap

namespace countyleap::detail {

bool coinr_passes(const SkewKurt& sk, const TreatOptions& o) {
  return std::abs(sk.skew) < o.skew || sk.kurt < o.kurtosis;
}

// True when a skewness/kurtosis from updated sums is too close to a threshold of the COINr test
// (or undefined) to decide on: the caller recomputes it in two passes, so every decision is the
// one skew_kurt() of the values gives.
bool near_threshold(const SkewKurt& sk, const TreatOptions& o) {
  constexpr double margin = 1e-8;  // the updates keep about 10 significant digits (ShiftedPowerSums)
  return !(sk.skew == sk.skew) || !(sk.kurt == sk.kurt) ||
         std::abs(std::abs(sk.skew) - o.skew) <= margin * std::max(1.0, std::abs(o.skew)) ||
         std::abs(sk.kurt - o.kurtosis) <= margin * std::max(1.0, std::abs(o.kurtosis));
}

void treat_coinr(Eigen::Ref<Eigen::VectorXd> x, const TreatOptions& o, TreatRecord& rec, std::string_view id) {
  if (rec.n_present < 4)
    throw validation_error("treat (coinr): kurtosis needs at least 4 present values, got " + std::to_string(rec.n_present),
                           at_id(id));
  SkewKurt sk{rec.n_present, rec.skew_before, rec.kurt_before};
  if (std::isnan(sk.skew)) return;  // zero variance: COINr's check returns NA and the column is left untreated
  rec.passed_initially = rec.passed = coinr_passes(sk, o);
  if (rec.passed) return;
  Eigen::VectorXd work = x;
  Eigen::Index nwin = 0;
  bool below_winmax = nwin < o.winmax;
  bool passing = false;
  ShiftedPowerSums sums;  // re-tests from sums updated for the moved points, not two passes a step
  if (below_winmax) sums.assign(work, mean(work));
  while (!passing && below_winmax) {
    const bool high = sk.skew >= 0;
    std::vector<Eigen::Index>& rows = high ? rec.high_rows : rec.low_rows;
    const auto [from, to] = winsorise_step(work, high, rows);
    nwin = static_cast<Eigen::Index>(rec.high_rows.size() + rec.low_rows.size());
    below_winmax = nwin < o.winmax;
    double relative_variance = 0;
    const bool kept_digits = sums.replace(static_cast<Eigen::Index>(rows.size()), from, to);
    if (kept_digits) sk = sums.skew_kurt(relative_variance);
    if (!kept_digits || relative_variance < 1e-6 || near_threshold(sk, o)) {
      sk = skew_kurt(work);  // exact: cancellation, near-constant values, or a close call
      sums.assign(work, mean(work));
    }
    if (std::isnan(sk.skew)) {
      if (below_winmax)  // COINr stops with an R error here (NA in the loop condition)
        throw validation_error("treat (coinr): winsorisation left a constant column, skewness is undefined", at_id(id));
      rec.high_rows.clear();  // COINr: the check returns NA and the untreated column is returned
      rec.low_rows.clear();
      return;
    }
    passing = coinr_passes(sk, o);
  }
  if (passing) {
    x = work;
    rec.passed = true;
    sk = skew_kurt(x);  // the recorded moments in two passes, as for every other column
    rec.skew_after = sk.skew;
    rec.kurt_after = sk.kurt;
    return;
  }
  const double lo = minimum(x), hi = maximum(x);  // log_CT of the original column
  const double shift = 0.01 * (hi - lo);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) x[i] = std::log(x[i] - lo + shift);
  rec.log_applied = true;
  sk = skew_kurt(x);
  rec.skew_after = sk.skew;
  rec.kurt_after = sk.kurt;
  rec.passed = !std::isnan(sk.skew) && coinr_passes(sk, o);
}

void treat_eis(Eigen::Ref<Eigen::VectorXd> x, const TreatOptions& o, TreatRecord& rec, std::string_view id) {
  if (rec.n_present < 3)
    throw validation_error("treat (eis): skewness needs at least 3 present values, got " + std::to_string(rec.n_present),
                           at_id(id));
  const double m = mean(x), s = sd(x);
  const double upper = m + o.outlier_sd * s, lower = m - o.outlier_sd * s;
  double max_rest = nan_value, min_rest = nan_value;  // extremes of the values that are not outliers
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double v = x[i];
    if (std::isnan(v)) continue;
    if (v > upper) rec.high_rows.push_back(i);
    else if (v < lower) rec.low_rows.push_back(i);
    else {
      if (std::isnan(max_rest) || v > max_rest) max_rest = v;
      if (std::isnan(min_rest) || v < min_rest) min_rest = v;
    }
  }
  for (auto i : rec.high_rows) x[i] = max_rest;
  for (auto i : rec.low_rows) x[i] = min_rest;
  const double skew_replaced = skewness(x);
  if (!std::isnan(skew_replaced) && skew_replaced > o.sqrt_skew) {
    if (minimum(x) < 0)
      throw validation_error("treat (eis): the square-root transform needs non-negative values", at_id(id));
    for (Eigen::Index i = 0; i < x.size(); ++i)
      if (!std::isnan(x[i])) x[i] = std::sqrt(x[i]);
    rec.sqrt_applied = true;
  }
  rec.passed_initially = rec.high_rows.empty() && rec.low_rows.empty() && !rec.sqrt_applied;
  rec.passed = true;
  const SkewKurt sk = skew_kurt(x);
  rec.skew_after = sk.skew;
  rec.kurt_after = sk.kurt;
}

}  // namespace countyleap::detail

namespace countyleap {

TreatRecord treat_column(Eigen::Ref<Eigen::VectorXd> x, const TreatOptions& options, std::string_view id) {
  if (options.winmax < 0)
    throw validation_error("treat: winmax must be >= 0, got " + std::to_string(options.winmax), detail::at_id(id));
  if (!std::isfinite(options.skew) || !std::isfinite(options.kurtosis) || !std::isfinite(options.sqrt_skew) ||
      !(options.outlier_sd > 0) || !std::isfinite(options.outlier_sd))
    throw validation_error("treat: thresholds must be finite (and outlier_sd > 0)", detail::at_id(id));
  detail::require_finite_or_missing(x, "treat", id);
  TreatRecord rec;
  rec.method = options.method;
  const detail::SkewKurt sk = detail::skew_kurt(x);
  rec.n_present = sk.n;
  rec.skew_before = rec.skew_after = sk.skew;
  rec.kurt_before = rec.kurt_after = sk.kurt;
  switch (options.method) {
    case TreatMethod::coinr: detail::treat_coinr(x, options, rec, id); break;
    case TreatMethod::eis: detail::treat_eis(x, options, rec, id); break;
    case TreatMethod::none: rec.passed_initially = rec.passed = true; break;
  }
  return rec;
}

std::vector<TreatRecord> treat(Eigen::Ref<Eigen::MatrixXd> x, const TreatOptions& options,
                               const std::vector<std::string>& ids) {
  if (!ids.empty() && static_cast<Eigen::Index>(ids.size()) != x.cols())
    throw validation_error("treat: " + std::to_string(ids.size()) + " ids for " + std::to_string(x.cols()) + " columns");
  std::vector<TreatRecord> records;
  records.reserve(static_cast<std::size_t>(x.cols()));
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    records.push_back(treat_column(x.col(j), options, ids.empty() ? std::string_view() : ids[static_cast<std::size_t>(j)]));
  return records;
}

}  // namespace countyleap
