// countyleap/audit.hpp -> AuditReport (DataFrame views attached by countyleap._results), audit,
// column_stats and cronbach_alpha.

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

py::dict stats_columns(const std::vector<ColumnStats>& stats) {
  py::list id;
  std::vector<Eigen::Index> n_present;
  std::vector<double> missing, mean, sd, min, max, skew, kurt;
  for (const auto& s : stats) {
    id.append(s.id);
    n_present.push_back(s.n_present);
    missing.push_back(s.missing_share);
    mean.push_back(s.mean);
    sd.push_back(s.sd);
    min.push_back(s.min);
    max.push_back(s.max);
    skew.push_back(s.skew);
    kurt.push_back(s.kurtosis);
  }
  return py::dict("id"_a = id, "n_present"_a = index_array(n_present), "missing_share"_a = doubles(missing),
                  "mean"_a = doubles(mean), "sd"_a = doubles(sd), "min"_a = doubles(min), "max"_a = doubles(max),
                  "skew"_a = doubles(skew), "kurtosis"_a = doubles(kurt));
}

}  // namespace

void bind_audit(py::module_& m) {
  py::class_<AuditReport>(
      m, "AuditReport",
      "The statistical audit of a framework's scores (COINr 1.1.14's get_stats, get_corr, get_corr_flags, "
      "get_cronbach, get_PCA). DataFrame views: `stats` (per node: n_present, missing_share, mean, sd, min, max, "
      "skew, kurtosis; sample-adjusted skewness and excess kurtosis), `pearson` and `spearman` (all nodes, over "
      "pairwise complete observations, labelled by node id), `collinear` (pairs of components of one node with "
      "|r| above the threshold), `negative` (nodes correlating negatively with their parent), `nodes` (per "
      "aggregate: Cronbach's alpha, complete rows, share of variance of the first principal component) and "
      "pca(node) (eigenvalues and variance shares).")
      .def_readonly("ids", &AuditReport::ids, "Node ids, canonical order.")
      .def("_stats_columns", [](const AuditReport& a) { return stats_columns(a.stats); })
      .def_readonly("_pearson", &AuditReport::pearson)
      .def_readonly("_spearman", &AuditReport::spearman)
      .def("_collinear_columns",
           [](const AuditReport& a) {
             py::list node, first, second;
             std::vector<double> r;
             for (const auto& c : a.collinear) {
               node.append(c.node);
               first.append(c.a);
               second.append(c.b);
               r.push_back(c.r);
             }
             return py::dict("node"_a = node, "a"_a = first, "b"_a = second, "r"_a = doubles(r));
           })
      .def("_negative_columns",
           [](const AuditReport& a) {
             py::list node, parent;
             std::vector<double> r;
             for (const auto& n : a.negative) {
               node.append(n.node);
               parent.append(n.parent);
               r.push_back(n.r);
             }
             return py::dict("node"_a = node, "parent"_a = parent, "r"_a = doubles(r));
           })
      .def("_node_columns",
           [](const AuditReport& a) {
             py::list id, note;
             std::vector<Eigen::Index> k, complete;
             std::vector<double> alpha, first;
             for (const auto& n : a.nodes) {
               id.append(n.id);
               note.append(n.note);
               k.push_back(n.n_components);
               complete.push_back(n.complete_rows);
               alpha.push_back(n.cronbach_alpha);
               first.push_back(n.variance_share.size() ? n.variance_share[0] : std::numeric_limits<double>::quiet_NaN());
             }
             return py::dict("id"_a = id, "n_components"_a = index_array(k), "complete_rows"_a = index_array(complete),
                             "cronbach_alpha"_a = doubles(alpha), "pc1_share"_a = doubles(first), "note"_a = note);
           })
      .def("_pca",
           [](const AuditReport& a, const std::string& node) {
             for (const auto& n : a.nodes)
               if (n.id == node) return py::make_tuple(n.eigenvalues, n.variance_share, n.note);
             throw unknown_id_error("not an aggregate node of the audit", Location{"", 0, 0, "", node});
           },
           "node"_a)
      .def("__repr__", [](const AuditReport& a) {
        return "<AuditReport: " + std::to_string(a.ids.size()) + " nodes, " + std::to_string(a.collinear.size()) +
               " collinear pairs, " + std::to_string(a.negative.size()) + " negative correlations with the parent>";
      });

  m.def(
      "audit",
      [](const Framework& framework, const Eigen::MatrixXd& scores, double collinearity_threshold,
         CorrelationMethod flag_method) {
        return audit(framework, scores, AuditOptions{collinearity_threshold, flag_method});
      },
      "framework"_a, "scores"_a, py::kw_only(), "collinearity_threshold"_a = 0.9,
      "flag_method"_a = CorrelationMethod::pearson,
      "Audits `scores` (regions x every node of `framework`, canonical order: Scores.values, or Scores.audit()):\n\n"
      "- per node: count, missing share, mean, sample sd, min, max, sample-adjusted skewness and kurtosis;\n"
      "- Pearson and Spearman correlation matrices between all nodes over pairwise complete observations (R's "
      "use = 'pairwise.complete.obs', as COINr);\n"
      "- collinear: each pair of children of an aggregate with |r| > collinearity_threshold (r by flag_method);\n"
      "- negative: each non-root node whose correlation with its parent is < 0;\n"
      "- per aggregate: Cronbach's alpha of its children, alpha = k/(k - 1)(1 - sum s_i^2 / s_T^2) over the "
      "complete rows (Cronbach 1951), and the principal components of their correlation matrix.\n\n"
      "Returns an AuditReport. Raises ValidationError when scores does not have one column per node.");
  m.def(
      "column_stats",
      [](const Eigen::VectorXd& x) {
        const ColumnStats s = column_stats(x);
        return py::dict("n_present"_a = s.n_present, "missing_share"_a = s.missing_share, "mean"_a = s.mean,
                        "sd"_a = s.sd, "min"_a = s.min, "max"_a = s.max, "skew"_a = s.skew, "kurtosis"_a = s.kurtosis);
      },
      "x"_a,
      "Descriptive statistics of one column (NaN = missing) as a dict: n_present, missing_share, mean, sd (n - 1), "
      "min, max, skew (sample-adjusted G1, COINr skew()) and kurtosis (excess G2, COINr kurt()); NaN when "
      "undefined.");
  m.def("cronbach_alpha", [](const Eigen::MatrixXd& x) { return cronbach_alpha(x); }, "x"_a,
        "Cronbach's alpha of the columns of x over its complete rows (Cronbach, Psychometrika 16 (1951) 297-334): "
        "alpha = k/(k - 1)(1 - sum s_i^2 / s_T^2), s_i^2 the sample variance of column i and s_T^2 that of the "
        "row sums. NaN when k < 2, fewer than two rows are complete or s_T^2 = 0.");
}

}  // namespace countyleap::python
