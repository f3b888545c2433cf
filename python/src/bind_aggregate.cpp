// countyleap/aggregate.hpp -> AggregateOptions and aggregate (one node's components into one
// score per region).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

constexpr const char* aggregate_rules =
    "Each method works over the components present in the region (missing components are skipped and the "
    "remaining weights rescaled, as in COINr); a region with fewer than min_data*k components present, or none, "
    "gets NaN (COINr's dat_thresh).\n\n"
    "- 'arithmetic': y = sum(w x) / sum(w) (COINr a_amean).\n"
    "- 'geometric': y = exp(sum(w ln(x + shift)) / sum(w)) (COINr a_gmean); x + shift <= 0 is an error.\n"
    "- 'harmonic': y = sum(w) / sum(w / (x + shift)) (COINr a_hmean); x + shift <= 0 is an error.\n"
    "- 'generalised': y = (sum(w (x + shift)^p) / sum(w))^(1/p), the weighted power mean (p = 1 arithmetic, 0 "
    "geometric, -1 harmonic).\n"
    "- 'topsis' (Hwang & Yoon 1981): r_ij = x_ij / sqrt(sum_i x_ij^2), v_ij = w_j r_ij, ideal best A+_j = "
    "max_i v_ij and worst A-_j = min_i v_ij, D+_i = sqrt(sum_j (v_ij - A+_j)^2), D-_i likewise, C_i = D-/(D+ + D-) "
    "in [0, 1].\n"
    "- 'grey_relational' (Deng 1982): reference x0_j = max_i x_ij, D_ij = |x0_j - x_ij|, xi_ij = (Dmin + "
    "rho Dmax)/(D_ij + rho Dmax), grade y_i = sum(w xi) / sum(w).\n"
    "- 'copeland' (Munda & Nardo 2009): a beats b when the weight of the components with x_a > x_b exceeds that "
    "of those with x_b > x_a; the score is wins - losses.\n\n"
    "TOPSIS, grey relational and Copeland scores are relative to the regions passed together.\n\n";

}  // namespace

void bind_aggregate(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<AggregateOptions>(m, "AggregateOptions",
                               (std::string("How a node's score is formed from its components (the spec's "
                                            "\"aggregate\" step).\n\n") +
                                aggregate_rules +
                                "Parameters\n----------\n"
                                "method : str\n    One of the methods above.\n"
                                "min_data : float in [0, 1]\n    Minimum share of components present (0 = any one).\n"
                                "shift : float\n    geometric, harmonic, generalised: added to every component.\n"
                                "p : float\n    generalised: the power.\n"
                                "rho : float in (0, 1]\n    grey_relational: the distinguishing coefficient (0.5).")
                                   .c_str())
      .def(py::init([](AggregationMethod method, double min_data, double shift, double p, double rho) {
             return AggregateOptions{method, min_data, shift, p, rho};
           }),
           "method"_a = AggregationMethod::arithmetic, py::kw_only(), "min_data"_a = 0.0, "shift"_a = 0.0, "p"_a = 1.0,
           "rho"_a = 0.5)
      .def_readwrite("method", &AggregateOptions::method, "The method's name.")
      .def_readwrite("min_data", &AggregateOptions::min_data, "Minimum share of components present.")
      .def_readwrite("shift", &AggregateOptions::shift, "Added to every component (geometric, harmonic, generalised).")
      .def_readwrite("p", &AggregateOptions::p, "generalised: the power.")
      .def_readwrite("rho", &AggregateOptions::rho, "grey_relational: the distinguishing coefficient.")
      .def("__repr__", [](const AggregateOptions& o) {
        return "AggregateOptions(" + quoted(to_string(o.method)) + ", min_data=" + number(o.min_data) +
               ", shift=" + number(o.shift) + ", p=" + number(o.p) + ", rho=" + number(o.rho) + ")";
      });
  m.def(
      "aggregate",
      [](const Eigen::MatrixXd& x, std::optional<Eigen::VectorXd> weights, py::object method, const py::kwargs& kwargs) {
        const Eigen::VectorXd w = weights ? *weights : Eigen::VectorXd::Ones(x.cols());
        return aggregate(x, w, options_from<AggregateOptions>(method, kwargs));
      },
      "x"_a, "weights"_a = py::none(), "method"_a = "arithmetic",
      (std::string("Aggregates the components of one node, x (regions x k, NaN = missing), with relative weights "
                   "(k entries, finite, >= 0; None = equal) into one score per region.\n\n") +
       aggregate_rules +
       "**options: those of AggregateOptions (min_data, shift, p, rho).\n\n"
       "Returns a new array. Raises ValidationError for no component, mismatched sizes, a negative or non-finite "
       "weight, all weights zero, an option out of range, or a value outside the domain of the mean (naming the "
       "region index, component and value).")
          .c_str());
}

}  // namespace countyleap::python
