// Compiled definitions of countyleap/plan_check.hpp: see that header for each function's formula and source.
#include "countyleap/plan_check.hpp"

#include <algorithm>
#include <cstddef>
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

namespace countyleap::detail {

inline std::string phase_label(const Phase& p) { return p.id + " (" + std::to_string(p.evaluation_year) + ")"; }

}  // namespace countyleap::detail

namespace countyleap {

Severity severity_from_string(std::string_view s) {
  if (s == "error") return Severity::error;
  if (s == "warning") return Severity::warning;
  throw validation_error("unknown severity '" + std::string(s) + "' (expected error or warning)");
}

}  // namespace countyleap

namespace countyleap::detail {

std::string region_label(const RegionSet& regions, const std::string& code) {
  const auto i = regions.find(code);
  if (!i || regions[*i].name_zh.empty()) return code;
  return code + " " + regions[*i].name_zh;
}

std::string region_list(const RegionSet& regions, const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + region_label(regions, c);
  return out.empty() ? "none" : out;
}

int stated_count(const Phase& p, const std::string& tier) {
  const auto it = p.tier_counts.find(tier);
  return it == p.tier_counts.end() ? 0 : it->second;
}

}  // namespace countyleap::detail


namespace countyleap::detail {

// The constraint model of search_assignments(): per in-scope region, the tier trajectories over
// the phases (evaluation-year order) that its own rows and the kept rules allow; globally, each
// phase's stated tier counts.
class AssignmentModel {
 public:
  AssignmentModel(const Plan& plan, const RegionSet& regions, bool no_drop, bool hold) : n_tiers_(plan.tiers().tiers.size()) {
    for (std::size_t i = 0; i < plan.phases().size(); ++i) order_.push_back(i);
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return plan.phases()[a].evaluation_year < plan.phases()[b].evaluation_year;
    });
    for (const auto& r : regions.regions())
      if (r.in_scope) codes_.push_back(r.code);
    const std::size_t np = order_.size();
    for (std::size_t k = 0; k < np; ++k) {
      const Phase& p = plan.phases()[order_[k]];
      std::vector<int> counts(n_tiers_, -1);  // -1: the phase states no counts
      if (!p.tier_counts.empty())
        for (std::size_t t = 0; t < n_tiers_; ++t) counts[t] = stated_count(p, plan.tiers().tiers[t].label);
      stated_.push_back(std::move(counts));
    }
    // rows[u][k]: the plan's row for region u in phase k, or nullptr
    rows_.assign(codes_.size(), std::vector<const RegionTier*>(np, nullptr));
    for (std::size_t k = 0; k < np; ++k) {
      const Phase& p = plan.phases()[order_[k]];
      for (const auto& g : p.baseline ? plan.observed() : plan.goals()) {
        if (g.evaluation_year != p.evaluation_year) continue;
        const auto it = std::find(codes_.begin(), codes_.end(), g.code);
        if (it != codes_.end()) rows_[static_cast<std::size_t>(it - codes_.begin())][k] = &g;
      }
    }
    for (std::size_t u = 0; u < codes_.size(); ++u) {
      own_.emplace_back(np, -1);
      for (std::size_t k = 0; k < np; ++k)
        if (rows_[u][k]) own_[u][k] = static_cast<int>(plan.tier_rank(rows_[u][k]->tier));
    }
    no_drop_ = no_drop;
    hold_ = hold;
  }

  std::size_t units() const { return codes_.size(); }
  std::size_t phases() const { return order_.size(); }
  std::size_t phase_index(std::size_t k) const { return order_[k]; }
  const std::string& code(std::size_t u) const { return codes_[u]; }
  int own(std::size_t u, std::size_t k) const { return own_[u][k]; }

  // Enumerates every assignment (tiers[u][k]) that fits; `forbid` (unit, phase, tier) excludes
  // one tier of one cell. `visit` returns false to stop. Returns false when stopped.
  template <class Visit>
  bool enumerate(Visit&& visit, std::ptrdiff_t forbid_u = -1, std::size_t forbid_k = 0, int forbid_t = -1) const {
    std::vector<std::vector<std::vector<int>>> candidates(units());
    for (std::size_t u = 0; u < units(); ++u) {
      std::vector<int> path(phases());
      trajectories(u, 0, path, candidates[u], forbid_u == static_cast<std::ptrdiff_t>(u) ? forbid_k : phases(), forbid_t);
      if (candidates[u].empty()) return true;  // nothing fits
    }
    // avail[u][k][t]: regions u.. that can have tier t in phase k
    std::vector<std::vector<std::vector<int>>> avail(units() + 1, std::vector<std::vector<int>>(phases(), std::vector<int>(n_tiers_, 0)));
    for (std::size_t u = units(); u-- > 0;)
      for (std::size_t k = 0; k < phases(); ++k)
        for (std::size_t t = 0; t < n_tiers_; ++t) {
          const bool can = std::any_of(candidates[u].begin(), candidates[u].end(),
                                       [&](const std::vector<int>& c) { return c[k] == static_cast<int>(t); });
          avail[u][k][t] = avail[u + 1][k][t] + (can ? 1 : 0);
        }
    std::vector<std::vector<int>> count(phases(), std::vector<int>(n_tiers_, 0));
    std::vector<const std::vector<int>*> chosen(units(), nullptr);
    return descend(0, candidates, avail, count, chosen, visit);
  }

 private:
  void trajectories(std::size_t u, std::size_t k, std::vector<int>& path, std::vector<std::vector<int>>& out,
                    std::size_t forbid_k, int forbid_t) const {
    if (k == phases()) {
      out.push_back(path);
      return;
    }
    const RegionTier* row = rows_[u][k];
    const bool stated = row && !row->inferred;
    for (int t = 0; t < static_cast<int>(n_tiers_); ++t) {
      if (stated && t != own_[u][k]) continue;
      if (k == forbid_k && t == forbid_t) continue;
      if (k > 0) {
        const int before = path[k - 1];
        if (stated && row->named == Naming::rise && !(t < before)) continue;
        if (no_drop_ && t > before) continue;
        if (hold_ && !stated && t != before) continue;
      }
      path[k] = t;
      trajectories(u, k + 1, path, out, forbid_k, forbid_t);
    }
  }

  template <class Visit>
  bool descend(std::size_t u, const std::vector<std::vector<std::vector<int>>>& candidates,
               const std::vector<std::vector<std::vector<int>>>& avail, std::vector<std::vector<int>>& count,
               std::vector<const std::vector<int>*>& chosen, Visit& visit) const {
    for (std::size_t k = 0; k < phases(); ++k)
      for (std::size_t t = 0; t < n_tiers_; ++t) {
        const int want = stated_[k][t];
        if (want >= 0 && (count[k][t] > want || count[k][t] + avail[u][k][t] < want)) return true;
      }
    if (u == units()) return visit(chosen);
    for (const auto& c : candidates[u]) {
      for (std::size_t k = 0; k < phases(); ++k) ++count[k][static_cast<std::size_t>(c[k])];
      chosen[u] = &c;
      const bool go_on = descend(u + 1, candidates, avail, count, chosen, visit);
      for (std::size_t k = 0; k < phases(); ++k) --count[k][static_cast<std::size_t>(c[k])];
      if (!go_on) return false;
    }
    return true;
  }

  std::size_t n_tiers_;
  std::vector<std::size_t> order_;
  std::vector<std::string> codes_;
  std::vector<std::vector<int>> stated_;
  std::vector<std::vector<const RegionTier*>> rows_;
  std::vector<std::vector<int>> own_;
  bool no_drop_ = false;
  bool hold_ = false;
};

// The tier rules in force: those the plan lists, minus `dropped` (checked).
std::pair<bool, bool> kept_rules(const Plan& plan, const std::vector<std::string>& dropped) {
  for (const auto& id : dropped) {
    if (!plan.find_assumption(id))
      throw unknown_id_error("cannot drop an assumption the plan does not list", Location{"", 0, 0, "", id});
    if (!is_tier_rule(id))
      throw plan_error("assumption '" + id + "' is not a tier rule (" + no_drop_rule + ", " + unnamed_hold_rule +
                           "): dropping it changes no tier",
                       Location{"", 0, 0, "", id});
  }
  auto kept = [&](const char* id) {
    return plan.find_assumption(id) && std::find(dropped.begin(), dropped.end(), id) == dropped.end();
  };
  return {kept(no_drop_rule), kept(unnamed_hold_rule)};
}

}  // namespace countyleap::detail

namespace countyleap {

AssignmentSearch search_assignments(const Plan& plan, const RegionSet& regions, const std::vector<std::string>& dropped,
                                    std::size_t limit, std::size_t max_found) {
  const auto [no_drop, hold] = detail::kept_rules(plan, dropped);
  const detail::AssignmentModel model(plan, regions, no_drop, hold);
  AssignmentSearch out;
  for (const auto& a : plan.assumptions()) {
    if (!is_tier_rule(a.id)) continue;
    (std::find(dropped.begin(), dropped.end(), a.id) == dropped.end() ? out.kept : out.dropped).push_back(a.id);
  }
  const auto& tiers = plan.tiers().tiers;
  out.complete = model.enumerate([&](const std::vector<const std::vector<int>*>& chosen) {
    std::vector<TierDifference> diff;
    for (std::size_t k = 0; k < model.phases(); ++k)
      for (std::size_t u = 0; u < model.units(); ++u) {
        const int t = (*chosen[u])[k], own = model.own(u, k);
        if (t == own) continue;
        const Phase& p = plan.phases()[model.phase_index(k)];
        diff.push_back(TierDifference{p.id, p.evaluation_year, model.code(u),
                                      own < 0 ? std::string() : tiers[static_cast<std::size_t>(own)].label,
                                      tiers[static_cast<std::size_t>(t)].label});
      }
    if (diff.empty()) {
      out.plan_fits = true;
      return true;
    }
    ++out.found;
    if (out.alternatives.size() < limit) out.alternatives.push_back(std::move(diff));
    return out.found < max_found;
  });
  return out;
}

}  // namespace countyleap

namespace countyleap::detail {

// Rule 8 of check_plan(): the plan's own tiers fit, every inferred row is implied by the rules it
// lists, and each assumption's use.
void check_assumptions(const Plan& plan, const RegionSet& regions, PlanCheck& out) {
  auto report = [&](Severity s, std::string phase, std::string tier, std::vector<std::string> codes, std::string msg) {
    out.findings.push_back(PlanFinding{s, std::move(phase), std::move(tier), std::move(codes), std::move(msg)});
  };
  std::vector<std::string> rules;
  for (const auto& a : plan.assumptions())
    if (is_tier_rule(a.id)) rules.push_back(a.id);
  // rules 1-7 first: a plan they find inconsistent cannot fit its own counts, and saying so again adds nothing
  const bool checked = out.consistent();
  const AssignmentSearch all = search_assignments(plan, regions, {}, 0, 1);
  if (checked && !all.plan_fits)
    report(Severity::error, "", "", {},
           "the plan's own tiers break what it states (a named rise from a tier that is not worse, a stated tier count) "
           "or one of its tier rules (" + (rules.empty() ? std::string("none listed") : join(rules)) + ")");
  for (const auto& a : plan.assumptions()) {
    AssumptionUse use{a.id, a.statement, a.reason, a.applies_to, is_tier_rule(a.id)};
    if (use.tier_rule) {
      const AssignmentSearch s = search_assignments(plan, regions, {a.id}, 0);
      use.alternatives = s.found;
      use.complete = s.complete;
    }
    for (const auto* list : {&plan.observed(), &plan.goals()})
      for (const auto& g : *list)
        if (std::find(g.assumptions.begin(), g.assumptions.end(), a.id) != g.assumptions.end()) ++use.rows;
    out.assumptions.push_back(std::move(use));
  }
  if (!checked || !all.plan_fits) return;  // an inferred row cannot be implied by constraints the plan breaks
  // every inferred row: no fitting assignment under its own rules gives it another tier
  std::map<std::string, std::size_t> phase_at;  // id -> position in the plan
  for (std::size_t i = 0; i < plan.phases().size(); ++i) phase_at[plan.phases()[i].id] = i;
  const auto& tiers = plan.tiers().tiers;
  for (const auto& pc : out.phases) {
    const Phase& p = plan.phases()[phase_at[pc.phase]];
    for (const auto& g : p.baseline ? plan.observed() : plan.goals()) {
      if (!g.inferred || g.evaluation_year != p.evaluation_year) continue;
      const auto i = regions.find(g.code);
      if (!i || !regions[*i].in_scope) continue;
      std::vector<std::string> dropped;
      for (const auto& r : rules)
        if (std::find(g.assumptions.begin(), g.assumptions.end(), r) == g.assumptions.end()) dropped.push_back(r);
      const auto [no_drop, hold] = kept_rules(plan, dropped);
      const AssignmentModel model(plan, regions, no_drop, hold);
      std::size_t u = 0, k = 0;
      while (model.code(u) != g.code) ++u;
      while (plan.phases()[model.phase_index(k)].id != p.id) ++k;
      std::string other;
      model.enumerate(
          [&](const std::vector<const std::vector<int>*>& chosen) {
            other = tiers[static_cast<std::size_t>((*chosen[u])[k])].label;
            return false;
          },
          static_cast<std::ptrdiff_t>(u), k, model.own(u, k));
      if (!other.empty())
        report(Severity::warning, p.id, g.tier, {g.code},
               phase_label(p) + ": the inferred tier " + g.tier + " of " + region_label(regions, g.code) +
                   " is not implied by the stated tiers, the counts and its assumptions (" +
                   (g.assumptions.empty() ? std::string("none") : join(g.assumptions)) + "): tier " + other + " fits too");
    }
  }
}

}  // namespace countyleap::detail

namespace countyleap {

PlanCheck check_plan(const Plan& plan, const RegionSet& regions) {
  PlanCheck out;
  auto report = [&](Severity s, std::string phase, std::string tier, std::vector<std::string> codes, std::string msg) {
    out.findings.push_back(PlanFinding{s, std::move(phase), std::move(tier), std::move(codes), std::move(msg)});
  };
  const auto& tiers = plan.tiers().tiers;
  std::vector<std::string> scope;  // in-scope codes in the set's order
  for (const auto& r : regions.regions())
    if (r.in_scope) scope.push_back(r.code);
  const int n_scope = static_cast<int>(scope.size());

  std::vector<std::size_t> order(plan.phases().size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plan.phases()[a].evaluation_year < plan.phases()[b].evaluation_year;
  });

  // rule 7: phases that cannot be told apart; goals outside every phase
  std::set<int> goal_years;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Phase& p = plan.phases()[order[k]];
    if (!p.baseline) goal_years.insert(p.evaluation_year);
    for (std::size_t m = 0; m < k; ++m) {
      const Phase& q = plan.phases()[order[m]];
      if (q.evaluation_year == p.evaluation_year && q.baseline == p.baseline)
        report(Severity::error, p.id, "", {},
               "phases " + q.id + " and " + p.id + " both evaluate " + std::to_string(p.evaluation_year) +
                   (p.baseline ? " as baselines" : "") + ": their regions' tiers cannot be told apart");
    }
  }
  std::map<int, std::vector<std::string>> stray;  // year -> codes of goals in no phase
  for (const auto& g : plan.goals())
    if (!goal_years.count(g.evaluation_year)) stray[g.evaluation_year].push_back(g.code);
  for (const auto& [year, codes] : stray)
    report(Severity::warning, "", "", codes,
           "goals for " + std::to_string(year) + " belong to no phase (no non-baseline phase evaluates " +
               std::to_string(year) + "): " + detail::region_list(regions, codes));

  // rule 1: goals and baseline observations name in-scope regions only
  auto check_scope = [&](const std::vector<RegionTier>& list, const char* what, bool baseline) {
    std::map<int, std::vector<std::string>> unknown, outside;
    for (const auto& g : list) {
      const auto i = regions.find(g.code);
      if (!i) unknown[g.evaluation_year].push_back(g.code);
      else if (!regions[*i].in_scope) outside[g.evaluation_year].push_back(g.code);
    }
    auto phase_of = [&](int year) -> const Phase* {
      for (std::size_t k : order)
        if (plan.phases()[k].evaluation_year == year && plan.phases()[k].baseline == baseline) return &plan.phases()[k];
      return nullptr;
    };
    auto scope_finding = [&](int year, const std::vector<std::string>& codes, const std::string& problem) {
      const Phase* p = phase_of(year);  // the message names the phase, as every finding's does
      report(Severity::error, p ? p->id : std::string(), "", codes,
             (p ? detail::phase_label(*p) + ": " : std::string()) + what + " for " + std::to_string(year) + " name " +
                 problem + ": " + detail::region_list(regions, codes));
    };
    for (const auto& [year, codes] : unknown) scope_finding(year, codes, "region codes not in the region set");
    for (const auto& [year, codes] : outside) scope_finding(year, codes, "regions outside the plan's scope");
  };
  check_scope(plan.goals(), "goals", false);
  bool any_baseline = false;
  for (const auto& p : plan.phases()) any_baseline = any_baseline || p.baseline;
  if (any_baseline) check_scope(plan.observed(), "observed tiers", true);

  const Phase* previous = nullptr;
  std::map<std::string, std::string> previous_tier;  // code -> tier in the previous phase
  bool previous_complete = false;
  for (std::size_t k : order) {
    const Phase& p = plan.phases()[k];
    const std::string label = detail::phase_label(p);
    PhaseCheck pc;
    pc.phase = p.id;
    pc.evaluation_year = p.evaluation_year;
    pc.baseline = p.baseline;
    pc.stated = p.tier_counts;
    if (previous) pc.previous = previous->id;

    std::map<std::string, std::string> tier_of;
    for (const auto& g : p.baseline ? plan.observed() : plan.goals())
      if (g.evaluation_year == p.evaluation_year) tier_of.emplace(g.code, g.tier);
    std::map<std::string, std::vector<std::string>> members;  // tier -> in-scope codes
    std::vector<std::string> missing;
    for (const auto& code : scope) {
      const auto it = tier_of.find(code);
      if (it == tier_of.end()) missing.push_back(code);
      else members[it->second].push_back(code);
    }
    for (const auto& t : tiers) pc.counted[t.label] = static_cast<int>(members[t.label].size());

    // rule 2
    if (!missing.empty())
      report(Severity::error, p.id, "", missing,
             label + ": " + std::to_string(missing.size()) + " in-scope region(s) have no " +
                 (p.baseline ? "observed tier" : "goal") + ": " + detail::region_list(regions, missing));

    // rules 3 and 4
    const bool has_counts = !p.tier_counts.empty();
    if (!has_counts) {
      report(Severity::warning, p.id, "", {}, label + " states no tier counts: its counts and moves are not checked");
    } else {
      int sum = 0;
      std::string terms;
      for (const auto& t : tiers) {
        const int c = detail::stated_count(p, t.label);
        sum += c;
        terms += (terms.empty() ? "" : " + ") + t.label + " " + std::to_string(c);
      }
      if (sum != n_scope)
        report(Severity::error, p.id, "", {},
               label + ": tier counts " + terms + " = " + std::to_string(sum) + ", but " + std::to_string(n_scope) +
                   " regions are in scope");
      for (const auto& t : tiers) {
        const int stated = detail::stated_count(p, t.label), counted = pc.counted[t.label];
        if (stated == counted) continue;
        report(Severity::error, p.id, t.label, members[t.label],
               label + ", tier " + t.label + ": the phase counts " + std::to_string(stated) + " but " +
                   std::to_string(counted) + " in-scope region(s) have " + (p.baseline ? "observed tier " : "goal ") +
                   t.label + ": " + detail::region_list(regions, members[t.label]));
      }
    }

    if (previous) {
      const std::string prev_label = detail::phase_label(*previous);
      for (const auto& code : scope) {
        const auto now = tier_of.find(code), before = previous_tier.find(code);
        if (now == tier_of.end() || before == previous_tier.end() || now->second == before->second) continue;
        pc.moves.push_back(TierChange{code, before->second, now->second});
        // rule 5
        if (!p.baseline && plan.tier_rank(now->second) > plan.tier_rank(before->second))
          report(Severity::warning, p.id, now->second, {code},
                 label + ": planned drop of " + detail::region_label(regions, code) + " from " + before->second +
                     " (" + prev_label + ") to " + now->second);
      }
      // rule 6
      if (missing.empty() && previous_complete && has_counts && !previous->tier_counts.empty()) {
        for (const auto& t : tiers) {
          std::vector<std::string> in, away;
          for (const auto& m : pc.moves) {
            if (m.to == t.label) in.push_back(m.code);
            if (m.from == t.label) away.push_back(m.code);
          }
          const int before = detail::stated_count(*previous, t.label), now = detail::stated_count(p, t.label);
          const int produced = before + static_cast<int>(in.size()) - static_cast<int>(away.size());
          if (produced == now) continue;
          std::vector<std::string> involved = in;
          involved.insert(involved.end(), away.begin(), away.end());
          report(Severity::error, p.id, t.label, involved,
                 label + ", tier " + t.label + ": the moves do not produce the phase's count: " + prev_label + " counts " +
                     std::to_string(before) + ", + " + std::to_string(in.size()) + " moving in (" +
                     detail::region_list(regions, in) + ") - " + std::to_string(away.size()) + " moving out (" +
                     detail::region_list(regions, away) + ") = " + std::to_string(produced) + ", but the phase counts " +
                     std::to_string(now));
        }
      }
    }
    previous = &p;
    previous_tier = std::move(tier_of);
    previous_complete = missing.empty();
    out.phases.push_back(std::move(pc));
  }
  detail::check_assumptions(plan, regions, out);
  return out;
}

}  // namespace countyleap
