#pragma once
// Minimal CSV reading for the data-treatment tests (quoted fields without embedded quotes or
// newlines, "NA" or empty = missing), so that these tests do not depend on countyleap::io.

#include <Eigen/Core>

#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "countyleap/detail/text.hpp"

namespace test_csv {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t index(const std::string& name) const {
    for (std::size_t j = 0; j < header.size(); ++j)
      if (header[j] == name) return j;
    throw std::runtime_error("no column " + name);
  }
  std::vector<std::string> text(const std::string& name) const {
    const auto j = index(name);
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.at(j));
    return out;
  }
  Eigen::VectorXd numbers(const std::string& name) const {
    const auto j = index(name);
    Eigen::VectorXd out(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      double v = 0;
      const auto& field = rows[i].at(j);
      if (field == "NA" || field.empty()) v = std::numeric_limits<double>::quiet_NaN();
      else if (countyleap::detail::parse_double(field, v) != countyleap::detail::NumberText::ok)
        throw std::runtime_error("not a number: " + field);
      out[static_cast<Eigen::Index>(i)] = v;
    }
    return out;
  }
  Eigen::MatrixXd numbers(const std::vector<std::string>& names) const {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(names.size()));
    for (std::size_t k = 0; k < names.size(); ++k) out.col(static_cast<Eigen::Index>(k)) = numbers(names[k]);
    return out;
  }
};

inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) {
      out.push_back(field);
      field.clear();
    } else if (c != '\r') field += c;
  }
  out.push_back(field);
  return out;
}

inline Table read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  Table t;
  std::string line;
  std::getline(in, line);
  t.header = split(line);
  while (std::getline(in, line))
    if (!line.empty()) t.rows.push_back(split(line));
  return t;
}

// The indicator codes of ASEM_iMeta.csv (Type == "Indicator"), in file order.
inline std::vector<std::string> asem_indicators(const Table& meta) {
  std::vector<std::string> out;
  const auto type = meta.text("Type"), code = meta.text("iCode");
  for (std::size_t i = 0; i < type.size(); ++i)
    if (type[i] == "Indicator") out.push_back(code[i]);
  return out;
}

inline std::string data_path(const std::string& relative) { return std::string(COUNTYLEAP_TEST_DATA_DIR) + "/" + relative; }

}  // namespace test_csv
