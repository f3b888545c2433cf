#include <boost/test/unit_test.hpp>

// Checks the bundled Shijiazhuang data (data/shijiazhuang/{regions,framework,plan}.json) figure by
// figure against values typed here from the plan as tables (shared/domain/shijiazhuang-plan.md),
// which restates the seed notice 石政办函〔2022〕17号. Nothing below is read back from the files to
// build the expectation: every expected value is written out independently.

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "countyleap/framework.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"

BOOST_AUTO_TEST_SUITE(test_bundled_plan)

namespace cl = countyleap;

namespace {

const std::string kDir = std::string(COUNTYLEAP_SOURCE_DIR) + "/data/shijiazhuang/";

struct Bundle {
  cl::RegionSet regions;
  cl::Framework framework;
  cl::Plan plan;
};

const Bundle& bundle() {
  static const Bundle b{cl::io::read_regions_json(kDir + "regions.json"),
                        cl::io::read_framework_json(kDir + "framework.json"),
                        cl::io::read_plan_json(kDir + "plan.json")};
  return b;
}

// ---- the plan as tables (shared/domain/shijiazhuang-plan.md) -------------------------------------

struct Unit {
  const char* code;
  const char* name_zh;
  const char* name_en;
  cl::RegionKind kind;
  const char* tier2020;
  bool tier2020_inferred;
  const char* goal2021;
  const char* goal2022;
  const char* goal2025;
};

constexpr auto D = cl::RegionKind::district;
constexpr auto K = cl::RegionKind::county;
constexpr auto L = cl::RegionKind::county_level_city;

const Unit kUnits[] = {
    {"130102", "长安区", "Chang'an", D, "A", true, "A", "A", "A"},
    {"130104", "桥西区", "Qiaoxi", D, "B", false, "A", "A", "A"},
    {"130105", "新华区", "Xinhua", D, "A", true, "A", "A", "A"},
    {"130107", "井陉矿区", "Jingxing Kuangqu", D, "C", false, "C", "B", "B"},
    {"130108", "裕华区", "Yuhua", D, "A", true, "A", "A", "A"},
    {"130109", "藁城区", "Gaocheng", D, "A", true, "A", "A", "A"},
    {"130110", "鹿泉区", "Luquan", D, "A", true, "A", "A", "A"},
    {"130111", "栾城区", "Luancheng", D, "A", true, "A", "A", "A"},
    {"130121", "井陉县", "Jingxing", K, "C", false, "B", "B", "A"},
    {"130123", "正定县", "Zhengding", K, "A", true, "A", "A", "A"},
    {"130125", "行唐县", "Xingtang", K, "C", false, "C", "B", "B"},
    {"130126", "灵寿县", "Lingshou", K, "C", false, "C", "B", "B"},
    {"130127", "高邑县", "Gaoyi", K, "C", false, "C", "B", "B"},
    {"130128", "深泽县", "Shenze", K, "B", false, "B", "A", "A"},
    {"130129", "赞皇县", "Zanhuang", K, "C", false, "C", "B", "B"},
    {"130130", "无极县", "Wuji", K, "C", false, "B", "B", "A"},
    {"130131", "平山县", "Pingshan", K, "C", false, "C", "B", "B"},
    {"130132", "元氏县", "Yuanshi", K, "A", true, "A", "A", "A"},
    {"130133", "赵县", "Zhao", K, "B", false, "A", "A", "A"},
    {"130183", "晋州市", "Jinzhou", L, "B", false, "B", "A", "A"},
    {"130184", "新乐市", "Xinle", L, "C", false, "B", "B", "A"},
};

// Goals the seed states by name (第一/二/三阶段); every other goal is inferred.
const std::map<int, std::set<std::string>> kNamedGoals = {
    // phase 1: 桥西区, 赵县 → A; 新乐市, 井陉县, 无极县 → B; the six remaining C units named
    {2021, {"130104", "130133", "130184", "130121", "130130",
            "130125", "130126", "130131", "130127", "130107", "130129"}},
    // phase 2: 深泽县, 晋州市 → A; the six C units → B
    {2022, {"130128", "130183", "130125", "130126", "130131", "130127", "130107", "130129"}},
    // phase 3: 新乐市, 井陉县, 无极县 → A; the six B units named
    {2025, {"130184", "130121", "130130", "130125", "130126", "130131", "130127", "130107", "130129"}},
};

// The named moves of each phase: code → (from, to).
using Moves = std::map<std::string, std::pair<std::string, std::string>>;
const std::map<int, Moves> kMoves = {
    {2021, {{"130104", {"B", "A"}}, {"130133", {"B", "A"}},
            {"130184", {"C", "B"}}, {"130121", {"C", "B"}}, {"130130", {"C", "B"}}}},
    {2022, {{"130128", {"B", "A"}}, {"130183", {"B", "A"}},
            {"130125", {"C", "B"}}, {"130126", {"C", "B"}}, {"130131", {"C", "B"}},
            {"130127", {"C", "B"}}, {"130107", {"C", "B"}}, {"130129", {"C", "B"}}}},
    {2025, {{"130184", {"B", "A"}}, {"130121", {"B", "A"}}, {"130130", {"B", "A"}}}},
};

struct PhaseRow {
  const char* id;
  const char* name_zh;
  int evaluation_year;
  int publication_year;
  bool publication_year_inferred;
  bool baseline;
  int a, b, c;
};

const PhaseRow kPhases[] = {
    {"baseline", nullptr, 2020, 2021, false, true, 8, 4, 9},
    {"phase1", "挖潜增量", 2021, 2022, false, false, 10, 5, 6},
    {"phase2", "攻坚克难", 2022, 2023, false, false, 12, 9, 0},
    {"phase3", "巩固提高", 2025, 2026, true, false, 15, 6, 0},
};

struct TargetRow {
  const char* indicator;
  const char* unit;
  const char* section;
  double a;
  double b;
};

// 重点工作 targets for 2022, tiers A and B (one row per seed target).
const TargetRow kTargets[] = {
    {"support_awards", "items", "§3", 8, 5},
    {"fiscal_st_exp", "万元", "§4", 7000, 4000},
    {"fiscal_st_share", "%", "§4", 1.9, 1.5},
    {"ent_rd_intensity", "%", "§5", 1.5, 1.0},
    {"platforms", "count", "§9", 20, 6},
    {"rd_institution_share", "%", "§9", 60, 40},
    {"service_institutions", "count", "§10", 20, 5},
    {"patents_per_10k", "per 10k", "§11", 12, 4},
    {"hightech_ents", "count", "§14", 90, 40},
    {"hightech_per_1k_ents", "per 1k", "§14", 6, 4},
    {"tech_smes", "count", "§15", 900, 500},
    {"tech_smes_per_1k_ents", "per 1k", "§15", 200, 100},
    {"hightech_va_share", "%", "§16", 40, 30},
    {"agri_industrialisation_rate", "%", "§16", 70, 60},
    {"innovation_parks", "count", "§18", 7, 3},
    {"innovative_townships", "count", "§19", 2, 1},
};

// The default framework as the lead designed it: leaf → (dimension, points, Chinese name).
struct LeafRow {
  const char* id;
  const char* dimension;
  double points;
  cl::IndicatorKind kind;
  const char* name_zh;
};

const LeafRow kLeaves[] = {
    {"fiscal_st_exp", "input", 8, cl::IndicatorKind::raw, "地方财政科技支出"},
    {"fiscal_st_share", "input", 9, cl::IndicatorKind::ratio, "地方财政科技支出占公共财政支出的比重"},
    {"ent_rd_intensity", "input", 8, cl::IndicatorKind::ratio, "规上工业企业R&D经费支出占主营业务收入的比重"},
    {"hightech_ents", "enterprises", 5, cl::IndicatorKind::raw, "高新技术企业"},
    {"hightech_per_1k_ents", "enterprises", 5, cl::IndicatorKind::ratio, "千家工商注册企业中高新技术企业数量"},
    {"tech_smes", "enterprises", 5, cl::IndicatorKind::raw, "科技型中小企业"},
    {"tech_smes_per_1k_ents", "enterprises", 5, cl::IndicatorKind::ratio, "千家工商注册企业中科技型中小企业数量"},
    {"rd_institution_share", "enterprises", 5, cl::IndicatorKind::ratio, "规上工业企业建立研发机构比例"},
    {"platforms", "conditions", 6, cl::IndicatorKind::raw, "省级以上科技创新平台"},
    {"service_institutions", "conditions", 5, cl::IndicatorKind::raw, "省级以上创新创业服务机构"},
    {"innovation_parks", "conditions", 5, cl::IndicatorKind::raw, "省级以上创新园区（基地）"},
    {"innovative_townships", "conditions", 4, cl::IndicatorKind::raw, "创新型乡镇"},
    {"patents_per_10k", "output", 8, cl::IndicatorKind::ratio, "万人有效发明专利拥有量"},
    {"hightech_va_share", "output", 7, cl::IndicatorKind::ratio, "规上高新技术产业增加值占规上工业增加值比重"},
    {"mgmt_organisation", "management", 5, cl::IndicatorKind::qualitative, "科技创新组织建设与工作机制"},
    {"mgmt_policy", "management", 5, cl::IndicatorKind::qualitative, "科技创新政策配套与落实"},
    {"mgmt_outreach", "management", 5, cl::IndicatorKind::qualitative, "科技特派员与科普工作"},
};

struct RatioRow {
  const char* id;
  const char* numerator;
  const char* denominator;
  double scale;
};

const RatioRow kRatios[] = {
    {"fiscal_st_share", "fiscal_st_exp", "public_budget_exp", 100},
    {"ent_rd_intensity", "ent_rd_exp", "main_business_revenue", 100},
    {"hightech_per_1k_ents", "hightech_ents", "registered_ents", 1000},
    {"tech_smes_per_1k_ents", "tech_smes", "registered_ents", 1000},
    {"rd_institution_share", "ents_with_rd_institution", "industrial_ents", 100},
    {"patents_per_10k", "invention_patents", "population", 10000},
    {"hightech_va_share", "hightech_va", "industrial_va", 100},
};

const char* goal_of(const Unit& u, int year) {
  switch (year) {
    case 2021: return u.goal2021;
    case 2022: return u.goal2022;
    case 2025: return u.goal2025;
  }
  return "";
}

const cl::RegionTier* find_tier(const std::vector<cl::RegionTier>& list, const std::string& code, int year) {
  for (const auto& g : list)
    if (g.code == code && g.evaluation_year == year) return &g;
  return nullptr;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

// ---- loading and cross-validation ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(files_load_and_validate) {
  BOOST_REQUIRE_NO_THROW(bundle());
  const Bundle& b = bundle();
  BOOST_CHECK_NO_THROW(b.plan.validate(b.framework, b.regions));
  BOOST_CHECK_NO_THROW(b.plan.validate(b.framework, b.regions.in_scope()));
}

// ---- regions -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(regions_are_the_21_units_plus_xinji) {
  const auto& regions = bundle().regions;
  BOOST_TEST(regions.size() == 22u);
  BOOST_TEST((regions.scheme() == cl::CodeScheme::gbt2260));
  const auto scope = regions.in_scope();
  BOOST_TEST(scope.size() == 21u);
  for (const Unit& u : kUnits) {
    BOOST_TEST_CONTEXT("unit " << u.code) {
      BOOST_REQUIRE(scope.contains(u.code));
      const cl::Region& r = regions.at(u.code);
      BOOST_TEST(r.name_zh == u.name_zh);
      BOOST_TEST(r.name_en == u.name_en);
      BOOST_TEST((r.kind == u.kind));
      BOOST_TEST(r.parent == "130100");
      BOOST_TEST(r.in_scope);
      BOOST_TEST(r.valid_from == 0);
      BOOST_TEST(r.valid_to == 0);
    }
  }
  BOOST_REQUIRE(regions.contains("130181"));
  const cl::Region& xinji = regions.at("130181");
  BOOST_TEST(xinji.name_zh == "辛集市");
  BOOST_TEST(xinji.name_en == "Xinji");
  BOOST_TEST((xinji.kind == cl::RegionKind::county_level_city));
  BOOST_TEST(xinji.parent == "130100");
  BOOST_TEST(!xinji.in_scope);
  BOOST_TEST(contains(xinji.note, "province-administered"));
  BOOST_TEST(contains(xinji.note, "inferred"));
  BOOST_TEST(!scope.contains("130181"));
}

BOOST_AUTO_TEST_CASE(region_code_history_2014) {
  const auto& regions = bundle().regions;
  BOOST_TEST(regions.history().size() == 3u);
  BOOST_TEST(regions.resolve("130182") == "130109");  // 藁城市 → 藁城区
  BOOST_TEST(regions.resolve("130185") == "130110");  // 鹿泉市 → 鹿泉区
  BOOST_TEST(regions.resolve("130124") == "130111");  // 栾城县 → 栾城区
  BOOST_TEST(!regions.contains("130182"));
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"130182", {"130109", "藁城市"}}, {"130185", {"130110", "鹿泉市"}}, {"130124", {"130111", "栾城县"}}};
  for (const auto& c : regions.history()) {
    BOOST_TEST_CONTEXT("history " << c.old_code) {
      auto it = expected.find(c.old_code);
      BOOST_REQUIRE(it != expected.end());
      BOOST_TEST(c.new_code == it->second.first);
      BOOST_TEST(c.old_name_zh == it->second.second);
      BOOST_TEST(c.year == 2014);
      if (c.old_code != "130182") BOOST_TEST(contains(c.note, "Ministry of Civil Affairs"));
    }
  }
  // history survives restriction to the in-scope units (all three new codes are in scope)
  BOOST_TEST(regions.in_scope().resolve("130182") == "130109");
}

// ---- framework -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(framework_shape_and_weights) {
  const auto& fw = bundle().framework;
  BOOST_TEST(contains(fw.info().note, "not the official weighting"));
  BOOST_TEST(contains(fw.info().note, "not public"));
  BOOST_TEST(contains(fw.info().name_en, "not the official weighting"));

  BOOST_TEST(fw.n_leaves() == 17u);
  BOOST_TEST(fw.size() == 17u + 5u + 1u);
  const cl::Node& root = fw.nodes()[fw.root()];
  BOOST_TEST(root.id == "index");
  BOOST_TEST(root.name_zh == "县域科技创新能力");
  BOOST_TEST(root.name_en == "County S&T innovation capability");

  double total = 0, quantitative = 0, qualitative = 0;
  int n_quantitative = 0, n_qualitative = 0;
  for (std::size_t i = 0; i < fw.n_leaves(); ++i) {
    const double w = fw.nodes()[i].weight;
    total += w;
    if (fw.leaf_indicator(i).kind == cl::IndicatorKind::qualitative) {
      qualitative += w;
      ++n_qualitative;
    } else {
      quantitative += w;
      ++n_quantitative;
    }
  }
  BOOST_TEST(total == 100.0);
  BOOST_TEST(n_quantitative == 14);
  BOOST_TEST(quantitative == 85.0);
  BOOST_TEST(n_qualitative == 3);
  BOOST_TEST(qualitative == 15.0);

  // five dimensions, in the seed's order (§六(三)), weights = their points
  const std::vector<std::vector<std::string>> dims = {{"input", "创新投入"},
                                                       {"enterprises", "创新主体"},
                                                       {"conditions", "创新条件"},
                                                       {"output", "创新产出"},
                                                       {"management", "创新管理"}};
  const double dim_points[] = {25, 25, 20, 15, 15};
  const auto& top = fw.children(fw.root());
  BOOST_REQUIRE(top.size() == 5u);
  for (std::size_t d = 0; d < 5; ++d) {
    const cl::Node& n = fw.nodes()[top[d]];
    BOOST_TEST_CONTEXT("dimension " << dims[d][0]) {
      BOOST_TEST(n.id == dims[d][0]);
      BOOST_TEST(n.name_zh == dims[d][1]);
      BOOST_TEST(n.weight == dim_points[d]);
      double sum = 0;
      for (auto c : fw.children(top[d])) sum += fw.nodes()[c].weight;
      BOOST_TEST(sum == dim_points[d]);
    }
  }

  for (const LeafRow& row : kLeaves) {
    BOOST_TEST_CONTEXT("leaf " << row.id) {
      BOOST_REQUIRE(fw.find_node(row.id).has_value());
      const std::size_t i = fw.node_index(row.id);
      BOOST_TEST(fw.is_leaf(i));
      BOOST_TEST(fw.nodes()[i].weight == row.points);
      BOOST_TEST(fw.nodes()[*fw.parent(i)].id == row.dimension);
      const cl::Indicator& ind = fw.indicator(row.id);
      BOOST_TEST((ind.kind == row.kind));
      BOOST_TEST(ind.name_zh == row.name_zh);
      BOOST_TEST((ind.direction == cl::Direction::higher_is_better));
      if (row.kind == cl::IndicatorKind::qualitative) {
        BOOST_TEST(ind.unit == "score");
        BOOST_TEST(ind.target == 100.0);
        BOOST_TEST(ind.range.lo == 0.0);
        BOOST_TEST(ind.range.hi == 100.0);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(framework_ratios_targets_and_unscored) {
  const auto& fw = bundle().framework;
  for (const RatioRow& r : kRatios) {
    BOOST_TEST_CONTEXT("ratio " << r.id) {
      const cl::Indicator& ind = fw.indicator(r.id);
      BOOST_TEST((ind.kind == cl::IndicatorKind::ratio));
      BOOST_TEST(ind.variable == r.numerator);
      BOOST_TEST(ind.denominator == r.denominator);
      BOOST_TEST(ind.scale == r.scale);
      BOOST_TEST(fw.find_variable(r.numerator) != nullptr);
      BOOST_TEST(fw.find_variable(r.denominator) != nullptr);
    }
  }
  // percent shares lie in [0, 100]
  for (const char* id : {"fiscal_st_share", "ent_rd_intensity", "rd_institution_share", "hightech_va_share",
                         "agri_industrialisation_rate"}) {
    BOOST_TEST_CONTEXT("range " << id) {
      BOOST_TEST(fw.indicator(id).unit == "%");
      BOOST_TEST(fw.indicator(id).range.lo == 0.0);
      BOOST_TEST(fw.indicator(id).range.hi == 100.0);
    }
  }

  // every quantitative indicator's reference level is its A-tier 2022 target
  for (const TargetRow& t : kTargets) {
    BOOST_TEST_CONTEXT("target " << t.indicator) {
      const cl::Indicator* ind = fw.find_indicator(t.indicator);
      BOOST_REQUIRE(ind != nullptr);
      BOOST_TEST(ind->target == t.a);
    }
  }

  std::vector<std::string> unscored = fw.unscored_indicators();
  std::set<std::string> unscored_set(unscored.begin(), unscored.end());
  BOOST_TEST(unscored.size() == 2u);
  BOOST_TEST((unscored_set == std::set<std::string>{"support_awards", "agri_industrialisation_rate"}));
  BOOST_TEST(fw.indicators().size() == 19u);
  BOOST_TEST(fw.indicator("support_awards").unit == "项");
  BOOST_TEST(fw.indicator("support_awards").name_zh == "争取上级支持与奖励");
  BOOST_TEST(fw.indicator("agri_industrialisation_rate").name_zh == "农业产业化经营率");

  // the raw variables the growth targets need
  BOOST_TEST(fw.find_variable("fiscal_st_exp") != nullptr);
  BOOST_TEST(fw.find_variable("ent_rd_exp") != nullptr);
  BOOST_TEST(fw.find_variable("population")->unit == "人");
}

// ---- plan ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(plan_info_and_tiers) {
  const auto& plan = bundle().plan;
  BOOST_TEST(plan.info().id == "shijiazhuang-leap-2022-2025");
  BOOST_TEST(plan.info().name_zh == "石家庄市县域科技创新跃升计划工作方案（2022—2025年）");
  BOOST_TEST(plan.info().issuer == "石家庄市人民政府办公室 石政办函〔2022〕17号");
  BOOST_TEST(plan.info().published == "2022-03-19");
  BOOST_TEST(contains(plan.info().note, "冀政办字〔2019〕9号"));

  const cl::TierScheme& scheme = plan.tiers();
  BOOST_TEST((scheme.rule == cl::TierRule::fixed));
  BOOST_REQUIRE(scheme.tiers.size() == 3u);
  BOOST_TEST(scheme.tiers[0].label == "A");
  BOOST_TEST(scheme.tiers[0].bound == 80.0);
  BOOST_TEST(scheme.tiers[0].inclusive);
  BOOST_TEST(scheme.tiers[0].name_zh == "A类县");
  BOOST_TEST(scheme.tiers[1].label == "B");
  BOOST_TEST(scheme.tiers[1].bound == 60.0);
  BOOST_TEST(scheme.tiers[1].inclusive);
  BOOST_TEST(scheme.tiers[1].name_zh == "B类县");
  BOOST_TEST(scheme.tiers[2].label == "C");
  BOOST_TEST(std::isnan(scheme.tiers[2].bound));  // the last tier takes the rest
  BOOST_TEST(scheme.tiers[2].name_zh == "C类县");
}

BOOST_AUTO_TEST_CASE(plan_phases) {
  const auto& plan = bundle().plan;
  BOOST_REQUIRE(plan.phases().size() == 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const PhaseRow& row = kPhases[i];
    const cl::Phase& p = plan.phases()[i];
    BOOST_TEST_CONTEXT("phase " << row.id) {
      BOOST_TEST(p.id == row.id);
      if (row.name_zh) BOOST_TEST(p.name_zh == row.name_zh);
      BOOST_TEST(p.evaluation_year == row.evaluation_year);
      BOOST_TEST(p.publication_year == row.publication_year);
      BOOST_TEST(p.publication_year_inferred == row.publication_year_inferred);
      BOOST_TEST(p.baseline == row.baseline);
      const std::map<std::string, int> counts = {{"A", row.a}, {"B", row.b}, {"C", row.c}};
      BOOST_TEST((p.tier_counts == counts));
      BOOST_TEST(row.a + row.b + row.c == 21);
    }
  }
}

BOOST_AUTO_TEST_CASE(plan_observed_2020) {
  const auto& plan = bundle().plan;
  BOOST_TEST(plan.observed().size() == 21u);
  int inferred = 0;
  for (const Unit& u : kUnits) {
    BOOST_TEST_CONTEXT("observed " << u.code) {
      const cl::RegionTier* t = find_tier(plan.observed(), u.code, 2020);
      BOOST_REQUIRE(t != nullptr);
      BOOST_TEST(t->tier == u.tier2020);
      BOOST_TEST(t->inferred == u.tier2020_inferred);
      if (t->inferred) ++inferred;
    }
  }
  BOOST_TEST(inferred == 8);
  for (const auto& t : plan.observed()) BOOST_TEST(t.evaluation_year == 2020);
}

BOOST_AUTO_TEST_CASE(plan_goals_per_unit) {
  const auto& plan = bundle().plan;
  BOOST_TEST(plan.goals().size() == 63u);
  int n_inferred = 0;
  for (int year : {2021, 2022, 2025}) {
    const auto& named = kNamedGoals.at(year);
    for (const Unit& u : kUnits) {
      BOOST_TEST_CONTEXT("goal " << u.code << " " << year) {
        const cl::RegionTier* g = find_tier(plan.goals(), u.code, year);
        BOOST_REQUIRE(g != nullptr);
        BOOST_TEST(g->tier == goal_of(u, year));
        const bool is_named = named.count(u.code) > 0;
        BOOST_TEST(g->inferred == !is_named);
        if (g->inferred) ++n_inferred;
      }
    }
  }
  BOOST_TEST(n_inferred == 63 - 11 - 8 - 9);
}

BOOST_AUTO_TEST_CASE(plan_goals_agree_with_tier_counts_and_named_moves) {
  const auto& plan = bundle().plan;
  for (const cl::Phase& p : plan.phases()) {
    BOOST_TEST_CONTEXT("phase " << p.id) {
      const auto& list = p.baseline ? plan.observed() : plan.goals();
      std::map<std::string, int> counts = {{"A", 0}, {"B", 0}, {"C", 0}};
      for (const auto& g : list)
        if (g.evaluation_year == p.evaluation_year) ++counts[g.tier];
      BOOST_TEST((counts == p.tier_counts));
    }
  }
  // Each phase's changes of tier against the previous year are exactly the named moves.
  const std::vector<std::pair<int, int>> steps = {{2020, 2021}, {2021, 2022}, {2022, 2025}};
  for (const auto& [from, to] : steps) {
    BOOST_TEST_CONTEXT("moves " << from << " -> " << to) {
      Moves moves;
      for (const Unit& u : kUnits) {
        const cl::RegionTier* before =
            find_tier(from == 2020 ? plan.observed() : plan.goals(), u.code, from);
        const cl::RegionTier* after = find_tier(plan.goals(), u.code, to);
        BOOST_REQUIRE(before != nullptr);
        BOOST_REQUIRE(after != nullptr);
        if (before->tier != after->tier) moves[u.code] = {before->tier, after->tier};
        // the plan never aims for a unit to fall back
        BOOST_TEST(plan.tier_rank(after->tier) <= plan.tier_rank(before->tier));
      }
      BOOST_TEST((moves == kMoves.at(to)));
    }
  }
}

BOOST_AUTO_TEST_CASE(plan_indicator_targets) {
  const auto& plan = bundle().plan;
  BOOST_TEST(plan.indicator_targets().size() == 32u);
  for (const TargetRow& row : kTargets) {
    for (const auto& [tier, value] : {std::pair<std::string, double>{"A", row.a}, {"B", row.b}}) {
      BOOST_TEST_CONTEXT("target " << row.indicator << " " << tier) {
        int found = 0;
        for (const auto& t : plan.indicator_targets()) {
          if (t.indicator != row.indicator || t.tier != tier) continue;
          ++found;
          BOOST_TEST(t.year == 2022);
          BOOST_TEST(t.value == value);
          BOOST_TEST(t.unit == row.unit);
          BOOST_TEST(t.section == row.section);
        }
        BOOST_TEST(found == 1);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(plan_growth_targets_and_facts) {
  const auto& plan = bundle().plan;
  BOOST_REQUIRE(plan.growth_targets().size() == 2u);
  const cl::GrowthTarget& fiscal = plan.growth_targets()[0];
  BOOST_TEST(fiscal.variable == "fiscal_st_exp");
  BOOST_TEST(fiscal.min_rate_pct == 30.0);
  BOOST_TEST((fiscal.rule == cl::GrowthRule::average_annual));
  BOOST_TEST(fiscal.from_year == 2021);
  BOOST_TEST(fiscal.to_year == 2025);
  BOOST_TEST(fiscal.years_inferred);
  BOOST_TEST(fiscal.section == "§4");
  BOOST_TEST(contains(fiscal.note, "年均增速不低于30%"));
  const cl::GrowthTarget& rd = plan.growth_targets()[1];
  BOOST_TEST(rd.variable == "ent_rd_exp");
  BOOST_TEST(rd.min_rate_pct == 15.0);
  BOOST_TEST((rd.rule == cl::GrowthRule::each_year));
  BOOST_TEST(rd.from_year == 2021);
  BOOST_TEST(rd.to_year == 2025);
  BOOST_TEST(rd.years_inferred);
  BOOST_TEST(rd.section == "§5");

  BOOST_REQUIRE(plan.facts().size() == 1u);
  const cl::PlanFact& fund = plan.facts()[0];
  BOOST_TEST(fund.id == "special_fund");
  BOOST_TEST(fund.value == 1500.0);
  BOOST_TEST(fund.unit == "万元/year");
  BOOST_TEST(fund.from_year == 2022);
  BOOST_TEST(fund.to_year == 2025);
  BOOST_TEST(fund.section == "§六(二)");
}

BOOST_AUTO_TEST_CASE(next_goal_is_the_earliest_better_goal) {
  const cl::Plan& plan = bundle().plan;
  // seed 第一阶段 (2021): 桥西区 130104 重点培育 B→A
  auto g = plan.next_goal("130104", "B", 2020);
  BOOST_TEST(g.evaluation_year == 2021);
  BOOST_TEST(g.tier == "A");
  // seed 第二阶段 (2022): 赞皇县 130129 C→B; its 2021 goal (C) is not better than C
  g = plan.next_goal("130129", "C", 2021);
  BOOST_TEST(g.evaluation_year == 2022);
  BOOST_TEST(g.tier == "B");
  // in B from 2022 on (phase 3 keeps it in B): no better goal, the region and year come back
  g = plan.next_goal("130129", "B", 2022);
  BOOST_TEST(g.code == "130129");
  BOOST_TEST(g.evaluation_year == 2022);
  BOOST_TEST(g.tier == "B");
  // a region without goals (辛集市 130181, out of scope) keeps its tier
  BOOST_TEST(plan.next_goal("130181", "C", 2022).tier == "C");
  BOOST_CHECK_THROW(plan.next_goal("130129", "Z", 2022), cl::unknown_id_error);
}

BOOST_AUTO_TEST_SUITE_END()
