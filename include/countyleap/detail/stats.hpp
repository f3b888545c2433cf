#pragma once
/// @file detail/stats.hpp
/// @brief NaN-skipping statistics of one vector (a column of a data matrix, a Panel series):
/// count, mean, sample variance and sd, min, max, median, R type-7 quantile, and the
/// sample-adjusted skewness and kurtosis COINr 1.1.14 uses (skew(), kurt(): e1071 type 2, the
/// forms of spreadsheets' SKEW and KURT). Not part of the public API.
///
/// Conventions: NaN marks a missing value and is skipped; every other value is assumed finite.
/// A statistic that is undefined for the values present (no value, too few values, zero
/// variance) is returned as NaN; callers that need a number check with std::isnan and throw a
/// typed error. Every function takes any Eigen vector expression (a matrix column, a strided
/// Map such as Panel::series, a Ref). Functions that need order statistics take a scratch
/// buffer that they resize and overwrite, so a caller looping over columns allocates once.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace countyleap::detail {

/// Quiet NaN, the "missing / undefined" value.
inline constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

/// Lanes of the branch-free reductions below: four independent partial sums that the compiler
/// keeps in registers (and may vectorise), combined in a fixed order at the end, so a result
/// never depends on memory alignment or thread count.
inline constexpr int lanes = 4;

/// Σ f(x_i) over the present values and their count, branch-free: a missing value adds 0.
template <class Derived, class F>
double present_sum(const Eigen::DenseBase<Derived>& x, F f, Eigen::Index& n) {
  double acc[lanes] = {0, 0, 0, 0};
  Eigen::Index cnt[lanes] = {0, 0, 0, 0};
  const Eigen::Index size = x.size();
  Eigen::Index i = 0;
  for (; i + lanes <= size; i += lanes)
    for (int k = 0; k < lanes; ++k) {
      const double v = x.coeff(i + k);
      const bool present = v == v;
      acc[k] += present ? f(v) : 0.0;
      cnt[k] += present;
    }
  for (int k = 0; i < size; ++i, ++k) {
    const double v = x.coeff(i);
    const bool present = v == v;
    acc[k] += present ? f(v) : 0.0;
    cnt[k] += present;
  }
  n = cnt[0] + cnt[1] + cnt[2] + cnt[3];
  return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

/// Number of present (non-NaN) values.
template <class Derived>
Eigen::Index count_present(const Eigen::DenseBase<Derived>& x) {
  static_assert(Derived::IsVectorAtCompileTime, "count_present expects a vector");
  Eigen::Index n = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) n += x.coeff(i) == x.coeff(i);
  return n;
}

/// Arithmetic mean of the present values, Σx/n; NaN when none is present.
template <class Derived>
double mean(const Eigen::DenseBase<Derived>& x) {
  static_assert(Derived::IsVectorAtCompileTime, "mean expects a vector");
  Eigen::Index n = 0;
  const double s = present_sum(x, [](double v) { return v; }, n);
  return n == 0 ? nan_value : s / static_cast<double>(n);
}

/// Sample variance of the present values, Σ(x − x̄)² / (n − 1) (R's var()); NaN when fewer
/// than two values are present.
template <class Derived>
double variance(const Eigen::DenseBase<Derived>& x) {
  static_assert(Derived::IsVectorAtCompileTime, "variance expects a vector");
  const double m = mean(x);
  Eigen::Index n = 0;
  const double s2 = present_sum(x, [m](double v) { return (v - m) * (v - m); }, n);
  return n < 2 ? nan_value : s2 / static_cast<double>(n - 1);
}

/// Sample standard deviation, sqrt(variance(x)) (R's sd()); NaN when fewer than two values.
template <class Derived>
double sd(const Eigen::DenseBase<Derived>& x) {
  return std::sqrt(variance(x));
}

/// Smallest present value; NaN when none is present.
template <class Derived>
double minimum(const Eigen::DenseBase<Derived>& x) {
  static_assert(Derived::IsVectorAtCompileTime, "minimum expects a vector");
  double m = nan_value;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double v = x.coeff(i);
    if (!std::isnan(v) && !(v >= m)) m = v;  // !(v >= NaN) is true: the first value is taken
  }
  return m;
}

/// Largest present value; NaN when none is present.
template <class Derived>
double maximum(const Eigen::DenseBase<Derived>& x) {
  static_assert(Derived::IsVectorAtCompileTime, "maximum expects a vector");
  double m = nan_value;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double v = x.coeff(i);
    if (!std::isnan(v) && !(v <= m)) m = v;
  }
  return m;
}

/// Copies the present values of x into `out` (resized; capacity is kept between calls).
template <class Derived>
void present_values(const Eigen::DenseBase<Derived>& x, std::vector<double>& out) {
  static_assert(Derived::IsVectorAtCompileTime, "present_values expects a vector");
  out.clear();
  out.reserve(static_cast<std::size_t>(x.size()));
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x.coeff(i))) out.push_back(x.coeff(i));
}

/// Median of `values` (all present), reordering them: R's median(), the middle value, or the
/// mean of the two middle values for an even count; NaN when empty. O(n) by selection.
inline double median_of(std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n == 0) return nan_value;
  const std::size_t half = n / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half), values.end());
  const double upper = values[half];
  if (n % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half));
  return (lower + upper) / 2;
}

/// Median of the present values of x (see median_of); NaN when none is present.
template <class Derived>
double median(const Eigen::DenseBase<Derived>& x, std::vector<double>& scratch) {
  present_values(x, scratch);
  return median_of(scratch);
}

/// median() with its own buffer.
template <class Derived>
double median(const Eigen::DenseBase<Derived>& x) {
  std::vector<double> scratch;
  return median(x, scratch);
}

/// Quantile of the present values at probability p in [0, 1], R's quantile(type = 7)
/// (Hyndman & Fan 1996, definition 7): with the sorted values x₍₁₎ ≤ … ≤ x₍ₙ₎, h = 1 + (n − 1)p,
/// j = ⌊h⌋, Q = (1 − (h − j))·x₍ⱼ₎ + (h − j)·x₍ⱼ₊₁₎ (just x₍ⱼ₎ when the two are equal). NaN when
/// no value is present or p is outside [0, 1] or NaN. O(n) by selection.
template <class Derived>
double quantile(const Eigen::DenseBase<Derived>& x, double p, std::vector<double>& scratch) {
  if (!(p >= 0 && p <= 1)) return nan_value;
  present_values(x, scratch);
  const std::size_t n = scratch.size();
  if (n == 0) return nan_value;
  const double index = static_cast<double>(n - 1) * p;  // 0-based h − 1
  const auto lo = static_cast<std::size_t>(std::floor(index));
  const double h = index - static_cast<double>(lo);
  std::nth_element(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(lo), scratch.end());
  const double qlo = scratch[lo];
  if (h <= 0 || lo + 1 >= n) return qlo;
  const double qhi = *std::min_element(scratch.begin() + static_cast<std::ptrdiff_t>(lo) + 1, scratch.end());
  if (qhi == qlo) return qlo;
  return (1 - h) * qlo + h * qhi;
}

/// quantile() with its own buffer.
template <class Derived>
double quantile(const Eigen::DenseBase<Derived>& x, double p) {
  std::vector<double> scratch;
  return quantile(x, p, scratch);
}

/// Skewness and kurtosis of one vector, with the count they were computed from.
struct SkewKurt {
  Eigen::Index n = 0;      ///< number of present values
  double skew = nan_value; ///< sample-adjusted skewness G1 (NaN when n < 3 or zero variance)
  double kurt = nan_value; ///< sample-adjusted excess kurtosis G2 (NaN when n < 4 or zero variance)
};

/// skew_kurt() of a column given by its count and central sums S2, S3, S4 (see skew_kurt()).
inline SkewKurt skew_kurt_from_sums(Eigen::Index count, double s2, double s3, double s4) {
  SkewKurt out;
  out.n = count;
  const auto n = static_cast<double>(count);
  if (count >= 3 && s2 > 0) out.skew = std::sqrt(n) * s3 / std::pow(s2, 1.5) * std::sqrt(n * (n - 1)) / (n - 2);
  if (count >= 4 && s2 > 0) {
    const double r = n * s4 / (s2 * s2);
    out.kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3));
  }
  return out;
}

/// Skewness and excess kurtosis of the present values, computed exactly as COINr 1.1.14's
/// skew() and kurt() (taken there from e1071::skewness/kurtosis, type 2; equal to spreadsheets'
/// SKEW and KURT). With d = x − x̄, S2 = Σd², S3 = Σd³, S4 = Σd⁴:
///   skew = √n·S3 / S2^{3/2} · √(n(n−1)) / (n − 2)
///        = n / ((n−1)(n−2)) · Σ((x − x̄)/s)³                                    (G1, n ≥ 3)
///   kurt = ((n + 1)(r − 3) + 6)(n − 1) / ((n − 2)(n − 3)),  r = n·S4 / S2²
///        = n(n+1) / ((n−1)(n−2)(n−3)) · Σ((x − x̄)/s)⁴ − 3(n−1)² / ((n−2)(n−3))  (G2, n ≥ 4)
/// where s is the sample sd. COINr stops with an error below 3 (skew) or 4 (kurt) values; here
/// those, and a zero variance (0/0 in R, NaN), give NaN.
template <class Derived>
SkewKurt skew_kurt(const Eigen::DenseBase<Derived>& x) {
  static_assert(Derived::IsVectorAtCompileTime, "skew_kurt expects a vector");
  const double m = mean(x);
  double a2[lanes] = {0, 0, 0, 0}, a3[lanes] = {0, 0, 0, 0}, a4[lanes] = {0, 0, 0, 0};
  Eigen::Index cnt[lanes] = {0, 0, 0, 0};
  auto add = [&](int k, double v) {
    const bool present = v == v;
    const double d = present ? v - m : 0.0, d2 = d * d;
    a2[k] += d2;
    a3[k] += d2 * d;
    a4[k] += d2 * d2;
    cnt[k] += present;
  };
  const Eigen::Index size = x.size();
  Eigen::Index i = 0;
  for (; i + lanes <= size; i += lanes)
    for (int k = 0; k < lanes; ++k) add(k, x.coeff(i + k));
  for (int k = 0; i < size; ++i, ++k) add(k, x.coeff(i));
  return skew_kurt_from_sums(cnt[0] + cnt[1] + cnt[2] + cnt[3], (a2[0] + a2[1]) + (a2[2] + a2[3]),
                             (a3[0] + a3[1]) + (a3[2] + a3[3]), (a4[0] + a4[1]) + (a4[2] + a4[3]));
}

/// Sums of the powers 1–4 of x − c over the present values of a column, around a fixed centre c,
/// kept up to date while values change: the winsorisation loop of the COINr treatment re-tests
/// skewness and kurtosis after every step, and updating four sums for the points moved replaces
/// two passes over the column. Central sums follow from the shifted ones with d = s1/n:
/// S2 = s2 − d·s1, S3 = s3 − 3d·s2 + 2n·d³, S4 = s4 − 4d·s3 + 6d²·s2 − 3n·d⁴.
struct ShiftedPowerSums {
  double centre = 0;         ///< c, e.g. the mean of the column before it changed
  Eigen::Index n = 0;        ///< present values
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0;  ///< Σ(x − c)^p, p = 1..4

  /// The sums of the present values of x around `c`, in one pass.
  template <class Derived>
  void assign(const Eigen::DenseBase<Derived>& x, double c) {
    centre = c;
    n = 0;
    s1 = s2 = s3 = s4 = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const double v = x.coeff(i);
      if (v != v) continue;
      const double d = v - c, d2 = d * d;
      ++n, s1 += d, s2 += d2, s3 += d2 * d, s4 += d2 * d2;
    }
  }

  /// Updates the sums for `k` present values changed from `from` to `to`. Returns false when the
  /// update may have cancelled more than six of the sums' sixteen digits (a removed term above
  /// 10⁶ times what remains); the caller then recomputes the sums from the values.
  bool replace(Eigen::Index k, double from, double to) {
    const double f = from - centre, t = to - centre, kk = static_cast<double>(k);
    const double f2 = f * f, t2 = t * t;
    s1 += kk * (t - f);
    s2 += kk * (t2 - f2);
    s3 += kk * (t2 * t - f2 * f);
    s4 += kk * (t2 * t2 - f2 * f2);
    return kk * f2 <= 1e6 * s2 && kk * f2 * f2 <= 1e6 * s4;
  }

  /// Skewness and kurtosis (skew_kurt()'s formulas) from the central sums; `relative_variance`
  /// receives S2 / s2, which is tiny when the central sums cancelled (near-constant values).
  SkewKurt skew_kurt(double& relative_variance) const {
    const double nn = static_cast<double>(n), d = n > 0 ? s1 / nn : 0.0;
    const double c2 = s2 - d * s1, c3 = s3 - 3 * d * s2 + 2 * nn * d * d * d;
    const double c4 = s4 - 4 * d * s3 + 6 * d * d * s2 - 3 * nn * d * d * d * d;
    relative_variance = s2 > 0 ? c2 / s2 : 0.0;
    return skew_kurt_from_sums(n, c2, c3, c4);
  }
};

/// Sample-adjusted skewness G1 (see skew_kurt); NaN when undefined.
template <class Derived>
double skewness(const Eigen::DenseBase<Derived>& x) {
  return skew_kurt(x).skew;
}

/// Sample-adjusted excess kurtosis G2 (see skew_kurt); NaN when undefined.
template <class Derived>
double kurtosis(const Eigen::DenseBase<Derived>& x) {
  return skew_kurt(x).kurt;
}

}  // namespace countyleap::detail
