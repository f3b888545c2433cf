#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the main job on the
# bundled Shijiazhuang data the way the bureau would (issue 12):
#   1. a database, out/leap.db, from the bundled regions, framework and plan (and its flag: the
#      panel is illustrative);
#   2. the bureau's archive (the bundled panel's 2019-2021) imported as one batch from CSV;
#   3. one Excel workbook per county for 2022 (out/templates), filled from the bundled panel as
#      each county would (out/filled), and imported: each checked against the validation rules
#      and committed as one batch;
#   4. who submitted what (out/status-2022.csv), and the 2022 bulletin written from the database
#      (scores, tiers against the plan, goal statuses, warnings, per-county weak spots, benchmarks
#      and leap paths, the data's vintage) as out/report.html and out/report.md.
# The bundled panel is illustrative (invented values), and the bulletin says so on every page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
export PYTHONPATH=$PWD/build/python
countyleap() { /usr/bin/python3 -m countyleap "$@"; }
year=2022
rm -rf out/leap.db out/leap.db-wal out/leap.db-shm out/templates out/filled out/archive.csv
mkdir -p out
countyleap db init --db out/leap.db --dataset shijiazhuang
/usr/bin/python3 scripts/play_counties.py history "$year" out/archive.csv
countyleap db import --db out/leap.db out/archive.csv --by "bureau archive (illustrative)" >out/import.log
countyleap db template --db out/leap.db --all --year "$year" -o out/templates
/usr/bin/python3 scripts/play_counties.py fill out/templates out/filled
countyleap db import --db out/leap.db out/filled/*.xlsx --by "county statistics offices (illustrative)" >>out/import.log
grep -c '^imported ' out/import.log | xargs printf 'batches imported: %s\n'
countyleap db status --db out/leap.db --year "$year" -o "out/status-$year.csv"
countyleap report --db out/leap.db --year "$year" -o out/report.html
