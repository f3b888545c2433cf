"""The stubs cannot drift (issue 10): every public name of the built countyleap._core - module
functions, classes, and each class's methods and properties, whether bound in C++ or attached
by the Python layer - is in python/countyleap/_core.pyi with the same parameters (names, order,
keyword-only split, which have defaults), and the stub names nothing the module lacks. A binding
changed without its stub fails here, naming what differs."""

import ast
import inspect
import re
import types
from pathlib import Path

import pytest

from countyleap import _core

SIGNATURE = re.compile(r"^(?:\d+\. )?(\w+)\((.*)\)(?: -> .*)?$")
STUB_ONLY = {"PathLike", "CodeScheme", "RegionKind", "IndicatorKind", "GrowthRule", "Layout", "Encoding",
             "OutOfRange", "TierRule", "NormaliseMethod", "TreatMethod", "ImputeMethod", "WeightMethod",
             "AggregationMethod", "CorrelationMethod", "SpecLike", "Vector", "Matrix", "Range", "Frameish",
             "LeapSolver", "NonPositive", "ProjectionMethod", "Severity", "TrackStatus", "UncertaintySpecLike",
             "ObservationStatus", "AsOf", "RulesLike", "Rows"}


def split_params(text: str) -> list[str]:
    """The top-level comma-separated parts of a parameter list (brackets and quotes nest)."""
    parts, depth, current, quote = [], 0, "", ""
    for ch in text:
        if quote:
            current += ch
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{<":
            depth += 1
        elif ch in ")]}>":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def shape_of_text(params: str, drop_self: bool) -> tuple:
    """(name, kind, has default) per parameter of a pybind11 docstring signature; kind is 'pos',
    'kw' (after '*'), 'args' or 'kwargs'."""
    out, keyword_only = [], False
    for part in split_params(params):
        if part == "*":
            keyword_only = True
            continue
        if part.startswith("**"):
            out.append((part[2:].split(":")[0].strip(), "kwargs", False))
            continue
        if part.startswith("*"):
            out.append((part[1:].split(":")[0].strip(), "args", False))
            keyword_only = True
            continue
        name = re.split(r"[:=]", part, maxsplit=1)[0].strip()
        out.append((name, "kw" if keyword_only else "pos", "=" in part))
    if drop_self and out and out[0][0] == "self":
        out = out[1:]
    return tuple(out)


def runtime_shapes(obj, drop_self: bool) -> set:
    """The parameter shapes of a pybind11 function (one per overload) or a Python function."""
    if isinstance(obj, (types.FunctionType, types.MethodType)):
        sig = inspect.signature(obj)
        kinds = {inspect.Parameter.POSITIONAL_ONLY: "pos", inspect.Parameter.POSITIONAL_OR_KEYWORD: "pos",
                 inspect.Parameter.KEYWORD_ONLY: "kw", inspect.Parameter.VAR_POSITIONAL: "args",
                 inspect.Parameter.VAR_KEYWORD: "kwargs"}
        shape = tuple((p.name, kinds[p.kind], p.default is not inspect.Parameter.empty)
                      for p in sig.parameters.values())
        if drop_self and shape and shape[0][0] in ("self", "cls"):
            shape = shape[1:]
        return {shape}
    shapes = set()
    for line in (obj.__doc__ or "").splitlines():
        m = SIGNATURE.match(line.strip())
        if m and m.group(1) == obj.__name__:
            shapes.add(shape_of_text(m.group(2), drop_self))
    generic = (("args", "args", False), ("kwargs", "kwargs", False))
    if len(shapes) > 1:
        shapes.discard(generic)
    return shapes


def same_shape(runtime: tuple, stub: tuple, dunder: bool) -> bool:
    """A stub's parameters agree with the module's: the same names (pybind11's unnamed arg0 of a
    dunder method matches any), kinds and defaults; a module's **kwargs of options may be spelled
    out in the stub as keyword-only parameters with defaults."""
    if runtime and runtime[-1][1] == "kwargs" and len(stub) >= len(runtime) - 1:
        head = runtime[:-1]
        extra = stub[len(head):]
        if all(kind == "kw" and default for _, kind, default in extra) or extra == runtime[-1:]:
            stub = stub[:len(head)]
            runtime = head
    if len(runtime) != len(stub):
        return False
    return all((r[0] == s[0] or dunder) and r[1:] == s[1:] for r, s in zip(runtime, stub))


def same_shapes(runtime: set, stub: set, dunder: bool = False) -> bool:
    """Every overload of the module is in the stub and the other way round."""
    return all(any(same_shape(r, s, dunder) for s in stub) for r in runtime) and \
        all(any(same_shape(r, s, dunder) for r in runtime) for s in stub)


def stub_shape(node: ast.FunctionDef, drop_self: bool) -> tuple:
    a = node.args
    positional = a.posonlyargs + a.args
    defaults = [False] * (len(positional) - len(a.defaults)) + [True] * len(a.defaults)
    out = [(p.arg, "pos", d) for p, d in zip(positional, defaults)]
    if a.vararg:
        out.append((a.vararg.arg, "args", False))
    out += [(p.arg, "kw", d is not None) for p, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        out.append((a.kwarg.arg, "kwargs", False))
    if drop_self and out and out[0][0] in ("self", "cls"):
        out = out[1:]
    return tuple(out)


def is_property(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "property" or isinstance(d, ast.Attribute) and d.attr == "setter"
               for d in node.decorator_list)


def is_static(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id in ("staticmethod", "classmethod") for d in node.decorator_list)


def read_stub(path: Path) -> dict:
    """name -> ('function', {shapes}) | ('class', {member: ('method', {shapes}) | ('attribute', None)})
    | ('value', None)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: dict = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out.setdefault(node.name, ("function", set()))[1].add(stub_shape(node, False))
        elif isinstance(node, ast.ClassDef):
            members: dict = {}
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    if is_property(item):
                        members[item.name] = ("attribute", None)
                    else:
                        kind = members.setdefault(item.name, ("method", set()))
                        kind[1].add(stub_shape(item, not is_static(item) or
                                               any(getattr(d, "id", "") == "classmethod" for d in item.decorator_list)))
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members[item.target.id] = ("attribute", None)
                elif isinstance(item, ast.Assign):
                    for t in item.targets:
                        if isinstance(t, ast.Name):
                            members[t.id] = ("attribute", None)
            out[node.name] = ("class", members)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = ("value", None)
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out[t.id] = ("value", None)
    return out


def public(name: str) -> bool:
    return not name.startswith("_") or name in ("__init__", "__version__", "__call__", "__getitem__", "__len__",
                                                "__contains__", "__iter__", "__eq__")


def class_members(cls) -> dict:
    """Public members of a class from the module: name -> ('method', shapes) | ('attribute', None)."""
    out = {}
    for name, value in vars(cls).items():
        if not public(name) or name in ("__doc__", "__module__"):
            continue
        if isinstance(value, property) or type(value).__name__ in ("property", "getset_descriptor"):
            out[name] = ("attribute", None)
        elif isinstance(value, staticmethod):
            out[name] = ("method", runtime_shapes(value.__func__, False))
        elif callable(value):
            fn = getattr(cls, name)
            out[name] = ("method", runtime_shapes(fn, not isinstance(value, staticmethod) and
                                                  "instancemethod" in type(value).__name__ or
                                                  isinstance(value, types.FunctionType)))
        else:
            out[name] = ("attribute", None)
    return out


def differences(stub: dict, module) -> list[str]:
    """What differs between the stub and the module (empty when they agree)."""
    problems = []
    names = {n for n in dir(module) if public(n) and n not in ("__doc__",)}
    for name in sorted(names - set(stub)):
        problems.append(f"{name}: in the module, not in the stub")
    for name in sorted(set(stub) - STUB_ONLY):
        if not hasattr(module, name):
            problems.append(f"{name}: in the stub, not in the module")
    for name in sorted(names & set(stub)):
        value, (kind, detail) = getattr(module, name), stub[name]
        if isinstance(value, type):
            if kind != "class":
                problems.append(f"{name}: a class in the module, a {kind} in the stub")
                continue
            if issubclass(value, BaseException):
                continue
            members = class_members(value)
            if "__init__" in members and not members["__init__"][1] and "__init__" not in detail:
                del members["__init__"]  # no constructor bound: Python's object.__init__
            for member in sorted(set(members) - set(detail)):
                problems.append(f"{name}.{member}: in the module, not in the stub")
            for member in sorted(set(detail) - set(members)):
                if not hasattr(value, member):
                    problems.append(f"{name}.{member}: in the stub, not in the module")
            for member in sorted(set(members) & set(detail)):
                (mk, shapes), (sk, stub_shapes) = members[member], detail[member]
                if mk != sk:
                    problems.append(f"{name}.{member}: a {mk} in the module, a {sk} in the stub")
                elif mk == "method" and shapes and not same_shapes(shapes, stub_shapes, member.startswith("__")):
                    problems.append(f"{name}.{member}: signature {sorted(shapes)} in the module, "
                                    f"{sorted(stub_shapes)} in the stub")
        elif callable(value):
            if kind != "function":
                problems.append(f"{name}: a function in the module, a {kind} in the stub")
                continue
            shapes = runtime_shapes(value, False)
            if not same_shapes(shapes, detail):
                problems.append(f"{name}: signature {sorted(shapes)} in the module, {sorted(detail)} in the stub")
    return problems


@pytest.fixture(scope="module")
def stub_path(source_dir) -> Path:
    return source_dir / "python" / "countyleap" / "_core.pyi"


def test_stub_matches_the_built_module(stub_path):
    problems = differences(read_stub(stub_path), _core)
    assert not problems, "_core.pyi and the built module differ:\n" + "\n".join(problems)


def test_the_check_fails_when_a_binding_changes_without_its_stub(stub_path):
    """The check itself can fail: a parameter renamed, one added, a function and a method removed
    from the stub are each found."""
    text = stub_path.read_text(encoding="utf-8")
    stub = read_stub(stub_path)
    renamed = dict(stub)
    kind, shapes = stub["rank"]
    renamed["rank"] = (kind, {tuple(("renamed",) + p[1:] for p in s) for s in shapes})
    assert any(p.startswith("rank: signature") for p in differences(renamed, _core))
    missing = {k: v for k, v in stub.items() if k != "evaluate"}
    assert "evaluate: in the module, not in the stub" in differences(missing, _core)
    cls_kind, members = stub["Panel"]
    fewer = dict(stub)
    fewer["Panel"] = (cls_kind, {k: v for k, v in members.items() if k != "year_index"})
    assert "Panel.year_index: in the module, not in the stub" in differences(fewer, _core)
    assert "def rank(" in text
