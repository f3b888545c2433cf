"""The countyleap command line: ``countyleap <command> ...`` (also ``python3 -m countyleap``).

The package:

- :mod:`.registry` - the command registry (:func:`command`) and the entry point :func:`main`;
- :mod:`.inputs` - the one input reader: ``--dataset NAME`` on every command that reads data, or
  the files (``--data``, ``--framework``, ``--plan``, ``--regions``, ``--spec``);
- :mod:`.output` - the one output writer: CSV at full precision, the JSON sidecar, text tables;
- one module per family of commands: :mod:`.info` (``info``), :mod:`.evaluate` (``evaluate``),
  :mod:`.analysis` (``uncertainty``, ``sensitivity``), :mod:`.plan` (``classify``, ``plan
  check``, ``gaps``, ``warn``, ``leap``, ``report``) and :mod:`.db` (``db init``, ``db template``,
  ``db import``, ``db status``, ``db history``, ``db batches``, ``db diff``).

The families import the registry, the reader and the writer, never this package or each other
(each takes the provenance of its sidecar from the reader), so there is no import circle.

Errors never show a traceback: ``countyleap: error: <message>`` on stderr, exit status 2 for bad
usage and 1 for bad data (any countyleap error, or a file that cannot be read).
"""

from .registry import PROG, UsageError, build_parser, command, commands, main
from . import info, evaluate, analysis, plan, db  # noqa: E402,F401  (each registers its commands)
from .evaluate import scores_record, write_scores_csv

__all__ = ["PROG", "UsageError", "build_parser", "command", "commands", "main", "scores_record",
           "write_scores_csv"]
