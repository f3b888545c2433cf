#!/usr/bin/env bash
# The sanitizer part of the test command (issue 15): two builds beside build/, each of the
# library and the C++ tests only (no Python, examples or docs), at -O1, through ccache when it is
# installed. A sanitizer report stops the program (-fno-sanitize-recover=all), so it fails its test.
#   build-fuzz  clang, AddressSanitizer + UBSan + libFuzzer's coverage (COUNTYLEAP_FUZZ): the whole
#               C++ suite (cpp.*), the C interface's test (c.*) and one replay of every fuzz
#               corpus (label fuzz).
#   build-tsan  gcc, ThreadSanitizer (COUNTYLEAP_TSAN): the threaded paths, i.e. the uncertainty,
#               sensitivity and pipeline suites (the Monte Carlo, Sobol and evaluate_years runs on
#               several threads), the C test (two threads evaluating one dataset; its fixture
#               imports into a store) and the store's import cases (a large CSV parsed in two
#               halves, the rules judging while the rows are laid out).
# Usage: scripts/sanitize.sh            both builds and their tests
#        scripts/sanitize.sh fuzz-build configure and build build-fuzz's fuzz targets only (fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
# -O1 with line tables only (-g1 for gcc): stack traces name file and line at a small cost.
common=(-G Ninja -DCMAKE_BUILD_TYPE=Debug -DCOUNTYLEAP_WARNINGS_AS_ERRORS=ON
        -DCOUNTYLEAP_BUILD_PYTHON=OFF -DCOUNTYLEAP_BUILD_EXAMPLES=OFF -DCOUNTYLEAP_BUILD_DOCS=OFF
        -DCOUNTYLEAP_INSTALL=OFF)
if command -v ccache >/dev/null; then
  common+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build-fuzz "${common[@]}" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
      "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_DEBUG=-O1 -gline-tables-only" \
      -DCOUNTYLEAP_FUZZ=ON >/dev/null
if [[ ${1:-} == fuzz-build ]]; then
  cmake --build build-fuzz -j2 --target fuzz_all
  exit 0
fi
cmake --build build-fuzz -j2
ctest --test-dir build-fuzz -L '^(cpp|c|fuzz)$' -j2 --output-on-failure
echo "scripts/sanitize.sh: ASan+UBSan build and tests done at $((SECONDS - start)) s"

cmake -S . -B build-tsan "${common[@]}" "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" \
      -DCOUNTYLEAP_TSAN=ON >/dev/null
cmake --build build-tsan -j2 --target countyleap_tests_uncertainty countyleap_tests_engine countyleap_tests_store test_c_api
ctest --test-dir build-tsan -R '^(cpp\.test_(uncertainty|sensitivity|pipeline)|c\.test_c_api)$' -j2 --output-on-failure
# (only these store cases: the others fork and kill processes, which ThreadSanitizer does not follow)
build-tsan/tests/countyleap_tests_store --run_test=test_store/a_large_csv_is_read_in_two_halves_as_one_reader_would:test_store/a_refused_batch_leaves_the_database_unchanged:test_store/import_then_panel_history_and_provenance
echo "scripts/sanitize.sh: sanitizer builds and tests passed in $((SECONDS - start)) s"
