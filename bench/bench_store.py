"""The store at national scale against pandas, in one run, on the same data.

bench_store (C++, bench/bench_store.cpp) writes a seeded long CSV of 2,850 regions x 60 variables x
10 years (1.71 M values), imports it into a countyleap store (CSV read, default rules, one batch,
commit) and reads panel() back; then this script does the same job with pandas and sqlite3: read_csv
+ DataFrame.to_sql into a fresh SQLite file, and read_sql + pivot back to a region-year x variable
table. Both sides run `--repeat` times, alternating; prints the medians (the machine is shared and
a single run can be 20 % off either way), wall and CPU seconds, the ratios, file sizes and peak
memory.

    /usr/bin/python3 bench/bench_store.py build/bench/bench_store [--dir /tmp] [--repeat 3]
"""

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time

import pandas as pd


def timed(f):
    wall, cpu = time.perf_counter(), time.process_time()
    out = f()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def pandas_job(csv: str, pdb: str) -> tuple:
    """read_csv + to_sql into a fresh file, then read_sql + pivot: (read wall, read CPU, to_sql wall,
    to_sql CPU, read back wall, read back CPU)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(pdb + suffix):
            os.remove(pdb + suffix)
    df, read_wall, read_cpu = timed(lambda: pd.read_csv(csv, comment="#", dtype={"code": str, "variable": str}))
    con = sqlite3.connect(pdb)

    def to_sql():
        df.to_sql("observation", con, index=False)
        con.commit()
    _, sql_wall, sql_cpu = timed(to_sql)

    def read_back():
        back = pd.read_sql("SELECT code, variable, year, value FROM observation", con)
        return back.pivot(index=["code", "year"], columns="variable", values="value")
    wide, pivot_wall, pivot_cpu = timed(read_back)
    con.close()
    assert wide.shape == (2850 * 10, 60), wide.shape
    return read_wall, read_cpu, sql_wall, sql_cpu, pivot_wall, pivot_cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("exe", help="the bench_store executable")
    ap.add_argument("--dir", default="/tmp", help="folder for the CSV and the two databases")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each side; medians are printed")
    args = ap.parse_args()
    csv = os.path.join(args.dir, "countyleap_bench_store.csv")
    db = os.path.join(args.dir, "countyleap_bench_store.db")
    pdb = os.path.join(args.dir, "countyleap_bench_pandas.db")

    runs, pandas_runs = [], []
    for _ in range(args.repeat):
        run = subprocess.run([args.exe, csv, db], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        runs.append(json.loads(run.stdout))
        pandas_runs.append(pandas_job(csv, pdb))
    cl = {key: statistics.median(r[key] for r in runs) if isinstance(runs[0][key], float) else runs[0][key]
          for key in runs[0]}
    cl["panel_equal"] = all(r["panel_equal"] for r in runs)
    cl["vintage_equal"] = all(r["vintage_equal"] for r in runs)
    read_wall, read_cpu, sql_wall, sql_cpu, pivot_wall, pivot_cpu = (
        statistics.median(p[k] for p in pandas_runs) for k in range(6))
    peak_pd = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"data: {cl['values']:,} values; CSV {cl['csv_bytes'] / 1e6:.1f} MB; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores; medians of {args.repeat} runs each")
    print(f"{'':34}{'countyleap':>18}{'pandas':>18}{'ratio':>9}")
    print(f"{'import (wall s)':34}{cl['import_s']:>18.3f}{read_wall + sql_wall:>18.3f}"
          f"{(read_wall + sql_wall) / cl['import_s']:>8.1f}x   (pandas: read_csv {read_wall:.3f} + to_sql {sql_wall:.3f})")
    print(f"{'import vs to_sql alone (wall s)':34}{cl['import_s']:>18.3f}{sql_wall:>18.3f}{sql_wall / cl['import_s']:>8.1f}x")
    print(f"{'import (CPU s)':34}{cl['import_cpu_s']:>18.3f}{read_cpu + sql_cpu:>18.3f}"
          f"{(read_cpu + sql_cpu) / cl['import_cpu_s']:>8.1f}x")
    print(f"{'panel / read_sql + pivot (wall s)':34}{cl['panel_s']:>18.3f}{pivot_wall:>18.3f}{pivot_wall / cl['panel_s']:>8.1f}x")
    print(f"{'panel / read_sql + pivot (CPU s)':34}{cl['panel_cpu_s']:>18.3f}{pivot_cpu:>18.3f}{pivot_cpu / cl['panel_cpu_s']:>8.1f}x")
    print(f"{'panel as of batch 1 (wall s)':34}{cl['panel_as_of_s']:>18.3f}")
    print(f"{'database file (MB)':34}{cl['db_bytes'] / 1e6:>18.1f}{os.path.getsize(pdb) / 1e6:>18.1f}"
          f"   countyleap / CSV = {cl['db_bytes'] / cl['csv_bytes']:.2f}")
    print(f"{'peak RSS (MB)':34}{cl['peak_rss_mb']:>18.1f}{peak_pd:>18.1f}")
    print(f"countyleap panel equals the generated panel bit for bit: {cl['panel_equal']}; "
          f"vintage hash reproduced after a revision: {cl['vintage_equal']}")
    for path in (csv, db, pdb):
        os.remove(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
