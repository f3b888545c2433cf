#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "test_support.hpp"

BOOST_AUTO_TEST_SUITE(test_aggregate)

using namespace countyleap;

using test_support::contains;

namespace {

const double NaN = std::nan("");

Eigen::MatrixXd rows(std::initializer_list<std::initializer_list<double>> r) {
  Eigen::MatrixXd m(static_cast<Eigen::Index>(r.size()), static_cast<Eigen::Index>(r.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& row : r) {
    Eigen::Index j = 0;
    for (double v : row) m(i, j++) = v;
    ++i;
  }
  return m;
}

Eigen::VectorXd vec(std::initializer_list<double> v) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double x : v) out[i++] = x;
  return out;
}

AggregateOptions with(AggregationMethod m) {
  AggregateOptions o;
  o.method = m;
  return o;
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const validation_error& e) {
    return e.what();
  }
  return "no validation_error";
}

bool same(double a, double b, double tol) { return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= tol; }

Eigen::MatrixXd random_positive(Eigen::Index n, Eigen::Index k, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(1, 100);
  Eigen::MatrixXd x(n, k);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(gen);
  return x;
}

const AggregationMethod all_methods[] = {AggregationMethod::arithmetic,  AggregationMethod::geometric,
                                         AggregationMethod::harmonic,    AggregationMethod::generalised,
                                         AggregationMethod::topsis,      AggregationMethod::grey_relational,
                                         AggregationMethod::copeland};

}  // namespace

BOOST_AUTO_TEST_CASE(spellings_round_trip) {
  for (auto m : all_methods) BOOST_TEST((aggregation_method_from_string(to_string(m)) == m));
  BOOST_TEST(contains(message_of([] { aggregation_method_from_string("mean"); }), "'mean'"));
}

// COINr 1.1.14 a_amean: missing components are dropped with their weights and the rest rescaled;
// Aggregate(dat_thresh): availability below the threshold gives NA.
BOOST_AUTO_TEST_CASE(arithmetic_skips_missing_and_rescales) {
  const Eigen::MatrixXd x = rows({{10, 20, 30}, {10, NaN, 40}, {NaN, NaN, NaN}, {NaN, NaN, 5}});
  const Eigen::VectorXd w = vec({1, 2, 1});
  const Eigen::VectorXd y = aggregate(x, w);
  BOOST_TEST(y[0] == 20.0);
  BOOST_TEST(y[1] == 25.0);  // (1·10 + 1·40) / 2
  BOOST_TEST(std::isnan(y[2]));
  BOOST_TEST(y[3] == 5.0);
  AggregateOptions o;
  o.min_data = 0.5;  // 1 of 3 present is below one half
  const Eigen::VectorXd z = aggregate(x, w, o);
  BOOST_TEST(z[1] == 25.0);
  BOOST_TEST(std::isnan(z[3]));
}

// Property: equal weights give the plain mean of the present values.
BOOST_AUTO_TEST_CASE(equal_weights_give_the_plain_mean) {
  Eigen::MatrixXd x = random_positive(50, 6, 1);
  x(4, 2) = NaN;
  const Eigen::VectorXd y = aggregate(x, Eigen::VectorXd::Constant(6, 3.0));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    double s = 0;
    int n = 0;
    for (Eigen::Index j = 0; j < 6; ++j)
      if (!std::isnan(x(i, j))) {
        s += x(i, j);
        ++n;
      }
    BOOST_TEST(std::abs(y[i] - s / n) < 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(geometric_harmonic_generalised_known_values) {
  const Eigen::MatrixXd x = rows({{1, 4, 16}, {2, 8, NaN}});
  const Eigen::VectorXd eq = vec({1, 1, 1});
  const Eigen::VectorXd g = aggregate(x, eq, with(AggregationMethod::geometric));
  BOOST_TEST(std::abs(g[0] - 4) < 1e-12);
  BOOST_TEST(std::abs(g[1] - 4) < 1e-12);
  const Eigen::VectorXd h = aggregate(x, eq, with(AggregationMethod::harmonic));
  BOOST_TEST(std::abs(h[0] - 3 / (1 + 0.25 + 0.0625)) < 1e-12);
  BOOST_TEST(std::abs(h[1] - 2 / (0.5 + 0.125)) < 1e-12);
  AggregateOptions q = with(AggregationMethod::generalised);
  q.p = 2;  // quadratic mean
  const Eigen::VectorXd m2 = aggregate(x, vec({1, 2, 1}), q);
  BOOST_TEST(std::abs(m2[0] - std::sqrt((1 + 2 * 16 + 256) / 4.0)) < 1e-12);
  BOOST_TEST(std::abs(m2[1] - std::sqrt((4 + 2 * 64) / 3.0)) < 1e-12);
  // p = 1, 0, −1 are the arithmetic, geometric and harmonic means
  const Eigen::MatrixXd r = random_positive(40, 5, 2);
  const Eigen::VectorXd w = vec({1, 2, 3, 4, 5});
  for (auto [p, m] : {std::pair{1.0, AggregationMethod::arithmetic}, std::pair{0.0, AggregationMethod::geometric},
                      std::pair{-1.0, AggregationMethod::harmonic}}) {
    q.p = p;
    BOOST_TEST((aggregate(r, w, q) - aggregate(r, w, with(m))).cwiseAbs().maxCoeff() < 1e-10);
  }
}

BOOST_AUTO_TEST_CASE(non_positive_values_are_errors_unless_shifted) {
  const Eigen::MatrixXd x = rows({{1, 4}, {0, 2}});
  const Eigen::VectorXd w = vec({1, 1});
  const std::string msg = message_of([&] { aggregate(x, w, with(AggregationMethod::geometric)); });
  BOOST_TEST(contains(msg, "row 1, component 0"));
  BOOST_TEST(contains(msg, "got 0"));
  BOOST_TEST(contains(msg, "option 'shift'"));  // the spec key, not a C++ member name
  BOOST_TEST(contains(message_of([&] { aggregate(x, w, with(AggregationMethod::harmonic)); }), "row 1, component 0"));
  AggregateOptions q = with(AggregationMethod::generalised);
  q.p = -2;
  BOOST_TEST(contains(message_of([&] { aggregate(x, w, q); }), "row 1, component 0"));
  q.p = 0.5;  // 0 is fine for p > 0
  BOOST_TEST(std::abs(aggregate(x, w, q)[1] - 0.5) < 1e-12);
  AggregateOptions s = with(AggregationMethod::geometric);
  s.shift = 1;
  const Eigen::VectorXd g = aggregate(x, w, s);
  BOOST_TEST(std::abs(g[0] - std::sqrt(2.0 * 5)) < 1e-12);
  BOOST_TEST(std::abs(g[1] - std::sqrt(1.0 * 3)) < 1e-12);
}

// Property: for positive data, harmonic <= geometric <= arithmetic (the power-mean inequality).
BOOST_AUTO_TEST_CASE(power_mean_inequality) {
  for (unsigned seed = 0; seed < 10; ++seed) {
    Eigen::MatrixXd x = random_positive(60, 7, seed);
    x(seed, 3) = NaN;
    const Eigen::VectorXd w = random_positive(7, 1, seed + 100).col(0);
    const Eigen::VectorXd a = aggregate(x, w), g = aggregate(x, w, with(AggregationMethod::geometric)),
                          h = aggregate(x, w, with(AggregationMethod::harmonic));
    BOOST_TEST(((g.array() <= a.array() + 1e-12).all()));
    BOOST_TEST(((h.array() <= g.array() + 1e-12).all()));
  }
}

// TOPSIS, worked example: J. Papathanasiou & N. Ploskas, Multiple Criteria Decision Aid: Methods,
// Examples and Python Implementations, Springer 2018, ch. 2 (TOPSIS), facility location problem
// of ch. 1: 6 sites × 4 benefit criteria, weights (0.4, 0.3, 0.1, 0.2); its published script
// TOPSIS_example_1.py rounds r and v to 3 decimals and prints the closeness
// (0.387, 0.327, 0.389, 0.617, 0.870, 0.493); unrounded the method gives the values below, each
// within 0.003 of those. Second implementation (/usr/bin/python3, numpy):
//   import numpy as np
//   x=np.array([[8,7,2,1],[5,3,7,5],[7,5,6,4],[9,9,7,3],[11,10,3,7],[6,9,5,4]],float)
//   w=np.array([.4,.3,.1,.2]); v=w*x/np.sqrt((x**2).sum(0))
//   dp=np.sqrt(((v-v.max(0))**2).sum(1)); dm=np.sqrt(((v-v.min(0))**2).sum(1)); print(dm/(dp+dm))
BOOST_AUTO_TEST_CASE(topsis_worked_example) {
  const Eigen::MatrixXd x = rows({{8, 7, 2, 1}, {5, 3, 7, 5}, {7, 5, 6, 4}, {9, 9, 7, 3}, {11, 10, 3, 7}, {6, 9, 5, 4}});
  const Eigen::VectorXd c = aggregate(x, vec({0.4, 0.3, 0.1, 0.2}), with(AggregationMethod::topsis));
  const Eigen::VectorXd numpy = vec({0.3872147109596547, 0.3271696909695866, 0.3906699868642989, 0.6146603448592665,
                                     0.8684953760646799, 0.49284833598994915});
  const Eigen::VectorXd printed = vec({0.387, 0.327, 0.389, 0.617, 0.870, 0.493});
  BOOST_TEST((c - numpy).cwiseAbs().maxCoeff() < 1e-12);
  BOOST_TEST((c - printed).cwiseAbs().maxCoeff() <= 0.003);
  // relative weights: scaling them changes nothing
  const Eigen::VectorXd c10 = aggregate(x, vec({4, 3, 1, 2}), with(AggregationMethod::topsis));
  BOOST_TEST((c10 - c).cwiseAbs().maxCoeff() < 1e-12);
}

BOOST_AUTO_TEST_CASE(topsis_missing_values_skip_the_component) {
  const Eigen::MatrixXd x = rows({{8, 7}, {5, NaN}, {7, 5}, {NaN, NaN}});
  const Eigen::VectorXd c = aggregate(x, vec({1, 1}), with(AggregationMethod::topsis));
  BOOST_TEST(std::isnan(c[3]));
  // region 1 is the worst in its only present component: D− = 0, closeness 0
  BOOST_TEST(c[1] == 0.0);
  BOOST_TEST(c[0] == 1.0);  // region 0 is the best in both
}

// Grey relational grade, derived by hand (no published example with numbers was found through
// the search tool). x = [[1, .6, .2], [.5, 1, .4], [0, .8, 1]], w = (.5, .3, .2), ρ = .5:
//   reference x0 = (1, 1, 1); Δ = [[0, .4, .8], [.5, 0, .6], [1, .2, 0]]; Δmin = 0, Δmax = 1
//   ξ = .5/(Δ + .5) = [[1, .5556, .3846], [.5, 1, .4545], [.3333, .7143, 1]]
//   grade = (.5·1 + .3·.5556 + .2·.3846, ...) = (0.743590, 0.640909, 0.580952)
// Second implementation (/usr/bin/python3, numpy):
//   import numpy as np; g=np.array([[1,.6,.2],[.5,1,.4],[0,.8,1]]); w=np.array([.5,.3,.2])
//   D=np.abs(g.max(0)-g); xi=(D.min()+.5*D.max())/(D+.5*D.max()); print(xi@w/w.sum())
BOOST_AUTO_TEST_CASE(grey_relational_worked_example) {
  const Eigen::MatrixXd x = rows({{1.0, 0.6, 0.2}, {0.5, 1.0, 0.4}, {0.0, 0.8, 1.0}});
  const Eigen::VectorXd g = aggregate(x, vec({0.5, 0.3, 0.2}), with(AggregationMethod::grey_relational));
  const Eigen::VectorXd numpy = vec({0.7435897435897436, 0.640909090909091, 0.5809523809523809});
  BOOST_TEST((g - numpy).cwiseAbs().maxCoeff() < 1e-12);
  BOOST_TEST(std::abs(g[0] - 0.743590) < 5e-7);  // the hand derivation, 6 decimals
  // ρ changes the spread but not the order here
  AggregateOptions o = with(AggregationMethod::grey_relational);
  o.rho = 1;
  const Eigen::VectorXd g1 = aggregate(x, vec({0.5, 0.3, 0.2}), o);
  BOOST_TEST(std::abs(g1[2] - (0.5 * 1 / 2.0 + 0.3 * 1 / 1.2 + 0.2 * 1)) < 1e-12);
  o.rho = 0;
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, 1, 1}), o); }), "rho"));
  // all regions equal: every coefficient is 1
  BOOST_TEST((aggregate(Eigen::MatrixXd::Ones(3, 2), vec({1, 1}), with(AggregationMethod::grey_relational)).array() ==
              1.0)
                 .all());
}

// Copeland, derived by hand. x as in the grey example plus a copy of region 0, w = (.4, .35, .25):
//   0 vs 1: 0 wins c1 (.4), 1 wins c2, c3 (.6) -> 1 beats 0
//   0 vs 2: 0 wins c1 (.4), 2 wins c2, c3 (.6) -> 2 beats 0
//   1 vs 2: 1 wins c1, c2 (.75), 2 wins c3 (.25) -> 1 beats 2
//   3 = 0: a tie, neither wins; 3 loses to 1 and 2 like 0
//   scores (wins − losses): 0: −2, 1: 3, 2: 1, 3: −2
BOOST_AUTO_TEST_CASE(copeland_worked_example) {
  const Eigen::MatrixXd x = rows({{1.0, 0.6, 0.2}, {0.5, 1.0, 0.4}, {0.0, 0.8, 1.0}, {1.0, 0.6, 0.2}});
  const Eigen::VectorXd c = aggregate(x, vec({0.4, 0.35, 0.25}), with(AggregationMethod::copeland));
  BOOST_TEST(c[0] == -2.0);
  BOOST_TEST(c[1] == 3.0);
  BOOST_TEST(c[2] == 1.0);
  BOOST_TEST(c[3] == -2.0);
  // 0.1 + 0.2 against 0.3 is a tie, not a win by rounding
  const Eigen::VectorXd t = aggregate(rows({{2, 2, 1}, {1, 1, 2}}), vec({0.1, 0.2, 0.3}), with(AggregationMethod::copeland));
  BOOST_TEST(t[0] == 0.0);
  BOOST_TEST(t[1] == 0.0);
  // a missing component counts for neither side; a region without data is out of the contest
  const Eigen::MatrixXd y = rows({{1, NaN}, {0, 5}, {NaN, NaN}});
  const Eigen::VectorXd d = aggregate(y, vec({1, 1}), with(AggregationMethod::copeland));
  BOOST_TEST(d[0] == 1.0);
  BOOST_TEST(d[1] == -1.0);
  BOOST_TEST(std::isnan(d[2]));
}

// Property: permuting the regions permutes the results, for every method.
BOOST_AUTO_TEST_CASE(permuting_regions_permutes_results) {
  Eigen::MatrixXd x = random_positive(40, 5, 3);
  x(7, 1) = NaN;
  x(12, 4) = NaN;
  const Eigen::VectorXd w = vec({1, 2, 1, 3, 1});
  std::vector<Eigen::Index> perm(static_cast<std::size_t>(x.rows()));
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), std::mt19937(11));
  Eigen::MatrixXd xp(x.rows(), x.cols());
  for (Eigen::Index i = 0; i < x.rows(); ++i) xp.row(i) = x.row(perm[static_cast<std::size_t>(i)]);
  for (auto m : all_methods) {
    AggregateOptions o = with(m);
    o.p = 0.5;
    const Eigen::VectorXd y = aggregate(x, w, o), yp = aggregate(xp, w, o);
    for (Eigen::Index i = 0; i < x.rows(); ++i) BOOST_TEST(same(yp[i], y[perm[static_cast<std::size_t>(i)]], 1e-12));
  }
}

BOOST_AUTO_TEST_CASE(workspace_and_output_buffer) {
  const Eigen::MatrixXd x = random_positive(30, 4, 5);
  const Eigen::VectorXd w = vec({1, 1, 2, 2});
  AggregateWorkspace ws;
  Eigen::MatrixXd out(30, 2);  // write into a column of a larger matrix
  for (auto m : all_methods) {
    aggregate(x, w, out.col(1), with(m), ws);
    BOOST_TEST((out.col(1) - aggregate(x, w, with(m))).cwiseAbs().maxCoeff() == 0.0);
  }
}

BOOST_AUTO_TEST_CASE(invalid_arguments) {
  const Eigen::MatrixXd x = rows({{1, 2}, {3, 4}});
  Eigen::VectorXd out(2);
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, 2, 3})); }), "3 weights for 2 components"));
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, -1})); }), "weight 1"));
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({0, 0})); }), "all weights are zero"));
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, NaN})); }), "weight 1"));
  BOOST_TEST(contains(message_of([&] { aggregate(Eigen::MatrixXd(2, 0), Eigen::VectorXd(0)); }), "no components"));
  Eigen::VectorXd small(1);
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, 1}), small); }), "output"));
  AggregateOptions o;
  o.min_data = 1.5;
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, 1}), out, o); }), "min_data"));
  AggregateOptions p = with(AggregationMethod::generalised);
  p.p = std::numeric_limits<double>::infinity();
  BOOST_TEST(contains(message_of([&] { aggregate(x, vec({1, 1}), out, p); }), "p must be finite"));
}

BOOST_AUTO_TEST_SUITE_END()
