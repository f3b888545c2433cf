#pragma once
// Eigen's eigenvalue solvers behind two plain functions, compiled once in
// src/core/eigen_solvers.cpp. Instantiating Eigen::EigenSolver<MatrixXd> costs about 18 s and
// 500 MB of compile time in every file that sees it (SelfAdjointEigenSolver about 5 s), so only
// that file does; the AHP weights, PCA weights and principal components call these.

#include <Eigen/Core>

#include <utility>

namespace countyleap::detail {

/// An eigenvalue and its eigenvector, real.
struct RealEigenpair {
  double value = 0;       ///< the eigenvalue's real part
  Eigen::VectorXd vector;  ///< the real part of its eigenvector (Eigen's normalisation)
};

/// The eigenpair of the square matrix `a` whose eigenvalue has the largest real part (Eigen's
/// EigenSolver: real Schur decomposition).
RealEigenpair largest_real_eigenpair(const Eigen::MatrixXd& a);

/// Eigenvalues (ascending) and eigenvectors (columns) of the symmetric matrix `a` (Eigen's
/// SelfAdjointEigenSolver).
std::pair<Eigen::VectorXd, Eigen::MatrixXd> symmetric_eigen(const Eigen::MatrixXd& a);

}  // namespace countyleap::detail
