// The published-results CSV (io/published.hpp): one published fact per row.

#include "countyleap/io/published.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "countyleap/detail/text.hpp"
#include "countyleap/error.hpp"
#include "countyleap/published.hpp"
#include "csv_table.hpp"
#include "encoding.hpp"
#include "io_support.hpp"

namespace countyleap::io {

namespace {

using internal::CsvTable;

constexpr std::string_view kFixed[] = {"evaluation_year", "data_year", "data_year_inferred", "scope", "code", "name_zh",
                                       "tier", "rank", "rank_min", "rank_max", "units", "average_min", "average_max",
                                       "certainty", "source", "note"};
constexpr std::string_view kRequired[] = {"evaluation_year", "data_year", "code", "certainty", "source"};
constexpr std::string_view kCountPrefix = "count_";

PublishedResults read_rows(CsvTable& t) {
  std::map<std::string, std::size_t> col;
  std::vector<std::pair<std::string, std::size_t>> counts;  // tier label, column
  for (std::size_t i = 0; i < t.width(); ++i) {
    const std::string& name = t.header()[i];
    bool known = false;
    for (auto f : kFixed) known = known || name == f;
    if (!known && name.size() > kCountPrefix.size() && name.compare(0, kCountPrefix.size(), kCountPrefix) == 0) {
      counts.emplace_back(name.substr(kCountPrefix.size()), i);
      known = true;
    } else if (known && !col.emplace(name, i).second) {
      throw parse_error("duplicate column '" + name + "'", t.header_where(i));
    }
    if (!known) throw parse_error("unknown column '" + name + "' (see docs/file-formats.md, published results)", t.header_where(i));
  }
  for (auto r : kRequired)
    if (!col.count(std::string(r)))
      throw parse_error("missing required column '" + std::string(r) + "'", Location{t.file(), t.header_line()});
  auto has = [&](const char* name) { return col.count(name) > 0; };
  std::vector<PublishedResult> rows;
  while (t.next()) {
    PublishedResult r;
    auto text = [&](const char* name) { return has(name) ? std::string(t[col.at(name)]) : std::string(); };
    auto whole = [&](const char* name) {
      if (!has(name)) return 0;
      const std::size_t i = col.at(name);
      return t[i].empty() ? 0 : t.integer(i);
    };
    auto real = [&](const char* name) {
      if (!has(name)) return std::numeric_limits<double>::quiet_NaN();
      const auto x = t.number(col.at(name));
      return x ? *x : std::numeric_limits<double>::quiet_NaN();
    };
    r.evaluation_year = t.integer(col.at("evaluation_year"));
    r.data_year = t.integer(col.at("data_year"));
    const std::string inferred = text("data_year_inferred");
    if (inferred == "true") r.data_year_inferred = true;
    else if (!inferred.empty() && inferred != "false")
      throw parse_error("expected true, false or empty, found '" + inferred + "'", t.where(col.at("data_year_inferred")));
    try {
      const std::string scope = text("scope");
      if (!scope.empty()) r.scope = result_scope_from_string(scope);
    } catch (const validation_error& e) {
      throw validation_error(e.detail(), t.where(col.at("scope")));
    }
    r.code = text("code");
    r.name_zh = text("name_zh");
    r.tier = text("tier");
    r.rank_min = whole("rank_min");
    r.rank_max = whole("rank_max");
    if (const int exact = whole("rank")) {
      if ((r.rank_min && r.rank_min != exact) || (r.rank_max && r.rank_max != exact))
        throw validation_error("rank disagrees with rank_min/rank_max", t.where(col.at("rank")));
      r.rank_min = r.rank_max = exact;
    }
    for (const auto& [label, i] : counts)
      if (!t[i].empty()) r.tier_counts[label] = t.integer(i);
    r.units = whole("units");
    r.average_min = real("average_min");
    r.average_max = real("average_max");
    try {
      r.certainty = certainty_from_string(text("certainty"));
    } catch (const validation_error& e) {
      throw validation_error(e.detail(), t.where(col.at("certainty")));
    }
    r.source = text("source");
    r.note = text("note");
    const Location at{t.file(), t.record_line(), 0, "", r.code};
    try {
      PublishedResults({r});  // each row's checks, located at its line
    } catch (const validation_error& e) {
      throw validation_error(e.detail(), at);
    }
    rows.push_back(std::move(r));
  }
  return PublishedResults(std::move(rows));
}

std::string number_text(double x) { return std::isnan(x) ? std::string() : detail::format_double(x); }
std::string int_text(int x) { return x == 0 ? std::string() : std::to_string(x); }

}  // namespace

PublishedResults parse_published_results_csv(std::string_view text, const std::string& source_name) {
  CsvTable t(text, source_name);
  return read_rows(t);
}

PublishedResults read_published_results_csv(const std::string& path) {
  const std::string bytes = internal::read_file(path);
  std::string decoded;
  CsvTable t(internal::to_utf8(bytes, Encoding::utf8, path, decoded), path);
  return read_rows(t);
}

std::string format_published_results_csv(const PublishedResults& results) {
  std::vector<std::string> labels;
  for (const auto& r : results.rows())
    for (const auto& [label, n] : r.tier_counts)
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
  std::vector<std::string> header = {"evaluation_year", "data_year", "data_year_inferred", "scope", "code", "name_zh",
                                     "tier", "rank_min", "rank_max"};
  for (const auto& l : labels) header.push_back(std::string(kCountPrefix) + l);
  for (const char* h : {"units", "average_min", "average_max", "certainty", "source", "note"}) header.push_back(h);
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i) out += ',';
      internal::append_csv_field(out, fields[i], i == 0);
    }
    out += '\n';
  };
  line(header);
  for (const auto& r : results.rows()) {
    std::vector<std::string> f = {std::to_string(r.evaluation_year), std::to_string(r.data_year),
                                  r.data_year_inferred ? "true" : "", to_string(r.scope), r.code, r.name_zh, r.tier,
                                  int_text(r.rank_min), int_text(r.rank_max)};
    for (const auto& l : labels) {
      const auto it = r.tier_counts.find(l);
      f.push_back(it == r.tier_counts.end() ? std::string() : std::to_string(it->second));
    }
    for (std::string s : {int_text(r.units), number_text(r.average_min), number_text(r.average_max),
                          std::string(to_string(r.certainty)), r.source, r.note})
      f.push_back(std::move(s));
    line(f);
  }
  return out;
}

void write_published_results_csv(const PublishedResults& results, const std::string& path) {
  internal::write_file(path, format_published_results_csv(results));
}

}  // namespace countyleap::io
