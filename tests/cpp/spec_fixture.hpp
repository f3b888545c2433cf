#pragma once
// Pipeline-spec builders of the C++ tests.

#include "countyleap/pipeline_spec.hpp"

namespace test_support {

/// Per-node steps that normalise by fixed goalposts [lo, hi] (scores 0–100, capped).
inline countyleap::NodeSteps goalposts(double lo, double hi) {
  countyleap::NormaliseStep step;
  step.options.method = countyleap::NormaliseMethod::goalposts;
  step.options.goalpost_lo = lo;
  step.options.goalpost_hi = hi;
  countyleap::NodeSteps s;
  s.normalise = step;
  return s;
}

}  // namespace test_support
