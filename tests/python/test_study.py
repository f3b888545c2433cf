"""cl.Study, the one door for plan work (issue 10): each year evaluated once, the cache forgotten
when an input changes, methods named like the free functions returning what they return, the
bulletin through the study, and the old spellings (PlanInputs, the Dataset one-liners) warning."""

import json
import warnings

import pandas as pd
import pytest

import countyleap as cl


@pytest.fixture(scope="module")
def ds():
    return cl.datasets.shijiazhuang()


def test_each_year_is_evaluated_once(ds):
    study = ds.study()
    first = study.evaluate(year=2022)
    assert study.evaluations == 1
    assert study.evaluate(year=2022) is first and study.evaluate() is first  # 2022 is the last year
    assert study.evaluations == 1
    study.tiers(year=2022)      # needs 2021 too
    study.benchmarks(year=2022)
    study.classify(year=2022)
    assert study.evaluations == 2
    expected = cl.evaluate(ds.panel, ds.framework, ds.spec, year=2022, regions=ds.regions)
    assert first.values.tolist() == expected.values.tolist()


def test_changing_an_input_forgets_the_scores(ds):
    study = ds.study()
    default_method = study.evaluate(year=2022)
    study.spec = {"normalise": {"method": "minmax", "range": [0, 10]}}
    rescaled = study.evaluate(year=2022)
    assert study.evaluations == 2
    assert rescaled.values[:, 0].max() == pytest.approx(10)  # a leaf, min-max normalised to [0, 10]
    assert default_method.values[:, 0].max() > 10
    study.panel = ds.panel
    study.evaluate(year=2022)
    assert study.evaluations == 3
    # a spec changed in place is another method: evaluated anew, not served from the cache
    assert not study.spec.denominate
    study.spec.denominate = True
    assert json.loads(study.evaluate(year=2022).spec)["denominate"] is True
    assert study.evaluations == 4


def test_names_return_what_the_free_functions_return(ds):
    study = ds.study()
    scores = study.evaluate(year=2021)
    assert isinstance(study.classify(year=2021), cl.Classification)
    assert study.classify(year=2021).to_frame()["tier"].equals(cl.classify(scores.composite(), ds.plan.tiers).to_frame()["tier"])
    pd.testing.assert_frame_equal(study.tiers(year=2021),
                                  cl.tiers(scores, ds.plan.tiers, previous=study.evaluate(year=2020)))
    pd.testing.assert_frame_equal(study.target_gaps(year=2021),
                                  cl.target_gaps(ds.panel, ds.framework, ds.plan, year=2021))
    assert isinstance(study.early_warning(year=2022), cl.EarlyWarning)
    assert isinstance(study.leap_path("130183", year=2022), cl.LeapPath)


def test_a_study_without_a_plan_evaluates_and_names_what_is_missing(ds):
    study = cl.Study(ds.panel, ds.framework, regions=ds.regions)
    assert study.evaluate(year=2022).year == 2022
    with pytest.raises(cl.ValidationError, match="needs a plan"):
        study.tiers(year=2022)
    with pytest.raises(cl.UnknownIdError, match="2030"):
        study.evaluate(year=2030)


def test_the_bulletin_evaluates_each_year_once(ds):
    study = ds.study()
    bulletin = cl.report.collect(study, year=2022)
    assert bulletin.inputs is study
    assert study.evaluations == 2  # 2022 and 2021 (the moves), nothing evaluated twice
    assert sorted(year for year, _ in study._scores) == [2021, 2022]


# ---- old spellings, one release with a DeprecationWarning ----------------------------------------

def test_plan_inputs_is_deprecated(ds):
    with pytest.warns(DeprecationWarning, match="PlanInputs is deprecated; use countyleap.Study"):
        inputs = cl.PlanInputs(ds.panel, ds.framework, ds.plan, regions=ds.regions, spec=ds.spec)
    assert isinstance(inputs, cl.Study)
    study = ds.study()
    with pytest.warns(DeprecationWarning, match="PlanInputs.classify is deprecated; use Study.tiers"):
        pd.testing.assert_frame_equal(inputs.classify(year=2021), study.tiers(year=2021))
    old_new = {"gaps": "target_gaps", "growth": "growth_checks", "warnings": "early_warning"}
    for old, new in old_new.items():
        with pytest.warns(DeprecationWarning, match=f"PlanInputs.{old} is deprecated; use Study.{new}"):
            got = getattr(inputs, old)(year=2021)
        expected = getattr(study, new)(year=2021)
        if isinstance(got, pd.DataFrame):
            pd.testing.assert_frame_equal(got, expected)
        else:
            pd.testing.assert_frame_equal(got.alerts, expected.alerts)
    with pytest.warns(DeprecationWarning, match="PlanInputs.leap is deprecated; use Study.leap_path"):
        path = inputs.leap("130183", year=2022)
    assert path.new_score == study.leap_path("130183", year=2022).new_score


@pytest.mark.parametrize("old,new,args", [
    ("evaluate", "evaluate", {"year": 2021}),
    ("classify", "tiers", {"year": 2021}),
    ("gaps", "target_gaps", {"year": 2021}),
    ("growth", "growth_checks", {}),
    ("weak_spots", "weak_spots", {"year": 2021}),
    ("benchmarks", "benchmarks", {"year": 2021}),
    ("warnings", "early_warning", {"year": 2021}),
    ("goal_for_leap", "goal_for_leap", {"code": "130183", "year": 2022}),
])
def test_dataset_one_liners_are_deprecated(ds, old, new, args):
    with pytest.warns(DeprecationWarning, match=rf"Dataset.{old} is deprecated; use Dataset.study\(\).{new}"):
        got = getattr(ds, old)(**args)
    expected = getattr(ds.study(), new)(**args)
    if isinstance(got, pd.DataFrame):
        pd.testing.assert_frame_equal(got, expected)
    elif isinstance(got, cl.Scores):
        assert got.values.tolist() == expected.values.tolist()
    elif isinstance(got, cl.EarlyWarning):
        pd.testing.assert_frame_equal(got.alerts, expected.alerts)
    else:
        assert got == expected


def test_dataset_inputs_check_plan_project_leap_are_deprecated(ds):
    with pytest.warns(DeprecationWarning, match=r"Dataset.inputs is deprecated; use Dataset.study\(\)"):
        inputs = ds.inputs()
    assert isinstance(inputs, cl.PlanInputs)
    with pytest.warns(DeprecationWarning, match="Dataset.check_plan is deprecated"):
        assert ds.check_plan().consistent
    with pytest.warns(DeprecationWarning, match="Dataset.project is deprecated"):
        assert len(ds.project(2025).series) > 0
    with pytest.warns(DeprecationWarning, match="Dataset.leap is deprecated"):
        assert ds.leap("130183", year=2022).goal == "A"


def test_the_new_spellings_do_not_warn(ds):
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        study = ds.study()
        study.tiers(year=2022)
        study.target_gaps(year=2022)
        cl.Study.from_dataset(ds)
