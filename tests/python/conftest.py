"""Shared fixtures of the Python tests. The source tree is found through COUNTYLEAP_SOURCE_DIR
(set by CTest); the package through PYTHONPATH (<build>/python)."""

import os
from pathlib import Path

import pytest

import countyleap as cl

#: COINr's full example pipeline exactly as issue 3 writes it (tests import it from here).
FULL_EXAMPLE = {"denominate": True,
                "impute": {"method": "group_mean", "group": "EurAsia_group"},
                "screen": {"min_data": 0.9},
                "treat": {"method": "coinr", "winmax": 5, "skew": 2.0, "kurtosis": 3.5},
                "normalise": {"method": "minmax", "range": [0, 100]},
                "weights": {"method": "given"},
                "aggregate": {"method": "arithmetic"}}


@pytest.fixture(scope="session")
def source_dir() -> Path:
    value = os.environ.get("COUNTYLEAP_SOURCE_DIR")
    if not value:
        pytest.fail("COUNTYLEAP_SOURCE_DIR is not set (CTest sets it to the source tree)")
    return Path(value)


@pytest.fixture(scope="session")
def asem_dir(source_dir: Path) -> Path:
    """COINr's ASEM example, copied into tests/data/asem."""
    return source_dir / "tests" / "data" / "asem"


@pytest.fixture(scope="session")
def tables(asem_dir):
    """COINr's ASEM example read as panel, framework and regions (read_coinr)."""
    return cl.read_coinr(asem_dir / "ASEM_iData.csv", asem_dir / "ASEM_iMeta.csv")


@pytest.fixture()
def regions() -> cl.RegionSet:
    """Three Shijiazhuang units, one out of scope, and the 2014 code change of 藁城市."""
    return cl.RegionSet(
        [cl.Region("130102", "长安区", "Chang'an", kind="district", parent="130100"),
         cl.Region("130109", "藁城区", "Gaocheng", kind="district", parent="130100"),
         cl.Region("130181", "辛集市", "Xinji", kind="county_level_city", parent="130100", in_scope=False,
                   note="province-administered")],
        [cl.CodeChange("130182", "130109", 2014, old_name_zh="藁城市")])


@pytest.fixture()
def framework() -> cl.Framework:
    """index -> input (weight 3) -> share (ratio fiscal / budget x 100, weight 1), fiscal (raw, weight 3);
    index -> output (weight 1) -> growth (2-year growth of fiscal). Hand-checked values in the tests."""
    variables = [cl.Variable("fiscal", "地方财政科技支出", "Fiscal S&T", unit="万元", range=(0, None)),
                 cl.Variable("budget", "一般公共预算支出", "Budget", unit="万元", range=(0, None))]
    indicators = [
        cl.Indicator("share", "比重", "Share", unit="%", kind="ratio", variable="fiscal", denominator="budget",
                     scale=100, range=(0, 100), target=1.9),
        cl.Indicator("fiscal_raw", "财政科技支出", "Fiscal", unit="万元", variable="fiscal"),
        cl.Indicator("fiscal_growth", "增速", "Growth", unit="%", kind="growth", variable="fiscal", years=2),
        cl.Indicator("awards", "奖励", "Awards", unit="items"),
    ]
    nodes = [cl.Node("index", name_zh="指数", name_en="Index"),
             cl.Node("input", "index", 3, name_zh="创新投入", name_en="Input"),
             cl.Node("share", "input", 1),
             cl.Node("fiscal_raw", "input", 3),
             cl.Node("output", "index", 1, name_zh="创新产出", name_en="Output"),
             cl.Node("fiscal_growth", "output", 1)]
    return cl.Framework(variables, indicators, nodes, info=cl.FrameworkInfo(id="test", name_zh="测试"))


@pytest.fixture()
def plan() -> cl.Plan:
    """Tiers A >= 80, B >= 60, C; a baseline and one phase; goals, observations and targets."""
    return cl.Plan(
        cl.TierScheme("fixed", [cl.TierBand("A", 80, name_zh="A类县"), cl.TierBand("B", 60), cl.TierBand("C")]),
        [cl.Phase("baseline", 2020, 2021, {"A": 1, "B": 1, "C": 0}, baseline=True),
         cl.Phase("phase1", 2021, 2022, {"A": 2, "B": 0, "C": 0}, name_zh="挖潜增量", name_en="Tap potential")],
        observed=[cl.RegionTier("130102", 2020, "A", inferred=True), cl.RegionTier("130109", 2020, "B")],
        goals=[cl.RegionTier("130102", 2021, "A"), cl.RegionTier("130109", 2021, "A")],
        indicator_targets=[cl.IndicatorTarget("share", "A", 2022, 1.9, unit="%", section="§4"),
                           cl.IndicatorTarget("share", "B", 2022, 1.5, unit="%", section="§4")],
        growth_targets=[cl.GrowthTarget("fiscal", 30, 2021, 2025, years_inferred=True, section="§4")],
        facts=[cl.PlanFact("special_fund", 1500, unit="万元/year", from_year=2022, to_year=2025)],
        info=cl.PlanInfo(id="demo", name_zh="示例计划", name_en="Demo plan"))
