#pragma once
/// @file tier.hpp
/// @brief Tier schemes (fixed cut-offs, bands relative to the mean, quotas, natural breaks, k of
/// n targets met), classification with margins to the neighbouring boundaries, and year-over-year
/// moves.

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/error.hpp"

namespace countyleap {

/// How a TierScheme assigns tiers.
enum class TierRule {
  /// Fixed lower bounds on the score, best tier first; a score is in the first tier whose
  /// bound it reaches (>= when inclusive, > otherwise). Hebei: A >= 80, B >= 60, C below.
  fixed,
  /// Lower bounds given as multiples of the mean score (bound × mean) — or, per tier, as
  /// absolute values. EIS (European Innovation Scoreboard 2023, §"performance groups"):
  /// Leaders > 125 %, Strong 100–125 %, Moderate 70–100 %, Emerging < 70 % of the EU average;
  /// China's regional S&T innovation report (《中国区域科技创新评价报告》): above the national mean,
  /// above 50, 50 or below (an absolute bound mixed with a relative one).
  relative_to_mean,
  /// The best n regions (or the best share) form the first tier, the next n the second, …;
  /// the last tier takes the rest. Ties at a boundary share the better tier.
  quota,
  /// Jenks natural breaks: the partition of the sorted scores into k classes that minimises the
  /// within-class sum of squared deviations (Jenks 1967; solved exactly by Fisher's 1958
  /// dynamic programme).
  natural_breaks,
  /// A region is in the first tier of which it meets at least k indicator targets (best tier
  /// first); the last tier takes the rest.
  targets_met
};

/// Spelling in files: "fixed", "relative_to_mean", "quota", "natural_breaks", "targets_met".
const char* to_string(TierRule r);

/// Parses the spelling of to_string(TierRule). @throws validation_error naming the text.
TierRule tier_rule_from_string(std::string_view s);

/// One tier of a scheme. What `bound` means depends on the rule: fixed → lowest score of the
/// tier; relative_to_mean → multiple of the mean (or a score when `relative` is false);
/// quota → number of regions (or share in (0, 1] when the scheme's `quota_share` is set);
/// targets_met → k, the number of this tier's targets to meet; natural_breaks → unused.
/// The last tier's bound is unused.
struct TierBand {
  std::string label;     ///< e.g. "A"
  double bound = std::numeric_limits<double>::quiet_NaN();  ///< see the struct description
  bool inclusive = true;  ///< fixed/relative: whether a score equal to the bound is in the tier
  bool relative = true;   ///< relative_to_mean only: bound × mean (true) or bound as a score (false)
  std::string name_zh;   ///< e.g. A类县
  std::string name_en;   ///< e.g. Tier A
};

/// A rule that maps scores (or counts of targets met) to tiers, best tier first.
struct TierScheme {
  TierRule rule = TierRule::fixed;  ///< how tiers are assigned
  std::vector<TierBand> tiers;      ///< best first; at least two
  bool quota_share = false;         ///< quota: bounds are shares of the regions, not counts
  /// relative_to_mean: split every band into this many equal sub-bands (the Regional Innovation
  /// Scoreboard 2021 splits each group in three: "+", "", "−"); 1 = none. The open top band
  /// ends at the highest score and the open bottom band starts at the lowest.
  int sub_bands = 1;

  /// Hebei's county scheme: A >= 80, 60 <= B < 80, C < 60 on a 100-point score (the default).
  static TierScheme hebei();

  /// Position of a label (0 = best). @throws unknown_id_error naming the label.
  std::size_t index_of(std::string_view label) const;

  /// Checks the scheme: at least two tiers, unique non-empty labels, bounds of every tier but the
  /// last finite, strictly decreasing for fixed/relative (per kind), positive quotas (shares summing
  /// to at most 1), k >= 1, sub_bands >= 1. @throws validation_error naming the tier.
  void validate() const;
};

/// One region's tier and its distance to the neighbouring boundaries.
struct TierAssignment {
  double score = 0;        ///< the score classified (for targets_met: targets met of the tier found)
  std::size_t tier = 0;    ///< tier index, 0 = best
  int sub_band = 0;        ///< relative_to_mean with sub_bands > 1: 0 = top sub-band of the tier
  /// How much the score must rise to reach the boundary of the next better tier (score units;
  /// for targets_met: targets); NaN in the best tier. With an exclusive boundary the score must
  /// exceed it, not just reach it.
  double margin_up = std::numeric_limits<double>::quiet_NaN();
  /// How far the score is above its own tier's lower boundary (NaN in the worst tier): the
  /// room before dropping. Negative never happens.
  double margin_down = std::numeric_limits<double>::quiet_NaN();
  /// The score rests on partial data: fewer of its indicators were present than the framework
  /// has (Scores::partial). Set only by classify(const Scores&, ...); a tier decided on partial
  /// data is reported as such, never silently.
  bool partial_data = false;
};

/// The result of classify(): one assignment per region, in input order, and the lower boundary
/// of each tier in score units (−∞ for the last).
struct Classification {
  std::vector<TierAssignment> regions;  ///< per region, input order
  std::vector<double> boundaries;       ///< lower boundary of each tier, resolved to score units
  std::vector<std::size_t> counts;      ///< regions per tier
};

/// Classifies scores with a score-based scheme (every rule but targets_met).
///
/// Boundaries in score units: fixed → the bounds; relative_to_mean → bound × mean of the present
/// scores (or the bound itself when not relative); quota → the lowest score inside each tier;
/// natural_breaks → the lowest score of each class. A region is in the first tier whose boundary
/// its score reaches (>= when inclusive; quota and natural breaks are inclusive). Missing (NaN)
/// scores are an error: impute or drop the region first.
/// @throws validation_error for an invalid scheme, a NaN score, targets_met (use
/// classify_by_targets), or fewer distinct scores than natural-break classes.
Classification classify(const Eigen::Ref<const Eigen::VectorXd>& scores, const TierScheme& scheme);

struct Scores;

/// classify() of the scores at `node` (empty: the root, the composite index), each assignment
/// marked `partial_data` when its score rests on fewer indicators than the node has
/// (Scores::partial: present < expected, e.g. a county missing both indicators of a dimension).
/// @throws validation_error naming the region code whose score is missing (impute it, or drop it
/// with a screen step), and the errors of classify(); unknown_id_error for an unknown node.
Classification classify(const Scores& scores, const TierScheme& scheme, std::string_view node = {});

/// Classifies by the number of each tier's indicator targets met (TierRule::targets_met).
///
/// `met(r, t)` is the number of tier t's targets that region r meets (t = 0 best; the last
/// column is unused). A region is in the first tier t with met(r, t) >= k_t. Margins are in
/// targets: margin_up = k_{t−1} − met(r, t−1) (targets still to meet for the better tier),
/// margin_down = met(r, t) − k_t (targets that may be missed before dropping).
/// @throws validation_error for a scheme of another rule or a shape mismatch.
Classification classify_by_targets(const Eigen::Ref<const Eigen::MatrixXi>& met, const TierScheme& scheme);

/// Direction of a tier move between two evaluations.
enum class TierMove { jump, hold, drop };

/// Spelling: "jump", "hold", "drop".
inline const char* to_string(TierMove m) { return m == TierMove::jump ? "jump" : m == TierMove::hold ? "hold" : "drop"; }

/// Hebei's bands for a rank change (places gained; negative = lost): "+10 or more", "+5 to +9",
/// "+1 to +4", "unchanged", "−1 to −4", "−5 to −9", "−10 or more" — the bands the provincial
/// bulletin uses for 进位/退位 (>= 10, 5–9, 1–4 places).
std::string rank_change_band(int places_gained);

/// One region's change between two evaluations.
struct YearMove {
  TierMove move = TierMove::hold;  ///< jump (better tier), hold, drop
  int tiers_moved = 0;             ///< tiers gained (negative: lost)
  double score_change = 0;         ///< current − previous score
  int rank_change = 0;             ///< places gained (previous rank − current rank)
  std::string rank_band;           ///< rank_change_band(rank_change)
};

/// Compares two evaluations of the same regions (same order): tier move, score change and rank
/// change (ranks 1 = best, ties share the best rank). @throws validation_error on a size mismatch.
std::vector<YearMove> compare_years(const Classification& previous, const Classification& current);

}  // namespace countyleap
