"""`countyleap plan check` with its assumptions and `--alternatives`, and `countyleap plan track`
against the published results (issue 13), run as `python3 -m countyleap ...` in subprocesses.

Expected values are worked by hand from the seed (石政办函〔2022〕17号 §四) and from
shared/domain/published-outcomes.md, not read back from the files:
- without the no-drop assumption the four 2020 B units are 深泽县, 晋州市 and any two of 桥西区, 赵县
  and the six units of phase 1's C list: C(8, 2) = 28 assignments, 27 besides the plan's own; one
  is the issue's: 桥西区 and 赵县 in C, 行唐县 and 灵寿县 in B;
- the 2023 evaluation (2022 data, phase 2) names ten of the 21 units A, in score order (鹿泉区 1,
  栾城区 6, 长安区 9, 藁城区 10, 新华区 15, 裕华区 22, 正定县 27, 桥西区 28, 赵县 29, 元氏县 34: official);
  深泽县 and 晋州市, phase 2's A goals, are not in the first 49 places of 66 A: unknown.
"""

import csv

import pytest

from test_cli import assert_one_line_error, run

A_2023 = {"130110": 1, "130111": 6, "130102": 9, "130109": 10, "130105": 15, "130108": 22, "130123": 27,
          "130104": 28, "130133": 29, "130132": 34}


@pytest.fixture(scope="module")
def check_output(source_dir):
    result = run("plan", "check", "--dataset", "shijiazhuang", "--alternatives", "--drop", "no_drop", "--limit", "30",
                 cwd=source_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_plan_check_names_the_assumptions_it_relies_on(check_output):
    assert "Assumptions relied on" in check_output
    assert "  no_drop: no unit drops a tier" in check_output
    assert "dropping it alone admits 27 other assignment(s)" in check_output
    # unnamed_hold is listed, and the check says the tiers do not need it once no_drop holds
    assert "dropping it alone admits 0 other assignment(s) - the plan's tiers do not need it" in check_output
    assert check_output.rstrip().endswith("named moves produce them (21 in-scope regions)")


def test_plan_check_shows_the_alternative_of_the_issue(check_output):
    assert "Dropping no_drop (keeping unnamed_hold): 27 other assignment(s)" in check_output
    lines = [line.strip() for line in check_output.splitlines()]
    issue = ("baseline (2020) 130104 桥西区 B -> C; baseline (2020) 130125 行唐县 C -> B; "
             "baseline (2020) 130126 灵寿县 C -> B; baseline (2020) 130133 赵县 B -> C")
    assert any(line.split(": ", 1)[-1] == issue for line in lines if line[:1].isdigit())
    listed = [line for line in lines if line[:1].isdigit() and ": baseline" in line]
    assert len(listed) == 27  # every alternative changes only 2020 tiers, all under --limit 30


def test_plan_check_drop_needs_alternatives_and_a_known_rule(source_dir):
    assert_one_line_error(run("plan", "check", "--dataset", "shijiazhuang", "--drop", "no_drop", cwd=source_dir), 2,
                          "--drop goes with --alternatives")
    assert_one_line_error(run("plan", "check", "--dataset", "shijiazhuang", "--alternatives", "--drop", "nonesuch",
                              cwd=source_dir), 1, "nonesuch")


@pytest.fixture(scope="module")
def track(tmp_path_factory, source_dir):
    work = tmp_path_factory.mktemp("track")
    out = work / "track.csv"
    result = run("plan", "track", "--dataset", "shijiazhuang", "-o", out, cwd=source_dir)
    assert result.returncode == 0, result.stderr
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    printed = run("plan", "track", "--dataset", "shijiazhuang", cwd=source_dir)
    assert printed.returncode == 0, printed.stderr
    return rows, printed.stdout, work


def test_track_reproduces_the_2023_evaluation(track):
    rows, _, _ = track
    phase2 = {r["code"]: r for r in rows if r["phase"] == "phase2" and r["kind"] == "tier_goal"}
    assert len(phase2) == 21
    met = {code for code, r in phase2.items() if r["status"] == "met"}
    assert met == set(A_2023)  # 10 of 21 known A
    for code, place in A_2023.items():
        assert phase2[code]["published"] == f"A, place {place}"
        assert phase2[code]["certainty"] == "official"
        assert "6150.html" in phase2[code]["source"]
    # the two phase-2 A goals: not in the first 49 places, so unknown (never filled in), with the source
    for code in ("130128", "130183"):
        r = phase2[code]
        assert r["status"] == "unknown"
        assert r["published"].startswith("not in places 1-49")
        assert "6150.html" in r["source"]
    assert not any(r["status"] == "missed" for r in rows)
    count_a = next(r for r in rows if r["phase"] == "phase2" and r["kind"] == "tier_count" and r["goal"].startswith("A:"))
    assert count_a["published"] == "10 known A, 11 unknown, 0 known worse"
    assert count_a["status"] == "unknown"


def test_track_says_unknown_where_nothing_is_published(track):
    rows, printed, _ = track
    for r in rows:
        if r["phase"] in ("phase1", "phase3"):
            assert r["status"] == "unknown" and r["published"] == "" and r["certainty"] == ""
    others = [r for r in rows if r["phase"] == ""]
    assert {r["kind"] for r in others} == {"count_target", "creation_goal", "provincial_rank_goal", "fund_use",
                                           "supported_goal"}
    assert all(r["status"] == "unknown" for r in others)
    assert "ILLUSTRATIVE" in printed  # the library's own tiers beside the published ones are illustrative


def test_track_checks_a_rank_goal_against_a_provincial_list(track, source_dir):
    _, _, work = track
    given = work / "provincial.csv"
    # invented places, for the rule only: 平山县 90 in 2020 → 60 in 2025 moves up; 赞皇县 40 → 45 does not
    given.write_text("evaluation_year,data_year,code,tier,rank,certainty,source\n"
                     "2021,2020,130131,C,90,derived,test list\n2026,2025,130131,B,60,derived,test list\n"
                     "2021,2020,130129,C,40,derived,test list\n2026,2025,130129,B,45,derived,test list\n",
                     encoding="utf-8")
    out = work / "ranked.csv"
    result = run("plan", "track", "--dataset", "shijiazhuang", "--provincial", given, "-o", out, cwd=source_dir)
    assert result.returncode == 0, result.stderr
    with open(out, encoding="utf-8", newline="") as f:
        rank = {r["code"]: r for r in csv.DictReader(f) if r["goal_id"] == "rank_up"}
    assert rank["130131"]["status"] == "met"
    assert rank["130129"]["status"] == "missed"
    assert rank["130125"]["status"] == "unknown"
    assert rank["130131"]["source"] == "test list"


def test_track_bad_published_file_is_one_line(track, source_dir):
    _, _, work = track
    bad = work / "bad.csv"
    bad.write_text("evaluation_year,data_year,code,certainty,source\n2023,2022,130104,rumour,someone\n",
                   encoding="utf-8")
    assert_one_line_error(run("plan", "track", "--dataset", "shijiazhuang", "--published", bad, cwd=source_dir), 1,
                          "bad.csv", "rumour")
