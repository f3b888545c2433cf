"""Provenance that travels with every output (issue 12, point 7): where the data came from, which
vintage of them, the method (the canonical spec's SHA-256), the library version, and ILLUSTRATIVE
when the data are invented.

The illustrative flag is a property of the data: a dataset folder's ``dataset.json`` or a store's
metadata (read by the library). Only a loose panel CSV, which has neither, is judged by its
comment lines.

A provenance record is a plain dict (JSON-ready), the same in a CSV's sidecar, a DataFrame's
``attrs['provenance']``, a chart's footer line and the bulletin::

    {"version": "0.9.0", "dataset": "shijiazhuang", "illustrative": true,
     "data": "data/shijiazhuang/panel-illustrative.csv",
     "vintage": {"as_of": "", "batch": 22, "committed_at": "...", "content_hash": "..."} or null,
     "spec_sha256": "..."}
"""

from __future__ import annotations

import hashlib
from typing import Any, Mapping, Optional

import pandas as pd

from . import _core

ILLUSTRATIVE_ZH = "示例数据，非官方统计"
ILLUSTRATIVE_EN = "Illustrative data, not official statistics"
ILLUSTRATIVE_WORD = "ILLUSTRATIVE"  #: the word every output made from illustrative data carries

__all__ = ["ILLUSTRATIVE_EN", "ILLUSTRATIVE_WORD", "ILLUSTRATIVE_ZH", "line", "record",
           "stamp"]


def record(*, dataset: str, illustrative: bool, data: str, vintage: Optional[Mapping[str, Any]],
           spec: Optional[_core.PipelineSpec]) -> dict:
    """The provenance record (see the module's text)."""
    return {"version": _core.__version__, "dataset": dataset, "illustrative": bool(illustrative), "data": data,
            "vintage": dict(vintage) if vintage is not None else None,
            "spec_sha256": hashlib.sha256(spec.to_json().encode("utf-8")).hexdigest() if spec is not None else None}


def stamp(frame: pd.DataFrame, provenance: Mapping[str, Any]) -> pd.DataFrame:
    """Puts `provenance` into ``frame.attrs['provenance']`` (and ``attrs['illustrative']``); returns `frame`."""
    frame.attrs["provenance"] = dict(provenance)
    frame.attrs["illustrative"] = bool(provenance["illustrative"])
    return frame


def vintage_text(vintage: Optional[Mapping[str, Any]]) -> str:
    """A vintage as a bulletin or a chart names it: 'batch 22 (2026-12-03T06:00:00Z, rows sha256
    1a2b3c4d…)'; '' without one."""
    if not vintage:
        return ""
    committed = f"{vintage['committed_at']}, " if vintage.get("committed_at") else ""
    return f"batch {vintage['batch']} ({committed}rows sha256 {str(vintage['content_hash'])[:12]}…)"


def line(provenance: Mapping[str, Any]) -> str:
    """One line for a chart's own pixels, a terminal or a page footer: ILLUSTRATIVE first when the
    data are, then the data, the vintage and the version."""
    parts = [f"{ILLUSTRATIVE_WORD}: {ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}"] if provenance["illustrative"] else []
    data = provenance.get("dataset") or provenance.get("data") or ""
    if data:
        parts.append(f"data {data}")
    vintage = vintage_text(provenance.get("vintage"))
    if vintage:
        parts.append(f"vintage {vintage}")
    parts.append(f"countyleap {provenance['version']}")
    return " · ".join(parts)
