#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the main job on the
# bundled Shijiazhuang data the way the bureau would (issue 12): a database (out/leap.db) made
# from the bundled regions, framework and plan; one Excel workbook per county and year generated
# (out/templates), filled from the bundled panel as each county would (out/filled), and imported,
# each checked against the validation rules and committed as one batch; then the 2022 bulletin
# written from the database (scores, tiers against the plan, goal statuses, warnings, per-county
# weak spots, benchmarks and leap paths, the data's vintage) as out/report.html and out/report.md.
# The bundled panel is illustrative (invented values), and the bulletin says so on every page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
export PYTHONPATH=$PWD/build/python
countyleap() { /usr/bin/python3 -m countyleap "$@"; }
rm -rf out/leap.db out/leap.db-wal out/leap.db-shm out/templates out/filled
mkdir -p out
countyleap db init --db out/leap.db --dataset shijiazhuang
for year in 2019 2020 2021 2022; do
  countyleap db template --db out/leap.db --all --year "$year" -o out/templates
done
/usr/bin/python3 scripts/fill_templates.py out/templates out/filled
countyleap db import --db out/leap.db out/filled/*.xlsx --by "county statistics offices (illustrative)" >out/import.log
tail -n 1 out/import.log
countyleap db status --db out/leap.db --year 2022 -o out/status-2022.csv
countyleap report --db out/leap.db --year 2022 -o out/report.html
