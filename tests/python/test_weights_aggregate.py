"""Weights (given, equal, AHP, entropy, CRITIC, CV, PCA), correlation and aggregation through the
bindings. Expected values come from a second implementation in numpy written here from the
published formulas, or by hand."""

import numpy as np
import pytest

import countyleap as cl

nan = float("nan")
X = np.array([[0.2, 30.0, 5.0], [0.5, 10.0, 7.0], [0.9, 20.0, 6.5], [0.4, 50.0, 9.0], [0.7, 40.0, 5.5]])


def test_simple_weights():
    assert cl.normalise_weights([1, 3]).tolist() == [0.25, 0.75]
    assert cl.equal_weights(4).tolist() == [0.25] * 4
    assert cl.saaty_random_index(3) == 0.58
    with pytest.raises(cl.ValidationError, match="all weights are zero"):
        cl.normalise_weights([0, 0])


def test_ahp_against_numpy_eig():
    a = np.array([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]])
    result = cl.ahp_weights(a)
    values, vectors = np.linalg.eig(a)
    k = np.argmax(values.real)
    w = vectors[:, k].real / vectors[:, k].real.sum()
    lam = values[k].real
    assert np.allclose(result.weights, w, atol=1e-12)
    assert result.lambda_max == pytest.approx(lam, abs=1e-12)
    assert result.ci == pytest.approx((lam - 3) / 2, abs=1e-12)
    assert result.cr == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-12) and result.cr < 0.1
    # a cyclic (inconsistent) set of judgements: CR >= 0.1 is an error unless allowed
    bad = np.array([[1, 5, 1 / 5], [1 / 5, 1, 5], [5, 1 / 5, 1]])
    with pytest.raises(cl.ValidationError, match="inconsistent"):
        cl.ahp_weights(bad)
    assert cl.ahp_weights(bad, allow_inconsistent=True).cr >= 0.1
    assert np.allclose(cl.node_weights(X, "ahp", matrix=a), w)


def test_entropy_critic_cv_pca_against_numpy():
    n = X.shape[0]
    p = X / X.sum(axis=0)
    d = 1 + (p * np.log(p)).sum(axis=0) / np.log(n)
    assert np.allclose(cl.entropy_weights(X), d / d.sum(), atol=1e-12)
    scaled = (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    c = scaled.std(axis=0, ddof=1) * (1 - np.corrcoef(X, rowvar=False)).sum(axis=0)
    assert np.allclose(cl.critic_weights(X), c / c.sum(), atol=1e-12)
    cv = X.std(axis=0, ddof=1) / X.mean(axis=0)
    assert np.allclose(cl.cv_weights(X), cv / cv.sum(), atol=1e-12)
    values, vectors = np.linalg.eigh(np.corrcoef(X, rowvar=False))
    assert np.allclose(cl.pca_weights(X), vectors[:, -1] ** 2, atol=1e-12)
    assert cl.node_weights(X, "equal").tolist() == pytest.approx([1 / 3] * 3)
    assert cl.node_weights(X, given=[1, 1, 2]).tolist() == [0.25, 0.25, 0.5]
    assert np.allclose(cl.node_weights(X, cl.WeightOptions("critic", minmax=False)),
                       (lambda c: c / c.sum())(X.std(axis=0, ddof=1) * (1 - np.corrcoef(X, rowvar=False)).sum(axis=0)))


def test_correlation_and_components():
    x, y = X[:, 0], X[:, 1]
    assert cl.correlation(x, y) == pytest.approx(np.corrcoef(x, y)[0, 1])
    with_gap = np.array([1.0, 2.0, nan, 4.0])
    assert cl.correlation(with_gap, np.array([2.0, 4.0, 5.0, 8.0])) == pytest.approx(1.0)   # pairwise complete
    assert np.allclose(cl.correlation_matrix(X), np.corrcoef(X, rowvar=False))
    pc = cl.principal_components(X)
    assert np.allclose(pc.eigenvalues, np.sort(np.linalg.eigvalsh(np.corrcoef(X, rowvar=False)))[::-1])
    assert pc.variance_share.sum() == pytest.approx(1) and pc.rows_used == 5
    assert cl.cronbach_alpha(X) == pytest.approx(
        3 / 2 * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1)))
    stats = cl.column_stats(np.array([1.0, 2.0, nan, 4.0]))
    assert stats["n_present"] == 3 and stats["missing_share"] == 0.25 and stats["mean"] == pytest.approx(7 / 3)


def test_aggregate_means():
    x = np.array([[10.0, 20.0, 40.0], [10.0, nan, 40.0], [nan, nan, nan]])
    w = np.array([1.0, 1.0, 2.0])
    # (10 + 20 + 80) / 4 = 27.5; the missing component is skipped and the weights rescaled: 90 / 3 = 30
    assert np.array_equal(cl.aggregate(x, w), [27.5, 30, nan], equal_nan=True)
    g = cl.aggregate(x, w, "geometric")
    assert g[0] == pytest.approx(np.exp((np.log(10) + np.log(20) + 2 * np.log(40)) / 4))
    h = cl.aggregate(x, w, "harmonic")
    assert h[0] == pytest.approx(4 / (1 / 10 + 1 / 20 + 2 / 40))
    p2 = cl.aggregate(x, w, "generalised", p=2)
    assert p2[0] == pytest.approx(np.sqrt((100 + 400 + 2 * 1600) / 4))
    assert np.isnan(cl.aggregate(x, w, min_data=0.8)[1])                      # 2 of 3 present < 0.8
    assert cl.aggregate(x[:2])[0] == pytest.approx(70 / 3)                    # equal weights by default
    with pytest.raises(cl.ValidationError, match="positive"):
        cl.aggregate(np.array([[0.0, 1.0]]), None, "geometric")
    assert cl.aggregate(np.array([[0.0, 1.0]]), None, cl.AggregateOptions("geometric", shift=1))[0] == \
        pytest.approx(np.sqrt(2))


def test_topsis_grey_copeland_against_numpy():
    w = np.array([0.5, 0.3, 0.2])
    # TOPSIS (Hwang & Yoon 1981): vector-normalise, weight, distances to the ideal best and worst
    v = X / np.sqrt((X ** 2).sum(axis=0)) * w
    d_plus = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    assert np.allclose(cl.aggregate(X, w, "topsis"), d_minus / (d_plus + d_minus), atol=1e-12)
    # grey relational grade (Deng 1982), rho = 0.5, reference = column maxima, global min/max deltas
    delta = X.max(axis=0) - X
    xi = (delta.min() + 0.5 * delta.max()) / (delta + 0.5 * delta.max())
    assert np.allclose(cl.aggregate(X, w, "grey_relational"), xi @ w, atol=1e-12)
    # Copeland: wins - losses of weighted pairwise majorities
    n = X.shape[0]
    score = np.zeros(n)
    for a in range(n):
        for b in range(n):
            margin = w[X[a] > X[b]].sum() - w[X[b] > X[a]].sum()
            score[a] += np.sign(margin) if abs(margin) > 1e-12 else 0
    assert np.array_equal(cl.aggregate(X, w, "copeland"), score)
