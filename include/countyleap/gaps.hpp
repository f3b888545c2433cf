#pragma once
/// @file gaps.hpp
/// @brief Gaps to a plan's targets: for every region and indicator target, the value, the
/// target, the absolute and relative gap, the attainment ratio, the average annual growth still
/// needed and whether the target is met; and the realised growth against the plan's growth
/// targets.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/indicator.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/target.hpp"

namespace countyleap {

/// Whether a region meets an indicator target.
enum class GapStatus {
  met,     ///< value >= target (higher is better) or value <= target (lower is better); see measure_gap()
  unmet,   ///< the target is not reached
  no_data  ///< the value is missing in the data year
};

/// Spelling: "met", "unmet", "no_data".
const char* to_string(GapStatus s);

/// What GapMeasures::required_growth_pct holds.
enum class GrowthNeed {
  computed,      ///< the rate is given (negative: the value may fall, or for lower-is-better must fall)
  no_time_left,  ///< n <= 0: the target year is the data year or past, so the gap must already be closed; see `status`
  undefined,     ///< value <= 0 or target <= 0: (target/value)^(1/n) has no meaning; the rate is NaN, never Inf
  no_data        ///< the value is missing
};

/// Spelling: "computed", "no_time_left", "undefined", "no_data".
const char* to_string(GrowthNeed g);

/// The numbers of one gap; NaN where a measure is undefined (the comments say when).
struct GapMeasures {
  double value = std::numeric_limits<double>::quiet_NaN();   ///< the region's value in the data year (NaN: missing)
  double target = std::numeric_limits<double>::quiet_NaN();  ///< the target level
  /// target − value for higher-is-better, value − target for lower-is-better: positive means
  /// still to go, zero or negative means met (by that much).
  double gap = std::numeric_limits<double>::quiet_NaN();
  /// gap / |target| (= gap / target for the positive targets of a plan); NaN when target = 0.
  double relative_gap = std::numeric_limits<double>::quiet_NaN();
  /// value / target for higher-is-better (NaN when target <= 0), target / value for
  /// lower-is-better (NaN when value <= 0); 1 or more means met.
  double attainment = std::numeric_limits<double>::quiet_NaN();
  int years_left = 0;  ///< n = target year − data year
  /// ((target / value)^(1/n) − 1) × 100: the average annual growth, in percent, that takes the
  /// value to the target in n years (国家统计局's geometric-mean 年均增长速度, solved for the rate).
  /// NaN unless growth_need is computed.
  double required_growth_pct = std::numeric_limits<double>::quiet_NaN();
  GrowthNeed growth_need = GrowthNeed::no_data;  ///< what required_growth_pct holds
  GapStatus status = GapStatus::no_data;         ///< met, unmet or no data
};

/// The gap of one value to one target with `years_left` = target year − data year years to go.
/// See GapMeasures for every formula. Worked example: 4,000 万元 of fiscal S&T expenditure
/// against the A-tier 7,000 万元 two years ahead: gap 3,000, relative gap 3000/7000 = 42.86 %,
/// attainment 57.14 %, required growth (7000/4000)^(1/2) − 1 = 32.29 % a year, unmet.
/// Met means value >= target (<= for lower-is-better) within 1e-9 × |target|, so a derived ratio
/// that rounds just below its target still meets it: 300 patents / 250,000 residents × 10,000 is
/// 11.999999999999998 in doubles and meets a target of 12 (its `gap` is then a rounding residue).
/// A NaN value gives status no_data and every measure NaN. @throws validation_error for a
/// non-finite target or an infinite value.
GapMeasures measure_gap(double value, double target, Direction direction, int years_left);

/// The target year to use for data of `data_year` when none is given: the earliest year of the
/// plan's indicator targets not before the data year, else the latest one (data past every
/// target year are held against the last targets); 0 when the plan has no indicator targets.
/// The bundled plan's targets are all for 2022, so 2019–2022 data are measured against 2022.
int target_year_for(const Plan& plan, int data_year);

/// One row of target_gaps(): a region, an indicator target and the gap to it.
struct Gap : GapMeasures {
  std::string region;     ///< region code
  std::string indicator;  ///< indicator id
  std::string tier;       ///< tier whose target applies
  int target_year = 0;    ///< year the target is to be reached
  int data_year = 0;      ///< year of the value
  Direction direction = Direction::higher_is_better;  ///< the indicator's direction
  std::string unit;       ///< the target's unit as the plan states it
  std::string section;    ///< where the plan states the target
};

/// A region without a goal tier for a target year (its targets cannot be chosen).
struct RegionYear {
  std::string code;  ///< region code
  int year = 0;      ///< the target year
};

/// Options of target_gaps().
struct GapOptions {
  /// Tier whose targets apply to every region; empty (the default) = each region's goal tier
  /// for the target's year (Plan::goals()).
  std::string tier;
  int target_year = 0;                  ///< only targets of this year; 0 = targets of every year
  std::vector<std::string> indicators;  ///< only these indicators; empty = every targeted indicator
  std::vector<std::string> regions;     ///< only these regions; empty = every region of the panel
};

/// The result of target_gaps().
struct GapTable {
  std::vector<Gap> rows;               ///< by region (panel or option order), then in the plan's target order
  std::vector<RegionYear> without_goal;  ///< regions skipped for a target year: no goal that year
};

/// Gaps of every region to the indicator targets of a plan, from a panel holding the
/// indicators (derive()'s output: raw variables plus derived indicators) in `data_year`.
///
/// For region r and target year Y the applicable tier is options.tier or, by default, r's goal
/// for evaluation year Y; a region without a goal for Y is listed in `without_goal` and gets no
/// rows for Y; a tier without targets in Y gives no rows. Each row is measure_gap(value, target,
/// the indicator's direction, Y − data_year).
/// @throws unknown_id_error for an unknown tier, region, indicator (not in the framework, or not
/// in the panel: derive the panel first) or a data year outside the panel.
GapTable target_gaps(const Panel& derived, const Framework& fw, const Plan& plan, int data_year,
                     const GapOptions& options = {});

/// Whether a region's realised growth meets a growth target.
enum class GrowthStatus {
  met,               ///< the realised growth reaches the minimum rate
  unmet,             ///< it does not (for each_year: some year falls short)
  insufficient_data  ///< the growth cannot be measured (see GrowthCheck::detail)
};

/// Spelling: "met", "unmet", "insufficient_data".
const char* to_string(GrowthStatus s);

/// One region against one growth target of the plan.
struct GrowthCheck {
  std::string region;    ///< region code
  std::string variable;  ///< the variable or indicator whose growth is targeted
  GrowthRule rule = GrowthRule::average_annual;  ///< how growth is measured
  double min_rate_pct = 0;  ///< the target's minimum growth, percent a year
  int from_year = 0;        ///< base year (the target's from_year)
  int to_year = 0;          ///< last year measured: min(data year, the target's to_year)
  /// Growth of each year from_year + 1 … to_year, percent: (v_t / v_{t−1} − 1) × 100; NaN where
  /// a value is missing, outside the panel, or the previous value is <= 0.
  std::vector<double> yearly_pct;
  /// average_annual: ((v_to / v_from)^(1/(to − from)) − 1) × 100 (CAGR); each_year: the lowest
  /// yearly growth present; NaN when it cannot be measured.
  double realised_pct = std::numeric_limits<double>::quiet_NaN();
  GrowthStatus status = GrowthStatus::insufficient_data;  ///< met, unmet or insufficient data
  std::string detail;  ///< why the data are insufficient (empty otherwise)
  std::string section;  ///< where the plan states the target
};

/// Realised growth of every region against every growth target of `plan`, measured on the data
/// up to `data_year` (the plan's span may not be over: the result then says how the region has
/// done so far).
///
/// The span measured is [from_year, min(data_year, to_year)]; when it holds no year after the
/// base year the status is insufficient_data. average_annual: the CAGR over the span, met when
/// >= min_rate_pct; insufficient when the base value is missing or <= 0 or the last value is
/// missing or negative. each_year (年增长 every year): unmet as soon as one measured year is below
/// the minimum (a known shortfall is not waited out), else insufficient when a year cannot be
/// measured, else met. Comparisons allow 1e-9 percentage points for rounding of the root, so a
/// growth of exactly 30 % meets a 30 % target.
/// Rows: for each growth target in the plan's order, one per region (the panel's order, or
/// `regions`' order when given).
/// @throws unknown_id_error for a region or a targeted variable not in the panel.
std::vector<GrowthCheck> growth_checks(const Panel& panel, const Plan& plan, int data_year,
                                       const std::vector<std::string>& regions = {});

}  // namespace countyleap
