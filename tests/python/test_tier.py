"""TierBand, TierScheme (keywords, JSON), classify, classify_by_targets, compare_years. Expected tiers
and margins are worked out by hand in the comments."""

import math

import numpy as np
import pandas as pd
import pytest

import countyleap as cl


def test_scheme_from_keywords_and_hebei():
    scheme = cl.TierScheme(rule="fixed", tiers=[cl.TierBand("A", 80, name_zh="A类县"), cl.TierBand("B", 60),
                                                cl.TierBand("C")])
    assert scheme.labels == ["A", "B", "C"] and len(scheme) == 3
    assert scheme[0].bound == 80 and scheme[-1].bound is None and scheme[0].inclusive
    assert [t.label for t in scheme] == ["A", "B", "C"]
    assert scheme.index_of("B") == 1
    with pytest.raises(cl.UnknownIdError):
        scheme.index_of("D")
    hebei = cl.TierScheme.hebei()
    assert hebei.rule == "fixed" and [t.bound for t in hebei] == [80, 60, None]
    assert [t.name_zh for t in hebei] == ["A类县", "B类县", "C类县"]
    assert repr(scheme) == "TierScheme('fixed', [TierBand('A', 80.0, name_zh='A类县'), TierBand('B', 60.0), TierBand('C')])"
    assert scheme.to_frame()["bound"].tolist()[:2] == [80.0, 60.0]
    with pytest.raises(cl.ValidationError, match="tier rule"):
        cl.TierScheme("fixd", [cl.TierBand("A", 1), cl.TierBand("B")])
    with pytest.raises(cl.DuplicateError):
        cl.TierScheme("fixed", [cl.TierBand("A", 1), cl.TierBand("A")])


def test_scheme_json_round_trip(tmp_path):
    eis = cl.TierScheme("relative_to_mean", [cl.TierBand("leader", 1.25, inclusive=False, name_en="Innovation leaders"),
                                             cl.TierBand("strong", 1.0, inclusive=False), cl.TierBand("emerging")],
                        sub_bands=3)
    text = eis.to_json()
    assert '"rule": "relative_to_mean"' in text and '"sub_bands": 3' in text
    assert cl.io.parse_tier_scheme_json(text) == eis
    path = tmp_path / "tiers.json"
    eis.to_json(path)
    assert cl.TierScheme.from_json(path) == eis
    assert cl.io.read_tier_scheme_json(path).tiers[0].name_en == "Innovation leaders"
    assert cl.TierScheme.hebei() != eis


def test_classify_fixed_with_margins():
    # Hebei: 85 -> A (5 above 80); 80 -> A (inclusive, 0 above); 79.99 -> B (0.01 below A, 19.99 above 60);
    # 60 -> B; 59 -> C (1 below B)
    scores = pd.Series([85, 80, 79.99, 60, 59], index=["a", "b", "c", "d", "e"])
    result = cl.classify(scores, cl.TierScheme.hebei())
    assert result.codes == ["a", "b", "c", "d", "e"]
    assert result.tier == ["A", "A", "B", "B", "C"]
    assert result.tier_index.tolist() == [0, 0, 1, 1, 2]
    assert result.counts == {"A": 2, "B": 2, "C": 1}
    assert result.boundaries == {"A": 80.0, "B": 60.0, "C": -math.inf}
    frame = result.to_frame()
    assert frame.index.tolist() == ["a", "b", "c", "d", "e"] and frame.index.name == "code"
    assert math.isnan(frame.loc["a", "margin_up"]) and frame.loc["a", "margin_down"] == 5
    assert frame.loc["c", "margin_up"] == pytest.approx(0.01) and frame.loc["c", "margin_down"] == pytest.approx(19.99)
    assert frame.loc["e", "margin_up"] == 1 and math.isnan(frame.loc["e", "margin_down"])
    assert repr(result) == "<Classification of 5 regions: A: 2, B: 2, C: 1>"


def test_classify_relative_quota_and_breaks():
    # mean of 1, 2, 3, 6 is 3: leader > 3.75, strong > 3, moderate > 2.1, else emerging
    eis = cl.TierScheme("relative_to_mean", [cl.TierBand("leader", 1.25, inclusive=False),
                                             cl.TierBand("strong", 1.0, inclusive=False),
                                             cl.TierBand("moderate", 0.7, inclusive=False), cl.TierBand("emerging")])
    assert cl.classify([1, 2, 3, 6], eis).tier == ["emerging", "emerging", "moderate", "leader"]
    # best 2, next 2, rest; sorted 9, 7, 7, 5, 1: the tie at 7 shares the better tier
    quota = cl.TierScheme("quota", [cl.TierBand("A", 2), cl.TierBand("B", 2), cl.TierBand("C")])
    assert cl.classify(np.array([5, 9, 7, 7, 1]), quota).tier == ["B", "A", "A", "A", "C"]
    # two obvious clusters
    breaks = cl.TierScheme("natural_breaks", [cl.TierBand("high"), cl.TierBand("low")])
    assert cl.classify([1, 12, 2, 11, 3, 10], breaks).tier == ["low", "high", "low", "high", "low", "high"]
    with pytest.raises(cl.ValidationError, match="missing"):
        cl.classify([1, float("nan")], cl.TierScheme.hebei())
    with pytest.raises(cl.ValidationError, match="missing") as caught:  # a Series' missing score is named by code
        cl.classify(pd.Series([70.0, float("nan")], index=["130102", "130104"]), cl.TierScheme.hebei())
    assert caught.value.id == "130104"


def test_classify_by_targets():
    # A needs 3 of its targets; region 1 meets 2 (one short), region 2 none
    scheme = cl.TierScheme("targets_met", [cl.TierBand("A", 3), cl.TierBand("B")])
    result = cl.classify_by_targets(np.array([[3, 0], [2, 5], [0, 0]]), scheme, codes=["x", "y", "z"])
    assert result.tier == ["A", "B", "B"]
    assert result.to_frame().loc["y", "margin_up"] == 1
    with pytest.raises(cl.ValidationError, match="targets_met"):
        cl.classify([1, 2], scheme)


def test_compare_years():
    scheme = cl.TierScheme.hebei()
    before = cl.classify(pd.Series([70, 85, 50], index=["a", "b", "c"]), scheme)
    after = cl.classify(pd.Series([81, 84, 40], index=["a", "b", "c"]), scheme)
    moves = cl.compare_years(before, after)
    assert moves.index.tolist() == ["a", "b", "c"]
    assert moves["tier_before"].tolist() == ["B", "A", "C"] and moves["tier_after"].tolist() == ["A", "A", "C"]
    assert moves["move"].tolist() == ["jump", "hold", "hold"]
    assert moves["tiers_moved"].tolist() == [1, 0, 0]
    assert moves["score_change"].tolist() == [11, -1, -10]
    # ranks before: b 1, a 2, c 3; after: b 1, a 2, c 3
    assert moves["rank_change"].tolist() == [0, 0, 0] and moves["rank_band"].tolist() == ["unchanged"] * 3
    other = cl.classify(pd.Series([1, 2, 3], index=["a", "c", "b"]), scheme)
    with pytest.raises(cl.ValidationError, match="same regions"):
        cl.compare_years(before, other)


def test_rank_change_band():
    assert cl.rank_change_band(12) == "+10 or more"
    assert cl.rank_change_band(5) == "+5 to +9"
    assert cl.rank_change_band(-3) == "-1 to -4"
    assert cl.rank_change_band(0) == "unchanged"


def test_plan_carries_a_scheme():
    plan = cl.Plan(cl.TierScheme("quota", [cl.TierBand("A", 0.2), cl.TierBand("B")], quota_share=True),
                   [cl.Phase("p", 2025, 2026, {"A": 3})])
    assert plan.tiers.rule == "quota" and plan.tiers.quota_share
    assert "A best 20 %" in plan._repr_html_()
    again = cl.io.parse_plan_json(plan.to_json())
    assert again.tiers == plan.tiers
