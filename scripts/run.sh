#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the main job on the
# bundled Shijiazhuang data: the 2022 bulletin (scores, tiers against the plan, goal statuses,
# warnings, per-county weak spots, benchmarks and leap paths) as out/report.html and out/report.md.
# The bundled panel is illustrative (invented values), and the bulletin says so on every page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
PYTHONPATH=build/python /usr/bin/python3 -m countyleap report --dataset shijiazhuang --year 2022 -o out/report.html
