"""The bundled Shijiazhuang dataset, read through countyleap.datasets. The expected figures are the
plan's, typed from the plan's text (石政办函〔2022〕17号) as restated in data/shijiazhuang/README.md."""

from collections import Counter
from pathlib import Path

import pytest

import countyleap as cl

PHASES = [  # id, evaluation year, publication year, A, B, C
    ("baseline", 2020, 2021, 8, 4, 9),
    ("phase1", 2021, 2022, 10, 5, 6),
    ("phase2", 2022, 2023, 12, 9, 0),
    ("phase3", 2025, 2026, 15, 6, 0),
]


@pytest.fixture(scope="module")
def ds() -> cl.Dataset:
    return cl.datasets.shijiazhuang()


def test_found_next_to_the_package():
    assert "shijiazhuang" in cl.datasets.names()
    folder = Path(cl.datasets.directory("shijiazhuang"))
    assert folder == cl.datasets.data_dir() / "shijiazhuang"
    assert (folder / "regions.json").is_file()


def test_environment_variable_wins(tmp_path, monkeypatch, regions):
    (tmp_path / "demo").mkdir()
    regions.to_json(tmp_path / "demo" / "regions.json")
    monkeypatch.setenv("COUNTYLEAP_DATA_DIR", str(tmp_path))
    assert Path(cl.datasets.directory("demo")) == tmp_path / "demo"
    assert cl.datasets.load("demo").regions.codes == regions.codes
    with pytest.raises(cl.FileError):
        cl.datasets.directory("atlantis")


def test_regions(ds):
    assert len(ds.regions) == 22
    scoped = ds.regions.in_scope()
    assert len(scoped) == 21
    assert Counter(r.kind for r in scoped) == {"district": 8, "county": 11, "county_level_city": 2}
    assert ds.regions["130181"].in_scope is False
    assert ds.regions["130102"].name_zh == "长安区" and ds.regions["130102"].name_en == "Chang'an"
    assert ds.regions.resolve("130182") == "130109"


def test_framework(ds):
    fw = ds.framework
    assert fw.n_leaves == 17 and len(fw.indicators) == 19
    frame = fw.to_frame()
    dimensions = frame[frame.parent == frame.loc[frame.index[-1], "id"]]
    assert sorted(dimensions["weight"].tolist()) == [15, 15, 20, 25, 25]
    assert frame[frame.is_indicator]["weight"].sum() == 100


def test_plan_phases(ds):
    counts = ds.plan.tier_counts()
    assert list(counts.columns[:4]) == ["year", "A", "B", "C"]
    got = [(r.phase, r.year, r.publication_year, r.A, r.B, r.C) for r in counts.itertuples()]
    assert got == PHASES
    assert counts["publication_year_inferred"].tolist() == [False, False, False, True]


def test_goals_and_observations_agree_with_the_phase_counts(ds):
    plan = ds.plan
    tiers = {**{(g.code, g.evaluation_year): g.tier for g in plan.goals},
             **{(o.code, o.evaluation_year): o.tier for o in plan.observed}}
    for _, year, _, a, b, c in PHASES:
        per_tier = Counter(t for (code, y), t in tiers.items() if y == year)
        assert (per_tier["A"], per_tier["B"], per_tier["C"]) == (a, b, c)
    observed = plan.observed_tiers()
    assert observed[observed.inferred]["code"].tolist() == [
        "130102", "130105", "130108", "130109", "130110", "130111", "130123", "130132"]


def test_plan_targets(ds):
    targets = ds.plan.indicator_targets()
    assert len(targets) == 32 and set(targets["year"]) == {2022}
    by_key = {(r.indicator, r.tier): r.value for r in targets.itertuples()}
    assert by_key[("fiscal_st_exp", "A")] == 7000 and by_key[("fiscal_st_exp", "B")] == 4000
    assert by_key[("fiscal_st_share", "A")] == 1.9 and by_key[("patents_per_10k", "B")] == 4
    growth = ds.plan.growth_targets()
    assert growth[["variable", "min_rate_pct", "rule"]].values.tolist() == [
        ["fiscal_st_exp", 30.0, "average_annual"], ["ent_rd_exp", 15.0, "each_year"]]


def test_panel_part_and_display(ds):
    assert (ds.panel is None) == (ds.panel_file == "")
    html = ds._repr_html_()
    assert "石家庄市县域科技创新跃升计划" in html  # the plan's title
    assert "挖潜增量" in html  # a phase of the tier-count table
    assert "长安区" in html  # a region


def test_asem_ships_with_the_package(source_dir):
    # COINr's ASEM example: 51 countries, 49 indicators (tests/data/asem/README.md); read from the
    # package's own data folder, so it works outside a checkout (test_readme runs it from a temp dir)
    t = cl.datasets.asem()
    assert len(t.regions) == 51 and len(t.framework.scored_indicators()) == 49
    assert t.panel.regions[:3] == ["AUT", "BEL", "BGR"]
    assert cl.datasets.asem_uncertainty() == cl.UncertaintySpec(cl.datasets.data_dir() / "asem" / "asem_uncertainty.json")
    assert (cl.datasets.asem_uncertainty().replications, cl.datasets.asem_uncertainty().seed) == (1000, 1)
    for name in ("ASEM_iData.csv", "ASEM_iMeta.csv"):  # copies of the one kept in tests/data/asem
        assert (cl.datasets.data_dir() / "asem" / name).read_bytes() \
            == (source_dir / "tests" / "data" / "asem" / name).read_bytes()


def test_illustrative_is_read_from_the_panel_comments():
    assert cl.datasets.shijiazhuang().panel.illustrative
    assert not cl.datasets.asem().panel.illustrative
