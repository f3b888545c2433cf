"""Where names live: the one place that gives the compiled classes of ``countyleap._core`` their
Python methods and properties (pandas views, notebook display, the dataset's door).

Each class has one entry in :data:`EXTENSIONS`, listing everything Python adds to it and the
module whose function does it, so what ``Plan`` can do is the bound class (python/src/bind_plan.cpp)
plus its entry below; the stub (``_core.pyi``) lists both, and tests/python/test_stubs.py checks
it against the built module. Nothing else assigns to a ``_core`` class (test_classes_are_extended_in_one_place).

The classes of :data:`RESULTS` are results: each also gets ``provenance`` (the record of what made
it, see :mod:`countyleap._provenance`), and each Python member of theirs passes that record on to
the DataFrames, Series and results it returns.
"""

from __future__ import annotations

from typing import Any, Callable

from . import _core, _display, _frames, _plan_tools, _provenance, _results, _uncertainty, study


def _property(fget: Callable[..., Any]) -> property:
    return property(fget, doc=fget.__doc__)


#: compiled class -> {name: function, property or staticmethod Python adds}
EXTENSIONS: dict[type, dict[str, Any]] = {
    _core.RegionSet: {
        "to_frame": _frames._regions_to_frame,
        "history_frame": _frames._history_to_frame,
        "from_frame": staticmethod(_frames._regions_from_frame),
        "_repr_html_": _display._regions_html,
    },
    _core.Framework: {
        "to_frame": _frames._framework_to_frame,
        "indicators_frame": _frames._indicators_frame,
        "variables_frame": _frames._variables_frame,
        "from_frame": staticmethod(_frames._framework_from_frame),
        "_repr_html_": _display._framework_html,
    },
    _core.Panel: {
        "to_frame": _frames._panel_to_frame,
        "from_frame": staticmethod(_frames._panel_from_frame),
        "_repr_html_": _display._panel_html,
    },
    _core.TierScheme: {
        "to_frame": _frames._scheme_frame,
        "_repr_html_": _display._scheme_html,
    },
    _core.Plan: {
        "tier_counts": _frames._tier_counts,
        "region_goals": _frames._region_goals,
        "observed_tiers": _frames._observed_tiers,
        "indicator_targets": _frames._indicator_targets,
        "growth_targets": _frames._growth_targets,
        "phases_frame": _frames._phases_frame,
        "tiers_frame": _frames._tiers_frame,
        "facts_frame": _frames._facts_frame,
        "_repr_html_": _display._plan_html,
    },
    _core.Derived: {
        "issues": _property(_frames._issues),
    },
    _core.Scores: {
        "to_frame": _results._scores_to_frame,
        "coverage": _results._coverage,
        "composite": _results._composite,
        "weights": _property(_results._weights),
        "log": _property(_results._log),
        "classify": _results.classify_scores,
        "_repr_html_": _display._scores_html,
    },
    _core.Classification: {
        "to_frame": _results._classification_to_frame,
    },
    _core.AuditReport: {
        "stats": _property(_results._audit_stats),
        "pearson": _property(_results._audit_pearson),
        "spearman": _property(_results._audit_spearman),
        "collinear": _property(_results._audit_collinear),
        "negative": _property(_results._audit_negative),
        "nodes": _property(_results._audit_nodes),
        "pca": _results._audit_pca,
    },
    _core.PlanCheck: {
        "findings": _property(_plan_tools._findings),
        "phases": _property(_plan_tools._check_phases),
        "moves": _property(_plan_tools._check_moves),
        "assumptions": _property(_plan_tools._check_assumptions),
    },
    _core.AssignmentSearch: {
        "alternatives": _property(_plan_tools._search_alternatives),
    },
    _core.PublishedResults: {
        "to_frame": _plan_tools._published_frame,
    },
    _core.PlanTrack: {
        "to_frame": _plan_tools._track_frame,
    },
    _core.Projection: {
        "series": _property(_plan_tools._series),
    },
    _core.ProjectedEvaluation: {
        "tiers": _property(_plan_tools._projected_tiers),
    },
    _core.EarlyWarning: {
        "targets": _property(_plan_tools._warning_targets),
        "goals": _property(_plan_tools._warning_goals),
        "phases": _property(_plan_tools._warning_phases),
        "outlooks": _property(_plan_tools._warning_outlooks),
        "alerts": _property(_plan_tools._warning_alerts),
    },
    _core.LeapPath: {
        "changes": _property(_plan_tools._leap_changes),
    },
    _core.UncertaintyResult: {
        "summary": _property(_uncertainty._summary),
        "to_frame": _uncertainty._to_frame,
        "parameters": _property(_uncertainty._parameters),
        "failures": _property(_uncertainty._failures),
        "scores": _property(_uncertainty._scores),
        "ranks": _property(_uncertainty._ranks),
        "_repr_html_": _uncertainty._result_html,
    },
    _core.Dataset: {
        "study": study._dataset_study,
        "spec": _property(study._dataset_spec),
        "_repr_html_": _display._dataset_html,
        # deprecated (one release): Dataset.study() is the door
        "inputs": study._dataset_inputs,
        **{old: study._dataset_deprecated(old, new) for old, new in study.DATASET_DEPRECATED.items()},
    },
}


#: the compiled result classes: they keep the record of their inputs (countyleap._provenance)
RESULTS = (_core.Scores, _core.Classification, _core.Derived, _core.AuditReport, _core.EarlyWarning, _core.LeapPath,
           _core.Projection, _core.ProjectedEvaluation, _core.UncertaintyResult)

for _cls in RESULTS:  # a result's members pass its record on; its record is its ``provenance``
    EXTENSIONS[_cls] = {**{name: _provenance.passes_on(member) for name, member in EXTENSIONS[_cls].items()},
                        "provenance": _property(_provenance.of)}
    _provenance.result_class(_cls)


def attach() -> None:
    """Gives every compiled class its entry of :data:`EXTENSIONS` (run once by ``import countyleap``)."""
    for cls, members in EXTENSIONS.items():
        for name, member in members.items():
            setattr(cls, name, member)
