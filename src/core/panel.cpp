// Compiled definitions of countyleap/panel.hpp: see that header for each function's formula and source.
#include "countyleap/panel.hpp"

#include <Eigen/Core>

#include <cctype>
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

Panel::Panel(std::vector<std::string> regions, std::vector<std::string> variables, int first_year, int last_year)
    : regions_(std::move(regions)), variables_(std::move(variables)), first_year_(first_year), last_year_(last_year) {
  if (first_year > last_year)
    throw validation_error("first year " + std::to_string(first_year) + " is after last year " + std::to_string(last_year));
  if (static_cast<long long>(last_year) - first_year + 1 > max_years)
    throw validation_error("years " + std::to_string(first_year) + "-" + std::to_string(last_year) + " span more than " +
                           std::to_string(max_years) + " years");
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    if (!detail::is_plain_identifier(regions_[i]))
      throw validation_error("invalid region code in panel", Location{"", 0, 0, "", regions_[i]});
    if (!region_index_.emplace(regions_[i], static_cast<Index>(i)).second)
      throw duplicate_error("duplicate region in panel", Location{"", 0, 0, "", regions_[i]});
  }
  for (std::size_t i = 0; i < variables_.size(); ++i) {
    if (!detail::is_valid_id(variables_[i]))
      throw validation_error("invalid variable id (expected ASCII letters, digits, '_', '-', '.')",
                             Location{"", 0, 0, "", variables_[i]});
    if (!variable_index_.emplace(variables_[i], static_cast<Index>(i)).second)
      throw duplicate_error("duplicate variable in panel", Location{"", 0, 0, "", variables_[i]});
  }
  values_.assign(static_cast<std::size_t>(n_regions() * n_variables() * n_years()),
                 std::numeric_limits<double>::quiet_NaN());
}

Panel::Index Panel::year_index(int year) const {
  if (auto t = find_year(year)) return *t;
  throw unknown_id_error("year not in panel (" + std::to_string(first_year_) + "-" + std::to_string(last_year_) + ")",
                         Location{"", 0, 0, "", std::to_string(year)});
}

const std::string& Panel::note(Index r, Index v, Index t) const {
  static const std::string none;
  auto it = notes_.find(checked_flat(r, v, t));
  return it == notes_.end() ? none : it->second;
}

void Panel::set_note(Index r, Index v, Index t, std::string text) {
  const auto k = checked_flat(r, v, t);
  if (text.empty()) notes_.erase(k);
  else notes_[k] = std::move(text);
}

bool Panel::illustrative() const {
  for (const auto& line : comments_) {
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.find("illustrative") != std::string::npos) return true;
  }
  return false;
}

std::size_t Panel::count_present() const {
  std::size_t n = 0;
  for (double x : values_) n += !std::isnan(x);
  return n;
}

Panel Panel::with_variables(const std::vector<std::string>& extra) const {
  std::vector<std::string> vars = variables_;
  vars.insert(vars.end(), extra.begin(), extra.end());
  Panel out(regions_, std::move(vars), first_year_, last_year_);
  out.comments_ = comments_;
  for (Index t = 0; t < n_years(); ++t)
    out.year(t).leftCols(n_variables()) = year(t);
  for (const auto& [k, text] : notes_) {
    const auto [r, v, t] = unflat(k);
    out.notes_.emplace(out.flat(r, v, t), text);
  }
  return out;
}

}  // namespace countyleap
