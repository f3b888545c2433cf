"""Benchmark of issue 3: COINr's full example pipeline on 2,850 regions x 60 indicators x 10 years,
countyleap (evaluate_years through the Python bindings) against the vectorised numpy
implementation bench/numpy_pipeline.py, both timed in one run, best of 5 each. Both sides compute
the same outputs: the scores of every node and their ranks (compared exactly).

    PYTHONPATH=<build>/python /usr/bin/python3 bench/bench_pipeline.py [--repeat 5] [--threads 0]

The synthetic panel is seeded: lognormal indicators with different skews (some strongly skewed, so
the outlier treatment winsorises and log-transforms), about 2 % of the values missing, 4
denominators (16 indicators are denominated), 3 groups for group-mean imputation, a 3-level tree
(60 indicators -> 10 pillars -> 2 sub-indices -> index) with random positive weights and 12
indicators with direction -1. Only the calls are timed: the data are converted to countyleap's
Panel, Framework and RegionSet (and to the numpy arrays) before the timer starts. The two results
must agree (max |difference| over every year, region and node <= 1e-9).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

import countyleap as cl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_pipeline  # noqa: E402  (bench/numpy_pipeline.py, next to this file)

N_REGIONS, N_INDICATORS, N_YEARS, N_DENOMINATORS = 2850, 60, 10, 4
N_PILLARS, N_SUB = 10, 2
FIRST_YEAR = 2011
SPEC = {"denominate": True,
        "impute": {"method": "group_mean", "group": "group"},
        "screen": {"min_data": 0.9},
        "treat": {"method": "coinr", "winmax": 5, "skew": 2.0, "kurtosis": 3.5},
        "normalise": {"method": "minmax", "range": [0, 100]},
        "weights": {"method": "given"},
        "aggregate": {"method": "arithmetic"}}


def synthetic(seed: int = 20240611) -> dict:
    """The seeded panel as plain arrays: values (regions x variables x years; the 60 indicators,
    then the 4 denominators), the group labels, directions, denominators and the tree."""
    rng = np.random.default_rng(seed)
    sigma = rng.uniform(0.2, 1.6, N_INDICATORS)  # 0.2: nearly symmetric .. 1.6: heavily skewed
    level = rng.normal(0.0, 1.0, (N_REGIONS, N_INDICATORS)) * sigma + rng.uniform(1, 5, N_INDICATORS)
    trend = rng.uniform(-0.02, 0.08, N_INDICATORS)
    years = np.arange(N_YEARS)
    indicators = np.exp(level[:, :, None] + trend[None, :, None] * years
                        + rng.normal(0, 0.1, (N_REGIONS, N_INDICATORS, N_YEARS)))
    denominators = np.exp(rng.normal(3, 0.8, (N_REGIONS, N_DENOMINATORS))[:, :, None]
                          + 0.01 * years + rng.normal(0, 0.02, (N_REGIONS, N_DENOMINATORS, N_YEARS)))
    indicators[rng.random(indicators.shape) < 0.02] = np.nan
    denominators[rng.random(denominators.shape) < 0.005] = np.nan
    values = np.concatenate([indicators, denominators], axis=1)

    den = np.full(N_INDICATORS, -1)
    den[:16] = np.arange(16) % N_DENOMINATORS
    directions = np.ones(N_INDICATORS)
    directions[rng.choice(N_INDICATORS, 12, replace=False)] = -1
    groups = rng.choice(3, N_REGIONS, p=[0.45, 0.35, 0.20])
    # tree over the score columns: indicators 0..59, pillars 60..69, sub-indices 70..71, index 72
    tree = []
    for p in range(N_PILLARS):
        tree.append((np.arange(p * 6, p * 6 + 6), rng.uniform(0.5, 2.0, 6)))
    for s in range(N_SUB):
        tree.append((N_INDICATORS + np.arange(s * 5, s * 5 + 5), rng.uniform(0.5, 2.0, 5)))
    tree.append((N_INDICATORS + N_PILLARS + np.arange(N_SUB), rng.uniform(0.5, 2.0, N_SUB)))
    return {"values": values, "den": den, "directions": directions, "groups": groups, "tree": tree}


def countyleap_inputs(data: dict) -> tuple[cl.Panel, cl.Framework, cl.RegionSet]:
    """The same data as countyleap objects: a Panel, a Framework whose tree and weights are the
    numpy side's, and the regions with their group attribute."""
    codes = [f"R{r:04d}" for r in range(N_REGIONS)]
    indicator_ids = [f"x{j:02d}" for j in range(N_INDICATORS)]
    denominator_ids = [f"d{k}" for k in range(N_DENOMINATORS)]
    panel = cl.Panel.from_arrays(codes, indicator_ids + denominator_ids, list(range(FIRST_YEAR, FIRST_YEAR + N_YEARS)),
                                 data["values"], code_scheme="free")
    labels = np.array(["east", "central", "west"])[data["groups"]]
    regions = cl.RegionSet([cl.Region(c, kind="other", attributes={"group": g}) for c, g in zip(codes, labels)],
                           code_scheme="free")
    indicators = [cl.Indicator(i, direction=int(data["directions"][j]),
                               denominate_by=denominator_ids[data["den"][j]] if data["den"][j] >= 0 else "")
                  for j, i in enumerate(indicator_ids)]
    columns = indicator_ids + [f"p{p}" for p in range(N_PILLARS)] + [f"s{s}" for s in range(N_SUB)] + ["index"]
    nodes = [cl.Node("index")]
    for a, (children, weights) in enumerate(data["tree"]):
        parent = columns[N_INDICATORS + a]
        nodes += [cl.Node(columns[c], parent, float(w)) for c, w in zip(children, weights)]
    framework = cl.Framework([cl.Variable(d) for d in denominator_ids], indicators, nodes)
    return panel, framework, regions


def run_numpy(data: dict) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per year: (kept rows, scores of every node, their ranks) — the same outputs as evaluate_years."""
    values = data["values"]
    out = []
    for t in range(N_YEARS):
        keep, scores = numpy_pipeline.full_example(values[:, :N_INDICATORS, t], values[:, N_INDICATORS:, t],
                                                   data["den"], data["groups"], data["directions"], data["tree"])
        out.append((keep, scores, numpy_pipeline.rank_min(scores)))
    return out


def best_of(repeat: int, f):
    """(best wall time, the CPU time of that run summed over threads, the result) of `repeat` runs."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = f()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    return best, cpu, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each side; the best time counts (5)")
    parser.add_argument("--threads", type=int, default=0, help="countyleap threads (0 = every core)")
    args = parser.parse_args(argv)

    data = synthetic()
    panel, framework, regions = countyleap_inputs(data)
    spec = cl.PipelineSpec(SPEC)

    t_numpy, cpu_numpy, expected = best_of(args.repeat, lambda: run_numpy(data))
    t_cl, cpu_cl, scores = best_of(args.repeat, lambda: cl.evaluate_years(panel, framework, spec, regions=regions,
                                                                          threads=args.threads))

    worst = 0.0
    for (keep, want, want_ranks), got in zip(expected, scores):
        codes = [c for c, k in zip(panel.regions, keep) if k]
        if got.regions != codes:
            print(f"MISMATCH in {got.year}: the two sides keep different regions", file=sys.stderr)
            return 1
        have = np.asarray(got.values)
        if not np.array_equal(np.isnan(have), np.isnan(want)):
            print(f"MISMATCH in {got.year}: missing scores differ", file=sys.stderr)
            return 1
        worst = max(worst, float(np.nanmax(np.abs(have - want))))
        if not np.array_equal(np.asarray(got.ranks), want_ranks, equal_nan=True):
            print(f"MISMATCH in {got.year}: ranks differ", file=sys.stderr)
            return 1

    print(f"panel: {N_REGIONS} regions x {N_INDICATORS} indicators (+{N_DENOMINATORS} denominators) x {N_YEARS} "
          f"years, {int(np.isnan(data['values']).sum())} values missing; {len(framework)} nodes")
    print(f"spec: COINr's full example (denominate, group-mean impute, screen 0.9, treat coinr winmax 5, "
          f"min-max [0, 100], given weights, arithmetic)")
    print(f"numpy {np.__version__} (bench/numpy_pipeline.py), 10 years: {1e3 * t_numpy:9.1f} ms wall, "
          f"{1e3 * cpu_numpy:9.1f} ms CPU  (best of {args.repeat})")
    print(f"countyleap {cl.__version__} evaluate_years, threads={args.threads or os.cpu_count()}: "
          f"{1e3 * t_cl:9.1f} ms wall, {1e3 * cpu_cl:9.1f} ms CPU  (best of {args.repeat})")
    print(f"load average while running: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"countyleap is {t_numpy / t_cl:.1f}x faster; max |countyleap - numpy| = {worst:.3g}")
    if worst > 1e-9:
        print("MISMATCH: the two implementations disagree by more than 1e-9", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
