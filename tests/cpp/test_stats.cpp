#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <vector>

#include "countyleap/detail/stats.hpp"

BOOST_AUTO_TEST_SUITE(test_stats)

namespace cd = countyleap::detail;
namespace tt = boost::test_tools;

static const double NA = std::numeric_limits<double>::quiet_NaN();

// {1, 2, 3, 4, 10} by hand: mean 4, d = (−3, −2, −1, 0, 6), S2 = 50, S3 = 180, S4 = 1394, n = 5.
//   variance = 50/4 = 12.5;  sd = √12.5
//   skew = √5·180/50^1.5 · √20/3 = 1800/(3·50·√50) = 12/√50 = 1.6970562748477141
//   kurt: r = 5·1394/50² = 2.788; ((6)(2.788 − 3) + 6)(4)/((3)(2)) = 4.728·4/6 = 3.152
//   G2 form: s⁴ = 156.25, Σ(d/s)⁴ = 8.92160, 5·6/(4·3·2)·8.92160 − 3·16/(3·2) = 11.152 − 8 = 3.152
//   (a spreadsheet's =SKEW(1,2,3,4,10) and =KURT(1,2,3,4,10) give the same numbers: the same G1/G2 forms)
BOOST_AUTO_TEST_CASE(moments_by_hand) {
  Eigen::VectorXd x(5);
  x << 1, 2, 3, 4, 10;
  BOOST_TEST(cd::count_present(x) == 5);
  BOOST_TEST(cd::mean(x) == 4.0, tt::tolerance(1e-15));
  BOOST_TEST(cd::variance(x) == 12.5, tt::tolerance(1e-15));
  BOOST_TEST(cd::sd(x) == std::sqrt(12.5), tt::tolerance(1e-15));
  BOOST_TEST(cd::skewness(x) == 12.0 / std::sqrt(50.0), tt::tolerance(1e-13));
  BOOST_TEST(cd::kurtosis(x) == 3.152, tt::tolerance(1e-13));
  BOOST_TEST(cd::minimum(x) == 1.0);
  BOOST_TEST(cd::maximum(x) == 10.0);
  BOOST_TEST(cd::median(x) == 3.0);
  // type 7: p = 0.25 → h = 4·0.25 = 1 → x₍₂₎ = 2; p = 0.9 → h = 3.6 → 4 + 0.6·(10 − 4) = 7.6
  BOOST_TEST(cd::quantile(x, 0.25) == 2.0);
  BOOST_TEST(cd::quantile(x, 0.9) == 7.6, tt::tolerance(1e-14));
}

// Second implementation (pandas: .var/.std are n−1, .skew/.kurt are the sample-adjusted G1/G2,
// .quantile(interpolation='linear') is R type 7), re-run with /usr/bin/python3:
//   import numpy as np, pandas as pd
//   x = pd.Series([3.2, np.nan, -1.5, 7.75, 0.0, 2.5, np.nan, 12.0, 2.5, 4.1])
//   print(x.count(), x.mean(), x.var(), x.std(), x.min(), x.max(), x.median())
//   print([x.quantile(p) for p in (0, 0.1, 0.25, 0.5, 0.9, 1)])
//   print(x.skew(), x.kurt())
// → 8 3.8187499999999996 18.457098214285715 4.296172507510111 -1.5 12.0 2.85
//   [-1.5, -0.4499999999999999, 1.875, 2.85, 9.024999999999999, 12.0]
//   0.9546003961893569 0.8749220585031505
BOOST_AUTO_TEST_CASE(missing_values_are_skipped) {
  Eigen::VectorXd x(10);
  x << 3.2, NA, -1.5, 7.75, 0.0, 2.5, NA, 12.0, 2.5, 4.1;
  BOOST_TEST(cd::count_present(x) == 8);
  BOOST_TEST(cd::mean(x) == 3.8187499999999996, tt::tolerance(1e-14));
  BOOST_TEST(cd::variance(x) == 18.457098214285715, tt::tolerance(1e-13));
  BOOST_TEST(cd::sd(x) == 4.296172507510111, tt::tolerance(1e-13));
  BOOST_TEST(cd::minimum(x) == -1.5);
  BOOST_TEST(cd::maximum(x) == 12.0);
  std::vector<double> scratch;
  BOOST_TEST(cd::median(x, scratch) == 2.85, tt::tolerance(1e-14));
  const double p[] = {0, 0.1, 0.25, 0.5, 0.9, 1};
  const double q[] = {-1.5, -0.4499999999999999, 1.875, 2.85, 9.024999999999999, 12.0};
  for (int k = 0; k < 6; ++k) BOOST_TEST(cd::quantile(x, p[k], scratch) == q[k], tt::tolerance(1e-13));
  const auto sk = cd::skew_kurt(x);
  BOOST_TEST(sk.n == 8);
  BOOST_TEST(sk.skew == 0.9546003961893569, tt::tolerance(1e-12));
  BOOST_TEST(sk.kurt == 0.8749220585031505, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(strided_views_work) {
  Eigen::MatrixXd m(3, 2);
  m << 1, 10, 2, NA, 6, 30;
  BOOST_TEST(cd::mean(m.col(1)) == 20.0);
  BOOST_TEST(cd::mean(m.row(2)) == 18.0);
  BOOST_TEST(cd::median(m.col(0)) == 2.0);
  Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<>> every_other(m.data(), 3, Eigen::InnerStride<>(2));
  BOOST_TEST(cd::maximum(every_other) == 6.0);  // elements 1, 6, NA
}

BOOST_AUTO_TEST_CASE(undefined_statistics_are_nan) {
  Eigen::VectorXd none(3);
  none << NA, NA, NA;
  BOOST_TEST(cd::count_present(none) == 0);
  BOOST_TEST(std::isnan(cd::mean(none)));
  BOOST_TEST(std::isnan(cd::minimum(none)));
  BOOST_TEST(std::isnan(cd::maximum(none)));
  BOOST_TEST(std::isnan(cd::median(none)));
  BOOST_TEST(std::isnan(cd::quantile(none, 0.5)));
  Eigen::VectorXd one(2);
  one << 5, NA;
  BOOST_TEST(std::isnan(cd::variance(one)));
  Eigen::VectorXd constant(5);
  constant << 2, 2, 2, 2, 2;
  BOOST_TEST(cd::variance(constant) == 0.0);
  BOOST_TEST(std::isnan(cd::skewness(constant)));  // 0/0 in COINr's skew(): NaN
  BOOST_TEST(std::isnan(cd::kurtosis(constant)));
  Eigen::VectorXd three(3);
  three << 1, 2, 4;
  // skew of {1, 2, 4}: mean 7/3, d = (−4/3, −1/3, 5/3), S2 = 42/9, S3 = (−64 − 1 + 125)/27 = 60/27
  //   √3·(60/27)/(42/9)^1.5·√6/1 = 0.9352195295828237 (three values: kurtosis needs four)
  BOOST_TEST(cd::skewness(three) == std::sqrt(3.0) * (60.0 / 27) / std::pow(42.0 / 9, 1.5) * std::sqrt(6.0),
             tt::tolerance(1e-14));
  BOOST_TEST(std::isnan(cd::kurtosis(three)));
  BOOST_TEST(std::isnan(cd::quantile(three, 1.5)));
}

BOOST_AUTO_TEST_SUITE_END()
