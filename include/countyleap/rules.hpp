#pragma once
/// @file rules.hpp
/// @brief Validation rules as data (`rules.json`): the checks a submission of indicator values
/// passes before it enters the store, their defaults derived from the framework, and the
/// confrontation report. Link countyleap::store.
///
/// The model is that of statistical offices' validation rules (R `validate`/`errorlocate`,
/// SDMX/VTL validation): each rule is data (a kind with parameters and a severity), a submission
/// is confronted with every rule, and the report lists every finding with where it came from.
/// An `error` finding rejects the whole submission; a `warning` lets it in and is stored as a
/// flag on the value. The schema of rules.json is in docs/store.md.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "countyleap/framework.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"

namespace countyleap {

/// Status of an observation. A later row for the same (region, variable, year) supersedes an
/// earlier one; `retracted` withdraws the value (the cell becomes missing) without deleting it.
enum class ObservationStatus {
  provisional,  ///< 快报: reported, may change
  final,        ///< 年报: the definitive figure
  revised,      ///< a definitive figure changed after it was final
  estimated,    ///< imputed or estimated by the bureau, not reported by the county
  retracted     ///< the earlier value is withdrawn; carries no value
};

/// Spelling in files: "provisional", "final", "revised", "estimated", "retracted".
const char* to_string(ObservationStatus s);
/// Parses to_string(ObservationStatus)'s spelling. @throws validation_error naming the text.
ObservationStatus observation_status_from_string(std::string_view s);

/// One value as submitted (a row of a CSV or a cell of a workbook), before validation.
struct SubmittedValue {
  std::string code;      ///< region code (an old code is resolved through the code history)
  std::string variable;  ///< raw variable id of the framework
  int year = 0;          ///< data year
  /// The number, or nullopt for "no value" (then `missing_reason` says why, or `text` holds what
  /// was in the cell instead of a number).
  std::optional<double> value;
  /// The cell's content when it was not a number (text, a formula, `#DIV/0!`): the `number`
  /// rule rejects it, naming it. Empty when the cell held a number or was empty.
  std::string text;
  std::string missing_reason;  ///< why the value is missing (required when value is nullopt)
  ObservationStatus status = ObservationStatus::provisional;  ///< what the value is
  std::string unit;   ///< unit stated next to the value (template column); empty = not stated
  std::string note;   ///< the submitter's note (explains, e.g., a large year-on-year change)
  std::string sheet;  ///< workbook sheet the value came from (empty for CSV)
  std::string cell;   ///< workbook cell, e.g. "D7" (empty for CSV)
  std::int64_t line = 0;  ///< CSV physical line (0 for a workbook)

  /// "sheet!cell", "line N", or "" when neither is known: where a finding points.
  std::string where() const { return source_where(sheet, cell, line); }

  /// "sheet!cell" when a sheet or cell is known, else "line N" when line > 0, else "".
  static std::string source_where(const std::string& sheet, const std::string& cell, std::int64_t line) {
    if (!sheet.empty() || !cell.empty()) return sheet + "!" + cell;
    return line > 0 ? "line " + std::to_string(line) : std::string();
  }
};

/// The rows of a submission, stored by column: codes and variable ids once each, the rarely
/// given fields (text, missing reason, unit, note, sheet, cell) only for the rows that have them,
/// so a national submission of 1.71 M values takes about 60 MB rather than half a gigabyte.
/// Rows go in as SubmittedValue and come out as View (references into the storage, valid until
/// the next push_back).
class SubmittedRows {
 public:
  /// One row, read back.
  struct View {
    const std::string& code;            ///< SubmittedValue::code
    const std::string& variable;        ///< SubmittedValue::variable
    int year;                           ///< SubmittedValue::year
    std::optional<double> value;        ///< SubmittedValue::value
    const std::string& text;            ///< SubmittedValue::text
    const std::string& missing_reason;  ///< SubmittedValue::missing_reason
    ObservationStatus status;           ///< SubmittedValue::status
    const std::string& unit;            ///< SubmittedValue::unit
    const std::string& note;            ///< SubmittedValue::note
    const std::string& sheet;           ///< SubmittedValue::sheet
    const std::string& cell;            ///< SubmittedValue::cell
    std::int64_t line;                  ///< SubmittedValue::line
    /// SubmittedValue::where().
    std::string where() const { return SubmittedValue::source_where(sheet, cell, line); }
  };

  SubmittedRows() = default;
  /// The rows given, in order.
  SubmittedRows(std::initializer_list<SubmittedValue> rows) {
    for (const SubmittedValue& r : rows) push_back(r);
  }
  /// The rows of a vector, in order.
  explicit SubmittedRows(const std::vector<SubmittedValue>& rows) {
    for (const SubmittedValue& r : rows) push_back(r);
  }
  /// Appends a row. A NaN value is stored as "no value".
  void push_back(const SubmittedValue& row);
  /// The name index of a code or variable id (added when new): with the column push_back, a
  /// reader resolves each distinct string once.
  std::uint32_t add_name(const std::string& s);
  /// Appends a row by column: code and variable as add_name() indices, NaN for "no value"; the
  /// texts (text, missing reason, unit, note, sheet, cell) of `details` when given (its other
  /// fields are ignored).
  void push_back(std::uint32_t code, std::uint32_t variable, int year, double value, ObservationStatus status,
                 std::int64_t line, const SubmittedValue* details = nullptr);
  /// Reserves room for n rows.
  void reserve(std::size_t n);
  /// Number of rows.
  std::size_t size() const noexcept { return year_.size(); }
  /// True when there is no row.
  bool empty() const noexcept { return year_.empty(); }
  /// Row i (unchecked).
  View operator[](std::size_t i) const;

  // Column access for consumers that go through millions of rows (the rules, the store): each
  // distinct code and variable id is stored once, so it can be resolved once, not once per row.

  /// Row i's code as an index of name() (unchecked).
  std::uint32_t code_index(std::size_t i) const noexcept { return code_[i]; }
  /// Row i's variable id as an index of name() (unchecked).
  std::uint32_t variable_index(std::size_t i) const noexcept { return variable_[i]; }
  /// The distinct code or variable id with this index.
  const std::string& name(std::uint32_t index) const { return names_[index]; }
  /// Number of distinct codes and variable ids.
  std::size_t n_names() const noexcept { return names_.size(); }
  /// Row i's year (unchecked).
  int year(std::size_t i) const noexcept { return year_[i]; }
  /// Row i's value, NaN for "no value" (unchecked).
  double value_or_nan(std::size_t i) const noexcept { return value_[i]; }
  /// Row i's status (unchecked).
  ObservationStatus status(std::size_t i) const noexcept { return static_cast<ObservationStatus>(status_[i]); }
  /// Row i's line (unchecked).
  std::int64_t line(std::size_t i) const noexcept { return line_[i]; }
  /// True when row i has any of text, missing reason, unit, note, sheet, cell (unchecked).
  bool has_details(std::size_t i) const noexcept { return extra_[i] != 0; }

 private:
  struct Extra {
    std::string text, missing_reason, unit, note, sheet, cell;
  };
  std::deque<std::string> names_;
  std::unordered_map<std::string, std::uint32_t> name_index_;
  std::vector<std::uint32_t> code_, variable_;
  std::vector<std::int32_t> year_;
  std::vector<double> value_;  // NaN: no value
  std::vector<std::uint8_t> status_;
  std::vector<std::int64_t> line_;
  std::vector<std::uint32_t> extra_;  // 0: none, else 1 + index into extras_
  std::vector<Extra> extras_;
};

/// What a finding does to a submission.
enum class RuleSeverity {
  error,   ///< the submission is rejected; nothing of it is stored
  warning  ///< the value is stored and flagged (the flag is stored with it)
};
/// Spelling in rules.json: "error", "warning".
const char* to_string(RuleSeverity s);
/// Parses to_string(RuleSeverity)'s spelling. @throws validation_error naming the text.
RuleSeverity rule_severity_from_string(std::string_view s);

/// The checks a rule can make. Each is evaluated per submitted value (or per region and year
/// for `required` and `part_whole`); `variables` empty means every raw variable of the framework.
enum class RuleKind {
  number,        ///< the cell holds a number, or is empty with a missing reason; not text/formula/error value
  range,         ///< lo <= value <= hi (rule's lo/hi; when both are unset, each variable's declared range)
  integer,       ///< the value is a whole number (counts: 家, 个, 件, 人, 项)
  part_whole,    ///< value(part) <= value(whole) in the same region and year (shares, per-mille ratios)
  year_on_year,  ///< value / last year's value within [1/factor, factor]; beyond it a note is needed
  required,      ///< after the submission, every listed variable has a row for each region and year it covers
  region,        ///< the code is known (directly or through the code history) and the region in scope
  year,          ///< first_year <= year <= last_year, and the region's code exists that year
  unit,          ///< a stated unit equals the variable's declared unit
  variable,      ///< the variable id is a raw variable of the framework
  duplicate,     ///< a (region, variable, year) appears once in a submission
  status         ///< a retracted row carries no value; a value-less row is missing or retracted
};
/// Spelling in rules.json: "number", "range", "integer", "part_whole", "year_on_year", "required",
/// "region", "year", "unit", "variable", "duplicate", "status".
const char* to_string(RuleKind k);
/// Parses to_string(RuleKind)'s spelling. @throws validation_error naming the text.
RuleKind rule_kind_from_string(std::string_view s);

/// One rule: a kind, its parameters and its severity.
struct Rule {
  std::string id;                      ///< unique id, named in every finding (e.g. "range.fiscal_st_share")
  RuleKind kind = RuleKind::range;     ///< what is checked
  RuleSeverity severity = RuleSeverity::error;  ///< what a finding does
  std::vector<std::string> variables;  ///< the variables checked; empty = every raw variable
  double lo = -std::numeric_limits<double>::infinity();  ///< range: smallest valid value
  double hi = std::numeric_limits<double>::infinity();   ///< range: largest valid value
  std::string part;                    ///< part_whole: the part variable (numerator)
  std::string whole;                   ///< part_whole: the whole variable (denominator)
  double factor = 3.0;                 ///< year_on_year: the largest ratio either way (> 1)
  int first_year = 0;                  ///< year: first accepted year (0 = unbounded)
  int last_year = 0;                   ///< year: last accepted year (0 = unbounded)
  std::string note;                    ///< why the rule exists, its source
};

/// A validated list of rules (rules.json, schema "countyleap.rules/1").
///
/// Validation on construction, each failure naming the rule id: ids unique and non-empty
/// (duplicate_error / validation_error), every variable known to the framework when one is given
/// (unknown_id_error), lo <= hi, factor > 1 and finite, part and whole set for part_whole,
/// first_year <= last_year when both are set (validation_error).
class RuleSet {
 public:
  RuleSet() = default;
  /// Builds and validates the set; `framework`, when given, is used to check variable ids.
  explicit RuleSet(std::vector<Rule> rules, const Framework* framework = nullptr);

  /// The rules in the order given (findings are reported in this order).
  const std::vector<Rule>& rules() const noexcept { return rules_; }
  /// The rule with this id, or nullptr.
  const Rule* find(std::string_view id) const;

  /// The default rules derived from a framework (and a plan for the year scope):
  /// - `number`, `variable`, `duplicate`, `status`, `region` (errors): the shape of the data;
  /// - `range.<variable>` (error) for every variable with a bounded declared range (shares in
  ///   [0, 100], counts >= 0);
  /// - `integer` (error) over every variable whose unit is a count (家 个 件 人 项 户 名, "count");
  /// - `part_whole.<indicator>` (error) for every ratio indicator whose valid range ends at its
  ///   scale (a share of at most 100 %, at most 1000 per 1000): numerator <= denominator;
  /// - `year_on_year` (warning, factor 3) over every variable: a change beyond the factor needs a note;
  /// - `required` (warning) over the variables of the scored and targeted indicators;
  /// - `year` (error): from 10 years before the plan's first phase to its last target year when a
  ///   plan is given, else 1949–2100 (the readers' limits);
  /// - `unit` (error) over every variable.
  static RuleSet defaults(const Framework& framework, const Plan* plan = nullptr);

  /// Exact equality of the rules (ids, kinds, parameters, severities, notes).
  friend bool operator==(const RuleSet& a, const RuleSet& b);
  /// Negation of operator==.
  friend bool operator!=(const RuleSet& a, const RuleSet& b) { return !(a == b); }

 private:
  std::vector<Rule> rules_;
};

/// Parses rules.json text (schema "countyleap.rules/1"; see docs/store.md); `framework`, when
/// given, checks the variable ids. @throws parse_error (malformed JSON, a missing or mistyped
/// key with its JSON pointer, an unknown kind or severity) and RuleSet's errors.
RuleSet parse_rules_json(std::string_view text, const std::string& source_name = "<string>",
                         const Framework* framework = nullptr);
/// Reads rules.json. @throws io_error when the file cannot be read, and parse_rules_json's errors.
RuleSet read_rules_json(const std::string& path, const Framework* framework = nullptr);
/// The JSON text of a rule set (two-space indent, keys in schema order); parses back equal.
std::string format_rules_json(const RuleSet& rules);

/// One finding of the confrontation of a submission with the rules.
struct Finding {
  std::string rule;                  ///< rule id
  RuleSeverity severity = RuleSeverity::error;  ///< the rule's severity
  std::string code;                  ///< region code as submitted
  std::string variable;              ///< variable id ("" for a finding about a whole region-year)
  int year = 0;                      ///< year (0 when the finding is not about one year)
  std::optional<double> value;       ///< the value found, if any
  std::string found;                 ///< what was found, as text (a cell's text, a unit, a ratio)
  std::string expected;              ///< what the rule expects, e.g. "in [0, 100]", "<= public_budget_exp (52000)"
  std::string where;                 ///< SubmittedValue::where() of the row: "sheet!cell" or "line N"
  std::int64_t row = -1;             ///< index of the row in the submission (-1: not one row)
  std::string message;               ///< one readable sentence

  /// "<where>: <rule> (<severity>): <message>", one line.
  std::string str() const;
};

/// The confrontation report: every finding, in row order, then rule order.
struct ValidationReport {
  std::vector<Finding> findings;  ///< all findings
  /// Number of error findings.
  std::size_t n_errors() const;
  /// Number of warning findings.
  std::size_t n_warnings() const;
  /// True when any finding is an error (the submission would be rejected).
  bool has_errors() const { return n_errors() != 0; }
  /// One line per finding (Finding::str()), then a summary line "N errors, M warnings".
  std::string text() const;
};

/// Confronts submitted values with the rules.
///
/// `context` holds the values already stored that the submission is judged against (last year's
/// value for year_on_year, the other side of a part_whole pair, what `required` finds already
/// present); a value of the submission overrides its cell in the context. It may be empty, and
/// need only cover the submission's regions and years and the year before. Codes are resolved
/// through `regions` (the finding keeps the code as submitted). A row that fails a shape rule
/// (number, variable, region, duplicate, status) is not checked further.
/// Pure: no store is needed (the store calls it for Store::check() and inside Store::import_batch()).
ValidationReport validate(const SubmittedRows& rows, const RuleSet& rules, const Framework& framework,
                          const RegionSet& regions, const Panel& context = {});

}  // namespace countyleap
