#pragma once
/// @file audit.hpp
/// @brief Statistical audit of a framework's scores (COINr 1.1.14's get_stats(), get_corr(),
/// get_corr_flags(), get_cronbach() and get_PCA()): descriptive statistics of every node,
/// Pearson and Spearman correlation matrices, collinearity and negative-correlation flags,
/// Cronbach's alpha and the principal components of each aggregate node's components.

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

/// Descriptive statistics of one column (an indicator or an aggregate) over the regions.
struct ColumnStats {
  std::string id;                            ///< node id
  Eigen::Index n_present = 0;                ///< number of regions with a value
  double missing_share = detail::nan_value;  ///< share of regions without a value
  double mean = detail::nan_value;           ///< mean of the present values
  double sd = detail::nan_value;             ///< sample standard deviation (n − 1)
  double min = detail::nan_value;            ///< smallest value
  double max = detail::nan_value;            ///< largest value
  double skew = detail::nan_value;           ///< sample-adjusted skewness G1 (COINr skew(); needs n >= 3)
  double kurtosis = detail::nan_value;       ///< sample-adjusted excess kurtosis G2 (COINr kurt(); needs n >= 4)
};

/// Two components of one aggregate node whose correlation exceeds the threshold in absolute
/// value (possible double counting; COINr get_corr_flags()).
struct CollinearPair {
  std::string node;  ///< id of the aggregate both belong to
  std::string a;     ///< id of the first component (in the node's child order)
  std::string b;     ///< id of the second component
  double r = 0;      ///< their correlation
};

/// A node that correlates negatively with its parent (it pulls the parent the wrong way).
struct NegativeParentCorrelation {
  std::string node;    ///< id of the node
  std::string parent;  ///< id of its parent
  double r = 0;        ///< their correlation
};

/// Consistency statistics of one aggregate node's components.
struct NodeAudit {
  std::string id;                     ///< node id
  Eigen::Index n_components = 0;      ///< number of children
  Eigen::Index complete_rows = 0;     ///< regions with every component present
  double cronbach_alpha = detail::nan_value;  ///< see cronbach_alpha()
  /// Eigenvalues of the correlation matrix of the components over complete rows, largest first
  /// (empty when undefined, see `note`).
  Eigen::VectorXd eigenvalues;
  Eigen::VectorXd variance_share;  ///< share of variance explained by each component
  std::string note;                ///< why the PCA is missing, when it is
};

/// Options of audit().
struct AuditOptions {
  double collinearity_threshold = 0.9;  ///< flag |r| above this between components of a node
  CorrelationMethod flag_method = CorrelationMethod::pearson;  ///< correlation used by the flags
};

/// Result of audit(). Matrices are indexed like `ids` (canonical node order: leaves first).
struct AuditReport {
  std::vector<std::string> ids;                     ///< node ids, canonical order
  std::vector<ColumnStats> stats;                   ///< per node, canonical order
  Eigen::MatrixXd pearson;                          ///< Pearson correlations between all nodes
  Eigen::MatrixXd spearman;                         ///< Spearman correlations between all nodes
  std::vector<CollinearPair> collinear;             ///< flagged sibling pairs
  std::vector<NegativeParentCorrelation> negative;  ///< flagged node–parent pairs
  std::vector<NodeAudit> nodes;                     ///< per aggregate node, canonical order
};

/// Descriptive statistics of column `x` (NaN = missing) labelled `id`: count, missing share,
/// mean, sample sd, min, max, and COINr's sample-adjusted skewness and kurtosis
/// (detail::skew_kurt(); spreadsheets' SKEW and KURT). Undefined statistics are NaN.
inline ColumnStats column_stats(const Eigen::Ref<const Eigen::VectorXd>& x, std::string id = {}) {
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

/// Cronbach's alpha of the columns of `x` over its complete rows (L. J. Cronbach, "Coefficient
/// alpha and the internal structure of tests", Psychometrika 16 (1951) 297–334):
/// α = k/(k − 1) · (1 − Σ_i s_i² / s_T²), with s_i² the sample variance of column i and s_T² that
/// of the row sums. NaN when k < 2, fewer than two rows are complete or s_T² = 0. (COINr 1.1.14
/// get_cronbach() computes the same formula from a covariance matrix over pairwise complete
/// observations; on complete data the two agree.)
inline double cronbach_alpha(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  const Eigen::MatrixXd c = complete_rows(x);
  const Eigen::Index k = c.cols(), n = c.rows();
  if (k < 2 || n < 2) return detail::nan_value;
  double sum_var = 0;
  for (Eigen::Index j = 0; j < k; ++j) sum_var += detail::variance(c.col(j));
  const double total_var = detail::variance(c.rowwise().sum());
  if (!(total_var > 0)) return detail::nan_value;
  return static_cast<double>(k) / static_cast<double>(k - 1) * (1 - sum_var / total_var);
}

/// Audits `scores` (regions × every node of `framework`, canonical order, as filled by
/// HierarchyEvaluator::evaluate()):
/// - column_stats() of every node;
/// - Pearson and Spearman correlation matrices between all nodes over pairwise complete
///   observations (correlation_matrix(); R's use = "pairwise.complete.obs", as COINr);
/// - collinear: for each aggregate node, each pair of its children with
///   |r| > options.collinearity_threshold (r by options.flag_method);
/// - negative: each non-root node whose correlation with its parent is < 0;
/// - per aggregate node: cronbach_alpha() of its children's columns and principal_components()
///   of them (eigenvalues and variance shares; left empty with a `note` when undefined, e.g. a
///   constant component or fewer than two complete rows).
/// Correlations that are undefined (NaN) raise no flag.
/// @throws validation_error when `scores` does not have one column per node.
inline AuditReport audit(const Framework& framework, const Eigen::Ref<const Eigen::MatrixXd>& scores,
                         const AuditOptions& options = {}) {
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
