#pragma once
/// @file impl/tier/jenks.hpp
/// @brief The Fisher–Jenks natural breaks behind TierRule::natural_breaks, exposed for its test.
/// Compiled in src/core/tier.cpp; not part of the public API, included by no public header.

#include <cstddef>
#include <vector>

namespace countyleap::detail {

/// Fisher–Jenks: class starts (indices into the ascending-sorted values) of the optimal k-class
/// partition minimising within-class squared deviations; O(k n²).
std::vector<std::size_t> jenks_starts(const std::vector<double>& sorted, std::size_t k);

}  // namespace countyleap::detail
