"""The exception hierarchy: every class is caught as its documented Python base and carries the
C++ Location (file, line, column, column_name, id) as attributes; str() is the C++ message."""

import math

import numpy as np
import pandas as pd

import pytest

import countyleap as cl

HIERARCHY = [
    (cl.Error, (ValueError,)),
    (cl.ParseError, (cl.Error, ValueError)),
    (cl.EncodingError, (cl.ParseError, cl.Error, ValueError)),
    (cl.ValidationError, (cl.Error, ValueError)),
    (cl.CodeFormatError, (cl.ValidationError, cl.Error, ValueError)),
    (cl.FrameworkError, (cl.ValidationError, cl.Error, ValueError)),
    (cl.PlanError, (cl.ValidationError, cl.Error, ValueError)),
    (cl.UnknownIdError, (cl.Error, KeyError, ValueError)),
    (cl.DuplicateError, (cl.Error, ValueError)),
    (cl.FileError, (cl.Error, OSError, ValueError)),
    (cl.StoreError, (cl.FileError, cl.Error, OSError, ValueError)),
]


@pytest.mark.parametrize("cls,bases", HIERARCHY, ids=[c.__name__ for c, _ in HIERARCHY])
def test_documented_bases(cls, bases):
    for base in bases:
        assert issubclass(cls, base)
    assert cls.__module__ == "countyleap"
    assert "Attributes" in cls.__doc__


def test_parse_error_carries_file_line_column():
    with pytest.raises(ValueError) as info:
        cl.io.parse_panel_csv("code,variable,year,value\n130102,a,2020,x\n", source_name="t.csv")
    e = info.value
    assert type(e) is cl.ParseError
    assert (e.file, e.line, e.column, e.column_name) == ("t.csv", 2, 4, "value")
    assert str(e) == "t.csv:2:4 (column 'value'): " + e.detail
    assert "non-numeric" in e.detail


def test_encoding_error_is_a_parse_error(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("code,variable,year,value,note\n130102,a,2020,1,长安区\n".encode("gbk"))
    with pytest.raises(cl.ParseError) as info:
        cl.io.read_panel_csv(path)
    e = info.value
    assert type(e) is cl.EncodingError
    assert e.file == str(path)
    assert e.line == 2
    assert e.column > 0  # the reader reports the byte position of the first bad byte


def test_validation_error_names_the_region():
    with pytest.raises(ValueError) as info:
        cl.RegionSet([cl.Region("130102", kind="county")])  # 01-20 is a district
    e = info.value
    assert type(e) is cl.ValidationError
    assert e.id == "130102"
    assert "disagrees with the code" in str(e)


def test_code_format_error():
    with pytest.raises(cl.ValidationError) as info:
        cl.RegionSet([cl.Region("12345")])
    assert type(info.value) is cl.CodeFormatError
    assert info.value.id == "12345"


def test_framework_error_names_the_node():
    with pytest.raises(cl.ValidationError) as info:
        cl.Framework([], [cl.Indicator("x")], [cl.Node("root"), cl.Node("x", "root", -1.0)])
    assert type(info.value) is cl.FrameworkError
    assert info.value.id == "x"
    assert "weight must be finite and >= 0" in str(info.value)


def test_tier_scheme_error_names_the_tier():
    with pytest.raises(cl.ValidationError) as info:
        cl.TierScheme("fixed", [cl.TierBand("A", 60), cl.TierBand("B", 80), cl.TierBand("C")])
    assert type(info.value) is cl.ValidationError
    assert info.value.id == "B"
    assert "decrease" in str(info.value)


def test_unknown_id_error_is_a_key_error_with_a_clean_message(regions):
    with pytest.raises(KeyError) as info:
        regions["999999"]
    e = info.value
    assert type(e) is cl.UnknownIdError
    assert e.id == "999999"
    assert str(e) == "'999999': unknown region code"  # KeyError would add another pair of quotes


def test_duplicate_error():
    with pytest.raises(ValueError) as info:
        cl.RegionSet([cl.Region("130102", kind="district"), cl.Region("130102", kind="district")])
    assert type(info.value) is cl.DuplicateError
    assert info.value.id == "130102"


def test_file_error_is_an_os_error(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(OSError) as info:
        cl.io.read_regions_json(missing)
    e = info.value
    assert type(e) is cl.FileError
    assert e.file == str(missing)
    assert str(e).startswith(str(missing) + ": ")


def test_errors_raised_from_python_have_the_location_attributes():
    e = cl.ValidationError("plain")
    assert (e.file, e.line, e.column, e.column_name, e.id, str(e)) == ("", 0, 0, "", "", "plain")


def test_python_layer_errors_are_located():
    import pandas as pd
    with pytest.raises(cl.ValidationError) as info:
        cl.Panel.from_frame(pd.DataFrame({"code": ["130102"], "variable": ["a"], "year": [2020], "value": [1.0],
                                          "extra": [0]}))
    assert info.value.column_name == "extra"
    assert str(info.value).startswith("column 'extra': unknown column")


def test_bad_indices_raise_instead_of_crashing(framework):
    for i in (len(framework), -1, 10**6):
        with pytest.raises(cl.UnknownIdError):
            framework.level(i)
        with pytest.raises(cl.UnknownIdError):
            framework.share(i)
    with pytest.raises(cl.UnknownIdError):
        framework.leaf_indicator(framework.root)  # an aggregate, not a leaf
    panel = cl.Panel(["130102"], ["a"], 2020, 2020)
    with pytest.raises(cl.UnknownIdError):
        panel.get("130102", "a", 2021)
    with pytest.raises(cl.UnknownIdError):
        panel.set("130102", "b", 2020, 1.0)
    with pytest.raises(cl.ValidationError):
        panel.set("130102", "a", 2020, math.inf)
    with pytest.raises(IndexError):
        cl.RegionSet()[0]


def test_bad_enum_spellings_are_validation_errors():
    with pytest.raises(cl.ValidationError, match="unknown layout 'tall'"):
        cl.io.parse_panel_csv("code,variable,year,value\n", "tall")
    with pytest.raises(cl.ValidationError, match="direction must be 1"):
        cl.Indicator("x", direction=2)
    with pytest.raises(cl.ValidationError, match="unknown region kind"):
        cl.Region("130102", kind="city")
    with pytest.raises(cl.ValidationError, match="unknown encoding"):
        cl.io.parse_panel_csv("code,variable,year,value\n", encoding="latin-1")


def test_make_error_builds_the_cpp_message():
    e = cl._core._make_error(cl.DuplicateError, "twice", file="f.csv", line=3, column=2, column_name="code",
                             id="130102")
    assert isinstance(e, cl.DuplicateError)
    assert str(e) == "f.csv:3:2 (column 'code') '130102': twice"
    assert (e.file, e.line, e.column, e.column_name, e.id, e.detail) == ("f.csv", 3, 2, "code", "130102", "twice")


# ---- errors in the analyst's terms ---------------------------------------------------------------

def _two_indicators() -> tuple[cl.Panel, cl.Framework]:
    panel = cl.Panel(["130102", "130104"], ["x", "y"], 2020, 2020)
    for code, x, y in (("130102", 1, 4), ("130104", 3, 2)):
        panel.set(code, "x", 2020, x)
        panel.set(code, "y", 2020, y)
    framework = cl.Framework([], [cl.Indicator("x"), cl.Indicator("y")],
                             [cl.Node("index"), cl.Node("x", "index"), cl.Node("y", "index")])
    return panel, framework


def test_direction_text_names_the_column_and_the_fix():
    nodes = pd.DataFrame({"id": ["index", "x"], "parent": ["", "index"], "direction": [None, "+"]})
    with pytest.raises(cl.ValidationError) as info:
        cl.Framework.from_frame(nodes)
    assert info.value.column_name == "direction" and info.value.id == "x"
    assert "expected 1 (higher is better) or -1 (lower is better), got '+'" in str(info.value)


def test_a_geometric_mean_of_a_zero_names_the_county_and_the_spec_key():
    panel, framework = _two_indicators()
    # min-max puts 130102's x at 0 (x = 1 is the minimum)
    with pytest.raises(cl.ValidationError) as info:
        cl.evaluate(panel, framework, aggregate="geometric")
    message = str(info.value)
    assert "region 130102, component 'x'" in message and "'shift'" in message
    assert "index 0" not in message and "AggregateOptions" not in message
    # the fix it names works
    assert cl.evaluate(panel, framework, aggregate={"method": "geometric", "shift": 1}).value("130102", "index") > 0


def test_steps_as_keywords_and_method_names_alone():
    panel, framework = _two_indicators()
    by_keyword = cl.evaluate(panel, framework, normalise="zscore")
    by_dict = cl.evaluate(panel, framework, {"normalise": {"method": "zscore"}})
    assert np.array_equal(by_keyword.values, by_dict.values)
    # z-scores of (1, 3) are (-0.7071, 0.7071): a method name alone is the step with its defaults
    assert by_keyword.value("130104", "x") == pytest.approx(math.sqrt(0.5))
    assert np.array_equal(cl.evaluate(panel, framework, {"normalise": "zscore"}).values, by_dict.values)
    with pytest.raises(cl.ParseError, match="unknown key 'normalize'"):
        cl.evaluate(panel, framework, normalize="zscore")


def test_a_tier_scheme_in_a_dict_spec_and_tier_band_min():
    panel, framework = _two_indicators()
    scheme = cl.TierScheme("fixed", [cl.TierBand("A", min=50), cl.TierBand("B")])
    assert scheme.tiers[0].bound == 50
    spec = {"pipeline": {}, "vary": [{"path": "aggregate.method", "values": ["arithmetic", "geometric"]}],
            "replications": 4, "tiers": scheme}
    assert cl.UncertaintySpec(spec).tiers.tiers[0].bound == 50
    with pytest.raises(cl.ValidationError, match="TierBand"):
        cl.TierBand("A", 50, min=50)
    with pytest.raises(cl.ValidationError, match="got object"):
        cl.PipelineSpec({"normalise": object()})
