#include <boost/test/unit_test.hpp>

// Benchmarks (对标先进) on four counties and three indicators with fixed goalposts, so every
// normalised score is read off by hand: y_a = a, y_b = 10·b, y_c = c/10; weights 0.5, 0.3, 0.2.
//
//            a    b     c      y_a  y_b  y_c   composite            tier (A >= 80, B >= 60)
//   130121   60   5     800    60   50   80    30 + 15 + 16 = 61    B
//   130123   70   4     300    70   40   30    35 + 12 + 6  = 53    C
//   130125   85   9.5   950    85   95   95    42.5 + 28.5 + 19 = 90  A
//   130126   75   6     500    75   60   50    37.5 + 18 + 10 = 65.5  B
//
// Distances d = sqrt(Σ w_j Δy_j²):
//   130121–130125: Δ 25, 45, 15 → 0.5·625 + 0.3·2025 + 0.2·225 = 965   → 31.0644491
//   130123–130121: Δ 10, 10, 50 → 0.5·100 + 0.3·100 + 0.2·2500 = 580   → 24.0831892
//   130123–130126: Δ 5, 20, 20  → 0.5·25 + 0.3·400 + 0.2·400 = 212.5   → 14.5773797
//   130126–130125: Δ 10, 35, 45 → 0.5·100 + 0.3·1225 + 0.2·2025 = 822.5 → 28.6792608
// (numpy: np.sqrt((w*(Y[a]-Y[b])**2).sum()) gives 31.064449134018133, 24.08318915758459,
// 14.577379737113251, 28.679260799399973.)

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "countyleap/benchmark.hpp"
#include "countyleap/derive.hpp"
#include "countyleap/pipeline.hpp"

#include "framework_fixture.hpp"
#include "spec_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_benchmark)

namespace cl = countyleap;
namespace tt = boost::test_tools;

namespace {

using test_support::goalposts;
using test_support::node;
using test_support::raw;

cl::Framework framework() {
  return cl::Framework({}, {raw("a"), raw("b"), raw("c")},
                       {node("root", ""), node("a", "root", 50), node("b", "root", 30), node("c", "root", 20)});
}
cl::Panel panel() {
  cl::Panel p({"130121", "130123", "130125", "130126"}, {"a", "b", "c"}, 2021, 2021);
  const double values[4][3] = {{60, 5, 800}, {70, 4, 300}, {85, 9.5, 950}, {75, 6, 500}};
  for (cl::Panel::Index r = 0; r < 4; ++r)
    for (cl::Panel::Index v = 0; v < 3; ++v) p.set(r, v, 0, values[r][v]);
  return p;
}
struct Run {
  cl::Scores scores;
  cl::Classification tiers;
  cl::Panel derived;
};
const Run& run() {
  static const Run r = [] {
    cl::PipelineSpec spec;
    spec.nodes = {{"a", goalposts(0, 100)}, {"b", goalposts(0, 10)}, {"c", goalposts(0, 1000)}};
    cl::Scores s = cl::evaluate(panel(), framework(), spec);
    cl::Classification c = cl::classify(s.composite(), cl::TierScheme::hebei());
    return Run{std::move(s), std::move(c), cl::derive(panel(), framework()).panel};
  }();
  return r;
}
std::vector<const cl::Benchmark*> of(const std::vector<cl::Benchmark>& all, const std::string& region) {
  std::vector<const cl::Benchmark*> out;
  for (const auto& b : all)
    if (b.region == region) out.push_back(&b);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(tiers_of_the_fixture) {
  // composites 61, 53, 90, 65.5 → B, C, A, B (the table above)
  const Run& r = run();
  BOOST_TEST(r.scores.composite()[0] == 61, tt::tolerance(1e-9));
  BOOST_TEST(r.tiers.regions[0].tier == 1u);
  BOOST_TEST(r.tiers.regions[1].tier == 2u);
  BOOST_TEST(r.tiers.regions[2].tier == 0u);
  BOOST_TEST(r.tiers.regions[3].tier == 1u);
}

BOOST_AUTO_TEST_CASE(benchmarks_by_hand) {
  const Run& r = run();
  const auto all = cl::benchmarks(r.scores, framework(), r.tiers, r.derived);
  BOOST_TEST(all.size() == 4u);  // 130121: 1, 130123: 2, 130126: 1, 130125 (tier A): none
  BOOST_TEST(of(all, "130125").empty());

  // 130121 (B) → the only A county 130125, at 31.06; it leads on b by 45 (9.5 − 5 = 4.5 in own
  // units), on a by 25 (85 − 60), on c by 15 (950 − 800)
  const auto b1 = of(all, "130121");
  BOOST_TEST_REQUIRE(b1.size() == 1u);
  BOOST_TEST(b1[0]->benchmark == "130125");
  BOOST_TEST(b1[0]->region_tier == 1u);
  BOOST_TEST(b1[0]->benchmark_tier == 0u);
  BOOST_TEST(b1[0]->distance == 31.064449134018133, tt::tolerance(1e-12));
  BOOST_TEST_REQUIRE(b1[0]->leads.size() == 3u);
  BOOST_TEST(b1[0]->leads[0].indicator == "b");
  BOOST_TEST(b1[0]->leads[0].normalised_difference == 45, tt::tolerance(1e-9));
  BOOST_TEST(b1[0]->leads[0].value_difference == 4.5, tt::tolerance(1e-12));
  BOOST_TEST(b1[0]->leads[0].value == 5);
  BOOST_TEST(b1[0]->leads[0].benchmark_value == 9.5);
  BOOST_TEST(b1[0]->leads[1].indicator == "a");
  BOOST_TEST(b1[0]->leads[2].indicator == "c");
  BOOST_TEST(b1[0]->leads[2].value_difference == 150, tt::tolerance(1e-12));

  // 130123 (C) → B counties: 130126 at 14.58 is nearer than 130121 at 24.08
  const auto b2 = of(all, "130123");
  BOOST_TEST_REQUIRE(b2.size() == 2u);
  BOOST_TEST(b2[0]->benchmark == "130126");
  BOOST_TEST(b2[0]->rank == 1);
  BOOST_TEST(b2[0]->distance == 14.577379737113251, tt::tolerance(1e-12));
  BOOST_TEST(b2[1]->benchmark == "130121");
  BOOST_TEST(b2[1]->rank == 2);
  BOOST_TEST(b2[1]->distance == 24.08318915758459, tt::tolerance(1e-12));
  // 130126 leads 130123 on b (20) and c (20, tied: leaf order keeps b first), then a (5)
  BOOST_TEST_REQUIRE(b2[0]->leads.size() == 3u);
  BOOST_TEST(b2[0]->leads[0].indicator == "b");
  BOOST_TEST(b2[0]->leads[1].indicator == "c");
  BOOST_TEST(b2[0]->leads[1].value_difference == 200, tt::tolerance(1e-12));
  BOOST_TEST(b2[0]->leads[2].indicator == "a");
  // 130121 leads 130123 on c (50) and b (10) only: on a it is behind (60 < 70)
  BOOST_TEST_REQUIRE(b2[1]->leads.size() == 2u);
  BOOST_TEST(b2[1]->leads[0].indicator == "c");
  BOOST_TEST(b2[1]->leads[1].indicator == "b");

  const auto b4 = of(all, "130126");
  BOOST_TEST_REQUIRE(b4.size() == 1u);
  BOOST_TEST(b4[0]->distance == 28.679260799399973, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(options_limit_benchmarks_and_leads) {
  const Run& r = run();
  cl::BenchmarkOptions o;
  o.k = 1;
  o.leads = 1;
  const auto all = cl::benchmarks(r.scores, framework(), r.tiers, r.derived, o);
  const auto b2 = of(all, "130123");
  BOOST_TEST_REQUIRE(b2.size() == 1u);
  BOOST_TEST(b2[0]->benchmark == "130126");
  BOOST_TEST_REQUIRE(b2[0]->leads.size() == 1u);
  BOOST_TEST(b2[0]->leads[0].indicator == "b");
}

BOOST_AUTO_TEST_CASE(profile_distance_skips_missing) {
  // weights 0.5, 0.3, 0.2; c missing for the second row: over a and b only,
  // sqrt((0.5·4² + 0.3·2²) / 0.8) = sqrt(9.2 / 0.8) = sqrt(11.5) = 3.3911650
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Eigen::MatrixXd y(2, 3);
  y << 10, 20, 30, 14, 18, nan;
  const Eigen::Vector3d w(0.5, 0.3, 0.2);
  BOOST_TEST(cl::profile_distance(y, 0, 1, w) == std::sqrt(11.5), tt::tolerance(1e-12));
  y(1, 0) = y(1, 1) = nan;
  BOOST_TEST(std::isnan(cl::profile_distance(y, 0, 1, w)));
}

BOOST_AUTO_TEST_CASE(mismatched_inputs_are_errors) {
  const Run& r = run();
  cl::Classification short_tiers = r.tiers;
  short_tiers.regions.pop_back();
  BOOST_CHECK_THROW(cl::benchmarks(r.scores, framework(), short_tiers, r.derived), cl::validation_error);
  const cl::Framework other({}, {raw("a"), raw("b"), raw("d")},
                            {node("root", ""), node("a", "root"), node("b", "root"), node("d", "root")});
  BOOST_CHECK_THROW(cl::benchmarks(r.scores, other, r.tiers, r.derived), cl::validation_error);
  cl::Panel no_c({"130121", "130123", "130125", "130126"}, {"a", "b"}, 2021, 2021);
  BOOST_CHECK_THROW(cl::benchmarks(r.scores, framework(), r.tiers, no_c), cl::unknown_id_error);
}

BOOST_AUTO_TEST_SUITE_END()
