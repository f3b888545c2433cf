// Compiled definitions of countyleap/projection.hpp: see that header for each function's formula and source.
#include "countyleap/projection.hpp"

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

ProjectionMethod projection_method_from_string(std::string_view s) {
  if (s == "cagr") return ProjectionMethod::cagr;
  if (s == "linear") return ProjectionMethod::linear;
  throw validation_error("unknown projection method '" + std::string(s) + "' (expected cagr or linear)");
}

NonPositive non_positive_from_string(std::string_view s) {
  if (s == "linear") return NonPositive::linear;
  if (s == "missing") return NonPositive::missing;
  throw validation_error("unknown non-positive policy '" + std::string(s) + "' (expected linear or missing)");
}

int base_year_of(const Panel& panel, const ProjectionOptions& options) {
  return options.base_year == 0 ? panel.last_year() : options.base_year;
}

}  // namespace countyleap

namespace countyleap {

SeriesProjection fit_series(const Panel& panel, Panel::Index r, Panel::Index v, const ProjectionOptions& options) {
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

Projection project(const Panel& panel, int target_year, const ProjectionOptions& options,
                   const Framework* framework) {
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

std::string projection_basis(const Panel& panel, int year, const ProjectionOptions& options) {
  const int base = base_year_of(panel, options);
  return "projected to " + std::to_string(year) + " from " +
         detail::year_span(std::max(panel.first_year(), base - options.years), base) + " (" + to_string(options.method) +
         ", k = " + std::to_string(options.years) + ")";
}

Classification classify_composite(const Scores& scores, const TierScheme& scheme) {
  const Eigen::VectorXd composite = scores.composite();
  for (Eigen::Index i = 0; i < composite.size(); ++i)
    if (std::isnan(composite[i]))
      throw validation_error("composite score for " + std::to_string(scores.year) + " is missing",
                             Location{"", 0, 0, "", scores.regions[static_cast<std::size_t>(i)]});
  return classify(composite, scheme);
}

ProjectedEvaluation evaluate_projected(const Panel& panel, const Framework& fw, const PipelineSpec& spec,
                                       const TierScheme& scheme, int target_year,
                                       const ProjectionOptions& options, const RegionSet* regions) {
  ProjectedEvaluation out;
  out.projection = project(panel, target_year, options, &fw);
  out.scores = evaluate(out.projection.panel, fw, spec, target_year, regions);
  out.classification = classify_composite(out.scores, scheme);
  return out;
}

}  // namespace countyleap
