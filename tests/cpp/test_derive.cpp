// Derivation of ratio, per-capita, growth and CAGR indicators, with reasons for missing values.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "countyleap/derive.hpp"

#include "framework_fixture.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::MissingReason)

BOOST_AUTO_TEST_SUITE(test_derive)

using namespace countyleap;

namespace {
Indicator ratio(std::string id, std::string num, std::string den, double scale, ValidRange range = {}) {
  Indicator i;
  i.id = std::move(id);
  i.kind = IndicatorKind::ratio;
  i.variable = std::move(num);
  i.denominator = std::move(den);
  i.scale = scale;
  i.range = range;
  return i;
}
Indicator growth(std::string id, std::string var, IndicatorKind kind, int years) {
  Indicator i;
  i.id = std::move(id);
  i.kind = kind;
  i.variable = std::move(var);
  i.years = years;
  return i;
}
using test_support::node;
// Three counties, 2019–2021: fiscal S&T expenditure (万元), budget expenditure (万元), invention
// patents and population (persons).
Panel county_panel() {
  Panel p({"130102", "130121", "130183"}, {"st", "budget", "patents", "pop"}, 2019, 2021);
  const double st[3][3] = {{4000, 5000, 6500}, {1000, 1000, 1210}, {800, 0, 900}};
  for (int r = 0; r < 3; ++r)
    for (int t = 0; t < 3; ++t) p.set(r, 0, t, st[r][t]);
  p.set(0, 1, 2, 400000);  // 130102 budget 2021
  p.set(1, 1, 2, 0);       // 130121 budget 2021 = 0 → zero denominator
  // 130183 budget 2021 missing
  p.set(0, 2, 2, 6000);
  p.set(0, 3, 2, 500000);
  return p;
}
Framework county_framework() {
  return Framework({Variable{"st"}, Variable{"budget"}, Variable{"patents"}, Variable{"pop"}},
                   {ratio("st_share", "st", "budget", 100, ValidRange{0, 100}), ratio("patents_per_10k", "patents", "pop", 10000),
                    growth("st_growth", "st", IndicatorKind::growth, 1), growth("st_cagr2", "st", IndicatorKind::cagr, 2)},
                   {node("root", ""), node("st_share", "root"), node("patents_per_10k", "root"), node("st_growth", "root"),
                    node("st_cagr2", "root")});
}
const DerivationIssue* find_issue(const Derived& d, const std::string& ind, Panel::Index r, int year) {
  for (const auto& i : d.issues)
    if (i.indicator == ind && i.region == r && i.year == year) return &i;
  return nullptr;
}
}  // namespace

BOOST_AUTO_TEST_CASE(ratios_by_hand) {
  const Derived d = derive(county_panel(), county_framework());
  const Panel& p = d.panel;
  const auto share = p.variable_index("st_share"), per10k = p.variable_index("patents_per_10k");
  // 6500 / 400000 × 100 = 1.625 %
  BOOST_TEST(p(0, share, 2) == 1.625, boost::test_tools::tolerance(1e-12));
  // 6000 patents / 500000 persons × 10000 = 120 per 10k residents
  BOOST_TEST(p(0, per10k, 2) == 120.0, boost::test_tools::tolerance(1e-12));
  // the raw variables are kept unchanged, first, in their order
  BOOST_TEST(p.variables()[0] == "st");
  BOOST_TEST(p(2, 0, 1) == 0.0);
}

BOOST_AUTO_TEST_CASE(zero_or_missing_denominator_is_missing_with_reason) {
  const Derived d = derive(county_panel(), county_framework());
  const auto share = d.panel.variable_index("st_share");
  BOOST_TEST(!d.panel.has(1, share, 2));
  const auto* zero = find_issue(d, "st_share", 1, 2021);
  BOOST_REQUIRE(zero);
  BOOST_TEST(zero->reason == MissingReason::denominator_zero);
  BOOST_TEST(zero->detail.find("budget") != std::string::npos);
  const auto* missing = find_issue(d, "st_share", 2, 2021);
  BOOST_REQUIRE(missing);
  BOOST_TEST(missing->reason == MissingReason::denominator_missing);
  for (double x : d.panel.data()) BOOST_TEST(!std::isinf(x));
}

BOOST_AUTO_TEST_CASE(growth_and_cagr_by_hand) {
  const Derived d = derive(county_panel(), county_framework());
  const Panel& p = d.panel;
  const auto g = p.variable_index("st_growth"), c = p.variable_index("st_cagr2");
  // 130102: 4000 → 5000 is +25 %; 5000 → 6500 is +30 %
  BOOST_TEST(p(0, g, 1) == 25.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(p(0, g, 2) == 30.0, boost::test_tools::tolerance(1e-12));
  // 130121: 1000 → 1210 over two years: sqrt(1.21) − 1 = 10 % a year
  BOOST_TEST(p(1, c, 2) == 10.0, boost::test_tools::tolerance(1e-12));
  // first year has no base year
  BOOST_TEST(find_issue(d, "st_growth", 0, 2019)->reason == MissingReason::base_year_outside);
  BOOST_TEST(find_issue(d, "st_cagr2", 0, 2020)->reason == MissingReason::base_year_outside);
  // 130183: 2020 base is 0 → growth 2021 undefined, not Inf
  BOOST_TEST(find_issue(d, "st_growth", 2, 2021)->reason == MissingReason::base_not_positive);
  BOOST_TEST(p(2, g, 1) == -100.0, boost::test_tools::tolerance(1e-12));  // 800 → 0 is −100 %
}

BOOST_AUTO_TEST_CASE(missing_source_is_recorded_for_derived_indicators) {
  const Derived d = derive(county_panel(), county_framework());
  const auto* i = find_issue(d, "patents_per_10k", 1, 2021);
  BOOST_REQUIRE(i);
  BOOST_TEST(i->reason == MissingReason::source_missing);
}

BOOST_AUTO_TEST_CASE(out_of_range_error_or_missing) {
  Panel p = county_panel();
  p.set(0, 1, 2, 5000);  // budget smaller than S&T spending: share 130 % is impossible
  try {
    derive(p, county_framework());
    BOOST_FAIL("expected a validation_error");
  } catch (const validation_error& e) {
    const std::string msg = e.what();
    BOOST_TEST(msg.find("st_share") != std::string::npos);
    BOOST_TEST(msg.find("130102") != std::string::npos);
    BOOST_TEST(msg.find("130") != std::string::npos);
  }
  DeriveOptions lenient;
  lenient.out_of_range = OutOfRange::missing;
  const Derived d = derive(p, county_framework(), lenient);
  BOOST_TEST(!d.panel.has(0, d.panel.variable_index("st_share"), 2));
  BOOST_TEST(find_issue(d, "st_share", 0, 2021)->reason == MissingReason::out_of_range);
}

BOOST_AUTO_TEST_CASE(cagr_of_negative_current_value) {
  Panel p({"130102"}, {"x"}, 2020, 2021);
  p.set(0, 0, 0, 10);
  p.set(0, 0, 1, -5);
  Indicator c = growth("c", "x", IndicatorKind::cagr, 1);
  Indicator g = growth("g", "x", IndicatorKind::growth, 1);
  const Derived d = derive(p, Framework({Variable{"x"}}, {c, g}, {node("root", ""), node("c", "root"), node("g", "root")}));
  BOOST_TEST(find_issue(d, "c", 0, 2021)->reason == MissingReason::cagr_undefined);
  BOOST_TEST(d.panel(0, d.panel.variable_index("g"), 1) == -150.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(missing_variable_is_named) {
  Panel p({"130102"}, {"st"}, 2020, 2020);
  try {
    derive(p, county_framework());
    BOOST_FAIL("expected unknown_id_error");
  } catch (const unknown_id_error& e) {
    BOOST_TEST(std::string(e.what()).find("budget") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(raw_indicator_with_other_variable_is_copied) {
  Panel p({"130102"}, {"x"}, 2020, 2020);
  p.set(0, 0, 0, 7);
  Indicator copy;
  copy.id = "y";
  copy.variable = "x";
  const Derived d = derive(p, Framework({Variable{"x"}}, {copy}, {node("root", ""), node("y", "root")}));
  BOOST_TEST(d.panel(0, d.panel.variable_index("y"), 0) == 7.0);
  BOOST_TEST(d.issues.empty());
}

BOOST_AUTO_TEST_CASE(with_indicators_derives_only_what_is_missing) {
  const Panel raw = county_panel();
  const Framework fw = county_framework();
  // every id a variable already: the panel itself
  BOOST_TEST((with_indicators(raw, fw, {"st", "pop"}) == raw));
  // st_share derived (6500 / 400000 × 100 = 1.625 % for 130102 in 2021), asked for twice, once
  const Panel p = with_indicators(raw, fw, {"st_share", "st", "st_share"});
  BOOST_TEST(p.n_variables() == raw.n_variables() + 1);
  BOOST_TEST(p(0, p.variable_index("st_share"), 2) == 1.625, boost::test_tools::tolerance(1e-12));
  BOOST_CHECK_THROW(with_indicators(raw, fw, {"no_such_indicator"}), unknown_id_error);
}

BOOST_AUTO_TEST_SUITE_END()
