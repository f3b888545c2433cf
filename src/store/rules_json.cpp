// rules.json (schema "countyleap.rules/1", docs/store.md): read with the same checked JSON
// helpers as every other countyleap JSON file (unknown keys, wrong types and the wrong schema are
// errors naming the JSON pointer), written in schema order.

#include <string>
#include <string_view>
#include <vector>

#include "../encoding.hpp"
#include "../json_support.hpp"
#include "countyleap/rules.hpp"

namespace countyleap {

namespace {

using io::internal::json;
using io::internal::Object;
using io::internal::ojson;

constexpr const char* schema = "countyleap.rules/1";

}  // namespace

RuleSet parse_rules_json(std::string_view text, const std::string& source_name, const Framework* framework) {
  return io::internal::in_file(source_name, [&] {
    const json doc = io::internal::parse_document(text, source_name);
    const Object root = io::internal::open_root(doc, source_name, schema, {"schema", "note", "rules"});
    std::vector<Rule> rules;
    root.each("rules", true,
              {"id", "kind", "severity", "variables", "range", "part", "whole", "factor", "first_year", "last_year", "note"},
              [&](const Object& o) {
                Rule r;
                r.id = o.required_string("id");
                try {
                  r.kind = rule_kind_from_string(o.required_string("kind"));
                  r.severity = rule_severity_from_string(o.string("severity").empty() ? "error" : o.string("severity"));
                } catch (const validation_error& e) {
                  o.fail_at(o.at(), e.detail());
                }
                if (const json* vars = o.find("variables")) {
                  if (!vars->is_array()) o.fail_at(o.pointer("variables"), "expected an array of variable ids");
                  for (std::size_t i = 0; i < vars->size(); ++i)
                    r.variables.push_back(o.as_string((*vars)[i], o.pointer("variables") + "/" + std::to_string(i)));
                }
                const ValidRange range = o.range("range");
                r.lo = range.lo;
                r.hi = range.hi;
                r.part = o.string("part");
                r.whole = o.string("whole");
                r.factor = o.number("factor", 3.0);
                r.first_year = o.integer("first_year", 0);
                r.last_year = o.integer("last_year", 0);
                r.note = o.string("note");
                rules.push_back(std::move(r));
              });
    return RuleSet(std::move(rules), framework);
  });
}

RuleSet read_rules_json(const std::string& path, const Framework* framework) {
  return parse_rules_json(io::internal::read_file(path), path, framework);
}

std::string format_rules_json(const RuleSet& rules) {
  ojson doc;
  doc["schema"] = schema;
  ojson list = ojson::array();
  for (const Rule& r : rules.rules()) {
    ojson o;
    o["id"] = r.id;
    o["kind"] = to_string(r.kind);
    o["severity"] = to_string(r.severity);
    if (!r.variables.empty()) o["variables"] = r.variables;
    io::internal::put_range(o, "range", ValidRange{r.lo, r.hi}, "rule " + r.id);
    io::internal::put(o, "part", r.part);
    io::internal::put(o, "whole", r.whole);
    if (r.kind == RuleKind::year_on_year || r.factor != 3.0) o["factor"] = io::internal::number(r.factor, "rule " + r.id);
    io::internal::put(o, "first_year", r.first_year, 0);
    io::internal::put(o, "last_year", r.last_year, 0);
    io::internal::put(o, "note", r.note);
    list.push_back(std::move(o));
  }
  doc["rules"] = std::move(list);
  return io::internal::dump(doc);
}

}  // namespace countyleap
