// Validation rules as data (countyleap/rules.hpp): the rule set, its defaults derived from the
// framework, and the confrontation of submitted values with it.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/rules.hpp"

namespace countyleap {

namespace {

template <class E>
struct Named {
  const char* text;
  E value;
};

constexpr Named<ObservationStatus> status_names[] = {{"provisional", ObservationStatus::provisional},
                                                     {"final", ObservationStatus::final},
                                                     {"revised", ObservationStatus::revised},
                                                     {"estimated", ObservationStatus::estimated},
                                                     {"retracted", ObservationStatus::retracted}};
constexpr Named<RuleSeverity> severity_names[] = {{"error", RuleSeverity::error}, {"warning", RuleSeverity::warning}};
constexpr Named<RuleKind> kind_names[] = {
    {"number", RuleKind::number},     {"range", RuleKind::range},       {"integer", RuleKind::integer},
    {"part_whole", RuleKind::part_whole}, {"year_on_year", RuleKind::year_on_year}, {"required", RuleKind::required},
    {"region", RuleKind::region},     {"year", RuleKind::year},         {"unit", RuleKind::unit},
    {"variable", RuleKind::variable}, {"duplicate", RuleKind::duplicate}, {"status", RuleKind::status}};

template <class E, std::size_t N>
const char* name_of(const Named<E> (&table)[N], E value) {
  for (const auto& n : table)
    if (n.value == value) return n.text;
  return table[0].text;
}

template <class E, std::size_t N>
E parse_name(const Named<E> (&table)[N], std::string_view text, const char* what) {
  std::string expected;
  for (const auto& n : table) {
    if (text == n.text) return n.value;
    expected += (expected.empty() ? "" : ", ") + std::string(n.text);
  }
  throw validation_error("unknown " + std::string(what) + " '" + std::string(text) + "' (expected " + expected + ")");
}

// The kinds that decide whether a row can be stored at all: always applied, always errors.
bool is_shape(RuleKind k) {
  return k == RuleKind::number || k == RuleKind::variable || k == RuleKind::region || k == RuleKind::duplicate ||
         k == RuleKind::status;
}

// Units of counts (whole numbers): the framework's units for enterprises, platforms, patents, people.
bool is_count_unit(const std::string& unit) {
  static const std::set<std::string> counts = {"家", "个", "件", "人", "项", "户", "名", "count", "persons", "number"};
  return counts.count(unit) != 0;
}

std::string range_text(double lo, double hi) {
  auto end = [](double x) { return std::isinf(x) ? std::string(x < 0 ? "-inf" : "inf") : detail::format_double(x); };
  return "in [" + end(lo) + ", " + end(hi) + "]";
}

}  // namespace

const char* to_string(ObservationStatus s) { return name_of(status_names, s); }
ObservationStatus observation_status_from_string(std::string_view s) { return parse_name(status_names, s, "status"); }
const char* to_string(RuleSeverity s) { return name_of(severity_names, s); }
RuleSeverity rule_severity_from_string(std::string_view s) { return parse_name(severity_names, s, "severity"); }
const char* to_string(RuleKind k) { return name_of(kind_names, k); }
RuleKind rule_kind_from_string(std::string_view s) { return parse_name(kind_names, s, "rule kind"); }

// ---- the rule set ------------------------------------------------------------------------------

RuleSet::RuleSet(std::vector<Rule> rules, const Framework* framework) : rules_(std::move(rules)) {
  std::unordered_set<std::string> ids;
  for (const Rule& r : rules_) {
    const Location at{"", 0, 0, "", r.id};
    if (r.id.empty()) throw validation_error("a rule has an empty id");
    if (!ids.insert(r.id).second) throw duplicate_error("rule id given twice", at);
    if (is_shape(r.kind) && r.severity != RuleSeverity::error)
      throw validation_error(std::string("a '") + to_string(r.kind) +
                                 "' rule decides whether a value can be stored at all; its severity must be error",
                             at);
    if (std::isnan(r.lo) || std::isnan(r.hi) || r.lo > r.hi)
      throw validation_error("range lo must be <= hi, got " + range_text(r.lo, r.hi), at);
    if (r.kind == RuleKind::year_on_year && !(std::isfinite(r.factor) && r.factor > 1))
      throw validation_error("year_on_year factor must be finite and > 1, got " + detail::format_double(r.factor), at);
    if (r.kind == RuleKind::part_whole && (r.part.empty() || r.whole.empty()))
      throw validation_error("a part_whole rule needs both 'part' and 'whole'", at);
    if (r.first_year != 0 && r.last_year != 0 && r.first_year > r.last_year)
      throw validation_error("first_year " + std::to_string(r.first_year) + " is after last_year " +
                                 std::to_string(r.last_year),
                             at);
    if (framework) {
      auto known = [&](const std::string& v) {
        if (!framework->find_variable(v))
          throw unknown_id_error("rule '" + r.id + "' names a variable the framework does not declare",
                                 Location{"", 0, 0, "", v});
      };
      for (const std::string& v : r.variables) known(v);
      if (r.kind == RuleKind::part_whole) {
        known(r.part);
        known(r.whole);
      }
    }
  }
}

const Rule* RuleSet::find(std::string_view id) const {
  for (const Rule& r : rules_)
    if (r.id == id) return &r;
  return nullptr;
}

bool operator==(const RuleSet& a, const RuleSet& b) {
  if (a.rules_.size() != b.rules_.size()) return false;
  for (std::size_t i = 0; i < a.rules_.size(); ++i) {
    const Rule &x = a.rules_[i], &y = b.rules_[i];
    if (x.id != y.id || x.kind != y.kind || x.severity != y.severity || x.variables != y.variables || x.lo != y.lo ||
        x.hi != y.hi || x.part != y.part || x.whole != y.whole || x.factor != y.factor ||
        x.first_year != y.first_year || x.last_year != y.last_year || x.note != y.note)
      return false;
  }
  return true;
}

RuleSet RuleSet::defaults(const Framework& framework, const Plan* plan) {
  std::vector<Rule> rules;
  auto add = [&](std::string id, RuleKind kind, RuleSeverity severity, std::string note) -> Rule& {
    Rule r;
    r.id = std::move(id);
    r.kind = kind;
    r.severity = severity;
    r.note = std::move(note);
    rules.push_back(std::move(r));
    return rules.back();
  };
  const auto error = RuleSeverity::error, warning = RuleSeverity::warning;
  add("number", RuleKind::number, error, "a value cell holds a number, or is empty with a reason");
  add("status", RuleKind::status, error, "a retracted row carries no value; a row without a value says why");
  add("variable", RuleKind::variable, error, "the variable is a raw variable of the framework");
  add("region", RuleKind::region, error, "the code is a region of the store (or an old code of one) and in scope");
  add("duplicate", RuleKind::duplicate, error, "each (region, variable, year) once per submission");
  Rule& years = add("year", RuleKind::year, error, "the year is within the plan's horizon and the code exists then");
  years.first_year = 1949;
  years.last_year = 2100;
  if (plan && !plan->phases().empty()) {
    int lo = plan->phases().front().evaluation_year, hi = lo;
    for (const Phase& p : plan->phases()) {
      lo = std::min(lo, p.evaluation_year);
      hi = std::max(hi, p.evaluation_year);
    }
    for (const IndicatorTarget& t : plan->indicator_targets()) hi = std::max(hi, t.year);
    years.first_year = lo - 10;
    years.last_year = hi;
    years.note += " (from 10 years before the plan's first phase to its last target year)";
  }
  add("unit", RuleKind::unit, error, "a stated unit is the variable's declared unit");
  for (const Variable& v : framework.variables())
    if (!v.range.unbounded()) {
      Rule& r = add("range." + v.id, RuleKind::range, error, "the variable's declared valid range");
      r.variables = {v.id};
      r.lo = v.range.lo;
      r.hi = v.range.hi;
    }
  std::vector<std::string> counts;
  for (const Variable& v : framework.variables())
    if (is_count_unit(v.unit)) counts.push_back(v.id);
  if (!counts.empty()) {
    Rule& r = add("integer", RuleKind::integer, error, "counts (家 个 件 人 项 户 名) are whole numbers");
    r.variables = counts;
  }
  for (const Indicator& ind : framework.indicators())
    if (ind.kind == IndicatorKind::ratio && ind.range.hi == ind.scale) {
      Rule& r = add("part_whole." + ind.id, RuleKind::part_whole, error,
                    ind.id + " is at most " + detail::format_double(ind.scale) + ": its numerator is part of its denominator");
      r.part = ind.source();
      r.whole = ind.denominator;
    }
  add("year_on_year", RuleKind::year_on_year, warning,
      "a value more than 3 times or less than a third of last year's needs a note");
  std::vector<std::string> required;
  for (const Indicator& ind : framework.indicators())
    for (const std::string& v : Framework::inputs_of(ind))
      if (framework.find_variable(v) && std::find(required.begin(), required.end(), v) == required.end())
        required.push_back(v);
  // In the framework's variable order.
  std::vector<std::string> ordered;
  for (const Variable& v : framework.variables())
    if (std::find(required.begin(), required.end(), v.id) != required.end()) ordered.push_back(v.id);
  Rule& req = add("required", RuleKind::required, warning, "every variable an indicator is computed from");
  req.variables = ordered;
  return RuleSet(std::move(rules), &framework);
}

// ---- the report ----------------------------------------------------------------------------

std::string Finding::str() const {
  std::string s = where.empty() ? std::string() : where + ": ";
  s += rule + " (" + to_string(severity) + "): " + message;
  return s;
}

std::size_t ValidationReport::n_errors() const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [](const Finding& f) { return f.severity == RuleSeverity::error; }));
}

std::size_t ValidationReport::n_warnings() const { return findings.size() - n_errors(); }

std::string ValidationReport::text() const {
  std::string s;
  for (const Finding& f : findings) s += f.str() + "\n";
  s += std::to_string(n_errors()) + " errors, " + std::to_string(n_warnings()) + " warnings\n";
  return s;
}

// ---- submitted rows -----------------------------------------------------------------------------

std::uint32_t SubmittedRows::add_name(const std::string& s) {
  if (auto it = name_index_.find(s); it != name_index_.end()) return it->second;
  const auto i = static_cast<std::uint32_t>(names_.size());
  names_.push_back(s);
  name_index_.emplace(s, i);
  return i;
}

void SubmittedRows::push_back(const SubmittedValue& r) {
  push_back(add_name(r.code), add_name(r.variable), r.year, r.value ? *r.value : std::numeric_limits<double>::quiet_NaN(),
            r.status, r.line, &r);
}

void SubmittedRows::push_back(std::uint32_t code, std::uint32_t variable, int year, double value, ObservationStatus status,
                              std::int64_t line, const SubmittedValue* details) {
  code_.push_back(code);
  variable_.push_back(variable);
  year_.push_back(year);
  value_.push_back(value);
  status_.push_back(static_cast<std::uint8_t>(status));
  line_.push_back(line);
  const SubmittedValue* r = details;
  const bool extra = r && (!r->text.empty() || !r->missing_reason.empty() || !r->unit.empty() || !r->note.empty() ||
                           !r->sheet.empty() || !r->cell.empty());
  extra_.push_back(extra ? static_cast<std::uint32_t>(extras_.size() + 1) : 0);
  if (extra) extras_.push_back(Extra{r->text, r->missing_reason, r->unit, r->note, r->sheet, r->cell});
}

void SubmittedRows::reserve(std::size_t n) {
  code_.reserve(n);
  variable_.reserve(n);
  year_.reserve(n);
  value_.reserve(n);
  status_.reserve(n);
  line_.reserve(n);
  extra_.reserve(n);
}

SubmittedRows::View SubmittedRows::operator[](std::size_t i) const {
  static const Extra none;
  const Extra& e = extra_[i] ? extras_[extra_[i] - 1] : none;
  const double x = value_[i];
  return View{names_[code_[i]], names_[variable_[i]], year_[i], std::isnan(x) ? std::nullopt : std::optional<double>(x),
              e.text, e.missing_reason, static_cast<ObservationStatus>(status_[i]), e.unit, e.note, e.sheet, e.cell,
              line_[i]};
}

// ---- the confrontation -------------------------------------------------------------------------

namespace {

// The row of each (region, variable, year) cell of a submission: a dense array over the cells the
// submission spans when that is at most a few cells per row (a county's workbook, a national
// CSV), else a hash map (a few rows scattered over many years).
class CellIndex {
 public:
  static constexpr std::size_t none = SIZE_MAX;
  CellIndex(std::size_t regions, std::size_t variables, int first_year, int last_year, std::size_t rows)
      : nr_(regions), nv_(variables), y0_(first_year) {
    const long double cells = static_cast<long double>(regions) * variables * (static_cast<long double>(last_year) - first_year + 1);
    if (rows != 0 && rows < UINT32_MAX && cells <= 8.0L * rows + 1048576.0L) dense_.assign(static_cast<std::size_t>(cells), 0);
  }
  // The row already at the cell, or `row` after recording it there.
  std::size_t insert(std::uint32_t r, std::uint32_t v, int year, std::size_t row) {
    if (!dense_.empty()) {
      std::uint32_t& slot = dense_[key(r, v, year)];
      if (slot == 0) slot = static_cast<std::uint32_t>(row + 1);
      return slot - 1;
    }
    return sparse_.emplace(key(r, v, year), row).first->second;
  }
  std::size_t find(std::uint32_t r, std::uint32_t v, int year) const {
    if (year < y0_) return none;
    const std::size_t k = key(r, v, year);
    if (!dense_.empty()) return k < dense_.size() && dense_[k] != 0 ? dense_[k] - 1 : none;
    const auto it = sparse_.find(k);
    return it == sparse_.end() ? none : it->second;
  }

 private:
  std::size_t key(std::uint32_t r, std::uint32_t v, int year) const {
    return (static_cast<std::size_t>(year - y0_) * nv_ + v) * nr_ + r;
  }
  std::size_t nr_, nv_;
  int y0_;
  std::vector<std::uint32_t> dense_;  // row + 1 (0: none); 4 bytes a cell, so submissions below 2^32 - 1 rows
  std::unordered_map<std::size_t, std::size_t> sparse_;
};

class Confrontation {
 public:
  Confrontation(const SubmittedRows& rows, const RuleSet& rules, const Framework& fw,
                const RegionSet& regions, const Panel& context)
      : rows_(rows), rules_(rules), fw_(fw), regions_(regions), context_(context) {
    for (std::size_t v = 0; v < fw.variables().size(); ++v) variable_index_.emplace(fw.variables()[v].id, v);
    for (const Rule& r : rules.rules()) shape_rule_[static_cast<int>(r.kind)] = &r;
    // The context's row of each region and column of each variable, found once.
    context_row_.assign(regions.size(), -1);
    context_column_.assign(fw.variables().size(), -1);
    if (context.n_regions() != 0) {
      for (std::size_t r = 0; r < regions.size(); ++r)
        if (const auto at = context.find_region(regions[r].code)) context_row_[r] = *at;
      for (std::size_t v = 0; v < fw.variables().size(); ++v)
        if (const auto at = context.find_variable(fw.variables()[v].id)) context_column_[v] = *at;
    }
    name_variable_.assign(rows.n_names(), unresolved);
    name_region_.assign(rows.n_names(), unresolved);
    name_old_code_.assign(rows.n_names(), 0);
  }

  ValidationReport run() {
    resolved_.assign(rows_.size(), Resolved{});
    int y0 = std::numeric_limits<int>::max(), y1 = std::numeric_limits<int>::min();
    for (std::size_t i = 0; i < rows_.size(); ++i)
      if (check_shape(i)) {
        y0 = std::min(y0, rows_.year(i));
        y1 = std::max(y1, rows_.year(i));
      }
    y0_ = y0;
    y1_ = std::max(y0, y1);
    cells_ = CellIndex(regions_.size(), fw_.variables().size(), y0_, y1_, y0 <= y1 ? rows_.size() : 0);
    for (std::size_t i = 0; i < rows_.size(); ++i)
      if (resolved_[i].ok) check_duplicate(i);
    // Which variables each rule applies to, and the row rules of each variable, found once (not
    // once per row or per region and year).
    applies_.resize(rules_.rules().size());
    std::vector<std::vector<std::size_t>> row_rules(fw_.variables().size());
    for (std::size_t k = 0; k < rules_.rules().size(); ++k) {
      const Rule& rule = rules_.rules()[k];
      for (const Variable& v : fw_.variables())
        applies_[k].push_back(rule.variables.empty() ||
                              std::find(rule.variables.begin(), rule.variables.end(), v.id) != rule.variables.end());
      switch (rule.kind) {
        case RuleKind::range: case RuleKind::integer: case RuleKind::unit: case RuleKind::year:
        case RuleKind::year_on_year:
          for (std::uint32_t v = 0; v < row_rules.size(); ++v)
            if (applies_[k][v]) row_rules[v].push_back(k);
          break;
        default: break;
      }
    }
    for (std::size_t i = 0; i < rows_.size(); ++i)
      if (resolved_[i].ok)
        for (std::size_t k : row_rules[resolved_[i].variable]) check_row(rules_.rules()[k], k, i);
    for (std::size_t k = 0; k < rules_.rules().size(); ++k) {
      const Rule& rule = rules_.rules()[k];
      if (rule.kind == RuleKind::part_whole) check_part_whole(rule, k);
      else if (rule.kind == RuleKind::required) check_required(rule, k);
    }
    // Row order, then rule order; findings about a whole region-year last, in rule order.
    std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
      return a.row != b.row ? a.row < b.row : a.rule < b.rule;
    });
    ValidationReport report;
    report.findings.reserve(pending_.size());
    for (Pending& p : pending_) report.findings.push_back(std::move(p.finding));
    return report;
  }

 private:
  struct Resolved {
    bool ok = false;             // passed the shape rules
    bool old_code = false;       // given as a code the region had before (the code history)
    std::uint32_t region = 0;    // index in the region set
    std::uint32_t variable = 0;  // index in the framework's variables
    int year = 0;                // the row's year
  };
  static constexpr std::int64_t unresolved = -2;  // name_variable_/name_region_: not looked up yet
  struct Pending {
    std::uint64_t row;  // row index, or max for region-year findings
    std::size_t rule;   // rule position (shape rules: their kind's position among the rules, or 0)
    Finding finding;
  };

  const Rule* rule_of(RuleKind kind) const { return shape_rule_[static_cast<int>(kind)]; }

  // A finding about row i (or a region-year when row < 0).
  void report(const Rule* rule, RuleKind kind, std::size_t position, std::int64_t row, const std::string& variable,
              int year, std::optional<double> value, std::string found, std::string expected, std::string message) {
    Finding f;
    f.rule = rule ? rule->id : to_string(kind);
    f.severity = rule ? rule->severity : RuleSeverity::error;
    if (row >= 0) {
      const auto r = rows_[static_cast<std::size_t>(row)];
      f.code = r.code;
      f.where = r.where();
    } else {
      f.code = pending_code_;
    }
    f.variable = variable;
    f.year = year;
    f.value = value;
    f.found = std::move(found);
    f.expected = std::move(expected);
    f.row = row;
    f.message = std::move(message);
    pending_.push_back(Pending{row < 0 ? UINT64_MAX : static_cast<std::uint64_t>(row), position, std::move(f)});
  }
  std::size_t position_of(const Rule* rule) const {
    return rule ? static_cast<std::size_t>(rule - rules_.rules().data()) : 0;
  }
  void shape(RuleKind kind, std::size_t i, std::string found, std::string expected, std::string message) {
    const auto r = rows_[i];
    const Rule* rule = rule_of(kind);
    report(rule, kind, position_of(rule), static_cast<std::int64_t>(i), r.variable, r.year, r.value, std::move(found),
           std::move(expected), std::move(message));
  }

  // The shape rules of row i; true when it passed them (resolved_[i] then holds its indices).
  bool check_shape(std::size_t i) {
    const double x = rows_.value_or_nan(i);
    bool ok = true;
    // A finite value that is not retracted passes the number and status rules: only the other
    // rows need the row's texts.
    if (std::isnan(x) || !std::isfinite(x) || rows_.status(i) == ObservationStatus::retracted) {
      const auto r = rows_[i];
      if (!r.value && !r.text.empty()) {
        shape(RuleKind::number, i, r.text, "a number", "'" + r.text + "' is not a number");
        ok = false;
      } else if (r.value && !std::isfinite(*r.value)) {
        shape(RuleKind::number, i, detail::format_double(*r.value), "a finite number", "the value is not a finite number");
        ok = false;
      }
      if (r.status == ObservationStatus::retracted && r.value) {
        shape(RuleKind::status, i, detail::format_double(*r.value), "no value", "a retracted row carries no value");
        ok = false;
      } else if (ok && !r.value && r.status != ObservationStatus::retracted && r.missing_reason.empty()) {
        shape(RuleKind::status, i, "", "a value or a missing reason", "the value is missing and no reason is given");
        ok = false;
      }
    }
    const std::int64_t v = variable_of(rows_.variable_index(i));
    if (v < 0) {
      const std::string& id = rows_.name(rows_.variable_index(i));
      shape(RuleKind::variable, i, id, "a raw variable of the framework",
            "'" + id + "' is not a variable of framework '" + fw_.info().id + "'");
      ok = false;
    }
    const std::int64_t region = region_of(rows_.code_index(i));
    const std::string& code = rows_.name(rows_.code_index(i));
    if (region < 0) {
      shape(RuleKind::region, i, code, "a region code of the store", "unknown region code '" + code + "'");
      ok = false;
    } else if (!regions_[static_cast<std::size_t>(region)].in_scope) {
      shape(RuleKind::region, i, code, "a region in scope",
            "region " + regions_[static_cast<std::size_t>(region)].code + " is outside the evaluation's scope");
      ok = false;
    }
    if (ok)
      resolved_[i] = Resolved{true, name_old_code_[rows_.code_index(i)] != 0, static_cast<std::uint32_t>(region),
                              static_cast<std::uint32_t>(v), rows_.year(i)};
    return ok;
  }

  void check_duplicate(std::size_t i) {
    Resolved& at = resolved_[i];
    const std::size_t first = cells_.insert(at.region, at.variable, at.year, i);
    if (first == i) return;
    const std::string first_where = rows_[first].where();
    const std::string& variable = fw_.variables()[at.variable].id;
    shape(RuleKind::duplicate, i, variable, "one row per region, variable and year",
          "(" + regions_[at.region].code + ", " + variable + ", " + std::to_string(at.year) + ") is also given" +
              (first_where.empty() ? " in row " + std::to_string(first) : " at " + first_where));
    at.ok = false;
  }

  // Lookups by the index of the row's string: SubmittedRows keeps each distinct code and
  // variable once, so a submission of 1.71 M rows resolves a few thousand strings, not 3.4 M.
  // -1: none.
  std::int64_t variable_of(std::uint32_t name) {
    std::int64_t& out = name_variable_[name];
    if (out == unresolved) {
      const auto it = variable_index_.find(rows_.name(name));
      out = it == variable_index_.end() ? -1 : static_cast<std::int64_t>(it->second);
    }
    return out;
  }

  std::int64_t region_of(std::uint32_t name) {
    std::int64_t& out = name_region_[name];
    if (out == unresolved) {
      out = -1;
      try {
        out = static_cast<std::int64_t>(regions_.index(regions_.resolve(rows_.name(name))));
        name_old_code_[name] = rows_.name(name) != regions_[static_cast<std::size_t>(out)].code;
      } catch (const unknown_id_error&) {
      } catch (const validation_error&) {
      }
    }
    return out;
  }

  // The value of (region, variable, year) after the submission: the submission's row, else the context.
  std::optional<double> value_at(std::uint32_t region, std::uint32_t variable, int year, bool* in_batch = nullptr) const {
    if (const std::size_t row = cells_.find(region, variable, year); row != CellIndex::none) {
      if (in_batch) *in_batch = true;
      const double x = rows_.value_or_nan(row);
      return std::isnan(x) ? std::nullopt : std::optional<double>(x);
    }
    if (in_batch) *in_batch = false;
    const Panel::Index r = context_row_[region], v = context_column_[variable];
    if (r < 0 || v < 0) return std::nullopt;
    const auto t = context_.find_year(year);
    if (!t) return std::nullopt;
    const double x = context_(r, v, *t);
    if (std::isnan(x)) return std::nullopt;
    return x;
  }

  // Does the code as submitted exist in `year`? An old code exists before the year it was replaced.
  bool code_exists(std::size_t i, const Resolved& at) const {
    if (!at.old_code) return regions_[at.region].valid_in(at.year);
    const std::string& code = rows_.name(rows_.code_index(i));
    for (const CodeChange& c : regions_.history())
      if (c.old_code == code) return at.year < c.year;
    return true;
  }

  void check_row(const Rule& rule, std::size_t k, std::size_t i) {
    const Resolved& at = resolved_[i];
    const Variable& var = fw_.variables()[at.variable];
    const auto row = static_cast<std::int64_t>(i);
    const double x = rows_.value_or_nan(i);
    const std::optional<double> value = std::isnan(x) ? std::nullopt : std::optional<double>(x);
    switch (rule.kind) {
      case RuleKind::year: {
        const int lo = rule.first_year, hi = rule.last_year;
        if ((lo != 0 && at.year < lo) || (hi != 0 && at.year > hi))
          report(&rule, rule.kind, k, row, var.id, at.year, value, std::to_string(at.year),
                 "a year in [" + (lo ? std::to_string(lo) : "-") + ", " + (hi ? std::to_string(hi) : "-") + "]",
                 "year " + std::to_string(at.year) + " is outside the rules' years");
        else if (!code_exists(i, at)) {
          const std::string& code = rows_.name(rows_.code_index(i));
          report(&rule, rule.kind, k, row, var.id, at.year, value, code, "a code that exists in the year",
                 "code " + code + " does not exist in " + std::to_string(at.year) + " (see the code history)");
        }
        break;
      }
      case RuleKind::unit: {
        if (!rows_.has_details(i)) break;
        const auto r = rows_[i];
        if (!r.unit.empty() && r.unit != var.unit)
          report(&rule, rule.kind, k, row, var.id, at.year, value, r.unit, var.unit,
                 "unit '" + r.unit + "' is not the declared unit '" + var.unit + "' of " + var.id);
        break;
      }
      case RuleKind::range: {
        if (!value) break;
        const bool own = std::isinf(rule.lo) && std::isinf(rule.hi);
        const double lo = own ? var.range.lo : rule.lo, hi = own ? var.range.hi : rule.hi;
        if (!(x >= lo && x <= hi))
          report(&rule, rule.kind, k, row, var.id, at.year, value, detail::format_double(x),
                 range_text(lo, hi), var.id + " = " + detail::format_double(x) + " is not " + range_text(lo, hi));
        break;
      }
      case RuleKind::integer:
        if (value && x != std::trunc(x))
          report(&rule, rule.kind, k, row, var.id, at.year, value, detail::format_double(x),
                 "a whole number", var.id + " counts " + var.unit + " and must be a whole number");
        break;
      case RuleKind::year_on_year: {
        if (!value || (rows_.has_details(i) && !rows_[i].note.empty())) break;  // a note explains the change
        const auto before = value_at(at.region, at.variable, at.year - 1);
        if (!before || !(*before > 0) || x < 0) break;  // no ratio from zero or a negative
        const double ratio = x / *before;
        if (ratio > rule.factor || ratio < 1 / rule.factor)
          report(&rule, rule.kind, k, row, var.id, at.year, value, "x" + detail::format_double(ratio),
                 "within x" + detail::format_double(1 / rule.factor) + " .. x" + detail::format_double(rule.factor) +
                     " of " + std::to_string(at.year - 1) + " (" + detail::format_double(*before) + "), or a note",
                 var.id + " changed by a factor of " + detail::format_double(ratio) + " since " +
                     std::to_string(at.year - 1) + "; a change this large needs a note");
        break;
      }
      default: break;
    }
  }

  // The distinct (region, year) pairs of the rows that passed the shape rules whose variable
  // `wanted` accepts, in row order: a dense mark per pair when the span allows (as CellIndex).
  template <class Wanted>
  std::vector<std::pair<std::uint32_t, int>> region_years(Wanted wanted) const {
    CellIndex seen(regions_.size(), 1, y0_, y1_, rows_.size());
    std::vector<std::pair<std::uint32_t, int>> out;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Resolved& at = resolved_[i];
      if (at.ok && wanted(at.variable) && seen.insert(at.region, 0, at.year, out.size()) == out.size())
        out.emplace_back(at.region, at.year);
    }
    return out;
  }

  void check_part_whole(const Rule& rule, std::size_t k) {
    const auto part = variable_index_.find(rule.part), whole = variable_index_.find(rule.whole);
    if (part == variable_index_.end() || whole == variable_index_.end()) return;
    const auto p = static_cast<std::uint32_t>(part->second), w = static_cast<std::uint32_t>(whole->second);
    for (const auto& [region, year] : region_years([&](std::uint32_t v) { return v == p || v == w; })) {
      bool part_in_batch = false;
      const auto pv = value_at(region, p, year, &part_in_batch);
      const auto wv = value_at(region, w, year);
      if (!pv || !wv || *pv <= *wv) continue;
      const std::size_t row = part_in_batch ? cells_.find(region, p, year) : cells_.find(region, w, year);
      report(&rule, rule.kind, k, static_cast<std::int64_t>(row), rule.part, year, pv, detail::format_double(*pv),
             "<= " + rule.whole + " (" + detail::format_double(*wv) + ")",
             rule.part + " (" + detail::format_double(*pv) + ") is above its whole " + rule.whole + " (" +
                 detail::format_double(*wv) + ")");
    }
  }

  void check_required(const Rule& rule, std::size_t k) {
    auto pairs = region_years([](std::uint32_t) { return true; });
    std::sort(pairs.begin(), pairs.end());  // findings by region, then year
    for (const auto& [region, year] : pairs)
      for (std::uint32_t v = 0; v < fw_.variables().size(); ++v) {
        if (!applies_[k][v]) continue;
        bool in_batch = false;
        if (value_at(region, v, year, &in_batch) || in_batch) continue;  // a value, or a row saying why not
        pending_code_ = regions_[region].code;
        report(&rule, rule.kind, k, -1, fw_.variables()[v].id, year, std::nullopt, "", "a value or a missing reason",
               fw_.variables()[v].id + " has no value for " + regions_[region].code + " in " + std::to_string(year));
      }
  }

  const SubmittedRows& rows_;
  const RuleSet& rules_;
  const Framework& fw_;
  const RegionSet& regions_;
  const Panel& context_;
  std::unordered_map<std::string_view, std::size_t> variable_index_;
  std::vector<std::int64_t> name_variable_, name_region_;  // by SubmittedRows name index (unresolved, -1: none)
  std::vector<char> name_old_code_;                         // by name index: an old code of its region
  std::vector<std::vector<char>> applies_;                  // [rule][variable]: the rule checks the variable
  std::vector<Panel::Index> context_row_, context_column_;  // by region and variable index (-1: absent)
  int y0_ = 0, y1_ = 0;                                     // the years of the rows that passed the shape rules
  const Rule* shape_rule_[12] = {};
  std::vector<Resolved> resolved_;
  CellIndex cells_{0, 0, 0, 0, 0};
  std::vector<Pending> pending_;
  std::string pending_code_;
};

}  // namespace

ValidationReport validate(const SubmittedRows& rows, const RuleSet& rules, const Framework& framework,
                          const RegionSet& regions, const Panel& context) {
  return Confrontation(rows, rules, framework, regions, context).run();
}

}  // namespace countyleap
