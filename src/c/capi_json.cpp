// The C interface's analyses as JSON text (schemas in docs/c-api.md): provenance, plan check, target gaps,
// early warning, leap path, uncertainty summary and the bulletin's data. Each function calls the
// library function the Python layer calls and writes its result as it stands; NaN is null.

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "capi_internal.hpp"
#include "countyleap/derive.hpp"
#include "countyleap/gaps.hpp"
#include "countyleap/io/spec.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "countyleap/leap.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/plan_check.hpp"
#include "countyleap/projection.hpp"
#include "countyleap/uncertainty.hpp"
#include "countyleap/version.hpp"
#include "countyleap/warning.hpp"
#include "countyleap/weak_spots.hpp"

namespace countyleap::c_api {

namespace {

using Json = nlohmann::ordered_json;

const char* const illustrative_notice = "Illustrative data, not official statistics (示例数据，非官方统计)";

// A number, or null for NaN and infinities (JSON has neither).
Json number(double x) { return std::isfinite(x) ? Json(x) : Json(nullptr); }

// Where the data come from, with the keys and meanings of the Python layer's provenance record
// (countyleap._provenance.record), so a system can match a C result with a CSV's sidecar: the
// data's name, the illustrative flag, the data read (panel file or database file), the store
// vintage (null for a folder), the library version and the SHA-256 of the canonical spec.
Json provenance_json(const cl_dataset& ds, const std::string& canonical_spec) {
  Json vintage = nullptr;
  if (ds.vintage)
    vintage = Json{{"as_of", ds.vintage->as_of}, {"batch", ds.vintage->batch}, {"committed_at", ds.vintage->committed_at},
                   {"content_hash", ds.vintage->content_hash}};
  return Json{{"version", countyleap::version}, {"dataset", ds.data.info.name}, {"illustrative", ds.illustrative},
              {"data", ds.source}, {"vintage", vintage}, {"spec_sha256", sha256_hex(canonical_spec)}};
}

// What every text starts with: its schema, the library version, the dataset, whether the data
// are illustrative, the pipeline spec that made the scores, and the provenance.
Json header(const cl_dataset& ds, const char* kind) {
  const std::string spec = io::format_pipeline_spec(ds.spec);
  return Json{{"schema", std::string("countyleap.c.") + kind + "/1"},
              {"version", countyleap::version},
              {"dataset", ds.data.directory},
              {"illustrative", ds.illustrative},
              {"notice", ds.illustrative ? illustrative_notice : ""},
              {"spec", Json::parse(spec)},
              {"provenance", provenance_json(ds, spec)}};
}

// ---- one JSON object per library result ---------------------------------------------------------

Json plan_check_json(const PlanCheck& check) {
  Json findings = Json::array();
  for (const auto& f : check.findings)
    findings.push_back({{"severity", to_string(f.severity)}, {"phase", f.phase}, {"tier", f.tier},
                        {"regions", f.regions}, {"message", f.message}});
  Json phases = Json::array();
  for (const auto& p : check.phases) {
    Json moves = Json::array();
    for (const auto& m : p.moves) moves.push_back({{"code", m.code}, {"from", m.from}, {"to", m.to}});
    phases.push_back({{"phase", p.phase}, {"evaluation_year", p.evaluation_year}, {"baseline", p.baseline},
                      {"previous", p.previous}, {"stated", p.stated}, {"counted", p.counted}, {"moves", moves}});
  }
  return Json{{"consistent", check.consistent()}, {"findings", findings}, {"phases", phases}};
}

Json gaps_json(const GapTable& table) {
  Json rows = Json::array();
  for (const auto& g : table.rows)
    rows.push_back({{"code", g.region}, {"indicator", g.indicator}, {"tier", g.tier}, {"data_year", g.data_year},
                    {"target_year", g.target_year}, {"years_left", g.years_left}, {"value", number(g.value)},
                    {"target", number(g.target)}, {"gap", number(g.gap)}, {"relative_gap", number(g.relative_gap)},
                    {"attainment", number(g.attainment)}, {"required_growth_pct", number(g.required_growth_pct)},
                    {"growth_need", to_string(g.growth_need)}, {"status", to_string(g.status)},
                    {"direction", g.direction == Direction::higher_is_better ? "higher_is_better" : "lower_is_better"},
                    {"unit", g.unit}, {"section", g.section}});
  Json without = Json::array();
  for (const auto& w : table.without_goal) without.push_back({{"code", w.code}, {"year", w.year}});
  return Json{{"gaps", rows}, {"without_goal", without}};
}

Json warnings_json(const EarlyWarning& w, int base_year) {
  Json targets = Json::array();
  for (const auto& t : w.targets)
    targets.push_back({{"code", t.region}, {"indicator", t.indicator}, {"kind", to_string(t.kind)}, {"tier", t.tier},
                       {"target_year", t.target_year}, {"target", number(t.target)},
                       {"min_rate_pct", number(t.min_rate_pct)}, {"data_year", t.data_year}, {"value", number(t.value)},
                       {"required_growth_pct", number(t.required_growth_pct)},
                       {"recent_growth_pct", number(t.recent_growth_pct)}, {"recent", t.recent},
                       {"status", to_string(t.status)}, {"reason", t.reason}});
  Json goals = Json::array();
  for (const auto& g : w.goals)
    goals.push_back({{"code", g.region}, {"year", g.year}, {"goal", g.goal}, {"tier", g.tier}, {"score", number(g.score)},
                     {"boundary", number(g.boundary)}, {"gap", number(g.gap)}, {"projected", g.projected},
                     {"basis", g.basis}, {"status", to_string(g.status)}, {"reason", g.reason}});
  Json phases = Json::array();
  for (const auto& p : w.phases) {
    Json tiers = Json::array();
    for (const auto& t : p.tiers)
      tiers.push_back({{"tier", t.tier}, {"target", t.target}, {"count", t.count}, {"target_at_least", t.target_at_least},
                       {"at_least", t.at_least}, {"within_reach", t.within_reach}});
    phases.push_back({{"phase", p.phase}, {"year", p.year}, {"projected", p.projected}, {"basis", p.basis},
                      {"tiers", tiers}, {"behind", p.behind}, {"ahead", p.ahead}, {"near", p.near},
                      {"status", to_string(p.status)}, {"reason", p.reason}});
  }
  return Json{{"base_year", base_year}, {"targets", targets}, {"goals", goals}, {"phases", phases}};
}

Json leap_json(const LeapPath& p, int base_year) {
  Json changes = Json::array();
  for (const auto& c : p.changes)
    changes.push_back({{"indicator", c.indicator}, {"unit", c.unit}, {"current", number(c.current)},
                       {"new_value", number(c.new_value)}, {"change", number(c.change)},
                       {"change_pct", number(c.change_pct)}, {"bound", number(c.bound)}, {"points", number(c.points)},
                       {"at_bound", c.at_bound}, {"saturated", c.saturated}});
  return Json{{"code", p.region}, {"base_year", base_year}, {"year", p.year}, {"goal", p.goal},
              {"boundary", number(p.boundary)}, {"projected", p.projected}, {"basis", p.basis}, {"years", p.years},
              {"score", number(p.score)}, {"tier", p.tier}, {"new_score", number(p.new_score)}, {"new_tier", p.new_tier},
              {"feasible", p.feasible}, {"shortfall", number(p.shortfall)}, {"exact", p.exact}, {"method", p.method},
              {"total_relative_change", number(p.total_relative_change)}, {"changes", changes}, {"held", p.held}};
}

Json weak_spots_json(const WeakSpots& w) {
  Json rows = Json::array();
  for (const auto& s : w.rows)
    rows.push_back({{"code", s.region}, {"indicator", s.indicator}, {"tier", s.tier}, {"value", number(s.value)},
                    {"target", number(s.target)}, {"normalised", number(s.normalised)},
                    {"normalised_at_target", number(s.normalised_at_target)}, {"weight", number(s.weight)},
                    {"score", number(s.score)}, {"score_at_target", number(s.score_at_target)},
                    {"gain", number(s.gain)}, {"rank", s.rank}});
  return Json{{"data_year", w.data_year}, {"target_year", w.target_year}, {"rows", rows},
              {"without_goal", w.without_goal}, {"dropped", w.dropped}};
}

// ---- the analyses, as the Python Study runs them ------------------------------------------------

EarlyWarning warn(const cl_dataset& ds, int year) {
  WarningOptions options;
  options.projection.base_year = year;
  return early_warning(*ds.data.panel, *ds.data.framework, ds.spec, require_plan(ds, "an early warning"), options,
                       &ds.data.regions);
}

// The leap path of `code` from the data of `base_year` into `goal` in evaluation year `year`
// (projected when after `base_year`).
LeapPath leap(const cl_dataset& ds, const std::string& code, int base_year, const std::string& goal, int year) {
  LeapOptions options;
  options.projection.base_year = base_year;
  return leap_path(*ds.data.panel, *ds.data.framework, ds.spec, require_plan(ds, "a leap path").tiers(), code, goal, year,
                   options, &ds.data.regions);
}

// The tier of every region scored in `scores` (classify_composite with the plan's scheme).
std::map<std::string, std::string> tiers_of(const Scores& scores, const TierScheme& scheme) {
  const Classification c = classify_composite(scores, scheme);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < scores.regions.size(); ++i) out[scores.regions[i]] = scheme.tiers[c.regions[i].tier].label;
  return out;
}

Json text_or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

std::string goal_in(const Plan& plan, const std::string& code, int year) {
  for (const auto& g : plan.goals())
    if (g.code == code && g.evaluation_year == year) return g.tier;
  return "";
}

// The ranking of the bulletin: tiers, margins and, against the previous year (the regions scored
// in both), compare_years()'s moves.
Json ranking_json(const cl_dataset& ds, const Scores& now, const Scores* before, const Plan& plan) {
  const TierScheme& scheme = plan.tiers();
  const Classification current = classify_composite(now, scheme);
  std::vector<std::string> common;
  std::map<std::string, YearMove> moves;
  std::map<std::string, std::string> previous_tier;
  if (before != nullptr) {
    previous_tier = tiers_of(*before, scheme);
    Eigen::VectorXd a(static_cast<Eigen::Index>(now.regions.size())), b(a.size());
    Eigen::Index n = 0;
    for (std::size_t i = 0; i < now.regions.size(); ++i)
      if (previous_tier.count(now.regions[i])) {
        common.push_back(now.regions[i]);
        b[n] = before->value(now.regions[i], before->nodes.back());
        a[n++] = now.values(static_cast<Eigen::Index>(i), now.values.cols() - 1);
      }
    if (n > 0) {
      const auto changes = compare_years(classify(b.head(n), scheme), classify(a.head(n), scheme));
      for (std::size_t k = 0; k < common.size(); ++k) moves[common[k]] = changes[k];
    }
  }
  Json rows = Json::array();
  const Eigen::Index root = now.values.cols() - 1;
  for (std::size_t i = 0; i < now.regions.size(); ++i) {
    const std::string& code = now.regions[i];
    const auto& a = current.regions[i];
    const Region* region = ds.data.regions.contains(code) ? &ds.data.regions.at(code) : nullptr;
    Json row{{"code", code}, {"name_zh", region ? region->name_zh : ""}, {"name_en", region ? region->name_en : ""},
             {"score", number(now.values(static_cast<Eigen::Index>(i), root))},
             {"rank", number(now.ranks(static_cast<Eigen::Index>(i), root))}, {"tier", scheme.tiers[a.tier].label},
             {"margin_up", number(a.margin_up)}, {"margin_down", number(a.margin_down)},
             {"previous_tier", previous_tier.count(code) ? Json(previous_tier[code]) : Json(nullptr)}};
    if (auto m = moves.find(code); m != moves.end()) {
      row["tier_move"] = to_string(m->second.move);
      row["tiers_moved"] = m->second.tiers_moved;
      row["score_change"] = number(m->second.score_change);
      row["rank_change"] = m->second.rank_change;
      row["rank_band"] = m->second.rank_band;
    } else {
      for (const char* key : {"tier_move", "tiers_moved", "score_change", "rank_change", "rank_band"}) row[key] = nullptr;
    }
    row["goal"] = text_or_null(goal_in(plan, code, now.year));
    rows.push_back(std::move(row));
  }
  return rows;
}

Json tier_counts_json(const Json& ranking, const Plan& plan, const Phase* phase, bool has_previous) {
  Json out = Json::array();
  for (const auto& band : plan.tiers().tiers) {
    int count = 0, previous = 0;
    for (const auto& row : ranking) {
      count += row["tier"] == band.label;
      previous += row["previous_tier"] == band.label;
    }
    Json planned = nullptr;
    if (phase != nullptr)
      if (auto c = phase->tier_counts.find(band.label); c != phase->tier_counts.end()) planned = c->second;
    out.push_back({{"tier", band.label}, {"name_zh", band.name_zh}, {"name_en", band.name_en},
                   {"previous", has_previous ? Json(previous) : Json(nullptr)}, {"count", count}, {"plan", planned}});
  }
  return out;
}

// Runs `make` (which fills a JSON object) and hands the text to *json.
template <class F>
cl_status json_call(const cl_dataset* dataset, char** json, F&& make) {
  return guarded([&] {
    require(dataset, "dataset");
    require(json, "json");
    const Json out = make(*dataset);
    *json = new_text(out.dump(2));
  });
}

}  // namespace

}  // namespace countyleap::c_api

using namespace countyleap;
using namespace countyleap::c_api;

extern "C" {

CL_API cl_status cl_dataset_provenance_json(const cl_dataset* dataset, char** json) {
  return json_call(dataset, json, [](const cl_dataset& ds) { return header(ds, "provenance"); });
}

CL_API cl_status cl_plan_check_json(const cl_dataset* dataset, char** json) {
  return json_call(dataset, json, [](const cl_dataset& ds) {
    Json out = header(ds, "plan_check");
    out.update(plan_check_json(check_plan(require_plan(ds, "checking a plan"), ds.data.regions)));
    return out;
  });
}

CL_API cl_status cl_gaps_json(const cl_dataset* dataset, int year, char** json) {
  return json_call(dataset, json, [year](const cl_dataset& ds) {
    const Plan& plan = require_plan(ds, "target gaps");
    const int data_year = resolve_year(ds, year);
    std::vector<std::string> targeted;
    for (const auto& t : plan.indicator_targets()) targeted.push_back(t.indicator);
    const Panel derived = with_indicators(*ds.data.panel, *ds.data.framework, targeted);
    Json out = header(ds, "gaps");
    out["data_year"] = data_year;
    out.update(gaps_json(target_gaps(derived, *ds.data.framework, plan, data_year)));
    return out;
  });
}

CL_API cl_status cl_warnings_json(const cl_dataset* dataset, int year, char** json) {
  return json_call(dataset, json, [year](const cl_dataset& ds) {
    const int base_year = resolve_year(ds, year);
    Json out = header(ds, "warnings");
    out.update(warnings_json(warn(ds, base_year), base_year));
    return out;
  });
}

CL_API cl_status cl_leap_path_json(const cl_dataset* dataset, const char* code, int year, const char* goal,
                                   int target_year, char** json) {
  return json_call(dataset, json, [&](const cl_dataset& ds) {
    require(code, "code");
    const Plan& plan = require_plan(ds, "a leap path");
    const int base_year = resolve_year(ds, year);
    std::string goal_tier = goal ? goal : "";
    int goal_year = target_year;
    if (goal == nullptr) {
      // the region's next plan goal above its tier in the base year (Plan::next_goal)
      const Scores now = evaluate(*ds.data.panel, *ds.data.framework, ds.spec, base_year, &ds.data.regions);
      now.region_row(code);  // names a region that is not scored
      const RegionTier next = plan.next_goal(code, tiers_of(now, plan.tiers()).at(code), base_year);
      goal_tier = next.tier;
      if (goal_year == 0) goal_year = next.evaluation_year;
    }
    if (goal_year == 0) goal_year = base_year;
    Json out = header(ds, "leap_path");
    out.update(leap_json(leap(ds, code, base_year, goal_tier, goal_year), base_year));
    return out;
  });
}

CL_API cl_status cl_uncertainty_json(const cl_dataset* dataset, const char* spec_path, int year, unsigned threads,
                                     char** json) {
  return json_call(dataset, json, [&](const cl_dataset& ds) {
    require(spec_path, "spec_path");
    const int data_year = resolve_year(ds, year);
    UncertaintySpec spec = io::read_uncertainty_spec(spec_path);
    UncertaintyOptions options;
    options.threads = threads;
    options.year = data_year;
    options.keep_replications = false;
    if (ds.data.plan) {
      // as `countyleap uncertainty --dataset`: the plan's scheme when the spec has none, and
      // the plan's goals for the year when it has any
      if (!spec.tiers) spec.tiers = ds.data.plan->tiers();
      for (const auto& g : ds.data.plan->goals())
        if (g.evaluation_year == data_year) options.goals[g.code] = g.tier;
    }
    const UncertaintyResult r = uncertainty(*ds.data.panel, *ds.data.framework, spec, &ds.data.regions, options);
    Json regions = Json::array();
    for (std::size_t i = 0; i < r.regions.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      Json p = Json::object();
      for (std::size_t t = 0; t < r.tier_labels.size(); ++t)
        p[r.tier_labels[t]] = number(r.tier_probability(k, static_cast<Eigen::Index>(t)));
      const int nominal_tier = r.nominal_tier.size() ? r.nominal_tier[k] : -1;
      regions.push_back({{"code", r.regions[i]}, {"nominal_score", number(r.nominal_score[k])},
                         {"nominal_rank", number(r.nominal_rank[k])}, {"mean_rank", number(r.mean_rank[k])},
                         {"median_rank", number(r.median_rank[k])}, {"q5_rank", number(r.q5_rank[k])},
                         {"q95_rank", number(r.q95_rank[k])}, {"mean_score", number(r.mean_score[k])},
                         {"q5_score", number(r.q5_score[k])}, {"median_score", number(r.median_score[k])},
                         {"q95_score", number(r.q95_score[k])}, {"n_scored", r.n_scored[k]},
                         {"nominal_tier", nominal_tier >= 0 ? Json(r.tier_labels[static_cast<std::size_t>(nominal_tier)])
                                                            : Json(nullptr)},
                         {"p_tier", p},
                         {"p_goal", r.goal_probability.size() ? number(r.goal_probability[k]) : Json(nullptr)}});
    }
    Json failures = Json::array();
    for (const auto& f : r.failures) failures.push_back({{"run", f.run}, {"inputs", f.inputs}, {"message", f.message}});
    Json out = header(ds, "uncertainty");
    out["uncertainty_spec"] = Json::parse(io::format_uncertainty_spec(spec));
    out.update(Json{{"year", data_year}, {"node", r.node}, {"replications", r.replications}, {"succeeded", r.succeeded},
                    {"tiers", r.tier_labels}, {"regions", regions}, {"failures", failures}, {"warnings", r.warnings}});
    return out;
  });
}

CL_API cl_status cl_bulletin_json(const cl_dataset* dataset, int year, char** json) {
  return json_call(dataset, json, [year](const cl_dataset& ds) {
    const Plan& plan = require_plan(ds, "a bulletin");
    const Panel& panel = *ds.data.panel;
    const int now_year = resolve_year(ds, year);
    const bool has_previous = now_year - 1 >= panel.first_year();
    const Scores now = evaluate(panel, *ds.data.framework, ds.spec, now_year, &ds.data.regions);
    Scores before;
    if (has_previous) before = evaluate(panel, *ds.data.framework, ds.spec, now_year - 1, &ds.data.regions);
    const Json ranking = ranking_json(ds, now, has_previous ? &before : nullptr, plan);
    const Phase* phase = nullptr;
    for (const auto& p : plan.phases())
      if (p.evaluation_year == now_year && !phase) phase = &p;
    Json leaps = Json::object();
    for (const auto& row : ranking) {
      const std::string code = row["code"];
      const RegionTier next = plan.next_goal(code, row["tier"].get<std::string>(), now_year);
      leaps[code] = leap_json(leap(ds, code, now_year, next.tier, next.evaluation_year), now_year);
    }
    Json out = header(ds, "bulletin");
    out.update(Json{{"year", now_year},
                    {"previous_year", has_previous ? Json(now_year - 1) : Json(nullptr)},
                    {"phase", phase ? Json(phase->id) : Json(nullptr)},
                    {"ranking", ranking},
                    {"tier_counts", tier_counts_json(ranking, plan, phase, has_previous)},
                    {"warnings", warnings_json(warn(ds, now_year), now_year)},
                    {"weak_spots", weak_spots_json(weak_spots(panel, *ds.data.framework, ds.spec, plan, now_year, {},
                                                              &ds.data.regions))},
                    {"leap_paths", leaps}});
    return out;
  });
}

}  // extern "C"
