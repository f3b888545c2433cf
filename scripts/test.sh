#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test (C++ unit
# tests, Python tests, examples, the packaging test and the zero-warning docs build) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash scripts/build.sh --with-browser
# The browser was installed above, so the bulletin's render test must run, not skip.
COUNTYLEAP_REQUIRE_BROWSER=1 ctest --test-dir build --output-on-failure -j2
# The sanitizer part (issue 15), two more builds of the library and the C++ tests only: the
# whole C++ suite, the C test and one replay of every fuzz corpus under ASan+UBSan (build-fuzz),
# and the threaded paths under TSan (build-tsan). All of it rather than a subset: the tests take
# 6 s (ASan+UBSan, 50 tests) and 16 s (TSan, 4 tests); the builds are what costs, measured with
# ccache cold for the changed sources, -j1 on a shared machine: 19 min (build-fuzz) and 9 min
# (build-tsan); with ccache warm, from empty build folders, the whole part takes 32 s.
bash scripts/sanitize.sh
echo "scripts/test.sh: all tests passed in $((SECONDS - start)) s"
