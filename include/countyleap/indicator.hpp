#pragma once
/// @file indicator.hpp
/// @brief Raw variables and indicators: names, units, direction, how an indicator is derived
/// from raw variables, and its valid range.

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "countyleap/error.hpp"

namespace countyleap {

/// Whether a higher or a lower value is better. COINr's `Direction` column: +1 or −1.
enum class Direction { higher_is_better = 1, lower_is_better = -1 };

/// The sign COINr multiplies a column by before normalising: +1 or −1.
inline int sign(Direction d) { return d == Direction::higher_is_better ? 1 : -1; }

/// How an indicator's value is obtained from the raw variables of a Panel.
enum class IndicatorKind {
  raw,          ///< the value of one variable as collected, x = v
  ratio,        ///< numerator / denominator × scale, e.g. patents per 10,000 residents
  growth,       ///< year-on-year growth in percent over `years` years: (v_t / v_{t−n} − 1) × 100
  cagr,         ///< compound average annual growth in percent: ((v_t / v_{t−n})^{1/n} − 1) × 100
  qualitative   ///< a score given by assessors (e.g. 创新管理 items), used as collected
};

/// Spelling in files: "raw", "ratio", "growth", "cagr", "qualitative".
const char* to_string(IndicatorKind k);

/// Parses the spelling of to_string(IndicatorKind). @throws validation_error otherwise.
IndicatorKind indicator_kind_from_string(std::string_view s);

/// Closed interval [lo, hi] that a valid value lies in; infinite ends mean unbounded.
/// E.g. a share in percent lies in [0, 100].
struct ValidRange {
  double lo = -std::numeric_limits<double>::infinity();  ///< smallest valid value
  double hi = std::numeric_limits<double>::infinity();   ///< largest valid value
  /// True when lo <= x <= hi.
  bool contains(double x) const { return x >= lo && x <= hi; }
  /// True when neither end is set.
  bool unbounded() const { return std::isinf(lo) && std::isinf(hi) && lo < 0 && hi > 0; }
};

/// A raw statistic as collected, e.g. 地方财政科技支出 in 万元. Panels hold variables.
struct Variable {
  std::string id;       ///< ASCII id used in data files, e.g. fiscal_st_exp
  std::string name_zh;  ///< Chinese name
  std::string name_en;  ///< English name
  std::string unit;     ///< unit, e.g. 万元 (10k yuan), count, persons, %
  ValidRange range;     ///< values outside are rejected on validation
  std::string note;     ///< definition or source
};

/// An indicator: a variable or a value derived from variables that the framework scores or the
/// plan targets.
struct Indicator {
  std::string id;       ///< ASCII id, e.g. fiscal_st_share
  std::string name_zh;  ///< Chinese name, e.g. 地方财政科技支出占公共财政支出的比重
  std::string name_en;  ///< English name
  std::string unit;     ///< unit of the derived value, e.g. %, per 10k residents
  Direction direction = Direction::higher_is_better;  ///< which way is better
  IndicatorKind kind = IndicatorKind::raw;             ///< how the value is derived
  /// raw, qualitative, growth, cagr: the source variable (empty means the indicator's own id);
  /// ratio: the numerator variable.
  std::string variable;
  std::string denominator;  ///< ratio only: the denominator variable
  double scale = 1.0;       ///< ratio only: multiplier, e.g. 100 for percent, 10000 per 10k
  int years = 1;            ///< growth and cagr: the span n in years
  ValidRange range;         ///< valid range of the derived value
  /// COINr's `Denominator`: a variable the pipeline's optional "denominate" step divides this
  /// indicator by (unlike `ratio`, which is always derived). Empty for none.
  std::string denominate_by;
  /// A reference level (COINr's `Target` column; for our default framework the A-tier target),
  /// NaN when there is none.
  double target = std::numeric_limits<double>::quiet_NaN();
  std::string note;  ///< definition, source, or why the indicator was chosen

  /// The variable the value is read from (raw, qualitative, growth, cagr) or the numerator
  /// (ratio): `variable`, or the id when that is empty.
  const std::string& source() const { return variable.empty() ? id : variable; }
};

}  // namespace countyleap
