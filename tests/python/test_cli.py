"""The command line, run as `python3 -m countyleap ...` in a subprocess with the PYTHONPATH of the
environment (CTest sets it to <build>/python)."""

import argparse
import csv
import json
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import countyleap as cl
from conftest import FULL_EXAMPLE



def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "countyleap", *map(str, args)], capture_output=True, text=True,
                          env=dict(os.environ), cwd=cwd, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, status: int, *fragments: str) -> None:
    assert result.returncode == status
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("countyleap: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_and_version():
    result = run("--help")
    assert result.returncode == 0
    assert "info" in result.stdout and "summarise a dataset" in result.stdout
    assert run("--version").stdout.strip() == f"countyleap {cl.__version__}"
    assert run("info", "--help").returncode == 0


def test_usage_errors_exit_2():
    assert_one_line_error(run(), 2, "required")
    assert_one_line_error(run("evaluate"), 2, "required", "--output")
    # the inputs: --dataset NAME or the files (issue 10: --data is no longer required by itself)
    assert_one_line_error(run("evaluate", "-o", "x.csv"), 2, "--dataset NAME", "missing --data, --framework")
    assert_one_line_error(run("frobnicate"), 2, "invalid choice")
    assert_one_line_error(run("info"), 2, "needs a path or --dataset")
    assert_one_line_error(run("info", "x.json", "--dataset", "shijiazhuang"), 2, "one of them")
    assert_one_line_error(run("info", "notes.txt"), 2, "cannot tell what 'notes.txt' is")


def test_data_errors_exit_1(tmp_path):
    assert_one_line_error(run("info", tmp_path / "missing.json"), 1, "missing.json", "cannot read")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "countyleap.plan/1",\n "tiers": [}\n', encoding="utf-8")
    assert_one_line_error(run("info", bad), 1, "bad.json:2:")
    odd = tmp_path / "odd.json"
    odd.write_text('{"schema": "something/9"}', encoding="utf-8")
    assert_one_line_error(run("info", odd), 1, "unknown schema 'something/9'")
    deep = tmp_path / "deep.json"  # issue 15: a RecursionError traceback before
    deep.write_text('{"schema": ' + "[" * 100000 + "]" * 100000 + "}", encoding="utf-8")
    assert_one_line_error(run("info", deep), 1, "deep.json", "nested too deeply")
    csv = tmp_path / "panel.csv"
    csv.write_text("code,variable,year,value\n130102,a,2020,lots\n", encoding="utf-8")
    assert_one_line_error(run("info", csv), 1, "panel.csv:2:4", "non-numeric")
    assert_one_line_error(run("info", "--dataset", "atlantis"), 1, "atlantis")
    assert_one_line_error(run("info", tmp_path), 1, "regions.json")


def test_info_dataset_prints_the_plan():
    result = run("info", "--dataset", "shijiazhuang")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert any(l.startswith("Plan  石家庄市县域科技创新跃升计划工作方案") for l in lines)
    # units: code, names, kind, the 2020 tier (every one deduced, so marked *: issue 13), goals 2021, 2022, 2025
    assert any(l.split() == ["130102", "长安区", "Chang'an", "district", "A*", "A*", "A*", "A*"] for l in lines)
    assert any(l.split() == ["130104", "桥西区", "Qiaoxi", "district", "B*", "A", "A*", "A*"] for l in lines)
    assert any(l.split()[:8] == ["130184", "新乐市", "Xinle", "county_level_city", "C*", "B", "B*", "A"] for l in lines)
    assert any(l.strip().startswith("out of scope: 130181  辛集市  Xinji") for l in lines)
    # phases: evaluation and publication year, tier counts, and the units' goals agree
    assert any(l.split()[:7] == ["baseline", "2020", "2021", "8", "4", "9", "8/4/9"] for l in lines)
    assert any(l.split()[:7] == ["phase1", "2021", "2022", "10", "5", "6", "10/5/6"] for l in lines)
    assert any(l.split()[:7] == ["phase3", "2025", "2026*", "15", "6", "0", "15/6/0"] for l in lines)
    # indicator targets per tier and growth targets, with Chinese and English names
    # units exactly as the plan writes them (万元, 件), the English gloss beside (issue 13)
    assert any(l.split()[:8] == ["§4", "fiscal_st_exp", "万元", "10k", "yuan", "7000", "4000", "地方财政科技支出"]
               for l in lines)
    assert any(l.split()[:9] == ["§11", "patents_per_10k", "件", "patents", "per", "10,000", "residents", "12", "4"]
               for l in lines)
    assert "Indicator targets for 2022" in out and "Growth targets" in out
    assert any(l.split()[:7] == ["§4", "fiscal_st_exp", ">=", "30", "%/year", "average", "annual"] for l in lines)
    assert "Local fiscal S&T expenditure" in out


def test_info_files(source_dir):
    folder = source_dir / "data" / "shijiazhuang"
    plan = run("info", folder / "plan.json")
    assert plan.returncode == 0, plan.stderr
    # the sibling regions.json supplies the names
    assert any(l.split()[:3] == ["130133", "赵县", "Zhao"] for l in plan.stdout.splitlines())
    framework = run("info", folder / "framework.json")
    assert framework.returncode == 0
    assert "17 scored indicators of 19" in framework.stdout
    assert any(l.split()[:3] == ["input", "25", "25.0%"] for l in framework.stdout.splitlines())
    regions = run("info", folder / "regions.json")
    assert regions.returncode == 0
    assert any(l.split()[:3] == ["130182", "藁城市", "130109"] for l in regions.stdout.splitlines())
    dataset = run("info", folder)
    assert dataset.returncode == 0 and "Units (21;" in dataset.stdout


def test_info_panel(tmp_path):
    path = tmp_path / "panel.csv"
    path.write_text("# Illustrative\ncode,year,fiscal,budget\n130102,2020,1,\n130104,2020,2,3\n", encoding="utf-8")
    result = run("info", path, "--layout", "wide")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  # Illustrative" in lines
    assert any("2 regions x 2 variables x 2020-2020; 3 of 4 values present" in l for l in lines)
    assert any(l.split() == ["budget", "1/2"] for l in lines)


def test_main_in_process(capsys):
    from countyleap.cli import main
    assert main(["info"]) == 2
    assert capsys.readouterr().err == "countyleap: error: info needs a path or --dataset NAME (one of them)\n"
    with pytest.raises(SystemExit):
        main(["--help"])


# ---- evaluate ---------------------------------------------------------------------------------

def write_spec(folder, spec) -> str:
    path = folder / "SPEC.json"
    path.write_text(json.dumps(spec) if not isinstance(spec, str) else spec, encoding="utf-8")
    return "SPEC.json"


def read_scores(path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def as_number(cell: str) -> float:
    return math.nan if cell == "" else float(cell)


def test_evaluate_asem_full_example_as_given(tmp_path, asem_dir, tables):
    spec = write_spec(tmp_path, FULL_EXAMPLE)
    result = run("evaluate", "--data", asem_dir / "ASEM_iData.csv", "--framework", asem_dir / "ASEM_iMeta.csv",
                 "--spec", spec, "-o", "out.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    header, rows = read_scores(tmp_path / "out.csv")
    scores = cl.evaluate(tables.panel, tables.framework, FULL_EXAMPLE, regions=tables.regions)
    assert header == ["code", *scores.nodes]
    assert header[1] == "LPI" and header[-3:] == ["Conn", "Sust", "Index"]
    assert [r[0] for r in rows] == scores.regions
    # full precision: every value reads back to the very double the library computed
    written = np.array([[as_number(c) for c in r[1:]] for r in rows])
    assert np.array_equal(written, np.asarray(scores.values), equal_nan=True)
    record = json.loads((tmp_path / "out.csv.json").read_text(encoding="utf-8"))
    assert record["version"] == cl.__version__ and record["year"] == 2018
    assert record["spec"] == json.loads(scores.spec)
    assert record["spec"]["treat"] == {"method": "coinr", "winmax": 5, "skew": 2.0, "kurtosis": 3.5}
    log = record["log"]
    assert {"code": "LAO", "indicator": "Elec", "reason": "missing"} in log["denominator"]
    assert len(log["imputed"]) == 65 and log["dropped"] == [] and len(log["treatment"]) == 49
    assert all(isinstance(t["winsorised_high"], list) for t in log["treatment"])


def test_evaluate_plain_spec_reproduces_coinr(tmp_path, asem_dir):
    spec = write_spec(tmp_path, "{}")
    result = run("evaluate", "--data", asem_dir / "ASEM_iData.csv", "--framework", asem_dir / "ASEM_iMeta.csv",
                 "--spec", spec, "-o", "plain.csv", "--ranks", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    got = pd.read_csv(tmp_path / "plain.csv", index_col="code")
    expected = pd.read_csv(asem_dir / "asem_plain_aggregated.csv", index_col="uCode")
    assert sorted(got.index) == sorted(expected.index)
    values = got.loc[expected.index, expected.columns]
    assert np.array_equal(values.isna().to_numpy(), expected.isna().to_numpy())
    assert np.nanmax(np.abs(values.to_numpy() - expected.to_numpy())) <= 1e-9
    # --ranks: one integer rank column per node after the scores; 1 = highest, ties share the best
    assert list(got.columns[60:]) == [f"{c}_rank" for c in got.columns[:60]]
    index_rank = got["Index_rank"]
    assert index_rank.dtype.kind == "i" and index_rank.min() == 1
    assert got["Index"].idxmax() == index_rank.idxmin()
    header, _ = read_scores(tmp_path / "plain.csv")
    assert header[0] == "code"


def test_evaluate_our_formats_give_the_same_scores(tmp_path, asem_dir, tables):
    """The ASEM data written as our long and wide panel CSVs, framework.json and regions.json (the
    EurAsia_group attribute travels with the regions) give the same scores as the COINr tables."""
    tables.panel.to_csv(tmp_path / "long.csv", "long")
    tables.panel.to_csv(tmp_path / "wide.csv", "wide")
    tables.framework.to_json(tmp_path / "framework.json")
    tables.regions.to_json(tmp_path / "regions.json")
    spec = write_spec(tmp_path, FULL_EXAMPLE)
    reference = run("evaluate", "--data", asem_dir / "ASEM_iData.csv", "--framework", asem_dir / "ASEM_iMeta.csv",
                    "--spec", spec, "-o", "coinr.csv", cwd=tmp_path)
    assert reference.returncode == 0, reference.stderr
    expected = (tmp_path / "coinr.csv").read_text(encoding="utf-8")
    for data in ("long.csv", "wide.csv"):
        result = run("evaluate", "--data", data, "--framework", "framework.json", "--regions", "regions.json",
                     "--spec", spec, "-o", f"{data}.out", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"{data}.out").read_text(encoding="utf-8") == expected
    # our panel with COINr's iMeta as the framework
    result = run("evaluate", "--data", "long.csv", "--framework", asem_dir / "ASEM_iMeta.csv", "--regions",
                 "regions.json", "--spec", spec, "-o", "mixed.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mixed.csv").read_text(encoding="utf-8") == expected
    # without a spec: the plain pipeline, free codes without regions
    result = run("evaluate", "--data", "long.csv", "--framework", "framework.json", "--code-scheme", "free",
                 "--year", "2018", "-o", "plain.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    plain = pd.read_csv(tmp_path / "plain.csv", index_col="code")
    assert plain.shape == (51, 60)


def test_evaluate_errors(tmp_path, asem_dir):
    idata, imeta = asem_dir / "ASEM_iData.csv", asem_dir / "ASEM_iMeta.csv"
    assert_one_line_error(run("evaluate", "--data", tmp_path / "none.csv", "--framework", imeta, "-o",
                              tmp_path / "o.csv"), 1, "none.csv", "cannot read")
    bad = write_spec(tmp_path, '{"treat": {"method": "coinr", "winmx": 3}}')
    assert_one_line_error(run("evaluate", "--data", idata, "--framework", imeta, "--spec", bad, "-o", "o.csv",
                              cwd=tmp_path), 1, "/treat/winmx")
    assert_one_line_error(run("evaluate", "--data", idata, "--framework", tmp_path / "framework.json", "-o", "o.csv",
                              cwd=tmp_path), 2, "iMeta")
    assert_one_line_error(run("evaluate", "--data", idata, "--framework", tmp_path / "framework.yaml", "-o", "o.csv",
                              cwd=tmp_path), 2, "framework.yaml")
    assert_one_line_error(run("evaluate", "--data", idata, "--framework", imeta, "--regions", "r.json", "-o",
                              "o.csv", cwd=tmp_path), 2, "--regions")
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n", encoding="utf-8")
    assert_one_line_error(run("evaluate", "--data", odd, "--framework", imeta, "-o", "o.csv", cwd=tmp_path), 1,
                          "cannot tell the layout")
    assert_one_line_error(run("evaluate", "--data", idata, "--framework", imeta, "--year", "2017", "-o", "o.csv",
                              cwd=tmp_path), 1, "2017")
    assert not (tmp_path / "o.csv").exists()


def test_evaluate_dataset(tmp_path):
    """Issue 10: `countyleap evaluate --dataset shijiazhuang --year 2022 -o s.csv` works (it exited
    2): the dataset's panel, framework, regions and spec.json, the scores of Dataset.study()."""
    result = run("evaluate", "--dataset", "shijiazhuang", "--year", "2022", "-o", "s.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, rows = read_scores(tmp_path / "s.csv")
    scores = cl.datasets.shijiazhuang().study().evaluate(year=2022)
    assert header == ["code", *scores.nodes]
    assert [r[0] for r in rows] == scores.regions
    assert [[as_number(c) for c in r[1:]] for r in rows] == scores.values.tolist()
    record = json.loads((tmp_path / "s.csv.json").read_text(encoding="utf-8"))
    assert record["year"] == 2022 and record["dataset"].endswith("shijiazhuang")
    assert record["spec_file"].endswith("spec.json") and record["spec"]["normalise"]["method"] == "ratio_to_standard"
    # another method than the dataset's: --spec
    spec = write_spec(tmp_path, {"normalise": {"method": "minmax", "range": [0, 10]}})
    assert run("evaluate", "--dataset", "shijiazhuang", "--spec", spec, "-o", "m.csv", cwd=tmp_path).returncode == 0
    minmax = pd.read_csv(tmp_path / "m.csv", index_col="code")
    assert minmax.iloc[:, 0].max() == pytest.approx(10) and minmax.iloc[:, 0].min() == pytest.approx(0)
    assert_one_line_error(run("evaluate", "--dataset", "atlantis", "-o", "x.csv", cwd=tmp_path), 1, "atlantis")
    assert_one_line_error(run("evaluate", "-o", "x.csv", cwd=tmp_path), 2, "--dataset", "--data")


def test_every_data_command_takes_dataset():
    """One input reader: every command that reads data has --dataset."""
    from countyleap.cli import build_parser, commands

    def leaves(parser):  # a command's parsers that run (plan's subcommands)
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        return [leaf for a in subs for p in a.choices.values() for leaf in leaves(p)] if subs else [parser]

    command_parsers = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert set(commands()) == {"info", "evaluate", "uncertainty", "sensitivity", "classify", "plan", "gaps", "warn",
                               "leap", "report", "db"}
    reads_data = {"evaluate", "uncertainty", "sensitivity", "classify", "gaps", "warn", "leap", "report"}
    for name in commands():
        for parser in leaves(command_parsers[name]):
            options = {o for a in parser._actions for o in a.option_strings}
            # the database family works on a database; every other command can read a bundled dataset
            assert ("--db" if name == "db" else "--dataset") in options, parser.prog
            if name in reads_data:  # and every command that reads data can read the database (issue 12)
                assert {"--db", "--as-of"} <= options, parser.prog


def test_the_command_line_package_has_no_import_circle():
    """cli/: the registry, the reader (inputs) and the writer (output) import no command module;
    a family imports the registry, the reader and the writer, never the package or another family."""
    import ast
    from pathlib import Path

    import countyleap.cli as cli_package

    folder = Path(cli_package.__file__).parent
    families = {"info", "evaluate", "analysis", "plan", "db"}
    allowed = {"registry": set(), "output": set(), "inputs": {"registry"},
               "info": {"registry", "inputs", "output"}, "evaluate": {"registry", "inputs", "output"},
               "analysis": {"registry", "inputs", "output"}, "plan": {"registry", "inputs", "output"},
               "db": {"registry", "inputs", "output"}}
    for name, may in allowed.items():
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        used = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                used |= {node.module} if node.module else {a.name for a in node.names}
        assert used <= may, (name, used - may)
        assert not used & families


def test_every_csv_has_its_sidecar(tmp_path):
    """One output writer: a plan command's CSV gets the same JSON sidecar (version, inputs, spec)
    as evaluate's."""
    result = run("classify", "--dataset", "shijiazhuang", "--year", "2021", "-o", "t.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "t.csv.json").read_text(encoding="utf-8"))
    assert (record["version"], record["command"], record["year"]) == (cl.__version__, "classify", 2021)
    assert record["dataset"].endswith("shijiazhuang") and record["plan"].endswith("plan.json")
    assert record["spec"] == cl.datasets.shijiazhuang().spec.to_dict()
    header, rows = read_scores(tmp_path / "t.csv")
    assert header[:3] == ["code", "score", "tier"] and len(rows) == 21
