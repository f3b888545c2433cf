"""Executes a notebook top to bottom with nbclient, as a test: any cell that raises fails the run.

    run_notebook.py NOTEBOOK.ipynb [--expect TEXT ...] [--check | --write]

The kernel is this interpreter (sys.executable, e.g. Debian's /usr/bin/python3) through a kernel
spec written to a temporary folder, so no other Python installed on the machine is picked up; it
inherits the environment (PYTHONPATH=<build>/python). The notebook runs in its own folder. Each
--expect TEXT must appear in the outputs (text or HTML).

The notebooks are committed with their outputs, so that they read on a code host. --write stores
the outputs of this run in the file (no timings, so a run with unchanged code changes nothing);
--check fails when the text and HTML outputs of this run differ from the committed ones (images
are not compared: their pixels depend on the fonts installed), naming the first cell that differs
and the command that refreshes the file. Without either, the file is not modified.
"""
import argparse
import json
import os
import re
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

KERNEL = "countyleap-python"
WARNING_SOURCE = re.compile(r"^\S+:\d+: (?=\w*Warning: )", re.MULTILINE)  #: "/tmp/ipykernel_1/2.py:1: " before a warning


def outputs_text(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for value in output.get("data", {}).values():
                parts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(parts)


def comparable_outputs(notebook) -> list:
    """Per code cell, its outputs as --check compares them: streams and the text and HTML of every
    result, without images."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                # a warning names the kernel's temporary file of the cell: compare from the category on
                outputs.append((output.get("name"), WARNING_SOURCE.sub("", output.get("text", ""))))
            else:
                data = output.get("data", {})
                outputs.append((output.get("output_type"), data.get("text/plain", ""), data.get("text/html", ""),
                                output.get("ename", ""), output.get("evalue", "")))
        cells.append(outputs)
    return cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook")
    parser.add_argument("--expect", action="append", default=[], metavar="TEXT",
                        help="text that must appear in the outputs")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (300)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail when the outputs differ from the committed ones")
    mode.add_argument("--write", action="store_true", help="store this run's outputs in the notebook file")
    args = parser.parse_args()

    notebook = nbformat.read(args.notebook, as_version=4)
    committed = comparable_outputs(notebook)
    with tempfile.TemporaryDirectory() as jupyter:
        spec_dir = os.path.join(jupyter, "kernels", KERNEL)
        os.makedirs(spec_dir)
        with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                       "display_name": f"Python ({sys.executable})", "language": "python"}, f)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (jupyter, os.environ.get("JUPYTER_PATH")) if p)
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(jupyter, "runtime")
        os.environ["IPYTHONDIR"] = os.path.join(jupyter, "ipython")
        client = NotebookClient(notebook, kernel_name=KERNEL, timeout=args.timeout, record_timing=False,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}})
        client.execute()

    text = outputs_text(notebook)
    missing = [e for e in args.expect if e not in text]
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    if missing:
        print(f"{args.notebook}: the outputs lack {missing}", file=sys.stderr)
        return 1
    if args.write:
        notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        nbformat.write(notebook, args.notebook)
    if args.check:
        fresh = comparable_outputs(notebook)
        for number, (old, new) in enumerate(zip(committed, fresh), start=1):
            if old != new:
                print(f"{args.notebook}: code cell {number}: the committed outputs are not this code's; refresh them "
                      f"with PYTHONPATH=<build>/python MPLBACKEND=Agg {sys.executable} {sys.argv[0]} "
                      f"{args.notebook} --write", file=sys.stderr)
                return 1
    print(f"{args.notebook}: {code_cells} code cells ran, {len(args.expect)} expected outputs found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
