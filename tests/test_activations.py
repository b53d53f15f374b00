"""Activations and their derivatives (src/multiclass/activations.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from multiclass.activations import (
    ACTIVATIONS,
    gelu,
    get_activation,
    relu_grad,
    sigmoid_grad,
    tanh_grad,
)
from tests import strategies as s
from tests.numdiff import DEFAULT_STEP, central_difference, error_bound

NAMES = sorted(ACTIVATIONS)
EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)


# --8<-- [start:activation-derivatives-match-central-differences]
@pytest.mark.claim("activation-derivatives-match-central-differences")
@given(st.sampled_from(NAMES), s.activation_inputs())
@example("tanh", np.array([0.0, 10.0, -10.0]))  # flat tails and the steepest point
@example("gelu", np.array([-0.75, 0.0, 3.0]))  # GELU's dip below zero
@example("relu", np.array([-1.0, 1e-3, 2.0]))  # close to the kink, but more than h away
def test_activation_derivative_matches_central_differences(name: str, a: np.ndarray) -> None:
    phi, phi_grad = get_activation(name)
    # ReLU has a kink at 0: there the difference quotient straddles it and means nothing.
    assume(name != "relu" or np.all(np.abs(a) > 2 * DEFAULT_STEP))
    # phi acts elementwise, so the gradient of sum(phi(a)) is phi'(a), entry by entry.
    numeric = central_difference(lambda v: np.sum(phi(v)), a)
    # |third derivative| <= 2 for all four (tanh''' peaks at 2; sigmoid''' at 1/8; GELU's at
    # about 0.78; ReLU's is 0 away from 0); f = sum(phi) is at most 10 * len(a) in size.
    tol = error_bound(f_scale=10.0 * a.size, third_derivative=2.0)
    np.testing.assert_allclose(phi_grad(a), numeric, rtol=0, atol=tol)


# --8<-- [end:activation-derivatives-match-central-differences]


# --8<-- [start:gelu-tanh-form-close-to-exact]
@pytest.mark.claim("gelu-tanh-form-close-to-exact")
@given(s.activation_inputs(bound=50.0))
@example(np.array([-1.0, 1.0, 2.0]))
def test_gelu_tanh_form_is_close_to_x_phi_x(a: np.ndarray) -> None:
    exact = np.array([x * 0.5 * (1.0 + math.erf(x / math.sqrt(2.0))) for x in a])
    # The claim itself: the tanh form is within 1e-3 of x Phi(x) (its largest gap is ~4.7e-4).
    assert np.all(np.abs(gelu(a) - exact) < 1e-3)


# --8<-- [end:gelu-tanh-form-close-to-exact]


def test_relu_derivative_is_zero_at_the_kink() -> None:
    assert relu_grad(np.array([0.0]))[0] == 0.0


#: The limits of each pair at -inf and +inf: GELU vanishes on the left, is the identity on the
#: right; every derivative is 0 where its function flattens.
LIMITS = {
    "relu": ((0.0, np.inf), (0.0, 1.0)),
    "tanh": ((-1.0, 1.0), (0.0, 0.0)),
    "sigmoid": ((0.0, 1.0), (0.0, 0.0)),
    "gelu": ((0.0, np.inf), (0.0, 1.0)),
}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", s.FLOAT_DTYPES)
def test_activations_take_their_exact_limits_and_keep_nan(name: str, dtype: type) -> None:
    phi, phi_grad = get_activation(name)
    a = np.array([-np.inf, np.inf, np.nan], dtype=dtype)
    for function, (left, right) in zip((phi, phi_grad), LIMITS[name], strict=True):
        result = function(a)
        np.testing.assert_array_equal(result, np.array([left, right, np.nan], dtype=dtype))
        assert result.dtype == np.dtype(dtype)


@pytest.mark.parametrize("name", NAMES)
@given(a=s.hostile_arrays(dtypes=(np.dtype(np.float16), np.dtype(np.float16).newbyteorder("S"))))
def test_float16_is_computed_in_float32_and_rounded_once(name: str, a: np.ndarray) -> None:
    # Byte-swapped float16 is float16 too: both orders give the float32 result, rounded once.
    for function in get_activation(name):
        with np.errstate(over="ignore"):  # a float32 result beyond 65504 rounds to inf
            expected = function(a.astype(np.float32)).astype(np.float16)
        np.testing.assert_array_equal(function(a), expected)


@given(s.activation_inputs(bound=3.0))
@example(np.array([-3.0, -0.75, 0.0, 1.0, 3.0]))
def test_gelu_is_a_times_sigma_2u_which_is_the_tanh_form(a: np.ndarray) -> None:
    c = np.sqrt(2.0 / np.pi)
    tanh_form = 0.5 * a * (1.0 + np.tanh(c * (a + 0.044715 * a**3)))
    # For |a| <= 3 the tanh form has no severe cancellation (1 + tanh u >= 1 - tanh 3.1 ~ 4e-3,
    # so its rounding error is at most ~250 eps relative) and both are within a few eps of it.
    np.testing.assert_allclose(gelu(a), tanh_form, rtol=1000 * EPS, atol=1000 * EPS * TINY)


@given(s.activation_inputs(bound=0.5))
def test_tanh_derivative_is_one_minus_tanh_squared(a: np.ndarray) -> None:
    # For |a| <= 1/2, tanh^2 a <= 0.22: 1 - tanh^2 a loses at most a bit, so it is within 4 eps.
    np.testing.assert_allclose(tanh_grad(a), 1.0 - np.tanh(a) ** 2, rtol=4 * EPS, atol=0)


def test_small_values_keep_their_digits() -> None:
    # The literal formulas give -0.0 for gelu(-8) and 0 for 1 - tanh(20)^2; the true values
    # (mpmath, 30 digits) are -3.1078e-21 and 1.6993e-17.
    assert gelu(np.array([-8.0]))[0] == pytest.approx(-3.107782938e-21, rel=1e-9)
    assert tanh_grad(np.array([20.0]))[0] == pytest.approx(1.699341702e-17, rel=1e-9)


# --8<-- [start:sigmoid-derivative-at-most-a-quarter]
@pytest.mark.claim("sigmoid-derivative-at-most-a-quarter")
@given(s.activation_inputs(bound=800.0))
@example(np.array([-800.0, 800.0, 0.0]))  # underflow in the tails, the peak at 0
def test_sigmoid_derivative_is_between_zero_and_a_quarter(a: np.ndarray) -> None:
    d = sigmoid_grad(a)
    # sigma(a) sigma(-a) is a product of two numbers summing to 1, so at most 1/4 exactly; the
    # two rounded factors may sum to 1 + eps, which can lift the product by ~eps/2 near a = 0.
    assert np.all((d >= 0) & (d <= 0.25 * (1 + 4 * np.finfo(np.float64).eps)))
    assert sigmoid_grad(np.array([0.0]))[0] == 0.25


# --8<-- [end:sigmoid-derivative-at-most-a-quarter]


def test_sigmoid_derivative_keeps_its_digits_in_the_tails() -> None:
    # sigma(a)(1 - sigma(a)) would round 1 - sigma(40) to 0; sigma(a) sigma(-a) keeps e^-40.
    assert sigmoid_grad(np.array([40.0]))[0] == pytest.approx(math.exp(-40.0), rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_activations_do_not_modify_their_input(name: str) -> None:
    phi, phi_grad = get_activation(name)
    a = np.array([-1.0, 0.0, 2.0])
    before = a.copy()
    phi(a)
    phi_grad(a)
    np.testing.assert_array_equal(a, before)


def test_unknown_activation_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"activation must be one of 'relu'.*got 'swish'"):
        get_activation("swish")


def test_activation_name_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="activation must be a name"):
        get_activation(3)


@pytest.mark.parametrize("name", NAMES)
def test_activations_reject_complex_input(name: str) -> None:
    phi, phi_grad = get_activation(name)
    with pytest.raises(TypeError, match="a must be an array of real numbers"):
        phi(np.array([1j]))
    with pytest.raises(TypeError, match="a must be an array of real numbers"):
        phi_grad(np.array([1j]))
