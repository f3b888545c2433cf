"""Panel: construction from arrays and frames, numpy views, labelled access, derive."""

import copy
import math

import numpy as np
import pandas as pd
import pytest

import countyleap as cl

NAN = math.nan
REGIONS = ["130102", "130104"]
VARIABLES = ["fiscal", "budget"]


def small_panel() -> cl.Panel:
    """2 regions x 2 variables x 2 years; one missing value with a note, zeros that are data."""
    values = np.array([[[5400, 6000], [360000, NAN]],     # 130102: fiscal, budget over 2020, 2021
                       [[0, 2500], [0, 250000]]])         # 130104
    return cl.Panel.from_arrays(REGIONS, VARIABLES, [2020, 2021], values,
                                notes={("130102", "budget", 2021): "not reported"})


def long_frame_by_hand() -> pd.DataFrame:
    """small_panel() by year, then variable, then region (the CSV writer's order)."""
    return pd.DataFrame({
        "code": ["130102", "130104"] * 4,
        "variable": ["fiscal", "fiscal", "budget", "budget"] * 2,
        "year": [2020] * 4 + [2021] * 4,
        "value": [5400, 0, 360000, 0, 6000, 2500, NAN, 250000],
        "note": ["", "", "", "", "", "", "not reported", ""]}).astype({"year": "int64", "value": "float64"})


def test_axes_and_access():
    p = small_panel()
    assert (p.regions, p.variables, p.years) == (REGIONS, VARIABLES, [2020, 2021])
    assert (p.first_year, p.last_year, p.shape) == (2020, 2021, (2, 2, 2))
    assert p.get("130102", "fiscal", 2021) == 6000
    assert p.get("130104", "fiscal", 2020) == 0.0  # zero is a value, not missing
    assert p.get("130102", "budget", 2021) is None
    assert not p.has("130102", "budget", 2021) and p.has("130104", "budget", 2020)
    assert p.note("130102", "budget", 2021) == "not reported"
    assert p.note("130102", "fiscal", 2020) == ""
    assert (p.count_present(), p.n_notes) == (7, 1)
    assert (p.region_index("130104"), p.variable_index("budget"), p.year_index(2021)) == (1, 1, 1)
    p.set("130102", "budget", 2021, 1.5)
    p.set_note("130102", "budget", 2021, "")
    assert p.get("130102", "budget", 2021) == 1.5 and p.n_notes == 0
    p.set_missing("130102", "budget", 2021)
    assert p.get("130102", "budget", 2021) is None


def test_values_view_and_matrices():
    p = small_panel()
    v = p.values
    assert v.shape == (2, 2, 2) and v.dtype == np.float64
    assert not v.flags.writeable
    assert v[1, 0, 1] == 2500 and math.isnan(v[0, 1, 1])
    with pytest.raises(ValueError):
        v[0, 0, 0] = 1.0
    p.set("130104", "fiscal", 2021, 7.0)
    assert v[1, 0, 1] == 7.0  # a view, not a copy
    m = p.year_matrix(2020)
    np.testing.assert_array_equal(m, [[5400, 360000], [0, 0]])
    m[0, 0] = -1  # a copy
    assert p.get("130102", "fiscal", 2020) == 5400
    np.testing.assert_array_equal(p.series("130102", "budget"), [360000, NAN])
    with pytest.raises(cl.UnknownIdError):
        p.year_matrix(2019)


def test_long_frame_written_by_hand():
    pd.testing.assert_frame_equal(small_panel().to_frame(), long_frame_by_hand())


def test_wide_frame_written_by_hand():
    expected = pd.DataFrame({
        "code": ["130102", "130102", "130104", "130104"], "year": [2020, 2021, 2020, 2021],
        "fiscal": [5400.0, 6000, 0, 2500], "budget": [360000, NAN, 0, 250000],
        "budget#note": ["", "not reported", "", ""]}).astype({"year": "int64"})
    pd.testing.assert_frame_equal(small_panel().to_frame("wide"), expected)


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_frame_round_trip(layout):
    p = small_panel()
    back = cl.Panel.from_frame(p.to_frame(layout), layout)
    assert back == p
    np.testing.assert_array_equal(back.values, p.values)  # NaN where NaN


def test_long_frame_keeps_the_axes_of_a_sparse_panel():
    # 130102 has no value at all, and only 130104 has "budget": without the rows that keep the axes the
    # regions, variables and the year range would come back in another order or shorter
    values = np.full((2, 2, 3), NAN)
    values[1, 1, 1] = 4.0
    values[1, 0, 1] = 3.0
    p = cl.Panel.from_arrays(REGIONS, VARIABLES, [2020, 2021, 2022], values)
    frame = p.to_frame()
    assert frame[["code", "variable", "year"]].values.tolist() == [
        ["130102", "fiscal", 2020], ["130104", "fiscal", 2020], ["130102", "budget", 2020],
        ["130104", "fiscal", 2021], ["130104", "budget", 2021], ["130102", "fiscal", 2022]]
    assert cl.Panel.from_frame(frame) == p
    data_lines = [l for l in p.to_csv().splitlines()[1:] if not l.startswith("#")]
    assert len(data_lines) == len(frame)  # the same rows as the CSV writer


def test_from_frame_builds_the_panel_from_a_hand_written_frame():
    frame = long_frame_by_hand().drop(columns="note")
    frame.loc[6, "value"] = None
    frame["code"] = frame["code"].astype(int)  # codes as pandas parses them from a CSV
    p = cl.Panel.from_frame(frame)
    assert p.regions == REGIONS and p.variables == VARIABLES
    assert p.get("130102", "budget", 2021) is None and p.n_notes == 0


def test_from_frame_order_gaps_and_notes():
    frame = pd.DataFrame({"code": ["130104", "130102"], "variable": ["b", "a"], "year": [2022, 2020],
                          "value": [1.0, pd.NA], "note": [None, "estimate"]})
    p = cl.Panel.from_frame(frame)
    assert p.regions == ["130104", "130102"] and p.variables == ["b", "a"]
    assert p.years == [2020, 2021, 2022]
    assert p.count_present() == 1
    assert p.note("130102", "a", 2020) == "estimate"


def test_from_frame_errors():
    good = long_frame_by_hand()
    with pytest.raises(cl.DuplicateError) as info:
        cl.Panel.from_frame(pd.concat([good, good.iloc[[2]]], ignore_index=True))
    assert info.value.id == "130102"
    assert "rows 2 and 8" in str(info.value)
    with pytest.raises(cl.ValidationError, match="non-finite") as info:
        cl.Panel.from_frame(good.assign(value=[1, 2, 3, math.inf, 5, 6, 7, 8]))
    assert info.value.id == "130104"
    with pytest.raises(cl.ValidationError) as info:
        cl.Panel.from_frame(good.assign(source="x"))
    assert info.value.column_name == "source"
    with pytest.raises(cl.ValidationError) as info:
        cl.Panel.from_frame(good.drop(columns="year"))
    assert info.value.column_name == "year"
    with pytest.raises(cl.ValidationError, match="whole numbers"):
        cl.Panel.from_frame(good.assign(year=2020.5))
    with pytest.raises(cl.ValidationError) as info:
        cl.Panel.from_frame(good.assign(value="many"))
    assert info.value.column_name == "value"
    with pytest.raises(cl.ValidationError, match="outside the accepted range"):
        cl.Panel.from_frame(good.assign(year=20200))
    with pytest.raises(cl.CodeFormatError):
        cl.Panel.from_frame(good.assign(code="AUT"))
    with pytest.raises(cl.DuplicateError, match="rows 0 and 1"):
        cl.Panel.from_frame(pd.DataFrame({"code": ["130102"] * 2, "year": [2020] * 2, "a": [1.0, 2.0]}), "wide")
    with pytest.raises(cl.ValidationError) as info:
        cl.Panel.from_frame(pd.DataFrame({"code": ["130102"], "year": [2020], "b#note": ["x"]}), "wide")
    assert info.value.column_name == "b#note"


def test_from_frame_resolves_old_codes(regions):
    frame = pd.DataFrame({"code": ["130182", "130102"], "variable": ["a", "a"], "year": [2013, 2013],
                          "value": [1.0, 2.0]})
    p = cl.Panel.from_frame(frame, regions=regions)
    assert p.regions == ["130109", "130102"]
    with pytest.raises(cl.DuplicateError):
        cl.Panel.from_frame(frame.assign(code=["130182", "130109"]), regions=regions)
    with pytest.raises(cl.UnknownIdError):
        cl.Panel.from_frame(frame.assign(code=["130105", "130102"]), regions=regions)


def test_free_codes_and_a_large_panel_built_in_one_go():
    rng = np.random.default_rng(7)
    codes = [f"R{i:04d}" for i in range(400)]
    variables = [f"v{j}" for j in range(30)]
    values = rng.normal(size=(400, 30, 12))
    values[rng.random(values.shape) < 0.1] = NAN
    p = cl.Panel.from_arrays(codes, variables, list(range(2010, 2022)), values, code_scheme="free")
    assert cl.Panel.from_frame(p.to_frame(), code_scheme="free") == p
    assert cl.Panel.from_frame(p.to_frame("wide"), "wide", code_scheme="free") == p
    np.testing.assert_array_equal(p.values, values)


def test_from_arrays_checks():
    with pytest.raises(cl.ValidationError, match="shape"):
        cl.Panel.from_arrays(REGIONS, VARIABLES, [2020], np.zeros((2, 2, 2)))
    with pytest.raises(cl.DuplicateError):
        cl.Panel.from_arrays(REGIONS, VARIABLES, [2020, 2020], np.zeros((2, 2, 2)))
    with pytest.raises(cl.DuplicateError):
        cl.Panel.from_arrays(["130102", "130102"], VARIABLES, [2020], np.zeros((2, 2, 1)))
    with pytest.raises(cl.UnknownIdError):
        cl.Panel.from_arrays(REGIONS, VARIABLES, [2020], np.zeros((2, 2, 1)), notes={("130105", "fiscal", 2020): "x"})
    gappy = cl.Panel.from_arrays(["130102"], ["a"], [2022, 2020], [[[2.0, 0.5]]])
    assert gappy.years == [2020, 2021, 2022]
    np.testing.assert_array_equal(gappy.values[0, 0], [0.5, NAN, 2.0])


def test_copy_equality_and_comments():
    p = small_panel()
    p.comments = ["Illustrative data, not official statistics."]
    q = copy.deepcopy(p)
    assert q == p and p.copy() == p and copy.copy(p) == p
    q.set("130102", "fiscal", 2020, 1.0)
    assert q != p
    assert p.comments == ["Illustrative data, not official statistics."]
    wider = p.with_variables(["extra"])
    assert wider.variables == VARIABLES + ["extra"] and wider.count_present() == p.count_present()
    assert "2 regions x 2 variables x 2020-2021" in repr(p)
    assert "Illustrative" in p._repr_html_()


def derive_case():
    fw = cl.Framework(
        [cl.Variable("fiscal"), cl.Variable("budget")],
        [cl.Indicator("share", kind="ratio", variable="fiscal", denominator="budget", scale=100, range=(0, 100)),
         cl.Indicator("growth", kind="growth", variable="fiscal", years=1),
         cl.Indicator("cagr", kind="cagr", variable="fiscal", years=2)],
        [cl.Node("index"), cl.Node("share", "index"), cl.Node("growth", "index"), cl.Node("cagr", "index")])
    values = np.array([[[5400, 6000, 6534], [360000, NAN, 330000]],
                       [[0, 2500, 3000], [0, 250000, 300000]]])
    return fw, cl.Panel.from_arrays(REGIONS, VARIABLES, [2020, 2021, 2022], values)


def test_derive_by_hand():
    fw, raw = derive_case()
    d = cl.derive(raw, fw)
    p = d.panel
    assert p.variables == ["fiscal", "budget", "share", "growth", "cagr"]
    assert p.get("130102", "share", 2020) == pytest.approx(5400 / 360000 * 100)  # 1.5 %
    assert p.get("130104", "share", 2021) == pytest.approx(1.0)
    assert p.get("130102", "share", 2022) == pytest.approx(1.98)
    assert p.get("130104", "share", 2020) is None  # 0 / 0: no Inf, no silent 0
    assert p.get("130102", "growth", 2021) == pytest.approx(100 / 9)  # 6000 / 5400 - 1
    assert p.get("130104", "growth", 2022) == pytest.approx(20.0)
    assert p.get("130102", "cagr", 2022) == pytest.approx(10.0)   # sqrt(6534 / 5400) = 1.1
    issues = d.issues
    assert list(issues.columns) == ["code", "indicator", "year", "reason", "detail"]
    expected = [
        ("130104", "share", 2020, "denominator_zero", "budget = 0"),
        ("130102", "share", 2021, "denominator_missing", "budget"),
        ("130102", "growth", 2020, "base_year_outside", "2019"),
        ("130104", "growth", 2020, "base_year_outside", "2019"),
        ("130104", "growth", 2021, "base_not_positive", "fiscal 2020 = 0"),
        ("130102", "cagr", 2020, "base_year_outside", "2018"),
        ("130104", "cagr", 2020, "base_year_outside", "2018"),
        ("130102", "cagr", 2021, "base_year_outside", "2019"),
        ("130104", "cagr", 2021, "base_year_outside", "2019"),
        ("130104", "cagr", 2022, "base_not_positive", "fiscal 2020 = 0"),
    ]
    assert list(issues.itertuples(index=False, name=None)) == expected
    assert issues["year"].dtype == "int64"


def test_derive_out_of_range_and_missing_variables():
    fw, raw = derive_case()
    raw.set("130104", "fiscal", 2021, 300000)  # share 120 %
    with pytest.raises(cl.ValidationError) as info:
        cl.derive(raw, fw)
    assert info.value.id == "share"
    d = cl.derive(raw, fw, out_of_range="missing")
    assert d.panel.get("130104", "share", 2021) is None
    row = d.issues[d.issues.reason == "out_of_range"]
    assert row[["code", "indicator", "year"]].values.tolist() == [["130104", "share", 2021]]
    partial = cl.Panel.from_arrays(["130102"], ["fiscal"], [2020], [[[1.0]]])
    with pytest.raises(cl.UnknownIdError) as info:
        cl.check_data(fw, partial)
    assert info.value.id == "budget"
    with pytest.raises(cl.UnknownIdError):
        cl.derive(partial, fw)
    with pytest.raises(cl.ValidationError, match="out_of_range"):
        cl.derive(raw, fw, out_of_range="clip")


def test_derive_a_chosen_indicator():
    fw, raw = derive_case()
    only_growth = cl.Panel.from_arrays(["130102"], ["fiscal"], [2020, 2021], [[[4.0, 5.0]]])
    cl.check_data(fw, only_growth, ["growth"])  # the budget is not needed for growth
    d = cl.derive(only_growth, fw, indicators=["growth"])
    assert d.panel.variables == ["fiscal", "growth"]
    assert d.panel.get("130102", "growth", 2021) == pytest.approx(25.0)
    with pytest.raises(cl.UnknownIdError):
        cl.derive(raw, fw, indicators=["nope"])
