"""Plays the bureau's archive and the 21 counties for the main job (scripts/run.sh), from the bundled
illustrative panel:

  play_counties.py history YEAR OUT.csv     the bureau's archive: the panel's years before YEAR, as CSV
  play_counties.py fill TEMPLATES FILLED    each county fills its template with the panel's values of
                                            its year, as a county statistician would by hand
"""

import os
import sys

import countyleap as cl


def history(year: str, out: str) -> int:
    panel = cl.datasets.shijiazhuang().panel
    frame = panel.to_frame("long")
    archive = cl.Panel.from_frame(frame[frame["year"] < int(year)])
    archive.comments = panel.comments
    archive.to_csv(out)
    print(f"{out}: {archive.count_present()} values, {archive.first_year}-{archive.last_year}")
    return 0


def fill(source: str, dest: str) -> int:
    panel = cl.datasets.shijiazhuang().panel
    os.makedirs(dest, exist_ok=True)
    names = sorted(n for n in os.listdir(source) if n.endswith(".xlsx"))
    for name in names:
        cl.excel.fill_from_panel(os.path.join(source, name), panel, os.path.join(dest, name))
    print(f"{len(names)} workbooks filled in {dest}")
    return 0


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    sys.exit({"history": history, "fill": fill}[mode](*args))
