// countyleap/uncertainty.hpp -> UncertaintySpec (read and written by io/uncertainty_spec.hpp, the
// one spec parser), uncertainty() and UncertaintyResult with its per-region statistics, parameter
// log and failures as numpy columns; the DataFrame views (summary, parameters, failures, scores,
// ranks) and the notebook display are attached by countyleap._uncertainty.

#include <map>

#include "bindings.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "countyleap/uncertainty.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

/// What Python sees of one analysis: the result, the canonical spec that made it and the year.
struct UncertaintyRun {
  UncertaintyResult result;  ///< statistics, log, failures
  std::string spec;          ///< io::format_uncertainty_spec of the spec run
  int year = 0;              ///< the data year evaluated
  std::map<std::string, std::string> goals;  ///< goal tier label per region code
};

UncertaintySpec uncertainty_spec_from(py::handle spec) {
  if (py::isinstance<UncertaintySpec>(spec)) return spec.cast<UncertaintySpec>();
  return from_json_source<UncertaintySpec>(spec, &io::parse_uncertainty_spec, &io::read_uncertainty_spec,
                                           "an uncertainty spec is an UncertaintySpec, a dict, JSON text or the path "
                                           "of a JSON file");
}

/// Goal tier label per region code from None, a dict or anything dict() takes (a pandas Series
/// indexed by code).
std::map<std::string, std::string> goals_from(py::handle goals) {
  std::map<std::string, std::string> out;
  if (goals.is_none()) return out;
  for (auto item : py::dict(py::reinterpret_borrow<py::object>(goals)))
    out[py::str(item.first).cast<std::string>()] = py::str(item.second).cast<std::string>();
  return out;
}

/// A matrix of a result, or None when it was not kept.
py::object kept(const Eigen::MatrixXd& m) {
  return m.size() == 0 ? py::object(py::none()) : py::object(py::cast(m));
}

std::string vary_path_list() {
  std::string list;
  for (const VaryPath& p : vary_paths()) (list += list.empty() ? "" : ", ") += p.path;
  return list;
}

std::string spec_doc() {
  return "An uncertainty analysis: the nominal pipeline, its uncertain inputs and the sampling "
         "(countyleap/io/uncertainty_spec.hpp). COINr's uncertainty example, in our words:\n\n"
         "    {\"pipeline\": {\"denominate\": true,\n"
         "                  \"impute\": {\"method\": \"group_mean\", \"group\": \"EurAsia_group\"},\n"
         "                  \"screen\": {\"min_data\": 0.9},\n"
         "                  \"treat\": {\"method\": \"coinr\", \"winmax\": 5},\n"
         "                  \"normalise\": {\"method\": \"minmax\", \"range\": [0, 100]},\n"
         "                  \"aggregate\": {\"method\": \"arithmetic\"}},\n"
         "     \"vary\": [{\"path\": \"treat.winmax\", \"values\": [1, 2, 3, 4, 5]},\n"
         "              {\"path\": \"normalise\", \"values\": [{\"method\": \"minmax\", \"range\": [1, 100]},\n"
         "                                                {\"method\": \"zscore\", \"mean\": 10, \"sd\": 2}]},\n"
         "              {\"path\": \"weights\", \"noise\": 0.25, \"levels\": [2, 3], \"sets\": 100},\n"
         "              {\"path\": \"aggregate.method\", \"values\": [\"arithmetic\", \"geometric\"]}],\n"
         "     \"replications\": 1000, \"seed\": 1}\n\n"
         "Keys: `pipeline` (required; the pipeline spec, docs/pipeline-spec.md), `vary` (required; one entry per "
         "uncertain input, a factor), `replications` (N, default 1000), `seed` (a whole number in [0, 2^64 - 1], "
         "default 1) and `tiers` (optional; a tier scheme object as in docs/file-formats.md, without \"schema\"). "
         "Each vary entry has a `path` and exactly one of `values` (alternatives of the path's type, each equally "
         "likely: numbers, method names, step objects as in the pipeline spec, null to skip a step where allowed, "
         "tier schemes), `range` ([lo, hi], uniform; aggregate.p, shift, min_data and rho only) or `noise` (path "
         "'weights': each weight at the framework `levels` is multiplied by 1 + U(-f, f), COINr's "
         "get_noisy_weights; `sets` weight sets, default 100, are drawn in advance and a replication picks one). "
         "Paths: " +
         vary_path_list() +
         ". An option path changes that option of the default step only; per-node overrides hold.\n\n"
         "Parameters\n----------\n"
         "spec : dict, str, os.PathLike or UncertaintySpec\n    A dict (as the JSON object), JSON text (a str "
         "starting with '{'), the path of a JSON file, or an UncertaintySpec (copied). Everything is read by the "
         "library's one parser (countyleap::io::parse_uncertainty_spec).\n\n"
         "Raises\n------\n"
         "ParseError\n    Malformed JSON (line and column); an unknown key or path, a missing or mistyped value "
         "(its JSON pointer).\n"
         "ValidationError\n    An unknown method name, a value out of range, a path varied twice (its JSON "
         "pointer).\n"
         "FileError\n    The file cannot be read.";
}

constexpr const char* uncertainty_doc =
    "Monte Carlo uncertainty analysis of the composite: the pipeline run N times with its uncertain choices "
    "sampled, and per region the nominal score and rank, rank and score quantiles and, with a tier scheme, "
    "the probability of each tier and of meeting a goal tier.\n\n"
    "The method (COINr 1.1.14's get_sensitivity(SA_type = \"UA\"); Saisana, Saltelli & Tarantola, J. R. "
    "Statist. Soc. A 168 (2005) 307-323):\n\n"
    "- Replication r draws one uniform u in [0, 1) per vary entry, in spec order, from SplitMix64 seeded with "
    "stream_seed(seed, inputs, r) = mix(mix(mix(seed) + 1) + r): its inputs depend on (seed, r) alone, so the "
    "result is the same, bit for bit, on any number of threads.\n"
    "- A `values` entry takes alternative floor(u * n) of its n; a `noise` entry weight set floor(u * sets); a "
    "`range` entry lo + u * (hi - lo). Each noisy weight set multiplies the weight of every node at the "
    "listed levels by 1 + f * (2v - 1), v uniform (COINr's get_noisy_weights: w + (2v - 1) f w).\n"
    "- The alternatives are applied to the nominal spec in vary order; the pipeline runs as evaluate() would "
    "(the data steps, treatment and normalisation are computed once per distinct choice and reused) and the "
    "target node's scores are ranked: 1 = highest, ties share the best rank, as COINr's rank_df.\n"
    "- A replication that fails (e.g. a geometric mean of a value <= 0: COINr's 'Regen failed') is listed in "
    "`failures` with its inputs and the error, never dropped silently; the statistics are over the others.\n"
    "- Per region, over the successful replications in which it was scored: mean rank; median and 5th / 95th "
    "percentile rank and score quantiles by R's quantile type 7 (COINr's RankStats); the share of "
    "replications in each tier of the scheme (`p_<tier>`) and, for a region with a goal, the share at the "
    "goal tier or a better one (`p_goal`).\n\n"
    "Parameters\n----------\n"
    "panel : Panel\n    Raw variables by (region, variable, year).\n"
    "framework : Framework\n    Indicators and the tree.\n"
    "spec : UncertaintySpec, dict, JSON text or path\n    See UncertaintySpec.\n"
    "regions : RegionSet, optional\n    Needed by group imputation.\n"
    "year : int, optional\n    The data year; None = the panel's last year.\n"
    "threads : int\n    Worker threads; 0 = the hardware's. The result does not depend on it.\n"
    "goals : mapping of code -> tier label, optional\n    A goal tier per region (a dict, or a Series indexed "
    "by code); needs a tier scheme (the spec's \"tiers\").\n"
    "keep_replications : bool\n    Keep every replication's scores and ranks (`scores`, `ranks`: regions x "
    "replications).\n"
    "node : str, optional\n    The target aggregate node; None = the root (the composite index).\n\n"
    "Returns\n-------\nUncertaintyResult\n    DataFrames `summary` (per region), `parameters` (per replication), "
    "`failures`; `n_ok`, `n_failed`, the canonical `spec` and the library `version`.\n\n"
    "Raises\n------\n"
    "ValidationError\n    An invalid spec (its JSON pointer), a nominal pipeline that fails, goals without a "
    "tier scheme, a target node that is an indicator.\n"
    "UnknownIdError\n    An unknown year, target node, goal region or goal tier.";

py::dict summary_columns(const UncertaintyRun& run) {
  const UncertaintyResult& r = run.result;
  py::dict out("code"_a = r.regions, "nominal_score"_a = r.nominal_score, "nominal_rank"_a = r.nominal_rank,
               "mean_rank"_a = r.mean_rank, "median_rank"_a = r.median_rank, "q5_rank"_a = r.q5_rank,
               "q95_rank"_a = r.q95_rank, "mean_score"_a = r.mean_score, "q5_score"_a = r.q5_score,
               "q50_score"_a = r.median_score, "q95_score"_a = r.q95_score, "n_scored"_a = r.n_scored);
  if (!r.tier_labels.empty()) {
    out["nominal_tier"] = r.nominal_tier;
    out["tier_probability"] = r.tier_probability;
    out["goal_probability"] = r.goal_probability;
  }
  return out;
}

}  // namespace

py::dict failure_columns(const std::vector<ReplicationFailure>& failures, const char* position) {
  std::vector<Eigen::Index> run;
  py::list inputs, message;
  for (const ReplicationFailure& f : failures) {
    run.push_back(static_cast<Eigen::Index>(f.run));
    inputs.append(f.inputs);
    message.append(f.message);
  }
  py::dict out;
  out[position] = index_array(run);
  out["inputs"] = inputs;
  out["message"] = message;
  return out;
}

void bind_uncertainty(py::module_& m) {
  static const std::string doc = spec_doc();
  py::class_<UncertaintySpec>(m, "UncertaintySpec", doc.c_str())
      .def(py::init([](py::object spec) { return uncertainty_spec_from(spec); }), "spec"_a)
      .def_static(
          "from_json", [](const Path& p) { return io::read_uncertainty_spec(p.value); }, "path"_a,
          "Reads a spec from a JSON file.")
      .def(
          "to_json",
          [](const UncertaintySpec& s, std::optional<Path> path) -> std::optional<std::string> {
            return text_or_file(io::format_uncertainty_spec(s), path);
          },
          "path"_a = py::none(),
          "The canonical JSON (io::format_uncertainty_spec): the pipeline as PipelineSpec.to_json writes it, every "
          "vary entry with its alternatives written out the same way, the replications, the seed and the tier "
          "scheme. Reading it back gives the same spec. With a path, writes it there.")
      .def(
          "to_dict",
          [](const UncertaintySpec& s) { return py::module_::import("json").attr("loads")(io::format_uncertainty_spec(s)); },
          "The canonical form as a dict.")
      .def_property(
          "pipeline", [](const UncertaintySpec& s) { return s.pipeline; },
          [](UncertaintySpec& s, const PipelineSpec& p) { s.pipeline = p; }, "The nominal pipeline (a PipelineSpec copy).")
      .def_property_readonly(
          "factors",
          [](const UncertaintySpec& s) {
            std::vector<std::string> out;
            for (const VaryEntry& e : s.vary) out.push_back(e.path);
            return out;
          },
          "The vary paths, in spec order: one factor each.")
      .def_property_readonly(
          "vary_kinds",
          [](const UncertaintySpec& s) {
            std::vector<std::string> out;
            for (const VaryEntry& e : s.vary) out.push_back(to_string(e.kind));
            return out;
          },
          "How each vary entry is sampled, in spec order: 'values' (one of the alternatives), 'range' (a number "
          "in [lo, hi]) or 'noise' (one of the weight sets).")
      .def_readwrite("replications", &UncertaintySpec::replications, "Monte Carlo replications N (>= 1).")
      .def_readwrite("seed", &UncertaintySpec::seed, "Seed of every random stream.")
      .def_property(
          "tiers", [](const UncertaintySpec& s) { return s.tiers; },
          [](UncertaintySpec& s, std::optional<TierScheme> t) { s.tiers = std::move(t); },
          "The nominal tier scheme of the composite score, or None (a copy; assign a whole scheme). Checked when "
          "the analysis runs.")
      .def("validate", py::overload_cast<const Framework&>(&UncertaintySpec::validate, py::const_), "framework"_a,
           "Checks the spec (see the class description) and, against the framework, the nominal pipeline and the "
           "noise levels. Raises ValidationError naming the JSON pointer.")
      .def(
          "__eq__",
          [](const UncertaintySpec& a, const UncertaintySpec& b) {
            return io::format_uncertainty_spec(a) == io::format_uncertainty_spec(b);
          },
          py::is_operator(), "Same canonical JSON.")
      .def("__repr__", [](const UncertaintySpec& s) {
        std::string paths;
        for (const VaryEntry& e : s.vary) (paths += paths.empty() ? "" : ", ") += quoted(e.path);
        return "<UncertaintySpec: vary [" + paths + "], " + std::to_string(s.replications) + " replications, seed " +
               std::to_string(s.seed) + (s.tiers ? ", tiers " + quoted(to_string(s.tiers->rule)) : "") + ">";
      });

  m.def("read_uncertainty_spec", [](const Path& p) { return io::read_uncertainty_spec(p.value); }, "path"_a,
        "Reads an uncertainty spec from a JSON file (see UncertaintySpec).");
  m.def("parse_uncertainty_spec", &io::parse_uncertainty_spec, "text"_a, "source_name"_a = "<uncertainty spec>",
        "Parses an uncertainty spec from JSON text; source_name stands for the file name in messages.");
  m.def("format_uncertainty_spec", &io::format_uncertainty_spec, "spec"_a,
        "The canonical JSON of an uncertainty spec (see UncertaintySpec.to_json).");

  py::class_<UncertaintyRun>(
      m, "UncertaintyResult",
      "Result of uncertainty(): per region the nominal score and rank, rank and score statistics over the "
      "successful replications and, with a tier scheme, the tier probabilities; the parameter log of every "
      "replication; the failed replications. The canonical `spec` and the library `version` say what made it.\n\n"
      "DataFrame views: summary, parameters, failures, scores and ranks (with keep_replications); "
      "_repr_html_ shows the summary.")
      .def_property_readonly("regions", [](const UncertaintyRun& r) { return r.result.regions; },
                             "Codes of the regions reported (rows of summary), panel order.")
      .def_property_readonly("node", [](const UncertaintyRun& r) { return r.result.node; }, "The target node.")
      .def_property_readonly("year", [](const UncertaintyRun& r) { return r.year; }, "The data year evaluated.")
      .def_property_readonly("factors", [](const UncertaintyRun& r) { return r.result.log.factors; },
                             "The vary paths, one per factor (columns of parameters).")
      .def_property_readonly("tier_labels", [](const UncertaintyRun& r) { return r.result.tier_labels; },
                             "Tiers of the scheme, best first (empty without one).")
      .def_property_readonly("goals", [](const UncertaintyRun& r) { return r.goals; },
                             "The goal tier label per region code given (a dict; empty without goals).")
      .def_property_readonly("replications", [](const UncertaintyRun& r) { return r.result.replications; },
                             "N, as asked.")
      .def_property_readonly("n_ok", [](const UncertaintyRun& r) { return r.result.succeeded; },
                             "Replications that ran; the statistics are over these.")
      .def_property_readonly("n_failed", [](const UncertaintyRun& r) { return r.result.failures.size(); },
                             "Replications that failed (see failures).")
      .def_property_readonly("leaf_matrices", [](const UncertaintyRun& r) { return r.result.leaf_matrices; },
                             "Distinct (data, treatment, normalisation) leaf matrices computed.")
      .def_property_readonly("spec", [](const UncertaintyRun& r) { return r.spec; },
                             "The spec that made the result, as canonical JSON text.")
      .def_property_readonly("warnings", [](const UncertaintyRun& r) { return r.result.warnings; },
                             "Statistics that mix score scales, each with its fix (e.g. normalisations of "
                             "different scales under fixed tier cut-offs); [] when every replication's scores are "
                             "on one scale. uncertainty() also issues each as a UserWarning.")
      .def_property_readonly("version", [](const UncertaintyRun&) { return std::string(version); },
                             "The countyleap version that made the result.")
      .def("_summary_columns", &summary_columns)
      .def("_log", [](const UncertaintyRun& r) {
        const ParameterLog& log = r.result.log;
        return py::make_tuple(log.factors, log.u, log.index, log.value);
      })
      .def("_failure_columns", [](const UncertaintyRun& r) { return failure_columns(r.result.failures, "replication"); })
      .def_property_readonly("_scores", [](const UncertaintyRun& r) { return kept(r.result.scores); })
      .def_property_readonly("_ranks", [](const UncertaintyRun& r) { return kept(r.result.ranks); })
      .def("__repr__", [](const UncertaintyRun& r) {
        const UncertaintyResult& u = r.result;
        return "<UncertaintyResult " + u.node + " " + std::to_string(r.year) + ": " + std::to_string(u.regions.size()) +
               " regions, " + std::to_string(u.replications) + " replications (" + std::to_string(u.failures.size()) +
               " failed), countyleap " + version + ">";
      });

  m.def(
      "uncertainty",
      [](const Panel& panel, const Framework& framework, py::object spec, const RegionSet* regions,
         std::optional<int> year, unsigned threads, py::object goals, bool keep_replications,
         std::optional<std::string> node) {
        const UncertaintySpec s = uncertainty_spec_from(spec);
        UncertaintyOptions o;
        o.threads = threads;
        o.year = year.value_or(0);
        o.node = node.value_or("");
        o.goals = goals_from(goals);
        o.keep_replications = keep_replications;
        py::gil_scoped_release release;
        UncertaintyRun run;
        run.result = uncertainty(panel, framework, s, regions, o);
        run.spec = io::format_uncertainty_spec(s);
        run.year = year.value_or(panel.last_year());
        run.goals = std::move(o.goals);
        py::gil_scoped_acquire acquire;
        for (const std::string& w : run.result.warnings)
          if (PyErr_WarnEx(PyExc_UserWarning, w.c_str(), 1) != 0) throw py::error_already_set();
        return run;
      },
      "panel"_a, "framework"_a, "spec"_a, py::kw_only(), "regions"_a = nullptr, "year"_a = py::none(),
      "threads"_a = 0, "goals"_a = py::none(), "keep_replications"_a = false, "node"_a = py::none(), uncertainty_doc);
}

}  // namespace countyleap::python
