#include <boost/test/unit_test.hpp>

// Gaps to indicator targets and realised growth against growth targets, on a hand-made panel of
// three counties; every expected number is worked out by hand in the comments.

#include <cmath>
#include <string>
#include <vector>

#include "countyleap/derive.hpp"
#include "countyleap/gaps.hpp"

#include "framework_fixture.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::GapStatus)
BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::GrowthNeed)
BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::GrowthStatus)

BOOST_AUTO_TEST_SUITE(test_gaps)

namespace cl = countyleap;
namespace tt = boost::test_tools;

namespace {

const double kNaN = std::nan("");

cl::Indicator indicator(std::string id, cl::Direction d = cl::Direction::higher_is_better) {
  cl::Indicator i;
  i.id = std::move(id);
  i.direction = d;
  return i;
}
using test_support::node;

// fiscal_st_exp (万元, raw), patents_per_10k (invention_patents / population × 10000) and
// energy_intensity (lower is better); rd_exp is a variable with a growth target only.
cl::Framework framework() {
  cl::Indicator patents = indicator("patents_per_10k");
  patents.kind = cl::IndicatorKind::ratio;
  patents.variable = "invention_patents";
  patents.denominator = "population";
  patents.scale = 10000;
  return cl::Framework({cl::Variable{"invention_patents"}, cl::Variable{"population"}, cl::Variable{"rd_exp"}},
                       {indicator("fiscal_st_exp"), patents, indicator("energy_intensity", cl::Direction::lower_is_better)},
                       {node("root", ""), node("fiscal_st_exp", "root"), node("patents_per_10k", "root"),
                        node("energy_intensity", "root")});
}

const std::vector<std::string> kCodes{"130121", "130123", "130125"};

// Raw statistics 2019–2022 (rows: the three counties).
cl::Panel raw_panel() {
  cl::Panel p(kCodes, {"fiscal_st_exp", "invention_patents", "population", "energy_intensity", "rd_exp"}, 2019, 2022);
  auto put = [&](const std::string& var, const std::vector<std::vector<double>>& by_region) {
    for (std::size_t r = 0; r < by_region.size(); ++r)
      for (std::size_t t = 0; t < by_region[r].size(); ++t)
        if (!std::isnan(by_region[r][t]))
          p.set(static_cast<cl::Panel::Index>(r), p.variable_index(var), static_cast<cl::Panel::Index>(t), by_region[r][t]);
  };
  put("fiscal_st_exp", {{2500, 4000, 5000, 6000}, {1000, 0, 1200, 1300}, {kNaN, 3000, 3500, 4100}});
  put("invention_patents", {{250, 300, 320, 340}, {40, 50, 60, 70}, {80, 90, 100, 110}});
  put("population", {{250000, 250000, 250000, 250000}, {kNaN, kNaN, kNaN, kNaN}, {200000, 200000, 200000, 200000}});
  put("energy_intensity", {{0.9, 0.8, 0.7, 0.6}, {1.0, 0.9, 0.9, 0.8}, {1.2, 1.1, 1.0, 0.9}});
  put("rd_exp", {{100, 120, 138, 160}, {100, 130, 140, 170}, {100, kNaN, 120, 150}});
  return p;
}
const cl::Panel& derived() {
  static const cl::Panel p = cl::derive(raw_panel(), framework()).panel;
  return p;
}

cl::IndicatorTarget target(std::string ind, std::string tier, int year, double value) {
  cl::IndicatorTarget t;
  t.indicator = std::move(ind);
  t.tier = std::move(tier);
  t.year = year;
  t.value = value;
  t.unit = "u";
  t.section = "§x";
  return t;
}
cl::GrowthTarget growth(std::string var, double rate, cl::GrowthRule rule) {
  cl::GrowthTarget g;
  g.variable = std::move(var);
  g.min_rate_pct = rate;
  g.rule = rule;
  g.from_year = 2019;
  g.to_year = 2025;
  return g;
}
// Goals 2022: 130121 A, 130123 B, 130125 none. Targets 2022 as in the Shijiazhuang plan for the
// first two (fiscal A 7000 / B 4000, patents A 12 / B 4), energy intensity A 0.5 / B 0.9, and one
// 2021 target (fiscal A 5500).
cl::Plan plan() {
  return cl::Plan({}, cl::TierScheme::hebei(), {}, {},
                  {cl::RegionTier{"130121", 2022, "A", false, ""}, cl::RegionTier{"130123", 2022, "B", false, ""}},
                  {target("fiscal_st_exp", "A", 2022, 7000), target("fiscal_st_exp", "B", 2022, 4000),
                   target("patents_per_10k", "A", 2022, 12), target("patents_per_10k", "B", 2022, 4),
                   target("energy_intensity", "A", 2022, 0.5), target("energy_intensity", "B", 2022, 0.9),
                   target("fiscal_st_exp", "A", 2021, 5500)},
                  {growth("fiscal_st_exp", 30, cl::GrowthRule::average_annual), growth("rd_exp", 15, cl::GrowthRule::each_year)});
}

bool p_value_in_doubles_below_12() { return 300.0 / 250000.0 * 10000.0 < 12.0; }

const cl::Gap& row(const cl::GapTable& t, const std::string& region, const std::string& indicator, int year = 2022) {
  for (const auto& g : t.rows)
    if (g.region == region && g.indicator == indicator && g.target_year == year) return g;
  BOOST_FAIL("no gap row " + region + " " + indicator);
  return t.rows.front();
}

}  // namespace

BOOST_AUTO_TEST_CASE(measure_gap_worked_example) {
  // The brief's example: 4,000 万元 against 7,000 万元 two years ahead.
  // gap = 7000 − 4000 = 3000; relative 3000/7000 = 0.428571…; attainment 4000/7000 = 0.571428…;
  // required growth (7000/4000)^(1/2) − 1 = sqrt(1.75) − 1 = 1.3228757 − 1 = 32.29 % a year.
  const cl::GapMeasures m = cl::measure_gap(4000, 7000, cl::Direction::higher_is_better, 2);
  BOOST_TEST(m.gap == 3000);
  BOOST_TEST(m.relative_gap == 3.0 / 7.0, tt::tolerance(1e-12));
  BOOST_TEST(m.attainment == 4.0 / 7.0, tt::tolerance(1e-12));
  BOOST_TEST(m.required_growth_pct == 32.28756555322954, tt::tolerance(1e-12));
  BOOST_TEST((m.growth_need == cl::GrowthNeed::computed));
  BOOST_TEST((m.status == cl::GapStatus::unmet));
  BOOST_TEST(m.years_left == 2);
}

BOOST_AUTO_TEST_CASE(measure_gap_edge_cases) {
  // n = 0 (target year = data year): the gap must already be closed; no rate, status tells
  cl::GapMeasures m = cl::measure_gap(6000, 7000, cl::Direction::higher_is_better, 0);
  BOOST_TEST((m.growth_need == cl::GrowthNeed::no_time_left));
  BOOST_TEST(std::isnan(m.required_growth_pct));
  BOOST_TEST((m.status == cl::GapStatus::unmet));
  m = cl::measure_gap(8000, 7000, cl::Direction::higher_is_better, -1);  // past the target year, met
  BOOST_TEST((m.growth_need == cl::GrowthNeed::no_time_left));
  BOOST_TEST((m.status == cl::GapStatus::met));
  BOOST_TEST(m.gap == -1000);  // met by 1000
  // value 0: no growth rate takes 0 to 7000 — undefined, NaN, never Inf; attainment 0
  m = cl::measure_gap(0, 7000, cl::Direction::higher_is_better, 2);
  BOOST_TEST((m.growth_need == cl::GrowthNeed::undefined));
  BOOST_TEST(std::isnan(m.required_growth_pct));
  BOOST_TEST(m.attainment == 0);
  BOOST_TEST(m.relative_gap == 1);
  // negative value: undefined too
  BOOST_TEST((cl::measure_gap(-5, 7000, cl::Direction::higher_is_better, 2).growth_need == cl::GrowthNeed::undefined));
  // target 0: relative gap and attainment undefined
  m = cl::measure_gap(3, 0, cl::Direction::higher_is_better, 2);
  BOOST_TEST(std::isnan(m.relative_gap));
  BOOST_TEST(std::isnan(m.attainment));
  BOOST_TEST((m.status == cl::GapStatus::met));
  // missing value: no data, every measure NaN
  m = cl::measure_gap(kNaN, 7000, cl::Direction::higher_is_better, 2);
  BOOST_TEST((m.status == cl::GapStatus::no_data));
  BOOST_TEST((m.growth_need == cl::GrowthNeed::no_data));
  BOOST_TEST(std::isnan(m.gap));
  BOOST_TEST(std::isnan(m.attainment));
  // lower is better, value 0: attainment target/value undefined
  BOOST_TEST(std::isnan(cl::measure_gap(0, 0.5, cl::Direction::lower_is_better, 2).attainment));
  BOOST_CHECK_THROW(cl::measure_gap(1, kNaN, cl::Direction::higher_is_better, 2), cl::validation_error);
  BOOST_CHECK_THROW(cl::measure_gap(INFINITY, 1, cl::Direction::higher_is_better, 2), cl::validation_error);
}

BOOST_AUTO_TEST_CASE(gaps_by_goal_tier) {
  cl::GapOptions o;
  o.target_year = 2022;
  const cl::GapTable t = cl::target_gaps(derived(), framework(), plan(), 2020, o);
  // 130121 (goal A): three A targets; 130123 (goal B): three B targets; 130125 has no goal
  BOOST_TEST(t.rows.size() == 6u);
  BOOST_TEST_REQUIRE(t.without_goal.size() == 1u);
  BOOST_TEST(t.without_goal[0].code == "130125");
  BOOST_TEST(t.without_goal[0].year == 2022);

  // 130121 fiscal 2020: 4000 against 7000 in 2 years (the worked example above)
  const cl::Gap& f = row(t, "130121", "fiscal_st_exp");
  BOOST_TEST(f.tier == "A");
  BOOST_TEST(f.value == 4000);
  BOOST_TEST(f.target == 7000);
  BOOST_TEST(f.data_year == 2020);
  BOOST_TEST(f.years_left == 2);
  BOOST_TEST(f.required_growth_pct == 32.28756555322954, tt::tolerance(1e-12));
  BOOST_TEST(f.unit == "u");
  BOOST_TEST(f.section == "§x");
  // 130121 patents: 300 / 250000 × 10000 = 12 = the A target: met, gap 0, no growth needed. In
  // doubles the ratio is 11.999999999999998: met only through measure_gap's 1e-9 relative slack.
  BOOST_TEST(p_value_in_doubles_below_12());
  const cl::Gap& p = row(t, "130121", "patents_per_10k");
  BOOST_TEST(p.value == 12, tt::tolerance(1e-12));
  BOOST_TEST((p.status == cl::GapStatus::met));
  BOOST_TEST(p.gap == 0, tt::tolerance(1e-12));
  BOOST_TEST(p.required_growth_pct == 0, tt::tolerance(1e-9));
  // 130121 energy intensity (lower is better): 0.8 against 0.5. gap = 0.8 − 0.5 = 0.3 (to go);
  // relative 0.3/0.5 = 0.6; attainment 0.5/0.8 = 0.625; required change
  // (0.5/0.8)^(1/2) − 1 = sqrt(0.625) − 1 = 0.7905694 − 1 = −20.94 % a year (it must fall)
  const cl::Gap& e = row(t, "130121", "energy_intensity");
  BOOST_TEST((e.direction == cl::Direction::lower_is_better));
  BOOST_TEST(e.gap == 0.3, tt::tolerance(1e-12));
  BOOST_TEST(e.relative_gap == 0.6, tt::tolerance(1e-12));
  BOOST_TEST(e.attainment == 0.625, tt::tolerance(1e-12));
  BOOST_TEST(e.required_growth_pct == -20.943058495790512, tt::tolerance(1e-12));
  BOOST_TEST((e.status == cl::GapStatus::unmet));
  // 130123 (goal B): fiscal 0 against 4000 (growth undefined); patents missing (no population);
  // energy 0.9 = the B target 0.9: met (lower is better, <=)
  const cl::Gap& f2 = row(t, "130123", "fiscal_st_exp");
  BOOST_TEST(f2.tier == "B");
  BOOST_TEST(f2.gap == 4000);
  BOOST_TEST((f2.growth_need == cl::GrowthNeed::undefined));
  BOOST_TEST((row(t, "130123", "patents_per_10k").status == cl::GapStatus::no_data));
  BOOST_TEST((row(t, "130123", "energy_intensity").status == cl::GapStatus::met));
}

BOOST_AUTO_TEST_CASE(gaps_for_a_chosen_tier_year_and_region) {
  cl::GapOptions o;
  o.tier = "B";
  o.regions = {"130125"};
  o.indicators = {"fiscal_st_exp"};
  const cl::GapTable t = cl::target_gaps(derived(), framework(), plan(), 2022, o);
  // 130125 against B: fiscal 4100 >= 4000 in 2022, n = 0: met with nothing left to grow
  BOOST_TEST_REQUIRE(t.rows.size() == 1u);
  BOOST_TEST(t.without_goal.empty());
  BOOST_TEST(t.rows[0].gap == -100);
  BOOST_TEST(t.rows[0].attainment == 4100.0 / 4000.0, tt::tolerance(1e-12));
  BOOST_TEST((t.rows[0].status == cl::GapStatus::met));
  BOOST_TEST((t.rows[0].growth_need == cl::GrowthNeed::no_time_left));

  // every target year by goal: the 2021 target (fiscal A 5500) finds no 2021 goal for anyone
  o = {};
  o.indicators = {"fiscal_st_exp"};
  const cl::GapTable all = cl::target_gaps(derived(), framework(), plan(), 2021, o);
  BOOST_TEST(all.rows.size() == 2u);          // 130121 A 7000, 130123 B 4000 (2022)
  BOOST_TEST(all.without_goal.size() == 4u);  // 130121, 130123, 130125 in 2021; 130125 in 2022
  // 130121 in 2021: 5000 against 7000 in 1 year: (7000/5000) − 1 = 40 %
  BOOST_TEST(row(all, "130121", "fiscal_st_exp").required_growth_pct == 40, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(gaps_errors_name_the_culprit) {
  cl::GapOptions o;
  o.tier = "D";
  BOOST_CHECK_THROW(cl::target_gaps(derived(), framework(), plan(), 2020, o), cl::unknown_id_error);
  BOOST_CHECK_THROW(cl::target_gaps(derived(), framework(), plan(), 2030), cl::unknown_id_error);
  try {  // the raw panel lacks the derived ratio
    cl::target_gaps(raw_panel(), framework(), plan(), 2020);
    BOOST_FAIL("expected unknown_id_error");
  } catch (const cl::unknown_id_error& e) {
    BOOST_TEST(std::string(e.what()).find("patents_per_10k") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(target_year_for_data_years) {
  // the plan's target years are 2021 and 2022
  BOOST_TEST(cl::target_year_for(plan(), 2019) == 2021);
  BOOST_TEST(cl::target_year_for(plan(), 2022) == 2022);
  BOOST_TEST(cl::target_year_for(plan(), 2024) == 2022);
  BOOST_TEST(cl::target_year_for(cl::Plan(), 2024) == 0);
}

BOOST_AUTO_TEST_CASE(growth_average_annual) {
  // fiscal_st_exp >= 30 % a year on average from 2019, data up to 2021:
  // 130121: (5000/2500)^(1/2) − 1 = sqrt(2) − 1 = 41.42 %: met
  // 130123: (1200/1000)^(1/2) − 1 = 9.54 %: unmet (the 0 in 2020 does not matter to the CAGR)
  // 130125: 2019 missing: insufficient data
  const auto checks = cl::growth_checks(derived(), plan(), 2021);
  BOOST_TEST_REQUIRE(checks.size() == 6u);  // 2 targets × 3 regions
  BOOST_TEST(checks[0].region == "130121");
  BOOST_TEST(checks[0].realised_pct == 41.421356237309515, tt::tolerance(1e-12));
  BOOST_TEST((checks[0].status == cl::GrowthStatus::met));
  BOOST_TEST(checks[0].to_year == 2021);
  // yearly: 4000/2500 − 1 = 60 %, 5000/4000 − 1 = 25 %
  BOOST_TEST_REQUIRE(checks[0].yearly_pct.size() == 2u);
  BOOST_TEST(checks[0].yearly_pct[0] == 60, tt::tolerance(1e-12));
  BOOST_TEST(checks[0].yearly_pct[1] == 25, tt::tolerance(1e-12));
  BOOST_TEST(checks[1].realised_pct == 9.544511501033215, tt::tolerance(1e-12));
  BOOST_TEST((checks[1].status == cl::GrowthStatus::unmet));
  BOOST_TEST(std::isnan(checks[1].yearly_pct[1]));  // 1200 / 0: no growth from a zero base
  BOOST_TEST((checks[2].status == cl::GrowthStatus::insufficient_data));
  BOOST_TEST(checks[2].detail.find("fiscal_st_exp 2019 is missing") != std::string::npos);
  // data up to 2022 for 130121: (6000/2500)^(1/3) − 1 = 2.4^(1/3) − 1 = 33.89 %: still met
  BOOST_TEST(cl::growth_checks(derived(), plan(), 2022, {"130121"})[0].realised_pct == 33.886590016433904,
             tt::tolerance(1e-12));
  // no year after the base year yet
  const auto early = cl::growth_checks(derived(), plan(), 2019, {"130121"});
  BOOST_TEST((early[0].status == cl::GrowthStatus::insufficient_data));
  BOOST_TEST(early[0].detail == "no year after the base year 2019 up to 2019");
}

BOOST_AUTO_TEST_CASE(growth_each_year) {
  // rd_exp >= 15 % every year from 2019, data up to 2022:
  // 130121: 100 → 120 → 138 → 160: 20 %, 15 % (138/120 = 1.15 gives 14.999999999999991 in
  //         doubles, within the 1e-9 tolerance), 15.94 %: met, lowest 15 %
  // 130123: 100 → 130 → 140 → 170: 30 %, 7.69 %, 21.43 %: unmet, lowest 7.69 %
  // 130125: 100 → missing → 120 → 150: only 2022 measurable (25 %): insufficient data
  const auto checks = cl::growth_checks(derived(), plan(), 2022);
  const cl::GrowthCheck& a = checks[3];
  BOOST_TEST(a.variable == "rd_exp");
  BOOST_TEST((a.rule == cl::GrowthRule::each_year));
  BOOST_TEST((a.status == cl::GrowthStatus::met));
  BOOST_TEST(a.realised_pct == 15, tt::tolerance(1e-12));
  BOOST_TEST(a.yearly_pct.size() == 3u);
  BOOST_TEST((checks[4].status == cl::GrowthStatus::unmet));
  BOOST_TEST(checks[4].realised_pct == 100.0 * 10.0 / 130.0, tt::tolerance(1e-12));
  const cl::GrowthCheck& c = checks[5];
  BOOST_TEST((c.status == cl::GrowthStatus::insufficient_data));
  BOOST_TEST(c.realised_pct == 25, tt::tolerance(1e-12));
  BOOST_TEST(c.detail.find("cannot be measured in 2020, 2021") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(growth_errors) {
  cl::Panel no_rd(kCodes, {"fiscal_st_exp"}, 2019, 2022);
  BOOST_CHECK_THROW(cl::growth_checks(no_rd, plan(), 2022), cl::unknown_id_error);
  BOOST_CHECK_THROW(cl::growth_checks(derived(), plan(), 2022, {"999999"}), cl::unknown_id_error);
}

BOOST_AUTO_TEST_CASE(spellings) {
  BOOST_TEST(std::string(cl::to_string(cl::GapStatus::no_data)) == "no_data");
  BOOST_TEST(std::string(cl::to_string(cl::GrowthNeed::no_time_left)) == "no_time_left");
  BOOST_TEST(std::string(cl::to_string(cl::GrowthStatus::insufficient_data)) == "insufficient_data");
}

BOOST_AUTO_TEST_SUITE_END()
