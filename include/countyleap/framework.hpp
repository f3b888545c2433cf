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
  double share(std::size_t i) const;

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
  std::vector<std::string> scored_indicators() const;
  /// Ids of indicators that are defined but not in the tree (monitored or targeted only).
  std::vector<std::string> unscored_indicators() const;
  /// Ids of the variables an indicator is computed from (source, denominator, denominate_by).
  static std::vector<std::string> inputs_of(const Indicator& ind);

 private:
  using IndexMap = std::unordered_map<std::string, std::size_t>;

  static std::optional<std::size_t> lookup(const IndexMap& m, std::string_view id);
  static std::size_t require(const IndexMap& m, std::string_view id, const char* what) {
    if (auto i = lookup(m, id)) return *i;
    throw unknown_id_error(what, Location{"", 0, 0, "", std::string(id)});
  }
  static Location at(const std::string& id) { return Location{"", 0, 0, "", id}; }

  void index_variables_and_indicators();

  static void check_derivation(const Indicator& ind);

  void order_and_check_tree(std::vector<Node> given);

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
