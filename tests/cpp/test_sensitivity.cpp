// Variance-based sensitivity indices: Saltelli's design, the Saltelli 2010 / Jansen 1999
// estimators on functions whose indices are known analytically, failed runs, and the analysis of
// COINr's example on the ASEM data.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "countyleap/io/coinr.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "countyleap/sensitivity.hpp"
#include "countyleap/detail/stats.hpp"

BOOST_AUTO_TEST_SUITE(test_sensitivity)

using namespace countyleap;

BOOST_AUTO_TEST_CASE(saltelli_design_layout) {
  const Eigen::MatrixXd x = saltelli_design(5, 3, 42);
  BOOST_TEST(x.rows() == 25);
  BOOST_TEST(x.cols() == 3);
  BOOST_TEST(x.minCoeff() >= 0.0);
  BOOST_TEST(x.maxCoeff() < 1.0);
  for (Eigen::Index i = 0; i < 3; ++i)
    for (Eigen::Index j = 0; j < 5; ++j)
      for (Eigen::Index k = 0; k < 3; ++k)  // A_B^(i): column i from B, the others from A
        BOOST_TEST(x((2 + i) * 5 + j, k) == (k == i ? x(5 + j, k) : x(j, k)));
  BOOST_TEST(!(x.topRows(5) == x.middleRows(5, 5)));
  BOOST_CHECK_THROW(saltelli_design(0, 3, 1), validation_error);
}

namespace {
Eigen::VectorXd outputs(const Eigen::MatrixXd& x, double (*f)(const Eigen::VectorXd&)) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) y[r] = f(x.row(r).transpose());
  return y;
}
double linear(const Eigen::VectorXd& u) { return u[0] + 2 * u[1] + 3 * u[2]; }
// Ishigami & Homma (1990): sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1, x uniform on [−π, π].
double ishigami(const Eigen::VectorXd& u) {
  const double pi = 3.14159265358979323846;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}
}  // namespace

BOOST_AUTO_TEST_CASE(linear_model_has_the_shares_of_its_variances) {
  // Y = X1 + 2 X2 + 3 X3, X uniform and independent (COINr's SA_estimate example): the
  // variance shares are 1/14, 4/14, 9/14 and, without interactions, S_Ti = S_i.
  const std::size_t n = 20000;
  const SobolIndices s = sobol_indices(outputs(saltelli_design(n, 3, 7), linear), n, 3, 200, 0.9, 7);
  const double want[3] = {1.0 / 14, 4.0 / 14, 9.0 / 14};
  BOOST_TEST(s.rows_used == n);
  BOOST_TEST(std::abs(s.variance - 14.0 / 12) < 0.03);  // Var = (1 + 4 + 9)/12
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(std::abs(s.first[i] - want[i]) < 0.03);
    BOOST_TEST(std::abs(s.total[i] - want[i]) < 0.02);
    BOOST_TEST(s.first_lo[i] <= s.first[i]);
    BOOST_TEST(s.first[i] <= s.first_hi[i]);
    BOOST_TEST(s.total_lo[i] <= s.total[i]);
    BOOST_TEST(s.total[i] <= s.total_hi[i]);
    BOOST_TEST(s.total_hi[i] - s.total_lo[i] < 0.05);
  }
}

BOOST_AUTO_TEST_CASE(ishigami_function) {
  // Analytic indices (a = 7, b = 0.1; e.g. A. Saltelli et al., Global Sensitivity Analysis:
  // The Primer, Wiley 2008, §4.9): V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2, V1 = bπ⁴/5 + b²π⁸/50 + 1/2,
  // V2 = a²/8, V3 = 0, V13 = b²π⁸/18 − b²π⁸/50; so
  // S = (0.3139, 0.4424, 0) and S_T = (0.5576, 0.4424, 0.2437).
  const std::size_t n = 50000;
  const SobolIndices s = sobol_indices(outputs(saltelli_design(n, 3, 2024), ishigami), n, 3, 0, 0.9, 1);
  const double first[3] = {0.31390519114781146, 0.4424111447900409, 0};
  const double total[3] = {0.5575888552099592, 0.4424111447900409, 0.24368366406214773};
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(std::abs(s.first[i] - first[i]) < 0.03);
    BOOST_TEST(std::abs(s.total[i] - total[i]) < 0.02);
    BOOST_TEST(std::isnan(s.first_lo[i]));  // no bootstrap asked
  }
}

BOOST_AUTO_TEST_CASE(failed_runs_drop_their_base_sample) {
  const std::size_t n = 100;
  Eigen::VectorXd y = outputs(saltelli_design(n, 3, 3), linear);
  y[7] = detail::nan_value;          // A, sample 7
  y[2 * n + 9] = detail::nan_value;  // A_B^(1), sample 9
  const SobolIndices s = sobol_indices(y, n, 3);
  BOOST_TEST(s.rows_used == n - 2);
  BOOST_TEST(std::isfinite(s.first[0]));
  BOOST_CHECK_THROW(sobol_indices(y.head(10), n, 3), validation_error);
  BOOST_CHECK_THROW(sobol_indices(Eigen::VectorXd::Ones(5 * n), n, 3), validation_error);  // no variance
  BOOST_CHECK_THROW(sobol_indices(y, n, 3, 10, 1.5), validation_error);
}

BOOST_AUTO_TEST_CASE(asem_example_sensitivity) {
  const std::string asem = std::string(COUNTYLEAP_TEST_DATA_DIR) + "/asem/";
  const io::CoinrTables t = io::read_coinr(asem + "ASEM_iData.csv", asem + "ASEM_iMeta.csv");
  UncertaintySpec spec = io::read_uncertainty_spec(std::string(COUNTYLEAP_SOURCE_DIR) + "/bench/asem_uncertainty.json");
  spec.tiers = TierScheme{TierRule::quota, {TierBand{"top", 10}, TierBand{"rest"}}};
  SensitivityOptions o;
  o.samples = 64;
  o.bootstrap = 50;
  o.threads = 2;
  const SensitivityResult r = sensitivity(t.panel, t.framework, spec, &t.regions, o);
  BOOST_TEST(r.factors.size() == 4u);
  BOOST_TEST(r.outputs.size() == 64 * 6);
  BOOST_TEST(r.log.size() == 64u * 6);
  BOOST_TEST(r.nominal == 0.0);  // the nominal ranks do not move from themselves
  if (r.failures.empty()) BOOST_TEST(r.indices.rows_used == 64u);
  for (std::size_t i = 0; i < 4; ++i) {
    BOOST_TEST(std::isfinite(r.indices.first[i]));
    BOOST_TEST(r.indices.total[i] >= 0.0);
    BOOST_TEST(r.indices.total_lo[i] <= r.indices.total_hi[i]);
  }
  // With N = 1,000 (6,000 runs) the total indices are winmax 0.055, normalisation 0.28,
  // weights 0.18 and aggregation 0.76: the choice of mean moves the ranks most, the winsorisation
  // limit least. N = 64 keeps that order for the extremes.
  for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(r.indices.total[3] > r.indices.total[i]);
  BOOST_TEST(r.indices.total[0] < r.indices.total[1]);
  BOOST_TEST(r.indices.total[0] < r.indices.total[2]);
  // Same seed, one thread: the same outputs.
  SensitivityOptions one = o;
  one.threads = 1;
  const SensitivityResult again = sensitivity(t.panel, t.framework, spec, &t.regions, one);
  BOOST_TEST((again.outputs.array() == r.outputs.array()).all());
  // A region's rank and the number of top-tier regions (a quota: always 10 unless tied).
  SensitivityOptions rank = o;
  rank.target = SensitivityTarget::rank;
  rank.region = "LUX";
  const SensitivityResult lux = sensitivity(t.panel, t.framework, spec, &t.regions, rank);
  BOOST_TEST(lux.nominal == 8.0);
  BOOST_TEST(lux.outputs.maxCoeff() >= lux.outputs.minCoeff());
  SensitivityOptions top = o;
  top.target = SensitivityTarget::top_tier_count;
  BOOST_CHECK_THROW(sensitivity(t.panel, t.framework, spec, &t.regions, top), validation_error);  // 10 always: no variance
  rank.region = "NO_SUCH_UNIT";  // not an ASEM unit code
  BOOST_CHECK_THROW(sensitivity(t.panel, t.framework, spec, &t.regions, rank), unknown_id_error);
}

BOOST_AUTO_TEST_SUITE_END()
