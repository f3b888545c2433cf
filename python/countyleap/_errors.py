"""The countyleap exception classes (created by the compiled core) and the helper that raises
them from Python code with a location, exactly as the C++ errors are raised.

Every class is a ``countyleap.Error``, itself a ``ValueError``; ``UnknownIdError`` is also a
``KeyError``, ``FileError`` an ``OSError`` and ``StoreError`` (a FileError, with ``fault``) a store
that cannot be used. Each instance carries ``file``, ``line``,
``column``, ``column_name``, ``id`` (where the problem is; empty or 0 when unknown) and
``detail`` (the message without the location); ``str()`` is the full message.
"""

from __future__ import annotations

from ._core import (
    CodeFormatError,
    DuplicateError,
    EncodingError,
    Error,
    FileError,
    FrameworkError,
    ParseError,
    PlanError,
    StoreError,
    UnknownIdError,
    ValidationError,
    _make_error,
)

__all__ = [
    "CodeFormatError",
    "DuplicateError",
    "EncodingError",
    "Error",
    "FileError",
    "FrameworkError",
    "ParseError",
    "PlanError",
    "StoreError",
    "UnknownIdError",
    "ValidationError",
    "located",
]


def located(cls: type[Error], detail: str, *, column_name: str = "", id: str = "", file: str = "",
            line: int = 0, column: int = 0) -> Error:
    """An instance of `cls` whose message is ``'<location>: <detail>'``, as the C++ errors read.

    Parameters
    ----------
    cls : type
        One of the countyleap exception classes.
    detail : str
        What is wrong.
    column_name, id, file, line, column
        Where: the column, the region code or id involved, and a file position if there is one.

    Returns
    -------
    Error
        The exception, ready to ``raise``.
    """
    return _make_error(cls, detail, file=file, line=line, column=column, column_name=column_name, id=id)
