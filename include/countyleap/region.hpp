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
const char* to_string(RegionKind kind);

/// Parses the spelling written by to_string(RegionKind); "county-level city" is accepted too.
/// @throws validation_error naming the text when it is none of them.
RegionKind region_kind_from_string(std::string_view text);

/// True when `code` is a well-formed GB/T 2260 code: six ASCII digits with a valid province
/// prefix (see CodeScheme::gbt2260).
bool is_gbt2260_code(std::string_view code);

/// Checks `code` against `scheme`.
/// @throws code_format_error whose message names the code and what was expected.
void validate_code(std::string_view code, CodeScheme scheme, const Location& where = {});

/// The kind a GB/T 2260 code implies by its digits: county part 01–20 district, 21–80 county,
/// 81–99 county-level city, 00 prefecture (or province when the city part is 00 too).
/// Source: GB/T 2260-2007 §4 code structure and the MCA's coding rules for 市辖区/县/县级市.
RegionKind kind_implied_by_code(std::string_view code);

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
/// `old_code` map onto `new_code`. A unit that was abolished and whose area went to several
/// units (桥东区 130103, abolished in 2014, split between 长安区 130102 and 桥西区 130104) has no
/// `new_code` but `split_into`: its data cannot be given to one unit, so they are never mapped
/// (RegionSet::resolve() refuses them, naming the units).
struct CodeChange {
  std::string old_code;  ///< the code as it was
  std::string new_code;  ///< the code that replaced it (must be in the set, or itself replaced); empty for a split
  int year = 0;          ///< first year of the new code (for a split: the first year without the old one)
  std::string old_name_zh;  ///< the old unit's name, e.g. 藁城市
  std::string note;         ///< source or remark
  std::vector<std::string> split_into;  ///< the units that took the area of an abolished unit; empty otherwise
};

/// A validated set of regions with O(1) lookup by code and a code history.
///
/// Validation on construction (each failure names the code): every code is well formed for
/// the scheme and unique; parent codes are well formed; under GB/T 2260 a county-level kind
/// agrees with the code's digits (kind_implied_by_code); valid_from <= valid_to; every history
/// entry maps a well-formed code that is not a current code onto a known code without cycles,
/// or (a split) onto at least two known codes and no new_code.
class RegionSet {
 public:
  RegionSet() = default;

  /// Builds and validates the set.
  /// @throws code_format_error, duplicate_error, unknown_id_error or validation_error.
  explicit RegionSet(std::vector<Region> regions, std::vector<CodeChange> history = {},
                     CodeScheme scheme = CodeScheme::gbt2260);

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
  std::vector<std::string> codes() const;

  /// Position of a current code, or nullopt.
  std::optional<std::size_t> find(std::string_view code) const;
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
  /// history ends in an unknown code); framework-like cycles are reported as validation_error;
  /// validation_error for the code of an abolished unit whose area was split (CodeChange::split_into),
  /// naming the units that took it.
  std::string resolve(std::string_view code) const;

  /// The history entry of an abolished unit whose area was split, or nullptr.
  const CodeChange* split_of(std::string_view code) const;

  /// Regions whose in_scope flag is set (e.g. the 21 units of the Shijiazhuang plan).
  RegionSet in_scope() const;

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
  std::unordered_map<std::string, std::size_t> split_;  // old code -> its entry in history_
};

}  // namespace countyleap
