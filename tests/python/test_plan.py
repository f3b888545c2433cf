"""Plan, its parts and its DataFrame views."""

import math

import pandas as pd
import pytest

import countyleap as cl


def test_parts(plan):
    assert plan.tier_labels == ["A", "B", "C"]
    assert plan.tiers.rule == "fixed"
    assert [t.bound for t in plan.tiers] == [80, 60, None]
    assert plan.tiers[0].name_zh == "A类县"
    assert plan.tiers.labels == ["A", "B", "C"]
    assert plan.tiers != cl.TierScheme.hebei()  # the fixture names tier A only
    assert cl.Plan(cl.TierScheme.hebei()).tiers == cl.TierScheme.hebei()
    assert [p.id for p in plan.phases] == ["baseline", "phase1"]
    assert plan.phases[1].tier_counts == {"A": 2, "B": 0, "C": 0}
    assert plan.tier_rank("C") == 2
    with pytest.raises(cl.UnknownIdError):
        plan.tier_rank("D")
    assert plan.info.name_en == "Demo plan"
    assert [t.value for t in plan.indicator_target_list] == [1.9, 1.5]
    assert plan.growth_target_list[0].rule == "average_annual"
    assert plan.facts[0].value == 1500
    assert repr(plan).startswith("<Plan '示例计划': 3 tiers, 2 phases")


def test_tier_counts(plan):
    counts = plan.tier_counts()
    assert list(counts.columns[:4]) == ["year", "A", "B", "C"]
    assert counts[["year", "A", "B", "C"]].values.tolist() == [[2020, 1, 1, 0], [2021, 2, 0, 0]]
    assert counts["publication_year"].tolist() == [2021, 2022]
    assert counts["phase"].tolist() == ["baseline", "phase1"]
    assert counts["baseline"].tolist() == [True, False]


def test_a_count_the_plan_does_not_state_is_missing():
    plan = cl.Plan(cl.TierScheme("fixed", [cl.TierBand("A", 80), cl.TierBand("B")]), [cl.Phase("p", 2025, 2026, {"A": 3})])
    counts = plan.tier_counts()
    assert counts.loc[0, "A"] == 3 and pd.isna(counts.loc[0, "B"])


def test_region_tables(plan):
    goals = plan.region_goals()
    assert list(goals.columns) == ["code", "year", "tier", "inferred", "note"]
    assert goals[["code", "year", "tier"]].values.tolist() == [["130102", 2021, "A"], ["130109", 2021, "A"]]
    observed = plan.observed_tiers()
    assert observed[["code", "tier", "inferred"]].values.tolist() == [["130102", "A", True], ["130109", "B", False]]


def test_target_tables(plan):
    targets = plan.indicator_targets()
    assert list(targets.columns[:6]) == ["indicator", "tier", "year", "value", "unit", "section"]
    assert targets[["tier", "value"]].values.tolist() == [["A", 1.9], ["B", 1.5]]
    growth = plan.growth_targets()
    assert list(growth.columns[:7]) == ["variable", "min_rate_pct", "rule", "from_year", "to_year",
                                        "years_inferred", "section"]
    assert growth.iloc[0].tolist()[:7] == ["fiscal", 30.0, "average_annual", 2021, 2025, True, "§4"]


def test_phase_tier_and_fact_tables(plan):
    phases = plan.phases_frame()
    assert phases.loc[1, ["id", "name_zh", "evaluation_year", "publication_year", "A"]].tolist() == \
        ["phase1", "挖潜增量", 2021, 2022, 2]
    tiers = plan.tiers_frame()
    assert list(tiers.columns) == ["label", "bound", "inclusive", "relative", "name_zh", "name_en"]
    assert tiers["label"].tolist() == ["A", "B", "C"] and tiers["bound"].tolist()[:2] == [80.0, 60.0]
    assert math.isnan(tiers.loc[2, "bound"]) and tiers.loc[0, "name_zh"] == "A类县"
    facts = plan.facts_frame()
    assert facts.loc[0, ["id", "value", "unit", "from_year", "to_year"]].tolist() == \
        ["special_fund", 1500.0, "万元/year", 2022, 2025]


def test_structural_errors():
    tiers = cl.TierScheme("fixed", [cl.TierBand("A", 80), cl.TierBand("B", 60), cl.TierBand("C")])
    with pytest.raises(cl.UnknownIdError) as info:
        cl.Plan(tiers, goals=[cl.RegionTier("130102", 2021, "D")])
    assert info.value.id == "D"
    with pytest.raises(cl.DuplicateError) as info:
        cl.Plan(tiers, goals=[cl.RegionTier("130102", 2021, "A"), cl.RegionTier("130102", 2021, "B")])
    assert info.value.id == "130102"
    with pytest.raises(cl.DuplicateError):
        cl.Plan(tiers, [cl.Phase("p", 2021), cl.Phase("p", 2022)])
    with pytest.raises(cl.PlanError) as info:
        cl.Plan(tiers, growth_targets=[cl.GrowthTarget("fiscal", 30, 2025, 2021)])
    assert info.value.id == "fiscal"
    with pytest.raises(TypeError):
        cl.Plan([])
    with pytest.raises(cl.ValidationError, match="at least two tiers"):
        cl.TierScheme("fixed", [cl.TierBand("A")])
    with pytest.raises(cl.ValidationError, match="growth rule"):
        cl.GrowthTarget("fiscal", 30, 2021, 2025, rule="yearly")


def test_validate_against_framework_and_regions(plan, framework, regions):
    plan.validate(framework, regions)
    bad = cl.Plan(plan.tiers, goals=[cl.RegionTier("130105", 2021, "A")])
    with pytest.raises(cl.UnknownIdError) as info:
        bad.validate(framework, regions)
    assert info.value.id == "130105"
    bad = cl.Plan(plan.tiers, indicator_targets=[cl.IndicatorTarget("nope", "A", 2022, 1)])
    with pytest.raises(cl.UnknownIdError):
        bad.validate(framework, regions)


def test_html(plan):
    text = plan._repr_html_()
    assert "示例计划" in text and "Demo plan" in text and "A &gt;= 80, B &gt;= 60, C below" in text and "挖潜增量" in text


def test_getters_return_copies_that_cannot_break_the_plan(plan):
    plan.tiers.tiers[0].bound = 10.0
    plan.tiers.rule = "quota"
    plan.goals[0].tier = "Z"
    plan.phases[0].tier_counts = {"A": 99}
    assert plan.tiers[0].bound == 80 and plan.tiers.rule == "fixed"
    assert plan.goals[0].tier == "A"
    assert plan.phases[0].tier_counts == {"A": 1, "B": 1, "C": 0}
