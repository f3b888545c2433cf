// The store at national scale: 2,850 regions x 60 variables x 10 years (1.71 M values). Writes a
// seeded long CSV, creates a store for those regions and variables, imports the CSV as one batch
// (read, validate with the default rules, insert, commit), reads panel() back and checks it
// equals the generated panel bit for bit, adds a one-value revision and reads the first vintage
// again. Prints one JSON object (seconds, bytes, peak RSS); bench/bench_store.py runs it and the
// pandas baseline on the same CSV in one run.
//
// Usage: bench_store CSV DB   (both files are overwritten)

#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "countyleap/io/csv.hpp"
#include "countyleap/store.hpp"
#include "national_codes.hpp"

using namespace countyleap;

namespace {

constexpr int n_regions = 2850, n_variables = 60, first_year = 2014, last_year = 2023;

// 2,850 distinct GB/T 2260 district codes (county part 01-10): province prefixes x city 01-09 x
// county 01-10, in that order, the first 2,850.
std::vector<std::string> make_codes() {
  std::vector<std::string> codes = bench::national_codes();
  codes.resize(n_regions);
  return codes;
}

// Statistics-like series: a log-normal level in the first year, then growth of about 5 % a year
// with 10 % noise, two decimals (a county's figures move, they do not jump threefold: the
// year-on-year rule flags almost nothing, as with real submissions).
Panel make_panel(const std::vector<std::string>& codes, const std::vector<std::string>& vars) {
  std::mt19937_64 rng(20221203);
  Panel p(codes, vars, first_year, last_year);
  std::lognormal_distribution<double> level(7.0, 2.0);
  std::normal_distribution<double> growth(0.05, 0.10);
  for (Panel::Index v = 0; v < p.n_variables(); ++v)
    for (Panel::Index r = 0; r < p.n_regions(); ++r) {
      double x = level(rng);
      for (Panel::Index t = 0; t < p.n_years(); ++t) {
        p.set(r, v, t, std::round(x * 100) / 100);
        x *= std::exp(growth(rng));
      }
    }
  return p;
}

// The process's peak resident memory in MB: VmHWM of /proc/self/status, which starts afresh at
// exec (getrusage's ru_maxrss keeps the parent's peak across fork and exec, so a run started by
// a Python script that has just held pandas' 790 MB would report those).
double peak_rss_mb() {
  std::ifstream status("/proc/self/status");
  std::string key;
  double kb = 0;
  while (status >> key) {
    if (key == "VmHWM:") {
      status >> kb;
      break;
    }
  }
  return kb / 1024.0;
}

// Wall and CPU seconds of a phase: on a shared machine the CPU time is the steadier figure.
struct Clock {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t cpu = std::clock();
  double wall_s() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double cpu_s() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_store CSV DB\n");
    return 2;
  }
  const std::string csv = argv[1], db = argv[2];
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);

  const std::vector<std::string> codes = make_codes();
  std::vector<std::string> vars;
  char buf[16];
  for (int v = 0; v < n_variables; ++v) {
    std::snprintf(buf, sizeof buf, "var_%02d", v);
    vars.emplace_back(buf);
  }
  const Panel panel = make_panel(codes, vars);
  io::write_panel_csv(panel, csv);

  StoreInit init;
  std::vector<Region> regions;
  for (const std::string& c : codes) regions.push_back(Region{c, "", "", RegionKind::district, "", 0, 0, true, "", {}});
  init.regions = RegionSet(regions);
  std::vector<Variable> variables;
  std::vector<Indicator> indicators;
  std::vector<Node> nodes;
  for (const std::string& v : vars) {
    variables.push_back(Variable{v, "", v, "万元", ValidRange{0, INFINITY}, ""});
    Indicator ind;
    ind.id = v;
    indicators.push_back(ind);
    nodes.push_back(Node{v, "", "", "index", 1.0, "", ""});
  }
  nodes.push_back(Node{"index", "", "", "", 1.0, "", ""});
  init.framework = Framework(variables, indicators, nodes, FrameworkInfo{"bench", "", "", "synthetic"});
  init.info.name = "bench";
  init.info.illustrative = true;
  Store::create(db, init);

  // In a block: the last connection to close checkpoints the write-ahead log into the file.
  double t_read = 0, t_import = 0, cpu_import = 0, t_panel = 0, cpu_panel = 0, t_panel_as_of = 0;
  bool equal = false, vintage_equal = false;
  std::int64_t flagged = 0;
  {
  Store store(db);
  Clock c;
  const Submission sub = submission_from_csv(csv, io::CsvLayout::long_table, "bench");
  t_read = c.wall_s();
  const ImportResult r = store.import_batch(sub);
  t_import = c.wall_s();
  cpu_import = c.cpu_s();
  if (r.outcome != ImportOutcome::committed) {
    std::fprintf(stderr, "%s\n%s", r.message.c_str(), r.report.text().c_str());
    return 1;
  }

  c = Clock();
  StorePanel latest = store.panel();
  t_panel = c.wall_s();
  cpu_panel = c.cpu_s();
  latest.panel.set_comments(panel.comments());
  equal = latest.panel == panel;
  flagged = r.n_flagged;

  Submission revision;
  revision.source_file = "revision.csv";
  revision.source_sha256 = sha256_hex("revision");
  revision.submitted_by = "bench";
  SubmittedValue v;
  v.code = codes[0];
  v.variable = vars[0];
  v.year = last_year;
  v.value = panel(0, 0, panel.n_years() - 1) * 1.01;
  v.status = ObservationStatus::revised;
  revision.rows = {v};
  store.import_batch(revision);
  c = Clock();
  const StorePanel first = store.panel("1");
  t_panel_as_of = c.wall_s();
  vintage_equal = first.vintage.content_hash == latest.vintage.content_hash;
  }

  std::int64_t db_bytes = static_cast<std::int64_t>(fs::file_size(db));
  if (fs::exists(db + "-wal")) db_bytes += static_cast<std::int64_t>(fs::file_size(db + "-wal"));
  std::printf(
      "{\"values\": %zu, \"flagged\": %lld, \"csv_bytes\": %lld, \"db_bytes\": %lld, \"read_csv_s\": %.3f, "
      "\"import_s\": %.3f, \"import_cpu_s\": %.3f, \"panel_s\": %.3f, \"panel_cpu_s\": %.3f, \"panel_as_of_s\": %.3f, "
      "\"peak_rss_mb\": %.1f, \"panel_equal\": %s, \"vintage_equal\": %s}\n",
      panel.count_present(), static_cast<long long>(flagged), static_cast<long long>(fs::file_size(csv)),
      static_cast<long long>(db_bytes), t_read, t_import, cpu_import, t_panel, cpu_panel, t_panel_as_of, peak_rss_mb(),
      equal ? "true" : "false", vintage_equal ? "true" : "false");
  return equal && vintage_equal ? 0 : 1;
}
