"""The shared central-difference helper (tests/numdiff.py) is itself checked."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from tests.numdiff import central_difference, error_bound


@given(hnp.arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10)))
def test_central_difference_matches_a_known_gradient(x: np.ndarray) -> None:
    before = x.copy()
    grad = central_difference(lambda v: np.sum(np.sin(v)), x)
    # |sin'''| <= 1 and |sum sin| <= len(x): the helper's own bound applies.
    np.testing.assert_allclose(grad, np.cos(x), rtol=0, atol=error_bound(len(x)))
    np.testing.assert_array_equal(x, before)


def test_central_difference_detects_a_wrong_gradient() -> None:
    # A gradient off by 1e-6 must be told apart from the truth at the helper's tolerance.
    x = np.array([0.3, -1.2])
    grad = central_difference(lambda v: np.sum(v**3), x)
    assert error_bound(1.0, third_derivative=6.0) < 1e-6
    np.testing.assert_allclose(grad, 3 * x**2, rtol=0, atol=error_bound(1.0, 6.0))
    assert np.max(np.abs(grad - (3 * x**2 + 1e-6))) > error_bound(1.0, 6.0)
