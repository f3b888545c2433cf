// countyleap/scores.hpp -> Scores (a ScoresResult: the scores with the labels they need), with
// numpy views of the scores and ranks and the step log as columns; the DataFrame views
// (to_frame, composite, log, weights) are attached by countyleap._results.

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

/// A read-only numpy view of a regions x nodes matrix of `self` (kept alive by the view).
py::array matrix_view(py::object self, const Eigen::MatrixXd& m) {
  constexpr auto s = static_cast<py::ssize_t>(sizeof(double));
  py::array view(py::dtype::of<double>(), {static_cast<py::ssize_t>(m.rows()), static_cast<py::ssize_t>(m.cols())},
                 {s, s * static_cast<py::ssize_t>(m.rows())}, m.data(), self);
  view.attr("setflags")("write"_a = false);
  return view;
}

/// The log of a run as columns: dict of name -> dict of column -> list/array.
py::dict log_columns(const ScoresResult& r) {
  const Scores& s = r.scores;
  const PipelineLog& log = s.log;
  const std::vector<std::string>& axis = *r.panel_regions;
  const auto leaf = [&s](Eigen::Index j) { return s.nodes[static_cast<std::size_t>(j)]; };
  const auto panel_code = [&axis](Eigen::Index row) { return axis[static_cast<std::size_t>(row)]; };

  py::list d_code, d_indicator, d_year, d_reason, d_detail;
  for (const auto& i : log.derivation) {
    d_code.append(panel_code(i.region));
    d_indicator.append(i.indicator);
    d_year.append(i.year);
    d_reason.append(EnumText<MissingReason>::name(i.reason));
    d_detail.append(i.detail);
  }
  py::list n_code, n_indicator, n_reason;
  for (const auto* cells : {&log.denominator_missing, &log.denominator_zero})
    for (const Cell& c : *cells) {
      n_code.append(panel_code(c.row));
      n_indicator.append(leaf(c.col));
      n_reason.append(cells == &log.denominator_missing ? "missing" : "zero");
    }
  py::list i_code, i_indicator;
  for (const Cell& c : log.imputed) {
    i_code.append(panel_code(c.row));
    i_indicator.append(leaf(c.col));
  }
  py::list t_indicator, t_method, t_high, t_low;
  std::vector<Eigen::Index> t_present, t_nwin;
  std::vector<bool> t_passed_initially, t_passed, t_log, t_sqrt;
  std::vector<double> t_skew_before, t_kurt_before, t_skew_after, t_kurt_after;
  for (std::size_t j = 0; j < log.treatment.size(); ++j) {
    const TreatRecord& t = log.treatment[j];
    const auto codes = [&s](const std::vector<Eigen::Index>& rows) {
      py::list out;
      for (auto row : rows) out.append(s.regions[static_cast<std::size_t>(row)]);
      return out;
    };
    t_indicator.append(s.nodes[j]);
    t_method.append(to_string(t.method));
    t_high.append(codes(t.high_rows));
    t_low.append(codes(t.low_rows));
    t_present.push_back(t.n_present);
    t_nwin.push_back(t.n_winsorised());
    t_passed_initially.push_back(t.passed_initially);
    t_passed.push_back(t.passed);
    t_log.push_back(t.log_applied);
    t_sqrt.push_back(t.sqrt_applied);
    t_skew_before.push_back(t.skew_before);
    t_kurt_before.push_back(t.kurt_before);
    t_skew_after.push_back(t.skew_after);
    t_kurt_after.push_back(t.kurt_after);
  }
  return py::dict(
      "derivation"_a = py::dict("code"_a = d_code, "indicator"_a = d_indicator, "year"_a = d_year, "reason"_a = d_reason,
                                "detail"_a = d_detail),
      "denominator"_a = py::dict("code"_a = n_code, "indicator"_a = n_indicator, "reason"_a = n_reason),
      "imputed"_a = py::dict("code"_a = i_code, "indicator"_a = i_indicator),
      "still_missing"_a = log.still_missing, "partial"_a = log.partial,
      "dropped"_a = py::dict("code"_a = log.dropped, "data_share"_a = doubles(log.dropped_data_share)),
      "treatment"_a = py::dict("indicator"_a = t_indicator, "method"_a = t_method, "n_present"_a = index_array(t_present),
                               "passed_initially"_a = t_passed_initially, "passed"_a = t_passed,
                               "n_winsorised"_a = index_array(t_nwin), "winsorised_high"_a = t_high,
                               "winsorised_low"_a = t_low, "log_applied"_a = t_log, "sqrt_applied"_a = t_sqrt,
                               "skew_before"_a = doubles(t_skew_before), "kurt_before"_a = doubles(t_kurt_before),
                               "skew_after"_a = doubles(t_skew_after), "kurt_after"_a = doubles(t_kurt_after)));
}

}  // namespace

void bind_scores(py::module_& m) {
  py::class_<ScoresResult>(
      m, "Scores",
      "Scores of every node for every region kept by a pipeline run (evaluate, evaluate_years).\n\n"
      "`values` and `ranks` are regions x nodes (numpy, read-only views) in the framework's canonical node order: "
      "the leaves (indicator values as they stand after the last step, i.e. normalised) first, then every "
      "aggregate bottom-up, the root last. Rank 1 is the best (highest) score; tied regions share the best rank "
      "(COINr); missing scores have a NaN rank. The result carries the spec that made it (`spec`, canonical "
      "JSON) and the library `version`: the same spec on the same data gives the same bits.\n\n"
      "DataFrame views: to_frame(ranks=False), composite(), weights, log; _repr_html_ shows the top of the "
      "ranking (with names when regions were passed).")
      .def_property_readonly("regions", [](const ScoresResult& r) { return r.scores.regions; },
                             "Codes of the regions kept, in panel order.")
      .def_property_readonly("nodes", [](const ScoresResult& r) { return r.scores.nodes; }, "Node ids, canonical order.")
      .def_property_readonly("n_leaves", [](const ScoresResult& r) { return r.scores.n_leaves; },
                             "The first n_leaves nodes are indicators.")
      .def_property_readonly("year", [](const ScoresResult& r) { return r.scores.year; }, "The data year evaluated.")
      .def_property_readonly("version", [](const ScoresResult& r) { return r.scores.version; },
                             "The countyleap version that made the scores.")
      .def_property_readonly(
          "values", [](py::object self) { return matrix_view(self, self.cast<const ScoresResult&>().scores.values); },
          "regions x nodes scores (read-only view; NaN = missing).")
      .def_property_readonly(
          "ranks", [](py::object self) { return matrix_view(self, self.cast<const ScoresResult&>().scores.ranks); },
          "regions x nodes ranks (read-only view; 1 = best, ties share the best rank, NaN where the score is "
          "missing).")
      .def_property_readonly("present", [](const ScoresResult& r) { return r.scores.present; },
                             "regions x nodes coverage: how many of each node's indicators had a value when the "
                             "aggregation ran (a leaf's is 0 or 1); int array.")
      .def_property_readonly("expected", [](const ScoresResult& r) { return r.scores.expected; },
                             "Per node: the number of indicators under it (a leaf's is 1); int array.")
      .def_property_readonly("_weights", [](const ScoresResult& r) { return r.scores.weights; })
      .def_property_readonly("spec", [](const ScoresResult& r) { return io::format_pipeline_spec(r.scores.spec); },
                             "The spec that made the scores, defaults filled in, as canonical JSON text.")
      .def_property_readonly("pipeline_spec", [](const ScoresResult& r) { return r.scores.spec; },
                             "The spec that made the scores (a PipelineSpec copy).")
      .def_property_readonly("framework", [](const ScoresResult& r) { return *r.framework; },
                             "The framework evaluated (a copy).")
      .def_property_readonly(
          "region_set", [](const ScoresResult& r) { return r.regions ? std::optional<RegionSet>(*r.regions) : std::nullopt; },
          "The regions passed to evaluate (a copy), or None.")
      .def_property_readonly("panel_regions", [](const ScoresResult& r) { return *r.panel_regions; },
                             "The panel's region axis (before screening).")
      .def("value", [](const ScoresResult& r, std::string_view code, std::string_view node) { return r.scores.value(code, node); },
           "code"_a, "node"_a, "Score of a region at a node (NaN when missing). Raises UnknownIdError.")
      .def("region_row", [](const ScoresResult& r, std::string_view code) { return r.scores.region_row(code); }, "code"_a,
           "Row of a region code. Raises UnknownIdError.")
      .def("node_column", [](const ScoresResult& r, std::string_view id) { return r.scores.node_column(id); }, "id"_a,
           "Column of a node id. Raises UnknownIdError.")
      .def("_log_columns", &log_columns)
      .def(
          "audit",
          [](const ScoresResult& r, double collinearity_threshold, CorrelationMethod flag_method) {
            return audit(*r.framework, r.scores.values, AuditOptions{collinearity_threshold, flag_method});
          },
          py::kw_only(), "collinearity_threshold"_a = 0.9, "flag_method"_a = CorrelationMethod::pearson,
          "The statistical audit of these scores (see countyleap.audit).")
      .def("__repr__", [](const ScoresResult& r) {
        const Scores& s = r.scores;
        return "<Scores " + std::to_string(s.year) + ": " + std::to_string(s.regions.size()) + " regions x " +
               std::to_string(s.nodes.size()) + " nodes (" + std::to_string(s.n_leaves) + " indicators), countyleap " +
               s.version + ">";
      });
}

}  // namespace countyleap::python
