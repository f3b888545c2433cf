#pragma once
/// @file store.hpp
/// @brief The county S&T indicator database (科技指标数据库): one SQLite file holding the regions
/// (with code history), frameworks, plans, rules, dataset metadata and an append-only record of
/// observations with provenance, read back as a Panel exactly as it stood at any past vintage.
/// Link countyleap::store.
///
/// Design (schema and guarantees in docs/store.md):
/// - **Append-only.** A revision or a retraction is a new row; triggers in the database refuse
///   every UPDATE and DELETE of observations, batches, flags and documents (double-entry style:
///   nothing is overwritten, so every past state can be rebuilt).
/// - **Batches.** One import is one batch in one transaction: it lands whole or not at all (a
///   crash, a full disk or an error rejects it entirely). The same file (same SHA-256) imported
///   again is a no-op that says so. Writers take the write lock at the start (BEGIN IMMEDIATE)
///   and wait up to the busy timeout; readers never block writers (WAL).
/// - **Vintages** (as ALFRED keeps every release of a series): batch ids grow with commit order,
///   so "the data as of batch b" is every row of batches 1..b; a date-time as of point selects
///   the last batch committed at or before it. A read returns the Vintage it used: its as of
///   point, batch id and a SHA-256 of the rows used, so a result can record and reproduce it.
/// - Values are stored with their exact bits (a column without affinity: -0.0 stays -0.0, no
///   integer folding), so panel(as_of) is bit-identical whenever it is asked.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "countyleap/error.hpp"
#include "countyleap/framework.hpp"
#include "countyleap/io/csv.hpp"
#include "countyleap/io/dataset.hpp"
#include "countyleap/panel.hpp"
#include "countyleap/plan.hpp"
#include "countyleap/region.hpp"
#include "countyleap/rules.hpp"

namespace countyleap {

/// SHA-256 (FIPS 180-4) of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);
/// SHA-256 of a file's bytes as 64 lower-case hex digits. @throws io_error when it cannot be read.
std::string sha256_file(const std::string& path);

/// The vintage a read used: enough to name it in an output and to read exactly the same rows again.
struct Vintage {
  std::string as_of;         ///< the as of point as given ("" = latest)
  std::int64_t batch = 0;    ///< the last batch included (0: the store had no batch then)
  std::string committed_at;  ///< when that batch was committed (ISO 8601 UTC; "" for batch 0)
  /// SHA-256 over the rows used, in (region, variable, year) order: code, variable, year, status
  /// and the value's 8 bytes (or the missing reason). Equal hashes mean equal data.
  std::string content_hash;
};

/// A panel read from the store, with the vintage it reflects.
struct StorePanel {
  Panel panel;      ///< values by (region, variable, year); notes are the observations' notes
  Vintage vintage;  ///< what was read
};

/// One stored observation with its provenance (a row of history()).
struct Observation {
  std::int64_t id = 0;       ///< row id, increasing with commit order
  std::int64_t batch = 0;    ///< the batch that added it
  std::string code;          ///< region code as stored (current code after the code history)
  std::string variable;      ///< variable id
  int year = 0;              ///< data year
  std::optional<double> value;   ///< the value, nullopt when missing or retracted
  std::string missing_reason;    ///< why it is missing
  ObservationStatus status = ObservationStatus::provisional;  ///< its status
  std::string note;          ///< the submitter's note
  std::string source_file;   ///< file name of the batch
  std::string source_sha256; ///< SHA-256 of that file
  std::string where;         ///< "sheet!cell" or "line N" in that file
  std::string submitted_by;  ///< who submitted the batch
  std::string submitted_at;  ///< when it was submitted (as given, ISO 8601)
  std::string committed_at;  ///< when the store committed it (ISO 8601 UTC)
  std::vector<std::string> flags;  ///< ids of the warning rules that flagged it
};

/// One batch (one import).
struct BatchInfo {
  std::int64_t id = 0;       ///< batch id (1, 2, ... in commit order)
  std::string source_file;   ///< file name as given
  std::string source_sha256; ///< SHA-256 of the file (64 hex digits)
  std::string submitted_by;  ///< who
  std::string submitted_at;  ///< when, as given (ISO 8601)
  std::string committed_at;  ///< when the store committed it (ISO 8601 UTC, microseconds)
  std::string note;          ///< free text
  std::int64_t n_rows = 0;   ///< observations added
  std::int64_t n_flagged = 0;  ///< observations flagged by warning rules
};

/// A submission: the rows of one file and who sent it.
struct Submission {
  std::string source_file;    ///< file name (as the submitter knows it)
  std::string source_sha256;  ///< SHA-256 of the file; empty = computed from source_file's bytes
  std::string submitted_by;   ///< who submits (required)
  std::string submitted_at;   ///< ISO 8601; empty = the commit time
  std::string note;           ///< free text stored with the batch
  SubmittedRows rows;         ///< the values
};

/// The rows of a panel CSV (long or wide layout, as read_panel_csv reads them) as a submission:
/// one SubmittedValue per value or per empty cell with a note (line numbers kept; an empty cell
/// without a note is not submitted); a note column fills `note`; the SHA-256 of the file's bytes.
/// `status` is given to every row. @throws io_error, encoding_error, parse_error as read_panel_csv
/// (a non-numeric value is a parse_error naming line and column).
Submission submission_from_csv(const std::string& path, io::CsvLayout layout, const std::string& submitted_by,
                               ObservationStatus status = ObservationStatus::final,
                               io::Encoding encoding = io::Encoding::utf8);

/// What an import did.
enum class ImportOutcome {
  committed,  ///< a new batch holds the rows
  duplicate,  ///< a batch with the same SHA-256 exists: nothing was added (`batch` is that batch)
  rejected,   ///< an error finding (see `report`): nothing was added
  dry_run     ///< checked only (ImportOptions::dry_run): nothing was added
};
/// Spelling: "committed", "duplicate", "rejected", "dry_run".
const char* to_string(ImportOutcome o);

/// The result of Store::import_batch().
struct ImportResult {
  ImportOutcome outcome = ImportOutcome::rejected;  ///< what happened
  std::int64_t batch = 0;     ///< the new batch (committed) or the earlier one (duplicate); else 0
  std::int64_t n_rows = 0;    ///< rows added (0 unless committed)
  std::int64_t n_flagged = 0; ///< rows flagged by warnings (0 unless committed)
  ValidationReport report;    ///< every finding (errors and warnings)
  std::string message;        ///< one line saying what happened, naming the file and batch
};

/// Options of Store::import_batch().
struct ImportOptions {
  bool dry_run = false;  ///< validate only, change nothing
  /// Rules to apply instead of the store's (Store::rules()); must outlive the call.
  const RuleSet* rules = nullptr;
};

/// A change between two vintages of one (region, variable, year) cell.
struct DiffRow {
  std::string code;      ///< region code
  std::string variable;  ///< variable id
  int year = 0;          ///< year
  std::optional<double> before;  ///< value at the first vintage (nullopt: missing or absent)
  std::optional<double> after;   ///< value at the second vintage
  std::string status_before;     ///< status at the first vintage ("" when absent)
  std::string status_after;      ///< status at the second vintage ("" when absent)
  std::int64_t batch_after = 0;  ///< the batch that made the second state (0 when absent)
};

/// The submission state of one region for one year: the table the bureau chases counties with (督导).
struct RegionStatus {
  std::string code;      ///< region code
  std::string name_zh;   ///< Chinese name
  bool submitted = false;        ///< at least one row for that year
  std::int64_t n_expected = 0;   ///< variables the `required` rules ask for
  std::int64_t n_present = 0;    ///< of them, with a value
  std::int64_t n_provisional = 0;  ///< values whose current status is provisional
  std::int64_t n_flagged = 0;    ///< current values flagged by a warning rule
  std::vector<std::string> missing;  ///< required variables without a value (in framework order)
  std::vector<std::string> flagged;  ///< variables whose current value is flagged
  std::int64_t last_batch = 0;   ///< the latest batch with a row for this region and year (0: none)
  std::string last_submitted_at; ///< its submitted_at
};

/// A dataset read from the store: what io::read_dataset() gives for a folder (regions, framework,
/// plan, panel; `directory` is the database path, `panel_file` empty), plus the metadata and vintage.
struct StoreDataset {
  io::Dataset dataset;  ///< regions, framework, plan and the panel as of the vintage
  DatasetInfo info;     ///< name, illustrative flag, comments
  Vintage vintage;      ///< the vintage of the panel
};

/// Options of opening a store.
struct StoreOptions {
  bool read_only = false;       ///< open for reading only (writes are store_error read_only)
  int busy_timeout_ms = 10000;  ///< how long a writer waits for another one before store_error busy
  /// Largest number of database pages (0 = SQLite's default). A limit makes a full disk
  /// reproducible: a write beyond it is store_error disk_full and is rolled back.
  std::int64_t max_page_count = 0;
};

/// What a new store starts with (Store::create()).
struct StoreInit {
  RegionSet regions;                   ///< required: the regions (with code history)
  std::optional<Framework> framework;  ///< the framework (needed before any import)
  std::optional<Plan> plan;            ///< the plan, validated against framework and regions
  std::optional<RuleSet> rules;        ///< rules; nullopt = RuleSet::defaults(framework, plan)
  DatasetInfo info;                    ///< name, illustrative flag, comments
};

/// The indicator database: one SQLite file (WAL, foreign keys on, a busy timeout).
///
/// Not thread-safe: use one Store per thread or process (any number may open the same file).
/// Every method that touches the file may throw store_error (its fault says why) besides the
/// errors listed; no method leaves a half-written change.
class Store {
 public:
  /// The schema version this library writes (PRAGMA user_version).
  static constexpr int schema_version = 2;

  /// Creates a new store file with `init`'s contents (one transaction).
  /// @throws io_error when the file already exists, store_error (read_only, disk_full),
  /// plan_error/unknown_id_error when the plan does not fit the framework and regions.
  static Store create(const std::string& path, const StoreInit& init, const StoreOptions& options = {});

  /// Opens an existing store; a file of an older schema is migrated forward (unless read_only)
  /// in one transaction. @throws io_error (no such file), store_error: not_a_database, corrupt
  /// (truncated or damaged), not_a_store, newer_schema (names both versions), read_only (a
  /// migration is needed but the file cannot be written), busy.
  explicit Store(const std::string& path, const StoreOptions& options = {});

  ~Store();
  /// Moves the connection.
  Store(Store&&) noexcept;
  /// Moves the connection.
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The database file.
  const std::string& path() const noexcept;

  /// The regions (the latest stored set).
  const RegionSet& regions() const;
  /// The framework (the latest stored), or nullopt.
  const std::optional<Framework>& framework() const;
  /// The plan (the latest stored), or nullopt.
  const std::optional<Plan>& plan() const;
  /// The rules imports apply: the latest stored rule set.
  const RuleSet& rules() const;
  /// Name, illustrative flag and comments of the data.
  const DatasetInfo& info() const;

  /// Stores a new region set (the old one stays in the file). @throws as create().
  void put_regions(const RegionSet& regions);
  /// Stores a new framework; the rules are re-derived (RuleSet::defaults) unless rules were put.
  void put_framework(const Framework& framework);
  /// Stores a new plan, validated against the framework and regions.
  void put_plan(const Plan& plan);
  /// Stores a new rule set (checked against the framework).
  void put_rules(const RuleSet& rules);
  /// Stores new dataset metadata.
  void put_info(const DatasetInfo& info);

  /// Confronts a submission with the rules (a dry run): nothing is written.
  ValidationReport check(const Submission& submission, const RuleSet* rules = nullptr) const;

  /// Imports a submission as one batch, in one transaction: validates it against the stored
  /// values as of the moment the write lock is taken; an error finding rejects it whole; warnings
  /// are stored as flags; the same SHA-256 as an earlier batch is a no-op (outcome duplicate).
  /// @throws validation_error when submitted_by is empty, io_error when the SHA-256 must be computed
  /// and the file cannot be read, store_error (disk_full, read_only, busy).
  ImportResult import_batch(const Submission& submission, const ImportOptions& options = {});

  /// The vintage `as_of` names: "" (the latest), a batch id ("17", or "batch:17"), or an ISO 8601
  /// date-time ("2023-05-01T12:00:00", with "Z" or "+08:00"; no offset means UTC; a date alone
  /// means the end of that day). @throws validation_error for any other text, unknown_id_error for
  /// a batch id that does not exist.
  Vintage vintage(const std::string& as_of = "") const;

  /// The panel as it stood at `as_of`: for each (region, variable, year) the latest row of a
  /// batch up to the vintage whose status is in `statuses` (empty = every status); a retracted
  /// row makes the cell missing. Regions in the region set's order (those with any row up to the
  /// vintage), variables in the framework's order (then others alphabetically), years the range of
  /// the rows; comments are DatasetInfo::comments. Read in one read transaction: concurrent imports
  /// never show half. Bit-identical whenever asked for the same vintage.
  StorePanel panel(const std::string& as_of = "", const std::vector<ObservationStatus>& statuses = {}) const;

  /// Every row of one cell, oldest first, with provenance and flags. `code` may be an old code.
  std::vector<Observation> history(const std::string& code, const std::string& variable, int year) const;

  /// Every batch, oldest first.
  std::vector<BatchInfo> batches() const;

  /// The cells whose value or status differs between vintages `a` and `b`, in (region, variable,
  /// year) order.
  std::vector<DiffRow> diff(const std::string& a, const std::string& b) const;

  /// Per in-scope region (region-set order): has it submitted for `year`, which required
  /// variables are missing, how many values are provisional or flagged, as of `as_of`.
  std::vector<RegionStatus> status(int year, const std::string& as_of = "") const;

  /// The stored flags of the values used at `as_of` (warning findings as stored at import).
  std::vector<Finding> flags(const std::string& as_of = "") const;

  /// Everything a Dataset holds, as of `as_of`: regions, framework, plan, the panel, the metadata
  /// and the vintage.
  StoreDataset dataset(const std::string& as_of = "", const std::vector<ObservationStatus>& statuses = {}) const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace countyleap
