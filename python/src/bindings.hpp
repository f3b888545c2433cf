#pragma once
/// @file bindings.hpp
/// @brief Shared by the bind_<concept>.cpp files of countyleap._core: the type casters that let
/// Python speak plain strings and tuples for the library's enums and ranges, file paths as
/// str or os.PathLike, the helpers that turn keyword arguments into the engine's option structs,
/// and the bind_* entry points called by module.cpp. Matrices cross as numpy arrays through
/// pybind11/eigen.h (copied into Eigen's column-major storage); NaN is a missing value.
///
/// Enums are not pybind11 enum objects: analysts type their file spellings ("district",
/// "long", "gbk", ...). Each enum has exactly one spelling table: the C++ header's own
/// to_string/…_from_string pair where the library has one, otherwise a table below.

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cctype>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/audit.hpp"
#include "countyleap/correlation.hpp"
#include "countyleap/countyleap.hpp"
#include "countyleap/denominate.hpp"
#include "countyleap/impute.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/rank.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/screen.hpp"
#include "countyleap/tier.hpp"
#include "countyleap/treat.hpp"
#include "countyleap/weight.hpp"
#include "countyleap/io/coinr.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/io/dataset.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/io/spec.hpp"

namespace countyleap {
struct ReplicationFailure;  // countyleap/uncertainty.hpp
}  // namespace countyleap

namespace countyleap::python {

namespace py = pybind11;

void bind_error(py::module_& m);
void bind_region(py::module_& m);
void bind_framework(py::module_& m);
void bind_panel(py::module_& m);
void bind_plan(py::module_& m);
void bind_tier(py::module_& m);
void bind_rank(py::module_& m);
void bind_denominate(py::module_& m);
void bind_impute(py::module_& m);
void bind_screen(py::module_& m);
void bind_treat(py::module_& m);
void bind_normalise(py::module_& m);
void bind_correlation(py::module_& m);
void bind_weight(py::module_& m);
void bind_aggregate(py::module_& m);
void bind_audit(py::module_& m);
void bind_pipeline_spec(py::module_& m);
void bind_scores(py::module_& m);
void bind_pipeline(py::module_& m);
void bind_io(py::module_& m);
void bind_uncertainty(py::module_& m);
void bind_sensitivity(py::module_& m);
void bind_plan_check(py::module_& m);
void bind_gaps(py::module_& m);
void bind_weak_spots(py::module_& m);
void bind_projection(py::module_& m);
void bind_warning(py::module_& m);
void bind_leap(py::module_& m);
void bind_store(py::module_& m);

/// A file path given as str, bytes or os.PathLike, in the file system encoding.
struct Path {
  std::string value;  ///< the path as the C++ readers take it
};

/// One spelling of an enum value; the first spelling of a value is the one written out.
template <class E>
struct Spelling {
  const char* text;  ///< file spelling
  E value;           ///< enum value
};

/// String spellings of an enum: parse() (throws validation_error naming the accepted spellings)
/// and name(). Specialised once per enum below.
template <class E>
struct EnumText;

/// Shared parse/name for enums whose spellings live in a Spelling table.
template <class E, const auto& table>
struct TableText {
  static E parse(std::string_view text, const char* what) {
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string expected;
    for (const auto& s : table) {
      if (lower == s.text) return s.value;
      expected += (expected.empty() ? "" : ", ") + std::string(s.text);
    }
    throw validation_error("unknown " + std::string(what) + " '" + std::string(text) + "' (expected " + expected + ")");
  }
  static const char* name(E value) {
    for (const auto& s : table)
      if (s.value == value) return s.text;
    return table[0].text;
  }
};

inline constexpr Spelling<CodeScheme> code_scheme_spellings[] = {{"gbt2260", CodeScheme::gbt2260},
                                                                 {"free", CodeScheme::free}};
inline constexpr Spelling<GrowthRule> growth_rule_spellings[] = {{"average_annual", GrowthRule::average_annual},
                                                                 {"each_year", GrowthRule::each_year}};
inline constexpr Spelling<OutOfRange> out_of_range_spellings[] = {{"error", OutOfRange::error},
                                                                  {"missing", OutOfRange::missing}};
inline constexpr Spelling<MissingReason> missing_reason_spellings[] = {
    {"source_missing", MissingReason::source_missing},
    {"denominator_missing", MissingReason::denominator_missing},
    {"denominator_zero", MissingReason::denominator_zero},
    {"base_year_outside", MissingReason::base_year_outside},
    {"base_missing", MissingReason::base_missing},
    {"base_not_positive", MissingReason::base_not_positive},
    {"cagr_undefined", MissingReason::cagr_undefined},
    {"out_of_range", MissingReason::out_of_range}};
inline constexpr Spelling<io::CsvLayout> csv_layout_spellings[] = {{"long", io::CsvLayout::long_table},
                                                                   {"wide", io::CsvLayout::wide_table}};
/// "gbk" and "gb2312" are subsets of GB18030, which the reader decodes.
inline constexpr Spelling<io::Encoding> encoding_spellings[] = {{"utf-8", io::Encoding::utf8},
                                                                {"utf8", io::Encoding::utf8},
                                                                {"gb18030", io::Encoding::gb18030},
                                                                {"gbk", io::Encoding::gb18030},
                                                                {"gb2312", io::Encoding::gb18030}};

template <>
struct EnumText<CodeScheme> : TableText<CodeScheme, code_scheme_spellings> {};
template <>
struct EnumText<GrowthRule> : TableText<GrowthRule, growth_rule_spellings> {};
template <>
struct EnumText<OutOfRange> : TableText<OutOfRange, out_of_range_spellings> {};
template <>
struct EnumText<MissingReason> : TableText<MissingReason, missing_reason_spellings> {};
template <>
struct EnumText<io::CsvLayout> : TableText<io::CsvLayout, csv_layout_spellings> {};
template <>
struct EnumText<io::Encoding> : TableText<io::Encoding, encoding_spellings> {};
template <>
struct EnumText<RegionKind> {
  static RegionKind parse(std::string_view text, const char*) { return region_kind_from_string(text); }
  static const char* name(RegionKind k) { return to_string(k); }
};
template <>
struct EnumText<IndicatorKind> {
  static IndicatorKind parse(std::string_view text, const char*) { return indicator_kind_from_string(text); }
  static const char* name(IndicatorKind k) { return to_string(k); }
};

/// An enum whose spellings are the library's own to_string / `from` pair.
template <class E, E (*from)(std::string_view)>
struct LibraryText {
  static E parse(std::string_view text, const char*) { return from(text); }
  static const char* name(E value) { return to_string(value); }
};
template <>
struct EnumText<TierRule> : LibraryText<TierRule, &tier_rule_from_string> {};
template <>
struct EnumText<NormaliseMethod> : LibraryText<NormaliseMethod, &normalise_method_from_string> {};
template <>
struct EnumText<TreatMethod> : LibraryText<TreatMethod, &treat_method_from_string> {};
template <>
struct EnumText<ImputeMethod> : LibraryText<ImputeMethod, &impute_method_from_string> {};
template <>
struct EnumText<WeightMethod> : LibraryText<WeightMethod, &weight_method_from_string> {};
template <>
struct EnumText<AggregationMethod> : LibraryText<AggregationMethod, &aggregation_method_from_string> {};
template <>
struct EnumText<RankOrder> : LibraryText<RankOrder, &rank_order_from_string> {};
template <>
struct EnumText<Ties> : LibraryText<Ties, &ties_from_string> {};
template <>
struct EnumText<CorrelationMethod> : LibraryText<CorrelationMethod, &correlation_method_from_string> {};
template <>
struct EnumText<ProjectionMethod> : LibraryText<ProjectionMethod, &projection_method_from_string> {};
template <>
struct EnumText<NonPositive> : LibraryText<NonPositive, &non_positive_from_string> {};
template <>
struct EnumText<Severity> : LibraryText<Severity, &severity_from_string> {};
template <>
struct EnumText<TrackStatus> : LibraryText<TrackStatus, &track_status_from_string> {};
/// LeapSolver has to_string but no parser in leap.hpp; its spellings are to_string's.
inline constexpr Spelling<LeapSolver> leap_solver_spellings[] = {{"automatic", LeapSolver::automatic},
                                                                 {"greedy", LeapSolver::greedy}};
template <>
struct EnumText<LeapSolver> : TableText<LeapSolver, leap_solver_spellings> {};

/// What an enum is called in error messages.
template <class E> inline constexpr const char* enum_what = "value";
template <> inline constexpr const char* enum_what<CodeScheme> = "code scheme";
template <> inline constexpr const char* enum_what<GrowthRule> = "growth rule";
template <> inline constexpr const char* enum_what<OutOfRange> = "out_of_range policy";
template <> inline constexpr const char* enum_what<MissingReason> = "missing reason";
template <> inline constexpr const char* enum_what<io::CsvLayout> = "layout";
template <> inline constexpr const char* enum_what<io::Encoding> = "encoding";
template <> inline constexpr const char* enum_what<LeapSolver> = "leap solver";

/// Return policy of getters into a validated object (RegionSet, Framework, Plan): the caller gets
/// copies, so changing them cannot break the object's invariants.
inline constexpr auto copied = py::return_value_policy::copy;

/// Python's repr() of a UTF-8 string, for __repr__ methods.
inline std::string quoted(const std::string& s) { return py::repr(py::str(s)).cast<std::string>(); }

/// Python's repr() of a float (shortest round-trip text, 'inf', 'nan').
inline std::string number(double x) { return py::repr(py::float_(x)).cast<std::string>(); }

/// NaN for None: the library's "not given" for optional numbers (goalposts, standards, targets).
inline double or_nan(const std::optional<double>& x) { return x.value_or(std::numeric_limits<double>::quiet_NaN()); }

/// None for NaN, the number otherwise.
inline py::object none_if_nan(double x) { return std::isnan(x) ? py::object(py::none()) : py::object(py::float_(x)); }

/// Options of type T from `method` and keyword arguments. `method` is a T (then no keyword may
/// follow) or whatever T's first constructor argument takes (the method's name); the keywords
/// go to the bound constructor of T, so names, defaults and checks live in one place.
template <class T>
T options_from(py::handle method, const py::kwargs& kwargs) {
  if (py::isinstance<T>(method)) {
    if (kwargs.size() != 0) throw py::type_error("give either an options object or keyword options, not both");
    return method.cast<T>();
  }
  return py::type::of<T>()(method, **kwargs).template cast<T>();
}

/// One option set per column: `options` is a T or a method name (every column the same, with
/// `kwargs`), or a sequence with one T, dict of keyword options or method name per column.
template <class T>
std::vector<T> options_per_column(py::handle options, const py::kwargs& kwargs, Eigen::Index columns) {
  if (py::isinstance<py::str>(options) || py::isinstance<T>(options))
    return std::vector<T>(static_cast<std::size_t>(columns), options_from<T>(options, kwargs));
  if (kwargs.size() != 0) throw py::type_error("keyword options apply to one option set, not to a list of them");
  std::vector<T> out;
  for (py::handle item : py::iter(options)) {
    if (py::isinstance<py::dict>(item)) out.push_back(py::type::of<T>()(**py::reinterpret_borrow<py::dict>(item)).template cast<T>());
    else out.push_back(options_from<T>(item, py::kwargs()));
  }
  return out;
}

/// Text labels from any sequence (a list, a pandas Series): None, NaN and '' are "no label"
/// (''), anything else its str().
inline std::vector<std::string> labels_from(py::handle sequence) {
  std::vector<std::string> out;
  for (py::handle item : py::iter(sequence)) {
    if (item.is_none() || (py::isinstance<py::float_>(item) && std::isnan(item.cast<double>()))) out.emplace_back();
    else out.push_back(py::str(item).cast<std::string>());
  }
  return out;
}

/// A numpy float64 array copied from `v`.
inline py::array_t<double> doubles(const std::vector<double>& v) {
  return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
}

/// Eigen::Index values as a new int64 array.
inline py::array_t<long long> index_array(const std::vector<Eigen::Index>& rows) {
  py::array_t<long long> out(static_cast<py::ssize_t>(rows.size()));
  auto a = out.mutable_unchecked<1>();
  for (std::size_t i = 0; i < rows.size(); ++i) a(static_cast<py::ssize_t>(i)) = rows[i];
  return out;
}

/// Cells as a new int64 array of shape (n, 2): column 0 the row, column 1 the column.
inline py::array_t<long long> cell_array(const std::vector<Cell>& cells) {
  py::array_t<long long> out({static_cast<py::ssize_t>(cells.size()), py::ssize_t{2}});
  auto a = out.mutable_unchecked<2>();
  for (std::size_t i = 0; i < cells.size(); ++i) {
    a(static_cast<py::ssize_t>(i), 0) = cells[i].row;
    a(static_cast<py::ssize_t>(i), 1) = cells[i].col;
  }
  return out;
}

/// A JSON document given from Python: its text (`name` stands for the file in messages), or the
/// path of a JSON file.
struct JsonSource {
  std::string text;      ///< the JSON text, or the path
  std::string name;      ///< "<dict>" or "<string>"; empty for a path
  bool is_path = false;  ///< `text` is a path
};

/// What `source` is: a dict (written as JSON text by json.dumps), JSON text (a str starting with
/// '{') or the path of a JSON file (str, bytes or os.PathLike). Anything else is a TypeError:
/// `what` (the accepted forms), then the type given.
JsonSource json_source(py::handle source, const char* what);

/// A T read by the library's one JSON parser for it from json_source(source, what).
template <class T>
T from_json_source(py::handle source, T (*parse)(std::string_view, const std::string&), T (*read)(const std::string&),
                   const char* what) {
  const JsonSource json = json_source(source, what);
  return json.is_path ? read(json.text) : parse(json.text, json.name);
}

/// The `to_json(path=None)` of a spec: returns `text` when no path is given, else writes it to
/// the file (replaced) and returns None. @throws io_error naming the file when it cannot be written.
std::optional<std::string> text_or_file(std::string text, const std::optional<Path>& path);

/// A pipeline spec from None (the defaults), a PipelineSpec, a dict (written as JSON text and read
/// by io::parse_pipeline_spec), JSON text (a str starting with '{') or a path to a JSON file.
PipelineSpec spec_from(py::handle spec);

/// spec_from(spec) with the keyword arguments of a call (`normalise="zscore"`) put in as its steps,
/// each replacing the spec's step of that key: the spec's canonical JSON updated with `steps`,
/// read by io::parse_pipeline_spec (an unknown keyword is an unknown key, named).
PipelineSpec spec_from(py::handle spec, const py::kwargs& steps);

/// Failed runs of an uncertainty or sensitivity analysis as columns: `position` (the run's row of
/// the parameter log, int64), inputs and message.
py::dict failure_columns(const std::vector<ReplicationFailure>& failures, const char* position);

/// The result of evaluate() as Python sees it: the Scores and what is needed to label them —
/// the panel's region axis (log cells refer to it), the framework and, when given, the regions
/// (names, audit). Shared pointers: the years of one evaluate_years() call share one copy.
struct ScoresResult {
  Scores scores;                                          ///< the result
  std::shared_ptr<const std::vector<std::string>> panel_regions;  ///< region axis of the panel
  std::shared_ptr<const Framework> framework;             ///< the framework evaluated
  std::shared_ptr<const RegionSet> regions;               ///< the regions passed, or null
};

/// Scores of one run labelled for Python (a ScoresResult with its own copies of the panel's region
/// axis, the framework and the regions), for the results that carry scores (projections, outlooks).
inline ScoresResult label_scores(Scores scores, const Panel& panel, const Framework& fw, const RegionSet* regions) {
  return ScoresResult{std::move(scores), std::make_shared<const std::vector<std::string>>(panel.regions()),
                      std::make_shared<const Framework>(fw),
                      regions ? std::make_shared<const RegionSet>(*regions) : nullptr};
}

/// ProjectionOptions from the keyword arguments the Python functions share: `window` is k
/// (ProjectionOptions::years, renamed because leap_path's `years` is the span of the change), a
/// `base_year` of None is the panel's last year.
inline ProjectionOptions projection_options(ProjectionMethod method, int window, std::optional<int> base_year,
                                            NonPositive non_positive) {
  ProjectionOptions o;
  o.method = method;
  o.years = window;
  o.base_year = base_year.value_or(0);
  o.non_positive = non_positive;
  return o;
}

/// A classification as columns: code, score, tier (label), tier_index, margin_up, margin_down
/// (defined in bind_projection.cpp; used by the projection and warning results).
py::dict tier_columns(const Classification& c, const std::vector<std::string>& codes, const TierScheme& scheme);

}  // namespace countyleap::python

namespace pybind11::detail {

/// Enum <-> its file spelling as a Python str.
template <class E>
struct string_enum_caster {
  PYBIND11_TYPE_CASTER(E, const_name("str"));
  bool load(handle src, bool) {
    if (!isinstance<str>(src)) return false;
    value = countyleap::python::EnumText<E>::parse(src.cast<std::string>(), countyleap::python::enum_what<E>);
    return true;
  }
  static handle cast(E v, return_value_policy, handle) {
    return str(countyleap::python::EnumText<E>::name(v)).release();
  }
};

template <> struct type_caster<countyleap::CodeScheme> : string_enum_caster<countyleap::CodeScheme> {};
template <> struct type_caster<countyleap::RegionKind> : string_enum_caster<countyleap::RegionKind> {};
template <> struct type_caster<countyleap::IndicatorKind> : string_enum_caster<countyleap::IndicatorKind> {};
template <> struct type_caster<countyleap::GrowthRule> : string_enum_caster<countyleap::GrowthRule> {};
template <> struct type_caster<countyleap::OutOfRange> : string_enum_caster<countyleap::OutOfRange> {};
template <> struct type_caster<countyleap::MissingReason> : string_enum_caster<countyleap::MissingReason> {};
template <> struct type_caster<countyleap::io::CsvLayout> : string_enum_caster<countyleap::io::CsvLayout> {};
template <> struct type_caster<countyleap::io::Encoding> : string_enum_caster<countyleap::io::Encoding> {};
template <> struct type_caster<countyleap::TierRule> : string_enum_caster<countyleap::TierRule> {};
template <> struct type_caster<countyleap::NormaliseMethod> : string_enum_caster<countyleap::NormaliseMethod> {};
template <> struct type_caster<countyleap::TreatMethod> : string_enum_caster<countyleap::TreatMethod> {};
template <> struct type_caster<countyleap::ImputeMethod> : string_enum_caster<countyleap::ImputeMethod> {};
template <> struct type_caster<countyleap::WeightMethod> : string_enum_caster<countyleap::WeightMethod> {};
template <> struct type_caster<countyleap::AggregationMethod> : string_enum_caster<countyleap::AggregationMethod> {};
template <> struct type_caster<countyleap::RankOrder> : string_enum_caster<countyleap::RankOrder> {};
template <> struct type_caster<countyleap::Ties> : string_enum_caster<countyleap::Ties> {};
template <> struct type_caster<countyleap::CorrelationMethod> : string_enum_caster<countyleap::CorrelationMethod> {};
template <> struct type_caster<countyleap::ProjectionMethod> : string_enum_caster<countyleap::ProjectionMethod> {};
template <> struct type_caster<countyleap::NonPositive> : string_enum_caster<countyleap::NonPositive> {};
template <> struct type_caster<countyleap::Severity> : string_enum_caster<countyleap::Severity> {};
template <> struct type_caster<countyleap::TrackStatus> : string_enum_caster<countyleap::TrackStatus> {};
template <> struct type_caster<countyleap::LeapSolver> : string_enum_caster<countyleap::LeapSolver> {};

/// Direction <-> the int +1 / -1 (COINr's `Direction` column); an integral float is accepted.
template <>
struct type_caster<countyleap::Direction> {
  PYBIND11_TYPE_CASTER(countyleap::Direction, const_name("int"));
  bool load(handle src, bool) {
    if (isinstance<bool_>(src) || !(isinstance<int_>(src) || isinstance<float_>(src) || hasattr(src, "__index__")))
      return false;
    const double d = src.cast<double>();
    if (d == 1) value = countyleap::Direction::higher_is_better;
    else if (d == -1) value = countyleap::Direction::lower_is_better;
    else
      throw countyleap::validation_error("direction must be 1 (higher is better) or -1 (lower is better), got " +
                                         countyleap::python::number(d));
    return true;
  }
  static handle cast(countyleap::Direction d, return_value_policy, handle) {
    return int_(countyleap::sign(d)).release();
  }
};

/// ValidRange <-> (lo, hi); None on input is an unbounded end, output uses ±inf.
template <>
struct type_caster<countyleap::ValidRange> {
  PYBIND11_TYPE_CASTER(countyleap::ValidRange, const_name("tuple[float, float]"));
  bool load(handle src, bool) {
    if (!isinstance<sequence>(src) || isinstance<str>(src)) return false;
    auto seq = reinterpret_borrow<sequence>(src);
    if (seq.size() != 2) throw countyleap::validation_error("a range is a pair (lo, hi); use None for an unbounded end");
    const double inf = std::numeric_limits<double>::infinity();
    auto end = [](const object& x, double unbounded) {
      if (x.is_none()) return unbounded;
      if (isinstance<str>(x) || !hasattr(x, "__float__"))
        throw countyleap::validation_error("a range end must be a number or None, got " +
                                           repr(x).cast<std::string>());
      return x.cast<double>();
    };
    value.lo = end(seq[0], -inf);
    value.hi = end(seq[1], inf);
    return true;
  }
  static handle cast(const countyleap::ValidRange& r, return_value_policy, handle) {
    return make_tuple(r.lo, r.hi).release();
  }
};

/// Path <- str, bytes or os.PathLike (os.fspath, then os.fsencode); -> str.
template <>
struct type_caster<countyleap::python::Path> {
  PYBIND11_TYPE_CASTER(countyleap::python::Path, const_name("str | os.PathLike[str]"));
  bool load(handle src, bool) {
    object fs = reinterpret_steal<object>(PyOS_FSPath(src.ptr()));
    if (fs && isinstance<str>(fs)) fs = reinterpret_steal<object>(PyUnicode_EncodeFSDefault(fs.ptr()));
    if (!fs) {
      PyErr_Clear();
      return false;
    }
    value.value = fs.cast<std::string>();
    return true;
  }
  static handle cast(const countyleap::python::Path& p, return_value_policy, handle) {
    return str(p.value).release();
  }
};

}  // namespace pybind11::detail
