#include <boost/test/unit_test.hpp>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/rank.hpp"

BOOST_AUTO_TEST_SUITE(test_rank)

using namespace countyleap;
static const double NA = std::numeric_limits<double>::quiet_NaN();

static Eigen::VectorXd sample() {
  Eigen::VectorXd x(6);
  x << 3, NA, 5, 3, 1, 3;
  return x;
}

// By hand: the present values sorted high to low are 5, 3, 3, 3, 1 at positions 1..5.
// "min": 5 → 1, the run of 3s spans 2..4 → 2, 1 → 5. "average": the 3s get (2+3+4)/3 = 3.
// Ascending (R: rank(c(3,NA,5,3,1,3), ties.method = "min", na.last = "keep") = 2 NA 5 2 1 2).
BOOST_AUTO_TEST_CASE(ties_and_missing) {
  const auto r = rank(sample());
  const double expect[] = {2, NA, 1, 2, 5, 2};
  for (int i = 0; i < 6; ++i) {
    if (std::isnan(expect[i])) BOOST_TEST(std::isnan(r[i]));
    else BOOST_TEST(r[i] == expect[i]);
  }
  const auto avg = rank(sample(), {RankOrder::descending, Ties::average});
  BOOST_TEST(avg[0] == 3.0);
  BOOST_TEST(avg[2] == 1.0);
  BOOST_TEST(avg[4] == 5.0);
  const auto up = rank(sample(), {RankOrder::ascending, Ties::min});
  const double expect_up[] = {2, NA, 5, 2, 1, 2};
  for (int i = 0; i < 6; ++i) {
    if (std::isnan(expect_up[i])) BOOST_TEST(std::isnan(up[i]));
    else BOOST_TEST(up[i] == expect_up[i]);
  }
  const auto up_avg = rank(sample(), {RankOrder::ascending, Ties::average});
  BOOST_TEST(up_avg[0] == 3.0);  // positions 2..4 ascending as well
  BOOST_TEST(up_avg[2] == 5.0);
}

BOOST_AUTO_TEST_CASE(columns_and_buffers) {
  Eigen::MatrixXd m(3, 2);
  m << 1, 9, 2, 9, 3, NA;
  const auto r = rank_columns(m);
  BOOST_TEST(r(0, 0) == 3.0);
  BOOST_TEST(r(2, 0) == 1.0);
  BOOST_TEST(r(0, 1) == 1.0);
  BOOST_TEST(r(1, 1) == 1.0);
  BOOST_TEST(std::isnan(r(2, 1)));
  Eigen::VectorXd out(2);
  RankWorkspace workspace;
  BOOST_CHECK_THROW(rank(m.col(0), out, RankOptions{}, workspace), validation_error);
}

// Second implementation: rank by counting, straight from the definition (O(n^2)). "min": 1 + the
// number of present values strictly better; "average": that plus (number of equal values - 1)/2.
static double rank_by_counting(const Eigen::VectorXd& x, Eigen::Index i, const RankOptions& o) {
  if (std::isnan(x[i])) return NA;
  double better = 0, equal = 0;
  for (Eigen::Index k = 0; k < x.size(); ++k) {
    if (std::isnan(x[k])) continue;
    if (x[k] == x[i]) ++equal;
    else if (o.order == RankOrder::descending ? x[k] > x[i] : x[k] < x[i]) ++better;
  }
  return o.ties == Ties::min ? better + 1 : better + 1 + (equal - 1) / 2;
}

// The radix sort orders by the top 32 bits and then by value: values that differ only in the low
// mantissa bits (1 + k·1e-12), negative values, zeros of both signs, huge and tiny magnitudes and
// many ties must all come out as the definition says, and a reused workspace must not leak state.
BOOST_AUTO_TEST_CASE(agrees_with_the_definition_on_awkward_values) {
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<int> pick(0, 7);
  std::uniform_real_distribution<double> u(-1, 1);
  RankWorkspace workspace;
  for (int trial = 0; trial < 200; ++trial) {
    const Eigen::Index n = 1 + trial % 37;
    Eigen::VectorXd x(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      switch (pick(gen)) {
        case 0: x[i] = NA; break;
        case 1: x[i] = 1.0 + static_cast<double>(pick(gen)) * 1e-12; break;
        case 2: x[i] = (pick(gen) % 2 ? -0.0 : 0.0); break;
        case 3: x[i] = u(gen) * 1e300; break;
        case 4: x[i] = u(gen) * 1e-300; break;
        case 5: x[i] = static_cast<double>(pick(gen) % 3); break;  // ties
        default: x[i] = u(gen) * 100;
      }
    }
    for (auto order : {RankOrder::descending, RankOrder::ascending})
      for (auto ties : {Ties::min, Ties::average}) {
        const RankOptions o{order, ties};
        Eigen::VectorXd out(n);
        rank(x, out, o, workspace);
        for (Eigen::Index i = 0; i < n; ++i) {
          const double expect = rank_by_counting(x, i, o);
          if (std::isnan(expect)) BOOST_TEST(std::isnan(out[i]));
          else BOOST_TEST(out[i] == expect, "trial " << trial << " row " << i << " x=" << x[i]);
        }
      }
  }
}

BOOST_AUTO_TEST_CASE(spellings) {
  BOOST_TEST(to_string(Ties::min) == std::string("min"));
  BOOST_TEST(to_string(Ties::average) == std::string("average"));
  BOOST_TEST(static_cast<int>(ties_from_string("average")) == static_cast<int>(Ties::average));
  BOOST_TEST(static_cast<int>(rank_order_from_string("ascending")) == static_cast<int>(RankOrder::ascending));
  BOOST_TEST(to_string(RankOrder::descending) == std::string("descending"));
  try {
    ties_from_string("dense");
    BOOST_FAIL("no throw");
  } catch (const validation_error& e) {
    BOOST_TEST(std::string(e.what()).find("'dense'") != std::string::npos);
  }
  BOOST_CHECK_THROW(rank_order_from_string("up"), validation_error);
}

BOOST_AUTO_TEST_SUITE_END()
