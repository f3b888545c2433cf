// The indicator database (countyleap/store.hpp) on SQLite. Schema and guarantees: docs/store.md.

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../encoding.hpp"
#include "../json_support.hpp"
#include "../panel_builder.hpp"
#include "countyleap/detail/text.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/store.hpp"
#include "countyleap/version.hpp"
#include "blocks.hpp"
#include "sha256.hpp"
#include "sqlite.hpp"

namespace countyleap {

using store_internal::Database;
using store_internal::Statement;
using store_internal::Transaction;

namespace {

// ---- time ----------------------------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "YYYY-MM-DDTHH:MM:SS.ffffffZ" of microseconds since the epoch (UTC); fixed width, so the
// text sorts as the time does.
std::string format_time(std::int64_t us) {
  std::int64_t days = us / 86400000000LL;
  std::int64_t rest = us % 86400000000LL;
  if (rest < 0) {
    rest += 86400000000LL;
    --days;
  }
  // civil_from_days (H. Hinnant)
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rest / 3600000000LL), static_cast<long long>(rest / 60000000LL % 60),
                static_cast<long long>(rest / 1000000LL % 60), static_cast<long long>(rest % 1000000LL));
  return buf;
}

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// An ISO 8601 date or date-time as microseconds since the epoch (UTC): YYYY-MM-DD, then
// optionally T (or a space) HH:MM[:SS[.fraction]] and Z or ±HH[:MM]; no offset means UTC; a date
// alone means the last microsecond of that day. nullopt when the text is not of that form.
std::optional<std::int64_t> parse_time(std::string_view s) {
  std::size_t p = 0;
  auto digits = [&](std::size_t n, int& out) {
    if (p + n > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = s[p + i];
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    p += n;
    return true;
  };
  auto literal = [&](char c) {
    if (p < s.size() && s[p] == c) {
      ++p;
      return true;
    }
    return false;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(4, y) || !literal('-') || !digits(2, mo) || !literal('-') || !digits(2, d)) return std::nullopt;
  static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  const std::int64_t day_us = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400000000LL;
  if (p == s.size()) return day_us + 86400000000LL - 1;
  if (!literal('T') && !literal(' ')) return std::nullopt;
  if (!digits(2, h) || !literal(':') || !digits(2, mi)) return std::nullopt;
  std::int64_t fraction_us = 0;
  if (literal(':')) {
    if (!digits(2, sec)) return std::nullopt;
    if (literal('.')) {
      std::int64_t scale = 100000;
      const std::size_t start = p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') {
        fraction_us += (s[p] - '0') * scale;
        scale /= 10;
        ++p;
      }
      if (p == start) return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  std::int64_t offset_min = 0;
  if (literal('Z')) {
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    const int sign = s[p] == '+' ? 1 : -1;
    ++p;
    int oh = 0, om = 0;
    if (!digits(2, oh)) return std::nullopt;
    if (literal(':')) {
      if (!digits(2, om)) return std::nullopt;
    } else if (p < s.size() && !digits(2, om)) {
      return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_min = sign * (oh * 60 + om);
  }
  if (p != s.size()) return std::nullopt;
  return day_us + ((h * 60LL + mi - offset_min) * 60 + sec) * 1000000LL + fraction_us;
}

// ---- the schema ----------------------------------------------------------------------------

// PRAGMA application_id of a countyleap store: "CLST".
constexpr std::int64_t application_id = 0x434C5354;

// Schema 1 (countyleap 0.9): the first schema, an observation table of one row per value.
constexpr const char* schema_1 = R"sql(
CREATE TABLE document (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('regions', 'framework', 'plan', 'rules', 'info')),
  body TEXT NOT NULL,
  added_us INTEGER NOT NULL
);
CREATE TABLE region (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE variable (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE batch (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_file TEXT NOT NULL,
  source_sha256 TEXT NOT NULL UNIQUE CHECK (length(source_sha256) = 64),
  submitted_by TEXT NOT NULL CHECK (submitted_by <> ''),
  submitted_at TEXT NOT NULL,
  committed_us INTEGER NOT NULL,
  note TEXT NOT NULL,
  first_observation INTEGER NOT NULL,
  last_observation INTEGER NOT NULL,
  n_flagged INTEGER NOT NULL
);
CREATE TABLE observation (
  id INTEGER PRIMARY KEY,
  batch INTEGER NOT NULL REFERENCES batch (id),
  region INTEGER NOT NULL REFERENCES region (id),
  variable INTEGER NOT NULL REFERENCES variable (id),
  year INTEGER NOT NULL,
  value,
  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 4),
  missing_reason TEXT,
  note TEXT,
  code_given TEXT,
  sheet TEXT,
  cell TEXT,
  line INTEGER,
  CHECK (value IS NULL OR (typeof(value) = 'real' AND status <> 4))
);
CREATE INDEX observation_cell ON observation (region, year, variable);
CREATE TABLE flag (
  observation INTEGER NOT NULL REFERENCES observation (id),
  rule TEXT NOT NULL,
  found TEXT NOT NULL,
  expected TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX flag_observation ON flag (observation);
CREATE VIEW observation_text AS
  SELECT o.id, o.batch, r.code, v.name AS variable, o.year, o.value,
         CASE o.status WHEN 0 THEN 'provisional' WHEN 1 THEN 'final' WHEN 2 THEN 'revised'
                       WHEN 3 THEN 'estimated' ELSE 'retracted' END AS status,
         o.missing_reason, o.note, o.code_given, o.sheet, o.cell, o.line
  FROM observation o JOIN region r ON r.id = o.region JOIN variable v ON v.id = o.variable;
CREATE TRIGGER document_append_only_u BEFORE UPDATE ON document BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a document cannot be updated; add a new one'); END;
CREATE TRIGGER document_append_only_d BEFORE DELETE ON document BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a document cannot be deleted'); END;
CREATE TRIGGER region_append_only_u BEFORE UPDATE ON region BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: region codes cannot be updated'); END;
CREATE TRIGGER region_append_only_d BEFORE DELETE ON region BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: region codes cannot be deleted'); END;
CREATE TRIGGER variable_append_only_u BEFORE UPDATE ON variable BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: variables cannot be updated'); END;
CREATE TRIGGER variable_append_only_d BEFORE DELETE ON variable BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: variables cannot be deleted'); END;
CREATE TRIGGER batch_append_only_u BEFORE UPDATE ON batch BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a batch cannot be updated'); END;
CREATE TRIGGER batch_append_only_d BEFORE DELETE ON batch BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a batch cannot be deleted'); END;
CREATE TRIGGER observation_append_only_u BEFORE UPDATE ON observation BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: an observation cannot be updated; import a revision'); END;
CREATE TRIGGER observation_append_only_d BEFORE DELETE ON observation BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: an observation cannot be deleted; import a retraction'); END;
CREATE TRIGGER flag_append_only_u BEFORE UPDATE ON flag BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a flag cannot be updated'); END;
CREATE TRIGGER flag_append_only_d BEFORE DELETE ON flag BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a flag cannot be deleted'); END;
)sql";

// Schema 1 -> 2: observations by column (blocks.hpp). Every batch's rows are regrouped by
// (variable, year), keeping their order within a group, and take the batch's ids in that order
// (a batch keeps its id range); flags follow their rows to the new ids. Nothing else changes:
// values keep their bits, so every vintage's content hash is what schema 1 gave.
void migrate_1_to_2(const Database& db) {
  db.exec(store_internal::block_schema, "migrating the schema");
  db.exec("CREATE TEMP TABLE migrated_id (old INTEGER PRIMARY KEY, new INTEGER NOT NULL)", "migrating the schema");
  Statement rows(db, "SELECT o.id, o.batch, o.region, o.variable, o.year, o.value, o.status, o.missing_reason, o.note, "
                     "o.code_given, o.sheet, o.cell, o.line, b.first_observation "
                     "FROM observation o JOIN batch b ON b.id = o.batch ORDER BY o.batch, o.id");
  Statement map_id(db, "INSERT INTO temp.migrated_id (old, new) VALUES (?, ?)");
  Statement detail(db, "INSERT INTO observation_detail (observation, missing_reason, note, code_given, sheet, cell) "
                       "VALUES (?, ?, ?, ?, ?, ?)");
  struct Old {
    std::int64_t id;
    std::uint32_t region, variable;
    std::int32_t year;
    double value;
    std::uint8_t status;
    std::uint32_t line;
    std::string texts[5];  // missing_reason, note, code_given, sheet, cell
  };
  std::vector<Old> batch_rows;
  std::int64_t batch = 0, first = 0;
  auto flush = [&] {
    // The import's layout (place_in_blocks): groups by (variable, year), row order within each.
    std::map<std::pair<std::uint32_t, std::int32_t>, std::uint32_t> group_of;
    std::vector<std::pair<std::uint32_t, std::int32_t>> group_key;
    std::vector<std::uint32_t> group;
    for (const Old& r : batch_rows) {
      const auto [it, fresh] = group_of.emplace(std::make_pair(r.variable, r.year), static_cast<std::uint32_t>(group_key.size()));
      if (fresh) group_key.push_back(it->first);
      group.push_back(it->second);
    }
    store_internal::BlockRows out;
    const std::vector<std::uint32_t> position = store_internal::place_in_blocks(group_key, group, out);
    for (std::size_t k = 0; k < batch_rows.size(); ++k) {
      const Old& r = batch_rows[k];
      const std::uint32_t pos = position[k];
      out.region[pos] = r.region;
      out.value[pos] = r.value;
      out.status[pos] = r.status;
      out.line[pos] = r.line;
      const std::int64_t id = first + pos;
      map_id.bind(1, r.id).bind(2, id).run("migrating observation ids");
      if (std::any_of(std::begin(r.texts), std::end(r.texts), [](const std::string& t) { return !t.empty(); })) {
        detail.bind(1, id);
        for (int c = 0; c < 5; ++c) detail.bind_or_null(c + 2, r.texts[c]);
        detail.run("migrating observation texts");
      }
    }
    store_internal::insert_blocks(db, batch, first, out);
    batch_rows.clear();
  };
  while (rows.step("migrating observations")) {
    if (rows.int64(1) != batch && !batch_rows.empty()) flush();
    batch = rows.int64(1);
    first = rows.int64(13);
    Old r{rows.int64(0),
          static_cast<std::uint32_t>(rows.int64(2)),
          static_cast<std::uint32_t>(rows.int64(3)),
          static_cast<std::int32_t>(rows.int64(4)),
          rows.is_null(5) ? std::numeric_limits<double>::quiet_NaN() : rows.real(5),
          static_cast<std::uint8_t>(rows.integer(6)),
          rows.is_null(12) ? 0u : static_cast<std::uint32_t>(rows.int64(12)),
          {rows.text(7), rows.text(8), rows.text(9), rows.text(10), rows.text(11)}};
    batch_rows.push_back(std::move(r));
  }
  if (!batch_rows.empty()) flush();
  db.exec(R"sql(
CREATE TABLE flag_2 (
  observation INTEGER NOT NULL,
  rule TEXT NOT NULL,
  found TEXT NOT NULL,
  expected TEXT NOT NULL,
  message TEXT NOT NULL
);
INSERT INTO flag_2 (observation, rule, found, expected, message)
  SELECT m.new, f.rule, f.found, f.expected, f.message FROM flag f JOIN temp.migrated_id m ON m.old = f.observation ORDER BY f.rowid;
DROP VIEW observation_text;
DROP TRIGGER flag_append_only_u;
DROP TRIGGER flag_append_only_d;
DROP TRIGGER observation_append_only_u;
DROP TRIGGER observation_append_only_d;
DROP TABLE flag;
DROP TABLE observation;
DROP TABLE temp.migrated_id;
ALTER TABLE flag_2 RENAME TO flag;
CREATE INDEX flag_observation ON flag (observation);
CREATE TRIGGER flag_append_only_u BEFORE UPDATE ON flag BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a flag cannot be updated'); END;
CREATE TRIGGER flag_append_only_d BEFORE DELETE ON flag BEGIN SELECT RAISE(ABORT, 'countyleap store is append-only: a flag cannot be deleted'); END;
)sql", "migrating the schema");
}

// Migration steps: migrations[v] takes a store from schema version v to v + 1 (version 0 is an
// empty database). Store::create() runs them all; opening a file of an older version runs the
// missing ones in one transaction. A new version appends a step; a step never changes.
void migrate_0_to_1(const Database& db) { db.exec(schema_1, "migrating the schema"); }
constexpr void (*migrations[])(const Database&) = {migrate_0_to_1, migrate_1_to_2};
static_assert(sizeof migrations / sizeof migrations[0] == Store::schema_version, "one migration step per version");

constexpr const char* info_schema = "countyleap.dataset-info/1";

std::string format_info(const DatasetInfo& info) {
  io::internal::ojson doc;
  doc["schema"] = info_schema;
  doc["name"] = info.name;
  doc["illustrative"] = info.illustrative;
  doc["comments"] = info.comments;
  doc["note"] = info.note;
  return io::internal::dump(doc);
}

DatasetInfo parse_info(std::string_view text, const std::string& name) {
  const auto doc = io::internal::parse_document(text, name);
  const auto root = io::internal::open_root(doc, name, info_schema, {"schema", "name", "illustrative", "comments", "note"});
  DatasetInfo info;
  info.name = root.string("name");
  info.illustrative = root.boolean("illustrative", false);
  if (const auto* c = root.find("comments")) {
    if (!c->is_array()) root.fail_at(root.pointer("comments"), "expected an array of strings");
    for (std::size_t i = 0; i < c->size(); ++i)
      info.comments.push_back(root.as_string((*c)[i], root.pointer("comments") + "/" + std::to_string(i)));
  }
  info.note = root.string("note");
  return info;
}

bool file_exists(const std::string& path, std::int64_t* size = nullptr) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (size) *size = static_cast<std::int64_t>(st.st_size);
  return true;
}

// Checks the first bytes of a database file before SQLite does, for clear messages: not an
// SQLite file at all, or shorter than its header says (truncated). SQLite's in-header page count
// is used only when it is valid (its version-valid-for field matches the change counter) and no
// write-ahead log is pending (a checkpoint may not have extended the file yet).
void check_header(const std::string& path) {
  std::int64_t size = 0;
  if (!file_exists(path, &size)) throw io_error("no such store file", Location{path});
  if (size == 0) return;  // an empty database: Store() refuses it as not a store
  std::ifstream in(path, std::ios::binary);
  unsigned char h[100] = {};
  in.read(reinterpret_cast<char*>(h), sizeof h);
  const auto got = in.gcount();
  static const char magic[] = "SQLite format 3";
  if (got < 16 || std::memcmp(h, magic, 16) != 0)
    throw store_error(StoreFault::not_a_database,
                      "not a countyleap store: the file is not an SQLite database (its first bytes are not \"SQLite format 3\")",
                      Location{path});
  if (got < 100)
    throw store_error(StoreFault::corrupt, "the database file is truncated: " + std::to_string(size) + " bytes, shorter than its 100-byte header",
                      Location{path});
  auto be32 = [&](int at) {
    return (std::uint32_t{h[at]} << 24) | (std::uint32_t{h[at + 1]} << 16) | (std::uint32_t{h[at + 2]} << 8) | h[at + 3];
  };
  const std::uint32_t raw_page = (std::uint32_t{h[16]} << 8) | h[17];
  const std::int64_t page_size = raw_page == 1 ? 65536 : raw_page;
  const std::uint32_t pages = be32(28);
  std::int64_t wal_size = 0;
  const bool wal = file_exists(path + "-wal", &wal_size) && wal_size > 0;
  if (!wal && pages != 0 && be32(24) == be32(92) && size < page_size * pages)
    throw store_error(StoreFault::corrupt,
                      "the database file is truncated: its header counts " + std::to_string(pages) + " pages of " +
                          std::to_string(page_size) + " bytes (" + std::to_string(page_size * pages) +
                          " bytes) but the file has " + std::to_string(size) + " bytes",
                      Location{path});
}

// Status filter: a bit per ObservationStatus; retracted always counts (a withdrawal applies to
// every view).
unsigned status_mask(const std::vector<ObservationStatus>& statuses) {
  if (statuses.empty()) return 0x1F;
  unsigned m = 1u << static_cast<unsigned>(ObservationStatus::retracted);
  for (ObservationStatus s : statuses) m |= 1u << static_cast<unsigned>(s);
  return m;
}

constexpr std::uint8_t retracted_code = static_cast<std::uint8_t>(ObservationStatus::retracted);

void put_le64(std::string& out, std::uint64_t x) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((x >> (8 * i)) & 0xFF);
}

}  // namespace

// ---- the implementation ------------------------------------------------------------------------

struct Store::Impl {
  Database db;
  std::string path;
  StoreOptions options;
  RegionSet regions;
  std::optional<Framework> framework;
  std::optional<Plan> plan;
  RuleSet rules;
  bool rules_stored = false;
  DatasetInfo info;

  // One observation of a scan.
  struct Row {
    std::int64_t id;
    std::int64_t batch;
    double value;         // NaN when missing
    std::uint32_t region;  // region table id
    std::uint32_t variable;  // variable table id
    std::int32_t year;
    std::uint8_t status;
    bool has_text;        // a note or missing reason (in texts, by id)
    std::uint32_t line;   // CSV line, 0 when none
  };
  // The rows a vintage shows: the latest row per cell (of the statuses asked for).
  struct Snapshot {
    Vintage vintage;
    std::int64_t last_observation = 0;
    std::vector<Row> latest;                     // one per cell, in (year, variable, region) table-id order
    std::vector<std::string> region_code;        // by region table id
    std::vector<std::string> variable_name;      // by variable table id
    std::unordered_map<std::int64_t, std::pair<std::string, std::string>> texts;  // id -> (note, missing reason)
  };

  void configure() {
    sqlite3_busy_timeout(db.get(), options.busy_timeout_ms);
    db.exec("PRAGMA foreign_keys = ON", "turning foreign keys on");
    db.exec("PRAGMA cache_size = -65536", "setting the cache size");
    if (options.max_page_count > 0)
      db.exec(("PRAGMA max_page_count = " + std::to_string(options.max_page_count)).c_str(), "setting the page limit");
  }

  std::int64_t pragma(const char* name) const {
    Statement st(db, std::string("PRAGMA ") + name);
    return st.step("reading the schema version") ? st.int64(0) : 0;
  }

  void add_document(const char* kind, const std::string& body) {
    Statement st(db, "INSERT INTO document (kind, body, added_us) VALUES (?, ?, ?)");
    st.bind(1, std::string_view(kind)).bind(2, body).bind(3, now_us()).run("storing a document");
  }

  /// A new version of one document in its own write transaction, then the in-memory copies
  /// reloaded (what every Store::put_* does once its checks have passed).
  void put_document(const char* kind, const std::string& body) {
    Transaction tx(db, "BEGIN IMMEDIATE");
    add_document(kind, body);
    tx.commit();
    load_documents();
  }

  std::optional<std::string> latest_document(const char* kind) const {
    Statement st(db, "SELECT body, id FROM document WHERE kind = ? ORDER BY id DESC LIMIT 1");
    st.bind(1, std::string_view(kind));
    if (!st.step("reading a document")) return std::nullopt;
    return st.text(0);
  }

  void load_documents() {
    const std::string where = path + "#";
    const auto regions_text = latest_document("regions");
    if (!regions_text) throw store_error(StoreFault::not_a_store, "the store holds no region set", Location{path});
    regions = io::parse_regions_json(*regions_text, where + "regions");
    framework.reset();
    plan.reset();
    if (const auto t = latest_document("framework")) framework = io::parse_framework_json(*t, where + "framework");
    if (const auto t = latest_document("plan")) plan = io::parse_plan_json(*t, where + "plan");
    const auto rules_text = latest_document("rules");
    rules_stored = rules_text.has_value();
    if (rules_text) rules = parse_rules_json(*rules_text, where + "rules", framework ? &*framework : nullptr);
    else rules = framework ? RuleSet::defaults(*framework, plan ? &*plan : nullptr) : RuleSet();
    info = DatasetInfo{};
    if (const auto t = latest_document("info")) info = parse_info(*t, where + "info");
  }

  // Runs the migration steps from `from` to the current version (inside the caller's transaction).
  void migrate(int from) {
    for (int v = from; v < Store::schema_version; ++v) migrations[v](db);
    db.exec(("PRAGMA user_version = " + std::to_string(Store::schema_version)).c_str(), "setting the schema version");
  }

  // ---- ids of codes and variables ----

  std::unordered_map<std::string, std::int64_t> load_ids(const char* table, const char* column) const {
    std::unordered_map<std::string, std::int64_t> out;
    Statement st(db, std::string("SELECT id, ") + column + " FROM " + table);
    while (st.step("reading ids")) out.emplace(st.text(1), st.int64(0));
    return out;
  }
  std::vector<std::string> names_by_id(const char* table, const char* column) const {
    std::vector<std::string> out;
    Statement st(db, std::string("SELECT id, ") + column + " FROM " + table);
    while (st.step("reading ids")) {
      const auto id = static_cast<std::size_t>(st.int64(0));
      if (out.size() <= id) out.resize(id + 1);
      out[id] = st.text(1);
    }
    return out;
  }
  std::int64_t intern(std::unordered_map<std::string, std::int64_t>& ids, Statement& insert, const std::string& name) {
    if (auto it = ids.find(name); it != ids.end()) return it->second;
    insert.bind(1, name).run("adding a code");
    const std::int64_t id = sqlite3_last_insert_rowid(db.get());
    ids.emplace(name, id);
    return id;
  }

  // A submission's rows in storage order (blocks.hpp): grouped by (variable id, year), in
  // submission order within a group; codes and variables interned (new ones added to their tables).
  struct Layout {
    store_internal::BlockRows rows;
    std::vector<std::uint32_t> position;  // by submission row: its place in storage order
    std::vector<char> old_code;          // by submission row: given as an old code
    std::optional<std::string> unresolved;  // the first code the region set does not know (not laid out)
  };
  Layout layout_of(const SubmittedRows& rows, const std::string& file) {
    auto region_ids = load_ids("region", "code");
    auto variable_ids = load_ids("variable", "name");
    Statement add_region(db, "INSERT INTO region (code) VALUES (?)");
    Statement add_variable(db, "INSERT INTO variable (name) VALUES (?)");
    const std::size_t n = rows.size();
    if (n >= UINT32_MAX)
      throw validation_error("a submission of " + std::to_string(n) + " rows is more than one batch can hold (4,294,967,294)",
                             Location{file});
    Layout out;
    out.old_code.assign(n, 0);
    // By SubmittedRows' name index (each distinct code and variable is stored once): the table id.
    constexpr std::int64_t unknown = -1;
    std::vector<std::int64_t> region_of(rows.n_names(), unknown), variable_of(rows.n_names(), unknown);
    std::vector<char> old_name(rows.n_names(), 0);  // a code given as one its region had before
    std::unordered_map<std::uint64_t, std::uint32_t> group_of;  // (variable id, year) -> group
    std::vector<std::pair<std::uint32_t, std::int32_t>> group_key;
    std::vector<std::uint32_t> group(n);
    std::uint64_t last_key = ~std::uint64_t{0};
    std::uint32_t last_group = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::int64_t& c = region_of[rows.code_index(i)];
      if (c == unknown) {
        const std::string& code = rows.name(rows.code_index(i));
        std::string current;
        try {
          current = regions.resolve(code);
        } catch (const error&) {
          current.clear();
        }
        if (current.empty()) {  // the rules reject it (the region rule): laid out as id 0, never stored
          if (!out.unresolved) out.unresolved = code;
          c = 0;
        } else {
          c = intern(region_ids, add_region, current);
          old_name[rows.code_index(i)] = code != current;
        }
      }
      std::int64_t& v = variable_of[rows.variable_index(i)];
      if (v == unknown) v = intern(variable_ids, add_variable, rows.name(rows.variable_index(i)));
      const std::int64_t line = rows.line(i);
      if (line < 0 || line > std::int64_t{UINT32_MAX})
        throw validation_error("line " + std::to_string(line) + " is beyond the lines a store records (up to 4,294,967,295)",
                               Location{file});
      const std::uint64_t key = static_cast<std::uint64_t>(v) << 32 | static_cast<std::uint32_t>(rows.year(i));
      if (key != last_key) {
        last_key = key;
        last_group = group_of.emplace(key, static_cast<std::uint32_t>(group_key.size())).first->second;
        if (last_group == group_key.size()) group_key.emplace_back(static_cast<std::uint32_t>(v), rows.year(i));
      }
      group[i] = last_group;
    }
    for (std::size_t i = 0; i < n; ++i) out.old_code[i] = old_name[rows.code_index(i)];
    out.position = store_internal::place_in_blocks(group_key, group, out.rows);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t pos = out.position[i];
      out.rows.region[pos] = static_cast<std::uint32_t>(region_of[rows.code_index(i)]);
      out.rows.value[pos] = rows.value_or_nan(i);
      out.rows.status[pos] = static_cast<std::uint8_t>(rows.status(i));
      out.rows.line[pos] = static_cast<std::uint32_t>(rows.line(i));
    }
    return out;
  }

  // ---- vintages ----

  std::int64_t batch_of(const std::string& as_of) const {
    if (as_of.empty()) {
      Statement st(db, "SELECT coalesce(max(id), 0) FROM batch");
      st.step("reading the batches");
      return st.int64(0);
    }
    std::string_view s(as_of);
    if (s.substr(0, 6) == "batch:") s.remove_prefix(6);
    if (!s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const std::int64_t id = std::stoll(std::string(s));
      Statement st(db, "SELECT id FROM batch WHERE id = ?");
      st.bind(1, id);
      if (!st.step("reading the batches")) throw unknown_id_error("no such batch in the store", Location{path, 0, 0, "", as_of});
      return id;
    }
    const auto t = parse_time(as_of);
    if (!t)
      throw validation_error("as of '" + as_of +
                                 "' is neither a batch id nor an ISO 8601 date or date-time (e.g. 2023-05-01, "
                                 "2023-05-01T12:00:00+08:00)",
                             Location{path});
    Statement st(db, "SELECT coalesce(max(id), 0) FROM batch WHERE committed_us <= ?");
    st.bind(1, *t);
    st.step("reading the batches");
    return st.int64(0);
  }

  // Region ids live inside the blocks' arrays, out of reach of foreign keys: every id read must
  // name a stored code (and every variable id a variable), or the file was changed by another
  // program. @throws store_error corrupt naming the row.
  void check_ids(const std::vector<Row>& rows, std::size_t n_regions, std::size_t n_variables) const {
    for (const Row& r : rows)
      if (r.region >= n_regions || r.variable >= n_variables)
        throw store_error(StoreFault::corrupt,
                          "observation " + std::to_string(r.id) + " names a region or variable id that the store does not hold",
                          Location{path});
  }

  // The rows of the vintage `as_of`, latest per cell. Call inside a read transaction.
  Snapshot snapshot(const std::string& as_of, unsigned mask) const {
    Snapshot s;
    s.vintage.as_of = as_of;
    s.vintage.batch = batch_of(as_of);
    if (s.vintage.batch != 0) {
      Statement st(db, "SELECT committed_us, last_observation FROM batch WHERE id = ?");
      st.bind(1, s.vintage.batch);
      st.step("reading the batches");
      s.vintage.committed_at = format_time(st.int64(0));
      s.last_observation = st.int64(1);
    }
    s.region_code = names_by_id("region", "code");
    s.variable_name = names_by_id("variable", "name");
    {
      Statement st(db, "SELECT observation, note, missing_reason FROM observation_detail "
                       "WHERE observation <= ? AND (note IS NOT NULL OR missing_reason IS NOT NULL)");
      st.bind(1, s.last_observation);
      while (st.step("reading observations")) s.texts.emplace(st.int64(0), std::make_pair(st.text(1), st.text(2)));
    }
    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(s.last_observation));  // at most one row per observation id
    int y0 = std::numeric_limits<int>::max(), y1 = std::numeric_limits<int>::min();
    {
      Statement st(db, std::string("SELECT ") + store_internal::block_columns +
                           " FROM observation_block WHERE first_observation <= ? ORDER BY first_observation");
      st.bind(1, s.last_observation);
      while (st.step("reading observations")) {
        const store_internal::BlockView b = store_internal::block_of(st, path);
        y0 = std::min(y0, static_cast<int>(b.year));
        y1 = std::max(y1, static_cast<int>(b.year));
        for (std::size_t k = 0; k < b.n; ++k) {
          const std::uint8_t status = b.status_at(k);
          if (!(mask >> status & 1u)) continue;
          const std::int64_t id = b.first + static_cast<std::int64_t>(k);
          rows.push_back(Row{id, b.batch, b.value_at(k), b.region_at(k), b.variable, b.year, status,
                             !s.texts.empty() && s.texts.count(id) != 0, b.line_at(k)});
        }
      }
    }
    check_ids(rows, s.region_code.size(), s.variable_name.size());
    if (rows.empty()) return s;
    // The latest row per cell, through a dense index over table ids (rows come in id order).
    const std::size_t nr = s.region_code.size(), nv = s.variable_name.size();
    const auto ny = static_cast<std::size_t>(y1 - y0 + 1);
    if (static_cast<long double>(nr) * nv * ny > 4e8L)
      throw validation_error("the store's years span " + std::to_string(y0) + "-" + std::to_string(y1) +
                                 " over too many regions and variables for one panel",
                             Location{path});
    std::vector<std::uint32_t> winner(nr * nv * ny, 0);
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const Row& r = rows[k];
      winner[(static_cast<std::size_t>(r.year - y0) * nv + r.variable) * nr + r.region] = static_cast<std::uint32_t>(k + 1);
    }
    s.latest.reserve(rows.size());
    for (std::uint32_t w : winner)
      if (w != 0) s.latest.push_back(rows[w - 1]);
    return s;
  }

  // The Panel of a snapshot, and the content hash of the rows it used.
  StorePanel panel_of(Snapshot& s) const {
    StorePanel out;
    out.vintage = s.vintage;
    store_internal::Sha256 hash;
    hash.update("countyleap.vintage/1\n");
    if (!s.latest.empty()) {
      // Axes: regions in the region set's order (others after, by code), variables in the
      // framework's order (others after, by id), years from the first to the last.
      std::vector<char> region_seen(s.region_code.size(), 0), variable_seen(s.variable_name.size(), 0);
      int y0 = s.latest.front().year, y1 = y0;
      for (const Row& r : s.latest) {
        region_seen[r.region] = 1;
        variable_seen[r.variable] = 1;
        y0 = std::min(y0, r.year);
        y1 = std::max(y1, r.year);
      }
      std::unordered_map<std::string, std::size_t> region_rank, variable_rank;
      for (std::size_t i = 0; i < regions.size(); ++i) region_rank.emplace(regions[i].code, i);
      if (framework)
        for (std::size_t i = 0; i < framework->variables().size(); ++i) variable_rank.emplace(framework->variables()[i].id, i);
      auto axis = [](const std::vector<std::string>& names, const std::vector<char>& seen,
                     const std::unordered_map<std::string, std::size_t>& rank) {
        std::vector<std::uint32_t> ids;
        for (std::uint32_t i = 0; i < seen.size(); ++i)
          if (seen[i]) ids.push_back(i);
        std::sort(ids.begin(), ids.end(), [&](std::uint32_t a, std::uint32_t b) {
          const auto ra = rank.find(names[a]), rb = rank.find(names[b]);
          const std::size_t ka = ra == rank.end() ? SIZE_MAX : ra->second, kb = rb == rank.end() ? SIZE_MAX : rb->second;
          return ka != kb ? ka < kb : names[a] < names[b];
        });
        return ids;
      };
      const auto region_ids = axis(s.region_code, region_seen, region_rank);
      const auto variable_ids = axis(s.variable_name, variable_seen, variable_rank);
      std::vector<std::string> codes, variables;
      std::vector<Panel::Index> region_pos(s.region_code.size(), 0), variable_pos(s.variable_name.size(), 0);
      for (std::size_t i = 0; i < region_ids.size(); ++i) {
        codes.push_back(s.region_code[region_ids[i]]);
        region_pos[region_ids[i]] = static_cast<Panel::Index>(i);
      }
      for (std::size_t i = 0; i < variable_ids.size(); ++i) {
        variables.push_back(s.variable_name[variable_ids[i]]);
        variable_pos[variable_ids[i]] = static_cast<Panel::Index>(i);
      }
      out.panel = Panel(codes, variables, y0, y1);
      const auto nr = static_cast<std::size_t>(out.panel.n_regions()), nv = static_cast<std::size_t>(out.panel.n_variables());
      // Per cell in the panel's storage order: status (0xFF absent) and the value's 8 bytes.
      std::string cells(nr * nv * static_cast<std::size_t>(y1 - y0 + 1) * 9, '\0');
      for (std::size_t k = 0; k < cells.size(); k += 9) cells[k] = static_cast<char>(0xFF);
      std::map<std::size_t, std::string> cell_texts;
      for (const Row& r : s.latest) {
        const Panel::Index ri = region_pos[r.region], vi = variable_pos[r.variable], ti = r.year - y0;
        const std::size_t flat = (static_cast<std::size_t>(ti) * nv + static_cast<std::size_t>(vi)) * nr + static_cast<std::size_t>(ri);
        const bool present = r.status != retracted_code && !std::isnan(r.value);
        cells[flat * 9] = static_cast<char>(r.status);
        if (present) {
          out.panel.set(ri, vi, ti, r.value);
          std::uint64_t bits = 0;
          std::memcpy(&bits, &r.value, sizeof bits);
          for (int b = 0; b < 8; ++b) cells[flat * 9 + 1 + static_cast<std::size_t>(b)] = static_cast<char>((bits >> (8 * b)) & 0xFF);
        }
        if (r.has_text) {
          const auto& [note, reason] = s.texts.at(r.id);
          if (!note.empty()) out.panel.set_note(ri, vi, ti, note);
          cell_texts.emplace(flat, note + '\x1f' + reason);
        }
      }
      for (const std::string& c : codes) (hash.update(c), hash.update("\n"));
      hash.update("\n");
      for (const std::string& v : variables) (hash.update(v), hash.update("\n"));
      hash.update(std::to_string(y0) + "-" + std::to_string(y1) + "\n");
      hash.update(cells);
      for (const auto& [flat, text] : cell_texts) {
        std::string entry;
        put_le64(entry, flat);
        put_le64(entry, text.size());
        hash.update(entry);
        hash.update(text);
      }
    }
    out.panel.set_comments(info.comments);
    out.vintage.content_hash = hash.hex();
    return out;
  }

  // The values already stored (latest of any status) for the regions and years a submission
  // covers and the year before: the context its rules are judged against.
  Panel context_for(const SubmittedRows& rows) const {
    // The years of each distinct code (by SubmittedRows' name index), then by current code.
    std::vector<std::pair<int, int>> name_span(rows.n_names(), {std::numeric_limits<int>::max(), std::numeric_limits<int>::min()});
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto& [lo, hi] = name_span[rows.code_index(i)];
      lo = std::min(lo, rows.year(i) - 1);
      hi = std::max(hi, rows.year(i));
    }
    std::map<std::string, std::pair<int, int>> span;  // current code -> years
    for (std::uint32_t k = 0; k < name_span.size(); ++k) {
      if (name_span[k].first > name_span[k].second) continue;  // not a code
      std::string code;
      try {
        code = regions.resolve(rows.name(k));
      } catch (const error&) {
        continue;
      }
      auto [it, fresh] = span.emplace(code, name_span[k]);
      if (!fresh) it->second = {std::min(it->second.first, name_span[k].first), std::max(it->second.second, name_span[k].second)};
    }
    if (span.empty() || !framework) return Panel();
    const auto region_ids = load_ids("region", "code");
    const auto variable_ids = load_ids("variable", "name");
    std::vector<std::string> codes;
    int y0 = std::numeric_limits<int>::max(), y1 = std::numeric_limits<int>::min();
    for (const auto& [code, years] : span) {
      if (!region_ids.count(code)) continue;
      codes.push_back(code);
      y0 = std::min(y0, years.first);
      y1 = std::max(y1, years.second);
    }
    if (codes.empty() || y1 - y0 >= Panel::max_years) return Panel();
    std::vector<std::string> variables;
    std::unordered_map<std::int64_t, Panel::Index> variable_pos;
    for (const Variable& v : framework->variables()) {
      variables.push_back(v.id);
      if (auto it = variable_ids.find(v.id); it != variable_ids.end())
        variable_pos.emplace(it->second, static_cast<Panel::Index>(variables.size() - 1));
    }
    Panel context(codes, variables, y0, y1);
    // By region table id: its row in the context and the years asked for it.
    struct Wanted {
      Panel::Index row = -1;
      int first = 0, last = -1;
    };
    std::vector<Wanted> wanted;
    for (Panel::Index ri = 0; ri < static_cast<Panel::Index>(codes.size()); ++ri) {
      const auto id = static_cast<std::size_t>(region_ids.at(codes[static_cast<std::size_t>(ri)]));
      if (wanted.size() <= id) wanted.resize(id + 1);
      const auto& years = span.at(codes[static_cast<std::size_t>(ri)]);
      wanted[id] = Wanted{ri, years.first, years.second};
    }
    Statement st(db, std::string("SELECT ") + store_internal::block_columns +
                         " FROM observation_block WHERE year BETWEEN ? AND ? ORDER BY first_observation");
    st.bind(1, y0).bind(2, y1);
    while (st.step("reading stored values")) {
      const store_internal::BlockView b = store_internal::block_of(st, path);
      const auto v = variable_pos.find(b.variable);
      if (v == variable_pos.end()) continue;
      const Panel::Index t = b.year - y0;
      for (std::size_t k = 0; k < b.n; ++k) {
        const std::uint32_t id = b.region_at(k);
        if (id >= wanted.size() || wanted[id].row < 0 || b.year < wanted[id].first || b.year > wanted[id].last) continue;
        const double x = b.value_at(k);
        if (std::isnan(x) || b.status_at(k) == retracted_code) context.set_missing(wanted[id].row, v->second, t);
        else context.set(wanted[id].row, v->second, t, x);
      }
    }
    return context;
  }

  void require_framework(const char* doing) const {
    if (!framework)
      throw validation_error(std::string("the store has no framework; put one before ") + doing, Location{path});
  }
};

// ---- construction ----------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Store Store::create(const std::string& path, const StoreInit& init, const StoreOptions& options) {
  if (file_exists(path)) throw io_error("the store file already exists (open it instead)", Location{path});
  if (options.read_only) throw validation_error("a store cannot be created read-only", Location{path});
  if (init.plan) {
    if (!init.framework) throw plan_error("a plan needs a framework to be checked against", Location{path});
    init.plan->validate(*init.framework, init.regions);
  }
  if (init.rules && !init.framework) throw validation_error("rules need a framework to be checked against", Location{path});
  if (init.rules) RuleSet(init.rules->rules(), &*init.framework);  // the variables exist
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  try {
    impl->db = Database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    impl->configure();
    impl->db.exec("PRAGMA journal_mode = WAL", "switching to write-ahead logging");
    Transaction tx(impl->db, "BEGIN IMMEDIATE");
    impl->db.exec(("PRAGMA application_id = " + std::to_string(application_id)).c_str(), "marking the file");
    impl->migrate(0);
    impl->add_document("regions", io::format_regions_json(init.regions));
    if (init.framework) impl->add_document("framework", io::format_framework_json(*init.framework));
    if (init.plan) impl->add_document("plan", io::format_plan_json(*init.plan));
    if (init.rules) impl->add_document("rules", format_rules_json(*init.rules));
    impl->add_document("info", format_info(init.info));
    tx.commit();
    impl->load_documents();
  } catch (...) {
    impl.reset();  // closes the file before it is removed
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
    throw;
  }
  return Store(std::move(impl));
}

Store::Store(const std::string& path, const StoreOptions& options) : impl_(std::make_unique<Impl>()) {
  check_header(path);
  Impl& s = *impl_;
  s.path = path;
  s.options = options;
  s.db = Database(path, options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  s.configure();
  const std::int64_t file_version = s.pragma("user_version");
  const std::int64_t app = s.pragma("application_id");
  if (file_version == 0 || app != application_id) {
    Statement st(s.db, "SELECT count(*) FROM sqlite_master");
    st.step("reading the schema");
    throw store_error(StoreFault::not_a_store,
                      st.int64(0) == 0 ? "not a countyleap store: an empty SQLite database (create a store with `countyleap db init`)"
                                       : "not a countyleap store: an SQLite database of another application",
                      Location{path});
  }
  if (file_version > schema_version)
    throw store_error(StoreFault::newer_schema,
                      "the store has schema version " + std::to_string(file_version) + ", newer than this countyleap (" +
                          std::string(version) + ") reads (up to " + std::to_string(schema_version) +
                          "); use a newer countyleap",
                      Location{path});
  if (file_version < schema_version) {
    if (options.read_only || sqlite3_db_readonly(s.db.get(), "main") == 1)
      throw store_error(StoreFault::read_only,
                        "the store has schema version " + std::to_string(file_version) + " and must be migrated to " +
                            std::to_string(schema_version) + ", but it is opened read-only",
                        Location{path});
    Transaction tx(s.db, "BEGIN IMMEDIATE");
    if (s.pragma("user_version") < schema_version) s.migrate(static_cast<int>(s.pragma("user_version")));
    tx.commit();
  }
  Transaction tx(s.db, "BEGIN");
  s.load_documents();
  tx.commit();
}

const std::string& Store::path() const noexcept { return impl_->path; }
const RegionSet& Store::regions() const { return impl_->regions; }
const std::optional<Framework>& Store::framework() const { return impl_->framework; }
const std::optional<Plan>& Store::plan() const { return impl_->plan; }
const RuleSet& Store::rules() const { return impl_->rules; }
const DatasetInfo& Store::info() const { return impl_->info; }

// ---- documents ------------------------------------------------------------------------------

void Store::put_regions(const RegionSet& regions) {
  if (impl_->plan && impl_->framework) impl_->plan->validate(*impl_->framework, regions);
  impl_->put_document("regions", io::format_regions_json(regions));
}

void Store::put_framework(const Framework& framework) {
  if (impl_->plan) impl_->plan->validate(framework, impl_->regions);
  if (impl_->rules_stored) RuleSet(impl_->rules.rules(), &framework);
  impl_->put_document("framework", io::format_framework_json(framework));
}

void Store::put_plan(const Plan& plan) {
  impl_->require_framework("a plan");
  plan.validate(*impl_->framework, impl_->regions);
  impl_->put_document("plan", io::format_plan_json(plan));
}

void Store::put_rules(const RuleSet& rules) {
  impl_->require_framework("rules");
  RuleSet(rules.rules(), &*impl_->framework);
  impl_->put_document("rules", format_rules_json(rules));
}

void Store::put_info(const DatasetInfo& info) {
  impl_->put_document("info", format_info(info));
}

// ---- import ---------------------------------------------------------------------------------

const char* to_string(ImportOutcome o) {
  switch (o) {
    case ImportOutcome::committed: return "committed";
    case ImportOutcome::duplicate: return "duplicate";
    case ImportOutcome::rejected: return "rejected";
    case ImportOutcome::dry_run: return "dry_run";
  }
  return "rejected";
}

ValidationReport Store::check(const Submission& submission, const RuleSet* rules) const {
  impl_->require_framework("checking values");
  Transaction tx(impl_->db, "BEGIN");
  const Panel context = impl_->context_for(submission.rows);
  tx.commit();
  return validate(submission.rows, rules ? *rules : impl_->rules, *impl_->framework, impl_->regions, context);
}

ImportResult Store::import_batch(const Submission& submission, const ImportOptions& options) {
  Impl& s = *impl_;
  s.require_framework("importing");
  if (submission.submitted_by.empty())
    throw validation_error("a submission needs submitted_by (who submits it)", Location{submission.source_file});
  if (!submission.submitted_at.empty() && !parse_time(submission.submitted_at))
    throw validation_error("submitted_at '" + submission.submitted_at + "' is not an ISO 8601 date or date-time",
                           Location{submission.source_file});
  const std::string sha = submission.source_sha256.empty() ? sha256_file(submission.source_file) : submission.source_sha256;
  if (sha.size() != 64 || !std::all_of(sha.begin(), sha.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    throw validation_error("source_sha256 must be 64 lower-case hex digits, got '" + sha + "'", Location{submission.source_file});
  const std::string& file = submission.source_file;
  ImportResult result;
  Transaction tx(s.db, options.dry_run ? "BEGIN" : "BEGIN IMMEDIATE");
  {
    Statement st(s.db, "SELECT id, committed_us FROM batch WHERE source_sha256 = ?");
    st.bind(1, sha);
    if (st.step("looking for the file")) {
      result.outcome = ImportOutcome::duplicate;
      result.batch = st.int64(0);
      result.message = file + " (SHA-256 " + sha.substr(0, 12) + "...) was already imported as batch " +
                       std::to_string(result.batch) + " at " + format_time(st.int64(1)) + "; nothing added";
      return result;
    }
  }
  const Panel context = s.context_for(submission.rows);
  const RuleSet& rules = options.rules ? *options.rules : s.rules;
  // The batch's id and observation ids, taken under the write lock (AUTOINCREMENT's next id).
  std::int64_t first = 1;
  {
    Statement st(s.db, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'batch'), 0) + 1, "
                       "coalesce(max(last_observation), 0) + 1 FROM batch");
    st.step("reading the batches");
    result.batch = st.int64(0);
    first = st.int64(1);
  }
  // The rules judge the rows on a second thread while this one lays them out and writes their
  // blocks (adding new codes and variables to their tables), all inside this transaction: on two
  // cores the check costs no extra time. Both only read the rows, rules, regions, framework and
  // context; the database is this thread's alone. The blocks name the batch row, written once
  // the verdict (and its count of flagged values) is known: their foreign key is checked at
  // commit. An error finding rolls everything back.
  std::future<ValidationReport> judged = std::async(std::launch::async, [&] {
    return validate(submission.rows, rules, *s.framework, s.regions, context);
  });
  std::optional<Impl::Layout> layout;
  if (!options.dry_run) {
    layout = s.layout_of(submission.rows, file);
    if (!layout->unresolved) store_internal::insert_blocks(s.db, result.batch, first, layout->rows);
  }
  result.report = judged.get();
  const std::size_t errors = result.report.n_errors(), warnings = result.report.n_warnings();
  const std::string counts = std::to_string(errors) + " errors, " + std::to_string(warnings) + " warnings";
  if (errors != 0) {
    result.outcome = ImportOutcome::rejected;
    result.batch = 0;
    result.message = file + " rejected (" + counts + "); nothing added";
    return result;
  }
  if (options.dry_run) {
    result.outcome = ImportOutcome::dry_run;
    result.batch = 0;
    result.message = file + " checked (" + counts + "); nothing added (dry run)";
    return result;
  }
  if (layout->unresolved) s.regions.resolve(*layout->unresolved);  // throws its error (the region rule rejects it first)
  // Flags: the warning findings about one row (findings come in row order, region-years last).
  const std::vector<Finding>& findings = result.report.findings;
  std::int64_t flagged = 0;
  for (std::size_t k = 0; k < findings.size(); ++k) flagged += findings[k].row >= 0 && (k == 0 || findings[k - 1].row != findings[k].row);
  std::int64_t committed = now_us();
  {
    Statement st(s.db, "SELECT coalesce(max(committed_us), 0) FROM batch");
    st.step("reading the batches");
    committed = std::max(committed, st.int64(0) + 1);  // commit times never go back
  }
  const auto n = static_cast<std::int64_t>(submission.rows.size());
  {
    Statement st(s.db,
                 "INSERT INTO batch (id, source_file, source_sha256, submitted_by, submitted_at, committed_us, note, "
                 "first_observation, last_observation, n_flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, result.batch).bind(2, file).bind(3, sha).bind(4, submission.submitted_by)
        .bind(5, submission.submitted_at.empty() ? format_time(committed) : submission.submitted_at)
        .bind(6, committed).bind(7, submission.note).bind(8, first).bind(9, first + n - 1).bind(10, flagged);
    st.run("adding the batch");
  }
  {
    Statement add_detail(s.db, "INSERT INTO observation_detail (observation, missing_reason, note, code_given, sheet, cell) "
                               "VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t k = 0; k < submission.rows.size(); ++k) {
      if (!submission.rows.has_details(k) && !layout->old_code[k]) continue;
      const auto r = submission.rows[k];
      const std::string_view reason = r.value ? std::string_view() : std::string_view(r.missing_reason);
      const std::string_view given = layout->old_code[k] ? std::string_view(r.code) : std::string_view();
      if (reason.empty() && r.note.empty() && given.empty() && r.sheet.empty() && r.cell.empty()) continue;
      add_detail.bind(1, first + layout->position[k]).bind_or_null(2, reason).bind_or_null(3, r.note)
          .bind_or_null(4, given).bind_or_null(5, r.sheet).bind_or_null(6, r.cell);
      add_detail.run("adding observation texts");
    }
  }
  Statement add_flag(s.db, "INSERT INTO flag (observation, rule, found, expected, message) VALUES (?, ?, ?, ?, ?)");
  for (const Finding& f : findings)
    if (f.row >= 0) {
      add_flag.bind(1, first + layout->position[static_cast<std::size_t>(f.row)]).bind(2, f.rule).bind(3, f.found)
          .bind(4, f.expected).bind(5, f.message);
      add_flag.run("adding flags");
    }
  tx.commit();
  result.outcome = ImportOutcome::committed;
  result.n_rows = n;
  result.n_flagged = flagged;
  result.message = "imported " + file + " as batch " + std::to_string(result.batch) + ": " + std::to_string(n) +
                   " values, " + std::to_string(flagged) + " flagged (" + counts + ")";
  return result;
}

// ---- queries --------------------------------------------------------------------------------

Vintage Store::vintage(const std::string& as_of) const { return panel(as_of).vintage; }

StorePanel Store::panel(const std::string& as_of, const std::vector<ObservationStatus>& statuses) const {
  Transaction tx(impl_->db, "BEGIN");
  Impl::Snapshot s = impl_->snapshot(as_of, status_mask(statuses));
  tx.commit();
  return impl_->panel_of(s);
}

std::vector<Observation> Store::history(const std::string& code, const std::string& variable, int year) const {
  const Impl& s = *impl_;
  const std::string current = s.regions.resolve(code);
  std::vector<Observation> out;
  Transaction tx(s.db, "BEGIN");
  Statement region_id(s.db, "SELECT id FROM region WHERE code = ?");
  region_id.bind(1, current);
  if (!region_id.step("reading the history")) return out;
  const auto region = static_cast<std::uint32_t>(region_id.int64(0));
  Statement st(s.db, std::string("SELECT ") + store_internal::block_columns +
                         " FROM observation_block WHERE variable = (SELECT id FROM variable WHERE name = ?) AND year = ? "
                         "ORDER BY first_observation");
  st.bind(1, variable).bind(2, year);
  Statement batch(s.db, "SELECT source_file, source_sha256, submitted_by, submitted_at, committed_us FROM batch WHERE id = ?");
  Statement detail(s.db, "SELECT missing_reason, note, sheet, cell FROM observation_detail WHERE observation = ?");
  Statement flags(s.db, "SELECT rule FROM flag WHERE observation = ? ORDER BY rowid");
  while (st.step("reading the history")) {
    const store_internal::BlockView b = store_internal::block_of(st, s.path);
    for (std::size_t k = 0; k < b.n; ++k) {
      if (b.region_at(k) != region) continue;
      Observation o;
      o.id = b.first + static_cast<std::int64_t>(k);
      o.batch = b.batch;
      o.code = current;
      o.variable = variable;
      o.year = year;
      o.status = static_cast<ObservationStatus>(b.status_at(k));
      if (const double x = b.value_at(k); !std::isnan(x) && b.status_at(k) != retracted_code) o.value = x;
      SubmittedValue where;
      detail.bind(1, o.id);
      if (detail.step("reading the history")) {
        o.missing_reason = detail.text(0);
        o.note = detail.text(1);
        where.sheet = detail.text(2);
        where.cell = detail.text(3);
      }
      detail.reset();
      where.line = b.line_at(k);
      o.where = where.where();
      batch.bind(1, b.batch);
      batch.step("reading the history");
      o.source_file = batch.text(0);
      o.source_sha256 = batch.text(1);
      o.submitted_by = batch.text(2);
      o.submitted_at = batch.text(3);
      o.committed_at = format_time(batch.int64(4));
      batch.reset();
      flags.bind(1, o.id);
      while (flags.step("reading the history")) o.flags.push_back(flags.text(0));
      flags.reset();
      out.push_back(std::move(o));
    }
  }
  tx.commit();
  return out;
}

std::vector<BatchInfo> Store::batches() const {
  std::vector<BatchInfo> out;
  Statement st(impl_->db,
               "SELECT id, source_file, source_sha256, submitted_by, submitted_at, committed_us, note, "
               "last_observation - first_observation + 1, n_flagged FROM batch ORDER BY id");
  while (st.step("reading the batches")) {
    BatchInfo b;
    b.id = st.int64(0);
    b.source_file = st.text(1);
    b.source_sha256 = st.text(2);
    b.submitted_by = st.text(3);
    b.submitted_at = st.text(4);
    b.committed_at = format_time(st.int64(5));
    b.note = st.text(6);
    b.n_rows = st.int64(7);
    b.n_flagged = st.int64(8);
    out.push_back(std::move(b));
  }
  return out;
}

std::vector<DiffRow> Store::diff(const std::string& a, const std::string& b) const {
  const Impl& s = *impl_;
  Transaction tx(s.db, "BEGIN");
  const Impl::Snapshot before = s.snapshot(a, 0x1F), after = s.snapshot(b, 0x1F);
  tx.commit();
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::int32_t>;
  std::map<Key, std::pair<const Impl::Row*, const Impl::Row*>> cells;
  for (const auto& r : before.latest) cells[Key{r.region, r.variable, r.year}].first = &r;
  for (const auto& r : after.latest) cells[Key{r.region, r.variable, r.year}].second = &r;
  const auto& names = after.region_code.size() >= before.region_code.size() ? after : before;
  auto value = [](const Impl::Row* r) -> std::optional<double> {
    if (!r || r->status == retracted_code || std::isnan(r->value)) return std::nullopt;
    return r->value;
  };
  auto same_bits = [](std::optional<double> x, std::optional<double> y) {
    return x.has_value() == y.has_value() && (!x || std::memcmp(&*x, &*y, sizeof(double)) == 0);
  };
  std::unordered_map<std::string, std::size_t> region_rank;
  for (std::size_t i = 0; i < s.regions.size(); ++i) region_rank.emplace(s.regions[i].code, i);
  std::vector<DiffRow> out;
  for (const auto& [key, pair] : cells) {
    const auto [x, y] = pair;
    if (x && y && x->id == y->id) continue;
    const auto vx = value(x), vy = value(y);
    const std::string sx = x ? to_string(static_cast<ObservationStatus>(x->status)) : "";
    const std::string sy = y ? to_string(static_cast<ObservationStatus>(y->status)) : "";
    if (same_bits(vx, vy) && sx == sy) continue;
    DiffRow d;
    d.code = names.region_code[std::get<0>(key)];
    d.variable = names.variable_name[std::get<1>(key)];
    d.year = std::get<2>(key);
    d.before = vx;
    d.after = vy;
    d.status_before = sx;
    d.status_after = sy;
    d.batch_after = y ? y->batch : 0;
    out.push_back(std::move(d));
  }
  std::unordered_map<std::string, std::size_t> variable_rank;
  if (s.framework)
    for (std::size_t i = 0; i < s.framework->variables().size(); ++i) variable_rank.emplace(s.framework->variables()[i].id, i);
  auto rank = [](const std::unordered_map<std::string, std::size_t>& m, const std::string& k) {
    const auto it = m.find(k);
    return it == m.end() ? SIZE_MAX : it->second;
  };
  std::stable_sort(out.begin(), out.end(), [&](const DiffRow& p, const DiffRow& q) {
    return std::make_tuple(rank(region_rank, p.code), p.code, rank(variable_rank, p.variable), p.variable, p.year) <
           std::make_tuple(rank(region_rank, q.code), q.code, rank(variable_rank, q.variable), q.variable, q.year);
  });
  return out;
}

std::vector<RegionStatus> Store::status(int year, const std::string& as_of) const {
  const Impl& s = *impl_;
  Transaction tx(s.db, "BEGIN");
  const Impl::Snapshot snap = s.snapshot(as_of, 0x1F);
  std::set<std::int64_t> flagged_ids;
  {
    Statement st(s.db, "SELECT DISTINCT observation FROM flag WHERE observation <= ?");
    st.bind(1, snap.last_observation);
    while (st.step("reading flags")) flagged_ids.insert(st.int64(0));
  }
  // The last batch per region for the year (any row, superseded or not).
  std::unordered_map<std::string, std::pair<std::int64_t, std::string>> last;
  {
    std::vector<std::int64_t> last_batch(snap.region_code.size(), 0);
    Statement st(s.db, std::string("SELECT ") + store_internal::block_columns +
                           " FROM observation_block WHERE year = ? AND first_observation <= ?");
    st.bind(1, year).bind(2, snap.last_observation);
    while (st.step("reading the batches")) {
      const store_internal::BlockView b = store_internal::block_of(st, s.path);
      for (std::size_t k = 0; k < b.n; ++k) {
        const std::uint32_t id = b.region_at(k);
        if (id < last_batch.size()) last_batch[id] = std::max(last_batch[id], b.batch);
      }
    }
    Statement when(s.db, "SELECT submitted_at FROM batch WHERE id = ?");
    for (std::size_t id = 0; id < last_batch.size(); ++id) {
      if (last_batch[id] == 0) continue;
      when.bind(1, last_batch[id]);
      when.step("reading the batches");
      last.emplace(snap.region_code[id], std::make_pair(last_batch[id], when.text(0)));
      when.reset();
    }
  }
  tx.commit();
  std::vector<std::string> required;
  for (const Rule& r : s.rules.rules())
    if (r.kind == RuleKind::required) {
      if (r.variables.empty() && s.framework)
        for (const Variable& v : s.framework->variables()) required.push_back(v.id);
      for (const std::string& v : r.variables) required.push_back(v);
    }
  std::vector<std::string> ordered;  // framework order, once each
  if (s.framework)
    for (const Variable& v : s.framework->variables())
      if (std::find(required.begin(), required.end(), v.id) != required.end()) ordered.push_back(v.id);
  // Current rows of the year by (code, variable).
  std::map<std::pair<std::string, std::string>, const Impl::Row*> current;
  for (const auto& r : snap.latest)
    if (r.year == year) current[{snap.region_code[r.region], snap.variable_name[r.variable]}] = &r;
  std::vector<RegionStatus> out;
  for (const Region& region : s.regions.regions()) {
    if (!region.in_scope) continue;
    RegionStatus st;
    st.code = region.code;
    st.name_zh = region.name_zh;
    st.n_expected = static_cast<std::int64_t>(ordered.size());
    if (auto it = last.find(region.code); it != last.end()) {
      st.submitted = true;
      st.last_batch = it->second.first;
      st.last_submitted_at = it->second.second;
    }
    auto lo = current.lower_bound({region.code, std::string()});
    for (auto it = lo; it != current.end() && it->first.first == region.code; ++it) {
      const Impl::Row& r = *it->second;
      const bool has_value = r.status != retracted_code && !std::isnan(r.value);
      if (has_value && r.status == static_cast<std::uint8_t>(ObservationStatus::provisional)) ++st.n_provisional;
      if (flagged_ids.count(r.id)) {
        ++st.n_flagged;
        st.flagged.push_back(it->first.second);
      }
    }
    for (const std::string& v : ordered) {
      const auto it = current.find({region.code, v});
      const bool has_value = it != current.end() && it->second->status != retracted_code && !std::isnan(it->second->value);
      if (has_value) ++st.n_present;
      else st.missing.push_back(v);
    }
    out.push_back(std::move(st));
  }
  return out;
}

std::vector<Finding> Store::flags(const std::string& as_of) const {
  const Impl& s = *impl_;
  Transaction tx(s.db, "BEGIN");
  const Impl::Snapshot snap = s.snapshot(as_of, 0x1F);
  std::unordered_map<std::int64_t, const Impl::Row*> used;
  for (const auto& r : snap.latest) used.emplace(r.id, &r);
  std::vector<Finding> out;
  Statement st(s.db,
               "SELECT f.observation, f.rule, f.found, f.expected, f.message, d.code_given, d.sheet, d.cell "
               "FROM flag f LEFT JOIN observation_detail d ON d.observation = f.observation WHERE f.observation <= ? "
               "ORDER BY f.observation, f.rowid");
  st.bind(1, snap.last_observation);
  while (st.step("reading flags")) {
    const auto it = used.find(st.int64(0));
    if (it == used.end()) continue;
    const Impl::Row& r = *it->second;
    Finding f;
    f.rule = st.text(1);
    f.severity = RuleSeverity::warning;
    f.code = st.is_null(5) ? snap.region_code[r.region] : st.text(5);
    f.variable = snap.variable_name[r.variable];
    f.year = r.year;
    if (!std::isnan(r.value)) f.value = r.value;
    f.found = st.text(2);
    f.expected = st.text(3);
    f.message = st.text(4);
    SubmittedValue where;
    where.sheet = st.text(6);
    where.cell = st.text(7);
    where.line = r.line;
    f.where = where.where();
    out.push_back(std::move(f));
  }
  tx.commit();
  return out;
}

StoreDataset Store::dataset(const std::string& as_of, const std::vector<ObservationStatus>& statuses) const {
  StorePanel p = panel(as_of, statuses);
  StoreDataset out;
  out.dataset.directory = impl_->path;
  out.dataset.regions = impl_->regions;
  out.dataset.framework = impl_->framework;
  out.dataset.plan = impl_->plan;
  out.dataset.panel = std::move(p.panel);
  out.dataset.info = impl_->info;  // a Dataset read from a store says what its data are, as a folder's does
  out.info = impl_->info;
  out.vintage = std::move(p.vintage);
  return out;
}

// ---- files ----------------------------------------------------------------------------------

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot open the file to compute its SHA-256", Location{path});
  store_internal::Sha256 h;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(std::string_view(buf.data(), static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) throw io_error("cannot read the file to compute its SHA-256", Location{path});
  return h.hex();
}

Submission submission_from_csv(const std::string& path, io::CsvLayout layout, const std::string& submitted_by,
                               ObservationStatus status, io::Encoding encoding) {
  const std::string bytes = io::internal::read_file(path);
  // The file's SHA-256 on a second thread while this one parses the rows.
  std::future<std::string> sha = std::async(std::launch::async, [&bytes] { return sha256_hex(bytes); });
  std::string decoded;
  const std::string_view text = io::internal::to_utf8(bytes, encoding, path, decoded);
  io::ReadOptions options;
  options.encoding = encoding;
  options.code_scheme = CodeScheme::free;  // the store's rules judge the codes, row by row
  io::internal::PanelBuilder first(options, path), second(options, path);  // the file's two halves
  io::internal::fill_from_csv_in_two(text, layout, first, second, path);
  Submission out;
  out.source_file = path;
  out.source_sha256 = sha.get();
  out.submitted_by = submitted_by;
  out.rows.reserve(first.size() + second.size());
  // A builder keeps each distinct code and variable once: its strings' addresses name them.
  std::unordered_map<const std::string*, std::uint32_t> name_of;
  auto name = [&](const std::string& s) {
    auto it = name_of.find(&s);
    if (it == name_of.end()) it = name_of.emplace(&s, out.rows.add_name(s)).first;
    return it->second;
  };
  // Rows mostly repeat the previous row's code or variable: the last of each is kept at hand.
  const std::string *last_code = nullptr, *last_variable = nullptr;
  std::uint32_t code_name = 0, variable_name = 0;
  auto add = [&](const std::string& code, const std::string& variable, int year, std::size_t line, double value,
                 const std::string& note) {
    if (std::isnan(value) && note.empty()) return;  // an empty cell: nothing submitted
    if (&code != last_code) code_name = name(*(last_code = &code));
    if (&variable != last_variable) variable_name = name(*(last_variable = &variable));
    if (note.empty()) return out.rows.push_back(code_name, variable_name, year, value, status, static_cast<std::int64_t>(line));
    SubmittedValue details;
    if (std::isnan(value)) details.missing_reason = note;
    details.note = note;
    out.rows.push_back(code_name, variable_name, year, value, status, static_cast<std::int64_t>(line), &details);
  };
  first.for_each_entry(add);
  second.for_each_entry(add);
  return out;
}

}  // namespace countyleap
