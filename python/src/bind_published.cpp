// countyleap/published.hpp and countyleap/io/published.hpp -> PublishedResults, track_plan and the
// published-results CSV reader and writer (columns as dicts; countyleap._plan_tools makes DataFrames).

#include "bindings.hpp"

namespace countyleap::python {
namespace {

using namespace pybind11::literals;

py::object maybe_int(int x) { return x == 0 ? py::object(py::none()) : py::object(py::int_(x)); }

py::dict results_columns(const PublishedResults& results) {
  py::list evaluation_year, data_year, inferred, scope, code, name_zh, tier, rank_min, rank_max, counts, units, avg_min,
      avg_max, certainty, source, note;
  for (const PublishedResult& r : results.rows()) {
    evaluation_year.append(r.evaluation_year);
    data_year.append(r.data_year);
    inferred.append(r.data_year_inferred);
    scope.append(to_string(r.scope));
    code.append(r.code);
    name_zh.append(r.name_zh);
    tier.append(r.tier);
    rank_min.append(maybe_int(r.rank_min));
    rank_max.append(maybe_int(r.rank_max));
    counts.append(py::cast(r.tier_counts));
    units.append(maybe_int(r.units));
    avg_min.append(r.average_min);
    avg_max.append(r.average_max);
    certainty.append(to_string(r.certainty));
    source.append(r.source);
    note.append(r.note);
  }
  return py::dict("evaluation_year"_a = evaluation_year, "data_year"_a = data_year, "data_year_inferred"_a = inferred,
                  "scope"_a = scope, "code"_a = code, "name_zh"_a = name_zh, "tier"_a = tier, "rank_min"_a = rank_min,
                  "rank_max"_a = rank_max, "tier_counts"_a = counts, "units"_a = units, "average_min"_a = avg_min,
                  "average_max"_a = avg_max, "certainty"_a = certainty, "source"_a = source, "note"_a = note);
}

py::dict track_columns(const PlanTrack& track) {
  py::list phase, data_year, evaluation_year, kind, goal_id, code, goal, published, status, certainty, source, reason;
  for (const TrackRow& r : track.rows) {
    phase.append(r.phase);
    data_year.append(r.data_year);
    evaluation_year.append(r.evaluation_year);
    kind.append(r.kind);
    goal_id.append(r.goal_id);
    code.append(r.code);
    goal.append(r.goal);
    published.append(r.published);
    status.append(to_string(r.status));
    certainty.append(r.certainty);
    source.append(r.source);
    reason.append(r.reason);
  }
  return py::dict("phase"_a = phase, "data_year"_a = data_year, "evaluation_year"_a = evaluation_year, "kind"_a = kind,
                  "goal_id"_a = goal_id, "code"_a = code, "goal"_a = goal, "published"_a = published,
                  "status"_a = status, "certainty"_a = certainty, "source"_a = source, "reason"_a = reason);
}

}  // namespace

void bind_published(py::module_& m) {
  py::class_<PublishedResults>(
      m, "PublishedResults",
      "What the province published: one fact per row (evaluation_year, data_year, scope province/city/unit, code, "
      "tier, provincial rank bounds, tier counts, units, average bounds), each with its certainty (official, press, "
      "derived) and source. Unknown stays unknown (empty tier, None rank, NaN average). ``to_frame()`` (attached by "
      "countyleap._plan_tools) is the table.")
      .def(py::init<>())
      .def("__len__", &PublishedResults::size)
      .def("merged", &PublishedResults::merged, "other"_a,
           "The rows of both tables, this one's first (e.g. the bundled results and a provincial list).")
      .def("_columns", &results_columns)
      .def("__repr__", [](const PublishedResults& r) { return "<PublishedResults: " + std::to_string(r.size()) + " rows>"; });

  py::class_<PlanTrack>(m, "PlanTrack",
                        "A plan's goals against the published results (track_plan); ``to_frame()`` (attached by "
                        "countyleap._plan_tools): phase, data_year, evaluation_year, kind, goal_id, code, goal, "
                        "published, status (met / missed / unknown), certainty, source, reason.")
      .def("__len__", [](const PlanTrack& t) { return t.rows.size(); })
      .def("_columns", &track_columns)
      .def("__repr__", [](const PlanTrack& t) { return "<PlanTrack: " + std::to_string(t.rows.size()) + " rows>"; });

  m.def("track_plan", &track_plan, "plan"_a, "regions"_a, "results"_a,
        "Tracks a plan against published results: each non-baseline phase's tier counts (cumulative from the best "
        "tier: met when the units known to be there reach the count, missed when even those that may be cannot) and "
        "each in-scope region's tier goal (its published tier, or its provincial rank bounds read through the "
        "province's tier counts: met, missed or unknown); then the plan's other goals (a provincial rank goal "
        "compares ranks in its year and base year). Nothing is filled in: without a published fact a goal is "
        "unknown, with the reason.");
  m.def(
      "read_published_results_csv", [](const Path& path) { return io::read_published_results_csv(path.value); },
      "path"_a,
      "Reads a published-results CSV (docs/file-formats.md): required columns evaluation_year, data_year, code, "
      "certainty, source; optional scope, name_zh, tier, rank, rank_min, rank_max, count_<tier>, units, average_min, "
      "average_max, data_year_inferred, note. Errors name the file, line and column.");
  m.def("parse_published_results_csv", &io::parse_published_results_csv, "text"_a, "source_name"_a = "<string>",
        "Reads published results from CSV text.");
  m.def("format_published_results_csv", &io::format_published_results_csv, "results"_a,
        "The CSV text of a table of published results (every column).");
  m.def(
      "write_published_results_csv",
      [](const PublishedResults& results, const Path& path) { io::write_published_results_csv(results, path.value); },
      "results"_a, "path"_a, "Writes a table of published results as CSV.");
}

}  // namespace countyleap::python
