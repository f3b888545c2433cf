"""Provenance travels with every output (issue 12, point 7): the illustrative flag is a property of
the data (dataset.json, read by the library into Dataset), not of the panel CSV's '#' lines; every
DataFrame of a Study carries the provenance record in ``attrs``; every CSV sidecar of the plan
commands and ``evaluate`` carries it; their text output starts with the ILLUSTRATIVE line.

The bulletin's own pixels (charts, title) are checked in test_report.py."""

import hashlib
import json
import os
import shutil
import warnings

import pytest

import countyleap as cl
from test_cli import run

YEAR = 2022


@pytest.fixture(scope="module")
def folder(source_dir):
    return source_dir / "data" / "shijiazhuang"


@pytest.fixture(scope="module")
def study():
    return cl.datasets.shijiazhuang().study()


def copy_dataset(folder, dest, *, manifest=None, comments=True):
    """The bundled dataset copied to `dest`: dataset.json replaced by `manifest` (None: removed),
    the panel CSV without its '#' lines unless `comments`."""
    shutil.copytree(folder, dest)
    (dest / "dataset.json").unlink()
    if manifest is not None:
        (dest / "dataset.json").write_text(json.dumps(manifest), encoding="utf-8")
    if not comments:
        panel = dest / "panel-illustrative.csv"
        lines = panel.read_text(encoding="utf-8").splitlines(keepends=True)
        panel.write_text("".join(l for l in lines if not l.startswith("#")), encoding="utf-8")
    return dest


def test_bundled_dataset_is_flagged_illustrative_by_its_dataset_json(folder):
    ds = cl.datasets.shijiazhuang()
    manifest = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    assert manifest["schema"] == "countyleap.dataset/1" and manifest["illustrative"] is True
    assert ds.illustrative is True
    assert ds.name == "shijiazhuang"
    assert ds.info == {"name": "shijiazhuang", "illustrative": True, "comments": manifest["comments"],
                       "note": manifest["note"]}
    assert "ILLUSTRATIVE" in repr(ds)


def test_the_flag_survives_losing_the_comment_lines(folder, tmp_path):
    """A trip through a spreadsheet drops '#' lines; the flag lives in dataset.json, with the data."""
    stripped = copy_dataset(folder, tmp_path / "stripped", comments=False,
                            manifest={"schema": "countyleap.dataset/1", "illustrative": True})
    ds = cl.read_dataset(stripped)
    assert ds.panel.comments == []
    assert ds.illustrative and ds.name == "stripped"
    study = ds.study()
    assert study.illustrative
    assert study.tiers(year=YEAR).attrs["illustrative"] is True
    # the reverse: a folder whose dataset.json says the data are not invented is believed, whatever
    # its comment lines say
    official = copy_dataset(folder, tmp_path / "official", manifest={"schema": "countyleap.dataset/1",
                                                                     "illustrative": False})
    assert cl.read_dataset(official).study().illustrative is False


def test_loose_files_fall_back_on_the_comment_lines(folder, tmp_path):
    ds = cl.read_dataset(folder)
    with_comments = cl.Study(ds.panel, ds.framework, ds.plan, regions=ds.regions)
    assert with_comments.illustrative  # the CSV's first comment line says ILLUSTRATIVE DATA
    plain = ds.panel.copy()
    plain.comments = []
    assert not cl.Study(plain, ds.framework, ds.plan, regions=ds.regions).illustrative


def test_every_study_frame_carries_the_provenance_record(study):
    spec_sha = hashlib.sha256(study.spec.to_json().encode("utf-8")).hexdigest()
    panel_file = os.path.join(cl.datasets.directory("shijiazhuang"), "panel-illustrative.csv")
    expected = {"version": cl.__version__, "dataset": "shijiazhuang", "illustrative": True,
                "data": panel_file, "vintage": None, "spec_sha256": spec_sha}
    assert study.provenance == expected
    frames = {"tiers": study.tiers(year=YEAR), "target_gaps": study.target_gaps(year=YEAR),
              "growth_checks": study.growth_checks(year=YEAR), "weak_spots": study.weak_spots(year=YEAR),
              "benchmarks": study.benchmarks(year=YEAR)}
    for name, frame in frames.items():
        assert frame.attrs["provenance"] == expected, name
        assert frame.attrs["illustrative"] is True, name
    assert frames["weak_spots"].attrs["data_year"] == YEAR  # the frame's own attrs are kept
    # the old one-liners of the dataset (ds.classify(), ds.gaps()) go through the same door
    ds = cl.datasets.shijiazhuang()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert ds.classify(year=YEAR).attrs["provenance"] == expected
        assert ds.gaps(year=YEAR).attrs["provenance"] == expected


def test_a_changed_spec_changes_the_method_hash(study):
    other = cl.Study(study.panel, study.framework, study.plan, regions=study.regions, spec=None)
    assert other.provenance["spec_sha256"] != study.provenance["spec_sha256"]
    assert other.provenance["spec_sha256"] == hashlib.sha256(other.spec.to_json().encode()).hexdigest()


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    work = tmp_path_factory.mktemp("provenance_cli")
    out = {}
    for name in ("classify", "gaps", "warn", "evaluate"):
        path = work / f"{name}.csv"
        result = run(name, "--dataset", "shijiazhuang", "--year", YEAR, "-o", path)
        assert result.returncode == 0, result.stderr
        out[name] = json.loads((work / f"{name}.csv.json").read_text(encoding="utf-8"))
    return out


def test_every_sidecar_carries_the_provenance(cli_runs, study):
    for name, record in cli_runs.items():
        assert record["illustrative"] is True, name
        assert record["provenance"] == {**study.provenance, "version": cl.__version__}, name
        assert record["provenance"]["spec_sha256"] == hashlib.sha256(
            cl.PipelineSpec(record["spec"]).to_json().encode("utf-8")).hexdigest(), name


@pytest.mark.parametrize("args", [["classify"], ["gaps"], ["warn"], ["leap", "--region", "130129"]])
def test_text_output_starts_with_the_illustrative_line(args):
    result = run(*args, "--dataset", "shijiazhuang", "--year", YEAR)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("ILLUSTRATIVE: 示例数据，非官方统计 · Illustrative data, not official statistics")
    assert "data shijiazhuang" in first and f"countyleap {cl.__version__}" in first


def test_no_illustrative_line_for_data_not_flagged(folder, tmp_path):
    plain = tmp_path / "panel.csv"
    lines = (folder / "panel-illustrative.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    plain.write_text("".join(l for l in lines if not l.startswith("#")), encoding="utf-8")
    result = run("classify", "--data", plain, "--framework", folder / "framework.json", "--plan",
                 folder / "plan.json", "--year", YEAR)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Tiers 2022")
    assert "ILLUSTRATIVE" not in result.stdout
