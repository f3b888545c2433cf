"""countyleap: county innovation indicators, composite scores, tiers and plan tracking.

A small compiled core (``countyleap._core``, C++) and a Python layer that speaks pandas::

    import countyleap as cl
    ds = cl.datasets.shijiazhuang()
    ds.plan.tier_counts()                       # year, A, B, C, ...
    panel = cl.Panel.from_csv("panel.csv")      # or cl.Panel.from_frame(df)
    derived = cl.derive(panel, ds.framework)    # .panel, .issues (a DataFrame)

Every error is a :class:`countyleap.Error` (a ``ValueError``) carrying ``file``, ``line``,
``column``, ``column_name`` and ``id``.
"""

from . import _display, _frames, datasets
from ._core import (
    CodeChange,
    CoinrTables,
    Dataset,
    Derived,
    Framework,
    FrameworkInfo,
    GrowthTarget,
    Indicator,
    IndicatorTarget,
    Node,
    Panel,
    Phase,
    Plan,
    PlanFact,
    PlanInfo,
    Region,
    RegionSet,
    RegionTier,
    TierCutoff,
    Variable,
    __version__,
    bundled_dataset_dir,
    check_data,
    derive,
    format_framework_json,
    format_panel_csv,
    format_plan_json,
    format_regions_json,
    is_gbt2260_code,
    kind_implied_by_code,
    parse_framework_json,
    parse_panel_csv,
    parse_plan_json,
    parse_regions_json,
    read_coinr,
    read_dataset,
    read_framework_json,
    read_panel_csv,
    read_plan_json,
    read_regions_json,
    validate_code,
    write_coinr,
    write_framework_json,
    write_panel_csv,
    write_plan_json,
    write_regions_json,
)
from ._errors import (
    CodeFormatError,
    DuplicateError,
    EncodingError,
    Error,
    FileError,
    FrameworkError,
    ParseError,
    PlanError,
    UnknownIdError,
    ValidationError,
)

_frames.attach()
_display.attach()

__all__ = [
    "CodeChange", "CodeFormatError", "CoinrTables", "Dataset", "Derived", "DuplicateError", "EncodingError",
    "Error", "FileError", "Framework", "FrameworkError", "FrameworkInfo", "GrowthTarget", "Indicator",
    "IndicatorTarget", "Node", "Panel", "ParseError", "Phase", "Plan", "PlanError", "PlanFact", "PlanInfo",
    "Region", "RegionSet", "RegionTier", "TierCutoff", "UnknownIdError", "ValidationError", "Variable",
    "__version__", "bundled_dataset_dir", "check_data", "datasets", "derive", "format_framework_json",
    "format_panel_csv", "format_plan_json", "format_regions_json", "is_gbt2260_code", "kind_implied_by_code",
    "parse_framework_json", "parse_panel_csv", "parse_plan_json", "parse_regions_json", "read_coinr",
    "read_dataset", "read_framework_json", "read_panel_csv", "read_plan_json", "read_regions_json",
    "validate_code", "write_coinr", "write_framework_json", "write_panel_csv", "write_plan_json",
    "write_regions_json",
]
