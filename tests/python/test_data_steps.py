"""The data steps through the bindings: rank, denominate, impute, screen, treat, normalise. numpy arrays
in and out, NaN = missing; expected values worked out by hand (comments) or with numpy."""

import math

import numpy as np
import pytest

import countyleap as cl

nan = float("nan")


def test_rank_vector_and_matrix():
    x = np.array([3.0, 1.0, 3.0, nan, 2.0])
    assert np.array_equal(cl.rank(x), [1, 4, 1, nan, 3], equal_nan=True)            # ties share the best rank
    assert np.array_equal(cl.rank(x, order="ascending"), [3, 1, 3, nan, 2], equal_nan=True)
    assert np.array_equal(cl.rank(x, ties="average"), [1.5, 4, 1.5, nan, 3], equal_nan=True)
    m = cl.rank(np.column_stack([x, -x]))
    assert m.shape == (5, 2) and m[1, 1] == 1
    with pytest.raises(cl.ValidationError, match="ties"):
        cl.rank(x, ties="max")


def test_denominate():
    x = np.array([[10.0, 1.0], [20.0, 2.0], [30.0, nan]])
    d = np.array([[2.0], [0.0], [nan]])
    out, report = cl.denominate(x, d, [0, -1], scale_factors=[1000, 1])
    # 10 / (2 / 1000) = 5000; a zero and a missing denominator make the value missing
    assert np.array_equal(out, [[5000, 1], [nan, 2], [nan, nan]], equal_nan=True)
    assert report.zero_denominator.tolist() == [[1, 0]] and report.missing_denominator.tolist() == [[2, 0]]
    assert len(report) == 2
    assert np.array_equal(x[:, 0], [10, 20, 30])  # the input is not changed
    with pytest.raises(cl.ValidationError, match="out of range"):
        cl.denominate(x, d, [1, -1])


def test_impute_cross_section():
    x = np.array([[1.0, nan], [nan, 4.0], [5.0, 6.0], [nan, nan]])
    out, report = cl.impute(x, "mean")
    assert np.array_equal(out, [[1, 5], [3, 4], [5, 6], [3, 5]])                  # means 3 and 5
    assert report.cells.tolist() == [[1, 0], [3, 0], [0, 1], [3, 1]] and report.still_missing == 0
    # groups: rows 0, 1 in "a", row 2 in "b", row 3 without a group (None)
    out, report = cl.impute(x, "group_mean", groups=["a", "a", "b", None])
    assert np.array_equal(out, [[1, 4], [1, 4], [5, 6], [nan, nan]], equal_nan=True)
    assert report.still_missing == 2
    out, _ = cl.impute(np.array([[1.0], [2.0], [10.0], [nan]]), cl.ImputeOptions("median"))
    assert out[3, 0] == 2
    with pytest.raises(cl.ValidationError, match="impute_time"):
        cl.impute(x, "carry_forward")


def test_impute_time():
    series = np.array([[nan, 1.0], [2.0, nan], [nan, nan], [8.0, 4.0]])       # years x regions
    out, report = cl.impute_time(series, "interpolate")
    # region 0: 2 before the first observation (extrapolated), 2 -> 8 over two years: 5; region 1: 1, 2, 3, 4
    assert np.array_equal(out, [[2, 1], [2, 2], [5, 3], [8, 4]])
    assert len(report) == 4
    out, report = cl.impute_time(series, "carry_forward", max_time=1)
    assert np.array_equal(out, [[nan, 1], [2, 1], [2, nan], [8, 4]], equal_nan=True)
    assert report.still_missing == 2
    with pytest.raises(TypeError):
        cl.impute_time(series, "interpolate", extrapolat=False)


def test_screen():
    x = np.array([[1.0, 2.0, 3.0], [nan, 2.0, 3.0], [nan, nan, 3.0]])
    result = cl.screen(x, min_data=2 / 3)
    assert result.kept.tolist() == [0, 1] and result.dropped.tolist() == [2]
    assert result.dropped_share.tolist() == pytest.approx([1 / 3])
    assert result.data_share.tolist() == pytest.approx([1, 2 / 3, 1 / 3])
    with pytest.raises(cl.ValidationError):
        cl.screen(x, 1.5)


def skew_kurt(x):
    """Sample-adjusted skewness G1 and excess kurtosis G2 (spreadsheets' SKEW and KURT)."""
    x = x[~np.isnan(x)]
    n = len(x)
    z = (x - x.mean()) / x.std(ddof=1)
    g1 = n / ((n - 1) * (n - 2)) * np.sum(z ** 3)
    g2 = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * np.sum(z ** 4) - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
    return g1, g2


def test_treat_coinr_winsorises_one_point():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 100.0, nan])
    assert skew_kurt(x)[0] >= 2 and skew_kurt(x)[1] >= 3.5                      # fails COINr's test
    out, record = cl.treat_column(x, "coinr")
    # one step: 100 (the maximum) becomes 9, the largest value below it; the result passes
    expected = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 9, nan])
    assert np.array_equal(out, expected, equal_nan=True)
    assert abs(skew_kurt(expected)[0]) < 2
    assert record.high_rows.tolist() == [9] and record.n_winsorised == 1
    assert not record.passed_initially and record.passed and not record.log_applied
    assert record.skew_before == pytest.approx(skew_kurt(x)[0])
    assert record.skew_after == pytest.approx(skew_kurt(expected)[0])


def test_treat_coinr_falls_back_to_the_log():
    x = np.array([1.0] * 30 + [50, 60, 70])
    winsorised = np.array([1.0] * 30 + [50, 60, 60])
    g1, g2 = skew_kurt(winsorised)
    assert g1 >= 2 and g2 >= 3.5                    # one step (70 -> 60) still fails the test
    out, record = cl.treat_column(x, winmax=1)
    # winmax 1 allows no second step, so the ORIGINAL column is log-transformed: log(x - 1 + 0.01 * 69)
    assert record.log_applied and record.n_winsorised == 1 and record.high_rows.tolist() == [32]
    assert np.allclose(out, np.log(x - 1 + 0.69), rtol=0, atol=1e-15)


def test_treat_eis_and_options():
    x = np.array([1.0] * 19 + [100.0])
    out, record = cl.treat_column(x, cl.TreatOptions("eis", outlier_sd=3, sqrt_skew=1e9))
    # mean 5.95, sd 22.14: 100 > 5.95 + 3 * 22.14 is an outlier, replaced by the largest other value
    assert out[-1] == 1.0 and record.high_rows.tolist() == [19] and not record.sqrt_applied
    out, records = cl.treat(np.column_stack([x, x]), "none")
    assert np.array_equal(out[:, 0], x) and [r.method for r in records] == ["none", "none"]
    with pytest.raises(TypeError, match="either an options object"):
        cl.treat_column(x, cl.TreatOptions(), winmax=3)
    with pytest.raises(cl.ValidationError, match="at least 4"):
        cl.treat_column(np.array([1.0, 2.0, 3.0]))


def test_normalise_column_methods():
    x = np.array([1.0, 2.0, 3.0, nan])
    # lower is better: -x = -1, -2, -3, so 1 -> 100, 2 -> 50, 3 -> 0 (COINr multiplies by the direction)
    assert np.array_equal(cl.normalise_column(x, -1), [100, 50, 0, nan], equal_nan=True)
    assert np.array_equal(cl.normalise_column(x, 1, range=(1, 100)), [1, 50.5, 100, nan], equal_nan=True)
    z = cl.normalise_column(x, 1, "zscore", mean=10, sd=2)
    present = x[:3]
    assert np.allclose(z[:3], (present - present.mean()) / present.std(ddof=1) * 2 + 10)
    goal = cl.normalise_column(np.array([0.5, 3.0, 6.0]), 1, "goalposts", lo=1, hi=5)
    assert goal.tolist() == [0, 50, 100]                                           # capped at the goalposts
    # 功效系数 worked example (统计师): x = 5.81 %, x_h = 12 %, x_s = 6 % -> 60 + 40 * (-0.19 / 6) = 58.733...
    eff = cl.normalise_column(np.array([5.81, 12.0]), 1, "efficacy", worst=6, best=12)
    assert eff[0] == pytest.approx(58.7333333333)
    std = cl.normalise_column(np.array([0.95, 1.9, 3.8]), 1, cl.NormaliseOptions("ratio_to_standard", standard=1.9))
    assert std.tolist() == [50, 100, 100]                                          # min(x / 1.9, 1) * 100
    ref = cl.normalise_column(np.array([2.0, 4.0, 8.0]), -1, "ratio_to_reference", reference_row=1)
    assert ref.tolist() == [200, 100, 50]                                          # x_ref / x * 100
    assert cl.normalise_column(np.array([1.0, 2.0, 2.0]), 1, "rank").tolist() == [1, 2, 2]


def test_normalise_matrix_per_column():
    x = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 40.0]])
    out = cl.normalise(x, [1, -1], [{"method": "minmax"}, cl.NormaliseOptions("goalposts", lo=0, hi=40)])
    # column 1: lower is better with goalposts 0..40 -> (40 - x) / 40 * 100
    assert out[:, 0].tolist() == [0, 50, 100] and out[:, 1].tolist() == [75, 50, 0]
    same = cl.normalise(x, options="minmax", range=(0, 1))
    assert same[:, 1].tolist() == pytest.approx([0, 1 / 3, 1])
    with pytest.raises(cl.ValidationError, match="constant"):
        cl.normalise(np.array([[1.0], [1.0]]))
    with pytest.raises(cl.ValidationError, match="2 directions for 1 columns"):
        cl.normalise(np.array([[1.0], [2.0]]), [1, 1])
    with pytest.raises(TypeError):
        cl.normalise_column(x[:, 0], 1, "minmax", rnage=(0, 1))
    options = cl.NormaliseOptions("efficacy")
    assert options.worst is None and options.best is None
    options.worst = 6
    assert options.worst == 6 and repr(options) == "NormaliseOptions('efficacy', worst=6.0)"
    assert math.isclose(cl.NormaliseOptions(range=(1, 100)).range[0], 1)
