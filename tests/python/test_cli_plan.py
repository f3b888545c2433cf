"""The plan commands of the command line, run as `python3 -m countyleap ...` in subprocesses (the
pattern of test_cli.py): `classify`, `plan check`, `gaps`, `warn` and `leap`, each with
`--dataset shijiazhuang` and with the `--data/--framework/--plan` files of data/shijiazhuang, and
`--year`; three broken plans; the error paths. Every number printed or written is checked against
the Python API on the same inputs.

The commands are independent, so they run once per module, together, and the tests read their
results. Most of a run is the interpreter importing pandas, so only the forms the issue names
exactly and the error paths get a `python3 -m countyleap` process of their own; the other commands
share one interpreter (`BATCH`: `python3 -m countyleap` re-run with runpy, per command its own
argv, working directory, stdout, stderr and exit status; an exception escaping the command line
is written to its stderr as a traceback, as the interpreter would).

The expected tiers are the plan table's (石政办函〔2022〕17号 §四, restated in
data/shijiazhuang/plan.json): 2020 A 8, B 4, C 9.
"""

import csv
import json
import math
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pandas as pd
import pytest

import countyleap as cl
from test_cli import assert_one_line_error, run

TIER_COLUMNS = ["code", "score", "tier", "partial_data", "margin_up", "margin_down", "tier_move", "tiers_moved",
                "score_change", "rank", "rank_change", "rank_band"]
GAP_COLUMNS = ["code", "indicator", "tier", "data_year", "target_year", "years_left", "value", "target", "gap",
               "relative_gap", "attainment", "required_growth_pct", "growth_need", "status", "direction", "unit",
               "section"]
STATUS_TEXT = {"on_track": "on track", "at_risk": "at risk", "off_track": "off track", "no_data": "no data"}


BATCH = r"""
import contextlib, io, json, os, runpy, sys, traceback
results = []
for args, cwd in json.load(sys.stdin):
    os.chdir(cwd)
    sys.argv = ["countyleap", *args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_module("countyleap", run_name="__main__", alter_sys=True)
            status = 0
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
        except BaseException:
            traceback.print_exc()
            status = 1
    results.append([status, out.getvalue(), err.getvalue()])
json.dump(results, sys.__stdout__)
"""


def run_batch(commands: dict) -> dict:
    """`python3 -m countyleap ARGS` for every (ARGS, cwd) of `commands` in one interpreter: name ->
    CompletedProcess."""
    jobs = [[[str(a) for a in args], str(cwd)] for args, cwd in commands.values()]
    done = subprocess.run([sys.executable, "-c", BATCH], input=json.dumps(jobs), capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)
    assert done.returncode == 0, done.stderr
    return {name: subprocess.CompletedProcess(["countyleap", *map(str, args)], status, out, err)
            for (name, (args, _)), (status, out, err) in zip(commands.items(), json.loads(done.stdout))}


def broken_plans(source: dict) -> dict:
    """Three ways for the bundled plan to contradict itself (the proof in plan_check.hpp):
    counts - phase 1 states A 11, B 4 (C 6) while its goals give A 10, B 5;
    drop - 长安区 130102 aims at B in 2022 after A in 2021 (a planned drop), the counts unchanged;
    unknown - 元氏县 130132's 2025 goal names the unknown code 130199."""
    counts = json.loads(json.dumps(source))
    counts["phases"][1]["tier_counts"] = {"A": 11, "B": 4, "C": 6}
    drop = json.loads(json.dumps(source))
    for goal in drop["goals"]:
        if (goal["code"], goal["evaluation_year"]) == ("130102", 2022):
            goal["tier"] = "B"
    unknown = json.loads(json.dumps(source))
    for goal in unknown["goals"]:
        if (goal["code"], goal["evaluation_year"]) == ("130132", 2025):
            goal["code"] = "130199"
    return {"counts": counts, "drop": drop, "unknown": unknown}


@pytest.fixture(scope="module")
def cli(tmp_path_factory, source_dir):
    """Every command of the module, run once, in parallel: name -> CompletedProcess; `work` is the
    folder they ran in (outputs, and the broken plans with a copy of regions.json next to them)."""
    work = tmp_path_factory.mktemp("cli_plan")
    folder = source_dir / "data" / "shijiazhuang"
    shutil.copy(folder / "regions.json", work / "regions.json")
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    for name, broken in broken_plans(plan).items():
        (work / f"{name}.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    files = ["--data", folder / "panel-illustrative.csv", "--framework", folder / "framework.json",
             "--plan", folder / "plan.json"]
    dataset = ["--dataset", "shijiazhuang"]
    own = {  # a process each: the two forms of issue 4 exactly as written, and the error paths
        "classify": (["classify", *dataset, "--year", "2020", "-o", "tiers.csv"], work),
        "plan_check": (["plan", "check", "data/shijiazhuang/plan.json"], source_dir),
        "unknown_region": (["leap", *dataset, "--region", "130199"], work),
        "unknown_dataset": (["gaps", "--dataset", "atlantis"], work),
        "missing_file": (["warn", "--data", work / "missing.csv", "--framework", folder / "framework.json",
                          "--plan", folder / "plan.json"], work),
    }
    shared = {
        "classify_files": (["classify", *files, "--year", "2020", "-o", "tiers-files.csv"], work),
        "counts": (["plan", "check", "counts.json"], work),
        "drop": (["plan", "check", "drop.json"], work),
        "unknown": (["plan", "check", "unknown.json"], work),
        "gaps": (["gaps", *dataset, "--year", "2021", "-o", "gaps.csv"], work),
        "gaps_files": (["gaps", *files, "--year", "2021", "--region", "130183"], work),
        "warn": (["warn", *dataset, "--year", "2021", "-o", "alerts.csv"], work),
        "warn_files": (["warn", *files, "--year", "2022"], work),
        "leap": (["leap", *dataset, "--region", "130183", "--year", "2022"], work),
        "leap_files": (["leap", *files, "--region", "130184", "--year", "2022"], work),
        "missing_plan": (["plan", "check", "missing.json"], work),
        "unknown_year": (["classify", *dataset, "--year", "2030"], work),
        "no_region": (["leap", *dataset], work),
    }
    with ThreadPoolExecutor(max_workers=len(own) + 1) as pool:
        batch = pool.submit(run_batch, shared)
        futures = {name: pool.submit(run, *args, cwd=cwd) for name, (args, cwd) in own.items()}
        results = {name: future.result() for name, future in futures.items()}
        results.update(batch.result())
    return SimpleNamespace(work=work, results=results)


@pytest.fixture(scope="module")
def ds():
    return cl.datasets.shijiazhuang()


def ok(cli, name: str):
    result = cli.results[name]
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result


def read_csv(path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def cell(value) -> str:
    """What the CLI writes for a value of the API's frames: full precision, '' when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value.item() if hasattr(value, "item") else value)


def fmt(x, digits: int = 2) -> str:
    """The CLI's text tables: fixed digits with thousands separators, '' when missing."""
    return "" if x is None or x is pd.NA or math.isnan(float(x)) else f"{float(x):,.{digits}f}"


# ---- classify -----------------------------------------------------------------------------------

def test_classify_the_issue_command_reproduces_the_2020_tiers(cli, ds):
    result = ok(cli, "classify")
    assert result.stdout == ""
    header, rows = read_csv(cli.work / "tiers.csv")
    assert header == TIER_COLUMNS  # code, score, tier, then margins and moves
    assert len(rows) == 21
    observed = ds.plan.observed_tiers()
    observed = observed[observed["year"] == 2020].set_index("code")["tier"].to_dict()
    assert {r[0]: r[2] for r in rows} == observed
    assert [r[2] for r in rows].count("A") == 8 and [r[2] for r in rows].count("B") == 4
    assert [r[2] for r in rows].count("C") == 9
    # the very numbers of the Python API
    expected = ds.study().tiers(year=2020).reset_index()  # the CSV has the index as its code column
    assert rows == [[cell(v) for v in r] for r in expected[TIER_COLUMNS].itertuples(index=False)]
    assert all(float(r[1]) == s for r, s in zip(rows, expected["score"]))


def test_classify_from_files_writes_the_same_table(cli):
    ok(cli, "classify_files")
    assert (cli.work / "tiers-files.csv").read_bytes() == (cli.work / "tiers.csv").read_bytes()


# ---- plan check ---------------------------------------------------------------------------------

def test_plan_check_the_issue_command_prints_the_proof(cli):
    out = ok(cli, "plan_check").stdout
    lines = [line.split() for line in out.splitlines()]
    # phase, evaluated, stated A/B/C, counted A/B/C, moves: the plan table's counts, stated and counted alike
    assert ["baseline", "(baseline)", "2020", "8/4/9", "8/4/9"] in [line[:5] for line in lines]
    for phase, year, counts, moves in (("phase1", "2021", "10/5/6", "5"), ("phase2", "2022", "12/9/0", "8"),
                                       ("phase3", "2025", "15/6/0", "3")):
        assert [phase, year, counts, counts, moves] in [line[:5] for line in lines]
    assert "counts: A 8 + 2 - 0 = 10; B 4 + 3 - 2 = 5; C 9 + 0 - 3 = 6" in out
    assert "counts: A 10 + 2 - 0 = 12; B 5 + 6 - 2 = 9; C 6 + 0 - 6 = 0" in out
    assert "counts: A 12 + 3 - 0 = 15; B 9 + 0 - 3 = 6; C 0 + 0 - 0 = 0" in out
    assert "phase1 (2021) from baseline (2020): 5 named move(s)" in out
    assert "130104  桥西区  Qiaoxi    B     ->  A" in out
    assert out.rstrip().endswith("consistent: the goals give every phase's tier counts and the named moves produce "
                                 "them (21 in-scope regions)")
    assert "Findings" not in out


def broken(cli, name: str):
    result = cli.results[name]
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"countyleap: error: {name}.json is not consistent (")
    assert "Traceback" not in result.stderr
    assert "NOT consistent: see the errors above (21 in-scope regions)" in result.stdout
    return result.stdout, lines[0]


def test_plan_check_counts_that_contradict_the_goals(cli):
    out, error = broken(cli, "counts")
    assert error.startswith("countyleap: error: counts.json is not consistent (6 errors): phase1 (2021), tier A: "
                            "the phase counts 11 but 10 in-scope region(s) have goal A: 130102 长安区, 130104 桥西区")
    assert "error: phase1 (2021), tier B: the phase counts 4 but 5 in-scope region(s) have goal B: 130121 井陉县, " \
           "130128 深泽县, 130130 无极县, 130183 晋州市, 130184 新乐市" in out
    assert "error: phase1 (2021), tier A: the moves do not produce the phase's count: baseline (2020) counts 8, + 2 " \
           "moving in (130104 桥西区, 130133 赵县) - 0 moving out (none) = 10, but the phase counts 11" in out
    assert "counts: A 8 + 2 - 0 = 10 != 11; B 4 + 3 - 2 = 5 != 4; C 9 + 0 - 3 = 6" in out


def test_plan_check_a_county_moving_down(cli):
    out, error = broken(cli, "drop")
    assert "phase2 (2022), tier A: the phase counts 12 but 11 in-scope region(s) have goal A" in error
    assert "warning: phase2 (2022): planned drop of 130102 长安区 from A (phase1 (2021)) to B" in out
    assert "error: phase2 (2022), tier A: the moves do not produce the phase's count: phase1 (2021) counts 10, + 2 " \
           "moving in (130128 深泽县, 130183 晋州市) - 1 moving out (130102 长安区) = 11, but the phase counts 12" in out
    assert "130102  长安区    Chang'an          A     ->  B" in out
    assert "Findings (6 errors, 1 warnings)" in out


def test_plan_check_an_unknown_county(cli):
    out, error = broken(cli, "unknown")
    assert "phase3 (2025): goals for 2025 name region codes not in the region set: 130199" in error
    assert "error: phase3 (2025): 1 in-scope region(s) have no goal: 130132 元氏县" in out
    assert "error: phase3 (2025), tier A: the phase counts 15 but 14 in-scope region(s) have goal A: 130102 长安区" \
        in out
    assert "Findings (3 errors, 0 warnings)" in out


# ---- gaps ---------------------------------------------------------------------------------------

def test_gaps_dataset_csv_is_the_python_table(cli, ds):
    assert ok(cli, "gaps").stdout == ""
    header, rows = read_csv(cli.work / "gaps.csv")
    assert header == GAP_COLUMNS
    expected = ds.study().target_gaps(year=2021).reset_index()
    assert set(expected["data_year"]) == {2021} and len(rows) == len(expected) > 0
    assert rows == [[cell(v) for v in r] for r in expected[GAP_COLUMNS].itertuples(index=False)]


def test_gaps_from_files_prints_the_same_numbers(cli, ds):
    lines = ok(cli, "gaps_files").stdout.splitlines()
    expected = ds.study().target_gaps(year=2021, regions=["130183"])
    met = int((expected["status"] == "met").sum())
    assert lines[0] == f"Gaps 2021: {len(expected)} region x target pairs, {met} met"
    body = [line.split() for line in lines[3:]]
    assert body == [[t for t in ["130183", "晋州市", r["indicator"], r["tier"], fmt(r["value"]), fmt(r["target"]),
                                 fmt(100 * r["attainment"], 1), fmt(r["required_growth_pct"], 1), r["status"]] if t]
                    for _, r in expected.iterrows()]
    # one year to go for the 2022 targets: the growth needed is target / value - 1
    fiscal = expected.set_index("indicator").loc["fiscal_st_exp"]
    assert fiscal["required_growth_pct"] == pytest.approx((fiscal["target"] / fiscal["value"] - 1) * 100)


# ---- warn ---------------------------------------------------------------------------------------

def test_warn_dataset_alerts_csv_is_the_python_table(cli, ds):
    assert ok(cli, "warn").stdout == ""
    header, rows = read_csv(cli.work / "alerts.csv")
    assert header == ["kind", "year", "code", "subject", "status", "reason"]
    alerts = ds.study().early_warning(year=2021).alerts
    assert rows == [[cell(v) for v in r] for r in alerts.itertuples(index=False)]
    assert {"phase", "goal", "level", "growth"} <= {r[0] for r in rows}
    assert {r[4] for r in rows} == {"at_risk", "off_track"}


def test_warn_from_files_prints_the_same_statuses(cli, ds):
    out = ok(cli, "warn_files").stdout
    warning = ds.study().early_warning(year=2022)
    assert out.startswith("Early warning on the data up to 2022 (cagr, k = 3, f = 2, m = 5)\n")
    lines = out.splitlines()
    for _, phase in warning.phases.iterrows():
        line = next(l for l in lines if l.startswith(f"  {phase['phase']}  "))
        counts = [f"{phase[f'count_{t}']}/{phase[f'target_{t}']}" for t in warning.tier_labels]
        assert line.split()[:2] == [phase["phase"], str(phase["year"])] and all(c in line.split() for c in counts)
        assert STATUS_TEXT[phase["status"]] in line and line.rstrip().endswith(phase["reason"])
    goals = warning.goals.reset_index()
    flagged = goals[goals["status"].isin(["at_risk", "off_track"])]
    assert f"Tier goals ({len(flagged)} of {len(goals)} at risk or off track)" in out
    for _, goal in flagged.iterrows():
        assert any(l.split()[:2] == [goal["code"], ds.regions[goal["code"]].name_zh] and goal["reason"] in l
                   for l in lines)
    counts = warning.targets["status"].value_counts()
    assert "Targets (" + ", ".join(f"{text} {int(counts.get(s, 0))}" for s, text in STATUS_TEXT.items()) + ")" in out


# ---- leap ---------------------------------------------------------------------------------------

def check_leap_text(out: str, path) -> None:
    lines = out.splitlines()
    assert f"score {path.score:.2f} -> {path.new_score:.2f} (tier {path.new_tier}; boundary {path.boundary:g})" \
        in lines[1]
    assert lines[2] == f"  method: {path.method}"
    start = lines.index("Changes (own units)") + 2
    printed = lines[start:start + len(path.changes)]
    for line, (_, c) in zip(printed, path.changes.iterrows()):
        assert line.split()[0] == c["indicator"]
        assert line.split()[-5:] == [fmt(c["current"]), fmt(c["new_value"]), ("+" if c["change"] > 0 else "") +
                                     fmt(c["change"]), ("+" if c["change_pct"] > 0 else "") + fmt(c["change_pct"], 1),
                                     fmt(c["points"])]
    for held in path.held:
        assert f"  {held}" in lines


def test_leap_dataset_observed_goal(cli, ds):
    # 晋州市 130183 is B in 2022 (74.00) with an A goal for 2022: the exact path to 80
    out = ok(cli, "leap").stdout
    path = ds.study().leap_path("130183", year=2022)
    assert out.startswith("Leap path  130183 晋州市 Jinzhou: tier B -> goal A (2022, observed 2022)\n")
    assert path.exact and path.feasible and round(path.score, 2) == 74.0 and len(path.changes) > 0
    check_leap_text(out, path)


def test_leap_from_files_projected_goal(cli, ds):
    # 新乐市 130184 is B in 2022 with its next goal A in 2025: projected from 2019-2022, three years of growth
    out = ok(cli, "leap_files").stdout
    path = ds.study().leap_path("130184", year=2022)
    assert (path.goal, path.year, path.years, path.projected) == ("A", 2025, 3, True)
    assert out.startswith("Leap path  130184 新乐市 Xinle: tier B -> goal A (2025, projected to 2025 from 2019–2022 "
                          "(cagr, k = 3))\n")
    assert "within growth over 3 year(s)" in out
    check_leap_text(out, path)


# ---- errors: one line, no traceback -------------------------------------------------------------

def test_errors(cli):
    r = cli.results
    assert_one_line_error(r["unknown_region"], 1, "'130199'", "region not in the scores of 2022")
    assert_one_line_error(r["unknown_dataset"], 1, "no bundled dataset 'atlantis'")
    assert_one_line_error(r["missing_file"], 1, "missing.csv", "cannot read")
    assert_one_line_error(r["missing_plan"], 1, "missing.json")
    assert_one_line_error(r["unknown_year"], 1, "'2030'", "year not in panel (2019-2022)")
    assert_one_line_error(r["no_region"], 2, "--region")
    assert not any("Traceback" in result.stderr for result in r.values())
