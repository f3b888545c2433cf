#pragma once
/// @file region.hpp
/// @brief County-level units (Region), their codes (GB/T 2260) and a validated set with code
/// history (RegionSet).

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"

namespace countyleap {

/// How region codes are spelled.
enum class CodeScheme {
  /// GB/T 2260 administrative division code: exactly six ASCII digits whose first two are a
  /// province-level code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82). Source:
  /// GB/T 2260-2007 《中华人民共和国行政区划代码》 and the Ministry of Civil Affairs' code list.
  gbt2260,
  /// Any non-empty identifier without control characters, commas, quotes or surrounding
  /// spaces (e.g. ISO 3166 alpha-3 country codes as in COINr's ASEM example).
  free
};

/// The administrative kind of a region. The first three are county-level (县级) units.
enum class RegionKind {
  district,           ///< 市辖区: GB/T 2260 county part 01–20
  county,             ///< 县 (also 自治县, 旗): county part 21–80
  county_level_city,  ///< 县级市: county part 81–99
  prefecture,         ///< 地级市 / 地区 / 自治州: county part 00, city part not 00
  province,           ///< 省级: city and county parts 00
  other               ///< anything else (e.g. a country in a cross-national index)
};

/// Spelling of a RegionKind in files: "district", "county", "county_level_city",
/// "prefecture", "province", "other".
inline const char* to_string(RegionKind kind) {
  switch (kind) {
    case RegionKind::district: return "district";
    case RegionKind::county: return "county";
    case RegionKind::county_level_city: return "county_level_city";
    case RegionKind::prefecture: return "prefecture";
    case RegionKind::province: return "province";
    case RegionKind::other: return "other";
  }
  return "other";
}

/// Parses the spelling written by to_string(RegionKind); "county-level city" is accepted too.
/// @throws validation_error naming the text when it is none of them.
inline RegionKind region_kind_from_string(std::string_view text) {
  static const std::pair<const char*, RegionKind> names[] = {
      {"district", RegionKind::district},
      {"county", RegionKind::county},
      {"county_level_city", RegionKind::county_level_city},
      {"county-level city", RegionKind::county_level_city},
      {"prefecture", RegionKind::prefecture},
      {"province", RegionKind::province},
      {"other", RegionKind::other}};
  for (const auto& [name, kind] : names)
    if (text == name) return kind;
  throw validation_error("unknown region kind '" + std::string(text) +
                         "' (expected district, county, county_level_city, prefecture, province or other)");
}

/// True when `code` is a well-formed GB/T 2260 code: six ASCII digits with a valid province
/// prefix (see CodeScheme::gbt2260).
inline bool is_gbt2260_code(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                  43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  const int prefix = (code[0] - '0') * 10 + (code[1] - '0');
  return std::find(std::begin(provinces), std::end(provinces), prefix) != std::end(provinces);
}

/// Checks `code` against `scheme`.
/// @throws code_format_error whose message names the code and what was expected.
inline void validate_code(std::string_view code, CodeScheme scheme, const Location& where = {}) {
  if (scheme == CodeScheme::gbt2260) {
    if (!is_gbt2260_code(code))
      throw code_format_error("invalid GB/T 2260 code '" + std::string(code) +
                                  "': expected six digits starting with a province code (e.g. 130102)",
                              where);
    return;
  }
  if (!detail::is_plain_identifier(code))
    throw code_format_error("invalid region code '" + std::string(code) +
                                "': expected a non-empty identifier without spaces at the ends, commas, "
                                "quotes or control characters",
                            where);
}

/// The kind a GB/T 2260 code implies by its digits: county part 01–20 district, 21–80 county,
/// 81–99 county-level city, 00 prefecture (or province when the city part is 00 too).
/// Source: GB/T 2260-2007 §4 code structure and the MCA's coding rules for 市辖区/县/县级市.
inline RegionKind kind_implied_by_code(std::string_view code) {
  const int city = (code[2] - '0') * 10 + (code[3] - '0');
  const int county = (code[4] - '0') * 10 + (code[5] - '0');
  if (county == 0) return city == 0 ? RegionKind::province : RegionKind::prefecture;
  if (county <= 20) return RegionKind::district;
  if (county <= 80) return RegionKind::county;
  return RegionKind::county_level_city;
}

/// One region, usually a county-level unit.
struct Region {
  std::string code;     ///< GB/T 2260 code (or a free code, see CodeScheme)
  std::string name_zh;  ///< Chinese name in UTF-8, e.g. 长安区
  std::string name_en;  ///< romanised or English name, e.g. Chang'an
  RegionKind kind = RegionKind::county;  ///< administrative kind
  std::string parent;   ///< code of the parent unit (e.g. 130100 Shijiazhuang); empty if none
  int valid_from = 0;   ///< first year in which the code exists; 0 = not known / always
  int valid_to = 0;     ///< last year in which the code exists; 0 = still valid
  bool in_scope = true; ///< false for units listed for completeness but outside the evaluation
  std::string note;     ///< free text, e.g. why a unit is out of scope or which fact is inferred
  std::map<std::string, std::string> attributes;  ///< group memberships (e.g. COINr's EurAsia_group)

  /// True when the code exists in `year` (by valid_from/valid_to; 0 means unbounded).
  bool valid_in(int year) const {
    return (valid_from == 0 || year >= valid_from) && (valid_to == 0 || year <= valid_to);
  }
};

/// A code that was replaced, e.g. 藁城市 130182 became 藁城区 130109 in 2014. Data keyed by
/// `old_code` map onto `new_code`.
struct CodeChange {
  std::string old_code;  ///< the code as it was
  std::string new_code;  ///< the code that replaced it (must be in the set, or itself replaced)
  int year = 0;          ///< first year of the new code
  std::string old_name_zh;  ///< the old unit's name, e.g. 藁城市
  std::string note;         ///< source or remark
};

/// A validated set of regions with O(1) lookup by code and a code history.
///
/// Validation on construction (each failure names the code): every code is well formed for
/// the scheme and unique; parent codes are well formed; under GB/T 2260 a county-level kind
/// agrees with the code's digits (kind_implied_by_code); valid_from <= valid_to; every history
/// entry maps a well-formed code that is not a current code onto a known code without cycles.
class RegionSet {
 public:
  RegionSet() = default;

  /// Builds and validates the set.
  /// @throws code_format_error, duplicate_error, unknown_id_error or validation_error.
  explicit RegionSet(std::vector<Region> regions, std::vector<CodeChange> history = {},
                     CodeScheme scheme = CodeScheme::gbt2260)
      : regions_(std::move(regions)), history_(std::move(history)), scheme_(scheme) {
    for (std::size_t i = 0; i < regions_.size(); ++i) {
      const Region& r = regions_[i];
      Location at{"", 0, 0, "", r.code};
      validate_code(r.code, scheme_, at);
      if (!index_.emplace(r.code, i).second) throw duplicate_error("duplicate region code", at);
      if (!r.parent.empty()) validate_code(r.parent, scheme_, Location{"", 0, 0, "parent", r.code});
      if (scheme_ == CodeScheme::gbt2260 && is_county_level(r.kind) && kind_implied_by_code(r.code) != r.kind)
        throw validation_error(std::string("kind '") + to_string(r.kind) + "' disagrees with the code, which implies '" +
                                   to_string(kind_implied_by_code(r.code)) + "' (GB/T 2260: 01-20 district, 21-80 county, 81-99 county-level city)",
                               at);
      if (r.valid_from != 0 && r.valid_to != 0 && r.valid_from > r.valid_to)
        throw validation_error("valid_from " + std::to_string(r.valid_from) + " is after valid_to " +
                                   std::to_string(r.valid_to), at);
    }
    for (const CodeChange& c : history_) {
      Location at{"", 0, 0, "", c.old_code};
      validate_code(c.old_code, scheme_, at);
      validate_code(c.new_code, scheme_, Location{"", 0, 0, "", c.new_code});
      if (index_.count(c.old_code)) throw duplicate_error("a replaced code is also a current region code", at);
      if (!renamed_.emplace(c.old_code, c.new_code).second) throw duplicate_error("code replaced twice in the history", at);
    }
    for (const CodeChange& c : history_) resolve(c.old_code);  // unknown targets and cycles
  }

  /// Number of regions.
  std::size_t size() const noexcept { return regions_.size(); }
  /// True when there are no regions.
  bool empty() const noexcept { return regions_.empty(); }
  /// The region at position i (0-based, in the order given).
  const Region& operator[](std::size_t i) const { return regions_.at(i); }
  /// All regions in the order given.
  const std::vector<Region>& regions() const noexcept { return regions_; }
  /// The code history.
  const std::vector<CodeChange>& history() const noexcept { return history_; }
  /// The code scheme every code was checked against.
  CodeScheme scheme() const noexcept { return scheme_; }
  /// Codes in order.
  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    out.reserve(regions_.size());
    for (const auto& r : regions_) out.push_back(r.code);
    return out;
  }

  /// Position of a current code, or nullopt.
  std::optional<std::size_t> find(std::string_view code) const {
    auto it = index_.find(std::string(code));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  /// True when `code` is a current code of the set.
  bool contains(std::string_view code) const { return find(code).has_value(); }
  /// Position of a current code. @throws unknown_id_error naming the code.
  std::size_t index(std::string_view code) const {
    if (auto i = find(code)) return *i;
    throw unknown_id_error("unknown region code", Location{"", 0, 0, "", std::string(code)});
  }
  /// The region with this current code. @throws unknown_id_error naming the code.
  const Region& at(std::string_view code) const { return regions_[index(code)]; }

  /// The current code for `code`, following the code history (old → new, possibly in several
  /// steps). A current code resolves to itself.
  /// @throws unknown_id_error when the code is neither current nor in the history (or the
  /// history ends in an unknown code); framework-like cycles are reported as validation_error.
  std::string resolve(std::string_view code) const {
    std::string current(code);
    for (std::size_t steps = 0; steps <= renamed_.size(); ++steps) {
      if (index_.count(current)) return current;
      auto it = renamed_.find(current);
      if (it == renamed_.end())
        throw unknown_id_error(steps == 0 ? "unknown region code" : "code history of '" + std::string(code) + "' leads to an unknown code",
                               Location{"", 0, 0, "", current});
      current = it->second;
    }
    throw validation_error("code history has a cycle", Location{"", 0, 0, "", std::string(code)});
  }

  /// Regions whose in_scope flag is set (e.g. the 21 units of the Shijiazhuang plan).
  RegionSet in_scope() const {
    std::vector<Region> kept;
    for (const auto& r : regions_)
      if (r.in_scope) kept.push_back(r);
    std::vector<CodeChange> hist;
    for (const auto& c : history_)
      if (at(resolve(c.old_code)).in_scope) hist.push_back(c);  // resolve cannot fail: checked on construction
    return RegionSet(std::move(kept), std::move(hist), scheme_);
  }

  /// True for the three county-level kinds (district, county, county-level city).
  static bool is_county_level(RegionKind k) {
    return k == RegionKind::district || k == RegionKind::county || k == RegionKind::county_level_city;
  }

 private:
  std::vector<Region> regions_;
  std::vector<CodeChange> history_;
  CodeScheme scheme_ = CodeScheme::gbt2260;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::string, std::string> renamed_;
};

}  // namespace countyleap
