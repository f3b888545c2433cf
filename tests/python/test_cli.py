"""The command line, run as `python3 -m countyleap ...` in a subprocess with the PYTHONPATH of the
environment (CTest sets it to <build>/python)."""

import os
import subprocess
import sys

import pytest

import countyleap as cl


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
    assert_one_line_error(run("evaluate"), 2, "invalid choice")
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
    # units: code, names, kind, the 2020 tier (inferred A marked *), goals 2021, 2022, 2025
    assert any(l.split() == ["130102", "长安区", "Chang'an", "district", "A*", "A*", "A*", "A*"] for l in lines)
    assert any(l.split() == ["130104", "桥西区", "Qiaoxi", "district", "B", "A", "A*", "A*"] for l in lines)
    assert any(l.split()[:8] == ["130184", "新乐市", "Xinle", "county_level_city", "C", "B", "B*", "A"] for l in lines)
    assert any(l.strip().startswith("out of scope: 130181  辛集市  Xinji") for l in lines)
    # phases: evaluation and publication year, tier counts, and the units' goals agree
    assert any(l.split()[:7] == ["baseline", "2020", "2021", "8", "4", "9", "8/4/9"] for l in lines)
    assert any(l.split()[:7] == ["phase1", "2021", "2022", "10", "5", "6", "10/5/6"] for l in lines)
    assert any(l.split()[:7] == ["phase3", "2025", "2026*", "15", "6", "0", "15/6/0"] for l in lines)
    # indicator targets per tier and growth targets, with Chinese and English names
    assert any(l.split()[:6] == ["§4", "fiscal_st_exp", "万元", "7000", "4000", "地方财政科技支出"] for l in lines)
    assert any(l.split()[:5] == ["§11", "patents_per_10k", "per", "10k", "12"] for l in lines)
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
