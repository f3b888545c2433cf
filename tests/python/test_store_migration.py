"""A store written by an earlier countyleap opens in this one: the file is migrated forward in one
transaction and reads exactly as it did.

tests/data/store_v1/leap-v1.db was written by countyleap 0.1.0 at 576da3e (schema 1: one SQL row per value);
expected-v1.json holds what that version read from it (see tests/data/store_v1/README.md): every
vintage's content hash and panel, the final-only hashes, the history of six cells (an old code, a
-0.0, a revision with a yoy flag, a retraction, a missing value with its reason, a workbook cell),
the batches, flags, status and a diff. The second implementation here is schema 1's own reader.
"""

import json
import math
import shutil
import sqlite3
from pathlib import Path

import pytest

import countyleap as cl
from countyleap import _core

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "store_v1"


def records(frame):
    """A DataFrame as JSON-like records, NaN as None, as expected-v1.json was written."""
    frame = frame.reset_index() if frame.index.name else frame

    def clean(x):
        if isinstance(x, float) and math.isnan(x):
            return None
        if hasattr(x, "item"):
            return x.item()
        if isinstance(x, (list, tuple)):
            return [clean(y) for y in x]
        return x
    return [{k: clean(v) for k, v in r.items()} for r in frame.to_dict(orient="records")]


@pytest.fixture
def v1_copy(tmp_path):
    path = tmp_path / "leap.db"
    shutil.copy(FIXTURE / "leap-v1.db", path)
    return path


@pytest.fixture(scope="module")
def expected():
    return json.loads((FIXTURE / "expected-v1.json").read_text(encoding="utf-8"))


def user_version(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def test_the_fixture_is_schema_1(expected):
    assert expected["schema_version"] == 1
    assert user_version(FIXTURE / "leap-v1.db") == 1


def test_a_schema_1_store_read_only_is_refused_not_changed(v1_copy):
    before = v1_copy.read_bytes()
    with pytest.raises(cl.StoreError, match="schema version 1 and must be migrated to 2.*read-only") as e:
        cl.Store(v1_copy, read_only=True)
    assert e.value.fault == "read_only"
    assert v1_copy.read_bytes() == before


def test_a_schema_1_store_reads_after_migration_exactly_as_schema_1_read_it(v1_copy, expected):
    with cl.Store(v1_copy) as store:
        assert store.schema_version == 2
        for as_of, want in expected["vintages"].items():
            panel, vintage = store.panel(as_of=as_of)
            assert vintage == want["vintage"], as_of
            assert _core.format_panel_csv(panel) == want["panel_csv"], as_of
            assert store.panel(as_of=as_of, status=["final"])[1]["content_hash"] == want["final_content_hash"], as_of
        for cell, rows in expected["history"].items():
            code, variable, year = cell.split("/")
            got = records(store.history(code, variable, int(year)))
            assert [{k: v for k, v in r.items() if k != "id"} for r in got] == rows, cell
        assert records(store.batches()) == expected["batches"]
        assert records(store.flags()) == expected["flags"]
        assert records(store.status(2021)) == expected["status_2021"]
        assert records(store.diff("1")) == expected["diff_1_latest"]
        # Each batch keeps its id range: row ids are renumbered only within their batch.
        for b in records(store.batches()):
            ids = [r["id"] for cell in expected["history"] for r in records(store.history(*_cell(cell)))
                   if r["batch"] == b["id"]]
            assert all(b["id"] > 0 and _first(store, b["id"]) <= i < _first(store, b["id"]) + b["rows"] for i in ids)
    assert user_version(v1_copy) == 2


def _cell(cell):
    code, variable, year = cell.split("/")
    return code, variable, int(year)


def _first(store, batch):
    con = sqlite3.connect(store.path)
    try:
        return con.execute("SELECT first_observation FROM batch WHERE id = ?", (batch,)).fetchone()[0]
    finally:
        con.close()


def test_the_migrated_file_has_the_new_tables_only_and_stays_append_only(v1_copy):
    cl.Store(v1_copy).close()
    con = sqlite3.connect(v1_copy)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        assert {"observation_block", "observation_detail", "flag", "batch"} <= names
        assert not {"observation", "observation_text"} & names
        # 13 observations of 4 batches: blocks hold them all; the yoy flag follows its row.
        assert con.execute("SELECT sum(n) FROM observation_block").fetchone()[0] == 13
        assert con.execute("SELECT count(*) FROM flag").fetchone()[0] == 1
        for sql in ("UPDATE observation_block SET year = 1999", "DELETE FROM observation_detail",
                    "DELETE FROM flag", "UPDATE flag SET rule = 'x'"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(sql)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def test_a_migrated_store_takes_new_batches(v1_copy, expected):
    with cl.Store(v1_copy) as store:
        result = store.import_rows({"code": ["130123"], "variable": ["patents"], "year": [2021], "value": [43.0],
                                    "status": ["final"]},
                                   source_file="correction.csv", submitted_by="bureau", source_sha256="d" * 64)
        assert result.outcome == "committed" and result.batch == 5
        panel, vintage = store.panel()
        assert vintage["batch"] == 5
        # The retracted cell has a value again; batch 4's vintage is unchanged.
        assert panel.get("130123", "patents", 2021) == 43.0
        assert store.vintage("4") == expected["vintages"]["4"]["vintage"]
