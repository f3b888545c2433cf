#pragma once
// Private to countyleap::store: observations stored by column (schema 2, docs/store.md). A batch's
// rows are grouped by (variable, year) into blocks; a block holds its rows' region ids, values
// and statuses (and CSV lines) as little-endian arrays in BLOBs, so a national batch of 1.71 M
// values is 600 rows of SQLite, written and read back at memory speed, not 1.71 M rows.
//
// The two arrays of 4-byte numbers (region ids, lines) are stored either in full (4 n bytes) or,
// when they step evenly (a CSV sorted by region within variable and year: region ids and lines
// step by 1), as their first value and step (8 bytes, only for n > 2, so the length tells
// which): a national batch's file shrinks by 45 %.
//
// Observation ids stay one number per row: a block's rows are first_observation,
// first_observation + 1, ... in the block's order, and a batch's blocks are consecutive. The
// rarely given texts (missing reason, note, the code as given, sheet and cell) are rows of
// observation_detail, keyed by observation id.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sqlite.hpp"

namespace countyleap::store_internal {

/// Schema 2's observation tables, their indexes and append-only triggers.
inline constexpr const char* block_schema = R"sql(
CREATE TABLE observation_block (
  first_observation INTEGER PRIMARY KEY,
  batch INTEGER NOT NULL REFERENCES batch (id) DEFERRABLE INITIALLY DEFERRED,
  variable INTEGER NOT NULL REFERENCES variable (id),
  year INTEGER NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  region BLOB NOT NULL CHECK (length(region) = 4 * n OR (n > 2 AND length(region) = 8)),
  value BLOB NOT NULL CHECK (length(value) = 8 * n),
  status BLOB NOT NULL CHECK (length(status) = n),
  line BLOB CHECK (line IS NULL OR length(line) = 4 * n OR (n > 2 AND length(line) = 8)),
  UNIQUE (variable, year, batch)
);
CREATE INDEX observation_block_year ON observation_block (year);
CREATE TABLE observation_detail (
  observation INTEGER PRIMARY KEY,
  missing_reason TEXT,
  note TEXT,
  code_given TEXT,
  sheet TEXT,
  cell TEXT
);
CREATE TRIGGER observation_block_append_only_u BEFORE UPDATE ON observation_block BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: an observation cannot be updated; import a revision'); END;
CREATE TRIGGER observation_block_append_only_d BEFORE DELETE ON observation_block BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: an observation cannot be deleted; import a retraction'); END;
CREATE TRIGGER observation_detail_append_only_u BEFORE UPDATE ON observation_detail BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: an observation cannot be updated; import a revision'); END;
CREATE TRIGGER observation_detail_append_only_d BEFORE DELETE ON observation_detail BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: an observation cannot be deleted; import a retraction'); END;
)sql";

/// The columns block_of() reads, in its order.
inline constexpr const char* block_columns = "first_observation, batch, variable, year, n, region, value, status, line";

/// One block as read: its header and views of its arrays (valid until the statement steps on).
struct BlockView {
  std::int64_t first = 0;  ///< id of its first row
  std::int64_t batch = 0;
  std::uint32_t variable = 0;
  std::int32_t year = 0;
  std::size_t n = 0;
  const unsigned char* region = nullptr;  ///< n little-endian uint32, or first and step when region_steps
  const unsigned char* value = nullptr;   ///< n little-endian IEEE-754 binary64 (NaN: no value)
  const unsigned char* status = nullptr;  ///< n status codes
  const unsigned char* line = nullptr;    ///< as region; nullptr when no row has a line
  bool region_steps = false, line_steps = false;  ///< stored as first value and step

  std::uint32_t region_at(std::size_t k) const { return at(region, region_steps, k); }
  double value_at(std::size_t k) const {
    const unsigned char* p = value + 8 * k;
    const std::uint64_t bits = std::uint64_t{le32(p)} | std::uint64_t{le32(p + 4)} << 32;
    double x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
  }
  std::uint8_t status_at(std::size_t k) const { return status[k]; }
  std::uint32_t line_at(std::size_t k) const { return line ? at(line, line_steps, k) : 0; }
  static std::uint32_t at(const unsigned char* p, bool steps, std::size_t k) {
    return steps ? le32(p) + static_cast<std::uint32_t>(k) * le32(p + 4) : le32(p + 4 * k);  // modulo 2^32, as written
  }

  static std::uint32_t le32(const unsigned char* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
  }
};

/// The block of the statement's current row (columns as block_columns). @throws store_error
/// corrupt when an array's length does not match its count (a file changed by another program).
inline BlockView block_of(const Statement& st, const std::string& path) {
  BlockView b;
  b.first = st.int64(0);
  b.batch = st.int64(1);
  b.variable = static_cast<std::uint32_t>(st.int64(2));
  b.year = static_cast<std::int32_t>(st.int64(3));
  const std::int64_t n = st.int64(4);
  const std::string_view region = st.blob(5), value = st.blob(6), status = st.blob(7), line = st.blob(8);
  const auto count = static_cast<std::size_t>(n);
  auto ids_fit = [&](std::string_view ids) { return ids.size() == 4 * count || (count > 2 && ids.size() == 8); };
  if (n <= 0 || !ids_fit(region) || value.size() != 8 * count || status.size() != count || (!line.empty() && !ids_fit(line)))
    throw store_error(StoreFault::corrupt,
                      "the observation block of row " + std::to_string(b.first) + " (batch " + std::to_string(b.batch) +
                          ") has arrays whose lengths do not match its count " + std::to_string(n),
                      Location{path});
  b.n = count;
  b.region_steps = count > 2 && region.size() == 8;
  b.line_steps = count > 2 && line.size() == 8;
  b.region = reinterpret_cast<const unsigned char*>(region.data());
  b.value = reinterpret_cast<const unsigned char*>(value.data());
  b.status = reinterpret_cast<const unsigned char*>(status.data());
  b.line = line.empty() ? nullptr : reinterpret_cast<const unsigned char*>(line.data());
  return b;
}

/// The rows of one batch in storage order, ready to be written as blocks.
struct BlockRows {
  /// One block: rows [begin, end) share a variable and a year.
  struct Block {
    std::uint32_t variable;
    std::int32_t year;
    std::size_t begin, end;
  };
  std::vector<std::uint32_t> region;
  std::vector<double> value;  ///< NaN: no value
  std::vector<std::uint8_t> status;
  std::vector<std::uint32_t> line;  ///< 0: none
  std::vector<Block> blocks;        ///< in storage order, covering every row once
};

/// The storage order of rows sorted into groups (group_key[g]: the (variable, year) of group g;
/// group[i]: row i's group): blocks in (variable, year) order, rows in their given order within a
/// block (a counting sort). Fills `rows.blocks`, sizes its arrays for the rows and returns each
/// row's position in them, for the caller to fill.
inline std::vector<std::uint32_t> place_in_blocks(const std::vector<std::pair<std::uint32_t, std::int32_t>>& group_key,
                                                  const std::vector<std::uint32_t>& group, BlockRows& rows) {
  std::vector<std::uint32_t> order(group_key.size()), rank(group_key.size());
  for (std::uint32_t g = 0; g < order.size(); ++g) order[g] = g;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return group_key[a] < group_key[b]; });
  std::vector<std::size_t> next(group_key.size() + 1, 0);
  for (std::uint32_t k = 0; k < order.size(); ++k) rank[order[k]] = k;
  for (const std::uint32_t g : group) ++next[rank[g] + 1];
  for (std::size_t k = 1; k < next.size(); ++k) next[k] += next[k - 1];
  for (std::uint32_t k = 0; k < order.size(); ++k)
    rows.blocks.push_back({group_key[order[k]].first, group_key[order[k]].second, next[k], next[k + 1]});
  const std::size_t n = group.size();
  rows.region.resize(n);
  rows.value.resize(n);
  rows.status.resize(n);
  rows.line.resize(n);
  std::vector<std::uint32_t> position(n);
  for (std::size_t i = 0; i < n; ++i) position[i] = static_cast<std::uint32_t>(next[rank[group[i]]]++);
  return position;
}

/// Writes `rows` as the blocks of `batch`, the first row getting id `first`; one INSERT per block.
inline void insert_blocks(const Database& db, std::int64_t batch, std::int64_t first, const BlockRows& rows) {
  std::string region, value, status, line;  // bound as views: they outlive the statement
  Statement add(db, std::string("INSERT INTO observation_block (") + block_columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  auto put32 = [](char* at, std::uint32_t x) {
    at[0] = static_cast<char>(x);
    at[1] = static_cast<char>(x >> 8);
    at[2] = static_cast<char>(x >> 16);
    at[3] = static_cast<char>(x >> 24);
  };
  for (const BlockRows::Block& b : rows.blocks) {
    const std::size_t m = b.end - b.begin;
    region.resize(4 * m);
    value.resize(8 * m);
    line.resize(4 * m);
    bool any_line = false;
    for (std::size_t k = 0; k < m; ++k) {
      put32(&region[4 * k], rows.region[b.begin + k]);
      std::uint64_t bits;
      std::memcpy(&bits, &rows.value[b.begin + k], sizeof bits);
      put32(&value[8 * k], static_cast<std::uint32_t>(bits));
      put32(&value[8 * k + 4], static_cast<std::uint32_t>(bits >> 32));
      put32(&line[4 * k], rows.line[b.begin + k]);
      any_line |= rows.line[b.begin + k] != 0;
    }
    status.assign(reinterpret_cast<const char*>(rows.status.data() + b.begin), b.end - b.begin);
    // Evenly stepping numbers as first value and step (unsigned arithmetic modulo 2^32).
    auto compact = [&](std::string& bytes, const std::vector<std::uint32_t>& xs) {
      if (m <= 2) return;
      const std::uint32_t x0 = xs[b.begin], step = xs[b.begin + 1] - x0;
      for (std::size_t k = 2; k < m; ++k)
        if (xs[b.begin + k] - xs[b.begin + k - 1] != step) return;
      bytes.resize(8);
      put32(&bytes[0], x0);
      put32(&bytes[4], step);
    };
    compact(region, rows.region);
    if (any_line) compact(line, rows.line);
    add.bind(1, first + static_cast<std::int64_t>(b.begin)).bind(2, batch).bind(3, static_cast<std::int64_t>(b.variable))
        .bind(4, b.year).bind(5, static_cast<std::int64_t>(b.end - b.begin)).bind_blob_view(6, region).bind_blob_view(7, value).bind_blob_view(8, status);
    if (any_line) add.bind_blob_view(9, line);
    else add.null(9);
    add.run("adding observations");
  }
}

}  // namespace countyleap::store_internal
