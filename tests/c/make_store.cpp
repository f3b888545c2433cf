// The store the C test opens with cl_dataset_open_db(), built through the C++ Store API (the path
// `countyleap db init` + `db import` takes) from a dataset folder: regions, framework, plan and
// metadata, then the panel in two batches: batch 1 holds the years up to 2021, batch 2 the year
// 2022. Then writes what the Store reports of those vintages (Store::batches(), Store::vintage()),
// one "key value" line each, for the C test to compare with the vintage the C interface states.
//
// Usage: make_store <dataset folder> <database file to (re)create> <vintage file to write>
// Run by CTest as the fixture c.make_store; exits 1 naming what failed.

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "countyleap/io/dataset.hpp"
#include "countyleap/store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace countyleap;

// The rows of `all` whose year is in [first, last], as a submission of their own (its own SHA-256,
// since the store refuses a second batch of the same file as a duplicate).
Submission years(const Submission& all, int first, int last) {
  Submission part = all;
  part.rows = SubmittedRows();
  for (std::size_t i = 0; i < all.rows.size(); ++i) {
    const auto row = all.rows[i];
    if (row.year < first || row.year > last) continue;
    SubmittedValue v;
    v.code = row.code;
    v.variable = row.variable;
    v.year = row.year;
    v.value = row.value;
    v.text = row.text;
    v.missing_reason = row.missing_reason;
    v.status = row.status;
    v.unit = row.unit;
    v.note = row.note;
    v.sheet = row.sheet;
    v.cell = row.cell;
    v.line = row.line;  // each stored value names its line of the panel CSV
    part.rows.push_back(v);
  }
  const std::string span = std::to_string(first) + "-" + std::to_string(last);
  part.source_file = all.source_file + " (" + span + ")";
  part.source_sha256 = sha256_hex(all.source_sha256 + " years " + span);
  return part;
}

void import(Store& store, const Submission& s) {
  const ImportResult r = store.import_batch(s);
  if (r.outcome != ImportOutcome::committed) throw validation_error("import not committed: " + r.message);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: make_store <dataset folder> <database file> <vintage file>\n");
    return 2;
  }
  const std::string folder = argv[1], db = argv[2], out = argv[3];
  try {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db + suffix);
    const io::Dataset ds = io::read_dataset(folder);
    StoreInit init;
    init.regions = ds.regions;
    init.framework = ds.framework;
    init.plan = ds.plan;
    init.info = ds.info;
    {
      Store store = Store::create(db, init);
      const Submission all = submission_from_csv((fs::path(folder) / ds.panel_file).string(), io::CsvLayout::long_table,
                                                 "tests/c/make_store");
      import(store, years(all, 2019, 2021));
      import(store, years(all, 2022, 2022));
    }  // closed: the write-ahead log is checkpointed into the file, which the C test copies
    const Store store(db);
    std::ofstream f(out);
    for (const BatchInfo& b : store.batches())
      f << "batch" << b.id << "_committed_at " << b.committed_at << "\nbatch" << b.id << "_rows " << b.n_rows << "\n";
    f << "batch1_content_hash " << store.vintage("1").content_hash << "\nlatest_content_hash "
      << store.vintage().content_hash << "\n";
    if (!f.flush()) throw io_error("cannot write", Location{out});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_store: %s\n", e.what());
    return 1;
  }
  return 0;
}
