"""Provenance and vintage travel with every result (issue 12, points 3 and 7): every public
DataFrame (and Series) the Python layer returns from data carries ``attrs['provenance']`` and
``attrs['illustrative']``; a result object keeps the record of what made it (``.provenance``) and
passes it on (the one rule of countyleap._provenance); a result computed from the store records
the vintage it read, and computing it again at that vintage after a revision gives the same
frames, bit for bit, and the same vintage."""

import hashlib
import json
import warnings

import numpy as np
import pandas as pd
import pytest

import countyleap as cl
from countyleap import report

YEAR = 2022


def sha(spec):
    return hashlib.sha256(spec.to_json().encode("utf-8")).hexdigest()


def assert_carries(frame, expected, what):
    assert isinstance(frame, (pd.DataFrame, pd.Series)), what
    assert frame.attrs.get("provenance") == expected, what
    assert frame.attrs.get("illustrative") is expected["illustrative"], what


@pytest.fixture(scope="module")
def ds():
    return cl.datasets.shijiazhuang()


@pytest.fixture(scope="module")
def study(ds):
    return ds.study()


@pytest.fixture(scope="module")
def ua_spec(study):
    return cl.UncertaintySpec({"pipeline": json.loads(study.spec.to_json()),
                               "vary": [{"path": "aggregate.method", "values": ["arithmetic", "geometric"]}],
                               "replications": 8, "seed": 1})


def study_frames(study, ua_spec):
    """Every public frame reachable from a study's results, by name."""
    scores = study.evaluate(year=YEAR)
    classification = study.classify(year=YEAR)
    warning = study.early_warning(year=YEAR)
    leap = study.leap_path("130129", year=YEAR)
    projection = study.project(YEAR + 2)
    ua = study.uncertainty(ua_spec, year=YEAR, threads=1)
    sa = study.sensitivity(ua_spec, n=8, bootstrap=0, threads=1, year=YEAR)
    frames = {
        "Scores.to_frame": scores.to_frame(ranks=True), "Scores.coverage": scores.coverage(),
        "Scores.composite": scores.composite(), "Scores.weights": scores.weights,
        "Classification.to_frame": classification.to_frame(),
        "Scores.classify.to_frame": scores.classify(study.scheme).to_frame(),
        "compare_years": cl.compare_years(study.classify(year=YEAR - 1), classification),
        "EarlyWarning.targets": warning.targets, "EarlyWarning.goals": warning.goals,
        "EarlyWarning.phases": warning.phases, "EarlyWarning.outlooks": warning.outlooks,
        "EarlyWarning.alerts": warning.alerts, "LeapPath.changes": leap.changes,
        "Projection.series": projection.series,
        "UncertaintyResult.summary": ua.summary, "UncertaintyResult.to_frame": ua.to_frame(),
        "UncertaintyResult.parameters": ua.parameters, "UncertaintyResult.failures": ua.failures,
        "SensitivityResult.indices": sa.indices, "SensitivityResult.to_frame": sa.to_frame(),
        "SensitivityResult.failures": sa.failures,
        "tiers": study.tiers(year=YEAR), "target_gaps": study.target_gaps(year=YEAR),
        "growth_checks": study.growth_checks(year=YEAR), "weak_spots": study.weak_spots(year=YEAR),
        "benchmarks": study.benchmarks(year=YEAR),
    }
    frames.update({f"Scores.log[{k}]": v for k, v in scores.log.items() if isinstance(v, pd.DataFrame)})
    return frames, {"scores": scores, "classification": classification, "warning": warning, "leap": leap,
                    "projection": projection, "uncertainty": ua, "sensitivity": sa}


def test_every_frame_of_a_study_carries_its_record(study, ua_spec):
    expected = study.provenance
    assert expected["dataset"] == "shijiazhuang" and expected["illustrative"] is True
    frames, results = study_frames(study, ua_spec)
    for name, frame in frames.items():
        if name.startswith(("UncertaintyResult", "SensitivityResult")):
            # their method is the uncertainty spec: its hash, not the pipeline's
            assert_carries(frame, {**expected, "spec_sha256": sha(ua_spec)}, name)
        else:
            assert_carries(frame, expected, name)
    for name, result in results.items():
        want = {**expected, "spec_sha256": sha(ua_spec)} if name in ("uncertainty", "sensitivity") else expected
        assert result.provenance == want, name
    # the frames' own attrs are kept beside the record
    assert "expected" in frames["Scores.coverage"].attrs
    assert frames["SensitivityResult.to_frame"].attrs["target"] == "mean_abs_rank_change"


def test_the_bulletins_tables_carry_the_record(study):
    b = report.collect(study, year=YEAR)
    for name in ("ranking", "counts", "weak", "bench", "profile", "caveats"):
        assert_carries(getattr(b, name), study.provenance, name)


def test_free_functions_record_what_their_inputs_know(ds):
    """cl.evaluate(panel, ...) knows the Panel's illustrative flag and the spec, not a dataset or a
    file; a result made from a result inherits its record."""
    spec = ds.spec
    scores = cl.evaluate(ds.panel, ds.framework, spec, year=YEAR, regions=ds.regions)
    expected = {"version": cl.__version__, "dataset": "", "illustrative": True, "data": "", "vintage": None,
                "spec_sha256": sha(spec)}
    assert scores.provenance == expected
    assert_carries(scores.to_frame(), expected, "evaluate")
    # the spec as a dict, by keyword: the same canonical method, the same hash
    as_dict = cl.evaluate(ds.panel, ds.framework, spec=json.loads(spec.to_json()), year=YEAR,
                          regions=ds.regions)
    assert as_dict.provenance == expected
    assert all(s.provenance == expected for s in cl.evaluate_years(ds.panel, ds.framework, spec, years=[2021, YEAR],
                                                                    regions=ds.regions))
    assert_carries(cl.classify(scores, ds.plan.tiers).to_frame(), expected, "classify")
    assert_carries(cl.tiers(scores, ds.plan.tiers), expected, "tiers")
    assert_carries(cl.tiers(scores.composite(), ds.plan.tiers), expected, "tiers of a Series that carries it")
    assert_carries(cl.benchmarks(scores, ds.plan.tiers, ds.panel), expected, "benchmarks")
    assert_carries(cl.weak_spots(ds.panel, ds.framework, spec, ds.plan, year=YEAR, regions=ds.regions), expected,
                   "weak_spots")
    no_method = {**expected, "spec_sha256": None}
    assert_carries(cl.target_gaps(ds.panel, ds.framework, ds.plan, year=YEAR), no_method, "target_gaps")
    assert_carries(cl.growth_checks(ds.panel, ds.plan, year=YEAR), no_method, "growth_checks")
    assert_carries(cl.project(ds.panel, YEAR + 1).series, no_method, "project")
    assert_carries(cl.derive(ds.panel, ds.framework).issues, no_method, "derive")
    warning = cl.early_warning(ds.panel, ds.framework, spec, ds.plan, base_year=YEAR, regions=ds.regions)
    assert_carries(warning.alerts, expected, "early_warning")
    leap = cl.leap_path(ds.panel, ds.framework, spec, ds.plan.tiers, "130129", "A", year=YEAR, regions=ds.regions)
    assert_carries(leap.changes, expected, "leap_path")
    assert_carries(ds.panel.to_frame(), no_method, "Panel.to_frame")
    assert_carries(ds.panel.to_frame("wide"), no_method, "Panel.to_frame wide")


def test_data_not_flagged_are_recorded_as_not_illustrative(ds):
    plain = ds.panel.copy()
    plain.comments = []
    scores = cl.evaluate(plain, ds.framework, ds.spec, year=YEAR, regions=ds.regions)
    assert scores.provenance["illustrative"] is False
    assert scores.to_frame().attrs["illustrative"] is False
    assert plain.to_frame().attrs["illustrative"] is False


def test_a_bare_matrix_gives_no_record_rather_than_a_false_one(ds):
    """What cannot know its data (numbers without a Panel) carries no record: never a made-up one."""
    c = cl.classify(np.array([85.0, 70.0, 20.0]), ds.plan.tiers, ["a", "b", "c"])
    assert c.provenance is None
    assert "provenance" not in c.to_frame().attrs


def test_compiled_warnings_still_point_at_the_caller(ds, ua_spec):
    spec = cl.UncertaintySpec({**json.loads(ua_spec.to_json()),
                               "vary": [{"path": "normalise", "values": [
                                   {"method": "minmax", "range": [0, 100]}, {"method": "zscore"}]}]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cl.uncertainty(ds.panel, ds.framework, spec, year=YEAR, threads=1)
    assert caught and all(w.filename == __file__ for w in caught)


# ---- vintages ------------------------------------------------------------------------------------

REVISED = ("130102", "fiscal_st_exp", YEAR)  #: a raw indicator: its gap row shows the value itself
ORIGINAL, NEW = 8018.0, 9000.0               #: the bundled panel's value, the revision (by hand)


def vintage_frames(store, as_of):
    data = store.dataset(as_of=as_of)
    study = data.study()
    warning = study.early_warning(year=YEAR)
    frames = {"scores": study.evaluate(year=YEAR).to_frame(ranks=True), "tiers": study.tiers(year=YEAR),
              "gaps": study.target_gaps(year=YEAR), "alerts": warning.alerts, "targets": warning.targets,
              "bulletin": report.collect(study, year=YEAR).ranking, "status": store.status(YEAR, as_of=as_of),
              "caveats": data.caveats}
    return frames, data.vintage


def test_results_from_the_store_record_their_vintage_and_reproduce_it(tmp_path, ds):
    source = cl.datasets.directory("shijiazhuang")
    with cl.Store.from_dataset(tmp_path / "leap.db", ds) as store:
        first = store.import_file(f"{source}/panel-illustrative.csv", submitted_by="test")
        assert first.outcome == "committed", first.message
        before, v1 = vintage_frames(store, None)
        assert v1["batch"] == first.batch
        for name, frame in before.items():
            assert frame.attrs["provenance"]["vintage"] == v1, name
            assert frame.attrs["provenance"]["data"] == str(tmp_path / "leap.db"), name
            assert frame.attrs["illustrative"] is True, name
        code, variable, year = REVISED
        gap = before["gaps"].loc[[code]].set_index("indicator").loc[variable]
        assert gap["value"] == ORIGINAL

        revised = store.import_rows({"code": [code], "variable": [variable], "year": [year], "value": [NEW],
                                     "status": ["revised"], "note": ["audit"]},
                                    source_file="fix.csv", source_sha256="c" * 64, submitted_by="test")
        assert revised.outcome == "committed", revised.message
        after, v2 = vintage_frames(store, None)
        assert v2["batch"] == revised.batch and v2["content_hash"] != v1["content_hash"]
        assert all(frame.attrs["provenance"]["vintage"] == v2 for frame in after.values())
        gap = after["gaps"].loc[[code]].set_index("indicator").loc[variable]
        assert gap["value"] == NEW and gap["gap"] == gap["target"] - NEW  # 7000 - 9000 = -2000
        assert not after["scores"].equals(before["scores"])

        # as of V (its batch): the same rows (batch, commit time, content hash), the point asked
        # for in as_of, and every frame bit for bit the first's
        again, v1_again = vintage_frames(store, v1["batch"])
        assert v1_again == {**v1, "as_of": str(v1["batch"])}
        for name, frame in before.items():
            pd.testing.assert_frame_equal(again[name], frame, check_exact=True)
            assert again[name].attrs["provenance"] == {**frame.attrs["provenance"], "vintage": v1_again}, name
