// Benchmark of the uncertainty analysis (uncertainty.hpp), two cases:
//  (a) COINr's uncertainty example on the ASEM data (51 countries, 49 indicators, N = 1,000;
//      bench/asem_uncertainty.json, the spec of issue 5 as written):
//      winmax 1..5, min-max [1, 100] or z-score (10, 2), 100 noisy weight sets at levels 2 and 3,
//      arithmetic or geometric mean. COINr 1.1.14 takes about 231 s for it (shared/peers).
//  (b) a seeded synthetic case: 3,000 regions x 60 indicators (6 pillars of 10, 2 sub-indices,
//      the index), 10,000 replications varying the normalisation (min-max [1, 100] or z-score
//      (10, 2)), the weights (100 sets, noise 0.25 at levels 1, 2 and 3) and the aggregation
//      (arithmetic or geometric).
// Each case is timed end to end (model, replications, statistics) as uncertainty() runs it:
// the best and the median of --repeat runs, wall clock. With --write DIR the synthetic data,
// its spec and the C++ results are written for bench/numpy_uncertainty.py, the numpy baseline
// (bench/bench_uncertainty.py runs both and compares the results).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "countyleap/io/coinr.hpp"
#include "countyleap/io/uncertainty_spec.hpp"
#include "countyleap/uncertainty.hpp"

using namespace countyleap;

namespace {



struct Options {
  std::string asem_dir = COUNTYLEAP_BENCH_ASEM_DIR;
  std::string asem_spec = COUNTYLEAP_BENCH_ASEM_SPEC;
  int regions = 3000, indicators = 60, replications = 10000, repeat = 5;
  unsigned threads = 2;
  std::string write_dir;
  bool asem = true, synthetic = true;
};

template <class F>
std::vector<double> time_runs(int repeat, F f) {
  std::vector<double> ms;
  for (int i = 0; i < repeat; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}

void report(const char* name, const std::vector<double>& ms, const UncertaintyResult& r) {
  std::printf("%s: %zu regions, %zu replications (%zu succeeded, %zu failed), %zu leaf matrices\n", name, r.regions.size(),
              r.replications, r.succeeded, r.failures.size(), r.leaf_matrices);
  std::printf("  wall time: best %.1f ms, median %.1f ms over %zu runs\n", ms.front(), ms[ms.size() / 2], ms.size());
}

// Irwin-Hall(4) values (sum of four uniforms, bounded, near-normal), scaled per indicator.
struct Synthetic {
  Panel panel;
  Framework framework;
  Eigen::MatrixXd x;
  std::vector<int> direction;
  std::vector<double> weight;
};

Synthetic synthetic(int n, int l) {
  Synthetic s;
  std::vector<std::string> codes, vars;
  for (int i = 0; i < n; ++i) codes.push_back("R" + std::to_string(100000 + i));
  for (int j = 0; j < l; ++j) vars.push_back("x" + std::to_string(100 + j));
  s.panel = Panel(codes, vars, 2024, 2024);
  s.x.resize(n, l);
  SplitMix64 g(20240601);
  for (int j = 0; j < l; ++j)
    for (int i = 0; i < n; ++i) {
      const double v = (g.uniform() + g.uniform() + g.uniform() + g.uniform()) * (1 + j % 7) + 10 * (j % 3);
      s.x(i, j) = v;
      s.panel.set(i, j, 0, v);
    }
  std::vector<Indicator> indicators;
  std::vector<Node> nodes;
  const int pillars = 6, per = l / pillars;
  for (int j = 0; j < l; ++j) {
    Indicator ind;
    ind.id = vars[static_cast<std::size_t>(j)];
    ind.direction = j % 5 == 4 ? Direction::lower_is_better : Direction::higher_is_better;
    indicators.push_back(ind);
    s.direction.push_back(j % 5 == 4 ? -1 : 1);
    s.weight.push_back(1 + j % 3);
    nodes.push_back(Node{ind.id, "", "", "P" + std::to_string(std::min(j / per, pillars - 1) + 1), 1.0 + j % 3, "", ""});
  }
  for (int p = 1; p <= pillars; ++p) nodes.push_back(Node{"P" + std::to_string(p), "", "", p <= 3 ? "S1" : "S2", 1, "", ""});
  nodes.push_back(Node{"S1", "", "", "Index", 1, "", ""});
  nodes.push_back(Node{"S2", "", "", "Index", 1, "", ""});
  nodes.push_back(Node{"Index", "", "", "", 1, "", ""});
  s.framework = Framework({}, indicators, nodes);
  return s;
}

std::string synthetic_spec(int replications) {
  return R"({"pipeline": {"normalise": {"method": "minmax", "range": [0, 100]}, "aggregate": {"method": "arithmetic"}},
 "vary": [{"path": "normalise", "values": [{"method": "minmax", "range": [1, 100]}, {"method": "zscore", "mean": 10, "sd": 2}]},
          {"path": "weights", "noise": 0.25, "levels": [1, 2, 3], "sets": 100},
          {"path": "aggregate.method", "values": ["arithmetic", "geometric"]}],
 "replications": )" + std::to_string(replications) + R"(, "seed": 7})";
}

// Opens a file for writing or exits with a message.
std::ofstream open(const std::string& path) {
  std::ofstream f(path);
  if (!f) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  return f;
}

void write_synthetic(const std::string& dir, const Synthetic& s, const std::string& spec, const UncertaintyResult& r) {
  std::ofstream data = open(dir + "/data.csv");
  data.precision(17);
  for (Eigen::Index i = 0; i < s.x.rows(); ++i)
    for (Eigen::Index j = 0; j < s.x.cols(); ++j) data << s.x(i, j) << (j + 1 < s.x.cols() ? "," : "\n");
  std::ofstream meta = open(dir + "/meta.csv");
  meta << "direction,weight\n";
  for (std::size_t j = 0; j < s.direction.size(); ++j) meta << s.direction[j] << "," << s.weight[j] << "\n";
  open(dir + "/spec.json") << spec;
  std::ofstream out = open(dir + "/cpp_results.csv");
  out.precision(17);
  out << "region,nominal_score,nominal_rank,mean_rank,median_rank,q5_rank,q95_rank,mean_score,q5_score,median_score,q95_score\n";
  for (std::size_t i = 0; i < r.regions.size(); ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    out << r.regions[i] << "," << r.nominal_score[k] << "," << r.nominal_rank[k] << "," << r.mean_rank[k] << "," << r.median_rank[k]
        << "," << r.q5_rank[k] << "," << r.q95_rank[k] << "," << r.mean_score[k] << "," << r.q5_score[k] << ","
        << r.median_score[k] << "," << r.q95_score[k] << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--asem-dir") o.asem_dir = value();
    else if (a == "--asem-spec") o.asem_spec = value();
    else if (a == "--regions") o.regions = std::stoi(value());
    else if (a == "--indicators") o.indicators = std::stoi(value());
    else if (a == "--replications") o.replications = std::stoi(value());
    else if (a == "--threads") o.threads = static_cast<unsigned>(std::stoul(value()));
    else if (a == "--repeat") o.repeat = std::stoi(value());
    else if (a == "--write") o.write_dir = value();
    else if (a == "--only-asem") o.synthetic = false;
    else if (a == "--only-synthetic") o.asem = false;
    else {
      std::fprintf(stderr,
                   "usage: bench_uncertainty [--asem-dir DIR] [--asem-spec FILE] [--regions N] [--indicators L] [--replications N] "
                   "[--threads T] [--repeat R] [--write DIR] [--only-asem | --only-synthetic]\n");
      return 2;
    }
  }
  UncertaintyOptions options;
  options.threads = o.threads;
  options.keep_replications = false;
  std::printf("threads: %u\n", o.threads);
  if (o.asem) {
    const auto t = io::read_coinr(o.asem_dir + "/ASEM_iData.csv", o.asem_dir + "/ASEM_iMeta.csv");
    const UncertaintySpec spec = io::read_uncertainty_spec(o.asem_spec);
    UncertaintyResult r;
    const auto ms = time_runs(o.repeat, [&] { r = uncertainty(t.panel, t.framework, spec, &t.regions, options); });
    report("(a) ASEM, COINr's uncertainty example", ms, r);
    std::printf("  COINr 1.1.14: about 231 s (shared/peers/README.md): %.0fx faster\n", 231000.0 / ms[ms.size() / 2]);
  }
  if (o.synthetic) {
    const Synthetic s = synthetic(o.regions, o.indicators);
    const std::string text = synthetic_spec(o.replications);
    const UncertaintySpec spec = io::parse_uncertainty_spec(text);
    UncertaintyResult r;
    const auto ms = time_runs(o.repeat, [&] { r = uncertainty(s.panel, s.framework, spec, nullptr, options); });
    report("(b) synthetic", ms, r);
    if (!o.write_dir.empty()) write_synthetic(o.write_dir, s, text, r);
  }
  return 0;
}
