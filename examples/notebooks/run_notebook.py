"""Executes a notebook top to bottom with nbclient, as a test: any cell that raises fails the run.

    run_notebook.py NOTEBOOK.ipynb [--expect TEXT ...]

The kernel is this interpreter (sys.executable, e.g. Debian's /usr/bin/python3) through a kernel
spec written to a temporary folder, so no other Python installed on the machine is picked up; it
inherits the environment (PYTHONPATH=<build>/python). The notebook runs in its own folder. Each
--expect TEXT must appear in the outputs (text or HTML). The notebook file is not modified.
"""
import argparse
import json
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

KERNEL = "countyleap-python"


def outputs_text(notebook) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for value in output.get("data", {}).values():
                parts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook")
    parser.add_argument("--expect", action="append", default=[], metavar="TEXT",
                        help="text that must appear in the outputs")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (300)")
    args = parser.parse_args()

    notebook = nbformat.read(args.notebook, as_version=4)
    with tempfile.TemporaryDirectory() as jupyter:
        spec_dir = os.path.join(jupyter, "kernels", KERNEL)
        os.makedirs(spec_dir)
        with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as f:
            json.dump({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                       "display_name": f"Python ({sys.executable})", "language": "python"}, f)
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (jupyter, os.environ.get("JUPYTER_PATH")) if p)
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(jupyter, "runtime")
        os.environ["IPYTHONDIR"] = os.path.join(jupyter, "ipython")
        client = NotebookClient(notebook, kernel_name=KERNEL, timeout=args.timeout,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}})
        client.execute()

    text = outputs_text(notebook)
    missing = [e for e in args.expect if e not in text]
    code_cells = sum(cell.cell_type == "code" for cell in notebook.cells)
    if missing:
        print(f"{args.notebook}: the outputs lack {missing}", file=sys.stderr)
        return 1
    print(f"{args.notebook}: {code_cells} code cells ran, {len(args.expect)} expected outputs found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
