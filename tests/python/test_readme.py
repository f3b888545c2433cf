"""The README's Python example runs as written (from the source tree, as the README assumes), and
its claims hold: the bundled plan is consistent and the leap path lifts 赞皇县 into its goal tier."""

import os
import re

import pandas as pd


def test_readme_python_example_runs(source_dir, monkeypatch):
    text = (source_dir / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "the README has one Python example"
    monkeypatch.chdir(source_dir)
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)  # noqa: S102  (our own README)
    assert namespace["study"].check_plan().consistent
    tiers = namespace["tiers"]
    assert isinstance(tiers, pd.DataFrame) and list(tiers.columns[:3]) == ["code", "score", "tier"]
    path = namespace["path"]
    assert path.feasible and path.new_score >= 60 > path.score  # C (56.5) -> B (cut-off 60)
    assert len(namespace["ua"].summary) == 51  # ASEM's 51 units
    assert os.environ.get("MPLBACKEND", "Agg").lower() == "agg"
