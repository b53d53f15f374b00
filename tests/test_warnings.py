"""No public function emits a RuntimeWarning on any finite or infinite input.

Each test draws hostile input (tests/strategies.py: every real dtype in both byte orders, the
largest finite values, +-inf, nan, subnormals, the largest unsigned integers; the widest ranges
and scales) and calls a public function of the numerics core, the activations, the search
spaces or the datasets with warnings turned into errors. A result that overflows is an infinity, not a warning; a value
outside a function's domain is a ValueError or TypeError, never a warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import (
    LogUniform,
    Uniform,
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    gelu,
    gelu_grad,
    hit_probability,
    log_sigmoid,
    log_softmax,
    logsumexp,
    make_blobs,
    make_moons,
    make_spirals,
    one_hot,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    tanh,
    tanh_grad,
)
from multiclass.activations import sigmoid_activation
from tests import strategies as s

ELEMENTWISE: list[Callable[..., Any]] = [
    sigmoid,
    log_sigmoid,
    relu,
    relu_grad,
    tanh,
    tanh_grad,
    sigmoid_activation,
    sigmoid_grad,
    gelu,
    gelu_grad,
]
ROWWISE: list[Callable[..., Any]] = [softmax, log_softmax, logsumexp]
#: Temperatures at both limits and at the ends of the float64 range.
TEMPERATURES = st.sampled_from([1.0, 0.0, 5e-324, 1e-308, 0.5, 3.0, 1e308, np.inf])
HUGE = float(np.finfo(np.float64).max)


@contextmanager
def no_warnings() -> Iterator[None]:
    """Turn every warning into an error, whatever the test configuration."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("function", ELEMENTWISE, ids=lambda f: f.__name__)
@given(a=s.hostile_arrays(min_dims=0))
@example(a=np.array([-np.inf, -HUGE, -8.0, -0.0, 5e-324, 40.0, HUGE, np.inf, np.nan]))
@example(a=np.array([-65504.0, -11.0, 11.0, 65504.0, np.inf], dtype=">f2"))
def test_elementwise_functions_never_warn(function: Callable[..., Any], a: np.ndarray) -> None:
    with no_warnings():
        result = function(a)
    assert result.shape == a.shape
    expected = a.dtype.newbyteorder("=") if a.dtype.kind == "f" else np.dtype(np.float64)
    assert result.dtype == expected


@pytest.mark.parametrize("function", ROWWISE, ids=lambda f: f.__name__)
@given(z=s.hostile_arrays(), T=TEMPERATURES)
@example(z=np.array([HUGE, -HUGE, 0.0]), T=1.0)
@example(z=np.array([HUGE, -HUGE, np.inf, -np.inf]), T=1e-308)
@example(z=np.array([65504.0, -65504.0], dtype=np.float16), T=5e-324)
def test_softmax_family_never_warns(function: Callable[..., Any], z: np.ndarray, T: float) -> None:
    kwargs = {} if function is logsumexp else {"temperature": T}
    with no_warnings():
        function(z, **kwargs)


@given(Z=s.hostile_arrays(min_dims=2), T=TEMPERATURES, smoothing=st.sampled_from([0.0, 0.1, 1.0]))
@example(Z=np.array([[HUGE, -HUGE]]), T=1.0, smoothing=0.0)  # E = 2 max: +inf, silently
@example(Z=np.array([[-HUGE, HUGE]]), T=1.0, smoothing=0.0)
@example(Z=np.array([[-HUGE, HUGE]]), T=1.0, smoothing=0.1)
@example(Z=np.array([[-3e38, 3e38, np.inf]], dtype=np.float32), T=0.5, smoothing=0.1)
@example(Z=np.array([[-65504.0, 65504.0]], dtype=">f2"), T=1.0, smoothing=0.0)
def test_cross_entropy_and_its_gradient_never_warn(
    Z: np.ndarray, T: float, smoothing: float
) -> None:
    n, k = Z.shape
    labels = np.arange(n) % k
    rows = one_hot((np.arange(n) + 1) % k, k)
    with no_warnings():
        for target in (labels, rows):
            for reduction in ("none", "sum", "mean"):
                cross_entropy(Z, target, reduction, smoothing, temperature=T)
                if T > 0:
                    cross_entropy_grad(Z, target, reduction, smoothing, temperature=T)


@given(
    x=s.hostile_arrays(min_dims=0),
    t=st.sampled_from([0.0, 1.0, 0.5, 5e-324, 1 - 2**-53, 0.99999]),
    target_dtype=st.sampled_from(s.FLOAT_DTYPES),
)
@example(x=np.array([HUGE, -HUGE, np.inf, -np.inf]), t=0.5, target_dtype=np.float64)
@example(x=np.array([3e38, -3e38], dtype=np.float32), t=0.5, target_dtype=np.float64)
def test_binary_cross_entropy_never_warns(x: np.ndarray, t: float, target_dtype: Any) -> None:
    target = np.full(x.shape, t, dtype=target_dtype)
    with no_warnings():
        for reduction in ("none", "sum", "mean"):
            binary_cross_entropy(x, target, reduction)


INTEGER_DTYPES = tuple(d for d in s.HOSTILE_DTYPES if d.kind in "iu")


@given(labels=s.hostile_arrays(dtypes=INTEGER_DTYPES), k=st.integers(1, 10))
@example(labels=np.array([2**64 - 1], dtype=np.uint64), k=3)  # would wrap to -1 as int64
def test_one_hot_never_warns(labels: np.ndarray, k: int) -> None:
    inside = bool(np.all((labels >= 0) & (labels < k)))  # compared without conversion
    with no_warnings():
        if inside:
            np.testing.assert_array_equal(one_hot(labels, k).argmax(axis=-1), labels)
        else:  # a label outside [0, k) (negative, or 2**64 - 1 that int64 would wrap): refused
            with pytest.raises(ValueError, match=rf"labels must be integers in \[0, {k}\)"):
                one_hot(labels, k)


@given(
    bounds=st.lists(st.floats(5e-324, HUGE), min_size=2, max_size=2, unique=True).map(sorted),
    n=st.integers(0, 10**500),
    q=st.floats(0.0, 1.0),
    scale=st.floats(0.0, HUGE),
)
@example(bounds=[1e200, 1e300], n=10**400, q=0.1, scale=1e308)
@example(bounds=[1e308, HUGE], n=2**1000, q=5e-324, scale=HUGE)
def test_search_spaces_and_generators_never_warn(
    bounds: list[float], n: int, q: float, scale: float
) -> None:
    low, high = bounds
    rng = np.random.default_rng(0)
    with no_warnings():
        for space in (Uniform(-high, high), Uniform(low, high), LogUniform(low, high)):
            space.grid(5)
            space.sample(rng)
        hit_probability(n, q)
        for make, keyword in (
            (make_blobs, "spread"),
            (make_spirals, "noise"),
            (make_moons, "noise"),
        ):
            try:
                make(n_per_class=3, **{keyword: scale})
            except ValueError as error:  # points beyond float64: refused by name
                assert str(error).startswith(f"{keyword} = ")  # noqa: PT017
