#pragma once
/// @file impute.hpp
/// @brief Imputation of missing values: across regions (column mean or median, mean or median
/// of the region's group, as COINr's i_mean, i_median, i_mean_grp and i_median_grp) and along
/// time (carry the latest earlier value forward, or interpolate linearly, as COINr's
/// impute_panel with imp_type "latest" and "linear"). Every step reports the cells it filled.

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "countyleap/cell.hpp"
#include "countyleap/error.hpp"
#include "countyleap/panel.hpp"

namespace countyleap {

/// Imputation method.
enum class ImputeMethod {
  mean,           ///< column mean of the present values (COINr i_mean)
  median,         ///< column median of the present values (COINr i_median)
  group_mean,     ///< mean of the present values of the region's group (COINr i_mean_grp)
  group_median,   ///< median of the present values of the region's group (COINr i_median_grp)
  carry_forward,  ///< latest earlier observed value of the same region (COINr impute_panel "latest")
  interpolate     ///< linear interpolation in time (COINr impute_panel "linear")
};

/// Spelling in specs: "mean", "median", "group_mean", "group_median", "carry_forward",
/// "interpolate".
const char* to_string(ImputeMethod m);

/// Parses the spelling of to_string(ImputeMethod). @throws validation_error naming the text.
ImputeMethod impute_method_from_string(std::string_view s);

/// True for the methods that fill a value from other years of the same region.
bool is_time_method(ImputeMethod m);

/// Options of the imputation functions. Spec: `"impute": {"method": "group_mean",
/// "group": "EurAsia_group"}` (the group labels themselves are passed as RegionGroups).
struct ImputeOptions {
  ImputeMethod method = ImputeMethod::mean;  ///< how to fill
  /// carry_forward only: look back at most this many years (COINr's `max_time`); 0 = no limit.
  int max_time = 0;
  /// interpolate only: fill the years before the first and after the last observed year with
  /// the nearest observed value (COINr: stats::approx(rule = 2)); false leaves them missing.
  bool extrapolate = true;
};

/// Cells filled by an imputation, and how many stayed missing.
struct ImputeReport {
  /// Cells filled, in the order visited. For impute() and impute_column() rows are regions and
  /// columns indicators; for impute_time() rows are year slots and columns regions.
  std::vector<Cell> cells;
  std::size_t still_missing = 0;  ///< missing cells the method could not fill
  /// Number of cells filled.
  std::size_t count() const { return cells.size(); }
};

/// Groups of regions for group_mean and group_median: one label per region (e.g. COINr's
/// `EurAsia_group` column); an empty label means the region has no group.
class RegionGroups {
 public:
  RegionGroups() = default;

  /// Groups from one label per region, numbered in order of first appearance.
  explicit RegionGroups(const std::vector<std::string>& labels);

  /// Number of regions labelled (the length of the label vector).
  Eigen::Index n_regions() const { return static_cast<Eigen::Index>(group_of_.size()); }
  /// Number of distinct non-empty labels.
  Eigen::Index n_groups() const { return static_cast<Eigen::Index>(names_.size()); }
  /// Group number of region r, or −1 when it has none.
  Eigen::Index group_of(Eigen::Index r) const { return group_of_.at(static_cast<std::size_t>(r)); }
  /// Label of group g.
  const std::string& name(Eigen::Index g) const { return names_.at(static_cast<std::size_t>(g)); }
  /// Rows of the members of group g, ascending: [members_begin(g), members_end(g)).
  const Eigen::Index* members_begin(Eigen::Index g) const { return rows_.data() + offsets_.at(static_cast<std::size_t>(g)); }
  /// End of the members of group g.
  const Eigen::Index* members_end(Eigen::Index g) const { return rows_.data() + offsets_.at(static_cast<std::size_t>(g) + 1); }

 private:
  std::vector<Eigen::Index> group_of_;
  std::vector<std::string> names_;
  std::vector<std::size_t> offsets_;
  std::vector<Eigen::Index> rows_;
};

/// Fills the missing values of one indicator column (regions in rows) in place with a
/// cross-sectional statistic, recording each filled cell at (row, `column`) in `report`:
/// - mean: the mean of the present values, Σx/n (COINr 1.1.14 i_mean);
/// - median: their median (i_median, R's median());
/// - group_mean / group_median: the mean / median of the present values of the region's group
///   (i_mean_grp / i_median_grp: split by group, i_mean / i_median within each group). A region
///   without a group is neither filled nor used (COINr's skip_f_na = TRUE); a group without any
///   present value leaves its missing values missing.
/// Values that cannot be filled (all missing, no group, empty group) are counted in
/// report.still_missing. `scratch` is a reused buffer (medians, group sums).
/// @throws validation_error for a time method (use impute_time()), ±Inf in x, or (group methods)
/// groups that do not label exactly x.size() regions.
void impute_column(Eigen::Ref<Eigen::VectorXd> x, Eigen::Index column, ImputeMethod method,
                   const RegionGroups& groups, ImputeReport& report, std::vector<double>& scratch);

/// Imputes every column of a regions × indicators matrix in place with impute_column();
/// `groups` labels the rows (needed for group_mean and group_median only).
ImputeReport impute(Eigen::Ref<Eigen::MatrixXd> x, const ImputeOptions& options,
                    const RegionGroups& groups = RegionGroups());

/// A years × regions series of one indicator with any strides (a plain matrix, or a strided view
/// into a Panel).
using SeriesByYear = Eigen::Ref<Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>>;

/// Fills missing values along time in place, one region (column) at a time; rows are
/// consecutive years. Filled cells are recorded as (year slot, region).
/// - carry_forward: the value of the latest earlier year in which the region was observed, at
///   most options.max_time years back (0: any); years before the first observation stay missing.
///   Only observed values are carried, never imputed ones (COINr 1.1.14 impute_panel,
///   imp_type = "latest", which looks up the original rows of earlier years).
/// - interpolate: between observed years a < t < b, y_a + (y_b − y_a)·((t − a)/(b − a)) (R's
///   stats::approx(method = "linear"), as COINr's impute_panel(imp_type = "linear")); before the
///   first and after the last observation the nearest observed value when options.extrapolate
///   (approx's rule = 2), else missing. A region observed in one year only gets that value in
///   every year when extrapolating (approx itself stops with an error there).
/// A region never observed stays missing; every missing cell left is counted in still_missing.
/// @throws validation_error for a cross-sectional method, a negative max_time or ±Inf values.
ImputeReport impute_time(SeriesByYear by_year, const ImputeOptions& options);

/// impute_time() on one variable of a Panel in place: the years × regions series of variable
/// index `variable` (every year of the panel), so year t is filled from earlier and later years.
/// Filled cells are recorded as (year slot, region index).
/// @throws unknown_id_error for a variable index out of range, and impute_time()'s errors.
ImputeReport impute_time(Panel& panel, Eigen::Index variable, const ImputeOptions& options);

}  // namespace countyleap
