"""``countyleap info``: summarise a dataset, a regions/framework/plan JSON file or a panel CSV."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Optional, TextIO

import numpy as np

from .. import _core, datasets
from .._display import tier_conditions
from .._errors import FileError, ParseError, located
from .inputs import add_dataset_option, sibling
from .output import heading, names, num, table
from .registry import Runner, UsageError, command

# ---- what `info` prints -----------------------------------------------------------------------

def _print_plan(out: TextIO, plan: _core.Plan, regions: Optional[_core.RegionSet],
                framework: Optional[_core.Framework]) -> None:
    info = plan.info
    out.write(f"Plan  {names(info.name_zh, info.id)}\n")
    for line in (info.name_en, info.issuer, f"published {info.published}" if info.published else ""):
        if line:
            out.write(f"      {line}\n")

    scheme = plan.tiers
    heading(out, f"Tiers (best first; rule {scheme.rule})")
    table(out, ["tier", "condition", "name"],
           [[t.label, condition, names(t.name_zh, t.name_en)] for t, condition in zip(scheme.tiers, tier_conditions(scheme))])

    _print_units(out, plan, regions)
    _print_phases(out, plan)
    _print_indicator_targets(out, plan, framework)
    _print_growth_targets(out, plan, framework)
    facts = plan.facts
    if facts:
        heading(out, "Other figures")
        table(out, ["id", "value", "unit", "years", "§", "note"],
               [[f.id, num(f.value), f.unit, _span(f.from_year, f.to_year), f.section, f.note] for f in facts],
               right=[1])


def _span(first: int, last: int) -> str:
    if not first and not last:
        return ""
    return f"{first or '?'}-{last or '?'}"


def _tier_cell(tier: Optional[_core.RegionTier]) -> str:
    return "" if tier is None else tier.tier + ("*" if tier.inferred else "")


def _print_units(out: TextIO, plan: _core.Plan, regions: Optional[_core.RegionSet]) -> None:
    observed = {(t.code, t.evaluation_year): t for t in plan.observed}
    goals = {(t.code, t.evaluation_year): t for t in plan.goals}
    observed_years = sorted({y for _, y in observed})
    goal_years = sorted({y for _, y in goals})
    codes = [r.code for r in regions.regions if r.in_scope] if regions is not None else []
    for code, _ in list(observed) + list(goals):
        if code not in codes:
            codes.append(code)
    if not codes:
        return
    both = set(observed_years) & set(goal_years)
    headers = (["code", "name", "", "kind"] + [f"{y}{' obs' if y in both else ''}" for y in observed_years]
               + [f"{y}{' goal' if y in both else ''}" for y in goal_years])
    rows = []
    for code in codes:
        region = regions[code] if regions is not None and code in regions else None
        rows.append([code, region.name_zh if region else "", region.name_en if region else "",
                     region.kind if region else ""]
                    + [_tier_cell(observed.get((code, y))) for y in observed_years]
                    + [_tier_cell(goals.get((code, y))) for y in goal_years])
    legend = []
    if observed_years:
        legend.append("evaluated tier " + ", ".join(map(str, observed_years)))
    if goal_years:
        legend.append("goals " + ", ".join(map(str, goal_years)))
    heading(out, f"Units ({len(codes)}; {'; '.join(legend)}; * = inferred)")
    table(out, headers, rows)
    if regions is not None:
        for region in regions.regions:
            if not region.in_scope and region.code not in codes:
                note = f" ({region.note})" if region.note else ""
                out.write(f"  out of scope: {region.code}  {names(region.name_zh, region.name_en)}{note}\n")


def _print_phases(out: TextIO, plan: _core.Plan) -> None:
    if not plan.phases:
        return
    labels = plan.tier_labels
    by_year: dict[int, dict[str, int]] = {}
    for t in plan.observed + plan.goals:
        counts = by_year.setdefault(t.evaluation_year, dict.fromkeys(labels, 0))
        counts[t.tier] += 1
    rows = []
    for p in plan.phases:
        counts = p.tier_counts
        units = by_year.get(p.evaluation_year)
        rows.append([p.id, str(p.evaluation_year),
                     (str(p.publication_year) if p.publication_year else "") + ("*" if p.publication_year_inferred else "")]
                    + [str(counts[l]) if l in counts else "" for l in labels]
                    + ["/".join(str(units[l]) for l in labels) if units else "", names(p.name_zh, p.name_en)])
    heading(out, "Phases (tier counts aimed for; units = the units' goals or observed tiers that year)")
    table(out, ["phase", "evaluated", "published"] + labels + ["units " + "/".join(labels), "name"], rows,
           right=range(1, 3 + len(labels)))


def _described(framework: Optional[_core.Framework], id: str) -> tuple[str, str]:
    """(name_zh, name_en) of an indicator or variable of the framework, empty when unknown."""
    if framework is not None:
        item = framework.find_indicator(id) or framework.find_variable(id)
        if item is not None:
            return item.name_zh, item.name_en
    return "", ""


def _print_indicator_targets(out: TextIO, plan: _core.Plan, framework: Optional[_core.Framework]) -> None:
    targets = plan.indicator_target_list
    tiers = [l for l in plan.tier_labels if any(t.tier == l for t in targets)]
    for year in sorted({t.year for t in targets}):
        values: dict[str, dict[str, _core.IndicatorTarget]] = {}
        for t in targets:
            if t.year == year:
                values.setdefault(t.indicator, {})[t.tier] = t
        rows = []
        for indicator, by_tier in values.items():
            first = next(iter(by_tier.values()))
            zh, en = _described(framework, indicator)
            rows.append([first.section, indicator, first.unit, first.unit_en]
                        + [num(by_tier[l].value) if l in by_tier else "" for l in tiers] + [zh, en])
        heading(out, f"Indicator targets for {year} (each unit of a tier reaches at least the value)")
        table(out, ["§", "indicator", "unit", "(as the plan writes it; English)"] + tiers + ["name", ""], rows,
              right=range(4, 4 + len(tiers)))


def _print_growth_targets(out: TextIO, plan: _core.Plan, framework: Optional[_core.Framework]) -> None:
    targets = plan.growth_target_list
    if not targets:
        return
    rows = []
    for g in targets:
        zh, en = _described(framework, g.variable)
        rows.append([g.section, g.variable, f">= {num(g.min_rate_pct)} %/year", g.rule.replace("_", " "),
                     _span(g.from_year, g.to_year) + ("*" if g.years_inferred else ""), zh, en])
    heading(out, "Growth targets (* = span inferred)")
    table(out, ["§", "variable", "growth", "rule", "span", "name", ""], rows)


def _print_regions(out: TextIO, regions: _core.RegionSet) -> None:
    in_scope = sum(r.in_scope for r in regions.regions)
    out.write(f"Regions  {len(regions)} ({in_scope} in scope), code scheme {regions.code_scheme}\n\n")
    table(out, ["code", "name", "", "kind", "parent", "scope", "note"],
           [[r.code, r.name_zh, r.name_en, r.kind, r.parent, "" if r.in_scope else "out", r.note]
            for r in regions.regions])
    if regions.history:
        heading(out, "Code history")
        table(out, ["old", "name", "new", "year", "note"],
               [[h.old_code, h.old_name_zh, h.new_code, str(h.year), h.note] for h in regions.history])


def _print_framework(out: TextIO, framework: _core.Framework) -> None:
    info = framework.info
    out.write(f"Framework  {names(info.id, info.name_zh)}\n")
    if info.name_en:
        out.write(f"           {info.name_en}\n")
    out.write(f"  {len(framework)} nodes, {framework.n_leaves} scored indicators of {len(framework.indicators)}, "
              f"{len(framework.variables)} variables\n")
    if len(framework) == 0:
        return
    rows = []
    stack = [(framework.root, 0)]
    while stack:
        i, depth = stack.pop()
        node = framework.nodes[i]
        leaf = framework.is_leaf(i)
        ind = framework.leaf_indicator(i) if leaf else None
        rows.append(["  " * depth + node.id, num(node.weight), f"{100 * framework.share(i):.1f}%",
                     ind.kind if ind else "", ind.unit if ind else "",
                     node.name_zh or (ind.name_zh if ind else ""), node.name_en or (ind.name_en if ind else "")])
        stack.extend((c, depth + 1) for c in reversed(framework.children(i)))
    heading(out, "Tree (weight, share of the parent)")
    table(out, ["node", "weight", "share", "kind", "unit", "name", ""], rows, right=[1, 2])
    unscored = framework.unscored_indicators()
    if unscored:
        out.write(f"  not scored: {', '.join(unscored)}\n")
    if info.note:
        heading(out, "Note")
        out.write(f"  {info.note}\n")


def _print_panel(out: TextIO, panel: _core.Panel, source: str) -> None:
    years = f"{panel.first_year}-{panel.last_year}" if panel.n_years else "no years"
    out.write(f"Panel  {source}\n")
    for comment in panel.comments:
        out.write(f"  # {comment}\n")
    out.write(f"  {panel.n_regions} regions x {panel.n_variables} variables x {years}; "
              f"{panel.count_present()} of {panel.values.size} values present, {panel.n_notes} notes\n")
    if panel.n_variables and panel.n_regions and panel.n_years:
        present = (~np.isnan(panel.values)).sum(axis=(0, 2))
        cells = panel.n_regions * panel.n_years
        heading(out, "Variables (values present of regions x years)")
        table(out, ["variable", "present"], [[v, f"{int(n)}/{cells}"] for v, n in zip(panel.variables, present)],
               right=[1])


def _print_dataset(out: TextIO, ds: _core.Dataset) -> None:
    regions = ds.regions
    in_scope = sum(r.in_scope for r in regions.regions)
    out.write(f"Dataset  {ds.directory}\n")
    out.write(f"  regions    {len(regions)} ({in_scope} in scope)\n")
    if ds.framework is not None:
        fw = ds.framework
        out.write(f"  framework  {fw.info.id}: {fw.n_leaves} scored indicators of {len(fw.indicators)}, "
                  f"{len(fw.variables)} variables\n")
    out.write(f"  panel      {ds.panel_file or 'none'}\n\n")
    if ds.plan is not None:
        _print_plan(out, ds.plan, regions, ds.framework)
    else:
        _print_regions(out, regions)
    if ds.panel is not None:
        out.write("\n")
        _print_panel(out, ds.panel, ds.panel_file)


def _json_schema(path: str) -> str:
    """The `schema` of a countyleap JSON file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise located(FileError, f"cannot read the file: {e.strerror}", file=path) from None
    except UnicodeDecodeError as e:
        raise located(ParseError, f"not UTF-8 text (byte {e.start})", file=path) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as e:
        raise located(ParseError, e.msg, file=path, line=e.lineno, column=e.colno) from None
    except RecursionError:  # thousands of nested arrays or objects
        raise located(ParseError, "malformed JSON: nested too deeply", file=path) from None
    schema = document.get("schema") if isinstance(document, dict) else None
    if not isinstance(schema, str):
        raise located(ParseError, "not a countyleap JSON file: no \"schema\" key", file=path)
    return schema



def _info_file(out: TextIO, path: str, args: argparse.Namespace) -> None:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        panel = _core.read_panel_csv(path, args.layout, encoding=args.encoding, code_scheme=args.code_scheme)
        _print_panel(out, panel, path)
        return
    if suffix != ".json":
        raise UsageError(f"cannot tell what '{path}' is: expected a dataset folder, a .json file or a .csv file")
    schema = _json_schema(path)
    if schema == "countyleap.regions/1":
        _print_regions(out, _core.read_regions_json(path))
    elif schema == "countyleap.framework/1":
        _print_framework(out, _core.read_framework_json(path))
    elif schema == "countyleap.plan/1":
        plan = _core.read_plan_json(path)
        regions_file, framework_file = sibling(path, "regions.json"), sibling(path, "framework.json")
        regions = _core.read_regions_json(regions_file) if regions_file else None
        framework = _core.read_framework_json(framework_file) if framework_file else None
        _print_plan(out, plan, regions, framework)
    else:
        raise located(ParseError, f"unknown schema '{schema}' (expected countyleap.regions/1, "
                      "countyleap.framework/1 or countyleap.plan/1)", file=path)


@command("info", help="summarise a dataset, a regions/framework/plan JSON file or a panel CSV",
         description="Summarise a dataset folder, a regions.json, framework.json or plan.json file, or a panel "
                     "CSV. For a plan (alone or in a dataset) it prints the units with their evaluated tiers and "
                     "goals, the phases, the indicator targets per tier and the growth targets; a plan file's "
                     "sibling regions.json and framework.json supply the names.")
def _info(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument("path", nargs="?", help="a dataset folder, a countyleap JSON file or a panel CSV")
    add_dataset_option(parser, "a bundled dataset instead of a path")
    parser.add_argument("--layout", choices=["long", "wide"], default="long", help="panel CSV layout (default long)")
    parser.add_argument("--encoding", default="utf-8", help="panel CSV encoding: utf-8 (default) or gb18030/gbk")
    parser.add_argument("--code-scheme", choices=["gbt2260", "free"], default="gbt2260",
                        help="region codes of a panel CSV (default gbt2260)")

    def run(args: argparse.Namespace) -> int:
        if (args.path is None) == (args.dataset is None):
            raise UsageError("info needs a path or --dataset NAME (one of them)")
        out = sys.stdout
        if args.dataset is not None:
            _print_dataset(out, datasets.load(args.dataset))
        elif os.path.isdir(args.path):
            _print_dataset(out, _core.read_dataset(args.path))
        else:
            _info_file(out, args.path, args)
        return 0
    return run

