// Compiled definitions of countyleap/region.hpp: see that header for each function's formula and source.
#include "countyleap/region.hpp"

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

const char* to_string(RegionKind kind) {
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

RegionKind region_kind_from_string(std::string_view text) {
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

bool is_gbt2260_code(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                  43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  const int prefix = (code[0] - '0') * 10 + (code[1] - '0');
  return std::find(std::begin(provinces), std::end(provinces), prefix) != std::end(provinces);
}

void validate_code(std::string_view code, CodeScheme scheme, const Location& where) {
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

RegionKind kind_implied_by_code(std::string_view code) {
  const int city = (code[2] - '0') * 10 + (code[3] - '0');
  const int county = (code[4] - '0') * 10 + (code[5] - '0');
  if (county == 0) return city == 0 ? RegionKind::province : RegionKind::prefecture;
  if (county <= 20) return RegionKind::district;
  if (county <= 80) return RegionKind::county;
  return RegionKind::county_level_city;
}

}  // namespace countyleap

namespace countyleap {

std::vector<std::string> RegionSet::codes() const {
  std::vector<std::string> out;
  out.reserve(regions_.size());
  for (const auto& r : regions_) out.push_back(r.code);
  return out;
}

std::optional<std::size_t> RegionSet::find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const CodeChange* RegionSet::split_of(std::string_view code) const {
  const auto it = split_.find(std::string(code));
  return it == split_.end() ? nullptr : &history_[it->second];
}

std::string RegionSet::resolve(std::string_view code) const {
  std::string current(code);
  for (std::size_t steps = 0; steps <= renamed_.size(); ++steps) {
    if (index_.count(current)) return current;
    if (const CodeChange* split = split_of(current)) {
      std::string into;
      for (const auto& c : split->split_into) {
        const auto i = find(c);
        into += (into.empty() ? "" : " and ") + c + (i && !regions_[*i].name_zh.empty() ? " " + regions_[*i].name_zh : "");
      }
      throw validation_error("region code " + current + (split->old_name_zh.empty() ? "" : " " + split->old_name_zh) +
                                 " was abolished" + (split->year ? " in " + std::to_string(split->year) : std::string()) +
                                 " and its area split between " + into +
                                 ": its data cannot be given to one unit and are not mapped",
                             Location{"", 0, 0, "", std::string(code)});
    }
    auto it = renamed_.find(current);
    if (it == renamed_.end())
      throw unknown_id_error(steps == 0 ? "unknown region code" : "code history of '" + std::string(code) + "' leads to an unknown code",
                             Location{"", 0, 0, "", current});
    current = it->second;
  }
  throw validation_error("code history has a cycle", Location{"", 0, 0, "", std::string(code)});
}

RegionSet RegionSet::in_scope() const {
  std::vector<Region> kept;
  for (const auto& r : regions_)
    if (r.in_scope) kept.push_back(r);
  std::vector<CodeChange> hist;
  for (const auto& c : history_) {
    if (!c.split_into.empty()) {  // a split is kept when every unit that took the area is in scope
      if (std::all_of(c.split_into.begin(), c.split_into.end(), [&](const std::string& s) { return at(resolve(s)).in_scope; }))
        hist.push_back(c);
    } else if (at(resolve(c.old_code)).in_scope) {
      hist.push_back(c);  // resolve cannot fail: checked on construction
    }
  }
  return RegionSet(std::move(kept), std::move(hist), scheme_);
}

}  // namespace countyleap

namespace countyleap {

RegionSet::RegionSet(std::vector<Region> regions, std::vector<CodeChange> history, CodeScheme scheme)
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
    if (index_.count(c.old_code)) throw duplicate_error("a replaced code is also a current region code", at);
    if (renamed_.count(c.old_code) || split_.count(c.old_code)) throw duplicate_error("code replaced twice in the history", at);
    if (!c.split_into.empty()) {
      if (!c.new_code.empty()) throw validation_error("a split unit has split_into and no new_code", at);
      if (c.split_into.size() < 2) throw validation_error("a split needs at least two units that took the area", at);
      for (const auto& s : c.split_into) validate_code(s, scheme_, Location{"", 0, 0, "split_into", s});
      split_.emplace(c.old_code, static_cast<std::size_t>(&c - history_.data()));
      continue;
    }
    validate_code(c.new_code, scheme_, Location{"", 0, 0, "", c.new_code});
    renamed_.emplace(c.old_code, c.new_code);
  }
  for (const CodeChange& c : history_) {  // unknown targets and cycles
    if (c.split_into.empty()) resolve(c.old_code);
    else
      for (const auto& s : c.split_into) resolve(s);
  }
}

}  // namespace countyleap
