#pragma once
/// @file detail/checks.hpp
/// @brief Input checks shared by the data-treatment steps: finite-or-missing data, matching
/// shapes, and the Location of an indicator id for error messages. Not part of the public API.

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <string_view>

#include "countyleap/error.hpp"

namespace countyleap::detail {

/// Location naming an indicator (or other) id; empty when the id is unknown.
inline Location at_id(std::string_view id) {
  Location where;
  where.id = std::string(id);
  return where;
}

/// Throws validation_error when x holds ±Inf: data are finite numbers or NaN (missing).
/// `what` names the step for the message.
template <class Derived>
void require_finite_or_missing(const Eigen::DenseBase<Derived>& x, const char* what, std::string_view id = {}) {
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      if (std::isinf(x.coeff(i, j)))
        throw validation_error(std::string(what) + ": infinite value at row " + std::to_string(i) +
                                   (x.cols() > 1 ? ", column " + std::to_string(j) : std::string()) +
                                   " (data must be finite numbers or NaN for missing)",
                               at_id(id));
}

/// Throws validation_error unless the vector has `expected` elements.
inline void require_size(Eigen::Index got, Eigen::Index expected, const char* what, std::string_view id = {}) {
  if (got != expected)
    throw validation_error(std::string(what) + ": expected " + std::to_string(expected) + " elements, got " +
                               std::to_string(got),
                           at_id(id));
}

}  // namespace countyleap::detail
