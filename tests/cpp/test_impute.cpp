#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/impute.hpp"
#include "countyleap/panel.hpp"
#include "csv_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_impute)

using namespace countyleap;
namespace tt = boost::test_tools;
static const double NA = std::numeric_limits<double>::quiet_NaN();

static void expect(const Eigen::Ref<const Eigen::VectorXd>& got, std::initializer_list<double> want) {
  BOOST_TEST_REQUIRE(got.size() == static_cast<Eigen::Index>(want.size()));
  Eigen::Index i = 0;
  for (double w : want) {
    BOOST_TEST_CONTEXT("element " << i) {
      if (std::isnan(w)) BOOST_TEST(std::isnan(got[i]));
      else BOOST_TEST(got[i] == w, tt::tolerance(1e-14));
    }
    ++i;
  }
}

// COINr's example imputation: i_mean_grp with EurAsia_group on the raw ASEM data. Expected values
// from pandas (second implementation), re-run with /usr/bin/python3:
//   import pandas as pd
//   d = pd.read_csv('tests/data/asem/ASEM_iData.csv'); g = d.EurAsia_group
//   for col in ['ConSpeed', 'Pat', 'FemLab']:
//       print(col, d.index[d[col].isna()].tolist(), d.groupby(g)[col].mean().to_dict(),
//             d.groupby(g)[col].median().to_dict(), d[col].mean(), d[col].median())
// → ConSpeed rows [31, 32, 33, 38, 40, 42, 43, 45] (all Asia): Asia mean 12.915384615384616,
//   median 11.1; column mean 14.286046511627905, median 14.6. Pat rows [31, 32, 33, 40, 43, 50]
//   (Asia): mean 203.39333333333335, median 64.2. FemLab rows [32, 43]: Asia mean
//   0.7488857770400487. 63 indicator values are missing in all, each in a group with data.
BOOST_AUTO_TEST_CASE(asem_group_and_column_imputation) {
  const auto data = test_csv::read(test_csv::data_path("asem/ASEM_iData.csv"));
  const auto meta = test_csv::read(test_csv::data_path("asem/ASEM_iMeta.csv"));
  const auto codes = test_csv::asem_indicators(meta);
  const RegionGroups groups(data.text("EurAsia_group"));
  BOOST_TEST(groups.n_groups() == 2);
  auto col = [&](const std::string& c) {
    return static_cast<Eigen::Index>(std::find(codes.begin(), codes.end(), c) - codes.begin());
  };
  const Eigen::MatrixXd raw = data.numbers(codes);

  Eigen::MatrixXd x = raw;
  const auto rep = impute(x, ImputeOptions{ImputeMethod::group_mean}, groups);
  BOOST_TEST(rep.count() == 63u);
  BOOST_TEST(rep.still_missing == 0u);
  for (Eigen::Index r : {31, 32, 33, 38, 40, 42, 43, 45})
    BOOST_TEST(x(r, col("ConSpeed")) == 12.915384615384616, tt::tolerance(1e-14));
  for (Eigen::Index r : {31, 32, 33, 40, 43, 50}) BOOST_TEST(x(r, col("Pat")) == 203.39333333333335, tt::tolerance(1e-14));
  BOOST_TEST(x(32, col("FemLab")) == 0.7488857770400487, tt::tolerance(1e-14));
  BOOST_TEST(x(0, col("Pat")) == raw(0, col("Pat")));  // present values untouched
  bool reported = false;
  for (const auto& c : rep.cells) reported = reported || (c == Cell{38, col("ConSpeed")});
  BOOST_TEST(reported);

  Eigen::MatrixXd y = raw;
  impute(y, ImputeOptions{ImputeMethod::group_median}, groups);
  BOOST_TEST(y(31, col("ConSpeed")) == 11.1);
  BOOST_TEST(y(50, col("Pat")) == 64.2);

  Eigen::MatrixXd z = raw;
  impute(z, ImputeOptions{ImputeMethod::mean});
  BOOST_TEST(z(31, col("ConSpeed")) == 14.286046511627905, tt::tolerance(1e-14));
  Eigen::MatrixXd w = raw;
  impute(w, ImputeOptions{ImputeMethod::median});
  BOOST_TEST(w(31, col("ConSpeed")) == 14.6);
}

// COINr i_mean_grp(skip_f_na = TRUE): a region without a group is neither imputed nor used; a
// group without data leaves its gaps missing (mean of nothing: NaN). By hand, groups
// a = {0, 1}, b = {2, 3}, none = {4}, c = {5}:
//   column 0 {1, NA, 3, NA, NA, NA} → a: 1, b: 3; row 4 (no group) and row 5 (c, no data) stay.
//   column 1 {1, NA, 3, NA, 100, NA} → the 100 of the unlabelled region is not used.
BOOST_AUTO_TEST_CASE(groups_without_data_or_label) {
  const RegionGroups groups({"a", "a", "b", "b", "", "c"});
  BOOST_TEST(groups.group_of(4) == -1);
  BOOST_TEST(groups.name(2) == "c");
  Eigen::MatrixXd x(6, 2);
  x << 1, 1, NA, NA, 3, 3, NA, NA, NA, 100, NA, NA;
  const auto rep = impute(x, ImputeOptions{ImputeMethod::group_mean}, groups);
  expect(x.col(0), {1, 1, 3, 3, NA, NA});
  expect(x.col(1), {1, 1, 3, 3, 100, NA});
  BOOST_TEST(rep.count() == 4u);
  BOOST_TEST(rep.still_missing == 3u);
  Eigen::VectorXd wrong(3);
  wrong << 1, NA, 2;
  ImputeReport r2;
  std::vector<double> scratch;
  BOOST_CHECK_THROW(impute_column(wrong, 0, ImputeMethod::group_mean, groups, r2, scratch), validation_error);
  BOOST_CHECK_THROW(impute_column(wrong, 0, ImputeMethod::carry_forward, groups, r2, scratch), validation_error);
  Eigen::VectorXd all_missing(2);
  all_missing << NA, NA;
  impute_column(all_missing, 0, ImputeMethod::mean, RegionGroups(), r2, scratch);
  BOOST_TEST(r2.still_missing == 2u);
}

// Time: rows are years, columns regions. By hand:
//   region 0 {NA, 1, NA, NA, 4, NA}: carry_forward → {NA, 1, 1, 1, 4, 4}; with max_time 1 →
//   {NA, 1, 1, NA, 4, 4}; interpolate (approx rule 2) → {1, 1, 2, 3, 4, 4}, without
//   extrapolation {NA, 1, 2, 3, 4, NA}.
//   region 1 {0, NA, NA, 1, NA, NA}: interpolate → 0 + (1 − 0)·(1/3), 0 + 1·(2/3), then 1, 1.
//   region 2 {NA, 5, NA, NA, NA, NA}: one observation: carried to every year when extrapolating.
//   region 3 never observed: stays missing.
BOOST_AUTO_TEST_CASE(time_methods) {
  Eigen::MatrixXd s(6, 4);
  s << NA, 0, NA, NA,  //
      1, NA, 5, NA,    //
      NA, NA, NA, NA,  //
      NA, 1, NA, NA,   //
      4, NA, NA, NA,   //
      NA, NA, NA, NA;
  ImputeOptions cf{ImputeMethod::carry_forward};
  Eigen::MatrixXd a = s;
  const auto ra = impute_time(a, cf);
  expect(a.col(0), {NA, 1, 1, 1, 4, 4});
  expect(a.col(1), {0, 0, 0, 1, 1, 1});
  expect(a.col(2), {NA, 5, 5, 5, 5, 5});
  BOOST_TEST(ra.still_missing == 1u + 0u + 1u + 6u);
  cf.max_time = 1;
  Eigen::MatrixXd b = s;
  impute_time(b, cf);
  expect(b.col(0), {NA, 1, 1, NA, 4, 4});
  expect(b.col(2), {NA, 5, 5, NA, NA, NA});

  ImputeOptions li{ImputeMethod::interpolate};
  Eigen::MatrixXd c = s;
  const auto rc = impute_time(c, li);
  expect(c.col(0), {1, 1, 2, 3, 4, 4});
  expect(c.col(1), {0, 1.0 / 3, 2.0 / 3, 1, 1, 1});
  expect(c.col(2), {5, 5, 5, 5, 5, 5});
  expect(c.col(3), {NA, NA, NA, NA, NA, NA});
  BOOST_TEST(rc.still_missing == 6u);
  BOOST_TEST(rc.count() == 4u + 4u + 5u);
  BOOST_TEST((rc.cells.front() == Cell{0, 0}));  // (year slot, region)
  li.extrapolate = false;
  Eigen::MatrixXd d = s;
  impute_time(d, li);
  expect(d.col(0), {NA, 1, 2, 3, 4, NA});
  expect(d.col(2), {NA, 5, NA, NA, NA, NA});

  BOOST_CHECK_THROW(impute_time(d, ImputeOptions{ImputeMethod::mean}), validation_error);
  ImputeOptions negative{ImputeMethod::carry_forward, -1};
  BOOST_CHECK_THROW(impute_time(d, negative), validation_error);
}

// The Panel overload fills one variable from the other years of the same region and leaves the
// other variables alone (COINr's impute_panel example: a 2022 gap gets the 2021 value).
BOOST_AUTO_TEST_CASE(panel_series) {
  Panel p({"AT", "NZ"}, {"LPI", "Flights"}, 2019, 2022);
  for (Eigen::Index t = 0; t < 4; ++t) {
    p.set(0, 0, t, 1.0 + static_cast<double>(t));
    p.set(1, 1, t, 10.0 * static_cast<double>(t + 1));
  }
  p.set_missing(0, 0, 3);  // AT LPI 2022
  p.set_missing(1, 1, 1);  // NZ Flights 2020
  const auto r0 = impute_time(p, 0, ImputeOptions{ImputeMethod::carry_forward});
  BOOST_TEST(p(0, 0, 3) == 3.0);  // the 2021 value
  BOOST_TEST(r0.count() == 1u);
  BOOST_TEST(r0.still_missing == 4u);  // NZ has no LPI at all
  BOOST_TEST((r0.cells[0] == Cell{3, 0}));
  BOOST_TEST(std::isnan(p(1, 1, 1)));  // Flights untouched so far
  const auto r1 = impute_time(p, 1, ImputeOptions{ImputeMethod::interpolate});
  BOOST_TEST(p(1, 1, 1) == 20.0);      // between 10 (2019) and 30 (2021)
  BOOST_TEST(r1.count() == 1u);        // NZ 2020
  BOOST_TEST(r1.still_missing == 4u);  // AT has no Flights in any year
  BOOST_CHECK_THROW(impute_time(p, 2, ImputeOptions{ImputeMethod::interpolate}), unknown_id_error);
}

BOOST_AUTO_TEST_CASE(spellings) {
  for (auto m : {ImputeMethod::mean, ImputeMethod::median, ImputeMethod::group_mean, ImputeMethod::group_median,
                 ImputeMethod::carry_forward, ImputeMethod::interpolate})
    BOOST_TEST(static_cast<int>(impute_method_from_string(to_string(m))) == static_cast<int>(m));
  BOOST_TEST(to_string(ImputeMethod::group_mean) == std::string("group_mean"));
  try {
    impute_method_from_string("knn");
    BOOST_FAIL("no throw");
  } catch (const validation_error& e) {
    BOOST_TEST(std::string(e.what()).find("'knn'") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
