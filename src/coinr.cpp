// COINr's iData / iMeta tables (see io/coinr.hpp and docs/file-formats.md, "COINr tables").
//
// Mapping, and what has no place on either side:
// - iData: uCode -> Region::code (CodeScheme::free, kind other), uName -> name_en, `*_group`
//   columns -> attributes, Time -> year, every other column -> a panel variable. Panel notes
//   and region fields other than code, name_en and attributes are not written.
// - iMeta "Indicator" rows (Level 1) -> a raw Indicator (Direction, Unit, Target, Denominator
//   as denominate_by) and a leaf (Parent, Weight). Indicator fields without a COINr column
//   (name_zh, note, range) are not written; kinds other than raw cannot be written.
// - "Aggregate" rows -> nodes (Parent, Weight, iName as name_en). Their Direction, Unit and
//   Target have no field in Node and are not kept; Level must agree with the tree.
// - "Denominator" rows -> explicit framework variables (iName, Unit); a Denominator named by an
//   indicator without such a row becomes a variable too. "Group" rows only restate the
//   `*_group` columns and "Other" rows columns that are plain panel variables: both are read
//   without effect and written back from the regions and the panel.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/io/coinr.hpp"
#include "countyleap/io/imeta.hpp"
#include "csv_table.hpp"
#include "encoding.hpp"
#include "io_support.hpp"
#include "panel_builder.hpp"

namespace countyleap::io {

namespace {

using internal::CsvTable;
constexpr std::size_t absent = static_cast<std::size_t>(-1);
constexpr std::string_view group_suffix = "_group";

bool is_group_column(std::string_view name) {
  return name.size() > group_suffix.size() && name.substr(name.size() - group_suffix.size()) == group_suffix;
}

// A text cell where R's NA (or nothing) means "none".
std::string text_or_empty(std::string_view s) { return s == "NA" ? std::string() : std::string(s); }

// ---- reading ----------------------------------------------------------------------------

struct Units {
  std::vector<Region> regions;
  Panel panel;
};

Units read_idata(CsvTable& t) {
  ReadOptions options;  // COINr units are free codes and any year is a year
  options.code_scheme = CodeScheme::free;
  options.min_year = std::numeric_limits<int>::min();
  options.max_year = std::numeric_limits<int>::max();
  internal::PanelBuilder b(options, t.file());
  std::size_t name_col = absent, code_col = absent, time_col = absent;
  std::vector<std::size_t> group_cols, value_cols;
  for (std::size_t i = 0; i < t.width(); ++i) {
    const std::string& name = t.header()[i];
    std::size_t* fixed = name == "uName" ? &name_col : name == "uCode" ? &code_col : name == "Time" ? &time_col : nullptr;
    if (fixed) {
      if (*fixed != absent) throw parse_error("duplicate column '" + name + "'", t.header_where(i));
      *fixed = i;
    } else if (is_group_column(name)) {
      group_cols.push_back(i);
    } else {
      if (b.column_variable(t, i) != value_cols.size())
        throw parse_error("duplicate column '" + name + "'", t.header_where(i));
      value_cols.push_back(i);
    }
  }
  for (auto [col, name] : {std::pair{code_col, "uCode"}, std::pair{time_col, "Time"}})
    if (col == absent)
      throw parse_error(std::string("missing column '") + name + "' (iData needs uCode and Time)",
                        Location{t.file(), t.header_line()});
  Units units;
  std::vector<std::size_t> first_line;  // of each unit, for the consistency message
  while (t.next()) {
    const std::uint32_t code = b.code(t, code_col);
    const int year = b.year(t, time_col);
    Region unit;
    unit.code = std::string(t[code_col]);
    unit.kind = RegionKind::other;
    if (name_col != absent) unit.name_en = text_or_empty(t[name_col]);
    for (std::size_t g : group_cols)
      if (auto value = text_or_empty(t[g]); !value.empty()) unit.attributes[t.header()[g]] = std::move(value);
    const std::uint32_t r = b.region_of_code(code);
    if (r == units.regions.size()) {
      units.regions.push_back(std::move(unit));
      first_line.push_back(t.record_line());
    } else if (units.regions[r].name_en != unit.name_en || units.regions[r].attributes != unit.attributes) {
      throw validation_error("uName or a group column differs from line " + std::to_string(first_line[r]) +
                                 " of the same uCode",
                             t.where(code_col));
    }
    for (std::size_t v = 0; v < value_cols.size(); ++v)
      b.add(code, static_cast<std::uint32_t>(v), year, t.record_line(),
            t.number(value_cols[v]).value_or(std::numeric_limits<double>::quiet_NaN()));
  }
  units.panel = b.finish(t.comments());
  return units;
}

// A reference from one iMeta row to another id, checked once every row is read.
struct Reference {
  std::string id;
  Location where;
};

Framework read_imeta(CsvTable& t, const Panel* panel) {
  std::size_t level = absent, code = absent, name = absent, direction = absent, weight = absent, unit = absent,
              target = absent, denominator = absent, parent = absent, type = absent;
  const std::pair<const char*, std::size_t*> columns[] = {
      {"Level", &level}, {"iCode", &code},     {"iName", &name},             {"Direction", &direction},
      {"Weight", &weight}, {"Unit", &unit},    {"Target", &target},          {"Denominator", &denominator},
      {"Parent", &parent}, {"Type", &type}};
  for (std::size_t i = 0; i < t.width(); ++i) {
    std::size_t* slot = nullptr;
    for (const auto& [column, s] : columns)
      if (t.header()[i] == column) slot = s;
    if (!slot)
      throw parse_error("unknown column '" + t.header()[i] +
                            "' (iMeta has Level, iCode, iName, Direction, Weight, Unit, Target, Denominator, Parent, Type)",
                        t.header_where(i));
    if (*slot != absent) throw parse_error("duplicate column '" + t.header()[i] + "'", t.header_where(i));
    *slot = i;
  }
  for (const auto& [column, s] : columns) {
    const std::string_view optional[] = {"Unit", "Target", "Denominator"};
    if (*s == absent && std::find(std::begin(optional), std::end(optional), column) == std::end(optional))
      throw parse_error(std::string("missing column '") + column + "'", Location{t.file(), t.header_line()});
  }
  auto text = [&](std::size_t col) { return col == absent ? std::string() : text_or_empty(t[col]); };

  std::vector<Variable> variables;  // Denominator rows, then denominators named only by indicators
  std::vector<Indicator> indicators;
  std::vector<Node> nodes;
  std::vector<std::pair<Reference, int>> levels;  // node, the Level its row gives
  std::vector<Reference> parents, denominators;
  while (t.next()) {
    const std::string_view kind = t[type];
    const std::string id(t[code]);
    if (kind == "Indicator" || kind == "Aggregate") {
      const int lvl = t.integer(level);
      const bool leaf = kind == "Indicator";
      if (leaf ? lvl != 1 : lvl < 2)
        throw validation_error(std::string(leaf ? "an Indicator row must have Level 1" : "an Aggregate row must have Level 2 or more") +
                                   ", got " + std::to_string(lvl),
                               t.where(level));
      Node node;
      node.id = id;
      node.parent = text(parent);
      node.weight = t.number(weight).value_or(1.0);
      if (!node.parent.empty()) parents.push_back({node.parent, t.where(parent)});
      levels.push_back({{id, t.where(level)}, lvl});
      if (leaf) {
        const auto d = t.number(direction);
        if (!d || (*d != 1 && *d != -1))
          throw validation_error("Direction must be 1 or -1, got '" + std::string(t[direction]) + "'", t.where(direction));
        Indicator ind;
        ind.id = id;
        ind.name_en = text(name);
        ind.unit = text(unit);
        ind.direction = *d > 0 ? Direction::higher_is_better : Direction::lower_is_better;
        if (target != absent) ind.target = t.number(target).value_or(std::numeric_limits<double>::quiet_NaN());
        ind.denominate_by = text(denominator);
        if (!ind.denominate_by.empty()) denominators.push_back({ind.denominate_by, t.where(denominator)});
        indicators.push_back(std::move(ind));
      } else {
        node.name_en = text(name);
      }
      nodes.push_back(std::move(node));
    } else if (kind == "Denominator") {
      variables.push_back(Variable{id, "", text(name), text(unit), {}, ""});
    } else if (kind != "Group" && kind != "Other") {
      throw validation_error("unknown Type '" + std::string(kind) +
                                 "' (expected Indicator, Aggregate, Denominator, Group or Other)",
                             t.where(type));
    }
  }
  std::unordered_set<std::string> node_ids;
  for (const Node& n : nodes) node_ids.insert(n.id);
  for (const Reference& p : parents)
    if (!node_ids.count(p.id)) {
      Location at = p.where;
      at.id = p.id;
      throw unknown_id_error("Parent names no Indicator or Aggregate row", at);
    }
  for (const Reference& d : denominators) {
    if (panel && !panel->find_variable(d.id)) {
      Location at = d.where;
      at.id = d.id;
      throw unknown_id_error("Denominator names no column of iData", at);
    }
    bool declared = false;
    for (const Variable& v : variables) declared = declared || v.id == d.id;
    if (!declared) variables.push_back(Variable{d.id, "", "", "", {}, ""});
  }
  Framework fw = internal::in_file(t.file(), [&] { return Framework(std::move(variables), std::move(indicators), std::move(nodes)); });
  for (const auto& [node, lvl] : levels) {
    const int in_tree = fw.level(fw.node_index(node.id));
    if (in_tree != lvl)
      throw validation_error("Level " + std::to_string(lvl) + " disagrees with the tree, which puts '" + node.id +
                                 "' at level " + std::to_string(in_tree),
                             node.where);
  }
  return fw;
}

// ---- writing ------------------------------------------------------------------------------

// R's missing marker for an empty text or a missing number.
std::string na_if_empty(const std::string& s) { return s.empty() ? "NA" : s; }
std::string number_or_na(double x) { return std::isnan(x) ? "NA" : detail::format_double(x); }

void append_row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    internal::append_csv_field(out, fields[i], i == 0);
  }
  out += '\n';
}

std::set<std::string> group_columns(const RegionSet& regions) {
  std::set<std::string> groups;
  for (const Region& r : regions.regions())
    for (const auto& [key, value] : r.attributes) {
      if (!is_group_column(key))
        throw validation_error("attribute '" + key + "' cannot be a COINr group column: its name must end in _group",
                               Location{"", 0, 0, "", r.code});
      groups.insert(key);
    }
  return groups;
}

std::string format_idata(const CoinrTables& tables, const std::set<std::string>& groups) {
  const Panel& p = tables.panel;
  for (const std::string& code : p.regions())
    if (!tables.regions.contains(code))
      throw unknown_id_error("panel region is not in the region set", Location{"", 0, 0, "", code});
  for (const std::string& v : p.variables())
    if (v == "uName" || v == "uCode" || v == "Time" || is_group_column(v))
      throw validation_error("variable would be read back as a COINr unit column", Location{"", 0, 0, "", v});
  if (p.n_years() == 0 && !tables.regions.empty())
    throw validation_error("COINr's iData needs a Time for every row but the panel has no years");
  std::string out;
  internal::append_csv_comments(out, p.comments());
  std::vector<std::string> row{"uName", "uCode"};
  row.insert(row.end(), groups.begin(), groups.end());
  row.push_back("Time");
  row.insert(row.end(), p.variables().begin(), p.variables().end());
  append_row(out, row);
  for (const Region& unit : tables.regions.regions()) {
    const auto r = p.find_region(unit.code);
    for (Panel::Index t = 0; t < p.n_years(); ++t) {
      row.assign({na_if_empty(unit.name_en), unit.code});
      for (const std::string& g : groups) {
        auto it = unit.attributes.find(g);
        row.push_back(it == unit.attributes.end() ? "NA" : na_if_empty(it->second));
      }
      row.push_back(std::to_string(p.year_at(t)));
      for (Panel::Index v = 0; v < p.n_variables(); ++v)
        row.push_back(r ? number_or_na(p(*r, v, t)) : "NA");
      append_row(out, row);
    }
  }
  return out;
}

std::string format_imeta(const CoinrTables& tables, const std::set<std::string>& groups) {
  const Framework& fw = tables.framework;
  if (const auto unscored = fw.unscored_indicators(); !unscored.empty())
    throw validation_error("indicator is not in the tree; COINr's iMeta lists only the indicators of the tree",
                           Location{"", 0, 0, "", unscored.front()});
  std::string out;
  append_row(out, {"Level", "iCode", "iName", "Direction", "Weight", "Unit", "Target", "Denominator", "Parent", "Type"});
  for (std::size_t i = 0; i < fw.n_leaves(); ++i) {
    const Indicator& ind = fw.leaf_indicator(i);
    if (ind.kind != IndicatorKind::raw || ind.source() != ind.id)
      throw validation_error(std::string("a ") + to_string(ind.kind) + " indicator of variable '" + ind.source() +
                                 "' has no COINr form (iMeta indicators are raw iData columns)",
                             Location{"", 0, 0, "", ind.id});
    append_row(out, {"1", ind.id, na_if_empty(ind.name_en), std::to_string(sign(ind.direction)),
                     detail::format_double(fw.nodes()[i].weight), na_if_empty(ind.unit), number_or_na(ind.target),
                     na_if_empty(ind.denominate_by), fw.nodes()[i].parent, "Indicator"});
  }
  for (std::size_t i = fw.n_leaves(); i < fw.size(); ++i) {
    const Node& n = fw.nodes()[i];
    append_row(out, {std::to_string(fw.level(i)), n.id, na_if_empty(n.name_en), "1", detail::format_double(n.weight), "NA",
                     "NA", "NA", na_if_empty(n.parent), "Aggregate"});
  }
  for (const std::string& g : groups) append_row(out, {"NA", g, g, "NA", "NA", "NA", "NA", "NA", "NA", "Group"});
  const std::size_t n_explicit = internal::explicit_variable_count(fw);
  std::unordered_set<std::string> listed;
  for (std::size_t i = 0; i < n_explicit; ++i) {
    const Variable& v = fw.variables()[i];
    listed.insert(v.id);
    append_row(out, {"NA", v.id, na_if_empty(v.name_en), "NA", "NA", na_if_empty(v.unit), "NA", "NA", "NA", "Denominator"});
  }
  for (const std::string& v : tables.panel.variables())  // columns that are neither indicators nor variables
    if (!listed.count(v) && !fw.find_indicator(v))
      append_row(out, {"NA", v, v, "NA", "NA", "NA", "NA", "NA", "NA", "Other"});
  return out;
}

}  // namespace

CoinrTables read_coinr(const std::string& idata_path, const std::string& imeta_path, Encoding encoding) {
  const std::string data_bytes = internal::read_file(idata_path);
  std::string data_decoded;
  CsvTable data(internal::to_utf8(data_bytes, encoding, idata_path, data_decoded), idata_path);
  Units units = read_idata(data);

  const std::string meta_bytes = internal::read_file(imeta_path);
  std::string meta_decoded;
  CsvTable meta(internal::to_utf8(meta_bytes, encoding, imeta_path, meta_decoded), imeta_path);
  Framework fw = read_imeta(meta, &units.panel);

  RegionSet regions = internal::in_file(idata_path, [&] { return RegionSet(std::move(units.regions), {}, CodeScheme::free); });
  return CoinrTables{std::move(regions), std::move(fw), std::move(units.panel)};
}

Framework read_imeta(const std::string& path, Encoding encoding, const Panel* panel) {
  const std::string bytes = internal::read_file(path);
  std::string decoded;
  CsvTable meta(internal::to_utf8(bytes, encoding, path, decoded), path);
  return read_imeta(meta, panel);
}

Framework parse_imeta(std::string_view text, const std::string& file, const Panel* panel) {
  CsvTable meta(text, file);
  return read_imeta(meta, panel);
}

void write_coinr(const CoinrTables& tables, const std::string& idata_path, const std::string& imeta_path) {
  const std::set<std::string> groups = group_columns(tables.regions);
  const std::string idata = format_idata(tables, groups);  // both checked before either file is touched
  const std::string imeta = format_imeta(tables, groups);
  internal::write_file(idata_path, idata);
  internal::write_file(imeta_path, imeta);
}

}  // namespace countyleap::io
