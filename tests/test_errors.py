"""Every bad input raises the documented error, and its message names the argument.

Decisions recorded here (and in the docstrings): float labels are rejected even when integral
(TypeError); binary cross-entropy targets outside [0, 1] are rejected; probability rows must be
finite, non-negative and sum to 1 within the precision their values carry (tests/test_targets.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given

from multiclass import (
    binary_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    holdout_split,
    log_sigmoid,
    log_softmax,
    logsumexp,
    multiclass_hinge,
    multiclass_hinge_grad,
    one_hot,
    sigmoid,
    softmax,
)
from multiclass.activations import ACTIVATIONS
from tests import strategies as s

Z = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]])  # N = 2, K = 3
Y = np.array([2, 0])
T = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
T_NAN = np.array([[0.5, np.nan, 0.5], [1.0, 0.0, 0.0]])

LOSSES: tuple[Callable[..., Any], ...] = (cross_entropy, cross_entropy_grad)

# (call, error type, a pattern the message must contain: the argument's name and what it needs)
BAD_INPUTS: list[Any] = [
    # Labels outside [0, K) or not integers.
    (lambda: one_hot([0, 3], 3), ValueError, r"labels must be integers in \[0, 3\); got 3"),
    (lambda: one_hot([-1], 3), ValueError, r"labels must be integers in \[0, 3\); got -1"),
    (lambda: one_hot([1.0, 2.0], 3), TypeError, r"labels must be integer class indices"),
    (lambda: one_hot([True], 3), TypeError, r"labels must be integer class indices"),
    (lambda: one_hot(["a"], 3), TypeError, r"labels must be integer class indices"),
    # num_classes <= 0 or not an integer.
    (lambda: one_hot([0], 0), ValueError, r"num_classes must be a positive integer; got 0"),
    (lambda: one_hot([0], -2), ValueError, r"num_classes must be a positive integer; got -2"),
    (lambda: one_hot([0], 2.0), TypeError, r"num_classes must be a positive integer"),
    (lambda: one_hot([0], True), TypeError, r"num_classes must be a positive integer"),
    # 0-d scores where a vector is needed, non-numeric dtypes, bad axes.
    (lambda: softmax(np.float64(1.0)), ValueError, r"z must have at least 1 dimension"),
    (lambda: log_softmax(2.0), ValueError, r"z must have at least 1 dimension"),
    (lambda: logsumexp(np.array(3.0)), ValueError, r"z must have at least 1 dimension"),
    (lambda: softmax(np.array(["a", "b"])), TypeError, r"z must be an array of real numbers"),
    (lambda: logsumexp(np.array([1 + 2j])), TypeError, r"z must be an array of real numbers"),
    (lambda: log_softmax([object()]), TypeError, r"z must be an array of real numbers"),
    (lambda: sigmoid("0.5"), TypeError, r"z must be an array of real numbers"),
    (lambda: log_sigmoid([None]), TypeError, r"z must be an array of real numbers"),
    (lambda: softmax(np.ones(3, np.longdouble)), TypeError, r"z must be .* float64"),
    (lambda: softmax(Z, axis=2), ValueError, r"axis 2 is out of range for z"),
    (lambda: logsumexp(Z, axis=-3), ValueError, r"axis -3 is out of range for z"),
    (lambda: softmax(Z, axis=1.0), TypeError, r"axis must be an integer"),
    (lambda: log_softmax(Z, axis=True), TypeError, r"axis must be an integer"),
    (lambda: logsumexp(Z, keepdims="yes"), TypeError, r"keepdims must be True or False"),
    # Binary cross-entropy: shapes, targets outside [0, 1] (nan included), reduction.
    (lambda: binary_cross_entropy([1.0], [1.5]), ValueError, r"target must be in \[0, 1\]"),
    (lambda: binary_cross_entropy([1.0], [-0.1]), ValueError, r"target must be in \[0, 1\]"),
    (lambda: binary_cross_entropy([1.0], [np.nan]), ValueError, r"target must be in \[0, 1\]"),
    (lambda: binary_cross_entropy([1.0, 2.0], [1.0]), ValueError, r"target must have the logits"),
    (lambda: binary_cross_entropy(["a"], [1.0]), TypeError, r"logits must be an array of real"),
    (lambda: binary_cross_entropy([1.0], ["a"]), TypeError, r"target must be an array of real"),
    (lambda: binary_cross_entropy([1.0], [1.0], "avg"), ValueError, r"reduction must be one of"),
]

# Values that numpy would convert with a loss or fail on deep inside: nothing reaches numpy
# unchecked (the property tests below draw many more of each kind).
BAD_INPUTS += [
    (lambda: softmax([1, None]), TypeError, r"z must be an array of real .*got NoneType None"),
    (
        lambda: one_hot([2**64], 3),
        TypeError,
        r"labels must be integer .* 18446744073709551616 at index 0, beyond 64 bits",
    ),
    (lambda: one_hot([0], 10**20), ValueError, r"num_classes = 10+ is too large"),
    (lambda: cross_entropy(Z, one_hot(Y, 3).astype(int)), ValueError, r"rows must be floats"),
    (lambda: cross_entropy(Z[0], [0, 0, 1]), ValueError, r"target.argmax\(axis=-1\)"),
]

# Temperatures: negative, nan, or not a real number (bool and strings included).
for _tempered in (softmax, log_softmax, cross_entropy, cross_entropy_grad):
    _args = (Z, Y) if _tempered in LOSSES else (Z,)
    BAD_INPUTS += [
        (lambda f=_tempered, a=_args: f(*a, temperature=-1.0), ValueError, r"temperature must be"),
        (lambda f=_tempered, a=_args: f(*a, temperature=np.nan), ValueError, r"got nan"),
        (lambda f=_tempered, a=_args: f(*a, temperature="1"), TypeError, r"temperature must be a"),
        (lambda f=_tempered, a=_args: f(*a, temperature=True), TypeError, r"temperature must"),
        (lambda f=_tempered, a=_args: f(*a, temperature=None), TypeError, r"temperature must"),
        (lambda f=_tempered, a=_args: f(*a, temperature=1j), TypeError, r"temperature must be"),
    ]
BAD_INPUTS.append(
    (lambda: cross_entropy_grad(Z, Y, temperature=0), ValueError, r"temperature must be > 0")
)

for _loss in LOSSES:
    BAD_INPUTS += [
        # Labels outside [0, K), not integers, or of the wrong shape (mismatched N).
        (lambda f=_loss: f(Z, [2, 3]), ValueError, r"target must be integers in \[0, 3\); got 3"),
        (lambda f=_loss: f(Z, [-1, 0]), ValueError, r"target must be integers in \[0, 3\)"),
        (lambda f=_loss: f(Z, [2.0, 0.0]), TypeError, r"target of class labels must have an int"),
        (lambda f=_loss: f(Z[0], 1.0), TypeError, r"target of class labels must have an integer"),
        (lambda f=_loss: f(Z, [True, False]), TypeError, r"target must be integer class labels"),
        (lambda f=_loss: f(Z, ["a", "b"]), TypeError, r"target must be integer class labels"),
        (lambda f=_loss: f(Z, [0, 1, 2]), ValueError, r"target of class labels must be shape"),
        (lambda f=_loss: f(Z, [[0], [1]]), ValueError, r"target of class labels must be shape"),
        (lambda f=_loss: f(Z[0], [0]), ValueError, r"must be a scalar label"),
        # Probability rows: mismatched K, negative, non-finite, not summing to 1.
        (lambda f=_loss: f(Z, T[:, :2]), ValueError, r"target of probabilities must have the"),
        (lambda f=_loss: f(Z, T[:1]), ValueError, r"target of probabilities must have the"),
        (lambda f=_loss: f(Z, -T), ValueError, r"target probabilities must be finite and >= 0"),
        (lambda f=_loss: f(Z, T_NAN), ValueError, r"target probabilities must be finite"),
        (lambda f=_loss: f(Z, 0.5 * T), ValueError, r"target probability rows must sum to 1"),
        # Logits: K = 0, 0-d, 3-d, non-numeric.
        (lambda f=_loss: f(np.zeros((2, 0)), [0, 0]), ValueError, r"logits must have at least"),
        (lambda f=_loss: f(np.float64(1.0), 0), ValueError, r"logits must have shape \(N, K\)"),
        (lambda f=_loss: f(np.zeros((2, 2, 2)), Y), ValueError, r"logits must have shape \(N, K"),
        (lambda f=_loss: f(Z.astype(str), Y), TypeError, r"logits must be an array of real"),
        # Reduction and label smoothing.
        (lambda f=_loss: f(Z, Y, "avg"), ValueError, r"reduction must be one of 'mean', 'sum'"),
        (lambda f=_loss: f(Z, Y, None), ValueError, r"reduction must be one of"),
        (lambda f=_loss: f(Z, Y, label_smoothing=1.5), ValueError, r"label_smoothing must be in"),
        (lambda f=_loss: f(Z, Y, label_smoothing=-0.1), ValueError, r"label_smoothing must be in"),
        (lambda f=_loss: f(Z, Y, label_smoothing="0.1"), TypeError, r"label_smoothing must be a"),
        (lambda f=_loss: f(Z, Y, label_smoothing=True), TypeError, r"label_smoothing must be a"),
    ]


# The multiclass hinge loss: labels only (no probability rows), and a finite margin >= 0.
for _hinge in (multiclass_hinge, multiclass_hinge_grad):
    BAD_INPUTS += [
        (lambda f=_hinge: f(Z, [2, 3]), ValueError, r"labels must be integers in \[0, 3\); got 3"),
        (lambda f=_hinge: f(Z, [2.0, 0.0]), TypeError, r"labels must be integer class indices"),
        (lambda f=_hinge: f(Z, T), TypeError, r"labels must be .*no probability targets"),
        (lambda f=_hinge: f(Z, [0, 1, 2]), ValueError, r"labels must have shape \(N,\) = \(2,\)"),
        (lambda f=_hinge: f(Z[0], [0]), ValueError, r"labels must be a scalar"),
        (lambda f=_hinge: f(np.zeros((2, 0)), [0, 0]), ValueError, r"logits must have at least"),
        (lambda f=_hinge: f(np.zeros((2, 2, 2)), Y), ValueError, r"logits must have shape"),
        (lambda f=_hinge: f(Z, Y, -1.0), ValueError, r"margin must be a finite real number >= 0"),
        (lambda f=_hinge: f(Z, Y, np.inf), ValueError, r"margin must be a finite real .*got inf"),
        (lambda f=_hinge: f(Z, Y, np.nan), ValueError, r"margin must be a finite real .*got nan"),
        (lambda f=_hinge: f(Z, Y, "1"), TypeError, r"margin must be a finite real number"),
        (lambda f=_hinge: f(Z, Y, True), TypeError, r"margin must be a finite real number"),
        (lambda f=_hinge: f(Z, Y, 1.0, "avg"), ValueError, r"reduction must be one of"),
    ]


# --8<-- [start:bad-input-errors]
@pytest.mark.claim("bad-input-errors")
@pytest.mark.parametrize(
    ("call", "error", "message"),
    [pytest.param(*bad, id=f"{bad[1].__name__}: {bad[2]}") for bad in BAD_INPUTS],
)
def test_bad_input_raises_the_documented_error_naming_the_argument(
    call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call()


# --8<-- [end:bad-input-errors]


def test_a_failed_call_leaves_its_inputs_unchanged() -> None:
    logits, target = Z.copy(), 0.5 * T
    with pytest.raises(ValueError, match="sum to 1"):
        cross_entropy(logits, target)
    np.testing.assert_array_equal(logits, Z)
    np.testing.assert_array_equal(target, 0.5 * T)


def _array_takers() -> dict[str, Callable[[Any], Any]]:
    """Every public function of the core, called with ``bad`` in each of its array slots."""
    takers: dict[str, Callable[[Any], Any]] = {
        f.__name__: f for f in (softmax, log_softmax, logsumexp, sigmoid, log_sigmoid)
    }
    takers |= {
        "cross_entropy(logits)": lambda bad: cross_entropy(bad, 0),
        "cross_entropy(target)": lambda bad: cross_entropy(Z, bad),
        "cross_entropy_grad(target)": lambda bad: cross_entropy_grad(Z, bad),
        "multiclass_hinge(logits)": lambda bad: multiclass_hinge(bad, 0),
        "multiclass_hinge_grad(labels)": lambda bad: multiclass_hinge_grad(Z, bad),
        "binary_cross_entropy(logits)": lambda bad: binary_cross_entropy(bad, [1.0]),
        "binary_cross_entropy(target)": lambda bad: binary_cross_entropy([0.0], bad),
        "one_hot(labels)": lambda bad: one_hot(bad, 3),
        # The samples go through the models' own check (multiclass._checks), which uses the
        # same conversion: what is refused here is refused by LinearClassifier and MLP too.
        "holdout_split(X)": lambda bad: holdout_split(bad, [0, 1]),
        "holdout_split(y)": lambda bad: holdout_split(np.zeros((2, 1)), bad),
    }
    for name, (phi, phi_grad) in ACTIVATIONS.items():
        takers[name], takers[f"{name}_grad"] = phi, phi_grad
    return takers


ARRAY_TAKERS = _array_takers()


@pytest.mark.parametrize("name", list(ARRAY_TAKERS))
@given(bad=s.masked_arrays())
@example(bad=np.ma.masked_array([1.0, 1000.0, 3.0], mask=[0, 1, 0]))  # softmax gave [0, 1, 0]
def test_masked_arrays_are_refused_saying_what_to_do(name: str, bad: np.ma.MaskedArray) -> None:
    with pytest.raises(TypeError, match=r"masked array.*\.filled\(value\).*\.compressed\(\)"):
        ARRAY_TAKERS[name](bad)
    with pytest.raises(TypeError, match=r"masked array"):  # np.ma.masked inside a list, too
        ARRAY_TAKERS[name]([1, np.ma.masked])


@pytest.mark.parametrize("name", list(ARRAY_TAKERS))
@given(bad=s.ragged_lists())
def test_ragged_lists_are_refused_by_name(name: str, bad: list[Any]) -> None:
    with pytest.raises(ValueError, match=r"must be a rectangular array; got a ragged sequence"):
        ARRAY_TAKERS[name](bad)
