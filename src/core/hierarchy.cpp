// Compiled definitions of countyleap/hierarchy.hpp: see that header for each function's formula and source.
#include "countyleap/hierarchy.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "countyleap/aggregate.hpp"
#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"

namespace countyleap {

Eigen::VectorXd framework_weights(const Framework& framework) {
  Eigen::VectorXd w(static_cast<Eigen::Index>(framework.size()));
  for (std::size_t i = 0; i < framework.size(); ++i) w[static_cast<Eigen::Index>(i)] = framework.nodes()[i].weight;
  return w;
}

Eigen::VectorXd leaf_weights_in_root(const Framework& framework, const Eigen::Ref<const Eigen::VectorXd>& weights) {
  if (static_cast<std::size_t>(weights.size()) != framework.size())
    throw validation_error("leaf weights: " + std::to_string(weights.size()) + " weights for " +
                           std::to_string(framework.size()) + " nodes");
  Eigen::VectorXd out(static_cast<Eigen::Index>(framework.n_leaves()));
  for (std::size_t j = 0; j < framework.n_leaves(); ++j) {
    double w = 1;
    for (std::size_t i = j; i != framework.root(); i = *framework.parent(i)) {
      double siblings = 0;
      for (std::size_t c : framework.children(*framework.parent(i))) siblings += weights[static_cast<Eigen::Index>(c)];
      w *= weights[static_cast<Eigen::Index>(i)] / siblings;
    }
    out[static_cast<Eigen::Index>(j)] = w;
  }
  return out;
}

}  // namespace countyleap
