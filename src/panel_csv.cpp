// Panel CSV reader and writer, long and wide layouts (docs/file-formats.md, "Panel CSV"), and
// the PanelBuilder they share with the COINr reader.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <future>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/io/panel_records.hpp"
#include "csv_table.hpp"
#include "encoding.hpp"
#include "panel_builder.hpp"

namespace countyleap::io {

namespace internal {

int PanelBuilder::year(const CsvTable& t, std::size_t i) {
  const int y = t.integer(i);
  if (y < options_.min_year || y > options_.max_year) year_of(y, t.where(i));
  first_year_ = std::min(first_year_, y);
  last_year_ = std::max(last_year_, y);
  return y;
}

int PanelBuilder::year_of(long long y, const Location& where) {
  if (y < options_.min_year || y > options_.max_year)
    throw validation_error("year " + std::to_string(y) + " is outside the accepted range [" +
                               std::to_string(options_.min_year) + ", " + std::to_string(options_.max_year) + "]",
                           where);
  const int year = static_cast<int>(y);
  first_year_ = std::min(first_year_, year);
  last_year_ = std::max(last_year_, year);
  return year;
}

Panel PanelBuilder::finish(const std::vector<std::string>& comments) {
  Panel panel;
  if (!regions_.empty()) {
    // The panel is a dense region × variable × year block: a reader's memory must stay
    // proportional to its input, so a table whose few values span far-apart years or many codes
    // and variables without their combinations is refused before the block is allocated.
    const long double years = static_cast<long double>(last_year_) - first_year_ + 1;
    const long double cells = static_cast<long double>(regions_.size()) * variables_.size() * years;
    const long double limit = std::max(static_cast<long double>(max_cells_floor),
                                       static_cast<long double>(cells_per_value) * static_cast<long double>(entries_.size()));
    if (years > Panel::max_years || cells > limit)
      throw validation_error("the panel would need " + std::to_string(regions_.size()) + " regions x " +
                                 std::to_string(variables_.size()) + " variables x " + detail::format_double(static_cast<double>(years)) +
                                 " years (" + std::to_string(first_year_) + "-" + std::to_string(last_year_) + ") = " +
                                 detail::format_double(static_cast<double>(cells)) + " cells for " + std::to_string(entries_.size()) +
                                 " values read; check the years and codes (a panel spans at most " +
                                 std::to_string(Panel::max_years) + " years and at most " + std::to_string(cells_per_value) +
                                 " cells per value read)",
                             Location{file_});
    panel = Panel(regions_, variables_.to_vector(), first_year_, last_year_);
  }
  panel.set_comments(comments);
  const auto nr = static_cast<std::size_t>(panel.n_regions());
  const auto nv = static_cast<std::size_t>(panel.n_variables());
  // first_entry[cell] = 1 + the entry that filled the cell (cells laid out as in Panel, see panel.hpp)
  std::vector<std::uint32_t> first_entry(nr * nv * static_cast<std::size_t>(panel.n_years()), 0);
  for (std::size_t k = 0; k < entries_.size(); ++k) {
    const Entry& e = entries_[k];
    const std::uint32_t r = code_region_[e.code];
    const auto t = static_cast<std::size_t>(e.year - first_year_);
    const std::size_t cell = (t * nv + e.variable) * nr + r;
    if (first_entry[cell] != 0) duplicate(entries_[first_entry[cell] - 1], e);
    first_entry[cell] = static_cast<std::uint32_t>(k + 1);
    if (!std::isnan(e.value)) panel.set(r, e.variable, static_cast<Panel::Index>(t), e.value);
  }
  for (auto& [k, note] : notes_) {
    const Entry& e = entries_[k];
    panel.set_note(code_region_[e.code], e.variable, e.year - first_year_, std::move(note));
  }
  return panel;
}

std::uint32_t PanelBuilder::region_for(std::string_view code, const Location& where) {
  std::string current(code);
  if (options_.regions) {
    try {
      current = options_.regions->resolve(code);
    } catch (const unknown_id_error& e) {
      Location at = where;
      at.id = e.where().id;
      throw unknown_id_error(e.detail() + " (not in the region set)", at);
    } catch (const validation_error& e) {  // an abolished unit whose area was split: never mapped
      Location at = where;
      at.id = std::string(code);
      throw validation_error(e.detail(), at);
    }
  } else {
    validate_code(code, options_.code_scheme, where);
  }
  const auto [it, fresh] = region_index_.emplace(current, static_cast<std::uint32_t>(regions_.size()));
  if (fresh) regions_.push_back(current);
  return it->second;
}

void PanelBuilder::duplicate(const Entry& first, const Entry& second) const {
  const std::string& code = regions_[code_region_[second.code]];
  std::string what = "(" + code + ", " + variables_[second.variable] + ", " + std::to_string(second.year) +
                     ") appears twice: " + (rows_ ? "rows " : "lines ") + std::to_string(first.line) + " and " +
                     std::to_string(second.line) + (rows_ ? " (0-based positions)" : "");
  if (first.code != second.code)
    what += " (codes " + codes_[first.code] + " and " + codes_[second.code] +
            " are the same region through the code history)";
  throw duplicate_error(what, Location{file_, rows_ ? 0 : second.line, 0, "", code});
}

}  // namespace internal

namespace {

using internal::CsvTable;
using internal::PanelBuilder;
constexpr double missing = std::numeric_limits<double>::quiet_NaN();

constexpr std::size_t absent = static_cast<std::size_t>(-1);

// Finds the named columns of a header; any other column is an error (nothing is dropped).
struct LongColumns {
  std::size_t code = absent, variable = absent, year = absent, value = absent, note = absent;
};

LongColumns long_columns(const CsvTable& t) {
  LongColumns c;
  const std::pair<const char*, std::size_t*> slots[] = {
      {"code", &c.code}, {"variable", &c.variable}, {"year", &c.year}, {"value", &c.value}, {"note", &c.note}};
  for (std::size_t i = 0; i < t.width(); ++i) {
    std::size_t* slot = nullptr;
    for (const auto& [name, target] : slots)
      if (t.header()[i] == name) slot = target;
    if (!slot)
      throw parse_error("unknown column '" + t.header()[i] +
                            "' (a long panel has the columns code, variable, year, value and optionally note)",
                        t.header_where(i));
    if (*slot != absent) throw parse_error("duplicate column '" + t.header()[i] + "'", t.header_where(i));
    *slot = i;
  }
  for (const auto& [name, target] : slots)
    if (*target == absent && std::string_view(name) != "note")
      throw parse_error(std::string("missing column '") + name + "' (a long panel needs code, variable, year and value)",
                        Location{t.file(), t.header_line()});
  return c;
}

void read_long(CsvTable& t, PanelBuilder& b) {
  const LongColumns c = long_columns(t);
  while (t.next()) {
    const std::uint32_t code = b.code(t, c.code);
    const std::uint32_t variable = b.variable(t, c.variable);
    const int year = b.year(t, c.year);
    const std::size_t k = b.add(code, variable, year, t.record_line(), t.number(c.value).value_or(missing));
    if (c.note != absent && !t[c.note].empty()) b.add_note(k, t[c.note]);
  }
}

void read_wide(CsvTable& t, PanelBuilder& b) {
  std::size_t code_col = absent, year_col = absent;
  std::vector<std::size_t> value_cols;                        // in variable order
  std::vector<std::pair<std::size_t, std::uint32_t>> note_cols;  // column, variable
  constexpr std::string_view note_suffix = "#note";
  for (std::size_t i = 0; i < t.width(); ++i) {
    const std::string& name = t.header()[i];
    const bool is_note = name.size() > note_suffix.size() &&
                         std::string_view(name).substr(name.size() - note_suffix.size()) == note_suffix;
    std::size_t* fixed = name == "code" ? &code_col : name == "year" ? &year_col : nullptr;
    if (fixed) {
      if (*fixed != absent) throw parse_error("duplicate column '" + name + "'", t.header_where(i));
      *fixed = i;
    } else if (!is_note) {
      if (b.column_variable(t, i) != value_cols.size())
        throw parse_error("duplicate column '" + name + "'", t.header_where(i));
      value_cols.push_back(i);
    }
  }
  if (code_col == absent || year_col == absent)
    throw parse_error(std::string("missing column '") + (code_col == absent ? "code" : "year") +
                          "' (a wide panel has the columns code, year and one per variable)",
                      Location{t.file(), t.header_line()});
  for (std::size_t i = 0; i < t.width(); ++i) {  // note columns refer to value columns
    const std::string& name = t.header()[i];
    if (i == code_col || i == year_col || std::find(value_cols.begin(), value_cols.end(), i) != value_cols.end())
      continue;
    const std::string_view var = std::string_view(name).substr(0, name.size() - note_suffix.size());
    std::size_t v = 0;
    while (v < value_cols.size() && t.header()[value_cols[v]] != var) ++v;
    if (v == value_cols.size())
      throw parse_error("note column '" + name + "' has no value column '" + std::string(var) + "'", t.header_where(i));
    for (const auto& [col, other] : note_cols)
      if (other == v) throw parse_error("duplicate column '" + name + "'", t.header_where(i));
    note_cols.emplace_back(i, static_cast<std::uint32_t>(v));
  }
  while (t.next()) {
    const std::uint32_t code = b.code(t, code_col);
    const int year = b.year(t, year_col);
    std::size_t first = 0;
    for (std::size_t v = 0; v < value_cols.size(); ++v) {
      const std::size_t k = b.add(code, static_cast<std::uint32_t>(v), year, t.record_line(),
                                  t.number(value_cols[v]).value_or(missing));
      if (v == 0) first = k;
    }
    for (const auto& [col, v] : note_cols)
      if (!t[col].empty()) b.add_note(first + v, t[col]);
  }
}

// The text of each axis entry as a CSV field, made once rather than once per row.
std::vector<std::string> csv_fields(const std::vector<std::string>& items, bool first) {
  std::vector<std::string> out(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) internal::append_csv_field(out[i], items[i], first);
  return out;
}

std::vector<std::string> year_fields(const Panel& p) {
  std::vector<std::string> out;
  for (Panel::Index t = 0; t < p.n_years(); ++t) out.push_back(std::to_string(p.year_at(t)));
  return out;
}

void append_value(std::string& out, double x) {
  if (!std::isnan(x)) out += detail::format_double(x);
}

// Long layout, ordered by year, then variable, then region (the storage order). A row is
// written for every value and every note, and, with an empty value, for the cells that keep the
// axes: every region in the first (year, variable) block, the first region of every variable in
// the first year, and the first cell of the last year. Reading then meets the regions and
// variables in axis order and sees the first and last year.
std::string format_long(const Panel& p) {
  const bool with_notes = p.n_notes() > 0;
  const auto codes = csv_fields(p.regions(), true);
  const auto vars = csv_fields(p.variables(), false);
  const auto years = year_fields(p);
  std::string out;
  out.reserve(static_cast<std::size_t>(p.n_regions() * p.n_variables() * p.n_years()) * 32 + 64);
  internal::append_csv_comments(out, p.comments());
  out += with_notes ? "code,variable,year,value,note\n" : "code,variable,year,value\n";
  const Panel::Index last = p.n_years() - 1;
  for (Panel::Index t = 0; t < p.n_years(); ++t)
    for (Panel::Index v = 0; v < p.n_variables(); ++v)
      for (Panel::Index r = 0; r < p.n_regions(); ++r) {
        const double x = p(r, v, t);
        const std::string* note = with_notes ? &p.note(r, v, t) : nullptr;
        const bool keeps_axes = (t == 0 && (v == 0 || r == 0)) || (t == last && v == 0 && r == 0);
        if (std::isnan(x) && !keeps_axes && !(note && !note->empty())) continue;
        const auto ri = static_cast<std::size_t>(r), vi = static_cast<std::size_t>(v), ti = static_cast<std::size_t>(t);
        ((((out += codes[ri]) += ',') += vars[vi]) += ',') += years[ti];
        out += ',';
        append_value(out, x);
        if (with_notes) {
          out += ',';
          internal::append_csv_field(out, *note, false);
        }
        out += '\n';
      }
  return out;
}

// Wide layout: one row per region and year (region-major, so regions keep their order), a
// `<variable>#note` column right after each variable that has a note.
std::string format_wide(const Panel& p) {
  std::vector<bool> has_notes(static_cast<std::size_t>(p.n_variables()), false);
  p.for_each_note([&](Panel::Index, Panel::Index v, Panel::Index, const std::string&) {
    has_notes[static_cast<std::size_t>(v)] = true;
  });
  const auto codes = csv_fields(p.regions(), true);
  const auto years = year_fields(p);
  std::string out;
  internal::append_csv_comments(out, p.comments());
  out += "code,year";
  for (std::size_t v = 0; v < p.variables().size(); ++v) {
    (out += ',') += p.variables()[v];
    if (has_notes[v]) (out += ',') += p.variables()[v] + "#note";
  }
  out += '\n';
  for (Panel::Index r = 0; r < p.n_regions(); ++r)
    for (Panel::Index t = 0; t < p.n_years(); ++t) {
      ((out += codes[static_cast<std::size_t>(r)]) += ',') += years[static_cast<std::size_t>(t)];
      for (Panel::Index v = 0; v < p.n_variables(); ++v) {
        out += ',';
        append_value(out, p(r, v, t));
        if (has_notes[static_cast<std::size_t>(v)]) {
          out += ',';
          internal::append_csv_field(out, p.note(r, v, t), false);
        }
      }
      out += '\n';
    }
  return out;
}

Panel parse_utf8(std::string_view text, CsvLayout layout, const ReadOptions& options, const std::string& file) {
  PanelBuilder b(options, file);
  return b.finish(internal::fill_from_csv(text, layout, b, file));
}

void read_table(CsvTable& t, CsvLayout layout, PanelBuilder& b) {
  if (layout == CsvLayout::long_table) read_long(t, b);
  else read_wide(t, b);
}

}  // namespace

std::vector<std::string> internal::fill_from_csv(std::string_view utf8, CsvLayout layout, PanelBuilder& b,
                                                 const std::string& file) {
  CsvTable table(utf8, file);
  read_table(table, layout, b);
  return table.comments();
}

std::vector<std::string> internal::fill_from_csv_in_two(std::string_view utf8, CsvLayout layout, PanelBuilder& first,
                                                        PanelBuilder& second, const std::string& file) {
  CsvTable table(utf8, file);
  std::optional<CsvTable> rest = table.split_in_two();
  std::future<void> second_half;
  if (rest) second_half = std::async(std::launch::async, [&] { read_table(*rest, layout, second); });
  read_table(table, layout, first);  // on an error here, second_half's destructor waits for the other thread
  if (second_half.valid()) second_half.get();
  return table.comments();
}

Panel read_panel_csv(const std::string& path, CsvLayout layout, const ReadOptions& options) {
  const std::string bytes = internal::read_file(path);
  std::string decoded;
  return parse_utf8(internal::to_utf8(bytes, options.encoding, path, decoded), layout, options, path);
}

Panel parse_panel_csv(std::string_view text, CsvLayout layout, const ReadOptions& options, const std::string& source_name) {
  std::string decoded;
  return parse_utf8(internal::to_utf8(text, options.encoding, source_name, decoded), layout, options, source_name);
}

std::string format_panel_csv(const Panel& panel, CsvLayout layout) {
  return layout == CsvLayout::long_table ? format_long(panel) : format_wide(panel);
}

void write_panel_csv(const Panel& panel, const std::string& path, CsvLayout layout) {
  internal::write_file(path, format_panel_csv(panel, layout));
}

Panel panel_from_records(const PanelRecords& r, const ReadOptions& options) {
  const std::size_t n = r.value.size();
  if (r.code_index.size() != n || r.variable_index.size() != n || r.year.size() != n ||
      (!r.note.empty() && r.note.size() != n) || (!r.row.empty() && r.row.size() != n))
    throw validation_error("record columns must be one-dimensional and of equal length");
  auto row = [&r](std::size_t i) { return r.row.empty() ? static_cast<std::int64_t>(i) : r.row[i]; };
  static const std::string no_file;
  internal::PanelBuilder b(options, no_file);
  b.count_rows();
  std::vector<std::uint32_t> code_of, variable_of;  // label -> builder index, in the given orders
  for (const std::string& code : r.codes)
    code_of.push_back(b.code_of(code, [&] { return Location{"", 0, 0, "code", code}; }));
  for (const std::string& id : r.variables)
    variable_of.push_back(b.variable_of(id, [&] { return Location{"", 0, 0, "variable", id}; }));
  const auto n_codes = static_cast<std::int64_t>(r.codes.size()), n_variables = static_cast<std::int64_t>(r.variables.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (r.code_index[i] < 0 || r.code_index[i] >= n_codes || r.variable_index[i] < 0 || r.variable_index[i] >= n_variables)
      throw validation_error("row " + std::to_string(row(i)) + " has a region or variable index out of range");
    const std::string& code = r.codes[static_cast<std::size_t>(r.code_index[i])];
    const std::string& variable = r.variables[static_cast<std::size_t>(r.variable_index[i])];
    const int year = b.year_of(r.year[i], Location{"", 0, 0, "year", std::to_string(r.year[i])});
    const double x = r.value[i];
    if (!std::isnan(x) && !std::isfinite(x))
      throw validation_error("non-finite value " + detail::format_double(x) + " for variable '" + variable + "' in " +
                                 std::to_string(year) + " (use NaN for a missing value)",
                             Location{"", 0, 0, "value", code});
    const std::size_t entry = b.add(code_of[static_cast<std::size_t>(r.code_index[i])],
                                    variable_of[static_cast<std::size_t>(r.variable_index[i])], year,
                                    static_cast<std::size_t>(row(i)), x);
    if (!r.note.empty() && !r.note[i].empty()) b.add_note(entry, r.note[i]);
  }
  if (n == 0) return Panel();
  return b.finish({});
}

}  // namespace countyleap::io
