#!/usr/bin/env python3
"""What including a public header costs a user: compile time and peak memory.

For every public header (include/countyleap/*.hpp and include/countyleap/io/*.hpp, the umbrella
header first) this compiles a one-line file ``#include <countyleap/X.hpp>`` the way a new user
would (``g++ -std=c++17 -O2 -c``, Eigen from the system) and prints the wall seconds and the
compiler's peak resident memory (from the child's rusage). Headers are compiled one at a time so
that the two cores do not disturb each other's timing.

Give one or more include folders to compare trees in one run, e.g. the checkout before and after
a change (``git worktree add /tmp/before HEAD~3``):

    /usr/bin/python3 bench/header_cost.py include /tmp/before/include

Not a test: the figures go in a closing note or bench/README.md.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time


def public_headers(include_dir: pathlib.Path):
    root = include_dir / "countyleap"
    names = sorted(p.relative_to(include_dir).as_posix() for p in root.glob("*.hpp"))
    names += sorted(p.relative_to(include_dir).as_posix() for p in (root / "io").glob("*.hpp"))
    umbrella = "countyleap/countyleap.hpp"
    if umbrella in names:
        names.remove(umbrella)
        names.insert(0, umbrella)
    return names


def compile_cost(compiler, flags, include_dir, header, scratch):
    source = scratch / "one_line.cpp"
    source.write_text(f"#include <{header}>\n")
    cmd = [compiler, *flags, f"-I{include_dir}", "-I/usr/include/eigen3", "-c", str(source),
           "-o", os.devnull]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{header} ({include_dir}) does not compile on its own:\n{err}")
    # ru_maxrss is the largest child's peak in KiB (g++ runs cc1plus as its child).
    return seconds, usage.ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("include_dirs", nargs="*", default=["include"],
                        help="include folders to measure (default: include)")
    parser.add_argument("--compiler", default="g++")
    parser.add_argument("--flags", default="-std=c++17 -O2",
                        help="compiler flags (default: %(default)s)")
    args = parser.parse_args()
    dirs = [pathlib.Path(d).resolve() for d in args.include_dirs]
    flags = args.flags.split()
    headers = []
    for d in dirs:
        headers += [h for h in public_headers(d) if h not in headers]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        for h in headers:
            for d in dirs:
                if (d / h).exists():
                    results[(h, d)] = compile_cost(args.compiler, flags, d, h, scratch)
    head = "header".ljust(36) + "".join(f"{'s':>8}{'MB':>7}  " for _ in dirs)
    print(f"{args.compiler} {' '.join(flags)}; columns: " + "; ".join(str(d) for d in dirs))
    print(head)
    for h in headers:
        row = h.removeprefix("countyleap/").ljust(36)
        for d in dirs:
            s_mb = results.get((h, d))
            row += f"{s_mb[0]:8.2f}{s_mb[1]:7.0f}  " if s_mb else f"{'-':>8}{'-':>7}  "
        print(row)
    for d in dirs:
        costs = [v for (h, dd), v in results.items() if dd == d]
        print(f"{d}: max {max(c[0] for c in costs):.2f} s, max {max(c[1] for c in costs):.0f} MB,"
              f" sum {sum(c[0] for c in costs):.1f} s over {len(costs)} headers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
