#pragma once
/// @file impl/framework/leaves_as_variables.hpp
/// @brief A framework whose leaves read the panel as they are; used by the weak spots and the
/// leap path, which evaluate a panel of derived leaf values. Compiled in src/core/framework.cpp;
/// not part of the public API, included by no public header.

#include "countyleap/framework.hpp"

namespace countyleap::detail {

/// The framework with every leaf indicator read as its own variable: evaluate() on a panel that
/// already holds the derived leaf values then reads them as they are, so one of them can be
/// replaced. Tree, weights, directions, targets and denominate_by are unchanged.
Framework leaves_as_variables(const Framework& fw);

}  // namespace countyleap::detail
