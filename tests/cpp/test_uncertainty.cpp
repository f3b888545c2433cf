// Uncertainty analysis: COINr's example on the ASEM data as written in issue 5, reproducibility
// on any number of threads, the nominal run, exact tier probabilities of a toy case, reported
// failures, and the fast paths (collapsed tree, radix ranks, counted quantiles) against the
// plain engine functions.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "countyleap/io/coinr.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/uncertainty.hpp"
#include "countyleap/detail/quantiles.hpp"
#include "countyleap/detail/stats.hpp"
#include "test_support.hpp"

BOOST_AUTO_TEST_SUITE(test_uncertainty)

using namespace countyleap;
using test_support::message_of;

namespace {
const std::string asem = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/asem/";
const io::CoinrTables& tables() {
  static const io::CoinrTables t = io::read_coinr(asem + "ASEM_iData.csv", asem + "ASEM_iMeta.csv");
  return t;
}

UncertaintySpec example(std::size_t replications) {
  // COINr's uncertainty example as issue 5 writes it (test_uncertainty_spec_io checks the file)
  UncertaintySpec s = io::read_uncertainty_spec(std::string(COUNTYLEAP_SOURCE_DIR) + "/bench/asem_uncertainty.json");
  s.replications = replications;
  return s;
}

bool same_bits(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!test_support::same_bits(a.data()[i], b.data()[i])) return false;
  return true;
}
}  // namespace

BOOST_AUTO_TEST_CASE(splitmix64_reference_outputs) {
  // Seed 0: the first outputs of Vigna's splitmix64.c (prng.di.unimi.it), as quoted in the
  // header.
  SplitMix64 g(0);
  BOOST_TEST(g.next() == 0xE220A8397B1DCDAFULL);
  BOOST_TEST(g.next() == 0x6E789E6AA1B965F4ULL);
  BOOST_TEST(g.next() == 0x06C45D188009454FULL);
  // stream_seed and the uniforms, from the numpy implementation in bench/numpy_uncertainty.py:
  //   nu.stream_seed(1, 1, [0, 1]) -> 0xd5159b73432a2795, 0x7970e130d0c7742f
  //   nu.uniforms(...) -> [[0.75708411 0.89526365] [0.39200367 0.48216639]]
  BOOST_TEST(stream_seed(1, RandomStream::inputs, 0) == 0xD5159B73432A2795ULL);
  BOOST_TEST(stream_seed(1, RandomStream::inputs, 1) == 0x7970E130D0C7742FULL);
  const Eigen::MatrixXd u = replication_draws(2, 2, 1);
  BOOST_TEST(std::abs(u(0, 0) - 0.75708411) < 1e-8);
  BOOST_TEST(std::abs(u(0, 1) - 0.89526365) < 1e-8);
  BOOST_TEST(std::abs(u(1, 0) - 0.39200367) < 1e-8);
  BOOST_TEST(std::abs(u(1, 1) - 0.48216639) < 1e-8);
}

BOOST_AUTO_TEST_CASE(issue_example_runs_on_asem) {
  const auto& t = tables();
  UncertaintyOptions o;
  o.threads = 2;
  const UncertaintyResult r = uncertainty(t.panel, t.framework, example(50), &t.regions, o);
  BOOST_TEST(r.regions.size() == 51u);
  BOOST_TEST(r.replications == 50u);
  BOOST_TEST(r.succeeded + r.failures.size() == 50u);
  // COINr's a_gmean stops on a value <= 0; z-scores with mean 10 and sd 2 are <= 0 only below
  // z = −5, which no treated ASEM indicator reaches, so no geometric replication fails (in the
  // 1,000-replication run neither).
  BOOST_TEST(r.failures.empty());
  // the nominal leaf matrix plus 5 winmax x 2 normalisations
  BOOST_TEST(r.leaf_matrices == 11u);
  BOOST_TEST(r.log.factors == (std::vector<std::string>{"treat.winmax", "normalise", "weights", "aggregate.method"}));
  BOOST_TEST(r.log.size() == 50u);
  // the parameter log: winmax alternative k is the number k + 1
  for (Eigen::Index i = 0; i < 50; ++i) {
    BOOST_TEST(r.log.value(i, 0) == r.log.index(i, 0) + 1.0);
    BOOST_TEST(r.log.index(i, 2) >= 0);
    BOOST_TEST(r.log.index(i, 2) < 100);
  }
  // the nominal run is the pipeline itself (evaluate(), node by node; here one weighted mean
  // of the leaves with path-product weights, so equal up to rounding)
  const Scores s = evaluate(t.panel, t.framework, example(1).pipeline, 0, &t.regions);
  BOOST_TEST(s.regions == r.regions);
  BOOST_TEST((r.nominal_score - s.composite()).cwiseAbs().maxCoeff() < 1e-12);
  BOOST_TEST((r.nominal_rank == s.ranks.col(s.ranks.cols() - 1)));
  // in every replication the 51 ranks are 1..51 (no ties), so the mean ranks add up to 51·52/2
  BOOST_TEST(std::abs(r.mean_rank.sum() - 1326.0) < 1e-9);
  for (Eigen::Index i = 0; i < 51; ++i) {
    BOOST_TEST(r.q5_rank[i] <= r.median_rank[i]);
    BOOST_TEST(r.median_rank[i] <= r.q95_rank[i]);
    BOOST_TEST(r.q5_score[i] <= r.q95_score[i]);
    BOOST_TEST(r.n_scored[i] == static_cast<int>(r.succeeded));
  }
  // the statistics are R's: compare region 0 with detail::quantile over the kept replications
  std::vector<double> ranks0;
  for (Eigen::Index c = 0; c < r.ranks.cols(); ++c)
    if (!std::isnan(r.ranks(0, c))) ranks0.push_back(r.ranks(0, c));
  const Eigen::Map<const Eigen::VectorXd> v(ranks0.data(), static_cast<Eigen::Index>(ranks0.size()));
  BOOST_TEST(r.q5_rank[0] == detail::quantile(v, 0.05));
  BOOST_TEST(r.median_rank[0] == detail::median(v));
  BOOST_TEST(r.q95_rank[0] == detail::quantile(v, 0.95));
  BOOST_TEST(std::abs(r.mean_rank[0] - detail::mean(v)) < 1e-12);
  const Eigen::VectorXd scores0 = r.scores.row(3).transpose();
  BOOST_TEST(r.median_score[3] == detail::median(scores0));
  BOOST_TEST(r.q95_score[3] == detail::quantile(scores0, 0.95));
}

BOOST_AUTO_TEST_CASE(same_seed_same_bits_on_one_and_two_threads) {
  const auto& t = tables();
  UncertaintyOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const UncertaintySpec spec = example(60);
  const UncertaintyResult a = uncertainty(t.panel, t.framework, spec, &t.regions, one);
  const UncertaintyResult b = uncertainty(t.panel, t.framework, spec, &t.regions, two);
  BOOST_TEST(same_bits(a.scores, b.scores));
  BOOST_TEST(same_bits(a.ranks, b.ranks));
  BOOST_TEST(same_bits(a.q5_rank, b.q5_rank));
  BOOST_TEST(same_bits(a.q95_score, b.q95_score));
  BOOST_TEST((a.log.index == b.log.index));
  // another seed gives other replications
  UncertaintySpec other = spec;
  other.seed = 2;
  const UncertaintyResult c = uncertainty(t.panel, t.framework, other, &t.regions, two);
  BOOST_TEST(!(c.log.index == a.log.index));
}

BOOST_AUTO_TEST_CASE(zero_noise_and_single_alternatives_equal_the_nominal) {
  const auto& t = tables();
  UncertaintySpec spec = io::parse_uncertainty_spec(R"({"pipeline": {"denominate": true,
      "impute": {"method": "group_mean", "group": "EurAsia_group"}, "treat": {"method": "coinr", "winmax": 5}},
    "vary": [{"path": "treat.winmax", "values": [5]},
             {"path": "normalise", "values": [{"method": "minmax", "range": [0, 100]}]},
             {"path": "weights", "noise": 0, "levels": [1, 2, 3], "sets": 7},
             {"path": "aggregate.method", "values": ["arithmetic"]}],
    "replications": 40, "seed": 9})");
  UncertaintyOptions o;
  o.threads = 2;
  const UncertaintyResult r = uncertainty(t.panel, t.framework, spec, &t.regions, o);
  BOOST_TEST(r.succeeded == 40u);
  for (Eigen::Index c = 0; c < 40; ++c) {
    BOOST_TEST(same_bits(r.scores.col(c), r.nominal_score));
    BOOST_TEST(same_bits(r.ranks.col(c), r.nominal_rank));
  }
  BOOST_TEST((r.median_rank == r.nominal_rank));
  BOOST_TEST((r.q5_rank == r.nominal_rank));
  BOOST_TEST((r.q95_rank == r.nominal_rank));
  BOOST_TEST(same_bits(r.median_score, r.nominal_score));
}

namespace {
// Two regions, two indicators; x2 sits under a pillar G so that noise at level 2 varies the
// weight of G alone:  I = (1·x1 + w·G) / (1 + w),  G = x2.
struct Toy {
  Panel panel{{"A", "B"}, {"x1", "x2"}, 2024, 2024};
  Framework framework;
  Toy() {
    panel.set(0, 0, 0, 1);  // A: x1 = 1, x2 = 0  -> min-max: 100, 0
    panel.set(0, 1, 0, 0);
    panel.set(1, 0, 0, 0);  // B: x1 = 0, x2 = 1  -> 0, 100
    panel.set(1, 1, 0, 1);
    Indicator x1, x2;
    x1.id = "x1";
    x2.id = "x2";
    framework = Framework({}, {x1, x2},
                          {Node{"x1", "", "", "I", 1, "", ""}, Node{"x2", "", "", "G", 1, "", ""}, Node{"G", "", "", "I", 1, "", ""},
                           Node{"I", "", "", "", 1, "", ""}});
  }
};
}  // namespace

BOOST_AUTO_TEST_CASE(toy_tier_probabilities_known_exactly) {
  // Score of A = 100/(1 + w), of B = 100·w/(1 + w), w = 1 + 0.5·(2u − 1) uniform on [0.5, 1.5].
  // Tiers: top >= 45, else rest. A is top iff w <= 100/45 − 1 = 11/9; B iff w >= 45/55 = 9/11.
  // Given the sampled weight sets the tier of every replication is known exactly; in
  // expectation P(A top) = 11/9 − 1/2 = 13/18 = 0.7222 and P(B top) = 3/2 − 9/11 = 15/22 = 0.6818.
  Toy toy;
  UncertaintySpec spec = io::parse_uncertainty_spec(R"({"pipeline": {},
    "vary": [{"path": "weights", "noise": 0.5, "levels": [2], "sets": 4000}],
    "tiers": {"rule": "fixed", "tiers": [{"label": "top", "min": 45}, {"label": "rest"}]},
    "replications": 4000, "seed": 11})");
  UncertaintyOptions o;
  o.threads = 2;
  o.goals = {{"A", "top"}, {"B", "rest"}};
  UncertaintyModel model(toy.panel, toy.framework, spec);
  const Eigen::MatrixXd& m = model.weight_multipliers(0);
  BOOST_TEST(m.rows() == 4);  // x1, x2, G, I
  BOOST_TEST((m.row(0).array() == 1).all());  // level 1: no noise
  BOOST_TEST((m.row(3).array() == 1).all());  // level 3: no noise
  BOOST_TEST(m.row(2).minCoeff() >= 0.5);
  BOOST_TEST(m.row(2).maxCoeff() <= 1.5);
  const UncertaintyResult r = uncertainty(toy.panel, toy.framework, spec, nullptr, o);
  BOOST_TEST(r.tier_labels == (std::vector<std::string>{"top", "rest"}));
  BOOST_TEST(r.nominal_tier[0] == 0);  // w = 1: both score 50
  BOOST_TEST(r.nominal_tier[1] == 0);
  double a_top = 0, b_top = 0;
  for (Eigen::Index k = 0; k < 4000; ++k) {
    const double w = m(2, r.log.index(k, 0));
    a_top += 100 / (1 + w) >= 45;
    b_top += 100 * w / (1 + w) >= 45;
    BOOST_TEST(std::abs(r.scores(0, k) - 100 / (1 + w)) < 1e-12);
  }
  BOOST_TEST(r.tier_probability(0, 0) == a_top / 4000);
  BOOST_TEST(r.tier_probability(1, 0) == b_top / 4000);
  BOOST_TEST(r.tier_probability(0, 1) == (4000 - a_top) / 4000);
  BOOST_TEST(r.goal_probability[0] == a_top / 4000);
  BOOST_TEST(r.goal_probability[1] == 1.0);  // the lowest tier is always reached
  BOOST_TEST(std::abs(r.tier_probability(0, 0) - 13.0 / 18) < 0.03);
  BOOST_TEST(std::abs(r.tier_probability(1, 0) - 15.0 / 22) < 0.03);
}

BOOST_AUTO_TEST_CASE(failing_replications_are_reported) {
  // Min-max to [0, 100] gives each indicator's worst region a 0, so every geometric
  // replication fails (COINr's a_gmean stops on values <= 0, and its get_sensitivity then
  // records NA for the replication); the arithmetic ones run.
  const auto& t = tables();
  UncertaintySpec spec = io::parse_uncertainty_spec(R"({"pipeline": {"denominate": true,
      "impute": {"method": "group_mean", "group": "EurAsia_group"}},
    "vary": [{"path": "aggregate.method", "values": ["arithmetic", "geometric"]},
             {"path": "weights", "noise": 0.1, "levels": [2], "sets": 5}],
    "replications": 30, "seed": 4})");
  UncertaintyOptions o;
  o.threads = 2;
  const UncertaintyResult r = uncertainty(t.panel, t.framework, spec, &t.regions, o);
  std::size_t geometric = 0;
  for (Eigen::Index k = 0; k < 30; ++k) geometric += r.log.index(k, 0) == 1;
  BOOST_TEST(geometric > 0u);
  BOOST_TEST(r.failures.size() == geometric);
  BOOST_TEST(r.succeeded == 30 - geometric);
  for (const ReplicationFailure& f : r.failures) {
    BOOST_TEST(r.log.index(static_cast<Eigen::Index>(f.run), 0) == 1);
    BOOST_TEST(f.inputs.find("aggregate.method=geometric") != std::string::npos);
    BOOST_TEST(f.inputs.find("weights=set ") != std::string::npos);
    BOOST_TEST(f.message.find("geometric mean needs positive values") != std::string::npos);
    BOOST_TEST(r.scores.col(static_cast<Eigen::Index>(f.run)).hasNaN());
  }
  for (Eigen::Index i = 0; i < 51; ++i) BOOST_TEST(r.n_scored[i] == static_cast<int>(r.succeeded));
}

BOOST_AUTO_TEST_CASE(continuous_range_and_generic_path) {
  // A generalised mean with p uniform on [0.5, 2] is not one of the collapsed means: every
  // replication runs node by node. Its scores must equal evaluate() with that p.
  const auto& t = tables();
  UncertaintySpec spec = io::parse_uncertainty_spec(R"({"pipeline": {"denominate": true,
      "impute": {"method": "group_mean", "group": "EurAsia_group"},
      "normalise": {"method": "minmax", "range": [1, 100]}, "aggregate": {"method": "generalised", "p": 1}},
    "vary": [{"path": "aggregate.p", "range": [0.5, 2]}], "replications": 8, "seed": 5})");
  UncertaintyOptions o;
  o.threads = 2;
  const UncertaintyResult r = uncertainty(t.panel, t.framework, spec, &t.regions, o);
  BOOST_TEST(r.succeeded == 8u);
  for (Eigen::Index k = 0; k < 8; ++k) {
    const double p = r.log.value(k, 0);
    BOOST_TEST(r.log.index(k, 0) == -1);
    BOOST_TEST(p == 0.5 + r.log.u(k, 0) * 1.5);
    PipelineSpec at = spec.pipeline;
    at.aggregate.p = p;
    const Scores s = evaluate(t.panel, t.framework, at, 0, &t.regions);
    BOOST_TEST((r.scores.col(k) - s.composite()).cwiseAbs().maxCoeff() < 1e-10);
  }
}

BOOST_AUTO_TEST_CASE(nominal_tiers_equal_classify) {
  // The allocation-free tier assignment of a run against classify() on the nominal scores.
  const auto& t = tables();
  for (const char* tiers : {R"({"rule": "relative_to_mean", "tiers": [{"label": "lead", "min": 1.1}, {"label": "mid", "min": 0.9}, {"label": "low"}]})",
                            R"({"rule": "quota", "tiers": [{"label": "a", "count": 10}, {"label": "b", "count": 20}, {"label": "c"}]})",
                            R"({"rule": "quota", "tiers": [{"label": "a", "share": 0.25}, {"label": "c"}]})",
                            R"({"rule": "fixed", "tiers": [{"label": "a", "min": 55, "inclusive": false}, {"label": "c"}]})",
                            R"({"rule": "natural_breaks", "tiers": [{"label": "a"}, {"label": "b"}, {"label": "c"}]})"}) {
    const UncertaintySpec spec = io::parse_uncertainty_spec(std::string(R"({"pipeline": {"denominate": true,
        "impute": {"method": "group_mean", "group": "EurAsia_group"}}, "vary": [], "replications": 1, "tiers": )") +
                                                            tiers + "}");
    UncertaintyModel model(t.panel, t.framework, spec, &t.regions);
    const Classification c = classify(model.nominal_scores(), *spec.tiers);
    BOOST_TEST_CONTEXT(tiers) {
      for (std::size_t i = 0; i < c.regions.size(); ++i)
        BOOST_TEST(model.nominal_tiers()[static_cast<Eigen::Index>(i)] == static_cast<int>(c.regions[i].tier));
    }
  }
}

// Ranks are checked against their definition in test_rank.cpp; here the quantile shortcuts.
BOOST_AUTO_TEST_CASE(counted_quantiles_equal_the_plain_quantile) {
  SplitMix64 g(3);
  std::vector<double> values, copy;
  for (int i = 0; i < 101; ++i) values.push_back(1 + static_cast<double>(g.next() % 40));
  const std::vector<double> p = {0.05, 0.5, 0.9, 0.95};
  double q1[4], q2[4];
  std::vector<std::uint32_t> counts;
  detail::counted_quantiles(values.data(), values.size(), 40, p, q1, counts);
  copy = values;
  detail::sorted_quantiles(copy.data(), copy.size(), p, q2);
  const Eigen::Map<const Eigen::VectorXd> v(values.data(), static_cast<Eigen::Index>(values.size()));
  for (int k = 0; k < 4; ++k) {
    BOOST_TEST(q1[k] == detail::quantile(v, p[static_cast<std::size_t>(k)]));
    BOOST_TEST(q2[k] == detail::quantile(v, p[static_cast<std::size_t>(k)]));
  }
}

BOOST_AUTO_TEST_CASE(bad_inputs_are_typed_errors) {
  const auto& t = tables();
  UncertaintySpec spec = example(5);
  BOOST_CHECK_THROW(UncertaintyModel(t.panel, t.framework, spec, &t.regions, 0, "LPI"), validation_error);  // an indicator
  BOOST_CHECK_THROW(UncertaintyModel(t.panel, t.framework, spec, &t.regions, 0, "nope"), unknown_id_error);
  spec.vary[2].levels = {2, 7};  // a level the framework does not have
  BOOST_TEST(message_of<validation_error>([&] { UncertaintyModel(t.panel, t.framework, spec, &t.regions); })
                 .find("/vary/2/levels/1") != std::string::npos);
  // the nominal pipeline must run: geometric means of min-max [0, 100] scores hit 0
  UncertaintySpec broken = example(5);
  broken.pipeline.aggregate.method = AggregationMethod::geometric;
  BOOST_TEST(message_of<validation_error>([&] { UncertaintyModel(t.panel, t.framework, broken, &t.regions); })
                 .find("the nominal pipeline fails") != std::string::npos);
  UncertaintyOptions o;
  o.goals = {{"AUT", "A"}};
  BOOST_CHECK_THROW(uncertainty(t.panel, t.framework, example(5), &t.regions, o), validation_error);  // no tier scheme
}

BOOST_AUTO_TEST_SUITE_END()
