"""Region, CodeChange, RegionSet and their DataFrame adapters."""

import pandas as pd
import pytest

import countyleap as cl


def test_region_fields_and_defaults():
    r = cl.Region("130102", "长安区", "Chang'an", kind="district", parent="130100")
    assert (r.code, r.name_zh, r.name_en, r.kind, r.parent) == ("130102", "长安区", "Chang'an", "district", "130100")
    assert (r.valid_from, r.valid_to, r.in_scope, r.note, r.attributes) == (0, 0, True, "", {})
    assert cl.Region("130121").kind == "county"
    assert cl.Region("130183", kind="county-level city").kind == "county_level_city"
    assert repr(r) == "Region('130102', '长安区', \"Chang'an\", kind='district')"
    bounded = cl.Region("130182", kind="county_level_city", valid_to=2013)
    assert bounded.valid_in(2013) and not bounded.valid_in(2014)


def test_region_set_lookup_and_history(regions):
    assert len(regions) == 3
    assert regions.codes == ["130102", "130109", "130181"]
    assert regions[0].name_zh == "长安区"
    assert regions[-1].code == "130181"
    assert regions["130109"].name_en == "Gaocheng"
    assert [r.code for r in regions] == regions.codes
    assert "130109" in regions and "130182" not in regions
    assert regions.index("130181") == 2
    assert regions.find("999999") is None
    assert regions.resolve("130182") == "130109"
    assert regions.resolve("130102") == "130102"
    assert regions.code_scheme == "gbt2260"
    scoped = regions.in_scope()
    assert scoped.codes == ["130102", "130109"]
    assert [h.old_code for h in scoped.history] == ["130182"]
    with pytest.raises(IndexError):
        regions[3]


def test_history_must_lead_to_a_known_code():
    with pytest.raises(cl.UnknownIdError):
        cl.RegionSet([cl.Region("130102", kind="district")], [cl.CodeChange("130182", "130109", 2014)])


def test_free_code_scheme():
    s = cl.RegionSet([cl.Region("AUT", name_en="Austria", kind="other", attributes={"EurAsia_group": "Europe"})],
                     code_scheme="free")
    assert s["AUT"].attributes == {"EurAsia_group": "Europe"}
    with pytest.raises(cl.CodeFormatError):
        cl.RegionSet([cl.Region("AUT", kind="other")])


def test_code_helpers():
    assert cl.is_gbt2260_code("130102")
    assert not cl.is_gbt2260_code("990102")  # 99 is no province
    assert not cl.is_gbt2260_code("13010")
    assert cl.kind_implied_by_code("130102") == "district"
    assert cl.kind_implied_by_code("130121") == "county"
    assert cl.kind_implied_by_code("130181") == "county_level_city"
    assert cl.kind_implied_by_code("130100") == "prefecture"
    assert cl.kind_implied_by_code("130000") == "province"
    cl.validate_code("AUT", "free")
    with pytest.raises(cl.CodeFormatError):
        cl.validate_code("AUT")


def test_to_frame(regions):
    frame = regions.to_frame()
    assert list(frame.columns) == ["code", "name_zh", "name_en", "kind", "parent", "valid_from", "valid_to",
                                   "in_scope", "note"]
    assert frame["code"].tolist() == ["130102", "130109", "130181"]
    assert frame["kind"].tolist() == ["district", "district", "county_level_city"]
    assert frame["in_scope"].tolist() == [True, True, False]
    assert frame["valid_from"].dtype == "int64"
    history = regions.history_frame()
    assert history.to_dict("records") == [
        {"old_code": "130182", "new_code": "130109", "year": 2014, "old_name_zh": "藁城市", "note": ""}]


def test_attributes_become_columns():
    s = cl.RegionSet([cl.Region("AUT", kind="other", attributes={"GDP_group": "L"}),
                      cl.Region("CHN", kind="other", attributes={"EurAsia_group": "Asia", "GDP_group": "XL"})],
                     code_scheme="free")
    frame = s.to_frame()
    assert list(frame.columns[-2:]) == ["GDP_group", "EurAsia_group"]
    assert frame["GDP_group"].tolist() == ["L", "XL"]
    assert frame["EurAsia_group"].tolist() == [None, "Asia"]
    back = cl.RegionSet.from_frame(frame, code_scheme="free")
    assert back["AUT"].attributes == {"GDP_group": "L"}
    assert back["CHN"].attributes == {"EurAsia_group": "Asia", "GDP_group": "XL"}


def test_frame_round_trip(regions):
    back = cl.RegionSet.from_frame(regions.to_frame(), history=regions.history_frame())
    pd.testing.assert_frame_equal(back.to_frame(), regions.to_frame())
    pd.testing.assert_frame_equal(back.history_frame(), regions.history_frame())
    assert back.to_json() == regions.to_json()


def test_from_frame_as_analysts_type_it():
    # codes parsed as numbers, no kind column (implied by the code), in_scope as text, a missing parent
    frame = pd.DataFrame({"code": [130102, 130121, 130181], "name_zh": ["长安区", "井陉县", "辛集市"],
                          "parent": [130100, None, 130100], "in_scope": ["true", "yes", "False"]})
    s = cl.RegionSet.from_frame(frame, history=[cl.CodeChange("130182", "130102", 2014)])
    assert s.codes == ["130102", "130121", "130181"]
    assert [r.kind for r in s] == ["district", "county", "county_level_city"]
    assert [r.parent for r in s] == ["130100", "", "130100"]
    assert [r.in_scope for r in s] == [True, True, False]
    assert s.resolve("130182") == "130102"


def test_from_frame_errors():
    with pytest.raises(cl.ValidationError) as info:
        cl.RegionSet.from_frame(pd.DataFrame({"name_zh": ["长安区"]}))
    assert info.value.column_name == "code"
    with pytest.raises(cl.ValidationError) as info:
        cl.RegionSet.from_frame(pd.DataFrame({"code": ["130102"], "in_scope": ["maybe"]}))
    assert info.value.column_name == "in_scope"
    with pytest.raises(cl.DuplicateError):
        cl.RegionSet.from_frame(pd.DataFrame({"code": ["130102", "130102"]}))


def test_html(regions):
    text = regions._repr_html_()
    assert "长安区" in text
    assert "Chang'an" in text
    assert "3 regions (2 in scope)" in text


def test_getters_return_copies_that_cannot_break_the_set(regions):
    for region in regions:
        region.code = "999999"
    regions.regions[0].kind = "county"
    regions.history[0].new_code = "130102"
    assert regions.codes == ["130102", "130109", "130181"]
    assert regions[0].kind == "district"
    assert regions.resolve("130182") == "130109"
