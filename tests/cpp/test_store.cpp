// The indicator database (countyleap/store.hpp): append-only observations with provenance,
// vintages read back bit for bit, duplicate and refused imports, concurrency across processes,
// a process killed mid-import, a full disk, read-only, foreign, truncated and newer files.

#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "countyleap/io/csv.hpp"
#include "countyleap/io/json.hpp"
#include "countyleap/store.hpp"
#include "sha256.hpp"
#include "test_support.hpp"

BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::ImportOutcome)
BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::StoreFault)
BOOST_TEST_DONT_PRINT_LOG_VALUE(countyleap::ObservationStatus)

BOOST_AUTO_TEST_SUITE(test_store)

using namespace countyleap;
using test_support::expect_throw;
namespace fs = std::filesystem;

namespace {

const std::string data_dir = std::string(COUNTYLEAP_SOURCE_DIR) + "/data/shijiazhuang/";

fs::path scratch(const std::string& name) { return test_support::scratch_dir("store", name); }

StoreInit bundled_init() {
  StoreInit init;
  init.regions = io::read_regions_json(data_dir + "regions.json");
  init.framework = io::read_framework_json(data_dir + "framework.json");
  init.plan = io::read_plan_json(data_dir + "plan.json");
  init.info.name = "shijiazhuang";
  init.info.illustrative = true;
  init.info.comments = {"ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS"};
  return init;
}

std::string create_store(const fs::path& dir, const StoreOptions& options = {}) {
  const std::string path = (dir / "leap.db").string();
  Store::create(path, bundled_init(), options);
  return path;
}

SubmittedValue value(const std::string& code, const std::string& variable, int year, double x,
                     ObservationStatus status = ObservationStatus::final) {
  SubmittedValue v;
  v.code = code;
  v.variable = variable;
  v.year = year;
  v.value = x;
  v.status = status;
  return v;
}

// A submission named `file` whose SHA-256 is that of `salt` (no file on disk needed).
Submission submission(const std::string& file, std::vector<SubmittedValue> rows, const std::string& salt = "") {
  Submission s;
  s.source_file = file;
  s.source_sha256 = sha256_hex(file + "|" + salt);
  s.submitted_by = "test";
  s.rows = SubmittedRows(rows);
  return s;
}

// Every value of the bundled illustrative panel for `year`, as a submission.
Submission bundled_year(int year) {
  const Panel p = io::read_panel_csv(data_dir + "panel-illustrative.csv");
  std::vector<SubmittedValue> rows;
  const auto t = p.year_index(year);
  for (Panel::Index v = 0; v < p.n_variables(); ++v)
    for (Panel::Index r = 0; r < p.n_regions(); ++r)
      if (p.has(r, v, t)) rows.push_back(value(p.regions()[static_cast<std::size_t>(r)], p.variables()[static_cast<std::size_t>(v)], year, p(r, v, t)));
  return submission("panel-" + std::to_string(year) + ".csv", std::move(rows));
}

// Runs SQL on the file directly, as another program would; returns SQLite's result code and message.
std::pair<int, std::string> raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* msg = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
  std::string text = msg ? msg : "";
  sqlite3_free(msg);
  sqlite3_close(db);
  return {rc, text};
}

// The first column of the first row of `sql`, read from the file directly.
std::int64_t query_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  sqlite3_step(st);
  const std::int64_t n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Observations stored (of the batches `where` selects), counted in the file: the rows of the blocks.
std::int64_t count_observations(const std::string& path, const std::string& where = "") {
  return query_int(path, "SELECT coalesce(sum(n), 0) FROM observation_block" + (where.empty() ? "" : " WHERE " + where));
}

}  // namespace

BOOST_AUTO_TEST_CASE(sha256_matches_fips_180_4) {
  // FIPS 180-4 / NIST CSRC example vectors
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(sha256_with_and_without_the_sha_extensions_agree) {
  // The processor's SHA extensions (when it has them) against the portable code, on every length
  // around the 64-byte block and the padding boundary (55, 56, 64) and on 1 MB of seeded bytes fed
  // in uneven pieces. On a processor without them both sides are the portable code.
  BOOST_TEST_MESSAGE("SHA extensions used: " << store_internal::Sha256::accelerated());
  std::string bytes(1 << 20, '\0');
  std::uint32_t x = 2463534242u;  // xorshift32
  for (char& c : bytes) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  for (std::size_t n : {0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 1 << 20}) {
    store_internal::Sha256 fast(true), portable(false);
    const std::string_view part(bytes.data(), n);
    for (std::size_t at = 0, step = 1; at < n; at += step, step = step * 3 % 1031 + 1) {
      fast.update(part.substr(at, step));
      portable.update(part.substr(at, step));
    }
    BOOST_TEST(fast.hex() == portable.hex(), "length " << n);
  }
  store_internal::Sha256 portable(false);
  portable.update("abc");
  BOOST_TEST(portable.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(create_then_open_keeps_every_document) {
  const auto dir = scratch("create");
  const std::string path = create_store(dir);
  const StoreInit init = bundled_init();
  const Store s(path);
  BOOST_TEST(io::format_regions_json(s.regions()) == io::format_regions_json(init.regions));
  BOOST_REQUIRE(s.framework());
  BOOST_TEST(io::format_framework_json(*s.framework()) == io::format_framework_json(*init.framework));
  BOOST_REQUIRE(s.plan());
  BOOST_TEST(io::format_plan_json(*s.plan()) == io::format_plan_json(*init.plan));
  BOOST_TEST(s.info().illustrative);
  BOOST_TEST(s.info().name == "shijiazhuang");
  BOOST_TEST((s.rules() == RuleSet::defaults(*init.framework, &*init.plan)));
  BOOST_TEST(s.batches().empty());
  BOOST_TEST(s.panel().vintage.batch == 0);
  BOOST_TEST(s.panel().panel.n_regions() == 0);
  // A second create on the same file is refused, the file untouched.
  expect_throw<io_error>([&] { Store::create(path, init); });
  BOOST_TEST(Store(path).info().name == "shijiazhuang");
}

BOOST_AUTO_TEST_CASE(import_then_panel_history_and_provenance) {
  const auto dir = scratch("import");
  Store s(create_store(dir));
  const Submission y2022 = bundled_year(2022);
  const ImportResult r = s.import_batch(y2022);
  BOOST_TEST(r.outcome == ImportOutcome::committed);
  BOOST_TEST(r.batch == 1);
  BOOST_TEST(r.n_rows == static_cast<std::int64_t>(y2022.rows.size()));
  // The panel equals the bundled panel's 2022 slice, bit for bit.
  const Panel bundled = io::read_panel_csv(data_dir + "panel-illustrative.csv");
  const StorePanel p = s.panel();
  BOOST_TEST(p.vintage.batch == 1);
  BOOST_TEST(p.panel.first_year() == 2022);
  BOOST_TEST(p.panel.regions() == bundled.regions());
  BOOST_TEST(p.panel.variables() == bundled.variables());
  BOOST_TEST(p.panel.comments() == std::vector<std::string>{"ILLUSTRATIVE DATA, NOT OFFICIAL STATISTICS"});
  const auto t = bundled.year_index(2022);
  for (Panel::Index r2 = 0; r2 < bundled.n_regions(); ++r2)
    for (Panel::Index v = 0; v < bundled.n_variables(); ++v)
      BOOST_TEST(test_support::same_bits(p.panel(r2, v, 0), bundled(r2, v, t)));
  // A revision of one value: history shows both rows with their batches and sources.
  SubmittedValue rev = value("130123", "platforms", 2022, 15, ObservationStatus::revised);
  rev.sheet = "data";
  rev.cell = "D9";
  rev.note = "corrected after the audit";
  BOOST_TEST(s.import_batch(submission("130123-2022.xlsx", {rev})).outcome == ImportOutcome::committed);
  const auto h = s.history("130123", "platforms", 2022);
  BOOST_REQUIRE_EQUAL(h.size(), 2u);
  BOOST_TEST(h[0].batch == 1);
  BOOST_TEST(h[0].status == ObservationStatus::final);
  BOOST_TEST(h[0].source_file == "panel-2022.csv");
  BOOST_TEST(h[1].batch == 2);
  BOOST_TEST(*h[1].value == 15.0);
  BOOST_TEST(h[1].where == "data!D9");
  BOOST_TEST(h[1].note == "corrected after the audit");
  BOOST_TEST(h[1].submitted_by == "test");
  BOOST_TEST(h[1].source_sha256 == sha256_hex("130123-2022.xlsx|"));
  // diff names exactly that cell
  const auto d = s.diff("1", "2");
  BOOST_REQUIRE_EQUAL(d.size(), 1u);
  BOOST_TEST(d[0].code == "130123");
  BOOST_TEST(d[0].variable == "platforms");
  BOOST_TEST(*d[0].before == bundled(bundled.region_index("130123"), bundled.variable_index("platforms"), t));
  BOOST_TEST(*d[0].after == 15.0);
  BOOST_TEST(d[0].status_after == "revised");
  BOOST_TEST(d[0].batch_after == 2);
  // The dataset carries regions, framework, plan and the illustrative flag.
  const StoreDataset ds = s.dataset();
  BOOST_TEST(ds.info.illustrative);
  BOOST_TEST(ds.dataset.framework.has_value());
  BOOST_TEST(ds.dataset.panel->n_regions() == 21);
  BOOST_TEST(ds.vintage.batch == 2);
}

BOOST_AUTO_TEST_CASE(observations_are_append_only_in_sql) {
  const auto dir = scratch("append_only");
  const std::string path = create_store(dir);
  SubmittedValue noted = value("130123", "platforms", 2022, 4);
  noted.note = "a note, so the texts table has a row to protect";
  Store(path).import_batch(submission("a.csv", {noted}));
  for (const char* sql : {"UPDATE observation_block SET value = zeroblob(8)", "DELETE FROM observation_block",
                          "UPDATE observation_detail SET note = 'x'", "DELETE FROM observation_detail",
                          "UPDATE batch SET submitted_by = 'x'",
                          "DELETE FROM batch", "DELETE FROM document", "UPDATE region SET code = '130124'"}) {
    const auto [rc, msg] = raw_sql(path, sql);
    BOOST_TEST(rc == SQLITE_CONSTRAINT, sql);
    BOOST_TEST(msg.find("append-only") != std::string::npos, sql << ": " << msg);
  }
  const auto h = Store(path).history("130123", "platforms", 2022);
  BOOST_REQUIRE_EQUAL(h.size(), 1u);
  BOOST_TEST(*h[0].value == 4.0);
}

BOOST_AUTO_TEST_CASE(region_ids_and_lines_are_stored_in_full_or_as_first_and_step) {
  // Three blocks of one batch: 2022 platforms for four regions in file order 130123, 130102,
  // 130109, 130104 (region ids 1, 2, 3, 4 by first appearance: they step by 1; lines 2..5 too),
  // 2022 tech_smes for the same regions in another order (ids 2, 4, 1, 3 and lines 9, 7, 8, 6:
  // stored in full), and one region's three years of hightech_va (three blocks of one row: in full).
  const auto dir = scratch("steps");
  const std::string path = create_store(dir);
  Store s(path);
  auto at = [](SubmittedValue v, std::int64_t line) {
    v.line = line;
    return v;
  };
  const ImportResult r = s.import_batch(submission(
      "steps.csv", {at(value("130123", "platforms", 2022, 1), 2), at(value("130102", "platforms", 2022, 2), 3),
                    at(value("130109", "platforms", 2022, 3), 4), at(value("130104", "platforms", 2022, 4), 5),
                    at(value("130102", "tech_smes", 2022, 12), 9), at(value("130104", "tech_smes", 2022, 14), 7),
                    at(value("130123", "tech_smes", 2022, 11), 8), at(value("130109", "tech_smes", 2022, 13), 6),
                    at(value("130123", "hightech_va", 2020, 0.5), 10), at(value("130123", "hightech_va", 2021, 0.6), 11),
                    at(value("130123", "hightech_va", 2022, 0.7), 12)}));
  BOOST_REQUIRE(r.outcome == ImportOutcome::committed);
  auto lengths = [&](const std::string& variable) {
    return std::make_pair(
        query_int(path, "SELECT length(b.region) FROM observation_block b JOIN variable v ON v.id = b.variable WHERE v.name = '" + variable + "'"),
        query_int(path, "SELECT length(b.line) FROM observation_block b JOIN variable v ON v.id = b.variable WHERE v.name = '" + variable + "'"));
  };
  BOOST_TEST((lengths("platforms") == std::make_pair(std::int64_t{8}, std::int64_t{8})));
  BOOST_TEST((lengths("tech_smes") == std::make_pair(std::int64_t{16}, std::int64_t{16})));
  BOOST_TEST(query_int(path, "SELECT length(region) FROM observation_block WHERE year = 2020") == 4);  // n = 1: in full
  // Read back: every value at its region, every line where it was.
  const Panel p = s.panel().panel;
  const double expected_tech[] = {11, 12, 13, 14};  // 130123, 130102, 130109, 130104
  const char* codes[] = {"130123", "130102", "130109", "130104"};
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(p(p.region_index(codes[i]), p.variable_index("platforms"), p.year_index(2022)) == i + 1.0);
    BOOST_TEST(p(p.region_index(codes[i]), p.variable_index("tech_smes"), p.year_index(2022)) == expected_tech[i]);
  }
  BOOST_TEST(s.history("130104", "tech_smes", 2022).at(0).where == "line 7");
  BOOST_TEST(s.history("130109", "platforms", 2022).at(0).where == "line 4");
  BOOST_TEST(*s.history("130123", "hightech_va", 2021).at(0).value == 0.6);
  const std::vector<RegionStatus> st = s.status(2022);
  for (const RegionStatus& row : st)
    BOOST_TEST(row.submitted == (std::find(std::begin(codes), std::end(codes), row.code) != std::end(codes)), row.code);
}

BOOST_AUTO_TEST_CASE(a_past_vintage_is_bit_identical_after_revisions) {
  const auto dir = scratch("vintage");
  Store s(create_store(dir));
  // Values whose bits a careless store would change: -0.0, a denormal, 0.1 + 0.2, a large count.
  std::vector<SubmittedValue> rows = {value("130123", "fiscal_st_exp", 2022, -0.0),
                                      value("130123", "public_budget_exp", 2022, 4.9406564584124654e-324),
                                      value("130123", "hightech_va", 2022, 0.1 + 0.2),
                                      value("130123", "population", 2022, 612345)};
  rows[1].note = "tiny";
  s.import_batch(submission("first.csv", rows));
  const StorePanel first = s.panel();
  BOOST_TEST(std::signbit(first.panel(0, first.panel.variable_index("fiscal_st_exp"), 0)));
  BOOST_TEST(first.panel(0, first.panel.variable_index("hightech_va"), 0) == 0.1 + 0.2);
  // Later: a revision, a retraction and a new year.
  SubmittedValue retract;
  retract.code = "130123";
  retract.variable = "population";
  retract.year = 2022;
  retract.status = ObservationStatus::retracted;
  s.import_batch(submission("second.csv", {value("130123", "hightech_va", 2022, 0.3, ObservationStatus::revised), retract,
                                           value("130123", "platforms", 2023, 7)}));
  const StorePanel latest = s.panel();
  BOOST_TEST((latest.panel != first.panel));
  BOOST_TEST(latest.vintage.content_hash != first.vintage.content_hash);
  BOOST_TEST(!latest.panel.has(0, latest.panel.variable_index("population"), 0));  // retracted
  // As of batch 1, by id and by its commit time: the same panel, the same bits, the same hash.
  for (const std::string& as_of : {std::string("1"), std::string("batch:1"), s.batches()[0].committed_at}) {
    const StorePanel again = s.panel(as_of);
    BOOST_TEST((again.panel == first.panel), as_of);
    BOOST_TEST(again.vintage.content_hash == first.vintage.content_hash, as_of);
    BOOST_TEST(again.vintage.batch == 1);
  }
  // A time before any batch: the empty vintage.
  BOOST_TEST(s.panel("2000-01-01").vintage.batch == 0);
  expect_throw<unknown_id_error>([&] { s.panel("17"); });
  expect_throw<validation_error>([&] { s.panel("yesterday"); });
  // Status filter: only final values hide the revised one and show the final 0.3 ... there is no
  // final 0.3; hightech_va falls back to its final 0.1 + 0.2.
  const StorePanel finals = s.panel("", {ObservationStatus::final});
  BOOST_TEST(finals.panel(0, finals.panel.variable_index("hightech_va"), 0) == 0.1 + 0.2);
}

BOOST_AUTO_TEST_CASE(the_same_file_twice_is_a_no_op_that_says_so) {
  const auto dir = scratch("duplicate");
  Store s(create_store(dir));
  const fs::path csv = dir / "130123.csv";
  std::ofstream(csv) << "code,variable,year,value\n130123,platforms,2022,4\n130123,tech_smes,2022,31\n";
  const Submission sub = submission_from_csv(csv.string(), io::CsvLayout::long_table, "county office");
  BOOST_TEST(sub.rows.size() == 2u);
  BOOST_TEST(sub.rows[1].line == 3);
  BOOST_TEST(sub.source_sha256 == sha256_file(csv.string()));
  const ImportResult first = s.import_batch(sub);
  BOOST_TEST(first.outcome == ImportOutcome::committed);
  const ImportResult second = s.import_batch(submission_from_csv(csv.string(), io::CsvLayout::long_table, "someone else"));
  BOOST_TEST(second.outcome == ImportOutcome::duplicate);
  BOOST_TEST(second.batch == first.batch);
  BOOST_TEST(second.message.find("already imported as batch 1") != std::string::npos);
  BOOST_TEST(s.batches().size() == 1u);
  BOOST_TEST(s.history("130123", "tech_smes", 2022)[0].where == "line 3");
}

BOOST_AUTO_TEST_CASE(a_large_csv_is_read_in_two_halves_as_one_reader_would) {
  // Above 2 MB and without quotes the file is parsed in two halves on two threads. The rows must
  // be the single reader's (read_panel_csv is the second implementation): same order, values,
  // lines and notes; an error in either half names its own line, and with errors in both halves
  // the first half's is reported, as one reader meets it first.
  const auto dir = scratch("halves");
  const int n_lines = 120000;  // about 3.4 MB
  auto write = [&](const fs::path& path, int bad_line_a, int bad_line_b) {
    std::ofstream out(path);
    out << "# comment\ncode,variable,year,value,note\n";
    for (int i = 0; i < n_lines; ++i) {
      const int line = i + 3;
      out << (130000 + i % 997) << ",v" << (i / 997) % 60 << "," << (2000 + i / (997 * 60)) << ",";
      if (line == bad_line_a || line == bad_line_b) out << "twelve";
      else if (i % 1000 == 7) out << "";
      else out << i * 0.25;
      out << "," << (i % 1000 == 7 ? "not reported" : i % 5000 == 0 ? "checked" : "") << "\n";
    }
  };
  const fs::path good = dir / "national.csv";
  write(good, 0, 0);
  BOOST_REQUIRE_GT(fs::file_size(good), std::uintmax_t{2} << 20);
  const Submission sub = submission_from_csv(good.string(), io::CsvLayout::long_table, "bureau");
  io::ReadOptions free_codes;
  free_codes.code_scheme = CodeScheme::free;
  const Panel single = io::read_panel_csv(good.string(), io::CsvLayout::long_table, free_codes);
  BOOST_REQUIRE_EQUAL(sub.rows.size(), static_cast<std::size_t>(n_lines));  // every row has a value or a note
  std::size_t mismatches = 0;
  for (std::size_t i = 0; i < sub.rows.size(); ++i) {
    const auto r = sub.rows[i];
    const Panel::Index ri = single.region_index(r.code), vi = single.variable_index(r.variable), ti = single.year_index(r.year);
    const bool same_value = r.value ? single.has(ri, vi, ti) && single(ri, vi, ti) == *r.value : !single.has(ri, vi, ti);
    mismatches += !same_value || r.line != static_cast<std::int64_t>(i) + 3 || r.note != single.note(ri, vi, ti);
  }
  BOOST_TEST(mismatches == 0u);
  BOOST_TEST(sub.rows[7].missing_reason == "not reported");
  BOOST_TEST(sub.source_sha256 == sha256_file(good.string()));
  // An error late in the file (second half), then errors in both halves.
  const int late = n_lines - 5, early = 100;
  const fs::path bad = dir / "bad.csv";
  write(bad, late, 0);
  const auto e1 = expect_throw<parse_error>([&] { submission_from_csv(bad.string(), io::CsvLayout::long_table, "x"); });
  BOOST_TEST(e1.where().line == static_cast<std::size_t>(late));
  write(bad, early, late);
  const auto e2 = expect_throw<parse_error>([&] { submission_from_csv(bad.string(), io::CsvLayout::long_table, "x"); });
  BOOST_TEST(e2.where().line == static_cast<std::size_t>(early));
}

BOOST_AUTO_TEST_CASE(a_refused_batch_leaves_the_database_unchanged) {
  const auto dir = scratch("refused");
  const std::string path = create_store(dir);
  Store s(path);
  s.import_batch(bundled_year(2021));
  const StorePanel before = s.panel();
  const auto wal_rows = count_observations(path);
  SubmittedValue share = value("130123", "agri_industrialisation_rate", 2022, 140);
  share.sheet = "data";
  share.cell = "D20";
  const ImportResult r = s.import_batch(submission("bad.xlsx", {value("130123", "platforms", 2022, 4), share}));
  BOOST_TEST(r.outcome == ImportOutcome::rejected);
  BOOST_TEST(r.batch == 0);
  BOOST_REQUIRE_EQUAL(r.report.n_errors(), 1u);
  for (const Finding& f : r.report.findings)
    if (f.severity == RuleSeverity::error) {
      BOOST_TEST(f.rule == "range.agri_industrialisation_rate");
      BOOST_TEST(f.where == "data!D20");
    }
  BOOST_TEST(r.message.find("rejected") != std::string::npos);
  BOOST_TEST(s.batches().size() == 1u);
  BOOST_TEST(count_observations(path) == wal_rows);
  BOOST_TEST(query_int(path, "SELECT count(*) FROM region") == 21);
  BOOST_TEST((s.panel().panel == before.panel));
  // A code the region set does not know is a finding of the region rule (the import lays the rows
  // out while the rules judge them: the unknown code must not escape as an exception), and a
  // variable it does not know is not added to the variable table.
  const ImportResult unknown = s.import_batch(
      submission("unknown.csv", {value("130123", "platforms", 2022, 4), value("139999", "platforms", 2022, 5),
                                 value("130123", "no_such_variable", 2022, 1)}));
  BOOST_TEST(unknown.outcome == ImportOutcome::rejected);
  std::vector<const Finding*> errors;
  for (const Finding& f : unknown.report.findings)
    if (f.severity == RuleSeverity::error) errors.push_back(&f);
  BOOST_REQUIRE_EQUAL(errors.size(), 2u);
  BOOST_TEST(errors[0]->rule == "region");
  BOOST_TEST(errors[0]->code == "139999");
  BOOST_TEST(errors[1]->rule == "variable");
  BOOST_TEST(query_int(path, "SELECT count(*) FROM variable WHERE name = 'no_such_variable'") == 0);
  BOOST_TEST(count_observations(path) == wal_rows);
  // A dry run of a good batch reports and adds nothing.
  ImportOptions dry;
  dry.dry_run = true;
  BOOST_TEST(s.import_batch(submission("good.xlsx", {value("130123", "platforms", 2022, 4)}), dry).outcome == ImportOutcome::dry_run);
  BOOST_TEST(s.batches().size() == 1u);
  // Warnings are stored as flags and listed by status().
  const ImportResult flagged = s.import_batch(submission("jump.xlsx", {value("130123", "platforms", 2022, 400)}));
  BOOST_TEST(flagged.outcome == ImportOutcome::committed);
  BOOST_TEST(flagged.n_flagged == 1);
  BOOST_TEST(s.history("130123", "platforms", 2022)[0].flags == std::vector<std::string>{"year_on_year"});
  BOOST_REQUIRE_EQUAL(s.flags().size(), 1u);
  BOOST_TEST(s.flags()[0].rule == "year_on_year");
}

BOOST_AUTO_TEST_CASE(status_says_who_submitted_what) {
  const auto dir = scratch("status");
  Store s(create_store(dir));
  s.import_batch(submission("130123.xlsx", {value("130123", "platforms", 2023, 4, ObservationStatus::provisional),
                                            value("130123", "tech_smes", 2023, 30)}));
  const auto st = s.status(2023);
  BOOST_REQUIRE_EQUAL(st.size(), 21u);  // the in-scope units (辛集市 is out of scope)
  const RegionStatus* zhengding = nullptr;
  for (const auto& x : st)
    if (x.code == "130123") zhengding = &x;
  BOOST_REQUIRE(zhengding);
  BOOST_TEST(zhengding->submitted);
  BOOST_TEST(zhengding->n_expected == 22);
  BOOST_TEST(zhengding->n_present == 2);
  BOOST_TEST(zhengding->missing.size() == 20u);
  BOOST_TEST(zhengding->n_provisional == 1);
  BOOST_TEST(zhengding->last_batch == 1);
  BOOST_TEST(!st[0].submitted);  // 130102 sent nothing
  BOOST_TEST(st[0].missing.size() == 22u);
}

BOOST_AUTO_TEST_CASE(foreign_truncated_empty_and_newer_files_are_named) {
  const auto dir = scratch("files");
  const fs::path text = dir / "notes.db";
  std::ofstream(text) << "code,variable,year,value\n";
  auto fault = [](const std::string& path) { return expect_throw<store_error>([&] { Store s(path); }); };
  const auto e1 = fault(text.string());
  BOOST_TEST(e1.fault() == StoreFault::not_a_database);
  BOOST_TEST(e1.where().file == text.string());
  BOOST_TEST(std::string(e1.what()).find("not an SQLite database") != std::string::npos);
  expect_throw<io_error>([&] { Store s((dir / "absent.db").string()); });
  // An SQLite database of another program, and an empty one.
  const std::string other = (dir / "other.db").string();
  raw_sql(other, "CREATE TABLE t (x)");
  BOOST_TEST(fault(other).fault() == StoreFault::not_a_store);
  const std::string empty = (dir / "empty.db").string();
  std::ofstream(empty).close();
  BOOST_TEST(fault(empty).fault() == StoreFault::not_a_store);
  // A store cut in half (copied without its log, as a failed transfer would).
  const std::string path = create_store(dir);
  { Store(path).import_batch(bundled_year(2022)); }
  const std::string cut = (dir / "cut.db").string();
  fs::copy_file(path, cut);
  fs::resize_file(cut, fs::file_size(cut) / 2);
  const auto e2 = fault(cut);
  BOOST_TEST(e2.fault() == StoreFault::corrupt);
  BOOST_TEST(std::string(e2.what()).find("truncated") != std::string::npos);
  // A store written by a newer countyleap.
  const int newer = Store::schema_version + 1;
  raw_sql(path, "PRAGMA user_version = " + std::to_string(newer));
  const auto e3 = fault(path);
  BOOST_TEST(e3.fault() == StoreFault::newer_schema);
  BOOST_TEST(std::string(e3.what()).find("schema version " + std::to_string(newer)) != std::string::npos);
  BOOST_TEST(std::string(e3.what()).find("up to " + std::to_string(Store::schema_version)) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_full_disk_rolls_the_batch_back) {
  const auto dir = scratch("full");
  const std::string path = create_store(dir);
  {
    Store s(path);
    s.import_batch(bundled_year(2021));
  }
  // A page limit a little above the current size: the 2022 batch (462 rows) does not fit.
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, nullptr);
  sqlite3_step(st);
  const std::int64_t pages = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  StoreOptions tight;
  tight.max_page_count = pages + 1;
  Store s(path, tight);
  const StorePanel before = s.panel();
  // The 2022 values with a 200-byte note each (462 rows x 200 bytes: far more than a page).
  const Submission y2022 = bundled_year(2022);
  std::vector<SubmittedValue> noted;
  for (std::size_t i = 0; i < y2022.rows.size(); ++i) {
    const auto r = y2022.rows[i];
    SubmittedValue v = value(r.code, r.variable, r.year, *r.value);
    v.note = std::string(200, 'n');
    noted.push_back(v);
  }
  const Submission big = submission("big.csv", noted);
  const auto e = expect_throw<store_error>([&] { s.import_batch(big); });
  BOOST_TEST(e.fault() == StoreFault::disk_full);
  BOOST_TEST(std::string(e.what()).find("nothing of this change was written") != std::string::npos);
  BOOST_TEST(s.batches().size() == 1u);
  BOOST_TEST((s.panel().panel == before.panel));
  BOOST_TEST(Store(path).batches().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_read_only_file_reads_and_refuses_writes) {
  const auto dir = scratch("read_only");
  const std::string path = create_store(dir);
  { Store(path).import_batch(bundled_year(2022)); }
  const Panel expected = Store(path).panel().panel;
  ::chmod(path.c_str(), 0444);
  ::chmod(dir.c_str(), 0777);
  // Root writes any file: check as an unprivileged user in a child process.
  const pid_t pid = ::fork();
  if (pid == 0) {
    int code = 0;
    try {
      if (::geteuid() == 0 && ::setuid(65534) != 0) ::_exit(90);
      Store s(path);
      if (!(s.panel().panel == expected)) code = 2;
      try {
        s.import_batch(submission("x.csv", {value("130123", "platforms", 2023, 4)}));
        code = 3;
      } catch (const store_error& e) {
        if (e.fault() != StoreFault::read_only) code = 4;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "read-only child: %s\n", e.what());
      code = 5;
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0);
  // Opening read-only on purpose: reads work, writes are store_error read_only.
  ::chmod(path.c_str(), 0644);
  StoreOptions ro;
  ro.read_only = true;
  Store s(path, ro);
  BOOST_TEST((s.panel().panel == expected));
  const auto e = expect_throw<store_error>([&] { s.import_batch(submission("y.csv", {value("130123", "platforms", 2023, 4)})); });
  BOOST_TEST(e.fault() == StoreFault::read_only);
}

BOOST_AUTO_TEST_CASE(processes_importing_and_reading_at_once_lose_nothing) {
  const auto dir = scratch("concurrent");
  const std::string path = create_store(dir);
  constexpr int writers = 4, batches_each = 6, readers = 2, rows_per_batch = 5;
  // Writer w, batch b sets 5 distinct cells (region w+1, one variable, years 2018..2022); every
  // writer also imports one shared file that exactly one process may commit. The variables are
  // none of each other's parts (no part_whole finding).
  const Panel bundled = io::read_panel_csv(data_dir + "panel-illustrative.csv");
  const std::vector<std::string> variables = {"fiscal_st_exp", "ent_rd_exp", "industrial_ents", "platforms",
                                              "service_institutions", "innovation_parks"};
  auto batch = [&](int w, int b) {
    std::vector<SubmittedValue> rows;
    for (int k = 0; k < rows_per_batch; ++k)
      rows.push_back(value(bundled.regions()[static_cast<std::size_t>(w + 1)], variables[static_cast<std::size_t>(b)],
                           2018 + k, 1000 + w * 100 + b));
    return submission("w" + std::to_string(w) + "b" + std::to_string(b) + ".csv", rows);
  };
  const Submission shared = submission("shared.csv", {value("130102", "platforms", 2020, 9)});
  std::vector<pid_t> children;
  for (int w = 0; w < writers; ++w) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int code = 0;
      try {
        Store s(path);
        for (int b = 0; b < batches_each; ++b) {
          const ImportResult r = s.import_batch(batch(w, b));
          if (r.outcome != ImportOutcome::committed) {
            std::fprintf(stderr, "writer %d: %s\n%s", w, r.message.c_str(), r.report.text().c_str());
            code = 2;
          }
          if (b == 2) s.import_batch(shared);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d: %s\n", w, e.what());
        code = 3;
      }
      ::_exit(code);
    }
    children.push_back(pid);
  }
  for (int r = 0; r < readers; ++r) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int code = 0;
      try {
        Store s(path);
        for (int i = 0; i < 40; ++i) {
          // A consistent vintage: every batch up to it whole, none after it. Each writer batch adds
          // 5 values and the shared batch 1, so the count of values fixes how many batches are in.
          const StorePanel p = s.panel();
          const auto b = s.batches();
          std::int64_t expected = 0;
          for (const BatchInfo& x : b)
            if (x.id <= p.vintage.batch) expected += x.n_rows;
          if (static_cast<std::int64_t>(p.panel.count_present()) != expected) {
            std::fprintf(stderr, "reader %d: vintage %lld shows %zu values, its batches hold %lld\n", r,
                         static_cast<long long>(p.vintage.batch), p.panel.count_present(), static_cast<long long>(expected));
            code = 2;
          }
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "reader %d: %s\n", r, e.what());
        code = 3;
      }
      ::_exit(code);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0, "child " << pid);
  }
  Store s(path);
  const auto all = s.batches();
  BOOST_TEST(all.size() == static_cast<std::size_t>(writers * batches_each + 1));  // no batch lost or doubled
  std::set<std::string> files;
  for (const BatchInfo& b : all) files.insert(b.source_file);
  BOOST_TEST(files.size() == all.size());
  BOOST_TEST(count_observations(path) == writers * batches_each * rows_per_batch + 1);
  BOOST_TEST(s.panel().panel.count_present() == static_cast<std::size_t>(writers * batches_each * rows_per_batch + 1));
}

BOOST_AUTO_TEST_CASE(a_process_killed_mid_import_leaves_before_or_after) {
  const auto dir = scratch("killed");
  const std::string path = create_store(dir);
  // A batch of 15 years x 22 variables x 21 regions (6,930 values); kills spread over the time
  // an uninterrupted import takes, so most land inside it.
  const Panel bundled = io::read_panel_csv(data_dir + "panel-illustrative.csv");
  auto big = [&](int trial) {
    std::vector<SubmittedValue> rows;
    for (int y = 2010; y <= 2024; ++y)
      for (const std::string& v : bundled.variables())
        for (const std::string& c : bundled.regions()) rows.push_back(value(c, v, y, trial + 1, ObservationStatus::estimated));  // within every range
    for (auto& r : rows) r.note = "trial " + std::to_string(trial);
    return submission("big.csv", std::move(rows), std::to_string(trial));
  };
  // Child: opens the store, says so through the pipe, imports; exit 0 only when committed.
  auto start = [&](const Submission& sub, int* ready_fd) {
    int ready[2];
    BOOST_REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(ready[0]);
      Store s(path);
      const char go = 'g';
      if (::write(ready[1], &go, 1) != 1) ::_exit(2);
      ::_exit(s.import_batch(sub).outcome == ImportOutcome::committed ? 0 : 3);
    }
    ::close(ready[1]);
    char go = 0;
    BOOST_REQUIRE(::read(ready[0], &go, 1) == 1);
    *ready_fd = ready[0];
    return pid;
  };
  int fd = -1;
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t timed = start(big(50), &fd);
  int status = 0;
  ::waitpid(timed, &status, 0);
  ::close(fd);
  BOOST_REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const auto full = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
  int before_count = 0, after_count = 0;
  for (int trial = 0; trial < 8; ++trial) {
    const auto batches_before = Store(path).batches().size();
    const std::string hash_before = Store(path).panel().vintage.content_hash;
    const Submission sub = big(trial);
    const pid_t pid = start(sub, &fd);
    std::this_thread::sleep_for(full * (trial + 1) / 7);  // the last ones after the commit
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    ::close(fd);
    Store s(path);
    const auto now = s.batches();
    BOOST_TEST((now.size() == batches_before || now.size() == batches_before + 1));
    if (now.size() == batches_before + 1) {
      ++after_count;
      BOOST_TEST(now.back().n_rows == static_cast<std::int64_t>(sub.rows.size()));
      BOOST_TEST(count_observations(path, "batch = " + std::to_string(now.back().id)) == now.back().n_rows);
    } else {
      ++before_count;
      BOOST_TEST(s.panel().vintage.content_hash == hash_before);  // exactly as before
    }
    std::int64_t rows = 0;
    for (const auto& b : now) rows += b.n_rows;
    BOOST_TEST(count_observations(path) == rows);
    BOOST_TEST(raw_sql(path, "PRAGMA integrity_check").first == SQLITE_OK);
  }
  BOOST_TEST_MESSAGE("killed imports (uninterrupted: " << full.count() << " us): " << before_count << " left the store as before, " << after_count << " as after");
}

BOOST_AUTO_TEST_CASE(the_schema_version_is_recorded) {
  const auto dir = scratch("schema");
  const std::string path = create_store(dir);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  sqlite3_step(st);
  BOOST_TEST(sqlite3_column_int(st, 0) == Store::schema_version);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  sqlite3_step(st);
  BOOST_TEST(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

BOOST_AUTO_TEST_SUITE_END()
