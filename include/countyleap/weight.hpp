#pragma once
/// @file weight.hpp
/// @brief Weights of the components of one node of the framework, as a vector summing to 1:
/// given (the framework's), equal, AHP (Saaty's eigenvector with λmax, CI and CR), entropy,
/// CRITIC, coefficient of variation and PCA.
///
/// Data-driven methods take the matrix of the node's components (regions in rows, components in
/// columns, NaN = missing) after normalisation and direction, i.e. the matrix the node's
/// aggregation reads. A node with a single component always gets the weight 1.

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"

namespace countyleap {

/// How the weights of a node's components are obtained.
enum class WeightMethod {
  given,    ///< the framework's weights, normalised to sum 1 (COINr's iMeta Weight)
  equal,    ///< 1/k each
  ahp,      ///< principal eigenvector of a pairwise comparison matrix (Saaty 1977)
  entropy,  ///< entropy weight method (Shannon entropy of each column's shares)
  critic,   ///< CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995)
  cv,       ///< coefficient of variation s/x̄, normalised
  pca       ///< squared loadings of the first principal component
};

/// Spelling in specs: "given", "equal", "ahp", "entropy", "critic", "cv", "pca".
const char* to_string(WeightMethod m);

/// Parses the spelling of to_string(WeightMethod). @throws validation_error naming the text.
WeightMethod weight_method_from_string(std::string_view s);

/// Relative weights scaled to sum 1: w / Σw ("given").
/// @throws validation_error for an empty vector, a negative or non-finite weight (naming its
/// index and value) or weights that are all zero.
Eigen::VectorXd normalise_weights(const Eigen::Ref<const Eigen::VectorXd>& w);

/// Equal weights 1/k for k components. @throws validation_error when k < 1.
Eigen::VectorXd equal_weights(Eigen::Index k);

/// The framework's weights of the children of node `node` (canonical index), normalised to sum
/// 1, in the order of Framework::children(node): each child's Framework::share().
/// @throws validation_error when `node` is a leaf or out of range.
Eigen::VectorXd given_weights(const Framework& framework, std::size_t node);

/// Saaty's random consistency index RI for an n × n pairwise comparison matrix, n = 1..15: the
/// mean consistency index of random reciprocal matrices on the 1/9..9 scale, from T. L. Saaty,
/// The Analytic Hierarchy Process, McGraw-Hill 1980:
/// 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59.
/// (Other simulations give slightly different values for n >= 11; pass AhpOptions::random_index
/// to use one.) @throws validation_error for n outside 1..15.
double saaty_random_index(Eigen::Index n);

/// Options of ahp_weights().
struct AhpOptions {
  /// Return the weights even when CR >= `max_cr` (the result still carries the CR).
  bool allow_inconsistent = false;
  /// Saaty's acceptance bound: CR below it is acceptable (Saaty 1980: 0.10).
  double max_cr = 0.1;
  /// The random index to divide CI by; NaN uses saaty_random_index(n).
  double random_index = std::numeric_limits<double>::quiet_NaN();
  /// Relative tolerance of the reciprocity check |a_ij·a_ji − 1| <= tol and of the unit
  /// diagonal; judgements typed as rounded decimals (0.333 for 1/3) pass at the default.
  double reciprocal_tolerance = 1e-3;
};

/// Result of ahp_weights().
struct AhpResult {
  Eigen::VectorXd weights;  ///< principal right eigenvector scaled to sum 1
  double lambda_max = 0;    ///< principal (Perron) eigenvalue λmax
  double ci = 0;            ///< consistency index (λmax − n)/(n − 1); 0 for n <= 2
  double cr = 0;            ///< consistency ratio CI/RI; 0 for n <= 2 (every such matrix is consistent)
};

/// AHP weights from a pairwise comparison matrix A (a_ij = how many times component i matters
/// more than j) by Saaty's eigenvector method (T. L. Saaty, "A scaling method for priorities in
/// hierarchical structures", J. Math. Psychology 15 (1977) 234–281; The Analytic Hierarchy
/// Process, 1980): A w = λmax w with w the principal right eigenvector scaled so Σw = 1,
/// CI = (λmax − n)/(n − 1), CR = CI/RI with RI from saaty_random_index() (or the option).
///
/// The eigenpair is found with Eigen's EigenSolver (real Schur decomposition); the eigenvalue of
/// largest real part is taken, which for a positive matrix is the real, simple Perron root with
/// a positive eigenvector (Perron 1907).
/// @throws validation_error when A is not square, is empty, has a non-positive or non-finite
/// entry, a diagonal entry other than 1 or a pair with a_ij·a_ji ≠ 1 (naming the entry); when
/// n > 15 without AhpOptions::random_index; and when CR >= max_cr unless allow_inconsistent,
/// naming the CR.
AhpResult ahp_weights(const Eigen::Ref<const Eigen::MatrixXd>& pairwise, const AhpOptions& options = {});

/// Entropy weight method (Shannon's entropy as a measure of a criterion's information; Zeleny,
/// Multiple Criteria Decision Making 1982; Hwang & Yoon, Multiple Attribute Decision Making,
/// Springer 1981): for column j with n_j
/// present values, p_ij = x_ij / Σ_i x_ij, e_j = −(1/ln n_j) Σ_i p_ij ln p_ij (0·ln 0 = 0),
/// d_j = 1 − e_j, w_j = d_j / Σ_k d_k.
///
/// Missing values are skipped: each column's shares and its n_j use its present values only.
/// @throws validation_error for a negative value (naming row, column and value; shift or
/// normalise the data first), a column with fewer than two present values or summing to zero,
/// and when every column is constant (all d_j = 0).
Eigen::VectorXd entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& x);

/// Options of critic_weights().
struct CriticOptions {
  /// Min-max each column to [0, 1] before taking its standard deviation, as Diakoulaki et al.
  /// do (x − min)/(max − min); false uses the standard deviation of the data as given.
  bool minmax = true;
};

/// CRITIC weights, "CRiteria Importance Through Intercriteria Correlation" (D. Diakoulaki,
/// G. Mavrotas, L. Papayannakis, Computers & Operations Research 22(7) (1995) 763–770):
/// C_j = σ_j Σ_k (1 − r_jk), w_j = C_j / Σ_k C_k, with σ_j the sample standard deviation (n − 1)
/// of column j after min-max to [0, 1] (see CriticOptions) and r the Pearson correlation
/// matrix, both over present values (correlations over pairwise complete observations, see
/// correlation_matrix()).
/// @throws validation_error for a column that is constant or has fewer than two values, or a
/// pair of columns with fewer than two complete rows (correlations undefined), naming them, and
/// when every C_j is zero.
Eigen::VectorXd critic_weights(const Eigen::Ref<const Eigen::MatrixXd>& x, const CriticOptions& options = {});

/// Coefficient-of-variation weights: w_j = (s_j / x̄_j) / Σ_k (s_k / x̄_k), s the sample standard
/// deviation (n − 1) and x̄ the mean of the present values of column j: the coefficient of
/// variation method (变异系数法) of Chinese comprehensive-evaluation practice, where a more
/// dispersed indicator discriminates more between regions and gets more weight.
/// @throws validation_error for a column whose mean is <= 0 (the ratio has no meaning as a
/// weight) or that has fewer than two values, naming it, and when every column is constant.
Eigen::VectorXd cv_weights(const Eigen::Ref<const Eigen::MatrixXd>& x);

/// PCA weights: the squared loadings of the first principal component of the correlation matrix
/// of the complete rows, w_j = a_j1² with a_1 the unit-norm eigenvector of the largest
/// eigenvalue (see principal_components()), so Σw = 1 and no weight is negative. This is the
/// squared-loading rule of the OECD/JRC Handbook on Constructing Composite Indicators (2008),
/// section 6.1, applied to one component. (COINr 1.1.14 get_PCA() instead returns the signed loadings
/// of the first component, which can be negative.)
/// @throws the errors of principal_components().
Eigen::VectorXd pca_weights(const Eigen::Ref<const Eigen::MatrixXd>& x);

/// How node_weights() computes one node's weights.
struct WeightOptions {
  WeightMethod method = WeightMethod::given;  ///< the method
  Eigen::MatrixXd pairwise;                   ///< ahp: the k × k pairwise comparison matrix
  AhpOptions ahp;                             ///< ahp: consistency rules
  CriticOptions critic;                       ///< critic: normalisation
};

/// Weights of one node's k components by `options.method`: `given` normalises `given` (the
/// framework weights of the children, see given_weights()); `equal` is equal_weights(k); `ahp`
/// is ahp_weights(options.pairwise).weights; the data-driven methods read `components`
/// (regions × k). The result sums to 1.
/// @throws validation_error when `given` (for given) or the pairwise matrix (for ahp) does not
/// have k entries per side, and the errors of the method.
Eigen::VectorXd node_weights(const WeightOptions& options, const Eigen::Ref<const Eigen::MatrixXd>& components,
                             const Eigen::Ref<const Eigen::VectorXd>& given);

}  // namespace countyleap
