#pragma once
/// @file framework.hpp
/// @brief The indicator system: raw variables, indicators, and a weighted tree of dimensions
/// (COINr's "index structure"), validated on construction.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/indicator.hpp"

namespace countyleap {

/// A node of the framework tree: an aggregate (index, dimension, pillar) or a leaf whose id is
/// the id of a scored indicator.
struct Node {
  std::string id;       ///< unique id; a leaf's id is its indicator's id
  std::string name_zh;  ///< Chinese name (leaves may leave it empty: the indicator's is used)
  std::string name_en;  ///< English name
  std::string parent;   ///< id of the parent node; empty for the root
  /// Weight relative to the siblings (points, shares or COINr weights): a node's share of its
  /// parent is weight / Σ sibling weights. Must be finite and >= 0, not all zero in a node.
  double weight = 1.0;
  /// Aggregation rule for this node's children (aggregates only); empty = the pipeline's default.
  std::string aggregation;
  std::string note;  ///< remarks, e.g. why the weight was chosen
};

/// Descriptive fields of a framework.
struct FrameworkInfo {
  std::string id;       ///< short id, e.g. hebei-county-default
  std::string name_zh;  ///< Chinese title
  std::string name_en;  ///< English title
  std::string note;     ///< provenance; say here when weights are a default, not an official set
};

/// A validated indicator framework.
///
/// Nodes are stored in a canonical order that makes bottom-up work a single forward loop:
/// first the leaves (scored indicators) in the order given, then the aggregates by ascending
/// level (height: a leaf has level 1, an aggregate 1 + the largest level of its children), ties
/// in the order given; the root is last. Indices returned by the accessors refer to this order.
///
/// Validation on construction, each failure naming the id: ids well formed (detail::is_valid_id)
/// and unique among variables, among indicators and among nodes (duplicate_error); indicator
/// references to undeclared variables, unknown parents (unknown_id_error); a ratio without
/// numerator/denominator or with a zero or non-finite scale, growth/cagr with years < 1,
/// negative or non-finite weights, all-zero weights within a node, an aggregate without
/// children, a leaf with children, a cycle, no root or several roots (framework_error).
/// A raw, qualitative, growth or cagr indicator whose source variable is its own id and is not
/// declared declares it implicitly, with the indicator's names and unit.
class Framework {
 public:
  Framework() = default;

  /// Builds and validates a framework. See the class description for the rules.
  Framework(std::vector<Variable> variables, std::vector<Indicator> indicators, std::vector<Node> nodes,
            FrameworkInfo info = {})
      : info_(std::move(info)), variables_(std::move(variables)), indicators_(std::move(indicators)) {
    index_variables_and_indicators();
    order_and_check_tree(std::move(nodes));
  }

  /// Title and provenance.
  const FrameworkInfo& info() const noexcept { return info_; }
  /// Declared raw variables (including implicitly declared ones), in the order given.
  const std::vector<Variable>& variables() const noexcept { return variables_; }
  /// All indicators, scored or not, in the order given.
  const std::vector<Indicator>& indicators() const noexcept { return indicators_; }
  /// Nodes in canonical order (leaves, then aggregates bottom-up, root last).
  const std::vector<Node>& nodes() const noexcept { return nodes_; }

  /// Number of nodes.
  std::size_t size() const noexcept { return nodes_.size(); }
  /// Number of leaves (scored indicators); they are nodes 0 .. n_leaves()−1.
  std::size_t n_leaves() const noexcept { return n_leaves_; }
  /// Index of the root (always size() − 1 for a non-empty framework).
  std::size_t root() const noexcept { return nodes_.size() - 1; }
  /// True when node i is a leaf (an indicator).
  bool is_leaf(std::size_t i) const noexcept { return i < n_leaves_; }
  /// Level of node i: 1 for leaves, 1 + max child level for aggregates (COINr's `Level`).
  int level(std::size_t i) const { return levels_.at(i); }
  /// Parent index of node i, or nullopt for the root.
  std::optional<std::size_t> parent(std::size_t i) const {
    if (i == root()) return std::nullopt;
    return parents_.at(i);
  }
  /// Children of node i in the order given (empty for leaves).
  const std::vector<std::size_t>& children(std::size_t i) const { return children_.at(i); }
  /// Share of node i in its parent: weight / Σ weights of its siblings (1 for the root).
  double share(std::size_t i) const {
    if (i == root()) return 1.0;
    double total = 0;
    for (std::size_t c : children_[parents_[i]]) total += nodes_[c].weight;
    return nodes_[i].weight / total;
  }

  /// Node index by id, or nullopt.
  std::optional<std::size_t> find_node(std::string_view id) const { return lookup(node_index_, id); }
  /// Node index by id. @throws unknown_id_error naming the id.
  std::size_t node_index(std::string_view id) const { return require(node_index_, id, "unknown node"); }
  /// The node with this id. @throws unknown_id_error naming the id.
  const Node& node(std::string_view id) const { return nodes_[node_index(id)]; }

  /// Indicator by id, or nullptr.
  const Indicator* find_indicator(std::string_view id) const {
    auto i = lookup(indicator_index_, id);
    return i ? &indicators_[*i] : nullptr;
  }
  /// Indicator by id. @throws unknown_id_error naming the id.
  const Indicator& indicator(std::string_view id) const {
    return indicators_[require(indicator_index_, id, "unknown indicator")];
  }
  /// Variable by id, or nullptr.
  const Variable* find_variable(std::string_view id) const {
    auto i = lookup(variable_index_, id);
    return i ? &variables_[*i] : nullptr;
  }
  /// The indicator of leaf i (i < n_leaves()).
  const Indicator& leaf_indicator(std::size_t i) const { return indicators_[leaf_indicator_.at(i)]; }

  /// Ids of the scored indicators (the leaves), in leaf order.
  std::vector<std::string> scored_indicators() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n_leaves_; ++i) out.push_back(nodes_[i].id);
    return out;
  }
  /// Ids of indicators that are defined but not in the tree (monitored or targeted only).
  std::vector<std::string> unscored_indicators() const {
    std::vector<std::string> out;
    for (const auto& ind : indicators_)
      if (!node_index_.count(ind.id)) out.push_back(ind.id);
    return out;
  }
  /// Ids of the variables an indicator is computed from (source, denominator, denominate_by).
  static std::vector<std::string> inputs_of(const Indicator& ind) {
    std::vector<std::string> out{ind.source()};
    if (ind.kind == IndicatorKind::ratio) out.push_back(ind.denominator);
    if (!ind.denominate_by.empty()) out.push_back(ind.denominate_by);
    return out;
  }

 private:
  using IndexMap = std::unordered_map<std::string, std::size_t>;

  static std::optional<std::size_t> lookup(const IndexMap& m, std::string_view id) {
    auto it = m.find(std::string(id));
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
  static std::size_t require(const IndexMap& m, std::string_view id, const char* what) {
    if (auto i = lookup(m, id)) return *i;
    throw unknown_id_error(what, Location{"", 0, 0, "", std::string(id)});
  }
  static Location at(const std::string& id) { return Location{"", 0, 0, "", id}; }

  void index_variables_and_indicators() {
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

  static void check_derivation(const Indicator& ind) {
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

  void order_and_check_tree(std::vector<Node> given) {
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

  FrameworkInfo info_;
  std::vector<Variable> variables_;
  std::vector<Indicator> indicators_;
  std::vector<Node> nodes_;
  std::vector<std::size_t> parents_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<int> levels_;
  std::vector<std::size_t> leaf_indicator_;
  std::size_t n_leaves_ = 0;
  IndexMap variable_index_, indicator_index_, node_index_;
};

}  // namespace countyleap
