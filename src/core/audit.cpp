// Compiled definitions of countyleap/audit.hpp: see that header for each function's formula and source.
#include "countyleap/audit.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/correlation.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"

namespace countyleap {

ColumnStats column_stats(const Eigen::Ref<const Eigen::VectorXd>& x, std::string id) {
  ColumnStats s;
  s.id = std::move(id);
  const detail::SkewKurt sk = detail::skew_kurt(x);
  s.n_present = sk.n;
  s.missing_share = x.size() == 0 ? detail::nan_value : 1 - static_cast<double>(sk.n) / static_cast<double>(x.size());
  s.mean = detail::mean(x);
  s.sd = detail::sd(x);
  s.min = detail::minimum(x);
  s.max = detail::maximum(x);
  s.skew = sk.skew;
  s.kurtosis = sk.kurt;
  return s;
}

double cronbach_alpha(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  const Eigen::MatrixXd c = complete_rows(x);
  const Eigen::Index k = c.cols(), n = c.rows();
  if (k < 2 || n < 2) return detail::nan_value;
  double sum_var = 0;
  for (Eigen::Index j = 0; j < k; ++j) sum_var += detail::variance(c.col(j));
  const double total_var = detail::variance(c.rowwise().sum());
  if (!(total_var > 0)) return detail::nan_value;
  return static_cast<double>(k) / static_cast<double>(k - 1) * (1 - sum_var / total_var);
}

AuditReport audit(const Framework& framework, const Eigen::Ref<const Eigen::MatrixXd>& scores,
                  const AuditOptions& options) {
  const auto nodes = static_cast<Eigen::Index>(framework.size());
  if (scores.cols() != nodes)
    throw validation_error("audit: " + std::to_string(scores.cols()) + " score columns for " + std::to_string(nodes) +
                           " nodes");
  AuditReport out;
  for (std::size_t i = 0; i < framework.size(); ++i) {
    out.ids.push_back(framework.nodes()[i].id);
    out.stats.push_back(column_stats(scores.col(static_cast<Eigen::Index>(i)), framework.nodes()[i].id));
  }
  out.pearson = correlation_matrix(scores, CorrelationMethod::pearson);
  out.spearman = correlation_matrix(scores, CorrelationMethod::spearman);
  const Eigen::MatrixXd& r = options.flag_method == CorrelationMethod::pearson ? out.pearson : out.spearman;
  for (std::size_t i = 0; i < framework.size(); ++i) {
    const auto ii = static_cast<Eigen::Index>(i);
    if (const auto p = framework.parent(i); p && r(ii, static_cast<Eigen::Index>(*p)) < 0)
      out.negative.push_back({out.ids[i], out.ids[*p], r(ii, static_cast<Eigen::Index>(*p))});
    if (framework.is_leaf(i)) continue;
    const auto& kids = framework.children(i);
    for (std::size_t a = 0; a < kids.size(); ++a)
      for (std::size_t b = a + 1; b < kids.size(); ++b) {
        const double rab = r(static_cast<Eigen::Index>(kids[a]), static_cast<Eigen::Index>(kids[b]));
        if (std::abs(rab) > options.collinearity_threshold) out.collinear.push_back({out.ids[i], out.ids[kids[a]], out.ids[kids[b]], rab});
      }
    Eigen::MatrixXd block(scores.rows(), static_cast<Eigen::Index>(kids.size()));
    for (std::size_t c = 0; c < kids.size(); ++c) block.col(static_cast<Eigen::Index>(c)) = scores.col(static_cast<Eigen::Index>(kids[c]));
    NodeAudit node;
    node.id = out.ids[i];
    node.n_components = block.cols();
    node.cronbach_alpha = cronbach_alpha(block);
    try {
      const PrincipalComponents pc = principal_components(block);
      node.complete_rows = pc.rows_used;
      node.eigenvalues = pc.eigenvalues;
      node.variance_share = pc.variance_share;
    } catch (const validation_error& e) {
      node.complete_rows = complete_rows(block).rows();
      node.note = e.detail();
    }
    out.nodes.push_back(std::move(node));
  }
  return out;
}

}  // namespace countyleap
