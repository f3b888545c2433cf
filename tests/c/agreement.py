"""The C interface and the Python layer give the same answers on the bundled dataset.

Run by CTest (c.python_agreement): /usr/bin/python3 tests/c/agreement.py LIBCOUNTYLEAP_C TESTS_C_DATA
STORE with PYTHONPATH=<build>/python (STORE: the database the fixture c.make_store builds from the
bundled data). The JSON texts of libcountyleap_c (read here through ctypes) are
compared field by field with what countyleap.Study, countyleap.report.collect and
countyleap.uncertainty compute: the bulletin's ranking, tier counts and leap paths, the target
gaps, the early warning's statuses and the uncertainty summary; and the provenance record of a
folder and of the store at two vintages (cl_dataset_open_db) with ``Study.provenance``, with the
store's tiers as ``countyleap.Store(...).dataset(as_of=...).study()`` gives them. The C glue (goal choice, the
moves against the previous year, the counts, JSON writing) is thereby checked against the
Python code that the bulletin and the command line use. Exits 1 naming every difference.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import sys

import pandas as pd

import countyleap as cl
from countyleap import report

lib_path, test_data, store_path = sys.argv[1], sys.argv[2], sys.argv[3]
lib = ctypes.CDLL(lib_path)
lib.cl_last_error.restype = ctypes.c_char_p
lib.cl_free.argtypes = [ctypes.c_void_p]
dataset = ctypes.c_void_p()
differences: list[str] = []


def call(name: str, *args, handle=None) -> dict:
    """The JSON text of cl_<name>_json(handle or dataset, *args), parsed (and freed)."""
    out = ctypes.c_void_p()
    status = getattr(lib, f"cl_{name}_json")(handle or dataset, *args, ctypes.byref(out))
    if status != 0:
        sys.exit(f"cl_{name}_json: status {status}: {lib.cl_last_error().decode()}")
    try:
        return json.loads(ctypes.cast(out, ctypes.c_char_p).value.decode("utf-8"))
    finally:
        lib.cl_free(out)


def plain(value):
    """None for missing (None, NaN, pandas NA), else the value (numbers as float)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def compare(what: str, python, c) -> None:
    p, q = plain(python), plain(c)
    if p == "" and q is None:
        return
    if isinstance(p, float) and isinstance(q, float):
        if abs(p - q) <= 1e-9 * max(1.0, abs(p)):
            return
    elif p == q:
        return
    differences.append(f"{what}: Python {python!r}, C {c!r}")


folder = cl.datasets.directory("shijiazhuang")
if lib.cl_dataset_open(folder.encode(), ctypes.byref(dataset)) != 0:
    sys.exit(f"cl_dataset_open: {lib.cl_last_error().decode()}")
study = cl.datasets.shijiazhuang().study()

# the bulletin's data against report.collect (the Python bulletin's own numbers)
bulletin = call("bulletin", ctypes.c_int(2022))
collected = report.collect(study, year=2022)
ranking = collected.ranking.set_index("code")
compare("ranking size", len(ranking), len(bulletin["ranking"]))
for row in bulletin["ranking"]:
    expected = ranking.loc[row["code"]]
    for key in ("score", "rank", "tier", "margin_up", "margin_down", "previous_tier", "tier_move", "tiers_moved",
                "score_change", "rank_change", "rank_band", "goal", "name_zh", "name_en"):
        compare(f"ranking {row['code']} {key}", expected[key], row[key])
for expected, row in zip(collected.counts.to_dict("records"), bulletin["tier_counts"]):
    for key in ("tier", "previous", "count", "plan"):
        compare(f"tier_counts {expected['tier']} {key}", expected[key], row[key])
for code, path in collected.leaps.items():
    row = bulletin["leap_paths"][code]
    for key in ("goal", "year", "projected", "feasible", "new_score", "total_relative_change"):
        compare(f"leap {code} {key}", getattr(path, key), row[key])
    compare(f"leap {code} changes", list(path.changes["indicator"]), [c["indicator"] for c in row["changes"]])
top = {(w["code"], w["indicator"]): w["gain"] for w in bulletin["weak_spots"]["rows"] if w["rank"] <= report.WEAK_SPOTS}
compare("weak spots shown", len(collected.weak), len(top))
for _, w in collected.weak.iterrows():
    compare(f"weak spot {w['code']} {w['indicator']}", w["gain"], top.get((w["code"], w["indicator"])))

# one leap path on its own, from the 2021 data (projected to its 2022 goal)
path = study.leap_path("130129", year=2021)
leap = call("leap_path", b"130129", ctypes.c_int(2021), None, ctypes.c_int(0))
for key in ("goal", "year", "projected", "basis", "new_score", "total_relative_change", "exact"):
    compare(f"leap 130129 from 2021 {key}", getattr(path, key), leap[key])

# target gaps and the early warning's statuses
gaps = call("gaps", ctypes.c_int(2021))
frame = study.target_gaps(year=2021).reset_index()
compare("gap rows", len(frame), len(gaps["gaps"]))
for (_, expected), row in zip(frame.iterrows(), gaps["gaps"]):
    for key in ("code", "indicator", "tier", "target_year", "value", "target", "gap", "required_growth_pct", "status"):
        compare(f"gap {row['code']} {row['indicator']} {key}", expected[key], row[key])
warnings = call("warnings", ctypes.c_int(2022))
early = study.early_warning(year=2022)
for part in ("targets", "goals", "phases"):
    expected = list(getattr(early, part)["status"])
    compare(f"warning {part} statuses", expected, [row["status"] for row in warnings[part]])

# the uncertainty summary against countyleap.uncertainty with the same spec, tiers and goals
spec_file = os.path.join(test_data, "ua_weights.json")
summary = call("uncertainty", spec_file.encode(), ctypes.c_int(2022), ctypes.c_uint(1))
spec = cl.UncertaintySpec(spec_file)
spec.tiers = study.plan.tiers
goals = {g.code: g.tier for g in study.plan.goals if g.evaluation_year == 2022}
result = study.uncertainty(spec, year=2022, threads=1, goals=goals).summary
for row in summary["regions"]:
    expected = result.loc[row["code"]]
    for key in ("nominal_rank", "mean_rank", "median_rank", "q5_rank", "q95_rank", "mean_score", "p_goal"):
        compare(f"uncertainty {row['code']} {key}", expected[key], row[key])
    for label, p in row["p_tier"].items():
        compare(f"uncertainty {row['code']} p_{label}", expected[f"p_{label}"], p)

# provenance: the folder's record, then the store's at the latest batch and as of batch 1 (the
# years up to 2021), as the Python layer records them; the store's tiers as Python reads them
compare("folder provenance", study.provenance, call("dataset_provenance")["provenance"])
store = cl.Store(store_path, read_only=True)
for as_of, year in ((None, 2022), ("1", 2021)):
    handle = ctypes.c_void_p()
    if lib.cl_dataset_open_db(store_path.encode(), as_of.encode() if as_of else None, ctypes.byref(handle)) != 0:
        sys.exit(f"cl_dataset_open_db: {lib.cl_last_error().decode()}")
    try:
        stored = store.dataset(as_of=as_of).study()
        compare(f"store provenance as of {as_of!r}", stored.provenance, call("dataset_provenance", handle=handle)["provenance"])
        expected_tiers = stored.tiers(year=year)
        c_ranking = call("bulletin", ctypes.c_int(year), handle=handle)["ranking"]
        compare(f"store {as_of!r} ranking size", len(expected_tiers), len(c_ranking))
        for row in c_ranking:
            for key in ("score", "tier", "tier_move", "margin_up", "margin_down"):
                compare(f"store {as_of!r} {year} {row['code']} {key}", expected_tiers.loc[row["code"], key], row[key])
    finally:
        lib.cl_dataset_close(handle)

lib.cl_dataset_close(dataset)
if differences:
    print("\n".join(differences), file=sys.stderr)
    sys.exit(1)
print(f"C interface and Python agree: {len(bulletin['ranking'])} ranking rows, {len(collected.leaps)} leap paths, "
      f"{len(gaps['gaps'])} gaps, {len(summary['regions'])} uncertainty rows")
