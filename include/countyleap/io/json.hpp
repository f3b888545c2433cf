#pragma once
/// @file io/json.hpp
/// @brief JSON readers and writers for region sets, frameworks, plans and tier schemes. Link
/// countyleap::io.
/// The schemas, with examples, are in docs/file-formats.md.

#include <string>
#include <string_view>

#include "countyleap/framework.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"
#include "countyleap/tier.hpp"

namespace countyleap::io {

/// Reads a region set (schema "countyleap.regions/1").
/// @throws io_error, encoding_error, parse_error (malformed JSON with line and column; a missing
/// or mistyped key with its JSON pointer), and the RegionSet constructor's errors.
RegionSet read_regions_json(const std::string& path);
/// Parses a region set from JSON text; `source_name` stands for the file name in messages.
RegionSet parse_regions_json(std::string_view text, const std::string& source_name = "<string>");
/// Writes a region set (UTF-8, two-space indent, keys in schema order).
void write_regions_json(const RegionSet& regions, const std::string& path);
/// The JSON text write_regions_json() would write.
std::string format_regions_json(const RegionSet& regions);

/// Reads a framework (schema "countyleap.framework/1").
/// @throws as read_regions_json, plus the Framework constructor's errors.
Framework read_framework_json(const std::string& path);
/// Parses a framework from JSON text.
Framework parse_framework_json(std::string_view text, const std::string& source_name = "<string>");
/// Writes a framework.
void write_framework_json(const Framework& framework, const std::string& path);
/// The JSON text write_framework_json() would write.
std::string format_framework_json(const Framework& framework);

/// Reads a plan (schema "countyleap.plan/1").
/// @throws as read_regions_json, plus the Plan constructor's errors.
Plan read_plan_json(const std::string& path);
/// Parses a plan from JSON text.
Plan parse_plan_json(std::string_view text, const std::string& source_name = "<string>");
/// Writes a plan.
void write_plan_json(const Plan& plan, const std::string& path);
/// The JSON text write_plan_json() would write.
std::string format_plan_json(const Plan& plan);

/// Reads a tier scheme (schema "countyleap.tiers/1"; the same object, without "schema", is the
/// "tier_scheme" of a plan).
/// @throws as read_regions_json, plus TierScheme::validate()'s errors.
TierScheme read_tier_scheme_json(const std::string& path);
/// Parses a tier scheme from JSON text.
TierScheme parse_tier_scheme_json(std::string_view text, const std::string& source_name = "<string>");
/// Writes a tier scheme.
void write_tier_scheme_json(const TierScheme& scheme, const std::string& path);
/// The JSON text write_tier_scheme_json() would write.
std::string format_tier_scheme_json(const TierScheme& scheme);

}  // namespace countyleap::io
