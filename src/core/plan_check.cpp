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
  return out;
}

}  // namespace countyleap
