#include <boost/test/unit_test.hpp>

// The plan consistency check. The bundled Shijiazhuang plan must pass, with the named moves of
// each phase exactly as the plan table lists them (shared/domain/shijiazhuang-plan.md, restating
// 石政办函〔2022〕17号 §四; typed below, not read back from plan.json). Three broken variants of it
// must fail with messages naming the phase, the tier and the counties; small hand-made plans
// exercise the warnings and the remaining rules.

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "countyleap/io/json.hpp"
#include "countyleap/plan_check.hpp"
#include "test_support.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::Severity)

BOOST_AUTO_TEST_SUITE(test_plan_check)

namespace cl = countyleap;

using test_support::contains;

namespace {

const std::string kDir = std::string(COUNTYLEAP_SOURCE_DIR) + "/data/shijiazhuang/";

const cl::RegionSet& regions() {
  static const cl::RegionSet r = cl::io::read_regions_json(kDir + "regions.json");
  return r;
}
const cl::Plan& bundled() {
  static const cl::Plan p = cl::io::read_plan_json(kDir + "plan.json");
  return p;
}

// A copy of the bundled plan with its phases and goals replaced.
cl::Plan variant(std::vector<cl::Phase> phases, std::vector<cl::RegionTier> goals) {
  const cl::Plan& p = bundled();
  return cl::Plan(p.info(), p.tiers(), std::move(phases), p.observed(), std::move(goals), p.indicator_targets(),
                  p.growth_targets(), p.facts(), p.assumptions(), p.other_goals());
}
std::vector<cl::Phase> phases_with(const std::string& id, std::map<std::string, int> counts) {
  std::vector<cl::Phase> out = bundled().phases();
  for (auto& p : out)
    if (p.id == id) p.tier_counts = std::move(counts);
  return out;
}

// The findings of one phase and tier.
std::vector<cl::PlanFinding> findings(const cl::PlanCheck& c, const std::string& phase, const std::string& tier) {
  std::vector<cl::PlanFinding> out;
  for (const auto& f : c.findings)
    if (f.phase == phase && f.tier == tier) out.push_back(f);
  return out;
}
struct Move {
  std::string code, from, to;
};
std::vector<Move> moves_of(const cl::PlanCheck& c, const std::string& phase) {
  for (const auto& p : c.phases)
    if (p.phase == phase) {
      std::vector<Move> out;
      for (const auto& m : p.moves) out.push_back({m.code, m.from, m.to});
      std::sort(out.begin(), out.end(), [](const Move& a, const Move& b) { return a.code < b.code; });
      return out;
    }
  BOOST_FAIL("no phase " + phase);
  return {};
}
void check_moves(const std::vector<Move>& got, const std::vector<Move>& expected) {
  BOOST_TEST_REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    BOOST_TEST(got[i].code == expected[i].code);
    BOOST_TEST(got[i].from == expected[i].from);
    BOOST_TEST(got[i].to == expected[i].to);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(bundled_plan_is_consistent) {
  const cl::PlanCheck c = cl::check_plan(bundled(), regions());
  for (const auto& f : c.findings) BOOST_TEST_MESSAGE(cl::to_string(f.severity) << ": " << f.message);
  BOOST_TEST(c.consistent());
  BOOST_TEST(c.findings.empty());  // not even a warning: no planned drop
  BOOST_TEST_REQUIRE(c.phases.size() == 4u);
  BOOST_TEST(c.phases[0].phase == "baseline");
  BOOST_TEST(c.phases[0].baseline);
  BOOST_TEST(c.phases[0].moves.empty());
  BOOST_TEST(c.phases[3].phase == "phase3");
  BOOST_TEST(c.phases[3].previous == "phase2");
  // counted from the goals = the plan table's tier counts
  const std::map<std::string, int> counted2021{{"A", 10}, {"B", 5}, {"C", 6}}, counted2025{{"A", 15}, {"B", 6}, {"C", 0}};
  BOOST_TEST((c.phases[1].counted == counted2021));
  BOOST_TEST((c.phases[3].counted == counted2025));

  // named moves, from the plan table (codes from its unit table)
  // phase 1: 桥西区 130104, 赵县 130133 B→A; 新乐市 130184, 井陉县 130121, 无极县 130130 C→B
  check_moves(moves_of(c, "phase1"), {{"130104", "B", "A"},
                                      {"130121", "C", "B"},
                                      {"130130", "C", "B"},
                                      {"130133", "B", "A"},
                                      {"130184", "C", "B"}});
  // phase 2: 深泽县 130128, 晋州市 130183 B→A; 行唐县 130125, 灵寿县 130126, 平山县 130131,
  // 高邑县 130127, 井陉矿区 130107, 赞皇县 130129 C→B
  check_moves(moves_of(c, "phase2"), {{"130107", "C", "B"},
                                      {"130125", "C", "B"},
                                      {"130126", "C", "B"},
                                      {"130127", "C", "B"},
                                      {"130128", "B", "A"},
                                      {"130129", "C", "B"},
                                      {"130131", "C", "B"},
                                      {"130183", "B", "A"}});
  // phase 3: 新乐市 130184, 井陉县 130121, 无极县 130130 B→A
  check_moves(moves_of(c, "phase3"), {{"130121", "B", "A"}, {"130130", "B", "A"}, {"130184", "B", "A"}});
}

BOOST_AUTO_TEST_CASE(broken_phase_claims_eleven_a_units) {
  // Phase 1 claims A 11, B 5, C 5 (still 21 in all) while its goals name 10 A units.
  const cl::PlanCheck c = cl::check_plan(variant(phases_with("phase1", {{"A", 11}, {"B", 5}, {"C", 5}}), bundled().goals()),
                                         regions());
  BOOST_TEST(!c.consistent());
  const auto a = findings(c, "phase1", "A");
  // one count finding (rule 4) and one move finding (rule 6): baseline 8 + 2 moving in = 10, not 11
  BOOST_TEST_REQUIRE(a.size() == 2u);
  const std::string& count_msg = a[0].message;
  BOOST_TEST_MESSAGE(count_msg);
  BOOST_TEST(a[0].severity == cl::Severity::error);
  BOOST_TEST(contains(count_msg, "phase1 (2021), tier A"));
  BOOST_TEST(contains(count_msg, "counts 11 but 10"));
  BOOST_TEST(contains(count_msg, "130104 桥西区"));
  BOOST_TEST(contains(count_msg, "130133 赵县"));
  // the ten units with goal A in 2021: the eight 2020 A units plus 桥西区 and 赵县
  const std::vector<std::string> ten{"130102", "130104", "130105", "130108", "130109",
                                     "130110", "130111", "130123", "130132", "130133"};
  BOOST_TEST(a[0].regions == ten, boost::test_tools::per_element());
  BOOST_TEST_MESSAGE(a[1].message);
  BOOST_TEST(contains(a[1].message, "baseline (2020) counts 8, + 2 moving in (130104 桥西区, 130133 赵县) - 0 moving out"));
  BOOST_TEST(contains(a[1].message, "= 10, but the phase counts 11"));
  // tier C is off too (5 stated, 6 named), and no sum error (11 + 5 + 5 = 21)
  BOOST_TEST(!findings(c, "phase1", "C").empty());
  BOOST_TEST(findings(c, "phase1", "").empty());
}

BOOST_AUTO_TEST_CASE(broken_unit_without_goal) {
  // 赵县 130133 loses its 2021 goal.
  std::vector<cl::RegionTier> goals;
  for (const auto& g : bundled().goals())
    if (!(g.code == "130133" && g.evaluation_year == 2021)) goals.push_back(g);
  const cl::PlanCheck c = cl::check_plan(variant(bundled().phases(), goals), regions());
  BOOST_TEST(!c.consistent());
  const auto missing = findings(c, "phase1", "");
  BOOST_TEST_REQUIRE(missing.size() == 1u);
  BOOST_TEST_MESSAGE(missing[0].message);
  BOOST_TEST(contains(missing[0].message, "phase1 (2021): 1 in-scope region(s) have no goal: 130133 赵县"));
  BOOST_TEST(missing[0].regions == std::vector<std::string>{"130133"}, boost::test_tools::per_element());
  // and tier A counts 9 of the 10 the phase states
  const auto a = findings(c, "phase1", "A");
  BOOST_TEST_REQUIRE(a.size() == 1u);  // no move finding: moves are not checked with a unit missing
  BOOST_TEST(contains(a[0].message, "counts 10 but 9"));
  // phase 1 → 2 moves skip 赵县 and are not checked either (phase 1 incomplete)
  BOOST_TEST(findings(c, "phase2", "A").empty());
}

BOOST_AUTO_TEST_CASE(broken_counts_do_not_sum_to_21) {
  // Phase 2 claims A 12, B 9, C 1: 22 units.
  const cl::PlanCheck c = cl::check_plan(variant(phases_with("phase2", {{"A", 12}, {"B", 9}, {"C", 1}}), bundled().goals()),
                                         regions());
  BOOST_TEST(!c.consistent());
  const auto sum = findings(c, "phase2", "");
  BOOST_TEST_REQUIRE(sum.size() == 1u);
  BOOST_TEST_MESSAGE(sum[0].message);
  BOOST_TEST(contains(sum[0].message, "phase2 (2022): tier counts A 12 + B 9 + C 1 = 22, but 21 regions are in scope"));
  const auto tier_c = findings(c, "phase2", "C");
  BOOST_TEST_REQUIRE(tier_c.size() == 2u);
  BOOST_TEST(contains(tier_c[0].message, "tier C: the phase counts 1 but 0"));
  // phase 1's 6 C units minus the 6 moving to B gives 0, not 1; the six are named
  BOOST_TEST(contains(tier_c[1].message, "phase1 (2021) counts 6, + 0 moving in (none) - 6 moving out"));
  BOOST_TEST(contains(tier_c[1].message, "130107 井陉矿区"));
  BOOST_TEST(tier_c[1].regions.size() == 6u);
  // phase 3 inherits the bad count: 1 − 0 = 1 C unit, not 0
  BOOST_TEST(findings(c, "phase3", "C").size() == 1u);
}

namespace {

cl::Region unit(std::string code, std::string name, bool in_scope = true) {
  cl::Region r;
  r.code = std::move(code);
  r.name_zh = std::move(name);
  r.kind = cl::RegionKind::county;
  r.in_scope = in_scope;
  return r;
}
cl::Phase phase(std::string id, int year, std::map<std::string, int> counts, bool baseline = false) {
  cl::Phase p;
  p.id = std::move(id);
  p.evaluation_year = year;
  p.publication_year = year + 1;
  p.tier_counts = std::move(counts);
  p.baseline = baseline;
  return p;
}
cl::RegionTier tier(std::string code, int year, std::string label) {
  return cl::RegionTier{std::move(code), year, std::move(label), false, ""};
}
// Three counties 130121 甲, 130123 乙, 130125 丙 and an out-of-scope 130126 丁.
cl::RegionSet small_set() {
  return cl::RegionSet({unit("130121", "甲"), unit("130123", "乙"), unit("130125", "丙"), unit("130126", "丁", false)});
}
cl::Plan small_plan(std::vector<cl::Phase> phases, std::vector<cl::RegionTier> goals) {
  const std::vector<cl::RegionTier> observed{tier("130121", 2020, "A"), tier("130123", 2020, "B"), tier("130125", 2020, "C")};
  return cl::Plan({}, cl::TierScheme::hebei(), std::move(phases), observed, std::move(goals), {}, {});
}

}  // namespace

BOOST_AUTO_TEST_CASE(planned_drop_is_a_warning) {
  // 甲 A → B, 乙 B → A: counts stay A 1, B 1, C 1, so the plan is consistent but warns once.
  const cl::PlanCheck c = cl::check_plan(
      small_plan({phase("base", 2020, {{"A", 1}, {"B", 1}, {"C", 1}}, true), phase("p1", 2021, {{"A", 1}, {"B", 1}, {"C", 1}})},
                 {tier("130121", 2021, "B"), tier("130123", 2021, "A"), tier("130125", 2021, "C")}),
      small_set());
  BOOST_TEST(c.consistent());
  BOOST_TEST(c.count(cl::Severity::warning) == 1u);
  BOOST_TEST_REQUIRE(c.findings.size() == 1u);
  BOOST_TEST(c.findings[0].phase == "p1");
  BOOST_TEST(c.findings[0].tier == "B");
  BOOST_TEST(c.findings[0].message == "p1 (2021): planned drop of 130121 甲 from A (base (2020)) to B");
  BOOST_TEST(c.phases[1].moves.size() == 2u);
}

BOOST_AUTO_TEST_CASE(goals_outside_scope_and_outside_phases) {
  // 丁 is out of scope; 130127 is not in the set; a 2023 goal belongs to no phase.
  const cl::PlanCheck c = cl::check_plan(
      small_plan({phase("base", 2020, {{"A", 1}, {"B", 1}, {"C", 1}}, true), phase("p1", 2021, {{"A", 1}, {"B", 2}})},
                 {tier("130121", 2021, "A"), tier("130123", 2021, "B"), tier("130125", 2021, "B"),
                  tier("130126", 2021, "B"), tier("130127", 2021, "A"), tier("130121", 2023, "A")}),
      small_set());
  BOOST_TEST(!c.consistent());
  BOOST_TEST(c.count(cl::Severity::error) == 2u);
  BOOST_TEST(c.count(cl::Severity::warning) == 1u);
  std::set<std::string> messages;
  for (const auto& f : c.findings) messages.insert(f.message);
  BOOST_TEST(messages.count("goals for 2023 belong to no phase (no non-baseline phase evaluates 2023): 130121 甲"));
  BOOST_TEST(messages.count("p1 (2021): goals for 2021 name region codes not in the region set: 130127"));
  BOOST_TEST(messages.count("p1 (2021): goals for 2021 name regions outside the plan's scope: 130126 丁"));
  // the in-scope counts are right (A 1, B 2; C absent = 0) and the moves produce them
  BOOST_TEST(findings(c, "p1", "A").empty());
  BOOST_TEST(findings(c, "p1", "C").empty());
}

BOOST_AUTO_TEST_CASE(phases_in_one_year_and_phases_without_counts) {
  const cl::PlanCheck c = cl::check_plan(
      small_plan({phase("p2", 2021, {}), phase("p1", 2021, {{"A", 1}, {"B", 1}, {"C", 1}}),
                  phase("base", 2020, {{"A", 1}, {"B", 1}, {"C", 1}}, true)},
                 {tier("130121", 2021, "A"), tier("130123", 2021, "B"), tier("130125", 2021, "C")}),
      small_set());
  BOOST_TEST(!c.consistent());
  // phases sorted by evaluation year, ties in the plan's order
  BOOST_TEST_REQUIRE(c.phases.size() == 3u);
  BOOST_TEST(c.phases[0].phase == "base");
  BOOST_TEST(c.phases[1].phase == "p2");
  BOOST_TEST(c.phases[2].phase == "p1");
  const auto same_year = findings(c, "p1", "");
  BOOST_TEST_REQUIRE(same_year.size() == 1u);
  BOOST_TEST(same_year[0].message == "phases p2 and p1 both evaluate 2021: their regions' tiers cannot be told apart");
  const auto no_counts = findings(c, "p2", "");
  BOOST_TEST_REQUIRE(no_counts.size() == 1u);
  BOOST_TEST((no_counts[0].severity == cl::Severity::warning));
  BOOST_TEST(no_counts[0].message == "p2 (2021) states no tier counts: its counts and moves are not checked");
}

BOOST_AUTO_TEST_CASE(severity_spelling) {
  BOOST_TEST(std::string(cl::to_string(cl::Severity::error)) == "error");
  BOOST_TEST((cl::severity_from_string("warning") == cl::Severity::warning));
  BOOST_CHECK_THROW(cl::severity_from_string("fatal"), cl::validation_error);
}

BOOST_AUTO_TEST_SUITE_END()
