// Compiled definitions of countyleap/aggregate.hpp: see that header for each function's formula and source.
#include "countyleap/aggregate.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "countyleap/detail/checks.hpp"
#include "countyleap/detail/stats.hpp"
#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"

namespace countyleap::detail {

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

/// An aggregation_domain_error for a component value outside a mean's domain (`v` includes the
/// shift). The message is in the spec's terms: the caller adds which region and component.
[[noreturn]] inline void bad_value(const char* method, const char* need, Eigen::Index i, Eigen::Index j, double v) {
  throw aggregation_domain_error(std::string(method) + " mean needs " + need + " values, got " + format_double(v) +
                                     " (normalise to a positive range, e.g. minmax [1, 100], or set the aggregate "
                                     "option 'shift')",
                                 i, j);
}

/// A validation_error for a sum that leaves the double range although every component is finite
/// (components near ±1.8e308): `what` names the sum, e.g. "the score of row 3".
[[noreturn]] inline void overflow(const char* method, const std::string& what) {
  throw validation_error(std::string("aggregate (") + method + "): " + what +
                         " overflows the double range; normalise the components first");
}

}  // namespace countyleap::detail

namespace countyleap {

const char* to_string(AggregationMethod m) {
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

AggregationMethod aggregation_method_from_string(std::string_view s) {
  for (auto m : {AggregationMethod::arithmetic, AggregationMethod::geometric, AggregationMethod::harmonic,
                 AggregationMethod::generalised, AggregationMethod::topsis, AggregationMethod::grey_relational,
                 AggregationMethod::copeland})
    if (s == to_string(m)) return m;
  throw validation_error("unknown aggregation method '" + std::string(s) +
                         "' (expected arithmetic, geometric, harmonic, generalised, topsis, grey_relational or copeland)");
}

}  // namespace countyleap

namespace countyleap::detail {

/// Makes v at least n long (no allocation when it already is).
void reserve_scratch(Eigen::VectorXd& v, Eigen::Index n) {
  if (v.size() < n) v.resize(n);
}

/// Σ w in index order: a plain loop, so the result does not depend on the vector's memory
/// alignment (Eigen's vectorised sum() does), keeping scores bit-reproducible.
double plain_sum(const Eigen::Ref<const Eigen::VectorXd>& w) {
  double s = 0;
  for (Eigen::Index j = 0; j < w.size(); ++j) s += w[j];
  return s;
}

/// Sets ok[i] = 1 when region i has at least one component present and present/k >= min_data,
/// else 0. Column by column, so the matrix is read contiguously.
void mark_rows(const Eigen::Ref<const Eigen::MatrixXd>& x, double min_data, Eigen::Ref<Eigen::VectorXd> ok) {
  ok.setZero();
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) ok[i] += std::isnan(x(i, j)) ? 0.0 : 1.0;
  const double need = min_data * static_cast<double>(x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) ok[i] = ok[i] > 0 && ok[i] >= need ? 1.0 : 0.0;
}

/// TOPSIS closeness (see aggregate()).
void topsis(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
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
    if (std::isinf(ss)) overflow("topsis", "the sum of squares of component " + std::to_string(j));
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
void grey_relational(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
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
  if (std::isinf(dmax)) overflow("grey_relational", "the distance to the reference");
  const double num = dmin + rho * dmax, off = rho * dmax;
  rowwise_mean(
      x, w, out, ok, den,
      [&](double v, Eigen::Index, Eigen::Index j) { return dmax > 0 ? num / (reference[j] - v + off) : 1.0; },
      [](double s, double wsum) { return s / wsum; });
}

/// Copeland scores (see aggregate()).
void copeland(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
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

}  // namespace countyleap::detail

namespace countyleap {

void aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
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
  detail::require_finite_or_missing(x, method);
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
    case AggregationMethod::arithmetic: detail::rowwise_mean(x, w, out, ok, weight_sums, identity, ratio); break;
    case AggregationMethod::geometric: detail::rowwise_mean(x, w, out, ok, weight_sums, log_of, exp_ratio); break;
    case AggregationMethod::harmonic:
      detail::rowwise_mean(
          x, w, out, ok, weight_sums,
          [shift](double v, Eigen::Index i, Eigen::Index j) {
            if (!(v + shift > 0)) detail::bad_value("harmonic", "positive", i, j, v + shift);
            return 1 / (v + shift);
          },
          [](double num, double den) { return den / num; });
      break;
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
      break;
    }
    case AggregationMethod::topsis: detail::topsis(x, w, out, ok, workspace); break;
    case AggregationMethod::grey_relational:
      if (!(options.rho > 0 && options.rho <= 1))
        throw validation_error("aggregate: rho must be in (0, 1], got " + detail::format_double(options.rho));
      detail::grey_relational(x, w, out, ok, weight_sums, options.rho, workspace);
      break;
    case AggregationMethod::copeland: detail::copeland(x, w, out, ok); break;
  }
  // Finite components can still sum beyond the double range (Σ w x with x near 1e308).
  for (Eigen::Index i = 0; i < n; ++i)
    if (std::isinf(out[i])) detail::overflow(method, "the score of row " + std::to_string(i));
}

void aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
               Eigen::Ref<Eigen::VectorXd> out, const AggregateOptions& options) {
  AggregateWorkspace workspace;
  aggregate(x, w, out, options, workspace);
}

Eigen::VectorXd aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                          const AggregateOptions& options) {
  Eigen::VectorXd out(x.rows());
  aggregate(x, w, out, options);
  return out;
}

}  // namespace countyleap
