"""The countyleap command line: ``countyleap <command> ...`` (also ``python3 -m countyleap``).

Commands are registered with :func:`command`: the decorated function receives the command's
argparse parser, adds its arguments and returns the function that runs it (``args -> exit
code``). ``main`` builds the parser from the registry, so a new command (classify, report, ...)
is one more decorated function in this module or one that imports it. Commands: ``info``
(summarise a dataset or file) and ``evaluate`` (scores from a pipeline spec); ``uncertainty``
and ``sensitivity`` in countyleap._cli_uncertainty.

Errors never show a traceback: ``countyleap: error: <message>`` on stderr, exit status 2 for bad
usage and 1 for bad data (any countyleap error, or a file that cannot be read).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence, TextIO

import numpy as np

from . import __version__, _core, datasets
from ._display import tier_conditions
from ._errors import Error, FileError, ParseError, located

PROG = "countyleap"

Runner = Callable[[argparse.Namespace], int]
Setup = Callable[[argparse.ArgumentParser], Runner]

_COMMANDS: dict[str, tuple[str, str, Setup]] = {}


class UsageError(Exception):
    """Bad command-line usage: reported with exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def command(name: str, *, help: str, description: str = "") -> Callable[[Setup], Setup]:
    """Registers a command.

    Parameters
    ----------
    name : str
        The command word, e.g. ``'info'``.
    help : str
        One line for ``countyleap --help``.
    description : str
        The text of ``countyleap <name> --help`` (default: `help`).

    Returns
    -------
    callable
        A decorator for ``setup(parser) -> run``; `run(args)` returns the exit status.
    """
    def register(setup: Setup) -> Setup:
        _COMMANDS[name] = (help, description or help, setup)
        return setup
    return register


def build_parser() -> argparse.ArgumentParser:
    """The parser of every registered command."""
    parser = _Parser(prog=PROG, description="County innovation indicators, composite scores, tiers and plan "
                                            "tracking.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="command", required=True)
    for name, (help_text, description, setup) in _COMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=description)
        sub.set_defaults(run=setup(sub))
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status (0 ok, 1 bad data, 2 bad usage)."""
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except UsageError as e:
        return _fail(str(e), 2)
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (Error, OSError) as e:
        return _fail(str(e), 1)


def _fail(message: str, status: int) -> int:
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return status


# ---- aligned text tables (CJK characters are two columns wide) --------------------------------

def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


def _table(out: TextIO, headers: Sequence[str], rows: Iterable[Sequence[str]], right: Iterable[int] = ()) -> None:
    """Writes an aligned table with two-space gaps; the columns in `right` are right-aligned."""
    rows = [list(r) for r in rows]
    right = set(right)
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    for cells in [list(headers)] + rows:
        line = "  ".join(_pad(c, w, i in right) for i, (c, w) in enumerate(zip(cells, widths)))
        out.write("  " + line.rstrip() + "\n")


def _num(x: float) -> str:
    """A number as written in the plan: 7000, 1.9, 0.5."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _names(zh: str, en: str) -> str:
    return "  ".join(n for n in (zh, en) if n)


def _heading(out: TextIO, text: str) -> None:
    out.write(f"\n{text}\n")


# ---- what `info` prints -----------------------------------------------------------------------

def _print_plan(out: TextIO, plan: _core.Plan, regions: Optional[_core.RegionSet],
                framework: Optional[_core.Framework]) -> None:
    info = plan.info
    out.write(f"Plan  {_names(info.name_zh, info.id)}\n")
    for line in (info.name_en, info.issuer, f"published {info.published}" if info.published else ""):
        if line:
            out.write(f"      {line}\n")

    scheme = plan.tiers
    _heading(out, f"Tiers (best first; rule {scheme.rule})")
    _table(out, ["tier", "condition", "name"],
           [[t.label, condition, _names(t.name_zh, t.name_en)] for t, condition in zip(scheme.tiers, tier_conditions(scheme))])

    _print_units(out, plan, regions)
    _print_phases(out, plan)
    _print_indicator_targets(out, plan, framework)
    _print_growth_targets(out, plan, framework)
    facts = plan.facts
    if facts:
        _heading(out, "Other figures")
        _table(out, ["id", "value", "unit", "years", "§", "note"],
               [[f.id, _num(f.value), f.unit, _span(f.from_year, f.to_year), f.section, f.note] for f in facts],
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
    _heading(out, f"Units ({len(codes)}; {'; '.join(legend)}; * = inferred)")
    _table(out, headers, rows)
    if regions is not None:
        for region in regions.regions:
            if not region.in_scope and region.code not in codes:
                note = f" ({region.note})" if region.note else ""
                out.write(f"  out of scope: {region.code}  {_names(region.name_zh, region.name_en)}{note}\n")


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
                    + ["/".join(str(units[l]) for l in labels) if units else "", _names(p.name_zh, p.name_en)])
    _heading(out, "Phases (tier counts aimed for; units = the units' goals or observed tiers that year)")
    _table(out, ["phase", "evaluated", "published"] + labels + ["units " + "/".join(labels), "name"], rows,
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
            rows.append([first.section, indicator, first.unit]
                        + [_num(by_tier[l].value) if l in by_tier else "" for l in tiers] + [zh, en])
        _heading(out, f"Indicator targets for {year} (each unit of a tier reaches at least the value)")
        _table(out, ["§", "indicator", "unit"] + tiers + ["name", ""], rows, right=range(3, 3 + len(tiers)))


def _print_growth_targets(out: TextIO, plan: _core.Plan, framework: Optional[_core.Framework]) -> None:
    targets = plan.growth_target_list
    if not targets:
        return
    rows = []
    for g in targets:
        zh, en = _described(framework, g.variable)
        rows.append([g.section, g.variable, f">= {_num(g.min_rate_pct)} %/year", g.rule.replace("_", " "),
                     _span(g.from_year, g.to_year) + ("*" if g.years_inferred else ""), zh, en])
    _heading(out, "Growth targets (* = span inferred)")
    _table(out, ["§", "variable", "growth", "rule", "span", "name", ""], rows)


def _print_regions(out: TextIO, regions: _core.RegionSet) -> None:
    in_scope = sum(r.in_scope for r in regions.regions)
    out.write(f"Regions  {len(regions)} ({in_scope} in scope), code scheme {regions.code_scheme}\n\n")
    _table(out, ["code", "name", "", "kind", "parent", "scope", "note"],
           [[r.code, r.name_zh, r.name_en, r.kind, r.parent, "" if r.in_scope else "out", r.note]
            for r in regions.regions])
    if regions.history:
        _heading(out, "Code history")
        _table(out, ["old", "name", "new", "year", "note"],
               [[h.old_code, h.old_name_zh, h.new_code, str(h.year), h.note] for h in regions.history])


def _print_framework(out: TextIO, framework: _core.Framework) -> None:
    info = framework.info
    out.write(f"Framework  {_names(info.id, info.name_zh)}\n")
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
        rows.append(["  " * depth + node.id, _num(node.weight), f"{100 * framework.share(i):.1f}%",
                     ind.kind if ind else "", ind.unit if ind else "",
                     node.name_zh or (ind.name_zh if ind else ""), node.name_en or (ind.name_en if ind else "")])
        stack.extend((c, depth + 1) for c in reversed(framework.children(i)))
    _heading(out, "Tree (weight, share of the parent)")
    _table(out, ["node", "weight", "share", "kind", "unit", "name", ""], rows, right=[1, 2])
    unscored = framework.unscored_indicators()
    if unscored:
        out.write(f"  not scored: {', '.join(unscored)}\n")
    if info.note:
        _heading(out, "Note")
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
        _heading(out, "Variables (values present of regions x years)")
        _table(out, ["variable", "present"], [[v, f"{int(n)}/{cells}"] for v, n in zip(panel.variables, present)],
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
    schema = document.get("schema") if isinstance(document, dict) else None
    if not isinstance(schema, str):
        raise located(ParseError, "not a countyleap JSON file: no \"schema\" key", file=path)
    return schema


def _sibling(path: str, name: str) -> Optional[str]:
    candidate = os.path.join(os.path.dirname(path) or ".", name)
    return candidate if os.path.isfile(candidate) else None


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
        regions_file, framework_file = _sibling(path, "regions.json"), _sibling(path, "framework.json")
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
    parser.add_argument("--dataset", metavar="NAME",
                        help="a bundled dataset instead of a path (available: %s)" % (", ".join(datasets.names())
                                                                                      or "none"))
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


# ---- evaluate ---------------------------------------------------------------------------------

def _header(path: str, encoding: str) -> list[str]:
    """The column names of a CSV file: its first line that is not a '#' comment (a BOM skipped)."""
    codec = "utf-8-sig" if encoding.replace("-", "").lower() == "utf8" else encoding
    try:
        with open(path, encoding=codec, newline="") as f:
            for line in f:
                if not line.startswith("#"):
                    return next(csv.reader([line]), [])
    except OSError as e:
        raise located(FileError, f"cannot read the file: {e.strerror}", file=path) from None
    except (UnicodeDecodeError, LookupError) as e:
        raise located(ParseError, f"cannot read the header as {encoding}: {e}", file=path) from None
    return []


def _data_kind(path: str, encoding: str) -> str:
    """'coinr' (COINr's iData: the header has uCode), 'long' or 'wide' (our panel CSV layouts)."""
    columns = set(_header(path, encoding))
    if "uCode" in columns:
        return "coinr"
    if {"code", "variable", "year", "value"} <= columns:
        return "long"
    if {"code", "year"} <= columns:
        return "wide"
    raise located(ParseError, "cannot tell the layout: expected a header with code,variable,year,value (long), "
                  "code,year,<variables> (wide) or COINr's uCode (iData)", file=path, line=1)


def _framework_kind(path: str) -> str:
    """'json' (countyleap.framework/1) or 'imeta' (COINr's iMeta CSV), by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return "imeta"
    raise UsageError(f"cannot tell what '{path}' is: expected a framework .json file or COINr's iMeta .csv")


def _read_imeta(path: str, encoding: str) -> _core.Framework:
    """A framework from COINr's iMeta table (Level, iCode, Parent, Weight, Direction, ...)."""
    import pandas as pd

    if not {"Level", "iCode"} <= set(_header(path, encoding)):
        raise located(ParseError, "not COINr's iMeta: the header needs Level and iCode", file=path, line=1)
    try:
        meta = pd.read_csv(path, encoding=encoding, dtype={"iCode": str, "Parent": str})
    except (ValueError, UnicodeDecodeError) as e:  # pandas' ParserError is a ValueError
        raise located(ParseError, f"cannot read COINr's iMeta: {e}", file=path) from None
    return _core.Framework.from_frame(meta)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """Adds the arguments that name a command's data: --data, --framework, --year, --regions,
    --encoding and --code-scheme (read by :func:`_evaluation_inputs`)."""
    parser.add_argument("--data", required=True, metavar="DATA", help="panel CSV (long or wide) or COINr's iData")
    parser.add_argument("--framework", required=True, metavar="FRAMEWORK", help="framework.json or COINr's iMeta.csv")
    parser.add_argument("--year", type=int, help="the data year (default: the panel's last year)")
    parser.add_argument("--regions", metavar="regions.json",
                        help="regions (names, group attributes for group imputation, code history)")
    parser.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8 (default) or gb18030/gbk")
    parser.add_argument("--code-scheme", choices=["gbt2260", "free"],
                        help="region codes of a panel CSV without --regions (default gbt2260)")


def _evaluation_inputs(args: argparse.Namespace) -> tuple[_core.Panel, _core.Framework, Optional[_core.RegionSet]]:
    """The panel, framework and regions the arguments of :func:`add_input_arguments` name (see
    `evaluate --help`)."""
    data_kind = _data_kind(args.data, args.encoding)
    framework_kind = _framework_kind(args.framework)
    if data_kind == "coinr":
        if framework_kind != "imeta":
            raise UsageError("COINr's iData (--data with a uCode column) is read with its iMeta: give the iMeta "
                             ".csv as --framework")
        if args.regions is not None:
            raise UsageError("with COINr's iData the regions and their *_group columns come from the iData; "
                             "leave out --regions")
        tables = _core.read_coinr(args.data, args.framework, encoding=args.encoding)
        return tables.panel, tables.framework, tables.regions
    regions = _core.read_regions_json(args.regions) if args.regions is not None else None
    scheme = args.code_scheme or (regions.code_scheme if regions is not None else "gbt2260")
    panel = _core.read_panel_csv(args.data, data_kind, encoding=args.encoding, regions=regions, code_scheme=scheme)
    framework = (_core.read_framework_json(args.framework) if framework_kind == "json"
                 else _read_imeta(args.framework, args.encoding))
    return panel, framework, regions


def _cell(x: float) -> str:
    """A score at full precision (the shortest text that reads back to the same double); '' when
    missing."""
    return "" if x != x else repr(x)


def _rank_cell(x: float) -> str:
    return "" if x != x else str(int(x))


def write_scores_csv(scores: _core.Scores, path: str, *, ranks: bool = False) -> None:
    """Writes scores as a wide CSV: the first column ``code``, then one column per node in canonical
    order (the indicators as they stand after the last step, then every aggregate bottom-up, the
    root last) at full precision, missing scores empty; with `ranks`, a ``<node>_rank`` column per
    node after them."""
    header = ["code", *scores.nodes] + ([f"{n}_rank" for n in scores.nodes] if ranks else [])
    values = scores.values.tolist()
    rank_rows = scores.ranks.tolist() if ranks else [[] for _ in values]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for code, row, rank_row in zip(scores.regions, values, rank_rows):
            writer.writerow([code, *map(_cell, row), *map(_rank_cell, rank_row)])


def _json_ready(value):
    """NaN (and numpy scalars) as JSON: NaN -> None, numpy numbers -> Python numbers."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def scores_record(scores: _core.Scores, **sources: Optional[str]) -> dict:
    """What made `scores` and what every step did, as written next to the CSV: version, year, the
    input files, the canonical spec and the step log (see Scores.log)."""
    log = scores.log
    return _json_ready({
        "version": scores.version,
        "year": scores.year,
        **{name: value for name, value in sources.items() if value is not None},
        "spec": json.loads(scores.spec),
        "log": {"derivation": log["derivation"].to_dict("records"),
                "denominator": log["denominator"].to_dict("records"),
                "imputed": log["imputed"].to_dict("records"),
                "still_missing": log["still_missing"],
                "dropped": log["dropped"].to_dict("records"),
                "treatment": log["treatment"].to_dict("records")},
    })


@command("evaluate", help="run a pipeline spec over a panel and a framework; write every node's scores as CSV",
         description="Evaluate a composite indicator: derive, denominate, impute, screen, treat, normalise, weight "
                     "and aggregate as SPEC.json says (docs/pipeline-spec.md), and write OUT.csv: the first column "
                     "code, then one column per node (the indicators as they stand after the last step, then every "
                     "aggregate, the root last) at full precision, missing scores empty. OUT.csv.json records the "
                     "canonical spec, the library version, the year and what every step did. DATA is a panel CSV "
                     "(long or wide, told apart by the header) or COINr's iData (header with uCode, read together "
                     "with its iMeta as FRAMEWORK; the regions and their *_group columns come from it); FRAMEWORK "
                     "is a framework.json or COINr's iMeta.csv.")
def _evaluate(parser: argparse.ArgumentParser) -> Runner:
    add_input_arguments(parser)
    parser.add_argument("--spec", metavar="SPEC.json",
                        help="pipeline spec (default: min-max to [0, 100], the framework's weights, arithmetic means)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="the scores (wide CSV)")
    parser.add_argument("--ranks", action="store_true", help="add a <node>_rank column per node (1 = best)")

    def run(args: argparse.Namespace) -> int:
        panel, framework, regions = _evaluation_inputs(args)
        spec = _core.PipelineSpec(Path(args.spec)) if args.spec is not None else _core.PipelineSpec()
        scores = _core.evaluate(panel, framework, spec, year=args.year, regions=regions)
        write_scores_csv(scores, args.output, ranks=args.ranks)
        record = scores_record(scores, data=args.data, framework=args.framework, regions=args.regions,
                               spec_file=args.spec)
        with open(args.output + ".json", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False, indent=2, allow_nan=False)
            f.write("\n")
        return 0
    return run


from . import _cli_uncertainty  # noqa: E402,F401  (registers 'uncertainty' and 'sensitivity')
from . import _cli_plan  # noqa: E402,F401  (registers 'classify', 'plan', 'gaps', 'warn', 'leap', 'report')
