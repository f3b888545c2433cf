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
#include "countyleap/detail/checks.hpp"
#include "countyleap/detail/stats.hpp"
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
inline const char* to_string(ImputeMethod m) {
  switch (m) {
    case ImputeMethod::mean: return "mean";
    case ImputeMethod::median: return "median";
    case ImputeMethod::group_mean: return "group_mean";
    case ImputeMethod::group_median: return "group_median";
    case ImputeMethod::carry_forward: return "carry_forward";
    case ImputeMethod::interpolate: return "interpolate";
  }
  return "mean";
}

/// Parses the spelling of to_string(ImputeMethod). @throws validation_error naming the text.
inline ImputeMethod impute_method_from_string(std::string_view s) {
  for (auto m : {ImputeMethod::mean, ImputeMethod::median, ImputeMethod::group_mean, ImputeMethod::group_median,
                 ImputeMethod::carry_forward, ImputeMethod::interpolate})
    if (s == to_string(m)) return m;
  throw validation_error("unknown imputation method '" + std::string(s) +
                         "' (expected mean, median, group_mean, group_median, carry_forward or interpolate)");
}

/// True for the methods that fill a value from other years of the same region.
inline bool is_time_method(ImputeMethod m) {
  return m == ImputeMethod::carry_forward || m == ImputeMethod::interpolate;
}

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
  explicit RegionGroups(const std::vector<std::string>& labels) {
    std::unordered_map<std::string, Eigen::Index> index;
    group_of_.reserve(labels.size());
    for (const auto& label : labels) {
      if (label.empty()) {
        group_of_.push_back(-1);
        continue;
      }
      auto [it, added] = index.emplace(label, static_cast<Eigen::Index>(names_.size()));
      if (added) names_.push_back(label);
      group_of_.push_back(it->second);
    }
    // members of each group, contiguous (counting sort by group)
    offsets_.assign(names_.size() + 1, 0);
    for (auto g : group_of_)
      if (g >= 0) ++offsets_[static_cast<std::size_t>(g) + 1];
    for (std::size_t g = 0; g < names_.size(); ++g) offsets_[g + 1] += offsets_[g];
    rows_.resize(offsets_.back());
    std::vector<std::size_t> next(offsets_.begin(), offsets_.end() - 1);
    for (std::size_t r = 0; r < group_of_.size(); ++r)
      if (group_of_[r] >= 0) rows_[next[static_cast<std::size_t>(group_of_[r])]++] = static_cast<Eigen::Index>(r);
  }

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
inline void impute_column(Eigen::Ref<Eigen::VectorXd> x, Eigen::Index column, ImputeMethod method,
                          const RegionGroups& groups, ImputeReport& report, std::vector<double>& scratch) {
  if (is_time_method(method))
    throw validation_error(std::string("impute: '") + to_string(method) +
                           "' fills from other years; call impute_time() with a years x regions series");
  detail::require_finite_or_missing(x, "impute");
  const bool by_group = method == ImputeMethod::group_mean || method == ImputeMethod::group_median;
  if (by_group && groups.n_regions() != x.size())
    throw validation_error("impute: " + std::string(to_string(method)) + " needs one group label per region (" +
                           std::to_string(x.size()) + " regions, " + std::to_string(groups.n_regions()) + " labels)");
  const Eigen::Index n_missing = x.size() - detail::count_present(x);
  if (n_missing == 0) return;
  auto fill = [&](Eigen::Index r, double value) {
    if (std::isnan(value)) {
      ++report.still_missing;
      return;
    }
    x[r] = value;
    report.cells.push_back({r, column});
  };
  if (!by_group) {
    const double value = method == ImputeMethod::mean ? detail::mean(x) : detail::median(x, scratch);
    for (Eigen::Index r = 0; r < x.size(); ++r)
      if (std::isnan(x[r])) fill(r, value);
    return;
  }
  for (Eigen::Index r = 0; r < x.size(); ++r)  // missing values of regions without a group stay missing
    if (std::isnan(x[r]) && groups.group_of(r) < 0) ++report.still_missing;
  if (method == ImputeMethod::group_mean) {
    // one pass in row order: per-group sums and counts (in `scratch`), then fill
    const auto n_groups = static_cast<std::size_t>(groups.n_groups());
    scratch.assign(2 * n_groups, 0.0);
    for (Eigen::Index r = 0; r < x.size(); ++r) {
      const Eigen::Index g = groups.group_of(r);
      if (g < 0 || std::isnan(x[r])) continue;
      scratch[static_cast<std::size_t>(g)] += x[r];
      scratch[n_groups + static_cast<std::size_t>(g)] += 1;
    }
    for (Eigen::Index r = 0; r < x.size(); ++r) {
      const Eigen::Index g = groups.group_of(r);
      if (g < 0 || !std::isnan(x[r])) continue;
      const double n = scratch[n_groups + static_cast<std::size_t>(g)];
      fill(r, n > 0 ? scratch[static_cast<std::size_t>(g)] / n : detail::nan_value);
    }
    return;
  }
  for (Eigen::Index g = 0; g < groups.n_groups(); ++g) {
    const Eigen::Index* first = groups.members_begin(g);
    const Eigen::Index* last = groups.members_end(g);
    scratch.clear();
    bool any_missing = false;
    for (const Eigen::Index* p = first; p != last; ++p) {
      if (std::isnan(x[*p])) any_missing = true;
      else scratch.push_back(x[*p]);
    }
    if (!any_missing) continue;
    const double value = detail::median_of(scratch);
    for (const Eigen::Index* p = first; p != last; ++p)
      if (std::isnan(x[*p])) fill(*p, value);
  }
}

/// Imputes every column of a regions × indicators matrix in place with impute_column();
/// `groups` labels the rows (needed for group_mean and group_median only).
inline ImputeReport impute(Eigen::Ref<Eigen::MatrixXd> x, const ImputeOptions& options,
                           const RegionGroups& groups = RegionGroups()) {
  ImputeReport report;
  std::vector<double> scratch;
  for (Eigen::Index j = 0; j < x.cols(); ++j) impute_column(x.col(j), j, options.method, groups, report, scratch);
  return report;
}

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
inline ImputeReport impute_time(SeriesByYear by_year, const ImputeOptions& options) {
  if (!is_time_method(options.method))
    throw validation_error(std::string("impute_time: '") + to_string(options.method) +
                           "' is a cross-sectional method; use impute() on a regions x indicators matrix");
  if (options.max_time < 0)
    throw validation_error("impute_time: max_time must be >= 0 (0 = no limit), got " + std::to_string(options.max_time));
  detail::require_finite_or_missing(by_year, "impute_time");
  ImputeReport report;
  const Eigen::Index n_years = by_year.rows();
  for (Eigen::Index r = 0; r < by_year.cols(); ++r) {
    auto y = by_year.col(r);
    if (options.method == ImputeMethod::carry_forward) {
      Eigen::Index last = -1;  // latest observed year slot
      double last_value = 0;
      for (Eigen::Index t = 0; t < n_years; ++t) {
        if (!std::isnan(y[t])) {
          last = t;
          last_value = y[t];
        } else if (last >= 0 && (options.max_time == 0 || t - last <= options.max_time)) {
          y[t] = last_value;
          report.cells.push_back({t, r});
        } else {
          ++report.still_missing;
        }
      }
      continue;
    }
    Eigen::Index prev = -1;  // latest observed year slot before t
    for (Eigen::Index t = 0; t < n_years; ++t) {
      if (!std::isnan(y[t])) {
        prev = t;
        continue;
      }
      Eigen::Index next = t + 1;  // next observed year slot after the gap that starts at t
      while (next < n_years && std::isnan(y[next])) ++next;
      const bool has_next = next < n_years;
      for (Eigen::Index k = t; k < next; ++k) {
        double value = detail::nan_value;
        if (prev >= 0 && has_next) {
          const double a = static_cast<double>(prev), b = static_cast<double>(next), v = static_cast<double>(k);
          value = y[prev] + (y[next] - y[prev]) * ((v - a) / (b - a));
        } else if (options.extrapolate && (prev >= 0 || has_next)) {
          value = prev >= 0 ? y[prev] : y[next];
        }
        if (std::isnan(value)) {
          ++report.still_missing;
        } else {
          y[k] = value;
          report.cells.push_back({k, r});
        }
      }
      t = next - 1;  // the loop's ++t lands on the observed year after the gap
    }
  }
  return report;
}

/// impute_time() on one variable of a Panel in place: the years × regions series of variable
/// index `variable` (every year of the panel), so year t is filled from earlier and later years.
/// Filled cells are recorded as (year slot, region index).
/// @throws unknown_id_error for a variable index out of range, and impute_time()'s errors.
inline ImputeReport impute_time(Panel& panel, Eigen::Index variable, const ImputeOptions& options) {
  if (variable < 0 || variable >= panel.n_variables())
    throw unknown_id_error("impute_time: variable index " + std::to_string(variable) + " out of range (" +
                           std::to_string(panel.n_variables()) + " variables)");
  if (panel.n_years() == 0 || panel.n_regions() == 0) return ImputeReport{};
  // Panel layout: (r, v, t) at ((t · n_variables) + v) · n_regions + r, so the years × regions
  // series of v starts at v · n_regions, steps n_variables · n_regions per year and 1 per region.
  double* base = panel.year(0).data() + variable * panel.n_regions();
  Eigen::Map<Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>> series(
      base, panel.n_years(), panel.n_regions(),
      Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(1, panel.n_variables() * panel.n_regions()));
  return impute_time(series, options);
}

}  // namespace countyleap
