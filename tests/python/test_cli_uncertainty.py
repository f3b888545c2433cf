"""`countyleap uncertainty` and `countyleap sensitivity`, run as `python3 -m countyleap ...` in a
subprocess (the pattern of test_cli.py): the exact command of issue 5, the CSV, the parameter log
and the sidecar JSON against the Python API, tier probabilities with a plan's goals, and errors."""

import csv
import json
import math

import numpy as np
import pandas as pd
import pytest

import countyleap as cl
from test_cli import assert_one_line_error, run


@pytest.fixture()
def issue_tree(tmp_path, source_dir):
    """A folder laid out like the source tree (tests/data/asem, bench) holding links to the files
    the issue's command names, so that the command runs exactly as written without writing into
    the source tree."""
    (tmp_path / "tests" / "data").mkdir(parents=True)
    (tmp_path / "tests" / "data" / "asem").symlink_to(source_dir / "tests" / "data" / "asem")
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "asem_uncertainty.json").symlink_to(source_dir / "bench" / "asem_uncertainty.json")
    return tmp_path


def read_csv(path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def number(cell: str) -> float:
    return math.nan if cell == "" else float(cell)


def test_the_issue_command(issue_tree, tables, source_dir):
    result = run("uncertainty", "--data", "tests/data/asem/ASEM_iData.csv", "--framework",
                 "tests/data/asem/ASEM_iMeta.csv", "--spec", "bench/asem_uncertainty.json", "-o", "out.csv",
                 cwd=issue_tree)
    assert result.returncode == 0, result.stderr
    # the issue's spec varies min-max [1, 100] against z-scores (10, 2): one line names the score
    # statistics that mix scales (no tier scheme, so no tier line)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "countyleap uncertainty: warning: score statistics (the mean and quantiles of the score) average scores on "
        "different scales (normalise: minmax [1, 100] / zscore (mean 10, sd 2)): read the rank statistics, which are "
        "unaffected, or vary only alternatives of one scale"]
    header, rows = read_csv(issue_tree / "out.csv")
    assert header == ["code", "nominal", "mean", "median", "q5", "q95"]
    expected = cl.uncertainty(tables.panel, tables.framework, source_dir / "bench" / "asem_uncertainty.json",
                              regions=tables.regions).summary
    assert [r[0] for r in rows] == list(expected.index)
    # full precision: the very doubles of the Python API (the result does not depend on threads)
    assert [int(r[1]) for r in rows] == list(expected["nominal_rank"])
    written = np.array([[number(c) for c in r[2:]] for r in rows])
    assert np.array_equal(written, expected[["mean_rank", "median_rank", "q5_rank", "q95_rank"]].to_numpy())

    params = pd.read_csv(issue_tree / "out.params.csv", index_col="replication")
    assert params.shape == (1000, 4)
    assert list(params.columns) == ["treat.winmax", "normalise", "weights", "aggregate.method"]
    assert set(params["treat.winmax"]) == {1, 2, 3, 4, 5} and params["weights"].between(0, 99).all()
    assert {json.loads(c)["method"] for c in params["normalise"]} == {"minmax", "zscore"}

    record = json.loads((issue_tree / "out.csv.json").read_text(encoding="utf-8"))
    assert record["version"] == cl.__version__
    assert (record["node"], record["year"], record["replications"], record["succeeded"], record["failed"]) == \
        ("Index", 2018, 1000, 1000, 0)
    assert record["parameters"] == "out.params.csv" and record["failures"] == []
    assert record["spec"] == cl.UncertaintySpec(source_dir / "bench" / "asem_uncertainty.json").to_dict()
    assert record["spec_file"] == "bench/asem_uncertainty.json"
    assert set(record["columns"]) == set(header) and "rank" in record["columns"]["nominal"]
    scores = pd.DataFrame(record["scores"]).set_index("code")
    assert list(scores.columns) == ["nominal", "mean", "q5", "q50", "q95", "n_scored"]
    assert np.array_equal(scores["q50"].to_numpy(), expected["q50_score"].to_numpy())
    assert np.array_equal(scores["nominal"].to_numpy(), expected["nominal_score"].to_numpy())


def test_tier_probabilities_and_plan_goals(tmp_path, source_dir):
    """The bundled Shijiazhuang plan (illustrative panel): its tier scheme A >= 80, B >= 60, C and
    its units' 2022 goals; the weights varied."""
    folder = source_dir / "data" / "shijiazhuang"
    spec = {"pipeline": json.loads((folder / "spec.json").read_text(encoding="utf-8")),
            "vary": [{"path": "weights", "noise": 0.3, "levels": [1, 2], "sets": 50}],
            "replications": 200, "seed": 3}
    (tmp_path / "ua.json").write_text(json.dumps(spec), encoding="utf-8")
    args = ["uncertainty", "--data", folder / "panel-illustrative.csv", "--framework", folder / "framework.json",
            "--regions", folder / "regions.json", "--spec", "ua.json", "--plan", folder / "plan.json",
            "--threads", "1", "-o", "tiers.csv"]
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, rows = read_csv(tmp_path / "tiers.csv")
    assert header == ["code", "nominal", "mean", "median", "q5", "q95", "p_A", "p_B", "p_C", "p_goal"]
    assert len(rows) == 21
    probabilities = np.array([[number(c) for c in r[6:9]] for r in rows])
    assert np.allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    # p_goal is the share at the goal tier or better: p_A for an A goal, p_A + p_B for B, 1 for C
    plan = cl.io.read_plan_json(folder / "plan.json")
    goals = {g.code: g.tier for g in plan.goals if g.evaluation_year == 2022}
    assert len(goals) == 21
    for r, p in zip(rows, probabilities):
        reach = {"A": p[0], "B": p[0] + p[1], "C": 1.0}[goals[r[0]]]
        assert abs(number(r[9]) - reach) < 1e-12
    record = json.loads((tmp_path / "tiers.csv.json").read_text(encoding="utf-8"))
    assert record["tiers"] == ["A", "B", "C"] and record["goals"] == goals and record["year"] == 2022
    assert record["spec"]["tiers"]["rule"] == "fixed"  # the plan's scheme, written into the spec run
    # a year without goals
    assert_one_line_error(run(*args, "--goal-year", "2023", cwd=tmp_path), 1, "plan.json", "no goals for 2023",
                          "2021, 2022, 2025")


def test_sensitivity_command(tmp_path, asem_dir, source_dir):
    result = run("sensitivity", "--data", asem_dir / "ASEM_iData.csv", "--framework", asem_dir / "ASEM_iMeta.csv",
                 "--spec", source_dir / "bench" / "asem_uncertainty.json", "-o", "sa.csv", "--n", "24",
                 "--bootstrap", "10", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, rows = read_csv(tmp_path / "sa.csv")
    assert header == ["factor", "first", "first_lo", "first_hi", "total", "total_lo", "total_hi"]
    assert [r[0] for r in rows] == ["treat.winmax", "normalise", "weights", "aggregate.method"]
    assert all(math.isfinite(number(c)) for r in rows for c in r[1:])
    record = json.loads((tmp_path / "sa.csv.json").read_text(encoding="utf-8"))
    assert (record["target"], record["samples"], record["runs"], record["bootstrap"]) == \
        ("mean_abs_rank_change", 24, 144, 10)
    assert record["nominal"] == 0.0 and record["failures"] == [] and record["version"] == cl.__version__
    assert record["spec"]["replications"] == 1000
    assert_one_line_error(run("sensitivity", "--data", asem_dir / "ASEM_iData.csv", "--framework",
                              asem_dir / "ASEM_iMeta.csv", "--spec", source_dir / "bench" / "asem_uncertainty.json",
                              "-o", "x.csv", "--target", "rank", "--n", "4", cwd=tmp_path), 1, "needs region")


def test_errors(tmp_path, asem_dir):
    idata, imeta = asem_dir / "ASEM_iData.csv", asem_dir / "ASEM_iMeta.csv"
    assert_one_line_error(run("uncertainty", "--data", idata, "--framework", imeta, "-o", "o.csv", cwd=tmp_path), 2,
                          "--spec")
    bad = tmp_path / "bad.json"
    bad.write_text('{"pipeline": {}, "vary": [{"path": "treat.winmix", "values": [1]}]}', encoding="utf-8")
    assert_one_line_error(run("uncertainty", "--data", idata, "--framework", imeta, "--spec", bad, "-o", "o.csv",
                              cwd=tmp_path), 1, "bad.json", "/vary/0/path", "treat.winmix")
    assert_one_line_error(run("uncertainty", "--data", idata, "--framework", imeta, "--spec", tmp_path / "none.json",
                              "-o", "o.csv", cwd=tmp_path), 1, "none.json")
    assert not (tmp_path / "o.csv").exists()
    help_text = run("uncertainty", "--help").stdout
    assert "RANKS" in help_text and "OUT.params.csv" in help_text and "SCORE quantiles" in help_text


def test_dataset_form_is_the_files_form(tmp_path, source_dir):
    """Issue 10: `countyleap uncertainty --dataset shijiazhuang --spec S.json -o u.csv` works (it
    exited 2) and gives what the files (with the dataset's plan and regions) give."""
    folder = source_dir / "data" / "shijiazhuang"
    spec = {"pipeline": json.loads((folder / "spec.json").read_text(encoding="utf-8")),
            "vary": [{"path": "weights", "noise": 0.3, "levels": [1, 2], "sets": 20}],
            "replications": 40, "seed": 5}
    (tmp_path / "S.json").write_text(json.dumps(spec), encoding="utf-8")
    by_name = run("uncertainty", "--dataset", "shijiazhuang", "--spec", "S.json", "--threads", "1", "-o", "u.csv",
                  cwd=tmp_path)
    assert by_name.returncode == 0, by_name.stderr
    by_files = run("uncertainty", "--data", folder / "panel-illustrative.csv", "--framework", folder / "framework.json",
                   "--regions", folder / "regions.json", "--plan", folder / "plan.json", "--spec", "S.json",
                   "--threads", "1", "-o", "files.csv", cwd=tmp_path)
    assert by_files.returncode == 0, by_files.stderr
    assert (tmp_path / "u.csv").read_bytes() == (tmp_path / "files.csv").read_bytes()
    header, rows = read_csv(tmp_path / "u.csv")
    assert header == ["code", "nominal", "mean", "median", "q5", "q95", "p_A", "p_B", "p_C", "p_goal"]
    assert len(rows) == 21
    record = json.loads((tmp_path / "u.csv.json").read_text(encoding="utf-8"))
    assert record["dataset"].endswith("shijiazhuang") and record["spec_file"] == "S.json"
    assert record["replications"] == 40 and record["year"] == 2022
    # --dataset and the files together is bad usage
    assert_one_line_error(run("uncertainty", "--dataset", "shijiazhuang", "--data", folder / "panel-illustrative.csv",
                              "--spec", "S.json", "-o", "x.csv", cwd=tmp_path), 2, "--dataset", "--data")


def test_cli_uncertainty_prints_the_scale_warning_and_records_it(tmp_path):
    out = tmp_path / "ua.csv"
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"pipeline": {}, "replications": 20, "vary": [
        {"path": "normalise", "values": [{"method": "minmax", "range": [1, 100]},
                                         {"method": "zscore", "mean": 10, "sd": 2}]}]}), encoding="utf-8")
    done = run("uncertainty", "--dataset", "shijiazhuang", "--spec", spec, "-o", out)
    assert done.returncode == 0, done.stderr
    lines = [l for l in done.stderr.splitlines() if "warning:" in l]
    # the dataset's plan brings the 80/60 cut-offs: both statistics are named, one line each
    assert len(lines) == 2 and "tier probabilities" in lines[0] and "score statistics" in lines[1]
    record = json.loads(out.with_name("ua.csv.json").read_text(encoding="utf-8"))
    assert len(record["warnings"]) == 2
