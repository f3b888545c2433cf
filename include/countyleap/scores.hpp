#pragma once
/// @file scores.hpp
/// @brief Scores: the labelled result of a pipeline run — every node's score and rank for every
/// region kept, what each step did, and the spec and library version that made it.

#include <Eigen/Core>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/cell.hpp"
#include "countyleap/derive.hpp"
#include "countyleap/error.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/treat.hpp"

namespace countyleap {

/// What the steps of a pipeline run did; cells refer to (region row before screening, leaf).
struct PipelineLog {
  std::vector<DerivationIssue> derivation;   ///< derived leaf values that could not be computed
  std::vector<Cell> denominator_missing;     ///< leaf values lost to a missing denominator
  std::vector<Cell> denominator_zero;        ///< leaf values lost to a zero denominator
  std::vector<Cell> imputed;                 ///< cells filled by imputation (year t)
  std::size_t still_missing = 0;             ///< missing leaf values imputation could not fill
  std::vector<std::string> dropped;          ///< region codes removed by screening
  std::vector<double> dropped_data_share;    ///< their share of present indicators
  std::vector<TreatRecord> treatment;        ///< one per leaf (empty when treatment was skipped)
  /// Codes of the regions whose composite score rests on partial data: scored, but from fewer
  /// indicators than the framework has (Scores::present of the root below Scores::expected).
  std::vector<std::string> partial;
};

/// Scores of every node for every region kept by a pipeline run.
///
/// `values` and `ranks` are regions × nodes in the framework's canonical node order: the
/// leaves (indicator values as they stand after the last step, i.e. normalised) first, then
/// every aggregate bottom-up, the root last. Rank 1 is the best (highest) score; tied regions
/// share the best rank (COINr); missing scores have a NaN rank. `weights` holds, for every node
/// but the root, its effective share of its parent in this run (after data-driven weighting).
struct Scores {
  std::vector<std::string> regions;  ///< codes of the regions kept, in panel order
  std::vector<std::string> nodes;    ///< node ids, canonical order
  std::size_t n_leaves = 0;          ///< the first n_leaves nodes are indicators
  int year = 0;                      ///< the data year evaluated
  Eigen::MatrixXd values;            ///< regions × nodes scores
  Eigen::MatrixXd ranks;             ///< regions × nodes ranks
  Eigen::VectorXd weights;           ///< per node: share of its parent (root: 1)
  /// Coverage, regions × nodes: how many of the node's indicators had a value when the
  /// aggregation ran (after derivation, denomination, imputation, treatment and normalisation);
  /// a leaf's is 0 or 1. A node's score may exist with fewer present than expected: the
  /// aggregation averages the components present (COINr's default, `aggregate.min_data` 0).
  Eigen::MatrixXi present;
  /// Per node: the number of indicators under it (a leaf's is 1), i.e. `present` with full data.
  Eigen::VectorXi expected;
  PipelineSpec spec;                 ///< the spec that made these scores, defaults filled in
  std::string version;               ///< countyleap version that made them
  PipelineLog log;                   ///< what each step did

  /// Row of a region code. @throws unknown_id_error naming the code.
  std::size_t region_row(std::string_view code) const { return find(regions, code, "region not in the scores"); }
  /// Column of a node id. @throws unknown_id_error naming the id.
  std::size_t node_column(std::string_view id) const { return find(nodes, id, "node not in the scores"); }
  /// Score of a region at a node (NaN when missing). @throws unknown_id_error for unknown ids.
  double value(std::string_view code, std::string_view node) const {
    return values(static_cast<Eigen::Index>(region_row(code)), static_cast<Eigen::Index>(node_column(node)));
  }
  /// True when region `row`'s score at node column `node` exists but rests on fewer indicators
  /// than the node has (present < expected): a result on partial data.
  bool partial(std::size_t row, std::size_t node) const {
    const auto r = static_cast<Eigen::Index>(row), c = static_cast<Eigen::Index>(node);
    return values(r, c) == values(r, c) && present(r, c) < expected[c];
  }
  /// Scores of the root (the composite index), one per region.
  Eigen::VectorXd composite() const { return values.col(values.cols() - 1); }

 private:
  static std::size_t find(const std::vector<std::string>& list, std::string_view key, const char* what) {
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i] == key) return i;
    throw unknown_id_error(what, Location{"", 0, 0, "", std::string(key)});
  }
};

}  // namespace countyleap
