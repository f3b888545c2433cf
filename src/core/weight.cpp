// Compiled definitions of countyleap/weight.hpp: see that header for each function's formula and source.
#include "countyleap/weight.hpp"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "countyleap/correlation.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "eigen_solvers.hpp"

namespace countyleap {

const char* to_string(WeightMethod m) {
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

WeightMethod weight_method_from_string(std::string_view s) {
  for (auto m : {WeightMethod::given, WeightMethod::equal, WeightMethod::ahp, WeightMethod::entropy,
                 WeightMethod::critic, WeightMethod::cv, WeightMethod::pca})
    if (s == to_string(m)) return m;
  throw validation_error("unknown weight method '" + std::string(s) +
                         "' (expected given, equal, ahp, entropy, critic, cv or pca)");
}

Eigen::VectorXd normalise_weights(const Eigen::Ref<const Eigen::VectorXd>& w) {
  if (w.size() == 0) throw validation_error("weights: no components");
  for (Eigen::Index j = 0; j < w.size(); ++j)
    if (!std::isfinite(w[j]) || w[j] < 0)
      throw validation_error("weights: weight " + std::to_string(j) + " must be finite and >= 0, got " +
                             detail::format_double(w[j]));
  const double total = w.sum();
  if (total <= 0) throw validation_error("weights: all weights are zero");
  return w / total;
}

Eigen::VectorXd equal_weights(Eigen::Index k) {
  if (k < 1) throw validation_error("weights: no components");
  return Eigen::VectorXd::Constant(k, 1.0 / static_cast<double>(k));
}

Eigen::VectorXd given_weights(const Framework& framework, std::size_t node) {
  if (node >= framework.size() || framework.is_leaf(node))
    throw validation_error("given weights: node " + std::to_string(node) + " is not an aggregate");
  const auto& kids = framework.children(node);
  Eigen::VectorXd w(static_cast<Eigen::Index>(kids.size()));
  for (std::size_t c = 0; c < kids.size(); ++c) w[static_cast<Eigen::Index>(c)] = framework.nodes()[kids[c]].weight;
  return normalise_weights(w);
}

double saaty_random_index(Eigen::Index n) {
  static constexpr double table[15] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
  if (n < 1 || n > 15)
    throw validation_error("Saaty's random index is tabulated for n = 1..15, got n = " + std::to_string(n) +
                           " (give AhpOptions::random_index)");
  return table[n - 1];
}

AhpResult ahp_weights(const Eigen::Ref<const Eigen::MatrixXd>& pairwise, const AhpOptions& options) {
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

}  // namespace countyleap

namespace countyleap::detail {

/// Throws unless x has at least one column; true when it has exactly one (weight 1).
bool single_component(const Eigen::Ref<const Eigen::MatrixXd>& x, const char* method) {
  if (x.cols() == 0) throw validation_error(std::string(method) + " weights: no components");
  return x.cols() == 1;
}

/// d / Σd, or a validation_error naming the method when Σd is not positive.
Eigen::VectorXd scale_to_unit_sum(const Eigen::VectorXd& d, const char* method, const char* why) {
  const double total = d.sum();
  if (!(total > 0)) throw validation_error(std::string(method) + " weights are undefined: " + why);
  return d / total;
}

}  // namespace countyleap::detail

namespace countyleap {

Eigen::VectorXd entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
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

Eigen::VectorXd critic_weights(const Eigen::Ref<const Eigen::MatrixXd>& x, const CriticOptions& options) {
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

Eigen::VectorXd cv_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
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

Eigen::VectorXd pca_weights(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  if (detail::single_component(x, "pca")) return Eigen::VectorXd::Ones(1);
  return principal_components(x).vectors.col(0).array().square().matrix();
}

Eigen::VectorXd node_weights(const WeightOptions& options, const Eigen::Ref<const Eigen::MatrixXd>& components,
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
