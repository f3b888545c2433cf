"""The indicator database from Python and the command line (issue 12): `countyleap db init|template|
import|status|history|batches|diff`, `--db FILE --as-of WHEN` on the data commands, cl.Store's
DataFrames, and the whole workflow end to end:

init -> the archive (the bundled panel's 2019-2021, one CSV batch) -> templates for the 21 units for
2022 -> filled from the bundled panel -> imported (a batch each) -> the bulletin -> one county revises a value (and marks another provisional) -> status -> the bulletin
again (changed) -> the bulletin with --as-of before the revision, bit-identical to the first.

The rules are the library's (test_rules.cpp, test_store.cpp test them); here they are reached
through real .xlsx files: a negative count, a share of 140 %, text and #DIV/0! in number cells, the
same file twice."""

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook

import countyleap as cl
from countyleap import excel
from test_cli import assert_one_line_error, run

YEAR = 2022
REVISED = ("130123", "hightech_ents", 2022)       # 正定县 revises its count of high-tech enterprises
PROVISIONAL = ("130123", "tech_smes", 2022)        # ... and marks another value provisional


def read(path):
    return Path(path).read_bytes()


def value_row(framework, variable):
    """The template row of `variable` (the framework's order)."""
    return excel.FIRST_ROW + [v.id for v in framework.variables].index(variable)


@pytest.fixture(scope="module")
def bureau(tmp_path_factory):
    """The bureau's year, through the command line, in one folder."""
    work = tmp_path_factory.mktemp("bureau")
    db = work / "leap.db"
    ds = cl.datasets.shijiazhuang()
    steps = SimpleNamespace(work=work, db=db, ds=ds)
    steps.init = run("db", "init", "--db", db, "--dataset", "shijiazhuang")
    assert steps.init.returncode == 0, steps.init.stderr
    frame = ds.panel.to_frame("long")
    archive = cl.Panel.from_frame(frame[frame["year"] < YEAR])
    archive.to_csv(work / "archive.csv")
    steps.archived = run("db", "import", "--db", db, work / "archive.csv", "--by", "市科技局")
    assert steps.archived.returncode == 0, steps.archived.stderr
    result = run("db", "template", "--db", db, "--all", "--year", YEAR, "-o", work / "templates")
    assert result.returncode == 0, result.stderr
    steps.templates = sorted((work / "templates").glob("*.xlsx"))
    filled = work / "filled"
    filled.mkdir()
    for path in steps.templates:  # the counties fill them in
        excel.fill_from_panel(path, ds.panel, filled / path.name)
    steps.imported = run("db", "import", "--db", db, *sorted(filled.glob("*.xlsx")), "--by", "县统计局")
    assert steps.imported.returncode == 0, steps.imported.stderr
    steps.first = run("report", "--db", db, "--year", 2022, "-o", work / "first" / "report.html")
    assert steps.first.returncode == 0, steps.first.stderr

    # one county revises a value: a new workbook for 2022, the value changed, status revised
    code, variable, year = REVISED
    revision = work / "revision" / f"{code}-{year}-revised.xlsx"
    revision.parent.mkdir()
    shutil.copyfile(filled / f"{code}-{year}.xlsx", revision)
    wb = load_workbook(revision)
    ws = wb[excel.SHEET]
    row = value_row(ds.framework, variable)
    steps.old_value = ws[f"{excel.VALUE}{row}"].value
    steps.new_value = steps.old_value + 7
    ws[f"{excel.VALUE}{row}"] = steps.new_value
    ws[f"{excel.STATUS}{row}"] = "revised"
    ws[f"{excel.NOTE}{row}"] = "复核后更正 corrected after review"
    ws[f"{excel.STATUS}{value_row(ds.framework, PROVISIONAL[1])}"] = "provisional"
    wb.save(revision)
    steps.revision = revision
    steps.revised = run("db", "import", "--db", db, revision, "--by", "正定县统计局", "--region", code, "--year", year)
    assert steps.revised.returncode == 0, steps.revised.stderr
    steps.status = run("db", "status", "--db", db, "--year", 2022, "-o", work / "status.csv")
    assert steps.status.returncode == 0, steps.status.stderr
    steps.latest = run("report", "--db", db, "--year", 2022, "-o", work / "latest" / "report.html")
    assert steps.latest.returncode == 0, steps.latest.stderr
    n_before = 1 + len(steps.templates)  # the archive, one batch per workbook; the revision the next one
    steps.before = n_before
    steps.again = run("report", "--db", db, "--as-of", n_before, "--year", 2022, "-o", work / "again" / "report.html")
    assert steps.again.returncode == 0, steps.again.stderr
    return steps


def test_init_and_templates(bureau):
    assert "new database 'shijiazhuang'" in bureau.init.stdout and "ILLUSTRATIVE" in bureau.init.stdout
    assert [p.name for p in bureau.templates] == sorted(f"{r.code}-{YEAR}.xlsx" for r in bureau.ds.regions.regions
                                                        if r.in_scope)
    assert len(bureau.templates) == 21
    # last year's values in the templates come from the database (the archive)
    ws = load_workbook(bureau.templates[0])[excel.SHEET]
    code = bureau.templates[0].name[:6]
    first = bureau.ds.framework.variables[0].id
    assert ws[f"F{excel.FIRST_ROW}"].value == bureau.ds.panel.get(code, first, YEAR - 1)
    with cl.Store(bureau.db, read_only=True) as store:
        assert store.info["illustrative"] is True and store.info["name"] == "shijiazhuang"


def test_every_workbook_is_one_batch(bureau):
    # 21 units x 22 variables x 3 years (2019-2021)
    assert bureau.archived.stdout.startswith(f"imported {bureau.work / 'archive.csv'} as batch 1: 1386 values")
    lines = [l for l in bureau.imported.stdout.splitlines() if l.startswith("imported ")]
    assert len(lines) == 21
    with cl.Store(bureau.db, read_only=True) as store:
        batches = store.batches()
        assert list(batches["id"]) == list(range(1, 21 + 3))
        assert list(batches["submitted_by"]) == ["市科技局"] + ["县统计局"] * 21 + ["正定县统计局"]
        # every value of the bundled panel went in, and came back bit for bit
        panel, vintage = store.panel(as_of=bureau.before)
    assert vintage["batch"] == bureau.before
    ours = panel.to_frame("long").set_index(["code", "variable", "year"])["value"]
    theirs = bureau.ds.panel.to_frame("long").set_index(["code", "variable", "year"])["value"]
    pd.testing.assert_series_equal(ours.sort_index(), theirs.sort_index(), check_exact=True, check_names=False)


def test_bulletin_as_of_before_the_revision_is_bit_identical_to_the_first(bureau):
    for suffix in ("html", "md"):
        first = read(bureau.work / "first" / f"report.{suffix}")
        assert read(bureau.work / "again" / f"report.{suffix}") == first
        assert read(bureau.work / "latest" / f"report.{suffix}") != first


def test_bulletin_states_its_vintage_and_lists_provisional_and_flagged_values(bureau):
    with cl.Store(bureau.db, read_only=True) as store:
        before, latest = store.vintage(bureau.before), store.vintage()
    first = (bureau.work / "first" / "report.md").read_text(encoding="utf-8")
    newest = (bureau.work / "latest" / "report.md").read_text(encoding="utf-8")
    assert f"batch {before['batch']} ({before['committed_at']}, rows sha256 {before['content_hash'][:12]}" in first
    assert f"batch {latest['batch']} ({latest['committed_at']}" in newest
    code, variable, year = PROVISIONAL

    def listed(text):
        return [l for l in text.splitlines() if l.startswith(f"| {code} |") and f"| {variable} | {year} |" in l]
    assert len(listed(newest)) == 1 and "| provisional |" in listed(newest)[0]
    assert listed(first) == []  # final until the revision batch


def test_status_shows_who_submitted(bureau):
    frame = pd.read_csv(bureau.work / "status.csv", dtype={"code": str})
    assert len(frame) == 21 and frame["submitted"].astype(str).str.lower().eq("true").all()
    zhengding = frame.set_index("code").loc["130123"]
    assert int(zhengding["provisional"]) == 1
    sidecar = json.loads((bureau.work / "status.csv.json").read_text(encoding="utf-8"))
    assert sidecar["illustrative"] is True and sidecar["vintage"]["batch"] == bureau.before + 1


def test_history_and_diff_show_the_revision(bureau):
    code, variable, year = REVISED
    with cl.Store(bureau.db, read_only=True) as store:
        history = store.history(code, variable, year)
        assert list(history["value"]) == [bureau.old_value, bureau.new_value]
        assert list(history["status"]) == ["final", "revised"]
        assert history["where"].iloc[-1] == f"{excel.SHEET}!{excel.VALUE}{value_row(bureau.ds.framework, variable)}"
        assert history["source_file"].iloc[-1] == bureau.revision.name
        diff = store.diff(bureau.before)
    changed = diff[(diff["code"] == code) & (diff["variable"] == variable)]
    assert list(changed["before"]) == [bureau.old_value] and list(changed["after"]) == [bureau.new_value]
    printed = run("db", "history", "--db", bureau.db, "--region", code, "--variable", variable, "--year", year)
    assert printed.returncode == 0 and "revised" in printed.stdout


def test_db_and_dataset_give_the_same_tiers(bureau):
    """store.dataset(as_of=...) works wherever a Dataset does: the same scores, bit for bit."""
    with cl.Store(bureau.db, read_only=True) as store:
        from_db = store.dataset(as_of=bureau.before)
    assert from_db.illustrative and from_db.vintage["batch"] == bureau.before
    study = from_db.study()
    ours, theirs = study.tiers(year=2022), bureau.ds.study().tiers(year=2022)
    pd.testing.assert_frame_equal(ours, theirs, check_exact=True)
    assert ours.attrs["provenance"]["vintage"] == from_db.vintage
    assert ours.attrs["provenance"]["data"] == str(bureau.db)


def test_classify_reads_the_db_with_its_vintage(bureau, tmp_path):
    result = run("classify", "--db", bureau.db, "--as-of", bureau.before, "--year", 2022, "-o", tmp_path / "t.csv")
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "t.csv.json").read_text(encoding="utf-8"))
    assert record["db"] == str(bureau.db) and record["provenance"]["vintage"]["batch"] == bureau.before
    # the same vintage named by its commit time: the same table, bit for bit
    with cl.Store(bureau.db, read_only=True) as store:
        when = store.vintage(bureau.before)["committed_at"]
    by_time = run("classify", "--db", bureau.db, "--as-of", when, "--year", 2022, "-o", tmp_path / "u.csv")
    assert by_time.returncode == 0, by_time.stderr
    assert read(tmp_path / "u.csv") == read(tmp_path / "t.csv")
    text = run("classify", "--db", bureau.db, "--year", 2022)
    assert text.stdout.startswith("ILLUSTRATIVE") and f"vintage batch {bureau.before + 1}" in text.stdout.splitlines()[0]


# ---- bad submissions, through the rules ---------------------------------------------------------------

@pytest.fixture()
def one_template(bureau, tmp_path):
    path = tmp_path / "130102-2022.xlsx"
    shutil.copyfile(bureau.work / "filled" / f"130102-{YEAR}.xlsx", path)
    return path


def set_cell(path, variable, value, framework):
    wb = load_workbook(path)
    wb[excel.SHEET][f"{excel.VALUE}{value_row(framework, variable)}"] = value
    wb.save(path)
    return f"{excel.SHEET}!{excel.VALUE}{value_row(framework, variable)}"


@pytest.mark.parametrize("variable,value,rule", [
    ("hightech_ents", -3, "range"),                      # a negative count
    ("agri_industrialisation_rate", 140, "range"),       # a share of 140 %
    ("tech_smes", "about 500", "number"),                # text in a number cell
    ("platforms", "#DIV/0!", "number"),                  # an error value
    ("platforms", "=1/0", "number"),                     # a formula
])
def test_bad_values_are_rejected_naming_file_and_cell(bureau, one_template, variable, value, rule):
    where = set_cell(one_template, variable, value, bureau.ds.framework)
    with cl.Store(bureau.db, read_only=True) as store:
        n = len(store.batches())
    result = run("db", "import", "--db", bureau.db, one_template, "--by", "test")
    assert result.returncode == 1
    assert "rejected" in result.stdout and "nothing added" in result.stdout
    finding = [l for l in result.stdout.splitlines() if where in l]
    assert finding and one_template.name in finding[0] and rule in finding[0], result.stdout
    assert result.stderr.startswith("countyleap: error: 1 of 1 file(s) rejected")
    with cl.Store(bureau.db, read_only=True) as store:
        assert len(store.batches()) == n  # nothing was added


def test_the_same_file_twice_is_a_no_op_that_says_so(bureau):
    again = run("db", "import", "--db", bureau.db, bureau.revision, "--by", "正定县统计局")
    assert again.returncode == 0
    assert "already imported as batch" in again.stdout and "nothing added" in again.stdout


def test_workbook_for_another_county_or_year(bureau, one_template):
    result = run("db", "import", "--db", bureau.db, one_template, "--by", "test", "--region", "130123")
    assert_one_line_error(result, 1, str(one_template), "_countyleap!B2", "region 130102, not 130123")


def test_usage_errors(bureau, tmp_path):
    assert_one_line_error(run("classify", "--dataset", "shijiazhuang", "--as-of", "3"), 2, "--as-of", "--db")
    assert_one_line_error(run("classify", "--db", bureau.db, "--dataset", "shijiazhuang"), 2, "not both")
    assert_one_line_error(run("classify", "--db", tmp_path / "none.db"), 1, "none.db", "no such database")
    assert_one_line_error(run("db", "init", "--db", bureau.db, "--dataset", "shijiazhuang"), 1, str(bureau.db))
    # a file that is not a database: the store's typed error, one line, exit 1
    junk = tmp_path / "junk.db"
    junk.write_text("code,variable,year,value\n", encoding="utf-8")
    assert_one_line_error(run("classify", "--db", junk, "--year", 2022), 1, str(junk))
    assert_one_line_error(run("db", "status", "--db", junk, "--year", 2022), 1, str(junk))


def test_batches_and_diff_on_the_command_line(bureau, tmp_path):
    printed = run("db", "batches", "--db", bureau.db)
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines()
    assert lines[0].startswith("ILLUSTRATIVE")
    assert bureau.revision.name in lines[-1] and "正定县统计局" in lines[-1]
    result = run("db", "diff", "--db", bureau.db, bureau.before, "-o", tmp_path / "diff.csv")
    assert result.returncode == 0, result.stderr
    diff = pd.read_csv(tmp_path / "diff.csv", dtype={"code": str})
    code, variable, year = REVISED
    # the revised value and the value marked provisional (same number, another status)
    assert sorted(diff["variable"]) == sorted([variable, PROVISIONAL[1]])
    row = diff.set_index("variable").loc[variable]
    assert (row["code"], row["before"], row["after"], row["status_after"]) == (code, bureau.old_value,
                                                                               bureau.new_value, "revised")
    sidecar = json.loads((tmp_path / "diff.csv.json").read_text(encoding="utf-8"))
    assert sidecar["a"]["batch"] == bureau.before and sidecar["b"]["batch"] == bureau.before + 1


def test_one_template_and_template_usage(bureau, tmp_path):
    result = run("db", "template", "--db", bureau.db, "--region", "130129", "--year", 2023, "-o", tmp_path / "t.xlsx")
    assert result.returncode == 0, result.stderr
    sub = excel.read_workbook(tmp_path / "t.xlsx", region="130129", year=2023)
    assert (sub.region, sub.year, len(sub)) == ("130129", 2023, 0)
    ws = load_workbook(tmp_path / "t.xlsx")[excel.SHEET]
    first = bureau.ds.framework.variables[0].id
    # last year's value: the database's latest 2022 value of 赞皇县
    assert ws[f"F{excel.FIRST_ROW}"].value == bureau.ds.panel.get("130129", first, 2022)
    assert_one_line_error(run("db", "template", "--db", bureau.db, "--year", 2023, "-o", tmp_path / "u.xlsx"), 2,
                          "--region")


def test_a_dataset_read_from_the_store_carries_its_flag(bureau):
    core = cl._core.Store(str(bureau.db), read_only=True)
    try:
        dataset = core.dataset()["dataset"]
    finally:
        core.close()
    assert dataset.illustrative is True and dataset.name == "shijiazhuang"
    assert dataset.directory == str(bureau.db)
