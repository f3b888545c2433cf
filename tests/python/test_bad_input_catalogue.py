"""docs/bad-input.md, the catalogue of bad input, kept honest: every error type of error.hpp and
every exception class the package exports has a line; every test it names exists; it has at least
60 entries (issue 15)."""

import re

import countyleap as cl

ENTRY = re.compile(r"^\| (\d+) \| .+ \| .+ \| (tests/[^ :]+)(?:(?:: |::)(\w+))? \|$", re.MULTILINE)


def catalogue(source_dir) -> str:
    return (source_dir / "docs" / "bad-input.md").read_text(encoding="utf-8")


def test_every_error_type_has_a_line(source_dir):
    text = catalogue(source_dir)
    header = (source_dir / "include" / "countyleap" / "error.hpp").read_text(encoding="utf-8")
    cpp_types = set(re.findall(r"^class (\w+) : public", header, re.MULTILINE))
    # the one error type declared beside its concept
    cpp_types |= set(re.findall(r"^class (\w+_error) : public",
                                (source_dir / "include" / "countyleap" / "aggregate.hpp").read_text(encoding="utf-8"),
                                re.MULTILINE))
    assert {"parse_error", "store_error", "aggregation_domain_error"} <= cpp_types
    python_types = {name for name in dir(cl) if isinstance(getattr(cl, name), type)
                    and issubclass(getattr(cl, name), cl.Error)}
    assert {"Error", "StoreError", "PlanError"} <= python_types
    missing = [t for t in sorted(cpp_types) if f"`{t}`" not in text]
    missing += [t for t in sorted(python_types) if f"`{t}`" not in text]
    assert not missing, f"docs/bad-input.md has no line for {missing}"
    statuses = set(re.findall(r"^\s*(CL_\w+) = \d+", (source_dir / "include" / "countyleap" / "countyleap.h")
                              .read_text(encoding="utf-8"), re.MULTILINE))
    assert "CL_ERROR_IO" in statuses
    assert not [s for s in sorted(statuses) if s != "CL_OK" and s not in text]


def test_every_entry_names_a_test_that_exists(source_dir):
    entries = ENTRY.findall(catalogue(source_dir))
    assert len(entries) >= 60
    assert [int(e[0]) for e in entries] == list(range(1, len(entries) + 1))
    for number, path, name in entries:
        source = (source_dir / path).read_text(encoding="utf-8")
        if path.endswith(".cpp"):
            assert f"BOOST_AUTO_TEST_CASE({name})" in source, f"entry {number}: no test case {name} in {path}"
        elif path.endswith(".py"):
            assert f"def {name}(" in source, f"entry {number}: no test {name} in {path}"
        else:  # the C test is one program: the entry's status must be one it checks
            assert name == "" and path == "tests/c/test_c_api.c"
