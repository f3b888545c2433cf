#pragma once
/// @file published.hpp
/// @brief What actually happened: the province's published evaluation results as data
/// (PublishedResult, PublishedResults), and a plan tracked against them (track_plan()).
///
/// A published result is a fact someone published, with its source and a certainty: `official`
/// (quoted from a notice of the provincial government), `press` (reported by provincial or
/// national media) or `derived` (arithmetic on the two). Unknown stays unknown: an empty tier, a
/// rank bound of 0 or a NaN average is "not published", never a value to fill in. Source of the
/// bundled table: shared/domain/published-outcomes.md (data/shijiazhuang/published-results.csv).

#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"

namespace countyleap {

/// How sure a published fact is.
enum class Certainty {
  official,  ///< quoted from a notice of the provincial government
  press,     ///< reported by provincial or national media
  derived    ///< arithmetic on official and press facts
};

/// Spelling in files: "official", "press", "derived".
const char* to_string(Certainty c);

/// Parses the spelling of to_string(Certainty). @throws validation_error naming the text.
Certainty certainty_from_string(std::string_view text);

/// What a published result describes.
enum class ResultScope {
  province,  ///< the whole province (counts of every tier, units evaluated, the average score)
  city,      ///< one prefecture-level city (e.g. Shijiazhuang's count of A units)
  unit       ///< one county-level unit (its tier, its rank among the province's units)
};

/// Spelling in files: "province", "city", "unit".
const char* to_string(ResultScope s);

/// Parses the spelling of to_string(ResultScope). @throws validation_error naming the text.
ResultScope result_scope_from_string(std::string_view text);

/// One published fact about one evaluation. Every field but the years, scope, code, certainty
/// and source may be unknown.
///
/// Years: the province's evaluation `evaluation_year` (监测评价结果(N), published late in N or
/// early in N+1) rates the data of `data_year` (N − 1). A plan's Phase::evaluation_year is the
/// data year ("2022年度（2023年公布）": data year 2022, the 2023 evaluation).
struct PublishedResult {
  int evaluation_year = 0;          ///< the evaluation, e.g. 2023 (监测评价结果（2023）)
  int data_year = 0;                ///< the data year it rates, e.g. 2022
  bool data_year_inferred = false;  ///< true when the source does not state the data year
  ResultScope scope = ResultScope::unit;  ///< what the row describes
  std::string code;                 ///< GB/T 2260 code of the unit, city or province
  std::string name_zh;              ///< its name, for readers of the file
  std::string tier;                 ///< the unit's tier; empty = unknown
  /// Provincial rank bounds (1 = best): the unit is at a place in [rank_min, rank_max]; equal
  /// bounds are an exact rank; 0 = no bound published (e.g. 深泽县 2023: not in places 1–49,
  /// rank_min 50, rank_max 0).
  int rank_min = 0;
  int rank_max = 0;                 ///< see rank_min
  std::map<std::string, int> tier_counts;  ///< units per tier (province or city); a missing tier is unknown
  int units = 0;                    ///< units evaluated (province); 0 = unknown
  /// Average score bounds (an exact average has equal bounds); NaN = unknown.
  double average_min = std::numeric_limits<double>::quiet_NaN();
  double average_max = std::numeric_limits<double>::quiet_NaN();  ///< see average_min
  Certainty certainty = Certainty::press;  ///< how sure
  std::string source;               ///< who published it and when, e.g. 河北日报 2022-02-22
  std::string note;                 ///< remarks
};

/// A validated table of published results.
///
/// Validation on construction, each failure naming the row's code and year: years positive and
/// data_year < evaluation_year; a code; a source; rank bounds non-negative and rank_min <=
/// rank_max when both are set; tier counts and units non-negative; average bounds finite or
/// both NaN, average_min <= average_max; a province or city row has no tier and no rank
/// (validation_error). Two rows may describe the same evaluation and code (facts of different
/// certainty are kept apart).
class PublishedResults {
 public:
  PublishedResults() = default;
  /// Builds and validates the table. @throws validation_error naming the offending row.
  explicit PublishedResults(std::vector<PublishedResult> rows);
  /// The rows in the order given.
  const std::vector<PublishedResult>& rows() const noexcept { return rows_; }
  /// Number of rows.
  std::size_t size() const noexcept { return rows_.size(); }
  /// True when there are no rows.
  bool empty() const noexcept { return rows_.empty(); }
  /// The rows of both tables, this one's first (e.g. the bundled results and a provincial list
  /// given as input).
  PublishedResults merged(const PublishedResults& other) const;

 private:
  std::vector<PublishedResult> rows_;
};

/// What track_plan() concludes about one goal.
enum class TrackOutcome { met, missed, unknown };

/// Spelling: "met", "missed", "unknown".
inline const char* to_string(TrackOutcome s) {
  return s == TrackOutcome::met ? "met" : s == TrackOutcome::missed ? "missed" : "unknown";
}

/// One goal of the plan against the published results.
struct TrackRow {
  std::string phase;        ///< phase id; empty for a goal outside the phases
  int data_year = 0;        ///< the data year (the phase's evaluation year)
  int evaluation_year = 0;  ///< the province's evaluation of that data (data_year + 1); 0 when no phase
  std::string kind;         ///< "tier_count", "tier_goal", "provincial_rank_goal" or the PlanGoal kind
  std::string goal_id;      ///< PlanGoal::id for an other goal, else empty
  std::string code;         ///< region code of a tier or rank goal, else empty
  std::string goal;         ///< the goal in words, e.g. "A" or "A or better: at least 12 of 21"
  std::string published;    ///< what is published, e.g. "A, place 9", "10 known A, 11 unknown"; empty when nothing
  TrackOutcome status = TrackOutcome::unknown;  ///< met / missed / unknown
  std::string certainty;    ///< the weakest certainty of the facts used (official > press > derived); empty when none
  std::string source;       ///< the sources of the facts used, "; "-separated
  std::string reason;       ///< why the status is what it is
};

/// A plan's goals against the published results.
struct PlanTrack {
  std::vector<TrackRow> rows;  ///< phase by phase (evaluation-year order): counts, then tier goals; then other goals
};

/// Tracks a plan against published results: for every non-baseline phase, its tier counts and
/// each in-scope region's tier goal; then the plan's other goals.
///
/// Rules (the results used are those whose data_year is the phase's evaluation year):
/// - A unit's published tier is its row's tier; failing that, its rank bounds read through the
///   province's published tier counts (places 1..A are A, the next B places are B, the rest C).
///   A tier goal is **met** when every tier the unit can have is the goal or better, **missed**
///   when none is, **unknown** otherwise (also with no published fact).
/// - Tier counts are cumulative from the best tier, as the plan aims ("A 12, B 9": at least 12 A
///   and at least 21 A or B): **met** when the units known to be at that tier or better reach the
///   count, **missed** when even the units that may be cannot, **unknown** otherwise.
/// - A provincial rank goal (GoalKind::provincial_rank_goal, 在全省位次前移) is met by a region
///   when its rank in the goal's `year` is known to be better than in `base_year`, missed when
///   known not to be, unknown otherwise; other kinds of goal are unknown (no published data).
/// - certainty is the weakest of the facts used (derived when tier counts and a rank combine).
/// Nothing is filled in: without a published fact a goal is unknown, with the reason.
PlanTrack track_plan(const Plan& plan, const RegionSet& regions, const PublishedResults& results);

}  // namespace countyleap
