"""Plays the 21 counties for the main job (scripts/run.sh): fills every template in FOLDER with the
bundled illustrative panel's values of its county and year, as a county statistician would by hand.

Usage: fill_templates.py TEMPLATES_FOLDER FILLED_FOLDER
"""

import os
import sys

import countyleap as cl


def main(source: str, dest: str) -> int:
    panel = cl.datasets.shijiazhuang().panel
    os.makedirs(dest, exist_ok=True)
    names = sorted(n for n in os.listdir(source) if n.endswith(".xlsx"))
    for name in names:
        cl.excel.fill_from_panel(os.path.join(source, name), panel, os.path.join(dest, name))
    print(f"{len(names)} workbooks filled in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
