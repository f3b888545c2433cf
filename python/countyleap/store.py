"""The county S&T indicator database (科技指标数据库) from Python: :class:`Store` wraps the library's
store (``countyleap._core.Store``, C++ and SQLite: append-only observations with provenance,
vintages, validation rules as data) and gives its tables as DataFrames.

    import countyleap as cl
    store = cl.Store.from_dataset("leap.db", cl.datasets.shijiazhuang())   # regions, framework, plan, flag
    cl.excel.write_template("130123-2023.xlsx", store.dataset(), region="130123", year=2023)
    store.import_file("130123-2023.xlsx", submitted_by="正定县统计局")        # one batch, atomically
    store.status(2023)                                   # who submitted, what is missing or flagged
    ds = store.dataset(as_of="2024-05-01")               # works wherever a Dataset does
    ds.study().tiers(year=2023)

Every rule (validation, vintages, what is current) is the library's; this module converts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

import pandas as pd

from . import _core, _provenance, datasets
from ._columns import columns_frame
from ._errors import FileError, ValidationError, located

__all__ = ["ImportResult", "Store", "StoreDataset"]

AsOf = Any  #: None (latest), a batch id (int or "17" / "batch:17") or an ISO 8601 date-time

REPORT_COLUMNS = ["rule", "severity", "code", "variable", "year", "value", "found", "expected", "where", "row",
                  "message"]
CAVEAT_COLUMNS = ["code", "variable", "year", "value", "status", "flags", "where"]


def report_frame(columns: Mapping[str, Sequence[Any]]) -> pd.DataFrame:
    """A validation report (the library's findings) as a DataFrame: rule, severity, code,
    variable, year, value, found, expected, where, row, message."""
    return columns_frame(columns, order=REPORT_COLUMNS)


@dataclass
class ImportResult:
    """What an import did: outcome ('committed', 'duplicate', 'rejected', 'dry_run'), the batch,
    rows added, rows flagged, one line saying what happened, and the report (a DataFrame)."""

    outcome: str
    batch: int
    rows: int
    flagged: int
    message: str
    report: pd.DataFrame

    @classmethod
    def _from(cls, result: Mapping[str, Any]) -> "ImportResult":
        return cls(outcome=result["outcome"], batch=int(result["batch"]), rows=int(result["rows"]),
                   flagged=int(result["flagged"]), message=result["message"], report=report_frame(result["report"]))

    @property
    def ok(self) -> bool:
        """True unless the import was rejected."""
        return self.outcome != "rejected"


class StoreDataset:
    """A store's data as of a vintage, usable wherever a :class:`countyleap.Dataset` is:
    ``regions``, ``framework``, ``plan``, ``panel``, ``directory`` (the database file), ``name``,
    ``illustrative``, ``info``, ``spec``, ``study()``; and what only a store knows: ``vintage``
    (as_of, batch, committed_at, content_hash) and ``caveats`` (the provisional and flagged values:
    code, variable, year, value, status, flags, where)."""

    def __init__(self, store: "Store", result: Mapping[str, Any]) -> None:
        self._dataset: _core.Dataset = result["dataset"]
        self.info: dict = dict(result["info"])
        self.vintage: dict = dict(result["vintage"])
        self.caveats: pd.DataFrame = _provenance.stamp(store._caveats(self.vintage), store._record(self.vintage))

    def __getattr__(self, name: str) -> Any:  # regions, framework, plan, panel, directory, panel_file
        return getattr(self._dataset, name)

    @property
    def name(self) -> str:
        """The data's name (the store's metadata)."""
        return self.info["name"]

    @property
    def illustrative(self) -> bool:
        """Whether the store's data are illustrative (its metadata): every output says so."""
        return bool(self.info["illustrative"])

    @property
    def spec_file(self) -> Optional[str]:
        """The method's file: the bundled dataset's spec.json when the store's data are that
        dataset's (its name), else None (the pipeline's defaults)."""
        try:
            folder = datasets.directory(self.info["name"])
        except (FileError, ValidationError):  # not a bundled dataset's name
            return None
        path = os.path.join(folder, "spec.json")
        return path if os.path.isfile(path) else None

    @property
    def spec(self) -> Optional[_core.PipelineSpec]:
        """The method read from :attr:`spec_file`, or None."""
        path = self.spec_file
        return _core.read_pipeline_spec(path) if path is not None else None

    def study(self, **options: Any):
        """The data as a :class:`countyleap.Study` that records this vintage (``spec=``: another
        method than :attr:`spec`)."""
        from .study import Study

        return Study.from_dataset(self, **options)

    def __repr__(self) -> str:
        return (f"<StoreDataset {self.directory!r} batch {self.vintage['batch']}"
                f"{', ILLUSTRATIVE' if self.illustrative else ''}>")


class Store:
    """The indicator database: one SQLite file (see ``docs/store.md``).

    Parameters
    ----------
    path : str or path
        An existing store (``Store.create`` or ``countyleap db init`` makes one).
    read_only : bool
        Open for reading only.
    busy_timeout_ms : int
        How long a writer waits for another one.
    """

    def __init__(self, path: Any, *, read_only: bool = False, busy_timeout_ms: int = 10000) -> None:
        self._store = _core.Store(os.fspath(path), read_only=read_only, busy_timeout_ms=busy_timeout_ms)

    @classmethod
    def _wrap(cls, core: _core.Store) -> "Store":
        store = cls.__new__(cls)
        store._store = core
        return store

    @classmethod
    def create(cls, path: Any, regions: _core.RegionSet, *, framework: Optional[_core.Framework] = None,
               plan: Optional[_core.Plan] = None, rules: Any = None, name: str = "", illustrative: bool = False,
               comments: Sequence[str] = (), note: str = "") -> "Store":
        """A new store file with the regions, framework, plan, rules (default: derived from the
        framework and plan) and the data's metadata (name, illustrative flag, comments, note)."""
        return cls._wrap(_core.Store.create(os.fspath(path), regions, framework=framework, plan=plan, rules=rules,
                                            name=name, illustrative=illustrative, comments=list(comments),
                                            note=note))

    @classmethod
    def from_dataset(cls, path: Any, dataset: Any, *, rules: Any = None) -> "Store":
        """A new store with a dataset's regions, framework, plan and metadata (dataset.json: name,
        illustrative, comments, note); no observations (import them)."""
        info = dataset.info
        return cls.create(path, dataset.regions, framework=dataset.framework, plan=dataset.plan, rules=rules,
                          name=info["name"], illustrative=info["illustrative"], comments=info["comments"],
                          note=info["note"])

    # ---- the connection ---------------------------------------------------------------------------

    def close(self) -> None:
        """Closes the file (the store cannot be used afterwards)."""
        self._store.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        # path, schema_version, regions, framework, plan, info, rules_json, put_*: the library's
        return getattr(self._store, name)

    def __repr__(self) -> str:
        return f"<Store {self._store.path!r}>"

    # ---- writing ----------------------------------------------------------------------------------

    def check(self, rows: Mapping[str, Sequence[Any]], *, rules: Any = None) -> pd.DataFrame:
        """The rules' findings on `rows` (a dry run: nothing is written), as a DataFrame."""
        return report_frame(self._store.check(dict(rows), rules=rules))

    def import_rows(self, rows: Mapping[str, Sequence[Any]], *, source_file: str, submitted_by: str,
                    source_sha256: str = "", submitted_at: str = "", note: str = "", dry_run: bool = False,
                    rules: Any = None) -> ImportResult:
        """Imports row records (columns code, variable, year, value, ...; e.g. ``Submission.rows``)
        as one batch: all or nothing."""
        return ImportResult._from(self._store.import_rows(
            dict(rows), source_file=source_file, submitted_by=submitted_by, source_sha256=source_sha256,
            submitted_at=submitted_at, note=note, dry_run=dry_run, rules=rules))

    def import_file(self, path: Any, *, submitted_by: str, region: Optional[str] = None, year: Optional[int] = None,
                    status: str = "final", layout: str = "long", encoding: str = "utf-8",
                    submitted_at: str = "", note: str = "", dry_run: bool = False) -> ImportResult:
        """Imports a filled template (.xlsx, read by :func:`countyleap.excel.read_workbook`, which
        checks `region` and `year` when given) or a panel CSV (`layout` 'long' or 'wide'; read by
        the library) as one batch.

        Raises
        ------
        ValidationError
            A workbook of the wrong shape (names file, sheet and cell); `region`/`year` with a CSV.
        FileError
            The file cannot be read.
        """
        path = os.fspath(path)
        if path.lower().endswith((".xlsx", ".xlsm")):
            from .excel import read_workbook

            sub = read_workbook(path, region=region, year=year, status=status)
            return self.import_rows(sub.rows, source_file=sub.source_file, source_sha256=sub.sha256,
                                    submitted_by=submitted_by, submitted_at=submitted_at, note=note, dry_run=dry_run)
        if region is not None or year is not None:
            raise located(ValidationError, "region and year are checked for Excel templates; a CSV names them "
                                           "in its rows", file=path)
        return ImportResult._from(self._store.import_csv(path, submitted_by=submitted_by, layout=layout,
                                                         status=status, encoding=encoding, submitted_at=submitted_at,
                                                         note=note, dry_run=dry_run))

    # ---- reading ----------------------------------------------------------------------------------

    def vintage(self, as_of: AsOf = None) -> dict:
        """The vintage `as_of` names: as_of, batch, committed_at, content_hash."""
        return dict(self._store.vintage(as_of))

    def panel(self, *, as_of: AsOf = None, status: Optional[Sequence[str]] = None) -> tuple[_core.Panel, dict]:
        """The panel as it stood at `as_of` (bit-identical whenever asked), and its vintage."""
        panel, vintage = self._store.panel(as_of=as_of, status=status)
        return panel, dict(vintage)

    def dataset(self, *, as_of: AsOf = None, status: Optional[Sequence[str]] = None) -> StoreDataset:
        """Regions, framework, plan and the panel as of `as_of`, with the metadata, the vintage and
        the caveats: a :class:`StoreDataset`, usable wherever a Dataset is."""
        return StoreDataset(self, self._store.dataset(as_of=as_of, status=status))

    def history(self, code: str, variable: str, year: int) -> pd.DataFrame:
        """Every row of one cell, oldest first, with provenance and flags."""
        return columns_frame(self._store.history(code, variable, year))

    def batches(self) -> pd.DataFrame:
        """Every batch, oldest first: id, source_file, source_sha256, submitted_by, submitted_at,
        committed_at, note, rows, flagged."""
        return columns_frame(self._store.batches())

    def diff(self, a: AsOf, b: AsOf = None) -> pd.DataFrame:
        """The cells whose value or status differs between vintages `a` and `b` (default: latest)."""
        return columns_frame(self._store.diff(a, b))

    def status(self, year: int, *, as_of: AsOf = None) -> pd.DataFrame:
        """Per in-scope region: submitted, expected, present, provisional, flagged, missing (list),
        flagged_variables (list), last_batch, last_submitted_at (督导: whom to chase); ``attrs``: the
        store's provenance record at that vintage."""
        return _provenance.stamp(columns_frame(self._store.status(year, as_of=as_of)),
                                 self._record(self.vintage(as_of)))

    def flags(self, *, as_of: AsOf = None) -> pd.DataFrame:
        """The stored warning findings of the values current at `as_of`."""
        return report_frame(self._store.flags(as_of=as_of))

    def _record(self, vintage: Mapping[str, Any]) -> dict:
        """The provenance record of a table read from the store at `vintage` (no method)."""
        info = self._store.info
        return _provenance.record(dataset=info["name"], illustrative=info["illustrative"], data=self._store.path,
                                  vintage=vintage, spec=None)

    def _caveats(self, vintage: Mapping[str, Any]) -> pd.DataFrame:
        """The provisional and flagged values current at `vintage` (its batch): code, variable,
        year, value, status, flags (rule ids), where (sheet!cell or line of the source)."""
        as_of = int(vintage["batch"])
        if as_of == 0:
            return pd.DataFrame(columns=CAVEAT_COLUMNS)
        cells: dict[tuple[str, str, int], dict] = {}
        provisional, _ = self.panel(as_of=as_of, status=["provisional"])
        long = provisional.to_frame("long")
        for row in long[long["value"].notna()].itertuples(index=False):
            cells[(row.code, row.variable, int(row.year))] = {"value": float(row.value), "status": "provisional",
                                                             "flags": [], "where": ""}
        for row in self.flags(as_of=as_of).itertuples(index=False):
            key = (row.code, row.variable, int(row.year))
            cell = cells.setdefault(key, {"value": row.value, "status": "", "flags": [], "where": row.where})
            cell["flags"].append(row.rule)
            cell["where"] = cell["where"] or row.where
        for (code, variable, year), cell in cells.items():
            if not cell["status"] or not cell["where"]:
                # the current row's status and source, from the cell's history up to the vintage
                history = self.history(code, variable, year)
                current = history[history["batch"] <= as_of].iloc[-1]
                cell["status"] = cell["status"] or current["status"]
                cell["where"] = cell["where"] or f"{current['source_file']} {current['where']}".strip()
        frame = pd.DataFrame([{"code": k[0], "variable": k[1], "year": k[2], **v} for k, v in sorted(cells.items())],
                             columns=CAVEAT_COLUMNS)
        return frame
