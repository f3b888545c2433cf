"""The one input reader of the command line.

Every command that reads data takes the same options and reads them here into a
:class:`countyleap.Study`:

- ``--dataset NAME``: a bundled dataset (its panel, framework, plan, regions and spec.json); or
- ``--data DATA --framework FRAMEWORK`` (and ``--plan plan.json`` where the command needs a
  plan): DATA is a panel CSV (long or wide, told apart by the header) or COINr's iData (header
  with uCode, read with its iMeta as FRAMEWORK; the regions come from the iData); FRAMEWORK is a
  framework.json or COINr's iMeta.csv (read by the library's iMeta reader);
- ``--db FILE [--as-of WHEN]``: the indicator database (``countyleap db``): its regions,
  framework, plan and the panel as it stood at WHEN (an ISO date-time or a batch id; default the
  latest), with the vintage recorded in every output;
- ``--regions regions.json`` (default: regions.json next to the plan), ``--spec`` (the pipeline
  spec; default: the dataset's spec.json, or spec.json next to the plan, else the bundled
  Shijiazhuang method when there is a plan, else the pipeline's defaults), ``--encoding``,
  ``--code-scheme`` and ``--year``.
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path
from typing import Optional

from .. import _core, datasets
from .._errors import FileError, ParseError, located
from ..study import Study, dataset_spec
from .registry import UsageError

BUNDLED = "shijiazhuang"  #: the dataset whose spec.json is the default method of a plan without one

REQUIRED, OPTIONAL = "required", "optional"


def add_inputs(parser: argparse.ArgumentParser, *, plan: Optional[str] = None, spec: bool = True,
               year_help: str = "the data year (default: the panel's last year)") -> None:
    """Adds the input options (see the module's text) to a command's parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser
    plan : {'required', 'optional', None}
        Whether the command takes ``--plan`` (with files) and needs one.
    spec : bool
        Whether ``--spec`` is the pipeline spec (False: the command defines its own ``--spec``).
    year_help : str
        The help of ``--year``.
    """
    need = " and --plan" if plan == REQUIRED else ""
    group = parser.add_argument_group(f"inputs (--dataset NAME, --db FILE, or --data with --framework{need})")
    add_dataset_option(group)
    add_db_options(group)
    group.add_argument("--data", metavar="DATA", help="panel CSV (long or wide) or COINr's iData")
    group.add_argument("--framework", metavar="FRAMEWORK", help="framework.json or COINr's iMeta.csv")
    if plan is not None:
        group.add_argument("--plan", metavar="plan.json", help="the plan (tiers, phases, goals, targets)")
    group.add_argument("--regions", metavar="regions.json",
                       help="regions: names, group attributes, code history (default: regions.json next to the plan)")
    if spec:
        group.add_argument("--spec", metavar="SPEC.json",
                           help="pipeline spec (default: the dataset's spec.json, or spec.json next to the plan, "
                                "else the bundled Shijiazhuang method with a plan, else the pipeline's defaults: "
                                "min-max to [0, 100], the framework's weights, arithmetic means)")
    group.add_argument("--encoding", default="utf-8", help="CSV encoding: utf-8 (default) or gb18030/gbk")
    group.add_argument("--code-scheme", choices=["gbt2260", "free"],
                       help="region codes of a panel CSV without --regions (default gbt2260)")
    parser.add_argument("--year", type=int, help=year_help)
    parser.set_defaults(_inputs_plan=plan, _inputs_spec=spec)


def add_dataset_option(parser, what: str = "a bundled dataset") -> None:
    """The ``--dataset NAME`` option, the same on every command (an argparse parser or group)."""
    parser.add_argument("--dataset", metavar="NAME",
                        help="%s (available: %s)" % (what, ", ".join(datasets.names()) or "none"))


def add_db_options(parser, *, as_of: bool = True) -> None:
    """The ``--db FILE`` and ``--as-of WHEN`` options (an argparse parser or group)."""
    parser.add_argument("--db", metavar="FILE", help="the indicator database (countyleap db init)")
    if as_of:
        parser.add_argument("--as-of", metavar="WHEN",
                            help="with --db: the data as they stood then: an ISO 8601 date-time (2024-05-01, "
                                 "2024-05-01T12:00:00+08:00) or a batch id (17, batch:17); default the latest")


def open_store(path: str, *, read_only: bool = True):
    """The store at `path` (a missing file is an error naming it, not a new database)."""
    from ..store import Store

    if not os.path.isfile(path):
        raise located(FileError, "no such database (make one with 'countyleap db init')", file=path)
    return Store(path, read_only=read_only)


def header(path: str, encoding: str) -> list[str]:
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


def data_kind(path: str, encoding: str) -> str:
    """'coinr' (COINr's iData: the header has uCode), 'long' or 'wide' (our panel CSV layouts)."""
    columns = set(header(path, encoding))
    if "uCode" in columns:
        return "coinr"
    if {"code", "variable", "year", "value"} <= columns:
        return "long"
    if {"code", "year"} <= columns:
        return "wide"
    raise located(ParseError, "cannot tell the layout: expected a header with code,variable,year,value (long), "
                  "code,year,<variables> (wide) or COINr's uCode (iData)", file=path, line=1)


def framework_kind(path: str) -> str:
    """'json' (countyleap.framework/1) or 'imeta' (COINr's iMeta CSV), by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return "imeta"
    raise UsageError(f"cannot tell what '{path}' is: expected a framework .json file or COINr's iMeta .csv")


def sibling(path: str, name: str) -> Optional[str]:
    """The file `name` in the folder of `path`, when it exists."""
    candidate = os.path.join(os.path.dirname(path) or ".", name)
    return candidate if os.path.isfile(candidate) else None


def _from_dataset(args: argparse.Namespace) -> Study:
    given = [f"--{k}" for k in ("data", "framework", "plan", "regions") if getattr(args, k, None) is not None]
    if given:
        raise UsageError(f"give --dataset or --data/--framework{'/--plan' if args._inputs_plan else ''}, "
                         f"not both ({', '.join(given)})")
    dataset = datasets.load(args.dataset)
    if args._inputs_plan == REQUIRED and dataset.plan is None:
        raise UsageError(f"dataset '{args.dataset}' has no plan")
    spec_file = getattr(args, "spec", None) if args._inputs_spec else None
    study = Study.from_dataset(dataset) if spec_file is None else \
        Study.from_dataset(dataset, spec=_core.read_pipeline_spec(spec_file))
    if spec_file is not None:
        study.sources["spec"] = spec_file
    return study


def _from_db(args: argparse.Namespace) -> Study:
    given = [f"--{k}" for k in ("dataset", "data", "framework", "plan", "regions") if getattr(args, k, None) is not None]
    if given:
        raise UsageError(f"give --db or the other inputs, not both ({', '.join(given)})")
    store = open_store(args.db)
    try:
        dataset = store.dataset(as_of=args.as_of)
    finally:
        store.close()
    if args._inputs_plan == REQUIRED and dataset.plan is None:
        raise UsageError(f"the database {args.db} has no plan")
    if dataset.framework is None:
        raise UsageError(f"the database {args.db} has no framework")
    spec_file = getattr(args, "spec", None) if args._inputs_spec else None
    if spec_file is None and args._inputs_spec and dataset.spec_file is None and dataset.plan is not None:
        spec_file = os.path.join(datasets.directory(BUNDLED), "spec.json")  # as for a plan given as a file
    if spec_file is None:  # the method of the store's data (StoreDataset.spec_file), or the defaults
        return Study.from_dataset(dataset)
    study = Study.from_dataset(dataset, spec=_core.read_pipeline_spec(spec_file))
    study.sources["spec"] = spec_file
    return study


def read_inputs(args: argparse.Namespace) -> Study:
    """The study the options of :func:`add_inputs` name.

    Raises
    ------
    UsageError
        Inputs missing or given twice (exit status 2).
    countyleap.Error
        A file that cannot be read or holds bad data (exit status 1).
    """
    if getattr(args, "as_of", None) is not None and args.db is None:
        raise UsageError("--as-of reads a vintage of the database: give --db FILE")
    if args.db is not None:
        return _from_db(args)
    if args.dataset is not None:
        return _from_dataset(args)
    plan_file = getattr(args, "plan", None)
    files = {"data": args.data, "framework": args.framework}
    if args._inputs_plan == REQUIRED:
        files["plan"] = plan_file
    missing = [f"--{k}" for k, v in files.items() if v is None]
    if missing:
        raise UsageError(f"the inputs are --dataset NAME, --db FILE, or {', '.join(f'--{k}' for k in files)} "
                         f"(missing {', '.join(missing)})")
    kind, fw_kind = data_kind(args.data, args.encoding), framework_kind(args.framework)
    regions_file = args.regions or (sibling(plan_file, "regions.json") if plan_file else None)
    sources = {"panel": args.data, "framework": args.framework}
    if kind == "coinr":
        if plan_file is not None:
            raise UsageError("--data is COINr's iData; a plan is read with a panel CSV (long or wide layout)")
        if fw_kind != "imeta":
            raise UsageError("COINr's iData (--data with a uCode column) is read with its iMeta: give the iMeta "
                             ".csv as --framework")
        if args.regions is not None:
            raise UsageError("with COINr's iData the regions and their *_group columns come from the iData; "
                             "leave out --regions")
        tables = _core.read_coinr(args.data, args.framework, encoding=args.encoding)
        panel, framework, regions = tables.panel, tables.framework, tables.regions
    else:
        regions = _core.read_regions_json(regions_file) if regions_file else None
        scheme = args.code_scheme or (regions.code_scheme if regions is not None else "gbt2260")
        panel = _core.read_panel_csv(args.data, kind, encoding=args.encoding, regions=regions, code_scheme=scheme)
        framework = (_core.read_framework_json(args.framework) if fw_kind == "json"
                     else _core.read_imeta(args.framework, encoding=args.encoding, panel=panel))
        if regions_file:
            sources["regions"] = regions_file
    plan = None
    if plan_file is not None:
        plan = _core.read_plan_json(plan_file)
        sources["plan"] = plan_file
        if regions is not None and args._inputs_plan == REQUIRED:
            plan.validate(framework, regions)
    spec_file = getattr(args, "spec", None) if args._inputs_spec else None
    if spec_file is None and plan_file is not None and args._inputs_spec:
        spec_file = sibling(plan_file, "spec.json") or os.path.join(datasets.directory(BUNDLED), "spec.json")
    spec = _core.read_pipeline_spec(spec_file) if spec_file is not None else None
    if spec_file is not None:
        sources["spec"] = spec_file
    return Study(panel, framework, plan, regions=regions, spec=spec, sources=sources)


def provenance(study: Study) -> dict:
    """What the sidecars say about a study's inputs: the input files (dataset, db, data, framework,
    plan, regions, spec_file: those known), ``illustrative`` and the full ``provenance`` record
    (:attr:`countyleap.Study.provenance`: dataset, data, vintage, method SHA-256, version)."""
    keys = {"dataset": "dataset", "db": "db", "panel": "data", "framework": "framework", "plan": "plan",
            "regions": "regions", "spec": "spec_file"}
    files = {out: study.sources[key] for key, out in keys.items() if key in study.sources}
    return {**files, "illustrative": study.illustrative, "provenance": study.provenance}


__all__ = ["add_db_options", "add_inputs", "open_store", "read_inputs", "provenance", "data_kind", "framework_kind", "header", "sibling", "dataset_spec"]
