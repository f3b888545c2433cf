"""Notebook display: ``_repr_html_`` for RegionSet, Framework, Panel, TierScheme, Plan, Dataset and
Scores, attached to the classes of the compiled core by :mod:`countyleap._classes`. Each shows a one-line
summary and a small table with Chinese and English names."""

from __future__ import annotations

import html
import json
from typing import Iterator

import pandas as pd

from . import _core

HEAD = 10  #: rows shown of long tables


def _summary(title: str, *details: str) -> str:
    parts = [f"<b>{html.escape(title)}</b>"] + [html.escape(d) for d in details if d]
    return "<p>" + " &middot; ".join(parts) + "</p>"


def _table(frame: pd.DataFrame, rows: int = HEAD) -> str:
    more = len(frame) - rows
    text = frame.head(rows).to_html(index=False, na_rep="", border=0)
    if more > 0:
        text += f"<p><i>&hellip; {more} more rows</i></p>"
    return text


def _names(zh: str, en: str) -> str:
    return " ".join(n for n in (zh, en) if n)


def _regions_html(self: _core.RegionSet) -> str:
    in_scope = sum(r.in_scope for r in self.regions)
    head = _summary("RegionSet", f"{len(self)} regions ({in_scope} in scope)", f"{len(self.history)} code changes",
                    f"scheme {self.code_scheme}")
    columns = ["code", "name_zh", "name_en", "kind", "parent", "in_scope"]
    return head + _table(self.to_frame()[columns])


def _tree(framework: _core.Framework) -> Iterator[tuple[int, int]]:
    """(node index, depth) in pre-order from the root."""
    stack = [(framework.root, 0)]
    while stack:
        i, depth = stack.pop()
        yield i, depth
        stack.extend((c, depth + 1) for c in reversed(framework.children(i)))


def _framework_html(self: _core.Framework) -> str:
    if len(self) == 0:
        return _summary("Framework", "empty")
    info = self.info
    head = _summary("Framework", _names(info.name_zh, info.name_en) or info.id,
                    f"{len(self)} nodes, {self.n_leaves} scored of {len(self.indicators)} indicators, "
                    f"{len(self.variables)} variables")
    frame = self.to_frame()
    rows = []
    for i, depth in _tree(self):
        row = frame.iloc[i]
        rows.append({"node": "\u2003" * depth + row["id"], "name_zh": row["name_zh"], "name_en": row["name_en"],
                     "weight": f"{row['weight']:g}", "share": f"{100 * row['share']:.1f}%",
                     "kind": row["kind"] if row["is_indicator"] else ""})
    note = f"<p><small>{html.escape(info.note)}</small></p>" if info.note else ""
    return head + note + _table(pd.DataFrame(rows), rows=40)


def _panel_html(self: _core.Panel) -> str:
    years = f"{self.first_year}\u2013{self.last_year}" if self.n_years else "no years"
    head = _summary("Panel", f"{self.n_regions} regions \u00d7 {self.n_variables} variables \u00d7 {years}",
                    f"{self.count_present()} of {self.values.size} values present", f"{self.n_notes} notes")
    comments = "".join(f"<p><small># {html.escape(c)}</small></p>" for c in self.comments)
    return head + comments + _table(self.to_frame("wide"))


def tier_conditions(scheme: _core.TierScheme) -> list[str]:
    """What puts a region in each tier of `scheme`, best first, e.g. ['>= 80', '>= 60', 'below']
    (Hebei), ['> 1.25 x mean', ...] (EIS), ['best 5', 'next 5', 'rest'] (quota)."""
    out = []
    last = len(scheme) - 1
    for i, t in enumerate(scheme.tiers):
        relation = ">=" if t.inclusive else ">"
        if scheme.rule == "natural_breaks":
            out.append(f"natural-breaks class {i + 1}")
        elif i == last:
            out.append("below" if scheme.rule in ("fixed", "relative_to_mean") else "rest")
        elif scheme.rule == "fixed" or (scheme.rule == "relative_to_mean" and not t.relative):
            out.append(f"{relation} {t.bound:g}")
        elif scheme.rule == "relative_to_mean":
            out.append(f"{relation} {t.bound:g} x mean")
        elif scheme.rule == "quota":
            amount = f"{100 * t.bound:g} %" if scheme.quota_share else f"{t.bound:g}"
            out.append(f"{'best' if i == 0 else 'next'} {amount}")
        else:
            out.append(f">= {t.bound:g} targets met")
    return out


def _scheme_text(scheme: _core.TierScheme) -> str:
    return ", ".join(f"{t.label} {c}" for t, c in zip(scheme.tiers, tier_conditions(scheme)))


def _scheme_html(self: _core.TierScheme) -> str:
    head = _summary("TierScheme", self.rule, f"{len(self)} tiers",
                    f"{self.sub_bands} sub-bands" if self.sub_bands > 1 else "")
    frame = self.to_frame()
    frame.insert(1, "condition", tier_conditions(self))
    return head + _table(frame)


def _plan_html(self: _core.Plan) -> str:
    info = self.info
    head = _summary("Plan", _names(info.name_zh, info.name_en) or info.id, info.issuer, info.published)
    tiers = _scheme_text(self.tiers)
    counts = self.tier_counts()[["year", *self.tier_labels, "publication_year", "phase", "name_zh", "name_en"]]
    return head + f"<p>Tiers ({html.escape(self.tiers.rule)}): {html.escape(tiers)}</p>" + _table(counts)


def _scores_html(self: _core.Scores) -> str:
    n_regions, n_nodes = self.values.shape
    head = _summary("Scores", str(self.year), f"{n_regions} regions × {n_nodes} nodes "
                    f"({self.n_leaves} indicators)", f"countyleap {self.version}")
    if n_regions == 0 or n_nodes == 0:
        return head
    frame = self.to_frame()
    root = self.nodes[-1]
    framework = self.framework
    shown = [root] + [framework.nodes[c].id for c in framework.children(framework.root)]
    table = frame[shown].copy()
    table.insert(0, "rank", self.to_frame(ranks=True)[f"{root}_rank"])
    table["indicators"] = [f"{p}/{e}" for p, e in zip(frame["present"], frame["expected"])]
    regions = self.region_set
    if regions is not None:
        names = regions.to_frame().set_index("code")
        for column in ("name_en", "name_zh"):
            cells = names[column].reindex(table.index).fillna("")
            if (cells != "").any():
                table.insert(1, column, cells)
    table = table.sort_values(["rank"], na_position="last").reset_index()
    spec = json.dumps(json.loads(self.spec), ensure_ascii=False)
    partial = (frame["present"] < frame["expected"]) & frame[root].notna()
    note = (f"<p><b>{int(partial.sum())} of {len(frame)} regions scored on partial data</b> (indicators present "
            "/ expected below full): their scores and tiers rest on the components present.</p>" if partial.any() else "")
    return (head + note + _table(table.round(3))
            + f"<p><small>spec: <code>{html.escape(spec)}</code></small></p>")


def _dataset_html(self: _core.Dataset) -> str:
    parts = [_summary("Dataset", self.name, "ILLUSTRATIVE data, not official statistics" if self.illustrative else ""),
             _regions_html(self.regions)]
    for part in (self.framework, self.plan, self.panel):
        if part is not None:
            parts.append(part._repr_html_())
    return "".join(parts)
