#pragma once
// Private to countyleap::io: turns the rows of a CSV into a Panel. Used by the panel CSV
// readers (both layouts) and by the COINr iData reader, so codes, years, values and duplicates
// are checked by the same code whatever the table.
//
// Every value read becomes a compact Entry (interned code and variable, year, line, value) and
// the Panel is built once the axes are known. An entry with a missing value still names a code,
// variable and year, so it takes part in the axes and in the duplicate check.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/panel.hpp"
#include "csv_table.hpp"

namespace countyleap::io::internal {

/// Stores each distinct string once and hands out dense indices. The map's keys are views into
/// the deque's strings, whose addresses do not change as it grows, so a lookup needs no
/// std::string (C++17's unordered_map has no heterogeneous lookup).
class Interner {
 public:
  /// The index of `s` and whether it was new.
  std::pair<std::uint32_t, bool> intern(std::string_view s) {
    if (auto it = index_.find(s); it != index_.end()) return {it->second, false};
    const auto i = static_cast<std::uint32_t>(strings_.size());
    index_.emplace(strings_.emplace_back(s), i);
    return {i, true};
  }
  /// The string of index i.
  const std::string& operator[](std::uint32_t i) const { return strings_[i]; }
  /// Number of distinct strings.
  std::size_t size() const { return strings_.size(); }
  /// All strings in index order.
  std::vector<std::string> to_vector() const { return {strings_.begin(), strings_.end()}; }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, std::uint32_t> index_;
};

/// Collects the values of a table and builds the panel.
class PanelBuilder {
 public:
  /// `options` (code checks, year range) and `file` must outlive the builder.
  PanelBuilder(const ReadOptions& options, const std::string& file) : options_(options), file_(file) {}

  /// The code in field i of the current record, as an index into the spellings seen so far.
  /// Each distinct spelling is checked (or resolved through options.regions) once.
  /// @throws code_format_error or unknown_id_error at the field.
  std::uint32_t code(const CsvTable& t, std::size_t i) {
    return code_of(t[i], [&] { return t.where(i); });
  }
  /// code() of a code given as text (records without a CSV table); `where` makes its location.
  template <class Where>
  std::uint32_t code_of(std::string_view s, Where&& where);
  /// variable() of an id given as text.
  template <class Where>
  std::uint32_t variable_of(std::string_view id, Where&& where) {
    return intern_variable(id, std::forward<Where>(where));
  }
  /// year() of a year given as a number.
  int year_of(long long y, const Location& where);
  /// Names the entries "rows" (0-based record positions, no line in the location) instead of
  /// file lines in the duplicate message: for tables that are not files (a DataFrame).
  void count_rows() { rows_ = true; }
  /// The region (panel axis position) a spelling returned by code() stands for.
  std::uint32_t region_of_code(std::uint32_t code) const { return code_region_[code]; }
  /// The variable named in field i of the current record, checked once per distinct id.
  /// @throws validation_error at the field for an invalid id.
  std::uint32_t variable(const CsvTable& t, std::size_t i) {
    return intern_variable(t[i], [&] { return t.where(i); });
  }
  /// The variable named by header column i (wide layouts).
  std::uint32_t column_variable(const CsvTable& t, std::size_t i) {
    return intern_variable(t.header()[i], [&] { return t.header_where(i); });
  }
  /// The year in field i, checked against the options' range.
  /// @throws parse_error (not an integer) or validation_error (out of range) at the field.
  int year(const CsvTable& t, std::size_t i);
  /// Records a value (NaN for missing) and returns its entry number.
  std::size_t add(std::uint32_t code, std::uint32_t variable, int year, std::size_t line, double value) {
    entries_.push_back(Entry{code, variable, year, static_cast<std::uint32_t>(line), value});
    return entries_.size() - 1;
  }
  /// Attaches a note to an entry.
  void add_note(std::size_t entry, std::string_view note) { notes_.emplace_back(entry, std::string(note)); }
  /// Number of values read so far.
  std::size_t size() const noexcept { return entries_.size(); }
  /// Visits every value read, in reading order, as f(code as written, variable, year, line,
  /// value (NaN = missing), note ("" = none)), before finish(): for readers that keep rows (the
  /// store's CSV import) rather than build a panel.
  template <class F>
  void for_each_entry(F&& f) const {
    // The notes by entry (a wide record's may come in column order), met with a cursor: no
    // per-entry table for the few values that have one.
    std::vector<std::size_t> by_entry(notes_.size());
    for (std::size_t i = 0; i < by_entry.size(); ++i) by_entry[i] = i;
    std::stable_sort(by_entry.begin(), by_entry.end(), [&](std::size_t a, std::size_t b) { return notes_[a].first < notes_[b].first; });
    static const std::string none_text;
    std::size_t next = 0;
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      const Entry& e = entries_[k];
      const std::string* note = &none_text;
      if (next < by_entry.size() && notes_[by_entry[next]].first == k) note = &notes_[by_entry[next++]].second;
      f(codes_[e.code], variables_[e.variable], e.year, e.line, e.value, *note);
    }
  }
  /// The panel: regions and variables in order of first appearance, years from the smallest to
  /// the largest seen (an empty Panel when no row was read).
  /// @throws duplicate_error naming both lines when a (code, variable, year) cell is given twice.
  Panel finish(const std::vector<std::string>& comments);

 private:
  // One value read from the file; 24 bytes, so 1.7 M rows take about 40 MB before the panel.
  struct Entry {
    std::uint32_t code;
    std::uint32_t variable;
    std::int32_t year;
    std::uint32_t line;
    double value;
  };
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  // finish() allocates at most max(max_cells_floor, cells_per_value × values read) cells: a
  // sparse but honest panel (a few variables missing for some regions and years) stays well
  // below 64 cells per value; 2^22 cells (32 MB) are always allowed.
  static constexpr std::size_t max_cells_floor = std::size_t{1} << 22;
  static constexpr std::size_t cells_per_value = 64;

  // `where` makes the error location only when there is an error: building a Location (two
  // strings) for every row would cost more than the rest of the row.
  template <class Where>
  std::uint32_t intern_variable(std::string_view id, Where&& where) {
    if (last_variable_ != none && id == variables_[last_variable_]) return last_variable_;
    const auto [v, fresh] = variables_.intern(id);
    if (fresh && !detail::is_valid_id(id))
      throw validation_error("invalid variable id '" + std::string(id) +
                                 "' (expected an ASCII letter or '_' first, then letters, digits, '_', '-' or '.')",
                             where());
    return last_variable_ = v;
  }
  std::uint32_t region_for(std::string_view code, const Location& where);
  [[noreturn]] void duplicate(const Entry& first, const Entry& second) const;

  const ReadOptions& options_;
  const std::string& file_;
  Interner codes_, variables_;
  std::vector<std::uint32_t> code_region_;  // spelling -> region
  // Spelling that followed each spelling last time. Sorted files repeat the same sequence of
  // codes (in every year, or for every variable), so this guess usually saves the hash lookup.
  std::vector<std::uint32_t> next_code_;
  std::vector<std::string> regions_;        // region axis, in order of first appearance
  std::unordered_map<std::string, std::uint32_t> region_index_;
  // Consecutive rows often repeat the code or variable: comparing with the last one is cheaper
  // than hashing.
  std::uint32_t last_code_ = none, last_variable_ = none;
  bool rows_ = false;
  int first_year_ = std::numeric_limits<int>::max(), last_year_ = std::numeric_limits<int>::min();
  std::vector<Entry> entries_;
  std::vector<std::pair<std::size_t, std::string>> notes_;
};

template <class Where>
std::uint32_t PanelBuilder::code_of(std::string_view s, Where&& where) {
  if (last_code_ != none) {
    if (s == codes_[last_code_]) return last_code_;
    const std::uint32_t guess = next_code_[last_code_];
    if (guess != none && s == codes_[guess]) return last_code_ = guess;
  }
  const auto [c, fresh] = codes_.intern(s);
  if (fresh) {
    code_region_.push_back(region_for(s, where()));
    next_code_.push_back(none);
  }
  if (last_code_ != none) next_code_[last_code_] = c;
  return last_code_ = c;
}

/// Reads a panel CSV (either layout, text already UTF-8) into `b`: every value with its line;
/// returns the file's comment lines. Shared by read_panel_csv and the store's CSV import.
/// @throws parse_error and the builder's errors, as read_panel_csv.
std::vector<std::string> fill_from_csv(std::string_view utf8, CsvLayout layout, PanelBuilder& b, const std::string& file);

/// fill_from_csv on two threads: for a large text without quotes (CsvTable::split_in_two) the
/// records up to a line break near the middle go to `first` and the others, read at the same time
/// on a second thread, to `second`; otherwise every record goes to `first`. Visiting `first`'s
/// entries then `second`'s gives the rows in file order. When both halves fail, the error is the
/// first half's, as one reader would have met it. For the store's import, which keeps rows.
std::vector<std::string> fill_from_csv_in_two(std::string_view utf8, CsvLayout layout, PanelBuilder& first,
                                              PanelBuilder& second, const std::string& file);

}  // namespace countyleap::io::internal
