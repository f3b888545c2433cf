#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "countyleap/detail/stats.hpp"
#include "countyleap/error.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/rank.hpp"
#include "csv_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_normalise)

using namespace countyleap;
namespace tt = boost::test_tools;
static const double NA = std::numeric_limits<double>::quiet_NaN();
static const Direction up = Direction::higher_is_better, down = Direction::lower_is_better;

static Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double d : v) x[i++] = d;
  return x;
}

static NormaliseOptions with(NormaliseMethod m) {
  NormaliseOptions o;
  o.method = m;
  return o;
}

static void expect(const Eigen::VectorXd& got, std::initializer_list<double> want, double tol = 1e-12) {
  BOOST_TEST_REQUIRE(got.size() == static_cast<Eigen::Index>(want.size()));
  Eigen::Index i = 0;
  for (double w : want) {
    BOOST_TEST_CONTEXT("element " << i) {
      if (std::isnan(w)) BOOST_TEST(std::isnan(got[i]));
      else BOOST_TEST(got[i] == w, tt::tolerance(tol));
    }
    ++i;
  }
}

// By hand: {1, 2, 3, 4, 10, NA}: min 1, max 10, (x − 1)/9·100 = 0, 11.1…, 22.2…, 33.3…, 100.
// Lower is better: −x has min −10, max −1: (−x + 10)/9·100 = 100, 88.8…, 77.7…, 66.6…, 0.
// Range [1, 100] (COINr's uncertainty example): (x − 1)/9·99 + 1.
BOOST_AUTO_TEST_CASE(minmax_by_hand) {
  Eigen::VectorXd x = vec({1, 2, 3, 4, 10, NA});
  normalise_column(x, up, with(NormaliseMethod::minmax));
  expect(x, {0, 100.0 / 9, 200.0 / 9, 300.0 / 9, 100, NA});
  Eigen::VectorXd y = vec({1, 2, 3, 4, 10, NA});
  normalise_column(y, down, with(NormaliseMethod::minmax));
  expect(y, {100, 800.0 / 9, 700.0 / 9, 600.0 / 9, 0, NA});
  NormaliseOptions r1 = with(NormaliseMethod::minmax);
  r1.range_lo = 1;
  Eigen::VectorXd z = vec({1, 2, 3, 4, 10, NA});
  normalise_column(z, up, r1);
  expect(z, {1, 1 + 99.0 / 9, 1 + 198.0 / 9, 1 + 297.0 / 9, 100, NA});
}

BOOST_AUTO_TEST_CASE(minmax_constant_and_errors) {
  Eigen::VectorXd c = vec({5, 5, NA, 5});
  BOOST_CHECK_THROW(normalise_column(c, up, with(NormaliseMethod::minmax), "LPI"), validation_error);
  NormaliseOptions mid = with(NormaliseMethod::minmax);
  mid.constant_to_midpoint = true;
  normalise_column(c, up, mid);
  expect(c, {50, 50, NA, 50});
  Eigen::VectorXd none = vec({NA, NA});
  BOOST_CHECK_THROW(normalise_column(none, up, with(NormaliseMethod::minmax)), validation_error);
  Eigen::VectorXd inf = vec({1, std::numeric_limits<double>::infinity()});
  BOOST_CHECK_THROW(normalise_column(inf, up, with(NormaliseMethod::minmax)), validation_error);
  NormaliseOptions reversed = with(NormaliseMethod::minmax);
  reversed.range_lo = 100;
  reversed.range_hi = 0;
  Eigen::VectorXd x = vec({1, 2});
  BOOST_CHECK_THROW(normalise_column(x, up, reversed), validation_error);
  try {
    Eigen::VectorXd k = vec({3, 3, 3});
    normalise_column(k, up, with(NormaliseMethod::minmax), "LPI");
    BOOST_FAIL("no throw");
  } catch (const validation_error& e) {
    BOOST_TEST(e.where().id == "LPI");
    BOOST_TEST(std::string(e.what()).find("minmax") != std::string::npos);
  }
}

// COINr parity with COINr's own output: asem_plain_aggregated.csv holds COINr 1.1.14's
// min-max [0, 100] normalisation of the raw ASEM indicators (directions from ASEM_iMeta.csv,
// 14 of them −1, 63 missing indicator values; the 64th missing value of iData is the Energy
// denominator's) — the first 49 data columns of that file, rows by uCode.
BOOST_AUTO_TEST_CASE(asem_minmax_matches_coinr_output) {
  const auto data = test_csv::read(test_csv::data_path("asem/ASEM_iData.csv"));
  const auto meta = test_csv::read(test_csv::data_path("asem/ASEM_iMeta.csv"));
  const auto coinr = test_csv::read(test_csv::data_path("asem/asem_plain_aggregated.csv"));
  const auto codes = test_csv::asem_indicators(meta);
  std::vector<Direction> dirs;
  {
    const auto type = meta.text("Type"), dir = meta.text("Direction");
    for (std::size_t i = 0; i < type.size(); ++i)
      if (type[i] == "Indicator") dirs.push_back(dir[i] == "-1" ? down : up);
  }
  BOOST_TEST_REQUIRE(dirs.size() == 49u);
  BOOST_TEST(std::count(dirs.begin(), dirs.end(), down) == 14);
  const Eigen::MatrixXd normalised = normalise(data.numbers(codes), dirs, NormaliseOptions{}, codes);
  std::map<std::string, Eigen::Index> row_of;
  const auto ucode = data.text("uCode");
  for (std::size_t i = 0; i < ucode.size(); ++i) row_of[ucode[i]] = static_cast<Eigen::Index>(i);
  const auto coinr_codes = coinr.text("uCode");
  BOOST_TEST_REQUIRE(coinr_codes.size() == ucode.size());
  int n_missing = 0;
  for (std::size_t j = 0; j < codes.size(); ++j) {
    const Eigen::VectorXd want = coinr.numbers(codes[j]);
    for (std::size_t k = 0; k < coinr_codes.size(); ++k) {
      const double got = normalised(row_of.at(coinr_codes[k]), static_cast<Eigen::Index>(j));
      const double w = want[static_cast<Eigen::Index>(k)];
      BOOST_TEST_CONTEXT(codes[j] << " " << coinr_codes[k]) {
        if (std::isnan(w)) {
          BOOST_TEST(std::isnan(got));
          ++n_missing;
        } else {
          BOOST_TEST(std::abs(got - w) <= 1e-9);
        }
      }
    }
  }
  BOOST_TEST(n_missing == 63);
}

// Properties on a pseudo-random column with missing values: min-max output lies in [lo, hi]
// and reaches both ends; flipping the direction reverses the ranks; z-score output has the
// requested mean and sd.
BOOST_AUTO_TEST_CASE(properties) {
  Eigen::VectorXd x(200);
  unsigned state = 12345;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    state = state * 1103515245u + 12345u;
    x[i] = (i % 17 == 3) ? NA : static_cast<double>((state >> 8) % 100000) / 37.0 - 1000.0;
  }
  for (auto [lo, hi] : {std::pair{0.0, 100.0}, std::pair{1.0, 100.0}, std::pair{-5.0, 5.0}}) {
    NormaliseOptions o = with(NormaliseMethod::minmax);
    o.range_lo = lo;
    o.range_hi = hi;
    Eigen::VectorXd a = x, b = x;
    normalise_column(a, up, o);
    normalise_column(b, down, o);
    BOOST_TEST(detail::minimum(a) == lo);
    BOOST_TEST(detail::maximum(a) == hi, tt::tolerance(1e-12));
    for (Eigen::Index i = 0; i < a.size(); ++i) {
      if (std::isnan(x[i])) {
        BOOST_TEST((std::isnan(a[i]) && std::isnan(b[i])));
        continue;
      }
      BOOST_TEST((a[i] >= lo && a[i] <= hi));
      BOOST_TEST((b[i] >= lo && b[i] <= hi));
    }
    const Eigen::VectorXd ra = rank(a), rb = rank(b, {RankOrder::ascending, Ties::min});
    for (Eigen::Index i = 0; i < a.size(); ++i)
      if (!std::isnan(x[i])) BOOST_TEST(ra[i] == rb[i]);  // best under one direction = worst under the other
  }
  NormaliseOptions z = with(NormaliseMethod::zscore);
  z.mean = 10;
  z.sd = 2;
  Eigen::VectorXd c = x;
  normalise_column(c, down, z);
  BOOST_TEST(detail::mean(c) == 10.0, tt::tolerance(1e-12));
  BOOST_TEST(detail::sd(c) == 2.0, tt::tolerance(1e-12));
  BOOST_TEST(detail::count_present(c) == detail::count_present(x));
}

// By hand: {1, 2, 3, 4, 10}: mean 4, s = √12.5 = 3.5355339; z·2 + 10 with z = (x − 4)/s.
BOOST_AUTO_TEST_CASE(zscore_by_hand) {
  NormaliseOptions z = with(NormaliseMethod::zscore);
  z.mean = 10;
  z.sd = 2;
  Eigen::VectorXd x = vec({1, 2, 3, 4, 10});
  normalise_column(x, up, z);
  const double s = std::sqrt(12.5);
  expect(x, {10 - 6 / s, 10 - 4 / s, 10 - 2 / s, 10, 10 + 12 / s});
  Eigen::VectorXd k = vec({3, 3, 3});
  BOOST_CHECK_THROW(normalise_column(k, up, with(NormaliseMethod::zscore)), validation_error);
  Eigen::VectorXd one = vec({3, NA});
  BOOST_CHECK_THROW(normalise_column(one, up, with(NormaliseMethod::zscore)), validation_error);
  z.sd = 0;
  Eigen::VectorXd y = vec({1, 2});
  BOOST_CHECK_THROW(normalise_column(y, up, z), validation_error);
}

// COINr n_rank = rank(x, ties.method = "min", na.last = "keep") after x·direction; n_prank =
// (rank − 1)/(n − 1). By hand for {3, NA, 5, 3, 1}: ascending ranks 2, NA, 4, 2, 1; percentile
// ranks 1/3, NA, 1, 1/3, 0. Lower is better: −x = {−3, −5, −3, −1} → 2, NA, 1, 2, 4.
BOOST_AUTO_TEST_CASE(rank_and_percentile_rank) {
  Eigen::VectorXd a = vec({3, NA, 5, 3, 1});
  normalise_column(a, up, with(NormaliseMethod::rank));
  expect(a, {2, NA, 4, 2, 1});
  Eigen::VectorXd b = vec({3, NA, 5, 3, 1});
  normalise_column(b, up, with(NormaliseMethod::percentile_rank));
  expect(b, {1.0 / 3, NA, 1, 1.0 / 3, 0});
  Eigen::VectorXd c = vec({3, NA, 5, 3, 1});
  normalise_column(c, down, with(NormaliseMethod::rank));
  expect(c, {2, NA, 1, 2, 4});
  Eigen::VectorXd one = vec({3, NA});
  BOOST_CHECK_THROW(normalise_column(one, up, with(NormaliseMethod::percentile_rank)), validation_error);
}

// Goalposts L = 0, U = 50, scale 100, by hand: (x − 0)/50·100 clamped: −10 → 0, 0 → 0,
// 25 → 50, 50 → 100, 60 → 100; uncapped −20, 0, 50, 100, 120. Lower is better: (50 − x)/50·100:
// 120 → capped 100, 100, 50, 0, −20 → 0.
BOOST_AUTO_TEST_CASE(goalposts) {
  NormaliseOptions g = with(NormaliseMethod::goalposts);
  g.goalpost_lo = 0;
  g.goalpost_hi = 50;
  Eigen::VectorXd a = vec({-10, 0, 25, 50, 60, NA});
  normalise_column(a, up, g);
  expect(a, {0, 0, 50, 100, 100, NA});
  Eigen::VectorXd b = vec({-10, 0, 25, 50, 60, NA});
  normalise_column(b, down, g);
  expect(b, {100, 100, 50, 0, 0, NA});
  g.cap = false;
  Eigen::VectorXd c = vec({-10, 0, 25, 50, 60, NA});
  normalise_column(c, up, g);
  expect(c, {-20, 0, 50, 100, 120, NA});
  NormaliseOptions missing = with(NormaliseMethod::goalposts);
  Eigen::VectorXd d = vec({1, 2});
  BOOST_CHECK_THROW(normalise_column(d, up, missing), validation_error);
}

// 实现程度 (China's statistical monitoring, 国家统计局 全面建设小康社会统计监测方案 2008):
// 正指标 min(x/S, 1)·100, 逆指标 min(S/x, 1)·100. By hand with S = 20: {10, 20, 30} → 50, 100,
// 100 (150 capped); lower is better {10, 20, 40} → 100 (200 capped), 100, 50.
BOOST_AUTO_TEST_CASE(ratio_to_standard) {
  NormaliseOptions s = with(NormaliseMethod::ratio_to_standard);
  s.standard = 20;
  Eigen::VectorXd a = vec({10, 20, 30, NA});
  normalise_column(a, up, s);
  expect(a, {50, 100, 100, NA});
  Eigen::VectorXd b = vec({10, 20, 40});
  normalise_column(b, down, s);
  expect(b, {100, 100, 50});
  s.cap = false;
  Eigen::VectorXd c = vec({10, 20, 30});
  normalise_column(c, up, s);
  expect(c, {50, 100, 150});
  Eigen::VectorXd zero = vec({0, 20});
  BOOST_CHECK_THROW(normalise_column(zero, down, s), validation_error);  // S/0
  NormaliseOptions no_standard = with(NormaliseMethod::ratio_to_standard);
  Eigen::VectorXd d = vec({1, 2});
  BOOST_CHECK_THROW(normalise_column(d, up, no_standard), validation_error);
}

// 功效系数法, published worked example (统计师 exam question, "对某地区工业总资产贡献率5.81%进行函数化
// 处理,其满意值为12%,不允许值为6%", answer 58.73): 60 + 40·(5.81 − 6)/(12 − 6) = 58.7333….
// Column bounds by hand: {2, 4, 6} → 60, 80, 100; lower is better → 100, 80, 60.
BOOST_AUTO_TEST_CASE(efficacy) {
  NormaliseOptions e = with(NormaliseMethod::efficacy);
  e.efficacy_worst = 6;
  e.efficacy_best = 12;
  Eigen::VectorXd a = vec({5.81, 6, 12, 9});
  normalise_column(a, up, e);
  expect(a, {60 + 40 * (5.81 - 6) / 6, 60, 100, 80});
  BOOST_TEST(a[0] == 58.73, tt::tolerance(1e-4));
  Eigen::VectorXd b = vec({2, 4, 6, NA});
  normalise_column(b, up, with(NormaliseMethod::efficacy));
  expect(b, {60, 80, 100, NA});
  Eigen::VectorXd c = vec({2, 4, 6});
  normalise_column(c, down, with(NormaliseMethod::efficacy));
  expect(c, {100, 80, 60});
  Eigen::VectorXd d = vec({2, 4, 6});
  BOOST_CHECK_THROW(normalise_column(d, down, e), validation_error);  // x_h = 12 is worse than x_s = 6 when lower is better
  Eigen::VectorXd k = vec({3, 3});
  BOOST_CHECK_THROW(normalise_column(k, up, with(NormaliseMethod::efficacy)), validation_error);
  NormaliseOptions mid = with(NormaliseMethod::efficacy);
  mid.constant_to_midpoint = true;
  normalise_column(k, up, mid);
  expect(k, {80, 80});
}

// By hand: {1, 2, 3, NA}: mean 2 → 50, 100, 150; lower is better 2/x·100 → 200, 100, 66.6….
// Reference row 1 (value 4) of {2, 4, 8} → 50, 100, 200; lower → 200, 100, 50.
BOOST_AUTO_TEST_CASE(ratios_to_mean_and_reference) {
  Eigen::VectorXd a = vec({1, 2, 3, NA});
  normalise_column(a, up, with(NormaliseMethod::ratio_to_mean));
  expect(a, {50, 100, 150, NA});
  Eigen::VectorXd b = vec({1, 2, 3, NA});
  normalise_column(b, down, with(NormaliseMethod::ratio_to_mean));
  expect(b, {200, 100, 200.0 / 3, NA});
  Eigen::VectorXd zero_mean = vec({-1, 1});
  BOOST_CHECK_THROW(normalise_column(zero_mean, up, with(NormaliseMethod::ratio_to_mean)), validation_error);
  NormaliseOptions r = with(NormaliseMethod::ratio_to_reference);
  r.reference_row = 1;
  Eigen::VectorXd c = vec({2, 4, 8});
  normalise_column(c, up, r);
  expect(c, {50, 100, 200});
  Eigen::VectorXd d = vec({2, 4, 8});
  normalise_column(d, down, r);
  expect(d, {200, 100, 50});
  Eigen::VectorXd ref_missing = vec({2, NA, 8});
  BOOST_CHECK_THROW(normalise_column(ref_missing, up, r), validation_error);
  Eigen::VectorXd ref_zero = vec({2, 0, 8});
  BOOST_CHECK_THROW(normalise_column(ref_zero, up, r), validation_error);
  r.reference_row = 7;
  Eigen::VectorXd e = vec({2, 4, 8});
  BOOST_CHECK_THROW(normalise_column(e, up, r), validation_error);
}

BOOST_AUTO_TEST_CASE(matrix_and_spellings) {
  Eigen::MatrixXd m(3, 2);
  m << 1, 10, 2, 20, 3, 40;
  std::vector<NormaliseOptions> per(2);
  per[1].method = NormaliseMethod::ratio_to_standard;
  per[1].standard = 20;
  const Eigen::MatrixXd out = normalise(m, {up, down}, per, {"a", "b"});
  BOOST_TEST(out(0, 0) == 0.0);
  BOOST_TEST(out(2, 0) == 100.0);
  BOOST_TEST(out(0, 1) == 100.0);  // 20/10 capped
  BOOST_TEST(out(2, 1) == 50.0);
  BOOST_TEST(m(2, 1) == 40.0);     // input untouched
  BOOST_CHECK_THROW(normalise(m, {up}), validation_error);
  for (auto method : {NormaliseMethod::minmax, NormaliseMethod::goalposts, NormaliseMethod::zscore, NormaliseMethod::rank,
                      NormaliseMethod::percentile_rank, NormaliseMethod::ratio_to_standard, NormaliseMethod::efficacy,
                      NormaliseMethod::ratio_to_mean, NormaliseMethod::ratio_to_reference})
    BOOST_TEST(static_cast<int>(normalise_method_from_string(to_string(method))) == static_cast<int>(method));
  BOOST_TEST(to_string(NormaliseMethod::percentile_rank) == std::string("percentile_rank"));
  try {
    normalise_method_from_string("min-max");
    BOOST_FAIL("no throw");
  } catch (const validation_error& e) {
    BOOST_TEST(std::string(e.what()).find("'min-max'") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
