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

#include "countyleap/correlation.hpp"
#include "countyleap/detail/eigen_solvers.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
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
inline const char* to_string(WeightMethod m) {
  switch (m) {
    case WeightMethod::given: return "given";
    case WeightMethod::equal: return "equal";
    case WeightMethod::ahp: return "ahp";
    case WeightMethod::entropy: return "entropy";
    case WeightMethod::critic: return "critic";
    case WeightMethod::cv: return "cv";
    case WeightMethod::pca: return "pca";
  }
  return "given";
}

/// Parses the spelling of to_string(WeightMethod). @throws validation_error naming the text.
inline WeightMethod weight_method_from_string(std::string_view s) {
  for (auto m : {WeightMethod::given, WeightMethod::equal, WeightMethod::ahp, WeightMethod::entropy,
                 WeightMethod::critic, WeightMethod::cv, WeightMethod::pca})
    if (s == to_string(m)) return m;
  throw validation_error("unknown weight method '" + std::string(s) +
                         "' (expected given, equal, ahp, entropy, critic, cv or pca)");
}

/// Relative weights scaled to sum 1: w / Σw ("given").
/// @throws validation_error for an empty vector, a negative or non-finite weight (naming its
/// index and value) or weights that are all zero.
inline Eigen::VectorXd normalise_weights(const Eigen::Ref<const Eigen::VectorXd>& w) {
  if (w.size() == 0) throw validation_error("weights: no components");
  for (Eigen::Index j = 0; j < w.size(); ++j)
    if (!std::isfinite(w[j]) || w[j] < 0)
      throw validation_error("weights: weight " + std::to_string(j) + " must be finite and >= 0, got " +
                             detail::format_double(w[j]));
  const double total = w.sum();
  if (total <= 0) throw validation_error("weights: all weights are zero");
  return w / total;
}

/// Equal weights 1/k for k components. @throws validation_error when k < 1.
inline Eigen::VectorXd equal_weights(Eigen::Index k) {
  if (k < 1) throw validation_error("weights: no components");
  return Eigen::VectorXd::Constant(k, 1.0 / static_cast<double>(k));
}

/// The framework's weights of the children of node `node` (canonical index), normalised to sum
/// 1, in the order of Framework::children(node): each child's Framework::share().
/// @throws validation_error when `node` is a leaf or out of range.
inline Eigen::VectorXd given_weights(const Framework& framework, std::size_t node) {
  if (node >= framework.size() || framework.is_leaf(node))
    throw validation_error("given weights: node " + std::to_string(node) + " is not an aggregate");
  const auto& kids = framework.children(node);
  Eigen::VectorXd w(static_cast<Eigen::Index>(kids.size()));
  for (std::size_t c = 0; c < kids.size(); ++c) w[static_cast<Eigen::Index>(c)] = framework.nodes()[kids[c]].weight;
  return normalise_weights(w);
}

/// Saaty's random consistency index RI for an n × n pairwise comparison matrix, n = 1..15: the
/// mean consistency index of random reciprocal matrices on the 1/9..9 scale, from T. L. Saaty,
/// The Analytic Hierarchy Process, McGraw-Hill 1980:
/// 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59.
/// (Other simulations give slightly different values for n >= 11; pass AhpOptions::random_index
/// to use one.) @throws validation_error for n outside 1..15.
inline double saaty_random_index(Eigen::Index n) {
  static constexpr double table[15] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  if (n < 1 || n > 15)
    throw validation_error("Saaty's random index is tabulated for n = 1..15, got n = " + std::to_string(n) +
                           " (give AhpOptions::random_index)");
  return table[n - 1];
}

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
inline AhpResult ahp_weights(const Eigen::Ref<const Eigen::MatrixXd>& pairwise, const AhpOptions& options = {}) {
  const Eigen::Index n = pairwise.rows();
  if (n == 0 || pairwise.cols() != n)
    throw validation_error("AHP: the pairwise comparison matrix must be square and non-empty, got " +
                           std::to_string(pairwise.rows()) + " x " + std::to_string(pairwise.cols()));
  auto at = [](Eigen::Index i, Eigen::Index j) { return "(" + std::to_string(i + 1) + ", " + std::to_string(j + 1) + ")"; };
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      const double a = pairwise(i, j);
      if (!std::isfinite(a) || a <= 0)
        throw validation_error("AHP: entry " + at(i, j) + " must be positive and finite, got " + detail::format_double(a));
      if (i == j && std::abs(a - 1) > options.reciprocal_tolerance)
        throw validation_error("AHP: diagonal entry " + at(i, j) + " must be 1, got " + detail::format_double(a));
      if (i < j && std::abs(a * pairwise(j, i) - 1) > options.reciprocal_tolerance)
        throw validation_error("AHP: entries " + at(i, j) + " = " + detail::format_double(a) + " and " + at(j, i) +
                               " = " + detail::format_double(pairwise(j, i)) + " are not reciprocal");
    }
  AhpResult out;
  const detail::RealEigenpair principal = detail::largest_real_eigenpair(Eigen::MatrixXd(pairwise));
  out.lambda_max = principal.value;
  out.weights = principal.vector / principal.vector.sum();
  if (n > 2) {
    const double ri = std::isnan(options.random_index) ? saaty_random_index(n) : options.random_index;
    if (!(ri > 0)) throw validation_error("AHP: the random index must be positive, got " + detail::format_double(ri));
    out.ci = (out.lambda_max - static_cast<double>(n)) / static_cast<double>(n - 1);
    out.cr = out.ci / ri;
  }
  if (out.cr >= options.max_cr && !options.allow_inconsistent)
    throw validation_error("AHP: the judgements are inconsistent: CR = " + detail::format_double(out.cr) +
                           " >= " + detail::format_double(options.max_cr) + " (lambda_max = " +
                           detail::format_double(out.lambda_max) + "); revise the matrix or set allow_inconsistent");
  return out;
}

namespace detail {

/// Throws unless x has at least one column; true when it has exactly one (weight 1).
inline bool single_component(const Eigen::Ref<const Eigen::MatrixXd>& x, const char* method) {
  if (x.cols() == 0) throw validation_error(std::string(method) + " weights: no components");
  return x.cols() == 1;
}

/// d / Σd, or a validation_error naming the method when Σd is not positive.
inline Eigen::VectorXd scale_to_unit_sum(const Eigen::VectorXd& d, const char* method, const char* why) {
  const double total = d.sum();
  if (!(total > 0)) throw validation_error(std::string(method) + " weights are undefined: " + why);
  return d / total;
}

}  // namespace detail

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
inline Eigen::VectorXd entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  if (detail::single_component(x, "entropy")) return Eigen::VectorXd::Ones(1);
  Eigen::VectorXd d(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double total = 0;
    Eigen::Index n = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double v = x(i, j);
      if (std::isnan(v)) continue;
      if (v < 0)
        throw validation_error("entropy weights need non-negative data: row " + std::to_string(i) + ", column " +
                               std::to_string(j) + " is " + detail::format_double(v));
      total += v;
      ++n;
    }
    if (n < 2) throw validation_error("entropy weights: column " + std::to_string(j) + " has fewer than 2 values");
    if (total <= 0) throw validation_error("entropy weights: column " + std::to_string(j) + " sums to zero");
    double h = 0;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double v = x(i, j);
      if (std::isnan(v) || v == 0) continue;
      const double p = v / total;
      h -= p * std::log(p);
    }
    d[j] = 1 - h / std::log(static_cast<double>(n));
  }
  return detail::scale_to_unit_sum(d, "entropy", "every column is constant");
}

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
inline Eigen::VectorXd critic_weights(const Eigen::Ref<const Eigen::MatrixXd>& x, const CriticOptions& options = {}) {
  if (detail::single_component(x, "CRITIC")) return Eigen::VectorXd::Ones(1);
  const Eigen::MatrixXd r = correlation_matrix(x);
  Eigen::VectorXd c(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    if (std::isnan(r(j, j)))
      throw validation_error("CRITIC weights: column " + std::to_string(j) + " is constant or has fewer than 2 values");
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    double conflict = 0;
    for (Eigen::Index k = 0; k < x.cols(); ++k) {
      if (std::isnan(r(j, k)))
        throw validation_error("CRITIC weights: columns " + std::to_string(j) + " and " + std::to_string(k) +
                               " share fewer than 2 complete rows, their correlation is undefined");
      conflict += 1 - r(j, k);
    }
    const double range = detail::maximum(x.col(j)) - detail::minimum(x.col(j));
    c[j] = detail::sd(x.col(j)) / (options.minmax ? range : 1.0) * conflict;
  }
  return detail::scale_to_unit_sum(c, "CRITIC", "every column is perfectly correlated with the others");
}

/// Coefficient-of-variation weights: w_j = (s_j / x̄_j) / Σ_k (s_k / x̄_k), s the sample standard
/// deviation (n − 1) and x̄ the mean of the present values of column j: the coefficient of
/// variation method (变异系数法) of Chinese comprehensive-evaluation practice, where a more
/// dispersed indicator discriminates more between regions and gets more weight.
/// @throws validation_error for a column whose mean is <= 0 (the ratio has no meaning as a
/// weight) or that has fewer than two values, naming it, and when every column is constant.
inline Eigen::VectorXd cv_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  if (detail::single_component(x, "cv")) return Eigen::VectorXd::Ones(1);
  Eigen::VectorXd v(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double m = detail::mean(x.col(j)), s = detail::sd(x.col(j));
    if (std::isnan(s)) throw validation_error("cv weights: column " + std::to_string(j) + " has fewer than 2 values");
    if (!(m > 0))
      throw validation_error("cv weights: column " + std::to_string(j) + " has mean " + detail::format_double(m) +
                             "; the coefficient of variation needs a positive mean");
    v[j] = s / m;
  }
  return detail::scale_to_unit_sum(v, "cv", "every column is constant");
}

/// PCA weights: the squared loadings of the first principal component of the correlation matrix
/// of the complete rows, w_j = a_j1² with a_1 the unit-norm eigenvector of the largest
/// eigenvalue (see principal_components()), so Σw = 1 and no weight is negative. This is the
/// squared-loading rule of the OECD/JRC Handbook on Constructing Composite Indicators (2008),
/// section 6.1, applied to one component. (COINr 1.1.14 get_PCA() instead returns the signed loadings
/// of the first component, which can be negative.)
/// @throws the errors of principal_components().
inline Eigen::VectorXd pca_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  if (detail::single_component(x, "pca")) return Eigen::VectorXd::Ones(1);
  return principal_components(x).vectors.col(0).array().square().matrix();
}

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
inline Eigen::VectorXd node_weights(const WeightOptions& options, const Eigen::Ref<const Eigen::MatrixXd>& components,
                                    const Eigen::Ref<const Eigen::VectorXd>& given) {
  const Eigen::Index k = components.cols();
  auto need = [k](Eigen::Index got, const char* what) {
    if (got != k)
      throw validation_error(std::string("weights: ") + what + " has " + std::to_string(got) + " entries for " +
                             std::to_string(k) + " components");
  };
  switch (options.method) {
    case WeightMethod::given: need(given.size(), "the given weight vector"); return normalise_weights(given);
    case WeightMethod::equal: return equal_weights(k);
    case WeightMethod::ahp: need(options.pairwise.rows(), "the pairwise matrix"); return ahp_weights(options.pairwise, options.ahp).weights;
    case WeightMethod::entropy: return entropy_weights(components);
    case WeightMethod::critic: return critic_weights(components, options.critic);
    case WeightMethod::cv: return cv_weights(components);
    case WeightMethod::pca: return pca_weights(components);
  }
  return normalise_weights(given);
}

}  // namespace countyleap
