#include <boost/test/unit_test.hpp>

// Eigen reports any heap allocation while malloc is disallowed through eigen_assert, which is
// made to throw here so the allocation-free claim of evaluate() is checked in Release builds.
#include <stdexcept>
struct eigen_assertion : std::logic_error {
  using std::logic_error::logic_error;
};
#define EIGEN_RUNTIME_NO_MALLOC
#define eigen_assert(x) \
  do {                  \
    if (!(x)) throw eigen_assertion(#x); \
  } while (false)

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "countyleap/hierarchy.hpp"
#include "countyleap/rank.hpp"

BOOST_AUTO_TEST_SUITE(test_hierarchy)

using namespace countyleap;

namespace {

const double NaN = std::nan("");

/// Fields of one CSV record; double quotes group fields that contain commas.
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " + path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(split_csv(line));
  return rows;
}

double number(const std::string& s) { return s == "NA" || s.empty() ? NaN : std::stod(s); }

bool same(double a, double b, double tol) { return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= tol; }

Framework make_framework(const std::vector<Node>& nodes, const std::vector<std::string>& leaf_ids) {
  std::vector<Indicator> inds;
  for (const auto& id : leaf_ids) {
    Indicator ind;
    ind.id = id;
    inds.push_back(ind);
  }
  return Framework({}, inds, nodes);
}

/// A random tree over `n_leaves` leaves, its nodes listed in a shuffled order so that siblings
/// are rarely adjacent in canonical order.
std::vector<Node> random_tree(int n_leaves, std::mt19937& gen, std::vector<std::string>& leaf_ids) {
  std::vector<Node> nodes;
  std::vector<std::size_t> open;
  std::uniform_real_distribution<double> weight(0.5, 3);
  for (int i = 0; i < n_leaves; ++i) {
    leaf_ids.push_back("i" + std::to_string(i));
    nodes.push_back({leaf_ids.back(), "", "", "", weight(gen), "", ""});
    open.push_back(nodes.size() - 1);
  }
  int made = 0;
  while (open.size() > 1) {
    std::shuffle(open.begin(), open.end(), gen);
    const std::size_t k = std::min<std::size_t>(open.size(), std::uniform_int_distribution<std::size_t>(1, 4)(gen));
    nodes.push_back({"a" + std::to_string(made++), "", "", "", weight(gen), "", ""});
    for (std::size_t c = 0; c < k; ++c) nodes[open[c]].parent = nodes.back().id;
    open.erase(open.begin(), open.begin() + static_cast<std::ptrdiff_t>(k));
    open.push_back(nodes.size() - 1);
  }
  std::shuffle(nodes.begin(), nodes.end(), gen);
  return nodes;
}

/// A random rule for every aggregate: all seven methods, shifted where a mean needs positive
/// values (Copeland scores can be negative).
std::map<std::string, AggregateOptions> random_rules(const std::vector<Node>& nodes,
                                                     const std::vector<std::string>& leaf_ids, std::mt19937& gen) {
  std::map<std::string, AggregateOptions> rules;
  for (const auto& n : nodes) {
    if (std::find(leaf_ids.begin(), leaf_ids.end(), n.id) != leaf_ids.end()) continue;
    AggregateOptions o;
    o.method = static_cast<AggregationMethod>(std::uniform_int_distribution<int>(0, 6)(gen));
    o.shift = 1000;
    o.p = 2;
    rules[n.id] = o;
  }
  return rules;
}

/// Naive recursive evaluation straight from the node list: a node's score is aggregate() of
/// its children's recursively computed scores, children in the order given.
Eigen::VectorXd naive_score(const std::string& id, const std::vector<Node>& nodes,
                            const std::vector<std::string>& leaf_ids, const Eigen::MatrixXd& leaves,
                            const std::map<std::string, AggregateOptions>& rules) {
  const auto leaf = std::find(leaf_ids.begin(), leaf_ids.end(), id);
  if (leaf != leaf_ids.end()) return leaves.col(leaf - leaf_ids.begin());
  std::vector<Eigen::VectorXd> cols;
  std::vector<double> w;
  for (const auto& n : nodes)
    if (n.parent == id) {
      cols.push_back(naive_score(n.id, nodes, leaf_ids, leaves, rules));
      w.push_back(n.weight);
    }
  Eigen::MatrixXd x(leaves.rows(), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t c = 0; c < cols.size(); ++c) x.col(static_cast<Eigen::Index>(c)) = cols[c];
  return aggregate(x, Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size())), rules.at(id));
}

Eigen::MatrixXd random_leaves(Eigen::Index n, Eigen::Index k, std::mt19937& gen) {
  std::uniform_real_distribution<double> u(0, 100);
  Eigen::MatrixXd x(n, k);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(gen);
  for (int m = 0; m < 5; ++m)
    x(std::uniform_int_distribution<Eigen::Index>(0, n - 1)(gen), std::uniform_int_distribution<Eigen::Index>(0, k - 1)(gen)) = NaN;
  return x;
}

}  // namespace

// COINr parity: tests/data/asem/asem_plain_aggregated.csv holds COINr 1.1.14's min-max [0, 100]
// indicators of the ASEM example and every aggregate (weighted arithmetic means with the
// ASEM_iMeta.csv weights, missing indicators skipped). Aggregating its 49 indicator columns up
// the tree must give every pillar, sub-index and the Index within 1e-9.
BOOST_AUTO_TEST_CASE(asem_parity_with_coinr) {
  const std::string dir = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/asem/";
  const auto meta = read_csv(dir + "ASEM_iMeta.csv");
  const auto data = read_csv(dir + "asem_plain_aggregated.csv");
  std::vector<Node> nodes;
  std::vector<std::string> leaf_ids;
  for (std::size_t r = 1; r < meta.size(); ++r) {
    const auto& f = meta[r];  // Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type
    if (f[9] != "Indicator" && f[9] != "Aggregate") continue;
    nodes.push_back({f[1], "", f[2], f[8] == "NA" ? "" : f[8], std::stod(f[4]), "", ""});
    if (f[9] == "Indicator") leaf_ids.push_back(f[1]);
  }
  const Framework fw = make_framework(nodes, leaf_ids);
  BOOST_TEST(fw.size() == 60u);
  BOOST_TEST(fw.n_leaves() == 49u);
  const auto& header = data[0];
  auto column = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), id) - header.begin());
  };
  const auto n = static_cast<Eigen::Index>(data.size() - 1);
  BOOST_TEST(n == 51);
  Eigen::MatrixXd expected(n, static_cast<Eigen::Index>(fw.size()));
  for (std::size_t j = 0; j < fw.size(); ++j) {
    const std::size_t c = column(fw.nodes()[j].id);
    BOOST_REQUIRE(c < header.size());
    for (Eigen::Index i = 0; i < n; ++i) expected(i, static_cast<Eigen::Index>(j)) = number(data[static_cast<std::size_t>(i) + 1][c]);
  }
  const auto nl = static_cast<Eigen::Index>(fw.n_leaves());
  BOOST_TEST(expected.leftCols(nl).array().isNaN().count() > 0);  // the skipping of missing values is exercised
  const HierarchyEvaluator ev(fw);
  const Eigen::MatrixXd scores = ev.evaluate(expected.leftCols(nl), framework_weights(fw));
  double worst = 0;
  for (Eigen::Index j = nl; j < scores.cols(); ++j)
    for (Eigen::Index i = 0; i < n; ++i) {
      BOOST_TEST(!std::isnan(scores(i, j)));
      worst = std::max(worst, std::abs(scores(i, j) - expected(i, j)));
    }
  BOOST_TEST_MESSAGE("ASEM: largest difference from COINr over 51 units x 11 aggregates = " << worst);
  BOOST_TEST(worst <= 1e-9);
  // ranks of every node: tied units share the best rank (COINr rank_df, ties "min")
  const Eigen::MatrixXd ranks = rank_columns(scores);
  BOOST_TEST(ranks.col(scores.cols() - 1).minCoeff() == 1.0);
}

// Property: the compiled evaluator equals a naive recursive evaluation on random trees, with a
// random rule per node (two siblings often differ).
BOOST_AUTO_TEST_CASE(equals_naive_recursion_on_random_trees) {
  std::mt19937 gen(2024);
  for (int rep = 0; rep < 25; ++rep) {
    std::vector<std::string> leaf_ids;
    const auto nodes = random_tree(std::uniform_int_distribution<int>(1, 25)(gen), gen, leaf_ids);
    const auto rules = random_rules(nodes, leaf_ids, gen);
    const Framework fw = make_framework(nodes, leaf_ids);
    const Eigen::MatrixXd leaves = random_leaves(30, static_cast<Eigen::Index>(leaf_ids.size()), gen);
    // leaves must be in the framework's leaf order, which is the order the leaves were given
    Eigen::MatrixXd ordered(leaves.rows(), leaves.cols());
    std::vector<std::string> given_leaf_order;
    for (const auto& n : nodes)
      if (std::find(leaf_ids.begin(), leaf_ids.end(), n.id) != leaf_ids.end()) given_leaf_order.push_back(n.id);
    for (std::size_t j = 0; j < given_leaf_order.size(); ++j)
      ordered.col(static_cast<Eigen::Index>(j)) =
          leaves.col(std::find(leaf_ids.begin(), leaf_ids.end(), given_leaf_order[j]) - leaf_ids.begin());
    const HierarchyEvaluator ev(fw, {}, rules);
    const Eigen::MatrixXd scores = ev.evaluate(ordered, framework_weights(fw));
    for (std::size_t j = fw.n_leaves(); j < fw.size(); ++j) {
      const Eigen::VectorXd naive = naive_score(fw.nodes()[j].id, nodes, leaf_ids, leaves, rules);
      for (Eigen::Index i = 0; i < naive.size(); ++i)
        BOOST_TEST(same(scores(i, static_cast<Eigen::Index>(j)), naive[i], 0.0),
                   fw.nodes()[j].id << " " << to_string(rules.at(fw.nodes()[j].id).method) << " region " << i << ": "
                                    << scores(i, static_cast<Eigen::Index>(j)) << " vs " << naive[i]);
    }
  }
}

// Eigen sees only allocations made by code compiled with EIGEN_RUNTIME_NO_MALLOC (this file's
// instantiations). In the sanitizer builds (scripts/sanitize.sh: -O1, clang) the library allocates
// through its own copy, so even the self-test below (a fresh workspace must be seen allocating)
// fails: the claim is checked in the Release build only.
#ifdef COUNTYLEAP_TEST_SANITIZER_BUILD
constexpr bool eigen_sees_library_allocations = false;
#else
constexpr bool eigen_sees_library_allocations = true;
#endif
// (A precondition, not enable_if: CTest's --run_test=test_hierarchy would enable a disabled case.)
BOOST_AUTO_TEST_CASE(evaluate_does_not_allocate_with_a_workspace,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                       return boost::test_tools::assertion_result(eigen_sees_library_allocations);
                     })) {
  std::mt19937 gen(99);
  std::vector<std::string> leaf_ids;
  const auto nodes = random_tree(30, gen, leaf_ids);
  const auto rules = random_rules(nodes, leaf_ids, gen);
  const Framework fw = make_framework(nodes, leaf_ids);
  const HierarchyEvaluator ev(fw, {}, rules);
  const Eigen::MatrixXd leaves = random_leaves(200, 30, gen);
  const Eigen::VectorXd w = framework_weights(fw);
  Eigen::MatrixXd scores(200, static_cast<Eigen::Index>(fw.size()));
  HierarchyWorkspace ws;
  ev.evaluate(leaves, w, scores, ws);  // the workspace grows here
  const Eigen::MatrixXd first = scores;
  Eigen::internal::set_is_malloc_allowed(false);
  bool allocated = false;
  try {
    for (int rep = 0; rep < 3; ++rep) ev.evaluate(leaves, w, scores, ws);
    // leaves written straight into the score matrix are read in place
    ev.evaluate(scores.leftCols(30), w, scores, ws);
  } catch (const eigen_assertion&) {
    allocated = true;
  }
  Eigen::internal::set_is_malloc_allowed(true);
  BOOST_TEST(!allocated);
  BOOST_TEST(((scores.array() == first.array()) || (scores.array().isNaN() && first.array().isNaN())).all());
  // the check itself works: a fresh workspace must allocate
  HierarchyWorkspace fresh;
  Eigen::internal::set_is_malloc_allowed(false);
  try {
    ev.evaluate(leaves, w, scores, fresh);
  } catch (const eigen_assertion&) {
    allocated = true;
  }
  Eigen::internal::set_is_malloc_allowed(true);
  BOOST_TEST(allocated);
}

// Per-node rules: the node_rules entry wins over Node::aggregation, which wins over the default.
BOOST_AUTO_TEST_CASE(per_node_rules) {
  const std::vector<Node> nodes = {{"a", "", "", "p1", 1, "", ""},  {"b", "", "", "p1", 1, "", ""},
                                   {"c", "", "", "p2", 1, "", ""},  {"d", "", "", "p2", 1, "", ""},
                                   {"e", "", "", "p3", 1, "", ""},  {"f", "", "", "p3", 1, "", ""},
                                   {"p1", "", "", "root", 1, "geometric", ""},
                                   {"p2", "", "", "root", 1, "", ""},
                                   {"p3", "", "", "root", 2, "harmonic", ""},
                                   {"root", "", "", "", 1, "", ""}};
  const Framework fw = make_framework(nodes, {"a", "b", "c", "d", "e", "f"});
  AggregateOptions gen_mean;
  gen_mean.method = AggregationMethod::generalised;
  gen_mean.p = 2;
  const HierarchyEvaluator ev(fw, {}, {{"p3", gen_mean}});
  BOOST_TEST((ev.rule(fw.node_index("p1")).method == AggregationMethod::geometric));
  BOOST_TEST((ev.rule(fw.node_index("p2")).method == AggregationMethod::arithmetic));
  BOOST_TEST((ev.rule(fw.node_index("p3")).method == AggregationMethod::generalised));
  Eigen::MatrixXd leaves(1, 6);
  leaves << 1, 4, 1, 4, 1, 7;
  const Eigen::MatrixXd s = ev.evaluate(leaves, framework_weights(fw));
  BOOST_TEST(std::abs(s(0, fw.node_index("p1")) - 2) < 1e-12);
  BOOST_TEST(std::abs(s(0, fw.node_index("p2")) - 2.5) < 1e-12);
  BOOST_TEST(std::abs(s(0, fw.node_index("p3")) - 5) < 1e-12);
  BOOST_TEST(std::abs(s(0, fw.root()) - (2 + 2.5 + 2 * 5) / 4.0) < 1e-12);
  auto id_of = [](auto&& f) {
    try {
      f();
    } catch (const error& e) {
      return e.where().id;
    }
    return std::string("no error");
  };
  BOOST_TEST(id_of([&] { HierarchyEvaluator(fw, {}, {{"zz", gen_mean}}); }) == "zz");
  BOOST_TEST(id_of([&] { HierarchyEvaluator(fw, {}, {{"a", gen_mean}}); }) == "a");
  std::vector<Node> bad = nodes;
  bad[7].aggregation = "median";
  BOOST_TEST(id_of([&] { HierarchyEvaluator(make_framework(bad, {"a", "b", "c", "d", "e", "f"})); }) == "p2");
  // an aggregation error names the node
  leaves(0, 0) = 0;
  BOOST_TEST(id_of([&] { ev.evaluate(leaves, framework_weights(fw)); }) == "p1");
  BOOST_TEST(id_of([&] { ev.evaluate(leaves.leftCols(5), framework_weights(fw)); }) == "");
}

// Property: permuting regions permutes every node's score.
BOOST_AUTO_TEST_CASE(permuting_regions_permutes_scores) {
  std::mt19937 gen(5);
  std::vector<std::string> leaf_ids;
  const auto nodes = random_tree(12, gen, leaf_ids);
  const auto rules = random_rules(nodes, leaf_ids, gen);
  const Framework fw = make_framework(nodes, leaf_ids);
  const HierarchyEvaluator ev(fw, {}, rules);
  const Eigen::MatrixXd leaves = random_leaves(25, 12, gen);
  std::vector<Eigen::Index> perm(25);
  for (Eigen::Index i = 0; i < 25; ++i) perm[static_cast<std::size_t>(i)] = i;
  std::shuffle(perm.begin(), perm.end(), gen);
  Eigen::MatrixXd permuted(25, 12);
  for (Eigen::Index i = 0; i < 25; ++i) permuted.row(i) = leaves.row(perm[static_cast<std::size_t>(i)]);
  const Eigen::VectorXd w = framework_weights(fw);
  const Eigen::MatrixXd a = ev.evaluate(leaves, w), b = ev.evaluate(permuted, w);
  for (Eigen::Index i = 0; i < 25; ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) BOOST_TEST(same(b(i, j), a(perm[static_cast<std::size_t>(i)], j), 1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
