#pragma once
// Builders of the small hand-made frameworks of the C++ tests: a node and a raw indicator.

#include <string>
#include <utility>

#include "countyleap/framework.hpp"
#include "countyleap/indicator.hpp"

namespace test_support {

/// A framework node `id` under `parent` (empty for the root) with a weight.
inline countyleap::Node node(std::string id, std::string parent, double weight = 1) {
  countyleap::Node n;
  n.id = std::move(id);
  n.parent = std::move(parent);
  n.weight = weight;
  return n;
}

/// A raw indicator `id` (read from the variable of the same id) with a direction.
inline countyleap::Indicator raw(std::string id,
                                 countyleap::Direction direction = countyleap::Direction::higher_is_better) {
  countyleap::Indicator i;
  i.id = std::move(id);
  i.direction = direction;
  return i;
}

}  // namespace test_support
