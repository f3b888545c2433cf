// countyleap/pipeline_spec.hpp -> PipelineSpec, built from a dict, JSON text or a JSON file
// through io::parse_pipeline_spec / io::read_pipeline_spec (the one spec parser), written back
// with io::format_pipeline_spec; json_source, which tells those forms apart for every spec, and
// text_or_file, the to_json of every spec.

#include <fstream>

#include "bindings.hpp"

namespace countyleap::python {

namespace {

/// json.dumps' `default` for a spec dict: the countyleap objects a spec may hold (a TierScheme, a
/// PipelineSpec) as the JSON they stand for; anything else a ValidationError naming its type.
py::object spec_json_value(py::handle value) {
  const py::module_ json = py::module_::import("json");
  if (py::isinstance<TierScheme>(value)) {
    py::dict scheme = json.attr("loads")(io::format_tier_scheme_json(value.cast<TierScheme>()));
    if (scheme.contains("schema")) PyDict_DelItemString(scheme.ptr(), "schema");  // a spec's value, not a file
    return std::move(scheme);
  }
  if (py::isinstance<PipelineSpec>(value)) return json.attr("loads")(io::format_pipeline_spec(value.cast<PipelineSpec>()));
  throw validation_error("a spec dict holds JSON values (dict, list, str, number, bool, None), a TierScheme or a "
                         "PipelineSpec; got " + py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>());
}

}  // namespace

JsonSource json_source(py::handle source, const char* what) {
  if (py::isinstance<py::dict>(source))
    return {py::module_::import("json")
                .attr("dumps")(source, "default"_a = py::cpp_function(&spec_json_value))
                .cast<std::string>(),
            "<dict>"};
  if (py::isinstance<py::str>(source)) {
    auto text = source.cast<std::string>();
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') return {std::move(text), "<string>"};
  }
  if (py::isinstance<py::str>(source) || py::isinstance<py::bytes>(source) || py::hasattr(source, "__fspath__"))
    return {source.cast<Path>().value, "", true};
  throw py::type_error(std::string(what) + ", got " + py::repr(py::type::handle_of(source)).cast<std::string>());
}

std::optional<std::string> text_or_file(std::string text, const std::optional<Path>& path) {
  if (!path) return text;
  std::ofstream out(path->value, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw io_error("cannot write file", Location{path->value});
  return std::nullopt;
}

PipelineSpec spec_from(py::handle spec) {
  if (spec.is_none()) return PipelineSpec{};
  if (py::isinstance<PipelineSpec>(spec)) return spec.cast<PipelineSpec>();
  return from_json_source<PipelineSpec>(spec, &io::parse_pipeline_spec, &io::read_pipeline_spec,
                                        "a pipeline spec is None, a PipelineSpec, a dict, JSON text or the path of a "
                                        "JSON file");
}

PipelineSpec spec_from(py::handle spec, const py::kwargs& steps) {
  if (steps.empty()) return spec_from(spec);
  py::dict merged = py::module_::import("json").attr("loads")(io::format_pipeline_spec(spec_from(spec)));
  for (auto item : steps) merged[item.first] = item.second;  // a step keyword replaces the spec's step
  return spec_from(merged);
}

namespace {
constexpr const char* spec_doc =
    "Which method each step of a composite-indicator run uses (docs/pipeline-spec.md).\n\n"
    "One JSON object whose keys name the steps, e.g. COINr's full example:\n\n"
    "    {\"denominate\": true,\n"
    "     \"impute\": {\"method\": \"group_mean\", \"group\": \"EurAsia_group\"},\n"
    "     \"screen\": {\"min_data\": 0.9},\n"
    "     \"treat\": {\"method\": \"coinr\", \"winmax\": 5, \"skew\": 2.0, \"kurtosis\": 3.5},\n"
    "     \"normalise\": {\"method\": \"minmax\", \"range\": [0, 100]},\n"
    "     \"weights\": {\"method\": \"given\"},\n"
    "     \"aggregate\": {\"method\": \"arithmetic\"},\n"
    "     \"nodes\": {\"Conn\": {\"aggregate\": {\"method\": \"geometric\", \"shift\": 1}}}}\n\n"
    "Steps run in COINr's order - denominate, impute, screen, treat, normalise, weights, aggregate - whatever "
    "the order of the keys. An omitted key skips its step, except normalise (min-max to [0, 100]), weights (the "
    "framework's) and aggregate (weighted arithmetic mean). Unknown keys are errors naming the key and its JSON "
    "pointer. `nodes` holds per-node overrides: normalise and treat for an indicator, weights and aggregate for "
    "an aggregate node.\n\n"
    "Parameters\n----------\n"
    "spec : dict, str, os.PathLike, PipelineSpec or None\n    A dict (as the JSON object), JSON text (a str "
    "starting with '{'), the path of a JSON file, or None for the defaults. Everything is read by the library's "
    "one spec parser (countyleap::io::parse_pipeline_spec).\n\n"
    "Raises ParseError (malformed JSON with line and column; an unknown key, a missing or mistyped value with "
    "its JSON pointer), ValidationError (an unknown method name), FileError.";
}  // namespace

void bind_pipeline_spec(py::module_& m) {
  using namespace pybind11::literals;
  py::class_<PipelineSpec>(m, "PipelineSpec", spec_doc)
      .def(py::init([](py::object spec) { return spec_from(spec); }), "spec"_a = py::none())
      .def_static(
          "from_json", [](const Path& p) { return io::read_pipeline_spec(p.value); }, "path"_a,
          "Reads a spec from a JSON file.")
      .def(
          "to_json",
          [](const PipelineSpec& s, std::optional<Path> path) -> std::optional<std::string> {
            return text_or_file(io::format_pipeline_spec(s), path);
          },
          "path"_a = py::none(),
          "The canonical JSON (io::format_pipeline_spec): every step that runs, with every option of its method "
          "written out, keys in step order. Reading it back gives the same spec. With a path, writes it there.")
      .def(
          "to_dict",
          [](const PipelineSpec& s) { return py::module_::import("json").attr("loads")(io::format_pipeline_spec(s)); },
          "The canonical form as a dict.")
      .def_readwrite("denominate", &PipelineSpec::denominate, "Divide indicators by their denominate_by variable.")
      .def(
          "normalise_for", [](const PipelineSpec& s, const std::string& id) { return s.normalise_for(id).options; },
          "id"_a,
          "The normalisation of leaf indicator `id` (PipelineSpec::normalise_for): its override under \"nodes\", "
          "else the default step; a copy.")
      .def(
          "normalise_leaf",
          [](const PipelineSpec& s, const Framework& fw, const std::string& id, Eigen::VectorXd x) {
            const Indicator* ind = fw.find_indicator(id);
            if (!ind) throw unknown_id_error("not an indicator of the framework", Location{"", 0, 0, "", id});
            const NormaliseOptions options = s.leaf_normalisation(*ind);
            if (options.method == NormaliseMethod::ratio_to_reference)
              throw validation_error("ratio_to_reference normalises against a region's row, not values alone",
                                     Location{"", 0, 0, "", id});
            normalise_column(x, ind->direction, options, id);
            return x;
          },
          "framework"_a, "indicator"_a, "values"_a,
          "Values of leaf `indicator` in its own units put through the spec's normalisation of that leaf, as "
          "evaluate() does (with the indicator's direction; ratio_to_standard uses its target when the spec gives "
          "no standard). Meaningful alone for the methods that do not read the other regions (goalposts, "
          "ratio_to_standard). Raises UnknownIdError, ValidationError.")
      .def("validate", &PipelineSpec::validate, "framework"_a,
           "Checks the spec against a framework: every override names a node, indicator-only steps are given for "
           "leaves and aggregate-only steps for aggregates, screen.min_data in [0, 1], group imputation names a "
           "group. Raises UnknownIdError or ValidationError naming the node.")
      .def(
          "__eq__",
          [](const PipelineSpec& a, const PipelineSpec& b) { return io::format_pipeline_spec(a) == io::format_pipeline_spec(b); },
          py::is_operator(), "Same canonical JSON.")
      .def("__repr__", [](const PipelineSpec& s) {
        const py::module_ json = py::module_::import("json");
        return "PipelineSpec(" + json.attr("dumps")(json.attr("loads")(io::format_pipeline_spec(s))).cast<std::string>() + ")";
      });
}

}  // namespace countyleap::python
