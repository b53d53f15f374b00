"""Properties of cross-entropy and its gradient (src/multiclass/cross_entropy.py)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import cross_entropy, cross_entropy_grad, log_softmax, logsumexp
from tests import strategies as s
from tests.numdiff import central_difference, error_bound

EPS = float(np.finfo(np.float64).eps)


# --8<-- [start:cross-entropy-is-logsumexp-minus-score]
@pytest.mark.claim("cross-entropy-is-logsumexp-minus-score")
@given(s.logits_and_labels())
@example((np.array([[3.0, -1.0, 4.0]]), np.array([2])))
def test_cross_entropy_is_logsumexp_minus_the_true_score(
    Z_labels: tuple[np.ndarray, np.ndarray],
) -> None:
    Z, labels = Z_labels
    losses = cross_entropy(Z, labels, reduction="none")
    lse = logsumexp(Z, axis=1)
    z_true = Z[np.arange(len(labels)), labels]
    # Both sides subtract two numbers of size up to |lse| + |z_j|, each known to a few eps.
    atol = 4 * EPS * (np.abs(lse) + np.abs(z_true))
    assert np.all(np.abs(losses - (lse - z_true)) <= atol)


# --8<-- [end:cross-entropy-is-logsumexp-minus-score]


# --8<-- [start:cross-entropy-margin-bounds]
@pytest.mark.claim("cross-entropy-margin-bounds")
@given(s.logits_and_labels())
@example((np.array([[3.0, -1.0, 4.0]]), np.array([0])))  # wrong argmax: E >= 1
@example((np.array([[5.0, 5.0, 5.0, 5.0]]), np.array([1])))  # the upper bound log K is reached
def test_cross_entropy_lies_within_log_k_of_the_margin(
    Z_labels: tuple[np.ndarray, np.ndarray],
) -> None:
    Z, labels = Z_labels
    losses = cross_entropy(Z, labels, reduction="none")
    margin = Z.max(axis=1) - Z[np.arange(len(labels)), labels]  # z_m - z_j >= 0
    log_k = np.log(Z.shape[1])
    # E is computed as (z_m - z_j) + log1p(s) with 0 <= log1p(s) <= log K: the lower bound is
    # exact (rounding is monotone); the upper one allows the rounding of the sum, 4 eps each.
    assert np.all(losses >= margin)
    assert np.all(losses <= margin + log_k + 4 * EPS * (margin + log_k))


# --8<-- [end:cross-entropy-margin-bounds]


# --8<-- [start:cross-entropy-gap-bound]
@pytest.mark.claim("cross-entropy-gap-bound")
@given(s.leading_scores())
@example((np.array([10.0, 9.0, 9.0]), 0, 1.0))
@example((np.array([10.0, -100.0, -100.0]), 0, 110.0))
def test_cross_entropy_of_a_leading_class_is_bounded_by_the_gap(
    z_j_gap: tuple[np.ndarray, int, float],
) -> None:
    z, j, _ = z_j_gap
    gap = z[j] - np.delete(z, j).max()  # the gap as represented after rounding z_j
    loss = cross_entropy(z, j)
    bound = np.log1p((z.size - 1) * np.exp(-gap))
    # The loss is log1p of a sum of e^{z_k - z_j}; each exponent is rounded by at most
    # eps (|z_j| + |z_k|), which changes each term, hence the loss, by that factor relatively.
    rtol = 4 * EPS * (1.0 + 2 * np.abs(z).max())
    assert 0.0 <= loss <= bound * (1 + rtol)
    assert bound <= (z.size - 1) * np.exp(-gap) * (1 + 4 * EPS)  # log1p(x) <= x, rounded


# --8<-- [end:cross-entropy-gap-bound]


# --8<-- [start:cross-entropy-is-positive]
@pytest.mark.claim("cross-entropy-is-positive")
@given(s.logits_and_labels(bound=300.0, min_k=2))
@example((np.array([[200.0, 10.0, -4.0]]), np.array([0])))  # E = 3.05e-83, still > 0
def test_cross_entropy_is_positive_for_finite_scores(
    Z_labels: tuple[np.ndarray, np.ndarray],
) -> None:
    Z, labels = Z_labels
    # Scores within 300 of each other: every e^{z_k - z_j} >= e^{-600} is a normal float, so
    # the strict inequality of exact arithmetic survives rounding.
    assert np.all(cross_entropy(Z, labels, reduction="none") > 0)


# --8<-- [end:cross-entropy-is-positive]


# --8<-- [start:cross-entropy-grad-is-softmax-minus-target]
@pytest.mark.claim("cross-entropy-grad-is-softmax-minus-target")
@given(
    s.logits_and_labels(bound=50.0, max_n=4, max_k=5),
    st.sampled_from(["mean", "sum"]),
    st.floats(0.0, 1.0),
)
@example((np.array([[3.0, -1.0, 4.0]]), np.array([2])), "mean", 0.0)
def test_cross_entropy_grad_matches_central_differences(
    Z_labels: tuple[np.ndarray, np.ndarray], reduction: str, smoothing: float
) -> None:
    Z, labels = Z_labels
    grad = cross_entropy_grad(Z, labels, reduction=reduction, label_smoothing=smoothing)
    numeric = central_difference(
        lambda V: cross_entropy(V, labels, reduction=reduction, label_smoothing=smoothing), Z
    )
    # The summed loss is at most N (100 + log K) for scores in [-50, 50]; along one coordinate it
    # is a logsumexp plus a linear term, whose third derivative is bounded by 6 (see the softmax
    # Jacobian test): the central-difference error bound with these constants.
    f_scale = len(labels) * (100.0 + np.log(Z.shape[1]))
    np.testing.assert_allclose(grad, numeric, rtol=0, atol=error_bound(f_scale, 6.0))


# --8<-- [end:cross-entropy-grad-is-softmax-minus-target]


# --8<-- [start:cross-entropy-grad-rows-sum-to-zero]
@pytest.mark.claim("cross-entropy-grad-rows-sum-to-zero")
@given(s.logits_and_labels(), st.floats(0.0, 1.0))
@example((np.array([[200.0, 10.0, -4.0]]), np.array([1])), 0.0)
def test_cross_entropy_grad_rows_sum_to_zero(
    Z_labels: tuple[np.ndarray, np.ndarray], smoothing: float
) -> None:
    Z, labels = Z_labels
    grad = cross_entropy_grad(Z, labels, reduction="sum", label_smoothing=smoothing)
    # K entries of size at most 1, each rounded to a few eps: the sum is within 4 K eps of 0.
    k = Z.shape[1]
    np.testing.assert_allclose(grad.sum(axis=1), 0.0, rtol=0, atol=4 * k * EPS)


# --8<-- [end:cross-entropy-grad-rows-sum-to-zero]


# --8<-- [start:cross-entropy-of-equal-scores-is-log-k]
@pytest.mark.claim("cross-entropy-of-equal-scores-is-log-k")
@given(s.logits_and_labels(), s.scores())
@example((np.zeros((1, 10)), np.array([3])), 0.0)  # an untrained model with 10 classes
def test_cross_entropy_of_equal_scores_is_log_k(
    Z_labels: tuple[np.ndarray, np.ndarray], c: float
) -> None:
    Z, labels = Z_labels
    equal = np.full_like(Z, c)
    # logsumexp of K equal scores is c + log1p(K - 1) and E = log1p(K - 1): one rounding each.
    k = Z.shape[1]
    np.testing.assert_allclose(cross_entropy(equal, labels), np.log(k), rtol=2 * EPS, atol=0)


# --8<-- [end:cross-entropy-of-equal-scores-is-log-k]


# --8<-- [start:cross-entropy-label-smoothing]
@pytest.mark.claim("cross-entropy-label-smoothing")
@given(s.logits_and_labels(), st.floats(0.0, 1.0))
@example((np.array([[3.0, -1.0, 4.0]]), np.array([2])), 0.1)
def test_label_smoothing_mixes_the_loss_with_the_mean_score_loss(
    Z_labels: tuple[np.ndarray, np.ndarray], eps: float
) -> None:
    Z, labels = Z_labels
    lse = logsumexp(Z, axis=1)
    z_true = Z[np.arange(len(labels)), labels]
    expected = (1 - eps) * (lse - z_true) + eps * (lse - Z.mean(axis=1))
    smoothed = cross_entropy(Z, labels, reduction="none", label_smoothing=eps)
    # Sums of K terms of size up to |lse| + max|z|, each rounded to a few eps: 4 K eps that size.
    scale = np.abs(lse) + np.abs(Z).max(axis=1)
    assert np.all(np.abs(smoothed - expected) <= 4 * Z.shape[1] * EPS * scale)


# --8<-- [end:cross-entropy-label-smoothing]


# --8<-- [start:cross-entropy-at-least-entropy]
@pytest.mark.claim("cross-entropy-at-least-entropy")
@given(s.vectors_and_targets(bound=50.0))
@example((np.array([3.0, -1.0, 4.0]), np.array([0.7, 0.2, 0.1])))
def test_cross_entropy_is_at_least_the_entropy_of_the_target(
    z_t: tuple[np.ndarray, np.ndarray],
) -> None:
    z, t = z_t
    positive = t > 0
    entropy = -np.sum(t[positive] * np.log(t[positive]))
    # Sums of K terms of size up to |log_softmax| <= 100 + log K (scores in [-50, 50]) and
    # |log t|, each rounded to a few eps: 4 K eps times that size.
    size = 100.0 + np.log(z.size) + np.abs(np.log(t[positive])).max()
    atol = 4 * z.size * EPS * size
    assert cross_entropy(z, t) >= entropy - atol
    # Equality where softmax(z) = t: at z = log t (zero-probability classes at -inf).
    with np.errstate(divide="ignore"):
        at_target = np.log(t)
    np.testing.assert_allclose(cross_entropy(at_target, t), entropy, rtol=0, atol=atol)


# --8<-- [end:cross-entropy-at-least-entropy]


@given(s.logits_and_labels(), s.temperatures() | s.extreme_temperatures() | st.just(0.0))
@example((np.array([[3.0, -1.0, 4.0]]), np.array([0])), 0.0)  # a wrong argmax costs +inf
@example((np.array([[2.0, 2.0, -1.0]]), np.array([1])), 0.0)  # a tie costs log 2
@example((np.array([[3.0, -1.0, 4.0]]), np.array([0])), 1e-308)
def test_cross_entropy_with_a_temperature_is_minus_log_softmax(
    Z_labels: tuple[np.ndarray, np.ndarray], tau: float
) -> None:
    Z, labels = Z_labels
    losses = cross_entropy(Z, labels, reduction="none", temperature=tau)
    expected = -log_softmax(Z, axis=1, temperature=tau)[np.arange(len(labels)), labels]
    # Both are (max - x_j) + log1p(s) of the same tempered scores x, up to the order of the
    # rounding: 4 eps relative; infinite losses (a wrong argmax at tau = 0) must match exactly.
    np.testing.assert_array_equal(np.isinf(losses), np.isinf(expected))
    finite = np.isfinite(expected)
    np.testing.assert_allclose(losses[finite], expected[finite], rtol=4 * EPS, atol=0)
    if tau == 0.0:  # the limit: log m for a true class among m tied maxima, +inf otherwise
        top = Z.max(axis=1, keepdims=True) == Z
        m = top.sum(axis=1)
        on_top = top[np.arange(len(labels)), labels]
        np.testing.assert_allclose(losses[on_top], np.log(m[on_top]), rtol=2 * EPS, atol=0)
        assert np.all(np.isposinf(losses[~on_top]))


@given(
    s.logits_and_labels(bound=10.0, max_n=3, max_k=4),
    s.temperatures(0.25, 4.0),
    st.sampled_from(["mean", "sum"]),
)
@example((np.array([[3.0, -1.0, 4.0]]), np.array([2])), 0.5, "mean")
def test_cross_entropy_grad_with_a_temperature_matches_central_differences(
    Z_labels: tuple[np.ndarray, np.ndarray], tau: float, reduction: str
) -> None:
    Z, labels = Z_labels
    grad = cross_entropy_grad(Z, labels, reduction=reduction, temperature=tau)
    numeric = central_difference(
        lambda V: cross_entropy(V, labels, reduction=reduction, temperature=tau), Z
    )
    # E(z / tau): the third derivative of E is at most 6 (the softmax Jacobian test), so that of
    # E(z / tau) is at most 6 / tau^3; |E| <= N (2 * 10 / tau + log K) for scores in [-10, 10].
    f_scale = len(labels) * (20.0 / tau + np.log(Z.shape[1]))
    np.testing.assert_allclose(grad, numeric, rtol=0, atol=error_bound(f_scale, 6.0 / tau**3))


# --- the likelihood of the labels, and when the loss stops pushing (the cross-entropy page) ---


# --8<-- [start:nll-is-n-times-mean-cross-entropy]
@pytest.mark.claim("nll-is-n-times-mean-cross-entropy")
@given(s.logits_and_labels())
@example((np.array([[3.0, -1.0, 4.0], [3.0, -1.0, 4.0]]), np.array([2, 0])))
def test_negative_log_likelihood_of_the_labels_is_n_times_the_mean_cross_entropy(
    Z_labels: tuple[np.ndarray, np.ndarray],
) -> None:
    Z, labels = Z_labels
    N, K = Z.shape
    T = np.eye(K, dtype=int)[labels]  # one-hot targets
    # The likelihood of the labels, a product of categorical probabilities prod_k y_nk^t_nk,
    # in 60-digit arithmetic: no underflow however small it is.
    with mpmath.workdps(60):
        likelihood = mpmath.mpf(1)
        for z_n, t_n in zip(Z, T, strict=True):
            e = [mpmath.exp(mpmath.mpf(float(v))) for v in z_n]
            y = [e_k / mpmath.fsum(e) for e_k in e]
            likelihood *= mpmath.fprod(y_k ** int(t_k) for y_k, t_k in zip(y, t_n, strict=True))
        nll = float(-mpmath.log(likelihood))
    # Each loss is within 4 eps of its size |z_m| + |z_j| + log K (the logsumexp claim's
    # bound); the mean adds N roundings of the running sum, and N * mean one more.
    size = np.sum(np.abs(Z).max(axis=1) + np.abs(Z[np.arange(N), labels]) + np.log(K))
    atol = (4 + N + 1) * EPS * size
    np.testing.assert_allclose(N * cross_entropy(Z, labels), nll, rtol=0, atol=atol)


# --8<-- [end:nll-is-n-times-mean-cross-entropy]


# --8<-- [start:cross-entropy-grad-never-vanishes]
@pytest.mark.claim("cross-entropy-grad-never-vanishes")
@given(s.logits_and_labels(bound=15.0, min_k=2))
@example((np.array([[10.0, 9.0, 9.0], [10.0, -2.0, 3.0]]), np.array([0, 0])))
@example((np.array([[15.0, -15.0, -15.0]]), np.array([0])))  # a lead of 30
def test_cross_entropy_gradient_never_vanishes_for_finite_scores(
    Z_labels: tuple[np.ndarray, np.ndarray],
) -> None:
    Z, labels = Z_labels
    G = cross_entropy_grad(Z, labels, reduction="sum")
    true = np.zeros(Z.shape, dtype=bool)
    true[np.arange(len(labels)), labels] = True
    # y_j - 1 = -sum_{k != j} y_k < 0 < y_k. Scores within 30 of each other keep both strict in
    # float64: every y_k >= e^-30 / K is a normal float, and y_j <= 1 - e^-30 / K is hundreds of
    # float spacings (1.1e-16 each) below 1, far more than the few ulps softmax may be off.
    assert np.all(G[true] < 0)
    assert np.all(G[~true] > 0)


# --8<-- [end:cross-entropy-grad-never-vanishes]
