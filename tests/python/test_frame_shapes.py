"""Issue 11, point 3: the DataFrame an analyst has goes into Panel.from_frame, and every refusal
names the fix. Each test reproduces one friction point of the issue (it failed before the change).

Codes are text everywhere: whole-number codes are turned into their digits on the way in, and
every frame that comes out has a text index named ``code``."""

import math

import pandas as pd
import pytest

import countyleap as cl

NAN = math.nan


def wide_by_hand() -> pd.DataFrame:
    """2 regions x 2 years, variables fiscal and budget; one missing value."""
    return pd.DataFrame({"code": ["130102", "130102", "130104", "130104"],
                         "year": [2020, 2021, 2020, 2021],
                         "fiscal": [5400.0, 6000.0, 0.0, 2500.0],
                         "budget": [360000.0, NAN, 0.0, 250000.0]})


def expected() -> cl.Panel:
    return cl.Panel.from_frame(wide_by_hand(), "wide")


def test_wide_frame_is_detected_without_naming_the_layout():
    # before: "the long panel frame needs a 'variable' column"
    p = cl.Panel.from_frame(wide_by_hand())
    assert p == expected()
    assert p.variables == ["fiscal", "budget"] and p.get("130102", "fiscal", 2021) == 6000.0


def test_a_region_column_is_a_code_column():
    # before: "needs a 'code' column" for a wide frame whose codes are in a `region` column
    frame = wide_by_hand().rename(columns={"code": "region"})
    assert cl.Panel.from_frame(frame) == expected()
    long = expected().to_frame().rename(columns={"code": "region"})
    assert cl.Panel.from_frame(long) == expected()


def test_both_code_and_region_is_refused_naming_the_fix():
    frame = wide_by_hand().assign(region=["a", "a", "b", "b"])
    with pytest.raises(cl.ValidationError, match=r"drop one") as info:
        cl.Panel.from_frame(frame)
    assert info.value.column_name == "region"


def test_a_code_year_multiindex_is_honoured():
    # before: the (code, year) index was ignored and the frame refused for want of a 'code' column
    indexed = wide_by_hand().set_index(["code", "year"])
    assert cl.Panel.from_frame(indexed) == expected()
    # the same with the codes called region, and a long frame indexed by (code, variable, year)
    assert cl.Panel.from_frame(wide_by_hand().rename(columns={"code": "region"}).set_index(["region", "year"])) \
        == expected()
    long = expected().to_frame().set_index(["code", "variable", "year"])
    assert cl.Panel.from_frame(long) == expected()
    # a code index alone (one year in a column)
    assert cl.Panel.from_frame(wide_by_hand().set_index("code")) == expected()


def test_a_code_index_and_a_code_column_is_refused_naming_the_fix():
    frame = wide_by_hand().set_index("code", drop=False)
    with pytest.raises(cl.ValidationError, match=r"reset_index\(level='code', drop=True\)") as info:
        cl.Panel.from_frame(frame)
    assert info.value.column_name == "code"


def test_an_unnamed_index_is_not_taken_for_codes():
    frame = wide_by_hand()
    frame.index = [10, 11, 12, 13]
    assert cl.Panel.from_frame(frame) == expected()


def test_integer_codes_come_out_as_text_everywhere():
    # the documented rule: codes are identifiers (text); 130102 and "130102" are the same code
    frame = wide_by_hand().assign(code=[130102, 130102, 130104, 130104])
    p = cl.Panel.from_frame(frame)
    assert p == expected() and p.regions == ["130102", "130104"]
    wide = p.to_frame("wide")
    assert wide["code"].tolist() == ["130102", "130102", "130104", "130104"]
    assert all(isinstance(c, str) for c in p.to_frame()["code"])


def test_made_up_codes_are_refused_with_the_free_scheme_hint():
    # before: "not a 6-digit GB/T 2260 code" and no word of code_scheme='free'
    frame = wide_by_hand().assign(code=["north", "north", "south", "south"])
    with pytest.raises(cl.CodeFormatError, match=r"code_scheme='free'") as info:
        cl.Panel.from_frame(frame)
    assert info.value.id == "north"
    p = cl.Panel.from_frame(frame, code_scheme="free")
    assert p.regions == ["north", "south"] and p.get("south", "budget", 2021) == 250000.0


def test_a_missing_year_is_refused_naming_the_fix():
    frame = wide_by_hand()[wide_by_hand()["year"] == 2021].drop(columns="year")
    with pytest.raises(cl.ValidationError, match=r"assign\(year=") as info:
        cl.Panel.from_frame(frame)
    assert info.value.column_name == "year"


def test_no_code_column_is_refused_naming_the_fix():
    frame = wide_by_hand().rename(columns={"code": "county"})
    with pytest.raises(cl.ValidationError, match=r"rename\(columns=") as info:
        cl.Panel.from_frame(frame)
    assert info.value.column_name == "code"


def test_a_text_column_in_a_wide_frame_names_the_fix():
    frame = wide_by_hand().assign(name=["长安区", "长安区", "桥西区", "桥西区"])
    with pytest.raises(cl.ValidationError, match=r"drop\(columns=\['name'\]\)") as info:
        cl.Panel.from_frame(frame)
    assert info.value.column_name == "name"


def test_a_long_frame_without_value_names_the_layouts():
    frame = expected().to_frame().drop(columns="value")
    with pytest.raises(cl.ValidationError, match=r"'value' column") as info:
        cl.Panel.from_frame(frame)
    assert info.value.column_name == "value"
    with pytest.raises(cl.ValidationError, match=r"expected long, wide or None"):
        cl.Panel.from_frame(wide_by_hand(), "tall")


def test_other_refusals_name_the_fix():
    with pytest.raises(cl.ValidationError, match=r"row 1 .*dropna\(subset=\['code'\]\)"):
        cl.Panel.from_frame(wide_by_hand().assign(code=["130102", None, "130104", "130104"]))
    with pytest.raises(cl.ValidationError, match=r"'budget': add that column or drop this one"):
        cl.Panel.from_frame(wide_by_hand().drop(columns="budget").assign(**{"budget#note": ""}))
    with pytest.raises(cl.ValidationError, match=r"\.dt\.year"):
        cl.Panel.from_frame(wide_by_hand().assign(year=[2020.5, 2021, 2020, 2021]))


# ---- codes as the index everywhere ----------------------------------------------------------

@pytest.fixture(scope="module")
def study():
    return cl.datasets.shijiazhuang().study()


def test_every_region_frame_has_the_code_index(study):
    # before: tiers(), weak_spots(), target_gaps(), growth_checks(), benchmarks() and the views of
    # EarlyWarning, PlanCheck and Projection kept a code column while Scores.to_frame() used the index
    frames = {"scores": study.evaluate(year=2022).to_frame(), "tiers": study.tiers(year=2022),
              "weak_spots": study.weak_spots(year=2022), "target_gaps": study.target_gaps(year=2022),
              "growth_checks": study.growth_checks(year=2022), "benchmarks": study.benchmarks(year=2022),
              "classify": study.classify(year=2022).to_frame()}
    warning = study.early_warning(year=2022)
    frames.update({"warning.targets": warning.targets, "warning.goals": warning.goals,
                   "warning.outlooks": warning.outlooks, "plan check moves": study.check_plan().moves,
                   "projection series": study.project(2025).series})
    for name, frame in frames.items():
        assert frame.index.name == "code", name
        assert "code" not in frame.columns, name
        assert all(isinstance(c, str) for c in frame.index), name
    tiers = frames["tiers"]
    assert tiers.index.is_unique and tiers.index.equals(frames["scores"].index)
    # one county's rows by its code, the pandas way
    assert set(frames["weak_spots"].loc[["130129"]].index) == {"130129"}
