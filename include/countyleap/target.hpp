#pragma once
/// @file target.hpp
/// @brief Targets a plan sets: indicator levels per tier and year, and growth rates.

#include <cmath>
#include <limits>
#include <string>

namespace countyleap {

/// "Each county of tier `tier` reaches `value` of `indicator` in `year`", e.g. the 2022
/// targets of the Shijiazhuang plan (A: fiscal S&T expenditure 7000 万元, B: 4000 万元).
struct IndicatorTarget {
  std::string indicator;  ///< indicator id in the framework (scored or not)
  std::string tier;       ///< tier label the target applies to, e.g. "A"
  int year = 0;           ///< year the level is to be reached (data year)
  double value = 0;       ///< the level; "reached" means >= for higher-is-better indicators
  std::string unit;       ///< unit as the plan states it, e.g. 万元, %
  std::string section;    ///< where the plan states it, e.g. "§4"
  std::string note;       ///< remarks
  std::string unit_en;    ///< English gloss of the unit, e.g. "per 1,000 registered enterprises"
};

/// How a growth target is measured.
enum class GrowthRule {
  average_annual,  ///< compound average annual growth over [from_year, to_year] (年均增速)
  each_year        ///< year-on-year growth in every year of the span (年增长)
};

/// Spelling in files: "average_annual", "each_year".
inline const char* to_string(GrowthRule g) { return g == GrowthRule::average_annual ? "average_annual" : "each_year"; }

/// "`variable` grows at least `min_rate_pct` percent a year", e.g. local fiscal S&T expenditure
/// at least 30 % a year on average (§4).
struct GrowthTarget {
  std::string variable;       ///< variable or indicator id
  double min_rate_pct = 0;    ///< minimum growth in percent per year
  GrowthRule rule = GrowthRule::average_annual;  ///< how growth is measured
  int from_year = 0;          ///< base year of the span
  int to_year = 0;            ///< last year of the span
  bool years_inferred = false;  ///< true when the plan does not state the span itself
  std::string section;        ///< where the plan states it, e.g. "§4"
  std::string note;           ///< remarks, e.g. how the span was inferred
  bool variable_inferred = false;  ///< true when the plan names a wider quantity than `variable` measures
  std::string reason;         ///< why the inferred parts (span, variable) are read as they are
};

}  // namespace countyleap
