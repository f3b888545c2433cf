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
RankOrder rank_order_from_string(std::string_view s);

/// Spelling in specs: "min", "average".
inline const char* to_string(Ties t) { return t == Ties::min ? "min" : "average"; }

/// Parses the spelling of to_string(Ties). @throws validation_error naming the text.
Ties ties_from_string(std::string_view s);

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
void rank(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::Ref<Eigen::VectorXd> out, const RankOptions& options,
          RankWorkspace& workspace);

/// rank() into a new vector. See the four-argument overload for the definition.
Eigen::VectorXd rank(const Eigen::Ref<const Eigen::VectorXd>& x, const RankOptions& options = {});

/// Ranks of each column of `x` (regions in rows): column j of the result is rank(x.col(j)).
Eigen::MatrixXd rank_columns(const Eigen::Ref<const Eigen::MatrixXd>& x, const RankOptions& options = {});

}  // namespace countyleap
