"""countyleap's pipeline against an independent implementation: bench/numpy_pipeline.py (pure numpy,
written from COINr's documented rules, not from countyleap's C++) on COINr's ASEM example.

The inputs of the numpy side are read here with pandas straight from the ASEM files, not through
countyleap's readers: X (units x indicators), the denominator columns, the EurAsia_group labels,
the directions and the tree with its weights. Every unit kept and every node (49 indicators after
the last step, 8 pillars, 2 sub-indices, the index) must agree within 1e-9, for COINr's full example
spec as the issue writes it and for the variants its uncertainty analysis uses (winsorisation limit
1..5, min-max to [1, 100])."""

import importlib.util
import json

import numpy as np
import pandas as pd
import pytest

import countyleap as cl
from conftest import FULL_EXAMPLE



@pytest.fixture(scope="module")
def numpy_pipeline(source_dir):
    spec = importlib.util.spec_from_file_location("numpy_pipeline", source_dir / "bench" / "numpy_pipeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def inputs(asem_dir):
    """The numpy side's inputs, read with pandas from iData and iMeta."""
    data = pd.read_csv(asem_dir / "ASEM_iData.csv")
    meta = pd.read_csv(asem_dir / "ASEM_iMeta.csv")
    indicators = meta[meta["Level"] == 1]
    codes = indicators["iCode"].tolist()
    denominator_names = sorted(set(indicators["Denominator"].dropna()))
    den = np.array([denominator_names.index(d) if isinstance(d, str) else -1 for d in indicators["Denominator"]])
    groups, _ = pd.factorize(data["EurAsia_group"])
    # the tree, bottom-up: aggregates of level 2, then 3, then 4, each over the columns
    # indicators first, then the aggregates in that order
    aggregates = meta[meta["Level"] > 1].sort_values("Level", kind="stable")
    columns = codes + aggregates["iCode"].tolist()
    tree = []
    for code in aggregates["iCode"]:
        children = meta[meta["Parent"] == code]
        tree.append((np.array([columns.index(c) for c in children["iCode"]]),
                     children["Weight"].to_numpy(dtype=float)))
    return {"X": data[codes].to_numpy(dtype=float), "D": data[denominator_names].to_numpy(dtype=float),
            "den": den, "groups": groups.astype(int), "directions": indicators["Direction"].to_numpy(dtype=float),
            "tree": tree, "units": data["uCode"].tolist(), "columns": columns}


def compare(numpy_pipeline, inputs, tables, spec, *, winmax=5, lo=0.0, hi=100.0):
    keep, expected = numpy_pipeline.full_example(inputs["X"], inputs["D"], inputs["den"], inputs["groups"],
                                                 inputs["directions"], inputs["tree"], min_data=0.9,
                                                 winmax=winmax, lo=lo, hi=hi)
    scores = cl.evaluate(tables.panel, tables.framework, spec, regions=tables.regions)
    units = [u for u, k in zip(inputs["units"], keep) if k]
    assert scores.regions == units
    got = scores.to_frame()[inputs["columns"]].to_numpy()
    assert got.shape == expected.shape == (51, 60)
    assert np.array_equal(np.isnan(got), np.isnan(expected))
    difference = np.nanmax(np.abs(got - expected))
    assert difference <= 1e-9, f"max |countyleap - numpy| = {difference}"
    # ranks of every node: the radix rank against numpy's stable argsort, compared exactly
    frame = scores.to_frame(ranks=True)
    ranks = frame[[f"{c}_rank" for c in inputs["columns"]]].to_numpy(dtype=float, na_value=np.nan)
    want = numpy_pipeline.rank_min(expected)
    assert np.array_equal(ranks, want, equal_nan=True)
    return scores


def test_full_example_spec_as_written(numpy_pipeline, inputs, tables):
    scores = compare(numpy_pipeline, inputs, tables, FULL_EXAMPLE)
    # the run carries its spec: reading it back gives the same bits
    again = cl.evaluate(tables.panel, tables.framework, scores.spec, regions=tables.regions)
    assert np.array_equal(np.asarray(again.values), np.asarray(scores.values), equal_nan=True)
    assert json.loads(scores.spec)["treat"] == {"method": "coinr", "winmax": 5, "skew": 2.0, "kurtosis": 3.5}


@pytest.mark.parametrize("winmax", [1, 2, 3, 4, 5])
def test_winsorisation_limits(numpy_pipeline, inputs, tables, winmax):
    spec = {**FULL_EXAMPLE, "treat": {"method": "coinr", "winmax": winmax}}
    compare(numpy_pipeline, inputs, tables, spec, winmax=winmax)


def test_minmax_to_1_100(numpy_pipeline, inputs, tables):
    spec = {**FULL_EXAMPLE, "normalise": {"method": "minmax", "range": [1, 100]}}
    scores = compare(numpy_pipeline, inputs, tables, spec, lo=1.0, hi=100.0)
    leaves = np.asarray(scores.values)[:, :scores.n_leaves]
    assert np.nanmin(leaves) == 1.0 and np.nanmax(leaves) == 100.0


def test_the_variants_differ(numpy_pipeline, inputs, tables):
    """The comparisons above are not vacuous: the variants give different scores."""
    one = cl.evaluate(tables.panel, tables.framework, {**FULL_EXAMPLE, "treat": {"method": "coinr", "winmax": 1}},
                      regions=tables.regions).composite()
    five = cl.evaluate(tables.panel, tables.framework, FULL_EXAMPLE, regions=tables.regions).composite()
    assert np.max(np.abs(one - five)) > 1e-3
