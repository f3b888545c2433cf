"""The one conversion of a binding's result columns into a DataFrame.

Bindings return their tables as columns - a dict of equal-length lists or arrays under the
published column names (``code``, never ``region``; the names are decided in C++). Python only
converts them, here, in one way: no renaming, no reordering beyond what the caller fixes.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

import pandas as pd


def columns_frame(columns: Mapping[str, Any], *, order: Optional[Sequence[str]] = None,
                  index: Optional[str] = None, integers: Iterable[str] = (),
                  nullable_integers: Iterable[str] = ()) -> pd.DataFrame:
    """A binding's columns as a DataFrame.

    Parameters
    ----------
    columns : mapping
        Published column name -> equal-length sequence (as the binding returns them).
    order : list[str], optional
        The columns, in this order (it also gives an empty table its columns).
    index : str, optional
        A column to make the index.
    integers, nullable_integers : iterable of str
        Columns to cast to int64, and to pandas' nullable Int64 (None becomes NA).

    Returns
    -------
    pandas.DataFrame
    """
    frame = pd.DataFrame(columns, columns=list(order) if order is not None else None)
    for name in integers:
        frame[name] = frame[name].astype("int64")
    for name in nullable_integers:
        frame[name] = pd.array(frame[name], dtype="Int64")
    return frame.set_index(index) if index is not None else frame
