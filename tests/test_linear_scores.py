"""Properties of the linear scores Z = X W^T + b stated on the linear-scores page."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from multiclass import logits, softmax
from tests import strategies as s

EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)

Model = tuple[np.ndarray, np.ndarray, np.ndarray]
_EXAMPLE_MODEL = (
    np.array([[2.0, 1.0], [-1.0, 0.5]]),
    np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]),
    np.array([0.0, 0.5, 0.0]),
)


def _size(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row n, column k: |w_k|^T |x_n| + |b_k|, the scale of the rounding error of Z_nk."""
    return np.abs(X) @ np.abs(W).T + np.abs(b)


# --8<-- [start:linear-scores-are-k-models]
@pytest.mark.claim("linear-scores-are-k-models")
@given(s.linear_models())
@example(_EXAMPLE_MODEL)
def test_row_n_of_Z_is_the_k_models_applied_to_x_n(model: Model) -> None:
    X, W, b = model
    Z = logits(X, W, b)
    assert Z.shape == (X.shape[0], W.shape[0])
    separate = np.array([[W[k] @ X[n] + b[k] for k in range(W.shape[0])] for n in range(len(X))])
    # A dot product of length D plus a bias, summed in any order: the error is at most
    # (D + 1) eps times the sum of the absolute values of its terms.
    atol = (X.shape[1] + 1) * EPS * _size(X, W, b)
    assert np.all(np.abs(Z - separate) <= atol)


# --8<-- [end:linear-scores-are-k-models]


# --8<-- [start:linear-scores-common-shift]
@pytest.mark.claim("linear-scores-common-shift")
@given(
    s.linear_models(),
    hnp.arrays(np.float64, 4, elements=s.scores(10.0)),
    s.scores(10.0),
)
@example(_EXAMPLE_MODEL, np.array([5.0, -3.0, 0.0, 0.0]), 7.0)
def test_a_common_shift_of_the_class_models_keeps_the_probabilities(
    model: Model, v: np.ndarray, c: float
) -> None:
    X, W, b = model
    d = X.shape[1]
    W_shifted = W + v[:d]  # the same vector added to every row w_k
    b_shifted = b + c  # the same number added to every b_k
    P = softmax(logits(X, W, b), axis=1)
    P_shifted = softmax(logits(X, W_shifted, b_shifted), axis=1)
    # Every score moves by v^T x_n + c, plus rounding of at most (D + 2) eps times the size of
    # its terms; softmax depends on score differences only, so each probability changes by twice
    # that factor relatively. TINY absorbs probabilities that underflow.
    size = _size(X, W_shifted, b_shifted) + _size(X, W, b)
    rtol = 2 * (d + 2) * EPS * size.max() + 8 * EPS
    np.testing.assert_allclose(P_shifted, P, rtol=rtol, atol=TINY)


# --8<-- [end:linear-scores-common-shift]


# --8<-- [start:linear-scores-positive-scaling]
@pytest.mark.claim("linear-scores-positive-scaling")
@given(s.linear_models(), st.floats(1e-3, 1e3))
@example(_EXAMPLE_MODEL, 0.5)
def test_scaling_w_and_b_by_a_positive_number_keeps_every_prediction(
    model: Model, c: float
) -> None:
    X, W, b = model
    Z = logits(X, W, b)
    Z_scaled = logits(X, c * W, c * b)
    rows = np.arange(len(X))
    # Each scaled score is c Z_nk up to (D + 2) eps c times the size of its terms. The class
    # predicted before scaling must still have the highest scaled score within that rounding;
    # a near-tie may flip only inside it.
    slack = 2 * (X.shape[1] + 2) * EPS * c * _size(X, W, b).max(axis=1)
    assert np.all(Z_scaled[rows, Z.argmax(axis=1)] >= Z_scaled.max(axis=1) - slack)
    assert np.all(Z[rows, Z_scaled.argmax(axis=1)] >= Z.max(axis=1) - slack / c)


# --8<-- [end:linear-scores-positive-scaling]


# --8<-- [start:linear-scores-regions-are-convex]
@pytest.mark.claim("linear-scores-regions-are-convex")
@given(s.linear_models(), st.floats(0.0, 1.0), st.floats(0.0, 10.0))
@example(_EXAMPLE_MODEL, 0.5, 0.0)
def test_the_region_of_each_class_is_convex(model: Model, lam: float, gap: float) -> None:
    X, W, b = model
    x, x2 = X[0], X[-1]
    m = int(np.argmax(logits(x, W, b)))  # a highest-scoring class at x
    # Raise b_m until m is a highest-scoring class at x' too, with a margin of gap (>=
    # 0).
    z2 = logits(x2, W, b)
    b = b.copy()
    b[m] += max(0.0, z2.max() - z2[m]) + gap
    assert np.argmax(logits(x, W, b)) == m  # raising b_m keeps m on top at x
    x_mid = lam * x + (1 - lam) * x2
    z_mid = logits(x_mid, W, b)
    # Exactly, z(x_mid) = lam z(x) + (1 - lam) z(x'), so z_m - z_k >= 0 there. Each
    # computed score is off by at most (D + 1) eps times the size of its terms (at x, x'
    # and x_mid), and x_mid by 2 eps |x| + 2 eps |x'|, which moves a score by at most 2
    # eps times its size: 2 (D + 3) eps (size at x + size at x' + size at x_mid) covers
    # z_m and z_k together.
    size = _size(np.stack([x, x2, x_mid]), W, b).sum(axis=0)
    slack = 2 * (X.shape[1] + 3) * EPS * (size[m] + size)
    assert np.all(z_mid[m] >= z_mid - slack)


# --8<-- [end:linear-scores-regions-are-convex]


# --8<-- [start:linear-scores-penalty-centres-the-weights]
@pytest.mark.claim("linear-scores-penalty-centres-the-weights")
@given(s.linear_models(), hnp.arrays(np.float64, 4, elements=s.scores(10.0)))
@example(_EXAMPLE_MODEL, np.array([1.0, -2.0, 0.0, 0.0]))
def test_the_penalty_is_smallest_for_the_centred_copy(model: Model, v: np.ndarray) -> None:
    _, W, _ = model
    v = v[: W.shape[1]]
    centred = W - W.mean(axis=0)  # the copy W + 1 v*^T with v* = -(1/K) sum_k w_k
    shifted = W + v  # any other copy W + 1 v^T
    # Column sums of the centred copy, exactly 0 in exact arithmetic. With s = max|W|:
    # the mean is off by at most K eps s / 2 (a sum of K terms of size s, divided by K),
    # each centred entry (size <= 2 s) by that plus eps s, and summing K of them adds
    # K^2 eps s: in all below 5 K^2 eps s / 2 per column.
    k, scale = W.shape[0], float(np.abs(W).max())
    assert np.all(np.abs(centred.sum(axis=0)) <= 3 * k**2 * EPS * scale)
    # ||W + 1 v^T||^2 = ||centred||^2 + K ||v - v*||^2 >= ||centred||^2. Each squared
    # norm is a sum of K D squares, rounded by at most (K D + 2) eps relatively.
    penalty, smallest = np.sum(shifted**2), np.sum(centred**2)
    assert penalty >= smallest * (1 - 2 * (W.size + 2) * EPS)


# --8<-- [end:linear-scores-penalty-centres-the-weights]
