#pragma once
/// @file countyleap.hpp
/// @brief Umbrella header: every concept of the header library. The readers and writers
/// (countyleap/io/*.hpp) need the compiled countyleap::io library and are included separately.

#include "countyleap/derive.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/indicator.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"
#include "countyleap/target.hpp"
#include "countyleap/version.hpp"
