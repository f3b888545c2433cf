#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/screen.hpp"
#include "csv_fixture.hpp"

BOOST_AUTO_TEST_SUITE(test_screen)

using namespace countyleap;
namespace tt = boost::test_tools;
static const double NA = std::numeric_limits<double>::quiet_NaN();

// By hand, 4 indicators: row 0 complete (share 1), row 1 one missing (0.75), row 2 two
// missing (0.5), row 3 all missing (0). Threshold 0.75 keeps rows 0 and 1 (a share equal to the
// threshold is kept, as COINr's Dat_Avail < dat_thresh drops).
BOOST_AUTO_TEST_CASE(by_hand) {
  Eigen::MatrixXd x(4, 4);
  x << 1, 2, 3, 4,       //
      1, NA, 3, 4,       //
      NA, 2, NA, 4,      //
      NA, NA, NA, NA;
  const auto r = screen(x, ScreenOptions{0.75});
  BOOST_TEST(r.kept == (std::vector<Eigen::Index>{0, 1}), tt::per_element());
  BOOST_TEST_REQUIRE(r.dropped.size() == 2u);
  BOOST_TEST(r.dropped[0].row == 2);
  BOOST_TEST(r.dropped[0].data_share == 0.5);
  BOOST_TEST(r.dropped[1].data_share == 0.0);
  BOOST_TEST(r.data_share[1] == 0.75);
  const Eigen::MatrixXd kept = keep_rows(x, r.kept);
  BOOST_TEST(kept.rows() == 2);
  BOOST_TEST(std::isnan(kept(1, 1)));
  BOOST_TEST(screen(x, ScreenOptions{0}).kept.size() == 4u);
  BOOST_TEST(screen(x, ScreenOptions{1}).kept.size() == 1u);
  BOOST_CHECK_THROW(screen(x, ScreenOptions{1.5}), validation_error);
  BOOST_CHECK_THROW(screen(Eigen::MatrixXd(3, 0)), validation_error);
  BOOST_CHECK_THROW(keep_rows(x, {4}), validation_error);
}

// The ASEM raw data with COINr's example threshold 0.9 (Screen(dat_thresh = 0.9,
// unit_screen = "byNA")): 49 indicators, so a country may miss at most 4 (1 − 5/49 = 0.898).
// Second implementation (pandas), re-run with /usr/bin/python3:
//   import pandas as pd
//   d = pd.read_csv('tests/data/asem/ASEM_iData.csv'); m = pd.read_csv('tests/data/asem/ASEM_iMeta.csv')
//   c = list(m.iCode[m.Type == 'Indicator']); share = 1 - d[c].isna().sum(axis=1) / len(c)
//   print(list(share.index[share < 0.9]), list(d.uCode[share < 0.9]), list(share[share < 0.9]))
// → [31, 32, 33, 40, 43] ['BGD', 'BRN', 'KHM', 'LAO', 'MMR']
//   [0.8775510204081632, 0.7959183673469388, 0.8775510204081632, 0.8367346938775511, 0.8367346938775511]
// (6, 10, 6, 8 and 8 of 49 missing). After COINr's group-mean imputation nobody is dropped.
BOOST_AUTO_TEST_CASE(asem_raw) {
  const auto data = test_csv::read(test_csv::data_path("asem/ASEM_iData.csv"));
  const auto meta = test_csv::read(test_csv::data_path("asem/ASEM_iMeta.csv"));
  const Eigen::MatrixXd x = data.numbers(test_csv::asem_indicators(meta));
  const auto r = screen(x, ScreenOptions{0.9});
  const std::vector<Eigen::Index> rows = {31, 32, 33, 40, 43};
  const std::vector<double> shares = {0.8775510204081632, 0.7959183673469388, 0.8775510204081632, 0.8367346938775511,
                                      0.8367346938775511};
  BOOST_TEST_REQUIRE(r.dropped.size() == rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    BOOST_TEST(r.dropped[k].row == rows[k]);
    BOOST_TEST(r.dropped[k].data_share == shares[k], tt::tolerance(1e-15));
  }
  BOOST_TEST(r.kept.size() == 46u);
}

BOOST_AUTO_TEST_SUITE_END()
