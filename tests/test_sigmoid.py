"""Properties of the logistic sigmoid and its link to softmax (src/multiclass/sigmoid.py)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from multiclass import binary_cross_entropy, cross_entropy, sigmoid, softmax
from tests import strategies as s
from tests.numdiff import central_difference, error_bound

EPS = float(np.finfo(np.float64).eps)
#: 16 units of the smallest subnormal: where both sides underflow, they may differ in the last
#: few subnormal bits (a subnormal keeps only the bits above 2**-1074).
SUBNORMAL_SLACK = 16 * float(np.finfo(np.float64).smallest_subnormal)


# --8<-- [start:sigmoid-is-two-class-softmax]
@pytest.mark.claim("sigmoid-is-two-class-softmax")
@given(s.scores())
@example(0.0)
@example(-745.0)  # e^z is subnormal
@example(800.0)  # sigma rounds to 1
def test_sigmoid_is_the_first_output_of_softmax_of_z_and_0(z: float) -> None:
    y = softmax(np.array([z, 0.0]))
    # Both sides are computed to within a few ulp of the true value (4 eps each, 8 together).
    np.testing.assert_allclose(sigmoid(z), y[0], rtol=8 * EPS, atol=SUBNORMAL_SLACK)
    np.testing.assert_allclose(sigmoid(-z), y[1], rtol=8 * EPS, atol=SUBNORMAL_SLACK)


# --8<-- [end:sigmoid-is-two-class-softmax]


# --8<-- [start:sigmoid-complement]
@pytest.mark.claim("sigmoid-complement")
@given(s.scores())
@example(0.0)
@example(40.0)  # 1 - sigma(z) cancels: sigma(-z) keeps the digits
def test_one_minus_sigmoid_is_sigmoid_of_minus_z(z: float) -> None:
    # sigma(z) is within 2 eps (relative, hence absolute as sigma <= 1) of the truth, and
    # 1 - sigma(z) is then exact when sigma >= 1/2 (Sterbenz) and off by eps/2 otherwise:
    # the difference from sigma(-z) (itself within 2 eps relative) is at most 4 eps absolute.
    np.testing.assert_allclose(1.0 - sigmoid(z), sigmoid(-z), rtol=0, atol=4 * EPS)
    # The notes' form 1 / (1 + e^z), evaluated in 40-digit arithmetic where e^z cannot overflow;
    # sigmoid is accurate to a few ulp, 8 eps relative, down to the subnormal range.
    with mpmath.workdps(40):
        reference = float(1 / (1 + mpmath.exp(mpmath.mpf(z))))
    np.testing.assert_allclose(sigmoid(-z), reference, rtol=8 * EPS, atol=SUBNORMAL_SLACK)


# --8<-- [end:sigmoid-complement]


# --8<-- [start:softmax-pair-is-sigmoid-of-difference]
@pytest.mark.claim("softmax-pair-is-sigmoid-of-difference")
@given(s.scores(), s.scores())
@example(200.0, 10.0)
@example(-1000.0, 1000.0)  # the difference is -2000: both round to 0
@example(0.15, 65.0)  # an inexact difference: softmax skips the shift, sigmoid cannot
def test_softmax_of_two_scores_is_sigmoid_of_their_difference(z1: float, z2: float) -> None:
    y = softmax(np.array([z1, z2]))
    # sigmoid sees the rounded difference fl(z1 - z2), off by up to |z1 - z2| eps/2, which the
    # exponential turns into a relative error of up to |z1 - z2| eps/2 (softmax may shift by the
    # maximum, rounding the same difference, or not shift at all); each side then adds a few ulp:
    # 8 eps (1 + |z1 - z2|) relative, and subnormal slack where both underflow.
    np.testing.assert_allclose(
        y[0], sigmoid(z1 - z2), rtol=8 * EPS * (1 + abs(z1 - z2)), atol=SUBNORMAL_SLACK
    )


# --8<-- [end:softmax-pair-is-sigmoid-of-difference]


# --8<-- [start:bce-is-two-class-cross-entropy]
@pytest.mark.claim("bce-is-two-class-cross-entropy")
@given(s.scores(), st.floats(0.0, 1.0))
@example(0.0, 0.5)
@example(-800.0, 1.0)  # a confidently wrong score: the loss is 800
def test_binary_cross_entropy_is_cross_entropy_with_two_classes(z: float, t: float) -> None:
    bce = binary_cross_entropy(z, t)
    ce = cross_entropy(np.array([z, 0.0]), np.array([t, 1.0 - t]))
    # Both are sums of terms of size up to |z| + log 2, each rounded to a few eps, and 1 - t is
    # rounded by eps/2: the difference is at most 8 eps (1 + |z|).
    np.testing.assert_allclose(bce, ce, rtol=0, atol=8 * EPS * (1.0 + abs(z)))


# --8<-- [end:bce-is-two-class-cross-entropy]


# --8<-- [start:bce-grad-is-sigmoid-minus-target]
@pytest.mark.claim("bce-grad-is-sigmoid-minus-target")
@given(s.scores(bound=50.0), st.floats(0.0, 1.0))
@example(2.0, 0.0)  # the page's example: sigma(2) = 0.881
@example(0.0, 1.0)
def test_binary_cross_entropy_gradient_is_sigmoid_minus_target(z: float, t: float) -> None:
    numeric = central_difference(lambda v: binary_cross_entropy(v[0], t), np.array([z]))
    # On [-50, 50] the loss is at most |z| + log 2 < 51, and its third derivative in z,
    # sigma(1 - sigma)(1 - 2 sigma), is at most 1/(6 sqrt 3) < 1 in size: the error bound.
    np.testing.assert_allclose(numeric[0], sigmoid(z) - t, rtol=0, atol=error_bound(51.0, 1.0))


# --8<-- [end:bce-grad-is-sigmoid-minus-target]
