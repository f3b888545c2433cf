// Compiled definitions of countyleap/leap.hpp: see that header for each function's formula and source.
#include "countyleap/leap.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/derive.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/impl/framework/leaves_as_variables.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/projection.hpp"
#include "countyleap/region.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/tier.hpp"

namespace countyleap::detail {

/// One movable leaf of a leap problem.
struct LeapItem {
  std::size_t leaf = 0;      ///< leaf index
  Panel::Index variable = 0;  ///< its column in the working panel
  double x = 0;              ///< current value
  double sign = 1;           ///< +1 higher is better, −1 lower is better: new value = x + sign · d
  double room = 0;           ///< largest improvement d the bound allows
  double bound = 0;          ///< x + sign · room
  double slope = 0;          ///< exact case: normalised points per unit of d
  double saturation = 0;     ///< exact case: d after which no more points are earned (∞: never)
};

}  // namespace countyleap::detail

namespace countyleap::detail {

// Why the score is not piecewise linear and concave in the movable leaves; empty when it is.
std::string leap_nonlinearity(const Framework& fw, const PipelineSpec& spec, const std::vector<LeapItem>& items) {
  const std::vector<std::string> leaves = fw.scored_indicators();
  for (const LeapItem& it : items) {
    const std::string& id = leaves[it.leaf];
    const Indicator& ind = fw.leaf_indicator(it.leaf);
    if (spec.treat_for(id)) return "outlier treatment of " + id + " depends on the other regions";
    if (spec.denominate && !ind.denominate_by.empty()) return id + " is denominated by " + ind.denominate_by;
    const NormaliseOptions& n = spec.normalise_for(id).options;
    const bool higher = ind.direction == Direction::higher_is_better;
    switch (n.method) {
      case NormaliseMethod::ratio_to_standard:
        if (!higher) return "the ratio to a standard of lower-is-better " + id + " (S/x) is not linear";
        break;
      case NormaliseMethod::goalposts:
        if (n.cap && (higher ? it.x < n.goalpost_lo : it.x > n.goalpost_hi))
          return id + " lies outside its goalposts, where its score does not move at first (not concave)";
        break;
      case NormaliseMethod::efficacy:
        if (std::isnan(n.efficacy_worst) || std::isnan(n.efficacy_best))
          return "the efficacy normalisation of " + id + " takes its bounds from the other regions";
        break;
      default:
        return std::string(to_string(n.method)) + " normalisation of " + id + " depends on the other regions";
    }
  }
  for (std::size_t i = fw.n_leaves(); i < fw.size(); ++i) {
    const Node& node = fw.nodes()[i];
    const WeightMethod w = spec.weights_for(node.id).method;
    if (w != WeightMethod::given && w != WeightMethod::equal && w != WeightMethod::ahp)
      return std::string(to_string(w)) + " weights of " + node.id + " depend on the data";
    const AggregateOptions a = spec.aggregate_for(node);
    if (a.method != AggregationMethod::arithmetic && !(a.method == AggregationMethod::generalised && a.p == 1))
      return std::string(to_string(a.method)) + " aggregation of " + node.id + " is not linear";
  }
  return {};
}

}  // namespace countyleap::detail

namespace countyleap {

LeapPath leap_path(const Panel& panel, const Framework& fw, const PipelineSpec& spec, const TierScheme& scheme,
                   std::string_view code, std::string_view goal, int year, const LeapOptions& options,
                   const RegionSet* regions) {
  scheme.validate();
  if (scheme.rule != TierRule::fixed)
    throw validation_error(std::string("leap paths need fixed tier boundaries; the scheme's rule is ") + to_string(scheme.rule));
  if (!(options.max_factor_per_year >= 1))
    throw validation_error("max_factor_per_year must be >= 1, got " + detail::format_double(options.max_factor_per_year));
  for (const auto& [id, f] : options.factor_per_year) {
    fw.node_index(id);
    if (!(f >= 1)) throw validation_error("growth factor must be >= 1, got " + detail::format_double(f), Location{"", 0, 0, "", id});
  }
  if (options.steps < 1) throw validation_error("steps must be >= 1, got " + std::to_string(options.steps));
  if (options.years < 0) throw validation_error("years must be >= 0, got " + std::to_string(options.years));
  if (!(options.overshoot >= 0)) throw validation_error("overshoot must be >= 0, got " + detail::format_double(options.overshoot));
  using detail::short_number;

  LeapPath out;
  out.region = std::string(code);
  out.goal = std::string(goal);
  const std::size_t goal_tier = scheme.index_of(goal);
  const int base = base_year_of(panel, options.projection);
  out.year = year == 0 ? base : year;
  out.projected = out.year > base;
  out.years = options.years != 0 ? options.years : out.projected ? out.year - base : 1;

  // The leaf values of the evaluation year, as variables of their own (weak spots' flattening),
  // so that evaluate() reads each one as it is and one can be replaced.
  const std::vector<std::string> leaves = fw.scored_indicators();
  DeriveOptions derive_options;
  derive_options.indicators = leaves;
  Panel work;
  if (out.projected) {
    const Projection p = project(panel, out.year, options.projection, &fw);
    work = derive(p.panel, fw, derive_options).panel;
    out.basis = projection_basis(panel, out.year, options.projection);
  } else {
    work = derive(panel, fw, derive_options).panel;
    out.basis = "observed " + std::to_string(out.year);
  }
  const Framework plain = detail::leaves_as_variables(fw);
  const Scores before = evaluate(work, plain, spec, out.year, regions);
  const auto row = static_cast<Eigen::Index>(before.region_row(code));
  const Eigen::Index root = before.values.cols() - 1;
  const Panel::Index r = work.region_index(code), t = work.year_index(out.year), tb = work.year_index(std::min(base, out.year));
  auto tier_of = [&](double s) { return classify(Eigen::VectorXd::Constant(1, s), scheme).regions[0].tier; };
  out.score = out.new_score = before.values(row, root);
  if (std::isnan(out.score))
    throw validation_error("composite score for " + std::to_string(out.year) + " is missing", Location{"", 0, 0, "", out.region});
  out.tier = out.new_tier = scheme.tiers[tier_of(out.score)].label;
  out.boundary = goal_tier + 1 < scheme.tiers.size() ? scheme.tiers[goal_tier].bound : -std::numeric_limits<double>::infinity();
  if (tier_of(out.score) <= goal_tier) {
    out.feasible = true;
    out.method = "none needed: already in tier " + out.tier;
    return out;
  }
  const double target = out.boundary + options.overshoot;

  // Movable leaves and their bounds.
  std::vector<detail::LeapItem> items;
  for (std::size_t j = 0; j < leaves.size(); ++j) {
    const Indicator& ind = fw.leaf_indicator(j);
    const Panel::Index v = work.variable_index(leaves[j]);
    const double x = work(r, v, t), from = work(r, v, tb);
    const auto f_it = options.factor_per_year.find(leaves[j]);
    const double f = f_it != options.factor_per_year.end() ? f_it->second : options.max_factor_per_year;
    const double sign = ind.direction == Direction::higher_is_better ? 1.0 : -1.0;
    std::string why;
    if (std::isnan(x)) why = "missing";
    else if (x <= 0) why = "value " + short_number(x) + " (a relative change from 0 is undefined)";
    else if (f == 1) why = "held by the options";
    else if (std::isnan(from) || from <= 0) why = "no positive value in the base year " + std::to_string(base) + " to bound its growth";
    if (!why.empty()) {
      out.held.push_back(leaves[j] + ": " + why);
      continue;
    }
    const double growth = std::pow(f, out.years);
    const double bound = sign > 0 ? std::min(from * growth, ind.range.hi) : std::max(from / growth, ind.range.lo);
    const double room = std::max(0.0, sign * (bound - x));
    if (room == 0) {
      out.held.push_back(leaves[j] + ": at its bound " + short_number(bound));
      continue;
    }
    items.push_back(detail::LeapItem{j, v, x, sign, room, x + sign * room, 0, 0});
  }

  const std::string nonlinear = detail::leap_nonlinearity(fw, spec, items);
  out.exact = options.solver == LeapSolver::automatic && nonlinear.empty();
  std::vector<double> d(items.size(), 0.0), points(items.size(), 0.0);
  std::vector<std::size_t> order;  // items in the order they are taken

  if (out.exact) {
    // Effective weights over the region's present components (arithmetic means skip missing ones).
    Eigen::VectorXd w = before.weights;
    for (Eigen::Index i = 0; i < w.size(); ++i)
      if (std::isnan(before.values(row, i))) w[i] = 0;
    const Eigen::VectorXd c = leaf_weights_in_root(fw, w);
    std::vector<detail::LeapItem> useful;
    for (auto& it : items) {
      const Indicator& ind = fw.leaf_indicator(it.leaf);
      const NormaliseOptions& n = spec.normalise_for(leaves[it.leaf]).options;
      const double inf = std::numeric_limits<double>::infinity();
      if (n.method == NormaliseMethod::ratio_to_standard) {
        const double standard = std::isnan(n.standard) ? ind.target : n.standard;
        it.slope = n.scale / standard;
        it.saturation = n.cap ? std::max(0.0, standard - it.x) : inf;
      } else if (n.method == NormaliseMethod::goalposts) {
        it.slope = n.scale / (n.goalpost_hi - n.goalpost_lo);
        it.saturation = n.cap ? std::max(0.0, it.sign > 0 ? n.goalpost_hi - it.x : it.x - n.goalpost_lo) : inf;
      } else {
        it.slope = 40 / std::abs(n.efficacy_best - n.efficacy_worst);
        it.saturation = inf;
      }
      it.slope *= c[static_cast<Eigen::Index>(it.leaf)];
      if (!(it.slope > 0) || it.saturation == 0)
        out.held.push_back(leaves[it.leaf] + (it.saturation == 0 ? ": already earns full points" : ": earns no points"));
    }
    for (std::size_t k = 0; k < items.size(); ++k)
      if (items[k].slope > 0 && items[k].saturation > 0) order.push_back(k);
    // decreasing ρ = c a x: points per unit of relative change; ties keep the leaf order
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return items[a].slope * items[a].x > items[b].slope * items[b].x;
    });
    double need = target - out.score;
    std::vector<std::size_t> taken;
    for (std::size_t k : order) {
      if (need <= 0) break;
      const detail::LeapItem& it = items[k];
      const double full = std::min(it.room, it.saturation);
      d[k] = std::min(full, need / it.slope);
      points[k] = it.slope * d[k];
      need -= points[k];
      taken.push_back(k);
    }
    order = std::move(taken);
    out.feasible = need <= 0;
    out.method = "exact: linear programme (fractional knapsack in the relative changes, greedy by points per unit of relative "
                 "change); fixed-bound normalisation, arithmetic aggregation, fixed weights";
  } else {
    // Step-wise greedy on evaluate().
    std::vector<double> y(items.size(), 0.0), cap(items.size()), step(items.size());
    for (std::size_t k = 0; k < items.size(); ++k) {
      cap[k] = items[k].room / items[k].x;
      step[k] = cap[k] / options.steps;
    }
    auto score_with = [&](std::size_t k, double yk) {
      const detail::LeapItem& it = items[k];
      const double saved = work(r, it.variable, t);
      work.year(t)(r, it.variable) = it.x * (1 + it.sign * yk);
      const Scores s = evaluate(work, plain, spec, out.year, regions);
      work.year(t)(r, it.variable) = saved;
      return s.values(static_cast<Eigen::Index>(s.region_row(code)), root);
    };
    auto set = [&](std::size_t k, double yk) {
      y[k] = yk;
      work.year(t)(r, items[k].variable) = items[k].x * (1 + items[k].sign * yk);
    };
    double current = out.score;
    while (current < target) {
      std::size_t best = items.size();
      double best_rate = 0, best_score = current, best_y = 0;
      for (std::size_t k = 0; k < items.size(); ++k) {
        if (y[k] >= cap[k]) continue;
        const double next = std::min(cap[k], y[k] + step[k]);
        const double s = score_with(k, next);
        const double rate = (s - current) / (next - y[k]);
        if (rate > best_rate) best = k, best_rate = rate, best_score = s, best_y = next;
      }
      if (best == items.size()) break;  // no step gains: every useful indicator is at its bound
      if (std::find(order.begin(), order.end(), best) == order.end()) order.push_back(best);
      if (best_score >= target) {  // shorten the last step to just reach the target
        double lo = y[best], hi = best_y;
        for (int i = 0; i < 60 && hi - lo > 1e-12 * std::max(1.0, hi); ++i) {
          const double mid = (lo + hi) / 2;
          (score_with(best, mid) >= target ? hi : lo) = mid;
        }
        best_y = hi;
        best_score = score_with(best, hi);
      }
      points[best] += best_score - current;
      set(best, best_y);
      current = best_score;
    }
    for (std::size_t k = 0; k < items.size(); ++k) d[k] = y[k] * items[k].x;
    out.feasible = current >= target;
    out.method = std::string("greedy, step-wise by composite points per unit of relative change with evaluate(); a heuristic "
                             "with no optimality bound, checked to reach the boundary: ") +
                 (nonlinear.empty() ? "greedy asked for" : nonlinear);
  }

  // Apply the path and re-evaluate with the ordinary pipeline.
  for (std::size_t k = 0; k < items.size(); ++k) work.year(t)(r, items[k].variable) = items[k].x + items[k].sign * d[k];
  const Scores after = evaluate(work, plain, spec, out.year, regions);
  out.new_score = after.values(static_cast<Eigen::Index>(after.region_row(code)), root);
  out.new_tier = scheme.tiers[tier_of(out.new_score)].label;
  out.feasible = out.feasible && tier_of(out.new_score) <= goal_tier;
  out.shortfall = out.feasible ? 0.0 : out.boundary - out.new_score;
  for (std::size_t k : order) {
    const detail::LeapItem& it = items[k];
    LeapChange ch;
    ch.indicator = leaves[it.leaf];
    ch.unit = fw.leaf_indicator(it.leaf).unit;
    ch.current = it.x;
    ch.new_value = it.x + it.sign * d[k];
    ch.change = ch.new_value - ch.current;
    ch.change_pct = ch.change / ch.current * 100;
    ch.bound = it.bound;
    ch.points = points[k];
    ch.at_bound = d[k] >= it.room;
    ch.saturated = out.exact && d[k] == it.saturation;
    out.total_relative_change += d[k] / it.x;
    out.changes.push_back(std::move(ch));
  }
  return out;
}

}  // namespace countyleap
