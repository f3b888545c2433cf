// Compiled definitions of countyleap/uncertainty_spec.hpp: the vary paths, the spec's checks and
// how an alternative is put into a pipeline spec (countyleap/impl/uncertainty/apply_vary.hpp).
#include "countyleap/uncertainty_spec.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/impl/uncertainty/apply_vary.hpp"

namespace countyleap {

const char* to_string(VaryKind k) {
  switch (k) {
    case VaryKind::values: return "values";
    case VaryKind::range: return "range";
    case VaryKind::noise: return "noise";
  }
  return "values";
}

const std::vector<VaryPath>& vary_paths() {
  using S = VaryStep;
  using T = VaryValueType;
  static const std::vector<VaryPath> paths = {
      {"denominate", S::data, T::boolean, false, false, nullptr},
      {"impute", S::data, T::impute, true, false, nullptr},
      {"impute.method", S::data, T::method, false, false, "impute"},
      {"screen", S::data, T::screen, true, false, nullptr},
      {"screen.min_data", S::data, T::number, false, false, "screen"},
      {"treat", S::treat, T::treat, true, false, nullptr},
      {"treat.method", S::treat, T::method, false, false, "treat"},
      {"treat.winmax", S::treat, T::integer, false, false, "treat"},
      {"treat.skew", S::treat, T::number, false, false, "treat"},
      {"treat.kurtosis", S::treat, T::number, false, false, "treat"},
      {"treat.outlier_sd", S::treat, T::number, false, false, "treat"},
      {"treat.sqrt_skew", S::treat, T::number, false, false, "treat"},
      {"normalise", S::normalise, T::normalise, false, false, nullptr},
      {"normalise.method", S::normalise, T::method, false, false, nullptr},
      {"normalise.mean", S::normalise, T::number, false, false, nullptr},
      {"normalise.sd", S::normalise, T::number, false, false, nullptr},
      {"normalise.scale", S::normalise, T::number, false, false, nullptr},
      {"normalise.lo", S::normalise, T::number, false, false, nullptr},
      {"normalise.hi", S::normalise, T::number, false, false, nullptr},
      {"normalise.standard", S::normalise, T::number, false, false, nullptr},
      {"normalise.worst", S::normalise, T::number, false, false, nullptr},
      {"normalise.best", S::normalise, T::number, false, false, nullptr},
      {"weights", S::weights, T::weights, false, false, nullptr},
      {"weights.method", S::weights, T::method, false, false, nullptr},
      {"aggregate", S::aggregate, T::aggregate, false, false, nullptr},
      {"aggregate.method", S::aggregate, T::method, false, false, nullptr},
      {"aggregate.p", S::aggregate, T::number, false, true, nullptr},
      {"aggregate.shift", S::aggregate, T::number, false, true, nullptr},
      {"aggregate.min_data", S::aggregate, T::number, false, true, nullptr},
      {"aggregate.rho", S::aggregate, T::number, false, true, nullptr},
      {"tiers", S::tiers, T::tiers, false, false, nullptr}};
  return paths;
}

const VaryPath* find_vary_path(std::string_view path) {
  for (const VaryPath& p : vary_paths())
    if (path == p.path) return &p;
  return nullptr;
}

std::string describe(const VaryValue& v) {
  struct Text {
    std::string operator()(std::monostate) const { return "null"; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(double x) const { return detail::format_double(x); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const ImputeStep& s) const { return to_string(s.options.method); }
    std::string operator()(const ScreenOptions& s) const { return "min_data " + detail::format_double(s.min_data); }
    std::string operator()(const TreatOptions& s) const { return to_string(s.method); }
    std::string operator()(const NormaliseStep& s) const { return to_string(s.options.method); }
    std::string operator()(const WeightOptions& s) const { return to_string(s.method); }
    std::string operator()(const AggregateOptions& s) const { return to_string(s.method); }
    std::string operator()(const TierScheme& s) const { return to_string(s.rule); }
  };
  return std::visit(Text{}, v);
}

}  // namespace countyleap

namespace countyleap::detail {

const char* value_type_name(VaryValueType t) {
  switch (t) {
    case VaryValueType::boolean: return "true or false";
    case VaryValueType::number: return "a number";
    case VaryValueType::integer: return "a whole number";
    case VaryValueType::method: return "a method name";
    case VaryValueType::impute: return "an impute step object or null";
    case VaryValueType::screen: return "a screen step object or null";
    case VaryValueType::treat: return "a treat step object or null";
    case VaryValueType::normalise: return "a normalise step object";
    case VaryValueType::weights: return "a weights step object";
    case VaryValueType::aggregate: return "an aggregate step object";
    case VaryValueType::tiers: return "a tier scheme object";
  }
  return "";
}

// The variant alternative a value type is stored as.
bool holds(const VaryValue& v, VaryValueType t, bool nullable) {
  if (nullable && std::holds_alternative<std::monostate>(v)) return true;
  switch (t) {
    case VaryValueType::boolean: return std::holds_alternative<bool>(v);
    case VaryValueType::number: return std::holds_alternative<double>(v);
    case VaryValueType::integer:
      return std::holds_alternative<double>(v) && std::get<double>(v) == std::floor(std::get<double>(v)) &&
             std::abs(std::get<double>(v)) < 2147483648.0;
    case VaryValueType::method: return std::holds_alternative<std::string>(v);
    case VaryValueType::impute: return std::holds_alternative<ImputeStep>(v);
    case VaryValueType::screen: return std::holds_alternative<ScreenOptions>(v);
    case VaryValueType::treat: return std::holds_alternative<TreatOptions>(v);
    case VaryValueType::normalise: return std::holds_alternative<NormaliseStep>(v);
    case VaryValueType::weights: return std::holds_alternative<WeightOptions>(v);
    case VaryValueType::aggregate: return std::holds_alternative<AggregateOptions>(v);
    case VaryValueType::tiers: return std::holds_alternative<TierScheme>(v);
  }
  return false;
}

// An aggregate path's value put into one rule (the per-replication part of apply_vary).
void apply_vary_aggregate(AggregateOptions& rule, std::string_view path, const VaryValue& v) {
  if (path == "aggregate") rule = std::get<AggregateOptions>(v);
  else if (path == "aggregate.method") rule.method = aggregation_method_from_string(std::get<std::string>(v));
  else if (path == "aggregate.p") rule.p = std::get<double>(v);
  else if (path == "aggregate.shift") rule.shift = std::get<double>(v);
  else if (path == "aggregate.min_data") rule.min_data = std::get<double>(v);
  else if (path == "aggregate.rho") rule.rho = std::get<double>(v);
}

// Puts one alternative at its path of a pipeline spec (the tier scheme is not part of it).
void apply_vary(PipelineSpec& spec, std::string_view path, const VaryValue& v) {
  const bool null = std::holds_alternative<std::monostate>(v);
  auto number = [&] { return std::get<double>(v); };
  if (path == "denominate") spec.denominate = std::get<bool>(v);
  else if (path == "impute") spec.impute = null ? std::nullopt : std::optional<ImputeStep>(std::get<ImputeStep>(v));
  else if (path == "impute.method") spec.impute->options.method = impute_method_from_string(std::get<std::string>(v));
  else if (path == "screen") spec.screen = null ? std::nullopt : std::optional<ScreenOptions>(std::get<ScreenOptions>(v));
  else if (path == "screen.min_data") spec.screen->min_data = number();
  else if (path == "treat") spec.treat = null ? std::nullopt : std::optional<TreatOptions>(std::get<TreatOptions>(v));
  else if (path == "treat.method") spec.treat->method = treat_method_from_string(std::get<std::string>(v));
  else if (path == "treat.winmax") spec.treat->winmax = static_cast<int>(number());
  else if (path == "treat.skew") spec.treat->skew = number();
  else if (path == "treat.kurtosis") spec.treat->kurtosis = number();
  else if (path == "treat.outlier_sd") spec.treat->outlier_sd = number();
  else if (path == "treat.sqrt_skew") spec.treat->sqrt_skew = number();
  else if (path == "normalise") spec.normalise = std::get<NormaliseStep>(v);
  else if (path == "normalise.method") spec.normalise.options.method = normalise_method_from_string(std::get<std::string>(v));
  else if (path == "normalise.mean") spec.normalise.options.mean = number();
  else if (path == "normalise.sd") spec.normalise.options.sd = number();
  else if (path == "normalise.scale") spec.normalise.options.scale = number();
  else if (path == "normalise.lo") spec.normalise.options.goalpost_lo = number();
  else if (path == "normalise.hi") spec.normalise.options.goalpost_hi = number();
  else if (path == "normalise.standard") spec.normalise.options.standard = number();
  else if (path == "normalise.worst") spec.normalise.options.efficacy_worst = number();
  else if (path == "normalise.best") spec.normalise.options.efficacy_best = number();
  else if (path == "weights") spec.weights = std::get<WeightOptions>(v);
  else if (path == "weights.method") spec.weights.method = weight_method_from_string(std::get<std::string>(v));
  else apply_vary_aggregate(spec.aggregate, path, v);
}

// Checks the spelling of a method alternative for its path.
void check_method(std::string_view path, const std::string& name) {
  if (path == "impute.method") impute_method_from_string(name);
  else if (path == "treat.method") treat_method_from_string(name);
  else if (path == "normalise.method") normalise_method_from_string(name);
  else if (path == "weights.method") {
    const WeightMethod m = weight_method_from_string(name);
    if (m != WeightMethod::given && m != WeightMethod::equal)
      throw validation_error("weights.method varies between 'given' and 'equal' (give whole weights objects for ahp)");
  } else aggregation_method_from_string(name);
}

// Checks an aggregate option against the domain aggregate() accepts.
void check_aggregate_number(std::string_view path, double x) {
  if (!std::isfinite(x)) throw validation_error(std::string(path) + " must be finite");
  if (path == "aggregate.min_data" && !(x >= 0 && x <= 1)) throw validation_error("aggregate.min_data must lie in [0, 1]");
  if (path == "aggregate.rho" && !(x > 0 && x <= 1)) throw validation_error("aggregate.rho must lie in (0, 1]");
}

void check_tier_scheme(const TierScheme& s) {
  s.validate();
  if (s.rule == TierRule::targets_met)
    throw validation_error("a targets_met scheme classifies by targets met, not by score; the uncertainty analysis "
                           "classifies the composite score");
}
}  // namespace countyleap::detail

namespace countyleap {

namespace {

[[noreturn]] void fail_at(const std::string& at, const std::string& what) { throw validation_error(at + ": " + what); }

}  // namespace

void UncertaintySpec::validate() const {
  if (replications < 1) throw validation_error("/replications: at least one replication is needed");
  if (tiers) {
    try {
      detail::check_tier_scheme(*tiers);
    } catch (const error& e) {
      fail_at("/tiers", e.detail());
    }
  }
  for (std::size_t i = 0; i < vary.size(); ++i) {
    const VaryEntry& e = vary[i];
    const std::string at = "/vary/" + std::to_string(i);
    const VaryPath* p = find_vary_path(e.path);
    if (!p) fail_at(at + "/path", "unknown path '" + e.path + "'");
    for (std::size_t j = 0; j < i; ++j)
      if (vary[j].path == e.path) fail_at(at + "/path", "path '" + e.path + "' is varied twice (entry " + std::to_string(j) + ")");
    if (p->needs) {
      const std::string_view need(p->needs);
      const bool present = need == "impute" ? pipeline.impute.has_value()
                           : need == "screen" ? pipeline.screen.has_value()
                                              : pipeline.treat.has_value();
      if (!present) fail_at(at + "/path", "'" + e.path + "' varies an option of the " + p->needs + " step, which the pipeline does not have");
    }
    if (p->step == VaryStep::tiers && !tiers) fail_at(at + "/path", "varying 'tiers' needs a nominal \"tiers\" scheme");
    switch (e.kind) {
      case VaryKind::values:
        if (e.values.empty()) fail_at(at + "/values", "expected at least one alternative");
        for (std::size_t j = 0; j < e.values.size(); ++j) {
          const VaryValue& v = e.values[j];
          const std::string vat = at + "/values/" + std::to_string(j);
          if (!detail::holds(v, p->type, p->nullable)) fail_at(vat, std::string("expected ") + detail::value_type_name(p->type));
          try {
            check_value(*p, v);
          } catch (const error& err) {
            fail_at(vat, err.detail());
          }
        }
        break;
      case VaryKind::range:
        if (!p->range)
          fail_at(at + "/range", "a continuous range is allowed for aggregate.p, aggregate.shift, aggregate.min_data and "
                              "aggregate.rho (options applied per replication); give \"values\" for '" + e.path +
                              "', each value is precomputed once");
        if (!(std::isfinite(e.lo) && std::isfinite(e.hi) && e.lo < e.hi)) fail_at(at + "/range", "expected [lo, hi] with lo < hi");
        try {
          detail::check_aggregate_number(e.path, e.lo);
          detail::check_aggregate_number(e.path, e.hi);
        } catch (const error& err) {
          fail_at(at + "/range", err.detail());
        }
        break;
      case VaryKind::noise:
        if (e.path != "weights") fail_at(at + "/noise", "noise applies to the path 'weights'");
        if (!(e.noise >= 0 && e.noise < 1)) fail_at(at + "/noise", "the noise factor must lie in [0, 1) so that weights stay positive");
        if (e.levels.empty()) fail_at(at + "/levels", "expected at least one framework level");
        for (std::size_t j = 0; j < e.levels.size(); ++j) {
          if (e.levels[j] < 1) fail_at(at + "/levels/" + std::to_string(j), "levels start at 1 (the indicators)");
          for (std::size_t k = 0; k < j; ++k)
            if (e.levels[k] == e.levels[j]) fail_at(at + "/levels/" + std::to_string(j), "level listed twice");
        }
        if (e.sets < 1) fail_at(at + "/sets", "at least one weight set is needed");
        break;
    }
  }
}

void UncertaintySpec::validate(const Framework& fw) const {
  validate();
  try {
    pipeline.validate(fw);
  } catch (const error& e) {
    throw validation_error("/pipeline: " + e.detail(), e.where());
  }
  int top = 0;
  for (std::size_t i = 0; i < fw.size(); ++i) top = std::max(top, fw.level(i));
  for (std::size_t i = 0; i < vary.size(); ++i)
    for (std::size_t j = 0; j < vary[i].levels.size(); ++j)
      if (vary[i].kind == VaryKind::noise && vary[i].levels[j] > top)
        throw validation_error("/vary/" + std::to_string(i) + "/levels/" + std::to_string(j) + ": the framework has levels 1.." +
                               std::to_string(top));
}

void UncertaintySpec::check_value(const VaryPath& p, const VaryValue& v) const {
  if (std::holds_alternative<std::monostate>(v)) return;
  const std::string_view path(p.path);
  if (p.type == VaryValueType::method) detail::check_method(path, std::get<std::string>(v));
  if (path == "treat.winmax" && std::get<double>(v) < 0) throw validation_error("winmax must be >= 0");
  if (p.type == VaryValueType::number && !std::isfinite(std::get<double>(v))) throw validation_error("expected a finite number");
  if (path == "screen.min_data" && !(std::get<double>(v) >= 0 && std::get<double>(v) <= 1))
    throw validation_error("screen.min_data must lie in [0, 1]");
  if (path == "screen" && !(std::get<ScreenOptions>(v).min_data >= 0 && std::get<ScreenOptions>(v).min_data <= 1))
    throw validation_error("screen.min_data must lie in [0, 1]");
  if (p.step == VaryStep::aggregate && p.type == VaryValueType::number) detail::check_aggregate_number(path, std::get<double>(v));
  if (path == "aggregate") {
    const AggregateOptions& a = std::get<AggregateOptions>(v);
    detail::check_aggregate_number("aggregate.min_data", a.min_data);
    detail::check_aggregate_number("aggregate.rho", a.rho);
    detail::check_aggregate_number("aggregate.p", a.p);
    detail::check_aggregate_number("aggregate.shift", a.shift);
  }
  if (path == "weights") {
    const WeightMethod m = std::get<WeightOptions>(v).method;
    if (m != WeightMethod::given && m != WeightMethod::equal && m != WeightMethod::ahp)
      throw validation_error(std::string("weights '") + to_string(m) +
                             "' depend on each replication's data; the alternatives may be given, equal or ahp");
  }
  if (path == "tiers") {
    const TierScheme& s = std::get<TierScheme>(v);
    detail::check_tier_scheme(s);
    bool same = s.tiers.size() == tiers->tiers.size();
    for (std::size_t t = 0; same && t < s.tiers.size(); ++t) same = s.tiers[t].label == tiers->tiers[t].label;
    if (!same) throw validation_error("every tier scheme must have the nominal scheme's labels, in the same order");
  }
}

namespace {

// The output scale of a default normalisation, in words (the units of scale_warnings()).
std::string normalised_scale(const NormaliseOptions& o) {
  const auto n = [](double x) { return detail::short_number(x); };
  switch (o.method) {
    case NormaliseMethod::minmax: return "minmax [" + n(o.range_lo) + ", " + n(o.range_hi) + "]";
    case NormaliseMethod::goalposts:
    case NormaliseMethod::ratio_to_standard: return std::string(to_string(o.method)) + " [0, " + n(o.scale) + "]";
    case NormaliseMethod::zscore: return "zscore (mean " + n(o.mean) + ", sd " + n(o.sd) + ")";
    case NormaliseMethod::rank: return "rank 1..n";
    case NormaliseMethod::percentile_rank: return "percentile_rank [0, 1]";
    case NormaliseMethod::efficacy: return "efficacy [60, 100]";
    case NormaliseMethod::ratio_to_mean:
    case NormaliseMethod::ratio_to_reference: return std::string(to_string(o.method)) + " (x/ref x " + n(o.scale) + ")";
  }
  return to_string(o.method);
}

// The output scale of an aggregation, or "" when it keeps its components' scale (the means).
std::string aggregated_scale(AggregationMethod m) {
  switch (m) {
    case AggregationMethod::topsis:
    case AggregationMethod::grey_relational: return std::string(to_string(m)) + " [0, 1]";
    case AggregationMethod::copeland: return "copeland (wins - losses)";
    default: return "";
  }
}

// The scale of the composite score of a pipeline's default steps.
std::string score_scale(const PipelineSpec& p) {
  const std::string aggregated = aggregated_scale(p.aggregate.method);
  return aggregated.empty() ? normalised_scale(p.normalise.options) : aggregated;
}

}  // namespace

std::vector<std::string> scale_warnings(const UncertaintySpec& spec) {
  std::string mixed;  // "normalise.method: minmax [0, 100] / zscore (mean 0, sd 1)"
  for (const VaryEntry& e : spec.vary) {
    const VaryPath* p = find_vary_path(e.path);
    if (p == nullptr || (p->step != VaryStep::normalise && p->step != VaryStep::aggregate) || e.kind != VaryKind::values)
      continue;
    std::vector<std::string> scales;
    for (const VaryValue& v : e.values) {
      PipelineSpec alternative = spec.pipeline;
      detail::apply_vary(alternative, e.path, v);
      const std::string scale = score_scale(alternative);
      if (std::find(scales.begin(), scales.end(), scale) == scales.end()) scales.push_back(scale);
    }
    if (scales.size() < 2) continue;
    std::string list;
    for (const auto& scale : scales) list += (list.empty() ? "" : " / ") + scale;
    mixed += (mixed.empty() ? "" : "; ") + e.path + ": " + list;
  }
  if (mixed.empty()) return {};
  std::vector<std::string> out;
  const auto in_score_units = [](const TierScheme& t) {
    return t.rule == TierRule::fixed || t.rule == TierRule::relative_to_mean;
  };
  bool fixed_tiers = spec.tiers && in_score_units(*spec.tiers);
  for (const VaryEntry& e : spec.vary)
    if (e.path == "tiers")
      for (const VaryValue& v : e.values) fixed_tiers = fixed_tiers || in_score_units(std::get<TierScheme>(v));
  if (fixed_tiers)
    out.push_back("tier probabilities compare scores on different scales with cut-offs in score units (" + mixed +
                  "): vary only alternatives of one scale, or use a quota tier scheme; rank statistics are unaffected");
  out.push_back("score statistics (the mean and quantiles of the score) average scores on different scales (" +
                mixed + "): read the rank statistics, which are unaffected, or vary only alternatives of one scale");
  return out;
}

}  // namespace countyleap
