// Times the long-layout panel CSV writer and reader on a province-sized panel: 2,850 regions x
// 60 variables x 10 years (1.71 M values), seeded so every run writes the same file. Checks that
// reading gives back an equal panel and prints wall times and the peak resident set size.
//
// Usage: bench_csv_io [output.csv]   (default: a file in the temporary folder, removed after)

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "countyleap/io/csv.hpp"
#include "countyleap/panel.hpp"
#include "national_codes.hpp"

using namespace countyleap;

namespace {

constexpr int n_regions = 2850, n_variables = 60, first_year = 2014, last_year = 2023;

// 2,850 distinct GB/T 2260 codes: province prefixes x city 01-09 x county 01-10, shuffled.
std::vector<std::string> make_codes(std::mt19937_64& rng) {
  std::vector<std::string> codes = bench::national_codes();
  std::shuffle(codes.begin(), codes.end(), rng);
  codes.resize(n_regions);
  return codes;
}

// Statistics-like values: most with two decimals (e.g. 8123.45), one in five a full-precision
// double that needs all 17 digits, so both short and long number texts are timed.
Panel make_panel() {
  std::mt19937_64 rng(20240601);
  std::vector<std::string> vars;
  char buf[16];
  for (int v = 0; v < n_variables; ++v) {
    std::snprintf(buf, sizeof buf, "var_%02d", v);
    vars.emplace_back(buf);
  }
  Panel p(make_codes(rng), vars, first_year, last_year);
  std::lognormal_distribution<double> magnitude(7.0, 2.0);
  std::uniform_int_distribution<int> kind(0, 4);
  for (Panel::Index t = 0; t < p.n_years(); ++t) {
    auto year = p.year(t);
    for (Panel::Index v = 0; v < p.n_variables(); ++v)
      for (Panel::Index r = 0; r < p.n_regions(); ++r) {
        const double x = magnitude(rng);
        year(r, v) = kind(rng) == 0 ? x : std::round(x * 100) / 100;
      }
  }
  p.set_comments({"Synthetic benchmark panel (seed 20240601), not statistics."});
  return p;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const bool keep = argc > 1;
  const fs::path file = keep ? fs::path(argv[1]) : fs::temp_directory_path() / "countyleap_bench_panel.csv";

  auto t0 = std::chrono::steady_clock::now();
  const Panel panel = make_panel();
  const double t_make = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  const std::string text = io::format_panel_csv(panel);
  const double t_format = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  io::write_panel_csv(panel, file.string());
  const double t_write = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  const Panel back = io::read_panel_csv(file.string());
  const double t_read = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  const Panel parsed = io::parse_panel_csv(text);
  const double t_parse = seconds_since(t0);

  const bool equal = back == panel && parsed == panel;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("panel: %d regions x %d variables x %d years = %zu values; file %.1f MB (%s)\n", n_regions, n_variables,
              last_year - first_year + 1, panel.count_present(), static_cast<double>(text.size()) / 1e6,
              file.string().c_str());
  std::printf("generate        %7.3f s\n", t_make);
  std::printf("format (memory) %7.3f s\n", t_format);
  std::printf("write (file)    %7.3f s\n", t_write);
  std::printf("read (file)     %7.3f s\n", t_read);
  std::printf("parse (memory)  %7.3f s\n", t_parse);
  std::printf("peak RSS        %7.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::printf("round trip      %s\n", equal ? "equal" : "NOT EQUAL");
  if (!keep) fs::remove(file);
  return equal ? 0 : 1;
}
