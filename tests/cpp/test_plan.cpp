// Plan and targets: structural validation and references to the framework and regions.
#include <boost/test/unit_test.hpp>

#include <limits>
#include <string>

#include "test_support.hpp"
#include "countyleap/plan.hpp"

BOOST_AUTO_TEST_SUITE(test_plan)

using namespace countyleap;
using test_support::message_of;

namespace {
TierScheme hebei() { return TierScheme::hebei(); }
Phase phase(std::string id, int eval, int a, int b, int c) {
  Phase p;
  p.id = std::move(id);
  p.evaluation_year = eval;
  p.publication_year = eval + 1;
  p.tier_counts = {{"A", a}, {"B", b}, {"C", c}};
  return p;
}
RegionTier goal(std::string code, int year, std::string tier) { return RegionTier{std::move(code), year, std::move(tier), false, ""}; }
IndicatorTarget target(std::string ind, std::string tier, double value) {
  IndicatorTarget t;
  t.indicator = std::move(ind);
  t.tier = std::move(tier);
  t.year = 2022;
  t.value = value;
  return t;
}
GrowthTarget growth_target(std::string var, int from, int to) {
  GrowthTarget g;
  g.variable = std::move(var);
  g.min_rate_pct = 30;
  g.from_year = from;
  g.to_year = to;
  return g;
}
Plan small_plan(std::vector<IndicatorTarget> targets = {target("share", "A", 1.9)}) {
  return Plan({}, hebei(), {phase("baseline", 2020, 1, 1, 0), phase("phase1", 2021, 2, 0, 0)},
              {goal("130102", 2020, "A"), goal("130104", 2020, "B")}, {goal("130104", 2021, "A")}, std::move(targets),
              {growth_target("st", 2021, 2025)});
}
Framework framework() {
  Indicator share;
  share.id = "share";
  Node root, leaf;
  root.id = "root";
  leaf.id = "share";
  leaf.parent = "root";
  return Framework({Variable{"st"}}, {share}, {root, leaf});
}
RegionSet regions() {
  Region a, b;
  a.code = "130102";
  a.kind = RegionKind::district;
  b.code = "130104";
  b.kind = RegionKind::district;
  return RegionSet({a, b});
}
}  // namespace

BOOST_AUTO_TEST_CASE(accessors_and_tier_rank) {
  const Plan p = small_plan();
  BOOST_TEST(p.tiers().tiers.size() == 3u);
  BOOST_TEST(p.tier_rank("A") == 0u);
  BOOST_TEST(p.tier_rank("C") == 2u);
  BOOST_TEST(p.phases()[1].tier_counts.at("A") == 2);
  BOOST_TEST(p.goals().front().code == "130104");
  BOOST_CHECK_THROW(p.tier_rank("D"), unknown_id_error);
  p.validate(framework(), regions());
}

BOOST_AUTO_TEST_CASE(unknown_indicator_in_a_plan_is_named) {
  const Plan p = small_plan({target("no_such_indicator", "A", 1)});
  const auto msg = message_of<unknown_id_error>([&] { p.validate(framework(), regions()); });
  BOOST_TEST(msg.find("no_such_indicator") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_region_and_growth_variable_are_named) {
  Plan p({}, hebei(), {}, {}, {goal("130199", 2021, "A")}, {}, {});
  BOOST_TEST(message_of<unknown_id_error>([&] { p.validate(framework(), regions()); }).find("130199") != std::string::npos);
  Plan q({}, hebei(), {}, {}, {}, {}, {growth_target("nope", 2021, 2025)});
  BOOST_TEST(message_of<unknown_id_error>([&] { q.validate(framework(), regions()); }).find("nope") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tier_rules) {
  BOOST_CHECK_THROW(Plan({}, TierScheme{}, {}, {}, {}, {}, {}), validation_error);  // no tiers
  auto wrong_order = hebei();
  std::swap(wrong_order.tiers[0], wrong_order.tiers[1]);  // B (60) before A (80)
  BOOST_TEST(message_of<validation_error>([&] { Plan({}, wrong_order, {}, {}, {}, {}, {}); }).find("'A'") != std::string::npos);
  auto twice = hebei();
  twice.tiers[1].label = "A";
  BOOST_CHECK_THROW(Plan({}, twice, {}, {}, {}, {}, {}), duplicate_error);
  BOOST_TEST(message_of<unknown_id_error>([] { Plan({}, hebei(), {phase("p", 2021, 1, 1, 1)}, {}, {goal("130102", 2021, "S")}, {}, {}); })
                 .find("'S'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(duplicates) {
  BOOST_CHECK_THROW(Plan({}, hebei(), {phase("p", 2021, 1, 0, 0), phase("p", 2022, 1, 0, 0)}, {}, {}, {}, {}), duplicate_error);
  const auto msg = message_of<duplicate_error>(
      [] { Plan({}, hebei(), {}, {}, {goal("130102", 2021, "A"), goal("130102", 2021, "B")}, {}, {}); });
  BOOST_TEST(msg.find("130102") != std::string::npos);
  BOOST_TEST(msg.find("2021") != std::string::npos);
  BOOST_CHECK_THROW(Plan({}, hebei(), {}, {}, {}, {target("x", "A", 1), target("x", "A", 2)}, {}), duplicate_error);
}

BOOST_AUTO_TEST_CASE(values_and_spans) {
  BOOST_CHECK_THROW(Plan({}, hebei(), {}, {}, {}, {target("x", "A", std::numeric_limits<double>::infinity())}, {}), plan_error);
  BOOST_CHECK_THROW(Plan({}, hebei(), {}, {}, {}, {}, {growth_target("st", 2025, 2021)}), plan_error);
  BOOST_CHECK_THROW(Plan({}, hebei(), {phase("p", 2021, -1, 0, 0)}, {}, {}, {}, {}), plan_error);
}

BOOST_AUTO_TEST_SUITE_END()
