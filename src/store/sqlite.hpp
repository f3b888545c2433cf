#pragma once
// Private to countyleap::store: a thin RAII layer over SQLite's C API (a connection, prepared
// statements, transactions) that turns every failure into a store_error whose fault says why
// (not a database, damaged, read-only, disk full, busy) and names the database file.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "countyleap/error.hpp"

namespace countyleap::store_internal {

/// The fault of an SQLite result code (extended codes included).
inline StoreFault fault_of(int code) {
  switch (code & 0xFF) {
    case SQLITE_NOTADB: return StoreFault::not_a_database;
    case SQLITE_CORRUPT: return StoreFault::corrupt;
    case SQLITE_READONLY: case SQLITE_PERM: case SQLITE_AUTH: return StoreFault::read_only;
    case SQLITE_FULL: return StoreFault::disk_full;
    case SQLITE_BUSY: case SQLITE_LOCKED: return StoreFault::busy;
    case SQLITE_IOERR:
      // A read past the end of a truncated file.
      return code == SQLITE_IOERR_SHORT_READ ? StoreFault::corrupt : StoreFault::other;
    default: return StoreFault::other;
  }
}

/// What a fault means, for messages.
inline const char* explain(StoreFault f) {
  switch (f) {
    case StoreFault::not_a_database: return "the file is not an SQLite database";
    case StoreFault::corrupt: return "the database file is damaged or truncated";
    case StoreFault::read_only: return "the database file (or its folder) cannot be written";
    case StoreFault::disk_full: return "the disk is full (nothing of this change was written)";
    case StoreFault::busy: return "another process held the database beyond the busy timeout";
    default: return "SQLite failed";
  }
}

class Statement;

/// One connection.
class Database {
 public:
  Database() = default;
  /// Opens `path` with sqlite3_open_v2 flags. @throws store_error.
  Database(const std::string& path, int flags) : path_(path) {
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close_v2(db_);
      db_ = nullptr;
      const StoreFault f = (rc & 0xFF) == SQLITE_CANTOPEN && (flags & SQLITE_OPEN_READWRITE) ? StoreFault::read_only : fault_of(rc);
      throw store_error(f, std::string(explain(f)) + " (" + msg + ")", Location{path});
    }
    sqlite3_extended_result_codes(db_, 1);
  }
  ~Database() { sqlite3_close_v2(db_); }
  Database(Database&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}
  Database& operator=(Database&& o) noexcept {
    std::swap(db_, o.db_);
    std::swap(path_, o.path_);
    return *this;
  }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

  /// Throws the store_error of result code `rc` with SQLite's message.
  [[noreturn]] void fail(int rc, const std::string& doing) const {
    const StoreFault f = fault_of(rc);
    std::string msg = sqlite3_errmsg(db_);
    throw store_error(f, std::string(explain(f)) + " while " + doing + " (" + msg + ")", Location{path_});
  }
  /// Runs SQL without results. @throws store_error.
  void exec(const char* sql, const char* doing) const {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(rc, doing);
  }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

/// A prepared statement; bind() by 1-based position, step() through rows.
class Statement {
 public:
  Statement(const Database& db, std::string_view sql) : db_(&db) {
    const int rc = sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st_, nullptr);
    if (rc != SQLITE_OK) db.fail(rc, "preparing a query");
  }
  ~Statement() { sqlite3_finalize(st_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t x) { return check(sqlite3_bind_int64(st_, i, x)); }
  Statement& bind(int i, int x) { return check(sqlite3_bind_int64(st_, i, x)); }
  Statement& bind(int i, double x) { return check(sqlite3_bind_double(st_, i, x)); }
  Statement& bind(int i, std::string_view s) {
    return check(sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
  }
  /// Binds bytes as a BLOB without copying them: they must stay valid and unchanged until the
  /// parameter is bound again or the statement is finalized.
  Statement& bind_blob_view(int i, std::string_view bytes) {
    return check(sqlite3_bind_blob64(st_, i, bytes.data(), bytes.size(), SQLITE_STATIC));
  }
  /// Binds NULL for an empty string.
  Statement& bind_or_null(int i, std::string_view s) { return s.empty() ? null(i) : bind(i, s); }
  Statement& null(int i) { return check(sqlite3_bind_null(st_, i)); }

  /// Next row: true when there is one. @throws store_error.
  bool step(const char* doing) {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const int code = sqlite3_extended_errcode(db_->get());
    sqlite3_reset(st_);
    db_->fail(code, doing);
  }
  /// Runs a statement without results, then resets it for the next use.
  void run(const char* doing) {
    step(doing);
    sqlite3_reset(st_);
  }
  void reset() { sqlite3_reset(st_); }

  bool is_null(int i) const { return sqlite3_column_type(st_, i) == SQLITE_NULL; }
  std::int64_t int64(int i) const { return sqlite3_column_int64(st_, i); }
  int integer(int i) const { return sqlite3_column_int(st_, i); }
  double real(int i) const { return sqlite3_column_double(st_, i); }
  std::string text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, i));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, i))) : std::string();
  }
  /// A BLOB column's bytes (empty for NULL), valid until the next step or reset.
  std::string_view blob(int i) const {
    const void* p = sqlite3_column_blob(st_, i);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, i)))
             : std::string_view();
  }
  std::optional<double> optional_real(int i) const {
    if (is_null(i)) return std::nullopt;
    return real(i);
  }

 private:
  Statement& check(int rc) {
    if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
    return *this;
  }
  const Database* db_;
  sqlite3_stmt* st_ = nullptr;
};

/// A transaction rolled back unless committed.
class Transaction {
 public:
  /// `begin` is "BEGIN IMMEDIATE" for writers (the write lock at once, waiting up to the busy
  /// timeout) or "BEGIN" for a consistent read.
  Transaction(const Database& db, const char* begin) : db_(db) { db.exec(begin, "starting a transaction"); }
  ~Transaction() {
    if (open_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.exec("COMMIT", "committing");
    open_ = false;
  }

 private:
  const Database& db_;
  bool open_ = true;
};

}  // namespace countyleap::store_internal
