// Compiled definitions of countyleap/impute.hpp: see that header for each function's formula and source.
#include "countyleap/impute.hpp"

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

const char* to_string(ImputeMethod m) {
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

ImputeMethod impute_method_from_string(std::string_view s) {
  for (auto m : {ImputeMethod::mean, ImputeMethod::median, ImputeMethod::group_mean, ImputeMethod::group_median,
                 ImputeMethod::carry_forward, ImputeMethod::interpolate})
    if (s == to_string(m)) return m;
  throw validation_error("unknown imputation method '" + std::string(s) +
                         "' (expected mean, median, group_mean, group_median, carry_forward or interpolate)");
}

bool is_time_method(ImputeMethod m) {
  return m == ImputeMethod::carry_forward || m == ImputeMethod::interpolate;
}

void impute_column(Eigen::Ref<Eigen::VectorXd> x, Eigen::Index column, ImputeMethod method,
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

ImputeReport impute(Eigen::Ref<Eigen::MatrixXd> x, const ImputeOptions& options,
                    const RegionGroups& groups) {
  ImputeReport report;
  std::vector<double> scratch;
  for (Eigen::Index j = 0; j < x.cols(); ++j) impute_column(x.col(j), j, options.method, groups, report, scratch);
  return report;
}

ImputeReport impute_time(SeriesByYear by_year, const ImputeOptions& options) {
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

ImputeReport impute_time(Panel& panel, Eigen::Index variable, const ImputeOptions& options) {
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

namespace countyleap {

RegionGroups::RegionGroups(const std::vector<std::string>& labels) {
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

}  // namespace countyleap
