"""County submissions in Excel (issue 12, point 4): the template written by countyleap.excel and read
back by openpyxl (real .xlsx files), the reader's row records with sheet and cell and the file's
SHA-256, and the workbooks it refuses - each error naming the file, the sheet and the cell. What a
cell holds (text, a formula, #DIV/0!) is passed on as text for the library's `number` rule; that
the rules then reject it, and a negative count or a share of 140 %, is tested with the store in
test_db.py. Property tests (hypothesis) mutate a filled workbook at random."""

import hashlib
import math
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook

import countyleap as cl
from countyleap import excel

REGION, YEAR = "130123", 2023   # 正定县 Zhengding; the bundled panel ends in 2022 (last year's values)
FIRST = excel.FIRST_ROW


@pytest.fixture(scope="module")
def ds():
    return cl.datasets.shijiazhuang()


@pytest.fixture(scope="module")
def template(ds, tmp_path_factory):
    return Path(excel.write_template(tmp_path_factory.mktemp("excel") / f"{REGION}-{YEAR}.xlsx", ds,
                                     region=REGION, year=YEAR))


def copy(template, tmp_path, name="filled.xlsx"):
    dest = tmp_path / name
    shutil.copyfile(template, dest)
    return dest


def edit(path, change):
    """Opens `path` with openpyxl, applies `change(workbook)`, saves it."""
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def fill(path, values):
    """Writes {row offset: cell value} into the value column."""
    def change(wb):
        ws = wb[excel.SHEET]
        for i, value in values.items():
            ws[f"{excel.VALUE}{FIRST + i}"] = value
    return edit(path, change)


def errors_of(path, **kwargs):
    with pytest.raises(cl.ValidationError) as info:
        excel.read_workbook(path, **kwargs)
    return str(info.value)


# ---- the template -----------------------------------------------------------------------------------

def test_template_has_every_variable_with_its_facts(ds, template):
    wb = load_workbook(template)
    assert wb.sheetnames == [excel.SHEET, excel.META_SHEET]
    ws = wb[excel.SHEET]
    variables = list(ds.framework.variables)
    assert len(variables) == 22  # data/shijiazhuang/README.md: 22 variables
    headers = [ws[f"{letter}{excel.HEADER_ROW}"].value for letter, _, _ in excel.COLUMNS]
    assert headers[:5] == ["代码 Code", "指标 Variable", "Variable (English)", "单位 Unit", "定义 Definition"]
    assert headers[5] == "2022年值 Last year" and headers[7] == "2023年值 Value"
    panel = ds.panel
    r = panel.regions.index(REGION)
    for i, var in enumerate(variables):
        row = FIRST + i
        assert ws[f"A{row}"].value == var.id
        assert ws[f"B{row}"].value == (var.name_zh or None)
        assert ws[f"C{row}"].value == (var.name_en or None)
        assert ws[f"D{row}"].value == (var.unit or None)
        # last year's value is the panel's 2022 value, exactly
        assert ws[f"F{row}"].value == float(panel.values[r, panel.variables.index(var.id), 2022 - panel.first_year])
        assert ws[f"{excel.VALUE}{row}"].value is None
    assert ws[f"A{FIRST + len(variables)}"].value is None
    assert "130123 正定县" in ws["A2"].value and "2023" in ws["A2"].value
    assert ws["A4"].value.startswith("ILLUSTRATIVE")  # the bundled data are invented


def test_template_shows_the_goal_tiers_targets(ds, template):
    """正定县's goal for 2023 is its plan goal; the target column names the plan's indicator targets of
    that tier on the indicators computed from each variable (checked against plan.json's list)."""
    goals = sorted((g.evaluation_year, g.tier) for g in ds.plan.goals if g.code == REGION and g.evaluation_year >= YEAR)
    tier = goals[0][1]
    targets = [t for t in ds.plan.indicator_target_list if t.tier == tier]
    assert targets, "the plan sets targets for the goal tier"
    ws = load_workbook(template)[excel.SHEET]
    shown = {ws[f"A{FIRST + i}"].value: ws[f"G{FIRST + i}"].value for i in range(22)}
    target_year = min(t.year for t in targets if t.year >= YEAR) if any(t.year >= YEAR for t in targets) else \
        max(t.year for t in targets)
    for t in targets:
        if t.year != target_year:
            continue
        ind = ds.framework.find_indicator(t.indicator)
        var = ind.variable or ind.id
        assert f"({tier}, {target_year})" in shown[var], (t.indicator, shown[var])
        assert excel._number_text(t.value) in shown[var]


def test_input_cells_unlocked_validated_others_locked(ds, template):
    wb = load_workbook(template)
    ws = wb[excel.SHEET]
    assert ws.protection.sheet is True
    for i in range(22):
        row = FIRST + i
        for letter in "ABCDEFG":
            assert ws[f"{letter}{row}"].protection.locked is True
        for letter in (excel.VALUE, excel.STATUS, excel.NOTE):
            assert ws[f"{letter}{row}"].protection.locked is False
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for cells in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for c in (cells if isinstance(cells, tuple) else cells):
                    rules[c.coordinate] = (dv.type, dv.operator, dv.formula1)
    for i, var in enumerate(ds.framework.variables):
        lo = var.range[0]
        rule = rules[f"{excel.VALUE}{FIRST + i}"]
        assert rule[0] == "decimal"
        if lo is not None and math.isfinite(lo) and lo >= 0:
            assert rule[1:] == ("greaterThanOrEqual", "0"), var.id
        assert rules[f"{excel.STATUS}{FIRST + i}"][0] == "list"
    meta = wb[excel.META_SHEET]
    assert meta.sheet_state == "hidden"
    keys = {meta[f"A{i}"].value: meta[f"B{i}"].value for i in range(1, len(excel.META_KEYS) + 1)}
    assert keys["template_version"] == excel.TEMPLATE_VERSION and keys["region"] == REGION and keys["year"] == YEAR
    codes = [(var.id, var.unit) for var in ds.framework.variables]
    text = f"countyleap.template/1\n{REGION}\n{YEAR}\n" + "".join(f"{c}\t{u}\n" for c, u in codes)
    assert keys["checksum"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_unknown_region_is_named(ds, tmp_path):
    with pytest.raises(cl.UnknownIdError, match="130999"):
        excel.write_template(tmp_path / "x.xlsx", ds, region="130999", year=YEAR)


# ---- the reader -------------------------------------------------------------------------------------

def test_empty_template_reads_as_no_rows(template):
    sub = excel.read_workbook(template)
    assert (sub.region, sub.year, len(sub)) == (REGION, YEAR, 0)
    assert sub.sha256 == hashlib.sha256(template.read_bytes()).hexdigest()
    assert sub.source_file == f"{REGION}-{YEAR}.xlsx"


def test_filled_rows_carry_sheet_cell_and_status(ds, template, tmp_path):
    path = fill(copy(template, tmp_path), {0: 6321.5, 3: 12})
    edit(path, lambda wb: wb[excel.SHEET].__setitem__(f"{excel.STATUS}{FIRST + 3}", "provisional"))
    edit(path, lambda wb: wb[excel.SHEET].__setitem__(f"{excel.NOTE}{FIRST + 5}", "未统计 not collected"))
    sub = excel.read_workbook(path, region=REGION, year=YEAR)
    v = [var.id for var in ds.framework.variables]
    assert sub.rows["variable"] == [v[0], v[3], v[5]]
    assert sub.rows["value"] == [6321.5, 12.0, None]
    assert sub.rows["cell"] == [f"H{FIRST}", f"H{FIRST + 3}", f"H{FIRST + 5}"]
    assert sub.rows["sheet"] == [excel.SHEET] * 3
    assert sub.rows["status"] == ["final", "provisional", "final"]
    assert sub.rows["missing_reason"] == ["", "", "未统计 not collected"]
    assert sub.rows["code"] == [REGION] * 3 and sub.rows["year"] == [YEAR] * 3
    assert sub.rows["unit"][0] == ds.framework.variables[0].unit
    assert sub.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("content,text", [("about 12", "about 12"), ("=A1/0", "=A1/0"), ("#DIV/0!", "#DIV/0!"),
                                          (True, "True")])
def test_a_cell_that_is_not_a_number_is_passed_on_as_text(template, tmp_path, content, text):
    sub = excel.read_workbook(fill(copy(template, tmp_path), {2: content}))
    assert sub.rows["value"] == [None] and sub.rows["text"] == [text]
    assert sub.rows["cell"] == [f"H{FIRST + 2}"]


def test_a_status_outside_the_list_is_refused_naming_the_cell(template, tmp_path):
    path = fill(copy(template, tmp_path), {0: 1.0})
    edit(path, lambda wb: wb[excel.SHEET].__setitem__(f"{excel.STATUS}{FIRST}", "maybe"))
    message = errors_of(path)
    assert f"{excel.SHEET}!{excel.STATUS}{FIRST}" in message and "'maybe'" in message


def test_another_region_or_year_is_refused_naming_the_cell(template, tmp_path):
    path = str(template)
    message = errors_of(template, region="130102")
    assert path in message and "_countyleap!B2" in message and "region 130123, not 130102" in message
    message = errors_of(template, year=2024)
    assert "_countyleap!B3" in message and "year 2023, not 2024" in message


def test_older_template_version_is_refused(template, tmp_path):
    path = edit(copy(template, tmp_path), lambda wb: wb[excel.META_SHEET].__setitem__("B1", 0))
    message = errors_of(path)
    assert str(path) in message and "_countyleap!B1" in message and "an older template (version 0" in message


def test_changed_metadata_fails_the_checksum(template, tmp_path):
    path = edit(copy(template, tmp_path), lambda wb: wb[excel.META_SHEET].__setitem__("B2", "130102"))
    assert "_countyleap!B8" in errors_of(path) and "checksum" in errors_of(path)


def test_merged_cells_are_refused(template, tmp_path):
    path = edit(copy(template, tmp_path), lambda wb: wb[excel.SHEET].merge_cells(f"H{FIRST}:H{FIRST + 1}"))
    message = errors_of(path)
    assert f"{excel.SHEET}!H{FIRST}:H{FIRST + 1}" in message and "merged" in message


def test_inserted_and_deleted_rows_are_refused(ds, template, tmp_path):
    inserted = edit(copy(template, tmp_path, "ins.xlsx"), lambda wb: wb[excel.SHEET].insert_rows(FIRST + 4))
    message = errors_of(inserted)
    assert f"{excel.SHEET}!A{FIRST + 4}" in message
    assert f"expected variable {ds.framework.variables[4].id}, found None" in message
    deleted = edit(copy(template, tmp_path, "del.xlsx"), lambda wb: wb[excel.SHEET].delete_rows(FIRST))
    assert f"{excel.SHEET}!A{FIRST}" in errors_of(deleted)
    appended = edit(copy(template, tmp_path, "app.xlsx"),
                    lambda wb: wb[excel.SHEET].__setitem__(f"A{FIRST + 22}", "extra_variable"))
    assert f"{excel.SHEET}!A{FIRST + 22}" in errors_of(appended) and "inserted" in errors_of(appended)


def test_not_a_template_and_not_a_workbook(tmp_path):
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    assert "not a countyleap template" in errors_of(plain)
    junk = tmp_path / "junk.xlsx"
    junk.write_text("code,variable,year,value\n", encoding="utf-8")
    with pytest.raises(cl.FileError, match="not an Excel .xlsx workbook"):
        excel.read_workbook(junk)
    with pytest.raises(cl.FileError, match="cannot read the file"):
        excel.read_workbook(tmp_path / "missing.xlsx")


# ---- property tests -----------------------------------------------------------------------------------

NOT_NUMBERS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12).filter(lambda s: s.strip() and not s.startswith("=") and s not in
                                            ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")),
    st.sampled_from(["=1/0", "=A1*2", "=SUM(H6:H8)", "#DIV/0!", "#VALUE!", "#N/A", "#REF!"]))
# openpyxl (the tests' stand-in for Excel) writes a double with 16 significant digits ("%.16g"), so
# the numbers written are those 16-digit doubles; the reader gives back exactly what the file holds
NUMBERS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12).map(
    lambda x: float("%.16g" % x))
SETTINGS = settings(max_examples=25, deadline=None, database=None,  # no example files in the source tree
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(cells=st.dictionaries(st.integers(0, 21), st.one_of(NUMBERS, NOT_NUMBERS), min_size=1, max_size=6))
def test_property_every_cell_becomes_its_number_or_its_text(template, tmp_path, cells):
    """Whatever the cells hold, the row of each filled cell carries either exactly the number written
    or the cell's text with no number: nothing silently becomes a number."""
    path = fill(copy(template, tmp_path), cells)
    sub = excel.read_workbook(path)
    got = {int(cell[1:]) - FIRST: (value, text) for cell, value, text in
           zip(sub.rows["cell"], sub.rows["value"], sub.rows["text"])}
    assert set(got) == set(cells)
    for i, content in cells.items():
        value, text = got[i]
        if isinstance(content, float):
            assert value == content and text == ""  # exactly the double written
        else:
            assert value is None and text == content


MUTATIONS = ["merge", "insert", "delete", "version", "region", "year", "rename", "checksum"]


@SETTINGS
@given(mutation=st.sampled_from(MUTATIONS), row=st.integers(0, 21), number=st.integers(-5, 5))
def test_property_a_malformed_workbook_is_an_error_naming_file_and_cell(template, tmp_path, mutation, row, number):
    path = copy(template, tmp_path)

    def change(wb):
        ws, meta = wb[excel.SHEET], wb[excel.META_SHEET]
        r = FIRST + row
        if mutation == "merge":
            ws.merge_cells(f"B{r}:C{r}")
        elif mutation == "insert":
            ws.insert_rows(r, amount=1 + abs(number))
        elif mutation == "delete":
            ws.delete_rows(r)
        elif mutation == "version":
            meta["B1"] = excel.TEMPLATE_VERSION + (number or 1)
        elif mutation == "region":
            meta["B2"] = "130102"
        elif mutation == "year":
            meta["B3"] = YEAR + (number or 1)
        elif mutation == "rename":
            ws.title = "Sheet1"
        else:
            meta["B8"] = "0" * 64
    edit(path, change)
    with pytest.raises(cl.ValidationError) as info:
        excel.read_workbook(path)
    message = str(info.value)
    assert str(path) in message
    assert f"{excel.SHEET}!" in message or f"{excel.META_SHEET}!" in message or "sheet" in message
