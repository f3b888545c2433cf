// Numbers at the edges (issue 15): NaN and ±Inf in inputs, values near the double range (1e308),
// denormals, −0, all-equal columns, single-region and single-year panels, 10^5 regions. Each
// case is either a result worked out by hand (in the comments) or a named error.
#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/error.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/pipeline.hpp"
#include "framework_fixture.hpp"
#include "test_support.hpp"

BOOST_AUTO_TEST_SUITE(test_edges)

using namespace countyleap;
namespace tt = boost::test_tools;

namespace {

using test_support::contains;
using test_support::expect_throw;
using test_support::node;
using test_support::raw;
using test_support::same_bits;

constexpr double big = 1e308;
const double denorm = std::numeric_limits<double>::denorm_min();  // 2^-1074 ≈ 4.94e-324

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x[i++] = d;
  return x;
}

Eigen::VectorXd normalised(std::initializer_list<double> v, NormaliseMethod method,
                           Direction direction = Direction::higher_is_better) {
  Eigen::VectorXd x = vec(v);
  NormaliseOptions o;
  o.method = method;
  normalise_column(x, direction, o, "ind");
  return x;
}

// One aggregate node over indicators a, b, c with equal weights.
Framework three_indicators(Direction b_direction = Direction::higher_is_better) {
  return Framework({}, {raw("a"), raw("b", b_direction), raw("c")},
                   {node("index", ""), node("a", "index"), node("b", "index"), node("c", "index")});
}

}  // namespace

// ---- NaN and ±Inf ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(readers_refuse_non_finite_numbers_naming_the_cell) {
  // long and wide panel CSV: the line and column of the cell
  const auto wide = expect_throw<parse_error>([] {
    io::parse_panel_csv("code,year,a,b\n130102,2020,1,2\n130104,2020,3,-inf\n", io::CsvLayout::wide_table, {}, "w.csv");
  });
  BOOST_TEST(wide.where().file == "w.csv");
  BOOST_TEST(wide.where().line == 3u);
  BOOST_TEST(wide.where().column == 4u);
  const auto overflow = expect_throw<parse_error>(
      [] { io::parse_panel_csv("code,variable,year,value\n130102,a,2020,-1e309\n", io::CsvLayout::long_table, {}, "l.csv"); });
  BOOST_TEST(overflow.where().line == 2u);
  BOOST_TEST(overflow.where().column == 4u);
  // JSON: a number beyond the double range is named, never read as Inf
  const auto weight = expect_throw<parse_error>([] {
    io::parse_framework_json(R"({"schema": "countyleap.framework/1", "indicators": [{"id": "a"}],
      "tree": {"id": "index", "children": [{"id": "a", "weight": 1e309}]}})", "f.json");
  });
  BOOST_TEST(contains(weight.what(), "f.json"));
  BOOST_TEST(contains(weight.what(), "1e309"));
}

BOOST_AUTO_TEST_CASE(the_library_refuses_non_finite_values_in_memory) {
  Panel p({"130102"}, {"a"}, 2020, 2020);
  BOOST_CHECK_THROW(p.set(0, 0, 0, std::numeric_limits<double>::infinity()), validation_error);
  BOOST_CHECK_THROW(p.set(0, 0, 0, std::numeric_limits<double>::quiet_NaN()), validation_error);
  const auto norm = expect_throw<validation_error>(
      [] { normalised({1, std::numeric_limits<double>::infinity()}, NormaliseMethod::minmax); });
  BOOST_TEST(contains(norm.what(), "ind"));
  // an infinite component of an aggregate is named by row and column, not averaged into Inf
  Eigen::MatrixXd x(2, 2);
  x << 1, 2, 3, -std::numeric_limits<double>::infinity();
  const auto agg = expect_throw<validation_error>([&] { aggregate(x, Eigen::Vector2d(1, 1)); });
  BOOST_TEST(contains(agg.what(), "infinite value at row 1, column 1"));
}

// ---- 1e308: no overflow to Inf ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(normalise_near_the_double_range) {
  // minmax of {−1e308, 0, 1e308}: max − min = 2e308 overflows; the result is (x − min)/(max − min)
  // ·100 = 0, 50, 100 exactly.
  const Eigen::VectorXd mm = normalised({-big, 0, big}, NormaliseMethod::minmax);
  BOOST_TEST(mm[0] == 0.0);
  BOOST_TEST(mm[1] == 50.0);
  BOOST_TEST(mm[2] == 100.0);
  // zscore of {−1e308, 0, 1e308}: mean 0, sample variance (1e616 + 0 + 1e616)/2 = 1e616 (beyond
  // the range: the squares overflow), sd 1e308; z = −1, 0, 1.
  const Eigen::VectorXd z = normalised({-big, 0, big}, NormaliseMethod::zscore);
  BOOST_TEST(z[0] == -1.0, tt::tolerance(1e-15));
  BOOST_TEST(z[1] == 0.0);
  BOOST_TEST(z[2] == 1.0, tt::tolerance(1e-15));
  // ratio_to_mean of {1e308, 1.5e308}: the sum 2.5e308 overflows; mean 1.25e308, ratios 80, 120
  const Eigen::VectorXd r = normalised({big, 1.5 * big}, NormaliseMethod::ratio_to_mean);
  BOOST_TEST(r[0] == 80.0, tt::tolerance(1e-14));
  BOOST_TEST(r[1] == 120.0, tt::tolerance(1e-14));
  // efficacy: 60 + 40 (x − min)/(max − min), the same overflow as minmax: 60, 80, 100
  const Eigen::VectorXd e = normalised({-big, 0, big}, NormaliseMethod::efficacy);
  BOOST_TEST(e[0] == 60.0);
  BOOST_TEST(e[1] == 80.0);
  BOOST_TEST(e[2] == 100.0);
}

BOOST_AUTO_TEST_CASE(aggregate_overflow_is_a_named_error) {
  // Σ w x = 2.5e308 overflows although the mean (1.25e308) does not: the region is named
  Eigen::MatrixXd x(2, 2);
  x << 1, 2, big, 1.5 * big;
  for (auto method : {AggregationMethod::arithmetic, AggregationMethod::topsis}) {
    const auto e = expect_throw<validation_error>([&] { aggregate(x, Eigen::Vector2d(1, 1), AggregateOptions{method}); });
    BOOST_TEST(contains(e.what(), "overflow"), to_string(method));
  }
  // the geometric mean sums logarithms: exp((ln 1e308 + ln 1.5e308)/2) = √1.5 · 1e308
  const Eigen::VectorXd g = aggregate(x, Eigen::Vector2d(1, 1), AggregateOptions{AggregationMethod::geometric});
  BOOST_TEST(g[1] == std::sqrt(1.5) * big, tt::tolerance(1e-13));
  BOOST_TEST(g[0] == std::sqrt(2.0), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(evaluate_with_values_near_the_double_range) {
  // a = {−1e308, 0, 1e308} (min-max 0, 50, 100), b = {1, 2, 3} (0, 50, 100), c = {3, 1, 2}
  // (100, 0, 50); composites (0 + 0 + 100)/3, (50 + 50 + 0)/3, (100 + 100 + 50)/3.
  Panel p({"130102", "130104", "130105"}, {"a", "b", "c"}, 2020, 2020);
  const double v[3][3] = {{-big, 1, 3}, {0, 2, 1}, {big, 3, 2}};
  for (int r = 0; r < 3; ++r)
    for (int j = 0; j < 3; ++j) p.set(r, j, 0, v[r][j]);
  const Scores s = evaluate(p, three_indicators(), PipelineSpec{});
  BOOST_TEST(s.value("130102", "index") == 100.0 / 3, tt::tolerance(1e-14));
  BOOST_TEST(s.value("130104", "index") == 100.0 / 3, tt::tolerance(1e-14));
  BOOST_TEST(s.value("130105", "index") == 250.0 / 3, tt::tolerance(1e-14));
}

// ---- denormals and −0 ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(denormals_are_values_like_any_other) {
  // minmax of {0, d, 2d} with d the smallest denormal: d/(2d) = 1/2 exactly
  const Eigen::VectorXd mm = normalised({0, denorm, 2 * denorm}, NormaliseMethod::minmax);
  BOOST_TEST(mm[1] == 50.0);
  BOOST_TEST(mm[2] == 100.0);
  // zscore of {−d, 0, d}: mean 0, sd d (the squares d² underflow to 0); z = −1, 0, 1, not
  // "the column is constant"
  const Eigen::VectorXd z = normalised({-denorm, 0, denorm}, NormaliseMethod::zscore);
  BOOST_TEST(z[0] == -1.0, tt::tolerance(1e-15));
  BOOST_TEST(z[1] == 0.0);
  BOOST_TEST(z[2] == 1.0, tt::tolerance(1e-15));
  // the CSV writer and reader keep a denormal bit for bit
  Panel p({"130102", "130104"}, {"a"}, 2020, 2020);
  p.set(0, 0, 0, denorm);
  p.set(1, 0, 0, -2.2250738585072014e-308 / 3);
  const Panel back = io::parse_panel_csv(io::format_panel_csv(p));
  BOOST_TEST(same_bits(back(0, 0, 0), denorm));
  BOOST_TEST(same_bits(back(1, 0, 0), p(1, 0, 0)));
}

BOOST_AUTO_TEST_CASE(negative_zero_reads_writes_and_ties_with_zero) {
  const Panel p = io::parse_panel_csv("code,variable,year,value\n130102,a,2020,-0\n130104,a,2020,0\n130105,a,2020,-0.0e5\n");
  BOOST_TEST(same_bits(p(0, 0, 0), -0.0));
  BOOST_TEST(same_bits(p(1, 0, 0), 0.0));
  BOOST_TEST(contains(io::format_panel_csv(p), "130102,a,2020,-0\n"));
  BOOST_TEST(same_bits(io::parse_panel_csv(io::format_panel_csv(p))(0, 0, 0), -0.0));
  // −0 and 0 are one value: they tie in a rank (R's rank(ties = "min"): 1, 1, 3) and min-max
  // maps both to the bottom of the range (+0: 0 + (−0) is +0)
  const Eigen::VectorXd rk = normalised({-0.0, 0.0, 2}, NormaliseMethod::rank);
  BOOST_TEST(rk[0] == 1.0);
  BOOST_TEST(rk[1] == 1.0);
  BOOST_TEST(rk[2] == 3.0);
  const Eigen::VectorXd mm = normalised({-0.0, 0.0, 2}, NormaliseMethod::minmax);
  BOOST_TEST(same_bits(mm[0], 0.0));
  BOOST_TEST(same_bits(mm[1], 0.0));
  // a constant column of zeros of both signs is constant
  BOOST_CHECK_THROW(normalised({-0.0, 0.0}, NormaliseMethod::minmax), validation_error);
}

// ---- all-equal columns, one region, one year ------------------------------------------------------

BOOST_AUTO_TEST_CASE(constant_columns_are_named_or_take_the_midpoint) {
  for (auto method : {NormaliseMethod::minmax, NormaliseMethod::zscore, NormaliseMethod::efficacy}) {
    const auto e = expect_throw<validation_error>([&] { normalised({7, 7, 7}, method); });
    BOOST_TEST(contains(e.what(), "constant"), to_string(method));
    BOOST_TEST(e.where().id == "ind");
  }
  NormaliseOptions o;
  o.constant_to_midpoint = true;  // minmax [0, 100]: 0 + (100 − 0)/2 = 50; efficacy: 80
  Eigen::VectorXd x = vec({7, 7, 7});
  normalise_column(x, Direction::lower_is_better, o);
  BOOST_TEST((x.array() == 50.0).all());
  o.method = NormaliseMethod::efficacy;
  x = vec({7, 7, 7});
  normalise_column(x, Direction::higher_is_better, o);
  BOOST_TEST((x.array() == 80.0).all());
  // rank of a constant column: all tie at rank 1 (a result, not an error)
  BOOST_TEST((normalised({7, 7, 7}, NormaliseMethod::rank).array() == 1.0).all());
  // in the pipeline the error names the indicator
  Panel p({"130102", "130104"}, {"a", "b", "c"}, 2020, 2020);
  for (int r = 0; r < 2; ++r) {
    p.set(r, 0, 0, r + 1.0);
    p.set(r, 1, 0, 5);
    p.set(r, 2, 0, 2 - r);
  }
  const auto e = expect_throw<validation_error>([&] { evaluate(p, three_indicators(), PipelineSpec{}); });
  BOOST_TEST(e.where().id == "b");
}

BOOST_AUTO_TEST_CASE(single_region_panel) {
  // one region: every min-max column is constant (named), ratio_to_standard needs no spread
  Panel p({"130102"}, {"a", "b", "c"}, 2020, 2020);
  p.set(0, 0, 0, 10);
  p.set(0, 1, 0, 30);
  p.set(0, 2, 0, 5);
  const auto e = expect_throw<validation_error>([&] { evaluate(p, three_indicators(), PipelineSpec{}); });
  BOOST_TEST(e.where().id == "a");
  PipelineSpec s;
  s.normalise.options.method = NormaliseMethod::ratio_to_standard;
  s.normalise.options.standard = 20;  // 10/20, 30/20 capped at 1, 5/20 → 50, 100, 25; mean 175/3
  const Scores sc = evaluate(p, three_indicators(), s);
  BOOST_TEST(sc.value("130102", "index") == 175.0 / 3, tt::tolerance(1e-14));
  BOOST_TEST(sc.ranks(0, sc.values.cols() - 1) == 1.0);
}

BOOST_AUTO_TEST_CASE(single_year_panel) {
  Panel p({"130102", "130104"}, {"a", "b", "c"}, 2021, 2021);
  const double v[2][3] = {{1, 4, 10}, {3, 2, 10.5}};
  for (int r = 0; r < 2; ++r)
    for (int j = 0; j < 3; ++j) p.set(r, j, 0, v[r][j]);
  // b is lower-is-better: every indicator puts 130104 at 100 and 130102 at 0
  const Framework fw = three_indicators(Direction::lower_is_better);
  const Scores s = evaluate(p, fw, PipelineSpec{});
  BOOST_TEST(s.year == 2021);
  BOOST_TEST(s.value("130102", "index") == 0.0);
  BOOST_TEST(s.value("130104", "index") == 100.0, tt::tolerance(1e-14));
  const auto all = evaluate_years(p, fw, PipelineSpec{});
  BOOST_REQUIRE_EQUAL(all.size(), 1u);
  BOOST_TEST((all[0].values == s.values));
  BOOST_CHECK_THROW(evaluate(p, fw, PipelineSpec{}, 2020), unknown_id_error);
  // a growth indicator needs the year before, which a one-year panel has not: named, not 0
  Indicator growth = raw("g");
  growth.kind = IndicatorKind::growth;
  growth.variable = "a";
  Variable a;
  a.id = "a";
  const Framework gfw({a}, {growth, raw("b")}, {node("index", ""), node("g", "index"), node("b", "index")});
  const auto e = expect_throw<validation_error>([&] { evaluate(p, gfw, PipelineSpec{}); });
  BOOST_TEST(e.where().id == "g");
}

// ---- 10^5 regions -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(hundred_thousand_regions) {
  // a_i = i, b_i = n − 1 − i (lower is better), c_i = i mod 10 for i = 0 … n − 1: min-max gives
  // a = b = 100 i/(n − 1) and c = 100 (i mod 10)/9, so index_i = (200 i/(n − 1) + 100 (i mod 10)/9)/3.
  // The last region (i = n − 1, i mod 10 = 9) scores 100 and ranks 1; the first scores 0.
  const int n = 100000;
  std::vector<std::string> codes(n);
  for (int i = 0; i < n; ++i) codes[static_cast<std::size_t>(i)] = "r" + std::to_string(i);
  Panel p(codes, {"a", "b", "c"}, 2020, 2020);
  for (int i = 0; i < n; ++i) {
    p.set(i, 0, 0, i);
    p.set(i, 1, 0, n - 1 - i);
    p.set(i, 2, 0, i % 10);
  }
  const Scores s = evaluate(p, three_indicators(Direction::lower_is_better), PipelineSpec{});
  BOOST_REQUIRE_EQUAL(s.regions.size(), static_cast<std::size_t>(n));
  const auto index = s.values.cols() - 1;
  for (int i : {0, 1, 12345, 50000, n - 2, n - 1}) {
    const double want = (200.0 * i / (n - 1) + 100.0 * (i % 10) / 9) / 3;
    BOOST_TEST_CONTEXT(i) { BOOST_TEST(s.values(i, index) == want, tt::tolerance(1e-12)); }
  }
  BOOST_TEST(s.values(n - 1, index) == 100.0, tt::tolerance(1e-12));
  BOOST_TEST(s.ranks(n - 1, index) == 1.0);
  BOOST_TEST(s.ranks(0, index) == static_cast<double>(n));
}

BOOST_AUTO_TEST_SUITE_END()
