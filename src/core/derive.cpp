// Compiled definitions of countyleap/derive.hpp: see that header for each function's formula and source.
#include "countyleap/derive.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"

namespace countyleap {

const char* to_string(MissingReason r) {
  switch (r) {
    case MissingReason::source_missing: return "source variable missing";
    case MissingReason::denominator_missing: return "denominator missing";
    case MissingReason::denominator_zero: return "denominator is zero";
    case MissingReason::base_year_outside: return "base year not in the panel";
    case MissingReason::base_missing: return "base-year value missing";
    case MissingReason::base_not_positive: return "base-year value is not positive";
    case MissingReason::cagr_undefined: return "CAGR undefined for a negative current value";
    case MissingReason::out_of_range: return "value outside the indicator's valid range";
  }
  return "unknown";
}

std::vector<const Indicator*> select_indicators(const Framework& fw, const std::vector<std::string>& ids) {
  std::vector<const Indicator*> out;
  if (ids.empty())
    for (const auto& ind : fw.indicators()) out.push_back(&ind);
  for (const auto& id : ids) out.push_back(&fw.indicator(id));
  return out;
}

void check_data(const Framework& fw, const Panel& panel, const std::vector<std::string>& indicators) {
  for (const Indicator* ind : select_indicators(fw, indicators))
    for (const auto& var : Framework::inputs_of(*ind))
      if (!panel.find_variable(var))
        throw unknown_id_error("variable needed by indicator '" + ind->id + "' is missing from the data",
                               Location{"", 0, 0, "", var});
}

Derived derive(const Panel& raw, const Framework& fw, const DeriveOptions& options) {
  check_data(fw, raw, options.indicators);
  const std::vector<const Indicator*> chosen = select_indicators(fw, options.indicators);
  std::vector<std::string> extra;
  for (const Indicator* ind : chosen)
    if (!raw.find_variable(ind->id)) extra.push_back(ind->id);
  Derived out{raw.with_variables(extra), {}};
  Panel& p = out.panel;
  const Panel::Index nr = p.n_regions(), ny = p.n_years();
  const double nan = std::numeric_limits<double>::quiet_NaN();

  for (const Indicator* chosen_indicator : chosen) {
    const Indicator& ind = *chosen_indicator;
    const Panel::Index dst = p.variable_index(ind.id);
    const Panel::Index src = p.variable_index(ind.source());
    const Panel::Index den = ind.kind == IndicatorKind::ratio ? p.variable_index(ind.denominator) : -1;
    for (Panel::Index t = 0; t < ny; ++t) {
      for (Panel::Index r = 0; r < nr; ++r) {
        const double v = p(r, src, t);
        double x = nan;
        std::string detail;
        bool recorded = true;
        MissingReason why = MissingReason::source_missing;
        switch (ind.kind) {
          case IndicatorKind::raw:
          case IndicatorKind::qualitative:
            x = v;
            recorded = options.record_plain_missing;
            break;
          case IndicatorKind::ratio: {
            const double d = p(r, den, t);
            if (std::isnan(v)) why = MissingReason::source_missing, detail = ind.source();
            else if (std::isnan(d)) why = MissingReason::denominator_missing, detail = ind.denominator;
            else if (d == 0) why = MissingReason::denominator_zero, detail = ind.denominator + " = 0";
            else x = v / d * ind.scale;
            break;
          }
          case IndicatorKind::growth:
          case IndicatorKind::cagr: {
            const Panel::Index b = t - ind.years;
            const int base_year = p.year_at(b);
            if (std::isnan(v)) why = MissingReason::source_missing, detail = ind.source();
            else if (b < 0) why = MissingReason::base_year_outside, detail = std::to_string(base_year);
            else if (std::isnan(p(r, src, b))) why = MissingReason::base_missing, detail = ind.source() + " " + std::to_string(base_year);
            else if (p(r, src, b) <= 0)
              why = MissingReason::base_not_positive,
              detail = ind.source() + " " + std::to_string(base_year) + " = " + detail::format_double(p(r, src, b));
            else if (ind.kind == IndicatorKind::cagr && v < 0)
              why = MissingReason::cagr_undefined, detail = ind.source() + " = " + detail::format_double(v);
            else if (ind.kind == IndicatorKind::growth)
              x = (v / p(r, src, b) - 1.0) * 100.0;
            else
              x = (std::pow(v / p(r, src, b), 1.0 / ind.years) - 1.0) * 100.0;
            break;
          }
        }
        if (!std::isnan(x) && !ind.range.contains(x)) {
          const std::string msg = "value " + detail::format_double(x) + " outside the valid range [" +
                                  detail::format_double(ind.range.lo) + ", " + detail::format_double(ind.range.hi) + "]";
          if (options.out_of_range == OutOfRange::error)
            throw validation_error(msg + " in " + std::to_string(p.year_at(t)) + " for region '" + p.regions()[static_cast<std::size_t>(r)] + "'",
                                   Location{"", 0, 0, "", ind.id});
          why = MissingReason::out_of_range, detail = msg, x = nan, recorded = true;
        }
        if (std::isnan(x)) {
          p.set_missing(r, dst, t);
          if (recorded) out.issues.push_back({r, ind.id, p.year_at(t), why, std::move(detail)});
        } else {
          p.year(t)(r, dst) = x;
        }
      }
    }
  }
  return out;
}

Panel with_indicators(const Panel& panel, const Framework& fw, const std::vector<std::string>& ids) {
  std::vector<std::string> missing;
  for (const auto& id : ids)
    if (!panel.find_variable(id) && std::find(missing.begin(), missing.end(), id) == missing.end()) missing.push_back(id);
  if (missing.empty()) return panel;
  DeriveOptions options;
  options.indicators = std::move(missing);
  return derive(panel, fw, options).panel;
}

}  // namespace countyleap
