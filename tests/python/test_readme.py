"""The README's Python examples run as written from a folder outside any checkout (the data they
use are installed with the package), and their claims hold: the bundled plan is consistent, the
leap path lifts 赞皇县 into its goal tier, and the ten-line example gives the scores worked out by
hand."""

import os
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest


def python_blocks(source_dir) -> list[str]:
    text = (source_dir / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def run_block(block: str, folder, monkeypatch) -> dict:
    monkeypatch.chdir(folder)
    namespace: dict = {}
    try:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102  (our own README)
    finally:
        plt.close("all")
    return namespace


def test_readme_has_the_example_and_the_ten_lines(source_dir):
    blocks = python_blocks(source_dir)
    assert len(blocks) == 2, "the README has the Python example and 'your own data in ten lines'"
    assert len([line for line in blocks[1].splitlines() if line.strip()]) <= 10


def test_readme_python_example_runs_from_any_folder(source_dir, tmp_path, monkeypatch):
    assert not (tmp_path / "tests").exists() and not (tmp_path / "data").exists()  # nothing of a checkout
    namespace = run_block(python_blocks(source_dir)[0], tmp_path, monkeypatch)
    assert namespace["study"].check_plan().consistent
    tiers = namespace["tiers"]
    assert isinstance(tiers, pd.DataFrame) and tiers.index.name == "code"
    assert list(tiers.columns[:2]) == ["score", "tier"]
    path = namespace["path"]
    assert path.feasible and path.new_score >= 60 > path.score  # C (56.5) -> B (cut-off 60)
    assert len(namespace["ua"].summary) == 51  # ASEM's 51 units
    assert os.environ.get("MPLBACKEND", "Agg").lower() == "agg"


def test_readme_own_data_in_ten_lines(source_dir, tmp_path, monkeypatch):
    namespace = run_block(python_blocks(source_dir)[1], tmp_path, monkeypatch)
    # by hand, 2022, min-max to [0, 100] over north, south, east: patents 15, 28, 9 -> 100 x 6 / 19, 100, 0;
    # rd_share 1.4, 2.2, 0.9 -> 100 x 0.5 / 1.3, 100, 0; index = (2 patents + 1 rd_share) / 3
    north = (2 * 600 / 19 + 50 / 1.3) / 3
    scores = namespace["scores"].to_frame()
    assert scores["index"].to_dict() == pytest.approx({"north": north, "south": 100.0, "east": 0.0})
    assert namespace["tiers"]["tier"].to_dict() == {"north": "C", "south": "A", "east": "C"}  # Hebei: A >= 80
    assert [t.get_text() for t in namespace["ax"].get_xticklabels()] == ["south", "north", "east"]
