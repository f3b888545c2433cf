#pragma once
/// @file projection.hpp
/// @brief Projection of a Panel's series to a target year from their recent trend (compound
/// growth or a least-squares line over the last k years), with a note on every projected value,
/// and the projected composite score and tier computed by the ordinary pipeline.
///
/// What is projected: the **raw variables**, never the derived indicators. evaluate() then
/// derives every indicator from the projected variables, for three reasons:
/// - identities hold: a ratio indicator is exactly its projected numerator over its projected
///   denominator (fiscal_st_share = fiscal_st_exp / public_budget_exp × 100), and a variable
///   that feeds two indicators (fiscal_st_exp is an indicator and the numerator of
///   fiscal_st_share) moves both consistently, which independent indicator projections do not;
/// - under CAGR the two routes coincide anyway: CAGR uses the two end points of the window, so
///   the CAGR of a ratio is (1 + g_num)/(1 + g_den) − 1 and the projected ratio equals the ratio
///   of the projections exactly;
/// - under the linear trend they differ (a ratio of two straight lines is not a straight line);
///   projecting the variables is the choice that keeps the identities.
/// A panel of indicators (for example derive()'s output) can be projected too: project() works
/// on whatever variables the panel holds.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/tier.hpp"

namespace countyleap {

/// How a series is extended beyond its last observed year.
enum class ProjectionMethod {
  /// Compound growth: g = (v_b / v_a)^{1/(b − a)} − 1 between the earliest (a) and the latest (b)
  /// present year of the window, and v_T = v_b (1 + g)^{T − b} (国家统计局's 年均增长速度 by the
  /// geometric-mean method, as in derive()'s cagr).
  cagr,
  /// Least-squares line through the present (year, value) points of the window,
  /// v_T = v̄ + β (T − t̄) with β = Σ (t − t̄)(v − v̄) / Σ (t − t̄)².
  linear
};

/// Spelling in files and options: "cagr", "linear".
inline const char* to_string(ProjectionMethod m) { return m == ProjectionMethod::cagr ? "cagr" : "linear"; }

/// Parses the spelling of to_string(ProjectionMethod). @throws validation_error naming the text.
ProjectionMethod projection_method_from_string(std::string_view s);

/// What a CAGR projection does when the compound growth rate is undefined: the earliest value of
/// the window is <= 0 (growth from zero or from a negative level) or the latest is < 0.
enum class NonPositive {
  linear,  ///< fall back to the linear trend of the same window and say so in the note (default)
  missing  ///< leave the projection missing and say why in the series record
};

/// Spelling: "linear", "missing".
inline const char* to_string(NonPositive p) { return p == NonPositive::linear ? "linear" : "missing"; }

/// Parses the spelling of to_string(NonPositive). @throws validation_error naming the text.
NonPositive non_positive_from_string(std::string_view s);

/// Options of fit_series() and project().
struct ProjectionOptions {
  ProjectionMethod method = ProjectionMethod::cagr;  ///< compound growth or linear trend
  /// k: the window is the k yearly steps ending at the base year, i.e. the years
  /// [base − k, base] (k + 1 values; k = 3 on a 2019–2022 panel uses all four years), clipped to
  /// the panel's first year. Must be >= 1.
  int years = 3;
  /// Last year whose data are used; 0 = the panel's last year. An earlier year projects over
  /// observed years (a back-test): projected years are (base_year, target_year].
  int base_year = 0;
  NonPositive non_positive = NonPositive::linear;  ///< CAGR undefined: fall back or leave missing
  std::vector<std::string> variables;  ///< ids of the variables to project; empty = all of the panel's
};

/// The trend of one (region, variable) series over the window, and how it is projected.
///
/// Counts (platforms, parks) are projected as real numbers, e.g. 6.25 parks: a trend, not a
/// forecast of whole units. Missing years inside the window are skipped: CAGR runs between the earliest and the latest
/// present year (its exponent is their distance in years), the line is fitted to the present
/// points. Fewer than two present values leave the series unprojected (ok = false).
struct SeriesProjection {
  Panel::Index region = 0;    ///< region index in the panel
  Panel::Index variable = 0;  ///< variable index in the panel
  bool ok = false;            ///< true when the series can be projected
  ProjectionMethod method = ProjectionMethod::cagr;  ///< the method used (linear after a fallback)
  bool fallback = false;      ///< true when CAGR was asked for but undefined, and the line was used
  int from_year = 0;          ///< earliest present year of the window (0 when none)
  int to_year = 0;            ///< latest present year of the window (0 when none)
  int points = 0;             ///< present values in the window
  double first_value = std::numeric_limits<double>::quiet_NaN();  ///< value in from_year
  double last_value = std::numeric_limits<double>::quiet_NaN();   ///< value in to_year
  /// Compound average annual growth from_year → to_year in percent; NaN when undefined (fewer
  /// than two values, first value <= 0, last value < 0). Computed whatever the method.
  double cagr_pct = std::numeric_limits<double>::quiet_NaN();
  /// Least-squares slope in the variable's units per year; NaN with fewer than two values.
  double slope = std::numeric_limits<double>::quiet_NaN();
  double mean_year = std::numeric_limits<double>::quiet_NaN();   ///< t̄ of the fitted points
  double mean_value = std::numeric_limits<double>::quiet_NaN();  ///< v̄ of the fitted points
  /// Method and inputs, e.g. "cagr 2019–2022: 12.3 %/yr", or why there is no projection.
  std::string note;

  /// The projected value in `year` (NaN when !ok): v_b (1 + g)^{year − b} for cagr,
  /// v̄ + β (year − t̄) for linear.
  double at(int year) const {
    if (!ok) return std::numeric_limits<double>::quiet_NaN();
    if (method == ProjectionMethod::cagr) return last_value * std::pow(1.0 + cagr_pct / 100.0, year - to_year);
    return mean_value + slope * (year - mean_year);
  }
};

/// The base year of a projection: options.base_year, or the panel's last year when it is 0.
int base_year_of(const Panel& panel, const ProjectionOptions& options);

/// Fits the trend of region r, variable v over the window ending at options.base_year (see
/// ProjectionOptions::years) and decides how it is projected (SeriesProjection::at()).
///
/// Rules: the present values of the window are used, missing years skipped; with fewer than two
/// the series is not projected. cagr: g from the earliest to the latest present value; when it is
/// undefined (earliest <= 0 or latest < 0) the linear trend is used with a note saying so
/// (NonPositive::linear) or the series is left unprojected (NonPositive::missing). A latest value
/// of 0 after a positive start is a defined g = −100 % and projects 0.
/// @throws validation_error for years < 1, unknown_id_error for a base year outside the panel or
/// an index out of range.
SeriesProjection fit_series(const Panel& panel, Panel::Index r, Panel::Index v, const ProjectionOptions& options = {});

/// A panel extended to a target year with projected values.
struct Projection {
  /// The input panel over [first_year, max(last_year, target_year)]: observed values up to the
  /// base year (and any observed years after the target year), projections in
  /// (base_year, target_year], each with its note; a file comment says which years are
  /// projected and that they are not statistics.
  Panel panel;
  int base_year = 0;                    ///< last year of data used
  int target_year = 0;                  ///< last projected year
  ProjectionOptions options;            ///< the options used (base_year filled in)
  std::vector<SeriesProjection> series;  ///< one per projected (region, variable), variable-major
  /// Adjustments made to keep projections valid (see project()), e.g.
  /// "130104 agri_industrialisation_rate 2025: 104.2 clamped to [0, 100]".
  std::vector<std::string> adjustments;

  /// The record of (region, variable) by id. @throws unknown_id_error when it was not projected.
  const SeriesProjection& of(std::string_view code, std::string_view variable) const {
    const Panel::Index r = panel.region_index(code), v = panel.variable_index(variable);
    for (const auto& s : series)
      if (s.region == r && s.variable == v) return s;
    throw unknown_id_error("variable was not projected", Location{"", 0, 0, "", std::string(variable)});
  }
};

/// Projects the panel's variables (all, or options.variables) from the base year to
/// `target_year` (see fit_series() for the rules); every projected value carries its series'
/// note ("cagr 2019–2022: 12.3 %/yr").
///
/// With a framework, projections are kept valid for it: a projected variable outside its valid
/// range (Variable::range and, for a variable that is also an indicator, Indicator::range) is
/// clamped to it, and when a ratio indicator of the framework computed from projected values would leave
/// its range (a share above 100 %), its numerator is lowered (or raised) to the bound, so that
/// evaluate() on the projected panel derives valid values. Each adjustment is appended to the
/// value's note and listed in Projection::adjustments.
/// @throws validation_error when target_year <= base year or years < 1, unknown_id_error for an
/// unknown variable or a base year outside the panel.
Projection project(const Panel& panel, int target_year, const ProjectionOptions& options = {},
                   const Framework* framework = nullptr);

/// How a projected year's data were made, for reports: "projected to 2025 from 2019–2022
/// (cagr, k = 3)" (the window as the panel clips it).
std::string projection_basis(const Panel& panel, int year, const ProjectionOptions& options);

/// classify() of a run's composite scores (the root column), naming the region whose score is
/// missing instead of its row number.
/// @throws validation_error naming the region (and the year) when a composite is missing (every
/// leaf of the region missing), and classify()'s errors.
Classification classify_composite(const Scores& scores, const TierScheme& scheme);

/// The scores and tiers of a year computed on a projected panel.
struct ProjectedEvaluation {
  Projection projection;           ///< the projected panel and how each series was projected
  Scores scores;                   ///< evaluate() on the projected panel in the target year
  Classification classification;  ///< classify() of the composite scores
};

/// Projects the panel to `target_year` (project() with the framework, so projected values stay
/// in range), then scores it with the ordinary pipeline, evaluate(projected panel, fw, spec,
/// target_year, regions), and classifies the composite with `scheme` (a score-based scheme;
/// classify_composite()).
/// @throws the errors of project(), evaluate() and classify_composite().
ProjectedEvaluation evaluate_projected(const Panel& panel, const Framework& fw, const PipelineSpec& spec,
                                       const TierScheme& scheme, int target_year,
                                       const ProjectionOptions& options = {}, const RegionSet* regions = nullptr);

}  // namespace countyleap
