#pragma once
/// @file derive.hpp
/// @brief Derivation of indicators (ratios, per-capita values, growth, CAGR) from the raw
/// variables of a Panel, with a recorded reason for every value that cannot be computed.

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"

namespace countyleap {

/// Why a derived value is missing.
enum class MissingReason {
  source_missing,         ///< the source (numerator) variable has no value
  denominator_missing,    ///< ratio: the denominator has no value
  denominator_zero,       ///< ratio: the denominator is 0 (no Inf, no silent 0)
  base_year_outside,      ///< growth/cagr: year t − n is not in the panel
  base_missing,           ///< growth/cagr: the value in year t − n is missing
  base_not_positive,      ///< growth/cagr: the value in year t − n is <= 0
  cagr_undefined,         ///< cagr: current value < 0, so the n-th root of the ratio is undefined
  out_of_range            ///< the derived value lies outside the indicator's valid range
};

/// Human-readable text of a MissingReason.
const char* to_string(MissingReason r);

/// A derived value that could not be computed.
struct DerivationIssue {
  Panel::Index region = 0;     ///< region index in the panel
  std::string indicator;       ///< indicator id
  int year = 0;                ///< year of the missing value
  MissingReason reason = MissingReason::source_missing;  ///< why
  std::string detail;          ///< variables and values involved
};

/// What to do with a derived value outside the indicator's valid range.
enum class OutOfRange {
  error,   ///< throw validation_error naming region, indicator, year, value and range (default)
  missing  ///< set the value missing and record a DerivationIssue
};

/// Options of derive().
struct DeriveOptions {
  OutOfRange out_of_range = OutOfRange::error;  ///< range violations stop the derivation by default
  /// Record an issue when a raw or qualitative indicator's own source is missing (off by
  /// default: that value was simply not collected, and the panel already shows it).
  bool record_plain_missing = false;
  /// Ids of the indicators to derive; empty = every indicator of the framework. Only the
  /// variables these indicators use need to be in the panel.
  std::vector<std::string> indicators;
};

/// A panel extended with derived indicators, and the reasons for values that could not be
/// derived.
struct Derived {
  Panel panel;                          ///< raw variables, then each indicator not already a variable
  std::vector<DerivationIssue> issues;  ///< in (indicator, year, region) order
};

/// The indicators named by `ids` (every indicator of the framework when `ids` is empty).
/// @throws unknown_id_error naming an id that is not an indicator.
std::vector<const Indicator*> select_indicators(const Framework& fw, const std::vector<std::string>& ids);

/// Checks that every variable the given indicators (default: all of the framework's) use is in
/// the panel.
/// @throws unknown_id_error naming the first missing variable and the indicator that needs it.
void check_data(const Framework& fw, const Panel& panel, const std::vector<std::string>& indicators = {});

/// Derives the indicators of `fw` (all, or options.indicators) from the raw variables in `raw`.
///
/// Rules, for region r in year t (n = the indicator's `years`):
/// - raw, qualitative: x = v_t;
/// - ratio: x = num_t / den_t × scale; missing when either is missing or den_t = 0;
/// - growth: x = (v_t / v_{t−n} − 1) × 100, percent; missing when t − n is outside the panel,
///   v_{t−n} is missing or v_{t−n} <= 0;
/// - cagr: x = ((v_t / v_{t−n})^{1/n} − 1) × 100, percent (compound average annual growth);
///   missing as for growth, and when v_t < 0.
/// A value outside the indicator's valid range is handled by `options.out_of_range`.
/// Source: the plan's ratio definitions (per 10k residents, per 1k registered enterprises,
/// percent shares) and the standard growth/CAGR formulas (国家统计局 "年均增长速度" by the
/// geometric-mean method).
/// @throws unknown_id_error when a variable is missing (check_data), validation_error for a range
/// violation under OutOfRange::error.
Derived derive(const Panel& raw, const Framework& fw, const DeriveOptions& options = {});

/// `panel` with the indicators `ids` that it does not hold yet derived from its raw variables
/// (derive() with those indicators; `panel` itself when it holds them all), so that functions
/// that read indicator values (target gaps, growth checks, benchmarks) take a raw panel as well
/// as a derived one.
/// @throws the errors of derive().
Panel with_indicators(const Panel& panel, const Framework& fw, const std::vector<std::string>& ids);

}  // namespace countyleap
