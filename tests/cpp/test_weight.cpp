#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>
#include <string>

#include "countyleap/correlation.hpp"
#include "countyleap/weight.hpp"
#include "test_support.hpp"

BOOST_AUTO_TEST_SUITE(test_weight)

using namespace countyleap;

using test_support::contains;

namespace {

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

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const validation_error& e) {
    return e.what();
  }
  return "no validation_error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(spellings_round_trip) {
  for (auto m : {WeightMethod::given, WeightMethod::equal, WeightMethod::ahp, WeightMethod::entropy, WeightMethod::critic,
                 WeightMethod::cv, WeightMethod::pca})
    BOOST_TEST((weight_method_from_string(to_string(m)) == m));
  BOOST_TEST(contains(message_of([] { weight_method_from_string("entropie"); }), "'entropie'"));
}

// AHP, published example 1: the "leader" example of the Wikipedia article "Analytic hierarchy
// process – leader example" (a worked example in Saaty's method). Criteria Experience,
// Education, Charisma, Age; judgements Exp/Edu 4, Exp/Cha 3, Exp/Age 7, Edu/Cha 1/3, Edu/Age 3,
// Cha/Age 5. Published priorities: Experience .547, Education .127, Charisma .270, Age .056
// (printed to 3 decimals). The eigenvector is (.5476, .1266, .2699, .0559): three priorities
// round to the printed ones, Experience (.5476) is .0006 above its printed .547, so the
// tolerance is one unit of the last printed digit, 0.001. λmax and CR have no printed value we
// could confirm; the second implementation below gives λmax = 4.1184180243133675,
// CI = 0.0394727, CR = 0.0438585 (RI = 0.90):
//   /usr/bin/python3 -c "import numpy as np; A=np.array([[1,4,3,7],[1/4,1,1/3,3],[1/3,3,1,5],
//     [1/7,1/3,1/5,1]]); l,v=np.linalg.eig(A); k=l.real.argmax(); w=v[:,k].real; print(w/w.sum(),
//     l[k].real, (l[k].real-4)/3/0.90)"
BOOST_AUTO_TEST_CASE(ahp_leader_example) {
  const Eigen::MatrixXd a = rows({{1, 4, 3, 7}, {1. / 4, 1, 1. / 3, 3}, {1. / 3, 3, 1, 5}, {1. / 7, 1. / 3, 1. / 5, 1}});
  const AhpResult r = ahp_weights(a);
  const Eigen::VectorXd published = vec({0.547, 0.127, 0.270, 0.056});
  for (Eigen::Index i = 0; i < 4; ++i) BOOST_TEST(std::abs(r.weights[i] - published[i]) <= 0.001);
  BOOST_TEST(std::abs(r.weights.sum() - 1) < 1e-12);
  BOOST_TEST(std::abs(r.lambda_max - 4.1184180243133675) < 1e-9);
  BOOST_TEST(std::abs(r.ci - (r.lambda_max - 4) / 3) < 1e-15);
  BOOST_TEST(std::abs(r.cr - 0.0438585275) < 1e-9);
}

// AHP, published example 2: Saaty's relative wealth of nations (T. L. Saaty, J. Math. Psychology
// 15 (1977) 234–281, and The Analytic Hierarchy Process, 1980): US, USSR, China, France, UK,
// Japan, W. Germany compared by wealth. Published eigenvector .427 .230 .021 .052 .052 .123 .094
// and λmax = 7.61 (printed to 3 and 2 decimals). The published vector is reproduced by the
// numpy call above with this matrix (λmax = 7.6077202688596, CR = 0.0767 with RI = 1.32).
BOOST_AUTO_TEST_CASE(ahp_saaty_wealth_of_nations) {
  const Eigen::MatrixXd a = rows({{1, 4, 9, 6, 6, 5, 5},
                                  {1. / 4, 1, 7, 5, 5, 3, 4},
                                  {1. / 9, 1. / 7, 1, 1. / 5, 1. / 5, 1. / 7, 1. / 5},
                                  {1. / 6, 1. / 5, 5, 1, 1, 1. / 3, 1. / 3},
                                  {1. / 6, 1. / 5, 5, 1, 1, 1. / 3, 1. / 3},
                                  {1. / 5, 1. / 3, 7, 3, 3, 1, 2},
                                  {1. / 5, 1. / 4, 5, 3, 3, 1. / 2, 1}});
  const AhpResult r = ahp_weights(a);
  const Eigen::VectorXd published = vec({0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094});
  for (Eigen::Index i = 0; i < 7; ++i) BOOST_TEST(std::abs(r.weights[i] - published[i]) <= 0.0005);
  BOOST_TEST(std::abs(r.lambda_max - 7.61) <= 0.005);
  BOOST_TEST(std::abs(r.cr - (r.lambda_max - 7) / 6 / 1.32) < 1e-12);
  BOOST_TEST(r.cr < 0.1);
}

BOOST_AUTO_TEST_CASE(ahp_consistent_matrix_recovers_the_ratios) {
  const Eigen::VectorXd v = vec({5, 3, 1, 1});
  Eigen::MatrixXd a(4, 4);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) a(i, j) = v[i] / v[j];
  const AhpResult r = ahp_weights(a);
  BOOST_TEST((r.weights - v / v.sum()).cwiseAbs().maxCoeff() < 1e-12);
  BOOST_TEST(std::abs(r.lambda_max - 4) < 1e-12);
  BOOST_TEST(std::abs(r.cr) < 1e-12);
  const AhpResult two = ahp_weights(rows({{1, 3}, {1. / 3, 1}}));
  BOOST_TEST(two.cr == 0.0);
  BOOST_TEST(std::abs(two.weights[0] - 0.75) < 1e-12);
  BOOST_TEST(ahp_weights(rows({{1}})).weights[0] == 1.0);
}

BOOST_AUTO_TEST_CASE(ahp_rejects_inconsistent_and_malformed_matrices) {
  // a cycle: 1 ≫ 2, 2 ≫ 3, 3 ≫ 1
  const Eigen::MatrixXd cyc = rows({{1, 9, 1. / 9}, {1. / 9, 1, 9}, {9, 1. / 9, 1}});
  const std::string msg = message_of([&] { ahp_weights(cyc); });
  BOOST_TEST(contains(msg, "CR = "));
  AhpOptions allow;
  allow.allow_inconsistent = true;
  BOOST_TEST(ahp_weights(cyc, allow).cr >= 0.1);
  BOOST_TEST(contains(message_of([] { ahp_weights(Eigen::MatrixXd::Ones(2, 3)); }), "square"));
  BOOST_TEST(contains(message_of([] { ahp_weights(rows({{1, 3}, {0.5, 1}})); }), "not reciprocal"));
  BOOST_TEST(contains(message_of([] { ahp_weights(rows({{1, 0}, {0, 1}})); }), "(1, 2)"));
  BOOST_TEST(contains(message_of([] { ahp_weights(rows({{2, 1}, {1, 1}})); }), "diagonal"));
  BOOST_TEST(contains(message_of([] { ahp_weights(Eigen::MatrixXd::Ones(16, 16)); }), "n = 16"));
  AhpOptions ri;
  ri.random_index = 1.6;
  BOOST_TEST(std::abs(ahp_weights(Eigen::MatrixXd::Ones(16, 16), ri).weights.sum() - 1) < 1e-12);
  // rounded decimal judgements pass the default tolerance
  BOOST_TEST(ahp_weights(rows({{1, 3, 5}, {0.333, 1, 2}, {0.2, 0.5, 1}})).weights.size() == 3);
  BOOST_TEST(saaty_random_index(3) == 0.58);
  BOOST_TEST(saaty_random_index(15) == 1.59);
}

// Entropy weights, derived by hand (no published example with numbers was found through the
// search tool). Columns A = (1, 1, 2), B = (0, 1, 3), C = (2, 2, 2), n = 3, ln 3 = 1.0986123:
//   A: p = (.25, .25, .5), H = 2·.25·ln 4 + .5·ln 2 = 1.0397208, e = 0.9463946, d = 0.0536054
//   B: p = (0, .25, .75) (0·ln 0 = 0), H = .25·ln 4 + .75·ln(4/3) = 0.5623351, e = 0.5118578,
//      d = 0.4881422
//   C: p = 1/3 each, e = 1, d = 0
//   w = d/Σd = (0.0989493, 0.9010507, 0).
// Second implementation (/usr/bin/python3, numpy):
//   import numpy as np; X=np.array([[1.,0.,2.],[1.,1.,2.],[2.,3.,2.]]); P=X/X.sum(0)
//   H=-np.where(P>0,P*np.log(np.where(P>0,P,1)),0).sum(0); d=1-H/np.log(3); print(d/d.sum())
//   -> [0.09894929219293111 0.9010507078070685 4.1e-16]
BOOST_AUTO_TEST_CASE(entropy_worked_example) {
  const Eigen::MatrixXd x = rows({{1, 0, 2}, {1, 1, 2}, {2, 3, 2}});
  const Eigen::VectorXd w = entropy_weights(x);
  BOOST_TEST(std::abs(w[0] - 0.09894929219293111) < 1e-12);
  BOOST_TEST(std::abs(w[1] - 0.9010507078070685) < 1e-12);
  BOOST_TEST(std::abs(w[2]) < 1e-12);
  BOOST_TEST(std::abs(w[0] - 0.0989493) < 5e-8);  // the hand derivation, 7 decimals
}

BOOST_AUTO_TEST_CASE(entropy_missing_and_invalid_values) {
  // Missing values are skipped column by column: A = (1, 1, 2, ·) and B = (·, 0, 1, 3) hold the
  // present values of columns A and B of the worked example above, so the weights are its
  // d_A : d_B = 0.0536054 : 0.4881422.
  const double nan = std::nan("");
  const Eigen::VectorXd w = entropy_weights(rows({{1, nan}, {1, 0}, {2, 1}, {nan, 3}}));
  BOOST_TEST(std::abs(w[0] - 0.09894929219293111) < 1e-12);
  BOOST_TEST(std::abs(w[1] - 0.9010507078070685) < 1e-12);
  BOOST_TEST(contains(message_of([] { entropy_weights(rows({{1, -2}, {1, 1}})); }), "row 0, column 1 is -2"));
  BOOST_TEST(contains(message_of([] { entropy_weights(rows({{1, 0}, {2, 0}})); }), "column 1 sums to zero"));
  BOOST_TEST(contains(message_of([] { entropy_weights(rows({{1, 1}, {1, 1}})); }), "every column is constant"));
  BOOST_TEST(contains(message_of([&] { entropy_weights(rows({{1, 2}, {nan, 3}})); }), "fewer than 2"));
}

// CRITIC, coefficient of variation and PCA weights on one small matrix, checked against a
// second implementation (/usr/bin/python3, numpy):
//   import numpy as np
//   Y=np.array([[3.,20.,1.5],[5.,18.,2.5],[4.,30.,2.0],[8.,25.,4.0],[6.,10.,2.2]])
//   Z=(Y-Y.min(0))/(Y.max(0)-Y.min(0)); R=np.corrcoef(Y,rowvar=False)
//   C=Z.std(0,ddof=1)*(1-R).sum(0); print(C/C.sum())                 # CRITIC
//   cv=Y.std(0,ddof=1)/Y.mean(0); print(cv/cv.sum())                   # CV
//   l,V=np.linalg.eigh(R); print(V[:,-1]**2, l[::-1])                  # PCA
BOOST_AUTO_TEST_CASE(critic_cv_pca_against_numpy) {
  const Eigen::MatrixXd y = rows({{3, 20, 1.5}, {5, 18, 2.5}, {4, 30, 2.0}, {8, 25, 4.0}, {6, 10, 2.2}});
  const Eigen::VectorXd critic = critic_weights(y);
  const Eigen::VectorXd cv = cv_weights(y);
  const Eigen::VectorXd pca = pca_weights(y);
  const Eigen::VectorXd critic_np = vec({0.3006646234226114, 0.4788469270402003, 0.2204884495371882});
  const Eigen::VectorXd cv_np = vec({0.32937968839732923, 0.3257663661702957, 0.3448539454323751});
  const Eigen::VectorXd pca_np = vec({0.48795795751846693, 0.00631280420543957, 0.5057292382760932});
  BOOST_TEST((critic - critic_np).cwiseAbs().maxCoeff() < 1e-12);
  BOOST_TEST((cv - cv_np).cwiseAbs().maxCoeff() < 1e-12);
  BOOST_TEST((pca - pca_np).cwiseAbs().maxCoeff() < 1e-10);
  const PrincipalComponents pc = principal_components(y);
  const Eigen::VectorXd eig_np = vec({1.9355316469832728, 1.039260954520325, 0.02520739849640199});
  BOOST_TEST((pc.eigenvalues - eig_np).cwiseAbs().maxCoeff() < 1e-10);
  BOOST_TEST(std::abs(pc.variance_share.sum() - 1) < 1e-12);
  // without the min-max step CRITIC uses the raw standard deviations
  CriticOptions raw;
  raw.minmax = false;
  BOOST_TEST((critic_weights(y, raw) - critic).cwiseAbs().maxCoeff() > 0.01);
}

BOOST_AUTO_TEST_CASE(data_driven_errors_name_the_column) {
  const Eigen::MatrixXd constant = rows({{1, 5}, {2, 5}, {3, 5}});
  BOOST_TEST(contains(message_of([&] { critic_weights(constant); }), "column 1"));
  BOOST_TEST(contains(message_of([&] { pca_weights(constant); }), "column 1"));
  BOOST_TEST(contains(message_of([] { cv_weights(rows({{1, -1}, {2, 1}, {3, 0}})); }), "column 1 has mean 0"));
  BOOST_TEST(contains(message_of([] { equal_weights(0); }), "no components"));
  BOOST_TEST(contains(message_of([] { normalise_weights(vec({1, -1})); }), "weight 1"));
  BOOST_TEST(contains(message_of([] { normalise_weights(vec({0, 0})); }), "all weights are zero"));
}

// Property: every method gives non-negative weights summing to 1; a single component gets 1.
BOOST_AUTO_TEST_CASE(weights_sum_to_one) {
  std::mt19937 gen(7);
  std::uniform_real_distribution<double> u(1, 100);
  for (int rep = 0; rep < 20; ++rep) {
    Eigen::MatrixXd x(30, 5);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = u(gen);
    x(3, 2) = std::nan("");
    const Eigen::VectorXd given = vec({1, 2, 3, 4, 5});
    for (auto m : {WeightMethod::given, WeightMethod::equal, WeightMethod::entropy, WeightMethod::critic,
                   WeightMethod::cv, WeightMethod::pca}) {
      WeightOptions o;
      o.method = m;
      const Eigen::VectorXd w = node_weights(o, x, given);
      BOOST_TEST(std::abs(w.sum() - 1) < 1e-12);
      BOOST_TEST(w.minCoeff() >= 0);
      BOOST_TEST(node_weights(o, x.leftCols(1), given.head(1))[0] == 1.0);
    }
  }
  WeightOptions ahp;
  ahp.method = WeightMethod::ahp;
  ahp.pairwise = rows({{1, 2}, {0.5, 1}});
  BOOST_TEST(std::abs(node_weights(ahp, Eigen::MatrixXd::Zero(3, 2), vec({1, 1}))[0] - 2.0 / 3) < 1e-12);
  BOOST_TEST(contains(message_of([&] { node_weights(ahp, Eigen::MatrixXd::Zero(3, 3), vec({1, 1, 1})); }),
                      "the pairwise matrix has 2 entries for 3 components"));
  BOOST_TEST((equal_weights(4).array() == 0.25).all());
}

BOOST_AUTO_TEST_CASE(given_weights_from_the_framework) {
  std::vector<Indicator> inds(3);
  inds[0].id = "a";
  inds[1].id = "b";
  inds[2].id = "c";
  std::vector<Node> nodes = {{"root", "", "", "", 1, "", ""},
                             {"a", "", "", "root", 1, "", ""},
                             {"b", "", "", "root", 3, "", ""},
                             {"c", "", "", "root", 4, "", ""}};
  const Framework fw({}, inds, nodes);
  const Eigen::VectorXd w = given_weights(fw, fw.root());
  BOOST_TEST(w[0] == 0.125);
  BOOST_TEST(w[1] == 0.375);
  BOOST_TEST(w[2] == 0.5);
  BOOST_TEST(contains(message_of([&] { given_weights(fw, 0); }), "not an aggregate"));
}

BOOST_AUTO_TEST_SUITE_END()
