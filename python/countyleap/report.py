"""The annual bulletin (年度监测评价通报): one self-contained HTML file and its Markdown twin.

>>> import countyleap as cl
>>> inputs = cl.datasets.shijiazhuang().study()               # doctest: +SKIP
>>> bulletin = cl.report.collect(inputs, year=2022)            # doctest: +SKIP
>>> cl.report.write(bulletin, "out/report.html")               # doctest: +SKIP
('out/report.html', 'out/report.md')

Contents: a banner when the data are illustrative (the dataset's or the store's flag); the
vintage and the provisional and flagged values used when the data come from a store; the ranking with
scores, tiers and moves against the previous year; tier counts against the plan; the status of
every phase and per-county goal; warnings (targets at risk or off track); one section per county
(profile chart, weak spots, benchmarks, leap path); the method and the data's provenance. Labels
are Chinese with English alongside. The HTML has inline CSS and inline SVG charts and refers to
nothing outside itself (no scripts, fonts, images or links to the network).
"""

from __future__ import annotations

import html
import json
import math
import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core, _provenance
from ._display import tier_conditions
from ._plan_tools import ALERT_STATUSES
from .study import Study, next_goal

__all__ = ["Bulletin", "collect", "render_html", "render_markdown", "summary", "write"]

WEAK_SPOTS = 5  #: weak spots listed per county
OVERVIEW_INDICATORS = 3  #: indicators named per county in the warnings overview
BENCHMARKS = 3  #: benchmarks per county
LEADS = 3       #: indicators per benchmark

STATUS = {"on_track": ("正常", "on track"), "at_risk": ("预警", "at risk"), "off_track": ("滞后", "off track"),
          "no_data": ("无数据", "no data")}
MOVE = {"jump": ("进位", "up"), "hold": ("持平", "held"), "drop": ("退位", "down")}
ILLUSTRATIVE_ZH, ILLUSTRATIVE_EN = _provenance.ILLUSTRATIVE_ZH, _provenance.ILLUSTRATIVE_EN
PARTIAL_MARK = "*"  #: after a tier decided on partial data (Scores.coverage)


@dataclass
class Bulletin:
    """Everything the bulletin shows, computed once by :func:`collect` and rendered twice."""

    inputs: Study
    year: int
    previous_year: Optional[int]
    illustrative: bool
    scores: _core.Scores
    ranking: pd.DataFrame        #: tiers() + name_zh, name_en, previous_tier, goal, goal_year
    counts: pd.DataFrame         #: tier, name_zh, name_en, previous, count, plan
    phase: Optional[_core.Phase]  #: the plan phase evaluated in `year`
    warning: _core.EarlyWarning
    weak: pd.DataFrame           #: weak_spots(top=WEAK_SPOTS)
    bench: pd.DataFrame          #: benchmarks()
    leaps: dict                  #: code -> LeapPath to the region's next goal
    profile: pd.DataFrame        #: code, indicator, dimension, score, target_level
    target_year: int             #: year of the targets of weak spots and profiles
    options: dict = field(default_factory=dict)  #: the warning options
    published: Optional[pd.DataFrame] = None  #: Study.track() rows of data year `year`; None without published results
    provenance: dict = field(default_factory=dict)  #: Study.provenance: data, vintage, method, version
    #: the provisional and flagged values of the data used (years up to `year`; from a store):
    #: code, variable, year, value, status, flags, where
    caveats: pd.DataFrame = field(default_factory=pd.DataFrame)


# ---- collecting -------------------------------------------------------------------------------

def _names(inputs: Study, code: str) -> tuple[str, str]:
    regions = inputs.regions
    if regions is not None and code in regions:
        return regions[code].name_zh, regions[code].name_en
    return "", ""


def _goal(plan: _core.Plan, code: str, year: int) -> str:
    for g in plan.goals:
        if g.code == code and g.evaluation_year == year:
            return g.tier
    return ""


COLUMN_FREE = ("ratio_to_standard", "goalposts")  #: normalisations that do not read the other regions


def _target_levels(inputs: Study, ranking: pd.DataFrame, target_year: int) -> dict:
    """{(code, indicator): the normalised score of the region's goal-tier target}, for the leaves
    whose normalisation does not depend on the other regions (ratio_to_standard, goalposts): the
    target put through the spec's normalisation of the leaf by the library
    (``PipelineSpec.normalise_leaf``: the leaf's step, the indicator's target as the standard)."""
    spec, framework = inputs.spec, inputs.framework
    goals = {code: _goal(inputs.plan, code, target_year) for code in ranking["code"]}
    targets = {(t.indicator, t.tier): t.value for t in inputs.plan.indicator_target_list if t.year == target_year}
    out = {}
    for leaf in framework.scored_indicators():
        step = spec.normalise_for(leaf)
        if step.method not in COLUMN_FREE:
            continue
        if step.method == "ratio_to_standard" and step.standard is None \
                and framework.find_indicator(leaf).target is None:
            continue  # no standard to divide by: no level to draw
        codes = [c for c in ranking["code"] if (leaf, goals[c]) in targets]
        if not codes:
            continue
        values = np.array([targets[(leaf, goals[c])] for c in codes], dtype=float)
        levels = spec.normalise_leaf(framework, leaf, values)
        out.update({(c, leaf): float(v) for c, v in zip(codes, levels)})
    return out


def collect(inputs: Study, *, year: Optional[int] = None, method: str = "cagr", window: int = 3,
            growth_factor: float = 2.0, score_margin: float = 5.0) -> Bulletin:
    """Computes everything the bulletin of evaluation year `year` shows.

    Parameters
    ----------
    inputs : Study
        Panel, framework, plan, regions and spec (``Dataset.study()``).
    year : int, optional
        The evaluation year; None = the panel's last year. Data after it are not used.
    method, window, growth_factor, score_margin
        The early warning's options (see :func:`countyleap.early_warning`).

    Returns
    -------
    Bulletin
    """
    panel, plan = inputs.panel, inputs.plan
    year = inputs.year(year)
    previous_year = year - 1 if year - 1 >= panel.first_year else None
    # every year is evaluated once, by the study: the ranking, the previous tiers and the
    # benchmarks read the same cached scores
    scores = inputs.evaluate(year=year)
    previous = inputs.evaluate(year=previous_year) if previous_year is not None else None
    ranking = inputs.tiers(year=year).reset_index()  # the bulletin's tables keep a code column
    before = inputs.classify(year=previous_year).to_frame()["tier"] if previous is not None else pd.Series(dtype=object)
    ranking["name_zh"] = [_names(inputs, c)[0] for c in ranking["code"]]
    ranking["name_en"] = [_names(inputs, c)[1] for c in ranking["code"]]
    ranking["previous_tier"] = [before.get(c, "") for c in ranking["code"]]
    ranking["goal"] = [_goal(plan, c, year) for c in ranking["code"]]
    ranking = ranking.sort_values(["rank", "code"]).reset_index(drop=True)

    phase = next((p for p in plan.phases if p.evaluation_year == year), None)
    labels = plan.tier_labels
    count = ranking["tier"].value_counts()
    previous_count = ranking["previous_tier"].value_counts()
    scheme = inputs.scheme
    counts = pd.DataFrame({
        "tier": labels, "name_zh": [t.name_zh for t in scheme.tiers], "name_en": [t.name_en for t in scheme.tiers],
        "previous": [int(previous_count.get(l, 0)) if previous is not None else None for l in labels],
        "count": [int(count.get(l, 0)) for l in labels],
        "plan": [phase.tier_counts.get(l) if phase is not None else None for l in labels]})

    options = {"method": method, "window": window, "growth_factor": growth_factor, "score_margin": score_margin}
    warning = inputs.early_warning(year=year, **options)
    weak = inputs.weak_spots(year=year, top=WEAK_SPOTS).reset_index()
    target_year = int(weak.attrs["target_year"])
    bench = inputs.benchmarks(year=year, k=BENCHMARKS, leads=LEADS).reset_index()

    leaps = {}
    for _, r in ranking.iterrows():
        goal_year, goal = next_goal(plan, r["code"], r["tier"], year)
        leaps[r["code"]] = inputs.leap_path(r["code"], year=year, goal=goal, target_year=goal_year, method=method,
                                            window=window)

    leaves = inputs.framework.scored_indicators()
    parent = inputs.framework.to_frame().set_index("id")["parent"]
    values = pd.DataFrame(np.array(scores.values[:, :len(leaves)]), index=scores.regions, columns=leaves)
    levels = _target_levels(inputs, ranking, target_year)
    profile = pd.DataFrame([{"code": code, "indicator": leaf, "dimension": parent[leaf],
                             "score": float(values.loc[code, leaf]),
                             "target_level": levels.get((code, leaf), math.nan)}
                            for code in ranking["code"] for leaf in leaves])
    b = Bulletin(inputs=inputs, year=year, previous_year=previous_year,
                 illustrative=inputs.illustrative, scores=scores,
                 ranking=ranking, counts=counts, phase=phase, warning=warning, weak=weak, bench=bench, leaps=leaps,
                 profile=profile, target_year=target_year, options=options, provenance=inputs.provenance,
                 caveats=_caveats(inputs, year), published=_published_rows(inputs, year))
    # every table made from the data carries the study's record (the published rows are the
    # province's facts, with their own source)
    _provenance.keep((b.ranking, b.counts, b.weak, b.bench, b.profile, b.caveats), b.provenance)
    return b


def _published_rows(inputs: Study, year: int) -> Optional[pd.DataFrame]:
    """The plan's goals for data year `year` against what the province published (Study.track);
    None when the study has no published results."""
    if inputs.published is None or inputs.regions is None:
        return None
    track = inputs.track()
    return track[track["data_year"] == year].reset_index(drop=True)


PUBLISHED_NOTE = ("省公布的评价结果（不是本报告的示例数据）；未公布即为未知，不作推断。 The province's published results, "
                  "not this bulletin's data; what is not published stays unknown.")


def _published_table(b: Bulletin) -> tuple[list[str], list[list[str]]]:
    headers = ["目标 Goal", "县 County", "已公布 Published", "状态 Status", "可信度 Certainty", "来源 Source"]
    rows = [[r["goal"], _county(b, r["code"]) if r["code"] else "", r["published"] or "—", r["status"],
             r["certainty"] or "—", r["source"] or r["reason"]] for _, r in b.published.iterrows()]
    return headers, rows


def _caveats(inputs: Study, year: int) -> pd.DataFrame:
    """The study's caveats (provisional and flagged values, from a store) of the years up to `year`."""
    caveats = inputs.caveats
    if caveats is None or not len(caveats):
        return pd.DataFrame(columns=["code", "variable", "year", "value", "status", "flags", "where"])
    return caveats[caveats["year"] <= year].reset_index(drop=True)


# ---- shared text --------------------------------------------------------------------------------

def _num(x: Any, digits: int = 1) -> str:
    """A number for a table: `digits` decimals with thousands separators; '' when missing."""
    if x is None or x is pd.NA:
        return ""
    x = float(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "−∞" if x < 0 else "∞"
    return f"{x:,.{digits}f}".replace("-", "−")


def _value(x: Any) -> str:
    """A value in an indicator's own units, with the precision its size needs."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    a = abs(float(x))
    return _num(x, 0 if a >= 1000 else 1 if a >= 100 else 2 if a >= 1 else 3)


def _signed(x: Any, digits: int = 1) -> str:
    text = _num(x, digits)
    return text if not text or text.startswith("−") or float(x) == 0 else "+" + text


def _both(zh: str, en: str) -> str:
    return " ".join(t for t in (zh, en) if t)


def _county(b: Bulletin, code: str) -> str:
    zh, en = _names(b.inputs, code)
    return _both(zh, en) or code


def _indicator(b: Bulletin, id: str) -> tuple[str, str, str]:
    item = b.inputs.framework.find_indicator(id) or b.inputs.framework.find_variable(id)
    if item is None:
        return id, "", ""
    return item.name_zh or id, item.name_en, item.unit


def _node(b: Bulletin, id: str) -> tuple[str, str]:
    fw = b.inputs.framework
    node = fw.nodes[fw.node_index(id)]
    return node.name_zh, node.name_en


def _move_text(row: pd.Series) -> str:
    move = row["tier_move"]
    if not isinstance(move, str):
        return ""
    zh, en = MOVE[move]
    return f"{zh} {en}" + (f" {row['previous_tier']}→{row['tier']}" if move != "hold" else "")


def _rank_text(row: pd.Series) -> str:
    if row["rank_change"] is pd.NA:
        return ""
    change = int(row["rank_change"])
    return "0" if change == 0 else f"{change:+d} ({row['rank_band']})"


def summary(b: Bulletin) -> str:
    """Three lines for a terminal: tier counts against the plan, goals, warnings."""
    counts = ", ".join(f"{r['tier']} {r['count']}" + (f" (plan {r['plan']})" if r["plan"] is not None else "")
                       for _, r in b.counts.iterrows())
    goals = b.warning.goals
    this_year = goals[goals["year"] == b.year]
    alerts = b.warning.alerts
    targets = alerts[alerts["kind"].isin(["level", "growth"])]
    phase = f" against {b.phase.id}" if b.phase is not None else ""
    return (f"tier counts {b.year}{phase}: {counts}\n"
            f"goals {b.year}: {int((this_year['status'] == 'on_track').sum())} of {len(this_year)} met\n"
            f"warnings: {len(targets)} targets at risk or off track "
            f"({int((targets['status'] == 'at_risk').sum())} at risk, {int((targets['status'] == 'off_track').sum())} "
            f"off track); {int((alerts['kind'] == 'goal').sum())} goals and {int((alerts['kind'] == 'phase').sum())} "
            f"phases at risk or off track")


# ---- HTML -------------------------------------------------------------------------------------

CSS = """
:root { --ink: #1d2733; --muted: #5b6776; --line: #d5dbe3; --paper: #ffffff; --band: #f4f6f9;
        --a: #1b7f5b; --b: #2f6db5; --c: #c0562e; --warn: #b7791f; --bad: #b42318; --ok: #1b7f5b; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
       "PingFang SC", "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--paper);
       font-size: 14px; line-height: 1.45; }
body { margin: 0 auto; max-width: 1120px; padding: 0 28px 40px; }
h1 { font-size: 26px; margin: 18px 0 4px; }
h2 { font-size: 20px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 0; }
h4 { font-size: 14px; margin: 16px 0 6px; color: var(--muted); text-transform: none; }
.en { color: var(--muted); font-weight: normal; }
p { margin: 6px 0; }
.banner { background: #fff4e5; border: 1px solid #e8a33d; border-left: 6px solid #e8a33d; padding: 8px 12px;
          margin: 14px 0 6px; font-weight: 600; }
.banner small { display: block; font-weight: normal; color: var(--muted); }
.print-banner { display: none; }
.subtitle { color: var(--muted); margin: 0 0 8px; }
.meta { color: var(--muted); font-size: 12px; }
nav.toc { background: var(--band); border: 1px solid var(--line); padding: 10px 14px; margin: 14px 0; }
nav.toc ol { margin: 4px 0 4px 18px; padding: 0; }
nav.toc .counties { columns: 4; column-gap: 18px; list-style: none; margin: 4px 0 0; padding: 0; font-size: 13px; }
a { color: var(--b); text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
th, td { padding: 4px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; border-bottom: 1px solid #b9c2ce; }
th .en { display: block; font-size: 11px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sub td { background: #fbfcfd; }
.tier { display: inline-block; min-width: 22px; padding: 0 6px; border-radius: 3px; color: #fff;
        font-weight: 700; text-align: center; }
.tier-0 { background: var(--a); } .tier-1 { background: var(--b); } .tier-2 { background: var(--c); }
.tier-3 { background: #6b4fa3; } .tier-4 { background: #555; }
.status { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; white-space: nowrap; }
.on_track { background: #e3f4ec; color: var(--ok); } .at_risk { background: #fdf1dc; color: var(--warn); }
.off_track { background: #fde7e4; color: var(--bad); } .no_data { background: #eceff3; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px; background: var(--band); }
.card b { display: block; font-size: 22px; }
.card span { color: var(--muted); font-size: 12px; }
article.county { border-top: 1px solid var(--line); padding-top: 14px; margin-top: 26px; }
article.county header { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
article.county header .facts { color: var(--muted); }
.tag { font-size: 11px; color: #8a5a00; border: 1px solid #e8a33d; border-radius: 3px; padding: 0 5px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: var(--ink); }
svg .muted { fill: var(--muted); }
svg .halo { paint-order: stroke; stroke: var(--paper); stroke-width: 3px; stroke-linejoin: round; }
td.leaf { padding-left: 22px; }
pre { background: var(--band); border: 1px solid var(--line); padding: 8px 10px; font-size: 12px;
      white-space: pre-wrap; word-break: break-word; }
.note { color: var(--muted); font-size: 12px; }
footer { margin-top: 30px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  html { font-size: 11px; }
  body { max-width: none; padding: 0; }
  nav.toc { break-after: page; }
  h2 { break-after: avoid; }
  table, svg, .card { break-inside: avoid; }
  article.county { break-before: page; border-top: none; }
  .print-banner { display: block; position: fixed; bottom: -10mm; left: 0; right: 0; text-align: center;
                  font-size: 9px; color: #8a5a00; }
  a { color: inherit; }
}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _th(zh: str, en: str = "", num: bool = False) -> str:
    cls = ' class="num"' if num else ""
    return f"<th{cls}>{_e(zh)}" + (f'<span class="en">{_e(en)}</span>' if en else "") + "</th>"


def _td(text: str, num: bool = False, raw: bool = False) -> str:
    cls = ' class="num"' if num else ""
    return f"<td{cls}>{text if raw else _e(text)}</td>"


def _heading(level: int, zh: str, en: str, anchor: str = "") -> str:
    ident = f' id="{_e(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{_e(zh)} <span class=\"en\">{_e(en)}</span></h{level}>"


def _tier_badge(b: Bulletin, label: str) -> str:
    if not label:
        return ""
    return f'<span class="tier tier-{b.inputs.scheme.index_of(label)}">{_e(label)}</span>'


def _status_badge(status: str) -> str:
    zh, en = STATUS.get(status, (status, ""))
    return f'<span class="status {_e(status)}">{_e(zh)} {_e(en)}</span>'


def _table_html(headers: Sequence[str], rows: Iterable[Sequence[str]], classes: str = "") -> str:
    body = "".join("<tr>" + "".join(r) + "</tr>" for r in rows)
    cls = f' class="{classes}"' if classes else ""
    return f"<table{cls}><thead><tr>{''.join(headers)}</tr></thead><tbody>{body}</tbody></table>"


TIER_COLOURS = ["#1b7f5b", "#2f6db5", "#c0562e", "#6b4fa3", "#555555"]
CHART_WIDTH = 1064  #: width of the SVG charts in px: the page's text column
SVG_FOOTER = 18     #: height of the provenance line under each chart
PROFILE_EN_CHARS = 86  #: longest English indicator name the profile chart shows unshortened


def _axis_range(values: Iterable[float]) -> tuple[float, float]:
    present = [v for v in values if not math.isnan(v)]
    lo = min([0.0] + present)
    hi = max([100.0] + present)
    return lo, hi


def _svg_ranking(b: Bulletin) -> str:
    """Horizontal bars of the composite scores, best first, coloured by tier, with the tier boundaries;
    each bar named in Chinese and English."""
    rows = b.ranking
    left, right, top, bar, gap = 210, 60, 28, 16, 6
    width = CHART_WIDTH
    height = top + len(rows) * (bar + gap) + 24
    lo, hi = _axis_range(rows["score"])
    plot = width - left - right
    x = lambda v: left + (v - lo) / (hi - lo) * plot  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + SVG_FOOTER}" width="{width}" '
             f'height="{height + SVG_FOOTER}" role="img" aria-label="composite scores">'
             # a paper-coloured box behind the score labels, so a boundary line does not run through them
             '<defs><filter id="label-box" x="-0.03" y="-0.05" width="1.06" height="1.1">'
             '<feFlood flood-color="#ffffff"/><feComposite in="SourceGraphic" operator="over"/></filter></defs>']
    for tick in np.linspace(lo, hi, 6):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top - 6}" x2="{x(tick):.1f}" y2="{height - 20}" '
                     f'stroke="#e3e7ed"/><text x="{x(tick):.1f}" y="{height - 6}" font-size="11" '
                     f'text-anchor="middle">{tick:g}</text>')
    scheme = b.inputs.scheme
    for label, bound in zip(scheme.labels, _boundaries(b)):
        if math.isinf(bound) or not lo <= bound <= hi:
            continue
        parts.append(f'<line x1="{x(bound):.1f}" y1="{top - 10}" x2="{x(bound):.1f}" y2="{height - 20}" '
                     f'stroke="#1d2733" stroke-dasharray="4 3"/><text x="{x(bound) + 3:.1f}" y="{top - 14}" '
                     f'font-size="11">{_e(label)} ≥ {bound:g}</text>')
    for i, (_, r) in enumerate(rows.iterrows()):
        y = top + i * (bar + gap)
        colour = TIER_COLOURS[min(scheme.index_of(r["tier"]), len(TIER_COLOURS) - 1)]
        name = r["name_zh"] or r["code"]
        parts.append(f'<text x="{left - 8}" y="{y + bar - 3}" font-size="12" text-anchor="end">{_e(name)}'
                     f'<tspan class="muted" font-size="11"> {_e(r["name_en"])}</tspan></text>'
                     f'<rect x="{x(min(0, r["score"])):.1f}" y="{y}" width="{abs(x(r["score"]) - x(0)):.1f}" '
                     f'height="{bar}" fill="{colour}" rx="2"/>'
                     f'<text filter="url(#label-box)" x="{x(max(0, r["score"])) + 4:.1f}" y="{y + bar - 3}" '
                     f'font-size="11">{r["score"]:.1f} {_e(r["tier"])}</text>')
    parts.append(_svg_footer(b, height))
    parts.append("</svg>")
    return "".join(parts)


def _svg_footer(b: Bulletin, y: float) -> str:
    """The provenance line inside a chart's own pixels (ILLUSTRATIVE first when the data are), so a
    chart cut out of the page still says what it shows."""
    weight = ' font-weight="700"' if b.illustrative else ""
    return (f'<text class="provenance" x="4" y="{y + SVG_FOOTER - 6}" font-size="11"{weight}>'
            f'{_e(_provenance.line(b.provenance))}</text>')


def _boundaries(b: Bulletin) -> list[float]:
    """The lower boundary of each tier in score units (the classification of the year)."""
    classified = b.scores.classify(b.inputs.scheme)
    return [classified.boundaries[l] for l in b.inputs.scheme.labels]


def _svg_profile(b: Bulletin, code: str) -> str:
    """The county's normalised indicator scores by dimension, with its goal tier's target levels. Each
    bar is named in full, Chinese above English; an English name longer than PROFILE_EN_CHARS is
    shortened with an ellipsis (the full names are the label's tooltip)."""
    rows = b.profile[b.profile["code"] == code]
    left, right, top, pitch, bar, head = 440, 50, 24, 28, 14, 20
    width = CHART_WIDTH
    dimensions = list(dict.fromkeys(rows["dimension"]))
    height = top + len(rows) * pitch + len(dimensions) * head + 26
    lo, hi = _axis_range(list(rows["score"]) + list(rows["target_level"]))
    plot = width - left - right
    x = lambda v: left + (v - lo) / (hi - lo) * plot  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + SVG_FOOTER}" width="{width}" '
             f'height="{height + SVG_FOOTER}" role="img" aria-label="indicator profile of {_e(code)}">']
    for tick in np.linspace(lo, hi, 6):
        parts.append(f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" y2="{height - 22}" '
                     f'stroke="#e3e7ed"/><text x="{x(tick):.1f}" y="{height - 8}" font-size="11" '
                     f'text-anchor="middle">{tick:g}</text>')
    y = top
    for dim in dimensions:
        zh, en = _node(b, dim)
        parts.append(f'<text x="4" y="{y + 12}" font-size="12" font-weight="700">{_e(zh)}'
                     f'<tspan class="muted" font-weight="400"> {_e(en)}</tspan></text>')
        y += head
        for _, r in rows[rows["dimension"] == dim].iterrows():
            zh, en, _ = _indicator(b, r["indicator"])
            short = en if len(en) <= PROFILE_EN_CHARS else en[:PROFILE_EN_CHARS - 1].rstrip() + "…"
            level = r["target_level"]
            below = not math.isnan(level) and r["score"] < level - 1e-9
            colour = "#c0562e" if below else "#2f6db5"
            end = x(max(0, r["score"]))
            label = end + 4  # the score after the bar, or after the target tick when the tick would be under it
            if not math.isnan(level) and end - 2 <= x(level) <= label + 20:
                label = x(level) + 5
            parts.append(f'<text x="{left - 8}" y="{y + 11}" font-size="11.5" text-anchor="end">'
                         f'<title>{_e(_both(zh, en))}</title>{_e(zh)}</text>'
                         f'<text class="muted" x="{left - 8}" y="{y + 23}" font-size="10" text-anchor="end">'
                         f'{_e(short)}</text>'
                         f'<rect x="{x(min(0, r["score"])):.1f}" y="{y + 5}" width="{abs(x(r["score"]) - x(0)):.1f}" '
                         f'height="{bar}" fill="{colour}" rx="2"/>'
                         f'<text class="halo" x="{label:.1f}" y="{y + 16}" font-size="10">'
                         f'{r["score"]:.0f}</text>')
            if not math.isnan(level):
                parts.append(f'<line x1="{x(level):.1f}" y1="{y + 3}" x2="{x(level):.1f}" y2="{y + bar + 7}" '
                             f'stroke="#1d2733" stroke-width="2.5"/>')
            y += pitch
    parts.append(_svg_footer(b, height))
    parts.append("</svg>")
    return "".join(parts)


def _banner_html(b: Bulletin) -> str:
    if not b.illustrative:
        return ""
    comments = "".join(f"<small>{_e(c)}</small>" for c in b.inputs.panel.comments)
    return (f'<div class="banner" role="note">{ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}{comments}</div>'
            f'<div class="print-banner">{ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}</div>')


def _ranking_html(b: Bulletin) -> str:
    prev = b.previous_year
    headers = [_th("排名", "Rank", True), _th("代码", "Code"), _th("县（市、区）", "County"), _th("得分", "Score", True),
               _th("类别", "Tier"), _th(f"{prev}年类别" if prev else "上年类别", f"Tier {prev}" if prev else "Previous"),
               _th("变动", "Move"), _th("得分变化", "Score change", True), _th("位次变化", "Places"),
               _th(f"{b.year}年目标", f"Goal {b.year}"), _th("距上一档", "To next tier", True),
               _th("高于本档下限", "Above own floor", True)]
    rows = []
    for _, r in b.ranking.iterrows():
        rows.append([_td(str(r["rank"]), True), _td(r["code"]),
                     _td(f'<a href="#c-{_e(r["code"])}">{_e(r["name_zh"])}</a> <span class="en">{_e(r["name_en"])}</span>',
                         raw=True),
                     _td(_num(r["score"], 2), True), _td(_tier_badge(b, r["tier"]) + _partial_mark(r), raw=True),
                     _td(_tier_badge(b, r["previous_tier"]), raw=True), _td(_move_text(r)),
                     _td(_signed(r["score_change"], 2), True), _td(_rank_text(r)),
                     _td(_tier_badge(b, r["goal"]), raw=True), _td(_num(r["margin_up"], 2), True),
                     _td(_num(r["margin_down"], 2), True)])
    note = _partial_note(b)
    return _table_html(headers, rows, "ranking") + (f'<p class="note">{_e(note)}</p>' if note else "")


def _partial_mark(row: pd.Series) -> str:
    """'*' after a tier decided on partial data."""
    return PARTIAL_MARK if row["partial_data"] else ""


def _partial_note(b: Bulletin) -> str:
    """The footnote of PARTIAL_MARK when some tier was decided on partial data, else ''."""
    n = int(b.ranking["partial_data"].sum())
    if n == 0:
        return ""
    return (f"{PARTIAL_MARK} 数据不全：{n} 个县（市、区）的得分只基于部分指标 · Tier decided on partial data: "
            f"{n} of {len(b.ranking)} counties were scored from fewer indicators than the framework has.")


def _counts_html(b: Bulletin) -> str:
    prev = b.previous_year
    headers = [_th("类别", "Tier"), _th("名称", "Name"), _th(f"{prev}年" if prev else "上年", f"{prev}" if prev else "Previous", True),
               _th(f"{b.year}年", f"{b.year}", True), _th("计划", "Plan", True), _th("差额", "Difference", True)]
    rows = []
    for _, r in b.counts.iterrows():
        diff = "" if r["plan"] is None else f"{r['count'] - r['plan']:+d}"
        rows.append([_td(_tier_badge(b, r["tier"]), raw=True), _td(_both(r["name_zh"], r["name_en"])),
                     _td("" if r["previous"] is None else str(r["previous"]), True), _td(str(r["count"]), True),
                     _td("" if r["plan"] is None else str(r["plan"]), True), _td(diff, True)])
    if b.phase is not None:
        p = b.phase
        note = (f"计划阶段 Plan phase: {p.id} {_both(p.name_zh, p.name_en)} — {b.year}年度评价"
                f"（{p.publication_year}年公布） evaluation year {b.year}, published {p.publication_year}.")
    else:
        note = f"计划中没有评价{b.year}年度的阶段 · No phase of the plan evaluates {b.year}."
    return _table_html(headers, rows) + f'<p class="note">{_e(note)}</p>'


def _phases_html(b: Bulletin) -> str:
    labels = b.warning.tier_labels
    names = {p.id: _both(p.name_zh, p.name_en) for p in b.inputs.plan.phases}
    headers = [_th("阶段", "Phase"), _th("年度", "Year", True), _th("依据", "Basis")] + \
        [_th(f"≥{l}", "reached / aimed", True) for l in labels[:-1]] + [_th("状态", "Status"), _th("说明", "Reason")]
    rows = []
    for _, p in b.warning.phases.iterrows():
        rows.append([_td(f"{p['phase']} {names.get(p['phase'], '')}"), _td(str(p["year"]), True), _td(p["basis"])]
                    + [_td(f"{p[f'at_least_{l}']} / {p[f'target_at_least_{l}']}", True) for l in labels[:-1]]
                    + [_td(_status_badge(p["status"]), raw=True), _td(p["reason"])])
    return _table_html(headers, rows)


def _goals_html(b: Bulletin) -> str:
    goals = b.warning.goals.reset_index()
    years = sorted(goals["year"].unique())
    headers = [_th("县（市、区）", "County")] + [_th(f"{y}年目标", f"Goal {y}") for y in years]
    rows = []
    for _, r in b.ranking.iterrows():
        mine = goals[goals["code"] == r["code"]].set_index("year")
        cells = [_td(f'<a href="#c-{_e(r["code"])}">{_e(r["name_zh"] or r["code"])}</a> '
                     f'<span class="en">{_e(r["name_en"])}</span>', raw=True)]
        for y in years:
            if y not in mine.index:
                cells.append(_td(""))
                continue
            g = mine.loc[y]
            detail = f"{_tier_badge(b, g['goal'])} ← {_e(g['tier'])} {_num(g['score'], 1)} {_status_badge(g['status'])}"
            cells.append(f'<td title="{_e(g["reason"])}">{detail}</td>')
        rows.append(cells)
    basis = "; ".join(dict.fromkeys(goals["basis"]))
    return (_table_html(headers, rows) +
            f'<p class="note">目标等级 ← （预测）等级及得分 · goal ← (projected) tier and score. {_e(basis)}. '
            f'Rules: on track when the (projected) tier reaches the goal; at risk when it is at most '
            f'{b.warning.score_margin:g} points below the goal tier\'s boundary (projected years only); off track '
            f'otherwise.</p>')


def _alerts_frame(b: Bulletin, code: Optional[str] = None) -> pd.DataFrame:
    targets = b.warning.targets.reset_index()
    alerts = targets[targets["status"].isin(ALERT_STATUSES)]
    if code is not None:
        alerts = alerts[alerts["code"] == code]
    order = {"off_track": 0, "at_risk": 1}
    return alerts.assign(_o=alerts["status"].map(order)).sort_values(["_o", "code", "indicator"]).drop(columns="_o")


def _alert_overview(b: Bulletin) -> list[tuple[str, int, int, list[str]]]:
    """Per county with an alert, in ranking order: (code, off-track count, at-risk count, the ids of
    the first OVERVIEW_INDICATORS indicators alerted, off track first). The warnings section shows
    this; every alert in full is on the county's page."""
    alerts = _alerts_frame(b)
    out = []
    for code in b.ranking["code"]:
        mine = alerts[alerts["code"] == code]
        if len(mine):
            out.append((code, int((mine["status"] == "off_track").sum()), int((mine["status"] == "at_risk").sum()),
                        list(dict.fromkeys(mine["indicator"]))[:OVERVIEW_INDICATORS]))
    return out


def _overview_html(b: Bulletin) -> str:
    headers = [_th("县（市、区）", "County"), _th("类别", "Tier"), _th("滞后", "Off track", True),
               _th("预警", "At risk", True), _th("主要指标", "First indicators (full list on the county page)")]
    tiers = dict(zip(b.ranking["code"], b.ranking["tier"]))
    rows = [[_td(f'<a href="#c-{_e(code)}">{_e(_county(b, code))}</a>', raw=True),
             _td(_tier_badge(b, tiers[code]), raw=True), _td(str(off), True), _td(str(risk), True),
             _td("；".join(_indicator(b, i)[0] for i in ids) + ("…" if off + risk > len(ids) else ""))]
            for code, off, risk, ids in _alert_overview(b)]
    return _table_html(headers, rows)


def _alerts_html(b: Bulletin, alerts: pd.DataFrame) -> str:
    headers = [
        _th("指标", "Indicator"), _th("类型", "Kind"), _th("目标类别", "Tier"), _th("现值", "Value", True),
        _th("目标", "Target", True), _th("所需增速 %/年", "Required growth", True), _th("近期增速 %/年", "Recent growth", True),
        _th("状态", "Status"), _th("说明", "Reason")]
    rows = []
    for _, t in alerts.iterrows():
        zh, en, unit = _indicator(b, t["indicator"])
        target = _value(t["target"]) if not math.isnan(t["target"]) else (
            f"≥{_num(t['min_rate_pct'], 0)} %/yr" if not math.isnan(t["min_rate_pct"]) else "")
        rows.append([_td(f'{_e(zh)} <span class="en">{_e(en)}</span>', raw=True),
                              _td("水平 level" if t["kind"] == "level" else "增速 growth"), _td(t["tier"]),
                              _td(_value(t["value"]), True), _td(target, True),
                              _td(_num(t["required_growth_pct"], 1), True), _td(_num(t["recent_growth_pct"], 1), True),
                              _td(_status_badge(t["status"]), raw=True), _td(t["reason"])])
    return _table_html(headers, rows)


def _weak_html(b: Bulletin, code: str) -> str:
    weak = b.weak[b.weak["code"] == code]
    if weak.empty:
        return f'<p class="note">没有未达标的指标 · Every targeted indicator meets its {b.target_year} target.</p>'
    headers = [_th("#", "", True), _th("指标", "Indicator"), _th("单位", "Unit"), _th("现值", "Value", True),
               _th(f"{weak['tier'].iloc[0]}类目标", "Target", True), _th("补齐可增分", "Points gained", True)]
    rows = []
    for _, w in weak.iterrows():
        zh, en, unit = _indicator(b, w["indicator"])
        rows.append([_td(str(w["rank"]), True), _td(f'{_e(zh)} <span class="en">{_e(en)}</span>', raw=True), _td(unit),
                     _td(_value(w["value"]), True), _td(_value(w["target"]), True), _td(_num(w["gain"], 2), True)])
    return _table_html(headers, rows)


def _bench_html(b: Bulletin, code: str) -> str:
    bench = b.bench[b.bench["code"] == code]
    if bench.empty:
        return '<p class="note">已在最高类别，或上一类别没有县 · In the best tier, or no county in the tier above.</p>'
    headers = [_th("对标县", "Benchmark"), _th("距离", "Distance", True), _th("领先指标", "Where it leads"),
               _th("本县", "Here", True), _th("对标县", "There", True)]
    rows = []
    for (bm, rank), group in bench.groupby(["benchmark", "rank"], sort=False):
        first = True
        for _, lead in group.iterrows():
            zh, en, unit = _indicator(b, lead["indicator"]) if isinstance(lead["indicator"], str) else ("", "", "")
            bm_zh, bm_en = _names(b.inputs, bm)
            name = (f'<a href="#c-{_e(bm)}">{_e(bm_zh or bm)}</a> <span class="en">{_e(bm_en)}</span> '
                    f'{_tier_badge(b, lead["benchmark_tier"])}') if first else ""
            rows.append([_td(name, raw=True), _td(_num(lead["distance"], 1) if first else "", True),
                         _td(f'{_e(zh)} <span class="en">{_e(en)} ({_e(unit)})</span>' if zh else "", raw=True),
                         _td(_value(lead["value"]), True),
                         _td(_value(lead["benchmark_value"]), True)])
            first = False
    return _table_html(headers, rows)


def _leap_sentence(b: Bulletin, path: _core.LeapPath) -> str:
    if not path.changes.shape[0]:
        return (f"已达到目标类别 {path.goal}（{path.basis}，得分 {path.score:.1f}）· Already in goal tier {path.goal} "
                f"({path.basis}, score {path.score:.1f}): no change needed.")
    verdict = "可行 feasible" if path.feasible else f"不可行 infeasible: {path.shortfall:.1f} points short within the bounds"
    return (f"目标 Goal: {path.goal}类 ({path.year}, {path.basis}); 得分 score {path.score:.1f} ({path.tier}) → "
            f"{path.new_score:.1f} ({path.new_tier}); {verdict}; growth of at most ×2 a year over {path.years} "
            f"year(s). {'Exact (linear programme).' if path.exact else 'Greedy (heuristic).'}")


def _leap_html(b: Bulletin, code: str) -> str:
    path = b.leaps[code]
    text = f"<p>{_e(_leap_sentence(b, path))}</p>"
    changes = path.changes
    if changes.empty:
        return text
    headers = [_th("指标", "Indicator"), _th("单位", "Unit"), _th("现值" if not path.projected else "预测值",
                                                                  "Now" if not path.projected else "Projected", True),
               _th("所需", "Needed", True), _th("变化", "Change", True), _th("%", "", True), _th("增分", "Points", True)]
    rows = []
    for _, c in changes.iterrows():
        zh, en, _ = _indicator(b, c["indicator"])
        rows.append([_td(f'{_e(zh)} <span class="en">{_e(en)}</span>', raw=True), _td(c["unit"]),
                     _td(_value(c["current"]), True), _td(_value(c["new_value"]), True), _td(_signed(c["change"], 2), True),
                     _td(_signed(c["change_pct"], 1), True), _td(_num(c["points"], 2), True)])
    return text + _table_html(headers, rows)


def _county_html(b: Bulletin, row: pd.Series) -> str:
    code = row["code"]
    tag = f'<span class="tag">{ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}</span>' if b.illustrative else ""
    facts = (f"{b.year}: 得分 score {row['score']:.2f} · 排名 rank {row['rank']} · {_move_text(row) or '—'} · "
             f"{b.year}年目标 goal {row['goal'] or '—'}")
    alerts = _alerts_frame(b, code)
    goal_year, goal = b.leaps[code].year, b.leaps[code].goal
    level_note = (f"Bars: normalised indicator scores ({b.year}); black ticks: the level of the county's "
                  f"{b.target_year} goal-tier target under the same normalisation (shown for fixed-bound "
                  f"normalisations). Orange: below the target level.")
    return (f'<article class="county" id="c-{_e(code)}"><header><h3>{_e(row["name_zh"] or code)} '
            f'<span class="en">{_e(row["name_en"])} · {_e(code)}</span></h3>{_tier_badge(b, row["tier"])}'
            f'<span class="facts">{_e(facts)}</span>{tag}</header>'
            f'<h4>指标得分 Indicator profile</h4>{_svg_profile(b, code)}<p class="note">{_e(level_note)}</p>'
            f'<h4>短板 Weak spots (top {WEAK_SPOTS} by composite points gained, {b.target_year} targets)</h4>'
            f'{_weak_html(b, code)}'
            f'<h4>对标先进 Benchmarks (most similar counties one tier up)</h4>{_bench_html(b, code)}'
            f'<h4>跃升路径 Leap path to {goal} ({goal_year})</h4>{_leap_html(b, code)}'
            f'<h4>预警 Targets at risk or off track ({len(alerts)})</h4>'
            + (_alerts_html(b, alerts) if len(alerts) else '<p class="note">无 · None.</p>')
            + "</article>")


def _method_html(b: Bulletin) -> str:
    inputs = b.inputs
    spec = json.dumps(inputs.spec.to_dict(), ensure_ascii=False, indent=2)
    scheme = inputs.scheme
    tier_rows = [[_td(_tier_badge(b, t.label), raw=True), _td(_both(t.name_zh, t.name_en)), _td(cond)]
                 for t, cond in zip(scheme.tiers, tier_conditions(scheme))]
    fw = inputs.framework
    frame = fw.to_frame().set_index("id")
    root = fw.nodes[fw.root].id
    dim_rows = []
    for dim in frame.index[frame["parent"] == root]:
        d = frame.loc[dim]
        dim_rows.append(["<tr class=\"sub\">" + _td(f"<b>{_e(d['name_zh'])}</b> <span class=\"en\">{_e(d['name_en'])}</span>",
                                                    raw=True) + _td(_num(d["weight"], 0), True)
                         + _td(f"{100 * d['share']:.0f} %", True) + _td("") + "</tr>"])
        for leaf in frame.index[frame["parent"] == dim]:
            l = frame.loc[leaf]
            dim_rows.append([f"<tr><td class=\"leaf\">{_e(l['name_zh'])} <span class=\"en\">{_e(l['name_en'])}</span></td>"
                             + _td(_num(l["weight"], 0), True) + _td(f"{100 * l['share']:.0f} %", True)
                             + _td(f"{l['unit']}; target {_value(l['target'])}" if not pd.isna(l["target"]) else l["unit"])
                             + "</tr>"])
    tree = ("<table><thead><tr>" + _th("维度 / 指标", "Dimension / indicator") + _th("权重", "Weight", True)
            + _th("占上级", "Share of parent", True) + _th("单位与标准", "Unit, standard") + "</tr></thead><tbody>"
            + "".join(r[0] for r in dim_rows) + "</tbody></table>")
    w = b.warning
    rules = (f"Projections: {w.method}, window k = {w.window} years, data up to {w.base_year}. Targets: on track when met "
             f"or when the growth still required is at most the recent growth (CAGR of the last k years); at risk when "
             f"it is at most {w.growth_factor:g} × the recent growth; off track otherwise. Goals and phases: at risk "
             f"within {w.score_margin:g} points of the boundary (projected years only). Leap paths: the least total "
             f"relative change of the indicators, each at most doubling a year, that lifts the score over the goal "
             f"tier's boundary.")
    return (_heading(3, "计算流程", "Pipeline spec") + f"<pre>{_e(spec)}</pre>"
            + _heading(3, "分类规则", f"Tier scheme ({scheme.rule})")
            + _table_html([_th("类别", "Tier"), _th("名称", "Name"), _th("条件", "Condition")], tier_rows)
            + _heading(3, "指标体系与权重", f"Framework and weights: {fw.info.id}")
            + f'<p><b>{_e(fw.info.name_zh)}</b> <span class="en">{_e(fw.info.name_en)}</span></p>'
            + f'<p class="note">{_e(fw.info.note)}</p>' + tree
            + _heading(3, "监测预警规则", "Warning rules") + f"<p>{_e(rules)}</p>")


def _provenance_html(b: Bulletin) -> str:
    inputs = b.inputs
    rows = [[_td(k), _td(v)] for k, v in inputs.sources.items()]
    plan = inputs.plan.info
    comments = "".join(f"<li>{_e(c)}</li>" for c in inputs.panel.comments) or "<li>(none)</li>"
    return (_table_html([_th("文件", "File"), _th("路径", "Path")], rows) + _vintage_html(b)
            + f"<p><b>计划 Plan:</b> {_e(plan.name_zh)} <span class=\"en\">{_e(plan.name_en)}</span> — "
              f"{_e(plan.issuer)}, {_e(plan.published)}</p>"
            + f"<p><b>面板注释 Panel comments:</b></p><ul>{comments}</ul>"
            + f"<p><b>面板 Panel:</b> {inputs.panel.n_regions} regions × {inputs.panel.n_variables} variables × "
              f"{inputs.panel.first_year}–{inputs.panel.last_year}; evaluated {b.year}, data after {b.year} not used.</p>"
            + f"<p><b>软件 Software:</b> countyleap {_e(b.scores.version)} (scores, tiers, gaps, weak spots, "
              f"benchmarks, projections, warnings and leap paths are computed by the library).</p>")


def _meta(b: Bulletin) -> str:
    """The line under the title: the plan, its issuer and document number, the data's vintage and
    the version. From illustrative data the official notice's number is left out (a cropped page
    must not read as an official statistic) and the line says ILLUSTRATIVE instead."""
    plan = b.inputs.plan.info
    parts = [plan.name_zh]
    if b.illustrative:
        parts.append(f"{_provenance.ILLUSTRATIVE_WORD} {ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}")
    else:
        parts.append(plan.issuer)
    vintage = _provenance.vintage_text(b.provenance.get("vintage"))
    if vintage:
        parts.append(f"数据版本 vintage {vintage}")
    parts.append(f"countyleap {b.scores.version}")
    return " · ".join(p for p in parts if p)


CAVEAT_HEADERS = (("代码", "Code"), ("县", "County"), ("变量", "Variable"), ("年", "Year"), ("数值", "Value"),
                  ("状态", "Status"), ("规则", "Flags"), ("来源", "Source"))


def _caveat_rows(b: Bulletin) -> list[list[str]]:
    return [[c["code"], _names(b.inputs, c["code"])[0], c["variable"], str(c["year"]), _value(c["value"]), c["status"],
             "; ".join(c["flags"]), c["where"]] for _, c in b.caveats.iterrows()]


def _vintage_html(b: Bulletin) -> str:
    """The data's vintage (store) and the provisional and flagged values the bulletin used."""
    vintage = b.provenance.get("vintage")
    if not vintage:
        return ""
    rows = [[_td(cell) for cell in row] for row in _caveat_rows(b)]
    return (_heading(3, "数据版本", "Data vintage")
            + f"<p>{_e(_provenance.vintage_text(vintage))}. {len(b.caveats)} provisional or flagged value(s) used (years up to {b.year}):</p>"
            + (_table_html([_th(zh, en) for zh, en in CAVEAT_HEADERS], rows) if rows else ""))


def _md_vintage(b: Bulletin) -> str:
    vintage = b.provenance["vintage"]
    text = (f"\n数据版本 Data vintage: {_provenance.vintage_text(vintage)}. "
            f"{len(b.caveats)} provisional or flagged value(s) used (years up to {b.year}).\n\n")
    if len(b.caveats):
        text += _md_table([f"{zh} {en}" for zh, en in CAVEAT_HEADERS], _caveat_rows(b))
    return text


def _title(b: Bulletin) -> tuple[str, str]:
    return (f"县域科技创新能力监测评价通报（{b.year}年度）",
            f"County S&T innovation capability: annual bulletin, evaluation year {b.year}")


def render_html(b: Bulletin) -> str:
    """The bulletin as one self-contained HTML document (inline CSS and SVG, no scripts)."""
    zh, en = _title(b)
    goals = b.warning.goals
    this_year = goals[goals["year"] == b.year]
    alerts = _alerts_frame(b)
    cards = [(" / ".join(f"{r['tier']} {r['count']}" for _, r in b.counts.iterrows()), f"{b.year}年分类 Tier counts"),
             (" / ".join(f"{r['tier']} {r['plan']}" for _, r in b.counts.iterrows()) if b.phase is not None else "—",
              "计划 Plan"),
             (f"{int((this_year['status'] == 'on_track').sum())} / {len(this_year)}", f"{b.year}年目标达成 Goals met"),
             (f"{len(alerts)}", "预警指标 Targets at risk / off track")]
    toc_sections = [("summary", "概要", "Summary"), ("ranking", "排名与分类", "Ranking and tiers"),
                    ("counts", "分类统计与计划", "Tier counts against the plan"),
                    ("goals", "计划目标进展", "Plan goals"),
                    *([("published", "已公布结果", "Published results")] if b.published is not None else []),
                    ("warnings", "预警", "Warnings"),
                    ("counties", "县（市、区）分析", "County pages"), ("method", "方法", "Method"),
                    ("provenance", "数据来源", "Data provenance")]
    toc = ("<nav class=\"toc\"><b>目录 Contents</b><ol>"
           + "".join(f'<li><a href="#{a}">{_e(z)} <span class="en">{_e(e)}</span></a></li>' for a, z, e in toc_sections)
           + "</ol><ul class=\"counties\">"
           + "".join(f'<li><a href="#c-{_e(r["code"])}">{_e(r["name_zh"] or r["code"])} '
                     f'<span class="en">{_e(r["name_en"])}</span></a></li>' for _, r in b.ranking.iterrows())
           + "</ul></nav>")
    counties = "".join(_county_html(b, r) for _, r in b.ranking.iterrows())
    body = (_banner_html(b)
            + f"<header><h1>{_e(zh)}</h1><p class=\"subtitle\">{_e(en)}</p>"
            + f"<p class=\"meta\">{_e(_meta(b))}</p></header>"
            + toc
            + _heading(2, "概要", "Summary", "summary")
            + "<div class=\"cards\">" + "".join(f'<div class="card"><b>{_e(v)}</b><span>{_e(k)}</span></div>'
                                                for v, k in cards) + "</div>"
            + "<ul>" + "".join(f"<li>{_e(line)}</li>" for line in summary(b).splitlines()) + "</ul>"
            + _heading(2, "排名与分类", "Ranking and tiers", "ranking") + _svg_ranking(b) + _ranking_html(b)
            + _heading(2, "分类统计与计划", "Tier counts against the plan", "counts") + _counts_html(b)
            + _heading(2, "计划目标进展", "Plan goals", "goals")
            + _heading(3, "阶段", "Phases (cumulative counts from the best tier)") + _phases_html(b)
            + _heading(3, "各县目标", "Per-county goals") + _goals_html(b)
            + (_heading(2, "已公布结果", "Published results", "published") + f"<p>{_e(PUBLISHED_NOTE)}</p>"
               + _table_html([_th(*h.split(" ", 1)) for h in _published_table(b)[0]],
                             [[_td(c) for c in row] for row in _published_table(b)[1]])
               if b.published is not None else "")
            + _heading(2, "预警", "Warnings: targets at risk or off track", "warnings")
            + f"<p>{len(alerts)} of {len(b.warning.targets)} region × target checks are at risk or off track "
              f"(data up to {b.warning.base_year}); by county below, each in full on its county page.</p>"
            + _overview_html(b)
            + _heading(2, "县（市、区）分析", "County pages", "counties") + counties
            + _heading(2, "方法", "Method", "method") + _method_html(b)
            + _heading(2, "数据来源", "Data provenance", "provenance") + _provenance_html(b)
            + f"<footer>{ILLUSTRATIVE_ZH + ' · ' + ILLUSTRATIVE_EN + ' · ' if b.illustrative else ''}"
              f"countyleap {_e(b.scores.version)}</footer>")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_e(zh)} · {_e(en)}</title><style>{CSS}</style></head><body>{body}</body></html>\n")


# ---- Markdown ---------------------------------------------------------------------------------

def _md_cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(map(_md_cell, headers)) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def render_markdown(b: Bulletin) -> str:
    """The bulletin's Markdown twin: the same sections, the charts as tables."""
    zh, en = _title(b)
    out = [f"# {zh}\n\n{en}\n"]
    if b.illustrative:
        out.append(f"> **{ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}.**\n" + "".join(f"> {c}\n" for c in b.inputs.panel.comments))
    plan = b.inputs.plan.info
    out.append(_meta(b) + "\n")
    if b.provenance.get("vintage"):
        out.append(_md_vintage(b))
    out.append("## 概要 Summary\n\n" + "\n".join(f"- {line}" for line in summary(b).splitlines()) + "\n")
    prev = b.previous_year
    out.append("## 排名与分类 Ranking and tiers\n")
    out.append(_md_table(["排名 Rank", "代码 Code", "县 County", "得分 Score", "类别 Tier",
                          f"{prev or '上年'} Previous", "变动 Move", "得分变化 Change", "位次变化 Places",
                          f"{b.year}目标 Goal", "距上一档 To next tier"],
                         [[r["rank"], r["code"], _both(r["name_zh"], r["name_en"]), _num(r["score"], 2),
                           r["tier"] + _partial_mark(r), r["previous_tier"], _move_text(r), _signed(r["score_change"], 2),
                           _rank_text(r), r["goal"], _num(r["margin_up"], 2)] for _, r in b.ranking.iterrows()]))
    if _partial_note(b):
        out.append(_partial_note(b) + "\n")
    out.append("## 分类统计与计划 Tier counts against the plan\n")
    out.append(_md_table(["类别 Tier", "名称 Name", f"{prev or '上年'}", f"{b.year}", "计划 Plan", "差额 Difference"],
                         [[r["tier"], _both(r["name_zh"], r["name_en"]), "" if r["previous"] is None else r["previous"],
                           r["count"], "" if r["plan"] is None else r["plan"],
                           "" if r["plan"] is None else f"{r['count'] - r['plan']:+d}"] for _, r in b.counts.iterrows()]))
    out.append("## 计划目标进展 Plan goals\n\n### 阶段 Phases\n")
    labels = b.warning.tier_labels
    out.append(_md_table(["阶段 Phase", "年度 Year", "依据 Basis"] + [f">={l} reached/aimed" for l in labels[:-1]]
                         + ["状态 Status", "说明 Reason"],
                         [[p["phase"], p["year"], p["basis"]]
                          + [f"{p[f'at_least_{l}']}/{p[f'target_at_least_{l}']}" for l in labels[:-1]]
                          + [" ".join(STATUS[p["status"]]), p["reason"]] for _, p in b.warning.phases.iterrows()]))
    out.append("\n### 各县目标 Per-county goals\n")
    out.append(_md_table(["县 County", "年 Year", "目标 Goal", "等级 Tier", "得分 Score", "状态 Status", "说明 Reason"],
                         [[_county(b, g["code"]), g["year"], g["goal"], g["tier"], _num(g["score"], 1),
                           " ".join(STATUS[g["status"]]), g["reason"]] for _, g in b.warning.goals.reset_index().iterrows()]))
    if b.published is not None:
        out.append(f"\n## 已公布结果 Published results\n\n{PUBLISHED_NOTE}\n\n" + _md_table(*_published_table(b)))
    alerts = _alerts_frame(b)
    out.append(f"\n## 预警 Warnings: targets at risk or off track\n\n{len(alerts)} of {len(b.warning.targets)} "
               f"region × target checks (data up to {b.warning.base_year}); by county below, each in full "
               f"on its county page.\n\n")
    out.append(_md_table(["县 County", "滞后 Off track", "预警 At risk", "主要指标 First indicators"],
                         [[_county(b, code), off, risk,
                           "；".join(_indicator(b, i)[0] for i in ids) + ("…" if off + risk > len(ids) else "")]
                          for code, off, risk, ids in _alert_overview(b)]))
    out.append("\n## 县（市、区）分析 County pages\n")
    for _, r in b.ranking.iterrows():
        out.append(_md_county(b, r))
    out.append("\n## 方法 Method\n\n### 计算流程 Pipeline spec\n\n```json\n"
               + json.dumps(b.inputs.spec.to_dict(), ensure_ascii=False, indent=2) + "\n```\n")
    scheme = b.inputs.scheme
    out.append(f"\n### 分类规则 Tier scheme ({scheme.rule})\n\n"
               + _md_table(["类别 Tier", "名称 Name", "条件 Condition"],
                           [[t.label, _both(t.name_zh, t.name_en), c] for t, c in zip(scheme.tiers, tier_conditions(scheme))]))
    fw = b.inputs.framework
    frame = fw.to_frame().set_index("id")
    root = fw.nodes[fw.root].id
    rows = []
    for dim in frame.index[frame["parent"] == root]:
        d = frame.loc[dim]
        rows.append([f"**{_both(d['name_zh'], d['name_en'])}**", _num(d["weight"], 0), ""])
        rows += [[f"  {_both(frame.loc[l, 'name_zh'], frame.loc[l, 'name_en'])}", _num(frame.loc[l, "weight"], 0),
                  frame.loc[l, "unit"]] for l in frame.index[frame["parent"] == dim]]
    out.append(f"\n### 指标体系与权重 Framework and weights: {fw.info.id}\n\n{fw.info.name_zh}\n\n{fw.info.note}\n\n"
               + _md_table(["维度 / 指标 Dimension / indicator", "权重 Weight", "单位 Unit"], rows))
    out.append("\n## 数据来源 Data provenance\n\n"
               + _md_table(["文件 File", "路径 Path"], list(b.inputs.sources.items()))
               + f"\n计划 Plan: {plan.name_zh} — {plan.issuer}, {plan.published}\n\n面板注释 Panel comments:\n\n"
               + "".join(f"- {c}\n" for c in b.inputs.panel.comments)
               + f"\n软件 Software: countyleap {b.scores.version}\n")
    return "\n".join(out)


def _md_alerts(b: Bulletin, alerts: pd.DataFrame) -> str:
    rows = []
    for _, t in alerts.iterrows():
        zh, en, _ = _indicator(b, t["indicator"])
        rows.append([_both(zh, en), t["kind"], t["tier"], _value(t["value"]),
                     _value(t["target"]) if not math.isnan(t["target"]) else f">={_num(t['min_rate_pct'], 0)} %/yr",
                     _num(t["required_growth_pct"], 1), _num(t["recent_growth_pct"], 1),
                     " ".join(STATUS[t["status"]]), t["reason"]])
    return _md_table(["指标 Indicator", "类型 Kind", "类别 Tier", "现值 Value", "目标 Target", "所需增速 Required %/yr",
                      "近期增速 Recent %/yr", "状态 Status", "说明 Reason"], rows)


def _md_county(b: Bulletin, r: pd.Series) -> str:
    code = r["code"]
    parts = [f"\n### {r['name_zh'] or code} {r['name_en']} ({code})\n"]
    if b.illustrative:
        parts.append(f"_{ILLUSTRATIVE_ZH} · {ILLUSTRATIVE_EN}_\n\n")
    parts.append(f"{b.year}: score {r['score']:.2f}, tier {r['tier']}, rank {r['rank']}, "
                 f"{_move_text(r) or 'no previous year'}, goal {r['goal'] or '—'}\n")
    profile = b.profile[b.profile["code"] == code]
    parts.append("\n#### 指标得分 Indicator profile\n\n" + _md_table(
        ["维度 Dimension", "指标 Indicator", "得分 Score", f"{b.target_year}目标水平 Target level"],
        [[_node(b, p["dimension"])[0], _indicator(b, p["indicator"])[0], _num(p["score"], 1), _num(p["target_level"], 1)]
         for _, p in profile.iterrows()]))
    weak = b.weak[b.weak["code"] == code]
    parts.append(f"\n#### 短板 Weak spots (top {WEAK_SPOTS})\n\n" + (_md_table(
        ["#", "指标 Indicator", "单位 Unit", "现值 Value", "目标 Target", "增分 Points gained"],
        [[w["rank"], _both(*_indicator(b, w["indicator"])[:2]), _indicator(b, w["indicator"])[2], _value(w["value"]),
          _value(w["target"]), _num(w["gain"], 2)] for _, w in weak.iterrows()]) if len(weak) else "None.\n"))
    bench = b.bench[b.bench["code"] == code]
    parts.append("\n#### 对标先进 Benchmarks\n\n" + (_md_table(
        ["对标县 Benchmark", "类别 Tier", "距离 Distance", "领先指标 Leads on", "本县 Here", "对标县 There"],
        [[_county(b, x["benchmark"]), x["benchmark_tier"], _num(x["distance"], 1),
          _both(*_indicator(b, x["indicator"])[:2]) if isinstance(x["indicator"], str) else "", _value(x["value"]),
          _value(x["benchmark_value"])] for _, x in bench.iterrows()]) if len(bench) else "None (best tier).\n"))
    path = b.leaps[code]
    parts.append(f"\n#### 跃升路径 Leap path to {path.goal} ({path.year})\n\n{_leap_sentence(b, path)}\n\n")
    if len(path.changes):
        parts.append(_md_table(["指标 Indicator", "单位 Unit", "现值 Now", "所需 Needed", "变化 Change", "%", "增分 Points"],
                               [[_indicator(b, c["indicator"])[0], c["unit"], _value(c["current"]), _value(c["new_value"]),
                                 _signed(c["change"], 2), _signed(c["change_pct"], 1), _num(c["points"], 2)]
                                for _, c in path.changes.iterrows()]))
    alerts = _alerts_frame(b, code)
    parts.append(f"\n#### 预警 Targets at risk or off track ({len(alerts)})\n\n"
                 + (_md_alerts(b, alerts) if len(alerts) else "None.\n"))
    return "".join(parts)


def write(b: Bulletin, path: Any) -> tuple[str, str]:
    """Writes the HTML bulletin to `path` and its Markdown twin next to it (same name, .md).

    Returns
    -------
    tuple[str, str]
        The two paths written.
    """
    html_path = os.fspath(path)
    md_path = os.path.splitext(html_path)[0] + ".md"
    folder = os.path.dirname(html_path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(render_html(b))
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(render_markdown(b))
    return html_path, md_path
