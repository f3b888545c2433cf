// The one instantiation of Eigen's eigenvalue solvers in the library (see eigen_solvers.hpp).
#include "eigen_solvers.hpp"

#include <Eigen/Eigenvalues>

namespace countyleap::detail {

RealEigenpair largest_real_eigenpair(const Eigen::MatrixXd& a) {
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(a);
  Eigen::Index k = 0;
  solver.eigenvalues().real().maxCoeff(&k);
  return {solver.eigenvalues()[k].real(), solver.eigenvectors().col(k).real()};
}

std::pair<Eigen::VectorXd, Eigen::MatrixXd> symmetric_eigen(const Eigen::MatrixXd& a) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(a);
  return {solver.eigenvalues(), solver.eigenvectors()};
}

}  // namespace countyleap::detail
