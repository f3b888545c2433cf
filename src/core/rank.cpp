// Compiled definitions of countyleap/rank.hpp: see that header for each function's formula and source.
#include "countyleap/rank.hpp"

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

RankOrder rank_order_from_string(std::string_view s) {
  for (auto o : {RankOrder::descending, RankOrder::ascending})
    if (s == to_string(o)) return o;
  throw validation_error("unknown rank order '" + std::string(s) + "' (expected descending or ascending)");
}

Ties ties_from_string(std::string_view s) {
  for (auto t : {Ties::min, Ties::average})
    if (s == to_string(t)) return t;
  throw validation_error("unknown ties method '" + std::string(s) + "' (expected min or average)");
}

void rank(const Eigen::Ref<const Eigen::VectorXd>& x, Eigen::Ref<Eigen::VectorXd> out, const RankOptions& options,
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

Eigen::VectorXd rank(const Eigen::Ref<const Eigen::VectorXd>& x, const RankOptions& options) {
  Eigen::VectorXd out(x.size());
  RankWorkspace workspace;
  rank(x, out, options, workspace);
  return out;
}

Eigen::MatrixXd rank_columns(const Eigen::Ref<const Eigen::MatrixXd>& x, const RankOptions& options) {
  Eigen::MatrixXd out(x.rows(), x.cols());
  RankWorkspace workspace;
  for (Eigen::Index j = 0; j < x.cols(); ++j) rank(x.col(j), out.col(j), options, workspace);
  return out;
}

}  // namespace countyleap
