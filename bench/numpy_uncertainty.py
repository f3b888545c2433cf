"""A vectorised numpy implementation of countyleap's uncertainty analysis of the synthetic
benchmark case (bench/bench_uncertainty.cpp, case (b)), written from the rules in
include/countyleap/uncertainty.hpp, not from its code:

    indicators -> normalise (one of the alternatives) -> weighted mean per pillar ->
    sub-indices -> index, every node with the replication's method (arithmetic or geometric)
    and its weights (framework weights times the replication's noisy weight set) -> ranks
    (1 = best, ties share the best rank) -> per region mean, median, 5th and 95th percentile
    rank and score quantiles (R's type 7, numpy's default "linear").

The random inputs are drawn exactly as countyleap draws them (SplitMix64 and its counter-based
stream_seed(), vectorised with numpy's wrapping uint64 arithmetic), so both implementations run
the same replications and their results can be compared number by number. Replications are
grouped by (normalisation, method) and evaluated node by node, all replications of a group at
once (matrix products over the replications). It is the baseline of bench/bench_uncertainty.py.
Only numpy is used.
"""
import json
import time

import numpy as np

GAMMA = np.uint64(0x9E3779B97F4A7C15)
C1 = np.uint64(0xBF58476D1CE4E5B9)
C2 = np.uint64(0x94D049BB133111EB)


def finalise(z):
    """SplitMix64's output function of the state z (uint64 array)."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * C1
        z = (z ^ (z >> np.uint64(27))) * C2
    return z ^ (z >> np.uint64(31))


def mix(x):
    """The first SplitMix64 output of state x."""
    with np.errstate(over="ignore"):
        return finalise(np.asarray(x, dtype=np.uint64) + GAMMA)


def stream_seed(seed, stream, index):
    """countyleap::stream_seed: mix(mix(mix(seed) + stream) + index), index an array."""
    with np.errstate(over="ignore"):
        return mix(mix(mix(np.uint64(seed)) + np.uint64(stream)) + np.asarray(index, dtype=np.uint64))


def uniforms(states, count):
    """The first `count` uniforms in [0, 1) of SplitMix64 generators started at `states`:
    output k is finalise(state + k * gamma), k = 1..count, then (bits >> 11) * 2^-53."""
    out = np.empty((len(states), count))
    with np.errstate(over="ignore"):
        for k in range(count):
            bits = finalise(states + np.uint64(k + 1) * GAMMA)
            out[:, k] = (bits >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    return out


def normalise(X, direction, option):
    Y = X * direction  # directions first, as COINr
    if option["method"] == "minmax":
        lo, hi = option["range"]
        mn, mx = Y.min(axis=0), Y.max(axis=0)
        return (Y - mn) / (mx - mn) * (hi - lo) + lo
    if option["method"] == "zscore":
        return (Y - Y.mean(axis=0)) / Y.std(axis=0, ddof=1) * option["sd"] + option["mean"]
    raise ValueError(option["method"])


def ranks_descending(S):
    """Ranks of each column (1 = highest, ties share the best rank)."""
    n = S.shape[0]
    order = np.argsort(-S, axis=0, kind="stable")
    s = np.take_along_axis(S, order, axis=0)
    start = np.zeros(S.shape, dtype=np.int64)
    pos = np.broadcast_to(np.arange(n)[:, None], S.shape)
    new = np.ones(S.shape, dtype=bool)
    new[1:] = s[1:] != s[:-1]
    start[new] = pos[new]
    start = np.maximum.accumulate(start, axis=0)
    ranks = np.empty(S.shape)
    np.put_along_axis(ranks, order, start + 1.0, axis=0)
    return ranks


def analysis(X, direction, leaf_weight, pillars, spec):
    """The uncertainty analysis of the synthetic case. X: regions x indicators; pillars: the
    pillar of each indicator (0..5); pillars 0-2 form S1, 3-5 S2, both the index. Returns a
    dict of per-region statistics and the nominal scores and ranks."""
    n, L = X.shape
    n_pillars = int(pillars.max()) + 1
    seed = spec["seed"]
    N = spec["replications"]
    vary = spec["vary"]
    norm_alts = vary[0]["values"]
    noise = vary[1]
    methods = vary[2]["values"]
    # canonical node order: indicators, pillars, S1, S2, Index; levels 1, 2, 3, 4
    levels = np.array([1] * L + [2] * n_pillars + [3, 3, 4])
    base = np.concatenate([leaf_weight, np.ones(n_pillars + 3)])
    noisy = np.isin(levels, noise["levels"])
    sets = noise["sets"]
    draws = uniforms(stream_seed(seed, 2, (np.uint64(1) << np.uint64(32)) + np.arange(sets, dtype=np.uint64)), int(noisy.sum()))
    multipliers = np.ones((sets, len(levels)))
    multipliers[:, noisy] = 1 + noise["noise"] * (2 * draws - 1)
    u = uniforms(stream_seed(seed, 1, np.arange(N, dtype=np.uint64)), len(vary))
    norm_i = np.minimum((u[:, 0] * len(norm_alts)).astype(int), len(norm_alts) - 1)
    set_i = np.minimum((u[:, 1] * sets).astype(int), sets - 1)
    method_i = np.minimum((u[:, 2] * len(methods)).astype(int), len(methods) - 1)

    def evaluate(Z, W, method):
        """Index scores (n x R) of normalised data Z for weight columns W (nodes x R)."""
        f = (lambda v: v) if method == "arithmetic" else np.log
        finv = (lambda v: v) if method == "arithmetic" else np.exp
        FZ = f(Z)
        P = np.empty((n_pillars, n, W.shape[1]))
        for p in range(n_pillars):
            cols = np.flatnonzero(pillars == p)
            w = W[cols]
            P[p] = finv(FZ[:, cols] @ (w / w.sum(axis=0)))
        Wp = W[L:L + n_pillars]
        S = []
        for members in (range(0, 3), range(3, 6)):
            w = Wp[list(members)]
            S.append(finv(np.einsum("prk,pk->rk", f(P[list(members)]), w / w.sum(axis=0))))
        ws = W[L + n_pillars:L + n_pillars + 2]
        ws = ws / ws.sum(axis=0)
        return finv(f(S[0]) * ws[0] + f(S[1]) * ws[1])

    scores = np.empty((n, N))
    for a, option in enumerate(norm_alts):
        Z = normalise(X, direction, option)
        for m, method in enumerate(methods):
            runs = np.flatnonzero((norm_i == a) & (method_i == m))
            if len(runs) == 0:
                continue
            W = (base[:, None] * multipliers[set_i[runs]].T)
            scores[:, runs] = evaluate(Z, W, method)
    ranks = ranks_descending(scores)
    nominal = evaluate(normalise(X, direction, spec["pipeline"]["normalise"]), base[:, None], spec["pipeline"]["aggregate"]["method"])
    rq = np.quantile(ranks, [0.05, 0.5, 0.95], axis=1)
    sq = np.quantile(scores, [0.05, 0.5, 0.95], axis=1)
    return {
        "nominal_score": nominal[:, 0], "nominal_rank": ranks_descending(nominal)[:, 0],
        "mean_rank": ranks.mean(axis=1), "median_rank": rq[1], "q5_rank": rq[0], "q95_rank": rq[2],
        "mean_score": scores.mean(axis=1), "q5_score": sq[0], "median_score": sq[1], "q95_score": sq[2],
    }


def run(directory):
    """Reads the case written by `bench_uncertainty --write DIR`, times the analysis and returns
    (seconds, results)."""
    X = np.loadtxt(f"{directory}/data.csv", delimiter=",")
    meta = np.loadtxt(f"{directory}/meta.csv", delimiter=",", skiprows=1)
    with open(f"{directory}/spec.json") as f:
        spec = json.load(f)
    L = X.shape[1]
    pillars = np.minimum(np.arange(L) // (L // 6), 5)
    t0 = time.perf_counter()
    result = analysis(X, meta[:, 0], meta[:, 1], pillars, spec)
    return time.perf_counter() - t0, result


if __name__ == "__main__":
    import sys

    seconds, _ = run(sys.argv[1])
    print(f"numpy: {seconds:.2f} s")
