// countyleap/rank.hpp -> rank (of a vector, or of every column of a matrix).

#include "bindings.hpp"

namespace countyleap::python {

void bind_rank(py::module_& m) {
  using namespace pybind11::literals;
  m.def(
      "rank",
      [](py::array_t<double, py::array::forcecast> x, RankOrder order, Ties ties) -> py::object {
        const RankOptions options{order, ties};
        if (x.ndim() == 1) return py::cast(rank(x.cast<Eigen::VectorXd>(), options));
        if (x.ndim() == 2) return py::cast(rank_columns(x.cast<Eigen::MatrixXd>(), options));
        throw validation_error("rank: expected a vector or a matrix, got " + std::to_string(x.ndim()) + " dimensions");
      },
      "x"_a, py::kw_only(), "order"_a = RankOrder::descending, "ties"_a = Ties::min,
      "Ranks of a vector, or of every column of a matrix (regions in rows): 1 is the best.\n\n"
      "Equals R's rank(s*x, ties.method, na.last = 'keep') with s = -1 for order='descending' (the highest value "
      "gets rank 1, COINr's rank_df) and +1 for 'ascending' (R's rank(x), COINr's n_rank). With m present values "
      "sorted into runs of equal values, a run occupying sorted positions a..b (1-based) gets rank a "
      "(ties='min', COINr's default: 1, 2, 2, 4) or (a + b)/2 (ties='average': 1, 2.5, 2.5, 4). A missing value "
      "(NaN) gets a NaN rank.\n\n"
      "Returns a new float array of the same shape.");
}

}  // namespace countyleap::python
