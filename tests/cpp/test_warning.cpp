// Early warning: the growth rule (required vs recent growth), level and growth targets, tier
// goals against projected scores, and phase tier counts; each rule on a constructed case.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "countyleap/warning.hpp"
#include "test_support.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::TrackStatus)

BOOST_AUTO_TEST_SUITE(test_warning)

using namespace countyleap;
namespace tt = boost::test_tools;

namespace {
const double missing = std::numeric_limits<double>::quiet_NaN();

// One indicator "p" (raw, target 100, range [0, 1000]) is the whole framework, so with
// ratio_to_standard (capped) the composite score is min(p, 100).
Framework one_indicator() {
  Indicator p{"p", "", "", "pts"};
  p.range = {0, 1000};
  p.target = 100;
  return Framework({}, {p}, {Node{"index", "", "", "", 1}, Node{"p", "", "", "index", 1}});
}
PipelineSpec ratio_spec() {
  PipelineSpec spec;
  spec.normalise.options.method = NormaliseMethod::ratio_to_standard;
  return spec;
}
// Regions × years of variable p, first year 2020.
Panel panel_of(const std::vector<std::string>& codes, const std::vector<std::vector<double>>& rows) {
  Panel p(codes, {"p"}, 2020, 2020 + static_cast<int>(rows[0].size()) - 1);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t t = 0; t < rows[r].size(); ++t)
      if (!std::isnan(rows[r][t])) p.set(static_cast<Panel::Index>(r), 0, static_cast<Panel::Index>(t), rows[r][t]);
  return p;
}
WarningOptions k2() {
  WarningOptions o;
  o.projection.years = 2;
  return o;
}
RegionTier goal(std::string code, int year, std::string tier) { return RegionTier{std::move(code), year, std::move(tier)}; }
}  // namespace

BOOST_AUTO_TEST_CASE(growth_rule) {
  // higher is better: required 10 %/yr against recent growth
  BOOST_TEST((judge_growth(10, 12).status == TrackStatus::on_track));   // 10 <= 12
  BOOST_TEST((judge_growth(10, 10).status == TrackStatus::on_track));   // equal counts as on track
  BOOST_TEST((judge_growth(10, 6).status == TrackStatus::at_risk));     // 6 < 10 <= 12
  BOOST_TEST((judge_growth(10, 5).status == TrackStatus::at_risk));     // 10 <= 2 × 5 exactly
  BOOST_TEST((judge_growth(10, 4).status == TrackStatus::off_track));   // 10 > 8
  BOOST_TEST((judge_growth(10, 0).status == TrackStatus::off_track));   // no recent growth
  BOOST_TEST((judge_growth(10, -3).status == TrackStatus::off_track));
  BOOST_TEST((judge_growth(-5, -3).status == TrackStatus::on_track));   // may fall 5 %, falls 3 %
  BOOST_TEST((judge_growth(10, 4, Direction::higher_is_better, 3).status == TrackStatus::at_risk));  // 10 <= 3 × 4
  BOOST_TEST(judge_growth(10, 4).reason == "required growth 10 %/yr > 2 × recent growth 4 %/yr");
  BOOST_TEST(judge_growth(10, 6).reason == "recent growth 6 %/yr < required growth 10 %/yr <= 2 × recent");
  BOOST_TEST(judge_growth(10, -3).reason == "recent growth -3 %/yr is not positive; required growth 10 %/yr");
  // lower is better: the rates of decline −g are compared
  BOOST_TEST((judge_growth(-10, -12, Direction::lower_is_better).status == TrackStatus::on_track));
  BOOST_TEST((judge_growth(-10, -6, Direction::lower_is_better).status == TrackStatus::at_risk));
  BOOST_TEST((judge_growth(-10, 2, Direction::lower_is_better).status == TrackStatus::off_track));
  BOOST_TEST(judge_growth(-10, -6, Direction::lower_is_better).reason ==
             "recent decline 6 %/yr < required decline 10 %/yr <= 2 × recent");
  BOOST_TEST((judge_growth(10, missing).status == TrackStatus::no_data));
  BOOST_CHECK_THROW(judge_growth(10, 5, Direction::higher_is_better, 0.5), validation_error);
  BOOST_TEST((track_status_from_string("at_risk") == TrackStatus::at_risk));
  BOOST_CHECK_THROW(track_status_from_string("late"), validation_error);
}

BOOST_AUTO_TEST_CASE(level_targets) {
  // Target: tier A reaches p = 121 by 2024. Data 2020–2022, k = 2, base 2022: every region
  // with 100 in 2022 needs g_req = (121/100)^(1/2) − 1 = 10 %/yr (gaps' measure_gap()).
  // Recent growth g_rec = (v_2022 / v_2020)^(1/2) − 1:
  //   on:   64 → 100: (100/64)^(1/2) = 1.25 → 25 %     → 10 <= 25: on track
  //   risk: 100/1.08² → 100: 8 %                      → 8 < 10 <= 16: at risk
  //   off:  100/1.04² → 100: 4 %                      → 10 > 8: off track
  //   fall: 110 → 100: negative                       → off track
  //   met:  130 in 2022 >= 121                        → on track (met)
  //   gone: 2022 missing                              → no data
  //   zero: 0, 50, 100: CAGR from 0 undefined         → no data (recent growth undefined)
  //   low:  goal B, whose target for 2021 is 50, 2022 value 40: the target year has passed → off
  //         track (missed)
  const std::vector<std::string> codes{"on", "risk", "off", "fall", "met", "gone", "zero", "low"};
  const Panel p = panel_of(codes, {{64, 80, 100},
                                   {100 / 1.08 / 1.08, 100 / 1.08, 100},
                                   {100 / 1.04 / 1.04, 100 / 1.04, 100},
                                   {110, 105, 100},
                                   {100, 120, 130},
                                   {90, 95, missing},
                                   {0, 50, 100},
                                   {30, 35, 40}});
  std::vector<RegionTier> goals;
  for (const auto& c : codes) goals.push_back(goal(c, 2024, "A"));
  goals.back() = goal("low", 2021, "B");
  const std::vector<IndicatorTarget> targets{{"p", "A", 2024, 121, "pts", "§1", ""}, {"p", "B", 2021, 50, "pts", "§1", ""}};
  const Plan plan({}, TierScheme::hebei(), {}, {}, goals, targets, {});
  const auto w = warn_targets(p, one_indicator(), plan, k2());
  BOOST_TEST_REQUIRE(w.size() == codes.size());
  const std::vector<TrackStatus> expected{TrackStatus::on_track,  TrackStatus::at_risk, TrackStatus::off_track,
                                          TrackStatus::off_track, TrackStatus::on_track, TrackStatus::no_data,
                                          TrackStatus::no_data,   TrackStatus::off_track};
  for (std::size_t i = 0; i < codes.size(); ++i) {
    BOOST_TEST_CONTEXT(codes[i]) {
      BOOST_TEST(w[i].region == codes[i]);
      BOOST_TEST((w[i].status == expected[i]));
      BOOST_TEST((w[i].kind == TargetKind::level));
    }
  }
  BOOST_TEST(w[0].required_growth_pct == 10.0, tt::tolerance(1e-10));
  BOOST_TEST(w[0].recent_growth_pct == 25.0, tt::tolerance(1e-10));
  BOOST_TEST(w[0].recent == "cagr 2020\u20132022: 25 %/yr");
  BOOST_TEST(w[1].recent_growth_pct == 8.0, tt::tolerance(1e-10));
  BOOST_TEST(w[1].reason == "recent growth 8 %/yr < required growth 10 %/yr <= 2 × recent; 100 vs 121 by 2024");
  BOOST_TEST(w[2].recent_growth_pct == 4.0, tt::tolerance(1e-10));
  BOOST_TEST(w[4].reason == "met: 130 vs 121 by 2024");
  BOOST_TEST(w[5].reason == "p is missing in 2022");
  BOOST_TEST(w[6].reason.find("recent growth undefined") == 0u);
  BOOST_TEST(w[7].tier == "B");
  BOOST_TEST(w[7].reason == "missed: 40 vs 50 by 2021 (data of 2022)");
}

BOOST_AUTO_TEST_CASE(growth_targets) {
  // average 30 %/yr 2021–2025 (under way at base 2022): a region at 100 in 2021 must reach
  // 100 × 1.3⁴ = 285.61 in 2025. Region "g": 2021 100, 2022 120 → g_req = (285.61/120)^(1/3) − 1
  // = 33.5 %/yr (numpy: (285.61/120)**(1/3)-1 = 0.335...); recent (k = 2, 2020 → 2022):
  // 80 → 120 = 22.47 %/yr → 33.5 <= 44.9: at risk.
  // every year 15 % 2021–2025: "g" grew 20 % in 2022 → judged by the rate: 15 <= 22.47: on track;
  // "h" grew 10 % in 2022 (100 → 110) → fell short: off track.
  // average 10 %/yr 2020–2022 (ended): "g" 80 → 120 realised 22.47 %: on track; "h" 100 → 110
  // realised 4.88 %: off track.
  const Panel p = panel_of({"g", "h"}, {{80, 100, 120}, {100, 100, 110}});
  const std::vector<GrowthTarget> growth{{"p", 30, GrowthRule::average_annual, 2021, 2025},
                                         {"p", 15, GrowthRule::each_year, 2021, 2025},
                                         {"p", 10, GrowthRule::average_annual, 2020, 2022}};
  const Plan plan({}, TierScheme::hebei(), {}, {}, {}, {}, growth);
  const auto w = warn_targets(p, one_indicator(), plan, k2());
  BOOST_TEST_REQUIRE(w.size() == 6u);
  const double recent_g = (std::sqrt(120.0 / 80.0) - 1) * 100;  // 22.47
  BOOST_TEST((w[0].kind == TargetKind::growth));
  BOOST_TEST(w[0].target == 285.61, tt::tolerance(1e-12));
  BOOST_TEST(w[0].required_growth_pct == (std::cbrt(285.61 / 120) - 1) * 100, tt::tolerance(1e-12));
  BOOST_TEST(w[0].required_growth_pct == 33.5, tt::tolerance(2e-3));
  BOOST_TEST(w[0].recent_growth_pct == recent_g, tt::tolerance(1e-12));
  BOOST_TEST((w[0].status == TrackStatus::at_risk));
  BOOST_TEST((w[2].status == TrackStatus::on_track));   // g, every year 15 %
  BOOST_TEST(w[2].required_growth_pct == 15.0);
  BOOST_TEST((w[3].status == TrackStatus::off_track));  // h fell short in 2022
  BOOST_TEST(w[3].reason.find("fell short in a year: lowest realised 10 %/yr") == 0u);
  BOOST_TEST((w[4].status == TrackStatus::on_track));   // g, ended span met
  BOOST_TEST((w[5].status == TrackStatus::off_track));  // h, ended span missed
  BOOST_TEST(w[5].reason.find("unmet: realised 4.881 %/yr 2020\u20132022") == 0u);
}

namespace {
// Four regions with flat or growing p (score = min(p, 100)), data 2020–2022.
//   a: 64, 80, 100   → 2024 projection (k = 2, +25 %/yr) 156.25 → score 100 → A
//   b: 77, 77, 77    → 77 → B, 3 points below A
//   c: 70, 70, 70    → 70 → B, 10 points below A
//   d: 65, 65, 65    → 65 → B
Panel four_regions() {
  return panel_of({"a", "b", "c", "d"}, {{64, 80, 100}, {77, 77, 77}, {70, 70, 70}, {65, 65, 65}});
}
}  // namespace

BOOST_AUTO_TEST_CASE(tier_goals) {
  const std::vector<RegionTier> goals{goal("a", 2024, "A"), goal("b", 2024, "A"), goal("c", 2024, "A"),
                                      goal("d", 2024, "B"), goal("b", 2022, "A"), goal("x", 2019, "A")};
  const Plan plan({}, TierScheme::hebei(), {}, {}, goals, {}, {});
  const EarlyWarning e = early_warning(four_regions(), one_indicator(), ratio_spec(), plan, k2());
  BOOST_TEST_REQUIRE(e.years.size() == 2u);  // 2022 observed, 2024 projected; 2019 is before the data
  BOOST_TEST(!e.years[0].projected);
  BOOST_TEST(e.years[1].projected);
  BOOST_TEST(e.years[1].basis == "projected to 2024 from 2020\u20132022 (cagr, k = 2)");
  const auto& g = e.goals;
  BOOST_TEST_REQUIRE(g.size() == 6u);
  BOOST_TEST((g[0].status == TrackStatus::on_track));  // a: projected 100 >= 80
  BOOST_TEST(g[0].score == 100.0, tt::tolerance(1e-12));
  BOOST_TEST((g[1].status == TrackStatus::at_risk));   // b: 77, 3 <= 5 below 80
  BOOST_TEST(g[1].gap == 3.0, tt::tolerance(1e-12));
  BOOST_TEST(g[1].boundary == 80.0);
  BOOST_TEST(g[1].reason == "projected 77 (B) vs A from 80: 3 points short, within the margin of 5");
  BOOST_TEST((g[2].status == TrackStatus::off_track));  // c: 10 > 5 below 80
  BOOST_TEST((g[3].status == TrackStatus::on_track));   // d: B goal, B projected
  // an observed year is a result: b's 77 in 2022 missed A, within the margin or not
  BOOST_TEST((g[4].status == TrackStatus::off_track));
  BOOST_TEST(!g[4].projected);
  BOOST_TEST(g[4].reason == "score 77 (B) vs A from 80: 3 points short, goal missed");
  BOOST_TEST((g[5].status == TrackStatus::no_data));
  // a wider margin makes c at risk too
  WarningOptions wide = k2();
  wide.score_margin = 10;
  BOOST_TEST((warn_tier_goals(plan, e.years, wide)[2].status == TrackStatus::at_risk));
}

BOOST_AUTO_TEST_CASE(phase_counts) {
  // projected 2024: A {a}, B {b, c, d}, C {} (see four_regions)
  //   p_reach: A 2, B 2 → at least A: 1 < 2; b is 3 points below A (margin 5): within reach → at risk
  //   p_far:   A 3, B 1 → at least A: 1 < 3; within reach 2 < 3 → off track
  //   p_ok:    A 1, B 3 → on track
  //   p_2022 (observed): A 1, B 3 → on track; A 2 would be off track (no at-risk for results)
  auto phase = [](std::string id, int year, int a, int b) {
    Phase p;
    p.id = std::move(id);
    p.evaluation_year = year;
    p.tier_counts = {{"A", a}, {"B", b}, {"C", 0}};
    return p;
  };
  Phase base = phase("baseline", 2021, 1, 3);
  base.baseline = true;
  const std::vector<Phase> phases{base, phase("p_reach", 2024, 2, 2), phase("p_far", 2024, 3, 1), phase("p_ok", 2024, 1, 3),
                                  phase("p_2022", 2022, 2, 2)};
  const std::vector<RegionTier> goals{goal("a", 2024, "A"), goal("b", 2024, "A"), goal("c", 2024, "B"), goal("d", 2024, "C")};
  const Plan plan({}, TierScheme::hebei(), phases, {}, goals, {}, {});
  const EarlyWarning e = early_warning(four_regions(), one_indicator(), ratio_spec(), plan, k2());
  const auto& w = e.phases;
  BOOST_TEST_REQUIRE(w.size() == 4u);  // the baseline is not judged
  BOOST_TEST(w[0].phase == "p_reach");
  BOOST_TEST((w[0].status == TrackStatus::at_risk));
  BOOST_TEST(w[0].tiers[0].count == 1);
  BOOST_TEST(w[0].tiers[0].target == 2);
  BOOST_TEST(w[0].tiers[0].within_reach == 2);
  BOOST_TEST(w[0].tiers[1].at_least == 4);
  BOOST_TEST(w[0].tiers[1].target_at_least == 4);
  BOOST_TEST((w[0].behind == std::vector<std::string>{"b"}));  // goal A, projected B
  BOOST_TEST((w[0].ahead == std::vector<std::string>{"d"}));   // goal C, projected B
  BOOST_TEST((w[0].near == std::vector<std::string>{"b"}));
  BOOST_TEST(w[0].reason == "at least A: 1 < 2; reached if the 1 regions within 5 points of the next tier move up");
  BOOST_TEST((w[1].status == TrackStatus::off_track));
  BOOST_TEST(w[1].reason == "at least A: 1 < 3 (within reach: A: 2 < 3)");
  BOOST_TEST((w[2].status == TrackStatus::on_track));
  BOOST_TEST((w[3].status == TrackStatus::off_track));  // observed 2022: A has 1 (a at 100), not 2
  BOOST_TEST(!w[3].projected);
  BOOST_TEST(w[3].near.empty());
}

BOOST_AUTO_TEST_CASE(bad_options) {
  const Plan plan({}, TierScheme::hebei(), {}, {}, {}, {}, {});
  WarningOptions o;
  o.growth_factor = 0.9;
  BOOST_CHECK_THROW(early_warning(four_regions(), one_indicator(), ratio_spec(), plan, o), validation_error);
  o = {};
  o.score_margin = -1;
  BOOST_CHECK_THROW(early_warning(four_regions(), one_indicator(), ratio_spec(), plan, o), validation_error);
  o = {};
  o.projection.base_year = 2030;  // after the panel: the error names 2030, not a later year that fails
  const std::string message = test_support::message_of<unknown_id_error>(
      [&] { early_warning(four_regions(), one_indicator(), ratio_spec(), plan, o); });
  BOOST_TEST(message.find("2030") != std::string::npos, message);
  // data up to the panel's first year only: the goals of later years cannot be projected, and the
  // error says why (not a normalisation that found no values)
  const Plan later({}, TierScheme::hebei(), {}, {}, {goal("a", 2024, "A")}, {}, {});
  o = {};
  o.projection.base_year = four_regions().first_year();
  const std::string why = test_support::message_of<validation_error>(
      [&] { early_warning(four_regions(), one_indicator(), ratio_spec(), later, o); });
  BOOST_TEST(why.find("at least two years") != std::string::npos, why);
}

BOOST_AUTO_TEST_SUITE_END()
