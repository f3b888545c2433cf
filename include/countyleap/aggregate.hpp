#pragma once
/// @file aggregate.hpp
/// @brief Aggregation of the component scores of one node (regions × components, with relative
/// weights) into one score per region: weighted arithmetic, geometric, harmonic and generalised
/// (power) means, TOPSIS closeness, grey relational grade and Copeland scores.
///
/// Conventions: NaN marks a missing component score. Weights are relative (only their ratios
/// matter), finite and >= 0. Components are assumed normalised and oriented so that higher is
/// better (directions applied before). Every method writes into a caller-provided output vector;
/// with a caller-provided AggregateWorkspace no call allocates once the workspace has grown to
/// the problem size, so the functions can run inside a Monte Carlo loop.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"

namespace countyleap {

/// How a node's components are combined.
enum class AggregationMethod {
  arithmetic,       ///< Σ w x / Σ w over present components (COINr a_amean)
  geometric,        ///< exp(Σ w ln x / Σ w) over present components (COINr a_gmean)
  harmonic,         ///< Σ w / Σ (w / x) over present components (COINr a_hmean)
  generalised,      ///< power mean (Σ w x^p / Σ w)^(1/p)
  topsis,           ///< TOPSIS relative closeness to the ideal (Hwang & Yoon 1981)
  grey_relational,  ///< grey relational grade against the column maxima (Deng 1982)
  copeland          ///< Copeland score: pairwise weighted-majority wins − losses (Munda & Nardo 2009)
};

/// Spelling in specs and in Node::aggregation: "arithmetic", "geometric", "harmonic",
/// "generalised", "topsis", "grey_relational", "copeland".
inline const char* to_string(AggregationMethod m) {
  switch (m) {
    case AggregationMethod::arithmetic: return "arithmetic";
    case AggregationMethod::geometric: return "geometric";
    case AggregationMethod::harmonic: return "harmonic";
    case AggregationMethod::generalised: return "generalised";
    case AggregationMethod::topsis: return "topsis";
    case AggregationMethod::grey_relational: return "grey_relational";
    case AggregationMethod::copeland: return "copeland";
  }
  return "arithmetic";
}

/// Parses the spelling of to_string(AggregationMethod). @throws validation_error naming the text.
inline AggregationMethod aggregation_method_from_string(std::string_view s) {
  for (auto m : {AggregationMethod::arithmetic, AggregationMethod::geometric, AggregationMethod::harmonic,
                 AggregationMethod::generalised, AggregationMethod::topsis, AggregationMethod::grey_relational,
                 AggregationMethod::copeland})
    if (s == to_string(m)) return m;
  throw validation_error("unknown aggregation method '" + std::string(s) +
                         "' (expected arithmetic, geometric, harmonic, generalised, topsis, grey_relational or copeland)");
}

/// Options of aggregate().
struct AggregateOptions {
  AggregationMethod method = AggregationMethod::arithmetic;  ///< the rule
  /// Minimum share of components present for a region to get a score: a region with
  /// present / k < min_data gets NaN (COINr's dat_thresh). 0 = any one component suffices; a
  /// region with no component present always gets NaN.
  double min_data = 0;
  /// geometric, harmonic, generalised: a constant added to every component before the mean
  /// (x + shift), e.g. 1 for scores in [0, 100] that may be 0; the result is the mean of the
  /// shifted values (nothing is subtracted back). 0 = none (COINr's behaviour).
  double shift = 0;
  /// generalised: the power p; p = 1 is the arithmetic, p = 0 the geometric and p = −1 the
  /// harmonic mean.
  double p = 1;
  /// grey_relational: the distinguishing coefficient ρ in (0, 1] (Deng's customary 0.5).
  double rho = 0.5;
};

/// Reusable buffers of aggregate(): per-component and per-region scratch space. Grows on first
/// use with a larger problem and never shrinks, so repeated calls do not allocate.
struct AggregateWorkspace {
  Eigen::VectorXd col_a;  ///< per-component scratch
  Eigen::VectorXd col_b;  ///< per-component scratch
  Eigen::VectorXd col_c;  ///< per-component scratch
  Eigen::VectorXd row_a;    ///< per-region scratch
  Eigen::VectorXd rows_ok;  ///< per region: 1 when it has enough data, else 0
};

namespace detail {

/// Makes v at least n long (no allocation when it already is).
inline void reserve_scratch(Eigen::VectorXd& v, Eigen::Index n) {
  if (v.size() < n) v.resize(n);
}

/// Σ w in index order: a plain loop, so the result does not depend on the vector's memory
/// alignment (Eigen's vectorised sum() does), keeping scores bit-reproducible.
inline double plain_sum(const Eigen::Ref<const Eigen::VectorXd>& w) {
  double s = 0;
  for (Eigen::Index j = 0; j < w.size(); ++j) s += w[j];
  return s;
}

/// Sets ok[i] = 1 when region i has at least one component present and present/k >= min_data,
/// else 0. Column by column, so the matrix is read contiguously.
inline void mark_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, double min_data, Eigen::Ref<Eigen::VectorXd> ok) {
  ok.setZero();
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) ok[i] += std::isnan(x(i, j)) ? 0.0 : 1.0;
  const double need = min_data * static_cast<double>(x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) ok[i] = ok[i] > 0 && ok[i] >= need ? 1.0 : 0.0;
}

/// Weighted mean over present components of the regions marked in `ok`:
/// out_i = finish(Σ_j w_j f(x_ij), Σ_j w_j), the sums in component order; unmarked regions get
/// NaN. Accumulates column by column into `out` and the scratch `den` (out must not overlap x).
/// `f` may throw for a value outside its domain.
template <class F, class Finish>
void rowwise_mean(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                  Eigen::Ref<Eigen::VectorXd> out, const Eigen::Ref<const Eigen::VectorXd>& ok,
                  Eigen::Ref<Eigen::VectorXd> den, F f, Finish finish) {
  const Eigen::Index n = x.rows();
  out.setZero();
  den.setZero();
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double wj = w[j];
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = x(i, j);
      if (std::isnan(v) || ok[i] == 0) continue;
      out[i] += wj * f(v, i, j);
      den[i] += wj;
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) out[i] = ok[i] != 0 ? finish(out[i], den[i]) : nan_value;
}

/// A validation_error for a component value outside a mean's domain.
[[noreturn]] inline void bad_value(const char* method, const char* need, Eigen::Index i, Eigen::Index j, double v) {
  throw validation_error(std::string(method) + " mean needs " + need + " values: region index " + std::to_string(i) +
                         ", component " + std::to_string(j) + " is " + format_double(v) +
                         " (normalise to a positive range or set AggregateOptions::shift)");
}

/// TOPSIS closeness (see aggregate()).
inline void topsis(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                   Eigen::Ref<Eigen::VectorXd> out, const Eigen::Ref<const Eigen::VectorXd>& ok, AggregateWorkspace& ws) {
  const Eigen::Index n = x.rows(), k = x.cols();
  reserve_scratch(ws.col_a, k);
  reserve_scratch(ws.col_b, k);
  reserve_scratch(ws.col_c, k);
  reserve_scratch(ws.row_a, n);
  auto scale = ws.col_a.head(k), best = ws.col_b.head(k), worst = ws.col_c.head(k);
  auto d_plus = ws.row_a.head(n);
  const double total = plain_sum(w);
  for (Eigen::Index j = 0; j < k; ++j) {
    double ss = 0, hi = -std::numeric_limits<double>::infinity(), lo = std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = x(i, j);
      if (std::isnan(v)) continue;
      ss += v * v;
      hi = std::max(hi, v);
      lo = std::min(lo, v);
    }
    scale[j] = ss > 0 ? w[j] / total / std::sqrt(ss) : 0.0;
    best[j] = ss > 0 ? hi * scale[j] : 0.0;
    worst[j] = ss > 0 ? lo * scale[j] : 0.0;
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (ok[i] == 0) {
      out[i] = nan_value;
      continue;
    }
    double dp = 0, dm = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      const double v = x(i, j);
      if (std::isnan(v)) continue;
      const double t = v * scale[j];
      dp += (t - best[j]) * (t - best[j]);
      dm += (t - worst[j]) * (t - worst[j]);
    }
    d_plus[i] = std::sqrt(dp);
    out[i] = std::sqrt(dm);
  }
  for (Eigen::Index i = 0; i < n; ++i)
    if (!std::isnan(out[i])) out[i] = out[i] / (d_plus[i] + out[i]);
}

/// Grey relational grade (see aggregate()).
inline void grey_relational(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                            Eigen::Ref<Eigen::VectorXd> out, const Eigen::Ref<const Eigen::VectorXd>& ok,
                            Eigen::Ref<Eigen::VectorXd> den, double rho, AggregateWorkspace& ws) {
  const Eigen::Index n = x.rows(), k = x.cols();
  reserve_scratch(ws.col_a, k);
  auto reference = ws.col_a.head(k);
  for (Eigen::Index j = 0; j < k; ++j) reference[j] = maximum(x.col(j));
  double dmin = std::numeric_limits<double>::infinity(), dmax = 0;
  for (Eigen::Index j = 0; j < k; ++j)
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = x(i, j);
      if (std::isnan(v)) continue;
      dmin = std::min(dmin, reference[j] - v);
      dmax = std::max(dmax, reference[j] - v);
    }
  const double num = dmin + rho * dmax, off = rho * dmax;
  rowwise_mean(
      x, w, out, ok, den,
      [&](double v, Eigen::Index, Eigen::Index j) { return dmax > 0 ? num / (reference[j] - v + off) : 1.0; },
      [](double s, double wsum) { return s / wsum; });
}

/// Copeland scores (see aggregate()).
inline void copeland(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                     Eigen::Ref<Eigen::VectorXd> out, const Eigen::Ref<const Eigen::VectorXd>& ok) {
  const Eigen::Index n = x.rows(), k = x.cols();
  const double tie = 1e-12 * plain_sum(w);  // margins this small are rounding noise: a tie
  for (Eigen::Index i = 0; i < n; ++i) out[i] = ok[i] != 0 ? 0.0 : nan_value;
  for (Eigen::Index a = 0; a < n; ++a) {
    if (std::isnan(out[a])) continue;
    for (Eigen::Index b = a + 1; b < n; ++b) {
      if (std::isnan(out[b])) continue;
      double margin = 0;  // Σ w over components where a > b, minus Σ w where b > a
      for (Eigen::Index j = 0; j < k; ++j) {
        const double va = x(a, j), vb = x(b, j);
        if (va > vb) margin += w[j];
        else if (vb > va) margin -= w[j];
      }
      if (margin > tie) {
        out[a] += 1;
        out[b] -= 1;
      } else if (margin < -tie) {
        out[a] -= 1;
        out[b] += 1;
      }
    }
  }
}

}  // namespace detail

/// Aggregates the components of one node, `x` (regions × k, NaN = missing), with relative
/// weights `w` (k entries, finite, >= 0, rescaled internally) into `out` (one score per region).
/// Regions with fewer than `options.min_data`·k components present, or none, get NaN (COINr
/// 1.1.14 Aggregate(dat_thresh)). The methods, each over the components present in the region
/// unless said otherwise (missing components are skipped and the remaining weights rescaled, as
/// in COINr):
///
/// - arithmetic: y = Σ w x / Σ w (COINr a_amean).
/// - geometric: y = exp(Σ w ln(x + shift) / Σ w) (COINr a_gmean); x + shift <= 0 is an error.
/// - harmonic: y = Σ w / Σ (w / (x + shift)) (COINr a_hmean); x + shift <= 0 is an error.
/// - generalised: y = (Σ w (x + shift)^p / Σ w)^(1/p), the weighted power mean (Hardy,
///   Littlewood & Pólya, Inequalities 1934, ch. II); p = 1 is arithmetic, p = 0 geometric (its
///   limit), p = −1 harmonic; x + shift < 0 is an error, and = 0 too when p <= 0.
/// - topsis: TOPSIS (C.-L. Hwang & K. Yoon, Multiple Attribute Decision Making, Springer 1981):
///   r_ij = x_ij / √(Σ_i x_ij²), v_ij = w_j r_ij with Σw = 1, ideal best A⁺_j = max_i v_ij and
///   worst A⁻_j = min_i v_ij (every column is a benefit column: directions were applied
///   earlier), D⁺_i = √(Σ_j (v_ij − A⁺_j)²), D⁻_i = √(Σ_j (v_ij − A⁻_j)²), C_i = D⁻/(D⁺ + D⁻) in
///   [0, 1]. Missing values: the column norms and ideals use the present values; a missing
///   component adds nothing to either distance of its region. An all-zero column contributes
///   nothing; C is NaN for a region equal to both ideals (every column constant).
/// - grey_relational: grey relational grade (Deng Julong, "Control problems of grey systems",
///   Systems & Control Letters 1(5) (1982) 288–294): reference x0_j = max_i x_ij,
///   Δ_ij = |x0_j − x_ij|, with Δmin and Δmax over all present (i, j) the coefficient
///   ξ_ij = (Δmin + ρΔmax)/(Δ_ij + ρΔmax), and the grade y_i = Σ w ξ / Σ w. ξ = 1 when
///   Δmax = 0. The components should share one scale (they do after normalisation).
/// - copeland: for each pair of regions a, b (both with enough data), a beats b when the total
///   weight of the components with x_a > x_b exceeds the total weight of those with x_b > x_a
///   (components missing in either region and ties count for neither; weight totals within
///   1e-12·Σw of each other are a tie, so 0.1 + 0.2 against 0.3 is one); the score is
///   wins − losses (Copeland's rule on the weighted outranking matrix: G. Munda & M. Nardo,
///   "Noncompensatory/nonlinear composite indicators for ranking countries: a defensible
///   setting", Applied Economics 41(12) (2009) 1513–1523; OECD/JRC Handbook on Constructing
///   Composite Indicators 2008, section 6.2). O(n² k). COINr 1.1.14 a_copeland() instead returns
///   row sums of the outranking matrix (Σ weight of wins + half of ties), a Borda-like count.
///
/// A region whose present components all have weight 0 gets NaN from the means. `out` must not
/// overlap `x`.
///
/// TOPSIS, grey relational and Copeland scores are relative to the regions passed together:
/// adding or removing a region can change everyone's score.
/// @throws validation_error when there is no component, the sizes disagree, a weight is
/// negative or non-finite, all weights are zero, an
/// option is out of range (min_data outside [0, 1], rho outside (0, 1], non-finite p or shift),
/// or a value is outside the domain of the mean (naming the region index, component and value).
inline void aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                      Eigen::Ref<Eigen::VectorXd> out, const AggregateOptions& options, AggregateWorkspace& workspace) {
  const char* method = to_string(options.method);
  if (w.size() != x.cols())
    throw validation_error(std::string("aggregate (") + method + "): " + std::to_string(w.size()) + " weights for " +
                           std::to_string(x.cols()) + " components");
  if (out.size() != x.rows())
    throw validation_error(std::string("aggregate (") + method + "): output has " + std::to_string(out.size()) +
                           " entries for " + std::to_string(x.rows()) + " regions");
  if (x.cols() == 0) throw validation_error(std::string("aggregate (") + method + "): no components");
  for (Eigen::Index j = 0; j < w.size(); ++j)
    if (!std::isfinite(w[j]) || w[j] < 0)
      throw validation_error(std::string("aggregate (") + method + "): weight " + std::to_string(j) +
                             " must be finite and >= 0, got " + detail::format_double(w[j]));
  if (!(detail::plain_sum(w) > 0)) throw validation_error(std::string("aggregate (") + method + "): all weights are zero");
  if (!(options.min_data >= 0 && options.min_data <= 1))
    throw validation_error("aggregate: min_data must be in [0, 1], got " + detail::format_double(options.min_data));
  if (!std::isfinite(options.shift))
    throw validation_error("aggregate: shift must be finite, got " + detail::format_double(options.shift));
  const double shift = options.shift;
  const Eigen::Index n = x.rows();
  detail::reserve_scratch(workspace.rows_ok, n);
  detail::reserve_scratch(workspace.row_a, n);
  auto ok = workspace.rows_ok.head(n);
  auto weight_sums = workspace.row_a.head(n);
  detail::mark_rows(x, options.min_data, ok);
  auto identity = [](double v, Eigen::Index, Eigen::Index) { return v; };
  auto ratio = [](double num, double den) { return num / den; };
  auto log_of = [shift](double v, Eigen::Index i, Eigen::Index j) {
    if (!(v + shift > 0)) detail::bad_value("geometric", "positive", i, j, v + shift);
    return std::log(v + shift);
  };
  auto exp_ratio = [](double num, double den) { return std::exp(num / den); };
  switch (options.method) {
    case AggregationMethod::arithmetic: detail::rowwise_mean(x, w, out, ok, weight_sums, identity, ratio); return;
    case AggregationMethod::geometric: detail::rowwise_mean(x, w, out, ok, weight_sums, log_of, exp_ratio); return;
    case AggregationMethod::harmonic:
      detail::rowwise_mean(
          x, w, out, ok, weight_sums,
          [shift](double v, Eigen::Index i, Eigen::Index j) {
            if (!(v + shift > 0)) detail::bad_value("harmonic", "positive", i, j, v + shift);
            return 1 / (v + shift);
          },
          [](double num, double den) { return den / num; });
      return;
    case AggregationMethod::generalised: {
      const double p = options.p;
      if (!std::isfinite(p)) throw validation_error("aggregate: p must be finite, got " + detail::format_double(p));
      if (p == 1) detail::rowwise_mean(x, w, out, ok, weight_sums, [shift](double v, Eigen::Index, Eigen::Index) { return v + shift; }, ratio);
      else if (p == 0) detail::rowwise_mean(x, w, out, ok, weight_sums, log_of, exp_ratio);
      else
        detail::rowwise_mean(
            x, w, out, ok, weight_sums,
            [shift, p](double v, Eigen::Index i, Eigen::Index j) {
              const double s = v + shift;
              if (s < 0 || (s == 0 && p < 0)) detail::bad_value("generalised", p < 0 ? "positive" : "non-negative", i, j, s);
              return std::pow(s, p);
            },
            [p](double num, double den) { return std::pow(num / den, 1 / p); });
      return;
    }
    case AggregationMethod::topsis: detail::topsis(x, w, out, ok, workspace); return;
    case AggregationMethod::grey_relational:
      if (!(options.rho > 0 && options.rho <= 1))
        throw validation_error("aggregate: rho must be in (0, 1], got " + detail::format_double(options.rho));
      detail::grey_relational(x, w, out, ok, weight_sums, options.rho, workspace);
      return;
    case AggregationMethod::copeland: detail::copeland(x, w, out, ok); return;
  }
}

/// aggregate() with a temporary workspace (allocates for topsis and grey_relational).
inline void aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                      Eigen::Ref<Eigen::VectorXd> out, const AggregateOptions& options = {}) {
  AggregateWorkspace workspace;
  aggregate(x, w, out, options, workspace);
}

/// aggregate() into a new vector.
inline Eigen::VectorXd aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                                 const AggregateOptions& options = {}) {
  Eigen::VectorXd out(x.rows());
  aggregate(x, w, out, options);
  return out;
}

}  // namespace countyleap
