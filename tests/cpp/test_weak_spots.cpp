#include <boost/test/unit_test.hpp>

// Weak spots on a hand-made 3-indicator framework of four counties, worked out by hand (fixed
// goalposts) and by a second implementation (min-max, which re-normalises the column).
//
// Framework: root = 0.5·y_a + 0.3·y_b + 0.2·y_c (points 50, 30, 20), weighted arithmetic mean.
// c is a ratio c_num / c_den. Data year 2021; targets 2022: tier A a 80, b 9, c 900; tier B
// a 60, b 6, c 500. Goals 2022: 130121 A, 130123 B, 130125 A, 130126 none.
//
//            a     b     c
//   130121   60    5     800     (3200 / 4)
//   130123   70    4     300     (1200 / 4)
//   130125   85    9.5   950     (3800 / 4)
//   130126   75    6     500     (2000 / 4)

#include <cmath>
#include <string>
#include <vector>

#include "countyleap/weak_spots.hpp"

#include "framework_fixture.hpp"
#include "spec_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_weak_spots)

namespace cl = countyleap;
namespace tt = boost::test_tools;

namespace {

using test_support::goalposts;
using test_support::node;
using test_support::raw;

cl::Framework framework() {
  cl::Indicator c = raw("c");
  c.kind = cl::IndicatorKind::ratio;
  c.variable = "c_num";
  c.denominator = "c_den";
  return cl::Framework({cl::Variable{"c_num"}, cl::Variable{"c_den"}}, {raw("a"), raw("b"), c},
                       {node("root", ""), node("a", "root", 50), node("b", "root", 30), node("c", "root", 20)});
}
cl::Panel panel() {
  cl::Panel p({"130121", "130123", "130125", "130126"}, {"a", "b", "c_num", "c_den"}, 2021, 2021);
  const double values[4][4] = {{60, 5, 3200, 4}, {70, 4, 1200, 4}, {85, 9.5, 3800, 4}, {75, 6, 2000, 4}};
  for (cl::Panel::Index r = 0; r < 4; ++r)
    for (cl::Panel::Index v = 0; v < 4; ++v) p.set(r, v, 0, values[r][v]);
  return p;
}
cl::IndicatorTarget target(std::string ind, std::string tier, double value) {
  cl::IndicatorTarget t;
  t.indicator = std::move(ind);
  t.tier = std::move(tier);
  t.year = 2022;
  t.value = value;
  return t;
}
cl::Plan plan() {
  return cl::Plan({}, cl::TierScheme::hebei(), {}, {},
                  {cl::RegionTier{"130121", 2022, "A", false, ""}, cl::RegionTier{"130123", 2022, "B", false, ""},
                   cl::RegionTier{"130125", 2022, "A", false, ""}},
                  {target("a", "A", 80), target("b", "A", 9), target("c", "A", 900), target("a", "B", 60),
                   target("b", "B", 6), target("c", "B", 500)},
                  {});
}
// Fixed goalposts a [0, 100], b [0, 10], c [0, 1000] (× 100): y_a = a, y_b = 10·b, y_c = c/10.
cl::PipelineSpec fixed_spec() {
  cl::PipelineSpec s;
  s.nodes = {{"a", goalposts(0, 100)}, {"b", goalposts(0, 10)}, {"c", goalposts(0, 1000)}};
  return s;
}
std::vector<const cl::WeakSpot*> of(const cl::WeakSpots& w, const std::string& region) {
  std::vector<const cl::WeakSpot*> out;
  for (const auto& s : w.rows)
    if (s.region == region) out.push_back(&s);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fixed_normalisation_order_by_hand) {
  // 130121 (goal A) is below every A target. Its composite now: 0.5·60 + 0.3·50 + 0.2·80 = 61.
  //   a: 60 → 80, y 60 → 80, gain 0.5 × 20 = 10
  //   b: 5 → 9,   y 50 → 90, gain 0.3 × 40 = 12
  //   c: 800 → 900, y 80 → 90, gain 0.2 × 10 = 2
  // so the order is b (12), a (10), c (2): b pays most although a's weight is larger.
  // 130123 (goal B): a 70 >= 60 met; b 4 → 6, y 40 → 60, gain 6; c 300 → 500, y 30 → 50, gain 4.
  // 130125 meets every A target; 130126 has no goal.
  const cl::WeakSpots w = cl::weak_spots(panel(), framework(), fixed_spec(), plan());
  BOOST_TEST(w.data_year == 2021);
  BOOST_TEST(w.target_year == 2022);
  BOOST_TEST(w.without_goal == std::vector<std::string>{"130126"}, tt::per_element());
  BOOST_TEST(w.dropped.empty());
  BOOST_TEST(w.rows.size() == 5u);

  const auto r1 = of(w, "130121");
  BOOST_TEST_REQUIRE(r1.size() == 3u);
  BOOST_TEST(r1[0]->indicator == "b");
  BOOST_TEST(r1[1]->indicator == "a");
  BOOST_TEST(r1[2]->indicator == "c");
  BOOST_TEST(r1[0]->gain == 12, tt::tolerance(1e-9));
  BOOST_TEST(r1[1]->gain == 10, tt::tolerance(1e-9));
  BOOST_TEST(r1[2]->gain == 2, tt::tolerance(1e-9));
  BOOST_TEST(r1[0]->rank == 1);
  BOOST_TEST(r1[2]->rank == 3);
  BOOST_TEST(r1[0]->score == 61, tt::tolerance(1e-9));
  BOOST_TEST(r1[0]->score_at_target == 73, tt::tolerance(1e-9));
  BOOST_TEST(r1[0]->value == 5);
  BOOST_TEST(r1[0]->target == 9);
  BOOST_TEST(r1[0]->tier == "A");
  BOOST_TEST(r1[0]->normalised == 50, tt::tolerance(1e-9));
  BOOST_TEST(r1[0]->normalised_at_target == 90, tt::tolerance(1e-9));
  BOOST_TEST(r1[2]->value == 800);  // the derived ratio 3200 / 4, in own units
  // fixed normalisation + arithmetic aggregation: gain = weight × normalised gap, for every row
  const double weights[] = {0.3, 0.5, 0.2};
  for (std::size_t k = 0; k < 3; ++k) {
    BOOST_TEST(r1[k]->weight == weights[k], tt::tolerance(1e-12));
    BOOST_TEST(r1[k]->gain == r1[k]->weight * (r1[k]->normalised_at_target - r1[k]->normalised), tt::tolerance(1e-9));
  }

  const auto r2 = of(w, "130123");
  BOOST_TEST_REQUIRE(r2.size() == 2u);
  BOOST_TEST(r2[0]->indicator == "b");
  BOOST_TEST(r2[0]->gain == 6, tt::tolerance(1e-9));
  BOOST_TEST(r2[1]->indicator == "c");
  BOOST_TEST(r2[1]->gain == 4, tt::tolerance(1e-9));
  BOOST_TEST(r2[1]->tier == "B");
  BOOST_TEST(of(w, "130125").empty());
}

BOOST_AUTO_TEST_CASE(minmax_renormalises_the_column) {
  // Default spec: min-max to [0, 100] of each column. Second implementation (numpy):
  //   w=np.array([.5,.3,.2]); X=np.array([[60,5,800],[70,4,300],[85,9.5,950],[75,6,500]],float)
  //   mm=lambda X:(X-X.min(0))/(X.max(0)-X.min(0))*100; root=mm(X)[0]@w      # 20.83916083916084
  //   for j,t in {0:80,1:9,2:900}.items(): X2=X.copy(); X2[0,j]=t; print(mm(X2)[0]@w-root)
  //   -> a 33.33333333333333, b 21.818181818181813, c 3.07692307692308
  // 130121 is the column minimum of a: raising a to 80 makes 70 the new minimum, so y_a goes
  // 0 → (80 − 70)/(85 − 70)·100 = 66.67 and the gain is 0.5 × 66.67 = 33.33, not the 0.5 × 80 = 40
  // a fixed min-max column (60…85) would give. The order becomes a, b, c.
  const cl::WeakSpots w = cl::weak_spots(panel(), framework(), cl::PipelineSpec{}, plan(), 2021);
  const auto r1 = of(w, "130121");
  BOOST_TEST_REQUIRE(r1.size() == 3u);
  BOOST_TEST(r1[0]->indicator == "a");
  BOOST_TEST(r1[0]->gain == 33.33333333333333, tt::tolerance(1e-9));
  BOOST_TEST(r1[0]->normalised == 0, tt::tolerance(1e-12));
  BOOST_TEST(r1[0]->normalised_at_target == 66.66666666666666, tt::tolerance(1e-9));
  BOOST_TEST(r1[0]->score == 20.83916083916084, tt::tolerance(1e-9));
  BOOST_TEST(r1[1]->indicator == "b");
  BOOST_TEST(r1[1]->gain == 21.818181818181813, tt::tolerance(1e-9));
  BOOST_TEST(r1[2]->indicator == "c");
  BOOST_TEST(r1[2]->gain == 3.07692307692308, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(one_tier_for_everyone) {
  // Against the A targets: 130123 is below all three (a 70 < 80, b 4 < 9, c 300 < 900), gains
  // 0.5·10 = 5, 0.3·50 = 15, 0.2·60 = 12 → b, c, a; 130126 (a 75, b 6, c 500) gets rows too:
  // 0.5·5 = 2.5, 0.3·30 = 9, 0.2·40 = 8 → b, c, a.
  cl::WeakSpotOptions o;
  o.tier = "A";
  const cl::WeakSpots w = cl::weak_spots(panel(), framework(), fixed_spec(), plan(), 0, o);
  BOOST_TEST(w.without_goal.empty());
  const auto r2 = of(w, "130123");
  BOOST_TEST_REQUIRE(r2.size() == 3u);
  BOOST_TEST(r2[0]->indicator == "b");
  BOOST_TEST(r2[1]->indicator == "c");
  BOOST_TEST(r2[1]->gain == 12, tt::tolerance(1e-9));
  BOOST_TEST(r2[2]->indicator == "a");
  BOOST_TEST(r2[2]->gain == 5, tt::tolerance(1e-9));
  const auto r4 = of(w, "130126");
  BOOST_TEST_REQUIRE(r4.size() == 3u);
  BOOST_TEST(r4[0]->gain == 9, tt::tolerance(1e-9));
  BOOST_TEST(r4[2]->gain == 2.5, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(leaf_weights_of_a_nested_tree) {
  // root → D1 (weight 2) {x 1, y 3}, D2 (weight 1) {z}: x = 2/3 · 1/4 = 1/6, y = 2/3 · 3/4 = 1/2,
  // z = 1/3 · 1 = 1/3.
  const cl::Framework fw({}, {raw("x"), raw("y"), raw("z")},
                         {node("root", ""), node("D1", "root", 2), node("D2", "root", 1), node("x", "D1", 1),
                          node("y", "D1", 3), node("z", "D2", 5)});
  const Eigen::VectorXd w = cl::leaf_weights_in_root(fw, cl::framework_weights(fw));
  BOOST_TEST_REQUIRE(w.size() == 3);
  BOOST_TEST(w[0] == 1.0 / 6, tt::tolerance(1e-12));
  BOOST_TEST(w[1] == 0.5, tt::tolerance(1e-12));
  BOOST_TEST(w[2] == 1.0 / 3, tt::tolerance(1e-12));
  BOOST_CHECK_THROW(cl::leaf_weights_in_root(fw, Eigen::VectorXd::Ones(2)), cl::validation_error);
}

BOOST_AUTO_TEST_CASE(errors_pass_through) {
  cl::WeakSpotOptions o;
  o.tier = "D";
  BOOST_CHECK_THROW(cl::weak_spots(panel(), framework(), fixed_spec(), plan(), 0, o), cl::unknown_id_error);
  BOOST_CHECK_THROW(cl::weak_spots(panel(), framework(), fixed_spec(), plan(), 2019), cl::unknown_id_error);
}

BOOST_AUTO_TEST_SUITE_END()
