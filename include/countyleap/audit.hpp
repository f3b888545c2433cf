#pragma once
/// @file audit.hpp
/// @brief Statistical audit of a framework's scores (COINr 1.1.14's get_stats(), get_corr(),
/// get_corr_flags(), get_cronbach() and get_PCA()): descriptive statistics of every node,
/// Pearson and Spearman correlation matrices, collinearity and negative-correlation flags,
/// Cronbach's alpha and the principal components of each aggregate node's components.

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/correlation.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"

namespace countyleap {

/// Descriptive statistics of one column (an indicator or an aggregate) over the regions.
struct ColumnStats {
  std::string id;                            ///< node id
  Eigen::Index n_present = 0;                ///< number of regions with a value
  double missing_share = std::numeric_limits<double>::quiet_NaN();  ///< share of regions without a value
  double mean = std::numeric_limits<double>::quiet_NaN();           ///< mean of the present values
  double sd = std::numeric_limits<double>::quiet_NaN();             ///< sample standard deviation (n − 1)
  double min = std::numeric_limits<double>::quiet_NaN();            ///< smallest value
  double max = std::numeric_limits<double>::quiet_NaN();            ///< largest value
  double skew = std::numeric_limits<double>::quiet_NaN();           ///< sample-adjusted skewness G1 (COINr skew(); needs n >= 3)
  double kurtosis = std::numeric_limits<double>::quiet_NaN();       ///< sample-adjusted excess kurtosis G2 (COINr kurt(); needs n >= 4)
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
  double cronbach_alpha = std::numeric_limits<double>::quiet_NaN();  ///< see cronbach_alpha()
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
ColumnStats column_stats(const Eigen::Ref<const Eigen::VectorXd>& x, std::string id = {});

/// Cronbach's alpha of the columns of `x` over its complete rows (L. J. Cronbach, "Coefficient
/// alpha and the internal structure of tests", Psychometrika 16 (1951) 297–334):
/// α = k/(k − 1) · (1 − Σ_i s_i² / s_T²), with s_i² the sample variance of column i and s_T² that
/// of the row sums. NaN when k < 2, fewer than two rows are complete or s_T² = 0. (COINr 1.1.14
/// get_cronbach() computes the same formula from a covariance matrix over pairwise complete
/// observations; on complete data the two agree.)
double cronbach_alpha(const Eigen::Ref<const Eigen::MatrixXd>& x);

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
AuditReport audit(const Framework& framework, const Eigen::Ref<const Eigen::MatrixXd>& scores,
                  const AuditOptions& options = {});

}  // namespace countyleap
