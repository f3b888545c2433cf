"""Provenance that travels with every output (issue 12, point 7): where the data came from, which
vintage of them, the method (the canonical spec's SHA-256), the library version, and ILLUSTRATIVE
when the data are invented.

The illustrative flag is a property of the data: a dataset folder's ``dataset.json`` or a store's
metadata (read by the library). A loose panel CSV, or a folder without dataset.json, is judged by its
comment lines.

A provenance record is a plain dict (JSON-ready), the same in a CSV's sidecar, a DataFrame's
``attrs['provenance']``, a chart's footer line and the bulletin::

    {"version": "0.9.0", "dataset": "shijiazhuang", "illustrative": true,
     "data": "data/shijiazhuang/panel-illustrative.csv",
     "vintage": {"as_of": "", "batch": 22, "committed_at": "...", "content_hash": "..."} or null,
     "spec_sha256": "..."}
"""

from __future__ import annotations

import functools
import hashlib
import warnings
import weakref
from typing import Any, Callable, Mapping, Optional

import pandas as pd

from . import _core

ILLUSTRATIVE_ZH = "示例数据，非官方统计"
ILLUSTRATIVE_EN = "Illustrative data, not official statistics"
ILLUSTRATIVE_WORD = "ILLUSTRATIVE"  #: the word every output made from illustrative data carries

__all__ = ["ILLUSTRATIVE_EN", "ILLUSTRATIVE_WORD", "ILLUSTRATIVE_ZH", "RESULTS", "keep", "line", "of",
           "of_panel", "passes_on", "record", "recorded", "result_class", "stamp"]

#: the result classes that keep a record, each marked by :func:`result_class` (the compiled ones by
#: countyleap._classes.attach, which also makes their Python views pass it on)
RESULTS: tuple = ()

# result -> its record; compiled classes take no attributes, and a record must not outlive its result
_KEPT: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


def record(*, dataset: str, illustrative: bool, data: str, vintage: Optional[Mapping[str, Any]],
           spec: Any) -> dict:
    """The provenance record (see the module's text); `spec` a PipelineSpec or UncertaintySpec (its
    canonical JSON is hashed) or None."""
    return {"version": _core.__version__, "dataset": dataset, "illustrative": bool(illustrative), "data": data,
            "vintage": dict(vintage) if vintage is not None else None,
            "spec_sha256": hashlib.sha256(spec.to_json().encode("utf-8")).hexdigest() if spec is not None else None}


def stamp(frame: Any, provenance: Mapping[str, Any]) -> Any:
    """Puts `provenance` into ``frame.attrs['provenance']`` (and ``attrs['illustrative']``) of a
    DataFrame or Series; returns `frame`."""
    frame.attrs["provenance"] = dict(provenance)
    frame.attrs["illustrative"] = bool(provenance["illustrative"])
    return frame


def result_class(cls: type) -> type:
    """Marks `cls` as a result class: its objects keep a record (:func:`keep`); returns `cls`
    (usable as a class decorator)."""
    global RESULTS
    RESULTS = RESULTS + (cls,)
    return cls


def of_panel(panel: _core.Panel, spec: Any = None) -> dict:
    """The record a bare Panel gives: its illustrative flag (the library's rule: its comment
    lines), no dataset, file or vintage; `spec` the method, or None."""
    return record(dataset="", illustrative=panel.illustrative, data="", vintage=None, spec=spec)


def of(value: Any) -> Optional[dict]:
    """The provenance record `value` carries (a copy): a result's (:func:`keep`; data, vintage,
    method, version, illustrative), a DataFrame's or Series' ``attrs['provenance']``; None when what
    made it could not know (see the module's text)."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        kept = value.attrs.get("provenance")
        return dict(kept) if kept is not None else None
    if isinstance(value, RESULTS):
        kept = _KEPT.get(value)
        return dict(kept) if kept is not None else None
    return None


def keep(value: Any, provenance: Optional[Mapping[str, Any]]) -> Any:
    """Gives `value` the record `provenance` and returns it: a DataFrame or Series is stamped, a
    result object keeps it, a list, tuple or dict passes it to each item; anything else (numbers,
    text) is returned as it is, and so is everything when `provenance` is None."""
    if provenance is None:
        return value
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return stamp(value, provenance)
    if isinstance(value, RESULTS):
        _KEPT[value] = dict(provenance)
    elif isinstance(value, (list, tuple)):
        for item in value:
            keep(item, provenance)
    elif isinstance(value, dict):
        for item in value.values():
            keep(item, provenance)
    return value


def _inputs_record(args: tuple, kwargs: Mapping[str, Any], method: Optional[type]) -> Optional[dict]:
    values = [*args, *kwargs.values()]
    for value in values:
        kept = of(value)
        if kept is not None:
            return kept
    panel = next((value for value in values if isinstance(value, _core.Panel)), None)
    if panel is None:
        return None
    spec = None
    if method is not None:
        given = kwargs["spec"] if "spec" in kwargs else args[2] if len(args) > 2 else None
        spec = given if isinstance(given, method) else method(given)
    return of_panel(panel, spec)


def recorded(function: Optional[Callable[..., Any]] = None, *,
             method: Optional[type] = None) -> Any:
    """`function` (an analysis of a panel or a result) whose result keeps the record of its inputs
    (see the module's text); `method` the spec class of its ``spec`` argument (PipelineSpec or
    UncertaintySpec), None when it takes no spec. Usable as ``@recorded`` or ``@recorded(method=...)``."""
    if function is None:
        return functools.partial(recorded, method=method)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = function(*args, **kwargs)
        for w in caught:  # where the caller called, not this wrapper (the compiled core warns one level up)
            warnings.warn(w.message, w.category, stacklevel=2)
        return keep(result, _inputs_record(args, kwargs, method))
    return call


def passes_on(member: Any) -> Any:
    """A Python view of a result class (a function, property or staticmethod) that gives whatever
    it returns the result's record (the view's own ``attrs`` are kept)."""
    if isinstance(member, property):
        return property(passes_on(member.fget), doc=member.__doc__)
    if isinstance(member, staticmethod) or not callable(member):
        return member

    @functools.wraps(member)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        return keep(member(self, *args, **kwargs), of(self))
    return call


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
