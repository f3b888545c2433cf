#pragma once
/// @file rank.hpp
/// @brief Ranks of a vector or of each column of a matrix: 1 is the best (by default the
/// highest value), tied units share the best rank they span ("min", COINr's default) or the mean
/// of the ranks they span ("average", as used by Spearman's correlation); missing stays missing.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap {

/// Which end of the scale gets rank 1.
enum class RankOrder {
  descending,  ///< the highest value gets rank 1 (ranking of scores: COINr's rank_df, rank(−x))
  ascending    ///< the lowest value gets rank 1 (R's rank(x); COINr's n_rank normalisation)
};

/// How tied values are ranked (R's rank(ties.method = ...)).
enum class Ties {
  min,     ///< every tied value gets the smallest rank of its run, e.g. 1, 2, 2, 4 (sport ranking)
  average  ///< every tied value gets the mean rank of its run, e.g. 1, 2.5, 2.5, 4
};

/// Spelling in specs: "descending", "ascending".
inline const char* to_string(RankOrder o) { return o == RankOrder::descending ? "descending" : "ascending"; }

/// Parses the spelling of to_string(RankOrder). @throws validation_error naming the text.
inline RankOrder rank_order_from_string(std::string_view s) {
  for (auto o : {RankOrder::descending, RankOrder::ascending})
    if (s == to_string(o)) return o;
  throw validation_error("unknown rank order '" + std::string(s) + "' (expected descending or ascending)");
}

/// Spelling in specs: "min", "average".
inline const char* to_string(Ties t) { return t == Ties::min ? "min" : "average"; }

/// Parses the spelling of to_string(Ties). @throws validation_error naming the text.
inline Ties ties_from_string(std::string_view s) {
  for (auto t : {Ties::min, Ties::average})
    if (s == to_string(t)) return t;
  throw validation_error("unknown ties method '" + std::string(s) + "' (expected min or average)");
}

/// Options of rank().
struct RankOptions {
  RankOrder order = RankOrder::descending;  ///< rank 1 = highest value unless ascending
  Ties ties = Ties::min;                    ///< tied values share the best rank (COINr's default)
};

/// Reusable buffers of rank(): they grow to the largest size seen and are then reused, so a
/// caller ranking many columns (or many replications) allocates once.
struct RankWorkspace {
  std::vector<std::uint32_t> keys;      ///< radix keys (top 32 bits of the order key)
  std::vector<std::uint32_t> keys_tmp;  ///< second buffer of the radix passes
  std::vector<std::uint32_t> rows;      ///< positions of the present values, in sorted order
  std::vector<std::uint32_t> rows_tmp;  ///< second buffer of the radix passes
};

/// Writes into `out` the rank of each present value of `x` among the present values; a
/// missing value (NaN) gets a NaN rank. Equals R's rank(s·x, ties.method, na.last = "keep")
/// with s = −1 for RankOrder::descending and +1 for ascending (COINr 1.1.14 rank_df and n_rank).
/// With m present values sorted into runs of equal values, a run occupying sorted positions
/// a..b (1-based) gets rank a ("min") or (a + b)/2 ("average").
///
/// Sorting: each double maps to a 64-bit key whose unsigned order is its numeric order (negative
/// values: every bit flipped; others: the sign bit set; flipped again for descending). The top
/// 32 bits (sign, exponent and 20 mantissa bits) are sorted by four stable 8-bit counting
/// passes with the four histograms taken in one read (a pass is skipped when every key has the
/// same digit); values whose top bits agree (relative gaps below about 1e-6) are then ordered by
/// comparing the doubles. O(m) and no allocation once `workspace` has grown — about 5× faster
/// than a comparison sort on 2,850 scores. -0.0 and +0.0 compare equal and share a rank.
/// @throws validation_error when `out` has a different size than `x`.
inline void rank(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::Ref<Eigen::VectorXd> out, const RankOptions& options,
                 RankWorkspace& workspace) {
  if (out.size() != x.size())
    throw validation_error("rank: output has " + std::to_string(out.size()) + " elements, input " +
                           std::to_string(x.size()));
  const bool desc = options.order == RankOrder::descending;
  const auto n = static_cast<std::size_t>(x.size());
  RankWorkspace& s = workspace;
  for (auto* v : {&s.keys, &s.keys_tmp, &s.rows, &s.rows_tmp})
    if (v->size() < n) v->resize(n);
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[static_cast<Eigen::Index>(i)];
    if (std::isnan(v)) {
      out[static_cast<Eigen::Index>(i)] = v;
      continue;
    }
    std::uint64_t u;
    std::memcpy(&u, &v, sizeof u);
    u = (u >> 63) ? ~u : (u | (std::uint64_t{1} << 63));
    if (desc) u = ~u;
    s.keys[m] = static_cast<std::uint32_t>(u >> 32);
    s.rows[m] = static_cast<std::uint32_t>(i);
    ++m;
  }
  constexpr int bits = 8, digits = 4;
  constexpr std::uint32_t mask = (1u << bits) - 1;
  std::uint32_t counts[digits][(1u << bits) + 1] = {};
  for (std::size_t k = 0; k < m; ++k) {
    const std::uint32_t key = s.keys[k];
    ++counts[0][(key & mask) + 1];
    ++counts[1][((key >> 8) & mask) + 1];
    ++counts[2][((key >> 16) & mask) + 1];
    ++counts[3][(key >> 24) + 1];
  }
  for (int d = 0; d < digits; ++d) {
    const int shift = bits * d;
    std::uint32_t* count = counts[d];
    if (m == 0 || count[((s.keys[0] >> shift) & mask) + 1] == m) continue;  // one digit: nothing moves
    for (std::size_t v = 1; v <= mask + 1; ++v) count[v] += count[v - 1];
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t to = count[(s.keys[k] >> shift) & mask]++;
      s.keys_tmp[to] = s.keys[k];
      s.rows_tmp[to] = s.rows[k];
    }
    s.keys.swap(s.keys_tmp);
    s.rows.swap(s.rows_tmp);
  }
  auto before = [&](std::uint32_t a, std::uint32_t b) { return desc ? x[a] > x[b] : x[a] < x[b]; };
  for (std::size_t a = 0; a < m;) {  // equal top bits: insertion sort by value
    std::size_t b = a + 1;
    while (b < m && s.keys[b] == s.keys[a]) ++b;
    for (std::size_t k = a + 1; k < b; ++k)
      for (std::size_t j = k; j > a && before(s.rows[j], s.rows[j - 1]); --j) std::swap(s.rows[j], s.rows[j - 1]);
    a = b;
  }
  for (std::size_t a = 0; a < m;) {
    std::size_t b = a + 1;
    while (b < m && x[s.rows[b]] == x[s.rows[a]]) ++b;
    const double r = options.ties == Ties::min ? static_cast<double>(a + 1) : (static_cast<double>(a + 1 + b)) / 2;
    for (std::size_t k = a; k < b; ++k) out[s.rows[k]] = r;
    a = b;
  }
}

/// rank() into a new vector. See the four-argument overload for the definition.
inline Eigen::VectorXd rank(const Eigen::Ref<const Eigen::VectorXd>& x, const RankOptions& options = {}) {
  Eigen::VectorXd out(x.size());
  RankWorkspace workspace;
  rank(x, out, options, workspace);
  return out;
}

/// Ranks of each column of `x` (regions in rows): column j of the result is rank(x.col(j)).
inline Eigen::MatrixXd rank_columns(const Eigen::Ref<const Eigen::MatrixXd>& x, const RankOptions& options = {}) {
  Eigen::MatrixXd out(x.rows(), x.cols());
  RankWorkspace workspace;
  for (Eigen::Index j = 0; j < x.cols(); ++j) rank(x.col(j), out.col(j), options, workspace);
  return out;
}

}  // namespace countyleap
