// Regions, framework and plan JSON (docs/file-formats.md). nlohmann::json parses and prints;
// this file maps between its values and the model, checking every key so that a typo is an
// error that names the key and its JSON pointer rather than a silently ignored setting.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/io/json.hpp"
#include "encoding.hpp"
#include "io_support.hpp"

namespace countyleap::io {

namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;  // keeps keys in the order written: schema order
constexpr double inf = std::numeric_limits<double>::infinity();

constexpr const char* regions_schema = "countyleap.regions/1";
constexpr const char* framework_schema = "countyleap.framework/1";
constexpr const char* plan_schema = "countyleap.plan/1";

// ---- reading ------------------------------------------------------------------------------

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 2,
// column 7: "; the location is reported through Location instead, so keep only the reason.
std::string reason(const char* what) {
  std::string_view s(what);
  if (s.substr(0, 16) == "[json.exception." && s.find("] ") != std::string_view::npos) s.remove_prefix(s.find("] ") + 2);
  if (s.substr(0, 14) == "parse error at" && s.find(": ") != std::string_view::npos) s.remove_prefix(s.find(": ") + 2);
  return std::string(s);
}

// Parses JSON text after the UTF-8 check every reader makes. A key given twice in one object is
// an error (nlohmann would keep the last one silently).
json parse_document(std::string_view bytes, const std::string& file) {
  std::string decoded;
  const std::string_view text = internal::to_utf8(bytes, Encoding::utf8, file, decoded);
  std::vector<std::set<std::string>> open_objects;
  auto check_keys = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    else if (event == json::parse_event_t::object_end) open_objects.pop_back();
    else if (event == json::parse_event_t::key && !open_objects.back().insert(parsed.get<std::string>()).second)
      throw parse_error("duplicate key '" + parsed.get<std::string>() + "' in one object", Location{file});
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), check_keys);
  } catch (const json::parse_error& e) {
    throw parse_error("malformed JSON: " + reason(e.what()),
                      internal::location_of_offset(text, e.byte > 0 ? e.byte - 1 : 0, file));
  } catch (const json::exception& e) {  // e.g. a number beyond the range of a double
    throw parse_error("malformed JSON: " + reason(e.what()), Location{file});
  }
}

// RFC 6901 escaping of one reference token.
std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// One JSON object of the document with its pointer: typed access to its keys, each error
// naming the file and the pointer of the offending value. Construction rejects unknown keys.
class Object {
 public:
  Object(const json& value, std::string at, const std::string& file, std::initializer_list<std::string_view> keys)
      : value_(value), pointer_(std::move(at)), file_(file) {
    if (!value_.is_object()) fail_at(pointer_, "expected an object");
    for (const auto& item : value_.items()) {
      bool known = false;
      for (std::string_view k : keys) known = known || item.key() == k;
      if (!known) {
        std::string list;
        for (std::string_view k : keys) (list += list.empty() ? "" : ", ") += k;
        fail_at(pointer(item.key()), "unknown key '" + item.key() + "' (expected one of: " + list + ")");
      }
    }
  }

  const std::string& file() const { return file_; }
  std::string pointer(std::string_view key) const { return pointer_ + "/" + pointer_token(key); }
  const json* find(std::string_view key) const {
    auto it = value_.find(std::string(key));
    return it == value_.end() ? nullptr : &*it;
  }
  const json& require(std::string_view key) const {
    if (const json* v = find(key)) return *v;
    fail_at(pointer_, "missing required key '" + std::string(key) + "'");
  }

  [[noreturn]] void fail_at(const std::string& at, const std::string& what) const {
    throw parse_error((at.empty() ? std::string("(root)") : at) + ": " + what, Location{file_});
  }
  [[noreturn]] void invalid(std::string_view key, const std::string& what) const {
    throw validation_error(pointer(key) + ": " + what, Location{file_});
  }

  std::string string(std::string_view key) const {
    const json* v = find(key);
    return v ? as_string(*v, pointer(key)) : std::string();
  }
  std::string required_string(std::string_view key) const { return as_string(require(key), pointer(key)); }
  int integer(std::string_view key, int fallback = 0) const {
    const json* v = find(key);
    return v ? as_int(*v, pointer(key)) : fallback;
  }
  int required_integer(std::string_view key) const { return as_int(require(key), pointer(key)); }
  double number(std::string_view key, double fallback) const {
    const json* v = find(key);
    return v ? as_number(*v, pointer(key)) : fallback;
  }
  double required_number(std::string_view key) const { return as_number(require(key), pointer(key)); }
  bool boolean(std::string_view key, bool fallback) const {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail_at(pointer(key), "expected true or false");
    return v->get<bool>();
  }
  // A number, or null meaning `null_means`.
  double number_or_null(std::string_view key, double fallback, double null_means) const {
    const json* v = find(key);
    if (!v) return fallback;
    return v->is_null() ? null_means : as_number(*v, pointer(key));
  }
  // `[lo, hi]` with null for an unbounded end.
  ValidRange range(std::string_view key) const {
    const json* v = find(key);
    if (!v) return {};
    if (!v->is_array() || v->size() != 2)
      fail_at(pointer(key), "expected [lo, hi] (numbers, or null for an unbounded end)");
    const json& lo = (*v)[0];
    const json& hi = (*v)[1];
    ValidRange r;
    r.lo = lo.is_null() ? -inf : as_number(lo, pointer(key) + "/0");
    r.hi = hi.is_null() ? inf : as_number(hi, pointer(key) + "/1");
    return r;
  }
  // Calls f(Object) for each element of the array under `key` (absent: nothing, unless required).
  template <class F>
  void each(std::string_view key, bool required, std::initializer_list<std::string_view> keys, F&& f) const {
    const json* v = required ? &require(key) : find(key);
    if (!v) return;
    if (!v->is_array()) fail_at(pointer(key), "expected an array");
    for (std::size_t i = 0; i < v->size(); ++i) f(Object((*v)[i], pointer(key) + "/" + std::to_string(i), file_, keys));
  }
  // The entries of an object under `key` as (name, value, pointer).
  template <class F>
  void each_entry(std::string_view key, F&& f) const {
    const json* v = find(key);
    if (!v) return;
    if (!v->is_object()) fail_at(pointer(key), "expected an object");
    for (const auto& item : v->items()) f(item.key(), item.value(), pointer(key) + "/" + pointer_token(item.key()));
  }

  std::string as_string(const json& v, const std::string& at) const {
    if (!v.is_string()) fail_at(at, "expected a string");
    return v.get<std::string>();
  }
  int as_int(const json& v, const std::string& at) const {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return static_cast<int>(v.get<std::uint64_t>());
    if (v.is_number_integer() && !v.is_number_unsigned()) {
      const auto x = v.get<std::int64_t>();
      if (x >= std::numeric_limits<int>::min() && x <= std::numeric_limits<int>::max()) return static_cast<int>(x);
    }
    fail_at(at, "expected an integer");
  }
  double as_number(const json& v, const std::string& at) const {
    if (!v.is_number()) fail_at(at, "expected a number");
    return v.get<double>();
  }

 private:
  const json& value_;
  std::string pointer_;
  const std::string& file_;
};

// The root object after checking `schema` first, so that a file of the wrong kind is reported
// as such rather than by its first unfamiliar key.
Object open_root(const json& doc, const std::string& file, const char* schema, std::initializer_list<std::string_view> keys) {
  if (!doc.is_object()) throw parse_error("(root): expected an object", Location{file});
  auto it = doc.find("schema");
  if (it == doc.end()) throw parse_error(std::string("(root): missing required key 'schema' (\"") + schema + "\")", Location{file});
  if (!it->is_string() || it->get<std::string>() != schema)
    throw parse_error(std::string("/schema: expected \"") + schema + "\", got " + it->dump(), Location{file});
  return Object(doc, "", file, keys);
}

RegionSet regions_from(const json& doc, const std::string& file) {
  const Object root = open_root(doc, file, regions_schema, {"schema", "code_scheme", "regions", "history"});
  CodeScheme scheme = CodeScheme::gbt2260;
  const std::string scheme_name = root.string("code_scheme");
  if (scheme_name == "free") scheme = CodeScheme::free;
  else if (!scheme_name.empty() && scheme_name != "gbt2260") root.invalid("code_scheme", "expected \"gbt2260\" or \"free\"");
  std::vector<Region> regions;
  root.each("regions", true,
            {"code", "name_zh", "name_en", "kind", "parent", "valid_from", "valid_to", "in_scope", "note", "attributes"},
            [&](const Object& o) {
              Region r;
              r.code = o.required_string("code");
              r.name_zh = o.string("name_zh");
              r.name_en = o.string("name_en");
              if (o.find("kind")) {
                try {
                  r.kind = region_kind_from_string(o.string("kind"));
                } catch (const validation_error& e) {
                  o.invalid("kind", e.detail());
                }
              }
              r.parent = o.string("parent");
              r.valid_from = o.integer("valid_from");
              r.valid_to = o.integer("valid_to");
              r.in_scope = o.boolean("in_scope", true);
              r.note = o.string("note");
              o.each_entry("attributes", [&](const std::string& name, const json& value, const std::string& at) {
                r.attributes[name] = o.as_string(value, at);
              });
              regions.push_back(std::move(r));
            });
  std::vector<CodeChange> history;
  root.each("history", false, {"old_code", "new_code", "year", "old_name_zh", "note"}, [&](const Object& o) {
    history.push_back(CodeChange{o.required_string("old_code"), o.required_string("new_code"), o.integer("year"),
                                 o.string("old_name_zh"), o.string("note")});
  });
  return internal::in_file(file, [&] { return RegionSet(std::move(regions), std::move(history), scheme); });
}

Framework framework_from(const json& doc, const std::string& file) {
  const Object root = open_root(doc, file, framework_schema,
                                {"schema", "id", "name_zh", "name_en", "note", "variables", "indicators", "nodes"});
  FrameworkInfo info{root.string("id"), root.string("name_zh"), root.string("name_en"), root.string("note")};
  std::vector<Variable> variables;
  root.each("variables", false, {"id", "name_zh", "name_en", "unit", "range", "note"}, [&](const Object& o) {
    variables.push_back(Variable{o.required_string("id"), o.string("name_zh"), o.string("name_en"), o.string("unit"),
                                 o.range("range"), o.string("note")});
  });
  std::vector<Indicator> indicators;
  root.each("indicators", true,
            {"id", "name_zh", "name_en", "unit", "direction", "kind", "variable", "denominator", "scale", "years", "range",
             "denominate_by", "target", "note"},
            [&](const Object& o) {
              Indicator ind;
              ind.id = o.required_string("id");
              ind.name_zh = o.string("name_zh");
              ind.name_en = o.string("name_en");
              ind.unit = o.string("unit");
              const int direction = o.integer("direction", 1);
              if (direction != 1 && direction != -1) o.invalid("direction", "expected 1 or -1");
              ind.direction = direction == 1 ? Direction::higher_is_better : Direction::lower_is_better;
              if (o.find("kind")) {
                try {
                  ind.kind = indicator_kind_from_string(o.string("kind"));
                } catch (const validation_error& e) {
                  o.invalid("kind", e.detail());
                }
              }
              ind.variable = o.string("variable");
              ind.denominator = o.string("denominator");
              ind.scale = o.number("scale", 1.0);
              ind.years = o.integer("years", 1);
              ind.range = o.range("range");
              ind.denominate_by = o.string("denominate_by");
              ind.target = o.number_or_null("target", std::nan(""), std::nan(""));
              ind.note = o.string("note");
              indicators.push_back(std::move(ind));
            });
  std::vector<Node> nodes;
  root.each("nodes", true, {"id", "parent", "weight", "name_zh", "name_en", "aggregation", "note"}, [&](const Object& o) {
    Node n;
    n.id = o.required_string("id");
    n.parent = o.string("parent");
    n.weight = o.number("weight", 1.0);
    n.name_zh = o.string("name_zh");
    n.name_en = o.string("name_en");
    n.aggregation = o.string("aggregation");
    n.note = o.string("note");
    nodes.push_back(std::move(n));
  });
  return internal::in_file(file, [&] { return Framework(std::move(variables), std::move(indicators), std::move(nodes), std::move(info)); });
}

RegionTier region_tier_from(const Object& o) {
  return RegionTier{o.required_string("code"), o.required_integer("evaluation_year"), o.required_string("tier"),
                    o.boolean("inferred", false), o.string("note")};
}

Plan plan_from(const json& doc, const std::string& file) {
  const Object root = open_root(doc, file, plan_schema,
                                {"schema", "id", "name_zh", "name_en", "issuer", "published", "note", "tiers", "phases",
                                 "observed", "goals", "indicator_targets", "growth_targets", "facts"});
  PlanInfo info{root.string("id"),     root.string("name_zh"),   root.string("name_en"),
                root.string("issuer"), root.string("published"), root.string("note")};
  std::vector<TierCutoff> tiers;
  root.each("tiers", true, {"label", "min_score", "inclusive", "name_zh", "name_en"}, [&](const Object& o) {
    tiers.push_back(TierCutoff{o.required_string("label"), o.number_or_null("min_score", -inf, -inf),
                               o.boolean("inclusive", true), o.string("name_zh"), o.string("name_en")});
  });
  std::vector<Phase> phases;
  root.each("phases", false,
            {"id", "name_zh", "name_en", "evaluation_year", "publication_year", "publication_year_inferred", "baseline",
             "tier_counts", "note"},
            [&](const Object& o) {
              Phase p;
              p.id = o.required_string("id");
              p.name_zh = o.string("name_zh");
              p.name_en = o.string("name_en");
              p.evaluation_year = o.integer("evaluation_year");
              p.publication_year = o.integer("publication_year");
              p.publication_year_inferred = o.boolean("publication_year_inferred", false);
              p.baseline = o.boolean("baseline", false);
              o.each_entry("tier_counts", [&](const std::string& label, const json& value, const std::string& at) {
                p.tier_counts[label] = o.as_int(value, at);
              });
              p.note = o.string("note");
              phases.push_back(std::move(p));
            });
  const std::initializer_list<std::string_view> tier_keys = {"code", "evaluation_year", "tier", "inferred", "note"};
  std::vector<RegionTier> observed, goals;
  root.each("observed", false, tier_keys, [&](const Object& o) { observed.push_back(region_tier_from(o)); });
  root.each("goals", false, tier_keys, [&](const Object& o) { goals.push_back(region_tier_from(o)); });
  std::vector<IndicatorTarget> targets;
  root.each("indicator_targets", false, {"indicator", "tier", "year", "value", "unit", "section", "note"},
            [&](const Object& o) {
              targets.push_back(IndicatorTarget{o.required_string("indicator"), o.required_string("tier"),
                                                o.required_integer("year"), o.required_number("value"), o.string("unit"),
                                                o.string("section"), o.string("note")});
            });
  std::vector<GrowthTarget> growth;
  root.each("growth_targets", false,
            {"variable", "min_rate_pct", "rule", "from_year", "to_year", "years_inferred", "section", "note"},
            [&](const Object& o) {
              GrowthTarget g;
              g.variable = o.required_string("variable");
              g.min_rate_pct = o.required_number("min_rate_pct");
              const std::string rule = o.string("rule");
              if (rule == "each_year") g.rule = GrowthRule::each_year;
              else if (!rule.empty() && rule != "average_annual") o.invalid("rule", "expected \"average_annual\" or \"each_year\"");
              g.from_year = o.required_integer("from_year");
              g.to_year = o.required_integer("to_year");
              g.years_inferred = o.boolean("years_inferred", false);
              g.section = o.string("section");
              g.note = o.string("note");
              growth.push_back(std::move(g));
            });
  std::vector<PlanFact> facts;
  root.each("facts", false, {"id", "value", "unit", "from_year", "to_year", "section", "note"}, [&](const Object& o) {
    facts.push_back(PlanFact{o.required_string("id"), o.required_number("value"), o.string("unit"), o.integer("from_year"),
                             o.integer("to_year"), o.string("section"), o.string("note")});
  });
  return internal::in_file(file, [&] {
    return Plan(std::move(info), std::move(tiers), std::move(phases), std::move(observed), std::move(goals),
                std::move(targets), std::move(growth), std::move(facts));
  });
}

// ---- writing ------------------------------------------------------------------------------

// The one number writer of the JSON files: integral values as JSON integers (as a person writes
// `"weight": 25`), everything else as nlohmann's shortest round-trip double; -0.0 stays a
// double so its sign survives. Non-finite numbers have no JSON form.
ojson number(double x, const std::string& what) {
  if (!std::isfinite(x)) throw validation_error("cannot write the non-finite number " + detail::format_double(x) + " as JSON: " + what);
  if (x == std::trunc(x) && std::fabs(x) < 9007199254740992.0 && !(x == 0 && std::signbit(x)))
    return ojson(static_cast<std::int64_t>(x));
  return ojson(x);
}

// Optional keys are written only when they differ from their default.
void put(ojson& o, const char* key, const std::string& s) {
  if (!s.empty()) o[key] = s;
}
void put(ojson& o, const char* key, int x, int fallback) {
  if (x != fallback) o[key] = x;
}
void put(ojson& o, const char* key, bool x, bool fallback) {
  if (x != fallback) o[key] = x;
}

// `[lo, hi]` with null for infinite ends; nothing for an unbounded range.
void put_range(ojson& o, const char* key, const ValidRange& r, const std::string& owner) {
  if (r.unbounded()) return;
  auto end = [&](double x, double open) { return x == open ? ojson(nullptr) : number(x, owner + " range"); };
  o[key] = ojson::array({end(r.lo, -inf), end(r.hi, inf)});
}

std::string dump(const ojson& doc) {
  try {
    return doc.dump(2, ' ', false, ojson::error_handler_t::strict) + "\n";
  } catch (const ojson::type_error& e) {
    throw encoding_error("cannot write a string that is not valid UTF-8: " + reason(e.what()));
  }
}

ojson regions_to(const RegionSet& set) {
  ojson doc = ojson::object();
  doc["schema"] = regions_schema;
  if (set.scheme() == CodeScheme::free) doc["code_scheme"] = "free";
  ojson regions = ojson::array();
  for (const Region& r : set.regions()) {
    ojson o = ojson::object();
    o["code"] = r.code;
    put(o, "name_zh", r.name_zh);
    put(o, "name_en", r.name_en);
    if (r.kind != RegionKind::county) o["kind"] = to_string(r.kind);
    put(o, "parent", r.parent);
    put(o, "valid_from", r.valid_from, 0);
    put(o, "valid_to", r.valid_to, 0);
    put(o, "in_scope", r.in_scope, true);
    put(o, "note", r.note);
    if (!r.attributes.empty()) {
      ojson attributes = ojson::object();
      for (const auto& [name, value] : r.attributes) attributes[name] = value;
      o["attributes"] = std::move(attributes);
    }
    regions.push_back(std::move(o));
  }
  doc["regions"] = std::move(regions);
  if (!set.history().empty()) {
    ojson history = ojson::array();
    for (const CodeChange& c : set.history()) {
      ojson o = ojson::object();
      o["old_code"] = c.old_code;
      o["new_code"] = c.new_code;
      put(o, "year", c.year, 0);
      put(o, "old_name_zh", c.old_name_zh);
      put(o, "note", c.note);
      history.push_back(std::move(o));
    }
    doc["history"] = std::move(history);
  }
  return doc;
}

ojson framework_to(const Framework& fw) {
  ojson doc = ojson::object();
  doc["schema"] = framework_schema;
  put(doc, "id", fw.info().id);
  put(doc, "name_zh", fw.info().name_zh);
  put(doc, "name_en", fw.info().name_en);
  put(doc, "note", fw.info().note);
  const std::size_t n_explicit = internal::explicit_variable_count(fw);
  if (n_explicit > 0) {
    ojson variables = ojson::array();
    for (std::size_t i = 0; i < n_explicit; ++i) {
      const Variable& v = fw.variables()[i];
      ojson o = ojson::object();
      o["id"] = v.id;
      put(o, "name_zh", v.name_zh);
      put(o, "name_en", v.name_en);
      put(o, "unit", v.unit);
      put_range(o, "range", v.range, "variable '" + v.id + "'");
      put(o, "note", v.note);
      variables.push_back(std::move(o));
    }
    doc["variables"] = std::move(variables);
  }
  ojson indicators = ojson::array();
  for (const Indicator& ind : fw.indicators()) {
    const std::string owner = "indicator '" + ind.id + "'";
    ojson o = ojson::object();
    o["id"] = ind.id;
    put(o, "name_zh", ind.name_zh);
    put(o, "name_en", ind.name_en);
    put(o, "unit", ind.unit);
    put(o, "direction", sign(ind.direction), 1);
    if (ind.kind != IndicatorKind::raw) o["kind"] = to_string(ind.kind);
    put(o, "variable", ind.variable);
    put(o, "denominator", ind.denominator);
    if (ind.scale != 1.0) o["scale"] = number(ind.scale, owner + " scale");
    put(o, "years", ind.years, 1);
    put_range(o, "range", ind.range, owner);
    put(o, "denominate_by", ind.denominate_by);
    if (!std::isnan(ind.target)) o["target"] = number(ind.target, owner + " target");
    put(o, "note", ind.note);
    indicators.push_back(std::move(o));
  }
  doc["indicators"] = std::move(indicators);
  // Canonical order (leaves, then aggregates bottom-up): reading it back gives the same order.
  ojson nodes = ojson::array();
  for (const Node& n : fw.nodes()) {
    ojson o = ojson::object();
    o["id"] = n.id;
    put(o, "parent", n.parent);
    if (n.weight != 1.0) o["weight"] = number(n.weight, "node '" + n.id + "' weight");
    put(o, "name_zh", n.name_zh);
    put(o, "name_en", n.name_en);
    put(o, "aggregation", n.aggregation);
    put(o, "note", n.note);
    nodes.push_back(std::move(o));
  }
  doc["nodes"] = std::move(nodes);
  return doc;
}

ojson region_tiers_to(const std::vector<RegionTier>& list) {
  ojson out = ojson::array();
  for (const RegionTier& g : list) {
    ojson o = ojson::object();
    o["code"] = g.code;
    o["evaluation_year"] = g.evaluation_year;
    o["tier"] = g.tier;
    put(o, "inferred", g.inferred, false);
    put(o, "note", g.note);
    out.push_back(std::move(o));
  }
  return out;
}

ojson plan_to(const Plan& plan) {
  ojson doc = ojson::object();
  doc["schema"] = plan_schema;
  const PlanInfo& info = plan.info();
  put(doc, "id", info.id);
  put(doc, "name_zh", info.name_zh);
  put(doc, "name_en", info.name_en);
  put(doc, "issuer", info.issuer);
  put(doc, "published", info.published);
  put(doc, "note", info.note);
  ojson tiers = ojson::array();
  for (const TierCutoff& t : plan.tiers()) {
    ojson o = ojson::object();
    o["label"] = t.label;
    // The open-ended last tier is written as null, as in the documented example.
    o["min_score"] = t.min_score == -inf ? ojson(nullptr) : number(t.min_score, "tier '" + t.label + "' min_score");
    put(o, "inclusive", t.inclusive, true);
    put(o, "name_zh", t.name_zh);
    put(o, "name_en", t.name_en);
    tiers.push_back(std::move(o));
  }
  doc["tiers"] = std::move(tiers);
  if (!plan.phases().empty()) {
    ojson phases = ojson::array();
    for (const Phase& p : plan.phases()) {
      ojson o = ojson::object();
      o["id"] = p.id;
      put(o, "name_zh", p.name_zh);
      put(o, "name_en", p.name_en);
      put(o, "evaluation_year", p.evaluation_year, 0);
      put(o, "publication_year", p.publication_year, 0);
      put(o, "publication_year_inferred", p.publication_year_inferred, false);
      put(o, "baseline", p.baseline, false);
      if (!p.tier_counts.empty()) {
        ojson counts = ojson::object();
        for (const auto& [label, count] : p.tier_counts) counts[label] = count;
        o["tier_counts"] = std::move(counts);
      }
      put(o, "note", p.note);
      phases.push_back(std::move(o));
    }
    doc["phases"] = std::move(phases);
  }
  if (!plan.observed().empty()) doc["observed"] = region_tiers_to(plan.observed());
  if (!plan.goals().empty()) doc["goals"] = region_tiers_to(plan.goals());
  if (!plan.indicator_targets().empty()) {
    ojson list = ojson::array();
    for (const IndicatorTarget& t : plan.indicator_targets()) {
      ojson o = ojson::object();
      o["indicator"] = t.indicator;
      o["tier"] = t.tier;
      o["year"] = t.year;
      o["value"] = number(t.value, "target of '" + t.indicator + "'");
      put(o, "unit", t.unit);
      put(o, "section", t.section);
      put(o, "note", t.note);
      list.push_back(std::move(o));
    }
    doc["indicator_targets"] = std::move(list);
  }
  if (!plan.growth_targets().empty()) {
    ojson list = ojson::array();
    for (const GrowthTarget& g : plan.growth_targets()) {
      ojson o = ojson::object();
      o["variable"] = g.variable;
      o["min_rate_pct"] = number(g.min_rate_pct, "growth target of '" + g.variable + "'");
      if (g.rule != GrowthRule::average_annual) o["rule"] = to_string(g.rule);
      o["from_year"] = g.from_year;
      o["to_year"] = g.to_year;
      put(o, "years_inferred", g.years_inferred, false);
      put(o, "section", g.section);
      put(o, "note", g.note);
      list.push_back(std::move(o));
    }
    doc["growth_targets"] = std::move(list);
  }
  if (!plan.facts().empty()) {
    ojson list = ojson::array();
    for (const PlanFact& f : plan.facts()) {
      ojson o = ojson::object();
      o["id"] = f.id;
      o["value"] = number(f.value, "fact '" + f.id + "'");
      put(o, "unit", f.unit);
      put(o, "from_year", f.from_year, 0);
      put(o, "to_year", f.to_year, 0);
      put(o, "section", f.section);
      put(o, "note", f.note);
      list.push_back(std::move(o));
    }
    doc["facts"] = std::move(list);
  }
  return doc;
}

}  // namespace

RegionSet parse_regions_json(std::string_view text, const std::string& source_name) {
  return regions_from(parse_document(text, source_name), source_name);
}
RegionSet read_regions_json(const std::string& path) { return parse_regions_json(internal::read_file(path), path); }
std::string format_regions_json(const RegionSet& regions) { return dump(regions_to(regions)); }
void write_regions_json(const RegionSet& regions, const std::string& path) {
  internal::write_file(path, format_regions_json(regions));
}

Framework parse_framework_json(std::string_view text, const std::string& source_name) {
  return framework_from(parse_document(text, source_name), source_name);
}
Framework read_framework_json(const std::string& path) { return parse_framework_json(internal::read_file(path), path); }
std::string format_framework_json(const Framework& framework) { return dump(framework_to(framework)); }
void write_framework_json(const Framework& framework, const std::string& path) {
  internal::write_file(path, format_framework_json(framework));
}

Plan parse_plan_json(std::string_view text, const std::string& source_name) {
  return plan_from(parse_document(text, source_name), source_name);
}
Plan read_plan_json(const std::string& path) { return parse_plan_json(internal::read_file(path), path); }
std::string format_plan_json(const Plan& plan) { return dump(plan_to(plan)); }
void write_plan_json(const Plan& plan, const std::string& path) { internal::write_file(path, format_plan_json(plan)); }

}  // namespace countyleap::io
