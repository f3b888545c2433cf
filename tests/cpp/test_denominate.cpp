#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "countyleap/denominate.hpp"
#include "countyleap/error.hpp"
#include "csv_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_denominate)

using namespace countyleap;
namespace tt = boost::test_tools;
static const double NA = std::numeric_limits<double>::quiet_NaN();

// By hand: x = {10, 20, NA, 40, 50}, d = {2, 0, 5, NA, 4}:
//   10/2 = 5; 20/0 → missing (zero denominator); NA stays NA (not counted); 40/NA → missing
//   (missing denominator); 50/4 = 12.5. With ScaleFactor 1000: x/(d/1000) → 5000, …, 12500.
BOOST_AUTO_TEST_CASE(by_hand) {
  Eigen::VectorXd x(5), d(5);
  x << 10, 20, NA, 40, 50;
  d << 2, 0, 5, NA, 4;
  DenominateReport rep;
  Eigen::VectorXd a = x;
  denominate_column(a, d, DenominateOptions{}, rep, 7);
  BOOST_TEST(a[0] == 5.0);
  BOOST_TEST(std::isnan(a[1]));
  BOOST_TEST(std::isnan(a[2]));
  BOOST_TEST(std::isnan(a[3]));
  BOOST_TEST(a[4] == 12.5);
  BOOST_TEST(rep.count() == 2u);
  BOOST_TEST(rep.zero_denominator.size() == 1u);
  BOOST_TEST((rep.zero_denominator[0] == Cell{1, 7}));
  BOOST_TEST((rep.missing_denominator[0] == Cell{3, 7}));
  for (Eigen::Index i = 0; i < a.size(); ++i) BOOST_TEST(!std::isinf(a[i]));

  DenominateReport rep2;
  Eigen::VectorXd b = x;
  denominate_column(b, d, DenominateOptions{1000}, rep2);
  BOOST_TEST(b[0] == 5000.0);
  BOOST_TEST(b[4] == 12500.0);
}

BOOST_AUTO_TEST_CASE(errors) {
  Eigen::VectorXd x(2), d(3), inf(2);
  x << 1, 2;
  d << 1, 2, 3;
  inf << 1, std::numeric_limits<double>::infinity();
  DenominateReport rep;
  BOOST_CHECK_THROW(denominate_column(x, d, DenominateOptions{}, rep), validation_error);
  BOOST_CHECK_THROW(denominate_column(x, inf, DenominateOptions{}, rep), validation_error);
  Eigen::VectorXd d2(2);
  d2 << 1, 1;
  BOOST_CHECK_THROW(denominate_column(x, d2, DenominateOptions{0}, rep), validation_error);
  Eigen::MatrixXd m(2, 2), dens(2, 1);
  m << 1, 2, 3, 4;
  dens << 1, 2;
  BOOST_CHECK_THROW(denominate(m, dens, {0}), validation_error);     // one index for two columns
  BOOST_CHECK_THROW(denominate(m, dens, {0, 1}), validation_error);  // no denominator column 1
  try {
    denominate(m, dens, {0, 3}, {}, {"Flights", "Goods"});
    BOOST_FAIL("no throw");
  } catch (const validation_error& e) {
    BOOST_TEST(e.where().id == "Goods");
  }
}

// COINr's example Denominate step on ASEM: every indicator with a Denominator in iMeta is
// divided by that column of iData (ScaleFactor 1). Values from pandas, re-run with
// /usr/bin/python3:
//   import pandas as pd; d = pd.read_csv('tests/data/asem/ASEM_iData.csv')
//   print(d.Flights[0] / d.Population[0], d.Goods[10] / d.GDP[10], d.uCode[d.Energy.isna()].tolist())
// → 0.0033217796489775635 (AUT) 0.5518419851311408 (DEU) ['LAO']: LAO's Energy is missing, so its
// Elec and Gas (both present, both per Energy) become missing: 2 values lost, no zero denominator.
BOOST_AUTO_TEST_CASE(asem_denominators) {
  const auto data = test_csv::read(test_csv::data_path("asem/ASEM_iData.csv"));
  const auto meta = test_csv::read(test_csv::data_path("asem/ASEM_iMeta.csv"));
  const auto codes = test_csv::asem_indicators(meta);
  const std::vector<std::string> den_names = {"Area", "Energy", "GDP", "Population"};
  const Eigen::MatrixXd dens = data.numbers(den_names);
  std::vector<Eigen::Index> by;
  {
    const auto type = meta.text("Type"), den = meta.text("Denominator");
    for (std::size_t i = 0; i < type.size(); ++i) {
      if (type[i] != "Indicator") continue;
      const auto it = std::find(den_names.begin(), den_names.end(), den[i]);
      by.push_back(it == den_names.end() ? no_denominator : static_cast<Eigen::Index>(it - den_names.begin()));
    }
  }
  BOOST_TEST(std::count(by.begin(), by.end(), no_denominator) == 49 - 17);
  Eigen::MatrixXd x = data.numbers(codes);
  const Eigen::MatrixXd raw = x;
  const auto rep = denominate(x, dens, by, {}, codes);
  auto col = [&](const std::string& c) {
    return static_cast<Eigen::Index>(std::find(codes.begin(), codes.end(), c) - codes.begin());
  };
  BOOST_TEST(x(0, col("Flights")) == 0.0033217796489775635, tt::tolerance(1e-15));
  BOOST_TEST(x(10, col("Goods")) == 0.5518419851311408, tt::tolerance(1e-15));
  BOOST_TEST(x(0, col("LPI")) == raw(0, col("LPI")));  // no denominator: unchanged
  BOOST_TEST(rep.count() == 2u);
  BOOST_TEST(rep.zero_denominator.empty());
  BOOST_TEST((rep.missing_denominator[0] == Cell{40, col("Elec")}));
  BOOST_TEST((rep.missing_denominator[1] == Cell{40, col("Gas")}));
  BOOST_TEST(std::isnan(x(40, col("Elec"))));
}

BOOST_AUTO_TEST_SUITE_END()
