"""The one output writer of the command line: tables as CSV (numbers at full precision, missing
values empty), the JSON sidecar next to them (provenance: version, inputs, spec), and aligned
text tables for the terminal (CJK characters are two columns wide)."""

from __future__ import annotations

import csv
import json
import math
import unicodedata
from typing import Any, Iterable, Optional, Sequence, TextIO

import numpy as np
import pandas as pd

from .. import _provenance

# ---- CSV ----------------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A CSV cell: a float as the shortest text that reads back to the same double, an integer as
    digits, missing (None, NA, NaN) empty, a list joined with ';', a bool as true/false."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return "" if value != value else repr(float(value))
    if isinstance(value, np.generic):  # numpy integers
        return cell(value.item())
    return str(value)


def write_csv(frame: pd.DataFrame, path: str, columns: Optional[Sequence[str]] = None, *,
              index: Optional[str] = None) -> None:
    """Writes `frame` as UTF-8 CSV with cells as :func:`cell` writes them.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : str
    columns : list[str], optional
        The columns to write, in this order (default: all).
    index : str, optional
        Write the index first, under this header (default: no index).
    """
    columns = list(frame.columns if columns is None else columns)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(([index] if index is not None else []) + columns)
        for key, row in zip(frame.index, frame[columns].itertuples(index=False)):
            writer.writerow(([cell(key)] if index is not None else []) + [cell(v) for v in row])


def json_ready(value: Any) -> Any:
    """`value` as JSON can hold it: NaN and NA -> None, numpy numbers -> Python numbers."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def write_record(path: str, record: dict) -> None:
    """Writes the JSON sidecar `record` (UTF-8, indented, NaN as null)."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump(json_ready(record), f, ensure_ascii=False, indent=2, allow_nan=False)
        f.write("\n")


def sidecar(path: str) -> str:
    """The sidecar of output `path`: ``<path>.json``."""
    return path + ".json"


def write_output(path: str, frame: pd.DataFrame, record: dict, *, columns: Optional[Sequence[str]] = None,
                 index: Optional[str] = None) -> None:
    """The one output of a command: `frame` as CSV at `path` (:func:`write_csv`) and `record` (the
    provenance: version, inputs, spec, what the columns mean) as its JSON sidecar ``<path>.json``."""
    write_csv(frame, path, columns, index=index)
    write_record(sidecar(path), record)


# ---- text ---------------------------------------------------------------------------------------


def width(text: str) -> int:
    """Columns `text` takes in a terminal (CJK wide characters count two)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, size: int, right: bool) -> str:
    fill = " " * (size - width(text))
    return fill + text if right else text + fill


def table(out: TextIO, headers: Sequence[str], rows: Iterable[Sequence[str]], right: Iterable[int] = ()) -> None:
    """Writes an aligned table with two-space gaps; the columns in `right` are right-aligned."""
    rows = [list(r) for r in rows]
    right = set(right)
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    for cells in [list(headers)] + rows:
        line = "  ".join(_pad(c, w, i in right) for i, (c, w) in enumerate(zip(cells, widths)))
        out.write("  " + line.rstrip() + "\n")


def notice(out: TextIO, provenance: dict) -> None:
    """The provenance line above a command's text output (:func:`countyleap._provenance.line`:
    ILLUSTRATIVE, data, vintage, version), when the data are illustrative or come from a store."""
    if provenance["illustrative"] or provenance["vintage"]:
        out.write(_provenance.line(provenance) + "\n\n")


def heading(out: TextIO, text: str) -> None:
    """A blank line, then `text`."""
    out.write(f"\n{text}\n")


def num(x: float) -> str:
    """A number as written in the plan: 7000, 1.9, 0.5."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def names(zh: str, en: str) -> str:
    """The Chinese and English names, two spaces apart (either may be empty)."""
    return "  ".join(n for n in (zh, en) if n)


def fmt(x: Any, digits: int = 2) -> str:
    """A number for a text table: fixed digits with thousands separators, '' when missing."""
    if x is None or x is pd.NA:
        return ""
    x = float(x)
    return "" if math.isnan(x) else f"{x:,.{digits}f}"


def signed(x: Any, digits: int = 2) -> str:
    """:func:`fmt` with a '+' on positive numbers."""
    text = fmt(x, digits)
    return text if not text or text.startswith("-") or float(x) == 0 else "+" + text
