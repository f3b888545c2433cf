"""COINr's iMeta is read by one reader (src/coinr.cpp) on every path: cl.read_coinr,
Framework.from_frame and `countyleap evaluate --framework iMeta.csv`. Issue 10: an iMeta with a
Type "Other" row was accepted by read_coinr and rejected by Framework.from_frame."""

import pandas as pd
import pytest

import countyleap as cl
from test_cli import run

OTHER_ROW = '2,"GDP_note","A note column, not an indicator",NA,NA,"Billions",NA,NA,NA,"Other"\n'
BOGUS_ROW = '1,"Odd","An odd row",1,1,NA,NA,NA,"Physical","Bogus"\n'


def with_row(source, folder, row, name):
    path = folder / name
    path.write_text(source.read_text(encoding="utf-8") + row, encoding="utf-8")
    return path


def test_other_row_is_ignored_on_every_path(tmp_path, asem_dir, tables):
    imeta = with_row(asem_dir / "ASEM_iMeta.csv", tmp_path, OTHER_ROW, "iMeta_other.csv")
    idata = asem_dir / "ASEM_iData.csv"
    # read_coinr: the Other row changes nothing
    other = cl.read_coinr(idata, imeta)
    assert other.framework.to_json() == tables.framework.to_json()
    # Framework.from_frame of the same table: accepted, the same framework, no GDP_note anywhere
    frame = pd.read_csv(imeta, dtype={"iCode": str, "Parent": str})
    assert "Other" in set(frame["Type"])
    from_frame = cl.Framework.from_frame(frame)
    assert from_frame.find_indicator("GDP_note") is None and from_frame.find_variable("GDP_note") is None
    assert from_frame.scored_indicators() == tables.framework.scored_indicators()
    assert [n.id for n in from_frame.nodes] == [n.id for n in tables.framework.nodes]
    # the command line with our long panel and the iMeta as the framework: the same scores as the
    # plain iMeta gives
    tables.panel.to_csv(tmp_path / "long.csv", "long")
    tables.regions.to_json(tmp_path / "regions.json")
    results = {}
    for name, meta in (("plain", asem_dir / "ASEM_iMeta.csv"), ("other", imeta)):
        result = run("evaluate", "--data", "long.csv", "--framework", meta, "--regions", "regions.json",
                     "-o", f"{name}.csv", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        results[name] = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
    assert results["other"] == results["plain"]
    assert results["plain"].startswith("code,LPI,")


def test_unknown_type_is_rejected_the_same_way(tmp_path, asem_dir):
    imeta = with_row(asem_dir / "ASEM_iMeta.csv", tmp_path, BOGUS_ROW, "iMeta_bogus.csv")
    with pytest.raises(cl.ValidationError, match="unknown Type 'Bogus'") as by_file:
        cl.read_coinr(asem_dir / "ASEM_iData.csv", imeta)
    assert by_file.value.file.endswith("iMeta_bogus.csv") and by_file.value.column_name == "Type"
    with pytest.raises(cl.ValidationError, match="unknown Type 'Bogus'") as by_frame:
        cl.Framework.from_frame(pd.read_csv(imeta, dtype={"iCode": str, "Parent": str}))
    assert by_frame.value.column_name == "Type"
    assert by_frame.value.line == by_file.value.line  # the same row: the header is line 1 on both


def test_read_imeta_checks_denominators_against_a_panel(tmp_path, asem_dir, tables):
    imeta = asem_dir / "ASEM_iMeta.csv"
    alone = cl.io.read_imeta(imeta)
    assert alone.to_json() == tables.framework.to_json()
    assert cl.io.read_imeta(imeta, panel=tables.panel).to_json() == alone.to_json()
    empty = cl.Panel.from_frame(pd.DataFrame({"code": ["AUT"], "variable": ["LPI"], "year": [2018],
                                              "value": [1.0]}), code_scheme="free")
    with pytest.raises(cl.UnknownIdError, match="Denominator names no column"):
        cl.io.read_imeta(imeta, panel=empty)
