"""The datasets bundled with countyleap.

A dataset is a folder with ``regions.json`` and optionally ``framework.json``, ``plan.json`` and a
panel CSV (see :func:`countyleap.read_dataset`). The bundled folders are looked up in the
package's own ``data/`` folder first (where the build and ``pip install`` put them), then where
the C++ library looks (``$COUNTYLEAP_DATA_DIR``, the installed data folder, the source tree); a
set ``COUNTYLEAP_DATA_DIR`` takes precedence over the package folder.

COINr's ASEM example (51 Asian and European countries, 49 indicators; COINr 1.1.14, MIT licence)
ships too, as COINr's own tables: :func:`asem` reads them, :func:`asem_uncertainty` is COINr's
uncertainty example on them. They work from any folder, a checkout or not.

>>> import countyleap as cl
>>> ds = cl.datasets.shijiazhuang()          # doctest: +SKIP
>>> ds.plan.tier_counts()                     # doctest: +SKIP
>>> asem = cl.datasets.asem()                 # doctest: +SKIP
>>> cl.evaluate(asem.panel, asem.framework, regions=asem.regions)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path

from . import _core
from ._errors import FileError, located

__all__ = ["asem", "asem_uncertainty", "data_dir", "directory", "illustrative", "load", "names", "shijiazhuang"]


def data_dir() -> Path:
    """The package's own data folder (it may be missing in a bare source checkout)."""
    return Path(__file__).resolve().parent / "data"


def names() -> list[str]:
    """Names of the datasets in the package's data folder (folders with a regions.json)."""
    root = data_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "regions.json").is_file())


def directory(name: str) -> str:
    """The folder of the bundled dataset `name`.

    Raises
    ------
    FileError
        No such dataset.
    """
    own = data_dir() / name
    if "COUNTYLEAP_DATA_DIR" not in os.environ and (own / "regions.json").is_file():
        return str(own)
    return _core.bundled_dataset_dir(name)


def load(name: str) -> _core.Dataset:
    """Reads the bundled dataset `name`.

    Returns
    -------
    Dataset
        ``.regions``, ``.framework``, ``.plan`` and ``.panel`` (None for a part whose file is absent).
    """
    return _core.read_dataset(directory(name))


def shijiazhuang() -> _core.Dataset:
    """The Shijiazhuang county innovation leap plan (石家庄市县域科技创新跃升计划, 2022-2025): its 21
    county-level units, the default indicator framework and the plan's tiers, phases, goals and
    targets. ``.panel`` is None while the dataset has no panel CSV; any panel shipped with it is
    illustrative, not official statistics."""
    return load("shijiazhuang")


def _asem_file(name: str) -> str:
    path = data_dir() / "asem" / name
    if not path.is_file():
        raise located(FileError, "COINr's ASEM example is not in the package (the build copies it from "
                      "tests/data/asem and bench/; rebuild or reinstall countyleap)", file=str(path), id="asem")
    return str(path)


def asem() -> _core.CoinrTables:
    """COINr's ASEM example (COINr 1.1.14, the European Commission's Joint Research Centre, MIT
    licence): 51 Asian and European countries (ISO codes, so the code scheme is free), 49
    indicators in a four-level tree, read from COINr's own ``ASEM_iData.csv`` and ``ASEM_iMeta.csv``
    by :func:`countyleap.read_coinr`. These are COINr's published example data, not illustrative.

    Returns
    -------
    CoinrTables
        ``.panel``, ``.framework``, ``.regions`` (with COINr's group columns as attributes).
    """
    return _core.read_coinr(_asem_file("ASEM_iData.csv"), _asem_file("ASEM_iMeta.csv"))


def asem_uncertainty() -> _core.UncertaintySpec:
    """COINr's uncertainty example on :func:`asem` in countyleap's words (``bench/asem_uncertainty.json``:
    winsorisation limit, min-max or z-score, weight noise, arithmetic or geometric mean; 1,000
    replications, seed 1)."""
    return _core.UncertaintySpec(_asem_file("asem_uncertainty.json"))
