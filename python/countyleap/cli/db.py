"""``countyleap db``: the county S&T indicator database (科技指标数据库) - ``init``, ``template``,
``import``, ``status``, ``history``, ``batches``, ``diff``.

The store is the library's (C++, SQLite; :class:`countyleap.Store`); workbooks are read and
written by :mod:`countyleap.excel`; tables go through the one output writer (CSV + sidecar) or
print as text. Every other command reads a database with ``--db FILE [--as-of WHEN]``
(:mod:`countyleap.cli.inputs`).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional

import pandas as pd

from .. import __version__, _core, _provenance, datasets
from .inputs import add_dataset_option, data_kind, open_store
from .output import cell, table, write_output
from .registry import Runner, UsageError, command

SUBCOMMANDS = ("init", "template", "import", "status", "history", "batches", "diff")


def _record(store, what: str, **extra) -> dict:
    """The sidecar of a db table: version, command, database, the data's name and illustrative flag."""
    info = store.info
    return {"version": __version__, "command": f"db {what}", "db": store.path, "dataset": info["name"],
            "illustrative": info["illustrative"], **extra}


def _print_frame(frame: pd.DataFrame, right=()) -> None:
    table(sys.stdout, list(frame.columns), [[cell(v) for v in row] for row in frame.itertuples(index=False)],
          right=right)


def _emit(args: argparse.Namespace, store, what: str, frame: pd.DataFrame, **extra) -> None:
    """A db table: as CSV with its sidecar with -o, else printed."""
    if args.output:
        write_output(args.output, frame, _record(store, what, **extra))
    else:
        if store.info["illustrative"]:
            print(f"{_provenance.ILLUSTRATIVE_WORD}: {_provenance.ILLUSTRATIVE_ZH} · {_provenance.ILLUSTRATIVE_EN}\n")
        _print_frame(frame)


def _finding_lines(file: str, report: pd.DataFrame) -> list[str]:
    return [f"  {file}: {r.where or '-'}: {r.rule} ({r.severity}): {r.message}" for r in report.itertuples(index=False)]


# ---- the subcommands ----------------------------------------------------------------------------

def _init(args: argparse.Namespace) -> int:
    from ..store import Store

    if (args.dataset is None) == (args.regions is None):
        raise UsageError("db init needs --dataset NAME or --regions regions.json [--framework ...] [--plan ...] "
                         "(one of them)")
    if args.dataset is not None:
        if args.framework or args.plan:
            raise UsageError("give --dataset or the files (--regions, --framework, --plan), not both")
        dataset = datasets.load(args.dataset)
        regions, framework, plan, info = dataset.regions, dataset.framework, dataset.plan, dataset.info
    else:
        regions = _core.read_regions_json(args.regions)
        framework = _core.read_framework_json(args.framework) if args.framework else None
        plan = _core.read_plan_json(args.plan) if args.plan else None
        info = {"name": args.name or "", "illustrative": args.illustrative, "comments": [], "note": ""}
    if args.name:
        info = {**info, "name": args.name}
    if args.illustrative:
        info = {**info, "illustrative": True}
    rules = args.rules
    store = Store.create(args.db, regions, framework=framework, plan=plan, rules=rules, name=info["name"],
                         illustrative=info["illustrative"], comments=info["comments"], note=info["note"])
    with store:
        print(f"{args.db}: new database '{info['name']}' (schema {store.schema_version}): {len(regions)} regions"
              + (f", framework {framework.info.id}" if framework is not None else "")
              + (f", plan {plan.info.id}" if plan is not None else "")
              + (", ILLUSTRATIVE data" if info["illustrative"] else ""))
    return 0


def _template(args: argparse.Namespace) -> int:
    from ..excel import write_template

    with open_store(args.db) as store:
        source = store.dataset(as_of=args.as_of)
    if args.all:
        if args.region:
            raise UsageError("give --region CODE or --all, not both")
        codes = [r.code for r in source.regions.regions if r.in_scope]
        os.makedirs(args.output, exist_ok=True)
        paths = [write_template(os.path.join(args.output, f"{code}-{args.year}.xlsx"), source, region=code,
                                year=args.year) for code in codes]
        print(f"{len(paths)} templates for {args.year} in {args.output}")
        return 0
    if not args.region:
        raise UsageError("db template needs --region CODE (or --all with -o FOLDER)")
    path = write_template(args.output, source, region=args.region, year=args.year)
    print(f"template: {path}")
    return 0


def _import(args: argparse.Namespace) -> int:
    rejected = []
    with open_store(args.db, read_only=False) as store:
        findings = []
        for path in args.files:
            layout = "long"
            if not path.lower().endswith((".xlsx", ".xlsm")):
                layout = data_kind(path, args.encoding)
                if layout == "coinr":
                    raise UsageError(f"{path} is COINr's iData: import a panel CSV (long or wide layout)")
            result = store.import_file(path, submitted_by=args.by, region=args.region, year=args.year,
                                       status=args.status, layout=layout, encoding=args.encoding,
                                       submitted_at=args.at or "", note=args.note or "", dry_run=args.dry_run)
            print(result.message)
            if len(result.report):
                print("\n".join(_finding_lines(os.path.basename(path), result.report)))
                findings.append(result.report.assign(file=path))
            if result.outcome == "rejected":
                rejected.append(os.path.basename(path))
        if args.report:
            frame = pd.concat(findings, ignore_index=True) if findings else pd.DataFrame(
                columns=["rule", "severity", "code", "variable", "year", "value", "found", "expected", "where", "row",
                         "message", "file"])
            write_output(args.report, frame, _record(store, "import", files=list(args.files)))
    if rejected:
        print(f"countyleap: error: {len(rejected)} of {len(args.files)} file(s) rejected, nothing of them was "
              f"added: {', '.join(rejected)}", file=sys.stderr)
        return 1
    return 0


def _status(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        frame = store.status(args.year, as_of=args.as_of)
        vintage = store.vintage(args.as_of)
        if not args.output:
            print(f"Submissions {args.year} as of batch {vintage['batch']} ({vintage['committed_at'] or 'empty'}): "
                  f"{int(frame['submitted'].sum())} of {len(frame)} regions submitted")
        _emit(args, store, "status", frame, year=args.year, vintage=vintage)
    return 0


def _history(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        _emit(args, store, "history", store.history(args.region, args.variable, args.year),
              region=args.region, variable=args.variable, year=args.year)
    return 0


def _batches(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        _emit(args, store, "batches", store.batches())
    return 0


def _diff(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        frame = store.diff(args.a, args.b)
        _emit(args, store, "diff", frame, a=store.vintage(args.a), b=store.vintage(args.b))
    return 0


@command("db", help="the indicator database: init, template, import, status, history, batches, diff",
         description="The county S&T indicator database (one SQLite file): 'db init' makes one from a dataset "
                     "or files; 'db template' writes the Excel workbook a county fills in; 'db import' validates "
                     "filled workbooks (or panel CSVs) against the rules and commits each as one batch; 'db "
                     "status' shows who has submitted and what is missing, provisional or flagged; 'db history', "
                     "'db batches' and 'db diff' show the record. Nothing is overwritten: a revision is a new "
                     "row, and every command that reads data takes --db FILE --as-of WHEN to see the data as "
                     "they stood then.")
def _db(parser: argparse.ArgumentParser) -> Runner:
    sub = parser.add_subparsers(dest="db_command", metavar="subcommand", required=True)
    runners = {}

    def add(name: str, run, help: str, *, as_of: bool = False, output: Optional[str] = "OUT.csv"):
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--db", required=True, metavar="FILE", help="the database file")
        if as_of:
            p.add_argument("--as-of", metavar="WHEN",
                           help="the data as they stood then: an ISO 8601 date-time or a batch id (default latest)")
        if output:
            p.add_argument("-o", "--output", metavar=output, help="write the table as CSV (default: print it)")
        runners[name] = run
        return p

    p = add("init", _init, "make a new database from a bundled dataset or from files", output=None)
    add_dataset_option(p, "a bundled dataset: its regions, framework, plan and metadata")
    p.add_argument("--regions", metavar="regions.json", help="the regions (with their code history)")
    p.add_argument("--framework", metavar="framework.json", help="the framework")
    p.add_argument("--plan", metavar="plan.json", help="the plan")
    p.add_argument("--rules", metavar="rules.json", help="validation rules (default: derived from the framework)")
    p.add_argument("--name", help="the data's name")
    p.add_argument("--illustrative", action="store_true", help="mark the data as illustrative (invented values)")

    p = add("template", _template, "write the Excel workbook a county fills in for a year", as_of=True, output=None)
    p.add_argument("--region", metavar="CODE", help="the county")
    p.add_argument("--all", action="store_true", help="one workbook per in-scope region, into the folder -o")
    p.add_argument("--year", type=int, required=True, help="the data year to report")
    p.add_argument("-o", "--output", required=True, metavar="F.xlsx", help="the workbook (a folder with --all)")

    p = add("import", _import, "validate filled workbooks or panel CSVs and commit each as one batch", output=None)
    p.add_argument("files", nargs="+", metavar="FILE", help=".xlsx templates or panel CSVs (long or wide)")
    p.add_argument("--by", required=True, metavar="NAME", help="who submits")
    p.add_argument("--status", default="final", choices=["provisional", "final", "revised", "estimated"],
                   help="status of values whose status is not stated (default final)")
    p.add_argument("--region", metavar="CODE", help="a workbook must be for this county")
    p.add_argument("--year", type=int, help="a workbook must be for this year")
    p.add_argument("--at", metavar="WHEN", help="when it was submitted (ISO 8601; default now)")
    p.add_argument("--note", help="a note stored with the batch")
    p.add_argument("--dry-run", action="store_true", help="validate only; change nothing")
    p.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8 (default) or gb18030/gbk")
    p.add_argument("--report", metavar="OUT.csv", help="write every finding as CSV")

    p = add("status", _status, "who has submitted for a year, and what is missing, provisional or flagged",
            as_of=True)
    p.add_argument("--year", type=int, required=True, help="the data year")

    p = add("history", _history, "every row of one value, oldest first, with its provenance")
    p.add_argument("--region", required=True, metavar="CODE")
    p.add_argument("--variable", required=True)
    p.add_argument("--year", type=int, required=True)

    add("batches", _batches, "every batch (import), oldest first")

    p = add("diff", _diff, "the values that differ between two vintages")
    p.add_argument("a", metavar="A", help="the first vintage (date-time or batch id)")
    p.add_argument("b", nargs="?", metavar="B", help="the second vintage (default: the latest)")

    def run(args: argparse.Namespace) -> int:
        return runners[args.db_command](args)
    return run


__all__ = ["SUBCOMMANDS"]
