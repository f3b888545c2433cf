// The pipeline spec as JSON (docs/pipeline-spec.md): every step's key, each method's options.
// Unknown keys are errors so that a typo in a spec never silently changes a result.

#include <string>
#include <string_view>
#include <utility>

#include "countyleap/io/spec.hpp"
#include "spec_json.hpp"

namespace countyleap::io {

namespace internal {

namespace {

// Converts a model parsing error (unknown method spelling) into one naming the JSON pointer.
template <class F>
auto method_at(const Object& o, std::string_view key, F&& parse) {
  try {
    return parse(o.required_string(key));
  } catch (const validation_error& e) {
    o.invalid(key, e.detail());
  }
}

// A step given by its method name alone ("normalise": "zscore") as the object it stands for
// ({"method": "zscore"}); any other value as it is. `holder` keeps the object alive.
const json& method_object(const json& value, json& holder) {
  if (!value.is_string()) return value;
  holder = json::object();
  holder["method"] = value;
  return holder;
}

}  // namespace

ImputeStep impute_step_from(const json& value, const std::string& at, const std::string& file) {
  json holder;
  const Object o(method_object(value, holder), at, file, {"method", "group", "max_time", "extrapolate"});
  ImputeStep step;
  step.options.method = method_at(o, "method", [](const std::string& s) { return impute_method_from_string(s); });
  step.group = o.string("group");
  step.options.max_time = o.integer("max_time", step.options.max_time);
  step.options.extrapolate = o.boolean("extrapolate", step.options.extrapolate);
  return step;
}

ScreenOptions screen_step_from(const json& value, const std::string& at, const std::string& file) {
  ScreenOptions s;
  s.min_data = Object(value, at, file, {"min_data"}).required_number("min_data");
  return s;
}

TreatOptions treat_step_from(const json& value, const std::string& at, const std::string& file) {
  json holder;
  const Object o(method_object(value, holder), at, file, {"method", "winmax", "skew", "kurtosis", "outlier_sd", "sqrt_skew"});
  TreatOptions t;
  t.method = method_at(o, "method", [](const std::string& s) { return treat_method_from_string(s); });
  t.winmax = o.integer("winmax", t.winmax);
  t.skew = o.number("skew", t.skew);
  t.kurtosis = o.number("kurtosis", t.kurtosis);
  t.outlier_sd = o.number("outlier_sd", t.outlier_sd);
  t.sqrt_skew = o.number("sqrt_skew", t.sqrt_skew);
  return t;
}

NormaliseStep normalise_step_from(const json& value, const std::string& at, const std::string& file) {
  json holder;
  const Object o(method_object(value, holder), at, file, {"method", "range", "constant_to_midpoint", "lo", "hi", "scale", "cap", "mean", "sd", "standard",
                                   "worst", "best", "reference"});
  NormaliseStep step;
  NormaliseOptions& n = step.options;
  n.method = method_at(o, "method", [](const std::string& s) { return normalise_method_from_string(s); });
  if (const json* r = o.find("range")) {
    if (!r->is_array() || r->size() != 2) o.fail_at(o.pointer("range"), "expected [lo, hi]");
    n.range_lo = o.as_number((*r)[0], o.pointer("range") + "/0");
    n.range_hi = o.as_number((*r)[1], o.pointer("range") + "/1");
  }
  n.constant_to_midpoint = o.boolean("constant_to_midpoint", n.constant_to_midpoint);
  n.goalpost_lo = o.number("lo", n.goalpost_lo);
  n.goalpost_hi = o.number("hi", n.goalpost_hi);
  n.scale = o.number("scale", n.scale);
  n.cap = o.boolean("cap", n.cap);
  n.mean = o.number("mean", n.mean);
  n.sd = o.number("sd", n.sd);
  n.standard = o.number("standard", n.standard);
  n.efficacy_worst = o.number("worst", n.efficacy_worst);
  n.efficacy_best = o.number("best", n.efficacy_best);
  step.reference = o.string("reference");
  if (n.method == NormaliseMethod::ratio_to_reference && step.reference.empty())
    o.fail_at(o.pointer("reference"), "ratio_to_reference needs \"reference\": the code of the reference region");
  return step;
}

WeightOptions weights_step_from(const json& value, const std::string& at, const std::string& file) {
  json holder;
  const Object o(method_object(value, holder), at, file, {"method", "matrix", "allow_inconsistent", "max_cr", "minmax"});
  WeightOptions w;
  w.method = method_at(o, "method", [](const std::string& s) { return weight_method_from_string(s); });
  if (const json* m = o.find("matrix")) {
    const std::string matrix_at = o.pointer("matrix");
    if (!m->is_array() || m->empty()) o.fail_at(matrix_at, "expected a square array of arrays of numbers");
    const auto k = static_cast<Eigen::Index>(m->size());
    // Every row's shape first, so that the k × k matrix is allocated only for a square input (a
    // list of 120,000 empty rows must not ask for 115 GB).
    for (Eigen::Index i = 0; i < k; ++i) {
      const json& row = (*m)[static_cast<std::size_t>(i)];
      if (!row.is_array() || static_cast<Eigen::Index>(row.size()) != k)
        o.fail_at(matrix_at + "/" + std::to_string(i), "expected a row of " + std::to_string(k) + " numbers");
    }
    w.pairwise.resize(k, k);
    for (Eigen::Index i = 0; i < k; ++i) {
      const json& row = (*m)[static_cast<std::size_t>(i)];
      for (Eigen::Index j = 0; j < k; ++j)
        w.pairwise(i, j) = o.as_number(row[static_cast<std::size_t>(j)], matrix_at + "/" + std::to_string(i) + "/" + std::to_string(j));
    }
  }
  if (w.method == WeightMethod::ahp && w.pairwise.size() == 0)
    o.fail_at(o.pointer("matrix"), "ahp needs \"matrix\": the pairwise comparison matrix of the node's children");
  w.ahp.allow_inconsistent = o.boolean("allow_inconsistent", w.ahp.allow_inconsistent);
  w.ahp.max_cr = o.number("max_cr", w.ahp.max_cr);
  w.critic.minmax = o.boolean("minmax", w.critic.minmax);
  return w;
}

AggregateOptions aggregate_step_from(const json& value, const std::string& at, const std::string& file) {
  json holder;
  const Object o(method_object(value, holder), at, file, {"method", "min_data", "shift", "p", "rho"});
  AggregateOptions a;
  a.method = method_at(o, "method", [](const std::string& s) { return aggregation_method_from_string(s); });
  a.min_data = o.number("min_data", a.min_data);
  a.shift = o.number("shift", a.shift);
  a.p = o.number("p", a.p);
  a.rho = o.number("rho", a.rho);
  return a;
}

PipelineSpec pipeline_spec_from(const json& value, const std::string& at, const std::string& file) {
  const Object root(value, at, file, {"denominate", "impute", "screen", "treat", "normalise", "weights", "aggregate", "nodes"});
  PipelineSpec spec;
  spec.denominate = root.boolean("denominate", false);
  if (const json* v = root.find("impute")) spec.impute = impute_step_from(*v, root.pointer("impute"), file);
  if (const json* v = root.find("screen")) spec.screen = screen_step_from(*v, root.pointer("screen"), file);
  if (const json* v = root.find("treat")) spec.treat = treat_step_from(*v, root.pointer("treat"), file);
  if (const json* v = root.find("normalise")) spec.normalise = normalise_step_from(*v, root.pointer("normalise"), file);
  if (const json* v = root.find("weights")) spec.weights = weights_step_from(*v, root.pointer("weights"), file);
  if (const json* v = root.find("aggregate")) spec.aggregate = aggregate_step_from(*v, root.pointer("aggregate"), file);
  root.each_entry("nodes", [&](const std::string& id, const json& entry, const std::string& node_at) {
    const Object node(entry, node_at, file, {"normalise", "treat", "weights", "aggregate"});
    NodeSteps steps;
    if (const json* v = node.find("normalise")) steps.normalise = normalise_step_from(*v, node.pointer("normalise"), file);
    if (const json* v = node.find("treat")) steps.treat = treat_step_from(*v, node.pointer("treat"), file);
    if (const json* v = node.find("weights")) steps.weights = weights_step_from(*v, node.pointer("weights"), file);
    if (const json* v = node.find("aggregate")) steps.aggregate = aggregate_step_from(*v, node.pointer("aggregate"), file);
    spec.nodes.emplace(id, std::move(steps));
  });
  return spec;
}

// ---- writing: the canonical form, every option of the chosen method ------------------------

ojson impute_to(const ImputeStep& s) {
  ojson o;
  o["method"] = to_string(s.options.method);
  if (!s.group.empty()) o["group"] = s.group;
  if (s.options.method == ImputeMethod::carry_forward) o["max_time"] = s.options.max_time;
  if (s.options.method == ImputeMethod::interpolate) o["extrapolate"] = s.options.extrapolate;
  return o;
}

ojson screen_to(const ScreenOptions& s) { return ojson{{"min_data", number(s.min_data, "screen.min_data")}}; }

ojson treat_to(const TreatOptions& t) {
  ojson o;
  o["method"] = to_string(t.method);
  if (t.method == TreatMethod::coinr) {
    o["winmax"] = t.winmax;
    o["skew"] = number(t.skew, "treat.skew");
    o["kurtosis"] = number(t.kurtosis, "treat.kurtosis");
  } else if (t.method == TreatMethod::eis) {
    o["outlier_sd"] = number(t.outlier_sd, "treat.outlier_sd");
    o["sqrt_skew"] = number(t.sqrt_skew, "treat.sqrt_skew");
  }
  return o;
}

ojson normalise_to(const NormaliseStep& s) {
  const NormaliseOptions& n = s.options;
  ojson o;
  o["method"] = to_string(n.method);
  auto optional_number = [&](const char* key, double x) {
    if (!std::isnan(x)) o[key] = number(x, std::string("normalise.") + key);
  };
  switch (n.method) {
    case NormaliseMethod::minmax:
      o["range"] = ojson::array({number(n.range_lo, "normalise.range"), number(n.range_hi, "normalise.range")});
      o["constant_to_midpoint"] = n.constant_to_midpoint;
      break;
    case NormaliseMethod::goalposts:
      optional_number("lo", n.goalpost_lo);
      optional_number("hi", n.goalpost_hi);
      o["scale"] = number(n.scale, "normalise.scale");
      o["cap"] = n.cap;
      break;
    case NormaliseMethod::zscore:
      o["mean"] = number(n.mean, "normalise.mean");
      o["sd"] = number(n.sd, "normalise.sd");
      break;
    case NormaliseMethod::ratio_to_standard:
      optional_number("standard", n.standard);
      o["scale"] = number(n.scale, "normalise.scale");
      o["cap"] = n.cap;
      break;
    case NormaliseMethod::efficacy:
      optional_number("worst", n.efficacy_worst);
      optional_number("best", n.efficacy_best);
      o["constant_to_midpoint"] = n.constant_to_midpoint;
      break;
    case NormaliseMethod::ratio_to_mean:
      o["scale"] = number(n.scale, "normalise.scale");
      break;
    case NormaliseMethod::ratio_to_reference:
      o["reference"] = s.reference;
      o["scale"] = number(n.scale, "normalise.scale");
      break;
    case NormaliseMethod::rank:
    case NormaliseMethod::percentile_rank:
      break;
  }
  return o;
}

ojson weights_to(const WeightOptions& w) {
  ojson o;
  o["method"] = to_string(w.method);
  if (w.method == WeightMethod::ahp) {
    ojson m = ojson::array();
    for (Eigen::Index i = 0; i < w.pairwise.rows(); ++i) {
      ojson row = ojson::array();
      for (Eigen::Index j = 0; j < w.pairwise.cols(); ++j) row.push_back(number(w.pairwise(i, j), "weights.matrix"));
      m.push_back(std::move(row));
    }
    o["matrix"] = std::move(m);
    o["allow_inconsistent"] = w.ahp.allow_inconsistent;
    o["max_cr"] = number(w.ahp.max_cr, "weights.max_cr");
  }
  if (w.method == WeightMethod::critic) o["minmax"] = w.critic.minmax;
  return o;
}

ojson aggregate_to(const AggregateOptions& a) {
  ojson o;
  o["method"] = to_string(a.method);
  o["min_data"] = number(a.min_data, "aggregate.min_data");
  if (a.method == AggregationMethod::geometric || a.method == AggregationMethod::harmonic ||
      a.method == AggregationMethod::generalised)
    o["shift"] = number(a.shift, "aggregate.shift");
  if (a.method == AggregationMethod::generalised) o["p"] = number(a.p, "aggregate.p");
  if (a.method == AggregationMethod::grey_relational) o["rho"] = number(a.rho, "aggregate.rho");
  return o;
}

ojson pipeline_spec_to(const PipelineSpec& spec) {
  ojson doc;
  doc["denominate"] = spec.denominate;
  if (spec.impute) doc["impute"] = impute_to(*spec.impute);
  if (spec.screen) doc["screen"] = screen_to(*spec.screen);
  if (spec.treat) doc["treat"] = treat_to(*spec.treat);
  doc["normalise"] = normalise_to(spec.normalise);
  doc["weights"] = weights_to(spec.weights);
  doc["aggregate"] = aggregate_to(spec.aggregate);
  if (!spec.nodes.empty()) {
    ojson nodes;
    for (const auto& [id, steps] : spec.nodes) {
      ojson n = ojson::object();
      if (steps.normalise) n["normalise"] = normalise_to(*steps.normalise);
      if (steps.treat) n["treat"] = treat_to(*steps.treat);
      if (steps.weights) n["weights"] = weights_to(*steps.weights);
      if (steps.aggregate) n["aggregate"] = aggregate_to(*steps.aggregate);
      nodes[id] = std::move(n);
    }
    doc["nodes"] = std::move(nodes);
  }
  return doc;
}

}  // namespace internal

PipelineSpec parse_pipeline_spec(std::string_view text, const std::string& source_name) {
  return internal::pipeline_spec_from(internal::parse_document(text, source_name), "", source_name);
}
PipelineSpec read_pipeline_spec(const std::string& path) { return parse_pipeline_spec(internal::read_file(path), path); }
std::string format_pipeline_spec(const PipelineSpec& spec) { return internal::dump(internal::pipeline_spec_to(spec)); }

}  // namespace countyleap::io
