"""One door for plan work: :class:`Study` holds a study's inputs (panel, framework, plan,
regions, pipeline spec) and offers every analysis of them under one name each.

Each year is evaluated once: :meth:`Study.evaluate` keeps the scores of every year it computed
and forgets them all when an input is replaced (``study.spec = ...``). A method named like a free
function returns what the free function returns: :meth:`Study.tiers` the DataFrame of
:func:`countyleap.tiers`, :meth:`Study.classify` the ``Classification`` of
:func:`countyleap.classify`, :meth:`Study.early_warning` an ``EarlyWarning``, and so on.

    import countyleap as cl
    study = cl.datasets.shijiazhuang().study()      # or cl.Study(panel, framework, plan, ...)
    study.tiers(year=2022)                          # tiers with margins and moves
    study.leap_path("130183", year=2022)            # the least change into the next goal tier
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any, Mapping, Optional

import pandas as pd

from . import _core, _provenance
from ._errors import UnknownIdError, ValidationError, located
from ._plan_tools import benchmarks, growth_checks, target_gaps, tiers, weak_spots

SPEC_FILE = "spec.json"  #: a dataset folder's pipeline spec

_UNSET = object()


def dataset_spec(dataset: _core.Dataset) -> Optional[_core.PipelineSpec]:
    """The pipeline spec of a dataset folder (its spec.json, read by the library's spec reader), or
    None when the folder has none."""
    return _core.read_dataset_spec(dataset.directory)


def next_goal(plan: _core.Plan, code: str, tier: str, year: int) -> tuple[int, str]:
    """The next plan goal of region `code`, in tier `tier` in `year`: (evaluation year, tier label).

    The earliest goal of the region for an evaluation year >= `year` whose tier is better than
    `tier`; when there is none (every goal reached), (`year`, `tier`): a leap path to it is empty.
    """
    return plan.next_goal(code, tier, year)


class Study:
    """A study's inputs and every plan analysis of them, each year evaluated once.

    Parameters
    ----------
    panel : Panel
        Raw variables.
    framework : Framework
    plan : Plan, optional
        The plan (tiers, phases, goals, targets); the plan analyses need it, evaluation does not.
    regions : RegionSet, optional
        Names, code history, group attributes, scope (the plan check counts in-scope regions).
    spec : PipelineSpec, dict, JSON text, path or None
        The method; None = the pipeline's defaults.
    sources : dict, optional
        Where the parts come from (file paths), for provenance in reports and sidecars.
    info : dict, optional
        What the data are: ``name``, ``illustrative`` (a Dataset's or a store's ``info``). Without
        it, a panel whose comment lines call it illustrative is taken as such.
    vintage : dict, optional
        The store vintage the panel was read at (``as_of``, ``batch``, ``committed_at``,
        ``content_hash``); None for files.
    caveats : DataFrame, optional
        The provisional and flagged values of the panel (a store's; columns code, variable, year,
        value, status, flags, where), which a bulletin lists.

    Replacing an input (``study.panel = ...``, ``study.spec = ...``) forgets the cached scores, and
    the cache is keyed by the spec's canonical JSON, so a spec changed in place is evaluated anew. A
    panel, framework or region set changed in place is not noticed: assign it again.
    """

    def __init__(self, panel: _core.Panel, framework: _core.Framework, plan: Optional[_core.Plan] = None, *,
                 regions: Optional[_core.RegionSet] = None, spec: Any = None,
                 sources: Optional[Mapping[str, str]] = None, info: Optional[Mapping[str, Any]] = None,
                 vintage: Optional[Mapping[str, Any]] = None, caveats: Optional[pd.DataFrame] = None,
                 published: Optional[_core.PublishedResults] = None) -> None:
        self._scores: dict[tuple[int, str], _core.Scores] = {}
        self.evaluations = 0  #: how many times a year was evaluated (cache misses), for the curious
        self.panel = panel
        self.framework = framework
        self.plan = plan
        self.regions = regions
        self.spec = spec
        self.sources = dict(sources or {})
        self.published = published  #: what the province published (published-results.csv), or None
        self.info = dict(info) if info is not None else \
            {"name": "", "illustrative": panel.illustrative}
        self.vintage = dict(vintage) if vintage is not None else None
        self.caveats = caveats

    # ---- inputs (replacing one forgets the scores) ----------------------------------------------

    def _forget(self) -> None:
        self._scores = {}  # (year, canonical spec JSON) -> Scores

    @property
    def panel(self) -> _core.Panel:
        """The panel of raw variables."""
        return self._panel

    @panel.setter
    def panel(self, value: _core.Panel) -> None:
        self._panel = value
        self._forget()

    @property
    def framework(self) -> _core.Framework:
        """The indicator framework."""
        return self._framework

    @framework.setter
    def framework(self, value: _core.Framework) -> None:
        self._framework = value
        self._forget()

    @property
    def plan(self) -> Optional[_core.Plan]:
        """The plan, or None."""
        return self._plan

    @plan.setter
    def plan(self, value: Optional[_core.Plan]) -> None:
        self._plan = value
        self._forget()

    @property
    def regions(self) -> Optional[_core.RegionSet]:
        """The regions, or None."""
        return self._regions

    @regions.setter
    def regions(self, value: Optional[_core.RegionSet]) -> None:
        self._regions = value
        self._forget()

    @property
    def spec(self) -> _core.PipelineSpec:
        """The pipeline spec (a PipelineSpec; set a PipelineSpec, dict, JSON text, path or None)."""
        return self._spec

    @spec.setter
    def spec(self, value: Any) -> None:
        self._spec = value if isinstance(value, _core.PipelineSpec) else _core.PipelineSpec(value)
        self._forget()

    # ---- provenance ------------------------------------------------------------------------------

    @property
    def illustrative(self) -> bool:
        """Whether the data are illustrative (invented): every output made from them says so."""
        return bool(self.info.get("illustrative", False))

    @property
    def provenance(self) -> dict:
        """Where the data come from, their vintage, the method's SHA-256, the version and the
        illustrative flag (see :mod:`countyleap._provenance`); every result and every DataFrame of
        the study carries it (``result.provenance``, ``frame.attrs['provenance']``)."""
        return self._record(self._spec)

    def _record(self, method: Any) -> dict:
        data = self.sources.get("db") or self.sources.get("panel") or ""
        return _provenance.record(dataset=self.info.get("name", ""), illustrative=self.illustrative, data=data,
                                  vintage=self.vintage, spec=method)

    def _kept(self, result: Any, method: Any = None) -> Any:
        """`result` with the study's record (`method`: the spec that made it, default the study's)."""
        return _provenance.keep(result, self._record(self._spec if method is None else method))

    @classmethod
    def from_dataset(cls, dataset: _core.Dataset, *, spec: Any = _UNSET) -> "Study":
        """The parts of a dataset folder and its spec.json (the pipeline's defaults without one).

        Parameters
        ----------
        dataset : Dataset
            ``cl.read_dataset(folder)`` or ``cl.datasets.load(name)``.
        spec : PipelineSpec, dict, JSON text, path or None, optional
            Another method than the dataset's spec.json.

        Raises
        ------
        ValidationError
            The dataset has no panel or framework (names the folder).
        """
        for part in ("panel", "framework"):
            if getattr(dataset, part) is None:
                raise located(ValidationError, f"the dataset has no {part}", file=dataset.directory)
        vintage = getattr(dataset, "vintage", None)  # a store's dataset (countyleap.Store.dataset)
        if vintage is not None:
            sources = {"db": dataset.directory}
            if spec is _UNSET:
                spec = dataset.spec
                if dataset.spec_file is not None:
                    sources["spec"] = dataset.spec_file
            return cls(dataset.panel, dataset.framework, dataset.plan, regions=dataset.regions, spec=spec,
                       sources=sources, info=dataset.info, vintage=vintage, caveats=dataset.caveats)
        folder = Path(dataset.directory)
        sources = {"dataset": str(folder), "panel": str(folder / dataset.panel_file),
                   "framework": str(folder / "framework.json")}
        if dataset.plan is not None:
            sources["plan"] = str(folder / "plan.json")
        sources["regions"] = str(folder / "regions.json")
        if spec is _UNSET:
            spec = dataset_spec(dataset)
            if spec is not None:
                sources["spec"] = str(folder / SPEC_FILE)
        if dataset.published is not None:
            sources["published"] = str(folder / "published-results.csv")
        return cls(dataset.panel, dataset.framework, dataset.plan, regions=dataset.regions, spec=spec,
                   sources=sources, info=dataset.info, published=dataset.published)

    @property
    def scheme(self) -> _core.TierScheme:
        """The plan's tier scheme.

        Raises
        ------
        ValidationError
            The study has no plan.
        """
        return self._require_plan("a tier scheme").tiers

    def _require_plan(self, what: str) -> _core.Plan:
        if self._plan is None:
            raise located(ValidationError, f"{what} needs a plan: the study has none",
                          file=self.sources.get("panel", ""))
        return self._plan

    def year(self, year: Optional[int] = None) -> int:
        """`year`, or the panel's last year.

        Raises
        ------
        UnknownIdError
            A year outside the panel (named here, before a step that needs another year - the one
            before, an evaluation year - could name that one instead).
        """
        if year is None:
            return self._panel.last_year
        self._panel.year_index(int(year))
        return int(year)

    # ---- the engine's result, cached ---------------------------------------------------------

    def evaluate(self, *, year: Optional[int] = None) -> _core.Scores:
        """The scores of `year` (None = the panel's last year) with the spec, computed once per
        year and kept until an input changes."""
        year = self.year(year)
        method = self._spec.to_json()  # a spec changed in place (study.spec.denominate = True) is another key
        scores = self._scores.get((year, method))
        if scores is None:
            scores = _core.evaluate(self._panel, self._framework, self._spec, year=year, regions=self._regions)
            self.evaluations += 1
            self._scores[(year, method)] = scores
        return self._kept(scores)

    def _previous(self, year: int) -> Optional[_core.Scores]:
        return self.evaluate(year=year - 1) if year - 1 in self._panel.years else None

    # ---- the plan analyses, one name each ------------------------------------------------------

    def classify(self, *, year: Optional[int] = None) -> _core.Classification:
        """:func:`countyleap.classify` of `year`'s scores (the composite) with the plan's tier scheme,
        each tier marked ``partial_data`` when decided on partial data."""
        return self._kept(_core.classify(self.evaluate(year=year), self.scheme))

    def tiers(self, *, year: Optional[int] = None) -> pd.DataFrame:
        """:func:`countyleap.tiers` of `year` with the plan's scheme: tiers, margins and the moves
        against the year before when the panel has it."""
        year = self.year(year)
        scheme = self.scheme
        return self._kept(tiers(self.evaluate(year=year), scheme, previous=self._previous(year)))

    def target_gaps(self, *, year: Optional[int] = None, **options: Any) -> pd.DataFrame:
        """:func:`countyleap.target_gaps` of `year` (options: tier, target_year, indicators,
        regions)."""
        return self._kept(target_gaps(self._panel, self._framework, self._require_plan("target gaps"),
                                      year=self.year(year), **options))

    def growth_checks(self, *, year: Optional[int] = None) -> pd.DataFrame:
        """:func:`countyleap.growth_checks` on the data up to `year`."""
        return self._kept(growth_checks(self._panel, self._require_plan("growth checks"), year=self.year(year),
                                        framework=self._framework))

    def weak_spots(self, *, year: Optional[int] = None, **options: Any) -> pd.DataFrame:
        """:func:`countyleap.weak_spots` of `year` (options: tier, target_year, top)."""
        return self._kept(weak_spots(self._panel, self._framework, self._spec, self._require_plan("weak spots"),
                                     year=self.year(year), regions=self._regions, **options))

    def benchmarks(self, *, year: Optional[int] = None, k: int = 3, leads: int = 3) -> pd.DataFrame:
        """:func:`countyleap.benchmarks` of `year`'s scores with the plan's scheme."""
        return self._kept(benchmarks(self.evaluate(year=year), self.scheme, self._panel, k=k, leads=leads))

    def project(self, target_year: int, **options: Any) -> _core.Projection:
        """:func:`countyleap.project` of the panel, kept valid for the framework (options: method,
        window, base_year, non_positive, variables)."""
        return self._kept(_core.project(self._panel, target_year, framework=self._framework, **options))

    def early_warning(self, *, year: Optional[int] = None, **options: Any) -> _core.EarlyWarning:
        """:func:`countyleap.early_warning` on the data up to `year` (None = the panel's last year;
        options: method, window, non_positive, growth_factor, score_margin)."""
        return self._kept(_core.early_warning(self._panel, self._framework, self._spec,
                                              self._require_plan("an early warning"), base_year=self.year(year),
                                              regions=self._regions, **options))

    def check_plan(self) -> _core.PlanCheck:
        """:func:`countyleap.check_plan` of the plan against the regions.

        Raises
        ------
        ValidationError
            No regions were given, or no plan.
        """
        plan = self._require_plan("checking a plan")
        if self._regions is None:
            raise located(ValidationError, "checking a plan needs its regions")
        return _core.check_plan(plan, self._regions)

    def track(self) -> pd.DataFrame:
        """:func:`countyleap.track_plan` of the plan against the published results: per phase the
        tier counts and each region's tier goal, then the other goals - met / missed / unknown,
        with the published fact, its certainty and source.

        Raises
        ------
        ValidationError
            No plan, no regions or no published results.
        """
        plan = self._require_plan("tracking a plan")
        if self._regions is None or self.published is None:
            raise located(ValidationError, "tracking a plan needs its regions and the published results")
        return _core.track_plan(plan, self._regions, self.published).to_frame()

    def goal_for_leap(self, code: str, *, year: Optional[int] = None) -> tuple[int, str]:
        """The goal a leap path of `code` aims at from the data of `year`: :func:`next_goal` with
        the region's tier in `year`.

        Raises
        ------
        UnknownIdError
            `code` is not among the regions scored in `year` (names the code); a year outside the
            panel.
        """
        year = self.year(year)
        tiers_now = Study.classify(self, year=year).to_frame()["tier"]  # not a subclass's old classify
        if code not in tiers_now.index:
            raise located(UnknownIdError, f"region not in the scores of {year}", id=str(code))
        return next_goal(self._require_plan("a leap path"), code, str(tiers_now[code]), year)

    def leap_path(self, code: str, *, year: Optional[int] = None, goal: Optional[str] = None,
                  target_year: Optional[int] = None, **options: Any) -> _core.LeapPath:
        """:func:`countyleap.leap_path` of region `code` from the data of `year` (None = the
        panel's last year).

        Without `goal`, the goal is :meth:`goal_for_leap`'s and the path is computed for its
        evaluation year: observed when that is `year`, else projected from the data up to `year`
        (growth bounds over the years in between). With `goal`, `target_year` (default `year`) is
        the evaluation year. Options: those of :func:`countyleap.leap_path` (max_factor_per_year,
        factor_per_year, years, method, window, non_positive, solver, steps, overshoot).
        """
        year = self.year(year)
        if goal is None:
            goal_year, goal = self.goal_for_leap(code, year=year)
            target_year = goal_year if target_year is None else target_year
        return self._kept(_core.leap_path(self._panel, self._framework, self._spec, self.scheme, code, goal,
                                          year=year if target_year is None else target_year, base_year=year,
                                          regions=self._regions, **options))

    def uncertainty(self, spec: Any, **options: Any) -> _core.UncertaintyResult:
        """:func:`countyleap.uncertainty` of the study's data with the uncertainty spec `spec`
        (options: year, threads, goals, node); its record names the uncertainty spec's SHA-256."""
        spec = _core.UncertaintySpec(spec)
        return self._kept(_core.uncertainty(self._panel, self._framework, spec, regions=self._regions, **options),
                          spec)

    def sensitivity(self, spec: Any, **options: Any):
        """:func:`countyleap.sensitivity` of the study's data with the uncertainty spec `spec`
        (options: target, region, n, bootstrap, confidence, threads, year, node); its record names
        the uncertainty spec's SHA-256."""
        from ._uncertainty import sensitivity

        spec = _core.UncertaintySpec(spec)
        return self._kept(sensitivity(self._panel, self._framework, spec, regions=self._regions, **options), spec)


# ---- old spellings (one release) -----------------------------------------------------------------

_RENAMED = {"gaps": "target_gaps", "growth": "growth_checks", "warnings": "early_warning", "leap": "leap_path"}


def _deprecated(old: str, new: str, owner: str):
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        warnings.warn(f"{owner}.{old} is deprecated; use Study.{new}", DeprecationWarning, stacklevel=2)
        return getattr(self, new)(*args, **kwargs)
    call.__wrapped__ = getattr(Study, new)
    call.__name__ = old
    call.__doc__ = f"Deprecated: use :meth:`Study.{new}`."
    return call


class PlanInputs(Study):
    """Deprecated: :class:`Study` (``PlanInputs`` keeps working for one release).

    Its old methods ``classify`` (the DataFrame of :meth:`Study.tiers`), ``gaps``, ``growth``,
    ``warnings`` and ``leap`` warn and call :meth:`Study.tiers`, :meth:`Study.target_gaps`,
    :meth:`Study.growth_checks`, :meth:`Study.early_warning` and :meth:`Study.leap_path`.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        warnings.warn("countyleap.PlanInputs is deprecated; use countyleap.Study", DeprecationWarning, stacklevel=2)
        super().__init__(*args, **kwargs)

    def classify(self, *, year: Optional[int] = None) -> pd.DataFrame:  # type: ignore[override]
        """Deprecated: :meth:`Study.tiers` (the DataFrame); :meth:`Study.classify` returns a
        Classification."""
        warnings.warn("PlanInputs.classify is deprecated; use Study.tiers (the DataFrame)", DeprecationWarning,
                      stacklevel=2)
        return self.tiers(year=year)


for _old, _new in _RENAMED.items():
    setattr(PlanInputs, _old, _deprecated(_old, _new, "PlanInputs"))


# ---- the dataset's door ---------------------------------------------------------------------------

def _dataset_study(self: _core.Dataset, *, spec: Any = _UNSET) -> Study:
    """The dataset as a :class:`Study` (its panel, framework, plan, regions and spec.json; `spec`
    another method). Keep the study: it evaluates each year once."""
    return Study.from_dataset(self) if spec is _UNSET else Study.from_dataset(self, spec=spec)


def _dataset_spec(self: _core.Dataset) -> Optional[_core.PipelineSpec]:
    """The dataset's pipeline spec (spec.json in its folder), or None when the folder has none."""
    return dataset_spec(self)


#: old Dataset one-liners (each made a new PlanInputs, evaluating again): old name -> Study method
DATASET_DEPRECATED = {"evaluate": "evaluate", "classify": "tiers", "gaps": "target_gaps", "growth": "growth_checks",
                      "weak_spots": "weak_spots", "benchmarks": "benchmarks", "project": "project",
                      "warnings": "early_warning", "check_plan": "check_plan", "goal_for_leap": "goal_for_leap",
                      "leap": "leap_path"}


def _dataset_deprecated(old: str, new: str):
    def call(self: _core.Dataset, *args: Any, **kwargs: Any) -> Any:
        warnings.warn(f"Dataset.{old} is deprecated; use Dataset.study().{new}", DeprecationWarning, stacklevel=2)
        return getattr(Study.from_dataset(self), new)(*args, **kwargs)
    call.__wrapped__ = getattr(Study, new)  # the signature inspect (and the stub test) read
    call.__name__ = old
    call.__doc__ = f"Deprecated: ``Dataset.study().{new}`` (:meth:`Study.{new}`)."
    return call


def _dataset_inputs(self: _core.Dataset) -> "PlanInputs":
    """Deprecated: :meth:`Dataset.study`."""
    warnings.warn("Dataset.inputs is deprecated; use Dataset.study()", DeprecationWarning, stacklevel=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return PlanInputs.from_dataset(self)
