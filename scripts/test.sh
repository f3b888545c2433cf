#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test (C++ unit
# tests, Python tests, examples, the packaging test and the zero-warning docs build) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash scripts/build.sh --with-browser
# The browser was installed above, so the bulletin's render test must run, not skip.
COUNTYLEAP_REQUIRE_BROWSER=1 ctest --test-dir build --output-on-failure -j2
echo "scripts/test.sh: all tests passed in $((SECONDS - start)) s"
