// The pipeline: COINr parity on the ASEM example, the spec as JSON, per-node overrides,
// reproducibility, and property tests.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "countyleap/io/coinr.hpp"
#include "countyleap/io/spec.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/tier.hpp"
#include "csv_fixture.hpp"
#include "framework_fixture.hpp"
#include "test_support.hpp"

BOOST_AUTO_TEST_SUITE(test_pipeline)

using namespace countyleap;
namespace tt = boost::test_tools;

namespace {
const std::string asem = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/asem/";
const io::CoinrTables& tables() {
  static const io::CoinrTables t = io::read_coinr(asem + "ASEM_iData.csv", asem + "ASEM_iMeta.csv");
  return t;
}
// The spec of the issue, exactly as written (COINr's full example pipeline).
const char* full_example = R"({"denominate": true,
 "impute": {"method": "group_mean", "group": "EurAsia_group"},
 "screen": {"min_data": 0.9},
 "treat": {"method": "coinr", "winmax": 5, "skew": 2.0, "kurtosis": 3.5},
 "normalise": {"method": "minmax", "range": [0, 100]},
 "weights": {"method": "given"},
 "aggregate": {"method": "arithmetic"}})";

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}
using test_support::contains;
using test_support::node;
using test_support::raw;
}  // namespace

BOOST_AUTO_TEST_CASE(coinr_parity_plain_pipeline) {
  // COINr: min-max [0, 100] of the raw data with directions, weighted arithmetic means up the
  // tree with the iMeta weights; every unit and every node within 1e-9.
  const auto& t = tables();
  const Scores s = evaluate(t.panel, t.framework, io::parse_pipeline_spec("{}"), 0, &t.regions);
  const auto expected = test_csv::read(asem + "asem_plain_aggregated.csv");
  BOOST_TEST(s.regions.size() == 51u);
  BOOST_TEST(s.nodes.size() == 60u);  // 49 indicators, 8 pillars, 2 sub-indices, 1 index
  std::size_t compared = 0;
  const auto codes = expected.text("uCode");
  for (std::size_t k = 0; k < s.nodes.size(); ++k) {
    const Eigen::VectorXd column = expected.numbers(s.nodes[k]);
    for (std::size_t r = 0; r < codes.size(); ++r) {
      const double want = column[static_cast<Eigen::Index>(r)];
      const double got = s.value(codes[r], s.nodes[k]);
      BOOST_TEST_CONTEXT(codes[r] << " " << s.nodes[k]) {
        BOOST_TEST(std::isnan(got) == std::isnan(want));
        if (!std::isnan(want)) BOOST_TEST(std::abs(got - want) <= 1e-9);
      }
      ++compared;
    }
  }
  BOOST_TEST(compared == 51u * 60u);
  BOOST_TEST(s.year == 2018);
  BOOST_TEST(s.version == std::string(version));
}

BOOST_AUTO_TEST_CASE(full_example_pipeline_runs_as_written) {
  const auto& t = tables();
  const PipelineSpec spec = io::parse_pipeline_spec(full_example);
  const Scores s = evaluate(t.panel, t.framework, spec, 0, &t.regions);
  // COINr's example coin keeps all 51 units after screening the imputed data (its print method:
  // "Screened (51 units)"); 63 indicator cells are missing in the raw data, plus LAO's Elec and
  // Gas lost to its missing Energy denominator.
  BOOST_TEST(s.regions.size() == 51u);
  BOOST_TEST(s.log.dropped.empty());
  BOOST_TEST(s.log.denominator_missing.size() == 2u);
  BOOST_TEST(s.log.treatment.size() == 49u);
  for (Eigen::Index j = 0; j < 49; ++j) {
    BOOST_TEST(s.values.col(j).minCoeff() == 0.0);
    BOOST_TEST(s.values.col(j).maxCoeff() == 100.0);
  }
  // every aggregate is a weighted mean of its children, so it stays inside [0, 100]
  BOOST_TEST(s.values.rightCols(11).minCoeff() >= 0.0);
  BOOST_TEST(s.values.rightCols(11).maxCoeff() <= 100.0);
  BOOST_TEST(!s.composite().hasNaN());
}

BOOST_AUTO_TEST_CASE(same_spec_same_bits) {
  const auto& t = tables();
  const PipelineSpec spec = io::parse_pipeline_spec(full_example);
  const Scores a = evaluate(t.panel, t.framework, spec, 0, &t.regions);
  const Scores b = evaluate(t.panel, t.framework, io::parse_pipeline_spec(io::format_pipeline_spec(a.spec)), 0, &t.regions);
  BOOST_TEST(same_bits(a.values, b.values));
  BOOST_TEST(same_bits(a.ranks, b.ranks));
  const auto years = evaluate_years(t.panel, t.framework, spec, {}, &t.regions, 2);
  BOOST_TEST(same_bits(years.at(0).values, a.values));
}

BOOST_AUTO_TEST_CASE(spec_json_round_trip_and_errors) {
  const std::string text = R"({"denominate": false,
    "impute": {"method": "interpolate", "extrapolate": false},
    "treat": {"method": "eis", "outlier_sd": 2.5},
    "normalise": {"method": "zscore", "mean": 10, "sd": 2},
    "weights": {"method": "entropy"},
    "aggregate": {"method": "generalised", "p": 2, "min_data": 0.5},
    "nodes": {"Conn": {"aggregate": {"method": "geometric", "shift": 1},
                       "weights": {"method": "ahp", "matrix": [[1, 3], [0.3333333333333333, 1]]}},
              "LPI": {"normalise": {"method": "goalposts", "lo": 1, "hi": 5}, "treat": {"method": "none"}}}})";
  const PipelineSpec s = io::parse_pipeline_spec(text);
  BOOST_TEST(s.normalise.options.mean == 10.0);
  BOOST_TEST(s.aggregate.p == 2.0);
  BOOST_TEST(s.nodes.at("Conn").weights->pairwise(0, 1) == 3.0);
  BOOST_TEST(s.nodes.at("LPI").normalise->options.goalpost_hi == 5.0);
  const std::string canonical = io::format_pipeline_spec(s);
  BOOST_TEST(io::format_pipeline_spec(io::parse_pipeline_spec(canonical)) == canonical);
  BOOST_TEST(canonical.find("\"min_data\": 0.5") != std::string::npos);

  auto message = [](const std::string& spec) {
    try {
      io::parse_pipeline_spec(spec, "spec.json");
    } catch (const error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  BOOST_TEST(message(R"({"normalise": {"method": "minmax", "rnage": [0, 1]}})").find("/normalise/rnage") != std::string::npos);
  BOOST_TEST(message(R"({"aggregate": {"method": "median"}})").find("/aggregate/method") != std::string::npos);
  BOOST_TEST(message(R"({"screen": {}})").find("min_data") != std::string::npos);
  BOOST_TEST(message(R"({"weights": {"method": "ahp"}})").find("matrix") != std::string::npos);
  BOOST_TEST(message(R"({"normalize": {}})").find("spec.json") != std::string::npos);
  BOOST_CHECK_THROW(io::parse_pipeline_spec(R"({"aggregate": {"method": "median"}})"), validation_error);
  BOOST_CHECK_THROW(io::parse_pipeline_spec(R"({"denominate": 1})"), parse_error);
  // Regression (issue 15): an AHP matrix of 120,000 empty rows was sized k x k (115 GB) before its
  // rows were checked; the first short row is named now, nothing allocated.
  std::string rows = R"({"weights": {"method": "ahp", "matrix": [)";
  for (int i = 0; i < 120000; ++i) rows += i ? ",[]" : "[]";
  rows += "]}}";
  BOOST_TEST(message(rows).find("/weights/matrix/0: expected a row of 120000 numbers") != std::string::npos, message(rows));
}

BOOST_AUTO_TEST_CASE(spec_is_checked_against_the_framework) {
  const auto& t = tables();
  PipelineSpec s;
  s.nodes["NoSuchNode"].aggregate = AggregateOptions{};
  BOOST_CHECK_THROW(evaluate(t.panel, t.framework, s, 0, &t.regions), unknown_id_error);
  s.nodes.clear();
  s.nodes["LPI"].aggregate = AggregateOptions{};
  BOOST_CHECK_THROW(evaluate(t.panel, t.framework, s, 0, &t.regions), validation_error);
  s.nodes.clear();
  s.impute = ImputeStep{{ImputeMethod::group_mean}, "EurAsia_group"};
  BOOST_CHECK_THROW(evaluate(t.panel, t.framework, s, 0, nullptr), validation_error);  // groups need the regions
  s.impute->group = "EurAsia_grup";  // misspelt: no region has it
  const std::string message = test_support::message_of<validation_error>([&] { evaluate(t.panel, t.framework, s, 0, &t.regions); });
  BOOST_TEST(message.find("'EurAsia_grup'") != std::string::npos, message);
  BOOST_TEST(message.find("'EurAsia_group'") != std::string::npos, message);  // the attributes that exist
}

BOOST_AUTO_TEST_CASE(per_node_override_changes_that_branch_only) {
  // Geometric mean at the pillar "Physical" only (on [1, 100] so no zero): the other pillar
  // scores stay bit-identical; Physical, Conn and Index change.
  const auto& t = tables();
  PipelineSpec base;
  base.normalise.options.range_lo = 1;
  PipelineSpec mixed = base;
  mixed.nodes["Physical"].aggregate = AggregateOptions{AggregationMethod::geometric};
  const Scores a = evaluate(t.panel, t.framework, base, 0, &t.regions);
  const Scores b = evaluate(t.panel, t.framework, mixed, 0, &t.regions);
  for (const std::string same : {"ConEcFin", "Political", "Instit", "P2P", "Environ", "Social", "SusEcFin", "Sust"}) {
    const auto c = static_cast<Eigen::Index>(a.node_column(same));
    BOOST_TEST_CONTEXT(same) { BOOST_TEST(same_bits(a.values.col(c), b.values.col(c))); }
  }
  for (const std::string changed : {"Physical", "Conn", "Index"}) {
    const auto c = static_cast<Eigen::Index>(a.node_column(changed));
    BOOST_TEST_CONTEXT(changed) { BOOST_TEST(!same_bits(a.values.col(c), b.values.col(c))); }
  }
  // geometric <= arithmetic for positive components (AM–GM)
  const auto p = static_cast<Eigen::Index>(a.node_column("Physical"));
  BOOST_TEST(((b.values.col(p).array() <= a.values.col(p).array() + 1e-12).all()));
}

BOOST_AUTO_TEST_CASE(geometric_on_zero_is_an_error_naming_the_node) {
  const auto& t = tables();
  PipelineSpec s;  // min-max to [0, 100] puts a 0 in every indicator
  s.aggregate.method = AggregationMethod::geometric;
  try {
    evaluate(t.panel, t.framework, s, 0, &t.regions);
    BOOST_FAIL("expected validation_error");
  } catch (const validation_error& e) {
    BOOST_TEST(!e.where().id.empty());
    BOOST_TEST(std::string(e.what()).find("geometric") != std::string::npos);
  }
}

namespace {
// Three regions, three indicators in two dimensions; values chosen so every step is visible.
struct Toy {
  Panel panel{{"130102", "130104", "130105"}, {"a", "b", "c"}, 2020, 2020};
  Framework fw;
  Toy(Direction c_direction = Direction::higher_is_better)
      : fw({}, {raw("a"), raw("b"), raw("c", c_direction)},
           {node("index", ""), node("d1", "index", 3), node("a", "d1", 1), node("b", "d1", 3), node("d2", "index", 1),
            node("c", "d2")}) {
    const double v[3][3] = {{10, 200, 5}, {20, 100, 1}, {40, 300, 3}};
    for (int r = 0; r < 3; ++r)
      for (int j = 0; j < 3; ++j) panel.set(r, j, 0, v[r][j]);
  }
};
}  // namespace

BOOST_AUTO_TEST_CASE(toy_by_hand) {
  const Toy toy;
  const Scores s = evaluate(toy.panel, toy.fw, PipelineSpec{});
  // min-max: a = (0, 33.33, 100), b = (50, 0, 100), c = (100, 0, 50)
  // d1 = (1·a + 3·b)/4 = (37.5, 8.333, 100); d2 = c; index = (3·d1 + d2)/4 = (53.125, 6.25, 87.5)
  BOOST_TEST(s.value("130102", "d1") == 37.5, tt::tolerance(1e-12));
  BOOST_TEST(s.value("130104", "d1") == 25.0 / 3.0, tt::tolerance(1e-12));
  BOOST_TEST(s.value("130102", "index") == 53.125, tt::tolerance(1e-12));
  BOOST_TEST(s.value("130104", "index") == 6.25, tt::tolerance(1e-12));
  BOOST_TEST(s.value("130105", "index") == 87.5, tt::tolerance(1e-12));
  const auto root = static_cast<Eigen::Index>(s.node_column("index"));
  BOOST_TEST(s.ranks(2, root) == 1.0);
  BOOST_TEST(s.ranks(1, root) == 3.0);
  // effective weights: a 0.25, b 0.75, d1 0.75, d2 0.25, c 1
  BOOST_TEST(s.weights[static_cast<Eigen::Index>(s.node_column("b"))] == 0.75);
  BOOST_TEST(s.weights[static_cast<Eigen::Index>(s.node_column("d2"))] == 0.25);
}

BOOST_AUTO_TEST_CASE(coverage_counts_the_indicators_behind_every_score) {
  Toy toy;
  toy.panel.set_missing(1, 2, 0);  // 130104 loses c, the only indicator of d2
  toy.panel.set_missing(2, 0, 0);  // 130105 loses a, one of d1's two
  const Scores s = evaluate(toy.panel, toy.fw, PipelineSpec{});
  const auto at = [&s](const char* node) { return static_cast<Eigen::Index>(s.node_column(node)); };
  // expected: a leaf 1, d1 = a + b = 2, d2 = c = 1, index = 3
  BOOST_TEST(s.expected[at("d1")] == 2);
  BOOST_TEST(s.expected[at("d2")] == 1);
  BOOST_TEST(s.expected[at("index")] == 3);
  // present: 130102 has all three; 130104 has a, b; 130105 has b, c
  BOOST_TEST(s.present(0, at("index")) == 3);
  BOOST_TEST(s.present(1, at("d2")) == 0);
  BOOST_TEST(s.present(1, at("index")) == 2);
  BOOST_TEST(s.present(2, at("d1")) == 1);
  BOOST_TEST(s.present(2, at("index")) == 2);
  // 130104's d2 is missing, yet its index exists (d1 alone, COINr's default): it is partial
  BOOST_TEST(std::isnan(s.value("130104", "d2")));
  BOOST_TEST(!std::isnan(s.value("130104", "index")));
  BOOST_TEST(!s.partial(0, static_cast<std::size_t>(at("index"))));
  BOOST_TEST(s.partial(1, static_cast<std::size_t>(at("index"))));
  BOOST_TEST(!s.partial(1, static_cast<std::size_t>(at("d2"))));  // no score, so not a partial score
  BOOST_TEST((s.log.partial == std::vector<std::string>{"130104", "130105"}));
  // by hand: a = (0, 100, -), b = (50, 0, 100), c = (100, -, 0) after min-max; index =
  // (53.125, 25 (d1 alone), 75 = (3·100 + 0)/4): tiers C, C (partial), B (partial)
  BOOST_TEST(s.value("130104", "index") == 25.0, tt::tolerance(1e-12));
  BOOST_TEST(s.value("130105", "index") == 75.0, tt::tolerance(1e-12));
  const Classification c = classify(s, TierScheme::hebei());
  BOOST_TEST(c.regions[0].tier == 2u);
  BOOST_TEST(c.regions[1].tier == 2u);
  BOOST_TEST(c.regions[2].tier == 1u);
  BOOST_TEST(!c.regions[0].partial_data);
  BOOST_TEST(c.regions[1].partial_data);
  BOOST_TEST(c.regions[2].partial_data);
  // at d1, 130104 has both indicators and 130105 one of two
  const Classification by_d1 = classify(s, TierScheme::hebei(), "d1");
  BOOST_TEST(!by_d1.regions[1].partial_data);
  BOOST_TEST(by_d1.regions[2].partial_data);
  // a missing score is named by its code
  BOOST_TEST(contains(test_support::message_of<validation_error>([&] { classify(s, TierScheme::hebei(), "d2"); }),
                      "'130104'"));
  // full data: nothing partial
  BOOST_TEST(evaluate(Toy().panel, toy.fw, PipelineSpec{}).log.partial.empty());
}

BOOST_AUTO_TEST_CASE(a_mean_outside_its_domain_names_region_component_and_spec_key) {
  const Toy toy;
  PipelineSpec s;  // min-max [0, 100]: a = (0, 33.3, 100) puts a 0 at 130102, the first component of d1
  s.aggregate.method = AggregationMethod::geometric;
  try {
    evaluate(toy.panel, toy.fw, s);
    BOOST_FAIL("expected validation_error");
  } catch (const validation_error& e) {
    BOOST_TEST(e.where().id == "d1");
    const std::string what = e.what();
    BOOST_TEST(contains(what, "region 130102, component 'a'"));
    BOOST_TEST(contains(what, "option 'shift'"));
    BOOST_TEST(!contains(what, "row 0"));  // positions are replaced by the labels
  }
}

BOOST_AUTO_TEST_CASE(properties) {
  const Toy toy;
  // equal weights give the plain mean of the children
  PipelineSpec equal;
  equal.weights.method = WeightMethod::equal;
  const Scores e = evaluate(toy.panel, toy.fw, equal);
  const auto d1 = static_cast<Eigen::Index>(e.node_column("d1"));
  for (Eigen::Index r = 0; r < 3; ++r) BOOST_TEST(e.values(r, d1) == (e.values(r, 0) + e.values(r, 1)) / 2, tt::tolerance(1e-12));
  // weights of every node's children sum to 1, for given and data-driven weights
  for (WeightMethod m : {WeightMethod::given, WeightMethod::equal, WeightMethod::cv}) {
    PipelineSpec s;
    s.weights.method = m;
    s.normalise.options.range_lo = 1;  // cv needs a positive mean
    const Scores sc = evaluate(toy.panel, toy.fw, s);
    for (std::size_t i = toy.fw.n_leaves(); i < toy.fw.size(); ++i) {
      double total = 0;
      for (auto c : toy.fw.children(i)) total += sc.weights[static_cast<Eigen::Index>(c)];
      BOOST_TEST(total == 1.0, tt::tolerance(1e-12));
    }
  }
  // flipping an indicator's direction reverses its ranks
  const Scores up = evaluate(toy.panel, toy.fw, PipelineSpec{});
  const Scores down = evaluate(toy.panel, Toy(Direction::lower_is_better).fw, PipelineSpec{});
  const auto c = static_cast<Eigen::Index>(up.node_column("c"));
  for (Eigen::Index r = 0; r < 3; ++r) BOOST_TEST(up.ranks(r, c) == 4 - down.ranks(r, c));
  // permuting the regions permutes the results
  Panel permuted({"130105", "130102", "130104"}, {"a", "b", "c"}, 2020, 2020);
  const int order[3] = {2, 0, 1};
  for (int r = 0; r < 3; ++r)
    for (int j = 0; j < 3; ++j) permuted.set(r, j, 0, toy.panel(order[r], j, 0));
  const Scores p = evaluate(permuted, toy.fw, PipelineSpec{});
  for (int r = 0; r < 3; ++r) BOOST_TEST(same_bits(p.values.row(r), up.values.row(order[r])));
}

BOOST_AUTO_TEST_CASE(ratio_to_standard_uses_the_target) {
  Toy toy;
  std::vector<Indicator> inds = toy.fw.indicators();
  inds[0].target = 20;  // a: 10 → 50, 20 → 100, 40 → 100 (capped)
  std::vector<Node> nodes(toy.fw.nodes().begin(), toy.fw.nodes().end());
  const Framework fw({}, inds, nodes);
  PipelineSpec s;
  s.normalise.options.method = NormaliseMethod::ratio_to_standard;
  s.nodes["b"].normalise = NormaliseStep{NormaliseOptions{}, ""};  // b: min-max
  s.nodes["c"].normalise = NormaliseStep{NormaliseOptions{}, ""};
  const Scores sc = evaluate(toy.panel, fw, s);
  BOOST_TEST(sc.value("130102", "a") == 50.0);
  BOOST_TEST(sc.value("130105", "a") == 100.0);
  s.nodes.erase("b");  // b has no target and the spec gives no standard
  BOOST_CHECK_THROW(evaluate(toy.panel, fw, s), validation_error);
}

BOOST_AUTO_TEST_SUITE_END()
