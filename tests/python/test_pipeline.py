"""PipelineSpec (dict, JSON text, path; canonical JSON), evaluate / evaluate_years and the Scores
object, on COINr's ASEM example. The plain pipeline must equal COINr's own result
(tests/data/asem/asem_plain_aggregated.csv, computed by COINr 1.1.14) within 1e-9."""

import json

import numpy as np
import pandas as pd
import pytest

import countyleap as cl
from conftest import FULL_EXAMPLE



@pytest.fixture(scope="module")
def coinr_plain(asem_dir):
    return pd.read_csv(asem_dir / "asem_plain_aggregated.csv").set_index("uCode")


def test_spec_from_dict_text_and_path(tmp_path):
    spec = cl.PipelineSpec(FULL_EXAMPLE)
    canonical = spec.to_dict()
    # defaults written out: every option of the chosen methods
    assert canonical["normalise"] == {"method": "minmax", "range": [0, 100], "constant_to_midpoint": False}
    assert canonical["aggregate"] == {"method": "arithmetic", "min_data": 0}
    assert canonical["screen"] == {"min_data": 0.9}
    assert cl.PipelineSpec(json.dumps(FULL_EXAMPLE)) == spec
    assert cl.PipelineSpec(spec.to_json()) == spec
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(FULL_EXAMPLE), encoding="utf-8")
    assert cl.PipelineSpec(path) == spec and cl.PipelineSpec(str(path)) == spec
    assert cl.PipelineSpec.from_json(path) == spec and cl.io.read_pipeline_spec(path) == spec
    spec.to_json(tmp_path / "out.json")
    assert cl.PipelineSpec(tmp_path / "out.json") == spec
    assert cl.PipelineSpec() == cl.PipelineSpec({}) == cl.PipelineSpec(None)
    assert cl.PipelineSpec() != spec
    assert repr(cl.PipelineSpec()).startswith('PipelineSpec({"denominate": false, "normalise": {"method": "minmax"')


def test_spec_errors_name_the_key(tmp_path):
    with pytest.raises(cl.ParseError, match="/treat/winmx"):
        cl.PipelineSpec({"treat": {"method": "coinr", "winmx": 3}})
    with pytest.raises(cl.ParseError, match="/normalise"):
        cl.PipelineSpec({"normalise": {"method": "minmax", "range": [0]}})
    with pytest.raises(cl.ValidationError, match="unknown normalisation method 'min_max'"):
        cl.PipelineSpec({"normalise": {"method": "min_max"}})
    with pytest.raises(cl.ParseError) as info:
        cl.PipelineSpec('{"screen": {"min_data": 0.9},\n "oops"}')
    assert info.value.line == 2
    with pytest.raises(cl.FileError):
        cl.PipelineSpec(tmp_path / "missing.json")
    with pytest.raises(TypeError, match="pipeline spec"):
        cl.PipelineSpec(42)


def test_plain_pipeline_equals_coinr(tables, coinr_plain):
    scores = cl.evaluate(tables.panel, tables.framework, regions=tables.regions)
    frame = scores.to_frame(coverage=False)
    assert frame.shape == (51, 60)
    assert list(frame.columns) == scores.nodes and scores.nodes[-3:] == ["Conn", "Sust", "Index"]
    expected = coinr_plain.loc[frame.index, frame.columns]
    assert np.array_equal(frame.isna().to_numpy(), expected.isna().to_numpy())
    assert np.nanmax(np.abs(frame.to_numpy() - expected.to_numpy())) <= 1e-9
    assert scores.year == 2018 and scores.version == cl.__version__ and scores.n_leaves == 49
    # coverage, counted a second way: the indicator columns with a value
    shown = scores.to_frame()
    assert list(shown.columns[-2:]) == ["present", "expected"] and (shown["expected"] == 49).all()
    assert shown["present"].tolist() == frame[scores.nodes[:49]].notna().sum(axis=1).tolist()
    assert scores.log["partial"]["code"].tolist() == shown.index[shown["present"] < 49].tolist()


def test_scores_object(tables):
    scores = cl.evaluate(tables.panel, tables.framework, FULL_EXAMPLE, year=2018, regions=tables.regions)
    values, ranks = scores.values, scores.ranks
    assert values.shape == ranks.shape == (51, 60)
    assert not values.flags.writeable
    with pytest.raises(ValueError):
        values[0, 0] = 1.0
    # ranks: 1 = highest score, ties share the best rank (min-max puts several units at 0 or 100)
    col = scores.node_column("Index")
    order = np.argsort(-values[:, col])
    assert ranks[order[0], col] == 1 and ranks[order[-1], col] == 51
    leaf = values[:, 0]
    at_max = leaf == np.nanmax(leaf)
    assert (ranks[at_max, 0] == 1).all()
    assert scores.value(scores.regions[order[0]], "Index") == values[order[0], col]
    with pytest.raises(cl.UnknownIdError):
        scores.value("NO_SUCH_UNIT", "Index")

    frame = scores.to_frame(ranks=True)
    assert frame.index.name == "code" and frame.columns[60] == "LPI_rank" and frame.columns[-3] == "Index_rank"
    assert str(frame["Index_rank"].dtype) == "Int64"
    composite = scores.composite()
    assert composite.name == "Index" and composite.idxmax() == scores.regions[order[0]]
    # weights: share of the parent; the five Conn pillars have equal metadata weights
    weights = scores.weights
    assert weights["Physical"] == pytest.approx(0.2) and weights["Index"] == 1
    spec = json.loads(scores.spec)
    assert spec["impute"] == {"method": "group_mean", "group": "EurAsia_group"}
    assert scores.pipeline_spec == cl.PipelineSpec(FULL_EXAMPLE)
    assert repr(scores) == f"<Scores 2018: 51 regions x 60 nodes (49 indicators), countyleap {cl.__version__}>"


def test_log_of_the_full_example(tables):
    scores = cl.evaluate(tables.panel, tables.framework, FULL_EXAMPLE, regions=tables.regions)
    log = scores.log
    # LAO has no Energy: its Elec and Gas (denominated by Energy) are lost, then imputed
    lost = log["denominator"]
    assert sorted(lost["indicator"]) == ["Elec", "Gas"] and set(lost["code"]) == {"LAO"}
    assert set(lost["reason"]) == {"missing"}
    imputed = log["imputed"]
    assert {("LAO", "Elec"), ("LAO", "Gas")} <= set(zip(imputed["code"], imputed["indicator"]))
    # 63 raw indicator values are missing in iData, plus the two above
    assert len(imputed) == 65 and log["still_missing"] == 0
    assert log["dropped"].empty and list(log["dropped"].columns) == ["code", "data_share"]
    treated = log["treatment"]
    assert len(treated) == 49 and treated["indicator"].tolist() == scores.nodes[:49]
    assert set(treated["method"]) == {"coinr"}
    failing = treated[~treated["passed_initially"]]
    assert len(failing) > 0 and (failing["n_winsorised"] > 0).all()
    high = failing.iloc[0]["winsorised_high"]
    assert isinstance(high, list) and all(code in scores.regions for code in high)


def test_screening_drops_and_logs(tables):
    scores = cl.evaluate(tables.panel, tables.framework, {"screen": {"min_data": 0.95}}, regions=tables.regions)
    dropped = scores.log["dropped"]
    assert len(dropped) > 0 and (dropped["data_share"] < 0.95).all()
    assert not set(dropped["code"]) & set(scores.regions)
    assert len(scores.regions) + len(dropped) == 51
    assert scores.panel_regions == tables.panel.regions


def test_per_node_override(tables):
    plain = cl.evaluate(tables.panel, tables.framework, {}, regions=tables.regions)
    spec = {"nodes": {"Conn": {"aggregate": {"method": "geometric", "shift": 1}}}}
    mixed = cl.evaluate(tables.panel, tables.framework, spec, regions=tables.regions)
    a, b = plain.to_frame(coverage=False), mixed.to_frame(coverage=False)
    pd.testing.assert_frame_equal(a.drop(columns=["Conn", "Index"]), b.drop(columns=["Conn", "Index"]))
    # Conn is now the geometric mean of its pillars shifted by 1: exp(mean(ln(x + 1)))
    pillars = ["Physical", "ConEcFin", "Political", "Instit", "P2P"]
    expected = np.exp(np.log(a[pillars] + 1).mean(axis=1))
    assert np.allclose(b["Conn"], expected, rtol=0, atol=1e-9)
    # min-max puts zeros among the indicators: COINr's geometric mean (no shift) is an error there
    with pytest.raises(cl.ValidationError) as info:
        cl.evaluate(tables.panel, tables.framework, {"nodes": {"Physical": {"aggregate": {"method": "geometric"}}}},
                    regions=tables.regions)
    assert "geometric" in str(info.value) and info.value.id == "Physical"


def test_evaluate_years_same_bits_on_any_thread_count(tables):
    one = cl.evaluate(tables.panel, tables.framework, FULL_EXAMPLE, regions=tables.regions)
    for threads in (1, 2):
        years = cl.evaluate_years(tables.panel, tables.framework, FULL_EXAMPLE, regions=tables.regions,
                                  threads=threads)
        assert [s.year for s in years] == [2018]
        assert np.array_equal(np.asarray(years[0].values), np.asarray(one.values), equal_nan=True)
    assert cl.evaluate_years(tables.panel, tables.framework, years=[2018], regions=tables.regions)[0].year == 2018


def test_errors(tables):
    with pytest.raises(cl.UnknownIdError):
        cl.evaluate(tables.panel, tables.framework, year=2017)
    with pytest.raises(cl.ValidationError, match="EurAsia_group"):
        cl.evaluate(tables.panel, tables.framework, {"impute": {"method": "group_mean", "group": "EurAsia_group"}})
    with pytest.raises(cl.UnknownIdError):
        cl.evaluate(tables.panel, tables.framework, {"nodes": {"Nope": {"aggregate": {"method": "geometric"}}}})


def test_audit_of_scores_matches_pandas(tables):
    scores = cl.evaluate(tables.panel, tables.framework, regions=tables.regions)
    report = scores.audit()
    frame = scores.to_frame(coverage=False)
    # pandas' corr uses pairwise complete observations, and its skew/kurt are the same
    # sample-adjusted G1/G2 that COINr and countyleap use: an independent implementation
    pd.testing.assert_frame_equal(report.pearson, frame.corr(), check_names=False, atol=1e-12)
    pd.testing.assert_frame_equal(report.spearman, frame.corr(method="spearman"), check_names=False, atol=1e-12)
    stats = report.stats
    assert np.allclose(stats["skew"], frame.skew(), atol=1e-12)
    assert np.allclose(stats["kurtosis"], frame.kurt(), atol=1e-12)
    assert np.allclose(stats["sd"], frame.std(), atol=1e-12)
    assert np.allclose(stats["missing_share"], frame.isna().mean(), rtol=0, atol=1e-15)
    nodes = report.nodes
    assert nodes.index.tolist() == scores.nodes[49:]
    # Cronbach's alpha of the Conn pillars over complete rows: k/(k-1) (1 - sum var_i / var(total))
    pillars = frame[["Physical", "ConEcFin", "Political", "Instit", "P2P"]].dropna()
    k = pillars.shape[1]
    alpha = k / (k - 1) * (1 - pillars.var().sum() / pillars.sum(axis=1).var())
    assert nodes.loc["Conn", "cronbach_alpha"] == pytest.approx(alpha, abs=1e-12)
    pca = report.pca("Conn")
    eigen = np.sort(np.linalg.eigvalsh(pillars.corr().to_numpy()))[::-1]
    assert np.allclose(pca["eigenvalue"], eigen, atol=1e-10)
    assert pca["cumulative"].iloc[-1] == pytest.approx(1.0)
    assert nodes.loc["Conn", "pc1_share"] == pytest.approx(eigen[0] / k)
    assert set(report.collinear.columns) == {"node", "a", "b", "r"}
    assert (report.collinear["r"].abs() > 0.9).all()
    assert (report.negative["r"] < 0).all()


def test_html_shows_the_top_with_names(tables):
    scores = cl.evaluate(tables.panel, tables.framework, regions=tables.regions)
    text = scores._repr_html_()
    top = scores.composite().idxmax()
    name = tables.regions[top].name_en
    assert "<b>Scores</b>" in text and name in text and "more rows" in text
    bare = cl.evaluate(tables.panel, tables.framework)
    assert "name_en" not in bare._repr_html_()


# ---- coverage: partial data never silent ---------------------------------------------------------

def _partial_toy() -> tuple[cl.Panel, cl.Framework]:
    """index -> d1 (3) -> a (1), b (3); index -> d2 (1) -> c. 130104 misses c (all of d2), 130105
    misses a (one of d1's two)."""
    panel = cl.Panel(["130102", "130104", "130105"], ["a", "b", "c"], 2020, 2020)
    for code, values in {"130102": (10, 200, 5), "130104": (20, 100, None), "130105": (None, 300, 3)}.items():
        for variable, value in zip("abc", values):
            if value is not None:
                panel.set(code, variable, 2020, value)
    framework = cl.Framework([], [cl.Indicator(i) for i in "abc"],
                             [cl.Node("index"), cl.Node("d1", "index", 3), cl.Node("a", "d1", 1),
                              cl.Node("b", "d1", 3), cl.Node("d2", "index", 1), cl.Node("c", "d2", 1)])
    return panel, framework


def test_a_county_missing_a_dimension_is_flagged_everywhere():
    panel, framework = _partial_toy()
    scores = cl.evaluate(panel, framework)
    # by hand (min-max): 130104's d2 is missing, its index is d1 alone = (1·100 + 3·0)/4 = 25;
    # 130105's index = (3·100 + 1·0)/4 = 75 (b alone in d1 = 100, c = 0)
    frame = scores.to_frame()
    assert frame.loc["130104", "index"] == pytest.approx(25.0)
    assert list(frame["present"]) == [3, 2, 2] and list(frame["expected"]) == [3, 3, 3]
    coverage = scores.coverage()
    assert coverage.loc["130104", "d2"] == 0 and coverage.loc["130105", "d1"] == 1
    assert coverage.attrs["expected"] == {"a": 1, "b": 1, "c": 1, "d1": 2, "d2": 1, "index": 3}
    log = scores.log
    assert log["still_missing"] == 0  # no imputation ran: the old log said nothing more
    assert log["partial"].to_dict("list") == {"code": ["130104", "130105"], "present": [2, 2], "expected": [3, 3]}
    tiers = cl.tiers(scores, cl.TierScheme.hebei())
    assert list(tiers["tier"]) == ["C", "C", "B"]
    assert list(tiers["partial_data"]) == [False, True, True]
    assert list(scores.classify(cl.TierScheme.hebei()).to_frame()["partial_data"]) == [False, True, True]
    html = scores._repr_html_()
    assert "2 of 3 regions scored on partial data" in html and "2/3" in html
