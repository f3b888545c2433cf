// Validation rules as data (countyleap/rules.hpp): the defaults derived from the bundled framework,
// each rule kind on a hand-made submission, rules.json round trip and its errors.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "countyleap/io/json.hpp"
#include "countyleap/rules.hpp"
#include "test_support.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::RuleSeverity)

BOOST_AUTO_TEST_SUITE(test_rules)

using namespace countyleap;
using test_support::expect_throw;

namespace {

const std::string data_dir = std::string(COUNTYLEAP_SOURCE_DIR) + "/data/shijiazhuang/";

struct Bundled {
  RegionSet regions = io::read_regions_json(data_dir + "regions.json");
  Framework framework = io::read_framework_json(data_dir + "framework.json");
  Plan plan = io::read_plan_json(data_dir + "plan.json");
  RuleSet rules = RuleSet::defaults(framework, &plan);
};

const Bundled& bundled() {
  static const Bundled b;
  return b;
}

SubmittedValue row(std::string code, std::string variable, int year, std::optional<double> value, std::string cell = "") {
  SubmittedValue v;
  v.code = std::move(code);
  v.variable = std::move(variable);
  v.year = year;
  v.value = value;
  v.sheet = cell.empty() ? "" : "data";
  v.cell = std::move(cell);
  return v;
}

ValidationReport check(const std::vector<SubmittedValue>& rows, const Panel& context = {}) {
  const Bundled& b = bundled();
  return validate(SubmittedRows(rows), b.rules, b.framework, b.regions, context);
}

// The findings of one rule.
std::vector<Finding> of_rule(const ValidationReport& r, const std::string& rule) {
  std::vector<Finding> out;
  for (const Finding& f : r.findings)
    if (f.rule == rule) out.push_back(f);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_follow_the_framework) {
  const RuleSet& rules = bundled().rules;
  // agri_industrialisation_rate is declared [0, 100] % in framework.json
  const Rule* share = rules.find("range.agri_industrialisation_rate");
  BOOST_REQUIRE(share);
  BOOST_TEST(share->lo == 0.0);
  BOOST_TEST(share->hi == 100.0);
  BOOST_TEST(share->severity == RuleSeverity::error);
  // counts: 家, 个, 件, 人, 项 units are whole numbers; 万元 and % are not
  const Rule* integer = rules.find("integer");
  BOOST_REQUIRE(integer);
  auto has = [&](const std::string& v) {
    return std::find(integer->variables.begin(), integer->variables.end(), v) != integer->variables.end();
  };
  BOOST_TEST(has("industrial_ents"));
  BOOST_TEST(has("invention_patents"));
  BOOST_TEST(has("population"));
  BOOST_TEST(!has("fiscal_st_exp"));
  BOOST_TEST(!has("agri_industrialisation_rate"));
  // fiscal_st_share = fiscal_st_exp / public_budget_exp x 100 with range [0, 100]: a part of its whole
  const Rule* pw = rules.find("part_whole.fiscal_st_share");
  BOOST_REQUIRE(pw);
  BOOST_TEST(pw->part == "fiscal_st_exp");
  BOOST_TEST(pw->whole == "public_budget_exp");
  // hightech_per_1k_ents: range [0, 1000], scale 1000 -> hightech_ents <= registered_ents
  BOOST_REQUIRE(rules.find("part_whole.hightech_per_1k_ents"));
  BOOST_TEST(rules.find("part_whole.hightech_per_1k_ents")->whole == "registered_ents");
  // patents_per_10k is unbounded above: patents may exceed 1 per resident, no part-whole rule
  BOOST_TEST(!rules.find("part_whole.patents_per_10k"));
  const Rule* yoy = rules.find("year_on_year");
  BOOST_REQUIRE(yoy);
  BOOST_TEST(yoy->factor == 3.0);
  BOOST_TEST(yoy->severity == RuleSeverity::warning);
  // the plan's phases evaluate 2020..2025: from 10 years before the first to the last
  const Rule* years = rules.find("year");
  BOOST_REQUIRE(years);
  BOOST_TEST(years->first_year == 2010);
  BOOST_TEST(years->last_year == 2025);
}

BOOST_AUTO_TEST_CASE(a_clean_submission_has_no_findings) {
  // 130123 in 2022: a share and two counts within their rules, fiscal S&T spending below the budget
  const auto r = check({row("130123", "agri_industrialisation_rate", 2022, 67.5),
                        row("130123", "industrial_ents", 2022, 112), row("130123", "fiscal_st_exp", 2022, 6321.2),
                        row("130123", "public_budget_exp", 2022, 350000)});
  BOOST_TEST(r.n_errors() == 0u);
  // The other 18 required variables of 130123/2022 are absent: one `required` warning each.
  BOOST_TEST(of_rule(r, "required").size() == 18u);
  BOOST_TEST(r.n_warnings() == 18u);
  BOOST_TEST(of_rule(r, "required")[0].row == -1);
}

BOOST_AUTO_TEST_CASE(each_shape_rule_names_the_cell) {
  SubmittedValue text = row("130123", "platforms", 2022, std::nullopt, "D7");
  text.text = "#DIV/0!";
  SubmittedValue no_reason = row("130123", "tech_smes", 2022, std::nullopt, "D8");
  SubmittedValue retracted = row("130123", "hightech_ents", 2022, 5.0, "D9");
  retracted.status = ObservationStatus::retracted;
  const auto r = check({text, no_reason, retracted, row("999999", "platforms", 2022, 3.0, "D10"),
                        row("130181", "platforms", 2022, 3.0, "D11"), row("130123", "no_such_var", 2022, 1.0, "D12"),
                        row("130123", "innovation_parks", 2022, 2.0, "D13"),
                        row("130123", "innovation_parks", 2022, 3.0, "D14")});
  BOOST_REQUIRE(r.findings.size() >= 7u);
  BOOST_TEST(r.findings[0].rule == "number");
  BOOST_TEST(r.findings[0].found == "#DIV/0!");
  BOOST_TEST(r.findings[0].where == "data!D7");
  BOOST_TEST(r.findings[1].rule == "status");  // missing without a reason
  BOOST_TEST(r.findings[1].where == "data!D8");
  BOOST_TEST(r.findings[2].rule == "status");  // retracted with a value
  BOOST_TEST(r.findings[2].expected == "no value");
  BOOST_TEST(r.findings[3].rule == "region");
  BOOST_TEST(r.findings[3].found == "999999");
  BOOST_TEST(r.findings[4].rule == "region");  // 辛集市 is outside the plan's scope
  BOOST_TEST(r.findings[4].message.find("outside") != std::string::npos);
  BOOST_TEST(r.findings[5].rule == "variable");
  BOOST_TEST(r.findings[6].rule == "duplicate");
  BOOST_TEST(r.findings[6].where == "data!D14");
  BOOST_TEST(r.findings[6].message.find("data!D13") != std::string::npos);
  BOOST_TEST(r.n_errors() == 7u);
}

BOOST_AUTO_TEST_CASE(ranges_counts_units_and_years) {
  SubmittedValue unit = row("130123", "fiscal_st_exp", 2022, 5000, "D4");
  unit.unit = "元";  // declared 万元
  const auto r = check({row("130123", "agri_industrialisation_rate", 2022, 140, "D2"),  // a share of 140 %
                        row("130123", "industrial_ents", 2022, -3, "D3"),             // a negative count
                        unit, row("130123", "platforms", 2022, 12.5, "D5"),            // half a platform
                        row("130123", "platforms", 2031, 12, "D6")});                  // beyond the plan
  const auto range = of_rule(r, "range.agri_industrialisation_rate");
  BOOST_REQUIRE_EQUAL(range.size(), 1u);
  BOOST_TEST(*range[0].value == 140.0);
  BOOST_TEST(range[0].expected == "in [0, 100]");
  BOOST_TEST(range[0].where == "data!D2");
  BOOST_TEST(of_rule(r, "range.industrial_ents").size() == 1u);
  BOOST_TEST(of_rule(r, "range.industrial_ents")[0].expected == "in [0, inf]");
  BOOST_TEST(of_rule(r, "unit").size() == 1u);
  BOOST_TEST(of_rule(r, "unit")[0].expected == "万元");
  BOOST_TEST(of_rule(r, "integer").size() == 1u);
  BOOST_TEST(of_rule(r, "integer")[0].where == "data!D5");
  BOOST_TEST(of_rule(r, "year").size() == 1u);
  BOOST_TEST(of_rule(r, "year")[0].year == 2031);
  BOOST_TEST(r.has_errors());
}

BOOST_AUTO_TEST_CASE(old_codes_exist_before_their_change) {
  // 藁城市 130182 became 藁城区 130109 in 2014 (regions.json history)
  const auto before = check({row("130182", "platforms", 2013, 2)});
  BOOST_TEST(of_rule(before, "year").empty());
  const auto after = check({row("130182", "platforms", 2015, 2)});
  BOOST_REQUIRE_EQUAL(of_rule(after, "year").size(), 1u);
  BOOST_TEST(of_rule(after, "year")[0].message.find("does not exist in 2015") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(part_whole_and_year_on_year_use_the_stored_context) {
  // Stored: public_budget_exp 2022 = 1000, platforms 2021 = 4.
  Panel context({"130123"}, {"public_budget_exp", "platforms"}, 2021, 2022);
  context.set(0, 0, 1, 1000);
  context.set(0, 1, 0, 4);
  // fiscal_st_exp 1200 > its whole 1000 (from the context); platforms 4 -> 13 is x3.25 > 3
  const auto r = check({row("130123", "fiscal_st_exp", 2022, 1200, "D2"), row("130123", "platforms", 2022, 13, "D3")},
                       context);
  const auto pw = of_rule(r, "part_whole.fiscal_st_share");
  BOOST_REQUIRE_EQUAL(pw.size(), 1u);
  BOOST_TEST(pw[0].expected == "<= public_budget_exp (1000)");
  BOOST_TEST(pw[0].where == "data!D2");
  const auto yoy = of_rule(r, "year_on_year");
  BOOST_REQUIRE_EQUAL(yoy.size(), 1u);
  BOOST_TEST(yoy[0].severity == RuleSeverity::warning);
  BOOST_TEST(yoy[0].found == "x3.25");
  // x3 exactly is within the factor; a note explains a larger change
  BOOST_TEST(of_rule(check({row("130123", "platforms", 2022, 12)}, context), "year_on_year").empty());
  SubmittedValue noted = row("130123", "platforms", 2022, 13);
  noted.note = "two provincial labs accredited in 2022";
  BOOST_TEST(of_rule(check({noted}, context), "year_on_year").empty());
  // the submission's own value overrides the context: a new budget of 2000 makes 1200 fine
  BOOST_TEST(of_rule(check({row("130123", "fiscal_st_exp", 2022, 1200), row("130123", "public_budget_exp", 2022, 2000)}, context),
                     "part_whole.fiscal_st_share")
                 .empty());
}

BOOST_AUTO_TEST_CASE(rules_json_round_trips_and_names_its_errors) {
  const Bundled& b = bundled();
  const std::string text = format_rules_json(b.rules);
  BOOST_TEST((parse_rules_json(text, "rules.json", &b.framework) == b.rules));
  const auto unknown = expect_throw<parse_error>([&] {
    parse_rules_json(R"({"schema": "countyleap.rules/1", "rules": [{"id": "x", "kind": "ranges"}]})", "r.json");
  });
  BOOST_TEST(std::string(unknown.what()).find("/rules/0") != std::string::npos);
  BOOST_TEST(std::string(unknown.what()).find("ranges") != std::string::npos);
  const auto shape = expect_throw<validation_error>([&] {
    parse_rules_json(R"({"schema": "countyleap.rules/1", "rules": [{"id": "n", "kind": "number", "severity": "warning"}]})",
                     "r.json");
  });
  BOOST_TEST(std::string(shape.what()).find("must be error") != std::string::npos);
  const auto var = expect_throw<unknown_id_error>([&] {
    parse_rules_json(R"({"schema": "countyleap.rules/1", "rules": [{"id": "r", "kind": "range", "variables": ["nope"]}]})",
                     "r.json", &b.framework);
  });
  BOOST_TEST(var.where().id == "nope");
  BOOST_TEST(var.where().file == "r.json");
  expect_throw<validation_error>([] {
    RuleSet({Rule{"y", RuleKind::year_on_year, RuleSeverity::warning, {}, -INFINITY, INFINITY, "", "", 1.0, 0, 0, ""}});
  });
}

BOOST_AUTO_TEST_SUITE_END()
