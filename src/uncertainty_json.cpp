// The uncertainty spec as JSON (include/countyleap/io/uncertainty_spec.hpp): the pipeline spec
// and its steps are read and written by spec_json.cpp, tier schemes by json_io.cpp; this file
// reads the vary entries, each alternative by the type of its path.

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "countyleap/io/uncertainty_spec.hpp"
#include "spec_json.hpp"

namespace countyleap::io {

namespace {

using namespace internal;

const std::initializer_list<std::string_view> tier_scheme_keys = {"rule", "tiers", "quota_share", "sub_bands"};

std::string known_paths() {
  std::string list;
  for (const VaryPath& p : vary_paths()) (list += list.empty() ? "" : ", ") += p.path;
  return list;
}

VaryValue value_from(const VaryPath& p, const json& v, const std::string& at, const Object& entry) {
  const std::string& file = entry.file();
  if (v.is_null()) {
    if (!p.nullable) entry.fail_at(at, std::string("expected ") + (p.type == VaryValueType::method ? "a method name" : "a value") +
                                           ", got null ('" + p.path + "' cannot be skipped)");
    return std::monostate{};
  }
  switch (p.type) {
    case VaryValueType::boolean:
      if (!v.is_boolean()) entry.fail_at(at, "expected true or false");
      return v.get<bool>();
    case VaryValueType::number: return entry.as_number(v, at);
    case VaryValueType::integer: return static_cast<double>(entry.as_int(v, at));
    case VaryValueType::method: return entry.as_string(v, at);
    case VaryValueType::impute: return impute_step_from(v, at, file);
    case VaryValueType::screen: return screen_step_from(v, at, file);
    case VaryValueType::treat: return treat_step_from(v, at, file);
    case VaryValueType::normalise: return normalise_step_from(v, at, file);
    case VaryValueType::weights: return weights_step_from(v, at, file);
    case VaryValueType::aggregate: return aggregate_step_from(v, at, file);
    case VaryValueType::tiers: return tier_scheme_from(Object(v, at, file, tier_scheme_keys));
  }
  return std::monostate{};
}

VaryEntry entry_from(const Object& o) {
  VaryEntry e;
  e.path = o.required_string("path");
  const VaryPath* p = find_vary_path(e.path);
  if (!p) o.fail_at(o.pointer("path"), "unknown path '" + e.path + "' (expected one of: " + known_paths() + ")");
  const int kinds = (o.find("values") != nullptr) + (o.find("range") != nullptr) + (o.find("noise") != nullptr);
  if (kinds != 1) o.fail_at(o.at(), "expected exactly one of \"values\", \"range\" or \"noise\"");
  if (o.find("values")) {
    const json& values = *o.find("values");
    if (!values.is_array()) o.fail_at(o.pointer("values"), "expected an array of alternatives");
    for (std::size_t i = 0; i < values.size(); ++i)
      e.values.push_back(value_from(*p, values[i], o.pointer("values") + "/" + std::to_string(i), o));
  } else if (const json* r = o.find("range")) {
    e.kind = VaryKind::range;
    if (!r->is_array() || r->size() != 2) o.fail_at(o.pointer("range"), "expected [lo, hi]");
    e.lo = o.as_number((*r)[0], o.pointer("range") + "/0");
    e.hi = o.as_number((*r)[1], o.pointer("range") + "/1");
  } else {
    e.kind = VaryKind::noise;
    e.noise = o.required_number("noise");
    const json& levels = o.require("levels");
    if (!levels.is_array()) o.fail_at(o.pointer("levels"), "expected an array of framework levels");
    for (std::size_t i = 0; i < levels.size(); ++i) e.levels.push_back(o.as_int(levels[i], o.pointer("levels") + "/" + std::to_string(i)));
    e.sets = o.integer("sets", e.sets);
  }
  if (e.kind != VaryKind::noise && (o.find("levels") || o.find("sets")))
    o.fail_at(o.pointer(o.find("levels") ? "levels" : "sets"), "'levels' and 'sets' go with \"noise\"");
  return e;
}

std::uint64_t seed_from(const Object& root) {
  const json* v = root.find("seed");
  if (!v) return 1;
  if (v->is_number_unsigned()) return v->get<std::uint64_t>();
  if (v->is_number_integer() && v->get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v->get<std::int64_t>());
  root.fail_at(root.pointer("seed"), "expected a whole number in [0, 2^64 - 1]");
}

UncertaintySpec spec_from(const json& doc, const std::string& file) {
  const Object root(doc, "", file, {"pipeline", "vary", "replications", "seed", "tiers"});
  UncertaintySpec spec;
  spec.pipeline = pipeline_spec_from(root.require("pipeline"), root.pointer("pipeline"), file);
  root.each("vary", true, {"path", "values", "range", "noise", "levels", "sets"},
            [&](const Object& o) { spec.vary.push_back(entry_from(o)); });
  if (const json* r = root.find("replications")) {
    const int n = root.as_int(*r, root.pointer("replications"));
    if (n < 1) root.invalid("replications", "at least one replication is needed");
    spec.replications = static_cast<std::size_t>(n);
  }
  spec.seed = seed_from(root);
  if (const json* t = root.find("tiers")) spec.tiers = tier_scheme_from(Object(*t, root.pointer("tiers"), file, tier_scheme_keys));
  try {
    spec.validate();
  } catch (const error&) {
    rethrow_in_file(file);
  }
  return spec;
}

ojson value_to(const VaryValue& v, const std::string& what) {
  struct Writer {
    const std::string& what;
    ojson operator()(std::monostate) const { return ojson(nullptr); }
    ojson operator()(bool b) const { return ojson(b); }
    ojson operator()(double x) const { return number(x, what); }
    ojson operator()(const std::string& s) const { return ojson(s); }
    ojson operator()(const ImputeStep& s) const { return impute_to(s); }
    ojson operator()(const ScreenOptions& s) const { return screen_to(s); }
    ojson operator()(const TreatOptions& s) const { return treat_to(s); }
    ojson operator()(const NormaliseStep& s) const { return normalise_to(s); }
    ojson operator()(const WeightOptions& s) const { return weights_to(s); }
    ojson operator()(const AggregateOptions& s) const { return aggregate_to(s); }
    ojson operator()(const TierScheme& s) const { return tier_scheme_to(s); }
  };
  return std::visit(Writer{what}, v);
}

ojson spec_to(const UncertaintySpec& spec) {
  ojson doc;
  doc["pipeline"] = pipeline_spec_to(spec.pipeline);
  ojson vary = ojson::array();
  for (const VaryEntry& e : spec.vary) {
    ojson o;
    o["path"] = e.path;
    switch (e.kind) {
      case VaryKind::values: {
        ojson values = ojson::array();
        for (const VaryValue& v : e.values) values.push_back(value_to(v, "vary " + e.path));
        o["values"] = std::move(values);
        break;
      }
      case VaryKind::range: o["range"] = ojson::array({number(e.lo, "vary " + e.path), number(e.hi, "vary " + e.path)}); break;
      case VaryKind::noise:
        o["noise"] = number(e.noise, "vary weights noise");
        o["levels"] = e.levels;
        o["sets"] = e.sets;
        break;
    }
    vary.push_back(std::move(o));
  }
  doc["vary"] = std::move(vary);
  doc["replications"] = spec.replications;
  doc["seed"] = spec.seed;
  if (spec.tiers) doc["tiers"] = tier_scheme_to(*spec.tiers);
  return doc;
}

}  // namespace

UncertaintySpec parse_uncertainty_spec(std::string_view text, const std::string& source_name) {
  return spec_from(parse_document(text, source_name), source_name);
}
UncertaintySpec read_uncertainty_spec(const std::string& path) { return parse_uncertainty_spec(internal::read_file(path), path); }
std::string format_uncertainty_spec(const UncertaintySpec& spec) { return dump(spec_to(spec)); }

}  // namespace countyleap::io
