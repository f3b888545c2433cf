// The bundled illustrative panel (data/shijiazhuang/panel-illustrative.csv): the library itself,
// running the bundled default method (spec.json), reproduces the calibration of
// data/shijiazhuang/generate_panel.py — the plan's observed 2020 tiers (A 8, B 4, C 9, unit by
// unit as in plan.json) with a clear margin, and a mixed picture in 2021 and 2022.
//
// Independent values: the tiers are plan.json's `observed` list and baseline phase, plus the
// counts typed from the plan table (shared/domain/shijiazhuang-plan.md: "2020 evaluation: A 8,
// B 4, C 9"). The 2020 scores are those of the generator's own numpy implementation of the
// method (class Method in generate_panel.py: min(x / target, 1) · 100 per indicator, weighted
// means up the tree), printed by `/usr/bin/python3 data/shijiazhuang/generate_panel.py --check`
// to six decimals; the 2021 and 2022 tier counts are from the same output (the generator's
// invented storyline).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "countyleap/derive.hpp"
#include "countyleap/io/dataset.hpp"
#include "countyleap/io/spec.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/tier.hpp"

BOOST_AUTO_TEST_SUITE(test_illustrative_panel)

using namespace countyleap;
namespace tt = boost::test_tools;

namespace {

const std::string kDir = std::string(COUNTYLEAP_SOURCE_DIR) + "/data/shijiazhuang";

const io::Dataset& dataset() {
  static const io::Dataset ds = io::read_dataset(kDir);
  return ds;
}

const PipelineSpec& default_spec() {
  static const PipelineSpec spec = io::read_pipeline_spec(kDir + "/spec.json");
  return spec;
}

struct YearTiers {
  Scores scores;
  Classification tiers;
};

// The default method for one year, classified with the plan's tier scheme.
YearTiers evaluate_year(int year) {
  const io::Dataset& ds = dataset();
  YearTiers out{evaluate(*ds.panel, *ds.framework, default_spec(), year, &ds.regions), {}};
  out.tiers = classify(out.scores.composite(), ds.plan->tiers());
  return out;
}

std::string tier_of(const YearTiers& y, const std::string& code) {
  return dataset().plan->tiers().tiers[y.tiers.regions[y.scores.region_row(code)].tier].label;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_dataset_ships_the_illustrative_panel) {
  const io::Dataset& ds = dataset();
  BOOST_REQUIRE(ds.panel.has_value());
  BOOST_REQUIRE(ds.framework.has_value());
  BOOST_REQUIRE(ds.plan.has_value());
  BOOST_TEST(ds.panel_file == "panel-illustrative.csv");
  // the flag is a property of the data (dataset.json), not only of the CSV's comment lines
  BOOST_TEST(ds.info.illustrative);
  BOOST_TEST(ds.info.name == "shijiazhuang");
  const Panel& p = *ds.panel;

  // the file says what it is
  std::string comments;
  for (const auto& c : p.comments()) comments += lower(c) + "\n";
  BOOST_TEST(comments.find("illustrative") != std::string::npos);
  BOOST_TEST(comments.find("not official statistics") != std::string::npos);
  BOOST_TEST(comments.find("generate_panel.py") != std::string::npos);
  BOOST_TEST(comments.find("seed 20220319") != std::string::npos);

  // 21 in-scope units (辛集市 130181 is not among them), 2019–2022, every variable of the
  // framework, no value missing
  BOOST_TEST(p.n_regions() == 21);
  for (const auto& code : p.regions()) BOOST_TEST(ds.regions.at(code).in_scope, code);
  BOOST_TEST(!p.find_region("130181").has_value());
  BOOST_TEST(p.first_year() == 2019);
  BOOST_TEST(p.last_year() == 2022);
  BOOST_TEST(p.n_years() == 4);
  BOOST_TEST(p.n_variables() == static_cast<Panel::Index>(ds.framework->variables().size()));
  for (const auto& v : ds.framework->variables()) BOOST_TEST(p.find_variable(v.id).has_value(), v.id);
  BOOST_TEST(p.count_present() == std::size_t{21 * 22 * 4});

  // every indicator, scored or not, derives inside its range (derive() throws otherwise) and
  // without a missing value
  const Derived d = derive(p, *ds.framework);
  BOOST_TEST(d.issues.empty());
}

BOOST_AUTO_TEST_CASE(the_default_spec_is_the_ratio_to_standard_method) {
  const PipelineSpec& s = default_spec();
  BOOST_TEST((s.normalise.options.method == NormaliseMethod::ratio_to_standard));
  BOOST_TEST(s.normalise.options.scale == 100.0);
  BOOST_TEST(s.normalise.options.cap);
  BOOST_TEST((s.weights.method == WeightMethod::given));
  BOOST_TEST((s.aggregate.method == AggregationMethod::arithmetic));
  BOOST_TEST(!s.denominate);
  BOOST_TEST(!s.impute.has_value());
  BOOST_TEST(!s.screen.has_value());
  BOOST_TEST(!s.treat.has_value());
  BOOST_TEST(s.nodes.empty());
}

BOOST_AUTO_TEST_CASE(default_method_reproduces_the_plan_2020_tiers) {
  const io::Dataset& ds = dataset();
  const YearTiers y = evaluate_year(2020);
  BOOST_TEST(y.scores.year == 2020);
  BOOST_REQUIRE(y.scores.regions.size() == 21u);

  std::size_t checked = 0;
  for (const RegionTier& o : ds.plan->observed()) {
    if (o.evaluation_year != 2020) continue;
    BOOST_TEST(tier_of(y, o.code) == o.tier, o.code);
    ++checked;
  }
  BOOST_TEST(checked == 21u);

  // A 8, B 4, C 9: the plan table, and the plan's baseline phase
  BOOST_TEST(y.tiers.counts == (std::vector<std::size_t>{8, 4, 9}), tt::per_element());
  const auto baseline = std::find_if(ds.plan->phases().begin(), ds.plan->phases().end(), [](const Phase& ph) { return ph.baseline; });
  BOOST_REQUIRE(baseline != ds.plan->phases().end());
  BOOST_TEST(baseline->evaluation_year == 2020);
  for (std::size_t t = 0; t < 3; ++t)
    BOOST_TEST(static_cast<int>(y.tiers.counts[t]) == baseline->tier_counts.at(ds.plan->tiers().tiers[t].label));

  // a clear margin: no 2020 score within 0.5 points of 60 or 80, so rounding never flips a tier
  for (const TierAssignment& a : y.tiers.regions) {
    if (a.tier > 0) BOOST_TEST(a.margin_up > 0.5);
    if (a.tier < 2) BOOST_TEST(a.margin_down >= 0.5);
  }
}

BOOST_AUTO_TEST_CASE(the_library_scores_equal_the_generator_numpy_scores) {
  // 2020 composite scores from generate_panel.py (numpy), six decimals.
  const std::map<std::string, double> numpy_2020 = {
      {"130102", 87.500544}, {"130104", 76.000023}, {"130105", 84.021840}, {"130107", 44.118734},
      {"130108", 90.000088}, {"130109", 86.001641}, {"130110", 85.015643}, {"130111", 82.500013},
      {"130121", 55.000249}, {"130123", 88.518057}, {"130125", 50.000002}, {"130126", 48.000072},
      {"130127", 51.000001}, {"130128", 68.000018}, {"130129", 46.168163}, {"130130", 53.000511},
      {"130131", 49.002320}, {"130132", 82.023450}, {"130133", 73.003046}, {"130183", 65.031234},
      {"130184", 56.071116}};
  const YearTiers y = evaluate_year(2020);
  for (const auto& [code, expected] : numpy_2020)
    BOOST_TEST(y.scores.value(code, "index") == expected, code << tt::tolerance(1e-8));
}

BOOST_AUTO_TEST_CASE(later_years_are_a_mixed_picture) {
  const io::Dataset& ds = dataset();
  const Plan& plan = *ds.plan;
  // tier counts of the storyline (generate_panel.py output): 2021 A 9, B 5, C 7 against the
  // plan's 10/5/6; 2022 A 10, B 10, C 1 against 12/9/0
  const std::map<int, std::vector<std::size_t>> storyline = {{2021, {9, 5, 7}}, {2022, {10, 10, 1}}};
  for (const auto& [year, counts] : storyline) {
    const YearTiers y = evaluate_year(year);
    BOOST_TEST(y.tiers.counts == counts, tt::per_element());
    std::vector<std::string> met, missed;
    for (const RegionTier& g : plan.goals()) {
      if (g.evaluation_year != year) continue;
      const bool ok = plan.tiers().index_of(tier_of(y, g.code)) <= plan.tiers().index_of(g.tier);
      (ok ? met : missed).push_back(g.code);
    }
    BOOST_TEST(met.size() + missed.size() == 21u);
    BOOST_TEST(!met.empty(), year);
    BOOST_TEST(!missed.empty(), year);
  }

  // named moves of 2021: 桥西区 B→A happens, 赵县 B→A does not; 元氏县 drops from A to B in 2022
  const YearTiers y2020 = evaluate_year(2020), y2021 = evaluate_year(2021), y2022 = evaluate_year(2022);
  BOOST_TEST(tier_of(y2021, "130104") == "A");
  BOOST_TEST(tier_of(y2021, "130133") == "B");
  const auto moves = compare_years(y2021.tiers, y2022.tiers);
  BOOST_TEST((moves[y2022.scores.region_row("130132")].move == TierMove::drop));
  BOOST_TEST((compare_years(y2020.tiers, y2021.tiers)[y2021.scores.region_row("130104")].move == TierMove::jump));

  // local fiscal S&T expenditure (plan: >= 30 % a year): some units grow that fast, some do not
  const Panel& p = *ds.panel;
  const auto v = p.variable_index("fiscal_st_exp");
  for (int year : {2021, 2022}) {
    int fast = 0, slow = 0;
    for (Panel::Index r = 0; r < p.n_regions(); ++r) {
      const double growth = p(r, v, p.year_index(year)) / p(r, v, p.year_index(year - 1)) - 1;
      (growth >= 0.30 ? fast : slow) += 1;
    }
    BOOST_TEST(fast > 0, year);
    BOOST_TEST(slow > 0, year);
  }
}

BOOST_AUTO_TEST_SUITE_END()
