"""Properties of softmax, log_softmax and logsumexp (src/multiclass/softmax.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given

from multiclass import softmax
from tests import strategies as s


# --8<-- [start:softmax-is-a-distribution]
@pytest.mark.claim("softmax-is-a-distribution")
@given(s.arrays_with_axis())
@example((np.array([1000.0, -1000.0, 0.0]), 0))  # exp overflows and underflows
@example((np.array([[5.0, 5.0], [5.0, 5.0]]), 1))  # ties
def test_softmax_is_a_distribution(z_axis: tuple[np.ndarray, int]) -> None:
    z, axis = z_axis
    y = softmax(z, axis=axis)
    assert y.shape == z.shape
    assert np.all((y >= 0) & (y <= 1))
    # Each y_k carries a relative rounding error of a few eps, so a sum of K of them is within
    # K * 4 eps of 1 (K = z.shape[axis]).
    k = z.shape[axis]
    np.testing.assert_allclose(y.sum(axis=axis), 1.0, rtol=0, atol=4 * k * np.finfo(y.dtype).eps)


# --8<-- [end:softmax-is-a-distribution]
