// Compiled definitions of countyleap/tier.hpp: see that header for each function's formula and source.
#include "countyleap/tier.hpp"

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

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/scores.hpp"

namespace countyleap {

const char* to_string(TierRule r) {
  switch (r) {
    case TierRule::fixed: return "fixed";
    case TierRule::relative_to_mean: return "relative_to_mean";
    case TierRule::quota: return "quota";
    case TierRule::natural_breaks: return "natural_breaks";
    case TierRule::targets_met: return "targets_met";
  }
  return "fixed";
}

TierRule tier_rule_from_string(std::string_view s) {
  for (auto r : {TierRule::fixed, TierRule::relative_to_mean, TierRule::quota, TierRule::natural_breaks, TierRule::targets_met})
    if (s == to_string(r)) return r;
  throw validation_error("unknown tier rule '" + std::string(s) +
                         "' (expected fixed, relative_to_mean, quota, natural_breaks or targets_met)");
}

}  // namespace countyleap

namespace countyleap::detail {

/// Fisher–Jenks: class starts (indices into the ascending-sorted values) of the optimal k-class
/// partition minimising within-class squared deviations; O(k n²).
std::vector<std::size_t> jenks_starts(const std::vector<double>& sorted, std::size_t k) {
  const std::size_t n = sorted.size();
  std::vector<double> s1(n + 1, 0.0), s2(n + 1, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    s1[i + 1] = s1[i] + sorted[i];
    s2[i + 1] = s2[i] + sorted[i] * sorted[i];
  }
  auto ssd = [&](std::size_t a, std::size_t b) {  // values [a, b)
    const double m = static_cast<double>(b - a), s = s1[b] - s1[a];
    return (s2[b] - s2[a]) - s * s / m;
  };
  const double inf = std::numeric_limits<double>::infinity();
  // cost[c][j]: best cost of the first j values in c + 1 classes; from[c][j]: start of the last class
  std::vector<std::vector<double>> cost(k, std::vector<double>(n + 1, inf));
  std::vector<std::vector<std::size_t>> from(k, std::vector<std::size_t>(n + 1, 0));
  for (std::size_t j = 1; j <= n; ++j) cost[0][j] = ssd(0, j);
  for (std::size_t c = 1; c < k; ++c)
    for (std::size_t j = c + 1; j <= n; ++j)
      for (std::size_t i = c; i < j; ++i) {
        const double v = cost[c - 1][i] + ssd(i, j);
        if (v < cost[c][j]) cost[c][j] = v, from[c][j] = i;
      }
  std::vector<std::size_t> starts(k, 0);
  std::size_t end = n;
  for (std::size_t c = k - 1; c > 0; --c) {
    starts[c] = from[c][end];
    end = starts[c];
  }
  return starts;
}

}  // namespace countyleap::detail

namespace countyleap {

Classification classify(const Eigen::Ref<const Eigen::VectorXd>& scores, const TierScheme& scheme) {
  scheme.validate();
  const auto n = static_cast<std::size_t>(scores.size());
  const std::size_t k = scheme.tiers.size();
  for (std::size_t i = 0; i < n; ++i)
    if (!std::isfinite(scores[static_cast<Eigen::Index>(i)]))
      throw validation_error("score of region #" + std::to_string(i) + " is missing or not finite: tiers need a score");
  if (scheme.rule == TierRule::targets_met) throw validation_error("targets_met schemes are classified with classify_by_targets");

  Classification out;
  out.boundaries.assign(k, -std::numeric_limits<double>::infinity());
  std::vector<bool> inclusive(k, true);
  std::vector<double> sorted(scores.data(), scores.data() + n);
  std::sort(sorted.begin(), sorted.end(), std::greater<double>());  // descending
  const double mean = n ? std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(n) : 0.0;

  switch (scheme.rule) {
    case TierRule::fixed:
    case TierRule::relative_to_mean:
      for (std::size_t t = 0; t + 1 < k; ++t) {
        const auto& b = scheme.tiers[t];
        const bool rel = scheme.rule == TierRule::relative_to_mean && b.relative;
        out.boundaries[t] = rel ? b.bound * mean : b.bound;
        inclusive[t] = b.inclusive;
      }
      break;
    case TierRule::quota: {
      std::size_t taken = 0;
      for (std::size_t t = 0; t + 1 < k; ++t) {
        const double q = scheme.tiers[t].bound;
        const auto count = static_cast<std::size_t>(scheme.quota_share ? std::floor(q * static_cast<double>(n) + 1e-9) : q);
        taken = std::min(n, taken + count);
        // lowest score inside the tier: ties with it share the better tier
        out.boundaries[t] = taken == 0 ? std::numeric_limits<double>::infinity() : sorted[taken - 1];
      }
      break;
    }
    case TierRule::natural_breaks: {
      std::vector<double> asc(sorted.rbegin(), sorted.rend());
      std::vector<double> distinct = asc;
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      if (distinct.size() < k)
        throw validation_error("natural breaks into " + std::to_string(k) + " classes need at least " + std::to_string(k) +
                               " distinct scores, found " + std::to_string(distinct.size()));
      const auto starts = detail::jenks_starts(asc, k);
      // class c (ascending) is tier k − 1 − c; its boundary is its lowest score
      for (std::size_t c = 1; c < k; ++c) out.boundaries[k - 1 - c] = asc[starts[c]];
      break;
    }
    case TierRule::targets_met:
      break;
  }

  out.counts.assign(k, 0);
  out.regions.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double s = scores[static_cast<Eigen::Index>(i)];
    std::size_t t = 0;
    while (t + 1 < k && !(inclusive[t] ? s >= out.boundaries[t] : s > out.boundaries[t])) ++t;
    TierAssignment& a = out.regions[i];
    a.score = s;
    a.tier = t;
    if (t > 0) a.margin_up = out.boundaries[t - 1] - s;
    if (t + 1 < k) a.margin_down = s - out.boundaries[t];
    ++out.counts[t];
  }

  if (scheme.rule == TierRule::relative_to_mean && scheme.sub_bands > 1 && n > 0) {
    const double top = sorted.front(), bottom = sorted.back();
    for (auto& a : out.regions) {
      const double hi = a.tier == 0 ? top : out.boundaries[a.tier - 1];
      const double lo = a.tier + 1 == k ? bottom : out.boundaries[a.tier];
      const double width = (hi - lo) / scheme.sub_bands;
      const int from_top = width > 0 ? static_cast<int>(std::floor((hi - a.score) / width)) : 0;
      a.sub_band = std::clamp(from_top, 0, scheme.sub_bands - 1);
    }
  }
  return out;
}

Classification classify(const Scores& scores, const TierScheme& scheme, std::string_view node) {
  const std::size_t column = node.empty() ? scores.nodes.size() - 1 : scores.node_column(node);
  const auto values = scores.values.col(static_cast<Eigen::Index>(column));
  for (std::size_t r = 0; r < scores.regions.size(); ++r)
    if (!std::isfinite(values[static_cast<Eigen::Index>(r)]))
      throw validation_error("score is missing or not finite: tiers need a score (impute the region's data, or drop it "
                             "with a screen step)",
                             Location{"", 0, 0, "", scores.regions[r]});
  Classification out = classify(values, scheme);
  for (std::size_t r = 0; r < out.regions.size(); ++r) out.regions[r].partial_data = scores.partial(r, column);
  return out;
}

Classification classify_by_targets(const Eigen::Ref<const Eigen::MatrixXi>& met, const TierScheme& scheme) {
  scheme.validate();
  if (scheme.rule != TierRule::targets_met) throw validation_error("classify_by_targets needs a targets_met scheme");
  const std::size_t k = scheme.tiers.size();
  if (static_cast<std::size_t>(met.cols()) != k)
    throw validation_error("targets-met matrix has " + std::to_string(met.cols()) + " columns, the scheme " + std::to_string(k) + " tiers");
  Classification out;
  out.boundaries.assign(k, -std::numeric_limits<double>::infinity());
  for (std::size_t t = 0; t + 1 < k; ++t) out.boundaries[t] = scheme.tiers[t].bound;
  out.counts.assign(k, 0);
  out.regions.resize(static_cast<std::size_t>(met.rows()));
  for (Eigen::Index r = 0; r < met.rows(); ++r) {
    std::size_t t = 0;
    while (t + 1 < k && met(r, static_cast<Eigen::Index>(t)) < scheme.tiers[t].bound) ++t;
    TierAssignment& a = out.regions[static_cast<std::size_t>(r)];
    a.tier = t;
    a.score = met(r, static_cast<Eigen::Index>(t));
    if (t > 0) a.margin_up = scheme.tiers[t - 1].bound - met(r, static_cast<Eigen::Index>(t - 1));
    if (t + 1 < k) a.margin_down = met(r, static_cast<Eigen::Index>(t)) - scheme.tiers[t].bound;
    ++out.counts[t];
  }
  return out;
}

std::string rank_change_band(int places_gained) {
  const int a = std::abs(places_gained);
  if (a == 0) return "unchanged";
  const std::string sign = places_gained > 0 ? "+" : "-";
  if (a >= 10) return sign + "10 or more";
  if (a >= 5) return sign + "5 to " + sign + "9";
  return sign + "1 to " + sign + "4";
}

std::vector<YearMove> compare_years(const Classification& previous, const Classification& current) {
  if (previous.regions.size() != current.regions.size())
    throw validation_error("the two evaluations have " + std::to_string(previous.regions.size()) + " and " +
                           std::to_string(current.regions.size()) + " regions");
  auto ranks = [](const Classification& c) {
    std::vector<int> r(c.regions.size());
    for (std::size_t i = 0; i < r.size(); ++i) {
      int better = 0;
      for (const auto& o : c.regions) better += o.score > c.regions[i].score;
      r[i] = better + 1;
    }
    return r;
  };
  const auto r0 = ranks(previous), r1 = ranks(current);
  std::vector<YearMove> out(current.regions.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    YearMove& m = out[i];
    m.tiers_moved = static_cast<int>(previous.regions[i].tier) - static_cast<int>(current.regions[i].tier);
    m.move = m.tiers_moved > 0 ? TierMove::jump : m.tiers_moved < 0 ? TierMove::drop : TierMove::hold;
    m.score_change = current.regions[i].score - previous.regions[i].score;
    m.rank_change = r0[i] - r1[i];
    m.rank_band = rank_change_band(m.rank_change);
  }
  return out;
}

}  // namespace countyleap

namespace countyleap {

TierScheme TierScheme::hebei() {
  TierScheme s;
  s.tiers = {TierBand{"A", 80, true, true, "A类县", "Tier A"}, TierBand{"B", 60, true, true, "B类县", "Tier B"},
             TierBand{"C", std::numeric_limits<double>::quiet_NaN(), true, true, "C类县", "Tier C"}};
  return s;
}

std::size_t TierScheme::index_of(std::string_view label) const {
  for (std::size_t i = 0; i < tiers.size(); ++i)
    if (tiers[i].label == label) return i;
  throw unknown_id_error("unknown tier", Location{"", 0, 0, "", std::string(label)});
}

void TierScheme::validate() const {
  if (tiers.size() < 2) throw validation_error("a tier scheme needs at least two tiers");
  for (std::size_t i = 0; i < tiers.size(); ++i) {
    const auto& t = tiers[i];
    const Location at{"", 0, 0, "", t.label};
    if (t.label.empty()) throw validation_error("empty tier label");
    for (std::size_t j = 0; j < i; ++j)
      if (tiers[j].label == t.label) throw duplicate_error("duplicate tier label", at);
    const bool last = i + 1 == tiers.size();
    if (last || rule == TierRule::natural_breaks) continue;
    if (!std::isfinite(t.bound)) throw validation_error("tier bound must be a finite number", at);
    if (rule == TierRule::quota && !(t.bound > 0)) throw validation_error("quota must be positive", at);
    if (rule == TierRule::quota && quota_share && t.bound > 1) throw validation_error("quota share must lie in (0, 1]", at);
    if (rule == TierRule::targets_met && (t.bound < 1 || t.bound != std::floor(t.bound)))
      throw validation_error("k (targets to meet) must be a whole number >= 1", at);
    if ((rule == TierRule::fixed || rule == TierRule::relative_to_mean) && i > 0 && tiers[i - 1].relative == t.relative &&
        !(t.bound < tiers[i - 1].bound))
      throw validation_error("tier bounds must decrease from the best tier to the worst", at);
  }
  if (rule == TierRule::quota && quota_share) {
    double total = 0;
    for (std::size_t i = 0; i + 1 < tiers.size(); ++i) total += tiers[i].bound;
    if (total > 1 + 1e-12) throw validation_error("quota shares sum to more than 1");
  }
  if (sub_bands < 1) throw validation_error("sub_bands must be >= 1");
}

}  // namespace countyleap
