#pragma once
/// @file hierarchy.hpp
/// @brief A compiled evaluator of the whole framework tree: every aggregate node's score from its
/// children's, bottom-up, each node with its own aggregation rule, allocation-free after
/// construction given a workspace (the inner loop of pipelines and uncertainty analysis).

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"

namespace countyleap {

/// The framework's weights of all nodes in canonical node order (Framework::nodes()): the vector
/// HierarchyEvaluator::evaluate() takes, with the weights as given (relative to the siblings;
/// the root's is unused).
Eigen::VectorXd framework_weights(const Framework& framework);

/// Each leaf's effective weight in the root, in leaf order: the product, along the path from
/// the leaf up to the root, of each node's share of its parent (its weight / Σ of its siblings'
/// weights). For a tree of weighted arithmetic means the root score is Σ_j w_j × leaf_j with these
/// w_j, which sum to 1 (e.g. 8 points of fiscal S&T expenditure in a 100-point framework: 0.08).
/// `weights` has one entry per node in canonical order: framework_weights(framework) or a run's
/// Scores::weights (the root's entry is unused).
/// @throws validation_error when its size is not the number of nodes.
Eigen::VectorXd leaf_weights_in_root(const Framework& framework, const Eigen::Ref<const Eigen::VectorXd>& weights);

/// Reusable buffers of HierarchyEvaluator::evaluate(). Grows on the first call and never
/// shrinks, so later calls with the same number of regions do not allocate.
struct HierarchyWorkspace {
  Eigen::MatrixXd block;          ///< gathered children of a node whose children are not adjacent
  Eigen::VectorXd weights;        ///< gathered weights of those children
  AggregateWorkspace aggregate;   ///< scratch of aggregate()
};

/// Evaluates every node of a Framework from a matrix of leaf scores.
///
/// Construction precomputes, for each aggregate node in canonical order (children before
/// parents), its children's node indices and its rule. A node's rule is, in this order of
/// precedence: the entry for its id in `node_rules`; else `default_rule` with the method named by
/// its Node::aggregation (aggregation_method_from_string()) when that is not empty; else
/// `default_rule`. So two pillars of one level may use different methods and parameters.
///
/// evaluate() then runs one forward loop over the aggregate nodes, calling aggregate() on the
/// node's children's columns of the output matrix with the children's weights: reading the
/// columns in place when the children are adjacent in canonical order, otherwise gathering them
/// into the workspace. With a workspace of the right size it performs no heap allocation.
class HierarchyEvaluator {
 public:
  /// Compiles the framework's tree. @throws unknown_id_error for a `node_rules` id that is not a
  /// node, validation_error for one that is a leaf or for an unknown Node::aggregation
  /// spelling (naming the node).
  explicit HierarchyEvaluator(const Framework& framework, const AggregateOptions& default_rule = {},
                              const std::map<std::string, AggregateOptions>& node_rules = {})
      : n_nodes_(framework.size()), n_leaves_(framework.n_leaves()) {
    for (const auto& [id, rule] : node_rules) {
      const std::size_t i = framework.node_index(id);
      if (framework.is_leaf(i)) throw validation_error("an aggregation rule is given for a leaf", Location{"", 0, 0, "", id});
    }
    offsets_.push_back(0);
    for (std::size_t i = n_leaves_; i < n_nodes_; ++i) {
      const Node& node = framework.nodes()[i];
      ids_.push_back(node.id);
      const auto it = node_rules.find(node.id);
      AggregateOptions rule = default_rule;
      if (it != node_rules.end()) rule = it->second;
      else if (!node.aggregation.empty()) {
        try {
          rule.method = aggregation_method_from_string(node.aggregation);
        } catch (const validation_error& e) {
          throw validation_error(e.detail(), Location{"", 0, 0, "", node.id});
        }
      }
      rules_.push_back(rule);
      const auto& kids = framework.children(i);
      bool adjacent = true;
      for (std::size_t c = 0; c < kids.size(); ++c) {
        children_.push_back(static_cast<Eigen::Index>(kids[c]));
        adjacent = adjacent && kids[c] == kids[0] + c;
      }
      adjacent_.push_back(adjacent);
      offsets_.push_back(children_.size());
      max_children_ = std::max<Eigen::Index>(max_children_, static_cast<Eigen::Index>(kids.size()));
    }
  }

  /// Number of nodes (columns of the score matrix).
  std::size_t size() const noexcept { return n_nodes_; }
  /// Number of leaves (columns of the leaf matrix).
  std::size_t n_leaves() const noexcept { return n_leaves_; }
  /// The rule of node i (canonical index; i >= n_leaves()).
  const AggregateOptions& rule(std::size_t i) const { return rules_.at(i - n_leaves_); }
  /// Replaces the rule of aggregate node i (canonical index): one replication's aggregation in
  /// an uncertainty analysis, set on a per-thread copy of the evaluator without allocating.
  /// @throws validation_error when i is not an aggregate node.
  void set_rule(std::size_t i, const AggregateOptions& rule) {
    if (i < n_leaves_ || i >= n_nodes_)
      throw validation_error("hierarchy: node " + std::to_string(i) + " is not an aggregate node");
    rules_[i - n_leaves_] = rule;
  }

  /// Fills `scores` (regions × size(), canonical node order) from `leaves` (regions ×
  /// n_leaves(), leaf order) and `weights` (size() entries, canonical order, relative to the
  /// siblings, e.g. framework_weights()): the first n_leaves() columns are a copy of `leaves`
  /// (which may be those very columns), then each aggregate's column is
  /// aggregate(children's columns, children's weights, its rule).
  /// @throws validation_error for wrong shapes, and aggregate()'s errors with the node's id in
  /// the location.
  void evaluate(const Eigen::Ref<const Eigen::MatrixXd>& leaves, const Eigen::Ref<const Eigen::VectorXd>& weights,
                Eigen::Ref<Eigen::MatrixXd> scores, HierarchyWorkspace& workspace) const {
    const Eigen::Index n = leaves.rows();
    const auto nodes = static_cast<Eigen::Index>(n_nodes_), nl = static_cast<Eigen::Index>(n_leaves_);
    if (leaves.cols() != nl)
      throw validation_error("hierarchy: " + std::to_string(leaves.cols()) + " leaf columns for " +
                             std::to_string(nl) + " leaves");
    if (weights.size() != nodes)
      throw validation_error("hierarchy: " + std::to_string(weights.size()) + " weights for " + std::to_string(nodes) +
                             " nodes");
    if (scores.rows() != n || scores.cols() != nodes)
      throw validation_error("hierarchy: score matrix is " + std::to_string(scores.rows()) + " x " +
                             std::to_string(scores.cols()) + ", expected " + std::to_string(n) + " x " +
                             std::to_string(nodes));
    if (leaves.data() != scores.data() || leaves.outerStride() != scores.outerStride()) scores.leftCols(nl) = leaves;
    if (workspace.block.rows() != n || workspace.block.cols() < max_children_) workspace.block.resize(n, max_children_);
    if (workspace.weights.size() < max_children_) workspace.weights.resize(max_children_);
    for (std::size_t a = 0; a < rules_.size(); ++a) {
      const std::size_t begin = offsets_[a];
      const auto k = static_cast<Eigen::Index>(offsets_[a + 1] - begin);
      const Eigen::Index node = nl + static_cast<Eigen::Index>(a);
      try {
        if (adjacent_[a]) {
          const Eigen::Index first = children_[begin];
          aggregate(scores.middleCols(first, k), weights.segment(first, k), scores.col(node), rules_[a],
                    workspace.aggregate);
        } else {
          for (Eigen::Index c = 0; c < k; ++c) {
            const Eigen::Index child = children_[begin + static_cast<std::size_t>(c)];
            workspace.block.col(c) = scores.col(child);
            workspace.weights[c] = weights[child];
          }
          aggregate(workspace.block.leftCols(k), workspace.weights.head(k), scores.col(node), rules_[a],
                    workspace.aggregate);
        }
      } catch (const validation_error& e) {
        throw validation_error(e.detail(), Location{"", 0, 0, "", ids_[a]});
      }
    }
  }

  /// evaluate() into a new matrix with its own workspace.
  Eigen::MatrixXd evaluate(const Eigen::Ref<const Eigen::MatrixXd>& leaves,
                           const Eigen::Ref<const Eigen::VectorXd>& weights) const {
    Eigen::MatrixXd scores(leaves.rows(), static_cast<Eigen::Index>(n_nodes_));
    HierarchyWorkspace workspace;
    evaluate(leaves, weights, scores, workspace);
    return scores;
  }

 private:
  std::size_t n_nodes_ = 0;
  std::size_t n_leaves_ = 0;
  std::vector<std::string> ids_;             // id of each aggregate
  std::vector<AggregateOptions> rules_;      // rule of each aggregate
  std::vector<Eigen::Index> children_;       // children of all aggregates, concatenated
  std::vector<std::size_t> offsets_;         // aggregate a's children: children_[offsets_[a] .. offsets_[a+1])
  std::vector<bool> adjacent_;               // children occupy consecutive node indices
  Eigen::Index max_children_ = 0;
};

}  // namespace countyleap
