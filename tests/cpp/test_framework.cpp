// Framework: tree order, levels, shares, and every validation rule naming the offending id.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "test_support.hpp"
#include "countyleap/framework.hpp"

#include "framework_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_framework)

using namespace countyleap;
using test_support::message_of;

namespace {
using test_support::node;
using test_support::raw;
// index ─┬─ input (25) ─┬─ a (8)
//        │              └─ b (17)
//        └─ output (75) ── c (1)
Framework small() {
  return Framework({}, {raw("a"), raw("b"), raw("c"), raw("unscored")},
                   {node("index", ""), node("input", "index", 25), node("a", "input", 8), node("b", "input", 17),
                    node("output", "index", 75), node("c", "output", 1)});
}
}  // namespace

BOOST_AUTO_TEST_CASE(canonical_order_levels_and_shares) {
  const Framework fw = small();
  BOOST_TEST(fw.size() == 6u);
  BOOST_TEST(fw.n_leaves() == 3u);
  // leaves first in the order given, then aggregates by level, root last
  const std::vector<std::string> ids = {"a", "b", "c", "input", "output", "index"};
  for (std::size_t i = 0; i < ids.size(); ++i) BOOST_TEST(fw.nodes()[i].id == ids[i]);
  BOOST_TEST(fw.root() == 5u);
  BOOST_TEST(fw.level(0) == 1);
  BOOST_TEST(fw.level(fw.node_index("input")) == 2);
  BOOST_TEST(fw.level(fw.root()) == 3);
  BOOST_TEST(*fw.parent(fw.node_index("b")) == fw.node_index("input"));
  BOOST_TEST(!fw.parent(fw.root()).has_value());
  // shares: a = 8 / (8 + 17) = 0.32, input = 25 / 100
  BOOST_TEST(fw.share(fw.node_index("a")) == 0.32, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(fw.share(fw.node_index("input")) == 0.25, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(fw.share(fw.node_index("c")) == 1.0);
  BOOST_TEST(fw.share(fw.root()) == 1.0);
  BOOST_TEST((fw.children(fw.root()) == std::vector<std::size_t>{3, 4}));
  BOOST_TEST((fw.scored_indicators() == std::vector<std::string>{"a", "b", "c"}));
  BOOST_TEST((fw.unscored_indicators() == std::vector<std::string>{"unscored"}));
  BOOST_TEST(fw.leaf_indicator(1).id == "b");
}

BOOST_AUTO_TEST_CASE(unbalanced_tree_levels_are_heights) {
  // root has a leaf child directly and a dimension: heights 1 (leaves), 2 (dim), 3 (root)
  Framework fw({}, {raw("x"), raw("y")}, {node("root", ""), node("x", "root"), node("dim", "root"), node("y", "dim")});
  BOOST_TEST(fw.level(fw.node_index("dim")) == 2);
  BOOST_TEST(fw.level(fw.root()) == 3);
  BOOST_TEST(fw.nodes().back().id == "root");
}

BOOST_AUTO_TEST_CASE(implicit_variables_and_references) {
  Indicator share;
  share.id = "share";
  share.kind = IndicatorKind::ratio;
  share.variable = "num";
  share.denominator = "den";
  share.scale = 100;
  Framework fw({Variable{"num"}, Variable{"den"}}, {share, raw("count")}, {node("root", ""), node("share", "root"), node("count", "root")});
  BOOST_TEST(fw.variables().size() == 3u);  // num, den, and count declared by its raw indicator
  BOOST_TEST(fw.find_variable("count") != nullptr);
  BOOST_TEST((Framework::inputs_of(share) == std::vector<std::string>{"num", "den"}));

  share.denominator = "typo";
  const auto msg = message_of<unknown_id_error>(
      [&] { Framework({Variable{"num"}, Variable{"den"}}, {share}, {node("root", ""), node("share", "root")}); });
  BOOST_TEST(msg.find("typo") != std::string::npos);
  BOOST_TEST(msg.find("share") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(derivation_rules_checked) {
  Indicator r;
  r.id = "r";
  r.kind = IndicatorKind::ratio;
  r.variable = "num";
  BOOST_CHECK_THROW(Framework({Variable{"num"}}, {r}, {node("root", ""), node("r", "root")}), framework_error);
  r.denominator = "num";
  r.scale = 0;
  BOOST_CHECK_THROW(Framework({Variable{"num"}}, {r}, {node("root", ""), node("r", "root")}), framework_error);
  Indicator g = raw("g");
  g.kind = IndicatorKind::growth;
  g.years = 0;
  BOOST_CHECK_THROW(Framework({}, {g}, {node("root", ""), node("g", "root")}), framework_error);
  Indicator bad_range = raw("q");
  bad_range.range = ValidRange{100, 0};
  BOOST_CHECK_THROW(Framework({}, {bad_range}, {node("root", ""), node("q", "root")}), framework_error);
}

BOOST_AUTO_TEST_CASE(duplicate_ids) {
  BOOST_TEST(message_of<duplicate_error>([] { Framework({}, {raw("a"), raw("a")}, {node("root", ""), node("a", "root")}); })
                 .find("'a'") != std::string::npos);
  BOOST_TEST(message_of<duplicate_error>([] {
               Framework({}, {raw("a")}, {node("root", ""), node("a", "root"), node("a", "root")});
             }).find("duplicate node id") != std::string::npos);
  BOOST_CHECK_THROW(Framework({Variable{"v"}, Variable{"v"}}, {raw("a")}, {node("root", ""), node("a", "root")}), duplicate_error);
}

BOOST_AUTO_TEST_CASE(unknown_parent) {
  const auto msg = message_of<unknown_id_error>([] { Framework({}, {raw("a")}, {node("root", ""), node("a", "nowhere")}); });
  BOOST_TEST(msg.find("nowhere") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cycle_names_its_nodes) {
  const auto msg = message_of<framework_error>([] {
    Framework({}, {raw("a")}, {node("root", ""), node("a", "root"), node("p", "q"), node("q", "p")});
  });
  BOOST_TEST(msg.find("cycle") != std::string::npos);
  BOOST_TEST(msg.find("p") != std::string::npos);
  BOOST_TEST(msg.find("q") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(roots_empty_nodes_and_leaves_with_children) {
  BOOST_TEST(message_of<framework_error>([] { Framework({}, {raw("a")}, {node("r1", ""), node("r2", ""), node("a", "r1")}); })
                 .find("r1, r2") != std::string::npos);
  BOOST_TEST(message_of<framework_error>([] { Framework({}, {raw("a")}, {node("root", ""), node("a", "root"), node("empty", "root")}); })
                 .find("empty") != std::string::npos);
  BOOST_CHECK_THROW(Framework({}, {raw("a"), raw("b")}, {node("root", ""), node("a", "root"), node("b", "a")}), framework_error);
  BOOST_CHECK_THROW(Framework({}, {}, {}), framework_error);
}

BOOST_AUTO_TEST_CASE(weights) {
  const auto neg = message_of<framework_error>([] { Framework({}, {raw("a")}, {node("root", ""), node("a", "root", -1)}); });
  BOOST_TEST(neg.find("'a'") != std::string::npos);
  BOOST_TEST(neg.find("-1") != std::string::npos);
  const auto zero = message_of<framework_error>(
      [] { Framework({}, {raw("a"), raw("b")}, {node("root", ""), node("a", "root", 0), node("b", "root", 0)}); });
  BOOST_TEST(zero.find("'root'") != std::string::npos);
  BOOST_CHECK_THROW(Framework({}, {raw("a")}, {node("root", ""), node("a", "root", std::nan(""))}), framework_error);
  // one zero weight beside a positive one is allowed (the indicator is shown but not counted)
  Framework ok({}, {raw("a"), raw("b")}, {node("root", ""), node("a", "root", 0), node("b", "root", 2)});
  BOOST_TEST(ok.share(ok.node_index("a")) == 0.0);
}

BOOST_AUTO_TEST_CASE(invalid_ids) {
  BOOST_CHECK_THROW(Framework({}, {raw("1abc")}, {node("root", ""), node("1abc", "root")}), validation_error);
  BOOST_CHECK_THROW(Framework({}, {raw("a b")}, {node("root", ""), node("a b", "root")}), validation_error);
}

BOOST_AUTO_TEST_CASE(lookups_throw_with_the_id) {
  const Framework fw = small();
  BOOST_TEST(message_of<unknown_id_error>([&] { fw.node_index("zzz"); }).find("zzz") != std::string::npos);
  BOOST_CHECK_THROW(fw.indicator("zzz"), unknown_id_error);
  BOOST_TEST(fw.find_indicator("zzz") == nullptr);
  BOOST_TEST(fw.indicator("unscored").id == "unscored");
}

BOOST_AUTO_TEST_SUITE_END()
