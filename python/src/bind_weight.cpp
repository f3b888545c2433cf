// countyleap/weight.hpp -> the weight methods (given, equal, AHP, entropy, CRITIC, CV, PCA),
// AhpResult, WeightOptions and node_weights.

#include "bindings.hpp"

namespace countyleap::python {

void bind_weight(py::module_& m) {
  using namespace pybind11::literals;
  m.def("normalise_weights", [](const Eigen::VectorXd& w) { return normalise_weights(w); }, "w"_a,
        "Relative weights scaled to sum 1: w / sum(w) ('given'). Raises ValidationError for an empty vector, a "
        "negative or non-finite weight, or weights that are all zero.");
  m.def("equal_weights", &equal_weights, "k"_a, "Equal weights 1/k for k components.");
  m.def(
      "given_weights", [](const Framework& fw, std::size_t node) { return given_weights(fw, node); }, "framework"_a,
      "node"_a,
      "The framework's weights of the children of aggregate node `node` (canonical index), normalised to sum 1, "
      "in the order of Framework.children(node).");
  m.def("saaty_random_index", &saaty_random_index, "n"_a,
        "Saaty's random consistency index RI for an n x n pairwise matrix, n = 1..15 (Saaty, The Analytic "
        "Hierarchy Process, 1980): 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, "
        "1.59.");

  py::class_<AhpResult>(m, "AhpResult",
                        "Result of ahp_weights(): `weights` (principal right eigenvector scaled to sum 1), "
                        "`lambda_max`, `ci` = (lambda_max - n)/(n - 1) and `cr` = CI/RI (0 for n <= 2).")
      .def_readonly("weights", &AhpResult::weights, "Principal eigenvector, sum 1.")
      .def_readonly("lambda_max", &AhpResult::lambda_max, "Principal (Perron) eigenvalue.")
      .def_readonly("ci", &AhpResult::ci, "Consistency index (lambda_max - n)/(n - 1).")
      .def_readonly("cr", &AhpResult::cr, "Consistency ratio CI/RI.")
      .def("__repr__", [](const AhpResult& r) {
        return "<AhpResult: lambda_max=" + number(r.lambda_max) + ", ci=" + number(r.ci) + ", cr=" + number(r.cr) + ">";
      });
  m.def(
      "ahp_weights",
      [](const Eigen::MatrixXd& matrix, bool allow_inconsistent, double max_cr, std::optional<double> random_index,
         double reciprocal_tolerance) {
        return ahp_weights(matrix, AhpOptions{allow_inconsistent, max_cr, or_nan(random_index), reciprocal_tolerance});
      },
      "matrix"_a, py::kw_only(), "allow_inconsistent"_a = false, "max_cr"_a = 0.1, "random_index"_a = py::none(),
      "reciprocal_tolerance"_a = 1e-3,
      "AHP weights from a pairwise comparison matrix A (a_ij = how many times component i matters more than j) by "
      "Saaty's eigenvector method (Saaty, J. Math. Psychology 15 (1977) 234-281): A w = lambda_max w with w the "
      "principal right eigenvector scaled so sum(w) = 1, CI = (lambda_max - n)/(n - 1), CR = CI/RI with RI from "
      "saaty_random_index (or `random_index`).\n\n"
      "Raises ValidationError when A is not square, has a non-positive or non-finite entry, a diagonal entry other "
      "than 1 or a pair with a_ij*a_ji != 1 (within reciprocal_tolerance); when n > 15 without random_index; and "
      "when CR >= max_cr unless allow_inconsistent, naming the CR.");
  m.def("entropy_weights", [](const Eigen::MatrixXd& x) { return entropy_weights(x); }, "x"_a,
        "Entropy weight method (Zeleny 1982; Hwang & Yoon 1981): for column j with n_j present values, "
        "p_ij = x_ij / sum_i x_ij, e_j = -(1/ln n_j) sum_i p_ij ln p_ij (0 ln 0 = 0), d_j = 1 - e_j, "
        "w_j = d_j / sum_k d_k. Missing values are skipped. Raises ValidationError for a negative value, a column "
        "with fewer than two values or summing to zero, and when every column is constant.");
  m.def(
      "critic_weights", [](const Eigen::MatrixXd& x, bool minmax) { return critic_weights(x, CriticOptions{minmax}); },
      "x"_a, py::kw_only(), "minmax"_a = true,
      "CRITIC weights (Diakoulaki, Mavrotas & Papayannakis, Computers & Operations Research 22(7) (1995) "
      "763-770): C_j = sigma_j sum_k (1 - r_jk), w_j = C_j / sum_k C_k, with sigma_j the sample sd of column j "
      "after min-max to [0, 1] (minmax=True, as Diakoulaki et al.) and r the Pearson correlation matrix over "
      "pairwise complete observations.");
  m.def("cv_weights", [](const Eigen::MatrixXd& x) { return cv_weights(x); }, "x"_a,
        "Coefficient-of-variation weights (变异系数法): w_j = (s_j / mean_j) / sum_k (s_k / mean_k), s the sample "
        "sd. Raises ValidationError for a column whose mean is <= 0 or that has fewer than two values.");
  m.def("pca_weights", [](const Eigen::MatrixXd& x) { return pca_weights(x); }, "x"_a,
        "PCA weights: the squared loadings of the first principal component of the correlation matrix of the "
        "complete rows, w_j = a_j1^2 (OECD/JRC Handbook on Constructing Composite Indicators 2008, 6.1), so "
        "sum(w) = 1 and no weight is negative.");

  py::class_<WeightOptions>(
      m, "WeightOptions",
      "How the weights of a node's components are obtained (the spec's \"weights\" step).\n\n"
      "method : str\n    'given' (the framework's weights, normalised), 'equal', 'ahp', 'entropy', 'critic', 'cv' "
      "or 'pca'.\n"
      "matrix : array_like, optional\n    ahp: the k x k pairwise comparison matrix.\n"
      "allow_inconsistent, max_cr, random_index, reciprocal_tolerance\n    ahp: see ahp_weights.\n"
      "minmax : bool\n    critic: min-max the columns before their sd (default True).")
      .def(py::init([](WeightMethod method, std::optional<Eigen::MatrixXd> matrix, bool allow_inconsistent, double max_cr,
                       std::optional<double> random_index, double reciprocal_tolerance, bool minmax) {
             WeightOptions o;
             o.method = method;
             if (matrix) o.pairwise = *matrix;
             o.ahp = AhpOptions{allow_inconsistent, max_cr, or_nan(random_index), reciprocal_tolerance};
             o.critic.minmax = minmax;
             return o;
           }),
           "method"_a = WeightMethod::given, py::kw_only(), "matrix"_a = py::none(), "allow_inconsistent"_a = false,
           "max_cr"_a = 0.1, "random_index"_a = py::none(), "reciprocal_tolerance"_a = 1e-3, "minmax"_a = true)
      .def_readwrite("method", &WeightOptions::method, "The method's name.")
      .def_readwrite("matrix", &WeightOptions::pairwise, "ahp: the pairwise comparison matrix.")
      .def("__repr__", [](const WeightOptions& o) {
        return "WeightOptions(" + quoted(to_string(o.method)) +
               (o.method == WeightMethod::ahp ? ", matrix=<" + std::to_string(o.pairwise.rows()) + " x " +
                                                    std::to_string(o.pairwise.cols()) + ">"
                                              : std::string()) +
               ")";
      });
  m.def(
      "node_weights",
      [](const Eigen::MatrixXd& components, py::object method, std::optional<Eigen::VectorXd> given,
         const py::kwargs& kwargs) {
        return node_weights(options_from<WeightOptions>(method, kwargs), components,
                            given.value_or(Eigen::VectorXd()));
      },
      "components"_a, "method"_a = "given", py::kw_only(), "given"_a = py::none(),
      "Weights of one node's k components, summing to 1: 'given' normalises `given` (the framework weights of the "
      "children); 'equal' is 1/k; 'ahp' the AHP eigenvector of `matrix`; the data-driven methods (entropy, "
      "critic, cv, pca) read `components` (regions x k, after normalisation). **options: those of WeightOptions.");
}

}  // namespace countyleap::python
