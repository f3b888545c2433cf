"""County submissions in Excel (填报表): the template a county fills in, and the reader that turns a
filled workbook into the row records the store imports (issue 12, point 4).

    import countyleap as cl
    store = cl.Store("leap.db")
    cl.excel.write_template("130123-2023.xlsx", store.dataset(), region="130123", year=2023)
    sub = cl.excel.read_workbook("130123-2023.xlsx")     # rows with sheet and cell, the file's SHA-256
    store.import_rows(sub.rows, source_file=sub.source_file, source_sha256=sub.sha256, submitted_by="...")

The template (openpyxl, ``python3-openpyxl``) has one sheet, :data:`SHEET`, with a row per raw
variable of the framework: code, Chinese and English name, unit, definition, last year's value and
the county's tier target where the plan sets one, then three input cells (value, status, note).
Only the input cells are unlocked (the sheet is protected, without a password: protection guards
against slips, not people); the value cells accept numbers only (>= 0 where the variable's range
demands it). A hidden sheet, :data:`META_SHEET`, holds the template version, region, year, the
variables in row order and a SHA-256 checksum over them.

The reader checks the shape - the template version, region and year (against the caller's
expectation), the checksum, merged cells, inserted, deleted or moved rows - and raises a
``countyleap.ValidationError`` naming the file, sheet and cell. What a cell holds is judged by the
library's rules (``rules.json``, C++): a cell that is not a number (text, a formula, an error value
such as ``#DIV/0!``) is passed on as its text, and the ``number`` rule rejects it, naming the
sheet and cell; a negative count or a share of 140 % is found by the ``range`` rules.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from . import _core, _provenance
from ._errors import FileError, ValidationError, located

__all__ = ["META_SHEET", "SHEET", "TEMPLATE_VERSION", "Submission", "fill_from_panel", "read_workbook",
           "template_rows", "write_template"]

TEMPLATE_VERSION = 1          #: the layout this module writes and reads
SHEET = "填报 Submission"      #: the sheet the county fills in
META_SHEET = "_countyleap"    #: the hidden sheet with version, region, year, variables, checksum
HEADER_ROW = 5                #: the column headers; variables from the next row on
FIRST_ROW = HEADER_ROW + 1
#: the columns of SHEET: (letter, key, header)
COLUMNS = (("A", "code", "代码 Code"), ("B", "name_zh", "指标 Variable"), ("C", "name_en", "Variable (English)"),
           ("D", "unit", "单位 Unit"), ("E", "definition", "定义 Definition"), ("F", "previous", "上年值 Last year"),
           ("G", "target", "目标 Target"), ("H", "value", "本年值 Value"), ("I", "status", "状态 Status"),
           ("J", "note", "说明 Note"))
VALUE, STATUS, NOTE = "H", "I", "J"   #: the input columns
STATUSES = ("provisional", "final", "revised", "estimated")  #: what a county may state (retraction is the bureau's)
#: rows of META_SHEET: key in column A, value in column B
META_KEYS = ("template_version", "region", "year", "framework", "plan", "illustrative", "variables", "checksum")


@dataclass
class Submission:
    """A filled workbook read back: the row records the store imports and where they came from."""

    source_file: str       #: the file's name as given
    sha256: str            #: SHA-256 of the file's bytes
    region: str            #: the template's region code
    year: int              #: the template's data year
    #: the rows as columns (code, variable, year, value, text, missing_reason, status, unit, note,
    #: sheet, cell): ``Store.import_rows`` / ``Store.check`` take them as they are
    rows: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows.get("code", []))


# ---- the template ---------------------------------------------------------------------------------

def _goal(plan: Optional[_core.Plan], code: str, year: int) -> tuple[str, int]:
    """The region's plan goal for `year`, else its next later one: (tier, evaluation year); ('', 0) without."""
    if plan is None:
        return "", 0
    goals = sorted((g.evaluation_year, g.tier) for g in plan.goals if g.code == code and g.evaluation_year >= year)
    return (goals[0][1], goals[0][0]) if goals else ("", 0)


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def template_rows(source: Any, *, region: str, year: int) -> list[dict]:
    """The rows of a template: one per raw variable of the framework, in the framework's order,
    with code, name_zh, name_en, unit, definition, previous (the panel's value of `year` - 1, or
    None), target (the plan's targets of the region's goal tier on indicators computed from the
    variable, as text), lo (the smallest valid value, or None).

    `source` is anything with ``framework``, ``plan`` and ``panel`` (a Dataset, a store's dataset).
    """
    framework, plan, panel = source.framework, source.plan, source.panel
    tier, goal_year = _goal(plan, region, year)
    targets: dict[str, list[str]] = {}
    if tier:
        years = sorted({t.year for t in plan.indicator_target_list if t.tier == tier})
        target_year = next((y for y in years if y >= year), years[-1] if years else 0)
        for t in plan.indicator_target_list:
            if t.tier != tier or t.year != target_year:
                continue
            ind = framework.find_indicator(t.indicator)
            if ind is None:
                continue
            text = f"{ind.name_zh or ind.id} ≥ {_number_text(t.value)} {t.unit or ind.unit}".strip() + \
                f" ({tier}, {target_year})"
            for var in dict.fromkeys(v for v in (ind.variable or ind.id, ind.denominator) if v):
                targets.setdefault(var, []).append(text)
    previous = {}
    if panel is not None and year - 1 in panel.years and region in panel.regions:
        values = panel.values[panel.regions.index(region), :, year - 1 - panel.first_year]  # one copy
        previous = {var: float(x) for var, x in zip(panel.variables, values) if not math.isnan(x)}
    rows = []
    for var in framework.variables:
        lo, _ = var.range
        rows.append({"code": var.id, "name_zh": var.name_zh, "name_en": var.name_en, "unit": var.unit,
                     "definition": var.note, "previous": previous.get(var.id),
                     "target": "; ".join(targets.get(var.id, [])),
                     "lo": lo if lo is not None and math.isfinite(lo) else None})
    return rows


def _checksum(version: int, region: str, year: int, variables: Sequence[tuple[str, str]]) -> str:
    """SHA-256 over what the template fixes: version, region, year and the (code, unit) of each row."""
    text = f"countyleap.template/{version}\n{region}\n{year}\n" + "".join(f"{c}\t{u}\n" for c, u in variables)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_template(path: Any, source: Any, *, region: str, year: int) -> str:
    """Writes the Excel template of `region` for data year `year` (see the module's text).

    Parameters
    ----------
    path : str or path
        The .xlsx file to write.
    source : Dataset or StoreDataset
        Regions, framework, plan, panel (for last year's values) and the illustrative flag.
    region : str
        The county's code (in the region set, in scope).
    year : int
        The data year the county reports.

    Returns
    -------
    str
        The path written.

    Raises
    ------
    UnknownIdError
        `region` is not in the region set.
    ValidationError
        The source has no framework.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    regions = source.regions
    unit = regions[region]  # UnknownIdError naming the code
    if source.framework is None:
        raise located(ValidationError, "a template needs a framework: the data source has none", id=region)
    rows = template_rows(source, region=region, year=year)
    tier, goal_year = _goal(source.plan, region, year)
    illustrative = bool(getattr(source, "illustrative", False))

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    plan_name = source.plan.info.name_zh if source.plan is not None else ""
    ws["A1"] = f"县域科技创新指标填报表 County S&T indicators: submission · {plan_name}".rstrip(" ·")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = (f"{unit.code} {unit.name_zh} {unit.name_en} · {year}年数据 data year {year}"
                + (f" · 目标类别 goal tier {tier} ({goal_year})" if tier else ""))
    ws["A3"] = ("填写 H–J 列（数值、状态、说明）；其余单元格已锁定。空白 = 未填报；缺失请在说明中写明原因。 "
                "Fill in columns H–J (value, status, note); the other cells are locked. Leave a value empty when "
                "it is not reported, and say why in the note.")
    if illustrative:
        ws["A4"] = f"{_provenance.ILLUSTRATIVE_WORD}: {_provenance.ILLUSTRATIVE_ZH} · {_provenance.ILLUSTRATIVE_EN}"
        ws["A4"].font = Font(bold=True, color="B00000")
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    input_fill = PatternFill("solid", fgColor="FFF7D6")
    for letter, key, header in COLUMNS:
        c = ws[f"{letter}{HEADER_ROW}"]
        c.value = f"{year - 1}年值 Last year" if key == "previous" else header
        if key == "value":
            c.value = f"{year}年值 Value"
        c.font = Font(bold=True)
        c.fill = header_fill
    non_negative = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                  showErrorMessage=True, errorTitle="countyleap",
                                  error="请输入不小于 0 的数字 · Enter a number >= 0")
    any_number = DataValidation(type="decimal", operator="between", formula1="-1E+300", formula2="1E+300",
                                allow_blank=True, showErrorMessage=True, errorTitle="countyleap",
                                error="请输入数字 · Enter a number")
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="countyleap", error="provisional / final / revised / estimated")
    for dv in (non_negative, any_number, status):
        ws.add_data_validation(dv)
    for i, row in enumerate(rows):
        r = FIRST_ROW + i
        for letter, key, _ in COLUMNS[:7]:
            ws[f"{letter}{r}"] = row[key] if row[key] != "" else None
        ws[f"E{r}"].alignment = Alignment(wrap_text=True, vertical="top")
        for letter in (VALUE, STATUS, NOTE):
            ws[f"{letter}{r}"].protection = Protection(locked=False)
            ws[f"{letter}{r}"].fill = input_fill
        (non_negative if row["lo"] is not None and row["lo"] >= 0 else any_number).add(f"{VALUE}{r}")
        status.add(f"{STATUS}{r}")
    for letter, width in zip("ABCDEFGHIJ", (26, 22, 34, 12, 48, 14, 30, 14, 12, 30)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.protection.sheet = True

    meta = wb.create_sheet(META_SHEET)
    variables = [(row["code"], row["unit"]) for row in rows]
    values = {"template_version": TEMPLATE_VERSION, "region": unit.code, "year": year,
              "framework": source.framework.info.id,
              "plan": source.plan.info.id if source.plan is not None else "",
              "illustrative": "true" if illustrative else "false", "variables": len(rows),
              "checksum": _checksum(TEMPLATE_VERSION, unit.code, year, variables)}
    for i, key in enumerate(META_KEYS, start=1):
        meta[f"A{i}"], meta[f"B{i}"] = key, values[key]
    for i, (code, var_unit) in enumerate(variables):
        meta[f"D{i + 1}"], meta[f"E{i + 1}"] = code, var_unit
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    path = os.fspath(path)
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    wb.save(path)
    return path


def fill_from_panel(path: Any, panel: _core.Panel, out: Any = None, *, status: str = "final") -> str:
    """Fills a template's value cells with a panel's values of its region and year (what a county
    does by hand; the main job and the tests play the counties with it). A value the panel lacks
    stays empty. openpyxl writes 16 significant digits, so a value that needs 17 is rounded (the
    bundled panel's values have at most 7). Returns the path written (`out`, default: `path`)."""
    from openpyxl import load_workbook

    path = os.fspath(path)
    wb = load_workbook(path)
    meta, ws = wb[META_SHEET], wb[SHEET]
    found = {meta[f"A{i}"].value: meta[f"B{i}"].value for i in range(1, len(META_KEYS) + 1)}
    code, year = str(found["region"]), int(found["year"])
    values = {}
    if code in panel.regions and year in panel.years:
        column = panel.values[panel.regions.index(code), :, year - panel.first_year]  # one copy
        values = dict(zip(panel.variables, column))
    for i in range(int(found["variables"])):
        x = float(values.get(meta[f"D{i + 1}"].value, math.nan))
        if not math.isnan(x):
            ws[f"{VALUE}{FIRST_ROW + i}"] = x
            ws[f"{STATUS}{FIRST_ROW + i}"] = status
    out = os.fspath(out) if out is not None else path
    wb.save(out)
    return out


# ---- the reader -------------------------------------------------------------------------------------

def _fail(path: str, where: str, detail: str) -> ValidationError:
    return located(ValidationError, f"{where}: {detail}" if where else detail, file=path)


def _cell_text(cell: Any) -> Optional[str]:
    """A cell's content as text when it is not a number: a formula, an error value, text, a date,
    a boolean. None for a number or an empty cell."""
    value = cell.value
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and cell.data_type == "n"):
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    return str(value)


def read_workbook(path: Any, *, region: Optional[str] = None, year: Optional[int] = None,
                  status: str = "final") -> Submission:
    """Reads a filled template into row records (see :class:`Submission`).

    A value cell with a number gives a row with that value; an empty value cell with a note gives a
    row without a value (the note is its missing reason); an empty value cell without a note gives
    no row (not reported); anything else in a value cell (text, a formula, ``#DIV/0!``, a date)
    gives a row with that text, which the ``number`` rule rejects. The status cell, when empty, is
    `status`. Each row records its sheet and cell.

    Parameters
    ----------
    path : str or path
    region, year : optional
        What the workbook must be for (e.g. the county and year being chased); a workbook for
        another is an error.
    status : str
        The status of a row whose status cell is empty (default final).

    Raises
    ------
    FileError
        The file cannot be read or is not an .xlsx workbook.
    ValidationError
        Not a countyleap template, an older or newer template version, another region or year, a
        changed checksum, merged cells, rows inserted, deleted or moved - each naming the file,
        sheet and cell.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    import zipfile

    path = os.fspath(path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise located(FileError, f"cannot read the file: {e.strerror}", file=path) from None
    try:
        wb = load_workbook(path, data_only=False)  # formulas as written, not the values Excel cached
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as e:
        raise located(FileError, f"not an Excel .xlsx workbook ({type(e).__name__}: {e})", file=path) from None
    if META_SHEET not in wb.sheetnames:
        raise _fail(path, "", f"not a countyleap template: no sheet '{META_SHEET}' (write one with "
                              f"'countyleap db template')")
    meta = wb[META_SHEET]
    found = {meta[f"A{i}"].value: (meta[f"B{i}"].value, f"{META_SHEET}!B{i}") for i in range(1, len(META_KEYS) + 1)}
    for key in META_KEYS:
        if key not in found:
            raise _fail(path, f"{META_SHEET}!A1:A{len(META_KEYS)}", f"the template's metadata has no '{key}'")

    def meta_int(key: str) -> int:
        value, where = found[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not float(value).is_integer():
            raise _fail(path, where, f"{key} must be a whole number, found {value!r}")
        return int(value)

    version = meta_int("template_version")
    if version != TEMPLATE_VERSION:
        age = "an older" if version < TEMPLATE_VERSION else "a newer"
        raise _fail(path, found["template_version"][1],
                    f"{age} template (version {version}; this countyleap reads version {TEMPLATE_VERSION}): "
                    f"write a new one with 'countyleap db template'")
    code, code_at = str(found["region"][0] or ""), found["region"][1]
    data_year = meta_int("year")
    if region is not None and code != region:
        raise _fail(path, code_at, f"the workbook is for region {code}, not {region}")
    if year is not None and data_year != year:
        raise _fail(path, found["year"][1], f"the workbook is for year {data_year}, not {year}")
    n = meta_int("variables")
    variables = [(str(meta[f"D{i}"].value or ""), str(meta[f"E{i}"].value or "")) for i in range(1, n + 1)]
    if _checksum(version, code, data_year, variables) != found["checksum"][0]:
        raise _fail(path, found["checksum"][1], "the template's metadata was changed (checksum mismatch): "
                                                "write a new template with 'countyleap db template'")
    if SHEET not in wb.sheetnames:
        raise _fail(path, "", f"the sheet '{SHEET}' is missing (renamed or deleted)")
    ws = wb[SHEET]
    if ws.merged_cells.ranges:
        first = sorted(str(r) for r in ws.merged_cells.ranges)[0]
        raise _fail(path, f"{SHEET}!{first}", f"merged cells ({len(ws.merged_cells.ranges)} range(s)); "
                                              "the template has none")
    for i, (var, _) in enumerate(variables):
        r = FIRST_ROW + i
        there = ws[f"A{r}"].value
        if there != var:
            raise _fail(path, f"{SHEET}!A{r}", f"expected variable {var}, found {there!r}: rows were inserted, "
                                               "deleted or moved")
    end = FIRST_ROW + len(variables)
    for r in range(end, ws.max_row + 1):
        if any(ws.cell(row=r, column=c).value not in (None, "") for c in range(1, len(COLUMNS) + 1)):
            raise _fail(path, f"{SHEET}!A{r}", "a row after the template's last variable: rows were inserted")

    rows: dict[str, list[Any]] = {k: [] for k in ("code", "variable", "year", "value", "text", "missing_reason",
                                                  "status", "unit", "note", "sheet", "cell")}
    for i, (var, var_unit) in enumerate(variables):
        r = FIRST_ROW + i
        cell = ws[f"{VALUE}{r}"]
        note = ws[f"{NOTE}{r}"].value
        note = "" if note is None else str(note).strip()
        text = _cell_text(cell)
        if cell.value is None and not note:
            continue  # not reported
        stated = ws[f"{STATUS}{r}"].value
        if stated not in (None, "") and str(stated).strip() not in STATUSES:
            raise _fail(path, f"{SHEET}!{STATUS}{r}", f"status {stated!r} is not one of {', '.join(STATUSES)}")
        value = None if text is not None or cell.value is None else float(cell.value)
        for key, item in (("code", code), ("variable", var), ("year", data_year), ("value", value),
                          ("text", text or ""), ("missing_reason", note if cell.value is None else ""),
                          ("status", str(stated).strip() if stated not in (None, "") else status),
                          ("unit", str(ws[f"D{r}"].value or "")), ("note", note), ("sheet", SHEET),
                          ("cell", f"{VALUE}{r}")):
            rows[key].append(item)
    return Submission(source_file=os.path.basename(path), sha256=hashlib.sha256(data).hexdigest(), region=code,
                      year=data_year, rows=rows)
