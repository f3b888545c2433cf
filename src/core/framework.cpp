// Compiled definitions of countyleap/framework.hpp: see that header for each function's formula and source.
#include "countyleap/framework.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/impl/framework/leaves_as_variables.hpp"
#include "countyleap/indicator.hpp"

namespace countyleap::detail {

Framework leaves_as_variables(const Framework& fw) {
  std::vector<Indicator> indicators = fw.indicators();
  const std::vector<std::string> leaves = fw.scored_indicators();
  const std::set<std::string> leaf_ids(leaves.begin(), leaves.end());
  for (auto& ind : indicators) {
    if (!leaf_ids.count(ind.id)) continue;
    if (ind.kind != IndicatorKind::qualitative) ind.kind = IndicatorKind::raw;
    ind.variable.clear();
    ind.denominator.clear();
  }
  return Framework(fw.variables(), std::move(indicators), fw.nodes(), fw.info());
}

}  // namespace countyleap::detail

namespace countyleap {

double Framework::share(std::size_t i) const {
  if (i == root()) return 1.0;
  double total = 0;
  for (std::size_t c : children_[parents_[i]]) total += nodes_[c].weight;
  return nodes_[i].weight / total;
}

std::vector<std::string> Framework::scored_indicators() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n_leaves_; ++i) out.push_back(nodes_[i].id);
  return out;
}

std::vector<std::string> Framework::unscored_indicators() const {
  std::vector<std::string> out;
  for (const auto& ind : indicators_)
    if (!node_index_.count(ind.id)) out.push_back(ind.id);
  return out;
}

std::vector<std::string> Framework::inputs_of(const Indicator& ind) {
  std::vector<std::string> out{ind.source()};
  if (ind.kind == IndicatorKind::ratio) out.push_back(ind.denominator);
  if (!ind.denominate_by.empty()) out.push_back(ind.denominate_by);
  return out;
}

std::optional<std::size_t> Framework::lookup(const IndexMap& m, std::string_view id) {
  auto it = m.find(std::string(id));
  if (it == m.end()) return std::nullopt;
  return it->second;
}

void Framework::index_variables_and_indicators() {
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    const auto& v = variables_[i];
    if (!detail::is_valid_id(v.id)) throw validation_error("invalid variable id (expected ASCII letters, digits, '_', '-', '.')", at(v.id));
    if (!variable_index_.emplace(v.id, i).second) throw duplicate_error("duplicate variable id", at(v.id));
  }
  for (std::size_t i = 0; i < indicators_.size(); ++i) {
    const auto& ind = indicators_[i];
    if (!detail::is_valid_id(ind.id)) throw validation_error("invalid indicator id (expected ASCII letters, digits, '_', '-', '.')", at(ind.id));
    if (!indicator_index_.emplace(ind.id, i).second) throw duplicate_error("duplicate indicator id", at(ind.id));
    check_derivation(ind);
    if (ind.source() == ind.id && ind.kind != IndicatorKind::ratio && !variable_index_.count(ind.id)) {
      variable_index_.emplace(ind.id, variables_.size());
      variables_.push_back(Variable{ind.id, ind.name_zh, ind.name_en, ind.unit, {}, "declared by its indicator"});
    }
  }
  for (const auto& ind : indicators_) {
    for (const auto& var : inputs_of(ind))
      if (!variable_index_.count(var))
        throw unknown_id_error("indicator '" + ind.id + "' uses an undeclared variable", at(var));
    if (variable_index_.count(ind.id) && !(ind.source() == ind.id && ind.kind != IndicatorKind::ratio))
      throw duplicate_error("indicator id is also the id of a different variable", at(ind.id));
  }
}

void Framework::check_derivation(const Indicator& ind) {
  switch (ind.kind) {
    case IndicatorKind::ratio:
      if (ind.variable.empty() || ind.denominator.empty())
        throw framework_error("a ratio indicator needs both a numerator (variable) and a denominator", at(ind.id));
      if (!std::isfinite(ind.scale) || ind.scale == 0)
        throw framework_error("ratio scale must be finite and non-zero", at(ind.id));
      break;
    case IndicatorKind::growth:
    case IndicatorKind::cagr:
      if (ind.years < 1) throw framework_error("growth span 'years' must be at least 1", at(ind.id));
      break;
    default:
      break;
  }
  if (std::isnan(ind.range.lo) || std::isnan(ind.range.hi) || ind.range.lo > ind.range.hi)
    throw framework_error("valid range must have lo <= hi", at(ind.id));
}

void Framework::order_and_check_tree(std::vector<Node> given) {
  if (given.empty()) throw framework_error("a framework needs at least one node");
  IndexMap pos;
  for (std::size_t i = 0; i < given.size(); ++i) {
    const Node& n = given[i];
    if (!detail::is_valid_id(n.id)) throw validation_error("invalid node id (expected ASCII letters, digits, '_', '-', '.')", at(n.id));
    if (!pos.emplace(n.id, i).second) throw duplicate_error("duplicate node id", at(n.id));
    if (!std::isfinite(n.weight) || n.weight < 0)
      throw framework_error("weight must be finite and >= 0, got " + detail::format_double(n.weight), at(n.id));
  }
  const std::size_t n = given.size();
  std::vector<std::size_t> parent(n, n);
  std::vector<std::vector<std::size_t>> kids(n);
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < n; ++i) {
    if (given[i].parent.empty()) { roots.push_back(i); continue; }
    auto p = pos.find(given[i].parent);
    if (p == pos.end()) throw unknown_id_error("node '" + given[i].id + "' has an unknown parent", at(given[i].parent));
    parent[i] = p->second;
    kids[p->second].push_back(i);
  }
  for (std::size_t i = 0; i < n; ++i) {  // walking up from every node must end at a root
    std::size_t cur = i;
    for (std::size_t steps = 0; parent[cur] != n; ++steps) {
      if (steps > n) {
        std::string cycle = given[cur].id;
        for (std::size_t c = parent[cur]; c != cur; c = parent[c]) cycle += " -> " + given[c].id;
        throw framework_error("the tree has a cycle: " + cycle + " -> " + given[cur].id, at(given[cur].id));
      }
      cur = parent[cur];
    }
  }
  if (roots.size() != 1) {
    std::string names;
    for (auto r : roots) names += (names.empty() ? "" : ", ") + given[r].id;
    throw framework_error("the tree must have exactly one root (a node without parent), found " +
                          std::to_string(roots.size()) + (names.empty() ? "" : ": " + names));
  }
  std::vector<int> level(n, 0);
  std::vector<bool> leaf(n);
  for (std::size_t i = 0; i < n; ++i) {
    leaf[i] = indicator_index_.count(given[i].id) > 0;
    if (leaf[i] && !kids[i].empty())
      throw framework_error("an indicator node cannot have children (child '" + given[kids[i].front()].id + "')", at(given[i].id));
    if (!leaf[i] && kids[i].empty())
      throw framework_error("node has no children and is not an indicator", at(given[i].id));
    if (!leaf[i]) {
      double total = 0;
      for (auto c : kids[i]) total += given[c].weight;
      if (total <= 0) throw framework_error("the weights of this node's children are all zero", at(given[i].id));
    }
  }
  // height of each node: walk up from every leaf, raising each ancestor to its distance from it
  for (std::size_t i = 0; i < n; ++i)
    if (leaf[i])
      for (std::size_t c = i, h = 1; c != n; c = parent[c], ++h) level[c] = std::max<int>(level[c], static_cast<int>(h));
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (leaf[a] != leaf[b]) return static_cast<bool>(leaf[a]);
    return level[a] < level[b];
  });
  std::vector<std::size_t> new_pos(n);
  for (std::size_t k = 0; k < n; ++k) new_pos[order[k]] = k;
  nodes_.resize(n);
  parents_.assign(n, n);
  children_.assign(n, {});
  levels_.assign(n, 0);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    nodes_[k] = std::move(given[i]);
    levels_[k] = level[i];
    if (parent[i] != n) parents_[k] = new_pos[parent[i]];
    for (auto c : kids[i]) children_[k].push_back(new_pos[c]);
    node_index_.emplace(nodes_[k].id, k);
    if (leaf[i]) {
      ++n_leaves_;
      leaf_indicator_.push_back(indicator_index_.at(nodes_[k].id));
    }
  }
}

}  // namespace countyleap
