#!/usr/bin/env bash
# Installs what is missing (Debian packages only), then configures and builds countyleap in
# build/ with the developer build of the README. Arguments are passed to scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3 \
      -DCOUNTYLEAP_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build -j2
