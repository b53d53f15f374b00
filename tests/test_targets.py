"""Class labels, one-hot rows and probability rows (src/multiclass/targets.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import cross_entropy, one_hot, softmax
from multiclass.targets import row_epsilon
from tests import strategies as s

#: The formats a probability row can carry, narrowest last.
WIDER = {np.float16: (np.float32, np.float64), np.float32: (np.float64,), np.float64: ()}


def narrowest_format(row: np.ndarray) -> Any:
    """The narrowest of float16, float32, float64 that holds every value of ``row`` exactly."""
    return next(f for f in (np.float16, np.float32, np.float64) if np.all(row.astype(f) == row))


def tolerance(row: np.ndarray) -> float:
    """The documented tolerance on a row's sum: min(K eps, sqrt(eps)) of the row's precision."""
    eps = float(np.finfo(narrowest_format(row)).eps)
    return min(row.size * eps, eps**0.5)


@given(
    dtype=st.sampled_from(s.FLOAT_DTYPES),
    k=st.integers(1, 2048),
    n=st.integers(1, 3),
    spread=st.floats(0.0, 30.0),
    seed=st.integers(0, 2**32 - 1),
)
@example(dtype=np.float16, k=1024, n=1, spread=0.0, seed=0)  # 1/1024 each: the sum is exact
@example(dtype=np.float32, k=2048, n=2, spread=3.0, seed=1)
def test_softmax_rows_are_valid_targets_in_their_format_and_any_wider_one(
    dtype: Any, k: int, n: int, spread: float, seed: int
) -> None:
    # A softmax row made in a format sums to 1 within about (log2 K + 2) eps of that format
    # (every entry is divided by the same computed sum), well inside K eps; upcast to a wider
    # format its values still carry only the narrow precision, and the check must see that.
    Z = np.random.default_rng(seed).normal(0.0, spread, size=(n, k))
    P = softmax(Z.astype(dtype))
    for fmt in (dtype, *WIDER[dtype]):
        loss = cross_entropy(Z, P.astype(fmt), reduction="none")
        assert loss.shape == (n,)
        assert np.all(np.isfinite(loss))


@given(
    dtype=st.sampled_from(s.FLOAT_DTYPES),
    k=st.integers(1, 4096),
    factor=st.floats(0.25, 4.0),
    sign=st.sampled_from([-1.0, 1.0]),
)
@example(dtype=np.float64, k=3, factor=2.0, sign=1.0)
@example(dtype=np.float16, k=1024, factor=2.0, sign=-1.0)  # capped at sqrt(eps16) = 3%
@example(dtype=np.float32, k=4096, factor=2.0, sign=1.0)  # 1 + 2^-10 is exact in float16
def test_a_row_is_accepted_exactly_when_its_sum_is_within_the_tolerance(
    dtype: Any, k: int, factor: float, sign: float
) -> None:
    eps = float(np.finfo(dtype).eps)
    row = np.zeros(k, dtype=dtype)
    row[0] = dtype(1.0 + sign * factor * min(k * eps, eps**0.5))  # rounded to the format
    off = float(row.astype(np.float64).sum()) - 1.0  # exact: a single non-zero entry
    logits = np.zeros((1, k))
    if abs(off) <= tolerance(row):
        cross_entropy(logits, row[None, :])
    else:
        with pytest.raises(ValueError, match=r"sum - 1 = .* beyond the tolerance"):
            cross_entropy(logits, row[None, :])


@given(dtype=st.sampled_from(s.FLOAT_DTYPES), k=st.integers(1, 4096))
@example(dtype=np.float16, k=1024)  # sqrt(eps16) sqrt(K) = 1 let this row through before
def test_an_all_zero_row_is_never_a_distribution(dtype: Any, k: int) -> None:
    with pytest.raises(ValueError, match="target probability rows must sum to 1"):
        cross_entropy(np.zeros((1, k)), np.zeros((1, k), dtype=dtype))


@given(dtype=st.sampled_from(s.FLOAT_DTYPES), k=st.integers(1, 64), seed=st.integers(0, 2**16))
def test_the_precision_of_a_row_is_the_narrowest_format_that_holds_it(
    dtype: Any, k: int, seed: int
) -> None:
    row = np.random.default_rng(seed).random((1, k)).astype(dtype)
    for fmt in (dtype, *WIDER[dtype]):
        # Exact in its own format, so never wider than it, however it is stored.
        eps = row_epsilon(row.astype(fmt))[0]
        assert eps <= np.finfo(dtype).eps
        assert eps == np.finfo(narrowest_format(row)).eps


@given(labels=st.lists(st.integers(0, 9), max_size=20), k=st.integers(10, 12))
def test_one_hot_rows_point_at_their_labels(labels: list[int], k: int) -> None:
    T = one_hot(labels, k)
    assert T.shape == (len(labels), k)
    np.testing.assert_array_equal(T.sum(axis=1), 1.0)
    np.testing.assert_array_equal(T.argmax(axis=1), labels)  # [] gives shape (0, k)


@pytest.mark.parametrize("k", [10**20, 2**62, 2**63 - 1])
def test_one_hot_refuses_a_result_no_array_can_hold(k: int) -> None:
    with pytest.raises(ValueError, match=rf"num_classes = {k} is too large"):
        one_hot([0], k)
