#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "test_support.hpp"
#include "countyleap/error.hpp"
#include "countyleap/io/coinr.hpp"

BOOST_AUTO_TEST_SUITE(test_coinr_io)

using namespace countyleap;
using test_support::expect_throw;
using io::CoinrTables;
namespace fs = std::filesystem;

namespace {

const std::string idata = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/asem/ASEM_iData.csv";
const std::string imeta = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/asem/ASEM_iMeta.csv";

// A fresh, empty folder for files a test writes.
fs::path scratch_dir(const std::string& name) { return test_support::scratch_dir("coinr_io", name); }


using test_support::same_bits;

// A small iData / iMeta pair, written to a folder, that a test then breaks in one place.
struct Tables {
  std::string data =
      "uName,uCode,EurAsia_group,Time,Pop,LPI,Flights\n"
      "Austria,AUT,Europe,2018,8735.453,4.097985,29.01725\n"
      "Bangladesh,BGD,Asia,2018,NA,2.663902,\n";
  std::string meta =
      "Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n"
      "1,LPI,Logistics,1,1,Score,4.1,NA,Physical,Indicator\n"
      "1,Flights,Flights,-1,2,Seats,NA,Pop,Physical,Indicator\n"
      "2,Physical,Physical,1,1,Score,NA,NA,Index,Aggregate\n"
      "3,Index,Index,1,1,Score,NA,NA,NA,Aggregate\n"
      "NA,EurAsia_group,Europe or Asia,NA,NA,NA,NA,NA,NA,Group\n"
      "NA,Pop,Population,NA,NA,Thousands,NA,NA,NA,Denominator\n";

  CoinrTables read(const std::string& name) const {
    const fs::path dir = scratch_dir(name);
    std::ofstream(dir / "iData.csv", std::ios::binary) << data;
    std::ofstream(dir / "iMeta.csv", std::ios::binary) << meta;
    return io::read_coinr((dir / "iData.csv").string(), (dir / "iMeta.csv").string());
  }
  void replace(std::string& table, const std::string& from, const std::string& to) const {
    const auto at = table.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    table.replace(at, from.size(), to);
  }
};

void check_equal(const CoinrTables& a, const CoinrTables& b) {
  BOOST_TEST((a.panel == b.panel));
  BOOST_REQUIRE_EQUAL(a.regions.size(), b.regions.size());
  BOOST_TEST((a.regions.scheme() == b.regions.scheme()));
  for (std::size_t i = 0; i < a.regions.size(); ++i) {
    const Region &x = a.regions[i], &y = b.regions[i];
    BOOST_TEST(x.code == y.code);
    BOOST_TEST(x.name_en == y.name_en);
    BOOST_TEST(x.name_zh == y.name_zh);
    BOOST_TEST((x.kind == y.kind));
    BOOST_TEST((x.attributes == y.attributes));
  }
  const Framework &f = a.framework, &g = b.framework;
  BOOST_REQUIRE_EQUAL(f.variables().size(), g.variables().size());
  for (std::size_t i = 0; i < f.variables().size(); ++i) {
    BOOST_TEST(f.variables()[i].id == g.variables()[i].id);
    BOOST_TEST(f.variables()[i].name_en == g.variables()[i].name_en);
    BOOST_TEST(f.variables()[i].unit == g.variables()[i].unit);
    BOOST_TEST(f.variables()[i].note == g.variables()[i].note);
  }
  BOOST_REQUIRE_EQUAL(f.indicators().size(), g.indicators().size());
  for (std::size_t i = 0; i < f.indicators().size(); ++i) {
    const Indicator &x = f.indicators()[i], &y = g.indicators()[i];
    BOOST_TEST_CONTEXT("indicator " << x.id) {
      BOOST_TEST(x.id == y.id);
      BOOST_TEST(x.name_en == y.name_en);
      BOOST_TEST(x.unit == y.unit);
      BOOST_TEST((x.direction == y.direction));
      BOOST_TEST((x.kind == y.kind));
      BOOST_TEST(x.denominate_by == y.denominate_by);
      BOOST_TEST(same_bits(x.target, y.target));
    }
  }
  BOOST_REQUIRE_EQUAL(f.size(), g.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    BOOST_TEST(f.nodes()[i].id == g.nodes()[i].id);
    BOOST_TEST(f.nodes()[i].parent == g.nodes()[i].parent);
    BOOST_TEST(f.nodes()[i].name_en == g.nodes()[i].name_en);
    BOOST_TEST(same_bits(f.nodes()[i].weight, g.nodes()[i].weight));
    BOOST_TEST(f.level(i) == g.level(i));
  }
}

}  // namespace

// ---- COINr's ASEM example as given ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(asem_reads_as_given) {
  const CoinrTables t = io::read_coinr(idata, imeta);
  BOOST_TEST(t.regions.size() == 51u);
  BOOST_TEST((t.regions.scheme() == CodeScheme::free));
  BOOST_TEST(t.regions[0].code == "AUT");
  BOOST_TEST(t.regions[50].code == "VNM");
  const Region& aut = t.regions.at("AUT");
  BOOST_TEST(aut.name_en == "Austria");
  BOOST_TEST((aut.kind == RegionKind::other));
  BOOST_TEST(aut.attributes.size() == 4u);
  BOOST_TEST(aut.attributes.at("EurAsia_group") == "Europe");
  BOOST_TEST(aut.attributes.at("GDP_group") == "L");
  BOOST_TEST(aut.attributes.at("GDPpc_group") == "XL");

  const Framework& fw = t.framework;
  BOOST_TEST(fw.indicators().size() == 49u);
  BOOST_TEST(fw.n_leaves() == 49u);
  BOOST_TEST(fw.unscored_indicators().empty());
  // the four Denominator rows are the declared variables, in iMeta order
  BOOST_TEST(fw.variables().size() == 4u + 49u);
  for (std::size_t i = 0; i < 4; ++i)
    BOOST_TEST(fw.variables()[i].id == (std::vector<std::string>{"Area", "Energy", "GDP", "Population"}[i]));
  BOOST_TEST(fw.variables()[2].name_en == "GDP");
  BOOST_TEST(fw.variables()[0].unit == "Thousand square km");
  int lower_is_better = 0, with_denominator = 0;
  for (const Indicator& ind : fw.indicators()) {
    lower_is_better += ind.direction == Direction::lower_is_better;
    with_denominator += !ind.denominate_by.empty();
  }
  BOOST_TEST(lower_is_better == 14);
  BOOST_TEST(with_denominator == 17);
  int per_level[5] = {0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < fw.size(); ++i) ++per_level[fw.level(i)];
  BOOST_TEST(per_level[1] == 49);
  BOOST_TEST(per_level[2] == 8);  // pillars
  BOOST_TEST(per_level[3] == 2);  // sub-indices
  BOOST_TEST(per_level[4] == 1);  // the index
  BOOST_TEST(fw.nodes()[fw.root()].id == "Index");
  BOOST_TEST(fw.nodes()[fw.root()].name_en == "Sustainable Connectivity");
  BOOST_TEST(fw.children(fw.node_index("Physical")).size() == 8u);
  BOOST_TEST(fw.node("Conn").parent == "Index");

  const Indicator& lpi = fw.indicator("LPI");
  BOOST_TEST(lpi.name_en == "Logistics Performance Index");
  BOOST_TEST(lpi.unit == "Score 1-5");
  BOOST_TEST(lpi.target == 4.11803135);
  BOOST_TEST(lpi.denominate_by.empty());
  BOOST_TEST(fw.node("LPI").parent == "Physical");
  const Indicator& flights = fw.indicator("Flights");
  BOOST_TEST(flights.denominate_by == "Population");
  BOOST_TEST(flights.target == 200.3326555);
  BOOST_TEST((fw.indicator("PubDebt").direction == Direction::lower_is_better));

  const Panel& p = t.panel;
  BOOST_TEST(p.n_regions() == 51);
  BOOST_TEST(p.n_variables() == 53);  // 4 denominators + 49 indicators
  BOOST_TEST(p.first_year() == 2018);
  BOOST_TEST(p.last_year() == 2018);
  BOOST_TEST(p.regions() == t.regions.codes());
  const auto a = p.region_index("AUT");
  BOOST_TEST(p(a, p.variable_index("LPI"), 0) == 4.097985);
  BOOST_TEST(p(a, p.variable_index("Flights"), 0) == 29.01725);
  BOOST_TEST(p(a, p.variable_index("GDP"), 0) == 390.799991147468);
  BOOST_TEST(p(a, p.variable_index("Ship"), 0) == 0.0);  // zero is a value, not missing
  // COINr's NAs: 63 among the indicators and one denominator (LAO's Energy)
  BOOST_TEST(p.count_present() == 51u * 53u - 64u);
  BOOST_TEST(!p.has(p.region_index("LAO"), p.variable_index("Energy"), 0));
  BOOST_TEST(!p.has(p.region_index("BGD"), p.variable_index("ConSpeed"), 0));
  BOOST_TEST(p(p.region_index("BGD"), p.variable_index("LPI"), 0) == 2.663902);
}

BOOST_AUTO_TEST_CASE(asem_round_trip) {
  const CoinrTables t = io::read_coinr(idata, imeta);
  const fs::path dir = scratch_dir("round_trip");
  io::write_coinr(t, (dir / "iData.csv").string(), (dir / "iMeta.csv").string());
  const CoinrTables back = io::read_coinr((dir / "iData.csv").string(), (dir / "iMeta.csv").string());
  check_equal(back, t);
  // and once more: the written tables are a fixed point
  io::write_coinr(back, (dir / "iData2.csv").string(), (dir / "iMeta2.csv").string());
  check_equal(io::read_coinr((dir / "iData2.csv").string(), (dir / "iMeta2.csv").string()), t);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(small_tables_read_and_round_trip) {
  const Tables tables;
  const CoinrTables t = tables.read("small");
  BOOST_TEST(t.regions.size() == 2u);
  BOOST_TEST(t.regions.at("BGD").attributes.at("EurAsia_group") == "Asia");
  BOOST_TEST(t.panel.variables() == (std::vector<std::string>{"Pop", "LPI", "Flights"}));
  BOOST_TEST(t.panel.count_present() == 4u);
  BOOST_TEST(t.framework.node("Flights").weight == 2.0);
  BOOST_TEST(std::isnan(t.framework.indicator("Flights").target));
  BOOST_TEST(t.framework.variables()[0].name_en == "Population");
  const fs::path dir = scratch_dir("small_out");
  io::write_coinr(t, (dir / "d.csv").string(), (dir / "m.csv").string());
  check_equal(io::read_coinr((dir / "d.csv").string(), (dir / "m.csv").string()), t);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(denominator_without_a_row_becomes_a_variable) {
  Tables tables;
  tables.replace(tables.meta, "NA,Pop,Population,NA,NA,Thousands,NA,NA,NA,Denominator\n", "");
  const CoinrTables t = tables.read("implicit_denominator");
  BOOST_TEST(t.framework.variables()[0].id == "Pop");
  BOOST_TEST(t.framework.variables()[0].name_en.empty());
}

// ---- errors -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(direction_must_be_plus_or_minus_one) {
  Tables tables;
  tables.replace(tables.meta, "Flights,Flights,-1", "Flights,Flights,2");
  const auto e = expect_throw<validation_error>([&] { tables.read("direction"); });
  BOOST_TEST(e.where().file.find("iMeta.csv") != std::string::npos);
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 4u);
  BOOST_TEST(e.where().column_name == "Direction");
  BOOST_TEST(e.detail() == "Direction must be 1 or -1, got '2'");
}

BOOST_AUTO_TEST_CASE(denominator_must_name_an_idata_column) {
  Tables tables;
  tables.replace(tables.meta, "NA,Pop,Physical", "NA,Popu,Physical");
  const auto e = expect_throw<unknown_id_error>([&] { tables.read("denominator"); });
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column_name == "Denominator");
  BOOST_TEST(e.where().id == "Popu");
}

BOOST_AUTO_TEST_CASE(parent_must_name_a_node) {
  Tables tables;
  tables.replace(tables.meta, "Score,NA,NA,Index,Aggregate", "Score,NA,NA,Indx,Aggregate");
  const auto e = expect_throw<unknown_id_error>([&] { tables.read("parent"); });
  BOOST_TEST(e.where().line == 4u);
  BOOST_TEST(e.where().id == "Indx");
}

BOOST_AUTO_TEST_CASE(level_must_agree_with_the_tree) {
  Tables tables;
  tables.replace(tables.meta, "3,Index", "4,Index");
  const auto e = expect_throw<validation_error>([&] { tables.read("level"); });
  BOOST_TEST(e.where().line == 5u);
  BOOST_TEST(e.where().column_name == "Level");
  Tables leaf;
  leaf.replace(leaf.meta, "1,LPI", "2,LPI");
  BOOST_TEST(expect_throw<validation_error>([&] { leaf.read("leaf_level"); }).where().line == 2u);
}

BOOST_AUTO_TEST_CASE(unknown_type_and_unknown_column) {
  Tables tables;
  tables.replace(tables.meta, "NA,NA,NA,Group", "NA,NA,NA,Grouping");
  const auto type = expect_throw<validation_error>([&] { tables.read("type"); });
  BOOST_TEST(type.where().line == 6u);
  BOOST_TEST(type.where().column == 10u);
  Tables columns;
  columns.replace(columns.meta, "Parent,Type", "Parent,Type,Source");
  const auto unknown = expect_throw<parse_error>([&] { columns.read("column"); });
  BOOST_TEST(unknown.where().column == 11u);  // and the rows are ragged after it: the header is checked first
  BOOST_TEST(unknown.detail().rfind("unknown column 'Source'", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(idata_values_and_units_are_checked) {
  Tables text;
  text.replace(text.data, "2.663902", "n/a");
  const auto e = expect_throw<parse_error>([&] { text.read("text"); });
  BOOST_TEST(e.where().file.find("iData.csv") != std::string::npos);
  BOOST_TEST(e.where().line == 3u);
  BOOST_TEST(e.where().column == 6u);
  BOOST_TEST(e.detail() == "non-numeric value 'n/a'");

  Tables twice;
  twice.data += "Austria,AUT,Europe,2018,1,2,3\n";
  const auto dup = expect_throw<duplicate_error>([&] { twice.read("twice"); });
  BOOST_TEST(dup.detail().find("lines 2 and 4") != std::string::npos);

  Tables no_time;
  no_time.replace(no_time.data, "Time", "Year");
  BOOST_TEST(expect_throw<parse_error>([&] { no_time.read("no_time"); }).detail().rfind("missing column 'Time'", 0) == 0u);

  Tables groups;
  groups.data += "Austria,AUT,Asia,2019,1,2,3\n";
  BOOST_TEST(expect_throw<validation_error>([&] { groups.read("groups"); }).where().line == 4u);
}

// Regression (issue 15): COINr's Time column takes any whole number, and a dense panel over
// years 0..2000000000 asked for tens of GB; the extreme int years overflowed the year count and
// wrote out of bounds. Both are refused before anything is allocated, naming the file.
BOOST_AUTO_TEST_CASE(far_apart_years_are_refused_before_allocation) {
  for (const auto& years : {std::pair<std::string, std::string>{"0", "2000000000"}, {"-2147483648", "2147483647"}}) {
    const std::string& first = years.first;  // (not a structured binding: C++17 lambdas cannot capture one)
    const std::string& last = years.second;
    Tables t;
    t.replace(t.data, "Austria,AUT,Europe,2018", "Austria,AUT,Europe," + first);
    t.replace(t.data, "Bangladesh,BGD,Asia,2018", "Bangladesh,BGD,Asia," + last);
    const auto e = expect_throw<validation_error>([&] { t.read("years_" + first); });
    BOOST_TEST(e.where().file.find("iData.csv") != std::string::npos);
    BOOST_TEST(e.detail().find("(" + first + "-" + last + ")") != std::string::npos, e.detail());
    BOOST_TEST(e.detail().find("at most 1000 years") != std::string::npos, e.detail());
  }
}

BOOST_AUTO_TEST_CASE(what_coinr_cannot_hold_is_refused_on_writing) {
  const Tables tables;
  const CoinrTables t = tables.read("refuse");
  const fs::path dir = scratch_dir("refuse_out");
  CoinrTables ratio = t;
  Indicator r{"R", "", "", "", Direction::higher_is_better, IndicatorKind::ratio, "LPI", "Pop", 100};
  auto indicators = t.framework.indicators();
  indicators.push_back(r);
  auto nodes = t.framework.nodes();
  nodes.push_back(Node{"R", "", "", "Physical"});
  ratio.framework = Framework({t.framework.variables()[0]}, indicators, nodes);
  const auto e = expect_throw<validation_error>([&] { io::write_coinr(ratio, (dir / "d.csv").string(), (dir / "m.csv").string()); });
  BOOST_TEST(e.where().id == "R");
  BOOST_TEST(!fs::exists(dir / "d.csv"));  // nothing is written when a table cannot be
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
