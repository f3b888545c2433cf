"""Uncertainty and sensitivity analysis from Python: COINr's example exactly as issue 5 writes it
(bench/asem_uncertainty.json), the same bits on 1 and 2 threads, the nominal run, tier
probabilities of a toy case known exactly, reported failures and the sensitivity indices (the
rank-interval plot is tested in test_plots.py)."""

import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import countyleap as cl

PATHS = ["treat.winmax", "normalise", "weights", "aggregate.method"]


@pytest.fixture(scope="module")
def issue_file(source_dir):
    return source_dir / "bench" / "asem_uncertainty.json"


def spec_with(issue_file, **changes) -> cl.UncertaintySpec:
    spec = cl.UncertaintySpec(issue_file)
    for key, value in changes.items():
        setattr(spec, key, value)
    return spec


@pytest.fixture(scope="module")
def issue_result(tables, issue_file):
    """The issue's spec as written: N = 1,000, seed 1, every replication kept."""
    return cl.uncertainty(tables.panel, tables.framework, issue_file, regions=tables.regions, threads=2,
                          keep_replications=True)


def test_spec_forms_read_alike(issue_file):
    text = issue_file.read_text(encoding="utf-8")
    spec = cl.UncertaintySpec(issue_file)
    assert cl.UncertaintySpec(text) == spec
    assert cl.UncertaintySpec(json.loads(text)) == spec
    assert cl.io.read_uncertainty_spec(issue_file) == spec
    assert cl.io.parse_uncertainty_spec(spec.to_json()) == spec
    assert spec.factors == PATHS
    assert (spec.replications, spec.seed, spec.tiers) == (1000, 1, None)
    assert spec.pipeline.to_dict()["treat"]["winmax"] == 5
    vary = spec.to_dict()["vary"]
    assert vary[2] == {"path": "weights", "noise": 0.25, "levels": [2, 3], "sets": 100}
    assert vary[3]["values"] == ["arithmetic", "geometric"]


def test_spec_errors_name_the_pointer(tables):
    with pytest.raises(cl.ParseError, match="/vary/0/path"):
        cl.UncertaintySpec({"pipeline": {}, "vary": [{"path": "treat.winmix", "values": [1]}]})
    with pytest.raises(cl.ValidationError, match="/vary/0"):
        cl.UncertaintySpec({"pipeline": {}, "vary": [{"path": "treat.winmax", "values": [1]}]})  # no treat step
    with pytest.raises(TypeError, match="an uncertainty spec is"):
        cl.UncertaintySpec(42)
    spec = cl.UncertaintySpec({"pipeline": {}, "vary": [{"path": "weights", "noise": 0.1, "levels": [9]}]})
    with pytest.raises(cl.ValidationError, match="/vary/0/levels/0"):
        spec.validate(tables.framework)


def test_issue_example_runs(issue_result, tables, issue_file):
    r = issue_result
    assert (r.node, r.year, r.replications) == ("Index", 2018, 1000)
    assert r.n_ok + r.n_failed == 1000
    # z-scores with mean 10 and sd 2 stay positive on the treated ASEM data, min-max [1, 100] too:
    # no geometric replication fails (bench/README.md)
    assert r.n_failed == 0 and r.failures.empty
    assert list(r.failures.columns) == ["replication", "inputs", "message"]
    assert json.loads(r.spec) == cl.UncertaintySpec(issue_file).to_dict()
    assert r.version == cl.__version__
    s = r.summary
    assert s.index.name == "code" and len(s) == 51 and list(s.index) == r.regions
    assert list(s.columns) == ["nominal_score", "nominal_rank", "mean_rank", "median_rank", "q5_rank", "q95_rank",
                               "mean_score", "q5_score", "q50_score", "q95_score", "n_scored"]
    # the nominal run is the pipeline itself, as evaluate() computes it node by node
    scores = cl.evaluate(tables.panel, tables.framework, cl.UncertaintySpec(issue_file).pipeline,
                         regions=tables.regions)
    composite = scores.to_frame(ranks=True).loc[s.index]
    assert np.max(np.abs(s["nominal_score"] - composite["Index"])) < 1e-12
    assert (s["nominal_rank"] == composite["Index_rank"]).all()
    # in every replication the 51 ranks are 1..51 (no ties), so the mean ranks add up to 51 * 52 / 2
    assert math.isclose(s["mean_rank"].sum(), 1326.0, abs_tol=1e-9)
    assert (s["q5_rank"] <= s["median_rank"]).all() and (s["median_rank"] <= s["q95_rank"]).all()
    assert (s["q5_score"] <= s["q50_score"]).all() and (s["q50_score"] <= s["q95_score"]).all()
    assert (s["n_scored"] == 1000).all()


def test_statistics_are_type_7_quantiles_of_the_replications(issue_result):
    # a second implementation: numpy's default quantile method ("linear") is R's type 7
    ranks, scores, s = issue_result.ranks, issue_result.scores, issue_result.summary
    assert ranks.shape == (51, 1000) and ranks.index.equals(s.index)
    assert np.array_equal(s["mean_rank"], ranks.mean(axis=1))
    for q, column in ((0.05, "q5_rank"), (0.5, "median_rank"), (0.95, "q95_rank")):
        assert np.allclose(s[column], np.quantile(ranks, q, axis=1), rtol=0, atol=1e-12)
    for q, column in ((0.05, "q5_score"), (0.5, "q50_score"), (0.95, "q95_score")):
        assert np.allclose(s[column], np.quantile(scores, q, axis=1), rtol=1e-14, atol=1e-12)
    assert np.allclose(s["mean_score"], scores.mean(axis=1), rtol=1e-14)


def test_parameter_log(issue_result, issue_file):
    p = issue_result.parameters
    assert p.shape == (1000, 4) and list(p.columns) == PATHS and p.index.name == "replication"
    assert p["treat.winmax"].dtype == np.int64 and set(p["treat.winmax"]) == {1, 2, 3, 4, 5}
    assert p["weights"].dtype == np.int64 and p["weights"].between(0, 99).all()
    assert set(p["aggregate.method"]) == {"arithmetic", "geometric"}
    alternatives = cl.UncertaintySpec(issue_file).to_dict()["vary"][1]["values"]
    assert {json.loads(cell)["method"] for cell in p["normalise"]} == {"minmax", "zscore"}
    assert all(json.loads(cell) in alternatives for cell in p["normalise"])
    # each alternative equally likely: 200 of each winmax expected (sd 12.6); the sample is fixed by the seed
    assert p["treat.winmax"].value_counts().between(150, 250).all()
    assert p["aggregate.method"].value_counts().between(440, 560).all()


def test_same_seed_same_frames_on_one_and_two_threads(tables, issue_file):
    spec = spec_with(issue_file, replications=150)
    one = cl.uncertainty(tables.panel, tables.framework, spec, regions=tables.regions, threads=1,
                         keep_replications=True)
    two = cl.uncertainty(tables.panel, tables.framework, spec, regions=tables.regions, threads=2,
                         keep_replications=True)
    pd.testing.assert_frame_equal(one.summary, two.summary, check_exact=True)
    pd.testing.assert_frame_equal(one.parameters, two.parameters, check_exact=True)
    pd.testing.assert_frame_equal(one.ranks, two.ranks, check_exact=True)
    pd.testing.assert_frame_equal(one.scores, two.scores, check_exact=True)
    other = cl.uncertainty(tables.panel, tables.framework, spec_with(issue_file, replications=150, seed=2),
                           regions=tables.regions, threads=2)
    assert not other.parameters.equals(one.parameters)
    assert one.scores is not None and other.scores is None  # kept only when asked


def test_zero_noise_and_single_alternatives_equal_the_nominal(tables):
    spec = {"pipeline": {"denominate": True, "impute": {"method": "group_mean", "group": "EurAsia_group"},
                         "treat": {"method": "coinr", "winmax": 5}},
            "vary": [{"path": "treat.winmax", "values": [5]},
                     {"path": "normalise", "values": [{"method": "minmax", "range": [0, 100]}]},
                     {"path": "weights", "noise": 0, "levels": [1, 2, 3], "sets": 7},
                     {"path": "aggregate.method", "values": ["arithmetic"]}],
            "replications": 40, "seed": 9}
    r = cl.uncertainty(tables.panel, tables.framework, spec, regions=tables.regions, threads=2,
                       keep_replications=True)
    assert r.n_ok == 40
    s = r.summary
    nominal = s["nominal_rank"].astype(float)
    for column in ("q5_rank", "median_rank", "q95_rank", "mean_rank"):
        assert (s[column] == nominal).all(), column
    assert (r.ranks.to_numpy() == nominal.to_numpy()[:, None]).all()
    assert (r.scores.to_numpy() == s["nominal_score"].to_numpy()[:, None]).all()


# ---- tier probabilities of a toy case ---------------------------------------------------------

MASK = (1 << 64) - 1


def splitmix64(state: int) -> tuple[int, int]:
    """(next state, output) of SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def stream_seed(seed: int, stream: int, index: int) -> int:
    def mix(x):
        return splitmix64(x)[1]
    return mix((mix((mix(seed) + stream) & MASK) + index) & MASK)


def first_uniform(state: int) -> float:
    return (splitmix64(state)[1] >> 11) * 2.0 ** -53


def toy():
    """Two regions, two indicators; x2 under a pillar G, so noise at level 2 varies G's weight
    alone: I = (x1 + w G) / (1 + w), G = x2. A: x1 = 1, x2 = 0; B: x1 = 0, x2 = 1."""
    panel = cl.Panel(["A", "B"], ["x1", "x2"], 2024, 2024)
    for code, x1, x2 in (("A", 1, 0), ("B", 0, 1)):
        panel.set(code, "x1", 2024, x1)
        panel.set(code, "x2", 2024, x2)
    framework = cl.Framework([], [cl.Indicator("x1"), cl.Indicator("x2")],
                             [cl.Node("I"), cl.Node("x1", "I", 1), cl.Node("G", "I", 1), cl.Node("x2", "G", 1)])
    return panel, framework


def test_toy_tier_probabilities_known_exactly():
    # Min-max puts A at (100, 0) and B at (0, 100): A scores 100 / (1 + w), B 100 w / (1 + w), w the
    # multiplier of G's weight. Tiers: top >= 45, else rest; A is top iff w <= 100/45 - 1 = 11/9,
    # B iff w >= 45/55 = 9/11. Weight set s has w = 1 + 0.5 (2u - 1), u the first uniform of
    # SplitMix64(stream_seed(11, weight_sets = 2, 0 * 2^32 + s)) (the spec's rule, computed here
    # with Python integers). Over w uniform on [0.5, 1.5]: P(A top) = 11/9 - 1/2 = 13/18 and
    # P(B top) = 3/2 - 9/11 = 15/22.
    panel, framework = toy()
    spec = {"pipeline": {}, "vary": [{"path": "weights", "noise": 0.5, "levels": [2], "sets": 4000}],
            "tiers": {"rule": "fixed", "tiers": [{"label": "top", "min": 45}, {"label": "rest"}]},
            "replications": 4000, "seed": 11}
    r = cl.uncertainty(panel, framework, spec, threads=2, goals={"A": "top", "B": "rest"}, keep_replications=True)
    w_of_set = np.array([1 + 0.5 * (2 * first_uniform(stream_seed(11, 2, s)) - 1) for s in range(4000)])
    w = w_of_set[r.parameters["weights"].to_numpy()]
    assert np.max(np.abs(r.scores.loc["A"].to_numpy() - 100 / (1 + w))) < 1e-12
    assert np.max(np.abs(r.scores.loc["B"].to_numpy() - 100 * w / (1 + w))) < 1e-12
    a_top = np.count_nonzero(100 / (1 + w) >= 45)
    b_top = np.count_nonzero(100 * w / (1 + w) >= 45)
    s = r.summary
    assert list(s.columns[-6:]) == ["n_scored", "nominal_tier", "p_top", "p_rest", "goal", "p_goal"]
    assert list(s["nominal_tier"]) == ["top", "top"]  # w = 1: both score 50
    assert s.loc["A", "p_top"] == a_top / 4000 and s.loc["A", "p_rest"] == (4000 - a_top) / 4000
    assert s.loc["B", "p_top"] == b_top / 4000
    assert s.loc["A", "p_goal"] == a_top / 4000
    assert s.loc["B", "p_goal"] == 1.0  # the lowest tier is always reached
    assert list(s["goal"]) == ["top", "rest"]
    assert abs(s.loc["A", "p_top"] - 13 / 18) < 0.03
    assert abs(s.loc["B", "p_top"] - 15 / 22) < 0.03
    # goals as a pandas Series indexed by code give the same
    again = cl.uncertainty(panel, framework, spec, goals=pd.Series({"A": "top", "B": "rest"}))
    pd.testing.assert_frame_equal(again.summary, s, check_exact=True)
    with pytest.raises(cl.UnknownIdError):
        cl.uncertainty(panel, framework, spec, goals={"A": "gold"})
    spec.pop("tiers")
    with pytest.raises(cl.ValidationError, match="tier scheme"):
        cl.uncertainty(panel, framework, spec, goals={"A": "top"})


# ---- failures ---------------------------------------------------------------------------------

def test_failing_replications_are_reported(tables):
    # min-max to [0, 100] gives each indicator's worst region a 0, so every geometric replication
    # fails (COINr's a_gmean stops on values <= 0); the arithmetic ones run
    spec = {"pipeline": {"denominate": True, "impute": {"method": "group_mean", "group": "EurAsia_group"}},
            "vary": [{"path": "aggregate.method", "values": ["arithmetic", "geometric"]},
                     {"path": "weights", "noise": 0.1, "levels": [2], "sets": 5}],
            "replications": 30, "seed": 4}
    r = cl.uncertainty(tables.panel, tables.framework, spec, regions=tables.regions, threads=2)
    geometric = r.parameters.index[r.parameters["aggregate.method"] == "geometric"]
    assert len(geometric) > 0
    f = r.failures
    assert r.n_failed == len(f) == len(geometric) and r.n_ok == 30 - len(geometric)
    assert list(f["replication"]) == list(geometric)
    assert f["inputs"].str.contains("aggregate.method=geometric").all()
    assert f["inputs"].str.contains("weights=set ").all()
    assert f["message"].str.contains("geometric mean needs positive values").all()
    assert (r.summary["n_scored"] == r.n_ok).all()
    assert f"{r.n_failed} failed" in r._repr_html_()


def test_display(issue_result):
    page = issue_result._repr_html_()
    assert "<b>UncertaintyResult</b>" in page and "1000 replications (none failed)" in page
    assert "median_rank" in page and "treat.winmax" in page
    assert repr(issue_result).startswith("<UncertaintyResult Index 2018: 51 regions, 1000 replications (0 failed)")


# ---- sensitivity ------------------------------------------------------------------------------

def test_sensitivity_frame(tables, issue_file):
    spec = spec_with(issue_file)
    result = cl.sensitivity(tables.panel, tables.framework, spec, n=48, bootstrap=30, threads=2,
                            regions=tables.regions)
    assert isinstance(result, cl.SensitivityResult)
    frame = result.to_frame()
    pd.testing.assert_frame_equal(frame, result.indices)
    assert (result.target, result.samples, result.runs, result.n_failed) == ("mean_abs_rank_change", 48, 288, 0)
    assert list(frame.index) == PATHS and frame.index.name == "factor"
    assert list(frame.columns) == ["first", "first_lo", "first_hi", "total", "total_lo", "total_hi"]
    assert np.isfinite(frame.to_numpy()).all()
    assert (frame["total_lo"] <= frame["total_hi"]).all() and (frame["first_lo"] <= frame["first_hi"]).all()
    a = frame.attrs
    assert (a["target"], a["samples"], a["runs"], a["bootstrap"], a["confidence"]) == \
        ("mean_abs_rank_change", 48, 48 * 6, 30, 0.9)
    assert a["nominal"] == 0.0  # the nominal ranks do not move from themselves
    assert a["n_failed"] == 0 and a["rows_used"] == 48 and a["variance"] > 0
    assert json.loads(a["spec"])["seed"] == 1
    # the choice of mean moves the ranks most (C++ test_sensitivity: total indices at N = 1,000 are
    # winmax 0.055, normalisation 0.28, weights 0.18, aggregation 0.76)
    assert frame["total"].idxmax() == "aggregate.method"
    one = cl.sensitivity(tables.panel, tables.framework, spec, n=48, bootstrap=30, threads=1, regions=tables.regions)
    pd.testing.assert_frame_equal(one.to_frame(), frame, check_exact=True)
    reseeded = cl.sensitivity(tables.panel, tables.framework, spec, n=48, bootstrap=0, seed=5, threads=2,
                              regions=tables.regions).to_frame()
    assert json.loads(reseeded.attrs["spec"])["seed"] == 5 and reseeded["first_lo"].isna().all()


def test_sensitivity_rank_target(tables, issue_file):
    spec = spec_with(issue_file)
    scores = cl.evaluate(tables.panel, tables.framework, spec.pipeline, regions=tables.regions)
    lux_rank = scores.to_frame(ranks=True).loc["LUX", "Index_rank"]
    frame = cl.sensitivity(tables.panel, tables.framework, spec, target="rank", region="LUX", n=32, bootstrap=0,
                           regions=tables.regions).to_frame()
    assert frame.attrs["nominal"] == lux_rank and frame.attrs["region"] == "LUX"
    with pytest.raises(cl.ValidationError, match="needs region"):
        cl.sensitivity(tables.panel, tables.framework, spec, target="rank", n=8, regions=tables.regions)
    with pytest.raises(cl.ValidationError, match="goes with the target 'rank'"):
        cl.sensitivity(tables.panel, tables.framework, spec, region="LUX", n=8, regions=tables.regions)
    with pytest.raises(cl.ValidationError, match="unknown sensitivity target"):
        cl.sensitivity(tables.panel, tables.framework, spec, target="ranks", n=8, regions=tables.regions)
    with pytest.raises(cl.UnknownIdError):
        cl.sensitivity(tables.panel, tables.framework, spec, target="rank", region="NO_SUCH_UNIT", n=8,
                       regions=tables.regions)
    with pytest.raises(cl.ValidationError, match="needs a tier scheme"):
        cl.sensitivity(tables.panel, tables.framework, spec, target="top_tier_count", n=8, regions=tables.regions)
def test_sensitivity_result_as_the_old_frame_is_deprecated(tables, issue_file):
    """sensitivity() returned a DataFrame with attrs; its SensitivityResult still acts as that frame
    for one release, each use warning."""
    result = cl.sensitivity(tables.panel, tables.framework, spec_with(issue_file), n=16, bootstrap=0, threads=2,
                            regions=tables.regions)
    with pytest.warns(DeprecationWarning, match=r"use .to_frame\(\)"):
        total = result["total"]
    pd.testing.assert_series_equal(total, result.indices["total"])
    with pytest.warns(DeprecationWarning, match="DataFrame.attrs"):
        assert result.attrs["samples"] == 16 == result.samples
    with pytest.warns(DeprecationWarning, match="DataFrame.index"):
        assert list(result.index) == PATHS
    with pytest.raises(AttributeError):
        result.no_such_thing


def test_uncertainty_result_to_frame_is_the_summary(tables, issue_file):
    spec = spec_with(issue_file)
    spec.replications = 20
    result = cl.uncertainty(tables.panel, tables.framework, spec, regions=tables.regions, threads=2)
    pd.testing.assert_frame_equal(result.to_frame(), result.summary)
    assert list(result.parameters.columns) == PATHS


# ---- one scale ----------------------------------------------------------------------------------

def test_mixed_normalisation_scales_warn_and_ranks_stay_valid():
    # The toy's A scores 50 under min-max [0, 100] at w = 1 (x1 = 100, G = 0) and 0 under z-scores
    # (x1 = 0.707, x2 = -0.707 with two regions: (1 - 0.5) / sd, sd = sqrt(0.5)): one cut-off at 45
    # puts A in "top" under one and "rest" under the other, so the tier probabilities and the mean
    # score mix scales. Its rank is 1 (tied with B) under both: rank statistics stay valid.
    panel, framework = toy()
    spec = {"pipeline": {}, "vary": [{"path": "normalise.method", "values": ["minmax", "zscore"]}],
            "tiers": {"rule": "fixed", "tiers": [{"label": "top", "min": 45}, {"label": "rest"}]},
            "replications": 40, "seed": 3}
    with pytest.warns(UserWarning) as caught:
        r = cl.uncertainty(panel, framework, spec)
    messages = [str(w.message) for w in caught]
    assert messages == r.warnings
    assert len(messages) == 2
    assert "tier probabilities" in messages[0] and "quota" in messages[0]
    assert "normalise.method: minmax [0, 100] / zscore (mean 0, sd 1)" in messages[0]
    assert "rank statistics" in messages[1] and "unaffected" in messages[1]
    assert 0 < r.summary.loc["A", "p_top"] < 1  # the symptom the warning names
    assert list(r.summary["mean_rank"]) == [1.0, 1.0]  # ranks: A and B tie in every replication
    # one scale, no warning: min-max alternatives with the same range
    same = {**spec, "vary": [{"path": "normalise", "values": ["minmax", {"method": "minmax", "range": [0, 100]}]}]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cl.uncertainty(panel, framework, same).warnings == []

