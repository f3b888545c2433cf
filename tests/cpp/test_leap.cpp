// Leap paths: the exact LP (fractional knapsack) checked by hand and by brute force, the
// infeasible case, two-level weights, ratio indicators moved as ratios, projected starting
// points, the greedy for non-linear scores, and bad input.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "countyleap/leap.hpp"

BOOST_AUTO_TEST_SUITE(test_leap)

using namespace countyleap;
namespace tt = boost::test_tools;

namespace {
Indicator raw(std::string id, double target) {
  Indicator ind{std::move(id), "", "", "u"};
  ind.range = {0, std::numeric_limits<double>::infinity()};
  ind.target = target;
  return ind;
}
PipelineSpec ratio_spec() {
  PipelineSpec spec;
  spec.normalise.options.method = NormaliseMethod::ratio_to_standard;
  return spec;
}
// Three indicators under the root: a (50 points, standard 100), b (30, standard 10),
// c (20, standard 50). Score = 50 min(a/100, 1) + 30 min(b/10, 1) + 20 min(c/50, 1).
Framework abc() {
  return Framework({}, {raw("a", 100), raw("b", 10), raw("c", 50)},
                   {Node{"index", "", "", "", 1}, Node{"a", "", "", "index", 50}, Node{"b", "", "", "index", 30},
                    Node{"c", "", "", "index", 20}});
}
// Region "r" (a 40, b 6, c 20) and a second region "s" (all at their standards), year 2022.
Panel abc_panel() {
  Panel p({"r", "s"}, {"a", "b", "c"}, 2022, 2022);
  const double r[] = {40, 6, 20}, s[] = {100, 10, 50};
  for (Panel::Index v = 0; v < 3; ++v) p.set(0, v, 0, r[v]), p.set(1, v, 0, s[v]);
  return p;
}
// The score of (a, b, c) by the formula above: the second implementation.
double abc_score(double a, double b, double c) {
  return 50 * std::min(a / 100, 1.0) + 30 * std::min(b / 10, 1.0) + 20 * std::min(c / 50, 1.0);
}
const LeapChange& change_of(const LeapPath& p, const std::string& id) {
  for (const auto& c : p.changes)
    if (c.indicator == id) return c;
  BOOST_FAIL("no change of " + id);
  return p.changes.front();
}
}  // namespace

BOOST_AUTO_TEST_CASE(exact_path_by_hand) {
  // Now: 50 × 0.4 + 30 × 0.6 + 20 × 0.4 = 20 + 18 + 8 = 46 → C. Goal A (80): D = 34 points.
  // Points per unit of relative change ρ = w x / S (a 10 % rise of a is worth ρ/10 points):
  //   a: 50 × 40/100 = 20, b: 30 × 6/10 = 18, c: 20 × 20/50 = 8.
  // Bounds (one year, at most doubling): a ≤ 80 (+100 %, 20 points), b ≤ 12 but it stops earning
  // at its standard 10 (+66.7 %, 12 points), c ≤ 40 (+100 %, 8 points).
  // Greedy by ρ: a to 80 (20 points, cost 1), b to 10 (12 points, cost 2/3), then 2 points from c
  // at 8 per unit: c + 25 % = 25 (cost 1/4). Total cost 1 + 2/3 + 1/4 = 23/12 = 1.91667;
  // new score 40 + 30 + 10 = 80.
  const LeapPath p = leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "A");
  BOOST_TEST(p.exact);
  BOOST_TEST(p.feasible);
  BOOST_TEST(p.score == 46.0, tt::tolerance(1e-12));
  BOOST_TEST(p.tier == "C");
  BOOST_TEST(p.boundary == 80.0);
  BOOST_TEST(p.years == 1);
  BOOST_TEST(p.basis == "observed 2022");
  BOOST_TEST_REQUIRE(p.changes.size() == 3u);
  BOOST_TEST(p.changes[0].indicator == "a");  // taken in decreasing ρ
  BOOST_TEST(p.changes[1].indicator == "b");
  BOOST_TEST(p.changes[2].indicator == "c");
  BOOST_TEST(p.changes[0].new_value == 80.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[0].change == 40.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[0].change_pct == 100.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[0].points == 20.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[0].at_bound);
  BOOST_TEST(p.changes[1].new_value == 10.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[1].saturated);
  BOOST_TEST(!p.changes[1].at_bound);
  BOOST_TEST(p.changes[1].bound == 12.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[1].points == 12.0, tt::tolerance(1e-12));
  BOOST_TEST(p.changes[2].new_value == 25.0, tt::tolerance(1e-6));  // + overshoot 1e-6 points / (20/50 per unit)
  BOOST_TEST(p.changes[2].change_pct == 25.0, tt::tolerance(1e-5));
  BOOST_TEST(p.changes[2].points == 2.0, tt::tolerance(1e-5));
  BOOST_TEST(p.total_relative_change == 23.0 / 12.0, tt::tolerance(1e-6));
  BOOST_TEST(p.new_score >= 80.0);  // evaluate()'s score, not the formula's
  BOOST_TEST(p.new_score == 80.0, tt::tolerance(1e-7));
  BOOST_TEST(p.new_tier == "A");
  BOOST_TEST(abc_score(80, 10, 25) == 80.0, tt::tolerance(1e-12));
  BOOST_TEST(p.shortfall == 0.0);
}

BOOST_AUTO_TEST_CASE(brute_force_finds_nothing_cheaper) {
  // Second implementation: over a grid and random points of relative changes within the bounds
  // (0 <= y <= 1 each), every point whose formula score reaches 80 costs at least 23/12.
  const double optimum = 23.0 / 12.0;
  double cheapest = std::numeric_limits<double>::infinity();
  auto visit = [&](double ya, double yb, double yc) {
    if (abc_score(40 * (1 + ya), 6 * (1 + yb), 20 * (1 + yc)) >= 80) cheapest = std::min(cheapest, ya + yb + yc);
  };
  for (int i = 0; i <= 100; ++i)
    for (int j = 0; j <= 100; ++j)
      for (int k = 0; k <= 100; ++k) visit(i / 100.0, j / 100.0, k / 100.0);
  std::mt19937_64 rng(20240607);
  std::uniform_real_distribution<double> u(0, 1);
  for (int n = 0; n < 200000; ++n) visit(u(rng), u(rng), u(rng));
  BOOST_TEST(cheapest >= optimum - 1e-12);
  BOOST_TEST(cheapest <= optimum + 0.01);  // the grid point (1, 0.67, 0.25) is close: the optimum is attained
}

BOOST_AUTO_TEST_CASE(infeasible_reports_the_shortfall) {
  // A boundary of 90 needs 44 points; the bounds give at most 20 + 12 + 8 = 40 → best 86,
  // shortfall 4, every indicator taken as far as it earns.
  TierScheme s = TierScheme::hebei();
  s.tiers[0].bound = 90;
  const LeapPath p = leap_path(abc_panel(), abc(), ratio_spec(), s, "r", "A");
  BOOST_TEST(p.exact);
  BOOST_TEST(!p.feasible);
  BOOST_TEST(p.new_score == 86.0, tt::tolerance(1e-12));
  BOOST_TEST(p.shortfall == 4.0, tt::tolerance(1e-12));
  BOOST_TEST(p.new_tier == "B");
  BOOST_TEST(change_of(p, "c").new_value == 40.0, tt::tolerance(1e-12));
  // two years of doubling (×4) would do: a 100 (standard) and the rest
  LeapOptions two;
  two.years = 2;
  const LeapPath q = leap_path(abc_panel(), abc(), ratio_spec(), s, "r", "A", 0, two);
  BOOST_TEST(q.feasible);
  BOOST_TEST(q.years == 2);
  BOOST_TEST(change_of(q, "a").new_value == 100.0, tt::tolerance(1e-12));  // saturates at the standard before ×4
}

BOOST_AUTO_TEST_CASE(already_there_and_held_indicators) {
  const LeapPath p = leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "s", "A");
  BOOST_TEST(p.feasible);
  BOOST_TEST(p.changes.empty());
  BOOST_TEST(p.method == "none needed: already in tier A");
  // goal B (60) for r: D = 14 from a alone (ρ 20): a + 70 % = 68
  LeapOptions hold_a;
  hold_a.factor_per_year["a"] = 1;
  const LeapPath b = leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "B");
  BOOST_TEST_REQUIRE(b.changes.size() == 1u);
  BOOST_TEST(b.changes[0].new_value == 68.0, tt::tolerance(1e-6));
  // with a held: b to its standard (12 points) then 2 points from c (c = 25)
  const LeapPath h = leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "B", 0, hold_a);
  BOOST_TEST((h.held == std::vector<std::string>{"a: held by the options"}));
  BOOST_TEST_REQUIRE(h.changes.size() == 2u);
  BOOST_TEST(change_of(h, "c").new_value == 25.0, tt::tolerance(1e-6));
  // a zero value cannot move: a relative change from 0 is undefined
  Panel z = abc_panel();
  z.set(0, 2, 0, 0);
  const LeapPath zp = leap_path(z, abc(), ratio_spec(), TierScheme::hebei(), "r", "B");
  BOOST_TEST(zp.held.size() == 1u);
  BOOST_TEST(zp.held[0] == "c: value 0 (a relative change from 0 is undefined)");
}

BOOST_AUTO_TEST_CASE(two_level_weights) {
  // index → d1 (weight 1: a 1, b 3), d2 (weight 1: c). Effective weights in the root:
  // a 0.5 × 1/4 = 0.125, b 0.5 × 3/4 = 0.375, c 0.5. Standards 100 for all, values 50:
  // score 50 → C. Goal B (60): D = 10. ρ = c × 100/100 × 50: a 6.25, b 18.75, c 25 → c first;
  // c can gain 0.5 × 50 = 25 points (to its standard 100 = its doubling bound) ≥ 10:
  // d_c = 10 / 0.5 = 20 → c = 70, relative change 0.4.
  const Framework fw({}, {raw("a", 100), raw("b", 100), raw("c", 100)},
                     {Node{"index", "", "", "", 1}, Node{"d1", "", "", "index", 1}, Node{"d2", "", "", "index", 1},
                      Node{"a", "", "", "d1", 1}, Node{"b", "", "", "d1", 3}, Node{"c", "", "", "d2", 1}});
  Panel p({"r"}, {"a", "b", "c"}, 2022, 2022);
  for (Panel::Index v = 0; v < 3; ++v) p.set(0, v, 0, 50);
  const LeapPath l = leap_path(p, fw, ratio_spec(), TierScheme::hebei(), "r", "B");
  BOOST_TEST(l.exact);
  BOOST_TEST_REQUIRE(l.changes.size() == 1u);
  BOOST_TEST(l.changes[0].indicator == "c");
  BOOST_TEST(l.changes[0].new_value == 70.0, tt::tolerance(1e-6));
  BOOST_TEST(l.total_relative_change == 0.4, tt::tolerance(1e-6));
  BOOST_TEST(l.new_score == 60.0, tt::tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(ratio_indicators_move_as_ratios_from_a_projection) {
  // share = num/den × 100 (standard 2 %), level (standard 100); 50 + 50 points.
  // 2021: num 1, den 100, level 40; 2022: num 1.1, den 100, level 44 (both +10 %).
  // Projected 2024 (k = 1): share 1.1 × 1.21 = 1.331 %, level 44 × 1.21 = 53.24:
  // score 50 × 1.331/2 + 50 × 0.5324 = 33.275 + 26.62 = 59.895 → C, 0.105 short of B.
  // ρ: share 50 × 1.331/2 = 33.275, level 50 × 53.24/100 = 26.62 → share first:
  // Δshare = 0.105 / (50/2) = 0.0042 percentage points → 1.3352 %. Bounds over n = 2 years from
  // the 2022 values: share ≤ 1.1 × 4 = 4.4 %, level ≤ 176.
  Indicator share{"share", "", "", "%", Direction::higher_is_better, IndicatorKind::ratio, "num", "den", 100};
  share.range = {0, 100};
  share.target = 2;
  Indicator level = raw("level", 100);
  level.range = {0, 1000};
  const Framework fw({{"num", "", "", "", {}, ""}, {"den", "", "", "", {}, ""}}, {share, level},
                     {Node{"index", "", "", "", 1}, Node{"share", "", "", "index", 50}, Node{"level", "", "", "index", 50}});
  Panel p({"r"}, {"num", "den", "level"}, 2021, 2022);
  p.set(0, 0, 0, 1), p.set(0, 1, 0, 100), p.set(0, 2, 0, 40);
  p.set(0, 0, 1, 1.1), p.set(0, 1, 1, 100), p.set(0, 2, 1, 44);
  LeapOptions o;
  o.projection.years = 1;
  const LeapPath l = leap_path(p, fw, ratio_spec(), TierScheme::hebei(), "r", "B", 2024, o);
  BOOST_TEST(l.projected);
  BOOST_TEST(l.years == 2);
  BOOST_TEST(l.basis == "projected to 2024 from 2021\u20132022 (cagr, k = 1)");
  BOOST_TEST(l.score == 59.895, tt::tolerance(1e-12));
  BOOST_TEST_REQUIRE(l.changes.size() == 1u);
  const LeapChange& c = l.changes[0];
  BOOST_TEST(c.indicator == "share");
  BOOST_TEST(c.unit == "%");
  BOOST_TEST(c.current == 1.331, tt::tolerance(1e-12));
  BOOST_TEST(c.change == 0.0042, tt::tolerance(1e-4));
  BOOST_TEST(c.bound == 4.4, tt::tolerance(1e-12));
  BOOST_TEST(l.new_score >= 60.0);
  BOOST_TEST(l.new_tier == "B");
}

BOOST_AUTO_TEST_CASE(greedy_matches_the_lp_in_the_linear_case) {
  // Forced greedy on the hand example: never cheaper than the LP optimum, and close to it.
  LeapOptions g;
  g.solver = LeapSolver::greedy;
  const LeapPath p = leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "A", 0, g);
  BOOST_TEST(!p.exact);
  BOOST_TEST(p.feasible);
  BOOST_TEST(p.new_score >= 80.0);
  BOOST_TEST(p.total_relative_change >= 23.0 / 12.0 - 1e-6);
  BOOST_TEST(p.total_relative_change <= 23.0 / 12.0 * 1.05);
  double points = 0;
  for (const auto& c : p.changes) points += c.points;
  BOOST_TEST(points == p.new_score - p.score, tt::tolerance(1e-9));
  BOOST_TEST(p.method.find("greedy asked for") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(greedy_for_a_geometric_mean) {
  // Geometric aggregation is not linear: the greedy runs, and its result is checked by
  // evaluate(): score = exp(Σ w ln n) with n = min(x/S, 1) × 100.
  // Now: exp(0.5 ln 40 + 0.3 ln 60 + 0.2 ln 40) = 40^0.7 × 60^0.3 = 45.17 → C; goal B (60).
  PipelineSpec spec = ratio_spec();
  spec.aggregate.method = AggregationMethod::geometric;
  const LeapPath p = leap_path(abc_panel(), abc(), spec, TierScheme::hebei(), "r", "B");
  BOOST_TEST(!p.exact);
  BOOST_TEST(p.method.find("geometric aggregation of index is not linear") != std::string::npos);
  BOOST_TEST(p.score == std::pow(40, 0.7) * std::pow(60, 0.3), tt::tolerance(1e-12));
  BOOST_TEST(p.feasible);
  BOOST_TEST(p.new_score >= 60.0);
  BOOST_TEST(p.new_score <= 60.0 + 1e-5);  // the last step is shortened to just reach 60 + overshoot (1e-6)
  // the second implementation agrees with the reported new values
  double a = 40, b = 6, c = 20;
  for (const auto& ch : p.changes) (ch.indicator == "a" ? a : ch.indicator == "b" ? b : c) = ch.new_value;
  const double check = std::exp(0.5 * std::log(std::min(a, 100.0)) + 0.3 * std::log(std::min(b * 10, 100.0)) +
                                0.2 * std::log(std::min(c * 2, 100.0)));
  BOOST_TEST(check == p.new_score, tt::tolerance(1e-9));
  // infeasible under the greedy too: every indicator ends at its bound
  TierScheme high = TierScheme::hebei();
  high.tiers[0].bound = 99;
  const LeapPath q = leap_path(abc_panel(), abc(), spec, high, "r", "A");
  BOOST_TEST(!q.feasible);
  BOOST_TEST(q.shortfall > 0);
  BOOST_TEST(q.shortfall == 99 - q.new_score, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bad_input) {
  TierScheme quota = TierScheme::hebei();
  quota.rule = TierRule::quota;
  quota.tiers[0].bound = 1;
  quota.tiers[1].bound = 1;
  BOOST_CHECK_THROW(leap_path(abc_panel(), abc(), ratio_spec(), quota, "r", "A"), validation_error);
  BOOST_CHECK_THROW(leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "zz", "A"), unknown_id_error);
  BOOST_CHECK_THROW(leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "S"), unknown_id_error);
  LeapOptions o;
  o.max_factor_per_year = 0.5;
  BOOST_CHECK_THROW(leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "A", 0, o), validation_error);
  o = {};
  o.factor_per_year["nope"] = 2;
  BOOST_CHECK_THROW(leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "A", 0, o), unknown_id_error);
  o = {};
  o.steps = 0;
  BOOST_CHECK_THROW(leap_path(abc_panel(), abc(), ratio_spec(), TierScheme::hebei(), "r", "A", 0, o), validation_error);
}

BOOST_AUTO_TEST_SUITE_END()
