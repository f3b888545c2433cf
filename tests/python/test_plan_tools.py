"""Tiers, targets and the plan from Python: cl.tiers, check_plan, target_gaps, growth_checks,
weak_spots, benchmarks, project, evaluate_projected, early_warning, leap_path, PlanInputs and the
Dataset one-liners. Every table is a DataFrame with the documented columns.

Most expectations come from a tiny world worked out by hand (see `TINY` below): three raw
indicators under one root, ratio to a standard capped at 100 points, given weights and arithmetic
aggregation, so that a region's score is

    S = 50 min(a/100, 1) + 30 min(b/10, 1) + 20 min(c/50, 1)

and every gap, weak spot, projection and leap path can be checked with a pencil. The bundled
Shijiazhuang dataset is checked against the plan table (石政办函〔2022〕17号 §四, restated in
data/shijiazhuang/plan.json): its 2020 tiers and the consistency of its phases.
"""

import itertools
import math

import numpy as np
import pandas as pd
import pytest

import countyleap as cl

NAN = math.nan
X, Y, Z, W = "130102", "130104", "130105", "130107"  # 长安区, 桥西区, 新华区, 井陉矿区
CODES = [X, Y, Z, W]
YEARS = [2019, 2020, 2021, 2022]
SPEC = {"normalise": {"method": "ratio_to_standard", "scale": 100, "cap": True}, "weights": {"method": "given"},
        "aggregate": {"method": "arithmetic"}}

# The tiny world, 2019..2022. Scores by the formula above:
#   X: 100 every year                                              -> A
#   Y: a 5, 10, 20, 40 (doubles); b 5; c 10, 12, 14, 16
#      2021: 10 + 15 + 5.6 = 30.6 (C);   2022: 20 + 15 + 6.4 = 41.4 (C)
#   Z: a 60, 60, 60, 90; b 7; c 35, 36, 38, 40
#      2021: 30 + 21 + 15.2 = 66.2 (B); 2022: 45 + 21 + 16 = 82 (A)
#   W: a 100, 100, 100, 70; b 10, 10, 10, 8; c 25
#      2021: 50 + 30 + 10 = 90 (A);      2022: 35 + 24 + 10 = 69 (B)
TINY = {
    X: {"a": [100] * 4, "b": [10] * 4, "c": [50] * 4},
    Y: {"a": [5, 10, 20, 40], "b": [5] * 4, "c": [10, 12, 14, 16]},
    Z: {"a": [60, 60, 60, 90], "b": [7] * 4, "c": [35, 36, 38, 40]},
    W: {"a": [100, 100, 100, 70], "b": [10, 10, 10, 8], "c": [25] * 4},
}
SCORES_2022 = {X: 100.0, Y: 41.4, Z: 82.0, W: 69.0}
SCORES_2021 = {X: 100.0, Y: 30.6, Z: 66.2, W: 90.0}

# the region tables have the code as their index (issue 11); these are their columns
TIER_COLUMNS = ["score", "tier", "partial_data", "margin_up", "margin_down", "tier_move", "tiers_moved",
                "score_change", "rank", "rank_change", "rank_band"]
GAP_COLUMNS = ["indicator", "tier", "data_year", "target_year", "years_left", "value", "target", "gap",
               "relative_gap", "attainment", "required_growth_pct", "growth_need", "status", "direction", "unit",
               "section"]
WEAK_COLUMNS = ["rank", "indicator", "tier", "value", "target", "normalised", "normalised_at_target", "weight",
                "score", "score_at_target", "gain"]
BENCHMARK_COLUMNS = ["region_tier", "benchmark", "benchmark_tier", "rank", "distance", "lead_rank", "indicator",
                     "normalised_difference", "value", "benchmark_value", "value_difference"]
SERIES_COLUMNS = ["variable", "ok", "method", "fallback", "from_year", "to_year", "points", "first_value",
                  "last_value", "cagr_pct", "slope", "mean_year", "mean_value", "projected", "note"]
OUTLOOK_COLUMNS = ["year", "projected", "basis", "score", "tier", "tier_index", "margin_up", "margin_down"]
CHANGE_COLUMNS = ["indicator", "unit", "current", "new_value", "change", "change_pct", "bound", "points", "at_bound",
                  "saturated"]


def tiny_panel() -> cl.Panel:
    values = np.array([[TINY[code][v] for v in "abc"] for code in CODES], dtype=float)
    return cl.Panel.from_arrays(CODES, ["a", "b", "c"], YEARS, values)


def tiny_framework() -> cl.Framework:
    standards = {"a": 100, "b": 10, "c": 50}
    variables = [cl.Variable(v, v, v, unit="u", range=(0, None)) for v in "abc"]
    indicators = [cl.Indicator(v, v, v, unit="u", range=(0, None), target=standards[v]) for v in "abc"]
    nodes = [cl.Node("index", name_zh="指数", name_en="Index"), cl.Node("a", "index", 50), cl.Node("b", "index", 30),
             cl.Node("c", "index", 20)]
    return cl.Framework(variables, indicators, nodes)


def tiny_regions() -> cl.RegionSet:
    return cl.RegionSet([cl.Region(X, "长安区", "Chang'an", kind="district", parent="130100"),
                         cl.Region(Y, "桥西区", "Qiaoxi", kind="district", parent="130100"),
                         cl.Region(Z, "新华区", "Xinhua", kind="district", parent="130100"),
                         cl.Region(W, "井陉矿区", "Jingxing Kuangqu", kind="district", parent="130100")])


def tiny_plan(*, p1_counts=None, goals=None) -> cl.Plan:
    """Hebei tiers. Baseline 2021 (observed: X A, Y C, Z B, W A -> A 2, B 1, C 1); phase p1 2022 (goals X A,
    Y B, Z A, W A -> A 3, B 1; moves Y C->B, Z B->A); phase p2 2025 (every goal A -> A 4; move Y B->A).
    Level targets for 2022 (A: a 80, b 8; B: a 50, b 6) and 2025 (A: a 100, b 10, c 50; B: 80, 8, 40); growth
    of a >= 30 %/yr on average 2021-2025."""
    g = cl.RegionTier
    default_goals = [g(X, 2022, "A"), g(Y, 2022, "B"), g(Z, 2022, "A"), g(W, 2022, "A")] + \
        [g(code, 2025, "A") for code in CODES]
    target = cl.IndicatorTarget
    return cl.Plan(
        cl.TierScheme.hebei(),
        [cl.Phase("baseline", 2021, 2022, {"A": 2, "B": 1, "C": 1}, baseline=True),
         cl.Phase("p1", 2022, 2023, p1_counts or {"A": 3, "B": 1, "C": 0}, name_zh="挖潜增量"),
         cl.Phase("p2", 2025, 2026, {"A": 4, "B": 0, "C": 0})],
        observed=[g(X, 2021, "A"), g(Y, 2021, "C"), g(Z, 2021, "B"), g(W, 2021, "A")],
        goals=goals or default_goals,
        indicator_targets=[target("a", "A", 2022, 80), target("b", "A", 2022, 8),
                           target("a", "B", 2022, 50), target("b", "B", 2022, 6),
                           target("a", "A", 2025, 100, unit="u", section="§1"), target("b", "A", 2025, 10),
                           target("c", "A", 2025, 50),
                           target("a", "B", 2025, 80), target("b", "B", 2025, 8), target("c", "B", 2025, 40)],
        growth_targets=[cl.GrowthTarget("a", 30, 2021, 2025, section="§4")],
        info=cl.PlanInfo(id="tiny", name_zh="小计划"))


@pytest.fixture()
def tiny() -> cl.Study:
    return cl.Study(tiny_panel(), tiny_framework(), tiny_plan(), regions=tiny_regions(), spec=SPEC)


@pytest.fixture(scope="module")
def ds() -> cl.Dataset:
    return cl.datasets.shijiazhuang()


def row(frame: pd.DataFrame, **keys) -> pd.Series:
    """The one row of `frame` whose columns (or code index) equal `keys`."""
    if frame.index.name == "code":
        frame = frame.reset_index()
    mask = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        mask &= (frame[column] == value).to_numpy()
    assert mask.sum() == 1, (keys, frame)
    return frame[mask].iloc[0]


# ---- tiers --------------------------------------------------------------------------------------

def test_tiny_world_scores_match_the_formula(tiny):
    for year, expected in ((2022, SCORES_2022), (2021, SCORES_2021)):
        composite = tiny.evaluate(year=year).composite()
        assert composite.to_dict() == pytest.approx(expected, abs=1e-12)


def test_tiers_margins_and_moves(tiny):
    frame = cl.tiers(tiny.evaluate(year=2022), tiny.scheme, previous=tiny.evaluate(year=2021))
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == TIER_COLUMNS
    assert frame.index.name == "code" and frame.index.tolist() == CODES
    assert frame["tier"].tolist() == ["A", "C", "A", "B"]
    # margins (Hebei A >= 80, B >= 60): X 100 - 80 = 20 above A; Y 60 - 41.4 = 18.6 to B; Z 82 - 80 = 2 above A;
    # W 80 - 69 = 11 to A and 69 - 60 = 9 above B
    assert frame["margin_up"].tolist() == pytest.approx([NAN, 18.6, NAN, 11], nan_ok=True)
    assert frame["margin_down"].tolist() == pytest.approx([20, NAN, 2, 9], nan_ok=True)
    # 2021 -> 2022: X A -> A, Y C -> C, Z B -> A (jump), W A -> B (drop); score changes 0, 41.4 - 30.6 = 10.8,
    # 82 - 66.2 = 15.8, 69 - 90 = -21; ranks 2021 X 1, W 2, Z 3, Y 4 and 2022 X 1, Z 2, W 3, Y 4
    assert frame["tier_move"].tolist() == ["hold", "hold", "jump", "drop"]
    assert frame["tiers_moved"].tolist() == [0, 0, 1, -1]
    assert frame["score_change"].tolist() == pytest.approx([0, 10.8, 15.8, -21])
    assert frame["rank"].tolist() == [1, 4, 2, 3]
    assert frame["rank_change"].tolist() == [0, 0, 1, -1]
    assert frame["rank_band"].tolist() == ["unchanged", "unchanged", "+1 to +4", "-1 to -4"]
    # the one-liner gives the same table (previous year taken from the panel)
    pd.testing.assert_frame_equal(tiny.tiers(year=2022), frame)


def test_tiers_of_a_series_without_previous_and_partial_overlap():
    scheme = cl.TierScheme.hebei()
    now = pd.Series([85.0, 59.0, 70.0], index=["130102", "130104", "130105"])
    frame = cl.tiers(now, scheme)
    assert frame["tier"].tolist() == ["A", "C", "B"]
    assert frame["tier_move"].isna().all() and frame["rank_change"].isna().all()
    assert frame["score_change"].isna().all() and frame["rank"].tolist() == [1, 3, 2]
    # only 130102 and 130105 were scored the year before: 130104 gets no move
    before = pd.Series([90.0, 50.0], index=["130102", "130105"])
    moved = cl.tiers(now, scheme, previous=before)
    assert moved["tier_move"].tolist() == ["hold", None, "jump"]
    assert moved["score_change"].tolist() == pytest.approx([-5, NAN, 20], nan_ok=True)


def test_tiers_jenks_breaks_by_hand():
    # Fisher-Jenks into 3 classes of 1, 2, 3, 10, 11, 20: {1, 2, 3} {10, 11} {20}, within-class sum of squares
    # 2 + 0.5 + 0 = 2.5 (checked against every 3-class split below; quantiles would split {1, 2} {3, 10}
    # {11, 20}); boundaries are each class's lowest score, 20 and 10: 11 is 9 below the top class and 1 above its
    # own boundary, 3 is 7 below the middle class.
    values = [11.0, 1.0, 20.0, 3.0, 10.0, 2.0]
    codes = ["130102", "130104", "130105", "130107", "130108", "130109"]
    ascending = sorted(values)

    def sdcm(parts):
        return sum(sum((x - np.mean(p)) ** 2 for x in p) for p in parts)
    splits = [(ascending[:i], ascending[i:j], ascending[j:]) for i, j in itertools.combinations(range(1, 6), 2)]
    best = min(splits, key=sdcm)
    assert best == ([1.0, 2.0, 3.0], [10.0, 11.0], [20.0]) and sdcm(best) == 2.5

    scheme = cl.TierScheme("natural_breaks", [cl.TierBand("high"), cl.TierBand("middle"), cl.TierBand("low")])
    frame = cl.tiers(pd.Series(values, index=codes), scheme)
    assert frame["tier"].tolist() == ["middle", "low", "high", "low", "middle", "low"]
    by_code = frame
    assert by_code.loc["130102", "margin_up"] == 9 and by_code.loc["130102", "margin_down"] == 1
    assert by_code.loc["130107", "margin_up"] == 7 and math.isnan(by_code.loc["130107", "margin_down"])
    assert by_code.loc["130105", "margin_down"] == 0  # the top class's lowest score is its boundary


def test_tiers_bad_input_names_the_region():
    scores = pd.Series([81.0, NAN], index=["130102", "130104"])
    with pytest.raises(cl.ValidationError, match="130104") as error:
        cl.tiers(scores, cl.TierScheme.hebei())
    assert error.value.id == "130104"
    with pytest.raises(cl.ValidationError, match="130104"):
        cl.tiers(pd.Series([81.0, 70.0], index=["130102", "130104"]), cl.TierScheme.hebei(), previous=scores)
    with pytest.raises(TypeError, match="Scores or a pandas Series"):
        cl.tiers([81.0, 70.0], cl.TierScheme.hebei())


# ---- the plan check ---------------------------------------------------------------------------

def test_check_plan_consistent_with_its_proof(tiny):
    check = cl.check_plan(tiny.plan, tiny.regions)
    assert check.consistent and check.count("error") == 0 and check.count("warning") == 0
    assert list(check.findings.columns) == ["severity", "phase", "tier", "regions", "message"]
    assert check.findings.empty
    phases = check.phases
    assert list(phases.columns) == ["phase", "evaluation_year", "baseline", "previous", "n_moves", "stated_A",
                                    "stated_B", "stated_C", "counted_A", "counted_B", "counted_C"]
    assert phases["phase"].tolist() == ["baseline", "p1", "p2"]
    assert phases["previous"].tolist() == ["", "baseline", "p1"]
    assert phases["baseline"].tolist() == [True, False, False]
    # counts: baseline 2/1/1, p1 3/1/0, p2 4/0/0, stated and counted alike
    for prefix in ("stated", "counted"):
        assert phases[[f"{prefix}_{t}" for t in "ABC"]].to_numpy().tolist() == [[2, 1, 1], [3, 1, 0], [4, 0, 0]]
    assert phases["n_moves"].tolist() == [0, 2, 1]
    moves = check.moves
    assert moves.index.name == "code"
    assert list(moves.columns) == ["phase", "evaluation_year", "previous", "name_zh", "name_en", "from_tier",
                                   "to_tier", "direction"]
    assert moves.reset_index()[["phase", "code", "from_tier", "to_tier", "direction"]].values.tolist() == [
        ["p1", Y, "C", "B", "up"], ["p1", Z, "B", "A", "up"], ["p2", Y, "B", "A", "up"]]
    assert moves["name_zh"].tolist() == ["桥西区", "新华区", "桥西区"]
    assert tiny.check_plan().consistent


def errors(check) -> pd.DataFrame:
    findings = check.findings
    return findings[findings["severity"] == "error"].reset_index(drop=True)


def test_check_plan_counts_that_contradict_the_goals(tiny):
    # p1 states A 4, B 0 but its goals give A 3 (X, Z, W), B 1 (Y); the moves give baseline A 2 + 1 (Z) = 3,
    # not 4, and B 1 + 1 (Y) - 1 (Z) = 1, not 0
    plan = tiny_plan(p1_counts={"A": 4, "B": 0, "C": 0})
    check = cl.check_plan(plan, tiny.regions)
    assert not check.consistent
    found = errors(check)
    counted = found[found["message"].str.contains("in-scope region")]
    a = row(counted, phase="p1", tier="A")
    assert a["regions"] == [X, Z, W]
    assert "p1 (2022), tier A: the phase counts 4 but 3 in-scope region(s) have goal A" in a["message"]
    assert "130102 长安区, 130105 新华区, 130107 井陉矿区" in a["message"]
    b = row(counted, phase="p1", tier="B")
    assert b["regions"] == [Y]
    move_a = row(found[found["message"].str.contains("moves do not produce")], phase="p1", tier="A")
    assert move_a["regions"] == [Z]
    assert "baseline (2021) counts 2, + 1 moving in (130105 新华区) - 0 moving out (none) = 3, but the phase counts 4" \
        in move_a["message"]
    move_b = row(found[found["message"].str.contains("moves do not produce")], phase="p1", tier="B")
    assert move_b["regions"] == [Y, Z]  # moving in, then moving out


def test_check_plan_a_county_moving_down(tiny):
    # W's 2022 goal B instead of A, counts unchanged: a planned drop (warning), and p1 now counts A 2 (X, Z) and
    # B 2 (Y, W) against the stated 3 and 1; the moves give A 2 + 1 (Z) - 1 (W) = 2, not 3
    g = cl.RegionTier
    goals = [g(X, 2022, "A"), g(Y, 2022, "B"), g(Z, 2022, "A"), g(W, 2022, "B")] + [g(c, 2025, "A") for c in CODES]
    check = cl.check_plan(tiny_plan(goals=goals), tiny.regions)
    assert not check.consistent
    warning = row(check.findings, severity="warning")
    assert (warning["phase"], warning["tier"], warning["regions"]) == ("p1", "B", [W])
    assert warning["message"] == "p1 (2022): planned drop of 130107 井陉矿区 from A (baseline (2021)) to B"
    found = errors(check)
    counted = found[found["message"].str.contains("in-scope region")]
    assert row(counted, phase="p1", tier="A")["regions"] == [X, Z]
    assert row(counted, phase="p1", tier="B")["regions"] == [Y, W]
    moved = found[found["message"].str.contains("moves do not produce")]
    assert row(moved, phase="p1", tier="A")["regions"] == [Z, W]
    assert "+ 1 moving in (130105 新华区) - 1 moving out (130107 井陉矿区) = 2, but the phase counts 3" in \
        row(moved, phase="p1", tier="A")["message"]
    assert check.moves.query("phase == 'p1' and code == @W")["direction"].tolist() == ["down"]


def test_check_plan_unknown_and_out_of_scope_counties(tiny, regions, plan):
    # W's 2025 goal given to an unknown code 130199: the goal is named (phase p2), W has no p2 goal, and p2 counts
    # only X, Y, Z in A against the stated 4
    g = cl.RegionTier
    goals = [g(X, 2022, "A"), g(Y, 2022, "B"), g(Z, 2022, "A"), g(W, 2022, "A")] + \
        [g(c, 2025, "A") for c in (X, Y, Z, "130199")]
    found = errors(cl.check_plan(tiny_plan(goals=goals), tiny.regions))
    unknown = found[found["regions"].apply(lambda r: r == ["130199"])].iloc[0]
    assert unknown["phase"] == "p2" and "not in the region set: 130199" in unknown["message"]
    missing = found[found["message"].str.contains("have no goal")].iloc[0]
    assert (missing["phase"], missing["regions"]) == ("p2", [W])
    assert "p2 (2025): 1 in-scope region(s) have no goal: 130107 井陉矿区" in missing["message"]
    assert row(found[found["tier"] == "A"], phase="p2")["regions"] == [X, Y, Z]
    # the fixture plan (conftest) with a goal for 辛集市 130181, which the region set keeps out of scope
    outside = cl.Plan(plan.tiers, plan.phases, observed=plan.observed,
                      goals=list(plan.goals) + [cl.RegionTier("130181", 2021, "A")])
    found = errors(cl.check_plan(outside, regions))
    scope = found[found["message"].str.contains("outside the plan's scope")].iloc[0]
    assert (scope["phase"], scope["regions"]) == ("phase1", ["130181"]) and "130181 辛集市" in scope["message"]
    assert cl.check_plan(plan, regions).consistent  # the fixture itself is consistent


def test_bundled_plan_passes_the_check(ds):
    check = cl.check_plan(ds.plan, ds.regions)
    assert check.consistent and check.count("error") == 0
    phases = check.phases.set_index("phase")
    # the plan table: 2020 A 8 B 4 C 9; 2021 10/5/6; 2022 12/9/0; 2025 15/6/0
    expected = {"baseline": [8, 4, 9], "phase1": [10, 5, 6], "phase2": [12, 9, 0], "phase3": [15, 6, 0]}
    for phase, counts in expected.items():
        assert phases.loc[phase, ["stated_A", "stated_B", "stated_C"]].tolist() == counts
        assert phases.loc[phase, ["counted_A", "counted_B", "counted_C"]].tolist() == counts
    assert phases["n_moves"].tolist() == [0, 5, 8, 3]
    # seed §四 phase 1: 桥西区 130104, 赵县 130133 B->A; 新乐市 130184, 井陉县 130121, 无极县 130130 C->B
    phase1 = check.moves[check.moves["phase"] == "phase1"]
    assert set(zip(phase1.index, phase1["from_tier"], phase1["to_tier"])) == {
        ("130104", "B", "A"), ("130133", "B", "A"), ("130184", "C", "B"), ("130121", "C", "B"), ("130130", "C", "B")}
    assert ds.study().check_plan().consistent


# ---- gaps and growth ----------------------------------------------------------------------------

def test_measure_gap_by_hand():
    # the plan's A-tier fiscal S&T target: 4,000 against 7,000 two years ahead: gap 3,000, relative 3/7,
    # attainment 4/7, required growth (7000/4000)^(1/2) - 1 = 32.29 %/yr
    g = cl.measure_gap(4000, 7000, years_left=2)
    assert g["gap"] == 3000 and g["relative_gap"] == pytest.approx(3 / 7) and g["attainment"] == pytest.approx(4 / 7)
    assert g["required_growth_pct"] == pytest.approx((1.75 ** 0.5 - 1) * 100)
    assert round(g["required_growth_pct"], 2) == 32.29
    assert (g["status"], g["growth_need"], g["years_left"]) == ("unmet", "computed", 2)
    # lower is better: 8 against at most 5 in two years: gap 3, relative 3/5, attainment 5/8, a fall of
    # (5/8)^(1/2) - 1 = -20.94 %/yr
    low = cl.measure_gap(8, 5, direction=-1, years_left=2)
    assert (low["gap"], low["relative_gap"], low["attainment"]) == (3, 0.6, 0.625)
    assert low["required_growth_pct"] == pytest.approx((0.625 ** 0.5 - 1) * 100)
    assert cl.measure_gap(5, 8, direction=-1, years_left=2)["status"] == "met"
    assert cl.measure_gap(0, 7, years_left=2)["growth_need"] == "undefined"
    assert math.isnan(cl.measure_gap(0, 7, years_left=2)["required_growth_pct"])
    assert cl.measure_gap(7, 7, years_left=0)["growth_need"] == "no_time_left"
    assert cl.measure_gap(NAN, 7, years_left=1)["status"] == "no_data"
    with pytest.raises(cl.ValidationError, match="target"):
        cl.measure_gap(1, math.inf, years_left=1)


def test_target_gaps_by_hand(tiny):
    frame = cl.target_gaps(tiny.panel, tiny.framework, tiny.plan)
    assert list(frame.columns) == GAP_COLUMNS and frame.index.name == "code"
    # 4 regions x (2 targets of their 2022 goal tier + 3 of their 2025 goal tier), by region, then plan order
    assert len(frame) == 20 and frame.index.tolist() == [c for c in CODES for _ in range(5)]
    assert frame.attrs["without_goal"] == []
    y = frame.loc[[Y]].reset_index(drop=True)
    # Y's goals: B in 2022, A in 2025; its 2022 values a 40, b 5, c 16
    assert y[["indicator", "tier", "target_year", "years_left", "target"]].values.tolist() == [
        ["a", "B", 2022, 0, 50.0], ["b", "B", 2022, 0, 6.0], ["a", "A", 2025, 3, 100.0], ["b", "A", 2025, 3, 10.0],
        ["c", "A", 2025, 3, 50.0]]
    assert y["value"].tolist() == [40, 5, 40, 5, 16]
    assert y["gap"].tolist() == pytest.approx([10, 1, 60, 5, 34])
    assert y["relative_gap"].tolist() == pytest.approx([10 / 50, 1 / 6, 60 / 100, 5 / 10, 34 / 50])
    assert y["attainment"].tolist() == pytest.approx([0.8, 5 / 6, 0.4, 0.5, 0.32])
    # no time left in 2022 for the 2022 targets; for 2025, (target / value)^(1/3) - 1:
    # 2.5^(1/3) - 1 = 35.72 %, 2^(1/3) - 1 = 25.99 %, 3.125^(1/3) - 1 = 46.20 %
    assert y["growth_need"].tolist() == ["no_time_left", "no_time_left", "computed", "computed", "computed"]
    assert np.isnan(y["required_growth_pct"][:2]).all()
    assert y["required_growth_pct"][2:].tolist() == pytest.approx(
        [(2.5 ** (1 / 3) - 1) * 100, (2 ** (1 / 3) - 1) * 100, (3.125 ** (1 / 3) - 1) * 100])
    assert y["status"].tolist() == ["unmet"] * 5
    assert (y.loc[2, "unit"], y.loc[2, "section"], y.loc[2, "direction"]) == ("u", "§1", 1)
    # W's b is exactly 8 against the A target 8 (met, gap 0); X meets everything, by 20 on a in 2022
    assert row(frame, code=W, indicator="b", target_year=2022)["status"] == "met"
    x = frame.loc[[X]]
    assert (x["status"] == "met").all() and x["gap"].iloc[0] == -20 and x["attainment"].iloc[0] == 1.25
    # options: another data year, one tier for all, one target year, some indicators and regions
    only = cl.target_gaps(tiny.panel, tiny.framework, tiny.plan, year=2021, tier="B", target_year=2025,
                          indicators=["c"], regions=[Z, Y])
    # 2021 values: Z c 38, Y c 14 against the B target 40 four years ahead
    assert only.index.tolist() == [Z, Y] and (only["tier"] == "B").all() and (only["years_left"] == 4).all()
    assert only["required_growth_pct"].tolist() == pytest.approx(
        [((40 / 38) ** 0.25 - 1) * 100, ((40 / 14) ** 0.25 - 1) * 100])
    pd.testing.assert_frame_equal(tiny.target_gaps(year=2022), frame)


def test_target_gaps_regions_without_goal(tiny):
    plan = tiny_plan(goals=[cl.RegionTier(c, 2022, "A") for c in CODES])  # nobody has a 2025 goal
    frame = cl.target_gaps(tiny.panel, tiny.framework, plan)
    assert set(frame["target_year"]) == {2022} and len(frame) == 8
    assert frame.attrs["without_goal"] == [(c, 2025) for c in CODES]


def test_growth_checks_by_hand(tiny):
    # a >= 30 %/yr on average 2021-2025, measured 2021-2022: X 0 %, Y 20 -> 40 = 100 %, Z 60 -> 90 = 50 %,
    # W 100 -> 70 = -30 %
    frame = cl.growth_checks(tiny.panel, tiny.plan)
    assert frame.index.name == "code"
    assert list(frame.columns) == ["variable", "rule", "min_rate_pct", "from_year", "to_year", "realised_pct",
                                   "status", "detail", "section", "growth_2022"]
    assert frame.index.tolist() == CODES and (frame["rule"] == "average_annual").all()
    assert frame["realised_pct"].tolist() == pytest.approx([0, 100, 50, -30])
    assert frame["status"].tolist() == ["unmet", "met", "met", "unmet"]
    assert (frame["to_year"] == 2022).all() and (frame["section"] == "§4").all()
    # on the data up to 2021 the span holds no year after the base year
    early = cl.growth_checks(tiny.panel, tiny.plan, year=2021, regions=[Y])
    assert early["status"].tolist() == ["insufficient_data"] and "no year after the base year" in early["detail"][0]
    # each year, not on average: b must grow 5 % every year 2019-2022; W falls 20 % in 2022, X holds
    each = cl.Plan(cl.TierScheme.hebei(), growth_targets=[cl.GrowthTarget("b", 5, 2019, 2022, rule="each_year")])
    yearly = cl.growth_checks(tiny.panel, each)
    assert [c for c in yearly.columns if c.startswith("growth_")] == ["growth_2020", "growth_2021", "growth_2022"]
    assert row(yearly, code=W)["growth_2022"] == pytest.approx(-20)
    assert (yearly["status"] == "unmet").all()
    pd.testing.assert_frame_equal(tiny.growth_checks(), frame)


# ---- weak spots and benchmarks ------------------------------------------------------------------

def test_weak_spots_order_is_weight_times_normalised_gap(tiny):
    # 2025 targets (every goal A: a 100, b 10, c 50 = the standards). gain = weight x (normalised at target -
    # normalised now) with weights 0.5, 0.3, 0.2 and normalised = 100 x / standard:
    #   Y: a 0.5 x 60 = 30, b 0.3 x 50 = 15, c 0.2 x 68 = 13.6 (c has the largest relative gap, 68 %, yet ranks last)
    #   Z: b 0.3 x 30 = 9, a 0.5 x 10 = 5, c 0.2 x 20 = 4 (b outranks the heavier a)
    #   W: a 0.5 x 30 = 15, c 0.2 x 50 = 10, b 0.3 x 20 = 6
    #   X meets every target: no rows
    frame = cl.weak_spots(tiny.panel, tiny.framework, SPEC, tiny.plan, target_year=2025, regions=tiny.regions)
    assert list(frame.columns) == WEAK_COLUMNS and frame.index.name == "code"
    assert frame.index.tolist() == [Y] * 3 + [Z] * 3 + [W] * 3
    assert frame["indicator"].tolist() == ["a", "b", "c", "b", "a", "c", "a", "c", "b"]
    assert frame["rank"].tolist() == [1, 2, 3] * 3
    assert frame["gain"].tolist() == pytest.approx([30, 15, 13.6, 9, 5, 4, 15, 10, 6])
    assert frame["weight"].tolist() == pytest.approx([0.5, 0.3, 0.2, 0.3, 0.5, 0.2, 0.5, 0.2, 0.3])
    assert frame["normalised"].tolist() == pytest.approx([40, 50, 32, 70, 90, 80, 70, 50, 80])
    assert (frame["normalised_at_target"] == 100).all()
    assert np.allclose(frame["score_at_target"] - frame["score"], frame["gain"])
    assert frame["score"].tolist() == pytest.approx([41.4] * 3 + [82] * 3 + [69] * 3)
    assert (frame.attrs["data_year"], frame.attrs["target_year"]) == (2022, 2025)
    # default target year: the earliest not before the data year, 2022, with each region's 2022 goal tier:
    # Y (B): a 0.5 x (50 - 40) = 5, b 0.3 x (60 - 50) = 3; Z (A): b 0.3 x (80 - 70) = 3; W (A): a 0.5 x 10 = 5
    default = tiny.weak_spots()
    assert default.reset_index()[["code", "indicator", "tier"]].values.tolist() == [[Y, "a", "B"], [Y, "b", "B"], [Z, "b", "A"],
                                                                     [W, "a", "A"]]
    assert default["gain"].tolist() == pytest.approx([5, 3, 3, 5])
    top = tiny.weak_spots(target_year=2025, top=1)
    assert top.reset_index()[["code", "indicator"]].values.tolist() == [[Y, "a"], [Z, "b"], [W, "a"]]


def test_benchmarks_by_hand(tiny):
    # 2022 normalised profiles (a, b, c): X 100 100 100 (A), Z 90 70 80 (A), W 70 80 50 (B), Y 40 50 32 (C).
    # Distance sqrt(sum w d^2) with w = 0.5, 0.3, 0.2:
    #   W-Z: sqrt(0.5 x 400 + 0.3 x 100 + 0.2 x 900) = sqrt(410) = 20.25; W-X: sqrt(450 + 120 + 500) = sqrt(1070)
    #   Y-W (the only B): sqrt(0.5 x 900 + 0.3 x 900 + 0.2 x 324) = sqrt(784.8)
    # Z leads W on c (+30) and a (+20), not b; X leads W on c 50, a 30, b 20; W leads Y on a 30, b 30, c 18.
    frame = cl.benchmarks(tiny.evaluate(year=2022), tiny.scheme, tiny.panel)
    assert list(frame.columns) == BENCHMARK_COLUMNS and frame.index.name == "code"
    assert frame.reset_index()[["code", "benchmark", "rank", "lead_rank", "indicator"]].values.tolist() == [
        [Y, W, 1, 1, "a"], [Y, W, 1, 2, "b"], [Y, W, 1, 3, "c"],
        [W, Z, 1, 1, "c"], [W, Z, 1, 2, "a"],
        [W, X, 2, 1, "c"], [W, X, 2, 2, "a"], [W, X, 2, 3, "b"]]
    assert frame["distance"].tolist() == pytest.approx([math.sqrt(784.8)] * 3 + [math.sqrt(410)] * 2 +
                                                       [math.sqrt(1070)] * 3)
    assert frame["normalised_difference"].tolist() == pytest.approx([30, 30, 18, 30, 20, 50, 30, 20])
    # own units: W's c 25 against Z's 40 (+15), W's a 70 against Z's 90 (+20)
    assert frame[["value", "benchmark_value", "value_difference"]].iloc[3:5].values.tolist() == [[25, 40, 15],
                                                                                              [70, 90, 20]]
    assert frame["region_tier"].tolist() == ["C"] * 3 + ["B"] * 5
    assert frame["benchmark_tier"].tolist() == ["B"] * 3 + ["A"] * 5
    one = cl.benchmarks(tiny.evaluate(year=2022), tiny.scheme, tiny.panel, k=1, leads=1)
    assert one.reset_index()[["code", "benchmark", "indicator"]].values.tolist() == [[Y, W, "a"], [W, Z, "c"]]
    pd.testing.assert_frame_equal(tiny.benchmarks(year=2022), frame)
    with pytest.raises(cl.ValidationError, match="k must be >= 0"):
        cl.benchmarks(tiny.evaluate(year=2022), tiny.scheme, tiny.panel, k=-1)


# ---- projections --------------------------------------------------------------------------------

def test_projection_series_by_hand(tiny):
    # CAGR over 2019-2022 (k = 3) to 2025: Y's a 5 -> 40 doubles yearly -> 40 x 2^3 = 320; Z's c 35 -> 40 gives
    # 40 x (40/35) = 45.714; W's b 10 -> 8 gives 8 x 0.8 = 6.4. Linear: Y's a slope
    # sum (t - 2020.5)(v - 18.75) / sum (t - 2020.5)^2 = 57.5 / 5 = 11.5 -> 18.75 + 11.5 x 4.5 = 70.5
    projection = cl.project(tiny.panel, 2025, framework=tiny.framework)
    assert (projection.base_year, projection.target_year, projection.method, projection.window) == (2022, 2025,
                                                                                                    "cagr", 3)
    assert projection.basis == "projected to 2025 from 2019–2022 (cagr, k = 3)"
    series = projection.series
    assert list(series.columns) == SERIES_COLUMNS and series.index.name == "code" and len(series) == 12
    ya = row(series, code=Y, variable="a")
    assert (ya["cagr_pct"], ya["projected"], ya["from_year"], ya["to_year"], ya["points"]) == (100, 320, 2019, 2022, 4)
    assert ya["note"] == "cagr 2019–2022: 100 %/yr" and ya["ok"] and not ya["fallback"]
    assert row(series, code=Z, variable="c")["projected"] == pytest.approx(40 * 40 / 35)
    assert row(series, code=W, variable="b")["projected"] == pytest.approx(6.4)
    assert projection.panel.get(Y, "a", 2025) == pytest.approx(320) and projection.panel.get(Y, "a", 2022) == 40
    linear = cl.project(tiny.panel, 2025, method="linear")
    ya = row(linear.series, code=Y, variable="a")
    assert (ya["method"], ya["slope"], ya["mean_year"], ya["mean_value"]) == ("linear", 11.5, 2020.5, 18.75)
    assert ya["projected"] == pytest.approx(70.5)
    # a series starting at 0 has no CAGR: the line is used and the note says why, or (missing) no projection
    start = cl.Panel.from_arrays([X], ["a"], [2020, 2021, 2022], np.array([[[0.0, 2.0, 4.0]]]))
    fallback = cl.project(start, 2024).series.iloc[0]
    assert fallback["fallback"] and fallback["method"] == "linear" and fallback["projected"] == pytest.approx(8)
    assert "cagr undefined: 2020 value 0" in fallback["note"]
    missing = cl.project(start, 2024, non_positive="missing").series.iloc[0]
    assert not missing["ok"] and math.isnan(missing["projected"])
    assert tiny.project(2025).series.equals(series)


def test_evaluate_projected_by_hand(tiny):
    # 2025 from the CAGR projection: X 100; Y 50 (a capped) + 15 + 20 x 25.6/50 = 75.24 (B, 4.76 short of A);
    # Z 50 + 21 + 20 x 45.714/50 = 89.29 (A); W 50 x 0.49 + 30 x 0.64 + 10 = 53.7 (C)
    projected = cl.evaluate_projected(tiny.panel, tiny.framework, SPEC, tiny.scheme, 2025, regions=tiny.regions)
    frame = projected.tiers
    assert frame.index.name == "code" and list(frame.columns) == ["score", "tier", "tier_index", "margin_up",
                                                                    "margin_down"]
    assert frame["score"].tolist() == pytest.approx([100, 75.24, 50 + 21 + 0.4 * 40 * 40 / 35, 53.7])
    assert frame["tier"].tolist() == ["A", "B", "A", "C"] and frame["tier_index"].tolist() == [0, 1, 0, 2]
    assert frame["margin_up"].tolist() == pytest.approx([NAN, 4.76, NAN, 6.3], nan_ok=True)
    assert projected.counts == {"A": 2, "B": 1, "C": 1}
    assert projected.projection.basis.startswith("projected to 2025")


# ---- early warning ------------------------------------------------------------------------------

def test_early_warning_by_hand(tiny):
    warning = cl.early_warning(tiny.panel, tiny.framework, SPEC, tiny.plan, regions=tiny.regions)
    assert (warning.base_year, warning.method, warning.window, warning.growth_factor, warning.score_margin) == \
        (2022, "cagr", 3, 2.0, 5.0)
    assert warning.years == [2022, 2025] and warning.tier_labels == ["A", "B", "C"]

    targets = warning.targets
    assert targets.index.name == "code"
    assert list(targets.columns) == ["indicator", "kind", "tier", "target_year", "target", "min_rate_pct",
                                     "data_year", "value", "required_growth_pct", "recent_growth_pct", "recent",
                                     "status", "reason"]
    assert len(targets) == 20 + 4  # the 20 level gaps and one growth target per region
    # g_req against g_rec (CAGR 2019-2022), f = 2:
    #   Y a: 35.72 % <= 100 % -> on track;  Y b: g_rec 0 -> off track;  Y c: 46.2 % > 2 x 16.96 % -> off track
    #   Z c: 4.55 % < 7.72 % <= 9.1 % -> at risk;  Y a 2022 target 50 missed in 2022 -> off track
    assert row(targets, code=Y, indicator="a", target_year=2025, kind="level")["status"] == "on_track"
    assert row(targets, code=Y, indicator="b", target_year=2025)["status"] == "off_track"
    yc = row(targets, code=Y, indicator="c")
    assert yc["status"] == "off_track" and yc["recent_growth_pct"] == pytest.approx((1.6 ** (1 / 3) - 1) * 100)
    zc = row(targets, code=Z, indicator="c")
    assert zc["status"] == "at_risk" and zc["required_growth_pct"] == pytest.approx((1.25 ** (1 / 3) - 1) * 100)
    assert "<= 2 × recent" in zc["reason"]
    missed = row(targets, code=Y, indicator="a", target_year=2022)
    assert missed["status"] == "off_track" and missed["reason"] == "missed: 40 vs 50 by 2022 (data of 2022)"
    # growth a >= 30 %/yr 2021-2025 under way: the level it implies is a_2021 x 1.3^4; Z: 60 x 2.8561 = 171.37,
    # g_req (171.37 / 90)^(1/3) - 1 = 23.94 %, g_rec 14.47 %: 14.47 < 23.94 <= 28.94 -> at risk
    zg = row(targets, code=Z, kind="growth")
    assert zg["target"] == pytest.approx(60 * 1.3 ** 4) and zg["min_rate_pct"] == 30 and zg["status"] == "at_risk"
    assert zg["required_growth_pct"] == pytest.approx(((60 * 1.3 ** 4 / 90) ** (1 / 3) - 1) * 100)
    assert row(targets, code=Y, kind="growth")["status"] == "on_track"

    goals = warning.goals
    assert goals.index.name == "code"
    assert list(goals.columns) == ["year", "goal", "tier", "score", "boundary", "gap", "projected", "basis",
                                   "status", "reason"]
    # 2022 observed: Y C (41.4) short of its B goal by 18.6, W B (69) short of A by 11 -> off track (missed);
    # 2025 projected: Y 75.24 is 4.76 <= 5 below A -> at risk; W 53.7 is 26.3 below -> off track
    assert goals["status"].tolist() == ["on_track", "off_track", "on_track", "off_track",
                                        "on_track", "at_risk", "on_track", "off_track"]
    assert row(goals, code=Y, year=2025)["gap"] == pytest.approx(4.76)
    assert row(goals, code=Y, year=2022)["basis"] == "observed 2022"

    phases = warning.phases
    assert phases.columns[:9].tolist() == ["phase", "year", "projected", "basis", "status", "reason", "behind",
                                           "ahead", "near"]
    assert {f"{field}_{t}" for field in ("target", "count", "target_at_least", "at_least", "within_reach")
            for t in "ABC"} == set(phases.columns[9:])
    # p1 2022: A 2 < 3, A-B 3 < 4 -> off track; p2 2025: A 2 < 4, and even with Y (within 5 of A) counted up,
    # A 3 < 4 -> off track
    assert phases["status"].tolist() == ["off_track", "off_track"]
    assert phases["reason"][0] == "at least A: 2 < 3; A–B: 3 < 4"
    assert phases["behind"].tolist() == [[Y, W], [Y, W]] and phases["near"].tolist() == [[], [Y]]
    assert phases[["count_A", "count_B", "count_C", "within_reach_A"]].values.tolist() == [[2, 1, 1, 2], [2, 1, 1, 3]]

    outlooks = warning.outlooks
    assert list(outlooks.columns) == OUTLOOK_COLUMNS and outlooks.index.name == "code" and len(outlooks) == 8
    assert outlooks["score"].tolist()[:4] == pytest.approx([100, 41.4, 82, 69])

    alerts = warning.alerts
    assert list(alerts.columns) == ["kind", "year", "code", "subject", "status", "reason"]
    assert alerts["kind"].tolist()[:6] == ["phase", "phase", "goal", "goal", "goal", "goal"]
    assert set(alerts["status"]) == {"at_risk", "off_track"}
    assert len(alerts) == 2 + 4 + int(targets["status"].isin(["at_risk", "off_track"]).sum())
    assert ((alerts["kind"] == "growth") & (alerts["code"] == Z)).sum() == 1
    # the one-liner, and the linear method
    assert tiny.early_warning().alerts.equals(alerts)
    linear = tiny.early_warning(method="linear")
    assert linear.method == "linear" and "linear" in linear.goals["basis"].iloc[-1]


def test_judge_growth_rules():
    assert cl.judge_growth(5, 10)[0] == "on_track"
    status, reason = cl.judge_growth(10, 6)  # 6 < 10 <= 12
    assert status == "at_risk" and reason == "recent growth 6 %/yr < required growth 10 %/yr <= 2 × recent"
    assert cl.judge_growth(13, 6)[0] == "off_track" and cl.judge_growth(1, 0)[0] == "off_track"
    assert cl.judge_growth(13, 6, factor=3)[0] == "at_risk"
    assert cl.judge_growth(-10, -6, direction=-1)[0] == "at_risk"  # a fall of 10 %/yr needed, 6 %/yr recent
    assert cl.judge_growth(NAN, 6)[0] == "no_data"
    with pytest.raises(cl.ValidationError, match="factor"):
        cl.judge_growth(1, 1, factor=0.5)


# ---- leap paths ---------------------------------------------------------------------------------

def leap_score(a, b, c):
    """Y's score by the formula (the second implementation)."""
    return 50 * np.minimum(a / 100, 1) + 30 * np.minimum(b / 10, 1) + 20 * np.minimum(c / 50, 1)


def test_leap_path_exact_by_hand(tiny):
    # Y in 2022: a 40, b 5, c 16, score 41.4 (C). Goal A (80): 38.6 points. Points per unit of relative change
    # rho = weight x x / standard: a 50 x 40/100 = 20, b 30 x 5/10 = 15, c 20 x 16/50 = 6.4. Bounds (one year,
    # at most x2): a <= 80 (below its standard 100: 20 points), b <= 10 (= its standard: 15 points), c <= 32.
    # Cheapest first: a to 80 (cost 1, 20 points), b to 10 (cost 1, 15 points), then the last 3.6 points from c
    # at 6.4 per unit: +56.25 %, c = 25. Total relative change 2.5625; new score 40 + 30 + 10 = 80.
    path = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, Y, "A", regions=tiny.regions)
    assert (path.region, path.year, path.goal, path.boundary, path.basis, path.years) == (Y, 2022, "A", 80,
                                                                                          "observed 2022", 1)
    assert path.exact and path.feasible and not path.projected and path.held == []
    assert (path.score, path.tier, path.new_tier, path.shortfall) == (pytest.approx(41.4), "C", "A", 0)
    assert path.new_score == pytest.approx(80, abs=1e-5) and path.new_score >= 80
    assert path.total_relative_change == pytest.approx(2.5625, abs=1e-6)
    changes = path.changes
    assert list(changes.columns) == CHANGE_COLUMNS
    assert changes["indicator"].tolist() == ["a", "b", "c"] and (changes["unit"] == "u").all()
    assert changes["current"].tolist() == [40, 5, 16]
    assert changes["new_value"].tolist() == pytest.approx([80, 10, 25], abs=1e-5)
    assert changes["change"].tolist() == pytest.approx([40, 5, 9], abs=1e-5)
    assert changes["change_pct"].tolist() == pytest.approx([100, 100, 56.25], abs=1e-4)
    assert changes["bound"].tolist() == [80, 10, 32]
    assert changes["points"].tolist() == pytest.approx([20, 15, 3.6], abs=1e-5)
    assert changes["at_bound"].tolist() == [True, True, False]
    assert changes["saturated"].tolist() == [False, True, False]  # b stops at its standard, a at the x2 bound
    assert leap_score(*changes["new_value"].to_numpy()) == pytest.approx(80, abs=1e-5)

    # no cheaper point: every grid point of relative changes (0..1 in steps of 0.01 each) that reaches 80 by the
    # formula costs at least 2.5625, and the grid gets within a step of it
    y = np.linspace(0, 1, 101)
    ya, yb, yc = np.meshgrid(y, y, y, indexing="ij")
    reach = leap_score(40 * (1 + ya), 5 * (1 + yb), 16 * (1 + yc)) >= 80 - 1e-9
    cheapest = (ya + yb + yc)[reach].min()
    assert 2.5625 - 1e-9 <= cheapest <= 2.5625 + 0.01

    # the greedy reaches the same point here (the score is concave and separable)
    greedy = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, Y, "A", solver="greedy",
                          regions=tiny.regions)
    assert not greedy.exact and greedy.feasible and greedy.method.startswith("greedy")
    assert greedy.total_relative_change == pytest.approx(2.5625, abs=1e-5)


def test_leap_path_bounds_goals_and_projection(tiny):
    # goal B (60): 18.6 points from a alone: +18.6/20 = 93 %, a = 77.2
    b = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, Y, "B", regions=tiny.regions)
    assert b.changes["indicator"].tolist() == ["a"] and b.changes["new_value"][0] == pytest.approx(77.2, abs=1e-5)
    # at most x1.5 a year: a 60 (+10), b 7.5 (+7.5), c 24 (+3.2) = 20.7 points -> 62.1, 17.9 short of A
    tight = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, Y, "A", max_factor_per_year=1.5)
    assert not tight.feasible and tight.new_tier == "B"
    assert (tight.new_score, tight.shortfall) == (pytest.approx(62.1), pytest.approx(17.9))
    assert tight.changes["new_value"].tolist() == pytest.approx([60, 7.5, 24])
    # b held by the options: a to 80 (20 points), then c to 32 (6.4): 38.6 + ... short of A by 12.2
    held = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, Y, "A", factor_per_year={"b": 1})
    assert held.held == ["b: held by the options"] and not held.feasible
    assert held.shortfall == pytest.approx(80 - (41.4 + 20 + 6.4))
    # already there: an empty, feasible path
    done = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, X, "A")
    assert done.feasible and done.changes.empty and list(done.changes.columns) == CHANGE_COLUMNS
    # 2025 from the projection (Y 75.24): three years of growth; a is projected to 320 = 40 x 2^3, at its bound;
    # the 4.76 points come from b (rho 15): +31.73 %, b = 6.587
    later = cl.leap_path(tiny.panel, tiny.framework, SPEC, tiny.scheme, Y, "A", year=2025, regions=tiny.regions)
    assert later.projected and later.years == 3 and later.basis == "projected to 2025 from 2019–2022 (cagr, k = 3)"
    assert later.score == pytest.approx(75.24) and later.held == ["a: at its bound 320"]
    assert later.changes["indicator"].tolist() == ["b"]
    assert later.changes["new_value"][0] == pytest.approx(5 * (1 + 4.76 / 15), abs=1e-5)


def test_plan_inputs_leap_goes_to_the_next_goal(tiny):
    # Y is C in 2022 with a B goal for 2022: the path to B; W is B with an A goal for 2022; X has nothing ahead
    assert tiny.goal_for_leap(Y) == (2022, "B") and tiny.goal_for_leap(W) == (2022, "A")
    assert tiny.goal_for_leap(X) == (2022, "A")
    assert tiny.goal_for_leap(Y, year=2021) == (2022, "B")
    path = tiny.leap_path(Y)
    assert (path.goal, path.year) == ("B", 2022) and path.changes["new_value"][0] == pytest.approx(77.2, abs=1e-5)
    # W to A: a alone (rho 35 > b 24 > c 10), 11 points: +11/35, a = 92
    assert tiny.leap_path(W).changes["new_value"].tolist() == pytest.approx([92], abs=1e-5)
    # from the 2021 data to the 2022 goal: projected one year ahead
    assert tiny.leap_path(Y, year=2021).projected
    explicit = tiny.leap_path(Y, goal="A")
    assert explicit.total_relative_change == pytest.approx(2.5625, abs=1e-6)


def test_leap_path_bad_input_names_the_id(tiny):
    args = (tiny.panel, tiny.framework, SPEC, tiny.scheme)
    with pytest.raises(cl.UnknownIdError, match="130199") as error:
        cl.leap_path(*args, "130199", "A", regions=tiny.regions)
    assert error.value.id == "130199"
    with pytest.raises(cl.UnknownIdError, match="'D'"):
        cl.leap_path(*args, Y, "D")
    with pytest.raises(cl.UnknownIdError, match="2030") as error:
        cl.leap_path(*args, Y, "A", base_year=2030)
    assert error.value.id == "2030"
    with pytest.raises(cl.UnknownIdError, match="'zz'"):
        cl.leap_path(*args, Y, "A", factor_per_year={"zz": 2})
    with pytest.raises(cl.ValidationError, match="max_factor_per_year"):
        cl.leap_path(*args, Y, "A", max_factor_per_year=0.5)
    quota = cl.TierScheme("quota", [cl.TierBand("A", 2), cl.TierBand("B")])
    with pytest.raises(cl.ValidationError, match="fixed tier boundaries"):
        cl.leap_path(tiny.panel, tiny.framework, SPEC, quota, Y, "A")
    with pytest.raises(cl.UnknownIdError, match="130199") as error:
        tiny.leap_path("130199")
    assert error.value.id == "130199"


def test_other_bad_input_names_the_id(tiny):
    p, fw, plan = tiny.panel, tiny.framework, tiny.plan
    cases = [
        (lambda: cl.target_gaps(p, fw, plan, year=2030), cl.UnknownIdError, "2030"),
        (lambda: cl.target_gaps(p, fw, plan, tier="D"), cl.UnknownIdError, "D"),
        (lambda: cl.target_gaps(p, fw, plan, regions=["130199"]), cl.UnknownIdError, "130199"),
        (lambda: cl.target_gaps(p, fw, plan, indicators=["zz"]), cl.UnknownIdError, "zz"),
        (lambda: cl.growth_checks(p, plan, regions=["130199"]), cl.UnknownIdError, "130199"),
        (lambda: cl.weak_spots(p, fw, SPEC, plan, year=2018), cl.UnknownIdError, "2018"),
        (lambda: cl.project(p, 2025, variables=["zz"]), cl.UnknownIdError, "zz"),
        (lambda: cl.project(p, 2025, base_year=2030), cl.UnknownIdError, "2030"),
        (lambda: tiny.early_warning(year=2030), cl.UnknownIdError, "2030"),
        (lambda: tiny.tiers(year=2030), cl.UnknownIdError, "2030"),
    ]
    for call, kind, id in cases:
        with pytest.raises(kind) as error:
            call()
        assert error.value.id == id and id in str(error.value)
        assert isinstance(error.value, cl.Error)
    with pytest.raises(cl.ValidationError, match="not after the base year 2022"):
        cl.project(p, 2022)
    with pytest.raises(cl.ValidationError, match="unknown projection method 'quadratic'"):
        cl.project(p, 2025, method="quadratic")
    with pytest.raises(cl.ValidationError, match="growth_factor"):
        cl.early_warning(p, fw, SPEC, plan, growth_factor=0.5)
    with pytest.raises(cl.ValidationError, match="needs its regions"):
        cl.Study(p, fw, plan, spec=SPEC).check_plan()


# ---- the bundled dataset ------------------------------------------------------------------------

def test_bundled_2020_tiers_reproduce_the_plan_table(ds):
    # the plan table's 2020 tiers (A 8, B 4, C 9, each unit as observed in plan.json) from the default method
    # (spec.json) on the illustrative panel
    observed = ds.plan.observed_tiers()
    observed = observed[observed["year"] == 2020].set_index("code")["tier"]
    assert observed.value_counts().to_dict() == {"A": 8, "C": 9, "B": 4}
    scores = cl.evaluate(ds.panel, ds.framework, ds.spec, year=2020, regions=ds.regions)
    frame = cl.tiers(scores, ds.plan.tiers)
    assert len(frame) == 21
    assert frame["tier"].to_dict() == observed.to_dict()
    assert frame["tier"].value_counts().to_dict() == {"A": 8, "C": 9, "B": 4}
    one_liner = ds.study().tiers(year=2020)
    assert list(one_liner.columns) == TIER_COLUMNS
    assert one_liner["tier"].tolist() == frame["tier"].tolist()
    assert (one_liner["tier_move"] == "hold").all()  # 2019 had the same tiers


def test_bundled_one_liners_return_documented_frames(ds):
    study = ds.study()
    assert isinstance(study, cl.Study) and study.sources["plan"].endswith("plan.json")
    assert cl.Study.from_dataset(ds).sources == study.sources
    assert study.spec == ds.spec
    gaps = study.target_gaps(year=2021)
    assert list(gaps.columns) == GAP_COLUMNS and set(gaps["data_year"]) == {2021}
    assert set(gaps["status"]) <= {"met", "unmet", "no_data"} and {"met", "unmet"} <= set(gaps["status"])
    assert list(study.weak_spots().columns) == WEAK_COLUMNS
    assert list(study.benchmarks().columns) == BENCHMARK_COLUMNS
    growth = study.growth_checks()
    assert set(growth["variable"]) == {"fiscal_st_exp", "ent_rd_exp"} and len(growth) == 42
    assert list(study.project(2025).series.columns) == SERIES_COLUMNS
    warning = study.early_warning()
    assert list(warning.outlooks.columns) == OUTLOOK_COLUMNS
    assert set(warning.goals["status"]) >= {"on_track", "off_track"}  # a mixed picture
    # 晋州市 130183 is B in 2022 against an A goal for 2022: an exact path lifts it to 80
    path = study.leap_path("130183")
    assert (path.tier, path.goal, path.year) == ("B", "A", 2022) and path.exact and path.feasible
    assert path.new_score == pytest.approx(80, abs=1e-5)
    assert path.changes["points"].sum() == pytest.approx(80 - path.score, abs=1e-5)


def test_bundled_warnings_from_every_year(ds):
    """The early warning runs from the data of each panel year that has a year before it. From
    2020 the projection to 2025 of 130108's high-tech share is moved to the 100 % bound, which
    once derived to 100.00000000000003 and was rejected; from 2019, the panel's first year, there
    is no trend to project and the error says so."""
    study = ds.study()
    for year in (2020, 2021, 2022):
        warning = study.early_warning(year=year)
        assert set(warning.goals["status"]) <= {"on_track", "at_risk", "off_track", "no_data"}
    with pytest.raises(cl.ValidationError, match="at least two years of data"):
        study.early_warning(year=2019)
