#pragma once
/// @file leap.hpp
/// @brief The leap path (跃升路径): for a region below its goal tier, the least change of its
/// indicators that lifts its (current or projected) score over the tier's boundary, under
/// per-indicator bounds on growth — exact (a linear programme) where the score is piecewise
/// linear in the indicators, a checked greedy heuristic otherwise.
///
/// **What moves.** The framework's leaf indicators, each in its own units, independently of one
/// another: a ratio indicator (patents per 10k residents, a share in percent) is moved as a ratio
/// — the raw variables behind it are not split into numerator and denominator changes, and an
/// indicator that shares a raw variable with another (fiscal S&T expenditure and its share of the
/// budget) moves on its own. Indicators that cannot move are listed in LeapPath::held with the
/// reason: missing, <= 0 (a relative change from 0 is undefined), held by the options, already at
/// their bound, or already scoring full points.
///
/// **Bounds.** Over n years an indicator may grow at most by the factor f^n (f = 2 by default: no
/// indicator more than doubles in a year) from its value in the base year, and never beyond its
/// valid range (a share stays <= 100 %); a lower-is-better indicator may fall at most to 1/f^n of
/// it. n is the number of years from the base year to the evaluation year for a projected year,
/// and 1 (LeapOptions::years) for an observed one.
///
/// **Least change.** The effort is the total relative change Σ_j |Δ_j| / x_j: raising an
/// indicator by 10 % of its current level costs the same wherever it stands, so effort is
/// proportional to the current level.
///
/// **Exact case.** When every movable indicator's normalised score is a fixed-bound, concave
/// piecewise-linear function of it (ratio_to_standard for higher-is-better indicators, goalposts
/// inside or above the goalposts, efficacy with both bounds given), every aggregate node is a
/// weighted arithmetic mean and the weights do not depend on the data (given, equal, AHP), and no
/// outlier treatment or denomination touches a movable indicator, the composite is
/// S(x) = S_0 + Σ_j c_j a_j min(d_j, s_j), with d_j >= 0 the improvement of indicator j, c_j its
/// effective weight in the root (leaf_weights_in_root() over the region's present components),
/// a_j the normalised points per unit (scale / standard, scale / (U − L), 40 / |x_h − x_s|) and
/// s_j the distance to the point where it stops earning (the standard, the far goalpost; ∞
/// uncapped). With y_j = d_j / x_j the problem is
///
///     minimise Σ_j y_j  subject to  Σ_j ρ_j y_j >= D,  0 <= y_j <= u_j,
///
/// with ρ_j = c_j a_j x_j (points per unit of relative change), u_j = min(bound, s_j) / x_j
/// (moving past s_j costs without earning, so an optimum never does) and D = boundary − S_0 (plus
/// LeapOptions::overshoot). This is the continuous (fractional) knapsack problem (G. B. Dantzig,
/// "Discrete-variable extremum problems", Operations Research 5(2) (1957) 266–288): taking the
/// indicators in decreasing order of ρ_j, each up to u_j, the last one only as far as needed, is
/// optimal. Proof (exchange): let y be optimal and suppose ρ_a > ρ_b, y_a < u_a and y_b > 0;
/// lowering y_b by ε and raising y_a by ε ρ_b / ρ_a keeps Σ ρ y and changes the cost by
/// ε (ρ_b / ρ_a − 1) < 0, a contradiction; so an optimum fills the indicators in decreasing ρ, and
/// the constraint binds (else lower the last y). The greedy solution is that point (ties in ρ
/// share one cost). When Σ_j ρ_j u_j < D no change within the bounds reaches the boundary: the
/// path is infeasible, every useful indicator is taken to its limit, and the shortfall is
/// reported. The new score is re-computed with evaluate(), not taken from the formula.
///
/// **Other cases** (min-max or z-score normalisation, geometric or other non-linear aggregation,
/// data-driven weights, treatment, a lower-is-better ratio to a standard, an indicator below its
/// lower goalpost): a step-wise greedy. Each indicator's range [x_j, bound] is cut into
/// LeapOptions::steps steps; at every round the step with the largest composite gain per unit of
/// relative change, each gain computed with evaluate() on the whole panel, is taken, until the
/// boundary is reached; the last step is shortened by bisection to just reach it. This is a
/// heuristic with no optimality bound (the score need not be concave or separable in these
/// cases); what is guaranteed is that the reported new score is evaluate()'s and that `feasible`
/// is true only when it reaches the boundary.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/derive.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/projection.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/tier.hpp"

namespace countyleap {

/// How leap_path() solves.
enum class LeapSolver {
  automatic,  ///< the exact linear programme when the score is piecewise linear, else the greedy
  greedy      ///< always the step-wise greedy (to compare with the exact solution)
};

/// Spelling: "automatic", "greedy".
inline const char* to_string(LeapSolver s) { return s == LeapSolver::automatic ? "automatic" : "greedy"; }

/// Options of leap_path().
struct LeapOptions {
  double max_factor_per_year = 2;  ///< f: growth per year at most ×f (lower-is-better: fall to at least 1/f); >= 1
  std::map<std::string, double> factor_per_year;  ///< per-indicator f overriding the default; 1 holds an indicator
  /// n: years the change may take; 0 = evaluation year − base year for a projected year, 1 for an
  /// observed one.
  int years = 0;
  ProjectionOptions projection;  ///< projection to an evaluation year after the base year
  LeapSolver solver = LeapSolver::automatic;  ///< exact where possible, or always greedy
  int steps = 20;  ///< greedy: steps from an indicator's value to its bound (>= 1)
  /// Points aimed above the boundary, so that rounding in the re-evaluation cannot leave the new
  /// score a hair below it (and an exclusive boundary is passed). >= 0.
  double overshoot = 1e-6;
};

/// The change of one indicator on the leap path.
struct LeapChange {
  std::string indicator;  ///< leaf indicator id
  std::string unit;       ///< its unit
  double current = 0;     ///< its value now (or projected), own units
  double new_value = 0;   ///< its value on the path
  double change = 0;      ///< new_value − current, own units
  double change_pct = 0;  ///< change / current × 100
  double bound = 0;       ///< the furthest value the growth bound and valid range allow
  double points = 0;      ///< composite points this change adds
  bool at_bound = false;  ///< true when it goes as far as the bound allows
  bool saturated = false;  ///< exact path: true when it goes exactly to where it stops earning points
};

/// The result of leap_path().
struct LeapPath {
  std::string region;      ///< region code
  int year = 0;            ///< evaluation year
  std::string goal;        ///< goal tier label
  double boundary = 0;     ///< the goal tier's lower boundary (score units)
  bool projected = false;  ///< true when the starting point is a projection
  std::string basis;       ///< "observed 2022" or "projected to 2025 from 2019–2022 (cagr, k = 3)"
  int years = 1;           ///< n, the years the change may take
  double score = 0;        ///< the composite score before
  std::string tier;        ///< the tier before
  double new_score = 0;    ///< the composite score after, from evaluate()
  std::string new_tier;    ///< the tier after
  bool feasible = false;   ///< true when the bounds allow reaching the boundary (and the new score does)
  /// When infeasible: boundary − the best score within the bounds (exact) or reached (greedy);
  /// 0 otherwise.
  double shortfall = 0;
  bool exact = false;      ///< true for the exact linear-programme solution
  std::string method;      ///< how it was solved and, for the greedy, why the exact method does not apply
  double total_relative_change = 0;  ///< the objective Σ |Δ_j| / x_j
  std::vector<LeapChange> changes;   ///< indicators that change, in the order they were taken
  std::vector<std::string> held;     ///< indicators that cannot move, "id: reason"
};

/// The least change of region `code`'s indicators that lifts its composite score in `year` over
/// the lower boundary of tier `goal` (see the file description for the bounds, the objective, the
/// exact method with its proof, and the greedy). `year` 0 = the base year
/// (options.projection.base_year, default the panel's last year); a later year starts from the
/// projection (project() with the framework) and bounds growth from the base year's values.
/// The scheme must be TierRule::fixed: other rules move their boundaries with the scores.
/// A region already in the goal tier (or better) gets an empty, feasible path.
/// @throws validation_error for a scheme that is not fixed, a factor < 1, steps < 1, years < 0,
/// overshoot < 0; unknown_id_error for an unknown region (or one screened out), tier or
/// indicator in factor_per_year; and the errors of project(), derive() and evaluate().
LeapPath leap_path(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const TierScheme& scheme,
                   std::string_view code, std::string_view goal, int year = 0, const LeapOptions& options = {},
                   const RegionSet* regions = nullptr);

}  // namespace countyleap
