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
const char* to_string(AggregationMethod m);

/// Parses the spelling of to_string(AggregationMethod). @throws validation_error naming the text.
AggregationMethod aggregation_method_from_string(std::string_view s);

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

/// A component value outside the domain of a mean (geometric and harmonic: not positive;
/// generalised: negative, or zero with p < 0). A validation_error that also keeps the row and the
/// component, so a caller with labels names them: evaluate() rethrows it with the region code,
/// the component's node id and the spec key `aggregate.shift`.
class aggregation_domain_error : public validation_error {
 public:
  /// `reason` names the mean and the value; `row` and `component` are 0-based positions in x,
  /// put in front of the message ("row 1, component 0: geometric mean needs ...").
  aggregation_domain_error(const std::string& reason, Eigen::Index row, Eigen::Index component)
      : validation_error("row " + std::to_string(row) + ", component " + std::to_string(component) + ": " + reason),
        reason_(reason),
        row_(row),
        component_(component) {}
  /// The message without the positions.
  const std::string& reason() const noexcept { return reason_; }
  /// Row of the offending value (the region).
  Eigen::Index row() const noexcept { return row_; }
  /// Column of the offending value (the component).
  Eigen::Index component() const noexcept { return component_; }

 private:
  std::string reason_;
  Eigen::Index row_;
  Eigen::Index component_;
};

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
/// negative or non-finite, all weights are zero, a component is ±Inf (naming its row and
/// column), a sum leaves the double range although the components are finite (components near
/// 1e308: the message names the row or component and says "overflows"), an
/// option is out of range (min_data outside [0, 1], rho outside (0, 1], non-finite p or shift),
/// and aggregation_domain_error when a value is outside the domain of the mean (naming the row,
/// component and value).
void aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
               Eigen::Ref<Eigen::VectorXd> out, const AggregateOptions& options, AggregateWorkspace& workspace);

/// aggregate() with a temporary workspace (allocates for topsis and grey_relational).
void aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
               Eigen::Ref<Eigen::VectorXd> out, const AggregateOptions& options = {});

/// aggregate() into a new vector.
Eigen::VectorXd aggregate(const Eigen::Ref<const Eigen::MatrixXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                          const AggregateOptions& options = {});

}  // namespace countyleap
