"""``countyleap uncertainty`` and ``countyleap sensitivity``: the uncertainty and sensitivity
analysis of an UncertaintySpec (``--spec UA.json``) over the inputs every command reads
(:mod:`countyleap.cli.inputs`: ``--dataset NAME`` or the files)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Optional

import pandas as pd

from .. import _core
from .._errors import ValidationError, located
from .inputs import OPTIONAL, add_inputs, provenance, read_inputs
from .output import write_csv, write_output
from .registry import Runner, command


def parameters_path(output: str) -> str:
    """Where the parameter log of OUT.csv goes: OUT.params.csv (OUT.params.csv also for an output
    without the .csv suffix)."""
    stem = output[:-4] if output.lower().endswith(".csv") else output
    return stem + ".params.csv"


def _plan_goals(plan: _core.Plan, year: int, plan_file: str) -> dict[str, str]:
    """The plan's goal tier per unit for `year`."""
    goals = {g.code: g.tier for g in plan.goals if g.evaluation_year == year}
    if not goals:
        years = sorted({g.evaluation_year for g in plan.goals})
        raise located(ValidationError, f"the plan has no goals for {year} (goal years: "
                      f"{', '.join(map(str, years)) or 'none'}); give --goal-year", file=plan_file)
    return goals


def uncertainty_frame(result: _core.UncertaintyResult) -> pd.DataFrame:
    """The per-region rank statistics as written: index ``code``; ``nominal`` (the nominal rank,
    an integer), ``mean``, ``median``, ``q5``, ``q95`` (ranks over the successful replications; 1 =
    best), then ``p_<tier>`` per tier when the spec has a tier scheme and ``p_goal`` when goals were
    given."""
    summary = result.summary
    probabilities = [c for c in summary.columns if c.startswith("p_")]
    frame = summary[["mean_rank", "median_rank", "q5_rank", "q95_rank", *probabilities]].rename(
        columns={"mean_rank": "mean", "median_rank": "median", "q5_rank": "q5", "q95_rank": "q95"})
    frame.insert(0, "nominal", summary["nominal_rank"].astype("Int64"))
    return frame


def write_uncertainty_csv(result: _core.UncertaintyResult, path: str) -> None:
    """Writes the per-region rank statistics: ``code``, ``nominal`` (the nominal rank), ``mean``,
    ``median``, ``q5``, ``q95`` (ranks over the successful replications; 1 = best), then
    ``p_<tier>`` per tier when the spec has a tier scheme and ``p_goal`` when goals were given —
    numbers at full precision, missing ones empty."""
    write_csv(uncertainty_frame(result), path, index="code")


def uncertainty_record(result: _core.UncertaintyResult, parameters_file: str, **sources: Optional[str]) -> dict:
    """What is written next to OUT.csv: what the columns mean, the score statistics, the parameter
    log's file, the failures, the scale warnings (statistics that mix score scales), the canonical
    spec and the version."""
    summary = result.summary
    scores = summary[["nominal_score", "mean_score", "q5_score", "q50_score", "q95_score", "n_scored"]]
    scores = scores.rename(columns={"nominal_score": "nominal", "mean_score": "mean", "q5_score": "q5",
                                    "q50_score": "q50", "q95_score": "q95"})
    columns = {"code": "unit code",
               "nominal": "rank of the nominal pipeline (1 = best; ties share the best rank)",
               "mean": "mean rank over the successful replications in which the unit was scored",
               "median": "median rank",
               "q5": "5th percentile rank (R's quantile type 7)",
               "q95": "95th percentile rank (R's quantile type 7)"}
    for label in result.tier_labels:
        columns[f"p_{label}"] = f"share of the replications in which the unit is in tier {label}"
    if result.goals:
        columns["p_goal"] = "share of the replications in which the unit reaches its goal tier or a better one"
    return {
        "version": result.version,
        "node": result.node,
        "year": result.year,
        **{name: value for name, value in sources.items() if value is not None},
        "columns": columns,
        "replications": result.replications,
        "succeeded": result.n_ok,
        "failed": result.n_failed,
        "parameters": parameters_file,
        "tiers": result.tier_labels,
        "goals": result.goals,
        "scores": scores.reset_index().to_dict("records"),
        "failures": result.failures.to_dict("records"),
        "warnings": result.warnings,
        "spec": json.loads(result.spec),
    }


def _analysis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", required=True, metavar="UA.json",
                        help="the uncertainty spec: the pipeline under \"pipeline\", the uncertain inputs under "
                             "\"vary\", replications, seed, tiers")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="the result (CSV)")
    parser.add_argument("--threads", type=int, default=0, metavar="N",
                        help="worker threads (default 0: all cores); the result does not depend on it")
    parser.add_argument("--node", help="the target aggregate node (default: the root, the composite index)")


@command("uncertainty", help="Monte Carlo uncertainty analysis: rank intervals and tier probabilities per unit",
         description="Run the pipeline of UA.json N times with its uncertain inputs sampled (discrete alternatives "
                     "of any step, weight noise, ranges of aggregation options; seeded, the same on any number of "
                     "threads) and write OUT.csv: the first column code, then the RANKS of the composite (1 = "
                     "best): nominal (the nominal pipeline's), mean, median, q5 and q95 (5th and 95th percentiles, "
                     "R's type 7) over the successful replications; then p_<tier> per tier (the share of "
                     "replications in each tier) when the spec has \"tiers\" (or the plan gives a scheme), and "
                     "p_goal (the share reaching the unit's goal tier) with --plan. OUT.params.csv is the "
                     "parameter log (one row per replication, one column per vary entry: the alternative, number "
                     "or weight set used). OUT.csv.json records the SCORE quantiles per unit (nominal, mean, q5, "
                     "q50, q95), the parameter log's file name, the failed replications with their inputs and "
                     "errors, the canonical spec, the inputs and the library version. The inputs are read as by "
                     "'countyleap evaluate': --dataset NAME, or DATA and FRAMEWORK (our CSV/JSON or COINr's "
                     "iData/iMeta); with --dataset the dataset's plan counts as --plan when it has goals for the year.")
def _uncertainty(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, plan=OPTIONAL, spec=False)
    _analysis_arguments(parser)
    parser.add_argument("--goal-year", type=int, metavar="Y",
                        help="whose goals the plan gives (default: the data year)")

    def run(args: argparse.Namespace) -> int:
        study = read_inputs(args)
        spec = _core.UncertaintySpec(Path(args.spec))
        goals = None
        plan = study.plan
        if plan is not None:
            if spec.tiers is None:
                spec.tiers = plan.tiers
            year = args.goal_year or args.year or study.panel.last_year
            plan_file = study.sources.get("plan", "")
            # a plan given as a file (or a goal year asked for) must have goals; a dataset's plan
            # adds p_goal when it has goals for the year
            if args.dataset is None or args.goal_year is not None or any(g.evaluation_year == year for g in plan.goals):
                goals = _plan_goals(plan, year, plan_file)
        with warnings.catch_warnings():  # printed once below, as one line each, not as Python warnings
            warnings.simplefilter("ignore", UserWarning)
            result = study.uncertainty(spec, year=args.year, threads=args.threads, goals=goals, node=args.node)
        for line in result.warnings:
            sys.stderr.write(f"countyleap uncertainty: warning: {line}\n")
        parameters = parameters_path(args.output)
        write_csv(result.parameters, parameters, index="replication")
        write_output(args.output, uncertainty_frame(result), uncertainty_record(
            result, os.path.basename(parameters), **{**provenance(study), "spec_file": args.spec}), index="code")
        return 0
    return run


@command("sensitivity", help="variance-based sensitivity analysis: first-order and total indices per input",
         description="Decompose the variance of an output over the uncertain inputs of UA.json (each vary entry "
                     "a factor): Saltelli's design of N base samples (N(d + 2) runs), first-order indices by "
                     "Saltelli 2010 and total indices by Jansen's estimator, with percentile-bootstrap intervals "
                     "(COINr's SA_sample and SA_estimate). OUT.csv: factor, first, first_lo, first_hi, total, "
                     "total_lo, total_hi. OUT.csv.json records the target, its nominal value, the variance, the "
                     "base samples used, the failed runs, the canonical spec, the inputs and the library version. "
                     "The inputs are read as by 'countyleap evaluate': --dataset NAME, or DATA and FRAMEWORK.")
def _sensitivity(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser, spec=False)
    _analysis_arguments(parser)
    parser.add_argument("--target", choices=["mean_abs_rank_change", "rank", "top_tier_count"],
                        default="mean_abs_rank_change",
                        help="the output: the mean |rank - nominal rank| over units (default, COINr's), one "
                             "unit's rank (with --region) or the number of units in the best tier")
    parser.add_argument("--region", metavar="CODE", help="the unit whose rank is the output (--target rank)")
    parser.add_argument("--n", type=int, metavar="N", help="base samples (default: the spec's replications)")
    parser.add_argument("--bootstrap", type=int, default=100, metavar="B",
                        help="bootstrap resamples for the intervals (default 100; 0 = none)")
    parser.add_argument("--confidence", type=float, default=0.9, help="level of the intervals (default 0.9)")

    def run(args: argparse.Namespace) -> int:
        study = read_inputs(args)
        spec = _core.UncertaintySpec(Path(args.spec))
        result = study.sensitivity(spec, target=args.target, region=args.region, n=args.n, bootstrap=args.bootstrap,
                                   confidence=args.confidence, threads=args.threads, year=args.year, node=args.node)
        record = {key: value for key, value in result.record().items() if key not in ("version", "spec")}
        sources = {"node": args.node, **provenance(study), "spec_file": args.spec}
        write_output(args.output, result.indices, {"version": result.version, **record,
                                                   **{k: v for k, v in sources.items() if v is not None},
                                                   "spec": json.loads(result.spec)}, index="factor")
        return 0
    return run
