"""The pictures (issue 11, point 5): each plot's artists are checked against numbers worked out
apart from the plot - the Hebei cut-offs (A >= 80, B >= 60), the counties' names in
data/shijiazhuang/regions.json, the ranks of the uncertainty summary, a bump chart's ranks typed
by hand - and every chart made from the illustrative panel says ILLUSTRATIVE on the figure."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.axes  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import countyleap as cl  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def study():
    return cl.datasets.shijiazhuang().study()


@pytest.fixture(scope="module")
def asem():
    return cl.datasets.asem()


@pytest.fixture(scope="module")
def ua(asem):
    """COINr's uncertainty example as shipped (N = 1,000, seed 1)."""
    return cl.uncertainty(asem.panel, asem.framework, cl.datasets.asem_uncertainty(), regions=asem.regions,
                          threads=2)


def illustrative_marks(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "illustrative"]


# ---- rank intervals -----------------------------------------------------------------------------

def test_rank_intervals_rows_and_order(ua):
    s = ua.summary
    ax = cl.plot_rank_intervals(ua)
    assert isinstance(ax, matplotlib.axes.Axes)
    segments = ax.collections[0].get_segments()
    assert len(segments) == 51  # ASEM's 51 countries
    order = s.sort_values("nominal_rank", kind="stable")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(order.index)
    for k, (code, row) in enumerate(order.iterrows()):  # row k: the k-th best nominal rank at height k
        (x0, y0), (x1, y1) = segments[k]
        assert (x0, x1, y0, y1) == (row["q5_rank"], row["q95_rank"], k, k)
    nominal = ax.collections[2].get_offsets()
    assert np.array_equal(np.asarray(nominal)[:, 0], order["nominal_rank"].astype(float))
    assert ax.get_xlabel() == "rank (1 = best)" and "1000 replications" in ax.get_title()
    assert illustrative_marks(ax) == []  # COINr's published example data


def test_rank_intervals_sort_and_limit(ua):
    s = ua.summary
    fig, own = plt.subplots()
    ax = cl.plot_rank_intervals(s, ax=own, sort_by="width", max_regions=10)
    assert ax is own and len(ax.collections[0].get_segments()) == 10
    widths = [x1 - x0 for (x0, _), (x1, _) in ax.collections[0].get_segments()]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] == (s["q95_rank"] - s["q5_rank"]).max()
    with pytest.raises(ValueError, match="sort_by"):
        cl.plot_rank_intervals(s, sort_by="alphabet")
    with pytest.raises(ValueError, match="max_regions"):
        cl.plot_rank_intervals(s, max_regions=0)


def test_rank_intervals_legend_hides_no_row(ua):
    # before: the legend sat at the lower right inside the axes, over the bottom rows' intervals
    ax = cl.plot_rank_intervals(ua)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    axes = ax.get_window_extent(renderer)
    assert legend.y0 >= axes.y1 - 1e-6  # entirely above the plotting area
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["5\u201395 % interval", "median rank",
                                                                   "nominal rank"]


def test_rank_intervals_show_names_when_known(ua, asem):
    # before: codes on the axis even with the regions at hand; ASEM's names are COINr's uName column
    ax = cl.plot_rank_intervals(ua, names=asem.regions, max_regions=3)
    order = ua.summary.sort_values("nominal_rank", kind="stable").index[:3]
    expected = [asem.regions[c].name_en for c in order]
    assert [t.get_text() for t in ax.get_yticklabels()] == expected
    assert all(name and name != code for name, code in zip(expected, order))
    ax = cl.plot_rank_intervals(ua, names={"AUT": "Österreich"}, sort_by="nominal")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Österreich" in labels and "AUT" not in labels and "BEL" in labels  # unknown codes keep the code


# ---- scores by tier -----------------------------------------------------------------------------

def test_tiers_bars_cutoffs_and_names(study):
    ax = cl.plot_tiers(study, year=2022)
    frame = study.tiers(year=2022).sort_values("score", ascending=False, kind="stable")
    bars = ax.patches
    assert len(bars) == 21  # the plan's 21 county-level units
    heights = sorted((b.get_x() + b.get_width() / 2, b.get_height()) for b in bars)
    assert [h for _, h in heights] == pytest.approx(frame["score"].tolist())
    cutoffs = {line.get_gid(): line.get_ydata()[0] for line in ax.lines}
    assert cutoffs == {"cutoff-A": 80.0, "cutoff-B": 60.0}  # Hebei: A >= 80, B >= 60
    names = {r["code"]: r["name_en"] for r in
             __import__("json").load(open(cl.datasets.directory("shijiazhuang") + "/regions.json",
                                          encoding="utf-8"))["regions"]}
    assert [t.get_text() for t in ax.get_xticklabels()] == [names[c] for c in frame.index]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"tier {t}" for t in ["A", "B", "C"] if (frame["tier"] == t).any()]
    # one group of bars per tier, one bar per county of the tier, all in the tier's colour
    groups = {c.get_label(): c for c in ax.containers}
    assert {k: len(c) for k, c in groups.items()} == {f"tier {t}": n for t, n in frame["tier"].value_counts().items()}
    assert all(len({b.get_facecolor() for b in c}) == 1 for c in groups.values())
    assert illustrative_marks(ax) == [cl.ILLUSTRATIVE_TEXT]


def test_tiers_of_a_classification():
    c = cl.classify(pd.Series([85.0, 70.0, 40.0, 62.0], index=["a", "b", "c", "d"]), cl.TierScheme.hebei())
    fig, own = plt.subplots()
    ax = cl.plot_tiers(c, ax=own)
    assert ax is own
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "d", "c"]  # best first
    assert [b.get_height() for b in sorted(ax.patches, key=lambda b: b.get_x())] == [85.0, 70.0, 62.0, 40.0]
    assert sorted(line.get_ydata()[0] for line in ax.lines) == [60.0, 80.0]
    assert illustrative_marks(ax) == []
    assert illustrative_marks(cl.plot_tiers(c, illustrative=True)) == [cl.ILLUSTRATIVE_TEXT]
    with pytest.raises(TypeError, match="Study or a Classification"):
        cl.plot_tiers(pd.Series([1.0]))


# ---- county profile -----------------------------------------------------------------------------

def test_profile_bars_and_targets_of_the_goal_tier(study):
    code = "130129"  # 赞皇县 Zanhuang
    ax = cl.plot_profile(study, code, year=2022)
    leaves = study.framework.scored_indicators()
    assert len(ax.patches) == len(leaves) == 17
    row = study.evaluate(year=2022).to_frame().loc[code, leaves]
    assert [b.get_width() for b in ax.patches] == pytest.approx(row.tolist())
    # the marks, worked out apart: the spec normalises by ratio_to_standard (scale 100, capped), the
    # standard being the indicator's target, so the goal tier's target T shows at min(100 T / t, 100)
    target_year = int(study.weak_spots(year=2022).attrs["target_year"])
    goal = next(g.tier for g in study.plan.goals if g.code == code and g.evaluation_year == target_year)
    standard = {ind.id: ind.target for ind in study.framework.indicators}
    expected = {}
    for t in study.plan.indicator_target_list:
        if t.tier == goal and t.year == target_year and t.indicator in leaves and standard[t.indicator]:
            expected[leaves.index(t.indicator)] = min(100 * t.value / standard[t.indicator], 100)
    marks = next(c for c in ax.collections if c.get_gid() == "targets").get_offsets()
    assert expected and {int(y): x for x, y in np.asarray(marks)} == pytest.approx(expected)
    assert "Zanhuang" in ax.get_title() and code in ax.get_title()
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["score 2022", f"tier {goal} target {target_year}"]
    assert illustrative_marks(ax) == [cl.ILLUSTRATIVE_TEXT]
    with pytest.raises(cl.UnknownIdError):
        cl.plot_profile(study, "999999", year=2022)


# ---- bump chart ---------------------------------------------------------------------------------

def test_bump_lines_follow_the_ranks():
    ranks = pd.DataFrame({"arithmetic": [1, 2, 3], "geometric": [2, 1, 3], "copeland": [3, 1, np.nan]},
                         index=pd.Index(["x", "y", "z"], name="code"))
    ax = cl.plot_bump(ranks, names={"x": "Xanadu"})
    assert [line.get_gid() for line in ax.lines] == ["x", "y", "z"]
    assert [list(line.get_ydata()) for line in ax.lines][:2] == [[1, 2, 3], [2, 1, 1]]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["arithmetic", "geometric", "copeland"]
    assert ax.get_ylim() == (3.5, 0.5)  # rank 1 at the top
    # a name at both ends of each line; z's line ends where it was last ranked (geometric)
    assert [t.get_text() for t in ax.texts] == ["Xanadu", "Xanadu", "y", "y", "z", "z"]
    assert ax.texts[-1].xy == (1, 3.0)
    assert illustrative_marks(ax) == []


def test_bump_of_a_study_across_years(study):
    years = [2021, 2022]
    ax = cl.plot_bump(study, years=years)
    assert len(ax.lines) == 21
    expected = {y: study.tiers(year=y)["rank"] for y in years}  # the tiers table's ranks, 1 = best
    for line in ax.lines:
        assert list(line.get_ydata()) == [expected[y][line.get_gid()] for y in years]
    assert illustrative_marks(ax) == [cl.ILLUSTRATIVE_TEXT]
