#pragma once
/// @file panel.hpp
/// @brief Panel: values by (region, variable, year) in one contiguous block, missing distinct
/// from zero, with an optional note (source, remark) per value.

#include <Eigen/Core>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"

namespace countyleap {

/// Values by (region, variable, year).
///
/// Storage is one `double` block laid out year-major: the value of region r, variable v in
/// year slot t sits at `((t · n_variables) + v) · n_regions + r`, so each year is a contiguous
/// column-major regions × variables matrix that year() maps without copying. A missing value is
/// stored as a quiet NaN; finite values only are accepted as data, so "missing" can never be
/// confused with a number (and zero is an ordinary value). Years form the contiguous range
/// [first_year, last_year]. Lookups by code, id or year go through hash maps: resolve them once
/// to indices, then loop over indices.
class Panel {
 public:
  /// Index type of the axes (Eigen's).
  using Index = Eigen::Index;
  /// Column-major regions × variables view of one year.
  using YearMatrix = Eigen::Map<Eigen::MatrixXd>;
  /// Read-only view of one year.
  using ConstYearMatrix = Eigen::Map<const Eigen::MatrixXd>;
  /// One (region, variable) series over the years (strided view).
  using ConstSeries = Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<>>;

  /// The most years one panel spans (last_year − first_year + 1): far beyond any statistical
  /// series, and small enough that no year arithmetic overflows.
  static constexpr int max_years = 1000;

  Panel() = default;

  /// An all-missing panel with these axes.
  /// @throws duplicate_error for a repeated region or variable, validation_error for an invalid
  /// variable id (detail::is_valid_id), a region code that is not a plain identifier,
  /// first_year > last_year, or more than max_years years.
  Panel(std::vector<std::string> regions, std::vector<std::string> variables, int first_year, int last_year);

  /// Number of regions.
  Index n_regions() const noexcept { return static_cast<Index>(regions_.size()); }
  /// Number of variables.
  Index n_variables() const noexcept { return static_cast<Index>(variables_.size()); }
  /// Number of years (last − first + 1; 0 for an empty panel).
  Index n_years() const noexcept { return static_cast<Index>(last_year_) - first_year_ + 1; }
  /// Region codes in axis order.
  const std::vector<std::string>& regions() const noexcept { return regions_; }
  /// Variable ids in axis order.
  const std::vector<std::string>& variables() const noexcept { return variables_; }
  /// First year of the axis.
  int first_year() const noexcept { return first_year_; }
  /// Last year of the axis.
  int last_year() const noexcept { return last_year_; }
  /// The year of slot t.
  int year_at(Index t) const { return first_year_ + static_cast<int>(t); }

  /// Region index of `code`, or nullopt.
  std::optional<Index> find_region(std::string_view code) const { return lookup(region_index_, code); }
  /// Region index of `code`. @throws unknown_id_error naming the code.
  Index region_index(std::string_view code) const { return require(region_index_, code, "region not in panel"); }
  /// Variable index of `id`, or nullopt.
  std::optional<Index> find_variable(std::string_view id) const { return lookup(variable_index_, id); }
  /// Variable index of `id`. @throws unknown_id_error naming the id.
  Index variable_index(std::string_view id) const { return require(variable_index_, id, "variable not in panel"); }
  /// Year slot of `year`, or nullopt when it is outside [first_year, last_year].
  std::optional<Index> find_year(int year) const {
    if (n_years() == 0 || year < first_year_ || year > last_year_) return std::nullopt;
    return static_cast<Index>(year - first_year_);
  }
  /// Year slot of `year`. @throws unknown_id_error naming the year.
  Index year_index(int year) const;

  /// The value at (r, v, t): NaN when missing. Unchecked: the indices must be in range.
  double operator()(Index r, Index v, Index t) const { return values_[flat(r, v, t)]; }
  /// The value at (r, v, t), nullopt when missing. The accessors below check their indices
  /// (unknown_id_error); operator() and the year() views are the unchecked fast paths.
  std::optional<double> get(Index r, Index v, Index t) const {
    const double x = values_[checked_flat(r, v, t)];
    if (std::isnan(x)) return std::nullopt;
    return x;
  }
  /// True when (r, v, t) holds a value.
  bool has(Index r, Index v, Index t) const { return !std::isnan(values_[checked_flat(r, v, t)]); }
  /// Stores a value. @throws validation_error for NaN or ±Inf (use set_missing for "no value"),
  /// unknown_id_error for an index out of range.
  void set(Index r, Index v, Index t, double x) {
    const auto k = checked_flat(r, v, t);
    if (!std::isfinite(x))
      throw validation_error("non-finite value for (" + regions_.at(static_cast<std::size_t>(r)) + ", " +
                             variables_.at(static_cast<std::size_t>(v)) + ", " + std::to_string(year_at(t)) + ")");
    values_[k] = x;
  }
  /// Marks (r, v, t) as missing (its note is kept).
  void set_missing(Index r, Index v, Index t) { values_[checked_flat(r, v, t)] = std::numeric_limits<double>::quiet_NaN(); }

  /// Note (source, remark) of (r, v, t); empty when there is none.
  const std::string& note(Index r, Index v, Index t) const;
  /// Sets the note of (r, v, t); an empty note removes it.
  void set_note(Index r, Index v, Index t, std::string text);
  /// Number of values with a note.
  std::size_t n_notes() const noexcept { return notes_.size(); }

  /// Read-only regions × variables view of year slot t (no copy).
  ConstYearMatrix year(Index t) const {
    check_year_slot(t);
    return ConstYearMatrix(values_.data() + t * n_regions() * n_variables(), n_regions(), n_variables());
  }
  /// Writable regions × variables view of year slot t. Write finite values or NaN (missing) only.
  YearMatrix year(Index t) {
    check_year_slot(t);
    return YearMatrix(values_.data() + t * n_regions() * n_variables(), n_regions(), n_variables());
  }
  /// The series of region r, variable v over all years (strided view, NaN where missing).
  ConstSeries series(Index r, Index v) const {
    return ConstSeries(values_.data() + flat(r, v, 0), n_years(), Eigen::InnerStride<>(n_regions() * n_variables()));
  }
  /// The whole block (see the class description for the layout).
  const std::vector<double>& data() const noexcept { return values_; }

  /// File-level comments (provenance, e.g. "illustrative, not official statistics"); written
  /// as leading `#` lines by the CSV writers and read back.
  const std::vector<std::string>& comments() const noexcept { return comments_; }
  /// Replaces the file-level comments.
  void set_comments(std::vector<std::string> lines) { comments_ = std::move(lines); }
  /// True when a comment says the data are illustrative (contains "illustrative" in any case, as
  /// the bundled panel's first line does): every report made from the panel must then say so.
  bool illustrative() const;

  /// Number of values present.
  std::size_t count_present() const;

  /// A copy with variables appended (all missing), in the order given.
  /// @throws duplicate_error when one is already in the panel.
  Panel with_variables(const std::vector<std::string>& extra) const;

  /// Visits every note in storage order as f(r, v, t, text).
  template <class F>
  void for_each_note(F&& f) const {
    for (const auto& [k, text] : notes_) {
      const auto [r, v, t] = unflat(k);
      f(r, v, t, text);
    }
  }

  /// Exact equality: same axes in the same order, the same bits in every value (missing where
  /// missing), the same notes and comments.
  friend bool operator==(const Panel& a, const Panel& b) {
    if (a.regions_ != b.regions_ || a.variables_ != b.variables_ || a.first_year_ != b.first_year_ ||
        a.last_year_ != b.last_year_ || a.notes_ != b.notes_ || a.comments_ != b.comments_ ||
        a.values_.size() != b.values_.size())
      return false;
    for (std::size_t i = 0; i < a.values_.size(); ++i) {
      const double x = a.values_[i], y = b.values_[i];
      if (std::isnan(x) != std::isnan(y) || (!std::isnan(x) && std::memcmp(&x, &y, sizeof x) != 0)) return false;
    }
    return true;
  }
  /// Negation of operator==.
  friend bool operator!=(const Panel& a, const Panel& b) { return !(a == b); }

 private:
  using IndexMap = std::unordered_map<std::string, Index>;
  struct Triple { Index r, v, t; };

  static std::optional<Index> lookup(const IndexMap& m, std::string_view key) {
    auto it = m.find(std::string(key));
    if (it == m.end()) return std::nullopt;
    return it->second;
  }
  static Index require(const IndexMap& m, std::string_view key, const char* what) {
    if (auto i = lookup(m, key)) return *i;
    throw unknown_id_error(what, Location{"", 0, 0, "", std::string(key)});
  }
  void check_year_slot(Index t) const {
    if (t < 0 || t >= n_years()) throw unknown_id_error("year slot out of range", Location{"", 0, 0, "", std::to_string(t)});
  }
  std::size_t checked_flat(Index r, Index v, Index t) const {
    if (r < 0 || r >= n_regions() || v < 0 || v >= n_variables() || t < 0 || t >= n_years())
      throw unknown_id_error("index out of range: (" + std::to_string(r) + ", " + std::to_string(v) + ", " +
                             std::to_string(t) + ") in a " + std::to_string(n_regions()) + " x " +
                             std::to_string(n_variables()) + " x " + std::to_string(n_years()) + " panel");
    return flat(r, v, t);
  }
  std::size_t flat(Index r, Index v, Index t) const {
    return static_cast<std::size_t>((t * n_variables() + v) * n_regions() + r);
  }
  Triple unflat(std::size_t k) const {
    const auto nr = static_cast<std::size_t>(n_regions()), nv = static_cast<std::size_t>(n_variables());
    return {static_cast<Index>(k % nr), static_cast<Index>((k / nr) % nv), static_cast<Index>(k / (nr * nv))};
  }

  std::vector<std::string> regions_;
  std::vector<std::string> variables_;
  int first_year_ = 0;
  int last_year_ = -1;
  std::vector<double> values_;
  std::map<std::size_t, std::string> notes_;
  std::vector<std::string> comments_;
  IndexMap region_index_, variable_index_;
};

}  // namespace countyleap
