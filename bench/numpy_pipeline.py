"""A vectorised numpy implementation of COINr's full example pipeline, written independently of
countyleap's C++ code from the rules in docs/pipeline-spec.md and COINr 1.1.14's documentation:

    denominate -> impute (group mean) -> screen (min data share) -> treat (COINr default:
    winsorise up to winmax points, else log of the original column) -> min-max to [lo, hi]
    -> weighted arithmetic mean up the tree (missing children skipped, weights rescaled)
    -> ranks of every node (1 = highest; ties share the best rank; missing stays missing)

It is the baseline of bench/bench_pipeline.py and the second implementation that
tests/python/test_pipeline_numpy.py compares countyleap's results with. Only numpy is used.

Inputs are plain arrays:
    X      regions x indicators (NaN = missing), one year
    D      regions x denominators
    den    per indicator: column of D to divide by, or -1
    groups per region: an integer group label (-1 = none)
    tree   list of (children indices, weights) per aggregate node, bottom-up, over the columns
           of the score matrix (indicators first, then aggregates in the same order)
"""
import numpy as np


def skew_kurt(X):
    """Sample-adjusted skewness and excess kurtosis of every column (spreadsheet SKEW/KURT),
    NaN skipped."""
    present = ~np.isnan(X)
    n = present.sum(axis=0).astype(float)
    mean = np.nanmean(X, axis=0)
    sd = np.nanstd(X, axis=0, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (X - mean) / sd
        s3 = np.nansum(z ** 3, axis=0)
        s4 = np.nansum(z ** 4, axis=0)
        skew = n / ((n - 1) * (n - 2)) * s3
        kurt = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * s4 - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    return skew, kurt


def passes(skew, kurt, skew_thresh, kurt_thresh):
    return (np.abs(skew) < skew_thresh) | (kurt < kurt_thresh)


def treat_coinr(X, winmax=5, skew_thresh=2.0, kurt_thresh=3.5):
    """COINr's default Treat on every column at once: failing columns are winsorised one step at
    a time (all points equal to the current extreme on the side of the skew move to the next
    value inside); a column stops when it passes or when the points moved in the latest step
    (high side + low side) reach winmax; a column that still fails gets log(x - min + 0.01(max -
    min)) of its ORIGINAL values."""
    X = X.copy()
    original = X.copy()
    skew, kurt = skew_kurt(X)
    active = ~passes(skew, kurt, skew_thresh, kurt_thresh)
    n_high = np.zeros(X.shape[1], dtype=int)
    n_low = np.zeros(X.shape[1], dtype=int)
    while active.any():
        cols = np.flatnonzero(active)
        sub = X[:, cols]
        high = skew[cols] >= 0
        # high side: points at the max move to the largest value below it
        mx = np.nanmax(sub, axis=0)
        at_max = sub == mx
        below = np.nanmax(np.where(at_max, np.nan, sub), axis=0)
        mn = np.nanmin(sub, axis=0)
        at_min = sub == mn
        above = np.nanmin(np.where(at_min, np.nan, sub), axis=0)
        move_high = at_max & high
        move_low = at_min & ~high
        sub = np.where(move_high, below, sub)
        sub = np.where(move_low, above, sub)
        X[:, cols] = sub
        n_high[cols] = np.where(high, move_high.sum(axis=0), n_high[cols])
        n_low[cols] = np.where(~high, move_low.sum(axis=0), n_low[cols])
        s, k = skew_kurt(sub)
        skew[cols], kurt[cols] = s, k
        ok = passes(s, k, skew_thresh, kurt_thresh)
        active[cols] = ~ok & (n_high[cols] + n_low[cols] < winmax)
    failing = ~passes(skew, kurt, skew_thresh, kurt_thresh)
    if failing.any():
        o = original[:, failing]
        lo, hi = np.nanmin(o, axis=0), np.nanmax(o, axis=0)
        X[:, failing] = np.log(o - lo + 0.01 * (hi - lo))
    return X


def denominate(X, D, den):
    X = X.copy()
    cols = np.flatnonzero(den >= 0)
    d = D[:, den[cols]]
    with np.errstate(divide="ignore", invalid="ignore"):
        X[:, cols] = np.where(d == 0, np.nan, X[:, cols] / d)
    return X


def impute_group_mean(X, groups):
    X = X.copy()
    for g in np.unique(groups[groups >= 0]):
        rows = groups == g
        block = X[rows]
        with np.errstate(invalid="ignore"):
            means = np.nanmean(block, axis=0) if block.shape[0] else np.full(X.shape[1], np.nan)
        X[rows] = np.where(np.isnan(block), means, block)
    return X


def screen(X, min_data):
    share = (~np.isnan(X)).sum(axis=1) / X.shape[1]
    return share >= min_data


def minmax(X, directions, lo=0.0, hi=100.0):
    Y = X * directions
    mn, mx = np.nanmin(Y, axis=0), np.nanmax(Y, axis=0)
    return (Y - mn) / (mx - mn) * (hi - lo) + lo


def aggregate_tree(leaves, tree):
    """Weighted arithmetic means bottom-up: missing children skipped, weights rescaled."""
    scores = np.empty((leaves.shape[0], leaves.shape[1] + len(tree)))
    scores[:, : leaves.shape[1]] = leaves
    for a, (children, weights) in enumerate(tree):
        block = scores[:, children]
        present = ~np.isnan(block)
        num = np.where(present, block, 0.0) @ weights
        den = present @ weights
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[:, leaves.shape[1] + a] = np.where(den > 0, num / den, np.nan)
    return scores


def rank_min(S):
    """Ranks of each column of S: 1 = highest, tied values share the smallest rank of their run,
    NaN stays NaN (COINr's rank_df; R's rank(-x, ties.method = "min", na.last = "keep"))."""
    n = S.shape[0]
    missing = np.isnan(S)
    v = np.where(missing, np.inf, -S)  # missing values sort last
    order = np.argsort(v, axis=0, kind="stable")
    s = np.take_along_axis(v, order, axis=0)
    starts = np.ones(s.shape, dtype=bool)
    starts[1:] = s[1:] != s[:-1]
    first = np.maximum.accumulate(np.where(starts, np.arange(1, n + 1)[:, None], 0), axis=0)
    ranks = np.empty(S.shape)
    np.put_along_axis(ranks, order, first.astype(float), axis=0)
    ranks[missing] = np.nan
    return ranks


def full_example(X, D, den, groups, directions, tree, min_data=0.9, winmax=5, lo=0.0, hi=100.0):
    """COINr's example pipeline for one year; returns (kept rows mask, scores of kept rows)."""
    X = denominate(X, D, den)
    X = impute_group_mean(X, groups)
    keep = screen(X, min_data)
    X = treat_coinr(X[keep], winmax=winmax)
    return keep, aggregate_tree(minmax(X, directions, lo, hi), tree)
