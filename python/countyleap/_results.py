"""pandas views of the engine's results, attached to the classes of the compiled core by
:mod:`countyleap._classes`:

- ``Scores.to_frame`` / ``Scores.composite`` / ``Scores.weights`` / ``Scores.log``
- ``Classification.to_frame`` and :func:`compare_years`
- ``AuditReport.stats`` / ``pearson`` / ``spearman`` / ``collinear`` / ``negative`` / ``nodes`` /
  ``pca``

Every table is built from whole numpy columns handed over by the core; nothing loops over
regions in Python.
"""

from __future__ import annotations

from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core
from ._provenance import recorded
from ._columns import columns_frame

LOG_TABLES = ["derivation", "denominator", "imputed", "dropped", "treatment"]


# ---- Scores -----------------------------------------------------------------------------------

def _ranks_column(ranks: np.ndarray) -> pd.arrays.IntegerArray:
    """Ranks as a nullable integer column (NA where the score is missing)."""
    return pd.array(ranks, dtype="Int64")


def _scores_to_frame(self: _core.Scores, ranks: bool = False, coverage: bool = True) -> pd.DataFrame:
    """The scores as a DataFrame.

    Parameters
    ----------
    ranks : bool
        Add a ``<node>_rank`` column per node (nullable integers; 1 = best, ties share the best
        rank) after the score columns.
    coverage : bool
        End with the composite's coverage: ``present`` (indicators with a value when the
        aggregation ran) and ``expected`` (indicators in the framework). A composite with
        present < expected rests on partial data (see :meth:`Scores.coverage`).

    Returns
    -------
    pandas.DataFrame
        Index ``code`` (the regions kept, panel order); one column per node in canonical order:
        the indicators as they stand after the last step, then every aggregate bottom-up, the
        root last; then the rank columns and the coverage columns when asked.
    """
    nodes = self.nodes
    frame = pd.DataFrame(np.array(self.values), index=pd.Index(self.regions, name="code"), columns=nodes)
    if ranks:
        values = np.array(self.ranks)
        rank_frame = pd.DataFrame({f"{node}_rank": _ranks_column(values[:, j]) for j, node in enumerate(nodes)},
                                  index=frame.index)
        frame = pd.concat([frame, rank_frame], axis=1)
    if coverage:
        frame["present"] = np.asarray(self.present)[:, -1]
        frame["expected"] = int(np.asarray(self.expected)[-1])
    return frame


def _coverage(self: _core.Scores) -> pd.DataFrame:
    """How many indicators stood behind every score: per region (index ``code``) and node (columns,
    canonical order), the indicators under the node that had a value when the aggregation ran (after
    derivation, denomination, imputation and treatment; a leaf's is 0 or 1). ``attrs['expected']``
    maps each node to its number of indicators. A score with present < expected rests on partial
    data: the aggregation averaged the components present (COINr's default ``min_data`` 0)."""
    frame = pd.DataFrame(np.asarray(self.present), index=pd.Index(self.regions, name="code"), columns=self.nodes)
    frame.attrs["expected"] = dict(zip(self.nodes, (int(e) for e in np.asarray(self.expected))))
    return frame


def _composite(self: _core.Scores) -> pd.Series:
    """The root's score (the composite index) per region: a Series indexed by code, named by the
    root's id."""
    return pd.Series(np.array(self.values[:, -1]), index=pd.Index(self.regions, name="code"), name=self.nodes[-1])


def _weights(self: _core.Scores) -> pd.Series:
    """Every node's effective share of its parent in this run (after data-driven weighting; the
    root's is 1): a Series indexed by node id, canonical order."""
    return pd.Series(self._weights, index=pd.Index(self.nodes, name="node"), name="weight")


def _log(self: _core.Scores) -> dict[str, Any]:
    """What each step did, as DataFrames (plus ``still_missing``, an int):

    - ``derivation``: code, indicator, year, reason, detail — leaf values that could not be
      derived;
    - ``denominator``: code, indicator, reason ('missing' or 'zero') — values lost to their
      denominator;
    - ``imputed``: code, indicator — cells filled by imputation;
    - ``still_missing``: missing leaf values imputation could not fill;
    - ``partial``: code, present, expected — regions whose composite rests on partial data (scored
      from fewer indicators than the framework has; their tiers carry ``partial_data``);
    - ``dropped``: code, data_share — regions removed by screening;
    - ``treatment``: one row per indicator — method, n_present, passed_initially, passed,
      n_winsorised, winsorised_high / winsorised_low (codes), log_applied, sqrt_applied,
      skew/kurt before and after (empty when no treatment ran).
    """
    columns = self._log_columns()
    out: dict[str, Any] = {name: pd.DataFrame(columns[name]) for name in LOG_TABLES}
    out["still_missing"] = int(columns["still_missing"])
    partial = pd.Index(columns["partial"], dtype=object)
    coverage = self.coverage().iloc[:, -1]
    out["partial"] = pd.DataFrame({"code": list(partial), "present": coverage.reindex(partial).to_numpy(dtype="int64"),
                                   "expected": int(np.asarray(self.expected)[-1])})
    return out


# ---- tiers ------------------------------------------------------------------------------------

def _classification_to_frame(self: _core.Classification) -> pd.DataFrame:
    """The classification as a DataFrame: tier (label), tier_index (0 = best), score, sub_band,
    margin_up, margin_down, partial_data (the tier was decided on a score resting on partial data;
    known when Scores were classified); indexed by code when the codes are known."""
    index = pd.Index(self.codes, name="code") if self.codes else None
    return pd.DataFrame({"tier": self.tier, "tier_index": self.tier_index, "score": self.score,
                         "sub_band": self.sub_band, "margin_up": self.margin_up, "margin_down": self.margin_down,
                         "partial_data": self.partial_data},
                        index=index)


@recorded
def compare_years(previous: _core.Classification, current: _core.Classification) -> pd.DataFrame:
    """Compares two classifications of the same regions (same order): tier move, score change and
    rank change (ranks: 1 = best, ties share the best rank).

    Returns
    -------
    pandas.DataFrame
        Columns tier_before, tier_after, move ('jump' = better tier, 'hold', 'drop'),
        tiers_moved (tiers gained, negative = lost), score_change (current - previous),
        rank_change (places gained) and rank_band (countyleap's bands, see rank_change_band); indexed
        by code when the codes are known.

    Raises
    ------
    ValidationError
        Different numbers of regions, or codes that differ.
    """
    columns = _core._compare_years(previous, current)
    codes = columns.pop("code")
    return pd.DataFrame(columns, index=pd.Index(codes, name="code") if codes else None)


# ---- audit ------------------------------------------------------------------------------------

def _audit_stats(self: _core.AuditReport) -> pd.DataFrame:
    """Per node (index id, canonical order): n_present, missing_share, mean, sd, min, max, skew,
    kurtosis (sample-adjusted skewness and excess kurtosis, COINr's skew() and kurt())."""
    return columns_frame(self._stats_columns(), index="id")


def _labelled(matrix: np.ndarray, ids: Sequence[str]) -> pd.DataFrame:
    index = pd.Index(ids, name="node")
    return pd.DataFrame(np.array(matrix), index=index, columns=list(ids))


def _audit_pearson(self: _core.AuditReport) -> pd.DataFrame:
    """Pearson correlations between all nodes over pairwise complete observations, labelled by
    node id."""
    return _labelled(self._pearson, self.ids)


def _audit_spearman(self: _core.AuditReport) -> pd.DataFrame:
    """Spearman correlations (ranks, ties averaged) between all nodes, labelled by node id."""
    return _labelled(self._spearman, self.ids)


def _audit_collinear(self: _core.AuditReport) -> pd.DataFrame:
    """Pairs of components of one aggregate with |r| above the threshold: node, a, b, r."""
    return columns_frame(self._collinear_columns())


def _audit_negative(self: _core.AuditReport) -> pd.DataFrame:
    """Nodes whose correlation with their parent is negative: node, parent, r."""
    return columns_frame(self._negative_columns())


def _audit_nodes(self: _core.AuditReport) -> pd.DataFrame:
    """Per aggregate node (index id): n_components, complete_rows, cronbach_alpha, pc1_share (the
    share of variance of the first principal component of its children) and note (why the PCA
    is missing, when it is)."""
    return columns_frame(self._node_columns(), index="id")


def _audit_pca(self: _core.AuditReport, node: str) -> pd.DataFrame:
    """The principal components of the children of aggregate `node`: one row per component with
    eigenvalue, variance_share and cumulative share (empty when undefined, see ``nodes.note``).

    Raises
    ------
    UnknownIdError
        `node` is not an aggregate of the audit.
    """
    eigenvalues, shares, _ = self._pca(node)
    frame = pd.DataFrame({"eigenvalue": eigenvalues, "variance_share": shares,
                          "cumulative": np.cumsum(shares)},
                         index=pd.RangeIndex(1, len(eigenvalues) + 1, name="component"))
    return frame


def classify_scores(self: _core.Scores, scheme: _core.TierScheme, node: Optional[str] = None) -> _core.Classification:
    """Tiers of the regions by the score of `node` (default the root) under `scheme`, each marked
    ``partial_data`` when its score rests on fewer indicators than the node has; regions whose
    score is missing raise ValidationError naming the code (drop or impute them first)."""
    return _core.classify(self, scheme, node)
