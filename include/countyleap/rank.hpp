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

namespace detail {

/// A 64-bit key whose unsigned order is the numeric order of the double x (NaN excluded):
/// negative values have every bit flipped, the others the sign bit set. -0.0 sorts just before
/// +0.0; they compare equal as doubles and so share a run of ties.
inline std::uint64_t order_key(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return (u >> 63) ? ~u : (u | (std::uint64_t{1} << 63));
}

}  // namespace detail

/// Writes into `out` the rank of each present value of `x` among the present values; a
/// missing value (NaN) gets a NaN rank. Equals R's rank(s·x, ties.method, na.last = "keep")
/// with s = −1 for RankOrder::descending and +1 for ascending (COINr 1.1.14 rank_df and n_rank).
/// With m present values sorted into runs of equal values, a run occupying sorted positions
/// a..b (1-based) gets rank a ("min") or (a + b)/2 ("average"). The values are sorted by an LSD
/// radix sort of detail::order_key() (eight stable 8-bit counting passes, a pass skipped when
/// every key has the same digit): O(m) per pass, where a comparison sort's branches mispredict
/// on every other comparison (4x faster on 2,850 scores). `order` is a scratch buffer for the
/// sorted positions (resized); the keys take two more buffers of m entries per call.
/// @throws validation_error when `out` has a different size than `x`.
inline void rank(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::Ref<Eigen::VectorXd> out, const RankOptions& options,
                 std::vector<Eigen::Index>& order) {
  if (out.size() != x.size())
    throw validation_error("rank: output has " + std::to_string(out.size()) + " elements, input " +
                           std::to_string(x.size()));
  const bool desc = options.order == RankOrder::descending;
  std::vector<std::uint64_t> keys, keys_tmp;
  keys.reserve(static_cast<std::size_t>(x.size()));
  order.clear();
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) {
      out[i] = x[i];
      continue;
    }
    const std::uint64_t key = detail::order_key(x[i]);
    keys.push_back(desc ? ~key : key);
    order.push_back(i);
  }
  const std::size_t m = order.size();
  keys_tmp.resize(m);
  std::vector<Eigen::Index> order_tmp(m);
  for (int shift = 0; shift < 64; shift += 8) {
    std::size_t count[257] = {};
    for (std::size_t k = 0; k < m; ++k) ++count[((keys[k] >> shift) & 255u) + 1];
    if (m == 0 || count[((keys[0] >> shift) & 255u) + 1] == m) continue;  // one digit: nothing moves
    for (std::size_t d = 1; d <= 256; ++d) count[d] += count[d - 1];
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t to = count[(keys[k] >> shift) & 255u]++;
      keys_tmp[to] = keys[k];
      order_tmp[to] = order[k];
    }
    keys.swap(keys_tmp);
    order.swap(order_tmp);
  }
  for (std::size_t a = 0; a < m;) {
    std::size_t b = a + 1;
    while (b < m && x[order[b]] == x[order[a]]) ++b;
    // the run occupies 1-based positions a+1 .. b
    const double r = options.ties == Ties::min ? static_cast<double>(a + 1) : (static_cast<double>(a + 1 + b)) / 2;
    for (std::size_t k = a; k < b; ++k) out[order[k]] = r;
    a = b;
  }
}

/// rank() into a new vector. See the four-argument overload for the definition.
inline Eigen::VectorXd rank(const Eigen::Ref<const Eigen::VectorXd>& x, const RankOptions& options = {}) {
  Eigen::VectorXd out(x.size());
  std::vector<Eigen::Index> order;
  rank(x, out, options, order);
  return out;
}

/// Ranks of each column of `x` (regions in rows): column j of the result is rank(x.col(j)).
inline Eigen::MatrixXd rank_columns(const Eigen::Ref<const Eigen::MatrixXd>& x, const RankOptions& options = {}) {
  Eigen::MatrixXd out(x.rows(), x.cols());
  std::vector<Eigen::Index> order;
  for (Eigen::Index j = 0; j < x.cols(); ++j) rank(x.col(j), out.col(j), options, order);
  return out;
}

}  // namespace countyleap
