#!/usr/bin/env bash
# Installs what is missing (Debian packages only), then configures and builds countyleap in
# build/ with the developer build of the README. Arguments are passed to scripts/setup.sh.
# Uses ccache when it is installed (never required): a rebuild of unchanged files is then free.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "$@"
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE=/usr/bin/python3 \
      -DCOUNTYLEAP_WARNINGS_AS_ERRORS=ON "${launcher[@]}" >/dev/null
cmake --build build -j2
