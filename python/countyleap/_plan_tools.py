"""Tiers, targets and the plan in pandas.

Functions (every table a DataFrame whose index is the region code, named ``code``, as in
``Scores.to_frame()``; a region with several rows repeats its code, so ``frame.loc[[code]]`` is its
rows and ``frame.reset_index()`` gives the code column the CSV files have):

- :func:`tiers`: tiers with margins and the moves against the previous year;
- :func:`target_gaps`, :func:`growth_checks`: gaps to the plan's indicator and growth targets;
- :func:`weak_spots` (抓短板), :func:`benchmarks` (对标先进);
- the DataFrame views of the compiled results ``PlanCheck`` (check_plan), ``Projection`` (project),
  ``ProjectedEvaluation`` (evaluate_projected), ``EarlyWarning`` (early_warning) and ``LeapPath``
  (leap_path), attached by :mod:`countyleap._classes`;
- the one door to all of them on a study's inputs is :class:`countyleap.Study` (study.py).

Every table carries the provenance record of its inputs in ``attrs`` (:mod:`countyleap._provenance`).
"""

from __future__ import annotations

from typing import Any, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._provenance import recorded
from ._columns import columns_frame
from ._errors import ValidationError, located
from ._results import compare_years

ScoresLike = Union[_core.Scores, pd.Series]

TIER_COLUMNS = ["code", "score", "tier", "partial_data", "margin_up", "margin_down", "tier_move", "tiers_moved",
                "score_change", "rank", "rank_change", "rank_band"]
ALERT_STATUSES = ("at_risk", "off_track")
SPEC_FILE = "spec.json"  #: a dataset folder's pipeline spec


# ---- tiers ------------------------------------------------------------------------------------

def _composite(scores: ScoresLike) -> pd.Series:
    """The composite score per region, indexed by code: a Scores' root column, or the Series."""
    if isinstance(scores, _core.Scores):
        return scores.composite()
    if isinstance(scores, pd.Series):
        return scores.astype("float64")
    raise TypeError(f"expected Scores or a pandas Series of scores indexed by code, got {type(scores).__name__}")


def _require_scores(scores: pd.Series) -> None:
    """Raises ValidationError naming the first region whose composite score is missing."""
    missing = scores.index[scores.isna()]
    if len(missing):
        raise located(ValidationError, "composite score is missing: tiers need a score (impute or drop the region)",
                      id=str(missing[0]))


@recorded
def tiers(scores: ScoresLike, scheme: _core.TierScheme, *, previous: Optional[ScoresLike] = None) -> pd.DataFrame:
    """Tiers of the regions with their margins and, given the previous year's scores, their moves.

    A region is in the first tier whose boundary its score reaches (see :func:`classify`); its
    ``margin_up`` is how much the score must rise to reach the next better tier (NaN in the best
    tier) and ``margin_down`` how far it is above its own tier's lower boundary (NaN in the worst).
    Against the previous year (compare_years, countyleap's 进位/退位 bands (not a published provincial rule)): ``tier_move`` jump (better
    tier), hold or drop, ``tiers_moved`` tiers gained, ``score_change`` current - previous,
    ``rank_change`` places gained and ``rank_band`` (>= 10, 5-9, 1-4 places). Moves are computed
    among the regions scored in both years; the others, and every region when `previous` is None,
    have empty move columns. ``rank`` is this year's rank (1 = best, ties share the best rank).
    ``partial_data`` marks a tier decided on a composite that rests on fewer indicators than the
    framework has (known from Scores; False for a Series of scores).

    Parameters
    ----------
    scores : Scores or pandas.Series
        This year's scores (the composite, the root, is classified) or composite scores indexed by
        code.
    scheme : TierScheme
        A score-based scheme (every rule but targets_met).
    previous : Scores or pandas.Series, optional
        The previous year's scores.

    Returns
    -------
    pandas.DataFrame
        Index code; columns score, tier, partial_data, margin_up, margin_down, tier_move, tiers_moved,
        score_change, rank, rank_change, rank_band; one row per region in the scores' order.

    Raises
    ------
    ValidationError
        A missing score (names the region; impute or drop it first), an invalid scheme.
    """
    current = _composite(scores)
    _require_scores(current)
    classified = _core.classify(scores, scheme) if isinstance(scores, _core.Scores) else _core.classify(current, scheme)
    frame = classified.to_frame().reset_index()
    out = pd.DataFrame({"code": frame["code"], "score": frame["score"], "tier": frame["tier"],
                        "partial_data": frame["partial_data"], "margin_up": frame["margin_up"],
                        "margin_down": frame["margin_down"]})
    out["tier_move"] = pd.Series([None] * len(out), dtype=object)
    out["tiers_moved"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["score_change"] = np.nan
    out["rank"] = pd.array(_core.rank(current.to_numpy()), dtype="Int64")
    out["rank_change"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["rank_band"] = pd.Series([None] * len(out), dtype=object)
    if previous is not None:
        before = _composite(previous)
        _require_scores(before)
        common = [c for c in current.index if c in before.index]
        if common:
            moves = compare_years(_core.classify(before[common], scheme), _core.classify(current[common], scheme))
            # whole columns (missing for the regions not scored in both years), not .loc on a row mask:
            # pandas deprecates setting every row of a column that way
            moves = moves.reindex(out["code"]).reset_index(drop=True)
            scored = moves["move"].notna()
            out["tier_move"] = moves["move"].astype(object).where(scored, None)
            out["tiers_moved"] = moves["tiers_moved"].astype("Int64")
            out["score_change"] = moves["score_change"]
            out["rank_change"] = moves["rank_change"].astype("Int64")
            out["rank_band"] = moves["rank_band"].astype(object).where(scored, None)
    return out[TIER_COLUMNS].set_index("code")


# ---- plan check -------------------------------------------------------------------------------

def _findings(self: _core.PlanCheck) -> pd.DataFrame:
    """The findings, in the order found (plan-wide first, then phase by phase): severity ('error'
    or 'warning'), phase (id, '' for none), tier ('' for none), regions (list of codes), message
    (self-contained: names the phase, tier, counts and counties)."""
    return columns_frame(self._findings_columns(), order=["severity", "phase", "tier", "regions", "message"])


def _check_phases(self: _core.PlanCheck) -> pd.DataFrame:
    """The phases in evaluation-year order: phase, evaluation_year, baseline, previous (id of the
    phase before, '' for the first), n_moves, then per tier label stated_<tier> (the plan's count,
    NA when the phase gives none) and counted_<tier> (in-scope regions with that goal, or observed
    tier for a baseline)."""
    columns = self._phases_columns()
    stated, counted = columns.pop("stated"), columns.pop("counted")
    frame = pd.DataFrame(columns)
    for label in self.tier_labels:
        frame[f"stated_{label}"] = pd.array(stated[label], dtype="Int64")
    for label in self.tier_labels:
        frame[f"counted_{label}"] = pd.array(counted[label], dtype="Int64")
    return frame.astype({"evaluation_year": "int64", "baseline": "bool", "n_moves": "int64"})


def _check_moves(self: _core.PlanCheck) -> pd.DataFrame:
    """The named moves: per phase after the first, the regions whose tier differs from the previous
    phase's, indexed by code - phase, evaluation_year, previous, name_zh, name_en, from_tier,
    to_tier, direction ('up' or 'down')."""
    return columns_frame(self._moves_columns(), order=["phase", "evaluation_year", "previous", "code", "name_zh",
                                                       "name_en", "from_tier", "to_tier", "direction"],
                         integers=["evaluation_year"], index="code")


ASSUMPTION_COLUMNS = ["id", "statement", "reason", "applies_to", "tier_rule", "alternatives", "complete", "rows"]
ALTERNATIVE_COLUMNS = ["alternative", "phase", "evaluation_year", "code", "name_zh", "plan_tier", "tier"]


def _check_assumptions(self: _core.PlanCheck) -> pd.DataFrame:
    """The plan's assumptions as check_plan used them: id, statement, reason, applies_to,
    tier_rule, alternatives (for a tier rule: other assignments that fit when it alone is dropped;
    NA otherwise), complete, rows (observed and goal rows that list it)."""
    return columns_frame(self._assumptions_columns(), order=ASSUMPTION_COLUMNS, nullable_integers=["alternatives"],
                         integers=["rows"])


def _search_alternatives(self: _core.AssignmentSearch) -> pd.DataFrame:
    """The other assignments listed, each as its differences from the plan's own tiers:
    alternative (1-based), phase, evaluation_year, code, name_zh, plan_tier, tier."""
    return columns_frame(self._alternatives_columns(), order=ALTERNATIVE_COLUMNS,
                         integers=["alternative", "evaluation_year"])


# ---- published results and tracking ------------------------------------------------------------

PUBLISHED_COLUMNS = ["evaluation_year", "data_year", "data_year_inferred", "scope", "code", "name_zh", "tier",
                     "rank_min", "rank_max", "units", "average_min", "average_max", "certainty", "source", "note"]
TRACK_COLUMNS = ["phase", "data_year", "evaluation_year", "kind", "goal_id", "code", "goal", "published", "status",
                 "certainty", "source", "reason"]


def _published_frame(self: _core.PublishedResults) -> pd.DataFrame:
    """The published facts, one per row: evaluation_year, data_year, data_year_inferred, scope,
    code, name_zh, tier ('' unknown), rank_min, rank_max (NA unknown), count_<tier> per tier label
    (NA unknown), units, average_min, average_max (NaN unknown), certainty, source, note."""
    columns = self._columns()
    counts = columns.pop("tier_counts")
    frame = columns_frame(columns, order=PUBLISHED_COLUMNS, integers=["evaluation_year", "data_year"],
                          nullable_integers=["rank_min", "rank_max", "units"])
    labels: list[str] = []
    for c in counts:
        labels.extend(label for label in c if label not in labels)
    at = frame.columns.get_loc("units")
    for i, label in enumerate(labels):
        frame.insert(at + i, f"count_{label}", pd.array([c.get(label) for c in counts], dtype="Int64"))
    return frame.astype({"data_year_inferred": "bool", "average_min": "float64", "average_max": "float64"})


def _track_frame(self: _core.PlanTrack) -> pd.DataFrame:
    """The plan's goals against the published results: phase, data_year, evaluation_year, kind
    (tier_count, tier_goal or an other goal's kind), goal_id, code, goal, published, status (met,
    missed, unknown), certainty, source, reason."""
    return columns_frame(self._columns(), order=TRACK_COLUMNS, integers=["data_year", "evaluation_year"])


# ---- gaps -------------------------------------------------------------------------------------

def _optional_list(values: Optional[Sequence[str]]) -> list[str]:
    return [] if values is None else [str(v) for v in values]


@recorded
def target_gaps(panel: _core.Panel, framework: _core.Framework, plan: _core.Plan, *, year: Optional[int] = None,
                tier: Optional[str] = None, target_year: Optional[int] = None,
                indicators: Optional[Sequence[str]] = None, regions: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """Gaps of every region to the indicator targets of a plan.

    For region r and target year Y the applicable tier is `tier` or, by default, r's goal for
    evaluation year Y; a region without a goal for Y gets no rows for Y (they are listed in
    ``frame.attrs['without_goal']``). Each row is :func:`measure_gap` of the value in `year`
    against the target with n = Y - year years to go: gap = target - value (value - target for
    lower-is-better; positive = still to go), relative_gap = gap / |target|, attainment = value /
    target, required_growth_pct = ((target / value)^(1/n) - 1) x 100 (the average annual growth
    that takes the value to the target, 国家统计局's geometric-mean 年均增长速度), status met /
    unmet / no_data (met within 1e-9 x |target|).

    Parameters
    ----------
    panel : Panel
        Raw variables (targeted indicators missing from it are derived) or derive()'s output.
    framework : Framework
    plan : Plan
    year : int, optional
        The data year; None = the panel's last year.
    tier : str, optional
        Tier whose targets apply to every region (default: each region's goal tier).
    target_year : int, optional
        Only targets of this year (default: every year).
    indicators, regions : list[str], optional
        Only these indicators and regions (default: all).

    Returns
    -------
    pandas.DataFrame
        Index code; columns indicator, tier, data_year, target_year, years_left, value, target, gap,
        relative_gap, attainment, required_growth_pct, growth_need ('computed', 'no_time_left',
        'undefined', 'no_data'), status, direction, unit, section; by region, then in the plan's
        target order.

    Raises
    ------
    UnknownIdError
        An unknown tier, region or indicator, or a year outside the panel.
    """
    result = _core._target_gaps(panel, framework, plan, year, tier or "", target_year or 0,
                                _optional_list(indicators), _optional_list(regions))
    frame = columns_frame(result["columns"], index="code")
    without = result["without_goal"]
    frame.attrs["without_goal"] = list(zip(without["code"], without["year"]))
    return frame


@recorded
def growth_checks(panel: _core.Panel, plan: _core.Plan, *, year: Optional[int] = None,
                  regions: Optional[Sequence[str]] = None,
                  framework: Optional[_core.Framework] = None) -> pd.DataFrame:
    """Realised growth of every region against every growth target of the plan, on the data up to
    `year` (the plan's span may not be over: then it says how the region has done so far).

    The span measured is [from_year, min(year, to_year)]. average_annual (年均增速): the CAGR over
    the span, met when >= min_rate_pct. each_year (年增长 every year): unmet as soon as one measured
    year is below the minimum, else insufficient_data when a year cannot be measured, else met.
    Comparisons allow 1e-9 percentage points, so exactly 30 % meets a 30 % target.

    Parameters
    ----------
    panel : Panel
        Raw variables.
    plan : Plan
    year : int, optional
        The last data year; None = the panel's last year.
    regions : list[str], optional
        Only these regions, in this order (default: the panel's).
    framework : Framework, optional
        Needed when a growth target names an indicator that is not a variable of the panel.

    Returns
    -------
    pandas.DataFrame
        Index code; columns variable, rule, min_rate_pct, from_year, to_year, realised_pct, status
        ('met', 'unmet', 'insufficient_data'), detail (why the data are insufficient), section, then
        growth_<year> (growth of each year of the span over the year before, percent; NaN where it
        cannot be measured or outside the target's span). One row per target and region.
    """
    columns = _core._growth_checks(panel, plan, year, _optional_list(regions), framework)
    yearly = columns.pop("yearly_pct")
    frame = pd.DataFrame(columns)
    years = sorted({int(f) + 1 + k for f, values in zip(frame["from_year"], yearly) for k in range(len(values))})
    for y in years:
        frame[f"growth_{y}"] = [values[y - int(f) - 1] if 0 <= y - int(f) - 1 < len(values) else np.nan
                                for f, values in zip(frame["from_year"], yearly)]
    return frame.set_index("code")


# ---- weak spots and benchmarks ----------------------------------------------------------------

@recorded(method=_core.PipelineSpec)
def weak_spots(panel: _core.Panel, framework: _core.Framework, spec: Any, plan: _core.Plan, *,
               year: Optional[int] = None, tier: Optional[str] = None, target_year: Optional[int] = None,
               regions: Optional[_core.RegionSet] = None, top: Optional[int] = None) -> pd.DataFrame:
    """Each region's indicators below their target (抓短板、补弱项), ranked by the composite points
    closing the gap would add: the top of the list is where effort pays most.

    For region r and leaf indicator j below the target of r's goal tier for the target year, the
    gain is S_r(x_rj := target) - S_r: the composite score with that one value set to the target,
    everything else fixed, minus the score now, both from evaluate() with the same spec (steps that
    read the whole column are re-run). For weighted arithmetic aggregation with a normalisation that
    does not depend on the column (goalposts, ratio_to_standard) the gain is weight x (normalised at
    target - normalised now). Indicators met, missing or without a target are not listed. Ties keep
    the framework's leaf order.

    Parameters
    ----------
    panel : Panel
        Raw variables.
    framework : Framework
    spec : PipelineSpec, dict, JSON text, path or None
    plan : Plan
    year : int, optional
        Data year; None = the panel's last year.
    tier : str, optional
        Tier whose targets apply to every region (default: each region's goal tier).
    target_year : int, optional
        Year of the targets; None = the earliest target year not before the data year (else the
        latest).
    regions : RegionSet, optional
        For group imputation.
    top : int, optional
        Keep only each region's `top` largest gains.

    Returns
    -------
    pandas.DataFrame
        Index code; columns rank (1 = largest gain of the region), indicator, tier, value, target (own
        units), normalised, normalised_at_target, weight (effective weight in the composite),
        score, score_at_target, gain; by region (panel order), then by rank.
        ``attrs``: data_year, target_year, without_goal (codes without a goal for the target year)
        and dropped (codes screened out).
    """
    result = _core._weak_spots(panel, framework, spec, plan, year, tier or "", target_year or 0, regions)
    frame = columns_frame(result["columns"], index="code")
    if top is not None:
        frame = frame[frame["rank"] <= top]
    for key in ("data_year", "target_year", "without_goal", "dropped"):
        frame.attrs[key] = result[key]
    return frame


@recorded
def benchmarks(scores: _core.Scores, scheme: _core.TierScheme, panel: _core.Panel, *, k: int = 3,
               leads: int = 3) -> pd.DataFrame:
    """Benchmarks (对标先进): for every region not in the best tier, the `k` regions of the tier just
    above whose normalised indicator profiles are nearest, and where each leads most.

    Distance: the weighted root-mean-square difference of the normalised leaf scores,
    sqrt(sum_j w_j (y_aj - y_bj)^2 / sum_j w_j) over the leaves present in both, w_j the leaf's
    effective weight in the composite; nearest first (ties in the scores' region order). Leads: the
    leaves where the benchmark's normalised score exceeds the region's, largest first, with both
    values in the indicator's own units.

    Parameters
    ----------
    scores : Scores
        One year's scores (the composite is classified with `scheme`).
    scheme : TierScheme
    panel : Panel
        Raw variables or derive()'s output (leaf values in own units are read from it).
    k : int
        Benchmarks per region.
    leads : int
        Indicators listed per benchmark; 0 = every one it leads on.

    Returns
    -------
    pandas.DataFrame
        Index code; columns region_tier, benchmark, benchmark_tier, rank (1 = most similar), distance,
        lead_rank, indicator, normalised_difference, value, benchmark_value, value_difference; one
        row per (region, benchmark, lead) - a benchmark that leads on nothing has one row with
        lead_rank 0 and the lead columns missing.

    Raises
    ------
    ValidationError
        A negative `k` or `leads`, scores made with another framework.
    """
    for name, value in (("k", k), ("leads", leads)):
        if value < 0:
            raise located(ValidationError, f"benchmarks: {name} must be >= 0, got {value}")
    return columns_frame(_core._benchmarks(scores, scheme, panel, k, leads), index="code")


# ---- projections, warnings, leap paths ----------------------------------------------------------

def _series(self: _core.Projection) -> pd.DataFrame:
    """One row per projected (region, variable), indexed by code: variable, ok (False: not projected, see the
    note), method ('cagr' or 'linear'; linear after a fallback), fallback, from_year, to_year
    (earliest and latest present year of the window), points, first_value, last_value, cagr_pct
    (compound average annual growth, percent), slope (units per year), mean_year, mean_value,
    projected (the value in the target year) and note ('cagr 2019–2022: 12.3 %/yr')."""
    return columns_frame(self._series_columns(), index="code")


def _projected_tiers(self: _core.ProjectedEvaluation) -> pd.DataFrame:
    """The projected tiers, indexed by code: score, tier, tier_index, margin_up, margin_down."""
    return columns_frame(self._tier_columns(), index="code")


def _warning_targets(self: _core.EarlyWarning) -> pd.DataFrame:
    """Every region against every indicator (kind 'level') and growth (kind 'growth') target,
    indexed by code: indicator, kind, tier (level: the goal tier whose target applies), target_year, target
    (the level to reach; for an average-annual growth target under way, the level the rate
    implies), min_rate_pct (growth targets), data_year, value, required_growth_pct (g_req),
    recent_growth_pct (g_rec, CAGR of the last k years), recent (how g_rec was measured), status,
    reason (the rule and numbers that decided it)."""
    return columns_frame(self._target_columns(), index="code")


def _warning_goals(self: _core.EarlyWarning) -> pd.DataFrame:
    """Every tier goal of the plan, indexed by code: year, goal, tier (the (projected) tier), score, boundary
    (lower boundary of the goal tier), gap (boundary - score; > 0 = short of the goal), projected,
    basis ('observed 2022' or 'projected to 2025 from 2019–2022 (cagr, k = 3)'), status, reason."""
    return columns_frame(self._goal_columns(), index="code")


def _warning_phases(self: _core.EarlyWarning) -> pd.DataFrame:
    """Every non-baseline phase: phase, year, projected, basis, status, reason, behind (codes whose
    tier is worse than their goal), ahead, near (projected years: within the margin of the next tier
    up), then per tier label target_<t>, count_<t>, target_at_least_<t>, at_least_<t> (cumulative
    from the best tier) and within_reach_<t>."""
    columns = self._phase_columns()
    per_tier = columns.pop("tiers")
    frame = pd.DataFrame(columns)
    for field in ("target", "count", "target_at_least", "at_least", "within_reach"):
        for label in self.tier_labels:
            frame[f"{field}_{label}"] = pd.array(per_tier[f"{field}_{label}"], dtype="Int64")
    return frame


def _warning_outlooks(self: _core.EarlyWarning) -> pd.DataFrame:
    """The scores and tiers of every evaluation year with an outlook, indexed by code: year,
    projected, basis, score, tier, tier_index, margin_up, margin_down."""
    frames = []
    for outlook in self._outlook_columns():
        frame = pd.DataFrame(outlook["columns"])
        frame.insert(0, "basis", outlook["basis"])
        frame.insert(0, "projected", outlook["projected"])
        frame.insert(0, "year", outlook["year"])
        frames.append(frame)
    columns = ["year", "projected", "basis", "code", "score", "tier", "tier_index", "margin_up", "margin_down"]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return frame.set_index("code")


def _warning_alerts(self: _core.EarlyWarning) -> pd.DataFrame:
    """What is at risk or off track, in one table: kind ('phase', 'goal', 'level' or 'growth'),
    year, code ('' for a phase), subject (phase id, goal tier, or indicator), status, reason. A list
    of phases, goals and targets, not a region table: the code stays a column."""
    rows = []
    for _, p in self.phases.iterrows():
        if p["status"] in ALERT_STATUSES:
            rows.append(("phase", p["year"], "", p["phase"], p["status"], p["reason"]))
    for code, g in self.goals.iterrows():
        if g["status"] in ALERT_STATUSES:
            rows.append(("goal", g["year"], code, g["goal"], g["status"], g["reason"]))
    for code, t in self.targets.iterrows():
        if t["status"] in ALERT_STATUSES:
            rows.append((t["kind"], t["target_year"], code, t["indicator"], t["status"], t["reason"]))
    frame = pd.DataFrame(rows, columns=["kind", "year", "code", "subject", "status", "reason"])
    return frame.astype({"year": "int64"})


def _leap_changes(self: _core.LeapPath) -> pd.DataFrame:
    """The indicators that change, in the order taken: indicator, unit, current (own units; the
    projection for a projected year), new_value, change, change_pct, bound (the furthest value the
    growth bound and range allow), points (composite points added), at_bound, saturated (exact
    path: goes exactly to where it stops earning points)."""
    return columns_frame(self._change_columns())
