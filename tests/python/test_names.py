"""Where names live (issue 10): the readers and writers in countyleap.io, their old top-level
spellings working for one release with a DeprecationWarning, and every Python addition to a
compiled class made in one place (countyleap._classes)."""

import inspect
import types
import warnings

import pytest

import countyleap as cl
from countyleap import _classes, _core


@pytest.mark.parametrize("name", cl.io.MOVED)
def test_old_top_level_reader_names_warn_and_still_work(name):
    with pytest.warns(DeprecationWarning, match=rf"countyleap.{name} is deprecated; use countyleap.io.{name}"):
        old = getattr(cl, name)
    assert old is getattr(cl.io, name)
    assert name not in cl.__all__


def test_the_top_level_keeps_what_a_notebook_reaches_for_first():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert cl.read_coinr is cl.io.read_coinr and cl.read_dataset is cl.io.read_dataset
        for name in ("evaluate", "classify", "tiers", "Study", "Panel", "Framework", "Plan", "uncertainty",
                     "sensitivity", "datasets", "io", "report"):
            assert hasattr(cl, name) and name in cl.__all__, name
    with pytest.raises(AttributeError):
        cl.read_nothing
    # 29 read/parse/format/write variants were at the top level; two are left there
    variants = [n for n in cl.__all__ if n.split("_")[0] in ("read", "parse", "format", "write")]
    assert sorted(variants) == ["read_coinr", "read_dataset"]


def test_a_moved_reader_reads_the_same():
    text = '{"schema": "countyleap.regions/1", "code_scheme": "free", "regions": [{"code": "A1", "name_zh": "甲"}]}'
    with pytest.warns(DeprecationWarning):
        old = cl.parse_regions_json(text)
    assert old.to_json() == cl.io.parse_regions_json(text).to_json()


def python_additions(cls) -> set:
    """The attributes of a compiled class that are Python code (functions, properties over Python
    functions, staticmethods of Python functions)."""
    out = set()
    for name, value in vars(cls).items():
        if isinstance(value, property):
            value = value.fget
        elif isinstance(value, staticmethod):
            value = value.__func__
        if isinstance(value, types.FunctionType):
            out.add(name)
    return out


def test_classes_are_extended_in_one_place():
    """Every Python method or property on a compiled class is listed in _classes.EXTENSIONS (the
    one place), and every module that defines them assigns nothing to a _core class itself."""
    for name, cls in inspect.getmembers(_core, inspect.isclass):
        if issubclass(cls, BaseException):
            continue
        listed = set(_classes.EXTENSIONS.get(cls, {}))
        assert python_additions(cls) == listed, name
    import pathlib
    import re

    package = pathlib.Path(cl.__file__).parent
    pattern = re.compile(r"^\s*_core\.\w+\.\w+\s*=|setattr\(_core\.", re.M)
    for path in package.rglob("*.py"):
        if path.name != "_classes.py":
            assert not pattern.search(path.read_text(encoding="utf-8")), path.name


def test_pyproject_ships_every_subpackage(source_dir):
    """countyleap/cli/ is a package: setuptools installs only the packages pyproject.toml lists."""
    import tomllib

    config = tomllib.loads((source_dir / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    root = source_dir / "python"
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "countyleap").rglob("__init__.py")}
    assert found == listed == {"countyleap", "countyleap.cli"}
