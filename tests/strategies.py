"""Shared Hypothesis strategies: every property test draws its inputs from here.

Float elements are bounded so that the properties under test are about the maths, not about
overflow in the test's own arithmetic; the extremes (huge spreads, -inf, ties) are pinned with
``@example`` in the tests and covered by the contract tests.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

#: Scores a model can realistically produce; wide enough that exp(z) overflows float64.
SCORE_BOUND = 1000.0
FLOAT_DTYPES = (np.float16, np.float32, np.float64)


def scores(bound: float = SCORE_BOUND, width: int = 64) -> st.SearchStrategy[float]:
    """Finite floats in [-bound, bound], without subnormals (they add no information here)."""
    return st.floats(
        -bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=width
    )


def vectors(
    bound: float = SCORE_BOUND, min_k: int = 1, max_k: int = 8, dtype: Any = np.float64
) -> st.SearchStrategy[np.ndarray]:
    """Score vectors z of length K in [min_k, max_k]."""
    width = np.dtype(dtype).itemsize * 8
    return hnp.arrays(
        dtype,
        st.integers(min_k, max_k),
        elements=scores(min(bound, float(np.finfo(dtype).max) / 4), width=width),
    )


def matrices(
    bound: float = SCORE_BOUND,
    min_n: int = 1,
    max_n: int = 6,
    min_k: int = 1,
    max_k: int = 8,
    dtype: Any = np.float64,
) -> st.SearchStrategy[np.ndarray]:
    """Score matrices Z of shape (N, K)."""
    width = np.dtype(dtype).itemsize * 8
    return hnp.arrays(
        dtype,
        st.tuples(st.integers(min_n, max_n), st.integers(min_k, max_k)),
        elements=scores(min(bound, float(np.finfo(dtype).max) / 4), width=width),
    )


def arrays_with_axis(
    bound: float = SCORE_BOUND, max_dims: int = 3, dtype: Any = np.float64
) -> st.SearchStrategy[tuple[np.ndarray, int]]:
    """An array of 1 to ``max_dims`` dimensions and a valid (possibly negative) axis of it."""
    width = np.dtype(dtype).itemsize * 8
    shapes = hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=5)
    return hnp.arrays(dtype, shapes, elements=scores(bound, width=width)).flatmap(
        lambda z: st.tuples(st.just(z), st.integers(-z.ndim, z.ndim - 1))
    )


@st.composite
def logits_and_labels(
    draw: st.DrawFn, bound: float = SCORE_BOUND, max_n: int = 6, min_k: int = 1, max_k: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """Scores Z of shape (N, K) and integer labels y of shape (N,) in [0, K)."""
    z = draw(matrices(bound, 1, max_n, min_k, max_k))
    n, k = z.shape
    y = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    return z, y


@st.composite
def probability_rows(draw: st.DrawFn, n: int, k: int) -> np.ndarray:
    """Probability rows (N, K): non-negative, each summing to 1 (zeros allowed)."""
    weights = draw(
        hnp.arrays(np.float64, (n, k), elements=st.floats(0.0, 1.0, allow_subnormal=False))
    )
    weights[np.arange(n), draw(st.integers(0, k - 1))] += 1.0  # no all-zero row
    return weights / weights.sum(axis=1, keepdims=True)


# --- pages ---
# Strategies for the claims of the answer pages (linear scores, softmax, sigmoid, cross-entropy).


def tied_vectors(min_k: int = 1, max_k: int = 6) -> st.SearchStrategy[np.ndarray]:
    """Score vectors drawn from a few small integers, so that ties at the maximum are common."""
    return hnp.arrays(np.float64, st.integers(min_k, max_k), elements=st.integers(-3, 3).map(float))


def temperatures(low: float = 1e-3, high: float = 1e3) -> st.SearchStrategy[float]:
    """Temperatures T > 0 spanning six orders of magnitude."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def extreme_temperatures(low: float = 0.0, infinite: bool = True) -> st.SearchStrategy[float]:
    """Temperatures T > low anywhere in the float64 range: subnormal, tiny, huge, and inf.

    Dividing scores of order 1 by the smallest of them overflows, by the largest underflows:
    exactly where ``softmax(z / T)`` breaks and the ``temperature`` keyword must not.
    """
    return st.floats(min_value=low, exclude_min=True, allow_nan=False, allow_infinity=infinite)


@st.composite
def leading_scores(
    draw: st.DrawFn, bound: float = 100.0, min_k: int = 2, max_k: int = 8
) -> tuple[np.ndarray, int, float]:
    """Scores z, a class j and a gap >= 0 with z_j = max_{k != j} z_k + gap."""
    z = draw(vectors(bound, min_k, max_k))
    j = draw(st.integers(0, z.size - 1))
    gap = draw(st.floats(0.0, 2 * bound, allow_subnormal=False))
    others = np.delete(z, j)
    z[j] = others.max() + gap
    return z, j, gap


@st.composite
def linear_models(
    draw: st.DrawFn, bound: float = 10.0, max_n: int = 5, max_d: int = 4, max_k: int = 5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Samples X (N, D), weights W (K, D) and biases b (K,) with entries in [-bound, bound]."""
    n = draw(st.integers(1, max_n))
    d = draw(st.integers(1, max_d))
    k = draw(st.integers(1, max_k))
    elements = scores(bound)
    X = draw(hnp.arrays(np.float64, (n, d), elements=elements))
    W = draw(hnp.arrays(np.float64, (k, d), elements=elements))
    b = draw(hnp.arrays(np.float64, k, elements=elements))
    return X, W, b


@st.composite
def vectors_and_targets(
    draw: st.DrawFn, bound: float = SCORE_BOUND, max_k: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """Scores z of length K and a probability target t of the same length (zeros allowed)."""
    z = draw(vectors(bound, 1, max_k))
    return z, draw(probability_rows(1, z.size))[0]


# --- Training and model choice (LinearClassifier, MLP, activations, search) ---

#: Feature values of training data: the size of standardised features and then some.
FEATURE_BOUND = 5.0


def activation_inputs(bound: float = 10.0, max_n: int = 8) -> st.SearchStrategy[np.ndarray]:
    """Pre-activation vectors a of length 1 to ``max_n`` with entries in [-bound, bound]."""
    return hnp.arrays(np.float64, st.integers(1, max_n), elements=scores(bound))


@st.composite
def classification_data(
    draw: st.DrawFn,
    max_n: int = 12,
    max_d: int = 4,
    min_k: int = 2,
    max_k: int = 4,
    every_class: bool = False,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Samples X (N, D) in [-FEATURE_BOUND, FEATURE_BOUND], labels y (N,) in [0, K), and K.

    With ``every_class`` each class labels at least one sample (N >= K): without it a class's
    bias can lower the loss forever and the objective has no minimiser.
    """
    k = draw(st.integers(min_k, max_k))
    n = draw(st.integers(k if every_class else 1, max(max_n, k)))
    d = draw(st.integers(1, max_d))
    X = draw(hnp.arrays(np.float64, (n, d), elements=scores(FEATURE_BOUND)))
    y = draw(hnp.arrays(np.int64, n, elements=st.integers(0, k - 1)))
    if every_class:
        y[draw(st.permutations(range(n)))[:k]] = np.arange(k)
    return X, y, k


@st.composite
def linear_parameters(
    draw: st.DrawFn, k: int, d: int, bound: float = 3.0
) -> tuple[np.ndarray, np.ndarray]:
    """Weights W (K, D) and biases b (K,) with entries in [-bound, bound]."""
    W = draw(hnp.arrays(np.float64, (k, d), elements=scores(bound)))
    b = draw(hnp.arrays(np.float64, k, elements=scores(bound)))
    return W, b


def penalties() -> st.SearchStrategy[float]:
    """L2 penalty weights lambda in [1e-3, 1]: positive, so the optimum is unique."""
    return st.floats(1e-3, 1.0)


# --- accuracy (core) ---
# Inputs of the mpmath accuracy tests (tests/test_accuracy.py). Two ranges: scores a model
# produces (|z| <= 10) and wide ones (|z| <= 1e4) where exp overflows every format and the
# spread between scores is large. 1e4 keeps every output in range even in float16 (the
# largest |log_softmax| is below 2e4 < 65504). K <= 16 keeps one mpmath reference near 1 ms.
ACCURACY_BOUNDS = (10.0, 1e4)


def accuracy_vectors(
    dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_k: int = 16
) -> st.SearchStrategy[np.ndarray]:
    """Score vectors of one of ``dtypes`` (subnormals included) for the accuracy tests."""

    def of(dtype: Any, bound: float) -> st.SearchStrategy[np.ndarray]:
        width = np.dtype(dtype).itemsize * 8
        elements = st.floats(-bound, bound, width=width)
        return hnp.arrays(dtype, st.integers(1, max_k), elements=elements)

    return st.tuples(st.sampled_from(dtypes), st.sampled_from(ACCURACY_BOUNDS)).flatmap(
        lambda pair: of(*pair)
    )


@st.composite
def accuracy_vectors_and_labels(
    draw: st.DrawFn, dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_k: int = 16
) -> tuple[np.ndarray, int]:
    """A score vector for the accuracy tests and a true class j in [0, K)."""
    z = draw(accuracy_vectors(dtypes, max_k))
    return z, draw(st.integers(0, z.shape[0] - 1))


def sigmoid_scores(
    dtypes: tuple[Any, ...] = FLOAT_DTYPES, max_size: int = 8
) -> st.SearchStrategy[np.ndarray]:
    """Scores reaching 10% past the point where sigmoid(z) drops below the smallest subnormal.

    So the subnormal results of sigmoid for z << 0, and its rounding to exactly 1 for z >> 0,
    are both inside the tested range.
    """

    def of(dtype: Any) -> st.SearchStrategy[np.ndarray]:
        width = np.dtype(dtype).itemsize * 8
        tiny = float(np.finfo(dtype).smallest_subnormal)
        # Rounded to the format: Hypothesis takes only bounds that the format represents.
        bound = float(np.asarray(-1.1 * np.log(tiny), dtype))
        elements = st.floats(-bound, bound, width=width)
        return hnp.arrays(dtype, st.integers(1, max_size), elements=elements)

    return st.sampled_from(dtypes).flatmap(of)


def data_with_parameters(sets: int = 1) -> st.SearchStrategy[tuple[Any, ...]]:
    """Classification data ``(X, y, K)`` followed by ``sets`` draws of parameters ``(W, b)`` for it."""
    return classification_data().flatmap(
        lambda data: st.tuples(
            st.just(data),
            *(linear_parameters(data[2], data[0].shape[1]) for _ in range(sets)),
        )
    )
