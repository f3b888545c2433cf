"""A DataFrame and a CSV file are assembled into a panel by the same builder (issue 10:
Panel.from_frame went through bind_panel.cpp's own checks): the same cases accepted and rejected,
with the same messages up to where they point (0-based rows for a frame, lines for a file)."""

import numpy as np
import pandas as pd
import pytest

import countyleap as cl


def both(frame: pd.DataFrame, **options):
    """(Panel.from_frame, parse_panel_csv of the same table written as CSV): each a Panel or the
    error raised."""
    out = []
    for build in (lambda: cl.Panel.from_frame(frame, **options),
                  lambda: cl.io.parse_panel_csv(frame.to_csv(index=False), **options)):
        try:
            out.append(build())
        except cl.Error as e:
            out.append(e)
    return out


def frame(**changes) -> pd.DataFrame:
    base = {"code": ["130102", "130104", "130102"], "variable": ["a", "a", "b"], "year": [2020, 2020, 2021],
            "value": [1.0, 2.0, 3.0]}
    base.update(changes)
    return pd.DataFrame(base)


@pytest.mark.parametrize("changes,error,fragment", [
    ({"variable": ["a", "a", "1b"]}, cl.ValidationError, "invalid variable id '1b'"),
    ({"code": ["130102", "13010", "130102"]}, cl.CodeFormatError, "13010"),
    ({"year": [2020, 2020, 2200]}, cl.ValidationError, "year 2200 is outside the accepted range [1949, 2100]"),
    ({"variable": ["a", "a", "a"], "year": [2020, 2020, 2020]}, cl.DuplicateError, "(130102, a, 2020) appears twice"),
])
def test_the_same_rules_reject_the_same_tables(changes, error, fragment):
    from_frame, from_csv = both(frame(**changes))
    assert isinstance(from_frame, error) and isinstance(from_csv, error)
    assert fragment in str(from_frame) and fragment in str(from_csv)


def test_duplicates_name_rows_for_a_frame_and_lines_for_a_file():
    from_frame, from_csv = both(frame(variable=["a", "a", "a"], year=[2020, 2020, 2020]))
    assert "rows 0 and 2 (0-based positions)" in str(from_frame)
    assert "lines 2 and 4" in str(from_csv)  # the header is line 1


def test_the_same_tables_give_equal_panels(regions):
    from_frame, from_csv = both(frame())
    assert from_frame == from_csv
    assert from_frame.regions == ["130102", "130104"] and from_frame.variables == ["a", "b"]
    np.testing.assert_array_equal(from_frame.years, [2020, 2021])
    # old codes resolve through the region set's history on both paths: 藁城市 130182 is 藁城区 130109
    old = frame(code=["130182", "130102", "130182"])
    from_frame, from_csv = both(old, regions=regions)
    assert from_frame == from_csv and from_frame.regions == ["130109", "130102"]
    # and a code the set does not know is rejected on both
    from_frame, from_csv = both(frame(), regions=regions)
    assert isinstance(from_frame, cl.UnknownIdError) and isinstance(from_csv, cl.UnknownIdError)
    assert from_frame.id == from_csv.id == "130104" and "not in the region set" in str(from_frame)
