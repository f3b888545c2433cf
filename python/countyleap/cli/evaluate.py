"""``countyleap evaluate``: scores of every node from a pipeline spec, as CSV with a JSON sidecar."""

from __future__ import annotations

import argparse
import json
from typing import Optional

import pandas as pd

from .. import _core
from .inputs import add_inputs, provenance, read_inputs
from .output import json_ready, write_csv, write_output
from .registry import Runner, command


def scores_frame(scores: _core.Scores, *, ranks: bool = False) -> pd.DataFrame:
    """The scores as written: index ``code``, one column per node in canonical order (the
    indicators as they stand after the last step, then every aggregate bottom-up, the root last);
    with `ranks`, a ``<node>_rank`` column per node after them (integers, missing empty)."""
    frame = pd.DataFrame(scores.values, index=pd.Index(scores.regions, name="code"), columns=list(scores.nodes))
    if ranks:
        for node, column in zip(scores.nodes, scores.ranks.T):
            frame[f"{node}_rank"] = pd.array([None if r != r else int(r) for r in column], dtype="Int64")
    return frame


def write_scores_csv(scores: _core.Scores, path: str, *, ranks: bool = False) -> None:
    """Writes :func:`scores_frame` as CSV: the first column ``code``, then the nodes at full
    precision, missing scores empty."""
    write_csv(scores_frame(scores, ranks=ranks), path, index="code")


def scores_record(scores: _core.Scores, **sources: Optional[str]) -> dict:
    """What made `scores` and what every step did, as written next to the CSV: version, year, the
    input files, the canonical spec and the step log (see Scores.log)."""
    log = scores.log
    return json_ready({
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
                     "canonical spec, the library version, the year, the inputs and what every step did. The inputs "
                     "are a bundled dataset (--dataset NAME, with its spec.json) or files: DATA is a panel CSV "
                     "(long or wide, told apart by the header) or COINr's iData (header with uCode, read together "
                     "with its iMeta as FRAMEWORK; the regions and their *_group columns come from it); FRAMEWORK "
                     "is a framework.json or COINr's iMeta.csv.")
def _evaluate(parser: argparse.ArgumentParser) -> Runner:
    add_inputs(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.csv", help="the scores (wide CSV)")
    parser.add_argument("--ranks", action="store_true", help="add a <node>_rank column per node (1 = best)")

    def run(args: argparse.Namespace) -> int:
        study = read_inputs(args)
        scores = study.evaluate(year=args.year)
        write_output(args.output, scores_frame(scores, ranks=args.ranks), scores_record(scores, **provenance(study)),
                     index="code")
        return 0
    return run
