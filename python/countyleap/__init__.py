"""countyleap: county innovation indicators, composite scores, tiers and plan tracking.

A small compiled core (``countyleap._core``, C++) and a Python layer that speaks pandas::

    import countyleap as cl
    ds = cl.datasets.shijiazhuang()
    ds.plan.tier_counts()                       # year, A, B, C, ...
    panel = cl.Panel.from_csv("panel.csv")      # or cl.Panel.from_frame(df)
    derived = cl.derive(panel, ds.framework)    # .panel, .issues (a DataFrame)

    t = cl.read_coinr("ASEM_iData.csv", "ASEM_iMeta.csv")   # COINr's example
    scores = cl.evaluate(t.panel, t.framework, {"normalise": {"method": "minmax", "range": [0, 100]}},
                         regions=t.regions)
    scores.to_frame(ranks=True)                 # index code, one column per node (+ ranks)

Every error is a :class:`countyleap.Error` (a ``ValueError``) carrying ``file``, ``line``,
``column``, ``column_name`` and ``id``.
"""

from . import _display, _frames, _results, _uncertainty, datasets
from ._core import (
    AggregateOptions,
    AhpResult,
    AuditReport,
    Classification,
    CodeChange,
    CoinrTables,
    Dataset,
    DenominateReport,
    Derived,
    Framework,
    FrameworkInfo,
    GrowthTarget,
    ImputeOptions,
    ImputeReport,
    Indicator,
    IndicatorTarget,
    Node,
    NormaliseOptions,
    Panel,
    Phase,
    PipelineSpec,
    Plan,
    PlanFact,
    PlanInfo,
    PrincipalComponents,
    Region,
    RegionSet,
    RegionTier,
    Scores,
    ScreenResult,
    TierBand,
    TierScheme,
    TreatOptions,
    TreatRecord,
    UncertaintyResult,
    UncertaintySpec,
    Variable,
    WeightOptions,
    aggregate,
    ahp_weights,
    audit,
    bundled_dataset_dir,
    check_data,
    classify,
    classify_by_targets,
    column_stats,
    correlation,
    correlation_matrix,
    critic_weights,
    cronbach_alpha,
    cv_weights,
    denominate,
    derive,
    entropy_weights,
    equal_weights,
    evaluate,
    evaluate_years,
    given_weights,
    impute,
    impute_time,
    is_gbt2260_code,
    kind_implied_by_code,
    node_weights,
    normalise,
    normalise_column,
    normalise_weights,
    pca_weights,
    principal_components,
    rank,
    rank_change_band,
    read_coinr,
    read_dataset,
    saaty_random_index,
    screen,
    treat,
    treat_column,
    uncertainty,
    validate_code,
    __version__,
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
    StoreError,
    UnknownIdError,
    ValidationError,
)
from ._core import default_rules, sha256_file, validate_rows

from ._results import compare_years
from ._core import (EarlyWarning, LeapPath, PlanCheck, ProjectedEvaluation, Projection, check_plan, early_warning,
                    evaluate_projected, judge_growth, leap_path, measure_gap, project)
from ._plan_tools import benchmarks, growth_checks, target_gaps, tiers, weak_spots
from .study import PlanInputs, Study
from . import _plan_tools, report, study
from ._uncertainty import SensitivityResult, sensitivity
from ._plots import ILLUSTRATIVE_TEXT, plot_bump, plot_profile, plot_rank_intervals, plot_tiers

from . import _classes, io  # noqa: E402
from . import _core, _provenance  # noqa: E402

# the analyses of the compiled core whose results keep the provenance record of their inputs
# (countyleap._provenance): name -> the class of their ``spec`` argument (None: they take none)
_RECORDED = {"evaluate": PipelineSpec, "evaluate_years": PipelineSpec, "early_warning": PipelineSpec,
            "leap_path": PipelineSpec, "evaluate_projected": PipelineSpec, "uncertainty": UncertaintySpec,
            "project": None, "derive": None, "classify": None, "audit": None}
globals().update({name: _provenance.recorded(getattr(_core, name), method=method)
                  for name, method in _RECORDED.items()})
from . import excel  # noqa: E402
from .store import ImportResult, Store, StoreDataset  # noqa: E402  (cl.Store: the compiled store, tables as DataFrames)

_classes.attach()

__all__ = [
    "aggregate", "AggregateOptions", "ahp_weights", "AhpResult", "audit", "AuditReport",
    "bundled_dataset_dir", "check_data", "Classification", "classify", "classify_by_targets", "CodeChange",
    "CodeFormatError", "CoinrTables", "column_stats", "compare_years", "correlation", "correlation_matrix",
    "critic_weights", "cronbach_alpha", "cv_weights", "Dataset", "datasets", "denominate", "DenominateReport",
    "derive", "Derived", "DuplicateError", "EncodingError", "entropy_weights", "equal_weights", "Error",
    "evaluate", "evaluate_years", "FileError",         "Framework",
    "FrameworkError", "FrameworkInfo", "given_weights", "GrowthTarget", "impute", "impute_time",
    "ImputeOptions", "ImputeReport", "Indicator", "IndicatorTarget", "is_gbt2260_code",
    "kind_implied_by_code", "Node", "node_weights", "normalise", "normalise_column", "normalise_weights",
    "NormaliseOptions", "Panel",         "ParseError", "pca_weights", "Phase",
    "PipelineSpec", "Plan", "PlanError", "PlanFact", "PlanInfo", "plot_bump", "plot_profile", "plot_rank_intervals", "plot_tiers", "ILLUSTRATIVE_TEXT", "principal_components",
    "PrincipalComponents", "rank", "rank_change_band", "read_coinr", "read_dataset",
    "Region", "RegionSet", "RegionTier", "saaty_random_index", "Scores", "screen", "ScreenResult",
    "sensitivity", "SensitivityResult", "TierBand",
    "TierScheme", "treat", "treat_column", "TreatOptions", "TreatRecord",
    "uncertainty", "UncertaintyResult", "UncertaintySpec", "UnknownIdError", "validate_code",
    "ValidationError", "Variable", "WeightOptions",     "__version__",
]
__all__ += [
    "benchmarks", "check_plan", "early_warning", "EarlyWarning", "evaluate_projected", "growth_checks",
    "judge_growth", "leap_path", "LeapPath", "measure_gap", "PlanCheck", "PlanInputs", "project", "Study",
    "ProjectedEvaluation", "Projection", "io", "report", "target_gaps", "tiers", "weak_spots",
    "excel", "ImportResult", "Store", "StoreDataset",
]
__all__ += ["default_rules", "sha256_file", "StoreError", "validate_rows"]


def __getattr__(name: str):
    """The readers and writers that moved to :mod:`countyleap.io`: the old top-level spelling
    works for one release, with a DeprecationWarning."""
    if name in io.MOVED:
        import warnings

        warnings.warn(f"countyleap.{name} is deprecated; use countyleap.io.{name}", DeprecationWarning, stacklevel=2)
        return getattr(io, name)
    raise AttributeError(f"module 'countyleap' has no attribute '{name}'")
