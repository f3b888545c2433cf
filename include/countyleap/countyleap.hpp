#pragma once
/// @file countyleap.hpp
/// @brief Umbrella header: every concept of the header library. The readers and writers
/// (countyleap/io/*.hpp) need the compiled countyleap::io library and are included separately.

// the data model
#include "countyleap/derive.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/indicator.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/region.hpp"
#include "countyleap/version.hpp"

// the composite-indicator engine
#include "countyleap/aggregate.hpp"
#include "countyleap/audit.hpp"
#include "countyleap/correlation.hpp"
#include "countyleap/denominate.hpp"
#include "countyleap/hierarchy.hpp"
#include "countyleap/impute.hpp"
#include "countyleap/normalise.hpp"
#include "countyleap/pipeline.hpp"
#include "countyleap/pipeline_spec.hpp"
#include "countyleap/rank.hpp"
#include "countyleap/scores.hpp"
#include "countyleap/screen.hpp"
#include "countyleap/treat.hpp"
#include "countyleap/weight.hpp"

// tiers, targets and the plan
#include "countyleap/benchmark.hpp"
#include "countyleap/gaps.hpp"
#include "countyleap/leap.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/plan_check.hpp"
#include "countyleap/published.hpp"
#include "countyleap/projection.hpp"
#include "countyleap/target.hpp"
#include "countyleap/tier.hpp"
#include "countyleap/warning.hpp"
#include "countyleap/weak_spots.hpp"

// uncertainty and sensitivity
#include "countyleap/sensitivity.hpp"
#include "countyleap/uncertainty.hpp"
#include "countyleap/uncertainty_spec.hpp"
