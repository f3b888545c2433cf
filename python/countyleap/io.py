"""Readers and writers: ``countyleap.io``.

Every file format the library reads or writes, by family: ``read_*`` (a file), ``parse_*`` (text),
``format_*`` (text out) and ``write_*`` (a file out) for panels (CSV), regions, frameworks,
plans and tier schemes (JSON), pipeline and uncertainty specs; COINr's iData/iMeta tables
(:func:`read_coinr`, :func:`write_coinr`, :func:`read_imeta`, :func:`parse_imeta`); dataset
folders (:func:`read_dataset`). All are the compiled readers of ``countyleap._core``.

The top level keeps :func:`read_coinr` and :func:`read_dataset`; the other names were also at the
top level before and still work there for one release, with a DeprecationWarning.
"""

from ._core import (
    format_framework_json,
    format_panel_csv,
    format_pipeline_spec,
    format_plan_json,
    format_regions_json,
    format_tier_scheme_json,
    format_uncertainty_spec,
    parse_framework_json,
    parse_imeta,
    parse_panel_csv,
    parse_pipeline_spec,
    parse_plan_json,
    parse_regions_json,
    parse_tier_scheme_json,
    parse_uncertainty_spec,
    read_coinr,
    read_dataset,
    read_framework_json,
    read_imeta,
    read_panel_csv,
    read_pipeline_spec,
    read_plan_json,
    read_regions_json,
    read_tier_scheme_json,
    read_uncertainty_spec,
    write_coinr,
    write_framework_json,
    write_panel_csv,
    write_plan_json,
    write_regions_json,
    write_tier_scheme_json,
)

__all__ = [
    "format_framework_json", "format_panel_csv", "format_pipeline_spec", "format_plan_json", "format_regions_json",
    "format_tier_scheme_json", "format_uncertainty_spec", "parse_framework_json", "parse_imeta", "parse_panel_csv",
    "parse_pipeline_spec", "parse_plan_json", "parse_regions_json", "parse_tier_scheme_json",
    "parse_uncertainty_spec", "read_coinr", "read_dataset", "read_framework_json", "read_imeta", "read_panel_csv",
    "read_pipeline_spec", "read_plan_json", "read_regions_json", "read_tier_scheme_json", "read_uncertainty_spec",
    "write_coinr", "write_framework_json", "write_panel_csv", "write_plan_json", "write_regions_json",
    "write_tier_scheme_json",
]

#: the names that left the top level for this module (old spellings: cl.<name>, deprecated)
MOVED = [name for name in __all__ if name not in ("read_coinr", "read_dataset", "read_imeta", "parse_imeta")]
