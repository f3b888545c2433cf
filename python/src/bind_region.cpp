// countyleap/region.hpp -> Region, CodeChange, RegionSet and the code helpers.

#include "bindings.hpp"

namespace countyleap::python {

void bind_region(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<Region>(m, "Region",
                     "One region, usually a county-level unit (县级: district 市辖区, county 县, county-level "
                     "city 县级市).\n\n"
                     "Parameters\n----------\n"
                     "code : str\n    GB/T 2260 code (six digits, e.g. '130102') or a free code (see RegionSet).\n"
                     "name_zh, name_en : str\n    Chinese name (e.g. 长安区) and romanised or English name.\n"
                     "kind : str\n    'district', 'county', 'county_level_city', 'prefecture', 'province' or "
                     "'other'.\n"
                     "parent : str\n    Code of the parent unit (e.g. '130100' Shijiazhuang); '' if none.\n"
                     "valid_from, valid_to : int\n    First and last year in which the code exists; 0 = unbounded.\n"
                     "in_scope : bool\n    False for units listed for completeness but outside the evaluation.\n"
                     "note : str\n    Free text, e.g. why a unit is out of scope.\n"
                     "attributes : dict[str, str]\n    Group memberships (e.g. COINr's EurAsia_group). The property "
                     "returns a copy: assign a whole dict to change it.")
      .def(py::init([](std::string code, std::string name_zh, std::string name_en, RegionKind kind,
                       std::string parent, int valid_from, int valid_to, bool in_scope, std::string note,
                       std::map<std::string, std::string> attributes) {
             return Region{std::move(code), std::move(name_zh), std::move(name_en), kind, std::move(parent), valid_from,
                           valid_to, in_scope, std::move(note), std::move(attributes)};
           }),
           "code"_a, "name_zh"_a = "", "name_en"_a = "", py::kw_only(), "kind"_a = RegionKind::county,
           "parent"_a = "", "valid_from"_a = 0, "valid_to"_a = 0, "in_scope"_a = true, "note"_a = "",
           "attributes"_a = std::map<std::string, std::string>{})
      .def_readwrite("code", &Region::code, "GB/T 2260 code (or a free code).")
      .def_readwrite("name_zh", &Region::name_zh, "Chinese name, e.g. 长安区.")
      .def_readwrite("name_en", &Region::name_en, "Romanised or English name, e.g. Chang'an.")
      .def_readwrite("kind", &Region::kind, "Administrative kind: 'district', 'county', 'county_level_city', ...")
      .def_readwrite("parent", &Region::parent, "Code of the parent unit; '' if none.")
      .def_readwrite("valid_from", &Region::valid_from, "First year in which the code exists; 0 = not known / always.")
      .def_readwrite("valid_to", &Region::valid_to, "Last year in which the code exists; 0 = still valid.")
      .def_readwrite("in_scope", &Region::in_scope, "False for units outside the evaluation.")
      .def_readwrite("note", &Region::note, "Free text.")
      .def_readwrite("attributes", &Region::attributes, "Group memberships (a copy; assign a whole dict).")
      .def("valid_in", &Region::valid_in, "year"_a,
           "True when the code exists in `year` (by valid_from/valid_to; 0 means unbounded).")
      .def("__repr__", [](const Region& r) {
        return "Region(" + quoted(r.code) + ", " + quoted(r.name_zh) + ", " + quoted(r.name_en) + ", kind=" +
               quoted(to_string(r.kind)) + (r.in_scope ? "" : ", in_scope=False") + ")";
      });

  py::class_<CodeChange>(m, "CodeChange",
                         "A code that was replaced, e.g. 藁城市 130182 became 藁城区 130109 in 2014. Data keyed by "
                         "`old_code` map onto `new_code`.")
      .def(py::init([](std::string old_code, std::string new_code, int year, std::string old_name_zh,
                       std::string note, std::vector<std::string> split_into) {
             return CodeChange{std::move(old_code), std::move(new_code), year, std::move(old_name_zh), std::move(note),
                               std::move(split_into)};
           }),
           "old_code"_a, "new_code"_a, "year"_a, py::kw_only(), "old_name_zh"_a = "", "note"_a = "",
           "split_into"_a = std::vector<std::string>{})
      .def_readwrite("split_into", &CodeChange::split_into,
                     "For an abolished unit whose area went to several units (桥东区 130103 → 长安区, 桥西区): their "
                     "codes, and new_code is ''. Data under the old code are refused, never mapped.")
      .def_readwrite("old_code", &CodeChange::old_code, "The code as it was.")
      .def_readwrite("new_code", &CodeChange::new_code, "The code that replaced it.")
      .def_readwrite("year", &CodeChange::year, "First year of the new code.")
      .def_readwrite("old_name_zh", &CodeChange::old_name_zh, "The old unit's name, e.g. 藁城市.")
      .def_readwrite("note", &CodeChange::note, "Source or remark.")
      .def("__repr__", [](const CodeChange& c) {
        return "CodeChange(" + quoted(c.old_code) + ", " + quoted(c.new_code) + ", " + std::to_string(c.year) + ")";
      });

  py::class_<RegionSet>(m, "RegionSet",
                        "A validated set of regions with lookup by code and a code history.\n\n"
                        "Validation on construction (each failure names the code): every code is well formed for "
                        "the scheme and unique; parent codes are well formed; under GB/T 2260 a county-level kind "
                        "agrees with the code's digits (01-20 district, 21-80 county, 81-99 county-level city); "
                        "valid_from <= valid_to; every history entry maps a well-formed code that is not a current "
                        "code onto a known code without cycles.\n\n"
                        "Parameters\n----------\n"
                        "regions : list[Region]\n    The regions, in the order kept.\n"
                        "history : list[CodeChange]\n    Replaced codes.\n"
                        "code_scheme : str\n    'gbt2260' (default) or 'free' (any plain identifier, e.g. ISO "
                        "codes).\n\n"
                        "Raises\n------\n"
                        "CodeFormatError, DuplicateError, UnknownIdError, ValidationError")
      .def(py::init<>())
      .def(py::init<std::vector<Region>, std::vector<CodeChange>, CodeScheme>(), "regions"_a,
           "history"_a = std::vector<CodeChange>{}, py::kw_only(), "code_scheme"_a = CodeScheme::gbt2260)
      .def("__len__", &RegionSet::size)
      .def(
          "__getitem__",
          [](const RegionSet& s, py::ssize_t i) {
            const auto n = static_cast<py::ssize_t>(s.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw py::index_error("region index out of range");
            return s[static_cast<std::size_t>(i)];
          },
          "i"_a, "The region at position i (negative counts from the end).")
      .def(
          "__getitem__", [](const RegionSet& s, const std::string& code) { return s.at(code); }, "code"_a,
          "The region with this current code. Raises UnknownIdError.")
      .def(
          "__iter__",
          [](const RegionSet& s) { return py::make_iterator<copied>(s.regions().begin(), s.regions().end()); },
          py::keep_alive<0, 1>())
      .def("__contains__", &RegionSet::contains, "code"_a, "True when `code` is a current code of the set.")
      .def_property_readonly("regions", &RegionSet::regions, copied, "All regions in order (copies).")
      .def_property_readonly("history", &RegionSet::history, copied, "The code history (copies).")
      .def_property_readonly("code_scheme", &RegionSet::scheme, "'gbt2260' or 'free'.")
      .def_property_readonly("codes", &RegionSet::codes, "Codes in order.")
      .def("find", &RegionSet::find, "code"_a, "Position of a current code, or None.")
      .def("index", &RegionSet::index, "code"_a, "Position of a current code. Raises UnknownIdError.")
      .def("resolve", &RegionSet::resolve, "code"_a,
           "The current code for `code`, following the code history (old -> new, possibly in several "
           "steps); a current code resolves to itself. Raises UnknownIdError.")
      .def("in_scope", &RegionSet::in_scope,
           "The regions whose in_scope flag is set (e.g. the 21 units of the Shijiazhuang plan), with the "
           "history entries that lead to them.")
      .def("__repr__", [](const RegionSet& s) {
        std::size_t in_scope = 0;
        for (const auto& r : s.regions()) in_scope += r.in_scope;
        return "<RegionSet: " + std::to_string(s.size()) + " regions (" + std::to_string(in_scope) + " in scope), " +
               std::to_string(s.history().size()) + " code changes, scheme " + EnumText<CodeScheme>::name(s.scheme()) +
               ">";
      });

  m.def("is_gbt2260_code", &is_gbt2260_code, "code"_a,
        "True when `code` is a well-formed GB/T 2260 code: six ASCII digits with a valid province prefix "
        "(11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82).");
  m.def(
      "validate_code", [](const std::string& code, CodeScheme scheme) { validate_code(code, scheme); }, "code"_a,
      "code_scheme"_a = CodeScheme::gbt2260,
      "Checks `code` against the scheme. Raises CodeFormatError naming the code and what was expected.");
  m.def(
      "kind_implied_by_code",
      [](const std::string& code) {
        validate_code(code, CodeScheme::gbt2260);
        return kind_implied_by_code(code);
      },
      "code"_a,
      "The kind a GB/T 2260 code implies by its digits: county part 01-20 district, 21-80 county, 81-99 "
      "county-level city, 00 prefecture (or province when the city part is 00 too). Raises CodeFormatError "
      "for a malformed code.");
}

}  // namespace countyleap::python
