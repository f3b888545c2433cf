#pragma once
// Eigen's eigenvalue solvers behind two function templates, so that a build can compile them once.
//
// Instantiating Eigen::EigenSolver<MatrixXd> costs about 20 s of compile time (SelfAdjointEigenSolver
// about 5 s) in every file that includes a header using it, called or not: GCC instantiates the
// templates used by every inline function of a file. By default these templates are header-only
// like the rest of the library. A build that defines COUNTYLEAP_EXTERN_EIGEN_SOLVERS declares them
// extern and must link one file that includes this header with COUNTYLEAP_INSTANTIATE_EIGEN_SOLVERS
// defined; the project's own tests, Python module and benchmarks do (CMake target
// countyleap_eigen_solvers), which keeps their build minutes down. Users need neither macro.

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <utility>

namespace countyleap::detail {

/// An eigenvalue and its eigenvector, real.
struct RealEigenpair {
  double value = 0;       ///< the eigenvalue's real part
  Eigen::VectorXd vector;  ///< the real part of its eigenvector (Eigen's normalisation)
};

/// The eigenpair of the square matrix `a` whose eigenvalue has the largest real part (Eigen's
/// EigenSolver: real Schur decomposition).
template <class Matrix>
RealEigenpair largest_real_eigenpair(const Matrix& a) {
  const Eigen::EigenSolver<Matrix> solver(a);
  Eigen::Index k = 0;
  solver.eigenvalues().real().maxCoeff(&k);
  return {solver.eigenvalues()[k].real(), solver.eigenvectors().col(k).real()};
}

/// Eigenvalues (ascending) and eigenvectors (columns) of the symmetric matrix `a` (Eigen's
/// SelfAdjointEigenSolver).
template <class Matrix>
std::pair<Eigen::VectorXd, Eigen::MatrixXd> symmetric_eigen(const Matrix& a) {
  const Eigen::SelfAdjointEigenSolver<Matrix> solver(a);
  return {solver.eigenvalues(), solver.eigenvectors()};
}

#if defined(COUNTYLEAP_INSTANTIATE_EIGEN_SOLVERS)
template RealEigenpair largest_real_eigenpair<Eigen::MatrixXd>(const Eigen::MatrixXd&);
template std::pair<Eigen::VectorXd, Eigen::MatrixXd> symmetric_eigen<Eigen::MatrixXd>(const Eigen::MatrixXd&);
#elif defined(COUNTYLEAP_EXTERN_EIGEN_SOLVERS)
extern template RealEigenpair largest_real_eigenpair<Eigen::MatrixXd>(const Eigen::MatrixXd&);
extern template std::pair<Eigen::VectorXd, Eigen::MatrixXd> symmetric_eigen<Eigen::MatrixXd>(const Eigen::MatrixXd&);
#endif

}  // namespace countyleap::detail
