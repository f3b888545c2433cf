"""The pictures an analyst expects, in matplotlib. Every function draws on `ax` (a new figure
when None) and returns the Axes.

- :func:`plot_rank_intervals`: the rank intervals of an uncertainty analysis;
- :func:`plot_tiers`: the composite scores by tier with the cut-offs;
- :func:`plot_profile`: one county's indicators against the targets of its goal tier;
- :func:`plot_bump`: ranks across years or methods (a bump chart).

Regions are shown by name where names are known (a RegionSet, a Study's regions, or a mapping
code -> name; the English name, else the Chinese one, else the code). A chart made from
illustrative data says ILLUSTRATIVE on the figure itself (:data:`ILLUSTRATIVE_TEXT`): a Study
knows it from its panel's comments (``Panel.illustrative``); for the other
inputs pass ``illustrative=True``.

matplotlib is imported when a function is called, so ``import countyleap`` does not need it.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from .study import Study

#: Orders of :func:`plot_rank_intervals`: the summary column sorted by (ascending).
SORT_KEYS = {"nominal": "nominal_rank", "median": "median_rank", "mean": "mean_rank", "width": "_width"}
#: Points between an axes' top and its title: room for the legend row above the axes.
TITLE_PAD = 24
#: The words written on every chart made from illustrative data.
ILLUSTRATIVE_TEXT = "ILLUSTRATIVE DATA - not official statistics"

Names = Union[_core.RegionSet, Mapping[str, str], pd.Series, None]


# ---- shared -------------------------------------------------------------------------------------

def _name_of(names: Names, code: str) -> str:
    """The label of region `code`: its English name, else its Chinese name, else the code."""
    if names is None:
        return code
    if isinstance(names, _core.RegionSet):
        if code not in names:
            return code
        region = names[code]
        return region.name_en or region.name_zh or code
    value = names.get(code) if hasattr(names, "get") else None
    return code if value is None or value != value or value == "" else str(value)


def _labels(names: Names, codes: Sequence[str]) -> list[str]:
    return [_name_of(names, str(c)) for c in codes]


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def _mark_illustrative(ax: Any, illustrative: bool) -> None:
    """Writes :data:`ILLUSTRATIVE_TEXT` across the axes (a text artist with gid 'illustrative')."""
    if illustrative:
        ax.text(0.5, 0.5, ILLUSTRATIVE_TEXT, transform=ax.transAxes, ha="center", va="center", rotation=20,
                fontsize=13, fontweight="bold", color="darkred", alpha=0.75, zorder=10, gid="illustrative",
                bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.6, "edgecolor": "darkred"})


def _legend_above(ax: Any, ncol: int) -> None:
    """The legend in a row above the axes, where it hides no data."""
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0, 1.0, 0.05), mode="expand", ncol=ncol, fontsize="small",
              frameon=False, borderaxespad=0.2)


# ---- rank intervals -----------------------------------------------------------------------------

def plot_rank_intervals(result: Union[_core.UncertaintyResult, pd.DataFrame], *, ax: Any = None,
                        sort_by: str = "nominal", max_regions: Optional[int] = None, names: Names = None,
                        illustrative: bool = False) -> Any:
    """The rank intervals of an uncertainty analysis, one row per region: the 5-95 % interval of
    its rank as a line, the median rank as a bar mark, the nominal rank as a dot; rank 1 (the
    best) on the left, the first region of the order at the top. The legend sits above the axes.

    Parameters
    ----------
    result : UncertaintyResult or pandas.DataFrame
        An analysis, or its ``summary`` (any rows of it).
    ax : matplotlib.axes.Axes, optional
        Where to draw; None = a new figure sized for the regions (0.2 inch per row).
    sort_by : {"nominal", "median", "mean", "width"}
        Order of the rows: by nominal, median or mean rank (best first), or by the width of the
        interval, q95 - q5 (the least certain first).
    max_regions : int, optional
        Show only the first `max_regions` rows of that order.
    names : RegionSet or mapping code -> name, optional
        Label the rows by name (default: by code).
    illustrative : bool
        Write ILLUSTRATIVE on the chart (the analysis ran on illustrative data).

    Returns
    -------
    matplotlib.axes.Axes
        The axes; the intervals are its first collection (one segment per region shown).
        Regions never scored (n_scored 0) are left out.

    Raises
    ------
    ValueError
        An unknown `sort_by`, or a `max_regions` below 1.
    """
    if sort_by not in SORT_KEYS:
        raise ValueError(f"sort_by must be one of {', '.join(SORT_KEYS)}, got {sort_by!r}")
    if max_regions is not None and max_regions < 1:
        raise ValueError(f"max_regions must be at least 1, got {max_regions}")
    summary = result.summary if isinstance(result, _core.UncertaintyResult) else result
    frame = summary[summary["n_scored"] > 0].assign(_width=summary["q95_rank"] - summary["q5_rank"])
    frame = frame.sort_values(SORT_KEYS[sort_by], ascending=sort_by != "width", na_position="last", kind="stable")
    if max_regions is not None:
        frame = frame.head(max_regions)
    rows = len(frame)
    ax = _axes(ax, (6.4, 0.2 * rows + 1.6))
    y = np.arange(rows)
    nominal = frame["nominal_rank"].astype("float64").to_numpy(na_value=np.nan)
    ax.hlines(y, frame["q5_rank"], frame["q95_rank"], color="C0", linewidth=3, alpha=0.55,
              label="5\u201395 % interval")
    ax.scatter(frame["median_rank"], y, marker="|", s=90, linewidths=2, color="C0", zorder=3, label="median rank")
    ax.scatter(nominal, y, marker="o", s=16, color="C3", zorder=4, label="nominal rank")
    ax.set_yticks(y)
    ax.set_yticklabels(_labels(names, frame.index), fontsize=7 if rows > 30 else 9)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlabel("rank (1 = best)")
    ax.grid(axis="x", alpha=0.3)
    _legend_above(ax, 3)
    if isinstance(result, _core.UncertaintyResult):
        ax.set_title(f"{result.node}: ranks over {result.n_ok} replications", pad=TITLE_PAD)
    _mark_illustrative(ax, illustrative)
    return ax


# ---- scores by tier -----------------------------------------------------------------------------

def plot_tiers(data: Union[Study, _core.Classification], *, year: Optional[int] = None, ax: Any = None,
               names: Names = None, illustrative: Optional[bool] = None) -> Any:
    """The composite scores as bars, best first, coloured by tier, with a dashed line at each
    tier's lower boundary (the cut-off; for a quota or natural-breaks scheme, the boundary the
    classification found).

    Parameters
    ----------
    data : Study or Classification
        A study (its `year` is classified with the plan's scheme, regions named by its RegionSet,
        ILLUSTRATIVE from its panel), or a classification (``cl.classify(...)``).
    year : int, optional
        With a Study: the evaluation year (default: the panel's last).
    ax : matplotlib.axes.Axes, optional
    names : RegionSet or mapping code -> name, optional
        Bar labels (default: a Study's regions, else the codes).
    illustrative : bool, optional
        Write ILLUSTRATIVE on the chart (default: what a Study's panel says; False otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        One bar per region (``ax.patches``), the cut-offs as horizontal lines with gid
        ``cutoff-<tier>``.
    """
    if isinstance(data, Study):
        classification = data.classify(year=year)
        names = data.regions if names is None else names
        illustrative = data.panel.illustrative if illustrative is None else illustrative
        title = f"Composite scores {data.year(year)} by tier"
    elif isinstance(data, _core.Classification):
        classification, title = data, "Composite scores by tier"
    else:
        raise TypeError(f"expected a Study or a Classification, got {type(data).__name__}")
    frame = classification.to_frame().sort_values("score", ascending=False, kind="stable")
    labels = list(classification.tier_labels)
    ax = _axes(ax, (max(6.4, 0.32 * len(frame) + 1.5), 4.2))
    x = np.arange(len(frame))
    for t, label in enumerate(labels):
        mine = (frame["tier"] == label).to_numpy()
        if mine.any():
            ax.bar(x[mine], frame["score"].to_numpy()[mine], color=f"C{t}", label=f"tier {label}")
    for label, bound in classification.boundaries.items():
        if np.isfinite(bound):  # the worst tier's boundary is -inf
            ax.axhline(bound, color="0.25", linestyle="--", linewidth=1, gid=f"cutoff-{label}")
            ax.annotate(f"{label} \u2265 {bound:g}", (1.0, bound), xycoords=("axes fraction", "data"),
                        xytext=(2, 0), textcoords="offset points", va="center", fontsize="small")
    ax.set_xticks(x)
    ax.set_xticklabels(_labels(names, frame.index), rotation=60, ha="right", fontsize=8)
    ax.set_xlim(-0.6, len(frame) - 0.4)
    ax.set_ylabel("composite score")
    ax.set_title(title, pad=TITLE_PAD)
    _legend_above(ax, len(labels))
    _mark_illustrative(ax, bool(illustrative))
    return ax


# ---- one county's profile -----------------------------------------------------------------------

def plot_profile(study: Study, code: str, *, year: Optional[int] = None, target_year: Optional[int] = None,
                 ax: Any = None) -> Any:
    """One county's profile: every scored indicator's normalised score as a bar, and the target
    of the county's goal tier (the plan's indicator target put through the same normalisation, as
    the bulletin draws it) as a mark on the bar. Indicators whose normalisation reads the other
    regions (min-max, z-score, ...) or that have no target for the goal tier have no mark.

    Parameters
    ----------
    study : Study
        Panel, framework, plan (targets and goals), spec; regions name the county.
    code : str
        The county.
    year : int, optional
        Evaluation year (default: the panel's last).
    target_year : int, optional
        Year of the targets and the goal (default: as :func:`countyleap.weak_spots` chooses it, the
        earliest target year not before `year`, else the latest).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per scored indicator (``ax.patches``, framework order from the top),
        the target marks as the collection with gid ``targets``.

    Raises
    ------
    UnknownIdError
        `code` is not scored in `year`.
    """
    from . import report  # the bulletin's target levels: one rule for both pictures
    from ._errors import UnknownIdError, located

    scores = study.evaluate(year=year)
    row = scores.to_frame()
    if code not in row.index:
        raise located(UnknownIdError, f"region not scored in {study.year(year)}: pick one of {list(row.index)}",
                      id=code)
    if target_year is None:
        target_year = int(study.weak_spots(year=year).attrs["target_year"])
    leaves = study.framework.scored_indicators()
    levels = report._target_levels(study, pd.DataFrame({"code": [code]}), target_year)
    goal = report._goal(study.plan, code, target_year)
    indicators = {ind.id: ind for ind in study.framework.indicators}
    ax = _axes(ax, (6.4, 0.28 * len(leaves) + 1.6))
    y = np.arange(len(leaves))
    values = row.loc[code, leaves].to_numpy(dtype="float64")
    ax.barh(y, values, color="C0", alpha=0.8, label=f"score {study.year(year)}")
    marked = [i for i, leaf in enumerate(leaves) if (code, leaf) in levels]
    ax.scatter([levels[(code, leaves[i])] for i in marked], marked, marker="|", s=200, linewidths=2.5, color="C3",
               zorder=3, label=f"tier {goal} target {target_year}" if goal else f"target {target_year}",
               gid="targets")
    ax.set_yticks(y)
    ax.set_yticklabels([indicators[leaf].name_en or indicators[leaf].name_zh or leaf for leaf in leaves],
                       fontsize=8)
    ax.set_ylim(len(leaves) - 0.5, -0.5)
    ax.set_xlabel("normalised score")
    ax.set_title(f"{_name_of(study.regions, code)} ({code})", pad=TITLE_PAD)
    _legend_above(ax, 2)
    _mark_illustrative(ax, study.panel.illustrative)
    return ax


# ---- ranks across years or methods --------------------------------------------------------------

def plot_bump(ranks: Union[pd.DataFrame, Study], *, years: Optional[Sequence[int]] = None, ax: Any = None,
              names: Names = None, illustrative: Optional[bool] = None) -> Any:
    """A bump chart: each region's rank across years or methods, one line per region, rank 1 at
    the top, the region's name at both ends.

    Parameters
    ----------
    ranks : pandas.DataFrame or Study
        Index code, one column per year or method (in the order drawn), ranks as values (1 = best;
        missing = not ranked there), e.g. ``pd.DataFrame({"arithmetic": r1, "geometric": r2})``;
        or a Study, whose composite ranks of `years` are drawn.
    years : list[int], optional
        With a Study: the evaluation years (default: every year of the panel that evaluates).
    ax : matplotlib.axes.Axes, optional
    names : RegionSet or mapping code -> name, optional
        Line labels (default: a Study's regions, else the codes).
    illustrative : bool, optional
        Write ILLUSTRATIVE on the chart (default: what a Study's panel says; False otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        One line per region (``ax.lines``, in the frame's row order, gid = the code).
    """
    if isinstance(ranks, Study):
        study = ranks
        if years is None:
            years = study.panel.years
        columns = {}
        for y in years:
            columns[y] = study.evaluate(year=y).to_frame(ranks=True)[study.framework.nodes[-1].id + "_rank"]
        names = study.regions if names is None else names
        illustrative = study.panel.illustrative if illustrative is None else illustrative
        ranks = pd.DataFrame(columns)
    steps = [str(c) for c in ranks.columns]
    x = np.arange(len(steps))
    ax = _axes(ax, (max(6.4, 1.3 * len(steps) + 3.5), 0.26 * len(ranks) + 1.6))
    values = ranks.astype("float64").to_numpy()
    for i, code in enumerate(ranks.index):
        line, = ax.plot(x, values[i], marker="o", markersize=4, linewidth=1.5, gid=str(code))
        present = np.flatnonzero(~np.isnan(values[i]))
        if present.size:
            label = _name_of(names, str(code))
            ax.annotate(label, (x[present[0]], values[i, present[0]]), xytext=(-6, 0), textcoords="offset points",
                        ha="right", va="center", fontsize=7, color=line.get_color())
            ax.annotate(label, (x[present[-1]], values[i, present[-1]]), xytext=(6, 0), textcoords="offset points",
                        ha="left", va="center", fontsize=7, color=line.get_color())
    ax.set_xticks(x)
    ax.set_xticklabels(steps)
    ax.set_xlim(-1.2, len(steps) - 1 + 1.2)
    top = np.nanmax(values) if values.size and not np.isnan(values).all() else 1
    ax.set_ylim(top + 0.5, 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel("rank (1 = best)")
    ax.grid(axis="x", alpha=0.3)
    _mark_illustrative(ax, bool(illustrative))
    return ax
