"""pandas adapters, attached to the classes of the compiled core by :mod:`countyleap._classes`.

- ``RegionSet.to_frame`` / ``RegionSet.from_frame`` / ``RegionSet.history_frame``
- ``Framework.to_frame`` / ``Framework.from_frame`` (also COINr's iMeta) /
  ``Framework.indicators_frame`` / ``Framework.variables_frame``
- ``Panel.to_frame`` / ``Panel.from_frame`` (long and wide layouts; built in C++ by the CSV
  readers' panel builder)
- ``Plan.tier_counts`` / ``region_goals`` / ``observed_tiers`` / ``indicator_targets`` /
  ``growth_targets`` / ``phases_frame`` / ``tiers_frame`` / ``facts_frame``; ``TierScheme.to_frame``
- ``Derived.issues``

In the frames written here a missing number is NaN (<NA> in integer columns), text that does not
apply (an aggregate's unit) is None and empty text is ''; the readers take NaN, None and pd.NA as
missing.
"""

from __future__ import annotations

import math
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._provenance import of_panel, stamp
from ._errors import ValidationError, located

REGION_COLUMNS = ["code", "name_zh", "name_en", "kind", "parent", "valid_from", "valid_to", "in_scope", "note"]
HISTORY_COLUMNS = ["old_code", "new_code", "year", "old_name_zh", "note"]
NODE_COLUMNS = ["id", "parent", "level", "weight", "share", "is_indicator", "name_zh", "name_en", "aggregation",
                "note"]
INDICATOR_FIELDS = ["unit", "direction", "kind", "variable", "denominator", "scale", "years", "range_lo",
                    "range_hi", "denominate_by", "target"]
INDICATOR_COLUMNS = ["id", "name_zh", "name_en"] + INDICATOR_FIELDS + ["note", "scored"]
VARIABLE_COLUMNS = ["id", "name_zh", "name_en", "unit", "range_lo", "range_hi", "note"]
LONG_COLUMNS = ["code", "variable", "year", "value", "note"]
ISSUE_COLUMNS = ["code", "indicator", "year", "reason", "detail"]
NOTE_SUFFIX = "#note"

Frameish = Union[pd.DataFrame, Sequence[Any], None]  # a frame, a list of model objects, or nothing


# ---- cell conversion --------------------------------------------------------------------------

def _missing(value: Any) -> bool:
    """True for None, NaN and pd.NA."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value: Any) -> str:
    """A text cell: '' when missing; an integral number (a code read as 130102.0) without '.0'."""
    if _missing(value):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any, default: Optional[float], column: str = "", id: str = "") -> Optional[float]:
    """A numeric cell, `default` when missing; text that is not a number is a ValidationError
    naming the column and the row's id."""
    if _missing(value):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        raise located(ValidationError, f"expected a number, got {value!r}", column_name=column, id=id) from None


def _integer(value: Any, default: int, column: str = "", id: str = "") -> int:
    """A whole-number cell, `default` when missing; anything else (text, 1.5) is a ValidationError
    naming the column and the row's id."""
    number = _number(value, None, column, id)
    if number is None:
        return default
    if not float(number).is_integer():
        raise located(ValidationError, f"expected a whole number, got {value!r}", column_name=column, id=id)
    return int(number)


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def _flag(value: Any, default: bool, column: str) -> bool:
    """A boolean cell: bool, 0/1 or 'true'/'false' (any case); `default` when missing."""
    if _missing(value):
        return default
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE or low in _FALSE:
            return low in _TRUE
        raise located(ValidationError, f"expected true or false, got {value!r}", column_name=column)
    return bool(value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a metadata frame as dicts keyed by column name (str)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


# ---- whole columns (panels) -------------------------------------------------------------------

def _require_complete(series: pd.Series, column: str) -> None:
    missing = series.isna().to_numpy()
    if missing.any():
        row = int(np.flatnonzero(missing)[0])
        raise located(ValidationError, f"missing {column} in row {row} (0-based position): fill it in or drop the "
                      f"row, e.g. frame.dropna(subset=['{column}'])", column_name=column)


def _code_column(series: pd.Series) -> np.ndarray:
    """Region codes as str; integral numbers (codes parsed as numbers) lose their '.0'."""
    _require_complete(series, "code")
    if pd.api.types.is_float_dtype(series.dtype):
        values = series.to_numpy(dtype="float64")
        if not np.all(np.mod(values, 1) == 0):
            raise located(ValidationError, "region codes must be text or whole numbers: give them as text, e.g. "
                          "frame.astype({'code': str})", column_name="code")
        series = pd.Series(values.astype(np.int64))
    return series.astype(str).to_numpy(dtype=object)


def _label_column(series: pd.Series, column: str) -> np.ndarray:
    _require_complete(series, column)
    return series.astype(str).to_numpy(dtype=object)


def _year_column(series: pd.Series) -> np.ndarray:
    """Years as int64; a missing or fractional year is a ValidationError."""
    _require_complete(series, "year")
    try:
        values = pd.to_numeric(series, errors="raise").to_numpy(dtype="float64")
    except (ValueError, TypeError):
        raise located(ValidationError, "years must be whole numbers (a date column: frame['year'].dt.year)",
                      column_name="year") from None
    if not np.all(np.mod(values, 1) == 0):
        raise located(ValidationError, "years must be whole numbers (a date column: frame['year'].dt.year)",
                      column_name="year")
    return values.astype(np.int64)


def _float_column(series: pd.Series, column: str) -> np.ndarray:
    """Values as float64 (NaN = missing); text that is not a number is a ValidationError."""
    if pd.api.types.is_bool_dtype(series.dtype):
        raise located(ValidationError, "expected numbers, got booleans", column_name=column)
    if series.dtype == object:  # None and pd.NA among numbers
        series = series.where(series.notna(), np.nan)
    try:
        return series.to_numpy(dtype="float64", na_value=np.nan)
    except (ValueError, TypeError):
        raise located(ValidationError, "expected numbers (NaN or None for a missing value)",
                      column_name=column) from None


def _note_column(series: pd.Series) -> np.ndarray:
    """Notes as str, '' where missing."""
    return series.astype(object).where(series.notna(), "").astype(str).to_numpy(dtype=object)


# ---- RegionSet --------------------------------------------------------------------------------

def _regions_to_frame(self: _core.RegionSet) -> pd.DataFrame:
    """The regions as a DataFrame, one row per region in order.

    Returns
    -------
    pandas.DataFrame
        Columns code, name_zh, name_en, kind, parent, valid_from, valid_to, in_scope, note, then one
        column per attribute name (None where a region lacks it).
    """
    regions = self.regions
    attributes = [r.attributes for r in regions]
    names: list[str] = []
    for attrs in attributes:
        names.extend(k for k in attrs if k not in names)
    data: dict[str, Any] = {c: [getattr(r, c) for r in regions] for c in REGION_COLUMNS}
    for name in names:
        data[name] = [attrs.get(name) for attrs in attributes]
    frame = pd.DataFrame(data, columns=REGION_COLUMNS + names)
    return frame.astype({"valid_from": "int64", "valid_to": "int64", "in_scope": "bool"})


def _history_to_frame(self: _core.RegionSet) -> pd.DataFrame:
    """The code history as a DataFrame: old_code, new_code, year, old_name_zh, note."""
    history = self.history
    frame = pd.DataFrame({c: [getattr(h, c) for h in history] for c in HISTORY_COLUMNS}, columns=HISTORY_COLUMNS)
    return frame.astype({"year": "int64"})


def _code_changes(history: Frameish) -> list[_core.CodeChange]:
    if history is None:
        return []
    if not isinstance(history, pd.DataFrame):
        return list(history)
    _check_columns(history, required=["old_code", "new_code", "year"], allowed=HISTORY_COLUMNS, what="history")
    return [_core.CodeChange(_text(row["old_code"]), _text(row["new_code"]), _integer(row["year"], 0, "year", _text(row["old_code"])),
                             old_name_zh=_text(row.get("old_name_zh")), note=_text(row.get("note")))
            for row in _records(history)]


def _regions_from_frame(frame: pd.DataFrame, *, history: Frameish = None,
                        code_scheme: str = "gbt2260") -> _core.RegionSet:
    """A validated RegionSet from a DataFrame.

    Parameters
    ----------
    frame : pandas.DataFrame
        Column ``code`` (required; text or whole numbers) and optionally name_zh, name_en, kind,
        parent, valid_from, valid_to, in_scope, note. Every other column is a group attribute
        (missing cells are left out). A missing kind is the one a GB/T 2260 code implies by its
        digits (the library default 'county' under the free scheme).
    history : pandas.DataFrame or list of CodeChange, optional
        Replaced codes: old_code, new_code, year, optionally old_name_zh, note.
    code_scheme : {'gbt2260', 'free'}
        How codes are checked.

    Returns
    -------
    RegionSet

    Raises
    ------
    CodeFormatError, DuplicateError, UnknownIdError, ValidationError
    """
    if "code" not in frame.columns:
        raise located(ValidationError, "a region frame needs a 'code' column", column_name="code")
    attribute_columns = [str(c) for c in frame.columns if str(c) not in REGION_COLUMNS]
    regions = []
    for row in _records(frame):
        code = _text(row["code"])
        kind = _text(row.get("kind"))
        if not kind:
            kind = _core.kind_implied_by_code(code) if code_scheme == "gbt2260" else "county"
        attributes = {name: _text(row[name]) for name in attribute_columns if not _missing(row[name])}
        regions.append(_core.Region(
            code, _text(row.get("name_zh")), _text(row.get("name_en")), kind=kind, parent=_text(row.get("parent")),
            valid_from=_integer(row.get("valid_from"), 0, "valid_from", code),
            valid_to=_integer(row.get("valid_to"), 0, "valid_to", code),
            in_scope=_flag(row.get("in_scope"), True, "in_scope"), note=_text(row.get("note")),
            attributes=attributes))
    return _core.RegionSet(regions, _code_changes(history), code_scheme=code_scheme)


# ---- Framework --------------------------------------------------------------------------------

def _indicator_cells(ind: _core.Indicator) -> dict[str, Any]:
    lo, hi = ind.range
    return {"unit": ind.unit, "direction": ind.direction, "kind": ind.kind, "variable": ind.variable,
            "denominator": ind.denominator, "scale": ind.scale, "years": ind.years, "range_lo": lo,
            "range_hi": hi, "denominate_by": ind.denominate_by,
            "target": np.nan if ind.target is None else ind.target}


_INDICATOR_DTYPES = {"direction": "Int64", "years": "Int64", "scale": "float64", "range_lo": "float64",
                     "range_hi": "float64", "target": "float64"}


def _framework_to_frame(self: _core.Framework) -> pd.DataFrame:
    """The tree as a DataFrame, one row per node in canonical order (leaves, then aggregates
    bottom-up, the root last).

    Returns
    -------
    pandas.DataFrame
        Columns id, parent, level, weight, share (weight / sum of sibling weights), is_indicator,
        name_zh, name_en (a leaf without names shows its indicator's), aggregation, note, then the
        indicator fields of the leaves: unit, direction, kind, variable, denominator, scale, years,
        range_lo, range_hi, denominate_by, target (missing for aggregates).
    """
    rows = []
    for i, node in enumerate(self.nodes):
        leaf = self.is_leaf(i)
        ind = self.leaf_indicator(i) if leaf else None
        row = {"id": node.id, "parent": node.parent, "level": self.level(i), "weight": node.weight,
               "share": self.share(i), "is_indicator": leaf,
               "name_zh": node.name_zh or (ind.name_zh if ind else ""),
               "name_en": node.name_en or (ind.name_en if ind else ""),
               "aggregation": node.aggregation, "note": node.note}
        row.update(_indicator_cells(ind) if ind else dict.fromkeys(INDICATOR_FIELDS))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=NODE_COLUMNS + INDICATOR_FIELDS)
    return frame.astype({"level": "int64", "weight": "float64", "share": "float64", "is_indicator": "bool",
                         **_INDICATOR_DTYPES})


def _indicators_frame(self: _core.Framework) -> pd.DataFrame:
    """Every indicator, scored or not, in the order given.

    Returns
    -------
    pandas.DataFrame
        Columns id, name_zh, name_en, unit, direction, kind, variable, denominator, scale, years,
        range_lo, range_hi, denominate_by, target, note, scored (True when it is a leaf of the tree).
    """
    scored = set(self.scored_indicators())
    rows = [{"id": ind.id, "name_zh": ind.name_zh, "name_en": ind.name_en, **_indicator_cells(ind),
             "note": ind.note, "scored": ind.id in scored} for ind in self.indicators]
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS).astype({**_INDICATOR_DTYPES, "scored": "bool"})


def _variables_frame(self: _core.Framework) -> pd.DataFrame:
    """The raw variables (implicitly declared ones included): id, name_zh, name_en, unit, range_lo,
    range_hi, note."""
    rows = []
    for var in self.variables:
        lo, hi = var.range
        rows.append({"id": var.id, "name_zh": var.name_zh, "name_en": var.name_en, "unit": var.unit,
                     "range_lo": lo, "range_hi": hi, "note": var.note})
    return pd.DataFrame(rows, columns=VARIABLE_COLUMNS).astype({"range_lo": "float64", "range_hi": "float64"})


def _range_from(row: Mapping[str, Any], id: str) -> tuple[Optional[float], Optional[float]]:
    return _number(row.get("range_lo"), None, "range_lo", id), _number(row.get("range_hi"), None, "range_hi", id)


def _direction(value: Any, id: str) -> int:
    """An indicator's direction cell: 1 (higher is better, the default when empty) or -1."""
    try:
        direction: Optional[int] = _integer(value, 1, "direction", id)
    except ValidationError:
        direction = None
    if direction not in (1, -1):
        raise located(ValidationError, f"expected 1 (higher is better) or -1 (lower is better), got {value!r}",
                      column_name="direction", id=id)
    return direction


def _indicator_from_row(row: Mapping[str, Any], *, with_note: bool) -> _core.Indicator:
    id = _text(row["id"])
    return _core.Indicator(
        id, _text(row.get("name_zh")), _text(row.get("name_en")), unit=_text(row.get("unit")),
        direction=_direction(row.get("direction"), id), kind=_text(row.get("kind")) or "raw",
        variable=_text(row.get("variable")), denominator=_text(row.get("denominator")),
        scale=_number(row.get("scale"), 1.0, "scale", id), years=_integer(row.get("years"), 1, "years", id),
        range=_range_from(row, id), denominate_by=_text(row.get("denominate_by")),
        target=_number(row.get("target"), None, "target", id), note=_text(row.get("note")) if with_note else "")


def _variable_from_row(row: Mapping[str, Any]) -> _core.Variable:
    id = _text(row["id"])
    return _core.Variable(id, _text(row.get("name_zh")), _text(row.get("name_en")),
                          unit=_text(row.get("unit")), range=_range_from(row, id), note=_text(row.get("note")))


def _check_columns(frame: pd.DataFrame, *, required: Iterable[str], allowed: Optional[Iterable[str]],
                   what: str) -> None:
    """Raises ValidationError naming the first missing required column, or (when `allowed` is given)
    the first column that is not allowed."""
    columns = [str(c) for c in frame.columns]
    for name in required:
        if name not in columns:
            raise located(ValidationError, f"the {what} frame needs a '{name}' column", column_name=name)
    if allowed is not None:
        allowed = list(allowed)
        for name in columns:
            if name not in allowed:
                raise located(ValidationError,
                              f"unknown column in the {what} frame (expected {', '.join(allowed)})",
                              column_name=name)


def _framework_info(info: Union[_core.FrameworkInfo, Mapping[str, str], None]) -> Optional[_core.FrameworkInfo]:
    if info is None or isinstance(info, _core.FrameworkInfo):
        return info
    return _core.FrameworkInfo(**dict(info))


def _objects(items: Frameish, from_row: Any) -> list[Any]:
    """A list of model objects from a frame (one per row, through `from_row`) or a sequence."""
    if items is None:
        return []
    if isinstance(items, pd.DataFrame):
        _check_columns(items, required=["id"], allowed=None, what="indicator or variable")
        return [from_row(row) for row in _records(items)]
    return list(items)


def _csv_text(frame: pd.DataFrame) -> str:
    """A DataFrame as CSV text for the library's readers: whole-valued float columns as integers
    (pandas makes a column with a missing value float), missing cells empty."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype.kind == "f" and bool(((values.dropna() % 1) == 0).all()):
            out[column] = values.astype("Int64")
    return out.to_csv(index=False, lineterminator="\n")


def _framework_from_imeta(meta: pd.DataFrame, variables: Frameish,
                          info: Union[_core.FrameworkInfo, Mapping[str, str], None]) -> _core.Framework:
    """COINr's iMeta, read by the library's iMeta reader (``parse_imeta``, the reader behind
    ``read_coinr``): the same rows are accepted and rejected on both paths. `variables` and `info`
    are added to what it gives."""
    framework = _core.parse_imeta(_csv_text(meta), file="<iMeta DataFrame>")
    declared = _objects(variables, _variable_from_row)
    if not declared and info is None:
        return framework
    indicators = {ind.id for ind in framework.indicators}  # a raw indicator's own variable is implied
    own = [v for v in framework.variables if v.id not in indicators]
    return _core.Framework(declared + own, framework.indicators, framework.nodes, info=_framework_info(info))


def _framework_from_frame(nodes: pd.DataFrame, *, indicators: Frameish = None, variables: Frameish = None,
                          info: Union[_core.FrameworkInfo, Mapping[str, str], None] = None) -> _core.Framework:
    """A validated Framework from DataFrames.

    Parameters
    ----------
    nodes : pandas.DataFrame
        The tree, one row per node: id (required), parent (missing for the root), weight (default 1),
        name_zh, name_en, aggregation, note; the computed columns of ``to_frame()`` (level, share)
        are ignored. Or COINr's iMeta table (Level, iCode, iName, Direction, Weight, Unit, Target,
        Denominator, Parent, Type), recognised by its Level and iCode columns.
    indicators : pandas.DataFrame or list of Indicator, optional
        Every indicator (the columns of ``indicators_frame()``). When omitted, the leaves of
        `nodes` are the indicators, with the indicator fields of their rows (unit, direction, kind,
        variable, denominator, scale, years, range_lo, range_hi, denominate_by, target); the leaves
        are the rows with is_indicator true, or, without that column, the rows no node names as
        parent.
    variables : pandas.DataFrame or list of Variable, optional
        Raw variables (the columns of ``variables_frame()``).
    info : FrameworkInfo or dict, optional
        Title and provenance (keys id, name_zh, name_en, note).

    Returns
    -------
    Framework

    Raises
    ------
    DuplicateError, UnknownIdError, FrameworkError, ValidationError
    """
    columns = {str(c) for c in nodes.columns}
    if {"Level", "iCode"} <= columns:
        return _framework_from_imeta(nodes, variables, info)
    _check_columns(nodes, required=["id"], allowed=NODE_COLUMNS + INDICATOR_FIELDS, what="node")
    rows = _records(nodes)
    node_list = [_core.Node(_text(r["id"]), _text(r.get("parent")),
                            _number(r.get("weight"), 1.0, "weight", _text(r["id"])), name_zh=_text(r.get("name_zh")), name_en=_text(r.get("name_en")),
                            aggregation=_text(r.get("aggregation")), note=_text(r.get("note"))) for r in rows]
    if indicators is None:
        parents = {_text(r.get("parent")) for r in rows}
        leaves = [r for r in rows
                  if (_flag(r.get("is_indicator"), False, "is_indicator") if "is_indicator" in columns
                      else _text(r["id"]) not in parents)]
        indicator_list = [_indicator_from_row(r, with_note=False) for r in leaves]
    else:
        indicator_list = _objects(indicators, lambda r: _indicator_from_row(r, with_note=True))
    names = {ind.id: (ind.name_zh, ind.name_en) for ind in indicator_list}
    for node in node_list:  # a leaf's names that repeat its indicator's stay implicit, as in the JSON
        zh, en = names.get(node.id, ("", ""))
        node.name_zh = "" if node.name_zh == zh else node.name_zh
        node.name_en = "" if node.name_en == en else node.name_en
    return _core.Framework(_objects(variables, _variable_from_row), indicator_list, node_list,
                           info=_framework_info(info))


# ---- Panel ------------------------------------------------------------------------------------

def _panel_to_frame(self: _core.Panel, layout: str = "long") -> pd.DataFrame:
    """The panel as a DataFrame, with the rows the CSV writer writes.

    Parameters
    ----------
    layout : {'long', 'wide'}
        'long': columns code, variable, year, value, note, ordered by year, then variable, then
        region (axis order). A row for every present value, every note, and (value NaN) for the
        cells that keep the axes, so that ``Panel.from_frame`` gives back an equal panel: every
        region in the first (year, variable) block, the first region of every variable in the first
        year, the first cell of the last year.
        'wide': columns code, year, one per variable, each followed by ``<variable>#note`` when
        that variable has notes; one row per (code, year), region-major, every region and year of
        the axes.
        Notes are '' where there is none.

    Returns
    -------
    pandas.DataFrame
        With the panel's provenance record in ``attrs`` (its illustrative flag).
    """
    return stamp(_panel_rows(self, layout), of_panel(self))


def _panel_rows(self: _core.Panel, layout: str) -> pd.DataFrame:
    if layout not in ("long", "wide"):
        raise located(ValidationError, f"unknown layout '{layout}' (expected long, wide)")
    values = self.values
    n_regions, n_variables, n_years = values.shape
    codes = np.asarray(self.regions, dtype=object)
    variables = np.asarray(self.variables, dtype=object)
    note_r, note_v, note_year, note_text = self._notes()
    note_t = note_year - self.first_year
    if layout == "long":
        by_year = values.transpose(2, 1, 0)  # (t, v, r): the storage order
        keep = ~np.isnan(by_year)
        if keep.size:
            keep[0, 0, :] = True
            keep[0, :, 0] = True
            keep[-1, 0, 0] = True
        keep[note_t, note_v, note_r] = True
        t, v, r = np.nonzero(keep)
        notes = np.full(r.size, "", dtype=object)
        if note_text:
            flat = (t * n_variables + v) * n_regions + r
            notes[np.searchsorted(flat, (note_t * n_variables + note_v) * n_regions + note_r)] = note_text
        return pd.DataFrame({"code": codes[r], "variable": variables[v],
                             "year": (t + self.first_year).astype(np.int64), "value": by_year[t, v, r],
                             "note": notes}, columns=LONG_COLUMNS)
    frame = pd.DataFrame(values.transpose(0, 2, 1).reshape(n_regions * n_years, n_variables),
                         columns=list(self.variables))
    frame.insert(0, "code", np.repeat(codes, n_years))
    frame.insert(1, "year", np.tile(np.arange(self.first_year, self.first_year + n_years, dtype=np.int64),
                                    n_regions))
    texts = np.asarray(note_text, dtype=object)
    for v in np.unique(note_v):
        column = np.full(n_regions * n_years, "", dtype=object)
        mine = note_v == v
        column[note_r[mine] * n_years + note_t[mine]] = texts[mine]
        frame.insert(frame.columns.get_loc(self.variables[v]) + 1, self.variables[v] + NOTE_SUFFIX, column)
    return frame


_CODE_NAMES = ("code", "region")  #: the column (or index level) that holds region codes, in either spelling
_AXIS_NAMES = _CODE_NAMES + ("variable", "year")


def _panel_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its named index levels among code, region, variable and year turned into
    columns and a `region` column called `code`; every other index is ignored."""
    levels = [name for name in frame.index.names if name in _AXIS_NAMES]
    for name in levels:
        if name in frame.columns:
            raise located(ValidationError, f"'{name}' is both an index level and a column: drop one, e.g. "
                          f"frame.reset_index(level='{name}', drop=True)", column_name=name)
    if levels:
        frame = frame.reset_index(level=levels)
    names = [str(c) for c in frame.columns]
    if "region" in names:
        if "code" in names:
            raise located(ValidationError, "both a 'code' and a 'region' column (or index level): drop one",
                          column_name="region")
        frame = frame.rename(columns={"region": "code"})
    elif "code" not in names:
        raise located(ValidationError,
                      f"no 'code' or 'region' column or index level among {names}: name the column of region "
                      "codes, e.g. frame.rename(columns={'county': 'code'})", column_name="code")
    if "year" not in names:
        raise located(ValidationError, "no 'year' column or index level: add the year the values are for, e.g. "
                      "frame.assign(year=2022)", column_name="year")
    return frame


def _panel_layout(frame: pd.DataFrame, layout: Optional[str]) -> str:
    """'long' when the frame has a 'variable' column (one row per value), else 'wide'; a given
    layout is checked."""
    if layout is None:
        return "long" if "variable" in frame.columns else "wide"
    if layout not in ("long", "wide"):
        raise located(ValidationError, f"unknown layout '{layout}' (expected long, wide or None to detect it)")
    return layout


def _panel_from_frame(frame: pd.DataFrame, layout: Optional[str] = None, *, code_scheme: str = "gbt2260",
                      regions: Optional[_core.RegionSet] = None, min_year: int = 1949,
                      max_year: int = 2100) -> _core.Panel:
    """A Panel from a DataFrame: its whole columns go to the panel builder of the CSV readers (C++
    io::panel_from_records), so a frame and a CSV file are checked by the same rules.

    Parameters
    ----------
    frame : pandas.DataFrame
        'long': columns code, variable, year, value and optionally note, one row per value.
        'wide': columns code, year, one per variable and optionally ``<variable>#note``, one row per
        (code, year). The codes may be in a ``region`` column instead, and code, region, variable
        and year may be index levels (a (code, year) MultiIndex, say); an unnamed index is ignored.
        Missing values are NaN, None or pd.NA; notes '' or missing for none. Codes are text: whole
        numbers (130102, or 130102.0 as pandas reads a column with gaps) become their digits, and
        every table countyleap returns has text codes, in an index named ``code``. Region and
        variable axes follow the order of first appearance (wide: the column order); the year axis
        spans the smallest to the largest year.
    layout : {None, 'long', 'wide'}
        None (default): long when the frame has a ``variable`` column, else wide.
    code_scheme : {'gbt2260', 'free'}
        How codes are checked when `regions` is not given: 'free' for codes that are not GB/T 2260
        county codes (ISO country codes, made-up ids).
    regions : RegionSet, optional
        Resolve codes through its code history; a code not in the set is an UnknownIdError.
    min_year, max_year : int
        Accepted year range.

    Returns
    -------
    Panel

    Raises
    ------
    ValidationError
        No code (or region) or year column, both code and region, an unknown column of a long
        frame, a text column in a wide frame, a missing code or year, a fractional year, an
        infinite value, a year out of range; each message names the fix.
    DuplicateError
        The same (code, variable, year) twice (wide: the same (code, year) row twice), naming both
        rows by 0-based position.
    CodeFormatError, UnknownIdError
        A malformed code (the message names ``code_scheme='free'``); a code not in `regions`.
    """
    frame = _panel_columns(frame)
    layout = _panel_layout(frame, layout)
    options = dict(code_scheme=code_scheme, regions=regions, min_year=min_year, max_year=max_year)
    if layout == "long":
        _check_columns(frame, required=LONG_COLUMNS[:4], allowed=LONG_COLUMNS, what="long panel")
        region_index, region_labels = pd.factorize(_code_column(frame["code"]))
        variable_index, variable_labels = pd.factorize(_label_column(frame["variable"], "variable"))
        notes = _note_column(frame["note"]).tolist() if "note" in frame.columns else None
        return _with_scheme_hint(lambda: _core.Panel._from_records(
            list(region_labels), list(variable_labels), region_index, variable_index, _year_column(frame["year"]),
            _float_column(frame["value"], "value"), notes, **options), options)
    names = [str(c) for c in frame.columns]
    variables = [c for c in names if c not in ("code", "year") and not c.endswith(NOTE_SUFFIX)]
    for name in names:
        if name.endswith(NOTE_SUFFIX) and name[:-len(NOTE_SUFFIX)] not in variables:
            raise located(ValidationError, f"note column without its variable column '{name[:-len(NOTE_SUFFIX)]}': "
                          f"add that column or drop this one, e.g. frame.drop(columns=['{name}'])", column_name=name)
    n_rows, n_variables = len(frame), len(variables)
    region_index, region_labels = pd.factorize(_code_column(frame["code"]))
    columns = [_wide_column(frame.iloc[:, names.index(v)], v) for v in variables]
    values = np.column_stack(columns) if columns else np.empty((n_rows, 0))
    notes = None
    note_columns = [v for v in variables if v + NOTE_SUFFIX in names]
    if note_columns:
        note_matrix = np.full((n_rows, n_variables), "", dtype=object)
        for v in note_columns:
            note_matrix[:, variables.index(v)] = _note_column(frame.iloc[:, names.index(v + NOTE_SUFFIX)])
        notes = note_matrix.ravel().tolist()
    return _with_scheme_hint(lambda: _core.Panel._from_records(
        list(region_labels), variables, np.repeat(region_index, n_variables),
        np.tile(np.arange(n_variables, dtype=np.int64), n_rows), np.repeat(_year_column(frame["year"]), n_variables),
        values.ravel(), notes, np.repeat(np.arange(n_rows, dtype=np.int64), n_variables), **options), options)


def _wide_column(series: pd.Series, column: str) -> np.ndarray:
    """A variable column of a wide frame; a column of text (region names, say) is refused with the
    fix."""
    try:
        return _float_column(series, column)
    except ValidationError:
        raise located(ValidationError, "not numbers: a wide panel has code, year and one numeric column per "
                      f"variable; drop other columns first, e.g. frame.drop(columns=['{column}'])",
                      column_name=column) from None


def _with_scheme_hint(build: Any, options: Mapping[str, Any]) -> _core.Panel:
    """`build()`, with the hint ``code_scheme='free'`` added to a malformed GB/T 2260 code."""
    try:
        return build()
    except _core.CodeFormatError as error:
        if options["regions"] is not None or options["code_scheme"] != "gbt2260":
            raise
        raise located(_core.CodeFormatError, f"{error.detail}; for codes that are not GB/T 2260 county codes pass "
                      "code_scheme='free'", column_name=error.column_name or "code", id=error.id) from None


# ---- Plan -------------------------------------------------------------------------------------

def _tier_count_cells(plan: _core.Plan, phase: _core.Phase) -> dict[str, Any]:
    counts = phase.tier_counts
    return {label: counts.get(label, pd.NA) for label in plan.tier_labels}


def _tier_counts(self: _core.Plan) -> pd.DataFrame:
    """The tier counts of every phase, in the order given.

    Returns
    -------
    pandas.DataFrame
        Columns year (the evaluation year), one per tier label best first (e.g. A, B, C; NA where a
        phase does not state a count), publication_year, publication_year_inferred, phase (id),
        name_zh, name_en, baseline.
    """
    labels = self.tier_labels
    rows = [{"year": p.evaluation_year, **_tier_count_cells(self, p), "publication_year": p.publication_year,
             "publication_year_inferred": p.publication_year_inferred, "phase": p.id, "name_zh": p.name_zh,
             "name_en": p.name_en, "baseline": p.baseline} for p in self.phases]
    columns = ["year", *labels, "publication_year", "publication_year_inferred", "phase", "name_zh", "name_en",
               "baseline"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"year": "int64", **dict.fromkeys(labels, "Int64"), "publication_year": "int64",
         "publication_year_inferred": "bool", "baseline": "bool"})


def _region_tiers(items: Sequence[_core.RegionTier]) -> pd.DataFrame:
    rows = [{"code": g.code, "year": g.evaluation_year, "tier": g.tier, "inferred": g.inferred, "note": g.note}
            for g in items]
    return pd.DataFrame(rows, columns=["code", "year", "tier", "inferred", "note"]).astype(
        {"year": "int64", "inferred": "bool"})


def _region_goals(self: _core.Plan) -> pd.DataFrame:
    """Per-region tier goals: code, year (evaluation year), tier, inferred, note."""
    return _region_tiers(self.goals)


def _observed_tiers(self: _core.Plan) -> pd.DataFrame:
    """Observed tiers (evaluation results the plan reports): code, year, tier, inferred, note."""
    return _region_tiers(self.observed)


def _indicator_targets(self: _core.Plan) -> pd.DataFrame:
    """Indicator level targets: indicator, tier, year, value, unit, section, note."""
    columns = ["indicator", "tier", "year", "value", "unit", "section", "note"]
    rows = [{c: getattr(t, c) for c in columns} for t in self.indicator_target_list]
    return pd.DataFrame(rows, columns=columns).astype({"year": "int64", "value": "float64"})


def _growth_targets(self: _core.Plan) -> pd.DataFrame:
    """Growth targets: variable, min_rate_pct, rule, from_year, to_year, years_inferred, section,
    note."""
    columns = ["variable", "min_rate_pct", "rule", "from_year", "to_year", "years_inferred", "section", "note"]
    rows = [{c: getattr(g, c) for c in columns} for g in self.growth_target_list]
    return pd.DataFrame(rows, columns=columns).astype(
        {"min_rate_pct": "float64", "from_year": "int64", "to_year": "int64", "years_inferred": "bool"})


def _phases_frame(self: _core.Plan) -> pd.DataFrame:
    """The phases: id, name_zh, name_en, evaluation_year, publication_year,
    publication_year_inferred, baseline, one column per tier label, note."""
    labels = self.tier_labels
    rows = [{"id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "evaluation_year": p.evaluation_year,
             "publication_year": p.publication_year, "publication_year_inferred": p.publication_year_inferred,
             "baseline": p.baseline, **_tier_count_cells(self, p), "note": p.note} for p in self.phases]
    columns = ["id", "name_zh", "name_en", "evaluation_year", "publication_year", "publication_year_inferred",
               "baseline", *labels, "note"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"evaluation_year": "int64", "publication_year": "int64", "publication_year_inferred": "bool",
         "baseline": "bool", **dict.fromkeys(labels, "Int64")})


TIER_COLUMNS = ["label", "bound", "inclusive", "relative", "name_zh", "name_en"]


def _scheme_frame(self: _core.TierScheme) -> pd.DataFrame:
    """The tiers of the scheme, best first: label, bound (NaN where unused, e.g. the last tier),
    inclusive, relative, name_zh, name_en. What `bound` means depends on the scheme's ``rule``
    (fixed: lowest score; relative_to_mean: multiple of the mean; quota: count or share;
    targets_met: k)."""
    rows = [{c: getattr(t, c) for c in TIER_COLUMNS} for t in self.tiers]
    frame = pd.DataFrame(rows, columns=TIER_COLUMNS)
    frame["bound"] = frame["bound"].astype("float64")  # None (unused) becomes NaN
    return frame.astype({"inclusive": "bool", "relative": "bool"})


def _tiers_frame(self: _core.Plan) -> pd.DataFrame:
    """The plan's tiers, best first (see TierScheme.to_frame; the rule is ``plan.tiers.rule``)."""
    return _scheme_frame(self.tiers)


def _facts_frame(self: _core.Plan) -> pd.DataFrame:
    """Other figures of the plan: id, value, unit, from_year, to_year (0 = not stated), section,
    note."""
    columns = ["id", "value", "unit", "from_year", "to_year", "section", "note"]
    rows = [{c: getattr(f, c) for c in columns} for f in self.facts]
    return pd.DataFrame(rows, columns=columns).astype({"value": "float64", "from_year": "int64", "to_year": "int64"})


# ---- derive -----------------------------------------------------------------------------------

def _issues(self: _core.Derived) -> pd.DataFrame:
    """The values that could not be derived: code, indicator, year, reason, detail.

    ``reason`` is one of source_missing, denominator_missing, denominator_zero, base_year_outside,
    base_missing, base_not_positive, cagr_undefined, out_of_range; ``detail`` names the variables
    and values involved.
    """
    return pd.DataFrame(self.issue_columns(), columns=ISSUE_COLUMNS).astype({"year": "int64"})
