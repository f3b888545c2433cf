"""Uncertainty and sensitivity analysis in pandas.

- ``UncertaintyResult.summary`` / ``parameters`` / ``failures`` / ``scores`` / ``ranks`` and its
  notebook display, attached to the class of the compiled core by :mod:`countyleap._classes`
  (:func:`countyleap.uncertainty` itself is the compiled function);
- :func:`sensitivity`: first-order and total indices, a :class:`SensitivityResult`;
- the rank-interval plot is :func:`countyleap.plot_rank_intervals` (with the other pictures in
  ``_plots.py``).

The module is private (``countyleap.uncertainty`` is the function); everything public is
re-exported by ``countyleap``.
"""

from __future__ import annotations

import html
import json
import warnings
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._provenance import of, passes_on, recorded, result_class
from ._columns import columns_frame
from ._display import _summary as _html_summary, _table as _html_table
from ._results import _ranks_column


# ---- UncertaintyResult ------------------------------------------------------------------------

def _summary(self: _core.UncertaintyResult) -> pd.DataFrame:
    """Per region (index ``code``, panel order): the nominal pipeline and the statistics over the
    successful replications in which the region was scored.

    Columns: ``nominal_score``; ``nominal_rank`` (nullable integer; 1 = best, ties share the
    best rank); ``mean_rank``, ``median_rank``, ``q5_rank``, ``q95_rank``; ``mean_score``,
    ``q5_score``, ``q50_score``, ``q95_score``; ``n_scored`` (replications in which the region was
    scored). Quantiles are R's type 7 (COINr's RankStats), the median R's median(). With a tier
    scheme: ``nominal_tier`` (label) and ``p_<tier>`` per tier, best first (share of the scored
    replications in that tier). With goals: ``goal`` (label) and ``p_goal`` (share at the goal
    tier or a better one; NaN for a region without a goal).
    """
    c = self._summary_columns()
    frame = pd.DataFrame({"nominal_score": c["nominal_score"], "nominal_rank": _ranks_column(c["nominal_rank"]),
                          "mean_rank": c["mean_rank"], "median_rank": c["median_rank"], "q5_rank": c["q5_rank"],
                          "q95_rank": c["q95_rank"], "mean_score": c["mean_score"], "q5_score": c["q5_score"],
                          "q50_score": c["q50_score"], "q95_score": c["q95_score"], "n_scored": c["n_scored"]},
                         index=pd.Index(c["code"], name="code"))
    labels = self.tier_labels
    if labels:
        nominal = np.asarray(c["nominal_tier"])
        frame["nominal_tier"] = [labels[t] if t >= 0 else None for t in nominal]
        probability = np.asarray(c["tier_probability"])
        for t, label in enumerate(labels):
            frame[f"p_{label}"] = probability[:, t]
        goals = self.goals
        if goals:
            frame["goal"] = [goals.get(code) for code in frame.index]
            frame["p_goal"] = c["goal_probability"]
    return frame


def _alternative(value: Any) -> Any:
    """One alternative of a vary entry as a parameter-log cell: a number, a method name, a bool or
    None as it is; a step object or tier scheme as its compact canonical JSON."""
    return json.dumps(value, separators=(",", ":")) if isinstance(value, (dict, list)) else value


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parameters(self: _core.UncertaintyResult) -> pd.DataFrame:
    """The parameter log: one row per replication (index ``replication``, 0-based), one column per
    vary entry (named by its path, spec order) holding what the replication used:

    - ``values`` entries: the alternative — a number (whole numbers as integers, e.g.
      treat.winmax), a method name, true/false, None (step skipped), or a step object or tier
      scheme as its compact canonical JSON (e.g. ``{"method":"zscore","mean":10.0,"sd":2.0}``);
    - ``noise`` entries (weights): the index of the weight set drawn (0 .. sets - 1);
    - ``range`` entries: the number sampled, lo + u (hi - lo).

    Every replication is listed, failed ones included (see ``failures``).
    """
    factors, _, index, value = self._log()
    kinds = _core.UncertaintySpec(self.spec).vary_kinds  # how each entry is sampled, as the library reads it
    vary = json.loads(self.spec)["vary"]  # the alternatives, in the library's canonical JSON
    columns: dict[str, Any] = {}
    for k, (path, kind, entry) in enumerate(zip(factors, kinds, vary)):
        if kind == "noise":
            columns[path] = index[:, k].astype(np.int64)
        elif kind == "range":
            columns[path] = value[:, k]
        elif all(_number(v) for v in entry["values"]):
            whole = all(isinstance(v, int) for v in entry["values"])
            columns[path] = value[:, k].astype(np.int64) if whole else value[:, k]
        else:
            cells = np.empty(len(entry["values"]), dtype=object)
            cells[:] = [_alternative(v) for v in entry["values"]]
            columns[path] = cells[index[:, k]]
    return pd.DataFrame(columns, index=pd.RangeIndex(len(index), name="replication"))


def _to_frame(self: _core.UncertaintyResult) -> pd.DataFrame:
    """The per-region result as one DataFrame: :attr:`summary` (the rule of the multi-part
    results: ``.to_frame()`` is the main table; parameters, failures, scores and ranks stay
    attributes)."""
    return _summary(self)


def _failures(self: _core.UncertaintyResult) -> pd.DataFrame:
    """The failed replications, in replication order: ``replication`` (row of ``parameters``),
    ``inputs`` (e.g. ``"aggregate.method=geometric; weights=set 3"``) and ``message`` (the
    error). Empty when every replication ran."""
    return columns_frame(self._failure_columns())


def _per_replication(self: _core.UncertaintyResult, matrix: Optional[np.ndarray]) -> Optional[pd.DataFrame]:
    if matrix is None:
        return None
    return pd.DataFrame(matrix, index=pd.Index(self.regions, name="code"),
                        columns=pd.RangeIndex(matrix.shape[1], name="replication"))


def _scores(self: _core.UncertaintyResult) -> Optional[pd.DataFrame]:
    """Every replication's score of the target node: regions (index ``code``) x replications; NaN
    where the region was not scored or the replication failed. None unless the analysis ran with
    keep_replications=True."""
    return _per_replication(self, self._scores)


def _ranks(self: _core.UncertaintyResult) -> Optional[pd.DataFrame]:
    """Every replication's rank (1 = best, ties share the best rank): regions x replications, as
    ``scores``. None unless the analysis ran with keep_replications=True."""
    return _per_replication(self, self._ranks)


def _result_html(self: _core.UncertaintyResult) -> str:
    failed = f"{self.n_failed} failed" if self.n_failed else "none failed"
    head = _html_summary("UncertaintyResult", f"{self.node} {self.year}", f"{len(self.regions)} regions",
                         f"{self.replications} replications ({failed})", f"countyleap {self.version}")
    summary = self.summary
    shown = ["nominal_rank", "median_rank", "q5_rank", "q95_rank", "nominal_score", "q5_score", "q95_score"]
    shown += [c for c in summary.columns if c.startswith("p_")]
    table = summary[shown].sort_values("nominal_rank", na_position="last").reset_index()
    spec = json.dumps(json.loads(self.spec), ensure_ascii=False)
    failures = ""
    if self.n_failed:
        failures = "<p>Failed replications (first rows):</p>" + _html_table(self.failures, rows=5)
    return (head + _html_table(table.round(3)) + failures
            + f"<p><small>spec: <code>{html.escape(spec)}</code></small></p>")


# ---- sensitivity ------------------------------------------------------------------------------

@recorded(method=_core.UncertaintySpec)
def sensitivity(panel: _core.Panel, framework: _core.Framework,
                spec: Union[_core.UncertaintySpec, dict, str, Any], *, target: str = "mean_abs_rank_change",
                region: Optional[str] = None, n: Optional[int] = None, bootstrap: int = 100,
                confidence: float = 0.9, seed: Optional[int] = None, threads: int = 0, year: Optional[int] = None,
                regions: Optional[_core.RegionSet] = None, node: Optional[str] = None) -> "SensitivityResult":
    """Variance-based sensitivity analysis: how much of the variance of an output each uncertain
    input (each vary entry of the spec, a factor) explains, alone and with its interactions.

    The method (COINr 1.1.14's SA_sample() and SA_estimate()):

    - Saltelli's design: two independent n x d matrices A and B of uniform draws (row j of A and
      of B: the first d and next d outputs of SplitMix64 seeded with stream_seed(seed, saltelli,
      j)) and the d matrices A_B(i), A with column i taken from B; n (d + 2) runs in all. Each
      draw u becomes its factor's input as in :func:`countyleap.uncertainty`: alternative
      floor(u n), weight set floor(u sets) or lo + u (hi - lo).
    - The output of each run: ``"mean_abs_rank_change"`` (the mean over regions of |rank -
      nominal rank|, COINr's default), ``"rank"`` (the rank of `region`) or ``"top_tier_count"``
      (the number of regions in the best tier; needs the spec's "tiers").
    - First-order index S_i = V_i / V(Y), V_i = (1/n) sum_j f(B)_j (f(A_B(i))_j - f(A)_j)
      (Saltelli et al., Comput. Phys. Commun. 181 (2010) 259-270, estimator (b)); total index
      S_Ti = V_Ti / V(Y), V_Ti = (1/2n) sum_j (f(A)_j - f(A_B(i))_j)^2 (Jansen, Comput. Phys.
      Commun. 117 (1999) 35-43); V(Y) the sample variance of the 2n outputs of A and B.
    - A base sample j with a failed run among its d + 2 is left out of every estimate
      (``attrs["rows_used"]``). Intervals: percentile bootstrap, `bootstrap` resamples of the
      rows used (resample b seeded with stream_seed(seed, bootstrap, b)), every estimate
      including V(Y) recomputed; the (1 - confidence)/2 and (1 + confidence)/2 type-7 quantiles.

    Parameters
    ----------
    panel : Panel
        Raw variables by (region, variable, year).
    framework : Framework
        Indicators and the tree.
    spec : UncertaintySpec, dict, JSON text or path
        The factors are its vary entries (see :class:`UncertaintySpec`).
    target : {"mean_abs_rank_change", "rank", "top_tier_count"}
        The output whose variance is decomposed.
    region : str, optional
        The region code, with target="rank" (and only then).
    n : int, optional
        Base samples; None = the spec's replications.
    bootstrap : int
        Bootstrap resamples for the intervals; 0 = no intervals (NaN).
    confidence : float
        Level of the intervals, in (0, 1).
    seed : int, optional
        Seed of the design and the bootstrap; None = the spec's seed.
    threads : int
        Worker threads; 0 = the hardware's. The result does not depend on it.
    year : int, optional
        The data year; None = the panel's last year.
    regions : RegionSet, optional
        Needed by group imputation.
    node : str, optional
        The target aggregate node; None = the root.

    Returns
    -------
    SensitivityResult
        ``.indices`` (index ``factor``, the vary paths in spec order; columns ``first``,
        ``first_lo``, ``first_hi``, ``total``, ``total_lo``, ``total_hi``); target, region,
        nominal (the output of the nominal pipeline), variance, samples, runs, rows_used,
        bootstrap, confidence, year, failures (run, inputs, message), spec (canonical JSON text)
        and version; ``.to_frame()`` the indices with the rest in ``attrs``.

    Raises
    ------
    ValidationError
        An invalid spec, a spec that varies nothing, an output without variance (the indices are
        undefined), fewer than two usable base samples, target "rank" without a region or a
        region with another target, "top_tier_count" without a tier scheme.
    UnknownIdError
        An unknown region, year or node.
    """
    r = _core._sensitivity(panel, framework, _core.UncertaintySpec(spec), target=target, region=region, n=n,
                           bootstrap=bootstrap, confidence=confidence, seed=seed, threads=threads, year=year,
                           regions=regions, node=node)
    return SensitivityResult(r)


INDEX_COLUMNS = ["first", "first_lo", "first_hi", "total", "total_lo", "total_hi"]
RECORD_KEYS = ("target", "region", "nominal", "variance", "samples", "runs", "rows_used", "bootstrap", "confidence",
               "year", "spec", "version")


@result_class
class SensitivityResult:
    """The result of :func:`sensitivity`: the indices per factor and what made them.

    Attributes
    ----------
    indices : pandas.DataFrame
        Index ``factor`` (the vary paths, spec order); columns ``first``, ``first_lo``,
        ``first_hi``, ``total``, ``total_lo``, ``total_hi``.
    target, region, nominal, variance, samples, runs, rows_used, bootstrap, confidence, year
        The output analysed, its nominal value and variance, the design and the intervals.
    failures : pandas.DataFrame
        The failed runs: run, inputs, message. ``n_failed`` counts them.
    spec, version : str
        The canonical spec (JSON text) and the library version that made the result.

    :meth:`to_frame` is the indices with the rest in ``attrs`` (what ``sensitivity()`` returned
    before; using the result itself as that DataFrame still works for one release, with a
    DeprecationWarning). Like every result, it keeps the record of its inputs (``provenance``) and
    its DataFrames carry it in ``attrs``.
    """

    def __init__(self, r: dict) -> None:
        self._indices = pd.DataFrame({c: np.asarray(r[c], dtype=float) for c in INDEX_COLUMNS},
                                     index=pd.Index(r["factor"], name="factor"))
        for key in RECORD_KEYS:
            setattr(self, key, r[key])
        self._failures = columns_frame(r["failures"])
        self.n_failed = len(self._failures)

    provenance = property(of, doc="The provenance record of the result (see countyleap._provenance).")
    indices = passes_on(property(lambda self: self._indices, doc="The indices: index ``factor``; first, first_lo, "
                                                                  "first_hi, total, total_lo, total_hi."))
    failures = passes_on(property(lambda self: self._failures, doc="The failed runs: run, inputs, message."))

    def record(self) -> dict:
        """Everything but the indices, as a dict: target, region, nominal, variance, samples, runs,
        rows_used, bootstrap, confidence, year, spec, version, n_failed, failures (list of
        {run, inputs, message})."""
        out = {key: getattr(self, key) for key in RECORD_KEYS}
        out["n_failed"] = self.n_failed
        out["failures"] = self.failures.to_dict("records")
        return out

    @passes_on
    def to_frame(self) -> pd.DataFrame:
        """The indices (index ``factor``), with :meth:`record` and the provenance in ``attrs``."""
        frame = self.indices.copy()
        frame.attrs.update(self.record())
        return frame

    def __repr__(self) -> str:
        return (f"<SensitivityResult {self.target}: {len(self.indices)} factors, {self.samples} base samples, "
                f"{self.runs} runs ({self.n_failed} failed), countyleap {self.version}>")

    def _repr_html_(self) -> str:
        return self.indices._repr_html_()

    # ---- the DataFrame sensitivity() returned before: one release, with a DeprecationWarning ----

    def _old_frame(self, what: str) -> pd.DataFrame:
        warnings.warn(f"sensitivity() returns a SensitivityResult: {what} on it is deprecated; use "
                      ".to_frame() (or .indices)", DeprecationWarning, stacklevel=3)
        return self.to_frame()

    def __getitem__(self, key: Any) -> Any:
        return self._old_frame("indexing")[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_indices", "_failures") or name in RECORD_KEYS:
            raise AttributeError(name)
        if hasattr(pd.DataFrame, name):
            return getattr(self._old_frame(f"DataFrame.{name}"), name)
        raise AttributeError(f"'SensitivityResult' object has no attribute '{name}'")
