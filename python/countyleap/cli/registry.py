"""The command registry and the entry point of the command line.

A command is registered with :func:`command`: the decorated function receives the command's
argparse parser, adds its arguments and returns the function that runs it (``args -> exit
status``). :func:`main` builds the parser from the registry. This module imports no command
module (the families import it), so there is no import circle.

Errors never show a traceback: ``countyleap: error: <message>`` on stderr, exit status 2 for bad
usage and 1 for bad data (any countyleap error, or a file that cannot be read).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Optional, Sequence

from .. import __version__
from .._errors import Error

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


def commands() -> list[str]:
    """The names of the registered commands, in registration order."""
    return list(_COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every registered command."""
    parser = _Parser(prog=PROG, description="County innovation indicators, composite scores, tiers and plan "
                                            "tracking.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="command", required=True)
    for name, (help_text, description, setup) in _COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=description)
        command_parser.set_defaults(run=setup(command_parser))
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the command line; returns the exit status (0 ok, 1 bad data, 2 bad usage)."""
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except UsageError as e:
        return fail(str(e), 2)
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (Error, OSError) as e:
        return fail(str(e), 1)


def fail(message: str, status: int) -> int:
    """Prints ``countyleap: error: <message>`` (on one line) to stderr; returns `status`."""
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return status
