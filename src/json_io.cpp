// Regions, framework and plan JSON (docs/file-formats.md). nlohmann::json parses and prints;
// this file maps between its values and the model, checking every key so that a typo is an
// error that names the key and its JSON pointer rather than a silently ignored setting.

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/io/json.hpp"
#include "json_support.hpp"
#include "spec_json.hpp"

namespace countyleap::io {

namespace {

using namespace internal;

constexpr const char* regions_schema = "countyleap.regions/1";
constexpr const char* framework_schema = "countyleap.framework/1";
constexpr const char* plan_schema = "countyleap.plan/1";
constexpr const char* tiers_schema = "countyleap.tiers/1";

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
  root.each("history", false, {"old_code", "new_code", "split_into", "year", "old_name_zh", "note"}, [&](const Object& o) {
    std::vector<std::string> split = o.strings("split_into");
    // a split names the units that took the area instead of one new code
    std::string new_code = split.empty() ? o.required_string("new_code") : o.string("new_code");
    history.push_back(CodeChange{o.required_string("old_code"), std::move(new_code), o.integer("year"),
                                 o.string("old_name_zh"), o.string("note"), std::move(split)});
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
  RegionTier g{o.required_string("code"), o.required_integer("evaluation_year"), o.required_string("tier"),
               o.boolean("inferred", false), o.string("note"), o.string("reason"), o.strings("assumptions")};
  try {
    g.named = naming_from_string(o.string("named"));
  } catch (const validation_error& e) {
    o.invalid("named", e.detail());
  }
  return g;
}

}  // namespace

// A tier scheme (docs/file-formats.md, "Tier scheme"): the rule, then the tiers best first; each
// tier's bound under the key its rule reads naturally with (min, count, share, k). In
// internal:: (declared in spec_json.hpp) because the uncertainty spec embeds tier schemes too.
namespace internal {

namespace {

const char* bound_key(TierRule rule, bool share) {
  switch (rule) {
    case TierRule::fixed:
    case TierRule::relative_to_mean: return "min";
    case TierRule::quota: return share ? "share" : "count";
    case TierRule::targets_met: return "k";
    case TierRule::natural_breaks: break;
  }
  return "";
}

}  // namespace

TierScheme tier_scheme_from(const Object& o) {
  TierScheme scheme;
  try {
    scheme.rule = tier_rule_from_string(o.required_string("rule"));
  } catch (const validation_error& e) {
    o.invalid("rule", e.detail());
  }
  scheme.sub_bands = o.integer("sub_bands", 1);
  o.each("tiers", true, {"label", "min", "inclusive", "relative", "count", "share", "k", "name_zh", "name_en"},
         [&](const Object& t) {
           TierBand band;
           band.label = t.required_string("label");
           band.inclusive = t.boolean("inclusive", true);
           band.relative = t.boolean("relative", true);
           band.name_zh = t.string("name_zh");
           band.name_en = t.string("name_en");
           if (t.find("share")) scheme.quota_share = true;
           for (const char* key : {"min", "count", "share", "k"})
             if (t.find(key)) {
               if (std::string(key) != bound_key(scheme.rule, scheme.quota_share))
                 t.invalid(key, std::string("a ") + to_string(scheme.rule) + " scheme does not take '" + key + "'" +
                                    (scheme.rule == TierRule::natural_breaks ? "" : std::string(" (its tiers take '") +
                                                                                      bound_key(scheme.rule, scheme.quota_share) + "')"));
               band.bound = t.required_number(key);
             }
           scheme.tiers.push_back(std::move(band));
         });
  // "quota_share" is implied by the tiers' keys ("share" or "count"); when it is given it must
  // be a boolean that agrees with them.
  if (o.find("quota_share")) {
    const bool share = o.boolean("quota_share", scheme.quota_share);
    if (share != scheme.quota_share)
      o.invalid("quota_share", std::string("quota_share is ") + (share ? "true" : "false") + " but the tiers give '" +
                                   (scheme.quota_share ? "share" : "count") + "'");
  }
  try {
    scheme.validate();
  } catch (const error&) {
    internal::rethrow_in_file(o.file());
  }
  return scheme;
}

ojson tier_scheme_to(const TierScheme& scheme) {
  ojson doc = ojson::object();
  doc["rule"] = to_string(scheme.rule);
  ojson tiers = ojson::array();
  for (std::size_t i = 0; i < scheme.tiers.size(); ++i) {
    const TierBand& t = scheme.tiers[i];
    ojson o = ojson::object();
    o["label"] = t.label;
    const bool last = i + 1 == scheme.tiers.size();
    if (!last && scheme.rule != TierRule::natural_breaks)
      o[bound_key(scheme.rule, scheme.quota_share)] = number(t.bound, "tier '" + t.label + "' bound");
    if (scheme.rule == TierRule::fixed || scheme.rule == TierRule::relative_to_mean) put(o, "inclusive", t.inclusive, true);
    if (scheme.rule == TierRule::relative_to_mean) put(o, "relative", t.relative, true);
    put(o, "name_zh", t.name_zh);
    put(o, "name_en", t.name_en);
    tiers.push_back(std::move(o));
  }
  doc["tiers"] = std::move(tiers);
  if (scheme.sub_bands != 1) doc["sub_bands"] = scheme.sub_bands;
  return doc;
}

}  // namespace internal

namespace {

Plan plan_from(const json& doc, const std::string& file) {
  const Object root = open_root(doc, file, plan_schema,
                                {"schema", "id", "name_zh", "name_en", "issuer", "published", "note", "tier_scheme", "phases",
                                 "observed", "goals", "indicator_targets", "growth_targets", "facts", "assumptions",
                                 "other_goals"});
  PlanInfo info{root.string("id"),     root.string("name_zh"),   root.string("name_en"),
                root.string("issuer"), root.string("published"), root.string("note")};
  TierScheme tiers = tier_scheme_from(root.child("tier_scheme", {"rule", "tiers", "quota_share", "sub_bands"}));
  std::vector<Phase> phases;
  root.each("phases", false,
            {"id", "name_zh", "name_en", "evaluation_year", "evaluation_year_inferred", "publication_year",
             "publication_year_inferred", "baseline", "tier_counts", "note", "reason"},
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
              p.evaluation_year_inferred = o.boolean("evaluation_year_inferred", false);
              p.reason = o.string("reason");
              phases.push_back(std::move(p));
            });
  const std::initializer_list<std::string_view> tier_keys = {"code", "evaluation_year", "tier", "inferred", "note",
                                                             "reason", "assumptions", "named"};
  std::vector<RegionTier> observed, goals;
  root.each("observed", false, tier_keys, [&](const Object& o) { observed.push_back(region_tier_from(o)); });
  root.each("goals", false, tier_keys, [&](const Object& o) { goals.push_back(region_tier_from(o)); });
  std::vector<IndicatorTarget> targets;
  root.each("indicator_targets", false, {"indicator", "tier", "year", "value", "unit", "unit_en", "section", "note"},
            [&](const Object& o) {
              targets.push_back(IndicatorTarget{o.required_string("indicator"), o.required_string("tier"),
                                                o.required_integer("year"), o.required_number("value"), o.string("unit"),
                                                o.string("section"), o.string("note"), o.string("unit_en")});
            });
  std::vector<GrowthTarget> growth;
  root.each("growth_targets", false,
            {"variable", "min_rate_pct", "rule", "from_year", "to_year", "years_inferred", "variable_inferred", "section",
             "note", "reason"},
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
              g.variable_inferred = o.boolean("variable_inferred", false);
              g.reason = o.string("reason");
              growth.push_back(std::move(g));
            });
  std::vector<PlanFact> facts;
  root.each("facts", false, {"id", "value", "unit", "unit_en", "from_year", "to_year", "section", "note"},
            [&](const Object& o) {
              facts.push_back(PlanFact{o.required_string("id"), o.required_number("value"), o.string("unit"),
                                       o.integer("from_year"), o.integer("to_year"), o.string("section"), o.string("note"),
                                       o.string("unit_en")});
            });
  std::vector<PlanAssumption> assumptions;
  root.each("assumptions", false, {"id", "statement", "reason", "applies_to", "section"}, [&](const Object& o) {
    assumptions.push_back(PlanAssumption{o.required_string("id"), o.required_string("statement"),
                                         o.required_string("reason"), o.string("applies_to"), o.string("section")});
  });
  std::vector<PlanGoal> other_goals;
  root.each("other_goals", false,
            {"id", "kind", "text_zh", "text_en", "value", "unit", "unit_en", "year", "base_year", "years_inferred",
             "regions", "fund", "section", "note"},
            [&](const Object& o) {
              PlanGoal g;
              g.id = o.required_string("id");
              try {
                g.kind = goal_kind_from_string(o.required_string("kind"));
              } catch (const validation_error& e) {
                o.invalid("kind", e.detail());
              }
              g.text_zh = o.required_string("text_zh");
              g.text_en = o.string("text_en");
              g.value = o.number("value", std::numeric_limits<double>::quiet_NaN());
              g.unit = o.string("unit");
              g.unit_en = o.string("unit_en");
              g.year = o.integer("year");
              g.base_year = o.integer("base_year");
              g.years_inferred = o.boolean("years_inferred", false);
              g.regions = o.strings("regions");
              g.fund = o.string("fund");
              g.section = o.string("section");
              g.note = o.string("note");
              other_goals.push_back(std::move(g));
            });
  return internal::in_file(file, [&] {
    return Plan(std::move(info), std::move(tiers), std::move(phases), std::move(observed), std::move(goals),
                std::move(targets), std::move(growth), std::move(facts), std::move(assumptions), std::move(other_goals));
  });
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
      put(o, "new_code", c.new_code);
      put(o, "split_into", c.split_into);
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
    put(o, "reason", g.reason);
    put(o, "assumptions", g.assumptions);
    put(o, "named", std::string(to_string(g.named)));
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
  doc["tier_scheme"] = tier_scheme_to(plan.tiers());
  if (!plan.phases().empty()) {
    ojson phases = ojson::array();
    for (const Phase& p : plan.phases()) {
      ojson o = ojson::object();
      o["id"] = p.id;
      put(o, "name_zh", p.name_zh);
      put(o, "name_en", p.name_en);
      put(o, "evaluation_year", p.evaluation_year, 0);
      put(o, "evaluation_year_inferred", p.evaluation_year_inferred, false);
      put(o, "publication_year", p.publication_year, 0);
      put(o, "publication_year_inferred", p.publication_year_inferred, false);
      put(o, "baseline", p.baseline, false);
      if (!p.tier_counts.empty()) {
        ojson counts = ojson::object();
        for (const auto& [label, count] : p.tier_counts) counts[label] = count;
        o["tier_counts"] = std::move(counts);
      }
      put(o, "note", p.note);
      put(o, "reason", p.reason);
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
      put(o, "unit_en", t.unit_en);
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
      put(o, "variable_inferred", g.variable_inferred, false);
      put(o, "section", g.section);
      put(o, "note", g.note);
      put(o, "reason", g.reason);
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
      put(o, "unit_en", f.unit_en);
      put(o, "from_year", f.from_year, 0);
      put(o, "to_year", f.to_year, 0);
      put(o, "section", f.section);
      put(o, "note", f.note);
      list.push_back(std::move(o));
    }
    doc["facts"] = std::move(list);
  }
  if (!plan.assumptions().empty()) {
    ojson list = ojson::array();
    for (const PlanAssumption& a : plan.assumptions()) {
      ojson o = ojson::object();
      o["id"] = a.id;
      o["statement"] = a.statement;
      o["reason"] = a.reason;
      put(o, "applies_to", a.applies_to);
      put(o, "section", a.section);
      list.push_back(std::move(o));
    }
    doc["assumptions"] = std::move(list);
  }
  if (!plan.other_goals().empty()) {
    ojson list = ojson::array();
    for (const PlanGoal& g : plan.other_goals()) {
      ojson o = ojson::object();
      o["id"] = g.id;
      o["kind"] = to_string(g.kind);
      o["text_zh"] = g.text_zh;
      put(o, "text_en", g.text_en);
      if (!std::isnan(g.value)) o["value"] = number(g.value, "goal '" + g.id + "'");
      put(o, "unit", g.unit);
      put(o, "unit_en", g.unit_en);
      put(o, "year", g.year, 0);
      put(o, "base_year", g.base_year, 0);
      put(o, "years_inferred", g.years_inferred, false);
      put(o, "regions", g.regions);
      put(o, "fund", g.fund);
      put(o, "section", g.section);
      put(o, "note", g.note);
      list.push_back(std::move(o));
    }
    doc["other_goals"] = std::move(list);
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

TierScheme parse_tier_scheme_json(std::string_view text, const std::string& source_name) {
  const json doc = parse_document(text, source_name);
  return tier_scheme_from(open_root(doc, source_name, tiers_schema, {"schema", "rule", "tiers", "quota_share", "sub_bands"}));
}
TierScheme read_tier_scheme_json(const std::string& path) { return parse_tier_scheme_json(internal::read_file(path), path); }
std::string format_tier_scheme_json(const TierScheme& scheme) {
  ojson doc = ojson::object();
  doc["schema"] = tiers_schema;
  doc.update(tier_scheme_to(scheme));
  return dump(doc);
}
void write_tier_scheme_json(const TierScheme& scheme, const std::string& path) {
  internal::write_file(path, format_tier_scheme_json(scheme));
}

}  // namespace countyleap::io
