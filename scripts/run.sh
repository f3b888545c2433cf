#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the main job on the
# bundled Shijiazhuang data (for now: print the bundled plan — units, phases, tier counts, targets).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
PYTHONPATH=build/python /usr/bin/python3 -m countyleap info --dataset shijiazhuang
