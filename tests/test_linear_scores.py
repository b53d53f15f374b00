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
