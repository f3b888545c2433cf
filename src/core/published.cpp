// Compiled definitions of countyleap/published.hpp: see that header for each function's rule and source.
#include "countyleap/published.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"

namespace countyleap {

const char* to_string(Certainty c) {
  return c == Certainty::official ? "official" : c == Certainty::press ? "press" : "derived";
}

Certainty certainty_from_string(std::string_view text) {
  if (text == "official") return Certainty::official;
  if (text == "press") return Certainty::press;
  if (text == "derived") return Certainty::derived;
  throw validation_error("unknown certainty '" + std::string(text) + "' (expected official, press or derived)");
}

const char* to_string(ResultScope s) {
  return s == ResultScope::province ? "province" : s == ResultScope::city ? "city" : "unit";
}

ResultScope result_scope_from_string(std::string_view text) {
  if (text == "province") return ResultScope::province;
  if (text == "city") return ResultScope::city;
  if (text == "unit") return ResultScope::unit;
  throw validation_error("unknown scope '" + std::string(text) + "' (expected province, city or unit)");
}

PublishedResults::PublishedResults(std::vector<PublishedResult> rows) : rows_(std::move(rows)) {
  for (const auto& r : rows_) {
    const Location at{"", 0, 0, std::to_string(r.evaluation_year), r.code};
    auto fail = [&](const std::string& what) { throw validation_error("published result: " + what, at); };
    if (r.code.empty()) fail("a row needs a code");
    if (r.evaluation_year <= 0 || r.data_year <= 0) fail("evaluation_year and data_year must be positive years");
    if (r.data_year >= r.evaluation_year)
      fail("data year " + std::to_string(r.data_year) + " is not before evaluation year " + std::to_string(r.evaluation_year));
    if (r.source.empty()) fail("every published fact needs its source");
    if (r.rank_min < 0 || r.rank_max < 0) fail("rank bounds are places (1 = best), 0 when unknown");
    if (r.rank_min > 0 && r.rank_max > 0 && r.rank_min > r.rank_max)
      fail("rank_min " + std::to_string(r.rank_min) + " is after rank_max " + std::to_string(r.rank_max));
    if (r.units < 0) fail("units cannot be negative");
    for (const auto& [label, n] : r.tier_counts)
      if (n < 0) fail("negative count of tier " + label);
    if (std::isnan(r.average_min) != std::isnan(r.average_max) || std::isinf(r.average_min) || std::isinf(r.average_max))
      fail("average bounds are both numbers or both unknown");
    if (r.average_min > r.average_max) fail("average_min is above average_max");
    if (r.scope != ResultScope::unit && (!r.tier.empty() || r.rank_min > 0 || r.rank_max > 0))
      fail(std::string("a ") + to_string(r.scope) + " row has no tier and no rank");
  }
}

PublishedResults PublishedResults::merged(const PublishedResults& other) const {
  std::vector<PublishedResult> all = rows_;
  all.insert(all.end(), other.rows_.begin(), other.rows_.end());
  return PublishedResults(std::move(all));
}

}  // namespace countyleap

namespace countyleap::detail {

// What the published rows of one data year say about one unit: the range of tiers it can have
// (best lo .. worst hi, indices into the plan's tiers), in words, and the facts used.
struct UnitEvidence {
  std::size_t lo = 0, hi = 0;
  bool any = false;        // some fact about the unit was published
  std::string published;   // e.g. "A, place 9" or "not A at places 1-49; A, B or C"
  std::string certainty;
  std::vector<std::string> sources;
};

void add_source(std::vector<std::string>& sources, const std::string& s) {
  if (std::find(sources.begin(), sources.end(), s) == sources.end()) sources.push_back(s);
}

std::string tier_range(const std::vector<TierBand>& tiers, std::size_t lo, std::size_t hi) {
  if (lo == hi) return tiers[lo].label;
  std::vector<std::string> labels;
  for (std::size_t t = lo; t <= hi; ++t) labels.push_back(tiers[t].label);
  const std::string last = labels.back();
  labels.pop_back();
  return join(labels, ", ") + " or " + last;
}

std::string places(int lo, int hi) {
  if (lo > 0 && lo == hi) return "place " + std::to_string(lo);
  if (lo > 0 && hi > 0) return "places " + std::to_string(lo) + "-" + std::to_string(hi);
  if (lo > 0) return "not in places 1-" + std::to_string(lo - 1);
  return "within places 1-" + std::to_string(hi);
}

// The rows of one data year, gathered: the province's tier counts and units, and per unit code
// its rows.
struct YearFacts {
  bool any = false;
  int evaluation_year = 0;
  std::map<std::string, int> province_counts;
  int units = 0;
  std::vector<std::string> province_sources;
  std::map<std::string, std::vector<const PublishedResult*>> unit_rows;
};

YearFacts facts_of(const PublishedResults& results, int data_year) {
  YearFacts f;
  for (const auto& r : results.rows()) {
    if (r.data_year != data_year) continue;
    f.any = true;
    f.evaluation_year = r.evaluation_year;
    if (r.scope == ResultScope::province) {
      for (const auto& [label, n] : r.tier_counts)
        if (f.province_counts.emplace(label, n).second) add_source(f.province_sources, r.source);
      if (r.units > 0 && f.units == 0) f.units = r.units;
    } else if (r.scope == ResultScope::unit) {
      f.unit_rows[r.code].push_back(&r);
    }
  }
  return f;
}

// The provincial place bounds the rows give together (each row narrows them); 0 = no bound.
std::pair<int, int> rank_bounds(const std::vector<const PublishedResult*>& rows) {
  std::pair<int, int> b{0, 0};
  for (const PublishedResult* r : rows) {
    if (r->rank_min > 0) b.first = std::max(b.first, r->rank_min);
    if (r->rank_max > 0) b.second = b.second == 0 ? r->rank_max : std::min(b.second, r->rank_max);
  }
  return b;
}

UnitEvidence evidence_of(const std::vector<TierBand>& tiers, const YearFacts& f, const std::string& code) {
  UnitEvidence e;
  e.hi = tiers.size() - 1;
  const auto it = f.unit_rows.find(code);
  if (it == f.unit_rows.end()) return e;
  const auto [rank_min, rank_max] = rank_bounds(it->second);
  std::string tier, tier_certainty;
  std::vector<std::string> parts;
  for (const PublishedResult* r : it->second) {
    e.any = true;
    add_source(e.sources, r->source);
    if (!r->tier.empty() && tier.empty()) {
      tier = r->tier;
      tier_certainty = to_string(r->certainty);
    }
    if (e.certainty.empty()) e.certainty = to_string(r->certainty);
  }
  if (rank_min > 0 || rank_max > 0) parts.push_back(places(rank_min, rank_max));
  if (!tier.empty()) {
    for (std::size_t t = 0; t < tiers.size(); ++t)
      if (tiers[t].label == tier) e.lo = e.hi = t;
    e.certainty = tier_certainty;
    parts.insert(parts.begin(), tier);
  } else if (rank_min > 0 || rank_max > 0) {
    // read the places through the province's tier counts: places 1..A are A, and so on
    bool counts_known = true;
    for (std::size_t t = 0; t + 1 < tiers.size(); ++t) counts_known = counts_known && f.province_counts.count(tiers[t].label);
    if (counts_known) {
      auto tier_at = [&](int place) {
        int upto = 0;
        for (std::size_t t = 0; t + 1 < tiers.size(); ++t) {
          upto += f.province_counts.at(tiers[t].label);
          if (place <= upto) return t;
        }
        return tiers.size() - 1;
      };
      e.lo = rank_min > 0 ? tier_at(rank_min) : 0;
      e.hi = rank_max > 0 ? tier_at(rank_max) : tiers.size() - 1;
      e.certainty = "derived";
      for (const auto& s : f.province_sources) add_source(e.sources, s);
      std::string counts;
      for (std::size_t t = 0; t + 1 < tiers.size(); ++t)
        counts += (counts.empty() ? "" : ", ") + tiers[t].label + " " + std::to_string(f.province_counts.at(tiers[t].label));
      parts.push_back("so " + tier_range(tiers, e.lo, e.hi) + " (province: " + counts + ")");
    }
  }
  e.published = join(parts, ", ");
  return e;
}

std::string certainty_weakest(const std::string& a, const std::string& b) {
  auto strength = [](const std::string& c) { return c == "official" ? 0 : c == "press" ? 1 : c == "derived" ? 2 : -1; };
  return strength(a) >= strength(b) ? a : b;
}

std::string region_text(const RegionSet& regions, const std::string& code) {
  const auto i = regions.find(code);
  return i && !regions[*i].name_zh.empty() ? code + " " + regions[*i].name_zh : code;
}

}  // namespace countyleap::detail

namespace countyleap {

PlanTrack track_plan(const Plan& plan, const RegionSet& regions, const PublishedResults& results) {
  PlanTrack out;
  const auto& tiers = plan.tiers().tiers;
  std::vector<std::string> scope;
  for (const auto& r : regions.regions())
    if (r.in_scope) scope.push_back(r.code);
  std::vector<const Phase*> phases;
  for (const auto& p : plan.phases())
    if (!p.baseline) phases.push_back(&p);
  std::stable_sort(phases.begin(), phases.end(),
                   [](const Phase* a, const Phase* b) { return a->evaluation_year < b->evaluation_year; });

  for (const Phase* p : phases) {
    const detail::YearFacts facts = detail::facts_of(results, p->evaluation_year);
    const int evaluation = facts.any ? facts.evaluation_year : p->publication_year;
    const std::string none = "no published result for data year " + std::to_string(p->evaluation_year) +
                             (evaluation ? " (the " + std::to_string(evaluation) + " evaluation)" : std::string()) +
                             " in the table";
    auto row = [&](std::string kind, std::string code, std::string goal) {
      TrackRow r;
      r.phase = p->id;
      r.data_year = p->evaluation_year;
      r.evaluation_year = evaluation;
      r.kind = std::move(kind);
      r.code = std::move(code);
      r.goal = std::move(goal);
      return r;
    };
    std::map<std::string, detail::UnitEvidence> evidence;  // in-scope code -> what is published
    for (const auto& code : scope) evidence[code] = detail::evidence_of(tiers, facts, code);

    // tier counts, cumulative from the best tier
    if (!p->tier_counts.empty()) {
      int want = 0;
      for (std::size_t t = 0; t + 1 < tiers.size(); ++t) {
        const auto it = p->tier_counts.find(tiers[t].label);
        want += it == p->tier_counts.end() ? 0 : it->second;
        int known = 0, maybe = 0, with_facts = 0;
        TrackRow r = row("tier_count", "", tiers[t].label + (t == 0 ? std::string() : " or better") + ": at least " +
                                               std::to_string(want) + " of " + std::to_string(scope.size()));
        std::vector<std::string> sources;
        for (const auto& code : scope) {
          const auto& e = evidence[code];
          if (e.hi <= t) ++known;
          if (e.lo <= t) ++maybe;
          if (e.any) {
            ++with_facts;
            for (const auto& s : e.sources) detail::add_source(sources, s);
          }
        }
        if (with_facts == 0) {
          r.reason = none;
        } else {
          r.published = std::to_string(known) + " known " + tiers[t].label + (t == 0 ? "" : " or better") + ", " +
                        std::to_string(maybe - known) + " unknown, " + std::to_string(static_cast<int>(scope.size()) - maybe) +
                        " known worse";
          r.status = known >= want ? TrackOutcome::met : maybe < want ? TrackOutcome::missed : TrackOutcome::unknown;
          r.certainty = "derived";
          r.source = detail::join(sources, "; ");
          r.reason = r.status == TrackOutcome::met      ? "the units known to be there reach the count"
                     : r.status == TrackOutcome::missed ? "even the units that may be there fall short"
                                                       : "the known units fall short and the unknown ones could make it up";
        }
        out.rows.push_back(std::move(r));
      }
    }
    // each in-scope region's tier goal
    for (const auto& g : plan.goals()) {
      if (g.evaluation_year != p->evaluation_year || !evidence.count(g.code)) continue;
      const auto& e = evidence[g.code];
      const std::size_t gi = plan.tier_rank(g.tier);
      TrackRow r = row("tier_goal", g.code, g.tier);
      if (!e.any) {
        r.reason = facts.any ? "no published fact about " + detail::region_text(regions, g.code) + " for data year " +
                                   std::to_string(p->evaluation_year)
                             : none;
      } else {
        r.published = e.published;
        r.certainty = e.certainty;
        r.source = detail::join(e.sources, "; ");
        r.status = e.hi <= gi ? TrackOutcome::met : e.lo > gi ? TrackOutcome::missed : TrackOutcome::unknown;
        r.reason = r.status == TrackOutcome::unknown
                       ? "published: " + detail::tier_range(tiers, e.lo, e.hi) + "; the goal " + g.tier + " is not decided"
                       : "published tier " + detail::tier_range(tiers, e.lo, e.hi) + (r.status == TrackOutcome::met ? " reaches " : " is below ") +
                             "the goal " + g.tier;
      }
      out.rows.push_back(std::move(r));
    }
  }

  // the plan's other goals
  for (const auto& g : plan.other_goals()) {
    TrackRow base;
    base.data_year = g.year;
    base.kind = to_string(g.kind);
    base.goal_id = g.id;
    base.goal = g.text_zh;
    if (g.kind != GoalKind::provincial_rank_goal) {
      base.reason = "no published data of this kind: not tracked";
      out.rows.push_back(std::move(base));
      continue;
    }
    const detail::YearFacts now = detail::facts_of(results, g.year), before = detail::facts_of(results, g.base_year);
    const std::vector<std::string>& codes = g.regions.empty() ? scope : g.regions;
    for (const auto& code : codes) {
      TrackRow r = base;
      r.code = code;
      auto bounds = [&](const detail::YearFacts& f, std::vector<std::string>& sources, std::string& certainty) {
        const auto it = f.unit_rows.find(code);
        if (it == f.unit_rows.end()) return std::pair<int, int>{0, 0};
        for (const PublishedResult* x : it->second) {
          if (x->rank_min == 0 && x->rank_max == 0) continue;
          detail::add_source(sources, x->source);
          certainty = detail::certainty_weakest(certainty, to_string(x->certainty));
        }
        return detail::rank_bounds(it->second);
      };
      std::vector<std::string> sources;
      std::string certainty;
      const auto [now_min, now_max] = bounds(now, sources, certainty);
      const auto [was_min, was_max] = bounds(before, sources, certainty);
      const bool known_now = now_min > 0 || now_max > 0, known_before = was_min > 0 || was_max > 0;
      if (known_now)
        r.published = std::to_string(g.year) + ": " + detail::places(now_min, now_max);
      if (known_before)
        r.published += (r.published.empty() ? "" : "; ") + std::to_string(g.base_year) + ": " + detail::places(was_min, was_max);
      r.source = detail::join(sources, "; ");
      r.certainty = certainty;
      if (now_max > 0 && was_min > 0 && now_max < was_min) r.status = TrackOutcome::met;
      else if (now_min > 0 && was_max > 0 && now_min >= was_max) r.status = TrackOutcome::missed;
      r.reason = r.status == TrackOutcome::met      ? "the rank in " + std::to_string(g.year) + " is better than in " + std::to_string(g.base_year)
                 : r.status == TrackOutcome::missed ? "the rank in " + std::to_string(g.year) + " is not better than in " + std::to_string(g.base_year)
                 : !known_now || !known_before
                     ? "needs the provincial rank in " + std::to_string(g.base_year) + " and in " + std::to_string(g.year) +
                           " (give a provincial list)"
                     : "the rank bounds overlap";
      out.rows.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace countyleap
