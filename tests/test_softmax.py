"""Properties of softmax, log_softmax and logsumexp (src/multiclass/softmax.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from multiclass import log_softmax, logsumexp, softmax
from multiclass_site.accuracy import reference, ulp_error
from tests import strategies as s
from tests.numdiff import central_difference, error_bound


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


EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)


# --8<-- [start:softmax-shift-invariance]
@pytest.mark.claim("softmax-shift-invariance")
@given(s.vectors(), s.scores())
@example(np.array([1000.0, 999.0, -1000.0]), -1000.0)  # huge scores, shifted to 0
def test_softmax_is_shift_invariant(z: np.ndarray, c: float) -> None:
    y = softmax(z)
    y_shifted = softmax(z + c)
    # z + c is rounded: each score moves by at most eps (|z| + |c|), so each difference z_k - z_max
    # (all softmax depends on) moves by at most twice that, and y_k by that factor relatively;
    # 8 eps covers softmax's own rounding. TINY absorbs outputs that underflow to subnormals.
    rtol = 2 * EPS * (np.abs(z).max() + abs(c)) + 8 * EPS
    np.testing.assert_allclose(y_shifted, y, rtol=rtol, atol=TINY)


# --8<-- [end:softmax-shift-invariance]


# --8<-- [start:softmax-preserves-order]
@pytest.mark.claim("softmax-preserves-order")
@given(s.vectors())
@example(np.array([3.0, -1.0, 4.0]))
@example(np.array([200.0, 10.0, -4.0]))  # two outputs far below 1, one rounded to 1
def test_softmax_preserves_order(z: np.ndarray) -> None:
    y = softmax(z)
    i, j = np.nonzero(z[:, None] < z[None, :])  # every pair with z_i < z_j
    # Exact arithmetic gives y_i < y_j; rounding may merge two outputs (both 1.0 or both 0.0)
    # but never reverses them, so the checked inequality is y_i <= y_j.
    assert np.all(y[i] <= y[j])
    assert y[np.argmax(z)] == y.max()  # the highest score has the highest probability


# --8<-- [end:softmax-preserves-order]


# --8<-- [start:log-softmax-is-log-of-softmax]
@pytest.mark.claim("log-softmax-is-log-of-softmax")
@given(s.vectors())
@example(np.array([200.0, 10.0, -4.0]))
def test_log_softmax_is_log_of_softmax(z: np.ndarray) -> None:
    y = softmax(z)
    ls = log_softmax(z)
    representable = y >= TINY  # log(y) is meaningful where y is a normal float
    # y_k carries a relative error of a few eps, so log(y_k) is off by a few eps absolutely; the
    # log-softmax itself is accurate to a few eps relative to its size.
    np.testing.assert_allclose(
        ls[representable], np.log(y[representable]), rtol=4 * EPS, atol=8 * EPS
    )
    assert np.all(ls <= 0)
    # z_k - logsumexp(z) is one subtraction of numbers of size up to |z_k| and |lse|.
    lse = logsumexp(z)
    assert np.all(np.abs(ls - (z - lse)) <= 4 * EPS * (np.abs(z) + abs(lse)))


# --8<-- [end:log-softmax-is-log-of-softmax]


# --8<-- [start:logsumexp-bounds]
@pytest.mark.claim("logsumexp-bounds")
@given(s.arrays_with_axis())
@example((np.array([1000.0, 1000.0, 1000.0]), 0))  # the upper bound is reached: max + log 3
@example((np.array([1000.0, -1000.0]), 0))  # the lower bound is reached in floating point
def test_logsumexp_lies_between_max_and_max_plus_log_k(z_axis: tuple[np.ndarray, int]) -> None:
    z, axis = z_axis
    lse = logsumexp(z, axis=axis)
    m = z.max(axis=axis)
    k = z.shape[axis]
    # The lower bound holds exactly: lse is computed as m + log1p(s) with s >= 0 and rounding
    # is monotone. The upper bound m + log K is itself rounded, hence 2 eps (|m| + log K).
    assert np.all(lse >= m)
    assert np.all(lse <= m + np.log(k) + 2 * EPS * (np.abs(m) + np.log(k)))


# --8<-- [end:logsumexp-bounds]


# --8<-- [start:softmax-temperature-to-zero]
@pytest.mark.claim("softmax-temperature-to-zero")
@given(s.tied_vectors() | s.vectors(bound=100.0), s.temperatures() | s.extreme_temperatures())
@example(np.array([3.0, -1.0, 4.0]), 1e-3)
@example(np.array([3.0, -1.0, 4.0]), 1e-308)  # z / T would be [inf, -inf, inf]
@example(np.array([2.0, 2.0, -1.0]), 1e-3)  # a tie: the limit splits 1 evenly
@example(np.array([0.0, 1.0]), 5e-324)  # z / T would be [nan, inf]
def test_softmax_at_low_temperature_approaches_the_argmax(z: np.ndarray, T: float) -> None:
    top = z == z.max()
    m = int(top.sum())
    limit = top / m  # one-hot on the argmax, split evenly over ties
    others = z[~top]
    delta = float(z.max() - others.max()) if others.size else math.inf
    gap_term = (z.size - 1) * math.exp(-delta / T) if others.size else 0.0
    # The bound of the claim, plus rounding: each (z_k - max z) / T is rounded by at most
    # 4 eps relative (the two roundings here and two in the test's delta), which moves
    # e^{-x} by at most 4 eps x e^{-x} <= 4 eps / e; and 8 eps for softmax's own rounding.
    bound = gap_term + 4 * (z.size - 1) * EPS / math.e + 8 * EPS
    assert np.max(np.abs(softmax(z, temperature=T) - limit)) <= bound


# --8<-- [end:softmax-temperature-to-zero]


# --8<-- [start:softmax-temperature-zero-is-the-argmax]
@pytest.mark.claim("softmax-temperature-zero-is-the-argmax")
@given(s.tied_vectors() | s.vectors())
@example(np.array([3.0, -1.0, 4.0]))
@example(np.array([2.0, 2.0, -1.0]))  # a tie: 1/2 each, log 1/2 each
@example(np.array([1e308, -1e308, 1e308]))  # z - max z overflows: still exact
def test_softmax_at_temperature_zero_is_the_argmax_exactly(z: np.ndarray) -> None:
    top = z == z.max()
    m = int(top.sum())
    np.testing.assert_array_equal(softmax(z, temperature=0), top / m)
    logs = log_softmax(z, temperature=0)
    assert np.all(np.isneginf(logs[~top]))
    # -log m is one rounded logarithm on either side (numpy's log is within 1 ulp): 2 eps.
    np.testing.assert_allclose(logs[top], -np.log(m), rtol=2 * EPS, atol=0)


# --8<-- [end:softmax-temperature-zero-is-the-argmax]


# --8<-- [start:softmax-temperature-to-infinity]
@pytest.mark.claim("softmax-temperature-to-infinity")
@given(s.vectors(bound=10.0), s.temperatures(10.0, 1e6) | s.extreme_temperatures(1e6))
@example(np.array([3.0, -1.0, 4.0]), 1e3)
@example(np.array([3.0, -1.0, 4.0]), math.inf)  # the limit itself: exactly 1/K
def test_softmax_at_high_temperature_approaches_uniform(z: np.ndarray, T: float) -> None:
    k = z.size
    r = float(z.max() - z.min())
    # The bound of the claim, plus 16 eps / K: softmax's own rounding (8 eps relative to
    # y ~ 1/K) and that of the scores x = (z - max z) / T (4 eps |x| each, |x| <= r / T <= 2).
    bound = math.expm1(r / T) / k + 16 * EPS / k
    assert np.max(np.abs(softmax(z, temperature=T) - 1 / k)) <= bound


# --8<-- [end:softmax-temperature-to-infinity]


@given(s.arrays_with_axis())
def test_temperature_one_is_the_plain_softmax_bit_for_bit(z_axis: tuple[np.ndarray, int]) -> None:
    z, axis = z_axis
    for function in (softmax, log_softmax):
        np.testing.assert_array_equal(function(z, axis, temperature=1), function(z, axis))


@given(s.vectors(bound=100.0), s.temperatures(0.1, 10.0))
@example(np.array([3.0, -1.0, 4.0]), 0.5)
def test_temperature_divides_the_scores(z: np.ndarray, T: float) -> None:
    # Where z / T cannot overflow, the keyword and the recipe softmax(z / T) agree up to
    # rounding. With M = max|z / T|: each side is within 4 (1 + kappa) ulps (8 (1 + kappa) eps
    # relative) of the exact softmax of its own rounded scores, kappa <= 2 M; the two score
    # vectors (z / T rounded once, (z - max z) / T twice) differ by at most 3 eps M per entry
    # after the shift softmax ignores, which moves y by 6 eps M relative and log y by 6 eps M.
    M = float(np.abs(z / T).max())
    y, y_recipe = softmax(z, temperature=T), softmax(z / T)
    np.testing.assert_allclose(y, y_recipe, rtol=(16 + 38 * M) * EPS, atol=TINY)
    logs, logs_recipe = log_softmax(z, temperature=T), log_softmax(z / T)
    assert np.all(np.abs(logs - logs_recipe) <= (16 * np.abs(logs_recipe) + 38 * M) * EPS)


# Scores with an exact shift z - max z (tests/strategies.py:dyadic_vectors) where the algorithms
# the softmax docstring compares part ways, found with mpmath: e^{z - logsumexp(z)} and
# e^{log_softmax(z)} round a log-probability of size ~400 to its ulp, 1e-13, before
# exponentiating, an error of 90 to 250 ulps in the probability; the division has no such step.
DIVISION_BEATS_THE_ALTERNATIVES = [
    np.array([-30.0, 0.75, -401.5]),
    np.array([-619.25, -188.25, -49.0, -20.5, 1.5]),
    np.array([0.0, -454.0, 0.25]),
]


def division_bound(k: int) -> float:
    """Ulps within which the division algorithm computes softmax of scores with exact shifts.

    With every d_i = z_i - max z exact: each e^{d_i} is within eps of it relatively (numpy's exp
    is accurate to 1 ulp), their sum adds (K - 1) eps / 2 and the division eps / 2, so y_i is
    within 2 eps + K eps / 2 relatively; an ulp is at least eps / 2 relative: 4 + K ulps.
    """
    return 4.0 + k


@given(s.dyadic_vectors())
@example(DIVISION_BEATS_THE_ALTERNATIVES[0])
@example(DIVISION_BEATS_THE_ALTERNATIVES[1])
@example(DIVISION_BEATS_THE_ALTERNATIVES[2])
def test_softmax_divides_by_the_sum_as_its_docstring_says(z: np.ndarray) -> None:
    exact = reference("softmax", z)
    assert ulp_error(softmax(z), exact, z.dtype).max() <= division_bound(z.size)


@pytest.mark.parametrize("z", DIVISION_BEATS_THE_ALTERNATIVES, ids=lambda z: str(z.tolist()))
def test_the_alternatives_to_dividing_by_the_sum_are_less_accurate(z: np.ndarray) -> None:
    # These inputs tell the algorithms apart: the two the docstring rejects miss the bound that
    # softmax meets above, so a switch to either would fail that test on these inputs.
    exact = reference("softmax", z)
    bound = division_bound(z.size)
    assert ulp_error(np.exp(z - logsumexp(z)), exact, z.dtype).max() > 10 * bound
    assert ulp_error(np.exp(log_softmax(z)), exact, z.dtype).max() > 10 * bound


# --8<-- [start:softmax-jacobian]
@pytest.mark.claim("softmax-jacobian")
@given(s.vectors(bound=50.0))
@example(np.array([3.0, -1.0, 4.0]))
def test_softmax_jacobian_is_diag_y_minus_y_y_transpose(z: np.ndarray) -> None:
    y = softmax(z)
    J = np.diag(y) - np.outer(y, y)
    numeric = np.stack([central_difference(lambda v, i=i: softmax(v)[i], z) for i in range(z.size)])
    # Each y_i is at most 1 and its third derivatives are sums of at most 3! = 6 products of
    # factors bounded by 1, so the central-difference error bound applies with F = 1, M3 = 6.
    np.testing.assert_allclose(numeric, J, rtol=0, atol=error_bound(1.0, 6.0))


# --8<-- [end:softmax-jacobian]


# --8<-- [start:softmax-is-gradient-of-logsumexp]
@pytest.mark.claim("softmax-is-gradient-of-logsumexp")
@given(s.vectors())
@example(np.array([200.0, 10.0, -4.0]))
def test_softmax_is_the_gradient_of_logsumexp(z: np.ndarray) -> None:
    numeric = central_difference(logsumexp, z)
    # |logsumexp| <= max|z| + log K, and its third derivatives are second derivatives of
    # softmax, bounded by 6 as in the Jacobian test: the helper's bound with these constants.
    f_scale = np.abs(z).max() + np.log(z.size)
    np.testing.assert_allclose(numeric, softmax(z), rtol=0, atol=error_bound(f_scale, 6.0))


# --8<-- [end:softmax-is-gradient-of-logsumexp]


# --8<-- [start:softmax-lower-temperature-sharpens]
@pytest.mark.claim("softmax-lower-temperature-sharpens")
@given(s.vectors(bound=100.0), s.temperatures(1e-2, 1e2), s.temperatures(1.0, 1e2))
@example(np.array([3.0, -1.0, 4.0]), 1.0, 2.0)  # the page's scores, tau from 1 to 1/2
@example(np.array([2.0, 2.0, -1.0]), 1.0, 4.0)  # a tie at the top: both classes gain
@example(np.array([5.0, 5.0, 5.0]), 0.5, 10.0)  # all equal: nothing changes
def test_lowering_the_temperature_sharpens_softmax(z: np.ndarray, tau: float, c: float) -> None:
    tau_low = tau / c  # the lower temperature; c = tau / tau_low >= 1
    y, y_low = softmax(z, temperature=tau), softmax(z, temperature=tau_low)
    logs = log_softmax(z, temperature=tau)
    logs_low = log_softmax(z, temperature=tau_low)
    # Every log-ratio log(y_k / y_l) is multiplied by c.
    x = np.abs(z - z.max()) / tau  # |(z_k - max z) / tau|: the shifted scores' sizes
    ratios = logs[:, None] - logs[None, :]
    ratios_low = logs_low[:, None] - logs_low[None, :]
    # Each computed log y_k is within 2 eps (|x_k| + K) of its value: the shifted score
    # x_k is rounded three times (subtraction, tau / c, division), log1p of the sum adds
    # at most K eps (the sum's rounding, and e^x |dx| <= eps / e per term), and the
    # final subtraction eps / 2. A difference of two adds the two errors; at the lower
    # temperature |x| grows by c, and the ratio at tau is multiplied by c: with the
    # product's rounding, at most 5 c eps (|x_k| + |x_l|) + 4 K (1 + c) eps. Twice that
    # is the tolerance.
    size = x[:, None] + x[None, :]
    tol = 2 * (5 * c * EPS * size + 4 * z.size * (1 + c) * EPS)
    assert np.all(np.abs(ratios_low - c * ratios) <= tol)
    # So the top class (or each tied top class) gains probability and the lowest class
    # loses it. Each y_k is within (K + 4) eps of its value relatively (the division's
    # bound, plus e^x |dx| <= eps / e per rounded shifted score); TINY absorbs
    # probabilities that underflow.
    rel = 2 * (z.size + 4) * EPS
    top, bottom = z == z.max(), z == z.min()
    assert np.all(y_low[top] >= y[top] * (1 - rel))
    assert np.all(y_low[bottom] <= y[bottom] * (1 + rel) + TINY)


# --8<-- [end:softmax-lower-temperature-sharpens]


# --8<-- [start:logsumexp-is-convex]
@st.composite
def two_score_vectors(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Two score vectors of the same length K."""
    z = draw(s.vectors())
    return z, draw(hnp.arrays(np.float64, z.size, elements=s.scores()))


@pytest.mark.claim("logsumexp-is-convex")
@given(two_score_vectors(), st.floats(0.0, 1.0), s.scores())
@example((np.array([3.0, -1.0, 4.0]), np.array([1.0, -2.0, 0.0])), 0.5, 5.0)
@example((np.array([1000.0, -1000.0]), np.array([-1000.0, 1000.0])), 0.5, -1000.0)
def test_logsumexp_is_convex(pair: tuple[np.ndarray, np.ndarray], lam: float, c: float) -> None:
    z, z2 = pair
    left = logsumexp(lam * z + (1 - lam) * z2)
    right = lam * logsumexp(z) + (1 - lam) * logsumexp(z2)
    # With M = max(|z|, |z'|): the mixed scores are rounded by at most 2 eps M each,
    # which moves logsumexp by at most as much (its gradient, softmax, sums to 1); each
    # logsumexp is within 4 (1 + kappa) ulps (claim accuracy-softmax-family), at most 4
    # eps (2 M + log K); the right side's weighting adds 2 eps (M + log K). In all below
    # 20 eps M + 10 eps log K.
    M = max(float(np.abs(z).max()), float(np.abs(z2).max()))
    assert left <= right + 16 * EPS * (2 * M + np.log(z.size))
    # Equality along a constant shift: z' = z + c gives logsumexp(z) + (1 - lam) c on
    # both sides. The same bound, with M = max|z| + |c| for the shifted scores.
    shifted = z + c
    left = logsumexp(lam * z + (1 - lam) * shifted)
    right = lam * logsumexp(z) + (1 - lam) * logsumexp(shifted)
    M = float(np.abs(z).max()) + abs(c)
    assert abs(left - right) <= 16 * EPS * (2 * M + np.log(z.size))


# --8<-- [end:logsumexp-is-convex]
