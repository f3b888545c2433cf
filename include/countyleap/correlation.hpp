#pragma once
/// @file correlation.hpp
/// @brief Pearson and Spearman correlations over pairwise complete observations, and the
/// principal components of a correlation matrix: the one correlation routine behind the CRITIC
/// and PCA weights (weight.hpp) and the audit (audit.hpp).

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap {

/// Kind of correlation coefficient.
enum class CorrelationMethod {
  pearson,  ///< product-moment correlation of the values
  spearman  ///< Pearson correlation of the ranks (ties get the average rank)
};

/// Spelling in specs: "pearson", "spearman".
inline const char* to_string(CorrelationMethod m) { return m == CorrelationMethod::pearson ? "pearson" : "spearman"; }

/// Parses the spelling of to_string(CorrelationMethod). @throws validation_error naming the text.
CorrelationMethod correlation_method_from_string(std::string_view s);

/// Correlation of two vectors over pairwise complete observations: the rows where both are
/// present (not NaN), as R's cor(x, y, use = "pairwise.complete.obs", method) which COINr 1.1.14
/// uses in get_corr() and get_corr_flags().
///
/// Pearson: r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²), the means taken over those rows.
/// Spearman: the Pearson r of the ranks of x and of y among those rows, ties sharing the average
/// rank (Spearman 1904; R ranks within the complete pairs the same way). The result is clamped to
/// [−1, 1] (as R does); NaN when fewer than two rows are complete or either vector is constant on
/// them. @throws validation_error when the sizes differ.
double correlation(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y,
                   CorrelationMethod method = CorrelationMethod::pearson);

/// Correlation matrix of the columns of `x` (regions in rows): entry (j, k) is
/// correlation(x.col(j), x.col(k), method) over pairwise complete observations (see
/// correlation()); the diagonal is 1 for a column with at least two present, non-constant values
/// and NaN otherwise. O(k² n).
Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                   CorrelationMethod method = CorrelationMethod::pearson);

/// The rows of `x` with no missing value, in their order (R's na.omit()).
Eigen::MatrixXd complete_rows(const Eigen::Ref<const Eigen::MatrixXd>& x);

/// Principal components of a correlation matrix.
struct PrincipalComponents {
  /// Eigenvalues of the correlation matrix, largest first; they sum to the number of columns.
  Eigen::VectorXd eigenvalues;
  /// Unit-norm eigenvectors (loadings of the standardised columns) in the columns, in the order
  /// of `eigenvalues`; each is signed so that its entries sum to a value >= 0.
  Eigen::MatrixXd vectors;
  /// Share of the total variance explained by each component, eigenvalue / Σ eigenvalues.
  Eigen::VectorXd variance_share;
  Eigen::Index rows_used = 0;  ///< number of complete rows the correlations came from
};

/// Principal component analysis of the columns of `x` on the correlation matrix of its complete
/// rows: COINr 1.1.14 get_PCA() (na.omit, then stats::prcomp(center = TRUE, scale = TRUE), whose
/// squared standard deviations are these eigenvalues). The correlation matrix is
/// correlation_matrix() of complete_rows(x) and is decomposed by Eigen's SelfAdjointEigenSolver
/// (Jolliffe, Principal Component Analysis, 2nd ed. 2002, §1.1).
/// @throws validation_error when x has no column, fewer than two complete rows, or a column
/// that is constant on the complete rows (its correlations are undefined), naming the column.
PrincipalComponents principal_components(const Eigen::Ref<const Eigen::MatrixXd>& x);

}  // namespace countyleap
