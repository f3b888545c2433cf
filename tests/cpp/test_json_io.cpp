#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "test_support.hpp"
#include "countyleap/error.hpp"
#include "countyleap/io/dataset.hpp"
#include "countyleap/io/json.hpp"

BOOST_AUTO_TEST_SUITE(test_json_io)

using namespace countyleap;
using test_support::expect_throw;
namespace fs = std::filesystem;

namespace {

const double inf = std::numeric_limits<double>::infinity();

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fenced ```json blocks of docs/file-formats.md, in order: regions, framework, plan.
std::vector<std::string> doc_json_blocks() {
  std::istringstream in(slurp(fs::path(COUNTYLEAP_SOURCE_DIR) / "docs" / "file-formats.md"));
  std::vector<std::string> blocks;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside && line == "```json") {
      inside = true;
      blocks.emplace_back();
    } else if (inside && line == "```") {
      inside = false;
    } else if (inside) {
      blocks.back() += line + "\n";
    }
  }
  return blocks;
}


using test_support::same_bits;

// ---- field-by-field comparison of every model type written to JSON ----------------------------

void check_equal(const Region& a, const Region& b) {
  BOOST_TEST_CONTEXT("region " << a.code) {
    BOOST_TEST(a.code == b.code);
    BOOST_TEST(a.name_zh == b.name_zh);
    BOOST_TEST(a.name_en == b.name_en);
    BOOST_TEST((a.kind == b.kind));
    BOOST_TEST(a.parent == b.parent);
    BOOST_TEST(a.valid_from == b.valid_from);
    BOOST_TEST(a.valid_to == b.valid_to);
    BOOST_TEST(a.in_scope == b.in_scope);
    BOOST_TEST(a.note == b.note);
    BOOST_TEST((a.attributes == b.attributes));
  }
}

void check_equal(const RegionSet& a, const RegionSet& b) {
  BOOST_TEST((a.scheme() == b.scheme()));
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) check_equal(a[i], b[i]);
  BOOST_REQUIRE_EQUAL(a.history().size(), b.history().size());
  for (std::size_t i = 0; i < a.history().size(); ++i) {
    const CodeChange &x = a.history()[i], &y = b.history()[i];
    BOOST_TEST(x.old_code == y.old_code);
    BOOST_TEST(x.new_code == y.new_code);
    BOOST_TEST(x.year == y.year);
    BOOST_TEST(x.old_name_zh == y.old_name_zh);
    BOOST_TEST(x.note == y.note);
  }
}

void check_equal(const ValidRange& a, const ValidRange& b) {
  BOOST_TEST(same_bits(a.lo, b.lo));
  BOOST_TEST(same_bits(a.hi, b.hi));
}

void check_equal(const Framework& a, const Framework& b) {
  BOOST_TEST(a.info().id == b.info().id);
  BOOST_TEST(a.info().name_zh == b.info().name_zh);
  BOOST_TEST(a.info().name_en == b.info().name_en);
  BOOST_TEST(a.info().note == b.info().note);
  BOOST_REQUIRE_EQUAL(a.variables().size(), b.variables().size());
  for (std::size_t i = 0; i < a.variables().size(); ++i) {
    const Variable &x = a.variables()[i], &y = b.variables()[i];
    BOOST_TEST_CONTEXT("variable " << x.id) {
      BOOST_TEST(x.id == y.id);
      BOOST_TEST(x.name_zh == y.name_zh);
      BOOST_TEST(x.name_en == y.name_en);
      BOOST_TEST(x.unit == y.unit);
      check_equal(x.range, y.range);
      BOOST_TEST(x.note == y.note);
    }
  }
  BOOST_REQUIRE_EQUAL(a.indicators().size(), b.indicators().size());
  for (std::size_t i = 0; i < a.indicators().size(); ++i) {
    const Indicator &x = a.indicators()[i], &y = b.indicators()[i];
    BOOST_TEST_CONTEXT("indicator " << x.id) {
      BOOST_TEST(x.id == y.id);
      BOOST_TEST(x.name_zh == y.name_zh);
      BOOST_TEST(x.name_en == y.name_en);
      BOOST_TEST(x.unit == y.unit);
      BOOST_TEST((x.direction == y.direction));
      BOOST_TEST((x.kind == y.kind));
      BOOST_TEST(x.variable == y.variable);
      BOOST_TEST(x.denominator == y.denominator);
      BOOST_TEST(same_bits(x.scale, y.scale));
      BOOST_TEST(x.years == y.years);
      check_equal(x.range, y.range);
      BOOST_TEST(x.denominate_by == y.denominate_by);
      BOOST_TEST(same_bits(x.target, y.target));
      BOOST_TEST(x.note == y.note);
    }
  }
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  BOOST_TEST(a.n_leaves() == b.n_leaves());
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Node &x = a.nodes()[i], &y = b.nodes()[i];
    BOOST_TEST_CONTEXT("node " << x.id) {
      BOOST_TEST(x.id == y.id);
      BOOST_TEST(x.name_zh == y.name_zh);
      BOOST_TEST(x.name_en == y.name_en);
      BOOST_TEST(x.parent == y.parent);
      BOOST_TEST(same_bits(x.weight, y.weight));
      BOOST_TEST(x.aggregation == y.aggregation);
      BOOST_TEST(x.note == y.note);
    }
  }
}

void check_equal(const RegionTier& x, const RegionTier& y) {
  BOOST_TEST(x.code == y.code);
  BOOST_TEST(x.evaluation_year == y.evaluation_year);
  BOOST_TEST(x.tier == y.tier);
  BOOST_TEST(x.inferred == y.inferred);
  BOOST_TEST(x.note == y.note);
}

void check_equal(const Plan& a, const Plan& b) {
  BOOST_TEST(a.info().id == b.info().id);
  BOOST_TEST(a.info().name_zh == b.info().name_zh);
  BOOST_TEST(a.info().name_en == b.info().name_en);
  BOOST_TEST(a.info().issuer == b.info().issuer);
  BOOST_TEST(a.info().published == b.info().published);
  BOOST_TEST(a.info().note == b.info().note);
  BOOST_TEST((a.tiers().rule == b.tiers().rule));
  BOOST_TEST(a.tiers().quota_share == b.tiers().quota_share);
  BOOST_TEST(a.tiers().sub_bands == b.tiers().sub_bands);
  BOOST_REQUIRE_EQUAL(a.tiers().tiers.size(), b.tiers().tiers.size());
  for (std::size_t i = 0; i < a.tiers().tiers.size(); ++i) {
    const TierBand &x = a.tiers().tiers[i], &y = b.tiers().tiers[i];
    BOOST_TEST(x.label == y.label);
    BOOST_TEST((same_bits(x.bound, y.bound) || (std::isnan(x.bound) && std::isnan(y.bound))));
    BOOST_TEST(x.inclusive == y.inclusive);
    BOOST_TEST(x.relative == y.relative);
    BOOST_TEST(x.name_zh == y.name_zh);
    BOOST_TEST(x.name_en == y.name_en);
  }
  BOOST_REQUIRE_EQUAL(a.phases().size(), b.phases().size());
  for (std::size_t i = 0; i < a.phases().size(); ++i) {
    const Phase &x = a.phases()[i], &y = b.phases()[i];
    BOOST_TEST(x.id == y.id);
    BOOST_TEST(x.name_zh == y.name_zh);
    BOOST_TEST(x.name_en == y.name_en);
    BOOST_TEST(x.evaluation_year == y.evaluation_year);
    BOOST_TEST(x.publication_year == y.publication_year);
    BOOST_TEST(x.publication_year_inferred == y.publication_year_inferred);
    BOOST_TEST((x.tier_counts == y.tier_counts));
    BOOST_TEST(x.baseline == y.baseline);
    BOOST_TEST(x.note == y.note);
  }
  BOOST_REQUIRE_EQUAL(a.observed().size(), b.observed().size());
  for (std::size_t i = 0; i < a.observed().size(); ++i) check_equal(a.observed()[i], b.observed()[i]);
  BOOST_REQUIRE_EQUAL(a.goals().size(), b.goals().size());
  for (std::size_t i = 0; i < a.goals().size(); ++i) check_equal(a.goals()[i], b.goals()[i]);
  BOOST_REQUIRE_EQUAL(a.indicator_targets().size(), b.indicator_targets().size());
  for (std::size_t i = 0; i < a.indicator_targets().size(); ++i) {
    const IndicatorTarget &x = a.indicator_targets()[i], &y = b.indicator_targets()[i];
    BOOST_TEST(x.indicator == y.indicator);
    BOOST_TEST(x.tier == y.tier);
    BOOST_TEST(x.year == y.year);
    BOOST_TEST(same_bits(x.value, y.value));
    BOOST_TEST(x.unit == y.unit);
    BOOST_TEST(x.section == y.section);
    BOOST_TEST(x.note == y.note);
  }
  BOOST_REQUIRE_EQUAL(a.growth_targets().size(), b.growth_targets().size());
  for (std::size_t i = 0; i < a.growth_targets().size(); ++i) {
    const GrowthTarget &x = a.growth_targets()[i], &y = b.growth_targets()[i];
    BOOST_TEST(x.variable == y.variable);
    BOOST_TEST(same_bits(x.min_rate_pct, y.min_rate_pct));
    BOOST_TEST((x.rule == y.rule));
    BOOST_TEST(x.from_year == y.from_year);
    BOOST_TEST(x.to_year == y.to_year);
    BOOST_TEST(x.years_inferred == y.years_inferred);
    BOOST_TEST(x.section == y.section);
    BOOST_TEST(x.note == y.note);
  }
  BOOST_REQUIRE_EQUAL(a.facts().size(), b.facts().size());
  for (std::size_t i = 0; i < a.facts().size(); ++i) {
    const PlanFact &x = a.facts()[i], &y = b.facts()[i];
    BOOST_TEST(x.id == y.id);
    BOOST_TEST(same_bits(x.value, y.value));
    BOOST_TEST(x.unit == y.unit);
    BOOST_TEST(x.from_year == y.from_year);
    BOOST_TEST(x.to_year == y.to_year);
    BOOST_TEST(x.section == y.section);
    BOOST_TEST(x.note == y.note);
  }
}

// ---- objects that set every field away from its default --------------------------------------

RegionSet full_regions() {
  Region a{"130102", "长安区", "Chang'an", RegionKind::district, "130100", 1983, 0, true, "note, with \"quotes\"", {}};
  Region b{"130109", "藁城区", "Gaocheng", RegionKind::district, "130100", 2014, 0, true, "", {{"belt", "east"}, {"a/b~c", "x"}}};
  Region c{"130181", "辛集市", "Xinji", RegionKind::county_level_city, "130100", 0, 2099, false, "out of scope", {}};
  Region d{"130100", "石家庄市", "Shijiazhuang", RegionKind::prefecture, "130000", 0, 0, true, "", {}};
  Region e{"130123", "", "", RegionKind::county, "", 0, 0, true, "", {}};
  return RegionSet({a, b, c, d, e}, {CodeChange{"130182", "130109", 2014, "藁城市", "藁城市 became 藁城区"},
                                     CodeChange{"130183", "130182", 0, "", ""}});
}

Framework full_framework() {
  std::vector<Variable> vars{
      {"fiscal_st_exp", "地方财政科技支出", "Fiscal S&T expenditure", "万元", {0, inf}, "budget report"},
      {"public_budget_exp", "一般公共预算支出", "", "万元", {-inf, 1e12}, ""},
      {"population", "", "", "persons", {}, ""}};
  Indicator share{"fiscal_st_share", "地方财政科技支出占公共财政支出的比重", "Fiscal S&T share", "%",
                  Direction::higher_is_better, IndicatorKind::ratio, "fiscal_st_exp", "public_budget_exp", 100, 1,
                  {0, 100}, "", 1.9, "a ratio"};
  Indicator growth{"st_growth", "", "", "%", Direction::lower_is_better, IndicatorKind::cagr, "fiscal_st_exp", "", 1.0, 3,
                   {-100, inf}, "population", 0.1, ""};
  Indicator raw{"patents", "专利", "Patents", "件", Direction::higher_is_better, IndicatorKind::raw, "", "", 1.0, 1, {},
                "", std::numeric_limits<double>::quiet_NaN(), ""};
  Indicator tiny{"tiny", "", "", "", Direction::higher_is_better, IndicatorKind::qualitative, "", "", 1.0, 1, {}, "",
                 5e-324, ""};
  Indicator unscored{"monitored", "", "", "", Direction::higher_is_better, IndicatorKind::raw, "population", "", 1.0, 1,
                     {}, "", -0.0, "targeted only"};
  std::vector<Node> nodes{
      {"index", "县域科技创新能力", "County innovation capability", "", 1.0, "", "root"},
      {"input", "创新投入", "Innovation input", "index", 25, "geometric", ""},
      {"output", "", "", "index", 0.1, "", ""},
      {"fiscal_st_share", "", "", "input", 9, "", ""},
      {"st_growth", "", "", "input", 123456789.123456789, "", ""},
      {"patents", "", "", "output", 1e-300, "", ""},
      {"tiny", "", "", "output", -0.0, "", ""}};
  return Framework(vars, {share, growth, raw, tiny, unscored}, nodes,
                   FrameworkInfo{"demo", "示例指标体系", "Demo framework", "A documented default, not an official weighting."});
}

Plan full_plan() {
  TierScheme tiers;
  tiers.tiers = {{"A", 80, true, true, "A类", "Tier A"}, {"B", 59.5, false, true, "", ""}, {"C"}};
  std::vector<Phase> phases{{"baseline", "", "", 2020, 2021, false, {{"A", 1}, {"B", 1}, {"C", 0}}, true, ""},
                            {"phase1", "挖潜增量", "Tap potential", 2021, 2022, true, {{"A", 2}}, false, "inferred year"}};
  std::vector<RegionTier> observed{{"130102", 2020, "A", true, "from a press release"}, {"130104", 2020, "B", false, ""}};
  std::vector<RegionTier> goals{{"130104", 2021, "A", false, ""}};
  std::vector<IndicatorTarget> targets{{"fiscal_st_share", "A", 2022, 1.9, "%", "§4", "n"},
                                       {"fiscal_st_exp", "B", 2022, 4000, "", "", ""}};
  std::vector<GrowthTarget> growth{{"fiscal_st_exp", 30, GrowthRule::average_annual, 2021, 2025, true, "§4", ""},
                                   {"patents", 0.1, GrowthRule::each_year, 2021, 2022, false, "", "yearly"}};
  std::vector<PlanFact> facts{{"special_fund", 1500, "万元/year", 2022, 2025, "§六(二)", ""}, {"ratio", -2.5e-8, "", 0, 0, "", ""}};
  return Plan(PlanInfo{"demo-plan", "示例跃升计划", "Demo leap plan", "示例市科技局", "2022-03-19", "note"}, tiers, phases,
              observed, goals, targets, growth, facts);
}

const char* minimal_framework = R"({
  "schema": "countyleap.framework/1",
  "indicators": [{"id": "a"}, {"id": "b"}],
  "nodes": [
    {"id": "root"},
    {"id": "a", "parent": "root", "weight": 2},
    {"id": "b", "parent": "root"}
  ]
})";

}  // namespace

// ---- the documented examples -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(examples_of_the_docs_parse) {
  const auto blocks = doc_json_blocks();
  BOOST_REQUIRE_EQUAL(blocks.size(), 5u);  // regions, framework, plan, tier scheme, dataset
  const RegionSet regions = io::parse_regions_json(blocks[0]);
  BOOST_TEST(regions.size() == 3u);
  BOOST_TEST(regions.resolve("130182") == "130109");
  BOOST_TEST(!regions.at("130181").in_scope);
  BOOST_TEST((regions.at("130181").kind == RegionKind::county_level_city));
  BOOST_TEST(regions.at("130102").name_zh == "长安区");

  const Framework fw = io::parse_framework_json(blocks[1]);
  BOOST_TEST(fw.n_leaves() == 2u);
  BOOST_TEST(fw.size() == 4u);
  BOOST_TEST(fw.variables().size() == 2u);
  const Indicator& share = fw.indicator("fiscal_st_share");
  BOOST_TEST((share.kind == IndicatorKind::ratio));
  BOOST_TEST(share.scale == 100.0);
  BOOST_TEST(share.target == 1.9);
  BOOST_TEST(share.range.hi == 100.0);
  BOOST_TEST(fw.find_variable("fiscal_st_exp")->range.hi == inf);
  BOOST_TEST(fw.node("fiscal_st_exp").weight == 16.0);
  BOOST_TEST(fw.node("input").aggregation == "arithmetic");

  const Plan plan = io::parse_plan_json(blocks[2]);
  BOOST_TEST(plan.tiers().tiers.size() == 3u);
  BOOST_TEST(plan.tiers().tiers[0].bound == 80.0);
  BOOST_TEST(std::isnan(plan.tiers().tiers[2].bound));
  BOOST_TEST(plan.phases()[1].tier_counts.at("A") == 2);
  const TierScheme eis = io::parse_tier_scheme_json(blocks[3]);
  BOOST_TEST(eis.tiers.size() == 4u);
  BOOST_TEST(eis.tiers[0].bound == 1.25);
  BOOST_TEST(eis.sub_bands == 3);
  BOOST_TEST(plan.observed()[0].inferred);
  BOOST_TEST(plan.growth_targets()[0].years_inferred);
  BOOST_TEST(plan.facts()[0].value == 1500.0);
  BOOST_TEST(plan.facts()[0].section == "§六(二)");
  // the plan's observations name 130104, which the regions example does not list
  BOOST_CHECK_THROW(plan.validate(fw, regions), unknown_id_error);
  plan.validate(fw, RegionSet({Region{"130102", "", "", RegionKind::district}, Region{"130104", "", "", RegionKind::district}}));

  // dataset.json, read with the regions example as a dataset folder
  const fs::path dir = test_support::scratch_dir("json_io", "doc_dataset");
  std::ofstream(dir / "regions.json") << blocks[0];
  std::ofstream(dir / "dataset.json") << blocks[4];
  const io::Dataset ds = io::read_dataset(dir.string());
  BOOST_TEST(ds.info.name == "shijiazhuang");
  BOOST_TEST(ds.info.illustrative);
  BOOST_TEST(ds.info.comments == std::vector<std::string>{"ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS: invented values."});
  fs::remove_all(dir);
}

// ---- round trips ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(regions_round_trip) {
  const RegionSet r = full_regions();
  check_equal(io::parse_regions_json(io::format_regions_json(r)), r);
  const RegionSet free({Region{"AUT", "", "Austria", RegionKind::other, "", 0, 0, true, "", {{"EurAsia_group", "Europe"}}}},
                       {}, CodeScheme::free);
  const std::string text = io::format_regions_json(free);
  BOOST_TEST(text.find("\"code_scheme\": \"free\"") != std::string::npos);
  check_equal(io::parse_regions_json(text), free);
}

BOOST_AUTO_TEST_CASE(framework_round_trip) {
  const Framework fw = full_framework();
  const Framework back = io::parse_framework_json(io::format_framework_json(fw));
  check_equal(back, fw);
  BOOST_TEST(std::signbit(back.node("tiny").weight));
  BOOST_TEST(std::signbit(back.indicator("monitored").target));
  BOOST_TEST(back.indicator("tiny").target == 5e-324);
}

BOOST_AUTO_TEST_CASE(plan_round_trip) {
  const Plan plan = full_plan();
  check_equal(io::parse_plan_json(io::format_plan_json(plan)), plan);
}

BOOST_AUTO_TEST_CASE(round_trip_through_files) {
  const fs::path dir = fs::temp_directory_path() / ("countyleap_json_io_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  io::write_regions_json(full_regions(), (dir / "regions.json").string());
  io::write_framework_json(full_framework(), (dir / "framework.json").string());
  io::write_plan_json(full_plan(), (dir / "plan.json").string());
  check_equal(io::read_regions_json((dir / "regions.json").string()), full_regions());
  check_equal(io::read_framework_json((dir / "framework.json").string()), full_framework());
  check_equal(io::read_plan_json((dir / "plan.json").string()), full_plan());
  BOOST_TEST(slurp(dir / "plan.json") == io::format_plan_json(full_plan()));
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(writer_layout) {
  const std::string regions = io::format_regions_json(full_regions());
  // schema first, two-space indent, Chinese as is, defaults left out
  BOOST_TEST(regions.rfind("{\n  \"schema\": \"countyleap.regions/1\",\n  \"regions\": [\n    {\n      \"code\": \"130102\",\n"
                           "      \"name_zh\": \"长安区\",",
                           0) == 0u);
  BOOST_TEST(regions.find("in_scope\": true") == std::string::npos);
  BOOST_TEST(regions.find("\"kind\": \"county\"") == std::string::npos);
  BOOST_TEST(regions.find("code_scheme") == std::string::npos);
  BOOST_TEST(regions.back() == '\n');

  const std::string fw = io::format_framework_json(full_framework());
  BOOST_TEST(fw.find("\"weight\": 25,") != std::string::npos);  // integral numbers as integers
  BOOST_TEST(fw.find("\"weight\": -0.0") != std::string::npos);
  BOOST_TEST(fw.find("\"weight\": 123456789.12345679") != std::string::npos);
  BOOST_TEST(fw.find("\"range\": [\n        0,\n        null\n      ]") != std::string::npos);
  // the implicitly declared variables (patents, tiny) are not written; the 3 declared ones are
  BOOST_TEST(fw.find("\"id\": \"patents\",\n      \"name_zh\": \"专利\"") != std::string::npos);
  BOOST_TEST(fw.find("declared by its indicator") == std::string::npos);

  const std::string plan = io::format_plan_json(full_plan());
  BOOST_TEST(plan.find("\"tiers\": [\n      {\n        \"label\": \"A\",\n        \"min\": 80,\n") != std::string::npos);
  BOOST_TEST(plan.find("\"label\": \"C\"\n      }") != std::string::npos);  // the last tier has no bound
  BOOST_TEST(plan.find("\"inclusive\": false") != std::string::npos);
  BOOST_TEST(plan.find("\"rule\": \"average_annual\"") == std::string::npos);
  BOOST_TEST(plan.find("\"rule\": \"each_year\"") != std::string::npos);
}

// ---- errors -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(malformed_json_names_line_and_column) {
  const auto e = expect_throw<parse_error>([] {
    io::parse_regions_json("{\n  \"schema\": \"countyleap.regions/1\",\n  \"regions\": [,]\n}", "regions.json");
  });
  BOOST_TEST(e.where().file == "regions.json");
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 15u);
  BOOST_TEST(e.detail().rfind("malformed JSON: syntax error", 0) == 0u);
  const auto cut = expect_throw<parse_error>([] { io::parse_plan_json("{\"schema\": \"countyleap.plan/1\", \"phases\": ["); });
  BOOST_TEST(cut.where().line == 1u);
  BOOST_TEST(cut.where().column == 44u);  // just past the end
  const auto huge = expect_throw<parse_error>([] {
    io::parse_plan_json(R"({"schema": "countyleap.plan/1", "tier_scheme": {"rule": "fixed", "tiers": [{"label": "A", "min": 1e400}]}})", "p.json");
  });
  BOOST_TEST(std::string(huge.what()) == "p.json: malformed JSON: number overflow parsing '1e400'");
}

// Regression (issue 15): a schema value of 100,000 nested arrays was quoted with dump(), whose
// recursion overflowed the stack (SIGSEGV) in every reader that checks "schema".
BOOST_AUTO_TEST_CASE(deeply_nested_schema_value_is_named_not_printed) {
  const std::string text = "{\"schema\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto regions = expect_throw<parse_error>([&] { io::parse_regions_json(text, "regions.json"); });
  BOOST_TEST(std::string(regions.what()) == "regions.json: /schema: expected \"countyleap.regions/1\", got array");
  BOOST_CHECK_THROW(io::parse_framework_json(text), parse_error);
  BOOST_CHECK_THROW(io::parse_plan_json(text), parse_error);
  BOOST_CHECK_THROW(io::parse_tier_scheme_json(text), parse_error);
  const auto named = expect_throw<parse_error>([] { io::parse_regions_json(R"({"schema": "countyleap.plan/1"})", "r.json"); });
  BOOST_TEST(named.detail() == "/schema: expected \"countyleap.regions/1\", got \"countyleap.plan/1\"");
}

// Regression (issue 15): "quota_share" was an accepted key that nothing read, so any value
// passed; it must be a boolean that agrees with the tiers' "share" or "count".
BOOST_AUTO_TEST_CASE(quota_share_is_read_and_checked) {
  const std::string head = R"({"schema": "countyleap.tiers/1", "rule": "quota", )";
  const std::string shares = R"("tiers": [{"label": "A", "share": 0.5}, {"label": "B"}]})";
  const auto junk = expect_throw<parse_error>([&] { io::parse_tier_scheme_json(head + R"("quota_share": ["junk"], )" + shares, "t.json"); });
  BOOST_TEST(std::string(junk.what()).find("/quota_share") != std::string::npos, junk.what());
  const auto contradicts = expect_throw<validation_error>([&] { io::parse_tier_scheme_json(head + R"("quota_share": false, )" + shares, "t.json"); });
  BOOST_TEST(contradicts.detail().find("the tiers give 'share'") != std::string::npos, contradicts.what());
  BOOST_TEST(io::parse_tier_scheme_json(head + R"("quota_share": true, )" + shares).quota_share);
}

BOOST_AUTO_TEST_CASE(unknown_key_names_its_pointer) {
  std::string text = minimal_framework;
  text.replace(text.find("\"weight\": 2"), 11, "\"wieght\": 2");
  const auto e = expect_throw<parse_error>([&] { io::parse_framework_json(text, "framework.json"); });
  BOOST_TEST(std::string(e.what()).rfind("framework.json: /nodes/1/wieght: unknown key 'wieght'", 0) == 0u);
  const auto top = expect_throw<parse_error>([] {
    io::parse_plan_json(R"({"schema": "countyleap.plan/1", "tier_scheme": {"rule": "fixed", "tiers": [{"label": "A"}, {"label": "B"}]}, "tier": []})");
  });
  BOOST_TEST(top.detail().rfind("/tier: unknown key 'tier'", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(missing_key_and_wrong_type_name_their_pointer) {
  std::string no_id = minimal_framework;
  no_id.replace(no_id.find("{\"id\": \"b\", \"parent\""), 12, "{");
  const auto missing = expect_throw<parse_error>([&] { io::parse_framework_json(no_id, "framework.json"); });
  BOOST_TEST(std::string(missing.what()) == "framework.json: /nodes/2: missing required key 'id'");

  std::string text_weight = minimal_framework;
  text_weight.replace(text_weight.find("\"weight\": 2"), 11, "\"weight\": \"2\"");
  const auto type = expect_throw<parse_error>([&] { io::parse_framework_json(text_weight, "framework.json"); });
  BOOST_TEST(std::string(type.what()) == "framework.json: /nodes/1/weight: expected a number");

  const auto no_tiers = expect_throw<parse_error>([] { io::parse_plan_json(R"({"schema": "countyleap.plan/1"})"); });
  BOOST_TEST(no_tiers.detail() == "(root): missing required key 'tier_scheme'");
  const auto year = expect_throw<parse_error>([] {
    io::parse_plan_json(R"({"schema": "countyleap.plan/1", "tier_scheme": {"rule": "fixed", "tiers": [{"label": "A", "min": 1}, {"label": "B"}]},
                            "goals": [{"code": "130102", "evaluation_year": 2021.5, "tier": "A"}]})");
  });
  BOOST_TEST(year.detail() == "/goals/0/evaluation_year: expected an integer");
  const auto range = expect_throw<parse_error>([] {
    io::parse_framework_json(R"({"schema": "countyleap.framework/1", "indicators": [{"id": "a", "range": [0]}],
                                 "nodes": [{"id": "r"}, {"id": "a", "parent": "r"}]})");
  });
  BOOST_TEST(range.detail().rfind("/indicators/0/range: expected [lo, hi]", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(schema_is_required_and_checked) {
  const auto none = expect_throw<parse_error>([] { io::parse_regions_json(R"({"regions": []})"); });
  BOOST_TEST(none.detail().rfind("(root): missing required key 'schema'", 0) == 0u);
  const auto wrong = expect_throw<parse_error>([] { io::parse_framework_json(R"({"schema": "countyleap.regions/1"})"); });
  BOOST_TEST(wrong.detail() == "/schema: expected \"countyleap.framework/1\", got \"countyleap.regions/1\"");
  BOOST_CHECK_THROW(io::parse_plan_json("[1, 2]"), parse_error);
}

BOOST_AUTO_TEST_CASE(bad_values_are_validation_errors_with_pointer) {
  const auto direction = expect_throw<validation_error>([] {
    io::parse_framework_json(R"({"schema": "countyleap.framework/1", "indicators": [{"id": "a", "direction": 2}],
                                 "nodes": [{"id": "r"}, {"id": "a", "parent": "r"}]})");
  });
  BOOST_TEST(direction.detail() == "/indicators/0/direction: expected 1 or -1");
  const auto kind = expect_throw<validation_error>([] {
    io::parse_regions_json(R"({"schema": "countyleap.regions/1", "regions": [{"code": "130102", "kind": "town"}]})");
  });
  BOOST_TEST(kind.detail().rfind("/regions/0/kind: unknown region kind 'town'", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(duplicate_key_is_an_error) {
  const auto e = expect_throw<parse_error>([] {
    io::parse_regions_json(R"({"schema": "countyleap.regions/1", "regions": [{"code": "130102", "code": "130104"}]})");
  });
  BOOST_TEST(e.detail() == "duplicate key 'code' in one object");
}

BOOST_AUTO_TEST_CASE(model_errors_name_the_file) {
  const auto e = expect_throw<duplicate_error>([] {
    io::parse_regions_json(R"({"schema": "countyleap.regions/1", "regions": [{"code": "130123"}, {"code": "130123"}]})",
                           "regions.json");
  });
  BOOST_TEST(e.where().file == "regions.json");
  BOOST_TEST(e.where().id == "130123");
  const auto cycle = expect_throw<framework_error>([] {
    io::parse_framework_json(R"({"schema": "countyleap.framework/1", "indicators": [],
                                 "nodes": [{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}, {"id": "r"}]})",
                             "fw.json");
  });
  BOOST_TEST(cycle.where().file == "fw.json");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_an_encoding_error) {
  const auto e = expect_throw<encoding_error>([] {
    io::parse_regions_json("{\"schema\": \"countyleap.regions/1\",\n \"regions\": [{\"code\": \"130102\", \"name_zh\": \"\xB3\xA4\"}]}",
                           "r.json");
  });
  BOOST_TEST(e.where().line == 2u);
  BOOST_TEST(e.where().column == 45u);
  BOOST_TEST(e.detail().find("gb18030") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(files_that_cannot_be_opened_or_written) {
  const auto e = expect_throw<io_error>([] { io::read_plan_json("/nonexistent/plan.json"); });
  BOOST_TEST(e.where().file == "/nonexistent/plan.json");
  BOOST_CHECK_THROW(io::write_plan_json(full_plan(), "/nonexistent/dir/plan.json"), io_error);
}

BOOST_AUTO_TEST_CASE(non_finite_numbers_cannot_be_written) {
  Indicator ind{"a"};
  ind.target = inf;
  const Framework fw({}, {ind}, {Node{"r"}, Node{"a", "", "", "r"}});
  BOOST_CHECK_THROW(io::format_framework_json(fw), validation_error);
}

BOOST_AUTO_TEST_CASE(tier_schemes_round_trip_and_errors) {
  // every rule, with its own bound key
  const char* texts[] = {
      R"({"schema": "countyleap.tiers/1", "rule": "relative_to_mean", "sub_bands": 3,
          "tiers": [{"label": "leader", "min": 1.25, "inclusive": false}, {"label": "above50", "min": 50, "relative": false},
                    {"label": "rest"}]})",
      R"({"schema": "countyleap.tiers/1", "rule": "quota", "tiers": [{"label": "A", "share": 0.25}, {"label": "B"}]})",
      R"({"schema": "countyleap.tiers/1", "rule": "quota", "tiers": [{"label": "A", "count": 8}, {"label": "B"}]})",
      R"({"schema": "countyleap.tiers/1", "rule": "natural_breaks", "tiers": [{"label": "hi"}, {"label": "lo"}]})",
      R"({"schema": "countyleap.tiers/1", "rule": "targets_met", "tiers": [{"label": "A", "k": 12}, {"label": "B"}]})"};
  for (const char* text : texts) {
    const TierScheme s = io::parse_tier_scheme_json(text);
    const TierScheme back = io::parse_tier_scheme_json(io::format_tier_scheme_json(s));
    BOOST_TEST(io::format_tier_scheme_json(back) == io::format_tier_scheme_json(s));
  }
  const TierScheme eis = io::parse_tier_scheme_json(texts[0]);
  BOOST_TEST((eis.rule == TierRule::relative_to_mean));
  BOOST_TEST(eis.sub_bands == 3);
  BOOST_TEST(eis.tiers[0].relative);
  BOOST_TEST(!eis.tiers[0].inclusive);
  BOOST_TEST(!eis.tiers[1].relative);
  BOOST_TEST(io::parse_tier_scheme_json(texts[1]).quota_share);
  BOOST_TEST(io::parse_tier_scheme_json(texts[4]).tiers[0].bound == 12.0);

  const auto wrong_key = expect_throw<validation_error>([] {
    io::parse_tier_scheme_json(R"({"schema": "countyleap.tiers/1", "rule": "quota", "tiers": [{"label": "A", "min": 8}, {"label": "B"}]})",
                               "t.json");
  });
  BOOST_TEST(std::string(wrong_key.what()).find("/tiers/0/min") != std::string::npos);
  BOOST_TEST(std::string(wrong_key.what()).find("'count'") != std::string::npos);
  const auto rule = expect_throw<validation_error>(
      [] { io::parse_tier_scheme_json(R"({"schema": "countyleap.tiers/1", "rule": "jenks", "tiers": []})", "t.json"); });
  BOOST_TEST(std::string(rule.what()).find("/rule") != std::string::npos);
  // a scheme that fails TierScheme::validate() names the file
  const auto order = expect_throw<validation_error>([] {
    io::parse_tier_scheme_json(R"({"schema": "countyleap.tiers/1", "rule": "fixed", "tiers": [{"label": "A", "min": 60},
                                  {"label": "B", "min": 80}, {"label": "C"}]})", "t.json");
  });
  BOOST_TEST(order.where().file == "t.json");
  BOOST_TEST(order.where().id == "B");
}

BOOST_AUTO_TEST_SUITE_END()
