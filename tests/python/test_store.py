"""cl._core.Store, the compiled indicator database, from Python (cl.Store wraps it with DataFrames:
test_db.py): rows in as columns, plain columns and dicts out; vintages reproduce a past panel;
typed errors for bad rows and bad files. The rules and the faults are tested in C++
(tests/cpp/test_store.cpp, test_rules.cpp); here the conversion."""

import math

import pytest

import countyleap as cl


@pytest.fixture()
def store(tmp_path):
    ds = cl.read_dataset(cl.bundled_dataset_dir("shijiazhuang"))
    s = cl._core.Store.create(tmp_path / "leap.db", ds.regions, framework=ds.framework, plan=ds.plan,
                        name="shijiazhuang", illustrative=True, comments=["ILLUSTRATIVE"])
    yield s
    s.close()


def rows(**columns):
    return {k: list(v) for k, v in columns.items()}


def test_import_panel_history_and_vintage(store):
    first = store.import_rows(rows(code=["130123", "130123"], variable=["platforms", "tech_smes"], year=[2022, 2022],
                                   value=[4.0, 31.0], status=["provisional", "final"], sheet=["data", "data"],
                                   cell=["D7", "D8"]),
                              source_file="130123-2022.xlsx", source_sha256="a" * 64, submitted_by="Zhengding")
    assert first["outcome"] == "committed"
    assert first["batch"] == 1
    assert first["rows"] == 2
    panel, vintage = store.panel()
    assert vintage["batch"] == 1 and len(vintage["content_hash"]) == 64
    assert panel.comments == ["ILLUSTRATIVE"]
    assert panel.get("130123", "platforms", 2022) == 4.0
    revised = store.import_rows(rows(code=["130123"], variable=["platforms"], year=[2022], value=[5.0],
                                     status=["revised"], note=["audit"]),
                                source_file="fix.xlsx", source_sha256="b" * 64, submitted_by="Zhengding")
    assert revised["batch"] == 2
    again, v1 = store.panel(as_of=1)
    assert again.get("130123", "platforms", 2022) == 4.0
    assert v1["content_hash"] == vintage["content_hash"]
    assert store.panel()[0].get("130123", "platforms", 2022) == 5.0
    h = store.history("130123", "platforms", 2022)
    assert h["value"] == [4.0, 5.0]
    assert h["status"] == ["provisional", "revised"]
    assert h["where"] == ["data!D7", ""]
    assert store.batches()["source_file"] == ["130123-2022.xlsx", "fix.xlsx"]
    assert store.diff(1, 2)["after"] == [5.0]
    st = store.status(2022)
    i = st["code"].index("130123")
    assert st["submitted"][i] and st["present"][i] == 2 and st["provisional"][i] == 0
    d = store.dataset(as_of="batch:1")
    assert d["info"]["illustrative"] is True
    assert d["dataset"].panel.get("130123", "platforms", 2022) == 4.0


def test_a_refused_batch_reports_rule_cell_and_expected(store):
    r = store.import_rows(rows(code=["130123"], variable=["agri_industrialisation_rate"], year=[2022], value=[140.0],
                               sheet=["data"], cell=["D20"]),
                          source_file="bad.xlsx", source_sha256="c" * 64, submitted_by="x")
    assert r["outcome"] == "rejected"
    assert r["batch"] == 0
    errors = [i for i, s in enumerate(r["report"]["severity"]) if s == "error"]
    assert len(errors) == 1
    i = errors[0]
    assert r["report"]["rule"][i] == "range.agri_industrialisation_rate"
    assert r["report"]["expected"][i] == "in [0, 100]"
    assert r["report"]["where"][i] == "data!D20"
    assert r["report"]["value"][i] == 140.0
    # text in a number cell is the `number` rule's, named with its content
    t = store.check(rows(code=["130123"], variable=["platforms"], year=[2022], value=["#DIV/0!"]))
    assert t["rule"][0] == "number" and t["found"][0] == "#DIV/0!"
    assert store.batches()["id"] == []


def test_the_same_file_twice_is_a_no_op(store, tmp_path):
    csv = tmp_path / "130123.csv"
    csv.write_text("code,variable,year,value\n130123,platforms,2022,4\n", encoding="utf-8")
    assert store.import_csv(csv, submitted_by="x")["outcome"] == "committed"
    second = store.import_csv(csv, submitted_by="x")
    assert second["outcome"] == "duplicate"
    assert "already imported as batch 1" in second["message"]
    assert store.batches()["source_sha256"] == [cl.sha256_file(csv)]


def test_a_csv_import_keeps_when_it_was_submitted(store, tmp_path):
    csv = tmp_path / "130123.csv"
    csv.write_text("code,variable,year,value\n130123,platforms,2022,4\n", encoding="utf-8")
    store.import_csv(csv, submitted_by="x", submitted_at="2023-03-01T09:00:00+08:00")
    assert store.batches()["submitted_at"] == ["2023-03-01T09:00:00+08:00"]
    with pytest.raises(cl.ValidationError, match="submitted_at 'soon' is not an ISO 8601"):
        store.import_csv(csv, submitted_by="x", submitted_at="soon")


def test_bad_rows_and_files_are_typed_errors(store, tmp_path):
    with pytest.raises(cl.ValidationError, match="need the column 'year'"):
        store.check({"code": ["130123"], "variable": ["platforms"]})
    with pytest.raises(cl.ValidationError, match="unknown status"):
        store.check(rows(code=["130123"], variable=["platforms"], year=[2022], value=[1.0], status=["final!"]))
    with pytest.raises(cl.UnknownIdError):
        store.panel(as_of=99)
    notdb = tmp_path / "notes.db"
    notdb.write_text("hello", encoding="utf-8")
    with pytest.raises(cl.StoreError) as e:
        cl._core.Store(notdb)
    assert e.value.fault == "not_a_database"
    assert isinstance(e.value, cl.FileError) and isinstance(e.value, OSError)
    assert e.value.file == str(notdb)
    with pytest.raises(cl.FileError):
        cl._core.Store.create(store.path, store.regions)


def test_default_rules_and_validate_rows_without_a_store():
    ds = cl.read_dataset(cl.bundled_dataset_dir("shijiazhuang"))
    import json
    rules = json.loads(cl.default_rules(ds.framework, ds.plan))
    assert rules["schema"] == "countyleap.rules/1"
    ids = [r["id"] for r in rules["rules"]]
    assert "part_whole.fiscal_st_share" in ids
    report = cl.validate_rows(rows(code=["130123"], variable=["industrial_ents"], year=[2022], value=[-1.0]),
                              None, ds.framework, ds.regions)
    assert "range.industrial_ents" in report["rule"]
    assert not any(math.isnan(v) for v in report["value"] if v is not None)
