"""Readers and writers: panel CSV (both layouts, encodings), JSON, COINr tables, dataset folders."""

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import countyleap as cl

NAN = math.nan


def tricky_panel() -> cl.Panel:
    """Values whose shortest decimal text matters, missing values with and without notes, a note
    with a comma, quotes and a line break, and a comment."""
    values = np.array([[[0.1 + 0.2, 1e-300, NAN], [-0.0, 123456789.123456789, 2.5]],
                       [[NAN, 5e-324, 1.7976931348623157e308], [NAN, NAN, 7.0]]])
    p = cl.Panel.from_arrays(["130102", "130104"], ["fiscal", "budget"], [2019, 2020, 2021], values,
                             notes={("130102", "fiscal", 2021): 'not "reported", see\nline two',
                                    ("130104", "budget", 2019): "统计年鉴"})
    p.comments = ["Illustrative data, not official statistics.", "第二行"]
    return p


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_csv_round_trip_is_bit_exact(tmp_path, layout):
    p = tricky_panel()
    path = tmp_path / f"panel-{layout}.csv"
    p.to_csv(path, layout)
    back = cl.Panel.from_csv(path, layout)
    assert back == p
    assert np.array_equal(back.values, p.values, equal_nan=True)
    assert back.values.tobytes() == p.values.tobytes()  # same bits, -0.0 included
    assert back.comments == p.comments
    assert back.note("130102", "fiscal", 2021) == 'not "reported", see\nline two'
    assert path.read_text(encoding="utf-8") == p.to_csv(layout=layout)
    assert cl.io.read_panel_csv(str(path), layout) == p
    assert cl.io.parse_panel_csv(cl.io.format_panel_csv(p, layout), layout) == p


def test_parse_long_csv_by_hand():
    text = ("# made-up numbers\n"
            "code,variable,year,value,note\n"
            "130102,fiscal,2020,8123.5,\n"
            "130102,population,2020,587000,\"7th census, 2020-11-01\"\n"
            "130104,fiscal,2020,,not reported\n")
    p = cl.io.parse_panel_csv(text)
    assert p.regions == ["130102", "130104"] and p.variables == ["fiscal", "population"]
    assert p.get("130102", "fiscal", 2020) == 8123.5
    assert p.get("130102", "population", 2020) == 587000
    assert p.note("130102", "population", 2020) == "7th census, 2020-11-01"
    assert p.get("130104", "fiscal", 2020) is None and p.note("130104", "fiscal", 2020) == "not reported"
    assert p.comments == ["made-up numbers"]


def test_wide_csv_and_code_history(regions):
    text = "code,year,fiscal,budget,budget#note\n130182,2013,812.5,,old code\n130102,2020,5400,360000,\n"
    p = cl.io.parse_panel_csv(text, "wide", regions=regions)
    assert p.regions == ["130109", "130102"]
    assert p.get("130109", "fiscal", 2013) == 812.5
    assert p.note("130109", "budget", 2013) == "old code"
    with pytest.raises(cl.UnknownIdError):
        cl.io.parse_panel_csv("code,year,fiscal\n130105,2020,1\n", "wide", regions=regions)


def test_gbk_files(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("code,variable,year,value,note\n130102,fiscal,2020,1.5,来源：统计局\n".encode("gbk"))
    for encoding in ("gbk", "gb18030", "GBK"):
        assert cl.io.read_panel_csv(path, encoding=encoding).note("130102", "fiscal", 2020) == "来源：统计局"
    with pytest.raises(cl.EncodingError, match="gb18030"):
        cl.io.read_panel_csv(path)


def test_year_range_and_code_scheme_options():
    text = "code,variable,year,value\nAUT,x,1900,1\n"
    with pytest.raises(cl.CodeFormatError):
        cl.io.parse_panel_csv(text, code_scheme="gbt2260", min_year=1800)
    with pytest.raises(cl.ValidationError) as info:
        cl.io.parse_panel_csv(text, code_scheme="free")
    assert info.value.line == 2
    assert cl.io.parse_panel_csv(text, code_scheme="free", min_year=1800).years == [1900]


def test_json_round_trips(tmp_path, regions, framework, plan):
    for obj, read in ((regions, cl.io.read_regions_json), (framework, cl.io.read_framework_json), (plan, cl.io.read_plan_json)):
        path = tmp_path / "object.json"
        obj.to_json(path)
        text = path.read_text(encoding="utf-8")
        assert text == obj.to_json()
        again = read(path)
        assert again.to_json() == text
        assert type(obj).from_json(str(path)).to_json() == text
    assert cl.io.parse_regions_json(regions.to_json()).codes == regions.codes
    assert cl.io.parse_framework_json(framework.to_json()).scored_indicators() == framework.scored_indicators()
    pd.testing.assert_frame_equal(cl.io.parse_plan_json(plan.to_json()).tier_counts(), plan.tier_counts())
    assert cl.io.format_plan_json(plan) == plan.to_json()
    cl.io.write_regions_json(regions, tmp_path / "r.json")
    assert cl.io.read_regions_json(tmp_path / "r.json").resolve("130182") == "130109"


def test_json_errors_have_a_location():
    with pytest.raises(cl.ParseError) as info:
        cl.io.parse_regions_json('{"schema": "countyleap.regions/1", "regions": [\n  {"code": }\n]}', "r.json")
    assert info.value.file == "r.json" and info.value.line == 2


def missing_cells(path: Path) -> tuple[int, int]:
    """(number of data columns, number of NA or empty cells) of an iData file, counted with csv."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    columns = [c for c in rows[0] if c not in ("uName", "uCode", "Time") and not c.endswith("_group")]
    return len(columns), sum(r[c] in ("NA", "") for r in rows for c in columns)


def test_coinr_asem(tmp_path, asem_dir):
    idata, imeta = asem_dir / "ASEM_iData.csv", asem_dir / "ASEM_iMeta.csv"
    t = cl.read_coinr(idata, imeta)
    n_columns, n_missing = missing_cells(idata)
    assert len(t.regions) == 51 and t.regions.code_scheme == "free"
    assert t.regions["AUT"].name_en == "Austria"
    assert t.regions["AUT"].attributes["EurAsia_group"] == "Europe"
    fw = t.framework
    assert fw.n_leaves == 49
    assert sum(fw.indicator(i).direction == -1 for i in fw.scored_indicators()) == 14
    assert fw.indicator("Flights").denominate_by == "Population"
    assert fw.level(fw.root) == 4
    assert t.panel.n_variables == n_columns and t.panel.years == [2018]
    assert t.panel.values.size - t.panel.count_present() == n_missing
    # COINr's iMeta read with pandas gives the same framework
    assert cl.Framework.from_frame(pd.read_csv(imeta)).to_json() == fw.to_json()
    # and writing gives back the same tables
    cl.io.write_coinr(t, tmp_path / "iData.csv", tmp_path / "iMeta.csv")
    back = cl.read_coinr(tmp_path / "iData.csv", tmp_path / "iMeta.csv")
    assert back.panel == t.panel
    assert back.framework.to_json() == fw.to_json()
    pd.testing.assert_frame_equal(back.regions.to_frame(), t.regions.to_frame())
    tables = cl.CoinrTables(t.regions, t.framework, t.panel)
    assert tables.panel == t.panel


def write_dataset(folder: Path, regions, framework, plan, panel=None) -> None:
    folder.mkdir()
    regions.to_json(folder / "regions.json")
    framework.to_json(folder / "framework.json")
    plan.to_json(folder / "plan.json")
    if panel is not None:
        panel.to_csv(folder / "panel.csv")


def test_read_dataset(tmp_path, regions, framework, plan):
    text = "code,variable,year,value\n130182,fiscal,2013,812.5\n130102,budget,2020,360000\n"
    write_dataset(tmp_path / "demo", regions, framework, plan, cl.io.parse_panel_csv(text))
    ds = cl.read_dataset(tmp_path / "demo")
    assert ds.directory == str(tmp_path / "demo")
    assert ds.regions.codes == regions.codes
    assert ds.framework.to_json() == framework.to_json()
    assert ds.plan.to_json() == plan.to_json()
    assert ds.panel_file == "panel.csv"
    assert ds.panel.regions == ["130109", "130102"]  # resolved through the code history
    assert "demo" in repr(ds) and "长安区" in ds._repr_html_()
    bare = tmp_path / "bare"
    bare.mkdir()
    regions.to_json(bare / "regions.json")
    ds = cl.read_dataset(bare)
    assert ds.framework is None and ds.plan is None and ds.panel is None and ds.panel_file == ""
    with pytest.raises(cl.FileError):
        cl.read_dataset(tmp_path / "nowhere")
