#pragma once
// The national-scale benchmarks' region codes, shared by bench_csv_io and bench_store.

#include <cstdio>
#include <string>
#include <vector>

namespace bench {

/// Every district-like GB/T 2260 code province × city 01–09 × county 01–10 (34 province prefixes,
/// 3,060 codes), in that order: the benchmarks take the first 2,850 (in order or shuffled).
inline std::vector<std::string> national_codes() {
  const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                           43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  std::vector<std::string> codes;
  char buf[8];
  for (int p : provinces)
    for (int c = 1; c <= 9; ++c)
      for (int k = 1; k <= 10; ++k) {
        std::snprintf(buf, sizeof buf, "%02d%02d%02d", p, c, k);
        codes.emplace_back(buf);
      }
  return codes;
}

}  // namespace bench
