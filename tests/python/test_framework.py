"""Variable, Indicator, Node, Framework and their DataFrame adapters (including COINr's iMeta)."""

import math

import numpy as np
import pandas as pd
import pytest

import countyleap as cl


def test_indicator_fields():
    ind = cl.Indicator("share", "比重", "Share", unit="%", kind="ratio", variable="fiscal", denominator="budget",
                       scale=100, range=(0, 100), target=1.9, direction=-1)
    assert (ind.kind, ind.variable, ind.denominator, ind.scale, ind.direction) == ("ratio", "fiscal", "budget", 100, -1)
    assert ind.range == (0.0, 100.0)
    assert ind.target == 1.9
    assert ind.source == "fiscal"
    plain = cl.Indicator("patents")
    assert plain.range == (-math.inf, math.inf)
    assert plain.target is None and plain.source == "patents" and plain.direction == 1
    plain.target = 3.0
    plain.target = None
    assert plain.target is None
    assert cl.Indicator("x", direction=-1.0).direction == -1
    assert cl.Variable("v", range=(None, 5)).range == (-math.inf, 5.0)
    with pytest.raises(cl.ValidationError, match="range end"):
        cl.Variable("v", range=("low", None))


def test_canonical_order_levels_and_shares(framework):
    # leaves in the order given, then aggregates by level, the root last
    ids = [n.id for n in framework.nodes]
    assert ids == ["share", "fiscal_raw", "fiscal_growth", "input", "output", "index"]
    assert len(framework) == 6 and framework.n_leaves == 3 and framework.root == 5
    assert [framework.level(i) for i in range(6)] == [1, 1, 1, 2, 2, 3]
    assert [framework.is_leaf(i) for i in range(6)] == [True, True, True, False, False, False]
    assert framework.parent(0) == 3 and framework.parent(5) is None
    assert framework.children(3) == [0, 1]
    assert framework.children(5) == [3, 4]
    # share = weight / sum of sibling weights: input 3 / (3 + 1), share 1 / (1 + 3)
    assert framework.share(3) == 0.75
    assert framework.share(0) == 0.25
    assert framework.share(1) == 0.75
    assert framework.share(2) == 1.0
    assert framework.share(5) == 1.0
    assert framework.node_index("output") == 4
    assert framework.find_node("nope") is None
    assert framework.node("input").weight == 3
    assert framework.leaf_indicator(0).id == "share"


def test_indicators_and_variables(framework):
    assert framework.scored_indicators() == ["share", "fiscal_raw", "fiscal_growth"]
    assert framework.unscored_indicators() == ["awards"]
    # "awards" is raw with its own id, so it declares its variable implicitly
    assert [v.id for v in framework.variables] == ["fiscal", "budget", "awards"]
    assert framework.find_variable("awards").name_en == "Awards"
    assert framework.find_indicator("nope") is None
    assert framework.indicator("share").scale == 100
    assert cl.Framework.inputs_of(framework.indicator("share")) == ["fiscal", "budget"]
    with pytest.raises(cl.UnknownIdError) as info:
        framework.indicator("nope")
    assert info.value.id == "nope"
    assert framework.info.id == "test"


def test_invalid_trees():
    leaf = [cl.Indicator("x")]
    with pytest.raises(cl.FrameworkError, match="cycle") as info:
        cl.Framework([], leaf, [cl.Node("root"), cl.Node("a", "b"), cl.Node("b", "a"), cl.Node("x", "root")])
    assert info.value.id in ("a", "b")
    with pytest.raises(cl.UnknownIdError) as info:
        cl.Framework([], leaf, [cl.Node("root"), cl.Node("x", "nowhere")])
    assert info.value.id == "nowhere"
    with pytest.raises(cl.DuplicateError):
        cl.Framework([], leaf, [cl.Node("root"), cl.Node("x", "root"), cl.Node("x", "root")])
    with pytest.raises(cl.FrameworkError, match="exactly one root"):
        cl.Framework([], leaf, [cl.Node("root"), cl.Node("x")])
    with pytest.raises(cl.FrameworkError, match="all zero"):
        cl.Framework([], leaf, [cl.Node("root"), cl.Node("x", "root", 0.0)])
    with pytest.raises(cl.FrameworkError, match="denominator"):
        cl.Framework([], [cl.Indicator("r", kind="ratio", variable="a")], [cl.Node("root"), cl.Node("r", "root")])
    with pytest.raises(cl.UnknownIdError) as info:
        cl.Framework([], [cl.Indicator("r", kind="ratio", variable="a", denominator="b")],
                     [cl.Node("root"), cl.Node("r", "root")])
    assert info.value.id == "a"


def test_to_frame(framework):
    frame = framework.to_frame()
    assert list(frame.columns) == [
        "id", "parent", "level", "weight", "share", "is_indicator", "name_zh", "name_en", "aggregation", "note",
        "unit", "direction", "kind", "variable", "denominator", "scale", "years", "range_lo", "range_hi",
        "denominate_by", "target"]
    assert frame["id"].tolist() == ["share", "fiscal_raw", "fiscal_growth", "input", "output", "index"]
    share = frame.iloc[0]
    assert (share["parent"], share["level"], share["weight"], share["share"]) == ("input", 1, 1.0, 0.25)
    assert bool(share["is_indicator"])
    assert (share["name_zh"], share["unit"], share["kind"], share["denominator"], share["scale"]) == \
        ("比重", "%", "ratio", "budget", 100.0)
    assert (share["range_lo"], share["range_hi"], share["target"]) == (0.0, 100.0, 1.9)
    growth = frame.iloc[2]
    assert (growth["kind"], growth["years"], growth["range_lo"]) == ("growth", 2, -math.inf)
    assert math.isnan(growth["target"])
    root = frame.iloc[5]
    assert not root["is_indicator"] and root["parent"] == "" and root["name_en"] == "Index"
    assert pd.isna(root["direction"]) and root["kind"] is None


def test_indicator_and_variable_frames(framework):
    indicators = framework.indicators_frame()
    assert indicators["id"].tolist() == ["share", "fiscal_raw", "fiscal_growth", "awards"]
    assert indicators["scored"].tolist() == [True, True, True, False]
    variables = framework.variables_frame()
    assert list(variables.columns) == ["id", "name_zh", "name_en", "unit", "range_lo", "range_hi", "note"]
    assert variables["range_lo"].tolist() == [0.0, 0.0, -math.inf]


def test_frame_round_trip(framework):
    back = cl.Framework.from_frame(framework.to_frame(), indicators=framework.indicators_frame(),
                                   variables=framework.variables_frame(), info=framework.info)
    pd.testing.assert_frame_equal(back.to_frame(), framework.to_frame())
    pd.testing.assert_frame_equal(back.indicators_frame(), framework.indicators_frame())
    pd.testing.assert_frame_equal(back.variables_frame(), framework.variables_frame())
    assert back.to_json() == framework.to_json()


def test_from_a_minimal_node_frame():
    nodes = pd.DataFrame({"id": ["index", "a", "b"], "parent": [None, "index", "index"], "weight": [np.nan, 2, 1]})
    fw = cl.Framework.from_frame(nodes, info={"id": "mini", "name_zh": "最小"})
    assert fw.scored_indicators() == ["a", "b"]
    assert [i.kind for i in fw.indicators] == ["raw", "raw"]
    assert fw.share(0) == pytest.approx(2 / 3)
    assert fw.node("index").weight == 1.0
    assert fw.info.name_zh == "最小"


def test_from_frame_rejects_unknown_columns():
    with pytest.raises(cl.ValidationError) as info:
        cl.Framework.from_frame(pd.DataFrame({"id": ["a"], "wieght": [1]}))
    assert info.value.column_name == "wieght"


def test_from_coinr_imeta():
    na = np.nan
    meta = pd.DataFrame({
        "Level": [1, 1, 1, 2, 2, 3, na, na],
        "iCode": ["LPI", "Flights", "Tariff", "Physical", "Instit", "Index", "EurAsia_group", "Population"],
        "iName": ["Logistics", "Flights", "Mean tariff", "Physical", "Institutional", "Index", "Europe or Asia",
                  "Population"],
        "Direction": [1, 1, -1, 1, 1, 1, na, na],
        "Weight": [1, 1, 1, 2, 1, 1, na, na],
        "Unit": ["Score", "Seats", "Percent", "Score", "Score", "Score", na, "Thousands"],
        "Target": [4.1, 200.3, 0.5, na, na, na, na, na],
        "Denominator": [na, "Population", na, na, na, na, na, na],
        "Parent": ["Physical", "Physical", "Instit", "Index", "Index", na, na, na],
        "Type": ["Indicator", "Indicator", "Indicator", "Aggregate", "Aggregate", "Aggregate", "Group",
                 "Denominator"]})
    fw = cl.Framework.from_frame(meta)
    assert fw.scored_indicators() == ["LPI", "Flights", "Tariff"]
    assert [n.id for n in fw.nodes][3:] == ["Physical", "Instit", "Index"]
    assert fw.indicator("Tariff").direction == -1
    assert fw.indicator("Flights").denominate_by == "Population"
    assert fw.indicator("LPI").target == 4.1
    assert fw.indicator("LPI").name_en == "Logistics"
    assert [v.id for v in fw.variables] == ["Population", "LPI", "Flights", "Tariff"]
    assert fw.share(fw.node_index("Physical")) == pytest.approx(2 / 3)
    assert fw.level(fw.root) == 3


def test_html(framework):
    text = framework._repr_html_()
    assert "创新投入" in text and "Input" in text and "75.0%" in text


def test_getters_return_copies_that_cannot_break_the_framework(framework):
    node = framework.nodes[0]
    node.weight = -5.0
    framework.info.id = "changed"
    framework.indicators[0].scale = 0.0
    assert framework.nodes[0].weight == 1.0
    assert framework.info.id == "test"
    assert framework.indicator("share").scale == 100
