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
#include "countyleap/pipeline.hpp"
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
inline ProjectionMethod projection_method_from_string(std::string_view s) {
  if (s == "cagr") return ProjectionMethod::cagr;
  if (s == "linear") return ProjectionMethod::linear;
  throw validation_error("unknown projection method '" + std::string(s) + "' (expected cagr or linear)");
}

/// What a CAGR projection does when the compound growth rate is undefined: the earliest value of
/// the window is <= 0 (growth from zero or from a negative level) or the latest is < 0.
enum class NonPositive {
  linear,  ///< fall back to the linear trend of the same window and say so in the note (default)
  missing  ///< leave the projection missing and say why in the series record
};

/// Spelling: "linear", "missing".
inline const char* to_string(NonPositive p) { return p == NonPositive::linear ? "linear" : "missing"; }

/// Parses the spelling of to_string(NonPositive). @throws validation_error naming the text.
inline NonPositive non_positive_from_string(std::string_view s) {
  if (s == "linear") return NonPositive::linear;
  if (s == "missing") return NonPositive::missing;
  throw validation_error("unknown non-positive policy '" + std::string(s) + "' (expected linear or missing)");
}

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
inline int base_year_of(const Panel& panel, const ProjectionOptions& options) {
  return options.base_year == 0 ? panel.last_year() : options.base_year;
}

namespace detail {

/// x with four significant digits, trailing zeros removed ("12.3", "2.6", "1235", "0.01235").
inline std::string short_number(double x) {
  if (!std::isfinite(x)) return x != x ? "nan" : (x > 0 ? "inf" : "-inf");
  if (x == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(x))));
  const int decimals = std::max(0, 3 - magnitude);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, x);
  std::string s = buffer;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s == "-0" ? "0" : s;
}

/// "2019–2022" (en dash).
inline std::string year_span(int from, int to) { return std::to_string(from) + "\u2013" + std::to_string(to); }

}  // namespace detail

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
inline SeriesProjection fit_series(const Panel& panel, Panel::Index r, Panel::Index v, const ProjectionOptions& options = {}) {
  if (options.years < 1) throw validation_error("projection window 'years' must be at least 1, got " + std::to_string(options.years));
  const int base = base_year_of(panel, options);
  const Panel::Index tb = panel.year_index(base);
  const Panel::Index ta = std::max<Panel::Index>(0, tb - options.years);
  (void)panel.has(r, v, tb);  // checks r and v (unknown_id_error)
  SeriesProjection s;
  s.region = r;
  s.variable = v;
  double st = 0, sv = 0;
  for (Panel::Index t = ta; t <= tb; ++t) {
    const double x = panel(r, v, t);
    if (std::isnan(x)) continue;
    if (s.points == 0) s.from_year = panel.year_at(t), s.first_value = x;
    s.to_year = panel.year_at(t), s.last_value = x;
    ++s.points;
    st += panel.year_at(t);
    sv += x;
  }
  const std::string window = detail::year_span(panel.year_at(ta), base);
  if (s.points < 2) {
    s.note = "not projected: " + std::to_string(s.points) + " value" + (s.points == 1 ? "" : "s") + " in " + window +
             " (a trend needs two)";
    return s;
  }
  s.mean_year = st / s.points;
  s.mean_value = sv / s.points;
  double sxy = 0, sxx = 0;
  for (Panel::Index t = ta; t <= tb; ++t) {
    const double x = panel(r, v, t);
    if (std::isnan(x)) continue;
    const double dt = panel.year_at(t) - s.mean_year;
    sxy += dt * (x - s.mean_value);
    sxx += dt * dt;
  }
  s.slope = sxy / sxx;
  const bool cagr_defined = s.first_value > 0 && s.last_value >= 0;
  if (cagr_defined) s.cagr_pct = (std::pow(s.last_value / s.first_value, 1.0 / (s.to_year - s.from_year)) - 1.0) * 100.0;
  const std::string span = detail::year_span(s.from_year, s.to_year);
  const std::string gaps = s.points < s.to_year - s.from_year + 1
                               ? " (" + std::to_string(s.points) + " of " + std::to_string(s.to_year - s.from_year + 1) + " years present)"
                               : "";
  const std::string line = "linear " + span + ": " + (s.slope >= 0 ? "+" : "") + detail::short_number(s.slope) + "/yr" + gaps;
  s.ok = true;
  if (options.method == ProjectionMethod::linear) {
    s.method = ProjectionMethod::linear;
    s.note = line;
  } else if (cagr_defined) {
    s.method = ProjectionMethod::cagr;
    s.note = "cagr " + span + ": " + detail::short_number(s.cagr_pct) + " %/yr" + gaps;
  } else {
    const std::string why = "cagr undefined: " + std::to_string(s.first_value <= 0 ? s.from_year : s.to_year) + " value " +
                            detail::short_number(s.first_value <= 0 ? s.first_value : s.last_value);
    if (options.non_positive == NonPositive::missing) {
      s.ok = false;
      s.note = "not projected: " + why;
    } else {
      s.method = ProjectionMethod::linear;
      s.fallback = true;
      s.note = line + " (" + why + ")";
    }
  }
  return s;
}

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
inline Projection project(const Panel& panel, int target_year, const ProjectionOptions& options = {},
                          const Framework* framework = nullptr) {
  Projection out;
  out.options = options;
  out.base_year = out.options.base_year = base_year_of(panel, options);
  out.target_year = target_year;
  panel.year_index(out.base_year);
  if (target_year <= out.base_year)
    throw validation_error("projection target year " + std::to_string(target_year) + " is not after the base year " +
                           std::to_string(out.base_year));
  std::vector<Panel::Index> vars;
  if (options.variables.empty())
    for (Panel::Index v = 0; v < panel.n_variables(); ++v) vars.push_back(v);
  for (const auto& id : options.variables) vars.push_back(panel.variable_index(id));

  Panel& p = out.panel = Panel(panel.regions(), panel.variables(), panel.first_year(), std::max(panel.last_year(), target_year));
  for (Panel::Index t = 0; t < panel.n_years(); ++t) p.year(t) = panel.year(t);
  panel.for_each_note([&](Panel::Index r, Panel::Index v, Panel::Index t, const std::string& text) { p.set_note(r, v, t, text); });
  auto comments = panel.comments();
  comments.push_back("values of " + detail::year_span(out.base_year + 1, target_year) + " are projections (" +
                     to_string(options.method) + " over " + std::to_string(options.years) +
                     " years of data), not statistics");
  p.set_comments(std::move(comments));

  const Panel::Index first = p.year_index(out.base_year + 1), last = p.year_index(target_year);
  for (Panel::Index v : vars)
    for (Panel::Index r = 0; r < panel.n_regions(); ++r) {
      SeriesProjection s = fit_series(panel, r, v, out.options);
      for (Panel::Index t = first; t <= last; ++t) {
        if (!s.ok) {
          p.set_missing(r, v, t);
          p.set_note(r, v, t, s.note);
          continue;
        }
        p.set(r, v, t, s.at(p.year_at(t)));
        p.set_note(r, v, t, "projected: " + s.note);
      }
      out.series.push_back(std::move(s));
    }
  if (!framework) return out;

  auto adjust = [&](Panel::Index r, Panel::Index v, Panel::Index t, double value, const std::string& why) {
    p.set(r, v, t, value);
    p.set_note(r, v, t, p.note(r, v, t) + "; " + why);
    out.adjustments.push_back(p.regions()[static_cast<std::size_t>(r)] + " " + p.variables()[static_cast<std::size_t>(v)] +
                              " " + std::to_string(p.year_at(t)) + ": " + why);
  };
  auto range_text = [](const ValidRange& range) {
    return "[" + detail::short_number(range.lo) + ", " + detail::short_number(range.hi) + "]";
  };
  for (Panel::Index v : vars) {
    const std::string& id = p.variables()[static_cast<std::size_t>(v)];
    // a variable read directly by an indicator of the same id (raw, qualitative) must satisfy both ranges
    ValidRange range;
    const Variable* var = framework->find_variable(id);
    const Indicator* ind = framework->find_indicator(id);
    if (var) range = var->range;
    if (ind) range = ValidRange{std::max(range.lo, ind->range.lo), std::min(range.hi, ind->range.hi)};
    if (range.unbounded()) continue;
    for (Panel::Index t = first; t <= last; ++t)
      for (Panel::Index r = 0; r < p.n_regions(); ++r) {
        const double x = p(r, v, t);
        if (std::isnan(x) || range.contains(x)) continue;
        adjust(r, v, t, std::clamp(x, range.lo, range.hi), detail::short_number(x) + " clamped to " + range_text(range));
      }
  }
  for (const auto& ind : framework->indicators()) {
    if (ind.kind != IndicatorKind::ratio || ind.range.unbounded()) continue;
    const auto num = p.find_variable(ind.source()), den = p.find_variable(ind.denominator);
    if (!num || !den) continue;
    for (Panel::Index t = first; t <= last; ++t)
      for (Panel::Index r = 0; r < p.n_regions(); ++r) {
        const double n = p(r, *num, t), d = p(r, *den, t);
        if (std::isnan(n) || std::isnan(d) || d == 0) continue;
        const double ratio = n / d * ind.scale;
        if (ind.range.contains(ratio)) continue;
        const double bound = std::clamp(ratio, ind.range.lo, ind.range.hi);
        // bound·d/scale can round so that derive()'s n/d·scale lands an ulp outside the range:
        // step the numerator inward, one representable double at a time, until it is inside
        double moved = bound * d / ind.scale;
        const double inward = (ratio > ind.range.hi) == (d / ind.scale > 0) ? -HUGE_VAL : HUGE_VAL;
        for (int step = 0; step < 64 && !ind.range.contains(moved / d * ind.scale); ++step)
          moved = std::nextafter(moved, inward);
        adjust(r, *num, t, moved,
               detail::short_number(n) + " moved so that " + ind.id + " = " + detail::short_number(bound) + " (projected " +
                   detail::short_number(ratio) + " is outside " + range_text(ind.range) + ")");
      }
  }
  return out;
}

/// How a projected year's data were made, for reports: "projected to 2025 from 2019–2022
/// (cagr, k = 3)" (the window as the panel clips it).
inline std::string projection_basis(const Panel& panel, int year, const ProjectionOptions& options) {
  const int base = base_year_of(panel, options);
  return "projected to " + std::to_string(year) + " from " +
         detail::year_span(std::max(panel.first_year(), base - options.years), base) + " (" + to_string(options.method) +
         ", k = " + std::to_string(options.years) + ")";
}

/// classify() of a run's composite scores (the root column), naming the region whose score is
/// missing instead of its row number.
/// @throws validation_error naming the region (and the year) when a composite is missing (every
/// leaf of the region missing), and classify()'s errors.
inline Classification classify_composite(const Scores& scores, const TierScheme& scheme) {
  const Eigen::VectorXd composite = scores.composite();
  for (Eigen::Index i = 0; i < composite.size(); ++i)
    if (std::isnan(composite[i]))
      throw validation_error("composite score for " + std::to_string(scores.year) + " is missing",
                             Location{"", 0, 0, "", scores.regions[static_cast<std::size_t>(i)]});
  return classify(composite, scheme);
}

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
inline ProjectedEvaluation evaluate_projected(const Panel& panel, const Framework& fw, const PipelineSpec& spec,
                                              const TierScheme& scheme, int target_year,
                                              const ProjectionOptions& options = {}, const RegionSet* regions = nullptr) {
  ProjectedEvaluation out;
  out.projection = project(panel, target_year, options, &fw);
  out.scores = evaluate(out.projection.panel, fw, spec, target_year, regions);
  out.classification = classify_composite(out.scores, scheme);
  return out;
}

}  // namespace countyleap
