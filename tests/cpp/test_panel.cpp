// Panel: layout, missing vs zero, notes, views, equality, and bad input.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "countyleap/panel.hpp"

BOOST_AUTO_TEST_SUITE(test_panel)

using namespace countyleap;

namespace {
// 2 regions × 3 variables × 2 years (2020, 2021); value = 100·r + 10·v + t so every cell is
// recognisable by eye.
Panel numbered() {
  Panel p({"130102", "130104"}, {"a", "b", "c"}, 2020, 2021);
  for (Panel::Index t = 0; t < 2; ++t)
    for (Panel::Index v = 0; v < 3; ++v)
      for (Panel::Index r = 0; r < 2; ++r) p.set(r, v, t, 100.0 * r + 10.0 * v + t);
  return p;
}
}  // namespace

BOOST_AUTO_TEST_CASE(axes_and_lookup) {
  const Panel p = numbered();
  BOOST_TEST(p.n_regions() == 2);
  BOOST_TEST(p.n_variables() == 3);
  BOOST_TEST(p.n_years() == 2);
  BOOST_TEST(p.region_index("130104") == 1);
  BOOST_TEST(p.variable_index("c") == 2);
  BOOST_TEST(p.year_index(2021) == 1);
  BOOST_TEST(!p.find_year(2019).has_value());
  BOOST_CHECK_THROW(p.year_index(2019), unknown_id_error);
  BOOST_CHECK_THROW(p.region_index("130199"), unknown_id_error);
  BOOST_CHECK_THROW(p.variable_index("zzz"), unknown_id_error);
}

BOOST_AUTO_TEST_CASE(year_major_contiguous_layout) {
  const Panel p = numbered();
  // flat index ((t·nv) + v)·nr + r: (r=1, v=2, t=1) → (1·3 + 2)·2 + 1 = 11; value 100 + 20 + 1
  BOOST_TEST(p.data()[11] == 121.0);
  const auto y2021 = p.year(1);
  BOOST_TEST(y2021.rows() == 2);
  BOOST_TEST(y2021.cols() == 3);
  BOOST_TEST(y2021(1, 2) == 121.0);
  BOOST_TEST(y2021.data() == p.data().data() + 6);  // a view, no copy
  const auto s = p.series(1, 2);
  BOOST_TEST(s.size() == 2);
  BOOST_TEST(s(0) == 120.0);
  BOOST_TEST(s(1) == 121.0);
}

BOOST_AUTO_TEST_CASE(missing_is_not_zero) {
  Panel p({"130102"}, {"a"}, 2020, 2020);
  BOOST_TEST(!p.has(0, 0, 0));
  BOOST_TEST(!p.get(0, 0, 0).has_value());
  BOOST_TEST(std::isnan(p(0, 0, 0)));
  p.set(0, 0, 0, 0.0);
  BOOST_TEST(p.has(0, 0, 0));
  BOOST_TEST(*p.get(0, 0, 0) == 0.0);
  p.set_missing(0, 0, 0);
  BOOST_TEST(!p.has(0, 0, 0));
  BOOST_TEST(p.count_present() == 0u);
}

BOOST_AUTO_TEST_CASE(non_finite_values_are_refused) {
  Panel p({"130102"}, {"a"}, 2020, 2020);
  BOOST_CHECK_THROW(p.set(0, 0, 0, std::numeric_limits<double>::quiet_NaN()), validation_error);
  BOOST_CHECK_THROW(p.set(0, 0, 0, std::numeric_limits<double>::infinity()), validation_error);
  BOOST_CHECK_THROW(p.set(0, 0, 0, -std::numeric_limits<double>::infinity()), validation_error);
  BOOST_TEST(!p.has(0, 0, 0));
}

BOOST_AUTO_TEST_CASE(checked_accessors) {
  Panel p = numbered();
  BOOST_CHECK_THROW(p.get(2, 0, 0), unknown_id_error);
  BOOST_CHECK_THROW(p.set(0, 3, 0, 1.0), unknown_id_error);
  BOOST_CHECK_THROW(p.note(0, 0, 2), unknown_id_error);
  BOOST_CHECK_THROW(p.get(-1, 0, 0), unknown_id_error);
  BOOST_CHECK_THROW(p.year(2), unknown_id_error);
}

BOOST_AUTO_TEST_CASE(notes_and_comments) {
  Panel p = numbered();
  p.set_note(1, 0, 1, "统计年鉴 2022, p. 35");
  BOOST_TEST(p.note(1, 0, 1) == "统计年鉴 2022, p. 35");
  BOOST_TEST(p.note(0, 0, 0).empty());
  BOOST_TEST(p.n_notes() == 1u);
  p.set_missing(1, 0, 1);
  BOOST_TEST(p.note(1, 0, 1) == "统计年鉴 2022, p. 35");  // a missing value keeps its note ("not reported")
  p.set_note(1, 0, 1, "");
  BOOST_TEST(p.n_notes() == 0u);
  p.set_comments({"illustrative, not official statistics"});
  BOOST_TEST(p.comments().size() == 1u);
}

BOOST_AUTO_TEST_CASE(with_variables_keeps_values_notes_and_comments) {
  Panel p = numbered();
  p.set_note(1, 2, 1, "n");
  p.set_comments({"c"});
  const Panel q = p.with_variables({"d"});
  BOOST_TEST(q.n_variables() == 4);
  BOOST_TEST(q(1, 2, 1) == 121.0);
  BOOST_TEST(q(0, 1, 0) == 10.0);
  BOOST_TEST(!q.has(1, 3, 1));
  BOOST_TEST(q.note(1, 2, 1) == "n");
  BOOST_TEST(q.comments() == p.comments());
  BOOST_CHECK_THROW(p.with_variables({"a"}), duplicate_error);
}

BOOST_AUTO_TEST_CASE(equality_is_bitwise) {
  Panel a = numbered(), b = numbered();
  BOOST_TEST((a == b));
  b.set(0, 0, 0, -0.0);  // a holds +0.0 there: equal as numbers, different bits
  BOOST_TEST((a != b));
  b = numbered();
  b.set_missing(1, 1, 1);
  BOOST_TEST((a != b));
  b = numbered();
  b.set_note(0, 0, 0, "x");
  BOOST_TEST((a != b));
}

BOOST_AUTO_TEST_CASE(bad_axes) {
  BOOST_CHECK_THROW(Panel({"130102", "130102"}, {"a"}, 2020, 2020), duplicate_error);
  BOOST_CHECK_THROW(Panel({"130102"}, {"a", "a"}, 2020, 2020), duplicate_error);
  BOOST_CHECK_THROW(Panel({"130102"}, {"a"}, 2021, 2020), validation_error);
  BOOST_CHECK_THROW(Panel({"130102"}, {"has space"}, 2020, 2020), validation_error);
  BOOST_CHECK_THROW(Panel({""}, {"a"}, 2020, 2020), validation_error);
  const Panel empty;
  BOOST_TEST(empty.n_years() == 0);
  BOOST_TEST(empty.count_present() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
