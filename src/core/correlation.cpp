// Compiled definitions of countyleap/correlation.hpp: see that header for each function's formula and source.
#include "countyleap/correlation.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/detail/stats.hpp"
#include "countyleap/error.hpp"
#include "countyleap/rank.hpp"
#include "eigen_solvers.hpp"

namespace countyleap::detail {

double pearson_of(const double* a, const double* b, std::size_t n);

/// Reusable buffers of pairwise_correlation().
struct CorrelationScratch {
  std::vector<double> a, b;
  Eigen::VectorXd ra, rb;
  RankWorkspace order;
};

/// Correlation of x and y over the rows where both are present (see correlation()).
template <class X, class Y>
double pairwise_correlation(const X& x, const Y& y, CorrelationMethod method, CorrelationScratch& s) {
  s.a.clear();
  s.b.clear();
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i]) && !std::isnan(y[i])) {
      s.a.push_back(x[i]);
      s.b.push_back(y[i]);
    }
  const std::size_t n = s.a.size();
  if (method == CorrelationMethod::pearson) return pearson_of(s.a.data(), s.b.data(), n);
  const auto m = static_cast<Eigen::Index>(n);
  s.ra.resize(m);
  s.rb.resize(m);
  const RankOptions avg{RankOrder::ascending, Ties::average};
  rank(Eigen::Map<const Eigen::VectorXd>(s.a.data(), m), s.ra, avg, s.order);
  rank(Eigen::Map<const Eigen::VectorXd>(s.b.data(), m), s.rb, avg, s.order);
  return pearson_of(s.ra.data(), s.rb.data(), n);
}

}  // namespace countyleap::detail

namespace countyleap {

CorrelationMethod correlation_method_from_string(std::string_view s) {
  for (auto m : {CorrelationMethod::pearson, CorrelationMethod::spearman})
    if (s == to_string(m)) return m;
  throw validation_error("unknown correlation method '" + std::string(s) + "' (expected pearson or spearman)");
}

}  // namespace countyleap

namespace countyleap::detail {

/// Pearson correlation of the first n entries of a and b (all present), clamped to [−1, 1];
/// NaN when n < 2 or either has zero variance.
double pearson_of(const double* a, const double* b, std::size_t n) {
  if (n < 2) return nan_value;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa <= 0 || sbb <= 0) return nan_value;
  const double r = sab / std::sqrt(saa * sbb);
  return r > 1 ? 1.0 : (r < -1 ? -1.0 : r);
}

}  // namespace countyleap::detail

namespace countyleap {

double correlation(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                   CorrelationMethod method) {
  if (x.size() != y.size())
    throw validation_error("correlation: vectors have " + std::to_string(x.size()) + " and " +
                           std::to_string(y.size()) + " elements");
  detail::CorrelationScratch s;
  return detail::pairwise_correlation(x, y, method, s);
}

Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                   CorrelationMethod method) {
  const Eigen::Index k = x.cols();
  Eigen::MatrixXd r(k, k);
  detail::CorrelationScratch s;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index l = j; l < k; ++l) r(j, l) = r(l, j) = detail::pairwise_correlation(x.col(j), x.col(l), method, s);
  return r;
}

Eigen::MatrixXd complete_rows(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  Eigen::Index n = 0;
  for (Eigen::Index i = 0; i < x.rows(); ++i) n += !x.row(i).array().isNaN().any();
  Eigen::MatrixXd out(n, x.cols());
  for (Eigen::Index i = 0, o = 0; i < x.rows(); ++i)
    if (!x.row(i).array().isNaN().any()) out.row(o++) = x.row(i);
  return out;
}

PrincipalComponents principal_components(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  if (x.cols() == 0) throw validation_error("principal components: no columns");
  const Eigen::MatrixXd complete = complete_rows(x);
  if (complete.rows() < 2)
    throw validation_error("principal components need at least 2 complete rows, found " +
                           std::to_string(complete.rows()));
  const Eigen::MatrixXd r = correlation_matrix(complete);
  for (Eigen::Index j = 0; j < r.cols(); ++j)
    if (std::isnan(r(j, j)))
      throw validation_error("principal components: column " + std::to_string(j) +
                             " is constant on the complete rows, its correlations are undefined");
  const auto [values, vectors] = detail::symmetric_eigen(r);
  const Eigen::Index k = r.cols();
  PrincipalComponents pc;
  pc.rows_used = complete.rows();
  pc.eigenvalues = values.reverse();
  pc.vectors = vectors.rowwise().reverse();
  for (Eigen::Index c = 0; c < k; ++c)
    if (pc.vectors.col(c).sum() < 0) pc.vectors.col(c) *= -1;
  pc.variance_share = pc.eigenvalues / pc.eigenvalues.sum();
  return pc;
}

}  // namespace countyleap
