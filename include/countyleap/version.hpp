#pragma once
/// @file version.hpp
/// @brief Library version. CMake reads the three numbers from this file, so it is the only
/// place the version is written.

/// Major version: changes break the API.
#define COUNTYLEAP_VERSION_MAJOR 0
/// Minor version: new features, compatible.
#define COUNTYLEAP_VERSION_MINOR 1
/// Patch version: fixes.
#define COUNTYLEAP_VERSION_PATCH 0

namespace countyleap {
/// The version as "major.minor.patch"; every result records it.
inline constexpr const char* version = "0.1.0";
}  // namespace countyleap
