"""The plan commands: ``classify``, ``plan check``, ``gaps``, ``warn``, ``leap`` and ``report``.

Every command reads its inputs with :mod:`countyleap.cli.inputs` (``--dataset NAME``, or
``--data PANEL.csv --framework framework.json --plan plan.json`` with ``--regions`` and
``--spec``) into a :class:`countyleap.Study`, which evaluates each year once.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence, TextIO

import pandas as pd

from .. import _core, datasets
from .._plan_tools import TIER_COLUMNS
from ..study import Study
from .. import __version__
from .inputs import REQUIRED, add_dataset_option, add_inputs, provenance, read_inputs, sibling
from .output import fmt, heading, names, signed, table, write_output
from .registry import Runner, UsageError, command

STATUS_TEXT = {"on_track": "on track", "at_risk": "at risk", "off_track": "off track", "no_data": "no data"}


# ---- text helpers -----------------------------------------------------------------------------

def _name(inputs: Study, code: str) -> tuple[str, str]:
    regions = inputs.regions
    if regions is not None and code in regions:
        region = regions[code]
        return region.name_zh, region.name_en
    return "", ""


def _label(inputs: Study, code: str) -> str:
    return " ".join(part for part in (code, *_name(inputs, code)) if part)


def _indicator(framework: _core.Framework, id: str) -> str:
    item = framework.find_indicator(id) or framework.find_variable(id)
    return item.name_zh if item is not None and item.name_zh else ""


def plan_record(study: Study, command: str, year: Optional[int]) -> dict:
    """The sidecar of a plan command's CSV: version, command, year, the inputs and the canonical
    pipeline spec."""
    return {"version": __version__, "command": command, "year": study.year(year), **provenance(study),
            "spec": study.spec.to_dict()}


# ---- classify ---------------------------------------------------------------------------------

@command("classify", help="tiers of every region in a year, with margins and moves against the year before",
         description="Classify the regions of a year with the plan's tier scheme: score (the composite of the "
                     "pipeline spec), tier, the margins to the next boundary up and down, and the moves against the "
                     "previous year (tier move jump/hold/drop, tiers moved, score change, rank, rank change and "
                     "Hebei's rank-change band), empty where the panel has no previous year. With -o, writes a CSV "
                     "with the columns " + ", ".join(TIER_COLUMNS) + ".")
def _classify(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, plan=REQUIRED)
    parser.add_argument("-o", "--output", metavar="OUT.csv", help="write the table as CSV (default: print it)")

    def run(args: argparse.Namespace) -> int:
        inputs = read_inputs(args)
        frame = inputs.tiers(year=args.year).reset_index()
        if args.output:
            write_output(args.output, frame, plan_record(inputs, "classify", args.year), columns=TIER_COLUMNS)
            return 0
        year = args.year or inputs.panel.last_year
        out = sys.stdout
        counts = frame["tier"].value_counts()
        out.write(f"Tiers {year} ({inputs.plan.tiers.rule}): "
                  + ", ".join(f"{t} {int(counts.get(t, 0))}" for t in inputs.plan.tier_labels) + "\n\n")
        rows = []
        for _, r in frame.sort_values("rank").iterrows():
            zh, en = _name(inputs, r["code"])
            rows.append([str(r["rank"]), r["code"], zh, en, fmt(r["score"]), r["tier"] + ("*" if r["partial_data"] else ""),
                         fmt(r["margin_up"]),
                         fmt(r["margin_down"]), r["tier_move"] or "", signed(r["score_change"]),
                         "" if r["rank_change"] is pd.NA else f"{int(r['rank_change']):+d}"])
        table(out, ["rank", "code", "name", "", "score", "tier", "to next", "above own", "move", "change",
                     "places"], rows, right=[0, 4, 6, 7, 9, 10])
        partial = int(frame["partial_data"].sum())
        if partial:
            out.write(f"\n* tier decided on partial data: {partial} of {len(frame)} counties were scored from fewer "
                      "indicators than the framework has\n")
        return 0
    return run


# ---- plan check -------------------------------------------------------------------------------

def _counts(frame_row: pd.Series, prefix: str, labels: Sequence[str]) -> str:
    return "/".join("-" if frame_row[f"{prefix}_{l}"] is pd.NA else str(int(frame_row[f"{prefix}_{l}"]))
                    for l in labels)


def print_plan_check(out: TextIO, check: _core.PlanCheck, plan: _core.Plan, n_scope: int) -> None:
    """The proof of a plan check: per phase the stated and counted tier counts, the named moves and
    the arithmetic count(t) = previous(t) + moves in - moves out; then the findings."""
    labels = check.tier_labels
    phases = check.phases
    moves = check.moves.reset_index()
    phase_names = {p.id: names(p.name_zh, p.name_en) for p in plan.phases}
    slash = "/".join(labels)
    table(out, ["phase", "evaluated", f"stated {slash}", f"counted {slash}", "moves", "name"],
           [[r["phase"] + (" (baseline)" if r["baseline"] else ""), str(r["evaluation_year"]),
             _counts(r, "stated", labels), _counts(r, "counted", labels), str(r["n_moves"]) if r["previous"] else "",
             phase_names.get(r["phase"], "")] for _, r in phases.iterrows()], right=[1, 4])
    stated = {r["phase"]: r for _, r in phases.iterrows()}
    for _, p in phases.iterrows():
        if not p["previous"]:
            continue
        mine = moves[moves["phase"] == p["phase"]]
        heading(out, f"{p['phase']} ({p['evaluation_year']}) from {p['previous']} "
                      f"({stated[p['previous']]['evaluation_year']}): {len(mine)} named move(s)")
        table(out, ["code", "name", "", "from", "", "to"],
               [[m["code"], m["name_zh"], m["name_en"], m["from_tier"], "->", m["to_tier"]] for _, m in mine.iterrows()])
        before = stated[p["previous"]]
        terms = []
        for l in labels:
            if before[f"stated_{l}"] is pd.NA or p[f"stated_{l}"] is pd.NA:
                continue
            into = int((mine["to_tier"] == l).sum())
            away = int((mine["from_tier"] == l).sum())
            produced = int(before[f"stated_{l}"]) + into - away
            mark = "" if produced == int(p[f"stated_{l}"]) else f" != {int(p[f'stated_{l}'])}"
            terms.append(f"{l} {int(before[f'stated_{l}'])} + {into} - {away} = {produced}{mark}")
        if terms:
            out.write("  counts: " + "; ".join(terms) + "\n")
    findings = check.findings
    if len(findings):
        heading(out, f"Findings ({check.count('error')} errors, {check.count('warning')} warnings)")
        for _, f in findings.iterrows():
            out.write(f"  {f['severity']}: {f['message']}\n")
    verdict = ("consistent: the goals give every phase's tier counts and the named moves produce them"
               if check.consistent else "NOT consistent: see the errors above")
    out.write(f"\n{verdict} ({n_scope} in-scope regions)\n")


@command("plan", help="plan tools: 'plan check PLAN' proves that the named moves produce every phase's tier counts",
         description="Plan tools. 'countyleap plan check PLAN' checks that the plan agrees with itself: every "
                     "in-scope region has a goal in every phase, the goals give each phase's tier counts, and the "
                     "named moves from one phase to the next turn the previous counts into the next ones. Exit "
                     "status 0 when consistent (the proof is printed), 1 with the reasons otherwise.")
def _plan(parser: argparse.ArgumentParser) -> Runner:
    sub = parser.add_subparsers(dest="plan_command", metavar="subcommand", required=True)
    check = sub.add_parser("check", help="check a plan's tier counts, goals and named moves",
                           description="Check a plan: the goals give every phase's tier counts and the named moves "
                                       "produce them. Regions come from --regions, else regions.json next to the plan.")
    check.add_argument("plan_file", nargs="?", metavar="PLAN", help="plan.json")
    check.add_argument("--regions", metavar="regions.json", help="regions (default: regions.json next to the plan)")
    add_dataset_option(check, "check a bundled dataset's plan instead")

    def run(args: argparse.Namespace) -> int:
        if (args.plan_file is None) == (args.dataset is None):
            raise UsageError("plan check needs a PLAN file or --dataset NAME (one of them)")
        if args.dataset is not None:
            ds = datasets.load(args.dataset)
            if ds.plan is None:
                raise UsageError(f"dataset '{args.dataset}' has no plan")
            plan, source = ds.plan, os.path.join(ds.directory, "plan.json")
            regions = _core.read_regions_json(args.regions) if args.regions else ds.regions
        else:
            plan, source = _core.read_plan_json(args.plan_file), args.plan_file  # a missing plan is named first
            regions_file = args.regions or sibling(args.plan_file, "regions.json")
            if regions_file is None:
                raise UsageError(f"no regions.json next to {args.plan_file}: give --regions")
            regions = _core.read_regions_json(regions_file)
        check = _core.check_plan(plan, regions)
        out = sys.stdout
        title = plan.info.name_zh or plan.info.id
        out.write(f"Plan  {title}  ({source})\n\n")
        n_scope = sum(r.in_scope for r in regions.regions)
        print_plan_check(out, check, plan, n_scope)
        if check.consistent:
            return 0
        out.flush()
        errors = check.findings
        first = errors[errors["severity"] == "error"]["message"].iloc[0]
        print(f"countyleap: error: {source} is not consistent ({check.count('error')} errors): {' '.join(first.split())}",
              file=sys.stderr)
        return 1
    return run


# ---- gaps -------------------------------------------------------------------------------------

GAP_COLUMNS = ["code", "indicator", "tier", "data_year", "target_year", "years_left", "value", "target", "gap",
               "relative_gap", "attainment", "required_growth_pct", "growth_need", "status", "direction", "unit",
               "section"]


@command("gaps", help="gaps of every region to its goal tier's indicator targets",
         description="Gaps to the plan's indicator targets: for every region and target of its goal tier (or of "
                     "--tier), the value, the target, the gap, the attainment (value / target) and the average "
                     "annual growth still needed to reach the target by its year, and whether it is met.")
def _gaps(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, plan=REQUIRED)
    parser.add_argument("--tier", help="the tier whose targets apply to every region (default: each goal tier)")
    parser.add_argument("--region", action="append", metavar="CODE", help="only this region (repeatable)")
    parser.add_argument("--unmet", action="store_true", help="only the targets not met")
    parser.add_argument("-o", "--output", metavar="OUT.csv", help="write the table as CSV (default: print it)")

    def run(args: argparse.Namespace) -> int:
        inputs = read_inputs(args)
        frame = inputs.target_gaps(year=args.year, tier=args.tier, regions=args.region).reset_index()
        if args.unmet:
            frame = frame[frame["status"] != "met"]
        if args.output:
            write_output(args.output, frame, plan_record(inputs, "gaps", args.year), columns=GAP_COLUMNS)
            return 0
        out = sys.stdout
        year = args.year or inputs.panel.last_year
        met = int((frame["status"] == "met").sum())
        out.write(f"Gaps {year}: {len(frame)} region x target pairs, {met} met\n\n")
        rows = [[r["code"], _name(inputs, r["code"])[0], r["indicator"], r["tier"], fmt(r["value"]),
                 fmt(r["target"]), fmt(100 * r["attainment"], 1), fmt(r["required_growth_pct"], 1),
                 r["status"]] for _, r in frame.iterrows()]
        table(out, ["code", "name", "indicator", "tier", "value", "target", "attained %", "needed %/yr",
                     "status"], rows, right=[4, 5, 6, 7])
        return 0
    return run


# ---- warn -------------------------------------------------------------------------------------

def add_warning_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--method", choices=["cagr", "linear"], default="cagr", help="projection method (default cagr)")
    parser.add_argument("--window", type=int, default=3, metavar="K",
                        help="years of recent data for trends and recent growth (default 3)")
    parser.add_argument("--growth-factor", type=float, default=2.0, metavar="F",
                        help="required growth up to F x recent growth is at risk (default 2)")
    parser.add_argument("--score-margin", type=float, default=5.0, metavar="M",
                        help="points below a tier boundary that are still at risk (default 5)")


def warning_options(args: argparse.Namespace) -> dict:
    return {"method": args.method, "window": args.window, "growth_factor": args.growth_factor,
            "score_margin": args.score_margin}


@command("warn", help="early warning: phases, tier goals and targets on track / at risk / off track",
         description="The early warning (监测预警) on the data up to --year: each phase's tier counts, each region's "
                     "tier goal and each indicator and growth target, on track / at risk / off track with the numbers "
                     "that decided it. Future evaluation years are projected (CAGR or linear trend of the last K "
                     "years). Rules: a target is at risk when the growth it still needs exceeds the recent growth, "
                     "off track above F times it; a goal or phase is at risk when it is missed by at most M points.")
def _warn(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, plan=REQUIRED, year_help="the latest data year to use (default: the panel's last year)")
    add_warning_options(parser)
    parser.add_argument("--all", action="store_true", help="list every target, not only those at risk or off track")
    parser.add_argument("-o", "--output", metavar="OUT.csv",
                        help="write the alerts (phases, goals and targets at risk or off track) as CSV")

    def run(args: argparse.Namespace) -> int:
        inputs = read_inputs(args)
        warning = inputs.early_warning(year=args.year, **warning_options(args))
        alerts = warning.alerts
        if args.output:
            write_output(args.output, alerts, {**plan_record(inputs, "warn", args.year), **warning_options(args)})
            return 0
        out = sys.stdout
        labels = warning.tier_labels
        out.write(f"Early warning on the data up to {warning.base_year} ({warning.method}, k = {warning.window}, "
                  f"f = {warning.growth_factor:g}, m = {warning.score_margin:g})\n")
        heading(out, "Phases (tier counts: reached / aimed for, cumulative from the best tier)")
        table(out, ["phase", "year", "basis", *[f"{l}" for l in labels], "status", "reason"],
               [[p["phase"], str(p["year"]), p["basis"],
                 *[f"{p[f'count_{l}']}/{p[f'target_{l}']}" for l in labels], STATUS_TEXT[p["status"]], p["reason"]]
                for _, p in warning.phases.iterrows()])
        goals = warning.goals.reset_index()
        shown = goals if args.all else goals[goals["status"].isin(["at_risk", "off_track"])]
        heading(out, f"Tier goals ({len(shown)} of {len(goals)} {'shown' if args.all else 'at risk or off track'})")
        table(out, ["code", "name", "year", "goal", "tier", "score", "status", "reason"],
               [[g["code"], _name(inputs, g["code"])[0], str(g["year"]), g["goal"], g["tier"], fmt(g["score"]),
                 STATUS_TEXT[g["status"]], g["reason"]] for _, g in shown.iterrows()])
        targets = warning.targets.reset_index()
        shown = targets if args.all else targets[targets["status"].isin(["at_risk", "off_track"])]
        counts = targets["status"].value_counts()
        heading(out, "Targets (" + ", ".join(f"{STATUS_TEXT[s]} {int(counts.get(s, 0))}" for s in STATUS_TEXT) + ")")
        table(out, ["code", "name", "indicator", "kind", "status", "reason"],
               [[t["code"], _name(inputs, t["code"])[0], t["indicator"], t["kind"], STATUS_TEXT[t["status"]],
                 t["reason"]] for _, t in shown.iterrows()])
        return 0
    return run


# ---- leap -------------------------------------------------------------------------------------

def print_leap(out: TextIO, inputs: Study, path: _core.LeapPath) -> None:
    """A leap path: the goal, the score before and after, the changes in own units, what is held."""
    out.write(f"Leap path  {_label(inputs, path.region)}: tier {path.tier} -> goal {path.goal} "
              f"({path.year}, {path.basis})\n")
    out.write(f"  score {path.score:.2f} -> {path.new_score:.2f} (tier {path.new_tier}; boundary "
              f"{path.boundary:g}); {'feasible' if path.feasible else f'infeasible, {path.shortfall:.2f} points short'}"
              f" within growth over {path.years} year(s)\n")
    out.write(f"  method: {path.method}\n")
    changes = path.changes
    if len(changes):
        heading(out, "Changes (own units)")
        table(out, ["indicator", "name", "unit", "now", "needed", "change", "%", "points"],
               [[c["indicator"], _indicator(inputs.framework, c["indicator"]), c["unit"], fmt(c["current"]),
                 fmt(c["new_value"]), signed(c["change"]), signed(c["change_pct"], 1), fmt(c["points"])]
                for _, c in changes.iterrows()], right=[3, 4, 5, 6, 7])
    if path.held:
        heading(out, "Held")
        for line in path.held:
            out.write(f"  {line}\n")


@command("leap", help="the least change of a region's indicators that lifts it into its goal tier",
         description="The leap path (跃升路径) of one region: the least total relative change of its indicators, "
                     "each growing at most x F a year, that lifts its score over the goal tier's boundary. The goal "
                     "(default) is the region's next plan goal above its tier in --year; a goal in a later year is "
                     "reached from the projection of the data up to --year.")
def _leap(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, plan=REQUIRED, year_help="the latest data year to use (default: the panel's last year)")
    parser.add_argument("--region", required=True, metavar="CODE", help="the region")
    parser.add_argument("--goal", metavar="TIER", help="the goal tier (default: the region's next plan goal)")
    parser.add_argument("--target-year", type=int, metavar="YEAR",
                        help="evaluation year of the goal (default: the plan goal's year, or --year with --goal)")
    parser.add_argument("--max-factor", type=float, default=2.0, metavar="F",
                        help="an indicator grows at most x F a year (default 2)")
    parser.add_argument("--solver", choices=["automatic", "greedy"], default="automatic",
                        help="the exact programme where it applies (default), or always the greedy")
    parser.add_argument("--method", choices=["cagr", "linear"], default="cagr",
                        help="projection to a later evaluation year (default cagr)")
    parser.add_argument("--window", type=int, default=3, metavar="K", help="years of data for the projection")

    def run(args: argparse.Namespace) -> int:
        inputs = read_inputs(args)
        path = inputs.leap_path(args.region, year=args.year, goal=args.goal, target_year=args.target_year,
                                max_factor_per_year=args.max_factor, solver=args.solver, method=args.method,
                                window=args.window)
        print_leap(sys.stdout, inputs, path)
        return 0
    return run


# ---- report -----------------------------------------------------------------------------------

@command("report", help="the annual bulletin: one self-contained HTML file and its Markdown twin",
         description="Write the annual bulletin for --year: ranking with tiers and moves, tier counts against the "
                     "plan, the status of every plan goal, warnings, one section per county (profile chart, weak "
                     "spots, benchmarks, leap path), the method and the data's provenance. OUT.html is one "
                     "self-contained file (inline CSS and SVG, no network); OUT.md is written next to it.")
def _report(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, plan=REQUIRED, year_help="the evaluation year of the bulletin (default: the panel's last year)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the HTML bulletin")
    add_warning_options(parser)

    def run(args: argparse.Namespace) -> int:
        from .. import report

        if not args.output.lower().endswith((".html", ".htm")):
            raise UsageError(f"the report is HTML: -o needs a .html file name, got '{args.output}'")
        inputs = read_inputs(args)
        bulletin = report.collect(inputs, year=args.year, **warning_options(args))
        html_path, md_path = report.write(bulletin, args.output)
        out = sys.stdout
        out.write(f"report.html: {html_path}\nreport.md:   {md_path}\n")
        out.write(report.summary(bulletin) + "\n")
        return 0
    return run
