"""The contract every public function keeps: dtypes, axes, memory, non-finite and empty input.

The non-finite and empty cases live in ``multiclass_site.contract`` so that the Numerical
behaviour page prints its table from the same calls.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    log_sigmoid,
    log_softmax,
    logits,
    logsumexp,
    multiclass_hinge,
    multiclass_hinge_grad,
    one_hot,
    sigmoid,
    softmax,
)
from multiclass_site.contract import CASES, Case
from tests import strategies as s


def _labels(Z: np.ndarray) -> np.ndarray:
    return np.arange(Z.shape[0]) % Z.shape[1]


def _probabilities(Z: np.ndarray) -> np.ndarray:
    """Rows of a fixed distribution of Z's shape: exact in every float format."""
    weights = (np.arange(Z.size).reshape(Z.shape) % 2 + 1).astype(np.float64)
    return weights / weights.sum(axis=1, keepdims=True)


def _bce_targets(Z: np.ndarray) -> np.ndarray:
    return (np.arange(Z.size).reshape(Z.shape) % 3) / 2.0


# Every public function, called on a score matrix Z of shape (N, K), with the other arguments
# built from Z's shape. Each returns (result, [every array argument passed]).
CALLS: dict[str, Callable[[np.ndarray], tuple[Any, list[np.ndarray]]]] = {}


def _register(name: str) -> Callable[[Callable[[np.ndarray], tuple[Any, list[np.ndarray]]]], None]:
    def store(call: Callable[[np.ndarray], tuple[Any, list[np.ndarray]]]) -> None:
        CALLS[name] = call

    return store


@_register("logsumexp")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    return logsumexp(Z), [Z]


@_register("softmax")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    return softmax(Z), [Z]


@_register("log_softmax")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    return log_softmax(Z), [Z]


@_register("sigmoid")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    return sigmoid(Z), [Z]


@_register("log_sigmoid")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    return log_sigmoid(Z), [Z]


@_register("cross_entropy")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    y = _labels(Z)
    return cross_entropy(Z, y, reduction="none"), [Z, y]


@_register("cross_entropy/probabilities")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    T = _probabilities(Z)
    return cross_entropy(Z, T, reduction="none", label_smoothing=0.1), [Z, T]


@_register("cross_entropy_grad")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    y = _labels(Z)
    return cross_entropy_grad(Z, y), [Z, y]


@_register("multiclass_hinge")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    y = _labels(Z)
    return multiclass_hinge(Z, y, margin=0.5, reduction="none"), [Z, y]


@_register("multiclass_hinge_grad")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    y = _labels(Z)
    return multiclass_hinge_grad(Z, y, margin=0.5), [Z, y]


@_register("binary_cross_entropy")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    t = _bce_targets(Z)
    return binary_cross_entropy(Z, t, reduction="none"), [Z, t]


@_register("logits")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    # Z as the samples X (N, D = K); W and b of Z's dtype so the result keeps it.
    W = np.linspace(-1.0, 1.0, 3 * Z.shape[1]).reshape(3, Z.shape[1]).astype(Z.dtype)
    b = np.arange(3).astype(Z.dtype)
    return logits(Z, W, b), [Z, W, b]


@_register("one_hot")
def _(Z: np.ndarray) -> tuple[Any, list[np.ndarray]]:
    y = _labels(Z)
    return one_hot(y, Z.shape[1]), [y]


FLOAT_IN = [name for name in CALLS if name != "one_hot"]  # those that take float scores


def _scores(dtype: Any = np.float64, shape: tuple[int, int] = (4, 3)) -> np.ndarray:
    """A fixed score matrix with a tie, a negative and a large entry."""
    values = np.array([[1.0, 2.0, 2.0], [-3.0, 0.5, 40.0], [0.0, 0.0, 0.0], [7.0, -1.0, 2.5]])
    return np.resize(values, shape).astype(dtype)


# --8<-- [start:contract-dtypes]
@pytest.mark.claim("contract-dtypes")
@pytest.mark.parametrize("name", FLOAT_IN)
@pytest.mark.parametrize("dtype", [*s.FLOAT_DTYPES, np.int8, np.int64, np.uint16, np.bool_])
def test_float_dtypes_are_kept_and_others_become_float64(name: str, dtype: Any) -> None:
    result, _ = CALLS[name](_scores(dtype))
    kept = np.dtype(dtype) if np.dtype(dtype).kind == "f" else np.dtype(np.float64)
    assert np.asarray(result).dtype == kept


# --8<-- [end:contract-dtypes]


@pytest.mark.parametrize("name", FLOAT_IN)
@pytest.mark.parametrize("dtype", s.FLOAT_DTYPES)
def test_byte_swapped_scores_are_computed_as_the_native_format(name: str, dtype: Any) -> None:
    # '>f2' on a little-endian machine is float16: computed in float32 and rounded once, as
    # native float16 is, giving the same numbers in the native byte order.
    Z = _scores(dtype)
    expected, _ = CALLS[name](Z)
    result, _ = CALLS[name](Z.astype(Z.dtype.newbyteorder("S")))
    assert np.asarray(result).dtype == np.asarray(expected).dtype
    np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("name", list(CALLS))
def test_read_only_inputs_work(name: str) -> None:
    writable, _ = CALLS[name](_scores())
    Z = _scores()
    Z.setflags(write=False)
    result, _ = CALLS[name](Z)
    np.testing.assert_array_equal(result, writable)
    assert not Z.flags.writeable


@pytest.mark.parametrize("name", list(CALLS))
def test_non_contiguous_inputs_give_the_same_results(name: str) -> None:
    Z = _scores(shape=(8, 3))
    views = {
        "Fortran order": np.asfortranarray(Z),
        "every other row": np.repeat(Z, 2, axis=0)[::2],
        "rows reversed": Z[::-1],
        "every other column": np.repeat(Z, 2, axis=1)[:, ::2],
    }
    for label, view in views.items():
        assert not view.flags.c_contiguous, label
        expected, _ = CALLS[name](np.ascontiguousarray(view))
        np.testing.assert_array_equal(CALLS[name](view)[0], expected, err_msg=label)


# --8<-- [start:contract-no-mutation-no-alias]
@pytest.mark.claim("contract-no-mutation-no-alias")
@pytest.mark.parametrize("name", list(CALLS))
@given(Z=s.matrices(bound=100.0, min_k=1))
@example(Z=np.array([[-np.inf, 0.0, np.inf], [np.nan, 1.0, 2.0]]))
def test_inputs_are_never_modified_and_outputs_never_alias_them(name: str, Z: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):  # logits of inf scores: inf - inf inside the matmul
        before = [array.copy() for array in CALLS[name](Z)[1]]
        result, arguments = CALLS[name](Z)
    for original, argument in zip(before, arguments, strict=True):
        np.testing.assert_array_equal(argument, original)
        assert not np.shares_memory(np.asarray(result), argument)


# --8<-- [end:contract-no-mutation-no-alias]


@pytest.mark.parametrize("function", [sigmoid, log_sigmoid], ids=lambda f: f.__name__)
def test_elementwise_functions_take_0d_input_and_return_a_new_array(
    function: Callable[..., Any],
) -> None:
    z = np.array(-3.0)
    result = function(z)
    assert isinstance(result, np.ndarray)
    assert result.shape == ()
    assert not np.shares_memory(result, z)


# --8<-- [start:contract-any-axis]
@pytest.mark.claim("contract-any-axis")
@pytest.mark.parametrize("function", [softmax, log_softmax, logsumexp], ids=lambda f: f.__name__)
@given(z_axis=s.arrays_with_axis())
def test_any_axis_equals_the_last_axis_of_the_moved_array(
    function: Callable[..., Any], z_axis: tuple[np.ndarray, int]
) -> None:
    z, axis = z_axis
    moved = np.moveaxis(z, axis, -1).copy()  # a C-contiguous array with the axis last
    expected = function(moved)
    if function is not logsumexp:
        expected = np.moveaxis(expected, -1, axis)
    np.testing.assert_array_equal(function(z, axis=axis), expected)


# --8<-- [end:contract-any-axis]


@given(z_axis=s.arrays_with_axis())
def test_logsumexp_keepdims_keeps_the_axis_with_length_one(z_axis: tuple[np.ndarray, int]) -> None:
    z, axis = z_axis
    kept = logsumexp(z, axis=axis, keepdims=True)
    assert kept.shape == (*z.shape[: axis % z.ndim], 1, *z.shape[axis % z.ndim + 1 :])
    np.testing.assert_array_equal(np.squeeze(kept, axis=axis), logsumexp(z, axis=axis))


@pytest.mark.parametrize("function", [softmax, log_softmax, logsumexp], ids=lambda f: f.__name__)
@given(
    Z=s.matrices(bound=1000.0, min_n=1, max_n=40, min_k=1, max_k=5),
    block_rows=st.integers(1, 7),
)
def test_a_row_never_depends_on_the_rows_processed_with_it(
    function: Callable[..., Any], Z: np.ndarray, block_rows: int
) -> None:
    # Blocks of a few rows, so that rows meet different neighbours (mixed signs and sizes of
    # their maxima) than when they are computed alone.
    kernel = sys.modules["multiclass._kernel"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kernel, "BLOCK_BYTES", block_rows * Z.shape[1] * Z.itemsize)
        blocked = function(Z)
    for n in range(Z.shape[0]):
        np.testing.assert_array_equal(blocked[n], function(Z[n]))


# --8<-- [start:contract-non-finite]
@pytest.mark.claim("contract-non-finite")
@pytest.mark.parametrize("dtype", s.FLOAT_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.text)
def test_non_finite_and_empty_input_follow_the_contract(case: Case, dtype: Any) -> None:
    # Exact equality (nan equal to nan): each expected value is a limit, 0, 1, 1/2, log 2 or
    # nan, which every format holds exactly or rounds the same way. Warnings are errors here.
    result = case.run(dtype)
    assert case.holds(result, dtype), f"{case.text} in {np.dtype(dtype)} gave {result!r}"


# --8<-- [end:contract-non-finite]


@pytest.mark.parametrize("function", [softmax, log_softmax], ids=lambda f: f.__name__)
@given(z=s.vectors(max_k=6), where=st.integers(0, 6))
def test_minus_inf_entries_are_masked_exactly(
    function: Callable[..., Any], z: np.ndarray, where: int
) -> None:
    where = min(where, z.shape[0])
    with_minus_inf = np.insert(z, where, -np.inf)
    result = function(with_minus_inf)
    assert result[where] == (0.0 if function is softmax else -np.inf)
    # The other entries are those of z alone: the extra term e^-inf = 0 changes no sum,
    # though it can change how numpy pairs the terms when summing, hence 4 eps relative.
    others = np.delete(result, where)
    np.testing.assert_allclose(others, function(z), rtol=4 * np.finfo(z.dtype).eps, atol=0)


def test_nan_stays_in_its_row_for_every_row_function() -> None:
    Z = _scores(shape=(5, 3))
    Z[2, 1] = np.nan
    y = _labels(Z)
    rows = [0, 1, 3, 4]
    results = {
        "logsumexp": (logsumexp(Z), logsumexp(Z[rows])),
        "softmax": (softmax(Z), softmax(Z[rows])),
        "log_softmax": (log_softmax(Z), log_softmax(Z[rows])),
        "cross_entropy": (
            cross_entropy(Z, y, reduction="none"),
            cross_entropy(Z[rows], y[rows], reduction="none"),
        ),
        "cross_entropy_grad": (
            cross_entropy_grad(Z, y, reduction="sum"),
            cross_entropy_grad(Z[rows], y[rows], reduction="sum"),
        ),
        "multiclass_hinge": (
            multiclass_hinge(Z, y, reduction="none"),
            multiclass_hinge(Z[rows], y[rows], reduction="none"),
        ),
        "multiclass_hinge_grad": (
            multiclass_hinge_grad(Z, y, reduction="sum"),
            multiclass_hinge_grad(Z[rows], y[rows], reduction="sum"),
        ),
    }
    for name, (with_nan, without) in results.items():
        assert np.isnan(with_nan[2]).all(), name
        np.testing.assert_array_equal(with_nan[rows], without, err_msg=name)
