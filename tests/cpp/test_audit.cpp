#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "countyleap/audit.hpp"
#include "countyleap/hierarchy.hpp"

BOOST_AUTO_TEST_SUITE(test_audit)

using namespace countyleap;

namespace {

const double NaN = std::nan("");

// Leaves a, b, c (node p1) and d, e (node p2) of 8 regions; b has one missing value. c nearly
// copies a; e moves against d, which dominates p2, so e correlates negatively with p2.
Eigen::MatrixXd leaves() {
  Eigen::MatrixXd x(8, 5);
  x << 10, 40, 11, 90, 52,  //
      20, 35, 21, 10, 58,   //
      30, 50, 29, 70, 50,   //
      40, NaN, 41, 30, 56,  //
      50, 45, 52, 60, 51,   //
      60, 30, 59, 20, 57,   //
      70, 55, 71, 80, 49,   //
      85, 42, 84, 40, 55;
  return x;
}

Framework tree() {
  std::vector<Indicator> inds;
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    Indicator ind;
    ind.id = id;
    inds.push_back(ind);
  }
  return Framework({}, inds,
                   {{"a", "", "", "p1", 1, "", ""},
                    {"b", "", "", "p1", 1, "", ""},
                    {"c", "", "", "p1", 1, "", ""},
                    {"d", "", "", "p2", 1, "", ""},
                    {"e", "", "", "p2", 1, "", ""},
                    {"p1", "", "", "root", 1, "", ""},
                    {"p2", "", "", "root", 1, "", ""},
                    {"root", "", "", "", 1, "", ""}});
}

}  // namespace

// Reference values from a second implementation (/usr/bin/python3 with numpy 1.24 and scipy
// 1.10, re-runnable):
//   import numpy as np; from scipy import stats; nan=np.nan
//   L=np.array([[10,40,11,90,52],[20,35,21,10,58],[30,50,29,70,50],[40,nan,41,30,56],
//     [50,45,52,60,51],[60,30,59,20,57],[70,55,71,80,49],[85,42,84,40,55]],float)
//   a=L[:,0]; b=L[:,1]; ok=~np.isnan(b); bp=b[ok]
//   print(np.mean(a),np.std(a,ddof=1),stats.skew(a,bias=False),stats.kurtosis(a,bias=False))
//   print(np.mean(bp),np.std(bp,ddof=1),stats.skew(bp,bias=False),stats.kurtosis(bp,bias=False))
//   print(np.corrcoef(a[ok],b[ok])[0,1], stats.spearmanr(a[ok],b[ok]).correlation)
//   p2=L[:,3:].mean(1); print(np.corrcoef(L[:,4],p2)[0,1])
//   def alpha(X):
//     X=X[~np.isnan(X).any(1)]; k=X.shape[1]
//     return k/(k-1)*(1-X.var(0,ddof=1).sum()/X.sum(1).var(ddof=1))
//   print(alpha(L[:,:3]), alpha(L[:,3:]))
//   X=L[:,:3]; X=X[~np.isnan(X).any(1)]; print(np.linalg.eigvalsh(np.corrcoef(X,rowvar=False))[::-1])
BOOST_AUTO_TEST_CASE(statistics_correlations_and_flags) {
  const Framework fw = tree();
  const Eigen::MatrixXd scores = HierarchyEvaluator(fw).evaluate(leaves(), framework_weights(fw));
  const AuditReport r = audit(fw, scores);
  BOOST_TEST(r.ids.size() == 8u);
  BOOST_TEST(r.ids[0] == "a");
  BOOST_TEST(r.ids[7] == "root");

  const ColumnStats& a = r.stats[0];
  BOOST_TEST(a.id == "a");
  BOOST_TEST(a.n_present == 8);
  BOOST_TEST(a.missing_share == 0.0);
  BOOST_TEST(std::abs(a.mean - 45.625) < 1e-12);
  BOOST_TEST(std::abs(a.sd - 25.556310375326092) < 1e-12);
  BOOST_TEST(std::abs(a.skew - 0.14322439458528483) < 1e-12);
  BOOST_TEST(std::abs(a.kurtosis - -0.959794876490923) < 1e-12);
  BOOST_TEST(a.min == 10.0);
  BOOST_TEST(a.max == 85.0);
  const ColumnStats& b = r.stats[1];
  BOOST_TEST(b.n_present == 7);
  BOOST_TEST(std::abs(b.missing_share - 0.125) < 1e-15);
  BOOST_TEST(std::abs(b.mean - 42.42857142857143) < 1e-12);
  BOOST_TEST(std::abs(b.sd - 8.541216596737314) < 1e-12);
  BOOST_TEST(std::abs(b.skew - 0.03507794840442573) < 1e-12);
  BOOST_TEST(std::abs(b.kurtosis - -0.5555682430175404) < 1e-12);

  // pairwise complete observations: the pair (a, b) uses the 7 rows where b is present
  BOOST_TEST(std::abs(r.pearson(0, 1) - 0.19922613487071925) < 1e-12);
  BOOST_TEST(std::abs(r.spearman(0, 1) - 0.28571428571428575) < 1e-12);
  BOOST_TEST(r.pearson(0, 0) == 1.0);
  BOOST_TEST((r.pearson - r.pearson.transpose()).cwiseAbs().maxCoeff() == 0.0);

  // flags: (a, c) in p1 and (d, e) in p2 exceed |r| 0.9; e correlates negatively with p2
  BOOST_TEST(r.collinear.size() == 2u);
  BOOST_TEST(r.collinear[0].node == "p1");
  BOOST_TEST(r.collinear[0].a == "a");
  BOOST_TEST(r.collinear[0].b == "c");
  BOOST_TEST(r.collinear[1].node == "p2");
  BOOST_TEST(r.collinear[1].r < -0.9);
  BOOST_TEST(r.negative.size() == 1u);
  BOOST_TEST(r.negative[0].node == "e");
  BOOST_TEST(r.negative[0].parent == "p2");
  BOOST_TEST(std::abs(r.negative[0].r - -0.8892342768759407) < 1e-12);

  // per aggregate node: Cronbach's alpha over complete rows, PCA of the components
  BOOST_TEST(r.nodes.size() == 3u);
  const NodeAudit& p1 = r.nodes[0];
  BOOST_TEST(p1.id == "p1");
  BOOST_TEST(p1.n_components == 3);
  BOOST_TEST(p1.complete_rows == 7);
  BOOST_TEST(std::abs(p1.cronbach_alpha - 0.7770447774336997) < 1e-12);
  BOOST_TEST(std::abs(r.nodes[1].cronbach_alpha - -0.5331112036651393) < 1e-12);
  BOOST_TEST(std::abs(p1.eigenvalues[0] - 2.077347727132772) < 1e-10);
  BOOST_TEST(std::abs(p1.eigenvalues[1] - 0.9217767571178573) < 1e-10);
  BOOST_TEST(std::abs(p1.eigenvalues[2] - 8.755157493696153e-04) < 1e-10);
  BOOST_TEST(std::abs(p1.variance_share.sum() - 1) < 1e-12);
  BOOST_TEST(std::abs(p1.variance_share[0] - 2.077347727132772 / 3) < 1e-10);
  BOOST_TEST(p1.note.empty());
}

BOOST_AUTO_TEST_CASE(undefined_statistics_are_nan_not_errors) {
  const Framework fw = tree();
  Eigen::MatrixXd x = leaves();
  x.col(3).setConstant(5);  // d constant: its correlations and p2's PCA are undefined
  const Eigen::MatrixXd scores = HierarchyEvaluator(fw).evaluate(x, framework_weights(fw));
  const AuditReport r = audit(fw, scores);
  BOOST_TEST(std::isnan(r.pearson(3, 4)));
  BOOST_TEST(std::isnan(r.stats[3].skew));
  BOOST_TEST(r.nodes[1].eigenvalues.size() == 0);
  BOOST_TEST(r.nodes[1].note.find("column 0") != std::string::npos);
  BOOST_TEST(std::isnan(cronbach_alpha(Eigen::MatrixXd::Ones(4, 1))));
  const ColumnStats empty = column_stats(Eigen::VectorXd::Constant(3, NaN), "z");
  BOOST_TEST(empty.n_present == 0);
  BOOST_TEST(empty.missing_share == 1.0);
  BOOST_TEST(std::isnan(empty.mean));
  BOOST_TEST(std::isnan(correlation(Eigen::VectorXd::Constant(3, 1.0), Eigen::VectorXd::LinSpaced(3, 0, 1))));
}

BOOST_AUTO_TEST_CASE(spearman_is_pearson_of_average_ranks) {
  Eigen::VectorXd x(6), y(6);
  x << 1, 2, 2, 3, NaN, 5;
  y << 2, 1, 4, 4, 7, 9;
  // complete pairs: x = (1, 2, 2, 3, 5) -> ranks (1, 2.5, 2.5, 4, 5); y = (2, 1, 4, 4, 9) -> (2, 1, 3.5, 3.5, 5)
  Eigen::VectorXd rx(5), ry(5);
  rx << 1, 2.5, 2.5, 4, 5;
  ry << 2, 1, 3.5, 3.5, 5;
  BOOST_TEST(std::abs(correlation(x, y, CorrelationMethod::spearman) - correlation(rx, ry)) < 1e-15);
  BOOST_TEST((correlation_method_from_string("spearman") == CorrelationMethod::spearman));
  BOOST_TEST(std::string(to_string(CorrelationMethod::pearson)) == "pearson");
  BOOST_CHECK_THROW(correlation_method_from_string("kendall"), validation_error);
  BOOST_CHECK_THROW(correlation(x, y.head(3)), validation_error);
}

BOOST_AUTO_TEST_CASE(options_and_shape) {
  const Framework fw = tree();
  const Eigen::MatrixXd scores = HierarchyEvaluator(fw).evaluate(leaves(), framework_weights(fw));
  AuditOptions strict;
  strict.collinearity_threshold = 0.95;
  strict.flag_method = CorrelationMethod::spearman;
  const AuditReport r = audit(fw, scores, strict);
  BOOST_TEST(r.collinear.size() >= 1u);
  for (const auto& f : r.collinear) BOOST_TEST(std::abs(f.r) > 0.95);
  BOOST_CHECK_THROW(audit(fw, scores.leftCols(5)), validation_error);
}

BOOST_AUTO_TEST_SUITE_END()
