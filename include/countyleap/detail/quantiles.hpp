#pragma once
/// @file detail/quantiles.hpp
/// @brief Several type-7 quantiles of one sample at once (R's quantile(type = 7), as COINr's
/// rank statistics), by a chain of selections or, for ranks, by counting. Used by the uncertainty
/// summaries; detail::quantile() in detail/stats.hpp is the one-probability rule they follow.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "countyleap/detail/stats.hpp"

namespace countyleap::detail {

/// R's type-7 rule (detail::quantile()) at the probabilities p (ascending), written to q, for n
/// values whose order statistics come from `lower(lo)` (the lo-th smallest, 0-based) and, when the
/// quantile interpolates, `upper(lo)` (the (lo + 1)-th smallest, asked right after lower(lo)):
/// index = (n − 1)·p, lo = ⌊index⌋, h = index − lo, q = (1 − h)·x₍lo₎ + h·x₍lo+1₎; NaN when n is 0.
template <class Lower, class Upper>
void type7_quantiles(std::size_t n, const std::vector<double>& p, double* q, Lower lower, Upper upper) {
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (n == 0) {
      q[k] = nan_value;
      continue;
    }
    const double index = static_cast<double>(n - 1) * p[k];
    const auto lo = static_cast<std::size_t>(std::floor(index));
    const double h = index - static_cast<double>(lo);
    const double qlo = lower(lo);
    if (h <= 0 || lo + 1 >= n) {
      q[k] = qlo;
      continue;
    }
    const double qhi = upper(lo);
    q[k] = qhi == qlo ? qlo : (1 - h) * qlo + h * qhi;
  }
}

/// Type-7 quantiles of the n values at v (no NaN) at the probabilities p (ascending), written to
/// q: the rule of detail::quantile() (R's quantile(type = 7)), with one chain of selections
/// instead of a copy and a selection per probability — each selection works on the values at or
/// above the previous quantile's position. Reorders v.
inline void sorted_quantiles(double* v, std::size_t n, const std::vector<double>& p, double* q) {
  std::size_t from = 0;
  type7_quantiles(
      n, p, q,
      [&](std::size_t lo) {
        std::nth_element(v + from, v + lo, v + n);
        from = lo;
        return v[lo];
      },
      [&](std::size_t lo) { return *std::min_element(v + lo + 1, v + n); });
}

/// sorted_quantiles() for whole numbers in [1, top] (ranks), by counting: the order statistics
/// are read off the cumulative counts, O(n + top) instead of a selection per probability.
/// `counts` is scratch.
inline void counted_quantiles(const double* v, std::size_t n, std::size_t top, const std::vector<double>& p, double* q,
                              std::vector<std::uint32_t>& counts) {
  counts.assign(top + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(v[i])];
  std::size_t value = 0, below = 0;  // below: values < `value`
  auto order_statistic = [&](std::size_t j) {  // the j-th smallest (0-based); j ascending across calls
    while (below + counts[value] <= j) below += counts[value++];
    return static_cast<double>(value);
  };
  std::size_t saved_value = 0, saved_below = 0;
  type7_quantiles(
      n, p, q,
      [&](std::size_t lo) {
        saved_value = value;
        saved_below = below;
        return order_statistic(lo);
      },
      [&](std::size_t lo) {
        const double qhi = order_statistic(lo + 1);
        value = saved_value;  // the next probability's lo may equal this lo + 1 or be smaller than it
        below = saved_below;
        return qhi;
      });
}

}  // namespace countyleap::detail
