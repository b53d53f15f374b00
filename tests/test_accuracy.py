"""Accuracy of the numerics core against mpmath references at 50 digits.

The error of an output is measured in units in the last place (ulps) of its dtype at the exact
value, then divided by 1 + kappa, where kappa is the componentwise relative condition number of
that output (defined in ``multiclass_site.accuracy``, after Blanchard, Higham & Higham 2021,
doi:10.1093/imanum/draa038, Section 2):

* logsumexp: kappa = sum_i |z_i| y_i / |logsumexp(z)|, with y = softmax(z);
* softmax, entry i: kappa_i = |z_i| (1 - y_i) + sum_{j != i} |z_j| y_j, from
  d y_i / d z_j = y_i (delta_ij - y_j) (our derivation);
* log_softmax, entry i: the same numerator divided by |log y_i|, from
  d log y_i / d z_j = delta_ij - y_j; cross-entropy with label j is log_softmax entry j.

Rounding the scores to the format already moves an output by about kappa ulps, so dividing by
1 + kappa leaves what the algorithm itself adds. Targets: 4 ulps in float64, 6 in float32 and 4
in float16. The sigmoid needs no such division (its argument is used exactly): 3, 4 and 2 ulps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import example, given

from multiclass import cross_entropy, log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from multiclass_site.accuracy import condition, reference, ulp_error
from tests import strategies as s

TARGET_ULPS = {np.dtype(np.float64): 4.0, np.dtype(np.float32): 6.0, np.dtype(np.float16): 4.0}
SIGMOID_ULPS = {np.dtype(np.float64): 3.0, np.dtype(np.float32): 4.0, np.dtype(np.float16): 2.0}
FAMILY: dict[str, Callable[..., Any]] = {
    "logsumexp": logsumexp,
    "softmax": softmax,
    "log_softmax": log_softmax,
}


def scaled_error(
    function: str, computed: Any, z: np.ndarray, label: int | None = None
) -> np.ndarray:
    """Error of each output in ulps of z's dtype, divided by 1 + its condition number."""
    errors = ulp_error(computed, reference(function, z, label), z.dtype)
    return errors / (1.0 + np.asarray(condition(function, z, label)))


# --8<-- [start:accuracy-softmax-family]
@pytest.mark.claim("accuracy-softmax-family")
@pytest.mark.parametrize("function", list(FAMILY))
@given(z=s.accuracy_vectors())
@example(z=np.array([200.0, 10.0, -4.0]))  # log_softmax[0] = -3.05e-83: the log1p case
@example(z=np.array([0.0, -50.0]))  # the other term is e^-50: far below one ulp of 1
@example(z=np.array([5.0, 5.0, 5.0]))  # ties at the maximum
@example(z=np.array([-np.log(2.0), -np.log(2.0)]))  # logsumexp within 1e-16 of 0
@example(z=np.array([1e4, -1e4], dtype=np.float32))  # exp overflows float32 at 88.7
@example(z=np.array([11.0, -11.0, 0.5], dtype=np.float16))  # exp overflows float16 at 11.1
@example(z=np.array([5e-324, 0.0]))  # a subnormal score
def test_softmax_family_is_accurate(function: str, z: np.ndarray) -> None:
    worst = float(scaled_error(function, FAMILY[function](z), z).max())
    target = TARGET_ULPS[z.dtype]
    assert worst <= target, f"{function}({z!r}): {worst:.2f} ulp / (1 + kappa) > {target}"


# --8<-- [end:accuracy-softmax-family]


@pytest.mark.parametrize("function", ["softmax", "log_softmax"])
@given(z=s.accuracy_vectors(), T=s.extreme_temperatures(infinite=False))
@example(z=np.array([3.0, -1.0, 4.0]), T=1e-308)  # z / T overflows; the shifted scores do not
@example(z=np.array([1e308, -1e308]), T=1e308)  # z - max z overflows; the quotient does not
@example(z=np.array([2.0, -3.0], dtype=np.float16), T=1e-30)  # T is 0 in float16 and float32
def test_softmax_with_a_temperature_is_accurate(function: str, z: np.ndarray, T: float) -> None:
    # The scores x = (z - max z) / T are rounded twice in float64 (and once more to float32
    # for float16/32 scores), a relative change of at most 2 eps64 + eps32 per entry, which
    # moves an output by at most 2 kappa ulps of its dtype. On top of the kernel's
    # target (1 + kappa) this gives (target + 2) (1 + kappa), kappa taken at z / T.
    computed = FAMILY[function](z, temperature=T)
    errors = ulp_error(computed, reference(function, z, temperature=T), z.dtype)
    worst = float((errors / (1.0 + np.asarray(condition(function, z, temperature=T)))).max())
    target = TARGET_ULPS[z.dtype] + 2.0
    assert worst <= target, f"{function}({z!r}, temperature={T!r}): {worst:.2f} > {target}"


# --8<-- [start:accuracy-cross-entropy]
@pytest.mark.claim("accuracy-cross-entropy")
@given(z_j=s.accuracy_vectors_and_labels())
@example(z_j=(np.array([200.0, 10.0, -4.0]), 0))  # E = 3.05e-83, not 0
@example(z_j=(np.array([200.0, 10.0, -4.0]), 2))  # E = 204
@example(z_j=(np.array([0.0, -50.0], dtype=np.float32), 0))
def test_cross_entropy_is_accurate(z_j: tuple[np.ndarray, int]) -> None:
    z, j = z_j
    worst = float(scaled_error("cross_entropy", cross_entropy(z, j), z, j).max())
    target = TARGET_ULPS[z.dtype]
    assert worst <= target, f"cross_entropy({z!r}, {j}): {worst:.2f} ulp / (1 + kappa)"


# --8<-- [end:accuracy-cross-entropy]


# --8<-- [start:accuracy-sigmoid]
@pytest.mark.claim("accuracy-sigmoid")
@pytest.mark.parametrize("function", [sigmoid, log_sigmoid], ids=lambda f: f.__name__)
@given(z=s.sigmoid_scores())
@example(z=np.array([-745.0, -740.0, -37.0, 0.0, 36.7, 37.5, 800.0]))  # subnormal .. exactly 1
@example(z=np.array([-103.0, -88.0, 16.6, 17.5], dtype=np.float32))
@example(z=np.array([-17.0, -10.0, 7.6, 8.5], dtype=np.float16))
def test_sigmoid_is_accurate_without_conditioning(
    function: Callable[..., Any], z: np.ndarray
) -> None:
    worst = float(ulp_error(function(z), reference(function.__name__, z), z.dtype).max())
    target = SIGMOID_ULPS[z.dtype]
    assert worst <= target, f"{function.__name__}({z!r}): {worst:.2f} ulp > {target}"


# --8<-- [end:accuracy-sigmoid]


# The helpers the targets rest on are checked against facts derived by hand.


@pytest.mark.parametrize("dtype", s.FLOAT_DTYPES)
def test_ulp_error_counts_neighbouring_floats(dtype: Any) -> None:
    with mpmath.workdps(50):
        one = mpmath.mpf(1)
        above_one = np.nextafter(dtype(1), dtype(2))
        assert ulp_error(np.array([above_one]), [one], dtype)[0] == 1.0
        # Below 1 the floats are twice as dense: the ulp is that of the exact value.
        below_one = np.nextafter(dtype(1), dtype(0))
        assert ulp_error(np.array([below_one]), [one], dtype)[0] == 0.5
        assert ulp_error(np.array([1.0]), [mpmath.mpf(float(below_one))], dtype)[0] == 1.0
        tiny = np.finfo(dtype).smallest_subnormal
        assert ulp_error(np.array([tiny]), [mpmath.mpf(0)], dtype)[0] == 1.0
        assert ulp_error(np.array([np.inf]), [one], dtype)[0] == np.inf


def test_reference_agrees_with_the_plain_formula_at_higher_precision() -> None:
    # At 200 digits, z - log(sum(exp(z))) resolves 3e-83 next to 200 without the log1p form.
    z = np.array([200.0, 10.0, -4.0])
    with mpmath.workdps(200):
        total = mpmath.fsum(mpmath.exp(mpmath.mpf(w)) for w in z)
        exact = [mpmath.mpf(w) - mpmath.log(total) for w in z]
        ours = reference("log_softmax", z)
        assert all(
            abs(a - b) <= abs(b) * mpmath.mpf(10) ** -45 for a, b in zip(ours, exact, strict=True)
        )
    assert float(ours[0]) == pytest.approx(-3.0482374e-83, rel=1e-7)


def test_condition_numbers_match_their_closed_forms() -> None:
    # z = [c, c]: y = [1/2, 1/2], so kappa(logsumexp) = |c| / |c + log 2|.
    c = 3.0
    assert condition("logsumexp", [c, c])[0] == pytest.approx(c / (c + np.log(2.0)), rel=1e-14)
    # z = [x, 0]: y_0 = sigmoid(x), so kappa_0(softmax) = |x| (1 - y_0) + |0| y_1 = |x| sigmoid(-x).
    x = 2.0
    expected = x / (1.0 + np.exp(x))
    assert condition("softmax", [x, 0.0])[0] == pytest.approx(expected, rel=1e-14)
    # log_softmax and cross-entropy: the same numerator over |log y_0| = log(1 + e^-x).
    log_y0 = np.log1p(np.exp(-x))
    assert condition("log_softmax", [x, 0.0])[0] == pytest.approx(expected / log_y0, rel=1e-14)
    assert condition("cross_entropy", [x, 0.0], 0)[0] == pytest.approx(expected / log_y0)


def test_the_target_rejects_the_common_log_softmax_formula() -> None:
    # The check can fail: z - logsumexp(z) rounds log y_0 = -3.05e-83 to 0 for [200, 10, -4].
    z = np.array([200.0, 10.0, -4.0])
    common = z - logsumexp(z)
    assert common[0] == 0.0
    assert scaled_error("log_softmax", common, z)[0] > TARGET_ULPS[z.dtype]
